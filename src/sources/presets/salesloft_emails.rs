//! Salesloft emails (the Emails activity list exported to CSV, or the `emails` API
//! resource written to CSV).
//!
//! ## Export format
//! One row per email: `Id`, `Sent At` (UTC), `Status`, `Bounced` (`true`/`false`),
//! the sending user (`User Name`, `User Email`), `Recipient Email`, `Subject`,
//! `Cadence`, `Step`, `Views`, `Clicks`, `Replies`.
//!
//! ## Evidence
//! - Confirmed: the Salesloft email record's fields `Id`, `Status` (filterable by
//!   `sent`, `scheduled`), `Bounced` (a boolean), `SentAt`, `UserId`, `CadenceId`,
//!   counts of clicks/views/replies (CData Salesloft driver, table `Emails`, built on the
//!   Salesloft API); the API's statuses `sent`, `sent_from_gmail`,
//!   `sent_from_external`, `pending`, `scheduled`, `sending`, `delivering`, `failed`,
//!   `cancelled`.
//! - Assumed: the CSV header spelling above (labels of the API fields) and `Sent At`
//!   as `YYYY-MM-DD HH:MM:SS` UTC. Override columns and `timestamp` if yours differ.
//!
//! ## Quirks
//! - Two things decide whether an email counts, and a source has one outcome column:
//!   `outcome = Bounced` with `exclude_outcome = ["true"]` (the DESIGN rule "an email
//!   unless bounced"), and **`direction = Status`** with
//!   `direction = ["sent", "sent_from_gmail", "sent_from_external"]`, so drafts,
//!   scheduled, failed and cancelled emails are "not counted (direction)".
//! - Emails sent on behalf of a deactivated user keep that user's email: unmatched,
//!   listed under unknown identities.
//! - `Recipient Email` is the counterpart for `[cross_dedup]`.

use super::{Count, Evidence, Preset};

/// The layouts this preset reads, the first that fits a file's header wins.
pub(crate) const VARIANTS: &[Preset] = &[PRESET];

const PRESET: Preset = Preset {
    name: "salesloft_emails",
    variant: "api",
    evidence: Evidence::Api,
    evidence_note: "TODO",
    order: 70,
    title: "Salesloft emails",
    kind: "email",
    header: &[
        "Id",
        "Sent At",
        "Status",
        "Bounced",
        "User Name",
        "User Email",
        "Recipient Email",
        "Subject",
        "Cadence",
        "Step",
        "Views",
        "Clicks",
        "Replies",
    ],
    rep: &[("User Email", "email")],
    timestamp: ("Sent At", "%Y-%m-%d %H:%M:%S", "UTC"),
    time_column: None,
    duration: None,
    direction: Some("Status"),
    outcome: Some("Bounced"),
    external_id: Some("Id"),
    amount: None,
    no_user: &[""],
    counterpart: Some("Recipient Email"),
    count: Count {
        direction: &["sent", "sent_from_gmail", "sent_from_external"],
        exclude_outcome: &["true"],
        ..Count::NONE
    },
};
