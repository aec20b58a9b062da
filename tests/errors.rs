//! Bad input: exact messages and exit codes.

use std::fs;

use crate::util::{run, tempdir};

fn write_config(dir: &std::path::Path, body: &str) -> String {
    fs::copy("tests/fixtures/edges/roster.csv", dir.join("roster.csv")).unwrap();
    let p = dir.join("c.toml");
    fs::write(&p, body).unwrap();
    p.to_str().unwrap().to_string()
}

const CALLS_SOURCE: &str = r#"timezone = "Europe/Warsaw"
roster = "roster.csv"
[[source]]
name = "dialer"
kind = "call"
files = ["calls.csv"]
rep = { column = "user_email", match = "email" }
timestamp = { column = "started_at", format = "%Y-%m-%d %H:%M:%S", zone = "UTC" }
duration = { column = "Call Duration", unit = "seconds" }
"#;

#[test]
fn missing_column_names_file_column_and_header() {
    let d = tempdir();
    let cfg = write_config(d.path(), CALLS_SOURCE);
    fs::write(
        d.path().join("calls.csv"),
        "id,started_at,duration,user_email\n1,2026-10-01 10:00:00,60,a@b\n",
    )
    .unwrap();
    let r = run(&["check", "--config", &cfg]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: column `Call Duration` (source `dialer`, field `duration`) not found in `calls.csv`; the header has `id`, `started_at`, `duration`, `user_email`\n"
    );
}

#[test]
fn bad_row_goes_to_rejects_and_the_run_goes_on() {
    let d = tempdir();
    let cfg = write_config(
        d.path(),
        &CALLS_SOURCE.replace("\"Call Duration\"", "\"duration\""),
    );
    fs::write(
        d.path().join("calls.csv"),
        "id,started_at,duration,user_email\n\
         1,2026-10-01 10:00:00,60,lukasz.zak@acme.example\n\
         2,2026-10-01 10:00:00,4 mins,lukasz.zak@acme.example\n\
         3,2026-09-31 10:00:00,60,lukasz.zak@acme.example\n",
    )
    .unwrap();
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
         calls.csv,3,duration,4 mins,\"bad duration (not a duration); expected whole seconds ≥ 0, e.g. `240`\"\n\
         calls.csv,4,started_at,2026-09-31 10:00:00,bad timestamp (not a real date/time); expected `%Y-%m-%d %H:%M:%S` (e.g. 2026-10-31 23:30:00)\n"
    );
    assert!(
        r.stderr.contains(
            "source  file            read    counted  not counted  duplicates  rejected  unmatched  empty  trailer\n\
             dialer  calls.csv          3          1            0           0         2          0      0        0\n"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn every_config_problem_at_once_with_line_and_key() {
    let d = tempdir();
    let cfg = write_config(
        d.path(),
        r#"timezone = "Europe/Warsw"
roster = "roster.csv"
[[source]]
name = "dialer"
kind = "calls"
files = ["calls.csv"]
rep = { column = "user_email", match = "mail" }
timestamp = { column = "started_at", format = "%Y-%Q", zone = "Mars/Base" }
[[quota]]
role = "ae"
period = "fortnight"
targets = { call = 10, lunch = 2 }
"#,
    );
    let r = run(&["check", "--config", &cfg]);
    assert_eq!(r.code, 2);
    let shown = cfg.as_str();
    let expected = format!(
        "error: 7 problems in config `{shown}`
  --> {shown}:1:12: `timezone`: unknown time zone `Europe/Warsw`; expected an IANA name such as `Europe/Warsaw` or `America/New_York`
  --> {shown}:5:8: `source[0].kind`: unknown kind `calls`; expected one of `call`, `email`, `social`, `meeting`, `proposal`, `opportunity`
  --> {shown}:7:40: `source[0].rep.match`: unknown roster field `mail`; expected one of `rep_id`, `email`, `phone_extension`, `full_name`, `social_handle`
  --> {shown}:8:47: `source[0].timestamp.format`: unsupported specifier `%Q` in `%Y-%Q`; supported: %Y %y %m %b %B %h %d %e %j %a %A %u %w %H %k %I %l %M %S %f %.f %3f %6f %9f %.3f %.6f %.9f %p %P %z %:z %#z %Z %F %D %x %T %X %R %r %v %c %n %t %%, the flags - _ 0, and literals
  --> {shown}:8:63: `source[0].timestamp.zone`: unknown zone `Mars/Base`; expected `UTC`, `rep` (the rep's local time), `offset` (each value carries its offset) or an IANA name such as `Europe/Warsaw`
  --> {shown}:11:10: `quota[0].period`: unknown period `fortnight`; expected `week`, `month`, `quarter`, `year`, `fiscal_quarter` or `fiscal_year`
  --> {shown}:12:32: `quota[0].targets.lunch`: unknown metric `lunch`; expected one of `call`, `email`, `social`, `meeting`, `proposal`, `opportunity`, `won`, `won_amount`, `units`, `new_customers`
"
    );
    assert_eq!(r.stderr, expected);
}

#[test]
fn unknown_key_is_a_parse_error_with_position() {
    let d = tempdir();
    let cfg = write_config(
        d.path(),
        "timezone = \"UTC\"\nroster = \"roster.csv\"\nrosters = 1\n",
    );
    let r = run(&["check", "--config", &cfg]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with(&format!(
            "error: cannot parse config `{cfg}`\n  --> {cfg}:3:1: `rosters`: unknown field `rosters`"
        )),
        "{}",
        r.stderr
    );
}

#[test]
fn missing_inputs_are_one_clear_error() {
    let d = tempdir();
    let cfg = write_config(
        d.path(),
        &CALLS_SOURCE.replace(
            "files = [\"calls.csv\"]",
            "files = [\"calls.csv\", \"exports/*.csv\"]",
        ),
    );
    let r = run(&["check", "--config", &cfg]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        format!(
            "error: missing input (config `{cfg}`)\n  --> source `dialer`: input file `calls.csv` does not exist\n  --> source `dialer`: `exports/*.csv` matches no file\n"
        )
    );
}

#[test]
fn bad_period_and_missing_config_are_usage_errors() {
    let r = run(&[
        "run",
        "--config",
        "samples/config.toml",
        "--period",
        "2026-13",
        "--out",
        "/tmp/x",
    ]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: --period `2026-13` is not a period; expected `2026-10` (month), `2026-W43` (ISO week), `2026-Q4` (quarter), `2026` (year), `FY2027` or `FY2027-Q1` (fiscal) or a range such as `2026-09..2026-11`, or a relative period: `last-month`, `this-month`, `last-week`, `this-week`, `last-quarter`, `this-quarter`, `last-year`, `this-year`\n"
    );
    let r = run(&["check", "--config", "nope.toml"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: cannot read config `nope.toml`: No such file or directory (os error 2)\n"
    );
}

#[test]
fn roster_problems_are_reported_together() {
    let d = tempdir();
    let cfg = write_config(d.path(), CALLS_SOURCE);
    fs::write(
        d.path().join("roster.csv"),
        "rep_id,full_name,email,time_zone,hire_date\n\
         A,Anna,a@x.example,Europe/Warszawa,2026-01-01\n\
         B,Bob,A@x.example,,\n\
         C,Cyd,c@x.example,,01/02/2026\n",
    )
    .unwrap();
    let r = run(&["check", "--config", &cfg]);
    assert_eq!(r.code, 2);
    let roster = d.path().join("roster.csv");
    assert_eq!(
        r.stderr,
        format!(
            "error: 2 problems in roster `{}`\n  --> line 2: rep `A`: unknown time zone `Europe/Warszawa`; expected an IANA name such as `Europe/Warsaw`, or empty for the organisation default\n  --> line 4: rep `C`: hire_date `01/02/2026` is not a date; expected YYYY-MM-DD\n",
            roster.display()
        )
    );
}

#[test]
fn help_shows_examples_and_exit_codes() {
    let r = run(&["run", "--help"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains(
            "activity-quota run --config samples/config.toml --period 2026-10 --out out/"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("75  another run holds the output directory's lock"),
        "{}",
        r.stdout
    );
    let r = run(&["frobnicate"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .starts_with("error: unrecognized subcommand 'frobnicate'"),
        "{}",
        r.stderr
    );
}

#[test]
fn quota_plan_problems_name_file_line_and_key() {
    let d = tempdir();
    let cfg = write_config(
        d.path(),
        &format!(
            r#"{}
[[calendar]]
name = "DE"
holidays = ["2026-13-01"]
[[quota]]
role = "ae"
period = "fiscal_quarter"
tenure_weeks = [12, 1]
targets = {{ call = 10, won_amount = "lots" }}
[fiscal]
start_month = 13
quarters = "4-5-4"
[rewards]
tiers = [{{ name = "gold", min_pct = 150 }}, {{ name = "silver", min_pct = 120 }}]
[scoring]
weights = {{ calls = 1 }}
"#,
            CALLS_SOURCE.replace(
                "roster = \"roster.csv\"\n",
                "roster = \"roster.csv\"\nteam_calendars = { Warszawa = \"PL\" }\n"
            )
        ),
    );
    let r = run(&["check", "--config", &cfg]);
    assert_eq!(r.code, 2);
    let shown = cfg.as_str();
    assert_eq!(
        r.stderr,
        format!(
            "error: 8 problems in config `{shown}`
  --> {shown}:21:15: `fiscal.start_month`: `13` is not a month; expected 1..=12
  --> {shown}:22:12: `fiscal.quarters`: unknown quarters `4-5-4`; expected `months` (3 calendar months) or `4-4-5` (13 weeks)
  --> {shown}:18:16: `quota[0].tenure_weeks`: expected `[first, last]` tenure weeks, 1 ≤ first ≤ last (week 1 = the week of the hire date)
  --> {shown}:19:37: `quota[0].targets.won_amount`: expected an amount ≥ 0, e.g. `50000` or `\"50000.00\"`
  --> {shown}:14:13: `calendar[0].holidays`: `2026-13-01` is not a date; expected YYYY-MM-DD
  --> {shown}:3:31: `team_calendars.Warszawa`: unknown calendar `PL`; define it with `[[calendar]] name = \"PL\"`
  --> {shown}:24:73: `rewards.tiers[1].min_pct`: tiers must be listed in increasing `min_pct`
  --> {shown}:26:21: `scoring.weights.calls`: unknown metric `calls`; expected one of `call`, `email`, `social`, `meeting`, `proposal`, `opportunity`, `won`, `won_amount`, `units`, `new_customers`
"
        )
    );
}

#[test]
fn won_amount_without_currency_and_bad_absences() {
    let d = tempdir();
    let cfg = write_config(
        d.path(),
        &format!(
            "{}[[quota]]\nrole = \"ae\"\nperiod = \"month\"\ntargets = {{ won_amount = 5000 }}\n",
            CALLS_SOURCE.replace(
                "roster = \"roster.csv\"\n",
                "roster = \"roster.csv\"\nabsences = \"absences.csv\"\n"
            )
        ),
    );
    let r = run(&["check", "--config", &cfg]);
    assert_eq!(r.code, 2);
    let shown = cfg.as_str();
    assert_eq!(
        r.stderr,
        format!(
            "error: 1 problem in config `{shown}`
  --> {shown}:11:1: `quota[0].currency`: a `won_amount` target needs a currency: set `currency = \"PLN\"` in the plan or at the top of the config
"
        )
    );
    let cfg = write_config(
        d.path(),
        &CALLS_SOURCE.replace(
            "roster = \"roster.csv\"\n",
            "roster = \"roster.csv\"\nabsences = \"absences.csv\"\n",
        ),
    );
    fs::write(
        d.path().join("absences.csv"),
        "rep_id,from,to\nW1,2026-10-05,2026-10-02\nNOBODY,2026-10-01,2026-10-02\nW1,2026-10-01,soon\n",
    )
    .unwrap();
    fs::write(
        d.path().join("calls.csv"),
        "id,started_at,Call Duration,user_email\n",
    )
    .unwrap();
    let r = run(&["check", "--config", &cfg, "--period", "2026-10"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let abs = d.path().join("absences.csv");
    assert_eq!(
        r.stderr,
        format!(
            "error: 3 problems in absences `{}`
  --> line 2: `to` 2026-10-02 is before `from` 2026-10-05
  --> line 3: unknown rep_id `NOBODY`
  --> line 4: `to` `soon` is not a date; expected YYYY-MM-DD
",
            abs.display()
        )
    );
}

#[test]
fn a_wrong_type_names_the_key_path_and_what_was_expected() {
    let d = tempdir();
    let cfg = write_config(
        d.path(),
        &format!(
            "{CALLS_SOURCE}direction = \"Direction\"\ncount = {{ direction = \"Originating\" }}\n"
        ),
    );
    let r = run(&["check", "--config", &cfg]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: cannot parse config `{cfg}`\n  --> {cfg}:11:23: `source[0].count.direction`: expected a list of strings, e.g. [\"Originating\"]; found string \"Originating\"\n"
        )
    );
}

#[test]
fn a_wrong_type_in_a_later_source_names_its_index() {
    let d = tempdir();
    let cfg = write_config(
        d.path(),
        &format!(
            "{CALLS_SOURCE}[[source]]\nname = \"b\"\nkind = \"call\"\nfiles = [\"b.csv\"]\nskip_lines = \"2\"\n"
        ),
    );
    let r = run(&["check", "--config", &cfg]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: cannot parse config `{cfg}`\n  --> {cfg}:14:14: `source[1].skip_lines`: expected a whole number, e.g. 2; found string \"2\"\n"
        )
    );
}

#[test]
fn a_bad_duration_unit_is_one_problem_not_two() {
    let d = tempdir();
    let cfg = write_config(
        d.path(),
        &format!(
            "{}count = {{ min_duration_s = 30 }}\n",
            CALLS_SOURCE.replace("unit = \"seconds\"", "unit = \"secs\"")
        ),
    );
    let r = run(&["check", "--config", &cfg]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: 1 problem in config `{cfg}`\n  --> {cfg}:9:47: `source[0].duration.unit`: unsupported duration unit `secs`; expected s, seconds, ms, milliseconds, min, minutes, hms, hh:mm:ss or auto\n"
        )
    );
}
