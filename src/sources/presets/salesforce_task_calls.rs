//! Salesforce Task records (logged calls), extracted with Data Loader (Export → `Task`)
//! or any SOQL-to-CSV tool.
//!
//! ## Variants
//! - `data-loader` (from the vendor's API fields): the Task extract as Data Loader (or
//!   any SOQL-to-CSV tool) writes it: one column per queried field, named by its API
//!   name, in query order, every value quoted. The preset reads the query
//!   `SELECT Id, WhoId, WhatId, Subject, ActivityDate, Status, TaskSubtype, CallType,
//!   CallDurationInSeconds, CallDisposition, OwnerId, Owner.Name, Owner.Email,
//!   CreatedDate FROM Task` or any query with the mapped fields (`Id`, `CreatedDate`,
//!   `CallType`, `CallDurationInSeconds`, `TaskSubtype` and one owner column) in any
//!   order. Headers come as written in the query since Data Loader v61
//!   (`Owner.Email`) and in ALL CAPS before it (`OWNER.EMAIL`, `CALLTYPE`); column names
//!   are matched case-insensitively (and ignoring a BOM, quotes, spaces and `_ . -`), so
//!   this one variant reads both.
//!
//! The owner, in this order of preference (the first the file has): `Owner.Email`
//! (matched to the roster's `email`), `Owner.Name` (`full_name`), `OwnerId` (`rep_id`:
//! the roster's `rep_id` must then hold each rep's Salesforce user id, `005…`).
//!
//! `CreatedDate` is a UTC date-time such as `2026-10-31T03:30:45.000Z`; `ActivityDate` is
//! a date without time or zone (the due date, for a logged call the call's day).
//! `CallDurationInSeconds` is the talk time a dialer logged (empty on calls logged by
//! hand); `CallType` is `Inbound`, `Outbound` or `Internal`; `CallDisposition` the "Call
//! Result" (free text or the org's picklist: `Meaningful Connect`, `Left Voicemail`, …).
//!
//! ## Evidence
//! - The fields and their types: Salesforce field reference, Task
//!   (developer.salesforce.com, `salesforce_field_reference_Task`): `CallDurationInSeconds`
//!   (int), `CallType` (picklist `Inbound` / `Outbound` / `Internal`), `CallDisposition`
//!   ("Call Result"), `TaskSubtype` (`Task`, `Email`, `ListEmail`, `Cadence`, `Call`,
//!   `LinkedIn`), `OwnerId`, `ActivityDate`, `CreatedDate`, `Status`.
//! - Data Loader: quotes every value, writes date-times as `2026-10-31T03:30:45.000Z`,
//!   names columns as the query writes them since v61 and in upper case before
//!   (github.com/forcedotcom/dataloader issues #1095, #1155, #1499, PR #1399; v63 adds
//!   `sfdc.extraction.allCapsHeaders`).
//! - `TaskSubtype` populated on every row of a real 49-million-row Task replica; sync
//!   fixtures with `'2026-…T10:05:00.000Z'` date-times.
//! - No Salesforce "Activities" report export (labels such as `Assigned`, `Call Type`)
//!   was found: not read (map it by hand).
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
//! ## Counting
//! - Default: outbound calls, `TaskSubtype = Call` and `CallType = Outbound`.
//! - Conversations: by talk time, `count = { min_duration_s = 60 }`
//!   (`CallDurationInSeconds` is empty on calls logged by hand, so such a rule excludes
//!   them); or by call result, `outcome = "CallDisposition"` with `count = { outcome =
//!   ["Meaningful Connect"] }` (the direction rule still keeps calls only: other tasks
//!   have no `CallType`).
//!
//! ## Quirks
//! - Tasks created by integrations are owned by `Integration User` / `Automated Process`:
//!   with `Owner.Name` they are unmatched, shown as `(no user: …)`; with `Owner.Email` or
//!   `OwnerId`, as an unknown identity.
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
    "Status",
    "TaskSubtype",
    "CallType",
    "CallDurationInSeconds",
    "CallDisposition",
    "OwnerId",
    "Owner.Name",
    "Owner.Email",
    "CreatedDate",
];

/// Owners that are not people.
pub(crate) const NO_USER: &[&str] = &[
    "Integration User",
    "Automated Process",
    "Platform Integration User",
];

/// The task's owner, in order of preference (shared with `salesforce_task_emails`).
pub(crate) const OWNER: &[(&str, &str)] = &[
    ("Owner.Email", "email"),
    ("Owner.Name", "full_name"),
    ("OwnerId", "rep_id"),
];

/// Where the evidence comes from (shared with `salesforce_task_emails`).
pub(crate) const EVIDENCE_NOTE: &str =
    "Task field reference; Data Loader headers and formats (forcedotcom/dataloader #1095, #1155, #1499)";

/// The layouts this preset reads; the one whose columns the file's header has wins.
pub(crate) const VARIANTS: &[Preset] = &[DATA_LOADER];

const DATA_LOADER: Preset = Preset {
    name: "salesforce_task_calls",
    variant: "data-loader",
    evidence: Evidence::Api,
    evidence_note: EVIDENCE_NOTE,
    order: 50,
    title: "Salesforce Task extract (calls)",
    kind: "call",
    header: HEADER,
    rep: OWNER,
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
