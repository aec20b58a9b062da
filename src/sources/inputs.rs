//! The input files of a run: every source's paths and globs expanded, relative to the
//! config's directory for display, each pattern required to name at least one file.

use std::{
    collections::BTreeSet,
    path::{Path, PathBuf},
};

use crate::{config::Config, error::Failure};

/// One input file of one source.
#[derive(Clone, Debug)]
pub struct Input {
    pub(crate) source: usize,
    pub(crate) path: PathBuf,
    /// As shown in reports: relative to the config's directory when inside it.
    pub(crate) shown: String,
    /// A member of the archive at `path` (`sources::archive`).
    pub(crate) part: Option<crate::sources::archive::Part>,
}

fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Show a path relative to `base` when it lies inside it, with `/` separators.
pub(crate) fn shown_path(path: &Path, base: &Path) -> String {
    let rel = if base.as_os_str().is_empty() {
        path
    } else {
        path.strip_prefix(base).unwrap_or(path)
    };
    rel.to_string_lossy().replace('\\', "/")
}

/// Expand every source's paths and globs; each must name at least one file.
pub fn resolve_inputs(cfg: &Config) -> Result<Vec<Input>, Failure> {
    let base = cfg.path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (si, s) in cfg.sources.iter().enumerate() {
        let mut seen = BTreeSet::new();
        for pat in &s.files {
            let pat_s = pat.to_string_lossy().to_string();
            let shown_pat = shown_path(pat, &base);
            let mut found: Vec<PathBuf> = Vec::new();
            if is_glob(&pat_s) {
                match glob::glob(&pat_s) {
                    Ok(paths) => {
                        for p in paths.flatten() {
                            if p.is_file() {
                                found.push(p);
                            }
                        }
                    }
                    Err(e) => {
                        problems.push(format!("source `{}`: bad glob `{shown_pat}`: {e}", s.name))
                    }
                }
                if found.is_empty() {
                    problems.push(format!(
                        "source `{}`: `{shown_pat}` matches no file",
                        s.name
                    ));
                }
            } else if pat.is_file() {
                found.push(pat.clone());
            } else {
                problems.push(format!(
                    "source `{}`: input file `{shown_pat}` does not exist",
                    s.name
                ));
            }
            found.sort();
            for p in found {
                if seen.insert(p.clone()) {
                    let shown = shown_path(&p, &base);
                    out.push(Input {
                        source: si,
                        path: p,
                        shown,
                        part: None,
                    });
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Failure::run(format!(
            "missing input (config `{}`)\n  --> {}",
            cfg.path.display(),
            problems.join("\n  --> ")
        )))
    }
}
