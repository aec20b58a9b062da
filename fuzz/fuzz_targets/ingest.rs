//! Fuzz decode + map + count: arbitrary bytes as a call export, read through the whole
//! ingest path (BOM/encoding, header, chunked csv parse, mapping, rules, de-duplication).
//! Every input must end in `Ok` with the file's accounting reconciling and every reject
//! pointing at a real line, or in one error; never a panic.
//!
//!     cargo +nightly fuzz run ingest -- -max_total_time=600
#![no_main]

use std::{path::PathBuf, sync::OnceLock};

use activity_quota::{config::Config, roster::Roster, run};
use libfuzzer_sys::fuzz_target;

const CONFIG: &str = r#"timezone = "Europe/Warsaw"
roster = "roster.csv"
[[source]]
name = "dialer"
kind = "call"
files = ["calls.csv"]
rep = { column = "user_email", match = "email" }
timestamp = { column = "started_at", format = "%Y-%m-%d %H:%M:%S", zone = "rep" }
duration = { column = "duration", unit = "auto" }
direction = "dir"
external_id = "id"
count = { direction = ["outbound"], min_duration_s = 1 }
"#;

const ROSTER: &str = "rep_id,full_name,email,phone_extension,social_handle,time_zone,team,role,hire_date\n\
W1,Łukasz Żak,lukasz.zak@acme.example,101,,Europe/Warsaw,Warszawa,ae,2024-01-08\n\
N1,Raj Patel,raj.patel@acme.example,201,,America/New_York,New York,ae,2023-05-02\n";

fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = tempfile::tempdir().expect("tempdir").keep();
        std::fs::write(d.join("roster.csv"), ROSTER).expect("roster");
        std::fs::write(d.join("c.toml"), CONFIG).expect("config");
        d
    })
}

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
