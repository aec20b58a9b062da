//! Fuzz the roster: arbitrary bytes as `roster.csv` under the shared config
//! (`common.rs`). Every input must load (every rep with a valid zone and identities) or
//! end in one error listing its problems; never a panic.
//!
//!     cargo +nightly fuzz run roster -- -max_total_time=600
#![no_main]

use activity_quota::{config::Config, roster::Roster};
use libfuzzer_sys::fuzz_target;

mod common;
use common::dir;

fuzz_target!(|bytes: &[u8]| {
    let d = dir();
    std::fs::write(d.join("roster.csv"), bytes).expect("write input");
    let cfg = Config::load(&d.join("c.toml")).expect("config loads");
    if let Err(f) = Roster::load(&cfg) {
        assert!(!f.message.is_empty());
    }
});
