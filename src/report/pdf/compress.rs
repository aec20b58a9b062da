//! Page compression: the queue of laid-out page bodies, deflate and the page stream (chrome + body in one zlib stream).

use zlib_rs::adler32::{adler32, adler32_combine};

use super::*;

// ---------------------------------------------------------------------------------------
// Page compression
// ---------------------------------------------------------------------------------------

/// The zlib level of the page content streams: on the bench report, level 5 makes
/// them 0.1 % larger than the default (6) in two thirds of the time.
pub(crate) const PAGE_LEVEL: flate2::Compression = flate2::Compression::new(2);

/// Page bodies waiting to be compressed, filled by the layout, emptied by whichever
/// thread is free. Each body is compressed on its own, so the result does not
/// depend on which thread took it.
#[derive(Default)]
pub(crate) struct Queue {
    pub(crate) state: std::sync::Mutex<Pending>,
    pub(crate) more: std::sync::Condvar,
}

/// The bodies not taken yet, and whether more will come.
#[derive(Default)]
pub(crate) struct Pending {
    /// (page index, operators)
    pub(crate) bodies: std::collections::VecDeque<(usize, Vec<u8>)>,
    pub(crate) closed: bool,
}

/// Closes the queue when dropped.
pub(crate) struct CloseOnDrop<'a>(pub(crate) &'a Queue);

impl Drop for CloseOnDrop<'_> {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// A page body's operators (without the final newline) as a zlib stream.
pub(crate) struct PackedBody {
    pub(crate) zlib: Vec<u8>,
    pub(crate) len: usize,
}

impl Queue {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, Pending> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn push(&self, page: usize, body: Vec<u8>) {
        self.lock().bodies.push_back((page, body));
        self.more.notify_one();
    }

    /// No more bodies will come.
    pub(crate) fn close(&self) {
        self.lock().closed = true;
        self.more.notify_all();
    }

    /// Compress bodies until the queue is closed and empty; `None` for an empty body.
    pub(crate) fn work(&self) -> Vec<(usize, Result<Option<PackedBody>>)> {
        let mut z = flate2::Compress::new(PAGE_LEVEL, true);
        let mut out = Vec::new();
        loop {
            let job = {
                let mut q = self.lock();
                loop {
                    if let Some(job) = q.bodies.pop_front() {
                        break Some(job);
                    }
                    if q.closed {
                        break None;
                    }
                    q = self.more.wait(q).unwrap_or_else(|e| e.into_inner());
                }
            };
            let Some((page, mut body)) = job else {
                return out;
            };
            let packed = if body.pop().is_none() {
                Ok(None)
            } else {
                deflate(&mut z, &body, flate2::FlushCompress::Finish).map(|zlib| {
                    Some(PackedBody {
                        zlib,
                        len: body.len(),
                    })
                })
            };
            out.push((page, packed));
        }
    }
}

/// `input` through `z` (reset first), ending with `flush`: `Finish` gives a whole zlib
/// stream, `Sync` its header and blocks so far, byte-aligned, for more to follow.
pub(crate) fn deflate(
    z: &mut flate2::Compress,
    input: &[u8],
    flush: flate2::FlushCompress,
) -> Result<Vec<u8>> {
    z.reset();
    let mut out = Vec::with_capacity(input.len() / 4 + 64);
    loop {
        let read = usize::try_from(z.total_in()).unwrap_or(usize::MAX);
        let rest = input.get(read..).unwrap_or_default();
        let status = z
            .compress_vec(rest, &mut out, flush)
            .map_err(|e| Error::Pdf(format!("cannot compress a page: {e}")))?;
        // a flush is complete when all input is in and the output did not fill up
        let finished = if flush == flate2::FlushCompress::Finish {
            status == flate2::Status::StreamEnd
        } else {
            z.total_in() == input.len() as u64 && out.len() < out.capacity()
        };
        if finished {
            return Ok(out);
        }
        out.reserve(out.capacity().max(4096));
    }
}

/// A page's content stream as one zlib stream: the header and footer operators
/// `chrome` (ending in a newline), then the body. The body was compressed on its
/// own; its deflate blocks follow the chrome's (flushed to a byte boundary), and the
/// checksum is that of both.
pub(crate) fn page_stream(
    z: &mut flate2::Compress,
    mut chrome: Vec<u8>,
    body: Option<PackedBody>,
) -> Result<Vec<u8>> {
    let Some(body) = body else {
        // operators are separated by newlines, with none after the last
        chrome.pop();
        return deflate(z, &chrome, flate2::FlushCompress::Finish);
    };
    let mut out = deflate(z, &chrome, flate2::FlushCompress::Sync)?;
    let n = body.zlib.len();
    let (Some(blocks), Some(sum)) = (
        body.zlib.get(2..n.saturating_sub(4)),
        body.zlib.get(n.saturating_sub(4)..),
    ) else {
        return Err(Error::Pdf("a compressed page body is too short".into()));
    };
    let sum = u32::from_be_bytes([sum[0], sum[1], sum[2], sum[3]]);
    out.extend_from_slice(blocks);
    let sum = adler32_combine(adler32(1, &chrome), sum, body.len as u64);
    out.extend_from_slice(&sum.to_be_bytes());
    Ok(out)
}
