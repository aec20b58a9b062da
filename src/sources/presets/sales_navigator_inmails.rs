//! LinkedIn Sales Navigator InMails, one row per InMail sent by a seat holder.
//!
//! ## Export format
//! `InMail ID`, `Sent At` (`YYYY-MM-DD HH:MM:SS` UTC), `Sender Name`,
//! `Sender Profile URL`, `Recipient Name`, `Recipient Profile URL`, `Subject`, `Status`
//! (`Pending`, `Accepted`, `Declined`).
//!
//! ## Evidence
//! - Confirmed: Sales Navigator's own CSV export is **Usage Reporting** (Admin → Usage
//!   Reporting → "Download as CSV", Advanced / Advanced Plus only), and it holds
//!   aggregates per seat holder (InMails sent, accepted, …), not one row per InMail
//!   (linkedin.com/help/sales-navigator a124415; business.linkedin.com usage-reporting
//!   guide). InMail responses are accepted or declined, or left pending (InMail credit
//!   rules, linkedin.com/help/sales-navigator a101030).
//! - **Assumed**: this per-InMail layout. No per-InMail export from LinkedIn was found;
//!   the layout is what CRM-sync and browser-extension exports of the InMail list
//!   provide. Check it against your file and override columns as needed. An aggregate
//!   usage report cannot be read as activities (it has counts, not rows per touch).
//!
//! ## Quirks
//! - `kind = social`; every InMail sent counts (a declined InMail was still a touch).
//!   Use `count = { exclude_outcome = ["Declined"] }` to count only the others.
//! - The sender is matched by profile URL to the roster's `social_handle`.

use super::{Count, Evidence, Preset};

/// The layouts this preset reads; each file's header picks one.
pub(crate) const VARIANTS: &[Preset] = &[PRESET];

const PRESET: Preset = Preset {
    name: "sales_navigator_inmails",
    variant: "assumed",
    evidence: Evidence::Assumed,
    evidence_note: "Sales Navigator has no message export of its own; a reconstruction",
    order: 120,
    title: "LinkedIn Sales Navigator InMails",
    kind: "social",
    header: &[
        "InMail ID",
        "Sent At",
        "Sender Name",
        "Sender Profile URL",
        "Recipient Name",
        "Recipient Profile URL",
        "Subject",
        "Status",
    ],
    rep: &[("Sender Profile URL", "social_handle")],
    timestamp: ("Sent At", "iso8601", "UTC"),
    time_column: None,
    duration: None,
    direction: None,
    outcome: Some("Status"),
    external_id: Some("InMail ID"),
    amount: None,
    no_user: &[""],
    counterpart: Some("Recipient Profile URL"),
    count: Count::NONE,
};
