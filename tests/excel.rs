//! Excel workbooks and archives as inputs, and report.xlsx as an output.
//!
//! The workbook fixtures in tests/fixtures/excel/ were written by LibreOffice 7.4 Calc
//! (`soffice --headless --infilter="CSV:44,34,76,1" --convert-to xlsx|xls`) from the
//! sample company's exports; `opps-formatted.xlsx` from the opportunities export with a
//! report title, a filter line and a blank row above the header and a grand total and a
//! confidentiality line below it, as a Salesforce formatted report has. Workbooks whose
//! cells a test must control (date serials) are written in the test with rust_xlsxwriter.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
};

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::util::{CSVS, root, run, run_october, sample_october, tempdir};

/// The sample company in `dir`: its config (with `edit` applied), roster, absences
/// and exports, so that one export can be swapped for another form of it.
fn sample_copy(dir: &Path, edit: impl Fn(String) -> String) -> PathBuf {
    let s = root().join("samples");
    for f in ["roster.csv", "absences.csv"] {
        fs::copy(s.join(f), dir.join(f)).unwrap();
    }
    for sub in ["crm", "email", "phone", "social"] {
        fs::create_dir_all(dir.join("exports").join(sub)).unwrap();
        for e in fs::read_dir(s.join("exports").join(sub)).unwrap() {
            let p = e.unwrap().path();
            fs::copy(
                &p,
                dir.join("exports").join(sub).join(p.file_name().unwrap()),
            )
            .unwrap();
        }
    }
    let cfg = dir.join("config.toml");
    fs::write(
        &cfg,
        edit(fs::read_to_string(s.join("config.toml")).unwrap()),
    )
    .unwrap();
    cfg
}

/// The sample's October run, as it comes.
fn sample_run(out: &Path) {
    let r = sample_october(out).output().unwrap();
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
}

fn text(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn sample_calls_as_xlsx_and_xls_count_as_their_csv() {
    let d = tempdir();
    let csv = d.path().join("csv");
    sample_run(&csv);
    for ext in ["xlsx", "xls"] {
        let dir = d.path().join(ext);
        fs::create_dir_all(&dir).unwrap();
        let cfg = sample_copy(&dir, |c| {
            c.replace("exports/phone/*.csv", &format!("exports/phone/*.{ext}"))
        });
        fs::remove_file(dir.join("exports/phone/calls-2026-10.csv")).unwrap();
        let book = format!("calls-2026-10.{ext}");
        fs::copy(
            root().join("tests/fixtures/excel").join(&book),
            dir.join("exports/phone").join(&book),
        )
        .unwrap();
        let out = dir.join("out");
        let r = run_october(&cfg, &out, &[]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        // LibreOffice names the sheet after the CSV
        let shown = format!("exports/phone/{book}[calls-2026-10]");
        for name in [
            "summary.csv",
            "attainment.csv",
            "teams.csv",
            "accounting.csv",
        ] {
            assert_eq!(
                text(&csv.join(name)),
                text(&out.join(name)).replace(&shown, "exports/phone/calls-2026-10.csv"),
                "{name}"
            );
        }
        // the same rows rejected for the same reasons; a reject names the sheet's row,
        // which is the CSV's physical line less the extra lines of quoted line breaks
        // above it, and LibreOffice made `-00:00:30` a (negative) time: `-0:00:30`
        let rejects = |p: &Path| -> Vec<(String, String, String)> {
            csv::Reader::from_path(p.join("rejects.csv"))
                .unwrap()
                .records()
                .map(|r| r.unwrap())
                .filter(|r| r[0].starts_with("exports/phone/"))
                .map(|r| (r[1].to_string(), r[2].to_string(), r[4].to_string()))
                .collect()
        };
        let lines = |v: &[(String, String, String)]| -> Vec<String> {
            v.iter().map(|(l, _, _)| l.clone()).collect()
        };
        let (a, b) = (rejects(&csv), rejects(&out));
        assert_eq!(lines(&a), ["46", "336", "448", "705"]);
        assert_eq!(lines(&b), ["46", "332", "444", "701"]);
        let why = |v: &[(String, String, String)]| -> Vec<(String, String)> {
            v.iter().map(|(_, c, r)| (c.clone(), r.clone())).collect()
        };
        assert_eq!(why(&a), why(&b));
        let acc = text(&out.join("accounting.csv"));
        assert!(
            acc.contains(&format!("phone,exports/phone/{book}[calls-2026-10],")),
            "{acc}"
        );
        // the manifest hashes the workbook itself
        let m: serde_json::Value = serde_json::from_str(&text(&out.join("manifest.json"))).unwrap();
        let bytes = fs::read(dir.join("exports/phone").join(&book)).unwrap();
        let phone = &m["inputs"][0];
        assert_eq!(
            phone["path"],
            format!("exports/phone/{book}[calls-2026-10]")
        );
        assert_eq!(phone["size"], bytes.len());
        assert_eq!(phone["sha256"], sha256(&bytes));
    }
}

#[test]
fn a_formatted_report_reads_past_its_title_and_totals() {
    let d = tempdir();
    let csv = d.path().join("csv");
    sample_run(&csv);
    let dir = d.path().join("xlsx");
    fs::create_dir_all(&dir).unwrap();
    let cfg = sample_copy(&dir, |c| {
        c.replace("exports/crm/*.csv", "exports/crm/*.xlsx")
    });
    fs::remove_file(dir.join("exports/crm/opportunities-2026-10.csv")).unwrap();
    fs::copy(
        root().join("tests/fixtures/excel/opps-formatted.xlsx"),
        dir.join("exports/crm/opps-formatted.xlsx"),
    )
    .unwrap();
    let out = dir.join("out");
    let r = run_october(&cfg, &out, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for name in ["summary.csv", "attainment.csv", "teams.csv"] {
        assert_eq!(text(&csv.join(name)), text(&out.join(name)), "{name}");
    }
    // three lines above the header, the total and the closing line below the data
    let acc = text(&out.join("accounting.csv"));
    let row = acc
        .lines()
        .find(|l| l.starts_with("crm-created,"))
        .unwrap()
        .to_string();
    let csv_row = text(&csv.join("accounting.csv"))
        .lines()
        .find(|l| l.starts_with("crm-created,"))
        .unwrap()
        .replace(
            "exports/crm/opportunities-2026-10.csv",
            "exports/crm/opps-formatted.xlsx[opps-formatted]",
        );
    let fields = |l: &str| l.split(',').map(String::from).collect::<Vec<_>>();
    let (a, b) = (fields(&row), fields(&csv_row));
    // read: + the blank row and the two footer rows; empty + 1; trailer + 2
    assert_eq!(
        a[2].parse::<u64>().unwrap(),
        b[2].parse::<u64>().unwrap() + 3,
        "{row}"
    );
    assert_eq!(a[3], b[3], "counted");
    assert_eq!(
        a[9].parse::<u64>().unwrap(),
        b[9].parse::<u64>().unwrap() + 1,
        "empty"
    );
    assert_eq!(
        a[10].parse::<u64>().unwrap(),
        b[10].parse::<u64>().unwrap() + 2,
        "trailer"
    );
}

fn sha256(b: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

/// A `.zip` at `path` with these members, deflated.
fn zip_of(path: &Path, members: &[(&str, &[u8])]) {
    let mut z = zip::ZipWriter::new(fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in members {
        z.start_file(*name, opts).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
}

#[test]
fn archive_members_are_inputs_of_their_own() {
    let d = tempdir();
    let csv = d.path().join("csv");
    sample_run(&csv);
    let dir = d.path().join("zip");
    fs::create_dir_all(&dir).unwrap();
    let cfg = sample_copy(&dir, |c| {
        c.replace(
            "files = [\"exports/social/*.csv\"]",
            "files = [\"exports/social/*.zip\"]\nmember = \"messages.csv\"",
        )
        .replace("exports/phone/*.csv", "exports/phone/*.csv.gz")
    });
    let social = dir.join("exports/social/linkedin-2026-10.csv");
    let messages = fs::read(&social).unwrap();
    fs::remove_file(&social).unwrap();
    let zip_path = dir.join("exports/social/Basic_LinkedInDataExport.zip");
    zip_of(
        &zip_path,
        &[
            ("Connections.csv", b"First Name,Last Name\nA,B\n"),
            ("messages.csv", &messages),
        ],
    );
    let calls_path = dir.join("exports/phone/calls-2026-10.csv");
    let calls = fs::read(&calls_path).unwrap();
    fs::remove_file(&calls_path).unwrap();
    let mut gz = flate2::write::GzEncoder::new(
        fs::File::create(dir.join("exports/phone/calls-2026-10.csv.gz")).unwrap(),
        flate2::Compression::default(),
    );
    gz.write_all(&calls).unwrap();
    gz.finish().unwrap();

    let out = dir.join("out");
    let r = run_october(&cfg, &out, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let shown_zip = "exports/social/Basic_LinkedInDataExport.zip!messages.csv";
    let shown_gz = "exports/phone/calls-2026-10.csv.gz!calls-2026-10.csv";
    for name in CSVS {
        assert_eq!(
            text(&csv.join(name)),
            text(&out.join(name))
                .replace(shown_zip, "exports/social/linkedin-2026-10.csv")
                .replace(shown_gz, "exports/phone/calls-2026-10.csv"),
            "{name}"
        );
    }
    let m: serde_json::Value = serde_json::from_str(&text(&out.join("manifest.json"))).unwrap();
    let inputs = m["inputs"].as_array().unwrap();
    let member = inputs.iter().find(|i| i["path"] == shown_zip).unwrap();
    assert_eq!(member["sha256"], sha256(&messages));
    assert_eq!(member["size"], messages.len());
    let zip_bytes = fs::read(&zip_path).unwrap();
    assert_eq!(
        member["archive"],
        serde_json::json!({
            "path": "exports/social/Basic_LinkedInDataExport.zip",
            "size": zip_bytes.len(),
            "sha256": sha256(&zip_bytes),
        })
    );
    let member = inputs.iter().find(|i| i["path"] == shown_gz).unwrap();
    assert_eq!(member["sha256"], sha256(&calls));
    // a CSV input has no archive
    assert!(inputs.iter().any(|i| i.get("archive").is_none()));
}

/// A config reading `calls.zip` with one source of calls.
fn zip_config(dir: &Path, member: &str) -> String {
    fs::copy("tests/fixtures/edges/roster.csv", dir.join("roster.csv")).unwrap();
    let p = dir.join("c.toml");
    fs::write(
        &p,
        format!(
            r#"timezone = "Europe/Warsaw"
roster = "roster.csv"
[[source]]
name = "dialer"
kind = "call"
files = ["calls.zip"]
member = "{member}"
rep = {{ column = "user_email", match = "email" }}
timestamp = {{ column = "started_at", format = "%Y-%m-%d %H:%M:%S", zone = "UTC" }}
"#
        ),
    )
    .unwrap();
    p.to_str().unwrap().to_string()
}

const CALLS: &[u8] = b"id,started_at,user_email\n1,2026-10-01 10:00:00,lukasz.zak@acme.example\n";

#[test]
fn a_member_that_leaves_the_archive_is_refused_and_never_named() {
    let d = tempdir();
    let cfg = zip_config(d.path(), "*.csv");
    zip_of(
        &d.path().join("calls.zip"),
        &[("calls.csv", CALLS), ("../evil.csv", CALLS)],
    );
    let r = run(&["check", "--config", &cfg]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "error: `calls.zip` (source `dialer`) is refused: member 2 of 2 is named with `..` or an absolute path (the name is not shown), which no export writes\n"
    );
    assert!(!r.stderr.contains("evil"));
    assert!(!d.path().join("..").join("evil.csv").exists());
}

#[test]
fn a_zip_bomb_is_refused() {
    let d = tempdir();
    let cfg = zip_config(d.path(), "calls.csv");
    let mut big = CALLS.to_vec();
    big.resize(20 << 20, b' ');
    zip_of(&d.path().join("calls.zip"), &[("calls.csv", &big)]);
    let compressed = {
        let f = fs::File::open(d.path().join("calls.zip")).unwrap();
        let mut z = zip::ZipArchive::new(f).unwrap();
        z.by_index(0).unwrap().compressed_size()
    };
    let r = run(&["check", "--config", &cfg]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        format!(
            "error: `calls.zip` (source `dialer`) is refused: member `calls.csv` inflates 20971520 bytes from {compressed} ({}:1), above the limit of 100:1 for members over 1 MiB (a ZIP bomb?)\n",
            20_971_520 / compressed
        )
    );
}

#[test]
fn a_member_glob_that_matches_nothing_lists_the_members() {
    let d = tempdir();
    let cfg = zip_config(d.path(), "messages.csv");
    zip_of(&d.path().join("calls.zip"), &[("calls.csv", CALLS)]);
    let r = run(&["check", "--config", &cfg]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: `calls.zip` (source `dialer`): no member matches `member = \"messages.csv\"`; it holds `calls.csv`\n"
    );
}

/// A workbook of calls whose `started_at` cells are date serials (as Excel stores them)
/// with a date format, and a rep column, written by rust_xlsxwriter.
fn dated_workbook(path: &Path, serials: &[f64]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Calls").unwrap();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    ws.write_string(0, 0, "id").unwrap();
    ws.write_string(0, 1, "started_at").unwrap();
    ws.write_string(0, 2, "user_email").unwrap();
    for (i, s) in serials.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_number(r, 0, r).unwrap();
        ws.write_number_with_format(r, 1, *s, &date).unwrap();
        ws.write_string(r, 2, "lukasz.zak@acme.example").unwrap();
    }
    wb.save(path).unwrap();
}

#[test]
fn date_serials_are_read_exactly_and_1900_02_29_is_rejected() {
    let d = tempdir();
    fs::copy(
        "tests/fixtures/edges/roster.csv",
        d.path().join("roster.csv"),
    )
    .unwrap();
    let cfg = d.path().join("c.toml");
    fs::write(
        &cfg,
        r#"timezone = "Europe/Warsaw"
roster = "roster.csv"
[[source]]
name = "dialer"
kind = "call"
files = ["calls.xlsx"]
sheet = "Calls"
rep = { column = "user_email", match = "email" }
timestamp = { column = "started_at", format = "iso8601", zone = "Europe/Warsaw" }
"#,
    )
    .unwrap();
    // 2026-10-05 09:30:15, 2026-10-31 23:59:59 (Warsaw), 1900-02-29 (serial 60, the
    // day Excel's 1900 system invents), 2026-11-01 00:00:00
    let oct5 = 46300.0 + (9.0 * 3600.0 + 30.0 * 60.0 + 15.0) / 86_400.0;
    let oct31 = 46326.0 + 86_399.0 / 86_400.0;
    dated_workbook(&d.path().join("calls.xlsx"), &[oct5, oct31, 60.0, 46327.0]);
    let out = d.path().join("out");
    let r = run_october(&cfg, &out, &["--emit-records", "parquet"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let acc = text(&out.join("accounting.csv"));
    assert!(
        acc.lines()
            .nth(1)
            .unwrap()
            .starts_with("dialer,calls.xlsx[Calls],4,2,1,"),
        "{acc}"
    );
    let rejects = text(&out.join("rejects.csv"));
    let lines: Vec<&str> = rejects.lines().collect();
    assert_eq!(lines.len(), 2, "{rejects}");
    assert!(
        lines[1].starts_with("calls.xlsx[Calls],4,started_at,1900-02-29 00:00:00,"),
        "{rejects}"
    );
    // a sheet that is not there
    fs::write(
        &cfg,
        text(&cfg).replace("sheet = \"Calls\"", "sheet = \"Anrufe\""),
    )
    .unwrap();
    let r = run(&["check", "--config", cfg.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: `calls.xlsx` (source `dialer`) has no sheet `Anrufe`; its sheets are `Calls`\n"
    );
}

/// A workbook cell against its CSV field: numbers by value (a percentage cell holds
/// the fraction: 0.875 for the CSV's 87.5), text as it is (the CSV's formula guard `'`
/// apart), a status in its English label.
fn same_cell(c: &Data, header: &str, want: &str, at: &str) {
    match c {
        Data::Empty => assert_eq!(want, "", "{at}"),
        Data::Float(f) => {
            let pct = header.ends_with("_pct") || header == "score";
            let got = if pct { f * 100.0 } else { *f };
            let want: f64 = want
                .parse()
                .unwrap_or_else(|_| panic!("{at}: {want:?} is no number"));
            assert!((got - want).abs() < 1e-6, "{at}: {got} != {want}");
        }
        Data::String(s) if header.ends_with("status") => {
            assert_eq!(s, &want.replace('_', " "), "{at}")
        }
        Data::String(s) => {
            assert_eq!(s, want.strip_prefix('\'').unwrap_or(want), "{at}")
        }
        other => panic!("{at}: unexpected cell {other:?}"),
    }
}

#[test]
fn report_xlsx_holds_the_csvs_numbers() {
    let d = tempdir();
    let out = d.path().join("out");
    sample_run(&out);
    let mut wb: Xlsx<_> = open_workbook(out.join("report.xlsx")).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Report",
            "Summary",
            "Attainment",
            "Teams",
            "Accounting",
            "Rejects"
        ]
    );
    for (sheet, csv) in [
        ("Summary", "summary.csv"),
        ("Attainment", "attainment.csv"),
        ("Teams", "teams.csv"),
        ("Accounting", "accounting.csv"),
        ("Rejects", "rejects.csv"),
    ] {
        let range = wb.worksheet_range(sheet).unwrap();
        let mut rdr = csv::Reader::from_path(out.join(csv)).unwrap();
        let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
        let rows: Vec<Vec<String>> = rdr
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(range.height(), rows.len() + 1, "{sheet}");
        for (i, row) in range.rows().enumerate() {
            for (j, c) in row.iter().enumerate() {
                let h = &header[j];
                let want = if i == 0 { h } else { &rows[i - 1][j] };
                same_cell(
                    c,
                    if i == 0 { "" } else { h },
                    want,
                    &format!("{sheet} row {i} {h}"),
                );
            }
        }
    }
    // in the manifest, after report.pdf
    let m: serde_json::Value = serde_json::from_str(&text(&out.join("manifest.json"))).unwrap();
    let bytes = fs::read(out.join("report.xlsx")).unwrap();
    assert_eq!(m["outputs"][7]["path"], "report.xlsx");
    assert_eq!(m["outputs"][7]["sha256"], sha256(&bytes));
}

#[test]
fn report_xlsx_in_polish_and_its_absence() {
    let d = tempdir();
    let out = d.path().join("pl");
    let r = sample_october(&out)
        .args(["--lang", "pl"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(0));
    let mut wb: Xlsx<_> = open_workbook(out.join("report.xlsx")).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Raport",
            "Podsumowanie",
            "Realizacja",
            "Zespoły",
            "Rozliczenie",
            "Odrzucone"
        ]
    );
    let summary = wb.worksheet_range("Podsumowanie").unwrap();
    let status_col = summary
        .rows()
        .next()
        .unwrap()
        .iter()
        .position(|c| c == &Data::String("status".into()))
        .unwrap();
    let statuses: std::collections::BTreeSet<String> = summary
        .rows()
        .skip(1)
        .map(|r| r[status_col].to_string())
        .collect();
    assert!(
        statuses.is_subset(
            &["poniżej", "osiągnięty", "przekroczony", "brak normy"]
                .map(String::from)
                .into()
        )
    );
    assert!(statuses.contains("poniżej"), "{statuses:?}");
    let cover = wb.worksheet_range("Raport").unwrap();
    assert_eq!(
        cover.get_value((2, 0)),
        Some(&Data::String("Okres raportu: październik 2026".into()))
    );

    let none = d.path().join("none");
    let r = sample_october(&none).arg("--no-xlsx").output().unwrap();
    assert_eq!(r.status.code(), Some(0));
    assert!(!none.join("report.xlsx").exists());
    assert!(!text(&none.join("manifest.json")).contains("report.xlsx"));
}

/// A preset's export as a workbook (every cell a string, as a tool's "Export to
/// Excel" of text columns writes it), and the same rows as CSV: `preset = "auto"`
/// recognises the tool in both, and counts them alike.
#[test]
fn a_presets_excel_export_is_recognised_and_read_as_its_csv() {
    let d = crate::util::tempdir();
    let csv = fs::read_to_string("tests/fixtures/presets/aircall/basic.csv").unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Calls").unwrap();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_bytes());
    for (r, rec) in rdr.records().enumerate() {
        for (c, v) in rec.unwrap().iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32, c as u16, v).unwrap();
            }
        }
    }
    wb.save(d.path().join("calls.xlsx")).unwrap();
    fs::write(d.path().join("calls.csv"), &csv).unwrap();
    fs::copy(
        "tests/fixtures/edges/roster.csv",
        d.path().join("roster.csv"),
    )
    .unwrap();
    let mut rows = Vec::new();
    for file in ["calls.csv", "calls.xlsx"] {
        let cfg = d.path().join("c.toml");
        fs::write(
            &cfg,
            format!(
                "timezone = \"Europe/Warsaw\"\nroster = \"roster.csv\"\n[[source]]\nname = \"phone\"\nfiles = [\"{file}\"]\n[[quota]]\nperiod = \"month\"\ntargets = {{ call = 2 }}\n"
            ),
        )
        .unwrap();
        let r = crate::util::run(&[
            "check",
            "--config",
            cfg.to_str().unwrap(),
            "--period",
            "2026-10",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let shown = if file.ends_with("xlsx") {
            "calls.xlsx[Calls]"
        } else {
            file
        };
        assert!(
            r.stderr
                .contains(&format!("read with preset aircall/export: {shown}\n")),
            "{}",
            r.stderr
        );
        // the table row of the file: read, counted, not counted, duplicates, rejected, unmatched
        let row = r
            .stderr
            .lines()
            .find(|l| l.starts_with("phone"))
            .map(|l| {
                l.split_whitespace()
                    .skip(2)
                    .take(6)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap();
        rows.push(row);
    }
    assert_eq!(rows[0], rows[1]);
    assert_eq!(rows[0], "7 3 1 1 1 1");
    // init finds the workbook and writes its source
    let exports = d.path().join("exports");
    fs::create_dir_all(&exports).unwrap();
    fs::copy(d.path().join("calls.xlsx"), exports.join("calls.xlsx")).unwrap();
    let r = crate::util::run(&["init", exports.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "[[source]]\nname = \"aircall\"\npreset = \"aircall\"  # recognised: aircall/export\nfiles = [\"exports/calls.xlsx\"]\n"
        ),
        "{}",
        r.stdout
    );
}

/// LinkedIn's "Download your data" arrives as a ZIP: init writes a source per member a
/// preset fits (`member = "…"`), names the others, and check reads what it wrote.
#[test]
fn init_writes_a_source_per_recognised_archive_member() {
    let d = crate::util::tempdir();
    let exports = d.path().join("exports");
    fs::create_dir_all(&exports).unwrap();
    let messages = fs::read("tests/fixtures/presets/linkedin_messages/basic.csv").unwrap();
    let invitations = fs::read("tests/fixtures/presets/linkedin_invitations/basic.csv").unwrap();
    zip_of(
        &exports.join("Basic_LinkedInDataExport.zip"),
        &[
            ("messages.csv", &messages),
            ("Invitations.csv", &invitations),
            (
                "Connections.csv",
                b"Notes:\n\"x\"\n\nFirst Name,Last Name,URL\nA,B,C\n",
            ),
        ],
    );
    fs::copy(
        "tests/fixtures/edges/roster.csv",
        d.path().join("roster.csv"),
    )
    .unwrap();
    let r = crate::util::run(&["init", exports.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines = [
        "[[source]]\nname = \"linkedin_messages\"\npreset = \"linkedin_messages\"  # recognised: linkedin_messages/",
        "files = [\"exports/Basic_LinkedInDataExport.zip\"]\nmember = \"messages.csv\"\n",
        "[[source]]\nname = \"linkedin_invitations\"\npreset = \"linkedin_invitations\"  # recognised: linkedin_invitations/archive in the archive\nfiles = [\"exports/Basic_LinkedInDataExport.zip\"]\nmember = \"Invitations.csv\"\n# TODO: which rows count? linkedin_invitations/archive counts: direction = [OUTGOING]; the keys of a `count` of your own replace its rules one by one\n",
        "# `exports/Basic_LinkedInDataExport.zip` also holds 1 member(s) no preset fits: `Connections.csv`\n",
    ];
    crate::util::assert_has_all(&r.stdout, &lines);
    let c = crate::util::check_written(&d.path().join("c.toml"), &r.stdout);
    assert!(
        c.stderr.contains("read with preset linkedin_invitations/archive: exports/Basic_LinkedInDataExport.zip!Invitations.csv\n"),
        "{}",
        c.stderr
    );
}
