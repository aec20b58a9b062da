//! The language of the reports' wording and number format.

/// Language of the reports' wording and number format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Pl,
}

impl Lang {
    /// `en` or `pl`, case-insensitive; a region suffix (`pl-PL`, `en_GB`) is ignored.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim();
        let base = s.split(['-', '_']).next().unwrap_or(s);
        if base.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else if base.eq_ignore_ascii_case("pl") {
            Some(Lang::Pl)
        } else {
            None
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Pl => "pl",
        }
    }
}
