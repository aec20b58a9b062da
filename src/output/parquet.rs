//! The normalised records as partitioned Parquet (`run --emit-records parquet`), for
//! DuckDB, Spark or DataFusion to take over at warehouse scale.
//!
//! Layout inside the output set: `records/period=YYYY-MM/part-NNNNN.parquet`, a Hive
//! partition per rep-local calendar month of `local_date`, a new part every
//! [`PART_ROWS`] rows of a partition. One row per valid row that reached classification
//! (not rejected, unmatched, empty or a report footer), in file order; the columns are
//! those of [`RecordWriter::schema`].
//!
//! Memory stays bounded: workers collect a [`Batch`] per chunk (only when the export is
//! on), the merge thread resolves the de-duplication status of its rows and hands it to
//! the [`RecordWriter`], which buffers at most [`MAX_BUFFERED`] rows before writing row
//! groups.

use std::{
    collections::BTreeMap,
    fs::{self, File},
    io::BufWriter,
    path::{Path, PathBuf},
};

use polars::prelude::*;

use crate::{
    count::NotCounted,
    count::records::{Batch, COUNTED, FileMeta, RecordSink, Strs},
    error::{Error, Result},
    model::day::date_of_day,
};

/// Rows per Parquet part of one partition (a new part is started after this many).
pub(crate) const PART_ROWS: usize = 1_000_000;
/// Rows per row group (a partition's buffer is written when it holds this many).
pub(crate) const ROW_GROUP_ROWS: usize = 128 * 1024;
/// Rows buffered over all partitions before every buffer is written.
pub(crate) const MAX_BUFFERED: usize = 4 * ROW_GROUP_ROWS;

/// The directory of the records inside the output set.
pub(crate) const DIR: &str = "records";

/// Columns and their Parquet types, as documented (the README's records table); a test
/// checks them against [`RecordWriter::schema`].
#[cfg(test)]
const SCHEMA: [(&str, &str); 14] = [
    ("source", "string"),
    ("file", "string"),
    ("line", "uint64"),
    ("rep_id", "string"),
    ("kind", "string"),
    ("occurred_at", "timestamp[us, UTC]"),
    ("local_date", "date"),
    ("direction", "string (null)"),
    ("outcome", "string (null)"),
    ("duration_ms", "int64 (null)"),
    ("amount_e4", "int64 (null)"),
    ("external_id", "string (null)"),
    ("status", "string"),
    ("counted_for", "string (null)"),
];

/// The `status` values, by code (counted, duplicate, then [`NotCounted::ALL`]).
const STATUS: [&str; 2 + NotCounted::ALL.len()] = [
    "counted",
    "duplicate",
    "not_counted:outside_period",
    "not_counted:direction",
    "not_counted:outcome",
    "not_counted:min_duration_s",
    "not_counted:currency",
    "not_counted:future",
    "not_counted:after_exit",
];

fn status_str(code: u8) -> &'static str {
    STATUS.get(code as usize).copied().unwrap_or("?")
}

/// Month index (year * 12 + month0) of a day number.
fn month_of(day: i32) -> i32 {
    use chrono::Datelike;
    let d = date_of_day(day);
    d.year() * 12 + d.month0() as i32
}

fn partition_dir(month: i32) -> String {
    format!(
        "{DIR}/period={:04}-{:02}",
        month.div_euclid(12),
        month.rem_euclid(12) + 1
    )
}

struct Partition {
    writer: Option<(
        String,
        polars::io::parquet::write::BatchedWriter<BufWriter<File>>,
    )>,
    part: u32,
    rows_in_part: usize,
    pending: Vec<DataFrame>,
    pending_rows: usize,
}

/// Writes the records of a run into `root/records/period=…/part-…parquet`.
pub struct RecordWriter {
    root: PathBuf,
    rep_ids: Vec<String>,
    /// Labels of the report period and of the previous one (period over period).
    labels: (String, Option<String>),
    parts: BTreeMap<i32, Partition>,
    buffered: usize,
    written: Vec<String>,
    rows: u64,
}

impl std::fmt::Debug for RecordWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordWriter")
            .field("root", &self.root)
            .field("rows", &self.rows)
            .finish_non_exhaustive()
    }
}

fn pe(e: PolarsError) -> Error {
    Error::run(format!("writing the Parquet records: {e}"))
}

impl RecordWriter {
    /// A writer into `root` (the output set's staging directory); `rep_ids` in roster
    /// order; the labels of the report period and of the previous period (when compared)
    /// fill `counted_for`.
    pub fn new(
        root: &Path,
        rep_ids: Vec<String>,
        period: String,
        previous: Option<String>,
    ) -> Self {
        RecordWriter {
            root: root.to_path_buf(),
            rep_ids,
            labels: (period, previous),
            parts: BTreeMap::new(),
            buffered: 0,
            written: Vec::new(),
            rows: 0,
        }
    }

    /// The Polars schema of a record frame.
    pub(crate) fn schema() -> Schema {
        Schema::from_iter([
            Field::new("source".into(), DataType::String),
            Field::new("file".into(), DataType::String),
            Field::new("line".into(), DataType::UInt64),
            Field::new("rep_id".into(), DataType::String),
            Field::new("kind".into(), DataType::String),
            Field::new(
                "occurred_at".into(),
                DataType::Datetime(TimeUnit::Microseconds, Some(TimeZone::UTC)),
            ),
            Field::new("local_date".into(), DataType::Date),
            Field::new("direction".into(), DataType::String),
            Field::new("outcome".into(), DataType::String),
            Field::new("duration_ms".into(), DataType::Int64),
            Field::new("amount_e4".into(), DataType::Int64),
            Field::new("external_id".into(), DataType::String),
            Field::new("status".into(), DataType::String),
            Field::new("counted_for".into(), DataType::String),
        ])
    }

    fn frame(&self, meta: &FileMeta<'_>, b: &Batch, idx: &[u32], line_base: u64) -> DataFrame {
        let n = idx.len();
        let it = || idx.iter().map(|&i| i as usize);
        let s = |name: &str, v: &Strs| {
            StringChunked::from_iter_options(name.into(), it().map(|i| v.get(i))).into_column()
        };
        let columns = vec![
            StringChunked::full("source".into(), meta.source, n).into_column(),
            StringChunked::full("file".into(), meta.file, n).into_column(),
            UInt64Chunked::from_iter_values("line".into(), it().map(|i| b.line[i] + line_base))
                .into_column(),
            StringChunked::from_iter_values(
                "rep_id".into(),
                it().map(|i| {
                    self.rep_ids
                        .get(b.rep[i] as usize)
                        .map_or("", String::as_str)
                }),
            )
            .into_column(),
            StringChunked::full("kind".into(), meta.kind.as_str(), n).into_column(),
            Int64Chunked::from_iter_options("occurred_at".into(), it().map(|i| b.occurred_us[i]))
                .into_datetime(TimeUnit::Microseconds, Some(TimeZone::UTC))
                .into_column(),
            Int32Chunked::from_iter_values("local_date".into(), it().map(|i| b.day[i]))
                .into_date()
                .into_column(),
            s("direction", &b.direction),
            s("outcome", &b.outcome),
            Int64Chunked::from_iter_options("duration_ms".into(), it().map(|i| b.duration_ms[i]))
                .into_column(),
            Int64Chunked::from_iter_options("amount_e4".into(), it().map(|i| b.amount[i]))
                .into_column(),
            s("external_id", &b.external_id),
            StringChunked::from_iter_values("status".into(), it().map(|i| status_str(b.status[i])))
                .into_column(),
            StringChunked::from_iter_options(
                "counted_for".into(),
                it().map(|i| match (b.status[i], b.current[i]) {
                    (COUNTED, true) => Some(self.labels.0.as_str()),
                    (COUNTED, false) => self.labels.1.as_deref(),
                    _ => None,
                }),
            )
            .into_column(),
        ];
        // every column has n rows: construction cannot fail
        DataFrame::new(n, columns).expect("record columns of equal length")
    }

    /// Add the records of one merged chunk (statuses resolved; lines `line_base`-relative).
    pub(crate) fn write(&mut self, meta: &FileMeta<'_>, b: &Batch, line_base: u64) -> Result<()> {
        if b.is_empty() {
            return Ok(());
        }
        // rows per month, in file order
        let mut by_month: BTreeMap<i32, Vec<u32>> = BTreeMap::new();
        let mut last: Option<(i32, i32)> = None; // (day, month) cache: rows come in runs
        for (i, &day) in b.day.iter().enumerate() {
            let m = match last {
                Some((d, m)) if d == day => m,
                _ => {
                    let m = month_of(day);
                    last = Some((day, m));
                    m
                }
            };
            by_month.entry(m).or_default().push(i as u32);
        }
        for (month, idx) in by_month {
            let df = self.frame(meta, b, &idx, line_base);
            let p = self.parts.entry(month).or_insert_with(|| Partition {
                writer: None,
                part: 0,
                rows_in_part: 0,
                pending: Vec::new(),
                pending_rows: 0,
            });
            p.pending_rows += df.height();
            p.pending.push(df);
            self.buffered += idx.len();
            self.rows += idx.len() as u64;
            if p.pending_rows >= ROW_GROUP_ROWS {
                self.flush(month)?;
            }
        }
        if self.buffered >= MAX_BUFFERED {
            let months: Vec<i32> = self.parts.keys().copied().collect();
            for m in months {
                self.flush(m)?;
            }
        }
        Ok(())
    }

    /// Write a partition's buffered rows as one row group (starting a new part when the
    /// current one is full).
    fn flush(&mut self, month: i32) -> Result<()> {
        let root = self.root.clone();
        let Some(p) = self.parts.get_mut(&month) else {
            return Ok(());
        };
        if p.pending.is_empty() {
            return Ok(());
        }
        let mut frames = std::mem::take(&mut p.pending).into_iter();
        let mut df = frames.next().unwrap_or_default();
        for f in frames {
            df.vstack_mut_owned(f).map_err(pe)?;
        }
        df.rechunk_mut();
        self.buffered -= p.pending_rows;
        p.pending_rows = 0;
        if p.writer.is_none() {
            let dir = partition_dir(month);
            let name = format!("{dir}/part-{:05}.parquet", p.part);
            let abs = root.join(&dir);
            fs::create_dir_all(&abs)
                .map_err(|e| Error::run(format!("cannot create `{}`: {e}", abs.display())))?;
            let path = root.join(&name);
            let f = File::create(&path)
                .map_err(|e| Error::run(format!("cannot write `{}`: {e}", path.display())))?;
            let w = ParquetWriter::new(BufWriter::with_capacity(1 << 20, f))
                .batched(&Self::schema())
                .map_err(pe)?;
            p.writer = Some((name, w));
        }
        if let Some((_, w)) = p.writer.as_mut() {
            w.write_batch(&df).map_err(pe)?;
        }
        p.rows_in_part += df.height();
        if p.rows_in_part >= PART_ROWS {
            Self::close(p, &mut self.written)?;
        }
        Ok(())
    }

    fn close(p: &mut Partition, written: &mut Vec<String>) -> Result<()> {
        if let Some((name, w)) = p.writer.take() {
            w.finish().map_err(pe)?;
            // dropping the BatchedWriter flushes the BufWriter; sync happens on adoption
            drop(w);
            written.push(name);
            p.part += 1;
            p.rows_in_part = 0;
        }
        Ok(())
    }

    /// Write what is buffered, close every part; returns the names written (relative to
    /// the root, `records/period=2026-10/part-00000.parquet`), sorted.
    pub fn finish(mut self) -> Result<Vec<String>> {
        let months: Vec<i32> = self.parts.keys().copied().collect();
        for m in &months {
            self.flush(*m)?;
        }
        for m in months {
            if let Some(p) = self.parts.get_mut(&m) {
                Self::close(p, &mut self.written)?;
            }
        }
        self.written.sort();
        Ok(self.written)
    }
}

impl RecordSink for RecordWriter {
    fn write_batch(&mut self, meta: &FileMeta<'_>, batch: &Batch, line_base: u64) -> Result<()> {
        self.write(meta, batch, line_base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::count::records::{DUPLICATE, PENDING, status_code};

    #[test]
    fn schema_is_the_documented_one() {
        let names: Vec<String> = RecordWriter::schema()
            .iter_names()
            .map(|n| n.to_string())
            .collect();
        let documented: Vec<&str> = SCHEMA.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, documented);
    }

    #[test]
    fn status_codes_round_trip() {
        assert_eq!(status_str(status_code(Ok(()))), "counted");
        assert_eq!(status_str(PENDING), "?");
        assert_eq!(status_str(DUPLICATE), "duplicate");
        for r in NotCounted::ALL {
            assert_eq!(
                status_str(status_code(Err(r))),
                format!("not_counted:{}", r.as_str())
            );
        }
    }

    #[test]
    fn partitions_are_rep_local_months() {
        use crate::model::day::day_number;
        let d = |y, m, dd| day_number(chrono::NaiveDate::from_ymd_opt(y, m, dd).unwrap());
        assert_eq!(
            partition_dir(month_of(d(2026, 10, 31))),
            "records/period=2026-10"
        );
        assert_eq!(
            partition_dir(month_of(d(2026, 11, 1))),
            "records/period=2026-11"
        );
        assert_eq!(
            partition_dir(month_of(d(1969, 12, 31))),
            "records/period=1969-12"
        );
    }
}
