//! Timestamps: how a timestamp column is written ([`TimeFormat`]), the value a cell
//! holds ([`ParsedTime`]) and why a cell was rejected ([`TimeError`]).
//!
//! A cell is read by one of two paths:
//! * `fixed`: a value of a pattern's fixed shape (`%Y-%m-%d %H:%M:%S`, `%d.%m.%Y %H:%M`,
//!   …) is read by position, 8 bytes at a time, inlined into the row (the hot path; its
//!   measurements are named in its module doc);
//! * `pattern`: anything else goes to the general parsers (the strftime subset, ISO
//!   8601), hand-written too; why chrono's parser does not take their place is in that
//!   module's doc.
//!
//! `civil` turns the fields either path read into a day number and a second of the day.
//! Nothing here allocates on the success path or panics on any input.

mod civil;
mod fixed;
mod pattern;

use chrono::{DateTime, NaiveDateTime};

use super::trim::trim_cell;
use fixed::Fixed;
use pattern::{compile_pattern, parse_iso, parse_pattern};

/// How a timestamp column is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TimeFormat {
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
pub(crate) struct Pattern {
    spec: String,
    items: Vec<Item>,
    /// Set when every field has a fixed width: values of exactly that shape are read by
    /// position (see [`Fixed`]).
    fixed: Option<Fixed>,
}

/// One piece of a compiled pattern, in the order the value holds them.
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
    /// `%j`: day of the year, 1 to 3 digits.
    DayOfYear,
    /// `%a`: an English day name (full or abbreviated, any case), checked against the date.
    Weekday,
    /// `%A`: the same as `%a` (it reads either form); its example is the full name.
    WeekdayFull,
    /// `%u` (Monday 1 … Sunday 7) or, `sunday0`, `%w` (Sunday 0 … Saturday 6), checked
    /// against the date.
    WeekdayNum {
        sunday0: bool,
    },
    /// An optional single space (`%k`, `%l` and the `_` flag: space-padded numbers).
    OptSpace,
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
    /// `%#z`: `%z`, or `±HH` without minutes.
    OffsetLoose,
    /// `%Z`: a zone abbreviation of [`pattern::ZONES`] (`UTC`, `CET`, `PDT`, …).
    Zone,
}

impl Pattern {
    /// The pattern as the config wrote it (chrono's syntax).
    pub(crate) fn spec(&self) -> &str {
        &self.spec
    }
}

/// A parsed timestamp: wall-clock time plus the offset the value itself carried, if any.
///
/// The wall clock is kept as a day number and a second of that day, so that the hot
/// path (a row's local day) is integer arithmetic; [`ParsedTime::naive`] gives chrono's
/// view of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct ParsedTime {
    /// The wall-clock date as days since 1970-01-01 (proleptic Gregorian).
    pub(crate) day: i32,
    /// The wall-clock second of that day, `0..86_400`.
    pub(crate) secs: u32,
    /// The fraction of that second, `0..1_000_000_000`.
    pub(crate) nano: u32,
    /// Seconds east of UTC when the value carried a zone (`Z`, `±HH:MM`, `±HHMM`, `±HH`,
    /// ` UTC`/` GMT`, a `%Z` abbreviation); `Some(0)` for epoch values; `None` for
    /// wall-clock values.
    pub(crate) offset_s: Option<i32>,
}

impl ParsedTime {
    /// A parsed time from chrono's wall-clock value.
    pub(crate) fn from_naive(naive: NaiveDateTime, offset_s: Option<i32>) -> ParsedTime {
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
    pub(crate) fn wall_secs(&self) -> i64 {
        i64::from(self.day) * 86_400 + i64::from(self.secs)
    }

    /// The wall clock as chrono's naive date and time.
    pub(crate) fn naive(&self) -> NaiveDateTime {
        // Every `ParsedTime` holds a date chrono can represent (`Fields::build` and
        // `from_naive` make sure): the fallback cannot be reached.
        DateTime::from_timestamp(self.wall_secs(), self.nano)
            .map_or(NaiveDateTime::MIN, |t| t.naive_utc())
    }

    #[cfg(test)]
    /// The UTC instant, when the value carried its own offset.
    pub(crate) fn utc(&self) -> Option<NaiveDateTime> {
        let off = self.offset_s?;
        self.naive()
            .checked_sub_signed(chrono::TimeDelta::try_seconds(i64::from(off))?)
    }
}

/// Why a timestamp cell was rejected (the text is the reason written to rejects.csv).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub(crate) enum TimeError {
    /// Nothing but whitespace.
    #[error("empty")]
    Empty,
    /// The text does not have the configured shape.
    #[error("does not match the format")]
    Format,
    /// The shape is right but the date or time does not exist (31.09., 25:61, month 13...).
    #[error("not a real date/time")]
    OutOfRange,
    /// A day name (`%a`, `%A`) or number (`%u`, `%w`) that is not the date's; `day` is the
    /// date as days since 1970-01-01.
    #[error("the day of the week is not the date's: {}", pattern::weekday_note(*.day))]
    Weekday { day: i32 },
    /// A `%Z` word that is not in the table of zone abbreviations.
    #[error(
        "unknown time zone abbreviation; known: {}; for another zone give the offset (`%z`) or the zone (`zone = \"…\"`)",
        pattern::known_zones()
    )]
    UnknownZone,
    /// A `%Z` abbreviation of several zones (the index into [`pattern::AMBIGUOUS_ZONES`]).
    #[error("ambiguous time zone abbreviation: {}; give the offset (`%z`) or the zone (`zone = \"…\"`)", pattern::ambiguous_note(*.0))]
    AmbiguousZone(u8),
}

const SUPPORTED_SPECIFIERS: &str = "%Y %y %m %b %B %h %d %e %j %a %A %u %w %H %k %I %l %M %S %f %.f %3f %6f %9f %.3f %.6f %.9f %p %P %z %:z %#z %Z %F %D %x %T %X %R %r %v %c %n %t %%, the flags - _ 0, and literals";

/// Why a timestamp format of the configuration was refused ([`TimeFormat::parse_spec`]):
/// one sentence naming the problem, e.g. the unsupported specifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum TimeSpecError {
    /// Neither a format name nor a pattern.
    #[error(
        "unknown time format `{spec}`; expected iso8601, rfc3339, epoch, epoch_s, unix, epoch_ms, unix_ms or a pattern such as `%Y-%m-%d %H:%M:%S`"
    )]
    Unknown { spec: String },
    /// A `%` specifier this parser does not read (`what` as written, e.g. `%Q`, `%-j`).
    #[error(
        "unsupported specifier `{what}` in `{spec}`; supported: {supported}",
        supported = SUPPORTED_SPECIFIERS
    )]
    Unsupported { what: String, spec: String },
    /// Two specifiers for the same field (`name`: "year", "month", "time zone", …).
    #[error("pattern `{spec}` gives the {name} twice")]
    Twice { spec: String, name: &'static str },
    #[error("pattern `{spec}` has no year (%Y or %y)")]
    NoYear { spec: String },
    #[error("pattern `{spec}` has no month (%m, %b or %B)")]
    NoMonth { spec: String },
    #[error("pattern `{spec}` has no day (%d or %e)")]
    NoDay { spec: String },
    #[error("pattern `{spec}` gives the day of the year (%j) and a month or day; use one of them")]
    DayOfYearAndDate { spec: String },
    #[error("pattern `{spec}` mixes a 24-hour %H with a 12-hour %I/%p; use one of them")]
    MixedClocks { spec: String },
    #[error("pattern `{spec}` needs %I and %p together for 12-hour times")]
    HalfTwelveHour { spec: String },
}

impl TimeFormat {
    /// Parse a config spec: "iso8601" | "rfc3339" (both → Iso8601), "epoch" | "epoch_s" | "unix" → EpochSeconds,
    /// "epoch_ms" | "unix_ms" → EpochMillis, anything containing '%' → Pattern (chrono strftime syntax subset).
    /// The error is a one-sentence message naming the problem, e.g. the unsupported specifier.
    pub(crate) fn parse_spec(spec: &str) -> Result<TimeFormat, TimeSpecError> {
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
        Err(TimeSpecError::Unknown {
            spec: spec.to_string(),
        })
    }

    #[cfg(test)]
    /// Parse one cell value (surrounding ASCII whitespace, NBSP and BOM are ignored).
    ///
    /// The fixed-shape path is inlined into the caller: a result returned through the
    /// stack is written in pieces and read back whole, a store-forwarding stall per row.
    #[inline(always)]
    pub(crate) fn parse(&self, s: &str) -> Result<ParsedTime, TimeError> {
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
    pub(crate) fn parse_fixed(&self, s: &str) -> Option<ParsedTime> {
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
    pub(crate) fn parse_cold(&self, s: &str) -> Result<ParsedTime, TimeError> {
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

    /// The format as the configuration writes it (`iso8601`, `epoch`, `epoch_ms` or the
    /// pattern).
    pub(crate) fn spec(&self) -> &str {
        match self {
            TimeFormat::Iso8601 => "iso8601",
            TimeFormat::EpochSeconds => "epoch",
            TimeFormat::EpochMillis => "epoch_ms",
            TimeFormat::Pattern(p) => &p.spec,
        }
    }

    /// The first of the [`KNOWN_SHAPES`] that reads every one of `values` (all of them
    /// non-empty), for the message of a format that fits no value of a file.
    pub(crate) fn suggest(values: &[&str]) -> Option<&'static str> {
        if values.is_empty() {
            return None;
        }
        KNOWN_SHAPES.into_iter().find(|spec| {
            TimeFormat::parse_spec(spec)
                .is_ok_and(|f| values.iter().all(|v| f.parse_cold(v).is_ok()))
        })
    }

    /// The first of the [`KNOWN_SHAPES`] that reads at least nine in ten of `values` (a
    /// sample of a column, a few bad cells allowed), for `init`'s guesses.
    pub(crate) fn suggest_most(values: &[&str]) -> Option<&'static str> {
        if values.is_empty() {
            return None;
        }
        KNOWN_SHAPES.into_iter().find(|spec| {
            TimeFormat::parse_spec(spec).is_ok_and(|f| {
                values.iter().filter(|v| f.parse_cold(v).is_ok()).count() * 10 >= values.len() * 9
            })
        })
    }

    /// Human description for error messages, e.g. "`%d.%m.%Y %H:%M` (e.g. 31.10.2026 23:30)".
    pub(crate) fn describe(&self) -> String {
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
                        Item::DayOfYear => ex.push_str("304"),
                        Item::Weekday => ex.push_str("Sat"),
                        Item::WeekdayFull => ex.push_str("Saturday"),
                        Item::WeekdayNum { .. } => ex.push('6'),
                        Item::OptSpace => {}
                        Item::Hour24 => ex.push_str("23"),
                        Item::Hour12 => ex.push_str("11"),
                        Item::Minute => ex.push_str("30"),
                        Item::Second => ex.push_str("00"),
                        Item::Frac => ex.push_str("000"),
                        Item::DotFrac => {}
                        Item::AmPm => ex.push_str("PM"),
                        Item::MonthAbbr => ex.push_str("Oct"),
                        Item::MonthFull => ex.push_str("October"),
                        Item::Offset | Item::OffsetLoose => ex.push_str("+01:00"),
                        Item::Zone => ex.push_str("UTC"),
                    }
                }
                format!("`{}` (e.g. {ex})", p.spec)
            }
        }
    }
}

/// The timestamp shapes of known exports (and common spreadsheet ones), tried in this
/// order by [`TimeFormat::suggest`]: month-first before day-first, as the US tools
/// write them; a day above 12 among the values decides.
const KNOWN_SHAPES: [&str; 24] = [
    "iso8601",
    "%Y-%m-%d %H:%M:%S %Z",
    "%a %m/%d/%Y %I:%M %p",
    "%a %m/%d/%Y %I:%M:%S %p",
    "%a, %d %b %Y %H:%M:%S %z",
    "%m/%d/%y, %I:%M %p",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%d %b %Y",
    "%d %b %Y %H:%M",
    "%d-%b-%Y %H:%M:%S",
    "%b %e, %Y %l:%M %p",
    "%B %e, %Y %l:%M %p",
    "%b %e, %Y",
    "%B %e, %Y",
];

/// Integer seconds or milliseconds since the epoch, optionally signed.
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

#[cfg(test)]
mod tests;
