//! Trimming one cell: ASCII whitespace, NBSP, narrow NBSP and a stray BOM. The time,
//! duration and identity parsers share it.
//!
//! Hand-written for the hot path: most cells have nothing to trim, and that is seen
//! from their first and last byte (benches/RESULTS.md, "Second session", item 5:
//! "trimming is skipped when a cell has nothing to trim").

/// Both ends are visible ASCII: no trimming (of ASCII whitespace, NBSP, BOM, …) can
/// change the text, since every trimmed character is ASCII whitespace or starts with a
/// byte ≥ 0x80.
pub(crate) fn nothing_to_trim(b: &[u8]) -> bool {
    b.first().is_some_and(u8::is_ascii_graphic) && b.last().is_some_and(u8::is_ascii_graphic)
}

/// Trim ASCII whitespace plus NBSP, narrow NBSP and a stray BOM.
#[inline(always)]
pub(crate) fn trim_cell(s: &str) -> &str {
    if nothing_to_trim(s.as_bytes()) {
        return s;
    }
    trim_cell_slow(s)
}

/// [`trim_cell`] when there may be something to trim.
#[inline(never)]
fn trim_cell_slow(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_ascii_whitespace() || c == '\u{a0}' || c == '\u{202f}' || c == '\u{feff}'
    })
}
