//! Does the data cover the report period? Per source (its files together), the first
//! and last activity against the period's first day and its last day (or `--as-of`,
//! when that comes first), with a slack of `[gates] coverage_days`; and whether the
//! period has any counted activity at all. Each gap is one message, which the binary
//! prints as a warning or, with `[gates] coverage = "fail"`, as a breached gate.
//!
//! Dates are taken in the organisation's zone. Sources of won deals
//! (`opportunity = "won"`) are not checked: their time is a close date, and deals close
//! a few times a month and into the future.

use chrono::{DateTime, NaiveDate};

use crate::{
    config::{Config, OppRole},
    count::{FileStats, utc_text},
    period::ReportPeriod,
};

/// The gaps of the data of `files` (read with `cfg`) against `period`, as of `as_of`;
/// empty when the data covers it.
pub fn gaps(
    cfg: &Config,
    files: &[FileStats],
    period: &ReportPeriod,
    as_of: NaiveDate,
) -> Vec<String> {
    let (start, last_day, label) = (period.start(), period.last_day(), period.label());
    let slack = i64::from(cfg.coverage.days);
    let date = |secs: i64| {
        DateTime::from_timestamp(secs, 0).map(|t| t.with_timezone(&cfg.timezone).date_naive())
    };
    let mut out = Vec::new();
    for s in cfg.sources.iter().filter(|s| s.opportunity != OppRole::Won) {
        let files: Vec<_> = files.iter().filter(|f| f.source == s.name).collect();
        let first = files.iter().filter_map(|f| f.first_activity).min();
        let last = files.iter().filter_map(|f| f.last_activity).max();
        let (Some(first), Some(last)) = (first, last) else {
            let names: Vec<&str> = files.iter().map(|f| f.file.as_str()).collect();
            out.push(format!(
                "source `{}` has no activity in its files ({}): no row has a valid time and a rep of the roster",
                s.name,
                crate::model::backticked(names)
            ));
            continue;
        };
        // a period that has not begun at --as-of has nothing to cover yet
        if as_of < start {
            continue;
        }
        let (until, until_text) = if as_of < last_day {
            (as_of, format!("--as-of {as_of}"))
        } else {
            (last_day, format!("the end of period {label} ({last_day})"))
        };
        if let Some(d) = date(last)
            && (until - d).num_days() > slack
        {
            out.push(format!(
                "source `{}` ends on {d} (last activity {}), {} before {until_text}: is an export missing or cut short?",
                s.name,
                utc_text(Some(last)),
                days((until - d).num_days())
            ));
        }
        if let Some(d) = date(first)
            && (d - start).num_days() > slack
        {
            out.push(format!(
                "source `{}` starts on {d} (first activity {}), {} after the start of period {label} ({start}): is an export missing?",
                s.name,
                utc_text(Some(first)),
                days((d - start).num_days())
            ));
        }
    }
    let counted: u64 = files.iter().map(|f| f.counted - f.counted_previous).sum();
    if counted == 0 {
        out.push(format!(
            "no activity counted for period {label} ({start}..{last_day}) in any source"
        ));
    }
    out
}

/// `1 day`, `11 days`.
fn days(n: i64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}
