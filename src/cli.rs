//! Command-line arguments (clap derive): raw flags only, validated in `app`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum, builder::PossibleValue};

use crate::model::Lang;

pub(crate) const EXAMPLES: &str = "\
Examples:
  activity-quota run --config samples/config.toml --period 2026-10 --out out/
  activity-quota run --config acme.toml --period last-month --out /srv/reports/latest
  activity-quota run --config acme.toml --period 2026-W43 --out reports/w43
  activity-quota run --config acme.toml --period 2026-10 --out reports/10 --per-rep --lang pl
  activity-quota check --config acme.toml --period 2026-10
  activity-quota verify --out /srv/reports/latest
  activity-quota close --out /srv/reports/latest --by \"Anna Nowak\"

Exit codes:
  0   ok: reports written
  1   the run failed (an input is missing or unreadable, an output cannot be written;
      for verify: the outputs differ from the manifest)
  2   usage or config error (bad flag, bad config or roster, a mapping that does not fit a file)
  3   data-quality threshold breached (--max-reject-rate, --fail-on-unmatched); reports are written
  4   the period is closed: the output set was signed off (`close`) and this run's numbers
      differ (nothing is written; the changed cells are listed; `run --reopen` replaces it)
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
    /// More detail in the log (-v debug, -vv trace).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Log format on stderr: `text` for people, `json` (one object per line) for log collectors.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
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
    /// Re-hash the outputs of a run against its manifest.json, and check its closure
    /// (closure.json, the reopening chain); exit 1 on any drift.
    Verify(VerifyArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to stdout.
    Man,
    /// List the built-in source presets (`preset = "…"`) with the header each expects.
    Sources,
    /// Write a commented starter config for a folder of exports to stdout: each file's
    /// tool, variant, encoding and delimiter recognised, files grouped into sources;
    /// `--roster` maps an HR roster's columns and adds a quota per role.
    Init {
        /// The folder holding the exports (searched recursively for .csv/.tsv/.txt).
        dir: std::path::PathBuf,
        /// The HR roster export.
        #[arg(long, value_name = "FILE")]
        roster: Option<std::path::PathBuf>,
    },
    /// Sign an output set off: record who and when, and render its PDFs again with the
    /// sign-off filled in; a later run whose numbers differ is refused (exit 4).
    #[command(after_help = EXAMPLES)]
    Close(CloseArgs),
}

#[derive(Args, Debug)]
pub struct Common {
    /// The config file (TOML).
    #[arg(short, long, value_name = "FILE")]
    pub config: PathBuf,
    /// Worker threads for reading exports [default: number of CPUs].
    #[arg(long, value_name = "N", env = "ACTIVITY_QUOTA_THREADS")]
    pub threads: Option<usize>,
    /// The date relative periods are resolved against, in the organisation's time
    /// zone: `2026-11-01`, an RFC 3339 time, or Unix seconds [default: now].
    #[arg(long, value_name = "DATE", env = "SOURCE_DATE_EPOCH")]
    pub as_of: Option<String>,
}

/// How the exports are read (`run` and `check`; flattened last, so that the other
/// options keep their place in `--help`).
#[derive(Args, Debug)]
pub struct Reading {
    /// Read the exports with read() instead of mapping them into memory (for exports on
    /// a network share that another program may rewrite while they are read).
    #[arg(long, env = "ACTIVITY_QUOTA_NO_MMAP", value_parser = set_means_true)]
    pub no_mmap: bool,
}

/// `ACTIVITY_QUOTA_NO_MMAP` set to any value (as before `--no-mmap` existed) means
/// `--no-mmap`; only clap's own `false`, the flag's default, means it is off.
fn set_means_true(value: &str) -> Result<bool, std::convert::Infallible> {
    Ok(value != "false")
}

#[derive(Args, Debug)]
pub struct RunArgs {
    #[command(flatten)]
    pub common: Common,
    /// The report period: `2026-10` (month), `2026-W43` (ISO week), `2026-Q4`,
    /// `2026` (year), a range such as `2026-09..2026-11`, or `last-month`,
    /// `this-month`, `last-week`, `this-week`, `last-quarter`, `last-year`.
    #[arg(short, long, value_name = "PERIOD")]
    pub period: String,
    /// The output directory (created if missing; its content is replaced as a whole).
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,
    /// Write CSVs for Excel in the report language: UTF-8 with BOM; pl: `;`-separated
    /// with a decimal comma, en: `,` and `.` (default for language pl).
    #[arg(long)]
    pub excel: bool,
    /// Report language (CSV defaults and report.pdf), overriding the config's `language`.
    #[arg(long, value_name = "LANG", value_enum)]
    pub lang: Option<Lang>,
    /// Also write a statement PDF per rep into `statements/` of the output set
    /// (`statements/<rep_id>-<name>.pdf`). Alone: every rep; with a selection only
    /// those reps: `--per-rep team=Warszawa`, `--per-rep rep=R001,R002` (repeat the
    /// flag or list with commas; an item without `key=` takes the key before it).
    #[arg(long, value_name = "SELECTION", num_args = 0..=1, action = clap::ArgAction::Append)]
    pub per_rep: Option<Vec<String>>,
    /// How `--per-rep` writes the statements: `separate` files in `statements/`, one
    /// `combined` `statements.pdf` with a bookmark per rep, or `both`.
    #[arg(long, value_name = "LAYOUT", value_enum, requires = "per_rep")]
    pub statements: Option<StatementLayout>,
    /// Exit 3 when more than this share of the rows read was rejected, e.g. `2%` or `0.02`.
    #[arg(long, value_name = "RATE")]
    pub max_reject_rate: Option<String>,
    /// Exit 3 when any row names a rep that is not in the roster.
    #[arg(long)]
    pub fail_on_unmatched: bool,
    /// Do not compare with the previous period. By default summary.csv and teams.csv
    /// also show the previous period's done and attainment (2026-10 → 2026-09), and
    /// rows of the previous period count for it.
    #[arg(long)]
    pub no_previous: bool,
    /// Also write the normalised records (one row per classified input row, with its
    /// status) into `records/period=YYYY-MM/part-NNNNN.parquet` of the output set.
    #[arg(long, value_name = "FORMAT", value_enum)]
    pub emit_records: Option<RecordFormat>,
    #[command(flatten)]
    pub reading: Reading,
    /// Replace a closed (signed-off) output set whose numbers differ; needs `--by` and
    /// `--reason`, kept with the closed set's manifest hash in the new manifest.
    #[arg(long)]
    pub reopen: bool,
    /// With `--reopen`: who reopens the closed period.
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// With `--reopen`: why the closed period is reopened.
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Replace the output directory even when it holds files activity-quota did not
    /// write (they are deleted with the previous set). Without it such a directory is
    /// refused (exit 2).
    #[arg(long)]
    pub force: bool,
    /// Do not write report.xlsx (the reports as one formatted workbook).
    #[arg(long)]
    pub no_xlsx: bool,
}

/// Layouts of `--statements`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum StatementLayout {
    /// One file per rep in `statements/` (the default).
    #[default]
    Separate,
    /// One `statements.pdf` with every selected rep's statement and a bookmark per rep.
    Combined,
    /// Both.
    Both,
}

impl StatementLayout {
    /// Whether the files of their own are written.
    pub fn separate(self) -> bool {
        self != StatementLayout::Combined
    }

    /// Whether `statements.pdf` is written.
    pub fn combined(self) -> bool {
        self != StatementLayout::Separate
    }
}

/// Formats of `--emit-records`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RecordFormat {
    /// Hive-partitioned Parquet (zstd), for DuckDB, Spark, DataFusion.
    Parquet,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub common: Common,
    /// Count only what falls in this period (default: every row that passes the rules).
    #[arg(short, long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// With --period: do not also count the previous period (as `run --no-previous`).
    #[arg(long)]
    pub no_previous: bool,
    #[command(flatten)]
    pub reading: Reading,
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The output directory of a run.
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Args, Debug)]
pub struct CloseArgs {
    /// The output directory of a run.
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,
    /// Who signs the set off (printed in the PDFs and kept in manifest.json).
    #[arg(long, value_name = "NAME")]
    pub by: String,
    /// When, as an RFC 3339 time (`2026-11-03T09:00:00Z`) [default: now].
    #[arg(long, value_name = "TIME", env = "ACTIVITY_QUOTA_NOW")]
    pub at: Option<String>,
}

/// `--lang en|pl`: the possible values are [`Lang::as_str`].
impl ValueEnum for Lang {
    fn value_variants<'a>() -> &'a [Self] {
        &[Lang::En, Lang::Pl]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_mmap_from_the_flag_or_any_value_of_the_variable() {
        let parse = |extra: &[&str]| {
            let args = ["activity-quota", "check", "--config", "c.toml"];
            let cli = Cli::try_parse_from(args.iter().chain(extra)).unwrap();
            match cli.command {
                Command::Check(a) => a.reading.no_mmap,
                _ => unreachable!(),
            }
        };
        if std::env::var_os("ACTIVITY_QUOTA_NO_MMAP").is_none() {
            assert!(!parse(&[]));
        }
        assert!(parse(&["--no-mmap"]));
        // what ACTIVITY_QUOTA_NO_MMAP=… gives: set to anything means no mmap
        for v in ["1", "0", "yes", ""] {
            assert_eq!(set_means_true(v), Ok(true), "{v:?}");
        }
    }

    #[test]
    fn lang_is_the_model_lang() {
        let cli = Cli::try_parse_from([
            "activity-quota",
            "run",
            "-c",
            "c.toml",
            "-p",
            "2026-10",
            "-o",
            "out",
            "--lang",
            "pl",
        ])
        .unwrap();
        let Command::Run(a) = cli.command else {
            unreachable!()
        };
        assert_eq!(a.lang, Some(Lang::Pl));
        assert!(
            Cli::try_parse_from(["activity-quota", "run", "--lang", "de"])
                .unwrap_err()
                .to_string()
                .starts_with(
                    "error: invalid value 'de' for '--lang <LANG>'\n  [possible values: en, pl]"
                )
        );
    }
}
