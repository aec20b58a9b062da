//! "No user" placeholders: rep-column values a tool writes when no person owns the row
//! (`No owner`, an integration user, `(deleted user)`, an empty user on an unanswered
//! call). Such rows are unmatched, as any unknown identity, but shown as
//! `(no user: "No owner")` so that a reader sees they are not a roster gap.

use crate::normalise::identity::eq_fold;

/// How an unmatched rep value is listed among the unknown identities: `(no user: "…")`
/// when it is one of the source's placeholders (trimmed, case-insensitive), else `None`.
/// An empty value keeps its own label `(empty)`, placeholder or not.
pub(crate) fn shown(placeholders: &[String], raw: &str) -> Option<String> {
    let v = raw.trim();
    if v.is_empty() {
        return None;
    }
    placeholders
        .iter()
        .find(|p| eq_fold(p, v))
        .map(|p| format!("(no user: {:?})", p.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_matched_trimmed_and_case_insensitively() {
        let p = vec!["No owner".to_string(), "(deleted user)".to_string()];
        assert_eq!(
            shown(&p, " no OWNER ").as_deref(),
            Some("(no user: \"No owner\")")
        );
        assert_eq!(
            shown(&p, "(deleted user)").as_deref(),
            Some("(no user: \"(deleted user)\")")
        );
        assert_eq!(shown(&p, "Jane Roe"), None);
        assert_eq!(shown(&p, "  "), None);
        assert_eq!(shown(&[], "No owner"), None);
    }
}
