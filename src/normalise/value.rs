//! Strict, hand-written cell parsers for activity exports: timestamps, durations, amounts and rep identities.
//!
//! Everything here runs once per cell on the hot path, so the success path never allocates
//! (identity normalisers borrow unless they must change the text) and nothing panics on any input.

use std::borrow::Cow;
use std::fmt;
use std::fmt::Write as _;

use chrono::{DateTime, NaiveDateTime, TimeDelta};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc, is_nfc_quick};

// ---------------------------------------------------------------------------------------------
// Timestamps
// ---------------------------------------------------------------------------------------------

/// How a timestamp column is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeFormat {
    /// `YYYY-MM-DD[( |T)HH:MM[:SS[.f]]][Z|±HH[:MM]| UTC]`.
    Iso8601,
    /// Integer seconds since 1970-01-01T00:00:00Z.
    EpochSeconds,
    /// Integer milliseconds since 1970-01-01T00:00:00Z.
    EpochMillis,
    /// A strftime-style pattern (a subset of chrono's syntax).
    Pattern(Pattern),
}

/// A compiled strftime-style pattern; build it with [`TimeFormat::parse_spec`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    spec: String,
    items: Vec<Item>,
    /// Set when every field has a fixed width: values of exactly that shape are read by
    /// position (see [`Fixed`]).
    fixed: Option<Fixed>,
}

/// The shape of a pattern made only of `%Y %m %d %H %M %S`, non-digit ASCII literals,
/// single spaces and an optional final `%z` (e.g. `%Y-%m-%d %H:%M:%S`, `%d.%m.%Y %H:%M`): a value of
/// exactly that shape (two digits for every 1–2-digit field, `Z` or `±HH:MM` for `%z`)
/// is read by position; any other value goes to the general parser. Both give the same
/// result on the values the fast path takes: the general parser reads 1–2-digit fields
/// greedily, so two digits followed by a non-digit read the same either way.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Fixed {
    /// Bytes before the `%z` offset (or the whole value).
    len: usize,
    /// Per byte: the literal expected there, or 0 for a digit.
    shape: Vec<u8>,
    /// Where each of year (4 digits), month, day, hour, minute, second (2 digits) starts;
    /// `NONE` when the pattern has no such field.
    at: [usize; 6],
    offset: bool,
    /// The shape as 8-byte words checked at once (see [`Fixed::words`]); empty when
    /// the shape is shorter than 8 bytes.
    words: Vec<ShapeWord>,
}

/// Eight bytes of a [`Fixed`] shape, from `at`: `pattern` has each literal and `0`
/// (0x30) for each digit; `literal` and `digit` are 0xFF on the bytes of each kind.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ShapeWord {
    at: usize,
    pattern: u64,
    literal: u64,
    digit: u64,
}

impl ShapeWord {
    /// Whether the 8 bytes `x` (little-endian) fit: literals equal, digits `0`-`9`.
    /// Past the XOR a digit byte is its value; a byte over 9 gets its top bit from
    /// adding 0x76 (or has it already, when over 0x89: then a carry into the next
    /// byte cannot matter, the word fails anyway).
    #[inline]
    fn fits(&self, x: u64) -> bool {
        let d = x ^ self.pattern;
        let t = d & self.digit;
        d & self.literal == 0
            && (t.wrapping_add(0x7676_7676_7676_7676) | t) & 0x8080_8080_8080_8080 == 0
    }
}

const NONE: usize = usize::MAX;

impl Fixed {
    fn of(items: &[Item]) -> Option<Fixed> {
        let mut fx = Fixed {
            len: 0,
            shape: Vec::new(),
            at: [NONE; 6],
            offset: false,
            words: Vec::new(),
        };
        for (k, it) in items.iter().enumerate() {
            let (width, slot) = match it {
                Item::Lit(l) => {
                    for &b in l.iter() {
                        if !b.is_ascii() || b.is_ascii_digit() || b == 0 {
                            return None;
                        }
                        fx.shape.push(b);
                    }
                    continue;
                }
                Item::Offset if k + 1 == items.len() => {
                    fx.offset = true;
                    continue;
                }
                // one space (the general parser takes a run of them: the shape cannot
                // be fixed when whitespace follows)
                Item::Space => {
                    if let Some(Item::Space) = items.get(k + 1) {
                        return None;
                    }
                    if let Some(Item::Lit(l)) = items.get(k + 1)
                        && matches!(l.first(), Some(b' ' | b'\t' | 0xC2 | 0xE2))
                    {
                        return None;
                    }
                    fx.shape.push(b' ');
                    continue;
                }
                Item::Year4 => (4, 0),
                Item::Month => (2, 1),
                Item::Day => (2, 2),
                Item::Hour24 => (2, 3),
                Item::Minute => (2, 4),
                Item::Second => (2, 5),
                _ => return None,
            };
            if fx.at[slot] != NONE {
                return None;
            }
            fx.at[slot] = fx.shape.len();
            fx.shape.extend(std::iter::repeat_n(0, width));
        }
        fx.len = fx.shape.len();
        fx.words = Fixed::words(&fx.shape);
        Some(fx)
    }

    /// `shape` in 8-byte words at 0, 8, 16, … and, when its length is not a multiple
    /// of 8, a last word ending where it ends (overlapping the one before).
    fn words(shape: &[u8]) -> Vec<ShapeWord> {
        if shape.len() < 8 {
            return Vec::new();
        }
        let mut starts: Vec<usize> = (0..=shape.len() - 8).step_by(8).collect();
        if !shape.len().is_multiple_of(8) {
            starts.push(shape.len() - 8);
        }
        starts
            .into_iter()
            .map(|at| {
                let mut w = ShapeWord {
                    at,
                    pattern: 0,
                    literal: 0,
                    digit: 0,
                };
                for (i, &b) in shape[at..at + 8].iter().enumerate() {
                    let shift = 8 * i;
                    if b == 0 {
                        w.pattern |= u64::from(b'0') << shift;
                        w.digit |= 0xFF << shift;
                    } else {
                        w.pattern |= u64::from(b) << shift;
                        w.literal |= 0xFF << shift;
                    }
                }
                w
            })
            .collect()
    }

    /// `None`: not of the fixed shape, ask the general parser.
    #[inline(always)]
    fn parse(&self, b: &[u8]) -> Option<Result<ParsedTime, TimeError>> {
        let (main, rest) = (b.get(..self.len)?, b.get(self.len..)?);
        if self.words.is_empty() {
            let mut ok = true;
            for (&c, &want) in main.iter().zip(&self.shape) {
                ok &= if want == 0 {
                    c.is_ascii_digit()
                } else {
                    c == want
                };
            }
            if !ok {
                return None;
            }
        } else {
            for w in &self.words {
                let x = u64::from_le_bytes(main.get(w.at..w.at + 8)?.try_into().ok()?);
                if !w.fits(x) {
                    return None;
                }
            }
        }
        // every digit position is checked: plain arithmetic from here
        let two = |i: usize| match i {
            NONE => 0,
            _ => u32::from(main[i] - b'0') * 10 + u32::from(main[i + 1] - b'0'),
        };
        let mut f = Fields::new();
        if self.at[0] != NONE {
            f.year = (two(self.at[0]) * 100 + two(self.at[0] + 2)) as i32;
        }
        f.month = two(self.at[1]);
        f.day = two(self.at[2]);
        f.hour = two(self.at[3]);
        f.minute = two(self.at[4]);
        f.second = two(self.at[5]);
        if self.offset {
            let two = |a: u8, b: u8| {
                (a.is_ascii_digit() && b.is_ascii_digit())
                    .then(|| u32::from(a - b'0') * 10 + u32::from(b - b'0'))
            };
            f.offset = Some(match *rest {
                [b'Z' | b'z'] => RawOffset::UTC,
                [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => RawOffset {
                    neg: sign == b'-',
                    h: two(h1, h2)?,
                    m: two(m1, m2)?,
                },
                _ => return None,
            });
        } else if !rest.is_empty() {
            return None;
        }
        Some(f.build())
    }
}

impl Pattern {
    /// The pattern as written in the configuration.
    pub fn as_str(&self) -> &str {
        &self.spec
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    /// Literal bytes, matched exactly.
    Lit(Box<[u8]>),
    /// One or more spaces (space, tab, NBSP, narrow NBSP).
    Space,
    Year4,
    Year2,
    Month,
    Day,
    /// `%e`: day with an optional leading space.
    DaySpace,
    Hour24,
    Hour12,
    Minute,
    Second,
    /// `%f`: 1-9 fraction digits (the '.' is a literal in the pattern).
    Frac,
    /// `%.f`: optional '.' followed by 1-9 digits.
    DotFrac,
    AmPm,
    MonthAbbr,
    MonthFull,
    /// `%z`: `Z`, `±HH:MM` or `±HHMM`.
    Offset,
    /// `%Z`: `UTC`, `GMT` or `Z`.
    Zone,
}

/// A parsed timestamp: wall-clock time plus the offset the value itself carried, if any.
///
/// The wall clock is kept as a day number and a second of that day, so that the hot
/// path (a row's local day) is integer arithmetic; [`ParsedTime::naive`] gives chrono's
/// view of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ParsedTime {
    /// The wall-clock date as days since 1970-01-01 (proleptic Gregorian).
    pub day: i32,
    /// The wall-clock second of that day, `0..86_400`.
    pub secs: u32,
    /// The fraction of that second, `0..1_000_000_000`.
    pub nano: u32,
    /// Seconds east of UTC when the value carried a zone (`Z`, `±HH:MM`, `±HHMM`, `±HH`,
    /// ` UTC`/` GMT`); `Some(0)` for epoch values; `None` for wall-clock values.
    pub offset_s: Option<i32>,
}

impl ParsedTime {
    /// A parsed time from chrono's wall-clock value.
    pub fn from_naive(naive: NaiveDateTime, offset_s: Option<i32>) -> ParsedTime {
        let wall = naive.and_utc();
        let secs = wall.timestamp();
        ParsedTime {
            day: secs.div_euclid(86_400) as i32,
            secs: secs.rem_euclid(86_400) as u32,
            nano: wall.timestamp_subsec_nanos(),
            offset_s,
        }
    }

    /// The wall clock as seconds since 1970-01-01T00:00:00 (as if it were UTC).
    pub fn wall_secs(&self) -> i64 {
        i64::from(self.day) * 86_400 + i64::from(self.secs)
    }

    /// The wall clock as chrono's naive date and time.
    pub fn naive(&self) -> NaiveDateTime {
        // Every `ParsedTime` holds a date chrono can represent (`Fields::build` and
        // `from_naive` make sure): the fallback cannot be reached.
        DateTime::from_timestamp(self.wall_secs(), self.nano)
            .map_or(NaiveDateTime::MIN, |t| t.naive_utc())
    }

    /// The UTC instant, when the value carried its own offset.
    pub fn utc(&self) -> Option<NaiveDateTime> {
        let off = self.offset_s?;
        self.naive()
            .checked_sub_signed(TimeDelta::try_seconds(i64::from(off))?)
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date whose month is `1..=12` and
/// year within ±400 000 (the `days_from_civil` algorithm of H. Hinnant's
/// "chrono-Compatible Low-Level Date Algorithms", shifted by 1 000 eras so that every
/// division is of a non-negative number by a constant: no division instruction).
const fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    const SHIFT_ERAS: u64 = 1_000;
    let y = (year as i64 + (SHIFT_ERAS * 400) as i64 - (month <= 2) as i64) as u64;
    let era = y / 400;
    let yoe = y - era * 400;
    let m = month as u64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as u64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe) as i64 - (SHIFT_ERAS * 146_097) as i64 - 719_468
}

/// The first year of [`MONTH_STARTS`].
const MONTH_TABLE_FROM: i32 = 1900;

/// Day numbers of the first day of each month from January 1900 to January 2200 (the
/// months of every timestamp an export holds, looked up instead of computed).
static MONTH_STARTS: [i32; 300 * 12 + 1] = {
    let mut t = [0i32; 300 * 12 + 1];
    let mut i = 0;
    while i < t.len() {
        t[i] = days_from_civil(MONTH_TABLE_FROM + (i / 12) as i32, (i % 12) as u32 + 1, 1) as i32;
        i += 1;
    }
    t
};

/// The number of days of a month `1..=12`.
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Why a timestamp cell was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeError {
    /// Nothing but whitespace.
    Empty,
    /// The text does not have the configured shape.
    Format,
    /// The shape is right but the date or time does not exist (31.09., 25:61, month 13...).
    OutOfRange,
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeError::Empty => "empty",
            TimeError::Format => "does not match the format",
            TimeError::OutOfRange => "not a real date/time",
        })
    }
}

impl std::error::Error for TimeError {}

const SUPPORTED_SPECIFIERS: &str =
    "%Y %y %m %d %e %H %I %M %S %f %.f %p %b %B %z %Z %% and literals";

impl TimeFormat {
    /// Parse a config spec: "iso8601" | "rfc3339" (both → Iso8601), "epoch" | "epoch_s" | "unix" → EpochSeconds,
    /// "epoch_ms" | "unix_ms" → EpochMillis, anything containing '%' → Pattern (chrono strftime syntax subset).
    /// Err(String) is a one-sentence message naming the problem, e.g. the unsupported specifier.
    pub fn parse_spec(spec: &str) -> Result<TimeFormat, String> {
        if spec.contains('%') {
            return compile_pattern(spec).map(TimeFormat::Pattern);
        }
        let t = spec.trim();
        const NAMES: [(&str, TimeFormat); 7] = [
            ("iso8601", TimeFormat::Iso8601),
            ("rfc3339", TimeFormat::Iso8601),
            ("epoch", TimeFormat::EpochSeconds),
            ("epoch_s", TimeFormat::EpochSeconds),
            ("unix", TimeFormat::EpochSeconds),
            ("epoch_ms", TimeFormat::EpochMillis),
            ("unix_ms", TimeFormat::EpochMillis),
        ];
        for (name, fmt) in NAMES {
            if t.eq_ignore_ascii_case(name) {
                return Ok(fmt);
            }
        }
        Err(format!(
            "unknown time format `{spec}`; expected iso8601, rfc3339, epoch, epoch_s, unix, epoch_ms, unix_ms or a pattern such as `%Y-%m-%d %H:%M:%S`"
        ))
    }

    /// Parse one cell value (surrounding ASCII whitespace, NBSP and BOM are ignored).
    ///
    /// The fixed-shape path is inlined into the caller: a result returned through the
    /// stack is written in pieces and read back whole, a store-forwarding stall per row.
    #[inline(always)]
    pub fn parse(&self, s: &str) -> Result<ParsedTime, TimeError> {
        match self.parse_fixed(s) {
            Some(t) => Ok(t),
            None => self.parse_cold(s),
        }
    }

    /// The value when it has the pattern's fixed shape and is a real time; `None`:
    /// anything else, for [`TimeFormat::parse_cold`] to parse or explain. (Callers on
    /// the hot path match it themselves: a whole `Result` merged from both paths went
    /// through the stack, a store-forwarding stall per row.)
    #[inline(always)]
    pub fn parse_fixed(&self, s: &str) -> Option<ParsedTime> {
        if let TimeFormat::Pattern(p) = self
            && let Some(fx) = &p.fixed
            && let Some(Ok(t)) = fx.parse(trim_cell(s).as_bytes())
        {
            return Some(t);
        }
        None
    }

    /// [`TimeFormat::parse`], not inlined (for paths that are not every row's).
    #[inline(never)]
    pub fn parse_cold(&self, s: &str) -> Result<ParsedTime, TimeError> {
        let t = trim_cell(s);
        if t.is_empty() {
            return Err(TimeError::Empty);
        }
        let b = t.as_bytes();
        match self {
            TimeFormat::Iso8601 => parse_iso(b),
            TimeFormat::EpochSeconds => parse_epoch(b, false),
            TimeFormat::EpochMillis => parse_epoch(b, true),
            TimeFormat::Pattern(p) => match p.fixed.as_ref().and_then(|fx| fx.parse(b)) {
                Some(r) => r,
                None => parse_pattern(&p.items, b),
            },
        }
    }

    /// Human description for error messages, e.g. "`%d.%m.%Y %H:%M` (e.g. 31.10.2026 23:30)".
    pub fn describe(&self) -> String {
        match self {
            TimeFormat::Iso8601 => "ISO 8601 (e.g. 2026-10-31T23:30:00+01:00)".to_string(),
            TimeFormat::EpochSeconds => "Unix time in seconds (e.g. 1793485800)".to_string(),
            TimeFormat::EpochMillis => "Unix time in milliseconds (e.g. 1793485800000)".to_string(),
            TimeFormat::Pattern(p) => {
                let mut ex = String::new();
                for it in &p.items {
                    match it {
                        Item::Lit(l) => ex.push_str(&String::from_utf8_lossy(l)),
                        Item::Space => ex.push(' '),
                        Item::Year4 => ex.push_str("2026"),
                        Item::Year2 => ex.push_str("26"),
                        Item::Month => ex.push_str("10"),
                        Item::Day | Item::DaySpace => ex.push_str("31"),
                        Item::Hour24 => ex.push_str("23"),
                        Item::Hour12 => ex.push_str("11"),
                        Item::Minute => ex.push_str("30"),
                        Item::Second => ex.push_str("00"),
                        Item::Frac => ex.push_str("000"),
                        Item::DotFrac => {}
                        Item::AmPm => ex.push_str("PM"),
                        Item::MonthAbbr => ex.push_str("Oct"),
                        Item::MonthFull => ex.push_str("October"),
                        Item::Offset => ex.push_str("+01:00"),
                        Item::Zone => ex.push_str("UTC"),
                    }
                }
                format!("`{}` (e.g. {ex})", p.spec)
            }
        }
    }
}

/// Trim ASCII whitespace plus NBSP, narrow NBSP and a stray BOM.
/// Both ends are visible ASCII: no trimming (of ASCII whitespace, NBSP, BOM, …) can
/// change the text, since every trimmed character is ASCII whitespace or starts with a
/// byte ≥ 0x80.
fn nothing_to_trim(b: &[u8]) -> bool {
    b.first().is_some_and(u8::is_ascii_graphic) && b.last().is_some_and(u8::is_ascii_graphic)
}

#[inline(always)]
fn trim_cell(s: &str) -> &str {
    if nothing_to_trim(s.as_bytes()) {
        return s;
    }
    trim_cell_slow(s)
}

#[inline(never)]
fn trim_cell_slow(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_ascii_whitespace() || c == '\u{a0}' || c == '\u{202f}' || c == '\u{feff}'
    })
}

fn compile_pattern(spec: &str) -> Result<Pattern, String> {
    // Field bits for duplicate / completeness checks.
    const YEAR: u16 = 1;
    const MONTH: u16 = 2;
    const DAY: u16 = 4;
    const HOUR24: u16 = 8;
    const HOUR12: u16 = 16;
    const MINUTE: u16 = 32;
    const SECOND: u16 = 64;
    const FRAC: u16 = 128;
    const AMPM: u16 = 256;
    const ZONE: u16 = 512;

    let unsupported = |what: &str| {
        format!("unsupported specifier `{what}` in `{spec}`; supported: {SUPPORTED_SPECIFIERS}")
    };

    let mut items: Vec<Item> = Vec::new();
    let mut lit = String::new();
    let mut seen: u16 = 0;
    let mut chars = spec.chars().peekable();

    fn flush(lit: &mut String, items: &mut Vec<Item>) {
        if !lit.is_empty() {
            items.push(Item::Lit(lit.as_bytes().into()));
            lit.clear();
        }
    }

    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            flush(&mut lit, &mut items);
            if items.last() != Some(&Item::Space) {
                items.push(Item::Space);
            }
            continue;
        }
        if c != '%' {
            lit.push(c);
            continue;
        }
        let Some(d) = chars.next() else {
            return Err(unsupported("%"));
        };
        // (item(s), field bit, name for messages)
        let (item, bit, name): (Item, u16, &str) = match d {
            '%' => {
                lit.push('%');
                continue;
            }
            'Y' => (Item::Year4, YEAR, "year"),
            'y' => (Item::Year2, YEAR, "year"),
            'm' => (Item::Month, MONTH, "month"),
            'b' | 'h' => (Item::MonthAbbr, MONTH, "month"),
            'B' => (Item::MonthFull, MONTH, "month"),
            'd' => (Item::Day, DAY, "day"),
            'e' => (Item::DaySpace, DAY, "day"),
            'H' => (Item::Hour24, HOUR24, "hour"),
            'I' => (Item::Hour12, HOUR12, "hour"),
            'M' => (Item::Minute, MINUTE, "minute"),
            'S' => (Item::Second, SECOND, "second"),
            'f' => (Item::Frac, FRAC, "fraction of a second"),
            'p' | 'P' => (Item::AmPm, AMPM, "AM/PM marker"),
            'z' => (Item::Offset, ZONE, "time zone"),
            'Z' => (Item::Zone, ZONE, "time zone"),
            '-' => {
                // `%-d` etc.: chrono's "no padding" flag; our numeric fields take 1 or 2 digits anyway.
                let Some(e) = chars.next() else {
                    return Err(unsupported("%-"));
                };
                match e {
                    'm' => (Item::Month, MONTH, "month"),
                    'd' => (Item::Day, DAY, "day"),
                    'H' => (Item::Hour24, HOUR24, "hour"),
                    'I' => (Item::Hour12, HOUR12, "hour"),
                    'M' => (Item::Minute, MINUTE, "minute"),
                    'S' => (Item::Second, SECOND, "second"),
                    other => return Err(unsupported(&format!("%-{other}"))),
                }
            }
            '.' => match chars.next() {
                Some('f') => (Item::DotFrac, FRAC, "fraction of a second"),
                Some('3' | '6' | '9') if chars.peek() == Some(&'f') => {
                    chars.next();
                    (Item::DotFrac, FRAC, "fraction of a second")
                }
                Some(other) => return Err(unsupported(&format!("%.{other}"))),
                None => return Err(unsupported("%.")),
            },
            ':' => match chars.next() {
                Some('z') => (Item::Offset, ZONE, "time zone"),
                Some(other) => return Err(unsupported(&format!("%:{other}"))),
                None => return Err(unsupported("%:")),
            },
            other => return Err(unsupported(&format!("%{other}"))),
        };
        if seen & bit != 0 {
            return Err(format!("pattern `{spec}` gives the {name} twice"));
        }
        seen |= bit;
        flush(&mut lit, &mut items);
        items.push(item);
    }
    flush(&mut lit, &mut items);

    if seen & YEAR == 0 {
        return Err(format!("pattern `{spec}` has no year (%Y or %y)"));
    }
    if seen & MONTH == 0 {
        return Err(format!("pattern `{spec}` has no month (%m, %b or %B)"));
    }
    if seen & DAY == 0 {
        return Err(format!("pattern `{spec}` has no day (%d or %e)"));
    }
    if seen & HOUR24 != 0 && seen & (HOUR12 | AMPM) != 0 {
        return Err(format!(
            "pattern `{spec}` mixes a 24-hour %H with a 12-hour %I/%p; use one of them"
        ));
    }
    if (seen & HOUR12 != 0) != (seen & AMPM != 0) {
        return Err(format!(
            "pattern `{spec}` needs %I and %p together for 12-hour times"
        ));
    }
    Ok(Pattern {
        spec: spec.to_string(),
        fixed: Fixed::of(&items),
        items,
    })
}

/// Byte cursor over one trimmed cell.
struct Cur<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Cur<'a> {
    fn new(b: &'a [u8]) -> Self {
        Cur { b, i: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn rest(&self) -> &'a [u8] {
        self.b.get(self.i..).unwrap_or(&[])
    }

    fn at_end(&self) -> bool {
        self.i >= self.b.len()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn eat_ci(&mut self, word: &[u8]) -> bool {
        match self.rest().get(..word.len()) {
            Some(p) if p.eq_ignore_ascii_case(word) => {
                self.i += word.len();
                true
            }
            _ => false,
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), TimeError> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(TimeError::Format)
        }
    }

    /// Between `min` and `max` (≤ 9) digits, greedy.
    fn digits(&mut self, min: usize, max: usize) -> Result<u32, TimeError> {
        let mut v: u32 = 0;
        let mut n = 0;
        while n < max {
            match self.peek() {
                Some(c @ b'0'..=b'9') => {
                    v = v * 10 + u32::from(c - b'0');
                    n += 1;
                    self.i += 1;
                }
                _ => break,
            }
        }
        if n < min {
            Err(TimeError::Format)
        } else {
            Ok(v)
        }
    }

    /// 1-9 fraction digits → nanoseconds; a 10th digit is a format error.
    fn fraction(&mut self) -> Result<u32, TimeError> {
        let start = self.i;
        let v = self.digits(1, 9)?;
        let n = self.i - start;
        if matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(TimeError::Format);
        }
        Ok(v * 10u32.pow((9 - n) as u32))
    }

    /// One or more spaces: ' ', '\t', NBSP (C2 A0), narrow NBSP (E2 80 AF). Returns how many.
    fn spaces(&mut self) -> usize {
        let mut n = 0;
        loop {
            let r = self.rest();
            let len = match r {
                [b' ' | b'\t', ..] => 1,
                [0xC2, 0xA0, ..] => 2,
                [0xE2, 0x80, 0xAF, ..] => 3,
                _ => return n,
            };
            self.i += len;
            n += 1;
        }
    }

    /// `±HH:MM`, `±HHMM`, or (when `hours_only_ok`) `±HH`; `Z`/`z` → 0. Raw, validated later.
    fn offset(&mut self, hours_only_ok: bool) -> Result<RawOffset, TimeError> {
        if self.eat(b'Z') || self.eat(b'z') {
            return Ok(RawOffset {
                neg: false,
                h: 0,
                m: 0,
            });
        }
        let neg = match self.peek() {
            Some(b'+') => false,
            Some(b'-') => true,
            _ => return Err(TimeError::Format),
        };
        self.i += 1;
        let h = self.digits(2, 2)?;
        let colon = self.eat(b':');
        let m = if colon || matches!(self.peek(), Some(b'0'..=b'9')) {
            self.digits(2, 2)?
        } else if hours_only_ok {
            0
        } else {
            return Err(TimeError::Format);
        };
        Ok(RawOffset { neg, h, m })
    }

    fn ampm(&mut self) -> Result<bool, TimeError> {
        let pm = match self.peek().map(|c| c.to_ascii_lowercase()) {
            Some(b'a') => false,
            Some(b'p') => true,
            _ => return Err(TimeError::Format),
        };
        self.i += 1;
        if self.eat(b'.') {
            if !self.eat_ci(b"m.") {
                return Err(TimeError::Format);
            }
        } else if !self.eat_ci(b"m") {
            return Err(TimeError::Format);
        }
        Ok(pm)
    }

    fn month_name(&mut self) -> Result<u32, TimeError> {
        for (i, name) in MONTHS_FULL.iter().enumerate() {
            if self.eat_ci(name.as_bytes()) {
                return Ok(i as u32 + 1);
            }
        }
        if self.eat_ci(b"sept") {
            return Ok(9);
        }
        for (i, name) in MONTHS_FULL.iter().enumerate() {
            if let Some(abbr) = name.as_bytes().get(..3)
                && self.eat_ci(abbr)
            {
                return Ok(i as u32 + 1);
            }
        }
        Err(TimeError::Format)
    }
}

const MONTHS_FULL: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[derive(Debug, Clone, Copy)]
struct RawOffset {
    neg: bool,
    h: u32,
    m: u32,
}

impl RawOffset {
    const UTC: RawOffset = RawOffset {
        neg: false,
        h: 0,
        m: 0,
    };

    fn seconds(self) -> Result<i32, TimeError> {
        if self.h > 23 || self.m > 59 {
            return Err(TimeError::OutOfRange);
        }
        // h ≤ 23, m ≤ 59: fits comfortably.
        let s = (self.h * 3600 + self.m * 60) as i32;
        Ok(if self.neg { -s } else { s })
    }
}

#[derive(Debug, Clone, Copy)]
struct Fields {
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    nano: u32,
    /// 12-hour clock reading and whether it is PM.
    hour12: Option<u32>,
    pm: bool,
    offset: Option<RawOffset>,
}

impl Fields {
    const fn new() -> Self {
        Fields {
            year: 0,
            month: 0,
            day: 0,
            hour: 0,
            minute: 0,
            second: 0,
            nano: 0,
            hour12: None,
            pm: false,
            offset: None,
        }
    }

    // always inlined: returned through the stack, the result was written in small
    // pieces and read back whole (a store-forwarding stall on every row)
    #[inline(always)]
    fn build(self) -> Result<ParsedTime, TimeError> {
        let hour = match self.hour12 {
            Some(h) if (1..=12).contains(&h) => h % 12 + if self.pm { 12 } else { 0 },
            Some(_) => return Err(TimeError::OutOfRange),
            None => self.hour,
        };
        if hour > 23 || self.minute > 59 || self.second > 59 || self.nano > 999_999_999 {
            return Err(TimeError::OutOfRange);
        }
        if !(1..=12).contains(&self.month) || self.day == 0 {
            return Err(TimeError::OutOfRange);
        }
        // the day number of the month's first day and the month's length: from the
        // table in its years, else computed (within chrono's own ±262 142 years)
        let at = self
            .year
            .checked_sub(MONTH_TABLE_FROM)
            .and_then(|y| usize::try_from(y).ok())
            .map(|y| y * 12 + self.month as usize - 1);
        let (first, len) = match at.and_then(|at| MONTH_STARTS.get(at..at + 2)) {
            Some(&[a, b]) => (i64::from(a), (b - a) as u32),
            _ if (-262_000..=262_000).contains(&self.year) => (
                days_from_civil(self.year, self.month, 1),
                days_in_month(self.year, self.month),
            ),
            _ => return Err(TimeError::OutOfRange),
        };
        if self.day > len {
            return Err(TimeError::OutOfRange);
        }
        let offset_s = match self.offset {
            Some(o) => Some(o.seconds()?),
            None => None,
        };
        Ok(ParsedTime {
            day: (first + i64::from(self.day) - 1) as i32,
            secs: hour * 3600 + self.minute * 60 + self.second,
            nano: self.nano,
            offset_s,
        })
    }
}

fn parse_iso(b: &[u8]) -> Result<ParsedTime, TimeError> {
    let mut c = Cur::new(b);
    let mut f = Fields::new();
    f.year = c.digits(4, 4)? as i32;
    c.expect(b'-')?;
    f.month = c.digits(2, 2)?;
    c.expect(b'-')?;
    f.day = c.digits(2, 2)?;
    if c.at_end() {
        return f.build();
    }
    if !(c.eat(b'T') || c.eat(b't')) && c.spaces() == 0 {
        return Err(TimeError::Format);
    }
    f.hour = c.digits(2, 2)?;
    c.expect(b':')?;
    f.minute = c.digits(2, 2)?;
    if c.eat(b':') {
        f.second = c.digits(2, 2)?;
        if c.eat(b'.') || c.eat(b',') {
            f.nano = c.fraction()?;
        }
    }
    if !c.at_end() {
        if c.eat(b'Z') || c.eat(b'z') {
            f.offset = Some(RawOffset::UTC);
        } else {
            c.spaces();
            if c.eat_ci(b"UTC") || c.eat_ci(b"GMT") {
                f.offset = Some(RawOffset::UTC);
            } else {
                f.offset = Some(c.offset(true)?);
            }
        }
        if !c.at_end() {
            return Err(TimeError::Format);
        }
    }
    f.build()
}

fn parse_epoch(b: &[u8], millis: bool) -> Result<ParsedTime, TimeError> {
    let (neg, digits) = match b {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, b),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(TimeError::Format);
    }
    if digits.len() > 18 {
        return Err(TimeError::OutOfRange);
    }
    // ≤ 18 digits always fits in i64.
    let mut v: i64 = 0;
    for &d in digits {
        v = v * 10 + i64::from(d - b'0');
    }
    if neg {
        v = -v;
    }
    let dt = if millis {
        DateTime::from_timestamp_millis(v)
    } else {
        DateTime::from_timestamp(v, 0)
    };
    let dt = dt.ok_or(TimeError::OutOfRange)?;
    Ok(ParsedTime::from_naive(dt.naive_utc(), Some(0)))
}

fn parse_pattern(items: &[Item], b: &[u8]) -> Result<ParsedTime, TimeError> {
    let mut c = Cur::new(b);
    let mut f = Fields::new();
    for it in items {
        match it {
            Item::Lit(l) => {
                // literals are mostly one byte (`-`, `:`, `.`): compare inline rather
                // than through memcmp (a measurable share of 10M-row runs)
                let rest = c.rest();
                let hit = match **l {
                    [x] => rest.first() == Some(&x),
                    _ => rest.starts_with(l),
                };
                if hit {
                    c.i += l.len();
                } else {
                    return Err(TimeError::Format);
                }
            }
            Item::Space => {
                if c.spaces() == 0 {
                    return Err(TimeError::Format);
                }
            }
            Item::Year4 => f.year = c.digits(4, 4)? as i32,
            Item::Year2 => f.year = 2000 + c.digits(2, 2)? as i32,
            Item::Month => f.month = c.digits(1, 2)?,
            Item::Day => f.day = c.digits(1, 2)?,
            Item::DaySpace => {
                c.eat(b' ');
                f.day = c.digits(1, 2)?;
            }
            Item::Hour24 => f.hour = c.digits(1, 2)?,
            Item::Hour12 => f.hour12 = Some(c.digits(1, 2)?),
            Item::Minute => f.minute = c.digits(1, 2)?,
            Item::Second => f.second = c.digits(1, 2)?,
            Item::Frac => f.nano = c.fraction()?,
            Item::DotFrac => {
                if c.eat(b'.') {
                    f.nano = c.fraction()?;
                }
            }
            Item::AmPm => f.pm = c.ampm()?,
            Item::MonthAbbr | Item::MonthFull => f.month = c.month_name()?,
            Item::Offset => f.offset = Some(c.offset(false)?),
            Item::Zone => {
                if c.eat_ci(b"UTC") || c.eat_ci(b"GMT") || c.eat_ci(b"Z") {
                    f.offset = Some(RawOffset::UTC);
                } else {
                    return Err(TimeError::Format);
                }
                // "UTCX" or "Zulu" are other names, not UTC.
                if matches!(c.peek(), Some(ch) if ch.is_ascii_alphabetic()) {
                    return Err(TimeError::Format);
                }
            }
        }
    }
    if !c.at_end() {
        return Err(TimeError::Format);
    }
    f.build()
}

// ---------------------------------------------------------------------------------------------
// Durations
// ---------------------------------------------------------------------------------------------

/// How a duration column is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    Seconds,
    Milliseconds,
    Minutes,
    /// `h:mm:ss`, `hh:mm:ss` or `mm:ss`, optional `.fff`.
    Hms,
    /// `Hms` when the value contains ':', otherwise `Seconds`.
    Auto,
}

impl DurationUnit {
    /// "s"|"seconds", "ms"|"milliseconds", "min"|"minutes", "hms"|"hh:mm:ss", "auto" (case-insensitive).
    pub fn parse_spec(s: &str) -> Result<Self, String> {
        let t = s.trim();
        const NAMES: [(&str, DurationUnit); 9] = [
            ("s", DurationUnit::Seconds),
            ("seconds", DurationUnit::Seconds),
            ("ms", DurationUnit::Milliseconds),
            ("milliseconds", DurationUnit::Milliseconds),
            ("min", DurationUnit::Minutes),
            ("minutes", DurationUnit::Minutes),
            ("hms", DurationUnit::Hms),
            ("hh:mm:ss", DurationUnit::Hms),
            ("auto", DurationUnit::Auto),
        ];
        for (name, unit) in NAMES {
            if t.eq_ignore_ascii_case(name) {
                return Ok(unit);
            }
        }
        Err(format!(
            "unsupported duration unit `{s}`; expected s, seconds, ms, milliseconds, min, minutes, hms, hh:mm:ss or auto"
        ))
    }
}

/// Why a duration cell was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DurationError {
    Empty,
    Negative,
    Invalid,
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DurationError::Empty => "empty",
            DurationError::Negative => "negative duration",
            DurationError::Invalid => "not a duration",
        })
    }
}

impl std::error::Error for DurationError {}

/// Returns whole milliseconds (sub-millisecond parts round half up). Numeric units accept a
/// decimal point or comma ("12.5", "12,5"). Hms: "h:mm:ss", "hh:mm:ss", "mm:ss", hours may exceed
/// 24, optional ".fff". Auto: contains ':' → Hms, else Seconds.
pub fn parse_duration_ms(s: &str, unit: DurationUnit) -> Result<i64, DurationError> {
    let t = trim_cell(s);
    if t.is_empty() {
        return Err(DurationError::Empty);
    }
    let b = t.as_bytes();
    match unit {
        DurationUnit::Seconds => duration_decimal(b, 1000),
        DurationUnit::Milliseconds => duration_decimal(b, 1),
        DurationUnit::Minutes => duration_decimal(b, 60_000),
        DurationUnit::Hms => duration_hms(b),
        DurationUnit::Auto => {
            if memchr::memchr(b':', b).is_some() {
                duration_hms(b)
            } else {
                duration_decimal(b, 1000)
            }
        }
    }
}

fn split_sign(b: &[u8]) -> (bool, &[u8]) {
    match b {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, b),
    }
}

/// Leading run of ASCII digits: (value, digit count, rest). `None` when more than `max` digits.
fn take_digits(b: &[u8], max: usize) -> Option<(i128, usize, &[u8])> {
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if n > max {
        return None;
    }
    let (d, rest) = b.split_at(n);
    let v = d
        .iter()
        .fold(0i128, |acc, &c| acc * 10 + i128::from(c - b'0'));
    Some((v, n, rest))
}

/// `num / 10^den_pow`, rounded half up (num ≥ 0).
fn div_round(num: i128, den_pow: usize) -> i128 {
    if den_pow == 0 {
        return num;
    }
    let den = 10i128.pow(den_pow as u32);
    let q = num / den;
    let r = num % den;
    if 2 * r >= den { q + 1 } else { q }
}

fn finish_duration(neg: bool, ms: i128) -> Result<i64, DurationError> {
    if neg && ms != 0 {
        return Err(DurationError::Negative);
    }
    i64::try_from(ms).map_err(|_| DurationError::Invalid)
}

fn duration_decimal(b: &[u8], factor: i128) -> Result<i64, DurationError> {
    let (neg, b) = split_sign(b);
    let (int, n_int, rest) = take_digits(b, 18).ok_or(DurationError::Invalid)?;
    let (frac, n_frac, rest) = match rest {
        [b'.' | b',', after @ ..] => {
            let (v, n, r) = take_digits(after, 18).ok_or(DurationError::Invalid)?;
            if n == 0 {
                return Err(DurationError::Invalid);
            }
            (v, n, r)
        }
        _ => (0, 0, rest),
    };
    if !rest.is_empty() || n_int + n_frac == 0 {
        return Err(DurationError::Invalid);
    }
    let ms = int * factor + div_round(frac * factor, n_frac);
    finish_duration(neg, ms)
}

fn duration_hms(b: &[u8]) -> Result<i64, DurationError> {
    let (neg, b) = split_sign(b);
    let (lead, n_lead, rest) = take_digits(b, 12).ok_or(DurationError::Invalid)?;
    if n_lead == 0 {
        return Err(DurationError::Invalid);
    }
    let [b':', rest @ ..] = rest else {
        return Err(DurationError::Invalid);
    };
    let (mid, n_mid, rest) = take_digits(rest, 2).ok_or(DurationError::Invalid)?;
    if n_mid != 2 {
        return Err(DurationError::Invalid);
    }
    let (h, m, s, rest) = match rest {
        [b':', after @ ..] => {
            let (sec, n_sec, r) = take_digits(after, 2).ok_or(DurationError::Invalid)?;
            if n_sec != 2 || mid > 59 {
                return Err(DurationError::Invalid);
            }
            (lead, mid, sec, r)
        }
        _ => (0, lead, mid, rest),
    };
    if s > 59 {
        return Err(DurationError::Invalid);
    }
    let (frac, n_frac, rest) = match rest {
        [b'.' | b',', after @ ..] => {
            let (v, n, r) = take_digits(after, 9).ok_or(DurationError::Invalid)?;
            if n == 0 {
                return Err(DurationError::Invalid);
            }
            (v, n, r)
        }
        _ => (0, 0, rest),
    };
    if !rest.is_empty() {
        return Err(DurationError::Invalid);
    }
    let ms = ((h * 60 + m) * 60 + s) * 1000 + div_round(frac * 1000, n_frac);
    finish_duration(neg, ms)
}

// ---------------------------------------------------------------------------------------------
// Amounts
// ---------------------------------------------------------------------------------------------

/// Amounts are integers in 1/10_000 units.
const AMOUNT_SCALE: i128 = 10_000;

/// Currency markers accepted before or after the number (codes are case-insensitive).
const CURRENCIES: [&str; 10] = ["$", "€", "£", "zł", "Zł", "ZŁ", "PLN", "USD", "EUR", "GBP"];

fn strip_currency_prefix(s: &str) -> Option<&str> {
    CURRENCIES.iter().find_map(|cur| {
        let head = s.get(..cur.len())?;
        if head.eq_ignore_ascii_case(cur) {
            s.get(cur.len()..)
        } else {
            None
        }
    })
}

fn strip_currency_suffix(s: &str) -> Option<&str> {
    CURRENCIES.iter().find_map(|cur| {
        let cut = s.len().checked_sub(cur.len())?;
        let tail = s.get(cut..)?;
        if tail.eq_ignore_ascii_case(cur) {
            s.get(..cut)
        } else {
            None
        }
    })
}

fn strip_sign(s: &str) -> Option<(bool, &str)> {
    if let Some(r) = s.strip_prefix('-') {
        Some((true, r))
    } else if let Some(r) = s.strip_prefix('\u{2212}') {
        Some((true, r))
    } else {
        s.strip_prefix('+').map(|r| (false, r))
    }
}

/// Parse a decimal amount into an integer number of 1/10_000 units (4 decimal places, exact,
/// no floats). Accepts an optional sign, an optional currency symbol or ISO code before or after
/// (`$`, `€`, `zł`, `PLN`, `USD`, `EUR`, `GBP`, `£`), thousands separators in groups of three
/// (space, NBSP, narrow NBSP, `'`, and `,` when `decimal_comma` is false or `.` when it is true),
/// and the configured decimal separator. More than 4 decimals or overflow → Err.
pub fn parse_amount(s: &str, decimal_comma: bool) -> Result<i64, String> {
    let mut rest = s.trim();
    if rest.is_empty() {
        return Err("empty amount".to_string());
    }
    let mut neg = false;
    let mut signed = false;
    if let Some((n, r)) = strip_sign(rest) {
        neg = n;
        signed = true;
        rest = r.trim_start();
    }
    let mut currency = false;
    if let Some(r) = strip_currency_prefix(rest) {
        currency = true;
        rest = r.trim_start();
        if !signed && let Some((n, r)) = strip_sign(rest) {
            neg = n;
            rest = r.trim_start();
        }
    }
    if let Some(r) = strip_currency_suffix(rest) {
        if currency {
            return Err("two currency markers".to_string());
        }
        rest = r.trim_end();
    }
    let mag = parse_amount_body(rest, decimal_comma)?;
    let v = if neg { -mag } else { mag };
    i64::try_from(v).map_err(|_| "amount too large".to_string())
}

/// The unsigned number part of an amount, in 1/10_000 units.
fn parse_amount_body(body: &str, decimal_comma: bool) -> Result<i128, String> {
    let b = body.as_bytes();
    let (dec, grp_ascii) = if decimal_comma {
        (b',', b'.')
    } else {
        (b'.', b',')
    };
    let mut int: i128 = 0;
    let mut frac: i128 = 0;
    let mut n_int = 0usize;
    let mut n_frac = 0usize;
    let mut in_frac = false;
    // Digits since the last group separator (or the start) and which separator is used.
    let mut group_len = 0usize;
    let mut group_sep: Option<&[u8]> = None;
    let misplaced = || "misplaced thousands separator".to_string();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c.is_ascii_digit() {
            let d = i128::from(c - b'0');
            if in_frac {
                n_frac += 1;
                if n_frac > 4 {
                    return Err("more than 4 decimal places".to_string());
                }
                frac = frac * 10 + d;
            } else {
                int = int * 10 + d;
                n_int += 1;
                group_len += 1;
                if int > i128::from(i64::MAX) {
                    return Err("amount too large".to_string());
                }
            }
            i += 1;
            continue;
        }
        if c == dec && !in_frac {
            if group_sep.is_some() && group_len != 3 {
                return Err(misplaced());
            }
            in_frac = true;
            i += 1;
            continue;
        }
        let rest = b.get(i..).unwrap_or(&[]);
        let sep_len = match rest {
            [b' ' | b'\'', ..] => 1,
            [x, ..] if *x == grp_ascii => 1,
            [0xC2, 0xA0, ..] => 2,                                // NBSP
            [0xE2, 0x80, 0xAF, ..] | [0xE2, 0x80, 0x99, ..] => 3, // narrow NBSP, ’
            _ => {
                let ch = body.get(i..).and_then(|r| r.chars().next()).unwrap_or('?');
                return Err(if c == dec || c == grp_ascii {
                    misplaced()
                } else {
                    format!("unexpected character `{ch}`")
                });
            }
        };
        let sep = rest.get(..sep_len).unwrap_or(&[]);
        if in_frac || group_len == 0 {
            return Err(misplaced());
        }
        match group_sep {
            Some(prev) => {
                if group_len != 3 || prev != sep {
                    return Err(misplaced());
                }
            }
            None => {
                if group_len > 3 {
                    return Err(misplaced());
                }
                group_sep = Some(sep);
            }
        }
        group_len = 0;
        i += sep_len;
    }
    if n_int + n_frac == 0 {
        return Err("not a number".to_string());
    }
    if in_frac && n_frac == 0 {
        return Err("no digits after the decimal separator".to_string());
    }
    if !in_frac && group_sep.is_some() && group_len != 3 {
        return Err(misplaced());
    }
    let frac_units = frac * 10i128.pow((4 - n_frac) as u32);
    Ok(int * AMOUNT_SCALE + frac_units)
}

/// Format a 1/10_000-unit amount with exactly `decimals` (0..=4, larger values mean 4) digits,
/// rounding half away from zero, '.' separator, no thousands separator:
/// `format_amount(12_345_678, 2) == "1234.57"`.
pub fn format_amount(v: i64, decimals: u32) -> String {
    let d = decimals.min(4);
    let scale = 10i128.pow(4 - d);
    let a = i128::from(v).abs();
    let q = (a + scale / 2) / scale;
    let p = 10i128.pow(d);
    let mut out = String::with_capacity(24);
    if v < 0 && q != 0 {
        out.push('-');
    }
    let _ = write!(out, "{}", q / p);
    if d > 0 {
        let _ = write!(out, ".{:0width$}", q % p, width = d as usize);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Identities
// ---------------------------------------------------------------------------------------------

/// True when `c` is unchanged by lowercasing.
fn is_lower_fixed(c: char) -> bool {
    if c.is_ascii() {
        return !c.is_ascii_uppercase();
    }
    let mut l = c.to_lowercase();
    l.next() == Some(c) && l.next().is_none()
}

fn needs_lower(s: &str) -> bool {
    if s.is_ascii() {
        s.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        !s.chars().all(is_lower_fixed)
    }
}

fn lower_cow(s: &str) -> Cow<'_, str> {
    if needs_lower(s) {
        Cow::Owned(s.to_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

/// Trim, lowercase; strip a `Name <a@b>` wrapper to `a@b`; strip a leading `mailto:`.
pub fn norm_email(s: &str) -> Cow<'_, str> {
    let mut t = s.trim();
    if let Some(r) = strip_prefix_ci(t, "mailto:") {
        t = r.trim();
    }
    if let Some(inner) = t.strip_suffix('>')
        && let Some(lt) = inner.rfind('<')
    {
        t = inner.get(lt + 1..).unwrap_or("").trim();
    }
    if let Some(r) = strip_prefix_ci(t, "mailto:") {
        t = r.trim();
    }
    lower_cow(t)
}

/// NFC check without allocating: ASCII and quick-check "yes" short-circuit.
fn is_nfc_fast(s: &str) -> bool {
    if s.is_ascii() {
        return true;
    }
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => true,
        IsNormalized::No => false,
        IsNormalized::Maybe => is_nfc(s),
    }
}

/// Trim, collapse inner whitespace runs to one space, Unicode NFC, lowercase.
pub fn norm_name(s: &str) -> Cow<'_, str> {
    let t = s.trim();
    let mut clean_ws = true;
    let mut prev_space = false;
    for c in t.chars() {
        if c.is_whitespace() {
            if c != ' ' || prev_space {
                clean_ws = false;
                break;
            }
            prev_space = true;
        } else {
            prev_space = false;
        }
    }
    let nfc_ok = is_nfc_fast(t);
    if clean_ws && nfc_ok && !needs_lower(t) {
        return Cow::Borrowed(t);
    }
    let mut collapsed = String::with_capacity(t.len());
    for word in t.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    let composed: String = if nfc_ok {
        collapsed
    } else {
        collapsed.nfc().collect()
    };
    let lowered = composed.to_lowercase();
    if is_nfc_fast(&lowered) {
        Cow::Owned(lowered)
    } else {
        Cow::Owned(lowered.nfc().collect())
    }
}

/// Trim only (exact otherwise); a trailing `.0` that Excel added to a number is dropped
/// (`101.0` → `101`).
pub fn norm_extension(s: &str) -> Cow<'_, str> {
    let t = s.trim();
    if let Some((int, zeros)) = t.split_once('.')
        && !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && !zeros.is_empty()
        && zeros.bytes().all(|b| b == b'0')
    {
        return Cow::Borrowed(int);
    }
    Cow::Borrowed(t)
}

fn contains_ci(hay: &str, needle: &str) -> bool {
    hay.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%'
            && let (Some(h), Some(l)) = (
                b.get(i + 1).copied().and_then(hex_val),
                b.get(i + 2).copied().and_then(hex_val),
            )
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(c);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

/// Profile URL or handle → lowercase handle. LinkedIn: the path segment after `/in/`, `/pub/`,
/// `/sales/people/` or `/people/`; Twitter / X and other hosts: the first path segment; a bare
/// handle loses its `@`. Query and fragment are dropped, `%XX` is decoded (UTF-8).
pub fn norm_handle(s: &str) -> Cow<'_, str> {
    let mut t = s.trim();
    let had_scheme = match t.find("://") {
        Some(p) => {
            t = t.get(p + 3..).unwrap_or("");
            true
        }
        None => false,
    };
    if let Some(q) = t.find(['?', '#']) {
        t = t.get(..q).unwrap_or("");
    }
    let mut segs = t.split('/').filter(|x| !x.is_empty());
    let Some(first) = segs.next() else {
        return Cow::Borrowed("");
    };
    let has_host = (had_scheme || t.contains('/')) && first.contains('.');
    let handle = if has_host {
        if contains_ci(first, "linkedin") {
            let mut prev: Option<&str> = None;
            let mut found: Option<&str> = None;
            let mut first_path: Option<&str> = None;
            for seg in segs {
                first_path.get_or_insert(seg);
                if let Some(p) = prev
                    && ["in", "pub", "people"]
                        .iter()
                        .any(|m| p.eq_ignore_ascii_case(m))
                {
                    found = Some(seg);
                    break;
                }
                prev = Some(seg);
            }
            found.or(first_path).unwrap_or("")
        } else {
            segs.next().unwrap_or("")
        }
    } else {
        // No host: a bare handle, or a path such as `in/jan-kowalski`.
        let mut prev = first;
        let mut found = None;
        for seg in segs {
            if ["in", "pub", "people"]
                .iter()
                .any(|m| prev.eq_ignore_ascii_case(m))
            {
                found = Some(seg);
                break;
            }
            prev = seg;
        }
        found.unwrap_or(first)
    };
    let handle = handle.trim();
    let handle = handle.strip_prefix('@').unwrap_or(handle);
    if handle.contains('%') {
        let decoded = percent_decode(handle);
        Cow::Owned(decoded.to_lowercase())
    } else {
        lower_cow(handle)
    }
}

/// `str::trim` on ASCII text: the ASCII whitespace and the vertical tab.
fn trim_ascii_str(b: &[u8]) -> &[u8] {
    let ws = |c: &u8| c.is_ascii_whitespace() || *c == 0x0b;
    let start = b.iter().position(|c| !ws(c)).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !ws(c)).map_or(start, |e| e + 1);
    &b[start..end]
}

/// Case-insensitive equality, ASCII fast path, Unicode lowercase otherwise; both sides trimmed.
pub fn eq_fold(a: &str, b: &str) -> bool {
    if a == b {
        return true; // most exports spell a value as the config does
    }
    if a.is_ascii() && b.is_ascii() {
        let (ab, bb) = (a.as_bytes(), b.as_bytes());
        if nothing_to_trim(ab) && nothing_to_trim(bb) {
            return ab.eq_ignore_ascii_case(bb); // nothing to trim (the usual case)
        }
        return trim_ascii_str(ab).eq_ignore_ascii_case(trim_ascii_str(bb));
    }
    let (a, b) = (a.trim(), b.trim());
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
    use proptest::prelude::*;

    /// The day arithmetic of `Fields::build` against chrono, on every day of four
    /// centuries around the present (and the days that do not exist around them).
    #[test]
    fn built_days_agree_with_chrono() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        for year in
            (1800..=2200).chain([-262_000, -401, -400, -1, 0, 1, 399, 400, 401, 9999, 262_000])
        {
            for month in 0..=13 {
                for day in 0..=32 {
                    let mut f = Fields::new();
                    (f.year, f.month, f.day) = (year, month, day);
                    (f.hour, f.minute, f.second, f.nano) = (23, 59, 58, 7);
                    let want = NaiveDate::from_ymd_opt(year, month, day).map(|d| {
                        NaiveDateTime::new(d, NaiveTime::from_hms_nano_opt(23, 59, 58, 7).unwrap())
                    });
                    let got = f.build().ok();
                    assert_eq!(got.map(|p| p.naive()), want, "{year}-{month}-{day}");
                    if let (Some(p), Some(w)) = (got, want) {
                        assert_eq!(p.day as i64, (w.date() - epoch).num_days());
                        assert_eq!(ParsedTime::from_naive(w, None), p);
                    }
                }
            }
        }
    }

    fn pat(spec: &str) -> TimeFormat {
        match TimeFormat::parse_spec(spec) {
            Ok(f) => f,
            Err(e) => panic!("spec {spec:?} rejected: {e}"),
        }
    }

    fn dt(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, nano: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|date| date.and_hms_nano_opt(h, mi, s, nano))
            .unwrap()
    }

    fn ok(fmt: &TimeFormat, s: &str) -> ParsedTime {
        match fmt.parse(s) {
            Ok(p) => p,
            Err(e) => panic!("{s:?} against {fmt:?}: {e}"),
        }
    }

    // --- spec parsing ---------------------------------------------------------------------

    #[test]
    fn spec_keywords() {
        assert_eq!(TimeFormat::parse_spec("iso8601"), Ok(TimeFormat::Iso8601));
        assert_eq!(TimeFormat::parse_spec("RFC3339"), Ok(TimeFormat::Iso8601));
        for s in ["epoch", "epoch_s", "unix", " Unix "] {
            assert_eq!(
                TimeFormat::parse_spec(s),
                Ok(TimeFormat::EpochSeconds),
                "{s}"
            );
        }
        for s in ["epoch_ms", "unix_ms"] {
            assert_eq!(
                TimeFormat::parse_spec(s),
                Ok(TimeFormat::EpochMillis),
                "{s}"
            );
        }
        assert!(TimeFormat::parse_spec("dd.mm.yyyy").is_err());
        assert!(TimeFormat::parse_spec("").is_err());
    }

    #[test]
    fn spec_unsupported_specifier_is_named() {
        let e = TimeFormat::parse_spec("%Y-%Q").unwrap_err();
        assert_eq!(
            e,
            "unsupported specifier `%Q` in `%Y-%Q`; supported: %Y %y %m %d %e %H %I %M %S %f %.f %p %b %B %z %Z %% and literals"
        );
        assert!(
            TimeFormat::parse_spec("%Y-%m-%d %")
                .unwrap_err()
                .contains("`%`")
        );
        assert!(
            TimeFormat::parse_spec("%Y-%m-%d %.x")
                .unwrap_err()
                .contains("`%.x`")
        );
        assert!(
            TimeFormat::parse_spec("%Y-%m-%d %-j")
                .unwrap_err()
                .contains("`%-j`")
        );
        assert!(
            TimeFormat::parse_spec("%Y-%m-%dé%ł")
                .unwrap_err()
                .contains("`%ł`")
        );
    }

    #[test]
    fn spec_structure_errors() {
        assert!(
            TimeFormat::parse_spec("%H:%M")
                .unwrap_err()
                .contains("no year")
        );
        assert!(
            TimeFormat::parse_spec("%Y %H")
                .unwrap_err()
                .contains("no month")
        );
        assert!(
            TimeFormat::parse_spec("%Y-%m")
                .unwrap_err()
                .contains("no day")
        );
        assert!(
            TimeFormat::parse_spec("%Y-%m-%d %d")
                .unwrap_err()
                .contains("twice")
        );
        assert!(
            TimeFormat::parse_spec("%Y-%m-%d %I:%M")
                .unwrap_err()
                .contains("%I and %p")
        );
        assert!(
            TimeFormat::parse_spec("%Y-%m-%d %H:%M %p")
                .unwrap_err()
                .contains("mixes")
        );
        assert!(
            TimeFormat::parse_spec("%Y-%m-%d %z %Z")
                .unwrap_err()
                .contains("twice")
        );
    }

    #[test]
    fn describe_examples() {
        assert_eq!(
            pat("%d.%m.%Y %H:%M").describe(),
            "`%d.%m.%Y %H:%M` (e.g. 31.10.2026 23:30)"
        );
        assert_eq!(
            TimeFormat::Iso8601.describe(),
            "ISO 8601 (e.g. 2026-10-31T23:30:00+01:00)"
        );
        assert_eq!(
            pat("%b %e, %Y %I:%M %p %Z").describe(),
            "`%b %e, %Y %I:%M %p %Z` (e.g. Oct 31, 2026 11:30 PM UTC)"
        );
        // Every example the description shows must parse with the format itself.
        for spec in [
            "%d.%m.%Y %H:%M",
            "%Y-%m-%dT%H:%M:%S%.f%z",
            "%B %e %Y %I:%M:%S.%f %p",
            "%y%m%d %H%M%S %Z",
            "%% %d/%m/%Y",
        ] {
            let f = pat(spec);
            let d = f.describe();
            let ex = d.split("(e.g. ").nth(1).unwrap().trim_end_matches(')');
            let p = ok(&f, ex);
            assert_eq!(
                p.naive().date(),
                NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
                "{spec}"
            );
        }
        // The epoch examples are the same instant as the ISO example.
        let iso = ok(&TimeFormat::Iso8601, "2026-10-31T23:30:00+01:00").utc();
        assert_eq!(ok(&TimeFormat::EpochSeconds, "1793485800").utc(), iso);
        assert_eq!(ok(&TimeFormat::EpochMillis, "1793485800000").utc(), iso);
        assert!(TimeFormat::EpochSeconds.describe().contains("1793485800"));
        assert!(TimeFormat::EpochMillis.describe().contains("1793485800000"));
    }

    #[test]
    fn errors_display() {
        assert_eq!(TimeError::Empty.to_string(), "empty");
        assert_eq!(TimeError::Format.to_string(), "does not match the format");
        assert_eq!(TimeError::OutOfRange.to_string(), "not a real date/time");
        assert_eq!(DurationError::Empty.to_string(), "empty");
        assert_eq!(DurationError::Negative.to_string(), "negative duration");
        assert_eq!(DurationError::Invalid.to_string(), "not a duration");
    }

    // --- the listed good and bad values ---------------------------------------------------

    #[test]
    fn bad_dates_from_the_brief() {
        use TimeError::*;
        let ymd = pat("%Y-%m-%d %H:%M:%S");
        let cases: [(&TimeFormat, &str, TimeError); 14] = [
            (&ymd, "", Empty),
            (&ymd, "N/A", Format),
            (&ymd, "2026-09-31 10:00:00", OutOfRange),
            (&ymd, "2026/10/03 14:05:09", Format),
            (&ymd, "2026-10-03 25:61:00", OutOfRange),
            (&ymd, "yesterday", Format),
            (
                &TimeFormat::Iso8601,
                "2026-10-32T10:00:00+02:00",
                OutOfRange,
            ),
            (
                &TimeFormat::Iso8601,
                "2026-13-03T10:00:00+01:00",
                OutOfRange,
            ),
            (&TimeFormat::Iso8601, "03/10/2026 14:05", Format),
            (&TimeFormat::Iso8601, "TBD", Format),
            (&pat("%d.%m.%Y %H:%M"), "31.09.2026 10:00", OutOfRange),
            (&pat("%d.%m.%Y %H:%M"), "2026-10-03 10:00", Format),
            (&pat("%d.%m.%Y %H:%M"), "32.10.2026 10:00", OutOfRange),
            (&pat("%d.%m.%Y %H:%M"), "wczoraj", Format),
        ];
        for (fmt, s, want) in cases {
            assert_eq!(fmt.parse(s), Err(want), "{s:?} against {fmt:?}");
        }
        assert_eq!(ymd.parse("   \t "), Err(Empty));
    }

    #[test]
    fn good_dates_from_the_brief() {
        let p = ok(&pat("%Y-%m-%d %H:%M:%S"), "2026-10-03 14:05:09");
        assert_eq!(p.naive(), dt(2026, 10, 3, 14, 5, 9, 0));
        assert_eq!(p.offset_s, None);

        let p = ok(&TimeFormat::Iso8601, "2026-10-03T14:05:09+02:00");
        assert_eq!(p.naive(), dt(2026, 10, 3, 14, 5, 9, 0));
        assert_eq!(p.offset_s, Some(7200));
        assert_eq!(p.utc(), Some(dt(2026, 10, 3, 12, 5, 9, 0)));

        let p = ok(&TimeFormat::Iso8601, "2026-10-03T14:05:09.123Z");
        assert_eq!(p.naive(), dt(2026, 10, 3, 14, 5, 9, 123_000_000));
        assert_eq!(p.offset_s, Some(0));

        let p = ok(&TimeFormat::Iso8601, "2026-10-03 14:05:09 UTC");
        assert_eq!(p.naive(), dt(2026, 10, 3, 14, 5, 9, 0));
        assert_eq!(p.offset_s, Some(0));

        let p = ok(&pat("%d.%m.%Y %H:%M"), "31.10.2026 23:30");
        assert_eq!(p.naive(), dt(2026, 10, 31, 23, 30, 0, 0));

        let p = ok(&pat("%m/%d/%Y"), "10/3/2026");
        assert_eq!(p.naive(), dt(2026, 10, 3, 0, 0, 0, 0));

        let p = ok(&pat("%m/%d/%y, %I:%M %p"), "10/3/26, 2:05 PM");
        assert_eq!(p.naive(), dt(2026, 10, 3, 14, 5, 0, 0));

        let p = ok(&TimeFormat::EpochMillis, "1759500000000");
        assert_eq!(p.naive(), dt(2025, 10, 3, 14, 0, 0, 0));
        assert_eq!(p.offset_s, Some(0));
    }

    // --- ISO 8601 -------------------------------------------------------------------------

    #[test]
    fn iso_shapes() {
        let iso = TimeFormat::Iso8601;
        let base = dt(2026, 10, 3, 14, 5, 9, 0);
        let cases: [(&str, NaiveDateTime, Option<i32>); 18] = [
            ("2026-10-03", dt(2026, 10, 3, 0, 0, 0, 0), None),
            ("2026-10-03T14:05", dt(2026, 10, 3, 14, 5, 0, 0), None),
            ("2026-10-03 14:05", dt(2026, 10, 3, 14, 5, 0, 0), None),
            ("2026-10-03t14:05:09", base, None),
            ("2026-10-03 14:05:09", base, None),
            ("  2026-10-03 14:05:09\t", base, None),
            (
                "2026-10-03T14:05:09,5",
                dt(2026, 10, 3, 14, 5, 9, 500_000_000),
                None,
            ),
            (
                "2026-10-03T14:05:09.123456789",
                dt(2026, 10, 3, 14, 5, 9, 123_456_789),
                None,
            ),
            ("2026-10-03T14:05:09z", base, Some(0)),
            ("2026-10-03T14:05:09-05:30", base, Some(-19800)),
            ("2026-10-03T14:05:09+0530", base, Some(19800)),
            ("2026-10-03T14:05:09+05", base, Some(18000)),
            ("2026-10-03T14:05:09-00:00", base, Some(0)),
            ("2026-10-03 14:05:09 GMT", base, Some(0)),
            ("2026-10-03 14:05:09 utc", base, Some(0)),
            ("2026-10-03 14:05:09UTC", base, Some(0)),
            (
                "2026-10-03 14:05 +02:00",
                dt(2026, 10, 3, 14, 5, 0, 0),
                Some(7200),
            ),
            ("2024-02-29T00:00:00Z", dt(2024, 2, 29, 0, 0, 0, 0), Some(0)),
        ];
        for (s, naive, off) in cases {
            let p = ok(&iso, s);
            assert_eq!((p.naive(), p.offset_s), (naive, off), "{s}");
        }
    }

    #[test]
    fn iso_rejects() {
        use TimeError::*;
        let iso = TimeFormat::Iso8601;
        let cases: [(&str, TimeError); 22] = [
            ("2026-10-3", Format),
            ("26-10-03", Format),
            ("2026-10-03T", Format),
            ("2026-10-03T14", Format),
            ("2026-10-03T14:5", Format),
            ("2026-10-03T14:05:9", Format),
            ("2026-10-03T14:05:09.", Format),
            ("2026-10-03T14:05:09.1234567890", Format),
            ("2026-10-03T14:05.5", Format),
            ("2026-10-03T14:05:09+2", Format),
            ("2026-10-03T14:05:09+02:0", Format),
            ("2026-10-03T14:05:09 CET", Format),
            ("2026-10-03T14:05:09Zjunk", Format),
            ("2026-10-03 UTC", Format),
            ("2026-10-03T24:00:00", OutOfRange),
            ("2026-10-03T23:60:00", OutOfRange),
            ("2026-10-03T23:59:60", OutOfRange),
            ("2026-02-29", OutOfRange),
            ("2100-02-29T00:00", OutOfRange),
            ("2026-00-10", OutOfRange),
            ("2026-10-00", OutOfRange),
            ("2026-10-03T10:00:00+24:00", OutOfRange),
        ];
        for (s, want) in cases {
            assert_eq!(iso.parse(s), Err(want), "{s}");
        }
        assert_eq!(iso.parse("2000-02-29").map(|p| p.naive().day()), Ok(29));
    }

    // --- epoch ----------------------------------------------------------------------------

    #[test]
    fn epoch_values() {
        use TimeError::*;
        let s = TimeFormat::EpochSeconds;
        let ms = TimeFormat::EpochMillis;
        assert_eq!(ok(&s, "0").naive(), dt(1970, 1, 1, 0, 0, 0, 0));
        assert_eq!(ok(&s, " 1759500000 ").naive(), dt(2025, 10, 3, 14, 0, 0, 0));
        assert_eq!(ok(&s, "-86400").naive(), dt(1969, 12, 31, 0, 0, 0, 0));
        assert_eq!(ok(&s, "+60").naive(), dt(1970, 1, 1, 0, 1, 0, 0));
        assert_eq!(
            ok(&ms, "1759500000123").naive(),
            dt(2025, 10, 3, 14, 0, 0, 123_000_000)
        );
        assert_eq!(
            ok(&ms, "-1").naive(),
            dt(1969, 12, 31, 23, 59, 59, 999_000_000)
        );
        assert_eq!(ok(&s, "1").offset_s, Some(0));
        for bad in [
            "1.5",
            "1759500000000.0",
            "1e9",
            "-",
            "+",
            "12 34",
            "0x10",
            "--1",
        ] {
            assert_eq!(s.parse(bad), Err(Format), "{bad}");
            assert_eq!(ms.parse(bad), Err(Format), "{bad}");
        }
        assert_eq!(s.parse("1234567890123456789"), Err(OutOfRange));
        assert_eq!(ms.parse("-1234567890123456789"), Err(OutOfRange));
        assert_eq!(s.parse("999999999999999999"), Err(OutOfRange));
        assert!(ms.parse("999999999999999999").is_err());
        assert_eq!(s.parse(""), Err(Empty));
    }

    // --- pattern tokens -------------------------------------------------------------------

    #[test]
    fn token_year_month_day() {
        let f = pat("%Y-%m-%d");
        assert_eq!(ok(&f, "2026-1-5").naive(), dt(2026, 1, 5, 0, 0, 0, 0));
        assert_eq!(ok(&f, "2026-01-05").naive(), dt(2026, 1, 5, 0, 0, 0, 0));
        assert_eq!(f.parse("26-01-05"), Err(TimeError::Format));
        assert_eq!(f.parse("20266-01-05"), Err(TimeError::Format));
        assert_eq!(f.parse("2026-001-05"), Err(TimeError::Format));
        assert_eq!(f.parse("2026-02-29"), Err(TimeError::OutOfRange));
        assert_eq!(f.parse("2026-04-31"), Err(TimeError::OutOfRange));
        assert!(f.parse("2028-02-29").is_ok());
        let f = pat("%d/%m/%y");
        assert_eq!(ok(&f, "05/01/26").naive(), dt(2026, 1, 5, 0, 0, 0, 0));
        assert_eq!(ok(&f, "5/1/99").naive(), dt(2099, 1, 5, 0, 0, 0, 0));
        assert_eq!(f.parse("05/01/2026"), Err(TimeError::Format));
        assert_eq!(f.parse("05/01/6"), Err(TimeError::Format));
        let f = pat("%-d.%-m.%Y");
        assert_eq!(ok(&f, "5.1.2026").naive(), dt(2026, 1, 5, 0, 0, 0, 0));
    }

    #[test]
    fn token_e_day_with_space() {
        let f = pat("%e.%m.%Y");
        assert_eq!(ok(&f, " 5.01.2026").naive(), dt(2026, 1, 5, 0, 0, 0, 0)); // trimmed anyway
        assert_eq!(ok(&f, "5.01.2026").naive(), dt(2026, 1, 5, 0, 0, 0, 0));
        let f = pat("%b%e %Y");
        assert_eq!(ok(&f, "Jan 5 2026").naive(), dt(2026, 1, 5, 0, 0, 0, 0));
        assert_eq!(ok(&f, "Jan15 2026").naive(), dt(2026, 1, 15, 0, 0, 0, 0));
        let f = pat("%Y %b %e");
        assert_eq!(ok(&f, "2026 Jan  5").naive(), dt(2026, 1, 5, 0, 0, 0, 0));
    }

    #[test]
    fn token_time_fields() {
        let f = pat("%Y-%m-%d %H:%M:%S");
        assert_eq!(
            ok(&f, "2026-10-03 4:5:9").naive(),
            dt(2026, 10, 3, 4, 5, 9, 0)
        );
        assert_eq!(
            ok(&f, "2026-10-03 23:59:59").naive(),
            dt(2026, 10, 3, 23, 59, 59, 0)
        );
        assert_eq!(f.parse("2026-10-03 24:00:00"), Err(TimeError::OutOfRange));
        assert_eq!(f.parse("2026-10-03 23:60:00"), Err(TimeError::OutOfRange));
        assert_eq!(f.parse("2026-10-03 23:59:60"), Err(TimeError::OutOfRange));
        assert_eq!(f.parse("2026-10-03 23:59"), Err(TimeError::Format));
        assert_eq!(
            f.parse("2026-10-03 23:59:59 "),
            Ok(ok(&f, "2026-10-03 23:59:59"))
        );
        assert_eq!(f.parse("2026-10-03 23:59:590"), Err(TimeError::Format));
        assert_eq!(f.parse("2026-10-03 123:59:59"), Err(TimeError::Format));
    }

    #[test]
    fn token_12_hour() {
        let f = pat("%Y-%m-%d %I:%M %p");
        let cases = [
            ("2026-10-03 12:00 AM", 0),
            ("2026-10-03 12:30 am", 0),
            ("2026-10-03 1:00 AM", 1),
            ("2026-10-03 11:59 a.m.", 11),
            ("2026-10-03 12:00 PM", 12),
            ("2026-10-03 12:00 p.m.", 12),
            ("2026-10-03 1:00 pm", 13),
            ("2026-10-03 11:00 P.M.", 23),
            ("2026-10-03 11:00 Pm", 23),
            ("2026-10-03 11:00\u{202f}PM", 23),
        ];
        for (s, h) in cases {
            assert_eq!(ok(&f, s).naive().hour(), h, "{s}");
        }
        assert_eq!(f.parse("2026-10-03 0:00 AM"), Err(TimeError::OutOfRange));
        assert_eq!(f.parse("2026-10-03 13:00 PM"), Err(TimeError::OutOfRange));
        assert_eq!(f.parse("2026-10-03 1:00"), Err(TimeError::Format));
        assert_eq!(f.parse("2026-10-03 1:00 XM"), Err(TimeError::Format));
        assert_eq!(f.parse("2026-10-03 1:00 a.m"), Err(TimeError::Format));
        assert_eq!(f.parse("2026-10-03 1:00 PMX"), Err(TimeError::Format));
        assert_eq!(f.parse("2026-10-03 1:00PM"), Err(TimeError::Format));
    }

    #[test]
    fn token_fractions() {
        let f = pat("%Y-%m-%d %H:%M:%S.%f");
        assert_eq!(
            ok(&f, "2026-10-03 14:05:09.5").naive().nanosecond(),
            500_000_000
        );
        assert_eq!(
            ok(&f, "2026-10-03 14:05:09.000123").naive().nanosecond(),
            123_000
        );
        assert_eq!(
            ok(&f, "2026-10-03 14:05:09.999999999").naive().nanosecond(),
            999_999_999
        );
        assert_eq!(f.parse("2026-10-03 14:05:09"), Err(TimeError::Format));
        assert_eq!(f.parse("2026-10-03 14:05:09."), Err(TimeError::Format));
        assert_eq!(
            f.parse("2026-10-03 14:05:09.1234567891"),
            Err(TimeError::Format)
        );
        let f = pat("%Y-%m-%d %H:%M:%S%.f");
        assert_eq!(ok(&f, "2026-10-03 14:05:09").naive().nanosecond(), 0);
        assert_eq!(
            ok(&f, "2026-10-03 14:05:09.25").naive().nanosecond(),
            250_000_000
        );
        assert_eq!(f.parse("2026-10-03 14:05:09."), Err(TimeError::Format));
        assert_eq!(f.parse("2026-10-03 14:05:09,25"), Err(TimeError::Format));
        let f = pat("%Y-%m-%d %H:%M:%S%.3f");
        assert_eq!(
            ok(&f, "2026-10-03 14:05:09.123").naive().nanosecond(),
            123_000_000
        );
    }

    #[test]
    fn token_month_names() {
        let f = pat("%d %b %Y");
        for (i, name) in MONTHS_FULL.iter().enumerate() {
            let abbr = &name[..3];
            let m = i as u32 + 1;
            assert_eq!(ok(&f, &format!("01 {abbr} 2026")).naive().month(), m);
            assert_eq!(
                ok(&f, &format!("01 {} 2026", abbr.to_uppercase()))
                    .naive()
                    .month(),
                m
            );
            assert_eq!(
                ok(&f, &format!("01 {} 2026", abbr.to_lowercase()))
                    .naive()
                    .month(),
                m
            );
        }
        assert_eq!(ok(&f, "01 Sept 2026").naive().month(), 9);
        assert_eq!(f.parse("01 Foo 2026"), Err(TimeError::Format));
        assert_eq!(f.parse("01 Paź 2026"), Err(TimeError::Format));
        let f = pat("%B %d, %Y");
        for (i, name) in MONTHS_FULL.iter().enumerate() {
            let m = i as u32 + 1;
            assert_eq!(ok(&f, &format!("{name} 02, 2026")).naive().month(), m);
            assert_eq!(
                ok(&f, &format!("{} 2, 2026", name.to_uppercase()))
                    .naive()
                    .month(),
                m
            );
        }
        assert_eq!(f.parse("Febuary 02, 2026"), Err(TimeError::Format));
        assert_eq!(f.parse("February 30, 2026"), Err(TimeError::OutOfRange));
    }

    #[test]
    fn token_offsets_and_zones() {
        let f = pat("%Y-%m-%d %H:%M %z");
        assert_eq!(ok(&f, "2026-10-03 14:05 +02:00").offset_s, Some(7200));
        assert_eq!(ok(&f, "2026-10-03 14:05 -0130").offset_s, Some(-5400));
        assert_eq!(ok(&f, "2026-10-03 14:05 Z").offset_s, Some(0));
        assert_eq!(f.parse("2026-10-03 14:05 +02"), Err(TimeError::Format));
        assert_eq!(f.parse("2026-10-03 14:05 CET"), Err(TimeError::Format));
        assert_eq!(
            f.parse("2026-10-03 14:05 +02:60"),
            Err(TimeError::OutOfRange)
        );
        assert_eq!(f.parse("2026-10-03 14:05"), Err(TimeError::Format));
        let f = pat("%Y-%m-%d %H:%M%:z");
        assert_eq!(ok(&f, "2026-10-03 14:05+05:45").offset_s, Some(20700));
        let f = pat("%Y-%m-%d %H:%M %Z");
        for z in ["UTC", "utc", "GMT", "Z"] {
            assert_eq!(
                ok(&f, &format!("2026-10-03 14:05 {z}")).offset_s,
                Some(0),
                "{z}"
            );
        }
        for z in ["CET", "Europe/Warsaw", "UTCX", "Zulu", "PST", "+02:00"] {
            assert_eq!(
                f.parse(&format!("2026-10-03 14:05 {z}")),
                Err(TimeError::Format),
                "{z}"
            );
        }
        assert_eq!(ok(&pat("%Y-%m-%d"), "2026-10-03").offset_s, None);
    }

    #[test]
    fn token_literals_and_spaces() {
        let f = pat("%% %d|%m|%Y");
        assert_eq!(
            ok(&f, "%   03|10|2026").naive(),
            dt(2026, 10, 3, 0, 0, 0, 0)
        );
        assert_eq!(f.parse("% 03/10/2026"), Err(TimeError::Format));
        assert_eq!(f.parse("%03|10|2026"), Err(TimeError::Format));
        let f = pat("%d.%m.%Y  %H:%M");
        assert_eq!(
            ok(&f, "03.10.2026 14:05").naive(),
            dt(2026, 10, 3, 14, 5, 0, 0)
        );
        assert_eq!(
            ok(&f, "03.10.2026\t 14:05").naive(),
            dt(2026, 10, 3, 14, 5, 0, 0)
        );
        assert_eq!(
            ok(&f, "03.10.2026\u{a0}14:05").naive(),
            dt(2026, 10, 3, 14, 5, 0, 0)
        );
        let f = pat("%Y年%m月%d日");
        assert_eq!(ok(&f, "2026年10月3日").naive(), dt(2026, 10, 3, 0, 0, 0, 0));
        assert_eq!(f.parse("2026年10月3"), Err(TimeError::Format));
        let f = pat("%Y-%m-%dT%H:%M:%S");
        assert_eq!(f.parse("2026-10-03t14:05:09"), Err(TimeError::Format));
        assert_eq!(f.parse("2026-10-03T14:05:09 extra"), Err(TimeError::Format));
        let f = pat("%Y%m%d%H%M%S");
        assert_eq!(
            ok(&f, "20261003140509").naive(),
            dt(2026, 10, 3, 14, 5, 9, 0)
        );
    }

    // --- durations ------------------------------------------------------------------------

    #[test]
    fn duration_specs() {
        use DurationUnit::*;
        for (s, u) in [
            ("s", Seconds),
            ("seconds", Seconds),
            ("ms", Milliseconds),
            ("milliseconds", Milliseconds),
            ("min", Minutes),
            ("minutes", Minutes),
            ("hms", Hms),
            ("hh:mm:ss", Hms),
            ("HH:MM:SS", Hms),
            ("auto", Auto),
        ] {
            assert_eq!(DurationUnit::parse_spec(s), Ok(u), "{s}");
        }
        assert!(
            DurationUnit::parse_spec("hours")
                .unwrap_err()
                .contains("`hours`")
        );
    }

    #[test]
    fn duration_numeric() {
        use DurationUnit::*;
        let cases: [(&str, DurationUnit, i64); 16] = [
            ("12", Seconds, 12_000),
            ("12.5", Seconds, 12_500),
            ("12,5", Seconds, 12_500),
            (" 0 ", Seconds, 0),
            (".5", Seconds, 500),
            ("+3", Seconds, 3_000),
            ("-0", Seconds, 0),
            ("0.0004", Seconds, 0),
            ("0.0005", Seconds, 1),
            ("1.9996", Seconds, 2_000),
            ("250", Milliseconds, 250),
            ("250.5", Milliseconds, 251),
            ("250.4", Milliseconds, 250),
            ("1.5", Minutes, 90_000),
            ("2", Minutes, 120_000),
            ("90", Auto, 90_000),
        ];
        for (s, u, want) in cases {
            assert_eq!(parse_duration_ms(s, u), Ok(want), "{s} {u:?}");
        }
        use DurationError::*;
        let bad: [(&str, DurationUnit, DurationError); 14] = [
            ("", Seconds, Empty),
            ("  ", Hms, Empty),
            ("-5", Seconds, Negative),
            ("-0.5", Minutes, Negative),
            ("-1:00", Hms, Negative),
            ("-1:00", Auto, Negative),
            ("5s", Seconds, Invalid),
            ("1.2.3", Seconds, Invalid),
            ("12.", Seconds, Invalid),
            (".", Seconds, Invalid),
            ("-", Seconds, Invalid),
            ("1 000", Seconds, Invalid),
            ("abc", Milliseconds, Invalid),
            ("9999999999999999999", Milliseconds, Invalid),
        ];
        for (s, u, want) in bad {
            assert_eq!(parse_duration_ms(s, u), Err(want), "{s} {u:?}");
        }
        // Overflowing products are errors, not panics.
        assert_eq!(
            parse_duration_ms("999999999999999999", Minutes),
            Err(Invalid)
        );
        assert_eq!(parse_duration_ms("-x", Seconds), Err(Invalid));
    }

    #[test]
    fn duration_hms() {
        use DurationUnit::*;
        let cases: [(&str, i64); 11] = [
            ("0:00:00", 0),
            ("1:02:03", 3_723_000),
            ("01:02:03", 3_723_000),
            ("25:00:00", 90_000_000),
            ("100:00:01", 360_001_000),
            ("02:03", 123_000),
            ("75:30", 4_530_000),
            ("0:00:01.5", 1_500),
            ("0:00:01,250", 1_250),
            ("0:00:01.0005", 1_001),
            ("00:59.999", 59_999),
        ];
        for (s, want) in cases {
            assert_eq!(parse_duration_ms(s, Hms), Ok(want), "{s}");
            assert_eq!(parse_duration_ms(s, Auto), Ok(want), "{s}");
        }
        assert_eq!(parse_duration_ms(" 1:00 ", Hms), Ok(60_000)); // mm:ss, trimmed
        for bad in [
            "1:2:3",
            "1:60:00",
            "1:00:60",
            "1:",
            ":30",
            "1::00",
            "1:00:00:00",
            "1:00:00.",
            "a:bc",
            "12",
            "1:00:00.1234567890",
            "1:00 :00",
            "1.5:00",
        ] {
            assert_eq!(
                parse_duration_ms(bad, Hms),
                Err(DurationError::Invalid),
                "{bad}"
            );
        }
    }

    // --- amounts --------------------------------------------------------------------------

    #[test]
    fn amounts_accepted() {
        let dot: [(&str, i64); 24] = [
            ("0", 0),
            ("12", 120_000),
            ("12.5", 125_000),
            ("12.3456", 123_456),
            ("-12.5", -125_000),
            ("+12.5", 125_000),
            ("−7", -70_000),
            (".5", 5_000),
            ("1,234.56", 12_345_600),
            ("1,234,567", 12_345_670_000),
            ("1 234 567.8", 12_345_678_000),
            ("1\u{a0}234.5", 12_345_000),
            ("1\u{202f}234.5", 12_345_000),
            ("1'234'567.50", 12_345_675_000),
            ("1’234.50", 12_345_000),
            ("$1,234.50", 12_345_000),
            ("-$12", -120_000),
            ("$-12", -120_000),
            ("$ 12", 120_000),
            ("12 USD", 120_000),
            ("usd 12", 120_000),
            ("£3", 30_000),
            ("GBP3.1", 31_000),
            ("  -0.0001 EUR ", -1),
        ];
        for (s, want) in dot {
            assert_eq!(parse_amount(s, false), Ok(want), "{s}");
        }
        let comma: [(&str, i64); 9] = [
            ("12,5", 125_000),
            ("1.234,56", 12_345_600),
            ("1 234,56 zł", 12_345_600),
            ("1\u{a0}234,56\u{a0}zł", 12_345_600),
            ("12,50zł", 125_000),
            ("-12,50 ZŁ", -125_000),
            ("12,5 PLN", 125_000),
            ("€12,99", 129_900),
            ("12,99 €", 129_900),
        ];
        for (s, want) in comma {
            assert_eq!(parse_amount(s, true), Ok(want), "{s}");
        }
        assert_eq!(parse_amount("922337203685477.5807", false), Ok(i64::MAX));
        assert_eq!(parse_amount("-922337203685477.5808", false), Ok(i64::MIN));
    }

    #[test]
    fn amounts_rejected() {
        let dot = [
            "",
            "  ",
            "abc",
            "12.34567",
            "1.2.3",
            "12,5",
            "1,23,456",
            "1234,567",
            ",123",
            "1,234,",
            "1,,234",
            "1 234,567",
            "1,234 567",
            "12.",
            "1,234.5,6",
            "$12 USD",
            "12 CHF",
            "--12",
            "$",
            "-",
            "922337203685477.5808",
            "99999999999999999999999999999999999999999999",
            "12e3",
            "0x12",
        ];
        for s in dot {
            assert!(parse_amount(s, false).is_err(), "{s:?} should fail");
        }
        for s in ["12.5", "1,234.56", "12,34567", "1.23"] {
            assert!(
                parse_amount(s, true).is_err(),
                "{s:?} should fail (decimal comma)"
            );
        }
        assert_eq!(
            parse_amount("12.34567", false).unwrap_err(),
            "more than 4 decimal places"
        );
        assert_eq!(parse_amount("", false).unwrap_err(), "empty amount");
        assert_eq!(
            parse_amount("12x", false).unwrap_err(),
            "unexpected character `x`"
        );
        assert_eq!(
            parse_amount("1ł", false).unwrap_err(),
            "unexpected character `ł`"
        );
    }

    #[test]
    fn amounts_format() {
        assert_eq!(format_amount(12_345_678, 2), "1234.57");
        assert_eq!(format_amount(12_345_678, 4), "1234.5678");
        assert_eq!(format_amount(12_345_678, 0), "1235");
        assert_eq!(format_amount(12_345_000, 1), "1234.5");
        assert_eq!(format_amount(-12_345_678, 2), "-1234.57");
        assert_eq!(format_amount(125, 2), "0.01");
        assert_eq!(format_amount(-125, 2), "-0.01");
        assert_eq!(format_amount(124, 2), "0.01");
        assert_eq!(format_amount(49, 2), "0.00");
        assert_eq!(format_amount(-49, 2), "0.00");
        assert_eq!(format_amount(5_000, 0), "1");
        assert_eq!(format_amount(-5_000, 0), "-1");
        assert_eq!(format_amount(0, 3), "0.000");
        assert_eq!(format_amount(1, 9), "0.0001");
        assert_eq!(format_amount(i64::MAX, 0), "922337203685478");
        assert_eq!(format_amount(i64::MIN, 4), "-922337203685477.5808");
        assert_eq!(format_amount(i64::MIN, 2), "-922337203685477.58");
    }

    // --- identities -----------------------------------------------------------------------

    #[test]
    fn emails() {
        assert_eq!(
            norm_email(" Jan.Kowalski@Firma.PL "),
            "jan.kowalski@firma.pl"
        );
        assert_eq!(norm_email("Jan Kowalski <Jan@Firma.pl>"), "jan@firma.pl");
        assert_eq!(
            norm_email("\"Kowalski, Jan\" < jan@firma.pl >"),
            "jan@firma.pl"
        );
        assert_eq!(norm_email("mailto:Jan@firma.pl"), "jan@firma.pl");
        assert_eq!(norm_email("MAILTO:jan@firma.pl"), "jan@firma.pl");
        assert_eq!(norm_email("Jan <mailto:jan@firma.pl>"), "jan@firma.pl");
        assert_eq!(norm_email("ŁUKASZ@żak.pl"), "łukasz@żak.pl");
        assert_eq!(norm_email(""), "");
        assert!(matches!(
            norm_email("jan@firma.pl"),
            Cow::Borrowed("jan@firma.pl")
        ));
        assert!(matches!(norm_email("  jan@firma.pl\t"), Cow::Borrowed(_)));
        assert!(matches!(norm_email("Jan <jan@firma.pl>"), Cow::Borrowed(_)));
        assert!(matches!(norm_email("łukasz@żak.pl"), Cow::Borrowed(_)));
    }

    #[test]
    fn names() {
        let composed = "Łukasz  Żak";
        assert_eq!(norm_name(composed), "łukasz żak");
        assert_eq!(norm_name("łukasz żak"), "łukasz żak");
        assert_eq!(norm_name(" \tŁukasz \u{a0} Żak\n"), "łukasz żak");
        // Decomposed: L + combining acute (Ĺ), Z + combining dot above (Ż).
        assert_eq!(
            norm_name("L\u{0301}ukasz Z\u{0307}ak"),
            norm_name("Ĺukasz Żak")
        );
        assert_eq!(norm_name("L\u{0301}ukasz Z\u{0307}ak"), "ĺukasz żak");
        assert_eq!(norm_name("l\u{0301}ukasz"), "ĺukasz");
        assert_eq!(norm_name("ANNA MARIA"), "anna maria");
        assert!(matches!(
            norm_name("anna maria"),
            Cow::Borrowed("anna maria")
        ));
        assert!(matches!(
            norm_name(" łukasz żak "),
            Cow::Borrowed("łukasz żak")
        ));
        assert!(matches!(norm_name("anna  maria"), Cow::Owned(_)));
        assert!(matches!(norm_name("anna\tmaria"), Cow::Owned(_)));
        assert!(matches!(norm_name("l\u{0301}ukasz"), Cow::Owned(_)));
        assert_eq!(norm_name(""), "");
    }

    #[test]
    fn extensions() {
        assert_eq!(norm_extension(" 101 "), "101");
        assert_eq!(norm_extension("101.0"), "101");
        assert_eq!(norm_extension("101.00"), "101");
        assert_eq!(norm_extension("0101"), "0101");
        assert_eq!(norm_extension("101.5"), "101.5");
        assert_eq!(norm_extension("ext.0"), "ext.0");
        assert_eq!(norm_extension(".0"), ".0");
        assert_eq!(norm_extension("101."), "101.");
        assert_eq!(norm_extension("+48 22 123"), "+48 22 123");
        assert_eq!(norm_extension("A12"), "A12");
        assert!(matches!(norm_extension("101.0"), Cow::Borrowed(_)));
    }

    #[test]
    fn handles() {
        let cases = [
            (
                "https://www.linkedin.com/in/jan-kowalski-123/",
                "jan-kowalski-123",
            ),
            ("linkedin.com/in/Jan?trk=x", "jan"),
            ("http://pl.linkedin.com/in/jan#about", "jan"),
            (
                "https://www.linkedin.com/pub/jan-kowalski/1/23/456",
                "jan-kowalski",
            ),
            (
                "https://www.linkedin.com/sales/people/ACwAAB,NAME,abc",
                "acwaab,name,abc",
            ),
            ("https://www.linkedin.com/people/jan", "jan"),
            (
                "https://www.linkedin.com/in/%C5%82ukasz-%C5%BCak",
                "łukasz-żak",
            ),
            ("https://www.linkedin.com/in/%C5%81UKASZ", "łukasz"),
            ("https://www.linkedin.com/in/100%25-sales", "100%-sales"),
            ("https://www.linkedin.com/in/bad%zzescape", "bad%zzescape"),
            ("https://www.linkedin.com/in/bad%FF", "bad\u{fffd}"),
            ("@jan", "jan"),
            ("@Jan_K", "jan_k"),
            ("jan-kowalski", "jan-kowalski"),
            ("in/jan-kowalski", "jan-kowalski"),
            ("https://twitter.com/JanK", "jank"),
            ("https://x.com/jank/status/123", "jank"),
            ("x.com/@JanK", "jank"),
            ("twitter.com/jank?lang=pl", "jank"),
            ("https://www.linkedin.com/", ""),
            ("", ""),
        ];
        for (s, want) in cases {
            assert_eq!(norm_handle(s), want, "{s}");
        }
        assert!(matches!(
            norm_handle("https://www.linkedin.com/in/jan-kowalski-123/"),
            Cow::Borrowed("jan-kowalski-123")
        ));
        assert!(matches!(norm_handle("@jan"), Cow::Borrowed("jan")));
    }

    #[test]
    fn fold_equality() {
        assert!(eq_fold("Call", "call"));
        assert!(eq_fold("  CALL ", "call"));
        assert!(eq_fold("Rozmowa ŁĄCZNA", "rozmowa łączna"));
        assert!(eq_fold("ΣΟΦΙΑ", "σοφια"));
        assert!(!eq_fold("call", "calls"));
        assert!(eq_fold("\u{b}call\t", "CALL")); // str::trim's whitespace, vertical tab too
        assert!(!eq_fold("łączna", "laczna"));
        assert!(eq_fold("", "   "));
    }

    // --- property tests -------------------------------------------------------------------

    fn arb_datetime(min_year: i32, max_year: i32) -> impl Strategy<Value = NaiveDateTime> {
        let start = NaiveDate::from_ymd_opt(min_year, 1, 1).unwrap();
        let end = NaiveDate::from_ymd_opt(max_year, 12, 31).unwrap();
        let days = (end - start).num_days();
        (0..=days, 0u32..86_400, 0u32..1_000_000_000).prop_map(move |(d, secs, nano)| {
            let date = start + TimeDelta::days(d);
            let time = NaiveTime::from_num_seconds_from_midnight_opt(secs, nano).unwrap();
            NaiveDateTime::new(date, time)
        })
    }

    /// Truncate `v` to what `spec` can express.
    fn truncate(v: NaiveDateTime, has_time: bool, has_secs: bool, has_frac: bool) -> NaiveDateTime {
        let t = if !has_time {
            NaiveTime::MIN
        } else {
            let s = if has_secs { v.second() } else { 0 };
            let n = if has_frac { v.nanosecond() } else { 0 };
            NaiveTime::from_hms_nano_opt(v.hour(), v.minute(), s, n).unwrap()
        };
        NaiveDateTime::new(v.date(), t)
    }

    /// (pattern, has time, has seconds, has fraction)
    const ROUND_TRIP_PATTERNS: [(&str, bool, bool, bool); 12] = [
        ("%Y-%m-%d %H:%M:%S", true, true, false),
        ("%d.%m.%Y %H:%M", true, false, false),
        ("%m/%d/%Y", false, false, false),
        ("%Y-%m-%dT%H:%M:%S%.f", true, true, true),
        ("%Y-%m-%d %H:%M:%S.%f", true, true, true),
        ("%d %b %Y %H:%M", true, false, false),
        ("%B %e, %Y %I:%M:%S %p", true, true, false),
        ("%e-%b-%Y %I:%M %p", true, false, false),
        ("%Y%m%d%H%M%S", true, true, false),
        ("%-d.%-m.%Y %-H:%M", true, false, false),
        ("%d/%m/%Y %H:%M:%S%.3f", true, true, true),
        ("%Y-%m-%d %H:%M:%S %Z", true, true, false),
    ];

    /// The 8-byte word check of a fixed shape says what the byte-by-byte check says,
    /// for every byte value at every position of a valid value.
    #[test]
    fn shape_words_agree_with_bytes() {
        for (spec, valid) in [
            ("%Y-%m-%d %H:%M:%S", "2026-09-24 22:00:17"),
            ("%d.%m.%Y %H:%M", "25.09.2026 00:00"),
            ("%Y%m%d%H%M%S", "20260924220017"),
            ("%Y-%m-%dT%H:%M:%S%z", "2026-09-25T00:00:03"),
            ("%m/%d/%Y", "09/24/2026"),
        ] {
            let TimeFormat::Pattern(p) = pat(spec) else {
                unreachable!()
            };
            let fx = p.fixed.as_ref().expect("a fixed shape");
            assert_eq!(fx.len, valid.len(), "{spec}");
            assert!(!fx.words.is_empty(), "{spec}");
            let by_bytes = |v: &[u8]| {
                v.iter().zip(&fx.shape).all(|(&c, &want)| {
                    if want == 0 {
                        c.is_ascii_digit()
                    } else {
                        c == want
                    }
                })
            };
            let by_words = |v: &[u8]| {
                fx.words
                    .iter()
                    .all(|w| w.fits(u64::from_le_bytes(v[w.at..w.at + 8].try_into().unwrap())))
            };
            let mut v = valid.as_bytes().to_vec();
            assert!(by_words(&v) && by_bytes(&v), "{spec}");
            for i in 0..v.len() {
                for b in 0..=255u8 {
                    let keep = v[i];
                    v[i] = b;
                    assert_eq!(by_words(&v), by_bytes(&v), "{spec}: byte {b:#04x} at {i}");
                    // two bad bytes side by side (a carry between them must not hide one)
                    if i + 1 < v.len() {
                        let next = v[i + 1];
                        v[i + 1] = 0xff;
                        assert_eq!(by_words(&v), by_bytes(&v), "{spec}: {b:#04x} 0xff at {i}");
                        v[i + 1] = next;
                    }
                    v[i] = keep;
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// The fixed-shape fast path agrees with the general pattern parser on every
        /// value it takes, valid or not (31.09., 25:61, offsets out of range, ...).
        #[test]
        fn prop_fixed_shape_matches_general(
            d in "[0-9]{4}-[0-9]{2}-[0-9]{2}( |  |\t|T)[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:?[0-9]{2}|)",
            e in "[0-9]{1,2}\\.[0-9]{1,2}\\.[0-9]{4} [0-9]{1,2}:[0-9]{2}[x ]?",
        ) {
            for (spec, v) in [
                ("%Y-%m-%d %H:%M:%S", &d),
                ("%Y-%m-%dT%H:%M:%S%z", &d),
                ("%Y-%m-%d %H:%M:%S%z", &d),
                ("%d.%m.%Y %H:%M", &e),
            ] {
                let TimeFormat::Pattern(p) = pat(spec) else { unreachable!() };
                let fx = p.fixed.as_ref().expect("a fixed shape");
                if let Some(fast) = fx.parse(v.as_bytes()) {
                    prop_assert_eq!(fast, parse_pattern(&p.items, v.as_bytes()), "{} {}", spec, v);
                }
            }
        }

        #[test]
        fn prop_pattern_round_trip(v in arb_datetime(1970, 2100)) {
            for (spec, has_time, has_secs, has_frac) in ROUND_TRIP_PATTERNS {
                let fmt = pat(spec);
                // `%.3f` prints exactly 3 digits: truncate to milliseconds before formatting.
                let v = if spec.contains("%.3f") {
                    v.with_nanosecond(v.nanosecond() / 1_000_000 * 1_000_000).unwrap()
                } else { v };
                let text = if spec.contains("%Z") {
                    v.and_utc().format(spec).to_string()
                } else {
                    v.format(spec).to_string()
                };
                let got = fmt.parse(&text);
                let want = truncate(v, has_time, has_secs, has_frac);
                prop_assert_eq!(got.map(|p| p.naive()), Ok(want), "{} via {}", text, spec);
                if spec.contains("%Z") {
                    prop_assert_eq!(fmt.parse(&text).map(|p| p.offset_s), Ok(Some(0)));
                }
                // chrono's own parser as the oracle (it reads all of these patterns).
                let oracle = if has_time {
                    NaiveDateTime::parse_from_str(&text, spec)
                } else {
                    NaiveDate::parse_from_str(&text, spec).map(|d| d.and_time(NaiveTime::MIN))
                };
                prop_assert_eq!(oracle, Ok(want), "chrono disagrees on {} via {}", text, spec);
            }
        }

        #[test]
        fn prop_two_digit_year_round_trip(v in arb_datetime(2000, 2099)) {
            for spec in ["%m/%d/%y, %I:%M %p", "%y%m%d %H%M", "%d.%m.%y"] {
                let fmt = pat(spec);
                let text = v.format(spec).to_string();
                let has_time = spec.contains("%H") || spec.contains("%I");
                let want = truncate(v, has_time, false, false);
                prop_assert_eq!(fmt.parse(&text).map(|p| p.naive()), Ok(want), "{} via {}", text, spec);
            }
        }

        #[test]
        fn prop_iso_round_trip(v in arb_datetime(1970, 2100), off_min in -(23 * 60 + 59)..=(23 * 60 + 59i32)) {
            use chrono::TimeZone as _;
            let off = chrono::FixedOffset::east_opt(off_min * 60).unwrap();
            let with_off = off.from_local_datetime(&v).single().unwrap();
            let utc = with_off.naive_utc();
            let utc_ms = utc.with_nanosecond(utc.nanosecond() / 1_000_000 * 1_000_000).unwrap();
            for (text, want) in [
                (with_off.to_rfc3339(), utc),
                (with_off.to_rfc3339_opts(chrono::SecondsFormat::Millis, true), utc_ms),
                (with_off.format("%Y-%m-%d %H:%M:%S%.f%z").to_string(), utc),
                (with_off.format("%Y-%m-%dT%H:%M%:z").to_string(), utc.with_second(0).unwrap().with_nanosecond(0).unwrap()),
            ] {
                let p = match TimeFormat::Iso8601.parse(&text) {
                    Ok(p) => p,
                    Err(e) => return Err(TestCaseError::fail(format!("{text}: {e}"))),
                };
                prop_assert_eq!(p.offset_s, Some(off_min * 60), "{}", text);
                prop_assert_eq!(p.utc(), Some(want), "{}", text);
                if let Ok(o) = DateTime::parse_from_rfc3339(&text) {
                    prop_assert_eq!(p.utc(), Some(o.naive_utc()), "chrono disagrees on {}", text);
                }
            }
            let plain = v.format("%Y-%m-%d %H:%M:%S").to_string();
            prop_assert_eq!(TimeFormat::Iso8601.parse(&plain).map(|p| p.naive()), Ok(v.with_nanosecond(0).unwrap()));
        }

        #[test]
        fn prop_epoch_round_trip(secs in -2_208_988_800i64..=7_258_118_400i64, ms in 0i64..1000) {
            let t = DateTime::from_timestamp(secs, 0).unwrap().naive_utc();
            prop_assert_eq!(TimeFormat::EpochSeconds.parse(&secs.to_string()).map(|p| p.naive()), Ok(t));
            let millis = secs * 1000 + ms;
            let t = DateTime::from_timestamp_millis(millis).unwrap().naive_utc();
            prop_assert_eq!(TimeFormat::EpochMillis.parse(&millis.to_string()).map(|p| p.naive()), Ok(t));
        }

        #[test]
        fn prop_time_parsers_never_panic(s in ".{0,40}", t in "[0-9:.,+\\-TZzUuGgMmAaPp /%$€łl]{0,30}") {
            let formats = [
                TimeFormat::Iso8601,
                TimeFormat::EpochSeconds,
                TimeFormat::EpochMillis,
                pat("%Y-%m-%d %H:%M:%S%.f %z"),
                pat("%e %b %Y %I:%M %p %Z"),
                pat("%B %d, %y %I:%M:%S.%f %p"),
                pat("%d.%m.%Y"),
            ];
            for f in &formats {
                let _ = f.parse(&s);
                let _ = f.parse(&t);
            }
            if let Ok(f) = TimeFormat::parse_spec(&s) {
                let _ = f.parse(&t);
                let _ = f.describe();
            }
            if let Ok(f) = TimeFormat::parse_spec(&t) {
                let _ = f.parse(&s);
                let _ = f.describe();
            }
        }

        #[test]
        fn prop_random_patterns_never_panic(
            spec in "(%[YymdeHIMSfpbBzZ%]|%\\.f|[ .:/,T-]){1,12}",
            value in "[0-9 .:/,TAPMapmJanOctUTCZ+-]{0,30}",
        ) {
            if let Ok(f) = TimeFormat::parse_spec(&spec) {
                let _ = f.parse(&value);
                let _ = f.describe();
            }
        }

        #[test]
        fn prop_other_parsers_never_panic(s in ".{0,40}", t in "[0-9 .,:'$€£złPLNUSD\u{a0}\u{202f}+\\-%@/<>]{0,30}", v in any::<i64>(), d in 0u32..10) {
            for x in [&s, &t] {
                for u in [DurationUnit::Seconds, DurationUnit::Milliseconds, DurationUnit::Minutes, DurationUnit::Hms, DurationUnit::Auto] {
                    let _ = parse_duration_ms(x, u);
                }
                let _ = DurationUnit::parse_spec(x);
                let _ = parse_amount(x, false);
                let _ = parse_amount(x, true);
                let _ = norm_email(x);
                let _ = norm_name(x);
                let _ = norm_extension(x);
                let _ = norm_handle(x);
                let _ = eq_fold(x, &s);
            }
            let _ = format_amount(v, d);
        }

        #[test]
        fn prop_amount_round_trip(v in any::<i64>(), dc in any::<bool>()) {
            let text = format_amount(v, 4);
            let text = if dc { text.replace('.', ",") } else { text };
            prop_assert_eq!(parse_amount(&text, dc), Ok(v), "{}", text);
        }

        #[test]
        fn prop_amount_text_round_trip(
            neg in any::<bool>(),
            int in "[1-9][0-9]{0,13}|0",
            frac in "[0-9]{0,4}",
            sep in prop::sample::select(vec!["", " ", "\u{a0}", "'", ","]),
            cur in prop::sample::select(vec!["", "$", "zł", " PLN", "USD "]),
            dc in any::<bool>(),
        ) {
            // Insert thousands separators every three digits from the right.
            let sep = if sep == "," && dc { "." } else { sep };
            let mut grouped = String::new();
            for (i, ch) in int.chars().enumerate() {
                if i > 0 && (int.len() - i) % 3 == 0 { grouped.push_str(sep); }
                grouped.push(ch);
            }
            let dec = if dc { "," } else { "." };
            let body = if frac.is_empty() { grouped } else { format!("{grouped}{dec}{frac}") };
            let sign = if neg { "-" } else { "" };
            let text = if cur.starts_with(' ') || cur == "zł" {
                format!("{sign}{body}{cur}")
            } else {
                format!("{sign}{cur}{body}")
            };
            let v = match parse_amount(&text, dc) {
                Ok(v) => v,
                Err(e) => return Err(TestCaseError::fail(format!("{text:?}: {e}"))),
            };
            // Expected text: plain digits, '.' separator, 4 decimals.
            let frac4 = format!("{frac:0<4}");
            let magnitude_zero = int == "0" && frac4 == "0000";
            let want = format!("{}{int}.{frac4}", if neg && !magnitude_zero { "-" } else { "" });
            prop_assert_eq!(format_amount(v, 4), want, "{}", text);
        }

        #[test]
        fn prop_format_amount_rounds_like_reference(v in -9_000_000_000_000_000_000i64..=9_000_000_000_000_000_000, d in 0u32..=4) {
            // Reference: exact rational rounding half away from zero via i128.
            let scale = 10i128.pow(4 - d);
            let x = i128::from(v);
            let q = (x.abs() * 2 + scale) / (2 * scale) * x.signum();
            let s = format_amount(v, d);
            let parsed = parse_amount(&s, false).map(i128::from);
            prop_assert_eq!(parsed, Ok(q * scale), "{} -> {}", v, s);
        }

        #[test]
        fn prop_hms_round_trip(ms in 0i64..400_000_000_000, style in 0u8..4) {
            let h = ms / 3_600_000;
            let m = ms / 60_000 % 60;
            let s = ms / 1000 % 60;
            let f = ms % 1000;
            let text = match style {
                0 => format!("{h}:{m:02}:{s:02}.{f:03}"),
                1 => format!("{h:02}:{m:02}:{s:02},{f:03}"),
                2 => format!("{}:{s:02}.{f:03}", h * 60 + m),
                _ => format!("{h}:{m:02}:{s:02}.{f:03}000000"),
            };
            prop_assert_eq!(parse_duration_ms(&text, DurationUnit::Hms), Ok(ms), "{}", text);
            prop_assert_eq!(parse_duration_ms(&text, DurationUnit::Auto), Ok(ms), "{}", text);
        }

        #[test]
        fn prop_numeric_duration_round_trip(ms in 0i64..1_000_000_000_000) {
            let text = format!("{}.{:03}", ms / 1000, ms % 1000);
            prop_assert_eq!(parse_duration_ms(&text, DurationUnit::Seconds), Ok(ms));
            prop_assert_eq!(parse_duration_ms(&text.replace('.', ","), DurationUnit::Auto), Ok(ms));
            prop_assert_eq!(parse_duration_ms(&ms.to_string(), DurationUnit::Milliseconds), Ok(ms));
        }

        #[test]
        fn prop_name_normalisation_is_idempotent(s in "[a-zA-ZłŁżŻćĆ \t\u{a0}\u{301}\u{307}]{0,20}") {
            let once = norm_name(&s).into_owned();
            let twice = norm_name(&once);
            prop_assert!(matches!(twice, Cow::Borrowed(_)), "{:?} -> {:?}", s, once);
            prop_assert_eq!(twice, once.as_str());
        }

        #[test]
        fn prop_eq_fold_matches_lowercase(a in "[a-zA-ZłŁ ]{0,8}", b in "[a-zA-ZłŁ ]{0,8}") {
            prop_assert_eq!(eq_fold(&a, &b), a.trim().to_lowercase() == b.trim().to_lowercase());
        }
    }
}
