//! Workbooks as inputs (`.xlsx`, `.xlsm`, `.xls`, read with calamine): one sheet turned
//! into the UTF-8 CSV text the CSV path reads, so that the header search (report titles
//! above it, totals below it), the rejects and the accounting are the same code.
//!
//! * **Lines are rows**: sheet row N is CSV line N (rows before the first used cell and
//!   empty rows are blank lines, counted as empty), so a reject's line is the row a person
//!   sees in Excel, shown as `file.xlsx[Sheet]:row`. A line break inside a cell is read as
//!   a space, so that it cannot shift the rows after it.
//! * **Columns start at A**, each row padded to the sheet's width.
//! * **Typed cells are rendered exactly**: numbers as the shortest text that reads back
//!   to the cell's value after Excel's 15 significant digits (`18999.99`, `0.3` for a
//!   stored 0.30000000000000004, integers without `.0`), with the source's decimal comma
//!   when it has `decimal_comma = true`; date-times as local wall time in the source's
//!   timestamp pattern (a preset reads the Excel export as its CSV), or
//!   `YYYY-MM-DD HH:MM:SS` (ISO) without one; the source's zone then applies as for CSV.
//!   Serials follow the workbook's date system (1900 or 1904); the 1900 system's
//!   non-existent 1900-02-29 (serial 60, Excel's leap-year bug) is rendered as written,
//!   `1900-02-29 00:00:00`, and rejected as no real date. Times without a date (serial
//!   below 1) and `[h]:mm:ss` durations become `H:MM:SS`. Booleans are `TRUE`/`FALSE`,
//!   error cells their code (`#N/A`), formulas their last computed value.
//! * **Merged cells** hold their value in the top-left cell only; a person reading the
//!   sheet sees it in every cell of the area, so it is copied to each of them (down and
//!   right: a merged "Owner" beside several rows belongs to each row).
//! * **Hidden rows are read**: they are rows of the export (hidden by a filter or by hand
//!   in someone's view); skipping them would make a count depend on who saved the file
//!   last, and the same report exported as CSV holds them.

use std::{
    fmt::Write as _,
    io::{Cursor, Read, Write},
};

use calamine::{Data, DataRef, Dimensions, ExcelDateTime, Reader, Xls, Xlsx};

use crate::{config::Source, error::Failure, normalise::time::TimeFormat, sources::pump::pump};

/// The workbook formats read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Book {
    /// Office Open XML: `.xlsx`, `.xlsm`.
    Xlsx,
    /// BIFF8 (Excel 97–2003): `.xls`.
    Xls,
}

impl Book {
    /// The workbook format of a file name, by its extension (any case).
    pub(crate) fn of(name: &str) -> Option<Book> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "xlsx" | "xlsm" => Some(Book::Xlsx),
            "xls" => Some(Book::Xls),
            _ => None,
        }
    }
}

/// How cells become CSV fields.
#[derive(Clone, Debug)]
pub(crate) struct Render {
    /// The separator of the CSV text (the source's `delimiter`, else `,`).
    pub(crate) delimiter: u8,
    pub(crate) decimal_comma: bool,
    /// The chrono pattern date-times are written in; `None`: ISO.
    pub(crate) date: Option<String>,
}

impl Render {
    pub(crate) fn for_source(source: &Source) -> Render {
        Render {
            delimiter: source.delimiter.unwrap_or(b','),
            decimal_comma: source.decimal_comma,
            date: match &source.ts_format {
                TimeFormat::Pattern(p) => Some(p.spec().to_string()),
                _ => None,
            },
        }
    }
}

/// A cell's value, from either reader.
enum Val<'a> {
    Int(i64),
    Float(f64),
    Text(&'a str),
    Bool(bool),
    Date(ExcelDateTime),
    Error(String),
    Empty,
}

impl<'a> From<&'a DataRef<'a>> for Val<'a> {
    fn from(d: &'a DataRef<'a>) -> Self {
        match d {
            DataRef::Int(i) => Val::Int(*i),
            DataRef::Float(f) => Val::Float(*f),
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Val::Text(s),
            DataRef::SharedString(s) => Val::Text(s),
            DataRef::Bool(b) => Val::Bool(*b),
            DataRef::DateTime(d) => Val::Date(*d),
            DataRef::Error(e) => Val::Error(e.to_string()),
            DataRef::Empty => Val::Empty,
        }
    }
}

impl<'a> From<&'a Data> for Val<'a> {
    fn from(d: &'a Data) -> Self {
        match d {
            Data::Int(i) => Val::Int(*i),
            Data::Float(f) => Val::Float(*f),
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Val::Text(s),
            Data::Bool(b) => Val::Bool(*b),
            Data::DateTime(d) => Val::Date(*d),
            Data::Error(e) => Val::Error(e.to_string()),
            Data::Empty => Val::Empty,
        }
    }
}

/// A number as Excel keeps it (15 significant digits), in its shortest exact text.
pub(crate) fn number(out: &mut String, v: f64, decimal_comma: bool) {
    let r: f64 = format!("{v:.14e}").parse().unwrap_or(v);
    let r = if r == 0.0 { 0.0 } else { r };
    let from = out.len();
    let _ = write!(out, "{r}");
    if decimal_comma && let Some(i) = out[from..].find('.') {
        out.replace_range(from + i..from + i + 1, ",");
    }
}

/// `H:MM:SS`, with `.mmm` when there are milliseconds.
fn clock(out: &mut String, ms: i64) {
    let sign = if ms < 0 { "-" } else { "" };
    let ms = ms.unsigned_abs();
    let s = ms / 1000;
    let _ = write!(out, "{sign}{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
    if !ms.is_multiple_of(1000) {
        let _ = write!(out, ".{:03}", ms % 1000);
    }
}

/// The last serial of the 1900 system Excel shows as a date (9999-12-31).
const MAX_SERIAL: f64 = 2_958_466.0;

/// A date-time cell: see the module's documentation.
pub(crate) fn date(out: &mut String, d: &ExcelDateTime, r: &Render) {
    let v = d.as_f64();
    if d.is_duration() {
        return clock(out, (v * 86_400_000.0).round() as i64);
    }
    if !(0.0..MAX_SERIAL).contains(&v) {
        // Excel shows `#####`: the number, for the reject to name
        return number(out, v, r.decimal_comma);
    }
    let (y, mo, day, h, mi, s, ms) = d.to_ymd_hms_milli();
    let ms_of_day = ((h as i64 * 60 + mi as i64) * 60 + s as i64) * 1000 + ms as i64;
    if v < 1.0 {
        return clock(out, ms_of_day);
    }
    let real = chrono::NaiveDate::from_ymd_opt(y.into(), mo.into(), day.into())
        .and_then(|dt| dt.and_hms_milli_opt(h.into(), mi.into(), s.into(), ms.into()));
    if let (Some(dt), Some(spec)) = (real, &r.date) {
        let from = out.len();
        if write!(out, "{}", dt.format(spec)).is_ok() {
            return;
        }
        out.truncate(from);
    }
    let _ = write!(out, "{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}:{s:02}");
    if ms != 0 {
        let _ = write!(out, ".{ms:03}");
    }
}

/// One cell's text (line breaks read as spaces), not yet quoted.
fn cell_text(out: &mut String, v: &Val<'_>, r: &Render) {
    match v {
        Val::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Val::Float(f) => number(out, *f, r.decimal_comma),
        Val::Text(s) => {
            let mut rest = *s;
            while let Some(i) = rest.find(['\r', '\n']) {
                out.push_str(&rest[..i]);
                out.push(' ');
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                rest = &rest[i + skip..];
            }
            out.push_str(rest);
        }
        Val::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        Val::Date(d) => date(out, d, r),
        Val::Error(e) => out.push_str(e),
        Val::Empty => {}
    }
}

/// Rows of cells → CSV lines, with merged areas filled and gaps as blank lines.
struct Rows<'w> {
    w: &'w mut dyn Write,
    render: Render,
    /// Fields per non-empty line: the widest row so far (a sheet's declared dimensions
    /// can span all 16,384 columns).
    width: usize,
    /// The next sheet row (0-based) to write.
    next: u32,
    /// The row being gathered and its cells by column.
    cur: Option<u32>,
    cells: Vec<String>,
    /// Merged areas not yet reached, by start row (last first), and those being filled
    /// with their top-left value.
    merged: Vec<Dimensions>,
    filling: Vec<(Dimensions, String)>,
    line: Vec<u8>,
}

impl<'w> Rows<'w> {
    fn new(w: &'w mut dyn Write, render: Render, mut merged: Vec<Dimensions>) -> Self {
        merged.sort_by_key(|m| std::cmp::Reverse(m.start));
        Rows {
            w,
            render,
            width: 0,
            next: 0,
            cur: None,
            cells: Vec::new(),
            merged,
            filling: Vec::new(),
            line: Vec::new(),
        }
    }

    fn cell(&mut self, (row, col): (u32, u32), v: &Val<'_>) -> std::io::Result<()> {
        if matches!(v, Val::Empty) {
            return Ok(());
        }
        // a cell out of order (not written by Excel) joins the row being gathered
        let row = row.max(self.cur.unwrap_or(0));
        if self.cur != Some(row) {
            self.flush_to(row)?;
            self.cur = Some(row);
        }
        let col = col as usize;
        if self.cells.len() <= col {
            self.cells.resize(col + 1, String::new());
        }
        let mut text = std::mem::take(&mut self.cells[col]);
        text.clear();
        cell_text(&mut text, v, &self.render);
        self.cells[col] = text;
        Ok(())
    }

    /// Write every row before `row` (the gathered one, and blank ones).
    fn flush_to(&mut self, row: u32) -> std::io::Result<()> {
        while self.next < row {
            let r = self.next;
            if self.cur != Some(r) {
                self.cells.clear();
            }
            self.write_row(r)?;
            self.next += 1;
        }
        self.cells.clear();
        Ok(())
    }

    fn write_row(&mut self, r: u32) -> std::io::Result<()> {
        while self.merged.last().is_some_and(|m| m.start.0 <= r) {
            if let Some(m) = self.merged.pop()
                && m.end.0 >= r
            {
                let v = if m.start.0 == r {
                    self.cells
                        .get(m.start.1 as usize)
                        .cloned()
                        .unwrap_or_default()
                } else {
                    String::new()
                };
                self.filling.push((m, v));
            }
        }
        self.filling.retain(|(m, _)| m.end.0 >= r);
        for (m, v) in &self.filling {
            if v.is_empty() {
                continue;
            }
            // at most 1,024 columns of an area (an area can span the whole row)
            let last = (m.end.1 as usize).min(m.start.1 as usize + 1023);
            if self.cells.len() <= last {
                self.cells.resize(last + 1, String::new());
            }
            for c in m.start.1 as usize..=last {
                if self.cells[c].is_empty() {
                    self.cells[c].clone_from(v);
                }
            }
        }
        self.line.clear();
        if self.cells.iter().any(|c| !c.is_empty()) {
            self.width = self.width.max(self.cells.len());
            let d = self.render.delimiter;
            for i in 0..self.width {
                if i > 0 {
                    self.line.push(d);
                }
                let c = self.cells.get(i).map_or("", String::as_str);
                if c.bytes().any(|b| b == d || b == b'"') {
                    self.line.push(b'"');
                    self.line
                        .extend_from_slice(c.replace('"', "\"\"").as_bytes());
                    self.line.push(b'"');
                } else {
                    self.line.extend_from_slice(c.as_bytes());
                }
            }
        }
        self.line.push(b'\n');
        self.w.write_all(&self.line)
    }

    fn finish(mut self) -> std::io::Result<()> {
        if let Some(r) = self.cur {
            self.flush_to(r + 1)?;
        }
        Ok(())
    }
}

fn io_err(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

/// The sheet to read: `want` (the source's `sheet`), else the first.
fn choose(
    names: &[String],
    want: Option<&str>,
    shown: &str,
    source: &str,
) -> Result<String, Failure> {
    let found = match want {
        Some(w) => names.iter().find(|n| *n == w),
        None => names.first(),
    };
    found.cloned().ok_or_else(|| {
        Failure::config(match want {
            Some(w) => format!(
                "`{shown}` (source `{source}`) has no sheet `{w}`; its sheets are {}",
                crate::model::backticked(names.iter().map(String::as_str))
            ),
            None => format!("`{shown}` (source `{source}`) has no sheet"),
        })
    })
}

/// Open the workbook `bytes` (named `shown`), choose its sheet (`source.sheet`, else
/// the first) and return the sheet's name and its rows as a CSV stream ([`Render`]).
pub(crate) fn sheet_stream(
    bytes: Vec<u8>,
    book: Book,
    source: &Source,
    shown: &str,
) -> Result<(String, Box<dyn Read + Send>), Failure> {
    let render = Render::for_source(source);
    let bad = |e: &dyn std::fmt::Display| {
        Failure::run(format!(
            "`{shown}` (source `{}`) cannot be read as a workbook: {e}",
            source.name
        ))
    };
    let want = source.sheet.as_deref();
    match book {
        Book::Xlsx => {
            let mut wb: Xlsx<Cursor<Vec<u8>>> =
                Xlsx::new(Cursor::new(bytes)).map_err(|e| bad(&e))?;
            let sheet = choose(&wb.sheet_names(), want, shown, &source.name)?;
            let merged = wb.merge_cells_by_sheet_name(&sheet).map_err(|e| bad(&e))?;
            let name = sheet.clone();
            let stream = pump(move |w| {
                let mut cells = wb.worksheet_cells_reader(&name).map_err(io_err)?;
                let mut rows = Rows::new(w, render, merged);
                while let Some(c) = cells.next_cell().map_err(io_err)? {
                    rows.cell(c.get_position(), &Val::from(c.get_value()))?;
                }
                rows.finish()
            });
            Ok((sheet, stream))
        }
        Book::Xls => {
            let mut wb: Xls<Cursor<Vec<u8>>> = Xls::new(Cursor::new(bytes)).map_err(|e| bad(&e))?;
            let sheet = choose(&wb.sheet_names(), want, shown, &source.name)?;
            let merged = wb.merge_cells_by_sheet_name(&sheet).map_err(|e| bad(&e))?;
            let range = wb.worksheet_range(&sheet).map_err(|e| bad(&e))?;
            let stream = pump(move |w| {
                let mut rows = Rows::new(w, render, merged);
                let (r0, c0) = range.start().unwrap_or((0, 0));
                for (r, c, v) in range.used_cells() {
                    rows.cell((r0 + r as u32, c0 + c as u32), &Val::from(v))?;
                }
                rows.finish()
            });
            Ok((sheet, stream))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType::{DateTime, TimeDelta};

    fn iso() -> Render {
        Render {
            delimiter: b',',
            decimal_comma: false,
            date: None,
        }
    }

    fn num(v: f64, comma: bool) -> String {
        let mut s = String::new();
        number(&mut s, v, comma);
        s
    }

    fn dt(v: f64, is_1904: bool, r: &Render) -> String {
        let mut s = String::new();
        date(&mut s, &ExcelDateTime::new(v, DateTime, is_1904), r);
        s
    }

    #[test]
    fn numbers_are_the_cells_values_without_float_noise() {
        assert_eq!(num(18999.99, false), "18999.99");
        // the next double above 18999.99 (shortest text 18999.990000000005)
        assert_eq!(num(18_999.99_f64.next_up(), false), "18999.99");
        assert_eq!(num(0.1 + 0.2, false), "0.3");
        assert_eq!(num(1250.0, false), "1250");
        assert_eq!(num(-0.0, false), "0");
        assert_eq!(num(-42.5, true), "-42,5");
        assert_eq!(num(123456789012345.0, false), "123456789012345");
        assert_eq!(num(0.000125, false), "0.000125");
    }

    #[test]
    fn serials_in_both_date_systems_and_the_1900_leap_year_bug() {
        let r = iso();
        // 1900 system: serial 1 is 1900-01-01, 59 is 1900-02-28, 60 the day Excel
        // invents (1900-02-29), 61 is 1900-03-01
        assert_eq!(dt(1.0, false, &r), "1900-01-01 00:00:00");
        assert_eq!(dt(59.0, false, &r), "1900-02-28 00:00:00");
        assert_eq!(dt(60.0, false, &r), "1900-02-29 00:00:00");
        assert_eq!(dt(61.0, false, &r), "1900-03-01 00:00:00");
        assert_eq!(dt(46300.5, false, &r), "2026-10-05 12:00:00");
        // 1904 system: serial 0 is 1904-01-01; the same day is 1462 less
        assert_eq!(dt(46300.5 - 1462.0, true, &r), "2026-10-05 12:00:00");
        // a second's serial, rounded to the millisecond, and the milliseconds kept
        assert_eq!(
            dt(46300.0 + 34_215.0 / 86_400.0, false, &r),
            "2026-10-05 09:30:15"
        );
        assert_eq!(
            dt(46300.0 + 34_215.25 / 86_400.0, false, &r),
            "2026-10-05 09:30:15.250"
        );
        // times without a date, negative and too large serials
        assert_eq!(dt(0.75, false, &r), "18:00:00");
        assert_eq!(dt(-1.0, false, &r), "-1");
        assert_eq!(dt(3e6, false, &r), "3000000");
        let mut s = String::new();
        date(
            &mut s,
            &ExcelDateTime::new(1.0 + 1.0 / 24.0, TimeDelta, false),
            &r,
        );
        assert_eq!(s, "25:00:00");
        // the source's pattern, as its CSV export writes it
        let us = Render {
            date: Some("%m/%d/%Y %I:%M %p".into()),
            ..iso()
        };
        assert_eq!(dt(46300.5625, false, &us), "10/05/2026 01:30 PM");
        // a pattern chrono cannot write without a zone: ISO
        let z = Render {
            date: Some("%Y-%m-%d %H:%M %z".into()),
            ..iso()
        };
        assert_eq!(dt(46300.5, false, &z), "2026-10-05 12:00:00");
    }

    #[test]
    fn rows_become_lines_with_merged_areas_filled() {
        let mut out = Vec::new();
        let merged = vec![
            // A1:C1, a title; B3:B4, an owner for two rows
            Dimensions {
                start: (0, 0),
                end: (0, 2),
            },
            Dimensions {
                start: (2, 1),
                end: (3, 1),
            },
        ];
        let mut rows = Rows::new(&mut out, iso(), merged);
        rows.cell((0, 0), &Val::Text("Calls, October")).unwrap();
        rows.cell((1, 0), &Val::Text("When")).unwrap();
        rows.cell((1, 1), &Val::Text("Owner")).unwrap();
        rows.cell((1, 2), &Val::Text("Note")).unwrap();
        rows.cell((2, 0), &Val::Int(1)).unwrap();
        rows.cell((2, 1), &Val::Text("Anna \"A\" Nowak")).unwrap();
        rows.cell((2, 2), &Val::Text("two\r\nlines")).unwrap();
        rows.cell((3, 0), &Val::Float(2.5)).unwrap();
        rows.cell((5, 2), &Val::Bool(true)).unwrap();
        rows.finish().unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\"Calls, October\",\"Calls, October\",\"Calls, October\"\n\
             When,Owner,Note\n\
             1,\"Anna \"\"A\"\" Nowak\",two lines\n\
             2.5,\"Anna \"\"A\"\" Nowak\",\n\
             \n\
             ,,TRUE\n"
        );
    }

    #[test]
    fn workbook_formats_by_extension() {
        assert_eq!(Book::of("exports/Calls.XLSX"), Some(Book::Xlsx));
        assert_eq!(Book::of("a.xlsm"), Some(Book::Xlsx));
        assert_eq!(Book::of("a.xls"), Some(Book::Xls));
        assert_eq!(Book::of("a.csv"), None);
        assert_eq!(Book::of("xlsx"), None);
    }
}
