//! Report model → CSV files for managers (Excel, LibreOffice).
//!
//! Text that came from input files (names, teams, reject values) is protected
//! against formula injection as OWASP recommends: a cell starting with `=`, `+`,
//! `-`, `@`, tab or carriage return gets a leading `'`. Numbers are written bare, in
//! the plain form of `format::Numbers::PLAIN` (`1234.5`, `1234.50`; for a Polish
//! Excel with a decimal comma, `1234,5`, see [`CsvStyle::excel`]): percentages in
//! tenths without a sign, money with two decimals, an absent value as an empty cell.

use crate::{
    model::{Lang, Metric},
    report::{
        Conversion, KindCell, Report, TeamCurrency,
        accounting::{UNKNOWN_CSV, capped, unknowns},
        format::{self, Numbers},
    },
};

/// Renders one CSV file of a report.
pub(crate) type Render = fn(&Report, CsvStyle) -> std::io::Result<Vec<u8>>;

/// Every CSV a run writes, by file name.
pub const FILES: [(&str, Render); 6] = [
    ("attainment.csv", attainment),
    ("summary.csv", summary),
    ("teams.csv", teams),
    ("rejects.csv", rejects),
    ("accounting.csv", accounting),
    (UNKNOWN_CSV, unknown_identities),
];

/// How CSV files are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CsvStyle {
    pub(crate) delimiter: u8,
    pub bom: bool,
    /// Decimals after a `,` (`87,5`), as Excel reads numbers in a Polish locale.
    pub(crate) decimal_comma: bool,
}

/// The CSV's numbers with a decimal comma (`1234,5`, `1234,50`).
const DECIMAL_COMMA: Numbers<'static> = Numbers {
    decimal_separator: ",",
    ..Numbers::PLAIN
};

impl CsvStyle {
    pub const PLAIN: CsvStyle = CsvStyle {
        delimiter: b',',
        bom: false,
        decimal_comma: false,
    };

    /// For Excel in the reports' language, which stands for the locale Excel runs in
    /// (its list separator and decimal separator come from the locale, not the file):
    /// UTF-8 with a BOM, and in Polish `;`-separated with a decimal comma (`87,5`), in
    /// English `,`-separated with a decimal point.
    pub fn excel(lang: Lang) -> CsvStyle {
        let pl = lang == Lang::Pl;
        CsvStyle {
            delimiter: if pl { b';' } else { b',' },
            bom: true,
            decimal_comma: pl,
        }
    }

    fn numbers(self) -> Numbers<'static> {
        if self.decimal_comma {
            DECIMAL_COMMA
        } else {
            Numbers::PLAIN
        }
    }
}

/// Neutralise a text cell that a spreadsheet would run as a formula.
pub(crate) fn safe(s: &str) -> std::borrow::Cow<'_, str> {
    match s.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}

struct Out {
    w: csv::Writer<Vec<u8>>,
}

impl Out {
    fn new(style: CsvStyle) -> Out {
        let mut buf = Vec::new();
        if style.bom {
            buf.extend_from_slice(b"\xEF\xBB\xBF");
        }
        Out {
            w: csv::WriterBuilder::new()
                .delimiter(style.delimiter)
                .from_writer(buf),
        }
    }
    fn row<I, T>(&mut self, fields: I) -> std::io::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.w.write_record(fields).map_err(std::io::Error::other)
    }
    fn finish(self) -> std::io::Result<Vec<u8>> {
        self.w
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))
    }
}

/// A count; empty when absent.
fn opt(v: Option<u64>) -> String {
    v.map_or(String::new(), |v| Numbers::PLAIN.int(v))
}

/// A percentage in tenths (`87.5`); empty when absent.
fn pct(n: Numbers<'static>, v: Option<u64>) -> String {
    v.map_or(String::new(), |t| n.pct(t))
}

/// A metric's value: counts bare; money with 2 decimals; units without trailing zeros.
/// Values are capped at `i64::MAX`, as the CSV has always written them.
fn value(n: Numbers<'static>, metric: Metric, v: u64) -> String {
    n.value(metric, v.min(i64::MAX as u64))
}

/// Text of an optional model string; empty when absent.
fn text(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or_default()
}

fn metric_headers(report: &Report) -> Vec<String> {
    report
        .extra
        .metrics
        .iter()
        .flat_map(|m| {
            [
                format!("{m}_done"),
                format!("{m}_target"),
                format!("{m}_pct"),
            ]
        })
        .collect()
}

fn metric_values(n: Numbers<'static>, metrics: &[Metric], cells: &[KindCell]) -> Vec<String> {
    metrics
        .iter()
        .zip(cells)
        .flat_map(|(m, c)| {
            [
                value(n, *m, c.done),
                c.target.map_or(String::new(), |t| value(n, *m, t)),
                pct(n, c.pct()),
            ]
        })
        .collect()
}

fn has_conversion(report: &Report) -> bool {
    report.kinds.contains(&crate::model::Kind::Opportunity)
}

fn conversion_headers(report: &Report) -> Vec<String> {
    if !has_conversion(report) {
        return Vec::new();
    }
    let mut h = vec![
        "opportunities_per_100_activities".to_string(),
        "activities_per_opportunity".to_string(),
    ];
    for k in report.kinds.iter().filter(|k| k.is_activity()) {
        h.push(format!("{k}_per_opportunity"));
        h.push(format!("opportunities_per_100_{k}"));
    }
    h
}

fn conversion_values(n: Numbers<'static>, report: &Report, c: &Conversion) -> Vec<String> {
    if !has_conversion(report) {
        return Vec::new();
    }
    let mut v = vec![pct(n, c.opps_per_100()), pct(n, c.activities_per_opp())];
    for k in report.kinds.iter().filter(|k| k.is_activity()) {
        let done = c
            .per_kind
            .iter()
            .find(|(x, _)| x == k)
            .map_or(0, |(_, d)| *d);
        v.push(pct(n, c.per_opp(done)));
        v.push(pct(n, c.opps_per_100_of(done)));
    }
    v
}

fn kind_headers(report: &Report) -> Vec<String> {
    report
        .kinds
        .iter()
        .flat_map(|k| {
            [
                format!("{k}_done"),
                format!("{k}_target"),
                format!("{k}_pct"),
            ]
        })
        .collect()
}

/// Period over period: `prev_period`, per kind and per sales metric `_prev_done` and
/// `_prev_pct`, then `prev_status`. None when the previous period is not compared.
fn prev_headers(report: &Report) -> Vec<String> {
    if report.extra.prev_period.is_none() {
        return Vec::new();
    }
    let mut h = vec!["prev_period".to_string()];
    let names = report
        .kinds
        .iter()
        .map(|k| k.to_string())
        .chain(report.extra.metrics.iter().map(|m| m.to_string()));
    for n in names {
        h.push(format!("{n}_prev_done"));
        h.push(format!("{n}_prev_pct"));
    }
    h.push("prev_status".into());
    h
}

/// The values under [`prev_headers`]; `mixed`: a team whose won amounts are in several
/// currencies (left empty, as in the current period).
fn prev_values(
    n: Numbers<'static>,
    report: &Report,
    kinds: &[KindCell],
    metrics: &[KindCell],
    status: Option<crate::report::Status>,
    mixed: bool,
) -> Vec<String> {
    let Some(prev) = &report.extra.prev_period else {
        return Vec::new();
    };
    let mut v = vec![prev.label()];
    for i in 0..report.kinds.len() {
        let c = kinds.get(i).copied().unwrap_or_default();
        v.push(c.done.to_string());
        v.push(pct(n, c.pct()));
    }
    for (i, m) in report.extra.metrics.iter().enumerate() {
        if mixed && *m == Metric::WonAmount {
            v.extend([String::new(), String::new()]);
            continue;
        }
        let c = metrics.get(i).copied().unwrap_or_default();
        v.push(value(n, *m, c.done));
        v.push(pct(n, c.pct()));
    }
    v.push(status.map_or("", |s| s.as_str()).to_string());
    v
}

fn kind_values(n: Numbers<'static>, cells: &[KindCell]) -> Vec<String> {
    cells
        .iter()
        .flat_map(|c| [c.done.to_string(), opt(c.target), pct(n, c.pct())])
        .collect()
}

/// `attainment.csv`: one row per rep × quota period × kind with a target.
pub(crate) fn attainment(r: &Report, style: CsvStyle) -> std::io::Result<Vec<u8>> {
    let mut o = Out::new(style);
    let n = style.numbers();
    o.row([
        "rep_id",
        "rep_name",
        "team",
        "period",
        "kind",
        "done",
        "target",
        "attainment_pct",
        "status",
        "target_full",
        "basis",
        "tier",
        "currency",
        "plan",
        "expected_to_date",
        "projected_pct",
        "pace",
    ])?;
    for a in &r.attainment {
        let m = a.metric();
        let pace = a.extra.pacing;
        o.row([
            safe(&a.rep_id).as_ref(),
            &safe(&a.rep_name),
            &safe(&a.team),
            &a.period.label(),
            m.as_str(),
            &value(n, m, a.done),
            &value(n, m, a.target),
            &pct(n, a.pct()),
            a.status().as_str(),
            &value(n, m, a.extra.target_full),
            &format::basis(a.extra.basis),
            &safe(text(&a.extra.tier)),
            text(&a.extra.currency),
            &safe(&a.plan),
            &pace.map_or(String::new(), |p| value(n, m, p.expected)),
            &pct(n, pace.and_then(|p| p.projected_pct)),
            pace.map_or("", |p| p.pace.as_str()),
        ])?;
    }
    o.finish()
}

/// `summary.csv`: one row per rep for the report period, kinds side by side.
pub(crate) fn summary(r: &Report, style: CsvStyle) -> std::io::Result<Vec<u8>> {
    let mut o = Out::new(style);
    let n = style.numbers();
    let mut head: Vec<String> = ["rep_id", "rep_name", "team", "role", "time_zone", "period"]
        .map(String::from)
        .to_vec();
    head.extend(kind_headers(r));
    head.extend(["total_activities".into(), "status".into()]);
    head.extend(metric_headers(r));
    if !r.extra.metrics.is_empty() {
        head.push("currency".into());
    }
    head.extend(conversion_headers(r));
    head.extend(["score".into(), "rank".into(), "tier".into()]);
    head.extend(prev_headers(r));
    o.row(&head)?;
    for rep in &r.reps {
        let mut row: Vec<String> = vec![
            safe(&rep.rep_id).into_owned(),
            safe(&rep.rep_name).into_owned(),
            safe(&rep.team).into_owned(),
            safe(&rep.role).into_owned(),
            rep.time_zone.clone(),
            r.meta.period.label(),
        ];
        row.extend(kind_values(n, &rep.cells));
        row.extend([
            rep.total_activities.to_string(),
            rep.status.as_str().to_string(),
        ]);
        row.extend(metric_values(n, &r.extra.metrics, &rep.extra.metric_cells));
        if !r.extra.metrics.is_empty() {
            row.push(text(&rep.extra.currency).to_string());
        }
        row.extend(conversion_values(n, r, &rep.extra.conversion));
        row.extend([
            pct(n, rep.extra.score),
            opt(rep.extra.rank),
            safe(text(&rep.extra.tier)).into_owned(),
        ]);
        row.extend(prev_values(
            n,
            r,
            &rep.extra.prev,
            &rep.extra.prev_metric_cells,
            rep.extra.prev_status,
            false,
        ));
        o.row(&row)?;
    }
    o.finish()
}

/// `teams.csv`: the summary rolled up per team.
pub(crate) fn teams(r: &Report, style: CsvStyle) -> std::io::Result<Vec<u8>> {
    let mut o = Out::new(style);
    let n = style.numbers();
    let mut head: Vec<String> = ["team", "period", "reps", "reps_met"]
        .map(String::from)
        .to_vec();
    head.extend(kind_headers(r));
    head.extend(["total_activities".into(), "status".into()]);
    head.extend(metric_headers(r));
    if !r.extra.metrics.is_empty() {
        head.push("currency".into());
    }
    head.extend(conversion_headers(r));
    head.extend(prev_headers(r));
    o.row(&head)?;
    for t in &r.teams {
        let mut row = vec![
            safe(&t.team).into_owned(),
            r.meta.period.label(),
            t.reps.to_string(),
            t.reps_met.to_string(),
        ];
        row.extend(kind_values(n, &t.cells));
        row.extend([
            t.total_activities.to_string(),
            t.status.as_str().to_string(),
        ]);
        let mixed = t.extra.mixed_currencies();
        let mut cells = metric_values(n, &r.extra.metrics, &t.extra.metric_cells);
        if mixed && let Some(i) = r.extra.metrics.iter().position(|m| *m == Metric::WonAmount) {
            // amounts in different currencies are not summed
            for c in cells.iter_mut().skip(3 * i).take(3) {
                c.clear();
            }
        }
        row.extend(cells);
        if !r.extra.metrics.is_empty() {
            row.push(match &t.extra.currency {
                Some(TeamCurrency::One(c)) => c.clone(),
                Some(TeamCurrency::Mixed) => "mixed".to_string(),
                None => String::new(),
            });
        }
        row.extend(conversion_values(n, r, &t.extra.conversion));
        row.extend(prev_values(
            n,
            r,
            &t.extra.prev,
            &t.extra.prev_metric_cells,
            t.extra.prev_status,
            mixed,
        ));
        o.row(&row)?;
    }
    o.finish()
}

/// `rejects.csv`: every rejected row with file, line, column, value and reason.
pub(crate) fn rejects(r: &Report, style: CsvStyle) -> std::io::Result<Vec<u8>> {
    let mut o = Out::new(style);
    o.row(["file", "line", "column", "value", "reason"])?;
    for x in &r.rejects {
        o.row([
            safe(&x.file).as_ref(),
            &x.line.to_string(),
            &safe(&x.column),
            &safe(&x.value),
            &x.reason,
        ])?;
    }
    o.finish()
}

/// `accounting.csv`: where every input row went, per file.
pub(crate) fn accounting(r: &Report, style: CsvStyle) -> std::io::Result<Vec<u8>> {
    let mut o = Out::new(style);
    o.row([
        "source",
        "file",
        "read",
        "counted",
        "not_counted",
        "not_counted_by_rule",
        "duplicates",
        "rejected",
        "unmatched",
        "empty",
        "trailer",
        "unknown_identities",
        "counted_previous",
        "first_activity",
        "last_activity",
    ])?;
    let mut files: Vec<_> = r.files.iter().collect();
    let total = r.totals();
    files.push(&total);
    for f in files {
        let rules: Vec<String> = f
            .not_counted
            .iter()
            .map(|(k, v)| format!("{}={v}", k.as_str()))
            .collect();
        let ids = capped(&f.unknown_identities, " ", |k, v| format!("{k}={v}"));
        o.row([
            safe(&f.source).as_ref(),
            &safe(&f.file),
            &f.read.to_string(),
            &f.counted.to_string(),
            &f.not_counted_total().to_string(),
            &rules.join(" "),
            &f.duplicates.to_string(),
            &f.rejected.to_string(),
            &f.unmatched.to_string(),
            &f.empty.to_string(),
            &f.trailer.to_string(),
            &safe(&ids),
            &f.counted_previous.to_string(),
            &crate::count::utc_text(f.first_activity),
            &crate::count::utc_text(f.last_activity),
        ])?;
    }
    o.finish()
}

/// `unknown_identities.csv`: every identity that matched no rep (always written; a
/// header only when there is none), most rows first: its source, the identity as looked
/// up in the roster, the cell as written when that differs, its rows and its files.
pub(crate) fn unknown_identities(r: &Report, style: CsvStyle) -> std::io::Result<Vec<u8>> {
    let mut o = Out::new(style);
    o.row(["source", "identity", "as_written", "rows", "files"])?;
    for u in unknowns(r) {
        o.row([
            safe(&u.source).as_ref(),
            &safe(&u.identity),
            &safe(&u.as_written),
            &u.rows.to_string(),
            &safe(&u.files.join(", ")),
        ])?;
    }
    o.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_injection_is_neutralised() {
        assert_eq!(safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe("+48 600"), "'+48 600");
        assert_eq!(safe("-1"), "'-1");
        assert_eq!(safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(safe("\tx"), "'\tx");
        assert_eq!(safe("Łukasz Żak"), "Łukasz Żak");
        assert_eq!(safe(""), "");
    }
}
