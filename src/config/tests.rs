//! Config validation: small TOML texts and the exact problems they report.

use std::path::Path;

use super::{Config, Dedup, IdField, Zone};

/// A valid config with one call source (lines 1-8).
const BASE: &str = r#"timezone = "UTC"
roster = "roster.csv"
[[source]]
name = "dialer"
kind = "call"
files = ["calls.csv"]
rep = { column = "user_email", match = "email" }
timestamp = { column = "started_at", format = "iso8601", zone = "UTC" }
"#;

fn parse(text: &str) -> Result<Config, String> {
    Config::parse(Path::new("c.toml"), text, text.as_bytes().to_vec()).map_err(|f| f.message)
}

/// The message of a config that must fail.
fn problems(text: &str) -> String {
    match parse(text) {
        Ok(_) => panic!("expected problems in:\n{text}"),
        Err(m) => m,
    }
}

/// `BASE` with one line replaced.
fn base_with(line: &str, by: &str) -> String {
    assert!(BASE.contains(line), "{line}");
    BASE.replace(line, by)
}

#[test]
fn a_valid_config_gets_the_defaults() {
    let cfg = parse(BASE).unwrap();
    assert_eq!(cfg.company, "");
    assert_eq!(cfg.language, "en");
    assert_eq!(cfg.timezone, chrono_tz::Tz::UTC);
    assert_eq!(cfg.roster, Path::new("roster.csv"));
    assert_eq!(cfg.roster_columns.email, "email");
    let tiers: Vec<(&str, u64)> = cfg
        .tiers
        .iter()
        .map(|t| (t.name.as_str(), t.min_tenths))
        .collect();
    assert_eq!(tiers, [("met", 1000), ("tier 1", 1200), ("tier 2", 1500)]);
    assert_eq!(cfg.scoring.cap_tenths, 2000);
    assert!(cfg.scoring.weights.is_empty());
    assert_eq!(
        (cfg.pacing.on_track_tenths, cfg.pacing.at_risk_tenths),
        (1000, 800)
    );
    assert_eq!(cfg.cross_dedup_window_s, None);
    let [s] = &cfg.sources[..] else {
        panic!("one source expected")
    };
    assert_eq!(s.name, "dialer");
    assert_eq!(s.files, [Path::new("calls.csv")]);
    assert_eq!(
        (s.rep_column.as_str(), s.rep_field),
        ("user_email", IdField::Email)
    );
    assert_eq!(s.ts_zone, Zone::Utc);
    assert_eq!(s.dedup, Dedup::ExactRow);
    assert!(s.duration.is_none());
}

#[test]
fn an_unknown_key_is_a_parse_error_at_its_position() {
    let m = problems("timezone = \"UTC\"\nroster = \"roster.csv\"\nrosters = 1\n");
    assert!(
        m.starts_with("cannot parse config `c.toml`\n  --> c.toml:3:1: `rosters`: unknown field `rosters`, expected one of `company`, `timezone`, `roster`, "),
        "{m}"
    );
}

#[test]
fn a_bad_time_zone_is_reported_at_its_value() {
    let m = problems(&base_with("timezone = \"UTC\"", "timezone = \"Mars/Base\""));
    assert_eq!(
        m,
        "1 problem in config `c.toml`\n  --> c.toml:1:12: `timezone`: unknown time zone `Mars/Base`; expected an IANA name such as `Europe/Warsaw` or `America/New_York`"
    );
}

#[test]
fn a_config_needs_a_source() {
    let m = problems("timezone = \"UTC\"\nroster = \"roster.csv\"\n");
    assert_eq!(
        m,
        "1 problem in config `c.toml`\n  --> c.toml: no `[[source]]` defined; add at least one export source"
    );
}

#[test]
fn a_source_without_files() {
    let m = problems(&base_with("files = [\"calls.csv\"]", "files = []"));
    assert_eq!(
        m,
        "1 problem in config `c.toml`\n  --> c.toml:6:9: `source[0].files`: empty; list at least one path or glob"
    );
}

#[test]
fn a_duplicate_source_name() {
    let second = BASE.split_once("[[source]]\n").unwrap().1;
    let m = problems(&format!("{BASE}[[source]]\n{second}"));
    assert_eq!(
        m,
        "1 problem in config `c.toml`\n  --> c.toml:10:8: `source[1].name`: duplicate source name `dialer`"
    );
}

#[test]
fn an_unknown_preset_hides_the_rest_of_its_source() {
    let m = problems(&format!(
        "{BASE}[[source]]\nname = \"crm\"\npreset = \"nosuch\"\nfiles = []\n"
    ));
    assert_eq!(
        m,
        format!(
            "1 problem in config `c.toml`\n  --> c.toml:11:10: `source[1].preset`: unknown preset `nosuch`; expected `auto` or one of {} (`activity-quota sources` lists them and their variants)",
            crate::sources::presets::names()
        )
    );
}

#[test]
fn a_timestamp_without_format_and_zone() {
    let m = problems(&base_with(
        "timestamp = { column = \"started_at\", format = \"iso8601\", zone = \"UTC\" }",
        "timestamp = { column = \"started_at\" }",
    ));
    assert_eq!(
        m,
        "1 problem in config `c.toml`\n  --> c.toml:8:13: `source[0].timestamp`: needs `column`, `format` and `zone`, e.g. `{ column = \"started_at\", format = \"iso8601\", zone = \"UTC\" }`"
    );
}

#[test]
fn a_quota_with_a_bad_period() {
    let m = problems(&format!(
        "{BASE}[[quota]]\nperiod = \"fortnight\"\ntargets = {{ call = 10 }}\n"
    ));
    assert_eq!(
        m,
        "1 problem in config `c.toml`\n  --> c.toml:10:10: `quota[0].period`: unknown period `fortnight`; expected `week`, `month`, `quarter`, `year`, `fiscal_quarter` or `fiscal_year`"
    );
}

#[test]
fn a_currency_on_a_call_source_is_two_problems_in_section_order() {
    // the source's own check reports the key; the check against the top-level
    // `currency` runs after the quotas
    let m = problems(&format!("{BASE}currency = \"currency_code\"\n"));
    assert_eq!(
        m,
        "2 problems in config `c.toml`
  --> c.toml:9:12: `source[0].currency`: only an opportunity source (`kind = \"opportunity\"`) has this key
  --> c.toml:9:12: `source[0].currency`: a `currency` column needs the top-level `currency` (the default currency of won amounts)"
    );
}

#[test]
fn problems_come_in_section_order_not_file_order() {
    let text = r#"timezone = "UTC"
roster = "roster.csv"
language = "de"
roster_columns = { mail = "E-mail" }
[pacing]
at_risk_pct = 120
[scoring]
weights = { call = 0.0001 }
[fiscal]
start_month = 0
[[quota]]
period = "month"
targets = {}
[[source]]
name = "dialer"
kind = "call"
files = ["calls.csv"]
rep = { column = "user_email", match = "email" }
timestamp = { column = "started_at", format = "iso8601", zone = "UTC" }
dedup = "sometimes"
"#;
    assert_eq!(
        problems(text),
        "7 problems in config `c.toml`
  --> c.toml:3:12: `language`: unknown language `de`; expected `en` or `pl`
  --> c.toml:4:27: `roster_columns.mail`: unknown roster field `mail`; expected one of `rep_id`, `full_name`, `email`, `phone_extension`, `social_handle`, `time_zone`, `team`, `role`, `hire_date`, `exit_date`, `country`
  --> c.toml:20:9: `source[0].dedup`: unknown mode `sometimes`; expected `external_id`, `exact` or `none`
  --> c.toml:10:15: `fiscal.start_month`: `0` is not a month; expected 1..=12
  --> c.toml:13:11: `quota[0].targets`: empty; set at least one target, e.g. `{ call = 150 }`
  --> c.toml:8:20: `scoring.weights.call`: expected a weight ≥ 0 with at most 3 decimals
  --> c.toml:6:15: `pacing.at_risk_pct`: must not be above `on_track_pct`"
    );
}

#[test]
fn cross_dedup_needs_a_window_and_two_counterparts() {
    let m = problems(&format!("{BASE}[cross_dedup]\nwindow_s = 0\n"));
    assert_eq!(
        m,
        "2 problems in config `c.toml`
  --> c.toml:10:12: `cross_dedup.window_s`: expected whole seconds from 1 to 86400, e.g. `120`
  --> c.toml:9:1: `cross_dedup`: needs at least two sources with a `counterpart` column (the other party's phone number or email address)"
    );
}

#[test]
fn countries_and_team_currencies_are_checked() {
    let text = format!(
        "{BASE}[cross_dedup]\nwindow_s = 60\ndefault_country = \"Poland\"\n\
         [teams.NewYork]\ncurrency = \"usd\"\ncountry = \"XX\"\n"
    );
    let m = problems(&text);
    let supported = "AT, AU, BE, BR, CA, CH, CZ, DE, DK, EE, ES, FI, FR, GB, HU, IE, IN, IT, \
                     LT, LU, LV, MX, NL, NO, PL, PT, RO, SE, SK, UA, US";
    assert_eq!(
        m,
        format!(
            "4 problems in config `c.toml`
  --> c.toml:9:1: `cross_dedup`: needs at least two sources with a `counterpart` column (the other party's phone number or email address)
  --> c.toml:11:19: `cross_dedup.default_country`: `Poland` is not a supported country; expected an ISO 3166 code: {supported}
  --> c.toml:13:12: `teams.NewYork.currency`: `usd` is not an ISO currency code; expected e.g. `PLN`, `USD`, `EUR`
  --> c.toml:14:11: `teams.NewYork.country`: `XX` is not a supported country; expected an ISO 3166 code: {supported}"
        )
    );
    let cfg = parse(&format!(
        "currency = \"PLN\"\n{BASE}[teams.\"New York\"]\ncurrency = \"USD\"\ncountry = \"us\"\n"
    ))
    .unwrap();
    assert_eq!(cfg.currency_of("New York").map(String::as_str), Some("USD"));
    assert_eq!(cfg.currency_of("Warszawa").map(String::as_str), Some("PLN"));
    assert_eq!(cfg.teams["New York"].country.map(|c| c.iso), Some("US"));
    assert_eq!(cfg.cross_dedup_country, None);
}

#[test]
fn a_counterpart_is_dropped_without_cross_dedup() {
    let cfg = parse(&format!("{BASE}counterpart = \"callee\"\n")).unwrap();
    assert_eq!(cfg.sources[0].counterpart, None);
}

#[test]
fn a_wrong_type_says_what_was_expected_in_words() {
    let head = "cannot parse config `c.toml`\n  --> c.toml:";
    let cases = [
        (
            "decimal_comma = 1\n",
            "9:17: `source[0].decimal_comma`: expected `true` or `false`; found integer `1`",
        ),
        (
            "[[quota]]\nperiod = \"month\"\ntargets = { call = 1 }\ntenure_weeks = 4\n",
            "12:16: `quota[0].tenure_weeks`: expected a list of whole numbers, e.g. [1, 12]; found integer `4`",
        ),
        (
            "[rewards]\ntiers = { name = \"met\" }\n",
            "10:9: `rewards.tiers`: expected a list of tables, e.g. [{ name = \"met\", min_pct = 100 }]; found a table",
        ),
        (
            "[[calendar]]\nname = 5\n",
            "10:8: `calendar[0].name`: expected a string in quotes, e.g. \"5\"; found integer `5`",
        ),
    ];
    for (extra, want) in cases {
        let m = problems(&format!("{BASE}{extra}"));
        assert_eq!(m, format!("{head}{want}"), "{extra}");
    }
}

#[test]
fn sheet_and_member_keys() {
    let text = format!("{BASE}sheet = \"Calls\"\nmember = \"exports/*.csv\"\n");
    let cfg = parse(&text).unwrap();
    let s = &cfg.sources[0];
    assert_eq!(s.sheet.as_deref(), Some("Calls"));
    assert!(s.member.as_ref().unwrap().matches("exports/calls.csv"));
    let m = problems(&format!("{BASE}sheet = \" \"\nmember = \"[a\"\n"));
    assert_eq!(
        m,
        "2 problems in config `c.toml`\n  --> c.toml:9:9: `source[0].sheet`: empty; expected a sheet's name, e.g. `sheet = \"Calls\"`\n  --> c.toml:10:10: `source[0].member`: bad glob `[a`: Pattern syntax error near position 0: invalid range pattern"
    );
    // without them: the first sheet, every member of a one-file archive
    let cfg = parse(BASE).unwrap();
    assert_eq!(
        (
            cfg.sources[0].sheet.as_ref(),
            cfg.sources[0].member.as_ref()
        ),
        (None, None)
    );
}
