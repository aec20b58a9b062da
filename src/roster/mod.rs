//! The roster: who the reps are, and the identity indexes that resolve a row to a rep;
//! their absences are read in `absences.rs`.

use std::{borrow::Cow, collections::HashMap, fmt::Write as _, path::Path};

use chrono::NaiveDate;
use chrono_tz::Tz;

use csv::StringRecord;

use crate::{
    config::{Config, IdField, RosterColumns, parse_tz},
    error::Failure,
    model::{RepIdx, backticked},
    normalise::identity::{norm_email, norm_extension, norm_handle, norm_name},
};

pub(crate) mod absences;
mod identities;

/// Several identities of one kind may share a roster cell, separated by `|`
/// (aliases: a rep with two email addresses or a maiden name).
pub const ALIAS_SEPARATOR: char = '|';

#[derive(Clone, Debug)]
pub struct Rep {
    pub id: String,
    /// The display name: the first spelling of the `full_name` cell (the others are
    /// aliases, used only to match rows).
    pub(crate) name: String,
    pub(crate) team: String,
    pub(crate) role: String,
    pub(crate) tz: Tz,
    pub(crate) hire_date: Option<NaiveDate>,
    /// Last day of employment (inclusive), from the optional `exit_date` column.
    pub(crate) exit_date: Option<NaiveDate>,
    /// The country of the rep's phone numbers, from the optional `country` column.
    pub(crate) country: Option<&'static crate::normalise::phone::Country>,
}

type Index = HashMap<Box<str>, RepIdx, foldhash::fast::FixedState>;

/// Exact spellings by their 128-bit key ([`crate::model::key::key128`]): the key sits in the
/// table itself, so a lookup touches one slot and no separately allocated string (the
/// string compare was a cache miss per row). Two spellings share a key with probability
/// about 2⁻¹²⁸ per pair, as for the de-duplication keys.
type VerbatimIndex = HashMap<u128, RepIdx, std::hash::BuildHasherDefault<KeyHasher>>;

/// The keys are already hashes: the table uses their low 64 bits as they are.
#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // not used by u128 keys; any deterministic mix will do
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
    fn write_u128(&mut self, v: u128) {
        self.0 = v as u64;
    }
}

fn verbatim_key(raw: &str) -> u128 {
    crate::model::key::key128_bytes(0x7e5, raw.as_bytes())
}

/// Index value of an identity that two or more reps share (e.g. two "Anna Nowak"s):
/// rows carrying it cannot be attributed and count as unmatched.
const AMBIGUOUS: RepIdx = RepIdx::MAX;

#[derive(Debug, Default)]
pub struct Roster {
    pub reps: Vec<Rep>,
    /// Identities shared by several reps, with the reps' ids.
    pub(crate) ambiguous: Vec<(IdField, String, Vec<String>)>,
    /// Roster cells exactly as written, per field (index = `IdField as usize`): an
    /// export that spells an identity the way the roster does is resolved without
    /// normalising it (the hot path of every row).
    verbatim: [VerbatimIndex; 5],
    by_id: Index,
    by_email: Index,
    by_ext: Index,
    by_name: Index,
    by_handle: Index,
}

/// Normalise an identity value the way the roster index stores it.
pub(crate) fn normalise(field: IdField, value: &str) -> Cow<'_, str> {
    match field {
        IdField::RepId => Cow::Borrowed(value.trim()),
        IdField::Email => norm_email(value),
        IdField::PhoneExtension => norm_extension(value),
        IdField::FullName => norm_name(value),
        IdField::SocialHandle => norm_handle(value),
    }
}

impl Roster {
    fn index(&self, field: IdField) -> &Index {
        match field {
            IdField::RepId => &self.by_id,
            IdField::Email => &self.by_email,
            IdField::PhoneExtension => &self.by_ext,
            IdField::FullName => &self.by_name,
            IdField::SocialHandle => &self.by_handle,
        }
    }

    fn index_mut(&mut self, field: IdField) -> &mut Index {
        match field {
            IdField::RepId => &mut self.by_id,
            IdField::Email => &mut self.by_email,
            IdField::PhoneExtension => &mut self.by_ext,
            IdField::FullName => &mut self.by_name,
            IdField::SocialHandle => &mut self.by_handle,
        }
    }

    /// Resolve a raw identity value from an export.
    pub(crate) fn resolve(&self, field: IdField, raw: &str) -> Option<RepIdx> {
        if let Some(&i) = self.verbatim[field as usize].get(&verbatim_key(raw)) {
            return (i != AMBIGUOUS).then_some(i);
        }
        let key = normalise(field, raw);
        if key.is_empty() {
            return None;
        }
        self.index(field)
            .get(key.as_ref())
            .copied()
            .filter(|&i| i != AMBIGUOUS)
    }

    /// Whether a raw identity value is shared by several reps.
    pub(crate) fn is_ambiguous(&self, field: IdField, raw: &str) -> bool {
        let key = normalise(field, raw);
        self.index(field).get(key.as_ref()) == Some(&AMBIGUOUS)
    }

    pub fn len(&self) -> usize {
        self.reps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.reps.is_empty()
    }

    /// Load and validate the roster named by the config, and its identities file if
    /// one is configured; every problem of a file is reported at once.
    pub fn load(cfg: &Config) -> Result<Roster, Failure> {
        let path = &cfg.roster;
        let bytes = std::fs::read(path).map_err(|e| {
            Failure::config(format!(
                "cannot read roster `{}` (config key `roster`): {e}",
                path.display()
            ))
        })?;
        let side = match &cfg.roster_format.identities {
            Some(p) => Some((
                p.as_path(),
                std::fs::read(p).map_err(|e| {
                    Failure::config(format!(
                        "cannot read identities `{}` (config key `roster.identities`): {e}",
                        p.display()
                    ))
                })?,
            )),
            None => None,
        };
        Self::parse(path, &bytes, side.as_ref().map(|(p, b)| (*p, &b[..])), cfg)
    }

    /// Parse and validate roster bytes (`path` names the file in messages), then add
    /// the identities file's rows (`side`: its path and bytes) as aliases.
    fn parse(
        path: &Path,
        bytes: &[u8],
        side: Option<(&Path, &[u8])>,
        cfg: &Config,
    ) -> Result<Roster, Failure> {
        let crate::sources::decode::SmallCsv { headers, records } =
            crate::sources::decode::small_csv(path, bytes, "roster", cfg.roster_format.encoding)?;
        let mut problems = Vec::new();
        let cols = Columns::locate(&headers, cfg, &mut problems);
        let mut b = Builder::default();
        if problems.is_empty() {
            for rec in records {
                let rec = match rec {
                    Ok(r) => r,
                    Err(e) => {
                        problems.push(e.to_string());
                        continue;
                    }
                };
                b.row(&rec, &cols, cfg, &mut problems);
            }
        }
        if let Some(p) = b.unmapped_problem(cfg) {
            problems.push(p);
        }
        problems.extend(unknown_quota_reps(&b.roster, cfg));
        if !problems.is_empty() {
            return Err(file_problems("roster", path, &problems));
        }
        if let Some((side_path, side_bytes)) = side {
            b.side_file(side_path, side_bytes, cfg)?;
        }
        Ok(b.finish(path, cfg))
    }
}

/// Rep ids that a `[[quota]] rep` selector names but the roster does not hold.
fn unknown_quota_reps(roster: &Roster, cfg: &Config) -> Vec<String> {
    let mut out = Vec::new();
    for q in &cfg.quotas {
        for id in q.selector.rep.iter().flatten() {
            if !roster.by_id.contains_key(id.as_str()) {
                out.push(format!(
                    "quota `{}` (quota[{}].rep) names rep `{id}`, which is not in the roster",
                    q.name, q.order
                ));
            }
        }
    }
    out
}

/// A cell of a roster row, trimmed (`""` when the column is absent or the row short).
fn cell(rec: &StringRecord, i: Option<usize>) -> &str {
    i.and_then(|i| rec.get(i)).unwrap_or("").trim()
}

/// Where each roster field sits in the file's header (`None`: no such column).
struct Columns {
    id: Option<usize>,
    name: Option<usize>,
    email: Option<usize>,
    ext: Option<usize>,
    handle: Option<usize>,
    tz: Option<usize>,
    team: Option<usize>,
    role: Option<usize>,
    hire: Option<usize>,
    exit: Option<usize>,
    /// `[roster] zone_column`: locations mapped by `[roster.zones]` (instead of `tz`).
    zone: Option<usize>,
    country: Option<usize>,
}

impl Columns {
    /// Find each field's column by its configured name; `rep_id`, `full_name` and a
    /// configured `zone_column` are required (a problem each when missing).
    fn locate(headers: &StringRecord, cfg: &Config, problems: &mut Vec<String>) -> Columns {
        let c: &RosterColumns = &cfg.roster_columns;
        let zone_column = cfg.roster_format.zone_column.as_deref();
        let col = |name: &str| headers.iter().position(|h| h.trim() == name);
        let mut need = |field: &str, name: &str, required: bool| {
            let i = col(name);
            if i.is_none() && required {
                problems.push(format!(
                    "missing column `{name}` (roster field `{field}`); header has {}",
                    backticked(headers.iter())
                ));
            }
            i
        };
        let zone = zone_column.and_then(|z| need("zone_column", z, true));
        Columns {
            zone,
            id: need("rep_id", &c.rep_id, true),
            name: need("full_name", &c.full_name, true),
            email: need("email", &c.email, false),
            ext: need("phone_extension", &c.phone_extension, false),
            handle: need("social_handle", &c.social_handle, false),
            tz: if zone_column.is_some() {
                None
            } else {
                need("time_zone", &c.time_zone, false)
            },
            team: need("team", &c.team, false),
            role: need("role", &c.role, false),
            hire: need("hire_date", &c.hire_date, false),
            exit: need("exit_date", &c.exit_date, false),
            country: need("country", &c.country, false),
        }
    }
}

/// A roster being read row by row, with what its indexes are finished from.
#[derive(Default)]
struct Builder {
    roster: Roster,
    /// (field, the value as written, its normalised form)
    verbatim: Vec<(IdField, String, Box<str>)>,
    /// Where each ambiguous (field, normalised key) sits in `roster.ambiguous` (a
    /// linear search there was quadratic in a roster full of common names).
    ambiguous_at: HashMap<(IdField, Box<str>), usize>,
    /// Locations `[roster.zones]` does not map, in order of appearance, with the line
    /// of their first row.
    unmapped: Vec<(String, u64)>,
}

impl Builder {
    /// One data row: the rep, then each of its identities into the indexes.
    fn row(
        &mut self,
        rec: &StringRecord,
        cols: &Columns,
        cfg: &Config,
        problems: &mut Vec<String>,
    ) {
        let line = rec.position().map_or(0, |p| p.line());
        if rec.iter().all(|f| f.trim().is_empty()) {
            return;
        }
        let Some(rep) = rep_of(rec, line, cols, cfg, problems, &mut self.unmapped) else {
            return;
        };
        let idx = self.roster.reps.len() as RepIdx;
        for (field, i) in [
            (IdField::RepId, cols.id),
            (IdField::Email, cols.email),
            (IdField::PhoneExtension, cols.ext),
            (IdField::FullName, cols.name),
            (IdField::SocialHandle, cols.handle),
        ] {
            let cell = cell(rec, i);
            let values: Vec<&str> = if field == IdField::RepId {
                vec![cell]
            } else {
                cell.split(ALIAS_SEPARATOR).collect()
            };
            for v in values {
                self.identity(field, v, idx, &rep.id, line, problems);
            }
        }
        self.roster.reps.push(rep);
    }

    /// Index one identity `v` of rep `idx` (id `id`): a second rep with the same
    /// identity makes it ambiguous (a duplicate `rep_id` is a problem).
    fn identity(
        &mut self,
        field: IdField,
        v: &str,
        idx: RepIdx,
        id: &str,
        line: u64,
        problems: &mut Vec<String>,
    ) {
        let roster = &mut self.roster;
        let key = normalise(field, v);
        self.verbatim
            .push((field, v.trim().to_string(), Box::from(key.as_ref())));
        if key.is_empty() {
            return;
        }
        let index = match field {
            IdField::RepId => &mut roster.by_id,
            IdField::Email => &mut roster.by_email,
            IdField::PhoneExtension => &mut roster.by_ext,
            IdField::FullName => &mut roster.by_name,
            IdField::SocialHandle => &mut roster.by_handle,
        };
        if let Some(&other) = index.get(key.as_ref()) {
            let other_id = roster.reps.get(other as usize).map(|r| r.id.clone());
            if field == IdField::RepId {
                problems.push(format!("line {line}: duplicate rep_id `{id}`"));
            } else if other == AMBIGUOUS {
                if let Some(a) = self
                    .ambiguous_at
                    .get(&(field, Box::from(key.as_ref())))
                    .and_then(|&at| roster.ambiguous.get_mut(at))
                {
                    a.2.push(id.to_string());
                }
            } else if let Some(other_id) = other_id.filter(|o| o != id) {
                self.ambiguous_at
                    .insert((field, Box::from(key.as_ref())), roster.ambiguous.len());
                roster.ambiguous.push((
                    field,
                    v.trim().to_string(),
                    vec![other_id, id.to_string()],
                ));
                index.insert(key.into_owned().into_boxed_str(), AMBIGUOUS);
            }
            return;
        }
        index.insert(key.into_owned().into_boxed_str(), idx);
    }

    /// The one problem of every location without a zone (`None`: all mapped).
    fn unmapped_problem(&self, cfg: &Config) -> Option<String> {
        let &(_, first) = self.unmapped.first()?;
        let column = cfg.roster_format.zone_column.as_deref().unwrap_or("");
        Some(format!(
            "line {first}: no time zone for location {} (column `{column}`); map each in the config's `[roster.zones]`, e.g. `\"{}\" = \"Europe/Warsaw\"`",
            backticked(self.unmapped.iter().map(|(l, _)| l.as_str())),
            self.unmapped[0].0
        ))
    }

    /// The finished roster: exact spellings indexed, ambiguous identities that a
    /// source matches on warned about.
    fn finish(self, path: &Path, cfg: &Config) -> Roster {
        let mut roster = self.roster;
        // exact spellings resolve to whatever their normalised form resolves to
        for (field, raw, key) in self.verbatim {
            if let Some(&i) = roster.index(field).get(key.as_ref()) {
                roster.verbatim[field as usize].insert(verbatim_key(&raw), i);
            }
        }
        for (field, value, ids) in &roster.ambiguous {
            if cfg
                .sources
                .iter()
                .flat_map(|s| s.each_layout())
                .any(|s| s.rep_field == *field)
            {
                tracing::warn!(
                    "roster `{}`: {} `{value}` belongs to {}; rows identified by it cannot be attributed and count as unmatched",
                    path.display(),
                    field.as_str(),
                    ids.join(", ")
                );
            }
        }
        for w in unknown_teams_and_roles(&roster, cfg) {
            tracing::warn!("{w}");
        }
        roster
    }
}

/// Teams and roles the config names (`[teams.NAME]`, `team_calendars`, a plan's `team`
/// or `role`) that no rep of the roster has: a misspelt name applies to nobody, silently.
/// Warnings, not errors: a team may be empty this month.
fn unknown_teams_and_roles(roster: &Roster, cfg: &Config) -> Vec<String> {
    let teams: std::collections::BTreeSet<&str> =
        roster.reps.iter().map(|r| r.team.as_str()).collect();
    let roles: std::collections::BTreeSet<&str> =
        roster.reps.iter().map(|r| r.role.as_str()).collect();
    let mut named: Vec<(String, &str, bool)> = Vec::new();
    for t in cfg.teams.keys() {
        named.push((format!("`[teams.{t:?}]`"), t, true));
    }
    for t in cfg.team_calendars.keys() {
        named.push(("`team_calendars`".to_string(), t, true));
    }
    for q in &cfg.quotas {
        if let Some(t) = &q.selector.team {
            named.push((
                format!("quota `{}` (quota[{}].team)", q.name, q.order),
                t,
                true,
            ));
        }
        if let Some(r) = &q.selector.role {
            named.push((
                format!("quota `{}` (quota[{}].role)", q.name, q.order),
                r,
                false,
            ));
        }
    }
    let mut out = Vec::new();
    for (what, name, is_team) in named {
        let known = if is_team { &teams } else { &roles };
        if !known.contains(name) {
            out.push(format!(
                "{what} names {} `{name}`, which no rep of the roster has; it applies to nobody (the roster's {}s: {})",
                if is_team { "team" } else { "role" },
                if is_team { "team" } else { "role" },
                backticked(known.iter().copied())
            ));
        }
    }
    out
}

/// The name a rep is shown by: the first spelling of a `full_name` cell that may list
/// aliases (`Agnieszka Lewandowska-Kruk|Agnieszka Kruk` → `Agnieszka Lewandowska-Kruk`).
fn display_name(cell: &str) -> &str {
    cell.split(ALIAS_SEPARATOR)
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or("")
}

/// The rep of one data row: its id, time zone (the organisation's when empty) and
/// employment dates; `None` after a problem.
fn rep_of(
    rec: &StringRecord,
    line: u64,
    cols: &Columns,
    cfg: &Config,
    problems: &mut Vec<String>,
    unmapped: &mut Vec<(String, u64)>,
) -> Option<Rep> {
    let get = |i: Option<usize>| cell(rec, i);
    let id = get(cols.id);
    if id.is_empty() {
        problems.push(format!(
            "line {line}: empty `{}`",
            cfg.roster_columns.rep_id
        ));
        return None;
    }
    let location = get(cols.zone);
    let tz_text = get(cols.tz);
    let tz = if !location.is_empty() {
        match cfg.roster_format.zones.get(location) {
            Some(&tz) => tz,
            None => {
                if !unmapped.iter().any(|(l, _)| l == location) {
                    unmapped.push((location.to_string(), line));
                }
                cfg.timezone
            }
        }
    } else if tz_text.is_empty() {
        cfg.timezone
    } else {
        match parse_tz(tz_text) {
            Some(tz) => tz,
            None => {
                problems.push(format!(
                    "line {line}: rep `{id}`: unknown time zone `{tz_text}`; expected an IANA name such as `Europe/Warsaw`, or empty for the organisation default"
                ));
                return None;
            }
        }
    };
    let mut bad_date = false;
    let mut date_of = |i: Option<usize>, name: &str| {
        let text = get(i);
        if text.is_empty() {
            return None;
        }
        match cfg.roster_format.date(text) {
            Some(d) => Some(d),
            None => {
                problems.push(format!(
                    "line {line}: rep `{id}`: {name} `{text}` is not a date; expected {}",
                    cfg.roster_format.date_expected()
                ));
                bad_date = true;
                None
            }
        }
    };
    let hire_date = date_of(cols.hire, "hire_date");
    let exit_date = date_of(cols.exit, "exit_date");
    let country_text = get(cols.country);
    let country = crate::normalise::phone::Country::of(country_text);
    if country.is_none() && !country_text.is_empty() {
        problems.push(format!(
            "line {line}: rep `{id}`: country `{country_text}` is not supported; expected an ISO 3166 code: {}, or empty",
            crate::normalise::phone::Country::list()
        ));
        return None;
    }
    if bad_date {
        return None;
    }
    if let (Some(h), Some(x)) = (hire_date, exit_date)
        && x < h
    {
        problems.push(format!(
            "line {line}: rep `{id}`: exit_date {x} is before hire_date {h}"
        ));
        return None;
    }
    Some(Rep {
        id: id.to_string(),
        name: display_name(get(cols.name)).to_string(),
        team: get(cols.team).to_string(),
        role: get(cols.role).to_string(),
        tz,
        hire_date,
        exit_date,
        country,
    })
}
/// One failure listing every problem of a file (`what`: "roster", "absences"), one a line.
pub(crate) fn file_problems(what: &str, path: &Path, problems: &[String]) -> Failure {
    let mut msg = format!(
        "{} problem{} in {what} `{}`",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" },
        path.display()
    );
    for p in problems {
        let _ = write!(msg, "\n  --> {p}");
    }
    Failure::config(msg)
}
