//! Whole runs on fixtures: goldens, reproducibility, the seed's worked example,
//! time zones at period edges.

use std::fs;

use crate::util::{CSVS, golden, golden_dir, run, stderr_for_golden, tempdir};

#[test]
fn sample_company_october() {
    let out = tempdir();
    let r = run(&[
        "run",
        "--config",
        "samples/config.toml",
        "--period",
        "2026-10",
        "--as-of",
        "2026-11-01",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    golden_dir("samples_2026-10", out.path(), &CSVS);
    let stderr = stderr_for_golden(&r.stderr, out.path());
    golden("samples_2026-10", "stderr.txt", stderr.as_bytes());
}

#[test]
fn rerun_gives_byte_identical_files_whatever_the_thread_count() {
    let a = tempdir();
    let b = tempdir();
    let base = [
        "run",
        "--config",
        "samples/config.toml",
        "--period",
        "2026-10",
        "--out",
    ];
    let r1 = run(&[&base[..], &[a.path().to_str().unwrap(), "--threads", "1"]].concat());
    let r2 = run(&[&base[..], &[b.path().to_str().unwrap(), "--threads", "3"]].concat());
    assert_eq!((r1.code, r2.code), (0, 0));
    for n in CSVS {
        assert_eq!(
            fs::read(a.path().join(n)).unwrap(),
            fs::read(b.path().join(n)).unwrap(),
            "{n}"
        );
    }
}

#[test]
fn time_zone_and_rule_edges() {
    let out = tempdir();
    let r = run(&[
        "run",
        "--config",
        "tests/fixtures/edges/config.toml",
        "--period",
        "2026-10",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    golden_dir("edges_2026-10", out.path(), &CSVS);
    let att = fs::read_to_string(out.path().join("attainment.csv")).unwrap();
    // 2026-10-31 22:30Z is 23:30 in Warsaw (CET after the 25 Oct change): October.
    // 2026-09-30 22:30Z is 00:30 on 1 Oct in Warsaw (CEST): October. 59 s does not count, 60 s does.
    assert!(
        att.contains("W1,Łukasz Żak,Warszawa,2026-10,call,3,2,150.0,exceeded"),
        "{att}"
    );
    // 2026-11-01T03:30Z is 23:30 on 31 Oct in New York (EDT): October; 04:30Z is November.
    assert!(
        att.contains("N1,Raj Patel,New York,2026-10,call,1,2,50.0,below"),
        "{att}"
    );
    // Warsaw DST change on Sunday 2026-10-25: 00:30Z and 01:30Z are both 02:30 local, and
    // 22:30Z is 23:30 CET, all in ISO week 43; 23:30Z is already Monday, week 44.
    assert!(
        att.contains("W2,Zofia Krzyżanowska,Warszawa,2026-W43,call,3,2,150.0,exceeded"),
        "{att}"
    );
    assert!(
        att.contains("W2,Zofia Krzyżanowska,Warszawa,2026-W44,call,1,2,50.0,below"),
        "{att}"
    );
}

#[test]
fn weekly_report_period() {
    let out = tempdir();
    let r = run(&[
        "run",
        "--config",
        "tests/fixtures/edges/config.toml",
        "--period",
        "2026-W43",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let att = fs::read_to_string(out.path().join("attainment.csv")).unwrap();
    assert_eq!(
        att,
        "rep_id,rep_name,team,period,kind,done,target,attainment_pct,status\n\
         W2,Zofia Krzyżanowska,Warszawa,2026-W43,call,3,2,150.0,exceeded\n"
            .replace(
                "status\n",
                "status,target_full,basis,tier,currency,plan,expected_to_date,projected_pct,pace\n"
            )
            .replace(
                "exceeded\n",
                "exceeded,2,5/5 working days,tier 2,,Probation weekly calls,,,\n"
            )
    );
}

/// One column of a one-row CSV, by header name.
fn column(csv: &str, name: &str) -> String {
    let mut lines = csv.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let i = head
        .iter()
        .position(|h| *h == name)
        .unwrap_or_else(|| panic!("no column {name} in {head:?}"));
    row[i].to_string()
}

/// The seed's worked example: Raj makes 150 calls, 200 emails and 50 social
/// contacts in a month and gets 30 sales opportunities; with a quota of exactly
/// that, every kind is met, he did 400 activities, 7.5 opportunities per 100
/// activities, 13.3 activities per opportunity.
#[test]
fn seed_example_raj_meets_his_quota() {
    let dir = tempdir();
    let d = dir.path();
    fs::write(
        d.join("roster.csv"),
        "rep_id,full_name,email,phone_extension,social_handle,time_zone,team,role,hire_date\n\
         R1,Raj,raj@acme.example,100,raj,America/New_York,Advisers,adviser,2025-01-06\n",
    )
    .unwrap();
    let mut calls = String::from("ext,when,seconds\n");
    for i in 0..150 {
        calls += &format!(
            "100,2026-10-{:02} 15:{:02}:00,{}\n",
            1 + i % 28,
            i % 60,
            60 + i
        );
    }
    calls += "100,2026-10-02 10:00:00,59\n"; // too short: not counted
    let mut emails = String::from("\u{feff}from;sent;status\n");
    for i in 0..200 {
        emails += &format!(
            "RAJ@acme.example;2026-10-{:02}T09:{:02}:00-04:00;sent\n",
            1 + i % 28,
            i % 60
        );
    }
    emails += "raj@acme.example;2026-10-03T09:00:00-04:00;bounced\n";
    let mut social = String::from("who\tat\n");
    for i in 0..50 {
        social += &format!(
            "https://www.linkedin.com/in/raj/\t{}\n",
            1_790_900_000_000i64 + i * 3_600_000
        );
    }
    fs::create_dir(d.join("x")).unwrap();
    fs::write(d.join("x/calls.csv"), calls).unwrap();
    fs::write(d.join("x/emails.csv"), emails).unwrap();
    fs::write(d.join("x/social.csv"), social).unwrap();
    let mut opps = String::from("Opportunity Name,Owner Email,Created Date,Stage,Amount\n");
    for i in 0..30 {
        opps += &format!(
            "Deal {i},raj@acme.example,10/{:02}/2026,Prospecting,\"1,000.00\"\n",
            1 + i % 28
        );
    }
    opps += "Deal 99,raj@acme.example,11/02/2026,Prospecting,500\n"; // November: not counted
    fs::write(d.join("x/opps.csv"), opps).unwrap();
    fs::write(
        d.join("raj.toml"),
        r#"timezone = "UTC"
roster = "roster.csv"
[[source]]
name = "phone"
kind = "call"
files = ["x/calls.csv"]
rep = { column = "ext", match = "phone_extension" }
timestamp = { column = "when", format = "%Y-%m-%d %H:%M:%S", zone = "rep" }
duration = { column = "seconds", unit = "seconds" }
count = { min_duration_s = 60 }
dedup = "none"
[[source]]
name = "mail"
kind = "email"
files = ["x/emails.csv"]
rep = { column = "from", match = "email" }
timestamp = { column = "sent", format = "iso8601", zone = "offset" }
outcome = "status"
count = { exclude_outcome = ["bounced"] }
dedup = "none"
[[source]]
name = "social"
kind = "social"
files = ["x/social.csv"]
rep = { column = "who", match = "social_handle" }
timestamp = { column = "at", format = "epoch_ms", zone = "UTC" }
[[source]]
name = "crm"
kind = "opportunity"
files = ["x/opps.csv"]
rep = { column = "Owner Email", match = "email" }
timestamp = { column = "Created Date", format = "%m/%d/%Y", zone = "rep" }
amount = "Amount"
[[quota]]
role = "adviser"
period = "month"
targets = { call = 150, email = 200, social = 50, opportunity = 30 }
"#,
    )
    .unwrap();
    let out = d.join("out");
    let r = run(&[
        "run",
        "--config",
        d.join("raj.toml").to_str().unwrap(),
        "--period",
        "2026-10",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(
        summary.starts_with(
            "rep_id,rep_name,team,role,time_zone,period,call_done,call_target,call_pct,email_done,email_target,email_pct,social_done,social_target,social_pct,opportunity_done,opportunity_target,opportunity_pct,total_activities,status,"
        ),
        "{summary}"
    );
    assert!(
        summary.contains(
            "R1,Raj,Advisers,adviser,America/New_York,2026-10,150,150,100.0,200,200,100.0,50,50,100.0,30,30,100.0,400,met,"
        ),
        "{summary}"
    );
    let col = |n: &str| column(&summary, n);
    assert_eq!(col("total_activities"), "400");
    assert_eq!(col("opportunity_done"), "30");
    assert_eq!(col("opportunities_per_100_activities"), "7.5");
    assert_eq!(col("activities_per_opportunity"), "13.3");
    assert_eq!(col("call_per_opportunity"), "5.0");
    assert_eq!(col("opportunities_per_100_call"), "20.0");
    assert_eq!(col("email_per_opportunity"), "6.7");
    assert_eq!(col("social_per_opportunity"), "1.7");
    assert_eq!(col("score"), "100.0");
    assert_eq!(col("rank"), "1");
    assert_eq!(col("tier"), "met");
    assert!(
        r.stderr
            .contains("not counted in x/opps.csv: outside_period=1"),
        "{}",
        r.stderr
    );
}

/// Pacing a running month: rows after the as-of date are "not counted (future)",
/// running periods show expected-to-date, projected attainment and pace.
#[test]
fn sample_company_pacing_as_of_20_october() {
    let out = tempdir();
    let r = run(&[
        "run",
        "--config",
        "samples/config.toml",
        "--period",
        "2026-10",
        "--as-of",
        "2026-10-20",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    golden_dir("samples_2026-10_as-of", out.path(), &CSVS);
    let att = fs::read_to_string(out.path().join("attainment.csv")).unwrap();
    // R001 email: 39 done by 20 Oct (14 of 22 working days): expected 70 × 14/22 = 44.5 → 45,
    // projected 39 × 22/14 = 61.3 of 70 = 87.6 %: behind (80 % ≤ 87.6 % < 100 %)
    assert!(
        att.contains("R001,Łukasz Żak,Warszawa,2026-10,email,39,70,55.7,below,70,22/22 working days,,,Account executives,45,87.6,behind"),
        "{att}"
    );
    // a week that starts after the as-of date
    assert!(
        att.contains(",AE ramp: weekly calls,0,,not_started"),
        "{att}"
    );
    assert!(r.stderr.contains("future="), "{}", r.stderr);
}

/// A fiscal report period, FY2027-Q3 of the samples' February 4-4-5 calendar.
#[test]
fn fiscal_quarter_report_period() {
    let out = tempdir();
    let r = run(&[
        "run",
        "--config",
        "samples/config.toml",
        "--period",
        "FY2027-Q3",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("INFO reports written period=FY2027-Q3 start=2026-08-03 end=2026-11-01"),
        "{}",
        r.stderr
    );
    let sum = fs::read_to_string(out.path().join("summary.csv")).unwrap();
    assert!(sum.contains(",FY2027-Q3,"), "{sum}");
}

/// A CSV file as header → value maps, one per row.
fn table(path: &std::path::Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            head.iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

fn sample_run(period: &str, out: &std::path::Path, extra: &[&str]) -> crate::util::Run {
    let mut args = vec![
        "run",
        "--config",
        "samples/config.toml",
        "--period",
        period,
        "--as-of",
        "2026-11-01",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let r = run(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r
}

/// Period over period: the samples hold September rows of 27–30 Sep only. The October
/// report's previous-period columns must equal a separate September run's done, pct and
/// status, per rep and per team, and the rows October counted for September must be
/// the rows the September run counted, file by file.
#[test]
fn previous_period_equals_a_separate_run_of_that_period() {
    let d = tempdir();
    let (oct, sep) = (d.path().join("oct"), d.path().join("sep"));
    sample_run("2026-10", &oct, &[]);
    sample_run("2026-09", &sep, &["--no-previous"]);
    for file in ["summary.csv", "teams.csv"] {
        let key = if file == "summary.csv" {
            "rep_id"
        } else {
            "team"
        };
        let (o, s) = (table(&oct.join(file)), table(&sep.join(file)));
        assert_eq!(o.len(), s.len(), "{file}");
        let mut compared = 0;
        for row in &o {
            let before = s.iter().find(|r| r[key] == row[key]).unwrap();
            assert_eq!(row["prev_period"], "2026-09");
            assert_eq!(row["prev_status"], before["status"], "{file} {}", row[key]);
            for (col, v) in row {
                if let Some(m) = col.strip_suffix("_prev_done") {
                    assert_eq!(
                        *v,
                        before[&format!("{m}_done")],
                        "{file} {} {col}",
                        row[key]
                    );
                    compared += 1;
                }
                if let Some(m) = col.strip_suffix("_prev_pct") {
                    assert_eq!(*v, before[&format!("{m}_pct")], "{file} {} {col}", row[key]);
                }
            }
        }
        // 4 kinds and 4 sales metrics, for every row
        assert_eq!(compared, 8 * o.len(), "{file}");
    }
    // September did happen in the samples: the comparison is not all zeros
    let o = table(&oct.join("summary.csv"));
    let r001 = o.iter().find(|r| r["rep_id"] == "R001").unwrap();
    assert_eq!(
        (
            r001["call_prev_done"].as_str(),
            r001["call_prev_pct"].as_str()
        ),
        ("3", "5.0")
    );
    // accounting: what October counted for September is what September counted
    let (oa, sa) = (
        table(&oct.join("accounting.csv")),
        table(&sep.join("accounting.csv")),
    );
    assert_eq!(oa.len(), sa.len());
    for (a, b) in oa.iter().zip(&sa) {
        assert_eq!(a["counted_previous"], b["counted"], "{}", a["file"]);
        assert_eq!(b["counted_previous"], "0");
    }
    let total = oa.last().unwrap();
    assert_eq!(total["counted_previous"], "66");
    // and every one of those rows is in a previous-period cell of summary.csv
    let prev_rows: u64 = o
        .iter()
        .flat_map(|r| {
            ["call", "email", "social", "opportunity", "won"]
                .map(|k| r[&format!("{k}_prev_done")].parse::<u64>().unwrap())
        })
        .sum();
    assert_eq!(prev_rows, 66);
    let m: serde_json::Value =
        serde_json::from_slice(&fs::read(oct.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(
        m["previous_period"],
        serde_json::json!({"label": "2026-09", "start": "2026-09-01", "end": "2026-09-30"})
    );
    assert_eq!(m["inputs"][0]["counted_previous"], 31);
}

/// `--no-previous`: no previous-period columns, the rows of September are "not counted
/// (outside_period)" again, and the current period's numbers are the same either way.
#[test]
fn no_previous_leaves_the_current_period_unchanged() {
    let d = tempdir();
    let (with, without) = (d.path().join("with"), d.path().join("without"));
    sample_run("2026-10", &with, &[]);
    let r = sample_run("2026-10", &without, &["--no-previous"]);
    assert!(r.stderr.contains(" previous=off "), "{}", r.stderr);
    assert!(!r.stderr.contains("counted for the previous period"));
    assert_eq!(
        fs::read(with.join("attainment.csv")).unwrap(),
        fs::read(without.join("attainment.csv")).unwrap()
    );
    for file in ["summary.csv", "teams.csv"] {
        let (w, wo) = (table(&with.join(file)), table(&without.join(file)));
        assert!(!wo[0].contains_key("prev_period"), "{file}");
        for (a, b) in w.iter().zip(&wo) {
            for (col, v) in b {
                assert_eq!(&a[col], v, "{file} {col}");
            }
        }
    }
    for (a, b) in table(&with.join("accounting.csv"))
        .iter()
        .zip(&table(&without.join("accounting.csv")))
    {
        let n = |r: &std::collections::BTreeMap<String, String>, c: &str| -> u64 {
            r[c].parse().unwrap()
        };
        assert_eq!(n(a, "counted") - n(a, "counted_previous"), n(b, "counted"));
        assert_eq!(
            n(b, "not_counted") - n(a, "not_counted"),
            n(a, "counted_previous")
        );
        assert_eq!(n(a, "read"), n(b, "read"));
    }
    let m: serde_json::Value =
        serde_json::from_slice(&fs::read(without.join("manifest.json")).unwrap()).unwrap();
    assert!(m.get("previous_period").is_none());
}

/// `check --period` counts the previous period like `run`, so both print the same accounting.
#[test]
fn check_counts_the_previous_period_like_run() {
    let r = run(&[
        "check",
        "--config",
        "samples/config.toml",
        "--period",
        "2026-10",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let table: String = r
        .stderr
        .lines()
        .filter(|l| !l.contains(" INFO "))
        .map(|l| format!("{l}\n"))
        .collect();
    let golden = fs::read_to_string("tests/golden/samples_2026-10/stderr.txt").unwrap();
    assert!(golden.starts_with(&table), "{table}");
    let r = run(&[
        "check",
        "--config",
        "samples/config.toml",
        "--period",
        "2026-10",
        "--no-previous",
    ]);
    assert!(
        r.stderr.contains(
            "not counted in exports/email/outreach-2026-10.csv: outside_period=55, outcome=38\n"
        ),
        "{}",
        r.stderr
    );
}

/// A day counts once: where the current report counts it. A weekly plan from 28 Sep
/// puts 29 Sep into W40 of October, so it is not September's although a September
/// report without a call target would count it. Days between the previous period and
/// a late-starting current window (before a mid-October hire's ramp) count for neither.
#[test]
fn previous_period_never_takes_a_day_the_current_report_counts() {
    let dir = tempdir();
    let d = dir.path();
    fs::write(
        d.join("roster.csv"),
        "rep_id,full_name,email,phone_extension,social_handle,time_zone,team,role,hire_date\n\
         R1,Ann,ann@x.example,,,UTC,T,weekly,2020-01-06\n\
         R2,Bob,bob@x.example,,,UTC,T,new,2026-10-13\n",
    )
    .unwrap();
    fs::write(
        d.join("calls.csv"),
        "who,at\n\
         ann@x.example,2026-09-25T10:00:00Z\n\
         ann@x.example,2026-09-29T10:00:00Z\n\
         ann@x.example,2026-10-05T10:00:00Z\n\
         bob@x.example,2026-09-25T10:00:00Z\n\
         bob@x.example,2026-10-05T10:00:00Z\n\
         bob@x.example,2026-10-14T10:00:00Z\n\
         bob@x.example,2026-08-31T10:00:00Z\n",
    )
    .unwrap();
    fs::write(
        d.join("c.toml"),
        r#"timezone = "UTC"
roster = "roster.csv"
[[source]]
name = "phone"
kind = "call"
files = ["calls.csv"]
rep = { column = "who", match = "email" }
timestamp = { column = "at", format = "iso8601", zone = "UTC" }
dedup = "none"
[[quota]]
role = "weekly"
period = "week"
from = "2026-09-28"
targets = { call = 1 }
[[quota]]
role = "new"
tenure_weeks = [1, 4]
period = "week"
targets = { call = 1 }
"#,
    )
    .unwrap();
    let out = d.join("out");
    let r = run(&[
        "run",
        "--config",
        d.join("c.toml").to_str().unwrap(),
        "--period",
        "2026-10",
        "--as-of",
        "2026-11-01",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let s = table(&out.join("summary.csv"));
    let cell = |rep: &str, c: &str| s.iter().find(|r| r["rep_id"] == rep).unwrap()[c].clone();
    // Ann: 25 Sep → September (no target then: empty pct); 29 Sep and 5 Oct → W40, W41
    assert_eq!(
        (cell("R1", "call_done"), cell("R1", "call_prev_done")),
        ("2".into(), "1".into())
    );
    assert_eq!(cell("R1", "call_prev_pct"), "");
    assert_eq!(cell("R1", "prev_status"), "no_quota");
    // Bob: 25 Sep → September; 5 Oct is before his ramp (W42) → outside; 14 Oct → W42;
    // 31 Aug is before September
    assert_eq!(
        (cell("R2", "call_done"), cell("R2", "call_prev_done")),
        ("1".into(), "1".into())
    );
    let a = table(&out.join("accounting.csv"));
    assert_eq!(
        (
            a[0]["counted"].as_str(),
            a[0]["counted_previous"].as_str(),
            a[0]["not_counted_by_rule"].as_str()
        ),
        ("5", "2", "outside_period=2")
    );
}

/// UTF-8 exports are mapped into memory by default and read through `read()` with
/// `ACTIVITY_QUOTA_NO_MMAP`: both give the same outputs, and the manifest's input hashes
/// are the files' own SHA-256 either way.
#[test]
fn mapped_and_read_exports_agree() {
    let d = tempdir();
    let outs = [d.path().join("mapped"), d.path().join("read")];
    for (out, no_mmap) in outs.iter().zip([false, true]) {
        let mut c = crate::util::sample_october(out);
        if no_mmap {
            c.env("ACTIVITY_QUOTA_NO_MMAP", "1");
        }
        let r = c.args(["--as-of", "2026-11-01"]).output().unwrap();
        assert_eq!(
            r.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&r.stderr)
        );
    }
    for name in CSVS.iter().chain(&["report.pdf", "report.xlsx"]) {
        assert_eq!(
            fs::read(outs[0].join(name)).unwrap(),
            fs::read(outs[1].join(name)).unwrap(),
            "{name}"
        );
    }
    let inputs = |out: &std::path::Path| {
        let m: serde_json::Value =
            serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();
        m["inputs"].clone()
    };
    let (mapped, read) = (inputs(&outs[0]), inputs(&outs[1]));
    assert_eq!(mapped, read);
    let list = mapped.as_array().unwrap();
    assert!(list.len() >= 4, "{mapped}");
    for i in list {
        let path = crate::util::root()
            .join("samples")
            .join(i["path"].as_str().unwrap());
        let bytes = fs::read(&path).unwrap();
        assert_eq!(
            i["sha256"],
            activity_quota::sha256_hex(&bytes).as_str(),
            "{}",
            path.display()
        );
        assert_eq!(i["size"], bytes.len() as u64, "{}", path.display());
    }
}
