//! Report model → CSV files for managers (Excel, LibreOffice).
//!
//! Text that came from input files (names, teams, reject values) is protected
//! against formula injection as OWASP recommends: a cell starting with `=`, `+`,
//! `-`, `@`, tab or carriage return gets a leading `'`. Numbers are written bare.

use crate::report::{KindCell, Report, fmt_tenths};

/// Renders one CSV file of a report.
pub type Render = fn(&Report, CsvStyle) -> std::io::Result<Vec<u8>>;

/// Every CSV a run writes, by file name.
pub const FILES: [(&str, Render); 5] = [
    ("attainment.csv", attainment),
    ("summary.csv", summary),
    ("teams.csv", teams),
    ("rejects.csv", rejects),
    ("accounting.csv", accounting),
];

/// How CSV files are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CsvStyle {
    pub delimiter: u8,
    pub bom: bool,
}

impl CsvStyle {
    pub const PLAIN: CsvStyle = CsvStyle {
        delimiter: b',',
        bom: false,
    };
    /// Excel in locales with a decimal comma opens `;`-separated UTF-8 with a BOM.
    pub const EXCEL: CsvStyle = CsvStyle {
        delimiter: b';',
        bom: true,
    };
}

/// Neutralise a text cell that a spreadsheet would run as a formula.
pub fn safe(s: &str) -> std::borrow::Cow<'_, str> {
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

fn opt(v: Option<u64>) -> String {
    v.map_or(String::new(), |v| v.to_string())
}

fn pct(v: Option<u64>) -> String {
    v.map_or(String::new(), fmt_tenths)
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

fn kind_values(cells: &[KindCell]) -> Vec<String> {
    cells
        .iter()
        .flat_map(|c| [c.done.to_string(), opt(c.target), pct(c.pct())])
        .collect()
}

/// `attainment.csv`: one row per rep × quota period × kind with a target.
pub fn attainment(r: &Report, style: CsvStyle) -> std::io::Result<Vec<u8>> {
    let mut o = Out::new(style);
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
    ])?;
    for a in &r.attainment {
        o.row([
            safe(&a.rep_id).as_ref(),
            &safe(&a.rep_name),
            &safe(&a.team),
            &a.period,
            a.kind.as_str(),
            &a.done.to_string(),
            &a.target.to_string(),
            &pct(a.pct()),
            a.status().as_str(),
        ])?;
    }
    o.finish()
}

/// `summary.csv`: one row per rep for the report period, kinds side by side.
pub fn summary(r: &Report, style: CsvStyle) -> std::io::Result<Vec<u8>> {
    let mut o = Out::new(style);
    let mut head: Vec<String> = ["rep_id", "rep_name", "team", "role", "time_zone", "period"]
        .map(String::from)
        .to_vec();
    head.extend(kind_headers(r));
    head.extend(["total_activities".into(), "status".into()]);
    o.row(&head)?;
    for rep in &r.reps {
        let mut row: Vec<String> = vec![
            safe(&rep.rep_id).into_owned(),
            safe(&rep.rep_name).into_owned(),
            safe(&rep.team).into_owned(),
            safe(&rep.role).into_owned(),
            rep.time_zone.clone(),
            r.meta.period.clone(),
        ];
        row.extend(kind_values(&rep.cells));
        row.extend([
            rep.total_activities.to_string(),
            rep.status.as_str().to_string(),
        ]);
        o.row(&row)?;
    }
    o.finish()
}

/// `teams.csv`: the summary rolled up per team.
pub fn teams(r: &Report, style: CsvStyle) -> std::io::Result<Vec<u8>> {
    let mut o = Out::new(style);
    let mut head: Vec<String> = ["team", "period", "reps", "reps_met"]
        .map(String::from)
        .to_vec();
    head.extend(kind_headers(r));
    head.extend(["total_activities".into(), "status".into()]);
    o.row(&head)?;
    for t in &r.teams {
        let mut row = vec![
            safe(&t.team).into_owned(),
            r.meta.period.clone(),
            t.reps.to_string(),
            t.reps_met.to_string(),
        ];
        row.extend(kind_values(&t.cells));
        row.extend([
            t.total_activities.to_string(),
            t.status.as_str().to_string(),
        ]);
        o.row(&row)?;
    }
    o.finish()
}

/// `rejects.csv`: every rejected row with file, line, column, value and reason.
pub fn rejects(r: &Report, style: CsvStyle) -> std::io::Result<Vec<u8>> {
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
pub fn accounting(r: &Report, style: CsvStyle) -> std::io::Result<Vec<u8>> {
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
        let ids: Vec<String> = f
            .unknown_identities
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
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
            &safe(&ids.join(" ")),
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
