//! Wall-clock fields → a [`ParsedTime`]: the range checks (hour 0–23, a day that exists
//! in its month, an offset under 24 h) and the day number, taken from a table of month
//! starts (1900–2199) or computed with Hinnant's `days_from_civil` outside it. Both
//! timestamp paths (`fixed`, `pattern`) end here.
//!
//! Hand-written because it was measured (benches/RESULTS.md): "Fourth session", item 3
//! (a day number and a second of the day instead of chrono's `NaiveDateTime`; chrono's
//! `from_ymd_opt` alone was 3.0 % of a 10M-row run in the "Third session" profile) and
//! item 4 (`Fields::build` inlined: a store-forwarding stall per row). The unit test
//! `built_days_agree_with_chrono` compares every day of 1800–2200 and of extreme years
//! (and the days that do not exist) with chrono.

use super::{ParsedTime, TimeError};

/// Days from 1970-01-01 to a proleptic Gregorian date whose month is `1..=12` and
/// year within ±400 000 (the `days_from_civil` algorithm of H. Hinnant's
/// "chrono-Compatible Low-Level Date Algorithms", shifted by 1 000 eras so that every
/// division is of a non-negative number by a constant: no division instruction).
const fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    const SHIFT_ERAS: u64 = 1_000;
    let y = (year as i64 + (SHIFT_ERAS * 400) as i64 - (month <= 2) as i64) as u64;
    let era = y / 400;
    let yoe = y - era * 400;
    let m = month as u64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as u64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe) as i64 - (SHIFT_ERAS * 146_097) as i64 - 719_468
}

/// The first year of [`MONTH_STARTS`].
const MONTH_TABLE_FROM: i32 = 1900;

/// Day numbers of the first day of each month from January 1900 to January 2200 (the
/// months of every timestamp an export holds, looked up instead of computed).
static MONTH_STARTS: [i32; 300 * 12 + 1] = {
    let mut t = [0i32; 300 * 12 + 1];
    let mut i = 0;
    while i < t.len() {
        t[i] = days_from_civil(MONTH_TABLE_FROM + (i / 12) as i32, (i % 12) as u32 + 1, 1) as i32;
        i += 1;
    }
    t
};

/// The number of days of a month `1..=12`.
pub(super) fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A zone offset as read (`±HH:MM`, `Z`, …), checked when the fields are built.
#[derive(Debug, Clone, Copy)]
pub(super) struct RawOffset {
    pub(super) neg: bool,
    pub(super) h: u32,
    pub(super) m: u32,
}

impl RawOffset {
    pub(super) const UTC: RawOffset = RawOffset {
        neg: false,
        h: 0,
        m: 0,
    };

    fn seconds(self) -> Result<i32, TimeError> {
        if self.h > 23 || self.m > 59 {
            return Err(TimeError::OutOfRange);
        }
        // h ≤ 23, m ≤ 59: fits comfortably.
        let s = (self.h * 3600 + self.m * 60) as i32;
        Ok(if self.neg { -s } else { s })
    }
}

/// The fields a parser read from one value, not yet checked.
#[derive(Debug, Clone, Copy)]
pub(super) struct Fields {
    pub(super) year: i32,
    pub(super) month: u32,
    pub(super) day: u32,
    pub(super) hour: u32,
    pub(super) minute: u32,
    pub(super) second: u32,
    pub(super) nano: u32,
    /// 12-hour clock reading and whether it is PM.
    pub(super) hour12: Option<u32>,
    pub(super) pm: bool,
    pub(super) offset: Option<RawOffset>,
}

impl Fields {
    pub(super) const fn new() -> Self {
        Fields {
            year: 0,
            month: 0,
            day: 0,
            hour: 0,
            minute: 0,
            second: 0,
            nano: 0,
            hour12: None,
            pm: false,
            offset: None,
        }
    }

    // always inlined: returned through the stack, the result was written in small
    // pieces and read back whole (a store-forwarding stall on every row)
    #[inline(always)]
    pub(super) fn build(self) -> Result<ParsedTime, TimeError> {
        let hour = match self.hour12 {
            Some(h) if (1..=12).contains(&h) => h % 12 + if self.pm { 12 } else { 0 },
            Some(_) => return Err(TimeError::OutOfRange),
            None => self.hour,
        };
        if hour > 23 || self.minute > 59 || self.second > 59 || self.nano > 999_999_999 {
            return Err(TimeError::OutOfRange);
        }
        if !(1..=12).contains(&self.month) || self.day == 0 {
            return Err(TimeError::OutOfRange);
        }
        // the day number of the month's first day and the month's length: from the
        // table in its years, else computed (within chrono's own ±262 142 years)
        let at = self
            .year
            .checked_sub(MONTH_TABLE_FROM)
            .and_then(|y| usize::try_from(y).ok())
            .map(|y| y * 12 + self.month as usize - 1);
        let (first, len) = match at.and_then(|at| MONTH_STARTS.get(at..at + 2)) {
            Some(&[a, b]) => (i64::from(a), (b - a) as u32),
            _ if (-262_000..=262_000).contains(&self.year) => (
                days_from_civil(self.year, self.month, 1),
                days_in_month(self.year, self.month),
            ),
            _ => return Err(TimeError::OutOfRange),
        };
        if self.day > len {
            return Err(TimeError::OutOfRange);
        }
        let offset_s = match self.offset {
            Some(o) => Some(o.seconds()?),
            None => None,
        };
        Ok(ParsedTime {
            day: (first + i64::from(self.day) - 1) as i32,
            secs: hour * 3600 + self.minute * 60 + self.second,
            nano: self.nano,
            offset_s,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

    /// The day arithmetic of `Fields::build` against chrono, on every day of four
    /// centuries around the present (and the days that do not exist around them).
    #[test]
    fn built_days_agree_with_chrono() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        for year in
            (1800..=2200).chain([-262_000, -401, -400, -1, 0, 1, 399, 400, 401, 9999, 262_000])
        {
            for month in 0..=13 {
                for day in 0..=32 {
                    let mut f = Fields::new();
                    (f.year, f.month, f.day) = (year, month, day);
                    (f.hour, f.minute, f.second, f.nano) = (23, 59, 58, 7);
                    let want = NaiveDate::from_ymd_opt(year, month, day).map(|d| {
                        NaiveDateTime::new(d, NaiveTime::from_hms_nano_opt(23, 59, 58, 7).unwrap())
                    });
                    let got = f.build().ok();
                    assert_eq!(got.map(|p| p.naive()), want, "{year}-{month}-{day}");
                    if let (Some(p), Some(w)) = (got, want) {
                        assert_eq!(p.day as i64, (w.date() - epoch).num_days());
                        assert_eq!(ParsedTime::from_naive(w, None), p);
                    }
                }
            }
        }
    }
}
