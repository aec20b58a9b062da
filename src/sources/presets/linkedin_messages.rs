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

use super::{Count, Evidence, Preset};

/// The layouts this preset reads, the first that fits a file's header wins.
pub(crate) const VARIANTS: &[Preset] = &[PRESET];

const PRESET: Preset = Preset {
    name: "linkedin_messages",
    variant: "api",
    evidence: Evidence::Api,
    evidence_note: "TODO",
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
    no_user: &[],
    counterpart: None,
    count: Count::NONE,
};
