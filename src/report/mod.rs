//! The report model: every number and table of a run, format-neutral. The CSV and
//! PDF writers only render it, so they cannot disagree.

pub mod csv;
pub mod pdf;

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::{
    count::{FileStats, Reject},
    record::Kind,
};

/// Attainment status of a cell, a rep or a team.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Below,
    Met,
    Exceeded,
    /// No target applies.
    NoQuota,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Below => "below",
            Status::Met => "met",
            Status::Exceeded => "exceeded",
            Status::NoQuota => "no_quota",
        }
    }

    pub fn of(done: u64, target: u64) -> Status {
        match done.cmp(&target) {
            std::cmp::Ordering::Less => Status::Below,
            std::cmp::Ordering::Equal => Status::Met,
            std::cmp::Ordering::Greater => Status::Exceeded,
        }
    }

    /// Overall status of several cells: below if any is below, exceeded if none is
    /// below and at least one exceeded, met if all are exactly met.
    pub fn overall(cells: impl IntoIterator<Item = Status>) -> Status {
        let mut acc = Status::NoQuota;
        for s in cells {
            acc = match (acc, s) {
                (_, Status::NoQuota) => acc,
                (Status::Below, _) | (_, Status::Below) => Status::Below,
                (Status::Exceeded, _) | (_, Status::Exceeded) => Status::Exceeded,
                _ => Status::Met,
            };
        }
        acc
    }
}

/// Attainment in tenths of a percent, rounded half away from zero on the exact
/// value: `(2000·done + target) div (2·target)`. `None` without a target.
pub fn pct_tenths(done: u64, target: u64) -> Option<u64> {
    if target == 0 {
        return None;
    }
    let t = target as u128;
    Some(((2000 * done as u128 + t) / (2 * t)) as u64)
}

/// `1234.5`-style rendering of tenths (the CSV form; the PDF localises).
pub fn fmt_tenths(t: u64) -> String {
    format!("{}.{}", t / 10, t % 10)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttainmentRow {
    pub rep_id: String,
    pub rep_name: String,
    pub team: String,
    pub period: String,
    pub period_start: NaiveDate,
    pub kind: Kind,
    pub done: u64,
    pub target: u64,
    pub plan: String,
}

impl AttainmentRow {
    pub fn pct(&self) -> Option<u64> {
        pct_tenths(self.done, self.target)
    }
    pub fn status(&self) -> Status {
        Status::of(self.done, self.target)
    }
}

/// Done and (summed) target of one kind for a rep or team.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KindCell {
    pub done: u64,
    pub target: Option<u64>,
}

impl KindCell {
    pub fn pct(&self) -> Option<u64> {
        self.target.and_then(|t| pct_tenths(self.done, t))
    }
    pub fn status(&self) -> Status {
        self.target
            .map_or(Status::NoQuota, |t| Status::of(self.done, t))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepRow {
    pub rep_id: String,
    pub rep_name: String,
    pub team: String,
    pub role: String,
    pub time_zone: String,
    /// One cell per [`Report::kinds`].
    pub cells: Vec<KindCell>,
    /// Activities of every kind except opportunities.
    pub total_activities: u64,
    /// Overall status: see [`Status::overall`] over the rep's attainment rows.
    pub status: Status,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TeamRow {
    pub team: String,
    pub reps: u64,
    /// Reps whose overall status is met or exceeded.
    pub reps_met: u64,
    pub cells: Vec<KindCell>,
    pub total_activities: u64,
    pub status: Status,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Meta {
    pub company: String,
    pub period: String,
    pub period_start: NaiveDate,
    /// Last day of the report period (inclusive).
    pub period_end: NaiveDate,
    /// The organisation's zone; every rep is counted in their own.
    pub timezone: String,
    pub config: String,
    pub config_sha256: String,
    pub version: String,
    pub language: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub meta: Meta,
    /// The kinds shown side by side, in [`Kind::ALL`] order.
    pub kinds: Vec<Kind>,
    pub attainment: Vec<AttainmentRow>,
    pub reps: Vec<RepRow>,
    pub teams: Vec<TeamRow>,
    pub files: Vec<FileStats>,
    pub rejects: Vec<Reject>,
}

impl Report {
    /// Per-file accounting totals over all files.
    pub fn totals(&self) -> FileStats {
        let mut t = FileStats {
            file: "total".into(),
            ..FileStats::default()
        };
        for f in &self.files {
            t.add(f);
        }
        t
    }

    /// Unknown identities over all files, with their row counts.
    pub fn unknown_identities(&self) -> BTreeMap<(String, String), u64> {
        let mut m = BTreeMap::new();
        for f in &self.files {
            for (id, n) in &f.unknown_identities {
                *m.entry((f.source.clone(), id.clone())).or_default() += n;
            }
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_away_from_zero_on_the_exact_value() {
        assert_eq!(pct_tenths(1, 400), Some(3)); // 0.25 → 0.3
        assert_eq!(pct_tenths(97, 400), Some(243)); // 24.25 → 24.3
        assert_eq!(pct_tenths(150, 150), Some(1000));
        assert_eq!(pct_tenths(0, 50), Some(0));
        assert_eq!(pct_tenths(2, 3), Some(667));
        assert_eq!(pct_tenths(5, 0), None);
        assert_eq!(fmt_tenths(12347), "1234.7");
        assert_eq!(fmt_tenths(3), "0.3");
    }

    #[test]
    fn overall_status() {
        use Status::*;
        assert_eq!(Status::overall([Met, Met, Met]), Met);
        assert_eq!(Status::overall([Met, Exceeded]), Exceeded);
        assert_eq!(Status::overall([Exceeded, Below]), Below);
        assert_eq!(Status::overall([NoQuota, Met]), Met);
        assert_eq!(Status::overall([]), NoQuota);
    }
}
