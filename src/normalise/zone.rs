//! UTC offsets of the roster's time zones over the span a run counts, looked up without
//! chrono-tz's binary search over each zone's whole history (a measurable share of a
//! 10M-row run: one lookup per row).
//!
//! A table covers `[lo, hi)` in UTC seconds. It is built by asking chrono-tz for the
//! offset every [`STEP`] seconds and bisecting every change down to the exact second,
//! so a lookup inside the span gives exactly what chrono-tz gives; outside it the lookup
//! asks chrono-tz. (Sampling would miss two transitions less than [`STEP`] apart that
//! cancel out; the tz database has none.)

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

use crate::{config::Zone, normalise::time::ParsedTime};

/// Sampling step: three hours.
const STEP: i64 = 3 * 3600;

/// The offset of `tz` at UTC second `utc`, from chrono-tz (0 when out of chrono's range).
fn chrono_offset(tz: &Tz, utc: i64) -> i32 {
    DateTime::from_timestamp(utc, 0).map_or(0, |t| {
        tz.offset_from_utc_datetime(&t.naive_utc())
            .fix()
            .local_minus_utc()
    })
}

/// One zone's offsets over `[lo, hi)`.
#[derive(Debug, Clone)]
pub(crate) struct OffsetTable {
    tz: Tz,
    lo: i64,
    hi: i64,
    /// UTC second from which each offset holds; `starts[0] == lo`.
    starts: Vec<i64>,
    offsets: Vec<i32>,
}

impl OffsetTable {
    pub(crate) fn new(tz: Tz, lo: i64, hi: i64) -> OffsetTable {
        let mut t = OffsetTable {
            tz,
            lo,
            hi: hi.max(lo),
            starts: vec![lo],
            offsets: vec![chrono_offset(&tz, lo)],
        };
        let mut at = lo;
        while at < t.hi {
            let next = (at + STEP).min(t.hi);
            let (a, b) = (chrono_offset(&tz, at), chrono_offset(&tz, next));
            if a != b && next < t.hi {
                // the first second with the new offset, in (at, next]
                let (mut x, mut y) = (at, next);
                while y - x > 1 {
                    let m = x + (y - x) / 2;
                    if chrono_offset(&tz, m) == a {
                        x = m;
                    } else {
                        y = m;
                    }
                }
                t.starts.push(y);
                t.offsets.push(chrono_offset(&tz, y));
            }
            at = next;
        }
        t
    }

    pub(crate) fn tz(&self) -> Tz {
        self.tz
    }

    /// Seconds east of UTC in force at UTC second `utc`.
    #[inline]
    pub(crate) fn offset(&self, utc: i64) -> i32 {
        self.in_span(utc)
            .unwrap_or_else(|| chrono_offset(&self.tz, utc))
    }

    /// [`OffsetTable::offset`] when `utc` is inside the table's span, else `None`.
    #[inline]
    pub(crate) fn in_span(&self, utc: i64) -> Option<i32> {
        if utc < self.lo || utc >= self.hi {
            return None;
        }
        let i = self.starts.partition_point(|&s| s <= utc);
        self.offsets.get(i.saturating_sub(1)).copied()
    }
}

/// The tables of every zone in a roster, and which one each rep uses.
#[derive(Debug, Clone, Default)]
pub(crate) struct Offsets {
    tables: Vec<OffsetTable>,
    by_rep: Vec<u32>,
}

impl Offsets {
    /// Tables over UTC seconds `[lo, hi)` for the zones of `reps` (in roster order).
    pub(crate) fn new(reps: impl IntoIterator<Item = Tz>, lo: i64, hi: i64) -> Offsets {
        let mut index: HashMap<Tz, u32> = HashMap::new();
        let mut o = Offsets::default();
        for tz in reps {
            let i = *index.entry(tz).or_insert_with(|| {
                o.tables.push(OffsetTable::new(tz, lo, hi));
                (o.tables.len() - 1) as u32
            });
            o.by_rep.push(i);
        }
        o
    }

    /// The table of rep `rep` (roster index), if it is known.
    #[inline]
    pub(crate) fn of_rep(&self, rep: u32) -> Option<&OffsetTable> {
        self.tables.get(*self.by_rep.get(rep as usize)? as usize)
    }
}

/// Local calendar day (and whether it was computable) of a parsed timestamp.
pub(crate) fn local_day(
    t: &ParsedTime,
    zone: Zone,
    rep_tz: Tz,
    table: Option<&OffsetTable>,
) -> Result<i32, &'static str> {
    let utc_secs = match (zone, t.offset_s) {
        // the rep's own wall clock: the date is the date, no conversion needed
        (Zone::Rep, None) => return Ok(t.day),
        (_, Some(off)) => t.wall_secs() - off as i64,
        (Zone::Utc, None) => t.wall_secs(),
        (Zone::Fixed(tz), None) => resolve_local(&tz, t.naive()).and_utc().timestamp(),
        (Zone::Offset, None) => return Err("no UTC offset in the value"),
    };
    // inside the table's span: a real instant, its offset from the table
    if let Some(off) = table.and_then(|t| t.in_span(utc_secs)) {
        return Ok((utc_secs + off as i64).div_euclid(86_400) as i32);
    }
    let utc = DateTime::from_timestamp(utc_secs, 0).ok_or("timestamp out of range")?;
    let off = match table {
        Some(t) => t.offset(utc_secs),
        None => rep_tz
            .offset_from_utc_datetime(&utc.naive_utc())
            .fix()
            .local_minus_utc(),
    };
    Ok((utc_secs + off as i64).div_euclid(86_400) as i32)
}

/// A local wall-clock time in `tz` as a UTC naive time. Ambiguous times (DST
/// fall-back) take the earlier instant; times in a DST gap move forward by the gap,
/// as RFC 5545 and JavaScript's Temporal ("compatible") do.
pub(crate) fn resolve_local(tz: &Tz, naive: NaiveDateTime) -> NaiveDateTime {
    use chrono::LocalResult;
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => t.naive_utc(),
        LocalResult::Ambiguous(a, _) => a.naive_utc(),
        LocalResult::None => {
            // in a gap: interpret with the offset in force just before it
            let before = naive - chrono::Duration::hours(3);
            let off = tz
                .offset_from_local_datetime(&before)
                .earliest()
                .map_or(0, |o| o.fix().local_minus_utc());
            naive - chrono::Duration::seconds(off as i64)
        }
    }
}

/// The UTC second of a parsed timestamp, as the row's local day is computed (local
/// times through [`resolve_local`]); `None` when it has no instant.
pub(crate) fn utc_seconds(t: &ParsedTime, zone: Zone, rep_tz: Tz) -> Option<i64> {
    Some(match (zone, t.offset_s) {
        (_, Some(off)) => t.wall_secs() - off as i64,
        (Zone::Utc, None) => t.wall_secs(),
        (Zone::Fixed(tz), None) => resolve_local(&tz, t.naive()).and_utc().timestamp(),
        (Zone::Rep, None) => resolve_local(&rep_tz, t.naive()).and_utc().timestamp(),
        (Zone::Offset, None) => return None,
    })
}

/// The UTC instant of a parsed timestamp in microseconds (as [`local_day`] resolves it;
/// local times through [`resolve_local`]); `None` when it has no instant.
pub(crate) fn utc_micros(t: &ParsedTime, zone: Zone, rep_tz: Tz) -> Option<i64> {
    let secs = utc_seconds(t, zone, rep_tz)?;
    Some(secs * 1_000_000 + i64::from(t.nano / 1_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every second of a year across both DST changes, and far outside the span, equals
    /// chrono-tz: checked at each transition ± 2 s and on a coarse grid.
    #[test]
    fn table_equals_chrono_tz() {
        let lo = 1_767_225_600; // 2026-01-01T00:00:00Z
        let hi = lo + 366 * 86_400;
        for tz in [
            chrono_tz::Europe::Warsaw,
            chrono_tz::America::New_York,
            chrono_tz::Australia::Lord_Howe, // 30-minute DST
            chrono_tz::Asia::Kolkata,        // no DST
            chrono_tz::America::Santiago,    // southern hemisphere
        ] {
            let t = OffsetTable::new(tz, lo, hi);
            assert!(
                tz == chrono_tz::Asia::Kolkata || t.starts.len() >= 3,
                "{tz}: {t:?}"
            );
            for &s in &t.starts {
                for at in s - 2..=s + 2 {
                    assert_eq!(t.offset(at), chrono_offset(&tz, at), "{tz} at {at}");
                }
            }
            for at in (lo - 86_400 * 400..hi + 86_400 * 400).step_by(1_799) {
                assert_eq!(t.offset(at), chrono_offset(&tz, at), "{tz} at {at}");
            }
        }
    }

    #[test]
    fn reps_share_tables_per_zone() {
        let o = Offsets::new(
            [
                chrono_tz::Europe::Warsaw,
                chrono_tz::UTC,
                chrono_tz::Europe::Warsaw,
            ],
            0,
            86_400,
        );
        assert_eq!(o.tables.len(), 2);
        assert_eq!(o.of_rep(2).map(|t| t.tz), Some(chrono_tz::Europe::Warsaw));
        assert!(o.of_rep(3).is_none());
    }
}
