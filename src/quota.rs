//! Quota plans → the target grid: for each rep and kind, the quota periods this
//! report covers and the target of each.

use crate::{
    config::QuotaPlan,
    ingest::day_number,
    period::{Period, ReportPeriod},
    record::{Kind, RepIdx},
    roster::Rep,
};

/// One cell of the target grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub rep: RepIdx,
    pub kind: Kind,
    pub period: Period,
    pub target: u64,
    /// Name of the plan the target came from.
    pub plan: String,
}

fn selects(plan: &QuotaPlan, rep: &Rep) -> bool {
    let s = &plan.selector;
    s.rep.as_ref().is_none_or(|r| *r == rep.id)
        && s.team.as_ref().is_none_or(|t| *t == rep.team)
        && s.role.as_ref().is_none_or(|r| *r == rep.role)
}

fn effective(plan: &QuotaPlan, p: &Period) -> bool {
    plan.from.is_none_or(|f| f < p.end) && plan.until.is_none_or(|u| u >= p.start)
}

/// The plan that sets `kind` for `rep` in the report period: the most specific
/// one (rep > team + role > team > role > everyone), later in the config on a tie.
pub fn plan_for<'a>(
    plans: &'a [QuotaPlan],
    rep: &Rep,
    kind: Kind,
    report: &ReportPeriod,
) -> Option<&'a QuotaPlan> {
    let whole = Period {
        kind: report.first.kind,
        start: report.start(),
        end: report.end(),
    };
    plans
        .iter()
        .filter(|p| {
            selects(p, rep) && effective(p, &whole) && p.targets.iter().any(|(k, _)| *k == kind)
        })
        .max_by_key(|p| (p.selector.specificity(), p.order))
}

/// Build the target grid for every rep and kind.
pub fn grid(plans: &[QuotaPlan], reps: &[Rep], report: &ReportPeriod) -> Vec<Target> {
    let mut out = Vec::new();
    for (i, rep) in reps.iter().enumerate() {
        for kind in Kind::ALL {
            let Some(plan) = plan_for(plans, rep, kind, report) else {
                continue;
            };
            let target = plan
                .targets
                .iter()
                .find(|(k, _)| *k == kind)
                .map_or(0, |(_, t)| *t);
            for period in report.quota_periods(plan.period) {
                if !effective(plan, &period) {
                    continue;
                }
                out.push(Target {
                    rep: i as RepIdx,
                    kind,
                    period,
                    target,
                    plan: plan.name.clone(),
                });
            }
        }
    }
    out
}

/// Counting windows `[start, end)` in local day numbers, indexed `rep * 6 + kind`:
/// the span of the rep's quota periods for kinds with a target, else the report period.
pub fn windows(grid: &[Target], n_reps: usize, report: &ReportPeriod) -> Vec<(i32, i32)> {
    let base = (day_number(report.start()), day_number(report.end()));
    let mut w = vec![None::<(i32, i32)>; n_reps * Kind::ALL.len()];
    for t in grid {
        let slot = &mut w[t.rep as usize * Kind::ALL.len() + t.kind.index()];
        let (s, e) = (day_number(t.period.start), day_number(t.period.end));
        *slot = Some(match *slot {
            None => (s, e),
            Some((a, b)) => (a.min(s), b.max(e)),
        });
    }
    w.into_iter().map(|x| x.unwrap_or(base)).collect()
}
