//! Building the report model: the counted cells aggregated against the target grid
//! (attainment rows, rep and team rows with sales metrics, conversion, score and rank,
//! pacing of running periods) and, period over period, the previous period's columns.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::{
    aggregate::{self, GridDone, quota},
    calendar,
    config::{Config, OppRole},
    count::cells::{CellVal, Counted},
    count::{FileStats, Reject},
    error::{Result, ResultExt},
    model::{Kind, Metric, RepIdx},
    period::ReportPeriod,
    report::{
        AttainmentExtra, AttainmentRow, Basis, Conversion, KindCell, Meta, Pace, Pacing, RepExtra,
        RepRow, Report, ReportExtra, Status, TeamCurrency, TeamExtra, TeamRow, tier_of,
        tier_of_tenths,
    },
    roster::{Rep, Roster},
};

/// What ingesting every input produced.
pub struct Ingested {
    /// The counted cells, one set per file (with no previous period, one set for all):
    /// a cell can be in several sets, and the aggregation sums them (merging them
    /// here was single-threaded work between files).
    pub(crate) cells: Vec<Counted>,
    pub files: Vec<FileStats>,
    pub rejects: Vec<Reject>,
    /// Sources with counterparts that overlap but never matched (`[cross_dedup]`).
    pub cross_dedup_misses: Vec<crate::count::cross_dedup::CrossMiss>,
}

/// Counted values per rep × kind, summed over the report period.
type PerRepKind = HashMap<(RepIdx, Kind), CellVal>;

/// Targets per rep × metric, summed over a grid's quota periods.
fn summed_targets(grid: &[quota::Target]) -> BTreeMap<(u32, Metric), u64> {
    let mut targets: BTreeMap<(u32, Metric), u64> = BTreeMap::new();
    for t in grid {
        *targets.entry((t.rep, t.metric)).or_default() += t.target;
    }
    targets
}

/// The sum of cells: done added, targets added over the cells that have one (`None`
/// when none has).
fn sum_cells<'c>(cells: impl IntoIterator<Item = &'c KindCell>) -> KindCell {
    let mut sum = KindCell::default();
    for c in cells {
        sum.done += c.done;
        if let Some(t) = c.target {
            sum.target = Some(sum.target.unwrap_or(0) + t);
        }
    }
    sum
}

/// Fill the previous period's columns of a report: per rep and team, done per kind and
/// sales metric of the rows counted for the previous period (`period`), against the
/// summed targets of the previous period's `grid`; and the overall status.
pub(crate) fn attach_previous(
    report: &mut Report,
    roster: &Roster,
    period: &ReportPeriod,
    grid: &[quota::Target],
    cells: &[Counted],
) -> Result<()> {
    let per_rep_kind = if cells.iter().all(Counted::is_empty) {
        Default::default()
    } else {
        aggregate::CellFrame::new(cells)
            .and_then(|f| aggregate::done_per_rep_kind(&f))
            .context("aggregating the previous period")?
    };
    let targets = summed_targets(grid);
    let index: BTreeMap<&str, u32> = roster
        .reps
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i as u32))
        .collect();
    let kinds = report.kinds.clone();
    let metrics = report.extra.metrics.clone();
    for r in &mut report.reps {
        let Some(&i) = index.get(r.rep_id.as_str()) else {
            continue;
        };
        let value = |m: Metric| {
            per_rep_kind
                .get(&(i, m.kind()))
                .map_or(0, |v| aggregate::metric_value(v, m))
        };
        r.extra.prev = kinds
            .iter()
            .map(|&k| KindCell {
                done: value(Metric::Count(k)),
                target: targets.get(&(i, Metric::Count(k))).copied(),
            })
            .collect();
        r.extra.prev_metric_cells = metrics
            .iter()
            .map(|&m| KindCell {
                done: value(m),
                target: targets.get(&(i, m)).copied(),
            })
            .collect();
        r.extra.prev_status = Some(Status::overall(
            r.extra
                .prev
                .iter()
                .chain(&r.extra.prev_metric_cells)
                .map(KindCell::status),
        ));
    }
    attach_previous_teams(report, &kinds, &metrics);
    report.extra.prev_period = Some(*period);
    Ok(())
}

/// The previous period's team columns: the sums of the members' (no won amount for a
/// team of mixed currencies).
fn attach_previous_teams(report: &mut Report, kinds: &[Kind], metrics: &[Metric]) {
    for t in &mut report.teams {
        let members: Vec<&RepRow> = report.reps.iter().filter(|r| r.team == t.team).collect();
        let mixed = t.extra.mixed_currencies();
        t.extra.prev = (0..kinds.len())
            .map(|k| sum_cells(members.iter().filter_map(|r| r.extra.prev.get(k))))
            .collect();
        t.extra.prev_metric_cells = metrics
            .iter()
            .enumerate()
            .map(|(k, m)| {
                if mixed && *m == Metric::WonAmount {
                    return KindCell::default();
                }
                sum_cells(
                    members
                        .iter()
                        .filter_map(|r| r.extra.prev_metric_cells.get(k)),
                )
            })
            .collect();
        t.extra.prev_status = Some(Status::overall(t.extra.prev.iter().map(KindCell::status)));
    }
}

fn pacing(cfg: &Config, t: &quota::Target, done: u64) -> Option<Pacing> {
    let elapsed = t.elapsed?;
    let as_of_after_end = elapsed >= t.available;
    if as_of_after_end {
        return None;
    }
    if elapsed == 0 {
        return Some(Pacing {
            days_elapsed: 0,
            expected: 0,
            projected_pct: None,
            pace: Pace::NotStarted,
        });
    }
    let expected = calendar::prorate(t.target, elapsed, t.available);
    // projected = done × available ÷ elapsed; its attainment in tenths
    let projected_pct = if t.target == 0 {
        None
    } else {
        let num = 2000 * done as u128 * t.available as u128;
        let den = elapsed as u128 * t.target as u128;
        Some(((num + den) / (2 * den)) as u64)
    };
    let pace = match projected_pct {
        None => Pace::OnTrack,
        Some(p) if p >= cfg.pacing.on_track_tenths => Pace::OnTrack,
        Some(p) if p >= cfg.pacing.at_risk_tenths => Pace::Behind,
        Some(_) => Pace::AtRisk,
    };
    Some(Pacing {
        days_elapsed: elapsed,
        expected,
        projected_pct,
        pace,
    })
}

/// Aggregate ingested cells against the grid and assemble the report model.
pub(crate) fn assemble(
    cfg: &Config,
    roster: &Roster,
    period: &ReportPeriod,
    grid: &[quota::Target],
    ing: Ingested,
) -> Result<Report> {
    let frame = aggregate::CellFrame::new(&ing.cells).context("aggregating per quota period")?;
    let done = aggregate::done_per_target(&frame, grid).context("aggregating per quota period")?;
    let per_rep_kind = aggregate::done_per_rep_kind(&frame).context("aggregating per rep")?;
    drop(frame);

    let mut kinds: BTreeSet<Kind> = cfg
        .sources
        .iter()
        .flat_map(|s| s.each_layout())
        .map(|s| s.kind)
        .collect();
    kinds.extend(grid.iter().map(|t| t.metric.kind()));
    let kinds: Vec<Kind> = kinds.into_iter().collect();
    let attainment = attainment_rows(cfg, roster, grid, &done);
    let metrics = sales_metrics(cfg, grid);
    let columns = Columns {
        cfg,
        kinds: &kinds,
        metrics: &metrics,
        per_rep_kind: &per_rep_kind,
        targets: summed_targets(grid),
        currencies: quota::currencies(cfg, &roster.reps, grid),
    };
    let reps = rep_rows(&columns, roster);
    let teams = team_rows(&reps, &kinds, &metrics);
    Ok(Report {
        meta: meta(cfg, period),
        kinds,
        attainment,
        reps,
        teams,
        files: ing.files,
        rejects: ing.rejects,
        extra: ReportExtra {
            metrics,
            as_of: None,
            prev_period: None,
            cross_dedup_misses: ing.cross_dedup_misses,
            side_inputs: Vec::new(),
        },
    })
}

/// One row per grid cell (rep × metric × quota period), sorted by rep, period start,
/// period label and metric.
fn attainment_rows(
    cfg: &Config,
    roster: &Roster,
    grid: &[quota::Target],
    done: &[GridDone],
) -> Vec<AttainmentRow> {
    let mut attainment: Vec<AttainmentRow> = done
        .iter()
        .filter_map(|d| {
            let t = grid.get(d.grid_index)?;
            let rep = roster.reps.get(t.rep as usize)?;
            Some(AttainmentRow {
                rep_id: rep.id.clone(),
                rep_name: rep.name.clone(),
                team: rep.team.clone(),
                period: t.period,
                kind: t.metric.kind(),
                done: d.done,
                target: t.target,
                plan: t.plan.clone(),
                extra: AttainmentExtra {
                    metric: Some(t.metric),
                    target_full: t.target_full,
                    basis: Basis {
                        available_days: t.available,
                        working_days: t.working,
                    },
                    tier: tier_of(&cfg.tiers, d.done, t.target).map(str::to_string),
                    currency: t.currency.clone(),
                    pacing: pacing(cfg, t, d.done),
                },
            })
        })
        .collect();
    // By rep id, quota period start, quota period *label* (a month `2026-10` before the
    // quarter `2026-Q4` starting the same day) and metric; the key is built once per
    // row (a stable sort, as the sort it replaces).
    attainment.sort_by_cached_key(|a| {
        (
            a.rep_id.clone(),
            a.period.start,
            a.period.label(),
            a.metric(),
        )
    });
    attainment
}

/// The sales metrics shown beside the kinds: those with a target, and the won-deal
/// metrics a source of won opportunities can measure.
fn sales_metrics(cfg: &Config, grid: &[quota::Target]) -> Vec<Metric> {
    let mut metrics: BTreeSet<Metric> = grid
        .iter()
        .map(|t| t.metric)
        .filter(|m| !matches!(m, Metric::Count(_)))
        .collect();
    for s in cfg.sources.iter().flat_map(|s| s.each_layout()) {
        if s.kind == Kind::Opportunity && s.opportunity == OppRole::Won {
            metrics.extend([Metric::Won, Metric::WonAmount]);
            if s.units.is_some() {
                metrics.insert(Metric::Units);
            }
            if s.new_customer.is_some() {
                metrics.insert(Metric::NewCustomers);
            }
        }
    }
    metrics.into_iter().collect()
}

/// What a rep's row is built from: the columns (kinds, sales metrics) and the values
/// and targets per rep.
struct Columns<'a> {
    cfg: &'a Config,
    kinds: &'a [Kind],
    metrics: &'a [Metric],
    per_rep_kind: &'a PerRepKind,
    /// Targets per rep × metric over the report period.
    targets: BTreeMap<(u32, Metric), u64>,
    /// The currency of each rep's won amounts (roster order).
    currencies: Vec<Option<String>>,
}

/// One row per rep, by rep id, ranked by score.
fn rep_rows(cols: &Columns, roster: &Roster) -> Vec<RepRow> {
    let mut order: Vec<usize> = (0..roster.len()).collect();
    order.sort_by(|&a, &b| roster.reps[a].id.cmp(&roster.reps[b].id));
    let mut reps: Vec<RepRow> = order
        .into_iter()
        .map(|i| rep_row(cols, i, &roster.reps[i]))
        .collect();
    // leaderboard: rank by score, ties share the rank (1, 2, 2, 4)
    let mut scores: Vec<u64> = reps.iter().filter_map(|r| r.extra.score).collect();
    scores.sort_unstable_by(|a, b| b.cmp(a));
    for r in &mut reps {
        r.extra.rank = r
            .extra
            .score
            .map(|s| scores.iter().take_while(|&&x| x > s).count() as u64 + 1);
    }
    reps
}

/// The row of rep `i` (roster order), unranked.
fn rep_row(cols: &Columns, i: usize, rep: &Rep) -> RepRow {
    let Columns {
        cfg,
        kinds,
        metrics,
        per_rep_kind,
        ..
    } = *cols;
    let targets = &cols.targets;
    let cells: Vec<KindCell> = kinds
        .iter()
        .map(|&k| KindCell {
            done: per_rep_kind.get(&(i as u32, k)).map_or(0, |v| v.count),
            target: targets.get(&(i as u32, Metric::Count(k))).copied(),
        })
        .collect();
    let metric_cells: Vec<KindCell> = metrics
        .iter()
        .map(|&m| KindCell {
            done: per_rep_kind
                .get(&(i as u32, m.kind()))
                .map_or(0, |v| aggregate::metric_value(v, m)),
            target: targets.get(&(i as u32, m)).copied(),
        })
        .collect();
    let total_activities = kinds
        .iter()
        .zip(&cells)
        .filter(|(k, _)| k.is_activity())
        .map(|(_, c)| c.done)
        .sum();
    let status = Status::overall(cells.iter().chain(&metric_cells).map(KindCell::status));
    let conversion = Conversion {
        activities: total_activities,
        opportunities: per_rep_kind
            .get(&(i as u32, Kind::Opportunity))
            .map_or(0, |v| v.count),
        per_kind: kinds
            .iter()
            .zip(&cells)
            .filter(|(k, _)| k.is_activity())
            .map(|(k, c)| (*k, c.done))
            .collect(),
    };
    let score = score(cols, &cells, &metric_cells);
    let extra = RepExtra {
        metric_cells,
        currency: cols.currencies.get(i).cloned().flatten(),
        conversion,
        score,
        rank: None,
        tier: score
            .filter(|_| status != Status::Below)
            .and_then(|s| tier_of_tenths(&cfg.tiers, s))
            .map(str::to_string),
        ..RepExtra::default()
    };
    RepRow {
        rep_id: rep.id.clone(),
        rep_name: rep.name.clone(),
        team: rep.team.clone(),
        role: rep.role.clone(),
        time_zone: rep.tz.name().to_string(),
        cells,
        total_activities,
        status,
        extra,
    }
}

/// The composite score of a rep's cells (kinds, then sales metrics): the weighted mean
/// of capped attainment over the metrics with a target, in tenths; `None` without one.
fn score(cols: &Columns, cells: &[KindCell], metric_cells: &[KindCell]) -> Option<u64> {
    let cfg = cols.cfg;
    let (mut wsum, mut acc) = (0u128, 0u128);
    let all_metrics = cols
        .kinds
        .iter()
        .map(|k| Metric::Count(*k))
        .chain(cols.metrics.iter().copied());
    for (m, c) in all_metrics.zip(cells.iter().chain(metric_cells)) {
        let Some(p) = c.pct() else { continue };
        let w = if cfg.scoring.weights.is_empty() {
            1000
        } else {
            cfg.scoring
                .weights
                .iter()
                .find(|(x, _)| *x == m)
                .map_or(0, |(_, w)| *w)
        };
        wsum += w as u128;
        acc += w as u128 * p.min(cfg.scoring.cap_tenths) as u128;
    }
    (wsum > 0).then(|| ((2 * acc + wsum) / (2 * wsum)) as u64)
}

/// One row per team (by name): the sums of its reps' cells.
fn team_rows(reps: &[RepRow], kinds: &[Kind], metrics: &[Metric]) -> Vec<TeamRow> {
    let mut by_team: BTreeMap<String, Vec<&RepRow>> = BTreeMap::new();
    for r in reps {
        by_team.entry(r.team.clone()).or_default().push(r);
    }
    by_team
        .into_iter()
        .map(|(team, members)| team_row(team, &members, kinds, metrics))
        .collect()
}

/// The row of one team: done and targets summed over its `members`; the won amount
/// only when they share one currency (else the currency is [`TeamCurrency::Mixed`]).
fn team_row(team: String, members: &[&RepRow], kinds: &[Kind], metrics: &[Metric]) -> TeamRow {
    let cells: Vec<KindCell> = (0..kinds.len())
        .map(|k| sum_cells(members.iter().map(|r| &r.cells[k])))
        .collect();
    let mut currencies: BTreeSet<&str> = BTreeSet::new();
    for r in members {
        if let Some(c) = &r.extra.currency {
            currencies.insert(c);
        }
    }
    let mixed = currencies.len() > 1;
    let metric_cells: Vec<KindCell> = metrics
        .iter()
        .enumerate()
        .map(|(k, m)| {
            if mixed && *m == Metric::WonAmount {
                return KindCell::default();
            }
            sum_cells(members.iter().map(|r| &r.extra.metric_cells[k]))
        })
        .collect();
    let conversion = Conversion {
        activities: members.iter().map(|r| r.extra.conversion.activities).sum(),
        opportunities: members
            .iter()
            .map(|r| r.extra.conversion.opportunities)
            .sum(),
        per_kind: kinds
            .iter()
            .enumerate()
            .filter(|(_, k)| k.is_activity())
            .map(|(j, k)| (*k, members.iter().map(|r| r.cells[j].done).sum()))
            .collect(),
    };
    let extra = TeamExtra {
        metric_cells,
        currency: if mixed {
            Some(TeamCurrency::Mixed)
        } else {
            currencies
                .into_iter()
                .next()
                .map(|c| TeamCurrency::One(c.to_string()))
        },
        conversion,
        ..TeamExtra::default()
    };
    TeamRow {
        extra,
        reps: members.len() as u64,
        reps_met: members
            .iter()
            .filter(|r| matches!(r.status, Status::Met | Status::Exceeded))
            .count() as u64,
        total_activities: members.iter().map(|r| r.total_activities).sum(),
        status: Status::overall(cells.iter().map(KindCell::status)),
        cells,
        team,
    }
}

/// What produced the report: company, period, zone, config and its hash, version.
fn meta(cfg: &Config, period: &ReportPeriod) -> Meta {
    Meta {
        company: cfg.company.clone(),
        period: *period,
        timezone: cfg.timezone.name().to_string(),
        config: cfg.path.to_string_lossy().replace('\\', "/"),
        config_sha256: crate::sha256_hex(&cfg.bytes),
        version: env!("CARGO_PKG_VERSION").to_string(),
        language: cfg.language.clone(),
    }
}
