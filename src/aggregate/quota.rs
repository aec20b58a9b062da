//! Quota plans → the target grid: for each rep and metric, the quota periods this
//! report covers, the plan in force and the (prorated) target of each.
//!
//! **Which plan is in force.** Per rep, metric and local day, the plan in force is
//! the most specific plan that selects the rep, sets a target for the metric and is
//! effective that day: `from ≤ day ≤ until`, and for ramp plans the day's tenure
//! week within `tenure_weeks` (tenure week 1 is the ISO week holding the hire date;
//! week 2 the next, …). Precedence: rep > tenure (ramp) > team + role > team > role
//! > everyone; a later plan wins a tie.
//!
//! **Which quota periods.** A plan's quota periods are those its report period
//! gathers (see [`crate::period`]). A period is reported for the plan if the plan is
//! in force on at least one day of it on which the rep is employed. Its activities
//! are counted from the first to the last day the plan is in force in it, so a ramp
//! week and the following normal month never count the same day twice.
//!
//! **Proration.** `target = round_half_up(full × available ÷ working)`, where
//! `working` are the working days of the period (Mon–Fri minus the rep's team's
//! holidays) and `available` those of them on which the plan is in force, the rep is
//! employed (`hire_date ≤ day ≤ exit_date`) and not absent.

use chrono::{Datelike, Duration, NaiveDate};

use crate::{
    calendar::{Absences, Calendar, is_absent, is_working, prorate},
    config::{Config, QuotaPlan},
    error::Failure,
    model::day::day_number,
    model::{Kind, Metric, RepIdx},
    period::{Period, PeriodKind, ReportPeriod, thousands},
    roster::Rep,
};

/// One cell of the target grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub(crate) rep: RepIdx,
    pub(crate) metric: Metric,
    pub(crate) period: Period,
    /// The prorated target (decimal metrics in 1/10 000 units).
    pub(crate) target: u64,
    /// Name of the plan the target came from.
    pub(crate) plan: String,
    /// The plan's target before proration.
    pub(crate) target_full: u64,
    /// Working days available (plan in force, employed, not absent).
    pub(crate) available: u32,
    /// Working days of the period.
    pub(crate) working: u32,
    /// Activities count on `[count_start, count_end)`: the days the plan is in force.
    pub(crate) count_start: NaiveDate,
    pub(crate) count_end: NaiveDate,
    /// Currency of a `won_amount` target.
    pub(crate) currency: Option<String>,
    /// With `--as-of`: available working days up to and including the as-of date.
    pub(crate) elapsed: Option<u32>,
}

fn selects(plan: &QuotaPlan, rep: &Rep) -> bool {
    let s = &plan.selector;
    s.rep.as_ref().is_none_or(|ids| ids.contains(&rep.id))
        && s.team.as_ref().is_none_or(|t| *t == rep.team)
        && s.role.as_ref().is_none_or(|r| *r == rep.role)
}

fn monday(d: NaiveDate) -> NaiveDate {
    d - Duration::days(d.weekday().num_days_from_monday() as i64)
}

/// Tenure week of `d` for a rep hired on `hire`: 1 for the ISO week of the hire date,
/// 0 or less before it.
pub(crate) fn tenure_week(hire: NaiveDate, d: NaiveDate) -> i64 {
    (monday(d) - monday(hire)).num_days().div_euclid(7) + 1
}

/// Whether `plan` is effective for `rep` on `d` (dates and tenure; not the selector).
pub(crate) fn in_force(plan: &QuotaPlan, rep: &Rep, d: NaiveDate) -> bool {
    plan.from.is_none_or(|f| f <= d)
        && plan.until.is_none_or(|u| d <= u)
        && plan.tenure_weeks.is_none_or(|(a, b)| {
            rep.hire_date.is_some_and(|h| {
                let w = tenure_week(h, d);
                a as i64 <= w && w <= b as i64
            })
        })
}

fn employed(rep: &Rep, d: NaiveDate) -> bool {
    rep.hire_date.is_none_or(|h| h <= d) && rep.exit_date.is_none_or(|x| d <= x)
}

/// Plans that select `rep` and set `metric`, highest precedence first.
pub(crate) fn candidates<'a>(
    plans: &'a [QuotaPlan],
    rep: &Rep,
    metric: Metric,
) -> Vec<&'a QuotaPlan> {
    let mut v: Vec<&QuotaPlan> = plans
        .iter()
        .filter(|p| selects(p, rep) && p.targets.iter().any(|(m, _)| *m == metric))
        .collect();
    v.sort_by_key(|p| std::cmp::Reverse(p.precedence()));
    v
}

/// The plan in force for `rep` and the candidates' metric on `d`.
pub(crate) fn winner<'a>(
    cands: &[&'a QuotaPlan],
    rep: &Rep,
    d: NaiveDate,
) -> Option<&'a QuotaPlan> {
    cands.iter().copied().find(|p| in_force(p, rep, d))
}

/// Everything plan resolution needs besides the plans.
pub(crate) struct Inputs<'a> {
    pub(crate) cfg: &'a Config,
    pub(crate) reps: &'a [Rep],
    pub(crate) absences: &'a Absences,
    /// `--as-of`: the last local day counted in a running period.
    pub(crate) as_of: Option<NaiveDate>,
}

/// Whether a plan is in force on every day (no dates, no tenure weeks).
fn unconditional(plan: &QuotaPlan) -> bool {
    plan.from.is_none() && plan.until.is_none() && plan.tenure_weeks.is_none()
}

/// The days of a quota period for one rep and plan.
#[derive(Clone, Copy, Debug)]
struct Days {
    /// The first and last day the plan is in force.
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    /// Working days of the period.
    working: u32,
    /// Working days the plan is in force, the rep employed and not absent.
    available: u32,
    /// Days the plan is in force and the rep employed.
    employed_days: u32,
    /// Available days up to the as-of date.
    elapsed: u32,
}

/// Count the days of `period` for rep `i`, on which `mine` says the plan is in force.
fn count_days(
    inp: &Inputs<'_>,
    i: usize,
    rep: &Rep,
    cal: Option<&Calendar>,
    period: &Period,
    mine: impl Fn(NaiveDate) -> bool,
) -> Days {
    let mut n = Days {
        first: None,
        last: None,
        working: 0,
        available: 0,
        employed_days: 0,
        elapsed: 0,
    };
    for d in period.start.iter_days().take(period.days().max(0) as usize) {
        let work = is_working(d, cal);
        n.working += work as u32;
        if !mine(d) {
            continue;
        }
        n.first.get_or_insert(d);
        n.last = Some(d);
        if employed(rep, d) {
            n.employed_days += 1;
            if work && !is_absent(inp.absences, i, d) {
                n.available += 1;
                if inp.as_of.is_some_and(|a| d <= a) {
                    n.elapsed += 1;
                }
            }
        }
    }
    n
}

/// The most cells a target grid may have (README, *Limits*). Measured on a grid just
/// under it (1 915 reps × 522 weekly periods = 999 630 cells, period over period on):
/// `check` peaks at 270 MiB resident (two grids: ≈ 140 bytes per cell), a `run` writing
/// every report at [`GRID_MIB_AT_BOUND`] MiB (`/usr/bin/time -f %M`).
pub(crate) const MAX_GRID_CELLS: u64 = 1_000_000;
/// Peak resident memory (MiB) of a `run` whose grid is just under [`MAX_GRID_CELLS`].
pub(crate) const GRID_MIB_AT_BOUND: u64 = 780;

/// The quota periods of each plan's period kind.
fn plan_periods(cfg: &Config, report: &ReportPeriod) -> Vec<(PeriodKind, Vec<Period>)> {
    let mut periods: Vec<(PeriodKind, Vec<Period>)> = Vec::new();
    for plan in &cfg.quotas {
        if !periods.iter().any(|(k, _)| *k == plan.period) {
            periods.push((plan.period, report.quota_periods(plan.period)));
        }
    }
    periods
}

/// Refuse a grid over [`MAX_GRID_CELLS`] before building it. The count is the grid's
/// upper bound: every period of every plan that selects a rep and sets a metric (the
/// first plan only when it is in force every day), before employment dates drop any.
pub(crate) fn check_size(inp: &Inputs<'_>, report: &ReportPeriod) -> Result<(), Failure> {
    let periods = plan_periods(inp.cfg, report);
    let n_of = |k: PeriodKind| {
        periods
            .iter()
            .find(|(kind, _)| *kind == k)
            .map_or(0, |(_, ps)| ps.len() as u64)
    };
    let mut cells = 0u64;
    let mut reps = 0u64;
    for rep in inp.reps {
        let before = cells;
        for metric in Metric::all() {
            let cands = candidates(&inp.cfg.quotas, rep, metric);
            match cands.first() {
                None => {}
                Some(p) if unconditional(p) => cells += n_of(p.period),
                Some(_) => cells += cands.iter().map(|p| n_of(p.period)).sum::<u64>(),
            }
        }
        reps += (cells > before) as u64;
    }
    if cells <= MAX_GRID_CELLS {
        return Ok(());
    }
    let kinds: Vec<String> = periods
        .iter()
        .map(|(k, ps)| format!("{} {}", thousands(ps.len() as u64), k.as_str()))
        .collect();
    Err(Failure::config(format!(
        "the quota grid of --period `{}` would have {} cells ({} reps with a plan × their metrics × quota periods: {}); at most {} cells can be built at once (about {} MiB): report a shorter period, or split the roster",
        report.label(),
        thousands(cells),
        thousands(reps),
        kinds.join(", "),
        thousands(MAX_GRID_CELLS),
        GRID_MIB_AT_BOUND,
    )))
}

/// Build the target grid for every rep and metric.
pub(crate) fn grid(inp: &Inputs<'_>, report: &ReportPeriod) -> Vec<Target> {
    let cfg = inp.cfg;
    let periods = plan_periods(cfg, report);
    let mut out = Vec::new();
    // per rep: the day counts of each period when a plan is in force every day
    let mut memo: Vec<(Period, Days)> = Vec::new();
    for (i, rep) in inp.reps.iter().enumerate() {
        memo.clear();
        let cal: Option<&Calendar> = cfg.calendar_of(&rep.team);
        for metric in Metric::all() {
            let cands = candidates(&cfg.quotas, rep, metric);
            for plan in &cands {
                let full = plan
                    .targets
                    .iter()
                    .find(|(m, _)| *m == metric)
                    .map_or(0, |(_, t)| *t);
                let ps = periods
                    .iter()
                    .find(|(k, _)| *k == plan.period)
                    .map_or(&[][..], |(_, ps)| ps.as_slice());
                // the most specific plan is in force every day: it wins every day of
                // every period, the others none (the usual case: no dates, no ramp)
                let always = std::ptr::eq(*plan, cands[0]) && unconditional(plan);
                if !always && unconditional(cands[0]) {
                    continue;
                }
                for period in ps {
                    let days = if always {
                        match memo.iter().find(|(p, _)| p == period) {
                            Some((_, d)) => *d,
                            None => {
                                let d = count_days(inp, i, rep, cal, period, |_| true);
                                memo.push((*period, d));
                                d
                            }
                        }
                    } else {
                        count_days(inp, i, rep, cal, period, |d| {
                            winner(&cands, rep, d).is_some_and(|w| std::ptr::eq(w, *plan))
                        })
                    };
                    let Days {
                        first,
                        last,
                        working,
                        available,
                        employed_days,
                        elapsed,
                    } = days;
                    let (Some(first), Some(last)) = (first, last) else {
                        continue;
                    };
                    if employed_days == 0 {
                        continue;
                    }
                    out.push(Target {
                        rep: i as RepIdx,
                        metric,
                        period: *period,
                        target: prorate(full, available, working),
                        plan: plan.name.clone(),
                        target_full: full,
                        available,
                        working,
                        count_start: first,
                        count_end: last + Duration::days(1),
                        currency: (metric == Metric::WonAmount)
                            .then(|| {
                                plan.currency
                                    .clone()
                                    .or_else(|| cfg.currency_of(&rep.team).cloned())
                            })
                            .flatten(),
                        elapsed: inp.as_of.map(|_| elapsed),
                    });
                }
            }
        }
    }
    out.sort_by_key(|t| (t.rep, t.period.start, t.metric, t.count_start));
    out
}

/// Counting windows `[start, end)` in local day numbers, indexed `rep * 6 + kind`:
/// the span of the rep's counted days for kinds with a target, else the report period.
pub(crate) fn windows(grid: &[Target], n_reps: usize, report: &ReportPeriod) -> Vec<(i32, i32)> {
    let base = (day_number(report.start()), day_number(report.end()));
    let mut w = vec![None::<(i32, i32)>; n_reps * Kind::ALL.len()];
    for t in grid {
        let Some(slot) = w.get_mut(t.rep as usize * Kind::ALL.len() + t.metric.kind().index())
        else {
            continue;
        };
        let (s, e) = (day_number(t.count_start), day_number(t.count_end));
        *slot = Some(match *slot {
            None => (s, e),
            Some((a, b)) => (a.min(s), b.max(e)),
        });
    }
    w.into_iter().map(|x| x.unwrap_or(base)).collect()
}

/// The currency of each rep's won amounts: that of their `won_amount` target, else
/// that of the most specific plan selecting them that sets `currency`, else their
/// team's (`[teams.NAME] currency`), else the config's `currency`.
pub(crate) fn currencies(cfg: &Config, reps: &[Rep], grid: &[Target]) -> Vec<Option<String>> {
    let mut out: Vec<Option<String>> = reps
        .iter()
        .map(|rep| {
            cfg.quotas
                .iter()
                .filter(|p| p.currency.is_some() && selects(p, rep))
                .max_by_key(|p| p.precedence())
                .and_then(|p| p.currency.clone())
                .or_else(|| cfg.currency_of(&rep.team).cloned())
        })
        .collect();
    for t in grid.iter().rev() {
        if t.metric == Metric::WonAmount
            && let (Some(slot), Some(c)) = (out.get_mut(t.rep as usize), &t.currency)
        {
            *slot = Some(c.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    /// `15/22 working days`: the basis as the tests spell it.
    fn basis(t: &Target) -> String {
        format!("{}/{} working days", t.available, t.working)
    }

    use super::*;
    use std::path::Path;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cfg(plans: &str) -> Config {
        let text = format!(
            r#"timezone = "Europe/Warsaw"
roster = "roster.csv"
team_calendars = {{ Warszawa = "PL" }}
[[calendar]]
name = "PL"
holidays = ["2026-11-11"]
[[source]]
name = "phone"
kind = "call"
files = ["calls.csv"]
rep = {{ column = "who", match = "email" }}
timestamp = {{ column = "at", format = "iso8601", zone = "UTC" }}
{plans}"#
        );
        Config::parse(Path::new("c.toml"), &text, Vec::new()).unwrap()
    }

    fn rep(id: &str, role: &str, hire: Option<NaiveDate>, exit: Option<NaiveDate>) -> Rep {
        Rep {
            id: id.into(),
            name: id.into(),
            team: "Warszawa".into(),
            role: role.into(),
            tz: chrono_tz::Europe::Warsaw,
            hire_date: hire,
            exit_date: exit,
            country: None,
        }
    }

    fn run(cfg: &Config, reps: &[Rep], absences: &Absences, period: &str) -> Vec<Target> {
        grid(
            &Inputs {
                cfg,
                reps,
                absences,
                as_of: None,
            },
            &ReportPeriod::parse(period).unwrap(),
        )
    }

    fn rows(g: &[Target]) -> Vec<String> {
        g.iter()
            .map(|t| {
                format!(
                    "{} {} {} {}/{} {}",
                    t.period,
                    t.metric,
                    t.plan,
                    t.target,
                    t.target_full,
                    basis(t)
                )
            })
            .collect()
    }

    const PLANS: &str = r#"
[[quota]]
name = "ae"
role = "ae"
period = "month"
targets = { call = 60, email = 70 }
[[quota]]
name = "ramp"
role = "ae"
tenure_weeks = [1, 4]
period = "week"
targets = { call = 15 }
"#;

    #[test]
    fn tenure_weeks_start_with_the_iso_week_of_the_hire_date() {
        let hire = d(2026, 10, 13); // a Tuesday in W42
        assert_eq!(tenure_week(hire, d(2026, 10, 12)), 1);
        assert_eq!(tenure_week(hire, d(2026, 10, 18)), 1);
        assert_eq!(tenure_week(hire, d(2026, 10, 19)), 2);
        assert_eq!(tenure_week(hire, d(2026, 10, 11)), 0);
        assert_eq!(tenure_week(hire, d(2027, 1, 4)), 13);
    }

    #[test]
    fn ramp_replaces_the_role_plan_then_hands_back() {
        let c = cfg(PLANS);
        let r = [rep("A", "ae", Some(d(2026, 10, 13)), None)];
        let none = vec![Vec::new()];
        // October: the monthly call target is in force only before the hire week → dropped;
        // ramp weeks W42 (hired Tuesday: 4/5) .. W44; email monthly, prorated on hire.
        assert_eq!(
            rows(&run(&c, &r, &none, "2026-10")),
            [
                "2026-10 email ae 45/70 14/22 working days",
                "2026-W42 call ramp 12/15 4/5 working days",
                "2026-W43 call ramp 15/15 5/5 working days",
                "2026-W44 call ramp 15/15 5/5 working days",
            ]
        );
        // November: ramp week 4 is W45 (2–8 Nov); from 9 Nov the monthly plan is back,
        // counted from 9 Nov, prorated on its working days (11 Nov is a PL holiday).
        let g = run(&c, &r, &none, "2026-11");
        assert_eq!(
            rows(&g),
            [
                "2026-11 call ae 45/60 15/20 working days",
                "2026-11 email ae 70/70 20/20 working days",
                "2026-W45 call ramp 15/15 5/5 working days",
            ]
        );
        assert_eq!(g[0].count_start, d(2026, 11, 9));
        assert_eq!(g[0].count_end, d(2026, 12, 1));
        assert_eq!(g[1].count_start, d(2026, 11, 1));
    }

    #[test]
    fn precedence_rep_over_tenure_over_team_role_over_role() {
        let c = cfg(&format!(
            "{PLANS}
[[quota]]
name = \"team ae\"
team = \"Warszawa\"
role = \"ae\"
period = \"month\"
targets = {{ call = 50 }}
[[quota]]
name = \"just A\"
rep = \"A\"
period = \"month\"
targets = {{ call = 40 }}
"
        ));
        let r = [
            rep("A", "ae", Some(d(2026, 10, 13)), None),
            rep("B", "ae", Some(d(2026, 10, 13)), None),
            rep("C", "ae", None, None),
        ];
        let none = vec![Vec::new(); 3];
        let g = run(&c, &r, &none, "2026-10");
        let of = |i: u32| -> Vec<String> {
            g.iter()
                .filter(|t| t.rep == i && t.metric == Metric::Count(Kind::Call))
                .map(|t| format!("{} {}", t.period, t.plan))
                .collect()
        };
        assert_eq!(of(0), ["2026-10 just A"]);
        assert_eq!(of(1), ["2026-W42 ramp", "2026-W43 ramp", "2026-W44 ramp"]);
        assert_eq!(of(2), ["2026-10 team ae"]);
    }

    #[test]
    fn effective_dates_split_a_period_without_double_counting() {
        let c = cfg(r#"
[[quota]]
name = "old"
role = "ae"
period = "month"
until = "2026-10-15"
targets = { call = 44 }
[[quota]]
name = "new"
role = "ae"
period = "month"
from = "2026-10-16"
targets = { call = 66 }
"#);
        let r = [rep("A", "ae", None, None)];
        let g = run(&c, &r, &vec![Vec::new()], "2026-10");
        assert_eq!(
            rows(&g),
            [
                "2026-10 call old 22/44 11/22 working days",
                "2026-10 call new 33/66 11/22 working days",
            ]
        );
        assert_eq!(
            (g[0].count_start, g[0].count_end),
            (d(2026, 10, 1), d(2026, 10, 16))
        );
        assert_eq!(
            (g[1].count_start, g[1].count_end),
            (d(2026, 10, 16), d(2026, 11, 1))
        );
    }

    #[test]
    fn exit_and_absence_prorate_and_leavers_drop_out() {
        let c = cfg(PLANS);
        let r = [
            rep("X", "ae", None, Some(d(2026, 10, 9))), // left after 7 working days
            rep("L", "ae", None, None),
            rep("Gone", "ae", None, Some(d(2026, 9, 30))),
        ];
        let abs = vec![
            Vec::new(),
            vec![(d(2026, 10, 19), d(2026, 10, 25))], // Mon–Sun: 5 working days off
            Vec::new(),
        ];
        let g = run(&c, &r, &abs, "2026-10");
        let of = |i: u32| -> Vec<String> {
            rows(&g.iter().filter(|t| t.rep == i).cloned().collect::<Vec<_>>())
        };
        assert_eq!(
            of(0),
            [
                "2026-10 call ae 19/60 7/22 working days",
                "2026-10 email ae 22/70 7/22 working days",
            ]
        );
        assert_eq!(
            of(1),
            [
                "2026-10 call ae 46/60 17/22 working days",
                "2026-10 email ae 54/70 17/22 working days",
            ]
        );
        assert!(of(2).is_empty());
    }

    #[test]
    fn weekly_and_monthly_people_in_one_report_with_fiscal_quarters() {
        let c = cfg(r#"
[fiscal]
start_month = 2
quarters = "4-4-5"
[[quota]]
name = "probation"
role = "probation"
period = "week"
targets = { call = 250 }
[[quota]]
name = "fq"
role = "ae"
period = "fiscal_quarter"
targets = { call = 600 }
"#);
        let r = [
            rep("P", "probation", None, None),
            rep("A", "ae", None, None),
        ];
        let none = vec![Vec::new(); 2];
        // FY2027-Q3 of a Feb 4-4-5 calendar is 3 Aug .. 1 Nov 2026: it closes in November
        let g = run(&c, &r, &none, "2026-11");
        let labels: Vec<String> = g
            .iter()
            .map(|t| format!("{} {}", t.rep, t.period))
            .collect();
        assert_eq!(
            labels,
            [
                "0 2026-W45",
                "0 2026-W46",
                "0 2026-W47",
                "0 2026-W48",
                "1 FY2027-Q3"
            ]
        );
        // W46 holds 11 Nov (PL holiday): 4 working days, full target
        assert_eq!(
            (g[1].target, basis(&g[1])),
            (250, "4/4 working days".into())
        );
    }
}
