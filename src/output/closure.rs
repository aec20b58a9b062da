//! Closing a period: `closure.json` beside `manifest.json` in a signed-off output set,
//! and the checks `verify` makes of it and of the reopening chain.
//!
//! `activity-quota close` renders the set's PDFs again with the sign-off filled in,
//! writes a manifest that lists them and records the sign-off (`closure`: by, at), and
//! `closure.json`: the same by and at, and the SHA-256 of that manifest. The manifest
//! lists every output's hash, so the hash in `closure.json` pins the whole set as
//! signed. `run --reopen` replaces a closed set and appends a [`Reopened`] entry (the
//! closed set's manifest hash and sign-off, who reopened it, when and why) to the new
//! manifest's `reopened` chain, which every later set of the period carries on.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{
    error::{Failure, Result},
    output::manifest::{self, Manifest, Reopened},
    sha256_hex,
};

/// The file name in the output set (not itself listed in the manifest, which it signs).
pub const FILE_NAME: &str = "closure.json";

/// The sign-off of an output set.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Closure {
    /// Who signed the set off.
    pub by: String,
    /// When, UTC, RFC 3339 (`2026-11-03T09:00:00Z`).
    pub at: String,
    /// SHA-256 of the set's `manifest.json`, which lists every output's hash.
    pub manifest_sha256: String,
}

impl Closure {
    pub fn to_json(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).unwrap_or_default();
        v.push(b'\n');
        v
    }
}

/// A time as the closure records write it: UTC, whole seconds, `Z`.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The closure of the output set in `dir`, if it is closed.
pub fn read(dir: &Path) -> Result<Option<Closure>> {
    let path = dir.join(FILE_NAME);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Failure::run(format!("cannot read `{}`: {e}", path.display())).into());
        }
    };
    serde_json::from_slice(&bytes).map(Some).map_err(|e| {
        Failure::run(format!("`{}` is not a closure record: {e}", path.display())).into()
    })
}

/// The manifest of the output set in `dir` with the SHA-256 of its bytes; `None` when
/// the directory holds no manifest (a first run).
pub fn read_manifest(dir: &Path) -> Result<Option<(String, Manifest)>> {
    let path = dir.join(manifest::FILE_NAME);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Failure::run(format!("cannot read `{}`: {e}", path.display())).into());
        }
    };
    let m: Manifest = serde_json::from_slice(&bytes)
        .map_err(|e| Failure::run(format!("`{}` is not a valid manifest: {e}", path.display())))?;
    Ok(Some((sha256_hex(&bytes), m)))
}

/// Check the closure of the set in `dir` and its manifest's reopening chain; one line
/// per problem (empty: a draft set with a well-formed chain, or a closed set exactly
/// as signed).
pub fn verify(dir: &Path) -> Result<Vec<String>> {
    let Some((sha, m)) = read_manifest(dir)? else {
        return Ok(vec![format!("{}: missing", manifest::FILE_NAME)]);
    };
    let mut drift = Vec::new();
    match (read(dir)?, &m.closure) {
        (None, None) => {}
        (None, Some(s)) => drift.push(format!(
            "{}: records a closure (by {} at {}) but {FILE_NAME} is missing",
            manifest::FILE_NAME,
            s.by,
            s.at
        )),
        (Some(c), signed) => {
            if c.manifest_sha256 != sha {
                drift.push(format!(
                    "{FILE_NAME}: signs the manifest SHA-256 {}, manifest.json is {sha}",
                    c.manifest_sha256
                ));
            }
            match signed {
                None => drift.push(format!(
                    "{FILE_NAME}: closed by {} at {}, but manifest.json records no closure",
                    c.by, c.at
                )),
                Some(s) if (s.by.as_str(), s.at.as_str()) != (c.by.as_str(), c.at.as_str()) => {
                    drift.push(format!(
                        "{FILE_NAME}: closed by {} at {}, manifest.json says by {} at {}",
                        c.by, c.at, s.by, s.at
                    ))
                }
                Some(_) => {}
            }
            drift.extend(signer_problems(FILE_NAME, &c.by, &c.at));
            let pdfs = m
                .outputs
                .iter()
                .filter(|o| o.path.ends_with(".pdf"))
                .count();
            if pdfs == 0 {
                drift.push(format!(
                    "{FILE_NAME}: manifest.json lists no PDF, nothing was signed"
                ));
            }
        }
    }
    drift.extend(chain_problems(&m.reopened));
    Ok(drift)
}

/// A name that is empty, or a time that is not RFC 3339.
fn signer_problems(what: &str, by: &str, at: &str) -> Vec<String> {
    let mut p = Vec::new();
    if by.trim().is_empty() {
        p.push(format!("{what}: names nobody"));
    }
    if DateTime::parse_from_rfc3339(at).is_err() {
        p.push(format!("{what}: `{at}` is not an RFC 3339 time"));
    }
    p
}

/// The reopening chain: every entry complete, well-formed and in time order.
fn chain_problems(chain: &[Reopened]) -> Vec<String> {
    let mut p = Vec::new();
    let mut last: Option<DateTime<chrono::FixedOffset>> = None;
    for (i, r) in chain.iter().enumerate() {
        let what = format!("manifest.json reopened[{i}]");
        let h = &r.previous_manifest_sha256;
        if h.len() != 64
            || !h
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            p.push(format!("{what}: `{h}` is not a SHA-256"));
        }
        p.extend(signer_problems(&what, &r.closed_by, &r.closed_at));
        p.extend(signer_problems(&what, &r.reopened_by, &r.reopened_at));
        if r.reason.trim().is_empty() {
            p.push(format!("{what}: gives no reason"));
        }
        let closed = DateTime::parse_from_rfc3339(&r.closed_at).ok();
        let reopened = DateTime::parse_from_rfc3339(&r.reopened_at).ok();
        if let (Some(c), Some(o)) = (closed, reopened) {
            if o < c || last.is_some_and(|l| c < l) {
                p.push(format!(
                    "{what}: closed at {}, reopened at {}: not in time order",
                    r.closed_at, r.reopened_at
                ));
            }
            last = Some(o);
        }
    }
    p
}
