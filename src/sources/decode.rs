//! Bytes → UTF-8 text: BOMs, legacy encodings, delimiter sniffing.

use std::io::Read;

use encoding_rs::{Encoding, UTF_8};
use encoding_rs_io::DecodeReaderBytesBuilder;

/// The encoding a file is read with, and how many BOM bytes to skip.
pub(crate) fn detect(
    prefix: &[u8],
    configured: Option<&'static Encoding>,
) -> (&'static Encoding, usize) {
    if let Some((enc, bom_len)) = Encoding::for_bom(prefix) {
        return (enc, bom_len);
    }
    (configured.unwrap_or(UTF_8), 0)
}

/// The encoding of a WHATWG label (`cp1250`/`cp1252` accepted as aliases).
pub(crate) fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let label = label.trim().to_ascii_lowercase();
    let label = match label.as_str() {
        "cp1250" => "windows-1250",
        "cp1252" => "windows-1252",
        other => other,
    };
    Encoding::for_label(label.as_bytes())
}

/// The config problem of an encoding label [`encoding_for_label`] does not know.
pub(crate) fn unknown_encoding(label: &str) -> String {
    format!("unknown encoding `{label}`; expected e.g. `utf-8`, `windows-1250`, `windows-1252`")
}

/// Turn a file into a UTF-8 byte stream. `first` holds the bytes already read from
/// the start of the file (at least the first 4 when the file has them); `rest` the
/// remainder. UTF-8 passes through (the caller validates the fields it uses); any
/// other encoding is transcoded. A BOM is always stripped.
pub(crate) fn utf8_stream<R: Read + Send + 'static>(
    first: Vec<u8>,
    rest: R,
    configured: Option<&'static Encoding>,
) -> (Box<dyn Read + Send>, &'static Encoding) {
    let (enc, bom) = detect(&first, configured);
    if enc == UTF_8 {
        let mut first = first;
        first.drain(..bom);
        (Box::new(std::io::Cursor::new(first).chain(rest)), enc)
    } else {
        let stream = std::io::Cursor::new(first).chain(rest);
        let dec = DecodeReaderBytesBuilder::new()
            .encoding(Some(enc))
            .bom_override(true)
            .strip_bom(true)
            .build(stream);
        (Box::new(dec), enc)
    }
}

/// The UTF-16 encoding label that a line of NUL-laden bytes most likely is, without its
/// byte-order mark: text of Latin letters in UTF-16 has a NUL in every other byte, the
/// odd ones for little-endian (`a\0b\0`), the even ones for big-endian (`\0a\0b`).
/// `None` when the NULs do not fall that way (a binary file).
pub(crate) fn likely_utf16(line: &[u8]) -> Option<&'static str> {
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &b) in line.iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    // Most of one half is NUL, almost none of the other.
    let half = line.len() / 2;
    if half == 0 {
        return None;
    }
    if odd * 4 >= half * 3 && even * 10 <= odd {
        Some("utf-16le")
    } else if even * 4 >= half * 3 && odd * 10 <= even {
        Some("utf-16be")
    } else {
        None
    }
}

/// Why a small whole file could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum DecodeError {
    /// A UTF-8 file (no other encoding configured) with an invalid sequence at byte `at`
    /// of the file (its BOM counted).
    #[error(
        "not valid UTF-8 at byte {at}; if it was saved by Excel on Windows, it is probably `windows-1250` (Central European) or `windows-1252` (Western): save it as UTF-8, or set `encoding = \"windows-1250\"` in the config's `[roster]` table"
    )]
    NotUtf8 { at: usize },
}

/// Decode a small whole file (roster, absences) to a `String`.
pub(crate) fn decode_small(
    bytes: &[u8],
    configured: Option<&'static Encoding>,
) -> Result<String, DecodeError> {
    let (enc, bom) = detect(bytes, configured);
    let body = &bytes[bom..];
    if enc == UTF_8 {
        return match std::str::from_utf8(body) {
            Ok(s) => Ok(s.to_string()),
            Err(e) => Err(DecodeError::NotUtf8 {
                at: e.valid_up_to() + bom,
            }),
        };
    }
    let (text, _, _) = enc.decode(bytes);
    Ok(text.into_owned())
}

/// A small whole CSV file (roster, absences): decoded, delimiter sniffed, read.
pub(crate) struct SmallCsv {
    pub(crate) headers: csv::StringRecord,
    /// Records in file order; a record's position gives its line.
    pub(crate) records: Vec<Result<csv::StringRecord, csv::Error>>,
}

/// Read a small CSV that the config names, in `encoding` (UTF-8 when `None`; a BOM
/// wins); `what` names it in errors (`roster`). Each record's position carries the line
/// it starts on, blank lines and both halves of a CRLF counted (csv's own line is that
/// of the previous line's LF when lines end in CRLF).
pub(crate) fn small_csv(
    path: &std::path::Path,
    bytes: &[u8],
    what: &str,
    encoding: Option<&'static Encoding>,
) -> Result<SmallCsv, crate::error::Failure> {
    use crate::error::Failure;
    let text = decode_small(bytes, encoding)
        .map_err(|e| Failure::config(format!("{what} `{}`: {e}", path.display())))?;
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(sniff_delimiter(text.as_bytes()))
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| Failure::config(format!("{what} `{}`: {e}", path.display())))?
        .clone();
    let mut lines = LineCursor::default();
    let records = rdr
        .records()
        .map(|r| {
            r.map(|mut rec| {
                if let Some(pos) = rec.position() {
                    let mut at = pos.clone();
                    at.set_line(lines.line_of(text.as_bytes(), pos.byte()));
                    rec.set_position(Some(at));
                }
                rec
            })
        })
        .collect();
    Ok(SmallCsv { headers, records })
}

/// The line of a record that csv says starts at a byte: line breaks and blank lines at
/// that byte come before the record. Records come in order, so the count goes on from
/// the last one (linear in the file).
#[derive(Default)]
struct LineCursor {
    byte: usize,
    line: u64,
}

impl LineCursor {
    fn line_of(&mut self, text: &[u8], byte: u64) -> u64 {
        let mut start = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
        while start < text.len() && matches!(text[start], b'\r' | b'\n') {
            start += 1;
        }
        if start < self.byte {
            self.byte = 0;
            self.line = 0;
        }
        self.line += text[self.byte..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.byte = start;
        self.line + 1
    }
}

/// Guess the delimiter from the first line: the most frequent of `,` `;` tab `|`
/// outside quotes; `,` when none occurs.
pub(crate) fn sniff_delimiter(text: &[u8]) -> u8 {
    let mut counts = [0usize; 4];
    let cands = [b',', b';', b'\t', b'|'];
    let mut in_quotes = false;
    for &b in text {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => break,
            _ if !in_quotes => {
                if let Some(i) = cands.iter().position(|&c| c == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let (best, n) = counts
        .iter()
        .enumerate()
        .max_by_key(|&(i, n)| (*n, usize::MAX - i))
        .unwrap_or((0, &0));
    if *n == 0 { b',' } else { cands[best] }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1;2;3;4;5"), b',');
        assert_eq!(sniff_delimiter(b"\"a;b\";\"c,d\";e\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter(b"single"), b',');
        assert_eq!(sniff_delimiter(b"\"x,y,z\"|b\n"), b'|');
    }

    /// A record's line counts every line before it: CRLF, blank lines, quoted breaks.
    #[test]
    fn small_csv_records_carry_their_lines() {
        let text = "a,b\r\n1,2\r\n\r\n\r\n3,\"x\r\ny\"\r\n4,5\r\n\n6,7";
        let csv = small_csv(
            std::path::Path::new("r.csv"),
            text.as_bytes(),
            "roster",
            None,
        )
        .map_err(|f| f.message)
        .unwrap();
        let lines: Vec<(String, u64)> = csv
            .records
            .iter()
            .map(|r| {
                let r = r.as_ref().unwrap();
                (r[0].to_string(), r.position().unwrap().line())
            })
            .collect();
        let want = [("1", 2), ("3", 5), ("4", 7), ("6", 9)].map(|(a, l)| (a.to_string(), l));
        assert_eq!(lines, want);
        // LF files as before
        let csv = small_csv(std::path::Path::new("r.csv"), b"a\n1\n2\n", "roster", None)
            .map_err(|f| f.message)
            .unwrap();
        let lines: Vec<u64> = csv
            .records
            .iter()
            .map(|r| r.as_ref().unwrap().position().unwrap().line())
            .collect();
        assert_eq!(lines, [2, 3]);
    }

    #[test]
    fn decodes_windows_1250_and_reports_bad_utf8() {
        let cp1250 = b"imi\xea;\xa3\xf3d\x9f\n"; // "imię;Łódź"
        assert_eq!(
            decode_small(cp1250, Some(encoding_rs::WINDOWS_1250)).unwrap(),
            "imię;Łódź\n"
        );
        let err = decode_small(cp1250, None).unwrap_err().to_string();
        assert!(err.starts_with("not valid UTF-8 at byte 3;"), "{err}");
        assert_eq!(decode_small(b"\xef\xbb\xbfa,b\n", None).unwrap(), "a,b\n");
    }

    #[test]
    fn tells_utf16_from_binary_by_where_the_nuls_are() {
        let le: Vec<u8> = "id,started_at\r"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "id,started_at\r"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(likely_utf16(&le), Some("utf-16le"));
        assert_eq!(likely_utf16(&be), Some("utf-16be"));
        assert_eq!(likely_utf16(b"PK\x03\x04\x00\x00\x08\x00\x00\x00"), None);
        assert_eq!(likely_utf16(b"a,b\0c"), None);
        assert_eq!(likely_utf16(b""), None);
    }
}
