//! The subcommands, wired to the library.

use std::path::Path;

use activity_quota::{
    cli::{CheckArgs, Cli, Command, RunArgs},
    config::Config,
    error::{Exit, Failure},
    output,
    period::ReportPeriod,
    quota,
    report::{self, csv::CsvStyle},
    roster::Roster,
    run,
};
use anyhow::Context;

pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    let quiet = cli.quiet;
    match cli.command {
        Command::Run(a) => cmd_run(a, quiet),
        Command::Check(a) => cmd_check(a, quiet),
        Command::Sources => cmd_sources(),
    }
}

fn cmd_sources() -> anyhow::Result<Exit> {
    print!("{}", activity_quota::sources::presets::listing());
    Ok(Exit::Ok)
}

fn threads(n: Option<usize>) -> usize {
    n.filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn period(s: &str) -> Result<ReportPeriod, Failure> {
    ReportPeriod::parse(s).map_err(|e| Failure::config(format!("--period {e}")))
}

fn load(config: &Path) -> Result<(Config, Roster), Failure> {
    let cfg = Config::load(config)?;
    let roster = Roster::load(&cfg)?;
    Ok((cfg, roster))
}

fn cmd_run(a: RunArgs, quiet: bool) -> anyhow::Result<Exit> {
    let period = period(&a.period)?;
    let (cfg, roster) = load(&a.common.config)?;
    let report = run::build(&cfg, &roster, &period, threads(a.common.threads))?;
    std::fs::create_dir_all(&a.out).map_err(|e| {
        Failure::run(format!(
            "cannot create output directory `{}`: {e}",
            a.out.display()
        ))
    })?;
    let style = if cfg.excel {
        CsvStyle::EXCEL
    } else {
        CsvStyle::PLAIN
    };
    for (name, render) in report::csv::FILES {
        let bytes = render(&report, style).with_context(|| format!("rendering {name}"))?;
        output::write_atomic(&a.out, name, &bytes)?;
    }
    output::sync_dir(&a.out);
    if !quiet {
        eprint!("{}", run::accounting_table(&report.files));
        eprintln!(
            "period {} ({} .. {}), {} reps, reports in {}",
            report.meta.period,
            report.meta.period_start,
            report.meta.period_end,
            report.reps.len(),
            a.out.display()
        );
    }
    Ok(Exit::Ok)
}

fn cmd_check(a: CheckArgs, quiet: bool) -> anyhow::Result<Exit> {
    let period = a.period.as_deref().map(period).transpose()?;
    let (cfg, roster) = load(&a.common.config)?;
    let inputs = run::resolve_inputs(&cfg)?;
    let windows = match &period {
        Some(p) => quota::windows(&quota::grid(&cfg.quotas, &roster.reps, p), roster.len(), p),
        None => run::open_windows(roster.len()),
    };
    let ing = run::ingest_all(&cfg, &roster, &inputs, &windows, threads(a.common.threads))?;
    if !quiet {
        eprint!("{}", run::accounting_table(&ing.files));
        eprintln!(
            "config `{}` is valid: {} sources, {} files, {} reps, {} quota plans",
            cfg.path.display(),
            cfg.sources.len(),
            inputs.len(),
            roster.len(),
            cfg.quotas.len()
        );
    }
    Ok(Exit::Ok)
}
