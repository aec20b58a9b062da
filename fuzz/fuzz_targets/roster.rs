//! Fuzz the roster: arbitrary bytes as `roster.csv` under the shared config
//! (`common.rs`, loaded once per process). Every input must load (every rep with a
//! valid zone and identities) or end in one error listing its problems: a `Failure` of
//! the config exit class (2) whose message names the roster; never a panic.
//!
//!     cargo +nightly fuzz run roster fuzz/corpus/roster fuzz/seeds/roster -- -max_total_time=600
#![no_main]

use activity_quota::{config::Config, error::Exit, roster::Roster};
use libfuzzer_sys::fuzz_target;

mod common;

thread_local! {
    static CFG: Config =
        common::load_config(&[("c.toml", common::CONFIG), ("roster.csv", common::ROSTER)]);
}

fuzz_target!(|bytes: &[u8]| {
    CFG.with(|cfg| {
        std::fs::write(&cfg.roster, bytes).expect("write input");
        if let Err(f) = Roster::load(cfg) {
            assert_eq!(f.exit, Exit::Config, "{f:?}");
            assert!(f.message.contains(&*cfg.roster.to_string_lossy()), "{f:?}");
        }
    });
});
