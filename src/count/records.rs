//! The records sink (`--emit-records`): the count stage hands each merged chunk's
//! normalised records, as a [`Batch`] of columns, to a [`RecordSink`] (the Parquet
//! writer of `output::parquet` is one), so that the stage names no output format.
//!
//! Workers collect a batch per chunk only when the export is on; the merge thread
//! resolves the de-duplication status of its rows, in file order, and writes it.

use crate::{count::NotCounted, error::Result, model::Kind};

/// Status codes of a record: counted, duplicate, not counted by rule; pending until the
/// merge decides (rows that go through de-duplication).
pub(crate) const COUNTED: u8 = 0;
pub(crate) const DUPLICATE: u8 = 1;
pub(crate) const PENDING: u8 = u8::MAX;

/// The status code of a classification verdict.
pub(crate) fn status_code(verdict: Result<(), NotCounted>) -> u8 {
    match verdict {
        Ok(()) => COUNTED,
        Err(r) => 2 + NotCounted::ALL.iter().position(|&x| x == r).unwrap_or(0) as u8,
    }
}

/// Optional strings of a batch, in one buffer.
#[derive(Default)]
pub(crate) struct Strs {
    buf: String,
    spans: Vec<Option<(u32, u32)>>,
}

impl Strs {
    /// Push a cell: trimmed, empty → null; not UTF-8 → lossy.
    fn push(&mut self, v: Option<&[u8]>) {
        let v = v.map(<[u8]>::trim_ascii).filter(|v| !v.is_empty());
        self.spans.push(v.map(|v| {
            let start = self.buf.len() as u32;
            match std::str::from_utf8(v) {
                Ok(s) => self.buf.push_str(s),
                Err(_) => self.buf.push_str(&String::from_utf8_lossy(v)),
            }
            (start, self.buf.len() as u32)
        }));
    }

    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        self.spans[i].map(|(a, b)| &self.buf[a as usize..b as usize])
    }
}

/// The records of one chunk, as columns; lines are chunk-relative until written.
#[derive(Default)]
pub(crate) struct Batch {
    pub(crate) line: Vec<u64>,
    pub(crate) rep: Vec<u32>,
    pub(crate) occurred_us: Vec<Option<i64>>,
    pub(crate) day: Vec<i32>,
    pub(crate) direction: Strs,
    pub(crate) outcome: Strs,
    pub(crate) external_id: Strs,
    pub(crate) duration_ms: Vec<Option<i64>>,
    pub(crate) amount: Vec<Option<i64>>,
    pub(crate) status: Vec<u8>,
    /// Inside the current report's counting window (else, when counted: the previous).
    pub(crate) current: Vec<bool>,
}

/// One record as the worker sees it (cells raw).
pub(crate) struct Row<'a> {
    pub(crate) line: u64,
    pub(crate) rep: u32,
    pub(crate) occurred_us: Option<i64>,
    pub(crate) day: i32,
    pub(crate) direction: Option<&'a [u8]>,
    pub(crate) outcome: Option<&'a [u8]>,
    pub(crate) external_id: Option<&'a [u8]>,
    pub(crate) duration_ms: Option<i64>,
    pub(crate) amount: Option<i64>,
    pub(crate) status: u8,
    pub(crate) current: bool,
}

impl Batch {
    pub(crate) fn push(&mut self, r: Row<'_>) {
        self.line.push(r.line);
        self.rep.push(r.rep);
        self.occurred_us.push(r.occurred_us);
        self.day.push(r.day);
        self.direction.push(r.direction);
        self.outcome.push(r.outcome);
        self.external_id.push(r.external_id);
        self.duration_ms.push(r.duration_ms);
        self.amount.push(r.amount);
        self.status.push(r.status);
        self.current.push(r.current);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.line.is_empty()
    }

    /// Set the status of the next pending record at or after `from`; returns the index
    /// after it. Entries reach the merge in the order their records were pushed.
    pub(crate) fn resolve_next(&mut self, from: usize, status: u8) -> usize {
        let mut i = from;
        while i < self.status.len() {
            if self.status[i] == PENDING {
                self.status[i] = status;
                return i + 1;
            }
            i += 1;
        }
        i
    }
}

/// What every record of one file shares.
pub(crate) struct FileMeta<'a> {
    pub(crate) source: &'a str,
    pub(crate) file: &'a str,
    pub(crate) kind: Kind,
}

/// Where the normalised records of a run go, one merged chunk at a time, in file order.
pub(crate) trait RecordSink {
    /// Take the records of one merged chunk of a file (statuses resolved; lines relative
    /// to `line_base`).
    fn write_batch(&mut self, meta: &FileMeta<'_>, batch: &Batch, line_base: u64) -> Result<()>;
}
