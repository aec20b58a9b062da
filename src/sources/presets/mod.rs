//! Built-in presets: the column layouts, formats, value vocabularies and default counting
//! rules of real tools' exports, so that `preset = "aircall"` plus `files = [...]` is a
//! whole `[[source]]`. Every key given in the `[[source]]` overrides the preset's.
//!
//! A tool's export comes in several layouts ("variants": today's dashboard download, an
//! older version of it, the API's fields flattened by a connector). A preset file lists
//! them all in `VARIANTS`; the header of each file picks one ([`best`]), and
//! `preset = "auto"` picks among every variant of every preset. Each variant says how
//! sure it is ([`Evidence`]).
//!
//! A preset is plain data in the config's own vocabulary (the strings a user would write),
//! validated by the same code as a hand-written source; `tests::every_preset_validates`
//! keeps them valid. To add one: a file here (build.rs lists the folder into [`ALL`]), a
//! fixture `tests/fixtures/presets/<name>/basic.csv` and its golden directory
//! `tests/golden/presets_<name>/` (`UPDATE_GOLDEN=1` writes it): build.rs also writes one
//! test per preset (`tests/presets.rs`, module `each`).

pub(crate) mod listing;

pub use listing::listing;

// `pub mod <preset>;` for every file of this folder and [`ALL`] (each preset's
// `VARIANTS`), sorted by `order`: written by build.rs from the folder's listing, so a new
// preset is one file.
include!(concat!(env!("OUT_DIR"), "/presets.rs"));

/// How sure a variant's layout is, shown by `activity-quota sources`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Evidence {
    /// The header and values were seen in a real export (or a byte-faithful fixture of
    /// one, or the vendor's documentation of the export itself).
    Seen,
    /// The column names are the vendor's API or data-dictionary fields; the CSV is a
    /// common flattening of them.
    Api,
    /// A reconstruction: no real file or vendor document was found.
    Assumed,
}

impl Evidence {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Evidence::Seen => "seen in a real export",
            Evidence::Api => "from the vendor's API fields",
            Evidence::Assumed => "assumed",
        }
    }
}

/// One layout of a tool's export (a "variant": the dashboard download, an older
/// version of it, the API fields flattened) and sensible defaults, in config vocabulary.
/// A tool's variants share `name`, `title` and `kind`; the file's header picks one.
#[derive(Debug)]
pub struct Preset {
    /// The `preset = "…"` name (snake_case, as the module).
    pub(crate) name: &'static str,
    /// The variant's name, unique within the tool (`export`, `api`, …); `preset =
    /// "name/variant"` pins it.
    pub(crate) variant: &'static str,
    /// How sure the layout is.
    pub(crate) evidence: Evidence,
    /// Where the evidence comes from, in a few words (shown by `sources`).
    pub(crate) evidence_note: &'static str,
    /// Position in [`ALL`] (and in `activity-quota sources`, and in recognition ties:
    /// the earlier of two equally good presets wins): calls, emails, social, deals.
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
    /// Columns that can identify the rep, each with the roster field it matches
    /// (`email`, `full_name`, …), in order of preference: the first present in a file
    /// is used.
    pub(crate) rep: &'static [(&'static str, &'static str)],
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

/// A preset's timestamp zone meaning "the zone of the user who exported the file" (the
/// tool writes its UI exports in the exporting user's own zone): read in the config's
/// `timezone` until the source sets `timestamp.zone`, with a warning from `check` and
/// `run` until it does.
pub(crate) const EXPORTER: &str = "exporter";

/// The word that asks for detection: `preset = "auto"`.
pub(crate) const AUTO: &str = "auto";

/// Every variant of every preset, in [`ALL`]'s order.
pub(crate) fn all() -> impl Iterator<Item = &'static Preset> {
    ALL.into_iter().flatten()
}

/// The variants `name` selects (case-insensitive): every variant of a preset, or one
/// with `name/variant`.
pub(crate) fn find(name: &str) -> Option<&'static [Preset]> {
    let name = name.trim();
    let (tool, variant) = match name.split_once('/') {
        Some((t, v)) => (t.trim(), Some(v.trim())),
        None => (name, None),
    };
    let variants = ALL
        .into_iter()
        .find(|v| v.first().is_some_and(|p| p.name.eq_ignore_ascii_case(tool)))?;
    match variant {
        None => Some(variants),
        Some(v) => variants
            .iter()
            .position(|p| p.variant.eq_ignore_ascii_case(v))
            .map(|i| &variants[i..=i]),
    }
}

/// Comma-separated list of preset names, for messages.
pub(crate) fn names() -> String {
    ALL.iter()
        .filter_map(|v| v.first())
        .map(|p| format!("`{}`", p.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How well a header fits one variant.
#[derive(Debug)]
pub(crate) struct Fit {
    pub(crate) preset: &'static Preset,
    /// Mapped columns the header lacks (of the rep columns, the first stands for all).
    pub(crate) missing: Vec<&'static str>,
    /// How many of the variant's header columns the header has.
    pub(crate) hits: usize,
}

impl Fit {
    /// Every mapped column is there.
    pub(crate) fn fits(&self) -> bool {
        self.missing.is_empty()
    }

    /// Share of the variant's header present, in percent.
    pub(crate) fn pct(&self) -> usize {
        self.hits * 100 / self.preset.header.len().max(1)
    }
}

/// How `header` fits `p` (columns compared as [`crate::sources::names`] does).
pub(crate) fn fit(p: &'static Preset, header: &crate::sources::names::Keyed) -> Fit {
    let has = |c: &str| header.find(c).is_some();
    let rep = p.rep.iter().position(|(c, _)| has(c));
    let mut missing: Vec<&'static str> = p.mapped_but_rep().filter(|c| !has(c)).collect();
    if rep.is_none()
        && let Some((c, _)) = p.rep.first()
    {
        missing.insert(0, c);
    }
    let hits = p.header.iter().filter(|h| has(h)).count();
    Fit {
        preset: p,
        missing,
        hits,
    }
}

/// The best fit among `variants` for a header: every mapped column present, then the
/// largest share of the variant's header, then the most columns, then the earliest.
pub(crate) fn best(
    variants: impl Iterator<Item = &'static Preset>,
    header: &[String],
) -> Option<Fit> {
    let keyed = crate::sources::names::Keyed::new(header);
    let mut best: Option<Fit> = None;
    for p in variants {
        let f = fit(p, &keyed);
        if f.fits()
            && best
                .as_ref()
                .is_none_or(|b| (f.pct(), f.hits) > (b.pct(), b.hits))
        {
            best = Some(f);
        }
    }
    best
}

/// The variant a file's header looks like (for hints): at least 80 % of its columns
/// present, including every column it maps.
pub(crate) fn recognise(header: &[String]) -> Option<&'static Preset> {
    best(all(), header)
        .filter(|f| f.pct() >= 80)
        .map(|f| f.preset)
}

impl Preset {
    /// Every column the preset maps but the rep candidates.
    pub(crate) fn mapped_but_rep(&self) -> impl Iterator<Item = &'static str> + '_ {
        [
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

    /// Every column the preset maps, rep candidates first.
    #[cfg(test)]
    pub(crate) fn mapped(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.rep.iter().map(|r| r.0).chain(self.mapped_but_rep())
    }

    /// `name/variant`, as `preset = "…"` pins it and the accounting shows it.
    pub(crate) fn label(&self) -> String {
        format!("{}/{}", self.name, self.variant)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_mapped_columns_are_in_the_header() {
        let tools: Vec<&str> = ALL
            .iter()
            .filter_map(|v| v.first())
            .map(|p| p.name)
            .collect();
        for (i, t) in tools.iter().enumerate() {
            assert!(!tools[..i].contains(t), "{t}");
        }
        for variants in ALL {
            assert!(!variants.is_empty());
            for (i, p) in variants.iter().enumerate() {
                assert_eq!(p.name, variants[0].name);
                assert_eq!(p.kind, variants[0].kind, "{}", p.label());
                assert!(
                    variants[..i].iter().all(|q| q.variant != p.variant),
                    "{}",
                    p.label()
                );
                assert!(!p.rep.is_empty(), "{}", p.label());
                for c in p.mapped() {
                    assert!(p.header.contains(&c), "{}: `{c}` not in header", p.label());
                }
                let pinned = find(&p.label().to_uppercase()).map(|v| v.len());
                assert_eq!(pinned, Some(1), "{}", p.label());
            }
            let name = variants[0].name;
            assert_eq!(find(name).map(<[Preset]>::len), Some(variants.len()));
        }
        assert!(find("nope").is_none());
        assert!(find("aircall/nope").is_none());
    }

    #[test]
    fn every_variant_recognises_its_own_header() {
        for p in all() {
            let h: Vec<String> = p.header.iter().map(|s| s.to_string()).collect();
            // presets reading one export two ways (Salesforce Task calls / emails) share
            // a header: either is a right answer
            assert_eq!(
                recognise(&h).map(|q| q.header),
                Some(p.header),
                "{}",
                p.label()
            );
            let f = fit(p, &crate::sources::names::Keyed::new(&h));
            assert!(f.fits() && f.pct() == 100, "{f:?}");
        }
        assert!(recognise(&["a".to_string(), "b".to_string()]).is_none());
    }

    mod respelled {
        use super::*;
        use proptest::prelude::*;

        /// A header name as another export might spell it: upper, lower or title case,
        /// `_` / space / `.` for its separators, a BOM or quotes around it.
        fn respell(name: &str, how: u8) -> String {
            let sep = [" ", "_", ".", " "][usize::from(how % 4)];
            let mut s: String = name
                .split([' ', '_', '.'])
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(sep);
            s = match (how / 4) % 3 {
                0 => s.to_uppercase(),
                1 => s.to_lowercase(),
                _ => s,
            };
            match (how / 12) % 3 {
                0 => format!("\u{feff}{s}"),
                1 => format!("\"{s}\""),
                _ => format!(" {s} "),
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]
            /// Any order and any of those spellings of a variant's header still maps
            /// every column it needs, and detection picks that tool.
            #[test]
            fn any_order_and_spelling_of_a_variants_header_still_fits(
                which in 0usize..64,
                seed in any::<u64>(),
                hows in proptest::collection::vec(any::<u8>(), 64),
            ) {
                let variants: Vec<&'static Preset> = all().collect();
                let p = variants[which % variants.len()];
                let mut header: Vec<String> = p
                    .header
                    .iter()
                    .enumerate()
                    .map(|(i, h)| respell(h, hows[i % hows.len()]))
                    .collect();
                // a Fisher-Yates shuffle driven by the seed
                let mut x = seed | 1;
                for i in (1..header.len()).rev() {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    header.swap(i, (x % (i as u64 + 1)) as usize);
                }
                let f = fit(p, &crate::sources::names::Keyed::new(&header));
                prop_assert!(f.fits(), "{}: {:?} misses {:?}", p.label(), header, f.missing);
                let chosen = best(all(), &header).map(|b| b.preset.header);
                prop_assert_eq!(chosen, Some(p.header), "{}: {:?}", p.label(), header);
            }
        }
    }
}
