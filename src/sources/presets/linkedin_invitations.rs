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

use super::{Count, Evidence, Preset};

/// The layouts this preset reads, the first that fits a file's header wins.
pub(crate) const VARIANTS: &[Preset] = &[PRESET];

const PRESET: Preset = Preset {
    name: "linkedin_invitations",
    variant: "api",
    evidence: Evidence::Api,
    evidence_note: "TODO",
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
