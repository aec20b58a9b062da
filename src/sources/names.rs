//! Column names as real files spell them: the same column arrives as `User Email`,
//! `user_email`, `USER_EMAIL`, `"user.email"` or with a byte-order mark in front,
//! depending on the tool's version, Data Loader's settings or who re-saved the file.
//!
//! A mapped name is looked up in three steps, the first that finds anything wins: the
//! exact name (trimmed); the name case-insensitively; the name's [`key`] (case, BOM,
//! surrounding quotes and the separators `_`, space, `.`, `-` and `/` ignored, so that
//! camelCase, snake_case, ALL CAPS and "Title Case" spellings meet).

/// The comparison key of a column name: without a byte-order mark, surrounding
/// whitespace and quotes, lower-case, with every `_`, space, `.`, `-`, `/` and tab left
/// out (`"Owner.Email"`, `OWNER_EMAIL`, `owner email` and `OwnerEmail` → `owneremail`;
/// `mailboxAddress` and `MAILBOX_ADDRESS` → `mailboxaddress`).
pub(crate) fn key(name: &str) -> String {
    let t = name.trim_start_matches('\u{feff}').trim();
    let t = t
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(t)
        .trim();
    t.chars()
        .filter(|c| !matches!(c, '_' | ' ' | '.' | '-' | '/' | '\t'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A header's names prepared once for many lookups (detection tries every layout of
/// every preset against each of a file's first lines), so a column's forms are not
/// recomputed for every name looked up.
pub(crate) struct Keyed {
    trimmed: Vec<String>,
    lower: Vec<String>,
    keys: Vec<String>,
}

impl Keyed {
    pub(crate) fn new(header: &[String]) -> Keyed {
        Keyed {
            trimmed: header.iter().map(|h| h.trim().to_string()).collect(),
            lower: header.iter().map(|h| h.trim().to_lowercase()).collect(),
            keys: header.iter().map(|h| key(h)).collect(),
        }
    }

    /// Every position of the column `want`: its exact (trimmed) spelling if any, else
    /// case-insensitive matches, else matches of its [`key`].
    pub(crate) fn positions(&self, want: &str) -> Vec<usize> {
        let all = |forms: &[String], w: &str| -> Vec<usize> {
            (0..forms.len()).filter(|&i| forms[i] == w).collect()
        };
        let want_t = want.trim();
        let exact = all(&self.trimmed, want_t);
        if !exact.is_empty() {
            return exact;
        }
        let folded = all(&self.lower, &want_t.to_lowercase());
        if !folded.is_empty() {
            return folded;
        }
        let k = key(want_t);
        if k.is_empty() {
            return Vec::new();
        }
        all(&self.keys, &k)
    }

    /// The first position of `want`, if any.
    pub(crate) fn find(&self, want: &str) -> Option<usize> {
        self.positions(want).first().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn keys_ignore_case_bom_quotes_and_separators() {
        assert_eq!(key("\u{feff}\"Owner.Email\" "), "owneremail");
        assert_eq!(key("USER_EMAIL"), "useremail");
        assert_eq!(key(" user  email "), "useremail");
        assert_eq!(key("Deal - Owner"), "dealowner");
        assert_eq!(key("datetime (utc)"), "datetime(utc)");
        assert_eq!(key("__"), "");
        assert_eq!(key("mailboxAddress"), key("MAILBOX_ADDRESS"));
        assert_eq!(key("\u{feff}CREATEDDATE"), key("CreatedDate"));
        assert_eq!(key("inviterProfileUrl"), "inviterprofileurl");
    }

    #[test]
    fn an_exact_name_wins_over_looser_spellings() {
        let k = Keyed::new(&h(&["user_email", "User Email", "USER.EMAIL"]));
        assert_eq!(k.positions("User Email"), vec![1]);
        assert_eq!(k.positions("user email"), vec![1]);
        assert_eq!(k.positions("User_Email"), vec![0]);
        assert_eq!(k.positions("user-email"), vec![0, 1, 2]);
        assert!(k.positions("email").is_empty());
        assert_eq!(k.find("user-email"), Some(0));
        assert_eq!(k.find("email"), None);
        assert_eq!(Keyed::new(&h(&["\u{feff}Id", "x"])).find("id"), Some(0));
    }
}
