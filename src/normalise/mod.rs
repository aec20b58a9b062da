//! Stage 2: fields of a row → one normalised activity (time, zone, duration,
//! amount, identity).

pub(crate) mod row;
pub mod value;
pub mod zone;
