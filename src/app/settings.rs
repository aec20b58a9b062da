//! The binary's settings, in the manner of ripgrep's `LowArgs` → `HiArgs`: the command
//! line ([`activity_quota::cli`], raw flags as clap parsed them) and the loaded config
//! are resolved once, here, into the values a command runs with. Nothing after this
//! looks at a raw flag again.

use std::{cell::RefCell, path::Path, path::PathBuf};

use activity_quota::{
    cli::{RecordFormat, RunArgs, StatementLayout},
    config::Config,
    error::Failure,
    model::Lang,
    output::parquet::RecordWriter,
    period::{self, ReportPeriod},
    report::{csv::CsvStyle, pdf::RepSelection},
    roster::Roster,
    run::RunOptions,
};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use chrono_tz::Tz;

/// What `activity-quota run` runs with: `RunArgs` resolved against the config.
pub(super) struct RunSettings {
    /// The report period, resolved against `as_of` and the config's fiscal year.
    pub period: ReportPeriod,
    /// `--period` as given (`last-month`, `2026-10`), recorded in the manifest.
    pub requested_period: String,
    /// The date relative periods and pacing are resolved against, in the
    /// organisation's zone (`--as-of`, `SOURCE_DATE_EPOCH`, else today).
    pub as_of: NaiveDate,
    /// The PDF's "generated" date, part of its bytes: the explicit `--as-of` (or
    /// `SOURCE_DATE_EPOCH`), else the day after the report period, never the clock.
    pub generated: NaiveDate,
    /// The reports' language: `--lang`, else the config's `language`.
    pub lang: Lang,
    /// The CSV dialect: Excel's (`--excel`, the config's `excel`, or language `pl`) or plain.
    pub csv: CsvStyle,
    /// Worker threads for reading exports (`--threads`, else the number of CPUs).
    pub threads: usize,
    /// Map the exports into memory (off with `--no-mmap` / `ACTIVITY_QUOTA_NO_MMAP`).
    pub mmap: bool,
    /// The output directory.
    pub out: PathBuf,
    /// `--force`: replace `out` even when it holds files activity-quota did not write.
    pub force: bool,
    /// The reps to write a statement for (`--per-rep [SELECTION]`), if any.
    pub per_rep: Option<RepSelection>,
    /// Statements as files of their own, in one `statements.pdf`, or both (`--statements`).
    pub statements: StatementLayout,
    /// Compare with the previous period (off with `--no-previous`).
    pub compare_previous: bool,
    /// Also write the normalised records (`--emit-records`).
    pub emit_records: Option<RecordFormat>,
    /// Write `report.xlsx` (off with `--no-xlsx`).
    pub xlsx: bool,
    /// The data-quality gates, checked after the reports are written.
    pub gates: Gates,
}

/// The data-quality gates of `run`: breached, the run exits 3 (the reports are
/// written either way).
pub(super) struct Gates {
    /// `--max-reject-rate` as a share (`2%` → 0.02).
    pub max_reject_rate: Option<f64>,
    /// `--fail-on-unmatched`.
    pub fail_on_unmatched: bool,
}

impl RunSettings {
    /// Load the config and roster named by `a` and resolve its flags against them. The
    /// checks run in the order their errors have always been reported: the reject
    /// rate, the config, the roster, `--as-of`, the period.
    pub(super) fn load(a: RunArgs) -> Result<(RunSettings, Config, Roster), Failure> {
        let max_reject_rate = a.max_reject_rate.as_deref().map(rate).transpose()?;
        let (mut cfg, roster) = load(&a.common.config)?;
        let as_of = as_of(a.common.as_of.as_deref(), cfg.timezone)?;
        let period: ReportPeriod = period::resolve(&a.period, as_of, cfg.fiscal)
            .map_err(|e| Failure::config(format!("--period {e}")))?;
        let lang = match a.lang {
            Some(l) => l,
            None => Lang::parse(&cfg.language).ok_or_else(|| {
                Failure::config(format!(
                    "unknown language `{}`; expected `en` or `pl`",
                    cfg.language
                ))
            })?,
        };
        // the report model names its language: `--lang` overrides the config's
        cfg.language = lang.as_str().to_string();
        let excel = a.excel || cfg.excel.unwrap_or(lang == Lang::Pl);
        let last_day = period.last_day();
        let generated = match a.common.as_of {
            Some(_) => as_of,
            None => last_day.succ_opt().unwrap_or(last_day),
        };
        let settings = RunSettings {
            period,
            requested_period: a.period,
            as_of,
            generated,
            lang,
            csv: if excel {
                CsvStyle::excel(lang)
            } else {
                CsvStyle::PLAIN
            },
            threads: threads(a.common.threads),
            mmap: !a.reading.no_mmap,
            out: a.out,
            force: a.force,
            per_rep: a
                .per_rep
                .as_deref()
                .map(|v| RepSelection::parse(v, &roster))
                .transpose()?,
            statements: a.statements.unwrap_or_default(),
            compare_previous: !a.no_previous,
            emit_records: a.emit_records,
            xlsx: !a.no_xlsx,
            gates: Gates {
                max_reject_rate,
                fail_on_unmatched: a.fail_on_unmatched,
            },
        };
        Ok((settings, cfg, roster))
    }

    /// The library's options of this run, with its progress bar and records writer.
    pub(super) fn options<'a>(
        &self,
        progress: Option<&'a indicatif::ProgressBar>,
        records: Option<&'a RefCell<RecordWriter>>,
    ) -> RunOptions<'a> {
        RunOptions {
            threads: self.threads,
            as_of: Some(self.as_of),
            progress,
            compare_previous: self.compare_previous,
            records,
            mmap: self.mmap,
        }
    }
}

/// `--threads N`: 0 or none means the number of CPUs.
pub(super) fn threads(n: Option<usize>) -> usize {
    n.filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `--as-of`: a date, an RFC 3339 time or Unix seconds; the date is taken in `tz` and
/// must fall in the years a report can cover ([`period::FIRST_YEAR`]..=[`period::LAST_YEAR`]).
pub(super) fn as_of(spec: Option<&str>, tz: Tz) -> Result<NaiveDate, Failure> {
    let Some(s) = spec.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(Utc::now().with_timezone(&tz).date_naive());
    };
    let d = parse_as_of(s, tz)?;
    if !(period::FIRST_YEAR..=period::LAST_YEAR).contains(&d.year()) {
        return Err(Failure::config(format!(
            "--as-of `{s}` is {d}, in year {}; expected a date in the years a report can cover, {}..{}",
            d.year(),
            period::FIRST_YEAR,
            period::LAST_YEAR
        )));
    }
    Ok(d)
}

/// The date of `--as-of` (not empty), in `tz`.
fn parse_as_of(s: &str, tz: Tz) -> Result<NaiveDate, Failure> {
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&tz).date_naive());
    }
    if let Some(t) = s
        .parse::<i64>()
        .ok()
        .and_then(|n| DateTime::from_timestamp(n, 0))
    {
        return Ok(t.with_timezone(&tz).date_naive());
    }
    Err(Failure::config(format!(
        "--as-of `{s}` is not a date; expected `2026-11-01`, an RFC 3339 time such as `2026-11-01T06:00:00+01:00`, or Unix seconds"
    )))
}

/// The config and its roster.
pub(super) fn load(config: &Path) -> Result<(Config, Roster), Failure> {
    let cfg = Config::load(config)?;
    let roster = Roster::load(&cfg)?;
    Ok((cfg, roster))
}

/// `2%` or `0.02` → 0.02.
fn rate(s: &str) -> Result<f64, Failure> {
    let t = s.trim();
    let v = match t.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().map(|v| v / 100.0),
        None => t.parse::<f64>(),
    };
    v.ok().filter(|v| (0.0..=1.0).contains(v)).ok_or_else(|| {
        Failure::config(format!(
            "--max-reject-rate `{s}`: expected a share such as `2%` or `0.02`"
        ))
    })
}
