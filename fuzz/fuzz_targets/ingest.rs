//! Fuzz decode + map + count: arbitrary bytes as a call export, read through the whole
//! ingest path (BOM/encoding, header, chunked csv parse, mapping, rules, de-duplication).
//! Every input must end in `Ok` with the file's accounting reconciling and every reject
//! pointing at a real line, or in one error; never a panic.
//!
//!     cargo +nightly fuzz run ingest -- -max_total_time=600
#![no_main]

use activity_quota::{config::Config, roster::Roster, run};
use libfuzzer_sys::fuzz_target;

mod common;
use common::dir;

fuzz_target!(|bytes: &[u8]| {
    let d = dir();
    std::fs::write(d.join("calls.csv"), bytes).expect("write input");
    let cfg = Config::load(&d.join("c.toml")).expect("config loads");
    let roster = Roster::load(&cfg).expect("roster loads");
    let inputs = run::resolve_inputs(&cfg).expect("input exists");
    let windows = run::open_windows(roster.len());
    let breaks = (0..bytes.len())
        .filter(|&i| bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count();
    let lines = 1 + breaks as u64;
    let threads = 1 + bytes.len() % 3;
    if let Ok(ing) = run::ingest_all(&cfg, &roster, &inputs, &windows, threads) {
        for f in &ing.files {
            assert!(f.reconciles(), "{f:?}");
        }
        for r in &ing.rejects {
            assert!(r.line >= 2 && r.line <= lines, "line {} of {lines}: {r:?}", r.line);
        }
    }
});
