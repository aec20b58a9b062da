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

use anyhow::{Context, Result, bail};
use chrono::{Datelike, NaiveDate};
use printpdf::{
    FontId, Mm, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Pt,
    TextItem,
};
use serde::Deserialize;

use crate::{
    count::{FileStats, NotCounted},
    model::{Kind, Lang, Metric},
    normalise::value::format_amount,
    report::{AttainmentRow, Conversion, KindCell, Pace, RepRow, Report, Status},
};

static REGULAR_TTF: &[u8] = include_bytes!("../../templates/fonts/LiberationSans-Regular.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../templates/fonts/LiberationSans-Bold.ttf");
/// The fonts as zlib streams, deflated by `build.rs`.
static REGULAR_ZLIB: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/LiberationSans-Regular.ttf.zlib"));
static BOLD_ZLIB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/LiberationSans-Bold.ttf.zlib"));
static LABELS_EN: &str = include_str!("../../templates/en/labels.toml");
static LABELS_PL: &str = include_str!("../../templates/pl/labels.toml");

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
pub fn render(report: &Report, opts: &PdfOptions) -> Result<Vec<u8>> {
    Pdf::new(opts)?.report(report)
}

/// Render the statement of the rep `rep_id` (see [`Pdf::statements`]).
pub fn render_statement(report: &Report, rep_id: &str, opts: &PdfOptions) -> Result<Vec<u8>> {
    let pdf = Pdf::new(opts)?;
    let st = pdf.statements(report);
    let Some(i) = report.reps.iter().position(|r| r.rep_id == rep_id) else {
        bail!("no rep `{rep_id}` in the report");
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
                    .map_err(|_| anyhow::anyhow!("the PDF compression thread panicked"))?;
                done.extend(theirs);
            }
            if done.len() != total {
                bail!("{} of {total} page bodies were compressed", done.len());
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
            .map_err(|e| anyhow::anyhow!("cannot serialise the PDF: {e}"))?;
        if bytes.is_empty() {
            bail!("printpdf produced an empty document");
        }
        pin_trailer_id(&mut bytes)?;
        Ok(bytes)
    }
}

/// Give the pages of `doc`, in order, the (compressed) content streams `streams`.
fn set_contents(doc: &mut lopdf::Document, streams: Vec<Vec<u8>>) -> Result<()> {
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    if pages.len() != streams.len() {
        bail!(
            "printpdf laid out {} pages instead of {}",
            pages.len(),
            streams.len()
        );
    }
    let err = |e: lopdf::Error| anyhow::anyhow!("cannot set a page's content: {e}");
    for (page, content) in pages.into_iter().zip(streams) {
        let id = doc
            .get_dictionary(page)
            .and_then(|d| d.get(b"Contents"))
            .and_then(lopdf::Object::as_reference)
            .map_err(err)?;
        let stream = doc
            .get_object_mut(id)
            .and_then(lopdf::Object::as_stream_mut)
            .map_err(err)?;
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(content);
    }
    Ok(())
}

impl Pdf {
    /// Flate-compress every stream that allows it and is not compressed yet, on two
    /// threads, at the default level (lopdf's own `compress` uses `best`,
    /// single-threaded). Streams seen before (the fonts) come from the cache.
    fn compress(&self, doc: &mut lopdf::Document) {
        let mut todo: Vec<&mut lopdf::Stream> = doc
            .objects
            .values_mut()
            .filter_map(|o| match o {
                lopdf::Object::Stream(s)
                    if s.allows_compression && s.dict.get(b"Filter").is_err() =>
                {
                    Some(s)
                }
                _ => None,
            })
            .collect();
        let pack = |s: &mut lopdf::Stream| {
            let Some(packed) = self.pack_cached(&s.content) else {
                return;
            };
            if packed.len() + 19 < s.content.len() {
                s.dict.set("Filter", "FlateDecode");
                s.set_content(packed);
            }
        };
        let half = todo.len() / 2;
        let (a, b) = todo.split_at_mut(half);
        std::thread::scope(|scope| {
            scope.spawn(|| a.iter_mut().for_each(|s| pack(s)));
            b.iter_mut().for_each(|s| pack(s));
        });
    }

    /// `content` as a zlib stream at the default level; one over 64 KiB (an embedded
    /// font) is compressed once and then taken from the cache (the fonts are there
    /// from the start, deflated at build time).
    fn pack_cached(&self, content: &[u8]) -> Option<Vec<u8>> {
        let key = (content.len() > 64 * 1024).then(|| stream_key(content));
        if let Some(p) = key.and_then(|k| self.packed.lock().ok()?.get(&k).cloned()) {
            return Some(p);
        }
        use std::io::Write;
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(content).ok()?;
        let p = e.finish().ok()?;
        if let (Some(k), Ok(mut m)) = (key, self.packed.lock()) {
            m.insert(k, p.clone());
        }
        Some(p)
    }
}

/// The key of a large stream in [`Pdf::packed`].
fn stream_key(content: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x9df).hash_one(content)
}

// ---------------------------------------------------------------------------------------
// Page compression
// ---------------------------------------------------------------------------------------

/// The zlib level of the page content streams: on the bench report, level 5 makes
/// them 0.1 % larger than the default (6) in two thirds of the time.
const PAGE_LEVEL: flate2::Compression = flate2::Compression::new(2);

/// Page bodies waiting to be compressed, filled by the layout, emptied by whichever
/// thread is free. Each body is compressed on its own, so the result does not
/// depend on which thread took it.
#[derive(Default)]
struct Queue {
    state: std::sync::Mutex<Pending>,
    more: std::sync::Condvar,
}

/// The bodies not taken yet, and whether more will come.
#[derive(Default)]
struct Pending {
    /// (page index, operators)
    bodies: std::collections::VecDeque<(usize, Vec<u8>)>,
    closed: bool,
}

/// Closes the queue when dropped.
struct CloseOnDrop<'a>(&'a Queue);

impl Drop for CloseOnDrop<'_> {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// A page body's operators (without the final newline) as a zlib stream.
struct PackedBody {
    zlib: Vec<u8>,
    len: usize,
}

impl Queue {
    fn lock(&self) -> std::sync::MutexGuard<'_, Pending> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn push(&self, page: usize, body: Vec<u8>) {
        self.lock().bodies.push_back((page, body));
        self.more.notify_one();
    }

    /// No more bodies will come.
    fn close(&self) {
        self.lock().closed = true;
        self.more.notify_all();
    }

    /// Compress bodies until the queue is closed and empty; `None` for an empty body.
    fn work(&self) -> Vec<(usize, Result<Option<PackedBody>>)> {
        let mut z = flate2::Compress::new(PAGE_LEVEL, true);
        let mut out = Vec::new();
        loop {
            let job = {
                let mut q = self.lock();
                loop {
                    if let Some(job) = q.bodies.pop_front() {
                        break Some(job);
                    }
                    if q.closed {
                        break None;
                    }
                    q = self.more.wait(q).unwrap_or_else(|e| e.into_inner());
                }
            };
            let Some((page, mut body)) = job else {
                return out;
            };
            let packed = if body.pop().is_none() {
                Ok(None)
            } else {
                deflate(&mut z, &body, flate2::FlushCompress::Finish).map(|zlib| {
                    Some(PackedBody {
                        zlib,
                        len: body.len(),
                    })
                })
            };
            out.push((page, packed));
        }
    }
}

/// `input` through `z` (reset first), ending with `flush`: `Finish` gives a whole zlib
/// stream, `Sync` its header and blocks so far, byte-aligned, for more to follow.
fn deflate(
    z: &mut flate2::Compress,
    input: &[u8],
    flush: flate2::FlushCompress,
) -> Result<Vec<u8>> {
    z.reset();
    let mut out = Vec::with_capacity(input.len() / 4 + 64);
    loop {
        let read = usize::try_from(z.total_in()).unwrap_or(usize::MAX);
        let rest = input.get(read..).unwrap_or_default();
        let status = z
            .compress_vec(rest, &mut out, flush)
            .map_err(|e| anyhow::anyhow!("cannot compress a page: {e}"))?;
        // a flush is complete when all input is in and the output did not fill up
        let finished = if flush == flate2::FlushCompress::Finish {
            status == flate2::Status::StreamEnd
        } else {
            z.total_in() == input.len() as u64 && out.len() < out.capacity()
        };
        if finished {
            return Ok(out);
        }
        out.reserve(out.capacity().max(4096));
    }
}

/// A page's content stream as one zlib stream: the header and footer operators
/// `chrome` (ending in a newline), then the body. The body was compressed on its
/// own; its deflate blocks follow the chrome's (flushed to a byte boundary), and the
/// checksum is that of both.
fn page_stream(
    z: &mut flate2::Compress,
    mut chrome: Vec<u8>,
    body: Option<PackedBody>,
) -> Result<Vec<u8>> {
    let Some(body) = body else {
        // operators are separated by newlines, with none after the last
        chrome.pop();
        return deflate(z, &chrome, flate2::FlushCompress::Finish);
    };
    let mut out = deflate(z, &chrome, flate2::FlushCompress::Sync)?;
    let n = body.zlib.len();
    let (Some(blocks), Some(sum)) = (
        body.zlib.get(2..n.saturating_sub(4)),
        body.zlib.get(n.saturating_sub(4)..),
    ) else {
        bail!("a compressed page body is too short");
    };
    let sum = u32::from_be_bytes([sum[0], sum[1], sum[2], sum[3]]);
    out.extend_from_slice(blocks);
    out.extend_from_slice(&adler32_combine(adler32(&chrome), sum, body.len).to_be_bytes());
    Ok(out)
}

const ADLER_BASE: u32 = 65521;

/// The Adler-32 checksum of `data` (RFC 1950).
fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    // 5552 bytes is the most that cannot overflow `b` before the reduction
    for chunk in data.chunks(5552) {
        for &x in chunk {
            a += u32::from(x);
            b += a;
        }
        a %= ADLER_BASE;
        b %= ADLER_BASE;
    }
    (b << 16) | a
}

/// The Adler-32 of `x` followed by `y`, from that of `x` (`a1`), that of `y` (`a2`)
/// and the length of `y` (zlib's `adler32_combine`).
fn adler32_combine(a1: u32, a2: u32, len2: usize) -> u32 {
    let base = u64::from(ADLER_BASE);
    let rem = len2 as u64 % base;
    let mut sum1 = u64::from(a1 & 0xffff);
    let mut sum2 = (rem * sum1) % base;
    sum1 += u64::from(a2 & 0xffff) + base - 1;
    sum2 += u64::from(a1 >> 16) + u64::from(a2 >> 16) + base - rem;
    if sum1 >= base {
        sum1 -= base;
    }
    if sum1 >= base {
        sum1 -= base;
    }
    if sum2 >= 2 * base {
        sum2 -= 2 * base;
    }
    if sum2 >= base {
        sum2 -= base;
    }
    ((sum2 << 16) | sum1) as u32
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
            bail!("no rep {i} in the report");
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

// ---------------------------------------------------------------------------------------
// Statement file names
// ---------------------------------------------------------------------------------------

/// `s` as a safe part of a file name: ASCII letters, digits and `-` only. Letters
/// lose their diacritics (ą → a, ł → l, ż → z, ë → e), every other run of characters
/// (spaces, `/`, `\`, `.`, `<`, control characters, …) becomes one `-`, and there
/// is no `-` at either end; at most `max` bytes.
pub fn slug(s: &str, max: usize) -> String {
    use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};
    let mut out = String::new();
    let mut sep = false;
    for c in s.nfkd() {
        let mapped: &str = match c {
            'ł' => "l",
            'Ł' => "L",
            'ß' => "ss",
            'æ' => "ae",
            'Æ' => "AE",
            'œ' => "oe",
            'Œ' => "OE",
            'ø' => "o",
            'Ø' => "O",
            'đ' | 'ð' => "d",
            'Đ' | 'Ð' => "D",
            'þ' => "th",
            'Þ' => "Th",
            'ı' => "i",
            '\'' | '’' | 'ʼ' => continue,
            c if is_combining_mark(c) => continue,
            c if c.is_ascii_alphanumeric() => {
                if sep && !out.is_empty() {
                    out.push('-');
                }
                sep = false;
                out.push(c);
                continue;
            }
            _ => {
                sep = true;
                continue;
            }
        };
        if sep && !out.is_empty() {
            out.push('-');
        }
        sep = false;
        out.push_str(mapped);
    }
    if out.len() > max {
        out.truncate(max);
        while out.ends_with('-') {
            out.pop();
        }
    }
    out
}

/// The statement file name of every rep, in `reps` order: `<rep_id>-<name>.pdf`, both
/// parts through [`slug`] (the name in lower case), `rep` for a part with nothing
/// left. Names that would clash (also when case is ignored) get `-2`, `-3`, ….
pub fn statement_file_names(reps: &[RepRow]) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    reps.iter()
        .map(|r| {
            let id = Some(slug(&r.rep_id, 40))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "rep".into());
            let name = Some(slug(&r.rep_name, 60).to_ascii_lowercase())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "rep".into());
            let base = format!("{id}-{name}");
            let mut file = format!("{base}.pdf");
            let mut n = 1;
            while !taken.insert(file.to_ascii_lowercase()) {
                n += 1;
                file = format!("{base}-{n}.pdf");
            }
            file
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Labels (templates/<lang>/labels.toml)
// ---------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Labels {
    format: FormatLabels,
    document: DocumentLabels,
    header: HeaderLabels,
    footer: FooterLabels,
    kinds: KindLabels,
    metrics: MetricLabels,
    pace: PaceLabels,
    status: StatusLabels,
    kpi: KpiLabels,
    teams: TeamLabels,
    reps: RepLabels,
    chart: ChartLabels,
    leaderboard: LeaderboardLabels,
    sales: SalesLabels,
    conversion: ConversionLabels,
    pacing: PacingLabels,
    proration: ProrationLabels,
    statement: StatementLabels,
    exceptions: ExceptionLabels,
    quality: QualityLabels,
    provenance: ProvenanceLabels,
    signoff: SignoffLabels,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FormatLabels {
    decimal_separator: String,
    thousands_separator: String,
    percent_suffix: String,
    date: String,
    months: Vec<String>,
    week: String,
    quarter: String,
    year: String,
    range: String,
    period_with_dates: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentLabels {
    title: String,
    continued: String,
    none: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderLabels {
    period: String,
    tz_basis: String,
    config: String,
    generated: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FooterLabels {
    page: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KindLabels {
    call: String,
    email: String,
    social: String,
    meeting: String,
    proposal: String,
    opportunity: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MetricLabels {
    won: String,
    won_amount: String,
    units: String,
    new_customers: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PaceLabels {
    on_track: String,
    behind: String,
    at_risk: String,
    not_started: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LeaderboardLabels {
    title: String,
    note: String,
    rank: String,
    rep: String,
    team: String,
    score: String,
    tier: String,
    status: String,
    eligible_title: String,
    eligible_note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SalesLabels {
    title: String,
    note: String,
    rep: String,
    team: String,
    reps: String,
    created: String,
    done: String,
    target: String,
    pct: String,
    currency: String,
    mixed: String,
    teams_title: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConversionLabels {
    title: String,
    note: String,
    rep: String,
    team: String,
    activities: String,
    opportunities: String,
    all_kinds: String,
    per_100: String,
    per_opp: String,
    teams_title: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PacingLabels {
    title: String,
    note: String,
    rep: String,
    period: String,
    metric: String,
    done: String,
    expected: String,
    target: String,
    projected: String,
    pace: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProrationLabels {
    title: String,
    note: String,
    rep: String,
    period: String,
    metric: String,
    full: String,
    basis: String,
    target: String,
    basis_days: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StatementLabels {
    title: String,
    total_note: String,
    rep_id: String,
    team: String,
    role: String,
    time_zone: String,
    status: String,
    score: String,
    rank_of: String,
    no_rank: String,
    tier: String,
    no_tier: String,
    summary_title: String,
    metric: String,
    rows_title: String,
    plan: String,
    below_title: String,
    below_note: String,
    conversion_title: String,
    kind: String,
    opportunities: String,
    source_title: String,
    source_note: String,
    signoff_rep: String,
    signoff_manager: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusLabels {
    below: String,
    met: String,
    exceeded: String,
    no_quota: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KpiLabels {
    title: String,
    total_activities: String,
    total_activities_note: String,
    reps_meeting: String,
    n_of_m: String,
    reward_eligible: String,
    reward_eligible_note: String,
    kind: String,
    done: String,
    target: String,
    pct: String,
    status: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TeamLabels {
    title: String,
    team: String,
    reps: String,
    reps_met: String,
    total: String,
    status: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RepLabels {
    title: String,
    rep: String,
    team: String,
    done: String,
    target: String,
    pct: String,
    total: String,
    status: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChartLabels {
    title: String,
    note: String,
    no_quota: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExceptionLabels {
    title: String,
    below_title: String,
    below_note: String,
    exceeded_title: String,
    exceeded_note: String,
    rep: String,
    team: String,
    worst_kind: String,
    period: String,
    done: String,
    target: String,
    pct: String,
    lowest: String,
    total: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QualityLabels {
    title: String,
    note: String,
    source: String,
    file: String,
    read: String,
    counted: String,
    not_counted: String,
    duplicates: String,
    rejected: String,
    unmatched: String,
    empty: String,
    trailer: String,
    total: String,
    reconciles: String,
    not_reconciled: String,
    reasons_title: String,
    reason: String,
    rows: String,
    reason_outside_period: String,
    reason_direction: String,
    reason_outcome: String,
    reason_min_duration: String,
    reason_future: String,
    reason_currency: String,
    unknown_title: String,
    identity: String,
    rejects_title: String,
    line: String,
    column: String,
    value: String,
    why: String,
    more: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProvenanceLabels {
    title: String,
    note: String,
    file: String,
    size: String,
    sha256: String,
    config: String,
    config_sha256: String,
    tool: String,
    language: String,
    generated: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignoffLabels {
    title: String,
    prepared_by: String,
    approved_by: String,
    date: String,
    name_signature: String,
    date_hint: String,
}

/// Shown where a value does not apply (no target).
const DASH: &str = "–";
/// Rejected rows listed in the PDF; all of them are in rejects.csv.
const MAX_REJECTS: usize = 20;
/// Unknown identities listed in the PDF.
const MAX_UNKNOWN: usize = 15;

/// `{key}` placeholders replaced by values.
fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut s = template.to_string();
    for (k, v) in args {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

/// `14/22 working days` → (14, 22).
fn parse_basis(s: &str) -> Option<(u64, u64)> {
    let (a, b) = s.split_whitespace().next()?.split_once('/')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// A target that was prorated: fewer available than working days.
fn prorated(a: &AttainmentRow) -> bool {
    match parse_basis(&a.extra.basis) {
        Some((available, working)) => available != working,
        None => a.extra.target_full != 0 && a.extra.target_full != a.target,
    }
}

fn roman(q: u32) -> &'static str {
    match q {
        1 => "I",
        2 => "II",
        3 => "III",
        4 => "IV",
        _ => "?",
    }
}

impl Labels {
    fn load(lang: Lang) -> Result<Labels> {
        let l: Labels = toml::from_str(labels_source(lang))
            .with_context(|| format!("templates/{}/labels.toml", lang.as_str()))?;
        if l.format.months.len() != 12 {
            bail!(
                "templates/{}/labels.toml: format.months needs 12 names",
                lang.as_str()
            );
        }
        use chrono::format::{Item, StrftimeItems};
        if StrftimeItems::new(&l.format.date).any(|i| matches!(i, Item::Error)) {
            bail!(
                "templates/{}/labels.toml: bad format.date {:?}",
                lang.as_str(),
                l.format.date
            );
        }
        Ok(l)
    }

    /// `1234567` → `1,234,567` (en) or `1 234 567` (pl).
    fn int(&self, n: u64) -> String {
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + 8);
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(&self.format.thousands_separator);
            }
            out.push(ch);
        }
        out
    }

    fn opt_int(&self, n: Option<u64>) -> String {
        n.map_or_else(|| DASH.to_string(), |n| self.int(n))
    }

    /// Tenths of a percent → `1,234.5 %` (en) or `1 234,5 %` (pl).
    fn pct(&self, tenths: u64) -> String {
        format!(
            "{}{}{}{}",
            self.int(tenths / 10),
            self.format.decimal_separator,
            tenths % 10,
            self.format.percent_suffix
        )
    }

    fn opt_pct(&self, tenths: Option<u64>) -> String {
        tenths.map_or_else(|| DASH.to_string(), |t| self.pct(t))
    }

    fn date(&self, d: NaiveDate) -> String {
        let mut s = String::new();
        if write!(s, "{}", d.format(&self.format.date)).is_err() {
            return d.to_string();
        }
        s
    }

    /// A period label from the model (`2026-10`, `2026-W43`, `2026-Q4`, `2026`, or a
    /// range `a..b`) in words: `October 2026`, `październik 2026`, ...
    fn period_name(&self, label: &str) -> String {
        match label.split_once("..") {
            Some((a, b)) => fill(
                &self.format.range,
                &[("from", &self.one_period(a)), ("to", &self.one_period(b))],
            ),
            None => self.one_period(label),
        }
    }

    fn one_period(&self, label: &str) -> String {
        let f = &self.format;
        let Some((y, rest)) = label.split_once('-') else {
            return if label.len() == 4 && label.parse::<i32>().is_ok() {
                fill(&f.year, &[("year", label)])
            } else {
                label.to_string()
            };
        };
        if y.len() != 4 || y.parse::<i32>().is_err() {
            return label.to_string();
        }
        if let Some(w) = rest.strip_prefix('W').and_then(|w| w.parse::<u32>().ok()) {
            return fill(&f.week, &[("year", y), ("week", &w.to_string())]);
        }
        if let Some(q) = rest.strip_prefix('Q').and_then(|q| q.parse::<u32>().ok()) {
            return fill(
                &f.quarter,
                &[
                    ("year", y),
                    ("quarter", &q.to_string()),
                    ("roman", roman(q)),
                ],
            );
        }
        match rest
            .parse::<usize>()
            .ok()
            .and_then(|m| m.checked_sub(1))
            .and_then(|i| f.months.get(i))
        {
            Some(month) => format!("{month} {y}"),
            None => label.to_string(),
        }
    }

    fn kind(&self, k: Kind) -> &str {
        let l = &self.kinds;
        match k {
            Kind::Call => &l.call,
            Kind::Email => &l.email,
            Kind::Social => &l.social,
            Kind::Meeting => &l.meeting,
            Kind::Proposal => &l.proposal,
            Kind::Opportunity => &l.opportunity,
        }
    }

    fn metric(&self, m: Metric) -> &str {
        let l = &self.metrics;
        match m {
            Metric::Count(Kind::Opportunity) => &self.sales.created,
            Metric::Count(k) => self.kind(k),
            Metric::Won => &l.won,
            Metric::WonAmount => &l.won_amount,
            Metric::Units => &l.units,
            Metric::NewCustomers => &l.new_customers,
        }
    }

    /// A metric's name, with the currency of a won amount: `Won amount (PLN)`.
    fn metric_in(&self, m: Metric, currency: &str) -> String {
        if m == Metric::WonAmount && !currency.is_empty() {
            format!("{} ({currency})", self.metric(m))
        } else {
            self.metric(m).to_string()
        }
    }

    /// The metric of an attainment row, with its currency.
    fn row_metric(&self, a: &AttainmentRow) -> String {
        self.metric_in(a.metric(), &a.extra.currency)
    }

    /// A decimal as `format_amount` writes it (`1234.50`), in this language's number
    /// format (`1,234.50`, `1 234,50`).
    fn decimal(&self, s: &str) -> String {
        let (sign, s) = match s.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", s),
        };
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let int = int
            .parse::<u64>()
            .map_or_else(|_| int.to_string(), |n| self.int(n));
        if frac.is_empty() {
            format!("{sign}{int}")
        } else {
            format!("{sign}{int}{}{frac}", self.format.decimal_separator)
        }
    }

    /// A metric's value: counts as integers, money with two decimals (the model keeps
    /// 1/10 000), units without trailing zeros.
    fn value(&self, m: Metric, v: u64) -> String {
        match m {
            Metric::WonAmount => {
                self.decimal(&format_amount(i64::try_from(v).unwrap_or(i64::MAX), 2))
            }
            Metric::Units => self.decimal(&crate::report::csv::fmt_value(m, v)),
            _ => self.int(v),
        }
    }

    fn opt_value(&self, m: Metric, v: Option<u64>) -> String {
        v.map_or_else(|| DASH.to_string(), |v| self.value(m, v))
    }

    /// A ratio in tenths → `13.3` (en) or `13,3` (pl).
    fn tenths(&self, t: u64) -> String {
        format!(
            "{}{}{}",
            self.int(t / 10),
            self.format.decimal_separator,
            t % 10
        )
    }

    fn opt_tenths(&self, t: Option<u64>) -> String {
        t.map_or_else(|| DASH.to_string(), |t| self.tenths(t))
    }

    fn pace(&self, p: Pace) -> &str {
        let l = &self.pace;
        match p {
            Pace::OnTrack => &l.on_track,
            Pace::Behind => &l.behind,
            Pace::AtRisk => &l.at_risk,
            Pace::NotStarted => &l.not_started,
        }
    }

    /// The model's proration basis (`14/22 working days`) in words; as given when it
    /// has another form.
    fn basis(&self, s: &str) -> String {
        match parse_basis(s) {
            Some((available, working)) => fill(
                &self.proration.basis_days,
                &[
                    ("available", &available.to_string()),
                    ("working", &working.to_string()),
                ],
            ),
            None => s.to_string(),
        }
    }

    fn status(&self, s: Status) -> &str {
        let l = &self.status;
        match s {
            Status::Below => &l.below,
            Status::Met => &l.met,
            Status::Exceeded => &l.exceeded,
            Status::NoQuota => &l.no_quota,
        }
    }

    fn reason(&self, r: NotCounted) -> &str {
        let q = &self.quality;
        match r {
            NotCounted::OutsidePeriod => &q.reason_outside_period,
            NotCounted::Direction => &q.reason_direction,
            NotCounted::Outcome => &q.reason_outcome,
            NotCounted::MinDuration => &q.reason_min_duration,
            NotCounted::Future => &q.reason_future,
            NotCounted::Currency => &q.reason_currency,
        }
    }

    fn continued(&self, title: &str) -> String {
        format!("{title} {}", self.document.continued)
    }
}

// ---------------------------------------------------------------------------------------
// Fonts and text measurement
// ---------------------------------------------------------------------------------------

const PT_MM: f32 = 25.4 / 72.0;
/// Widths planned at 1 pt and scaled differ from widths measured at the final size
/// in the last float bits; without this slack a cell that fits exactly gets cut.
const FIT_SLACK: f32 = 0.05;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Face {
    Regular,
    Bold,
}

impl Face {
    fn id(self) -> FontId {
        FontId(
            match self {
                Face::Regular => "LSR",
                Face::Bold => "LSB",
            }
            .into(),
        )
    }
    fn base_font(self) -> &'static str {
        match self {
            Face::Regular => "LiberationSans",
            Face::Bold => "LiberationSans-Bold",
        }
    }
}

struct Fonts {
    regular: ParsedFont,
    bold: ParsedFont,
    /// Glyph ids and advances of both faces, looked up once (the fonts' own maps are
    /// B-trees, and every character drawn or measured needs them).
    metrics: [Metrics; 2],
    /// Whether both faces have a glyph, for the code points below [`TABLE`].
    both: Vec<bool>,
}

/// Code points below this have their glyph ids in a table; the rest are looked up.
const TABLE: u32 = 0x2200;

struct Metrics {
    /// Glyph id of each code point below [`TABLE`].
    gid: Vec<Option<u16>>,
    /// Advance of each glyph id in font units (0 when the font has none).
    advance: Vec<u16>,
    /// One more than the highest glyph id the font maps a character to.
    glyphs: usize,
    units_per_em: u16,
}

impl Metrics {
    fn of(f: &ParsedFont) -> Metrics {
        let gid = (0..TABLE).map(|cp| f.lookup_glyph_index(cp)).collect();
        let max = f
            .glyph_widths
            .keys()
            .next_back()
            .map_or(0, |&g| usize::from(g) + 1);
        let mut advance = vec![0u16; max];
        for (&g, &w) in &f.glyph_widths {
            advance[usize::from(g)] = w;
        }
        let glyphs = f
            .codepoint_to_glyph
            .values()
            .max()
            .map_or(0, |&g| usize::from(g) + 1);
        Metrics {
            gid,
            advance,
            glyphs,
            units_per_em: f.units_per_em,
        }
    }
}

impl Fonts {
    fn load() -> Result<Fonts> {
        let parse = |bytes: &[u8], name: &str| {
            let mut warnings = Vec::new();
            ParsedFont::from_bytes(bytes, 0, &mut warnings)
                .with_context(|| format!("cannot parse the embedded font {name}"))
        };
        let regular = parse(REGULAR_TTF, "LiberationSans-Regular.ttf")?;
        let bold = parse(BOLD_TTF, "LiberationSans-Bold.ttf")?;
        let metrics = [Metrics::of(&regular), Metrics::of(&bold)];
        let both = (0..TABLE as usize)
            .map(|cp| metrics[0].gid[cp].is_some() && metrics[1].gid[cp].is_some())
            .collect();
        Ok(Fonts {
            regular,
            bold,
            metrics,
            both,
        })
    }

    fn font(&self, face: Face) -> &ParsedFont {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }

    /// The glyph id of `c` in `face`, if the face has one.
    fn glyph(&self, face: Face, c: char) -> Option<u16> {
        let cp = c as u32;
        match self.metrics[face as usize].gid.get(cp as usize) {
            Some(g) => *g,
            None => self.font(face).lookup_glyph_index(cp),
        }
    }

    /// The advance of glyph `g` of `face` in font units.
    fn advance(&self, face: Face, g: u16) -> u16 {
        self.metrics[face as usize]
            .advance
            .get(usize::from(g))
            .copied()
            .unwrap_or(0)
    }

    /// Whether `c` is drawn as itself: not a control character, and both faces have it.
    fn drawable(&self, c: char) -> bool {
        if c.is_control() {
            return false;
        }
        match self.both.get(c as usize) {
            Some(&b) => b,
            None => {
                self.regular.lookup_glyph_index(c as u32).is_some()
                    && self.bold.lookup_glyph_index(c as u32).is_some()
            }
        }
    }

    /// Text as it will be drawn: control characters become spaces, characters the
    /// font has no glyph for become `?` (rather than silently vanishing).
    fn clean<'s>(&self, s: &'s str) -> std::borrow::Cow<'s, str> {
        if s.chars().all(|c| self.drawable(c)) {
            return std::borrow::Cow::Borrowed(s);
        }
        s.chars()
            .map(|c| {
                if self.drawable(c) {
                    c
                } else if c.is_control() {
                    ' '
                } else {
                    '?'
                }
            })
            .collect()
    }

    /// Width in mm of `s` at `size` pt, from the font's glyph advances.
    fn width(&self, face: Face, s: &str, size: f32) -> f32 {
        let units: u64 = s
            .chars()
            .map(|c| {
                self.glyph(face, c)
                    .or_else(|| self.glyph(face, '?'))
                    .map_or(0, |g| u64::from(self.advance(face, g)))
            })
            .sum();
        let upem = self.metrics[face as usize].units_per_em;
        units as f32 / f32::from(upem.max(1)) * size * PT_MM
    }

    /// `s` cut to `max` mm, ending in "…" when it was cut.
    fn fit(&self, face: Face, s: &str, size: f32, max: f32) -> String {
        let max = max + FIT_SLACK;
        let s = self.clean(s);
        if self.width(face, &s, size) <= max {
            return s.into_owned();
        }
        let budget = max - self.width(face, "…", size);
        let mut out = String::new();
        let mut w = 0.0;
        let mut buf = [0u8; 4];
        for c in s.chars() {
            let cw = self.width(face, c.encode_utf8(&mut buf), size);
            if w + cw > budget {
                break;
            }
            w += cw;
            out.push(c);
        }
        let mut out = out.trim_end().to_string();
        out.push('…');
        out
    }

    /// `s` broken into lines of at most `max` mm: at spaces, and inside words that
    /// are too long (after the last `/`, `\`, `_` or `-` when there is one, as in paths).
    fn wrap(&self, face: Face, s: &str, size: f32, max: f32) -> Vec<String> {
        let max = max + FIT_SLACK;
        let s = self.clean(s);
        let mut lines = Vec::new();
        let mut cur = String::new();
        for word in s.split(' ') {
            let candidate = if cur.is_empty() {
                word.to_string()
            } else {
                format!("{cur} {word}")
            };
            if self.width(face, &candidate, size) <= max {
                cur = candidate;
                continue;
            }
            if !cur.is_empty() {
                lines.push(std::mem::take(&mut cur));
            }
            let mut piece = String::new();
            for c in word.chars() {
                let mut t = piece.clone();
                t.push(c);
                if piece.is_empty() || self.width(face, &t, size) <= max {
                    piece = t;
                    continue;
                }
                match piece.rfind(['/', '\\', '_', '-']).map(|i| i + 1) {
                    Some(cut) if cut < piece.len() => {
                        let rest = piece.split_off(cut);
                        lines.push(std::mem::replace(&mut piece, rest));
                        piece.push(c);
                    }
                    _ => {
                        lines.push(std::mem::take(&mut piece));
                        piece.push(c);
                    }
                }
            }
            cur = piece;
        }
        if !cur.is_empty() || lines.is_empty() {
            lines.push(cur);
        }
        lines
    }
}

// ---------------------------------------------------------------------------------------
// Page geometry, colours and drawing primitives (all lengths in mm, origin bottom-left)
// ---------------------------------------------------------------------------------------

const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
const LEFT: f32 = 15.0;
const RIGHT: f32 = 195.0;
const WIDTH: f32 = RIGHT - LEFT;
/// Top of the body (the header sits above).
const BODY_TOP: f32 = 262.0;
/// Bottom of the body (the footer sits below).
const BODY_BOTTOM: f32 = 19.0;

/// A fill or stroke colour, RGB in 0..=1.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Color {
    r: f32,
    g: f32,
    b: f32,
}

fn rgb(r: f32, g: f32, b: f32) -> Color {
    Color { r, g, b }
}

struct Palette;

impl Palette {
    fn text() -> Color {
        rgb(0.12, 0.13, 0.15)
    }
    fn muted() -> Color {
        rgb(0.42, 0.44, 0.48)
    }
    fn accent() -> Color {
        rgb(0.11, 0.27, 0.45)
    }
    fn head_fill() -> Color {
        rgb(0.86, 0.90, 0.95)
    }
    fn zebra() -> Color {
        rgb(0.965, 0.972, 0.982)
    }
    fn total_fill() -> Color {
        rgb(0.90, 0.92, 0.95)
    }
    fn grid() -> Color {
        rgb(0.80, 0.82, 0.86)
    }
    fn grid_light() -> Color {
        rgb(0.88, 0.89, 0.92)
    }
    fn card() -> Color {
        rgb(0.945, 0.957, 0.973)
    }
    fn white() -> Color {
        rgb(1.0, 1.0, 1.0)
    }
    fn status_text(s: Status) -> Color {
        match s {
            Status::Below => rgb(0.68, 0.11, 0.11),
            Status::Met | Status::Exceeded => rgb(0.07, 0.43, 0.20),
            Status::NoQuota => Palette::muted(),
        }
    }
    fn status_fill(s: Status) -> Option<Color> {
        match s {
            Status::Below => Some(rgb(0.99, 0.88, 0.87)),
            Status::Met | Status::Exceeded => Some(rgb(0.86, 0.95, 0.87)),
            Status::NoQuota => None,
        }
    }
    fn pace(p: Pace) -> Color {
        match p {
            Pace::OnTrack => Palette::status_text(Status::Met),
            Pace::Behind => rgb(0.62, 0.40, 0.02),
            Pace::AtRisk => Palette::status_text(Status::Below),
            Pace::NotStarted => Palette::muted(),
        }
    }
    fn bar(s: Status) -> Color {
        match s {
            Status::Below => rgb(0.86, 0.37, 0.33),
            Status::Met => rgb(0.40, 0.70, 0.45),
            Status::Exceeded => rgb(0.20, 0.57, 0.33),
            Status::NoQuota => rgb(0.70, 0.72, 0.75),
        }
    }
}

/// Page content streams, written directly as PDF operators (the same operators
/// printpdf would write for the equivalent `Op`s), and the glyphs they use.
struct Canvas<'a> {
    f: &'a Fonts,
    /// The current page's operators, one per line, each ending in `\n`.
    buf: Vec<u8>,
    /// Per face and glyph id: the order key (plus one; 0 = unused) of its last use,
    /// and the character it was drawn for. printpdf builds each font's ToUnicode map
    /// from the last character seen per glyph in page order, so that is kept here.
    used: [Vec<(u32, char)>; 2],
    /// The order of what is drawn now within the document: `2 × page` for the
    /// header and footer, `2 × page + 1` for the body (which follows them).
    key: u32,
    /// The graphics state the operators so far leave, as far as it is known, so
    /// that a colour, line width or font is only set when it changes.
    state: GState,
    /// The state at each open `q`.
    saved: Vec<GState>,
    /// Reals written recently, as written (direct-mapped by their bits): most
    /// coordinates recur, in every row of a column or on every page.
    reals: Vec<(u32, u8, [u8; 14])>,
}

/// log2 of the number of entries of [`Canvas::reals`].
const REALS_BITS: u32 = 10;

/// What [`Canvas`] knows of the graphics state (`None`: not known, set it).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct GState {
    fill: Option<Color>,
    stroke: Option<Color>,
    line_width: Option<f32>,
    font: Option<(Face, f32)>,
}

impl<'a> Canvas<'a> {
    fn new(f: &'a Fonts) -> Canvas<'a> {
        let glyphs = |face: Face| f.metrics[face as usize].glyphs;
        Canvas {
            f,
            buf: Vec::new(),
            used: [
                vec![(0, '\0'); glyphs(Face::Regular)],
                vec![(0, '\0'); glyphs(Face::Bold)],
            ],
            key: 1,
            state: GState::default(),
            saved: Vec::new(),
            reals: vec![(0, 0, [0; 14]); 1 << REALS_BITS],
        }
    }

    /// Start a new content stream (a new page, or the header and footer of one):
    /// nothing is known of its graphics state.
    fn start(&mut self) {
        self.state = GState::default();
        self.saved.clear();
    }

    fn fill(&mut self, col: &Color) {
        if self.state.fill != Some(*col) {
            self.state.fill = Some(*col);
            self.nums(&[col.r, col.g, col.b]);
            self.buf.extend_from_slice(b"rg\n");
        }
    }

    fn stroke(&mut self, col: &Color, width: f32) {
        if self.state.stroke != Some(*col) {
            self.state.stroke = Some(*col);
            self.nums(&[col.r, col.g, col.b]);
            self.buf.extend_from_slice(b"RG\n");
        }
        if self.state.line_width != Some(width) {
            self.state.line_width = Some(width);
            self.nums(&[width]);
            self.buf.extend_from_slice(b"w\n");
        }
    }

    fn font(&mut self, face: Face, size: f32) {
        if self.state.font != Some((face, size)) {
            self.state.font = Some((face, size));
            self.buf.push(b'/');
            self.buf.extend_from_slice(face.id().0.as_bytes());
            self.buf.push(b' ');
            self.num(size);
            self.buf.extend_from_slice(b" Tf\n");
        }
    }

    fn save(&mut self) {
        self.saved.push(self.state);
        self.buf.extend_from_slice(b"q\n");
    }

    fn restore(&mut self) {
        self.state = self.saved.pop().unwrap_or_default();
        self.buf.extend_from_slice(b"Q\n");
    }

    fn num(&mut self, v: f32) {
        let bits = v.to_bits();
        let slot = (bits.wrapping_mul(0x9E37_79B1) >> (32 - REALS_BITS)) as usize;
        if let Some(e) = self.reals.get(slot)
            && e.0 == bits
            && e.1 > 0
        {
            self.buf.extend_from_slice(&e.2[..usize::from(e.1)]);
            return;
        }
        let start = self.buf.len();
        push_real(&mut self.buf, v);
        let text = &self.buf[start..];
        if let Some(e) = self.reals.get_mut(slot)
            && text.len() <= e.2.len()
        {
            e.2[..text.len()].copy_from_slice(text);
            *e = (bits, text.len() as u8, e.2);
        }
    }

    fn nums(&mut self, vs: &[f32]) {
        for &v in vs {
            self.num(v);
            self.buf.push(b' ');
        }
    }

    /// `s` as Identity-H glyph ids, recording every glyph used.
    fn glyphs(&mut self, face: Face, s: &str) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let key = self.key + 1;
        let used = &mut self.used[face as usize];
        self.buf.push(b'<');
        for c in s.chars() {
            let g = match self.f.glyph(face, c) {
                Some(g) => {
                    if let Some(u) = used.get_mut(usize::from(g))
                        && u.0 <= key
                    {
                        *u = (key, c);
                    }
                    g
                }
                None => 0,
            };
            let b = g.to_be_bytes();
            self.buf.extend_from_slice(&[
                HEX[usize::from(b[0] >> 4)],
                HEX[usize::from(b[0] & 15)],
                HEX[usize::from(b[1] >> 4)],
                HEX[usize::from(b[1] & 15)],
            ]);
        }
        self.buf.push(b'>');
    }

    /// The glyphs used so far, per face in glyph order, as printpdf ops that make
    /// printpdf give its fonts the same widths and ToUnicode maps as for the pages.
    fn census(&self) -> Vec<Op> {
        let mut ops = Vec::new();
        for face in [Face::Regular, Face::Bold] {
            let text: String = self.used[face as usize]
                .iter()
                .filter(|u| u.0 > 0)
                .map(|u| u.1)
                .collect();
            if text.is_empty() {
                continue;
            }
            ops.push(Op::StartTextSection);
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(face.id()),
                size: Pt(1.0),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(text)],
            });
            ops.push(Op::EndTextSection);
        }
        ops
    }
}

/// `v` as lopdf writes a real (`{}`: the shortest digits that read back as `v`, no
/// exponent, no `.0` on whole numbers), through ryu where that gives the same text.
fn push_real(buf: &mut Vec<u8>, v: f32) {
    let mut b = ryu::Buffer::new();
    let s = b.format(v).as_bytes();
    if tie_possible(v) || s.contains(&b'e') {
        use std::io::Write as _;
        let _ = write!(buf, "{v}");
    } else {
        buf.extend_from_slice(s.strip_suffix(b".0").unwrap_or(s));
    }
}

/// Whether ryu and `{}` may choose different shortest digits for `v`: they break
/// ties differently (ryu to even, `{}` up), and a tie needs the exact value of `v` to
/// have at most 10 significant digits. Also true for values from 2^24 up, subnormals
/// and non-finite values (checked: every `f32` below 2^24 gives the same text).
fn tie_possible(v: f32) -> bool {
    let bits = v.to_bits();
    let exp = ((bits >> 23) & 0xff) as i32;
    if exp == 0 || exp == 0xff {
        return true;
    }
    let mut m = u64::from((bits & 0x7f_ffff) | 0x80_0000);
    let mut e = exp - 150;
    let tz = m.trailing_zeros() as i32;
    m >>= tz;
    e += tz;
    if e >= 0 {
        // an integer: exact below 2^24
        return e >= 24 || (m << e) >= 1 << 24;
    }
    // v = m / 2^k = m * 5^k / 10^k, with m * 5^k odd: its significant digits
    let k = e.unsigned_abs();
    k <= 14 && m * 5u64.pow(k) < 10_000_000_000
}

fn mm_pt(v: f32) -> f32 {
    Mm(v).into_pt().0
}

/// Text with its baseline starting at (`x`, `y`); nothing for an empty string.
fn op_text(cv: &mut Canvas, face: Face, size: f32, x: f32, y: f32, s: &str, col: &Color) {
    if s.is_empty() {
        return;
    }
    cv.buf.extend_from_slice(b"BT\n");
    cv.fill(col);
    cv.font(face, size);
    cv.nums(&[mm_pt(x), mm_pt(y)]);
    cv.buf.extend_from_slice(b"Td\n");
    cv.glyphs(face, s);
    cv.buf.extend_from_slice(b" Tj\nET\n");
}

/// Filled rectangle; `y` is its bottom edge.
fn op_rect(cv: &mut Canvas, x: f32, y: f32, w: f32, h: f32, col: &Color) {
    cv.fill(col);
    cv.nums(&[mm_pt(x), mm_pt(y), mm_pt(w), mm_pt(h)]);
    cv.buf.extend_from_slice(b"re\nf\n");
}

fn op_line(cv: &mut Canvas, a: (f32, f32), b: (f32, f32), thickness_pt: f32, col: &Color) {
    cv.stroke(col, thickness_pt);
    cv.nums(&[mm_pt(a.0), mm_pt(a.1)]);
    cv.buf.extend_from_slice(b"m\n");
    cv.nums(&[mm_pt(b.0), mm_pt(b.1)]);
    cv.buf.extend_from_slice(b"l\nS\n");
}

fn op_dashed(cv: &mut Canvas, a: (f32, f32), b: (f32, f32), thickness_pt: f32, col: &Color) {
    cv.save();
    cv.buf.extend_from_slice(b"[3 2] 0 d\n");
    op_line(cv, a, b, thickness_pt, col);
    cv.restore();
}

// ---------------------------------------------------------------------------------------
// Pass 1: the body
// ---------------------------------------------------------------------------------------

struct Layout<'a> {
    f: &'a Fonts,
    l: &'a Labels,
    /// Where finished pages go.
    done: &'a Queue,
    /// Pages finished so far.
    pages: usize,
    cur: Canvas<'a>,
    /// The cursor: everything above it on the current page is drawn.
    y: f32,
}

impl<'a> Layout<'a> {
    fn new(f: &'a Fonts, l: &'a Labels, done: &'a Queue) -> Layout<'a> {
        Layout {
            f,
            l,
            done,
            pages: 0,
            cur: Canvas::new(f),
            y: BODY_TOP,
        }
    }

    /// The number of pages, and the canvas (with the glyphs used) for the rest.
    fn finish(mut self) -> (usize, Canvas<'a>) {
        self.done
            .push(self.pages, std::mem::take(&mut self.cur.buf));
        (self.pages + 1, self.cur)
    }

    fn new_page(&mut self) {
        // the next page is likely about as long as this one
        let next = Vec::with_capacity(self.cur.buf.len() + 1024);
        self.done
            .push(self.pages, std::mem::replace(&mut self.cur.buf, next));
        self.pages += 1;
        self.cur.start();
        self.cur.key += 2;
        self.y = BODY_TOP;
    }

    fn at_top(&self) -> bool {
        self.y >= BODY_TOP - 0.01
    }

    /// Start a new page unless `h` mm still fit on this one.
    fn need(&mut self, h: f32) {
        if self.y - h < BODY_BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    fn gap(&mut self, h: f32) {
        if !self.at_top() {
            self.y -= h;
        }
    }

    fn text(&mut self, face: Face, size: f32, x: f32, y: f32, s: &str, col: &Color) {
        let s = self.f.clean(s);
        op_text(&mut self.cur, face, size, x, y, &s, col);
    }

    fn text_right(&mut self, face: Face, size: f32, x: f32, y: f32, s: &str, col: &Color) {
        let s = self.f.clean(s);
        let w = self.f.width(face, &s, size);
        op_text(&mut self.cur, face, size, x - w, y, &s, col);
    }

    fn text_center(&mut self, face: Face, size: f32, x: f32, y: f32, s: &str, col: &Color) {
        let s = self.f.clean(s);
        let w = self.f.width(face, &s, size);
        op_text(&mut self.cur, face, size, x - w / 2.0, y, &s, col);
    }

    /// A section title with a rule under it; keeps `keep` mm of what follows with it.
    fn section(&mut self, title: &str, keep: f32) {
        self.gap(4.0);
        self.need(10.0 + keep);
        let base = self.y - 5.0;
        self.text(Face::Bold, 12.5, LEFT, base, title, &Palette::accent());
        op_line(
            &mut self.cur,
            (LEFT, base - 2.0),
            (RIGHT, base - 2.0),
            0.6,
            &Palette::accent(),
        );
        self.y = base - 4.5;
    }

    /// A sub-heading inside a section.
    fn subheading(&mut self, title: &str, keep: f32) {
        self.gap(2.5);
        self.need(6.0 + keep);
        let base = self.y - 3.8;
        self.text(Face::Bold, 9.5, LEFT, base, title, &Palette::text());
        self.y = base - 2.2;
    }

    /// Wrapped text over the full width.
    fn paragraph(&mut self, s: &str, size: f32, col: &Color) {
        let lh = size * PT_MM * 1.3;
        for line in self.f.wrap(Face::Regular, s, size, WIDTH) {
            self.need(lh);
            self.y -= lh;
            self.text(Face::Regular, size, LEFT, self.y + lh * 0.25, &line, col);
        }
        self.y -= 1.2;
    }

    /// Label-value lines (provenance). Values wrap.
    fn key_values(&mut self, rows: &[(String, String)]) {
        let size = 8.0;
        let lh = size * PT_MM * 1.35;
        let label_w = rows
            .iter()
            .map(|(k, _)| self.f.width(Face::Bold, k, size))
            .fold(30.0_f32, f32::max)
            .min(60.0)
            + 3.0;
        for (k, v) in rows {
            let lines = self.f.wrap(Face::Regular, v, size, WIDTH - label_w);
            self.need(lh * lines.len() as f32);
            let key = self.f.fit(Face::Bold, k, size, label_w - 3.0);
            self.text(
                Face::Bold,
                size,
                LEFT,
                self.y - lh * 0.75,
                &key,
                &Palette::text(),
            );
            for line in lines {
                self.y -= lh;
                self.text(
                    Face::Regular,
                    size,
                    LEFT + label_w,
                    self.y + lh * 0.25,
                    &line,
                    &Palette::text(),
                );
            }
            self.y -= 0.6;
        }
    }
}

// ------------------------------------ tables -------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Align {
    Left,
    Right,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum ColWidth {
    /// As wide as its widest cell.
    Natural,
    /// Takes the spare width; cut with "…" down to this minimum (mm).
    Flex(f32),
    /// Like `Flex`, but wraps onto more lines instead of cutting.
    Wrap(f32),
}

#[derive(Clone, Debug)]
struct Col {
    title: String,
    align: Align,
    width: ColWidth,
    /// Dropped first when the table does not fit even in the smallest font.
    optional: bool,
}

impl Col {
    fn left(title: &str, width: ColWidth) -> Col {
        Col {
            title: title.into(),
            align: Align::Left,
            width,
            optional: false,
        }
    }
    fn num(title: &str) -> Col {
        Col {
            title: title.into(),
            align: Align::Right,
            width: ColWidth::Natural,
            optional: false,
        }
    }
}

#[derive(Clone, Debug)]
struct Cell {
    /// `\n` separates lines that are always broken.
    text: String,
    face: Face,
    color: Option<Color>,
    fill: Option<Color>,
}

impl Cell {
    fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            face: Face::Regular,
            color: None,
            fill: None,
        }
    }
    fn bold(mut self) -> Cell {
        self.face = Face::Bold;
        self
    }
    fn color(mut self, c: Color) -> Cell {
        self.color = Some(c);
        self
    }
    fn status(l: &Labels, s: Status) -> Cell {
        Cell {
            text: l.status(s).to_string(),
            face: Face::Bold,
            color: Some(Palette::status_text(s)),
            fill: Palette::status_fill(s),
        }
    }
}

#[derive(Clone, Debug, Default)]
struct Row {
    cells: Vec<Cell>,
    total: bool,
}

#[derive(Clone, Debug)]
struct Group {
    first: usize,
    span: usize,
    title: String,
}

#[derive(Clone, Debug)]
struct Table {
    /// Printed above the header rows on pages where the table continues.
    cont: String,
    cols: Vec<Col>,
    groups: Vec<Group>,
    rows: Vec<Row>,
    /// Largest font size tried (pt); smaller ones are tried until the table fits.
    size: f32,
    /// Total width (mm); the full body width when `None`.
    width: Option<f32>,
}

const PAD_X: f32 = 1.3;
const PAD_Y: f32 = 1.25;
const MIN_SIZE: f32 = 6.0;
/// A wrapped cell longer than this is cut, so that no row outgrows a page.
const MAX_CELL_LINES: usize = 12;

fn line_h(size: f32) -> f32 {
    size * PT_MM * 1.22
}

/// Height of a block of `n` lines with padding; caps are centred vertically.
fn block_h(n: usize, size: f32) -> f32 {
    2.0 * PAD_Y + (n.max(1) - 1) as f32 * line_h(size) + 0.72 * size * PT_MM
}

impl Table {
    fn new(cont: String, cols: Vec<Col>) -> Table {
        Table {
            cont,
            cols,
            groups: Vec::new(),
            rows: Vec::new(),
            size: 8.0,
            width: None,
        }
    }

    fn push(&mut self, cells: Vec<Cell>) {
        self.rows.push(Row {
            cells,
            total: false,
        });
    }

    fn push_total(&mut self, cells: Vec<Cell>) {
        self.rows.push(Row { cells, total: true });
    }

    /// The same table without its optional columns.
    fn without_optional(&self) -> Table {
        let keep: Vec<bool> = self.cols.iter().map(|c| !c.optional).collect();
        let before = |i: usize| keep.iter().take(i).filter(|k| **k).count();
        let groups = self
            .groups
            .iter()
            .filter_map(|g| {
                let span = keep
                    .iter()
                    .skip(g.first)
                    .take(g.span)
                    .filter(|k| **k)
                    .count();
                (span > 0).then(|| Group {
                    first: before(g.first),
                    span,
                    title: g.title.clone(),
                })
            })
            .collect();
        let pick = |v: &[Cell]| -> Vec<Cell> {
            v.iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(c, _)| c.clone())
                .collect()
        };
        Table {
            cont: self.cont.clone(),
            cols: self.cols.iter().filter(|c| !c.optional).cloned().collect(),
            groups,
            rows: self
                .rows
                .iter()
                .map(|r| Row {
                    cells: pick(&r.cells),
                    total: r.total,
                })
                .collect(),
            size: self.size,
            width: self.width,
        }
    }
}

/// Widths (mm) and font size of a table.
struct Plan {
    size: f32,
    widths: Vec<f32>,
}

fn plan_table(f: &Fonts, t: &Table) -> Option<Plan> {
    let avail = t.width.unwrap_or(WIDTH);
    let n = t.cols.len();
    if n == 0 {
        return None;
    }
    // Widths at 1 pt; they scale linearly with the size.
    let mut content = vec![0.0_f32; n];
    for row in &t.rows {
        for (i, cell) in row.cells.iter().enumerate().take(n) {
            let face = if row.total { Face::Bold } else { cell.face };
            for line in cell.text.split('\n') {
                content[i] = content[i].max(f.width(face, &f.clean(line), 1.0));
            }
        }
    }
    let header: Vec<f32> = t
        .cols
        .iter()
        .map(|c| {
            c.title
                .split(' ')
                .map(|w| f.width(Face::Bold, w, 1.0))
                .fold(0.0, f32::max)
        })
        .collect();
    // Header titles on one line, at 1 pt.
    let header_line: Vec<f32> = t
        .cols
        .iter()
        .map(|c| f.width(Face::Bold, &c.title, 1.0))
        .collect();
    let try_size = |size: f32, allow_cut: bool| -> Option<Plan> {
        let mut nat: Vec<f32> = (0..n)
            .map(|i| content[i].max(header[i]) * size + 2.0 * PAD_X)
            .collect();
        for g in &t.groups {
            let need = f.width(Face::Bold, &g.title, size) + 2.0 * PAD_X;
            let span = g.first.min(n)..(g.first + g.span).min(n);
            let have: f32 = nat[span.clone()].iter().sum();
            if have < need && !span.is_empty() {
                let add = (need - have) / span.len() as f32;
                nat[span].iter_mut().for_each(|w| *w += add);
            }
        }
        let is_flex = |i: usize| !matches!(t.cols[i].width, ColWidth::Natural);
        // The least width each column accepts at this size.
        let need: Vec<f32> = (0..n)
            .map(|i| match t.cols[i].width {
                ColWidth::Natural => nat[i],
                ColWidth::Flex(m) if allow_cut => nat[i].min(m),
                ColWidth::Flex(_) => nat[i],
                ColWidth::Wrap(m) => nat[i].min(m),
            })
            .collect();
        let spare = avail - need.iter().sum::<f32>();
        if spare < 0.0 {
            return None;
        }
        // Spare width goes first to columns below their natural width, then to
        // headers that would wrap (so that they take fewer lines), then to the
        // flexible columns (or to all columns when there are none).
        let deficit: f32 = (0..n).map(|i| nat[i] - need[i]).sum();
        let widths = if spare <= deficit {
            (0..n)
                .map(|i| need[i] + spare * (nat[i] - need[i]) / deficit.max(0.001))
                .collect()
        } else {
            let extra = spare - deficit;
            let want: Vec<f32> = (0..n)
                .map(|i| (header_line[i] * size + 2.0 * PAD_X + FIT_SLACK - nat[i]).max(0.0))
                .collect();
            let want_sum: f32 = want.iter().sum();
            let give = extra.min(want_sum);
            let extra = extra - give;
            let head: Vec<f32> = (0..n)
                .map(|i| nat[i] + want[i] * give / want_sum.max(0.001))
                .collect();
            let any_flex = (0..n).any(is_flex);
            let base: f32 = (0..n)
                .filter(|&i| !any_flex || is_flex(i))
                .map(|i| head[i])
                .sum();
            (0..n)
                .map(|i| {
                    if !any_flex || is_flex(i) {
                        head[i] + extra * head[i] / base.max(0.001)
                    } else {
                        head[i]
                    }
                })
                .collect()
        };
        Some(Plan { size, widths })
    };
    // Up to 1 pt smaller rather than cut a name; beyond that, cut.
    let sizes = |down_to: f32| {
        (0..)
            .map(move |k| t.size - 0.5 * k as f32)
            .take_while(move |s| *s >= down_to.max(MIN_SIZE) - 0.01)
    };
    sizes(t.size - 1.0)
        .find_map(|s| try_size(s, false))
        .or_else(|| sizes(MIN_SIZE).find_map(|s| try_size(s, true)))
}

/// Last resort: the smallest size, every column scaled to fit (cells are cut).
fn squeeze_table(f: &Fonts, t: &Table) -> Plan {
    let n = t.cols.len();
    let size = MIN_SIZE;
    let mut nat = vec![0.0_f32; n];
    for (i, c) in t.cols.iter().enumerate() {
        nat[i] = c
            .title
            .split(' ')
            .map(|w| f.width(Face::Bold, w, size))
            .fold(0.0, f32::max);
    }
    for row in &t.rows {
        for (i, cell) in row.cells.iter().enumerate().take(n) {
            for line in cell.text.split('\n') {
                nat[i] = nat[i].max(f.width(cell.face, line, size));
            }
        }
    }
    let sum: f32 = nat.iter().map(|w| w + 2.0 * PAD_X).sum();
    let avail = t.width.unwrap_or(WIDTH);
    let widths = nat
        .iter()
        .map(|w| (w + 2.0 * PAD_X) * avail / sum.max(0.01))
        .collect();
    Plan { size, widths }
}

impl Layout<'_> {
    fn table(&mut self, t: &Table) {
        let f = self.f;
        let (t, plan) = match plan_table(f, t) {
            Some(p) => (std::borrow::Cow::Borrowed(t), p),
            None => {
                let slim = t.without_optional();
                let p = plan_table(f, &slim).unwrap_or_else(|| squeeze_table(f, &slim));
                (std::borrow::Cow::Owned(slim), p)
            }
        };
        let size = plan.size;
        let widths = &plan.widths;
        let n = t.cols.len();
        let xs: Vec<f32> = widths
            .iter()
            .scan(LEFT, |x, w| {
                let at = *x;
                *x += w;
                Some(at)
            })
            .collect();
        let right = LEFT + widths.iter().sum::<f32>();

        // Lines of every header and cell at the final widths.
        let head_lines: Vec<Vec<String>> = t
            .cols
            .iter()
            .zip(widths)
            .map(|(c, w)| f.wrap(Face::Bold, &c.title, size, w - 2.0 * PAD_X))
            .collect();
        let head_h = block_h(head_lines.iter().map(Vec::len).max().unwrap_or(1), size);
        let group_h = if t.groups.is_empty() {
            0.0
        } else {
            block_h(1, size)
        };
        let rows: Vec<(Vec<Vec<String>>, f32)> = t
            .rows
            .iter()
            .map(|row| {
                let lines: Vec<Vec<String>> = (0..n)
                    .map(|i| {
                        let Some(cell) = row.cells.get(i) else {
                            return vec![String::new()];
                        };
                        let face = if row.total { Face::Bold } else { cell.face };
                        let inner = widths[i] - 2.0 * PAD_X;
                        let mut lines: Vec<String> = cell
                            .text
                            .split('\n')
                            .flat_map(|part| match t.cols[i].width {
                                ColWidth::Wrap(_) => f.wrap(face, part, size, inner),
                                _ => vec![f.fit(face, part, size, inner)],
                            })
                            .collect();
                        if lines.len() > MAX_CELL_LINES {
                            lines.truncate(MAX_CELL_LINES);
                            if let Some(last) = lines.last_mut() {
                                *last = f.fit(face, &format!("{last}…"), size, inner);
                            }
                        }
                        lines
                    })
                    .collect();
                let h = block_h(lines.iter().map(Vec::len).max().unwrap_or(1), size);
                (lines, h)
            })
            .collect();

        let first_rows: f32 = rows.iter().take(3).map(|r| r.1).sum();
        self.need(group_h + head_h + first_rows);
        self.table_header(&t, &xs, widths, right, size, &head_lines, group_h, head_h);
        let lh = line_h(size);
        for (r, (row, (lines, h))) in t.rows.iter().zip(&rows).enumerate() {
            if self.y - h < BODY_BOTTOM {
                // Close the page with the bottom rule, continue with the header.
                self.new_page();
                let cont = self.l.continued(&t.cont);
                self.text(
                    Face::Bold,
                    8.5,
                    LEFT,
                    self.y - 3.5,
                    &cont,
                    &Palette::muted(),
                );
                self.y -= 5.5;
                self.table_header(&t, &xs, widths, right, size, &head_lines, group_h, head_h);
            }
            let top = self.y;
            let bottom = top - h;
            if row.total {
                op_rect(
                    &mut self.cur,
                    LEFT,
                    bottom,
                    right - LEFT,
                    *h,
                    &Palette::total_fill(),
                );
            } else if r % 2 == 1 {
                op_rect(
                    &mut self.cur,
                    LEFT,
                    bottom,
                    right - LEFT,
                    *h,
                    &Palette::zebra(),
                );
            }
            for (i, cell) in row.cells.iter().enumerate().take(n) {
                if let Some(fill) = &cell.fill {
                    op_rect(
                        &mut self.cur,
                        xs[i] + 0.35,
                        bottom + 0.35,
                        widths[i] - 0.7,
                        h - 0.7,
                        fill,
                    );
                }
            }
            for &x in xs.iter().skip(1) {
                op_line(
                    &mut self.cur,
                    (x, bottom),
                    (x, top),
                    0.25,
                    &Palette::grid_light(),
                );
            }
            for (i, cell) in row.cells.iter().enumerate().take(n) {
                let face = if row.total { Face::Bold } else { cell.face };
                let col = cell.color.unwrap_or_else(Palette::text);
                for (j, line) in lines[i].iter().enumerate() {
                    let base = top - PAD_Y - 0.72 * size * PT_MM - j as f32 * lh;
                    match t.cols[i].align {
                        Align::Left => {
                            op_text(&mut self.cur, face, size, xs[i] + PAD_X, base, line, &col)
                        }
                        Align::Right => {
                            let w = f.width(face, line, size);
                            op_text(
                                &mut self.cur,
                                face,
                                size,
                                xs[i] + widths[i] - PAD_X - w,
                                base,
                                line,
                                &col,
                            )
                        }
                    }
                }
            }
            if row.total {
                op_line(
                    &mut self.cur,
                    (LEFT, top),
                    (right, top),
                    0.8,
                    &Palette::accent(),
                );
            }
            let last = r + 1 == t.rows.len();
            let (thick, col) = if last {
                (0.8, Palette::accent())
            } else {
                (0.25, Palette::grid())
            };
            op_line(&mut self.cur, (LEFT, bottom), (right, bottom), thick, &col);
            self.y = bottom;
        }
        if t.rows.is_empty() {
            self.y -= 1.0;
            self.text(
                Face::Regular,
                8.0,
                LEFT + PAD_X,
                self.y - 3.0,
                &self.l.document.none,
                &Palette::muted(),
            );
            self.y -= 4.5;
        }
        self.y -= 1.5;
    }

    #[allow(clippy::too_many_arguments)]
    fn table_header(
        &mut self,
        t: &Table,
        xs: &[f32],
        widths: &[f32],
        right: f32,
        size: f32,
        head_lines: &[Vec<String>],
        group_h: f32,
        head_h: f32,
    ) {
        let f = self.f;
        let top = self.y;
        let bottom = top - group_h - head_h;
        op_rect(
            &mut self.cur,
            LEFT,
            bottom,
            right - LEFT,
            top - bottom,
            &Palette::head_fill(),
        );
        let lh = line_h(size);
        let text_col = Palette::accent();
        for g in &t.groups {
            let Some(&x0) = xs.get(g.first) else { continue };
            let end = (g.first + g.span).min(xs.len());
            let x1 = xs.get(end).copied().unwrap_or(right);
            let title = f.fit(Face::Bold, &g.title, size, x1 - x0 - 2.0 * PAD_X);
            let base = top - PAD_Y - 0.72 * size * PT_MM;
            let w = f.width(Face::Bold, &title, size);
            op_text(
                &mut self.cur,
                Face::Bold,
                size,
                (x0 + x1 - w) / 2.0,
                base,
                &title,
                &text_col,
            );
            let y = top - group_h + 0.3;
            op_line(
                &mut self.cur,
                (x0 + 0.8, y),
                (x1 - 0.8, y),
                0.5,
                &Palette::grid(),
            );
            for x in [x0, x1] {
                if x > LEFT + 0.01 && x < right - 0.01 {
                    op_line(&mut self.cur, (x, top), (x, y), 0.25, &Palette::white());
                }
            }
        }
        for &x in xs.iter().skip(1) {
            op_line(
                &mut self.cur,
                (x, bottom),
                (x, top - group_h),
                0.4,
                &Palette::white(),
            );
        }
        for (i, lines) in head_lines.iter().enumerate() {
            let k = lines.len();
            for (j, line) in lines.iter().enumerate() {
                // Bottom-aligned, so that one-line and two-line titles share a baseline.
                let base = bottom + PAD_Y + (k - 1 - j) as f32 * lh;
                let x = match t.cols[i].align {
                    Align::Left => xs[i] + PAD_X,
                    Align::Right => xs[i] + widths[i] - PAD_X - f.width(Face::Bold, line, size),
                };
                op_text(&mut self.cur, Face::Bold, size, x, base, line, &text_col);
            }
        }
        op_line(
            &mut self.cur,
            (LEFT, bottom),
            (right, bottom),
            0.9,
            &Palette::accent(),
        );
        self.y = bottom;
    }
}

// ------------------------------------ sections -----------------------------------------

/// Totals per kind over all reps: done summed; target summed over reps that have one.
fn kind_totals(r: &Report) -> Vec<KindCell> {
    (0..r.kinds.len())
        .map(|k| {
            let mut c = KindCell::default();
            for rep in &r.reps {
                if let Some(cell) = rep.cells.get(k) {
                    c.done += cell.done;
                    if let Some(t) = cell.target {
                        c.target = Some(c.target.unwrap_or(0) + t);
                    }
                }
            }
            c
        })
        .collect()
}

/// The rep's lowest attainment over the kinds and sales metrics with a target (the
/// chart's bar; the one that decides the rep's overall status).
fn min_pct(rep: &RepRow) -> Option<u64> {
    rep.cells
        .iter()
        .chain(&rep.extra.metric_cells)
        .filter_map(KindCell::pct)
        .min()
}

fn lay_out_body(lay: &mut Layout, r: &Report, opts: &PdfOptions) {
    kpis(lay, r);
    teams(lay, r);
    reps(lay, r);
    chart(lay, r);
    leaderboard(lay, r);
    sales(lay, r);
    conversion(lay, r);
    pacing(lay, r);
    proration(lay, r);
    exceptions(lay, r);
    quality(lay, r);
    provenance(lay, r, opts);
    let s = &lay.l.signoff;
    signoff(
        lay,
        [
            (&s.prepared_by, &s.name_signature),
            (&s.approved_by, &s.name_signature),
            (&s.date, &s.date_hint),
        ],
    );
}

/// One key-figure card.
struct Card {
    label: String,
    value: String,
    note: String,
    color: Color,
}

/// A row of key-figure cards over the full width.
fn cards(lay: &mut Layout, cards: &[Card]) {
    if cards.is_empty() {
        return;
    }
    let gap = 5.0;
    let n = cards.len() as f32;
    let w = (WIDTH - (n - 1.0) * gap) / n;
    let h = 19.0;
    lay.need(h + 2.0);
    let top = lay.y - 1.0;
    for (i, c) in cards.iter().enumerate() {
        let x = LEFT + i as f32 * (w + gap);
        op_rect(&mut lay.cur, x, top - h, w, h, &Palette::card());
        op_rect(&mut lay.cur, x, top - h, 1.2, h, &Palette::accent());
        let label = lay.f.fit(Face::Regular, &c.label, 8.0, w - 6.0);
        lay.text(
            Face::Regular,
            8.0,
            x + 4.0,
            top - 5.0,
            &label,
            &Palette::muted(),
        );
        let value = lay.f.fit(Face::Bold, &c.value, 17.0, w - 6.0);
        lay.text(Face::Bold, 17.0, x + 4.0, top - 12.2, &value, &c.color);
        let note = lay.f.fit(Face::Regular, &c.note, 7.0, w - 6.0);
        lay.text(
            Face::Regular,
            7.0,
            x + 4.0,
            top - 16.6,
            &note,
            &Palette::muted(),
        );
    }
    lay.y = top - h - 4.0;
}

fn kpis(lay: &mut Layout, r: &Report) {
    let l = lay.l;
    lay.section(&l.kpi.title, 30.0);
    let n = r.reps.len() as u64;
    let met = r
        .reps
        .iter()
        .filter(|x| matches!(x.status, Status::Met | Status::Exceeded))
        .count();
    let rewarded = r.reps.iter().filter(|x| !x.extra.tier.is_empty()).count() as u64;
    let total: u64 = r.reps.iter().map(|x| x.total_activities).sum();
    let met_pct = if n > 0 {
        crate::report::pct_tenths(met as u64, n)
    } else {
        None
    };
    cards(
        lay,
        &[
            Card {
                label: l.kpi.total_activities.clone(),
                value: l.int(total),
                note: l.kpi.total_activities_note.clone(),
                color: Palette::accent(),
            },
            Card {
                label: l.kpi.reps_meeting.clone(),
                value: fill(
                    &l.kpi.n_of_m,
                    &[("n", &l.int(met as u64)), ("m", &l.int(n))],
                ),
                note: l.opt_pct(met_pct),
                color: Palette::accent(),
            },
            Card {
                label: l.kpi.reward_eligible.clone(),
                value: l.int(rewarded),
                note: l.kpi.reward_eligible_note.clone(),
                color: Palette::accent(),
            },
        ],
    );

    let mut t = Table::new(
        l.kpi.title.clone(),
        vec![
            Col::left(&l.kpi.kind, ColWidth::Flex(30.0)),
            Col::num(&l.kpi.done),
            Col::num(&l.kpi.target),
            Col::num(&l.kpi.pct),
            Col::left(&l.kpi.status, ColWidth::Natural),
        ],
    );
    t.size = 8.5;
    t.width = Some(120.0);
    for (k, c) in r.kinds.iter().zip(kind_totals(r)) {
        t.push(vec![
            Cell::new(l.kind(*k)),
            Cell::new(l.int(c.done)),
            Cell::new(l.opt_int(c.target)),
            Cell::new(l.opt_pct(c.pct())),
            Cell::status(l, c.status()),
        ]);
    }
    lay.table(&t);
}

/// Group headers "Calls | Emails | ..." over three columns each, starting at `first`.
fn kind_groups(l: &Labels, kinds: &[Kind], first: usize) -> Vec<Group> {
    kinds
        .iter()
        .enumerate()
        .map(|(i, k)| Group {
            first: first + 3 * i,
            span: 3,
            title: l.kind(*k).to_string(),
        })
        .collect()
}

fn kind_cols(l: &Labels, kinds: &[Kind]) -> Vec<Col> {
    kinds
        .iter()
        .flat_map(|_| {
            [
                Col::num(&l.reps.done),
                Col {
                    optional: true,
                    ..Col::num(&l.reps.target)
                },
                Col::num(&l.reps.pct),
            ]
        })
        .collect()
}

fn kind_cells(l: &Labels, kinds: &[Kind], cells: &[KindCell]) -> Vec<Cell> {
    (0..kinds.len())
        .flat_map(|i| {
            let c = cells.get(i).copied().unwrap_or_default();
            let pct = Cell::new(l.opt_pct(c.pct()));
            let pct = match c.status() {
                Status::Below => pct.color(Palette::status_text(Status::Below)),
                _ => pct,
            };
            [
                Cell::new(l.int(c.done)),
                Cell::new(l.opt_int(c.target)),
                pct,
            ]
        })
        .collect()
}

fn teams(lay: &mut Layout, r: &Report) {
    let l = lay.l;
    lay.section(&l.teams.title, 30.0);
    let mut cols = vec![
        Col::left(&l.teams.team, ColWidth::Flex(22.0)),
        Col::num(&l.teams.reps),
        Col::num(&l.teams.reps_met),
    ];
    cols.extend(kind_cols(l, &r.kinds));
    cols.push(Col::num(&l.teams.total));
    cols.push(Col::left(&l.teams.status, ColWidth::Natural));
    let mut t = Table::new(l.teams.title.clone(), cols);
    t.groups = kind_groups(l, &r.kinds, 3);
    t.size = 7.5;
    for team in &r.teams {
        let mut cells = vec![
            Cell::new(team.team.as_str()),
            Cell::new(l.int(team.reps)),
            Cell::new(l.int(team.reps_met)),
        ];
        cells.extend(kind_cells(l, &r.kinds, &team.cells));
        cells.push(Cell::new(l.int(team.total_activities)));
        cells.push(Cell::status(l, team.status));
        t.push(cells);
    }
    if r.teams.len() > 1 {
        let reps: u64 = r.teams.iter().map(|x| x.reps).sum();
        let met: u64 = r.teams.iter().map(|x| x.reps_met).sum();
        let totals = kind_totals(r);
        let mut cells = vec![
            Cell::new(l.quality.total.as_str()),
            Cell::new(l.int(reps)),
            Cell::new(l.int(met)),
        ];
        cells.extend(kind_cells(l, &r.kinds, &totals));
        cells.push(Cell::new(
            l.int(r.reps.iter().map(|x| x.total_activities).sum()),
        ));
        cells.push(Cell::new(""));
        t.push_total(cells);
    }
    lay.table(&t);
}

fn reps(lay: &mut Layout, r: &Report) {
    let l = lay.l;
    lay.section(&l.reps.title, 30.0);
    let mut cols = vec![
        Col::left(&l.reps.rep, ColWidth::Flex(24.0)),
        Col::left(&l.reps.team, ColWidth::Flex(14.0)),
    ];
    cols.extend(kind_cols(l, &r.kinds));
    cols.push(Col::num(&l.reps.total));
    cols.push(Col::left(&l.reps.status, ColWidth::Natural));
    let mut t = Table::new(l.reps.title.clone(), cols);
    t.groups = kind_groups(l, &r.kinds, 2);
    t.size = 7.5;
    for rep in &r.reps {
        let mut cells = vec![
            Cell::new(rep.rep_name.as_str()),
            Cell::new(rep.team.as_str()),
        ];
        cells.extend(kind_cells(l, &r.kinds, &rep.cells));
        cells.push(Cell::new(l.int(rep.total_activities)));
        cells.push(Cell::status(l, rep.status));
        t.push(cells);
    }
    lay.table(&t);
}

fn chart(lay: &mut Layout, r: &Report) {
    let l = lay.l;
    let f = lay.f;
    lay.section(&l.chart.title, 40.0);
    lay.paragraph(&l.chart.note, 7.5, &Palette::muted());
    let mut entries: Vec<(&RepRow, Option<u64>)> = r.reps.iter().map(|x| (x, min_pct(x))).collect();
    entries.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| a.0.rep_name.cmp(&b.0.rep_name))
            .then_with(|| a.0.rep_id.cmp(&b.0.rep_id))
    });
    if entries.is_empty() {
        lay.paragraph(&l.document.none, 8.0, &Palette::muted());
        return;
    }
    let size = 7.5;
    let label_w = 46.0;
    let value_w = 17.0;
    let x0 = LEFT + label_w + 2.0;
    let bar_w = RIGHT - value_w - x0;
    const CAP: u64 = 1500;
    let x_of = |tenths: u64| x0 + bar_w * tenths.min(CAP) as f32 / CAP as f32;
    let row_h = 5.2;
    let bar_h = 3.3;
    let axis_h = 6.0;
    let mut i = 0;
    while i < entries.len() {
        lay.need(axis_h + 3.0 * row_h + 2.0);
        let fit = ((lay.y - BODY_BOTTOM - axis_h - 1.0) / row_h)
            .floor()
            .max(1.0) as usize;
        let chunk = &entries[i..(i + fit).min(entries.len())];
        let top = lay.y - axis_h;
        let bottom = top - chunk.len() as f32 * row_h;
        // Axis labels and grid.
        for tick in [0, 500, 1000, 1500] {
            let x = x_of(tick);
            let label = format!("{}{}", tick / 10, l.format.percent_suffix);
            lay.text_center(Face::Regular, 7.0, x, top + 1.8, &label, &Palette::muted());
            if tick != 1000 {
                op_line(
                    &mut lay.cur,
                    (x, bottom),
                    (x, top + 0.5),
                    0.3,
                    &Palette::grid_light(),
                );
            }
        }
        // Value labels are drawn last, on a patch of the row's background, so that
        // the 100 % line does not run through them.
        let mut values: Vec<(f32, f32, String, Color, Face, Color)> = Vec::new();
        for (j, (rep, pct)) in chunk.iter().enumerate() {
            let row_top = top - j as f32 * row_h;
            let mid = row_top - row_h / 2.0;
            let bg = if (i + j) % 2 == 1 {
                Palette::zebra()
            } else {
                Palette::white()
            };
            if (i + j) % 2 == 1 {
                op_rect(&mut lay.cur, LEFT, row_top - row_h, WIDTH, row_h, &bg);
            }
            let name = f.fit(Face::Regular, &rep.rep_name, size, label_w - 1.0);
            lay.text_right(
                Face::Regular,
                size,
                x0 - 2.0,
                mid - 0.95,
                &name,
                &Palette::text(),
            );
            match pct {
                Some(p) => {
                    let x1 = x_of(*p);
                    if x1 > x0 {
                        let bar = Palette::bar(rep.status);
                        op_rect(&mut lay.cur, x0, mid - bar_h / 2.0, x1 - x0, bar_h, &bar);
                    }
                    if *p > CAP {
                        // Break marks: the bar is longer than drawn.
                        for dx in [-3.4, -2.2] {
                            op_line(
                                &mut lay.cur,
                                (x1 + dx - 0.6, mid - bar_h / 2.0 - 0.4),
                                (x1 + dx + 0.6, mid + bar_h / 2.0 + 0.4),
                                1.4,
                                &bg,
                            );
                        }
                    }
                    let col = Palette::status_text(rep.status);
                    values.push((x1 + 1.5, mid, l.pct(*p), col, Face::Bold, bg));
                }
                None => {
                    let text = l.chart.no_quota.clone();
                    values.push((x0 + 1.5, mid, text, Palette::muted(), Face::Regular, bg));
                }
            }
        }
        // The 100 % line over the bars.
        let x100 = x_of(1000);
        op_dashed(
            &mut lay.cur,
            (x100, bottom - 0.5),
            (x100, top + 0.5),
            0.9,
            &Palette::text(),
        );
        for (x, mid, text, col, face, bg) in values {
            let w = f.width(face, &text, size);
            op_rect(&mut lay.cur, x - 0.6, mid - 1.8, w + 1.2, 3.6, &bg);
            lay.text(face, size, x, mid - 0.95, &text, &col);
        }
        op_line(
            &mut lay.cur,
            (x0, bottom),
            (x0, top + 0.5),
            0.6,
            &Palette::muted(),
        );
        lay.y = bottom - 2.0;
        i += chunk.len();
        if i < entries.len() {
            lay.new_page();
            let cont = l.continued(&l.chart.title);
            lay.text(Face::Bold, 8.5, LEFT, lay.y - 3.5, &cont, &Palette::muted());
            lay.y -= 5.5;
        }
    }
}

fn tier_cell(tier: &str) -> Cell {
    if tier.is_empty() {
        Cell::new(DASH).color(Palette::muted())
    } else {
        Cell::new(tier)
            .bold()
            .color(Palette::status_text(Status::Exceeded))
    }
}

fn pct_cell(l: &Labels, c: &KindCell) -> Cell {
    let cell = Cell::new(l.opt_pct(c.pct()));
    match c.status() {
        Status::Below => cell.color(Palette::status_text(Status::Below)),
        _ => cell,
    }
}

fn pace_cell(l: &Labels, p: Pace) -> Cell {
    Cell::new(l.pace(p)).bold().color(Palette::pace(p))
}

/// Reps in leaderboard order: by rank, reps without a score last.
fn by_rank(r: &Report) -> Vec<&RepRow> {
    let mut order: Vec<&RepRow> = r.reps.iter().collect();
    order.sort_by(|a, b| {
        (a.extra.rank.is_none(), a.extra.rank, &a.rep_name, &a.rep_id).cmp(&(
            b.extra.rank.is_none(),
            b.extra.rank,
            &b.rep_name,
            &b.rep_id,
        ))
    });
    order
}

fn leaderboard(lay: &mut Layout, r: &Report) {
    if r.reps.iter().all(|x| x.extra.score.is_none()) {
        return;
    }
    let l = lay.l;
    let b = &l.leaderboard;
    lay.section(&b.title, 30.0);
    lay.paragraph(&b.note, 7.5, &Palette::muted());
    let order = by_rank(r);
    let mut t = Table::new(
        b.title.clone(),
        vec![
            Col::num(&b.rank),
            Col::left(&b.rep, ColWidth::Flex(30.0)),
            Col::left(&b.team, ColWidth::Flex(18.0)),
            Col::num(&b.score),
            Col::left(&b.tier, ColWidth::Natural),
            Col::left(&b.status, ColWidth::Natural),
        ],
    );
    t.width = Some(150.0);
    for rep in &order {
        t.push(vec![
            Cell::new(l.opt_int(rep.extra.rank)),
            Cell::new(rep.rep_name.as_str()),
            Cell::new(rep.team.as_str()),
            Cell::new(l.opt_pct(rep.extra.score)).bold(),
            tier_cell(&rep.extra.tier),
            Cell::status(l, rep.status),
        ]);
    }
    lay.table(&t);

    // Reward-eligible reps by tier, the tier reached by the highest scores first.
    lay.subheading(&b.eligible_title, 18.0);
    lay.paragraph(&b.eligible_note, 7.5, &Palette::muted());
    let mut tiers: Vec<(&str, Vec<&RepRow>)> = Vec::new();
    for rep in order.iter().filter(|x| !x.extra.tier.is_empty()) {
        match tiers.iter_mut().find(|(t, _)| *t == rep.extra.tier) {
            Some((_, reps)) => reps.push(rep),
            None => tiers.push((&rep.extra.tier, vec![rep])),
        }
    }
    let best = |reps: &[&RepRow]| reps.iter().filter_map(|x| x.extra.score).max();
    tiers.sort_by(|a, b| best(&b.1).cmp(&best(&a.1)).then_with(|| a.0.cmp(b.0)));
    // One row per rep (a list in one cell would be cut in a large company).
    let mut t = Table::new(
        b.eligible_title.clone(),
        vec![
            Col::left(&b.tier, ColWidth::Natural),
            Col::num(&b.rank),
            Col::left(&b.rep, ColWidth::Flex(30.0)),
            Col::left(&b.team, ColWidth::Flex(18.0)),
            Col::num(&b.score),
        ],
    );
    t.width = Some(150.0);
    for (tier, reps) in &tiers {
        for rep in reps {
            t.push(vec![
                tier_cell(tier),
                Cell::new(l.opt_int(rep.extra.rank)),
                Cell::new(rep.rep_name.as_str()),
                Cell::new(rep.team.as_str()),
                Cell::new(l.opt_pct(rep.extra.score)).bold(),
            ]);
        }
    }
    lay.table(&t);
}

/// A metric of the sales tables: where its cells are, and whether any rep has a target.
struct SalesCol {
    metric: Metric,
    /// Index into the kind cells (opportunities created) …
    kind: Option<usize>,
    /// … or into the sales-metric cells.
    sales: Option<usize>,
    target: bool,
}

impl SalesCol {
    fn cell(&self, cells: &[KindCell], metric_cells: &[KindCell]) -> KindCell {
        match (self.kind, self.sales) {
            (Some(i), _) => cells.get(i).copied().unwrap_or_default(),
            (_, Some(j)) => metric_cells.get(j).copied().unwrap_or_default(),
            _ => KindCell::default(),
        }
    }
}

fn sales_cols(r: &Report) -> Vec<SalesCol> {
    let mut v = Vec::new();
    if let Some(i) = r.kinds.iter().position(|k| *k == Kind::Opportunity) {
        v.push(SalesCol {
            metric: Metric::Count(Kind::Opportunity),
            kind: Some(i),
            sales: None,
            target: r
                .reps
                .iter()
                .any(|x| x.cells.get(i).is_some_and(|c| c.target.is_some())),
        });
    }
    for (j, m) in r.extra.metrics.iter().enumerate() {
        v.push(SalesCol {
            metric: *m,
            kind: None,
            sales: Some(j),
            target: r.reps.iter().any(|x| {
                x.extra
                    .metric_cells
                    .get(j)
                    .is_some_and(|c| c.target.is_some())
            }),
        });
    }
    v
}

/// Columns and group headers of the sales metrics, starting at column `first`.
fn sales_head(l: &Labels, cols: &[SalesCol], first: usize) -> (Vec<Col>, Vec<Group>) {
    let mut out = Vec::new();
    let mut groups = Vec::new();
    let mut at = first;
    for sc in cols {
        let title = l.metric(sc.metric).to_string();
        let span = if sc.target { 3 } else { 1 };
        groups.push(Group {
            first: at,
            span,
            title,
        });
        out.push(Col::num(&l.sales.done));
        if sc.target {
            out.push(Col::num(&l.sales.target));
            out.push(Col::num(&l.sales.pct));
        }
        at += span;
    }
    (out, groups)
}

/// The sales cells of one row; `no_amount`: the won amount is not shown (mixed currencies).
fn sales_cells(
    l: &Labels,
    cols: &[SalesCol],
    cells: &[KindCell],
    metric_cells: &[KindCell],
    no_amount: bool,
) -> Vec<Cell> {
    let mut out = Vec::new();
    for sc in cols {
        let m = sc.metric;
        if no_amount && m == Metric::WonAmount {
            let n = if sc.target { 3 } else { 1 };
            out.extend((0..n).map(|_| Cell::new(DASH).color(Palette::muted())));
            continue;
        }
        let c = sc.cell(cells, metric_cells);
        out.push(Cell::new(l.value(m, c.done)));
        if sc.target {
            out.push(Cell::new(l.opt_value(m, c.target)));
            out.push(pct_cell(l, &c));
        }
    }
    out
}

/// Sum of cells over several rows (targets summed over the rows that have one).
fn sum_cells<'a>(rows: impl Iterator<Item = &'a [KindCell]>, n: usize) -> Vec<KindCell> {
    let mut out = vec![KindCell::default(); n];
    for cells in rows {
        for (o, c) in out.iter_mut().zip(cells) {
            o.done += c.done;
            if let Some(t) = c.target {
                o.target = Some(o.target.unwrap_or(0) + t);
            }
        }
    }
    out
}

fn sales(lay: &mut Layout, r: &Report) {
    let cols = sales_cols(r);
    if cols.is_empty() {
        return;
    }
    let l = lay.l;
    let sl = &l.sales;
    let amount = r.extra.metrics.contains(&Metric::WonAmount);
    lay.section(&sl.title, 30.0);
    lay.paragraph(&sl.note, 7.5, &Palette::muted());

    let mut head = vec![
        Col::left(&sl.rep, ColWidth::Flex(24.0)),
        Col::left(&sl.team, ColWidth::Flex(14.0)),
    ];
    let (c, groups) = sales_head(l, &cols, head.len());
    head.extend(c);
    if amount {
        head.push(Col::left(&sl.currency, ColWidth::Natural));
    }
    let mut t = Table::new(sl.title.clone(), head);
    t.groups = groups;
    t.size = 7.5;
    for rep in &r.reps {
        let mut cells = vec![
            Cell::new(rep.rep_name.as_str()),
            Cell::new(rep.team.as_str()),
        ];
        cells.extend(sales_cells(
            l,
            &cols,
            &rep.cells,
            &rep.extra.metric_cells,
            false,
        ));
        if amount {
            cells.push(Cell::new(rep.extra.currency.as_str()));
        }
        t.push(cells);
    }
    lay.table(&t);

    if r.teams.is_empty() {
        return;
    }
    lay.subheading(&sl.teams_title, 18.0);
    let mut head = vec![
        Col::left(&sl.team, ColWidth::Flex(22.0)),
        Col::num(&sl.reps),
    ];
    let (c, groups) = sales_head(l, &cols, head.len());
    head.extend(c);
    if amount {
        head.push(Col::left(&sl.currency, ColWidth::Natural));
    }
    let mut t = Table::new(sl.teams_title.clone(), head);
    t.groups = groups;
    t.size = 7.5;
    let currency = |c: &str| {
        if c == "mixed" {
            Cell::new(sl.mixed.as_str()).color(Palette::muted())
        } else {
            Cell::new(c)
        }
    };
    for team in &r.teams {
        let mixed = team.extra.currency == "mixed";
        let mut cells = vec![Cell::new(team.team.as_str()), Cell::new(l.int(team.reps))];
        cells.extend(sales_cells(
            l,
            &cols,
            &team.cells,
            &team.extra.metric_cells,
            mixed,
        ));
        if amount {
            cells.push(currency(&team.extra.currency));
        }
        t.push(cells);
    }
    if r.teams.len() > 1 {
        let currencies: std::collections::BTreeSet<&str> = r
            .reps
            .iter()
            .map(|x| x.extra.currency.as_str())
            .filter(|c| !c.is_empty())
            .collect();
        let mixed = currencies.len() > 1;
        let kinds = sum_cells(r.reps.iter().map(|x| x.cells.as_slice()), r.kinds.len());
        let metrics = sum_cells(
            r.reps.iter().map(|x| x.extra.metric_cells.as_slice()),
            r.extra.metrics.len(),
        );
        let mut cells = vec![
            Cell::new(l.quality.total.as_str()),
            Cell::new(l.int(r.teams.iter().map(|x| x.reps).sum())),
        ];
        cells.extend(sales_cells(l, &cols, &kinds, &metrics, mixed));
        if amount {
            cells.push(if mixed {
                currency("mixed")
            } else {
                Cell::new(currencies.into_iter().next().unwrap_or_default())
            });
        }
        t.push_total(cells);
    }
    lay.table(&t);
}

/// The activity kinds (not opportunities) of a report, for conversion.
fn activity_kinds(r: &Report) -> Vec<Kind> {
    r.kinds
        .iter()
        .copied()
        .filter(|k| k.is_activity())
        .collect()
}

/// Conversion columns after `first` leading columns: activities, opportunities, then
/// "opportunities per 100" and "per opportunity" overall and per kind.
fn conversion_head(l: &Labels, kinds: &[Kind], first: usize) -> (Vec<Col>, Vec<Group>) {
    let c = &l.conversion;
    let mut cols = vec![Col::num(&c.activities), Col::num(&c.opportunities)];
    let mut groups = Vec::new();
    let mut at = first + 2;
    for title in std::iter::once(c.all_kinds.as_str()).chain(kinds.iter().map(|k| l.kind(*k))) {
        groups.push(Group {
            first: at,
            span: 2,
            title: title.to_string(),
        });
        cols.push(Col::num(&c.per_100));
        cols.push(Col::num(&c.per_opp));
        at += 2;
    }
    (cols, groups)
}

fn conversion_cells(l: &Labels, kinds: &[Kind], cv: &Conversion) -> Vec<Cell> {
    let mut out = vec![
        Cell::new(l.int(cv.activities)),
        Cell::new(l.int(cv.opportunities)),
        Cell::new(l.opt_tenths(cv.opps_per_100())).bold(),
        Cell::new(l.opt_tenths(cv.activities_per_opp())).bold(),
    ];
    for k in kinds {
        let n = kind_count(cv, *k);
        out.push(Cell::new(l.opt_tenths(cv.opps_per_100_of(n))));
        out.push(Cell::new(l.opt_tenths(cv.per_opp(n))));
    }
    out
}

fn kind_count(cv: &Conversion, k: Kind) -> u64 {
    cv.per_kind
        .iter()
        .find(|(x, _)| *x == k)
        .map_or(0, |(_, n)| *n)
}

/// Conversion over all reps.
fn overall_conversion(r: &Report) -> Conversion {
    let kinds = activity_kinds(r);
    let mut c = Conversion {
        per_kind: kinds.iter().map(|k| (*k, 0)).collect(),
        ..Conversion::default()
    };
    for rep in &r.reps {
        let x = &rep.extra.conversion;
        c.activities += x.activities;
        c.opportunities += x.opportunities;
        for (k, n) in c.per_kind.iter_mut() {
            *n += kind_count(x, *k);
        }
    }
    c
}

fn conversion(lay: &mut Layout, r: &Report) {
    if !r.kinds.contains(&Kind::Opportunity) {
        return;
    }
    let l = lay.l;
    let c = &l.conversion;
    let kinds = activity_kinds(r);
    lay.section(&c.title, 30.0);
    lay.paragraph(&c.note, 7.5, &Palette::muted());
    let mut head = vec![
        Col::left(&c.rep, ColWidth::Flex(24.0)),
        Col::left(&c.team, ColWidth::Flex(14.0)),
    ];
    let (cols, groups) = conversion_head(l, &kinds, head.len());
    head.extend(cols);
    let mut t = Table::new(c.title.clone(), head);
    t.groups = groups;
    t.size = 7.5;
    for rep in &r.reps {
        let mut cells = vec![
            Cell::new(rep.rep_name.as_str()),
            Cell::new(rep.team.as_str()),
        ];
        cells.extend(conversion_cells(l, &kinds, &rep.extra.conversion));
        t.push(cells);
    }
    lay.table(&t);

    if r.teams.is_empty() {
        return;
    }
    lay.subheading(&c.teams_title, 18.0);
    let mut head = vec![Col::left(&c.team, ColWidth::Flex(30.0))];
    let (cols, groups) = conversion_head(l, &kinds, head.len());
    head.extend(cols);
    let mut t = Table::new(c.teams_title.clone(), head);
    t.groups = groups;
    t.size = 7.5;
    for team in &r.teams {
        let mut cells = vec![Cell::new(team.team.as_str())];
        cells.extend(conversion_cells(l, &kinds, &team.extra.conversion));
        t.push(cells);
    }
    let mut cells = vec![Cell::new(l.quality.total.as_str())];
    cells.extend(conversion_cells(l, &kinds, &overall_conversion(r)));
    t.push_total(cells);
    lay.table(&t);
}

/// The as-of date, when it lies inside the report period and some quota period is
/// still running at it (the pacing columns are shown then).
fn pacing_as_of(r: &Report) -> Option<NaiveDate> {
    r.extra
        .as_of
        .filter(|d| *d >= r.meta.period_start && *d <= r.meta.period_end)
        .filter(|_| r.attainment.iter().any(|a| a.extra.pacing.is_some()))
}

fn pacing(lay: &mut Layout, r: &Report) {
    let Some(as_of) = pacing_as_of(r) else {
        return;
    };
    let l = lay.l;
    let p = &l.pacing;
    let title = fill(&p.title, &[("date", &l.date(as_of))]);
    lay.section(&title, 30.0);
    lay.paragraph(&p.note, 7.5, &Palette::muted());
    let mut t = Table::new(
        title,
        vec![
            Col::left(&p.rep, ColWidth::Flex(26.0)),
            Col::left(&p.period, ColWidth::Natural),
            Col::left(&p.metric, ColWidth::Natural),
            Col::num(&p.done),
            Col::num(&p.expected),
            Col::num(&p.target),
            Col::num(&p.projected),
            Col::left(&p.pace, ColWidth::Natural),
        ],
    );
    t.size = 7.5;
    for a in &r.attainment {
        let Some(pc) = a.extra.pacing else { continue };
        let m = a.metric();
        t.push(vec![
            Cell::new(a.rep_name.as_str()),
            Cell::new(l.period_name(&a.period)),
            Cell::new(l.row_metric(a)),
            Cell::new(l.value(m, a.done)),
            Cell::new(l.value(m, pc.expected)),
            Cell::new(l.value(m, a.target)),
            Cell::new(l.opt_pct(pc.projected_pct)),
            pace_cell(l, pc.pace),
        ]);
    }
    lay.table(&t);
}

fn proration(lay: &mut Layout, r: &Report) {
    let rows: Vec<&AttainmentRow> = r.attainment.iter().filter(|a| prorated(a)).collect();
    if rows.is_empty() {
        return;
    }
    let l = lay.l;
    let p = &l.proration;
    lay.section(&p.title, 30.0);
    lay.paragraph(&p.note, 7.5, &Palette::muted());
    let mut t = Table::new(
        p.title.clone(),
        vec![
            Col::left(&p.rep, ColWidth::Flex(30.0)),
            Col::left(&p.period, ColWidth::Natural),
            Col::left(&p.metric, ColWidth::Natural),
            Col::num(&p.full),
            Col::left(&p.basis, ColWidth::Natural),
            Col::num(&p.target),
        ],
    );
    t.size = 7.5;
    for a in rows {
        let m = a.metric();
        t.push(vec![
            Cell::new(a.rep_name.as_str()),
            Cell::new(l.period_name(&a.period)),
            Cell::new(l.row_metric(a)),
            Cell::new(l.value(m, a.extra.target_full)),
            Cell::new(l.basis(&a.extra.basis)),
            Cell::new(l.value(m, a.target)).bold(),
        ]);
    }
    lay.table(&t);
}

/// A rep's statement: who, their numbers, their quota periods, their exceptions.
fn statement_body(
    lay: &mut Layout,
    r: &Report,
    rep: &RepRow,
    rows: &[&AttainmentRow],
    opts: &PdfOptions,
) {
    let l = lay.l;
    let s = &l.statement;
    let name = lay.f.fit(Face::Bold, &rep.rep_name, 12.5, WIDTH);
    lay.section(&name, 40.0);
    lay.key_values(&[
        (s.rep_id.clone(), rep.rep_id.clone()),
        (s.team.clone(), rep.team.clone()),
        (s.role.clone(), rep.role.clone()),
        (s.time_zone.clone(), rep.time_zone.clone()),
    ]);
    lay.gap(2.0);
    let scored = r.reps.iter().filter(|x| x.extra.score.is_some()).count() as u64;
    cards(
        lay,
        &[
            Card {
                label: l.kpi.total_activities.clone(),
                value: l.int(rep.total_activities),
                note: s.total_note.clone(),
                color: Palette::accent(),
            },
            Card {
                label: s.status.clone(),
                value: l.status(rep.status).to_string(),
                note: String::new(),
                color: Palette::status_text(rep.status),
            },
            Card {
                label: s.score.clone(),
                value: l.opt_pct(rep.extra.score),
                note: match rep.extra.rank {
                    Some(k) => fill(&s.rank_of, &[("rank", &l.int(k)), ("n", &l.int(scored))]),
                    None => s.no_rank.clone(),
                },
                color: Palette::accent(),
            },
            Card {
                label: s.tier.clone(),
                value: if rep.extra.tier.is_empty() {
                    DASH.to_string()
                } else {
                    rep.extra.tier.clone()
                },
                note: if rep.extra.tier.is_empty() {
                    s.no_tier.clone()
                } else {
                    String::new()
                },
                color: if rep.extra.tier.is_empty() {
                    Palette::muted()
                } else {
                    Palette::status_text(Status::Exceeded)
                },
            },
        ],
    );

    // The rep's totals for the report period.
    let title = fill(
        &s.summary_title,
        &[("period", &l.period_name(&r.meta.period))],
    );
    lay.section(&title, 30.0);
    let mut t = Table::new(
        title,
        vec![
            Col::left(&s.metric, ColWidth::Flex(40.0)),
            Col::num(&l.kpi.done),
            Col::num(&l.kpi.target),
            Col::num(&l.kpi.pct),
            Col::left(&l.kpi.status, ColWidth::Natural),
        ],
    );
    t.size = 8.5;
    t.width = Some(140.0);
    for (m, c) in rep_metric_cells(r, rep) {
        let label = l.metric_in(m, &rep.extra.currency);
        t.push(vec![
            Cell::new(label),
            Cell::new(l.value(m, c.done)),
            Cell::new(l.opt_value(m, c.target)),
            pct_cell(l, &c),
            Cell::status(l, c.status()),
        ]);
    }
    lay.table(&t);

    if r.kinds.contains(&Kind::Opportunity) {
        let cv = &rep.extra.conversion;
        let c = &l.conversion;
        lay.subheading(&s.conversion_title, 20.0);
        lay.paragraph(
            &fill(&s.opportunities, &[("n", &l.int(cv.opportunities))]),
            8.0,
            &Palette::text(),
        );
        let mut t = Table::new(
            s.conversion_title.clone(),
            vec![
                Col::left(&s.kind, ColWidth::Flex(40.0)),
                Col::num(&c.activities),
                Col::num(&c.per_100),
                Col::num(&c.per_opp),
            ],
        );
        t.size = 8.0;
        t.width = Some(120.0);
        for k in activity_kinds(r) {
            let n = kind_count(cv, k);
            t.push(vec![
                Cell::new(l.kind(k)),
                Cell::new(l.int(n)),
                Cell::new(l.opt_tenths(cv.opps_per_100_of(n))),
                Cell::new(l.opt_tenths(cv.per_opp(n))),
            ]);
        }
        t.push_total(vec![
            Cell::new(c.all_kinds.as_str()),
            Cell::new(l.int(cv.activities)),
            Cell::new(l.opt_tenths(cv.opps_per_100())),
            Cell::new(l.opt_tenths(cv.activities_per_opp())),
        ]);
        lay.table(&t);
    }

    // Every quota period of the rep.
    lay.section(&s.rows_title, 30.0);
    let paced = pacing_as_of(r).is_some() && rows.iter().any(|a| a.extra.pacing.is_some());
    let e = &l.exceptions;
    let p = &l.pacing;
    let mut cols = vec![
        Col::left(&e.period, ColWidth::Natural),
        Col::left(&s.metric, ColWidth::Natural),
        Col::num(&e.done),
        Col::num(&e.target),
        Col::num(&l.reps.pct),
        Col::left(&l.kpi.status, ColWidth::Natural),
        Col::left(&l.proration.basis, ColWidth::Natural),
        Col::left(&l.leaderboard.tier, ColWidth::Natural),
        Col::left(&s.plan, ColWidth::Wrap(18.0)),
    ];
    if paced {
        cols.extend([
            Col::num(&p.expected),
            Col::num(&p.projected),
            Col::left(&p.pace, ColWidth::Natural),
        ]);
    }
    let mut t = Table::new(s.rows_title.clone(), cols);
    t.size = 7.5;
    for a in rows {
        let m = a.metric();
        let cell = KindCell {
            done: a.done,
            target: Some(a.target),
        };
        let mut cells = vec![
            Cell::new(l.period_name(&a.period)),
            Cell::new(l.row_metric(a)),
            Cell::new(l.value(m, a.done)),
            Cell::new(l.value(m, a.target)),
            pct_cell(l, &cell),
            Cell::status(l, a.status()),
            Cell::new(l.basis(&a.extra.basis)),
            tier_cell(&a.extra.tier),
            Cell::new(a.plan.as_str()),
        ];
        if paced {
            match a.extra.pacing {
                Some(pc) => cells.extend([
                    Cell::new(l.value(m, pc.expected)),
                    Cell::new(l.opt_pct(pc.projected_pct)),
                    pace_cell(l, pc.pace),
                ]),
                None => cells.extend((0..3).map(|_| Cell::new(""))),
            }
        }
        t.push(cells);
    }
    lay.table(&t);

    // The rep's exceptions: quota periods below target.
    lay.section(&s.below_title, 20.0);
    lay.paragraph(&s.below_note, 7.5, &Palette::muted());
    let mut t = Table::new(
        s.below_title.clone(),
        vec![
            Col::left(&e.period, ColWidth::Natural),
            Col::left(&s.metric, ColWidth::Flex(30.0)),
            Col::num(&e.done),
            Col::num(&e.target),
            Col::num(&e.pct),
            Col::left(&l.proration.basis, ColWidth::Natural),
        ],
    );
    t.size = 8.0;
    for a in rows.iter().filter(|a| a.status() == Status::Below) {
        let m = a.metric();
        t.push(vec![
            Cell::new(l.period_name(&a.period)),
            Cell::new(l.row_metric(a)),
            Cell::new(l.value(m, a.done)),
            Cell::new(l.value(m, a.target)),
            Cell::new(l.opt_pct(a.pct()))
                .bold()
                .color(Palette::status_text(Status::Below)),
            Cell::new(l.basis(&a.extra.basis)),
        ]);
    }
    lay.table(&t);

    // Where the numbers come from.
    let pv = &l.provenance;
    lay.section(&s.source_title, 30.0);
    lay.paragraph(&s.source_note, 7.5, &Palette::muted());
    let m = &r.meta;
    lay.key_values(&[
        (pv.config.clone(), m.config.clone()),
        (pv.config_sha256.clone(), m.config_sha256.clone()),
        (pv.tool.clone(), format!("activity-quota {}", m.version)),
        (pv.language.clone(), opts.lang.as_str().to_string()),
        (pv.generated.clone(), l.date(opts.generated)),
    ]);
    let so = &l.signoff;
    signoff(
        lay,
        [
            (&s.signoff_rep, &so.name_signature),
            (&s.signoff_manager, &so.name_signature),
            (&so.date, &so.date_hint),
        ],
    );
}

/// Each rep's weakest attainment row (lowest %, then metric order, then period).
fn weakest_rows(r: &Report) -> std::collections::HashMap<&str, &AttainmentRow> {
    let mut worst: std::collections::HashMap<&str, &AttainmentRow> =
        std::collections::HashMap::new();
    let key = |x: &AttainmentRow| (x.pct(), x.metric(), x.period_start);
    for a in r.attainment.iter().filter(|a| a.target > 0) {
        let e = worst.entry(a.rep_id.as_str()).or_insert(a);
        if key(a) < key(e) {
            *e = a;
        }
    }
    worst
}

/// The cells of `rep` with their metric: kinds, then sales metrics.
fn rep_metric_cells<'r>(r: &'r Report, rep: &'r RepRow) -> Vec<(Metric, KindCell)> {
    r.kinds
        .iter()
        .map(|k| Metric::Count(*k))
        .zip(rep.cells.iter().copied())
        .chain(
            r.extra
                .metrics
                .iter()
                .copied()
                .zip(rep.extra.metric_cells.iter().copied()),
        )
        .collect()
}

fn exceptions(lay: &mut Layout, r: &Report) {
    let l = lay.l;
    lay.section(&l.exceptions.title, 48.0);
    let worst = weakest_rows(r);

    lay.subheading(&l.exceptions.below_title, 30.0);
    lay.paragraph(&l.exceptions.below_note, 7.5, &Palette::muted());
    let mut below: Vec<&RepRow> = r
        .reps
        .iter()
        .filter(|x| x.status == Status::Below)
        .collect();
    let worst_pct = |x: &RepRow| {
        worst
            .get(x.rep_id.as_str())
            .and_then(|a| a.pct())
            .or(min_pct(x))
    };
    below.sort_by(|a, b| {
        worst_pct(a)
            .cmp(&worst_pct(b))
            .then_with(|| a.rep_name.cmp(&b.rep_name))
    });
    let mut t = Table::new(
        l.exceptions.below_title.clone(),
        vec![
            Col::left(&l.exceptions.rep, ColWidth::Flex(30.0)),
            Col::left(&l.exceptions.team, ColWidth::Flex(18.0)),
            Col::left(&l.exceptions.worst_kind, ColWidth::Natural),
            Col::left(&l.exceptions.period, ColWidth::Natural),
            Col::num(&l.exceptions.done),
            Col::num(&l.exceptions.target),
            Col::num(&l.exceptions.pct),
        ],
    );
    for rep in below {
        let (metric, period, done, target, pct) = match worst.get(rep.rep_id.as_str()) {
            Some(a) => {
                let m = a.metric();
                (
                    l.row_metric(a),
                    l.period_name(&a.period),
                    l.value(m, a.done),
                    l.value(m, a.target),
                    l.opt_pct(a.pct()),
                )
            }
            None => {
                // No attainment rows: fall back to the weakest summed cell.
                let w = rep_metric_cells(r, rep)
                    .into_iter()
                    .filter(|(_, c)| c.target.is_some())
                    .min_by_key(|(_, c)| c.pct());
                match w {
                    Some((m, c)) => (
                        l.metric_in(m, &rep.extra.currency),
                        l.period_name(&r.meta.period),
                        l.value(m, c.done),
                        l.opt_value(m, c.target),
                        l.opt_pct(c.pct()),
                    ),
                    None => Default::default(),
                }
            }
        };
        t.push(vec![
            Cell::new(rep.rep_name.as_str()),
            Cell::new(rep.team.as_str()),
            Cell::new(metric),
            Cell::new(period),
            Cell::new(done),
            Cell::new(target),
            Cell::new(pct)
                .bold()
                .color(Palette::status_text(Status::Below)),
        ]);
    }
    lay.table(&t);

    lay.subheading(&l.exceptions.exceeded_title, 30.0);
    lay.paragraph(&l.exceptions.exceeded_note, 7.5, &Palette::muted());
    let mut over: Vec<&RepRow> = r
        .reps
        .iter()
        .filter(|x| x.status == Status::Exceeded)
        .collect();
    over.sort_by(|a, b| {
        min_pct(b)
            .cmp(&min_pct(a))
            .then_with(|| a.rep_name.cmp(&b.rep_name))
    });
    let mut t = Table::new(
        l.exceptions.exceeded_title.clone(),
        vec![
            Col::left(&l.exceptions.rep, ColWidth::Flex(30.0)),
            Col::left(&l.exceptions.team, ColWidth::Flex(18.0)),
            Col::num(&l.exceptions.lowest),
            Col::num(&l.exceptions.total),
        ],
    );
    for rep in over {
        t.push(vec![
            Cell::new(rep.rep_name.as_str()),
            Cell::new(rep.team.as_str()),
            Cell::new(l.opt_pct(min_pct(rep)))
                .bold()
                .color(Palette::status_text(Status::Exceeded)),
            Cell::new(l.int(rep.total_activities)),
        ]);
    }
    lay.table(&t);
}

fn quality(lay: &mut Layout, r: &Report) {
    let l = lay.l;
    let q = &l.quality;
    lay.section(&q.title, 36.0);
    lay.paragraph(&q.note, 7.5, &Palette::muted());
    let mut t = Table::new(
        q.title.clone(),
        vec![
            Col::left(&q.source, ColWidth::Natural),
            Col::left(&q.file, ColWidth::Wrap(30.0)),
            Col::num(&q.read),
            Col::num(&q.counted),
            Col::num(&q.not_counted),
            Col::num(&q.duplicates),
            Col::num(&q.rejected),
            Col::num(&q.unmatched),
            Col::num(&q.empty),
            Col::num(&q.trailer),
        ],
    );
    t.size = 7.5;
    let cells = |fs: &FileStats, source: &str, file: &str| {
        let warn = |n: u64| {
            let c = Cell::new(l.int(n));
            if n > 0 {
                c.color(Palette::status_text(Status::Below))
            } else {
                c
            }
        };
        let mut read = Cell::new(l.int(fs.read));
        if !fs.reconciles() {
            read = read.bold().color(Palette::status_text(Status::Below));
            read.fill = Palette::status_fill(Status::Below);
        }
        vec![
            Cell::new(source),
            Cell::new(file),
            read,
            Cell::new(l.int(fs.counted)),
            Cell::new(l.int(fs.not_counted_total())),
            Cell::new(l.int(fs.duplicates)),
            warn(fs.rejected),
            warn(fs.unmatched),
            Cell::new(l.int(fs.empty)),
            Cell::new(l.int(fs.trailer)),
        ]
    };
    for fs in &r.files {
        t.push(cells(fs, &fs.source, &fs.file));
    }
    let totals = r.totals();
    if !r.files.is_empty() {
        t.push_total(cells(&totals, &q.total, ""));
    }
    lay.table(&t);
    let bad = r.files.iter().filter(|x| !x.reconciles()).count();
    if bad == 0 {
        lay.paragraph(&q.reconciles, 8.0, &Palette::status_text(Status::Met));
    } else {
        let msg = fill(&q.not_reconciled, &[("n", &l.int(bad as u64))]);
        lay.paragraph(&msg, 8.0, &Palette::status_text(Status::Below));
    }

    if !totals.not_counted.is_empty() {
        lay.subheading(&q.reasons_title, 18.0);
        let mut t = Table::new(
            q.reasons_title.clone(),
            vec![
                Col::left(&q.reason, ColWidth::Flex(40.0)),
                Col::num(&q.rows),
            ],
        );
        t.width = Some(100.0);
        for (reason, n) in &totals.not_counted {
            t.push(vec![Cell::new(l.reason(*reason)), Cell::new(l.int(*n))]);
        }
        t.push_total(vec![
            Cell::new(q.total.as_str()),
            Cell::new(l.int(totals.not_counted_total())),
        ]);
        lay.table(&t);
    }

    let unknown = r.unknown_identities();
    if !unknown.is_empty() {
        lay.subheading(&q.unknown_title, 18.0);
        let mut list: Vec<(&(String, String), &u64)> = unknown.iter().collect();
        list.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let mut t = Table::new(
            q.unknown_title.clone(),
            vec![
                Col::left(&q.source, ColWidth::Natural),
                Col::left(&q.identity, ColWidth::Flex(40.0)),
                Col::num(&q.rows),
            ],
        );
        t.width = Some(140.0);
        for ((source, id), n) in list.iter().take(MAX_UNKNOWN) {
            t.push(vec![
                Cell::new(source.as_str()),
                Cell::new(id.as_str()),
                Cell::new(l.int(**n)),
            ]);
        }
        lay.table(&t);
        if list.len() > MAX_UNKNOWN {
            let more = fill(&q.more, &[("n", &l.int((list.len() - MAX_UNKNOWN) as u64))]);
            lay.paragraph(&more, 7.5, &Palette::muted());
        }
    }

    if !r.rejects.is_empty() {
        lay.subheading(&q.rejects_title, 18.0);
        let mut t = Table::new(
            q.rejects_title.clone(),
            vec![
                Col::left(&q.file, ColWidth::Flex(30.0)),
                Col::num(&q.line),
                Col::left(&q.column, ColWidth::Flex(18.0)),
                Col::left(&q.value, ColWidth::Flex(25.0)),
                Col::left(&q.why, ColWidth::Flex(40.0)),
            ],
        );
        t.size = 7.0;
        for rej in r.rejects.iter().take(MAX_REJECTS) {
            t.push(vec![
                Cell::new(rej.file.as_str()),
                Cell::new(l.int(rej.line)),
                Cell::new(rej.column.as_str()),
                Cell::new(rej.value.as_str()),
                Cell::new(rej.reason.as_str()),
            ]);
        }
        lay.table(&t);
        if r.rejects.len() > MAX_REJECTS {
            let more = fill(
                &q.more,
                &[("n", &l.int((r.rejects.len() - MAX_REJECTS) as u64))],
            );
            lay.paragraph(&more, 7.5, &Palette::muted());
        }
    }
}

/// `s` as two lines: the first `n` characters and the rest.
fn two_lines(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}\n{}", &s[..i], &s[i..]),
        None => s.to_string(),
    }
}

fn provenance(lay: &mut Layout, r: &Report, opts: &PdfOptions) {
    let l = lay.l;
    let p = &l.provenance;
    lay.section(&p.title, 36.0);
    lay.paragraph(&p.note, 7.5, &Palette::muted());
    let mut t = Table::new(
        p.title.clone(),
        vec![
            Col::left(&l.quality.source, ColWidth::Natural),
            Col::left(&p.file, ColWidth::Wrap(40.0)),
            Col::num(&p.size),
            Col::left(&p.sha256, ColWidth::Natural),
        ],
    );
    t.size = 7.5;
    for fs in &r.files {
        t.push(vec![
            Cell::new(fs.source.as_str()),
            Cell::new(fs.file.as_str()),
            Cell::new(l.int(fs.size)),
            Cell::new(two_lines(&fs.sha256, 32)).color(Palette::muted()),
        ]);
    }
    lay.table(&t);
    lay.gap(2.0);
    let m = &r.meta;
    lay.key_values(&[
        (p.config.clone(), m.config.clone()),
        (p.config_sha256.clone(), m.config_sha256.clone()),
        (p.tool.clone(), format!("activity-quota {}", m.version)),
        (p.language.clone(), opts.lang.as_str().to_string()),
        (p.generated.clone(), l.date(opts.generated)),
    ]);
}

/// Three signature fields: (title, hint under the line).
fn signoff(lay: &mut Layout, cols: [(&String, &String); 3]) {
    let l = lay.l;
    lay.section(&l.signoff.title, 30.0);
    let gap = 8.0;
    let w = (WIDTH - 2.0 * gap) / 3.0;
    let top = lay.y - 2.0;
    let line_y = top - 18.0;
    for (i, (title, hint)) in cols.iter().enumerate() {
        let x = LEFT + i as f32 * (w + gap);
        lay.text(Face::Bold, 9.0, x, top - 3.5, title, &Palette::text());
        op_line(
            &mut lay.cur,
            (x, line_y),
            (x + w, line_y),
            0.6,
            &Palette::text(),
        );
        lay.text(Face::Regular, 7.0, x, line_y - 3.2, hint, &Palette::muted());
    }
    lay.y = line_y - 6.0;
}

// ---------------------------------------------------------------------------------------
// Pass 2: header and footer
// ---------------------------------------------------------------------------------------

struct Chrome {
    company: String,
    title: String,
    /// Right-aligned beside the period (a statement's rep).
    subtitle: Option<String>,
    period: String,
    tz: String,
    config: String,
    generated: String,
    tool: String,
}

impl Chrome {
    fn new(
        r: &Report,
        opts: &PdfOptions,
        l: &Labels,
        title: &str,
        subtitle: Option<String>,
    ) -> Chrome {
        let m = &r.meta;
        let period = fill(
            &l.format.period_with_dates,
            &[
                ("period", &l.period_name(&m.period)),
                ("from", &l.date(m.period_start)),
                ("to", &l.date(m.period_end)),
            ],
        );
        Chrome {
            company: m.company.clone(),
            title: title.to_string(),
            subtitle,
            period: fill(&l.header.period, &[("period", &period)]),
            tz: fill(&l.header.tz_basis, &[("tz", &m.timezone)]),
            config: fill(&l.header.config, &[("path", &m.config)]),
            generated: fill(&l.header.generated, &[("date", &l.date(opts.generated))]),
            tool: format!("activity-quota {}", m.version),
        }
    }

    fn draw(&self, f: &Fonts, l: &Labels, page: usize, pages: usize, ops: &mut Canvas) {
        let muted = Palette::muted();
        let right = |ops: &mut Canvas, face: Face, size: f32, y: f32, s: &str, col: &Color| {
            let s = f.clean(s);
            let w = f.width(face, &s, size);
            op_text(ops, face, size, RIGHT - w, y, &s, col);
        };
        // Header.
        let title_w = f.width(Face::Bold, &self.title, 10.0);
        let company = f.fit(Face::Bold, &self.company, 15.0, WIDTH - title_w - 8.0);
        op_text(
            ops,
            Face::Bold,
            15.0,
            LEFT,
            282.0,
            &company,
            &Palette::text(),
        );
        right(
            ops,
            Face::Bold,
            10.0,
            282.0,
            &self.title,
            &Palette::accent(),
        );
        let mut period_w = WIDTH;
        if let Some(sub) = &self.subtitle {
            let sub = f.fit(Face::Bold, sub, 9.5, WIDTH * 0.45);
            period_w -= f.width(Face::Bold, &sub, 9.5) + 6.0;
            right(ops, Face::Bold, 9.5, 276.0, &sub, &Palette::text());
        }
        let period = f.fit(Face::Bold, &self.period, 9.5, period_w);
        op_text(
            ops,
            Face::Bold,
            9.5,
            LEFT,
            276.0,
            &period,
            &Palette::accent(),
        );
        let tz = f.fit(Face::Regular, &self.tz, 7.5, WIDTH);
        op_text(ops, Face::Regular, 7.5, LEFT, 271.5, &tz, &muted);
        let gen_w = f.width(Face::Regular, &self.generated, 7.5);
        let config = f.fit(Face::Regular, &self.config, 7.5, WIDTH - gen_w - 6.0);
        op_text(ops, Face::Regular, 7.5, LEFT, 267.8, &config, &muted);
        right(ops, Face::Regular, 7.5, 267.8, &self.generated, &muted);
        op_line(ops, (LEFT, 265.3), (RIGHT, 265.3), 1.2, &Palette::accent());
        // Footer.
        op_line(ops, (LEFT, 14.0), (RIGHT, 14.0), 0.4, &Palette::grid());
        let left = f.fit(
            Face::Regular,
            &if self.company.trim().is_empty() {
                self.tool.clone()
            } else {
                format!("{} · {}", self.tool, self.company)
            },
            7.0,
            WIDTH - 40.0,
        );
        op_text(ops, Face::Regular, 7.0, LEFT, 10.0, &left, &muted);
        let n = fill(
            &l.footer.page,
            &[("page", &page.to_string()), ("pages", &pages.to_string())],
        );
        right(ops, Face::Regular, 7.5, 10.0, &n, &Palette::text());
    }
}

// ---------------------------------------------------------------------------------------
// Determinism
// ---------------------------------------------------------------------------------------

fn pdf_date(d: NaiveDate) -> printpdf::DateTime {
    printpdf::DateTime {
        date: printpdf::Date {
            year: d.year(),
            month: d.month() as u8,
            day: d.day() as u8,
        },
        time: printpdf::Time {
            hour: 0,
            minute: 0,
            second: 0,
            millisecond: 0,
        },
        offset: printpdf::Offset {
            hours: 0,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    }
}

/// Replace the two random strings of the trailer `/ID [(..)(..)]` with the first
/// characters of a SHA-256 of the file (with the ids blanked), same length, so no
/// offset moves.
fn pin_trailer_id(bytes: &mut [u8]) -> Result<()> {
    let Some(at) = bytes.windows(3).rposition(|w| w == b"/ID") else {
        bail!("no /ID in the PDF trailer");
    };
    // The two literal strings after /ID.
    let mut spans = Vec::with_capacity(2);
    let mut i = at + 3;
    while spans.len() < 2 && i < bytes.len() {
        match bytes[i] {
            b'(' => {
                let start = i + 1;
                let Some(len) = bytes[start..].iter().position(|&b| b == b')') else {
                    bail!("unterminated /ID string in the PDF trailer");
                };
                spans.push(start..start + len);
                i = start + len + 1;
            }
            b'[' | b' ' | b'\r' | b'\n' | b'\t' => i += 1,
            _ => bail!("unexpected /ID format in the PDF trailer"),
        }
    }
    if spans.len() != 2 {
        bail!("the PDF trailer /ID does not have two strings");
    }
    for s in &spans {
        bytes[s.clone()].fill(b'0');
    }
    let hash = crate::sha256_hex(bytes);
    for s in spans {
        let n = s.len().min(hash.len());
        bytes[s.start..s.start + n].copy_from_slice(&hash.as_bytes()[..n]);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::{collections::BTreeMap, path::Path, process::Command};

    use super::*;
    use crate::report::{Meta, TeamRow};

    fn meta() -> Meta {
        Meta {
            company: "Acme Sp. z o.o.".into(),
            period: "2026-10".into(),
            period_start: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
            period_end: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
            timezone: "Europe/Warsaw".into(),
            config: "samples/config.toml".into(),
            config_sha256: "9f2c4e1a7b3d5f60818293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8"
                .into(),
            version: "0.1.0".into(),
            language: "en".into(),
        }
    }

    const KINDS: [Kind; 3] = [Kind::Call, Kind::Email, Kind::Social];

    /// A rep with monthly targets 60 / 70 / 25 and the given counts.
    fn rep(id: &str, name: &str, team: &str, done: [u64; 3]) -> (RepRow, Vec<AttainmentRow>) {
        let targets = [60, 70, 25];
        let cells: Vec<KindCell> = (0..3)
            .map(|i| KindCell {
                done: done[i],
                target: Some(targets[i]),
            })
            .collect();
        let rows = (0..3)
            .map(|i| AttainmentRow {
                extra: Default::default(),
                rep_id: id.into(),
                rep_name: name.into(),
                team: team.into(),
                period: "2026-10".into(),
                period_start: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
                kind: KINDS[i],
                done: done[i],
                target: targets[i],
                plan: "Account executives".into(),
            })
            .collect::<Vec<_>>();
        let status = Status::overall(rows.iter().map(AttainmentRow::status));
        let row = RepRow {
            extra: Default::default(),
            rep_id: id.into(),
            rep_name: name.into(),
            team: team.into(),
            role: "ae".into(),
            time_zone: "Europe/Warsaw".into(),
            total_activities: done.iter().sum(),
            cells,
            status,
        };
        (row, rows)
    }

    fn teams_of(reps: &[RepRow]) -> Vec<TeamRow> {
        let mut by: BTreeMap<&str, Vec<&RepRow>> = BTreeMap::new();
        for r in reps {
            by.entry(r.team.as_str()).or_default().push(r);
        }
        by.into_iter()
            .map(|(team, m)| {
                let cells: Vec<KindCell> = (0..3)
                    .map(|k| KindCell {
                        done: m.iter().map(|r| r.cells[k].done).sum(),
                        target: Some(m.iter().filter_map(|r| r.cells[k].target).sum()),
                    })
                    .collect();
                TeamRow {
                    extra: Default::default(),
                    team: team.into(),
                    reps: m.len() as u64,
                    reps_met: m
                        .iter()
                        .filter(|r| matches!(r.status, Status::Met | Status::Exceeded))
                        .count() as u64,
                    total_activities: m.iter().map(|r| r.total_activities).sum(),
                    status: Status::overall(cells.iter().map(KindCell::status)),
                    cells,
                }
            })
            .collect()
    }

    fn file(source: &str, name: &str, read: u64, counted: u64, size: u64) -> FileStats {
        let mut f = FileStats {
            source: source.into(),
            file: name.into(),
            read,
            counted,
            size,
            sha256: crate::sha256_hex(name.as_bytes()),
            ..FileStats::default()
        };
        let rest = read - counted;
        f.duplicates = rest / 4;
        f.rejected = 1;
        f.not_counted
            .insert(NotCounted::MinDuration, rest - rest / 4 - 1);
        f
    }

    fn build(reps_and_rows: Vec<(RepRow, Vec<AttainmentRow>)>) -> Report {
        let mut reps = Vec::new();
        let mut attainment = Vec::new();
        for (r, rows) in reps_and_rows {
            reps.push(r);
            attainment.extend(rows);
        }
        let teams = teams_of(&reps);
        Report {
            extra: Default::default(),
            meta: meta(),
            kinds: KINDS.to_vec(),
            attainment,
            reps,
            teams,
            files: vec![
                file(
                    "phone",
                    "exports/phone/calls-2026-10.csv",
                    1240,
                    1021,
                    188_412,
                ),
                file(
                    "email",
                    "exports/email/outreach_export_2026-10-31.csv",
                    2210,
                    2002,
                    402_991,
                ),
                file(
                    "linkedin",
                    "exports/social/a-very-long-directory-name-from-the-sales-team/LinkedIn activity log (Polish locale) październik 2026.csv",
                    420,
                    388,
                    51_210,
                ),
            ],
            rejects: vec![crate::count::Reject {
                file: "exports/phone/calls-2026-10.csv".into(),
                line: 17,
                column: "started_at".into(),
                value: "2026-13-01".into(),
                reason: "not a valid timestamp".into(),
            }],
        }
    }

    fn small() -> Report {
        build(vec![
            rep("R001", "Łukasz Żak", "Warszawa", [60, 78, 25]),
            rep(
                "R002",
                "Małgorzata Wójcik-Szczęśniak",
                "Warszawa",
                [22, 27, 8],
            ),
            rep("R007", "Raj Patel", "New York", [100, 1071, 46]),
        ])
    }

    fn large() -> Report {
        let teams = ["Alpha", "Beta", "Gamma"];
        build(
            (0..60u64)
                .map(|i| {
                    let done = [40 + (i * 7) % 45, 50 + (i * 11) % 50, 10 + (i * 5) % 30];
                    let name = format!("Rep {i:02} Żółć-Kowalska");
                    rep(&format!("R{i:03}"), &name, teams[(i % 3) as usize], done)
                })
                .collect(),
        )
    }

    fn opts(lang: Lang) -> PdfOptions {
        PdfOptions {
            lang,
            generated: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
        }
    }

    fn keys(v: &toml::Value, prefix: &str, out: &mut Vec<String>) {
        if let toml::Value::Table(t) = v {
            for (k, v) in t {
                let path = format!("{prefix}{k}");
                out.push(path.clone());
                keys(v, &format!("{path}."), out);
            }
        }
    }

    #[test]
    fn both_label_files_have_the_same_keys_and_load() {
        let mut en = Vec::new();
        let mut pl = Vec::new();
        keys(&toml::from_str(LABELS_EN).unwrap(), "", &mut en);
        keys(&toml::from_str(LABELS_PL).unwrap(), "", &mut pl);
        en.sort();
        pl.sort();
        assert_eq!(en, pl);
        for lang in [Lang::En, Lang::Pl] {
            let l = Labels::load(lang).unwrap();
            assert_eq!(l.format.months.len(), 12);
        }
    }

    #[test]
    fn unknown_label_keys_are_rejected() {
        let bad = format!("{LABELS_EN}\n[extra]\nx = 1\n");
        assert!(toml::from_str::<Labels>(&bad).is_err());
        let bad = LABELS_EN.replace("[footer]\n", "[footer]\nfooter_typo = \"x\"\n");
        assert!(toml::from_str::<Labels>(&bad).is_err());
    }

    #[test]
    fn adler32_and_its_combination() {
        assert_eq!(adler32(b"Wikipedia"), 0x11E6_0398);
        assert_eq!(adler32(b""), 1);
        let data: Vec<u8> = (0..200_000u32).map(|i| (i * 7919 % 251) as u8).collect();
        for cut in [0, 1, 5552, 65_521, 70_000, 200_000] {
            let (a, b) = data.split_at(cut);
            assert_eq!(
                adler32_combine(adler32(a), adler32(b), b.len()),
                adler32(&data),
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn a_page_stream_is_the_chrome_then_the_body_in_one_zlib_stream() {
        use std::io::Read;
        let inflate = |z: &[u8]| {
            let mut out = Vec::new();
            flate2::read::ZlibDecoder::new(z)
                .read_to_end(&mut out)
                .unwrap();
            out
        };
        let chrome = b"BT\n/LSB 15 Tf\n42.5 799.3 Td\n<0024> Tj\nET\n".to_vec();
        // a body of several deflate blocks, partly incompressible
        let mut body: Vec<u8> = (0..300_000u32)
            .flat_map(|i| {
                format!("{} {} m\n", i % 977, i.wrapping_mul(2_654_435_761) >> 7).into_bytes()
            })
            .collect();
        body.push(b'\n');
        let queue = Queue::default();
        queue.push(0, body.clone());
        queue.push(1, Vec::new());
        queue.close();
        let mut done = queue.work();
        assert_eq!(done.len(), 2);
        let empty = done.pop().unwrap().1.unwrap();
        let packed = done.pop().unwrap().1.unwrap();
        let mut z = flate2::Compress::new(PAGE_LEVEL, true);
        let got = inflate(&page_stream(&mut z, chrome.clone(), packed).unwrap());
        assert_eq!(got, [&chrome[..], &body[..body.len() - 1]].concat());
        assert!(empty.is_none());
        let got = inflate(&page_stream(&mut z, chrome.clone(), None).unwrap());
        assert_eq!(got, &chrome[..chrome.len() - 1]);
    }

    #[test]
    fn reals_are_written_as_lopdf_writes_them() {
        let mut xs = vec![
            0.0f32, -0.0, 1.0, 15.0, 0.5, 1e-7, 1e20, -3.25, 2.834_646, 0.12,
        ];
        // every 9973rd float between 0.0001 and 10 000, and the same negative
        let (lo, hi) = (1e-4f32.to_bits(), 1e4f32.to_bits());
        xs.extend((lo..hi).step_by(9973).map(f32::from_bits));
        xs.extend((lo..hi).step_by(9973).map(|b| -f32::from_bits(b)));
        xs.extend((0..2000).map(|i| mm_pt(i as f32 * 0.05)));
        for v in xs {
            let mut got = Vec::new();
            push_real(&mut got, v);
            assert_eq!(String::from_utf8(got).unwrap(), format!("{v}"), "{v:?}");
        }
    }

    #[test]
    fn lang_parse() {
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse(" PL "), Some(Lang::Pl));
        assert_eq!(Lang::parse("pl-PL"), Some(Lang::Pl));
        assert_eq!(Lang::parse("en_GB"), Some(Lang::En));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::parse(""), None);
    }

    #[test]
    fn numbers_dates_and_periods_are_localised() {
        let en = Labels::load(Lang::En).unwrap();
        let pl = Labels::load(Lang::Pl).unwrap();
        assert_eq!(en.pct(12345), "1,234.5\u{a0}%");
        assert_eq!(pl.pct(12345), "1\u{a0}234,5\u{a0}%");
        assert_eq!(en.pct(3), "0.3\u{a0}%");
        assert_eq!(en.int(1_234_567), "1,234,567");
        assert_eq!(en.int(999), "999");
        assert_eq!(pl.int(1000), "1\u{a0}000");
        assert_eq!(en.opt_pct(None), "–");
        assert_eq!(en.period_name("2026-10"), "October 2026");
        assert_eq!(pl.period_name("2026-10"), "październik 2026");
        assert_eq!(en.period_name("2026-W43"), "week 43 of 2026");
        assert_eq!(pl.period_name("2026-Q4"), "IV kwartał 2026");
        assert_eq!(
            en.period_name("2026-01..2026-03"),
            "January 2026 to March 2026"
        );
        assert_eq!(en.period_name("nonsense-x"), "nonsense-x");
        assert_eq!(en.period_name("2026-13"), "2026-13");
        let d = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
        assert_eq!(en.date(d), "2026-10-01");
        assert_eq!(pl.date(d), "01.10.2026");
        assert_eq!(pl.status(Status::Below), "poniżej");
        assert_eq!(pl.status(Status::Met), "osiągnięty");
        assert_eq!(pl.status(Status::Exceeded), "przekroczony");
    }

    #[test]
    fn text_is_measured_cut_and_wrapped_with_the_font() {
        let f = Fonts::load().unwrap();
        let w1 = f.width(Face::Regular, "1", 10.0);
        // Liberation Sans digits are 1139/2048 em.
        assert!((w1 - 1139.0 / 2048.0 * 10.0 * PT_MM).abs() < 1e-4);
        assert!(
            f.width(Face::Bold, "Łukasz Żak", 10.0) > f.width(Face::Regular, "Łukasz Żak", 10.0)
        );
        for c in "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ–…\u{a0}".chars() {
            assert!(f.regular.lookup_glyph_index(c as u32).is_some(), "{c}");
            assert!(f.bold.lookup_glyph_index(c as u32).is_some(), "{c}");
        }
        let cut = f.fit(Face::Regular, "Małgorzata Wójcik-Szczęśniak", 8.0, 20.0);
        assert!(
            cut.ends_with('…') && f.width(Face::Regular, &cut, 8.0) <= 20.0,
            "{cut}"
        );
        assert_eq!(f.fit(Face::Regular, "Żak", 8.0, 20.0), "Żak");
        assert_eq!(f.clean("a\tb\u{4e2d}"), "a b?");
        let lines = f.wrap(
            Face::Regular,
            "exports/social/some-long-directory/file name.csv",
            8.0,
            25.0,
        );
        assert!(lines.len() > 1);
        assert!(
            lines.iter().all(|l| f.width(Face::Regular, l, 8.0) <= 25.0),
            "{lines:?}"
        );
        assert_eq!(two_lines("abcdef", 3), "abc\ndef");
        assert_eq!(two_lines("ab", 3), "ab");
    }

    #[test]
    fn same_report_gives_identical_bytes_in_one_process() {
        let r = small();
        let a = render(&r, &opts(Lang::En)).unwrap();
        // Another render in between advances printpdf's global random sequence.
        let _ = render(&large(), &opts(Lang::Pl)).unwrap();
        let b = render(&r, &opts(Lang::En)).unwrap();
        assert!(a.starts_with(b"%PDF-"));
        assert!(a == b, "two renders of the same report differ");
        let c = render(&r, &opts(Lang::Pl)).unwrap();
        assert_ne!(a, c);
        // The trailer /ID is the content hash, not printpdf's random string.
        let tail = String::from_utf8_lossy(&a[a.len().saturating_sub(400)..]).to_string();
        let id = tail.split("/ID").nth(1).unwrap_or_default();
        assert!(
            id.contains('(') && id.chars().filter(char::is_ascii_hexdigit).count() >= 64,
            "{tail}"
        );
    }

    #[test]
    fn empty_report_renders() {
        let mut r = build(Vec::new());
        r.files.clear();
        r.rejects.clear();
        r.kinds.clear();
        let pdf = render(&r, &opts(Lang::En)).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }

    /// `/Type /Page` objects (not the `/Type /Pages` tree node).
    fn page_count(pdf: &[u8]) -> usize {
        let mut n = 0;
        for (i, _) in pdf.windows(5).enumerate().filter(|(_, w)| *w == b"/Type") {
            let rest = &pdf[i + 5..];
            let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
            if rest.starts_with(b"/Page")
                && !rest[5..].first().is_some_and(u8::is_ascii_alphanumeric)
            {
                n += 1;
            }
        }
        n
    }

    /// pdftotext -layout of the PDF, one string per page; `None` when poppler-utils
    /// is not installed.
    fn pdftotext(pdf: &[u8]) -> Option<Vec<String>> {
        let which = Command::new("pdftotext").arg("-v").output();
        if which.is_err() {
            eprintln!("SKIP: pdftotext (poppler-utils) not on PATH; text checks skipped");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.pdf");
        std::fs::write(&path, pdf).unwrap();
        let out = Command::new("pdftotext")
            .arg("-layout")
            .arg(&path)
            .arg("-")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
        if pages.last().is_some_and(|p| p.trim().is_empty()) {
            pages.pop();
        }
        Some(pages)
    }

    fn pdfinfo_pages(pdf: &[u8]) -> Option<usize> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.pdf");
        std::fs::write(&path, pdf).unwrap();
        let out = Command::new("pdfinfo").arg(&path).output().ok()?;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(text.contains("595.276 x 841.89 pts (A4)"), "{text}");
        text.lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
    }

    fn squash(s: &str) -> String {
        s.replace('\u{a0}', " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn small_report_in_english_has_the_key_figures() {
        let pdf = render(&small(), &opts(Lang::En)).unwrap();
        let n = page_count(&pdf);
        assert!(n >= 2, "{n} pages");
        if let Some(p) = pdfinfo_pages(&pdf) {
            assert_eq!(p, n);
        }
        let Some(pages) = pdftotext(&pdf) else { return };
        assert_eq!(pages.len(), n);
        let all = squash(&pages.join("\n"));
        for want in [
            "Acme Sp. z o.o.",
            "Activity quota report",
            "Report period: October 2026 (2026-10-01 – 2026-10-31)",
            "Time zone basis: each rep's own local calendar; organisation default Europe/Warsaw",
            "Generated from config samples/config.toml",
            "Łukasz Żak",
            "Raj Patel",
            "2 of 3",    // reps meeting quota
            "1,437",     // total activities 163 + 57 + 1217
            "1,530.0 %", // Raj's emails, 1071 / 70
            "Calls 182 180 101.1 % exceeded",
            "Key figures",
            "Reward-eligible",
            "exceeded",
            "Data quality",
            "3,870", // rows read
            "Provenance",
            "188,412",
            &crate::sha256_hex(b"exports/phone/calls-2026-10.csv")[..32],
            "9f2c4e1a7b3d5f60818293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8",
            "activity-quota 0.1.0",
            "Prepared by",
            "Approved by",
        ] {
            assert!(all.contains(want), "missing {want:?} in\n{all}");
        }
        for (i, p) in pages.iter().enumerate() {
            assert!(
                squash(p).contains(&format!("page {} of {n}", i + 1)),
                "page {i}: {p}"
            );
            assert!(
                p.contains("Acme Sp. z o.o."),
                "header missing on page {}",
                i + 1
            );
        }
    }

    #[test]
    fn small_report_in_polish_renders_polish_text() {
        let pdf = render(&small(), &opts(Lang::Pl)).unwrap();
        let Some(pages) = pdftotext(&pdf) else { return };
        let n = pages.len();
        let all = squash(&pages.join("\n"));
        for want in [
            "Okres raportu: październik 2026 (01.10.2026 – 31.10.2026)",
            "lokalny kalendarz każdego handlowca",
            "Łukasz Żak",
            "Małgorzata",
            "poniżej",
            "przekroczony",
            "1 437",
            "1 530,0 %",
            "Połączenia",
            "Zatwierdził(a)",
        ] {
            assert!(all.contains(want), "missing {want:?} in\n{all}");
        }
        assert!(squash(&pages[0]).contains(&format!("strona 1 z {n}")));
        assert!(squash(&pages[n - 1]).contains(&format!("strona {n} z {n}")));
    }

    #[test]
    fn sixty_reps_paginate_and_repeat_the_rep_table_header() {
        let small_pages = page_count(&render(&small(), &opts(Lang::En)).unwrap());
        let pdf = render(&large(), &opts(Lang::En)).unwrap();
        let n = page_count(&pdf);
        assert!(n > small_pages, "{n} vs {small_pages}");
        let Some(pages) = pdftotext(&pdf) else { return };
        assert_eq!(pages.len(), n);
        // Every page with rep-table rows has the header row over them.
        let with_rows: Vec<&String> = pages
            .iter()
            .filter(|p| p.contains("Rep 0") && p.contains("Gamma"))
            .collect();
        let continued = pages
            .iter()
            .filter(|p| p.contains("Reps (continued)"))
            .count();
        assert!(continued >= 1, "rep table did not continue on a new page");
        let headers = pages
            .iter()
            .filter(|p| {
                p.lines().any(|l| {
                    let l = squash(l);
                    l.starts_with("Rep Team Done Target % Done Target %")
                })
            })
            .count();
        assert!(headers >= 2, "header row printed {headers} times");
        assert!(with_rows.len() >= 2);
        for i in [0u64, 29, 59] {
            assert!(
                pages
                    .iter()
                    .any(|p| p.contains(&format!("Rep {i:02} Żółć-Kowalska")))
            );
        }
        assert!(squash(&pages[n - 1]).contains(&format!("page {n} of {n}")));
    }

    /// All six kinds side by side: the rep table still fits the page width (the
    /// target sub-columns are dropped if it must), nothing panics.
    fn six_kinds() -> Report {
        let mut r = small();
        r.kinds = Kind::ALL.to_vec();
        for (i, rep) in r.reps.iter_mut().enumerate() {
            let extra = [
                KindCell {
                    done: 1234 + i as u64,
                    target: Some(1000),
                },
                KindCell {
                    done: 7,
                    target: Some(12),
                },
                KindCell {
                    done: 3,
                    target: None,
                },
            ];
            rep.cells.extend(extra);
        }
        for team in r.teams.iter_mut() {
            team.cells.extend([KindCell::default(); 3]);
        }
        r
    }

    #[test]
    fn six_kinds_fit_the_page() {
        let pdf = render(&six_kinds(), &opts(Lang::Pl)).unwrap();
        let Some(pages) = pdftotext(&pdf) else { return };
        let all = squash(&pages.join("\n"));
        for want in [
            "Szanse sprzedaży",
            "Spotkania",
            "Oferty",
            "Łukasz Żak",
            "Raj Patel",
        ] {
            assert!(all.contains(want), "missing {want:?} in\n{all}");
        }
    }

    #[test]
    fn hostile_input_renders_without_panicking() {
        let mut r = small();
        r.meta.company = "Ｃｏｍｐａｎｙ 株式会社 🚀 ".repeat(8);
        r.meta.config = "/very/long/path/".repeat(30) + "config.toml";
        r.meta.period = "2026-W99..garbage".into();
        r.reps[0].rep_name = "=cmd|' /C calc'!A0\t\r\n".to_string() + &"Ż".repeat(300);
        r.reps[1].team = String::new();
        r.reps[2].cells.clear();
        r.files[0].sha256 = "ąę".into();
        r.files[1].file = "x".repeat(3000);
        r.attainment.clear();
        for lang in [Lang::En, Lang::Pl] {
            let a = render(&r, &opts(lang)).unwrap();
            let b = render(&r, &opts(lang)).unwrap();
            assert!(a == b);
            if let Some(pages) = pdftotext(&a) {
                assert!(pages.iter().any(|p| p.contains("ŻŻŻ")));
            }
        }
    }

    /// The small report with the issue-5 data: sales metrics, conversion, score,
    /// rank and tier, a prorated target and pacing at 20 October.
    fn with_sales() -> Report {
        let mut r = small();
        r.kinds = vec![Kind::Call, Kind::Email, Kind::Social, Kind::Opportunity];
        r.extra.metrics = vec![Metric::Won, Metric::WonAmount, Metric::NewCustomers];
        r.extra.as_of = NaiveDate::from_ymd_opt(2026, 10, 20);
        let sales = [
            // opportunities, won, won amount (1/10 000), new customers, currency, score, rank, tier
            (7, 3, 1_060_000_000, 2, "PLN", 1071, 2, "met"),
            (2, 0, 0, 0, "PLN", 653, 3, ""),
            (30, 4, 1_095_005_000, 1, "USD", 1261, 1, "tier 1"),
        ];
        for (rep, (opps, won, amount, new, cur, score, rank, tier)) in r.reps.iter_mut().zip(sales)
        {
            rep.cells.push(KindCell {
                done: opps,
                target: Some(6),
            });
            rep.extra.metric_cells = vec![
                KindCell {
                    done: won,
                    target: None,
                },
                KindCell {
                    done: amount,
                    target: Some(400_000_000),
                },
                KindCell {
                    done: new,
                    target: Some(1),
                },
            ];
            rep.extra.currency = cur.into();
            rep.extra.score = Some(score);
            rep.extra.rank = Some(rank);
            rep.extra.tier = tier.into();
            rep.extra.conversion = Conversion {
                activities: rep.total_activities,
                opportunities: opps,
                per_kind: KINDS
                    .iter()
                    .zip(&rep.cells)
                    .map(|(k, c)| (*k, c.done))
                    .collect(),
            };
        }
        // Raj: the seed's month (150 calls, 200 emails, 50 social, 30 opportunities)
        let raj = &mut r.reps[2];
        for (c, n) in raj.cells.iter_mut().zip([150, 200, 50]) {
            c.done = n;
        }
        raj.total_activities = 400;
        raj.extra.conversion.activities = 400;
        raj.extra.conversion.per_kind =
            vec![(Kind::Call, 150), (Kind::Email, 200), (Kind::Social, 50)];
        for t in r.teams.iter_mut() {
            let members: Vec<&RepRow> = r.reps.iter().filter(|x| x.team == t.team).collect();
            t.cells = sum_cells(members.iter().map(|x| x.cells.as_slice()), 4);
            t.total_activities = members.iter().map(|x| x.total_activities).sum();
            t.extra.metric_cells =
                sum_cells(members.iter().map(|x| x.extra.metric_cells.as_slice()), 3);
            t.extra.currency = members[0].extra.currency.clone();
            let mut cv = Conversion {
                per_kind: KINDS.iter().map(|k| (*k, 0)).collect(),
                ..Conversion::default()
            };
            for x in &members {
                cv.activities += x.extra.conversion.activities;
                cv.opportunities += x.extra.conversion.opportunities;
                for (k, n) in cv.per_kind.iter_mut() {
                    *n += kind_count(&x.extra.conversion, *k);
                }
            }
            t.extra.conversion = cv;
        }
        let row = |rep: usize, metric: Metric, done, target, full, basis: &str| {
            let x = &r.reps[rep];
            AttainmentRow {
                rep_id: x.rep_id.clone(),
                rep_name: x.rep_name.clone(),
                team: x.team.clone(),
                period: "2026-10".into(),
                period_start: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
                kind: metric.kind(),
                done,
                target,
                plan: "Sales: AEs".into(),
                extra: crate::report::AttainmentExtra {
                    metric: Some(metric),
                    target_full: full,
                    basis: basis.into(),
                    tier: String::new(),
                    currency: if metric == Metric::WonAmount {
                        x.extra.currency.clone()
                    } else {
                        String::new()
                    },
                    pacing: Some(crate::report::Pacing {
                        days_elapsed: 14,
                        expected: target * 14 / 22,
                        projected_pct: Some(876),
                        pace: Pace::Behind,
                    }),
                },
            }
        };
        let extra = vec![
            row(
                1,
                Metric::WonAmount,
                290_000_000,
                636_363_600,
                1_000_000_000,
                "14/22 working days",
            ),
            row(
                2,
                Metric::Count(Kind::Opportunity),
                30,
                6,
                6,
                "22/22 working days",
            ),
        ];
        r.attainment.extend(extra);
        r
    }

    #[test]
    fn sales_conversion_leaderboard_pacing_and_proration_are_in_the_pdf() {
        let r = with_sales();
        let pdf = render(&r, &opts(Lang::En)).unwrap();
        let Some(pages) = pdftotext(&pdf) else { return };
        let all = squash(&pages.join("\n"));
        for want in [
            "Leaderboard and reward tiers",
            "1 Raj Patel New York 126.1 % tier 1",
            "2 Łukasz Żak Warszawa 107.1 % met",
            "3 Małgorzata Wójcik-Szczęśniak Warszawa 65.3 % –",
            // reward-eligible by tier, the highest tier first
            "Tier Rank Rep Team Score tier 1 1 Raj Patel New York 126.1 % met 2 Łukasz Żak Warszawa 107.1 % Sales",
            "Sales",
            "Opportunities created",
            "109,500.50",
            "USD",
            "106,000.00 40,000.00 265.0 %",
            // Raj: 400 activities, 30 opportunities: 7.5 per 100, 13.3 per opportunity,
            // calls 20.0 per 100 and 5.0 per opportunity
            "Raj Patel New York 400 30 7.5 13.3 20.0 5.0",
            "Conversion per team",
            "Pacing at 2026-10-20",
            "Expected to date",
            "behind",
            "87.6 %",
            "Prorated targets",
            "Małgorzata Wójcik-Szczęśniak October 2026 Won amount (PLN) 100,000.00 14/22 working days 63,636.36",
            "Reward-eligible reps",
        ] {
            assert!(all.contains(want), "missing {want:?} in\n{all}");
        }
        // the team total does not add PLN and USD
        assert!(
            all.contains("Total 3 39 18 216.7 % 7 – – – 3 3 100.0 % mixed"),
            "{all}"
        );
        assert!(
            all.contains("Warszawa 2 9 12 75.0 % 3 106,000.00 80,000.00 132.5 % 2 2 100.0 % PLN"),
            "{all}"
        );
        assert!(all.contains("Total 620 39 6.3 15.9"), "{all}");

        let pdf = render(&r, &opts(Lang::Pl)).unwrap();
        let Some(pages) = pdftotext(&pdf) else { return };
        let all = squash(&pages.join("\n"));
        for want in [
            "Ranking i progi nagród",
            "Sprzedaż",
            "109 500,50",
            "Konwersja",
            "7,5 13,3",
            "Tempo realizacji na dzień 20.10.2026",
            "opóźnienie",
            "Normy proporcjonalne",
            "14/22 dni roboczych",
            "Wartość wygranych (PLN)",
        ] {
            assert!(all.contains(want), "missing {want:?} in\n{all}");
        }
        // no pacing when the as-of date is after the report period
        let mut done = r.clone();
        done.extra.as_of = NaiveDate::from_ymd_opt(2026, 11, 1);
        let pdf = render(&done, &opts(Lang::En)).unwrap();
        let Some(pages) = pdftotext(&pdf) else { return };
        assert!(!pages.join("\n").contains("Pacing at"));
    }

    #[test]
    fn a_statement_holds_one_reps_numbers_rows_and_exceptions() {
        let r = with_sales();
        let pdf = Pdf::new(&opts(Lang::En)).unwrap();
        let st = pdf.statements(&r);
        assert_eq!(st.len(), 3);
        assert_eq!(st.name(1), "R002-malgorzata-wojcik-szczesniak.pdf");
        let a = st.render(1).unwrap();
        assert!(a == render_statement(&r, "R002", &opts(Lang::En)).unwrap());
        assert!(render_statement(&r, "nobody", &opts(Lang::En)).is_err());
        let Some(pages) = pdftotext(&a) else { return };
        let n = pages.len();
        let all = squash(&pages.join("\n"));
        for want in [
            "Rep statement",
            "Małgorzata Wójcik-Szczęśniak (R002)",
            "Rep ID R002",
            "Total activities Overall status Score Reward tier 57 below 65.3 %",
            "rank 3 of 3",
            "no tier reached",
            "Attainment in October 2026",
            "Calls 22 60 36.7 % below",
            "Won amount (PLN) 0.00 40,000.00 0.0 % below",
            "Attainment by quota period",
            "Below target",
            "October 2026 Won amount (PLN) 29,000.00 63,636.36 45.6 % 14/22 working days",
            "Won amount (PLN) 29,000.00 63,636.36 45.6 % below 14/22 working days – Sales: AEs 40,495.87 87.6 % behind",
            "Opportunities created: 2",
            "Manager",
        ] {
            assert!(all.contains(want), "missing {want:?} in\n{all}");
        }
        // nobody else's rows
        assert!(
            !all.contains("Raj Patel") && !all.contains("Łukasz Żak"),
            "{all}"
        );
        assert!(squash(&pages[n - 1]).contains(&format!("page {n} of {n}")));
        for p in &pages {
            assert!(squash(p).contains("Małgorzata Wójcik-Szczęśniak (R002)"));
        }
    }

    #[test]
    fn statement_file_names_are_safe() {
        assert_eq!(slug("Łukasz Żak", 60), "Lukasz-Zak");
        assert_eq!(slug("ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ", 60), "acelnoszz-ACELNOSZZ");
        assert_eq!(slug("Zoë <script>", 60), "Zoe-script");
        assert_eq!(slug("../../etc/passwd", 60), "etc-passwd");
        assert_eq!(slug("a\\b\0c\n\td..e", 60), "a-b-c-d-e");
        assert_eq!(slug("O'Brien", 60), "OBrien");
        assert_eq!(slug("株式会社", 60), "");
        assert_eq!(slug("--x--", 60), "x");
        assert_eq!(slug(&"ab ".repeat(50), 10), "ab-ab-ab-a");
        assert_eq!(slug("ab-cd ef", 6), "ab-cd");
        let rep = |id: &str, name: &str| {
            let (mut r, _) = super::tests::rep(id, name, "T", [0, 0, 0]);
            r.extra = Default::default();
            r
        };
        let names = statement_file_names(&[
            rep("R001", "Łukasz Żak"),
            rep("../../etc/passwd", "Zoë <script>"),
            rep("..", ".."),
            rep("r001", "łukasz żak"),
            rep("R001/", "Łukasz Żak"),
            rep("CON", "株式会社"),
            rep("x\u{0}y\r\nz", "\u{202e}fdp.exe"),
        ]);
        assert_eq!(
            names,
            [
                "R001-lukasz-zak.pdf",
                "etc-passwd-zoe-script.pdf",
                "rep-rep.pdf",
                "r001-lukasz-zak-2.pdf",
                "R001-lukasz-zak-3.pdf",
                "CON-rep.pdf",
                "x-y-z-fdp-exe.pdf",
            ]
        );
        for n in &names {
            let stem = n.strip_suffix(".pdf").unwrap();
            assert!(
                stem.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'),
                "{n}"
            );
            assert!(!stem.starts_with('-') && !stem.ends_with('-'), "{n}");
        }
    }

    /// Writes /tmp/aq-sample-{en,pl}.pdf, /tmp/aq-sample60-{en,pl}.pdf and
    /// /tmp/aq-sample6k-pl.pdf (six kinds) to look at:
    /// `cargo test --lib report::pdf -- --ignored`, then
    /// `pdftoppm -png -r 70 /tmp/aq-sample-en.pdf /tmp/aq-page`.
    #[test]
    #[ignore]
    fn write_samples() {
        let dir = Path::new("/tmp");
        for lang in [Lang::En, Lang::Pl] {
            let pdf = render(&small(), &opts(lang)).unwrap();
            std::fs::write(dir.join(format!("aq-sample-{}.pdf", lang.as_str())), pdf).unwrap();
            let pdf = render(&large(), &opts(lang)).unwrap();
            std::fs::write(dir.join(format!("aq-sample60-{}.pdf", lang.as_str())), pdf).unwrap();
        }
        let pdf = render(&six_kinds(), &opts(Lang::Pl)).unwrap();
        std::fs::write(dir.join("aq-sample6k-pl.pdf"), pdf).unwrap();
    }
}
