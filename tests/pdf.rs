//! report.pdf and the per-rep statements of whole runs: in the output set and its
//! manifest, byte-reproducible, and saying what the CSVs of the same run say (one
//! model feeds both). The PDFs are read back with poppler's `pdftotext` and `pdfinfo`.

use std::{
    collections::HashMap,
    fs,
    path::{Path, PathBuf},
    process::Command,
};

use crate::util::{run, sample_october, tempdir};

fn run_sample(out: &Path, extra: &[&str]) -> crate::util::Run {
    let mut args = vec![
        "run",
        "--config",
        "samples/config.toml",
        "--period",
        "2026-10",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let r = run(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r
}

/// `pdftotext -layout`, one string per page.
pub(crate) fn pdftotext(path: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
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
    pages
}

/// Page count from `pdfinfo`, which also checks that the pages are A4.
fn pdfinfo_pages(path: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("pdfinfo (poppler-utils) is installed");
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
        .unwrap_or_else(|| panic!("{text}"))
}

/// Whitespace (no-break spaces too) collapsed to single spaces.
fn squash(s: &str) -> String {
    s.replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every line of the PDF's text, squashed.
fn lines(pages: &[String]) -> Vec<String> {
    pages
        .iter()
        .flat_map(|p| p.lines().map(squash))
        .filter(|l| !l.is_empty())
        .collect()
}

/// A CSV of the run as rows of header → value.
fn csv_rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            head.iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// `1234567` → `1,234,567`; `106000.00` → `106,000.00` (the English PDF's format).
fn en(n: &str) -> String {
    let (int, frac) = n.split_once('.').map_or((n, None), |(a, b)| (a, Some(b)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match frac {
        Some(f) => format!("{out}.{f}"),
        None => out,
    }
}

fn status_pl(s: &str) -> &'static str {
    match s {
        "below" => "poniżej",
        "met" => "osiągnięty",
        "exceeded" => "przekroczony",
        _ => "brak normy",
    }
}

fn assert_line(lines: &[String], what: &str, ok: impl Fn(&str) -> bool) {
    assert!(
        lines.iter().any(|l| ok(l)),
        "no line with {what} in\n{}",
        lines.join("\n")
    );
}

fn manifest(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap()
}

fn sha256(bytes: &[u8]) -> String {
    activity_quota::sha256_hex(bytes)
}

#[test]
fn report_pdf_is_in_the_set_reproducible_and_verified() {
    let d = tempdir();
    let a = d.path().join("a");
    let b = d.path().join("b");
    run_sample(&a, &["--threads", "1"]);
    run_sample(&b, &["--threads", "2"]);
    let pdf = fs::read(a.join("report.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(
        pdf == fs::read(b.join("report.pdf")).unwrap(),
        "two runs on the same inputs gave different report.pdf bytes"
    );
    let m = manifest(&a);
    let outputs: Vec<&str> = m["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        outputs,
        [
            "attainment.csv",
            "summary.csv",
            "teams.csv",
            "rejects.csv",
            "accounting.csv",
            "unknown_identities.csv",
            "report.pdf",
            "report.xlsx",
            "model.json"
        ]
    );
    assert_eq!(m["outputs"][6]["sha256"], sha256(&pdf));
    assert_eq!(m["outputs"][6]["size"], pdf.len());
    let r = run(&["verify", "--out", a.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    // Without --as-of the printed date is the day after the report period, whatever
    // the clock says; an explicit --as-of or SOURCE_DATE_EPOCH is printed instead.
    let text = squash(&pdftotext(&a.join("report.pdf")).join("\n"));
    assert!(text.contains("Generated 2026-11-01"), "{text}");
    let c = d.path().join("c");
    let r = sample_october(&c)
        .env("SOURCE_DATE_EPOCH", "1793620800") // 2026-11-02T12:00:00Z
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let text = squash(&pdftotext(&c.join("report.pdf")).join("\n"));
    assert!(text.contains("Generated 2026-11-02"), "{text}");
    assert!(!text.contains("2026-11-01"), "{text}");
    let e = d.path().join("e");
    run_sample(&e, &["--as-of", "2026-11-05"]);
    let text = squash(&pdftotext(&e.join("report.pdf")).join("\n"));
    assert!(text.contains("Generated 2026-11-05"), "{text}");
}

/// The PDF's figures are the CSVs' figures: every rep's total and status, the team
/// rows and totals, the leaderboard, the sales and conversion figures, the prorated
/// targets and the data-quality totals of accounting.csv.
#[test]
fn pdf_figures_match_the_csvs_of_the_same_run() {
    let d = tempdir();
    let out = d.path().join("r");
    run_sample(&out, &[]);
    let path = out.join("report.pdf");
    let pages = pdftotext(&path);
    let n = pdfinfo_pages(&path);
    assert_eq!(pages.len(), n);
    for (i, p) in pages.iter().enumerate() {
        assert!(
            squash(p).contains(&format!("page {} of {n}", i + 1)),
            "page {}: {p}",
            i + 1
        );
        assert!(p.contains("Acme Sp. z o.o."), "page {}", i + 1);
    }
    let lines = lines(&pages);
    let all = lines.join("\n");

    let summary = csv_rows(&out.join("summary.csv"));
    assert_eq!(summary.len(), 9);
    for s in &summary {
        let name = &s["rep_name"];
        // the rep table: name, team, per kind done/target/%, total, status
        let tail = format!(" {} {}", en(&s["total_activities"]), s["status"]);
        assert_line(&lines, &format!("{name} …{tail}"), |l| {
            l.starts_with(&format!("{name} {}", s["team"])) && l.ends_with(&tail)
        });
        // the leaderboard: rank, name, team, score, tier, status
        let tier = if s["tier"].is_empty() {
            "–"
        } else {
            &s["tier"]
        };
        let board = format!(
            "{} {name} {} {} % {tier} {}",
            s["rank"], s["team"], s["score"], s["status"]
        );
        assert_line(&lines, &board, |l| l == board);
        // sales: the won amount with its currency at the end of the rep's row
        let amount = en(&s["won_amount_done"]);
        assert_line(
            &lines,
            &format!("{name} … {amount} … {}", s["currency"]),
            |l| {
                l.starts_with(&format!("{name} "))
                    && l.contains(&format!(" {amount} "))
                    && l.ends_with(&format!(" {}", s["currency"]))
            },
        );
        // conversion: activities, opportunities, per 100, per opportunity
        let per_100 = &s["opportunities_per_100_activities"];
        let conv = format!(
            "{} {} {} {}",
            en(&s["total_activities"]),
            s["opportunity_done"],
            if per_100.is_empty() { "–" } else { per_100 },
            s["activities_per_opportunity"]
        );
        assert_line(&lines, &format!("{name} … {conv}"), |l| {
            l.starts_with(&format!("{name} {} {conv} ", s["team"]))
        });
    }
    // R007 in the README's worked example
    assert!(all.contains("109,500.50 40,000.00 273.8 %"), "{all}");

    let teams = csv_rows(&out.join("teams.csv"));
    for t in &teams {
        let head = format!("{} {} {} ", t["team"], t["reps"], t["reps_met"]);
        let tail = format!(" {} {}", en(&t["total_activities"]), t["status"]);
        assert_line(&lines, &format!("{head}…{tail}"), |l| {
            l.starts_with(&head) && l.ends_with(&tail)
        });
    }
    let sum = |k: &str| -> u64 { teams.iter().map(|t| t[k].parse::<u64>().unwrap()).sum() };
    let total_head = format!("Total {} {} ", sum("reps"), sum("reps_met"));
    let total_tail = format!(" {}", en(&sum("total_activities").to_string()));
    assert_line(&lines, "the team total", |l| {
        l.starts_with(&total_head) && l.ends_with(&total_tail)
    });
    // the key figures card: total activities of all reps
    assert!(
        all.contains(&en(&sum("total_activities").to_string())),
        "{all}"
    );

    // prorated targets with their basis, from attainment.csv
    let att = csv_rows(&out.join("attainment.csv"));
    let prorated: Vec<_> = att
        .iter()
        .filter(|a| {
            let (x, y) = a["basis"]
                .split_whitespace()
                .next()
                .unwrap()
                .split_once('/')
                .unwrap();
            x != y
        })
        .collect();
    assert!(prorated.len() >= 10);
    for a in prorated {
        let row = format!(
            "{} {} {}",
            en(&a["target_full"]),
            a["basis"],
            en(&a["target"])
        );
        assert_line(&lines, &format!("{} … {row}", a["rep_name"]), |l| {
            l.starts_with(&a["rep_name"]) && l.ends_with(&row)
        });
    }

    // data quality: the totals row of accounting.csv
    let acc = csv_rows(&out.join("accounting.csv"));
    let total = acc.iter().find(|r| r["file"] == "total").unwrap();
    let row = format!(
        "Total {} {} {} {} {} {} {} {}",
        en(&total["read"]),
        en(&total["counted"]),
        total["not_counted"],
        total["duplicates"],
        total["rejected"],
        total["unmatched"],
        total["empty"],
        total["trailer"]
    );
    assert_line(&lines, &row, |l| l == row);
    for f in acc.iter().filter(|r| r["file"] != "total") {
        let row = format!(
            "{} {} {} {}",
            f["source"], f["file"], f["read"], f["counted"]
        );
        assert_line(&lines, &row, |l| l.starts_with(&row));
    }
    assert!(all.contains("All files reconcile."), "{all}");
}

#[test]
fn polish_pdf_with_lang_pl() {
    let d = tempdir();
    let out = d.path().join("r");
    run_sample(&out, &["--lang", "pl"]);
    let pages = pdftotext(&out.join("report.pdf"));
    let n = pages.len();
    let lines = lines(&pages);
    let all = lines.join("\n");
    for want in [
        "Okres raportu: październik 2026 (01.10.2026 – 31.10.2026)",
        "Data sporządzenia 01.11.2026",
        "Najważniejsze wskaźniki",
        "Ranking i progi nagród",
        "Sprzedaż",
        "Konwersja",
        "Normy proporcjonalne",
        "14/22 dni roboczych",
        "Wartość wygranych (USD)",
        "109 500,50",
        "Zatwierdził(a)",
        &format!("strona {n} z {n}"),
    ] {
        assert!(all.contains(want), "missing {want:?} in\n{all}");
    }
    // the Excel-style CSVs of a Polish run are `;`-separated
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    let mut rows = summary.trim_start_matches('\u{feff}').lines();
    let head: Vec<&str> = rows.next().unwrap().split(';').collect();
    let col = |name: &str| head.iter().position(|h| *h == name).unwrap();
    for row in rows {
        let f: Vec<&str> = row.split(';').collect();
        let name = f[col("rep_name")];
        let tail = format!(
            " {} {}",
            f[col("total_activities")],
            status_pl(f[col("status")])
        );
        assert_line(&lines, &format!("{name} …{tail}"), |l| {
            l.starts_with(name) && l.ends_with(&tail)
        });
    }
}

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
fn per_rep_statements_are_written_listed_and_verified() {
    let d = tempdir();
    let out = d.path().join("r");
    run_sample(&out, &["--per-rep"]);
    let names: Vec<String> = tree(&out.join("statements"));
    assert_eq!(
        names,
        [
            "R001-lukasz-zak.pdf",
            "R002-malgorzata-wojcik.pdf",
            "R003-jozef-kolodziej.pdf",
            "R004-agnieszka-dabrowska.pdf",
            "R005-pawel-lecki.pdf",
            "R006-zofia-krzyzanowska.pdf",
            "R007-raj-patel.pdf",
            "R008-emily-carter.pdf",
            "R009-marcus-johnson.pdf",
        ]
    );
    let m = manifest(&out);
    let listed: HashMap<String, String> = m["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["path"].as_str().unwrap().to_string(),
                o["sha256"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for n in &names {
        let p = format!("statements/{n}");
        let bytes = fs::read(out.join(&p)).unwrap();
        assert_eq!(listed.get(&p), Some(&sha256(&bytes)), "{p}");
    }
    let r = run(&["verify", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    // each statement holds its rep's figures from summary.csv and attainment.csv
    let summary = csv_rows(&out.join("summary.csv"));
    let att = csv_rows(&out.join("attainment.csv"));
    for (s, n) in summary.iter().zip(&names) {
        let path = out.join("statements").join(n);
        let pages = pdftotext(&path);
        assert_eq!(pages.len(), pdfinfo_pages(&path));
        let all = squash(&pages.join("\n"));
        let name = &s["rep_name"];
        let id = &s["rep_id"];
        for want in [
            "Rep statement".to_string(),
            format!("{name} ({id})"),
            format!("Rep ID {id}"),
            format!(
                "Total activities Overall status Score Reward tier {} {} {} %",
                en(&s["total_activities"]),
                s["status"],
                s["score"]
            ),
            format!("rank {} of 9", s["rank"]),
        ] {
            assert!(all.contains(&want), "{n}: missing {want:?} in\n{all}");
        }
        let rows = att.iter().filter(|a| &a["rep_id"] == id).count();
        let below = att
            .iter()
            .filter(|a| &a["rep_id"] == id && a["status"] == "below")
            .count();
        // one row per quota period in the rows table, and once more per row below target
        let lines = lines(&pages);
        let periodic = lines
            .iter()
            .filter(|l| l.starts_with("October 2026 ") || l.starts_with("week 4"))
            .count();
        assert_eq!(periodic, rows + below, "{n}:\n{}", lines.join("\n"));
        for other in summary.iter().filter(|o| &o["rep_id"] != id) {
            assert!(
                !all.contains(&other["rep_name"]),
                "{n} names {}",
                other["rep_name"]
            );
        }
    }
    let r4 = squash(&pdftotext(&out.join("statements/R004-agnieszka-dabrowska.pdf")).join("\n"));
    for want in [
        "week 42 of 2026 Calls 6 12 50.0 % below 4/5 working days",
        "October 2026 Won amount (PLN) 29,000.00 63,636.36 45.6 % below 14/22 working days",
    ] {
        assert!(r4.contains(want), "missing {want:?} in\n{r4}");
    }

    // a run without --per-rep replaces the set: the statements go with it
    run_sample(&out, &[]);
    assert!(!out.join("statements").exists());
    assert!(out.join("report.pdf").exists());
}

/// Rep ids and names are roster data: a hostile roster cannot steer statement files
/// out of `statements/`, nor give them odd names.
#[test]
fn hostile_rep_ids_and_names_make_safe_statement_file_names() {
    let dir = tempdir();
    let d = dir.path();
    fs::write(
        d.join("roster.csv"),
        "rep_id,full_name,email,phone_extension,social_handle,time_zone,team,role,hire_date\n\
         ../../etc/passwd,Zoë <script>alert(1)</script>,a@x.example,,,UTC,T,ae,2020-01-06\n\
         ..\\..\\boot.ini,../../x,b@x.example,,,UTC,T,ae,2020-01-06\n\
         .,Łukasz Żółć,c@x.example,,,UTC,T,ae,2020-01-06\n\
         /abs,\"Line\nbreak\",d@x.example,,,UTC,T,ae,2020-01-06\n\
         R1,Zoe Script Alert 1 Script,e@x.example,,,UTC,T,ae,2020-01-06\n",
    )
    .unwrap();
    let mut calls = String::from("who,when\n");
    for who in ["a", "b", "c", "d", "e"] {
        calls += &format!("{who}@x.example,2026-10-05T10:00:00Z\n");
    }
    fs::write(d.join("calls.csv"), calls).unwrap();
    fs::write(
        d.join("c.toml"),
        r#"timezone = "UTC"
roster = "roster.csv"
[[source]]
name = "phone"
kind = "call"
files = ["calls.csv"]
rep = { column = "who", match = "email" }
timestamp = { column = "when", format = "iso8601", zone = "UTC" }
[[quota]]
period = "month"
targets = { call = 1 }
"#,
    )
    .unwrap();
    let out = d.join("out");
    let r = run(&[
        "run",
        "--config",
        d.join("c.toml").to_str().unwrap(),
        "--period",
        "2026-10",
        "--per-rep",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut names = tree(&out.join("statements"));
    names.sort();
    let mut want = vec![
        "etc-passwd-zoe-script-alert-1-script.pdf",
        "boot-ini-x.pdf",
        "rep-lukasz-zolc.pdf",
        "abs-line-break.pdf",
        "R1-zoe-script-alert-1-script.pdf",
    ];
    want.sort();
    assert_eq!(names, want);
    // nothing was written anywhere but inside the output set
    let mut beside = tree(d);
    beside.retain(|p| !p.starts_with("out/"));
    assert_eq!(beside, [".out.lock", "c.toml", "calls.csv", "roster.csv"]);
    assert!(!PathBuf::from("/etc/passwd.pdf").exists());
    let r = run(&["verify", "--out", out.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // the names are shown as they are inside the PDFs
    let text = squash(
        &pdftotext(&out.join("statements/etc-passwd-zoe-script-alert-1-script.pdf")).join("\n"),
    );
    assert!(
        text.contains("Zoë <script>alert(1)</script> (../../etc/passwd)"),
        "{text}"
    );
}
