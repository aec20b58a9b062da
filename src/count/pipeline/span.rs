//! A file's first and last activity time, kept per chunk on the hot path as a min and
//! max of one integer per row and resolved to UTC once per file.

use chrono::DateTime;

use crate::{
    config::Zone,
    model::RepIdx,
    normalise::{time::ParsedTime, zone::resolve_local},
    roster::Roster,
};

/// The earliest and latest row of a chunk or file by its time as written, with an
/// offset the value carries taken off (so values with offsets compare as instants;
/// wall-clock values compare as written: in one zone that is the order of instants,
/// and in `zone = "rep"` sources it is the order of the reps' local times), and the rep
/// of each, to resolve them to UTC ([`Span::resolve`]).
#[derive(Clone, Copy, Debug)]
pub(super) struct Span {
    lo: End,
    hi: End,
}

/// One end of a [`Span`].
#[derive(Clone, Copy, Debug)]
struct End {
    /// Seconds: UTC when `offset`, else the wall clock as if it were UTC.
    key: i64,
    rep: RepIdx,
    offset: bool,
}

impl Default for Span {
    fn default() -> Self {
        let end = |key| End {
            key,
            rep: 0,
            offset: false,
        };
        Span {
            lo: end(i64::MAX),
            hi: end(i64::MIN),
        }
    }
}

impl Span {
    /// Take in one row's parsed time and rep.
    #[inline(always)]
    pub(super) fn see(&mut self, t: &ParsedTime, rep: RepIdx) {
        let key = t.wall_secs() - i64::from(t.offset_s.unwrap_or(0));
        if key < self.lo.key {
            self.lo = End {
                key,
                rep,
                offset: t.offset_s.is_some(),
            };
        }
        if key > self.hi.key {
            self.hi = End {
                key,
                rep,
                offset: t.offset_s.is_some(),
            };
        }
    }

    /// Take in the span of the next chunk.
    pub(super) fn merge(&mut self, o: &Span) {
        if o.lo.key < self.lo.key {
            self.lo = o.lo;
        }
        if o.hi.key > self.hi.key {
            self.hi = o.hi;
        }
    }

    /// The first and last activity as UTC seconds (`None`: no row), local times
    /// resolved as a row's instant is ([`resolve_local`]).
    pub(super) fn resolve(&self, zone: Zone, roster: &Roster) -> (Option<i64>, Option<i64>) {
        let utc = |e: &End| -> Option<i64> {
            if e.key == i64::MAX || e.key == i64::MIN {
                return None;
            }
            let tz = match zone {
                _ if e.offset => return Some(e.key),
                Zone::Utc | Zone::Offset => return Some(e.key),
                Zone::Fixed(tz) => tz,
                Zone::Rep => roster.reps.get(e.rep as usize)?.tz,
            };
            let wall = DateTime::from_timestamp(e.key, 0)?.naive_utc();
            Some(resolve_local(&tz, wall).and_utc().timestamp())
        };
        (utc(&self.lo), utc(&self.hi))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDateTime;
    use chrono_tz::{America::New_York, Europe::Warsaw};

    fn at(s: &str, offset_s: Option<i32>) -> ParsedTime {
        let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap();
        ParsedTime::from_naive(naive, offset_s)
    }

    fn utc(s: &str) -> Option<i64> {
        Some(
            NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
                .unwrap()
                .and_utc()
                .timestamp(),
        )
    }

    fn roster() -> Roster {
        let rep = |id: &str, tz| crate::roster::Rep {
            id: id.into(),
            name: id.into(),
            team: String::new(),
            role: String::new(),
            tz,
            hire_date: None,
            exit_date: None,
            country: None,
        };
        let mut r = Roster::default();
        r.reps = vec![rep("W", Warsaw), rep("N", New_York)];
        r
    }

    #[test]
    fn no_row_no_span() {
        assert_eq!(Span::default().resolve(Zone::Utc, &roster()), (None, None));
    }

    #[test]
    fn values_with_offsets_compare_as_instants() {
        let mut s = Span::default();
        // 23:00+02:00 is 21:00Z, before 22:30Z written without an offset in UTC
        s.see(&at("2026-10-01 23:00:00", Some(7200)), 0);
        s.see(&at("2026-10-01 22:30:00", None), 0);
        s.see(&at("2026-10-01 20:00:00", Some(-3600)), 0);
        assert_eq!(
            s.resolve(Zone::Utc, &roster()),
            (utc("2026-10-01 21:00:00"), utc("2026-10-01 22:30:00"))
        );
    }

    #[test]
    fn local_times_resolve_in_their_zone_once_per_end() {
        // chunk one: summer time; chunk two: the repeated hour of 25 October
        let (mut a, mut b) = (Span::default(), Span::default());
        a.see(&at("2026-10-10 12:00:00", None), 0);
        a.see(&at("2026-07-01 08:00:00", None), 0);
        b.see(&at("2026-10-25 02:30:00", None), 0);
        a.merge(&b);
        // Warsaw: CEST (+2) in July; 02:30 on 25 October is ambiguous: the earlier, +2
        assert_eq!(
            a.resolve(Zone::Fixed(Warsaw), &roster()),
            (utc("2026-07-01 06:00:00"), utc("2026-10-25 00:30:00"))
        );
        // each rep's own zone: the first row is Warsaw's, the last New York's
        let mut r = Span::default();
        r.see(&at("2026-10-01 09:00:00", None), 0);
        r.see(&at("2026-10-31 23:00:00", None), 1);
        assert_eq!(
            r.resolve(Zone::Rep, &roster()),
            (utc("2026-10-01 07:00:00"), utc("2026-11-01 03:00:00"))
        );
    }
}
