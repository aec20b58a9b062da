//! The organisation-wide sections: `timezone`, `language`, `roster_columns`, `[fiscal]`,
//! `currency`, `[[calendar]]` with `team_calendars`, `[rewards]`, `[scoring]` and
//! `[pacing]`: their validated types and one check per section.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use chrono_tz::Tz;
use toml::Spanned;

use crate::{
    calendar::Calendar,
    config::{
        problems::Problems,
        wire::{CalendarWire, FiscalWire, PacingWire, RewardsWire, ScoringWire},
    },
    model::Metric,
    period::Fiscal,
};

/// A reward tier: reached at `min_pct` % attainment or more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Tier {
    pub(crate) name: String,
    /// Minimum attainment in tenths of a percent.
    pub(crate) min_tenths: u64,
}

/// Composite score: weighted mean of per-metric attainment, each capped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Scoring {
    /// Weights in thousandths; empty = every metric with a target weighs 1.
    pub(crate) weights: Vec<(Metric, u64)>,
    /// Cap on each metric's attainment, tenths of a percent.
    pub(crate) cap_tenths: u64,
}

/// Pacing thresholds (projected end-of-period attainment, tenths of a percent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Pacing {
    pub(crate) on_track_tenths: u64,
    pub(crate) at_risk_tenths: u64,
}

/// Names of the roster columns, by field.
#[derive(Clone, Debug)]
pub struct RosterColumns {
    pub(crate) rep_id: String,
    pub(crate) full_name: String,
    pub(crate) email: String,
    pub(crate) phone_extension: String,
    pub(crate) social_handle: String,
    pub(crate) time_zone: String,
    pub(crate) team: String,
    pub(crate) role: String,
    pub(crate) hire_date: String,
    pub(crate) exit_date: String,
    pub(crate) country: String,
}

impl RosterColumns {
    pub(crate) const FIELDS: [&'static str; 11] = [
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
        "country",
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
            "country" => &mut self.country,
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
            country: "country".into(),
        }
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

/// Parse an IANA zone name (exact spelling, as in the tz database).
pub(crate) fn parse_tz(name: &str) -> Option<Tz> {
    name.trim().parse::<Tz>().ok()
}

/// `timezone`: the organisation's zone (UTC after a problem, so that checking goes on).
pub(crate) fn check_timezone(p: &mut Problems<'_>, tz: &Spanned<String>) -> Tz {
    match parse_tz(tz.get_ref()) {
        Some(tz) => tz,
        None => {
            p.at(
                tz.span(),
                "timezone",
                format!(
                    "unknown time zone `{}`; expected an IANA name such as `Europe/Warsaw` or `America/New_York`",
                    tz.get_ref()
                ),
            );
            Tz::UTC
        }
    }
}

/// `language`: `en` (the default) or `pl`.
pub(crate) fn check_language(p: &mut Problems<'_>, language: Option<&Spanned<String>>) -> String {
    match language {
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
    }
}

/// `roster_columns`: roster field → the header naming it in the roster file.
pub(crate) fn check_roster_columns(
    p: &mut Problems<'_>,
    wire: &BTreeMap<String, Spanned<String>>,
) -> RosterColumns {
    let mut roster_columns = RosterColumns::default();
    for (field, header) in wire {
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
    roster_columns
}

/// `[fiscal]`: the first month of the fiscal year and the shape of its quarters.
pub(crate) fn check_fiscal(p: &mut Problems<'_>, fiscal: Option<&Spanned<FiscalWire>>) -> Fiscal {
    let Some(f) = fiscal else {
        return Fiscal::default();
    };
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

/// An ISO currency code under `key` (the top-level `currency`, or a plan's).
pub(crate) fn check_currency(
    p: &mut Problems<'_>,
    c: &Spanned<String>,
    key: &str,
) -> Option<String> {
    if is_currency_code(c.get_ref()) {
        Some(c.get_ref().clone())
    } else {
        p.at(
            c.span(),
            key,
            format!(
                "`{}` is not an ISO currency code; expected e.g. `PLN`, `USD`, `EUR`",
                c.get_ref()
            ),
        );
        None
    }
}

/// `[[calendar]]` (named holiday sets) and `team_calendars` (team → calendar name);
/// the map holds indexes into the calendars.
pub(crate) fn check_calendars(
    p: &mut Problems<'_>,
    wire: &[Spanned<CalendarWire>],
    teams: &BTreeMap<String, Spanned<String>>,
) -> (Vec<Calendar>, BTreeMap<String, usize>) {
    let mut calendars: Vec<Calendar> = Vec::new();
    for (i, c) in wire.iter().enumerate() {
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
    for (team, cal) in teams {
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
    (calendars, team_calendars)
}

/// `[rewards] tiers`, in increasing `min_pct`; without the section: met 100 %, tier 1
/// 120 %, tier 2 150 %.
pub(crate) fn check_rewards(p: &mut Problems<'_>, rewards: Option<&RewardsWire>) -> Vec<Tier> {
    let Some(r) = rewards else {
        return vec![
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
        ];
    };
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

/// `[scoring]`: metric weights (thousandths) and the cap on each metric (default 200 %).
pub(crate) fn check_scoring(p: &mut Problems<'_>, scoring_w: Option<&ScoringWire>) -> Scoring {
    let mut scoring = Scoring {
        weights: Vec::new(),
        cap_tenths: 2000,
    };
    let Some(sw) = scoring_w else {
        return scoring;
    };
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
                Metric::unknown(k),
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
    scoring
}

/// `[pacing]`: on-track and at-risk thresholds (default 100 % and 80 %).
pub(crate) fn check_pacing(p: &mut Problems<'_>, pacing_w: Option<&PacingWire>) -> Pacing {
    let mut pacing = Pacing {
        on_track_tenths: 1000,
        at_risk_tenths: 800,
    };
    let Some(pw) = pacing_w else {
        return pacing;
    };
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
    pacing
}
