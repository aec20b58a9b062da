//! Test harness: run the binary, compare against golden files.

use std::{
    fs,
    path::{Path, PathBuf},
    process::{Command, Output},
};

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_activity-quota"));
    c.env("TZ", "UTC")
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("ACTIVITY_QUOTA_THREADS")
        .env_remove("ACTIVITY_QUOTA_NO_MMAP");
    c.current_dir(root());
    c
}

/// The sample company's October run into `out`, to add arguments or environment to.
pub fn sample_october(out: &Path) -> Command {
    let mut c = bin();
    c.args([
        "run",
        "--config",
        "samples/config.toml",
        "--period",
        "2026-10",
    ])
    .arg("--out")
    .arg(out);
    c
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(args: &[&str]) -> Run {
    run_cmd(bin().args(args))
}

/// `c` run to its end.
pub fn run_cmd(c: &mut Command) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = c.output().expect("binary runs");
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

/// Compare `actual` with `tests/golden/<case>/<name>`, or rewrite it under UPDATE_GOLDEN=1.
pub fn golden(case: &str, name: &str, actual: &[u8]) {
    let path = root().join("tests/golden").join(case).join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, actual).unwrap();
        return;
    }
    let expected = fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "missing golden {} ({e}); run with UPDATE_GOLDEN=1",
            path.display()
        )
    });
    if expected != actual {
        panic!(
            "{} differs from the golden file\n--- expected\n{}\n--- actual\n{}",
            path.display(),
            String::from_utf8_lossy(&expected),
            String::from_utf8_lossy(actual)
        );
    }
}

/// Compare every output CSV of a run with the goldens of `case`.
pub fn golden_dir(case: &str, out: &Path, names: &[&str]) {
    for n in names {
        let bytes = fs::read(out.join(n)).unwrap_or_else(|e| panic!("{n}: {e}"));
        golden(case, n, &bytes);
    }
}

pub const CSVS: [&str; 6] = [
    "attainment.csv",
    "summary.csv",
    "teams.csv",
    "rejects.csv",
    "accounting.csv",
    "unknown_identities.csv",
];

/// Copy a directory tree.
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// The files a preset's golden holds (`tests/golden/presets_<name>/`).
pub const PRESET_FILES: [&str; 4] = [
    "accounting.csv",
    "unknown_identities.csv",
    "rejects.csv",
    "attainment.csv",
];

/// A run's stderr as its golden holds it: `out` as `OUT`, each line without the run's
/// duration (` ms=…`, the one thing that varies).
pub fn stderr_for_golden(stderr: &str, out: &Path) -> String {
    stderr
        .replace(out.to_str().unwrap(), "OUT")
        .lines()
        .map(|l| format!("{}\n", l.split(" ms=").next().unwrap_or(l)))
        .collect()
}

/// `run --config cfg --period 2026-10 --out out`, then `extra` arguments.
pub fn run_october(cfg: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "run",
        "--config",
        cfg.to_str().unwrap(),
        "--period",
        "2026-10",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run(&args)
}

/// Assert that `text` holds every one of `parts` (each shown, with the text, on failure).
pub fn assert_has_all(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "{part}\n---\n{text}");
    }
}

/// Write `config` (as `init` printed it) to `path` and `check` it: exit 0 expected.
pub fn check_written(path: &Path, config: &str) -> Run {
    fs::write(path, config).unwrap();
    let c = run(&["check", "--config", path.to_str().unwrap()]);
    assert_eq!(c.code, 0, "{}", c.stderr);
    c
}

/// A temporary folder holding the edges roster (`roster.csv`) and the preset fixture
/// `tests/fixtures/presets/<dir>/<file>` under its own name.
pub fn fixture_folder(dir: &str, file: &str) -> tempfile::TempDir {
    let d = tempdir();
    fs::copy(
        "tests/fixtures/edges/roster.csv",
        d.path().join("roster.csv"),
    )
    .unwrap();
    fs::copy(
        format!("tests/fixtures/presets/{dir}/{file}"),
        d.path().join(file),
    )
    .unwrap();
    d
}
