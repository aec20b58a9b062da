//! Reading exports: decoding bytes into rows and parsing the values in them.

pub mod decode;
pub(crate) mod detect;
pub(crate) mod fields;
pub(crate) mod header;
pub mod inputs;
pub(crate) mod names;
pub mod no_user;
pub mod presets;
pub(crate) mod read;
pub(crate) mod split;
