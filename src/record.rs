//! The normalised activity record and its small vocabulary types.

use std::fmt;

/// What an activity is. Quotas are set per kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Call,
    Email,
    Social,
    Meeting,
    Proposal,
    Opportunity,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Call,
        Kind::Email,
        Kind::Social,
        Kind::Meeting,
        Kind::Proposal,
        Kind::Opportunity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Call => "call",
            Kind::Email => "email",
            Kind::Social => "social",
            Kind::Meeting => "meeting",
            Kind::Proposal => "proposal",
            Kind::Opportunity => "opportunity",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether this kind counts towards "total activities" (opportunities are outcomes).
    pub fn is_activity(self) -> bool {
        self != Kind::Opportunity
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Index of a rep in the roster (roster order).
pub type RepIdx = u32;

/// One normalised activity, as the optional record export writes it.
#[derive(Clone, Debug, PartialEq)]
pub struct ActivityRecord {
    pub source: String,
    pub file: String,
    pub line: u64,
    pub rep_id: String,
    pub kind: Kind,
    /// UTC instant, seconds since the epoch.
    pub occurred_at: i64,
    /// Days since 1970-01-01 in the rep's local calendar.
    pub local_date: i32,
    pub direction: Option<String>,
    pub outcome: Option<String>,
    pub duration_ms: Option<i64>,
    /// Amount in 1/10 000 units.
    pub amount: Option<i64>,
    pub external_id: Option<String>,
    pub counted: bool,
}
