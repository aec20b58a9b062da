//! The PDF files themselves: subset fonts and sizes (`pdffonts`), the reps `--per-rep`
//! selects, the combined `statements.pdf` and its bookmarks (read back with lopdf),
//! reproducible bytes, and the PDF/A-2b identification, checked by Apache PDFBox's
//! Preflight validator (Debian's libpdfbox2-java; .ci/run installs it).

use std::{
    fs,
    path::{Path, PathBuf},
    process::Command,
};

use crate::{pdf::pdftotext, util::tempdir};

fn sample(out: &Path, extra: &[&str]) -> crate::util::Run {
    let mut args = vec!["-q"];
    args.extend_from_slice(extra);
    crate::util::run_october(Path::new("samples/config.toml"), out, &args)
}

/// The PDFs of an output set: report.pdf, the statements, statements.pdf.
fn pdfs(out: &Path) -> Vec<PathBuf> {
    let mut all = vec![out.join("report.pdf")];
    if let Ok(dir) = fs::read_dir(out.join("statements")) {
        let mut st: Vec<PathBuf> = dir.map(|e| e.unwrap().path()).collect();
        st.sort();
        all.extend(st);
    }
    if out.join("statements.pdf").exists() {
        all.push(out.join("statements.pdf"));
    }
    all
}

/// `pdffonts` rows: (name, type, encoding, embedded, subset, unicode).
fn pdffonts(path: &Path) -> Vec<[String; 6]> {
    let out = Command::new("pdffonts")
        .arg(path)
        .output()
        .expect("pdffonts (poppler-utils)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines()
        .skip(2)
        .map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            // name, "CID", "TrueType", encoding, emb, sub, uni, object, generation
            assert_eq!(w.len(), 9, "{l}");
            [w[0], &format!("{} {}", w[1], w[2]), w[3], w[4], w[5], w[6]].map(str::to_string)
        })
        .collect()
}

#[test]
fn every_pdf_embeds_its_fonts_subset_and_stays_small() {
    let d = tempdir();
    let out = d.path().join("o");
    let r = sample(&out, &["--per-rep", "--statements", "both"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let files = pdfs(&out);
    assert_eq!(files.len(), 11);
    for f in &files {
        let fonts = pdffonts(f);
        let mut faces: Vec<String> = Vec::new();
        for [name, kind, enc, emb, sub, uni] in &fonts {
            let (tag, face) = name
                .split_once('+')
                .unwrap_or_else(|| panic!("{name}: no subset tag"));
            assert!(
                tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
                "{name}"
            );
            faces.push(face.to_string());
            assert_eq!(
                [kind.as_str(), enc, emb, sub, uni],
                ["CID TrueType", "Identity-H", "yes", "yes", "yes"],
                "{}: {name}",
                f.display()
            );
        }
        faces.sort();
        assert_eq!(
            faces,
            ["LiberationSans", "LiberationSans-Bold"],
            "{}",
            f.display()
        );
        let size = fs::metadata(f).unwrap().len();
        let name = f.file_name().unwrap().to_str().unwrap();
        let bound = match name {
            "report.pdf" | "statements.pdf" => 120_000,
            _ => 40_000,
        };
        assert!(size <= bound, "{name}: {size} bytes, more than {bound}");
    }
    // the bold face draws the rep's name: other glyphs, another subset and tag
    let bold = |f: &Path| {
        let fonts = pdffonts(f);
        fonts.into_iter().find(|r| r[0].ends_with("-Bold")).unwrap()[0].clone()
    };
    assert_ne!(bold(&files[1]), bold(&files[2]));

    // Polish letters come back out through the ToUnicode maps
    let pl = d.path().join("pl");
    let r = sample(&pl, &["--lang", "pl", "--per-rep", "rep=R005"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = pdftotext(&pl.join("report.pdf")).join("\n");
    for c in "ąćęłńóśźżŁŹŻ".chars() {
        assert!(text.contains(c), "no {c} in\n{text}");
    }
    let text = pdftotext(&pl.join("statements/R005-pawel-lecki.pdf")).join("\n");
    assert!(text.contains("Paweł Łęcki (R005)"), "{text}");
    assert!(text.contains("Zestawienie handlowca"), "{text}");
}

#[test]
fn per_rep_selects_teams_and_reps_and_names_the_unknown() {
    let d = tempdir();
    let out = d.path().join("o");
    let r = sample(
        &out,
        &["--per-rep", "team=New York", "--per-rep", "rep=R001,R002"],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut names: Vec<String> = fs::read_dir(out.join("statements"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "R001-lukasz-zak.pdf",
            "R002-malgorzata-wojcik.pdf",
            "R007-raj-patel.pdf",
            "R008-emily-carter.pdf",
            "R009-marcus-johnson.pdf"
        ]
    );
    assert!(!out.join("statements.pdf").exists());

    for (sel, msg) in [
        (
            "team=Kraków",
            "error: --per-rep: no team `Kraków` in the roster; its teams are `New York`, `Warszawa`",
        ),
        (
            "rep=R001,E123",
            "error: --per-rep: no rep `E123` in the roster; its rep ids are `R001`, `R002`, \
             `R003`, `R004`, `R005`, `R006`, `R007`, `R008`, `R009`",
        ),
        (
            "Warszawa",
            "error: --per-rep: `Warszawa` is neither `team=NAME` nor `rep=ID` (e.g. \
             `--per-rep team=Warszawa`, `--per-rep rep=R001,R002`)",
        ),
        (
            "city=Warszawa",
            "error: --per-rep: `city=Warszawa` is neither `team=NAME` nor `rep=ID` (e.g. \
             `--per-rep team=Warszawa`, `--per-rep rep=R001,R002`)",
        ),
    ] {
        let o = d.path().join("bad");
        let r = sample(&o, &["--per-rep", sel]);
        assert_eq!(r.code, 2, "{sel}: {}", r.stderr);
        assert_eq!(r.stderr.trim(), msg, "{sel}");
        assert!(
            !o.join("report.pdf").exists(),
            "{sel}: a usage error writes nothing"
        );
    }
    let r = sample(&d.path().join("x"), &["--statements", "combined"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--per-rep"), "{}", r.stderr);
}

/// The outline of a PDF: (title, 1-based page) per top-level bookmark.
fn bookmarks(path: &Path) -> Vec<(String, u32)> {
    let doc = lopdf::Document::load(path).unwrap();
    let pages: std::collections::HashMap<lopdf::ObjectId, u32> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let catalog = doc.catalog().unwrap();
    let root = doc.get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap());
    let mut next = root
        .unwrap()
        .get(b"First")
        .and_then(lopdf::Object::as_reference)
        .ok();
    let mut out = Vec::new();
    while let Some(id) = next {
        let item = doc.get_dictionary(id).unwrap();
        let title = lopdf::decode_text_string(item.get(b"Title").unwrap()).unwrap();
        let dest = item.get(b"Dest").unwrap().as_array().unwrap();
        out.push((title, pages[&dest[0].as_reference().unwrap()]));
        next = item.get(b"Next").and_then(lopdf::Object::as_reference).ok();
    }
    out
}

#[test]
fn combined_statements_have_a_bookmark_per_rep_and_reproduce() {
    let d = tempdir();
    let (a, b) = (d.path().join("a"), d.path().join("b"));
    let args = ["--per-rep", "team=Warszawa", "--statements", "both"];
    for (out, threads) in [(&a, "1"), (&b, "2")] {
        let mut all = args.to_vec();
        all.extend(["--threads", threads]);
        let r = sample(out, &all);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    // the same bytes, whatever the threads
    let (fa, fb) = (pdfs(&a), pdfs(&b));
    assert_eq!(fa.len(), 8);
    for (x, y) in fa.iter().zip(&fb) {
        assert!(
            fs::read(x).unwrap() == fs::read(y).unwrap(),
            "{} differs",
            x.display()
        );
    }
    let combined = a.join("statements.pdf");
    assert_eq!(
        bookmarks(&combined),
        [
            ("Łukasz Żak (R001)".to_string(), 1),
            ("Małgorzata Wójcik (R002)".to_string(), 3),
            ("Józef Kołodziej (R003)".to_string(), 5),
            ("Agnieszka Dąbrowska (R004)".to_string(), 7),
            ("Paweł Łęcki (R005)".to_string(), 9),
            ("Zofia Krzyżanowska (R006)".to_string(), 11),
        ]
    );
    // page for page the text of the separate statements
    let separate: Vec<String> = fa[1..7].iter().flat_map(|f| pdftotext(f)).collect();
    assert_eq!(pdftotext(&combined), separate);
    let m: serde_json::Value =
        serde_json::from_slice(&fs::read(a.join("manifest.json")).unwrap()).unwrap();
    let paths: Vec<&str> = m["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["path"].as_str().unwrap())
        .collect();
    // the combined file after the separate statements, the saved model last
    assert_eq!(
        paths[paths.len().saturating_sub(2)..],
        ["statements.pdf", "model.json"]
    );
    assert_eq!(
        paths
            .iter()
            .filter(|p| p.starts_with("statements/"))
            .count(),
        6
    );

    // combined only: no folder of separate files
    let c = d.path().join("c");
    let r = sample(&c, &["--per-rep", "rep=R009", "--statements", "combined"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!c.join("statements").exists());
    assert_eq!(
        bookmarks(&c.join("statements.pdf")),
        [("Marcus Johnson (R009)".to_string(), 1)]
    );
    // closing the set renders the combined file again: the same reps, signed off
    let before = bookmarks(&combined);
    let c = crate::util::run(&[
        "close",
        "--out",
        a.to_str().unwrap(),
        "--by",
        "Anna Nowak",
        "--at",
        "2026-11-03T09:00:00Z",
    ]);
    assert_eq!(c.code, 0, "{}", c.stderr);
    assert_eq!(bookmarks(&combined), before);
    let text = pdftotext(&combined).join("");
    assert!(text.contains("Closed by Anna Nowak"), "{text}");
    assert!(!text.contains("Draft"), "{text}");
}

/// The class path of PDFBox Preflight as Debian installs it.
const PREFLIGHT: &str = "/usr/share/java/preflight.jar:/usr/share/java/pdfbox2.jar:\
/usr/share/java/fontbox2.jar:/usr/share/java/xmpbox.jar:/usr/share/java/commons-logging.jar:\
/usr/share/java/javax.activation.jar:/usr/share/java/jaxb-api.jar";

#[test]
fn pdfs_are_pdf_a_2b() {
    let d = tempdir();
    let out = d.path().join("o");
    let r = sample(&out, &["--per-rep", "rep=R004", "--statements", "both"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for f in pdfs(&out) {
        let bytes = fs::read(&f).unwrap();
        assert!(bytes.starts_with(b"%PDF-1.4\n%"), "{}", f.display());
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let catalog = doc.catalog().unwrap();
        let xmp = doc
            .get_object(catalog.get(b"Metadata").unwrap().as_reference().unwrap())
            .and_then(lopdf::Object::as_stream)
            .unwrap();
        assert!(
            xmp.dict.get(b"Filter").is_err(),
            "the XMP is not compressed"
        );
        let xmp = String::from_utf8(xmp.content.clone()).unwrap();
        for want in [
            "<pdfaid:part>2</pdfaid:part>",
            "<pdfaid:conformance>B</pdfaid:conformance>",
        ] {
            assert!(xmp.contains(want), "{xmp}");
        }
        let info = doc
            .get_dictionary(doc.trailer.get(b"Info").unwrap().as_reference().unwrap())
            .unwrap();
        let title = lopdf::decode_text_string(info.get(b"Title").unwrap()).unwrap();
        assert!(
            xmp.contains(&format!("<rdf:li xml:lang=\"x-default\">{title}</rdf:li>")),
            "{title} / {xmp}"
        );
        let intents = catalog.get(b"OutputIntents").unwrap().as_array().unwrap();
        let intent = doc
            .get_dictionary(intents[0].as_reference().unwrap())
            .unwrap();
        assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFA1");
        let icc = doc
            .get_object(
                intent
                    .get(b"DestOutputProfile")
                    .unwrap()
                    .as_reference()
                    .unwrap(),
            )
            .and_then(lopdf::Object::as_stream)
            .unwrap();
        assert_eq!(icc.dict.get(b"N").unwrap().as_i64().unwrap(), 3);

        // Preflight checks PDF/A-1b, whose rules cover what these files use (and are
        // stricter: PDF 1.4, CIDSet, no transparency); a copy that says part 1 is checked
        let a1 = d.path().join("a1.pdf");
        let part = b"<pdfaid:part>2</pdfaid:part>";
        let at = bytes.windows(part.len()).position(|w| w == part).unwrap();
        let mut copy = bytes.clone();
        copy[at + 13] = b'1';
        fs::write(&a1, &copy).unwrap();
        let v = Command::new("java")
            .args([
                "-cp",
                PREFLIGHT,
                "org.apache.pdfbox.preflight.Validator_A1b",
            ])
            .arg(&a1)
            .output()
            .expect("java with PDFBox Preflight (see .ci/run)");
        let said = String::from_utf8_lossy(&v.stdout);
        assert!(
            v.status.success() && said.contains("is a valid PDF/A-1b file"),
            "{}: {said}{}",
            f.display(),
            String::from_utf8_lossy(&v.stderr)
        );
    }
}
