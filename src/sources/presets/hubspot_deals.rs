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
//!
//! ## Variants
//! - `hubspot_deals/export` (assumed): the UI export's labels (`Record ID`,
//!   `Deal owner`, `Create Date`, `Amount`, `Deal Stage`); times in the zone of the user
//!   who exported it (zone `exporter`: set `timestamp.zone`).
//! - `hubspot_deals/api` (from the API fields): `hs_object_id`, `createdate` (UTC),
//!   `hubspot_owner_id` (matched to the roster's `rep_id`: it must hold HubSpot owner
//!   ids), `amount`, `dealstage`.

use super::{Count, Evidence, Preset};

/// The layouts this preset reads; each file's header picks one.
pub(crate) const VARIANTS: &[Preset] = &[PRESET, API];

const PRESET: Preset = Preset {
    name: "hubspot_deals",
    variant: "export",
    evidence: Evidence::Assumed,
    evidence_note: "UI export labels (index file 70453281694 for some); exact layout not seen",
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
    timestamp: ("Create Date", "iso8601", "exporter"),
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

/// The deal's properties, as the CRM API and connectors write them.
const API: Preset = Preset {
    variant: "api",
    evidence: Evidence::Api,
    evidence_note: "deal properties, developers.hubspot.com (createdate UTC)",
    header: &[
        "hs_object_id",
        "dealname",
        "amount",
        "deal_currency_code",
        "dealstage",
        "pipeline",
        "closedate",
        "createdate",
        "hubspot_owner_id",
    ],
    rep: &[("hubspot_owner_id", "rep_id")],
    timestamp: ("createdate", "iso8601", "UTC"),
    outcome: Some("dealstage"),
    external_id: Some("hs_object_id"),
    amount: Some("amount"),
    no_user: &[""],
    ..PRESET
};
