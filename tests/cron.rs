//! Unattended operation: relative periods, atomic output sets under SIGKILL, the
//! lock, the manifest and `verify`, exit codes, log formats, Excel CSVs.

use std::{
    fs,
    io::Write,
    process::Stdio,
    time::{Duration, Instant},
};

use crate::util::{bin, run, tempdir};

fn run_sample(out: &std::path::Path, extra: &[&str]) -> crate::util::Run {
    let mut args = vec![
        "run",
        "--config",
        "samples/config.toml",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run(&args)
}

#[test]
fn relative_period_is_resolved_against_as_of_and_recorded() {
    let d = tempdir();
    let out = d.path().join("latest");
    let r = run_sample(&out, &["--period", "last-month", "--as-of", "2026-11-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "INFO reports written period=2026-10 start=2026-10-01 end=2026-10-31 as_of=2026-11-01 reps=9"
        ),
        "{}",
        r.stderr
    );
    let m: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["period"]["requested"], "last-month");
    assert_eq!(m["period"]["label"], "2026-10");
    assert_eq!(m["as_of"], "2026-11-01");
    assert_eq!(m["inputs"][0]["path"], "exports/phone/calls-2026-10.csv");
    assert_eq!(m["inputs"][0]["read"], 779);
    let outputs: Vec<&str> = m["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        outputs,
        [
            "attainment.csv",
            "summary.csv",
            "teams.csv",
            "rejects.csv",
            "accounting.csv",
            "unknown_identities.csv",
            "report.pdf",
            "report.xlsx",
            "model.json"
        ]
    );
    // the same period written absolutely gives the same reports
    let abs = d.path().join("abs");
    assert_eq!(run_sample(&abs, &["--period", "2026-10"]).code, 0);
    for f in outputs {
        assert_eq!(
            fs::read(out.join(f)).unwrap(),
            fs::read(abs.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn verify_detects_drift() {
    let d = tempdir();
    let out = d.path().join("r");
    assert_eq!(run_sample(&out, &["--period", "2026-10"]).code, 0);
    let r = run(&["verify", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    fs::OpenOptions::new()
        .append(true)
        .open(out.join("summary.csv"))
        .unwrap()
        .write_all(b"x")
        .unwrap();
    fs::remove_file(out.join("rejects.csv")).unwrap();
    let r = run(&["verify", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with(&format!(
            "error: outputs in `{}` differ from its manifest\n  --> summary.csv: SHA-256 ",
            out.display()
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("\n  --> rejects.csv: No such file or directory (os error 2)\n"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_second_run_on_a_locked_directory_exits_75_naming_the_holder() {
    let d = tempdir();
    let out = d.path().join("r");
    let lock_path = d.path().join(".r.lock");
    let mut lock = fs::File::create(&lock_path).unwrap();
    lock.lock().unwrap();
    write!(lock, "pid 4242, started 2026-11-01T06:00:00Z").unwrap();
    let r = run_sample(&out, &["--period", "2026-10"]);
    assert_eq!(r.code, 75, "{}", r.stderr);
    assert_eq!(
        r.stderr.lines().last().unwrap(),
        format!(
            "error: output directory `{}` is locked by another run (pid 4242, started 2026-11-01T06:00:00Z); lock file `{}`",
            out.display(),
            lock_path.display()
        )
    );
    assert!(!out.exists());
    // a lock left behind by a dead process is not held: it is taken over
    drop(lock);
    let r = run_sample(&out, &["--period", "2026-10"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// Kill runs with SIGKILL at pseudo-random moments: the output directory must always
/// hold one complete set that matches its manifest (the previous one or the new one).
#[test]
fn sigkill_at_any_moment_leaves_a_complete_set() {
    let d = tempdir();
    let out = d.path().join("r");
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut killed_mid_write = 0;
    for i in 0..24 {
        // alternate the period so that consecutive sets differ
        let period = if i % 2 == 0 { "2026-10" } else { "2026-W43" };
        let mut child = bin()
            .args([
                "run",
                "-q",
                "--config",
                "samples/config.toml",
                "--period",
                period,
                "--out",
                out.to_str().unwrap(),
            ])
            .env("ACTIVITY_QUOTA_TEST_WRITE_DELAY_MS", "15")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let wait = Duration::from_millis(seed % 160);
        let t = Instant::now();
        while t.elapsed() < wait {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            killed_mid_write += 1;
        }
        child.wait().unwrap();
        if out.exists() {
            let r = run(&["verify", "--out", out.to_str().unwrap()]);
            assert_eq!(r.code, 0, "iteration {i}: {}", r.stderr);
            let mut names: Vec<String> = fs::read_dir(&out)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            assert_eq!(
                names,
                [
                    "accounting.csv",
                    "attainment.csv",
                    "manifest.json",
                    "model.json",
                    "rejects.csv",
                    "report.pdf",
                    "report.xlsx",
                    "summary.csv",
                    "teams.csv",
                    "unknown_identities.csv"
                ],
                "iteration {i}"
            );
        }
    }
    assert!(
        killed_mid_write > 5,
        "only {killed_mid_write} runs were killed"
    );
}

#[test]
fn data_quality_gates_exit_3_after_writing() {
    let d = tempdir();
    let out = d.path().join("r");
    let r = run_sample(
        &out,
        &["--period", "2026-10", "--max-reject-rate", "0.5%", "-q"],
    );
    assert_eq!(r.code, 3);
    assert_eq!(
        r.stderr,
        format!(
            "error: data-quality threshold breached; reports written to `{}`\n  --> 12 of 1906 rows rejected (0.63 %), above --max-reject-rate 0.50 %\n",
            out.display()
        )
    );
    assert!(out.join("attainment.csv").exists());
    let r = run_sample(
        &out,
        &["--period", "2026-10", "--max-reject-rate", "1%", "-q"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run_sample(&out, &["--period", "2026-10", "--fail-on-unmatched", "-q"]);
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("5 rows name a rep who is not in the roster (--fail-on-unmatched): former.rep@acme.example, ghost@acme.example, jan-kowalski-77aa00"), "{}", r.stderr);
}

#[test]
fn json_logs_are_one_object_per_line() {
    let d = tempdir();
    let r = run_sample(
        &d.path().join("r"),
        &["--period", "2026-10", "--log-format", "json"],
    );
    assert_eq!(r.code, 0);
    let lines: Vec<serde_json::Value> = r
        .stderr
        .lines()
        .map(|l| serde_json::from_str(l).expect(l))
        .collect();
    assert!(lines.iter().any(|v| v["message"] == "accounting"
        && v["file"] == "exports/phone/calls-2026-10.csv"
        && v["rejected"] == 4
        && v["first_activity"] == "2026-09-28T06:13:27Z"
        && v["last_activity"] == "2026-11-03T21:01:23Z"));
    assert!(lines.iter().any(|v| v["message"] == "reports written"));
}

#[test]
fn excel_csvs_have_a_bom_and_semicolons_and_neutralised_formulas() {
    let d = tempdir();
    let out = d.path().join("r");
    assert_eq!(
        run_sample(&out, &["--period", "2026-10", "--excel", "--lang", "pl"]).code,
        0
    );
    let att = fs::read(out.join("attainment.csv")).unwrap();
    assert!(att.starts_with(
        b"\xEF\xBB\xBFrep_id;rep_name;team;period;kind;done;target;attainment_pct;status;target_full;basis;"
    ));
    let rejects = String::from_utf8(fs::read(out.join("rejects.csv")).unwrap()).unwrap();
    assert!(rejects.contains(";duration;'-00:00:30;"), "{rejects}");
}

#[test]
fn completions_and_man_page() {
    let r = run(&["completions", "bash"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("complete -F _activity__quota"),
        "{}",
        &r.stdout[..200.min(r.stdout.len())]
    );
    assert!(r.stdout.contains("--max-reject-rate"));
    let r = run(&["man"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.starts_with(".ie \\n(.g .ds Aq \\(aq") || r.stdout.contains(".TH activity-quota"),
        "{}",
        &r.stdout[..200.min(r.stdout.len())]
    );
}
