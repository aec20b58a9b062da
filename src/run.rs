//! One run: config → roster → inputs → ingest → aggregate → report model.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

use anyhow::Context;

use crate::{
    aggregate,
    aggregate::quota,
    calendar::{self, Absences},
    config::Config,
    config::OppRole,
    count::cells::{CellKey, CellVal, Counted},
    count::pipeline::{self as ingest, Ctx, SourceState},
    count::{FileStats, Reject},
    error::Failure,
    model::day::day_number,
    model::{Kind, Metric},
    period::ReportPeriod,
    report::{
        AttainmentExtra, AttainmentRow, Basis, Conversion, KindCell, Meta, Pace, Pacing, RepExtra,
        RepRow, Report, ReportExtra, Status, TeamCurrency, TeamExtra, TeamRow, tier_of,
        tier_of_tenths,
    },
    roster::Roster,
};

/// Options of a run beyond config and period.
#[derive(Clone, Debug, Default)]
pub struct RunOptions<'a> {
    pub threads: usize,
    /// Pace a running period: count rows up to this local date, project the rest.
    pub as_of: Option<chrono::NaiveDate>,
    /// Advanced once per input file (only when a person watches the terminal).
    pub progress: Option<&'a indicatif::ProgressBar>,
    /// Period over period: also count the previous report period
    /// ([`ReportPeriod::previous`]) and show its done and attainment beside the current.
    pub compare_previous: bool,
    /// Write the normalised records (`--emit-records parquet`) through this writer.
    pub records: Option<&'a std::cell::RefCell<crate::output::parquet::RecordWriter>>,
}

/// One input file of one source.
#[derive(Clone, Debug)]
pub struct Input {
    pub source: usize,
    pub path: PathBuf,
    /// As shown in reports: relative to the config's directory when inside it.
    pub shown: String,
}

fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Show a path relative to `base` when it lies inside it, with `/` separators.
pub fn shown_path(path: &Path, base: &Path) -> String {
    let rel = if base.as_os_str().is_empty() {
        path
    } else {
        path.strip_prefix(base).unwrap_or(path)
    };
    rel.to_string_lossy().replace('\\', "/")
}

/// Expand every source's paths and globs; each must name at least one file.
pub fn resolve_inputs(cfg: &Config) -> Result<Vec<Input>, Failure> {
    let base = cfg.path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (si, s) in cfg.sources.iter().enumerate() {
        let mut seen = BTreeSet::new();
        for pat in &s.files {
            let pat_s = pat.to_string_lossy().to_string();
            let shown_pat = shown_path(pat, &base);
            let mut found: Vec<PathBuf> = Vec::new();
            if is_glob(&pat_s) {
                match glob::glob(&pat_s) {
                    Ok(paths) => {
                        for p in paths.flatten() {
                            if p.is_file() {
                                found.push(p);
                            }
                        }
                    }
                    Err(e) => {
                        problems.push(format!("source `{}`: bad glob `{shown_pat}`: {e}", s.name))
                    }
                }
                if found.is_empty() {
                    problems.push(format!(
                        "source `{}`: `{shown_pat}` matches no file",
                        s.name
                    ));
                }
            } else if pat.is_file() {
                found.push(pat.clone());
            } else {
                problems.push(format!(
                    "source `{}`: input file `{shown_pat}` does not exist",
                    s.name
                ));
            }
            found.sort();
            for p in found {
                if seen.insert(p.clone()) {
                    let shown = shown_path(&p, &base);
                    out.push(Input {
                        source: si,
                        path: p,
                        shown,
                    });
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Failure::run(format!(
            "missing input (config `{}`)\n  --> {}",
            cfg.path.display(),
            problems.join("\n  --> ")
        )))
    }
}

/// What ingesting every input produced.
pub struct Ingested {
    /// The counted cells, one set per file (with no previous period, one set for all):
    /// a cell can be in several sets, and the aggregation sums them (merging them
    /// here was single-threaded work between files).
    pub cells: Vec<Counted>,
    pub files: Vec<FileStats>,
    pub rejects: Vec<Reject>,
}

/// Read every input. `windows` decide which local dates count for each rep × kind.
pub fn ingest_all(
    cfg: &Config,
    roster: &Roster,
    inputs: &[Input],
    windows: &[(i32, i32)],
    threads: usize,
) -> anyhow::Result<Ingested> {
    let none = vec![None; roster.len()];
    ingest_with(
        cfg,
        roster,
        inputs,
        windows,
        &[],
        threads,
        &none,
        None,
        None,
        None,
    )
}

/// Whether a counted cell lies in its rep × kind's counting window.
fn in_window(windows: &[(i32, i32)], k: &CellKey) -> bool {
    windows
        .get(k.rep as usize * Kind::ALL.len() + k.kind.index())
        .is_some_and(|&(lo, hi)| lo <= k.day && k.day < hi)
}

/// Counted rows in a cell: 1 per counted row (`count` for activities and created
/// opportunities, `won` for won deals).
fn rows_of(v: &CellVal) -> u64 {
    v.count + v.won
}

/// [`ingest_all`] with the previous period's windows (empty: not compared; a row outside
/// `windows` but inside `previous` counts, and is tallied in `counted_previous`), per-rep
/// currencies of won amounts and an as-of day.
#[allow(clippy::too_many_arguments)]
pub fn ingest_with(
    cfg: &Config,
    roster: &Roster,
    inputs: &[Input],
    windows: &[(i32, i32)],
    previous: &[(i32, i32)],
    threads: usize,
    currencies: &[Option<String>],
    as_of: Option<chrono::NaiveDate>,
    progress: Option<&indicatif::ProgressBar>,
    records: Option<&std::cell::RefCell<crate::output::parquet::RecordWriter>>,
) -> anyhow::Result<Ingested> {
    if let Some(pb) = progress {
        pb.set_length(inputs.len() as u64);
    }
    let cross = cfg.cross_dedup_window_s.map(|w| {
        let with: Vec<bool> = cfg
            .sources
            .iter()
            .map(|s| s.counterpart.is_some())
            .collect();
        std::sync::Mutex::new(crate::count::cross_dedup::CrossDedup::new(w, &with))
    });
    let offsets = offsets_for(roster, windows.iter().chain(previous));
    let window_index = ingest::WindowIndex::new(windows);
    let ctx = Ctx {
        roster,
        offsets: &offsets,
        windows,
        window_index: window_index.as_ref(),
        previous,
        threads,
        currencies,
        as_of: as_of.map(day_number),
        cross: cross.as_ref(),
        records: records.is_some(),
    };
    let mut cells = Vec::new();
    let mut all = Counted::default();
    let mut files = Vec::new();
    let mut rejects = Vec::new();
    let mut states: Vec<SourceState> = cfg.sources.iter().map(|_| SourceState::default()).collect();
    for input in inputs {
        let source = &cfg.sources[input.source];
        tracing::debug!(file = %input.shown, source = %source.name, "reading");
        if let Some(pb) = progress {
            pb.set_message(input.shown.clone());
        }
        // with a previous period, each file's cells are kept apart, to tally the rows
        // that counted for the previous period
        let mut file_cells = Counted::default();
        if let Some(c) = &cross
            && let Ok(mut c) = c.lock()
        {
            c.begin_source(input.source);
        }
        let out = ingest::ingest_file(
            &ctx,
            source,
            &input.path,
            &input.shown,
            &mut states[input.source],
            if previous.is_empty() {
                &mut all
            } else {
                &mut file_cells
            },
            records.map(|r| r.borrow_mut()).as_deref_mut(),
        )?;
        let mut stats = out.stats;
        for (k, v) in file_cells.iter() {
            if !in_window(windows, k) {
                stats.counted_previous += rows_of(v);
            }
        }
        if !file_cells.is_empty() {
            cells.push(file_cells);
        }
        files.push(stats);
        rejects.extend(out.rejects);
        if let Some(pb) = progress {
            pb.inc(1);
        }
    }
    if !all.is_empty() {
        cells.push(all);
    }
    Ok(Ingested {
        cells,
        files,
        rejects,
    })
}

/// Offset tables of the roster's zones over the days the windows count (± 2 days: a
/// local day is at most 26 hours from UTC); none for open or very long windows, whose
/// rows ask chrono-tz directly.
fn offsets_for<'w>(
    roster: &Roster,
    windows: impl Iterator<Item = &'w (i32, i32)>,
) -> crate::normalise::zone::Offsets {
    let (lo, hi) = match ingest::window_span(windows) {
        Some((lo, hi)) if i64::from(hi) - i64::from(lo) <= 4 * 366 => {
            (i64::from(lo - 2) * 86_400, i64::from(hi + 2) * 86_400)
        }
        _ => (0, 0),
    };
    crate::normalise::zone::Offsets::new(roster.reps.iter().map(|r| r.tz), lo, hi)
}

/// Everything-counts windows, for `check` without a period.
pub fn open_windows(n_reps: usize) -> Vec<(i32, i32)> {
    vec![(i32::MIN, i32::MAX); n_reps * Kind::ALL.len()]
}

/// The absences named by the config (none when it names no file).
pub fn absences(cfg: &Config, roster: &Roster) -> Result<Absences, Failure> {
    match &cfg.absences {
        Some(p) => calendar::load_absences(p, roster),
        None => Ok(vec![Vec::new(); roster.len()]),
    }
}

/// The target grid of a report period.
pub fn grid(
    cfg: &Config,
    roster: &Roster,
    absences: &Absences,
    period: &ReportPeriod,
    as_of: Option<chrono::NaiveDate>,
) -> Vec<quota::Target> {
    quota::grid(
        &quota::Inputs {
            cfg,
            reps: &roster.reps,
            absences,
            as_of,
        },
        period,
    )
}

/// The previous report period of a period-over-period run: the period, its target
/// grid (same plans, proration and calendars) and its counting windows.
pub struct Previous {
    pub period: ReportPeriod,
    pub grid: Vec<quota::Target>,
    pub windows: Vec<(i32, i32)>,
}

/// What decides whether a row counts, shared by `run` and `check` so that both print
/// the same accounting: the target grid, the counting windows (current and previous
/// period), and the currency each rep's won amounts must be in.
pub struct Counting {
    pub grid: Vec<quota::Target>,
    pub windows: Vec<(i32, i32)>,
    pub previous: Option<Previous>,
    pub currencies: Vec<Option<String>>,
}

/// Build the [`Counting`] of a report period; without one (`check` without
/// `--period`), every row that passes the rules counts.
pub fn counting(
    cfg: &Config,
    roster: &Roster,
    period: Option<&ReportPeriod>,
    as_of: Option<chrono::NaiveDate>,
    compare_previous: bool,
) -> Result<Counting, Failure> {
    let Some(period) = period else {
        return Ok(Counting {
            grid: Vec::new(),
            windows: open_windows(roster.len()),
            previous: None,
            currencies: quota::currencies(cfg, &roster.reps, &[]),
        });
    };
    let absences = absences(cfg, roster)?;
    // the two grids are independent: the previous period's is built on a second thread
    let (grid, previous) = std::thread::scope(|scope| {
        let absences = &absences;
        let previous =
            compare_previous.then(|| scope.spawn(|| previous(cfg, roster, absences, period)));
        let grid = grid(cfg, roster, absences, period, as_of);
        let previous = previous.map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        (grid, previous)
    });
    let windows = quota::windows(&grid, roster.len(), period);
    let currencies = quota::currencies(cfg, &roster.reps, &grid);
    Ok(Counting {
        grid,
        windows,
        previous,
        currencies,
    })
}

/// The previous report period of `period` ([`ReportPeriod::previous`]) with its grid
/// and counting windows.
pub fn previous(
    cfg: &Config,
    roster: &Roster,
    absences: &Absences,
    period: &ReportPeriod,
) -> Previous {
    let period = period.previous();
    let grid = grid(cfg, roster, absences, &period, None);
    let windows = quota::windows(&grid, roster.len(), &period);
    Previous {
        period,
        grid,
        windows,
    }
}

/// Split counted cells into the current period's (inside `windows`) and the previous
/// period's (the rest: ingest counts a row outside its current window only when it lies
/// in the previous period's).
pub fn split_previous(cells: &mut [Counted], windows: &[(i32, i32)]) -> Vec<Counted> {
    // the previous period's cells are the few: move those out, keep the sets
    cells
        .iter_mut()
        .map(|cells| {
            let mut prev = Counted::default();
            cells.retain(|k, v| {
                let cur = in_window(windows, k);
                if !cur {
                    prev.list.push((*k, *v));
                }
                cur
            });
            prev
        })
        .collect()
}

/// Run the whole pipeline up to the report model.
pub fn build_with(
    cfg: &Config,
    roster: &Roster,
    period: &ReportPeriod,
    opts: &RunOptions,
) -> anyhow::Result<Report> {
    let t0 = std::time::Instant::now();
    let inputs = resolve_inputs(cfg)?;
    let Counting {
        grid,
        windows,
        previous: prev,
        currencies,
    } = counting(cfg, roster, Some(period), opts.as_of, opts.compare_previous)?;
    tracing::debug!(
        ms = t0.elapsed().as_millis() as u64,
        targets = grid.len(),
        "inputs found, quota grids built"
    );
    let mut ing = ingest_with(
        cfg,
        roster,
        &inputs,
        &windows,
        prev.as_ref().map_or(&[], |p| p.windows.as_slice()),
        opts.threads,
        &currencies,
        opts.as_of,
        opts.progress,
        opts.records,
    )?;
    tracing::debug!(
        ms = t0.elapsed().as_millis() as u64,
        cells = ing.cells.iter().map(Counted::len).sum::<usize>(),
        "exports read and counted"
    );
    let prev_cells = match &prev {
        Some(_) => split_previous(&mut ing.cells, &windows),
        None => Vec::new(),
    };
    let mut report = assemble(cfg, roster, period, &grid, ing)?;
    tracing::debug!(ms = t0.elapsed().as_millis() as u64, "aggregated");
    report.extra.as_of = opts.as_of;
    if let Some(p) = &prev {
        attach_previous(&mut report, roster, p, &prev_cells)?;
    }
    Ok(report)
}

/// Fill the previous period's columns of a report: per rep and team, done per kind and
/// sales metric of the rows counted for the previous period, against the summed
/// targets of the previous period's grid; and the overall status.
pub fn attach_previous(
    report: &mut Report,
    roster: &Roster,
    prev: &Previous,
    cells: &[Counted],
) -> anyhow::Result<()> {
    let per_rep_kind = if cells.iter().all(Counted::is_empty) {
        Default::default()
    } else {
        aggregate::CellFrame::new(cells)
            .and_then(|f| aggregate::done_per_rep_kind(&f))
            .context("aggregating the previous period")?
    };
    let mut targets: BTreeMap<(u32, Metric), u64> = BTreeMap::new();
    for t in &prev.grid {
        *targets.entry((t.rep, t.metric)).or_default() += t.target;
    }
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
    let sum = |cells: &[&KindCell]| KindCell {
        done: cells.iter().map(|c| c.done).sum(),
        target: cells
            .iter()
            .filter_map(|c| c.target)
            .fold(None, |acc: Option<u64>, t| Some(acc.unwrap_or(0) + t)),
    };
    for t in &mut report.teams {
        let members: Vec<&RepRow> = report.reps.iter().filter(|r| r.team == t.team).collect();
        let mixed = t.extra.mixed_currencies();
        t.extra.prev = (0..kinds.len())
            .map(|k| {
                let cells: Vec<&KindCell> =
                    members.iter().filter_map(|r| r.extra.prev.get(k)).collect();
                sum(&cells)
            })
            .collect();
        t.extra.prev_metric_cells = metrics
            .iter()
            .enumerate()
            .map(|(k, m)| {
                if mixed && *m == Metric::WonAmount {
                    return KindCell::default();
                }
                let cells: Vec<&KindCell> = members
                    .iter()
                    .filter_map(|r| r.extra.prev_metric_cells.get(k))
                    .collect();
                sum(&cells)
            })
            .collect();
        t.extra.prev_status = Some(Status::overall(t.extra.prev.iter().map(KindCell::status)));
    }
    report.extra.prev_period = Some(prev.period.label());
    Ok(())
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
pub fn assemble(
    cfg: &Config,
    roster: &Roster,
    period: &ReportPeriod,
    grid: &[quota::Target],
    ing: Ingested,
) -> anyhow::Result<Report> {
    let frame = aggregate::CellFrame::new(&ing.cells).context("aggregating per quota period")?;
    let done = aggregate::done_per_target(&frame, grid).context("aggregating per quota period")?;
    let per_rep_kind = aggregate::done_per_rep_kind(&frame).context("aggregating per rep")?;
    drop(frame);

    let mut kinds: BTreeSet<Kind> = cfg.sources.iter().map(|s| s.kind).collect();
    kinds.extend(grid.iter().map(|t| t.metric.kind()));
    let kinds: Vec<Kind> = kinds.into_iter().collect();

    let mut attainment: Vec<AttainmentRow> = done
        .iter()
        .filter_map(|d| {
            let t = grid.get(d.grid_index)?;
            let rep = roster.reps.get(t.rep as usize)?;
            Some(AttainmentRow {
                rep_id: rep.id.clone(),
                rep_name: rep.name.clone(),
                team: rep.team.clone(),
                period: t.period.label(),
                period_start: t.period.start,
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
    attainment.sort_by(|a, b| {
        (&a.rep_id, a.period_start, &a.period, a.metric()).cmp(&(
            &b.rep_id,
            b.period_start,
            &b.period,
            b.metric(),
        ))
    });

    let mut targets: BTreeMap<(u32, Metric), u64> = BTreeMap::new();
    for t in grid {
        *targets.entry((t.rep, t.metric)).or_default() += t.target;
    }
    let currencies = quota::currencies(cfg, &roster.reps, grid);
    let mut metrics: BTreeSet<Metric> = grid
        .iter()
        .map(|t| t.metric)
        .filter(|m| !matches!(m, Metric::Count(_)))
        .collect();
    for s in &cfg.sources {
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
    let metrics: Vec<Metric> = metrics.into_iter().collect();
    let mut order: Vec<usize> = (0..roster.len()).collect();
    order.sort_by(|&a, &b| roster.reps[a].id.cmp(&roster.reps[b].id));
    let mut reps = Vec::new();
    for i in order {
        let rep = &roster.reps[i];
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
        // composite score: weighted mean of capped attainment over metrics with a target
        let (mut wsum, mut acc) = (0u128, 0u128);
        let all_metrics = kinds
            .iter()
            .map(|k| Metric::Count(*k))
            .chain(metrics.iter().copied());
        for (m, c) in all_metrics.zip(cells.iter().chain(&metric_cells)) {
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
        let score = (wsum > 0).then(|| ((2 * acc + wsum) / (2 * wsum)) as u64);
        let extra = RepExtra {
            metric_cells,
            currency: currencies.get(i).cloned().flatten(),
            conversion,
            score,
            rank: None,
            tier: score
                .filter(|_| status != Status::Below)
                .and_then(|s| tier_of_tenths(&cfg.tiers, s))
                .map(str::to_string),
            ..RepExtra::default()
        };
        reps.push(RepRow {
            rep_id: rep.id.clone(),
            rep_name: rep.name.clone(),
            team: rep.team.clone(),
            role: rep.role.clone(),
            time_zone: rep.tz.name().to_string(),
            cells,
            total_activities,
            status,
            extra,
        });
    }
    // leaderboard: rank by score, ties share the rank (1, 2, 2, 4)
    let mut scores: Vec<u64> = reps.iter().filter_map(|r| r.extra.score).collect();
    scores.sort_unstable_by(|a, b| b.cmp(a));
    for r in &mut reps {
        r.extra.rank = r
            .extra
            .score
            .map(|s| scores.iter().take_while(|&&x| x > s).count() as u64 + 1);
    }

    let mut by_team: BTreeMap<String, Vec<&RepRow>> = BTreeMap::new();
    for r in &reps {
        by_team.entry(r.team.clone()).or_default().push(r);
    }
    let teams = by_team
        .into_iter()
        .map(|(team, members)| {
            let cells: Vec<KindCell> = (0..kinds.len())
                .map(|k| KindCell {
                    done: members.iter().map(|r| r.cells[k].done).sum(),
                    target: members
                        .iter()
                        .filter_map(|r| r.cells[k].target)
                        .fold(None, |acc: Option<u64>, t| Some(acc.unwrap_or(0) + t)),
                })
                .collect();
            let mut currencies: BTreeSet<&str> = BTreeSet::new();
            for r in &members {
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
                    KindCell {
                        done: members.iter().map(|r| r.extra.metric_cells[k].done).sum(),
                        target: members
                            .iter()
                            .filter_map(|r| r.extra.metric_cells[k].target)
                            .fold(None, |acc: Option<u64>, t| Some(acc.unwrap_or(0) + t)),
                    }
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
        })
        .collect();

    let meta = Meta {
        company: cfg.company.clone(),
        period: period.label(),
        period_start: period.start(),
        period_end: period.last_day(),
        timezone: cfg.timezone.name().to_string(),
        config: cfg.path.to_string_lossy().replace('\\', "/"),
        config_sha256: crate::sha256_hex(&cfg.bytes),
        version: env!("CARGO_PKG_VERSION").to_string(),
        language: cfg.language.clone(),
    };
    Ok(Report {
        meta,
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
        },
    })
}

/// Unknown identities listed per file on stderr (cron mail stays readable).
const SHOWN_IDENTITIES: usize = 10;

/// The per-file accounting table printed to stderr.
pub fn accounting_table(files: &[FileStats]) -> String {
    use std::fmt::Write;
    let mut total = FileStats {
        source: String::new(),
        file: "total".into(),
        ..FileStats::default()
    };
    for f in files {
        total.add(f);
    }
    let w_src = files
        .iter()
        .map(|f| f.source.chars().count())
        .max()
        .unwrap_or(0)
        .max(6);
    let w_file = files
        .iter()
        .map(|f| f.file.chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<w_src$}  {:<w_file$}  {:>9}  {:>9}  {:>11}  {:>10}  {:>8}  {:>9}  {:>5}  {:>7}",
        "source",
        "file",
        "read",
        "counted",
        "not counted",
        "duplicates",
        "rejected",
        "unmatched",
        "empty",
        "trailer"
    );
    for f in files.iter().chain(std::iter::once(&total)) {
        let _ = writeln!(
            s,
            "{:<w_src$}  {:<w_file$}  {:>9}  {:>9}  {:>11}  {:>10}  {:>8}  {:>9}  {:>5}  {:>7}{}",
            f.source,
            f.file,
            f.read,
            f.counted,
            f.not_counted_total(),
            f.duplicates,
            f.rejected,
            f.unmatched,
            f.empty,
            f.trailer,
            if f.reconciles() {
                ""
            } else {
                "  (does not reconcile!)"
            }
        );
    }
    for f in files {
        if !f.not_counted.is_empty() {
            let parts: Vec<String> = f
                .not_counted
                .iter()
                .map(|(k, v)| format!("{}={v}", k.as_str()))
                .collect();
            let _ = writeln!(s, "not counted in {}: {}", f.file, parts.join(", "));
        }
    }
    for f in files {
        if f.counted_previous > 0 {
            let _ = writeln!(
                s,
                "counted for the previous period in {}: {}",
                f.file, f.counted_previous
            );
        }
    }
    for f in files {
        if !f.unknown_identities.is_empty() {
            let parts: Vec<String> = f
                .unknown_identities
                .iter()
                .take(SHOWN_IDENTITIES)
                .map(|(k, v)| format!("{k} ({v})"))
                .collect();
            let more = f.unknown_identities.len().saturating_sub(SHOWN_IDENTITIES);
            let more = if more > 0 {
                format!(" and {more} more (all in accounting.csv)")
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                "unknown identities in {}: {}{more}",
                f.file,
                parts.join(", ")
            );
        }
    }
    s
}
