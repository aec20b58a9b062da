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
    }
}

fn threads(n: Option<usize>) -> usize {
    n.filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Check a period before the config is read; fiscal periods (`FY2027-Q1`) need the
/// config's `[fiscal]` calendar and are parsed again by [`period_in`].
fn period(s: &str) -> Result<ReportPeriod, Failure> {
    ReportPeriod::parse(s).or_else(|e| {
        let t = s.trim();
        if t.starts_with("FY") || t.starts_with("fy") {
            ReportPeriod::parse_with(t, Default::default())
                .map_err(|e| Failure::config(format!("--period {e}")))
        } else {
            Err(Failure::config(format!("--period {e}")))
        }
    })
}

fn period_in(s: &str, cfg: &Config) -> Result<ReportPeriod, Failure> {
    ReportPeriod::parse_with(s, cfg.fiscal).map_err(|e| Failure::config(format!("--period {e}")))
}

fn load(config: &Path) -> Result<(Config, Roster), Failure> {
    let cfg = Config::load(config)?;
    let roster = Roster::load(&cfg)?;
    Ok((cfg, roster))
}

fn cmd_run(a: RunArgs, quiet: bool) -> anyhow::Result<Exit> {
    period(&a.period)?;
    let as_of = a
        .as_of
        .as_deref()
        .map(|s| {
            chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
                Failure::config(format!("--as-of `{s}` is not a date; expected YYYY-MM-DD"))
            })
        })
        .transpose()?;
    let (cfg, roster) = load(&a.common.config)?;
    let period = period_in(&a.period, &cfg)?;
    let report = run::build_with(
        &cfg,
        &roster,
        &period,
        &run::RunOptions {
            threads: threads(a.common.threads),
            as_of,
        },
    )?;
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
    a.period.as_deref().map(period).transpose()?;
    let (cfg, roster) = load(&a.common.config)?;
    let period = a
        .period
        .as_deref()
        .map(|p| period_in(p, &cfg))
        .transpose()?;
    let absences = run::absences(&cfg, &roster)?;
    let inputs = run::resolve_inputs(&cfg)?;
    let grid = match &period {
        Some(p) => run::grid(&cfg, &roster, &absences, p, None),
        None => Vec::new(),
    };
    let windows = match &period {
        Some(p) => quota::windows(&grid, roster.len(), p),
        None => run::open_windows(roster.len()),
    };
    // the same currency rule as `run`, so both print the same accounting
    let currencies = quota::currencies(&cfg, &roster.reps, &grid);
    let ing = run::ingest_with(
        &cfg,
        &roster,
        &inputs,
        &windows,
        threads(a.common.threads),
        &currencies,
        None,
    )?;
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
