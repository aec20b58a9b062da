//! The TOML config: wire types (what serde reads) and the validated [`Config`].
//!
//! Validation runs before any row is read and reports every problem at once, each
//! with the config file, line:column and key, like `vector`'s config compiler.

use std::{
    collections::{BTreeMap, BTreeSet},
    fmt::Write as _,
    path::{Path, PathBuf},
};

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Deserialize;
use toml::Spanned;

use crate::{
    calendar::Calendar,
    error::Failure,
    model::{Kind, Metric},
    normalise::{duration::DurationUnit, time::TimeFormat},
    period::{Fiscal, PeriodKind},
    sources::presets::{self, Preset},
};

// ---------------------------------------------------------------- wire types

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigWire {
    company: Option<String>,
    timezone: Spanned<String>,
    roster: Spanned<String>,
    #[serde(default)]
    roster_columns: BTreeMap<String, Spanned<String>>,
    language: Option<Spanned<String>>,
    excel: Option<bool>,
    #[serde(default, rename = "source")]
    sources: Vec<Spanned<SourceWire>>,
    #[serde(default, rename = "quota")]
    quotas: Vec<Spanned<QuotaWire>>,
    fiscal: Option<Spanned<FiscalWire>>,
    currency: Option<Spanned<String>>,
    absences: Option<Spanned<String>>,
    #[serde(default, rename = "calendar")]
    calendars: Vec<Spanned<CalendarWire>>,
    #[serde(default)]
    team_calendars: BTreeMap<String, Spanned<String>>,
    rewards: Option<RewardsWire>,
    scoring: Option<ScoringWire>,
    pacing: Option<PacingWire>,
    cross_dedup: Option<Spanned<CrossDedupWire>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CrossDedupWire {
    window_s: Spanned<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FiscalWire {
    start_month: Spanned<i64>,
    quarters: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarWire {
    name: Spanned<String>,
    #[serde(default)]
    holidays: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RewardsWire {
    tiers: Spanned<Vec<Spanned<TierWire>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TierWire {
    name: String,
    min_pct: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScoringWire {
    #[serde(default)]
    weights: BTreeMap<String, Spanned<f64>>,
    cap_pct: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PacingWire {
    on_track_pct: Option<Spanned<f64>>,
    at_risk_pct: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceWire {
    name: Spanned<String>,
    preset: Option<Spanned<String>>,
    kind: Option<Spanned<String>>,
    files: Spanned<Vec<String>>,
    delimiter: Option<Spanned<String>>,
    encoding: Option<Spanned<String>>,
    rep: Option<Spanned<RepWire>>,
    timestamp: Option<Spanned<TimestampWire>>,
    duration: Option<Spanned<DurationWire>>,
    direction: Option<String>,
    outcome: Option<String>,
    external_id: Option<String>,
    amount: Option<String>,
    decimal_comma: Option<bool>,
    count: Option<CountWire>,
    dedup: Option<Spanned<String>>,
    skip_lines: Option<usize>,
    opportunity: Option<Spanned<String>>,
    currency: Option<Spanned<String>>,
    units: Option<Spanned<String>>,
    new_customer: Option<Spanned<NewCustomerWire>>,
    no_user: Option<Vec<String>>,
    counterpart: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewCustomerWire {
    column: String,
    values: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RepWire {
    column: Option<String>,
    #[serde(rename = "match")]
    field: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TimestampWire {
    column: Option<String>,
    time_column: Option<String>,
    format: Option<Spanned<String>>,
    zone: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DurationWire {
    column: Option<String>,
    #[serde(default)]
    unit: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct CountWire {
    direction: Option<Vec<String>>,
    outcome: Option<Vec<String>>,
    exclude_direction: Option<Vec<String>>,
    exclude_outcome: Option<Vec<String>>,
    min_duration_s: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuotaWire {
    name: Option<String>,
    rep: Option<String>,
    team: Option<String>,
    role: Option<String>,
    period: Spanned<String>,
    from: Option<Spanned<String>>,
    until: Option<Spanned<String>>,
    targets: Spanned<BTreeMap<String, Spanned<toml::Value>>>,
    tenure_weeks: Option<Spanned<Vec<i64>>>,
    currency: Option<Spanned<String>>,
}

// ---------------------------------------------------------------- validated types

/// Which roster field a source's rep column is matched against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IdField {
    RepId,
    Email,
    PhoneExtension,
    FullName,
    SocialHandle,
}

impl IdField {
    pub const ALL: [IdField; 5] = [
        IdField::RepId,
        IdField::Email,
        IdField::PhoneExtension,
        IdField::FullName,
        IdField::SocialHandle,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            IdField::RepId => "rep_id",
            IdField::Email => "email",
            IdField::PhoneExtension => "phone_extension",
            IdField::FullName => "full_name",
            IdField::SocialHandle => "social_handle",
        }
    }
    fn parse(s: &str) -> Option<IdField> {
        IdField::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// The zone a timestamp column is written in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Zone {
    /// Naive values are UTC.
    Utc,
    /// Naive values are wall-clock time in this IANA zone.
    Fixed(Tz),
    /// Naive values are the rep's own local wall-clock time.
    Rep,
    /// Every value carries its own UTC offset.
    Offset,
}

/// Counting rules of one source: a valid row counts only if it passes all of them.
#[derive(Clone, Debug, Default)]
pub struct Rules {
    pub direction: Vec<String>,
    pub outcome: Vec<String>,
    pub exclude_direction: Vec<String>,
    pub exclude_outcome: Vec<String>,
    pub min_duration_ms: Option<i64>,
}

/// How duplicates are recognised within a source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dedup {
    /// The same external id seen before in any file of the source.
    ExternalId,
    /// The same raw row (every field equal) seen before in the same file.
    ExactRow,
    /// Every row is its own activity.
    None,
}

#[derive(Clone, Debug)]
pub struct Source {
    pub name: String,
    /// The built-in preset this source starts from, if any.
    pub preset: Option<&'static Preset>,
    pub kind: Kind,
    /// File paths or glob patterns, already joined to the config's directory.
    pub files: Vec<PathBuf>,
    pub delimiter: Option<u8>,
    pub encoding: Option<&'static encoding_rs::Encoding>,
    pub rep_column: String,
    pub rep_field: IdField,
    pub ts_column: String,
    /// A separate time-of-day column, joined to the date column with a space before parsing.
    pub ts_time_column: Option<String>,
    pub ts_format: TimeFormat,
    pub ts_zone: Zone,
    pub duration: Option<(String, DurationUnit)>,
    pub direction: Option<String>,
    pub outcome: Option<String>,
    pub external_id: Option<String>,
    pub amount: Option<String>,
    pub decimal_comma: bool,
    pub rules: Rules,
    pub dedup: Dedup,
    /// For `kind = "opportunity"`: which metrics a counted row feeds.
    pub opportunity: OppRole,
    /// Column holding the ISO currency code of `amount` (opportunity sources).
    pub currency: Option<String>,
    /// Column holding the units sold (opportunity sources).
    pub units: Option<String>,
    /// Column and values that flag a won opportunity as a new customer.
    pub new_customer: Option<(String, Vec<String>)>,
    /// Physical lines to skip before the header; `None`: the header is the first line
    /// (among the first 100) that holds every mapped column.
    pub skip_lines: Option<usize>,
    /// Rep-column values meaning "no user" (`No owner`): unmatched, shown as
    /// `(no user: "No owner")`. Compared trimmed, case-insensitively.
    pub no_user: Vec<String>,
    /// The other party's column (phone or email) for cross-tool de-duplication; only set
    /// when the config has `[cross_dedup]`.
    pub counterpart: Option<String>,
}

/// What a counted row of an opportunity source counts as.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OppRole {
    /// An opportunity created (metric `opportunity`), on the source's timestamp.
    #[default]
    Created,
    /// A won deal (metrics `won`, `won_amount`, `units`, `new_customers`), on the
    /// source's timestamp (map it to the close date).
    Won,
}

/// Who a quota plan applies to. The most specific plan wins, per metric and day:
/// rep > tenure (ramp) > team + role > team > role > everyone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selector {
    pub rep: Option<String>,
    pub team: Option<String>,
    pub role: Option<String>,
}

impl Selector {
    pub fn specificity(&self) -> u8 {
        if self.rep.is_some() {
            return 4;
        }
        match (&self.team, &self.role) {
            (Some(_), Some(_)) => 3,
            (Some(_), None) => 2,
            (None, Some(_)) => 1,
            (None, None) => 0,
        }
    }
}

#[derive(Clone, Debug)]
pub struct QuotaPlan {
    pub name: String,
    pub selector: Selector,
    pub period: PeriodKind,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Targets per metric; decimal metrics (`won_amount`, `units`) in 1/10 000 units.
    pub targets: Vec<(Metric, u64)>,
    /// Position in the config, the tie-breaker between equally specific plans (later wins).
    pub order: usize,
    /// Ramp / probation: in force in tenure weeks `[first, last]` (week 1 = the ISO week
    /// holding the rep's hire date).
    pub tenure_weeks: Option<(u32, u32)>,
    /// Currency of `won_amount` targets (ISO code); the config's `currency` when absent.
    pub currency: Option<String>,
}

impl QuotaPlan {
    /// Precedence between plans that select a rep: rep > tenure > team + role > team >
    /// role > everyone, then later in the config.
    pub fn precedence(&self) -> (u8, usize) {
        let tenure = if self.tenure_weeks.is_some() { 4 } else { 0 };
        let rep = if self.selector.rep.is_some() { 8 } else { 0 };
        let rest = if self.selector.rep.is_some() {
            0
        } else {
            self.selector.specificity()
        };
        (rep + tenure + rest, self.order)
    }
}

/// A reward tier: reached at `min_pct` % attainment or more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tier {
    pub name: String,
    /// Minimum attainment in tenths of a percent.
    pub min_tenths: u64,
}

/// Composite score: weighted mean of per-metric attainment, each capped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scoring {
    /// Weights in thousandths; empty = every metric with a target weighs 1.
    pub weights: Vec<(Metric, u64)>,
    /// Cap on each metric's attainment, tenths of a percent.
    pub cap_tenths: u64,
}

/// Pacing thresholds (projected end-of-period attainment, tenths of a percent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pacing {
    pub on_track_tenths: u64,
    pub at_risk_tenths: u64,
}

/// Names of the roster columns, by field.
#[derive(Clone, Debug)]
pub struct RosterColumns {
    pub rep_id: String,
    pub full_name: String,
    pub email: String,
    pub phone_extension: String,
    pub social_handle: String,
    pub time_zone: String,
    pub team: String,
    pub role: String,
    pub hire_date: String,
    pub exit_date: String,
}

impl RosterColumns {
    pub const FIELDS: [&'static str; 10] = [
        "rep_id",
        "full_name",
        "email",
        "phone_extension",
        "social_handle",
        "time_zone",
        "team",
        "role",
        "hire_date",
        "exit_date",
    ];
    fn field_mut(&mut self, name: &str) -> Option<&mut String> {
        Some(match name {
            "rep_id" => &mut self.rep_id,
            "full_name" => &mut self.full_name,
            "email" => &mut self.email,
            "phone_extension" => &mut self.phone_extension,
            "social_handle" => &mut self.social_handle,
            "time_zone" => &mut self.time_zone,
            "team" => &mut self.team,
            "role" => &mut self.role,
            "hire_date" => &mut self.hire_date,
            "exit_date" => &mut self.exit_date,
            _ => return None,
        })
    }
}

impl Default for RosterColumns {
    fn default() -> Self {
        RosterColumns {
            rep_id: "rep_id".into(),
            full_name: "full_name".into(),
            email: "email".into(),
            phone_extension: "phone_extension".into(),
            social_handle: "social_handle".into(),
            time_zone: "time_zone".into(),
            team: "team".into(),
            role: "role".into(),
            hire_date: "hire_date".into(),
            exit_date: "exit_date".into(),
        }
    }
}

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
    pub language: String,
    /// `excel = true/false`; unset means "yes for language pl".
    pub excel: Option<bool>,
    pub sources: Vec<Source>,
    pub quotas: Vec<QuotaPlan>,
    pub fiscal: Fiscal,
    /// Default currency of won amounts (ISO code).
    pub currency: Option<String>,
    /// Absences CSV (`rep_id,from,to`), joined to the config's directory.
    pub absences: Option<PathBuf>,
    pub calendars: Vec<Calendar>,
    /// Team → index into `calendars`.
    pub team_calendars: BTreeMap<String, usize>,
    pub tiers: Vec<Tier>,
    pub scoring: Scoring,
    pub pacing: Pacing,
    /// `[cross_dedup] window_s`: the same activity logged by two tools within this many
    /// seconds is counted once (opt-in; `None` = off).
    pub cross_dedup_window_s: Option<i64>,
}

impl Config {
    /// The holiday calendar of a team, if one is mapped.
    pub fn calendar_of(&self, team: &str) -> Option<&Calendar> {
        self.team_calendars
            .get(team)
            .and_then(|&i| self.calendars.get(i))
    }
}

/// A percentage with at most one decimal, as tenths.
fn pct_tenths_of(v: f64) -> Option<u64> {
    let t = (v * 10.0).round();
    (v.is_finite() && v >= 0.0 && (v * 10.0 - t).abs() < 1e-6).then_some(t as u64)
}

fn is_currency_code(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase())
}

// ---------------------------------------------------------------- loading

/// Parse an IANA zone name (exact spelling, as in the tz database).
pub fn parse_tz(name: &str) -> Option<Tz> {
    name.trim().parse::<Tz>().ok()
}

/// Line and column (1-based) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

struct Problems<'a> {
    path: &'a Path,
    text: &'a str,
    list: Vec<String>,
}

impl Problems<'_> {
    fn at(&mut self, span: std::ops::Range<usize>, key: &str, msg: impl AsRef<str>) {
        let (line, col) = line_col(self.text, span.start);
        self.list.push(format!(
            "{}:{line}:{col}: `{key}`: {}",
            self.path.display(),
            msg.as_ref()
        ));
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
    pub fn parse(path: &Path, text: &str, bytes: Vec<u8>) -> Result<Config, Failure> {
        let wire: ConfigWire = toml::from_str(text).map_err(|e| {
            let loc = e.span().map(|s| line_col(text, s.start));
            let head = match loc {
                Some((l, c)) => format!("{}:{l}:{c}", path.display()),
                None => path.display().to_string(),
            };
            Failure::config(format!(
                "cannot parse config `{}`\n  --> {head}: {}",
                path.display(),
                e.message().trim_end()
            ))
        })?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut p = Problems {
            path,
            text,
            list: Vec::new(),
        };

        let timezone = match parse_tz(wire.timezone.get_ref()) {
            Some(tz) => tz,
            None => {
                p.at(
                    wire.timezone.span(),
                    "timezone",
                    format!(
                        "unknown time zone `{}`; expected an IANA name such as `Europe/Warsaw` or `America/New_York`",
                        wire.timezone.get_ref()
                    ),
                );
                Tz::UTC
            }
        };
        let language = match &wire.language {
            None => "en".to_string(),
            Some(l) if ["en", "pl"].contains(&l.get_ref().as_str()) => l.get_ref().clone(),
            Some(l) => {
                p.at(
                    l.span(),
                    "language",
                    format!("unknown language `{}`; expected `en` or `pl`", l.get_ref()),
                );
                "en".to_string()
            }
        };
        let mut roster_columns = RosterColumns::default();
        for (field, header) in &wire.roster_columns {
            match roster_columns.field_mut(field) {
                Some(slot) => *slot = header.get_ref().clone(),
                None => p.at(
                    header.span(),
                    &format!("roster_columns.{field}"),
                    format!(
                        "unknown roster field `{field}`; expected one of {}",
                        RosterColumns::FIELDS.map(|f| format!("`{f}`")).join(", ")
                    ),
                ),
            }
        }

        let mut sources = Vec::new();
        let mut names = BTreeSet::new();
        for (i, s) in wire.sources.iter().enumerate() {
            let name = s.get_ref().name.get_ref().clone();
            if !names.insert(name.clone()) {
                p.at(
                    s.get_ref().name.span(),
                    &format!("source[{i}].name"),
                    format!("duplicate source name `{name}`"),
                );
            }
            if let Some(src) = validate_source(&mut p, i, s, &dir) {
                sources.push(src);
            }
        }
        if wire.sources.is_empty() {
            p.list.push(format!(
                "{}: no `[[source]]` defined; add at least one export source",
                path.display()
            ));
        }

        let fiscal = match &wire.fiscal {
            None => Fiscal::default(),
            Some(f) => {
                let fw = f.get_ref();
                let m = *fw.start_month.get_ref();
                if !(1..=12).contains(&m) {
                    p.at(
                        fw.start_month.span(),
                        "fiscal.start_month",
                        format!("`{m}` is not a month; expected 1..=12"),
                    );
                }
                let weeks_445 = match fw.quarters.as_ref().map(|q| q.get_ref().as_str()) {
                    None | Some("months") => false,
                    Some("4-4-5") => true,
                    Some(other) => {
                        if let Some(q) = &fw.quarters {
                            p.at(
                                q.span(),
                                "fiscal.quarters",
                                format!(
                                    "unknown quarters `{other}`; expected `months` (3 calendar months) or `4-4-5` (13 weeks)"
                                ),
                            );
                        }
                        false
                    }
                };
                Fiscal {
                    start_month: m.clamp(1, 12) as u32,
                    weeks_445,
                }
            }
        };

        let currency = wire.currency.as_ref().and_then(|c| {
            if is_currency_code(c.get_ref()) {
                Some(c.get_ref().clone())
            } else {
                p.at(
                    c.span(),
                    "currency",
                    format!(
                        "`{}` is not an ISO currency code; expected e.g. `PLN`, `USD`, `EUR`",
                        c.get_ref()
                    ),
                );
                None
            }
        });

        let mut quotas = Vec::new();
        for (i, q) in wire.quotas.iter().enumerate() {
            if let Some(plan) = validate_quota(&mut p, i, q, fiscal) {
                quotas.push(plan);
            }
        }
        for q in &quotas {
            if q.targets.iter().any(|(m, _)| *m == Metric::WonAmount)
                && q.currency.is_none()
                && currency.is_none()
                && let Some(w) = wire.quotas.get(q.order)
            {
                p.at(
                    w.span(),
                    &format!("quota[{}].currency", q.order),
                    "a `won_amount` target needs a currency: set `currency = \"PLN\"` in the plan or at the top of the config",
                );
            }
        }
        for (i, s) in wire.sources.iter().enumerate() {
            if let Some(c) = &s.get_ref().currency
                && currency.is_none()
            {
                p.at(
                    c.span(),
                    &format!("source[{i}].currency"),
                    "a `currency` column needs the top-level `currency` (the default currency of won amounts)",
                );
            }
        }

        let mut calendars: Vec<Calendar> = Vec::new();
        for (i, c) in wire.calendars.iter().enumerate() {
            let cw = c.get_ref();
            let name = cw.name.get_ref().clone();
            if calendars.iter().any(|x| x.name == name) {
                p.at(
                    cw.name.span(),
                    &format!("calendar[{i}].name"),
                    format!("duplicate calendar name `{name}`"),
                );
            }
            let mut holidays = BTreeSet::new();
            for h in &cw.holidays {
                match NaiveDate::parse_from_str(h.get_ref(), "%Y-%m-%d") {
                    Ok(d) => {
                        holidays.insert(d);
                    }
                    Err(_) => p.at(
                        h.span(),
                        &format!("calendar[{i}].holidays"),
                        format!("`{}` is not a date; expected YYYY-MM-DD", h.get_ref()),
                    ),
                }
            }
            calendars.push(Calendar { name, holidays });
        }
        let mut team_calendars = BTreeMap::new();
        for (team, cal) in &wire.team_calendars {
            match calendars.iter().position(|c| c.name == *cal.get_ref()) {
                Some(i) => {
                    team_calendars.insert(team.clone(), i);
                }
                None => p.at(
                    cal.span(),
                    &format!("team_calendars.{team}"),
                    format!(
                        "unknown calendar `{}`; define it with `[[calendar]] name = \"{}\"`",
                        cal.get_ref(),
                        cal.get_ref()
                    ),
                ),
            }
        }

        let tiers = match &wire.rewards {
            None => vec![
                Tier {
                    name: "met".into(),
                    min_tenths: 1000,
                },
                Tier {
                    name: "tier 1".into(),
                    min_tenths: 1200,
                },
                Tier {
                    name: "tier 2".into(),
                    min_tenths: 1500,
                },
            ],
            Some(r) => {
                let mut out: Vec<Tier> = Vec::new();
                for (i, t) in r.tiers.get_ref().iter().enumerate() {
                    let tw = t.get_ref();
                    match pct_tenths_of(*tw.min_pct.get_ref()) {
                        Some(min) => {
                            if out.last().is_some_and(|prev| prev.min_tenths >= min) {
                                p.at(
                                    tw.min_pct.span(),
                                    &format!("rewards.tiers[{i}].min_pct"),
                                    "tiers must be listed in increasing `min_pct`",
                                );
                            }
                            out.push(Tier {
                                name: tw.name.clone(),
                                min_tenths: min,
                            });
                        }
                        None => p.at(
                            tw.min_pct.span(),
                            &format!("rewards.tiers[{i}].min_pct"),
                            "expected a percentage ≥ 0 with at most one decimal",
                        ),
                    }
                }
                out
            }
        };

        let mut scoring = Scoring {
            weights: Vec::new(),
            cap_tenths: 2000,
        };
        if let Some(sw) = &wire.scoring {
            for (k, w) in &sw.weights {
                let v = *w.get_ref();
                let milli = (v * 1000.0).round();
                match Metric::parse(k) {
                    Some(m) if v.is_finite() && v >= 0.0 && (v * 1000.0 - milli).abs() < 1e-6 => {
                        scoring.weights.push((m, milli as u64))
                    }
                    Some(_) => p.at(
                        w.span(),
                        &format!("scoring.weights.{k}"),
                        "expected a weight ≥ 0 with at most 3 decimals",
                    ),
                    None => p.at(
                        w.span(),
                        &format!("scoring.weights.{k}"),
                        format!(
                            "unknown metric `{k}`; expected one of {}",
                            Metric::all()
                                .map(|m| format!("`{m}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ),
                }
            }
            if let Some(c) = &sw.cap_pct {
                match pct_tenths_of(*c.get_ref()) {
                    Some(t) if t > 0 => scoring.cap_tenths = t,
                    _ => p.at(
                        c.span(),
                        "scoring.cap_pct",
                        "expected a percentage > 0 with at most one decimal",
                    ),
                }
            }
        }

        let mut pacing = Pacing {
            on_track_tenths: 1000,
            at_risk_tenths: 800,
        };
        if let Some(pw) = &wire.pacing {
            for (v, key, slot) in [
                (
                    &pw.on_track_pct,
                    "pacing.on_track_pct",
                    &mut pacing.on_track_tenths,
                ),
                (
                    &pw.at_risk_pct,
                    "pacing.at_risk_pct",
                    &mut pacing.at_risk_tenths,
                ),
            ] {
                if let Some(v) = v {
                    match pct_tenths_of(*v.get_ref()) {
                        Some(t) => *slot = t,
                        None => p.at(
                            v.span(),
                            key,
                            "expected a percentage ≥ 0 with at most one decimal",
                        ),
                    }
                }
            }
            if pacing.at_risk_tenths > pacing.on_track_tenths
                && let Some(v) = &pw.at_risk_pct
            {
                p.at(
                    v.span(),
                    "pacing.at_risk_pct",
                    "must not be above `on_track_pct`",
                );
            }
        }

        let cross_dedup_window_s = wire.cross_dedup.as_ref().and_then(|c| {
            let w = &c.get_ref().window_s;
            if (1..=86_400).contains(w.get_ref()) {
                Some(*w.get_ref())
            } else {
                p.at(
                    w.span(),
                    "cross_dedup.window_s",
                    "expected whole seconds from 1 to 86400, e.g. `120`",
                );
                None
            }
        });
        if let Some(c) = &wire.cross_dedup
            && sources.iter().filter(|s| s.counterpart.is_some()).count() < 2
        {
            p.at(
                c.span(),
                "cross_dedup",
                "needs at least two sources with a `counterpart` column (the other party's phone number or email address)",
            );
        }
        if wire.cross_dedup.is_none() {
            for s in &mut sources {
                s.counterpart = None;
            }
        }

        if !p.list.is_empty() {
            let n = p.list.len();
            let mut msg = format!(
                "{n} problem{} in config `{}`",
                if n == 1 { "" } else { "s" },
                path.display()
            );
            for line in &p.list {
                let _ = write!(msg, "\n  --> {line}");
            }
            return Err(Failure::config(msg));
        }

        Ok(Config {
            path: path.to_path_buf(),
            bytes,
            company: wire.company.unwrap_or_default(),
            timezone,
            roster: dir.join(wire.roster.get_ref()),
            roster_columns,
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
        })
    }
}

/// A column mapping: the `[[source]]` key if given (`""` turns a preset's mapping off),
/// else the preset's.
fn column(own: &Option<String>, preset: Option<&'static str>) -> Option<String> {
    match own {
        Some(c) if c.trim().is_empty() => None,
        Some(c) => Some(c.clone()),
        None => preset.map(str::to_string),
    }
}

/// A config string with its span, or the preset's value (reported at the `preset` key).
fn spanned_or(
    own: Option<&Spanned<String>>,
    preset: Option<&'static str>,
    preset_span: &std::ops::Range<usize>,
) -> Option<(String, std::ops::Range<usize>)> {
    match own {
        Some(v) => Some((v.get_ref().clone(), v.span())),
        None => preset.map(|v| (v.to_string(), preset_span.clone())),
    }
}

fn validate_source(
    p: &mut Problems<'_>,
    i: usize,
    s: &Spanned<SourceWire>,
    dir: &Path,
) -> Option<Source> {
    let w = s.get_ref();
    let key = |k: &str| format!("source[{i}].{k}");
    let before = p.list.len();

    let preset = w.preset.as_ref().and_then(|n| {
        presets::find(n.get_ref()).or_else(|| {
            p.at(
                n.span(),
                &key("preset"),
                format!(
                    "unknown preset `{}`; expected one of {} (`activity-quota sources` lists them)",
                    n.get_ref(),
                    presets::names()
                ),
            );
            None
        })
    });
    if w.preset.is_some() && preset.is_none() {
        return None; // what the preset would have supplied is not missing
    }
    // preset values are reported at the `preset` key (they are covered by tests)
    let pspan = w.preset.as_ref().map_or(s.span(), |n| n.span());

    let kind = match spanned_or(w.kind.as_ref(), preset.map(|p| p.kind), &pspan) {
        Some((k, span)) => Kind::parse(&k).or_else(|| {
            p.at(
                span,
                &key("kind"),
                format!(
                    "unknown kind `{k}`; expected one of {}",
                    Kind::ALL.map(|k| format!("`{k}`")).join(", ")
                ),
            );
            None
        }),
        None => {
            p.at(
                s.span(),
                &key("kind"),
                "missing; expected e.g. `kind = \"call\"` or a `preset`",
            );
            None
        }
    };
    if w.files.get_ref().is_empty() {
        p.at(
            w.files.span(),
            &key("files"),
            "empty; list at least one path or glob",
        );
    }
    let delimiter = w
        .delimiter
        .as_ref()
        .and_then(|d| match d.get_ref().as_str() {
            "," => Some(b','),
            ";" => Some(b';'),
            "\t" | "tab" | "\\t" => Some(b'\t'),
            "|" => Some(b'|'),
            other => {
                p.at(
                    d.span(),
                    &key("delimiter"),
                    format!("unsupported delimiter `{other}`; expected `,`, `;`, `tab` or `|`"),
                );
                None
            }
        });
    let encoding = w.encoding.as_ref().and_then(|e| {
        let label = e.get_ref().trim().to_ascii_lowercase();
        let label = match label.as_str() {
            "cp1250" => "windows-1250",
            "cp1252" => "windows-1252",
            other => other,
        };
        encoding_rs::Encoding::for_label(label.as_bytes()).or_else(|| {
            p.at(
                e.span(),
                &key("encoding"),
                format!(
                    "unknown encoding `{}`; expected e.g. `utf-8`, `windows-1250`, `windows-1252`",
                    e.get_ref()
                ),
            );
            None
        })
    });
    let rep_w = w.rep.as_ref().map(|r| r.get_ref());
    let rep_column = column(
        &rep_w.and_then(|r| r.column.clone()),
        preset.map(|p| p.rep.0),
    );
    let rep_field = spanned_or(
        rep_w.and_then(|r| r.field.as_ref()),
        preset.map(|p| p.rep.1),
        &pspan,
    );
    let rep = match (rep_column, rep_field) {
        (Some(c), Some((f, span))) => {
            let parsed = IdField::parse(&f);
            if parsed.is_none() {
                p.at(
                    span,
                    &key("rep.match"),
                    format!(
                        "unknown roster field `{f}`; expected one of {}",
                        IdField::ALL.map(|f| format!("`{}`", f.as_str())).join(", ")
                    ),
                );
            }
            parsed.map(|f| (c, f))
        }
        _ => {
            p.at(
                w.rep.as_ref().map_or(s.span(), |r| r.span()),
                &key("rep"),
                "missing; expected e.g. `rep = { column = \"user_email\", match = \"email\" }`",
            );
            None
        }
    };
    let ts_w = w.timestamp.as_ref().map(|t| t.get_ref());
    let ts_span = w.timestamp.as_ref().map_or(s.span(), |t| t.span());
    let ts_column = column(
        &ts_w.and_then(|t| t.column.clone()),
        preset.map(|p| p.timestamp.0),
    );
    let ts_time_column = match ts_w.and_then(|t| t.time_column.clone()) {
        Some(c) if c.trim().is_empty() => None,
        Some(c) => Some(c),
        None => preset.and_then(|p| p.time_column).map(str::to_string),
    };
    let format = spanned_or(
        ts_w.and_then(|t| t.format.as_ref()),
        preset.map(|p| p.timestamp.1),
        &pspan,
    )
    .and_then(|(f, span)| {
        TimeFormat::parse_spec(&f)
            .map_err(|e| p.at(span, &key("timestamp.format"), e.to_string()))
            .ok()
    });
    let zone = spanned_or(
        ts_w.and_then(|t| t.zone.as_ref()),
        preset.map(|p| p.timestamp.2),
        &pspan,
    )
    .and_then(|(z, span)| match z.as_str() {
        "UTC" | "utc" => Some(Zone::Utc),
        "rep" => Some(Zone::Rep),
        "offset" => Some(Zone::Offset),
        name => match parse_tz(name) {
            Some(tz) => Some(Zone::Fixed(tz)),
            None => {
                p.at(
                    span,
                    &key("timestamp.zone"),
                    format!(
                        "unknown zone `{name}`; expected `UTC`, `rep` (the rep's local time), `offset` (each value carries its offset) or an IANA name such as `Europe/Warsaw`"
                    ),
                );
                None
            }
        },
    });
    let ts = match (ts_column, format, zone) {
        (Some(c), Some(f), Some(z)) => Some((c, ts_time_column, f, z)),
        (None, ..) => {
            p.at(
                ts_span,
                &key("timestamp"),
                "missing; expected e.g. `timestamp = { column = \"started_at\", format = \"iso8601\", zone = \"UTC\" }`",
            );
            None
        }
        _ if ts_w.is_some_and(|t| t.format.is_none() || t.zone.is_none()) && preset.is_none() => {
            p.at(
                ts_span,
                &key("timestamp"),
                "needs `column`, `format` and `zone`, e.g. `{ column = \"started_at\", format = \"iso8601\", zone = \"UTC\" }`",
            );
            None
        }
        _ => None,
    };
    let dur_w = w.duration.as_ref().map(|d| d.get_ref());
    let duration = match column(
        &dur_w.and_then(|d| d.column.clone()),
        preset.and_then(|p| p.duration.map(|d| d.0)),
    ) {
        None => None,
        Some(c) => {
            let unit = match spanned_or(
                dur_w.and_then(|d| d.unit.as_ref()),
                preset.and_then(|p| p.duration.map(|d| d.1)),
                &pspan,
            ) {
                None => Some(DurationUnit::Auto),
                Some((u, span)) => DurationUnit::parse_spec(&u)
                    .map_err(|e| p.at(span, &key("duration.unit"), e.to_string()))
                    .ok(),
            };
            unit.map(|u| (c, u))
        }
    };
    let direction = column(&w.direction, preset.and_then(|p| p.direction));
    let outcome = column(&w.outcome, preset.and_then(|p| p.outcome));
    let external_id = column(&w.external_id, preset.and_then(|p| p.external_id));
    let amount = column(&w.amount, preset.and_then(|p| p.amount));
    let count = w.count.as_ref();
    let list = |own: Option<&Vec<String>>, pre: Option<&'static [&'static str]>| -> Vec<String> {
        match own {
            Some(v) => v.clone(),
            None => pre.unwrap_or(&[]).iter().map(|s| s.to_string()).collect(),
        }
    };
    let pc = preset.map(|p| &p.count);
    let min_duration_ms = match count.and_then(|c| c.min_duration_s.as_ref()) {
        Some(m) => {
            let v = *m.get_ref();
            if v.is_finite() && v >= 0.0 {
                Some((v * 1000.0).round() as i64)
            } else {
                p.at(
                    m.span(),
                    &key("count.min_duration_s"),
                    "expected a number of seconds ≥ 0",
                );
                None
            }
        }
        None => pc
            .and_then(|c| c.min_duration_s)
            .map(|v| (v * 1000.0).round() as i64),
    };
    let rules = Rules {
        direction: list(
            count.and_then(|c| c.direction.as_ref()),
            pc.map(|c| c.direction),
        ),
        outcome: list(
            count.and_then(|c| c.outcome.as_ref()),
            pc.map(|c| c.outcome),
        ),
        exclude_direction: list(
            count.and_then(|c| c.exclude_direction.as_ref()),
            pc.map(|c| c.exclude_direction),
        ),
        exclude_outcome: list(
            count.and_then(|c| c.exclude_outcome.as_ref()),
            pc.map(|c| c.exclude_outcome),
        ),
        min_duration_ms,
    };
    if (!rules.direction.is_empty() || !rules.exclude_direction.is_empty()) && direction.is_none() {
        p.at(
            s.span(),
            &key("count.direction"),
            "a direction rule needs a `direction` column; set `direction = \"<column>\"`",
        );
    }
    if (!rules.outcome.is_empty() || !rules.exclude_outcome.is_empty()) && outcome.is_none() {
        p.at(
            s.span(),
            &key("count.outcome"),
            "an outcome rule needs an `outcome` column; set `outcome = \"<column>\"`",
        );
    }
    if rules.min_duration_ms.is_some() && duration.is_none() {
        p.at(
            s.span(),
            &key("count.min_duration_s"),
            "a duration rule needs a `duration` column; set `duration = { column = \"<column>\", unit = \"seconds\" }`",
        );
    }
    let dedup = match &w.dedup {
        None if external_id.is_some() => Some(Dedup::ExternalId),
        None => Some(Dedup::ExactRow),
        Some(d) => match d.get_ref().as_str() {
            "external_id" if external_id.is_some() => Some(Dedup::ExternalId),
            "external_id" => {
                p.at(
                    d.span(),
                    &key("dedup"),
                    "`external_id` needs an `external_id` column",
                );
                None
            }
            "exact" => Some(Dedup::ExactRow),
            "none" => Some(Dedup::None),
            other => {
                p.at(
                    d.span(),
                    &key("dedup"),
                    format!("unknown mode `{other}`; expected `external_id`, `exact` or `none`"),
                );
                None
            }
        },
    };
    let opportunity = match &w.opportunity {
        None => OppRole::Created,
        Some(o) => match o.get_ref().as_str() {
            "created" => OppRole::Created,
            "won" => OppRole::Won,
            other => {
                p.at(
                    o.span(),
                    &key("opportunity"),
                    format!("unknown value `{other}`; expected `created` or `won`"),
                );
                OppRole::Created
            }
        },
    };
    if kind.is_some_and(|k| k != Kind::Opportunity) {
        let spans = [
            w.opportunity.as_ref().map(|v| (v.span(), "opportunity")),
            w.currency.as_ref().map(|v| (v.span(), "currency")),
            w.units.as_ref().map(|v| (v.span(), "units")),
            w.new_customer.as_ref().map(|v| (v.span(), "new_customer")),
        ];
        for (span, k) in spans.into_iter().flatten() {
            p.at(
                span,
                &key(k),
                "only an opportunity source (`kind = \"opportunity\"`) has this key",
            );
        }
    }
    if p.list.len() != before {
        return None;
    }
    let (rep_column, rep_field) = rep?;
    let (ts_column, ts_time_column, ts_format, ts_zone) = ts?;
    Some(Source {
        name: w.name.get_ref().clone(),
        preset,
        kind: kind?,
        files: w.files.get_ref().iter().map(|f| dir.join(f)).collect(),
        delimiter,
        encoding,
        rep_column,
        rep_field,
        ts_column,
        ts_time_column,
        ts_format,
        ts_zone,
        duration,
        direction,
        outcome,
        external_id,
        amount,
        decimal_comma: w.decimal_comma.unwrap_or(false),
        rules,
        dedup: dedup?,
        opportunity,
        currency: w.currency.as_ref().map(|c| c.get_ref().clone()),
        units: w.units.as_ref().map(|c| c.get_ref().clone()),
        new_customer: w
            .new_customer
            .as_ref()
            .map(|n| (n.get_ref().column.clone(), n.get_ref().values.clone())),
        skip_lines: w.skip_lines,
        no_user: match &w.no_user {
            Some(v) => v.clone(),
            None => preset
                .map(|p| p.no_user.iter().map(|s| s.to_string()).collect())
                .unwrap_or_default(),
        },
        counterpart: column(&w.counterpart, preset.and_then(|p| p.counterpart)),
    })
}

fn validate_quota(
    p: &mut Problems<'_>,
    i: usize,
    q: &Spanned<QuotaWire>,
    fiscal: Fiscal,
) -> Option<QuotaPlan> {
    let w = q.get_ref();
    let key = |k: &str| format!("quota[{i}].{k}");
    let before = p.list.len();
    let period = PeriodKind::parse_with(w.period.get_ref(), fiscal);
    if period.is_none() {
        p.at(
            w.period.span(),
            &key("period"),
            format!(
                "unknown period `{}`; expected `week`, `month`, `quarter`, `year`, `fiscal_quarter` or `fiscal_year`",
                w.period.get_ref()
            ),
        );
    }
    let mut date = |v: &Option<Spanned<String>>, k: &str| {
        v.as_ref().and_then(|d| {
            NaiveDate::parse_from_str(d.get_ref(), "%Y-%m-%d")
                .map_err(|_| {
                    p.at(
                        d.span(),
                        &key(k),
                        format!("`{}` is not a date; expected YYYY-MM-DD", d.get_ref()),
                    )
                })
                .ok()
        })
    };
    let from = date(&w.from, "from");
    let until = date(&w.until, "until");
    if let (Some(f), Some(u)) = (from, until)
        && u < f
    {
        p.at(
            q.span(),
            &key("until"),
            format!("`until` {u} is before `from` {f}"),
        );
    }
    let tenure_weeks = w.tenure_weeks.as_ref().and_then(|t| match t.get_ref()[..] {
        [a, b] if a >= 1 && b >= a => Some((a as u32, b as u32)),
        _ => {
            p.at(
                t.span(),
                &key("tenure_weeks"),
                "expected `[first, last]` tenure weeks, 1 ≤ first ≤ last (week 1 = the week of the hire date)",
            );
            None
        }
    });
    let currency = w.currency.as_ref().and_then(|c| {
        if is_currency_code(c.get_ref()) {
            Some(c.get_ref().clone())
        } else {
            p.at(
                c.span(),
                &key("currency"),
                format!(
                    "`{}` is not an ISO currency code; expected e.g. `PLN`, `USD`, `EUR`",
                    c.get_ref()
                ),
            );
            None
        }
    });
    let mut targets = Vec::new();
    for (k, v) in w.targets.get_ref() {
        let tkey = key(&format!("targets.{k}"));
        let Some(metric) = Metric::parse(k) else {
            p.at(
                v.span(),
                &tkey,
                format!(
                    "unknown metric `{k}`; expected one of {}",
                    Metric::all()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            continue;
        };
        let value = match (v.get_ref(), metric.is_decimal()) {
            (toml::Value::Integer(n), false) if *n >= 0 => Some(*n as u64),
            (toml::Value::Integer(n), true) if *n >= 0 => (*n as u64).checked_mul(10_000),
            (toml::Value::Float(f), true) => {
                crate::normalise::amount::parse_amount(&f.to_string(), false)
                    .ok()
                    .and_then(|a| u64::try_from(a).ok())
            }
            (toml::Value::String(t), true) => crate::normalise::amount::parse_amount(t, false)
                .ok()
                .and_then(|a| u64::try_from(a).ok()),
            _ => None,
        };
        match value {
            Some(t) => targets.push((metric, t)),
            None => p.at(
                v.span(),
                &tkey,
                if metric.is_decimal() {
                    "expected an amount ≥ 0, e.g. `50000` or `\"50000.00\"`"
                } else {
                    "expected a whole number ≥ 0"
                },
            ),
        }
    }
    if w.targets.get_ref().is_empty() {
        p.at(
            w.targets.span(),
            &key("targets"),
            "empty; set at least one target, e.g. `{ call = 150 }`",
        );
    }
    if p.list.len() != before {
        return None;
    }
    targets.sort();
    Some(QuotaPlan {
        name: w.name.clone().unwrap_or_else(|| format!("quota[{i}]")),
        selector: Selector {
            rep: w.rep.clone(),
            team: w.team.clone(),
            role: w.role.clone(),
        },
        period: period?,
        from,
        until,
        targets,
        order: i,
        tenure_weeks,
        currency,
    })
}
