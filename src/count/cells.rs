//! The count stage's output: daily cells (rep, kind, local day) and their values, the
//! `Counted` set handed to aggregation, the packed `u64` form of a cell key, and the
//! flat per-file table of plain activities ([`Dense`]).

use std::collections::HashMap;

use foldhash::fast::FixedState;

use crate::model::{Kind, RepIdx};

/// One aggregation cell: a rep's activities of one kind on one local date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct CellKey {
    pub(crate) rep: RepIdx,
    pub(crate) day: i32,
    pub(crate) kind: Kind,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct CellVal {
    pub(crate) count: u64,
    /// Sum of amounts, in 1/10 000 units.
    pub(crate) amount: i64,
    /// Won opportunities (opportunity sources with `opportunity = "won"`).
    pub(crate) won: u64,
    /// Sum of won amounts, 1/10 000 units.
    pub(crate) won_amount: i64,
    /// Sum of won units, 1/10 000 units.
    pub(crate) units: i64,
    /// Won opportunities flagged as new customers.
    pub(crate) new_customers: u64,
}

impl CellVal {
    /// Take back an [`CellVal::add`].
    pub(crate) fn sub(&mut self, o: &CellVal) {
        self.count -= o.count;
        self.amount -= o.amount;
        self.won -= o.won;
        self.won_amount -= o.won_amount;
        self.units -= o.units;
        self.new_customers -= o.new_customers;
    }

    pub(crate) fn add(&mut self, o: &CellVal) {
        self.count += o.count;
        self.amount += o.amount;
        self.won += o.won;
        self.won_amount += o.won_amount;
        self.units += o.units;
        self.new_customers += o.new_customers;
    }
}

pub(crate) type Cells = HashMap<CellKey, CellVal, FixedState>;

/// Counted cells: a map of those added row by row, and a list of the dense table's
/// counts, appended when a file ends. A cell can be in both, and in several files'
/// sets: every consumer sums (building a map of the list was 7 ms per file, on one
/// core).
#[derive(Debug, Default)]
pub(crate) struct Counted {
    pub(crate) map: Cells,
    pub(crate) list: Vec<(CellKey, CellVal)>,
}

impl Counted {
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&CellKey, &CellVal)> {
        self.map.iter().chain(self.list.iter().map(|(k, v)| (k, v)))
    }

    pub(crate) fn len(&self) -> usize {
        self.map.len() + self.list.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.map.is_empty() && self.list.is_empty()
    }

    /// Keep the cells for which `keep` holds.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&CellKey, &CellVal) -> bool) {
        self.map.retain(|k, v| keep(k, v));
        self.list.retain(|(k, v)| keep(k, v));
    }
}

/// A cell key in one `u64`: rep (29 bits), local day (32 bits), kind (3 bits).
#[inline]
pub(crate) fn pack_cell(c: CellKey) -> u64 {
    (u64::from(c.rep) << 35) | (u64::from(c.day as u32) << 3) | c.kind.index() as u64
}

#[inline]
pub(crate) fn unpack_cell(k: u64) -> Option<CellKey> {
    Some(CellKey {
        rep: (k >> 35) as RepIdx,
        day: (k >> 3) as u32 as i32,
        kind: *Kind::ALL.get((k & 7) as usize)?,
    })
}

pub(crate) const UNIT_VAL: CellVal = CellVal {
    count: 1,
    amount: 0,
    won: 0,
    won_amount: 0,
    units: 0,
    new_customers: 0,
};

/// Counts of plain activities of one file (one kind) by rep and local day, in a flat
/// table over the days the counting windows span; cells outside it (or all of them, when
/// the table would be large) go to the cells map. Added into the map when the file ends.
pub(crate) struct Dense {
    kind: Kind,
    first_day: i32,
    days: usize,
    reps: usize,
    n: Vec<u32>,
}

impl Dense {
    /// At most this many slots (4 bytes each).
    const MAX_SLOTS: usize = 4 << 20;

    /// A table of `reps` reps over the days `[lo, hi)` of `span` (`None`: no table).
    pub(crate) fn new(kind: Kind, reps: usize, span: Option<(i32, i32)>) -> Dense {
        let (lo, days) = match span {
            Some((lo, hi)) => (
                lo,
                usize::try_from(i64::from(hi) - i64::from(lo)).unwrap_or(usize::MAX),
            ),
            None => (0, 0),
        };
        let slots = days.saturating_mul(reps);
        let on = slots > 0 && slots <= Self::MAX_SLOTS;
        Dense {
            kind,
            first_day: lo,
            days: if on { days } else { 0 },
            reps: if on { reps } else { 0 },
            n: vec![0; if on { slots } else { 0 }],
        }
    }

    #[inline]
    fn slot(&self, c: CellKey) -> Option<usize> {
        let d = usize::try_from(i64::from(c.day) - i64::from(self.first_day)).ok()?;
        (c.kind == self.kind && d < self.days && (c.rep as usize) < self.reps)
            .then(|| c.rep as usize * self.days + d)
    }

    #[inline]
    pub(crate) fn add(&mut self, c: CellKey, cells: &mut Cells) {
        match self.slot(c) {
            Some(i) => self.n[i] += 1,
            None => cells.entry(c).or_default().count += 1,
        }
    }

    /// Take back an [`Dense::add`] (a duplicate found by the merge).
    #[inline]
    pub(crate) fn sub(&mut self, c: CellKey, cells: &mut Cells) {
        match self.slot(c) {
            Some(i) => self.n[i] = self.n[i].saturating_sub(1),
            None => {
                if let Some(v) = cells.get_mut(&c) {
                    v.count = v.count.saturating_sub(1);
                    if *v == CellVal::default() {
                        cells.remove(&c);
                    }
                }
            }
        }
    }

    /// Append the counts to `list` and empty the table.
    pub(crate) fn flush(&mut self, list: &mut Vec<(CellKey, CellVal)>) {
        if self.days == 0 {
            return;
        }
        for (i, n) in self.n.iter_mut().enumerate() {
            if *n > 0 {
                let cell = CellKey {
                    rep: (i / self.days) as RepIdx,
                    day: self.first_day + (i % self.days) as i32,
                    kind: self.kind,
                };
                let val = CellVal {
                    count: u64::from(*n),
                    ..CellVal::default()
                };
                list.push((cell, val));
                *n = 0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_keys_pack_and_unpack() {
        for (rep, day) in [
            (0, 0),
            (1, -1),
            ((1 << 29) - 1, i32::MIN),
            (7, i32::MAX),
            (2000, 20_700),
        ] {
            for kind in Kind::ALL {
                let c = CellKey { rep, day, kind };
                assert_eq!(unpack_cell(pack_cell(c)), Some(c));
            }
        }
    }
}
