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
