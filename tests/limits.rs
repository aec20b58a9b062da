//! The bounds of a run: how long a report period may be, which years it may name,
//! how large a quota grid may get (README, *Limits*). Exact messages, exit code 2.

use std::fs;

use crate::util::{run, tempdir};

/// A config with one weekly or monthly call plan for role `ae` and `reps` reps of that
/// role, in `dir`.
fn config(dir: &std::path::Path, period: &str, reps: usize) -> String {
    let mut roster = String::from(
        "rep_id,full_name,email,phone_extension,social_handle,time_zone,team,role,hire_date\n",
    );
    for i in 0..reps {
        roster.push_str(&format!("R{i},Rep {i},r{i}@x.example,,,,T,ae,2010-01-04\n"));
    }
    fs::write(dir.join("roster.csv"), roster).unwrap();
    fs::write(
        dir.join("calls.csv"),
        "id,started_at,Call Duration,user_email\n1,2020-03-03 10:00:00,120,r0@x.example\n",
    )
    .unwrap();
    let p = dir.join("c.toml");
    fs::write(
        &p,
        format!(
            r#"timezone = "Europe/Warsaw"
roster = "roster.csv"
[[source]]
name = "dialer"
kind = "call"
files = ["calls.csv"]
rep = {{ column = "user_email", match = "email" }}
timestamp = {{ column = "started_at", format = "%Y-%m-%d %H:%M:%S", zone = "UTC" }}
duration = {{ column = "Call Duration", unit = "seconds" }}
[[quota]]
role = "ae"
period = "{period}"
targets = {{ call = 50 }}
"#
        ),
    )
    .unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn a_period_over_ten_years_is_refused() {
    let r = run(&[
        "check",
        "--config",
        "samples/config.toml",
        "--period",
        "0001-01..9999-12",
    ]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: --period `0001-01..9999-12` spans 9,999 years (3,652,059 days); at most 10 years (3,660 days) can be reported at once\n"
    );
    // a range within the span is still held to the years
    let r = run(&[
        "check",
        "--config",
        "samples/config.toml",
        "--period",
        "1899-07..1900-06",
    ]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: --period `1899-07..1900-06`: year 1899 is outside the years a report can cover, 1900..2199\n"
    );
    let r = run(&[
        "check",
        "--config",
        "samples/config.toml",
        "--period",
        "1900-01..2199-12",
    ]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: --period `1900-01..2199-12` spans 300 years (109,573 days); at most 10 years (3,660 days) can be reported at once\n"
    );
    // one month too many
    let r = run(&[
        "check",
        "--config",
        "samples/config.toml",
        "--period",
        "2016-01..2026-01",
    ]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: --period `2016-01..2026-01` spans 10.1 years (3,684 days); at most 10 years (3,660 days) can be reported at once\n"
    );
}

#[test]
fn far_away_years_are_refused() {
    for (period, year) in [
        ("9999", "9999"),
        ("1899-W52", "1899"),
        ("FY2200-Q1", "2200"),
    ] {
        let r = run(&[
            "check",
            "--config",
            "samples/config.toml",
            "--period",
            period,
        ]);
        assert_eq!(r.code, 2, "{period}");
        assert_eq!(
            r.stderr,
            format!(
                "error: --period `{period}`: year {year} is outside the years a report can cover, 1900..2199\n"
            )
        );
    }
    for (as_of, date) in [
        ("0001-01-01", "0001-01-01"),
        ("9999-12-31", "9999-12-31"),
        // the last second chrono can hold is 262143-12-31; beyond it is not a date
        ("8000000000000", "+255479-11-28"),
    ] {
        let r = run(&[
            "check",
            "--config",
            "samples/config.toml",
            "--as-of",
            as_of,
            "--period",
            "this-month",
        ]);
        assert_eq!(r.code, 2, "{as_of}");
        let year = date
            .trim_start_matches(['+', '0'])
            .split('-')
            .next()
            .unwrap();
        assert_eq!(
            r.stderr,
            format!(
                "error: --as-of `{as_of}` is {date}, in year {year}; expected a date in the years a report can cover, 1900..2199\n"
            )
        );
    }
    let r = run(&[
        "check",
        "--config",
        "samples/config.toml",
        "--as-of",
        "99999999999999999",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: --as-of `99999999999999999` is not a date;")
    );
}

#[test]
fn a_quota_grid_over_a_million_cells_is_refused_before_it_is_built() {
    let d = tempdir();
    // 1 916 reps × 1 metric × 522 weeks = 1 000 152 cells: one rep over the bound
    let cfg = config(d.path(), "week", 1_916);
    let r = run(&["check", "--config", &cfg, "--period", "2015-W01..2024-W52"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "error: the quota grid of --period `2015-W01..2024-W52` would have 1,000,152 cells (1,916 reps with a plan × their metrics × quota periods: 522 week); at most 1,000,000 cells can be built at once (about 780 MiB): report a shorter period, or split the roster\n"
    );
}

#[test]
fn a_run_of_exactly_ten_years_succeeds() {
    let d = tempdir();
    let cfg = config(d.path(), "month", 2);
    let out = d.path().join("out");
    let r = run(&[
        "run",
        "--config",
        &cfg,
        "--period",
        "2016-01..2025-12",
        "--no-previous",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let att = fs::read_to_string(out.join("attainment.csv")).unwrap();
    // 2 reps × 120 months
    assert_eq!(att.lines().count(), 1 + 2 * 120);
    // ten ISO years with two 53-week years (2015, 2020): 522 weeks, 3 654 days
    let r = run(&["check", "--config", &cfg, "--period", "2015-W01..2024-W52"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}
