//! Writing outputs: every file goes to a temporary file in the same directory,
//! is fsynced, then renamed over the final path, so a reader (or a run killed at
//! any moment) never sees a partial file.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
};

use anyhow::Context;

/// Write `bytes` to `dir/name` atomically.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> anyhow::Result<PathBuf> {
    let path = dir.join(name);
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in `{}`", dir.display()))?;
    tmp.write_all(bytes)
        .with_context(|| format!("cannot write `{}`", path.display()))?;
    tmp.as_file()
        .sync_all()
        .with_context(|| format!("cannot sync `{}`", path.display()))?;
    tmp.persist(&path)
        .with_context(|| format!("cannot rename onto `{}`", path.display()))?;
    Ok(path)
}

/// fsync a directory so that renames inside it are durable.
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}
