//! Pipedrive deals (Deals list → … → Export filter results, CSV).
//!
//! ## Export format
//! Every column is `<entity> - <field label>`: `Deal - ID`, `Deal - Title`,
//! `Deal - Creator`, `Deal - Owner`, `Deal - Value`, `Deal - Currency of value`,
//! `Deal - Pipeline`, `Deal - Stage`, `Deal - Status` (`open`, `won`, `lost`, `deleted`),
//! `Deal - Deal created`, `Deal - Expected close date`, `Deal - Won time`,
//! `Deal - Organization`, `Deal - Contact person`.
//!
//! ## Evidence
//! - Confirmed in public code that reads Pipedrive's deal export: `Deal - ID`,
//!   `Deal - Creator`, `Deal - Deal created`, `Deal - Owner`, `Deal - Pipeline`,
//!   `Deal - Stage`, `Deal - Title`, `Deal - Value`, `Deal - Status`,
//!   `Deal - Currency of value`, `Deal - Organization`, `Deal - Contact person`,
//!   `Deal - Expected close date`; deal status `open` / `won` / `lost` (Pipedrive API).
//! - Assumed: `Deal - Won time`, and the date-time format `YYYY-MM-DD HH:MM:SS` in the
//!   exporting user's time zone (the API's `add_time` format).
//!
//! ## Quirks
//! - Owner by display name (`full_name`); deals of removed users show
//!   `(deleted user)`: `(no user: "(deleted user)")`.
//! - Counted on `Deal - Deal created` (opportunities generated); deleted deals are not
//!   counted (`exclude_outcome = ["deleted"]`). To count won deals, read the file again
//!   with `opportunity = "won"`, `timestamp` on `Deal - Won time`, `count = { outcome =
//!   ["won"] }` and `currency = "Deal - Currency of value"`.

use super::{Count, Evidence, Preset};

/// The layouts this preset reads, the first that fits a file's header wins.
pub(crate) const VARIANTS: &[Preset] = &[PRESET];

const PRESET: Preset = Preset {
    name: "pipedrive_deals",
    variant: "api",
    evidence: Evidence::Api,
    evidence_note: "TODO",
    order: 140,
    title: "Pipedrive deals export",
    kind: "opportunity",
    header: &[
        "Deal - ID",
        "Deal - Title",
        "Deal - Creator",
        "Deal - Owner",
        "Deal - Value",
        "Deal - Currency of value",
        "Deal - Pipeline",
        "Deal - Stage",
        "Deal - Status",
        "Deal - Deal created",
        "Deal - Expected close date",
        "Deal - Won time",
        "Deal - Organization",
        "Deal - Contact person",
    ],
    rep: &[("Deal - Owner", "full_name")],
    timestamp: ("Deal - Deal created", "%Y-%m-%d %H:%M:%S", "rep"),
    time_column: None,
    duration: None,
    direction: None,
    outcome: Some("Deal - Status"),
    external_id: Some("Deal - ID"),
    amount: Some("Deal - Value"),
    no_user: &["(deleted user)"],
    counterpart: None,
    count: Count {
        exclude_outcome: &["deleted"],
        ..Count::NONE
    },
};
