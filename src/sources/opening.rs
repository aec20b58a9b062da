//! How an input is opened: a CSV file as [`read::open`] does it; a workbook's sheet
//! ([`excel`]) and an archive's member ([`archive`]) as a stream of CSV text the same
//! pipeline reads, under the name it is shown by (`calls.xlsx[Calls]`,
//! `export.zip!messages.csv`).

use std::{fs::File, io::Read, path::Path};

use crate::{
    config::Source,
    error::Failure,
    sources::{
        archive::{self, Container, Part},
        decode,
        excel::{self, Book},
        read::{self, Hashing, HashingReader, Input, Watch, fill, read_error},
    },
};

/// An input opened for reading.
pub(crate) struct Opened {
    pub(crate) input: Input,
    /// The file as opened, to check once it is read (none for an archive's member).
    pub(crate) watch: Option<Watch>,
    /// As shown in the accounting and the rejects.
    pub(crate) shown: String,
    /// The source as this input is read, when it differs (a sheet: `,`-separated UTF-8).
    pub(crate) source: Option<Source>,
    /// The archive of a member.
    pub(crate) archive: Option<Container>,
}

/// Open `path` (`shown`; `part`: a member of it), hashing the file (or the member's
/// inflated bytes) into `hasher`.
pub(crate) fn open(
    source: &Source,
    part: Option<&Part>,
    path: &Path,
    shown: &str,
    hasher: &Hashing,
    mmap: bool,
) -> Result<Opened, Failure> {
    let Some(part) = part else {
        let Some(book) = Book::of(shown) else {
            let (input, watch) = read::open(source, path, shown, hasher, mmap)?;
            return Ok(Opened {
                input,
                watch,
                shown: shown.to_string(),
                source: None,
                archive: None,
            });
        };
        let file = File::open(path).map_err(|e| {
            Failure::run(format!(
                "cannot open `{shown}` (source `{}`): {e}",
                source.name
            ))
        })?;
        let watch = Watch::new(&file, shown);
        return sheet(source, book, Box::new(file), shown, hasher, watch, None);
    };
    let (raw, container) = archive::open_member(path, part, shown)?;
    if let Some(book) = Book::of(part.name()) {
        return sheet(source, book, raw, shown, hasher, None, Some(container));
    }
    let mut raw = HashingReader {
        inner: raw,
        hasher: hasher.clone(),
    };
    let mut first = Vec::new();
    fill(&mut raw, &mut first, 4).map_err(|e| read_error(shown, e))?;
    Ok(Opened {
        input: Input::Stream(decode::utf8_stream(first, raw, source.encoding).0),
        watch: None,
        shown: shown.to_string(),
        source: None,
        archive: Some(container),
    })
}

/// A workbook read whole from `raw` (hashed), its sheet as CSV text.
fn sheet(
    source: &Source,
    book: Book,
    raw: Box<dyn Read + Send>,
    shown: &str,
    hasher: &Hashing,
    watch: Option<Watch>,
    archive: Option<Container>,
) -> Result<Opened, Failure> {
    let mut bytes = Vec::new();
    HashingReader {
        inner: raw,
        hasher: hasher.clone(),
    }
    .read_to_end(&mut bytes)
    .map_err(|e| read_error(shown, e))?;
    let (name, stream) = excel::sheet_stream(bytes, book, source, shown)?;
    let render = excel::Render::for_source(source);
    Ok(Opened {
        input: Input::Stream(stream),
        watch,
        shown: format!("{shown}[{name}]"),
        source: Some(Source {
            delimiter: Some(render.delimiter),
            encoding: None,
            ..source.clone()
        }),
        archive,
    })
}
