//! LinkedIn data-export archive, `Invitations.csv`: connection requests sent and received.
//!
//! ## Export format
//! `From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl`; `Sent At`
//! like `9/25/26, 8:52 AM`; `Direction` `OUTGOING` / `INCOMING`.
//!
//! ## Evidence
//! - Public parsers' fixtures of real archives, e.g.
//!   `From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl` with
//!   `"9/25/26, 8:52 AM",,OUTGOING,https://www.linkedin.com/in/…`, and a sniffer noting
//!   "the profile URL columns were added in late 2023" (older archives stop at
//!   `Direction`: map `rep = { column = "From", match = "full_name" }` for those).
//! - Not verified: the zone of `Sent At` (taken as UTC, like `messages.csv`).
//!
//! ## Quirks
//! - Default rule counts the rep's own requests: `direction = ["OUTGOING"]`.
//!
//! ## Variants
//! - `linkedin_invitations/archive` (seen in real exports): with `inviterProfileUrl`,
//!   `inviteeProfileUrl`; the rep is the inviter's profile URL.
//! - `linkedin_invitations/archive-2022` (seen): stops at `Direction`; the rep is `From`
//!   (the inviter's name, matched to `full_name`).
//!
//! Both count `OUTGOING` requests; `INCOMING` ones are "not counted (direction)".

use super::{Count, Evidence, Preset};

/// The layouts this preset reads; each file's header picks one.
pub(crate) const VARIANTS: &[Preset] = &[PRESET, OLD];

const PRESET: Preset = Preset {
    name: "linkedin_invitations",
    variant: "archive",
    evidence: Evidence::Seen,
    evidence_note: "public parsers' fixtures of real archives",
    order: 110,
    title: "LinkedIn archive Invitations.csv",
    kind: "social",
    header: &[
        "From",
        "To",
        "Sent At",
        "Message",
        "Direction",
        "inviterProfileUrl",
        "inviteeProfileUrl",
    ],
    rep: &[("inviterProfileUrl", "social_handle")],
    timestamp: ("Sent At", "%m/%d/%y, %I:%M %p", "UTC"),
    time_column: None,
    duration: None,
    direction: Some("Direction"),
    outcome: None,
    external_id: None,
    amount: None,
    no_user: &[],
    counterpart: None,
    count: Count {
        direction: &["OUTGOING"],
        ..Count::NONE
    },
};

/// Archives before late 2023: no profile URL columns; the rep is the inviter's name.
const OLD: Preset = Preset {
    variant: "archive-2022",
    evidence: Evidence::Seen,
    evidence_note: "archive sniffer: the URL columns were added in late 2023",
    header: &["From", "To", "Sent At", "Message", "Direction"],
    rep: &[("From", "full_name")],
    ..PRESET
};
