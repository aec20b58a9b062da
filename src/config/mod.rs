//! The TOML config: wire types (what serde reads) and the validated [`Config`].
//!
//! Validation runs before any row is read and reports every problem at once, each
//! with the config file, line:column and key, like `vector`'s config compiler:
//! [`Config::parse`] reads the wire types (`wire.rs`) and calls one check per section
//! in a fixed order (the order the problems are reported in), each pushing into the
//! `Problems` collector (`problems.rs`).
//!
//! * `org.rs`: `timezone`, `language`, `roster_columns`, `[fiscal]`, `currency`,
//!   `[[calendar]]` and `team_calendars`, `[rewards]`, `[scoring]`, `[pacing]`;
//! * `source/`: `[[source]]` (the table's keys in `source/keys.rs`) and `[cross_dedup]`;
//! * `teams.rs`: `[teams.NAME]` and `[cross_dedup] default_country`;
//! * `quota.rs`: `[[quota]]`;
//! * `roster.rs`: `roster` (a path, or the `[roster]` table);
//! * `gates.rs`: `[gates]` (the coverage gate);
//! * this file: `company`, `excel`, `absences` (taken as they are).

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use chrono_tz::Tz;

use crate::{calendar::Calendar, error::Failure, period::Fiscal};

mod gates;
mod org;
mod problems;
mod quota;
mod roster;
mod source;
mod teams;
#[cfg(test)]
mod tests;
mod wire;

pub use gates::{COVERAGE_DAYS, CoverageGate, CoverageMode};
pub(crate) use org::Pacing;
pub(crate) use org::{RosterColumns, Scoring, Tier, parse_tz};
pub(crate) use quota::QuotaPlan;
pub(crate) use roster::RosterFormat;
pub(crate) use source::Source;
pub(crate) use source::{Dedup, IdField, OppRole, Rules, Zone};
pub(crate) use teams::Team;

use problems::Problems;
use wire::ConfigWire;

/// A validated config.
#[derive(Clone, Debug)]
pub struct Config {
    /// The config path as given on the command line.
    pub path: PathBuf,
    /// The raw bytes of the config file (hashed into the manifest).
    pub bytes: Vec<u8>,
    pub company: String,
    pub timezone: Tz,
    pub roster: PathBuf,
    pub roster_columns: RosterColumns,
    /// How the roster (and the absences, identities) files are written (`[roster]`).
    pub(crate) roster_format: RosterFormat,
    pub language: String,
    /// `excel = true/false`; unset means "yes for language pl".
    pub excel: Option<bool>,
    pub sources: Vec<Source>,
    pub quotas: Vec<QuotaPlan>,
    pub fiscal: Fiscal,
    /// Default currency of won amounts (ISO code).
    pub(crate) currency: Option<String>,
    /// Absences CSV (`rep_id,from,to`), joined to the config's directory.
    pub(crate) absences: Option<PathBuf>,
    pub(crate) calendars: Vec<Calendar>,
    /// Team → index into `calendars`.
    pub(crate) team_calendars: BTreeMap<String, usize>,
    pub(crate) tiers: Vec<Tier>,
    pub(crate) scoring: Scoring,
    pub(crate) pacing: Pacing,
    /// `[cross_dedup] window_s`: the same activity logged by two tools within this many
    /// seconds is counted once (opt-in; `None` = off).
    pub(crate) cross_dedup_window_s: Option<i64>,
    /// `[cross_dedup] default_country`: the country of phone numbers of reps without
    /// their own (roster `country`) or their team's.
    pub(crate) cross_dedup_country: Option<&'static crate::normalise::phone::Country>,
    /// `[teams.NAME]`, by team name.
    pub(crate) teams: BTreeMap<String, Team>,
    /// `[gates] coverage` and `coverage_days`: a source that does not cover the period.
    pub coverage: CoverageGate,
}

impl Config {
    /// The holiday calendar of a team, if one is mapped.
    pub(crate) fn calendar_of(&self, team: &str) -> Option<&Calendar> {
        self.team_calendars
            .get(team)
            .and_then(|&i| self.calendars.get(i))
    }

    /// The currency of a team's won amounts (`[teams.NAME] currency`), else the
    /// config's `currency`.
    pub(crate) fn currency_of(&self, team: &str) -> Option<&String> {
        self.teams
            .get(team)
            .and_then(|t| t.currency.as_ref())
            .or(self.currency.as_ref())
    }
}

impl Config {
    /// Read, parse and validate a config file.
    pub fn load(path: &Path) -> Result<Config, Failure> {
        let bytes = std::fs::read(path).map_err(|e| {
            Failure::config(format!("cannot read config `{}`: {e}", path.display()))
        })?;
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            Failure::config(format!(
                "config `{}` is not valid UTF-8 (at byte {}); save it as UTF-8",
                path.display(),
                e.valid_up_to()
            ))
        })?;
        Self::parse(path, text, bytes.clone())
    }

    /// Parse and validate config text; `path` names it in messages and anchors relative paths.
    ///
    /// The sections are checked in this order, which is the order their problems are
    /// reported in.
    pub(crate) fn parse(path: &Path, text: &str, bytes: Vec<u8>) -> Result<Config, Failure> {
        let wire: ConfigWire =
            toml::from_str(text).map_err(|e| problems::syntax_error(path, text, &e))?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut p = Problems::new(path, text);

        let timezone = org::check_timezone(&mut p, &wire.timezone);
        let language = org::check_language(&mut p, wire.language.as_ref());
        let roster_columns = org::check_roster_columns(&mut p, &wire.roster_columns);
        let (roster, roster_format) = roster::check_roster(&mut p, &wire.roster, &dir);
        let mut sources = source::check_sources(&mut p, &wire.sources, &dir, timezone);
        let fiscal = org::check_fiscal(&mut p, wire.fiscal.as_ref());
        let currency = wire
            .currency
            .as_ref()
            .and_then(|c| org::check_currency(&mut p, c, "currency"));
        let quotas = quota::check_quotas(&mut p, &wire.quotas, fiscal);
        quota::check_won_amount_currency(&mut p, &wire.quotas, &quotas, currency.is_some());
        source::check_currency_columns(&mut p, &wire.sources, currency.is_some());
        let (calendars, team_calendars) =
            org::check_calendars(&mut p, &wire.calendars, &wire.team_calendars);
        let tiers = org::check_rewards(&mut p, wire.rewards.as_ref());
        let scoring = org::check_scoring(&mut p, wire.scoring.as_ref());
        let pacing = org::check_pacing(&mut p, wire.pacing.as_ref());
        let cross_dedup_window_s =
            source::check_cross_dedup(&mut p, wire.cross_dedup.as_ref(), &mut sources);
        let cross_dedup_country = wire
            .cross_dedup
            .as_ref()
            .and_then(|c| c.get_ref().default_country.as_ref())
            .and_then(|c| teams::check_country(&mut p, c, "cross_dedup.default_country"));
        let teams = teams::check_teams(&mut p, &wire.teams);
        let coverage = gates::check_gates(&mut p, wire.gates.as_ref());
        p.finish()?;

        Ok(Config {
            path: path.to_path_buf(),
            bytes,
            company: wire.company.unwrap_or_default(),
            timezone,
            roster,
            roster_columns,
            roster_format,
            language,
            excel: wire.excel,
            sources,
            quotas,
            fiscal,
            currency,
            absences: wire.absences.as_ref().map(|a| dir.join(a.get_ref())),
            calendars,
            team_calendars,
            tiers,
            scoring,
            pacing,
            cross_dedup_window_s,
            cross_dedup_country,
            teams,
            coverage,
        })
    }
}
