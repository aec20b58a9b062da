//! `roster`: the roster file, either a path (`roster = "roster.csv"`) or a `[roster]`
//! table saying how HR writes it (date format, encoding, a location column mapped to
//! zones, a side file of identities), so that HR's export is read as it is.

use std::{
    collections::BTreeMap,
    fmt::Write as _,
    path::{Path, PathBuf},
};

use chrono::{
    NaiveDate,
    format::{Item, StrftimeItems},
};
use chrono_tz::Tz;
use toml::Spanned;

use crate::{
    config::{
        parse_tz,
        problems::Problems,
        wire::{RosterTableWire, RosterWire},
    },
    sources::decode::{encoding_for_label, unknown_encoding},
};

/// The roster's (and the absences') dates when `date_format` is not set.
pub(crate) const ISO_DATE: &str = "%Y-%m-%d";

/// How the roster, its absences and its identities file are written.
#[derive(Clone, Debug)]
pub(crate) struct RosterFormat {
    /// The chrono format of `hire_date`, `exit_date` and the absences' `from` / `to`.
    pub(crate) date_format: String,
    /// The encoding of the roster, absences and identities files (`None`: UTF-8; a BOM wins).
    pub(crate) encoding: Option<&'static encoding_rs::Encoding>,
    /// The column whose values `zones` maps to time zones (instead of `time_zone`).
    pub(crate) zone_column: Option<String>,
    /// Location (as written, trimmed) → zone.
    pub(crate) zones: BTreeMap<String, Tz>,
    /// The identities side file (`rep_id,field,value`), joined to the config's directory.
    pub(crate) identities: Option<PathBuf>,
}

impl Default for RosterFormat {
    fn default() -> Self {
        RosterFormat {
            date_format: ISO_DATE.to_string(),
            encoding: None,
            zone_column: None,
            zones: BTreeMap::new(),
            identities: None,
        }
    }
}

impl RosterFormat {
    /// What a date is expected to look like, for messages: `YYYY-MM-DD`, or the
    /// configured format with an example (`%d.%m.%Y`, e.g. `31.10.2026`).
    pub(crate) fn date_expected(&self) -> String {
        if self.date_format == ISO_DATE {
            return "YYYY-MM-DD".to_string();
        }
        let mut example = String::new();
        if let Some(d) = NaiveDate::from_ymd_opt(2026, 10, 31) {
            let _ = write!(example, "{}", d.format(&self.date_format));
        }
        format!(
            "`{}` (roster date_format), e.g. `{example}`",
            self.date_format
        )
    }

    /// A date as the roster writes it.
    pub(crate) fn date(&self, text: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(text.trim(), &self.date_format).ok()
    }
}

/// `roster`: the roster path (joined to the config's directory) and its format.
pub(crate) fn check_roster(
    p: &mut Problems<'_>,
    wire: &Spanned<RosterWire>,
    dir: &Path,
) -> (PathBuf, RosterFormat) {
    match wire.get_ref() {
        RosterWire::File(f) => (dir.join(f), RosterFormat::default()),
        RosterWire::Table(t) => (dir.join(t.file.get_ref()), check_table(p, t, dir)),
    }
}

fn check_table(p: &mut Problems<'_>, t: &RosterTableWire, dir: &Path) -> RosterFormat {
    let mut f = RosterFormat::default();
    if let Some(d) = &t.date_format {
        if reads_whole_dates(d.get_ref()) {
            f.date_format = d.get_ref().clone();
        } else {
            p.at(
                d.span(),
                "roster.date_format",
                format!(
                    "`{}` does not read a whole date (day, month and year); expected e.g. `%d.%m.%Y` or `%Y-%m-%d`",
                    d.get_ref()
                ),
            );
        }
    }
    if let Some(e) = &t.encoding {
        f.encoding = encoding_for_label(e.get_ref());
        if f.encoding.is_none() {
            p.at(e.span(), "roster.encoding", unknown_encoding(e.get_ref()));
        }
    }
    for (location, zone) in &t.zones {
        match parse_tz(zone.get_ref()) {
            Some(tz) => {
                f.zones.insert(location.trim().to_string(), tz);
            }
            None => p.at(
                zone.span(),
                &format!("roster.zones.\"{location}\""),
                format!(
                    "unknown time zone `{}`; expected an IANA name such as `Europe/Warsaw`",
                    zone.get_ref()
                ),
            ),
        }
    }
    match (&t.zone_column, t.zones.is_empty()) {
        (Some(c), true) => p.at(
            c.span(),
            "roster.zone_column",
            "no `[roster.zones]` to map its values with; add e.g. `[roster.zones] \"Warszawa\" = \"Europe/Warsaw\"`",
        ),
        (None, false) => p.at(
            t.file.span(),
            "roster.zones",
            "`[roster.zones]` needs `zone_column`, the roster column holding the locations, e.g. `zone_column = \"Location\"`",
        ),
        _ => {}
    }
    f.zone_column = t.zone_column.as_ref().map(|c| c.get_ref().clone());
    f.identities = t.identities.as_ref().map(|i| dir.join(i.get_ref()));
    f
}

/// Whether a chrono format is valid and reads back the day, month and year it writes.
fn reads_whole_dates(format: &str) -> bool {
    if StrftimeItems::new(format).any(|i| matches!(i, Item::Error)) {
        return false;
    }
    [(2026, 10, 31), (1999, 2, 3)].into_iter().all(|(y, m, d)| {
        NaiveDate::from_ymd_opt(y, m, d).is_some_and(|day| {
            // a format chrono cannot write for a date (`%H`, `%z`) fails here, not panics
            let mut text = String::new();
            write!(text, "{}", day.format(format)).is_ok()
                && NaiveDate::parse_from_str(&text, format) == Ok(day)
        })
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::Config;

    const HEAD: &str = "timezone = \"UTC\"\n";
    const SOURCE: &str = r#"[[source]]
name = "dialer"
kind = "call"
files = ["calls.csv"]
rep = { column = "user_email", match = "email" }
timestamp = { column = "started_at", format = "iso8601", zone = "UTC" }
"#;

    /// A config of `roster` (a line or a table after the source) and the call source.
    fn parse(roster_line: &str, table: &str) -> Result<Config, String> {
        let text = format!("{HEAD}{roster_line}{SOURCE}{table}");
        Config::parse(Path::new("dir/c.toml"), &text, text.as_bytes().to_vec())
            .map_err(|f| f.message)
    }

    #[test]
    fn a_roster_table_reads_every_key() {
        let cfg = parse(
            "",
            "[roster]\nfile = \"hr/roster.csv\"\ndate_format = \"%d.%m.%Y\"\nencoding = \"cp1250\"\nzone_column = \"Location\"\nidentities = \"ids.csv\"\n[roster.zones]\n\"Warszawa\" = \"Europe/Warsaw\"\n\" Nowy Jork \" = \"America/New_York\"\n",
        )
        .unwrap();
        assert_eq!(cfg.roster, Path::new("dir/hr/roster.csv"));
        let f = &cfg.roster_format;
        assert_eq!(f.date_format, "%d.%m.%Y");
        assert_eq!(f.encoding, Some(encoding_rs::WINDOWS_1250));
        assert_eq!(f.zone_column.as_deref(), Some("Location"));
        assert_eq!(f.identities.as_deref(), Some(Path::new("dir/ids.csv")));
        assert_eq!(
            f.zones
                .iter()
                .map(|(l, z)| format!("{l}={z}"))
                .collect::<Vec<_>>(),
            ["Nowy Jork=America/New_York", "Warszawa=Europe/Warsaw"]
        );
        assert_eq!(
            f.date(" 31.10.2026 "),
            chrono::NaiveDate::from_ymd_opt(2026, 10, 31)
        );
        assert_eq!(f.date("2026-10-31"), None);
        assert_eq!(
            f.date_expected(),
            "`%d.%m.%Y` (roster date_format), e.g. `31.10.2026`"
        );
        // the plain path: ISO dates, UTF-8, no zones
        let cfg = parse("roster = \"roster.csv\"\n", "").unwrap();
        assert_eq!(cfg.roster_format.date_format, "%Y-%m-%d");
        assert_eq!(cfg.roster_format.date_expected(), "YYYY-MM-DD");
        assert!(cfg.roster_format.encoding.is_none() && cfg.roster_format.identities.is_none());
    }

    #[test]
    fn roster_table_problems_name_line_and_key() {
        let m = parse(
            "",
            "[roster]\nfile = \"r.csv\"\ndate_format = \"%d.%m\"\nencoding = \"latin-2x\"\nzone_column = \"Location\"\n",
        )
        .unwrap_err();
        assert_eq!(
            m,
            "3 problems in config `dir/c.toml`
  --> dir/c.toml:10:15: `roster.date_format`: `%d.%m` does not read a whole date (day, month and year); expected e.g. `%d.%m.%Y` or `%Y-%m-%d`
  --> dir/c.toml:11:12: `roster.encoding`: unknown encoding `latin-2x`; expected e.g. `utf-8`, `windows-1250`, `windows-1252`
  --> dir/c.toml:12:15: `roster.zone_column`: no `[roster.zones]` to map its values with; add e.g. `[roster.zones] \"Warszawa\" = \"Europe/Warsaw\"`"
        );
        // a time of day or an offset cannot be written for a date: a problem, not a panic
        for format in ["%H:%M", "%d.%m.%Y %z", "%Q"] {
            let m = parse(
                "",
                &format!("[roster]\nfile = \"r.csv\"\ndate_format = \"{format}\"\n"),
            )
            .unwrap_err();
            assert!(m.contains("does not read a whole date"), "{format}: {m}");
        }
        let m = parse(
            "",
            "[roster]\nfile = \"r.csv\"\n[roster.zones]\nWarszawa = \"Europe/Warszawa\"\n",
        )
        .unwrap_err();
        assert_eq!(
            m,
            "2 problems in config `dir/c.toml`
  --> dir/c.toml:11:12: `roster.zones.\"Warszawa\"`: unknown time zone `Europe/Warszawa`; expected an IANA name such as `Europe/Warsaw`
  --> dir/c.toml:9:8: `roster.zones`: `[roster.zones]` needs `zone_column`, the roster column holding the locations, e.g. `zone_column = \"Location\"`"
        );
        let m = parse("", "[roster]\nfile = \"r.csv\"\nformat = \"x\"\n").unwrap_err();
        assert_eq!(
            m,
            "cannot parse config `dir/c.toml`
  --> dir/c.toml:10:1: `roster.format`: unknown field `format`, expected one of `file`, `date_format`, `encoding`, `zone_column`, `zones`, `identities`"
        );
        let m = parse("", "[roster]\ndate_format = \"%d.%m.%Y\"\n").unwrap_err();
        assert_eq!(
            m,
            "cannot parse config `dir/c.toml`\n  --> dir/c.toml:8:1: `roster`: missing field `file`"
        );
        let m = parse("roster = 5\n", "").unwrap_err();
        assert_eq!(
            m,
            "cannot parse config `dir/c.toml`
  --> dir/c.toml:2:10: `roster`: expected a file name or a table, e.g. \"roster.csv\" or { file = \"roster.csv\" }; found integer `5`"
        );
    }

    #[test]
    fn a_quota_rep_is_one_id_or_a_list() {
        let plan = |rep: &str| {
            parse(
                "roster = \"r.csv\"\n",
                &format!("[[quota]]\nrep = {rep}\nperiod = \"month\"\ntargets = {{ call = 1 }}\n"),
            )
        };
        let reps = |rep: &str| plan(rep).unwrap().quotas[0].selector.rep.clone();
        assert_eq!(reps("\"E1\""), Some(vec!["E1".to_string()]));
        assert_eq!(
            reps("[\"E1\", \" E2 \"]"),
            Some(vec!["E1".to_string(), "E2".to_string()])
        );
        assert_eq!(
            plan("[]").unwrap_err(),
            "1 problem in config `dir/c.toml`
  --> dir/c.toml:10:7: `quota[0].rep`: expected a rep_id or a non-empty list of them, e.g. `rep = [\"E1\", \"E2\"]`"
        );
        let m = plan("[1]").unwrap_err();
        assert!(
            m.contains(
                "`quota[0].rep[0]`: expected a string in quotes, e.g. \"1\"; found integer `1`"
            ),
            "{m}"
        );
    }
}
