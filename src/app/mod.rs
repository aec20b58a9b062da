//! The subcommands, wired to the library.

use std::{io::IsTerminal, path::Path, time::Instant};

use activity_quota::{
    cli::{CheckArgs, Cli, Command, LogFormat, RunArgs, VerifyArgs},
    config::Config,
    error::{Exit, Failure},
    model::Lang,
    output::manifest::{
        self, ComparedPeriod, FileRef, InputEntry, Manifest, OutputEntry, PeriodInfo,
    },
    output::parquet::RecordWriter,
    output::publish::{self as output, DirLock},
    period::{self, ReportPeriod},
    report::{
        self, Report,
        csv::CsvStyle,
        pdf::{Pdf, PdfOptions},
    },
    roster::Roster,
    run, sha256_hex,
};
use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use clap::CommandFactory;

pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    let show = Show {
        quiet: cli.quiet,
        json: cli.log_format == LogFormat::Json,
    };
    match cli.command {
        Command::Run(a) => cmd_run(a, show),
        Command::Check(a) => cmd_check(a, show),
        Command::Verify(a) => cmd_verify(a, show),
        Command::Sources => cmd_sources(),
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
                    "accounting"
                );
            }
        } else {
            eprint!("{}", run::accounting_table(files));
        }
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

/// `--as-of`: a date, an RFC 3339 time or Unix seconds; the date is taken in `tz`.
fn as_of(spec: Option<&str>, tz: Tz) -> Result<NaiveDate, Failure> {
    let Some(s) = spec.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(Utc::now().with_timezone(&tz).date_naive());
    };
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

fn load(config: &Path) -> Result<(Config, Roster), Failure> {
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

fn cmd_run(a: RunArgs, show: Show) -> anyhow::Result<Exit> {
    let started = Instant::now();
    let started_at = Utc::now();
    let max_reject = a.max_reject_rate.as_deref().map(rate).transpose()?;
    let (mut cfg, roster) = load(&a.common.config)?;
    let as_of = as_of(a.common.as_of.as_deref(), cfg.timezone)?;
    let period: ReportPeriod = period::resolve(&a.period, as_of, cfg.fiscal)
        .map_err(|e| Failure::config(format!("--period {e}")))?;
    tracing::debug!(
        ms = started.elapsed().as_millis() as u64,
        period = %period.label(),
        as_of = %as_of,
        "config and roster loaded, report period resolved"
    );
    if let Some(l) = &a.lang {
        cfg.language = l.clone();
    }
    let excel = a.excel || cfg.excel.unwrap_or(cfg.language == "pl");
    let style = if excel {
        CsvStyle::EXCEL
    } else {
        CsvStyle::PLAIN
    };
    let lang = Lang::parse(&cfg.language).ok_or_else(|| {
        Failure::config(format!(
            "unknown language `{}`; expected `en` or `pl`",
            cfg.language
        ))
    })?;
    // The PDF's "generated" date is part of its bytes: the explicit --as-of (or
    // SOURCE_DATE_EPOCH), else the day after the report period, never the clock.
    let last_day = period.last_day();
    let generated = match a.common.as_of {
        Some(_) => as_of,
        None => last_day.succ_opt().unwrap_or(last_day),
    };
    // the PDF's fonts and wording are loaded while the exports are read
    let pdf_loader = std::thread::spawn(move || Pdf::new(&PdfOptions { lang, generated }));
    let lock = DirLock::acquire(&a.out)?;
    // Every file goes into the staging directory as soon as it is ready (the records
    // while the exports are read); the set is swapped in whole at the end.
    let mut stage = output::Staging::begin(&a.out)?;
    let records = a.emit_records.map(|_| {
        std::cell::RefCell::new(RecordWriter::new(
            stage.root(),
            roster.reps.iter().map(|r| r.id.clone()).collect(),
            period.label(),
            (!a.no_previous).then(|| period.previous().label()),
        ))
    });

    let progress = show.progress(cfg.sources.len());
    let report = run::build_with(
        &cfg,
        &roster,
        &period,
        &run::RunOptions {
            threads: threads(a.common.threads),
            as_of: Some(as_of),
            progress: progress.as_ref(),
            compare_previous: !a.no_previous,
            records: records.as_ref(),
        },
    )?;
    let record_files = match records {
        Some(w) => w.into_inner().finish()?,
        None => Vec::new(),
    };
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }

    let pdf = pdf_loader
        .join()
        .map_err(|_| anyhow::anyhow!("loading the PDF fonts panicked"))??;

    let mut outputs: Vec<OutputEntry> = Vec::new();
    let mut put = |stage: &mut output::Staging, name: &str, bytes: &[u8]| {
        outputs.push(OutputEntry::of(name, bytes));
        stage.write(name, bytes)
    };
    // the PDF is laid out on a second thread while the CSVs are written (same bytes,
    // same order of outputs)
    let pdf_bytes = std::thread::scope(|scope| -> anyhow::Result<Vec<u8>> {
        let rendering = scope.spawn(|| pdf.report(&report));
        for (name, render) in report::csv::FILES {
            put(&mut stage, name, &render(&report, style)?)?;
        }
        tracing::debug!(
            ms = started.elapsed().as_millis() as u64,
            "CSV reports written"
        );
        Ok(rendering
            .join()
            .map_err(|_| anyhow::anyhow!("the PDF renderer panicked"))??)
    })?;
    put(&mut stage, REPORT_PDF, &pdf_bytes)?;
    tracing::debug!(ms = started.elapsed().as_millis() as u64, "PDF written");
    if a.per_rep {
        write_statements(&pdf, &report, threads(a.common.threads), |name, bytes| {
            put(&mut stage, &format!("{STATEMENTS_DIR}/{name}"), bytes)
        })?;
    }
    for name in &record_files {
        let (size, sha256) = stage.adopt(name)?;
        outputs.push(OutputEntry {
            path: name.clone(),
            size,
            sha256,
        });
    }
    let manifest = Manifest {
        tool: "activity-quota".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        config: FileRef {
            path: cfg.path.to_string_lossy().replace('\\', "/"),
            sha256: sha256_hex(&cfg.bytes),
        },
        period: PeriodInfo {
            requested: a.period.clone(),
            label: report.meta.period.clone(),
            start: report.meta.period_start.to_string(),
            end: report.meta.period_end.to_string(),
        },
        previous_period: (!a.no_previous).then(|| {
            let p = period.previous();
            ComparedPeriod {
                label: p.label(),
                start: p.start().to_string(),
                end: p.last_day().to_string(),
            }
        }),
        as_of: as_of.to_string(),
        started_at: started_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        duration_ms: started.elapsed().as_millis() as u64,
        inputs: report.files.iter().map(InputEntry::from).collect(),
        outputs,
    };
    stage.write(manifest::FILE_NAME, &manifest.to_json())?;
    stage.commit()?;
    drop(lock);

    show.accounting(&report.files);
    tracing::info!(
        period = %report.meta.period, start = %report.meta.period_start,
        end = %report.meta.period_end, as_of = %as_of, reps = report.reps.len(),
        previous = %report.extra.prev_period.as_deref().unwrap_or("off"), out = %a.out.display(), ms = started.elapsed().as_millis() as u64, "reports written"
    );

    // data-quality gates: the reports are written either way
    let total = report.totals();
    let mut breaches = Vec::new();
    if let Some(max) = max_reject
        && total.read > 0
    {
        let r = total.rejected as f64 / total.read as f64;
        if r > max {
            breaches.push(format!(
                "{} of {} rows rejected ({:.2} %), above --max-reject-rate {:.2} %",
                total.rejected,
                total.read,
                r * 100.0,
                max * 100.0
            ));
        }
    }
    if a.fail_on_unmatched && total.unmatched > 0 {
        breaches.push(format!(
            "{} rows name a rep who is not in the roster (--fail-on-unmatched): {}",
            total.unmatched,
            total
                .unknown_identities
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !breaches.is_empty() {
        return Err(Failure::new(
            Exit::Quality,
            format!(
                "data-quality threshold breached; reports written to `{}`\n  --> {}",
                a.out.display(),
                breaches.join("\n  --> ")
            ),
        )
        .into());
    }
    Ok(Exit::Ok)
}

/// The finance summary, in every output set.
const REPORT_PDF: &str = "report.pdf";
/// The folder of the per-rep statements (`--per-rep`).
const STATEMENTS_DIR: &str = "statements";

/// Render every rep's statement on `threads` threads, a few at a time, and hand each to
/// `write` in rep order (so memory holds a batch, not the whole set).
fn write_statements(
    pdf: &Pdf,
    report: &Report,
    threads: usize,
    mut write: impl FnMut(&str, &[u8]) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let st = pdf.statements(report);
    let threads = threads.max(1);
    let batch = 4 * threads;
    let mut start = 0;
    while start < st.len() {
        let end = (start + batch).min(st.len());
        let mut done: Vec<(usize, anyhow::Result<Vec<u8>>)> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..threads)
                .map(|w| {
                    let st = &st;
                    s.spawn(move || {
                        (start + w..end)
                            .step_by(threads)
                            .map(|i| (i, st.render(i).map_err(anyhow::Error::from)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        });
        if done.len() != end - start {
            anyhow::bail!("a statement renderer thread panicked");
        }
        done.sort_by_key(|(i, _)| *i);
        for (i, bytes) in done {
            let bytes = bytes.with_context(|| {
                format!("rendering the statement of rep `{}`", report.reps[i].rep_id)
            })?;
            write(st.name(i), &bytes)?;
        }
        start = end;
    }
    Ok(())
}

fn cmd_check(a: CheckArgs, show: Show) -> anyhow::Result<Exit> {
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
    let previous = counting
        .previous
        .as_ref()
        .map_or(&[][..], |p| p.windows.as_slice());
    let progress = show.progress(inputs.len());
    let ing = run::ingest_with(
        &cfg,
        &roster,
        &inputs,
        &counting.windows,
        previous,
        threads(a.common.threads),
        &counting.currencies,
        None,
        progress.as_ref(),
        None,
    )?;
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }
    show.accounting(&ing.files);
    if !show.quiet {
        tracing::info!(
            config = %cfg.path.display(), sources = cfg.sources.len(), files = inputs.len(),
            reps = roster.len(), quota_plans = cfg.quotas.len(), "config is valid"
        );
    }
    Ok(Exit::Ok)
}

fn cmd_verify(a: VerifyArgs, show: Show) -> anyhow::Result<Exit> {
    let drift = manifest::verify(&a.out)?;
    if drift.is_empty() {
        if !show.quiet {
            tracing::info!(out = %a.out.display(), "outputs match the manifest");
        }
        return Ok(Exit::Ok);
    }
    Err(Failure::run(format!(
        "outputs in `{}` differ from its manifest\n  --> {}",
        a.out.display(),
        drift.join("\n  --> ")
    ))
    .into())
}
