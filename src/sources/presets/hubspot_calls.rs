//! HubSpot calls: the CRM's calls export (CRM → Activities / Calls view → Export, CSV)
//! and the calls API's properties flattened to CSV.
//!
//! ## Variants
//! - `export` (assumed): one row per logged call, properties by their labels:
//!   `Record ID`, `Activity date` (`YYYY-MM-DD HH:MM`, the exporting user's time zone),
//!   `Activity assigned to` (the owner's display name, `No owner`), `Call direction`
//!   (`Outbound` / `Inbound`), `Call outcome` (`Connected`, `Busy`, `No answer`,
//!   `Left voicemail`, `Left live message`, `Wrong number`), `Call duration` (`h:mm:ss`),
//!   `Call title`, `Call notes`, the associated contact.
//! - `api` (from the vendor's API fields): the calls object's internal property names:
//!   `hs_object_id`, `hs_timestamp` (UTC, `2026-10-01T08:02:11.000Z`),
//!   `hubspot_owner_id` (the owner's numeric id), `hs_call_direction`
//!   (`OUTBOUND` / `INBOUND`), `hs_call_disposition` (the outcome's GUID),
//!   `hs_call_status` (`COMPLETED`, `BUSY`, `FAILED`, `NO_ANSWER`, `CANCELED`, …),
//!   `hs_call_duration` (**milliseconds**), `hs_call_to_number`, `hs_call_from_number`.
//!
//! ## Evidence
//! - `api`: developers.hubspot.com/docs/api/crm/calls (`hs_timestamp`,
//!   `hs_call_direction` "from the perspective of the HubSpot user", `hs_call_disposition`
//!   "the internal GUID value", `hs_call_duration` in milliseconds, the default outcome
//!   GUIDs below); public clients typing the same properties (code-search
//!   fivetran/dbt_hubspot_source `stg_hubspot__engagement_call.sql`:
//!   `duration_milliseconds`).
//! - `export`: the label names `Record ID`, `Activity date` and `Activity assigned to`
//!   appear in HubSpot's property labels; no real calls export (its exact header, date
//!   and duration formats) was found: assumed.
//!
//! ## Time zone
//! The UI export writes `Activity date` in the exporting user's time zone (their HubSpot
//! profile), not each rep's: the `export` variant's zone is `exporter`, read in the
//! config's `timezone` until the source sets `timestamp = { zone = "Europe/Warsaw" }`
//! (the exporting user's zone), with a warning from `check` and `run` until it does.
//! `hs_timestamp` is UTC.
//!
//! ## Counting
//! - Default: outbound calls (`Outbound`, `OUTBOUND`), whatever their outcome.
//! - Conversations: `count = { outcome = ["Connected"] }` on exports; on `api` files the
//!   GUID of HubSpot's default "Connected", `count = { outcome =
//!   ["f240bbac-87c9-4f6e-bf70-924b57d47db7"] }` (defaults: `73a0d17f-…` No answer,
//!   `b2cf5968-…` Left voicemail, `a4c4c377-…` Left live message, `9d9162e7-…` Busy,
//!   `17b47fee-…` Wrong number; a portal's own outcomes have their own GUIDs).
//!   `min_duration_s` applies to the call's duration (`hs_call_duration`, milliseconds,
//!   read as such).
//!
//! ## Quirks
//! - Export: calls without an owner say `No owner`: an unmatched identity, not an error.
//!   The owner is matched by display name (trimmed, Unicode NFC, case-insensitive); roster
//!   aliases (`|`) cover renamed users.
//! - API: `hubspot_owner_id` is matched to the roster's `rep_id`, which must then hold
//!   the HubSpot owner id (Settings → Users, or the owners API); an empty owner is
//!   unmatched.

use super::{Count, Evidence, Preset};

/// The layouts this preset reads; the one whose columns the file's header has wins.
pub(crate) const VARIANTS: &[Preset] = &[EXPORT, API];

const EXPORT: Preset = Preset {
    name: "hubspot_calls",
    variant: "export",
    evidence: Evidence::Assumed,
    evidence_note: "HubSpot property labels; no real calls export found",
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
    timestamp: ("Activity date", "iso8601", "exporter"),
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

const API: Preset = Preset {
    name: "hubspot_calls",
    variant: "api",
    evidence: Evidence::Api,
    evidence_note: "developers.hubspot.com calls API properties",
    order: 40,
    title: "HubSpot calls",
    kind: "call",
    header: &[
        "hs_object_id",
        "hs_timestamp",
        "hubspot_owner_id",
        "hs_call_title",
        "hs_call_direction",
        "hs_call_disposition",
        "hs_call_status",
        "hs_call_duration",
        "hs_call_from_number",
        "hs_call_to_number",
        "hs_call_body",
    ],
    rep: &[("hubspot_owner_id", "rep_id")],
    timestamp: ("hs_timestamp", "iso8601", "UTC"),
    time_column: None,
    duration: Some(("hs_call_duration", "ms")),
    direction: Some("hs_call_direction"),
    outcome: Some("hs_call_disposition"),
    external_id: Some("hs_object_id"),
    amount: None,
    no_user: &[""],
    counterpart: Some("hs_call_to_number"),
    count: Count {
        direction: &["OUTBOUND"],
        ..Count::NONE
    },
};
