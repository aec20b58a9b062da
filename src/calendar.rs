//! Working days: weekends, public holidays per calendar (config `[[calendar]]`,
//! mapped to teams by `team_calendars`), and rep absences (`absences` CSV).
//!
//! Proration: a target is scaled by the working days on which the rep is available
//! (employed between `hire_date` and `exit_date`, not absent, and the plan in force)
//! out of the working days of the quota period:
//! `round_half_up(target × available ÷ working)`, in integers.

use std::{collections::BTreeSet, fmt::Write as _, path::Path};

use chrono::{Datelike, NaiveDate, Weekday};

use crate::{error::Failure, roster::Roster};

/// A named set of public holidays. Saturdays and Sundays are never working days.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Calendar {
    pub name: String,
    pub holidays: BTreeSet<NaiveDate>,
}

/// Whether `d` is a working day: Monday to Friday and not a holiday of `cal`.
pub fn is_working(d: NaiveDate, cal: Option<&Calendar>) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
        && cal.is_none_or(|c| !c.holidays.contains(&d))
}

/// `round_half_up(target × available ÷ working)`; the full target when `working` is 0.
pub fn prorate(target: u64, available: u32, working: u32) -> u64 {
    if working == 0 || available >= working {
        return target;
    }
    let w = working as u128;
    ((2 * target as u128 * available as u128 + w) / (2 * w)) as u64
}

/// Absences per rep (roster order): inclusive `[from, to]` date ranges.
pub type Absences = Vec<Vec<(NaiveDate, NaiveDate)>>;

pub fn is_absent(absences: &Absences, rep: usize, d: NaiveDate) -> bool {
    absences
        .get(rep)
        .is_some_and(|v| v.iter().any(|(f, t)| *f <= d && d <= *t))
}

/// Load the absences CSV (`rep_id,from,to`, dates `YYYY-MM-DD`, `to` inclusive);
/// every problem is reported at once with file:line.
pub fn load_absences(path: &Path, roster: &Roster) -> Result<Absences, Failure> {
    let bytes = std::fs::read(path).map_err(|e| {
        Failure::config(format!(
            "cannot read absences `{}` (config key `absences`): {e}",
            path.display()
        ))
    })?;
    parse_absences(path, &bytes, roster)
}

pub fn parse_absences(path: &Path, bytes: &[u8], roster: &Roster) -> Result<Absences, Failure> {
    let crate::sources::decode::SmallCsv { headers, records } =
        crate::sources::decode::small_csv(path, bytes, "absences")?;
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let mut problems = Vec::new();
    let mut out: Absences = vec![Vec::new(); roster.len()];
    let (i_rep, i_from, i_to) = (col("rep_id"), col("from"), col("to"));
    if let (Some(i_rep), Some(i_from), Some(i_to)) = (i_rep, i_from, i_to) {
        for rec in records {
            let rec = match rec {
                Ok(r) => r,
                Err(e) => {
                    problems.push(e.to_string());
                    continue;
                }
            };
            let line = rec.position().map_or(0, |p| p.line());
            if rec.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let get = |i: usize| rec.get(i).unwrap_or("").trim();
            let id = get(i_rep);
            let Some(rep) = roster.resolve(crate::config::IdField::RepId, id) else {
                problems.push(format!("line {line}: unknown rep_id `{id}`"));
                continue;
            };
            let date = |i: usize, name: &str, problems: &mut Vec<String>| {
                let v = get(i);
                NaiveDate::parse_from_str(v, "%Y-%m-%d")
                    .map_err(|_| {
                        problems.push(format!(
                            "line {line}: `{name}` `{v}` is not a date; expected YYYY-MM-DD"
                        ))
                    })
                    .ok()
            };
            let from = date(i_from, "from", &mut problems);
            let to = date(i_to, "to", &mut problems);
            if let (Some(f), Some(t)) = (from, to) {
                if t < f {
                    problems.push(format!("line {line}: `to` {t} is before `from` {f}"));
                } else if let Some(v) = out.get_mut(rep as usize) {
                    v.push((f, t));
                }
            }
        }
    } else {
        problems.push(format!(
            "expected the columns `rep_id`, `from`, `to`; header has {}",
            headers
                .iter()
                .map(|h| format!("`{h}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if problems.is_empty() {
        return Ok(out);
    }
    let mut msg = format!(
        "{} problem{} in absences `{}`",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        path.display()
    );
    for p in &problems {
        let _ = write!(msg, "\n  --> {p}");
    }
    Err(Failure::config(msg))
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
