//! Stage 2 for one row: its fields → an [`Activity`], in the order a row is read:
//! when (step 1: the timestamp's text, the row's width), who (step 2: the rep, the
//! local day), how long and how much (step 3: duration, amount, units, currency, new
//! customer).
//!
//! The count stage's row loop calls these once per row, so they are
//! `#[inline(always)]`: after inlining the row compiles as one function, with the
//! parsed values in registers (benches/RESULTS.md: a parsed time that went through the
//! stack was a store-forwarding stall per row). The fixed-shape timestamp parse is
//! matched by the row itself, for the same reason. A row that stops here says why in a
//! [`Stop`]; the count stage accounts for it.

use chrono_tz::Tz;

use crate::{
    config::{OppRole, Source},
    model::{Kind, RepIdx},
    normalise::zone::{Offsets, local_day},
    normalise::{
        amount::parse_amount,
        duration::{DurationUnit, parse_duration_ms},
        identity::eq_fold,
        time::{ParsedTime, TimeError},
    },
    roster::Roster,
    sources::{
        fields::{Fields, shown},
        header::Cols,
        split::ChunkText,
    },
};

/// One row, normalised: what counting it needs, as scalars, read by `#[inline]`
/// functions.
///
/// The parsed time is not part of it: the row keeps it in registers beside it (a
/// parsed time copied through memory was a store-forwarding stall per row), and only
/// cross-tool keys and records ask for its UTC second (`zone::utc_seconds`), which for
/// wall-clock rows costs a zone lookup that most rows need not pay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Activity {
    /// The rep (roster index).
    pub(crate) rep: RepIdx,
    /// The rep's zone.
    pub(crate) tz: Tz,
    /// The local calendar day, days since 1970-01-01 (the rep's zone, or the source's).
    pub(crate) day: i32,
    /// The duration, when the source maps one and the cell is not empty.
    pub(crate) duration_ms: Option<i64>,
    /// Amount in 1/10 000 units (0: no amount).
    pub(crate) amount: i64,
    /// Units in 1/10 000 (0: none), never negative.
    pub(crate) units: i64,
    /// The currency cell is empty or the rep's (or the rep has none).
    pub(crate) currency_ok: bool,
    /// The new-customer cell holds one of the source's values.
    pub(crate) new_customer: bool,
}

/// A rejected row: the column, its value as shown, why; `footer_like`: a misfit row
/// without a timestamp, or a row whose timestamp and at least half its other cells are
/// empty, which may be a report footer.
#[derive(Debug)]
pub(crate) struct Rejected {
    pub(crate) col: usize,
    pub(crate) value: String,
    pub(crate) reason: String,
    pub(crate) footer_like: bool,
}

/// Why a row did not become an [`Activity`].
#[derive(Debug)]
pub(crate) enum Stop {
    /// Rejected (boxed: the common path carries one word).
    Reject(Box<Rejected>),
    /// The cell of this column is not UTF-8 (in a chunk not known to be): the chunk's
    /// parse stops there, and the merge decides.
    NotUtf8(usize),
}

impl Rejected {
    /// Column `col`, holding `value`, rejected for `reason`.
    pub(crate) fn new(col: usize, value: &[u8], reason: String, footer_like: bool) -> Rejected {
        Rejected {
            col,
            value: shown(value),
            reason,
            footer_like,
        }
    }
}

/// A rejection of column `col` holding `value`.
#[cold]
#[inline(never)]
pub(crate) fn reject(col: usize, value: &[u8], reason: String, footer_like: bool) -> Stop {
    Stop::Reject(Box::new(Rejected::new(col, value, reason, footer_like)))
}

/// One row's fields, and what is known of its chunk's text.
#[derive(Clone, Copy)]
pub(crate) struct RowIn<'r, 'b> {
    pub(crate) f: &'r Fields<'b>,
    pub(crate) text: ChunkText,
}

impl<'b> RowIn<'_, 'b> {
    /// Field `i` (empty when the row has fewer).
    #[inline(always)]
    pub(crate) fn get(&self, i: usize) -> &'b [u8] {
        self.f.get(i).unwrap_or(b"")
    }

    /// `bytes` (cut from this row's chunk, of column `col`) as text.
    #[inline(always)]
    pub(crate) fn text<'x>(&self, bytes: &'x [u8], col: usize) -> Result<&'x str, Stop> {
        self.text.field(bytes).ok_or(Stop::NotUtf8(col))
    }
}

/// What normalising one file's rows needs; shared by its workers.
pub(crate) struct Normaliser<'a> {
    pub(crate) source: &'a Source,
    /// The file's columns.
    pub(crate) cols: Cols,
    pub(crate) roster: &'a Roster,
    /// UTC offsets of the reps' zones over the counted span.
    pub(crate) offsets: &'a Offsets,
    /// The currency of each rep's won amounts (roster order); `None`: any.
    pub(crate) currencies: &'a [Option<String>],
}

impl Normaliser<'_> {
    /// Does the source list won opportunities (amounts, units, currency)?
    #[inline(always)]
    pub(crate) fn won(&self) -> bool {
        self.source.kind == Kind::Opportunity && self.source.opportunity == OppRole::Won
    }

    /// Step 1, when: the timestamp's bytes; with a separate time column, date and time
    /// joined by a space in `joined`.
    #[inline(always)]
    pub(crate) fn ts_bytes<'x>(
        &self,
        row: &RowIn<'_, 'x>,
        joined: &'x mut [u8; 128],
    ) -> Result<&'x [u8], Stop> {
        let c = &self.cols;
        let Some(j) = c.ts_time else {
            return Ok(row.get(c.ts));
        };
        let (d, t) = (row.get(c.ts).trim_ascii(), row.get(j).trim_ascii());
        let len = d.len() + usize::from(!t.is_empty()) + t.len();
        if len > joined.len() {
            let why = "bad timestamp (date and time longer than 127 bytes)";
            return Err(reject(j, t, why.into(), false));
        }
        joined[..d.len()].copy_from_slice(d);
        if !t.is_empty() {
            joined[d.len()] = b' ';
            joined[d.len() + 1..len].copy_from_slice(t);
        }
        Ok(&joined[..len])
    }

    /// Step 1, when: a row with another number of fields than the header is rejected
    /// (trailing blank fields apart); without a timestamp it may be a report footer.
    #[inline(always)]
    pub(crate) fn check_width(&self, f: &Fields<'_>, ts_text: &str) -> Result<(), Stop> {
        let n = self.cols.names.len();
        if f.len() == n {
            return Ok(());
        }
        let extra_blank = f.len() > n
            && (n..f.len()).all(|i| f.get(i).is_some_and(|v| v.trim_ascii().is_empty()));
        if extra_blank {
            return Ok(());
        }
        Err(self.misfit(f, ts_text))
    }

    #[cold]
    #[inline(never)]
    fn misfit(&self, f: &Fields<'_>, ts_text: &str) -> Stop {
        let n = self.cols.names.len();
        let shown = f.get(f.len().saturating_sub(1)).unwrap_or(b"");
        reject(
            f.len().saturating_sub(1),
            shown,
            format!("row has {} fields, the header has {n}", f.len()),
            f.len() < n && self.source.ts_format.parse_cold(ts_text).is_err(),
        )
    }

    /// Step 1, when: the rejection of a timestamp that does not parse.
    #[cold]
    #[inline(never)]
    pub(crate) fn bad_time(&self, e: TimeError, ts_bytes: &[u8], f: &Fields<'_>) -> Stop {
        let s = self.source;
        if self.is_header(f) {
            return reject(
                self.cols.ts,
                ts_bytes,
                "repeated header: the row is the file's header again (two exports joined into one file?)".into(),
                false,
            );
        }
        reject(
            self.cols.ts,
            ts_bytes,
            format!("bad timestamp ({e}); expected {}", s.ts_format.describe()),
            e == TimeError::Empty && self.sparse(f),
        )
    }

    /// Whether at most half a row's cells are filled: with its timestamp empty, a footer
    /// (`Total,,120,,`, a report's closing lines padded by Excel), not a data row
    /// without its time (a Salesloft email still `scheduled` has most cells filled).
    #[cold]
    #[inline(never)]
    fn sparse(&self, f: &Fields<'_>) -> bool {
        let filled = (0..f.len())
            .filter(|&i| f.get(i).is_some_and(|v| !v.trim_ascii().is_empty()))
            .count();
        filled * 2 <= self.cols.names.len()
    }

    /// Whether a row is the file's header again, compared as columns are found (trimmed,
    /// case-insensitive; a byte-order mark before the first name ignored; blank cells past
    /// the header's width allowed). Asked only of a row whose timestamp did not parse.
    #[cold]
    #[inline(never)]
    fn is_header(&self, f: &Fields<'_>) -> bool {
        let names = &self.cols.names;
        let same = |i: usize, name: &str| {
            let cell = String::from_utf8_lossy(f.get(i).unwrap_or(b""));
            let strip = |s: &str| s.trim_start_matches('\u{feff}').trim().to_lowercase();
            strip(&cell) == strip(name)
        };
        f.len() >= names.len()
            && names.iter().enumerate().all(|(i, n)| same(i, n))
            && (names.len()..f.len()).all(|i| f.get(i).is_some_and(|v| v.trim_ascii().is_empty()))
    }

    /// Step 2, who: the rep named in the row, `None` when nobody in the roster is.
    #[inline(always)]
    pub(crate) fn rep(&self, raw: &str) -> Option<RepIdx> {
        self.roster.resolve(self.source.rep_field, raw)
    }

    /// Step 2, who: the rep's zone and the row's local day.
    #[inline(always)]
    pub(crate) fn local_day(
        &self,
        t: &ParsedTime,
        rep: RepIdx,
        ts_bytes: &[u8],
    ) -> Result<(Tz, i32), Stop> {
        // the rep's zone from the small offset tables (the roster's rows are large: one
        // cache miss per row)
        let table = self.offsets.of_rep(rep);
        let rep_tz = match table {
            Some(t) => t.tz(),
            None => self.roster.reps[rep as usize].tz,
        };
        match local_day(t, self.source.ts_zone, rep_tz, table) {
            Ok(day) => Ok((rep_tz, day)),
            Err(why) => Err(reject(
                self.cols.ts,
                ts_bytes,
                format!("bad timestamp: {why}"),
                false,
            )),
        }
    }

    /// Step 3, how long and how much: the row's measures, with when and who read before.
    #[inline(always)]
    pub(crate) fn activity(
        &self,
        row: &RowIn<'_, '_>,
        rep: RepIdx,
        (tz, day): (Tz, i32),
    ) -> Result<Activity, Stop> {
        let duration_ms = self.duration(row)?;
        let amount = self.amount(row)?;
        if self.won() && amount < 0 {
            let i = self.cols.amount.unwrap_or(0);
            let why = "negative amount of a won opportunity";
            return Err(reject(i, row.get(i), why.into(), false));
        }
        let units = self.units(row)?;
        let currency_ok = self.currency_ok(row, rep)?;
        let new_customer = self.new_customer(row)?;
        Ok(Activity {
            rep,
            tz,
            day,
            duration_ms,
            amount,
            units,
            currency_ok,
            new_customer,
        })
    }

    #[inline(always)]
    fn duration(&self, row: &RowIn<'_, '_>) -> Result<Option<i64>, Stop> {
        let (Some(i), Some((_, unit))) = (self.cols.duration, &self.source.duration) else {
            return Ok(None);
        };
        let raw = row.text(row.get(i), i)?;
        if raw.trim().is_empty() {
            return Ok(None);
        }
        match parse_duration_ms(raw, *unit) {
            Ok(ms) => Ok(Some(ms)),
            Err(e) => Err(reject(
                i,
                row.get(i),
                format!("bad duration ({e}); expected {}", unit_hint(*unit)),
                false,
            )),
        }
    }

    #[inline(always)]
    fn amount(&self, row: &RowIn<'_, '_>) -> Result<i64, Stop> {
        let Some(i) = self.cols.amount else {
            return Ok(0);
        };
        let raw = row.text(row.get(i), i)?;
        if raw.trim().is_empty() {
            return Ok(0);
        }
        parse_amount(raw, self.source.decimal_comma)
            .map_err(|e| reject(i, row.get(i), format!("bad amount ({e})"), false))
    }

    #[inline(always)]
    fn units(&self, row: &RowIn<'_, '_>) -> Result<i64, Stop> {
        let Some(i) = self.cols.units else {
            return Ok(0);
        };
        let raw = row.text(row.get(i), i)?;
        if raw.trim().is_empty() {
            return Ok(0);
        }
        match parse_amount(raw, self.source.decimal_comma) {
            Ok(u) if u >= 0 => Ok(u),
            Ok(_) => Err(reject(i, row.get(i), "negative units".into(), false)),
            Err(e) => Err(reject(i, row.get(i), format!("bad units ({e})"), false)),
        }
    }

    #[inline(always)]
    fn currency_ok(&self, row: &RowIn<'_, '_>, rep: RepIdx) -> Result<bool, Stop> {
        let Some(i) = self.cols.currency else {
            return Ok(true);
        };
        let raw = row.text(row.get(i), i)?.trim();
        if raw.is_empty() {
            return Ok(true);
        }
        if raw.len() != 3 || !raw.bytes().all(|b| b.is_ascii_alphabetic()) {
            let why = "bad currency (expected an ISO code such as `USD`)";
            return Err(reject(i, row.get(i), why.into(), false));
        }
        Ok(match self.currencies.get(rep as usize) {
            Some(Some(want)) => raw.eq_ignore_ascii_case(want),
            _ => true,
        })
    }

    #[inline(always)]
    fn new_customer(&self, row: &RowIn<'_, '_>) -> Result<bool, Stop> {
        Ok(match (self.cols.new_customer, &self.source.new_customer) {
            (Some(i), Some((_, values))) => {
                let raw = row.text(row.get(i), i)?;
                values.iter().any(|v| eq_fold(v, raw))
            }
            _ => false,
        })
    }
}

/// What a duration column of `u` holds, for its rejections.
fn unit_hint(u: DurationUnit) -> &'static str {
    use DurationUnit as U;
    match u {
        U::Seconds => "whole seconds ≥ 0, e.g. `240`",
        U::Milliseconds => "milliseconds ≥ 0, e.g. `240000`",
        U::Minutes => "minutes ≥ 0, e.g. `4` or `4.5`",
        U::Hms => "hh:mm:ss ≥ 0, e.g. `00:04:00`",
        U::Auto => "seconds or hh:mm:ss ≥ 0, e.g. `240` or `00:04:00`",
    }
}
