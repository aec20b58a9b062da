//! The fixed-shape fast path: a value of exactly a pattern's fixed shape (two digits
//! for every field, four for the year, the literals in place, e.g. `%Y-%m-%d %H:%M:%S`)
//! is read by position, its shape checked 8 bytes at a time (SWAR); any other value
//! goes to the general parser (`pattern`), which gives the same result on every value
//! this path takes (property test `prop_fixed_shape_matches_general`).
//!
//! Hand-written because it was measured; keep its shape when you change it
//! (benches/RESULTS.md): "Second session", item 5 (values of a fixed shape read by
//! position, the general parser as fallback); "Third session", item 5 (the shape
//! checked 8 bytes at a time: −50 instructions per row; `shape_words_agree_with_bytes`
//! tries every byte value at every position against the byte loop); "Fourth session",
//! item 4 (inlined into the row: returned through the stack, the parsed time cost a
//! store-forwarding stall per row). Run `benches/bench.sh` before and after any change.

use super::civil::{Fields, RawOffset};
use super::{Item, ParsedTime, TimeError};

/// The shape of a pattern made only of `%Y %m %d %H %M %S`, non-digit ASCII literals,
/// single spaces and an optional final `%z` (e.g. `%Y-%m-%d %H:%M:%S`, `%d.%m.%Y %H:%M`): a value of
/// exactly that shape (two digits for every 1–2-digit field, `Z` or `±HH:MM` for `%z`)
/// is read by position; any other value goes to the general parser. Both give the same
/// result on the values the fast path takes: the general parser reads 1–2-digit fields
/// greedily, so two digits followed by a non-digit read the same either way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Fixed {
    /// Bytes before the `%z` offset (or the whole value).
    len: usize,
    /// Per byte: the literal expected there, or 0 for a digit.
    shape: Vec<u8>,
    /// Where each of year (4 digits), month, day, hour, minute, second (2 digits) starts;
    /// `NONE` when the pattern has no such field.
    at: [usize; 6],
    offset: bool,
    /// The shape as 8-byte words checked at once (see [`Fixed::words`]); empty when
    /// the shape is shorter than 8 bytes.
    words: Vec<ShapeWord>,
}

/// Eight bytes of a [`Fixed`] shape, from `at`: `pattern` has each literal and `0`
/// (0x30) for each digit; `literal` and `digit` are 0xFF on the bytes of each kind.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ShapeWord {
    at: usize,
    pattern: u64,
    literal: u64,
    digit: u64,
}

impl ShapeWord {
    /// Whether the 8 bytes `x` (little-endian) fit: literals equal, digits `0`-`9`.
    /// Past the XOR a digit byte is its value; a byte over 9 gets its top bit from
    /// adding 0x76 (or has it already, when over 0x89: then a carry into the next
    /// byte cannot matter, the word fails anyway).
    #[inline]
    fn fits(&self, x: u64) -> bool {
        let d = x ^ self.pattern;
        let t = d & self.digit;
        d & self.literal == 0
            && (t.wrapping_add(0x7676_7676_7676_7676) | t) & 0x8080_8080_8080_8080 == 0
    }
}

const NONE: usize = usize::MAX;

impl Fixed {
    pub(super) fn of(items: &[Item]) -> Option<Fixed> {
        let mut fx = Fixed {
            len: 0,
            shape: Vec::new(),
            at: [NONE; 6],
            offset: false,
            words: Vec::new(),
        };
        for (k, it) in items.iter().enumerate() {
            let (width, slot) = match it {
                Item::Lit(l) => {
                    for &b in l.iter() {
                        if !b.is_ascii() || b.is_ascii_digit() || b == 0 {
                            return None;
                        }
                        fx.shape.push(b);
                    }
                    continue;
                }
                Item::Offset if k + 1 == items.len() => {
                    fx.offset = true;
                    continue;
                }
                // one space (the general parser takes a run of them: the shape cannot
                // be fixed when whitespace follows)
                Item::Space => {
                    if let Some(Item::Space) = items.get(k + 1) {
                        return None;
                    }
                    if let Some(Item::Lit(l)) = items.get(k + 1)
                        && matches!(l.first(), Some(b' ' | b'\t' | 0xC2 | 0xE2))
                    {
                        return None;
                    }
                    fx.shape.push(b' ');
                    continue;
                }
                Item::Year4 => (4, 0),
                Item::Month => (2, 1),
                Item::Day => (2, 2),
                Item::Hour24 => (2, 3),
                Item::Minute => (2, 4),
                Item::Second => (2, 5),
                _ => return None,
            };
            if fx.at[slot] != NONE {
                return None;
            }
            fx.at[slot] = fx.shape.len();
            fx.shape.extend(std::iter::repeat_n(0, width));
        }
        fx.len = fx.shape.len();
        fx.words = Fixed::words(&fx.shape);
        Some(fx)
    }

    /// `shape` in 8-byte words at 0, 8, 16, … and, when its length is not a multiple
    /// of 8, a last word ending where it ends (overlapping the one before).
    fn words(shape: &[u8]) -> Vec<ShapeWord> {
        if shape.len() < 8 {
            return Vec::new();
        }
        let mut starts: Vec<usize> = (0..=shape.len() - 8).step_by(8).collect();
        if !shape.len().is_multiple_of(8) {
            starts.push(shape.len() - 8);
        }
        starts
            .into_iter()
            .map(|at| {
                let mut w = ShapeWord {
                    at,
                    pattern: 0,
                    literal: 0,
                    digit: 0,
                };
                for (i, &b) in shape[at..at + 8].iter().enumerate() {
                    let shift = 8 * i;
                    if b == 0 {
                        w.pattern |= u64::from(b'0') << shift;
                        w.digit |= 0xFF << shift;
                    } else {
                        w.pattern |= u64::from(b) << shift;
                        w.literal |= 0xFF << shift;
                    }
                }
                w
            })
            .collect()
    }

    /// `None`: not of the fixed shape, ask the general parser.
    #[inline(always)]
    pub(super) fn parse(&self, b: &[u8]) -> Option<Result<ParsedTime, TimeError>> {
        let (main, rest) = (b.get(..self.len)?, b.get(self.len..)?);
        if self.words.is_empty() {
            let mut ok = true;
            for (&c, &want) in main.iter().zip(&self.shape) {
                ok &= if want == 0 {
                    c.is_ascii_digit()
                } else {
                    c == want
                };
            }
            if !ok {
                return None;
            }
        } else {
            for w in &self.words {
                let x = u64::from_le_bytes(main.get(w.at..w.at + 8)?.try_into().ok()?);
                if !w.fits(x) {
                    return None;
                }
            }
        }
        // every digit position is checked: plain arithmetic from here
        let two = |i: usize| match i {
            NONE => 0,
            _ => u32::from(main[i] - b'0') * 10 + u32::from(main[i + 1] - b'0'),
        };
        let mut f = Fields::new();
        if self.at[0] != NONE {
            f.year = (two(self.at[0]) * 100 + two(self.at[0] + 2)) as i32;
        }
        f.month = two(self.at[1]);
        f.day = two(self.at[2]);
        f.hour = two(self.at[3]);
        f.minute = two(self.at[4]);
        f.second = two(self.at[5]);
        if self.offset {
            let two = |a: u8, b: u8| {
                (a.is_ascii_digit() && b.is_ascii_digit())
                    .then(|| u32::from(a - b'0') * 10 + u32::from(b - b'0'))
            };
            f.offset = Some(match *rest {
                [b'Z' | b'z'] => RawOffset::UTC,
                [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => RawOffset {
                    neg: sign == b'-',
                    h: two(h1, h2)?,
                    m: two(m1, m2)?,
                },
                _ => return None,
            });
        } else if !rest.is_empty() {
            return None;
        }
        Some(f.build())
    }
}

#[cfg(test)]
mod tests {
    use super::super::TimeFormat;
    use super::super::pattern::parse_pattern;
    use proptest::prelude::*;

    fn pat(spec: &str) -> TimeFormat {
        match TimeFormat::parse_spec(spec) {
            Ok(f) => f,
            Err(e) => panic!("spec {spec:?} rejected: {e}"),
        }
    }

    /// The 8-byte word check of a fixed shape says what the byte-by-byte check says,
    /// for every byte value at every position of a valid value.
    #[test]
    fn shape_words_agree_with_bytes() {
        for (spec, valid) in [
            ("%Y-%m-%d %H:%M:%S", "2026-09-24 22:00:17"),
            ("%d.%m.%Y %H:%M", "25.09.2026 00:00"),
            ("%Y%m%d%H%M%S", "20260924220017"),
            ("%Y-%m-%dT%H:%M:%S%z", "2026-09-25T00:00:03"),
            ("%m/%d/%Y", "09/24/2026"),
        ] {
            let TimeFormat::Pattern(p) = pat(spec) else {
                unreachable!()
            };
            let fx = p.fixed.as_ref().expect("a fixed shape");
            assert_eq!(fx.len, valid.len(), "{spec}");
            assert!(!fx.words.is_empty(), "{spec}");
            let by_bytes = |v: &[u8]| {
                v.iter().zip(&fx.shape).all(|(&c, &want)| {
                    if want == 0 {
                        c.is_ascii_digit()
                    } else {
                        c == want
                    }
                })
            };
            let by_words = |v: &[u8]| {
                fx.words
                    .iter()
                    .all(|w| w.fits(u64::from_le_bytes(v[w.at..w.at + 8].try_into().unwrap())))
            };
            let mut v = valid.as_bytes().to_vec();
            assert!(by_words(&v) && by_bytes(&v), "{spec}");
            for i in 0..v.len() {
                for b in 0..=255u8 {
                    let keep = v[i];
                    v[i] = b;
                    assert_eq!(by_words(&v), by_bytes(&v), "{spec}: byte {b:#04x} at {i}");
                    // two bad bytes side by side (a carry between them must not hide one)
                    if i + 1 < v.len() {
                        let next = v[i + 1];
                        v[i + 1] = 0xff;
                        assert_eq!(by_words(&v), by_bytes(&v), "{spec}: {b:#04x} 0xff at {i}");
                        v[i + 1] = next;
                    }
                    v[i] = keep;
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// The fixed-shape fast path agrees with the general pattern parser on every
        /// value it takes, valid or not (31.09., 25:61, offsets out of range, ...).
        #[test]
        fn prop_fixed_shape_matches_general(
            d in "[0-9]{4}-[0-9]{2}-[0-9]{2}( |  |\t|T)[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:?[0-9]{2}|)",
            e in "[0-9]{1,2}\\.[0-9]{1,2}\\.[0-9]{4} [0-9]{1,2}:[0-9]{2}[x ]?",
        ) {
            for (spec, v) in [
                ("%Y-%m-%d %H:%M:%S", &d),
                ("%Y-%m-%dT%H:%M:%S%z", &d),
                ("%Y-%m-%d %H:%M:%S%z", &d),
                ("%d.%m.%Y %H:%M", &e),
            ] {
                let TimeFormat::Pattern(p) = pat(spec) else { unreachable!() };
                let fx = p.fixed.as_ref().expect("a fixed shape");
                if let Some(fast) = fx.parse(v.as_bytes()) {
                    prop_assert_eq!(fast, parse_pattern(&p.items, v.as_bytes()), "{} {}", spec, v);
                }
            }
        }
    }
}
