//! Stage 2: fields of a row → one normalised activity (time, zone, duration,
//! amount, identity).

pub mod amount;
pub mod duration;
pub mod identity;
pub(crate) mod row;
pub mod time;
mod trim;
pub mod zone;
