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
//! configuration) and a footer with the closure stamp ("Draft — not closed" until
//! `activity-quota close` renders the document again with a [`SignOff`]: "Closed by …
//! on …", also in the sign-off block) and "page X of Y". Layout is done in two passes: the body
//! is laid out into a list of pages of drawing operations, then each page gets its
//! header and numbered footer. Tables paginate and repeat their header rows.
//!
//! The pages' content streams are written here (`Canvas`: PDF operators, with a
//! colour, line width or font only set when it changes). Each page body is
//! compressed as soon as it is laid out (for `report.pdf` on a second thread, while
//! the layout goes on), and the header and footer are put in front of it when the
//! page count is known (`page_stream`). The file around the pages is written with
//! lopdf (`finish.rs`): the fonts subset to the glyphs the pages use (`embed.rs`,
//! typst's `subsetter`), bookmarks, and what PDF/A-2b asks for (XMP metadata, the
//! sRGB output intent). printpdf is used only to read the fonts' metrics.
//!
//! Output is byte-reproducible for the same report and options, in one process and
//! across processes: fonts have fixed resource names and subset names made from their
//! glyph sets, all dates come from [`PdfOptions::generated`], and the trailer `/ID` is
//! a hash of the file's content.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use printpdf::{Mm, ParsedFont};
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
mod embed;
mod finish;
mod fonts;
mod hinting;
pub(crate) mod labels;
mod layout;
mod names;
mod sections;
mod select;
mod table;
#[cfg(test)]
mod tests;

use canvas::*;
use chrome::*;
use compress::*;
use embed::*;
use finish::*;
use fonts::*;
use labels::*;
use layout::*;
#[cfg(test)]
pub(crate) use names::slug;
pub(crate) use names::statement_file_names;
use sections::*;
pub use select::RepSelection;
use table::*;

static REGULAR_TTF: &[u8] = include_bytes!("../../../templates/fonts/LiberationSans-Regular.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../../templates/fonts/LiberationSans-Bold.ttf");
/// The sRGB profile of the PDF/A output intent.
static SRGB_ICC: &[u8] = include_bytes!("../../../templates/icc/sRGB.icc");
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

/// Who closed the period and when (`activity-quota close`): filled into the sign-off
/// block and stamped on every page instead of "Draft — not closed".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignOff {
    pub by: String,
    pub at: chrono::DateTime<chrono::Utc>,
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
    /// The sign-off of a closed period; `None`: every page says "Draft — not closed".
    closure: Option<SignOff>,
    /// [`SRGB_ICC`] as a zlib stream.
    icc: Vec<u8>,
}

impl Pdf {
    pub fn new(opts: &PdfOptions) -> Result<Pdf> {
        Ok(Pdf {
            fonts: Fonts::load()?,
            labels: Labels::load(opts.lang)?,
            opts: *opts,
            closure: None,
            icc: zlib(SRGB_ICC)?,
        })
    }

    /// The same renderer for a closed period: the sign-off block filled in and
    /// "Closed by … on …" on every page.
    pub fn closed(mut self, sign_off: SignOff) -> Pdf {
        self.closure = Some(sign_off);
        self
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

    /// Lay out a body, then give every page the header and a numbered footer; the
    /// whole PDF.
    fn document(
        &self,
        report: &Report,
        title: &str,
        subtitle: Option<String>,
        parallel: bool,
        body: impl FnOnce(&mut Layout),
    ) -> Result<Vec<u8>> {
        let (streams, used) = self.pages(report, title, subtitle.clone(), parallel, body)?;
        self.write(&self.meta(report, title, subtitle), streams, &used, &[])
    }

    /// The document information of a document titled `title` (and `subtitle`).
    fn meta(&self, report: &Report, title: &str, subtitle: Option<String>) -> DocMeta {
        let labels = &self.labels;
        let mut parts = vec![report.meta.company.clone(), title.to_string()];
        parts.extend(subtitle);
        parts.push(labels.period_name(&report.meta.period));
        DocMeta {
            title: parts.join(" — "),
            author: report.meta.company.clone(),
            subject: labels.period_name(&report.meta.period),
            creator: format!("activity-quota {}", report.meta.version),
            generated: self.opts.generated,
        }
    }

    /// Lay out a body, then give every page the header and a numbered footer: the
    /// pages' compressed content streams and the glyphs they use.
    ///
    /// With `parallel`, a second thread compresses the pages' bodies while the
    /// layout goes on (one document, such as `report.pdf`, at a time); without, the
    /// calling thread does it (statements, rendered many at a time).
    fn pages(
        &self,
        report: &Report,
        title: &str,
        subtitle: Option<String>,
        parallel: bool,
        body: impl FnOnce(&mut Layout),
    ) -> Result<(Vec<Vec<u8>>, [Used; 2])> {
        let (fonts, labels, opts) = (&self.fonts, &self.labels, &self.opts);
        let queue = Queue::default();
        let (streams, cv) = std::thread::scope(|scope| -> Result<_> {
            let helper = parallel.then(|| scope.spawn(|| queue.work()));
            // Pass 1: the body, laid out into pages of operations, each handed to
            // the queue for compression when it is full. (The queue is closed
            // however this ends, so that the helper cannot wait forever.)
            let closing = CloseOnDrop(&queue);
            let mut lay = Layout::new(fonts, labels, &queue);
            lay.closure = self.closure.as_ref();
            body(&mut lay);
            let (total, mut cv) = lay.finish();
            drop(closing);

            // Pass 2: header and numbered footer on every page (drawn before the body).
            let mut chrome = Chrome::new(report, opts, labels, title, subtitle.clone());
            chrome.stamp = stamp(labels, self.closure.as_ref());
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
        Ok((streams, used_of(&cv)))
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

    /// The indices of the reps `sel` names, in `report.reps` order.
    pub fn selected(&self, sel: &RepSelection) -> Vec<usize> {
        (self.report.reps.iter().enumerate())
            .filter(|(_, r)| sel.includes(&r.rep_id, &r.team))
            .map(|(i, _)| i)
            .collect()
    }

    /// Rep `i`'s statement as a file of its own.
    pub fn render(&self, i: usize) -> Result<Vec<u8>> {
        let pages = self.pages(i)?;
        self.file(i, &pages)
    }

    /// The pages of rep `i`'s statement: their numbers, their attainment rows, their
    /// exceptions.
    pub fn pages(&self, i: usize) -> Result<RepPages> {
        let rep = self.rep(i)?;
        let (streams, used) = self.pdf.pages(
            self.report,
            &self.pdf.labels.statement.title,
            Some(subtitle(rep)),
            false,
            |lay| statement_body(lay, self.report, rep, &self.rows[i], &self.pdf.opts),
        )?;
        Ok(RepPages { streams, used })
    }

    /// Rep `i`'s statement of `pages` (from [`Statements::pages`]) as a file of its own.
    pub fn file(&self, i: usize, pages: &RepPages) -> Result<Vec<u8>> {
        let rep = self.rep(i)?;
        let title = &self.pdf.labels.statement.title;
        let meta = self.pdf.meta(self.report, title, Some(subtitle(rep)));
        self.pdf
            .write(&meta, pages.streams.clone(), &pages.used, &[])
    }

    /// An empty combined statements file (`statements.pdf`): one bookmark per rep.
    pub fn combined(&self) -> Combined<'_> {
        Combined {
            st: self,
            streams: Vec::new(),
            used: [Vec::new(), Vec::new()],
            marks: Vec::new(),
        }
    }

    fn rep(&self, i: usize) -> Result<&RepRow> {
        self.report
            .reps
            .get(i)
            .ok_or_else(|| Error::run(format!("no rep {i} in the report")))
    }
}

/// The rep ids of a combined statements file, in its order, from its bookmarks (each
/// ends in `(ID)`, as [`subtitle`] writes it): what `close` renders again.
pub fn combined_rep_ids(bytes: &[u8]) -> Result<Vec<String>> {
    let bad = |e: String| {
        Error::run(format!(
            "cannot read the bookmarks of a statements file: {e}"
        ))
    };
    let doc = lopdf::Document::load_mem(bytes).map_err(|e| bad(e.to_string()))?;
    let toc = doc.get_toc().map_err(|e| bad(e.to_string()))?;
    toc.toc
        .iter()
        .map(|t| {
            t.title
                .trim_end()
                .strip_suffix(')')
                .and_then(|t| t.rsplit_once('('))
                .map(|(_, id)| id.to_string())
                .ok_or_else(|| bad(format!("bookmark `{}` names no rep id", t.title)))
        })
        .collect()
}

/// The statement's subtitle: the rep's name and id.
fn subtitle(rep: &RepRow) -> String {
    format!("{} ({})", rep.rep_name, rep.rep_id)
}

/// A statement's pages, compressed, and the glyphs they use.
pub struct RepPages {
    streams: Vec<Vec<u8>>,
    used: [Used; 2],
}

/// Every selected rep's statement in one file, with a bookmark per rep at its first
/// page (each statement keeps its own "page X of Y").
pub struct Combined<'a> {
    st: &'a Statements<'a>,
    streams: Vec<Vec<u8>>,
    used: [Used; 2],
    marks: Vec<Mark>,
}

impl Combined<'_> {
    /// Append rep `i`'s statement (reps are added in the order they are to appear).
    pub fn add(&mut self, i: usize, pages: RepPages) -> Result<()> {
        let rep = self.st.rep(i)?;
        self.marks.push(Mark {
            title: subtitle(rep),
            page: self.streams.len(),
        });
        self.streams.extend(pages.streams);
        merge_used(&mut self.used, &pages.used);
        Ok(())
    }

    /// The file.
    pub fn finish(self) -> Result<Vec<u8>> {
        let pdf = self.st.pdf;
        let meta = pdf.meta(self.st.report, &pdf.labels.statement.title, None);
        pdf.write(&meta, self.streams, &self.used, &self.marks)
    }
}
