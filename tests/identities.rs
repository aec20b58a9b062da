//! Roster identities in the reports: unknown identities as looked up, capped in the
//! accounting and listed in full in `unknown_identities.csv`; a roster alias cell shown
//! by its first spelling.

use std::{fmt::Write as _, fs, path::Path};

use crate::util::{run, tempdir};

const CONFIG: &str = r#"timezone = "Europe/Warsaw"
roster = "roster.csv"
[[source]]
name = "dialer"
kind = "call"
files = ["calls.csv"]
rep = { column = "user", match = "REP_FIELD" }
timestamp = { column = "started_at", format = "%Y-%m-%d %H:%M:%S", zone = "UTC" }
[[quota]]
role = "ae"
period = "month"
targets = { call = 2 }
"#;

const ROSTER: &str = "rep_id,full_name,email,time_zone,team,role,hire_date
R1,Agnieszka Lewandowska-Kruk|Agnieszka Kruk,agnieszka@acme.example,,Warszawa,ae,2024-01-08
R2,Raj Patel,raj.patel@acme.example,,Warszawa,ae,2023-05-02
";

/// Run `run --period 2026-10` (with `extra` arguments) on `calls` matched by
/// `rep_field`; returns the exit code, stderr and the output directory.
fn run_calls(dir: &Path, rep_field: &str, calls: &str, extra: &[&str]) -> (i32, String) {
    fs::write(dir.join("roster.csv"), ROSTER).unwrap();
    fs::write(dir.join("c.toml"), CONFIG.replace("REP_FIELD", rep_field)).unwrap();
    fs::write(dir.join("calls.csv"), format!("started_at,user\n{calls}")).unwrap();
    let out = dir.join("out");
    let mut args = vec![
        "run",
        "--config",
        dir.join("c.toml").to_str().unwrap().to_string().leak(),
        "--period",
        "2026-10",
        "--out",
        out.to_str().unwrap().to_string().leak(),
    ];
    args.extend_from_slice(extra);
    let r = run(&args);
    (r.code, r.stderr)
}

fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join("out").join(name)).unwrap()
}

/// The `unknown_identities` cell of accounting.csv's first data row.
fn accounting_cell(dir: &Path) -> String {
    let acc = read(dir, "accounting.csv");
    let mut r = csv::Reader::from_reader(acc.as_bytes());
    let row = r.records().next().unwrap().unwrap();
    row[11].to_string()
}

#[test]
fn many_unknown_identities_are_capped_in_the_accounting_and_all_listed() {
    let d = tempdir();
    // 850 unknown addresses: u000 has 3 rows, u001 2 rows, the rest 1 row each
    let mut calls = String::new();
    for i in 0..850 {
        let rows = match i {
            0 => 3,
            1 => 2,
            _ => 1,
        };
        for _ in 0..rows {
            writeln!(calls, "2026-10-05 10:00:00,u{i:03}@else.example").unwrap();
        }
    }
    calls.push_str("2026-10-05 11:00:00,raj.patel@acme.example\n");
    let (code, stderr) = run_calls(d.path(), "email", &calls, &[]);
    assert_eq!(code, 0, "{stderr}");
    let first: Vec<String> = (2..10).map(|i| format!("u{i:03}@else.example=1")).collect();
    assert_eq!(
        accounting_cell(d.path()),
        format!(
            "u000@else.example=3 u001@else.example=2 {} and 840 more (all in unknown_identities.csv)",
            first.join(" ")
        )
    );
    let console: Vec<String> = (2..10)
        .map(|i| format!("u{i:03}@else.example (1)"))
        .collect();
    assert!(
        stderr.contains(&format!(
            "\nunknown identities in calls.csv: u000@else.example (3), u001@else.example (2), {} and 840 more (all in unknown_identities.csv)\n",
            console.join(", ")
        )),
        "{stderr}"
    );
    let list = read(d.path(), "unknown_identities.csv");
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 851);
    assert_eq!(lines[0], "source,identity,as_written,rows,files");
    assert_eq!(lines[1], "dialer,u000@else.example,,3,calls.csv");
    assert_eq!(lines[2], "dialer,u001@else.example,,2,calls.csv");
    assert_eq!(lines[3], "dialer,u002@else.example,,1,calls.csv");
    assert_eq!(lines[850], "dialer,u849@else.example,,1,calls.csv");
    let rows: u64 = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(3).unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(rows, 853);
    // the unmatched gate names the same first ten
    let (code, stderr) = run_calls(d.path(), "email", &calls, &["--fail-on-unmatched", "-q"]);
    assert_eq!(code, 3, "{stderr}");
    let first: Vec<String> = (0..10).map(|i| format!("u{i:03}@else.example")).collect();
    assert!(
        stderr.ends_with(&format!(
            "\n  --> 853 rows name a rep who is not in the roster (--fail-on-unmatched): {} and 840 more (all in unknown_identities.csv)\n",
            first.join(", ")
        )),
        "{stderr}"
    );
    // listed in the manifest like every output
    let m = read(d.path(), "manifest.json");
    assert!(m.contains("\"path\": \"unknown_identities.csv\""), "{m}");
}

#[test]
fn unknown_identities_show_the_address_looked_up_and_the_cell_as_written() {
    let d = tempdir();
    let calls = "2026-10-05 10:00:00,Ghost Rep <Ghost@Else.example>\n\
                 2026-10-05 10:05:00,ghost@else.example\n\
                 2026-10-05 10:10:00,\"Ghost <ghost@else.example>\"\n\
                 2026-10-05 10:15:00,mailto:ghost@else.example\n";
    // a Polish Excel's CSV: `;`-separated
    let (code, stderr) = run_calls(d.path(), "email", calls, &["--excel", "--lang", "pl"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("\nunknown identities in calls.csv: ghost@else.example (4)\n"),
        "{stderr}"
    );
    assert_eq!(
        read(d.path(), "unknown_identities.csv"),
        "\u{feff}source;identity;as_written;rows;files\n\
         dialer;ghost@else.example;;1;calls.csv\n\
         dialer;ghost@else.example;Ghost <ghost@else.example>;1;calls.csv\n\
         dialer;ghost@else.example;Ghost Rep <Ghost@Else.example>;1;calls.csv\n\
         dialer;ghost@else.example;mailto:ghost@else.example;1;calls.csv\n"
    );
}

#[test]
fn unknown_identities_csv_is_a_header_only_when_every_row_matched() {
    let d = tempdir();
    let (code, stderr) = run_calls(
        d.path(),
        "email",
        "2026-10-05 10:00:00,raj.patel@acme.example\n",
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        read(d.path(), "unknown_identities.csv"),
        "source,identity,as_written,rows,files\n"
    );
    assert_eq!(accounting_cell(d.path()), "");
}

#[test]
fn a_roster_alias_cell_shows_its_first_spelling_and_matches_every_one() {
    let d = tempdir();
    // rows name the rep by her second spelling only
    let calls = "2026-10-05 10:00:00,Agnieszka Kruk\n2026-10-06 10:00:00,agnieszka  KRUK\n";
    let (code, stderr) = run_calls(d.path(), "full_name", calls, &["--per-rep"]);
    assert_eq!(code, 0, "{stderr}");
    let att = read(d.path(), "attainment.csv");
    assert!(
        att.contains("\nR1,Agnieszka Lewandowska-Kruk,Warszawa,2026-10,call,2,2,100.0,met,"),
        "{att}"
    );
    assert!(!att.contains('|'), "{att}");
    let summary = read(d.path(), "summary.csv");
    assert!(
        summary.contains("\nR1,Agnieszka Lewandowska-Kruk,Warszawa,"),
        "{summary}"
    );
    assert!(!summary.contains('|'), "{summary}");
    let mut names: Vec<String> = fs::read_dir(d.path().join("out/statements"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["R1-agnieszka-lewandowska-kruk.pdf", "R2-raj-patel.pdf"]
    );
    // the statement and report.pdf print the first spelling, never the cell
    for pdf in ["statements/R1-agnieszka-lewandowska-kruk.pdf", "report.pdf"] {
        let text = crate::pdf::pdftotext(&d.path().join("out").join(pdf)).concat();
        assert!(text.contains("Agnieszka Lewandowska-Kruk"), "{pdf}: {text}");
        assert!(!text.contains("Agnieszka Kruk"), "{pdf}: {text}");
    }
    assert_eq!(
        read(d.path(), "unknown_identities.csv"),
        "source,identity,as_written,rows,files\n"
    );
}
