//! activity-quota: sales activity exports in, quota attainment reports out.
//!
//! The pipeline runs one way: [`config`] → [`sources`] and [`ingest`] (decode, map,
//! normalise) → [`count`] (rules, de-duplication, accounting) → [`aggregate`]
//! (polars) → [`report`] (one model, rendered as CSV and PDF).

pub mod aggregate;
pub mod calendar;
pub mod cli;
pub mod config;
pub mod count;
pub mod error;
pub mod model;
pub mod normalise;
pub mod output;
pub mod period;
pub mod report;
pub mod roster;
pub mod run;
pub mod sources;

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
