//! Reading one export file: decode → split into chunks → map and normalise rows in
//! parallel → de-duplicate and count in file order.
//!
//! Chunks are cut at newlines, so a worker may start inside a quoted multi-line
//! field. The merge stage knows: a chunk that ends inside a record hands its
//! unfinished tail to the next chunk, which is then re-parsed from the true record
//! start (sequentially, on the merge thread). Results are therefore exactly those of
//! a sequential parse, in file order, whatever the thread count.
//!
//! This module runs a file (reader, workers, merge); [`chunk`] parses and classifies
//! the rows of one chunk.

mod chunk;
mod fit;
mod span;

use std::{
    collections::{BTreeMap, HashMap},
    path::Path,
    sync::{Arc, Mutex, mpsc},
};

use sha2::{Digest, Sha256};

use crate::{
    config::Source,
    count::cells::{Counted, Dense},
    count::cross_dedup::CrossDedup,
    count::dedup::FileMerge,
    count::records::{FileMeta, RecordSink},
    count::{FileStats, Reject},
    error::{Error, Failure, Result},
    model::{Kind, RepIdx},
    normalise::row::Normaliser,
    roster::Roster,
    sources::header::read_header,
    sources::read::{
        BLOCK, ChunkBytes, Hashing, Input, MAX_RECORD, MappedFile, Watch, read_error, read_mapped,
        read_stream,
    },
    sources::{archive::Part, opening},
};

use chunk::{ChunkOut, Spare};

/// The de-duplication memory the caller keeps per source (see `count::dedup`).
pub(crate) use crate::count::dedup::SourceState;

/// At most this many misfit rows after the last data row are taken as a report footer.
const MAX_TRAILER: usize = 20;

/// What the run needs to classify rows, shared by every file.
pub(crate) struct Ctx<'a> {
    pub(crate) roster: &'a Roster,
    /// UTC offsets of the reps' zones over the counted span.
    pub(crate) offsets: &'a crate::normalise::zone::Offsets,
    /// Counting window `[start, end)` in local day numbers, per `rep * Kind::ALL.len() + kind`.
    pub(crate) windows: &'a [(i32, i32)],
    /// `windows` interned ([`WindowIndex`]), when built.
    pub(crate) window_index: Option<&'a WindowIndex>,
    /// The previous report period's windows, same indexing (empty: not compared). A row
    /// outside its current window but inside this one counts (for the previous period).
    pub(crate) previous: &'a [(i32, i32)],
    pub(crate) threads: usize,
    /// The currency of each rep's won amounts (roster order); `None`: any.
    pub(crate) currencies: &'a [Option<String>],
    /// Rows dated after this local day number are "not counted (future)".
    pub(crate) as_of: Option<i32>,
    /// Per rep (roster order): the local day number of its `exit_date` (`i32::MAX`
    /// without one; empty when no rep has one); rows dated after it are "not counted
    /// (after_exit)".
    pub(crate) exits: &'a [i32],
    /// Cross-tool de-duplication (`[cross_dedup]`), shared by every source.
    pub(crate) cross: Option<&'a Mutex<CrossDedup>>,
    /// The country of each rep's phone numbers (roster order), for cross-tool keys.
    pub(crate) countries: &'a [Option<&'static crate::normalise::phone::Country>],
    /// Collect the normalised records (`--emit-records`): workers keep a
    /// [`crate::count::records::Batch`] per chunk. Off: the hot path is unchanged.
    pub(crate) records: bool,
    /// Map UTF-8 exports into memory (off: `--no-mmap`, read them with `read()`).
    pub(crate) mmap: bool,
}

impl<'a> Ctx<'a> {
    #[inline]
    fn window(&self, rep: RepIdx, kind: Kind) -> (i32, i32) {
        let i = rep as usize * Kind::ALL.len() + kind.index();
        match self.window_index {
            Some(w) => w.get(i),
            None => self.windows.get(i).copied(),
        }
        .unwrap_or((0, 0))
    }

    /// Whether a local day is after the rep's exit date.
    #[inline]
    fn after_exit(&self, rep: RepIdx, day: i32) -> bool {
        self.exits.get(rep as usize).is_some_and(|&x| day > x)
    }

    #[inline]
    fn in_previous(&self, rep: RepIdx, kind: Kind, day: i32) -> bool {
        let i = rep as usize * Kind::ALL.len() + kind.index();
        self.previous
            .get(i)
            .is_some_and(|&(lo, hi)| lo <= day && day < hi)
    }

    /// The days the current and previous windows of `kind` span, over all reps.
    fn kind_span(&self, kind: Kind) -> Option<(i32, i32)> {
        // the windows are indexed `rep * Kind::ALL.len() + kind`
        let of_kind = |w: &'a [(i32, i32)]| w.iter().skip(kind.index()).step_by(Kind::ALL.len());
        window_span(of_kind(self.windows).chain(of_kind(self.previous)))
    }
}

/// Counting windows interned: reps mostly share them, and two bytes per rep and kind
/// keep the per-row lookup in cache (the 8-byte windows of 2,000 reps were a cache miss
/// per row).
pub(crate) struct WindowIndex {
    ix: Vec<u16>,
    set: Vec<(i32, i32)>,
}

impl WindowIndex {
    /// `None` when there are more distinct windows than two bytes can number.
    pub(crate) fn new(windows: &[(i32, i32)]) -> Option<WindowIndex> {
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

    #[inline]
    fn get(&self, i: usize) -> Option<(i32, i32)> {
        self.set.get(*self.ix.get(i)? as usize).copied()
    }
}

/// The days `[first, end)` that a set of counting windows covers (empty windows
/// ignored); `None` when they cover none.
pub(crate) fn window_span<'w>(windows: impl Iterator<Item = &'w (i32, i32)>) -> Option<(i32, i32)> {
    windows
        .filter(|(a, b)| a < b)
        .fold(None, |span, &(a, b)| match span {
            None => Some((a, b)),
            Some((lo, hi)) => Some((a.min(lo), b.max(hi))),
        })
}

/// Everything a worker needs for one file.
struct FileCtx<'a> {
    ctx: &'a Ctx<'a>,
    /// The source, the file's columns and what the rows are normalised with.
    norm: Normaliser<'a>,
    file: &'a str,
    delimiter: u8,
    /// The merged chunks' largest buffers, emptied, for the next chunks: a fresh
    /// buffer per chunk cost its growth copies and the kernel's zeroing of new pages.
    spare: Mutex<Vec<Spare>>,
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
            entries: std::mem::take(&mut out.tally.entries),
            units: std::mem::take(&mut out.tally.units),
        };
        spare.entries.clear();
        spare.units.clear();
        if let Ok(mut v) = self.spare.lock() {
            v.push(spare);
        }
    }
}

/// The outcome of one file: its accounting and its rejected rows.
pub(crate) struct FileOutcome {
    pub(crate) stats: FileStats,
    pub(crate) rejects: Vec<Reject>,
    /// Why the file does not fit its source at all (its timestamps, or every row
    /// rejected): a configuration error, see [`fit`].
    pub(crate) unfit: Option<String>,
}

/// Read, classify and count one file of a source. Counted activities are added to
/// `counted`; the source's de-duplication memory is updated; with `records`, the
/// normalised records go there.
pub(crate) fn ingest_file<R: RecordSink + ?Sized>(
    ctx: &Ctx<'_>,
    source: &Source,
    (path, part): (&Path, Option<&Part>),
    shown: &str,
    state: &mut SourceState,
    counted: &mut Counted,
    records: Option<&mut R>,
) -> Result<FileOutcome> {
    let hasher: Hashing = Arc::new(Mutex::new((Sha256::new(), 0u64)));
    // a workbook's sheet or an archive's member: a stream of CSV text, its own name,
    // the source as it is read (`sources::opening`)
    let opened = opening::open(source, part, path, shown, &hasher, ctx.mmap)?;
    let (mut input, watch, archive) = (opened.input, opened.watch, opened.archive);
    let source = opened.source.as_ref().unwrap_or(source);
    let shown = opened.shown.as_str();
    // header: grow the first block until it holds the whole header record
    let mut block = Vec::with_capacity(BLOCK);
    let header = read_header(&mut input, &mut block, source, shown)?;
    let fctx = FileCtx {
        ctx,
        norm: Normaliser {
            source,
            cols: header.cols,
            roster: ctx.roster,
            offsets: ctx.offsets,
            currencies: ctx.currencies,
        },
        file: shown,
        delimiter: header.delimiter,
        spare: Mutex::new(Vec::new()),
    };
    let mut merger = Merger {
        fctx: &fctx,
        into: FileMerge {
            cross: ctx.cross,
            state,
            row_keys: Default::default(),
            stats: FileStats {
                source: source.name.clone(),
                layout: source.preset.map(|p| p.label()).unwrap_or_default(),
                file: shown.to_string(),
                absolute: crate::sources::inputs::absolute(path),
                ..FileStats::default()
            },
            rejects: Vec::new(),
            cells: &mut counted.map,
            dense: Dense::new(
                source.kind,
                ctx.roster.reps.len(),
                ctx.kind_span(source.kind),
            ),
        },
        records,
        line_base: header.first_line,
        carry: None,
        released: 0,
        footer_like: Vec::new(),
        last_data: None,
        leading: 0,
        span: span::Span::default(),
    };
    let read = run_file(
        &fctx,
        input,
        block,
        header.data_start,
        &hasher,
        watch.as_ref(),
        &mut merger,
    );
    // a file changed while it was read: that, not what a short file may have caused
    // (and, when it was read to its end, the bytes read are its size at open)
    if let Some(w) = &watch {
        let size = match &read {
            Ok(()) => hasher.lock().ok().map(|h| h.1),
            Err(_) => None,
        };
        w.check(size)?;
    }
    read?;
    let Merger {
        mut into,
        footer_like,
        last_data,
        leading,
        span,
        ..
    } = merger;
    (into.stats.first_activity, into.stats.last_activity) =
        span.resolve(source.ts_zone, ctx.roster);
    into.dense.flush(&mut counted.list);
    drop_trailer(&mut into.stats, &mut into.rejects, &footer_like, last_data);
    let unfit = fit::unfit(
        source,
        &fctx.norm.cols,
        shown,
        &into.stats,
        &into.rejects,
        leading,
    );
    let (sha, size) = {
        let h = hasher
            .lock()
            .map_err(|_| Failure::run("hash state poisoned"))?;
        (h.0.clone().finalize(), h.1)
    };
    let mut stats = into.stats;
    stats.sha256 = sha.iter().map(|b| format!("{b:02x}")).collect();
    stats.size = size;
    stats.archive = archive;
    Ok(FileOutcome {
        stats,
        rejects: into.rejects,
        unfit,
    })
}

/// Report footers: misfit rows without a timestamp after the last data row leave the
/// rejects for `trailer`.
fn drop_trailer(
    stats: &mut FileStats,
    rejects: &mut Vec<Reject>,
    footer_like: &[bool],
    last_data: Option<u64>,
) {
    if last_data.is_none() {
        return;
    }
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

/// Read the chunks of `input` (data from `data_start`) on a reader thread, parse them on
/// the workers, and merge them in chunk order into `merger`.
fn run_file<R: RecordSink + ?Sized>(
    fctx: &FileCtx<'_>,
    input: Input,
    block: Vec<u8>,
    data_start: usize,
    hasher: &Hashing,
    watch: Option<&Watch>,
    merger: &mut Merger<'_, '_, R>,
) -> Result<(), Failure> {
    let threads = fctx.ctx.threads.max(1);
    let (chunk_tx, chunk_rx) = mpsc::sync_channel::<(u64, ChunkBytes, bool)>(threads * 2);
    let chunk_rx = Mutex::new(chunk_rx);
    let (out_tx, out_rx) = mpsc::channel::<Result<ChunkOut, Failure>>();
    // chunk buffers go back to the reader once merged: no fresh 4 MiB allocation (and
    // page faults) per chunk
    let (pool_tx, pool_rx) = mpsc::channel::<Vec<u8>>();
    let shown = fctx.file;
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let out_tx = out_tx.clone();
            let chunk_rx = &chunk_rx;
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
                scope.spawn(move || {
                    // a file that changed (`watch`) is the only failure of a mapped read
                    let changed = move |e: Failure| {
                        let _ = reader_out.send(Err(e));
                    };
                    let file = MappedFile {
                        map,
                        start: data_start,
                        hasher,
                        watch,
                    };
                    read_mapped(file, in_flight, chunk_tx, pool_rx, changed);
                });
            }
            Input::Stream(stream) => {
                scope.spawn(move || {
                    let errors = move |e: std::io::Error| {
                        let _ = reader_out.send(Err(read_error(shown, e)));
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
        let mut done = false;
        while !done {
            let Ok(msg) = out_rx.recv() else { break };
            let out = msg?;
            pending.insert(out.idx, out);
            while let Some(out) = pending.remove(&next) {
                next += 1;
                done |= merger.merge(out, &pool_tx)?;
            }
        }
        Ok(())
    })
}

/// The merge of one file's chunks, in chunk order, on the merge thread.
struct Merger<'a, 'f, R: ?Sized> {
    fctx: &'f FileCtx<'a>,
    /// Accounting, rejects, de-duplication and cells of the file.
    into: FileMerge<'f>,
    records: Option<&'f mut R>,
    /// The file's line of the next chunk's first byte.
    line_base: u64,
    /// Unfinished record bytes, and its line.
    carry: Option<(Vec<u8>, u64)>,
    /// A mapped file's pages before this are dropped.
    released: usize,
    /// Per reject: could it be a report footer?
    footer_like: Vec<bool>,
    /// The line of the last data row.
    last_data: Option<u64>,
    /// How many rejects come before the first data row (all of them, without one).
    leading: usize,
    /// The file's first and last activity so far.
    span: span::Span,
}

impl<R: RecordSink + ?Sized> Merger<'_, '_, R> {
    /// Merge the next chunk; `true` when it was the file's last.
    fn merge(&mut self, mut out: ChunkOut, pool: &mpsc::Sender<Vec<u8>>) -> Result<bool, Failure> {
        let fctx = self.fctx;
        let source = fctx.norm.source;
        let shown = fctx.file;
        if let Some((mut tail, tail_line)) = self.carry.take() {
            // this chunk was parsed from a wrong start: redo it from the true one
            self.line_base = tail_line;
            let old = std::mem::take(&mut out.bytes);
            tail.extend_from_slice(&old);
            old.release(&mut self.released);
            if let ChunkBytes::Owned(v) = old {
                let _ = pool.send(v);
            }
            out = fctx.chunk(out.idx, ChunkBytes::Owned(tail), out.last)?;
        }
        let line_base = self.line_base;
        if let Some(b) = out.bad_text {
            return Err(fctx.bad_text(line_base + b.line, b.col));
        }
        if self.last_data.is_none() {
            self.leading += match out.last_data {
                Some(_) => out.lead,
                None => out.rejects.len(),
            };
        }
        if let Some(l) = out.last_data {
            self.last_data = Some(line_base + l);
        }
        self.footer_like.append(&mut out.footer_like);
        self.span.merge(&out.span);
        let stats = std::mem::take(&mut out.stats);
        self.into.merge_chunk(
            line_base,
            stats,
            &mut out.rejects,
            &mut out.tally,
            out.records.as_deref_mut(),
        );
        fctx.recycle(&mut out);
        if let (Some(w), Some(b)) = (self.records.as_deref_mut(), out.records.take()) {
            let meta = FileMeta {
                source: &source.name,
                file: shown,
                kind: source.kind,
            };
            w.write_batch(&meta, &b, line_base)
                .map_err(|e: Error| Failure::run(format!("`{shown}`: {e:#}")))?;
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
            self.carry = Some((out.bytes[t..].to_vec(), line_base + out.lines));
        }
        self.line_base += out.lines;
        // one buffer (or, for a mapped file, one token) back per chunk merged
        out.bytes.release(&mut self.released);
        let _ = pool.send(match std::mem::take(&mut out.bytes) {
            ChunkBytes::Owned(v) => v,
            ChunkBytes::Mapped(..) => Vec::new(),
        });
        Ok(out.last)
    }
}
