//! The sections of the body, one file per group: summary (key figures to leaderboard),
//! the rep chart, sales (sales to proration), a rep's statement, quality (exceptions
//! to sign-off).

mod chart;
mod quality;
mod sales;
mod statement;
mod summary;

pub(crate) use chart::*;
pub(crate) use quality::*;
pub(crate) use sales::*;
pub(crate) use statement::*;
pub(crate) use summary::*;

use super::*;
