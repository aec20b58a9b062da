//! Which reps get a statement: `--per-rep` alone (every rep), or `--per-rep team=NAME`,
//! `--per-rep rep=ID`, repeated or as comma lists (`team=Warszawa,Kraków`: an item
//! without `key=` takes the key before it).

use crate::{error::Failure, roster::Roster};

/// The reps named by `--per-rep`: all of them when both lists are empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RepSelection {
    teams: Vec<String>,
    reps: Vec<String>,
}

/// How many known names an error message lists before "and N more".
const SHOWN: usize = 10;

impl RepSelection {
    /// Every rep.
    pub fn all() -> RepSelection {
        RepSelection::default()
    }

    /// The selection of the `--per-rep` values `values`, checked against the roster:
    /// an unknown team or rep id, or an item that is neither `team=…` nor `rep=…`, is a
    /// usage error (exit 2) naming the known ones.
    pub fn parse(values: &[String], roster: &Roster) -> Result<RepSelection, Failure> {
        let mut sel = RepSelection::default();
        for value in values {
            let mut key: Option<&str> = None;
            for item in value.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                let (k, v) = match item.split_once('=') {
                    Some((k, v)) => (k.trim(), v.trim()),
                    None => match key {
                        Some(k) => (k, item),
                        None => return Err(bad(item)),
                    },
                };
                match k {
                    "team" => sel.teams.push(v.to_string()),
                    "rep" => sel.reps.push(v.to_string()),
                    _ => return Err(bad(item)),
                }
                key = Some(k);
            }
        }
        let mut teams: Vec<&str> = roster.reps.iter().map(|r| r.team.as_str()).collect();
        teams.sort_unstable();
        teams.dedup();
        if let Some(t) = sel
            .teams
            .iter()
            .find(|t| teams.binary_search(&t.as_str()).is_err())
        {
            return Err(Failure::config(format!(
                "--per-rep: no team `{t}` in the roster; its teams are {}",
                brief(&teams)
            )));
        }
        let mut ids: Vec<&str> = roster.reps.iter().map(|r| r.id.as_str()).collect();
        ids.sort_unstable();
        if let Some(r) = sel
            .reps
            .iter()
            .find(|r| ids.binary_search(&r.as_str()).is_err())
        {
            return Err(Failure::config(format!(
                "--per-rep: no rep `{r}` in the roster; its rep ids are {}",
                brief(&ids)
            )));
        }
        Ok(sel)
    }

    /// Whether the rep `id` of `team` gets a statement.
    pub(crate) fn includes(&self, id: &str, team: &str) -> bool {
        (self.teams.is_empty() && self.reps.is_empty())
            || self.teams.iter().any(|t| t == team)
            || self.reps.iter().any(|r| r == id)
    }
}

fn bad(item: &str) -> Failure {
    Failure::config(format!(
        "--per-rep: `{item}` is neither `team=NAME` nor `rep=ID` (e.g. `--per-rep team=Warszawa`, `--per-rep rep=R001,R002`)"
    ))
}

/// The first [`SHOWN`] of `names` in backticks, then how many more there are.
fn brief(names: &[&str]) -> String {
    let mut s = crate::model::backticked(names.iter().take(SHOWN).copied());
    if names.len() > SHOWN {
        s.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    s
}
