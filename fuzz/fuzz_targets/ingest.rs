//! Fuzz decode + map + count: arbitrary bytes as a call export, read through the whole
//! ingest path (BOM/encoding, header, chunked csv parse, mapping, rules, de-duplication).
//! Every input must end in `Ok` with the file's accounting reconciling and every reject
//! pointing at a real line, or in one error; never a panic. The config and roster do not
//! depend on the input: they are loaded once per process.
//!
//!     cargo +nightly fuzz run ingest fuzz/corpus/ingest fuzz/seeds/ingest -- -max_total_time=600
#![no_main]

use std::path::PathBuf;

use activity_quota::{config::Config, roster::Roster};
use libfuzzer_sys::fuzz_target;

mod common;

struct Setup {
    cfg: Config,
    roster: Roster,
    input: PathBuf,
}

thread_local! {
    static SETUP: Setup = {
        let cfg = common::load_config(&[("c.toml", common::CONFIG), ("roster.csv", common::ROSTER)]);
        let roster = Roster::load(&cfg).expect("roster loads");
        let input = cfg.path.with_file_name("calls.csv");
        Setup { cfg, roster, input }
    };
}

fuzz_target!(|bytes: &[u8]| {
    SETUP.with(|s| common::ingest_checked(&s.cfg, &s.roster, &s.input, bytes));
});
