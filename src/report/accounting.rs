//! The per-file row accounting as text for stderr: one line per input file and a
//! total (read = counted + not counted + duplicates + rejected), then the rules that
//! did not count rows, the rows counted for the previous period and the unknown
//! identities, per file. JSON logs get one event per file instead (`app`).

use std::fmt::Write;

use crate::count::FileStats;

/// Unknown identities listed per file on stderr (cron mail stays readable).
const SHOWN_IDENTITIES: usize = 10;

/// The per-file accounting table printed to stderr, with the notes under it.
pub fn table(files: &[FileStats]) -> String {
    let mut total = FileStats {
        source: String::new(),
        file: "total".into(),
        ..FileStats::default()
    };
    for f in files {
        total.add(f);
    }
    let w_src = files
        .iter()
        .map(|f| f.source.chars().count())
        .max()
        .unwrap_or(0)
        .max(6);
    let w_file = files
        .iter()
        .map(|f| f.file.chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<w_src$}  {:<w_file$}  {:>9}  {:>9}  {:>11}  {:>10}  {:>8}  {:>9}  {:>5}  {:>7}",
        "source",
        "file",
        "read",
        "counted",
        "not counted",
        "duplicates",
        "rejected",
        "unmatched",
        "empty",
        "trailer"
    );
    for f in files.iter().chain(std::iter::once(&total)) {
        let _ = writeln!(
            s,
            "{:<w_src$}  {:<w_file$}  {:>9}  {:>9}  {:>11}  {:>10}  {:>8}  {:>9}  {:>5}  {:>7}{}",
            f.source,
            f.file,
            f.read,
            f.counted,
            f.not_counted_total(),
            f.duplicates,
            f.rejected,
            f.unmatched,
            f.empty,
            f.trailer,
            if f.reconciles() {
                ""
            } else {
                "  (does not reconcile!)"
            }
        );
    }
    notes(&mut s, files);
    s
}

/// The lines under the table: per file, the rules that did not count rows, the rows
/// counted for the previous period, and the first [`SHOWN_IDENTITIES`] unknown identities.
fn notes(s: &mut String, files: &[FileStats]) {
    for f in files {
        if !f.not_counted.is_empty() {
            let parts: Vec<String> = f
                .not_counted
                .iter()
                .map(|(k, v)| format!("{}={v}", k.as_str()))
                .collect();
            let _ = writeln!(s, "not counted in {}: {}", f.file, parts.join(", "));
        }
    }
    for f in files {
        if f.counted_previous > 0 {
            let _ = writeln!(
                s,
                "counted for the previous period in {}: {}",
                f.file, f.counted_previous
            );
        }
    }
    for f in files {
        if !f.unknown_identities.is_empty() {
            let parts: Vec<String> = f
                .unknown_identities
                .iter()
                .take(SHOWN_IDENTITIES)
                .map(|(k, v)| format!("{k} ({v})"))
                .collect();
            let more = f.unknown_identities.len().saturating_sub(SHOWN_IDENTITIES);
            let more = if more > 0 {
                format!(" and {more} more (all in accounting.csv)")
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                "unknown identities in {}: {}{more}",
                f.file,
                parts.join(", ")
            );
        }
    }
}
