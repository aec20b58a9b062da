//! One run: config → roster → inputs → ingest → aggregate → report model.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

use anyhow::Context;

use crate::{
    aggregate,
    config::Config,
    count::{FileStats, Reject},
    error::Failure,
    ingest::{self, Cells, Ctx, SourceState},
    period::ReportPeriod,
    quota,
    record::Kind,
    report::{AttainmentRow, KindCell, Meta, RepRow, Report, Status, TeamRow},
    roster::Roster,
};

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
    pub cells: Cells,
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
    let ctx = Ctx {
        roster,
        windows,
        threads,
    };
    let mut cells = Cells::default();
    let mut files = Vec::new();
    let mut rejects = Vec::new();
    let mut states: Vec<SourceState> = cfg.sources.iter().map(|_| SourceState::default()).collect();
    for input in inputs {
        let source = &cfg.sources[input.source];
        tracing::debug!(file = %input.shown, source = %source.name, "reading");
        let out = ingest::ingest_file(
            &ctx,
            source,
            &input.path,
            &input.shown,
            &mut states[input.source],
            &mut cells,
        )?;
        files.push(out.stats);
        rejects.extend(out.rejects);
    }
    Ok(Ingested {
        cells,
        files,
        rejects,
    })
}

/// Everything-counts windows, for `check` without a period.
pub fn open_windows(n_reps: usize) -> Vec<(i32, i32)> {
    vec![(i32::MIN, i32::MAX); n_reps * Kind::ALL.len()]
}

/// Run the whole pipeline up to the report model.
pub fn build(
    cfg: &Config,
    roster: &Roster,
    period: &ReportPeriod,
    threads: usize,
) -> anyhow::Result<Report> {
    let inputs = resolve_inputs(cfg)?;
    let grid = quota::grid(&cfg.quotas, &roster.reps, period);
    let windows = quota::windows(&grid, roster.len(), period);
    let ing = ingest_all(cfg, roster, &inputs, &windows, threads)?;
    assemble(cfg, roster, period, &grid, ing)
}

/// Aggregate ingested cells against the grid and assemble the report model.
pub fn assemble(
    cfg: &Config,
    roster: &Roster,
    period: &ReportPeriod,
    grid: &[quota::Target],
    ing: Ingested,
) -> anyhow::Result<Report> {
    let done =
        aggregate::done_per_target(&ing.cells, grid).context("aggregating per quota period")?;
    let per_rep_kind = aggregate::done_per_rep_kind(&ing.cells).context("aggregating per rep")?;

    let mut kinds: BTreeSet<Kind> = cfg.sources.iter().map(|s| s.kind).collect();
    kinds.extend(grid.iter().map(|t| t.kind));
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
                kind: t.kind,
                done: d.done,
                target: t.target,
                plan: t.plan.clone(),
            })
        })
        .collect();
    attainment.sort_by(|a, b| {
        (&a.rep_id, a.period_start, &a.period, a.kind).cmp(&(
            &b.rep_id,
            b.period_start,
            &b.period,
            b.kind,
        ))
    });

    let mut targets: BTreeMap<(u32, Kind), u64> = BTreeMap::new();
    for t in grid {
        *targets.entry((t.rep, t.kind)).or_default() += t.target;
    }
    let mut order: Vec<usize> = (0..roster.len()).collect();
    order.sort_by(|&a, &b| roster.reps[a].id.cmp(&roster.reps[b].id));
    let mut reps = Vec::new();
    for i in order {
        let rep = &roster.reps[i];
        let cells: Vec<KindCell> = kinds
            .iter()
            .map(|&k| KindCell {
                done: per_rep_kind.get(&(i as u32, k)).map_or(0, |v| v.0),
                target: targets.get(&(i as u32, k)).copied(),
            })
            .collect();
        let total_activities = kinds
            .iter()
            .zip(&cells)
            .filter(|(k, _)| k.is_activity())
            .map(|(_, c)| c.done)
            .sum();
        let status = Status::overall(cells.iter().map(KindCell::status));
        reps.push(RepRow {
            rep_id: rep.id.clone(),
            rep_name: rep.name.clone(),
            team: rep.team.clone(),
            role: rep.role.clone(),
            time_zone: rep.tz.name().to_string(),
            cells,
            total_activities,
            status,
        });
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
            TeamRow {
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
        period_end: period.end().pred_opt().unwrap_or(period.end()),
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
    })
}

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
        if !f.unknown_identities.is_empty() {
            let parts: Vec<String> = f
                .unknown_identities
                .iter()
                .map(|(k, v)| format!("{k} ({v})"))
                .collect();
            let _ = writeln!(s, "unknown identities in {}: {}", f.file, parts.join(", "));
        }
    }
    s
}
