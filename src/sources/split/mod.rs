//! Splitting one line into fields: the SIMD fast path (in [`simd`]), the quoted-line
//! splitter, and the unescaping of `""`; anything else falls back to csv_core (in the
//! per-file pipeline).

#[cfg(target_arch = "x86_64")]
mod simd;
#[cfg(target_arch = "x86_64")]
pub(crate) use simd::{split_line_avx2, split_line_sse2};
/// Whether a chunk's bytes are known to be UTF-8: checked once per chunk (SIMD), so
/// that the fields cut from it need no check of their own (most exports are UTF-8).
/// Made only by [`ChunkText::check`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct ChunkText {
    utf8: bool,
}

impl ChunkText {
    /// Check a chunk's bytes.
    pub(crate) fn check(chunk: &[u8]) -> ChunkText {
        ChunkText {
            utf8: simdutf8::basic::from_utf8(chunk).is_ok(),
        }
    }

    /// A field of the chunk this was made from, as text; `None` when it is not UTF-8.
    /// The field must be cut from that chunk by the splitters of this module or by
    /// csv_core (the chunk's text cut at ASCII delimiters, with ASCII quotes removed or
    /// `""` made one `"`), or be such text trimmed of ASCII whitespace and joined with an
    /// ASCII byte: still UTF-8 when the chunk is.
    #[inline]
    pub(crate) fn field(self, field: &[u8]) -> Option<&str> {
        if self.utf8 {
            debug_assert!(std::str::from_utf8(field).is_ok());
            // SAFETY: the whole chunk was checked to be UTF-8, and the field is that text
            // cut at ASCII bytes, with ASCII bytes removed or added (see above): cutting
            // UTF-8 at an ASCII byte is cutting it at a character boundary, so the field
            // is still UTF-8.
            return Some(unsafe { std::str::from_utf8_unchecked(field) });
        }
        std::str::from_utf8(field).ok()
    }
}

/// The fields of the line starting at `bytes[p]`, when a fast splitter takes it: the
/// one-pass [`split_line`], a plain split at the delimiter (a line without quote or
/// CR), or [`split_quoted`]. `Some((nl, line, unescaped))`: the line's `\n` is at
/// `p + nl`, its text (without line break) is `line`, and `bounds` index `scratch` when
/// `unescaped`, else `line`. `None`: a blank line, no `\n` left in the chunk, or quoting
/// that only csv_core reads.
#[inline(always)]
pub(crate) fn split_next<'b>(
    bytes: &'b [u8],
    p: usize,
    delimiter: u8,
    bounds: &mut Vec<(usize, usize)>,
    scratch: &mut Vec<u8>,
) -> Option<(usize, &'b [u8], bool)> {
    let (nl, line, taken) = match split_line(bytes, p, delimiter, bounds, scratch) {
        // one pass found the line's end and its fields
        Some(l) => (l.nl, &bytes[p..p + l.len], Some(l.escaped)),
        _ => {
            let nl = memchr::memchr(b'\n', &bytes[p..])?;
            let mut line = &bytes[p..p + nl];
            if let [rest @ .., b'\r'] = line {
                line = rest;
            }
            (nl, line, None)
        }
    };
    let unescaped = if taken.is_some() {
        taken
    } else if line.is_empty() {
        None
    } else if memchr::memchr2(b'"', b'\r', line).is_none() {
        bounds.clear();
        let mut start = 0;
        for d in memchr::memchr_iter(delimiter, line) {
            bounds.push((start, d));
            start = d + 1;
        }
        bounds.push((start, line.len()));
        Some(false)
    } else {
        split_quoted(line, delimiter, bounds, scratch)
    }?;
    Some((nl, line, unescaped))
}

/// A line taken by [`split_line`]: its `\n` at `p + nl`, its text `bytes[p..p + len]`
/// (without the line break, and without the CR of a CRLF), and whether a quoted field
/// held `""` (then the fields were unescaped into the scratch buffer).
#[derive(Debug)]
pub(crate) struct SplitLine {
    pub(crate) nl: usize,
    pub(crate) len: usize,
    pub(crate) escaped: bool,
}

/// Split the line starting at `bytes[p]` in one pass, a SIMD block at a time (32 bytes
/// where the CPU has AVX2, else 16), the way csv_core reads it, when its quoting is
/// well-formed: a quoted field starts its field, its closing quote is followed by the
/// delimiter or the line's end, and `""` inside it is one `"`. The line ends in `\n` or
/// `\r\n`; no other CR and no line break inside quotes. Its fields go to `bounds`
/// (offsets from `p`, or into `scratch` when a field was unescaped). `None`: anything
/// else, a blank line, or the line runs into the chunk's last block; the callers'
/// general path (the quoted-line splitter, csv_core) takes it.
#[cfg(target_arch = "x86_64")]
pub(crate) fn split_line(
    bytes: &[u8],
    p: usize,
    delimiter: u8,
    bounds: &mut Vec<(usize, usize)>,
    scratch: &mut Vec<u8>,
) -> Option<SplitLine> {
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2
        unsafe { split_line_avx2(bytes, p, delimiter, bounds, scratch) }
    } else {
        // SAFETY: SSE2 is part of x86_64
        unsafe { split_line_sse2(bytes, p, delimiter, bounds, scratch) }
    }
}

#[cfg(not(target_arch = "x86_64"))]
pub(crate) fn split_line(
    _: &[u8],
    _: usize,
    _: u8,
    _: &mut Vec<(usize, usize)>,
    _: &mut Vec<u8>,
) -> Option<SplitLine> {
    None
}

/// Copy the fields of `line` at `bounds` into `scratch` with each `""` made one `"`
/// (every quote in them is one of such a pair), and point `bounds` there.
pub(crate) fn unescape(line: &[u8], bounds: &mut [(usize, usize)], scratch: &mut Vec<u8>) {
    scratch.clear();
    for b in bounds.iter_mut() {
        let start = scratch.len();
        let mut rest = &line[b.0..b.1];
        while let Some(q) = memchr::memchr(b'"', rest) {
            scratch.extend_from_slice(&rest[..=q]);
            rest = rest.get(q + 2..).unwrap_or(b"");
        }
        scratch.extend_from_slice(rest);
        *b = (start, scratch.len());
    }
}

/// Split a line that holds quotes (and no line break) into fields the way csv_core
/// does, for well-formed quoting only: each quoted field starts its field, its closing
/// quote is followed by the delimiter or the line's end, and `""` inside it is one `"`.
/// Anything else (a quote inside an unquoted field, text after a closing quote, a quote
/// left open at the line's end, a CR) gives `None`, and csv_core reads the record.
/// `Some(false)`: `bounds` index `line`; `Some(true)`: a field had `""`, and `bounds`
/// index `scratch`, which holds the unescaped fields.
pub(crate) fn split_quoted(
    line: &[u8],
    delimiter: u8,
    bounds: &mut Vec<(usize, usize)>,
    scratch: &mut Vec<u8>,
) -> Option<bool> {
    if memchr::memchr(b'\r', line).is_some() {
        return None;
    }
    bounds.clear();
    let n = line.len();
    let mut escaped = false;
    let mut i = 0;
    loop {
        if line.get(i) == Some(&b'"') {
            let start = i + 1;
            let mut j = start;
            let end = loop {
                let q = j + memchr::memchr(b'"', line.get(j..)?)?;
                if line.get(q + 1) == Some(&b'"') {
                    escaped = true;
                    j = q + 2;
                } else {
                    break q;
                }
            };
            bounds.push((start, end));
            i = end + 1;
        } else {
            match memchr::memchr2(delimiter, b'"', &line[i..]) {
                None => {
                    bounds.push((i, n));
                    break;
                }
                Some(k) if line[i + k] == b'"' => return None,
                Some(k) => {
                    bounds.push((i, i + k));
                    i += k;
                }
            }
        }
        if i == n {
            break;
        }
        if line[i] != delimiter {
            return None;
        }
        i += 1;
        if i == n {
            bounds.push((n, n));
            break;
        }
    }
    if !escaped {
        return Some(false);
    }
    unescape(line, bounds, scratch);
    Some(true)
}

#[cfg(test)]
mod tests;
