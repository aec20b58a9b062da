//! A proptest stand-in for cargo-fuzz (not installable offline here): random and
//! mutated CSV bytes through the whole ingest path (decode → header → chunked parse →
//! map → count). Every case must end in `Ok` with each file reconciling and rejects
//! pointing at real lines, or in one error; never a panic. `PROPTEST_CASES=100000`
//! runs it longer.

use std::fs;

use activity_quota::{config::Config, roster::Roster, run};
use proptest::prelude::*;

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

const SEED: &str = "id,started_at,duration,user_email,dir\n\
1,2026-10-01 10:00:00,60,lukasz.zak@acme.example,outbound\n\
2,2026-10-01 10:00:00,0:01:00,raj.patel@acme.example,inbound\n\
\"3\",\"2026-10-02 10:00:00\",\"6\"\"0\",\"x\ny\",outbound\n";

/// Bytes that hit the parser's edges more often than uniform noise does.
fn edgy_byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        3 => any::<u8>(),
        2 => prop::sample::select(vec![b',', b';', b'"', b'\n', b'\r', b'\t', 0u8, b' ', 0xef, 0xbb, 0xbf, 0xff, 0xfe]),
        2 => prop::sample::select(b"0123456789-:T ZUTC@.abcoutbound".to_vec()),
    ]
}

fn input() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        // pure noise
        prop::collection::vec(edgy_byte(), 0..600),
        // the seed with edits: (position, replacement bytes)
        prop::collection::vec(
            (0..SEED.len(), prop::collection::vec(edgy_byte(), 0..6)),
            0..8
        )
        .prop_map(|edits| {
            let mut b = SEED.as_bytes().to_vec();
            for (at, ins) in edits {
                let at = at.min(b.len());
                let end = (at + ins.len() / 2).min(b.len());
                b.splice(at..end, ins);
            }
            b
        }),
        // the seed repeated, then cut anywhere
        (1..40usize, 0..4000usize).prop_map(|(n, cut)| {
            let rows: String = (0..n)
                .map(|i| {
                    format!(
                        "{i},2026-10-0{} 10:00:00,{i},lukasz.zak@acme.example,outbound\n",
                        1 + i % 9
                    )
                })
                .collect();
            let mut b = format!("id,started_at,duration,user_email,dir\n{rows}").into_bytes();
            b.truncate(cut.min(b.len()));
            b
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_files_never_panic_and_always_reconcile(bytes in input(), threads in 1..4usize) {
        let d = tempfile::tempdir().unwrap();
        fs::copy("tests/fixtures/edges/roster.csv", d.path().join("roster.csv")).unwrap();
        let cfg_path = d.path().join("c.toml");
        fs::write(&cfg_path, CONFIG).unwrap();
        fs::write(d.path().join("calls.csv"), &bytes).unwrap();
        let cfg = Config::load(&cfg_path).unwrap();
        let roster = Roster::load(&cfg).unwrap();
        let inputs = run::resolve_inputs(&cfg).unwrap();
        let windows = run::open_windows(roster.len());
        // physical lines: `\n`, `\r\n` and a lone `\r` each end one
        let breaks = (0..bytes.len())
            .filter(|&i| bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
            .count();
        let lines = 1 + breaks as u64;
        if let Ok(ing) = run::ingest_all(&cfg, &roster, &inputs, &windows, threads) {
            for f in &ing.files {
                prop_assert!(f.reconciles(), "{f:?}");
            }
            for r in &ing.rejects {
                prop_assert!(r.line >= 2 && r.line <= lines, "line {} of {lines}: {r:?}", r.line);
            }
        }
    }
}
