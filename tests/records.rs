//! `run --emit-records parquet`: the normalised records as Hive-partitioned Parquet in
//! the output set, read back with polars and checked against the CSV reports.

#![allow(clippy::needless_range_loop)] // parallel columns, indexed together

use std::{collections::BTreeMap, fs, path::Path};

use polars::prelude::*;

use crate::util::{run, tempdir};

/// A CSV file as header → value maps, one per row.
fn table(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            head.iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

fn sample_run(out: &Path, extra: &[&str]) {
    let mut args = vec![
        "run",
        "--config",
        "samples/config.toml",
        "--period",
        "2026-10",
        "--as-of",
        "2026-11-01",
        "--out",
        out.to_str().unwrap(),
        "--emit-records",
        "parquet",
    ];
    args.extend_from_slice(extra);
    let r = run(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// `records/<partition>/<part>` names under `out`, sorted.
fn parts(out: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for d in fs::read_dir(out.join("records")).unwrap().flatten() {
        for f in fs::read_dir(d.path()).unwrap().flatten() {
            names.push(format!(
                "records/{}/{}",
                d.file_name().to_string_lossy(),
                f.file_name().to_string_lossy()
            ));
        }
    }
    names.sort();
    names
}

/// Every part, read back with polars, with the partition as column `period`.
fn read_records(out: &Path) -> DataFrame {
    let mut all: Option<DataFrame> = None;
    for name in parts(out) {
        let period = name
            .split('/')
            .nth(1)
            .unwrap()
            .strip_prefix("period=")
            .unwrap();
        let f = fs::File::open(out.join(&name)).unwrap();
        let mut df = ParquetReader::new(f).finish().unwrap();
        let n = df.height();
        df.with_column(Column::new_scalar(
            "period".into(),
            Scalar::from(PlSmallStr::from(period)),
            n,
        ))
        .unwrap();
        match &mut all {
            None => all = Some(df),
            Some(a) => {
                a.vstack_mut(&df).unwrap();
            }
        }
    }
    all.unwrap()
}

fn strs(df: &DataFrame, c: &str) -> Vec<Option<String>> {
    df.column(c)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|v| v.map(String::from))
        .collect()
}

#[test]
fn parquet_records_match_the_accounting_and_the_summary() {
    let d = tempdir();
    let out = d.path().join("out");
    sample_run(&out, &[]);

    // layout: one partition per rep-local month, one part each (the samples are small)
    assert_eq!(
        parts(&out),
        [
            "records/period=2026-09/part-00000.parquet",
            "records/period=2026-10/part-00000.parquet",
            "records/period=2026-11/part-00000.parquet",
            "records/period=2026-12/part-00000.parquet",
        ]
    );
    let df = read_records(&out);
    let names: Vec<&str> = df.get_column_names().iter().map(|s| s.as_str()).collect();
    assert_eq!(
        names,
        [
            "source",
            "file",
            "line",
            "rep_id",
            "kind",
            "occurred_at",
            "local_date",
            "direction",
            "outcome",
            "duration_ms",
            "amount_e4",
            "external_id",
            "status",
            "counted_for",
            "period"
        ]
    );
    let schema = df.schema();
    assert_eq!(
        schema.get("occurred_at"),
        Some(&DataType::Datetime(
            TimeUnit::Microseconds,
            Some(TimeZone::UTC)
        ))
    );
    assert_eq!(schema.get("local_date"), Some(&DataType::Date));
    assert_eq!(schema.get("line"), Some(&DataType::UInt64));
    assert_eq!(schema.get("amount_e4"), Some(&DataType::Int64));

    let source = strs(&df, "source");
    let file = strs(&df, "file");
    let rep = strs(&df, "rep_id");
    let kind = strs(&df, "kind");
    let status = strs(&df, "status");
    let period = strs(&df, "period");
    let counted_for = strs(&df, "counted_for");
    let line: Vec<u64> = df
        .column("line")
        .unwrap()
        .u64()
        .unwrap()
        .into_no_null_iter()
        .collect();
    let day: Vec<i32> = df
        .column("local_date")
        .unwrap()
        .date()
        .unwrap()
        .physical()
        .into_no_null_iter()
        .collect();
    let at: Vec<Option<i64>> = df
        .column("occurred_at")
        .unwrap()
        .datetime()
        .unwrap()
        .physical()
        .iter()
        .collect();
    let n = df.height();

    // every row in the partition of its local month
    let date = |i: usize| chrono::NaiveDate::default() + chrono::Duration::days(day[i] as i64);
    for i in 0..n {
        assert_eq!(
            period[i].as_deref(),
            Some(date(i).format("%Y-%m").to_string().as_str())
        );
    }
    // file order inside a partition: lines increase per source and file
    let mut last: BTreeMap<(String, String, String), u64> = BTreeMap::new();
    for i in 0..n {
        let k = (
            period[i].clone().unwrap(),
            source[i].clone().unwrap(),
            file[i].clone().unwrap(),
        );
        if let Some(&l) = last.get(&k) {
            assert!(line[i] > l, "{k:?} line {} after {l}", line[i]);
        }
        last.insert(k, line[i]);
    }

    // rows per status = accounting.csv, file by file
    let acc = table(&out.join("accounting.csv"));
    let mut seen = 0;
    for a in acc.iter().filter(|a| !a["source"].is_empty()) {
        let mut by: BTreeMap<String, u64> = BTreeMap::new();
        for i in 0..n {
            if source[i].as_deref() == Some(&a["source"]) && file[i].as_deref() == Some(&a["file"])
            {
                *by.entry(status[i].clone().unwrap()).or_default() += 1;
                seen += 1;
            }
        }
        let get = |k: &str| by.get(k).copied().unwrap_or(0).to_string();
        assert_eq!(get("counted"), a["counted"], "{}", a["file"]);
        assert_eq!(get("duplicate"), a["duplicates"], "{}", a["file"]);
        let rules: BTreeMap<String, String> = a["not_counted_by_rule"]
            .split_whitespace()
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap();
                (format!("not_counted:{k}"), v.to_string())
            })
            .collect();
        let ours: BTreeMap<String, String> = by
            .iter()
            .filter(|(k, _)| k.starts_with("not_counted:"))
            .map(|(k, v)| (k.clone(), v.to_string()))
            .collect();
        assert_eq!(ours, rules, "{} {}", a["source"], a["file"]);
        // and nothing else: rejected, unmatched, empty and footer rows are not records
        let classified: u64 = ["read", "rejected", "unmatched", "empty", "trailer"]
            .iter()
            .map(|k| a[*k].parse::<i64>().unwrap())
            .enumerate()
            .map(|(j, v)| if j == 0 { v } else { -v })
            .sum::<i64>() as u64;
        assert_eq!(by.values().sum::<u64>(), classified, "{}", a["file"]);
    }
    assert_eq!(seen, n);

    // per rep: counted rows = summary.csv's done. For monthly plans these are the
    // counted rows of the 2026-10 partition; a weekly plan's October report also counts
    // the days of W40 in September and of W44 in November, which `counted_for` names.
    let summary = table(&out.join("summary.csv"));
    let weekly = ["R005"]; // role probation: weekly calls
    for s in &summary {
        for (col, want_kind, want_source) in [
            ("call", "call", None),
            ("email", "email", None),
            ("social", "social", None),
            ("opportunity", "opportunity", Some("crm-created")),
            ("won", "opportunity", Some("crm-won")),
        ] {
            let rows = |f: &dyn Fn(usize) -> bool| {
                (0..n)
                    .filter(|&i| {
                        status[i].as_deref() == Some("counted")
                            && rep[i].as_deref() == Some(&s["rep_id"])
                            && kind[i].as_deref() == Some(want_kind)
                            && want_source.is_none_or(|w| source[i].as_deref() == Some(w))
                            && f(i)
                    })
                    .count()
                    .to_string()
            };
            let done = &s[&format!("{col}_done")];
            let prev = &s[&format!("{col}_prev_done")];
            assert_eq!(
                &rows(&|i| counted_for[i].as_deref() == Some("2026-10")),
                done,
                "{} {col}",
                s["rep_id"]
            );
            assert_eq!(
                &rows(&|i| counted_for[i].as_deref() == Some("2026-09")),
                prev,
                "{} {col} previous",
                s["rep_id"]
            );
            if !(weekly.contains(&s["rep_id"].as_str()) && col == "call") {
                assert_eq!(
                    &rows(&|i| period[i].as_deref() == Some("2026-10")),
                    done,
                    "{} {col} partition",
                    s["rep_id"]
                );
            }
        }
    }
    // the weekly plan: September days of W40 count for October
    assert!((0..n).any(|i| rep[i].as_deref() == Some("R005")
        && period[i].as_deref() == Some("2026-09")
        && counted_for[i].as_deref() == Some("2026-10")));
    // only counted rows name a period
    for i in 0..n {
        assert_eq!(
            counted_for[i].is_some(),
            status[i].as_deref() == Some("counted")
        );
    }

    // time: a `zone = "rep"` date-only row is the rep's local midnight as a UTC instant
    let tz_of: BTreeMap<String, chrono_tz::Tz> =
        table(&crate::util::root().join("samples/roster.csv"))
            .into_iter()
            .map(|r| {
                let tz = if r["time_zone"].is_empty() {
                    "Europe/Warsaw"
                } else {
                    &r["time_zone"]
                };
                (r["rep_id"].clone(), tz.parse().unwrap())
            })
            .collect();
    let mut checked = 0;
    for i in 0..n {
        if source[i].as_deref() == Some("crm-created") {
            let utc = chrono::DateTime::from_timestamp_micros(at[i].unwrap()).unwrap();
            let local = utc.with_timezone(&tz_of[rep[i].as_deref().unwrap()]);
            assert_eq!(local.date_naive(), date(i));
            assert_eq!(local.time(), chrono::NaiveTime::MIN);
            checked += 1;
        }
    }
    assert!(checked > 0);

    // the parts are outputs of the set: in the manifest with their hash, and verified
    let m: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();
    for p in parts(&out) {
        let e = m["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["path"] == p.as_str())
            .unwrap_or_else(|| panic!("{p} not in the manifest"));
        let bytes = fs::read(out.join(&p)).unwrap();
        assert_eq!(e["sha256"], activity_quota::sha256_hex(&bytes).as_str());
        assert_eq!(e["size"], bytes.len() as u64);
    }
    let v = run(&["verify", "--out", out.to_str().unwrap()]);
    assert_eq!(v.code, 0, "{}", v.stderr);
}

#[test]
fn records_are_byte_identical_whatever_the_thread_count_and_go_with_the_set() {
    let d = tempdir();
    let (a, b) = (d.path().join("a"), d.path().join("b"));
    sample_run(&a, &["--threads", "1"]);
    sample_run(&b, &["--threads", "3"]);
    let pa = parts(&a);
    assert_eq!(pa, parts(&b));
    for p in &pa {
        assert_eq!(
            fs::read(a.join(p)).unwrap(),
            fs::read(b.join(p)).unwrap(),
            "{p}"
        );
    }
    // a run without the flag replaces the set: the records go with it
    let r = run(&[
        "run",
        "--config",
        "samples/config.toml",
        "--period",
        "2026-10",
        "--out",
        a.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!a.join("records").exists());
}
