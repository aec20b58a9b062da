//! Salesforce Task records (logged emails), from the same Data Loader extract as
//! `salesforce_task_calls` (see there for the query, the format and the evidence).
//!
//! ## Quirks
//! - Default rule: `TaskSubtype = Email` (one email logged from Gmail/Outlook or sent
//!   from Salesforce). `ListEmail` (one task per mass email) is not counted: a mass
//!   mailing is not a rep's email to a prospect; add it to `count.outcome` to count it.
//! - A Task has no delivery state: bounces are not visible here (`Status` is the to-do
//!   state, `Completed` for logged emails).
//! - Owner by name, integration owners are `(no user: …)`, as for calls.

use super::{Count, Evidence, Preset, salesforce_task_calls};

/// The layouts this preset reads, the first that fits a file's header wins.
pub(crate) const VARIANTS: &[Preset] = &[PRESET];

const PRESET: Preset = Preset {
    name: "salesforce_task_emails",
    variant: "api",
    evidence: Evidence::Api,
    evidence_note: "TODO",
    order: 90,
    title: "Salesforce Task extract (emails)",
    kind: "email",
    header: salesforce_task_calls::HEADER,
    rep: &[("Owner.Name", "full_name")],
    timestamp: ("CreatedDate", "iso8601", "UTC"),
    time_column: None,
    duration: None,
    direction: None,
    outcome: Some("TaskSubtype"),
    external_id: Some("Id"),
    amount: None,
    no_user: salesforce_task_calls::NO_USER,
    counterpart: None,
    count: Count {
        outcome: &["Email"],
        ..Count::NONE
    },
};
