//! Writing a run's outputs as one set, atomically, under a lock.
//!
//! The new files are written into a staging directory beside the output directory
//! (each fsynced), and then the staging directory and the output directory are
//! swapped in one `renameat2(RENAME_EXCHANGE)` call (through rustix). A run killed
//! at any moment therefore leaves the previous complete set or the new complete set at
//! the final paths, never a mix and never a partial file; leftovers of a killed run
//! (staging directories) are removed by the next run or `verify` ([`remove_stale`]). Where the exchange is not possible
//! (another OS, a file system without it), every file is still written to a
//! temporary file and renamed, so no file is ever partial.
//!
//! The lock is a sibling file `.<dir>.lock` held with `flock`: the kernel drops it
//! when the holder dies, so a stale lock is simply taken over.

use std::{
    fs::{self, File, OpenOptions},
    io::{Read, Seek, Write},
    path::{Path, PathBuf},
    time::Duration,
};

use crate::error::{Exit, Failure, Result, ResultExt};

/// fsync a directory so that renames inside it are durable.
pub(crate) fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

fn parent_and_name(dir: &Path) -> Result<(PathBuf, String)> {
    let abs = if dir.is_absolute() {
        dir.to_path_buf()
    } else {
        std::env::current_dir()
            .context("cannot read the current directory")?
            .join(dir)
    };
    let name = abs
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| n != "." && n != "..")
        .ok_or_else(|| {
            Failure::config(format!(
                "`--out {}`: name a directory, e.g. `--out reports/2026-10`",
                dir.display()
            ))
        })?;
    let parent = abs
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("/"));
    Ok((parent, name))
}

/// An exclusive lock on an output directory, held until dropped.
pub struct DirLock {
    file: File,
    pub path: PathBuf,
}

impl DirLock {
    /// Take the lock or fail with exit 75, naming the holder.
    pub fn acquire(dir: &Path) -> Result<DirLock> {
        let (parent, name) = parent_and_name(dir)?;
        fs::create_dir_all(&parent)
            .map_err(|e| Failure::run(format!("cannot create `{}`: {e}", parent.display())))?;
        let path = parent.join(format!(".{name}.lock"));
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| {
                Failure::run(format!("cannot open lock file `{}`: {e}", path.display()))
            })?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = holder.trim();
                let holder = if holder.is_empty() {
                    "unknown holder".to_string()
                } else {
                    holder.to_string()
                };
                return Err(Failure::new(
                    Exit::Locked,
                    format!(
                        "output directory `{}` is locked by another run ({holder}); lock file `{}`",
                        dir.display(),
                        path.display()
                    ),
                )
                .into());
            }
            Err(fs::TryLockError::Error(e)) => {
                return Err(Failure::run(format!("cannot lock `{}`: {e}", path.display())).into());
            }
        }
        let started = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
        let _ = file.set_len(0);
        let _ = file.rewind();
        let _ = write!(file, "pid {}, started {started}", std::process::id());
        let _ = file.sync_all();
        Ok(DirLock { file, path })
    }
}

/// Remove what runs that did not finish left beside `dir` (their staging directories
/// `.<dir>.staging-*` and the previous sets `.<dir>.old-*` of a swap they did not
/// clean up); returns the names removed, for the caller to report.
///
/// Call with the lock held ([`DirLock::acquire`], or [`sweep_unlocked`]): a run creates
/// its staging directory only once it holds the lock, and holds it until its set is
/// published, so while this process holds the lock no live run owns any of them. A run
/// that died (SIGKILL, a crash, a reboot) released its lock with its last file
/// descriptor; its leftovers are what this finds.
pub fn remove_stale(dir: &Path) -> Result<Vec<String>> {
    let (parent, name) = parent_and_name(dir)?;
    let mut removed = Vec::new();
    if let Ok(entries) = fs::read_dir(&parent) {
        let prefix = format!(".{name}.staging-");
        let old = format!(".{name}.old-");
        for e in entries.flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if (n.starts_with(&prefix) || n.starts_with(&old))
                && fs::remove_dir_all(e.path()).is_ok()
            {
                removed.push(n);
            }
        }
    }
    removed.sort();
    Ok(removed)
}

/// [`remove_stale`] for `verify`, which does not otherwise lock: when the lock file of
/// `dir` exists and no run holds it, take it just for the sweep (without writing a pid
/// into it) and sweep; when a run holds it, or no run ever made it, remove nothing.
pub fn sweep_unlocked(dir: &Path) -> Result<Vec<String>> {
    let (parent, name) = parent_and_name(dir)?;
    let Ok(file) = File::open(parent.join(format!(".{name}.lock"))) else {
        return Ok(Vec::new());
    };
    if file.try_lock().is_err() {
        return Ok(Vec::new());
    }
    let removed = remove_stale(dir);
    let _ = file.unlock();
    removed
}

impl Drop for DirLock {
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

/// Swap two directories atomically (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// **Test hook**, not a setting: `ACTIVITY_QUOTA_TEST_WRITE_DELAY_MS=N` pauses N ms
/// after each file of a set is written (and after each rename of the fallback
/// publish), so that the kill tests (`tests/cron.rs`) can hit every moment of a
/// publish. Read once per output set, when its staging begins; unset (as in every real
/// run) it costs nothing.
fn test_write_delay() -> Option<Duration> {
    std::env::var("ACTIVITY_QUOTA_TEST_WRITE_DELAY_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map(Duration::from_millis)
}

/// Check an output name: relative, `/`-separated, every part a plain file name (not
/// empty, `.` or `..`; no `\`, no control characters). Returns the parts.
fn check_name(name: &str) -> Result<Vec<&str>> {
    let parts: Vec<&str> = name.split('/').collect();
    let bad = |p: &&str| {
        p.is_empty() || *p == "." || *p == ".." || p.chars().any(|c| c == '\\' || c.is_control())
    };
    if parts.iter().any(bad) {
        return Err(Failure::run(format!(
            "internal error: `{}` is not a safe output file name",
            name.escape_debug()
        ))
        .into());
    }
    Ok(parts)
}

/// A new set of outputs being written into a staging directory beside the output
/// directory; [`Staging::commit`] swaps it in as a whole. Files are written (and
/// fsynced) one at a time, so a large set never has to be held in memory. Dropped
/// without a commit (an error on the way), the staging directory is removed.
pub struct Staging {
    parent: PathBuf,
    name: String,
    dir: Option<tempfile::TempDir>,
    /// Names written, in order (`statements/R001-x.pdf`).
    files: Vec<String>,
    /// Subdirectories created inside the staging directory, relative.
    subdirs: std::collections::BTreeSet<PathBuf>,
    /// The test hook's pause after each file ([`test_write_delay`]).
    write_delay: Option<Duration>,
}

impl Staging {
    /// Start a new output set for `dir`; call with the lock held, after
    /// [`remove_stale`].
    pub fn begin(dir: &Path) -> Result<Staging> {
        let (parent, name) = parent_and_name(dir)?;
        let staging = tempfile::Builder::new()
            .prefix(&format!(".{name}.staging-"))
            .tempdir_in(&parent)
            .map_err(|e| {
                Failure::run(format!(
                    "cannot create a staging directory in `{}`: {e}",
                    parent.display()
                ))
            })?;
        Ok(Staging {
            parent,
            name,
            dir: Some(staging),
            files: Vec::new(),
            subdirs: Default::default(),
            write_delay: test_write_delay(),
        })
    }

    /// The test hook's pause ([`test_write_delay`]); none in a real run.
    fn pause(&self) {
        if let Some(d) = self.write_delay {
            std::thread::sleep(d);
        }
    }

    /// The staging directory: files written here by other means join the set through
    /// [`Staging::adopt`].
    pub fn root(&self) -> &Path {
        self.dir.as_ref().map_or(&self.parent, |d| d.path())
    }

    /// Take a file already written into the staging directory (`root()/name`, e.g. by a
    /// streaming writer, so it never has to be held in memory) into the set: the same
    /// name checks as [`Staging::write`], fsynced, its subdirectories registered for the
    /// swap. Returns its size and lower-case hex SHA-256, read back in blocks.
    pub fn adopt(&mut self, name: &str) -> Result<(u64, String)> {
        use sha2::{Digest, Sha256};
        let parts = check_name(name)?;
        if self.files.iter().any(|f| f == name) {
            return Err(Failure::run(format!(
                "internal error: output file `{name}` written twice"
            ))
            .into());
        }
        self.make_dirs(&parts)?;
        let p = self.root().join(name);
        let mut f = File::open(&p).with_context(|| format!("cannot read `{}`", p.display()))?;
        f.sync_all()
            .with_context(|| format!("cannot sync `{}`", p.display()))?;
        let mut h = Sha256::new();
        let mut buf = vec![0u8; 1 << 20];
        let mut size = 0u64;
        loop {
            let n = f
                .read(&mut buf)
                .with_context(|| format!("cannot read `{}`", p.display()))?;
            if n == 0 {
                break;
            }
            h.update(&buf[..n]);
            size += n as u64;
        }
        self.files.push(name.to_string());
        Ok((size, format!("{:x}", h.finalize())))
    }

    /// The staging directory's subdirectories of a file `parts` names (`statements/x`),
    /// created once and registered for the swap.
    fn make_dirs(&mut self, parts: &[&str]) -> Result<()> {
        let mut rel = PathBuf::new();
        for dir in &parts[..parts.len().saturating_sub(1)] {
            rel.push(dir);
            if self.subdirs.insert(rel.clone()) {
                let p = self.root().join(&rel);
                if !p.is_dir() {
                    fs::create_dir(&p)
                        .with_context(|| format!("cannot create `{}`", p.display()))?;
                }
            }
        }
        Ok(())
    }

    /// Write one file of the set. `name` may hold `/`-separated subdirectories
    /// (`statements/R001-lukasz-zak.pdf`), created inside the set; `..`, absolute
    /// paths, `\` and control characters are refused, and so is a name written twice.
    pub fn write(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        let parts = check_name(name)?;
        if self.files.iter().any(|f| f == name) {
            return Err(Failure::run(format!(
                "internal error: output file `{name}` written twice"
            ))
            .into());
        }
        self.make_dirs(&parts)?;
        let p = self.root().join(name);
        let mut f = File::create(&p).with_context(|| format!("cannot write `{}`", p.display()))?;
        f.write_all(bytes)
            .with_context(|| format!("cannot write `{}`", p.display()))?;
        f.sync_all()
            .with_context(|| format!("cannot sync `{}`", p.display()))?;
        self.files.push(name.to_string());
        self.pause();
        Ok(())
    }

    /// Write several files of the set, as [`Staging::write`] does one (same checks, same
    /// order in the set), with the writes and fsyncs on up to 16 threads: an fsync
    /// costs milliseconds here, and the disk takes many at once (2,000 statements:
    /// about 4 ms each one after the other, 0.3–0.4 ms each 8 to 32 at a time).
    pub fn write_many(&mut self, files: &[(String, Vec<u8>)]) -> Result<()> {
        let mut seen = std::collections::HashSet::new();
        for (name, _) in files {
            let parts = check_name(name)?;
            if !seen.insert(name.as_str()) || self.files.iter().any(|f| f == name) {
                return Err(Failure::run(format!(
                    "internal error: output file `{name}` written twice"
                ))
                .into());
            }
            self.make_dirs(&parts)?;
        }
        // The paths are made here: the writers allocate nothing (unless they fail), so
        // that they do not each take a malloc arena, which the renderers would then
        // spread their memory over (2,000 statements: +60 MB resident).
        let jobs: Vec<(PathBuf, &[u8])> = (files.iter())
            .map(|(name, bytes)| (self.root().join(name), bytes.as_slice()))
            .collect();
        let one = |(p, bytes): &(PathBuf, &[u8])| -> Result<()> {
            let mut f =
                File::create(p).with_context(|| format!("cannot write `{}`", p.display()))?;
            f.write_all(bytes)
                .with_context(|| format!("cannot write `{}`", p.display()))?;
            f.sync_all()
                .with_context(|| format!("cannot sync `{}`", p.display()))
        };
        let threads = jobs.len().clamp(1, 16);
        let jobs = &jobs;
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|w| {
                    scope.spawn(move || jobs.iter().skip(w).step_by(threads).try_for_each(one))
                })
                .collect();
            workers.into_iter().try_for_each(|h| {
                h.join().unwrap_or_else(|_| {
                    Err(Failure::run("an output writer thread panicked").into())
                })
            })
        })?;
        for (name, _) in files {
            self.files.push(name.clone());
            self.pause();
        }
        Ok(())
    }

    /// Swap the written set in as the content of the output directory. Files of the
    /// directory not in the set are dropped when the swap succeeds (the directory is
    /// the run's, not a scratch space).
    pub fn commit(mut self) -> Result<()> {
        let Some(dir) = self.dir.take() else {
            return Ok(());
        };
        // deepest first, so that every directory entry is durable before the swap
        for sub in self.subdirs.iter().rev() {
            sync_dir(&dir.path().join(sub));
        }
        sync_dir(dir.path());
        let staging = dir.keep();
        let parent = &self.parent;
        let name = &self.name;
        let final_dir = parent.join(name);
        if !final_dir.exists() {
            fs::rename(&staging, &final_dir).with_context(|| {
                format!("cannot move the new reports into `{}`", final_dir.display())
            })?;
            sync_dir(parent);
            return Ok(());
        }
        match exchange(&staging, &final_dir) {
            Ok(()) => {
                sync_dir(parent);
                // `staging` now holds the previous set
                let old = parent.join(format!(".{name}.old-{}", std::process::id()));
                if fs::rename(&staging, &old).is_ok() {
                    let _ = fs::remove_dir_all(&old);
                } else {
                    let _ = fs::remove_dir_all(&staging);
                }
                Ok(())
            }
            Err(e) => {
                tracing::warn!(error = %e, "atomic directory swap unavailable; replacing files one by one");
                for sub in &self.subdirs {
                    let p = final_dir.join(sub);
                    if !p.is_dir() {
                        fs::create_dir(&p)
                            .with_context(|| format!("cannot create `{}`", p.display()))?;
                    }
                }
                for n in &self.files {
                    fs::rename(staging.join(n), final_dir.join(n)).with_context(|| {
                        format!("cannot rename onto `{}`", final_dir.join(n).display())
                    })?;
                    self.pause();
                }
                for sub in self.subdirs.iter().rev() {
                    sync_dir(&final_dir.join(sub));
                }
                sync_dir(&final_dir);
                let _ = fs::remove_dir_all(&staging);
                Ok(())
            }
        }
    }
}

/// Publish a complete set of files as the content of `dir` (see [`Staging`]); names
/// may hold `/`-separated subdirectories. Call with the lock held.
#[cfg(test)]
pub(crate) fn publish(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    let mut stage = Staging::begin(dir)?;
    for (n, bytes) in files {
        stage.write(n, bytes)?;
    }
    stage.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(dir: &Path) -> Vec<String> {
        let mut out = Vec::new();
        for e in fs::read_dir(dir).unwrap().flatten() {
            let n = e.file_name().to_string_lossy().into_owned();
            if e.path().is_dir() {
                out.extend(tree(&e.path()).into_iter().map(|x| format!("{n}/{x}")));
            } else {
                out.push(n);
            }
        }
        out.sort();
        out
    }

    #[test]
    fn publish_writes_subdirectories_and_replaces_the_whole_set() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("r");
        let files = vec![
            ("a.csv".to_string(), b"a".to_vec()),
            ("statements/R1-x.pdf".to_string(), b"1".to_vec()),
            ("statements/R2-y.pdf".to_string(), b"2".to_vec()),
        ];
        publish(&out, &files).unwrap();
        assert_eq!(
            tree(&out),
            ["a.csv", "statements/R1-x.pdf", "statements/R2-y.pdf"]
        );
        assert_eq!(fs::read(out.join("statements/R2-y.pdf")).unwrap(), b"2");
        // the next set has no statements: the old ones go with the swap
        publish(&out, &[("b.csv".to_string(), b"b".to_vec())]).unwrap();
        assert_eq!(tree(&out), ["b.csv"]);
        // nothing is left beside the output directory but the set itself
        let beside: Vec<String> = fs::read_dir(d.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(beside, ["r"]);
    }

    #[test]
    fn adopted_files_join_the_set_with_their_hash() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("r");
        let mut stage = Staging::begin(&out).unwrap();
        stage.write("a.csv", b"a").unwrap();
        let sub = stage.root().join("records/period=2026-10");
        fs::create_dir_all(&sub).unwrap();
        fs::write(sub.join("part-00000.parquet"), b"xyz").unwrap();
        let (size, sha) = stage
            .adopt("records/period=2026-10/part-00000.parquet")
            .unwrap();
        assert_eq!(
            (size, sha.as_str()),
            (3, crate::sha256_hex(b"xyz").as_str())
        );
        assert!(
            stage
                .adopt("records/period=2026-10/part-00000.parquet")
                .is_err()
        );
        assert!(stage.adopt("../x").is_err());
        stage.commit().unwrap();
        assert_eq!(
            tree(&out),
            ["a.csv", "records/period=2026-10/part-00000.parquet"]
        );
    }

    #[test]
    fn unsafe_names_are_refused_and_nothing_is_published() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("r");
        for bad in [
            "../x.csv",
            "statements/../../x",
            "/etc/passwd",
            "a//b",
            "a\\b",
            "a/./b",
            "",
            "statements/",
            "x\n.pdf",
        ] {
            let err = publish(&out, &[(bad.to_string(), b"x".to_vec())]).unwrap_err();
            assert!(
                err.to_string().contains("not a safe output file name"),
                "{bad}: {err}"
            );
            assert!(!out.exists(), "{bad}");
        }
        let twice = publish(
            &out,
            &[
                ("a.csv".to_string(), b"1".to_vec()),
                ("a.csv".to_string(), b"2".to_vec()),
            ],
        );
        assert!(twice.is_err());
        assert!(!out.exists());
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 0);
    }
}
