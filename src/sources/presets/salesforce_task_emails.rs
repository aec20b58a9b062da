//! Salesforce Task records (logged emails), from the same Data Loader extract as
//! `salesforce_task_calls` (see there for the query, the format, the owner columns and
//! the evidence).
//!
//! ## Variants
//! - `data-loader` (from the vendor's API fields): the Task extract of Data Loader, SOQL
//!   case (v61+) or ALL CAPS (before v61), the owner as `Owner.Email`, `Owner.Name` or
//!   `OwnerId`, in that order of preference; as for `salesforce_task_calls`.
//!
//! ## Quirks
//! - Default rule: `TaskSubtype = Email` (one email logged from Gmail/Outlook or sent
//!   from Salesforce). `ListEmail` (one task per mass email) is not counted: a mass
//!   mailing is not a rep's email to a prospect; add it to `count.outcome` to count it.
//! - A Task has no delivery state: bounced, failed or scheduled emails cannot be told
//!   apart here (`Status` is the to-do state: `Not Started`, `Completed`, …; the field
//!   reference has no bounce, and a bounce is recorded on the Contact or Lead, not the
//!   task). A logged email task is an email that was sent.
//! - The owner as for calls: `Owner.Email`, else `Owner.Name` (integration owners are
//!   `(no user: …)`), else `OwnerId`.

use super::{Count, Evidence, Preset, salesforce_task_calls};

/// The layouts this preset reads; the one whose columns the file's header has wins.
pub(crate) const VARIANTS: &[Preset] = &[DATA_LOADER];

const DATA_LOADER: Preset = Preset {
    name: "salesforce_task_emails",
    variant: "data-loader",
    evidence: Evidence::Api,
    evidence_note: salesforce_task_calls::EVIDENCE_NOTE,
    order: 90,
    title: "Salesforce Task extract (emails)",
    kind: "email",
    header: salesforce_task_calls::HEADER,
    rep: salesforce_task_calls::OWNER,
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
