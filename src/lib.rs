//! activity-quota: sales activity exports in, quota attainment reports out.
//!
//! The pipeline runs one way: [`config`] → [`sources`] (find, decode, map, split) →
//! [`normalise`] → [`count`] (rules, de-duplication, accounting) → [`aggregate`]
//! (polars) → [`report`] (one model, rendered as CSV and PDF) → [`output`]; [`run`]
//! orchestrates the stages.

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
    format!("{:x}", Sha256::digest(bytes))
}
