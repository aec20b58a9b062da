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
/// (an unknown key, a wrong type): the first error serde met, with its position.
pub(crate) fn syntax_error(path: &Path, text: &str, e: &toml::de::Error) -> Failure {
    let loc = e.span().map(|s| line_col(text, s.start));
    let head = match loc {
        Some((l, c)) => format!("{}:{l}:{c}", path.display()),
        None => path.display().to_string(),
    };
    Failure::config(format!(
        "cannot parse config `{}`\n  --> {head}: {}",
        path.display(),
        e.message().trim_end()
    ))
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
