//! Outreach mailings (Outreach → Mailings/Emails list → Export CSV).
//!
//! ## Export format
//! One row per mailing: id, the sending mailbox, state, timestamps of the lifecycle.
//!
//! ## Evidence
//! - Outreach API `mailing` resource: attributes `state` (`bounced`, `delivered`,
//!   `delivering`, `drafted`, `failed`, `opened`, `placeholder`, `queued`, `replied`,
//!   `scheduled`), `deliveredAt`, `bouncedAt`, `openedAt`, `repliedAt`, `mailboxAddress`,
//!   `subject`; mailings of one sequence step share nothing but the prospect.
//! - Not verified against a real CSV download: header spelling and the timestamp format
//!   (`YYYY-MM-DD HH:MM:SS`, UTC). Override columns if your export differs.
//!
//! ## Quirks
//! - Drafts, scheduled and queued mailings are not sent yet; bounced and failed ones never
//!   reached anyone: all excluded by the default `exclude_outcome`.
//! - Timestamp is `Created At` (always set, a draft has no `Delivered At`).

use super::{Count, Evidence, Preset};

/// The layouts this preset reads, the first that fits a file's header wins.
pub(crate) const VARIANTS: &[Preset] = &[PRESET];

const PRESET: Preset = Preset {
    name: "outreach",
    variant: "api",
    evidence: Evidence::Api,
    evidence_note: "TODO",
    order: 60,
    title: "Outreach mailings",
    kind: "email",
    header: &[
        "Mailing ID",
        "Created At",
        "Delivered At",
        "State",
        "Mailbox Address",
        "Prospect Email",
        "Subject",
        "Sequence",
        "Opened At",
        "Replied At",
        "Bounced At",
    ],
    rep: &[("Mailbox Address", "email")],
    timestamp: ("Created At", "%Y-%m-%d %H:%M:%S", "UTC"),
    time_column: None,
    duration: None,
    direction: None,
    outcome: Some("State"),
    external_id: Some("Mailing ID"),
    amount: None,
    no_user: &[],
    counterpart: Some("Prospect Email"),
    count: Count {
        exclude_outcome: &[
            "bounced",
            "drafted",
            "failed",
            "placeholder",
            "queued",
            "scheduled",
        ],
        ..Count::NONE
    },
};
