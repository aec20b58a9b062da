//! Finishing the document: the content streams swapped in through lopdf, recompression, the PDF date and the pinned trailer `/ID`.

use super::*;

/// Give the pages of `doc`, in order, the (compressed) content streams `streams`.
pub(crate) fn set_contents(doc: &mut lopdf::Document, streams: Vec<Vec<u8>>) -> Result<()> {
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    if pages.len() != streams.len() {
        return Err(Error::Pdf(format!(
            "printpdf laid out {} pages instead of {}",
            pages.len(),
            streams.len()
        )));
    }
    let err = |e: lopdf::Error| Error::Pdf(format!("cannot set a page's content: {e}"));
    for (page, content) in pages.into_iter().zip(streams) {
        let id = doc
            .get_dictionary(page)
            .and_then(|d| d.get(b"Contents"))
            .and_then(lopdf::Object::as_reference)
            .map_err(err)?;
        let stream = doc
            .get_object_mut(id)
            .and_then(lopdf::Object::as_stream_mut)
            .map_err(err)?;
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(content);
    }
    Ok(())
}

impl Pdf {
    /// Flate-compress every stream that allows it and is not compressed yet, on two
    /// threads, at the default level (lopdf's own `compress` uses `best`,
    /// single-threaded). Streams seen before (the fonts) come from the cache.
    pub(crate) fn compress(&self, doc: &mut lopdf::Document) {
        let mut todo: Vec<&mut lopdf::Stream> = doc
            .objects
            .values_mut()
            .filter_map(|o| match o {
                lopdf::Object::Stream(s)
                    if s.allows_compression && s.dict.get(b"Filter").is_err() =>
                {
                    Some(s)
                }
                _ => None,
            })
            .collect();
        let pack = |s: &mut lopdf::Stream| {
            let Some(packed) = self.pack_cached(&s.content) else {
                return;
            };
            if packed.len() + 19 < s.content.len() {
                s.dict.set("Filter", "FlateDecode");
                s.set_content(packed);
            }
        };
        let half = todo.len() / 2;
        let (a, b) = todo.split_at_mut(half);
        std::thread::scope(|scope| {
            scope.spawn(|| a.iter_mut().for_each(|s| pack(s)));
            b.iter_mut().for_each(|s| pack(s));
        });
    }

    /// `content` as a zlib stream at the default level; one over 64 KiB (an embedded
    /// font) is compressed once and then taken from the cache (the fonts are there
    /// from the start, deflated at build time).
    pub(crate) fn pack_cached(&self, content: &[u8]) -> Option<Vec<u8>> {
        let key = (content.len() > 64 * 1024).then(|| stream_key(content));
        if let Some(p) = key.and_then(|k| self.packed.lock().ok()?.get(&k).cloned()) {
            return Some(p);
        }
        use std::io::Write;
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(content).ok()?;
        let p = e.finish().ok()?;
        if let (Some(k), Ok(mut m)) = (key, self.packed.lock()) {
            m.insert(k, p.clone());
        }
        Some(p)
    }
}

/// The key of a large stream in [`Pdf::packed`].
pub(crate) fn stream_key(content: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x9df).hash_one(content)
}

// ---------------------------------------------------------------------------------------
// Determinism
// ---------------------------------------------------------------------------------------

pub(crate) fn pdf_date(d: NaiveDate) -> printpdf::DateTime {
    printpdf::DateTime {
        date: printpdf::Date {
            year: d.year(),
            month: d.month() as u8,
            day: d.day() as u8,
        },
        time: printpdf::Time {
            hour: 0,
            minute: 0,
            second: 0,
            millisecond: 0,
        },
        offset: printpdf::Offset {
            hours: 0,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    }
}

/// Replace the two random strings of the trailer `/ID [(..)(..)]` with the first
/// characters of a SHA-256 of the file (with the ids blanked), same length, so no
/// offset moves.
pub(crate) fn pin_trailer_id(bytes: &mut [u8]) -> Result<()> {
    let Some(at) = bytes.windows(3).rposition(|w| w == b"/ID") else {
        return Err(Error::Pdf("no /ID in the PDF trailer".into()));
    };
    // The two literal strings after /ID.
    let mut spans = Vec::with_capacity(2);
    let mut i = at + 3;
    while spans.len() < 2 && i < bytes.len() {
        match bytes[i] {
            b'(' => {
                let start = i + 1;
                let Some(len) = bytes[start..].iter().position(|&b| b == b')') else {
                    return Err(Error::Pdf(
                        "unterminated /ID string in the PDF trailer".into(),
                    ));
                };
                spans.push(start..start + len);
                i = start + len + 1;
            }
            b'[' | b' ' | b'\r' | b'\n' | b'\t' => i += 1,
            _ => {
                return Err(Error::Pdf(
                    "unexpected /ID format in the PDF trailer".into(),
                ));
            }
        }
    }
    if spans.len() != 2 {
        return Err(Error::Pdf(
            "the PDF trailer /ID does not have two strings".into(),
        ));
    }
    for s in &spans {
        bytes[s.clone()].fill(b'0');
    }
    let hash = crate::sha256_hex(bytes);
    for s in spans {
        let n = s.len().min(hash.len());
        bytes[s.start..s.start + n].copy_from_slice(&hash.as_bytes()[..n]);
    }
    Ok(())
}
