//! The SIMD line splitter: one text (`split_line_impl!`) instantiated for SSE2 (16 bytes)
//! and AVX2 (32 bytes). The only intrinsics of the crate. Measured in benches/RESULTS.md
//! (one-pass quoted lines; AVX2 1.33 vs 1.40 s at 10M rows; one SSE2 pass: 10 % → 2 %).

use super::{SplitLine, unescape};

/// The body of [`split_line`] for one SIMD width (`W` bytes a block), so that the SSE2
/// and AVX2 versions are one text.
macro_rules! split_line_impl {
    (
        $(#[$attr:meta])* $name:ident, $vec:ty, $width:expr,
        $load:ident, $cmpeq:ident, $movemask:ident, $or:ident, $set1:ident
    ) => {
        $(#[$attr])*
        // SAFETY (the contract of every instance): the CPU must have the instance's
        // target feature (SSE2 is part of x86_64; AVX2 is checked by `split_line`). The
        // function reads `bytes` only inside its bounds, whatever `p` and the bytes are.
        pub(crate) unsafe fn $name(
            bytes: &[u8],
            p: usize,
            delimiter: u8,
            bounds: &mut Vec<(usize, usize)>,
            scratch: &mut Vec<u8>,
        ) -> Option<SplitLine> {
            use std::arch::x86_64::*;
            const W: usize = $width;
            bounds.clear();
            if matches!(delimiter, b'\n' | b'\r' | b'"') {
                return None;
            }
            let mut field_start = 0usize;
            let mut off = 0usize;
            let mut escaped = false;
            // the line ends at `nl` (its `\n`), its text at `len`
            let done = |nl: usize,
                        len: usize,
                        escaped: bool,
                        bounds: &mut Vec<(usize, usize)>,
                        scratch: &mut Vec<u8>| {
                if len == 0 {
                    return None; // a blank line: csv_core skips it, the general path counts it
                }
                if escaped {
                    unescape(&bytes[p..p + len], bounds, scratch);
                }
                Some(SplitLine { nl, len, escaped })
            };
            // SAFETY: the caller checked the CPU's features; every load reads
            // `bytes[p + at..p + at + W]` after checking that it lies inside `bytes`.
            unsafe {
                let load = |at: usize| $load(bytes.as_ptr().add(p + at).cast::<$vec>());
                let nl = $set1(b'\n' as i8);
                let delim = $set1(delimiter as i8);
                let quote = $set1(b'"' as i8);
                let cr = $set1(b'\r' as i8);
                loop {
                    if p + off + W > bytes.len() {
                        return None;
                    }
                    let v = load(off);
                    let m_nl = $movemask($cmpeq(v, nl)) as u32;
                    let m_stop = $movemask($or($cmpeq(v, quote), $cmpeq(v, cr))) as u32;
                    // the bytes before the first `\n` of the block (all of them when there is none)
                    let before = if m_nl == 0 {
                        ((1u64 << W) - 1) as u32
                    } else {
                        (m_nl & m_nl.wrapping_neg()) - 1
                    };
                    let stop = m_stop & before;
                    // the delimiters before the first quote or CR (before the `\n` when none)
                    let upto = if stop == 0 {
                        before
                    } else {
                        (stop & stop.wrapping_neg()) - 1
                    };
                    let mut m_d = $movemask($cmpeq(v, delim)) as u32 & upto;
                    while m_d != 0 {
                        let i = off + m_d.trailing_zeros() as usize;
                        bounds.push((field_start, i));
                        field_start = i + 1;
                        m_d &= m_d - 1;
                    }
                    if stop == 0 {
                        if m_nl != 0 {
                            let len = off + m_nl.trailing_zeros() as usize;
                            bounds.push((field_start, len));
                            return done(len, len, escaped, bounds, scratch);
                        }
                        off += W;
                        continue;
                    }
                    let at = off + stop.trailing_zeros() as usize;
                    if bytes[p + at] == b'\r' {
                        // only the CR of the line's CRLF
                        if bytes.get(p + at + 1) != Some(&b'\n') {
                            return None;
                        }
                        bounds.push((field_start, at));
                        return done(at + 1, at, escaped, bounds, scratch);
                    }
                    // a quote: it must open its field
                    if at != field_start {
                        return None;
                    }
                    let mut j = at + 1;
                    let close = loop {
                        if p + j + W > bytes.len() {
                            return None;
                        }
                        let w = load(j);
                        let m_q = $movemask($cmpeq(w, quote)) as u32;
                        let m_brk = $movemask($or($cmpeq(w, nl), $cmpeq(w, cr))) as u32;
                        let brk = if m_brk == 0 {
                            W as u32
                        } else {
                            m_brk.trailing_zeros()
                        };
                        if m_q == 0 || m_q.trailing_zeros() > brk {
                            if m_brk != 0 {
                                return None; // a line break (or CR) inside the quotes
                            }
                            j += W;
                            continue;
                        }
                        let q = j + m_q.trailing_zeros() as usize;
                        if bytes.get(p + q + 1) == Some(&b'"') {
                            escaped = true;
                            j = q + 2;
                            continue;
                        }
                        break q;
                    };
                    bounds.push((at + 1, close));
                    let after = close + 1;
                    match bytes.get(p + after) {
                        Some(&b) if b == delimiter => {
                            field_start = after + 1;
                            off = field_start;
                        }
                        Some(b'\n') => return done(after, after, escaped, bounds, scratch),
                        Some(b'\r') if bytes.get(p + after + 1) == Some(&b'\n') => {
                            return done(after + 1, after, escaped, bounds, scratch);
                        }
                        _ => return None,
                    }
                }
            }
        }
    };
}

#[cfg(target_arch = "x86_64")]
split_line_impl!(
    /// [`split_line`] 16 bytes at a time (SSE2, part of x86_64).
    split_line_sse2, __m128i, 16,
    _mm_loadu_si128, _mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8
);

#[cfg(target_arch = "x86_64")]
split_line_impl!(
    /// [`split_line`] 32 bytes at a time.
    ///
    /// # Safety
    /// The CPU must have AVX2.
    #[target_feature(enable = "avx2")]
    split_line_avx2, __m256i, 32,
    _mm256_loadu_si256, _mm256_cmpeq_epi8, _mm256_movemask_epi8, _mm256_or_si256,
    _mm256_set1_epi8
);
