//! Statement file names: `slug` and `statement_file_names`.

use super::*;

// ---------------------------------------------------------------------------------------
// Statement file names
// ---------------------------------------------------------------------------------------

/// `s` as a safe part of a file name: ASCII letters, digits and `-` only. Letters
/// lose their diacritics (ą → a, ł → l, ż → z, ë → e), every other run of characters
/// (spaces, `/`, `\`, `.`, `<`, control characters, …) becomes one `-`, and there
/// is no `-` at either end; at most `max` bytes.
pub(crate) fn slug(s: &str, max: usize) -> String {
    use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};
    let mut out = String::new();
    let mut sep = false;
    for c in s.nfkd() {
        let mapped: &str = match c {
            'ł' => "l",
            'Ł' => "L",
            'ß' => "ss",
            'æ' => "ae",
            'Æ' => "AE",
            'œ' => "oe",
            'Œ' => "OE",
            'ø' => "o",
            'Ø' => "O",
            'đ' | 'ð' => "d",
            'Đ' | 'Ð' => "D",
            'þ' => "th",
            'Þ' => "Th",
            'ı' => "i",
            '\'' | '’' | 'ʼ' => continue,
            c if is_combining_mark(c) => continue,
            c if c.is_ascii_alphanumeric() => {
                if sep && !out.is_empty() {
                    out.push('-');
                }
                sep = false;
                out.push(c);
                continue;
            }
            _ => {
                sep = true;
                continue;
            }
        };
        if sep && !out.is_empty() {
            out.push('-');
        }
        sep = false;
        out.push_str(mapped);
    }
    if out.len() > max {
        out.truncate(max);
        while out.ends_with('-') {
            out.pop();
        }
    }
    out
}

/// The statement file name of every rep, in `reps` order: `<rep_id>-<name>.pdf`, both
/// parts through [`slug`] (the name in lower case), `rep` for a part with nothing
/// left. Names that would clash (also when case is ignored) get `-2`, `-3`, ….
pub(crate) fn statement_file_names(reps: &[RepRow]) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    reps.iter()
        .map(|r| {
            let id = Some(slug(&r.rep_id, 40))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "rep".into());
            let name = Some(slug(&r.rep_name, 60).to_ascii_lowercase())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "rep".into());
            let base = format!("{id}-{name}");
            let mut file = format!("{base}.pdf");
            let mut n = 1;
            while !taken.insert(file.to_ascii_lowercase()) {
                n += 1;
                file = format!("{base}-{n}.pdf");
            }
            file
        })
        .collect()
}
