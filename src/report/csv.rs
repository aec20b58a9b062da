//! Report model → CSV files for managers (Excel, LibreOffice).
//!
//! Text that came from input files (names, teams, reject values) is protected
//! against formula injection as OWASP recommends: a cell starting with `=`, `+`,
//! `-`, `@`, tab or carriage return gets a leading `'`. Numbers are written bare, in
//! the plain form of `format::Numbers::PLAIN` (`1234.5`, `1234.50`; for a Polish
//! Excel with a decimal comma, `1234,5`, see [`CsvStyle::excel`]): percentages in
//! tenths without a sign, money with two decimals, an absent value as an empty cell.
//! The rows are the typed tables of `table.rs`, which `report.xlsx` is written from too.

use crate::model::Lang;
use crate::report::{
    Report,
    accounting::UNKNOWN_CSV,
    format::Numbers,
    table::{self, Cell, Rows},
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
    fields: Vec<String>,
    /// The numbers' form: plain, or with a decimal comma (`--excel` in Polish).
    numbers: Numbers<'static>,
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
            fields: Vec::new(),
            numbers: style.numbers(),
        }
    }
    fn finish(self) -> std::io::Result<Vec<u8>> {
        self.w
            .into_inner()
            .map_err(|e| std::io::Error::other(e.to_string()))
    }
}

/// A cell as the CSV writes it: numbers in the style's form (plain, or with a decimal
/// comma), input text neutralised.
fn field(out: &mut String, c: &Cell<'_>, p: Numbers<'static>) {
    match c {
        Cell::Text(s) => out.push_str(s),
        Cell::Input(s) => out.push_str(&safe(s)),
        Cell::Count(n) => out.push_str(&p.int(*n)),
        Cell::Pct(t) | Cell::Tenths(t) => out.push_str(&p.pct(*t)),
        Cell::Value(m, v) => out.push_str(&p.value(*m, *v)),
        Cell::Status(s) => out.push_str(s.as_str()),
        Cell::Empty => {}
    }
}

impl Rows for Out {
    fn row(&mut self, cells: &[Cell<'_>]) -> std::io::Result<()> {
        self.fields.resize(cells.len(), String::new());
        let numbers = self.numbers;
        for (f, c) in self.fields.iter_mut().zip(cells) {
            f.clear();
            field(f, c, numbers);
        }
        self.w
            .write_record(&self.fields)
            .map_err(std::io::Error::other)
    }
}

/// Write one table as CSV.
fn write(
    r: &Report,
    style: CsvStyle,
    table: fn(&Report, &mut dyn Rows) -> std::io::Result<()>,
) -> std::io::Result<Vec<u8>> {
    let mut o = Out::new(style);
    table(r, &mut o)?;
    o.finish()
}

/// `attainment.csv`: one row per rep × quota period × kind with a target.
pub(crate) fn attainment(r: &Report, style: CsvStyle) -> std::io::Result<Vec<u8>> {
    write(r, style, table::attainment)
}

/// `summary.csv`: one row per rep for the report period, kinds side by side.
pub(crate) fn summary(r: &Report, style: CsvStyle) -> std::io::Result<Vec<u8>> {
    write(r, style, table::summary)
}

/// `teams.csv`: the summary rolled up per team.
pub(crate) fn teams(r: &Report, style: CsvStyle) -> std::io::Result<Vec<u8>> {
    write(r, style, table::teams)
}

/// `rejects.csv`: every rejected row with file, line, column, value and reason.
pub(crate) fn rejects(r: &Report, style: CsvStyle) -> std::io::Result<Vec<u8>> {
    write(r, style, table::rejects)
}

/// `accounting.csv`: where every input row went, per file.
pub(crate) fn accounting(r: &Report, style: CsvStyle) -> std::io::Result<Vec<u8>> {
    write(r, style, table::accounting)
}

/// `unknown_identities.csv`: every identity that matched no rep (always written; a
/// header only when there is none), most rows first (see `table::unknown_identities`).
pub(crate) fn unknown_identities(r: &Report, style: CsvStyle) -> std::io::Result<Vec<u8>> {
    write(r, style, table::unknown_identities)
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
