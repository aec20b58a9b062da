//! The subcommands, wired to the library: logging set up from the global flags, then
//! one command run. [`settings`] resolves the flags and the config once; the commands
//! live in [`run_cmd`] and [`check_verify`].

mod check_verify;
mod close_cmd;
mod run_cmd;
mod settings;

use std::io::IsTerminal;

use activity_quota::{
    cli::{Cli, Command, LogFormat},
    error::Exit,
    report,
};
use clap::CommandFactory;

/// Log to stderr at the level of `--quiet`/`--verbose` (or `ACTIVITY_QUOTA_LOG`), as
/// text for people or JSON (`--log-format json`) for log collectors.
pub(crate) fn init_logging(cli: &Cli) {
    use tracing_subscriber::EnvFilter;
    let level = if cli.quiet {
        "error"
    } else {
        match cli.verbose {
            0 => "info",
            1 => "debug",
            _ => "trace",
        }
    };
    let filter = EnvFilter::try_from_env("ACTIVITY_QUOTA_LOG")
        .unwrap_or_else(|_| EnvFilter::new(format!("activity_quota={level}")));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false);
    match cli.log_format {
        LogFormat::Json => builder.json().flatten_event(true).init(),
        LogFormat::Text => builder.without_time().with_ansi(false).init(),
    }
}

/// Run the command of `cli`.
pub(crate) fn run(cli: Cli) -> anyhow::Result<Exit> {
    let show = Show {
        quiet: cli.quiet,
        json: cli.log_format == LogFormat::Json,
    };
    match cli.command {
        Command::Run(a) => run_cmd::cmd_run(a, show),
        Command::Check(a) => check_verify::cmd_check(a, show),
        Command::Verify(a) => check_verify::cmd_verify(a, show),
        Command::Sources => check_verify::cmd_sources(),
        Command::Init { dir, roster } => {
            print!(
                "{}",
                activity_quota::init::starter_config(&dir, roster.as_deref())?
            );
            Ok(Exit::Ok)
        }
        Command::Close(a) => close_cmd::cmd_close(a),
        Command::Completions { shell } => {
            let mut cmd = Cli::command();
            clap_complete::generate(shell, &mut cmd, "activity-quota", &mut std::io::stdout());
            Ok(Exit::Ok)
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
            Ok(Exit::Ok)
        }
    }
}

/// How to show results on stderr.
#[derive(Clone, Copy)]
struct Show {
    quiet: bool,
    json: bool,
}

impl Show {
    /// A progress bar over input files, only when a person watches stderr (never in cron).
    fn progress(&self, files: usize) -> Option<indicatif::ProgressBar> {
        (!self.quiet && !self.json && std::io::stderr().is_terminal()).then(|| {
            let pb = indicatif::ProgressBar::new(files as u64);
            pb.set_style(
                indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} files  {msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            pb
        })
    }

    /// Print the accounting: a table for people, one log event per file for collectors.
    fn accounting(&self, files: &[activity_quota::count::FileStats]) {
        if self.quiet {
            return;
        }
        if self.json {
            for f in files {
                tracing::info!(
                    source = %f.source, file = %f.file, read = f.read, counted = f.counted,
                    counted_previous = f.counted_previous, not_counted = f.not_counted_total(), duplicates = f.duplicates,
                    rejected = f.rejected, unmatched = f.unmatched, empty = f.empty,
                    first_activity = %activity_quota::count::utc_text(f.first_activity),
                    last_activity = %activity_quota::count::utc_text(f.last_activity),
                    "accounting"
                );
            }
        } else {
            eprint!("{}", report::accounting::table(files));
        }
    }
}

/// Say which leftovers of runs that did not finish were removed beside the output
/// directory (`output::publish::remove_stale`).
fn report_stale(removed: &[String]) {
    for name in removed {
        let what = if name.contains(".staging-") {
            "staging directory"
        } else {
            "previous output set"
        };
        tracing::warn!("removed a stale {what} `{name}` left by a run that did not finish");
    }
}

/// Warn about sources with counterparts that overlap but never matched
/// (`[cross_dedup]`): their calls most likely count twice.
fn warn_cross_dedup(misses: &[activity_quota::count::cross_dedup::CrossMiss]) {
    for m in misses {
        tracing::warn!("{}", m.message());
    }
}
