//! Built-in presets: the column layout, formats, value vocabularies and default counting
//! rules of real tools' exports, so that `preset = "aircall"` plus `files = [...]` is a
//! whole `[[source]]`. Every key given in the `[[source]]` overrides the preset's.
//!
//! A preset is plain data in the config's own vocabulary (the strings a user would write),
//! validated by the same code as a hand-written source; `tests::every_preset_validates`
//! keeps them valid. To add one: a file here (build.rs lists the folder into [`ALL`]), a
//! fixture `tests/fixtures/presets/<name>/basic.csv` and its golden directory
//! `tests/golden/presets_<name>/` (`UPDATE_GOLDEN=1` writes it): build.rs also writes one
//! test per preset (`tests/presets.rs`, module `each`).

// `pub mod <preset>;` for every file of this folder and [`ALL`], sorted by `order`:
// written by build.rs from the folder's listing, so a new preset is one file.
include!(concat!(env!("OUT_DIR"), "/presets.rs"));

/// A tool's export layout and sensible defaults, in config vocabulary.
#[derive(Debug)]
pub struct Preset {
    /// The `preset = "…"` name (snake_case, as the module).
    pub(crate) name: &'static str,
    /// Position in [`ALL`] (and in `activity-quota sources`, and in recognition ties:
    /// the later of two equally good presets wins): calls, emails, social, deals.
    #[expect(
        dead_code,
        reason = "build.rs reads it from the source text to order `ALL`"
    )]
    pub(crate) order: u16,
    /// What the export is, for people: "Aircall call history".
    pub(crate) title: &'static str,
    /// `kind` of the activities.
    pub(crate) kind: &'static str,
    /// The export's header, in file order (shown by `sources`, used to recognise files).
    pub(crate) header: &'static [&'static str],
    /// Rep column and the roster field it matches (`email`, `full_name`, …).
    pub(crate) rep: (&'static str, &'static str),
    /// Timestamp column, format and zone (as in `timestamp = { … }`).
    pub(crate) timestamp: (&'static str, &'static str, &'static str),
    /// A separate time-of-day column joined to the date column.
    pub(crate) time_column: Option<&'static str>,
    /// Duration column and unit.
    pub(crate) duration: Option<(&'static str, &'static str)>,
    pub(crate) direction: Option<&'static str>,
    pub(crate) outcome: Option<&'static str>,
    pub(crate) external_id: Option<&'static str>,
    pub(crate) amount: Option<&'static str>,
    /// Values of the rep column that mean "no user" in this tool (`No owner`, an integration
    /// user, `""` for calls nobody took): such rows are unmatched and shown as
    /// `(no user: "No owner")` (compared trimmed, case-insensitively).
    pub(crate) no_user: &'static [&'static str],
    /// The column naming the other party (phone number or email address), used by the
    /// opt-in cross-tool de-duplication (`[cross_dedup]`).
    pub(crate) counterpart: Option<&'static str>,
    pub(crate) count: Count,
}

/// Default counting rules (as in `count = { … }`).
#[derive(Debug)]
pub(crate) struct Count {
    pub(crate) direction: &'static [&'static str],
    pub(crate) outcome: &'static [&'static str],
    pub(crate) exclude_direction: &'static [&'static str],
    pub(crate) exclude_outcome: &'static [&'static str],
    pub(crate) min_duration_s: Option<f64>,
}

impl Count {
    pub(crate) const NONE: Count = Count {
        direction: &[],
        outcome: &[],
        exclude_direction: &[],
        exclude_outcome: &[],
        min_duration_s: None,
    };
}

/// The preset called `name` (exact, case-insensitive).
pub(crate) fn find(name: &str) -> Option<&'static Preset> {
    ALL.into_iter()
        .find(|p| p.name.eq_ignore_ascii_case(name.trim()))
}

/// Comma-separated list of preset names, for messages.
pub(crate) fn names() -> String {
    ALL.iter()
        .map(|p| format!("`{}`", p.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The preset whose header a file's header matches best: at least 80 % of the preset's
/// columns present (trimmed, case-insensitive), including every column it maps.
pub(crate) fn recognise(header: &[String]) -> Option<&'static Preset> {
    let has = |want: &str| header.iter().any(|h| h.trim().eq_ignore_ascii_case(want));
    ALL.into_iter()
        .filter(|p| p.mapped().all(has))
        .map(|p| {
            let hits = p.header.iter().filter(|h| has(h)).count();
            (hits * 100 / p.header.len().max(1), hits, p)
        })
        .filter(|&(pct, _, _)| pct >= 80)
        .max_by_key(|&(pct, hits, _)| (pct, hits))
        .map(|(_, _, p)| p)
}

/// The text of `activity-quota sources`: per preset its name, kind, title, header and
/// mapping, so a user can compare it with the first line of an export.
pub fn listing() -> String {
    let mut s = String::new();
    for p in ALL {
        s.push_str(&format!("{}  ({})  {}\n", p.name, p.kind, p.title));
        s.push_str(&format!("  header: {}\n", p.header.join(",")));
        let mut map = vec![
            format!("rep = {} ({})", p.rep.0, p.rep.1),
            format!(
                "timestamp = {}{} ({}, zone {})",
                p.timestamp.0,
                p.time_column.map_or(String::new(), |t| format!(" + {t}")),
                p.timestamp.1,
                p.timestamp.2
            ),
        ];
        if let Some((c, u)) = p.duration {
            map.push(format!("duration = {c} ({u})"));
        }
        for (k, v) in [
            ("direction", p.direction),
            ("outcome", p.outcome),
            ("external_id", p.external_id),
            ("amount", p.amount),
        ] {
            if let Some(v) = v {
                map.push(format!("{k} = {v}"));
            }
        }
        if let Some(c) = p.counterpart {
            map.push(format!("counterpart = {c}"));
        }
        s.push_str(&format!("  mapping: {}\n", map.join("; ")));
        if !p.no_user.is_empty() {
            let shown: Vec<String> = p.no_user.iter().map(|v| format!("{v:?}")).collect();
            s.push_str(&format!("  no user: {}\n", shown.join(", ")));
        }
        let c = &p.count;
        let mut rules = Vec::new();
        for (k, v) in [
            ("direction", c.direction),
            ("outcome", c.outcome),
            ("exclude_direction", c.exclude_direction),
            ("exclude_outcome", c.exclude_outcome),
        ] {
            if !v.is_empty() {
                rules.push(format!("{k} = [{}]", v.join(", ")));
            }
        }
        if let Some(m) = c.min_duration_s {
            rules.push(format!("min_duration_s = {m}"));
        }
        if !rules.is_empty() {
            s.push_str(&format!("  counts: {}\n", rules.join("; ")));
        }
    }
    s
}

impl Preset {
    /// Every column the preset maps.
    pub(crate) fn mapped(&self) -> impl Iterator<Item = &'static str> + '_ {
        [
            Some(self.rep.0),
            Some(self.timestamp.0),
            self.time_column,
            self.duration.map(|d| d.0),
            self.direction,
            self.outcome,
            self.external_id,
            self.amount,
            self.counterpart,
        ]
        .into_iter()
        .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_mapped_columns_are_in_the_header() {
        for (i, p) in ALL.iter().enumerate() {
            assert!(ALL[..i].iter().all(|q| q.name != p.name), "{}", p.name);
            for c in p.mapped() {
                assert!(p.header.contains(&c), "{}: `{c}` not in header", p.name);
            }
            assert_eq!(find(&p.name.to_uppercase()).map(|q| q.name), Some(p.name));
        }
        assert!(find("nope").is_none());
    }

    #[test]
    fn every_preset_recognises_its_own_header() {
        for p in ALL {
            let h: Vec<String> = p.header.iter().map(|s| s.to_string()).collect();
            // presets reading one export two ways (Salesforce Task calls / emails) share
            // a header: either is a right answer
            assert_eq!(
                recognise(&h).map(|q| q.header),
                Some(p.header),
                "{}",
                p.name
            );
        }
        assert!(recognise(&["a".to_string(), "b".to_string()]).is_none());
    }
}
