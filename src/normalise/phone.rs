//! Phone numbers as tools write them → one form, the E.164 digits without `+`
//! (`+48 220 168 272`, `0220 168 272` with country PL and `0048220168272` are all
//! `48220168272`), for cross-tool de-duplication (`count::cross_dedup`).
//!
//! Hand-written rather than the `phonenumber` crate (libphonenumber's metadata): the
//! match needs only the calling code, the trunk prefix(es), the international prefix
//! and the national number's length of the countries in play, not validation or
//! formatting. Measured (December 2026, phonenumber 0.3.10, release): its build script
//! parses 15 MB of XML (62 s of CPU, one job, with the 41 crates it pulls in), its first
//! parse loads the metadata (250 ms), then 5.4 µs per number, allocating; and it reads
//! `0220 168 272` with PL as `+480220168272`, which does not meet `+48 220 168 272`
//! (Poland has no trunk prefix officially). This runs in about 0.1 µs, on the stack
//! ([`Phone`]), once per row of a source with a counterpart. The numbers are compared,
//! never shown, so a number this misreads only fails to match (and the run warns when
//! two sources never match).
//!
//! The rules, for a value that has no `+`:
//! 1. it starts with the country's international prefix (`011` in the US and Canada,
//!    `0011` in Australia) or `00` (no national number starts with `00`): the rest is
//!    the international number;
//! 2. it starts with a trunk prefix (`0` in most of Europe, `1` in the US, `06` in
//!    Hungary) and the rest has a national number's length: calling code + the rest;
//! 3. it starts with the calling code and the rest has a national number's length (a
//!    tool that writes E.164 without the `+`): as it is, unless the whole has a national
//!    length itself in a country without a trunk prefix (there, rule 4);
//! 4. it has a national number's length: calling code + it;
//! 5. anything else: the digits as written.
//!
//! Without a country only rule 1 with `00` applies (the behaviour before countries).

/// What cross-tool matching needs of a country's numbering plan.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Country {
    /// ISO 3166 alpha-2 code, upper case.
    pub(crate) iso: &'static str,
    /// Calling code digits.
    cc: &'static str,
    /// Trunk (national) prefixes written before a national number; Poland has none
    /// officially, but `0220 168 272` is still written (no Polish number starts with 0).
    trunk: &'static [&'static str],
    /// Shortest and longest national significant number.
    nsn: (usize, usize),
    /// The international call prefix dialled from the country.
    idd: &'static str,
}

const fn c(
    iso: &'static str,
    cc: &'static str,
    trunk: &'static [&'static str],
    nsn: (usize, usize),
    idd: &'static str,
) -> Country {
    Country {
        iso,
        cc,
        trunk,
        nsn,
        idd,
    }
}

/// The supported countries, by ISO code.
pub(crate) const COUNTRIES: &[Country] = &[
    c("AT", "43", &["0"], (4, 13), "00"),
    c("AU", "61", &["0"], (9, 9), "0011"),
    c("BE", "32", &["0"], (8, 9), "00"),
    c("BR", "55", &["0"], (10, 11), "00"),
    c("CA", "1", &["1"], (10, 10), "011"),
    c("CH", "41", &["0"], (9, 9), "00"),
    c("CZ", "420", &[], (9, 9), "00"),
    c("DE", "49", &["0"], (6, 13), "00"),
    c("DK", "45", &[], (8, 8), "00"),
    c("EE", "372", &[], (7, 8), "00"),
    c("ES", "34", &[], (9, 9), "00"),
    c("FI", "358", &["0"], (5, 12), "00"),
    c("FR", "33", &["0"], (9, 9), "00"),
    c("GB", "44", &["0"], (9, 10), "00"),
    c("HU", "36", &["06"], (8, 9), "00"),
    c("IE", "353", &["0"], (7, 9), "00"),
    c("IN", "91", &["0"], (10, 10), "00"),
    c("IT", "39", &[], (6, 11), "00"),
    c("LT", "370", &["0", "8"], (8, 8), "00"),
    c("LU", "352", &[], (4, 11), "00"),
    c("LV", "371", &[], (8, 8), "00"),
    c("MX", "52", &[], (10, 10), "00"),
    c("NL", "31", &["0"], (9, 9), "00"),
    c("NO", "47", &[], (8, 8), "00"),
    c("PL", "48", &["0"], (9, 9), "00"),
    c("PT", "351", &[], (9, 9), "00"),
    c("RO", "40", &["0"], (9, 9), "00"),
    c("SE", "46", &["0"], (7, 9), "00"),
    c("SK", "421", &["0"], (9, 9), "00"),
    c("UA", "380", &["0"], (9, 9), "00"),
    c("US", "1", &["1"], (10, 10), "011"),
];

impl Country {
    /// The country of an ISO 3166 alpha-2 code (any case), if supported.
    pub(crate) fn of(iso: &str) -> Option<&'static Country> {
        COUNTRIES
            .iter()
            .find(|c| c.iso.eq_ignore_ascii_case(iso.trim()))
    }

    /// The supported codes, `AT, AU, …` (for messages).
    pub(crate) fn list() -> String {
        COUNTRIES
            .iter()
            .map(|c| c.iso)
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn national(&self, len: usize) -> bool {
        self.nsn.0 <= len && len <= self.nsn.1
    }
}

/// Most digits a phone value may have (E.164 has at most 15; extensions and
/// separators written as digits leave room); more is not a phone number.
const MAX_DIGITS: usize = 32;

/// A normalised phone number, on the stack.
#[derive(Clone, Copy)]
pub(crate) struct Phone {
    buf: [u8; MAX_DIGITS + 3],
    len: usize,
}

impl Phone {
    /// The digits.
    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(self.buf.get(..self.len).unwrap_or_default()).unwrap_or_default()
    }
}

/// The number in `raw` (its digits; a leading `+` marks it international), in E.164
/// digits as far as `country` tells (module docs); `None` with fewer than 5 digits
/// (extensions, `anonymous`; counted without an international prefix) or more than 32.
pub(crate) fn normalise(raw: &str, country: Option<&Country>) -> Option<Phone> {
    let mut digits = [0u8; MAX_DIGITS];
    let mut n = 0;
    for b in raw.bytes().filter(u8::is_ascii_digit) {
        *digits.get_mut(n)? = b;
        n += 1;
    }
    if n < 5 {
        return None;
    }
    let d = &digits[..n];
    let plus = raw.trim_start().starts_with('+');
    let (head, body): (&str, &[u8]) = match country {
        _ if plus => ("", d),
        None => ("", d.strip_prefix(b"00").unwrap_or(d)),
        Some(c) => national(c, d),
    };
    let len = head.len() + body.len();
    if len < 5 {
        return None;
    }
    let mut out = Phone {
        buf: [0; MAX_DIGITS + 3],
        len,
    };
    out.buf
        .get_mut(..head.len())?
        .copy_from_slice(head.as_bytes());
    out.buf.get_mut(head.len()..out.len)?.copy_from_slice(body);
    Some(out)
}

/// Rules 1–5 of the module docs: what to put before the digits `d`, and which of them.
fn national<'d>(c: &Country, d: &'d [u8]) -> (&'static str, &'d [u8]) {
    if let Some(rest) = d
        .strip_prefix(c.idd.as_bytes())
        .or_else(|| d.strip_prefix(b"00"))
    {
        return ("", rest);
    }
    for t in c.trunk {
        if let Some(rest) = d.strip_prefix(t.as_bytes())
            && c.national(rest.len())
        {
            return (c.cc, rest);
        }
    }
    if d.starts_with(c.cc.as_bytes())
        && c.national(d.len() - c.cc.len())
        && (!c.trunk.is_empty() || !c.national(d.len()))
    {
        return ("", d);
    }
    if c.national(d.len()) {
        return (c.cc, d);
    }
    ("", d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn e164(raw: &str, iso: Option<&str>) -> Option<String> {
        let c = iso.map(|i| Country::of(i).unwrap());
        normalise(raw, c).map(|p| p.as_str().to_string())
    }

    #[test]
    fn the_issue_s_numbers_meet() {
        let pl = Some("PL");
        for v in [
            "0220 168 272",
            "+48 220 168 272",
            "220168272",
            "0048220168272",
            "48220168272",
            "(+48) 220-168-272",
        ] {
            assert_eq!(e164(v, pl).as_deref(), Some("48220168272"), "{v}");
        }
        let us = Some("US");
        for v in [
            "(212) 555-0142",
            "212.555.0142",
            "1 212 555 0142",
            "+1 212 555 0142",
            "011 1 212 555 0142",
            "12125550142",
        ] {
            assert_eq!(e164(v, us).as_deref(), Some("12125550142"), "{v}");
        }
        // a foreign number written for a US rep stays foreign
        assert_eq!(e164("+48 600 000 001", us).as_deref(), Some("48600000001"));
        assert_eq!(e164("0048 600 000 001", us).as_deref(), Some("48600000001"));
        assert_eq!(
            e164("011 48 600 000 001", us).as_deref(),
            Some("48600000001")
        );
    }

    #[test]
    fn trunk_prefixes_and_lengths() {
        assert_eq!(
            e164("020 7946 0000", Some("GB")).as_deref(),
            Some("442079460000")
        );
        assert_eq!(
            e164("442079460000", Some("GB")).as_deref(),
            Some("442079460000")
        );
        assert_eq!(
            e164("030 1234567", Some("DE")).as_deref(),
            Some("49301234567")
        );
        assert_eq!(
            e164("06 1 234 5678", Some("HU")).as_deref(),
            Some("3612345678")
        );
        // Italy keeps its leading 0 after +39
        assert_eq!(
            e164("06 1234 5678", Some("IT")).as_deref(),
            Some("390612345678")
        );
        assert_eq!(
            e164("0011 61 2 9999 0000", Some("AU")).as_deref(),
            Some("61299990000")
        );
        assert_eq!(
            e164("02 9999 0000", Some("AU")).as_deref(),
            Some("61299990000")
        );
        // unknown shape: as written
        assert_eq!(e164("12 34 56", Some("PL")).as_deref(), Some("123456"));
    }

    #[test]
    fn without_a_country_as_before() {
        assert_eq!(
            e164("+48 600 000 001", None).as_deref(),
            Some("48600000001")
        );
        assert_eq!(e164("0048600000001", None).as_deref(), Some("48600000001"));
        assert_eq!(e164("0220 168 272", None).as_deref(), Some("0220168272"));
        assert_eq!(e164("101", None), None);
        assert_eq!(e164("00000", None), None);
        assert_eq!(e164("anonymous", Some("PL")), None);
        assert_eq!(e164(&"1".repeat(33), Some("PL")), None);
        assert_eq!(e164(&"1".repeat(32), None).map(|s| s.len()), Some(32));
    }

    #[test]
    fn countries_are_found_by_code() {
        assert_eq!(Country::of("pl").map(|c| c.iso), Some("PL"));
        assert_eq!(Country::of("XX"), None);
        assert!(Country::list().starts_with("AT, AU, BE,"));
        let listed: Vec<_> = COUNTRIES.iter().map(|c| c.iso).collect();
        let mut isos = listed.clone();
        isos.sort_unstable();
        assert_eq!(isos, listed);
        isos.dedup();
        assert_eq!(isos.len(), COUNTRIES.len(), "one entry per country, sorted");
    }

    proptest! {
        #[test]
        fn prop_never_panics_and_plus_wins(s in "[0-9 +()\\-.a-z]{0,40}", i in 0usize..31) {
            let c = COUNTRIES.get(i);
            if let Some(p) = normalise(&s, c) {
                prop_assert!(p.as_str().bytes().all(|b| b.is_ascii_digit()));
                let plus = format!("+{}", p.as_str());
                prop_assert_eq!(normalise(&plus, c).map(|q| q.as_str().to_string()), Some(p.as_str().to_string()));
            }
        }
    }
}
