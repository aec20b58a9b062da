//! Fuzz preset detection: arbitrary bytes as the file of a `preset = "auto"` source, so
//! that each input goes through sniffing (BOM, encoding, delimiter, decimal comma),
//! header matching against every built-in tool's variants, the choice of a timestamp
//! format from the first rows, then the whole ingest path. Same property as `ingest`:
//! `Ok` with the accounting reconciling and every reject on a real line, or one error;
//! never a panic. Seeds: the presets' fixtures, `tests/fixtures/presets/*/*.csv`.
//!
//!     cargo +nightly fuzz run presets fuzz/corpus/presets tests/fixtures/presets -- -max_total_time=600
#![no_main]

use std::path::PathBuf;

use activity_quota::{config::Config, roster::Roster};
use libfuzzer_sys::fuzz_target;

mod common;

/// One source left to detection; a top-level currency so that deals' amounts are read.
const CONFIG: &str = r#"timezone = "Europe/Warsaw"
roster = "roster.csv"
currency = "EUR"
[[source]]
name = "export"
preset = "auto"
files = ["export.csv"]
"#;

/// `tests/fixtures/edges/roster.csv`: the reps the presets' fixtures name (emails,
/// extensions, LinkedIn handles, names), one without a time zone of their own.
const ROSTER: &str = include_str!("../../tests/fixtures/edges/roster.csv");

struct Setup {
    cfg: Config,
    roster: Roster,
    input: PathBuf,
}

thread_local! {
    static SETUP: Setup = {
        let cfg = common::load_config(&[("c.toml", CONFIG), ("roster.csv", ROSTER)]);
        let roster = Roster::load(&cfg).expect("roster loads");
        let input = cfg.path.with_file_name("export.csv");
        Setup { cfg, roster, input }
    };
}

fuzz_target!(|bytes: &[u8]| {
    SETUP.with(|s| common::ingest_checked(&s.cfg, &s.roster, &s.input, bytes));
});
