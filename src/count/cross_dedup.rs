/*! Opt-in cross-tool de-duplication: the same activity logged by two tools.

With `[cross_dedup] window_s = 120` and a `counterpart` column on two or more sources,
a row is a duplicate when an **earlier source** (config order) kept a row with the same
rep, the same activity kind and the same counterpart (the other party's phone number or
email address) at most `window_s` seconds away. It is counted in its own file's
`duplicates`. Sources are read in config order and each file in row order, so the result
does not depend on the thread count.

Which rows an earlier source keeps for comparison: every row that is not itself a
duplicate (of its own source or of a still earlier one), has a counterpart, and lies
inside the report's counting window, whatever its counting rules decided. A later row
matching such a row is the same activity, already accounted for by the earlier tool.
Rows never compare with rows of their own source (in-source duplicates are the source's
`dedup`).

Counterparts are normalised: an email address (a value with `@`, `Name <a@b>`
accepted) is lower-cased; anything else is reduced to its digits, a leading `00`
(international prefix) dropped, so `+48 600 000 001`, `0048600000001` and
`48600000001` are one number. A national number without country code
(`600 000 001`) is a different one: export E.164 numbers from both tools. Values
with fewer than 5 digits (extensions, `anonymous`) do not take part.

## Memory bound
One map entry per distinct (rep, kind, counterpart) key — a 128-bit hash — holding a
time-sorted list of (UTC second, source) pairs: 12 bytes per kept row plus ~40 bytes per
key. Only rows of sources with a counterpart, inside the counting window, are kept, and
the last such source in config order keeps nothing (no later source compares with it).
For 10 million kept rows that is at most ~520 MB in the worst case of one row per key,
typically far less (reps call the same prospects repeatedly).
*/

use std::collections::HashMap;

use foldhash::fast::FixedState;

use crate::model::Kind;

/// The cross-tool de-duplication memory of one run.
pub(crate) struct CrossDedup {
    window_s: i64,
    /// The source now being read (its index in the config).
    current: u32,
    /// Sources after which no later source compares: their rows need not be kept.
    last_comparing: u32,
    keys: HashMap<u128, Vec<(i64, u32)>, FixedState>,
}

impl CrossDedup {
    /// `with_counterpart[i]`: does source `i` map a counterpart column.
    pub(crate) fn new(window_s: i64, with_counterpart: &[bool]) -> CrossDedup {
        let last = with_counterpart.iter().rposition(|&b| b).unwrap_or(0);
        CrossDedup {
            window_s,
            current: 0,
            last_comparing: last as u32,
            keys: HashMap::default(),
        }
    }

    /// Start reading a file of source `index`.
    pub(crate) fn begin_source(&mut self, index: usize) {
        self.current = index as u32;
    }

    /// Is the row with this key at `utc_s` a duplicate of an earlier source's kept row?
    pub(crate) fn is_duplicate(&self, key: u128, utc_s: i64) -> bool {
        let Some(list) = self.keys.get(&key) else {
            return false;
        };
        let from = list.partition_point(|&(t, _)| t < utc_s.saturating_sub(self.window_s));
        list[from..]
            .iter()
            .take_while(|&&(t, _)| t <= utc_s.saturating_add(self.window_s))
            .any(|&(_, src)| src < self.current)
    }

    /// Keep a row for later sources to compare with.
    pub(crate) fn keep(&mut self, key: u128, utc_s: i64) {
        if self.current >= self.last_comparing {
            return;
        }
        let list = self.keys.entry(key).or_default();
        let at = list.partition_point(|&(t, _)| t <= utc_s);
        list.insert(at, (utc_s, self.current));
    }

    #[cfg(test)]
    /// Rows kept so far (for tests and logs).
    pub(crate) fn kept(&self) -> usize {
        self.keys.values().map(Vec::len).sum()
    }
}

/// The normalised counterpart (lower-case email address or digits), `None` when the
/// value cannot identify a party.
pub(crate) fn normalise(raw: &str) -> Option<String> {
    let v = raw.trim();
    if v.contains('@') {
        let inner = match (v.rfind('<'), v.rfind('>')) {
            (Some(a), Some(b)) if a < b => &v[a + 1..b],
            _ => v,
        };
        let e = inner.trim().to_lowercase();
        return (e.len() > 2).then_some(e);
    }
    let digits: String = v.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.strip_prefix("00").unwrap_or(&digits);
    (digits.len() >= 5).then(|| digits.to_string())
}

/// The key of a (rep, kind, counterpart) triple.
pub(crate) fn key(rep: u32, kind: Kind, counterpart: &str) -> u128 {
    crate::model::key::key128(0xc205, (rep, kind.index(), counterpart))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counterparts_normalise() {
        assert_eq!(normalise("+48 600 000 001").as_deref(), Some("48600000001"));
        assert_eq!(normalise("0048600000001").as_deref(), Some("48600000001"));
        assert_eq!(normalise("(212) 555-0142").as_deref(), Some("2125550142"));
        assert_eq!(
            normalise("Anna Nowak <Anna@Prospect.example>").as_deref(),
            Some("anna@prospect.example")
        );
        assert_eq!(normalise("101"), None);
        assert_eq!(normalise("anonymous"), None);
        assert_eq!(normalise(""), None);
    }

    #[test]
    fn only_earlier_sources_within_the_window_match() {
        let mut d = CrossDedup::new(120, &[true, true, true]);
        let k = key(1, Kind::Call, "48600000001");
        d.begin_source(0);
        d.keep(k, 1_000);
        assert!(!d.is_duplicate(k, 1_040), "same source never matches");
        d.begin_source(1);
        assert!(d.is_duplicate(k, 1_040));
        assert!(d.is_duplicate(k, 880));
        assert!(d.is_duplicate(k, 1_120), "the window is inclusive");
        assert!(!d.is_duplicate(k, 1_121));
        assert!(!d.is_duplicate(k, 1_300));
        assert!(!d.is_duplicate(key(2, Kind::Call, "48600000001"), 1_000));
        assert!(!d.is_duplicate(key(1, Kind::Email, "48600000001"), 1_000));
        d.keep(k, 5_000);
        d.begin_source(2);
        assert!(d.is_duplicate(k, 5_060));
        d.keep(k, 9_000); // the last comparing source keeps nothing
        assert_eq!(d.kept(), 2);
    }
}
