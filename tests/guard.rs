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

/// `run` of the folder `d` into `d/out` for `period` as of 1 December 2026 (unless
/// `extra` says otherwise), then `extra`.
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
    ];
    if !extra.contains(&"--as-of") {
        a.extend(["--as-of", "2026-12-01"]);
    }
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

/// `folder`'s config with `extra` appended.
fn with_config(d: &Path, extra: &str) {
    fs::write(d.join("c.toml"), format!("{CONFIG}{extra}")).unwrap();
}

/// The lines of stderr that are warnings.
fn warnings(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.starts_with(" WARN ")).collect()
}

#[test]
fn an_export_that_stops_on_the_20th_is_a_warning_or_a_breached_gate() {
    let d = folder(1..=20);
    let out = d.path().join("out");
    let r = run_in(d.path(), "2026-10", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        warnings(&r.stderr),
        [
            " WARN source `dialer` ends on 2026-10-20 (last activity 2026-10-20T10:00:00Z), 11 days before the end of period 2026-10 (2026-10-31): is an export missing or cut short?"
        ]
    );
    // the file's first and last activity, in the accounting and the manifest
    let acc = fs::read_to_string(out.join("accounting.csv")).unwrap();
    assert!(
        acc.contains(
            "\ndialer,calls.csv,20,20,0,,0,0,0,0,0,,0,2026-10-01T10:00:00Z,2026-10-20T10:00:00Z\n"
        ),
        "{acc}"
    );
    let m: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["inputs"][0]["first_activity"], "2026-10-01T10:00:00Z");
    assert_eq!(m["inputs"][0]["last_activity"], "2026-10-20T10:00:00Z");

    // `check --period` says the same (a dry run: a warning whatever the gate)
    let c = run(&[
        "check",
        "--config",
        d.path().join("c.toml").to_str().unwrap(),
        "--period",
        "2026-10",
        "--as-of",
        "2026-12-01",
    ]);
    assert_eq!(c.code, 0, "{}", c.stderr);
    assert_eq!(warnings(&c.stderr), warnings(&r.stderr));
    // a pacing run on the 21st: the export is complete so far
    let r = run_in(d.path(), "2026-10", &["--as-of", "2026-10-21"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(warnings(&r.stderr), Vec::<&str>::new(), "{}", r.stderr);
    // on the 25th it is 5 days short of --as-of
    let r = run_in(d.path(), "2026-10", &["--as-of", "2026-10-25"]);
    assert_eq!(
        warnings(&r.stderr),
        [
            " WARN source `dialer` ends on 2026-10-20 (last activity 2026-10-20T10:00:00Z), 5 days before --as-of 2026-10-25: is an export missing or cut short?"
        ]
    );
    // the slack is `coverage_days`: 11 days pass, 10 do not
    with_config(d.path(), "[gates]\ncoverage_days = 11\n");
    let r = run_in(d.path(), "2026-10", &[]);
    assert_eq!(warnings(&r.stderr), Vec::<&str>::new(), "{}", r.stderr);
    with_config(d.path(), "[gates]\ncoverage_days = 10\n");
    assert_eq!(warnings(&run_in(d.path(), "2026-10", &[]).stderr).len(), 1);
    // `off`: nothing said
    with_config(d.path(), "[gates]\ncoverage = \"off\"\n");
    let r = run_in(d.path(), "2026-10", &[]);
    assert_eq!((r.code, warnings(&r.stderr).len()), (0, 0), "{}", r.stderr);

    // the gate: exit 3, the reports written, the gap in the error (not twice)
    with_config(d.path(), "[gates]\ncoverage = \"fail\"\n");
    fs::remove_dir_all(&out).unwrap();
    let r = run_in(d.path(), "2026-10", &["-q"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        format!(
            "error: data-quality threshold breached; reports written to `{}`\n  --> source `dialer` ends on 2026-10-20 (last activity 2026-10-20T10:00:00Z), 11 days before the end of period 2026-10 (2026-10-31): is an export missing or cut short? ([gates] coverage = \"fail\")\n",
            out.display()
        )
    );
    assert!(out.join("summary.csv").is_file());
    // complete data passes the gate
    fs::write(d.path().join("calls.csv"), export(1..=31)).unwrap();
    let r = run_in(d.path(), "2026-10", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(warnings(&r.stderr), Vec::<&str>::new(), "{}", r.stderr);
}

#[test]
fn a_late_start_an_empty_source_and_a_period_without_data_are_said() {
    let d = folder(9..=31);
    let r = run_in(d.path(), "2026-10", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        warnings(&r.stderr),
        [
            " WARN source `dialer` starts on 2026-10-09 (first activity 2026-10-09T10:00:00Z), 8 days after the start of period 2026-10 (2026-10-01): is an export missing?"
        ]
    );
    // November from October's export: nothing in November at all
    let r = run_in(d.path(), "2026-11", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        warnings(&r.stderr),
        [
            " WARN source `dialer` ends on 2026-10-31 (last activity 2026-10-31T10:00:00Z), 30 days before the end of period 2026-11 (2026-11-30): is an export missing or cut short?",
            " WARN no activity counted for period 2026-11 (2026-11-01..2026-11-30) in any source",
        ]
    );
    // an export with a header only
    fs::write(
        d.path().join("calls.csv"),
        "id,started_at,duration,user_email\n",
    )
    .unwrap();
    let r = run_in(d.path(), "2026-10", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        warnings(&r.stderr),
        [
            " WARN source `dialer` has no activity in its files (`calls.csv`): no row has a valid time and a rep of the roster",
            " WARN no activity counted for period 2026-10 (2026-10-01..2026-10-31) in any source",
        ]
    );
    let acc = fs::read_to_string(d.path().join("out/accounting.csv")).unwrap();
    assert!(
        acc.contains("\ndialer,calls.csv,0,0,0,,0,0,0,0,0,,0,,\n"),
        "{acc}"
    );
}

#[test]
fn bad_gates_are_config_problems() {
    let d = folder(1..=31);
    with_config(
        d.path(),
        "[gates]\ncoverage = \"maybe\"\ncoverage_days = -1\n",
    );
    let cfg = d.path().join("c.toml");
    let r = run(&["check", "--config", cfg.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    let shown = cfg.display();
    assert_eq!(
        r.stderr,
        format!(
            "error: 2 problems in config `{shown}`
  --> {shown}:16:12: `gates.coverage`: unknown value `maybe`; expected `warn`, `fail` or `off`
  --> {shown}:17:17: `gates.coverage_days`: expected a whole number of days from 0 to 366, found `-1`
"
        )
    );
}

#[test]
fn every_input_is_hashed_listed_and_verified() {
    let d = folder(1..=31);
    let out = d.path().join("out");
    let r = run_in(d.path(), "2026-10", &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let m: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let listed: Vec<(String, String, String, u64, String)> = m["input_files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["role"].as_str().unwrap().to_string(),
                f["path"].as_str().unwrap().to_string(),
                f["absolute"].as_str().unwrap().to_string(),
                f["size"].as_u64().unwrap(),
                f["sha256"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expect = |role: &str, shown: &str, name: &str| {
        let p = d.path().join(name);
        let bytes = fs::read(&p).unwrap();
        (
            role.to_string(),
            shown.to_string(),
            p.to_string_lossy().into_owned(),
            bytes.len() as u64,
            activity_quota::sha256_hex(&bytes),
        )
    };
    let config = d.path().join("c.toml");
    assert_eq!(
        listed,
        [
            expect("config", config.to_str().unwrap(), "c.toml"),
            expect("roster", "roster.csv", "roster.csv"),
            expect("absences", "absences.csv", "absences.csv"),
            expect("export", "calls.csv", "calls.csv"),
        ]
    );
    assert_eq!(m["input_files"][3]["source"], "dialer");
    // the PDF's provenance lists the roster and the absences with their hashes
    let pages = crate::pdf::pdftotext(&out.join("report.pdf")).join("\n");
    for (role, name) in [("roster", "roster.csv"), ("absences", "absences.csv")] {
        let sha = activity_quota::sha256_hex(&fs::read(d.path().join(name)).unwrap());
        let line = pages
            .lines()
            .find(|l| l.trim_start().starts_with(role) && l.contains(name))
            .unwrap_or_else(|| panic!("no {role} row in\n{pages}"));
        assert!(line.contains(&sha[..32]), "{line}");
    }
    let verify = || run(&["verify", "--out", out.to_str().unwrap()]);
    assert_eq!(verify().code, 0);

    // a rep_id changed in the roster: verify fails naming the roster
    let roster = d.path().join("roster.csv");
    let before = fs::read(&roster).unwrap();
    fs::write(&roster, ROSTER.replace("W1,", "W9,")).unwrap();
    let now = activity_quota::sha256_hex(&fs::read(&roster).unwrap());
    let r = verify();
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        format!(
            "error: inputs of the reports in `{}` differ from its manifest\n  --> roster `roster.csv` ({}): SHA-256 {now} differs from the manifest's {} ({} bytes now, {} then)\n",
            out.display(),
            roster.display(),
            activity_quota::sha256_hex(&before),
            ROSTER.len(),
            before.len()
        )
    );
    fs::write(&roster, &before).unwrap();
    assert_eq!(verify().code, 0);
    // an input gone, and an output changed: both named
    fs::remove_file(d.path().join("absences.csv")).unwrap();
    fs::write(out.join("teams.csv"), "x").unwrap();
    let r = verify();
    assert_eq!(r.code, 1, "{}", r.stderr);
    let absences = d.path().join("absences.csv");
    assert!(
        r.stderr.starts_with(&format!(
            "error: outputs and inputs of the reports in `{}` differ from its manifest\n  --> teams.csv: SHA-256 ",
            out.display()
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.ends_with(&format!(
            "\n  --> absences `absences.csv` ({}): cannot read it: No such file or directory (os error 2)\n",
            absences.display()
        )),
        "{}",
        r.stderr
    );
}
