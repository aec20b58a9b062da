//! The checks of one `[[source]]`'s keys, in the order [`super::check_source`] calls
//! them: kind, delimiter, encoding, rep, timestamp (format, zone), duration, count
//! rules, de-duplication, opportunity keys. Each reports its problems and returns the
//! validated value (`None` after a problem); a preset's values fill in absent keys.

use super::{Ctx, Dedup, IdField, OppRole, Rules, Zone, column, list_or, spanned_or};
use crate::{
    config::{org::parse_tz, problems::Problems, wire::TimestampWire},
    model::Kind,
    normalise::{duration::DurationUnit, time::TimeFormat},
    sources::presets,
};

impl Ctx<'_> {
    /// `kind`, or the preset's.
    pub(super) fn kind(&self, p: &mut Problems<'_>) -> Option<Kind> {
        match spanned_or(
            self.w.kind.as_ref(),
            self.preset.map(|p| p.kind),
            &self.pspan,
        ) {
            Some((k, span)) => Kind::parse(&k).or_else(|| {
                p.at(
                    span,
                    &self.key("kind"),
                    format!(
                        "unknown kind `{k}`; expected one of {}",
                        Kind::ALL.map(|k| format!("`{k}`")).join(", ")
                    ),
                );
                None
            }),
            None => {
                p.at(
                    self.span.clone(),
                    &self.key("kind"),
                    "missing; expected e.g. `kind = \"call\"` or a `preset`",
                );
                None
            }
        }
    }

    /// `delimiter`: `,`, `;`, tab or `|` (sniffed from the file when absent).
    pub(super) fn delimiter(&self, p: &mut Problems<'_>) -> Option<u8> {
        self.w
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
                        &self.key("delimiter"),
                        format!("unsupported delimiter `{other}`; expected `,`, `;`, `tab` or `|`"),
                    );
                    None
                }
            })
    }

    /// `encoding`: a WHATWG label (`cp1250`/`cp1252` accepted as aliases).
    pub(super) fn encoding(&self, p: &mut Problems<'_>) -> Option<&'static encoding_rs::Encoding> {
        self.w.encoding.as_ref().and_then(|e| {
            crate::sources::decode::encoding_for_label(e.get_ref()).or_else(|| {
                p.at(
                    e.span(),
                    &self.key("encoding"),
                    crate::sources::decode::unknown_encoding(e.get_ref()),
                );
                None
            })
        })
    }

    /// `rep = { column, match }`: the rep column and the roster field it holds.
    pub(super) fn rep(&self, p: &mut Problems<'_>) -> Option<(String, IdField)> {
        let (w, preset) = (self.w, self.preset);
        let rep_w = w.rep.as_ref().map(|r| r.get_ref());
        let rep_column = column(
            &rep_w.and_then(|r| r.column.clone()),
            preset.and_then(|p| p.rep.get(self.rep_choice)).map(|r| r.0),
        );
        let rep_field = spanned_or(
            rep_w.and_then(|r| r.field.as_ref()),
            preset.and_then(|p| p.rep.get(self.rep_choice)).map(|r| r.1),
            &self.pspan,
        );
        match (rep_column, rep_field) {
            (Some(c), Some((f, span))) => {
                let parsed = IdField::parse(&f);
                if parsed.is_none() {
                    p.at(
                        span,
                        &self.key("rep.match"),
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
                    w.rep.as_ref().map_or(self.span.clone(), |r| r.span()),
                    &self.key("rep"),
                    "missing; expected e.g. `rep = { column = \"user_email\", match = \"email\" }`",
                );
                None
            }
        }
    }

    /// `timestamp = { column, time_column, format, zone }`.
    pub(super) fn timestamp(
        &self,
        p: &mut Problems<'_>,
    ) -> Option<(String, Option<String>, TimeFormat, Zone)> {
        let preset = self.preset;
        let ts_w = self.w.timestamp.as_ref().map(|t| t.get_ref());
        let ts_span = self
            .w
            .timestamp
            .as_ref()
            .map_or(self.span.clone(), |t| t.span());
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
            &self.pspan,
        )
        .and_then(|(f, span)| {
            TimeFormat::parse_spec(&f)
                .map_err(|e| p.at(span, &self.key("timestamp.format"), e.to_string()))
                .ok()
        });
        let zone = self.zone(p, ts_w);
        match (ts_column, format, zone) {
            (Some(c), Some(f), Some(z)) => Some((c, ts_time_column, f, z)),
            (None, ..) => {
                p.at(
                    ts_span,
                    &self.key("timestamp"),
                    "missing; expected e.g. `timestamp = { column = \"started_at\", format = \"iso8601\", zone = \"UTC\" }`",
                );
                None
            }
            _ if ts_w.is_some_and(|t| t.format.is_none() || t.zone.is_none())
                && preset.is_none() =>
            {
                p.at(
                    ts_span,
                    &self.key("timestamp"),
                    "needs `column`, `format` and `zone`, e.g. `{ column = \"started_at\", format = \"iso8601\", zone = \"UTC\" }`",
                );
                None
            }
            _ => None,
        }
    }

    /// `timestamp.zone`: `UTC`, `rep`, `offset` or an IANA name.
    pub(super) fn zone(&self, p: &mut Problems<'_>, ts_w: Option<&TimestampWire>) -> Option<Zone> {
        spanned_or(
            ts_w.and_then(|t| t.zone.as_ref()),
            self.preset.map(|p| p.timestamp.2),
            &self.pspan,
        )
        .and_then(|(z, span)| match z.as_str() {
            "UTC" | "utc" => Some(Zone::Utc),
            "rep" => Some(Zone::Rep),
            // a preset's word for "the zone of whoever exported the file": the
            // company's zone until the source says (a warning asks it to)
            presets::EXPORTER if self.preset.is_some() && ts_w.and_then(|t| t.zone.as_ref()).is_none() => {
                Some(Zone::Fixed(self.company_tz))
            }
            "offset" => Some(Zone::Offset),
            name => match parse_tz(name) {
                Some(tz) => Some(Zone::Fixed(tz)),
                None => {
                    p.at(
                        span,
                        &self.key("timestamp.zone"),
                        format!(
                            "unknown zone `{name}`; expected `UTC`, `rep` (the rep's local time), `offset` (each value carries its offset) or an IANA name such as `Europe/Warsaw`"
                        ),
                    );
                    None
                }
            },
        })
    }

    /// `duration = { column, unit }` (unit `auto` when absent).
    pub(super) fn duration(&self, p: &mut Problems<'_>) -> Option<(String, DurationUnit)> {
        let preset = self.preset;
        let dur_w = self.w.duration.as_ref().map(|d| d.get_ref());
        let c = column(
            &dur_w.and_then(|d| d.column.clone()),
            preset.and_then(|p| p.duration.map(|d| d.0)),
        )?;
        let unit = match spanned_or(
            dur_w.and_then(|d| d.unit.as_ref()),
            preset.and_then(|p| p.duration.map(|d| d.1)),
            &self.pspan,
        ) {
            None => Some(DurationUnit::Auto),
            Some((u, span)) => DurationUnit::parse_spec(&u)
                .map_err(|e| p.at(span, &self.key("duration.unit"), e.to_string()))
                .ok(),
        };
        unit.map(|u| (c, u))
    }

    /// `[source.count]`: the counting rules (or the preset's), each needing its column.
    pub(super) fn rules(
        &self,
        p: &mut Problems<'_>,
        direction: &Option<String>,
        outcome: &Option<String>,
        has_duration: bool,
    ) -> Rules {
        let count = self.w.count.as_ref();
        let pc = self.preset.map(|p| &p.count);
        let rules = Rules {
            direction: list_or(
                count.and_then(|c| c.direction.as_ref()),
                pc.map(|c| c.direction),
            ),
            outcome: list_or(
                count.and_then(|c| c.outcome.as_ref()),
                pc.map(|c| c.outcome),
            ),
            exclude_direction: list_or(
                count.and_then(|c| c.exclude_direction.as_ref()),
                pc.map(|c| c.exclude_direction),
            ),
            exclude_outcome: list_or(
                count.and_then(|c| c.exclude_outcome.as_ref()),
                pc.map(|c| c.exclude_outcome),
            ),
            min_duration_ms: self.min_duration(p),
        };
        if (!rules.direction.is_empty() || !rules.exclude_direction.is_empty())
            && direction.is_none()
        {
            p.at(
                self.span.clone(),
                &self.key("count.direction"),
                "a direction rule needs a `direction` column; set `direction = \"<column>\"`",
            );
        }
        if (!rules.outcome.is_empty() || !rules.exclude_outcome.is_empty()) && outcome.is_none() {
            p.at(
                self.span.clone(),
                &self.key("count.outcome"),
                "an outcome rule needs an `outcome` column; set `outcome = \"<column>\"`",
            );
        }
        if rules.min_duration_ms.is_some() && !has_duration {
            p.at(
                self.span.clone(),
                &self.key("count.min_duration_s"),
                "a duration rule needs a `duration` column; set `duration = { column = \"<column>\", unit = \"seconds\" }`",
            );
        }
        rules
    }

    /// `count.min_duration_s` (or the preset's), in milliseconds.
    pub(super) fn min_duration(&self, p: &mut Problems<'_>) -> Option<i64> {
        match self
            .w
            .count
            .as_ref()
            .and_then(|c| c.min_duration_s.as_ref())
        {
            Some(m) => {
                let v = *m.get_ref();
                if v.is_finite() && v >= 0.0 {
                    Some((v * 1000.0).round() as i64)
                } else {
                    p.at(
                        m.span(),
                        &self.key("count.min_duration_s"),
                        "expected a number of seconds ≥ 0",
                    );
                    None
                }
            }
            None => self
                .preset
                .and_then(|p| p.count.min_duration_s)
                .map(|v| (v * 1000.0).round() as i64),
        }
    }

    /// `dedup`: by external id when there is an `external_id` column, else exact rows.
    pub(super) fn dedup(&self, p: &mut Problems<'_>, has_external_id: bool) -> Option<Dedup> {
        match &self.w.dedup {
            None if has_external_id => Some(Dedup::ExternalId),
            None => Some(Dedup::ExactRow),
            Some(d) => match d.get_ref().as_str() {
                "external_id" if has_external_id => Some(Dedup::ExternalId),
                "external_id" => {
                    p.at(
                        d.span(),
                        &self.key("dedup"),
                        "`external_id` needs an `external_id` column",
                    );
                    None
                }
                "exact" => Some(Dedup::ExactRow),
                "none" => Some(Dedup::None),
                other => {
                    p.at(
                        d.span(),
                        &self.key("dedup"),
                        format!(
                            "unknown mode `{other}`; expected `external_id`, `exact` or `none`"
                        ),
                    );
                    None
                }
            },
        }
    }

    /// `opportunity` (`created` or `won`); it, `currency`, `units` and `new_customer`
    /// belong to opportunity sources only.
    pub(super) fn opportunity(&self, p: &mut Problems<'_>, kind: Option<Kind>) -> OppRole {
        let w = self.w;
        let opportunity = match &w.opportunity {
            None => OppRole::Created,
            Some(o) => match o.get_ref().as_str() {
                "created" => OppRole::Created,
                "won" => OppRole::Won,
                other => {
                    p.at(
                        o.span(),
                        &self.key("opportunity"),
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
                    &self.key(k),
                    "only an opportunity source (`kind = \"opportunity\"`) has this key",
                );
            }
        }
        opportunity
    }

    /// `sheet` (a workbook's sheet by name) and `member` (a glob on an archive's member
    /// names): each a non-empty string, `member` a valid glob.
    pub(super) fn containers(
        &self,
        p: &mut Problems<'_>,
    ) -> (Option<String>, Option<glob::Pattern>) {
        let blank = |v: &&toml::Spanned<String>| v.get_ref().trim().is_empty();
        if let Some(v) = self.w.sheet.as_ref().filter(blank) {
            let what = "empty; expected a sheet's name, e.g. `sheet = \"Calls\"`";
            p.at(v.span(), &self.key("sheet"), what);
        }
        let sheet = self.w.sheet.as_ref().filter(|v| !blank(v));
        let sheet = sheet.map(|s| s.get_ref().clone());
        let member = match self.w.member.as_ref() {
            Some(m) if blank(&m) => {
                let what =
                    "empty; expected a member's name or glob, e.g. `member = \"messages.csv\"`";
                p.at(m.span(), &self.key("member"), what);
                None
            }
            Some(m) => match glob::Pattern::new(m.get_ref()) {
                Ok(g) => Some(g),
                Err(e) => {
                    p.at(
                        m.span(),
                        &self.key("member"),
                        format!("bad glob `{}`: {e}", m.get_ref()),
                    );
                    None
                }
            },
            None => None,
        };
        (sheet, member)
    }
}
