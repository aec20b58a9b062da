//! One chunk, on a worker: split its lines into records (the fast splitters, csv_core
//! for the rest), normalise each row (stage 2, `normalise::row`), and classify and tally
//! it (4. does it count, as if unique: the merge takes duplicates back out).

use std::borrow::Cow;

use csv_core::{ReadRecordResult, ReaderBuilder};

use super::FileCtx;
use crate::{
    config::Dedup,
    count::cells::{CellKey, CellVal},
    count::dedup::{Entry, Key, Tally},
    count::records::{self, Batch},
    count::{FileStats, NotCounted, Reject, apply_rules},
    error::Failure,
    normalise::row::{Activity, Rejected, RowIn, Stop},
    normalise::time::ParsedTime,
    normalise::zone::{utc_micros, utc_seconds},
    sources::fields::{Fields, Lines, SHOWN_CHARS, blank_lines, line_breaks, shown},
    sources::read::ChunkBytes,
    sources::split::{ChunkText, split_next},
};

/// The reusable buffers of a [`ChunkOut`].
#[derive(Default)]
pub(super) struct Spare {
    pub(super) entries: Vec<Entry>,
    pub(super) units: Vec<u64>,
}

/// What a worker made of one chunk.
pub(super) struct ChunkOut {
    pub(super) idx: u64,
    pub(super) last: bool,
    pub(super) bytes: ChunkBytes,
    /// Newlines in `bytes[..consumed]`.
    pub(super) lines: u64,
    /// Where an unfinished record starts (chunk ended inside a quoted field).
    pub(super) tail: Option<usize>,
    /// The rows tallied as if unique, and the entries the merge de-duplicates.
    pub(super) tally: Tally,
    pub(super) stats: FileStats,
    /// Line numbers here are chunk-relative (0 = the chunk's first line).
    pub(super) rejects: Vec<Reject>,
    /// Per reject: could it be a report footer (misfit row without a timestamp)?
    pub(super) footer_like: Vec<bool>,
    /// Chunk-relative line of the last data row (neither rejected nor empty).
    pub(super) last_data: Option<u64>,
    /// With a data row: how many of `rejects` come before the first one.
    pub(super) lead: usize,
    /// A mapped cell that is not UTF-8: parsing stopped there.
    pub(super) bad_text: Option<BadText>,
    /// The chunk's records (only with `Ctx::records`); chunk-relative lines, statuses
    /// of de-duplicated rows pending until the merge.
    pub(super) records: Option<Box<Batch>>,
    /// The chunk's first and last activity (rows whose time and rep were read).
    pub(super) span: super::span::Span,
}

/// The line of a chunk's last data row (neither rejected nor empty) and the rejects
/// before its first one.
#[derive(Default)]
struct DataLines {
    last: Option<u64>,
    lead: usize,
}

impl DataLines {
    /// After a row (`before`: the rejected and empty rows before it). Only rows that are
    /// not data rows look at the rejects: a data row costs what it did before `lead`.
    #[inline(always)]
    fn row(&mut self, out: &ChunkOut, before: (u64, u64), line: impl FnOnce() -> u64) {
        if out.stats.rejected == before.0 && out.stats.empty == before.1 {
            self.last = Some(line());
        } else if self.last.is_none() {
            self.lead = out.rejects.len();
        }
    }
}

/// Where a mapped cell is not UTF-8 (chunk-relative line).
#[derive(Clone, Copy, Debug)]
pub(super) struct BadText {
    pub(super) line: u64,
    pub(super) col: usize,
}

/// Where the record being classified starts, and whether its chunk is known UTF-8.
struct RowAt<'a, 'b> {
    lines: &'a Lines<'b>,
    start: usize,
    text: ChunkText,
    /// The chunk holds a NUL byte somewhere (rows are checked for one only then).
    nul: bool,
}

impl RowAt<'_, '_> {
    fn get(&self) -> u64 {
        self.lines.at(self.start)
    }
}

impl FileCtx<'_> {
    fn reject(&self, out: &mut ChunkOut, line: u64, col: usize, value: &[u8], reason: String) {
        self.rejected(out, line, Rejected::new(col, value, reason, false));
    }

    fn rejected(&self, out: &mut ChunkOut, line: u64, r: Rejected) {
        out.stats.rejected += 1;
        out.rejects.push(Reject {
            file: self.file.to_string(),
            line,
            column: self.norm.cols.names.get(r.col).cloned().unwrap_or_default(),
            value: r.value,
            reason: r.reason,
        });
        out.footer_like.push(r.footer_like);
    }

    /// The message for a cell that is not UTF-8 (`line` absolute).
    pub(super) fn bad_text(&self, line: u64, col: usize) -> Failure {
        Failure::config(format!(
            "`{}` is not valid UTF-8 (line {line}, column `{}`); if it was saved by Excel on Windows, set `encoding = \"windows-1250\"` (Central European) or `\"windows-1252\"` (Western) in source `{}`",
            self.file,
            self.norm.cols.names.get(col).map_or("", |s| s.as_str()),
            self.norm.source.name
        ))
    }

    /// A row whose rep matched nobody: tallied under the identity that was looked up
    /// (the normalised form: `a@b.example` for `Name <a@b.example>`), and under that
    /// form and the cell as written for `unknown_identities.csv`.
    fn unmatched(&self, out: &mut ChunkOut, rep_raw: &str) {
        let s = self.norm.source;
        out.stats.unmatched += 1;
        let raw = rep_raw.trim();
        let placeholder = crate::sources::no_user::shown(&s.no_user, raw);
        let looked_up = crate::roster::normalise(s.rep_field, raw);
        let id: Cow<'_, str> = if raw.is_empty() || looked_up.is_empty() {
            "(empty)".into()
        } else if let Some(p) = placeholder {
            p.into()
        } else if self.norm.roster.is_ambiguous(s.rep_field, raw) {
            format!("{looked_up} (ambiguous in roster)").into()
        } else {
            looked_up
        };
        let id = cut(id);
        let raw = cut(raw.into());
        // an identity seen before costs no allocation (a file of prospects' rows
        // repeats a few identities many times)
        let stats = &mut out.stats;
        match stats.unknown_identities.get_mut(id.as_ref()) {
            Some(n) => *n += 1,
            None => {
                stats.unknown_identities.insert(id.to_string(), 1);
            }
        }
        let spellings = match stats.unknown_spellings.get_mut(id.as_ref()) {
            Some(s) => s,
            None => stats.unknown_spellings.entry(id.into_owned()).or_default(),
        };
        match spellings.get_mut(raw.as_ref()) {
            Some(n) => *n += 1,
            None => {
                spellings.insert(raw.into_owned(), 1);
            }
        }
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
        match self.classify(f, at, out) {
            Ok(()) => Ok(()),
            Err(Stop::Reject(r)) => {
                self.rejected(out, at.get(), *r);
                Ok(())
            }
            Err(Stop::NotUtf8(col)) => Err(BadText {
                line: at.get(),
                col,
            }),
        }
    }

    /// Normalise one row (1. when, 2. who, 3. how long, how much), decide whether it
    /// counts (4.) and tally it.
    #[inline(always)]
    fn classify(&self, f: &Fields<'_>, at: &RowAt<'_, '_>, out: &mut ChunkOut) -> Result<(), Stop> {
        let (n, s, c) = (&self.norm, self.norm.source, &self.norm.cols);
        let row = RowIn { f, text: at.text };
        // 1. when (its text first: a misfit row without a timestamp may be a footer)
        let mut joined = [0u8; 128];
        let ts_bytes = n.ts_bytes(&row, &mut joined)?;
        let ts_text = row.text(ts_bytes, c.ts)?;
        n.check_width(f, ts_text)?;
        // parsed where it is used, the fixed shape apart: a parsed time kept across the
        // check above, or merged from both paths, went through the stack (a
        // store-forwarding stall per row)
        let t = match s.ts_format.parse_fixed(ts_text) {
            Some(t) => t,
            None => match s.ts_format.parse_cold(ts_text) {
                Ok(t) => t,
                Err(e) => return Err(n.bad_time(e, ts_bytes, f)),
            },
        };
        // 2. who
        let rep_raw = row.text(row.get(c.rep), c.rep)?;
        let Some(rep) = n.rep(rep_raw) else {
            self.unmatched(out, rep_raw);
            return Ok(());
        };
        let zone_day = n.local_day(&t, rep, ts_bytes)?;
        // 3. how long, how much
        let a = n.activity(&row, rep, zone_day)?;
        out.span.see(&t, rep);
        // 4. does it count
        let window = self.ctx.window(rep, s.kind);
        let verdict = self.verdict(&row, &a, window)?;
        let key = match s.dedup {
            Dedup::None => Key::None,
            Dedup::ExactRow => Key::Row(f.hash128()),
            Dedup::ExternalId => {
                let i = c.external_id.unwrap_or(0);
                Key::external(row.text(row.get(i), i)?.trim(), f)
            }
        };
        let cross = match c.counterpart {
            Some(i) if verdict != Err(NotCounted::OutsidePeriod) => {
                let raw = row.text(row.get(i), i)?;
                let country = self.ctx.countries.get(rep as usize).copied().flatten();
                let cp = crate::count::cross_dedup::normalise(raw, country);
                if cp.is_some() && out.tally.example.is_none() {
                    out.tally.example = Some(raw.trim().to_string());
                }
                cp.and_then(|cp| {
                    utc_seconds(&t, s.ts_zone, a.tz)
                        .map(|at| (crate::count::cross_dedup::key(rep, s.kind, cp.as_str()), at))
                })
            }
            _ => None,
        };
        if let Some(b) = out.records.as_deref_mut() {
            let status = if key != Key::None || cross.is_some() {
                records::PENDING
            } else {
                records::status_code(verdict)
            };
            let current = window.0 <= a.day && a.day < window.1;
            self.record(b, &row, at.get(), &a, &t, (status, current));
        }
        let cell = CellKey {
            rep,
            day: a.day,
            kind: s.kind,
        };
        out.tally.add(key, cell, self.value(&a), verdict, cross);
        Ok(())
    }

    /// Step 4, does it count: the row's verdict, its counting window `(lo, hi)` given.
    #[inline(always)]
    fn verdict(
        &self,
        row: &RowIn<'_, '_>,
        a: &Activity,
        (lo, hi): (i32, i32),
    ) -> Result<Result<(), NotCounted>, Stop> {
        let (s, c, day) = (self.norm.source, &self.norm.cols, a.day);
        Ok(
            if (day < lo || day >= hi) && !self.ctx.in_previous(a.rep, s.kind, day) {
                Err(NotCounted::OutsidePeriod)
            } else if self.ctx.after_exit(a.rep, day) {
                Err(NotCounted::AfterExit)
            } else if self.ctx.as_of.is_some_and(|x| day > x) {
                Err(NotCounted::Future)
            } else {
                let direction = match c.direction {
                    Some(i) => Some(row.text(row.get(i), i)?),
                    None => None,
                };
                let outcome = match c.outcome {
                    Some(i) => Some(row.text(row.get(i), i)?),
                    None => None,
                };
                let rules = apply_rules(&s.rules, direction, outcome, a.duration_ms);
                if rules.is_ok() && self.norm.won() && !a.currency_ok {
                    Err(NotCounted::Currency)
                } else {
                    rules
                }
            },
        )
    }

    /// What a row adds to its cell: a won opportunity (amount, units, new customer) or
    /// one activity (and its amount).
    #[inline(always)]
    fn value(&self, a: &Activity) -> CellVal {
        if self.norm.won() {
            CellVal {
                won: 1,
                won_amount: a.amount,
                units: a.units,
                new_customers: a.new_customer as u64,
                ..CellVal::default()
            }
        } else {
            CellVal {
                count: 1,
                amount: a.amount,
                ..CellVal::default()
            }
        }
    }

    /// The record of a row (`--emit-records`), at chunk-relative `line`, with its status
    /// and whether it is in the current report's window.
    fn record(
        &self,
        b: &mut Batch,
        row: &RowIn<'_, '_>,
        line: u64,
        a: &Activity,
        t: &ParsedTime,
        (status, current): (u8, bool),
    ) {
        let (s, c) = (self.norm.source, &self.norm.cols);
        let get = |i: usize| row.get(i);
        b.push(records::Row {
            line,
            rep: a.rep,
            occurred_us: utc_micros(t, s.ts_zone, a.tz),
            day: a.day,
            direction: c.direction.map(get),
            outcome: c.outcome.map(get),
            external_id: c.external_id.map(get),
            duration_ms: a.duration_ms,
            amount: c
                .amount
                .filter(|&i| !get(i).trim_ascii().is_empty())
                .map(|_| a.amount),
            status,
            current,
        });
    }

    /// An empty output for chunk `idx`, with spare buffers.
    fn new_out(&self, idx: u64, last: bool) -> ChunkOut {
        let spare = self.take_spare();
        ChunkOut {
            idx,
            last,
            bytes: ChunkBytes::default(),
            lines: 0,
            tail: None,
            tally: Tally::new(spare.entries, spare.units),
            stats: FileStats::default(),
            rejects: Vec::new(),
            footer_like: Vec::new(),
            last_data: None,
            lead: 0,
            bad_text: None,
            records: self.ctx.records.then(Box::default),
            span: Default::default(),
        }
    }

    /// Parse and classify the records of one chunk. The chunk must start at a record
    /// boundary for the result to be right; the merge checks that.
    pub(super) fn chunk(
        &self,
        idx: u64,
        owner: ChunkBytes,
        last: bool,
    ) -> Result<ChunkOut, Failure> {
        let bytes: &[u8] = &owner;
        let mut out = self.new_out(idx, last);
        let mut rdr = ReaderBuilder::new().delimiter(self.delimiter).build();
        let mut buf = vec![0u8; 4096];
        let mut ends = vec![0usize; 64];
        let (mut pos, mut nout, mut nend) = (0usize, 0usize, 0usize);
        let mut rec_start = 0usize;
        // the line of the last data row (asked when it is read: `Lines` counts forward)
        let mut data = DataLines::default();
        let mut eof_sent = false;
        let text = ChunkText::check(bytes);
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
                if let Some((nl, line, unescaped)) =
                    split_next(bytes, p, self.delimiter, &mut bounds, &mut scratch)
                {
                    let f = Fields {
                        out: if unescaped { &scratch } else { line },
                        bounds: &bounds,
                    };
                    let at = RowAt {
                        lines: &lines,
                        start: p,
                        text,
                        nul,
                    };
                    let (rejected, empty) = (out.stats.rejected, out.stats.empty);
                    if let Err(bad) = self.row(&f, &at, &mut out) {
                        out.bad_text = Some(bad);
                        break;
                    }
                    data.row(&out, (rejected, empty), || lines.at(p));
                    pos = p + nl + 1;
                    rec_start = pos;
                    // the line held one line break, its `\n` (a CR before it is
                    // part of it; any other CR sends a line to csv_core)
                    lines.step(p, pos);
                    continue;
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
                    let start = self.gap(&mut out, bytes, rec_start, pos);
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
                        text,
                        nul,
                    };
                    let (rejected, empty) = (out.stats.rejected, out.stats.empty);
                    if eof_sent && memchr::memchr_iter(b'"', &bytes[start..pos]).count() % 2 == 1 {
                        self.unclosed(&mut out, &f, &at, pos);
                    } else if let Err(bad) = self.row(&f, &at, &mut out) {
                        // decided by the merge: this chunk may have started at a wrong place
                        out.bad_text = Some(bad);
                        break;
                    }
                    data.row(&out, (rejected, empty), || lines.at(start));
                    nout = 0;
                    nend = 0;
                    rec_start = pos;
                }
                ReadRecordResult::End => break,
            }
        }
        (out.last_data, out.lead) = (data.last, data.lead);
        out.tally.fold_verdicts(&mut out.stats);
        Self::end(&mut out, bytes, &lines, rec_start, last);
        out.bytes = owner;
        Ok(out)
    }

    /// The gap before a record csv_core read from `rec_start` to `pos`: nothing (LF), the
    /// `\n` of a CRLF, or blank lines, which are counted. Returns where the record starts.
    fn gap(&self, out: &mut ChunkOut, bytes: &[u8], rec_start: usize, pos: usize) -> usize {
        let start = rec_start
            + bytes[rec_start..pos]
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count();
        let gap = &bytes[rec_start..start];
        if !(gap.is_empty() || gap == b"\n" && rec_start > 0 && bytes[rec_start - 1] == b'\r') {
            let blanks = blank_lines(bytes, rec_start..start);
            out.stats.read += blanks;
            out.stats.empty += blanks;
        }
        start
    }

    /// The final flush of a record whose quote never closed (it ends at `end`).
    fn unclosed(&self, out: &mut ChunkOut, f: &Fields<'_>, at: &RowAt<'_, '_>, end: usize) {
        out.stats.read += 1;
        let col = f.len().saturating_sub(1);
        let line = at.get();
        let (bytes, start) = (at.lines.bytes(), at.start);
        self.reject(
            out,
            line,
            col,
            f.get(col).unwrap_or(b""),
            format!(
                "unclosed quote: the quoted field runs to the end of the file ({} lines)",
                1 + line_breaks(bytes, start..end)
            ),
        );
    }

    /// The end of a chunk after its last record (from `rec_start`): an unfinished record
    /// goes to the next chunk; else the trailing blank lines are counted.
    fn end(out: &mut ChunkOut, bytes: &[u8], lines: &Lines<'_>, rec_start: usize, last: bool) {
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
    }
}

/// An identity as listed: cut to [`SHOWN_CHARS`] characters with its size noted.
fn cut(id: Cow<'_, str>) -> Cow<'_, str> {
    if id.len() > SHOWN_CHARS {
        shown(id.as_bytes()).into()
    } else {
        id
    }
}
