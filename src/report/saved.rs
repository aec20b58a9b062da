//! `model.json`: the report model of a run, kept in its output set so that
//! `activity-quota close` can render the PDFs again, with the sign-off filled in,
//! without the inputs (which may have moved or changed since), and so that a later
//! run can tell whether its numbers differ from the signed ones ([`super::diff`]).
//!
//! The model is what both renderers read: rendering it again with the same language
//! and date gives the same PDFs but for the closure stamp. Re-deriving it from the
//! CSVs would not: they hold formatted, rounded numbers and not every field (the
//! working-day basis as numbers, the per-file accounting by rule, typed periods).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{
    error::{Failure, Result},
    model::Lang,
    report::{Report, pdf::PdfOptions},
};

/// The file name in the output set.
pub const FILE_NAME: &str = "model.json";
/// Bumped when the model's shape changes: a set written by another format is refused
/// by `close` with a clear message instead of rendered wrongly.
const FORMAT: u32 = 1;

#[derive(Serialize)]
struct SavedRef<'a> {
    format: u32,
    lang: Lang,
    generated: NaiveDate,
    /// The as-of date when it lies inside the report period (the PDF paces the period
    /// then, and only then): a run without `--as-of` gives the same file any day.
    #[serde(skip_serializing_if = "Option::is_none")]
    as_of: Option<NaiveDate>,
    report: &'a Report,
}

#[derive(Deserialize)]
struct Saved {
    format: u32,
    lang: Lang,
    generated: NaiveDate,
    #[serde(default)]
    as_of: Option<NaiveDate>,
    report: Report,
}

/// `model.json` of `report` as rendered with `opts` (compact JSON).
pub fn to_json(report: &Report, opts: &PdfOptions) -> Result<Vec<u8>> {
    let mut v = serde_json::to_vec(&SavedRef {
        format: FORMAT,
        lang: opts.lang,
        generated: opts.generated,
        as_of: report
            .extra
            .as_of
            .filter(|d| report.meta.period.contains(*d)),
        report,
    })?;
    v.push(b'\n');
    Ok(v)
}

/// The report and the PDF options of a `model.json` (`path` names it in errors).
pub fn from_json(bytes: &[u8], path: &std::path::Path) -> Result<(Report, PdfOptions)> {
    let s: Saved = serde_json::from_slice(bytes).map_err(|e| {
        Failure::run(format!(
            "`{}` is not a report model of this version: {e}",
            path.display()
        ))
    })?;
    if s.format != FORMAT {
        return Err(Failure::run(format!(
            "`{}` is a report model of format {}, this version reads format {FORMAT}; run the period again",
            path.display(),
            s.format
        ))
        .into());
    }
    let opts = PdfOptions {
        lang: s.lang,
        generated: s.generated,
    };
    let mut report = s.report;
    report.extra.as_of = s.as_of;
    Ok((report, opts))
}
