//! Pipedrive deals (Deals list → … → Export filter results, CSV).
//!
//! ## Export format
//! Every column is `<entity> - <field label>`: `Deal - ID`, `Deal - Title`,
//! `Deal - Creator`, `Deal - Owner`, `Deal - Value`, `Deal - Currency of value`,
//! `Deal - Pipeline`, `Deal - Stage`, `Deal - Status` (`open`, `won`, `lost`, `deleted`),
//! `Deal - Deal created`, `Deal - Expected close date`, `Deal - Won time`,
//! `Deal - Organization`, `Deal - Contact person`.
//!
//! ## Evidence
//! - Confirmed in public code that reads Pipedrive's deal export: `Deal - ID`,
//!   `Deal - Creator`, `Deal - Deal created`, `Deal - Owner`, `Deal - Pipeline`,
//!   `Deal - Stage`, `Deal - Title`, `Deal - Value`, `Deal - Status`,
//!   `Deal - Currency of value`, `Deal - Organization`, `Deal - Contact person`,
//!   `Deal - Expected close date`; deal status `open` / `won` / `lost` (Pipedrive API).
//! - Assumed: `Deal - Won time`, and the date-time format `YYYY-MM-DD HH:MM:SS` in the
//!   exporting user's time zone (the API's `add_time` format).
//!
//! ## Quirks
//! - Owner by display name (`full_name`); deals of removed users show
//!   `(deleted user)`: `(no user: "(deleted user)")`.
//! - Counted on `Deal - Deal created` (opportunities generated); deleted deals are not
//!   counted (`exclude_outcome = ["deleted"]`). To count won deals, read the file again
//!   with `opportunity = "won"`, `timestamp` on `Deal - Won time`, `count = { outcome =
//!   ["won"] }` and `currency = "Deal - Currency of value"`.
//!
//! ## Variants
//! - `pipedrive_deals/export` (labels seen in public tools that parse real exports):
//!   `Deal - …` columns, `Deal - Deal created` like `2026-10-01 09:15:00` (read as ISO
//!   8601: `2026-10-01 09:15` too).
//! - `pipedrive_deals/excel-pl` (assumed): the same file re-saved by a Polish Excel:
//!   `Deal - Deal created` like `01.10.2026 09:15` (Excel drops the seconds). The
//!   variant is told apart by which date format its values read; `excel-pl-seconds`
//!   (assumed) is the same with `01.10.2026 09:15:00`; the `;` delimiter,
//!   Windows-1250 and the decimal comma are found in the file whatever the variant.
//!
//! `Deal - Deal created` is in the zone of the user who exported the file (zone
//! `exporter`: set `timestamp.zone`; `check` and `run` warn until it is set).

use super::{Count, Evidence, Preset};

/// The layouts this preset reads; each file's header picks one.
pub(crate) const VARIANTS: &[Preset] = &[PRESET, EXCEL_PL, EXCEL_PL_SECONDS];

const PRESET: Preset = Preset {
    name: "pipedrive_deals",
    variant: "export",
    evidence: Evidence::Seen,
    evidence_note: "column labels in public tools parsing real exports (index files 52415051755, 51958067695)",
    order: 140,
    title: "Pipedrive deals export",
    kind: "opportunity",
    header: &[
        "Deal - ID",
        "Deal - Title",
        "Deal - Creator",
        "Deal - Owner",
        "Deal - Value",
        "Deal - Currency of value",
        "Deal - Pipeline",
        "Deal - Stage",
        "Deal - Status",
        "Deal - Deal created",
        "Deal - Expected close date",
        "Deal - Won time",
        "Deal - Organization",
        "Deal - Contact person",
    ],
    rep: &[("Deal - Owner", "full_name")],
    timestamp: ("Deal - Deal created", "iso8601", "exporter"),
    time_column: None,
    duration: None,
    direction: None,
    outcome: Some("Deal - Status"),
    external_id: Some("Deal - ID"),
    amount: Some("Deal - Value"),
    no_user: &["(deleted user)"],
    counterpart: None,
    count: Count {
        exclude_outcome: &["deleted"],
        ..Count::NONE
    },
};

/// The export opened and saved again by a Polish Excel: same header, `;` between
/// fields, Windows-1250, dates `dd.mm.yyyy hh:mm`, decimal comma (all found in the file).
const EXCEL_PL: Preset = Preset {
    variant: "excel-pl",
    evidence: Evidence::Assumed,
    evidence_note: "standard pl-PL Excel re-save of the export",
    timestamp: ("Deal - Deal created", "%d.%m.%Y %H:%M", "exporter"),
    ..PRESET
};

/// The Polish re-save where the cells kept their seconds (`01.10.2026 09:15:00`: a
/// custom format, or a re-save through LibreOffice).
const EXCEL_PL_SECONDS: Preset = Preset {
    variant: "excel-pl-seconds",
    evidence_note: "pl-PL re-save of the export with the seconds kept",
    timestamp: ("Deal - Deal created", "%d.%m.%Y %H:%M:%S", "exporter"),
    ..EXCEL_PL
};
