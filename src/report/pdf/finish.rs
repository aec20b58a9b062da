//! Finishing the document: the PDF objects around the compressed pages (page tree,
//! subset fonts, bookmarks), its PDF/A-2b identification (XMP metadata, the sRGB output
//! intent, the document information agreeing with the XMP), and the pinned trailer `/ID`.

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

use super::*;

/// What a document says about itself: the document information and its XMP twin.
pub(crate) struct DocMeta {
    pub(crate) title: String,
    pub(crate) author: String,
    pub(crate) subject: String,
    pub(crate) creator: String,
    pub(crate) generated: NaiveDate,
}

/// A bookmark (outline entry) to the page `page` (0-based) of the document.
pub(crate) struct Mark {
    pub(crate) title: String,
    pub(crate) page: usize,
}

/// The producer named in every PDF.
const PRODUCER: &str = "activity-quota (lopdf 0.44, subsetter 0.2)";

/// `s` as a PDF text string: UTF-16BE with its byte-order mark.
fn text(s: &str) -> Object {
    let mut b = vec![0xfe, 0xff];
    b.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(b, StringFormat::Hexadecimal)
}

fn name(s: &str) -> Object {
    Object::Name(s.as_bytes().to_vec())
}

impl Pdf {
    /// The whole file: pages with the compressed content `streams`, the fonts subset to
    /// the glyphs of `used`, a bookmark per `marks` entry.
    pub(crate) fn write(
        &self,
        meta: &DocMeta,
        streams: Vec<Vec<u8>>,
        used: &[Used; 2],
        marks: &[Mark],
    ) -> Result<Vec<u8>> {
        let mut doc = lopdf::Document::with_version("1.4");
        // a classic xref table: cross-reference streams are PDF 1.5
        doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
        let pages_id = doc.new_object_id();
        let mut fonts = Dictionary::new();
        for face in [Face::Regular, Face::Bold] {
            if used[face as usize].iter().any(Option::is_some) {
                let id = self.fonts.embed(&mut doc, face, &used[face as usize])?;
                fonts.set(face.id(), id);
            }
        }
        let resources =
            doc.add_object(Dictionary::from_iter([("Font", Object::Dictionary(fonts))]));
        let media = Object::Array(
            [0.0, 0.0, mm_pt(PAGE_W), mm_pt(PAGE_H)]
                .into_iter()
                .map(Object::Real)
                .collect(),
        );
        let mut kids = Vec::with_capacity(streams.len());
        for content in streams {
            let mut d = Dictionary::new();
            d.set("Filter", "FlateDecode");
            let contents = doc.add_object(Stream::new(d, content).with_compression(false));
            kids.push(doc.add_object(Dictionary::from_iter([
                ("Type", name("Page")),
                ("Parent", pages_id.into()),
                ("MediaBox", media.clone()),
                ("Resources", resources.into()),
                ("Contents", contents.into()),
            ])));
        }
        let count = kids.len() as i64;
        doc.objects.insert(
            pages_id,
            Object::Dictionary(Dictionary::from_iter([
                ("Type", name("Pages")),
                ("Count", count.into()),
                (
                    "Kids",
                    Object::Array(kids.iter().map(|&k| k.into()).collect()),
                ),
            ])),
        );
        let mut catalog = Dictionary::from_iter([
            ("Type", name("Catalog")),
            ("Pages", pages_id.into()),
            ("Metadata", self.xmp(&mut doc, meta).into()),
            (
                "OutputIntents",
                Object::Array(vec![self.output_intent(&mut doc).into()]),
            ),
        ]);
        if let Some(outlines) = outlines(&mut doc, marks, &kids) {
            catalog.set("Outlines", outlines);
            catalog.set("PageMode", "UseOutlines");
        }
        let root = doc.add_object(catalog);
        let info = doc.add_object(info(meta));
        doc.trailer.set("Root", root);
        doc.trailer.set("Info", info);
        let blank = Object::String(vec![b'0'; 32], StringFormat::Literal);
        doc.trailer
            .set("ID", Object::Array(vec![blank.clone(), blank]));
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes)
            .map_err(|e| Error::Pdf(format!("cannot serialise the PDF: {e}")))?;
        pin_trailer_id(&mut bytes)?;
        Ok(bytes)
    }

    /// The PDF/A output intent: sRGB, the colour space of every colour drawn.
    fn output_intent(&self, doc: &mut lopdf::Document) -> ObjectId {
        let mut d = Dictionary::from_iter([("N", Object::Integer(3))]);
        d.set("Filter", "FlateDecode");
        let profile = doc.add_object(Stream::new(d, self.icc.clone()).with_compression(false));
        let lit = |s: &str| Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
        doc.add_object(Dictionary::from_iter([
            ("Type", name("OutputIntent")),
            ("S", name("GTS_PDFA1")),
            ("OutputConditionIdentifier", lit("sRGB IEC61966-2.1")),
            ("RegistryName", lit("http://www.color.org")),
            ("Info", lit("sRGB IEC61966-2.1")),
            ("DestOutputProfile", profile.into()),
        ]))
    }

    /// The XMP metadata (uncompressed): PDF/A-2b identification and the same title,
    /// author, subject, dates, creator tool and producer as the document information.
    fn xmp(&self, doc: &mut lopdf::Document, m: &DocMeta) -> ObjectId {
        let date = format!("{}T00:00:00Z", m.generated.format("%Y-%m-%d"));
        let x = |s: &str| {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
        };
        let xml = format!(
            "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\" \
xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" \
xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n\
<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n\
<dc:format>application/pdf</dc:format>\n\
<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n\
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>\n\
<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{subject}</rdf:li></rdf:Alt></dc:description>\n\
<xmp:CreatorTool>{creator}</xmp:CreatorTool>\n<xmp:CreateDate>{date}</xmp:CreateDate>\n\
<xmp:ModifyDate>{date}</xmp:ModifyDate>\n<xmp:MetadataDate>{date}</xmp:MetadataDate>\n\
<pdf:Producer>{PRODUCER}</pdf:Producer>\n\
</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>",
            title = x(&m.title),
            author = x(&m.author),
            subject = x(&m.subject),
            creator = x(&m.creator),
        );
        let d = Dictionary::from_iter([("Type", name("Metadata")), ("Subtype", name("XML"))]);
        doc.add_object(Stream::new(d, xml.into_bytes()).with_compression(false))
    }
}

/// The document information dictionary (what the XMP says, for older readers).
fn info(m: &DocMeta) -> Dictionary {
    let date = Object::String(
        format!("D:{}000000Z", m.generated.format("%Y%m%d")).into_bytes(),
        StringFormat::Literal,
    );
    Dictionary::from_iter([
        ("Title", text(&m.title)),
        ("Author", text(&m.author)),
        ("Subject", text(&m.subject)),
        ("Creator", text(&m.creator)),
        ("Producer", text(PRODUCER)),
        ("CreationDate", date.clone()),
        ("ModDate", date),
    ])
}

/// The outline (bookmarks) of `marks`, each to the top of its page; `None` for none.
fn outlines(doc: &mut lopdf::Document, marks: &[Mark], pages: &[ObjectId]) -> Option<ObjectId> {
    if marks.is_empty() {
        return None;
    }
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = marks.iter().map(|_| doc.new_object_id()).collect();
    for (i, m) in marks.iter().enumerate() {
        let page = pages.get(m.page).or(pages.last())?;
        let mut d = Dictionary::from_iter([
            ("Title", text(&m.title)),
            ("Parent", root.into()),
            ("Dest", Object::Array(vec![(*page).into(), name("Fit")])),
        ]);
        if i > 0 {
            d.set("Prev", ids[i - 1]);
        }
        if let Some(&next) = ids.get(i + 1) {
            d.set("Next", next);
        }
        doc.objects.insert(ids[i], Object::Dictionary(d));
    }
    doc.objects.insert(
        root,
        Object::Dictionary(Dictionary::from_iter([
            ("Type", name("Outlines")),
            ("First", ids[0].into()),
            ("Last", ids[ids.len() - 1].into()),
            ("Count", (ids.len() as i64).into()),
        ])),
    );
    Some(root)
}

// ---------------------------------------------------------------------------------------
// Determinism
// ---------------------------------------------------------------------------------------

/// Replace the two placeholder strings of the trailer `/ID [(..)(..)]` with the first
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
