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
//!
//! ## Variants
//! - `salesloft_emails/api` (from the vendor's API fields): `id`, `sent_at`
//!   (`2025-01-01T00:00:00.000000+00:00`), `status`, `bounced`, `recipient_email_address`,
//!   `user.id`, … flattened with dots; the rep is `user.email`, else `user.name`, else
//!   `user.id` (then the roster's `rep_id` must hold Salesloft user ids).
//! - `salesloft_emails/export` (assumed): labels (`Sent At`, `Status`, `User Email`).
//!
//! Both count `status` `sent`, `sent_from_gmail`, `sent_from_external` unless `bounced`
//! is `true`: `pending`, `scheduled`, `sending`, `failed`, `cancelled` are not sent.
use super::{Count, Evidence, Preset};

/// The layouts this preset reads; each file's header picks one.
pub(crate) const VARIANTS: &[Preset] = &[API, PRESET];

const PRESET: Preset = Preset {
    name: "salesloft_emails",
    variant: "export",
    evidence: Evidence::Assumed,
    evidence_note: "UI export labels, not seen in a real file",
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
    timestamp: ("Sent At", "iso8601", "UTC"),
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

/// The email object of the API flattened with dots (`user.id`, `counts.views`), as
/// connectors write it.
const API: Preset = Preset {
    variant: "api",
    evidence: Evidence::Api,
    evidence_note: "email fields, MarkEstey/firehose-tap-salesloft streams/emails.py citing developers.salesloft.com; dot-flattening and user.email/user.name assumed",
    header: &[
        "id",
        "created_at",
        "updated_at",
        "recipient_email_address",
        "status",
        "bounced",
        "send_after",
        "sent_at",
        "view_tracking",
        "click_tracking",
        "message_id",
        "subject",
        "error_message",
        "counts.clicks",
        "counts.views",
        "counts.replies",
        "user.id",
        "user.email",
        "user.name",
        "recipient.id",
        "cadence.id",
        "step.id",
    ],
    rep: &[
        ("user.email", "email"),
        ("user.name", "full_name"),
        ("user.id", "rep_id"),
    ],
    timestamp: ("sent_at", "iso8601", "UTC"),
    direction: Some("status"),
    outcome: Some("bounced"),
    external_id: Some("id"),
    counterpart: Some("recipient_email_address"),
    ..PRESET
};
