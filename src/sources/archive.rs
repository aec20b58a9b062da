//! Archives as inputs (`run::resolve_inputs` expands them): the members of a `.zip`
//! that the source's `member` glob selects,
//! and the one member of a `.gz`. Each member is an input of its own, shown as
//! `archive.zip!member.csv` in the accounting, the rejects and the manifest (with the
//! archive's SHA-256 beside the member's). Members are inflated in memory, as a stream,
//! and never written to disk; an archive naming a member with `..` or an absolute path is
//! refused whole, and that name is not repeated anywhere.
//!
//! Limits (a decompression bomb is refused with one error, exit 1):
//! * a `.zip` member over [`RATIO_FROM`] (1 MiB) inflated may be at most [`MAX_RATIO`]
//!   (100) times its compressed size, and all members together at most [`MAX_TOTAL`]
//!   (4 GiB), by the archive's directory; a member that inflates to more than its
//!   directory says is refused while it is read;
//! * a `.gz` is held to the same ratio and total while it is read.

use std::{
    fs::File,
    io::{BufReader, Read, Write},
    path::{Path, PathBuf},
};

use sha2::{Digest, Sha256};

use crate::{config::Source, error::Failure, sources::pump::pump};

/// Largest inflated/compressed ratio of a member over [`RATIO_FROM`] bytes.
pub(crate) const MAX_RATIO: u64 = 100;
/// Members smaller than this (inflated) are not held to [`MAX_RATIO`].
pub(crate) const RATIO_FROM: u64 = 1 << 20;
/// Largest inflated size of an archive's members together (or of a `.gz`).
pub(crate) const MAX_TOTAL: u64 = 4 << 30;

/// Which part of an archive an input is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    /// A `.zip` member: its index in the archive and its name.
    Zip { index: usize, name: String },
    /// The content of a `.gz`, named as the file without `.gz`.
    Gz { name: String },
}

impl Part {
    pub(crate) fn name(&self) -> &str {
        match self {
            Part::Zip { name, .. } | Part::Gz { name } => name,
        }
    }
}

/// The archive a member was read from, as the manifest lists it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Container {
    pub(crate) path: String,
    pub(crate) size: u64,
    pub(crate) sha256: String,
}

fn ext_is(p: &Path, ext: &str) -> bool {
    p.extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(ext))
}

/// A member name that stays inside the archive: relative, without `..`, no NUL.
fn safe_name(name: &str) -> bool {
    !(name.is_empty()
        || name.starts_with(['/', '\\'])
        || name.contains('\0')
        || name.as_bytes().get(1) == Some(&b':')
        || name.split(['/', '\\']).any(|c| c == ".."))
}

/// The parts of the file at `path` (`shown`) that are inputs: `None` when it is no
/// archive (the file is the input); else each member the source reads (`member` on
/// the source), with the name it is shown by (`archive.zip!member`).
pub(crate) fn parts(
    source: &Source,
    path: &Path,
    shown: &str,
) -> Result<Option<Vec<(Part, String)>>, Failure> {
    if ext_is(path, "zip") {
        let members = zip_members(source, path, shown)?;
        return Ok(Some(
            members
                .into_iter()
                .map(|(index, name)| {
                    let shown = format!("{shown}!{name}");
                    (Part::Zip { index, name }, shown)
                })
                .collect(),
        ));
    }
    if ext_is(path, "gz") {
        let name = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        return Ok(Some(vec![(
            Part::Gz { name: name.clone() },
            format!("{shown}!{name}"),
        )]));
    }
    Ok(None)
}

/// One member's sizes as the archive's directory declares them.
pub(crate) struct Entry {
    pub(crate) name: String,
    pub(crate) size: u64,
    pub(crate) compressed: u64,
}

/// The limits on an archive's directory: `None`, or why it is refused.
pub(crate) fn check_entries(entries: &[Entry]) -> Option<String> {
    let mut total = 0u64;
    for (i, e) in entries.iter().enumerate() {
        if !safe_name(&e.name) {
            return Some(format!(
                "member {} of {} is named with `..` or an absolute path (the name is not shown), which no export writes",
                i + 1,
                entries.len()
            ));
        }
        if e.size > RATIO_FROM && e.size > MAX_RATIO.saturating_mul(e.compressed) {
            return Some(format!(
                "member `{}` inflates {} bytes from {} ({}:1), above the limit of {MAX_RATIO}:1 for members over 1 MiB (a ZIP bomb?)",
                e.name,
                e.size,
                e.compressed,
                e.size / e.compressed.max(1)
            ));
        }
        total = total.saturating_add(e.size);
    }
    (total > MAX_TOTAL).then(|| {
        format!("its members inflate to {total} bytes, above the limit of 4 GiB (a ZIP bomb?)")
    })
}

/// The members of a `.zip` the source reads: its `member` glob matched on the name or on
/// its last component; without one, the archive's only file.
fn zip_members(source: &Source, path: &Path, shown: &str) -> Result<Vec<(usize, String)>, Failure> {
    let refused = |why: String| {
        Failure::run(format!(
            "`{shown}` (source `{}`) is refused: {why}",
            source.name
        ))
    };
    let bad = |e: &dyn std::fmt::Display| {
        Failure::run(format!(
            "`{shown}` (source `{}`) cannot be read as a ZIP archive: {e}",
            source.name
        ))
    };
    let file = File::open(path).map_err(|e| bad(&e))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| bad(&e))?;
    let mut entries = Vec::with_capacity(zip.len());
    let mut files = Vec::new();
    for i in 0..zip.len() {
        let m = zip.by_index_raw(i).map_err(|e| bad(&e))?;
        let name = m.name().map_err(|e| bad(&e))?.into_owned();
        if !m.is_dir() {
            files.push((i, name.clone()));
        }
        entries.push(Entry {
            name,
            size: m.size(),
            compressed: m.compressed_size(),
        });
    }
    if let Some(why) = check_entries(&entries) {
        return Err(refused(why));
    }
    let listed = || crate::model::backticked(files.iter().take(20).map(|(_, n)| n.as_str()));
    let chosen: Vec<(usize, String)> = match &source.member {
        Some(g) => files
            .iter()
            .filter(|(_, n)| {
                g.matches(n) || n.rsplit(['/', '\\']).next().is_some_and(|b| g.matches(b))
            })
            .cloned()
            .collect(),
        None if files.len() == 1 => files.clone(),
        None => {
            return Err(Failure::config(format!(
                "`{shown}` (source `{}`) holds {} files: choose with `member = \"…\"` on the source; it holds {}",
                source.name,
                files.len(),
                listed()
            )));
        }
    };
    if chosen.is_empty() {
        return Err(Failure::config(format!(
            "`{shown}` (source `{}`): no member matches `member = \"{}\"`; it holds {}",
            source.name,
            source.member.as_ref().map_or("", |g| g.as_str()),
            listed()
        )));
    }
    Ok(chosen)
}

/// The archive's size and SHA-256.
fn container(path: &Path, shown: &str) -> Result<Container, Failure> {
    let err = |e: std::io::Error| Failure::run(format!("cannot read `{shown}`: {e}"));
    let mut f = File::open(path).map_err(err)?;
    let mut h = Sha256::new();
    let size = std::io::copy(&mut f, &mut h).map_err(err)?;
    Ok(Container {
        path: shown.to_string(),
        size,
        sha256: h.finalize().iter().map(|b| format!("{b:02x}")).collect(),
    })
}

/// Counts the bytes read through it.
struct Counting<R> {
    inner: R,
    n: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.n
            .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

/// Copy `r` to `w`, refusing more than `most` bytes, and (`compressed`: the input read so
/// far) more than [`MAX_RATIO`] times the input past [`RATIO_FROM`].
fn guarded_copy(
    r: &mut dyn Read,
    w: &mut dyn Write,
    most: u64,
    compressed: Option<&std::sync::atomic::AtomicU64>,
) -> std::io::Result<()> {
    let mut buf = vec![0u8; 64 << 10];
    let mut total = 0u64;
    loop {
        let n = r.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        total += n as u64;
        if total > most {
            return Err(std::io::Error::other(format!(
                "refused: it inflates to more than {most} bytes (a ZIP bomb?)"
            )));
        }
        if let Some(c) = compressed {
            let c = c.load(std::sync::atomic::Ordering::Relaxed);
            if total > RATIO_FROM && total > MAX_RATIO.saturating_mul(c) {
                return Err(std::io::Error::other(format!(
                    "refused: it inflates more than {MAX_RATIO}:1 past 1 MiB (a decompression bomb?)"
                )));
            }
        }
        w.write_all(&buf[..n])?;
    }
}

/// The inflated bytes of an archive's `part` (a stream), and the archive it came from;
/// `shown` is the member's name as shown (`archive.zip!member`).
pub(crate) fn open_member(
    path: &Path,
    part: &Part,
    shown: &str,
) -> Result<(Box<dyn Read + Send>, Container), Failure> {
    let archive_shown = shown.rsplit_once('!').map_or(shown, |(a, _)| a).to_string();
    let archive = container(path, &archive_shown)?;
    let path: PathBuf = path.to_path_buf();
    let stream = match part.clone() {
        Part::Zip { index, .. } => pump(move |w| {
            let mut zip = zip::ZipArchive::new(BufReader::new(File::open(&path)?))
                .map_err(std::io::Error::other)?;
            let mut m = zip.by_index(index).map_err(std::io::Error::other)?;
            let declared = m.size();
            guarded_copy(&mut m, w, declared, None)
        }),
        Part::Gz { .. } => pump(move |w| {
            let n = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
            let inner = Counting {
                inner: BufReader::new(File::open(&path)?),
                n: n.clone(),
            };
            let mut gz = flate2::read::MultiGzDecoder::new(inner);
            guarded_copy(&mut gz, w, MAX_TOTAL, Some(&*n))
        }),
    };
    Ok((stream, archive))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(name: &str, size: u64, compressed: u64) -> Entry {
        Entry {
            name: name.into(),
            size,
            compressed,
        }
    }

    #[test]
    fn member_names_that_leave_the_archive_are_unsafe() {
        for bad in [
            "../evil.csv",
            "a/../../b.csv",
            "/etc/passwd",
            "\\x.csv",
            "C:x.csv",
            "a\0b",
            "",
        ] {
            assert!(!safe_name(bad), "{bad:?}");
        }
        for good in [
            "messages.csv",
            "Basic/messages.csv",
            "a..b.csv",
            "x/y/z.xlsx",
        ] {
            assert!(safe_name(good), "{good}");
        }
    }

    #[test]
    fn the_directory_is_held_to_the_limits() {
        assert_eq!(check_entries(&[e("a.csv", 50 << 20, 1 << 20)]), None);
        // small members may compress well
        assert_eq!(check_entries(&[e("a.csv", 1 << 20, 100)]), None);
        assert_eq!(
            check_entries(&[e("ok.csv", 10, 10), e("big.csv", 101 << 20, 1 << 20)]).as_deref(),
            Some(
                "member `big.csv` inflates 105906176 bytes from 1048576 (101:1), above the limit of 100:1 for members over 1 MiB (a ZIP bomb?)"
            )
        );
        let quarter = e("q.csv", 1 << 30, 50 << 20);
        let five: Vec<Entry> = (0..5)
            .map(|_| e(&quarter.name, quarter.size, quarter.compressed))
            .collect();
        assert_eq!(
            check_entries(&five).as_deref(),
            Some("its members inflate to 5368709120 bytes, above the limit of 4 GiB (a ZIP bomb?)")
        );
        assert_eq!(
            check_entries(&[e("a.csv", 1, 1), e("../evil.csv", 1, 1)]).as_deref(),
            Some(
                "member 2 of 2 is named with `..` or an absolute path (the name is not shown), which no export writes"
            )
        );
    }

    #[test]
    fn a_stream_past_its_limits_is_refused() {
        let zeros = vec![0u8; 3 << 20];
        let mut out = Vec::new();
        let e = guarded_copy(&mut zeros.as_slice(), &mut out, 2 << 20, None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "refused: it inflates to more than 2097152 bytes (a ZIP bomb?)"
        );
        let c = std::sync::atomic::AtomicU64::new(1000);
        let e =
            guarded_copy(&mut zeros.as_slice(), &mut Vec::new(), MAX_TOTAL, Some(&c)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "refused: it inflates more than 100:1 past 1 MiB (a decompression bomb?)"
        );
        let c = std::sync::atomic::AtomicU64::new(1 << 20);
        assert!(guarded_copy(&mut zeros.as_slice(), &mut Vec::new(), MAX_TOTAL, Some(&c)).is_ok());
    }
}
