//! `manifest.json`: what produced a set of reports, and the hashes to check it by.

use std::{collections::BTreeMap, path::Path};

use serde::{Deserialize, Serialize};

use crate::{count::FileStats, error::Failure, period::ReportPeriod, sha256_hex};

pub const FILE_NAME: &str = "manifest.json";

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub tool: String,
    pub version: String,
    pub config: FileRef,
    pub period: PeriodInfo,
    /// The previous period compared with (period over period); absent with `--no-previous`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_period: Option<ComparedPeriod>,
    /// The date relative periods and pacing were resolved against (organisation's zone).
    pub as_of: String,
    pub started_at: String,
    pub duration_ms: u64,
    pub inputs: Vec<InputEntry>,
    pub outputs: Vec<OutputEntry>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileRef {
    pub path: String,
    pub sha256: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct PeriodInfo {
    /// As given on the command line (`last-month`, `2026-10`).
    pub(crate) requested: String,
    pub(crate) label: String,
    pub(crate) start: String,
    /// Last day, inclusive.
    pub(crate) end: String,
}

/// The previous report period a run compared with.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct ComparedPeriod {
    pub(crate) label: String,
    pub(crate) start: String,
    /// Last day, inclusive.
    pub end: String,
}

impl PeriodInfo {
    /// The report period `p` as requested (`requested`): its label, first and last day.
    pub fn new(requested: String, p: &ReportPeriod) -> Self {
        let ComparedPeriod { label, start, end } = ComparedPeriod::from(p);
        PeriodInfo {
            requested,
            label,
            start,
            end,
        }
    }
}

impl From<&ReportPeriod> for ComparedPeriod {
    /// The label (`2026-09`, `2026-06..2026-08`), first and last day of `p`.
    fn from(p: &ReportPeriod) -> Self {
        ComparedPeriod {
            label: p.label(),
            start: p.start().to_string(),
            end: p.last_day().to_string(),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct InputEntry {
    pub(crate) source: String,
    pub(crate) path: String,
    pub(crate) size: u64,
    pub(crate) sha256: String,
    pub(crate) read: u64,
    pub(crate) counted: u64,
    /// Of `counted`, the rows that counted for the previous period.
    #[serde(default)]
    pub(crate) counted_previous: u64,
    pub(crate) not_counted: u64,
    pub(crate) not_counted_by_rule: BTreeMap<String, u64>,
    pub(crate) duplicates: u64,
    pub(crate) rejected: u64,
    pub(crate) unmatched: u64,
    pub(crate) empty: u64,
    /// The archive a member was read from (`path` is `archive.zip!member`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) archive: Option<crate::sources::archive::Container>,
}

impl From<&FileStats> for InputEntry {
    fn from(f: &FileStats) -> Self {
        InputEntry {
            source: f.source.clone(),
            path: f.file.clone(),
            size: f.size,
            sha256: f.sha256.clone(),
            read: f.read,
            counted: f.counted,
            counted_previous: f.counted_previous,
            not_counted: f.not_counted_total(),
            not_counted_by_rule: f
                .not_counted
                .iter()
                .map(|(k, v)| (k.as_str().to_string(), *v))
                .collect(),
            duplicates: f.duplicates,
            rejected: f.rejected,
            unmatched: f.unmatched,
            empty: f.empty,
            archive: f.archive.clone(),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct OutputEntry {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

impl OutputEntry {
    pub fn of(name: &str, bytes: &[u8]) -> Self {
        OutputEntry {
            path: name.to_string(),
            size: bytes.len() as u64,
            sha256: sha256_hex(bytes),
        }
    }
}

impl Manifest {
    pub fn to_json(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).unwrap_or_default();
        v.push(b'\n');
        v
    }
}

/// Re-hash the outputs of `dir` against its manifest. Returns the drift, one line per
/// problem (empty = everything matches).
pub fn verify(dir: &Path) -> Result<Vec<String>, Failure> {
    let path = dir.join(FILE_NAME);
    let bytes = std::fs::read(&path)
        .map_err(|e| Failure::run(format!("cannot read `{}`: {e}", path.display())))?;
    let m: Manifest = serde_json::from_slice(&bytes)
        .map_err(|e| Failure::run(format!("`{}` is not a valid manifest: {e}", path.display())))?;
    let mut drift = Vec::new();
    for o in &m.outputs {
        let p = dir.join(&o.path);
        match std::fs::read(&p) {
            Ok(b) => {
                let h = sha256_hex(&b);
                if h != o.sha256 {
                    drift.push(format!(
                        "{}: SHA-256 {h} differs from the manifest's {} ({} bytes now, {} then)",
                        o.path,
                        o.sha256,
                        b.len(),
                        o.size
                    ));
                }
            }
            Err(e) => drift.push(format!("{}: {e}", o.path)),
        }
    }
    Ok(drift)
}
