//! A producer on its own thread, read as a stream: what a workbook's sheet (rendered as
//! CSV text) or an archive's member (inflated) writes is read by the pipeline like any
//! other file's stream, with bounded memory (a few blocks in flight).

use std::{
    io::{Read, Write},
    sync::mpsc,
};

/// Bytes per block sent from the producer to the reader.
const BLOCK: usize = 256 << 10;
/// Blocks in flight between them.
const IN_FLIGHT: usize = 4;

/// What the producer sends: a block, its failure, or the end.
enum Msg {
    Data(Vec<u8>),
    Failed(std::io::Error),
    End,
}

/// Run `produce` on a thread of its own; what it writes is what the returned stream
/// reads. Its error is the stream's error; a producer that stops without finishing (a
/// panic) is an error too, never a silently short stream.
pub(crate) fn pump<F>(produce: F) -> Box<dyn Read + Send>
where
    F: FnOnce(&mut dyn Write) -> std::io::Result<()> + Send + 'static,
{
    let (tx, rx) = mpsc::sync_channel::<Msg>(IN_FLIGHT);
    std::thread::spawn(move || {
        let mut w = Sender {
            tx: tx.clone(),
            buf: Vec::with_capacity(BLOCK),
        };
        let end = match produce(&mut w).and_then(|()| w.flush()) {
            Ok(()) => Msg::End,
            Err(e) => Msg::Failed(e),
        };
        let _ = tx.send(end);
    });
    Box::new(Receiver {
        rx,
        block: Vec::new(),
        at: 0,
        done: false,
    })
}

struct Sender {
    tx: mpsc::SyncSender<Msg>,
    buf: Vec<u8>,
}

impl Write for Sender {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(b);
        if self.buf.len() >= BLOCK {
            self.flush()?;
        }
        Ok(b.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let block = std::mem::replace(&mut self.buf, Vec::with_capacity(BLOCK));
        self.tx
            .send(Msg::Data(block))
            .map_err(|_| std::io::Error::other("the reader stopped"))
    }
}

struct Receiver {
    rx: mpsc::Receiver<Msg>,
    block: Vec<u8>,
    at: usize,
    done: bool,
}

impl Read for Receiver {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.block.len() {
            if self.done {
                return Ok(0);
            }
            match self.rx.recv() {
                Ok(Msg::Data(b)) => {
                    self.block = b;
                    self.at = 0;
                }
                Ok(Msg::End) => self.done = true,
                Ok(Msg::Failed(e)) => {
                    self.done = true;
                    return Err(e);
                }
                Err(_) => {
                    self.done = true;
                    return Err(std::io::Error::other("the reader thread stopped"));
                }
            }
        }
        let n = out.len().min(self.block.len() - self.at);
        out[..n].copy_from_slice(&self.block[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pumped_stream_reads_what_was_written_and_its_error() {
        let mut r = pump(|w| {
            for i in 0..100_000u32 {
                writeln!(w, "{i}")?;
            }
            Ok(())
        });
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        assert_eq!(s.lines().count(), 100_000);
        assert_eq!(s.lines().last(), Some("99999"));

        let mut r = pump(|w| {
            w.write_all(b"a,b\n")?;
            Err(std::io::Error::other("sheet `Calls`: bad XML"))
        });
        let mut s = String::new();
        let e = r.read_to_string(&mut s).unwrap_err();
        assert_eq!(e.to_string(), "sheet `Calls`: bad XML");
    }
}
