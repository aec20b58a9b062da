//! The `[[quota]]` sections: the validated [`QuotaPlan`] with its [`Selector`], and
//! the check of one plan (period, dates, tenure, currency, targets).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use toml::Spanned;

use crate::{
    config::{org::check_currency, problems::Problems, wire::QuotaWire},
    model::Metric,
    period::{Fiscal, PeriodKind},
};

/// Who a quota plan applies to. The most specific plan wins, per metric and day:
/// rep > tenure (ramp) > team + role > team > role > everyone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Selector {
    /// `rep = "E1"` or `rep = ["E1", "E2"]`: the plan is each listed rep's own.
    pub(crate) rep: Option<Vec<String>>,
    pub(crate) team: Option<String>,
    pub(crate) role: Option<String>,
}

impl Selector {
    pub(crate) fn specificity(&self) -> u8 {
        if self.rep.is_some() {
            return 4;
        }
        match (&self.team, &self.role) {
            (Some(_), Some(_)) => 3,
            (Some(_), None) => 2,
            (None, Some(_)) => 1,
            (None, None) => 0,
        }
    }
}

/// One validated `[[quota]]`: targets per metric for the reps its selector picks.
#[derive(Clone, Debug)]
pub struct QuotaPlan {
    pub(crate) name: String,
    pub(crate) selector: Selector,
    pub(crate) period: PeriodKind,
    pub(crate) from: Option<NaiveDate>,
    pub(crate) until: Option<NaiveDate>,
    /// Targets per metric; decimal metrics (`won_amount`, `units`) in 1/10 000 units.
    pub(crate) targets: Vec<(Metric, u64)>,
    /// Position in the config, the tie-breaker between equally specific plans (later wins).
    pub(crate) order: usize,
    /// Ramp / probation: in force in tenure weeks `[first, last]` (week 1 = the ISO week
    /// holding the rep's hire date).
    pub(crate) tenure_weeks: Option<(u32, u32)>,
    /// Currency of `won_amount` targets (ISO code); the config's `currency` when absent.
    pub(crate) currency: Option<String>,
}

impl QuotaPlan {
    /// Precedence between plans that select a rep: rep > tenure > team + role > team >
    /// role > everyone, then later in the config.
    pub(crate) fn precedence(&self) -> (u8, usize) {
        let tenure = if self.tenure_weeks.is_some() { 4 } else { 0 };
        let rep = if self.selector.rep.is_some() { 8 } else { 0 };
        let rest = if self.selector.rep.is_some() {
            0
        } else {
            self.selector.specificity()
        };
        (rep + tenure + rest, self.order)
    }
}

/// Every `[[quota]]` in order (a plan with a problem is left out).
pub(crate) fn check_quotas(
    p: &mut Problems<'_>,
    wire: &[Spanned<QuotaWire>],
    fiscal: Fiscal,
) -> Vec<QuotaPlan> {
    let mut quotas = Vec::new();
    for (i, q) in wire.iter().enumerate() {
        if let Some(plan) = check_quota(p, i, q, fiscal) {
            quotas.push(plan);
        }
    }
    quotas
}

/// A `won_amount` target needs a currency: the plan's or the top-level one.
pub(crate) fn check_won_amount_currency(
    p: &mut Problems<'_>,
    wire: &[Spanned<QuotaWire>],
    quotas: &[QuotaPlan],
    has_default: bool,
) {
    for q in quotas {
        if q.targets.iter().any(|(m, _)| *m == Metric::WonAmount)
            && q.currency.is_none()
            && !has_default
            && let Some(w) = wire.get(q.order)
        {
            p.at(
                w.span(),
                &format!("quota[{}].currency", q.order),
                "a `won_amount` target needs a currency: set `currency = \"PLN\"` in the plan or at the top of the config",
            );
        }
    }
}

/// One `[[quota]]`: `None` when it has a problem (every problem is reported).
fn check_quota(
    p: &mut Problems<'_>,
    i: usize,
    q: &Spanned<QuotaWire>,
    fiscal: Fiscal,
) -> Option<QuotaPlan> {
    let w = q.get_ref();
    let key = |k: &str| format!("quota[{i}].{k}");
    let before = p.len();
    let period = PeriodKind::parse_with(w.period.get_ref(), fiscal);
    if period.is_none() {
        p.at(
            w.period.span(),
            &key("period"),
            format!(
                "unknown period `{}`; expected `week`, `month`, `quarter`, `year`, `fiscal_quarter` or `fiscal_year`",
                w.period.get_ref()
            ),
        );
    }
    let from = check_date(p, &w.from, &key("from"));
    let until = check_date(p, &w.until, &key("until"));
    if let (Some(f), Some(u)) = (from, until)
        && u < f
    {
        p.at(
            q.span(),
            &key("until"),
            format!("`until` {u} is before `from` {f}"),
        );
    }
    let tenure_weeks = w.tenure_weeks.as_ref().and_then(|t| match t.get_ref()[..] {
        [a, b] if a >= 1 && b >= a => Some((a as u32, b as u32)),
        _ => {
            p.at(
                t.span(),
                &key("tenure_weeks"),
                "expected `[first, last]` tenure weeks, 1 ≤ first ≤ last (week 1 = the week of the hire date)",
            );
            None
        }
    });
    let currency = w
        .currency
        .as_ref()
        .and_then(|c| check_currency(p, c, &key("currency")));
    let mut targets = check_targets(p, i, &w.targets);
    let rep = w.rep.as_ref().map(|r| {
        let ids: Vec<String> = r
            .get_ref()
            .0
            .iter()
            .map(|id| id.trim().to_string())
            .collect();
        if ids.is_empty() || ids.iter().any(String::is_empty) {
            p.at(
                r.span(),
                &key("rep"),
                "expected a rep_id or a non-empty list of them, e.g. `rep = [\"E1\", \"E2\"]`",
            );
        }
        ids
    });
    if p.len() != before {
        return None;
    }
    targets.sort();
    Some(QuotaPlan {
        name: w.name.clone().unwrap_or_else(|| format!("quota[{i}]")),
        selector: Selector {
            rep,
            team: w.team.clone(),
            role: w.role.clone(),
        },
        period: period?,
        from,
        until,
        targets,
        order: i,
        tenure_weeks,
        currency,
    })
}

/// `from` / `until`: a date `YYYY-MM-DD`.
fn check_date(p: &mut Problems<'_>, v: &Option<Spanned<String>>, key: &str) -> Option<NaiveDate> {
    v.as_ref().and_then(|d| {
        NaiveDate::parse_from_str(d.get_ref(), "%Y-%m-%d")
            .map_err(|_| {
                p.at(
                    d.span(),
                    key,
                    format!("`{}` is not a date; expected YYYY-MM-DD", d.get_ref()),
                )
            })
            .ok()
    })
}

/// `targets = { metric = value, … }`: at least one; unsorted.
fn check_targets(
    p: &mut Problems<'_>,
    i: usize,
    wire: &Spanned<BTreeMap<String, Spanned<toml::Value>>>,
) -> Vec<(Metric, u64)> {
    let mut targets = Vec::new();
    for (k, v) in wire.get_ref() {
        let tkey = format!("quota[{i}].targets.{k}");
        let Some(metric) = Metric::parse(k) else {
            p.at(v.span(), &tkey, Metric::unknown(k));
            continue;
        };
        match target_value(metric, v.get_ref()) {
            Some(t) => targets.push((metric, t)),
            None => p.at(
                v.span(),
                &tkey,
                if metric.is_decimal() {
                    "expected an amount ≥ 0, e.g. `50000` or `\"50000.00\"`"
                } else {
                    "expected a whole number ≥ 0"
                },
            ),
        }
    }
    if wire.get_ref().is_empty() {
        p.at(
            wire.span(),
            &format!("quota[{i}].targets"),
            "empty; set at least one target, e.g. `{ call = 150 }`",
        );
    }
    targets
}

/// A target as stored: a whole number of a counted metric, or a decimal metric
/// (`won_amount`, `units`) in 1/10 000 units; `None` if it is neither.
fn target_value(metric: Metric, v: &toml::Value) -> Option<u64> {
    match (v, metric.is_decimal()) {
        (toml::Value::Integer(n), false) if *n >= 0 => Some(*n as u64),
        (toml::Value::Integer(n), true) if *n >= 0 => (*n as u64).checked_mul(10_000),
        (toml::Value::Float(f), true) => {
            crate::normalise::amount::parse_amount(&f.to_string(), false)
                .ok()
                .and_then(|a| u64::try_from(a).ok())
        }
        (toml::Value::String(t), true) => crate::normalise::amount::parse_amount(t, false)
            .ok()
            .and_then(|a| u64::try_from(a).ok()),
        _ => None,
    }
}
