//! The `[[source]]` sections: the validated [`Source`] with its vocabularies
//! ([`IdField`], [`Zone`], [`Rules`], [`Dedup`], [`OppRole`]), the check of one source
//! (its preset first, then each key of the table, in `keys.rs`: rep, timestamp,
//! duration, count rules, de-duplication, opportunity keys) and `[cross_dedup]`.

use std::{collections::BTreeSet, ops::Range, path::Path, path::PathBuf};

use chrono_tz::Tz;
use toml::Spanned;

use crate::{
    config::{
        problems::Problems,
        wire::{CrossDedupWire, SourceWire},
    },
    model::Kind,
    normalise::{duration::DurationUnit, time::TimeFormat},
    sources::presets::{self, Preset},
};

mod keys;

/// Which roster field a source's rep column is matched against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum IdField {
    RepId,
    Email,
    PhoneExtension,
    FullName,
    SocialHandle,
}

impl IdField {
    pub(crate) const ALL: [IdField; 5] = [
        IdField::RepId,
        IdField::Email,
        IdField::PhoneExtension,
        IdField::FullName,
        IdField::SocialHandle,
    ];
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            IdField::RepId => "rep_id",
            IdField::Email => "email",
            IdField::PhoneExtension => "phone_extension",
            IdField::FullName => "full_name",
            IdField::SocialHandle => "social_handle",
        }
    }
    pub(crate) fn parse(s: &str) -> Option<IdField> {
        IdField::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// The zone a timestamp column is written in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Zone {
    /// Naive values are UTC.
    Utc,
    /// Naive values are wall-clock time in this IANA zone.
    Fixed(Tz),
    /// Naive values are the rep's own local wall-clock time.
    Rep,
    /// Every value carries its own UTC offset.
    Offset,
}

/// Counting rules of one source: a valid row counts only if it passes all of them.
#[derive(Clone, Debug, Default)]
pub(crate) struct Rules {
    pub(crate) direction: Vec<String>,
    pub(crate) outcome: Vec<String>,
    pub(crate) exclude_direction: Vec<String>,
    pub(crate) exclude_outcome: Vec<String>,
    pub(crate) min_duration_ms: Option<i64>,
}

/// How duplicates are recognised within a source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dedup {
    /// The same external id seen before in any file of the source.
    ExternalId,
    /// The same raw row (every field equal) seen before in the same file.
    ExactRow,
    /// Every row is its own activity.
    None,
}

/// One validated `[[source]]`: which export files, how to read them and what counts.
#[derive(Clone, Debug)]
pub struct Source {
    pub(crate) name: String,
    /// The built-in preset variant this source starts from, if any.
    pub(crate) preset: Option<&'static Preset>,
    /// A source read through presets: the same source resolved once per layout it can
    /// read (each variant of its preset, or of every preset for `preset = "auto"`, with
    /// each of its rep columns), the first that fits a file's header reads it
    /// ([`crate::sources::detect`]). Empty for a source mapped by hand.
    pub(crate) layouts: Vec<Source>,
    /// The preset's timestamps are in the exporting user's zone, which the source does
    /// not set: read in the config's `timezone`, with a warning.
    pub(crate) zone_assumed: bool,
    pub(crate) kind: Kind,
    /// File paths or glob patterns, already joined to the config's directory.
    pub(crate) files: Vec<PathBuf>,
    pub(crate) delimiter: Option<u8>,
    pub(crate) encoding: Option<&'static encoding_rs::Encoding>,
    pub(crate) rep_column: String,
    pub(crate) rep_field: IdField,
    pub(crate) ts_column: String,
    /// A separate time-of-day column, joined to the date column with a space before parsing.
    pub(crate) ts_time_column: Option<String>,
    pub(crate) ts_format: TimeFormat,
    pub(crate) ts_zone: Zone,
    pub(crate) duration: Option<(String, DurationUnit)>,
    pub(crate) direction: Option<String>,
    pub(crate) outcome: Option<String>,
    pub(crate) external_id: Option<String>,
    pub(crate) amount: Option<String>,
    pub(crate) decimal_comma: bool,
    pub(crate) rules: Rules,
    pub(crate) dedup: Dedup,
    /// For `kind = "opportunity"`: which metrics a counted row feeds.
    pub(crate) opportunity: OppRole,
    /// Column holding the ISO currency code of `amount` (opportunity sources).
    pub(crate) currency: Option<String>,
    /// Column holding the units sold (opportunity sources).
    pub(crate) units: Option<String>,
    /// Column and values that flag a won opportunity as a new customer.
    pub(crate) new_customer: Option<(String, Vec<String>)>,
    /// Physical lines to skip before the header; `None`: the header is the first line
    /// (among the first 100) that holds every mapped column.
    pub(crate) skip_lines: Option<usize>,
    /// Rep-column values meaning "no user" (`No owner`): unmatched, shown as
    /// `(no user: "No owner")`. Compared trimmed, case-insensitively.
    pub(crate) no_user: Vec<String>,
    /// The other party's column (phone or email) for cross-tool de-duplication; only set
    /// when the config has `[cross_dedup]`.
    pub(crate) counterpart: Option<String>,
    /// `sheet`: the sheet of a workbook input; `None`: its first sheet.
    pub(crate) sheet: Option<String>,
    /// `member`: which members of a `.zip` input are read (a glob on their names).
    pub(crate) member: Option<glob::Pattern>,
}

impl Source {
    /// The warning for a source read with a preset variant that writes times in the
    /// exporting user's zone while the source does not say which (`None` when it does,
    /// or need not).
    pub(crate) fn assumed_zone(&self, company: Tz) -> Option<String> {
        let p = self.preset.filter(|_| self.zone_assumed)?;
        Some(format!(
            "source `{}`: {} writes times in the time zone of the user who exported the file; they are read as `{}` (the config's `timezone`). Set `timestamp = {{ zone = \"…\" }}` on the source to the exporting user's zone (e.g. \"America/New_York\"); cross-tool de-duplication and day boundaries depend on it",
            self.name,
            p.title,
            company.name()
        ))
    }

    /// The source as layout `i` reads it (itself for a source mapped by hand).
    pub(crate) fn layout(&self, i: usize) -> &Source {
        self.layouts.get(i).unwrap_or(self)
    }

    /// Every layout (itself for a source mapped by hand).
    pub(crate) fn each_layout(&self) -> impl Iterator<Item = &Source> {
        let own = self.layouts.is_empty().then_some(self);
        own.into_iter().chain(&self.layouts)
    }
}

/// What a counted row of an opportunity source counts as.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum OppRole {
    /// An opportunity created (metric `opportunity`), on the source's timestamp.
    #[default]
    Created,
    /// A won deal (metrics `won`, `won_amount`, `units`, `new_customers`), on the
    /// source's timestamp (map it to the close date).
    Won,
}

/// A column mapping: the `[[source]]` key if given (`""` turns a preset's mapping off),
/// else the preset's.
fn column(own: &Option<String>, preset: Option<&'static str>) -> Option<String> {
    match own {
        Some(c) if c.trim().is_empty() => None,
        Some(c) => Some(c.clone()),
        None => preset.map(str::to_string),
    }
}

/// A config string with its span, or the preset's value (reported at the `preset` key).
fn spanned_or(
    own: Option<&Spanned<String>>,
    preset: Option<&'static str>,
    preset_span: &Range<usize>,
) -> Option<(String, Range<usize>)> {
    match own {
        Some(v) => Some((v.get_ref().clone(), v.span())),
        None => preset.map(|v| (v.to_string(), preset_span.clone())),
    }
}

/// A list key (count rules, `no_user`): the `[[source]]` key if given, else the
/// preset's (else empty).
fn list_or(own: Option<&Vec<String>>, pre: Option<&'static [&'static str]>) -> Vec<String> {
    match own {
        Some(v) => v.clone(),
        None => pre.unwrap_or(&[]).iter().map(|s| s.to_string()).collect(),
    }
}

/// Every `[[source]]` in order: duplicate names, then each source's own check; at
/// least one source is required.
pub(crate) fn check_sources(
    p: &mut Problems<'_>,
    wire: &[Spanned<SourceWire>],
    dir: &Path,
    company_tz: Tz,
) -> Vec<Source> {
    let mut sources = Vec::new();
    let mut names = BTreeSet::new();
    for (i, s) in wire.iter().enumerate() {
        let name = s.get_ref().name.get_ref().clone();
        if !names.insert(name.clone()) {
            p.at(
                s.get_ref().name.span(),
                &format!("source[{i}].name"),
                format!("duplicate source name `{name}`"),
            );
        }
        if let Some(src) = check_layouts(p, i, s, dir, company_tz) {
            sources.push(src);
        }
    }
    if wire.is_empty() {
        p.list.push(format!(
            "{}: no `[[source]]` defined; add at least one export source",
            p.path.display()
        ));
    }
    sources
}

/// The layouts a `[[source]]` asks for: its preset's variants (or every preset's, for
/// `preset = "auto"` or a source with nothing but `name` and `files`; only those of
/// its `kind` when it has one), each with each of its rep columns. `None`: a source
/// mapped by hand.
fn wanted_layouts(
    p: &mut Problems<'_>,
    i: usize,
    w: &SourceWire,
) -> Option<Option<Vec<(&'static Preset, usize)>>> {
    let auto = match &w.preset {
        Some(n) if n.get_ref().trim().eq_ignore_ascii_case(presets::AUTO) => true,
        Some(_) => false,
        None => w.kind.is_none() && w.rep.is_none() && w.timestamp.is_none(),
    };
    let variants: Vec<&'static Preset> = match &w.preset {
        _ if auto => {
            let kind = w.kind.as_ref().map(|k| k.get_ref().trim().to_string());
            presets::all()
                .filter(|v| kind.as_ref().is_none_or(|k| k == v.kind))
                .collect()
        }
        None => return Some(None),
        Some(n) => find_preset(p, i, n)?.iter().collect(),
    };
    Some(Some(
        variants
            .into_iter()
            .flat_map(|v| (0..v.rep.len()).map(move |r| (v, r)))
            .collect(),
    ))
}

/// One `[[source]]`, with its layouts: `None` when it has a problem (every problem is
/// reported). The problems of a preset source are those of its first layout; a later
/// layout that the source's own keys do not fit is left out.
fn check_layouts(
    p: &mut Problems<'_>,
    i: usize,
    s: &Spanned<SourceWire>,
    dir: &Path,
    company_tz: Tz,
) -> Option<Source> {
    let Some(layouts) = wanted_layouts(p, i, s.get_ref())? else {
        return check_source(p, i, s, dir, None, company_tz);
    };
    let mut all = Vec::with_capacity(layouts.len());
    for (n, layout) in layouts.into_iter().enumerate() {
        if n == 0 {
            all.push(check_source(p, i, s, dir, Some(layout), company_tz)?);
        } else {
            let mut scratch = Problems::new(p.path, p.text);
            if let Some(src) = check_source(&mut scratch, i, s, dir, Some(layout), company_tz) {
                all.push(src);
            }
        }
    }
    let mut first = all.first()?.clone();
    first.layouts = all;
    Some(first)
}

/// One `[[source]]` read with one layout (a preset variant and which of its rep
/// columns), or mapped by hand: `None` when it has a problem (every problem is reported).
fn check_source(
    p: &mut Problems<'_>,
    i: usize,
    s: &Spanned<SourceWire>,
    dir: &Path,
    layout: Option<(&'static Preset, usize)>,
    company_tz: Tz,
) -> Option<Source> {
    let w = s.get_ref();
    let before = p.len();
    let preset = layout.map(|l| l.0);
    let c = Ctx {
        i,
        w,
        span: s.span(),
        preset,
        rep_choice: layout.map_or(0, |l| l.1),
        company_tz,
        // preset values are reported at the `preset` key (they are covered by tests)
        pspan: w.preset.as_ref().map_or(s.span(), |n| n.span()),
    };
    let kind = c.kind(p);
    if w.files.get_ref().is_empty() {
        p.at(
            w.files.span(),
            &c.key("files"),
            "empty; list at least one path or glob",
        );
    }
    let delimiter = c.delimiter(p);
    let encoding = c.encoding(p);
    let rep = c.rep(p);
    let ts = c.timestamp(p);
    let before_duration = p.len();
    let duration = c.duration(p);
    // A duration whose unit was already reported is not also "missing" for the
    // duration rule: one problem, the real one.
    let has_duration = duration.is_some() || p.len() != before_duration;
    let direction = column(&w.direction, preset.and_then(|p| p.direction));
    let outcome = column(&w.outcome, preset.and_then(|p| p.outcome));
    let external_id = column(&w.external_id, preset.and_then(|p| p.external_id));
    let amount = column(&w.amount, preset.and_then(|p| p.amount));
    let rules = c.rules(p, &direction, &outcome, has_duration);
    let dedup = c.dedup(p, external_id.is_some());
    let opportunity = c.opportunity(p, kind);
    let (sheet, member) = c.containers(p);
    if p.len() != before {
        return None;
    }
    let (rep_column, rep_field) = rep?;
    let (ts_column, ts_time_column, ts_format, ts_zone) = ts?;
    Some(Source {
        name: w.name.get_ref().clone(),
        preset,
        layouts: Vec::new(),
        zone_assumed: preset.is_some_and(|p| p.timestamp.2 == presets::EXPORTER)
            && w.timestamp
                .as_ref()
                .and_then(|t| t.get_ref().zone.as_ref())
                .is_none(),
        kind: kind?,
        files: w.files.get_ref().iter().map(|f| dir.join(f)).collect(),
        delimiter,
        encoding,
        rep_column,
        rep_field,
        ts_column,
        ts_time_column,
        ts_format,
        ts_zone,
        duration,
        direction,
        outcome,
        external_id,
        amount,
        decimal_comma: w.decimal_comma.unwrap_or(false),
        rules,
        dedup: dedup?,
        opportunity,
        currency: w.currency.as_ref().map(|c| c.get_ref().clone()),
        units: w.units.as_ref().map(|c| c.get_ref().clone()),
        new_customer: w
            .new_customer
            .as_ref()
            .map(|n| (n.get_ref().column.clone(), n.get_ref().values.clone())),
        skip_lines: w.skip_lines,
        no_user: list_or(w.no_user.as_ref(), preset.map(|p| p.no_user)),
        counterpart: column(&w.counterpart, preset.and_then(|p| p.counterpart)),
        sheet,
        member,
    })
}

/// `preset`: a built-in preset by name (every variant), or one variant (`name/variant`).
fn find_preset(p: &mut Problems<'_>, i: usize, n: &Spanned<String>) -> Option<&'static [Preset]> {
    presets::find(n.get_ref()).or_else(|| {
        p.at(
            n.span(),
            &format!("source[{i}].preset"),
            format!(
                "unknown preset `{}`; expected `auto` or one of {} (`activity-quota sources` lists them and their variants)",
                n.get_ref(),
                presets::names()
            ),
        );
        None
    })
}

/// What the checks of one `[[source]]` share.
struct Ctx<'w> {
    /// Position in the config (`source[i]` in messages).
    i: usize,
    w: &'w SourceWire,
    /// The whole `[[source]]` table: where a missing key is reported.
    span: Range<usize>,
    preset: Option<&'static Preset>,
    /// Which of the preset's rep columns.
    rep_choice: usize,
    /// The config's `timezone` (a preset's `exporter` zone until the source sets one).
    company_tz: Tz,
    /// Where a value taken from the preset is reported: the `preset` key.
    pspan: Range<usize>,
}

impl Ctx<'_> {
    /// The message key of `k`: `source[i].k`.
    fn key(&self, k: &str) -> String {
        format!("source[{}].{k}", self.i)
    }
}

/// A source's `currency` column needs the top-level `currency` (the default currency
/// of won amounts).
pub(crate) fn check_currency_columns(
    p: &mut Problems<'_>,
    wire: &[Spanned<SourceWire>],
    has_default: bool,
) {
    for (i, s) in wire.iter().enumerate() {
        if let Some(c) = &s.get_ref().currency
            && !has_default
        {
            p.at(
                c.span(),
                &format!("source[{i}].currency"),
                "a `currency` column needs the top-level `currency` (the default currency of won amounts)",
            );
        }
    }
}

/// `[cross_dedup] window_s`, which needs two sources with a `counterpart` column;
/// without the section no source keeps its `counterpart`.
pub(crate) fn check_cross_dedup(
    p: &mut Problems<'_>,
    wire: Option<&Spanned<CrossDedupWire>>,
    sources: &mut [Source],
) -> Option<i64> {
    let window_s = wire.and_then(|c| {
        let w = &c.get_ref().window_s;
        if (1..=86_400).contains(w.get_ref()) {
            Some(*w.get_ref())
        } else {
            p.at(
                w.span(),
                "cross_dedup.window_s",
                "expected whole seconds from 1 to 86400, e.g. `120`",
            );
            None
        }
    });
    if let Some(c) = wire
        && sources
            .iter()
            .filter(|s| s.each_layout().any(|l| l.counterpart.is_some()))
            .count()
            < 2
    {
        p.at(
            c.span(),
            "cross_dedup",
            "needs at least two sources with a `counterpart` column (the other party's phone number or email address)",
        );
    }
    if wire.is_none() {
        for s in sources {
            s.counterpart = None;
            for l in &mut s.layouts {
                l.counterpart = None;
            }
        }
    }
    window_s
}
