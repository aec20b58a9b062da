//! Property tests of the splitters against csv_core, and their known cases.

use super::*;
use csv_core::{ReadRecordResult, ReaderBuilder};
use proptest::prelude::*;

/// 1 to 7 fields for [`csv_line`], quoted or not, of up to `max` bytes of `alphabet`.
fn csv_fields(alphabet: &'static [u8], max: usize) -> impl Strategy<Value = Vec<(bool, Vec<u8>)>> {
    let field = prop::collection::vec(prop::sample::select(alphabet.to_vec()), 0..max);
    prop::collection::vec((any::<bool>(), field), 1..8)
}

/// A CSV line of `fields` (quoted or not: an unquoted field loses its delimiters and
/// quotes, a quoted one has each `"` doubled), and the values it holds.
fn csv_line(fields: &[(bool, Vec<u8>)], delimiter: u8) -> (Vec<u8>, Vec<Vec<u8>>) {
    let mut line = Vec::new();
    let mut want = Vec::new();
    for (i, (quoted, text)) in fields.iter().enumerate() {
        if i > 0 {
            line.push(delimiter);
        }
        let text: Vec<u8> = if *quoted {
            text.clone()
        } else {
            text.iter()
                .copied()
                .filter(|&c| c != delimiter && c != b'"')
                .collect()
        };
        if *quoted {
            line.push(b'"');
            for &c in &text {
                line.push(c);
                if c == b'"' {
                    line.push(b'"');
                }
            }
            line.push(b'"');
        } else {
            line.extend_from_slice(&text);
        }
        want.push(text);
    }
    (line, want)
}

/// Fields of `line` as csv_core reads them (the reference for the fast splitters).
fn csv_core_fields(line: &[u8], delimiter: u8) -> Vec<Vec<u8>> {
    let mut rdr = ReaderBuilder::new().delimiter(delimiter).build();
    let (mut out, mut ends) = (vec![0u8; 4 * line.len() + 16], vec![0usize; line.len() + 2]);
    let (res, _, nout, nend) = rdr.read_record(line, &mut out, &mut ends);
    let (res, nend) = if res == ReadRecordResult::InputEmpty {
        let (r, _, _, n2) = rdr.read_record(&[], &mut out[nout..], &mut ends[nend..]);
        (r, nend + n2)
    } else {
        (res, nend)
    };
    assert_eq!(res, ReadRecordResult::Record, "{line:?}");
    let mut start = 0;
    ends[..nend]
        .iter()
        .map(|&e| {
            let f = out[start..e].to_vec();
            start = e;
            f
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    /// Whenever the quoted-line splitter takes a line, it reads the same fields as
    /// csv_core.
    #[test]
    fn split_quoted_agrees_with_csv_core(
        line in prop::collection::vec(
            prop::sample::select(b"ab,;\"\" x\r\t1".to_vec()), 1..40),
        semicolon in any::<bool>(),
    ) {
        let delimiter = if semicolon { b';' } else { b',' };
        let (mut bounds, mut scratch) = (Vec::new(), Vec::new());
        if let Some(unescaped) = split_quoted(&line, delimiter, &mut bounds, &mut scratch) {
            let base: &[u8] = if unescaped { &scratch } else { &line };
            let fast: Vec<Vec<u8>> =
                bounds.iter().map(|&(s, e)| base[s..e].to_vec()).collect();
            prop_assert_eq!(fast, csv_core_fields(&line, delimiter));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    /// Well-formed lines (plain and quoted fields, `""` inside quotes) are always taken
    /// by the fast splitter, and read as csv_core reads them.
    #[test]
    fn split_quoted_takes_well_formed_lines(
        fields in csv_fields(b"ab,; x1\"", 8),
    ) {
        let (line, want) = csv_line(&fields, b',');
        if !line.contains(&b'"') {
            return Ok(()); // no quote: the one-pass splitter takes such lines
        }
        let (mut bounds, mut scratch) = (Vec::new(), Vec::new());
        let taken = split_quoted(&line, b',', &mut bounds, &mut scratch);
        prop_assert!(taken.is_some(), "{:?}", String::from_utf8_lossy(&line));
        let base: &[u8] = if taken == Some(true) { &scratch } else { &line };
        let fast: Vec<Vec<u8>> = bounds.iter().map(|&(s, e)| base[s..e].to_vec()).collect();
        prop_assert_eq!(&fast, &want);
        prop_assert_eq!(fast, csv_core_fields(&line, b','));
    }
}

/// The one-pass splitter's implementations (x86_64 only), against csv_core.
#[cfg(target_arch = "x86_64")]
mod split_line {
    use super::super::*;
    use super::csv_core_fields;
    use proptest::prelude::*;

    /// An implementation of [`split_line`].
    type SplitFn =
        unsafe fn(&[u8], usize, u8, &mut Vec<(usize, usize)>, &mut Vec<u8>) -> Option<SplitLine>;

    /// The fields [`split_line`] read, when it takes the line at `p` (the same with
    /// every implementation this CPU can run).
    fn split_line_fields(
        bytes: &[u8],
        p: usize,
        delimiter: u8,
    ) -> Option<(SplitLine, Vec<Vec<u8>>)> {
        let run = |f: SplitFn| {
            let (mut bounds, mut scratch) = (Vec::new(), Vec::new());
            // SAFETY: only the implementations this CPU has are run
            let l = unsafe { f(bytes, p, delimiter, &mut bounds, &mut scratch) }?;
            let base: &[u8] = if l.escaped {
                &scratch
            } else {
                &bytes[p..p + l.len]
            };
            let fields: Vec<Vec<u8>> = bounds.iter().map(|&(s, e)| base[s..e].to_vec()).collect();
            Some((l, fields))
        };
        let sse2 = run(split_line_sse2);
        if std::arch::is_x86_feature_detected!("avx2") {
            let avx2 = run(split_line_avx2);
            // the wider blocks need 32 bytes after the line, not 16
            let near_end = sse2
                .as_ref()
                .is_some_and(|(l, _)| p + l.nl + 32 > bytes.len());
            if !near_end {
                assert_eq!(format!("{avx2:?}"), format!("{sse2:?}"), "{bytes:?} at {p}");
            }
        }
        sse2
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(8192))]

        /// Whenever the one-pass splitter takes a line, the line ends in `\n` or `\r\n`,
        /// holds no other line break or CR, and its fields are csv_core's.
        #[test]
        fn split_line_agrees_with_csv_core(
            bytes in prop::collection::vec(
                prop::sample::select(b"aaaa,;;\"\"\r\n\nx ".to_vec()), 0..120),
            start in 0usize..40,
            semicolon in any::<bool>(),
        ) {
            let delimiter = if semicolon { b';' } else { b',' };
            let p = start.min(bytes.len());
            if let Some((l, fields)) = split_line_fields(&bytes, p, delimiter) {
                prop_assert_eq!(bytes.get(p + l.nl), Some(&b'\n'));
                prop_assert!(l.nl == l.len || (l.nl == l.len + 1 && bytes[p + l.len] == b'\r'));
                let line = &bytes[p..p + l.len];
                prop_assert!(!line.iter().any(|c| matches!(c, b'\n' | b'\r')));
                prop_assert_eq!(fields, csv_core_fields(&bytes[p..=p + l.nl], delimiter));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(8192))]

        /// Well-formed lines (plain and quoted fields, `""` inside quotes, LF or CRLF) are
        /// always taken when a block (32 bytes) follows them, and read as csv_core reads them.
        #[test]
        fn split_line_takes_well_formed_lines(
            fields in super::csv_fields(b"ab;, x1\"\t", 24),
            crlf in any::<bool>(),
            semicolon in any::<bool>(),
        ) {
            let delimiter = if semicolon { b';' } else { b',' };
            let (mut line, want) = super::csv_line(&fields, delimiter);
            if line.is_empty() {
                return Ok(()); // a blank line: the general path's
            }
            let len = line.len();
            line.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
            let record = line.clone();
            line.extend_from_slice(b"next,line,after,this,one,and,some,more,to,read\n");
            let taken = split_line_fields(&line, 0, delimiter);
            prop_assert!(taken.is_some(), "{:?}", String::from_utf8_lossy(&line));
            let (l, fast) = taken.unwrap_or((SplitLine { nl: 0, len: 0, escaped: false }, Vec::new()));
            prop_assert_eq!(l.len, len);
            prop_assert_eq!(l.nl, record.len() - 1);
            prop_assert_eq!(&fast, &want);
            prop_assert_eq!(fast, csv_core_fields(&record, delimiter));
        }
    }

    #[test]
    fn split_line_cases() {
        let tail = b"padding padding padding padding padding padding\n";
        let case = |line: &[u8]| {
            let mut b = line.to_vec();
            b.extend_from_slice(tail);
            split_line_fields(&b, 0, b',').map(|(l, f)| {
                let f: Vec<String> = f
                    .iter()
                    .map(|x| String::from_utf8_lossy(x).into())
                    .collect();
                (l.nl, l.len, l.escaped, f)
            })
        };
        let v = |f: &[&str]| f.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(case(b"a,b,c\n"), Some((5, 5, false, v(&["a", "b", "c"]))));
        assert_eq!(case(b"a,b,c\r\n"), Some((6, 5, false, v(&["a", "b", "c"]))));
        assert_eq!(case(b"a,,\n"), Some((3, 3, false, v(&["a", "", ""]))));
        assert_eq!(
            case(b"1,\"x, y\",2\n"),
            Some((10, 10, false, v(&["1", "x, y", "2"])))
        );
        assert_eq!(
            case(b"\"Your \"\"free trial\"\", explained\",opened\n"),
            Some((
                39,
                39,
                true,
                v(&["Your \"free trial\", explained", "opened"])
            ))
        );
        assert_eq!(case(b"\"\",\"\"\r\n"), Some((6, 5, false, v(&["", ""]))));
        assert_eq!(case(b"a,\"b\"\n"), Some((5, 5, false, v(&["a", "b"]))));
        assert_eq!(case(b"a,\"b\",\n"), Some((6, 6, false, v(&["a", "b", ""]))));
        // csv_core's: a quote inside a field, text after a closing quote, a bare CR,
        // a line break or CR inside quotes
        assert_eq!(case(b"a,b\"c\n"), None);
        assert_eq!(case(b"a,\"b\"c\n"), None);
        assert_eq!(case(b"a\rb\n"), None);
        assert_eq!(case(b"a,\"b\nc\"\n"), None);
        assert_eq!(case(b"a,\"b\rc\"\n"), None);
        // too near the chunk's end to load a block
        assert!(split_line_fields(b"a,b\n", 0, b',').is_none());
    }
}

#[test]
fn split_quoted_cases() {
    let split = |l: &[u8]| {
        let (mut b, mut s) = (Vec::new(), Vec::new());
        split_quoted(l, b',', &mut b, &mut s).map(|u| {
            let base: &[u8] = if u { &s } else { l };
            b.iter()
                .map(|&(x, y)| String::from_utf8_lossy(&base[x..y]).into_owned())
                .collect::<Vec<_>>()
        })
    };
    assert_eq!(
        split(br#"1,"a, b","Your ""free trial"", explained",x"#),
        Some(vec![
            "1".into(),
            "a, b".into(),
            r#"Your "free trial", explained"#.into(),
            "x".into()
        ])
    );
    assert_eq!(
        split(br#""",a,"#),
        Some(vec!["".into(), "a".into(), "".into()])
    );
    // csv_core's own business: text after a closing quote, a quote inside an
    // unquoted field, an unclosed quote (a field running on to the next line), CR
    assert_eq!(split(br#""a"b,c"#), None);
    assert_eq!(split(br#"a"b,c"#), None);
    assert_eq!(split(br#"1,"open"#), None);
    assert_eq!(split(b"1,\"a\"\r2"), None);
}
