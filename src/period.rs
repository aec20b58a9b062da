//! Calendar periods: ISO weeks, months, quarters, years, and report periods.
//!
//! A period is a half-open range of local dates `[start, end)`. Dates are always
//! in the rep's own local calendar; nothing here knows about time zones.
//!
//! **Which quota periods a report period gathers.** A quota period belongs to the
//! report period in which it *closes*: a month, quarter or year is reported in the
//! report period that holds its last day. ISO weeks follow the ISO rule instead:
//! a week belongs to the month, quarter or year that holds its Thursday, i.e. most
//! of its days, so a week that straddles a month edge is reported once, whole, in
//! the month where 4 or more of its days fall.

use std::fmt;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PeriodKind {
    Week,
    Month,
    Quarter,
    Year,
}

impl PeriodKind {
    pub fn parse(s: &str) -> Option<PeriodKind> {
        Some(match s {
            "week" => PeriodKind::Week,
            "month" => PeriodKind::Month,
            "quarter" => PeriodKind::Quarter,
            "year" => PeriodKind::Year,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Week => "week",
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Year => "year",
        }
    }
}

/// One calendar period `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub kind: PeriodKind,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn month_start(y: i32, m: u32) -> Option<NaiveDate> {
    ymd(y, m, 1)
}

fn add_months(y: i32, m: u32, n: u32) -> (i32, u32) {
    let idx = y * 12 + (m as i32 - 1) + n as i32;
    (idx.div_euclid(12), idx.rem_euclid(12) as u32 + 1)
}

impl Period {
    /// The period of `kind` that contains `date`.
    pub fn containing(kind: PeriodKind, date: NaiveDate) -> Period {
        let (start, end) = match kind {
            PeriodKind::Week => {
                let start = date - Duration::days(date.weekday().num_days_from_monday() as i64);
                (start, start + Duration::days(7))
            }
            PeriodKind::Month => {
                let (ny, nm) = add_months(date.year(), date.month(), 1);
                (
                    date.with_day(1).unwrap_or(date),
                    month_start(ny, nm).unwrap_or(date),
                )
            }
            PeriodKind::Quarter => {
                let qm = (date.month() - 1) / 3 * 3 + 1;
                let (ny, nm) = add_months(date.year(), qm, 3);
                (
                    month_start(date.year(), qm).unwrap_or(date),
                    month_start(ny, nm).unwrap_or(date),
                )
            }
            PeriodKind::Year => (
                ymd(date.year(), 1, 1).unwrap_or(date),
                ymd(date.year() + 1, 1, 1).unwrap_or(date),
            ),
        };
        Period { kind, start, end }
    }

    /// The date that decides which report period this period is reported in.
    pub fn anchor(&self) -> NaiveDate {
        match self.kind {
            PeriodKind::Week => self.start + Duration::days(3),
            _ => self.end - Duration::days(1),
        }
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d < self.end
    }

    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days()
    }

    /// The label used in reports: `2026-W43`, `2026-10`, `2026-Q4`, `2026`.
    pub fn label(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PeriodKind::Week => {
                let w = self.start.iso_week();
                write!(f, "{}-W{:02}", w.year(), w.week())
            }
            PeriodKind::Month => write!(f, "{}-{:02}", self.start.year(), self.start.month()),
            PeriodKind::Quarter => {
                write!(
                    f,
                    "{}-Q{}",
                    self.start.year(),
                    (self.start.month() - 1) / 3 + 1
                )
            }
            PeriodKind::Year => write!(f, "{}", self.start.year()),
        }
    }
}

/// The period a report covers: one calendar period or a range of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportPeriod {
    pub first: Period,
    pub last: Period,
}

impl ReportPeriod {
    pub fn single(p: Period) -> Self {
        ReportPeriod { first: p, last: p }
    }
    pub fn start(&self) -> NaiveDate {
        self.first.start
    }
    pub fn end(&self) -> NaiveDate {
        self.last.end
    }
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start() <= d && d < self.end()
    }
    pub fn label(&self) -> String {
        if self.first == self.last {
            self.first.label()
        } else {
            format!("{}..{}", self.first, self.last)
        }
    }

    /// Quota periods of `kind` reported in this report period (see the module doc).
    pub fn quota_periods(&self, kind: PeriodKind) -> Vec<Period> {
        let mut out = Vec::new();
        // Start from the period containing a date early enough that its anchor may
        // fall in range, walk forward until anchors pass the end.
        let mut p = Period::containing(kind, self.start() - Duration::days(7));
        loop {
            let a = p.anchor();
            if a >= self.end() {
                break;
            }
            if self.contains(a) {
                out.push(p);
            }
            p = Period::containing(kind, p.end);
        }
        out
    }

    /// Parse `2026-10`, `2026-W43`, `2026-Q4`, `2026`, or a range `2026-09..2026-11`.
    pub fn parse(s: &str) -> Result<ReportPeriod, String> {
        let s = s.trim();
        if let Some((a, b)) = s.split_once("..") {
            let first = parse_one(a)?;
            let last = parse_one(b)?;
            if first.kind != last.kind {
                return Err(format!(
                    "`{s}`: both ends of a range must be the same kind of period ({} vs {})",
                    first.kind.as_str(),
                    last.kind.as_str()
                ));
            }
            if last.start < first.start {
                return Err(format!("`{s}`: the range ends before it starts"));
            }
            return Ok(ReportPeriod { first, last });
        }
        parse_one(s).map(ReportPeriod::single)
    }
}

fn parse_one(s: &str) -> Result<Period, String> {
    let bad = || {
        format!(
            "`{s}` is not a period; expected `2026-10` (month), `2026-W43` (ISO week), `2026-Q4` (quarter), `2026` (year) or a range such as `2026-09..2026-11`"
        )
    };
    let num = |t: &str| -> Result<u32, String> {
        if !t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()) {
            t.parse::<u32>().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    let (y, rest) = match s.split_once('-') {
        Some((y, r)) => (y, Some(r)),
        None => (s, None),
    };
    if y.len() != 4 {
        return Err(bad());
    }
    let year = num(y)? as i32;
    let date = match rest {
        None => ymd(year, 1, 1).map(|d| Period::containing(PeriodKind::Year, d)),
        Some(r) if r.starts_with('W') || r.starts_with('w') => {
            let w = num(&r[1..])?;
            NaiveDate::from_isoywd_opt(year, w, Weekday::Mon)
                .map(|d| Period::containing(PeriodKind::Week, d))
        }
        Some(r) if r.starts_with('Q') || r.starts_with('q') => {
            let q = num(&r[1..])?;
            if (1..=4).contains(&q) {
                month_start(year, (q - 1) * 3 + 1)
                    .map(|d| Period::containing(PeriodKind::Quarter, d))
            } else {
                None
            }
        }
        Some(r) if r.len() == 2 => {
            month_start(year, num(r)?).map(|d| Period::containing(PeriodKind::Month, d))
        }
        Some(_) => None,
    };
    date.ok_or_else(bad)
}

/// A relative period name resolved against the as-of date (in the organisation's
/// zone): `this-week`, `last-week`, `this-month`, `last-month`, `this-quarter`,
/// `last-quarter`, `this-year`, `last-year`. `None` when `spec` is not one of them.
pub fn resolve_relative(spec: &str, as_of: NaiveDate) -> Option<ReportPeriod> {
    let (kind, back) = match spec.trim() {
        "this-week" => (PeriodKind::Week, false),
        "last-week" => (PeriodKind::Week, true),
        "this-month" => (PeriodKind::Month, false),
        "last-month" => (PeriodKind::Month, true),
        "this-quarter" => (PeriodKind::Quarter, false),
        "last-quarter" => (PeriodKind::Quarter, true),
        "this-year" => (PeriodKind::Year, false),
        "last-year" => (PeriodKind::Year, true),
        _ => return None,
    };
    let current = Period::containing(kind, as_of);
    let p = if back {
        Period::containing(kind, current.start - Duration::days(1))
    } else {
        current
    };
    Some(ReportPeriod::single(p))
}

/// Resolve `--period`: an absolute period or range, or a relative name.
pub fn resolve(spec: &str, as_of: NaiveDate) -> Result<ReportPeriod, String> {
    match resolve_relative(spec, as_of) {
        Some(p) => Ok(p),
        None => ReportPeriod::parse(spec).map_err(|e| {
            format!("{e}, or a relative period: `last-month`, `this-month`, `last-week`, `this-week`, `last-quarter`, `this-quarter`, `last-year`, `this-year`")
        }),
    }
}

#[cfg(test)]
mod relative_tests {
    use super::*;

    #[test]
    fn relative_periods_resolve_against_as_of() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let label = |s: &str, a: NaiveDate| resolve(s, a).unwrap().label();
        assert_eq!(label("last-month", d(2026, 11, 1)), "2026-10");
        assert_eq!(label("last-month", d(2026, 1, 15)), "2025-12");
        assert_eq!(label("this-month", d(2026, 11, 27)), "2026-11");
        assert_eq!(label("last-week", d(2026, 11, 2)), "2026-W44"); // Monday
        assert_eq!(label("last-week", d(2026, 11, 1)), "2026-W43"); // Sunday
        assert_eq!(label("last-quarter", d(2027, 1, 1)), "2026-Q4");
        assert_eq!(label("this-year", d(2026, 6, 1)), "2026");
        assert_eq!(label("2026-W43", d(2026, 6, 1)), "2026-W43");
        assert!(
            resolve("yesterday", d(2026, 6, 1))
                .unwrap_err()
                .ends_with("`last-year`, `this-year`")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn parses_report_periods() {
        let p = ReportPeriod::parse("2026-10").unwrap();
        assert_eq!((p.start(), p.end()), (d(2026, 10, 1), d(2026, 11, 1)));
        let p = ReportPeriod::parse("2026-W43").unwrap();
        assert_eq!((p.start(), p.end()), (d(2026, 10, 19), d(2026, 10, 26)));
        assert_eq!(p.label(), "2026-W43");
        let p = ReportPeriod::parse("2026-Q4").unwrap();
        assert_eq!((p.start(), p.end()), (d(2026, 10, 1), d(2027, 1, 1)));
        let p = ReportPeriod::parse("2026-09..2026-11").unwrap();
        assert_eq!((p.start(), p.end()), (d(2026, 9, 1), d(2026, 12, 1)));
        assert_eq!(p.label(), "2026-09..2026-11");
        // ISO week 1 of 2027 starts in 2026
        let p = ReportPeriod::parse("2027-W01").unwrap();
        assert_eq!(p.start(), d(2027, 1, 4));
        // 2026 starts on a Thursday, so it has 53 ISO weeks; 2025 has 52
        assert_eq!(
            ReportPeriod::parse("2026-W53").unwrap().start(),
            d(2026, 12, 28)
        );
        assert!(ReportPeriod::parse("2025-W53").is_err());
    }

    #[test]
    fn rejects_bad_periods() {
        for bad in [
            "2026-13",
            "2026-Q5",
            "2026-W54",
            "26-10",
            "2026-1",
            "october",
            "",
            "2026-11..2026-09",
        ] {
            assert!(ReportPeriod::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            ReportPeriod::parse("2026-10..2026-Q4").unwrap_err(),
            "`2026-10..2026-Q4`: both ends of a range must be the same kind of period (month vs quarter)"
        );
    }

    #[test]
    fn month_gathers_weeks_by_thursday() {
        let oct = ReportPeriod::parse("2026-10").unwrap();
        let weeks: Vec<String> = oct
            .quota_periods(PeriodKind::Week)
            .iter()
            .map(|p| p.label())
            .collect();
        // 2026-09-28 (Mon) .. 10-04: Thursday 10-01 is October → W40 belongs to October.
        // 2026-10-26 .. 11-01: Thursday 10-29 → W44 belongs to October.
        assert_eq!(
            weeks,
            ["2026-W40", "2026-W41", "2026-W42", "2026-W43", "2026-W44"]
        );
        let nov = ReportPeriod::parse("2026-11").unwrap();
        let weeks: Vec<String> = nov
            .quota_periods(PeriodKind::Week)
            .iter()
            .map(|p| p.label())
            .collect();
        assert_eq!(weeks, ["2026-W45", "2026-W46", "2026-W47", "2026-W48"]);
        assert_eq!(oct.quota_periods(PeriodKind::Month).len(), 1);
        // a quarter closes in December, so October reports none; the quarter report has it
        assert!(oct.quota_periods(PeriodKind::Quarter).is_empty());
        let q4 = ReportPeriod::parse("2026-Q4").unwrap();
        assert_eq!(q4.quota_periods(PeriodKind::Quarter).len(), 1);
        assert_eq!(q4.quota_periods(PeriodKind::Month).len(), 3);
    }

    #[test]
    fn period_containing_and_labels() {
        let p = Period::containing(PeriodKind::Quarter, d(2026, 11, 15));
        assert_eq!(
            (p.start, p.end, p.label()),
            (d(2026, 10, 1), d(2027, 1, 1), "2026-Q4".into())
        );
        let p = Period::containing(PeriodKind::Month, d(2026, 12, 31));
        assert_eq!((p.start, p.end), (d(2026, 12, 1), d(2027, 1, 1)));
        let p = Period::containing(PeriodKind::Week, d(2026, 10, 25));
        assert_eq!((p.start, p.label()), (d(2026, 10, 19), "2026-W43".into()));
    }
}
