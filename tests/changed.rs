//! Exports changed by another program while a run reads them (one clear error, the
//! previous output set intact), and what runs that did not finish leave beside the
//! output directory (removed by the next run or `verify`, and said so).

use std::{
    collections::BTreeMap,
    fs,
    path::{Path, PathBuf},
    process::{Child, Stdio},
    time::{Duration, Instant},
};

use crate::util::{bin, run, tempdir};

const CONFIG: &str = r#"timezone = "Europe/Warsaw"
roster = "roster.csv"
[[source]]
name = "dialer"
kind = "call"
files = ["calls*.csv"]
rep = { column = "user_email", match = "email" }
timestamp = { column = "started_at", format = "%Y-%m-%d %H:%M:%S", zone = "UTC" }
duration = { column = "duration", unit = "seconds" }
"#;

/// The size the tests cut the large export to: past its first 4 MiB chunk (which the
/// reader has handed out when the test hook pauses it), short of its end.
const CUT: u64 = 10_000_000;

/// A folder with the config, the roster and a small export, and a first run's output
/// set in `out` (the previous set the later runs must leave intact).
fn folder() -> tempfile::TempDir {
    let d = tempdir();
    fs::copy(
        "tests/fixtures/edges/roster.csv",
        d.path().join("roster.csv"),
    )
    .unwrap();
    fs::write(d.path().join("c.toml"), CONFIG).unwrap();
    fs::write(d.path().join("calls.csv"), export(3)).unwrap();
    let r = run_in(d.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    d
}

/// An export of `rows` calls (about 55 bytes a row).
fn export(rows: usize) -> Vec<u8> {
    let mut s = String::with_capacity(rows * 56 + 64);
    s.push_str("id,started_at,duration,user_email,notes\n");
    for i in 0..rows {
        let day = 1 + i % 28;
        s.push_str(&format!(
            "{i},2026-10-{day:02} 10:00:00,60,lukasz.zak@acme.example,\n"
        ));
    }
    s.into_bytes()
}

/// Write a large export (about 33 MB, eight 4 MiB chunks) as `calls.csv`; its size.
fn large_export(d: &Path) -> u64 {
    let bytes = export(600_000);
    fs::write(d.join("calls.csv"), &bytes).unwrap();
    bytes.len() as u64
}

/// The arguments of an October run of the folder `d` into `d/out`, then `extra`.
fn args(d: &Path, extra: &[&str]) -> Vec<String> {
    let (config, out) = (d.join("c.toml"), d.join("out"));
    let mut a = vec![
        "run",
        "--config",
        config.to_str().unwrap(),
        "--period",
        "2026-10",
        "--out",
        out.to_str().unwrap(),
        "--threads",
        "2",
    ];
    a.extend_from_slice(extra);
    a.into_iter().map(str::to_string).collect()
}

/// Run `args(d, extra)` to its end.
fn run_in(d: &Path, extra: &[&str]) -> crate::util::Run {
    let a = args(d, extra);
    run(&a.iter().map(String::as_str).collect::<Vec<_>>())
}

/// Every file of `dir`, by name, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The names beside the output directory that start with `.out.` (staging directories,
/// previous sets, the lock file).
fn beside(d: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".out."))
        .collect();
    names.sort();
    names
}

/// Start a run that pauses `ms` after it hands out the first chunk of each export, and
/// wait until its staging directory exists (it has the lock) and it is in that pause.
/// (A change made too early, after the staging directory is made but before the export
/// is opened, would go unseen; the second waited here is far more than that takes.)
fn paused_run(d: &Path, ms: u64, extra: &[&str]) -> (Child, PathBuf) {
    paused_at(d, AFTER_FIRST_CHUNK, ms, extra)
}

/// `paused_run` with the pause of the test hook `hook`.
fn paused_at(d: &Path, hook: &str, ms: u64, extra: &[&str]) -> (Child, PathBuf) {
    let child = bin()
        .args(args(d, extra))
        .env(hook, ms.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let t = Instant::now();
    let staging = loop {
        if let Some(n) = beside(d)
            .into_iter()
            .find(|n| n.starts_with(".out.staging-"))
        {
            break d.join(n);
        }
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "no staging directory"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    // the first chunk of a large export is read in well under a second
    std::thread::sleep(Duration::from_millis(1000));
    (child, staging)
}

/// A run paused by the test hook `hook`, the large export cut to `cut` bytes meanwhile:
/// one error, exit 1, the previous set intact, nothing beside it but the free lock; the
/// export complete again, the same run succeeds.
fn truncated_while_read(hook: &str, cut: u64, extra: &[&str]) {
    let d = folder();
    let before = snapshot(&d.path().join("out"));
    let size = large_export(d.path());
    let (child, staging) = paused_at(d.path(), hook, 3000, extra);
    assert!(staging.is_dir());
    fs::OpenOptions::new()
        .write(true)
        .open(d.path().join("calls.csv"))
        .unwrap()
        .set_len(cut)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{:?} {stderr}", out.status);
    assert_eq!(
        stderr,
        format!(
            "error: `calls.csv` changed while it was read (its size went from {size} to {cut} bytes); run again when the export is complete\n"
        )
    );
    // the previous set is intact, the staging directory is gone, the lock is free
    assert_eq!(snapshot(&d.path().join("out")), before);
    assert_eq!(beside(d.path()), [".out.lock"]);
    let lock = fs::File::open(d.path().join(".out.lock")).unwrap();
    lock.try_lock().expect("the lock is released");
    assert_eq!(fs::read_to_string(d.path().join(".out.lock")).unwrap(), "");
    // the export complete again, the same run succeeds
    fs::write(d.path().join("calls.csv"), export(3)).unwrap();
    drop(lock);
    let r = run_in(d.path(), extra);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// The reader's pause after the first chunk: the check before the next chunk sees it.
const AFTER_FIRST_CHUNK: &str = "ACTIVITY_QUOTA_TEST_READ_DELAY_MS";

#[test]
fn an_export_truncated_while_mapped_is_one_error_and_the_previous_set_stays() {
    truncated_while_read(AFTER_FIRST_CHUNK, CUT, &[]);
}

/// A truncation after the reader's last check, inside the chunks being read (the
/// reader paused after its check before the second chunk, whose pages it touches next;
/// cut inside the first, handed out and perhaps being parsed): the pages the mapping
/// lost raise SIGBUS when touched, which ended the process (signal 7, no message,
/// staging left behind) before the handler of `sources::mapped`.
#[test]
fn an_export_truncated_inside_the_chunks_being_read_is_one_error_not_a_sigbus() {
    truncated_while_read("ACTIVITY_QUOTA_TEST_MAPPED_DELAY_MS", 1_000_000, &[]);
}

#[test]
fn an_export_truncated_while_streamed_is_one_error_and_the_previous_set_stays() {
    truncated_while_read(AFTER_FIRST_CHUNK, CUT, &["--no-mmap"]);
}

#[test]
fn an_export_rewritten_in_place_at_the_same_size_is_one_error() {
    let d = folder();
    let before = snapshot(&d.path().join("out"));
    let size = large_export(d.path());
    let (child, _) = paused_run(d.path(), 3000, &["--no-mmap"]);
    // same size, new content, later modification time
    let mut bytes = fs::read(d.path().join("calls.csv")).unwrap();
    let last = bytes.len() - 3;
    bytes[last] = b'x';
    fs::write(d.path().join("calls.csv"), &bytes).unwrap();
    let f = fs::File::options()
        .write(true)
        .open(d.path().join("calls.csv"))
        .unwrap();
    f.set_modified(std::time::SystemTime::now() + Duration::from_secs(5))
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "error: `calls.csv` changed while it was read (it was modified, its size still {size} bytes); run again when the export is complete\n"
        )
    );
    assert_eq!(snapshot(&d.path().join("out")), before);
    assert_eq!(beside(d.path()), [".out.lock"]);
}

#[test]
fn a_killed_runs_staging_directory_is_removed_by_the_next_run_and_verify() {
    let d = folder();
    let out = d.path().join("out");
    let before = snapshot(&out);
    large_export(d.path());
    let (mut child, staging) = paused_run(d.path(), 20_000, &["-q"]);
    // a live run's staging directory is not touched: `verify` leaves it, a run is locked out
    // (`verify` fails: the export is no longer the one the previous set was made from)
    let r = run(&["verify", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let changed = format!(
        "error: inputs of the reports in `{}` differ from its manifest\n  --> export `calls.csv` (source `dialer`, {}): SHA-256 ",
        out.display(),
        d.path().join("calls.csv").display()
    );
    assert!(r.stderr.starts_with(&changed), "{}", r.stderr);
    assert!(!r.stderr.contains("removed"), "{}", r.stderr);
    assert!(staging.is_dir());
    assert_eq!(run_in(d.path(), &[]).code, 75);
    assert!(staging.is_dir());
    // killed: its staging directory stays behind
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(staging.is_dir());
    let name = staging.file_name().unwrap().to_string_lossy().into_owned();
    let r = run(&["verify", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains(&changed), "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!(
            " WARN removed a stale staging directory `{name}` left by a run that did not finish\n"
        )),
        "{}",
        r.stderr
    );
    assert_eq!(beside(d.path()), [".out.lock"]);
    assert_eq!(snapshot(&out), before);
    // the next run removes one too (a leftover made by hand here), and a previous set
    // that a killed run's swap left
    fs::create_dir(d.path().join(".out.staging-Xy12ab")).unwrap();
    fs::write(d.path().join(".out.staging-Xy12ab/attainment.csv"), "x").unwrap();
    fs::create_dir(d.path().join(".out.old-4242")).unwrap();
    fs::write(d.path().join("calls.csv"), export(3)).unwrap();
    let r = run_in(d.path(), &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.starts_with(
            " WARN removed a stale previous output set `.out.old-4242` left by a run that did not finish\n \
             WARN removed a stale staging directory `.out.staging-Xy12ab` left by a run that did not finish\n"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(beside(d.path()), [".out.lock"]);
    // nothing stale: nothing said
    let r = run(&["verify", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("removed"), "{}", r.stderr);
}
