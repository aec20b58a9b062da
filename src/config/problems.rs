//! The problem collector: every config problem is collected, each with the file,
//! line:column and key, and reported at once (like `vector`'s config compiler).

use std::{fmt::Write as _, path::Path};

use crate::error::Failure;

/// Line and column (1-based) of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The failure of a config that is not valid TOML or does not fit the wire types
/// (an unknown key, a wrong type): the first error serde met, with its position and,
/// when the TOML itself is valid, the key it is under (`source[0].count.direction`)
/// and what was expected in words.
pub(crate) fn syntax_error(path: &Path, text: &str, e: &toml::de::Error) -> Failure {
    let loc = e.span().map(|s| line_col(text, s.start));
    let head = match loc {
        Some((l, c)) => format!("{}:{l}:{c}", path.display()),
        None => path.display().to_string(),
    };
    let message = e.message().trim_end();
    let body = match e.span().and_then(|s| key_path(text, s.start)) {
        Some(key) => format!("`{key}`: {}", in_words(&key, message)),
        None => message.to_string(),
    };
    Failure::config(format!(
        "cannot parse config `{}`\n  --> {head}: {body}",
        path.display()
    ))
}

/// The key path (`source[0].count.direction`) of the smallest key or value of the
/// config whose span holds `offset`; `None` when the TOML does not parse.
fn key_path(text: &str, offset: usize) -> Option<String> {
    let doc = toml::de::DeTable::parse(text).ok()?;
    let mut best: Option<(usize, String)> = None;
    walk_table(doc.get_ref(), "", offset, &mut best);
    best.map(|(_, k)| k)
}

type Best = Option<(usize, String)>;

fn consider(span: std::ops::Range<usize>, offset: usize, path: &str, best: &mut Best) {
    let holds = span.start <= offset && offset < span.end.max(span.start + 1);
    if holds && best.as_ref().is_none_or(|(len, _)| span.len() <= *len) {
        *best = Some((span.len(), path.to_string()));
    }
}

fn walk_table(t: &toml::de::DeTable<'_>, prefix: &str, offset: usize, best: &mut Best) {
    for (k, v) in t {
        let path = if prefix.is_empty() {
            k.get_ref().to_string()
        } else {
            format!("{prefix}.{}", k.get_ref())
        };
        consider(k.span(), offset, &path, best);
        walk_value(v, &path, offset, best);
    }
}

fn walk_value(
    v: &toml::Spanned<toml::de::DeValue<'_>>,
    path: &str,
    offset: usize,
    best: &mut Best,
) {
    consider(v.span(), offset, path, best);
    match v.get_ref() {
        toml::de::DeValue::Table(t) => walk_table(t, path, offset, best),
        toml::de::DeValue::Array(a) => {
            for (i, item) in a.iter().enumerate() {
                walk_value(item, &format!("{path}[{i}]"), offset, best);
            }
        }
        _ => {}
    }
}

/// serde's `invalid type: string "x", expected a sequence` in words a config writer
/// knows: `expected a list of strings, e.g. ["x"]; found string "x"`. Other messages
/// (an unknown or missing field) are already in those words and pass as they are.
fn in_words(key: &str, message: &str) -> String {
    let Some(rest) = message.strip_prefix("invalid type: ") else {
        return message.to_string();
    };
    let Some((found, expected)) = rest.split_once(", expected ") else {
        return message.to_string();
    };
    let quoted = found.strip_prefix("string ");
    let number = found
        .strip_prefix("integer `")
        .or_else(|| found.strip_prefix("floating point `"))
        .and_then(|n| n.strip_suffix('`'));
    let wanted = match expected {
        // the lists of the config hold strings, but for these two
        "a sequence" if key.ends_with("tenure_weeks") => {
            "a list of whole numbers, e.g. [1, 12]".to_string()
        }
        "a sequence" if key.ends_with("tiers") => {
            "a list of tables, e.g. [{ name = \"met\", min_pct = 100 }]".to_string()
        }
        "a sequence" => match quoted {
            Some(q) => format!("a list of strings, e.g. [{q}]"),
            None => "a list of strings, e.g. [\"outbound\"]".to_string(),
        },
        "a string" => match number {
            Some(n) => format!("a string in quotes, e.g. \"{n}\""),
            None => "a string in quotes".to_string(),
        },
        "a boolean" => "`true` or `false`".to_string(),
        "i64" | "u64" | "usize" | "i32" | "u32" => "a whole number, e.g. 2".to_string(),
        "f64" => "a number, e.g. 30".to_string(),
        e if e.starts_with("struct ") || e == "a map" => {
            "a table, e.g. { column = \"…\" }".to_string()
        }
        e => e.to_string(),
    };
    let found = match found {
        "map" => "a table",
        "sequence" => "a list",
        f => f,
    };
    format!("expected {wanted}; found {found}")
}

/// The problems found so far in one config file, in the order they were found.
pub(crate) struct Problems<'a> {
    pub(crate) path: &'a Path,
    pub(crate) text: &'a str,
    pub(crate) list: Vec<String>,
}

impl<'a> Problems<'a> {
    pub(crate) fn new(path: &'a Path, text: &'a str) -> Self {
        Problems {
            path,
            text,
            list: Vec::new(),
        }
    }

    /// A problem at `span` of the config text, under `key`.
    pub(crate) fn at(&mut self, span: std::ops::Range<usize>, key: &str, msg: impl AsRef<str>) {
        let (line, col) = line_col(self.text, span.start);
        self.list.push(format!(
            "{}:{line}:{col}: `{key}`: {}",
            self.path.display(),
            msg.as_ref()
        ));
    }

    /// How many problems have been found; a check compares it before and after.
    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }

    /// Every problem at once, as one config failure; `Ok` when there is none.
    pub(crate) fn finish(self) -> Result<(), Failure> {
        if self.list.is_empty() {
            return Ok(());
        }
        let n = self.list.len();
        let mut msg = format!(
            "{n} problem{} in config `{}`",
            if n == 1 { "" } else { "s" },
            self.path.display()
        );
        for line in &self.list {
            let _ = write!(msg, "\n  --> {line}");
        }
        Err(Failure::config(msg))
    }
}
