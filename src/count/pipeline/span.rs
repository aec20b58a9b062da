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
