//! Timestamp formats against real export shapes: a format that fits none of a file's
//! values stops `check` and `run` with one message (exit 2); day names, 12-hour times
//! and zone abbreviations read; a file with some bad timestamps still runs.

use std::fs;
use std::path::Path;

use crate::util::{run, tempdir};

/// A RingCentral-like call log (`Date` and `Time` columns) with `format`; returns the
/// config's path.
fn ringcentral(dir: &Path, format: &str, rows: &str) -> String {
    fs::copy("tests/fixtures/edges/roster.csv", dir.join("roster.csv")).unwrap();
    let cfg = format!(
        r#"timezone = "Europe/Warsaw"
roster = "roster.csv"
[[source]]
name = "ringcentral"
kind = "call"
files = ["calls.csv"]
rep = {{ column = "Email", match = "email" }}
timestamp = {{ column = "Date", time_column = "Time", format = "{format}", zone = "America/New_York" }}
duration = {{ column = "Duration", unit = "seconds" }}
"#
    );
    fs::write(dir.join("c.toml"), cfg).unwrap();
    fs::write(
        dir.join("calls.csv"),
        format!("Date,Time,Email,Duration\n{rows}"),
    )
    .unwrap();
    dir.join("c.toml").to_str().unwrap().to_string()
}

const ROWS: &str = "Thu 10/01/2026,9:03 AM,lukasz.zak@acme.example,60\n\
                    Fri 10/02/2026,1:15 PM,raj.patel@acme.example,90\n\
                    Mon 10/05/2026,4:40 p.m.,raj.patel@acme.example,30\n";

#[test]
fn a_format_that_fits_no_value_stops_check_and_run() {
    let d = tempdir();
    let cfg = ringcentral(d.path(), "%m/%d/%Y %H:%M", ROWS);
    let want = "error: source `ringcentral`: no timestamp in `calls.csv` fits `format = \"%m/%d/%Y %H:%M\"`: the first value is `Thu 10/01/2026 9:03 AM` (line 2, columns `Date` + `Time`: does not match the format), and none of its 3 rows fits; `format = \"%a %m/%d/%Y %I:%M %p\"` reads them\n";
    let r = run(&["check", "--config", &cfg]);
    assert_eq!((r.code, r.stderr.as_str()), (2, want));
    let out = d.path().join("out");
    let r = run(&[
        "run",
        "--config",
        &cfg,
        "--period",
        "2026-10",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!((r.code, r.stderr.as_str()), (2, want));
    assert!(!out.join("rejects.csv").exists());
}

#[test]
fn the_suggested_format_reads_the_file() {
    let d = tempdir();
    let cfg = ringcentral(d.path(), "%a %m/%d/%Y %I:%M %p", ROWS);
    let out = d.path().join("out");
    let r = run(&[
        "run",
        "--config",
        &cfg,
        "--period",
        "2026-10",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        fs::read_to_string(out.join("rejects.csv")).unwrap(),
        "file,line,column,value,reason\n"
    );
    assert!(
        r.stderr.contains(
            "source       file            read    counted  not counted  duplicates  rejected  unmatched  empty  trailer\n\
             ringcentral  calls.csv          3          3            0           0         0          0      0        0\n"
        ),
        "{}",
        r.stderr
    );
}

/// No known shape reads the values: the message says where the specifiers are listed.
#[test]
fn without_a_known_shape_the_message_points_to_the_specifiers() {
    let d = tempdir();
    let rows = "2026/10/01 x,09h03,lukasz.zak@acme.example,60\n";
    let cfg = ringcentral(d.path(), "%Y-%m-%d %H:%M", rows);
    let r = run(&["check", "--config", &cfg]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: source `ringcentral`: no timestamp in `calls.csv` fits `format = \"%Y-%m-%d %H:%M\"`: the first value is `2026/10/01 x 09h03` (line 2, columns `Date` + `Time`: does not match the format), and it is the file's only row; write the `timestamp.format` of these values (the README's \"Timestamps\" section lists every specifier)\n"
    );
}

/// Some good rows and some bad: the run goes on, the bad ones are rejects (a day name
/// that is not the date's among them).
#[test]
fn some_bad_timestamps_are_rejects_and_the_run_goes_on() {
    let d = tempdir();
    let rows = "Fri 10/01/2026,9:03 AM,lukasz.zak@acme.example,60\n\
                Fri 10/02/2026,1:15 PM,raj.patel@acme.example,90\n\
                10/05/2026,4:40 PM,raj.patel@acme.example,30\n";
    let cfg = ringcentral(d.path(), "%a %m/%d/%Y %I:%M %p", rows);
    let out = d.path().join("out");
    let r = run(&[
        "run",
        "--config",
        &cfg,
        "--period",
        "2026-10",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        fs::read_to_string(out.join("rejects.csv")).unwrap(),
        "file,line,column,value,reason\n\
         calls.csv,2,Date,Fri 10/01/2026 9:03 AM,bad timestamp (the day of the week is not the date's: 2026-10-01 is a Thursday); expected `%a %m/%d/%Y %I:%M %p` (e.g. Sat 10/31/2026 11:30 PM)\n\
         calls.csv,4,Date,10/05/2026 4:40 PM,bad timestamp (does not match the format); expected `%a %m/%d/%Y %I:%M %p` (e.g. Sat 10/31/2026 11:30 PM)\n"
    );
}

/// Every row rejected, not for its timestamp: exit 2 naming the file and the first reject.
#[test]
fn a_file_whose_rows_are_all_rejected_stops_the_run() {
    let d = tempdir();
    let rows = "Thu 10/01/2026,9:03 AM,lukasz.zak@acme.example,1 min\n\
                Fri 10/02/2026,1:15 PM,raj.patel@acme.example,2 min\n";
    let cfg = ringcentral(d.path(), "%a %m/%d/%Y %I:%M %p", rows);
    let out = d.path().join("out");
    let r = run(&[
        "run",
        "--config",
        &cfg,
        "--period",
        "2026-10",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: source `ringcentral`: every row of `calls.csv` was rejected (2 rows); the first, line 2, column `Duration`, value `1 min`: bad duration (not a duration); expected whole seconds ≥ 0, e.g. `240`\n"
    );
}

/// The first 1000 rows decide: 1000 bad timestamps before a good one stop the run, 999
/// do not; a second unfit file of the same source adds no second message.
#[test]
fn the_first_thousand_rows_decide_once_per_source() {
    let d = tempdir();
    let cfg = ringcentral(d.path(), "%a %m/%d/%Y %I:%M %p", "");
    fs::write(
        &cfg,
        fs::read_to_string(&cfg)
            .unwrap()
            .replace("[\"calls.csv\"]", "[\"calls*.csv\"]"),
    )
    .unwrap();
    let file = |bad: usize, good: bool| {
        let mut s = String::from("Date,Time,Email,Duration\n");
        for _ in 0..bad {
            s.push_str("10/01/2026,9:03 AM,lukasz.zak@acme.example,60\n");
        }
        if good {
            s.push_str("Thu 10/01/2026,9:03 AM,lukasz.zak@acme.example,60\n");
        }
        s
    };
    fs::write(d.path().join("calls.csv"), file(999, true)).unwrap();
    let r = run(&["check", "--config", &cfg]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    fs::write(d.path().join("calls.csv"), file(1000, true)).unwrap();
    fs::write(d.path().join("calls2.csv"), file(5, false)).unwrap();
    let r = run(&["check", "--config", &cfg]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: source `ringcentral`: no timestamp in `calls.csv` fits `format = \"%a %m/%d/%Y %I:%M %p\"`: the first value is `10/01/2026 9:03 AM` (line 2, columns `Date` + `Time`: does not match the format), and none of its first 1000 rows fits; `format = \"%m/%d/%Y %I:%M %p\"` reads them\n"
    );
}

/// Rows of 6 KB: the first 1000 rows span two 4 MiB chunks, and still decide together.
#[test]
fn the_first_thousand_rows_decide_across_chunks() {
    let d = tempdir();
    let cfg = ringcentral(d.path(), "%a %m/%d/%Y %I:%M %p", "");
    let notes = "x".repeat(6000);
    let mut s = String::from("Date,Time,Email,Duration,Notes\n");
    for _ in 0..1000 {
        s.push_str(&format!(
            "10/01/2026,9:03 AM,lukasz.zak@acme.example,60,{notes}\n"
        ));
    }
    s.push_str(&format!(
        "Thu 10/01/2026,9:03 AM,lukasz.zak@acme.example,60,{notes}\n"
    ));
    assert!(s.len() > 5 << 20);
    fs::write(d.path().join("calls.csv"), s).unwrap();
    let r = run(&["check", "--config", &cfg]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: source `ringcentral`: no timestamp in `calls.csv` fits `format = \"%a %m/%d/%Y %I:%M %p\"`: the first value is `10/01/2026 9:03 AM` (line 2, columns `Date` + `Time`: does not match the format), and none of its first 1000 rows fits; `format = \"%m/%d/%Y %I:%M %p\"` reads them\n"
    );
}
