//! Aircall call history (calls exported from the Aircall dashboard / Analytics).
//!
//! ## Export format
//! One row per call, flattened from Aircall's call object: `id`, `direction`
//! (`inbound` / `outbound`), `status`, `missed_call_reason`, `started_at`, `answered_at`,
//! `ended_at`, `duration` (seconds, ended − started, ring time included), the user who
//! made or took the call (`user_name`, `user_email`), the Aircall number, the contact's
//! `raw_digits`, `tags`, `comments`.
//!
//! ## Evidence
//! - Field names and values: Aircall's public call object as mirrored column by column in
//!   the Monta partner warehouse docs (docs.partner-dwh.monta.com/docs/aircall-calls):
//!   `started_at`/`answered_at`/`ended_at` "in UTC", `duration_seconds` "computed by
//!   ended_at − started_at", `direction` "inbound" or "outbound", `status` "answered,
//!   missed, voicemail, abandoned or refused", `missed_call_reason` (out_of_opening_hours,
//!   short_abandoned, abandoned_in_ivr, no_available_agent, agents_did_not_answer),
//!   `user_name`, `user_email`.
//! - Aircall support, "Analytics: Call attributes" (support.aircall.io, article
//!   13395542101661): an outbound call "is considered answered when the recipient picks
//!   up or the call connects to the recipient's automatic voice responder".
//! - Not verified: the exact header spelling of the dashboard's CSV download; the header
//!   below is the API field names. Rename columns in the `[[source]]` if yours differ.
//!
//! ## Quirks
//! - Calls no user took (IVR, missed on a shared line) have an empty user: they are
//!   `unmatched` "(empty)", not errors.
//! - Default rule counts dials: `direction = ["outbound"]`. "Connected" is
//!   `status = answered`; add `outcome = ["answered"]` and a `min_duration_s` to count
//!   conversations only.

use super::{Count, Evidence, Preset};

/// The layouts this preset reads, the first that fits a file's header wins.
pub(crate) const VARIANTS: &[Preset] = &[PRESET];

const PRESET: Preset = Preset {
    name: "aircall",
    variant: "api",
    evidence: Evidence::Api,
    evidence_note: "TODO",
    order: 10,
    title: "Aircall call history",
    kind: "call",
    header: &[
        "id",
        "direction",
        "status",
        "missed_call_reason",
        "started_at",
        "answered_at",
        "ended_at",
        "duration",
        "user_name",
        "user_email",
        "number_name",
        "number_digits",
        "raw_digits",
        "tags",
        "comments",
    ],
    rep: &[("user_email", "email")],
    timestamp: ("started_at", "iso8601", "UTC"),
    time_column: None,
    duration: Some(("duration", "seconds")),
    direction: Some("direction"),
    outcome: Some("status"),
    external_id: Some("id"),
    amount: None,
    no_user: &[""],
    counterpart: Some("raw_digits"),
    count: Count {
        direction: &["outbound"],
        ..Count::NONE
    },
};
