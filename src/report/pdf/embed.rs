//! The embedded fonts: each face used is subset to the glyphs its pages draw (typst's
//! `subsetter`) and written as an Identity-H Type0 font with its widths, ToUnicode map
//! and a CIDToGIDMap.
//!
//! The pages address glyphs by their id in the whole font (`Canvas::glyphs`), and so
//! do the widths and the ToUnicode map: those ids are the CIDs. The subset renumbers
//! the glyphs (0, 1, 2, …); the CIDToGIDMap stream maps each CID to its glyph in the
//! subset, so nothing drawn changes. The subset's name gets the `ABCDEF+` tag of
//! ISO 32000-1 9.6.4, made from the glyph set, so the same glyphs give the same name.

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use super::*;

/// A face's glyphs used by a document: per glyph id (the CID), the character last drawn
/// with it in page order (what text extraction gives back for it); `None` = unused.
pub(crate) type Used = Vec<Option<char>>;

/// `used` of a canvas, per face, as [`Used`].
pub(crate) fn used_of(cv: &Canvas) -> [Used; 2] {
    let one = |u: &Vec<(u32, char)>| u.iter().map(|&(k, c)| (k > 0).then_some(c)).collect();
    [one(&cv.used[0]), one(&cv.used[1])]
}

/// Merge the glyphs of a later document into `into` (a later use wins, as in page order).
pub(crate) fn merge_used(into: &mut [Used; 2], later: &[Used; 2]) {
    for (a, b) in into.iter_mut().zip(later) {
        if a.len() < b.len() {
            a.resize(b.len(), None);
        }
        for (x, y) in a.iter_mut().zip(b) {
            if y.is_some() {
                *x = *y;
            }
        }
    }
}

/// The font program of `face`.
fn program(face: Face) -> &'static [u8] {
    match face {
        Face::Regular => REGULAR_TTF,
        Face::Bold => BOLD_TTF,
    }
}

/// zlib at the default level.
pub(crate) fn zlib(data: &[u8]) -> Result<Vec<u8>> {
    use std::io::Write;
    let mut e = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(data.len() / 2 + 64),
        flate2::Compression::default(),
    );
    e.write_all(data)
        .and_then(|()| e.finish())
        .map_err(|e| Error::Pdf(format!("cannot compress a PDF stream: {e}")))
}

/// A Flate-compressed stream with the extra entries `dict`.
pub(crate) fn packed_stream(mut dict: Dictionary, data: &[u8]) -> Result<Stream> {
    dict.set("Filter", "FlateDecode");
    Ok(Stream::new(dict, zlib(data)?).with_compression(false))
}

/// The subset tag: six capital letters from a hash of the face and its glyph set.
fn tag(face: Face, gids: &[u16]) -> String {
    use std::hash::BuildHasher;
    let mut h = foldhash::fast::FixedState::with_seed(0x7a9).hash_one((face as u8, gids));
    (0..6)
        .map(|_| {
            let c = char::from(b'A' + (h % 26) as u8);
            h /= 26;
            c
        })
        .collect()
}

/// A face subset to one glyph set, ready to embed: its name and its streams, compressed.
pub(crate) struct Subset {
    name: String,
    program: Stream,
    cid_set: Stream,
    cid_to_gid: Stream,
    to_unicode: Stream,
    widths: Vec<Object>,
}

/// Subsets made before, by face and glyph set (statements share most of theirs: the
/// regular face's glyphs are often the same from rep to rep).
#[derive(Default)]
pub(crate) struct SubsetCache(std::sync::Mutex<std::collections::HashMap<Key, Arc<Subset>>>);

/// A face and its glyphs with their characters.
type Key = (u8, Vec<(u16, char)>);

/// The cache is emptied when it holds this many subsets (memory stays bounded).
const CACHED: usize = 256;

use std::sync::Arc;

impl SubsetCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<Key, Arc<Subset>>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Fonts {
    /// Add the font of `face` to `doc`, subset to the glyphs of `used`; its reference.
    pub(crate) fn embed(
        &self,
        doc: &mut lopdf::Document,
        face: Face,
        used: &Used,
    ) -> Result<ObjectId> {
        let key: Key = (
            face as u8,
            (used.iter().enumerate())
                .filter_map(|(g, c)| Some((u16::try_from(g).ok()?, (*c)?)))
                .collect(),
        );
        let cached = self.subsets.lock().get(&key).cloned();
        let sub = match cached {
            Some(sub) => sub,
            None => {
                let sub = Arc::new(self.subset(face, used)?);
                let mut cache = self.subsets.lock();
                if cache.len() >= CACHED {
                    cache.clear();
                }
                cache.insert(key, Arc::clone(&sub));
                sub
            }
        };
        Ok(sub.add_to(doc, self, face))
    }

    /// `face` subset to the glyphs of `used`, with its widths, CIDSet, CIDToGIDMap
    /// and ToUnicode map.
    fn subset(&self, face: Face, used: &Used) -> Result<Subset> {
        let gids: Vec<u16> = used
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_some())
            .filter_map(|(g, _)| u16::try_from(g).ok())
            .collect();
        let remapper = subsetter::GlyphRemapper::new_from_glyphs_sorted(&gids);
        let program = subsetter::subset(program(face), 0, &remapper)
            .map_err(|e| Error::Pdf(format!("cannot subset the font {}: {e}", face.base_font())))?;
        let program = hinting::strip_hinting(&program).unwrap_or(program);

        // CID (= glyph id in the whole font) → glyph id in the subset, 2 bytes each
        let top = gids.last().map_or(0, |&g| usize::from(g) + 1);
        let mut cid_to_gid = vec![0u8; 2 * top];
        // CIDs present: one bit each, the first the most significant (CID 0 always)
        let mut cid_set = vec![0u8; top.max(1).div_ceil(8)];
        cid_set[0] |= 0x80;
        for &g in &gids {
            let new = remapper.get(g).unwrap_or(0).to_be_bytes();
            let i = usize::from(g);
            cid_to_gid[2 * i..2 * i + 2].copy_from_slice(&new);
            cid_set[i / 8] |= 0x80 >> (i % 8);
        }
        let upem = f32::from(self.metrics[face as usize].units_per_em.max(1));
        let mut len1 = Dictionary::new();
        len1.set("Length1", program.len() as i64);
        Ok(Subset {
            name: format!("{}+{}", tag(face, &gids), face.base_font()),
            program: packed_stream(len1, &program)?,
            cid_set: packed_stream(Dictionary::new(), &cid_set)?,
            cid_to_gid: packed_stream(Dictionary::new(), &cid_to_gid)?,
            to_unicode: packed_stream(Dictionary::new(), to_unicode(used).as_bytes())?,
            widths: widths(&gids, |g| self.advance(face, g), upem),
        })
    }
}

impl Subset {
    /// The Type0 font of this subset of `face`, added to `doc`; its reference.
    fn add_to(&self, doc: &mut lopdf::Document, fonts: &Fonts, face: Face) -> ObjectId {
        let f = fonts.font(face);
        let upem = f32::from(fonts.metrics[face as usize].units_per_em.max(1));
        let scale = |v: f32| (v * 1000.0 / upem).round() as i64;
        let pm = &f.pdf_font_metrics;
        let ascent = scale(f32::from(f.font_metrics.ascent));
        let stem_v = if pm.us_weight_class == 0 {
            80
        } else {
            50 + (f32::from(pm.us_weight_class) / 65.0).powi(2).round() as i64
        };
        let name = || Object::Name(self.name.clone().into_bytes());
        let file = doc.add_object(self.program.clone());
        let cid_set = doc.add_object(self.cid_set.clone());
        let descriptor = doc.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"FontDescriptor".to_vec())),
            ("FontName", name()),
            ("Flags", 32.into()),
            (
                "FontBBox",
                Object::Array(
                    [pm.x_min, pm.y_min, pm.x_max, pm.y_max]
                        .iter()
                        .map(|&v| scale(f32::from(v)).into())
                        .collect(),
                ),
            ),
            ("ItalicAngle", 0.into()),
            ("Ascent", ascent.into()),
            ("Descent", scale(f32::from(f.font_metrics.descent)).into()),
            ("CapHeight", ascent.into()),
            ("StemV", stem_v.into()),
            ("FontFile2", file.into()),
            ("CIDSet", cid_set.into()),
        ]));
        let map = doc.add_object(self.cid_to_gid.clone());
        let cid_font = doc.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Font".to_vec())),
            ("Subtype", Object::Name(b"CIDFontType2".to_vec())),
            ("BaseFont", name()),
            (
                "CIDSystemInfo",
                Object::Dictionary(Dictionary::from_iter([
                    (
                        "Registry",
                        Object::String(b"Adobe".to_vec(), StringFormat::Literal),
                    ),
                    (
                        "Ordering",
                        Object::String(b"Identity".to_vec(), StringFormat::Literal),
                    ),
                    ("Supplement", 0.into()),
                ])),
            ),
            ("FontDescriptor", descriptor.into()),
            ("DW", 1000.into()),
            ("W", Object::Array(self.widths.clone())),
            ("CIDToGIDMap", map.into()),
        ]));
        let to_unicode = doc.add_object(self.to_unicode.clone());
        doc.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Font".to_vec())),
            ("Subtype", Object::Name(b"Type0".to_vec())),
            ("BaseFont", name()),
            ("Encoding", Object::Name(b"Identity-H".to_vec())),
            ("DescendantFonts", Object::Array(vec![cid_font.into()])),
            ("ToUnicode", to_unicode.into()),
        ]))
    }
}

/// The `/W` array of `gids` (ascending): runs of consecutive CIDs with their widths in
/// 1/1000 em (truncated, as printpdf wrote them).
fn widths(gids: &[u16], advance: impl Fn(u16) -> u16, upem: f32) -> Vec<Object> {
    let mut out = Vec::new();
    let mut run: Vec<Object> = Vec::new();
    let mut first = 0u16;
    let mut prev: Option<u16> = None;
    for &g in gids {
        if prev.is_some_and(|p| p + 1 != g) {
            out.push(i64::from(first).into());
            out.push(Object::Array(std::mem::take(&mut run)));
        }
        if run.is_empty() {
            first = g;
        }
        run.push(((f32::from(advance(g)) * (1000.0 / upem)) as i64).into());
        prev = Some(g);
    }
    if !run.is_empty() {
        out.push(i64::from(first).into());
        out.push(Object::Array(run));
    }
    out
}

/// The ToUnicode CMap: each CID used to its character.
fn to_unicode(used: &Used) -> String {
    let pairs: Vec<(usize, char)> = used
        .iter()
        .enumerate()
        .filter_map(|(g, c)| c.map(|c| (g, c)))
        .collect();
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in pairs.chunks(100) {
        let _ = writeln!(s, "{} beginbfchar", chunk.len());
        for &(g, c) in chunk {
            let _ = write!(s, "<{g:04X}> <");
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                let _ = write!(s, "{unit:04X}");
            }
            s.push_str(">\n");
        }
        s.push_str("endbfchar\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s
}
