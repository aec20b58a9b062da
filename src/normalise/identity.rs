//! Rep identities as exports write them → the form the roster matches: e-mail
//! addresses ([`norm_email`]), names ([`norm_name`]), phone extensions
//! ([`norm_extension`]), profile URLs or handles ([`norm_handle`]); and the
//! case-insensitive equality of counting rules ([`eq_fold`]).
//!
//! The normalisers borrow unless they must change the text (the success path of most
//! cells allocates nothing); `eq_fold` tries exact equality first (benches/RESULTS.md,
//! "Second session", item 7: `eq_fold` was 4 % of instructions).

use std::borrow::Cow;

use percent_encoding::percent_decode_str;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc, is_nfc_quick};

use super::trim::nothing_to_trim;

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
pub(crate) fn norm_email(s: &str) -> Cow<'_, str> {
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
pub(crate) fn norm_name(s: &str) -> Cow<'_, str> {
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
pub(crate) fn norm_extension(s: &str) -> Cow<'_, str> {
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

/// Profile URL or handle → lowercase handle. LinkedIn: the path segment after `/in/`, `/pub/`,
/// `/sales/people/` or `/people/`; Twitter / X and other hosts: the first path segment; a bare
/// handle loses its `@`. Query and fragment are dropped, `%XX` is decoded (UTF-8).
pub(crate) fn norm_handle(s: &str) -> Cow<'_, str> {
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
        // `%XX` → byte; anything else (`%zz`, a lone `%`) stays; not UTF-8 → U+FFFD
        let decoded = percent_decode_str(handle).decode_utf8_lossy();
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
///
/// Runs for every rule value on every row: exact equality first, then the ASCII path
/// without trimming when there is nothing to trim (benches/RESULTS.md, "Second session",
/// item 7: `eq_fold` was 4 % of instructions).
pub(crate) fn eq_fold(a: &str, b: &str) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn prop_identity_parsers_never_panic(s in ".{0,40}", t in "[0-9 .,:'$€£złPLNUSD\u{a0}\u{202f}+\\-%@/<>]{0,30}") {
            for x in [&s, &t] {
                let _ = norm_email(x);
                let _ = norm_name(x);
                let _ = norm_extension(x);
                let _ = norm_handle(x);
                let _ = eq_fold(x, &s);
            }
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
