//! The roster and plan parts of `init`'s starter config: an HR export's columns mapped
//! to the roster fields by their usual names, and a starter `[[quota]]` per role with
//! placeholder targets for the kinds the sources yield.

use std::{fmt::Write as _, path::Path};

use crate::{error::Failure, model::Kind, sources::decode};

/// The roster fields and the header names HR exports use for them (compared by
/// [`crate::sources::names::key`]).
const ROSTER_NAMES: [(&str, &[&str]); 10] = [
    (
        "rep_id",
        &[
            "rep_id",
            "employee id",
            "employee number",
            "personnel number",
            "id",
        ],
    ),
    (
        "full_name",
        &[
            "full_name",
            "name",
            "employee name",
            "employee",
            "display name",
        ],
    ),
    (
        "email",
        &[
            "email",
            "work email",
            "e-mail",
            "email address",
            "business email",
        ],
    ),
    (
        "phone_extension",
        &["phone_extension", "extension", "ext", "phone ext"],
    ),
    (
        "social_handle",
        &["social_handle", "linkedin", "linkedin url", "profile url"],
    ),
    ("time_zone", &["time_zone", "timezone", "time zone", "tz"]),
    ("team", &["team", "department", "sales team"]),
    ("role", &["role", "job title", "position", "title"]),
    (
        "hire_date",
        &[
            "hire_date",
            "start date",
            "hire date",
            "date of hire",
            "joined",
        ],
    ),
    (
        "exit_date",
        &["exit_date", "end date", "termination date", "leave date"],
    ),
];

/// `roster = …` and `[roster_columns]` for an HR export; the roles found in it.
pub(super) fn roster_section(
    s: &mut String,
    path: &Path,
    base: &Path,
) -> Result<Vec<String>, Failure> {
    let bytes = std::fs::read(path)
        .map_err(|e| Failure::config(format!("cannot read roster `{}`: {e}", path.display())))?;
    // HR's export as it is: UTF-8, else Windows-1250 (a Polish Excel's "CSV")
    let (csv, legacy) = match decode::small_csv(path, &bytes, "roster", None) {
        Ok(c) => (c, false),
        Err(_) => (
            decode::small_csv(path, &bytes, "roster", Some(encoding_rs::WINDOWS_1250))?,
            true,
        ),
    };
    let header: Vec<String> = csv.headers.iter().map(str::to_string).collect();
    let shown = crate::sources::inputs::shown_path(path, base);
    if legacy {
        let _ = writeln!(
            s,
            "# the roster is not UTF-8: read as Windows-1250 (TODO: or windows-1252?)\n[roster]\nfile = {shown:?}\nencoding = \"windows-1250\""
        );
    } else {
        let _ = writeln!(s, "roster = {shown:?}");
    }
    let mut renames = Vec::new();
    let mut role_col = None;
    for (field, names) in ROSTER_NAMES {
        let hit = header.iter().position(|h| {
            names
                .iter()
                .any(|n| crate::sources::names::key(h) == crate::sources::names::key(n))
        });
        match hit {
            Some(i) if header[i] != field => renames.push(format!("{field} = {:?}", header[i])),
            Some(_) => {}
            None if matches!(field, "rep_id" | "full_name" | "team" | "role") => renames.push(
                format!("# TODO: which column is `{field}`? {field} = \"…\""),
            ),
            None => {}
        }
        if field == "role" {
            role_col = hit;
        }
    }
    if !renames.is_empty() {
        s.push_str("\n[roster_columns]  # the roster's own header names\n");
        for r in &renames {
            let _ = writeln!(s, "{r}");
        }
    }
    let mut roles: Vec<String> = Vec::new();
    if let Some(i) = role_col {
        for r in csv.records.iter().flatten() {
            if let Some(v) = r.get(i).map(str::trim)
                && !v.is_empty()
                && !roles.iter().any(|x| x == v)
            {
                roles.push(v.to_string());
            }
        }
    }
    roles.sort();
    Ok(roles)
}

/// `{ call = 60, … }`: a placeholder monthly target for every kind the config's active
/// sources yield (their `kind`, or their preset's), in the kinds' order; calls, emails
/// and social touches when none is known.
pub(super) fn starter_targets(config: &str) -> String {
    let mut kinds = std::collections::BTreeSet::new();
    for line in config.lines() {
        let value = |key: &str| {
            let v = line.strip_prefix(key)?.trim_start().strip_prefix('=')?;
            Some(
                v.trim_start()
                    .strip_prefix('"')?
                    .split('"')
                    .next()?
                    .to_string(),
            )
        };
        let kind = value("kind").or_else(|| {
            let tool = value("preset")?;
            Some(
                crate::sources::presets::find(&tool)?
                    .first()?
                    .kind
                    .to_string(),
            )
        });
        if let Some(k) = kind.as_deref().and_then(Kind::parse) {
            kinds.insert(k);
        }
    }
    if kinds.is_empty() {
        kinds.extend([Kind::Call, Kind::Email, Kind::Social]);
    }
    let placeholder = |k: Kind| match k {
        Kind::Call => 60,
        Kind::Email => 70,
        Kind::Social => 25,
        Kind::Meeting | Kind::Proposal | Kind::Opportunity => 6,
    };
    let list: Vec<String> = kinds
        .into_iter()
        .map(|k| format!("{} = {}", k.as_str(), placeholder(k)))
        .collect();
    format!("{{ {} }}", list.join(", "))
}

pub(super) fn quotas(s: &mut String, roles: &[String], targets: &str) {
    if roles.is_empty() {
        let _ = writeln!(
            s,
            "\n[[quota]]\nname = \"Everyone\"\nperiod = \"month\"\ntargets = {targets}  # TODO: your targets"
        );
        return;
    }
    for r in roles {
        let _ = writeln!(
            s,
            "\n[[quota]]\nname = {r:?}\nrole = {r:?}\nperiod = \"month\"\ntargets = {targets}  # TODO: the targets of role `{r}`"
        );
    }
}
