//! HubSpot calls (CRM → Activities/Calls view → Export, CSV).
//!
//! ## Export format
//! One row per logged call, properties by their labels: `Record ID`, `Activity date`,
//! `Activity assigned to` (the owner, a display name), `Call direction`
//! (`Outbound`/`Inbound`), `Call outcome` (`Connected`, `Busy`, `No answer`,
//! `Left voicemail`, `Left live message`, `Wrong number`), `Call duration`, `Call title`,
//! `Call notes`, the associated contact.
//!
//! ## Evidence
//! - HubSpot's call properties (hs_call_direction INBOUND/OUTBOUND, hs_call_disposition
//!   whose default labels are the outcomes above, hs_call_duration in milliseconds via the
//!   API) and the export's use of property labels, not internal names, as headers.
//! - Not verified against a real download: header spelling, the `Activity date` format
//!   (`YYYY-MM-DD HH:MM` in the exporting user's time zone) and the duration rendering
//!   (`h:mm:ss` in the UI). Adjust `timestamp.zone` to your portal's time zone.
//!
//! ## Quirks
//! - Calls without an owner say `No owner`: an unmatched identity, not an error.
//! - Owner is matched by display name (trimmed, Unicode NFC, case-insensitive); roster
//!   aliases (`|`) cover renamed users.
//! - Default rule: outbound calls.

use super::{Count, Evidence, Preset};

/// The layouts this preset reads, the first that fits a file's header wins.
pub(crate) const VARIANTS: &[Preset] = &[PRESET];

const PRESET: Preset = Preset {
    name: "hubspot_calls",
    variant: "api",
    evidence: Evidence::Api,
    evidence_note: "TODO",
    order: 40,
    title: "HubSpot calls",
    kind: "call",
    header: &[
        "Record ID",
        "Call title",
        "Activity date",
        "Activity assigned to",
        "Call direction",
        "Call outcome",
        "Call duration",
        "Call notes",
        "Associated Contact",
    ],
    rep: &[("Activity assigned to", "full_name")],
    timestamp: ("Activity date", "%Y-%m-%d %H:%M", "rep"),
    time_column: None,
    duration: Some(("Call duration", "auto")),
    direction: Some("Call direction"),
    outcome: Some("Call outcome"),
    external_id: Some("Record ID"),
    amount: None,
    no_user: &["No owner"],
    counterpart: None,
    count: Count {
        direction: &["Outbound"],
        ..Count::NONE
    },
};
