//! Salesforce Task records (logged calls), extracted with Data Loader (Export → `Task`)
//! or any SOQL-to-CSV tool.
//!
//! ## Export format
//! Data Loader writes one column per queried field, named by its API name, in query order.
//! This preset expects the query
//! `SELECT Id, WhoId, WhatId, Subject, ActivityDate, CallDurationInSeconds, CallType,
//! TaskSubtype, Status, OwnerId, Owner.Name, CreatedDate FROM Task`.
//! `CreatedDate` is a UTC date-time such as `2026-10-01T08:02:11.000Z`; `ActivityDate` is
//! a date without time or zone (the due date, for a logged call the call's day).
//!
//! ## Evidence
//! - Confirmed: the Task fields `CallDurationInSeconds`, `CallType` (`Inbound`, `Outbound`,
//!   `Internal`), `CallDisposition`, `TaskSubtype`, `Status` (`Completed` for logged
//!   calls), `WhoId`, `WhatId`, `OwnerId`, `ActivityDate`, `CreatedDate`, in Task object
//!   metadata and public code that creates or syncs Tasks (e.g. a call logger setting
//!   `CallType: 'Inbound'`, `CallDurationInSeconds: 80`, `Status: 'Completed'`, and a
//!   sync fixture with `'2026-…T10:05:00.000Z'` date-times and `Owner => ['Name' => …]`).
//! - Confirmed: `TaskSubtype` separates the kinds of one Task table (`Call`, `Email`,
//!   `ListEmail`, `Task`, `Cadence`, `LinkedIn`), seen populated on every row of a real
//!   49-million-row Task replica.
//! - Assumed: the header spelling of the relationship column (`Owner.Name`; older Data
//!   Loader versions write headers in upper case, which matches too: columns are found
//!   case-insensitively).
//!
//! ## Multi-kind export: two presets
//! A Task extract holds calls, emails and to-dos. Rather than a "kind from a column"
//! mapping, the same file is read by two presets: `salesforce_task_calls` (this one,
//! `kind = call`) and `salesforce_task_emails`, each with `outcome = TaskSubtype` and a
//! count rule on it. In the emails source, calls and to-dos are "not counted (outcome)";
//! in this one, emails and to-dos have no `CallType` and are "not counted (direction)"
//! (the direction rule is checked first). The per-file accounting lists the file under
//! both sources, each row ending in exactly one place in each (as for an opportunity file
//! read as created and won). Chosen over a new "kind from a column" mapping: no change to
//! the config model or the row classification, and each kind keeps its own rules.
//!
//! ## Quirks
//! - The rep is the task owner by name (`Owner.Name`, matched to `full_name`). Tasks
//!   created by integrations are owned by `Integration User` / `Automated Process`:
//!   unmatched, shown as `(no user: …)`.
//! - Default rule: `TaskSubtype = Call` and `CallType = Outbound`. Add
//!   `min_duration_s` for conversations (`CallDurationInSeconds` is empty on calls logged
//!   by hand, so such a rule excludes them).
//! - Counted on `CreatedDate` (when the call was logged; dialer integrations log at the
//!   end of the call). Map `timestamp = { column = "ActivityDate", format = "%Y-%m-%d",
//!   zone = "rep" }` to count by the task's date instead.

use super::{Count, Evidence, Preset};

/// The Data Loader header of the Task extract (shared with `salesforce_task_emails`).
pub(crate) const HEADER: &[&str] = &[
    "Id",
    "WhoId",
    "WhatId",
    "Subject",
    "ActivityDate",
    "CallDurationInSeconds",
    "CallType",
    "TaskSubtype",
    "Status",
    "OwnerId",
    "Owner.Name",
    "CreatedDate",
];

/// Owners that are not people.
pub(crate) const NO_USER: &[&str] = &[
    "Integration User",
    "Automated Process",
    "Platform Integration User",
];

/// The layouts this preset reads, the first that fits a file's header wins.
pub(crate) const VARIANTS: &[Preset] = &[PRESET];

const PRESET: Preset = Preset {
    name: "salesforce_task_calls",
    variant: "api",
    evidence: Evidence::Api,
    evidence_note: "TODO",
    order: 50,
    title: "Salesforce Task extract (calls)",
    kind: "call",
    header: HEADER,
    rep: &[("Owner.Name", "full_name")],
    timestamp: ("CreatedDate", "iso8601", "UTC"),
    time_column: None,
    duration: Some(("CallDurationInSeconds", "seconds")),
    direction: Some("CallType"),
    outcome: Some("TaskSubtype"),
    external_id: Some("Id"),
    amount: None,
    no_user: NO_USER,
    counterpart: None,
    count: Count {
        direction: &["Outbound"],
        outcome: &["Call"],
        ..Count::NONE
    },
};
