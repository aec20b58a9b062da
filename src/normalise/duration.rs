//! Durations: how a duration column is written ([`DurationUnit`]) and a cell → whole
//! milliseconds ([`parse_duration_ms`]), exact (integers, no floats), never panicking.

use super::trim::trim_cell;

/// How a duration column is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum DurationUnit {
    Seconds,
    Milliseconds,
    Minutes,
    /// `h:mm:ss`, `hh:mm:ss` or `mm:ss`, optional `.fff`.
    Hms,
    /// `Hms` when the value contains ':', otherwise `Seconds`.
    Auto,
}

impl DurationUnit {
    /// "s"|"seconds", "ms"|"milliseconds", "min"|"minutes", "hms"|"hh:mm:ss", "auto" (case-insensitive).
    pub(crate) fn parse_spec(s: &str) -> Result<Self, DurationUnitError> {
        let t = s.trim();
        const NAMES: [(&str, DurationUnit); 9] = [
            ("s", DurationUnit::Seconds),
            ("seconds", DurationUnit::Seconds),
            ("ms", DurationUnit::Milliseconds),
            ("milliseconds", DurationUnit::Milliseconds),
            ("min", DurationUnit::Minutes),
            ("minutes", DurationUnit::Minutes),
            ("hms", DurationUnit::Hms),
            ("hh:mm:ss", DurationUnit::Hms),
            ("auto", DurationUnit::Auto),
        ];
        for (name, unit) in NAMES {
            if t.eq_ignore_ascii_case(name) {
                return Ok(unit);
            }
        }
        Err(DurationUnitError::Unsupported {
            unit: s.to_string(),
        })
    }
}

/// Why a duration unit of the configuration was refused ([`DurationUnit::parse_spec`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum DurationUnitError {
    /// Not one of the unit names (`unit` as written).
    #[error(
        "unsupported duration unit `{unit}`; expected s, seconds, ms, milliseconds, min, minutes, hms, hh:mm:ss or auto"
    )]
    Unsupported { unit: String },
}

/// Why a duration cell was rejected (the text is the reason written to rejects.csv).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub(crate) enum DurationError {
    /// Nothing but whitespace.
    #[error("empty")]
    Empty,
    /// Below zero (`-0` is zero).
    #[error("negative duration")]
    Negative,
    /// Not a number of the unit, or out of range.
    #[error("not a duration")]
    Invalid,
}

/// Returns whole milliseconds (sub-millisecond parts round half up). Numeric units accept a
/// decimal point or comma ("12.5", "12,5"). Hms: "h:mm:ss", "hh:mm:ss", "mm:ss", hours may exceed
/// 24, optional ".fff". Auto: contains ':' → Hms, else Seconds.
pub(crate) fn parse_duration_ms(s: &str, unit: DurationUnit) -> Result<i64, DurationError> {
    let t = trim_cell(s);
    if t.is_empty() {
        return Err(DurationError::Empty);
    }
    let b = t.as_bytes();
    match unit {
        DurationUnit::Seconds => duration_decimal(b, 1000),
        DurationUnit::Milliseconds => duration_decimal(b, 1),
        DurationUnit::Minutes => duration_decimal(b, 60_000),
        DurationUnit::Hms => duration_hms(b),
        DurationUnit::Auto => {
            if memchr::memchr(b':', b).is_some() {
                duration_hms(b)
            } else {
                duration_decimal(b, 1000)
            }
        }
    }
}

fn split_sign(b: &[u8]) -> (bool, &[u8]) {
    match b {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, b),
    }
}

/// Leading run of ASCII digits: (value, digit count, rest). `None` when more than `max` digits.
fn take_digits(b: &[u8], max: usize) -> Option<(i128, usize, &[u8])> {
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if n > max {
        return None;
    }
    let (d, rest) = b.split_at(n);
    let v = d
        .iter()
        .fold(0i128, |acc, &c| acc * 10 + i128::from(c - b'0'));
    Some((v, n, rest))
}

/// `num / 10^den_pow`, rounded half up (num ≥ 0).
fn div_round(num: i128, den_pow: usize) -> i128 {
    if den_pow == 0 {
        return num;
    }
    let den = 10i128.pow(den_pow as u32);
    let q = num / den;
    let r = num % den;
    if 2 * r >= den { q + 1 } else { q }
}

fn finish_duration(neg: bool, ms: i128) -> Result<i64, DurationError> {
    if neg && ms != 0 {
        return Err(DurationError::Negative);
    }
    i64::try_from(ms).map_err(|_| DurationError::Invalid)
}

fn duration_decimal(b: &[u8], factor: i128) -> Result<i64, DurationError> {
    let (neg, b) = split_sign(b);
    let (int, n_int, rest) = take_digits(b, 18).ok_or(DurationError::Invalid)?;
    let (frac, n_frac, rest) = match rest {
        [b'.' | b',', after @ ..] => {
            let (v, n, r) = take_digits(after, 18).ok_or(DurationError::Invalid)?;
            if n == 0 {
                return Err(DurationError::Invalid);
            }
            (v, n, r)
        }
        _ => (0, 0, rest),
    };
    if !rest.is_empty() || n_int + n_frac == 0 {
        return Err(DurationError::Invalid);
    }
    let ms = int * factor + div_round(frac * factor, n_frac);
    finish_duration(neg, ms)
}

fn duration_hms(b: &[u8]) -> Result<i64, DurationError> {
    let (neg, b) = split_sign(b);
    let (lead, n_lead, rest) = take_digits(b, 12).ok_or(DurationError::Invalid)?;
    if n_lead == 0 {
        return Err(DurationError::Invalid);
    }
    let [b':', rest @ ..] = rest else {
        return Err(DurationError::Invalid);
    };
    let (mid, n_mid, rest) = take_digits(rest, 2).ok_or(DurationError::Invalid)?;
    if n_mid != 2 {
        return Err(DurationError::Invalid);
    }
    let (h, m, s, rest) = match rest {
        [b':', after @ ..] => {
            let (sec, n_sec, r) = take_digits(after, 2).ok_or(DurationError::Invalid)?;
            if n_sec != 2 || mid > 59 {
                return Err(DurationError::Invalid);
            }
            (lead, mid, sec, r)
        }
        _ => (0, lead, mid, rest),
    };
    if s > 59 {
        return Err(DurationError::Invalid);
    }
    let (frac, n_frac, rest) = match rest {
        [b'.' | b',', after @ ..] => {
            let (v, n, r) = take_digits(after, 9).ok_or(DurationError::Invalid)?;
            if n == 0 {
                return Err(DurationError::Invalid);
            }
            (v, n, r)
        }
        _ => (0, 0, rest),
    };
    if !rest.is_empty() {
        return Err(DurationError::Invalid);
    }
    let ms = ((h * 60 + m) * 60 + s) * 1000 + div_round(frac * 1000, n_frac);
    finish_duration(neg, ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn errors_display() {
        assert_eq!(DurationError::Empty.to_string(), "empty");
        assert_eq!(DurationError::Negative.to_string(), "negative duration");
        assert_eq!(DurationError::Invalid.to_string(), "not a duration");
        assert_eq!(
            DurationUnit::parse_spec("hours").unwrap_err().to_string(),
            "unsupported duration unit `hours`; expected s, seconds, ms, milliseconds, min, minutes, hms, hh:mm:ss or auto"
        );
    }

    #[test]
    fn duration_specs() {
        use DurationUnit::*;
        for (s, u) in [
            ("s", Seconds),
            ("seconds", Seconds),
            ("ms", Milliseconds),
            ("milliseconds", Milliseconds),
            ("min", Minutes),
            ("minutes", Minutes),
            ("hms", Hms),
            ("hh:mm:ss", Hms),
            ("HH:MM:SS", Hms),
            ("auto", Auto),
        ] {
            assert_eq!(DurationUnit::parse_spec(s), Ok(u), "{s}");
        }
        assert!(
            DurationUnit::parse_spec("hours")
                .unwrap_err()
                .to_string()
                .contains("`hours`")
        );
    }

    #[test]
    fn duration_numeric() {
        use DurationUnit::*;
        let cases: [(&str, DurationUnit, i64); 16] = [
            ("12", Seconds, 12_000),
            ("12.5", Seconds, 12_500),
            ("12,5", Seconds, 12_500),
            (" 0 ", Seconds, 0),
            (".5", Seconds, 500),
            ("+3", Seconds, 3_000),
            ("-0", Seconds, 0),
            ("0.0004", Seconds, 0),
            ("0.0005", Seconds, 1),
            ("1.9996", Seconds, 2_000),
            ("250", Milliseconds, 250),
            ("250.5", Milliseconds, 251),
            ("250.4", Milliseconds, 250),
            ("1.5", Minutes, 90_000),
            ("2", Minutes, 120_000),
            ("90", Auto, 90_000),
        ];
        for (s, u, want) in cases {
            assert_eq!(parse_duration_ms(s, u), Ok(want), "{s} {u:?}");
        }
        use DurationError::*;
        let bad: [(&str, DurationUnit, DurationError); 14] = [
            ("", Seconds, Empty),
            ("  ", Hms, Empty),
            ("-5", Seconds, Negative),
            ("-0.5", Minutes, Negative),
            ("-1:00", Hms, Negative),
            ("-1:00", Auto, Negative),
            ("5s", Seconds, Invalid),
            ("1.2.3", Seconds, Invalid),
            ("12.", Seconds, Invalid),
            (".", Seconds, Invalid),
            ("-", Seconds, Invalid),
            ("1 000", Seconds, Invalid),
            ("abc", Milliseconds, Invalid),
            ("9999999999999999999", Milliseconds, Invalid),
        ];
        for (s, u, want) in bad {
            assert_eq!(parse_duration_ms(s, u), Err(want), "{s} {u:?}");
        }
        // Overflowing products are errors, not panics.
        assert_eq!(
            parse_duration_ms("999999999999999999", Minutes),
            Err(Invalid)
        );
        assert_eq!(parse_duration_ms("-x", Seconds), Err(Invalid));
    }

    #[test]
    fn duration_hms() {
        use DurationUnit::*;
        let cases: [(&str, i64); 11] = [
            ("0:00:00", 0),
            ("1:02:03", 3_723_000),
            ("01:02:03", 3_723_000),
            ("25:00:00", 90_000_000),
            ("100:00:01", 360_001_000),
            ("02:03", 123_000),
            ("75:30", 4_530_000),
            ("0:00:01.5", 1_500),
            ("0:00:01,250", 1_250),
            ("0:00:01.0005", 1_001),
            ("00:59.999", 59_999),
        ];
        for (s, want) in cases {
            assert_eq!(parse_duration_ms(s, Hms), Ok(want), "{s}");
            assert_eq!(parse_duration_ms(s, Auto), Ok(want), "{s}");
        }
        assert_eq!(parse_duration_ms(" 1:00 ", Hms), Ok(60_000)); // mm:ss, trimmed
        for bad in [
            "1:2:3",
            "1:60:00",
            "1:00:60",
            "1:",
            ":30",
            "1::00",
            "1:00:00:00",
            "1:00:00.",
            "a:bc",
            "12",
            "1:00:00.1234567890",
            "1:00 :00",
            "1.5:00",
        ] {
            assert_eq!(
                parse_duration_ms(bad, Hms),
                Err(DurationError::Invalid),
                "{bad}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn prop_hms_round_trip(ms in 0i64..400_000_000_000, style in 0u8..4) {
            let h = ms / 3_600_000;
            let m = ms / 60_000 % 60;
            let s = ms / 1000 % 60;
            let f = ms % 1000;
            let text = match style {
                0 => format!("{h}:{m:02}:{s:02}.{f:03}"),
                1 => format!("{h:02}:{m:02}:{s:02},{f:03}"),
                2 => format!("{}:{s:02}.{f:03}", h * 60 + m),
                _ => format!("{h}:{m:02}:{s:02}.{f:03}000000"),
            };
            prop_assert_eq!(parse_duration_ms(&text, DurationUnit::Hms), Ok(ms), "{}", text);
            prop_assert_eq!(parse_duration_ms(&text, DurationUnit::Auto), Ok(ms), "{}", text);
        }

        #[test]
        fn prop_numeric_duration_round_trip(ms in 0i64..1_000_000_000_000) {
            let text = format!("{}.{:03}", ms / 1000, ms % 1000);
            prop_assert_eq!(parse_duration_ms(&text, DurationUnit::Seconds), Ok(ms));
            prop_assert_eq!(parse_duration_ms(&text.replace('.', ","), DurationUnit::Auto), Ok(ms));
            prop_assert_eq!(parse_duration_ms(&ms.to_string(), DurationUnit::Milliseconds), Ok(ms));
        }

        #[test]
        fn prop_duration_parsers_never_panic(s in ".{0,40}", t in "[0-9 .,:'$€£złPLNUSD\u{a0}\u{202f}+\\-%@/<>]{0,30}") {
            for x in [&s, &t] {
                for u in [DurationUnit::Seconds, DurationUnit::Milliseconds, DurationUnit::Minutes, DurationUnit::Hms, DurationUnit::Auto] {
                    let _ = parse_duration_ms(x, u);
                }
                let _ = DurationUnit::parse_spec(x);
            }
        }
    }
}
