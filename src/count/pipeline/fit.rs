//! Whether a file fits its source at all. A file whose first rows are all rejected for
//! their timestamp (the format is not the file's), or whose rows are all rejected for
//! any reason, stops `check` and `run` with one message per source (exit 2), instead of
//! a report built on nothing and thousands of lines in `rejects.csv`. A file with some
//! good rows runs as before: its bad rows are rejects.

use crate::{
    config::Source,
    count::{FileStats, Reject},
    normalise::time::{TimeError, TimeFormat},
    sources::header::Cols,
};

/// How many leading data rows (all of them in a shorter file) must be rejected for their
/// timestamp before the format is taken not to fit the file.
pub(crate) const LEADING_ROWS: u64 = 1000;

/// The message when the file does not fit the source; `rejects` are its rejects in line
/// order, the first `leading` of them before its first data row (neither rejected nor
/// empty).
pub(super) fn unfit(
    source: &Source,
    cols: &Cols,
    shown: &str,
    stats: &FileStats,
    rejects: &[Reject],
    leading: usize,
) -> Option<String> {
    let data = stats.read.saturating_sub(stats.empty + stats.trailer);
    let first = rejects.first()?;
    if data == 0 {
        return None;
    }
    let n = data.min(LEADING_ROWS);
    let lead = usize::try_from(n)
        .ok()
        .filter(|&n| n <= leading)
        .and_then(|n| rejects.get(..n));
    let ts_name = cols.names.get(cols.ts);
    let bad_time = |r: &Reject| {
        Some(&r.column) == ts_name
            && source
                .ts_format
                .parse_cold(&r.value)
                .is_err_and(|e| e != TimeError::Empty)
    };
    if let Some(lead) = lead
        && lead.iter().all(bad_time)
    {
        return Some(no_timestamp_fits(source, cols, shown, lead, n == data));
    }
    (stats.rejected == data).then(|| {
        format!(
            "source `{}`: every row of `{shown}` was rejected ({data} {}); the first, line {}, column `{}`, value `{}`: {}",
            source.name,
            if data == 1 { "row" } else { "rows" },
            first.line,
            first.column,
            first.value,
            first.reason
        )
    })
}

/// "no timestamp in … fits …": the first value, where it is, why it does not read, and
/// a format that reads all of `lead` when one of the known shapes does.
fn no_timestamp_fits(
    source: &Source,
    cols: &Cols,
    shown: &str,
    lead: &[Reject],
    whole_file: bool,
) -> String {
    let fmt = &source.ts_format;
    let Some(first) = lead.first() else {
        return String::new();
    };
    let why = match fmt.parse_cold(&first.value) {
        Err(e) => e.to_string(),
        Ok(_) => String::new(),
    };
    let columns = match cols.ts_time.and_then(|j| cols.names.get(j)) {
        Some(time) => format!("columns `{}` + `{time}`", first.column),
        None => format!("column `{}`", first.column),
    };
    let rows = match (whole_file, lead.len()) {
        (true, 1) => "it is the file's only row".to_string(),
        (true, n) => format!("none of its {n} rows fits"),
        (false, n) => format!("none of its first {n} rows fits"),
    };
    let values: Vec<&str> = lead.iter().map(|r| r.value.as_str()).collect();
    let fix = match TimeFormat::suggest(&values) {
        Some(spec) => format!("`format = \"{spec}\"` reads them"),
        None => "write the `timestamp.format` of these values (the README's \"Timestamps\" section lists every specifier)".to_string(),
    };
    format!(
        "source `{}`: no timestamp in `{shown}` fits `format = \"{}\"`: the first value is `{}` (line {}, {columns}: {why}), and {rows}; {fix}",
        source.name,
        fmt.spec(),
        first.value,
        first.line,
    )
}
