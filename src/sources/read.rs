//! Where a file's bytes come from: a memory map of a UTF-8 file, or a (decoded) stream,
//! handed out in chunks of whole lines; the file's SHA-256 is computed on the way. The
//! mapping itself, and its SIGBUS handler, are `sources::mapped`.

use std::{
    fs::File,
    io::Read,
    path::Path,
    sync::{Arc, Mutex, OnceLock, mpsc},
    time::{Duration, SystemTime},
};

use sha2::{Digest, Sha256};

use crate::{
    config::Source,
    error::Failure,
    sources::{decode, mapped::Mapped},
};

/// Bytes per chunk handed to a worker.
pub(crate) const BLOCK: usize = 4 << 20;
/// The longest record (physical lines of one quoted field) the reader accepts; longer means
/// a quote was left open, and re-parsing ever longer carries would take quadratic time.
pub(crate) const MAX_RECORD: usize = 64 << 20;

/// A reader that hashes what passes through it.
pub(crate) struct HashingReader<R> {
    pub(crate) inner: R,
    pub(crate) hasher: std::sync::Arc<Mutex<(Sha256, u64)>>,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Ok(mut h) = self.hasher.lock() {
            h.0.update(&buf[..n]);
            h.1 += n as u64;
        }
        Ok(n)
    }
}

/// Where a file's bytes come from: a UTF-8 file mapped into memory (the first field
/// is where its data starts after a BOM), or a stream (decoded when not UTF-8; also
/// anything that is not a regular file).
pub(crate) enum Input {
    Mapped(std::sync::Arc<Mapped>, usize),
    Stream(Box<dyn Read + Send>),
}

/// The bytes of one chunk: a buffer read from a stream, or a range of a mapped file.
pub(crate) enum ChunkBytes {
    Owned(Vec<u8>),
    Mapped(std::sync::Arc<Mapped>, std::ops::Range<usize>),
}

impl Default for ChunkBytes {
    fn default() -> Self {
        ChunkBytes::Owned(Vec::new())
    }
}

impl std::ops::Deref for ChunkBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            ChunkBytes::Owned(v) => v,
            ChunkBytes::Mapped(map, r) => &map[r.clone()],
        }
    }
}

impl ChunkBytes {
    /// The chunk is merged, and so is every chunk before it: a mapped range's whole pages
    /// from `released` on leave this process's page tables (they stay in the page
    /// cache), so that resident memory stays at the chunks in flight rather than
    /// growing to the file's size. Nothing for a buffer.
    pub(crate) fn release(&self, released: &mut usize) {
        let ChunkBytes::Mapped(map, r) = self else {
            return;
        };
        let end = r.end - r.end % page_size();
        if end > *released {
            map.dont_need(*released, end - *released);
            *released = end;
        }
    }
}

/// The system's page size (rustix reads it from the auxiliary vector, once).
pub(crate) fn page_size() -> usize {
    rustix::param::page_size()
}

/// Map `file` when `mmap` is on (`--no-mmap` turns it off) and it is a non-empty
/// regular file read as UTF-8 (by its BOM, or by the source's encoding): the mapping
/// and the length of its BOM. `None`: read it as a stream.
///
/// A mapped file spares the copy of every byte from the page cache (and the clearing
/// of the buffers it went to). The cost: touching a page of the mapping that a
/// truncation by another program took away raises SIGBUS. [`read_mapped`] therefore
/// checks the file's size and modification time ([`Watch`]) before it hands out each
/// chunk, and stops with "changed while it was read" when they moved; a truncation
/// that lands after a check, inside the chunks already handed out, is caught by the
/// SIGBUS handler of [`Mapped`] (the lost pages read as zeros) and by the check after
/// the read.
pub(crate) fn map_utf8(
    file: &File,
    source: &Source,
    mmap: bool,
) -> Option<(std::sync::Arc<Mapped>, usize)> {
    if !mmap {
        return None;
    }
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() == 0 {
        return None;
    }
    let map = Mapped::new(file)?;
    let (enc, bom) = decode::detect(&map[..map.len().min(4)], source.encoding);
    (enc == encoding_rs::UTF_8).then(|| (std::sync::Arc::new(map), bom))
}

/// A regular file's size and modification time, as `fstat` sees them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    /// `None`: not a regular file (a pipe, a device), which has no size to watch.
    fn of(file: &File) -> Option<Stamp> {
        let meta = file.metadata().ok()?;
        meta.is_file().then(|| Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

/// A file being read, watched for another program changing it meanwhile (an export
/// rewritten in place on a shared folder): its size and modification time when it was
/// opened, compared with those of the same open file later ([`Watch::check`]).
#[derive(Clone)]
pub(crate) struct Watch {
    file: Arc<File>,
    at_open: Stamp,
    shown: Arc<str>,
}

impl Watch {
    /// Watch `file`, as it is now; `None` for what is not a regular file.
    pub(crate) fn new(file: &File, shown: &str) -> Option<Watch> {
        Some(Watch {
            at_open: Stamp::of(file)?,
            file: Arc::new(file.try_clone().ok()?),
            shown: shown.into(),
        })
    }

    /// Fail when the file's size or modification time is no longer what it was when it
    /// was opened, or (`read`: the bytes read from it) when it was not read whole.
    pub(crate) fn check(&self, read: Option<u64>) -> Result<(), Failure> {
        let now = Stamp::of(&self.file);
        let shown = &self.shown;
        let from = self.at_open.len;
        let changed = |why: String| {
            Err(Failure::run(format!(
                "`{shown}` changed while it was read ({why}); run again when the export is complete"
            )))
        };
        match now {
            Some(now) if now.len != from => {
                changed(format!("its size went from {from} to {} bytes", now.len))
            }
            Some(now) if now.modified != self.at_open.modified => {
                changed(format!("it was modified, its size still {from} bytes"))
            }
            Some(_) if read.is_some_and(|n| n != from) => changed(format!(
                "{} bytes were read of the {from} it had",
                read.unwrap_or(0)
            )),
            Some(_) if crate::sources::mapped::vanished() => changed(format!(
                "pages of it vanished while it was mapped, its size {from} bytes again"
            )),
            Some(_) => Ok(()),
            None => changed("it can no longer be examined".to_string()),
        }
    }
}

/// **Test hook**, not a setting: `ACTIVITY_QUOTA_TEST_READ_DELAY_MS=N` pauses the
/// reader N ms after it hands out the first chunk of each file, so that the tests can
/// change an export while it is read (`tests/changed.rs`). Read once per process;
/// unset (as in every real run) it costs nothing.
fn test_read_delay() -> Option<Duration> {
    static DELAY: OnceLock<Option<Duration>> = OnceLock::new();
    hook_delay(&DELAY, "ACTIVITY_QUOTA_TEST_READ_DELAY_MS")
}

/// A test hook's pause: the milliseconds in the environment variable `var`, read once
/// into `cell`.
fn hook_delay(cell: &OnceLock<Option<Duration>>, var: &str) -> Option<Duration> {
    *cell.get_or_init(|| {
        std::env::var(var)
            .ok()
            .and_then(|v| v.parse().ok())
            .map(Duration::from_millis)
    })
}

/// The test hook's pause after a file's first chunk ([`test_read_delay`]).
fn pause_after(idx: u64) {
    if idx == 0
        && let Some(d) = test_read_delay()
    {
        std::thread::sleep(d);
    }
}

/// **Test hook**, not a setting: `ACTIVITY_QUOTA_TEST_MAPPED_DELAY_MS=N` pauses the
/// reader of a mapped file N ms after it checked the file before its second chunk,
/// before it touches that chunk's pages, so that the tests can truncate an export
/// where only the SIGBUS handler catches it (`tests/changed.rs`). Read once per
/// process.
fn pause_checked(idx: u64) {
    static DELAY: OnceLock<Option<Duration>> = OnceLock::new();
    if idx == 1
        && let Some(d) = hook_delay(&DELAY, "ACTIVITY_QUOTA_TEST_MAPPED_DELAY_MS")
    {
        std::thread::sleep(d);
    }
}

/// The SHA-256 state of a file being read, and its size so far.
pub(crate) type Hashing = Arc<Mutex<(Sha256, u64)>>;

/// Open `path` (`shown` in messages) and choose how to read it: mapped when `mmap` is
/// on and it is a UTF-8 file ([`map_utf8`]), else as a decoded stream whose raw bytes are hashed into
/// `hasher` as they are read. With it, the [`Watch`] of a regular file (its size and
/// modification time now), to check once it is read.
pub(crate) fn open(
    source: &Source,
    path: &Path,
    shown: &str,
    hasher: &Hashing,
    mmap: bool,
) -> Result<(Input, Option<Watch>), Failure> {
    let file = File::open(path).map_err(|e| {
        Failure::run(format!(
            "cannot open `{shown}` (source `{}`): {e}",
            source.name
        ))
    })?;
    // watched before it is mapped or read: a change from here on is seen
    let watch = Watch::new(&file, shown);
    let input = match map_utf8(&file, source, mmap) {
        Some((map, bom)) => Input::Mapped(map, bom),
        None => {
            let mut raw = HashingReader {
                inner: file,
                hasher: hasher.clone(),
            };
            let mut first = Vec::new();
            fill(&mut raw, &mut first, 4).map_err(|e| read_error(shown, e))?;
            Input::Stream(decode::utf8_stream(first, raw, source.encoding).0)
        }
    };
    Ok((input, watch))
}

/// The failure of a read of `shown`.
pub(crate) fn read_error(shown: &str, e: std::io::Error) -> Failure {
    Failure::run(format!("cannot read `{shown}`: {e}"))
}

/// The reader of a stream: fill [`BLOCK`]-sized buffers (the first holds `block`, what
/// the header search read past the header) and hand out chunks of whole lines. At most
/// `in_flight` buffers exist; when all are out it waits for the merge to hand one back
/// on `pool` (backpressure: memory does not grow with the file). A read error goes to
/// `error` and ends the reading.
pub(crate) fn read_stream(
    mut stream: Box<dyn Read + Send>,
    mut block: Vec<u8>,
    in_flight: usize,
    chunks: mpsc::SyncSender<(u64, ChunkBytes, bool)>,
    pool: mpsc::Receiver<Vec<u8>>,
    error: impl FnOnce(std::io::Error),
) {
    let mut idx = 0u64;
    let mut target = BLOCK;
    let mut allocated = 1usize;
    loop {
        if let Err(e) = fill(stream.as_mut(), &mut block, target) {
            error(e);
            return;
        }
        let eof = block.len() < target;
        let chunk = if eof {
            std::mem::take(&mut block)
        } else if let Some(nl) = memchr::memrchr(b'\n', &block) {
            let reused = if allocated < in_flight {
                pool.try_recv().ok()
            } else {
                match pool.recv() {
                    Ok(v) => Some(v),
                    Err(_) => return, // the merge stopped (an error): stop reading
                }
            };
            let mut rest = match reused {
                Some(mut v) => {
                    v.clear();
                    v
                }
                None => {
                    allocated += 1;
                    Vec::with_capacity(BLOCK.max(block.len() - nl))
                }
            };
            rest.extend_from_slice(&block[nl + 1..]);
            block.truncate(nl + 1);
            std::mem::replace(&mut block, rest)
        } else {
            // no newline in a whole block: one enormous line; read on
            target *= 2;
            continue;
        };
        target = BLOCK.max(block.len() + BLOCK / 2);
        if chunks.send((idx, ChunkBytes::Owned(chunk), eof)).is_err() {
            return;
        }
        pause_after(idx);
        idx += 1;
        if eof {
            return;
        }
    }
}

/// A mapped file as [`read_mapped`] reads it.
pub(crate) struct MappedFile<'a> {
    pub(crate) map: std::sync::Arc<Mapped>,
    /// Where the data starts (after the BOM and the header).
    pub(crate) start: usize,
    /// The file's SHA-256 and size so far.
    pub(crate) hasher: &'a Mutex<(Sha256, u64)>,
    /// The file as it was opened, checked before each chunk.
    pub(crate) watch: Option<&'a Watch>,
}

/// The reader of a mapped file: hash it in [`BLOCK`]-sized steps and hand out chunks
/// of whole lines from `start` on, at most `in_flight` of them unmerged (the merge
/// sends one token per chunk merged on `tokens`). Before it touches the pages of each
/// next chunk it checks that the file is still as it was opened (`watch`), and stops
/// with that failure, sent to `error`, when it is not (see [`map_utf8`]).
pub(crate) fn read_mapped(
    file: MappedFile<'_>,
    in_flight: usize,
    chunks: mpsc::SyncSender<(u64, ChunkBytes, bool)>,
    tokens: mpsc::Receiver<Vec<u8>>,
    error: impl FnOnce(Failure),
) {
    let MappedFile {
        map,
        start,
        hasher,
        watch,
    } = file;
    let len = map.len();
    let mut hashed = 0usize;
    let mut hash_to = |to: usize| {
        if to > hashed {
            if let Ok(mut h) = hasher.lock() {
                h.0.update(&map[hashed..to]);
                h.1 += (to - hashed) as u64;
            }
            hashed = to;
        }
    };
    hash_to(start);
    let (mut from, mut idx, mut out) = (start, 0u64, 0usize);
    let mut target = BLOCK;
    loop {
        if let Some(Err(e)) = watch.map(|w| w.check(None)) {
            error(e);
            return;
        }
        pause_checked(idx);
        let mut end = from.saturating_add(target).min(len);
        let eof = end == len;
        if !eof {
            match memchr::memrchr(b'\n', &map[from..end]) {
                Some(nl) => end = from + nl + 1,
                None => {
                    // no newline in a whole block: one enormous line; look further
                    target = target.saturating_mul(2);
                    continue;
                }
            }
        }
        target = BLOCK;
        // backpressure: wait for the merge when `in_flight` chunks are out
        while tokens.try_recv().is_ok() {
            out -= 1;
        }
        if out >= in_flight {
            if tokens.recv().is_err() {
                return; // the merge stopped (an error): stop reading
            }
            out -= 1;
        }
        // handed out first, hashed after: a file's first chunk does not wait for its hash
        let chunk = ChunkBytes::Mapped(map.clone(), from..end);
        if chunks.send((idx, chunk, eof)).is_err() {
            return;
        }
        hash_to(end);
        pause_after(idx);
        out += 1;
        idx += 1;
        from = end;
        if eof {
            return;
        }
    }
}

/// Fill `buf` from `r` until it holds `want` bytes or the stream ends.
pub(crate) fn fill(r: &mut dyn Read, buf: &mut Vec<u8>, want: usize) -> std::io::Result<()> {
    if buf.len() < want {
        // straight into the buffer (no 64 KiB bounce buffer and copy)
        buf.reserve(want - buf.len());
        r.take((want - buf.len()) as u64).read_to_end(buf)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_watched_file_that_changed_is_one_error() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("calls.csv");
        std::fs::write(&p, b"0123456789").unwrap();
        let f = File::open(&p).unwrap();
        let w = Watch::new(&f, "exports/calls.csv").unwrap();
        assert!(w.check(None).is_ok());
        assert!(w.check(Some(10)).is_ok());
        let msg = |r: Result<(), Failure>| r.unwrap_err().to_string();
        assert_eq!(
            msg(w.check(Some(4))),
            "`exports/calls.csv` changed while it was read (4 bytes were read of the 10 it had); run again when the export is complete"
        );
        let writer = File::options().write(true).open(&p).unwrap();
        writer.set_len(3).unwrap();
        assert_eq!(
            msg(w.check(None)),
            "`exports/calls.csv` changed while it was read (its size went from 10 to 3 bytes); run again when the export is complete"
        );
        writer.set_len(10).unwrap();
        writer
            .set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(86_400))
            .unwrap();
        assert_eq!(
            msg(w.check(None)),
            "`exports/calls.csv` changed while it was read (it was modified, its size still 10 bytes); run again when the export is complete"
        );
        // not a regular file: nothing to watch
        assert!(Watch::new(&File::open("/dev/null").unwrap(), "x").is_none());
    }
}
