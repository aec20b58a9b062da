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
//!
//! **Fiscal calendars.** `fiscal_quarter` and `fiscal_year` follow the `[fiscal]`
//! config: a year starting on the 1st of `start_month`, named by the calendar year
//! in which it *ends* (with `start_month = 2`, FY2027 runs 2026-02-01 .. 2027-01-31;
//! with `start_month = 1` the fiscal year is the calendar year). With
//! `quarters = "4-4-5"` the year starts on the Monday nearest to the 1st of
//! `start_month`, so it has 52 or 53 whole weeks; quarters 1–3 are 13 weeks
//! (4 + 4 + 5) and quarter 4 takes the rest (13 or 14 weeks). Fiscal periods are
//! gathered like months: by the report period that holds their last day.

use std::fmt;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Why a report period (`--period`, a range) was refused; the text is the message the
/// user sees after `--period `.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// Not one of the spellings of a period (the text as given).
    #[error(
        "`{0}` is not a period; expected `2026-10` (month), `2026-W43` (ISO week), `2026-Q4` (quarter), `2026` (year), `FY2027` or `FY2027-Q1` (fiscal) or a range such as `2026-09..2026-11`"
    )]
    NotAPeriod(String),
    /// A range whose ends are periods of different kinds.
    #[error("`{range}`: both ends of a range must be the same kind of period ({first} vs {last})")]
    MixedKinds {
        range: String,
        first: &'static str,
        last: &'static str,
    },
    /// A range whose last period starts before its first.
    #[error("`{0}`: the range ends before it starts")]
    Backwards(String),
    /// `--period` that is neither a period nor a relative name ([`resolve`]).
    #[error(
        "{0}, or a relative period: `last-month`, `this-month`, `last-week`, `this-week`, `last-quarter`, `this-quarter`, `last-year`, `this-year`"
    )]
    NotAbsoluteOrRelative(Box<PeriodError>),
    /// A period naming a year outside [`FIRST_YEAR`]..=[`LAST_YEAR`].
    #[error(
        "`{spec}`: year {year} is outside the years a report can cover, {FIRST_YEAR}..{LAST_YEAR}"
    )]
    YearOutOfRange { spec: String, year: i32 },
    /// A period longer than [`MAX_SPAN_DAYS`].
    #[error(
        "`{spec}` spans {years} years ({days} days); at most {MAX_SPAN_YEARS} years ({max_days} days) can be reported at once"
    )]
    TooLong {
        spec: String,
        years: String,
        days: String,
        max_days: String,
    },
}

/// The first year a report period may name (`--period`) or an `--as-of` date may
/// fall in: the day tables of the timestamp parser cover 1900–2199.
pub const FIRST_YEAR: i32 = 1900;
/// The last year a report period may name or an `--as-of` date may fall in.
pub const LAST_YEAR: i32 = 2199;
/// The longest report period, in years: reporting is monthly, quarterly, yearly; ten
/// years of quota periods is already a long history.
pub const MAX_SPAN_YEARS: u32 = 10;
/// The longest report period in days: ten years, and room for the two 53-week years
/// ten ISO or 4-4-5 fiscal years may hold (522 weeks = 3 654 days).
pub const MAX_SPAN_DAYS: i64 = 3_660;

/// `1234567` → `1,234,567`.
pub(crate) fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub(crate) enum PeriodKind {
    Week,
    Month,
    Quarter,
    Year,
    FiscalQuarter(Fiscal),
    FiscalYear(Fiscal),
}

impl PeriodKind {
    /// Parse a period kind; fiscal kinds take the given fiscal calendar.
    pub(crate) fn parse_with(s: &str, fiscal: Fiscal) -> Option<PeriodKind> {
        Some(match s {
            "week" => PeriodKind::Week,
            "month" => PeriodKind::Month,
            "quarter" => PeriodKind::Quarter,
            "year" => PeriodKind::Year,
            "fiscal_quarter" => PeriodKind::FiscalQuarter(fiscal),
            "fiscal_year" => PeriodKind::FiscalYear(fiscal),
            _ => return None,
        })
    }
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Week => "week",
            PeriodKind::Month => "month",
            PeriodKind::Quarter => "quarter",
            PeriodKind::Year => "year",
            PeriodKind::FiscalQuarter(_) => "fiscal_quarter",
            PeriodKind::FiscalYear(_) => "fiscal_year",
        }
    }
}

/// A fiscal calendar (config `[fiscal]`); see the module doc.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Fiscal {
    /// 1..=12: the month the fiscal year starts in.
    pub(crate) start_month: u32,
    /// Quarters of 4 + 4 + 5 whole weeks instead of 3 calendar months.
    pub(crate) weeks_445: bool,
}

impl Default for Fiscal {
    fn default() -> Self {
        Fiscal {
            start_month: 1,
            weeks_445: false,
        }
    }
}

impl Fiscal {
    /// First day of the fiscal year that (nominally) begins in calendar year `y`.
    pub(crate) fn year_start(&self, y: i32) -> NaiveDate {
        let nominal = month_start(y, self.start_month.clamp(1, 12)).unwrap_or_default();
        if !self.weeks_445 {
            return nominal;
        }
        // the Monday nearest to the nominal start
        let since_monday = nominal.weekday().num_days_from_monday() as i64;
        if since_monday <= 3 {
            nominal - Duration::days(since_monday)
        } else {
            nominal + Duration::days(7 - since_monday)
        }
    }

    /// The fiscal year holding `d`: (nominal begin year, first day, end exclusive).
    pub(crate) fn year_of(&self, d: NaiveDate) -> (i32, NaiveDate, NaiveDate) {
        let mut y = d.year();
        if self.year_start(y) > d {
            y -= 1;
        } else if self.year_start(y + 1) <= d {
            y += 1;
        }
        (y, self.year_start(y), self.year_start(y + 1))
    }

    /// The name of a fiscal year: the calendar year in which it ends.
    pub(crate) fn name(&self, begin_year: i32) -> i32 {
        if self.start_month <= 1 {
            begin_year
        } else {
            begin_year + 1
        }
    }

    /// The fiscal quarter holding `d`: (begin year, quarter 1..=4, start, end exclusive).
    pub(crate) fn quarter_of(&self, d: NaiveDate) -> (i32, u32, NaiveDate, NaiveDate) {
        let (y, ys, ye) = self.year_of(d);
        if self.weeks_445 {
            let q = ((d - ys).num_days() / 91).min(3);
            let start = ys + Duration::days(91 * q);
            let end = if q == 3 {
                ye
            } else {
                start + Duration::days(91)
            };
            (y, q as u32 + 1, start, end)
        } else {
            let months = (d.year() * 12 + d.month() as i32 - 1)
                - (y * 12 + self.start_month.clamp(1, 12) as i32 - 1);
            let q = (months / 3).clamp(0, 3) as u32;
            let (sy, sm) = add_months(y, self.start_month.clamp(1, 12), q * 3);
            let (ey, em) = add_months(sy, sm, 3);
            (
                y,
                q + 1,
                month_start(sy, sm).unwrap_or(d),
                month_start(ey, em).unwrap_or(d),
            )
        }
    }
}

/// One calendar period `[start, end)`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Period {
    pub(crate) kind: PeriodKind,
    pub(crate) start: NaiveDate,
    pub(crate) end: NaiveDate,
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
    pub(crate) fn containing(kind: PeriodKind, date: NaiveDate) -> Period {
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
            PeriodKind::FiscalQuarter(f) => {
                let (_, _, s, e) = f.quarter_of(date);
                (s, e)
            }
            PeriodKind::FiscalYear(f) => {
                let (_, s, e) = f.year_of(date);
                (s, e)
            }
        };
        Period { kind, start, end }
    }

    /// The date that decides which report period this period is reported in.
    pub(crate) fn anchor(&self) -> NaiveDate {
        match self.kind {
            PeriodKind::Week => self.start + Duration::days(3),
            _ => self.end - Duration::days(1),
        }
    }

    pub(crate) fn days(&self) -> i64 {
        (self.end - self.start).num_days()
    }

    /// The period of the same kind just before this one (`2027-W01` → `2026-W53`,
    /// `FY2027-Q1` → `FY2026-Q4`).
    pub(crate) fn prev(&self) -> Period {
        Period::containing(self.kind, self.start - Duration::days(1))
    }

    /// The label used in reports: `2026-W43`, `2026-10`, `2026-Q4`, `2026`.
    pub(crate) fn label(&self) -> String {
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
            PeriodKind::FiscalQuarter(fy) => {
                let (y, q, _, _) = fy.quarter_of(self.start);
                write!(f, "FY{}-Q{q}", fy.name(y))
            }
            PeriodKind::FiscalYear(fy) => {
                let (y, _, _) = fy.year_of(self.start);
                write!(f, "FY{}", fy.name(y))
            }
        }
    }
}

/// The period a report covers: one calendar period or a range of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    /// The last day inside the period (`end` is exclusive).
    pub fn last_day(&self) -> NaiveDate {
        self.end().pred_opt().unwrap_or(self.end())
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

    /// How many periods of its kind the report period spans (1 for a single period).
    pub(crate) fn n_periods(&self) -> usize {
        let mut n = 1;
        let mut p = self.first;
        while p.start < self.last.start {
            p = Period::containing(p.kind, p.end);
            n += 1;
        }
        n
    }

    /// The previous report period: this one shifted back by its own length in its own
    /// kind. `2026-10` → `2026-09`, `2027-W01` → `2026-W53`, `FY2027-Q1` → `FY2026-Q4`,
    /// and a range of n periods → the n periods just before it
    /// (`2026-09..2026-11` → `2026-06..2026-08`).
    pub fn previous(&self) -> ReportPeriod {
        let last = self.first.prev();
        let mut first = last;
        for _ in 1..self.n_periods() {
            first = first.prev();
        }
        ReportPeriod { first, last }
    }

    /// Quota periods of `kind` reported in this report period (see the module doc).
    pub(crate) fn quota_periods(&self, kind: PeriodKind) -> Vec<Period> {
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
    #[cfg(test)]
    pub(crate) fn parse(s: &str) -> Result<ReportPeriod, PeriodError> {
        Self::parse_with(s, Fiscal::default())
    }

    /// Like [`ReportPeriod::parse`], also accepting fiscal periods `FY2027`, `FY2027-Q2`
    /// of the given fiscal calendar.
    pub(crate) fn parse_with(s: &str, fiscal: Fiscal) -> Result<ReportPeriod, PeriodError> {
        let s = s.trim();
        if let Some((a, b)) = s.split_once("..") {
            let (first, first_year) = parse_one(a, fiscal)?;
            let (last, last_year) = parse_one(b, fiscal)?;
            if first.kind != last.kind {
                return Err(PeriodError::MixedKinds {
                    range: s.to_string(),
                    first: first.kind.as_str(),
                    last: last.kind.as_str(),
                });
            }
            if last.start < first.start {
                return Err(PeriodError::Backwards(s.to_string()));
            }
            let p = check_span(s, ReportPeriod { first, last })?;
            check_year(s, first_year)?;
            check_year(s, last_year)?;
            return Ok(p);
        }
        let (p, year) = parse_one(s, fiscal)?;
        check_year(s, year)?;
        Ok(ReportPeriod::single(p))
    }
}

/// One period and the year its text names (`FY2027` names 2027).
fn parse_one(s: &str, fiscal: Fiscal) -> Result<(Period, i32), PeriodError> {
    let bad = || PeriodError::NotAPeriod(s.to_string());
    if let Some(rest) = s.strip_prefix("FY").or_else(|| s.strip_prefix("fy")) {
        let (y, q) = match rest.split_once('-') {
            Some((y, q)) => (y, Some(q)),
            None => (rest, None),
        };
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let name: i32 = y.parse().map_err(|_| bad())?;
        let begin = if fiscal.start_month <= 1 {
            name
        } else {
            name - 1
        };
        let ys = fiscal.year_start(begin);
        return match q {
            None => Ok((Period::containing(PeriodKind::FiscalYear(fiscal), ys), name)),
            Some(q) => {
                let n = q
                    .strip_prefix(['Q', 'q'])
                    .and_then(|n| n.parse::<u32>().ok())
                    .filter(|n| (1..=4).contains(n))
                    .ok_or_else(bad)?;
                let mut p = Period::containing(PeriodKind::FiscalQuarter(fiscal), ys);
                for _ in 1..n {
                    p = Period::containing(p.kind, p.end);
                }
                Ok((p, name))
            }
        };
    }
    let num = |t: &str| -> Result<u32, PeriodError> {
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
    date.map(|p| (p, year)).ok_or_else(bad)
}

/// A year named by a period must be one a report can cover.
fn check_year(spec: &str, year: i32) -> Result<(), PeriodError> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(PeriodError::YearOutOfRange {
            spec: spec.to_string(),
            year,
        })
    }
}

/// A report period no longer than [`MAX_SPAN_DAYS`].
fn check_span(spec: &str, p: ReportPeriod) -> Result<ReportPeriod, PeriodError> {
    let days = (p.end() - p.start()).num_days();
    if days <= MAX_SPAN_DAYS {
        return Ok(p);
    }
    // years of 365.2425 days to one decimal, whole without the `.0` (the days are exact)
    let years = format!("{:.1}", days as f64 / 365.2425);
    let years = match years.strip_suffix(".0") {
        Some(whole) => thousands(whole.parse().unwrap_or(0)),
        None => years,
    };
    Err(PeriodError::TooLong {
        spec: spec.to_string(),
        years,
        days: thousands(days.max(0) as u64),
        max_days: thousands(MAX_SPAN_DAYS as u64),
    })
}

/// A relative period name resolved against the as-of date (in the organisation's
/// zone): `this-week`, `last-week`, `this-month`, `last-month`, `this-quarter`,
/// `last-quarter`, `this-year`, `last-year`. `None` when `spec` is not one of them.
pub(crate) fn resolve_relative(spec: &str, as_of: NaiveDate) -> Option<ReportPeriod> {
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

/// Resolve `--period`: an absolute period or range, or a relative name. Periods name
/// years in [`FIRST_YEAR`]..=[`LAST_YEAR`] and span at most [`MAX_SPAN_DAYS`].
pub fn resolve(spec: &str, as_of: NaiveDate, fiscal: Fiscal) -> Result<ReportPeriod, PeriodError> {
    match resolve_relative(spec, as_of) {
        Some(p) => Ok(p),
        None => ReportPeriod::parse_with(spec, fiscal).map_err(|e| match e {
            // a period that was recognised needs no list of the relative names
            PeriodError::YearOutOfRange { .. } | PeriodError::TooLong { .. } => e,
            e => PeriodError::NotAbsoluteOrRelative(Box::new(e)),
        }),
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
            ReportPeriod::parse("2026-10..2026-Q4")
                .unwrap_err()
                .to_string(),
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
    fn fiscal_year_with_february_start() {
        let f = Fiscal {
            start_month: 2,
            weeks_445: false,
        };
        let y = Period::containing(PeriodKind::FiscalYear(f), d(2026, 10, 15));
        assert_eq!((y.start, y.end), (d(2026, 2, 1), d(2027, 2, 1)));
        assert_eq!(y.label(), "FY2027");
        let q = Period::containing(PeriodKind::FiscalQuarter(f), d(2026, 10, 15));
        assert_eq!(
            (q.start, q.end, q.label()),
            (d(2026, 8, 1), d(2026, 11, 1), "FY2027-Q3".into())
        );
        let q = Period::containing(PeriodKind::FiscalQuarter(f), d(2027, 1, 31));
        assert_eq!(q.label(), "FY2027-Q4");
        let p = ReportPeriod::parse_with("FY2027-Q3", f).unwrap();
        assert_eq!((p.start(), p.end()), (d(2026, 8, 1), d(2026, 11, 1)));
        // the October report gathers FY2027-Q3 (it closes on 31 October)
        let oct = ReportPeriod::parse("2026-10").unwrap();
        let qs = oct.quota_periods(PeriodKind::FiscalQuarter(f));
        assert_eq!(qs.len(), 1);
        assert_eq!(qs[0].label(), "FY2027-Q3");
        // a calendar fiscal year is the calendar year
        let cal = Fiscal::default();
        assert_eq!(
            Period::containing(PeriodKind::FiscalYear(cal), d(2026, 5, 5)).label(),
            "FY2026"
        );
    }

    #[test]
    fn fiscal_445_quarters_are_whole_weeks() {
        let f = Fiscal {
            start_month: 2,
            weeks_445: true,
        };
        // 1 Feb 2026 is a Sunday: the nearest Monday is 2 Feb
        assert_eq!(f.year_start(2026), d(2026, 2, 2));
        // 1 Feb 2027 is a Monday
        assert_eq!(f.year_start(2027), d(2027, 2, 1));
        let y = Period::containing(PeriodKind::FiscalYear(f), d(2026, 10, 15));
        assert_eq!((y.start, y.days()), (d(2026, 2, 2), 364));
        let qs: Vec<(NaiveDate, i64)> = (0..4)
            .scan(
                Period::containing(PeriodKind::FiscalQuarter(f), d(2026, 2, 2)),
                |p, _| {
                    let cur = *p;
                    *p = Period::containing(p.kind, p.end);
                    Some((cur.start, cur.days()))
                },
            )
            .collect();
        assert_eq!(
            qs,
            [
                (d(2026, 2, 2), 91),
                (d(2026, 5, 4), 91),
                (d(2026, 8, 3), 91),
                (d(2026, 11, 2), 91)
            ]
        );
        for (s, _) in &qs {
            assert_eq!(s.weekday(), Weekday::Mon);
        }
        // a 53-week year: 1 Feb 2032 is a Sunday → 2 Feb 2032; 1 Feb 2033 is a Tuesday → 31 Jan 2033
        let y = Period::containing(PeriodKind::FiscalYear(f), d(2032, 6, 1));
        assert_eq!((y.start, y.end), (d(2032, 2, 2), d(2033, 1, 31)));
        assert_eq!(y.days(), 364);
        let f1 = Fiscal {
            start_month: 1,
            weeks_445: true,
        };
        // 1 Jan 2026 is a Thursday → the year starts Monday 29 Dec 2025 and has 53 weeks
        let y = Period::containing(PeriodKind::FiscalYear(f1), d(2026, 6, 1));
        assert_eq!(
            (y.start, y.days(), y.label()),
            (d(2025, 12, 29), 371, "FY2026".into())
        );
        let q4 = Period::containing(PeriodKind::FiscalQuarter(f1), d(2026, 12, 31));
        assert_eq!((q4.days(), q4.label()), (98, "FY2026-Q4".into()));
        // the 3-4 Jan 2027 belong to FY2026 still
        assert_eq!(
            Period::containing(PeriodKind::FiscalQuarter(f1), d(2027, 1, 3)).label(),
            "FY2026-Q4"
        );
    }

    #[test]
    fn previous_period_of_a_month() {
        let prev = |s: &str| ReportPeriod::parse(s).unwrap().previous();
        let p = prev("2026-10");
        assert_eq!(
            (p.label(), p.start(), p.end()),
            ("2026-09".into(), d(2026, 9, 1), d(2026, 10, 1))
        );
        assert_eq!(prev("2027-01").label(), "2026-12");
        assert_eq!(prev("2026").label(), "2025");
    }

    #[test]
    fn previous_period_of_a_week_across_a_year_edge() {
        let prev = |s: &str| ReportPeriod::parse(s).unwrap().previous();
        assert_eq!(prev("2026-W43").label(), "2026-W42");
        // 2026 has 53 ISO weeks: the week before 2027-W01 is 2026-W53 (28 Dec – 3 Jan)
        let p = prev("2027-W01");
        assert_eq!(
            (p.label(), p.start(), p.end()),
            ("2026-W53".into(), d(2026, 12, 28), d(2027, 1, 4))
        );
        // 2025 has 52
        assert_eq!(prev("2026-W01").label(), "2025-W52");
    }

    #[test]
    fn previous_period_of_a_quarter() {
        let prev = |s: &str| ReportPeriod::parse(s).unwrap().previous();
        let p = prev("2026-Q4");
        assert_eq!(
            (p.label(), p.start(), p.end()),
            ("2026-Q3".into(), d(2026, 7, 1), d(2026, 10, 1))
        );
        assert_eq!(prev("2027-Q1").label(), "2026-Q4");
    }

    #[test]
    fn previous_period_of_a_fiscal_445_quarter() {
        let f = Fiscal {
            start_month: 2,
            weeks_445: true,
        };
        let prev = |s: &str| ReportPeriod::parse_with(s, f).unwrap().previous();
        // FY2027-Q3 = 3 Aug – 1 Nov 2026; Q2 = 4 May – 2 Aug, 13 weeks
        let p = prev("FY2027-Q3");
        assert_eq!(
            (p.label(), p.start(), p.end()),
            ("FY2027-Q2".into(), d(2026, 5, 4), d(2026, 8, 3))
        );
        // across the fiscal year edge: FY2027-Q1 starts 2 Feb 2026 → FY2026-Q4
        let p = prev("FY2027-Q1");
        assert_eq!((p.label(), p.end()), ("FY2026-Q4".into(), d(2026, 2, 2)));
        assert_eq!(p.first.start.weekday(), Weekday::Mon);
        assert_eq!(prev("FY2027").label(), "FY2026");
    }

    #[test]
    fn previous_period_of_a_range_is_as_many_periods_before() {
        let prev = |s: &str| ReportPeriod::parse(s).unwrap().previous();
        let r = ReportPeriod::parse("2026-09..2026-11").unwrap();
        assert_eq!(r.n_periods(), 3);
        let p = prev("2026-09..2026-11");
        assert_eq!(
            (p.label(), p.start(), p.end()),
            ("2026-06..2026-08".into(), d(2026, 6, 1), d(2026, 9, 1))
        );
        assert_eq!(p.n_periods(), 3);
        assert_eq!(prev("2027-W01..2027-W02").label(), "2026-W52..2026-W53");
        assert_eq!(prev("2026-Q1..2026-Q2").label(), "2025-Q3..2025-Q4");
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

    #[test]
    fn relative_periods_resolve_against_as_of() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let label = |s: &str, a: NaiveDate| resolve(s, a, Fiscal::default()).unwrap().label();
        assert_eq!(label("last-month", d(2026, 11, 1)), "2026-10");
        assert_eq!(label("last-month", d(2026, 1, 15)), "2025-12");
        assert_eq!(label("this-month", d(2026, 11, 27)), "2026-11");
        assert_eq!(label("last-week", d(2026, 11, 2)), "2026-W44"); // Monday
        assert_eq!(label("last-week", d(2026, 11, 1)), "2026-W43"); // Sunday
        assert_eq!(label("last-quarter", d(2027, 1, 1)), "2026-Q4");
        assert_eq!(label("this-year", d(2026, 6, 1)), "2026");
        assert_eq!(label("2026-W43", d(2026, 6, 1)), "2026-W43");
        assert!(
            resolve("yesterday", d(2026, 6, 1), Fiscal::default())
                .unwrap_err()
                .to_string()
                .ends_with("`last-year`, `this-year`")
        );
    }

    #[test]
    fn ten_years_of_every_kind_fit_and_a_period_more_does_not() {
        let f445 = Fiscal {
            start_month: 2,
            weeks_445: true,
        };
        // 2015 and 2020 have 53 ISO weeks: 522 weeks, 3 654 days
        for (spec, f) in [
            ("2015-W01..2024-W52", Fiscal::default()),
            ("2016-01..2025-12", Fiscal::default()),
            ("2016-Q1..2025-Q4", Fiscal::default()),
            ("2190..2199", Fiscal::default()),
            ("1900..1909", Fiscal::default()),
            ("FY2025..FY2034", f445),
            ("FY2190-Q1..FY2199-Q4", f445),
        ] {
            let p = ReportPeriod::parse_with(spec, f).unwrap();
            assert!(
                p.end() - p.start() <= Duration::days(MAX_SPAN_DAYS),
                "{spec}"
            );
        }
        assert_eq!(
            ReportPeriod::parse("2015-W01..2025-W01")
                .unwrap_err()
                .to_string(),
            "`2015-W01..2025-W01` spans 10 years (3,661 days); at most 10 years (3,660 days) can be reported at once"
        );
        assert_eq!(
            ReportPeriod::parse_with("FY2200", f445)
                .unwrap_err()
                .to_string(),
            "`FY2200`: year 2200 is outside the years a report can cover, 1900..2199"
        );
        // the extremes chrono holds: no panic, an error
        for spec in ["0000", "9999-W52", "0001-Q1..0001-Q4", "FY0000-Q1"] {
            assert!(ReportPeriod::parse_with(spec, f445).is_err(), "{spec}");
        }
        // relative periods at the edges of the years --as-of accepts
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            resolve("last-year", d(1900, 1, 1), f445).unwrap().label(),
            "1899"
        );
        assert_eq!(
            resolve("this-week", d(2199, 12, 31), f445).unwrap().label(),
            "2200-W01"
        );
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(3_652_059), "3,652,059");
    }

    #[test]
    fn error_messages_are_exact() {
        assert_eq!(
            ReportPeriod::parse("2026-11..2026-09")
                .unwrap_err()
                .to_string(),
            "`2026-11..2026-09`: the range ends before it starts"
        );
        assert_eq!(
            resolve("2026-13", NaiveDate::MIN, Fiscal::default())
                .unwrap_err()
                .to_string(),
            "`2026-13` is not a period; expected `2026-10` (month), `2026-W43` (ISO week), `2026-Q4` (quarter), `2026` (year), `FY2027` or `FY2027-Q1` (fiscal) or a range such as `2026-09..2026-11`, or a relative period: `last-month`, `this-month`, `last-week`, `this-week`, `last-quarter`, `this-quarter`, `last-year`, `this-year`"
        );
    }
}
