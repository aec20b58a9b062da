//! The vocabulary of a normalised activity: its kind, metric and rep. The record
//! itself is never materialised on the hot path (rows go straight to daily cells);
//! its columns are those `--emit-records parquet` writes (see `records.rs`).

pub mod day;
pub mod key;
mod lang;

pub use lang::Lang;

use std::fmt;

/// What an activity is. Quotas are set per kind.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Kind {
    Call,
    Email,
    Social,
    Meeting,
    Proposal,
    Opportunity,
}

impl Kind {
    pub(crate) const ALL: [Kind; 6] = [
        Kind::Call,
        Kind::Email,
        Kind::Social,
        Kind::Meeting,
        Kind::Proposal,
        Kind::Opportunity,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Call => "call",
            Kind::Email => "email",
            Kind::Social => "social",
            Kind::Meeting => "meeting",
            Kind::Proposal => "proposal",
            Kind::Opportunity => "opportunity",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether this kind counts towards "total activities" (opportunities are outcomes).
    pub(crate) fn is_activity(self) -> bool {
        self != Kind::Opportunity
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Index of a rep in the roster (roster order).
pub(crate) type RepIdx = u32;

/// What a quota target measures: the count of an activity kind (for `opportunity`:
/// opportunities created), or a sales outcome of won opportunities.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub(crate) enum Metric {
    /// Counted rows of this kind.
    Count(Kind),
    /// Won opportunities (count).
    Won,
    /// Sum of the amounts of won opportunities, in 1/10 000 currency units.
    WonAmount,
    /// Sum of the units of won opportunities, in 1/10 000 units.
    Units,
    /// Won opportunities flagged as a new customer.
    NewCustomers,
}

impl Metric {
    /// Sales outcome metrics beyond the activity kinds, in report order.
    pub(crate) const SALES: [Metric; 4] = [
        Metric::Won,
        Metric::WonAmount,
        Metric::Units,
        Metric::NewCustomers,
    ];

    pub(crate) fn all() -> impl Iterator<Item = Metric> {
        Kind::ALL
            .into_iter()
            .map(Metric::Count)
            .chain(Metric::SALES)
    }

    /// The problem with a metric name that is none of [`Metric::all`].
    pub(crate) fn unknown(name: &str) -> String {
        let all: Vec<&str> = Metric::all().map(Metric::as_str).collect();
        format!(
            "unknown metric `{name}`; expected one of {}",
            backticked(all)
        )
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Metric::Count(k) => k.as_str(),
            Metric::Won => "won",
            Metric::WonAmount => "won_amount",
            Metric::Units => "units",
            Metric::NewCustomers => "new_customers",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Metric> {
        Metric::all().find(|m| m.as_str() == s)
    }

    /// The kind of source rows this metric is counted from.
    pub(crate) fn kind(self) -> Kind {
        match self {
            Metric::Count(k) => k,
            _ => Kind::Opportunity,
        }
    }

    /// Whether values are decimals kept in 1/10 000 units (money, units).
    pub(crate) fn is_decimal(self) -> bool {
        matches!(self, Metric::WonAmount | Metric::Units)
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Names as a message lists them: `` `a`, `b`, `c` `` (header columns, choices).
pub(crate) fn backticked<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names
        .into_iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
