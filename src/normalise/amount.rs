//! Amounts: a cell → an integer number of 1/10_000 units ([`parse_amount`], exact, no
//! floats), and back to text ([`format_amount`]).

/// Amounts are integers in 1/10_000 units.
const AMOUNT_SCALE: i128 = 10_000;

/// Currency markers accepted before or after the number (codes are case-insensitive).
const CURRENCIES: [&str; 10] = ["$", "€", "£", "zł", "Zł", "ZŁ", "PLN", "USD", "EUR", "GBP"];

fn strip_currency_prefix(s: &str) -> Option<&str> {
    CURRENCIES.iter().find_map(|cur| {
        let head = s.get(..cur.len())?;
        if head.eq_ignore_ascii_case(cur) {
            s.get(cur.len()..)
        } else {
            None
        }
    })
}

fn strip_currency_suffix(s: &str) -> Option<&str> {
    CURRENCIES.iter().find_map(|cur| {
        let cut = s.len().checked_sub(cur.len())?;
        let tail = s.get(cut..)?;
        if tail.eq_ignore_ascii_case(cur) {
            s.get(..cut)
        } else {
            None
        }
    })
}

fn strip_sign(s: &str) -> Option<(bool, &str)> {
    if let Some(r) = s.strip_prefix('-') {
        Some((true, r))
    } else if let Some(r) = s.strip_prefix('\u{2212}') {
        Some((true, r))
    } else {
        s.strip_prefix('+').map(|r| (false, r))
    }
}

/// Why an amount was refused (the text is the reason written to rejects.csv, after
/// "bad amount" or "bad units").
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum AmountError {
    /// Nothing but whitespace.
    #[error("empty amount")]
    Empty,
    /// A currency both before and after the number.
    #[error("two currency markers")]
    TwoCurrencies,
    /// Over `i64` of 1/10_000 units.
    #[error("amount too large")]
    TooLarge,
    /// A thousands separator not between groups of three digits, or mixed separators.
    #[error("misplaced thousands separator")]
    Misplaced,
    #[error("more than 4 decimal places")]
    TooManyDecimals,
    /// A character that is no digit, separator, sign or currency.
    #[error("unexpected character `{0}`")]
    Unexpected(char),
    /// No digit at all.
    #[error("not a number")]
    NotANumber,
    /// A decimal separator that ends the number.
    #[error("no digits after the decimal separator")]
    NoDecimals,
}

/// Parse a decimal amount into an integer number of 1/10_000 units (4 decimal places, exact,
/// no floats). Accepts an optional sign, an optional currency symbol or ISO code before or after
/// (`$`, `€`, `zł`, `PLN`, `USD`, `EUR`, `GBP`, `£`), thousands separators in groups of three
/// (space, NBSP, narrow NBSP, `'`, and `,` when `decimal_comma` is false or `.` when it is true),
/// and the configured decimal separator. More than 4 decimals or overflow → Err.
pub(crate) fn parse_amount(s: &str, decimal_comma: bool) -> Result<i64, AmountError> {
    let mut rest = s.trim();
    if rest.is_empty() {
        return Err(AmountError::Empty);
    }
    let mut neg = false;
    let mut signed = false;
    if let Some((n, r)) = strip_sign(rest) {
        neg = n;
        signed = true;
        rest = r.trim_start();
    }
    let mut currency = false;
    if let Some(r) = strip_currency_prefix(rest) {
        currency = true;
        rest = r.trim_start();
        if !signed && let Some((n, r)) = strip_sign(rest) {
            neg = n;
            rest = r.trim_start();
        }
    }
    if let Some(r) = strip_currency_suffix(rest) {
        if currency {
            return Err(AmountError::TwoCurrencies);
        }
        rest = r.trim_end();
    }
    let mag = parse_amount_body(rest, decimal_comma)?;
    let v = if neg { -mag } else { mag };
    i64::try_from(v).map_err(|_| AmountError::TooLarge)
}

/// The unsigned number part of an amount, in 1/10_000 units.
fn parse_amount_body(body: &str, decimal_comma: bool) -> Result<i128, AmountError> {
    let b = body.as_bytes();
    let (dec, grp_ascii) = if decimal_comma {
        (b',', b'.')
    } else {
        (b'.', b',')
    };
    let mut int: i128 = 0;
    let mut frac: i128 = 0;
    let mut n_int = 0usize;
    let mut n_frac = 0usize;
    let mut in_frac = false;
    // Digits since the last group separator (or the start) and which separator is used.
    let mut group_len = 0usize;
    let mut group_sep: Option<&[u8]> = None;
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c.is_ascii_digit() {
            let d = i128::from(c - b'0');
            if in_frac {
                n_frac += 1;
                if n_frac > 4 {
                    return Err(AmountError::TooManyDecimals);
                }
                frac = frac * 10 + d;
            } else {
                int = int * 10 + d;
                n_int += 1;
                group_len += 1;
                if int > i128::from(i64::MAX) {
                    return Err(AmountError::TooLarge);
                }
            }
            i += 1;
            continue;
        }
        if c == dec && !in_frac {
            if group_sep.is_some() && group_len != 3 {
                return Err(AmountError::Misplaced);
            }
            in_frac = true;
            i += 1;
            continue;
        }
        let rest = b.get(i..).unwrap_or(&[]);
        let sep_len = match rest {
            [b' ' | b'\'', ..] => 1,
            [x, ..] if *x == grp_ascii => 1,
            [0xC2, 0xA0, ..] => 2,                                // NBSP
            [0xE2, 0x80, 0xAF, ..] | [0xE2, 0x80, 0x99, ..] => 3, // narrow NBSP, ’
            _ => {
                let ch = body.get(i..).and_then(|r| r.chars().next()).unwrap_or('?');
                return Err(if c == dec || c == grp_ascii {
                    AmountError::Misplaced
                } else {
                    AmountError::Unexpected(ch)
                });
            }
        };
        let sep = rest.get(..sep_len).unwrap_or(&[]);
        if in_frac || group_len == 0 {
            return Err(AmountError::Misplaced);
        }
        match group_sep {
            Some(prev) => {
                if group_len != 3 || prev != sep {
                    return Err(AmountError::Misplaced);
                }
            }
            None => {
                if group_len > 3 {
                    return Err(AmountError::Misplaced);
                }
                group_sep = Some(sep);
            }
        }
        group_len = 0;
        i += sep_len;
    }
    if n_int + n_frac == 0 {
        return Err(AmountError::NotANumber);
    }
    if in_frac && n_frac == 0 {
        return Err(AmountError::NoDecimals);
    }
    if !in_frac && group_sep.is_some() && group_len != 3 {
        return Err(AmountError::Misplaced);
    }
    let frac_units = frac * 10i128.pow((4 - n_frac) as u32);
    Ok(int * AMOUNT_SCALE + frac_units)
}

#[cfg(test)]
/// Format a 1/10_000-unit amount with exactly `decimals` (0..=4, larger values mean 4) digits,
/// rounding half away from zero, '.' separator, no thousands separator:
/// `format_amount(12_345_678, 2) == "1234.57"`.
pub(crate) fn format_amount(v: i64, decimals: u32) -> String {
    let d = decimals.min(4);
    let scale = 10i128.pow(4 - d);
    let a = i128::from(v).abs();
    let q = (a + scale / 2) / scale;
    let p = 10i128.pow(d);
    use std::fmt::Write as _;
    let mut out = String::with_capacity(24);
    if v < 0 && q != 0 {
        out.push('-');
    }
    let _ = write!(out, "{}", q / p);
    if d > 0 {
        let _ = write!(out, ".{:0width$}", q % p, width = d as usize);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn amounts_accepted() {
        let dot: [(&str, i64); 24] = [
            ("0", 0),
            ("12", 120_000),
            ("12.5", 125_000),
            ("12.3456", 123_456),
            ("-12.5", -125_000),
            ("+12.5", 125_000),
            ("−7", -70_000),
            (".5", 5_000),
            ("1,234.56", 12_345_600),
            ("1,234,567", 12_345_670_000),
            ("1 234 567.8", 12_345_678_000),
            ("1\u{a0}234.5", 12_345_000),
            ("1\u{202f}234.5", 12_345_000),
            ("1'234'567.50", 12_345_675_000),
            ("1’234.50", 12_345_000),
            ("$1,234.50", 12_345_000),
            ("-$12", -120_000),
            ("$-12", -120_000),
            ("$ 12", 120_000),
            ("12 USD", 120_000),
            ("usd 12", 120_000),
            ("£3", 30_000),
            ("GBP3.1", 31_000),
            ("  -0.0001 EUR ", -1),
        ];
        for (s, want) in dot {
            assert_eq!(parse_amount(s, false), Ok(want), "{s}");
        }
        let comma: [(&str, i64); 9] = [
            ("12,5", 125_000),
            ("1.234,56", 12_345_600),
            ("1 234,56 zł", 12_345_600),
            ("1\u{a0}234,56\u{a0}zł", 12_345_600),
            ("12,50zł", 125_000),
            ("-12,50 ZŁ", -125_000),
            ("12,5 PLN", 125_000),
            ("€12,99", 129_900),
            ("12,99 €", 129_900),
        ];
        for (s, want) in comma {
            assert_eq!(parse_amount(s, true), Ok(want), "{s}");
        }
        assert_eq!(parse_amount("922337203685477.5807", false), Ok(i64::MAX));
        assert_eq!(parse_amount("-922337203685477.5808", false), Ok(i64::MIN));
    }

    #[test]
    fn amounts_rejected() {
        let dot = [
            "",
            "  ",
            "abc",
            "12.34567",
            "1.2.3",
            "12,5",
            "1,23,456",
            "1234,567",
            ",123",
            "1,234,",
            "1,,234",
            "1 234,567",
            "1,234 567",
            "12.",
            "1,234.5,6",
            "$12 USD",
            "12 CHF",
            "--12",
            "$",
            "-",
            "922337203685477.5808",
            "99999999999999999999999999999999999999999999",
            "12e3",
            "0x12",
        ];
        for s in dot {
            assert!(parse_amount(s, false).is_err(), "{s:?} should fail");
        }
        for s in ["12.5", "1,234.56", "12,34567", "1.23"] {
            assert!(
                parse_amount(s, true).is_err(),
                "{s:?} should fail (decimal comma)"
            );
        }
        assert_eq!(
            parse_amount("12.34567", false).unwrap_err().to_string(),
            "more than 4 decimal places"
        );
        assert_eq!(
            parse_amount("", false).unwrap_err().to_string(),
            "empty amount"
        );
        assert_eq!(
            parse_amount("12x", false).unwrap_err().to_string(),
            "unexpected character `x`"
        );
        assert_eq!(
            parse_amount("1ł", false).unwrap_err().to_string(),
            "unexpected character `ł`"
        );
        for (text, want) in [
            ("$12 USD", "two currency markers"),
            ("922337203685477.5808", "amount too large"),
            ("99999999999999999999", "amount too large"),
            ("1,23,456", "misplaced thousands separator"),
            ("$", "not a number"),
            ("12.", "no digits after the decimal separator"),
        ] {
            assert_eq!(
                parse_amount(text, false).unwrap_err().to_string(),
                want,
                "{text}"
            );
        }
    }

    #[test]
    fn amounts_format() {
        assert_eq!(format_amount(12_345_678, 2), "1234.57");
        assert_eq!(format_amount(12_345_678, 4), "1234.5678");
        assert_eq!(format_amount(12_345_678, 0), "1235");
        assert_eq!(format_amount(12_345_000, 1), "1234.5");
        assert_eq!(format_amount(-12_345_678, 2), "-1234.57");
        assert_eq!(format_amount(125, 2), "0.01");
        assert_eq!(format_amount(-125, 2), "-0.01");
        assert_eq!(format_amount(124, 2), "0.01");
        assert_eq!(format_amount(49, 2), "0.00");
        assert_eq!(format_amount(-49, 2), "0.00");
        assert_eq!(format_amount(5_000, 0), "1");
        assert_eq!(format_amount(-5_000, 0), "-1");
        assert_eq!(format_amount(0, 3), "0.000");
        assert_eq!(format_amount(1, 9), "0.0001");
        assert_eq!(format_amount(i64::MAX, 0), "922337203685478");
        assert_eq!(format_amount(i64::MIN, 4), "-922337203685477.5808");
        assert_eq!(format_amount(i64::MIN, 2), "-922337203685477.58");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn prop_amount_parsers_never_panic(s in ".{0,40}", t in "[0-9 .,:'$€£złPLNUSD\u{a0}\u{202f}+\\-%@/<>]{0,30}", v in any::<i64>(), d in 0u32..10) {
            for x in [&s, &t] {
                let _ = parse_amount(x, false);
                let _ = parse_amount(x, true);
            }
            let _ = format_amount(v, d);
        }

        #[test]
        fn prop_amount_round_trip(v in any::<i64>(), dc in any::<bool>()) {
            let text = format_amount(v, 4);
            let text = if dc { text.replace('.', ",") } else { text };
            prop_assert_eq!(parse_amount(&text, dc), Ok(v), "{}", text);
        }

        #[test]
        fn prop_amount_text_round_trip(
            neg in any::<bool>(),
            int in "[1-9][0-9]{0,13}|0",
            frac in "[0-9]{0,4}",
            sep in prop::sample::select(vec!["", " ", "\u{a0}", "'", ","]),
            cur in prop::sample::select(vec!["", "$", "zł", " PLN", "USD "]),
            dc in any::<bool>(),
        ) {
            // Insert thousands separators every three digits from the right.
            let sep = if sep == "," && dc { "." } else { sep };
            let mut grouped = String::new();
            for (i, ch) in int.chars().enumerate() {
                if i > 0 && (int.len() - i) % 3 == 0 { grouped.push_str(sep); }
                grouped.push(ch);
            }
            let dec = if dc { "," } else { "." };
            let body = if frac.is_empty() { grouped } else { format!("{grouped}{dec}{frac}") };
            let sign = if neg { "-" } else { "" };
            let text = if cur.starts_with(' ') || cur == "zł" {
                format!("{sign}{body}{cur}")
            } else {
                format!("{sign}{cur}{body}")
            };
            let v = match parse_amount(&text, dc) {
                Ok(v) => v,
                Err(e) => return Err(TestCaseError::fail(format!("{text:?}: {e}"))),
            };
            // Expected text: plain digits, '.' separator, 4 decimals.
            let frac4 = format!("{frac:0<4}");
            let magnitude_zero = int == "0" && frac4 == "0000";
            let want = format!("{}{int}.{frac4}", if neg && !magnitude_zero { "-" } else { "" });
            prop_assert_eq!(format_amount(v, 4), want, "{}", text);
        }

        #[test]
        fn prop_format_amount_rounds_like_reference(v in -9_000_000_000_000_000_000i64..=9_000_000_000_000_000_000, d in 0u32..=4) {
            // Reference: exact rational rounding half away from zero via i128.
            let scale = 10i128.pow(4 - d);
            let x = i128::from(v);
            let q = (x.abs() * 2 + scale) / (2 * scale) * x.signum();
            let s = format_amount(v, d);
            let parsed = parse_amount(&s, false).map(i128::from);
            prop_assert_eq!(parsed, Ok(q * scale), "{} -> {}", v, s);
        }
    }
}
