//! Built-in presets: each preset's fixture (real header, anonymised rows) through a whole
//! run with nothing but `preset` and `files`, against goldens; recognition hints.

use std::fs;

use crate::util::{golden, run, tempdir};

fn run_preset(name: &str, source_extra: &str, file: &str) -> (crate::util::Run, tempfile::TempDir) {
    let d = tempdir();
    fs::copy(
        "tests/fixtures/edges/roster.csv",
        d.path().join("roster.csv"),
    )
    .unwrap();
    fs::copy(
        format!("tests/fixtures/presets/{file}/basic.csv"),
        d.path().join("basic.csv"),
    )
    .unwrap();
    fs::write(
        d.path().join("c.toml"),
        format!(
            r#"timezone = "Europe/Warsaw"
roster = "roster.csv"
[[source]]
name = "{name}"
preset = "{name}"
files = ["basic.csv"]
{source_extra}
[[quota]]
period = "month"
targets = {{ call = 2, email = 2, social = 2, opportunity = 1 }}
"#
        ),
    )
    .unwrap();
    let out = d.path().join("out");
    let r = run(&[
        "run",
        "--config",
        d.path().join("c.toml").to_str().unwrap(),
        "--period",
        "2026-10",
        "--out",
        out.to_str().unwrap(),
    ]);
    (r, d)
}

/// One test per preset (module `each`, written by build.rs from the presets folder):
/// the preset's fixture `tests/fixtures/presets/<name>/basic.csv` through a whole run
/// with nothing but `preset` and `files`, against `tests/golden/presets_<name>/`.
fn reads_its_fixture(name: &str) {
    let (r, d) = run_preset(name, "", name);
    assert_eq!(r.code, 0, "{name}: {}", r.stderr);
    for f in [
        "accounting.csv",
        "unknown_identities.csv",
        "rejects.csv",
        "attainment.csv",
    ] {
        let bytes = fs::read(d.path().join("out").join(f)).unwrap();
        golden(&format!("presets_{name}"), f, &bytes);
    }
}

mod each {
    include!(concat!(env!("OUT_DIR"), "/preset_tests.rs"));
}

#[test]
fn every_fixture_and_golden_belongs_to_a_preset() {
    // the reverse of `each`: a fixture or golden left behind by a removed or renamed
    // preset is an error, not a silent skip
    let presets = fs::read_to_string("src/sources/presets/mod.rs").unwrap();
    assert!(presets.contains("presets.rs"), "the registry is generated");
    let known: Vec<String> = fs::read_dir("src/sources/presets")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .filter(|n| n != "mod")
        .collect();
    for e in fs::read_dir("tests/fixtures/presets").unwrap() {
        let n = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(known.contains(&n), "fixture `{n}` has no preset");
    }
    for e in fs::read_dir("tests/golden").unwrap() {
        let n = e.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(p) = n.strip_prefix("presets_") {
            assert!(known.contains(&p.to_string()), "golden `{n}` has no preset");
        }
    }
}

#[test]
fn explicit_keys_override_the_preset() {
    // count conversations only: answered and at least a minute
    let (r, d) = run_preset(
        "aircall",
        r#"count = { outcome = ["answered"], min_duration_s = 60 }"#,
        "aircall",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let acc = fs::read_to_string(d.path().join("out/accounting.csv")).unwrap();
    // the preset's direction rule is kept, its outcome rule is the config's
    assert!(
        acc.contains("aircall,basic.csv,7,2,2,direction=1 outcome=1,1,1,1,0,0,(empty)=1"),
        "{acc}"
    );
}

#[test]
fn unknown_preset_lists_the_known_ones() {
    let (r, d) = run_preset("aircal", "", "aircall");
    assert_eq!(r.code, 2);
    let cfg = d.path().join("c.toml");
    assert_eq!(
        r.stderr,
        format!(
            "error: 1 problem in config `{0}`\n  --> {0}:5:10: `source[0].preset`: unknown preset `aircal`; expected one of {1} (`activity-quota sources` lists them)\n",
            cfg.display(),
            // every preset, in the registry's order (build.rs, from the presets folder)
            each::NAMES.map(|n| format!("`{n}`")).join(", ")
        )
    );
}

#[test]
fn a_mapping_failure_names_the_preset_the_file_looks_like() {
    // the Aircall source pointed at a RingCentral call log
    let (r, _d) = run_preset("aircall", "", "ringcentral");
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.ends_with(
            "; this looks like a RingCentral call log: set `preset = \"ringcentral\"`\n"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn sources_lists_presets_with_their_headers() {
    let r = run(&["sources"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "aircall  (call)  Aircall call history\n  header: id,direction,status,missed_call_reason,started_at,"
        ),
        "{}",
        r.stdout
    );
    let names: Vec<String> = fs::read_dir("tests/fixtures/presets")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.is_empty());
    for name in &names {
        assert!(
            r.stdout.contains(&format!("\n{name}  (")) || r.stdout.starts_with(name.as_str()),
            "{name}"
        );
    }
}

#[test]
fn no_user_placeholders_are_unmatched_and_shown_as_such() {
    // each tool's own placeholder, from its fixture
    for (name, fixture, shown) in [
        (
            "hubspot_calls",
            "hubspot_calls",
            r#""(no user: ""No owner"")=1""#,
        ),
        (
            "hubspot_emails",
            "hubspot_emails",
            r#""(no user: ""No owner"")=1""#,
        ),
        (
            "hubspot_deals",
            "hubspot_deals",
            r#""(no user: ""No owner"")=1""#,
        ),
        (
            "salesforce_task_emails",
            "salesforce_task_calls",
            r#""(no user: ""Integration User"")=1""#,
        ),
        (
            "salesforce_opportunities",
            "salesforce_opportunities",
            r#""(no user: ""Integration User"")=1""#,
        ),
        (
            "pipedrive_deals",
            "pipedrive_deals",
            r#""(no user: ""(deleted user)"")=1""#,
        ),
        ("aircall", "aircall", "(empty)=1"),
        ("dialpad", "dialpad", "(empty)=1"),
    ] {
        let (r, d) = run_preset(name, "", fixture);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let acc = fs::read_to_string(d.path().join("out/accounting.csv")).unwrap();
        assert!(acc.contains(shown), "{name}: {acc}");
    }
    // a placeholder of one's own: `no_user` replaces the preset's list
    let (r, d) = run_preset(
        "hubspot_calls",
        r#"no_user = ["Raj Patel"]"#,
        "hubspot_calls",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let acc = fs::read_to_string(d.path().join("out/accounting.csv")).unwrap();
    // Raj resolves in the roster: a placeholder only names rows that match no rep;
    // `No owner` is no longer a placeholder and shows as an unknown identity, as
    // looked up in the roster (names are compared case-insensitively)
    assert!(
        acc.contains(",no owner=1,0,2026-10-01T07:00:00Z,2026-10-03T14:30:00Z\n"),
        "{acc}"
    );
}

#[test]
fn salesforce_task_extract_is_read_as_calls_and_as_emails() {
    let d = tempdir();
    fs::copy(
        "tests/fixtures/edges/roster.csv",
        d.path().join("roster.csv"),
    )
    .unwrap();
    fs::copy(
        "tests/fixtures/presets/salesforce_task_calls/basic.csv",
        d.path().join("tasks.csv"),
    )
    .unwrap();
    fs::write(
        d.path().join("c.toml"),
        r#"timezone = "Europe/Warsaw"
roster = "roster.csv"
[[source]]
name = "sf_calls"
preset = "salesforce_task_calls"
files = ["tasks.csv"]
[[source]]
name = "sf_emails"
preset = "salesforce_task_emails"
files = ["tasks.csv"]
[[quota]]
period = "month"
targets = { call = 1, email = 1 }
"#,
    )
    .unwrap();
    let out = d.path().join("out");
    let r = run(&[
        "run",
        "--config",
        d.path().join("c.toml").to_str().unwrap(),
        "--period",
        "2026-10",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let acc = fs::read_to_string(out.join("accounting.csv")).unwrap();
    // every row ends in exactly one place in each source: calls count 2 (W1, N1), emails 1;
    // emails, the mass email and the to-do have no `CallType`: "not counted (direction)"
    assert!(
        acc.contains(
            "sf_calls,tasks.csv,9,2,4,direction=4,1,1,1,0,0,\"(no user: \"\"Integration User\"\")=1\",0,2026-10-01T08:02:11Z,2026-10-31T23:30:00Z\n"
        ),
        "{acc}"
    );
    assert!(
        acc.contains(
            "sf_emails,tasks.csv,9,1,5,outcome=5,1,1,1,0,0,\"(no user: \"\"Integration User\"\")=1\",0,2026-10-01T08:02:11Z,2026-10-31T23:30:00Z\n"
        ),
        "{acc}"
    );
}

/// Two tools (Aircall and Dialpad) log the same calls; `[cross_dedup]` counts them once.
fn cross_run(extra: &str) -> (crate::util::Run, tempfile::TempDir) {
    let d = tempdir();
    fs::copy(
        "tests/fixtures/edges/roster.csv",
        d.path().join("roster.csv"),
    )
    .unwrap();
    // Aircall: two outbound calls of Łukasz to +48 600 000 001 (at 08:00:00 and 09:00:00)
    fs::write(
        d.path().join("aircall.csv"),
        "id,direction,status,missed_call_reason,started_at,answered_at,ended_at,duration,user_name,user_email,number_name,number_digits,raw_digits,tags,comments\n\
         1,outbound,answered,,2026-10-01T08:00:00Z,,,120,Łukasz Żak,lukasz.zak@acme.example,PL,+48 22 100 00 00,+48 600 000 001,,\n\
         2,outbound,answered,,2026-10-01T09:00:00Z,,,120,Łukasz Żak,lukasz.zak@acme.example,PL,+48 22 100 00 00,+48 600 000 001,,\n",
    )
    .unwrap();
    // Dialpad (epoch ms): the first call 40 s later (the same call), the second 5 min
    // later (another call), and a third call to another number at the same time as the
    // first (another prospect)
    fs::write(
        d.path().join("dialpad.csv"),
        "call_id,date_started,date_connected,date_ended,direction,external_number,internal_number,target_type,target_name,target_email,duration,was_recorded,categories\n\
         a,1790841640000,,1790841760000,outbound,0048600000001,+48221000000,user,Łukasz Żak,lukasz.zak@acme.example,120000,false,\n\
         b,1790845500000,,1790845620000,outbound,+48600000001,+48221000000,user,Łukasz Żak,lukasz.zak@acme.example,120000,false,\n\
         c,1790841640000,,1790841760000,outbound,+48600000009,+48221000000,user,Łukasz Żak,lukasz.zak@acme.example,120000,false,\n",
    )
    .unwrap();
    fs::write(
        d.path().join("c.toml"),
        format!(
            r#"timezone = "Europe/Warsaw"
roster = "roster.csv"
{extra}
[[source]]
name = "aircall"
preset = "aircall"
files = ["aircall.csv"]
[[source]]
name = "dialpad"
preset = "dialpad"
files = ["dialpad.csv"]
[[quota]]
period = "month"
targets = {{ call = 2 }}
"#
        ),
    )
    .unwrap();
    let out = d.path().join("out");
    let r = run(&[
        "run",
        "--config",
        d.path().join("c.toml").to_str().unwrap(),
        "--period",
        "2026-10",
        "--out",
        out.to_str().unwrap(),
    ]);
    (r, d)
}

#[test]
fn cross_dedup_counts_a_call_logged_by_two_tools_once() {
    let (r, d) = cross_run("[cross_dedup]\nwindow_s = 120");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let acc = fs::read_to_string(d.path().join("out/accounting.csv")).unwrap();
    assert!(
        acc.contains(
            "aircall,aircall.csv,2,2,0,,0,0,0,0,0,,0,2026-10-01T08:00:00Z,2026-10-01T09:00:00Z\n"
        ),
        "{acc}"
    );
    // 40 s apart: duplicate; 5 min apart: another call; another number: another call
    assert!(
        acc.contains(
            "dialpad,dialpad.csv,3,2,0,,1,0,0,0,0,,0,2026-10-01T08:00:40Z,2026-10-01T09:05:00Z\n"
        ),
        "{acc}"
    );
    let att = fs::read_to_string(d.path().join("out/attainment.csv")).unwrap();
    assert!(
        att.contains("W1,Łukasz Żak,Warszawa,2026-10,call,4,2,"),
        "{att}"
    );
    // off by default: every row counts
    let (r, d) = cross_run("");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let acc = fs::read_to_string(d.path().join("out/accounting.csv")).unwrap();
    assert!(
        acc.contains(
            "dialpad,dialpad.csv,3,3,0,,0,0,0,0,0,,0,2026-10-01T08:00:40Z,2026-10-01T09:05:00Z\n"
        ),
        "{acc}"
    );
    // a window of 30 s does not reach the call 40 s later
    let (r, d) = cross_run("[cross_dedup]\nwindow_s = 30");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let acc = fs::read_to_string(d.path().join("out/accounting.csv")).unwrap();
    assert!(
        acc.contains(
            "dialpad,dialpad.csv,3,3,0,,0,0,0,0,0,,0,2026-10-01T08:00:40Z,2026-10-01T09:05:00Z\n"
        ),
        "{acc}"
    );
}

#[test]
fn cross_dedup_config_is_validated() {
    let (r, _d) = cross_run("[cross_dedup]\nwindow_s = 0");
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("`cross_dedup.window_s`: expected whole seconds from 1 to 86400"),
        "{}",
        r.stderr
    );
}
