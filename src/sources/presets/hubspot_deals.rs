//! HubSpot deals (CRM → Deals view → Export, CSV).
//!
//! ## Export format
//! Properties by label: `Record ID`, `Deal Name`, `Deal Stage`, `Pipeline`, `Amount`,
//! `Close Date`, `Deal owner`, `Create Date`, `Deal Type`.
//!
//! ## Evidence
//! - Confirmed: the deal properties `dealname`, `dealstage`, `pipeline`, `amount`,
//!   `closedate`, `createdate`, `hubspot_owner_id`, `dealtype` (HubSpot deals API, and
//!   warehouse models of them); the export's label style (`Record ID`, `Create Date`,
//!   `Contact owner` in a real contacts export read by public code).
//! - Assumed: the deal labels above, `Deal owner` holding the owner's display name,
//!   and `Create Date` as `YYYY-MM-DD HH:MM` in the exporting user's zone (as in
//!   `hubspot_calls`). Stage values are the portal's stage labels (`Closed Won`,
//!   `Closed Lost` in the default pipeline).
//!
//! ## Quirks
//! - Counted on `Create Date`; amounts summed. For won deals read the file again with
//!   `opportunity = "won"`, `timestamp` on `Close Date`, `count = { outcome = ["Closed
//!   Won"] }`.
//! - Deals without an owner say `No owner`: `(no user: "No owner")`.

use super::{Count, Evidence, Preset};

/// The layouts this preset reads, the first that fits a file's header wins.
pub(crate) const VARIANTS: &[Preset] = &[PRESET];

const PRESET: Preset = Preset {
    name: "hubspot_deals",
    variant: "api",
    evidence: Evidence::Api,
    evidence_note: "TODO",
    order: 150,
    title: "HubSpot deals",
    kind: "opportunity",
    header: &[
        "Record ID",
        "Deal Name",
        "Deal Stage",
        "Pipeline",
        "Amount",
        "Close Date",
        "Deal owner",
        "Create Date",
        "Deal Type",
    ],
    rep: &[("Deal owner", "full_name")],
    timestamp: ("Create Date", "%Y-%m-%d %H:%M", "rep"),
    time_column: None,
    duration: None,
    direction: None,
    outcome: Some("Deal Stage"),
    external_id: Some("Record ID"),
    amount: Some("Amount"),
    no_user: &["No owner"],
    counterpart: None,
    count: Count::NONE,
};
