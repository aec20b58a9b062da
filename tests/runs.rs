//! Whole runs on fixtures: goldens, reproducibility, the seed's worked example,
//! time zones at period edges.

use std::fs;

use crate::util::{CSVS, golden, golden_dir, run, tempdir};

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
    // the run's duration is the one thing that varies
    let stderr: String = r
        .stderr
        .replace(out.path().to_str().unwrap(), "OUT")
        .lines()
        .map(|l| format!("{}\n", l.split(" ms=").next().unwrap_or(l)))
        .collect();
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
