//! Built-in presets: each preset's fixture (real header, anonymised rows) through a whole
//! run with nothing but `preset` and `files`, against goldens; recognition hints.

use std::fs;

use crate::util::{golden, run, tempdir};

const PRESETS: [&str; 7] = [
    "aircall",
    "ringcentral",
    "hubspot_calls",
    "outreach",
    "linkedin_messages",
    "linkedin_invitations",
    "salesforce_opportunities",
];

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

#[test]
fn every_preset_reads_its_fixture() {
    for name in PRESETS {
        let (r, d) = run_preset(name, "", name);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        for f in ["accounting.csv", "rejects.csv", "attainment.csv"] {
            let bytes = fs::read(d.path().join("out").join(f)).unwrap();
            golden(&format!("presets_{name}"), f, &bytes);
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
            "error: 1 problem in config `{0}`\n  --> {0}:5:10: `source[0].preset`: unknown preset `aircal`; expected one of `aircall`, `ringcentral`, `hubspot_calls`, `outreach`, `linkedin_messages`, `linkedin_invitations`, `salesforce_opportunities` (`activity-quota sources` lists them)\n",
            cfg.display()
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
    for name in PRESETS {
        assert!(
            r.stdout.contains(&format!("\n{name}  (")) || r.stdout.starts_with(name),
            "{name}"
        );
    }
}
