//! The header of an export: locating it (after `skip_lines`, or among the first lines
//! of a report with a preamble), parsing it, and mapping the source's columns to positions.

use csv_core::{ReadRecordResult, ReaderBuilder};

use crate::{
    config::Source,
    error::Failure,
    sources::{
        decode,
        fields::line_breaks,
        presets,
        read::{Input, fill, read_error},
    },
};

/// The header is looked for among this many first lines (preamble auto-detection).
pub(crate) const PREAMBLE_LINES: usize = 100;

/// Column positions of the mapped fields in one file.
pub(crate) struct Cols {
    pub(crate) names: Vec<String>,
    pub(crate) rep: usize,
    pub(crate) ts: usize,
    pub(crate) ts_time: Option<usize>,
    pub(crate) duration: Option<usize>,
    pub(crate) direction: Option<usize>,
    pub(crate) outcome: Option<usize>,
    pub(crate) external_id: Option<usize>,
    pub(crate) amount: Option<usize>,
    pub(crate) currency: Option<usize>,
    pub(crate) units: Option<usize>,
    pub(crate) new_customer: Option<usize>,
    pub(crate) counterpart: Option<usize>,
}

impl Cols {
    pub(crate) fn resolve(
        source: &Source,
        header: Vec<String>,
        file: &str,
    ) -> Result<Cols, Failure> {
        // each field's column, to find one header column taken by two differently
        // spelled mapped names
        let taken = std::cell::RefCell::new(Vec::<(usize, String, String)>::new());
        let keyed = crate::sources::names::Keyed::new(&header);
        let find = |want: &str, field: &str| -> Result<usize, Failure> {
            let hits = keyed.positions(want);
            match hits.as_slice() {
                [i] => {
                    let mut taken = taken.borrow_mut();
                    if let Some((_, other, other_field)) = taken
                        .iter()
                        .find(|(j, name, _)| j == i && name.trim() != want.trim())
                    {
                        return Err(Failure::config(format!(
                            "column `{}` of `{file}` (source `{}`) matches two mapped columns: `{other}` (field `{other_field}`) and `{want}` (field `{field}`); spell one of them exactly as the header does",
                            header[*i].trim(),
                            source.name
                        )));
                    }
                    taken.push((*i, want.to_string(), field.to_string()));
                    Ok(*i)
                }
                [] => Err(Failure::config(format!(
                    "column `{want}` (source `{}`, field `{field}`) not found in `{file}`; the header has {}",
                    source.name,
                    crate::model::backticked(header.iter().map(String::as_str))
                ))),
                many => Err(Failure::config(format!(
                    "column `{want}` (source `{}`, field `{field}`) is ambiguous in `{file}`: the header has it {} times (columns {})",
                    source.name,
                    many.len(),
                    many.iter()
                        .map(|i| (i + 1).to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))),
            }
        };
        let opt =
            |c: &Option<String>, field: &str| c.as_deref().map(|c| find(c, field)).transpose();
        Ok(Cols {
            rep: find(&source.rep_column, "rep")?,
            ts: find(&source.ts_column, "timestamp")?,
            ts_time: opt(&source.ts_time_column, "timestamp.time_column")?,
            duration: source
                .duration
                .as_ref()
                .map(|(c, _)| find(c, "duration"))
                .transpose()?,
            direction: opt(&source.direction, "direction")?,
            outcome: opt(&source.outcome, "outcome")?,
            external_id: opt(&source.external_id, "external_id")?,
            amount: opt(&source.amount, "amount")?,
            currency: opt(&source.currency, "currency")?,
            units: opt(&source.units, "units")?,
            new_customer: source
                .new_customer
                .as_ref()
                .map(|(c, _)| find(c, "new_customer"))
                .transpose()?,
            counterpart: opt(&source.counterpart, "counterpart")?,
            names: header,
        })
    }
}

/// Parse the header record at the start of `buf`: the names and the byte length it spans.
pub(crate) fn parse_header(buf: &[u8], delimiter: u8, eof: bool) -> Option<(Vec<Vec<u8>>, usize)> {
    let mut rdr = ReaderBuilder::new().delimiter(delimiter).build();
    let mut out = vec![0u8; buf.len() + 16];
    let mut ends = vec![0usize; 4096];
    let mut input = buf;
    let mut consumed = 0;
    let (mut nout, mut nend) = (0, 0);
    loop {
        let (res, nin, no, ne) = rdr.read_record(input, &mut out[nout..], &mut ends[nend..]);
        consumed += nin;
        input = &input[nin..];
        nout += no;
        nend += ne;
        match res {
            ReadRecordResult::Record => {
                let mut fields = Vec::with_capacity(nend);
                let mut start = 0;
                for &e in &ends[..nend] {
                    fields.push(out[start..e].to_vec());
                    start = e;
                }
                return Some((fields, consumed));
            }
            ReadRecordResult::InputEmpty if eof && input.is_empty() && nin == 0 => {
                // flush the final record at end of input
                let (res, _, _, ne) = rdr.read_record(&[], &mut out[nout..], &mut ends[nend..]);
                nend += ne;
                if res == ReadRecordResult::Record {
                    let mut fields = Vec::with_capacity(nend);
                    let mut start = 0;
                    for &e in &ends[..nend] {
                        fields.push(out[start..e].to_vec());
                        start = e;
                    }
                    return Some((fields, consumed));
                }
                return None;
            }
            ReadRecordResult::InputEmpty => {
                if input.is_empty() && !eof {
                    return None;
                }
            }
            ReadRecordResult::OutputFull | ReadRecordResult::OutputEndsFull => return None,
            ReadRecordResult::End => return None,
        }
    }
}

/// The header record starting at byte `off` of `block`: its names, where it ends (past a
/// CRLF's `\n`) and its delimiter. `Ok(None)`: the block does not hold all of it yet.
pub(crate) fn header_at(
    source: &Source,
    block: &[u8],
    off: usize,
    eof: bool,
    shown: &str,
) -> Result<Option<(Vec<String>, usize, u8)>, Failure> {
    let rest = &block[off..];
    let line = &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())];
    if memchr::memchr(0, line).is_some() {
        return Err(Failure::config(match decode::likely_utf16(line) {
            Some(label) => format!(
                "`{shown}` (source `{}`) looks like {} text without a byte-order mark (a NUL in every other byte of its header line): set `encoding = \"{label}\"` on the source, or save it as CSV UTF-8",
                source.name,
                label.to_ascii_uppercase()
            ),
            None => format!(
                "`{shown}` (source `{}`) has NUL bytes in its header line: it is a binary file or UTF-16 without a byte-order mark; save it as CSV UTF-8",
                source.name
            ),
        }));
    }
    let delimiter = source
        .delimiter
        .unwrap_or_else(|| decode::sniff_delimiter(rest));
    let Some((fields, len)) = parse_header(rest, delimiter, eof) else {
        return Ok(None);
    };
    let mut end = off + len;
    if block[end - 1] == b'\r' {
        match block.get(end) {
            Some(b'\n') => end += 1,
            None if !eof => return Ok(None),
            _ => {}
        }
    }
    let mut names = Vec::with_capacity(fields.len());
    for (i, h) in fields.into_iter().enumerate() {
        match String::from_utf8(h) {
            Ok(s) => names.push(s),
            Err(_) => {
                return Err(Failure::config(format!(
                    "`{shown}` is not valid UTF-8 (header, column {}); if it was saved by Excel on Windows, set `encoding = \"windows-1250\"` (Central European) or `\"windows-1252\"` (Western) in source `{}`",
                    i + 1,
                    source.name
                )));
            }
        }
    }
    Ok(Some((names, end, delimiter)))
}

/// A mapping failure on a header that looks like a known tool's export says so.
pub(crate) fn with_preset_hint(mut e: Failure, source: &Source, header: &[String]) -> Failure {
    if let Some(p) = presets::recognise(header)
        && source.preset.is_none_or(|own| own.name != p.name)
    {
        e.message.push_str(&format!(
            "; this looks like a {}: set `preset = \"{}\"`",
            p.title, p.name
        ));
    }
    e
}

/// Find the header: after `skip_lines` lines, or else the first of the first
/// [`PREAMBLE_LINES`] lines that holds every mapped column (report exports put a title,
/// filters or notes above it). When no line fits, the error is about the first line.
pub(crate) fn locate_header(
    source: &Source,
    block: &[u8],
    eof: bool,
    shown: &str,
) -> Result<Option<(Cols, usize, u8)>, Failure> {
    if let Some(n) = source.skip_lines {
        let mut off = 0;
        for _ in 0..n {
            match memchr::memchr(b'\n', &block[off..]) {
                Some(i) => off += i + 1,
                None if eof => {
                    return Err(Failure::config(format!(
                        "`{shown}` (source `{}`) has fewer than `skip_lines = {n}` lines before a header",
                        source.name
                    )));
                }
                None => return Ok(None),
            }
        }
        let Some((names, end, d)) = header_at(source, block, off, eof, shown)? else {
            return Ok(None);
        };
        let first = names.clone();
        return match Cols::resolve(source, names, shown) {
            Ok(cols) => Ok(Some((cols, end, d))),
            Err(e) => Err(with_preset_hint(e, source, &first)),
        };
    }
    let Some((names, end, d)) = header_at(source, block, 0, eof, shown)? else {
        return Ok(None);
    };
    let first = names.clone();
    let first_err = match Cols::resolve(source, names, shown) {
        Ok(cols) => return Ok(Some((cols, end, d))),
        Err(e) => with_preset_hint(e, source, &first),
    };
    let mut off = 0;
    for _ in 1..PREAMBLE_LINES {
        match memchr::memchr(b'\n', &block[off..]) {
            Some(i) => off += i + 1,
            None => break,
        }
        if block[off..].iter().all(|b| b.is_ascii_whitespace()) {
            break;
        }
        // a preamble line in another encoding or with NULs is not the header either
        if let Ok(Some((names, end, d))) = header_at(source, block, off, eof, shown)
            && let Ok(cols) = Cols::resolve(source, names, shown)
        {
            return Ok(Some((cols, end, d)));
        }
    }
    Err(first_err)
}

/// A file's header, read: its columns, its delimiter, where its data start.
pub(crate) struct Header {
    pub(crate) cols: Cols,
    pub(crate) delimiter: u8,
    /// The first data byte: in a mapped file, or in `block` (a stream).
    pub(crate) data_start: usize,
    /// The physical line of that byte.
    pub(crate) first_line: u64,
}

/// Read the start of `input` until it holds the whole header record (a stream's bytes
/// go to `block`, which then keeps what was read past the header), and locate the
/// header ([`locate_header`]).
pub(crate) fn read_header(
    input: &mut Input,
    block: &mut Vec<u8>,
    source: &Source,
    shown: &str,
) -> Result<Header, Failure> {
    let mut want = 64 * 1024;
    let (cols, header_end, delimiter, first_line) = loop {
        let (view, eof): (&[u8], bool) = match &mut *input {
            Input::Stream(stream) => {
                fill(stream.as_mut(), block, want).map_err(|e| read_error(shown, e))?;
                (&block[..], block.len() < want)
            }
            Input::Mapped(map, bom) => {
                let end = bom.saturating_add(want).min(map.len());
                (&map[*bom..end], end == map.len())
            }
        };
        if eof && view.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(Failure::config(format!(
                "`{shown}` (source `{}`) is empty: expected a header line with the columns `{}`, `{}`",
                source.name, source.rep_column, source.ts_column
            )));
        }
        if let Some((cols, end, d)) = locate_header(source, view, eof, shown)? {
            // physical line of the first byte after the header
            break (cols, end, d, 1 + line_breaks(view, 0..end));
        }
        if eof {
            return Err(Failure::config(format!(
                "`{shown}` (source `{}`): cannot read the header line (unclosed quote?)",
                source.name
            )));
        }
        want *= 4;
    };
    let data_start = match input {
        Input::Stream(_) => {
            block.drain(..header_end);
            0
        }
        Input::Mapped(_, bom) => *bom + header_end,
    };
    Ok(Header {
        cols,
        delimiter,
        data_start,
        first_line,
    })
}
