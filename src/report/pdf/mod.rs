//! Report model → `report.pdf`, the finance summary (A4, English or Polish).
//!
//! Everything the PDF says comes from [`Report`]; the wording, month names, status
//! words and number format come from `templates/<lang>/labels.toml`, and the fonts
//! (Liberation Sans Regular and Bold, SIL OFL 1.1) from `templates/fonts/`. All of
//! them are compiled in, so rendering needs no files at run time.
//!
//! Sections of `report.pdf`, in order (a section with nothing to show is left out):
//! 1. key figures: total activities, reps meeting quota (n of m), reward-eligible reps
//!    (those whose score reached a reward tier), and per kind done vs target with
//!    attainment and status;
//! 2. the team table and the rep table (per kind done / target / %, total, status);
//! 3. a horizontal bar chart of each rep's overall attainment. **The bar is the rep's
//!    lowest attainment over the kinds and sales metrics with a target** (the one that
//!    decides whether the quota is met), sorted from highest to lowest; the dashed line
//!    is 100 %, bars are drawn up to 150 % and the exact value is printed beside them;
//!    the colour is the rep's overall status;
//! 4. the leaderboard (rank, score, tier, status) and the reward-eligible reps by tier;
//! 5. sales: opportunities created and the sales metrics (won, won amount with its
//!    currency, units, new customers) against targets, per rep and team;
//! 6. conversion: opportunities per 100 activities and activities per opportunity,
//!    overall and per kind, per rep and team;
//! 7. pacing, when the as-of date lies inside the report period: expected to date,
//!    projected attainment and pace of every quota period still running;
//! 8. prorated targets with their basis (`14/22 working days`);
//! 9. exceptions: reps below quota with their weakest metric and period (from the
//!    attainment rows), and reps that exceeded it;
//! 10. data quality: per-file accounting with totals, not counted by rule, unknown
//!     identities and the first rejected rows;
//! 11. provenance: every input file with size and SHA-256, the configuration path and
//!     SHA-256, the program version; then a sign-off block.
//!
//! A rep's statement ([`Pdf::statements`]) has the same header with the rep beside the
//! period: the rep's totals and cards (status, score and rank, tier), conversion, every
//! quota period of the rep (basis, tier, plan, pacing), the periods below target, the
//! source and a sign-off.
//!
//! Every page has the same header (company, period with its dates, time-zone basis,
//! configuration) and a footer "page X of Y". Layout is done in two passes: the body
//! is laid out into a list of pages of drawing operations, then each page gets its
//! header and numbered footer. Tables paginate and repeat their header rows.
//!
//! The pages' content streams are written here (`Canvas`: the operators printpdf
//! writes for the same drawing, with a colour, line width or font only set when it
//! changes); printpdf builds the rest of the document (page tree, embedded fonts with
//! their widths and ToUnicode maps, from the glyphs the pages use). Each page body is
//! compressed as soon as it is laid out (for `report.pdf` on a second thread, while
//! the layout goes on), and the header and footer are put in front of it when the
//! page count is known (`page_stream`).
//!
//! Output is byte-reproducible for the same report and options, in one process and
//! across processes (see STACK.md §3.4): fonts are registered under fixed resource
//! names with fixed `/BaseFont` names, all dates come from [`PdfOptions::generated`],
//! and the trailer `/ID` is overwritten with a hash of the file's content.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use printpdf::{
    FontId, Mm, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt,
    TextItem,
};
use serde::Deserialize;

use crate::{
    count::{FileStats, NotCounted},
    error::{Error, Result, ResultExt},
    model::{Kind, Lang, Metric},
    report::{
        AttainmentRow, Basis, Conversion, KindCell, Pace, RepRow, Report, Status, TeamCurrency,
        format::Numbers,
    },
};

mod canvas;
mod chrome;
mod compress;
mod finish;
mod fonts;
pub(crate) mod labels;
mod layout;
mod names;
mod sections;
mod table;
#[cfg(test)]
mod tests;

use canvas::*;
use chrome::*;
use compress::*;
use finish::*;
use fonts::*;
use labels::*;
use layout::*;
#[cfg(test)]
pub(crate) use names::slug;
pub(crate) use names::statement_file_names;
use sections::*;
use table::*;

static REGULAR_TTF: &[u8] = include_bytes!("../../../templates/fonts/LiberationSans-Regular.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../../templates/fonts/LiberationSans-Bold.ttf");
/// The fonts as zlib streams, deflated by `build.rs`.
static REGULAR_ZLIB: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/LiberationSans-Regular.ttf.zlib"));
static BOLD_ZLIB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/LiberationSans-Bold.ttf.zlib"));
static LABELS_EN: &str = include_str!("../../../templates/en/labels.toml");
static LABELS_PL: &str = include_str!("../../../templates/pl/labels.toml");

/// The labels file compiled in for `lang`.
fn labels_source(lang: Lang) -> &'static str {
    match lang {
        Lang::En => LABELS_EN,
        Lang::Pl => LABELS_PL,
    }
}

/// How the PDF is rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PdfOptions {
    pub lang: Lang,
    /// The "generated" date printed in the header and stored as the PDF's creation
    /// and modification date (midnight UTC). Pinned by the caller so that a rerun
    /// gives the same bytes.
    pub generated: NaiveDate,
}

/// Render `report` as an A4 PDF. The same report and options give the same bytes.
#[cfg(test)]
pub(crate) fn render(report: &Report, opts: &PdfOptions) -> Result<Vec<u8>> {
    Pdf::new(opts)?.report(report)
}

/// Render the statement of the rep `rep_id` (see [`Pdf::statements`]).
#[cfg(test)]
pub(crate) fn render_statement(
    report: &Report,
    rep_id: &str,
    opts: &PdfOptions,
) -> Result<Vec<u8>> {
    let pdf = Pdf::new(opts)?;
    let st = pdf.statements(report);
    let Some(i) = report.reps.iter().position(|r| r.rep_id == rep_id) else {
        return Err(Error::run(format!("no rep `{rep_id}` in the report")));
    };
    st.render(i)
}

/// A PDF renderer with its fonts and wording loaded once, for many documents.
pub struct Pdf {
    fonts: Fonts,
    labels: Labels,
    opts: PdfOptions,
    /// Compressed streams seen before (the embedded fonts of every document and
    /// statement), by content hash.
    packed: std::sync::Mutex<std::collections::HashMap<u64, Vec<u8>>>,
}

impl Pdf {
    pub fn new(opts: &PdfOptions) -> Result<Pdf> {
        Ok(Pdf {
            fonts: Fonts::load()?,
            labels: Labels::load(opts.lang)?,
            opts: *opts,
            packed: std::sync::Mutex::new(
                [(REGULAR_TTF, REGULAR_ZLIB), (BOLD_TTF, BOLD_ZLIB)]
                    .into_iter()
                    .map(|(ttf, zlib)| (stream_key(ttf), zlib.to_vec()))
                    .collect(),
            ),
        })
    }

    /// `report.pdf`: the finance summary.
    pub fn report(&self, report: &Report) -> Result<Vec<u8>> {
        let l = &self.labels;
        self.document(report, &l.document.title, None, true, |lay| {
            lay_out_body(lay, report, &self.opts)
        })
    }

    /// The per-rep statements of `report`, in `report.reps` order.
    pub fn statements<'a>(&'a self, report: &'a Report) -> Statements<'a> {
        let index: std::collections::HashMap<&str, usize> = report
            .reps
            .iter()
            .enumerate()
            .map(|(i, r)| (r.rep_id.as_str(), i))
            .collect();
        let mut rows: Vec<Vec<&AttainmentRow>> = vec![Vec::new(); report.reps.len()];
        for a in &report.attainment {
            if let Some(&i) = index.get(a.rep_id.as_str()) {
                rows[i].push(a);
            }
        }
        Statements {
            pdf: self,
            report,
            names: statement_file_names(&report.reps),
            rows,
        }
    }

    /// Lay out a body, then give every page the header and a numbered footer.
    ///
    /// With `parallel`, a second thread compresses the pages' bodies while the
    /// layout goes on (one document, such as `report.pdf`, at a time); without, the
    /// calling thread does it (statements, rendered many at a time).
    fn document(
        &self,
        report: &Report,
        title: &str,
        subtitle: Option<String>,
        parallel: bool,
        body: impl FnOnce(&mut Layout),
    ) -> Result<Vec<u8>> {
        let (fonts, labels, opts) = (&self.fonts, &self.labels, &self.opts);
        let queue = Queue::default();
        let (streams, cv) = std::thread::scope(|scope| -> Result<_> {
            let helper = parallel.then(|| scope.spawn(|| queue.work()));
            // Pass 1: the body, laid out into pages of operations, each handed to
            // the queue for compression when it is full. (The queue is closed
            // however this ends, so that the helper cannot wait forever.)
            let closing = CloseOnDrop(&queue);
            let mut lay = Layout::new(fonts, labels, &queue);
            body(&mut lay);
            let (total, mut cv) = lay.finish();
            drop(closing);

            // Pass 2: header and numbered footer on every page (drawn before the body).
            let chrome = Chrome::new(report, opts, labels, title, subtitle.clone());
            let chromes: Vec<Vec<u8>> = (0..total)
                .map(|i| {
                    cv.key = 2 * i as u32;
                    cv.start();
                    chrome.draw(fonts, labels, i + 1, total, &mut cv);
                    std::mem::take(&mut cv.buf)
                })
                .collect();

            let mut done = queue.work();
            if let Some(h) = helper {
                let theirs = h
                    .join()
                    .map_err(|_| Error::Pdf("the PDF compression thread panicked".into()))?;
                done.extend(theirs);
            }
            if done.len() != total {
                return Err(Error::Pdf(format!(
                    "{} of {total} page bodies were compressed",
                    done.len()
                )));
            }
            let mut bodies: Vec<Option<PackedBody>> = (0..total).map(|_| None).collect();
            for (i, packed) in done {
                if let Some(b) = bodies.get_mut(i) {
                    *b = packed?;
                }
            }
            let mut z = flate2::Compress::new(PAGE_LEVEL, true);
            let streams = chromes
                .into_iter()
                .zip(bodies)
                .map(|(chrome, body)| page_stream(&mut z, chrome, body))
                .collect::<Result<Vec<_>>>()?;
            Ok((streams, cv))
        })?;
        let total = streams.len();
        // printpdf lays out the document around pages that only tell it which glyphs
        // are used; their content streams are then replaced by the real ones.
        let census = cv.census();
        let pages: Vec<PdfPage> = (0..total)
            .map(|i| {
                let ops = if i == 0 { census.clone() } else { Vec::new() };
                PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), ops)
            })
            .collect();

        let mut parts = vec![report.meta.company.clone(), title.to_string()];
        parts.extend(subtitle);
        parts.push(labels.period_name(&report.meta.period));
        let mut doc = PdfDocument::new(&parts.join(" — "));
        let when = pdf_date(opts.generated);
        let info = &mut doc.metadata.info;
        info.creation_date = when;
        info.modification_date = when;
        info.metadata_date = when;
        info.author = report.meta.company.clone();
        info.creator = format!("activity-quota {}", report.meta.version);
        info.producer = "activity-quota (printpdf 0.12)".into();
        info.subject = labels.period_name(&report.meta.period);
        // Fixed resource ids and /BaseFont names (printpdf would draw them from a
        // process-global random sequence).
        for face in [Face::Regular, Face::Bold] {
            let mut f = fonts.font(face).clone();
            f.font_name = Some(face.base_font().into());
            doc.resources.fonts.map.insert(face.id(), PdfFont::new(f));
        }
        let mut warnings = Vec::new();
        let opts = PdfSaveOptions {
            optimize: false,
            ..PdfSaveOptions::default()
        };
        let mut lo = doc
            .with_pages(pages)
            .to_lopdf_document(&opts, &mut warnings);
        set_contents(&mut lo, streams)?;
        self.compress(&mut lo);
        let mut bytes = Vec::new();
        lo.save_to(&mut bytes)
            .map_err(|e| Error::Pdf(format!("cannot serialise the PDF: {e}")))?;
        if bytes.is_empty() {
            return Err(Error::Pdf("printpdf produced an empty document".into()));
        }
        pin_trailer_id(&mut bytes)?;
        Ok(bytes)
    }
}

/// The per-rep statements of a report: a safe file name and a renderer per rep.
pub struct Statements<'a> {
    pdf: &'a Pdf,
    report: &'a Report,
    names: Vec<String>,
    /// Each rep's attainment rows, in `report.reps` order.
    rows: Vec<Vec<&'a AttainmentRow>>,
}

impl Statements<'_> {
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The file name of rep `i`'s statement (see [`statement_file_names`]).
    pub fn name(&self, i: usize) -> &str {
        &self.names[i]
    }

    /// Rep `i`'s statement: their numbers, their attainment rows, their exceptions.
    pub fn render(&self, i: usize) -> Result<Vec<u8>> {
        let Some(rep) = self.report.reps.get(i) else {
            return Err(Error::run(format!("no rep {i} in the report")));
        };
        let l = &self.pdf.labels;
        let subtitle = format!("{} ({})", rep.rep_name, rep.rep_id);
        self.pdf.document(
            self.report,
            &l.statement.title,
            Some(subtitle),
            false,
            |lay| statement_body(lay, self.report, rep, &self.rows[i], &self.pdf.opts),
        )
    }
}
