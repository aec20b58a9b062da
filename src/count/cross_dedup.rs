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
accepted) is lower-cased; anything else is a phone number, in E.164 digits
(`normalise::phone`): with the rep's country (roster `country`, else their team's
`[teams.NAME] country`, else `[cross_dedup] default_country`) a national number
(`0220 168 272`, `(212) 555-0142`) gets its calling code; without one only `+` and
`00` mark an international number. Values with fewer than 5 digits (extensions,
`anonymous`) do not take part.

## Sources that never match
Per pair of sources of the same kind with a counterpart, the merge counts the counted
rows of each per (rep, day) and the matches between them; [`CrossDedup::misses`] names
every pair whose rows share a (rep, day) but never matched: their numbers are most
likely written differently, and every shared call counts twice.

## Memory bound
One map entry per distinct (rep, kind, counterpart) key — a 128-bit hash — holding a
time-sorted list of (UTC second, source) pairs: 12 bytes per kept row plus ~40 bytes per
key. Only rows of sources with a counterpart, inside the counting window, are kept, and
the last such source in config order keeps nothing (no later source compares with it).
For 10 million kept rows that is at most ~520 MB in the worst case of one row per key,
typically far less (reps call the same prospects repeatedly).
*/

use std::{borrow::Cow, collections::HashMap};

use foldhash::fast::FixedState;

use crate::{
    model::{Kind, day::date_of_day},
    normalise::{
        identity::norm_email,
        phone::{self, Country, Phone},
    },
};

/// Counted rows per (rep, local day).
type RepDays = HashMap<(u32, i32), u64, FixedState>;

/// The cross-tool de-duplication memory of one run.
pub(crate) struct CrossDedup {
    window_s: i64,
    /// The source now being read (its index in the config).
    current: u32,
    /// Sources after which no later source compares: their rows need not be kept.
    last_comparing: u32,
    keys: HashMap<u128, Vec<(i64, u32)>, FixedState>,
    /// Per source: its name and kind when it has a counterpart column.
    sources: Vec<Option<(String, Kind)>>,
    /// Per source: counted rows per (rep, day), and a counterpart as written.
    seen: Vec<(RepDays, Option<String>)>,
    /// Matches per (earlier source, later source).
    matches: HashMap<(u32, u32), u64, FixedState>,
}

/// Two sources with counterparts whose counted rows share reps and days but never
/// matched (`CrossDedup::misses`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrossMiss {
    /// The two sources, in config order.
    pub sources: [String; 2],
    /// Their counted rows on the shared (rep, day)s.
    pub rows: [u64; 2],
    /// The first and last shared day.
    pub first_day: chrono::NaiveDate,
    pub last_day: chrono::NaiveDate,
    /// A counterpart of each, as written (the first its rows had).
    pub examples: [String; 2],
    /// The activity kind (`call`, `email`).
    pub kind: Kind,
}

impl CrossMiss {
    /// The warning, one line.
    pub fn message(&self) -> String {
        let [a, b] = &self.sources;
        let [ea, eb] = &self.examples;
        format!(
            "cross-tool de-duplication: `{a}` and `{b}` overlap ({} and {} {}s of the same reps \
             on the same days, from {} to {}) but no {} matched: their counterparts may be \
             written differently (`{ea}` vs `{eb}`); set the reps' country (roster column \
             `country`, `[teams.NAME] country` or `[cross_dedup] default_country`) or export \
             E.164 numbers from both tools",
            self.rows[0], self.rows[1], self.kind, self.first_day, self.last_day, self.kind
        )
    }
}

impl CrossDedup {
    /// `sources[i]`: the name and kind of source `i` when it maps a counterpart column.
    pub(crate) fn new(window_s: i64, sources: Vec<Option<(String, Kind)>>) -> CrossDedup {
        let last = sources.iter().rposition(Option::is_some).unwrap_or(0);
        CrossDedup {
            window_s,
            current: 0,
            last_comparing: last as u32,
            keys: HashMap::default(),
            seen: sources.iter().map(|_| Default::default()).collect(),
            sources,
            matches: HashMap::default(),
        }
    }

    /// Offer a row of the current source (rep, local day, counted or not): a duplicate
    /// of an earlier source's kept row (`true`), else kept for later sources.
    pub(crate) fn offer(
        &mut self,
        key: u128,
        utc_s: i64,
        (rep, day): (u32, i32),
        counted: bool,
    ) -> bool {
        let cur = self.current as usize;
        if counted && let Some((seen, _)) = self.seen.get_mut(cur) {
            *seen.entry((rep, day)).or_default() += 1;
        }
        let Some(list) = self.keys.get(&key) else {
            self.keep(key, utc_s);
            return false;
        };
        let from = list.partition_point(|&(t, _)| t < utc_s.saturating_sub(self.window_s));
        let mut dup = false;
        // every earlier source the row matches (three tools logging one call: the third
        // matches both, and neither pair is a miss)
        for &(_, src) in list[from..]
            .iter()
            .take_while(|&&(t, _)| t <= utc_s.saturating_add(self.window_s))
            .filter(|&&(_, src)| src < self.current)
        {
            dup = true;
            *self.matches.entry((src, self.current)).or_default() += 1;
        }
        if !dup {
            self.keep(key, utc_s);
        }
        dup
    }

    /// A counterpart of the current source as written (the first one is kept).
    pub(crate) fn example(&mut self, raw: &str) {
        if let Some((_, ex @ None)) = self.seen.get_mut(self.current as usize) {
            *ex = Some(raw.trim().to_string());
        }
    }

    /// Every pair of sources of one kind whose counted rows share a (rep, day) but
    /// never matched, in config order.
    pub(crate) fn misses(&self) -> Vec<CrossMiss> {
        let mut out = Vec::new();
        for (i, a) in self.sources.iter().enumerate() {
            for (j, b) in self.sources.iter().enumerate().skip(i + 1) {
                let (Some((na, ka)), Some((nb, kb))) = (a, b) else {
                    continue;
                };
                if ka != kb || self.matches.contains_key(&(i as u32, j as u32)) {
                    continue;
                }
                let (Some((sa, Some(ea))), Some((sb, Some(eb)))) =
                    (self.seen.get(i), self.seen.get(j))
                else {
                    continue;
                };
                let (mut rows, mut days) = ([0, 0], (i32::MAX, i32::MIN));
                for (k, n) in sa {
                    if let Some(m) = sb.get(k) {
                        rows[0] += n;
                        rows[1] += m;
                        days = (days.0.min(k.1), days.1.max(k.1));
                    }
                }
                if rows[0] == 0 {
                    continue;
                }
                out.push(CrossMiss {
                    sources: [na.clone(), nb.clone()],
                    rows,
                    first_day: date_of_day(days.0),
                    last_day: date_of_day(days.1),
                    examples: [ea.clone(), eb.clone()],
                    kind: *ka,
                });
            }
        }
        out
    }

    /// Start reading a file of source `index`.
    pub(crate) fn begin_source(&mut self, index: usize) {
        self.current = index as u32;
    }

    #[cfg(test)]
    /// Is the row with this key at `utc_s` a duplicate of an earlier source's kept row?
    fn is_duplicate(&self, key: u128, utc_s: i64) -> bool {
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
    fn keep(&mut self, key: u128, utc_s: i64) {
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

/// A normalised counterpart: an email address (borrowed unless it had capitals) or a
/// phone number's E.164 digits (on the stack).
pub(crate) enum Counterpart<'a> {
    Email(Cow<'a, str>),
    Phone(Phone),
}

impl Counterpart<'_> {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Counterpart::Email(e) => e,
            Counterpart::Phone(p) => p.as_str(),
        }
    }
}

/// The normalised counterpart (lower-case email address, or a phone number in E.164
/// digits as far as the rep's `country` tells), `None` when the value cannot identify
/// a party. Allocates only for an email address with capitals.
pub(crate) fn normalise<'a>(raw: &'a str, country: Option<&Country>) -> Option<Counterpart<'a>> {
    if raw.contains('@') {
        let e = norm_email(raw);
        return (e.len() > 2).then_some(Counterpart::Email(e));
    }
    phone::normalise(raw, country).map(Counterpart::Phone)
}

/// The key of a (rep, kind, counterpart) triple.
pub(crate) fn key(rep: u32, kind: Kind, counterpart: &str) -> u128 {
    crate::model::key::key128(0xc205, (rep, kind.index(), counterpart))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(raw: &str, iso: Option<&str>) -> Option<String> {
        let c = iso.and_then(Country::of);
        normalise(raw, c).map(|c| c.as_str().to_string())
    }

    #[test]
    fn counterparts_normalise() {
        assert_eq!(
            norm("+48 600 000 001", None).as_deref(),
            Some("48600000001")
        );
        assert_eq!(norm("0048600000001", None).as_deref(), Some("48600000001"));
        assert_eq!(norm("(212) 555-0142", None).as_deref(), Some("2125550142"));
        assert_eq!(
            norm("(212) 555-0142", Some("US")).as_deref(),
            Some("12125550142")
        );
        assert_eq!(
            norm("0220 168 272", Some("PL")).as_deref(),
            Some("48220168272")
        );
        assert_eq!(
            norm("Anna Nowak <Anna@Prospect.example>", Some("PL")).as_deref(),
            Some("anna@prospect.example")
        );
        assert!(matches!(
            normalise("anna@prospect.example", None),
            Some(Counterpart::Email(Cow::Borrowed(_)))
        ));
        assert_eq!(norm("101", None), None);
        assert_eq!(norm("anonymous", None), None);
        assert_eq!(norm("", None), None);
    }

    fn three() -> Vec<Option<(String, Kind)>> {
        ["a", "b", "c"]
            .map(|n| Some((n.to_string(), Kind::Call)))
            .to_vec()
    }

    #[test]
    fn overlapping_sources_that_never_match_are_named() {
        let mut d = CrossDedup::new(120, three());
        d.begin_source(0);
        d.example(" 0220 168 272 ");
        assert!(!d.offer(1, 1_000, (0, 20_000), true));
        assert!(!d.offer(2, 2_000, (0, 20_001), true));
        assert!(!d.offer(3, 3_000, (1, 20_001), false));
        d.begin_source(1);
        d.example("+48 220 168 272");
        assert!(!d.offer(4, 1_000, (0, 20_001), true));
        assert!(!d.offer(5, 1_000, (0, 20_002), true));
        assert!(!d.offer(6, 1_000, (1, 20_001), true)); // rep 1's row there did not count
        d.begin_source(2);
        d.example("220168272");
        assert!(d.offer(1, 1_010, (0, 20_000), true)); // matches a: a–c is no miss
        let m = d.misses();
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].sources, ["a".to_string(), "b".to_string()]);
        assert_eq!(m[0].rows, [1, 1]);
        assert_eq!(m[0].first_day, date_of_day(20_001));
        assert_eq!(m[0].last_day, date_of_day(20_001));
        assert_eq!(
            m[0].message(),
            "cross-tool de-duplication: `a` and `b` overlap (1 and 1 calls of the same reps on \
             the same days, from 2024-10-05 to 2024-10-05) but no call matched: their \
             counterparts may be written differently (`0220 168 272` vs `+48 220 168 272`); \
             set the reps' country (roster column `country`, `[teams.NAME] country` or \
             `[cross_dedup] default_country`) or export E.164 numbers from both tools"
        );
    }

    #[test]
    fn only_earlier_sources_within_the_window_match() {
        let mut d = CrossDedup::new(120, three());
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
