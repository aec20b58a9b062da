//! The roster as HR exports it (`[roster]`: date format, encoding, locations mapped to
//! zones, an identities side file), quota plans of listed reps, the exit-date rule, and
//! roster / absences problems with their lines (CRLF files too).

use std::{fs, path::Path};

use crate::util::{copy_tree, root, run, run_october, sample_october, tempdir};

const HR_COLUMNS: &str = r#"roster_columns = { rep_id = "Nr ewid.", full_name = "Imię i nazwisko", email = "E-mail służbowy", team = "Dział", role = "Stanowisko", hire_date = "Data zatrudnienia", exit_date = "Data zwolnienia" }"#;

const HR_ROSTER: &str = r#"
[roster]
file = "hr/roster.csv"
encoding = "windows-1250"
date_format = "%d.%m.%Y"
zone_column = "Lokalizacja"
identities = "hr/identities.csv"

[roster.zones]
"Warszawa" = "Europe/Warsaw"
"Nowy Jork" = "America/New_York"
"#;

/// The sample company with its roster and absences as HR exports them
/// (tests/fixtures/hr: Windows-1250, `;`, CRLF, dd.mm.yyyy, a location column, profile
/// URLs and extensions in a side file) reports exactly what the sample roster does.
#[test]
fn an_hr_export_gives_the_same_report_as_the_sample_roster() {
    let d = tempdir();
    let company = d.path().join("company");
    copy_tree(&root().join("samples/exports"), &company.join("exports"));
    copy_tree(&root().join("tests/fixtures/hr"), &company.join("hr"));
    let sample = fs::read_to_string(root().join("samples/config.toml")).unwrap();
    assert!(sample.contains("roster = \"roster.csv\""));
    assert!(sample.contains("absences = \"absences.csv\""));
    let config = sample
        .replace("roster = \"roster.csv\"", HR_COLUMNS)
        .replace(
            "absences = \"absences.csv\"",
            "absences = \"hr/absences.csv\"",
        )
        + HR_ROSTER;
    fs::write(company.join("config.toml"), config).unwrap();

    let sample_out = d.path().join("sample-out");
    let s = sample_october(&sample_out).output().unwrap();
    assert_eq!(s.status.code(), Some(0));
    let hr_out = d.path().join("hr-out");
    let cfg = company.join("config.toml");
    let r = run_october(&cfg, &hr_out, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for name in [
        "attainment.csv",
        "summary.csv",
        "teams.csv",
        "accounting.csv",
        "rejects.csv",
        "unknown_identities.csv",
    ] {
        let want = fs::read_to_string(sample_out.join(name)).unwrap();
        let got = fs::read_to_string(hr_out.join(name)).unwrap();
        assert_eq!(got, want, "{name}");
    }
    // the absences (19-23.10.2026) were read: R006's targets are prorated
    let att = fs::read_to_string(hr_out.join("attainment.csv")).unwrap();
    assert!(
        att.lines()
            .any(|l| l.starts_with("R006,") && l.contains(",17/22 working days,")),
        "{att}"
    );
}

const CALLS: &str = r#"timezone = "Europe/Warsaw"
roster = "roster.csv"
[[source]]
name = "dialer"
kind = "call"
files = ["calls.csv"]
rep = { column = "user", match = "email" }
timestamp = { column = "started_at", format = "%Y-%m-%d %H:%M:%S", zone = "UTC" }
[[quota]]
role = "ae"
period = "month"
targets = { call = 4 }
"#;

/// Write `config`, `roster` and `calls` (after a `started_at,user` header) into `dir`.
fn company(dir: &Path, config: &str, roster: &str, calls: &str) -> String {
    fs::write(dir.join("roster.csv"), roster).unwrap();
    fs::write(dir.join("calls.csv"), format!("started_at,user\n{calls}")).unwrap();
    let p = dir.join("c.toml");
    fs::write(&p, config).unwrap();
    p.to_str().unwrap().to_string()
}

/// The `done` and `target` of a rep's October calls in attainment.csv.
fn calls_of(out: &Path, rep: &str) -> (String, String) {
    let att = fs::read_to_string(out.join("attainment.csv")).unwrap();
    let mut r = csv::Reader::from_reader(att.as_bytes());
    let row = r
        .records()
        .map(|r| r.unwrap())
        .find(|r| &r[0] == rep && &r[4] == "call")
        .unwrap_or_else(|| panic!("no call row of {rep} in\n{att}"));
    (row[5].to_string(), row[6].to_string())
}

/// Activity dated after a rep's exit date, in the rep's local calendar, is not counted
/// (`after_exit`), even inside the period whose target it would have counted for.
#[test]
fn activity_after_the_exit_date_is_not_counted() {
    let d = tempdir();
    let cfg = company(
        d.path(),
        CALLS,
        "rep_id,full_name,email,role,hire_date,exit_date\n\
         R1,Anna Nowak,anna@acme.example,ae,2020-01-06,2026-10-15\n\
         R2,Raj Patel,raj@acme.example,ae,2020-01-06,\n",
        // 15.10 23:30 in Warsaw is the exit day; 16.10 00:30 is after it
        "2026-10-14 10:00:00,anna@acme.example\n\
         2026-10-15 21:30:00,anna@acme.example\n\
         2026-10-15 22:30:00,anna@acme.example\n\
         2026-10-20 09:00:00,anna@acme.example\n\
         2026-10-20 09:00:00,raj@acme.example\n",
    );
    let out = d.path().join("out");
    let r = run_october(Path::new(&cfg), &out, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("not counted in calls.csv: after_exit=2\n"),
        "{}",
        r.stderr
    );
    let acc = fs::read_to_string(out.join("accounting.csv")).unwrap();
    assert!(
        acc.contains("\ndialer,calls.csv,5,3,2,after_exit=2,0,0,0,0,0,,"),
        "{acc}"
    );
    // 11 of October's 22 working days employed: the target 4 prorated to 2
    assert_eq!(calls_of(&out, "R1"), ("2".into(), "2".into()));
    assert_eq!(calls_of(&out, "R2"), ("1".into(), "4".into()));
}

/// `rep = ["R1", "R3"]` gives both listed reps the plan; the others keep the role's.
#[test]
fn a_quota_plan_for_a_list_of_reps() {
    let d = tempdir();
    let cfg = company(
        d.path(),
        &format!(
            "{CALLS}[[quota]]\nname = \"Top reps\"\nrep = [\"R1\", \"R3\"]\nperiod = \"month\"\ntargets = {{ call = 9 }}\n"
        ),
        "rep_id,full_name,email,role,hire_date\n\
         R1,Anna Nowak,anna@acme.example,ae,2020-01-06\n\
         R2,Raj Patel,raj@acme.example,ae,2020-01-06\n\
         R3,Emily Carter,emily@acme.example,ae,2020-01-06\n",
        "2026-10-14 10:00:00,anna@acme.example\n",
    );
    let out = d.path().join("out");
    let r = run_october(Path::new(&cfg), &out, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(calls_of(&out, "R1"), ("1".into(), "9".into()));
    assert_eq!(calls_of(&out, "R2"), ("0".into(), "4".into()));
    assert_eq!(calls_of(&out, "R3"), ("0".into(), "9".into()));

    // a rep the roster does not hold is a roster problem
    let cfg = company(
        d.path(),
        &format!(
            "{CALLS}[[quota]]\nname = \"Top reps\"\nrep = [\"R1\", \"R9\"]\nperiod = \"month\"\ntargets = {{ call = 9 }}\n"
        ),
        "rep_id,full_name,email,role\nR1,Anna Nowak,anna@acme.example,ae\n",
        "",
    );
    let r = run(&["check", "--config", &cfg]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: 1 problem in roster `{}`\n  --> quota `Top reps` (quota[1].rep) names rep `R9`, which is not in the roster\n",
            d.path().join("roster.csv").display()
        )
    );
}

/// Problems of CRLF files name the line they are on (blank lines counted), and `check`
/// without `--period` reads the absences file too.
#[test]
fn crlf_roster_and_absences_problems_name_their_lines() {
    let d = tempdir();
    let cfg = company(
        d.path(),
        &CALLS.replace(
            "roster = \"roster.csv\"\n",
            "roster = \"roster.csv\"\nabsences = \"absences.csv\"\n",
        ),
        "rep_id,full_name,email,role,hire_date\r\n\
         R1,Anna Nowak,anna@acme.example,ae,2020-01-06\r\n\
         \r\n\
         R2,Raj Patel,raj@acme.example,ae,06.01.2020\r\n",
        "",
    );
    let r = run(&["check", "--config", &cfg]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: 1 problem in roster `{}`\n  --> line 4: rep `R2`: hire_date `06.01.2020` is not a date; expected YYYY-MM-DD\n",
            d.path().join("roster.csv").display()
        )
    );
    fs::write(
        d.path().join("roster.csv"),
        "rep_id,full_name,email,role\r\nR1,Anna Nowak,anna@acme.example,ae\r\n",
    )
    .unwrap();
    fs::write(
        d.path().join("absences.csv"),
        "rep_id,from,to\r\nR1,2026-10-05,2026-10-06\r\nR1,2026-10-07,later\r\n",
    )
    .unwrap();
    let r = run(&["check", "--config", &cfg]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: 1 problem in absences `{}`\n  --> line 3: `to` `later` is not a date; expected YYYY-MM-DD\n",
            d.path().join("absences.csv").display()
        )
    );
}

/// `[roster]` problems found in the files: an unmapped location (every one listed, the
/// line of the first), a date not in `date_format`, a value two reps claim in the
/// identities file.
#[test]
fn hr_roster_problems_are_exact() {
    let d = tempdir();
    let config = CALLS.replace(
        "roster = \"roster.csv\"\n",
        "roster = { file = \"roster.csv\", date_format = \"%d.%m.%Y\", zone_column = \"Location\", zones = { Warszawa = \"Europe/Warsaw\" }, identities = \"ids.csv\" }\n",
    );
    let cfg = company(
        d.path(),
        &config,
        "rep_id;full_name;email;role;Location;hire_date\r\n\
         R1;Anna Nowak;anna@acme.example;ae;Gdańsk;01.02.2020\r\n\
         R2;Raj Patel;raj@acme.example;ae;Warszawa;2020-02-01\r\n\
         R3;Emily Carter;emily@acme.example;ae;Kraków;\r\n\
         R4;Jan Kowalski;jan@acme.example;ae;Gdańsk;\r\n",
        "",
    );
    fs::write(d.path().join("ids.csv"), "rep_id,field,value\n").unwrap();
    let r = run(&["check", "--config", &cfg]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: 2 problems in roster `{}`
  --> line 3: rep `R2`: hire_date `2020-02-01` is not a date; expected `%d.%m.%Y` (roster date_format), e.g. `31.10.2026`
  --> line 2: no time zone for location `Gdańsk`, `Kraków` (column `Location`); map each in the config's `[roster.zones]`, e.g. `\"Gdańsk\" = \"Europe/Warsaw\"`
",
            d.path().join("roster.csv").display()
        )
    );

    fs::write(
        d.path().join("roster.csv"),
        "rep_id,full_name,email,role,Location\n\
         R1,Anna Nowak,anna@acme.example,ae,Warszawa\n\
         R2,Raj Patel,raj@acme.example,ae,\n",
    )
    .unwrap();
    fs::write(
        d.path().join("ids.csv"),
        "rep_id,field,value\r\n\
         R1,email,Anna.Nowak@acme.example\r\n\
         R2,profile_url,https://www.linkedin.com/in/raj/\r\n\
         R2,email,ANNA.NOWAK@acme.example\r\n\
         R1,email,raj@acme.example\r\n\
         R9,email,x@acme.example\r\n\
         R1,phone,+48 22 100 100\r\n",
    )
    .unwrap();
    let r = run(&["check", "--config", &cfg]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: 4 problems in identities `{}`
  --> line 4: email `ANNA.NOWAK@acme.example` is claimed by both `R1` and `R2`
  --> line 5: email `raj@acme.example` is claimed by both `R2` and `R1`
  --> line 6: unknown rep_id `R9`
  --> line 7: unknown field `phone`; expected one of `email`, `phone_extension`, `full_name`, `social_handle`, `extension`, `profile_url`, `name`, `user_name`
",
            d.path().join("ids.csv").display()
        )
    );

    // the aliases attribute rows: anna's second address and raj's profile
    fs::write(
        d.path().join("ids.csv"),
        "rep_id,field,value\nR1,email,Anna.Nowak@acme.example\n",
    )
    .unwrap();
    fs::write(
        d.path().join("calls.csv"),
        "started_at,user\n2026-10-14 10:00:00,anna.nowak@acme.example\n2026-10-14 10:00:00,anna@acme.example\n",
    )
    .unwrap();
    let out = d.path().join("out");
    let r = run_october(Path::new(&cfg), &out, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(calls_of(&out, "R1"), ("2".into(), "4".into()));
}

/// A Windows-1250 roster read as UTF-8 names the byte and the config key that reads it.
#[test]
fn a_windows_1250_roster_without_encoding_names_the_key() {
    let d = tempdir();
    let cfg = company(d.path(), CALLS, "", "");
    fs::write(
        d.path().join("roster.csv"),
        b"rep_id,full_name,email,role\r\nR1,Pawe\xb3 \xa3\xeacki,pawel@acme.example,ae\r\n",
    )
    .unwrap();
    let r = run(&["check", "--config", &cfg]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: roster `{}`: not valid UTF-8 at byte 36; if it was saved by Excel on Windows, it is probably `windows-1250` (Central European) or `windows-1252` (Western): save it as UTF-8, or set `encoding = \"windows-1250\"` in the config's `[roster]` table\n",
            d.path().join("roster.csv").display()
        )
    );
    let cfg = company(
        d.path(),
        &CALLS.replace(
            "roster = \"roster.csv\"\n",
            "roster = { file = \"roster.csv\", encoding = \"windows-1250\" }\n",
        ),
        "",
        "2026-10-14 10:00:00,pawel@acme.example\n",
    );
    fs::write(
        d.path().join("roster.csv"),
        b"rep_id,full_name,email,role\r\nR1,Pawe\xb3 \xa3\xeacki,pawel@acme.example,ae\r\n",
    )
    .unwrap();
    let out = d.path().join("out");
    let r = run_october(Path::new(&cfg), &out, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let att = fs::read_to_string(out.join("attainment.csv")).unwrap();
    assert!(att.contains("\nR1,Paweł Łęcki,"), "{att}");
}

#[test]
fn teams_and_roles_no_rep_has_are_warned_about() {
    // a misspelt team or role applies to nobody: the run goes on, and says so
    let d = tempdir();
    copy_tree(&root().join("samples"), d.path());
    let cfg = d.path().join("config.toml");
    let mut text = fs::read_to_string(&cfg).unwrap();
    text = text.replace(
        "team_calendars = { Warszawa = \"PL\", \"New York\" = \"US\" }",
        "team_calendars = { Warszawa = \"PL\", \"New York\" = \"US\", Krakow = \"PL\" }",
    );
    text.push_str(
        "\n[teams.\"New Yrok\"]\ncurrency = \"USD\"\n\n[[quota]]\nname = \"Typos\"\nteam = \"Warszwa\"\nrole = \"AE\"\nperiod = \"month\"\ntargets = { call = 1 }\n",
    );
    fs::write(&cfg, text).unwrap();
    let r = run(&["check", "--config", cfg.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let warns: Vec<&str> = r.stderr.lines().filter(|l| l.contains(" WARN ")).collect();
    assert_eq!(
        warns,
        [
            " WARN `[teams.\"New Yrok\"]` names team `New Yrok`, which no rep of the roster has; it applies to nobody (the roster's teams: `New York`, `Warszawa`)",
            " WARN `team_calendars` names team `Krakow`, which no rep of the roster has; it applies to nobody (the roster's teams: `New York`, `Warszawa`)",
            " WARN quota `Typos` (quota[8].team) names team `Warszwa`, which no rep of the roster has; it applies to nobody (the roster's teams: `New York`, `Warszawa`)",
            " WARN quota `Typos` (quota[8].role) names role `AE`, which no rep of the roster has; it applies to nobody (the roster's roles: `ae`, `probation`, `sdr`)",
        ],
        "{}",
        r.stderr
    );
}
