//! Hostile input files: every case has one defined outcome (a reject with an exact
//! reason, an accounting bucket, or one clear error), never a panic, never a lost row,
//! and the per-file accounting always reconciles.

use std::fs;

use crate::util::{run, tempdir};

const HEADER: &str = "id,started_at,duration,user_email,notes\n";

fn config(extra: &str) -> String {
    format!(
        r#"timezone = "Europe/Warsaw"
roster = "roster.csv"
[[source]]
name = "dialer"
kind = "call"
files = ["calls*.csv"]
rep = {{ column = "user_email", match = "email" }}
timestamp = {{ column = "started_at", format = "%Y-%m-%d %H:%M:%S", zone = "UTC" }}
duration = {{ column = "duration", unit = "seconds" }}
{extra}
"#
    )
}

pub struct Outcome {
    pub code: i32,
    pub stderr: String,
    pub rejects: String,
    /// accounting.csv without its header line and total row
    pub accounting: Vec<String>,
}

/// Run `run --period 2026-10` on `files` (name, bytes) with the config `cfg`.
pub fn run_files(cfg: &str, files: &[(&str, &[u8])]) -> Outcome {
    let d = tempdir();
    fs::copy(
        "tests/fixtures/edges/roster.csv",
        d.path().join("roster.csv"),
    )
    .unwrap();
    fs::write(d.path().join("c.toml"), cfg).unwrap();
    for (name, bytes) in files {
        fs::write(d.path().join(name), bytes).unwrap();
    }
    let out = d.path().join("out");
    let r = run(&[
        "run",
        "--config",
        d.path().join("c.toml").to_str().unwrap(),
        "--period",
        "2026-10",
        "--out",
        out.to_str().unwrap(),
        "--threads",
        "2",
    ]);
    let read = |n: &str| fs::read_to_string(out.join(n)).unwrap_or_default();
    let accounting = read("accounting.csv");
    let mut rows: Vec<String> = accounting.lines().skip(1).map(str::to_string).collect();
    rows.pop();
    for row in &rows {
        assert_reconciles(row);
    }
    Outcome {
        code: r.code,
        stderr: r.stderr.replace(d.path().to_str().unwrap(), "DIR"),
        rejects: read("rejects.csv"),
        accounting: rows,
    }
}

/// `read = counted + not_counted + duplicates + rejected + unmatched + empty + trailer`
fn assert_reconciles(row: &str) {
    let f: Vec<&str> = row.split(',').collect();
    let n = |i: usize| f[i].parse::<u64>().unwrap();
    assert_eq!(
        n(2),
        n(3) + n(4) + n(6) + n(7) + n(8) + n(9) + n(10),
        "does not reconcile: {row}"
    );
}

fn one(body: &str) -> Outcome {
    run_files(
        &config(""),
        &[("calls.csv", format!("{HEADER}{body}").as_bytes())],
    )
}

const OK1: &str = "1,2026-10-01 10:00:00,60,lukasz.zak@acme.example,\n";
const OK2: &str = "2,2026-10-02 10:00:00,60,lukasz.zak@acme.example,\n";

fn rejects(lines: &[&str]) -> String {
    let mut s = "file,line,column,value,reason\n".to_string();
    for l in lines {
        s.push_str(l);
        s.push('\n');
    }
    s
}

#[test]
fn ragged_rows_are_rejected_with_their_field_count() {
    let o = one(&format!(
        "{OK1}3,2026-10-03 10:00:00,60\n4,2026-10-04 10:00:00,60,lukasz.zak@acme.example,,extra\n{OK2}"
    ));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        o.rejects,
        rejects(&[
            "calls.csv,3,duration,60,\"row has 3 fields, the header has 5\"",
            "calls.csv,4,,extra,\"row has 6 fields, the header has 5\"",
        ])
    );
    assert_eq!(
        o.accounting,
        ["dialer,calls.csv,4,2,0,,0,2,0,0,0,,0,2026-10-01T10:00:00Z,2026-10-02T10:00:00Z"]
    );
}

#[test]
fn unclosed_quote_at_end_of_file_is_one_reject() {
    let o = one(&format!(
        "{OK1}2,2026-10-02 10:00:00,60,lukasz.zak@acme.example,\"never closed\n3,2026-10-03 10:00:00,60,lukasz.zak@acme.example,\n"
    ));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        o.rejects,
        rejects(&[
            "calls.csv,3,notes,\"never closed\n3,2026-10-03 10:00:00,60,lukasz.zak@acme.example,\n\",unclosed quote: the quoted field runs to the end of the file (3 lines)",
        ])
    );
    assert_eq!(
        o.accounting,
        ["dialer,calls.csv,2,1,0,,0,1,0,0,0,,0,2026-10-01T10:00:00Z,2026-10-01T10:00:00Z"]
    );
}

#[test]
fn nul_bytes_reject_the_row() {
    let o = one(&format!(
        "{OK1}2,2026-10-02 10:00:00,60,lukasz.zak@acme.example,a\0b\n"
    ));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        o.rejects,
        rejects(&[
            "calls.csv,3,notes,a\0b,\"NUL byte in the row (binary data, or a UTF-16 file without a byte-order mark?)\"",
        ])
    );
    assert_eq!(
        o.accounting,
        ["dialer,calls.csv,2,1,0,,0,1,0,0,0,,0,2026-10-01T10:00:00Z,2026-10-01T10:00:00Z"]
    );
}

#[test]
fn utf16_without_bom_is_one_clear_error() {
    let utf16: Vec<u8> = format!("{HEADER}{OK1}")
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let o = run_files(&config(""), &[("calls.csv", &utf16)]);
    assert_eq!(o.code, 2);
    assert_eq!(
        o.stderr,
        "error: `calls.csv` (source `dialer`) looks like UTF-16LE text without a byte-order mark (a NUL in every other byte of its header line): set `encoding = \"utf-16le\"` on the source, or save it as CSV UTF-8\n"
    );
    // what the message suggests works
    let o = run_files(&config("encoding = \"utf-16le\""), &[("calls.csv", &utf16)]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        o.accounting,
        ["dialer,calls.csv,1,1,0,,0,0,0,0,0,,0,2026-10-01T10:00:00Z,2026-10-01T10:00:00Z"]
    );
    // a binary file is not taken for UTF-16
    let o = run_files(
        &config(""),
        &[(
            "calls.csv",
            b"PK\x03\x04\x14\x00\x00\x00\x08\x00id,started_at\n",
        )],
    );
    assert_eq!(o.code, 2);
    assert_eq!(
        o.stderr,
        "error: `calls.csv` (source `dialer`) has NUL bytes in its header line: it is a binary file or UTF-16 without a byte-order mark; save it as CSV UTF-8\n"
    );
    // with a BOM, UTF-16 is decoded
    let mut bom = vec![0xff, 0xfe];
    bom.extend_from_slice(&utf16);
    let o = run_files(&config(""), &[("calls.csv", &bom)]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        o.accounting,
        ["dialer,calls.csv,1,1,0,,0,0,0,0,0,,0,2026-10-01T10:00:00Z,2026-10-01T10:00:00Z"]
    );
}

#[test]
fn a_ten_megabyte_field_is_read_and_shown_cut() {
    let big = "x".repeat(10 << 20);
    let o = one(&format!(
        "1,2026-10-01 10:00:00,60,lukasz.zak@acme.example,\"{big}\"\n2,{big},60,lukasz.zak@acme.example,\n{OK2}"
    ));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        o.rejects,
        rejects(&[&format!(
            "calls.csv,3,started_at,{}… (10485760 bytes),bad timestamp (does not match the format); expected `%Y-%m-%d %H:%M:%S` (e.g. 2026-10-31 23:30:00)",
            "x".repeat(200)
        )])
    );
    assert_eq!(
        o.accounting,
        ["dialer,calls.csv,3,2,0,,0,1,0,0,0,,0,2026-10-01T10:00:00Z,2026-10-02T10:00:00Z"]
    );
}

#[test]
fn empty_file_is_one_clear_error() {
    for body in ["", "\n\n", "\u{feff}"] {
        let o = run_files(&config(""), &[("calls.csv", body.as_bytes())]);
        assert_eq!(o.code, 2, "{body:?}");
        assert_eq!(
            o.stderr,
            "error: `calls.csv` (source `dialer`) is empty: expected a header line with the columns `user_email`, `started_at`\n"
        );
    }
}

#[test]
fn header_only_file_reads_nothing() {
    for body in [
        HEADER,
        HEADER.trim_end(),
        "id,started_at,duration,user_email,notes\r\n",
    ] {
        let o = run_files(&config(""), &[("calls.csv", body.as_bytes())]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        assert_eq!(
            o.accounting,
            ["dialer,calls.csv,0,0,0,,0,0,0,0,0,,0,,"],
            "{body:?}"
        );
    }
}

#[test]
fn duplicate_header_names() {
    // unmapped duplicates do not matter
    let o = run_files(
        &config(""),
        &[(
            "calls.csv",
            format!(
                "id,started_at,duration,user_email,notes,notes\n{}",
                OK1.replace('\n', ",\n")
            )
            .as_bytes(),
        )],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        o.accounting,
        ["dialer,calls.csv,1,1,0,,0,0,0,0,0,,0,2026-10-01T10:00:00Z,2026-10-01T10:00:00Z"]
    );
    // a mapped one is ambiguous
    let o = run_files(
        &config(""),
        &[(
            "calls.csv",
            format!("id,started_at,duration,user_email,started_at\n{}", OK1).as_bytes(),
        )],
    );
    assert_eq!(o.code, 2);
    assert_eq!(
        o.stderr,
        "error: column `started_at` (source `dialer`, field `timestamp`) is ambiguous in `calls.csv`: the header has it 2 times (columns 2, 5)\n"
    );
}

#[test]
fn impossible_dates_and_times_are_rejected() {
    let cfg = config("").replace("%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M");
    let body = format!(
        "{HEADER}1,01.10.2026 10:00,60,lukasz.zak@acme.example,\n2,31.09.2026 10:00,60,lukasz.zak@acme.example,\n3,01.10.2026 25:61,60,lukasz.zak@acme.example,\n4,29.02.2026 10:00,60,lukasz.zak@acme.example,\n"
    );
    let o = run_files(&cfg, &[("calls.csv", body.as_bytes())]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let why =
        "bad timestamp (not a real date/time); expected `%d.%m.%Y %H:%M` (e.g. 31.10.2026 23:30)";
    assert_eq!(
        o.rejects,
        rejects(&[
            &format!("calls.csv,3,started_at,31.09.2026 10:00,{why}"),
            &format!("calls.csv,4,started_at,01.10.2026 25:61,{why}"),
            &format!("calls.csv,5,started_at,29.02.2026 10:00,{why}"),
        ])
    );
    assert_eq!(
        o.accounting,
        ["dialer,calls.csv,4,1,0,,0,3,0,0,0,,0,2026-10-01T10:00:00Z,2026-10-01T10:00:00Z"]
    );
}

#[test]
fn negative_durations_are_rejected() {
    let o = one(&format!(
        "{OK1}2,2026-10-02 10:00:00,-5,lukasz.zak@acme.example,\n"
    ));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        o.rejects,
        rejects(&[
            "calls.csv,3,duration,'-5,\"bad duration (negative duration); expected whole seconds ≥ 0, e.g. `240`\"",
        ])
    );
}

#[test]
fn activity_after_the_period_is_not_counted() {
    let o = one(&format!(
        "{OK1}2,2026-11-01 10:00:00,60,lukasz.zak@acme.example,\n3,2031-01-01 10:00:00,60,lukasz.zak@acme.example,\n"
    ));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.rejects, rejects(&[]));
    assert_eq!(
        o.accounting,
        [
            "dialer,calls.csv,3,1,2,outside_period=2,0,0,0,0,0,,0,2026-10-01T10:00:00Z,2031-01-01T10:00:00Z"
        ]
    );
}

#[test]
fn report_footer_after_the_data_is_a_trailer() {
    let o = one(&format!(
        "{OK1}{OK2}\n\"Grand Totals (2 records)\"\n\n\"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.\"\nTotal,,120,,\n"
    ));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.rejects, rejects(&[]));
    // 2 data rows, 2 blank lines, 3 footer rows
    assert_eq!(
        o.accounting,
        ["dialer,calls.csv,7,2,0,,0,0,0,2,3,,0,2026-10-01T10:00:00Z,2026-10-02T10:00:00Z"]
    );
}

#[test]
fn a_misfit_row_before_data_is_still_rejected() {
    let o = one(&format!("\"Grand Totals (2 records)\"\n{OK1}Total,,x,,\n"));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        o.rejects,
        rejects(&[
            "calls.csv,2,notes,Grand Totals (2 records),\"row has 1 fields, the header has 5\""
        ])
        .replace(",notes,", ",id,")
    );
    assert_eq!(
        o.accounting,
        ["dialer,calls.csv,3,1,0,,0,1,0,0,1,,0,2026-10-01T10:00:00Z,2026-10-01T10:00:00Z"]
    );
}

#[test]
fn preamble_before_the_header_is_skipped() {
    let preamble = "Call report\nFilters: all users; October 2026\n\n";
    let o = run_files(
        &config(""),
        &[(
            "calls.csv",
            format!("{preamble}{HEADER}{OK1}2,2026-10-02,60,lukasz.zak@acme.example,\n").as_bytes(),
        )],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    // line numbers stay physical: the bad row is line 6
    assert_eq!(
        o.rejects,
        rejects(&[
            "calls.csv,6,started_at,2026-10-02,bad timestamp (does not match the format); expected `%Y-%m-%d %H:%M:%S` (e.g. 2026-10-31 23:30:00)"
        ])
    );
    assert_eq!(
        o.accounting,
        ["dialer,calls.csv,2,1,0,,0,1,0,0,0,,0,2026-10-01T10:00:00Z,2026-10-01T10:00:00Z"]
    );
    // skip_lines says where the header is
    let o = run_files(
        &config("skip_lines = 3"),
        &[("calls.csv", format!("{preamble}{HEADER}{OK1}").as_bytes())],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        o.accounting,
        ["dialer,calls.csv,1,1,0,,0,0,0,0,0,,0,2026-10-01T10:00:00Z,2026-10-01T10:00:00Z"]
    );
    let o = run_files(
        &config("skip_lines = 1"),
        &[("calls.csv", format!("{preamble}{HEADER}{OK1}").as_bytes())],
    );
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.starts_with("error: column `user_email` (source `dialer`, field `rep`) not found in `calls.csv`; the header has `Filters: all users`"),
        "{}",
        o.stderr
    );
}

#[test]
fn blank_lines_are_counted_as_empty_with_exact_line_numbers() {
    for eol in ["\n", "\r\n"] {
        let body = format!("{HEADER}\n{OK1}\n\n  \n,,,,\n2,bad,60,lukasz.zak@acme.example,\n\n")
            .replace('\n', eol);
        let o = run_files(&config(""), &[("calls.csv", body.as_bytes())]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        assert_eq!(
            o.rejects,
            rejects(&[
                "calls.csv,8,started_at,bad,bad timestamp (does not match the format); expected `%Y-%m-%d %H:%M:%S` (e.g. 2026-10-31 23:30:00)"
            ]),
            "{eol:?}"
        );
        // 1 + 2 + 1 blank lines, a whitespace-only line and `,,,,` (all-empty)
        assert_eq!(
            o.accounting,
            ["dialer,calls.csv,8,1,0,,0,1,0,6,0,,0,2026-10-01T10:00:00Z,2026-10-01T10:00:00Z"],
            "{eol:?}"
        );
    }
}

#[test]
fn non_utf8_file_is_read_in_the_legacy_encoding_its_bytes_show() {
    // `Łukasz` saved by a Polish Excel (Windows-1250 0xA3): guessed, said, and read
    // as if the source had named the encoding
    let body = b"id,started_at,duration,user_email,notes\n1,2026-10-01 10:00:00,60,lukasz.zak@acme.example,\n2,2026-10-01 10:00:00,60,\xa3ukasz,\n";
    let guessed = run_files(&config(""), &[("calls.csv", body)]);
    assert_eq!(guessed.code, 0, "{}", guessed.stderr);
    assert!(
        guessed.stderr.contains(
            "`calls.csv` (source `dialer`) is not UTF-8: read as windows-1250 (guessed from its bytes); set `encoding = \"windows-1250\"` on the source to say so"
        ),
        "{}",
        guessed.stderr
    );
    let o = run_files(
        &config("encoding = \"windows-1250\""),
        &[("calls.csv", body)],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(!o.stderr.contains("not UTF-8"), "{}", o.stderr);
    assert_eq!(
        o.accounting,
        ["dialer,calls.csv,2,1,0,,0,0,1,0,0,łukasz=1,0,2026-10-01T10:00:00Z,2026-10-01T10:00:00Z"]
    );
    assert_eq!(guessed.accounting, o.accounting);
}

#[test]
fn separate_date_and_time_columns() {
    let cfg = config("")
        .replace(
            r#"timestamp = { column = "started_at", format = "%Y-%m-%d %H:%M:%S", zone = "UTC" }"#,
            r#"timestamp = { column = "Date", time_column = "Time", format = "%d.%m.%Y %H:%M", zone = "Europe/Warsaw" }"#,
        )
        .replace("\"duration\", unit = \"seconds\"", "\"Duration\", unit = \"hms\"");
    let body = "Date;Time;Duration;user_email\n01.10.2026;00:30;00:01:00;lukasz.zak@acme.example\n30.09.2026;23:59;0:01:00;lukasz.zak@acme.example\n01.10.2026;;00:01:00;lukasz.zak@acme.example\n";
    let o = run_files(&cfg, &[("calls.csv", body.as_bytes())]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        o.rejects,
        rejects(&[
            "calls.csv,4,Date,01.10.2026,bad timestamp (does not match the format); expected `%d.%m.%Y %H:%M` (e.g. 31.10.2026 23:30)"
        ])
    );
    // 30.09 23:59 is September: it counts for the previous period (counted_previous = 1)
    assert_eq!(
        o.accounting,
        ["dialer,calls.csv,3,2,0,,0,1,0,0,0,,1,2026-09-30T21:59:00Z,2026-09-30T22:30:00Z"]
    );
}

#[test]
fn overlapping_export_files_count_an_external_id_once() {
    let cfg = config("external_id = \"id\"");
    let a = format!("{HEADER}{OK1}{OK2}");
    let b = format!("{HEADER}{OK2}3,2026-10-03 10:00:00,60,lukasz.zak@acme.example,\n");
    let o = run_files(
        &cfg,
        &[("calls-a.csv", a.as_bytes()), ("calls-b.csv", b.as_bytes())],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        o.accounting,
        [
            "dialer,calls-a.csv,2,2,0,,0,0,0,0,0,,0,2026-10-01T10:00:00Z,2026-10-02T10:00:00Z",
            "dialer,calls-b.csv,2,1,0,,1,0,0,0,0,,0,2026-10-02T10:00:00Z,2026-10-03T10:00:00Z"
        ]
    );
}

#[test]
fn multi_chunk_files_with_quoted_newlines_keep_line_numbers() {
    // more than one 4 MiB chunk; quoted multi-line notes everywhere, CRLF line ends
    let mut body = HEADER.replace('\n', "\r\n");
    let n = 60_000;
    for i in 0..n {
        // 1 to 31 October: the file's first and last activity are in its first and
        // last chunk
        let day = 1 + i * 31 / n;
        body.push_str(&format!(
            "{i},2026-10-{day:02} 10:00:00,60,lukasz.zak@acme.example,\"note\r\nline two {}\"\r\n",
            "y".repeat(40)
        ));
    }
    body.push_str("x,bad,60,lukasz.zak@acme.example,\r\n");
    let o = run_files(&config(""), &[("calls.csv", body.as_bytes())]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        o.rejects,
        rejects(&[&format!(
            "calls.csv,{},started_at,bad,bad timestamp (does not match the format); expected `%Y-%m-%d %H:%M:%S` (e.g. 2026-10-31 23:30:00)",
            2 + 2 * n
        )])
    );
    assert_eq!(
        o.accounting,
        [format!(
            "dialer,calls.csv,{},{n},0,,0,1,0,0,0,,0,2026-10-01T10:00:00Z,2026-10-31T10:00:00Z",
            n + 1
        )]
    );
}

#[test]
fn old_mac_cr_line_ends_keep_line_numbers() {
    // found by the fuzz test: a lone `\r` ends a record, so it also ends a line
    let body = format!("{HEADER}{OK1}\n2,bad,60,lukasz.zak@acme.example,\n").replace('\n', "\r");
    let o = run_files(&config(""), &[("calls.csv", body.as_bytes())]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        o.rejects,
        rejects(&[
            "calls.csv,4,started_at,bad,bad timestamp (does not match the format); expected `%Y-%m-%d %H:%M:%S` (e.g. 2026-10-31 23:30:00)"
        ])
    );
    assert_eq!(
        o.accounting,
        ["dialer,calls.csv,3,1,0,,0,1,0,1,0,,0,2026-10-01T10:00:00Z,2026-10-01T10:00:00Z"]
    );
}

#[test]
fn a_repeated_header_is_a_reject_of_its_own() {
    // two exports joined with `cat`: the second one's header (with its BOM, in
    // another case and padded) mid-file, then its rows
    let o = one(&format!(
        "{OK1}\u{feff}ID, Started_At ,duration,user_email,notes\n{OK2}"
    ));
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        o.rejects,
        rejects(&[
            "calls.csv,3,started_at, Started_At ,repeated header: the row is the file's header again (two exports joined into one file?)",
        ])
    );
    assert_eq!(
        o.accounting,
        ["dialer,calls.csv,3,2,0,,0,1,0,0,0,,0,2026-10-01T10:00:00Z,2026-10-02T10:00:00Z"]
    );
    // a row like the header in all but one cell is still a bad timestamp
    let o = one(&format!("{OK1}id,started_at,duration,user_email,x\n"));
    assert_eq!(
        o.rejects,
        rejects(&[
            "calls.csv,3,started_at,started_at,bad timestamp (does not match the format); expected `%Y-%m-%d %H:%M:%S` (e.g. 2026-10-31 23:30:00)",
        ])
    );
}

#[test]
fn a_data_row_without_its_time_is_rejected_and_a_sparse_one_after_the_data_is_a_footer() {
    let cfg = config("direction = \"direction\"\ncount = { direction = [\"outbound\"] }");
    let body = "id,started_at,duration,user_email,direction\n\
        1,2026-10-01 10:00:00,60,lukasz.zak@acme.example,outbound\n\
        2,,60,lukasz.zak@acme.example,inbound\n\
        3,2026-10-01 11:00:00,60,lukasz.zak@acme.example,outbound\n\
        4,,60,lukasz.zak@acme.example,outbound\n\
        Total,,120,,\n";
    let o = run_files(&cfg, &[("calls.csv", body.as_bytes())]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    // a row's time is read before its rules: the inbound call without a time is a
    // reject, not "not counted"; so is the last call, whose other cells are filled
    // (not a footer although nothing follows but the total); the total, with its
    // time and most cells empty, is the trailer
    assert_eq!(
        o.rejects,
        rejects(&[
            "calls.csv,3,started_at,,bad timestamp (empty); expected `%Y-%m-%d %H:%M:%S` (e.g. 2026-10-31 23:30:00)",
            "calls.csv,5,started_at,,bad timestamp (empty); expected `%Y-%m-%d %H:%M:%S` (e.g. 2026-10-31 23:30:00)",
        ])
    );
    assert_eq!(
        o.accounting,
        ["dialer,calls.csv,5,2,0,,0,2,0,0,1,,0,2026-10-01T10:00:00Z,2026-10-01T11:00:00Z"]
    );
}
