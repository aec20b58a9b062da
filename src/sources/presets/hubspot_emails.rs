//! HubSpot emails (CRM → Activities/Emails view → Export, CSV): one-to-one emails
//! logged or sent from HubSpot, not marketing emails.
//!
//! ## Export format
//! Properties by their labels: `Record ID`, `Email subject`, `Activity date`,
//! `Activity assigned to` (the owner's display name), `Email direction`,
//! `Email send status`, `Email from address`, `Email to address`,
//! `Associated Contact`.
//!
//! ## Evidence
//! - Confirmed: the email engagement types `EMAIL` (sent by a user), `INCOMING_EMAIL`
//!   (a reply received) and `FORWARDED_EMAIL`, as public code maps them to the v4
//!   `emails` object; the property `hs_email_status` with `BOUNCED`, `FAILED`,
//!   `SCHEDULED`, `SENDING`, `SENT` (HubSpot emails API).
//! - Assumed: the export's labels (as in `hubspot_calls`: labels, not internal
//!   names; the direction label `Email` for `EMAIL`), the `Activity date` format
//!   `YYYY-MM-DD HH:MM` in the exporting user's zone. The rules below list the internal
//!   values; they compare case-insensitively, so `EMAIL` also matches the label `Email`.
//!   If your export shows `Sent`/`Received` labels, override `count.direction`.
//!
//! ## Quirks
//! - Default rule: `direction = ["EMAIL"]` (received and forwarded emails are not the
//!   rep's outreach) and `exclude_outcome = ["BOUNCED", "FAILED", "SCHEDULED",
//!   "SENDING"]`; an empty send status (emails logged from an inbox) counts.
//! - Emails without an owner say `No owner`: `(no user: "No owner")`.
//! - `Email to address` is the counterpart for `[cross_dedup]`.
//!
//! ## Variants
//! - `hubspot_emails/export` (assumed): the UI export's labels (`Activity date`,
//!   `Activity assigned to`, `Email direction`, `Email send status`); its times are in
//!   the zone of the user who exported it (zone `exporter`: set `timestamp.zone`).
//! - `hubspot_emails/api` (from the vendor's API fields): `hs_timestamp` (UTC),
//!   `hs_email_direction`, `hs_email_status`, the sender `hs_email_from_email` (else the
//!   owner id `hubspot_owner_id`, matched to the roster's `rep_id`).
//!
//! Both count outgoing `EMAIL`s unless `BOUNCED`, `FAILED`, `SCHEDULED` or `SENDING`.
use super::{Count, Evidence, Preset};

/// The layouts this preset reads; each file's header picks one.
pub(crate) const VARIANTS: &[Preset] = &[PRESET, API];

const PRESET: Preset = Preset {
    name: "hubspot_emails",
    variant: "export",
    evidence: Evidence::Assumed,
    evidence_note: "UI export labels from a public property mock; exact layout not seen",
    order: 80,
    title: "HubSpot emails",
    kind: "email",
    header: &[
        "Record ID",
        "Email subject",
        "Activity date",
        "Activity assigned to",
        "Email direction",
        "Email send status",
        "Email from address",
        "Email to address",
        "Associated Contact",
    ],
    rep: &[("Activity assigned to", "full_name")],
    timestamp: ("Activity date", "iso8601", "exporter"),
    time_column: None,
    duration: None,
    direction: Some("Email direction"),
    outcome: Some("Email send status"),
    external_id: Some("Record ID"),
    amount: None,
    no_user: &["No owner"],
    counterpart: Some("Email to address"),
    count: Count {
        direction: &["EMAIL"],
        exclude_outcome: &["BOUNCED", "FAILED", "SCHEDULED", "SENDING"],
        ..Count::NONE
    },
};

/// The email engagement's properties, as the CRM API and connectors write them.
const API: Preset = Preset {
    variant: "api",
    evidence: Evidence::Api,
    evidence_note: "email engagement properties, developers.hubspot.com (hs_timestamp UTC)",
    header: &[
        "hs_object_id",
        "hs_timestamp",
        "hs_email_direction",
        "hs_email_status",
        "hs_email_subject",
        "hs_email_from_email",
        "hs_email_to_email",
        "hubspot_owner_id",
    ],
    rep: &[("hs_email_from_email", "email"), ("hubspot_owner_id", "rep_id")],
    timestamp: ("hs_timestamp", "iso8601", "UTC"),
    direction: Some("hs_email_direction"),
    outcome: Some("hs_email_status"),
    external_id: Some("hs_object_id"),
    counterpart: Some("hs_email_to_email"),
    no_user: &[],
    ..PRESET
};
