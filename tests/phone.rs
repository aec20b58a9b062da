//! Issue 18, item 2 and two defects of item 7: phone numbers written differently by two
//! tools still meet (the rep's country), a loud warning when two tools never match, a
//! team's currency, and Excel CSVs with a decimal comma in Polish.

use std::{fs, path::Path};

use crate::util::{Run, root, run, tempdir};

/// Aircall writes numbers in E.164, Dialpad as dialled: `0220 168 272` (Warsaw) and
/// `(212) 555-0142` (New York). Each rep has one call logged by both tools (40 s apart)
/// and one more call in each tool.
fn phone_run(roster_country: bool, extra: &str) -> (Run, tempfile::TempDir) {
    let d = tempdir();
    let roster = fs::read_to_string("tests/fixtures/edges/roster.csv").unwrap();
    let roster = if roster_country {
        roster
            .lines()
            .enumerate()
            .map(|(i, l)| match (i, l.split(',').next()) {
                (0, _) => format!("{l},country\n"),
                (_, Some("W1")) => format!("{l},pl\n"),
                (_, Some("N1")) => format!("{l},US\n"),
                _ => format!("{l},\n"),
            })
            .collect()
    } else {
        roster
    };
    fs::write(d.path().join("roster.csv"), roster).unwrap();
    fs::write(
        d.path().join("aircall.csv"),
        "id,direction,status,missed_call_reason,started_at,answered_at,ended_at,duration,user_name,user_email,number_name,number_digits,raw_digits,tags,comments\n\
         1,outbound,answered,,2026-10-01T08:00:00Z,,,120,Łukasz Żak,lukasz.zak@acme.example,PL,+48 22 100 00 00,+48 220 168 272,,\n\
         2,outbound,answered,,2026-10-01T09:00:00Z,,,120,Łukasz Żak,lukasz.zak@acme.example,PL,+48 22 100 00 00,+48 220 168 272,,\n\
         3,outbound,answered,,2026-10-01T14:00:00Z,,,120,Raj Patel,raj.patel@acme.example,US,+1 212 555 0100,+1 212 555 0142,,\n\
         4,outbound,answered,,2026-10-01T15:00:00Z,,,120,Raj Patel,raj.patel@acme.example,US,+1 212 555 0100,+1 212 555 0142,,\n",
    )
    .unwrap();
    // 08:00:40 (the same call as Aircall's 08:00), 09:05 (another), 14:00:40 (the
    // same as 14:00), 15:05 (another)
    fs::write(
        d.path().join("dialpad.csv"),
        "call_id,date_started,date_connected,date_ended,direction,external_number,internal_number,target_type,target_name,target_email,duration,was_recorded,categories\n\
         a,1790841640000,,1790841760000,outbound,0220 168 272,+48221000000,user,Łukasz Żak,lukasz.zak@acme.example,120000,false,\n\
         b,1790845500000,,1790845620000,outbound,0220 168 272,+48221000000,user,Łukasz Żak,lukasz.zak@acme.example,120000,false,\n\
         c,1790863240000,,1790863360000,outbound,(212) 555-0142,+12125550100,user,Raj Patel,raj.patel@acme.example,120000,false,\n\
         d,1790867100000,,1790867220000,outbound,(212) 555-0142,+12125550100,user,Raj Patel,raj.patel@acme.example,120000,false,\n",
    )
    .unwrap();
    fs::write(
        d.path().join("c.toml"),
        format!(
            r#"timezone = "Europe/Warsaw"
roster = "roster.csv"
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
# one day of data: the coverage warnings are tests/guard.rs's
[gates]
coverage = "off"
[cross_dedup]
window_s = 120
{extra}
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

fn read(d: &Path, name: &str) -> String {
    fs::read_to_string(d.join("out").join(name)).unwrap()
}

/// The accounting rows of both sources and the reps' call counts.
fn counts(d: &Path) -> (String, Vec<String>) {
    let acc = read(d, "accounting.csv");
    let rows: String = acc
        .lines()
        .filter(|l| l.starts_with("aircall,") || l.starts_with("dialpad,"))
        // without first_activity, last_activity (tests/guard.rs checks those)
        .map(|l| format!("{}\n", l.rsplitn(3, ',').last().unwrap_or(l)))
        .collect();
    let att = read(d, "attainment.csv");
    let calls = att
        .lines()
        .filter(|l| (l.starts_with("W1,") || l.starts_with("N1,")) && l.contains(",2026-10,call,"))
        .map(|l| l.split(',').take(7).collect::<Vec<_>>().join(","))
        .collect();
    (rows, calls)
}

const WARNING: &str = " WARN cross-tool de-duplication: `aircall` and `dialpad` overlap (4 and 4 calls of the same reps on the same days, from 2026-10-01 to 2026-10-01) but no call matched: their counterparts may be written differently (`+48 220 168 272` vs `0220 168 272`); set the reps' country (roster column `country`, `[teams.NAME] country` or `[cross_dedup] default_country`) or export E.164 numbers from both tools\n";

#[test]
fn national_numbers_without_a_country_never_match_and_the_run_says_so() {
    let (r, d) = phone_run(false, "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (acc, calls) = counts(d.path());
    // every call logged by both tools counts twice: 8 calls where there were 6
    assert_eq!(
        acc,
        "aircall,aircall.csv,4,4,0,,0,0,0,0,0,,0\n\
         dialpad,dialpad.csv,4,4,0,,0,0,0,0,0,,0\n"
    );
    assert_eq!(
        calls,
        [
            "N1,Raj Patel,New York,2026-10,call,4,2",
            "W1,Łukasz Żak,Warszawa,2026-10,call,4,2"
        ]
    );
    assert!(r.stderr.contains(WARNING), "{}", r.stderr);
    assert_eq!(r.stderr.matches(" WARN ").count(), 1, "{}", r.stderr);
    let m: serde_json::Value = serde_json::from_str(&read(d.path(), "manifest.json")).unwrap();
    let miss = &m["cross_dedup_unmatched"];
    assert_eq!(miss.as_array().map(Vec::len), Some(1), "{m}");
    assert_eq!(
        miss[0]["sources"],
        serde_json::json!(["aircall", "dialpad"])
    );
    assert_eq!(miss[0]["kind"], "call");
    assert_eq!(miss[0]["rows"], serde_json::json!([4, 4]));
    assert_eq!(miss[0]["first_day"], "2026-10-01");
    assert_eq!(miss[0]["last_day"], "2026-10-01");
    assert_eq!(
        miss[0]["examples"],
        serde_json::json!(["+48 220 168 272", "0220 168 272"])
    );
    assert_eq!(
        miss[0]["message"].as_str(),
        WARNING.strip_prefix(" WARN ").map(str::trim_end)
    );
}

/// The synced call of each rep counts once whichever way the country is set.
fn assert_deduplicated(r: &Run, d: &Path) {
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (acc, calls) = counts(d);
    assert_eq!(
        acc,
        "aircall,aircall.csv,4,4,0,,0,0,0,0,0,,0\n\
         dialpad,dialpad.csv,4,2,0,,2,0,0,0,0,,0\n"
    );
    assert_eq!(
        calls,
        [
            "N1,Raj Patel,New York,2026-10,call,3,2",
            "W1,Łukasz Żak,Warszawa,2026-10,call,3,2"
        ]
    );
    assert!(!r.stderr.contains(" WARN "), "{}", r.stderr);
    let m = read(d, "manifest.json");
    assert!(!m.contains("cross_dedup_unmatched"), "{m}");
}

#[test]
fn a_default_country_and_a_team_country_make_national_numbers_meet() {
    let (r, d) = phone_run(
        false,
        "default_country = \"PL\"\n[teams.\"New York\"]\ncountry = \"US\"\n",
    );
    assert_deduplicated(&r, d.path());
}

#[test]
fn the_roster_country_column_makes_national_numbers_meet() {
    let (r, d) = phone_run(true, "");
    assert_deduplicated(&r, d.path());
}

#[test]
fn a_default_country_alone_leaves_the_us_numbers_apart() {
    // Warsaw's pair meets; New York's `(212) 555-0142` read as Polish does not: the
    // two sources matched at least once, so there is no warning
    let (r, d) = phone_run(false, "default_country = \"PL\"\n");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (acc, calls) = counts(d.path());
    assert_eq!(
        acc,
        "aircall,aircall.csv,4,4,0,,0,0,0,0,0,,0\n\
         dialpad,dialpad.csv,4,3,0,,1,0,0,0,0,,0\n"
    );
    assert_eq!(
        calls,
        [
            "N1,Raj Patel,New York,2026-10,call,4,2",
            "W1,Łukasz Żak,Warszawa,2026-10,call,3,2"
        ]
    );
    assert!(!r.stderr.contains(" WARN "), "{}", r.stderr);
}

#[test]
fn a_roster_country_that_is_not_supported_is_a_roster_problem() {
    let d = tempdir();
    fs::write(
        d.path().join("roster.csv"),
        "rep_id,full_name,email,country\nW1,Łukasz Żak,lukasz.zak@acme.example,Polska\n",
    )
    .unwrap();
    fs::write(
        d.path().join("c.toml"),
        "timezone = \"Europe/Warsaw\"\nroster = \"roster.csv\"\n\
         [[source]]\nname = \"dialpad\"\npreset = \"dialpad\"\nfiles = [\"dialpad.csv\"]\n",
    )
    .unwrap();
    let r = run(&[
        "check",
        "--config",
        d.path().join("c.toml").to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "  --> line 2: rep `W1`: country `Polska` is not supported; expected an ISO 3166 code: AT, AU, BE, BR, CA, CH, CZ, DE, DK, EE, ES, FI, FR, GB, HU, IE, IN, IT, LT, LU, LV, MX, NL, NO, PL, PT, RO, SE, SK, UA, US, or empty\n"
        ),
        "{}",
        r.stderr
    );
}

/// The sample company with its config edited (`edit`), run for October into `out`.
fn edited_sample(d: &Path, edit: impl Fn(String) -> String, extra: &[&str]) -> Run {
    let samples = root().join("samples");
    let s = samples.display().to_string();
    let text = fs::read_to_string(samples.join("config.toml"))
        .unwrap()
        .replace(
            "roster = \"roster.csv\"",
            &format!("roster = \"{s}/roster.csv\""),
        )
        .replace(
            "absences = \"absences.csv\"",
            &format!("absences = \"{s}/absences.csv\""),
        )
        .replace("files = [\"exports/", &format!("files = [\"{s}/exports/"));
    fs::write(d.join("c.toml"), edit(text)).unwrap();
    let mut args = vec![
        "run".to_string(),
        "--config".into(),
        d.join("c.toml").display().to_string(),
        "--period".into(),
        "2026-10".into(),
        "--out".into(),
        d.join("out").display().to_string(),
    ];
    args.extend(extra.iter().map(|a| a.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&args)
}

/// The `rep_id,…,currency` cells of a summary row and the `team,…,currency` of a team.
fn currencies(d: &Path) -> (String, String) {
    let cells = |file: &str, key: &str, cols: &[&str]| {
        let text = read(d, file);
        let mut lines = text.lines();
        let head: Vec<&str> = lines.next().unwrap().split(',').collect();
        let row: Vec<&str> = lines
            .find(|l| l.starts_with(key))
            .unwrap()
            .split(',')
            .collect();
        cols.iter()
            .map(|c| row[head.iter().position(|h| h == c).unwrap()])
            .collect::<Vec<_>>()
            .join(",")
    };
    (
        cells(
            "summary.csv",
            "R008,",
            &["rep_id", "team", "won_amount_done", "currency"],
        ),
        cells(
            "teams.csv",
            "New York,",
            &["team", "won_amount_done", "won_amount_target", "currency"],
        ),
    )
}

const SDR_PLAN_CURRENCY: &str =
    "currency = \"USD\"                    # also the currency of their won deals\n";

#[test]
fn a_team_currency_is_the_currency_of_reps_whose_plan_sets_none() {
    // New York's SDR plan without its currency: Emily Carter inherits the top-level
    // PLN, her USD deals do not count, and New York's won amount is `mixed`
    let d = tempdir();
    let r = edited_sample(
        d.path(),
        |t| {
            assert!(t.contains(SDR_PLAN_CURRENCY));
            t.replace(SDR_PLAN_CURRENCY, "")
        },
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        currencies(d.path()),
        (
            "R008,New York,0.00,PLN".to_string(),
            "New York,,,mixed".to_string()
        )
    );
    // with `[teams."New York"] currency = "USD"` she is in USD again, and so is the team
    let d = tempdir();
    let r = edited_sample(
        d.path(),
        |t| t.replace(SDR_PLAN_CURRENCY, "") + "\n[teams.\"New York\"]\ncurrency = \"USD\"\n",
        &[],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        currencies(d.path()),
        (
            "R008,New York,136000.00,USD".to_string(),
            "New York,251500.50,76190.48,USD".to_string()
        )
    );
}

#[test]
fn excel_csvs_in_polish_have_semicolons_and_a_decimal_comma() {
    let d = tempdir();
    let r = edited_sample(d.path(), |t| t, &["--excel", "--lang", "pl"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let att = read(d.path(), "attainment.csv");
    let first: Vec<&str> = att.lines().take(3).collect();
    assert_eq!(
        first,
        [
            "\u{feff}rep_id;rep_name;team;period;kind;done;target;attainment_pct;status;target_full;basis;tier;currency;plan;expected_to_date;projected_pct;pace",
            "R001;Łukasz Żak;Warszawa;2026-10;call;60;60;100,0;met;60;22/22 working days;met;;Account executives;;;",
            "R001;Łukasz Żak;Warszawa;2026-10;email;78;70;111,4;exceeded;70;22/22 working days;met;;Account executives;;;"
        ]
    );
    // money too: Łukasz Żak's won amount in summary.csv
    let summary = read(d.path(), "summary.csv");
    let head: Vec<&str> = summary.lines().next().unwrap().split(';').collect();
    let row: Vec<&str> = summary.lines().nth(1).unwrap().split(';').collect();
    let at = |c: &str| row[head.iter().position(|h| *h == c).unwrap()];
    assert_eq!(
        [
            at("won_amount_done"),
            at("won_amount_target"),
            at("won_amount_pct")
        ],
        ["106000,00", "100000,00", "106,0"]
    );
    // in English, Excel's list separator is `,` and its decimal separator `.`
    let d = tempdir();
    let r = edited_sample(d.path(), |t| t, &["--excel", "--lang", "en"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let att = read(d.path(), "attainment.csv");
    assert_eq!(
        att.lines().nth(1),
        Some(
            "R001,Łukasz Żak,Warszawa,2026-10,call,60,60,100.0,met,60,22/22 working days,met,,Account executives,,,"
        )
    );
    assert!(att.starts_with("\u{feff}rep_id,rep_name,"));
}
