//! Labels (`templates/<lang>/labels.toml`): the wording, the number format (applied by
//! `report::format`), dates and period names.

use super::*;
use crate::period::{Period, PeriodKind, ReportPeriod};

// ---------------------------------------------------------------------------------------
// Labels (templates/<lang>/labels.toml)
// ---------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Labels {
    pub(crate) format: FormatLabels,
    pub(crate) document: DocumentLabels,
    pub(crate) header: HeaderLabels,
    pub(crate) footer: FooterLabels,
    pub(crate) kinds: KindLabels,
    pub(crate) metrics: MetricLabels,
    pub(crate) pace: PaceLabels,
    pub(crate) status: StatusLabels,
    pub(crate) kpi: KpiLabels,
    pub(crate) teams: TeamLabels,
    pub(crate) reps: RepLabels,
    pub(crate) chart: ChartLabels,
    pub(crate) leaderboard: LeaderboardLabels,
    pub(crate) sales: SalesLabels,
    pub(crate) conversion: ConversionLabels,
    pub(crate) pacing: PacingLabels,
    pub(crate) proration: ProrationLabels,
    pub(crate) statement: StatementLabels,
    pub(crate) exceptions: ExceptionLabels,
    pub(crate) quality: QualityLabels,
    pub(crate) provenance: ProvenanceLabels,
    pub(crate) signoff: SignoffLabels,
    pub(crate) closure: ClosureLabels,
    pub(crate) workbook: WorkbookLabels,
}

/// `report.xlsx`'s sheet names (at most 31 characters) and its note on a cut table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WorkbookLabels {
    pub(crate) cover: String,
    pub(crate) summary: String,
    pub(crate) attainment: String,
    pub(crate) teams: String,
    pub(crate) accounting: String,
    pub(crate) rejects: String,
    /// `{sheet}`, `{rows}`: the rows past Excel's last row, in the CSV only.
    pub(crate) cut: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FormatLabels {
    pub(crate) decimal_separator: String,
    pub(crate) thousands_separator: String,
    pub(crate) percent_suffix: String,
    pub(crate) date: String,
    pub(crate) months: Vec<String>,
    pub(crate) week: String,
    pub(crate) quarter: String,
    pub(crate) year: String,
    pub(crate) range: String,
    pub(crate) period_with_dates: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DocumentLabels {
    pub(crate) title: String,
    pub(crate) continued: String,
    pub(crate) none: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HeaderLabels {
    pub(crate) period: String,
    pub(crate) tz_basis: String,
    pub(crate) config: String,
    pub(crate) generated: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FooterLabels {
    pub(crate) page: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct KindLabels {
    pub(crate) call: String,
    pub(crate) email: String,
    pub(crate) social: String,
    pub(crate) meeting: String,
    pub(crate) proposal: String,
    pub(crate) opportunity: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MetricLabels {
    pub(crate) won: String,
    pub(crate) won_amount: String,
    pub(crate) units: String,
    pub(crate) new_customers: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PaceLabels {
    pub(crate) on_track: String,
    pub(crate) behind: String,
    pub(crate) at_risk: String,
    pub(crate) not_started: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LeaderboardLabels {
    pub(crate) title: String,
    pub(crate) note: String,
    pub(crate) rank: String,
    pub(crate) rep: String,
    pub(crate) team: String,
    pub(crate) score: String,
    pub(crate) tier: String,
    pub(crate) status: String,
    pub(crate) eligible_title: String,
    pub(crate) eligible_note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SalesLabels {
    pub(crate) title: String,
    pub(crate) note: String,
    pub(crate) rep: String,
    pub(crate) team: String,
    pub(crate) reps: String,
    pub(crate) created: String,
    pub(crate) done: String,
    pub(crate) target: String,
    pub(crate) pct: String,
    pub(crate) currency: String,
    pub(crate) mixed: String,
    pub(crate) teams_title: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConversionLabels {
    pub(crate) title: String,
    pub(crate) note: String,
    pub(crate) rep: String,
    pub(crate) team: String,
    pub(crate) activities: String,
    pub(crate) opportunities: String,
    pub(crate) all_kinds: String,
    pub(crate) per_100: String,
    pub(crate) per_opp: String,
    pub(crate) teams_title: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PacingLabels {
    pub(crate) title: String,
    pub(crate) note: String,
    pub(crate) rep: String,
    pub(crate) period: String,
    pub(crate) metric: String,
    pub(crate) done: String,
    pub(crate) expected: String,
    pub(crate) target: String,
    pub(crate) projected: String,
    pub(crate) pace: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProrationLabels {
    pub(crate) title: String,
    pub(crate) note: String,
    pub(crate) rep: String,
    pub(crate) period: String,
    pub(crate) metric: String,
    pub(crate) full: String,
    pub(crate) basis: String,
    pub(crate) target: String,
    pub(crate) basis_days: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StatementLabels {
    pub(crate) title: String,
    pub(crate) total_note: String,
    pub(crate) rep_id: String,
    pub(crate) team: String,
    pub(crate) role: String,
    pub(crate) time_zone: String,
    pub(crate) status: String,
    pub(crate) score: String,
    pub(crate) rank_of: String,
    pub(crate) no_rank: String,
    pub(crate) tier: String,
    pub(crate) no_tier: String,
    pub(crate) summary_title: String,
    pub(crate) metric: String,
    pub(crate) rows_title: String,
    pub(crate) plan: String,
    pub(crate) below_title: String,
    pub(crate) below_note: String,
    pub(crate) conversion_title: String,
    pub(crate) kind: String,
    pub(crate) opportunities: String,
    pub(crate) source_title: String,
    pub(crate) source_note: String,
    pub(crate) signoff_rep: String,
    pub(crate) signoff_manager: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StatusLabels {
    pub(crate) below: String,
    pub(crate) met: String,
    pub(crate) exceeded: String,
    pub(crate) no_quota: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct KpiLabels {
    pub(crate) title: String,
    pub(crate) total_activities: String,
    pub(crate) total_activities_note: String,
    pub(crate) reps_meeting: String,
    pub(crate) n_of_m: String,
    pub(crate) reward_eligible: String,
    pub(crate) reward_eligible_note: String,
    pub(crate) kind: String,
    pub(crate) done: String,
    pub(crate) target: String,
    pub(crate) pct: String,
    pub(crate) status: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TeamLabels {
    pub(crate) title: String,
    pub(crate) team: String,
    pub(crate) reps: String,
    pub(crate) reps_met: String,
    pub(crate) total: String,
    pub(crate) status: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RepLabels {
    pub(crate) title: String,
    pub(crate) rep: String,
    pub(crate) team: String,
    pub(crate) done: String,
    pub(crate) target: String,
    pub(crate) pct: String,
    pub(crate) total: String,
    pub(crate) status: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChartLabels {
    pub(crate) title: String,
    pub(crate) note: String,
    pub(crate) no_quota: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExceptionLabels {
    pub(crate) title: String,
    pub(crate) below_title: String,
    pub(crate) below_note: String,
    pub(crate) exceeded_title: String,
    pub(crate) exceeded_note: String,
    pub(crate) rep: String,
    pub(crate) team: String,
    pub(crate) worst_kind: String,
    pub(crate) period: String,
    pub(crate) done: String,
    pub(crate) target: String,
    pub(crate) pct: String,
    pub(crate) lowest: String,
    pub(crate) total: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct QualityLabels {
    pub(crate) title: String,
    pub(crate) note: String,
    pub(crate) source: String,
    pub(crate) file: String,
    pub(crate) read: String,
    pub(crate) counted: String,
    pub(crate) not_counted: String,
    pub(crate) duplicates: String,
    pub(crate) rejected: String,
    pub(crate) unmatched: String,
    pub(crate) empty: String,
    pub(crate) trailer: String,
    pub(crate) total: String,
    pub(crate) reconciles: String,
    pub(crate) not_reconciled: String,
    pub(crate) reasons_title: String,
    pub(crate) reason: String,
    pub(crate) rows: String,
    pub(crate) reason_outside_period: String,
    pub(crate) reason_direction: String,
    pub(crate) reason_outcome: String,
    pub(crate) reason_min_duration: String,
    pub(crate) reason_future: String,
    pub(crate) reason_currency: String,
    pub(crate) reason_after_exit: String,
    pub(crate) unknown_title: String,
    pub(crate) identity: String,
    pub(crate) rejects_title: String,
    pub(crate) line: String,
    pub(crate) column: String,
    pub(crate) value: String,
    pub(crate) why: String,
    pub(crate) more: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProvenanceLabels {
    pub(crate) title: String,
    pub(crate) note: String,
    pub(crate) file: String,
    pub(crate) size: String,
    pub(crate) sha256: String,
    pub(crate) config: String,
    pub(crate) config_sha256: String,
    pub(crate) tool: String,
    pub(crate) language: String,
    pub(crate) generated: String,
    /// The roster's and the absences' rows of the input table (in its source column).
    pub(crate) roster: String,
    pub(crate) absences: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SignoffLabels {
    pub(crate) title: String,
    pub(crate) prepared_by: String,
    pub(crate) approved_by: String,
    pub(crate) date: String,
    pub(crate) name_signature: String,
    pub(crate) date_hint: String,
}

/// The draft stamp and the closure line (`activity-quota close`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ClosureLabels {
    /// On every page until the period is closed.
    pub(crate) draft: String,
    /// `{name}`, `{date}`, `{time}` (UTC): on every page once closed.
    pub(crate) closed: String,
    pub(crate) draft_note: String,
    pub(crate) closed_note: String,
}

/// Shown where a value does not apply (no target).
pub(crate) const DASH: &str = "–";
/// Rejected rows listed in the PDF; all of them are in rejects.csv.
pub(crate) const MAX_REJECTS: usize = 20;
/// Unknown identities listed in the PDF.
pub(crate) const MAX_UNKNOWN: usize = 15;

/// `{key}` placeholders replaced by values.
pub(crate) fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut s = template.to_string();
    for (k, v) in args {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

/// A target that was prorated: fewer available than working days.
pub(crate) fn prorated(a: &AttainmentRow) -> bool {
    a.extra.basis.is_prorated()
}

pub(crate) fn roman(q: u32) -> &'static str {
    match q {
        1 => "I",
        2 => "II",
        3 => "III",
        4 => "IV",
        _ => "?",
    }
}

impl Labels {
    pub(crate) fn load(lang: Lang) -> Result<Labels> {
        let l: Labels = toml::from_str(labels_source(lang))
            .map_err(|e| Error::Pdf(e.to_string()))
            .with_context(|| format!("templates/{}/labels.toml", lang.as_str()))?;
        if l.format.months.len() != 12 {
            return Err(Error::Pdf(format!(
                "templates/{}/labels.toml: format.months needs 12 names",
                lang.as_str()
            )));
        }
        use chrono::format::{Item, StrftimeItems};
        if StrftimeItems::new(&l.format.date).any(|i| matches!(i, Item::Error)) {
            return Err(Error::Pdf(format!(
                "templates/{}/labels.toml: bad format.date {:?}",
                lang.as_str(),
                l.format.date
            )));
        }
        Ok(l)
    }

    /// This language's number format (`[format]`).
    pub(crate) fn numbers(&self) -> Numbers<'_> {
        Numbers {
            decimal_separator: &self.format.decimal_separator,
            thousands_separator: &self.format.thousands_separator,
            percent_suffix: &self.format.percent_suffix,
        }
    }

    /// `1234567` → `1,234,567` (en) or `1 234 567` (pl).
    pub(crate) fn int(&self, n: u64) -> String {
        self.numbers().int(n)
    }

    pub(crate) fn opt_int(&self, n: Option<u64>) -> String {
        n.map_or_else(|| DASH.to_string(), |n| self.int(n))
    }

    /// Tenths of a percent → `1,234.5 %` (en) or `1 234,5 %` (pl).
    pub(crate) fn pct(&self, tenths: u64) -> String {
        self.numbers().pct(tenths)
    }

    pub(crate) fn opt_pct(&self, tenths: Option<u64>) -> String {
        tenths.map_or_else(|| DASH.to_string(), |t| self.pct(t))
    }

    pub(crate) fn date(&self, d: NaiveDate) -> String {
        let mut s = String::new();
        if write!(s, "{}", d.format(&self.format.date)).is_err() {
            return d.to_string();
        }
        s
    }

    /// A report period in words: `October 2026`, `październik 2026`, `IV kwartał 2026`,
    /// `week 43 of 2026`; a range in the `range` template (`January 2026 to March 2026`).
    pub(crate) fn period_name(&self, p: &ReportPeriod) -> String {
        if p.first == p.last {
            return self.one_period(&p.first);
        }
        fill(
            &self.format.range,
            &[
                ("from", &self.one_period(&p.first)),
                ("to", &self.one_period(&p.last)),
            ],
        )
    }

    /// A quota period in words, by its kind: a month `October 2026`, an ISO week in the
    /// `week` template (its ISO year), a quarter in `quarter`, a year in `year`. A fiscal
    /// period, or one whose year has not 4 digits, is named by its label (`FY2027-Q3`).
    pub(crate) fn one_period(&self, p: &Period) -> String {
        let f = &self.format;
        // the year as a label spells it, when it has 4 digits
        let year = |y: i32| (1000..=9999).contains(&y).then(|| y.to_string());
        let named = match p.kind {
            PeriodKind::Week => {
                let w = p.start.iso_week();
                year(w.year())
                    .map(|y| fill(&f.week, &[("year", &y), ("week", &w.week().to_string())]))
            }
            PeriodKind::Month => year(p.start.year()).and_then(|y| {
                let month = f.months.get(p.start.month0() as usize)?;
                Some(format!("{month} {y}"))
            }),
            PeriodKind::Quarter => year(p.start.year()).map(|y| {
                let q = p.start.month0() / 3 + 1;
                fill(
                    &f.quarter,
                    &[
                        ("year", &y),
                        ("quarter", &q.to_string()),
                        ("roman", roman(q)),
                    ],
                )
            }),
            PeriodKind::Year => year(p.start.year()).map(|y| fill(&f.year, &[("year", &y)])),
            PeriodKind::FiscalQuarter(_) | PeriodKind::FiscalYear(_) => None,
        };
        named.unwrap_or_else(|| p.label())
    }

    pub(crate) fn kind(&self, k: Kind) -> &str {
        let l = &self.kinds;
        match k {
            Kind::Call => &l.call,
            Kind::Email => &l.email,
            Kind::Social => &l.social,
            Kind::Meeting => &l.meeting,
            Kind::Proposal => &l.proposal,
            Kind::Opportunity => &l.opportunity,
        }
    }

    pub(crate) fn metric(&self, m: Metric) -> &str {
        let l = &self.metrics;
        match m {
            Metric::Count(Kind::Opportunity) => &self.sales.created,
            Metric::Count(k) => self.kind(k),
            Metric::Won => &l.won,
            Metric::WonAmount => &l.won_amount,
            Metric::Units => &l.units,
            Metric::NewCustomers => &l.new_customers,
        }
    }

    /// A metric's name, with the currency of a won amount: `Won amount (PLN)`.
    pub(crate) fn metric_in(&self, m: Metric, currency: Option<&str>) -> String {
        match currency {
            Some(c) if m == Metric::WonAmount => format!("{} ({c})", self.metric(m)),
            _ => self.metric(m).to_string(),
        }
    }

    /// The metric of an attainment row, with its currency.
    pub(crate) fn row_metric(&self, a: &AttainmentRow) -> String {
        self.metric_in(a.metric(), a.extra.currency.as_deref())
    }

    /// A metric's value: counts as integers, money with two decimals (the model keeps
    /// 1/10 000), units without trailing zeros.
    pub(crate) fn value(&self, m: Metric, v: u64) -> String {
        self.numbers().value(m, v)
    }

    pub(crate) fn opt_value(&self, m: Metric, v: Option<u64>) -> String {
        v.map_or_else(|| DASH.to_string(), |v| self.value(m, v))
    }

    /// A ratio in tenths → `13.3` (en) or `13,3` (pl).
    pub(crate) fn tenths(&self, t: u64) -> String {
        self.numbers().tenths(t)
    }

    pub(crate) fn opt_tenths(&self, t: Option<u64>) -> String {
        t.map_or_else(|| DASH.to_string(), |t| self.tenths(t))
    }

    pub(crate) fn pace(&self, p: Pace) -> &str {
        let l = &self.pace;
        match p {
            Pace::OnTrack => &l.on_track,
            Pace::Behind => &l.behind,
            Pace::AtRisk => &l.at_risk,
            Pace::NotStarted => &l.not_started,
        }
    }

    /// A proration basis in words: `14/22 working days`, `14/22 dni roboczych`.
    pub(crate) fn basis(&self, b: Basis) -> String {
        fill(
            &self.proration.basis_days,
            &[
                ("available", &b.available_days.to_string()),
                ("working", &b.working_days.to_string()),
            ],
        )
    }

    pub(crate) fn status(&self, s: Status) -> &str {
        let l = &self.status;
        match s {
            Status::Below => &l.below,
            Status::Met => &l.met,
            Status::Exceeded => &l.exceeded,
            Status::NoQuota => &l.no_quota,
        }
    }

    pub(crate) fn reason(&self, r: NotCounted) -> &str {
        let q = &self.quality;
        match r {
            NotCounted::OutsidePeriod => &q.reason_outside_period,
            NotCounted::Direction => &q.reason_direction,
            NotCounted::Outcome => &q.reason_outcome,
            NotCounted::MinDuration => &q.reason_min_duration,
            NotCounted::Future => &q.reason_future,
            NotCounted::Currency => &q.reason_currency,
            NotCounted::AfterExit => &q.reason_after_exit,
        }
    }

    pub(crate) fn continued(&self, title: &str) -> String {
        format!("{title} {}", self.document.continued)
    }
}
