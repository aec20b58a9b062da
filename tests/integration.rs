//! End-to-end tests: run the binary on fixtures, compare golden files and exact
//! messages. `UPDATE_GOLDEN=1 cargo test` rewrites the goldens; review the diff.

mod util;

mod changed;
mod close;
mod cron;
mod errors;
mod excel;
mod fuzz;
mod guard;
mod hostile;
mod identities;
mod init;
mod limits;
mod pdf;
mod pdf_files;
mod phone;
mod presets;
mod records;
mod roster;
mod runs;
mod timestamps;
