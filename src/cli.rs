//! Command-line arguments (clap derive): raw flags only, validated in `main`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

const EXAMPLES: &str = "\
Examples:
  activity-quota run --config samples/config.toml --period 2026-10 --out out/
  activity-quota run --config acme.toml --period 2026-W43 --out reports/w43
  activity-quota run --config acme.toml --period 2026-Q4 --out reports/q4
  activity-quota check --config acme.toml --period 2026-10

Exit codes:
  0   ok: reports written
  1   the run failed (an input is missing or unreadable, an output cannot be written)
  2   usage or config error (bad flag, bad config or roster, a mapping that does not fit a file)
  3   data-quality threshold breached (reports are still written)
  75  another run holds the output directory's lock";

/// Sales activity quotas from your tools' CSV exports: attainment per rep, team and
/// period, in each rep's own time zone.
#[derive(Parser, Debug)]
#[command(name = "activity-quota", version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Only print errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// More detail in the log (repeat for even more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Read the exports, count, and write the reports into --out.
    #[command(after_help = EXAMPLES)]
    Run(RunArgs),
    /// Validate the config, read every input and print the per-file row
    /// accounting, without writing reports.
    #[command(after_help = EXAMPLES)]
    Check(CheckArgs),
    /// List the built-in source presets (`preset = "…"`) with the header each expects.
    Sources,
}

#[derive(Args, Debug)]
pub struct Common {
    /// The config file (TOML).
    #[arg(short, long, value_name = "FILE")]
    pub config: PathBuf,
    /// Worker threads for reading exports [default: number of CPUs].
    #[arg(long, value_name = "N", env = "ACTIVITY_QUOTA_THREADS")]
    pub threads: Option<usize>,
}

#[derive(Args, Debug)]
pub struct RunArgs {
    #[command(flatten)]
    pub common: Common,
    /// The report period: `2026-10` (month), `2026-W43` (ISO week), `2026-Q4`,
    /// `2026` (year), or a range such as `2026-09..2026-11`.
    #[arg(short, long, value_name = "PERIOD")]
    pub period: String,
    /// The output directory (created if missing).
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: Common,
    /// Count only what falls in this period (default: every row that passes the rules).
    #[arg(short, long, value_name = "PERIOD")]
    pub period: Option<String>,
}
