//! `activity-quota run`: the pipeline up to the report model, then the output set
//! (CSVs, `report.pdf`, statements, records, `manifest.json`) written into a staging
//! directory under the output directory's lock and swapped in whole; then the
//! accounting on stderr and the data-quality gates.

use std::{cell::RefCell, path::Path, time::Instant};

use activity_quota::{
    cli::RunArgs,
    config::{Config, CoverageMode},
    error::{Exit, Failure},
    output::guard::check_replaceable,
    output::manifest::{
        self, ComparedPeriod, FileRef, InputEntry, InputFile, Manifest, OutputEntry, PeriodInfo,
    },
    output::parquet::RecordWriter,
    output::publish::{DirLock, Staging, remove_stale},
    report::{
        self, Report,
        pdf::{Pdf, PdfOptions, RepPages, RepSelection},
        saved,
    },
    run, sha256_hex,
};
use anyhow::Context;
use chrono::{DateTime, Utc};

use super::{
    Show,
    close_cmd::{Previous, reopen_of},
    settings::{Gates, RunSettings},
};

/// The finance summary, in every output set.
pub(super) const REPORT_PDF: &str = "report.pdf";
/// The folder of the per-rep statements (`--per-rep`).
pub(super) const STATEMENTS_DIR: &str = "statements";
/// Every selected rep's statement in one file (`--statements combined|both`).
pub(super) const STATEMENTS_PDF: &str = "statements.pdf";

pub(super) fn cmd_run(a: RunArgs, show: Show) -> anyhow::Result<Exit> {
    let started = Instant::now();
    let started_at = Utc::now();
    let reopen = reopen_of(&a)?;
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
    check_replaceable(&s.out, s.force)?;
    super::report_stale(&remove_stale(&s.out)?);
    let previous = Previous::read(&s.out, reopen.as_ref())?;
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
    let gaps = match cfg.coverage.mode {
        CoverageMode::Off => Vec::new(),
        _ => report::coverage::gaps(&cfg, &report.files, &report.meta.period, s.as_of),
    };
    // a closed set is kept as signed when the numbers are the same, refused when not
    if previous.keep_closed(&s.out, reopen.as_ref(), &report)? {
        drop(stage);
        drop(lock);
        show.accounting(&report.files);
        quality_gates(&s.gates, &report, &s.out, (cfg.coverage.mode, &gaps))?;
        return Ok(Exit::Ok);
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
    let mut manifest = build_manifest(&s, &cfg, &report, outputs, (started, started_at));
    manifest.reopened = previous.chain(&report.meta.period.label(), reopen.as_ref());
    stage.write(manifest::FILE_NAME, &manifest.to_json())?;
    stage.commit()?;
    drop(lock);

    show.accounting(&report.files);
    super::warn_cross_dedup(&report.extra.cross_dedup_misses);
    tracing::info!(
        period = %report.meta.period.label(), start = %report.meta.period.start(),
        end = %report.meta.period.last_day(), as_of = %s.as_of, reps = report.reps.len(),
        previous = %report.extra.prev_period.map_or_else(|| "off".to_string(), |p| p.label()), out = %s.out.display(), ms = started.elapsed().as_millis() as u64, "reports written"
    );
    if cfg.coverage.mode == CoverageMode::Warn {
        for g in &gaps {
            tracing::warn!("{g}");
        }
    }
    quality_gates(&s.gates, &report, &s.out, (cfg.coverage.mode, &gaps))?;
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
    fn put(
        outputs: &mut Vec<OutputEntry>,
        stage: &mut Staging,
        name: &str,
        bytes: &[u8],
    ) -> anyhow::Result<()> {
        outputs.push(OutputEntry::of(name, bytes));
        stage.write(name, bytes)?;
        Ok(())
    }
    // the PDF is laid out on a second thread while the CSVs are written (same bytes,
    // same order of outputs)
    let pdf_bytes = std::thread::scope(|scope| -> anyhow::Result<Vec<u8>> {
        let rendering = scope.spawn(|| pdf.report(report));
        for (name, render) in report::csv::FILES {
            put(&mut outputs, stage, name, &render(report, s.csv)?)?;
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
    put(&mut outputs, stage, REPORT_PDF, &pdf_bytes)?;
    tracing::debug!(ms = started.elapsed().as_millis() as u64, "PDF written");
    if s.xlsx {
        put(
            &mut outputs,
            stage,
            report::xlsx::FILE_NAME,
            &report::xlsx::workbook(report, s.lang)?,
        )?;
    }
    if let Some(sel) = &s.per_rep {
        write_statements(pdf, report, s, sel, |files| {
            outputs.extend(
                files
                    .iter()
                    .map(|(name, bytes)| OutputEntry::of(name, bytes)),
            );
            stage.write_many(&files)?;
            Ok(())
        })?;
    }
    // the model the PDFs were rendered from, for `close` to render them again
    let opts = PdfOptions {
        lang: s.lang,
        generated: s.generated,
    };
    put(
        &mut outputs,
        stage,
        saved::FILE_NAME,
        &saved::to_json(report, &opts)?,
    )?;
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
        input_files: report
            .extra
            .side_inputs
            .iter()
            .map(InputFile::from)
            .chain(report.files.iter().map(InputFile::from))
            .collect(),
        outputs,
        cross_dedup_unmatched: report
            .extra
            .cross_dedup_misses
            .iter()
            .map(manifest::CrossDedupMiss::from)
            .collect(),
        closure: None,
        reopened: Vec::new(),
    }
}

/// The data-quality gates, checked once the reports are written: a breach is an error
/// of exit class 3 naming every gate breached.
fn quality_gates(
    gates: &Gates,
    report: &Report,
    out: &Path,
    (coverage, gaps): (CoverageMode, &[String]),
) -> Result<(), Failure> {
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
    if coverage == CoverageMode::Fail {
        breaches.extend(
            gaps.iter()
                .map(|g| format!("{g} ([gates] coverage = \"fail\")")),
        );
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

/// Render the statements of the reps `sel` names on `s.threads` threads and hand the
/// files to `write` 32 at a time in rep order, while the threads go on rendering (at
/// most 64 statements ahead, so memory holds a few batches, not the whole set):
/// `statements/<name>.pdf` per rep and/or, last, `statements.pdf`. The same threads
/// render every statement (threads made per batch would each take a malloc arena and
/// leave their memory in it: +60 MB resident for 2,000 statements).
fn write_statements(
    pdf: &Pdf,
    report: &Report,
    s: &RunSettings,
    sel: &RepSelection,
    mut write: impl FnMut(Vec<(String, Vec<u8>)>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let st = pdf.statements(report);
    let chosen = st.selected(sel);
    let (separate, combined) = (s.statements.separate(), s.statements.combined());
    let mut all = combined.then(|| st.combined());
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, Rendered)>(64);
        let workers: Vec<_> = (0..s.threads.max(1))
            .map(|_| {
                let (tx, st, chosen, next) = (tx.clone(), &st, &chosen, &next);
                scope.spawn(move || {
                    loop {
                        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(&i) = chosen.get(k) else { break };
                        let one = st.pages(i).and_then(|p| {
                            let file = separate.then(|| st.file(i, &p)).transpose()?;
                            Ok((combined.then_some(p), file))
                        });
                        // the receiver is gone when the writing failed: stop
                        if tx.send((k, one)).is_err() {
                            break;
                        }
                    }
                })
            })
            .collect();
        drop(tx);
        let mut early: std::collections::BTreeMap<usize, Rendered> = Default::default();
        let mut files = Vec::new();
        let mut done = 0;
        for (k, one) in rx.iter() {
            early.insert(k, one);
            while let Some(one) = early.remove(&done) {
                let i = chosen[done];
                done += 1;
                let (pages, file) = one.with_context(|| {
                    format!("rendering the statement of rep `{}`", report.reps[i].rep_id)
                })?;
                if let Some(bytes) = file {
                    files.push((format!("{STATEMENTS_DIR}/{}", st.name(i)), bytes));
                }
                if let (Some(all), Some(pages)) = (all.as_mut(), pages) {
                    all.add(i, pages)?;
                }
                if files.len() == 32 {
                    write(std::mem::take(&mut files))?;
                }
            }
        }
        for h in workers {
            h.join()
                .map_err(|_| anyhow::anyhow!("a statement renderer thread panicked"))?;
        }
        if done != chosen.len() {
            anyhow::bail!("{} of {} statements were rendered", done, chosen.len());
        }
        if !files.is_empty() {
            write(files)?;
        }
        Ok(())
    })?;
    if let Some(all) = all {
        write(vec![(STATEMENTS_PDF.to_string(), all.finish()?)])?;
    }
    Ok(())
}

/// A rendered statement: its pages (for `statements.pdf`) and its file of its own.
type Rendered = Result<(Option<RepPages>, Option<Vec<u8>>), activity_quota::error::Error>;
