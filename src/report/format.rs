//! Number formatting for both renderers, from integers: counts, tenths, percentages,
//! money and units. The CSV writes the plain form ([`Numbers::PLAIN`]: `1234.5`,
//! `1234.50`); the PDF writes a language's form, with the separators and percent sign
//! of `templates/<lang>/labels.toml` (`1,234.5 %`, `1 234,50`).
//!
//! The model keeps every number as an integer: counts as they are, attainment and
//! ratios in tenths, money and units in 1/10 000 (see `normalise::value::parse_amount`).
//! Nothing here parses a formatted number back.

use std::fmt::Write as _;

use crate::{model::Metric, report::Basis};

/// Decimal places of the model's money and units (1/10 000).
const MINOR_DIGITS: u32 = 4;

/// How numbers are written: the separators and the percent sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Numbers<'a> {
    /// Between the whole part and the decimals.
    pub(crate) decimal_separator: &'a str,
    /// Between groups of three digits of the whole part; empty: no grouping.
    pub(crate) thousands_separator: &'a str,
    /// After a percentage (with its space, if any).
    pub(crate) percent_suffix: &'a str,
}

impl Numbers<'static> {
    /// The CSV's form: `.` for decimals, no grouping, percentages as bare numbers.
    pub(crate) const PLAIN: Numbers<'static> = Numbers {
        decimal_separator: ".",
        thousands_separator: "",
        percent_suffix: "",
    };
}

impl Numbers<'_> {
    /// `1234567` → `1,234,567` (en), `1 234 567` (pl), `1234567` (plain).
    pub(crate) fn int(&self, n: u64) -> String {
        let digits = n.to_string();
        if self.thousands_separator.is_empty() {
            return digits;
        }
        let mut out = String::with_capacity(digits.len() + 8);
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(self.thousands_separator);
            }
            out.push(ch);
        }
        out
    }

    /// A number in tenths → `13.3` (en, plain), `13,3` (pl).
    pub(crate) fn tenths(&self, t: u64) -> String {
        format!("{}{}{}", self.int(t / 10), self.decimal_separator, t % 10)
    }

    /// A percentage in tenths → `1,234.5 %` (en), `1 234,5 %` (pl), `1234.5` (plain).
    pub(crate) fn pct(&self, tenths: u64) -> String {
        format!("{}{}", self.tenths(tenths), self.percent_suffix)
    }

    /// A whole percentage → `150 %` (the chart's axis).
    pub(crate) fn whole_pct(&self, pct: u64) -> String {
        format!("{}{}", self.int(pct), self.percent_suffix)
    }

    /// A metric's value: counts whole, money with two decimals, units with up to four
    /// and without trailing zeros.
    pub(crate) fn value(&self, m: Metric, v: u64) -> String {
        match m {
            Metric::WonAmount => self.minor(v, 2, false),
            Metric::Units => self.minor(v, MINOR_DIGITS, true),
            _ => self.int(v),
        }
    }

    /// An amount in 1/10 000 with `decimals` (at most 4) places, rounded half away
    /// from zero; with `trim`, trailing zero decimals (and then the separator) go.
    /// Amounts are capped at `i64::MAX`, the largest the model's amounts come from.
    fn minor(&self, v: u64, decimals: u32, trim: bool) -> String {
        let d = decimals.min(MINOR_DIGITS);
        let scale = 10u64.pow(MINOR_DIGITS - d);
        let v = v.min(i64::MAX as u64);
        let q = (v + scale / 2) / scale;
        let p = 10u64.pow(d);
        let (whole, mut frac, mut digits) = (q / p, q % p, d);
        if trim {
            while digits > 0 && frac % 10 == 0 {
                frac /= 10;
                digits -= 1;
            }
        }
        let mut out = self.int(whole);
        if digits > 0 {
            let _ = write!(
                out,
                "{}{frac:0width$}",
                self.decimal_separator,
                width = digits as usize
            );
        }
        out
    }
}

/// The CSV's proration basis: `15/22 working days`.
pub(crate) fn basis(b: Basis) -> String {
    format!("{}/{} working days", b.available_days, b.working_days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{model::Kind, normalise::amount::format_amount};

    const EN: Numbers<'static> = Numbers {
        decimal_separator: ".",
        thousands_separator: ",",
        percent_suffix: "\u{a0}%",
    };
    const PL: Numbers<'static> = Numbers {
        decimal_separator: ",",
        thousands_separator: "\u{a0}",
        percent_suffix: "\u{a0}%",
    };

    #[test]
    fn plain_is_the_csv_form() {
        let p = Numbers::PLAIN;
        assert_eq!(p.int(1_234_567), "1234567");
        assert_eq!(p.tenths(12347), "1234.7");
        assert_eq!(p.tenths(3), "0.3");
        assert_eq!(p.pct(1000), "100.0");
        assert_eq!(p.value(Metric::Count(Kind::Call), 1_234_567), "1234567");
        assert_eq!(p.value(Metric::WonAmount, 12_345_678), "1234.57");
        assert_eq!(p.value(Metric::WonAmount, 0), "0.00");
        assert_eq!(p.value(Metric::Units, 12_345_000), "1234.5");
        assert_eq!(p.value(Metric::Units, 10_000), "1");
        assert_eq!(p.value(Metric::Units, 500), "0.05");
        assert_eq!(p.value(Metric::Units, 0), "0");
        let b = Basis {
            available_days: 15,
            working_days: 22,
        };
        assert_eq!(basis(b), "15/22 working days");
    }

    #[test]
    fn money_and_units_agree_with_format_amount() {
        let mut vs: Vec<u64> = vec![0, 1, 49, 50, 51, 99, 100, 149, 150, 9_999, 10_000];
        vs.extend((0..5000u64).map(|i| i * 7_919 + i * i * 31));
        vs.extend([i64::MAX as u64 - 1, i64::MAX as u64, u64::MAX]);
        for v in vs {
            let amount = format_amount(i64::try_from(v).unwrap_or(i64::MAX), 2);
            assert_eq!(Numbers::PLAIN.value(Metric::WonAmount, v), amount, "{v}");
            let units = format_amount(i64::try_from(v).unwrap_or(i64::MAX), 4);
            let units = units.trim_end_matches('0').trim_end_matches('.');
            assert_eq!(Numbers::PLAIN.value(Metric::Units, v), units, "{v}");
        }
    }

    #[test]
    fn languages_group_and_separate() {
        assert_eq!(EN.int(1_234_567), "1,234,567");
        assert_eq!(EN.int(999), "999");
        assert_eq!(PL.int(1000), "1\u{a0}000");
        assert_eq!(EN.pct(12345), "1,234.5\u{a0}%");
        assert_eq!(PL.pct(12345), "1\u{a0}234,5\u{a0}%");
        assert_eq!(PL.tenths(133), "13,3");
        assert_eq!(EN.value(Metric::WonAmount, 1_095_005_000), "109,500.50");
        assert_eq!(PL.value(Metric::WonAmount, 636_363_600), "63\u{a0}636,36");
        assert_eq!(
            PL.value(Metric::Units, 12_345_678_900),
            "1\u{a0}234\u{a0}567,89"
        );
        assert_eq!(EN.value(Metric::Won, 12_345), "12,345");
    }
}
