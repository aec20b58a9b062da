//! What the fuzz targets share: a config of one call source, a roster of two reps, the
//! folder they are written to once per process, and the ingest property.
#![allow(dead_code)] // each target uses a part

use std::path::{Path, PathBuf};

use activity_quota::{config::Config, error::Exit, roster::Roster, run};

pub const CONFIG: &str = r#"timezone = "Europe/Warsaw"
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

pub const ROSTER: &str = "rep_id,full_name,email,phone_extension,social_handle,time_zone,team,role,hire_date\n\
W1,Łukasz Żak,lukasz.zak@acme.example,101,,Europe/Warsaw,Warszawa,ae,2024-01-08\n\
N1,Raj Patel,raj.patel@acme.example,201,,America/New_York,New York,ae,2023-05-02\n";

/// A fresh folder holding `files` (name, text), in `/dev/shm` when there is one: the
/// targets write their input there once per execution.
pub fn folder(files: &[(&str, &str)]) -> PathBuf {
    let shm = Path::new("/dev/shm");
    let t = if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    };
    let d = t.expect("tempdir").keep();
    for (name, text) in files {
        std::fs::write(d.join(name), text).expect("setup file");
    }
    d
}

/// A config loaded once per process from `folder(files)`, `c.toml` among them.
pub fn load_config(files: &[(&str, &str)]) -> Config {
    let d = folder(files);
    Config::load(&d.join("c.toml")).expect("config loads")
}

/// Lines of `bytes` as an editor counts them (`\n`, `\r\n` or a lone `\r` end one).
pub fn lines(bytes: &[u8]) -> u64 {
    let breaks = (0..bytes.len())
        .filter(|&i| bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count();
    1 + breaks as u64
}

/// The ingest property: `bytes`, written to `input` (the config's only file), read
/// through the whole ingest path end in `Ok` with every file's accounting reconciling
/// and every reject on a line of the input (the header is line 1 at least), or in one
/// error; never a panic. A file that no preset fits (a `preset = "auto"` source) is
/// refused when inputs are resolved: a config-class error naming the file.
pub fn ingest_checked(cfg: &Config, roster: &Roster, input: &Path, bytes: &[u8]) {
    std::fs::write(input, bytes).expect("write input");
    let inputs = match run::resolve_inputs(cfg) {
        Ok(inputs) => inputs,
        Err(f) => {
            let name = input.file_name().map(|n| n.to_string_lossy());
            assert_eq!(f.exit, Exit::Config, "{f:?}");
            assert!(f.message.contains(&*name.unwrap_or_default()), "{f:?}");
            return;
        }
    };
    let windows = run::open_windows(roster.len());
    let lines = lines(bytes);
    let threads = 1 + bytes.len() % 3;
    if let Ok(ing) = run::ingest_all(cfg, roster, &inputs, &windows, threads) {
        for f in &ing.files {
            assert!(f.reconciles(), "{f:?}");
        }
        for r in &ing.rejects {
            assert!(
                r.line >= 2 && r.line <= lines,
                "line {} of {lines}: {r:?}",
                r.line
            );
        }
    }
}
