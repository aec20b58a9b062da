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
//!
//! ## Variants
//! - `outreach/api` (from the vendor's API fields): the mailing attributes `id`,
//!   `createdAt`, `deliveredAt`, `state`, `mailboxAddress`, … as connectors flatten
//!   them (singer-io/tap-outreach `schemas/mailings.json`), camelCase; the data-sharing
//!   tables' UPPER_SNAKE names (`MAILBOX_ADDRESS`, `CREATED_AT`, all UTC per the
//!   data-sharing dictionary) match the same columns.
//! - `outreach/export` (assumed): the list export with labels (`Mailing ID`,
//!   `Created At`, `State`, `Mailbox Address`, `Prospect Email`).
//!
//! Both count a mailing on its creation time unless its `state` says it was not sent
//! (`bounced`, `drafted`, `failed`, `placeholder`, `queued`, `scheduled`).
use super::{Count, Evidence, Preset};

/// The layouts this preset reads; each file's header picks one.
pub(crate) const VARIANTS: &[Preset] = &[API, PRESET];

const PRESET: Preset = Preset {
    name: "outreach",
    variant: "export",
    evidence: Evidence::Assumed,
    evidence_note: "UI list export labels, not seen in a real file",
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
    timestamp: ("Created At", "iso8601", "UTC"),
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

/// The mailing attributes as the API and its connectors flatten them (camelCase), or the
/// data-sharing tables' UPPER_SNAKE names (`MAILBOX_ADDRESS`, `CREATED_AT`): both
/// spellings match the same names.
const API: Preset = Preset {
    variant: "api",
    evidence: Evidence::Api,
    evidence_note: "mailing attributes, singer-io/tap-outreach schemas/mailings.json; *_AT are UTC (data-sharing dictionary)",
    header: &[
        "id",
        "bodyHtml",
        "bodyText",
        "bouncedAt",
        "clickCount",
        "clickedAt",
        "createdAt",
        "deliveredAt",
        "errorBacktrace",
        "errorReason",
        "mailboxAddress",
        "mailingType",
        "markedAsSpamAt",
        "messageId",
        "openCount",
        "openedAt",
        "repliedAt",
        "scheduledAt",
        "state",
        "stateChangedAt",
        "subject",
        "unsubscribedAt",
        "updatedAt",
        "mailboxId",
        "prospectId",
        "sequenceId",
        "sequenceStepId",
    ],
    rep: &[("mailboxAddress", "email")],
    timestamp: ("createdAt", "iso8601", "UTC"),
    outcome: Some("state"),
    external_id: Some("id"),
    counterpart: None,
    ..PRESET
};
