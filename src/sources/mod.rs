//! Reading exports: decoding bytes into rows and mapping rows onto activity records.

pub mod value;
