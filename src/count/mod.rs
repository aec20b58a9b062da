//! Counting: the rules that decide whether a valid row counts, and the per-file
//! accounting that proves every row ended somewhere.

pub mod cells;
pub mod cross_dedup;
pub(crate) mod dedup;
pub mod idset;
pub mod pipeline;
pub mod records;

use std::collections::BTreeMap;

use crate::{config::Rules, normalise::identity::eq_fold};

/// Why a valid, unique row did not count. The order is the order rules are checked in
/// (`AfterExit` apart).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub(crate) enum NotCounted {
    /// Its local date is outside every period this report counts for the rep.
    OutsidePeriod,
    /// `count.direction` / `count.exclude_direction`.
    Direction,
    /// `count.outcome` / `count.exclude_outcome`.
    Outcome,
    /// `count.min_duration_s` (or no duration at all).
    MinDuration,
    /// A won amount in another currency than the rep's (no conversion is done).
    Currency,
    /// Its local date is after `--as-of` (pacing a running period).
    Future,
    /// Its local date is after the rep's `exit_date` (checked right after
    /// `OutsidePeriod`; last here so that the records' status codes stay as they were).
    AfterExit,
}

impl NotCounted {
    pub(crate) const ALL: [NotCounted; 7] = [
        NotCounted::OutsidePeriod,
        NotCounted::Direction,
        NotCounted::Outcome,
        NotCounted::MinDuration,
        NotCounted::Currency,
        NotCounted::Future,
        NotCounted::AfterExit,
    ];
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            NotCounted::OutsidePeriod => "outside_period",
            NotCounted::Direction => "direction",
            NotCounted::Outcome => "outcome",
            NotCounted::MinDuration => "min_duration_s",
            NotCounted::Currency => "currency",
            NotCounted::Future => "future",
            NotCounted::AfterExit => "after_exit",
        }
    }
}

fn listed(list: &[String], v: Option<&str>) -> bool {
    v.is_some_and(|v| list.iter().any(|x| eq_fold(x, v)))
}

/// Apply a source's counting rules to one row's fields. `Ok(())` means it counts.
pub(crate) fn apply_rules(
    rules: &Rules,
    direction: Option<&str>,
    outcome: Option<&str>,
    duration_ms: Option<i64>,
) -> Result<(), NotCounted> {
    if (!rules.direction.is_empty() && !listed(&rules.direction, direction))
        || listed(&rules.exclude_direction, direction)
    {
        return Err(NotCounted::Direction);
    }
    if (!rules.outcome.is_empty() && !listed(&rules.outcome, outcome))
        || listed(&rules.exclude_outcome, outcome)
    {
        return Err(NotCounted::Outcome);
    }
    if let Some(min) = rules.min_duration_ms
        && duration_ms.is_none_or(|d| d < min)
    {
        return Err(NotCounted::MinDuration);
    }
    Ok(())
}

/// Where the rows of one input file went.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileStats {
    pub source: String,
    /// The preset variant that read the file (`aircall/export`), empty for a source
    /// mapped by hand.
    pub layout: String,
    /// The path as shown in reports (relative to the config's directory when inside it).
    pub file: String,
    /// Data rows read after the header: every record plus every blank line (preamble
    /// lines and the header itself excluded).
    pub read: u64,
    pub counted: u64,
    /// Of `counted`, the rows that counted for the previous report period (period over
    /// period). A part of `counted`, not an addend of the reconciliation.
    pub counted_previous: u64,
    pub(crate) not_counted: BTreeMap<NotCounted, u64>,
    pub duplicates: u64,
    pub rejected: u64,
    pub unmatched: u64,
    /// All-empty rows (`;;;;` from Excel) and blank lines: read, but nothing to account for.
    pub empty: u64,
    /// Report footers after the last data row (grand totals, copyright lines): rows that
    /// do not fit the layout (fewer fields or no timestamp) and carry no parsable timestamp.
    pub(crate) trailer: u64,
    /// Unknown identities as looked up (the normalised form, or a label such as
    /// `(empty)`) and how many rows carried each.
    pub unknown_identities: BTreeMap<String, u64>,
    /// The same rows by identity as looked up, then by the cell as written: what
    /// `unknown_identities.csv` lists.
    pub(crate) unknown_spellings: BTreeMap<String, BTreeMap<String, u64>>,
    pub(crate) size: u64,
    pub(crate) sha256: String,
    /// The archive of a member (`archive.zip!member.csv`).
    pub(crate) archive: Option<crate::sources::archive::Container>,
    /// Where the file was read, as an absolute path (what `verify` reads again).
    pub(crate) absolute: String,
    /// The UTC second of the file's first and last activity: of the rows whose time
    /// and rep were read (counted or not, duplicates included; not rejected or
    /// unmatched rows). `None` when there is none.
    pub first_activity: Option<i64>,
    pub last_activity: Option<i64>,
}

/// UTC seconds as RFC 3339 (`2026-10-31T23:30:00Z`); empty for `None`.
pub fn utc_text(secs: Option<i64>) -> String {
    secs.and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

impl FileStats {
    pub fn not_counted_total(&self) -> u64 {
        self.not_counted.values().sum()
    }

    /// `read = counted + not counted + duplicates + rejected + unmatched + empty + trailer`.
    pub fn reconciles(&self) -> bool {
        self.read
            == self.counted
                + self.not_counted_total()
                + self.duplicates
                + self.rejected
                + self.unmatched
                + self.empty
                + self.trailer
    }

    pub(crate) fn add(&mut self, o: &FileStats) {
        self.read += o.read;
        self.counted += o.counted;
        self.counted_previous += o.counted_previous;
        for (k, v) in &o.not_counted {
            *self.not_counted.entry(*k).or_default() += v;
        }
        self.duplicates += o.duplicates;
        self.rejected += o.rejected;
        self.unmatched += o.unmatched;
        self.empty += o.empty;
        self.trailer += o.trailer;
        self.first_activity = opt_fold(self.first_activity, o.first_activity, i64::min);
        self.last_activity = opt_fold(self.last_activity, o.last_activity, i64::max);
        for (k, v) in &o.unknown_identities {
            *self.unknown_identities.entry(k.clone()).or_default() += v;
        }
        for (id, spellings) in &o.unknown_spellings {
            let mine = self.unknown_spellings.entry(id.clone()).or_default();
            for (raw, v) in spellings {
                *mine.entry(raw.clone()).or_default() += v;
            }
        }
    }
}

/// `f(a, b)` of the values present.
fn opt_fold(a: Option<i64>, b: Option<i64>, f: fn(i64, i64) -> i64) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(f(a, b)),
        (a, b) => a.or(b),
    }
}

/// One rejected row: where, which column, what value, why.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Reject {
    pub(crate) file: String,
    pub line: u64,
    pub(crate) column: String,
    pub(crate) value: String,
    pub(crate) reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Workers tally verdicts in an array indexed by `reason as usize`.
    #[test]
    fn all_lists_reasons_in_declaration_order() {
        for (i, r) in NotCounted::ALL.iter().enumerate() {
            assert_eq!(*r as usize, i, "{r:?}");
        }
    }

    fn call_rules() -> Rules {
        Rules {
            direction: vec!["outbound".into()],
            outcome: vec!["answered".into()],
            min_duration_ms: Some(60_000),
            ..Rules::default()
        }
    }

    #[test]
    fn min_duration_edge() {
        let r = call_rules();
        assert_eq!(
            apply_rules(&r, Some("outbound"), Some("answered"), Some(59_000)),
            Err(NotCounted::MinDuration)
        );
        assert_eq!(
            apply_rules(&r, Some("outbound"), Some("answered"), Some(60_000)),
            Ok(())
        );
        assert_eq!(
            apply_rules(&r, Some("outbound"), Some("answered"), None),
            Err(NotCounted::MinDuration)
        );
    }

    #[test]
    fn rules_are_case_insensitive_and_ordered() {
        let r = call_rules();
        assert_eq!(
            apply_rules(&r, Some(" Outbound "), Some("ANSWERED"), Some(61_000)),
            Ok(())
        );
        assert_eq!(
            apply_rules(&r, Some("inbound"), Some("missed"), Some(0)),
            Err(NotCounted::Direction)
        );
        assert_eq!(
            apply_rules(&r, Some("outbound"), Some("missed"), Some(90_000)),
            Err(NotCounted::Outcome)
        );
        let email = Rules {
            exclude_outcome: vec!["bounced".into()],
            ..Rules::default()
        };
        assert_eq!(
            apply_rules(&email, None, Some("Bounced"), None),
            Err(NotCounted::Outcome)
        );
        assert_eq!(apply_rules(&email, None, Some("opened"), None), Ok(()));
        assert_eq!(apply_rules(&email, None, None, None), Ok(()));
    }
}
