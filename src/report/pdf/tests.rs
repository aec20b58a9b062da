//! Unit tests of the PDF renderer.

use std::{collections::BTreeMap, path::Path, process::Command};

use super::*;
use crate::{
    period::{Fiscal, Period, PeriodKind, ReportPeriod},
    report::{Meta, TeamRow},
};

/// October 2026, the report period (and quota period) of the test reports.
fn october() -> ReportPeriod {
    ReportPeriod::parse("2026-10").unwrap()
}

fn meta() -> Meta {
    Meta {
        company: "Acme Sp. z o.o.".into(),
        period: october(),
        timezone: "Europe/Warsaw".into(),
        config: "samples/config.toml".into(),
        config_sha256: "9f2c4e1a7b3d5f60818293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8".into(),
        version: "0.1.0".into(),
        language: "en".into(),
    }
}

const KINDS: [Kind; 3] = [Kind::Call, Kind::Email, Kind::Social];

/// A rep with monthly targets 60 / 70 / 25 and the given counts.
fn rep(id: &str, name: &str, team: &str, done: [u64; 3]) -> (RepRow, Vec<AttainmentRow>) {
    let targets = [60, 70, 25];
    let cells: Vec<KindCell> = (0..3)
        .map(|i| KindCell {
            done: done[i],
            target: Some(targets[i]),
        })
        .collect();
    let rows = (0..3)
        .map(|i| AttainmentRow {
            extra: crate::report::AttainmentExtra {
                basis: Basis {
                    available_days: 22,
                    working_days: 22,
                },
                ..Default::default()
            },
            rep_id: id.into(),
            rep_name: name.into(),
            team: team.into(),
            period: october().first,
            kind: KINDS[i],
            done: done[i],
            target: targets[i],
            plan: "Account executives".into(),
        })
        .collect::<Vec<_>>();
    let status = Status::overall(rows.iter().map(AttainmentRow::status));
    let row = RepRow {
        extra: Default::default(),
        rep_id: id.into(),
        rep_name: name.into(),
        team: team.into(),
        role: "ae".into(),
        time_zone: "Europe/Warsaw".into(),
        total_activities: done.iter().sum(),
        cells,
        status,
    };
    (row, rows)
}

fn teams_of(reps: &[RepRow]) -> Vec<TeamRow> {
    let mut by: BTreeMap<&str, Vec<&RepRow>> = BTreeMap::new();
    for r in reps {
        by.entry(r.team.as_str()).or_default().push(r);
    }
    by.into_iter()
        .map(|(team, m)| {
            let cells: Vec<KindCell> = (0..3)
                .map(|k| KindCell {
                    done: m.iter().map(|r| r.cells[k].done).sum(),
                    target: Some(m.iter().filter_map(|r| r.cells[k].target).sum()),
                })
                .collect();
            TeamRow {
                extra: Default::default(),
                team: team.into(),
                reps: m.len() as u64,
                reps_met: m
                    .iter()
                    .filter(|r| matches!(r.status, Status::Met | Status::Exceeded))
                    .count() as u64,
                total_activities: m.iter().map(|r| r.total_activities).sum(),
                status: Status::overall(cells.iter().map(KindCell::status)),
                cells,
            }
        })
        .collect()
}

fn file(source: &str, name: &str, read: u64, counted: u64, size: u64) -> FileStats {
    let mut f = FileStats {
        source: source.into(),
        file: name.into(),
        read,
        counted,
        size,
        sha256: crate::sha256_hex(name.as_bytes()),
        ..FileStats::default()
    };
    let rest = read - counted;
    f.duplicates = rest / 4;
    f.rejected = 1;
    f.not_counted
        .insert(NotCounted::MinDuration, rest - rest / 4 - 1);
    f
}

fn build(reps_and_rows: Vec<(RepRow, Vec<AttainmentRow>)>) -> Report {
    let mut reps = Vec::new();
    let mut attainment = Vec::new();
    for (r, rows) in reps_and_rows {
        reps.push(r);
        attainment.extend(rows);
    }
    let teams = teams_of(&reps);
    Report {
        extra: Default::default(),
        meta: meta(),
        kinds: KINDS.to_vec(),
        attainment,
        reps,
        teams,
        files: vec![
            file(
                "phone",
                "exports/phone/calls-2026-10.csv",
                1240,
                1021,
                188_412,
            ),
            file(
                "email",
                "exports/email/outreach_export_2026-10-31.csv",
                2210,
                2002,
                402_991,
            ),
            file(
                "linkedin",
                "exports/social/a-very-long-directory-name-from-the-sales-team/LinkedIn activity log (Polish locale) październik 2026.csv",
                420,
                388,
                51_210,
            ),
        ],
        rejects: vec![crate::count::Reject {
            file: "exports/phone/calls-2026-10.csv".into(),
            line: 17,
            column: "started_at".into(),
            value: "2026-13-01".into(),
            reason: "not a valid timestamp".into(),
        }],
    }
}

fn small() -> Report {
    build(vec![
        rep("R001", "Łukasz Żak", "Warszawa", [60, 78, 25]),
        rep(
            "R002",
            "Małgorzata Wójcik-Szczęśniak",
            "Warszawa",
            [22, 27, 8],
        ),
        rep("R007", "Raj Patel", "New York", [100, 1071, 46]),
    ])
}

fn large() -> Report {
    let teams = ["Alpha", "Beta", "Gamma"];
    build(
        (0..60u64)
            .map(|i| {
                let done = [40 + (i * 7) % 45, 50 + (i * 11) % 50, 10 + (i * 5) % 30];
                let name = format!("Rep {i:02} Żółć-Kowalska");
                rep(&format!("R{i:03}"), &name, teams[(i % 3) as usize], done)
            })
            .collect(),
    )
}

fn opts(lang: Lang) -> PdfOptions {
    PdfOptions {
        lang,
        generated: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
    }
}

fn keys(v: &toml::Value, prefix: &str, out: &mut Vec<String>) {
    if let toml::Value::Table(t) = v {
        for (k, v) in t {
            let path = format!("{prefix}{k}");
            out.push(path.clone());
            keys(v, &format!("{path}."), out);
        }
    }
}

#[test]
fn both_label_files_have_the_same_keys_and_load() {
    let mut en = Vec::new();
    let mut pl = Vec::new();
    keys(&toml::from_str(LABELS_EN).unwrap(), "", &mut en);
    keys(&toml::from_str(LABELS_PL).unwrap(), "", &mut pl);
    en.sort();
    pl.sort();
    assert_eq!(en, pl);
    for lang in [Lang::En, Lang::Pl] {
        let l = Labels::load(lang).unwrap();
        assert_eq!(l.format.months.len(), 12);
    }
}

#[test]
fn unknown_label_keys_are_rejected() {
    let bad = format!("{LABELS_EN}\n[extra]\nx = 1\n");
    assert!(toml::from_str::<Labels>(&bad).is_err());
    let bad = LABELS_EN.replace("[footer]\n", "[footer]\nfooter_typo = \"x\"\n");
    assert!(toml::from_str::<Labels>(&bad).is_err());
}

/// The Adler-32 of zlib-rs that `page_stream` uses, against known values.
#[test]
fn adler32_and_its_combination() {
    use zlib_rs::adler32::{adler32, adler32_combine};
    assert_eq!(adler32(1, b"Wikipedia"), 0x11E6_0398);
    assert_eq!(adler32(1, b""), 1);
    assert_eq!(adler32(1, b"abc"), 0x024D_0127);
    let data: Vec<u8> = (0..200_000u32).map(|i| (i * 7919 % 251) as u8).collect();
    for cut in [0, 1, 5552, 65_521, 70_000, 200_000] {
        let (a, b) = data.split_at(cut);
        assert_eq!(
            adler32_combine(adler32(1, a), adler32(1, b), b.len() as u64),
            adler32(1, &data),
            "cut at {cut}"
        );
    }
}

#[test]
fn a_page_stream_is_the_chrome_then_the_body_in_one_zlib_stream() {
    use std::io::Read;
    let inflate = |z: &[u8]| {
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(z)
            .read_to_end(&mut out)
            .unwrap();
        out
    };
    let chrome = b"BT\n/LSB 15 Tf\n42.5 799.3 Td\n<0024> Tj\nET\n".to_vec();
    // a body of several deflate blocks, partly incompressible
    let mut body: Vec<u8> = (0..300_000u32)
        .flat_map(|i| {
            format!("{} {} m\n", i % 977, i.wrapping_mul(2_654_435_761) >> 7).into_bytes()
        })
        .collect();
    body.push(b'\n');
    let queue = Queue::default();
    queue.push(0, body.clone());
    queue.push(1, Vec::new());
    queue.close();
    let mut done = queue.work();
    assert_eq!(done.len(), 2);
    let empty = done.pop().unwrap().1.unwrap();
    let packed = done.pop().unwrap().1.unwrap();
    let mut z = flate2::Compress::new(PAGE_LEVEL, true);
    let got = inflate(&page_stream(&mut z, chrome.clone(), packed).unwrap());
    assert_eq!(got, [&chrome[..], &body[..body.len() - 1]].concat());
    assert!(empty.is_none());
    let got = inflate(&page_stream(&mut z, chrome.clone(), None).unwrap());
    assert_eq!(got, &chrome[..chrome.len() - 1]);
}

#[test]
fn reals_are_written_as_lopdf_writes_them() {
    let mut xs = vec![
        0.0f32, -0.0, 1.0, 15.0, 0.5, 1e-7, 1e20, -3.25, 2.834_646, 0.12,
    ];
    // every 9973rd float between 0.0001 and 10 000, and the same negative
    let (lo, hi) = (1e-4f32.to_bits(), 1e4f32.to_bits());
    xs.extend((lo..hi).step_by(9973).map(f32::from_bits));
    xs.extend((lo..hi).step_by(9973).map(|b| -f32::from_bits(b)));
    xs.extend((0..2000).map(|i| mm_pt(i as f32 * 0.05)));
    for v in xs {
        let mut got = Vec::new();
        push_real(&mut got, v);
        assert_eq!(String::from_utf8(got).unwrap(), format!("{v}"), "{v:?}");
    }
}

#[test]
fn lang_parse() {
    assert_eq!(Lang::parse("en"), Some(Lang::En));
    assert_eq!(Lang::parse(" PL "), Some(Lang::Pl));
    assert_eq!(Lang::parse("pl-PL"), Some(Lang::Pl));
    assert_eq!(Lang::parse("en_GB"), Some(Lang::En));
    assert_eq!(Lang::parse("de"), None);
    assert_eq!(Lang::parse(""), None);
}

#[test]
fn numbers_dates_and_periods_are_localised() {
    let en = Labels::load(Lang::En).unwrap();
    let pl = Labels::load(Lang::Pl).unwrap();
    assert_eq!(en.pct(12345), "1,234.5\u{a0}%");
    assert_eq!(pl.pct(12345), "1\u{a0}234,5\u{a0}%");
    assert_eq!(en.pct(3), "0.3\u{a0}%");
    assert_eq!(en.int(1_234_567), "1,234,567");
    assert_eq!(en.int(999), "999");
    assert_eq!(pl.int(1000), "1\u{a0}000");
    assert_eq!(en.opt_pct(None), "–");
    let d = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    assert_eq!(en.date(d), "2026-10-01");
    assert_eq!(pl.date(d), "01.10.2026");
    assert_eq!(pl.status(Status::Below), "poniżej");
    assert_eq!(pl.status(Status::Met), "osiągnięty");
    assert_eq!(pl.status(Status::Exceeded), "przekroczony");
}

/// Report periods, quota periods and ranges named by their kind, in both languages.
#[test]
fn periods_are_named_by_kind() {
    let en = Labels::load(Lang::En).unwrap();
    let pl = Labels::load(Lang::Pl).unwrap();
    // FY2027 runs 2026-02-01 .. 2027-01-31
    let fiscal = Fiscal {
        start_month: 2,
        weeks_445: false,
    };
    let named = |s: &str| {
        let p = ReportPeriod::parse_with(s, fiscal).unwrap();
        (en.period_name(&p), pl.period_name(&p))
    };
    let cases = [
        ("2026-10", "October 2026", "październik 2026"),
        ("2026-01", "January 2026", "styczeń 2026"),
        ("2026-W43", "week 43 of 2026", "tydzień 43 roku 2026"),
        // an ISO week is named by its ISO year: 2025-W01 starts on 2024-12-30
        ("2025-W01", "week 1 of 2025", "tydzień 1 roku 2025"),
        ("2026-W53", "week 53 of 2026", "tydzień 53 roku 2026"),
        ("2026-Q4", "Q4 2026", "IV kwartał 2026"),
        ("2026-Q1", "Q1 2026", "I kwartał 2026"),
        ("2026", "2026", "rok 2026"),
        // fiscal periods keep their labels
        ("FY2027-Q3", "FY2027-Q3", "FY2027-Q3"),
        ("FY2027", "FY2027", "FY2027"),
        (
            "2026-01..2026-03",
            "January 2026 to March 2026",
            "od styczeń 2026 do marzec 2026",
        ),
        (
            "2026-W52..2027-W02",
            "week 52 of 2026 to week 2 of 2027",
            "od tydzień 52 roku 2026 do tydzień 2 roku 2027",
        ),
        (
            "2026-Q3..2026-Q4",
            "Q3 2026 to Q4 2026",
            "od III kwartał 2026 do IV kwartał 2026",
        ),
        ("2025..2026", "2025 to 2026", "od rok 2025 do rok 2026"),
        (
            "FY2027-Q1..FY2027-Q2",
            "FY2027-Q1 to FY2027-Q2",
            "od FY2027-Q1 do FY2027-Q2",
        ),
    ];
    for (label, want_en, want_pl) in cases {
        assert_eq!(named(label), (want_en.into(), want_pl.into()), "{label}");
    }
    // a quota period, named alone
    let month = october().first;
    assert_eq!(en.one_period(&month), "October 2026");
    assert_eq!(pl.one_period(&month), "październik 2026");
    let fy_q3 = ReportPeriod::parse_with("FY2027-Q3", fiscal).unwrap().first;
    assert_eq!(fy_q3.kind, PeriodKind::FiscalQuarter(fiscal));
    assert_eq!(en.one_period(&fy_q3), "FY2027-Q3");
    let weeks_445 = Fiscal {
        start_month: 1,
        weeks_445: true,
    };
    let fy = ReportPeriod::parse_with("FY2026", weeks_445).unwrap().first;
    assert_eq!(pl.one_period(&fy), "FY2026");
    // a year without 4 digits is named by its label
    let at = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap();
    for (kind, date, label) in [
        (PeriodKind::Month, at(999, 10), "999-10"),
        (PeriodKind::Quarter, at(10000, 4), "10000-Q2"),
        (PeriodKind::Year, at(-5, 1), "-5"),
        (PeriodKind::Week, at(999, 10), "999-W40"),
    ] {
        let p = Period::containing(kind, date);
        assert_eq!(en.one_period(&p), label);
        assert_eq!(pl.one_period(&p), label);
    }
}

#[test]
fn text_is_measured_cut_and_wrapped_with_the_font() {
    let f = Fonts::load().unwrap();
    let w1 = f.width(Face::Regular, "1", 10.0);
    // Liberation Sans digits are 1139/2048 em.
    assert!((w1 - 1139.0 / 2048.0 * 10.0 * PT_MM).abs() < 1e-4);
    assert!(f.width(Face::Bold, "Łukasz Żak", 10.0) > f.width(Face::Regular, "Łukasz Żak", 10.0));
    for c in "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ–…\u{a0}".chars() {
        assert!(f.regular.lookup_glyph_index(c as u32).is_some(), "{c}");
        assert!(f.bold.lookup_glyph_index(c as u32).is_some(), "{c}");
    }
    let cut = f.fit(Face::Regular, "Małgorzata Wójcik-Szczęśniak", 8.0, 20.0);
    assert!(
        cut.ends_with('…') && f.width(Face::Regular, &cut, 8.0) <= 20.0,
        "{cut}"
    );
    assert_eq!(f.fit(Face::Regular, "Żak", 8.0, 20.0), "Żak");
    assert_eq!(f.clean("a\tb\u{4e2d}"), "a b?");
    let lines = f.wrap(
        Face::Regular,
        "exports/social/some-long-directory/file name.csv",
        8.0,
        25.0,
    );
    assert!(lines.len() > 1);
    assert!(
        lines.iter().all(|l| f.width(Face::Regular, l, 8.0) <= 25.0),
        "{lines:?}"
    );
    assert_eq!(two_lines("abcdef", 3), "abc\ndef");
    assert_eq!(two_lines("ab", 3), "ab");
}

#[test]
fn same_report_gives_identical_bytes_in_one_process() {
    let r = small();
    let a = render(&r, &opts(Lang::En)).unwrap();
    // Another render in between advances printpdf's global random sequence.
    let _ = render(&large(), &opts(Lang::Pl)).unwrap();
    let b = render(&r, &opts(Lang::En)).unwrap();
    assert!(a.starts_with(b"%PDF-"));
    assert!(a == b, "two renders of the same report differ");
    let c = render(&r, &opts(Lang::Pl)).unwrap();
    assert_ne!(a, c);
    // The trailer /ID is the content hash, not printpdf's random string.
    let tail = String::from_utf8_lossy(&a[a.len().saturating_sub(400)..]).to_string();
    let id = tail.split("/ID").nth(1).unwrap_or_default();
    assert!(
        id.contains('(') && id.chars().filter(char::is_ascii_hexdigit).count() >= 64,
        "{tail}"
    );
}

#[test]
fn empty_report_renders() {
    let mut r = build(Vec::new());
    r.files.clear();
    r.rejects.clear();
    r.kinds.clear();
    let pdf = render(&r, &opts(Lang::En)).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

/// `/Type /Page` objects (not the `/Type /Pages` tree node).
fn page_count(pdf: &[u8]) -> usize {
    let mut n = 0;
    for (i, _) in pdf.windows(5).enumerate().filter(|(_, w)| *w == b"/Type") {
        let rest = &pdf[i + 5..];
        let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
        if rest.starts_with(b"/Page") && !rest[5..].first().is_some_and(u8::is_ascii_alphanumeric) {
            n += 1;
        }
    }
    n
}

/// pdftotext -layout of the PDF, one string per page; `None` when poppler-utils
/// is not installed.
fn pdftotext(pdf: &[u8]) -> Option<Vec<String>> {
    let which = Command::new("pdftotext").arg("-v").output();
    if which.is_err() {
        eprintln!("SKIP: pdftotext (poppler-utils) not on PATH; text checks skipped");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    Some(pages)
}

fn pdfinfo_pages(pdf: &[u8]) -> Option<usize> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdfinfo").arg(&path).output().ok()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(text.contains("595.276 x 841.89 pts (A4)"), "{text}");
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
}

fn squash(s: &str) -> String {
    s.replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn small_report_in_english_has_the_key_figures() {
    let pdf = render(&small(), &opts(Lang::En)).unwrap();
    let n = page_count(&pdf);
    assert!(n >= 2, "{n} pages");
    if let Some(p) = pdfinfo_pages(&pdf) {
        assert_eq!(p, n);
    }
    let Some(pages) = pdftotext(&pdf) else { return };
    assert_eq!(pages.len(), n);
    let all = squash(&pages.join("\n"));
    for want in [
        "Acme Sp. z o.o.",
        "Activity quota report",
        "Report period: October 2026 (2026-10-01 – 2026-10-31)",
        "Time zone basis: each rep's own local calendar; organisation default Europe/Warsaw",
        "Generated from config samples/config.toml",
        "Łukasz Żak",
        "Raj Patel",
        "2 of 3",    // reps meeting quota
        "1,437",     // total activities 163 + 57 + 1217
        "1,530.0 %", // Raj's emails, 1071 / 70
        "Calls 182 180 101.1 % exceeded",
        "Key figures",
        "Reward-eligible",
        "exceeded",
        "Data quality",
        "3,870", // rows read
        "Provenance",
        "188,412",
        &crate::sha256_hex(b"exports/phone/calls-2026-10.csv")[..32],
        "9f2c4e1a7b3d5f60818293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8",
        "activity-quota 0.1.0",
        "Prepared by",
        "Approved by",
    ] {
        assert!(all.contains(want), "missing {want:?} in\n{all}");
    }
    for (i, p) in pages.iter().enumerate() {
        assert!(
            squash(p).contains(&format!("page {} of {n}", i + 1)),
            "page {i}: {p}"
        );
        assert!(
            p.contains("Acme Sp. z o.o."),
            "header missing on page {}",
            i + 1
        );
    }
}

#[test]
fn small_report_in_polish_renders_polish_text() {
    let pdf = render(&small(), &opts(Lang::Pl)).unwrap();
    let Some(pages) = pdftotext(&pdf) else { return };
    let n = pages.len();
    let all = squash(&pages.join("\n"));
    for want in [
        "Okres raportu: październik 2026 (01.10.2026 – 31.10.2026)",
        "lokalny kalendarz każdego handlowca",
        "Łukasz Żak",
        "Małgorzata",
        "poniżej",
        "przekroczony",
        "1 437",
        "1 530,0 %",
        "Połączenia",
        "Zatwierdził(a)",
    ] {
        assert!(all.contains(want), "missing {want:?} in\n{all}");
    }
    assert!(squash(&pages[0]).contains(&format!("strona 1 z {n}")));
    assert!(squash(&pages[n - 1]).contains(&format!("strona {n} z {n}")));
}

#[test]
fn sixty_reps_paginate_and_repeat_the_rep_table_header() {
    let small_pages = page_count(&render(&small(), &opts(Lang::En)).unwrap());
    let pdf = render(&large(), &opts(Lang::En)).unwrap();
    let n = page_count(&pdf);
    assert!(n > small_pages, "{n} vs {small_pages}");
    let Some(pages) = pdftotext(&pdf) else { return };
    assert_eq!(pages.len(), n);
    // Every page with rep-table rows has the header row over them.
    let with_rows: Vec<&String> = pages
        .iter()
        .filter(|p| p.contains("Rep 0") && p.contains("Gamma"))
        .collect();
    let continued = pages
        .iter()
        .filter(|p| p.contains("Reps (continued)"))
        .count();
    assert!(continued >= 1, "rep table did not continue on a new page");
    let headers = pages
        .iter()
        .filter(|p| {
            p.lines().any(|l| {
                let l = squash(l);
                l.starts_with("Rep Team Done Target % Done Target %")
            })
        })
        .count();
    assert!(headers >= 2, "header row printed {headers} times");
    assert!(with_rows.len() >= 2);
    for i in [0u64, 29, 59] {
        assert!(
            pages
                .iter()
                .any(|p| p.contains(&format!("Rep {i:02} Żółć-Kowalska")))
        );
    }
    assert!(squash(&pages[n - 1]).contains(&format!("page {n} of {n}")));
}

/// All six kinds side by side: the rep table still fits the page width (the
/// target sub-columns are dropped if it must), nothing panics.
fn six_kinds() -> Report {
    let mut r = small();
    r.kinds = Kind::ALL.to_vec();
    for (i, rep) in r.reps.iter_mut().enumerate() {
        let extra = [
            KindCell {
                done: 1234 + i as u64,
                target: Some(1000),
            },
            KindCell {
                done: 7,
                target: Some(12),
            },
            KindCell {
                done: 3,
                target: None,
            },
        ];
        rep.cells.extend(extra);
    }
    for team in r.teams.iter_mut() {
        team.cells.extend([KindCell::default(); 3]);
    }
    r
}

#[test]
fn six_kinds_fit_the_page() {
    let pdf = render(&six_kinds(), &opts(Lang::Pl)).unwrap();
    let Some(pages) = pdftotext(&pdf) else { return };
    let all = squash(&pages.join("\n"));
    for want in [
        "Szanse sprzedaży",
        "Spotkania",
        "Oferty",
        "Łukasz Żak",
        "Raj Patel",
    ] {
        assert!(all.contains(want), "missing {want:?} in\n{all}");
    }
}

#[test]
fn hostile_input_renders_without_panicking() {
    let mut r = small();
    r.meta.company = "Ｃｏｍｐａｎｙ 株式会社 🚀 ".repeat(8);
    r.meta.config = "/very/long/path/".repeat(30) + "config.toml";
    // a range of weeks whose years have not 4 digits: named by their labels
    r.meta.period = ReportPeriod {
        first: Period::containing(PeriodKind::Week, NaiveDate::from_ymd_opt(12, 3, 1).unwrap()),
        last: Period::containing(
            PeriodKind::Week,
            NaiveDate::from_ymd_opt(99999, 12, 31).unwrap(),
        ),
    };
    r.reps[0].rep_name = "=cmd|' /C calc'!A0\t\r\n".to_string() + &"Ż".repeat(300);
    r.reps[1].team = String::new();
    r.reps[2].cells.clear();
    r.files[0].sha256 = "ąę".into();
    r.files[1].file = "x".repeat(3000);
    r.attainment.clear();
    for lang in [Lang::En, Lang::Pl] {
        let a = render(&r, &opts(lang)).unwrap();
        let b = render(&r, &opts(lang)).unwrap();
        assert!(a == b);
        if let Some(pages) = pdftotext(&a) {
            assert!(pages.iter().any(|p| p.contains("ŻŻŻ")));
        }
    }
}

/// The small report with sales data: sales metrics, conversion, score,
/// rank and tier, a prorated target and pacing at 20 October.
fn with_sales() -> Report {
    let mut r = small();
    r.kinds = vec![Kind::Call, Kind::Email, Kind::Social, Kind::Opportunity];
    r.extra.metrics = vec![Metric::Won, Metric::WonAmount, Metric::NewCustomers];
    r.extra.as_of = NaiveDate::from_ymd_opt(2026, 10, 20);
    let sales = [
        // opportunities, won, won amount (1/10 000), new customers, currency, score, rank, tier
        (7, 3, 1_060_000_000, 2, "PLN", 1071, 2, "met"),
        (2, 0, 0, 0, "PLN", 653, 3, ""),
        (30, 4, 1_095_005_000, 1, "USD", 1261, 1, "tier 1"),
    ];
    for (rep, (opps, won, amount, new, cur, score, rank, tier)) in r.reps.iter_mut().zip(sales) {
        rep.cells.push(KindCell {
            done: opps,
            target: Some(6),
        });
        rep.extra.metric_cells = vec![
            KindCell {
                done: won,
                target: None,
            },
            KindCell {
                done: amount,
                target: Some(400_000_000),
            },
            KindCell {
                done: new,
                target: Some(1),
            },
        ];
        rep.extra.currency = Some(cur.into());
        rep.extra.score = Some(score);
        rep.extra.rank = Some(rank);
        rep.extra.tier = (!tier.is_empty()).then(|| tier.into());
        rep.extra.conversion = Conversion {
            activities: rep.total_activities,
            opportunities: opps,
            per_kind: KINDS
                .iter()
                .zip(&rep.cells)
                .map(|(k, c)| (*k, c.done))
                .collect(),
        };
    }
    // Raj: the seed's month (150 calls, 200 emails, 50 social, 30 opportunities)
    let raj = &mut r.reps[2];
    for (c, n) in raj.cells.iter_mut().zip([150, 200, 50]) {
        c.done = n;
    }
    raj.total_activities = 400;
    raj.extra.conversion.activities = 400;
    raj.extra.conversion.per_kind = vec![(Kind::Call, 150), (Kind::Email, 200), (Kind::Social, 50)];
    for t in r.teams.iter_mut() {
        let members: Vec<&RepRow> = r.reps.iter().filter(|x| x.team == t.team).collect();
        t.cells = sum_cells(members.iter().map(|x| x.cells.as_slice()), 4);
        t.total_activities = members.iter().map(|x| x.total_activities).sum();
        t.extra.metric_cells =
            sum_cells(members.iter().map(|x| x.extra.metric_cells.as_slice()), 3);
        t.extra.currency = members[0].extra.currency.clone().map(TeamCurrency::One);
        let mut cv = Conversion {
            per_kind: KINDS.iter().map(|k| (*k, 0)).collect(),
            ..Conversion::default()
        };
        for x in &members {
            cv.activities += x.extra.conversion.activities;
            cv.opportunities += x.extra.conversion.opportunities;
            for (k, n) in cv.per_kind.iter_mut() {
                *n += kind_count(&x.extra.conversion, *k);
            }
        }
        t.extra.conversion = cv;
    }
    let row = |rep: usize, metric: Metric, done, target, full, (available, working)| {
        let x = &r.reps[rep];
        AttainmentRow {
            rep_id: x.rep_id.clone(),
            rep_name: x.rep_name.clone(),
            team: x.team.clone(),
            period: october().first,
            kind: metric.kind(),
            done,
            target,
            plan: "Sales: AEs".into(),
            extra: crate::report::AttainmentExtra {
                metric: Some(metric),
                target_full: full,
                basis: Basis {
                    available_days: available,
                    working_days: working,
                },
                tier: None,
                currency: if metric == Metric::WonAmount {
                    x.extra.currency.clone()
                } else {
                    None
                },
                pacing: Some(crate::report::Pacing {
                    days_elapsed: 14,
                    expected: target * 14 / 22,
                    projected_pct: Some(876),
                    pace: Pace::Behind,
                }),
            },
        }
    };
    let extra = vec![
        row(
            1,
            Metric::WonAmount,
            290_000_000,
            636_363_600,
            1_000_000_000,
            (14, 22),
        ),
        row(2, Metric::Count(Kind::Opportunity), 30, 6, 6, (22, 22)),
    ];
    r.attainment.extend(extra);
    r
}

#[test]
fn sales_conversion_leaderboard_pacing_and_proration_are_in_the_pdf() {
    let r = with_sales();
    let pdf = render(&r, &opts(Lang::En)).unwrap();
    let Some(pages) = pdftotext(&pdf) else { return };
    let all = squash(&pages.join("\n"));
    for want in [
        "Leaderboard and reward tiers",
        "1 Raj Patel New York 126.1 % tier 1",
        "2 Łukasz Żak Warszawa 107.1 % met",
        "3 Małgorzata Wójcik-Szczęśniak Warszawa 65.3 % –",
        // reward-eligible by tier, the highest tier first
        "Tier Rank Rep Team Score tier 1 1 Raj Patel New York 126.1 % met 2 Łukasz Żak Warszawa 107.1 % Sales",
        "Sales",
        "Opportunities created",
        "109,500.50",
        "USD",
        "106,000.00 40,000.00 265.0 %",
        // Raj: 400 activities, 30 opportunities: 7.5 per 100, 13.3 per opportunity,
        // calls 20.0 per 100 and 5.0 per opportunity
        "Raj Patel New York 400 30 7.5 13.3 20.0 5.0",
        "Conversion per team",
        "Pacing at 2026-10-20",
        "Expected to date",
        "behind",
        "87.6 %",
        "Prorated targets",
        "Małgorzata Wójcik-Szczęśniak October 2026 Won amount (PLN) 100,000.00 14/22 working days 63,636.36",
        "Reward-eligible reps",
    ] {
        assert!(all.contains(want), "missing {want:?} in\n{all}");
    }
    // the team total does not add PLN and USD
    assert!(
        all.contains("Total 3 39 18 216.7 % 7 – – – 3 3 100.0 % mixed"),
        "{all}"
    );
    assert!(
        all.contains("Warszawa 2 9 12 75.0 % 3 106,000.00 80,000.00 132.5 % 2 2 100.0 % PLN"),
        "{all}"
    );
    assert!(all.contains("Total 620 39 6.3 15.9"), "{all}");

    let pdf = render(&r, &opts(Lang::Pl)).unwrap();
    let Some(pages) = pdftotext(&pdf) else { return };
    let all = squash(&pages.join("\n"));
    for want in [
        "Ranking i progi nagród",
        "Sprzedaż",
        "109 500,50",
        "Konwersja",
        "7,5 13,3",
        "Tempo realizacji na dzień 20.10.2026",
        "opóźnienie",
        "Normy proporcjonalne",
        "14/22 dni roboczych",
        "Wartość wygranych (PLN)",
    ] {
        assert!(all.contains(want), "missing {want:?} in\n{all}");
    }
    // no pacing when the as-of date is after the report period
    let mut done = r.clone();
    done.extra.as_of = NaiveDate::from_ymd_opt(2026, 11, 1);
    let pdf = render(&done, &opts(Lang::En)).unwrap();
    let Some(pages) = pdftotext(&pdf) else { return };
    assert!(!pages.join("\n").contains("Pacing at"));
}

#[test]
fn a_statement_holds_one_reps_numbers_rows_and_exceptions() {
    let r = with_sales();
    let pdf = Pdf::new(&opts(Lang::En)).unwrap();
    let st = pdf.statements(&r);
    assert_eq!(st.len(), 3);
    assert_eq!(st.name(1), "R002-malgorzata-wojcik-szczesniak.pdf");
    let a = st.render(1).unwrap();
    assert!(a == render_statement(&r, "R002", &opts(Lang::En)).unwrap());
    assert!(render_statement(&r, "nobody", &opts(Lang::En)).is_err());
    let Some(pages) = pdftotext(&a) else { return };
    let n = pages.len();
    let all = squash(&pages.join("\n"));
    for want in [
        "Rep statement",
        "Małgorzata Wójcik-Szczęśniak (R002)",
        "Rep ID R002",
        "Total activities Overall status Score Reward tier 57 below 65.3 %",
        "rank 3 of 3",
        "no tier reached",
        "Attainment in October 2026",
        "Calls 22 60 36.7 % below",
        "Won amount (PLN) 0.00 40,000.00 0.0 % below",
        "Attainment by quota period",
        "Below target",
        "October 2026 Won amount (PLN) 29,000.00 63,636.36 45.6 % 14/22 working days",
        "Won amount (PLN) 29,000.00 63,636.36 45.6 % below 14/22 working days – Sales: AEs 40,495.87 87.6 % behind",
        "Opportunities created: 2",
        "Manager",
    ] {
        assert!(all.contains(want), "missing {want:?} in\n{all}");
    }
    // nobody else's rows
    assert!(
        !all.contains("Raj Patel") && !all.contains("Łukasz Żak"),
        "{all}"
    );
    assert!(squash(&pages[n - 1]).contains(&format!("page {n} of {n}")));
    for p in &pages {
        assert!(squash(p).contains("Małgorzata Wójcik-Szczęśniak (R002)"));
    }
}

#[test]
fn statement_file_names_are_safe() {
    assert_eq!(slug("Łukasz Żak", 60), "Lukasz-Zak");
    assert_eq!(slug("ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ", 60), "acelnoszz-ACELNOSZZ");
    assert_eq!(slug("Zoë <script>", 60), "Zoe-script");
    assert_eq!(slug("../../etc/passwd", 60), "etc-passwd");
    assert_eq!(slug("a\\b\0c\n\td..e", 60), "a-b-c-d-e");
    assert_eq!(slug("O'Brien", 60), "OBrien");
    assert_eq!(slug("株式会社", 60), "");
    assert_eq!(slug("--x--", 60), "x");
    assert_eq!(slug(&"ab ".repeat(50), 10), "ab-ab-ab-a");
    assert_eq!(slug("ab-cd ef", 6), "ab-cd");
    let rep = |id: &str, name: &str| {
        let (mut r, _) = super::tests::rep(id, name, "T", [0, 0, 0]);
        r.extra = Default::default();
        r
    };
    let names = statement_file_names(&[
        rep("R001", "Łukasz Żak"),
        rep("../../etc/passwd", "Zoë <script>"),
        rep("..", ".."),
        rep("r001", "łukasz żak"),
        rep("R001/", "Łukasz Żak"),
        rep("CON", "株式会社"),
        rep("x\u{0}y\r\nz", "\u{202e}fdp.exe"),
    ]);
    assert_eq!(
        names,
        [
            "R001-lukasz-zak.pdf",
            "etc-passwd-zoe-script.pdf",
            "rep-rep.pdf",
            "r001-lukasz-zak-2.pdf",
            "R001-lukasz-zak-3.pdf",
            "CON-rep.pdf",
            "x-y-z-fdp-exe.pdf",
        ]
    );
    for n in &names {
        let stem = n.strip_suffix(".pdf").unwrap();
        assert!(
            stem.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'),
            "{n}"
        );
        assert!(!stem.starts_with('-') && !stem.ends_with('-'), "{n}");
    }
}

/// Writes /tmp/aq-sample-{en,pl}.pdf, /tmp/aq-sample60-{en,pl}.pdf,
/// /tmp/aq-sample6k-pl.pdf (six kinds), /tmp/aq-sales-{en,pl}.pdf (sales, tiers,
/// proration, pacing) and its statements /tmp/aq-sales-{en,pl}-<rep>.pdf to look at
/// (or to compare before and after a change):
/// `cargo test --lib report::pdf -- --ignored`, then
/// `pdftoppm -png -r 70 /tmp/aq-sample-en.pdf /tmp/aq-page`.
#[test]
#[ignore]
fn write_samples() {
    let dir = Path::new("/tmp");
    for lang in [Lang::En, Lang::Pl] {
        let pdf = render(&small(), &opts(lang)).unwrap();
        std::fs::write(dir.join(format!("aq-sample-{}.pdf", lang.as_str())), pdf).unwrap();
        let pdf = render(&large(), &opts(lang)).unwrap();
        std::fs::write(dir.join(format!("aq-sample60-{}.pdf", lang.as_str())), pdf).unwrap();
    }
    let pdf = render(&six_kinds(), &opts(Lang::Pl)).unwrap();
    std::fs::write(dir.join("aq-sample6k-pl.pdf"), pdf).unwrap();
    let sales = with_sales();
    for lang in [Lang::En, Lang::Pl] {
        let pdf = Pdf::new(&opts(lang)).unwrap();
        let bytes = pdf.report(&sales).unwrap();
        std::fs::write(dir.join(format!("aq-sales-{}.pdf", lang.as_str())), bytes).unwrap();
        let st = pdf.statements(&sales);
        for i in 0..st.len() {
            let name = format!("aq-sales-{}-{}", lang.as_str(), st.name(i));
            std::fs::write(dir.join(name), st.render(i).unwrap()).unwrap();
        }
    }
}

/// `model.json` (`report::saved`) gives back the report and options it was written
/// from, and so the same PDF bytes; an as-of date after the period (which paces
/// nothing) is not kept, so the file is the same on any day.
#[test]
fn the_saved_model_renders_the_same_pdf() {
    use crate::report::saved;
    let r = with_sales();
    let o = opts(Lang::Pl);
    let bytes = saved::to_json(&r, &o).unwrap();
    let (back, o2) = saved::from_json(&bytes, Path::new("model.json")).unwrap();
    assert_eq!((&back, o2), (&r, o));
    assert!(render(&back, &o2).unwrap() == render(&r, &o).unwrap());
    let mut after = r.clone();
    after.extra.as_of = NaiveDate::from_ymd_opt(2026, 12, 7);
    let later = saved::to_json(&after, &o).unwrap();
    let (back, _) = saved::from_json(&later, Path::new("model.json")).unwrap();
    assert_eq!(back.extra.as_of, None);
    assert!(render(&back, &o).unwrap() == render(&after, &o).unwrap());
    let err = saved::from_json(b"{\"format\": 1}", Path::new("out/model.json")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`out/model.json` is not a report model of this version: missing field `lang` at line 1 column 13"
    );
}
