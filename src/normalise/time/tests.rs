//! Tests of the timestamp parsers: format specs and their messages, the examples the
//! descriptions show, every token of the pattern syntax, ISO 8601 and epoch values, and
//! property tests against chrono (the oracle). The fixed shape's own tests are in
//! `fixed.rs`, the day table's in `civil.rs`.

use super::pattern::MONTHS_FULL;
use super::*;
use chrono::TimeDelta;
use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use proptest::prelude::*;

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
    let e = TimeFormat::parse_spec("%Y-%Q").unwrap_err().to_string();
    assert_eq!(
        e,
        "unsupported specifier `%Q` in `%Y-%Q`; supported: %Y %y %m %b %B %h %d %e %j %a %A %u %w %H %k %I %l %M %S %f %.f %3f %6f %9f %.3f %.6f %.9f %p %P %z %:z %#z %Z %F %D %x %T %X %R %r %v %c %n %t %%, the flags - _ 0, and literals"
    );
    assert!(
        TimeFormat::parse_spec("%Y-%m-%d %")
            .unwrap_err()
            .to_string()
            .contains("`%`")
    );
    assert!(
        TimeFormat::parse_spec("%Y-%m-%d %.x")
            .unwrap_err()
            .to_string()
            .contains("`%.x`")
    );
    assert!(
        TimeFormat::parse_spec("%Y-%m-%d %-Q")
            .unwrap_err()
            .to_string()
            .contains("`%-Q`")
    );
    assert!(
        TimeFormat::parse_spec("%Y-%m-%dé%ł")
            .unwrap_err()
            .to_string()
            .contains("`%ł`")
    );
}

#[test]
fn spec_structure_errors() {
    assert!(
        TimeFormat::parse_spec("%H:%M")
            .unwrap_err()
            .to_string()
            .contains("no year")
    );
    assert!(
        TimeFormat::parse_spec("%Y %H")
            .unwrap_err()
            .to_string()
            .contains("no month")
    );
    assert!(
        TimeFormat::parse_spec("%Y-%m")
            .unwrap_err()
            .to_string()
            .contains("no day")
    );
    assert!(
        TimeFormat::parse_spec("%Y-%m-%d %d")
            .unwrap_err()
            .to_string()
            .contains("twice")
    );
    assert!(
        TimeFormat::parse_spec("%Y-%m-%d %I:%M")
            .unwrap_err()
            .to_string()
            .contains("%I and %p")
    );
    assert!(
        TimeFormat::parse_spec("%Y-%m-%d %H:%M %p")
            .unwrap_err()
            .to_string()
            .contains("mixes")
    );
    assert!(
        TimeFormat::parse_spec("%Y-%m-%d %z %Z")
            .unwrap_err()
            .to_string()
            .contains("twice")
    );
}

/// Every message a bad `timestamp.format` can get, as config validation shows it.
#[test]
fn spec_messages_are_exact() {
    let msg = |spec: &str| TimeFormat::parse_spec(spec).unwrap_err().to_string();
    assert_eq!(
        msg("dd.mm.yyyy"),
        "unknown time format `dd.mm.yyyy`; expected iso8601, rfc3339, epoch, epoch_s, unix, epoch_ms, unix_ms or a pattern such as `%Y-%m-%d %H:%M:%S`"
    );
    assert_eq!(
        msg("%Y-%m-%d %-Q"),
        "unsupported specifier `%-Q` in `%Y-%m-%d %-Q`; supported: %Y %y %m %b %B %h %d %e %j %a %A %u %w %H %k %I %l %M %S %f %.f %3f %6f %9f %.3f %.6f %.9f %p %P %z %:z %#z %Z %F %D %x %T %X %R %r %v %c %n %t %%, the flags - _ 0, and literals"
    );
    for (spec, want) in [
        ("%H:%M", "pattern `%H:%M` has no year (%Y or %y)"),
        ("%Y %H", "pattern `%Y %H` has no month (%m, %b or %B)"),
        ("%Y-%m", "pattern `%Y-%m` has no day (%d or %e)"),
        ("%Y-%m-%d %d", "pattern `%Y-%m-%d %d` gives the day twice"),
        (
            "%Y-%m-%d %z %Z",
            "pattern `%Y-%m-%d %z %Z` gives the time zone twice",
        ),
        (
            "%Y-%m-%d %I:%M",
            "pattern `%Y-%m-%d %I:%M` needs %I and %p together for 12-hour times",
        ),
        (
            "%Y-%m-%d %H:%M %p",
            "pattern `%Y-%m-%d %H:%M %p` mixes a 24-hour %H with a 12-hour %I/%p; use one of them",
        ),
    ] {
        assert_eq!(msg(spec), want, "{spec}");
    }
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
    for (z, want) in [
        ("UTCX", TimeError::UnknownZone),
        ("Zulu", TimeError::UnknownZone),
        ("Europe/Warsaw", TimeError::UnknownZone),
        ("IST", TimeError::AmbiguousZone(0)),
        ("+02:00", TimeError::Format),
    ] {
        assert_eq!(f.parse(&format!("2026-10-03 14:05 {z}")), Err(want), "{z}");
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

/// The UTC instant of a value that carries its own zone.
fn utc(fmt: &TimeFormat, s: &str) -> NaiveDateTime {
    match ok(fmt, s).utc() {
        Some(t) => t,
        None => panic!("{s:?}: no zone"),
    }
}

#[test]
fn token_day_names() {
    let f = pat("%a %m/%d/%Y");
    // 2026-10-01 is a Thursday; every spelling of it, any case
    for s in [
        "Thu 10/01/2026",
        "thu 10/01/2026",
        "THU 10/01/2026",
        "Thur 10/01/2026",
        "Thurs 10/01/2026",
        "Thursday 10/01/2026",
        "THURSDAY 10/01/2026",
    ] {
        assert_eq!(ok(&f, s).naive(), dt(2026, 10, 1, 0, 0, 0, 0), "{s}");
    }
    let f = pat("%A, %d %B %Y");
    for (i, name) in super::pattern::WEEKDAYS_FULL.iter().enumerate() {
        // 2026-10-05 is a Monday
        let day = 5 + i as u32;
        let v = format!("{name}, {day:02} October 2026");
        assert_eq!(ok(&f, &v).naive(), dt(2026, 10, day, 0, 0, 0, 0), "{v}");
        let v = format!("{}, {day:02} October 2026", &name[..3]);
        assert_eq!(ok(&f, &v).naive(), dt(2026, 10, day, 0, 0, 0, 0), "{v}");
    }
    assert_eq!(ok(&pat("%a %m/%d/%Y"), "Tues 10/06/2026").naive().day(), 6);
    let wrong = pat("%a %m/%d/%Y").parse("Fri 10/01/2026");
    assert_eq!(wrong, Err(TimeError::Weekday { day: 20727 }));
    assert_eq!(
        wrong.unwrap_err().to_string(),
        "the day of the week is not the date's: 2026-10-01 is a Thursday"
    );
    assert_eq!(f.parse("Mon, 31 Foo 2026"), Err(TimeError::Format));
    assert_eq!(f.parse("Xyz, 05 October 2026"), Err(TimeError::Format));
    // day numbers: %u Monday 1 … Sunday 7, %w Sunday 0 … Saturday 6
    let u = pat("%Y-%m-%d %u");
    assert_eq!(ok(&u, "2026-10-04 7").naive().day(), 4);
    assert_eq!(ok(&u, "2026-10-05 1").naive().day(), 5);
    assert_eq!(
        u.parse("2026-10-05 2"),
        Err(TimeError::Weekday { day: 20731 })
    );
    assert_eq!(u.parse("2026-10-05 0"), Err(TimeError::OutOfRange));
    let w = pat("%Y-%m-%d %w");
    assert_eq!(ok(&w, "2026-10-04 0").naive().day(), 4);
    assert_eq!(ok(&w, "2026-10-10 6").naive().day(), 10);
    assert_eq!(w.parse("2026-10-10 7"), Err(TimeError::OutOfRange));
}

#[test]
fn token_day_of_year() {
    let f = pat("%Y-%j %H:%M");
    assert_eq!(ok(&f, "2026-001 00:00").naive(), dt(2026, 1, 1, 0, 0, 0, 0));
    assert_eq!(ok(&f, "2026-32 08:15").naive(), dt(2026, 2, 1, 8, 15, 0, 0));
    assert_eq!(
        ok(&f, "2026-304 23:30").naive(),
        dt(2026, 10, 31, 23, 30, 0, 0)
    );
    assert_eq!(
        ok(&f, "2026-365 12:00").naive(),
        dt(2026, 12, 31, 12, 0, 0, 0)
    );
    assert_eq!(
        ok(&f, "2024-366 12:00").naive(),
        dt(2024, 12, 31, 12, 0, 0, 0)
    );
    assert_eq!(
        ok(&f, "2024-060 12:00").naive(),
        dt(2024, 2, 29, 12, 0, 0, 0)
    );
    assert_eq!(f.parse("2026-366 12:00"), Err(TimeError::OutOfRange));
    assert_eq!(f.parse("2026-000 12:00"), Err(TimeError::OutOfRange));
    assert_eq!(f.parse("2026-1000 12:00"), Err(TimeError::Format));
    assert_eq!(
        TimeFormat::parse_spec("%Y-%m-%j").unwrap_err().to_string(),
        "pattern `%Y-%m-%j` gives the day of the year (%j) and a month or day; use one of them"
    );
    assert_eq!(
        TimeFormat::parse_spec("%Y %a %u").unwrap_err().to_string(),
        "pattern `%Y %a %u` gives the day of the week twice"
    );
}

#[test]
fn token_padding_flags_and_composites() {
    // %e, %k, %l and the `_` flag: a space may pad; `-` and `0` read 1 or 2 digits
    let f = pat("%Y-%m-%e %k:%M");
    assert_eq!(
        ok(&f, "2026-10- 3  9:05").naive(),
        dt(2026, 10, 3, 9, 5, 0, 0)
    );
    assert_eq!(
        ok(&f, "2026-10-03 09:05").naive(),
        dt(2026, 10, 3, 9, 5, 0, 0)
    );
    let f = pat("%Y-%_m-%-d %l:%0M %p");
    assert_eq!(
        ok(&f, "2026- 1-3  9:05 pm").naive(),
        dt(2026, 1, 3, 21, 5, 0, 0)
    );
    // composites as chrono writes them out
    for (spec, value, want) in [
        (
            "%F %T",
            "2026-10-31 23:30:05",
            dt(2026, 10, 31, 23, 30, 5, 0),
        ),
        ("%D %R", "10/31/26 23:30", dt(2026, 10, 31, 23, 30, 0, 0)),
        ("%x %X", "10/31/26 23:30:05", dt(2026, 10, 31, 23, 30, 5, 0)),
        (
            "%F %r",
            "2026-10-31 11:30:05 PM",
            dt(2026, 10, 31, 23, 30, 5, 0),
        ),
        ("%v", "31-Oct-2026", dt(2026, 10, 31, 0, 0, 0, 0)),
        (
            "%c",
            "Sat Oct 31 23:30:05 2026",
            dt(2026, 10, 31, 23, 30, 5, 0),
        ),
        (
            "%c",
            "Thu Oct  1 09:03:00 2026",
            dt(2026, 10, 1, 9, 3, 0, 0),
        ),
        (
            "%Y%m%d%n%H%M",
            "20261031 2330",
            dt(2026, 10, 31, 23, 30, 0, 0),
        ),
        (
            "%Y%m%d%t%H%M",
            "20261031\t2330",
            dt(2026, 10, 31, 23, 30, 0, 0),
        ),
        (
            "%F %T.%3f",
            "2026-10-31 23:30:05.083",
            dt(2026, 10, 31, 23, 30, 5, 83_000_000),
        ),
        (
            "%F %T%.6f",
            "2026-10-31 23:30:05.000001",
            dt(2026, 10, 31, 23, 30, 5, 1_000),
        ),
        (
            "%F %T%.f",
            "2026-10-31 23:30:05",
            dt(2026, 10, 31, 23, 30, 5, 0),
        ),
    ] {
        assert_eq!(ok(&pat(spec), value).naive(), want, "{spec} {value}");
    }
    // `%%F` is a literal `%F`, not a date
    assert_eq!(ok(&pat("%%F %d.%m.%Y"), "%F 31.10.2026").naive().day(), 31);
    // %#z: the minutes may be missing
    let f = pat("%F %H:%M %#z");
    assert_eq!(ok(&f, "2026-10-31 23:30 +02").offset_s, Some(7200));
    assert_eq!(ok(&f, "2026-10-31 23:30 -05:30").offset_s, Some(-19800));
    for bad in ["%s", "%+", "%U", "%C", "%_Q", "%#Q"] {
        assert!(
            TimeFormat::parse_spec(&format!("%F {bad}"))
                .unwrap_err()
                .to_string()
                .starts_with(&format!("unsupported specifier `{bad}`")),
            "{bad}"
        );
    }
}

/// Every abbreviation of the `%Z` table at its offset; unknown and ambiguous ones are
/// rejects that say so.
#[test]
fn token_zone_abbreviations() {
    let f = pat("%F %H:%M %Z");
    let table = [
        ("UTC", 0),
        ("GMT", 0),
        ("Z", 0),
        ("CET", 60),
        ("CEST", 120),
        ("EET", 120),
        ("EEST", 180),
        ("WET", 0),
        ("WEST", 60),
        ("BST", 60),
        ("EST", -300),
        ("EDT", -240),
        ("CST", -360),
        ("CDT", -300),
        ("MST", -420),
        ("MDT", -360),
        ("PST", -480),
        ("PDT", -420),
    ];
    for (z, minutes) in table {
        for spelled in [z.to_string(), z.to_lowercase()] {
            let p = ok(&f, &format!("2026-10-31 12:00 {spelled}"));
            assert_eq!(p.offset_s, Some(minutes * 60), "{spelled}");
        }
    }
    for (z, minutes) in super::pattern::ZONES {
        assert_eq!(
            ok(&f, &format!("2026-10-31 12:00 {z}")).offset_s,
            Some(minutes * 60),
            "{z}"
        );
    }
    // 12:00 PDT is 19:00 UTC
    assert_eq!(
        utc(&f, "2026-10-31 12:00 PDT"),
        dt(2026, 10, 31, 19, 0, 0, 0)
    );
    assert_eq!(f.parse("2026-10-31 12:00 XYZ"), Err(TimeError::UnknownZone));
    assert_eq!(
        TimeError::UnknownZone.to_string(),
        "unknown time zone abbreviation; known: UTC UT GMT Z WET WEST BST CET CEST EET EEST MSK ADT EST EDT CST CDT MST MDT PST PDT AKST AKDT HST JST AEST AEDT NZST NZDT; for another zone give the offset (`%z`) or the zone (`zone = \"…\"`)"
    );
    assert_eq!(
        f.parse("2026-10-31 12:00 AST"),
        Err(TimeError::AmbiguousZone(1))
    );
    assert_eq!(
        f.parse("2026-10-31 12:00 IST").unwrap_err().to_string(),
        "ambiguous time zone abbreviation: `IST` is India (+05:30), Ireland (+01:00) or Israel (+02:00); give the offset (`%z`) or the zone (`zone = \"…\"`)"
    );
    assert_eq!(f.parse("2026-10-31 12:00 "), Err(TimeError::Format));
}

/// The values of real exports (EXPORT-LAYOUTS.md), each with a format that reads it, at
/// the exact instant.
#[test]
fn real_export_values() {
    // RingCentral: `Date` + `Time` joined with a space, the account's zone (none here)
    let f = pat("%a %m/%d/%Y %I:%M %p");
    let p = ok(&f, "Thu 10/01/2026 9:03 AM");
    assert_eq!((p.naive(), p.offset_s), (dt(2026, 10, 1, 9, 3, 0, 0), None));
    assert_eq!(
        ok(&f, "Thu 10/01/2026 9:03 p.m.").naive(),
        dt(2026, 10, 1, 21, 3, 0, 0)
    );
    assert_eq!(
        ok(&f, "Thu 10/01/2026 12:15 am").naive(),
        dt(2026, 10, 1, 0, 15, 0, 0)
    );
    assert_eq!(
        f.parse("Fri 10/01/2026 9:03 AM"),
        Err(TimeError::Weekday { day: 20727 })
    );
    // LinkedIn: invitations (no zone), connections, messages (UTC)
    let p = ok(&pat("%m/%d/%y, %I:%M %p"), "1/29/26, 2:37 PM");
    assert_eq!(
        (p.naive(), p.offset_s),
        (dt(2026, 1, 29, 14, 37, 0, 0), None)
    );
    assert_eq!(
        ok(&pat("%d %b %Y"), "08 Feb 2026").naive(),
        dt(2026, 2, 8, 0, 0, 0, 0)
    );
    let want = dt(2025, 6, 1, 14, 3, 22, 0);
    assert_eq!(
        utc(&pat("%Y-%m-%d %H:%M:%S %Z"), "2025-06-01 14:03:22 UTC"),
        want
    );
    assert_eq!(utc(&TimeFormat::Iso8601, "2025-06-01 14:03:22 UTC"), want);
    // Aircall `datetime (utc)`: milliseconds optional in the same column
    for f in [pat("%Y-%m-%d %H:%M:%S%.f"), TimeFormat::Iso8601] {
        let a = ok(&f, "2025-12-04 07:57:14.083").naive();
        assert_eq!(a, dt(2025, 12, 4, 7, 57, 14, 83_000_000));
        assert_eq!(
            ok(&f, "2025-12-04 07:57:14").naive(),
            dt(2025, 12, 4, 7, 57, 14, 0)
        );
    }
    // Salesloft and Salesforce: ISO 8601 with a fraction and `+00:00` or `Z`
    let want = dt(2025, 1, 1, 0, 0, 0, 0);
    assert_eq!(
        utc(&TimeFormat::Iso8601, "2025-01-01T00:00:00.000000+00:00"),
        want
    );
    assert_eq!(
        utc(
            &pat("%Y-%m-%dT%H:%M:%S%.f%:z"),
            "2025-01-01T00:00:00.000000+00:00"
        ),
        want
    );
    let sf = dt(2026, 10, 31, 3, 30, 45, 0);
    assert_eq!(utc(&TimeFormat::Iso8601, "2026-10-31T03:30:45.000Z"), sf);
    // Twilio: RFC 2822 (2026-10-01 is a Thursday; a `Tue` there contradicts the date)
    let f = pat("%a, %d %b %Y %H:%M:%S %z");
    let t = utc(&f, "Thu, 01 Oct 2026 09:03:00 +0000");
    assert_eq!(t, dt(2026, 10, 1, 9, 3, 0, 0));
    assert_eq!(utc(&f, "Thu, 01 Oct 2026 11:03:00 +0200"), t);
    assert_eq!(
        f.parse("Tue, 01 Oct 2026 09:03:00 +0000"),
        Err(TimeError::Weekday { day: 20727 })
    );
    // a zone abbreviation after a 12-hour time
    let f = pat("%b %e, %Y %l:%M %p %Z");
    assert_eq!(
        utc(&f, "Oct  1, 2026  9:03 AM EDT"),
        dt(2026, 10, 1, 13, 3, 0, 0)
    );
    assert_eq!(
        utc(&f, "Dec 1, 2026 9:03 a.m. CET"),
        dt(2026, 12, 1, 8, 3, 0, 0)
    );
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
const ROUND_TRIP_PATTERNS: [(&str, bool, bool, bool); 18] = [
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
    ("%a %m/%d/%Y %I:%M %p", true, false, false),
    ("%A, %d %B %Y %H:%M:%S", true, true, false),
    ("%Y-%j %H:%M", true, false, false),
    ("%c", true, true, false),
    ("%F %k:%M %u", true, false, false),
    ("%m/%d/%Y %l:%M:%S %p %w", true, true, false),
];
proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

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
        spec in "(%[YymdeHIMSfpbBzZ%jaAuwklFDTRrvcnt]|%[-_0#][dmHzj]|%\\.f|[ .:/,T-]){1,12}",
        value in "[0-9 .:/,TAPMapmJanOctUTCZ+-]{0,20}(Thu|Fri|CEST|IST|XYZ)?[0-9 :]{0,6}",
    ) {
        if let Ok(f) = TimeFormat::parse_spec(&spec) {
            let _ = f.parse(&value);
            let _ = f.describe();
        }
    }
}
