//! Stage 2: fields of a row → one normalised activity (time, zone, duration,
//! amount, identity).

pub(crate) mod amount;
pub(crate) mod duration;
pub(crate) mod identity;
pub(crate) mod phone;
pub(crate) mod row;
pub(crate) mod time;
mod trim;
pub(crate) mod zone;
