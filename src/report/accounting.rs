//! The per-file row accounting as text for stderr: one line per input file and a
//! total (read = counted + not counted + duplicates + rejected), then the rules that
//! did not count rows, the rows counted for the previous period and the unknown
//! identities, per file. JSON logs get one event per file instead (`app`).

use std::{
    collections::{BTreeMap, BTreeSet},
    fmt::Write,
};

use crate::{count::FileStats, report::Report};

/// Unknown identities listed per file on stderr and in an `accounting.csv` cell (cron
/// mail stays readable, a cell stays under Excel's 32,767 characters); every one is in
/// `unknown_identities.csv`.
const SHOWN_IDENTITIES: usize = 10;

/// The output that lists every unknown identity.
pub const UNKNOWN_CSV: &str = "unknown_identities.csv";

/// The first [`SHOWN_IDENTITIES`] unknown identities, most rows first (then by identity),
/// each as `item(identity, rows)`, joined by `sep`; then ` and N more (all in
/// unknown_identities.csv)` when there are more.
pub fn capped(
    ids: &BTreeMap<String, u64>,
    sep: &str,
    item: impl Fn(&str, u64) -> String,
) -> String {
    let mut list: Vec<(&String, &u64)> = ids.iter().collect();
    list.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let parts: Vec<String> = list
        .iter()
        .take(SHOWN_IDENTITIES)
        .map(|(k, v)| item(k, **v))
        .collect();
    let mut s = parts.join(sep);
    let more = ids.len().saturating_sub(SHOWN_IDENTITIES);
    if more > 0 {
        let _ = write!(s, " and {more} more (all in {UNKNOWN_CSV})");
    }
    s
}

/// One line of `unknown_identities.csv`: an identity that matched no rep, as looked up
/// and as written, with its rows and the files it appeared in.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Unknown {
    pub(crate) source: String,
    pub(crate) identity: String,
    /// The cell as written in the export; empty when it is the identity itself.
    pub(crate) as_written: String,
    pub(crate) rows: u64,
    pub(crate) files: Vec<String>,
}

/// Every unknown identity of a run by (source, identity, spelling), most rows first,
/// then by source, identity and spelling.
pub(crate) fn unknowns(r: &Report) -> Vec<Unknown> {
    type Key = (String, String, String);
    let mut m: BTreeMap<Key, (u64, BTreeSet<&str>)> = BTreeMap::new();
    for f in &r.files {
        for (id, spellings) in &f.unknown_spellings {
            for (raw, n) in spellings {
                let as_written = if raw == id { "" } else { raw.as_str() };
                let e = m
                    .entry((f.source.clone(), id.clone(), as_written.to_string()))
                    .or_default();
                e.0 += n;
                e.1.insert(f.file.as_str());
            }
        }
    }
    let mut list: Vec<Unknown> = m
        .into_iter()
        .map(|((source, identity, as_written), (rows, files))| Unknown {
            source,
            identity,
            as_written,
            rows,
            files: files.into_iter().map(str::to_string).collect(),
        })
        .collect();
    list.sort_by_key(|u| std::cmp::Reverse(u.rows));
    list
}

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
        if !f.layout.is_empty() {
            let _ = writeln!(s, "read with preset {}: {}", f.layout, f.file);
        }
    }
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
            let list = capped(&f.unknown_identities, ", ", |k, v| format!("{k} ({v})"));
            let _ = writeln!(s, "unknown identities in {}: {list}", f.file);
        }
    }
}
