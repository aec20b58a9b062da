//! The wire types: the config file exactly as serde reads it, before validation.
//!
//! Every field is as loose as the TOML allows (`deny_unknown_fields`, values that a
//! check will parse are `Spanned<String>`), so that reading never stops at the first
//! problem and each problem can name its line and column.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

/// The whole file (top-level keys and sections).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConfigWire {
    pub(crate) company: Option<String>,
    pub(crate) timezone: Spanned<String>,
    pub(crate) roster: Spanned<RosterWire>,
    #[serde(default)]
    pub(crate) roster_columns: BTreeMap<String, Spanned<String>>,
    pub(crate) language: Option<Spanned<String>>,
    pub(crate) excel: Option<bool>,
    #[serde(default, rename = "source")]
    pub(crate) sources: Vec<Spanned<SourceWire>>,
    #[serde(default, rename = "quota")]
    pub(crate) quotas: Vec<Spanned<QuotaWire>>,
    pub(crate) fiscal: Option<Spanned<FiscalWire>>,
    pub(crate) currency: Option<Spanned<String>>,
    pub(crate) absences: Option<Spanned<String>>,
    #[serde(default, rename = "calendar")]
    pub(crate) calendars: Vec<Spanned<CalendarWire>>,
    #[serde(default)]
    pub(crate) team_calendars: BTreeMap<String, Spanned<String>>,
    pub(crate) rewards: Option<RewardsWire>,
    pub(crate) scoring: Option<ScoringWire>,
    pub(crate) pacing: Option<PacingWire>,
    pub(crate) cross_dedup: Option<Spanned<CrossDedupWire>>,
    pub(crate) gates: Option<super::gates::GatesWire>,
    #[serde(default)]
    pub(crate) teams: BTreeMap<String, TeamWire>,
}

/// `roster = "roster.csv"`, or a `[roster]` table with the file and how HR writes it.
pub(crate) enum RosterWire {
    File(String),
    Table(RosterTableWire),
}

impl<'de> Deserialize<'de> for RosterWire {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> serde::de::Visitor<'de> for Either {
            type Value = RosterWire;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a file name or a table, e.g. \"roster.csv\" or { file = \"roster.csv\" }",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RosterWire, E> {
                Ok(RosterWire::File(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, m: A) -> Result<RosterWire, A::Error> {
                RosterTableWire::deserialize(serde::de::value::MapAccessDeserializer::new(m))
                    .map(RosterWire::Table)
            }
        }
        d.deserialize_any(Either)
    }
}

/// `[roster]`: the roster file and how it is written (`[roster.zones]`: location → zone).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RosterTableWire {
    pub(crate) file: Spanned<String>,
    pub(crate) date_format: Option<Spanned<String>>,
    pub(crate) encoding: Option<Spanned<String>>,
    pub(crate) zone_column: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) zones: BTreeMap<String, Spanned<String>>,
    pub(crate) identities: Option<Spanned<String>>,
}

/// `[cross_dedup]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CrossDedupWire {
    pub(crate) window_s: Spanned<i64>,
    pub(crate) default_country: Option<Spanned<String>>,
}

/// One `[teams.NAME]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TeamWire {
    pub(crate) currency: Option<Spanned<String>>,
    pub(crate) country: Option<Spanned<String>>,
}

/// `[fiscal]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FiscalWire {
    pub(crate) start_month: Spanned<i64>,
    pub(crate) quarters: Option<Spanned<String>>,
}

/// One `[[calendar]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CalendarWire {
    pub(crate) name: Spanned<String>,
    #[serde(default)]
    pub(crate) holidays: Vec<Spanned<String>>,
}

/// `[rewards]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RewardsWire {
    pub(crate) tiers: Spanned<Vec<Spanned<TierWire>>>,
}

/// One entry of `[rewards] tiers`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TierWire {
    pub(crate) name: String,
    pub(crate) min_pct: Spanned<f64>,
}

/// `[scoring]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScoringWire {
    #[serde(default)]
    pub(crate) weights: BTreeMap<String, Spanned<f64>>,
    pub(crate) cap_pct: Option<Spanned<f64>>,
}

/// `[pacing]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PacingWire {
    pub(crate) on_track_pct: Option<Spanned<f64>>,
    pub(crate) at_risk_pct: Option<Spanned<f64>>,
}

/// One `[[source]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SourceWire {
    pub(crate) name: Spanned<String>,
    pub(crate) preset: Option<Spanned<String>>,
    pub(crate) kind: Option<Spanned<String>>,
    pub(crate) files: Spanned<Vec<String>>,
    pub(crate) delimiter: Option<Spanned<String>>,
    pub(crate) encoding: Option<Spanned<String>>,
    pub(crate) rep: Option<Spanned<RepWire>>,
    pub(crate) timestamp: Option<Spanned<TimestampWire>>,
    pub(crate) duration: Option<Spanned<DurationWire>>,
    pub(crate) direction: Option<String>,
    pub(crate) outcome: Option<String>,
    pub(crate) external_id: Option<String>,
    pub(crate) amount: Option<String>,
    pub(crate) decimal_comma: Option<bool>,
    pub(crate) count: Option<CountWire>,
    pub(crate) dedup: Option<Spanned<String>>,
    pub(crate) skip_lines: Option<usize>,
    pub(crate) opportunity: Option<Spanned<String>>,
    pub(crate) currency: Option<Spanned<String>>,
    pub(crate) units: Option<Spanned<String>>,
    pub(crate) new_customer: Option<Spanned<NewCustomerWire>>,
    pub(crate) no_user: Option<Vec<String>>,
    pub(crate) counterpart: Option<String>,
    /// A workbook's sheet (`sources::excel`).
    pub(crate) sheet: Option<Spanned<String>>,
    /// An archive's members, a glob (`sources::archive`).
    pub(crate) member: Option<Spanned<String>>,
}

/// `[[source]] new_customer = { column, values }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewCustomerWire {
    pub(crate) column: String,
    pub(crate) values: Vec<String>,
}

/// `[[source]] rep = { column, match }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RepWire {
    pub(crate) column: Option<String>,
    #[serde(rename = "match")]
    pub(crate) field: Option<Spanned<String>>,
}

/// `[[source]] timestamp = { column, time_column, format, zone }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TimestampWire {
    pub(crate) column: Option<String>,
    pub(crate) time_column: Option<String>,
    pub(crate) format: Option<Spanned<String>>,
    pub(crate) zone: Option<Spanned<String>>,
}

/// `[[source]] duration = { column, unit }`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DurationWire {
    pub(crate) column: Option<String>,
    #[serde(default)]
    pub(crate) unit: Option<Spanned<String>>,
}

/// `[[source]] count = { … }`: the counting rules.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct CountWire {
    pub(crate) direction: Option<Vec<String>>,
    pub(crate) outcome: Option<Vec<String>>,
    pub(crate) exclude_direction: Option<Vec<String>>,
    pub(crate) exclude_outcome: Option<Vec<String>>,
    pub(crate) min_duration_s: Option<Spanned<f64>>,
}

/// One `[[quota]]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct QuotaWire {
    pub(crate) name: Option<String>,
    pub(crate) rep: Option<Spanned<OneOrMany>>,
    pub(crate) team: Option<String>,
    pub(crate) role: Option<String>,
    pub(crate) period: Spanned<String>,
    pub(crate) from: Option<Spanned<String>>,
    pub(crate) until: Option<Spanned<String>>,
    pub(crate) targets: Spanned<BTreeMap<String, Spanned<toml::Value>>>,
    pub(crate) tenure_weeks: Option<Spanned<Vec<i64>>>,
    pub(crate) currency: Option<Spanned<String>>,
}

/// `rep = "E1"` or `rep = ["E1", "E2"]`.
pub(crate) struct OneOrMany(pub(crate) Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> serde::de::Visitor<'de> for Either {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a rep_id or a list of them, e.g. \"E1\" or [\"E1\", \"E2\"]")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut s: A,
            ) -> Result<OneOrMany, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = s.next_element::<String>()? {
                    v.push(x);
                }
                Ok(OneOrMany(v))
            }
        }
        d.deserialize_any(Either)
    }
}
