//! One run: config → roster → inputs → ingest → aggregate → report model. This module
//! only orchestrates the stages: the inputs are found by [`crate::sources::inputs`],
//! read and counted by [`crate::count::pipeline`], aggregated and built into the model
//! by [`crate::report::build`].

use crate::{
    aggregate::quota,
    calendar::Absences,
    config::Config,
    count::cells::{CellKey, CellVal, Counted},
    count::pipeline::{self as ingest, Ctx, SourceState},
    error::{Failure, Result},
    model::Kind,
    model::day::day_number,
    period::ReportPeriod,
    report::{Report, build},
    roster::{Roster, absences::load_absences},
};

pub(crate) use crate::report::build::Ingested;
pub use crate::sources::inputs::Input;

/// The inputs of a run: every source's paths and globs expanded
/// (`sources::inputs::resolve_inputs`), then each archive replaced by the members its
/// source reads (`sources::archive`).
pub fn resolve_inputs(cfg: &Config) -> Result<Vec<Input>, Failure> {
    let mut out = Vec::new();
    for input in crate::sources::inputs::resolve_inputs(cfg)? {
        let source = &cfg.sources[input.source];
        match crate::sources::archive::parts(source, &input.path, &input.shown)? {
            Some(parts) => out.extend(parts.into_iter().map(|(part, shown)| Input {
                shown,
                part: Some(part),
                ..input.clone()
            })),
            None => out.push(input),
        }
    }
    crate::sources::inputs::detect_all(cfg, &mut out)?;
    Ok(out)
}

/// Options of a run beyond config and period.
#[derive(Clone, Debug)]
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
    /// Map the exports into memory (`false`: `--no-mmap`, read them with `read()`).
    pub mmap: bool,
}

impl Default for RunOptions<'_> {
    /// Everything off (no threads given, no as-of day, progress, previous period or
    /// records) but mapping the exports.
    fn default() -> Self {
        RunOptions {
            threads: 0,
            as_of: None,
            progress: None,
            compare_previous: false,
            records: None,
            mmap: true,
        }
    }
}

/// Read every input. `windows` decide which local dates count for each rep × kind.
pub fn ingest_all(
    cfg: &Config,
    roster: &Roster,
    inputs: &[Input],
    windows: &[(i32, i32)],
    threads: usize,
) -> Result<Ingested> {
    let counting = Counting {
        grid: Vec::new(),
        windows: windows.to_vec(),
        previous: None,
        currencies: vec![None; roster.len()],
    };
    let opts = RunOptions {
        threads,
        ..RunOptions::default()
    };
    ingest_with(cfg, roster, inputs, &counting, &opts)
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

/// [`ingest_all`] with what decides whether a row counts ([`Counting`]: the current
/// and previous period's windows, per-rep currencies of won amounts; a row outside
/// `windows` but inside the previous period's counts, and is tallied in
/// `counted_previous`) and the run's options (threads, as-of day, progress, records).
pub fn ingest_with(
    cfg: &Config,
    roster: &Roster,
    inputs: &[Input],
    counting: &Counting,
    opts: &RunOptions,
) -> Result<Ingested> {
    let windows = counting.windows.as_slice();
    let previous = counting
        .previous
        .as_ref()
        .map_or(&[][..], |p| p.windows.as_slice());
    if let Some(pb) = opts.progress {
        pb.set_length(inputs.len() as u64);
    }
    let cross = cross_for(cfg);
    let countries = countries(cfg, roster);
    let offsets = offsets_for(roster, windows.iter().chain(previous));
    let window_index = ingest::WindowIndex::new(windows);
    let exits = exit_days(roster);
    let ctx = Ctx {
        roster,
        offsets: &offsets,
        windows,
        window_index: window_index.as_ref(),
        previous,
        threads: opts.threads,
        currencies: &counting.currencies,
        as_of: opts.as_of.map(day_number),
        exits: &exits,
        cross: cross.as_ref(),
        countries: &countries,
        records: opts.records.is_some(),
        mmap: opts.mmap,
    };
    let mut cells = Vec::new();
    let mut all = Counted::default();
    let mut files = Vec::new();
    let mut rejects = Vec::new();
    // de-duplication memory per source, and per tool within a source read through
    // `preset = "auto"` (two tools' ids are not one id space)
    let mut states: std::collections::BTreeMap<(usize, &str), SourceState> = Default::default();
    // files that do not fit their source: one message per source, all sources read first
    let mut unfit: Vec<(usize, String)> = Vec::new();
    for input in inputs {
        let own = input.choice.apply(&cfg.sources[input.source]);
        let source = own
            .as_ref()
            .unwrap_or_else(|| cfg.sources[input.source].layout(input.choice.layout));
        tracing::debug!(file = %input.shown, source = %source.name, "reading");
        if let Some(pb) = opts.progress {
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
            (&input.path, input.part.as_ref()),
            &input.shown,
            states
                .entry((input.source, source.preset.map_or("", |p| p.name)))
                .or_default(),
            if previous.is_empty() {
                &mut all
            } else {
                &mut file_cells
            },
            opts.records.map(|r| r.borrow_mut()).as_deref_mut(),
        )?;
        if let Some(why) = out.unfit
            && !unfit.iter().any(|(s, _)| *s == input.source)
        {
            unfit.push((input.source, why));
        }
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
        if let Some(pb) = opts.progress {
            pb.inc(1);
        }
    }
    if !unfit.is_empty() {
        let all: Vec<String> = unfit.into_iter().map(|(_, why)| why).collect();
        return Err(Failure::config(all.join("\n")).into());
    }
    if !all.is_empty() {
        cells.push(all);
    }
    let cross_dedup_misses = match cross.map(std::sync::Mutex::into_inner) {
        Some(Ok(c)) => c.misses(),
        _ => Vec::new(),
    };
    Ok(Ingested {
        cells,
        files,
        rejects,
        cross_dedup_misses,
    })
}

/// The cross-tool de-duplication of a config with `[cross_dedup]`: per source, its name
/// and kind when a layout of it has a counterpart column.
fn cross_for(cfg: &Config) -> Option<std::sync::Mutex<crate::count::cross_dedup::CrossDedup>> {
    cfg.cross_dedup_window_s.map(|w| {
        let with = cfg
            .sources
            .iter()
            .map(|s| {
                s.each_layout()
                    .find(|l| l.counterpart.is_some())
                    .map(|l| (s.name.clone(), l.kind))
            })
            .collect();
        std::sync::Mutex::new(crate::count::cross_dedup::CrossDedup::new(w, with))
    })
}

/// The country of each rep's phone numbers: their own, their team's, the default.
fn countries(
    cfg: &Config,
    roster: &Roster,
) -> Vec<Option<&'static crate::normalise::phone::Country>> {
    roster
        .reps
        .iter()
        .map(|r| {
            r.country
                .or_else(|| cfg.teams.get(&r.team).and_then(|t| t.country))
                .or(cfg.cross_dedup_country)
        })
        .collect()
}

/// Each rep's exit day; empty when no rep has an exit date (the per-row check then
/// finds nothing to compare).
fn exit_days(roster: &Roster) -> Vec<i32> {
    if roster.reps.iter().any(|r| r.exit_date.is_some()) {
        roster
            .reps
            .iter()
            .map(|r| r.exit_date.map_or(i32::MAX, day_number))
            .collect()
    } else {
        Vec::new()
    }
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
pub(crate) fn absences(cfg: &Config, roster: &Roster) -> Result<Absences, Failure> {
    match &cfg.absences {
        Some(p) => load_absences(p, roster, &cfg.roster_format),
        None => Ok(vec![Vec::new(); roster.len()]),
    }
}

/// The target grid of a report period.
pub(crate) fn grid(
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
    pub(crate) period: ReportPeriod,
    pub(crate) grid: Vec<quota::Target>,
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
        // not used without a period, but checked all the same
        absences(cfg, roster)?;
        return Ok(Counting {
            grid: Vec::new(),
            windows: open_windows(roster.len()),
            previous: None,
            currencies: quota::currencies(cfg, &roster.reps, &[]),
        });
    };
    let absences = absences(cfg, roster)?;
    // refused before it is built; the previous period's grid is of about the same size
    let inputs = quota::Inputs {
        cfg,
        reps: &roster.reps,
        absences: &absences,
        as_of: None,
    };
    quota::check_size(&inputs, period)?;
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
pub(crate) fn previous(
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
pub(crate) fn split_previous(cells: &mut [Counted], windows: &[(i32, i32)]) -> Vec<Counted> {
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
) -> Result<Report> {
    let t0 = std::time::Instant::now();
    let side_inputs = crate::sources::inputs::side_inputs(cfg)?;
    let inputs = resolve_inputs(cfg)?;
    let counting = counting(cfg, roster, Some(period), opts.as_of, opts.compare_previous)?;
    tracing::debug!(
        ms = t0.elapsed().as_millis() as u64,
        targets = counting.grid.len(),
        "inputs found, quota grids built"
    );
    let mut ing = ingest_with(cfg, roster, &inputs, &counting, opts)?;
    tracing::debug!(
        ms = t0.elapsed().as_millis() as u64,
        cells = ing.cells.iter().map(Counted::len).sum::<usize>(),
        "exports read and counted"
    );
    let prev_cells = match &counting.previous {
        Some(_) => split_previous(&mut ing.cells, &counting.windows),
        None => Vec::new(),
    };
    let mut report = build::assemble(cfg, roster, period, &counting.grid, ing)?;
    tracing::debug!(ms = t0.elapsed().as_millis() as u64, "aggregated");
    report.extra.as_of = opts.as_of;
    report.extra.side_inputs = side_inputs;
    if let Some(p) = &counting.previous {
        build::attach_previous(&mut report, roster, &p.period, &p.grid, &prev_cells)?;
    }
    Ok(report)
}
