//! RingCentral call log, as the Admin Portal downloads it (Analytics / Call Log →
//! Download → CSV).
//!
//! ## Variants
//! - `portal` (header seen in real exports, values assumed): one row per call leg of an
//!   extension: `Type` (`Voice`, `Fax`), `Direction` (`Outgoing` / `Incoming`), `From`,
//!   `To`, `Extension` (the user's extension number), `Forwarded To`, `Name`, the date
//!   with its weekday in `Date` (`Thu 10/01/2026`) and the 12-hour time in `Time`
//!   (`9:03 AM`), `Action` (`VoIP Call`, `Phone Call`, `RingOut PC`, …), `Action Result`
//!   (`Call connected`, `Accepted`, `No Answer`, `Missed`, `Voicemail`, `Busy`, …),
//!   `Result Description`, `Duration` (`h:mm:ss`), `Included` and `Purchased` (minutes).
//!   No session or call id: duplicates are exact repeated rows.
//!
//! ## Evidence
//! - The header, in this order: three public tools that load uploaded RingCentral call-log
//!   exports by these column names (code-search index files 26518676623, 26366737057,
//!   3359674429). An older layout with a `Session Id` column was not found anywhere and
//!   is not read.
//! - The value vocabulary: the RingCentral API's `CallLogRecord` (ringcentral-java
//!   javadoc; developers.ringcentral.com "Understanding the call log data format"):
//!   action `Phone Call`, `VoIP Call`, `RingOut Web`, `RingOut PC`, `Accept Call`, …;
//!   result `Call connected`, `Accepted`, `Missed`, `Voicemail`, `No Answer`, `Busy`,
//!   `Hang Up`, `Rejected`, `Wrong Number`, …
//! - Assumed, not seen in a real file: `Date` as `Thu 10/01/2026` and `Time` as
//!   `9:03 AM`, in the account's time zone; `Direction` as `Outgoing` / `Incoming` (the
//!   API says `Outbound` / `Inbound`: both count); `Duration` as `h:mm:ss`, ringing
//!   included (read with unit `auto`, so plain seconds read too).
//!
//! ## Variants
//! - `ringcentral/portal` (header seen, values assumed): `Thu 10/01/2026` + `9:03 AM`.
//! - `ringcentral/portal-seconds` (assumed): `Time` with seconds, `9:03:15 AM`.
//! - `ringcentral/portal-no-weekday` (assumed): `Date` as `10/01/2026`.
//!
//! The same header: the variant whose format reads the most of a file's first rows is
//! taken.
//!
//! ## Time zone: set it
//! The portal writes times in the account's (company's) time zone, whoever the rep is
//! and wherever they sit (assumed, as the values above). The preset's zone is `exporter`:
//! read in the config's `timezone` until the source sets the account's zone, with a
//! warning from `check` and `run` until it does:
//! `timestamp = { zone = "America/New_York" }` (Admin Portal → Company Info).
//!
//! ## Counting
//! - Default: dials, `direction = ["Outgoing", "Outbound"]`.
//! - Conversations: `count = { outcome = ["Call connected", "Accepted"] }`; a
//!   `min_duration_s` applies to `Duration`, the only duration the log has (ringing
//!   included).
//!
//! ## Quirks
//! - Date and time are separate columns, joined as `timestamp.time_column`.
//! - The rep is the extension (`phone_extension`; Excel's `101.0` matches `101`); a file
//!   without an `Extension` column is matched by `Name` (`full_name`).
//! - `To` is the counterpart of outgoing calls for `[cross_dedup]`.
//! - The log also lists faxes (`Type` = `Fax`, results such as `Fax Not Sent`, `Fax
//!   Partially Sent`: the API's result vocabulary, index file 5007459262); a sales
//!   line's log rarely has them, and outgoing ones count as dials unless excluded
//!   (`count = { exclude_outcome = ["Sent", "Fax Not Sent", …] }`).

use super::{Count, Evidence, Preset};

/// The layouts this preset reads; the one whose columns the file's header has wins.
pub(crate) const VARIANTS: &[Preset] = &[PORTAL, PORTAL_SECONDS, PORTAL_NO_WEEKDAY];

const PORTAL: Preset = Preset {
    name: "ringcentral",
    variant: "portal",
    evidence: Evidence::Seen,
    evidence_note: "header of real exports as loaded by public tools (index files 26518676623, 3359674429); date, time and duration values assumed",
    order: 20,
    title: "RingCentral call log",
    kind: "call",
    header: &[
        "Type",
        "Direction",
        "From",
        "To",
        "Extension",
        "Forwarded To",
        "Name",
        "Date",
        "Time",
        "Action",
        "Action Result",
        "Result Description",
        "Duration",
        "Included",
        "Purchased",
    ],
    rep: &[("Extension", "phone_extension"), ("Name", "full_name")],
    timestamp: ("Date", "%a %m/%d/%Y %I:%M %p", "exporter"),
    time_column: Some("Time"),
    duration: Some(("Duration", "auto")),
    direction: Some("Direction"),
    outcome: Some("Action Result"),
    external_id: None,
    amount: None,
    no_user: &[],
    counterpart: Some("To"),
    count: Count {
        direction: &["Outgoing", "Outbound"],
        ..Count::NONE
    },
};

/// The portal log with seconds in `Time` (`9:03:15 AM`): assumed, as a hedge on the
/// assumed value shape; the file's values pick it.
const PORTAL_SECONDS: Preset = Preset {
    variant: "portal-seconds",
    evidence: Evidence::Assumed,
    evidence_note: "the portal header with `Time` as `9:03:15 AM` (assumed)",
    timestamp: ("Date", "%a %m/%d/%Y %I:%M:%S %p", "exporter"),
    ..PORTAL
};

/// The portal log with `Date` without its weekday (`10/01/2026`): assumed, as above.
const PORTAL_NO_WEEKDAY: Preset = Preset {
    variant: "portal-no-weekday",
    evidence: Evidence::Assumed,
    evidence_note: "the portal header with `Date` as `10/01/2026` (assumed)",
    timestamp: ("Date", "%m/%d/%Y %I:%M %p", "exporter"),
    ..PORTAL
};
