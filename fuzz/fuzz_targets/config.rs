//! Fuzz the config parser: arbitrary bytes as `c.toml`. Every input must load or end in
//! one error: a `Failure` of the config exit class (2) whose message names the file;
//! never a panic. The library reads a config only from a file: the input is written
//! once per execution, to `/dev/shm` when there is one.
//!
//!     cargo +nightly fuzz run config fuzz/corpus/config fuzz/seeds/config -- -max_total_time=600
#![no_main]

use std::path::PathBuf;

use activity_quota::{config::Config, error::Exit};
use libfuzzer_sys::fuzz_target;

mod common;

thread_local! {
    static PATH: PathBuf = common::folder(&[]).join("c.toml");
}

fuzz_target!(|bytes: &[u8]| {
    PATH.with(|path| {
        std::fs::write(path, bytes).expect("write input");
        if let Err(f) = Config::load(path) {
            assert_eq!(f.exit, Exit::Config, "{f:?}");
            assert!(f.message.contains(&*path.to_string_lossy()), "{f:?}");
        }
    });
});
