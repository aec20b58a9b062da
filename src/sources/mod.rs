//! Reading exports: decoding bytes into rows and parsing the values in them.

pub mod archive;
pub mod decode;
pub(crate) mod detect;
pub(crate) mod excel;
pub(crate) mod fields;
pub(crate) mod header;
pub mod inputs;
pub(crate) mod mapped;
pub(crate) mod names;
pub mod no_user;
pub(crate) mod opening;
pub mod presets;
pub(crate) mod pump;
pub(crate) mod read;
pub(crate) mod split;
