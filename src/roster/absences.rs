//! Rep absences: the `absences` CSV (`rep_id,from,to`) → date ranges per rep, in
//! roster order ([`Absences`], used by the calendar's proration).

use std::path::Path;

use crate::{
    calendar::Absences,
    config::{IdField, RosterFormat},
    error::Failure,
    roster::Roster,
};

/// Load the absences CSV (`rep_id,from,to`, `to` inclusive; dates and encoding as the
/// roster's, `YYYY-MM-DD` and UTF-8 by default); every problem is reported at once
/// with file:line.
pub(crate) fn load_absences(
    path: &Path,
    roster: &Roster,
    format: &RosterFormat,
) -> Result<Absences, Failure> {
    let bytes = std::fs::read(path).map_err(|e| {
        Failure::config(format!(
            "cannot read absences `{}` (config key `absences`): {e}",
            path.display()
        ))
    })?;
    parse_absences(path, &bytes, roster, format)
}

/// Parse the absences CSV (see [`load_absences`]); `path` names it in messages.
pub(crate) fn parse_absences(
    path: &Path,
    bytes: &[u8],
    roster: &Roster,
    format: &RosterFormat,
) -> Result<Absences, Failure> {
    let crate::sources::decode::SmallCsv { headers, records } =
        crate::sources::decode::small_csv(path, bytes, "absences", format.encoding)?;
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let mut problems = Vec::new();
    let mut out: Absences = vec![Vec::new(); roster.len()];
    let (i_rep, i_from, i_to) = (col("rep_id"), col("from"), col("to"));
    if let (Some(i_rep), Some(i_from), Some(i_to)) = (i_rep, i_from, i_to) {
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
            let id = get(i_rep);
            let Some(rep) = roster.resolve(IdField::RepId, id) else {
                problems.push(format!("line {line}: unknown rep_id `{id}`"));
                continue;
            };
            let date = |i: usize, name: &str, problems: &mut Vec<String>| {
                let v = get(i);
                let d = format.date(v);
                if d.is_none() {
                    problems.push(format!(
                        "line {line}: `{name}` `{v}` is not a date; expected {}",
                        format.date_expected()
                    ));
                }
                d
            };
            let from = date(i_from, "from", &mut problems);
            let to = date(i_to, "to", &mut problems);
            if let (Some(f), Some(t)) = (from, to) {
                if t < f {
                    problems.push(format!("line {line}: `to` {t} is before `from` {f}"));
                } else if let Some(v) = out.get_mut(rep as usize) {
                    v.push((f, t));
                }
            }
        }
    } else {
        problems.push(format!(
            "expected the columns `rep_id`, `from`, `to`; header has {}",
            crate::model::backticked(headers.iter())
        ));
    }
    if problems.is_empty() {
        return Ok(out);
    }
    Err(super::file_problems("absences", path, &problems))
}
