//! Positions in a chunk's bytes and the fields of one record: line breaks and blank
//! lines (counted the way csv_core ends records), lazy line numbers, a record's fields
//! as byte ranges, and a cell as it is shown to people.

use std::hash::BuildHasher;

use foldhash::fast::FixedState;

/// Values shown in rejects and unknown identities are cut to this many characters.
pub(crate) const SHOWN_CHARS: usize = 200;

/// A cell as shown in `rejects.csv` and in the unknown identities: lossy UTF-8, cut to
/// [`SHOWN_CHARS`] characters with the full size noted (a 10 MB field stays readable).
pub(crate) fn shown(v: &[u8]) -> String {
    let s = String::from_utf8_lossy(v);
    if s.chars().count() <= SHOWN_CHARS {
        return s.into_owned();
    }
    let cut: String = s.chars().take(SHOWN_CHARS).collect();
    format!("{cut}… ({} bytes)", v.len())
}

/// Line breaks in `bytes[range]`: every `\n`, and every `\r` not followed by `\n` (old
/// Mac line ends, which csv_core also takes as record ends). `bytes` beyond the range
/// decides whether a final `\r` is part of a CRLF.
pub(crate) fn line_breaks(bytes: &[u8], range: std::ops::Range<usize>) -> u64 {
    let start = range.start;
    let hay = &bytes[range];
    let bare_cr = if memchr::memchr(b'\r', hay).is_none() {
        0
    } else {
        memchr::memchr_iter(b'\r', hay)
            .filter(|&i| bytes.get(start + i + 1) != Some(&b'\n'))
            .count()
    };
    (count_byte(b'\n', hay) + bare_cr) as u64
}

/// Occurrences of `needle` in `hay` (vectorised: a 4 MiB chunk's line count would
/// otherwise cost a `memchr` call per line).
pub(crate) fn count_byte(needle: u8, hay: &[u8]) -> usize {
    #[cfg(target_arch = "x86_64")]
    if let Some(one) = memchr::arch::x86_64::avx2::memchr::One::new(needle) {
        return one.count(hay);
    }
    memchr::arch::all::memchr::One::new(needle).count(hay)
}

/// Blank lines in `bytes[range]`, the bytes between two records. When the previous record
/// ended with `\r`, csv_core leaves its `\n` at the start of the gap: not a blank line.
pub(crate) fn blank_lines(bytes: &[u8], range: std::ops::Range<usize>) -> u64 {
    let mut start = range.start;
    if start > 0
        && bytes[start - 1] == b'\r'
        && bytes.get(start) == Some(&b'\n')
        && start < range.end
    {
        start += 1;
    }
    line_breaks(bytes, start..range.end)
}

/// Line numbers of a chunk, counted lazily: only rejected rows and the chunk's end need
/// them, so the hot path never scans for line breaks.
pub(crate) struct Lines<'b> {
    bytes: &'b [u8],
    pos: std::cell::Cell<usize>,
    line: std::cell::Cell<u64>,
}

impl<'b> Lines<'b> {
    #[inline]
    pub(crate) fn new(bytes: &'b [u8]) -> Self {
        Lines {
            bytes,
            pos: std::cell::Cell::new(0),
            line: std::cell::Cell::new(0),
        }
    }

    /// The chunk's bytes.
    pub(crate) fn bytes(&self) -> &'b [u8] {
        self.bytes
    }

    /// Chunk-relative line of byte `offset` (offsets mostly asked in increasing order).
    #[inline]
    pub(crate) fn at(&self, offset: usize) -> u64 {
        let (mut pos, mut line) = (self.pos.get(), self.line.get());
        if offset == pos {
            return line;
        }
        if offset < pos {
            (pos, line) = (0, 0);
        }
        line += line_breaks(self.bytes, pos..offset);
        self.pos.set(offset);
        self.line.set(line);
        line
    }

    /// `bytes[from..to]` is one line with exactly one line break, at its end: move past
    /// it without scanning (the chunk's line count then costs no pass of its own).
    #[inline]
    pub(crate) fn step(&self, from: usize, to: usize) {
        let line = self.at(from);
        self.pos.set(to);
        self.line.set(line + 1);
    }
}

/// A parsed record: the bytes its fields lie in and each field's `[start, end)`.
pub(crate) struct Fields<'b> {
    pub(crate) out: &'b [u8],
    pub(crate) bounds: &'b [(usize, usize)],
}

impl<'b> Fields<'b> {
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.bounds.len()
    }
    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<&'b [u8]> {
        let &(start, end) = self.bounds.get(i)?;
        self.out.get(start..end)
    }
    /// The field holding byte `p` of `out` (the last one when `p` is past them all).
    pub(crate) fn field_at(&self, p: usize) -> usize {
        self.bounds
            .partition_point(|&(_, e)| e <= p)
            .min(self.len().saturating_sub(1))
    }
    #[inline]
    pub(crate) fn all_empty(&self) -> bool {
        (0..self.len()).all(|i| {
            self.get(i)
                .is_some_and(|f| f.iter().all(u8::is_ascii_whitespace))
        })
    }
    /// A hash of the fields' values, whatever quoting they were written with.
    #[inline]
    pub(crate) fn hash128(&self) -> u128 {
        use std::hash::Hasher;
        let mut a = FixedState::with_seed(0x5eed_0001).build_hasher();
        let mut b = FixedState::with_seed(0x5eed_0002).build_hasher();
        for i in 0..self.len() {
            let f = self.get(i).unwrap_or(b"");
            a.write_usize(f.len());
            a.write(f);
            b.write_usize(f.len());
            b.write(f);
        }
        ((a.finish() as u128) << 64) | b.finish() as u128
    }
}
