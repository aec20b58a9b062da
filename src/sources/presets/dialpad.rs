//! Dialpad call log (Analytics → Calls → export, or the call-logging API written to CSV).
//!
//! ## Variants
//! - `api` (from the vendor's API fields; the flattening assumed): the call-logging
//!   fields, one column each, as described below. No real CSV download of Dialpad's
//!   Analytics was found; its layout is not read (map it by hand).
//!
//! ## Export format
//! One row per call of a Dialpad user, department or call center: `call_id`,
//! `date_started`, `date_connected`, `date_ended` (Unix epoch milliseconds, UTC),
//! `direction` (`inbound` / `outbound`), `external_number` (the other party),
//! `internal_number` (the Dialpad line), the target (`target_type`, `target_name`,
//! `target_email`), `duration` (milliseconds), `was_recorded`, `categories`.
//!
//! ## Evidence
//! - Confirmed (help.dialpad.com, "Dialpad Call Logging Endpoint", article 115005281886):
//!   `internal_number` ("for outbound calls, this is the caller's number"),
//!   `external_number` ("for outbound calls, this is the destination number"),
//!   `target` with Type "User/Office/Department/Staff/Room/Call Center", Email and Name,
//!   "may appear blank if unanswered", "regardless of whether the call is inbound or
//!   outbound"; `call_id` "a unique number ID automatically assigned to each call";
//!   the call-events payload (developers.dialpad.com/docs/call-events) with its timing
//!   fields.
//! - Assumed, not verified against a real CSV download: the flattened header
//!   (`target_name`, `target_email`), epoch-millisecond times and a millisecond
//!   `duration` (as in the API payload). If your export shows formatted dates or
//!   seconds, override `timestamp.format` / `duration.unit`.
//!
//! ## Quirks
//! - Calls no user took (ringing a department, abandoned in the IVR) have an empty
//!   target: unmatched, counted under `(empty)`.
//! - "Connected" is a set `date_connected`; the count rules compare values, not
//!   presence, so the default rule counts dials: `direction = ["outbound"]`. Add
//!   `min_duration_s` to count conversations.
//! - `external_number` is the counterpart for `[cross_dedup]`.

use super::{Count, Evidence, Preset};

/// The layouts this preset reads; the one whose columns the file's header has wins.
pub(crate) const VARIANTS: &[Preset] = &[API];

const API: Preset = Preset {
    name: "dialpad",
    variant: "api",
    evidence: Evidence::Api,
    evidence_note: "Dialpad call-logging fields (help.dialpad.com 115005281886); flattened header and units assumed",
    order: 30,
    title: "Dialpad call log",
    kind: "call",
    header: &[
        "call_id",
        "date_started",
        "date_connected",
        "date_ended",
        "direction",
        "external_number",
        "internal_number",
        "target_type",
        "target_name",
        "target_email",
        "duration",
        "was_recorded",
        "categories",
    ],
    rep: &[("target_email", "email")],
    timestamp: ("date_started", "epoch_ms", "UTC"),
    time_column: None,
    duration: Some(("duration", "ms")),
    direction: Some("direction"),
    outcome: None,
    external_id: Some("call_id"),
    amount: None,
    no_user: &[""],
    counterpart: Some("external_number"),
    count: Count {
        direction: &["outbound"],
        ..Count::NONE
    },
};
