//! `activity-quota run`: the pipeline up to the report model, then the output set
//! (CSVs, `report.pdf`, statements, records, `manifest.json`) written into a staging
//! directory under the output directory's lock and swapped in whole; then the
//! accounting on stderr and the data-quality gates.

use std::{cell::RefCell, path::Path, time::Instant};

use activity_quota::{
    cli::RunArgs,
    config::Config,
    error::{Exit, Failure},
    output::manifest::{
        self, ComparedPeriod, FileRef, InputEntry, Manifest, OutputEntry, PeriodInfo,
    },
    output::parquet::RecordWriter,
    output::publish::{DirLock, Staging, remove_stale},
    report::{
        self, Report,
        pdf::{Pdf, PdfOptions},
    },
    run, sha256_hex,
};
use anyhow::Context;
use chrono::{DateTime, Utc};

use super::{
    Show,
    settings::{Gates, RunSettings},
};

/// The finance summary, in every output set.
const REPORT_PDF: &str = "report.pdf";
/// The folder of the per-rep statements (`--per-rep`).
const STATEMENTS_DIR: &str = "statements";

pub(super) fn cmd_run(a: RunArgs, show: Show) -> anyhow::Result<Exit> {
    let started = Instant::now();
    let started_at = Utc::now();
    let (s, cfg, roster) = RunSettings::load(a)?;
    tracing::debug!(
        ms = started.elapsed().as_millis() as u64,
        period = %s.period.label(),
        as_of = %s.as_of,
        "config and roster loaded, report period resolved"
    );
    // the PDF's fonts and wording are loaded while the exports are read
    let pdf_options = PdfOptions {
        lang: s.lang,
        generated: s.generated,
    };
    let pdf_loader = std::thread::spawn(move || Pdf::new(&pdf_options));
    let lock = DirLock::acquire(&s.out)?;
    super::report_stale(&remove_stale(&s.out)?);
    // Every file goes into the staging directory as soon as it is ready (the records
    // while the exports are read); the set is swapped in whole at the end.
    let mut stage = Staging::begin(&s.out)?;
    let records = s.emit_records.map(|_| {
        RefCell::new(RecordWriter::new(
            stage.root(),
            roster.reps.iter().map(|r| r.id.clone()).collect(),
            s.period.label(),
            s.compare_previous.then(|| s.period.previous().label()),
        ))
    });

    let progress = show.progress(cfg.sources.len());
    let options = s.options(progress.as_ref(), records.as_ref());
    let report = run::build_with(&cfg, &roster, &s.period, &options)?;
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
    let mut outputs = write_reports(&mut stage, &s, &pdf, &report, started)?;
    for name in &record_files {
        let (size, sha256) = stage.adopt(name)?;
        outputs.push(OutputEntry {
            path: name.clone(),
            size,
            sha256,
        });
    }
    let manifest = build_manifest(&s, &cfg, &report, outputs, (started, started_at));
    stage.write(manifest::FILE_NAME, &manifest.to_json())?;
    stage.commit()?;
    drop(lock);

    show.accounting(&report.files);
    tracing::info!(
        period = %report.meta.period.label(), start = %report.meta.period.start(),
        end = %report.meta.period.last_day(), as_of = %s.as_of, reps = report.reps.len(),
        previous = %report.extra.prev_period.map_or_else(|| "off".to_string(), |p| p.label()), out = %s.out.display(), ms = started.elapsed().as_millis() as u64, "reports written"
    );
    quality_gates(&s.gates, &report, &s.out)?;
    Ok(Exit::Ok)
}

/// Write the CSVs, `report.pdf` and (`--per-rep`) the statements into the staging
/// directory, in this order; returns their manifest entries.
fn write_reports(
    stage: &mut Staging,
    s: &RunSettings,
    pdf: &Pdf,
    report: &Report,
    started: Instant,
) -> anyhow::Result<Vec<OutputEntry>> {
    let mut outputs: Vec<OutputEntry> = Vec::new();
    let mut put = |stage: &mut Staging, name: &str, bytes: &[u8]| -> anyhow::Result<()> {
        outputs.push(OutputEntry::of(name, bytes));
        stage.write(name, bytes)?;
        Ok(())
    };
    // the PDF is laid out on a second thread while the CSVs are written (same bytes,
    // same order of outputs)
    let pdf_bytes = std::thread::scope(|scope| -> anyhow::Result<Vec<u8>> {
        let rendering = scope.spawn(|| pdf.report(report));
        for (name, render) in report::csv::FILES {
            put(stage, name, &render(report, s.csv)?)?;
        }
        tracing::debug!(
            ms = started.elapsed().as_millis() as u64,
            "CSV reports written"
        );
        let pdf_bytes = rendering
            .join()
            .map_err(|_| anyhow::anyhow!("the PDF renderer panicked"))??;
        Ok(pdf_bytes)
    })?;
    put(stage, REPORT_PDF, &pdf_bytes)?;
    tracing::debug!(ms = started.elapsed().as_millis() as u64, "PDF written");
    if s.xlsx {
        put(
            stage,
            report::xlsx::FILE_NAME,
            &report::xlsx::workbook(report, s.lang)?,
        )?;
    }
    if s.per_rep {
        write_statements(pdf, report, s.threads, |name, bytes| {
            put(stage, &format!("{STATEMENTS_DIR}/{name}"), bytes)
        })?;
    }
    Ok(outputs)
}

/// The manifest of the output set: what produced it (tool, config, period, as-of,
/// start and duration), the inputs with their accounting, and every output's hash.
fn build_manifest(
    s: &RunSettings,
    cfg: &Config,
    report: &Report,
    outputs: Vec<OutputEntry>,
    (started, started_at): (Instant, DateTime<Utc>),
) -> Manifest {
    Manifest {
        tool: "activity-quota".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        config: FileRef {
            path: cfg.path.to_string_lossy().replace('\\', "/"),
            sha256: sha256_hex(&cfg.bytes),
        },
        period: PeriodInfo::new(s.requested_period.clone(), &report.meta.period),
        previous_period: s
            .compare_previous
            .then(|| ComparedPeriod::from(&s.period.previous())),
        as_of: s.as_of.to_string(),
        started_at: started_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        duration_ms: started.elapsed().as_millis() as u64,
        inputs: report.files.iter().map(InputEntry::from).collect(),
        outputs,
    }
}

/// The data-quality gates, checked once the reports are written: a breach is an error
/// of exit class 3 naming every gate breached.
fn quality_gates(gates: &Gates, report: &Report, out: &Path) -> Result<(), Failure> {
    let total = report.totals();
    let mut breaches = Vec::new();
    if let Some(max) = gates.max_reject_rate
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
    if gates.fail_on_unmatched && total.unmatched > 0 {
        breaches.push(format!(
            "{} rows name a rep who is not in the roster (--fail-on-unmatched): {}",
            total.unmatched,
            report::accounting::capped(&total.unknown_identities, ", ", |k, _| k.to_string())
        ));
    }
    if breaches.is_empty() {
        return Ok(());
    }
    Err(Failure::new(
        Exit::Quality,
        format!(
            "data-quality threshold breached; reports written to `{}`\n  --> {}",
            out.display(),
            breaches.join("\n  --> ")
        ),
    ))
}

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
        let mut done: Vec<(usize, _)> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..threads)
                .map(|w| {
                    let st = &st;
                    s.spawn(move || {
                        (start + w..end)
                            .step_by(threads)
                            .map(|i| (i, st.render(i)))
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
