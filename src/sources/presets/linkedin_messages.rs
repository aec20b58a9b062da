//! LinkedIn data-export archive, `messages.csv` (Settings → Data privacy → Get a copy of
//! your data). One archive per rep.
//!
//! ## Export format
//! `CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,
//! DATE,SUBJECT,CONTENT,FOLDER` (newer archives append `ATTACHMENTS`,
//! `IS MESSAGE DRAFT`, `IS CONVERSATION ARCHIVED`); `DATE` like `2023-06-11 15:33:58 UTC`;
//! UTF-8.
//!
//! ## Evidence
//! - thephm/linkedin_md, docs/linkedin_export.md: the columns, "uses UTF-8 encoding",
//!   `DATE` e.g. `2023-06-11 15:33:58 UTC`, `SENDER PROFILE URL` e.g.
//!   `https://www.linkedin.com/in/…`, `RECIPIENT PROFILE URLS` `;`-separated, `FOLDER`
//!   `INBOX`/`ARCHIVE`.
//! - The same header in many public parsers' fixtures (e.g. a LinkedIn archive sniffer
//!   matching `^CONVERSATION ID,CONVERSATION TITLE,FROM`, tests with the 12-column
//!   variant ending `IS MESSAGE DRAFT,IS CONVERSATION ARCHIVED`).
//!
//! ## Quirks
//! - Both directions are in the file. The rep is the sender: messages the rep received
//!   have a prospect as sender and end as `unmatched` (listed under unknown identities).
//! - No message id: duplicates (overlapping archives) are exact-row duplicates.
//! - `Connections.csv` of the same archive is not a touch and has no preset.
//!
//! ## Variants
//! - `linkedin_messages/archive-drafts` (seen in real exports): since 2024, with
//!   `ATTACHMENTS`, `IS MESSAGE DRAFT`, `IS CONVERSATION DRAFT`; drafts (`Yes`) are "not
//!   counted (outcome)". Since March 2026 every field is quoted and `CONTENT` holds line
//!   breaks: read as CSV, one record each.
//! - `linkedin_messages/archive` (seen): with `RECIPIENT PROFILE URLS`, no draft columns.
//! - `linkedin_messages/archive-2022` (seen): before mid-2023, no `RECIPIENT PROFILE URLS`.
//!
//! What is not a touch: a draft (above); a message the rep received (its sender is not
//! in the roster: `unmatched`, listed in `unknown_identities.csv`); a sponsored or
//! InMail-campaign message (empty `SENDER PROFILE URL`: `unmatched` as `(empty)`).

use super::{Count, Evidence, Preset};

/// The layouts this preset reads; each file's header picks one.
pub(crate) const VARIANTS: &[Preset] = &[DRAFTS, PRESET, OLD];

const PRESET: Preset = Preset {
    name: "linkedin_messages",
    variant: "archive",
    evidence: Evidence::Seen,
    evidence_note: "public parsers of real archives (thephm/linkedin_md; szabgab/linkedin-csv.rs)",
    order: 100,
    title: "LinkedIn archive messages.csv",
    kind: "social",
    header: &[
        "CONVERSATION ID",
        "CONVERSATION TITLE",
        "FROM",
        "SENDER PROFILE URL",
        "TO",
        "RECIPIENT PROFILE URLS",
        "DATE",
        "SUBJECT",
        "CONTENT",
        "FOLDER",
    ],
    rep: &[("SENDER PROFILE URL", "social_handle")],
    timestamp: ("DATE", "iso8601", "UTC"),
    time_column: None,
    duration: None,
    direction: None,
    outcome: None,
    external_id: None,
    amount: None,
    no_user: &[""],
    counterpart: None,
    count: Count::NONE,
};

/// Archives since 2024: `ATTACHMENTS`, `IS MESSAGE DRAFT`, `IS CONVERSATION DRAFT` at
/// the end; drafts are not touches.
const DRAFTS: Preset = Preset {
    variant: "archive-drafts",
    evidence: Evidence::Seen,
    evidence_note: "field study of ~30 real archives (index file 71311106402); szabgab/linkedin-csv.rs",
    header: &[
        "CONVERSATION ID",
        "CONVERSATION TITLE",
        "FROM",
        "SENDER PROFILE URL",
        "TO",
        "RECIPIENT PROFILE URLS",
        "DATE",
        "SUBJECT",
        "CONTENT",
        "FOLDER",
        "ATTACHMENTS",
        "IS MESSAGE DRAFT",
        "IS CONVERSATION DRAFT",
    ],
    outcome: Some("IS MESSAGE DRAFT"),
    count: Count {
        exclude_outcome: &["Yes", "true"],
        ..Count::NONE
    },
    ..PRESET
};

/// Archives before mid-2023: no `RECIPIENT PROFILE URLS`.
const OLD: Preset = Preset {
    variant: "archive-2022",
    evidence: Evidence::Seen,
    evidence_note: "field study of real archives (index file 71311106402)",
    header: &[
        "CONVERSATION ID",
        "CONVERSATION TITLE",
        "FROM",
        "SENDER PROFILE URL",
        "TO",
        "DATE",
        "SUBJECT",
        "CONTENT",
        "FOLDER",
    ],
    ..PRESET
};
