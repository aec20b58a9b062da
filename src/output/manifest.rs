//! `manifest.json`: what produced a set of reports, and the hashes to check it by.

use std::{collections::BTreeMap, path::Path};

use serde::{Deserialize, Serialize};

use crate::{
    count::{FileStats, utc_text},
    error::Failure,
    period::ReportPeriod,
    sha256_hex,
    sources::inputs::{SideInput, hash_file},
};

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
    /// Every file the run read (config, roster, absences, exports) with its size and
    /// hash, where it was read: what `verify` re-hashes. Absent in older manifests.
    #[serde(default)]
    pub input_files: Vec<InputFile>,
    pub outputs: Vec<OutputEntry>,
    /// Sources with counterparts whose counted rows overlap but never matched
    /// (`[cross_dedup]`); absent when there is none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cross_dedup_unmatched: Vec<CrossDedupMiss>,
    /// Set by `activity-quota close`: who signed this set off and when, as its PDFs
    /// print it (`closure.json` holds the same and this manifest's SHA-256).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closure: Option<SignedOff>,
    /// Every reopening of a closed set of this period in this output directory, oldest
    /// first (`run --reopen`): the chain back to the first signed set.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reopened: Vec<Reopened>,
}

/// Two sources with counterparts that overlap but never matched, as the run warned.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct CrossDedupMiss {
    pub(crate) sources: [String; 2],
    pub(crate) kind: String,
    /// Counted rows of each on the shared (rep, day)s.
    pub(crate) rows: [u64; 2],
    pub(crate) first_day: String,
    pub(crate) last_day: String,
    /// A counterpart of each, as written.
    pub(crate) examples: [String; 2],
    pub(crate) message: String,
}

impl From<&crate::count::cross_dedup::CrossMiss> for CrossDedupMiss {
    fn from(m: &crate::count::cross_dedup::CrossMiss) -> Self {
        CrossDedupMiss {
            sources: m.sources.clone(),
            kind: m.kind.to_string(),
            rows: m.rows,
            first_day: m.first_day.to_string(),
            last_day: m.last_day.to_string(),
            examples: m.examples.clone(),
            message: m.message(),
        }
    }
}

/// Who closed an output set and when (UTC, RFC 3339: `2026-11-03T09:00:00Z`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct SignedOff {
    pub by: String,
    pub at: String,
}

/// One reopening of a closed output set: the closed set it replaced (its manifest's
/// SHA-256 and sign-off), who reopened it, when and why.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Reopened {
    pub previous_manifest_sha256: String,
    pub closed_by: String,
    pub closed_at: String,
    pub reopened_by: String,
    pub reopened_at: String,
    pub reason: String,
}

/// One file a run read.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct InputFile {
    /// `config`, `roster`, `absences` or `export`.
    pub(crate) role: String,
    /// The source that read it (exports only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) source: Option<String>,
    /// As shown in the reports.
    pub(crate) path: String,
    /// Where it was read: what `verify` reads again.
    pub(crate) absolute: String,
    pub(crate) size: u64,
    pub(crate) sha256: String,
}

impl From<&SideInput> for InputFile {
    fn from(s: &SideInput) -> Self {
        InputFile {
            role: s.role.to_string(),
            source: None,
            path: s.shown.clone(),
            absolute: s.absolute.clone(),
            size: s.size,
            sha256: s.sha256.clone(),
        }
    }
}

impl From<&FileStats> for InputFile {
    fn from(f: &FileStats) -> Self {
        InputFile {
            role: "export".into(),
            source: Some(f.source.clone()),
            path: f.file.clone(),
            absolute: f.absolute.clone(),
            size: f.size,
            sha256: f.sha256.clone(),
        }
    }
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
    /// The preset variant that read the file (`aircall/export`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub(crate) preset: String,
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
    /// The file's first and last activity time (UTC, RFC 3339; `null`: none), see
    /// [`FileStats::first_activity`].
    #[serde(default)]
    pub(crate) first_activity: Option<String>,
    #[serde(default)]
    pub(crate) last_activity: Option<String>,
    /// The archive a member was read from (`path` is `archive.zip!member`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) archive: Option<crate::sources::archive::Container>,
}

impl From<&FileStats> for InputEntry {
    fn from(f: &FileStats) -> Self {
        InputEntry {
            source: f.source.clone(),
            preset: f.layout.clone(),
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
            first_activity: f.first_activity.map(|s| utc_text(Some(s))),
            last_activity: f.last_activity.map(|s| utc_text(Some(s))),
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
    /// The report period's label (`2026-10`).
    pub fn period_label(&self) -> &str {
        &self.period.label
    }

    pub fn to_json(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).unwrap_or_default();
        v.push(b'\n');
        v
    }
}

/// Read the manifest of the output set in `dir`.
fn read(dir: &Path) -> Result<Manifest, Failure> {
    let path = dir.join(FILE_NAME);
    let bytes = std::fs::read(&path)
        .map_err(|e| Failure::run(format!("cannot read `{}`: {e}", path.display())))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| Failure::run(format!("`{}` is not a valid manifest: {e}", path.display())))
}

/// Re-hash every input the manifest of `dir` lists (`input_files`), where the run read
/// it. Returns the changes, one line per file that differs or cannot be read (empty =
/// every input is as the run read it).
pub fn verify_inputs(dir: &Path) -> Result<Vec<String>, Failure> {
    let m = read(dir)?;
    let mut drift = Vec::new();
    for i in &m.input_files {
        let what = match &i.source {
            Some(s) => format!("{} `{}` (source `{s}`, {})", i.role, i.path, i.absolute),
            None => format!("{} `{}` ({})", i.role, i.path, i.absolute),
        };
        match hash_file(Path::new(&i.absolute)) {
            Ok((size, h)) if h != i.sha256 => drift.push(format!(
                "{what}: SHA-256 {h} differs from the manifest's {} ({size} bytes now, {} then)",
                i.sha256, i.size
            )),
            Ok(_) => {}
            Err(e) => drift.push(format!("{what}: cannot read it: {e}")),
        }
    }
    Ok(drift)
}

/// Re-hash the outputs of `dir` against its manifest. Returns the drift, one line per
/// problem (empty = everything matches).
pub fn verify(dir: &Path) -> Result<Vec<String>, Failure> {
    let m = read(dir)?;
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
