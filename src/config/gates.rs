//! `[gates]`: the data-quality gates kept in the config (the command line has
//! `--max-reject-rate` and `--fail-on-unmatched`). `coverage`: what to do when a
//! source's exports do not cover the report period.

use serde::Deserialize;
use toml::Spanned;

use super::problems::Problems;

/// `[gates]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GatesWire {
    pub(crate) coverage: Option<Spanned<String>>,
    pub(crate) coverage_days: Option<Spanned<toml::Value>>,
}

/// What a coverage gap does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoverageMode {
    /// Not checked.
    Off,
    /// A warning on stderr (the default).
    Warn,
    /// A warning, and the run exits 3 (reports written).
    Fail,
}

/// `[gates] coverage` and `coverage_days`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoverageGate {
    pub mode: CoverageMode,
    /// Days a source may start after the period's start or end before its end (or
    /// before `--as-of`) without a gap being reported.
    pub days: u32,
}

/// The default slack of [`CoverageGate::days`].
pub const COVERAGE_DAYS: u32 = 2;

/// The most `coverage_days` can be.
const MAX_DAYS: i64 = 366;

impl Default for CoverageGate {
    fn default() -> Self {
        CoverageGate {
            mode: CoverageMode::Warn,
            days: COVERAGE_DAYS,
        }
    }
}

/// Check `[gates]`.
pub(crate) fn check_gates(p: &mut Problems<'_>, w: Option<&GatesWire>) -> CoverageGate {
    let mut gate = CoverageGate::default();
    let Some(w) = w else { return gate };
    if let Some(m) = &w.coverage {
        match m.get_ref().trim() {
            "off" => gate.mode = CoverageMode::Off,
            "warn" => gate.mode = CoverageMode::Warn,
            "fail" => gate.mode = CoverageMode::Fail,
            other => p.at(
                m.span(),
                "gates.coverage",
                format!("unknown value `{other}`; expected `warn`, `fail` or `off`"),
            ),
        }
    }
    if let Some(d) = &w.coverage_days {
        match d.get_ref() {
            toml::Value::Integer(n) if (0..=MAX_DAYS).contains(n) => gate.days = *n as u32,
            v => p.at(
                d.span(),
                "gates.coverage_days",
                format!("expected a whole number of days from 0 to {MAX_DAYS}, found `{v}`"),
            ),
        }
    }
    gate
}
