//! Reading one export file: decode → split into chunks → map and normalise rows in
//! parallel → de-duplicate and count in file order.
//!
//! Chunks are cut at newlines, so a worker may start inside a quoted multi-line
//! field. The merge stage knows: a chunk that ends inside a record hands its
//! unfinished tail to the next chunk, which is then re-parsed from the true record
//! start (sequentially, on the merge thread). Results are therefore exactly those of
//! a sequential parse, in file order, whatever the thread count.

use std::{
    collections::{BTreeMap, HashMap, HashSet},
    fs::File,
    hash::BuildHasher,
    path::Path,
    sync::{Mutex, mpsc},
};

use csv_core::{ReadRecordResult, ReaderBuilder};
use foldhash::fast::FixedState;
use sha2::{Digest, Sha256};

use crate::{
    config::{Dedup, OppRole, Source},
    count::cells::*,
    count::cross_dedup::CrossDedup,
    count::{FileStats, NotCounted, Reject, apply_rules},
    error::Failure,
    model::{Kind, RepIdx, key::key128_bytes},
    normalise::zone::{local_day, utc_micros},
    normalise::{amount::parse_amount, duration::parse_duration_ms, time::TimeError},
    output::parquet as records,
    roster::Roster,
    sources::decode,
    sources::header::*,
    sources::read::*,
    sources::split::*,
};

/// At most this many misfit rows after the last data row are taken as a report footer.
const MAX_TRAILER: usize = 20;
/// Values shown in rejects and unknown identities are cut to this many characters.
const SHOWN_CHARS: usize = 200;

/// A cell as shown in `rejects.csv` and in the unknown identities: lossy UTF-8, cut to
/// [`SHOWN_CHARS`] characters with the full size noted (a 10 MB field stays readable).
fn shown(v: &[u8]) -> String {
    let s = String::from_utf8_lossy(v);
    if s.chars().count() <= SHOWN_CHARS {
        return s.into_owned();
    }
    let cut: String = s.chars().take(SHOWN_CHARS).collect();
    format!("{cut}… ({} bytes)", v.len())
}

/// Line breaks in `bytes[range]`: every `\n`, and every `\r` not followed by `\n` (old
/// Mac line ends, which csv_core also takes as record ends). `bytes` beyond the range
/// decides whether a final `\r` is part of a CRLF.
fn line_breaks(bytes: &[u8], range: std::ops::Range<usize>) -> u64 {
    let start = range.start;
    let hay = &bytes[range];
    let bare_cr = if memchr::memchr(b'\r', hay).is_none() {
        0
    } else {
        memchr::memchr_iter(b'\r', hay)
            .filter(|&i| bytes.get(start + i + 1) != Some(&b'\n'))
            .count()
    };
    (count_byte(b'\n', hay) + bare_cr) as u64
}

/// Occurrences of `needle` in `hay` (vectorised: a 4 MiB chunk's line count would
/// otherwise cost a `memchr` call per line).
fn count_byte(needle: u8, hay: &[u8]) -> usize {
    #[cfg(target_arch = "x86_64")]
    if let Some(one) = memchr::arch::x86_64::avx2::memchr::One::new(needle) {
        return one.count(hay);
    }
    memchr::arch::all::memchr::One::new(needle).count(hay)
}

/// Blank lines in `bytes[range]`, the bytes between two records. When the previous record
/// ended with `\r`, csv_core leaves its `\n` at the start of the gap: not a blank line.
fn blank_lines(bytes: &[u8], range: std::ops::Range<usize>) -> u64 {
    let mut start = range.start;
    if start > 0
        && bytes[start - 1] == b'\r'
        && bytes.get(start) == Some(&b'\n')
        && start < range.end
    {
        start += 1;
    }
    line_breaks(bytes, start..range.end)
}

/// What the run needs to classify rows, shared by every file.
pub struct Ctx<'a> {
    pub roster: &'a Roster,
    /// UTC offsets of the reps' zones over the counted span.
    pub offsets: &'a crate::normalise::zone::Offsets,
    /// Counting window `[start, end)` in local day numbers, per `rep * Kind::ALL.len() + kind`.
    pub windows: &'a [(i32, i32)],
    /// `windows` interned ([`WindowIndex`]), when built.
    pub window_index: Option<&'a WindowIndex>,
    /// The previous report period's windows, same indexing (empty: not compared). A row
    /// outside its current window but inside this one counts (for the previous period).
    pub previous: &'a [(i32, i32)],
    pub threads: usize,
    /// The currency of each rep's won amounts (roster order); `None`: any.
    pub currencies: &'a [Option<String>],
    /// Rows dated after this local day number are "not counted (future)".
    pub as_of: Option<i32>,
    /// Cross-tool de-duplication (`[cross_dedup]`), shared by every source.
    pub cross: Option<&'a Mutex<CrossDedup>>,
    /// Collect the normalised records (`--emit-records`): workers keep a
    /// [`records::Batch`] per chunk. Off: the hot path is unchanged.
    pub records: bool,
}

impl Ctx<'_> {
    fn window(&self, rep: RepIdx, kind: Kind) -> (i32, i32) {
        let i = rep as usize * Kind::ALL.len() + kind.index();
        match self.window_index {
            Some(w) => w.get(i),
            None => self.windows.get(i).copied(),
        }
        .unwrap_or((0, 0))
    }

    fn in_previous(&self, rep: RepIdx, kind: Kind, day: i32) -> bool {
        let i = rep as usize * Kind::ALL.len() + kind.index();
        self.previous
            .get(i)
            .is_some_and(|&(lo, hi)| lo <= day && day < hi)
    }
}

/// Counting windows interned: reps mostly share them, and two bytes per rep and kind
/// keep the per-row lookup in cache (the 8-byte windows of 2,000 reps were a cache miss
/// per row).
pub struct WindowIndex {
    ix: Vec<u16>,
    set: Vec<(i32, i32)>,
}

impl WindowIndex {
    /// `None` when there are more distinct windows than two bytes can number.
    pub fn new(windows: &[(i32, i32)]) -> Option<WindowIndex> {
        let mut seen: HashMap<(i32, i32), u16> = HashMap::new();
        let mut w = WindowIndex {
            ix: Vec::with_capacity(windows.len()),
            set: Vec::new(),
        };
        for win in windows {
            let i = match seen.get(win) {
                Some(&i) => i,
                None => {
                    let i = u16::try_from(w.set.len()).ok()?;
                    w.set.push(*win);
                    seen.insert(*win, i);
                    i
                }
            };
            w.ix.push(i);
        }
        Some(w)
    }

    fn get(&self, i: usize) -> Option<(i32, i32)> {
        self.set.get(*self.ix.get(i)? as usize).copied()
    }
}

/// De-duplication memory of one source, kept across its files.
#[derive(Default)]
pub struct SourceState {
    ext_num: crate::count::idset::IdSet,
    ext_str: HashSet<u128, FixedState>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    None,
    Num(u64),
    Str(u128),
    Row(u128),
}

#[derive(Clone, Copy)]
struct Entry {
    key: Key,
    cell: CellKey,
    /// The row's value: [`UNIT`] (one activity, the usual case) or an index into
    /// [`ChunkOut::vals`]; kept out of line so that entries stay small.
    val: u32,
    verdict: Result<(), NotCounted>,
    /// Cross-tool key and UTC second (sources with a counterpart column): [`NO_CROSS`]
    /// or an index into [`ChunkOut::crosses`].
    cross: u32,
    /// Already tallied (and, when it counts, added to the chunk's cells) by the worker,
    /// as if unique: the merge only takes it back out if it is a duplicate. Entries with
    /// a cross-tool key are decided by the merge alone.
    pre: bool,
}

/// The days `[first, end)` that a set of counting windows covers (empty windows
/// ignored); `None` when they cover none.
pub fn window_span<'w>(windows: impl Iterator<Item = &'w (i32, i32)>) -> Option<(i32, i32)> {
    windows
        .filter(|(a, b)| a < b)
        .fold(None, |span, &(a, b)| match span {
            None => Some((a, b)),
            Some((lo, hi)) => Some((a.min(lo), b.max(hi))),
        })
}

/// Whether a counted row's value goes through [`ChunkOut::units`] (a plain activity
/// whose cell packs into a `u64`), so that a duplicate is taken back out of the same place.
fn via_units(cell: CellKey, plain: bool) -> bool {
    plain && cell.rep < 1 << 29
}

/// Counts of plain activities of one file (one kind) by rep and local day, in a flat
/// table over the days the counting windows span; cells outside it (or all of them, when
/// the table would be large) go to the cells map. Added into the map when the file ends.
struct Dense {
    kind: Kind,
    first_day: i32,
    days: usize,
    reps: usize,
    n: Vec<u32>,
}

impl Dense {
    /// At most this many slots (4 bytes each).
    const MAX_SLOTS: usize = 4 << 20;

    fn new<'a>(ctx: &Ctx<'a>, kind: Kind) -> Dense {
        let reps = ctx.roster.reps.len();
        // the windows are indexed `rep * Kind::ALL.len() + kind`
        let of_kind = |w: &'a [(i32, i32)]| w.iter().skip(kind.index()).step_by(Kind::ALL.len());
        let (lo, days) = match window_span(of_kind(ctx.windows).chain(of_kind(ctx.previous))) {
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

    fn slot(&self, c: CellKey) -> Option<usize> {
        let d = usize::try_from(i64::from(c.day) - i64::from(self.first_day)).ok()?;
        (c.kind == self.kind && d < self.days && (c.rep as usize) < self.reps)
            .then(|| c.rep as usize * self.days + d)
    }

    fn add(&mut self, c: CellKey, cells: &mut Cells) {
        match self.slot(c) {
            Some(i) => self.n[i] += 1,
            None => cells.entry(c).or_default().count += 1,
        }
    }

    /// Take back an [`Dense::add`] (a duplicate found by the merge).
    fn sub(&mut self, c: CellKey, cells: &mut Cells) {
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
    fn flush(&mut self, list: &mut Vec<(CellKey, CellVal)>) {
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

/// [`Entry::val`] of one plain activity (`CellVal { count: 1, .. }`).
const UNIT: u32 = u32::MAX;
/// [`Entry::cross`] of a row without a cross-tool key.
const NO_CROSS: u32 = u32::MAX;

/// Everything a worker needs for one file.
struct FileCtx<'a> {
    ctx: &'a Ctx<'a>,
    source: &'a Source,
    cols: Cols,
    file: &'a str,
    delimiter: u8,
    /// The merged chunks' largest buffers, emptied, for the next chunks: a fresh
    /// buffer per chunk cost its growth copies and the kernel's zeroing of new pages.
    spare: Mutex<Vec<Spare>>,
}

/// The reusable buffers of a [`ChunkOut`].
#[derive(Default)]
struct Spare {
    entries: Vec<Entry>,
    units: Vec<u64>,
}

impl FileCtx<'_> {
    fn take_spare(&self) -> Spare {
        let mut s = self
            .spare
            .lock()
            .ok()
            .and_then(|mut v| v.pop())
            .unwrap_or_default();
        if s.units.capacity() == 0 {
            s.units.reserve(1 << 15);
        }
        s
    }

    /// Give a merged chunk's buffers back.
    fn recycle(&self, out: &mut ChunkOut) {
        let mut spare = Spare {
            entries: std::mem::take(&mut out.entries),
            units: std::mem::take(&mut out.units),
        };
        spare.entries.clear();
        spare.units.clear();
        if let Ok(mut v) = self.spare.lock() {
            v.push(spare);
        }
    }
}

struct ChunkOut {
    idx: u64,
    last: bool,
    bytes: ChunkBytes,
    /// Newlines in `bytes[..consumed]`.
    lines: u64,
    /// Where an unfinished record starts (chunk ended inside a quoted field).
    tail: Option<usize>,
    entries: Vec<Entry>,
    /// Values of entries that are not [`UNIT`].
    vals: Vec<CellVal>,
    /// Cross-tool keys of entries.
    crosses: Vec<(u128, i64)>,
    /// Counted rows, summed per cell by the worker (de-duplicated sources: as if unique).
    cells: Cells,
    /// The cell ([`pack_cell`]) of each counted plain activity (most rows): the worker
    /// only appends; the merge adds them up in a [`Dense`] table (a hash-map update per
    /// row was a cache miss on both threads).
    units: Vec<u64>,
    /// Rows per verdict (`verdict_slot`), folded into `stats` when the chunk is done.
    verdicts: [u64; 1 + NotCounted::ALL.len()],
    stats: FileStats,
    /// Line numbers here are chunk-relative (0 = the chunk's first line).
    rejects: Vec<Reject>,
    /// Per reject: could it be a report footer (misfit row without a timestamp)?
    footer_like: Vec<bool>,
    /// Chunk-relative line of the last data row (neither rejected nor empty).
    last_data: Option<u64>,
    /// A mapped cell that is not UTF-8: parsing stopped there.
    bad_text: Option<BadText>,
    /// The chunk's records (only with [`Ctx::records`]); chunk-relative lines, statuses
    /// of de-duplicated rows pending until the merge.
    records: Option<Box<records::Batch>>,
}

/// Where a mapped cell is not UTF-8 (chunk-relative line).
#[derive(Clone, Copy, Debug)]
struct BadText {
    line: u64,
    col: usize,
}

/// Line numbers of a chunk, counted lazily: only rejected rows and the chunk's end need
/// them, so the hot path never scans for line breaks.
struct Lines<'b> {
    bytes: &'b [u8],
    pos: std::cell::Cell<usize>,
    line: std::cell::Cell<u64>,
}

impl<'b> Lines<'b> {
    fn new(bytes: &'b [u8]) -> Self {
        Lines {
            bytes,
            pos: std::cell::Cell::new(0),
            line: std::cell::Cell::new(0),
        }
    }

    /// Chunk-relative line of byte `offset` (offsets mostly asked in increasing order).
    fn at(&self, offset: usize) -> u64 {
        let (mut pos, mut line) = (self.pos.get(), self.line.get());
        if offset == pos {
            return line;
        }
        if offset < pos {
            (pos, line) = (0, 0);
        }
        line += line_breaks(self.bytes, pos..offset);
        self.pos.set(offset);
        self.line.set(line);
        line
    }

    /// `bytes[from..to]` is one line with exactly one line break, at its end: move past
    /// it without scanning (the chunk's line count then costs no pass of its own).
    fn step(&self, from: usize, to: usize) {
        let line = self.at(from);
        self.pos.set(to);
        self.line.set(line + 1);
    }
}

/// Where the record being classified starts, and whether its chunk is known UTF-8.
struct RowAt<'a, 'b> {
    lines: &'a Lines<'b>,
    start: usize,
    utf8: bool,
    /// The chunk holds a NUL byte somewhere (rows are checked for one only then).
    nul: bool,
}

impl RowAt<'_, '_> {
    fn get(&self) -> u64 {
        self.lines.at(self.start)
    }
}

/// A parsed record: the bytes its fields lie in and each field's `[start, end)`.
struct Fields<'b> {
    out: &'b [u8],
    bounds: &'b [(usize, usize)],
}

impl<'b> Fields<'b> {
    fn len(&self) -> usize {
        self.bounds.len()
    }
    fn get(&self, i: usize) -> Option<&'b [u8]> {
        let &(start, end) = self.bounds.get(i)?;
        self.out.get(start..end)
    }
    /// The field holding byte `p` of `out` (the last one when `p` is past them all).
    fn field_at(&self, p: usize) -> usize {
        self.bounds
            .partition_point(|&(_, e)| e <= p)
            .min(self.len().saturating_sub(1))
    }
    fn all_empty(&self) -> bool {
        (0..self.len()).all(|i| {
            self.get(i)
                .is_some_and(|f| f.iter().all(u8::is_ascii_whitespace))
        })
    }
    /// A hash of the fields' values, whatever quoting they were written with.
    fn hash128(&self) -> u128 {
        use std::hash::Hasher;
        let mut a = FixedState::with_seed(0x5eed_0001).build_hasher();
        let mut b = FixedState::with_seed(0x5eed_0002).build_hasher();
        for i in 0..self.len() {
            let f = self.get(i).unwrap_or(b"");
            a.write_usize(f.len());
            a.write(f);
            b.write_usize(f.len());
            b.write(f);
        }
        ((a.finish() as u128) << 64) | b.finish() as u128
    }
}

impl FileCtx<'_> {
    fn reject(&self, out: &mut ChunkOut, line: u64, col: usize, value: &[u8], reason: String) {
        self.reject_as(out, line, col, value, reason, false);
    }

    fn reject_as(
        &self,
        out: &mut ChunkOut,
        line: u64,
        col: usize,
        value: &[u8],
        reason: String,
        footer_like: bool,
    ) {
        out.stats.rejected += 1;
        out.rejects.push(Reject {
            file: self.file.to_string(),
            line,
            column: self.cols.names.get(col).cloned().unwrap_or_default(),
            value: shown(value),
            reason,
        });
        out.footer_like.push(footer_like);
    }

    fn text<'b>(&self, f: &'b [u8], at: &RowAt<'_, '_>, col: usize) -> Result<&'b str, BadText> {
        if at.utf8 {
            // SAFETY: the whole chunk was checked to be UTF-8, and the fields (csv_core's
            // or the fast splitters') are that text cut at ASCII delimiters, with ASCII
            // quotes removed or `""` made one `"`: still UTF-8.
            return Ok(unsafe { std::str::from_utf8_unchecked(f) });
        }
        std::str::from_utf8(f).map_err(|_| BadText {
            line: at.get(),
            col,
        })
    }

    /// The message for a cell that is not UTF-8 (`line` absolute).
    fn bad_text(&self, line: u64, col: usize) -> Failure {
        Failure::config(format!(
            "`{}` is not valid UTF-8 (line {line}, column `{}`); if it was saved by Excel on Windows, set `encoding = \"windows-1250\"` (Central European) or `\"windows-1252\"` (Western) in source `{}`",
            self.file,
            self.cols.names.get(col).map_or("", |s| s.as_str()),
            self.source.name
        ))
    }

    /// Classify one record. `line` is chunk-relative; the merge makes it absolute.
    fn row(&self, f: &Fields<'_>, at: &RowAt<'_, '_>, out: &mut ChunkOut) -> Result<(), BadText> {
        out.stats.read += 1;
        if f.all_empty() {
            out.stats.empty += 1;
            return Ok(());
        }
        if let Some(p) = at.nul.then(|| memchr::memchr(0, f.out)).flatten() {
            let col = f.field_at(p);
            self.reject(
                out,
                at.get(),
                col,
                f.get(col).unwrap_or(b""),
                "NUL byte in the row (binary data, or a UTF-16 file without a byte-order mark?)"
                    .into(),
            );
            return Ok(());
        }
        let c = &self.cols;
        let s = self.source;
        let n = c.names.len();
        let get = |i: usize| f.get(i).unwrap_or(b"");
        // 1. when (its text first: a misfit row without a timestamp may be a footer)
        let mut joined = [0u8; 128];
        let ts_bytes = match c.ts_time {
            None => get(c.ts),
            Some(j) => {
                let (d, t) = (get(c.ts).trim_ascii(), get(j).trim_ascii());
                let len = d.len() + usize::from(!t.is_empty()) + t.len();
                if len > joined.len() {
                    self.reject(
                        out,
                        at.get(),
                        j,
                        t,
                        "bad timestamp (date and time longer than 127 bytes)".into(),
                    );
                    return Ok(());
                }
                joined[..d.len()].copy_from_slice(d);
                if !t.is_empty() {
                    joined[d.len()] = b' ';
                    joined[d.len() + 1..len].copy_from_slice(t);
                }
                &joined[..len]
            }
        };
        let ts_text = self.text(ts_bytes, at, c.ts)?;
        if f.len() != n {
            let extra_blank = f.len() > n
                && (n..f.len()).all(|i| f.get(i).is_some_and(|v| v.trim_ascii().is_empty()));
            if !extra_blank {
                let shown = f.get(f.len().saturating_sub(1)).unwrap_or(b"");
                self.reject_as(
                    out,
                    at.get(),
                    f.len().saturating_sub(1),
                    shown,
                    format!("row has {} fields, the header has {n}", f.len()),
                    f.len() < n && s.ts_format.parse_cold(ts_text).is_err(),
                );
                return Ok(());
            }
        }
        // parsed where it is used, the fixed shape apart: a parsed time kept across the
        // check above, or merged from both paths, went through the stack (a
        // store-forwarding stall per row)
        let t = match s.ts_format.parse_fixed(ts_text) {
            Some(t) => t,
            None => match s.ts_format.parse_cold(ts_text) {
                Ok(t) => t,
                Err(e) => {
                    self.reject_as(
                        out,
                        at.get(),
                        c.ts,
                        ts_bytes,
                        format!("bad timestamp ({e}); expected {}", s.ts_format.describe()),
                        e == TimeError::Empty,
                    );
                    return Ok(());
                }
            },
        };
        // 2. who
        let rep_raw = self.text(get(c.rep), at, c.rep)?;
        let Some(rep) = self.ctx.roster.resolve(s.rep_field, rep_raw) else {
            out.stats.unmatched += 1;
            let id = rep_raw.trim();
            let ambiguous;
            let placeholder = crate::sources::no_user::shown(&s.no_user, id);
            let id = if id.is_empty() {
                "(empty)"
            } else if let Some(p) = &placeholder {
                p
            } else if self.ctx.roster.is_ambiguous(s.rep_field, id) {
                ambiguous = format!("{id} (ambiguous in roster)");
                &ambiguous
            } else {
                id
            };
            let id: std::borrow::Cow<'_, str> = if id.len() > SHOWN_CHARS {
                shown(id.as_bytes()).into()
            } else {
                id.into()
            };
            match out.stats.unknown_identities.get_mut(id.as_ref()) {
                Some(n) => *n += 1,
                None => {
                    out.stats.unknown_identities.insert(id.into_owned(), 1);
                }
            }
            return Ok(());
        };
        // the rep's zone from the small offset tables (the roster's rows are large: one
        // cache miss per row)
        let table = self.ctx.offsets.of_rep(rep);
        let rep_tz = match table {
            Some(t) => t.tz(),
            None => self.ctx.roster.reps[rep as usize].tz,
        };
        let day = match local_day(&t, s.ts_zone, rep_tz, table) {
            Ok(d) => d,
            Err(why) => {
                self.reject(
                    out,
                    at.get(),
                    c.ts,
                    ts_bytes,
                    format!("bad timestamp: {why}"),
                );
                return Ok(());
            }
        };
        // 3. how long, how much
        let mut duration_ms = None;
        if let (Some(i), Some((_, unit))) = (c.duration, &s.duration) {
            let raw = self.text(get(i), at, i)?;
            if !raw.trim().is_empty() {
                match parse_duration_ms(raw, *unit) {
                    Ok(ms) => duration_ms = Some(ms),
                    Err(e) => {
                        self.reject(
                            out,
                            at.get(),
                            i,
                            get(i),
                            format!("bad duration ({e}); expected {}", unit_hint(*unit)),
                        );
                        return Ok(());
                    }
                }
            }
        }
        let mut amount = 0;
        if let Some(i) = c.amount {
            let raw = self.text(get(i), at, i)?;
            if !raw.trim().is_empty() {
                match parse_amount(raw, s.decimal_comma) {
                    Ok(a) => amount = a,
                    Err(e) => {
                        self.reject(out, at.get(), i, get(i), format!("bad amount ({e})"));
                        return Ok(());
                    }
                }
            }
        }
        let won = s.kind == Kind::Opportunity && s.opportunity == OppRole::Won;
        if won && amount < 0 {
            let i = c.amount.unwrap_or(0);
            self.reject(
                out,
                at.get(),
                i,
                get(i),
                "negative amount of a won opportunity".into(),
            );
            return Ok(());
        }
        let mut units = 0;
        if let Some(i) = c.units {
            let raw = self.text(get(i), at, i)?;
            if !raw.trim().is_empty() {
                match parse_amount(raw, s.decimal_comma) {
                    Ok(u) if u >= 0 => units = u,
                    Ok(_) => {
                        self.reject(out, at.get(), i, get(i), "negative units".into());
                        return Ok(());
                    }
                    Err(e) => {
                        self.reject(out, at.get(), i, get(i), format!("bad units ({e})"));
                        return Ok(());
                    }
                }
            }
        }
        let mut currency_ok = true;
        if let Some(i) = c.currency {
            let raw = self.text(get(i), at, i)?.trim();
            if !raw.is_empty() {
                if raw.len() != 3 || !raw.bytes().all(|b| b.is_ascii_alphabetic()) {
                    self.reject(
                        out,
                        at.get(),
                        i,
                        get(i),
                        "bad currency (expected an ISO code such as `USD`)".into(),
                    );
                    return Ok(());
                }
                if let Some(Some(want)) = self.ctx.currencies.get(rep as usize) {
                    currency_ok = raw.eq_ignore_ascii_case(want);
                }
            }
        }
        let new_customer = match (c.new_customer, &s.new_customer) {
            (Some(i), Some((_, values))) => {
                let raw = self.text(get(i), at, i)?;
                values
                    .iter()
                    .any(|v| crate::normalise::identity::eq_fold(v, raw))
            }
            _ => false,
        };
        // 4. does it count
        let (lo, hi) = self.ctx.window(rep, s.kind);
        let verdict = if (day < lo || day >= hi) && !self.ctx.in_previous(rep, s.kind, day) {
            Err(NotCounted::OutsidePeriod)
        } else if self.ctx.as_of.is_some_and(|a| day > a) {
            Err(NotCounted::Future)
        } else {
            let direction = match c.direction {
                Some(i) => Some(self.text(get(i), at, i)?),
                None => None,
            };
            let outcome = match c.outcome {
                Some(i) => Some(self.text(get(i), at, i)?),
                None => None,
            };
            let rules = apply_rules(&s.rules, direction, outcome, duration_ms);
            if rules.is_ok() && won && !currency_ok {
                Err(NotCounted::Currency)
            } else {
                rules
            }
        };
        let val = if won {
            CellVal {
                won: 1,
                won_amount: amount,
                units,
                new_customers: new_customer as u64,
                ..CellVal::default()
            }
        } else {
            CellVal {
                count: 1,
                amount,
                ..CellVal::default()
            }
        };
        let cell = CellKey {
            rep,
            day,
            kind: s.kind,
        };
        let key = match s.dedup {
            Dedup::None => Key::None,
            Dedup::ExactRow => Key::Row(f.hash128()),
            Dedup::ExternalId => {
                let i = c.external_id.unwrap_or(0);
                let id = self.text(get(i), at, i)?.trim();
                if id.is_empty() {
                    Key::Row(f.hash128())
                } else if let Some(n) = small_number(id.as_bytes()) {
                    Key::Num(n)
                } else {
                    Key::Str(key128_bytes(0xe1d, id.as_bytes()))
                }
            }
        };
        let cross = match c.counterpart {
            Some(i) if verdict != Err(NotCounted::OutsidePeriod) => {
                crate::count::cross_dedup::normalise(self.text(get(i), at, i)?).and_then(|cp| {
                    crate::count::cross_dedup::utc_seconds(&t, s.ts_zone, rep_tz)
                        .map(|at| (crate::count::cross_dedup::key(rep, s.kind, &cp), at))
                })
            }
            _ => None,
        };
        if let Some(b) = out.records.as_deref_mut() {
            let pending = key != Key::None || cross.is_some();
            b.push(records::Row {
                line: at.get(),
                rep,
                occurred_us: utc_micros(&t, s.ts_zone, rep_tz),
                day,
                direction: c.direction.map(get),
                outcome: c.outcome.map(get),
                external_id: c.external_id.map(get),
                duration_ms,
                amount: c
                    .amount
                    .filter(|&i| !get(i).trim_ascii().is_empty())
                    .map(|_| amount),
                status: if pending {
                    records::PENDING
                } else {
                    records::status_code(verdict)
                },
                current: lo <= day && day < hi,
            });
        }
        // Rows are tallied and summed here, as if unique (most are): the merge, which
        // sees the rows in file order, only takes duplicates back out.
        let pre = cross.is_none();
        if pre {
            out.verdicts[verdict_slot(verdict)] += 1;
            if verdict.is_ok() {
                if via_units(cell, val == UNIT_VAL) {
                    out.units.push(pack_cell(cell));
                } else {
                    out.cells.entry(cell).or_default().add(&val);
                }
            }
        }
        if key != Key::None || !pre {
            let val = if val == UNIT_VAL {
                UNIT
            } else {
                out.vals.push(val);
                (out.vals.len() - 1) as u32
            };
            let cross = match cross {
                Some(c) => {
                    out.crosses.push(c);
                    (out.crosses.len() - 1) as u32
                }
                None => NO_CROSS,
            };
            out.entries.push(Entry {
                key,
                cell,
                val,
                verdict,
                cross,
                pre,
            });
        }
        Ok(())
    }

    /// Parse and classify the records of one chunk. The chunk must start at a record
    /// boundary for the result to be right; the merge checks that.
    fn chunk(&self, idx: u64, owner: ChunkBytes, last: bool) -> Result<ChunkOut, Failure> {
        let bytes: &[u8] = &owner;
        let spare = self.take_spare();
        let mut out = ChunkOut {
            idx,
            last,
            bytes: ChunkBytes::default(),
            lines: 0,
            tail: None,
            entries: spare.entries,
            vals: Vec::new(),
            crosses: Vec::new(),
            cells: Cells::default(),
            units: spare.units,
            verdicts: [0; 1 + NotCounted::ALL.len()],
            stats: FileStats::default(),
            rejects: Vec::new(),
            footer_like: Vec::new(),
            last_data: None,
            bad_text: None,
            records: self.ctx.records.then(Box::default),
        };
        let mut rdr = ReaderBuilder::new().delimiter(self.delimiter).build();
        let mut buf = vec![0u8; 4096];
        let mut ends = vec![0usize; 64];
        let (mut pos, mut nout, mut nend) = (0usize, 0usize, 0usize);
        let mut rec_start = 0usize;
        // the line of the last data row (asked when it is read: `Lines` counts forward)
        let mut last_data = None;
        let mut eof_sent = false;
        let utf8 = std::str::from_utf8(bytes).is_ok();
        let nul = memchr::memchr(0, bytes).is_some();
        let lines = Lines::new(bytes);
        let mut bounds: Vec<(usize, usize)> = Vec::with_capacity(64);
        let mut scratch: Vec<u8> = Vec::with_capacity(1024);
        loop {
            // Fast path: a whole line with well-formed quoting (if any) and no stray CR
            // is split in one pass (most rows of most exports, quoted or not); lines
            // with other quotes go to the quoted-line splitter, and csv_core takes the
            // rest.
            if !eof_sent && nout == 0 && nend == 0 {
                let mut p = pos;
                if bytes.get(p) == Some(&b'\n') && p > 0 && bytes[p - 1] == b'\r' {
                    p += 1; // the `\n` of a CRLF whose `\r` ended the previous record
                }
                let found = match split_line(bytes, p, self.delimiter, &mut bounds, &mut scratch) {
                    // one pass found the line's end and its fields
                    Some(l) => Some((l.nl, &bytes[p..p + l.len], Some(l.escaped))),
                    _ => memchr::memchr(b'\n', &bytes[p..]).map(|nl| {
                        let mut line = &bytes[p..p + nl];
                        if let [rest @ .., b'\r'] = line {
                            line = rest;
                        }
                        (nl, line, None)
                    }),
                };
                if let Some((nl, line, taken)) = found {
                    let split = if taken.is_some() {
                        taken
                    } else if line.is_empty() {
                        None
                    } else if memchr::memchr2(b'"', b'\r', line).is_none() {
                        bounds.clear();
                        let mut start = 0;
                        for d in memchr::memchr_iter(self.delimiter, line) {
                            bounds.push((start, d));
                            start = d + 1;
                        }
                        bounds.push((start, line.len()));
                        Some(false)
                    } else {
                        split_quoted(line, self.delimiter, &mut bounds, &mut scratch)
                    };
                    if let Some(unescaped) = split {
                        let f = Fields {
                            out: if unescaped { &scratch } else { line },
                            bounds: &bounds,
                        };
                        let at = RowAt {
                            lines: &lines,
                            start: p,
                            utf8,
                            nul,
                        };
                        let (rejected, empty) = (out.stats.rejected, out.stats.empty);
                        if let Err(bad) = self.row(&f, &at, &mut out) {
                            out.bad_text = Some(bad);
                            break;
                        }
                        if out.stats.rejected == rejected && out.stats.empty == empty {
                            last_data = Some(lines.at(p));
                        }
                        pos = p + nl + 1;
                        rec_start = pos;
                        // the line held one line break, its `\n` (a CR before it is
                        // part of it; any other CR sends a line to csv_core)
                        lines.step(p, pos);
                        continue;
                    }
                }
            }
            let input = if eof_sent { &[][..] } else { &bytes[pos..] };
            let (res, nin, no, ne) = rdr.read_record(input, &mut buf[nout..], &mut ends[nend..]);
            pos += nin;
            nout += no;
            nend += ne;
            match res {
                ReadRecordResult::InputEmpty => {
                    if last && !eof_sent {
                        eof_sent = true;
                        continue;
                    }
                    break;
                }
                ReadRecordResult::OutputFull => buf.resize(buf.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
                ReadRecordResult::Record => {
                    let start = rec_start
                        + bytes[rec_start..pos]
                            .iter()
                            .take_while(|b| matches!(b, b'\r' | b'\n'))
                            .count();
                    // the gap before a record: nothing (LF), the `\n` of a CRLF, or blank lines
                    let gap = &bytes[rec_start..start];
                    if !(gap.is_empty()
                        || gap == b"\n" && rec_start > 0 && bytes[rec_start - 1] == b'\r')
                    {
                        let blanks = blank_lines(bytes, rec_start..start);
                        out.stats.read += blanks;
                        out.stats.empty += blanks;
                    }
                    bounds.clear();
                    let mut field_start = 0;
                    for &e in &ends[..nend] {
                        bounds.push((field_start, e));
                        field_start = e;
                    }
                    let f = Fields {
                        out: &buf[..nout],
                        bounds: &bounds,
                    };
                    let at = RowAt {
                        lines: &lines,
                        start,
                        utf8,
                        nul,
                    };
                    let (rejected, empty) = (out.stats.rejected, out.stats.empty);
                    if eof_sent && memchr::memchr_iter(b'"', &bytes[start..pos]).count() % 2 == 1 {
                        // the final flush of a record whose quote never closed
                        out.stats.read += 1;
                        let col = f.len().saturating_sub(1);
                        let line = at.get();
                        self.reject(
                            &mut out,
                            line,
                            col,
                            f.get(col).unwrap_or(b""),
                            format!(
                                "unclosed quote: the quoted field runs to the end of the file ({} lines)",
                                1 + line_breaks(bytes, start..pos)
                            ),
                        );
                    } else if let Err(bad) = self.row(&f, &at, &mut out) {
                        // decided by the merge: this chunk may have started at a wrong place
                        out.bad_text = Some(bad);
                        break;
                    }
                    if out.stats.rejected == rejected && out.stats.empty == empty {
                        last_data = Some(lines.at(start));
                    }
                    nout = 0;
                    nend = 0;
                    rec_start = pos;
                }
                ReadRecordResult::End => break,
            }
        }
        out.last_data = last_data;
        out.stats.counted += out.verdicts[0];
        for (r, &n) in NotCounted::ALL.iter().zip(&out.verdicts[1..]) {
            if n > 0 {
                *out.stats.not_counted.entry(*r).or_default() += n;
            }
        }
        let after_cr = rec_start > 0 && bytes[rec_start - 1] == b'\r';
        if !last
            && bytes[rec_start..]
                .iter()
                .any(|b| !matches!(b, b'\r' | b'\n'))
        {
            // ended inside a quoted field: the rest belongs to the next chunk (without the
            // `\n` of a CRLF that ended the previous record, so it starts at a line start)
            let t = rec_start + usize::from(after_cr && bytes.get(rec_start) == Some(&b'\n'));
            out.tail = Some(t);
            out.lines = lines.at(t);
        } else {
            let blanks = blank_lines(bytes, rec_start..bytes.len());
            out.stats.read += blanks;
            out.stats.empty += blanks;
            out.lines = lines.at(bytes.len());
        }
        out.bytes = owner;
        Ok(out)
    }
}

fn unit_hint(u: crate::normalise::duration::DurationUnit) -> &'static str {
    use crate::normalise::duration::DurationUnit as U;
    match u {
        U::Seconds => "whole seconds ≥ 0, e.g. `240`",
        U::Milliseconds => "milliseconds ≥ 0, e.g. `240000`",
        U::Minutes => "minutes ≥ 0, e.g. `4` or `4.5`",
        U::Hms => "hh:mm:ss ≥ 0, e.g. `00:04:00`",
        U::Auto => "seconds or hh:mm:ss ≥ 0, e.g. `240` or `00:04:00`",
    }
}

fn tally(stats: &mut FileStats, verdict: Result<(), NotCounted>) {
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

/// Take back a [`tally`] (of a row found to be a duplicate after all).
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

/// Slot of a verdict in [`ChunkOut::verdicts`].
fn verdict_slot(verdict: Result<(), NotCounted>) -> usize {
    match verdict {
        Ok(()) => 0,
        Err(r) => 1 + r as usize,
    }
}

/// The outcome of one file: its accounting and its rejected rows.
pub struct FileOutcome {
    pub stats: FileStats,
    pub rejects: Vec<Reject>,
}

/// Read, classify and count one file of a source. Counted activities are added to
/// `counted`; the source's de-duplication memory is updated.
pub fn ingest_file(
    ctx: &Ctx<'_>,
    source: &Source,
    path: &Path,
    shown: &str,
    state: &mut SourceState,
    counted: &mut Counted,
    mut records: Option<&mut records::RecordWriter>,
) -> anyhow::Result<FileOutcome> {
    let cells = &mut counted.map;
    let file = File::open(path).map_err(|e| {
        Failure::run(format!(
            "cannot open `{shown}` (source `{}`): {e}",
            source.name
        ))
    })?;
    let hasher = std::sync::Arc::new(Mutex::new((Sha256::new(), 0u64)));
    let read_err = |e: std::io::Error| Failure::run(format!("cannot read `{shown}`: {e}"));
    let mut input = match map_utf8(&file, source) {
        Some((map, bom)) => Input::Mapped(map, bom),
        None => {
            let mut raw = HashingReader {
                inner: file,
                hasher: hasher.clone(),
            };
            let mut first = Vec::new();
            fill(&mut raw, &mut first, 4).map_err(read_err)?;
            Input::Stream(decode::utf8_stream(first, raw, source.encoding).0)
        }
    };

    // header: grow the first block until it holds the whole header record
    let mut block = Vec::with_capacity(BLOCK);
    let mut want = 64 * 1024;
    let (cols, header_end, delimiter, data_first_line) = loop {
        let (view, eof): (&[u8], bool) = match &mut input {
            Input::Stream(stream) => {
                fill(stream.as_mut(), &mut block, want).map_err(read_err)?;
                (&block, block.len() < want)
            }
            Input::Mapped(map, bom) => {
                let end = bom.saturating_add(want).min(map.len());
                (&map[*bom..end], end == map.len())
            }
        };
        if eof && view.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(Failure::config(format!(
                "`{shown}` (source `{}`) is empty: expected a header line with the columns `{}`, `{}`",
                source.name, source.rep_column, source.ts_column
            ))
            .into());
        }
        if let Some((cols, end, d)) = locate_header(source, view, eof, shown)? {
            // physical line of the first byte after the header
            break (cols, end, d, 1 + line_breaks(view, 0..end));
        }
        if eof {
            return Err(Failure::config(format!(
                "`{shown}` (source `{}`): cannot read the header line (unclosed quote?)",
                source.name
            ))
            .into());
        }
        want *= 4;
    };
    let fctx = FileCtx {
        ctx,
        source,
        cols,
        file: shown,
        delimiter,
        spare: Mutex::new(Vec::new()),
    };
    let data_start = match &input {
        Input::Stream(_) => {
            block.drain(..header_end);
            0
        }
        Input::Mapped(_, bom) => bom + header_end,
    };

    let threads = ctx.threads.max(1);
    let (chunk_tx, chunk_rx) = mpsc::sync_channel::<(u64, ChunkBytes, bool)>(threads * 2);
    let chunk_rx = Mutex::new(chunk_rx);
    let (out_tx, out_rx) = mpsc::channel::<Result<ChunkOut, Failure>>();
    // chunk buffers go back to the reader once merged: no fresh 4 MiB allocation (and
    // page faults) per chunk
    let (pool_tx, pool_rx) = mpsc::channel::<Vec<u8>>();
    let mut stats = FileStats {
        source: source.name.clone(),
        file: shown.to_string(),
        ..FileStats::default()
    };
    let mut rejects = Vec::new();
    let mut footer_like = Vec::new();
    let mut last_data: Option<u64> = None;
    let mut row_keys: HashSet<u128, FixedState> = HashSet::default();
    let mut dense = Dense::new(ctx, source.kind);

    let result: Result<(), Failure> = std::thread::scope(|scope| {
        for _ in 0..threads {
            let out_tx = out_tx.clone();
            let chunk_rx = &chunk_rx;
            let fctx = &fctx;
            scope.spawn(move || {
                loop {
                    let next = match chunk_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok((idx, bytes, last)) = next else { return };
                    if out_tx.send(fctx.chunk(idx, bytes, last)).is_err() {
                        return;
                    }
                }
            });
        }
        // the reader
        let reader_out = out_tx.clone();
        drop(out_tx);
        let in_flight = threads * 2 + 3;
        match input {
            Input::Mapped(map, _) => {
                let hasher = &hasher;
                scope.spawn(move || {
                    drop(reader_out); // nothing to report: a mapped file cannot fail to read
                    read_mapped(map, data_start, in_flight, hasher, chunk_tx, pool_rx);
                });
            }
            Input::Stream(stream) => {
                scope.spawn(move || {
                    let errors = move |e: std::io::Error| {
                        let _ = reader_out
                            .send(Err(Failure::run(format!("cannot read `{shown}`: {e}"))));
                    };
                    read_stream(stream, block, in_flight, chunk_tx, pool_rx, errors);
                });
            }
        }

        // the merge, in chunk order; it owns the pool's sender, so that a merge that
        // stops early (an error) releases a reader waiting for a buffer
        let pool_tx = pool_tx;
        let mut pending: BTreeMap<u64, ChunkOut> = BTreeMap::new();
        let mut next = 0u64;
        let mut line_base = data_first_line;
        let mut carry: Option<(Vec<u8>, u64)> = None; // unfinished record bytes, its line
        let mut done = false;
        let mut released = 0usize; // a mapped file's pages before this are dropped
        while !done {
            let Ok(msg) = out_rx.recv() else { break };
            let out = msg?;
            pending.insert(out.idx, out);
            while let Some(mut out) = pending.remove(&next) {
                next += 1;
                if let Some((mut tail, tail_line)) = carry.take() {
                    // this chunk was parsed from a wrong start: redo it from the true one
                    line_base = tail_line;
                    let old = std::mem::take(&mut out.bytes);
                    tail.extend_from_slice(&old);
                    old.release(&mut released);
                    if let ChunkBytes::Owned(v) = old {
                        let _ = pool_tx.send(v);
                    }
                    out = fctx.chunk(out.idx, ChunkBytes::Owned(tail), out.last)?;
                }
                if let Some(b) = out.bad_text {
                    return Err(fctx.bad_text(line_base + b.line, b.col));
                }
                if let Some(l) = out.last_data {
                    last_data = Some(line_base + l);
                }
                footer_like.append(&mut out.footer_like);
                merge_chunk(
                    &mut out,
                    line_base,
                    ctx.cross,
                    state,
                    &mut row_keys,
                    &mut stats,
                    &mut rejects,
                    cells,
                    &mut dense,
                );
                fctx.recycle(&mut out);
                if let (Some(w), Some(b)) = (records.as_deref_mut(), out.records.take()) {
                    let meta = records::FileMeta {
                        source: &source.name,
                        file: shown,
                        kind: source.kind,
                    };
                    w.write(&meta, &b, line_base)
                        .map_err(|e| Failure::run(format!("`{shown}`: {e:#}")))?;
                }
                if let Some(t) = out.tail {
                    if out.bytes.len() - t > MAX_RECORD {
                        return Err(Failure::run(format!(
                            "`{shown}` (source `{}`): the record starting on line {} is longer than {} MiB; is a quote left unclosed?",
                            source.name,
                            line_base + out.lines,
                            MAX_RECORD >> 20
                        )));
                    }
                    carry = Some((out.bytes[t..].to_vec(), line_base + out.lines));
                }
                line_base += out.lines;
                done |= out.last;
                // one buffer (or, for a mapped file, one token) back per chunk merged
                out.bytes.release(&mut released);
                let _ = pool_tx.send(match std::mem::take(&mut out.bytes) {
                    ChunkBytes::Owned(v) => v,
                    ChunkBytes::Mapped(..) => Vec::new(),
                });
            }
        }
        Ok(())
    });
    result?;
    dense.flush(&mut counted.list);
    // report footers: misfit rows without a timestamp after the last data row
    if last_data.is_some() {
        let mut n = 0;
        while n < MAX_TRAILER
            && rejects.len() > n
            && footer_like.get(rejects.len() - 1 - n) == Some(&true)
            && Some(rejects[rejects.len() - 1 - n].line) > last_data
        {
            n += 1;
        }
        rejects.truncate(rejects.len() - n);
        stats.rejected -= n as u64;
        stats.trailer += n as u64;
    }
    let (sha, size) = {
        let h = hasher
            .lock()
            .map_err(|_| Failure::run("hash state poisoned"))?;
        (h.0.clone().finalize(), h.1)
    };
    stats.sha256 = sha.iter().map(|b| format!("{b:02x}")).collect();
    stats.size = size;
    Ok(FileOutcome { stats, rejects })
}

#[allow(clippy::too_many_arguments)]
fn merge_chunk(
    out: &mut ChunkOut,
    line_base: u64,
    cross: Option<&Mutex<CrossDedup>>,
    state: &mut SourceState,
    row_keys: &mut HashSet<u128, FixedState>,
    stats: &mut FileStats,
    rejects: &mut Vec<Reject>,
    cells: &mut Cells,
    dense: &mut Dense,
) {
    let s = std::mem::take(&mut out.stats);
    stats.add(&s);
    for mut r in out.rejects.drain(..) {
        r.line += line_base;
        rejects.push(r);
    }
    for (k, v) in out.cells.drain() {
        cells.entry(k).or_default().add(&v);
    }
    for &k in &out.units {
        if let Some(cell) = unpack_cell(k) {
            dense.add(cell, cells);
        }
    }
    // uncontended: files are merged one at a time, on this thread
    let mut cross = cross.and_then(|m| m.lock().ok());
    // the records of the entries, in the same order (with --emit-records)
    let mut marks = out.records.as_deref_mut();
    let mut cursor = 0;
    let val_of = |e: &Entry| match e.val {
        UNIT => UNIT_VAL,
        i => out.vals.get(i as usize).copied().unwrap_or_default(),
    };
    for e in &out.entries {
        let fresh = match e.key {
            Key::None => true,
            Key::Num(n) => state.ext_num.insert(n),
            Key::Str(h) => state.ext_str.insert(h),
            Key::Row(h) => row_keys.insert(h),
        };
        let unique = fresh
            && match (out.crosses.get(e.cross as usize), cross.as_deref_mut()) {
                (Some(&(k, at)), Some(x)) => {
                    let dup = x.is_duplicate(k, at);
                    if !dup {
                        x.keep(k, at);
                    }
                    !dup
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
            stats.duplicates += 1;
            if e.pre {
                untally(stats, e.verdict);
                if e.verdict.is_ok() && via_units(e.cell, e.val == UNIT) {
                    // added through `units`
                    dense.sub(e.cell, cells);
                } else if e.verdict.is_ok()
                    && let Some(c) = cells.get_mut(&e.cell)
                {
                    c.sub(&val_of(e));
                    if *c == CellVal::default() {
                        cells.remove(&e.cell);
                    }
                }
            }
            continue;
        }
        if !e.pre {
            tally(stats, e.verdict);
            if e.verdict.is_ok() {
                cells.entry(e.cell).or_default().add(&val_of(e));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// 1 to 7 fields for [`csv_line`], quoted or not, of up to `max` bytes of `alphabet`.
    fn csv_fields(
        alphabet: &'static [u8],
        max: usize,
    ) -> impl Strategy<Value = Vec<(bool, Vec<u8>)>> {
        let field = prop::collection::vec(prop::sample::select(alphabet.to_vec()), 0..max);
        prop::collection::vec((any::<bool>(), field), 1..8)
    }

    /// A CSV line of `fields` (quoted or not: an unquoted field loses its delimiters and
    /// quotes, a quoted one has each `"` doubled), and the values it holds.
    fn csv_line(fields: &[(bool, Vec<u8>)], delimiter: u8) -> (Vec<u8>, Vec<Vec<u8>>) {
        let mut line = Vec::new();
        let mut want = Vec::new();
        for (i, (quoted, text)) in fields.iter().enumerate() {
            if i > 0 {
                line.push(delimiter);
            }
            let text: Vec<u8> = if *quoted {
                text.clone()
            } else {
                text.iter()
                    .copied()
                    .filter(|&c| c != delimiter && c != b'"')
                    .collect()
            };
            if *quoted {
                line.push(b'"');
                for &c in &text {
                    line.push(c);
                    if c == b'"' {
                        line.push(b'"');
                    }
                }
                line.push(b'"');
            } else {
                line.extend_from_slice(&text);
            }
            want.push(text);
        }
        (line, want)
    }

    /// Fields of `line` as csv_core reads them (the reference for the fast splitters).
    fn csv_core_fields(line: &[u8], delimiter: u8) -> Vec<Vec<u8>> {
        let mut rdr = ReaderBuilder::new().delimiter(delimiter).build();
        let (mut out, mut ends) = (vec![0u8; 4 * line.len() + 16], vec![0usize; line.len() + 2]);
        let (res, _, nout, nend) = rdr.read_record(line, &mut out, &mut ends);
        let (res, nend) = if res == ReadRecordResult::InputEmpty {
            let (r, _, _, n2) = rdr.read_record(&[], &mut out[nout..], &mut ends[nend..]);
            (r, nend + n2)
        } else {
            (res, nend)
        };
        assert_eq!(res, ReadRecordResult::Record, "{line:?}");
        let mut start = 0;
        ends[..nend]
            .iter()
            .map(|&e| {
                let f = out[start..e].to_vec();
                start = e;
                f
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        /// Whenever the quoted-line splitter takes a line, it reads the same fields as
        /// csv_core.
        #[test]
        fn split_quoted_agrees_with_csv_core(
            line in prop::collection::vec(
                prop::sample::select(b"ab,;\"\" x\r\t1".to_vec()), 1..40),
            semicolon in any::<bool>(),
        ) {
            let delimiter = if semicolon { b';' } else { b',' };
            let (mut bounds, mut scratch) = (Vec::new(), Vec::new());
            if let Some(unescaped) = split_quoted(&line, delimiter, &mut bounds, &mut scratch) {
                let base: &[u8] = if unescaped { &scratch } else { &line };
                let fast: Vec<Vec<u8>> =
                    bounds.iter().map(|&(s, e)| base[s..e].to_vec()).collect();
                prop_assert_eq!(fast, csv_core_fields(&line, delimiter));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        /// Well-formed lines (plain and quoted fields, `""` inside quotes) are always taken
        /// by the fast splitter, and read as csv_core reads them.
        #[test]
        fn split_quoted_takes_well_formed_lines(
            fields in csv_fields(b"ab,; x1\"", 8),
        ) {
            let (line, want) = csv_line(&fields, b',');
            if !line.contains(&b'"') {
                return Ok(()); // no quote: the one-pass splitter takes such lines
            }
            let (mut bounds, mut scratch) = (Vec::new(), Vec::new());
            let taken = split_quoted(&line, b',', &mut bounds, &mut scratch);
            prop_assert!(taken.is_some(), "{:?}", String::from_utf8_lossy(&line));
            let base: &[u8] = if taken == Some(true) { &scratch } else { &line };
            let fast: Vec<Vec<u8>> = bounds.iter().map(|&(s, e)| base[s..e].to_vec()).collect();
            prop_assert_eq!(&fast, &want);
            prop_assert_eq!(fast, csv_core_fields(&line, b','));
        }
    }

    /// The one-pass splitter's implementations (x86_64 only), against csv_core.
    #[cfg(target_arch = "x86_64")]
    mod split_line {
        use super::super::*;
        use super::csv_core_fields;
        use proptest::prelude::*;

        /// An implementation of [`split_line`].
        type SplitFn = unsafe fn(
            &[u8],
            usize,
            u8,
            &mut Vec<(usize, usize)>,
            &mut Vec<u8>,
        ) -> Option<SplitLine>;

        /// The fields [`split_line`] read, when it takes the line at `p` (the same with
        /// every implementation this CPU can run).
        fn split_line_fields(
            bytes: &[u8],
            p: usize,
            delimiter: u8,
        ) -> Option<(SplitLine, Vec<Vec<u8>>)> {
            let run = |f: SplitFn| {
                let (mut bounds, mut scratch) = (Vec::new(), Vec::new());
                // SAFETY: only the implementations this CPU has are run
                let l = unsafe { f(bytes, p, delimiter, &mut bounds, &mut scratch) }?;
                let base: &[u8] = if l.escaped {
                    &scratch
                } else {
                    &bytes[p..p + l.len]
                };
                let fields: Vec<Vec<u8>> =
                    bounds.iter().map(|&(s, e)| base[s..e].to_vec()).collect();
                Some((l, fields))
            };
            let sse2 = run(split_line_sse2);
            if std::arch::is_x86_feature_detected!("avx2") {
                let avx2 = run(split_line_avx2);
                // the wider blocks need 32 bytes after the line, not 16
                let near_end = sse2
                    .as_ref()
                    .is_some_and(|(l, _)| p + l.nl + 32 > bytes.len());
                if !near_end {
                    assert_eq!(format!("{avx2:?}"), format!("{sse2:?}"), "{bytes:?} at {p}");
                }
            }
            sse2
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(8192))]

            /// Whenever the one-pass splitter takes a line, the line ends in `\n` or `\r\n`,
            /// holds no other line break or CR, and its fields are csv_core's.
            #[test]
            fn split_line_agrees_with_csv_core(
                bytes in prop::collection::vec(
                    prop::sample::select(b"aaaa,;;\"\"\r\n\nx ".to_vec()), 0..120),
                start in 0usize..40,
                semicolon in any::<bool>(),
            ) {
                let delimiter = if semicolon { b';' } else { b',' };
                let p = start.min(bytes.len());
                if let Some((l, fields)) = split_line_fields(&bytes, p, delimiter) {
                    prop_assert_eq!(bytes.get(p + l.nl), Some(&b'\n'));
                    prop_assert!(l.nl == l.len || (l.nl == l.len + 1 && bytes[p + l.len] == b'\r'));
                    let line = &bytes[p..p + l.len];
                    prop_assert!(!line.iter().any(|c| matches!(c, b'\n' | b'\r')));
                    prop_assert_eq!(fields, csv_core_fields(&bytes[p..=p + l.nl], delimiter));
                }
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(8192))]

            /// Well-formed lines (plain and quoted fields, `""` inside quotes, LF or CRLF) are
            /// always taken when a block (32 bytes) follows them, and read as csv_core reads them.
            #[test]
            fn split_line_takes_well_formed_lines(
                fields in super::csv_fields(b"ab;, x1\"\t", 24),
                crlf in any::<bool>(),
                semicolon in any::<bool>(),
            ) {
                let delimiter = if semicolon { b';' } else { b',' };
                let (mut line, want) = super::csv_line(&fields, delimiter);
                if line.is_empty() {
                    return Ok(()); // a blank line: the general path's
                }
                let len = line.len();
                line.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
                let record = line.clone();
                line.extend_from_slice(b"next,line,after,this,one,and,some,more,to,read\n");
                let taken = split_line_fields(&line, 0, delimiter);
                prop_assert!(taken.is_some(), "{:?}", String::from_utf8_lossy(&line));
                let (l, fast) = taken.unwrap_or((SplitLine { nl: 0, len: 0, escaped: false }, Vec::new()));
                prop_assert_eq!(l.len, len);
                prop_assert_eq!(l.nl, record.len() - 1);
                prop_assert_eq!(&fast, &want);
                prop_assert_eq!(fast, csv_core_fields(&record, delimiter));
            }
        }

        #[test]
        fn split_line_cases() {
            let tail = b"padding padding padding padding padding padding\n";
            let case = |line: &[u8]| {
                let mut b = line.to_vec();
                b.extend_from_slice(tail);
                split_line_fields(&b, 0, b',').map(|(l, f)| {
                    let f: Vec<String> = f
                        .iter()
                        .map(|x| String::from_utf8_lossy(x).into())
                        .collect();
                    (l.nl, l.len, l.escaped, f)
                })
            };
            let v = |f: &[&str]| f.iter().map(|s| s.to_string()).collect::<Vec<_>>();
            assert_eq!(case(b"a,b,c\n"), Some((5, 5, false, v(&["a", "b", "c"]))));
            assert_eq!(case(b"a,b,c\r\n"), Some((6, 5, false, v(&["a", "b", "c"]))));
            assert_eq!(case(b"a,,\n"), Some((3, 3, false, v(&["a", "", ""]))));
            assert_eq!(
                case(b"1,\"x, y\",2\n"),
                Some((10, 10, false, v(&["1", "x, y", "2"])))
            );
            assert_eq!(
                case(b"\"Your \"\"free trial\"\", explained\",opened\n"),
                Some((
                    39,
                    39,
                    true,
                    v(&["Your \"free trial\", explained", "opened"])
                ))
            );
            assert_eq!(case(b"\"\",\"\"\r\n"), Some((6, 5, false, v(&["", ""]))));
            assert_eq!(case(b"a,\"b\"\n"), Some((5, 5, false, v(&["a", "b"]))));
            assert_eq!(case(b"a,\"b\",\n"), Some((6, 6, false, v(&["a", "b", ""]))));
            // csv_core's: a quote inside a field, text after a closing quote, a bare CR,
            // a line break or CR inside quotes
            assert_eq!(case(b"a,b\"c\n"), None);
            assert_eq!(case(b"a,\"b\"c\n"), None);
            assert_eq!(case(b"a\rb\n"), None);
            assert_eq!(case(b"a,\"b\nc\"\n"), None);
            assert_eq!(case(b"a,\"b\rc\"\n"), None);
            // too near the chunk's end to load a block
            assert!(split_line_fields(b"a,b\n", 0, b',').is_none());
        }
    }

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

    #[test]
    fn split_quoted_cases() {
        let split = |l: &[u8]| {
            let (mut b, mut s) = (Vec::new(), Vec::new());
            split_quoted(l, b',', &mut b, &mut s).map(|u| {
                let base: &[u8] = if u { &s } else { l };
                b.iter()
                    .map(|&(x, y)| String::from_utf8_lossy(&base[x..y]).into_owned())
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(
            split(br#"1,"a, b","Your ""free trial"", explained",x"#),
            Some(vec![
                "1".into(),
                "a, b".into(),
                r#"Your "free trial", explained"#.into(),
                "x".into()
            ])
        );
        assert_eq!(
            split(br#""",a,"#),
            Some(vec!["".into(), "a".into(), "".into()])
        );
        // csv_core's own business: text after a closing quote, a quote inside an
        // unquoted field, an unclosed quote (a field running on to the next line), CR
        assert_eq!(split(br#""a"b,c"#), None);
        assert_eq!(split(br#"a"b,c"#), None);
        assert_eq!(split(br#"1,"open"#), None);
        assert_eq!(split(b"1,\"a\"\r2"), None);
    }
}
