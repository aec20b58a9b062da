//! Aircall call history: the dashboard's call-history download (Analytics → Calls →
//! Export), an older version of it, and the API's call objects flattened to CSV.
//!
//! ## Variants
//! - `export` (seen in a real export): today's download, 41 lower-case columns. One
//!   row per call: `datetime (utc)` (`2025-12-04 07:57:14`, milliseconds optional:
//!   `2025-12-04 07:57:14.083`), `direction` (`inbound` / `outbound`), `answered`
//!   (`Yes` / `No`), `user` (the Aircall user's display name, `[No associated user]` for
//!   calls nobody took), `duration (total)` (seconds, ringing and IVR included) and
//!   `duration (in call)` (seconds of conversation, empty when not answered), `call id
//!   (internal)` (the numeric call id, the API's `id`), `customer number` (the other
//!   party, `+61 413 097 129`).
//! - `export-split` (assumed): the older download, before the date and time were one
//!   column: `date (TZ offset incl.)` and `time (TZ offset incl.)` (local time of the
//!   number's zone), `datetime (UTC)`, `via`, `IVR Branch` (capitalised); no call id and
//!   no customer number (duplicates are then exact repeated rows). Rows read as `export`.
//! - `api` (from the vendor's API fields): the API's call object flattened to one column
//!   per field (`user.email` / `user_email` alike): `id`, `direction`, `status`
//!   (`initial` / `answered` / `done`: the call's life cycle, not its result),
//!   `started_at` / `answered_at` / `ended_at` (Unix seconds, UTC; `answered_at` empty
//!   when nobody answered), `duration` (seconds from start to end: ringing included), the
//!   user's `user_email` and `user_name`, `raw_digits` (the other party).
//! - `api-iso` (from the vendor's API fields): the same columns with the times converted
//!   to ISO 8601 by a connector or warehouse (`2026-10-01T08:00:00Z`); a file is read
//!   as `api` or `api-iso` by which format its `started_at` values read. `duration` is
//!   read as seconds, or `h:mm:ss` when written so.
//!
//! ## Evidence
//! - `export`: the header and five real rows of an Australian account's download in a
//!   public test fixture (code-search index file 59422267472; the same 41-column header
//!   in index files 59402605134, 59538965744): `datetime (utc)` is UTC (an
//!   `Australia/Melbourne` row shows `18:33:54` local and `07:33:54` UTC), `datetime (tz
//!   offset incl.)` is in the zone of `number timezone` (which varies by row), `call
//!   start time` in a third zone; `duration (in call)` is empty for missed calls and
//!   shorter than `duration (total)` (`530` / `486`); outbound calls say `Outbound` in
//!   `call type` whether answered or not, so `answered` is the result column. Aircall
//!   support, "Analytics: Call attributes" (support.aircall.io, article
//!   13395542101661): an outbound call "is considered answered when the recipient picks
//!   up".
//! - `export-split`: the columns that code loading real older downloads reads by name
//!   (index files 25172923456, 53544768069: "v1" and "v2" files, `time (TZ offset
//!   incl.)` read as `%H:%M:%S`, `IVR Branch` only in "v2"); their order past these and
//!   the values of `datetime (UTC)` are assumed like today's.
//! - `api`: developer.aircall.io's call object as described by public clients: `status`
//!   "initial, answered, done", `started_at` "as UNIX timestamp" (index files
//!   55936919740, 55012001047), an Aircall tap typing `started_at` as an integer (index
//!   file 53774060551); `missed_call_reason` values as in the export.
//!
//! ## Counting
//! - Default: dials, `direction = ["outbound"]` (answered or not).
//! - Conversations: `count = { outcome = ["Yes"], min_duration_s = 60 }` on the exports:
//!   `answered = Yes`, and the minimum applies to `duration (in call)`, the talk time
//!   (not `duration (total)`, which counts ringing). On `api` files the answered calls
//!   are those with an `answered_at`: `count = { exclude_outcome = [""] }`; its only
//!   duration is from start to end, ringing included.
//!
//! ## Quirks
//! - Calls no user took (IVR, missed on a shared line) have `[No associated user]` (an
//!   empty user in the API): unmatched, shown as such, not errors.
//! - The exports name the user, matched to the roster's `full_name` (roster aliases cover
//!   a renamed user); the API gives the email first.

use super::{Count, Evidence, Preset};

/// The layouts this preset reads; the one whose columns the file's header has wins.
pub(crate) const VARIANTS: &[Preset] = &[EXPORT, EXPORT_SPLIT, API, API_ISO];

/// Calls nobody took.
const NO_USER: &[&str] = &["[No associated user]", ""];

/// Dials: outbound calls, answered or not.
const DIALS: Count = Count {
    direction: &["outbound"],
    ..Count::NONE
};

const EXPORT: Preset = Preset {
    name: "aircall",
    variant: "export",
    evidence: Evidence::Seen,
    evidence_note: "header and rows of a real AU account's download (index file 59422267472)",
    order: 10,
    title: "Aircall call history",
    kind: "call",
    header: &[
        "line",
        "datetime (tz offset incl.)",
        "number timezone",
        "datetime (utc)",
        "country_code",
        "direction",
        "from",
        "to",
        "answered",
        "missed_call_reason",
        "user",
        "duration (total)",
        "duration (in call)",
        "voicemail",
        "recording",
        "comments",
        "tags",
        "call quality",
        "team",
        "call direction - type",
        "call start time",
        "call end time",
        "aircall number",
        "customer number",
        "in-call duration",
        "call id",
        "call type",
        "waiting time",
        "time to answer",
        "time in ivr",
        "call id (internal)",
        "disconnected by",
        "ivr branch",
        "ivr widget",
        "call timeline",
        "callback details",
        "callback failure",
        "automatic callback pending time",
        "time with ai voice agent",
        "entry number",
        "ai voice agent transfer branch",
    ],
    rep: &[("user", "full_name")],
    timestamp: ("datetime (utc)", "iso8601", "UTC"),
    time_column: None,
    duration: Some(("duration (in call)", "seconds")),
    direction: Some("direction"),
    outcome: Some("answered"),
    external_id: Some("call id (internal)"),
    amount: None,
    no_user: NO_USER,
    counterpart: Some("customer number"),
    count: DIALS,
};

const EXPORT_SPLIT: Preset = Preset {
    name: "aircall",
    variant: "export-split",
    evidence: Evidence::Assumed,
    evidence_note: "columns read by code loading real older downloads (index files 25172923456, 53544768069); order and values assumed",
    order: 10,
    title: "Aircall call history",
    kind: "call",
    header: &[
        "line",
        "date (TZ offset incl.)",
        "time (TZ offset incl.)",
        "number timezone",
        "datetime (UTC)",
        "country_code",
        "direction",
        "from",
        "to",
        "answered",
        "missed_call_reason",
        "user",
        "duration (total)",
        "duration (in call)",
        "via",
        "voicemail",
        "tags",
        "IVR Branch",
    ],
    rep: &[("user", "full_name")],
    timestamp: ("datetime (UTC)", "iso8601", "UTC"),
    time_column: None,
    duration: Some(("duration (in call)", "seconds")),
    direction: Some("direction"),
    outcome: Some("answered"),
    external_id: None,
    amount: None,
    no_user: NO_USER,
    counterpart: None,
    count: DIALS,
};

const API: Preset = Preset {
    name: "aircall",
    variant: "api",
    evidence: Evidence::Api,
    evidence_note: "developer.aircall.io call object (index files 55936919740, 53774060551)",
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
    rep: &[("user_email", "email"), ("user_name", "full_name")],
    timestamp: ("started_at", "epoch", "UTC"),
    time_column: None,
    duration: Some(("duration", "auto")),
    direction: Some("direction"),
    outcome: Some("answered_at"),
    external_id: Some("id"),
    amount: None,
    no_user: &[""],
    counterpart: Some("raw_digits"),
    count: DIALS,
};

/// The API's fields with the times written as ISO 8601 (a connector or warehouse that
/// converts the Unix seconds, e.g. `2026-10-01T08:00:00Z`): the same header, told apart
/// from `api` by which format its values read.
const API_ISO: Preset = Preset {
    variant: "api-iso",
    evidence: Evidence::Api,
    evidence_note: "the call object as warehouse connectors write it (docs.partner-dwh.monta.com: started_at \"in UTC\")",
    timestamp: ("started_at", "iso8601", "UTC"),
    ..API
};
