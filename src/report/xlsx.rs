//! `report.xlsx`: the report for managers, written from the same typed tables as the
//! CSVs (`table.rs`) with rust_xlsxwriter. A cover sheet (the period and the
//! provenance), then one sheet per report: Summary, Attainment, Teams, Accounting,
//! Rejects; sheet names, the cover and the statuses in the report's language, column
//! names as in the CSVs (so that a formula or a macro works on both languages' files).
//!
//! Every sheet has a bold, frozen header row with an autofilter and columns fitted to
//! their content. Numbers are numbers with a number format, never text: counts
//! `#,##0`, money `#,##0.00`, attainment as a percentage (`0.0%`: 87.5 % is the number
//! 0.875), ratios `0.0`. Status cells are coloured: below red, met amber, exceeded green.
//! The bytes are the same for the same report: the document's creation time is the
//! report period's first day, and the archive's member times are fixed.

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::{
    error::Failure,
    model::{Lang, Metric},
    report::{
        Report, Status,
        pdf::labels::{Labels, fill},
        table::{self, Cell, Rows},
    },
};

/// The output's file name.
pub const FILE_NAME: &str = "report.xlsx";

/// Excel's last row (1,048,576) less the header: a longer table is cut there.
const MAX_ROWS: u32 = 1_048_575;

/// The formats of the workbook's cells.
struct Formats {
    head: Format,
    count: Format,
    money: Format,
    units: Format,
    pct: Format,
    tenths: Format,
    below: Format,
    met: Format,
    exceeded: Format,
    title: Format,
}

impl Formats {
    fn new() -> Formats {
        let status = |fill: u32, font: u32| {
            Format::new()
                .set_background_color(Color::RGB(fill))
                .set_font_color(Color::RGB(font))
        };
        Formats {
            head: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border_bottom(FormatBorder::Thin),
            count: Format::new().set_num_format("#,##0"),
            money: Format::new().set_num_format("#,##0.00"),
            units: Format::new().set_num_format("#,##0.####"),
            pct: Format::new().set_num_format("0.0%"),
            tenths: Format::new().set_num_format("0.0"),
            below: status(0xFFC7CE, 0x9C0006),
            met: status(0xFFEB9C, 0x9C5700),
            exceeded: status(0xC6EFCE, 0x006100),
            title: Format::new().set_bold().set_font_size(14),
        }
    }
}

/// A sheet being written row by row from a table.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    f: &'a Formats,
    labels: &'a Labels,
    row: u32,
    cols: u16,
    /// Rows not written (past Excel's last row).
    cut: u64,
}

fn xerr(e: XlsxError) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

impl Sheet<'_> {
    fn cell(&mut self, col: u16, c: &Cell<'_>) -> Result<(), XlsxError> {
        let (ws, f, r) = (&mut *self.ws, self.f, self.row);
        match c {
            Cell::Text(s) | Cell::Input(s) if self.row == 0 => {
                ws.write_string_with_format(r, col, &**s, &f.head)?;
            }
            Cell::Text(s) | Cell::Input(s) => {
                if !s.is_empty() {
                    ws.write_string(r, col, &**s)?;
                }
            }
            Cell::Count(n) => {
                ws.write_number_with_format(r, col, *n as f64, &f.count)?;
            }
            Cell::Pct(t) => {
                ws.write_number_with_format(r, col, *t as f64 / 1000.0, &f.pct)?;
            }
            Cell::Tenths(t) => {
                ws.write_number_with_format(r, col, *t as f64 / 10.0, &f.tenths)?;
            }
            Cell::Value(m, v) => {
                let (x, fmt) = match m {
                    // to the cent, as the CSV and the PDF write it
                    Metric::WonAmount => ((v.saturating_add(50) / 100) as f64 / 100.0, &f.money),
                    Metric::Units => (*v as f64 / 10_000.0, &f.units),
                    _ => (*v as f64, &f.count),
                };
                ws.write_number_with_format(r, col, x, fmt)?;
            }
            Cell::Status(s) => {
                let text = self.labels.status(*s);
                match s {
                    Status::Below => ws.write_string_with_format(r, col, text, &f.below)?,
                    Status::Met => ws.write_string_with_format(r, col, text, &f.met)?,
                    Status::Exceeded => ws.write_string_with_format(r, col, text, &f.exceeded)?,
                    Status::NoQuota => ws.write_string(r, col, text)?,
                };
            }
            Cell::Empty => {}
        }
        Ok(())
    }

    /// The header's filter, frozen row and fitted widths, once the rows are in.
    fn finish(self) -> Result<u64, XlsxError> {
        if self.cols > 0 {
            self.ws
                .autofilter(0, 0, self.row.saturating_sub(1), self.cols - 1)?;
        }
        self.ws.set_freeze_panes(1, 0)?;
        self.ws.set_autofit_max_width(400).autofit();
        Ok(self.cut)
    }
}

impl Rows for Sheet<'_> {
    fn row(&mut self, cells: &[Cell<'_>]) -> std::io::Result<()> {
        if self.row > MAX_ROWS {
            self.cut += 1;
            return Ok(());
        }
        for (i, c) in cells.iter().enumerate() {
            let col = u16::try_from(i).map_err(std::io::Error::other)?;
            self.cell(col, c).map_err(xerr)?;
        }
        if self.row == 0 {
            self.cols = u16::try_from(cells.len()).map_err(std::io::Error::other)?;
        }
        self.row += 1;
        Ok(())
    }
}

type Table = fn(&Report, &mut dyn Rows) -> std::io::Result<()>;

/// The workbook of `report` in `lang`.
pub fn workbook(report: &Report, lang: Lang) -> Result<Vec<u8>, Failure> {
    let fail = |e: &dyn std::fmt::Display| Failure::run(format!("writing {FILE_NAME}: {e}"));
    let labels = Labels::load(lang).map_err(|e| fail(&e))?;
    let f = Formats::new();
    let mut wb = Workbook::new();
    // the fastest deflate level: most of the time of a large workbook is compressing
    // its sheets' XML (level 6, the default, cost ~0.45 s at 2,000 reps x 3 months)
    wb.set_zip_compression_level(1);
    let start = report.meta.period.start();
    let created = ExcelDateTime::from_ymd(
        u16::try_from(chrono::Datelike::year(&start)).unwrap_or(2000),
        chrono::Datelike::month(&start) as u8,
        chrono::Datelike::day(&start) as u8,
    )
    .map_err(|e| fail(&e))?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(&labels.document.title)
            .set_company(&report.meta.company)
            .set_creation_datetime(&created),
    );
    let w = &labels.workbook;
    let tables: [(&str, Table); 5] = [
        (&w.summary, table::summary),
        (&w.attainment, table::attainment),
        (&w.teams, table::teams),
        (&w.accounting, table::accounting),
        (&w.rejects, table::rejects),
    ];
    let mut cut = Vec::new();
    wb.add_worksheet();
    for (name, table) in tables {
        let ws = wb.add_worksheet();
        ws.set_name(name).map_err(|e| fail(&e))?;
        let mut sheet = Sheet {
            ws,
            f: &f,
            labels: &labels,
            row: 0,
            cols: 0,
            cut: 0,
        };
        table(report, &mut sheet).map_err(|e| fail(&e))?;
        let n = sheet.finish().map_err(|e| fail(&e))?;
        if n > 0 {
            cut.push(fill(&w.cut, &[("sheet", name), ("rows", &n.to_string())]));
        }
    }
    let ws = wb.worksheet_from_index(0).map_err(|e| fail(&e))?;
    cover(ws, report, &labels, &f, &cut).map_err(|e| fail(&e))?;
    wb.save_to_buffer().map_err(|e| fail(&e))
}

/// The cover: title, company, period, zone basis, and the provenance (config, program,
/// language, input files with their sizes and SHA-256, an archive's under its member),
/// and a line per table cut at Excel's last row.
fn cover(
    ws: &mut Worksheet,
    r: &Report,
    l: &Labels,
    f: &Formats,
    cut: &[String],
) -> Result<(), XlsxError> {
    ws.set_name(&l.workbook.cover)?;
    let m = &r.meta;
    ws.write_string_with_format(0, 0, &l.document.title, &f.title)?;
    ws.write_string(1, 0, &m.company)?;
    let period = l.period_name(&m.period);
    ws.write_string(2, 0, fill(&l.header.period, &[("period", &period)]))?;
    ws.write_string(3, 0, fill(&l.header.tz_basis, &[("tz", &m.timezone)]))?;
    let p = &l.provenance;
    ws.write_string_with_format(5, 0, &p.title, &f.head)?;
    ws.write_string_with_format(5, 1, "", &f.head)?;
    let facts = [
        (&p.config, m.config.clone()),
        (&p.config_sha256, m.config_sha256.clone()),
        (&p.tool, format!("activity-quota {}", m.version)),
        (&p.language, m.language.clone()),
    ];
    for (i, (k, v)) in facts.iter().enumerate() {
        ws.write_string(6 + i as u32, 0, k.as_str())?;
        ws.write_string(6 + i as u32, 1, v)?;
    }
    let top = 11;
    ws.write_string_with_format(top, 0, &p.file, &f.head)?;
    ws.write_string_with_format(top, 1, &p.size, &f.head)?;
    ws.write_string_with_format(top, 2, &p.sha256, &f.head)?;
    let mut row = top + 1;
    for file in &r.files {
        ws.write_string(row, 0, &file.file)?;
        ws.write_number_with_format(row, 1, file.size as f64, &f.count)?;
        ws.write_string(row, 2, &file.sha256)?;
        row += 1;
        if let Some(a) = &file.archive {
            ws.write_string(row, 0, &a.path)?;
            ws.write_number_with_format(row, 1, a.size as f64, &f.count)?;
            ws.write_string(row, 2, &a.sha256)?;
            row += 1;
        }
    }
    for line in cut {
        row += 1;
        ws.write_string(row, 0, line)?;
    }
    ws.set_autofit_max_width(600).autofit();
    Ok(())
}
