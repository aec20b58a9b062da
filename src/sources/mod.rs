//! Reading exports: decoding bytes into rows and parsing the values in them.

pub mod decode;
pub mod no_user;
pub mod presets;
