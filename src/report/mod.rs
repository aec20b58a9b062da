//! The report model: every number and table of a run, format-neutral. The CSV and
//! PDF writers only render it, so they cannot disagree.
//!
//! The model holds numbers, not display strings: counts as integers, attainment and
//! ratios in tenths, money and units in 1/10 000, an absent value as `None`. The
//! renderers format them through `format.rs`, the CSV in its plain form, the PDF in
//! the report's language.
//!
//! [`Report`] holds the run's [`Meta`], one [`AttainmentRow`] per rep × quota period ×
//! metric, one [`RepRow`] per rep and one [`TeamRow`] per team (kinds side by side in
//! [`KindCell`]s), and the per-file accounting. The `*Extra` structs group what each
//! row has beyond its activity counts: the quota plan's details, sales outcomes,
//! conversion, scores and the previous period.

pub mod accounting;
pub mod build;
pub mod coverage;
pub mod csv;
pub mod diff;
pub(crate) mod format;
pub mod pdf;
pub mod saved;
pub(crate) mod table;
pub mod xlsx;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::{
    count::{FileStats, Reject},
    model::{Kind, Metric},
    period::{Period, ReportPeriod},
};

/// Attainment status of a cell, a rep or a team.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub(crate) enum Status {
    /// Done is less than the target.
    Below,
    /// Done equals the target.
    Met,
    /// Done is more than the target.
    Exceeded,
    /// No target applies.
    NoQuota,
}

impl Status {
    /// The status as the CSV writes it (`below`, `met`, `exceeded`, `no_quota`).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Below => "below",
            Status::Met => "met",
            Status::Exceeded => "exceeded",
            Status::NoQuota => "no_quota",
        }
    }

    /// The status of `done` against `target` (an exact comparison).
    pub(crate) fn of(done: u64, target: u64) -> Status {
        match done.cmp(&target) {
            std::cmp::Ordering::Less => Status::Below,
            std::cmp::Ordering::Equal => Status::Met,
            std::cmp::Ordering::Greater => Status::Exceeded,
        }
    }

    /// Overall status of several cells: below if any is below, exceeded if none is
    /// below and at least one exceeded, met if all are exactly met.
    pub(crate) fn overall(cells: impl IntoIterator<Item = Status>) -> Status {
        let mut acc = Status::NoQuota;
        for s in cells {
            acc = match (acc, s) {
                (_, Status::NoQuota) => acc,
                (Status::Below, _) | (_, Status::Below) => Status::Below,
                (Status::Exceeded, _) | (_, Status::Exceeded) => Status::Exceeded,
                _ => Status::Met,
            };
        }
        acc
    }
}

/// Attainment in tenths of a percent, rounded half away from zero on the exact
/// value: `(2000·done + target) div (2·target)`. `None` without a target.
pub(crate) fn pct_tenths(done: u64, target: u64) -> Option<u64> {
    if target == 0 {
        return None;
    }
    let t = target as u128;
    Some(((2000 * done as u128 + t) / (2 * t)) as u64)
}

/// `round_half_up(10 × num ÷ den)`: a ratio in tenths. `None` when `den` is 0.
pub(crate) fn ratio_tenths(num: u64, den: u64) -> Option<u64> {
    if den == 0 {
        return None;
    }
    let d = den as u128;
    Some(((20 * num as u128 + d) / (2 * d)) as u64)
}

/// The name of the highest reward tier reached at `done` of `target` (exact
/// comparison); `None` when none is reached, without a target, or when the tier
/// reached has an empty name.
pub(crate) fn tier_of(tiers: &[crate::config::Tier], done: u64, target: u64) -> Option<&str> {
    if target == 0 {
        return None;
    }
    tiers
        .iter()
        .rev()
        .find(|t| 1000 * done as u128 >= t.min_tenths as u128 * target as u128)
        .map(|t| t.name.as_str())
        .filter(|name| !name.is_empty())
}

/// The name of the highest reward tier reached by a score in tenths of a percent;
/// `None` as for [`tier_of`].
pub(crate) fn tier_of_tenths(tiers: &[crate::config::Tier], tenths: u64) -> Option<&str> {
    tiers
        .iter()
        .rev()
        .find(|t| tenths >= t.min_tenths)
        .map(|t| t.name.as_str())
        .filter(|name| !name.is_empty())
}

/// A rep's result against one target: one rep, one quota period, one metric.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AttainmentRow {
    pub(crate) rep_id: String,
    pub(crate) rep_name: String,
    pub(crate) team: String,
    /// The quota period: its kind and dates; its label (`2026-10`, `2026-W43`,
    /// `2026-Q4`, `FY2027-Q3`, ...) is [`Period::label`].
    pub(crate) period: Period,
    /// The kind counted; `opportunity` for the sales metrics (see [`Self::metric`]).
    pub(crate) kind: Kind,
    /// Done in the period: a count, or 1/10 000 for money and units.
    pub(crate) done: u64,
    /// The (prorated) target, in the same unit as `done`.
    pub(crate) target: u64,
    /// The name of the quota plan the target comes from.
    pub(crate) plan: String,
    /// The quota plan's details: metric, proration, reward tier, currency, pacing.
    pub(crate) extra: AttainmentExtra,
}

/// Pacing of a running quota period at `--as-of`: the projected attainment against
/// the config's `[pacing]` thresholds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) enum Pace {
    /// Projected at or above the on-track threshold (or no target).
    OnTrack,
    /// Projected below on track, at or above the at-risk threshold.
    Behind,
    /// Projected below the at-risk threshold.
    AtRisk,
    /// The period starts after the as-of date.
    NotStarted,
}

impl Pace {
    /// The pace as the CSV writes it (`on_track`, `behind`, `at_risk`, `not_started`).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Pace::OnTrack => "on_track",
            Pace::Behind => "behind",
            Pace::AtRisk => "at_risk",
            Pace::NotStarted => "not_started",
        }
    }
}

/// Pacing numbers of one attainment row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Pacing {
    /// Working days available up to and including the as-of date.
    pub(crate) days_elapsed: u32,
    /// `round_half_up(target × days_elapsed ÷ available)`.
    pub(crate) expected: u64,
    /// Projected end-of-period attainment, tenths of a percent.
    pub(crate) projected_pct: Option<u64>,
    pub(crate) pace: Pace,
}

/// The working days behind a target: the plan's full target is prorated by
/// `available_days ÷ working_days` (see `calendar::prorate`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Basis {
    /// Working days the plan applies to the rep: in force, employed, not absent.
    pub(crate) available_days: u32,
    /// Working days of the quota period.
    pub(crate) working_days: u32,
}

impl Basis {
    /// Fewer working days available than the period has: the target was prorated.
    pub(crate) fn is_prorated(self) -> bool {
        self.available_days != self.working_days
    }
}

/// What an [`AttainmentRow`] has beyond done and target: the quota plan's details.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct AttainmentExtra {
    /// The metric (for sales metrics `kind` is `opportunity`); `None` = `kind`'s count.
    pub(crate) metric: Option<Metric>,
    /// The plan's target before proration.
    pub(crate) target_full: u64,
    /// The working days the target was prorated by.
    pub(crate) basis: Basis,
    /// The name of the highest reward tier reached, if any.
    pub(crate) tier: Option<String>,
    /// The currency (ISO code) of a won amount; `None` for other metrics.
    pub(crate) currency: Option<String>,
    /// Pacing, for periods still running at `--as-of`.
    pub(crate) pacing: Option<Pacing>,
}

impl AttainmentRow {
    /// The metric of the row: a sales metric, or the count of `kind`.
    pub(crate) fn metric(&self) -> Metric {
        self.extra.metric.unwrap_or(Metric::Count(self.kind))
    }

    /// Attainment in tenths of a percent; `None` without a target.
    pub(crate) fn pct(&self) -> Option<u64> {
        pct_tenths(self.done, self.target)
    }
    /// Done against the target.
    pub(crate) fn status(&self) -> Status {
        Status::of(self.done, self.target)
    }
}

/// Done and (summed) target of one kind or sales metric for a rep or team.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct KindCell {
    /// A count, or 1/10 000 for money and units.
    pub(crate) done: u64,
    /// The targets of the report period's quota periods summed; `None` without any.
    pub(crate) target: Option<u64>,
}

impl KindCell {
    /// Attainment in tenths of a percent; `None` without a target.
    pub(crate) fn pct(&self) -> Option<u64> {
        self.target.and_then(|t| pct_tenths(self.done, t))
    }
    /// Done against the target; [`Status::NoQuota`] without one.
    pub(crate) fn status(&self) -> Status {
        self.target
            .map_or(Status::NoQuota, |t| Status::of(self.done, t))
    }
}

/// One rep over the report period, kinds side by side.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RepRow {
    pub rep_id: String,
    pub(crate) rep_name: String,
    pub(crate) team: String,
    pub(crate) role: String,
    /// The IANA zone the rep's activities are counted in.
    pub(crate) time_zone: String,
    /// One cell per [`Report::kinds`].
    pub(crate) cells: Vec<KindCell>,
    /// Activities of every kind except opportunities.
    pub(crate) total_activities: u64,
    /// Overall status: see [`Status::overall`] over the rep's attainment rows.
    pub(crate) status: Status,
    /// Sales outcomes, conversion, score, rank, tier and the previous period.
    pub(crate) extra: RepExtra,
}

/// Activities and opportunities, for conversion ratios.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Conversion {
    /// Activities of every kind but opportunities.
    pub(crate) activities: u64,
    /// Opportunities created.
    pub(crate) opportunities: u64,
    /// Activities per kind, in [`Report::kinds`] order (opportunity excluded).
    pub(crate) per_kind: Vec<(Kind, u64)>,
}

impl Conversion {
    /// Opportunities per 100 activities, tenths (`7.5`).
    pub(crate) fn opps_per_100(&self) -> Option<u64> {
        ratio_tenths(100 * self.opportunities, self.activities)
    }
    /// Activities per opportunity, tenths (`13.3`).
    pub(crate) fn activities_per_opp(&self) -> Option<u64> {
        ratio_tenths(self.activities, self.opportunities)
    }
    /// Activities of `kind` per opportunity, tenths.
    pub(crate) fn per_opp(&self, n: u64) -> Option<u64> {
        ratio_tenths(n, self.opportunities)
    }
    /// Opportunities per 100 activities of one kind, tenths.
    pub(crate) fn opps_per_100_of(&self, n: u64) -> Option<u64> {
        ratio_tenths(100 * self.opportunities, n)
    }
}

/// What a [`RepRow`] has beyond its activity counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct RepExtra {
    /// One cell per [`ReportExtra::metrics`] (sales outcomes).
    pub(crate) metric_cells: Vec<KindCell>,
    /// The currency (ISO code) of the rep's won amounts, if one applies.
    pub(crate) currency: Option<String>,
    /// Activities and opportunities, for conversion ratios.
    pub(crate) conversion: Conversion,
    /// Composite score, tenths of a percent (weighted mean of capped attainment).
    pub(crate) score: Option<u64>,
    /// Leaderboard rank by score (1 = best; ties share a rank).
    pub(crate) rank: Option<u64>,
    /// The name of the reward tier reached by the score, if any (never when the
    /// rep's status is below).
    pub(crate) tier: Option<String>,
    /// Previous report period: done and attainment per [`Report::kinds`] (empty when
    /// not compared).
    pub(crate) prev: Vec<KindCell>,
    /// Previous report period: one cell per [`ReportExtra::metrics`].
    pub(crate) prev_metric_cells: Vec<KindCell>,
    /// Previous report period: overall status over `prev` and `prev_metric_cells`.
    pub prev_status: Option<Status>,
}

/// One team over the report period: its reps' cells summed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TeamRow {
    pub(crate) team: String,
    /// Reps in the team.
    pub(crate) reps: u64,
    /// Reps whose overall status is met or exceeded.
    pub(crate) reps_met: u64,
    /// One cell per [`Report::kinds`]: done summed, targets summed over the reps with one.
    pub(crate) cells: Vec<KindCell>,
    /// Activities of every kind except opportunities.
    pub(crate) total_activities: u64,
    /// Overall status over `cells`.
    pub(crate) status: Status,
    /// Sales outcomes, conversion and the previous period.
    pub(crate) extra: TeamExtra,
}

/// The currency of a team's won amounts.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) enum TeamCurrency {
    /// Every rep with a currency has this one (ISO code).
    One(String),
    /// The reps' currencies differ: amounts are not summed.
    Mixed,
}

/// What a [`TeamRow`] has beyond its activity counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct TeamExtra {
    /// One cell per [`ReportExtra::metrics`]; amounts summed only when the team's reps
    /// share one currency.
    pub(crate) metric_cells: Vec<KindCell>,
    /// The team's currency; `None` when no rep has one.
    pub(crate) currency: Option<TeamCurrency>,
    /// The members' conversion numbers summed.
    pub(crate) conversion: Conversion,
    /// Previous report period: the members' `prev` cells summed (empty when not compared).
    pub(crate) prev: Vec<KindCell>,
    /// Previous report period: the members' `prev_metric_cells` summed (amounts only
    /// when the team's reps share one currency).
    pub(crate) prev_metric_cells: Vec<KindCell>,
    /// Previous report period: overall status over `prev` (like [`TeamRow::status`]).
    pub(crate) prev_status: Option<Status>,
}

impl TeamExtra {
    /// The team's reps have won amounts in several currencies.
    pub(crate) fn mixed_currencies(&self) -> bool {
        self.currency == Some(TeamCurrency::Mixed)
    }
}

/// What a [`Report`] has beyond the kinds: sales metrics, pacing date, previous period.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReportExtra {
    /// Sales-outcome metrics shown beside the kinds.
    pub(crate) metrics: Vec<Metric>,
    /// The `--as-of` date of a pacing run. (`model.json` keeps it only inside the report
    /// period, where it paces: see `saved.rs`.)
    #[serde(skip)]
    pub(crate) as_of: Option<NaiveDate>,
    /// The previous report period, when compared (period over period).
    pub prev_period: Option<ReportPeriod>,
    /// Sources with counterparts whose rows overlap but never matched (`[cross_dedup]`).
    /// (Not in `model.json`: no PDF shows it; the manifest keeps it.)
    #[serde(skip)]
    pub cross_dedup_misses: Vec<crate::count::cross_dedup::CrossMiss>,
    /// The files the run read besides the exports (config, roster, absences), hashed.
    pub side_inputs: Vec<crate::sources::inputs::SideInput>,
}

/// The run: company, report period, zone, configuration and tool.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Meta {
    pub(crate) company: String,
    /// The report period: one period or a range of them; its label (`2026-10`, or a
    /// range `2026-09..2026-11`) is [`ReportPeriod::label`], its first and last
    /// (inclusive) days [`ReportPeriod::start`] and [`ReportPeriod::last_day`].
    pub period: ReportPeriod,
    /// The organisation's zone; every rep is counted in their own.
    pub(crate) timezone: String,
    /// The configuration file's path, with `/` separators.
    pub(crate) config: String,
    /// SHA-256 of the configuration file, in hex.
    pub(crate) config_sha256: String,
    /// The program's version.
    pub(crate) version: String,
    /// The config's `language`.
    pub language: String,
}

/// Everything a run reports: the model both renderers read.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Report {
    pub meta: Meta,
    /// The kinds shown side by side, in [`Kind::ALL`] order.
    pub kinds: Vec<Kind>,
    /// Sorted by rep, period start, period label and metric.
    pub attainment: Vec<AttainmentRow>,
    /// Sorted by rep id.
    pub reps: Vec<RepRow>,
    /// Sorted by team name.
    pub teams: Vec<TeamRow>,
    /// Per-file accounting, in input order.
    pub files: Vec<FileStats>,
    /// Rejected rows (file, line, column, value, reason).
    pub rejects: Vec<Reject>,
    pub extra: ReportExtra,
}

impl Report {
    /// Per-file accounting totals over all files.
    pub fn totals(&self) -> FileStats {
        let mut t = FileStats {
            file: "total".into(),
            ..FileStats::default()
        };
        for f in &self.files {
            t.add(f);
        }
        t
    }

    /// Unknown identities over all files, with their row counts.
    pub(crate) fn unknown_identities(&self) -> BTreeMap<(String, String), u64> {
        let mut m = BTreeMap::new();
        for f in &self.files {
            for (id, n) in &f.unknown_identities {
                *m.entry((f.source.clone(), id.clone())).or_default() += n;
            }
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_away_from_zero_on_the_exact_value() {
        assert_eq!(pct_tenths(1, 400), Some(3)); // 0.25 → 0.3
        assert_eq!(pct_tenths(97, 400), Some(243)); // 24.25 → 24.3
        assert_eq!(pct_tenths(150, 150), Some(1000));
        assert_eq!(pct_tenths(0, 50), Some(0));
        assert_eq!(pct_tenths(2, 3), Some(667));
        assert_eq!(pct_tenths(5, 0), None);
    }

    #[test]
    fn seed_conversion_raj() {
        let fmt_tenths = |t| format::Numbers::PLAIN.tenths(t);
        // 150 calls + 200 emails + 50 social, 30 opportunities in a month
        let c = Conversion {
            activities: 400,
            opportunities: 30,
            per_kind: vec![(Kind::Call, 150), (Kind::Email, 200), (Kind::Social, 50)],
        };
        assert_eq!(c.opps_per_100().map(fmt_tenths).as_deref(), Some("7.5"));
        assert_eq!(
            c.activities_per_opp().map(fmt_tenths).as_deref(),
            Some("13.3")
        );
        assert_eq!(c.per_opp(150).map(fmt_tenths).as_deref(), Some("5.0"));
        assert_eq!(
            c.opps_per_100_of(150).map(fmt_tenths).as_deref(),
            Some("20.0")
        );
        assert_eq!(
            c.opps_per_100_of(50).map(fmt_tenths).as_deref(),
            Some("60.0")
        );
        let none = Conversion::default();
        assert_eq!(none.opps_per_100(), None);
        assert_eq!(none.activities_per_opp(), None);
    }

    #[test]
    fn reward_tiers_are_exact() {
        let tiers = vec![
            crate::config::Tier {
                name: "met".into(),
                min_tenths: 1000,
            },
            crate::config::Tier {
                name: "tier 1".into(),
                min_tenths: 1200,
            },
            crate::config::Tier {
                name: "tier 2".into(),
                min_tenths: 1500,
            },
        ];
        assert_eq!(tier_of(&tiers, 59, 60), None);
        assert_eq!(tier_of(&tiers, 60, 60), Some("met"));
        assert_eq!(tier_of(&tiers, 71, 60), Some("met")); // 118.3 %
        assert_eq!(tier_of(&tiers, 72, 60), Some("tier 1")); // exactly 120 %
        assert_eq!(tier_of(&tiers, 89, 60), Some("tier 1")); // 148.3 %
        assert_eq!(tier_of(&tiers, 90, 60), Some("tier 2"));
        // 119.96 % rounds to 120.0 % in the report but is not tier 1
        assert_eq!(tier_of(&tiers, 2999, 2500), Some("met"));
        assert_eq!(tier_of(&tiers, 5, 0), None);
        assert_eq!(tier_of_tenths(&tiers, 1199), Some("met"));
        assert_eq!(tier_of_tenths(&tiers, 999), None);
        // a tier without a name is no tier
        let unnamed = vec![crate::config::Tier {
            name: String::new(),
            min_tenths: 1000,
        }];
        assert_eq!(tier_of(&unnamed, 60, 60), None);
        assert_eq!(tier_of_tenths(&unnamed, 1000), None);
    }

    #[test]
    fn overall_status() {
        use Status::*;
        assert_eq!(Status::overall([Met, Met, Met]), Met);
        assert_eq!(Status::overall([Met, Exceeded]), Exceeded);
        assert_eq!(Status::overall([Exceeded, Below]), Below);
        assert_eq!(Status::overall([NoQuota, Met]), Met);
        assert_eq!(Status::overall([]), NoQuota);
    }
}
