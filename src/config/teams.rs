//! `[teams.NAME]`: what a team sets for its reps (`currency`, `country`), and
//! `[cross_dedup] default_country`.

use std::collections::BTreeMap;

use toml::Spanned;

use super::{org::check_currency, problems::Problems, wire::TeamWire};
use crate::normalise::phone::Country;

/// What a `[teams.NAME]` table sets for the team's reps.
#[derive(Clone, Debug, Default)]
pub(crate) struct Team {
    /// The currency of won amounts of the team's reps whose plans set none.
    pub(crate) currency: Option<String>,
    /// The country of the team's reps' phone numbers (cross-tool de-duplication).
    pub(crate) country: Option<&'static Country>,
}

/// A country code under `key`, one of [`crate::normalise::phone::COUNTRIES`].
pub(crate) fn check_country(
    p: &mut Problems<'_>,
    c: &Spanned<String>,
    key: &str,
) -> Option<&'static Country> {
    let found = Country::of(c.get_ref());
    if found.is_none() {
        p.at(
            c.span(),
            key,
            format!(
                "`{}` is not a supported country; expected an ISO 3166 code: {}",
                c.get_ref(),
                Country::list()
            ),
        );
    }
    found
}

/// Every `[teams.NAME]` table (team names as the roster's `team` column spells them).
pub(crate) fn check_teams(
    p: &mut Problems<'_>,
    teams: &BTreeMap<String, TeamWire>,
) -> BTreeMap<String, Team> {
    teams
        .iter()
        .map(|(name, t)| {
            let team = Team {
                currency: t
                    .currency
                    .as_ref()
                    .and_then(|c| check_currency(p, c, &format!("teams.{name}.currency"))),
                country: t
                    .country
                    .as_ref()
                    .and_then(|c| check_country(p, c, &format!("teams.{name}.country"))),
            };
            (name.clone(), team)
        })
        .collect()
}
