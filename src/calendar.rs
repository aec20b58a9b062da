//! Working days: weekends, public holidays per calendar (config `[[calendar]]`,
//! mapped to teams by `team_calendars`), and rep absences (`absences` CSV, read by
//! `roster::absences`). Pure: imports nothing of the crate.
//!
//! Proration: a target is scaled by the working days on which the rep is available
//! (employed between `hire_date` and `exit_date`, not absent, and the plan in force)
//! out of the working days of the quota period:
//! `round_half_up(target × available ÷ working)`, in integers.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};

/// A named set of public holidays. Saturdays and Sundays are never working days.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Calendar {
    pub(crate) name: String,
    pub(crate) holidays: BTreeSet<NaiveDate>,
}

/// Whether `d` is a working day: Monday to Friday and not a holiday of `cal`.
pub(crate) fn is_working(d: NaiveDate, cal: Option<&Calendar>) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
        && cal.is_none_or(|c| !c.holidays.contains(&d))
}

/// `round_half_up(target × available ÷ working)`; the full target when `working` is 0.
pub(crate) fn prorate(target: u64, available: u32, working: u32) -> u64 {
    if working == 0 || available >= working {
        return target;
    }
    let w = working as u128;
    ((2 * target as u128 * available as u128 + w) / (2 * w)) as u64
}

/// Absences per rep (roster order): inclusive `[from, to]` date ranges.
pub(crate) type Absences = Vec<Vec<(NaiveDate, NaiveDate)>>;

/// Whether rep `rep` is absent on `d`.
pub(crate) fn is_absent(absences: &Absences, rep: usize, d: NaiveDate) -> bool {
    absences
        .get(rep)
        .is_some_and(|v| v.iter().any(|(f, t)| *f <= d && d <= *t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn proration_rounds_half_up_on_exact_value() {
        assert_eq!(prorate(60, 15, 22), 41); // 40.909
        assert_eq!(prorate(70, 15, 22), 48); // 47.727
        assert_eq!(prorate(25, 15, 22), 17); // 17.045
        assert_eq!(prorate(15, 4, 5), 12);
        assert_eq!(prorate(10, 1, 4), 3); // 2.5 → 3
        assert_eq!(prorate(10, 0, 4), 0);
        assert_eq!(prorate(10, 4, 4), 10);
        assert_eq!(prorate(10, 0, 0), 10);
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let pl = Calendar {
            name: "PL".into(),
            holidays: [d(2026, 11, 11)].into_iter().collect(),
        };
        assert!(is_working(d(2026, 11, 10), Some(&pl)));
        assert!(!is_working(d(2026, 11, 11), Some(&pl)));
        assert!(is_working(d(2026, 11, 11), None));
        assert!(!is_working(d(2026, 11, 1), None)); // a Sunday
        let oct: Vec<NaiveDate> = d(2026, 10, 1).iter_days().take(31).collect();
        assert_eq!(oct.iter().filter(|x| is_working(**x, None)).count(), 22);
    }
}
