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
    /// How it is read: which of the source's layouts, and the encoding and decimal
    /// comma found in it ([`crate::sources::detect::choose`]).
    pub(crate) choice: crate::sources::detect::Choice,
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
                        choice: Default::default(),
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

/// A file the run read besides the exports (the config, the roster, the absences, the
/// identities),
/// with its hash: listed in `manifest.json` and the PDF's provenance, re-hashed by
/// `verify`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SideInput {
    /// `config`, `roster`, `absences` or `identities`.
    pub role: String,
    /// As shown in reports: the config as given, the others relative to its directory.
    pub shown: String,
    /// Where it was read, as an absolute path (what `verify` reads again).
    pub absolute: String,
    pub size: u64,
    pub sha256: String,
}

/// `path` as an absolute path with `/` separators (not resolving links).
pub fn absolute(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .to_string_lossy()
        .replace('\\', "/")
}

/// Size and lower-case hex SHA-256 of the file at `path`, read in blocks.
pub fn hash_file(path: &Path) -> std::io::Result<(u64, String)> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        size += n as u64;
    }
    Ok((size, format!("{:x}", h.finalize())))
}

/// Every file a run reads besides the exports, hashed as the run starts: the config
/// (the bytes it was parsed from), the roster and, when configured, the absences.
/// (Templates and fonts are compiled into the program: its version names them.)
pub fn side_inputs(cfg: &Config) -> Result<Vec<SideInput>, Failure> {
    let base = cfg.path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut out = vec![SideInput {
        role: "config".to_string(),
        shown: cfg.path.to_string_lossy().replace('\\', "/"),
        absolute: absolute(&cfg.path),
        size: cfg.bytes.len() as u64,
        sha256: crate::sha256_hex(&cfg.bytes),
    }];
    let files = [
        ("roster", Some(&cfg.roster)),
        ("absences", cfg.absences.as_ref()),
        ("identities", cfg.roster_format.identities.as_ref()),
    ];
    for (role, path) in files {
        let Some(path) = path else { continue };
        let (size, sha256) = hash_file(path)
            .map_err(|e| Failure::run(format!("cannot read {role} `{}`: {e}", path.display())))?;
        out.push(SideInput {
            role: role.to_string(),
            shown: shown_path(path, &base),
            absolute: absolute(path),
            size,
            sha256,
        });
    }
    Ok(out)
}

/// How each input is read ([`crate::sources::detect::choose`]): a source read through
/// presets gets each file's layout from its header; a file that is not UTF-8 its
/// legacy encoding, an amount column with a decimal comma its comma. Said once per
/// source: a preset whose times are in the exporting user's zone.
pub(crate) fn detect_all(cfg: &Config, inputs: &mut [Input]) -> Result<(), Failure> {
    let mut warned = BTreeSet::new();
    for input in inputs {
        let source = &cfg.sources[input.source];
        input.choice =
            crate::sources::detect::choose(source, &input.path, input.part.as_ref(), &input.shown)?;
        if let Some(w) = source
            .layout(input.choice.layout)
            .assumed_zone(cfg.timezone)
            && warned.insert(input.source)
        {
            tracing::warn!("{w}");
        }
        if let Some(e) = input.choice.encoding {
            tracing::warn!(
                "`{}` (source `{}`) is not UTF-8: read as {} (guessed from its bytes); set `encoding = \"{}\"` on the source to say so",
                input.shown,
                source.name,
                e.name(),
                e.name().to_ascii_lowercase()
            );
        }
    }
    Ok(())
}
