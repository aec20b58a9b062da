//! activity-quota: sales activity exports in, quota attainment reports out.
//!
//! The pipeline runs one way: [`config`] → [`sources`] (find, decode, map, split) →
//! [`normalise`] → [`count`] (rules, de-duplication, accounting) → [`aggregate`]
//! (polars) → [`report`] (one model, rendered as CSV and PDF) → [`output`]; [`run`]
//! orchestrates the stages.

// Everything that is not the library's API (what the binary, the tests and the fuzz
// target use) is `pub(crate)`: the lint keeps it so, and the dead-code lint then sees
// what is unused (ARCHITECTURE.md, "Budgets").
#![warn(unreachable_pub)]

pub(crate) mod aggregate;
pub(crate) mod calendar;
pub mod cli;
pub mod config;
pub mod count;
pub mod error;
pub mod init;
pub mod model;
pub(crate) mod normalise;
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
