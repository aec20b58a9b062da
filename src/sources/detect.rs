//! Which layout reads a file: a source read through presets has one layout per preset
//! variant (and rep column) it can read ([`Source::layouts`]); the file's header picks
//! one. The start of the file is read once, decoded, and each of its first lines is
//! tried as the header (report exports have a title or notes above it): the layout
//! whose mapped columns are all there and which has the largest share of its variant's
//! header wins (then the most columns, then the earliest layout).

use std::{fmt::Write as _, fs::File, io::Read, path::Path};

use encoding_rs::Encoding;

use crate::sources::archive::Part;

use crate::{
    config::Source,
    error::Failure,
    sources::{decode, header::PREAMBLE_LINES, header::parse_header, names},
};

/// How much of a file's start is read to find its header.
const HEAD_BYTES: u64 = 256 * 1024;

/// How many data rows after the header are sampled (timestamps, amounts).
const SAMPLE_ROWS: usize = 50;

/// What the start of a file says about reading it.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Choice {
    /// Which of the source's layouts reads it ([`Source::layout`]).
    pub(crate) layout: usize,
    /// The encoding of a file that is not UTF-8 while the source names none: Windows-1250
    /// or Windows-1252 by its bytes (Excel on Windows saves "CSV" in one of them).
    pub(crate) encoding: Option<&'static Encoding>,
    /// Amounts written with a decimal comma (a re-save by a Polish or German Excel),
    /// while the source does not say `decimal_comma = true`.
    pub(crate) decimal_comma: bool,
}

impl Choice {
    /// The source as this file is read: its layout, with the encoding and decimal comma
    /// found in the file (`None`: the layout as it is).
    pub(crate) fn apply(&self, source: &Source) -> Option<Source> {
        if self.encoding.is_none() && !self.decimal_comma {
            return None;
        }
        let mut s = source.layout(self.layout).clone();
        s.layouts = Vec::new();
        if let Some(e) = self.encoding {
            s.encoding = Some(e);
        }
        s.decimal_comma |= self.decimal_comma;
        Some(s)
    }
}

/// How well one header line fits one layout.
struct Fit {
    layout: usize,
    missing: Vec<String>,
    /// Columns of the variant's header present, and in percent of it.
    hits: usize,
    pct: usize,
}

/// Every column a layout maps, as the config resolved it (the user's keys over the
/// preset's).
fn mapped(s: &Source) -> Vec<&str> {
    let mut cols = vec![s.rep_column.as_str(), s.ts_column.as_str()];
    cols.extend(
        [
            s.ts_time_column.as_deref(),
            s.duration.as_ref().map(|d| d.0.as_str()),
            s.direction.as_deref(),
            s.outcome.as_deref(),
            s.external_id.as_deref(),
            s.amount.as_deref(),
            s.currency.as_deref(),
            s.units.as_deref(),
            s.new_customer.as_ref().map(|n| n.0.as_str()),
            s.counterpart.as_deref(),
        ]
        .into_iter()
        .flatten(),
    );
    cols
}

fn fit(layout: usize, s: &Source, header: &names::Keyed) -> Fit {
    let missing = mapped(s)
        .into_iter()
        .filter(|c| header.find(c).is_none())
        .map(str::to_string)
        .collect();
    let variant = s.preset.map_or(&[][..], |p| p.header);
    let hits = variant.iter().filter(|c| header.find(c).is_some()).count();
    Fit {
        layout,
        missing,
        hits,
        pct: hits * 100 / variant.len().max(1),
    }
}

/// The start of a file, decoded, and the header candidates in it: each of its first
/// lines that parses as a record, with where it starts.
struct Head {
    /// The encoding guessed for a file that is not UTF-8 while the source names none.
    guessed: Option<&'static Encoding>,
    text: String,
    eof: bool,
    lines: Vec<(usize, u8, Vec<String>)>,
}

/// Windows-1250 or Windows-1252 for bytes that are not UTF-8: Central European letters
/// (`ą ł ś ź Ą Ł Ś Ź`, at 0xB9 0xB3 0x9C 0x9F 0xA5 0xA3 0x8C 0x8F) are rare symbols in
/// Windows-1252 (`¹ ³ œ Ÿ ¥ £ Œ`); text that has them is Windows-1250.
fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let central = bytes
        .iter()
        .filter(|b| matches!(b, 0xB9 | 0xB3 | 0x9C | 0x9F | 0xA5 | 0xA3 | 0x8C | 0x8F))
        .count();
    if central > 0 {
        encoding_rs::WINDOWS_1250
    } else {
        encoding_rs::WINDOWS_1252
    }
}

/// The first [`HEAD_BYTES`] of an input as the pipeline reads it: a CSV file's bytes,
/// an archive member's inflated bytes, a workbook sheet's CSV text (`true`: a sheet,
/// UTF-8 whatever the source says).
pub(crate) fn head_bytes(
    source: &Source,
    path: &Path,
    part: Option<&Part>,
    shown: &str,
) -> Result<(Vec<u8>, bool), Failure> {
    let mut head = Vec::new();
    let sheet = crate::sources::excel::Book::of(part.map_or(shown, |p| p.name())).is_some();
    if part.is_none() && !sheet {
        File::open(path)
            .and_then(|f| f.take(HEAD_BYTES).read_to_end(&mut head))
            .map_err(|e| {
                Failure::run(format!(
                    "cannot open `{shown}` (source `{}`): {e}",
                    source.name
                ))
            })?;
        return Ok((head, false));
    }
    let hasher = std::sync::Arc::new(std::sync::Mutex::new(Default::default()));
    let opened = crate::sources::opening::open(source, part, path, shown, &hasher, false)?;
    match opened.input {
        crate::sources::read::Input::Stream(r) => {
            r.take(HEAD_BYTES)
                .read_to_end(&mut head)
                .map_err(|e| crate::sources::read::read_error(shown, e))?;
        }
        crate::sources::read::Input::Mapped(map, bom) => {
            let end = map.len().min(bom + HEAD_BYTES as usize);
            head.extend_from_slice(&map[bom..end]);
        }
    }
    Ok((head, sheet))
}

fn read_head(
    source: &Source,
    path: &Path,
    part: Option<&Part>,
    shown: &str,
) -> Result<Head, Failure> {
    let (head, sheet) = head_bytes(source, path, part, shown)?;
    let eof = (head.len() as u64) < HEAD_BYTES;
    let (mut enc, bom) = decode::detect(&head, source.encoding);
    let mut guessed = None;
    if enc == encoding_rs::UTF_8 && source.encoding.is_none() && !sheet {
        // a cut at the end of the head may split a character: only an error before
        // the last three bytes says the file is not UTF-8
        if let Err(e) = std::str::from_utf8(&head[bom..])
            && (e.error_len().is_some() || eof)
        {
            enc = guess_legacy(&head);
            guessed = Some(enc);
        }
    }
    let text = enc.decode(&head).0.into_owned();
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut off = 0;
    for _ in 0..PREAMBLE_LINES {
        let rest = &bytes[off..];
        if rest.is_empty() {
            break;
        }
        let delimiter = source
            .delimiter
            .unwrap_or_else(|| decode::sniff_delimiter(rest));
        if let Some((fields, _)) = parse_header(rest, delimiter, eof) {
            out.push((
                off,
                delimiter,
                fields
                    .into_iter()
                    .map(|f| String::from_utf8_lossy(&f).into_owned())
                    .collect(),
            ));
        }
        match memchr::memchr(b'\n', rest) {
            Some(i) => off += i + 1,
            None => break,
        }
    }
    Ok(Head {
        guessed,
        eof,
        text,
        lines: out,
    })
}

/// Up to [`SAMPLE_ROWS`] data records after the header line at `off`.
fn sample(head: &Head, off: usize, delimiter: u8) -> Vec<Vec<String>> {
    let bytes = head.text.as_bytes();
    let mut at = off;
    let mut rows = Vec::new();
    // the header itself first
    while rows.len() <= SAMPLE_ROWS {
        let Some((fields, len)) = parse_header(&bytes[at..], delimiter, head.eof) else {
            break;
        };
        at += len;
        rows.push(
            fields
                .into_iter()
                .map(|f| String::from_utf8_lossy(&f).into_owned())
                .collect(),
        );
    }
    rows.into_iter().skip(1).collect()
}

/// How many of `rows` have a timestamp that layout `s` reads (its column, joined to
/// its time column, parsed with its format).
fn readable(s: &Source, header: &names::Keyed, rows: &[Vec<String>]) -> usize {
    let Some(ts) = header.find(&s.ts_column) else {
        return 0;
    };
    let time = s.ts_time_column.as_ref().and_then(|c| header.find(c));
    rows.iter()
        .filter(|r| {
            let Some(d) = r.get(ts) else { return false };
            let v = match time.and_then(|t| r.get(t)) {
                Some(t) => format!("{} {}", d.trim(), t.trim()),
                None => d.clone(),
            };
            s.ts_format.parse_cold(&v).is_ok()
        })
        .count()
}

/// Whether an amount column's values are written with a decimal comma (`18999,99`,
/// `1 234,5`): some value has a comma followed by one or two digits at its end and no
/// `.`, and none has a comma followed by three digits at its end (`1,234` is a US
/// thousands separator).
fn decimal_comma(s: &Source, header: &names::Keyed, rows: &[Vec<String>]) -> bool {
    let Some(col) = s.amount.as_ref() else {
        return false;
    };
    let Some(i) = header.find(col) else {
        return false;
    };
    let mut comma = false;
    for v in rows.iter().filter_map(|r| r.get(i)) {
        let v = v.trim();
        if let Some((_, frac)) = v.rsplit_once(',') {
            let digits = frac.chars().all(|c| c.is_ascii_digit());
            if digits && frac.len() == 3 || v.contains('.') {
                return false;
            }
            comma |= digits && (1..=2).contains(&frac.len());
        }
    }
    comma
}

/// How to read the file `path` (`shown` in messages) of `source`: its layout (0 for a
/// source mapped by hand or with one layout), its encoding and decimal comma if the
/// source does not say and the file is not the default.
pub(crate) fn choose(
    source: &Source,
    path: &Path,
    part: Option<&Part>,
    shown: &str,
) -> Result<Choice, Failure> {
    let head = read_head(source, path, part, shown)?;
    let mut choice = Choice {
        encoding: head.guessed,
        ..Choice::default()
    };
    let layouts: Vec<&Source> = source.each_layout().collect();
    // per header line, the fitting layouts, best first: share of the variant's header,
    // columns present, timestamps read in the sample, the earliest
    let mut best: Option<((usize, usize, usize), usize, usize)> = None;
    let mut closest: Option<(usize, Vec<Fit>)> = None;
    for (li, (off, delimiter, cols)) in head.lines.iter().enumerate() {
        let header = &names::Keyed::new(cols);
        let fits: Vec<Fit> = layouts
            .iter()
            .enumerate()
            .map(|(i, l)| fit(i, l, header))
            .collect();
        let mut rows = None;
        for f in fits.iter().filter(|f| f.missing.is_empty()) {
            let rows = rows.get_or_insert_with(|| sample(&head, *off, *delimiter));
            let score = (f.pct, f.hits, readable(layouts[f.layout], header, rows));
            if best.as_ref().is_none_or(|(b, _, _)| score > *b) {
                best = Some((score, f.layout, li));
            }
        }
        let top = fits.iter().map(|f| f.hits).max().unwrap_or(0);
        if closest.as_ref().is_none_or(|(h, _)| top > *h) {
            closest = Some((top, fits));
        }
    }
    let Some((_, layout, li)) = best else {
        if source.layouts.len() <= 1 {
            // a source mapped by hand: its header is checked (and explained) as it is read
            return Ok(choice);
        }
        let first = head.lines.first().map(|l| &l.2);
        return Err(no_fit(source, shown, first, closest.map(|c| c.1)));
    };
    choice.layout = if source.layouts.is_empty() { 0 } else { layout };
    let (off, delimiter, cols) = &head.lines[li];
    let l = layouts[layout];
    if !l.decimal_comma {
        let header = &names::Keyed::new(cols);
        choice.decimal_comma = decimal_comma(l, header, &sample(&head, *off, *delimiter));
    }
    Ok(choice)
}

/// A file no layout fits: the closest layouts (fewest columns missing, one per preset,
/// at most three) and the columns each lacks, and the file's header.
fn no_fit(
    source: &Source,
    shown: &str,
    first: Option<&Vec<String>>,
    fits: Option<Vec<Fit>>,
) -> Failure {
    let mut fits = fits.unwrap_or_default();
    fits.sort_by_key(|f| (f.missing.len(), usize::MAX - f.hits, f.layout));
    let mut seen: Vec<&str> = Vec::new();
    let mut list = String::new();
    for f in &fits {
        let l = &source.layouts[f.layout];
        let Some(p) = l.preset else { continue };
        if seen.contains(&p.name) {
            continue;
        }
        seen.push(p.name);
        let _ = write!(
            list,
            "\n  {} ({}) lacks {}",
            p.label(),
            p.title,
            crate::model::backticked(f.missing.iter().map(String::as_str))
        );
        if seen.len() == 3 {
            break;
        }
    }
    let what = match source.layouts.first().and_then(|l| l.preset) {
        Some(p)
            if source
                .layouts
                .iter()
                .all(|l| l.preset.is_some_and(|q| q.name == p.name)) =>
        {
            format!("any layout of preset `{}`", p.name)
        }
        _ => "any preset".to_string(),
    };
    let header = first.map_or("nothing".to_string(), |h| {
        crate::model::backticked(h.iter().map(String::as_str))
    });
    let mut e = Failure::config(format!(
        "`{shown}` (source `{}`) does not fit {what}; the closest:{list}\nits header has {header}; map the columns in the `[[source]]` (e.g. `rep = {{ column = \"…\", match = \"email\" }}`) or `activity-quota sources` lists every preset's header",
        source.name
    ));
    // a file of another tool than the source's preset says which
    if let (Some(h), Some(own)) = (first, source.preset)
        && let Some(p) = crate::sources::presets::recognise(h)
        && p.name != own.name
    {
        e.message.push_str(&format!(
            "; this looks like a {}: set `preset = \"{}\"`",
            p.title, p.name
        ));
    }
    e
}
