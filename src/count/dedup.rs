//! De-duplication: workers tally every row as if it were unique (most are); the merge,
//! which sees the rows in file order, takes only the duplicates back out.
//!
//! A row that may be a duplicate leaves an [`Entry`] (its key, cell, value and verdict)
//! in its chunk's [`Tally`]. The merge thread checks the keys against the source's
//! memory ([`SourceState`], kept across its files), the file's exact-row keys and the
//! cross-tool memory, in file order, so that the result does not depend on the thread
//! count.

use std::{collections::HashSet, sync::Mutex};

use foldhash::fast::FixedState;

use crate::{
    count::cells::{CellKey, CellVal, Cells, Dense, UNIT_VAL, pack_cell, unpack_cell},
    count::cross_dedup::CrossDedup,
    count::records::{self, Batch},
    count::{FileStats, NotCounted, Reject},
    model::key::key128_bytes,
    sources::fields::Fields,
};

/// De-duplication memory of one source, kept across its files.
#[derive(Default)]
pub(crate) struct SourceState {
    ext_num: crate::count::idset::IdSet,
    ext_str: HashSet<u128, FixedState>,
}

/// What a row is de-duplicated by.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    None,
    Num(u64),
    Str(u128),
    Row(u128),
}

impl Key {
    /// The key of an external id (trimmed): a small number, a hash of the text, or the
    /// whole row when the id is empty.
    #[inline(always)]
    pub(crate) fn external(id: &str, f: &Fields<'_>) -> Key {
        if id.is_empty() {
            Key::Row(f.hash128())
        } else if let Some(n) = small_number(id.as_bytes()) {
            Key::Num(n)
        } else {
            Key::Str(key128_bytes(0xe1d, id.as_bytes()))
        }
    }
}

#[derive(Clone, Copy)]
pub(crate) struct Entry {
    key: Key,
    cell: CellKey,
    /// The row's value: [`UNIT`] (one activity, the usual case) or an index into
    /// [`Tally::vals`]; kept out of line so that entries stay small.
    val: u32,
    verdict: Result<(), NotCounted>,
    /// Cross-tool key and UTC second (sources with a counterpart column): [`NO_CROSS`]
    /// or an index into [`Tally::crosses`].
    cross: u32,
    /// Already tallied (and, when it counts, added to the chunk's cells) by the worker,
    /// as if unique: the merge only takes it back out if it is a duplicate. Entries with
    /// a cross-tool key are decided by the merge alone.
    pre: bool,
}

/// [`Entry::val`] of one plain activity (`CellVal { count: 1, .. }`).
const UNIT: u32 = u32::MAX;
/// [`Entry::cross`] of a row without a cross-tool key.
const NO_CROSS: u32 = u32::MAX;

/// Whether a counted row's value goes through [`Tally::units`] (a plain activity
/// whose cell packs into a `u64`), so that a duplicate is taken back out of the same place.
fn via_units(cell: CellKey, plain: bool) -> bool {
    plain && cell.rep < 1 << 29
}

/// What a worker tallied in one chunk, as if every row were unique.
pub(crate) struct Tally {
    pub(crate) entries: Vec<Entry>,
    /// Values of entries that are not [`UNIT`].
    pub(crate) vals: Vec<CellVal>,
    /// Cross-tool keys of entries.
    pub(crate) crosses: Vec<(u128, i64)>,
    /// Counted rows, summed per cell by the worker (de-duplicated sources: as if unique).
    pub(crate) cells: Cells,
    /// The cell ([`pack_cell`]) of each counted plain activity (most rows): the worker
    /// only appends; the merge adds them up in a [`Dense`] table (a hash-map update per
    /// row was a cache miss on both threads).
    pub(crate) units: Vec<u64>,
    /// Rows per verdict (`verdict_slot`), folded into the chunk's stats when it is done.
    pub(crate) verdicts: [u64; 1 + NotCounted::ALL.len()],
    /// The chunk's first counterpart as written (cross-tool de-duplication's warning).
    pub(crate) example: Option<String>,
}

impl Tally {
    /// An empty tally with the given (emptied) buffers.
    pub(crate) fn new(entries: Vec<Entry>, units: Vec<u64>) -> Tally {
        Tally {
            entries,
            vals: Vec::new(),
            crosses: Vec::new(),
            cells: Cells::default(),
            units,
            verdicts: [0; 1 + NotCounted::ALL.len()],
            example: None,
        }
    }

    /// Tally one classified row. Rows are tallied and summed here, as if unique (most
    /// are): the merge, which sees the rows in file order, only takes duplicates back
    /// out. A row with a cross-tool key is left to the merge.
    #[inline(always)]
    pub(crate) fn add(
        &mut self,
        key: Key,
        cell: CellKey,
        val: CellVal,
        verdict: Result<(), NotCounted>,
        cross: Option<(u128, i64)>,
    ) {
        let pre = cross.is_none();
        if pre {
            self.verdicts[verdict_slot(verdict)] += 1;
            if verdict.is_ok() {
                if via_units(cell, val == UNIT_VAL) {
                    self.units.push(pack_cell(cell));
                } else {
                    self.cells.entry(cell).or_default().add(&val);
                }
            }
        }
        if key != Key::None || !pre {
            let val = if val == UNIT_VAL {
                UNIT
            } else {
                self.vals.push(val);
                (self.vals.len() - 1) as u32
            };
            let cross = match cross {
                Some(c) => {
                    self.crosses.push(c);
                    (self.crosses.len() - 1) as u32
                }
                None => NO_CROSS,
            };
            self.entries.push(Entry {
                key,
                cell,
                val,
                verdict,
                cross,
                pre,
            });
        }
    }

    /// Fold the verdicts tallied into `stats`.
    pub(crate) fn fold_verdicts(&self, stats: &mut FileStats) {
        stats.counted += self.verdicts[0];
        for (r, &n) in NotCounted::ALL.iter().zip(&self.verdicts[1..]) {
            if n > 0 {
                *stats.not_counted.entry(*r).or_default() += n;
            }
        }
    }
}

fn tally_one(stats: &mut FileStats, verdict: Result<(), NotCounted>) {
    match verdict {
        Ok(()) => stats.counted += 1,
        Err(r) => *stats.not_counted.entry(r).or_default() += 1,
    }
}

/// A string of 1–19 ASCII digits as a number (always fits in a `u64`); `None` for
/// anything else. One pass, for the external ids of every row.
fn small_number(b: &[u8]) -> Option<u64> {
    if b.is_empty() || b.len() > 19 {
        return None;
    }
    let mut v = 0u64;
    for &c in b {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + u64::from(d);
    }
    Some(v)
}

/// Take back a [`tally_one`] (of a row found to be a duplicate after all).
fn untally(stats: &mut FileStats, verdict: Result<(), NotCounted>) {
    match verdict {
        Ok(()) => stats.counted -= 1,
        Err(r) => {
            if let Some(n) = stats.not_counted.get_mut(&r) {
                *n -= 1;
                if *n == 0 {
                    stats.not_counted.remove(&r);
                }
            }
        }
    }
}

/// Slot of a verdict in [`Tally::verdicts`].
#[inline(always)]
fn verdict_slot(verdict: Result<(), NotCounted>) -> usize {
    match verdict {
        Ok(()) => 0,
        Err(r) => 1 + r as usize,
    }
}

/// What the chunks of one file are merged into, in file order, on the merge thread.
pub(crate) struct FileMerge<'a> {
    /// Cross-tool de-duplication (`[cross_dedup]`), shared by every source.
    pub(crate) cross: Option<&'a Mutex<CrossDedup>>,
    /// The source's de-duplication memory.
    pub(crate) state: &'a mut SourceState,
    /// Exact-row keys of this file.
    pub(crate) row_keys: HashSet<u128, FixedState>,
    pub(crate) stats: FileStats,
    /// Rejected rows, lines absolute.
    pub(crate) rejects: Vec<Reject>,
    /// The run's (or the file's) counted cells.
    pub(crate) cells: &'a mut Cells,
    /// Plain activities of the file by rep and day.
    pub(crate) dense: Dense,
}

impl FileMerge<'_> {
    /// Merge one chunk: its accounting `stats`, its `rejects` (lines chunk-relative,
    /// `line_base` the chunk's first line), its tally and, with `--emit-records`, the
    /// de-duplication status of its records.
    pub(crate) fn merge_chunk(
        &mut self,
        line_base: u64,
        stats: FileStats,
        rejects: &mut Vec<Reject>,
        tally: &mut Tally,
        records: Option<&mut Batch>,
    ) {
        self.stats.add(&stats);
        for mut r in rejects.drain(..) {
            r.line += line_base;
            self.rejects.push(r);
        }
        for (k, v) in tally.cells.drain() {
            self.cells.entry(k).or_default().add(&v);
        }
        for &k in &tally.units {
            if let Some(cell) = unpack_cell(k) {
                self.dense.add(cell, self.cells);
            }
        }
        // uncontended: files are merged one at a time, on this thread
        let mut cross = self.cross.and_then(|m| m.lock().ok());
        if let (Some(x), Some(ex)) = (cross.as_deref_mut(), tally.example.as_deref()) {
            x.example(ex);
        }
        // the records of the entries, in the same order (with --emit-records)
        let mut marks = records;
        let mut cursor = 0;
        let val_of = |e: &Entry| match e.val {
            UNIT => UNIT_VAL,
            i => tally.vals.get(i as usize).copied().unwrap_or_default(),
        };
        for e in &tally.entries {
            let fresh = match e.key {
                Key::None => true,
                Key::Num(n) => self.state.ext_num.insert(n),
                Key::Str(h) => self.state.ext_str.insert(h),
                Key::Row(h) => self.row_keys.insert(h),
            };
            let unique = fresh
                && match (tally.crosses.get(e.cross as usize), cross.as_deref_mut()) {
                    (Some(&(k, at)), Some(x)) => {
                        !x.offer(k, at, (e.cell.rep, e.cell.day), e.verdict.is_ok())
                    }
                    _ => true,
                };
            if let Some(b) = marks.as_deref_mut() {
                let st = if unique {
                    records::status_code(e.verdict)
                } else {
                    records::DUPLICATE
                };
                cursor = b.resolve_next(cursor, st);
            }
            if !unique {
                self.stats.duplicates += 1;
                if e.pre {
                    self.take_back(e, val_of(e));
                }
                continue;
            }
            if !e.pre {
                tally_one(&mut self.stats, e.verdict);
                if e.verdict.is_ok() {
                    self.cells.entry(e.cell).or_default().add(&val_of(e));
                }
            }
        }
    }

    /// Take a duplicate that the worker tallied as unique back out.
    fn take_back(&mut self, e: &Entry, val: CellVal) {
        untally(&mut self.stats, e.verdict);
        if e.verdict.is_ok() && via_units(e.cell, e.val == UNIT) {
            // added through `units`
            self.dense.sub(e.cell, self.cells);
        } else if e.verdict.is_ok()
            && let Some(c) = self.cells.get_mut(&e.cell)
        {
            c.sub(&val);
            if *c == CellVal::default() {
                self.cells.remove(&e.cell);
            }
        }
    }
}
