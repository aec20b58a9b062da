//! Whose output folder is it? A run replaces the content of `--out` as a whole, so it
//! first makes sure that the folder holds nothing a person put there: it may be
//! missing, empty, or hold a previous output set (its `manifest.json`) and only the
//! files that manifest lists. Anything else is refused (exit 2) unless `--force`.
//!
//! Unknown files beside a previous set (a note, a spreadsheet saved next to the
//! reports) are refused rather than carried over: a carried file would sit in a set
//! whose manifest does not vouch for it, and a person who wants it kept is better told
//! once than surprised later. The few files that file browsers create on their own
//! ([`OS_FILES`]) are not anybody's work and go with the swap.

use std::{collections::BTreeSet, fs, io::ErrorKind, path::Path};

use serde::Deserialize;

use crate::{
    error::{Failure, Result},
    model::backticked,
    output::manifest::FILE_NAME,
};

/// Files that Finder, Explorer and Windows' thumbnail cache write into any folder they
/// show; they never stop a run.
pub const OS_FILES: [&str; 3] = [".DS_Store", "Thumbs.db", "desktop.ini"];

/// At most this many unknown files are named in the error.
const SHOWN: usize = 5;

/// What of a manifest tells whose files are whose (any other field is ignored, so
/// manifests of older and newer versions are read alike).
#[derive(Deserialize)]
struct Listing {
    tool: String,
    outputs: Vec<Listed>,
}

#[derive(Deserialize)]
struct Listed {
    path: String,
}

/// The names (relative, `/`-separated) the previous set in `dir` lists, with
/// `manifest.json`; empty when `dir` holds no manifest of activity-quota.
fn previous_set(dir: &Path) -> BTreeSet<String> {
    let Ok(bytes) = fs::read(dir.join(FILE_NAME)) else {
        return BTreeSet::new();
    };
    match serde_json::from_slice::<Listing>(&bytes) {
        Ok(m) if m.tool == "activity-quota" => m
            .outputs
            .into_iter()
            .map(|o| o.path)
            // the closure signs the manifest, so it is not listed in it
            .chain([
                FILE_NAME.to_string(),
                crate::output::closure::FILE_NAME.to_string(),
            ])
            .collect(),
        _ => BTreeSet::new(),
    }
}

/// Every file under `dir` (relative, `/`-separated), and every empty directory
/// (`name/`). Symbolic links are entries, not followed.
fn walk(dir: &Path, rel: &str, out: &mut Vec<String>) -> Result<()> {
    let entries = fs::read_dir(dir)
        .map_err(|e| Failure::run(format!("cannot read `{}`: {e}", dir.display())))?;
    let mut any = false;
    for e in entries {
        let e = e.map_err(|e| Failure::run(format!("cannot read `{}`: {e}", dir.display())))?;
        any = true;
        let name = format!("{rel}{}", e.file_name().to_string_lossy());
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            walk(&e.path(), &format!("{name}/"), out)?;
        } else {
            out.push(name);
        }
    }
    if !any && !rel.is_empty() {
        out.push(rel.to_string());
    }
    Ok(())
}

/// Refuse to replace `dir` (exit 2) when it holds files activity-quota did not write;
/// `force` replaces it anyway. A missing folder, an empty one, and one holding only a
/// previous output set (and [`OS_FILES`]) pass.
pub fn check_replaceable(dir: &Path, force: bool) -> Result<()> {
    let meta = match fs::metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Failure::run(format!("cannot read `{}`: {e}", dir.display())).into()),
    };
    if !meta.is_dir() {
        return Err(Failure::config(format!(
            "`--out {}` is a file, not a folder: choose a folder for the reports",
            dir.display()
        ))
        .into());
    }
    if force {
        return Ok(());
    }
    let ours = previous_set(dir);
    let mut found = Vec::new();
    walk(dir, "", &mut found)?;
    found.sort();
    let prefix_of_ours = |d: &str| ours.iter().any(|o| o.starts_with(d));
    let unknown: Vec<String> = found
        .into_iter()
        .filter(|f| {
            let base = f.rsplit('/').next().unwrap_or(f);
            let empty_dir = f.ends_with('/');
            !(ours.contains(f) || OS_FILES.contains(&base) || (empty_dir && prefix_of_ours(f)))
        })
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    let mut list = backticked(unknown.iter().take(SHOWN).map(String::as_str));
    if unknown.len() > SHOWN {
        list.push_str(&format!(" and {} more", unknown.len() - SHOWN));
    }
    Err(Failure::config(format!(
        "`{}` holds files activity-quota did not write ({list}): refusing to replace it; move them away, choose another --out, or pass --force",
        dir.display()
    ))
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// The folder as `check_replaceable` reads it.
    fn names(dir: &Path) -> Vec<String> {
        let mut v = Vec::new();
        walk(dir, "", &mut v).unwrap();
        v.sort();
        v
    }

    fn manifest(outputs: &[&str]) -> String {
        let list: Vec<String> = outputs
            .iter()
            .map(|p| format!(r#"{{"path":"{p}","size":1,"sha256":"x"}}"#))
            .collect();
        format!(
            r#"{{"tool":"activity-quota","version":"0","outputs":[{}]}}"#,
            list.join(",")
        )
    }

    fn folder(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("out");
        for (name, text) in files {
            let p = out.join(name);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, text).unwrap();
        }
        (d, out)
    }

    fn refusal(out: &Path, list: &str) -> String {
        format!(
            "`{}` holds files activity-quota did not write ({list}): refusing to replace it; move them away, choose another --out, or pass --force",
            out.display()
        )
    }

    #[test]
    fn missing_empty_and_previous_sets_pass() {
        let (_d, out) = folder(&[]);
        check_replaceable(&out, false).unwrap();
        fs::create_dir(&out).unwrap();
        check_replaceable(&out, false).unwrap();
        let m = manifest(&["a.csv", "statements/R1-x.pdf"]);
        let (_d, out) = folder(&[
            ("manifest.json", &m),
            ("a.csv", "1"),
            ("statements/R1-x.pdf", "2"),
            (".DS_Store", ""),
            ("statements/Thumbs.db", ""),
        ]);
        check_replaceable(&out, false).unwrap();
        // a listed output that is missing now, or an emptied listed folder, is no one's
        fs::remove_file(out.join("statements/R1-x.pdf")).unwrap();
        fs::remove_file(out.join("statements/Thumbs.db")).unwrap();
        assert_eq!(
            names(&out),
            [".DS_Store", "a.csv", "manifest.json", "statements/"]
        );
        check_replaceable(&out, false).unwrap();
    }

    #[test]
    fn unknown_files_are_named_and_refused_with_exit_2() {
        let m = manifest(&["a.csv"]);
        let (_d, out) = folder(&[
            ("manifest.json", &m),
            ("a.csv", "1"),
            ("notes.txt", "mine"),
            ("old/b.csv", "2"),
        ]);
        fs::create_dir(out.join("empty")).unwrap();
        let e = check_replaceable(&out, false).unwrap_err();
        assert_eq!(e.exit(), crate::error::Exit::Config);
        assert_eq!(
            e.to_string(),
            refusal(&out, "`empty/`, `notes.txt`, `old/b.csv`")
        );
        check_replaceable(&out, true).unwrap();
    }

    #[test]
    fn a_folder_without_our_manifest_is_all_unknown() {
        let (_d, out) = folder(&[
            ("manifest.json", r#"{"tool":"other","outputs":[]}"#),
            ("a.csv", "1"),
        ]);
        let e = check_replaceable(&out, false).unwrap_err();
        assert_eq!(e.to_string(), refusal(&out, "`a.csv`, `manifest.json`"));
        let many: Vec<(String, &str)> = (1..=7).map(|i| (format!("f{i}.txt"), "")).collect();
        let many: Vec<(&str, &str)> = many.iter().map(|(n, t)| (n.as_str(), *t)).collect();
        let (_d, out) = folder(&many);
        let e = check_replaceable(&out, false).unwrap_err();
        assert_eq!(
            e.to_string(),
            refusal(
                &out,
                "`f1.txt`, `f2.txt`, `f3.txt`, `f4.txt`, `f5.txt` and 2 more"
            )
        );
    }

    #[test]
    fn a_file_as_out_is_refused() {
        let (d, _) = folder(&[]);
        let f = d.path().join("report.csv");
        fs::write(&f, "x").unwrap();
        let e = check_replaceable(&f, true).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "`--out {}` is a file, not a folder: choose a folder for the reports",
                f.display()
            )
        );
    }
}
