//! Built-in presets: each preset's fixture (real header, anonymised rows) through a whole
//! run with nothing but `preset` and `files`, against goldens; recognition hints.

use std::fs;

use crate::util::{
    PRESET_FILES, assert_has_all, check_written, golden_dir, run, run_october, tempdir,
};

fn run_preset(name: &str, source_extra: &str, file: &str) -> (crate::util::Run, tempfile::TempDir) {
    run_preset_file(name, source_extra, file, "basic.csv")
}

/// `run_preset` with the fixture file `variant_fixture` of the folder `dir`.
fn run_preset_file(
    name: &str,
    source_extra: &str,
    dir: &str,
    variant_fixture: &str,
) -> (crate::util::Run, tempfile::TempDir) {
    let d = crate::util::fixture_folder(dir, variant_fixture);
    fs::write(
        d.path().join("c.toml"),
        format!(
            r#"timezone = "Europe/Warsaw"
roster = "roster.csv"
[[source]]
name = "{name}"
preset = "{name}"
files = ["{variant_fixture}"]
{source_extra}
[[quota]]
period = "month"
targets = {{ call = 2, email = 2, social = 2, opportunity = 1 }}
"#
        ),
    )
    .unwrap();
    let r = run_october(&d.path().join("c.toml"), &d.path().join("out"), &[]);
    (r, d)
}

/// One test per preset (module `each`, written by build.rs from the presets folder):
/// the preset's fixture `tests/fixtures/presets/<name>/basic.csv` through a whole run
/// with nothing but `preset` and `files`, against `tests/golden/presets_<name>/`.
fn reads_its_fixture(name: &str) {
    let (r, d) = run_preset(name, "", name);
    assert_eq!(r.code, 0, "{name}: {}", r.stderr);
    golden_dir(
        &format!("presets_{name}"),
        &d.path().join("out"),
        &PRESET_FILES,
    );
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
    // count conversations only: answered and at least a minute of talk
    let (r, d) = run_preset(
        "aircall",
        r#"count = { outcome = ["Yes"], min_duration_s = 60 }"#,
        "aircall",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let acc = fs::read_to_string(d.path().join("out/accounting.csv")).unwrap();
    // the preset's direction rule is kept (Raj's inbound call), its outcome rule is the
    // config's (Łukasz's unanswered dial); Raj's outbound call rang 300 s but was talked
    // 45 s: the minimum is on `duration (in call)`, so only Łukasz's 261 s call counts
    assert!(
        acc.contains(
            "aircall,basic.csv,7,1,3,direction=1 outcome=1 min_duration_s=1,1,1,1,0,0,\"(no user: \"\"[No associated user]\"\")=1\",0,"
        ),
        "{acc}"
    );
}

/// Each variant's fixture (the real header, anonymised values of the real shape), read
/// with nothing but `preset` and `files`: the variant the header picks (in the accounting
/// notes) and the outputs, against `tests/golden/presets_<name>/<file stem>/`.
#[test]
fn every_variant_fixture_reads_with_the_preset_alone() {
    // (preset, fixture, the variant it picks, extra keys, the accounting row, checked by
    // hand: read, counted, not counted, by rule, duplicates, rejected, unmatched, …)
    let cases: [(&str, &str, &str, &str, &str); 25] = [
        // 7 rows: outbound Łukasz answered + unanswered and Raj (23:30 UTC on 31 Oct is
        // 19:30 in New York) count; Raj's inbound call is not a dial; the missed call
        // nobody took is `[No associated user]`; Raj's call again (same `call id
        // (internal)`) is a duplicate; `05.10.2026 08:00` is not ISO 8601
        (
            "aircall",
            "basic.csv",
            "export",
            "",
            "aircall,basic.csv,7,3,1,direction=1,1,1,1,0,0,\"(no user: \"\"[No associated user]\"\")=1\",0,",
        ),
        // 5 rows of the older download: 3 dials in October, the missed inbound call with
        // no user, Raj's call of 1 November (New York) outside the period
        (
            "aircall",
            "export-split.csv",
            "export-split",
            "",
            "aircall,export-split.csv,5,3,1,outside_period=1,0,0,1,0,0,\"(no user: \"\"[No associated user]\"\")=1\",0,",
        ),
        // 5 API rows (Unix seconds): the 3 outbound calls count, the inbound one is not a
        // dial, the call with no user is unmatched
        (
            "aircall",
            "api.csv",
            "api",
            "",
            "aircall,api.csv,5,3,1,direction=1,0,0,1,0,0,(empty)=1,0,",
        ),
        // answered calls only: an `answered_at`; Łukasz's unanswered dial is not counted
        (
            "aircall",
            "api.csv",
            "api",
            r#"count = { exclude_outcome = [""] }"#,
            "aircall,api.csv,5,2,2,direction=1 outcome=1,0,0,1,0,0,(empty)=1,0,",
        ),
        (
            "hubspot_calls",
            "basic.csv",
            "export",
            "",
            "hubspot_calls,basic.csv,6,3,1,direction=1,0,1,1,0,0,\"(no user: \"\"No owner\"\")=1\",0,",
        ),
        // 5 API rows (owner ids, the roster's rep_id): 3 outbound calls count (Raj's at
        // 23:30 UTC on 31 Oct is October in New York), the inbound one is not a dial, the
        // call without owner is unmatched
        (
            "hubspot_calls",
            "api.csv",
            "api",
            "",
            "hubspot_calls,api.csv,5,3,1,direction=1,0,0,1,0,0,(empty)=1,0,",
        ),
        // connected only: the GUID of HubSpot's default "Connected" outcome
        (
            "hubspot_calls",
            "api.csv",
            "api",
            r#"count = { outcome = ["f240bbac-87c9-4f6e-bf70-924b57d47db7"] }"#,
            "hubspot_calls,api.csv,5,1,3,direction=1 outcome=2,0,0,1,0,0,(empty)=1,0,",
        ),
        (
            "dialpad",
            "basic.csv",
            "api",
            "",
            "dialpad,basic.csv,7,3,1,direction=1,1,1,1,0,0,(empty)=1,0,",
        ),
        // the owner by name (`Owner.Name`, no `Owner.Email` in this extract)
        (
            "salesforce_task_calls",
            "basic.csv",
            "data-loader",
            "",
            "salesforce_task_calls,basic.csv,9,2,4,direction=4,1,1,1,0,0,\"(no user: \"\"Integration User\"\")=1\",0,",
        ),
        // both owner columns: `Owner.Email` wins (Łukasz's name is spelled without
        // diacritics there and would not match); the integration user's email is an
        // unknown identity
        (
            "salesforce_task_calls",
            "owner-email.csv",
            "data-loader",
            "",
            "salesforce_task_calls,owner-email.csv,9,2,4,direction=4,1,1,1,0,0,integration@00d5g000000abcd.example=1,0,",
        ),
        // the export re-saved by a Polish Excel: Windows-1250, `;`, `02.10.2026 09:15`
        // (seconds dropped), `120000,5`: the same 8 deals as `basic.csv` count the same
        // (Raj's deal of 15.09 is the previous period's, 104 twice is a duplicate, the
        // deleted user's deal is unmatched, the deleted deal is not counted, `12,5k` is no
        // amount)
        (
            "pipedrive_deals",
            "excel-pl.csv",
            "excel-pl",
            "",
            "pipedrive_deals,excel-pl.csv,8,4,1,outcome=1,1,1,1,0,0,\"(no user: \"\"(deleted user)\"\")=1\",1,2026-09-15T08:00:00Z,2026-10-31T17:00:00Z",
        ),
        // the same with the seconds kept (`02.10.2026 09:15:00`)
        (
            "pipedrive_deals",
            "excel-pl-seconds.csv",
            "excel-pl-seconds",
            "",
            "pipedrive_deals,excel-pl-seconds.csv,8,4,1,outcome=1,1,1,1,0,0,\"(no user: \"\"(deleted user)\"\")=1\",1,2026-09-15T08:00:00Z,2026-10-31T17:00:00Z",
        ),
        // the api fixture's calls with ISO 8601 UTC times (a warehouse connector's CSV)
        (
            "aircall",
            "api-iso.csv",
            "api-iso",
            "",
            "aircall,api-iso.csv,5,3,1,direction=1,0,0,1,0,0,(empty)=1,0,",
        ),
        // the API's camelCase attributes, HTML and text bodies with commas, quotes and
        // line breaks (the reject is on physical line 17): delivered, opened and replied
        // (`RAJ.PATEL@…`) count; bounced, drafted and scheduled do not; Zofia's mail of
        // 23:30 UTC on 31 Oct is November in Warsaw; 900005 twice; a mailbox nobody has;
        // hour 25
        (
            "outreach",
            "api.csv",
            "api",
            "",
            "outreach,api.csv,10,3,4,outside_period=1 outcome=3,1,1,1,0,0,ghost@acme.example=1,0,",
        ),
        // dot-flattened API fields: sent and sent_from_gmail count; bounced = true is not
        // counted (outcome), `failed` (direction: the status); 23:30 UTC on 31 Oct is
        // November for Zofia; the email still `scheduled`, last, has no `sent_at`: a
        // reject (a row's time is read first), not a footer; the email with no user is
        // unmatched
        (
            "salesloft_emails",
            "api.csv",
            "api",
            "",
            "salesloft_emails,api.csv,9,3,3,outside_period=1 direction=1 outcome=1,1,1,1,0,0,(empty)=1,0,",
        ),
        // property names, the rep by sender address: the incoming reply's sender and the
        // shared mailbox are unknown identities; BOUNCED and SCHEDULED are not counted
        // (outcome), FORWARDED_EMAIL is not an outgoing email (direction); Zofia's
        // 23:30 UTC on 31 Oct is November; `03.10.2026 10:30` is not ISO 8601
        (
            "hubspot_emails",
            "api.csv",
            "api",
            "",
            "hubspot_emails,api.csv,10,2,4,outside_period=1 direction=1 outcome=2,1,1,2,0,0,anna@prospect.example=1 info@acme.example=1,0,",
        ),
        // owner ids (the roster's rep_id), UTC: the deals of `basic.csv` count the same
        // (Raj's of 15 Sep is the previous period's, 22:00 UTC on 31 Oct is October in
        // New York)
        (
            "hubspot_deals",
            "api.csv",
            "api",
            "",
            "hubspot_deals,api.csv,7,4,0,,1,1,1,0,0,(empty)=1,1,2026-09-15T14:00:00Z,2026-10-31T22:00:00Z",
        ),
        // every value quoted, `Owner.Email` first: the integration user's address is an
        // unknown identity; day 32 is no date
        (
            "salesforce_opportunities",
            "data-loader.csv",
            "data-loader",
            "",
            "salesforce_opportunities,data-loader.csv,7,4,0,,1,1,1,0,0,integration@00d5g000000abcd.example=1,1,2026-09-15T14:00:00Z,2026-10-31T22:00:00Z",
        ),
        // the archive since 2024, every field quoted and messages with line breaks (the
        // reject is on physical line 18): the draft is not counted (outcome), the reply
        // received and the sponsored message (no sender URL) are unmatched, Łukasz's
        // first message again is a duplicate
        (
            "linkedin_messages",
            "archive-drafts.csv",
            "archive-drafts",
            "",
            "linkedin_messages,archive-drafts.csv,8,3,1,outcome=1,1,1,2,0,0,(empty)=1 anna-nowak-0000a1=1,0,",
        ),
        // before mid-2023 (no RECIPIENT PROFILE URLS): 22:30 UTC on 30 Sep is 1 Oct in
        // Warsaw (counted), 23:30 UTC on 31 Oct is November there (outside) but October
        // in New York (counted)
        (
            "linkedin_messages",
            "archive-2022.csv",
            "archive-2022",
            "",
            "linkedin_messages,archive-2022.csv,5,3,1,outside_period=1,0,0,1,0,0,anna-nowak-0000a1=1,0,",
        ),
        // before late 2023 (no profile URLs): the rep by `From`; the invitation received
        // is the recruiter's (unmatched); 4:30 AM UTC on 1 Nov is 00:30 EDT, November
        (
            "linkedin_invitations",
            "archive-2022.csv",
            "archive-2022",
            "",
            "linkedin_invitations,archive-2022.csv,5,3,1,outside_period=1,0,0,1,0,0,recruiter example=1,0,",
        ),
        // last: the weekday in `Date` needs `%a` (the timestamp formats' work)
        // 8 rows in the account's zone (`exporter`: the config's Europe/Warsaw): 3
        // outgoing calls count (Łukasz twice, extension `101.0` too; Raj's 11:30 PM on Sat
        // 10/31 is 6:30 PM in New York), Zofia's incoming call is not a dial, Raj's call
        // of Sun 11/01 10:30 AM is outside the period, the first row twice is a
        // duplicate, extension 999 is nobody's, `25:61 PM` is no time
        (
            "ringcentral",
            "basic.csv",
            "portal",
            "",
            "ringcentral,basic.csv,8,3,2,outside_period=1 direction=1,1,1,1,0,0,999=1,0,",
        ),
        // the same log with seconds in `Time`, and without the weekday in `Date`: the
        // values pick the variant, and the rows count as in `basic.csv`
        (
            "ringcentral",
            "portal-seconds.csv",
            "portal-seconds",
            "",
            "ringcentral,portal-seconds.csv,8,3,2,outside_period=1 direction=1,1,1,1,0,0,999=1,0,",
        ),
        (
            "ringcentral",
            "portal-no-weekday.csv",
            "portal-no-weekday",
            "",
            "ringcentral,portal-no-weekday.csv,8,3,2,outside_period=1 direction=1,1,1,1,0,0,999=1,0,",
        ),
        // connected calls only: Łukasz's `No Answer` dial is not counted
        (
            "ringcentral",
            "basic.csv",
            "portal",
            r#"count = { outcome = ["Call connected", "Accepted"] }"#,
            "ringcentral,basic.csv,8,2,3,outside_period=1 direction=1 outcome=1,1,1,1,0,0,999=1,0,",
        ),
    ];
    for (name, file, variant, extra, row) in cases {
        let (r, d) = run_preset_file(name, extra, name, file);
        assert_eq!(r.code, 0, "{name} {file}: {}", r.stderr);
        assert!(
            r.stderr
                .contains(&format!("read with preset {name}/{variant}: {file}\n")),
            "{name} {file}: {}",
            r.stderr
        );
        let acc = fs::read_to_string(d.path().join("out/accounting.csv")).unwrap();
        assert!(acc.contains(row), "{name} {file} {extra}: {acc}");
        // `basic.csv` has its golden from `each`
        if extra.is_empty() && file != "basic.csv" {
            let stem = file.trim_end_matches(".csv");
            golden_dir(
                &format!("presets_{name}/{stem}"),
                &d.path().join("out"),
                &PRESET_FILES,
            );
        }
    }
}

#[test]
fn data_loader_headers_in_caps_or_with_bom_and_spaces_count_the_same() {
    // the same nine tasks under three headers: Data Loader v61+ (`Owner.Email`), before
    // v61 (`OWNER.EMAIL`, `CALLTYPE`, …), and re-saved by hand (a BOM, `"Id "`,
    // `" CreatedDate "`, `Owner Email`, `callType`); calls and emails alike
    for name in ["salesforce_task_calls", "salesforce_task_emails"] {
        let rows: Vec<String> = ["owner-email.csv", "caps.csv", "bom-spaces.csv"]
            .into_iter()
            .map(|file| {
                let (r, d) = run_preset_file(name, "", "salesforce_task_calls", file);
                assert_eq!(r.code, 0, "{name} {file}: {}", r.stderr);
                assert!(
                    r.stderr
                        .contains(&format!("read with preset {name}/data-loader: {file}\n")),
                    "{}",
                    r.stderr
                );
                let acc = fs::read_to_string(d.path().join("out/accounting.csv")).unwrap();
                let att = fs::read_to_string(d.path().join("out/attainment.csv")).unwrap();
                let line = acc
                    .lines()
                    .nth(1)
                    .unwrap_or_default()
                    .replacen(file, "F", 1);
                format!("{line}\n{att}")
            })
            .collect();
        // calls: Łukasz's and Raj's outbound calls; emails: Łukasz's one email
        let want = if name == "salesforce_task_calls" {
            "9,2,4,direction=4,1,1,1,0,0,integration@00d5g000000abcd.example=1,0"
        } else {
            "9,1,5,outcome=5,1,1,1,0,0,integration@00d5g000000abcd.example=1,0"
        };
        assert!(
            rows[0].contains(&format!("{name},F,{want},")),
            "{}",
            rows[0]
        );
        assert_eq!(rows[1], rows[0]);
        assert_eq!(rows[2], rows[0]);
    }
}

#[test]
fn unknown_preset_lists_the_known_ones() {
    let (r, d) = run_preset("aircal", "", "aircall");
    assert_eq!(r.code, 2);
    let cfg = d.path().join("c.toml");
    assert_eq!(
        r.stderr,
        format!(
            "error: 1 problem in config `{0}`\n  --> {0}:5:10: `source[0].preset`: unknown preset `aircal`; expected `auto` or one of {1} (`activity-quota sources` lists them and their variants)\n",
            cfg.display(),
            // every preset, in the registry's order (build.rs, from the presets folder)
            each::NAMES.map(|n| format!("`{n}`")).join(", ")
        )
    );
}

#[test]
fn a_mapping_failure_names_the_preset_the_file_looks_like() {
    // the Dialpad source (one layout) and the Aircall source (several) pointed at a
    // RingCentral call log
    for preset in ["dialpad", "aircall"] {
        let (r, _d) = run_preset(preset, "", "ringcentral");
        assert_eq!(r.code, 2);
        assert!(
            r.stderr.ends_with(
                "; this looks like a RingCentral call log: set `preset = \"ringcentral\"`\n"
            ),
            "{preset}: {}",
            r.stderr
        );
    }
}

#[test]
fn sources_lists_presets_with_their_headers() {
    let r = run(&["sources"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("aircall  (call)  Aircall call history\n  variant aircall/"),
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
        (
            "aircall",
            "aircall",
            r#""(no user: ""[No associated user]"")=1""#,
        ),
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
        acc.contains(",no owner=1,0,2026-10-01T07:00:00Z,2026-10-03T08:30:00Z\n"),
        "{acc}"
    );
}

#[test]
fn salesforce_task_extract_is_read_as_calls_and_as_emails() {
    let d = crate::util::fixture_folder("salesforce_task_calls", "basic.csv");
    fs::write(
        d.path().join("c.toml"),
        r#"timezone = "Europe/Warsaw"
roster = "roster.csv"
[[source]]
name = "sf_calls"
preset = "salesforce_task_calls"
files = ["basic.csv"]
[[source]]
name = "sf_emails"
preset = "salesforce_task_emails"
files = ["basic.csv"]
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
            "sf_calls,basic.csv,9,2,4,direction=4,1,1,1,0,0,\"(no user: \"\"Integration User\"\")=1\",0,2026-10-01T08:02:11Z,2026-10-31T23:30:00Z\n"
        ),
        "{acc}"
    );
    assert!(
        acc.contains(
            "sf_emails,basic.csv,9,1,5,outcome=5,1,1,1,0,0,\"(no user: \"\"Integration User\"\")=1\",0,2026-10-01T08:02:11Z,2026-10-31T23:30:00Z\n"
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
    // Aircall (the API's fields, Unix seconds): two outbound calls of Łukasz to
    // +48 600 000 001 (at 08:00:00 and 09:00:00 UTC on 1 October)
    fs::write(
        d.path().join("aircall.csv"),
        "id,direction,status,missed_call_reason,started_at,answered_at,ended_at,duration,user_name,user_email,number_name,number_digits,raw_digits,tags,comments\n\
         1,outbound,done,,1790841600,,,120,Łukasz Żak,lukasz.zak@acme.example,PL,+48 22 100 00 00,+48 600 000 001,,\n\
         2,outbound,done,,1790845200,,,120,Łukasz Żak,lukasz.zak@acme.example,PL,+48 22 100 00 00,+48 600 000 001,,\n",
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
    let r = run_october(&d.path().join("c.toml"), &d.path().join("out"), &[]);
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

#[test]
fn init_writes_a_config_that_check_accepts_and_run_reads_like_the_presets() {
    // every preset fixture in a folder of its own, the HR roster beside them
    let d = tempdir();
    let exports = d.path().join("exports");
    for name in [
        "aircall",
        "pipedrive_deals",
        "salesforce_task_calls",
        "outreach",
    ] {
        fs::create_dir_all(exports.join(name)).unwrap();
        fs::copy(
            format!("tests/fixtures/presets/{name}/basic.csv"),
            exports.join(name).join("basic.csv"),
        )
        .unwrap();
    }
    fs::write(exports.join("notes.csv"), "what,when\nlunch,noon\n").unwrap();
    let roster = d.path().join("hr.csv");
    fs::write(
        &roster,
        "Employee ID,Name,Work Email,Extension,LinkedIn,Time Zone,Department,Job Title,Start Date\n\
         R1,Łukasz Żak,lukasz.zak@acme.example,101,,Europe/Warsaw,Warszawa,ae,2019-04-01\n",
    )
    .unwrap();
    let r = run(&[
        "init",
        exports.to_str().unwrap(),
        "--roster",
        roster.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_has_all(
        &r.stdout,
        &[
            "roster = \"hr.csv\"",
            "rep_id = \"Employee ID\"",
            "full_name = \"Name\"",
            "email = \"Work Email\"",
            "hire_date = \"Start Date\"",
            "role = \"Job Title\"",
            "[[source]]\nname = \"aircall\"\npreset = \"aircall\"  # recognised: aircall/export\n",
            "# TODO: which rows count? aircall/export counts: direction = [outbound]; the keys of a `count` of your own replace its rules one by one, e.g.\n# count = { outcome = [\"…\"], min_duration_s = 60 }\n",
            "files = [\"exports/pipedrive_deals/basic.csv\"]",
            "# TODO: pipedrive_deals/export is written in the time zone of the user who exported it: which zone was that?",
            "# TODO: no preset fits this file; map its columns by hand and uncomment:",
            "#   its header has `what`, `when`;",
            "# files = [\"exports/notes.csv\"]",
            "[[quota]]\nname = \"ae\"\nrole = \"ae\"\n",
        ],
    );
    let c = check_written(&d.path().join("c.toml"), &r.stdout);
    assert_has_all(
        &c.stderr,
        &[
            "read with preset aircall/export: exports/aircall/basic.csv",
            "read with preset outreach/export: exports/outreach/basic.csv",
            "read with preset pipedrive_deals/export: exports/pipedrive_deals/basic.csv",
            "read with preset salesforce_task_calls/data-loader: exports/salesforce_task_calls/basic.csv",
        ],
    );
}

#[test]
fn a_source_with_only_files_picks_the_preset_of_each_file() {
    let d = tempdir();
    fs::copy(
        "tests/fixtures/edges/roster.csv",
        d.path().join("roster.csv"),
    )
    .unwrap();
    for name in ["aircall", "outreach"] {
        fs::copy(
            format!("tests/fixtures/presets/{name}/basic.csv"),
            d.path().join(format!("{name}.csv")),
        )
        .unwrap();
    }
    // a header no preset fits: one error naming the closest presets and what they lack
    fs::write(d.path().join("other.csv"), "when,who\n2026-10-01,x\n").unwrap();
    let cfg = |files: &str| {
        let c = d.path().join("c.toml");
        fs::write(
            &c,
            format!(
                "timezone = \"Europe/Warsaw\"\nroster = \"roster.csv\"\n[[source]]\nname = \"exports\"\nfiles = [{files}]\n[[quota]]\nperiod = \"month\"\ntargets = {{ call = 2, email = 2 }}\n"
            ),
        )
        .unwrap();
        c
    };
    let c = cfg("\"aircall.csv\", \"outreach.csv\"");
    let r = run(&["check", "--config", c.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("read with preset aircall/export: aircall.csv\nread with preset outreach/export: outreach.csv\n"), "{}", r.stderr);
    let c = cfg("\"other.csv\"");
    let r = run(&["check", "--config", c.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.starts_with(
            "error: `other.csv` (source `exports`) does not fit any preset; the closest:\n  "
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("\nits header has `when`, `who`; map the columns in the `[[source]]`"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_tool_that_writes_the_exporting_users_zone_is_warned_about_until_the_source_sets_it() {
    // HubSpot's and Pipedrive's UI exports are in the zone of whoever exported them:
    // read in the config's `timezone`, with a warning from run (and check) until the
    // source says which zone
    let (r, _d) = run_preset("pipedrive_deals", "", "pipedrive_deals");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            " WARN source `pipedrive_deals`: Pipedrive deals export writes times in the time zone of the user who exported the file; they are read as `Europe/Warsaw` (the config's `timezone`). Set `timestamp = { zone = \"…\" }` on the source to the exporting user's zone (e.g. \"America/New_York\"); cross-tool de-duplication and day boundaries depend on it\n"
        ),
        "{}",
        r.stderr
    );
    let (r, _d) = run_preset(
        "pipedrive_deals",
        r#"timestamp = { zone = "Europe/Warsaw" }"#,
        "pipedrive_deals",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("exporting user"), "{}", r.stderr);
}

#[test]
fn init_maps_the_sample_exports_that_no_preset_fits_by_their_values() {
    // the sample company's exports are hand-made layouts: init guesses each mapping
    // from the header and the values, and a run of what it wrote reads every row the
    // way the hand-written sample config does (the counting rules aside, which it asks)
    let d = tempdir();
    let r = run(&["init", "samples/exports", "--roster", "samples/roster.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines = [
        "[[source]]\nname = \"phone\"\n# no preset fits this file: its columns are mapped as guessed from its header and values\nkind = \"call\"  # guessed from the file's name or folder\nrep = { column = \"user_email\", match = \"email\" }  # guessed: its values are email addresses\ntimestamp = { column = \"started_at\", format = \"iso8601\", zone = \"UTC\" }  # the values end in `Z`\nduration = { column = \"duration\", unit = \"hms\" }  # the values are hh:mm:ss\ndirection = \"direction\"\noutcome = \"status\"\n",
        "timestamp = { column = \"sent_at\", format = \"iso8601\", zone = \"offset\" }  # the values carry their UTC offset\n",
        "rep = { column = \"Profil nadawcy\", match = \"social_handle\" }  # guessed: its values are profile URLs\ntimestamp = { column = \"Data\", format = \"%d.%m.%Y %H:%M\", zone = \"rep\" }",
        "# TODO: which rows count? values seen: direction `direction`: `outbound`, `inbound`",
    ];
    assert_has_all(&r.stdout, &lines);
    let cfg = fs::canonicalize("samples")
        .unwrap()
        .join(format!("init-{}.toml", std::process::id()));
    fs::write(&cfg, &r.stdout).unwrap();
    let out = d.path().join("out");
    let run_r = run(&[
        "run",
        "--config",
        cfg.to_str().unwrap(),
        "--period",
        "2026-10",
        "--as-of",
        "2026-11-03",
        "--out",
        out.to_str().unwrap(),
    ]);
    fs::remove_file(&cfg).unwrap();
    assert_eq!(run_r.code, 0, "{}", run_r.stderr);
    // read, duplicates, rejected, unmatched, empty, trailer per file: as the sample
    // config's golden accounting has them
    let cols = |l: &str| {
        let f: Vec<&str> = l.split(',').collect();
        [f[1], f[2], f[6], f[7], f[8], f[9], f[10]].join(",")
    };
    let got: Vec<String> = fs::read_to_string(out.join("accounting.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with(','))
        .map(cols)
        .collect();
    let golden = fs::read_to_string("tests/golden/samples_2026-10/accounting.csv").unwrap();
    for g in golden
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with(",") && !l.starts_with("crm-won"))
    {
        assert!(got.contains(&cols(g)), "{g}\n{got:?}");
    }
    assert_eq!(got.len(), 4, "{got:?}");
}
