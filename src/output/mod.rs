//! Stage 5b: the output set: staging and atomic publish, the manifest, Parquet records.

pub mod closure;
pub mod guard;
pub mod manifest;
pub mod parquet;
pub mod publish;
