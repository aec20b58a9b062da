//! RingCentral call log (Admin Portal → Analytics/Call Log → Download CSV).
//!
//! ## Export format
//! One row per call leg of an extension: `Type`, `Direction`, `From`, `To`, `Extension`,
//! `Name`, separate `Date` and `Time` columns, `Action`, `Action Result`,
//! `Result Description`, `Duration` (h:mm:ss), `Session Id`.
//!
//! ## Evidence
//! - RingCentral developer guide, "Understanding the call log data format"
//!   (developers.ringcentral.com/guide/voice/call-log/api) and its detailed record: fields
//!   `startTime`, `duration` (seconds), `type` ("Voice"), `direction` ("Inbound" /
//!   "Outbound"), `action` ("Phone Call", "VoIP Call", "RingOut PC" …), `result`
//!   ("Accepted", "Call connected", "Missed", "Voicemail", "No Answer", "Busy" …),
//!   `sessionId` ("use session_id to associate multiple call logs as part of a single
//!   call"). The CSV names these "Action Result", "Session Id".
//! - Not verified: the portal CSV's exact header and date/time formats; the layout below
//!   (US `M/D/YYYY` date, `h:mm AM` time, `h:mm:ss` duration, times in the extension's
//!   own zone) is what the portal shows. Override `timestamp` when your export differs.
//!
//! ## Quirks
//! - Date and time are separate columns: joined as `timestamp.time_column`.
//! - One call may have several legs (forwarding, RingOut): `Session Id` is the external
//!   id, so a call counts once.
//! - Default rule: `direction = ["Outbound"]`; connected is `Action Result = Call connected`.

use super::{Count, Evidence, Preset};

/// The layouts this preset reads, the first that fits a file's header wins.
pub(crate) const VARIANTS: &[Preset] = &[PRESET];

const PRESET: Preset = Preset {
    name: "ringcentral",
    variant: "api",
    evidence: Evidence::Api,
    evidence_note: "TODO",
    order: 20,
    title: "RingCentral call log",
    kind: "call",
    header: &[
        "Type",
        "Direction",
        "From",
        "To",
        "Extension",
        "Name",
        "Date",
        "Time",
        "Action",
        "Action Result",
        "Result Description",
        "Duration",
        "Session Id",
    ],
    rep: &[("Extension", "phone_extension")],
    timestamp: ("Date", "%m/%d/%Y %I:%M %p", "rep"),
    time_column: Some("Time"),
    duration: Some(("Duration", "hms")),
    direction: Some("Direction"),
    outcome: Some("Action Result"),
    external_id: Some("Session Id"),
    amount: None,
    no_user: &[],
    counterpart: None,
    count: Count {
        direction: &["Outbound"],
        ..Count::NONE
    },
};
