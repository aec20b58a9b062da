//! `activity-quota close` (sign an output set off: its PDFs rendered again from
//! `model.json` with the sign-off filled in, `closure.json` written) and what `run`
//! does with a closed set: refuse numbers that differ (exit 4), keep the set when they
//! do not, or replace it with `--reopen` and carry the chain.

use std::path::Path;

use activity_quota::{
    cli::{CloseArgs, RunArgs},
    error::{Exit, Failure},
    output::{
        closure::{self, Closure},
        manifest::{self, Manifest, OutputEntry, Reopened, SignedOff},
        publish::{DirLock, Staging, remove_stale},
    },
    report::{
        Report, diff,
        pdf::{Pdf, SignOff},
        saved,
    },
    sha256_hex,
};
use chrono::{DateTime, Utc};

use super::run_cmd::{REPORT_PDF, STATEMENTS_DIR, STATEMENTS_PDF};

/// The changed cells printed when a run is refused; the rest are counted.
const MAX_CHANGES: usize = 20;

/// Who reopens a closed period and why (`run --reopen --by … --reason …`).
pub(super) struct Reopen {
    by: String,
    reason: String,
    at: DateTime<Utc>,
}

/// `--reopen`, `--by` and `--reason` of `run`: all three or none (exit 2).
pub(super) fn reopen_of(a: &RunArgs) -> anyhow::Result<Option<Reopen>> {
    fn given(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|v| !v.is_empty())
    }
    match (a.reopen, given(&a.by), given(&a.reason)) {
        (false, None, None) => Ok(None),
        (true, Some(by), Some(reason)) => Ok(Some(Reopen {
            by: by.to_string(),
            reason: reason.to_string(),
            at: now(std::env::var("ACTIVITY_QUOTA_NOW").ok().as_deref(), "ACTIVITY_QUOTA_NOW")?,
        })),
        (true, _, _) => Err(Failure::config(
            "`--reopen` needs `--by NAME` and `--reason TEXT`: who reopens the closed period, and why (both are kept in manifest.json)",
        )
        .into()),
        (false, _, _) => Err(Failure::config(
            "`--by` and `--reason` go with `--reopen` (replacing a closed output set)",
        )
        .into()),
    }
}

/// The time of a closure or reopening: `value` (an RFC 3339 time, from `what`) or now.
fn now(value: Option<&str>, what: &str) -> anyhow::Result<DateTime<Utc>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(Utc::now()),
        Some(v) => DateTime::parse_from_rfc3339(v)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| {
                Failure::config(format!(
                    "{what} `{v}`: {e}; expected an RFC 3339 time such as `2026-11-03T09:00:00Z`"
                ))
                .into()
            }),
    }
}

/// The output set a run is about to replace, as far as closing goes.
pub(super) struct Previous {
    /// SHA-256 of its manifest.json, and the manifest.
    manifest: Option<(String, Manifest)>,
    closure: Option<Closure>,
}

impl Previous {
    /// Read what `dir` holds (call with its lock held). `--reopen` of a set that is not
    /// closed is a usage error.
    pub(super) fn read(dir: &Path, reopen: Option<&Reopen>) -> anyhow::Result<Previous> {
        let closure = closure::read(dir)?;
        if reopen.is_some() && closure.is_none() {
            return Err(Failure::config(format!(
                "`--reopen`: the output set in `{}` is not closed; run without `--reopen`",
                dir.display()
            ))
            .into());
        }
        Ok(Previous {
            manifest: closure::read_manifest(dir).ok().flatten(),
            closure,
        })
    }

    /// A run into a closed set without `--reopen`: `Ok(true)` when its numbers equal the
    /// signed ones (the set is kept as signed, nothing is written); a failure of exit 4
    /// listing the changed cells when they differ. `Ok(false)`: not closed, or reopened.
    pub(super) fn keep_closed(
        &self,
        dir: &Path,
        reopen: Option<&Reopen>,
        report: &Report,
    ) -> anyhow::Result<bool> {
        let (Some(c), None) = (&self.closure, reopen) else {
            return Ok(false);
        };
        let path = dir.join(saved::FILE_NAME);
        let bytes = std::fs::read(&path)
            .map_err(|e| Failure::run(format!("cannot read `{}`: {e}", path.display())))?;
        let (signed, _) = saved::from_json(&bytes, &path)?;
        let changes = diff::differences(&signed, report);
        if changes.is_empty() {
            tracing::info!(
                out = %dir.display(), closed_by = %c.by, closed_at = %c.at,
                "the period is closed and the numbers are unchanged: the signed output set is kept"
            );
            return Ok(true);
        }
        let mut lines: Vec<String> = changes.iter().take(MAX_CHANGES).cloned().collect();
        if changes.len() > MAX_CHANGES {
            lines.push(format!("… and {} more", changes.len() - MAX_CHANGES));
        }
        Err(Failure::new(
            Exit::Closed,
            format!(
                "output set `{}` is closed (signed off by {} at {}) and this run's numbers differ in {} {}; nothing was written\n  rep, period, metric: signed → new\n  {}\nto replace the signed set, run again with `--reopen --by NAME --reason TEXT`",
                dir.display(),
                c.by,
                c.at,
                changes.len(),
                if changes.len() == 1 { "cell" } else { "cells" },
                lines.join("\n  ")
            ),
        )
        .into())
    }

    /// The reopening chain of the new set's manifest: the previous set's (same period),
    /// and with `--reopen` one more entry for the closed set it replaces.
    pub(super) fn chain(&self, period: &str, reopen: Option<&Reopen>) -> Vec<Reopened> {
        let mut chain = match &self.manifest {
            Some((_, m)) if m.period_label() == period => m.reopened.clone(),
            _ => Vec::new(),
        };
        if let (Some(r), Some(c)) = (reopen, &self.closure) {
            chain.push(Reopened {
                previous_manifest_sha256: self
                    .manifest
                    .as_ref()
                    .map_or_else(|| c.manifest_sha256.clone(), |(h, _)| h.clone()),
                closed_by: c.by.clone(),
                closed_at: c.at.clone(),
                reopened_by: r.by.clone(),
                reopened_at: closure::timestamp(r.at),
                reason: r.reason.clone(),
            });
        }
        chain
    }
}

pub(super) fn cmd_close(a: CloseArgs) -> anyhow::Result<Exit> {
    let by = a.by.trim().to_string();
    if by.is_empty() {
        return Err(Failure::config(
            "`--by` names who signs the output set off, e.g. `--by \"Anna Nowak\"`",
        )
        .into());
    }
    let at = now(a.at.as_deref(), "--at")?;
    let out = &a.out;
    let lock = DirLock::acquire(out)?;
    super::report_stale(&remove_stale(out)?);
    if let Some(c) = closure::read(out)? {
        return Err(Failure::new(
            Exit::Closed,
            format!(
                "output set `{}` is closed already (by {} at {}); to sign changed numbers off, run the period again with `--reopen --by NAME --reason TEXT`, then close it",
                out.display(),
                c.by,
                c.at
            ),
        )
        .into());
    }
    let drift = manifest::verify(out)?;
    if !drift.is_empty() {
        return Err(Failure::run(format!(
            "cannot close `{}`: its outputs differ from its manifest\n  --> {}",
            out.display(),
            drift.join("\n  --> ")
        ))
        .into());
    }
    let Some((_, m)) = closure::read_manifest(out)? else {
        return Err(Failure::run(format!(
            "cannot close `{}`: it holds no manifest.json",
            out.display()
        ))
        .into());
    };
    let model = out.join(saved::FILE_NAME);
    let bytes = std::fs::read(&model).map_err(|e| {
        Failure::run(format!(
            "cannot close `{}`: cannot read `{}` ({e}); run the period again, then close it",
            out.display(),
            saved::FILE_NAME
        ))
    })?;
    let (report, opts) = saved::from_json(&bytes, &model)?;
    let pdf = Pdf::new(&opts)?.closed(SignOff { by: by.clone(), at });
    let mut stage = Staging::begin(out)?;
    let outputs = close_outputs(&mut stage, out, &m, &pdf, &report)?;
    let signed = SignedOff {
        by: by.clone(),
        at: closure::timestamp(at),
    };
    let m = Manifest {
        outputs,
        closure: Some(signed.clone()),
        ..m
    };
    let json = m.to_json();
    stage.write(manifest::FILE_NAME, &json)?;
    let c = Closure {
        by: signed.by,
        at: signed.at,
        manifest_sha256: sha256_hex(&json),
    };
    stage.write(closure::FILE_NAME, &c.to_json())?;
    stage.commit()?;
    drop(lock);
    tracing::info!(
        out = %out.display(), by = %c.by, at = %c.at, manifest_sha256 = %c.manifest_sha256,
        "output set closed"
    );
    Ok(Exit::Ok)
}

/// The outputs of the closed set, into `stage`: the PDFs rendered again with the
/// sign-off (the statements a few at a time on every core), every other file as it is
/// (hard-linked, else copied, and checked against the manifest). Returns the new
/// manifest entries, in the manifest's order.
fn close_outputs(
    stage: &mut Staging,
    out: &Path,
    m: &Manifest,
    pdf: &Pdf,
    report: &Report,
) -> anyhow::Result<Vec<OutputEntry>> {
    let st = pdf.statements(report);
    let statement_prefix = format!("{STATEMENTS_DIR}/");
    let mut entries: Vec<Option<OutputEntry>> = vec![None; m.outputs.len()];
    // (position in the manifest, rep) of every statement listed
    let mut statements = Vec::new();
    for (pos, o) in m.outputs.iter().enumerate() {
        if o.path == REPORT_PDF {
            let bytes = pdf.report(report)?;
            stage.write(&o.path, &bytes)?;
            entries[pos] = Some(OutputEntry::of(&o.path, &bytes));
        } else if let Some(name) = o.path.strip_prefix(&statement_prefix) {
            let i = (0..st.len()).find(|&i| st.name(i) == name).ok_or_else(|| {
                Failure::run(format!(
                    "cannot close `{}`: `{}` is no statement of its model",
                    out.display(),
                    o.path
                ))
            })?;
            statements.push((pos, i));
        } else if o.path == STATEMENTS_PDF {
            // the reps of the combined file are those its bookmarks name, in its order
            let old = std::fs::read(out.join(&o.path))?;
            let mut all = st.combined();
            for id in activity_quota::report::pdf::combined_rep_ids(&old)? {
                let i = (0..st.len())
                    .find(|&i| report.reps[i].rep_id == id)
                    .ok_or_else(|| {
                        Failure::run(format!(
                            "cannot close `{}`: `{}` names rep `{id}`, who is not in its model",
                            out.display(),
                            o.path
                        ))
                    })?;
                all.add(i, st.pages(i)?)?;
            }
            let bytes = all.finish()?;
            stage.write(&o.path, &bytes)?;
            entries[pos] = Some(OutputEntry::of(&o.path, &bytes));
        } else if o.path.ends_with(".pdf") {
            return Err(Failure::run(format!(
                "cannot close `{}`: this version does not know how to render `{}` again",
                out.display(),
                o.path
            ))
            .into());
        } else {
            entries[pos] = Some(keep(stage, out, o)?);
        }
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    for batch in statements.chunks(4 * threads) {
        let rendered: Vec<_> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..threads.min(batch.len()))
                .map(|w| {
                    let st = &st;
                    s.spawn(move || {
                        batch
                            .iter()
                            .skip(w)
                            .step_by(threads)
                            .map(|&(pos, i)| (pos, st.render(i)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        });
        if rendered.len() != batch.len() {
            anyhow::bail!("a statement renderer thread panicked");
        }
        for (pos, bytes) in rendered {
            let (path, bytes) = (&m.outputs[pos].path, bytes?);
            stage.write(path, &bytes)?;
            entries[pos] = Some(OutputEntry::of(path, &bytes));
        }
    }
    Ok(entries.into_iter().flatten().collect())
}

/// A file of the set that closing does not change, into `stage` as it is: hard-linked
/// (else copied) and hashed again, which must give the manifest's hash.
fn keep(stage: &mut Staging, out: &Path, o: &OutputEntry) -> anyhow::Result<OutputEntry> {
    let to = stage.root().join(&o.path);
    if let Some(dir) = to.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let from = out.join(&o.path);
    if std::fs::hard_link(&from, &to).is_err() {
        std::fs::copy(&from, &to)?;
    }
    let (size, sha256) = stage.adopt(&o.path)?;
    if sha256 != o.sha256 {
        return Err(Failure::run(format!(
            "cannot close `{}`: `{}` changed while it was closed",
            out.display(),
            o.path
        ))
        .into());
    }
    Ok(OutputEntry {
        path: o.path.clone(),
        size,
        sha256,
    })
}
