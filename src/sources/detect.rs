//! Which layout reads a file: a source read through presets has one layout per preset
//! variant (and rep column) it can read ([`Source::layouts`]); the file's header picks
//! one. The start of the file is read once, decoded, and each of its first lines is
//! tried as the header (report exports have a title or notes above it): the layout
//! whose mapped columns are all there and which has the largest share of its variant's
//! header wins (then the most columns, then the earliest layout).

use std::{fmt::Write as _, fs::File, io::Read, path::Path};

use crate::{
    config::Source,
    error::Failure,
    sources::{decode, header::PREAMBLE_LINES, header::parse_header, names},
};

/// How much of a file's start is read to find its header.
const HEAD_BYTES: u64 = 256 * 1024;

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

fn fit(layout: usize, s: &Source, header: &[String]) -> Fit {
    let missing = mapped(s)
        .into_iter()
        .filter(|c| !names::has(header, c))
        .map(str::to_string)
        .collect();
    let variant = s.preset.map_or(&[][..], |p| p.header);
    let hits = variant.iter().filter(|c| names::has(header, c)).count();
    Fit {
        layout,
        missing,
        hits,
        pct: hits * 100 / variant.len().max(1),
    }
}

/// The decoded start of a file and the header candidates in it: each of its first
/// lines parsed as a record (`None` for a line that is not one).
fn candidates(source: &Source, path: &Path, shown: &str) -> Result<Vec<Vec<String>>, Failure> {
    let mut head = Vec::new();
    File::open(path)
        .and_then(|f| f.take(HEAD_BYTES).read_to_end(&mut head))
        .map_err(|e| {
            Failure::run(format!(
                "cannot open `{shown}` (source `{}`): {e}",
                source.name
            ))
        })?;
    let eof = (head.len() as u64) < HEAD_BYTES;
    let (enc, _) = decode::detect(&head, source.encoding);
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
            out.push(
                fields
                    .into_iter()
                    .map(|f| String::from_utf8_lossy(&f).into_owned())
                    .collect(),
            );
        }
        match memchr::memchr(b'\n', rest) {
            Some(i) => off += i + 1,
            None => break,
        }
    }
    Ok(out)
}

/// The layout of `source` that reads the file `path` (`shown` in messages): its index
/// in [`Source::layouts`] (0 for a source mapped by hand or with one layout).
pub(crate) fn choose(source: &Source, path: &Path, shown: &str) -> Result<usize, Failure> {
    if source.layouts.len() <= 1 {
        return Ok(0);
    }
    let lines = candidates(source, path, shown)?;
    let mut best: Option<Fit> = None;
    let mut closest: Option<(usize, Vec<Fit>)> = None;
    for header in &lines {
        let fits: Vec<Fit> = source
            .layouts
            .iter()
            .enumerate()
            .map(|(i, l)| fit(i, l, header))
            .collect();
        for f in &fits {
            if f.missing.is_empty()
                && best
                    .as_ref()
                    .is_none_or(|b| (f.pct, f.hits) > (b.pct, b.hits))
            {
                best = Some(Fit {
                    layout: f.layout,
                    missing: Vec::new(),
                    hits: f.hits,
                    pct: f.pct,
                });
            }
        }
        let top = fits.iter().map(|f| f.hits).max().unwrap_or(0);
        if closest.as_ref().is_none_or(|(h, _)| top > *h) {
            closest = Some((top, fits));
        }
    }
    match best {
        Some(b) => Ok(b.layout),
        None => Err(no_fit(source, shown, lines.first(), closest.map(|c| c.1))),
    }
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
    Failure::config(format!(
        "`{shown}` (source `{}`) does not fit {what}; the closest:{list}\nits header has {header}; map the columns in the `[[source]]` (e.g. `rep = {{ column = \"…\", match = \"email\" }}`) or `activity-quota sources` lists every preset's header",
        source.name
    ))
}
