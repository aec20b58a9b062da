//! `[roster] identities`: a side file of more identities per rep (`rep_id,field,value`:
//! a second email, a profile URL, a tool's user name), so that HR's export is never
//! edited by hand. Each row adds an alias to the rep, as a `|` in a roster cell would;
//! a value that two reps claim is a problem (the roster's own shared values only make
//! rows ambiguous, but a side file is written to attribute them).

use std::path::Path;

use super::{AMBIGUOUS, Builder, file_problems, normalise};
use crate::{config::Config, config::IdField, error::Failure, model::backticked};

/// The `field` spellings besides the roster fields' own names (`email`,
/// `phone_extension`, `full_name`, `social_handle`).
const SYNONYMS: [(&str, IdField); 4] = [
    ("extension", IdField::PhoneExtension),
    ("profile_url", IdField::SocialHandle),
    ("name", IdField::FullName),
    ("user_name", IdField::FullName),
];

/// The roster field a `field` cell names (case and surrounding spaces ignored).
fn field_of(text: &str) -> Option<IdField> {
    let t = text.trim().to_ascii_lowercase();
    SYNONYMS
        .iter()
        .find(|(s, _)| *s == t)
        .map(|&(_, f)| f)
        .or_else(|| IdField::parse(&t))
        .filter(|&f| f != IdField::RepId)
}

/// Every name a `field` cell may hold, for messages.
fn field_names() -> String {
    let own = IdField::ALL
        .into_iter()
        .filter(|&f| f != IdField::RepId)
        .map(IdField::as_str);
    backticked(own.chain(SYNONYMS.iter().map(|(s, _)| *s)))
}

impl Builder {
    /// Add the identities file's rows to the reps read so far; every problem at once.
    pub(super) fn side_file(
        &mut self,
        path: &Path,
        bytes: &[u8],
        cfg: &Config,
    ) -> Result<(), Failure> {
        let crate::sources::decode::SmallCsv { headers, records } =
            crate::sources::decode::small_csv(
                path,
                bytes,
                "identities",
                cfg.roster_format.encoding,
            )?;
        let col = |name: &str| headers.iter().position(|h| h.trim() == name);
        let mut problems = Vec::new();
        let (Some(i_rep), Some(i_field), Some(i_value)) =
            (col("rep_id"), col("field"), col("value"))
        else {
            problems.push(format!(
                "expected the columns `rep_id`, `field`, `value`; header has {}",
                backticked(headers.iter())
            ));
            return Err(file_problems("identities", path, &problems));
        };
        for rec in records {
            let rec = match rec {
                Ok(r) => r,
                Err(e) => {
                    problems.push(e.to_string());
                    continue;
                }
            };
            let line = rec.position().map_or(0, |p| p.line());
            if rec.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let get = |i: usize| rec.get(i).unwrap_or("").trim();
            let (id, field, value) = (get(i_rep), get(i_field), get(i_value));
            self.side_row(line, (id, field, value), &mut problems);
        }
        if problems.is_empty() {
            return Ok(());
        }
        Err(file_problems("identities", path, &problems))
    }

    /// One row of the identities file: `value` becomes an alias of rep `id`.
    fn side_row(
        &mut self,
        line: u64,
        (id, field, value): (&str, &str, &str),
        problems: &mut Vec<String>,
    ) {
        let Some(&rep) = self.roster.by_id.get(id) else {
            problems.push(format!("line {line}: unknown rep_id `{id}`"));
            return;
        };
        let Some(f) = field_of(field) else {
            problems.push(format!(
                "line {line}: unknown field `{field}`; expected one of {}",
                field_names()
            ));
            return;
        };
        let key = normalise(f, value);
        if key.is_empty() {
            problems.push(format!("line {line}: rep `{id}`: empty {}", f.as_str()));
            return;
        }
        let owner = self.roster.index(f).get(key.as_ref()).copied();
        match owner {
            Some(o) if o == rep => {}
            Some(o) => {
                let others: Vec<String> = if o == AMBIGUOUS {
                    self.ambiguous_at
                        .get(&(f, Box::from(key.as_ref())))
                        .and_then(|&at| self.roster.ambiguous.get(at))
                        .map(|a| a.2.clone())
                        .unwrap_or_default()
                } else {
                    self.roster
                        .reps
                        .get(o as usize)
                        .map(|r| r.id.clone())
                        .into_iter()
                        .collect()
                };
                problems.push(format!(
                    "line {line}: {} `{value}` is claimed by {}{} and `{id}`",
                    f.as_str(),
                    if others.len() == 1 { "both " } else { "" },
                    backticked(others.iter().map(String::as_str))
                ));
            }
            None => {
                let boxed: Box<str> = Box::from(key.as_ref());
                self.verbatim.push((f, value.to_string(), boxed.clone()));
                self.roster.index_mut(f).insert(boxed, rep);
            }
        }
    }
}
