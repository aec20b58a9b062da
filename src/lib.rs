//! activity-quota: sales activity exports in, quota attainment reports out.
//!
//! The pipeline runs one way: `config` → `sources` (decode + map + normalise) →
//! `count` (rules, de-duplication, accounting) → `aggregate` (polars) → `report`.

pub mod sources;
