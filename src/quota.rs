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
    ingest::day_number,
    period::{Period, PeriodKind, ReportPeriod},
    record::{Kind, Metric, RepIdx},
    roster::Rep,
};

/// One cell of the target grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub rep: RepIdx,
    pub metric: Metric,
    pub period: Period,
    /// The prorated target (decimal metrics in 1/10 000 units).
    pub target: u64,
    /// Name of the plan the target came from.
    pub plan: String,
    /// The plan's target before proration.
    pub target_full: u64,
    /// Working days available (plan in force, employed, not absent).
    pub available: u32,
    /// Working days of the period.
    pub working: u32,
    /// Activities count on `[count_start, count_end)`: the days the plan is in force.
    pub count_start: NaiveDate,
    pub count_end: NaiveDate,
    /// Currency of a `won_amount` target.
    pub currency: Option<String>,
    /// With `--as-of`: available working days up to and including the as-of date.
    pub elapsed: Option<u32>,
}

impl Target {
    /// `15/22 working days`.
    pub fn basis(&self) -> String {
        format!("{}/{} working days", self.available, self.working)
    }
}

fn selects(plan: &QuotaPlan, rep: &Rep) -> bool {
    let s = &plan.selector;
    s.rep.as_ref().is_none_or(|r| *r == rep.id)
        && s.team.as_ref().is_none_or(|t| *t == rep.team)
        && s.role.as_ref().is_none_or(|r| *r == rep.role)
}

fn monday(d: NaiveDate) -> NaiveDate {
    d - Duration::days(d.weekday().num_days_from_monday() as i64)
}

/// Tenure week of `d` for a rep hired on `hire`: 1 for the ISO week of the hire date,
/// 0 or less before it.
pub fn tenure_week(hire: NaiveDate, d: NaiveDate) -> i64 {
    (monday(d) - monday(hire)).num_days().div_euclid(7) + 1
}

/// Whether `plan` is effective for `rep` on `d` (dates and tenure; not the selector).
pub fn in_force(plan: &QuotaPlan, rep: &Rep, d: NaiveDate) -> bool {
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
pub fn candidates<'a>(plans: &'a [QuotaPlan], rep: &Rep, metric: Metric) -> Vec<&'a QuotaPlan> {
    let mut v: Vec<&QuotaPlan> = plans
        .iter()
        .filter(|p| selects(p, rep) && p.targets.iter().any(|(m, _)| *m == metric))
        .collect();
    v.sort_by_key(|p| std::cmp::Reverse(p.precedence()));
    v
}

/// The plan in force for `rep` and the candidates' metric on `d`.
pub fn winner<'a>(cands: &[&'a QuotaPlan], rep: &Rep, d: NaiveDate) -> Option<&'a QuotaPlan> {
    cands.iter().copied().find(|p| in_force(p, rep, d))
}

/// Everything plan resolution needs besides the plans.
pub struct Inputs<'a> {
    pub cfg: &'a Config,
    pub reps: &'a [Rep],
    pub absences: &'a Absences,
    /// `--as-of`: the last local day counted in a running period.
    pub as_of: Option<NaiveDate>,
}

/// Build the target grid for every rep and metric.
pub fn grid(inp: &Inputs<'_>, report: &ReportPeriod) -> Vec<Target> {
    let cfg = inp.cfg;
    let mut periods: Vec<(PeriodKind, Vec<Period>)> = Vec::new();
    let mut out = Vec::new();
    for (i, rep) in inp.reps.iter().enumerate() {
        let cal: Option<&Calendar> = cfg.calendar_of(&rep.team);
        for metric in Metric::all() {
            let cands = candidates(&cfg.quotas, rep, metric);
            for plan in &cands {
                let full = plan
                    .targets
                    .iter()
                    .find(|(m, _)| *m == metric)
                    .map_or(0, |(_, t)| *t);
                let ps = match periods.iter().find(|(k, _)| *k == plan.period) {
                    Some((_, ps)) => ps.clone(),
                    None => {
                        let ps = report.quota_periods(plan.period);
                        periods.push((plan.period, ps.clone()));
                        ps
                    }
                };
                for period in ps {
                    let (mut first, mut last) = (None, None);
                    let (mut working, mut available, mut employed_days) = (0u32, 0u32, 0u32);
                    let mut elapsed = 0u32;
                    for d in period.start.iter_days().take(period.days().max(0) as usize) {
                        let mine = winner(&cands, rep, d).is_some_and(|w| std::ptr::eq(w, *plan));
                        let work = is_working(d, cal);
                        working += work as u32;
                        if !mine {
                            continue;
                        }
                        first.get_or_insert(d);
                        last = Some(d);
                        if employed(rep, d) {
                            employed_days += 1;
                            if work && !is_absent(inp.absences, i, d) {
                                available += 1;
                                if inp.as_of.is_some_and(|a| d <= a) {
                                    elapsed += 1;
                                }
                            }
                        }
                    }
                    let (Some(first), Some(last)) = (first, last) else {
                        continue;
                    };
                    if employed_days == 0 {
                        continue;
                    }
                    out.push(Target {
                        rep: i as RepIdx,
                        metric,
                        period,
                        target: prorate(full, available, working),
                        plan: plan.name.clone(),
                        target_full: full,
                        available,
                        working,
                        count_start: first,
                        count_end: last + Duration::days(1),
                        currency: (metric == Metric::WonAmount)
                            .then(|| plan.currency.clone().or_else(|| cfg.currency.clone()))
                            .flatten(),
                        elapsed: inp.as_of.map(|_| elapsed),
                    });
                }
            }
        }
    }
    out
}

/// Counting windows `[start, end)` in local day numbers, indexed `rep * 6 + kind`:
/// the span of the rep's counted days for kinds with a target, else the report period.
pub fn windows(grid: &[Target], n_reps: usize, report: &ReportPeriod) -> Vec<(i32, i32)> {
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
/// that of the most specific plan selecting them that sets `currency`, else the
/// config's `currency`.
pub fn currencies(cfg: &Config, reps: &[Rep], grid: &[Target]) -> Vec<Option<String>> {
    let mut out: Vec<Option<String>> = reps
        .iter()
        .map(|rep| {
            cfg.quotas
                .iter()
                .filter(|p| p.currency.is_some() && selects(p, rep))
                .max_by_key(|p| p.precedence())
                .and_then(|p| p.currency.clone())
                .or_else(|| cfg.currency.clone())
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
