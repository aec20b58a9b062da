//! The general timestamp parsers, the cold path: the strftime-subset compiler
//! ([`compile_pattern`]), the pattern parser ([`parse_pattern`]) for values the fixed
//! shape does not take, and the ISO 8601 parser ([`parse_iso`]).
//!
//! # Why not chrono's parser
//!
//! `chrono::format::{StrftimeItems, Parsed, parse}` (chrono 0.4.45) was evaluated as
//! the replacement of this module, with its errors mapped onto [`TimeError`]. It is
//! not used because it reads other values than this parser does: rows would change
//! from rejected to counted (or the reverse), and reasons in rejects.csv would change.
//! Each of these was checked against chrono 0.4.45:
//!
//! * `%Z` skips any word and records no offset: `2026-10-03 14:05 CET` is accepted
//!   as a wall-clock time (here `CET` is +01:00 from [`ZONES`], and an unknown or
//!   ambiguous word is a reject; chrono gives no offset for `UTC` either);
//! * `%p` reads only `AM`/`PM`: `11:59 a.m.` is `Invalid` (here 11:59);
//! * a space in the pattern matches zero or more whitespace, and every number skips
//!   the whitespace before it: `%% %d|%m|%Y` reads `%03|10|2026`, and `%Y-%m-%d` reads
//!   `2026- 1-05` (both rejected here);
//! * `%Y` takes 1 to 4 digits, or any number of them after a sign: `26-01-05` is the
//!   year 26 (here a format error: the year has four digits);
//! * `%y` puts 70–99 in the 1900s: `5/1/99` with `%d/%m/%y` is 1999-01-05 (here 2099,
//!   as every 2-digit year of an export is in this century);
//! * `%f` after a literal `.` reads nanoseconds, not a fraction: `09.5` with `%S.%f`
//!   is 9 s + 5 ns (here 9.5 s);
//! * `%S` accepts a leap second: `23:59:60` parses (here not a real date/time);
//! * `%b` reads three letters only: `01 Sept 2026` is `Invalid` (here September);
//! * a field out of range stops the parse at once, before the rest of the text is
//!   read: `2026-13-01 10:00x` with `%Y-%m-%d %H:%M` is `OutOfRange` ("not a real
//!   date/time"), where this parser says "does not match the format" (it reads the
//!   whole value first, then checks the date).
//!
//! Nor could chrono check the configuration: `StrftimeItems` accepts specifiers this
//! tool does not read (`%s`, `%+`, `%U`, `%C`, …), so the messages for a bad format
//! ("unsupported specifier `%Q` in …", "pattern … has no day") need [`compile_pattern`]
//! anyway. chrono stays the oracle of the property tests (`prop_pattern_round_trip`,
//! `prop_iso_round_trip`). For ISO 8601, chrono's RFC 3339 parser rejects shapes the
//! exports hold (` UTC`, `+05`, `+0530`, no seconds), so [`parse_iso`] stays too.
//!
//! Mapping chrono's error kinds onto [`TimeError`] cannot repair this: most of the
//! differences are values chrono *accepts*. Every example above is a case of the
//! existing unit tests (`token_*` in `tests.rs`), which would fail.

use std::iter::Peekable;
use std::str::Chars;

use super::civil::{Fields, RawOffset, days_in_month};
use super::fixed::Fixed;
use super::{Item, ParsedTime, Pattern, TimeError, TimeSpecError};

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
const DOY: u16 = 1024;
const WEEKDAY: u16 = 2048;

/// What one `%` specifier reads: the item, its field bit, the field's name for messages.
type Specifier = (Item, u16, &'static str);

/// Compile a pattern of the configuration (it holds a `%`): its items, and its fixed
/// shape when it has one.
pub(super) fn compile_pattern(spec: &str) -> Result<Pattern, TimeSpecError> {
    let mut items: Vec<Item> = Vec::new();
    let mut lit = String::new();
    let mut seen: u16 = 0;
    let expanded = expand(spec);
    let mut chars = expanded.chars().peekable();

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
        // `None`: `%%`, a literal '%'
        let Some(((item, bit, name), pad)) = specifier(spec, &mut chars)? else {
            lit.push('%');
            continue;
        };
        if seen & bit != 0 {
            return Err(TimeSpecError::Twice {
                spec: spec.to_string(),
                name,
            });
        }
        seen |= bit;
        flush(&mut lit, &mut items);
        if pad {
            items.push(Item::OptSpace);
        }
        items.push(item);
    }
    flush(&mut lit, &mut items);
    check_fields(spec, seen)?;
    Ok(Pattern {
        spec: spec.to_string(),
        fixed: Fixed::of(&items),
        items,
    })
}

/// The pending literal, as one item.
fn flush(lit: &mut String, items: &mut Vec<Item>) {
    if !lit.is_empty() {
        items.push(Item::Lit(lit.as_bytes().into()));
        lit.clear();
    }
}

/// The spec with chrono's composite specifiers written out (`%F` is `%Y-%m-%d`, `%n`
/// and `%t` are whitespace, …); `%%` stays as it is.
fn expand(spec: &str) -> String {
    let mut out = String::with_capacity(spec.len() + 16);
    let mut chars = spec.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let Some(d) = chars.next() else {
            out.push('%');
            break;
        };
        out.push_str(match d {
            'F' => "%Y-%m-%d",
            'D' | 'x' => "%m/%d/%y",
            'T' | 'X' => "%H:%M:%S",
            'R' => "%H:%M",
            'r' => "%I:%M:%S %p",
            'v' => "%e-%b-%Y",
            'c' => "%a %b %e %H:%M:%S %Y",
            'n' | 't' => " ",
            _ => {
                out.push('%');
                out.push(d);
                continue;
            }
        });
    }
    out
}

/// A numeric specifier (those the flags `-`, `_` and `0` apply to), and whether it is
/// space-padded (an optional space before it).
fn numeric(c: char) -> Option<(Specifier, bool)> {
    Some(match c {
        'Y' => ((Item::Year4, YEAR, "year"), false),
        'y' => ((Item::Year2, YEAR, "year"), false),
        'm' => ((Item::Month, MONTH, "month"), false),
        'd' => ((Item::Day, DAY, "day"), false),
        'e' => ((Item::DaySpace, DAY, "day"), false),
        'j' => ((Item::DayOfYear, DOY, "day of the year"), false),
        'H' => ((Item::Hour24, HOUR24, "hour"), false),
        'k' => ((Item::Hour24, HOUR24, "hour"), true),
        'I' => ((Item::Hour12, HOUR12, "hour"), false),
        'l' => ((Item::Hour12, HOUR12, "hour"), true),
        'M' => ((Item::Minute, MINUTE, "minute"), false),
        'S' => ((Item::Second, SECOND, "second"), false),
        'u' => {
            let item = Item::WeekdayNum { sunday0: false };
            ((item, WEEKDAY, "day of the week"), false)
        }
        'w' => {
            let item = Item::WeekdayNum { sunday0: true };
            ((item, WEEKDAY, "day of the week"), false)
        }
        _ => return None,
    })
}

/// The specifier after a `%` (`chars` is just past it) and whether an optional space
/// goes before it; `None` for `%%`.
fn specifier(
    spec: &str,
    chars: &mut Peekable<Chars<'_>>,
) -> Result<Option<(Specifier, bool)>, TimeSpecError> {
    let unsupported = |what: String| TimeSpecError::Unsupported {
        what,
        spec: spec.to_string(),
    };
    let Some(d) = chars.next() else {
        return Err(unsupported("%".to_string()));
    };
    if let Some(n) = numeric(d) {
        return Ok(Some(n));
    }
    let frac = (Item::DotFrac, FRAC, "fraction of a second");
    Ok(Some((
        match d {
            '%' => return Ok(None),
            'b' | 'h' => (Item::MonthAbbr, MONTH, "month"),
            'B' => (Item::MonthFull, MONTH, "month"),
            'a' => (Item::Weekday, WEEKDAY, "day of the week"),
            'A' => (Item::WeekdayFull, WEEKDAY, "day of the week"),
            'f' => (Item::Frac, FRAC, "fraction of a second"),
            '3' | '6' | '9' if chars.peek() == Some(&'f') => {
                chars.next();
                (Item::Frac, FRAC, "fraction of a second")
            }
            'p' | 'P' => (Item::AmPm, AMPM, "AM/PM marker"),
            'z' => (Item::Offset, ZONE, "time zone"),
            'Z' => (Item::Zone, ZONE, "time zone"),
            // chrono's padding flags: `-` (none) and `0` (zeros) read as the plain
            // specifier (1 or 2 digits either way), `_` (spaces) allows a space first
            '-' | '_' | '0' => {
                let e = chars.next();
                return match e.and_then(numeric) {
                    Some((s, pad)) => {
                        let pad = pad || (d == '_' && s.0 != Item::DaySpace);
                        Ok(Some((s, pad)))
                    }
                    None => Err(unsupported(format!(
                        "%{d}{}",
                        e.map(String::from).unwrap_or_default()
                    ))),
                };
            }
            '.' => match chars.next() {
                Some('f') => frac,
                Some('3' | '6' | '9') if chars.peek() == Some(&'f') => {
                    chars.next();
                    frac
                }
                Some(other) => return Err(unsupported(format!("%.{other}"))),
                None => return Err(unsupported("%.".to_string())),
            },
            ':' => match chars.next() {
                Some('z') => (Item::Offset, ZONE, "time zone"),
                Some(other) => return Err(unsupported(format!("%:{other}"))),
                None => return Err(unsupported("%:".to_string())),
            },
            '#' => match chars.next() {
                Some('z') => (Item::OffsetLoose, ZONE, "time zone"),
                Some(other) => return Err(unsupported(format!("%#{other}"))),
                None => return Err(unsupported("%#".to_string())),
            },
            other => return Err(unsupported(format!("%{other}"))),
        },
        false,
    )))
}

/// A pattern must give a whole date, and a 12-hour clock (`%I` with `%p`) or a 24-hour
/// one, not both.
fn check_fields(spec: &str, seen: u16) -> Result<(), TimeSpecError> {
    let spec = || spec.to_string();
    if seen & YEAR == 0 {
        return Err(TimeSpecError::NoYear { spec: spec() });
    }
    if seen & DOY != 0 {
        if seen & (MONTH | DAY) != 0 {
            return Err(TimeSpecError::DayOfYearAndDate { spec: spec() });
        }
    } else if seen & MONTH == 0 {
        return Err(TimeSpecError::NoMonth { spec: spec() });
    } else if seen & DAY == 0 {
        return Err(TimeSpecError::NoDay { spec: spec() });
    }
    if seen & HOUR24 != 0 && seen & (HOUR12 | AMPM) != 0 {
        return Err(TimeSpecError::MixedClocks { spec: spec() });
    }
    if (seen & HOUR12 != 0) != (seen & AMPM != 0) {
        return Err(TimeSpecError::HalfTwelveHour { spec: spec() });
    }
    Ok(())
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

    /// An English day name, full or abbreviated (`Thu`, `Thur`, `Thurs`, `Tues`), any
    /// case → 0 (Monday) … 6 (Sunday).
    fn weekday_name(&mut self) -> Result<u32, TimeError> {
        for (i, name) in WEEKDAYS_FULL.iter().enumerate() {
            if self.eat_ci(name.as_bytes()) {
                return Ok(i as u32);
            }
        }
        for (word, i) in [("tues", 1), ("thurs", 3), ("thur", 3)] {
            if self.eat_ci(word.as_bytes()) {
                return Ok(i);
            }
        }
        for (i, name) in WEEKDAYS_FULL.iter().enumerate() {
            if let Some(abbr) = name.as_bytes().get(..3)
                && self.eat_ci(abbr)
            {
                return Ok(i as u32);
            }
        }
        Err(TimeError::Format)
    }

    /// A `%Z` zone abbreviation (a word of ASCII letters) → its offset from [`ZONES`].
    fn zone(&mut self) -> Result<RawOffset, TimeError> {
        let start = self.i;
        while matches!(self.peek(), Some(ch) if ch.is_ascii_alphabetic()) {
            self.i += 1;
        }
        let word = self.b.get(start..self.i).unwrap_or(&[]);
        if word.is_empty() {
            return Err(TimeError::Format);
        }
        if let Some(&(_, minutes)) = ZONES
            .iter()
            .find(|(name, _)| name.as_bytes().eq_ignore_ascii_case(word))
        {
            return Ok(RawOffset {
                neg: minutes < 0,
                h: minutes.unsigned_abs() / 60,
                m: minutes.unsigned_abs() % 60,
            });
        }
        match AMBIGUOUS_ZONES
            .iter()
            .position(|(name, _)| name.as_bytes().eq_ignore_ascii_case(word))
        {
            Some(i) => Err(TimeError::AmbiguousZone(i as u8)),
            None => Err(TimeError::UnknownZone),
        }
    }
}

/// The zone abbreviations `%Z` reads (any case), each with its fixed offset from UTC in
/// minutes. An abbreviation names one offset: `CEST` is +02:00 whatever the date, so a
/// value's own abbreviation says whether summer time applied. `CST` is North American
/// Central (not China), `BST` British Summer Time (not Bangladesh); the abbreviations of
/// several common zones (`IST`, `AST`) are in [`AMBIGUOUS_ZONES`] and rejected, as is any
/// other word.
///
/// | abbreviation | offset | zone |
/// |---|---|---|
/// | `UTC`, `UT`, `GMT`, `Z` | +00:00 | Coordinated Universal Time |
/// | `WET` / `WEST` | +00:00 / +01:00 | Western European (Portugal, Canaries) |
/// | `BST` | +01:00 | British Summer Time |
/// | `CET` / `CEST` | +01:00 / +02:00 | Central European |
/// | `EET` / `EEST` | +02:00 / +03:00 | Eastern European |
/// | `MSK` | +03:00 | Moscow |
/// | `ADT` | −03:00 | Atlantic Daylight |
/// | `EST` / `EDT` | −05:00 / −04:00 | North American Eastern |
/// | `CST` / `CDT` | −06:00 / −05:00 | North American Central |
/// | `MST` / `MDT` | −07:00 / −06:00 | North American Mountain |
/// | `PST` / `PDT` | −08:00 / −07:00 | North American Pacific |
/// | `AKST` / `AKDT` | −09:00 / −08:00 | Alaska |
/// | `HST` | −10:00 | Hawaii |
/// | `JST` | +09:00 | Japan |
/// | `AEST` / `AEDT` | +10:00 / +11:00 | Australian Eastern |
/// | `NZST` / `NZDT` | +12:00 / +13:00 | New Zealand |
pub(super) const ZONES: [(&str, i32); 29] = [
    ("UTC", 0),
    ("UT", 0),
    ("GMT", 0),
    ("Z", 0),
    ("WET", 0),
    ("WEST", 60),
    ("BST", 60),
    ("CET", 60),
    ("CEST", 120),
    ("EET", 120),
    ("EEST", 180),
    ("MSK", 180),
    ("ADT", -180),
    ("EST", -300),
    ("EDT", -240),
    ("CST", -360),
    ("CDT", -300),
    ("MST", -420),
    ("MDT", -360),
    ("PST", -480),
    ("PDT", -420),
    ("AKST", -540),
    ("AKDT", -480),
    ("HST", -600),
    ("JST", 540),
    ("AEST", 600),
    ("AEDT", 660),
    ("NZST", 720),
    ("NZDT", 780),
];

/// Abbreviations `%Z` refuses because they name different offsets in different places.
pub(super) const AMBIGUOUS_ZONES: [(&str, &str); 2] = [
    (
        "IST",
        "`IST` is India (+05:30), Ireland (+01:00) or Israel (+02:00)",
    ),
    ("AST", "`AST` is Atlantic (−04:00) or Arabia (+03:00)"),
];

/// The abbreviations of [`ZONES`], for the message of an unknown one.
pub(super) fn known_zones() -> String {
    ZONES.map(|(name, _)| name).join(" ")
}

/// What an ambiguous abbreviation could mean (`i` from [`TimeError::AmbiguousZone`]).
pub(super) fn ambiguous_note(i: u8) -> &'static str {
    AMBIGUOUS_ZONES.get(usize::from(i)).map_or("", |z| z.1)
}

/// "2026-10-01 is a Thursday" for a day number (days since 1970-01-01).
pub(super) fn weekday_note(day: i32) -> String {
    let date = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|e| e.checked_add_signed(chrono::TimeDelta::try_days(i64::from(day))?));
    match date {
        Some(d) => format!("{} is a {}", d.format("%Y-%m-%d"), d.format("%A")),
        None => String::new(),
    }
}

/// English day names, Monday first, for `%a` (their first three letters) and `%A`.
pub(super) const WEEKDAYS_FULL: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Month and day of the `doy`-th day (1-based) of `year`.
fn from_day_of_year(year: i32, doy: u32) -> Result<(u32, u32), TimeError> {
    let mut left = doy;
    for month in 1..=12 {
        let len = days_in_month(year, month);
        if (1..=len).contains(&left) {
            return Ok((month, left));
        }
        left = left.checked_sub(len).ok_or(TimeError::OutOfRange)?;
    }
    Err(TimeError::OutOfRange)
}

/// English month names, for `%b` (their first three letters, or `Sept`) and `%B`.
pub(super) const MONTHS_FULL: [&str; 12] = [
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

/// ISO 8601 as [`super::TimeFormat::Iso8601`] reads it (`b` is the trimmed cell): `T`,
/// `t` or spaces between date and time, `.` or `,` before a fraction, then `Z`,
/// `±HH:MM`, `±HHMM`, `±HH`, `UTC` or `GMT` (spaces before the last four allowed).
pub(super) fn parse_iso(b: &[u8]) -> Result<ParsedTime, TimeError> {
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

/// A trimmed cell against a compiled pattern (the values its fixed shape, if any, did not
/// take). Hand-written rather than chrono's parser: see the module doc.
pub(super) fn parse_pattern(items: &[Item], b: &[u8]) -> Result<ParsedTime, TimeError> {
    let mut c = Cur::new(b);
    let mut f = Fields::new();
    // day of the week (0 Monday … 6 Sunday) and day of the year, when the pattern has them
    let (mut weekday, mut doy) = (None, None);
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
            Item::OptSpace => {
                c.eat(b' ');
            }
            Item::DayOfYear => doy = Some(c.digits(1, 3)?),
            Item::Weekday | Item::WeekdayFull => weekday = Some(c.weekday_name()?),
            Item::WeekdayNum { sunday0 } => {
                let n = c.digits(1, 1)?;
                weekday = Some(match (sunday0, n) {
                    (true, 0..=6) => (n + 6) % 7,
                    (false, 1..=7) => n - 1,
                    _ => return Err(TimeError::OutOfRange),
                });
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
            Item::OffsetLoose => f.offset = Some(c.offset(true)?),
            Item::Zone => f.offset = Some(c.zone()?),
        }
    }
    if !c.at_end() {
        return Err(TimeError::Format);
    }
    if let Some(n) = doy {
        (f.month, f.day) = from_day_of_year(f.year, n)?;
    }
    let t = f.build()?;
    match weekday {
        // 1970-01-01, day 0, was a Thursday (3)
        Some(w) if (t.day + 3).rem_euclid(7) as u32 != w => Err(TimeError::Weekday { day: t.day }),
        _ => Ok(t),
    }
}
