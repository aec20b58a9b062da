//! Guard rails against wrong numbers with exit 0 and lost files (issue 18): a source
//! that does not cover the report period, every input hashed and re-checked by
//! `verify`, and an output folder that holds someone else's files.

use std::{collections::BTreeMap, fs, path::Path};

use crate::util::{run, tempdir};

const CONFIG: &str = r#"timezone = "Europe/Warsaw"
roster = "roster.csv"
absences = "absences.csv"
[[source]]
name = "dialer"
kind = "call"
files = ["calls*.csv"]
rep = { column = "user_email", match = "email" }
timestamp = { column = "started_at", format = "%Y-%m-%d %H:%M:%S", zone = "UTC" }
duration = { column = "duration", unit = "seconds" }
[[quota]]
name = "calls"
period = "month"
targets = { call = 20 }
"#;

const ROSTER: &str =
    "rep_id,full_name,email,phone_extension,social_handle,time_zone,team,role,hire_date
W1,Łukasz Żak,lukasz.zak@acme.example,101,,Europe/Warsaw,Warszawa,ae,2024-01-08
";

/// One call a day at 10:00 UTC on October `days`.
fn export(days: std::ops::RangeInclusive<u32>) -> String {
    let mut s = String::from("id,started_at,duration,user_email\n");
    for d in days {
        s.push_str(&format!(
            "{d},2026-10-{d:02} 10:00:00,60,lukasz.zak@acme.example\n"
        ));
    }
    s
}

/// A folder with the config, roster, absences and calls of October `days`.
fn folder(days: std::ops::RangeInclusive<u32>) -> tempfile::TempDir {
    let d = tempdir();
    fs::write(d.path().join("c.toml"), CONFIG).unwrap();
    fs::write(d.path().join("roster.csv"), ROSTER).unwrap();
    fs::write(
        d.path().join("absences.csv"),
        "rep_id,from,to\nW1,2026-10-19,2026-10-20\n",
    )
    .unwrap();
    fs::write(d.path().join("calls.csv"), export(days)).unwrap();
    d
}

/// `run` of the folder `d` into `d/out` for `period`, then `extra`.
fn run_in(d: &Path, period: &str, extra: &[&str]) -> crate::util::Run {
    let (config, out) = (d.join("c.toml"), d.join("out"));
    let mut a = vec![
        "run",
        "--config",
        config.to_str().unwrap(),
        "--period",
        period,
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        "2026-12-01",
    ];
    a.extend_from_slice(extra);
    run(&a)
}

/// Every file under `dir`, by relative name, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut m = BTreeMap::new();
    for e in fs::read_dir(dir).unwrap().flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if e.path().is_dir() {
            for (k, v) in snapshot(&e.path()) {
                m.insert(format!("{n}/{k}"), v);
            }
        } else {
            m.insert(n, fs::read(e.path()).unwrap());
        }
    }
    m
}

/// What is beside the output folder: the lock file only, no staging directory.
fn beside(d: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(d)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".out"))
        .collect();
    names.sort();
    names
}

#[test]
fn an_out_folder_with_someone_elses_files_is_refused_unless_forced() {
    let d = folder(1..=31);
    let out = d.path().join("out");
    // a folder that is not ours at all, before any run
    fs::create_dir(&out).unwrap();
    fs::write(out.join("budget.xlsx"), "numbers").unwrap();
    let r = run_in(d.path(), "2026-10", &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        format!(
            "error: `{}` holds files activity-quota did not write (`budget.xlsx`): refusing to replace it; move them away, choose another --out, or pass --force\n",
            out.display()
        )
    );
    assert_eq!(snapshot(&out).keys().collect::<Vec<_>>(), ["budget.xlsx"]);
    assert_eq!(beside(d.path()), [".out.lock"]);
    fs::remove_file(out.join("budget.xlsx")).unwrap();

    // an empty folder, then a previous set, are replaced
    assert_eq!(run_in(d.path(), "2026-10", &[]).code, 0);
    assert_eq!(run_in(d.path(), "2026-10", &[]).code, 0);
    // a person's note beside the reports: refused, the previous set intact
    fs::write(out.join("notes.txt"), "call Raj back").unwrap();
    fs::create_dir(out.join("drafts")).unwrap();
    fs::write(out.join("drafts/summary-edited.csv"), "x").unwrap();
    fs::write(out.join(".DS_Store"), "").unwrap();
    let before = snapshot(&out);
    let r = run_in(d.path(), "2026-10", &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        format!(
            "error: `{}` holds files activity-quota did not write (`drafts/summary-edited.csv`, `notes.txt`): refusing to replace it; move them away, choose another --out, or pass --force\n",
            out.display()
        )
    );
    assert_eq!(snapshot(&out), before);
    assert_eq!(beside(d.path()), [".out.lock"]);
    let v = run(&["verify", "--out", out.to_str().unwrap()]);
    assert_eq!(v.code, 0, "{}", v.stderr);
    // --force replaces the folder, the note with it
    let r = run_in(d.path(), "2026-10", &["--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!out.join("notes.txt").exists());
    assert!(!out.join("drafts").exists());
    assert!(out.join("manifest.json").is_file());
    assert_eq!(beside(d.path()), [".out.lock"]);
    // a file given as --out
    let f = d.path().join("calls.csv");
    let r = run(&[
        "run",
        "--config",
        d.path().join("c.toml").to_str().unwrap(),
        "--period",
        "2026-10",
        "--out",
        f.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        format!(
            "error: `--out {}` is a file, not a folder: choose a folder for the reports\n",
            f.display()
        )
    );
}
