//! Fuzz the config parser: arbitrary bytes as `c.toml`. Every input must load or end in
//! one error (a `Failure` with the config exit class when it is a config problem);
//! never a panic.
//!
//!     cargo +nightly fuzz run config -- -max_total_time=600
#![no_main]

use std::{path::PathBuf, sync::OnceLock};

use activity_quota::config::Config;
use libfuzzer_sys::fuzz_target;

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("tempdir").keep())
}

fuzz_target!(|bytes: &[u8]| {
    let path = dir().join("c.toml");
    std::fs::write(&path, bytes).expect("write input");
    if let Err(f) = Config::load(&path) {
        assert!(!f.message.is_empty());
    }
});
