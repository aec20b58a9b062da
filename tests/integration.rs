//! End-to-end tests: run the binary on fixtures, compare golden files and exact
//! messages. `UPDATE_GOLDEN=1 cargo test` rewrites the goldens; review the diff.

mod util;

mod changed;
mod cron;
mod errors;
mod excel;
mod fuzz;
mod hostile;
mod identities;
mod limits;
mod pdf;
mod presets;
mod records;
mod runs;
