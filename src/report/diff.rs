//! The numbers of a report, cell by cell, and the cells in which two reports differ:
//! what a run into a closed output set compares with the signed model (`model.json`)
//! before it writes anything (README *Closing a period*).
//!
//! A cell is (rep, period, metric): every attainment row's done and target (`call`,
//! `call target` for the quota period `2026-W43`), and per rep over the report period
//! (and the previous one, when compared) the done of every kind and sales metric as
//! summary.csv names it (`call_done`), and the score. Teams are sums of these.

use std::collections::BTreeMap;

use crate::{
    model::Metric,
    report::{Report, format::Numbers},
};

/// (rep, period, metric) → the value as the CSVs write it.
type Cells = BTreeMap<(String, String, String), String>;

/// Every number of `r` that a signature covers, keyed by (rep, period, metric).
fn cells(r: &Report) -> Cells {
    let n = Numbers::PLAIN;
    let mut c = Cells::new();
    // a metric under two plans in one quota period (a plan that ends mid-period and the
    // next) keeps its rows apart by the plan's name
    let mut seen: BTreeMap<(&str, String, Metric), usize> = BTreeMap::new();
    for a in &r.attainment {
        let m = a.metric();
        let period = a.period.label();
        let k = seen
            .entry((a.rep_id.as_str(), period.clone(), m))
            .or_default();
        *k += 1;
        let name = if *k == 1 {
            m.as_str().to_string()
        } else {
            format!("{} ({})", m.as_str(), a.plan)
        };
        let key = |what: String| (a.rep_id.clone(), period.clone(), what);
        c.insert(key(name.clone()), n.value(m, a.done));
        c.insert(key(format!("{name} target")), n.value(m, a.target));
    }
    let period = r.meta.period.label();
    let prev = r.extra.prev_period.map(|p| p.label());
    let metrics: Vec<Metric> = r
        .kinds
        .iter()
        .map(|k| Metric::Count(*k))
        .chain(r.extra.metrics.iter().copied())
        .collect();
    for rep in &r.reps {
        let mut put = |period: &str, cells: Vec<u64>| {
            for (m, done) in metrics.iter().zip(cells) {
                let key = (
                    rep.rep_id.clone(),
                    period.to_string(),
                    format!("{}_done", m.as_str()),
                );
                c.insert(key, n.value(*m, done));
            }
        };
        let done = |cells: &[super::KindCell]| cells.iter().map(|c| c.done).collect::<Vec<_>>();
        put(
            &period,
            [done(&rep.cells), done(&rep.extra.metric_cells)].concat(),
        );
        if let Some(prev) = &prev {
            put(
                prev,
                [done(&rep.extra.prev), done(&rep.extra.prev_metric_cells)].concat(),
            );
        }
        if let Some(s) = rep.extra.score {
            c.insert(
                (rep.rep_id.clone(), period.clone(), "score".to_string()),
                n.tenths(s),
            );
        }
    }
    c
}

/// The cells in which `new` differs from `signed`, in (rep, period, metric) order, as
/// `R001, 2026-10, call: 60 → 61` (`none` where a report has no such cell).
pub fn differences(signed: &Report, new: &Report) -> Vec<String> {
    let (old, new) = (cells(signed), cells(new));
    let keys: std::collections::BTreeSet<_> = old.keys().chain(new.keys()).collect();
    keys.into_iter()
        .filter_map(|k| {
            let (a, b) = (old.get(k), new.get(k));
            (a != b).then(|| {
                let (rep, period, metric) = k;
                format!(
                    "{rep}, {period}, {metric}: {} → {}",
                    a.map_or("none", String::as_str),
                    b.map_or("none", String::as_str)
                )
            })
        })
        .collect()
}
