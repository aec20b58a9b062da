//! `activity-quota check` (read every input and print the accounting, no reports),
//! `verify` (re-hash an output set against its manifest) and `sources` (the presets).

use activity_quota::{
    cli::{CheckArgs, VerifyArgs},
    config::CoverageMode,
    error::{Exit, Failure},
    output::{closure, manifest, publish::sweep_unlocked},
    period, run,
};

use super::{
    Show,
    settings::{as_of, load, threads},
};

pub(super) fn cmd_sources() -> anyhow::Result<Exit> {
    print!("{}", activity_quota::sources::presets::listing());
    Ok(Exit::Ok)
}

pub(super) fn cmd_check(a: CheckArgs, show: Show) -> anyhow::Result<Exit> {
    let (cfg, roster) = load(&a.common.config)?;
    let as_of = as_of(a.common.as_of.as_deref(), cfg.timezone)?;
    let period = a
        .period
        .as_deref()
        .map(|p| {
            period::resolve(p, as_of, cfg.fiscal)
                .map_err(|e| Failure::config(format!("--period {e}")))
        })
        .transpose()?;
    let inputs = run::resolve_inputs(&cfg)?;
    // the same windows, previous period and currency rule as `run`, so both print the
    // same accounting
    let counting = run::counting(&cfg, &roster, period.as_ref(), None, !a.no_previous)?;
    let progress = show.progress(inputs.len());
    let options = run::RunOptions {
        threads: threads(a.common.threads),
        progress: progress.as_ref(),
        mmap: !a.reading.no_mmap,
        ..run::RunOptions::default()
    };
    let ing = run::ingest_with(&cfg, &roster, &inputs, &counting, &options)?;
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }
    show.accounting(&ing.files);
    super::warn_cross_dedup(&ing.cross_dedup_misses);
    // a dry run of the coverage gate: its gaps are warnings here
    if let Some(p) = &period
        && cfg.coverage.mode != CoverageMode::Off
    {
        for g in activity_quota::report::coverage::gaps(&cfg, &ing.files, p, as_of) {
            tracing::warn!("{g}");
        }
    }
    if !show.quiet {
        tracing::info!(
            config = %cfg.path.display(), sources = cfg.sources.len(), files = inputs.len(),
            reps = roster.len(), quota_plans = cfg.quotas.len(), "config is valid"
        );
    }
    Ok(Exit::Ok)
}

pub(super) fn cmd_verify(a: VerifyArgs, show: Show) -> anyhow::Result<Exit> {
    // leftovers of runs that did not finish; an `--out` without a name of its own
    // (`.`) has none to look for, and is still verified
    if let Ok(removed) = sweep_unlocked(&a.out) {
        super::report_stale(&removed);
    }
    let mut drift = manifest::verify(&a.out)?;
    drift.extend(closure::verify(&a.out)?);
    let inputs = manifest::verify_inputs(&a.out)?;
    if drift.is_empty() && inputs.is_empty() {
        if !show.quiet {
            tracing::info!(out = %a.out.display(), "outputs and inputs match the manifest");
        }
        return Ok(Exit::Ok);
    }
    let what = match (drift.is_empty(), inputs.is_empty()) {
        (false, true) => "outputs in",
        (true, false) => "inputs of the reports in",
        _ => "outputs and inputs of the reports in",
    };
    let lines: Vec<String> = drift.into_iter().chain(inputs).collect();
    Err(Failure::run(format!(
        "{what} `{}` differ from its manifest\n  --> {}",
        a.out.display(),
        lines.join("\n  --> ")
    ))
    .into())
}
