//! Closing a period: `close` signs an output set off (closure.json, the PDFs rendered
//! again with "Closed by … on …"), a later run is refused when its numbers differ
//! (exit 4, nothing written) and keeps the set when they do not, `run --reopen`
//! replaces it and keeps the chain, and `verify` checks closure and chain.

use std::{
    collections::BTreeMap,
    fs,
    io::Write,
    path::{Path, PathBuf},
};

use crate::{
    pdf::pdftotext,
    util::{bin, root, tempdir},
};

const DRAFT: &str = "Draft — not closed";
const CLOSED: &str = "Closed by Anna Nowak on 2026-11-03, 09:00 UTC";
const NOW: &str = "2026-11-03T09:00:00Z";

/// The October run of the config `config` into `out`, with `extra` arguments.
fn october(config: &Path, out: &Path, extra: &[&str]) -> crate::util::Run {
    let mut c = bin();
    c.args(["run", "-q", "--period", "2026-10", "--per-rep", "--config"])
        .arg(config)
        .arg("--out")
        .arg(out)
        .args(extra);
    output(&mut c)
}

fn output(c: &mut std::process::Command) -> crate::util::Run {
    let o = c.output().expect("binary runs");
    crate::util::Run {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

fn close(out: &Path, by: &str) -> crate::util::Run {
    let mut c = bin();
    c.env("ACTIVITY_QUOTA_NOW", NOW)
        .args(["close", "-q", "--by", by, "--out"])
        .arg(out);
    output(&mut c)
}

fn verify(out: &Path) -> crate::util::Run {
    let mut c = bin();
    c.args(["verify", "-q", "--out"]).arg(out);
    output(&mut c)
}

/// A copy of samples/ in `dir`, to add rows to.
fn samples_copy(dir: &Path) -> PathBuf {
    fn copy(from: &Path, to: &Path) {
        fs::create_dir_all(to).unwrap();
        for e in fs::read_dir(from).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                copy(&p, &to.join(e.file_name()));
            } else {
                fs::copy(&p, to.join(e.file_name())).unwrap();
            }
        }
    }
    let to = dir.join("samples");
    copy(&root().join("samples"), &to);
    to
}

/// Every file of the set (relative path → SHA-256).
fn hashes(dir: &Path) -> BTreeMap<String, String> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        for e in fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                out.insert(rel, activity_quota::sha256_hex(&fs::read(&p).unwrap()));
            }
        }
    }
    let mut m = BTreeMap::new();
    walk(dir, dir, &mut m);
    m
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
}

/// The pages of a PDF, each squashed to one line.
fn pages(path: &Path) -> Vec<String> {
    pdftotext(path)
        .iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

const STATEMENT: &str = "statements/R004-agnieszka-dabrowska.pdf";

#[test]
fn close_signs_the_set_off_and_an_unchanged_rerun_keeps_it() {
    let d = tempdir();
    let out = d.path().join("r");
    let config = root().join("samples/config.toml");
    assert_eq!(october(&config, &out, &[]).code, 0);
    let draft = hashes(&out);
    assert!(draft.contains_key("model.json"));
    // a draft: the stamp on every page of the report and of a statement
    let draft_report = pages(&out.join("report.pdf"));
    for pdf in ["report.pdf", STATEMENT] {
        let p = pages(&out.join(pdf));
        assert!(
            p.len() >= 2 || pdf != "report.pdf",
            "{pdf}: {} pages",
            p.len()
        );
        for (i, page) in p.iter().enumerate() {
            assert!(page.contains(DRAFT), "{pdf} page {}: {page}", i + 1);
            assert!(!page.contains("Closed by"), "{pdf} page {}", i + 1);
        }
    }

    let r = close(&out, "Anna Nowak");
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    let closed = hashes(&out);
    let manifest_sha = &closed["manifest.json"];
    assert_eq!(
        fs::read_to_string(out.join("closure.json")).unwrap(),
        format!(
            "{{\n  \"by\": \"Anna Nowak\",\n  \"at\": \"{NOW}\",\n  \"manifest_sha256\": \"{manifest_sha}\"\n}}\n"
        )
    );
    let m = json(&out.join("manifest.json"));
    assert_eq!(
        m["closure"],
        serde_json::json!({"by": "Anna Nowak", "at": NOW})
    );
    assert!(m.get("reopened").is_none());
    // the PDFs are new, listed with their new hashes; every other file is as it was
    for (name, sha) in &draft {
        let pdf = name.ends_with(".pdf");
        if name != "manifest.json" {
            assert_eq!(pdf, closed[name] != *sha, "{name}");
        }
    }
    let listed: BTreeMap<String, String> = m["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["path"].as_str().unwrap().into(),
                o["sha256"].as_str().unwrap().into(),
            )
        })
        .collect();
    for (name, sha) in &listed {
        assert_eq!(closed.get(name), Some(sha), "{name}");
    }
    for pdf in ["report.pdf", STATEMENT] {
        for (i, page) in pages(&out.join(pdf)).iter().enumerate() {
            assert!(page.contains(CLOSED), "{pdf} page {}: {page}", i + 1);
            assert!(!page.contains("Draft"), "{pdf} page {}", i + 1);
        }
    }
    // the same pages but for the stamp; the sign-off names who closed it and when
    let closed_report = pages(&out.join("report.pdf"));
    assert_eq!(closed_report.len(), draft_report.len());
    let n = draft_report.len();
    for (a, b) in draft_report[..n - 1].iter().zip(&closed_report[..n - 1]) {
        assert_eq!(a.replace(DRAFT, ""), b.replace(CLOSED, ""));
    }
    let last = &closed_report[n - 1];
    let signoff = &last[last.find("Sign-off").unwrap()..];
    assert!(
        signoff.starts_with(&format!(
            "Sign-off {CLOSED} The period is closed: a later run whose numbers differ is refused"
        )),
        "{signoff}"
    );
    assert!(
        signoff.contains("Prepared by Approved by Date Anna Nowak 2026-11-03 name and signature"),
        "{signoff}"
    );
    assert_eq!(verify(&out).code, 0);

    // a rerun on the same inputs: exit 0, the signed set kept byte for byte
    let mut c = bin();
    c.args([
        "run",
        "--config",
        "samples/config.toml",
        "--period",
        "2026-10",
    ])
    .args(["--per-rep", "--out"])
    .arg(&out);
    let r = output(&mut c);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "INFO the period is closed and the numbers are unchanged: the signed output set is kept"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(hashes(&out), closed);

    // closing twice is refused
    let r = close(&out, "Jan Kowalski");
    assert_eq!(r.code, 4);
    assert_eq!(
        r.stderr,
        format!(
            "error: output set `{}` is closed already (by Anna Nowak at {NOW}); to sign changed numbers off, run the period again with `--reopen --by NAME --reason TEXT`, then close it\n",
            out.display()
        )
    );
    assert_eq!(hashes(&out), closed);
}

#[test]
fn a_run_whose_numbers_differ_is_refused_until_reopened_and_the_chain_is_kept() {
    let d = tempdir();
    let samples = samples_copy(d.path());
    let config = samples.join("config.toml");
    let out = d.path().join("r");
    assert_eq!(october(&config, &out, &[]).code, 0);
    assert_eq!(close(&out, "Anna Nowak").code, 0);
    let signed = hashes(&out);

    // a late call of R001 on 12 October
    let mut calls = fs::OpenOptions::new()
        .append(true)
        .open(samples.join("exports/phone/calls-2026-10.csv"))
        .unwrap();
    writeln!(
        calls,
        "9999001,outbound,answered,2026-10-12T07:39:16Z,00:03:15,Łukasz Żak,lukasz.zak@acme.example,+48717351299,follow-up"
    )
    .unwrap();
    drop(calls);
    let r = october(&config, &out, &[]);
    assert_eq!(r.code, 4);
    assert_eq!(
        r.stderr,
        format!(
            "error: output set `{}` is closed (signed off by Anna Nowak at {NOW}) and this run's numbers differ in 3 cells; nothing was written
  rep, period, metric: signed → new
  R001, 2026-10, call: 60 → 61
  R001, 2026-10, call_done: 60 → 61
  R001, 2026-10, score: 107.1 → 107.5
to replace the signed set, run again with `--reopen --by NAME --reason TEXT`
",
            out.display()
        )
    );
    // nothing written, no staging directory left beside the set
    assert_eq!(hashes(&out), signed);
    let mut beside: Vec<String> = fs::read_dir(d.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, [".r.lock", "r", "samples"]);

    // --reopen needs who and why
    for extra in [
        &["--reopen"][..],
        &["--reopen", "--by", "Jan Kowalski"],
        &["--reopen", "--reason", "late export"],
        &["--reopen", "--by", " ", "--reason", "late export"],
    ] {
        let r = october(&config, &out, extra);
        assert_eq!(r.code, 2, "{extra:?}");
        assert_eq!(
            r.stderr,
            "error: `--reopen` needs `--by NAME` and `--reason TEXT`: who reopens the closed period, and why (both are kept in manifest.json)\n",
            "{extra:?}"
        );
    }
    let r = october(&config, &out, &["--by", "Jan Kowalski", "--reason", "x"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: `--by` and `--reason` go with `--reopen` (replacing a closed output set)\n"
    );
    assert_eq!(hashes(&out), signed);

    // reopened: the new numbers, drafts again, the chain in the manifest
    let mut c = bin();
    c.env("ACTIVITY_QUOTA_NOW", "2026-11-05T10:00:00Z")
        .args(["run", "-q", "--period", "2026-10", "--per-rep", "--config"])
        .arg(&config)
        .arg("--out")
        .arg(&out)
        .args([
            "--reopen",
            "--by",
            "Jan Kowalski",
            "--reason",
            "late export of calls",
        ]);
    let r = output(&mut c);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
    assert!(!out.join("closure.json").exists());
    let chain = serde_json::json!([{
        "previous_manifest_sha256": signed["manifest.json"],
        "closed_by": "Anna Nowak",
        "closed_at": NOW,
        "reopened_by": "Jan Kowalski",
        "reopened_at": "2026-11-05T10:00:00Z",
        "reason": "late export of calls"
    }]);
    let m = json(&out.join("manifest.json"));
    assert_eq!(m["reopened"], chain);
    assert!(m.get("closure").is_none());
    assert!(pages(&out.join("report.pdf"))[0].contains(DRAFT));
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(
        summary
            .lines()
            .any(|l| l.starts_with("R001,") && l.contains(",61,60,")),
        "{summary}"
    );
    assert_eq!(verify(&out).code, 0);

    // a rerun of the reopened draft keeps the chain; so does closing it again
    assert_eq!(october(&config, &out, &[]).code, 0);
    assert_eq!(json(&out.join("manifest.json"))["reopened"], chain);
    assert_eq!(close(&out, "Anna Nowak").code, 0);
    let m = json(&out.join("manifest.json"));
    assert_eq!(m["reopened"], chain);
    assert_eq!(m["closure"]["by"], "Anna Nowak");
    assert_eq!(verify(&out).code, 0);

    // --reopen of a set that is not closed
    let other = d.path().join("other");
    assert_eq!(october(&config, &other, &[]).code, 0);
    let r = october(&config, &other, &["--reopen", "--by", "J", "--reason", "x"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!(
            "error: `--reopen`: the output set in `{}` is not closed; run without `--reopen`\n",
            other.display()
        )
    );
}

#[test]
fn verify_checks_the_closure_and_the_chain() {
    let d = tempdir();
    let out = d.path().join("r");
    assert_eq!(
        october(&root().join("samples/config.toml"), &out, &[]).code,
        0
    );
    assert_eq!(close(&out, "Anna Nowak").code, 0);
    let closure_path = out.join("closure.json");
    let manifest_path = out.join("manifest.json");
    let closure = fs::read_to_string(&closure_path).unwrap();
    let manifest = fs::read(&manifest_path).unwrap();
    let sha = activity_quota::sha256_hex(&manifest);
    let err = |lines: &[String]| {
        format!(
            "error: outputs in `{}` differ from its manifest\n  --> {}\n",
            out.display(),
            lines.join("\n  --> ")
        )
    };

    // another signer in closure.json
    fs::write(&closure_path, closure.replace("Anna Nowak", "Jan Kowalski")).unwrap();
    let r = verify(&out);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        err(&[format!(
            "closure.json: closed by Jan Kowalski at {NOW}, manifest.json says by Anna Nowak at {NOW}"
        )])
    );
    // closure.json of another manifest
    let other = "0".repeat(64);
    fs::write(&closure_path, closure.replace(&sha, &other)).unwrap();
    assert_eq!(
        verify(&out).stderr,
        err(&[format!(
            "closure.json: signs the manifest SHA-256 {other}, manifest.json is {sha}"
        )])
    );
    // no closure.json
    fs::remove_file(&closure_path).unwrap();
    assert_eq!(
        verify(&out).stderr,
        err(&[format!(
            "manifest.json: records a closure (by Anna Nowak at {NOW}) but closure.json is missing"
        )])
    );
    // a malformed chain in a manifest (with a closure.json that signs it)
    let mut m: serde_json::Value = serde_json::from_slice(&manifest).unwrap();
    m["reopened"] = serde_json::json!([{
        "previous_manifest_sha256": "abc",
        "closed_by": "Anna Nowak",
        "closed_at": "2026-11-05T09:00:00Z",
        "reopened_by": "",
        "reopened_at": "2026-11-04",
        "reason": ""
    }]);
    let bytes = serde_json::to_vec_pretty(&m).unwrap();
    fs::write(&manifest_path, &bytes).unwrap();
    fs::write(
        &closure_path,
        closure.replace(&sha, &activity_quota::sha256_hex(&bytes)),
    )
    .unwrap();
    let r = verify(&out);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        err(&[
            "manifest.json reopened[0]: `abc` is not a SHA-256".into(),
            "manifest.json reopened[0]: names nobody".into(),
            "manifest.json reopened[0]: `2026-11-04` is not an RFC 3339 time".into(),
            "manifest.json reopened[0]: gives no reason".into(),
        ])
    );
    // put back as closed: verified
    fs::write(&manifest_path, &manifest).unwrap();
    fs::write(&closure_path, &closure).unwrap();
    assert_eq!(verify(&out).code, 0);
}

#[test]
fn close_takes_the_lock_and_needs_a_name_and_a_model() {
    let d = tempdir();
    let out = d.path().join("r");
    assert_eq!(
        october(&root().join("samples/config.toml"), &out, &[]).code,
        0
    );
    let before = hashes(&out);
    let lock_path = d.path().join(".r.lock");
    let mut lock = fs::OpenOptions::new().write(true).open(&lock_path).unwrap();
    lock.lock().unwrap();
    write!(lock, "pid 4242, started 2026-11-01T06:00:00Z").unwrap();
    let r = close(&out, "Anna Nowak");
    assert_eq!(r.code, 75);
    assert_eq!(
        r.stderr,
        format!(
            "error: output directory `{}` is locked by another run (pid 4242, started 2026-11-01T06:00:00Z); lock file `{}`\n",
            out.display(),
            lock_path.display()
        )
    );
    drop(lock);
    let r = close(&out, " ");
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: `--by` names who signs the output set off, e.g. `--by \"Anna Nowak\"`\n"
    );
    let mut c = bin();
    c.env("ACTIVITY_QUOTA_NOW", "3 November")
        .args(["close", "--by", "Anna", "--out"])
        .arg(&out);
    let r = output(&mut c);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "error: --at `3 November`: premature end of input; expected an RFC 3339 time such as `2026-11-03T09:00:00Z`\n"
    );
    assert_eq!(hashes(&out), before);
    // a set without its model cannot be rendered again
    fs::remove_file(out.join("model.json")).unwrap();
    let r = close(&out, "Anna Nowak");
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with(&format!(
            "error: cannot close `{}`: its outputs differ from its manifest\n  --> model.json: ",
            out.display()
        )),
        "{}",
        r.stderr
    );
}

#[test]
fn polish_reports_say_draft_and_closed_in_polish() {
    let d = tempdir();
    let out = d.path().join("r");
    let config = root().join("samples/config.toml");
    assert_eq!(october(&config, &out, &["--lang", "pl"]).code, 0);
    let stamp = |pdf: &str, text: &str| {
        let p = pages(&out.join(pdf));
        assert!(!p.is_empty(), "{pdf}");
        for (i, page) in p.iter().enumerate() {
            assert!(page.contains(text), "{pdf} page {}: {page}", i + 1);
        }
    };
    for pdf in ["report.pdf", STATEMENT] {
        stamp(pdf, "Wersja robocza — okres niezamknięty");
    }
    assert_eq!(close(&out, "Zażółć Gęślą").code, 0);
    for pdf in ["report.pdf", STATEMENT] {
        stamp(
            pdf,
            "Zamknięte przez: Zażółć Gęślą, dnia 03.11.2026, 09:00 UTC",
        );
    }
}

#[test]
fn a_paced_report_is_rendered_again_the_same_but_for_the_stamp() {
    let d = tempdir();
    let out = d.path().join("r");
    let config = root().join("samples/config.toml");
    assert_eq!(october(&config, &out, &["--as-of", "2026-10-20"]).code, 0);
    let draft = pages(&out.join("report.pdf"));
    assert!(draft.iter().any(|p| p.contains("Pacing at 2026-10-20")));
    assert_eq!(close(&out, "Anna Nowak").code, 0);
    let closed = pages(&out.join("report.pdf"));
    assert_eq!(closed.len(), draft.len());
    let n = draft.len();
    for (a, b) in draft[..n - 1].iter().zip(&closed[..n - 1]) {
        assert_eq!(a.replace(DRAFT, ""), b.replace(CLOSED, ""));
    }
}

#[test]
fn a_plan_change_lists_the_first_20_changed_cells_and_counts_the_rest() {
    let d = tempdir();
    let samples = samples_copy(d.path());
    let config = samples.join("config.toml");
    let out = d.path().join("r");
    assert_eq!(october(&config, &out, &[]).code, 0);
    assert_eq!(close(&out, "Anna Nowak").code, 0);
    let signed = hashes(&out);
    let toml = fs::read_to_string(&config).unwrap();
    let changed = toml
        .replace(
            "targets = { call = 60, email = 70, social = 25 }",
            "targets = { call = 66, email = 77, social = 25 }",
        )
        .replace(
            "targets = { call = 90, email = 100, social = 40 }",
            "targets = { call = 99, email = 100, social = 40 }",
        );
    assert_ne!(toml, changed);
    fs::write(&config, changed).unwrap();
    let r = october(&config, &out, &[]);
    assert_eq!(r.code, 4, "{}", r.stderr);
    let lines: Vec<&str> = r.stderr.lines().collect();
    let total: usize = lines[0]
        .split("differ in ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{}", lines[0]));
    assert!(total > 20, "{total}");
    assert_eq!(lines[1], "  rep, period, metric: signed → new");
    assert_eq!(lines.len(), 24, "{}", r.stderr);
    assert!(
        lines[2..22]
            .iter()
            .all(|l| l.contains(": ") && l.contains(" → "))
    );
    assert_eq!(lines[22], format!("  … and {} more", total - 20));
    // the target of R001's calls: prorated 60 → 66 over the whole month
    assert!(
        lines.contains(&"  R001, 2026-10, call target: 60 → 66"),
        "{}",
        r.stderr
    );
    assert_eq!(hashes(&out), signed);
}
