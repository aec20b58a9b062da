//! The count stage's output: daily cells (rep, kind, local day) and their values, the
//! `Counted` set handed to aggregation, and the packed `u64` form of a cell key.

use std::collections::HashMap;

use foldhash::fast::FixedState;

use crate::model::{Kind, RepIdx};

/// One aggregation cell: a rep's activities of one kind on one local date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellKey {
    pub rep: RepIdx,
    pub day: i32,
    pub kind: Kind,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CellVal {
    pub count: u64,
    /// Sum of amounts, in 1/10 000 units.
    pub amount: i64,
    /// Won opportunities (opportunity sources with `opportunity = "won"`).
    pub won: u64,
    /// Sum of won amounts, 1/10 000 units.
    pub won_amount: i64,
    /// Sum of won units, 1/10 000 units.
    pub units: i64,
    /// Won opportunities flagged as new customers.
    pub new_customers: u64,
}

impl CellVal {
    /// Take back an [`CellVal::add`].
    pub fn sub(&mut self, o: &CellVal) {
        self.count -= o.count;
        self.amount -= o.amount;
        self.won -= o.won;
        self.won_amount -= o.won_amount;
        self.units -= o.units;
        self.new_customers -= o.new_customers;
    }

    pub fn add(&mut self, o: &CellVal) {
        self.count += o.count;
        self.amount += o.amount;
        self.won += o.won;
        self.won_amount += o.won_amount;
        self.units += o.units;
        self.new_customers += o.new_customers;
    }
}

pub type Cells = HashMap<CellKey, CellVal, FixedState>;

/// Counted cells: a map of those added row by row, and a list of the dense table's
/// counts, appended when a file ends. A cell can be in both, and in several files'
/// sets: every consumer sums (building a map of the list was 7 ms per file, on one
/// core).
#[derive(Debug, Default)]
pub struct Counted {
    pub map: Cells,
    pub list: Vec<(CellKey, CellVal)>,
}

impl Counted {
    pub fn iter(&self) -> impl Iterator<Item = (&CellKey, &CellVal)> {
        self.map.iter().chain(self.list.iter().map(|(k, v)| (k, v)))
    }

    pub fn len(&self) -> usize {
        self.map.len() + self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty() && self.list.is_empty()
    }

    /// Keep the cells for which `keep` holds.
    pub fn retain(&mut self, mut keep: impl FnMut(&CellKey, &CellVal) -> bool) {
        self.map.retain(|k, v| keep(k, v));
        self.list.retain(|(k, v)| keep(k, v));
    }
}

/// A cell key in one `u64`: rep (29 bits), local day (32 bits), kind (3 bits).
pub(crate) fn pack_cell(c: CellKey) -> u64 {
    (u64::from(c.rep) << 35) | (u64::from(c.day as u32) << 3) | c.kind.index() as u64
}

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
