//! `init` + `run` against the goldens: the config `init` writes, with its questions
//! answered as the golden runs answer them (the targets; for the sample company also the
//! counting rules, its sources' names and the second reading of the CRM file), reads
//! every file and counts every cell as the hand-written configs do, byte for byte.

use std::{fs, path::Path};

use crate::util::{
    CSVS, PRESET_FILES, assert_has_all, bin, check_written, copy_tree, golden, golden_dir, run,
    run_cmd, run_october, stderr_for_golden, tempdir,
};

/// The golden preset runs' one plan (`tests/presets.rs`, `run_preset_file`).
const PRESET_QUOTA: &str = "\n[[quota]]\nperiod = \"month\"\ntargets = { call = 2, email = 2, social = 2, opportunity = 1 }\n";

/// `config` up to its first `[[quota]]`: the plans `init` writes, replaced by the answer.
fn without_quotas(config: &str) -> &str {
    let end = config
        .find("\n[[quota]]\n")
        .expect("init writes a starter quota");
    &config[..=end]
}

/// Every preset fixture that has a golden (`presets_<name>/` for `basic.csv`,
/// `presets_<name>/<stem>/` for a variant's file): (preset, fixture file, golden case).
fn preset_goldens() -> Vec<(String, String, String)> {
    let mut cases = Vec::new();
    let mut dirs: Vec<_> = fs::read_dir("tests/fixtures/presets")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_str().unwrap().to_string();
        let mut files: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        files.sort();
        for file in files {
            let stem = file.trim_end_matches(".csv");
            let case = if stem == "basic" {
                format!("presets_{name}")
            } else {
                format!("presets_{name}/{stem}")
            };
            if Path::new("tests/golden").join(&case).is_dir() {
                cases.push((name.clone(), file, case));
            }
        }
    }
    cases
}

#[test]
fn init_then_run_reproduces_every_preset_golden() {
    let cases = preset_goldens();
    // 15 presets' basic.csv + a file per other variant: aircall's api, api-iso and
    // export-split, hubspot_calls', hubspot_emails', hubspot_deals', outreach's and
    // salesloft_emails' api, linkedin_messages' archive-drafts and archive-2022,
    // linkedin_invitations' archive-2022, pipedrive_deals' excel-pl and
    // excel-pl-seconds, ringcentral's portal-seconds and portal-no-weekday,
    // salesforce_opportunities' data-loader, salesforce_task_calls' owner-email
    assert_eq!(cases.len(), 32, "{cases:?}");
    for (name, file, case) in cases {
        // the export alone in a folder with the roster, `init .` run there
        let d = crate::util::fixture_folder(&name, &file);
        let init = init_in(d.path(), ".");
        for line in [
            "roster = \"roster.csv\"\n".to_string(),
            format!("[[source]]\nname = \"{name}\"\npreset = \"{name}\"  # "),
            format!("files = [\"{file}\"]\n"),
        ] {
            assert!(
                init.stdout.contains(&line),
                "{case}: {line}\n---\n{}",
                init.stdout
            );
        }
        // as written, questions open, `check` accepts it
        check_written(&d.path().join("init.toml"), &init.stdout);
        // a Salesforce Task extract is offered as calls and as emails: the golden run
        // reads it as one of them
        if name.starts_with("salesforce_task_") {
            for other in ["salesforce_task_calls", "salesforce_task_emails"] {
                assert!(
                    init.stdout.contains(&format!(
                        "[[source]]\nname = \"{other}\"\npreset = \"{other}\"  # "
                    )),
                    "{case}: {other}\n---\n{}",
                    init.stdout
                );
            }
        }
        let mut blocks = without_quotas(&init.stdout).split("\n[[source]]\n");
        let mut config = blocks.next().unwrap().to_string();
        for b in blocks.filter(|b| b.starts_with(&format!("name = \"{name}\"\n"))) {
            config.push_str("\n[[source]]\n");
            config.push_str(b);
        }
        let cfg = d.path().join("c.toml");
        fs::write(&cfg, format!("{config}{PRESET_QUOTA}")).unwrap();
        let out = d.path().join("out");
        let r = run_october(&cfg, &out, &[]);
        assert_eq!(r.code, 0, "{case}: {}", r.stderr);
        golden_dir(&case, &out, &PRESET_FILES);
    }
}

/// The sample company's answers to `init`'s questions, by the name `init` gave each
/// source: the name the sample config uses, and which rows count (`None`: every row).
const SAMPLE_ANSWERS: [(&str, &str, Option<&str>); 4] = [
    (
        "phone",
        "phone",
        Some(
            r#"count = { direction = ["outbound"], outcome = ["answered"], min_duration_s = 60 }"#,
        ),
    ),
    (
        "email",
        "email",
        Some(r#"count = { exclude_outcome = ["bounced", "draft"] }"#),
    ),
    ("crm", "crm-created", None),
    (
        "social",
        "linkedin",
        Some(r#"count = { outcome = ["Wiadomość", "InMail", "Zaproszenie"] }"#),
    ),
];

#[test]
fn init_then_run_reproduces_the_sample_company_goldens() {
    // the sample's exports are hand-made layouts no preset fits: init maps each from its
    // header and values. Answered as the sample config answers (counting rules, the
    // sources' names in its order, the CRM file read a second time as won deals, and its
    // plans, calendars and scoring), the run equals the sample's goldens byte for byte
    let d = tempdir();
    copy_tree(Path::new("samples"), d.path());
    let init = init_in(d.path(), "exports");
    let sample = fs::read_to_string("samples/config.toml").unwrap();
    let first_source = sample.find("\n[[source]]\n").unwrap() + 1;
    let first_quota = sample.find("\n[[quota]]\n").unwrap() + 1;
    let crm_won = &sample[sample.find("[[source]]\nname = \"crm-won\"").unwrap()..];
    let crm_won = &crm_won[..crm_won.find("\n\n").unwrap() + 1];
    // the sample's own company, zone, roster and policy around init's sources
    let mut config = sample[..first_source].to_string();
    let blocks: Vec<&str> = without_quotas(&init.stdout)
        .split("\n[[source]]\n")
        .skip(1)
        .collect();
    assert_eq!(blocks.len(), 4, "{}", init.stdout);
    for (asked, named, count) in SAMPLE_ANSWERS {
        let block = blocks
            .iter()
            .find(|b| b.starts_with(&format!("name = \"{asked}\"\n")))
            .unwrap_or_else(|| panic!("{asked}\n---\n{}", init.stdout));
        let mut lines = Vec::new();
        for line in block.lines() {
            if line.starts_with("name = ") {
                lines.push(format!("name = \"{named}\""));
            } else if line.starts_with("# TODO: which rows count?") {
                lines.extend(count.map(str::to_string));
            } else if !line.starts_with("# count = ") {
                lines.push(line.to_string());
            }
        }
        config.push_str(&format!("[[source]]\n{}\n\n", lines.join("\n")));
        if asked == "crm" {
            config.push_str(crm_won);
            config.push('\n');
        }
    }
    config.push_str(&sample[first_quota..]);
    let cfg = d.path().join("answered.toml");
    fs::write(&cfg, &config).unwrap();
    let out = d.path().join("out");
    let r = run_october(&cfg, &out, &["--as-of", "2026-11-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    golden_dir("samples_2026-10", &out, &CSVS);
    let stderr = stderr_for_golden(&r.stderr, &out);
    golden("samples_2026-10", "stderr.txt", stderr.as_bytes());
}

#[test]
fn init_maps_workbooks_no_preset_fits_from_their_sheets() {
    // a formatted report (title, filter and blank lines above the header, totals below)
    // and the calls export saved as .xls and .xlsx: mapped from the sheets' text, the two
    // call workbooks (one header) one source
    let d = tempdir();
    copy_tree(Path::new("tests/fixtures/excel"), &d.path().join("exports"));
    fs::copy("samples/roster.csv", d.path().join("roster.csv")).unwrap();
    let init = init_in(d.path(), "exports");
    let blocks = [
        "[[source]]\nname = \"exports\"\n# no preset fits this file: its columns are mapped as guessed from its header and values\nkind = \"opportunity\"  # guessed from the file's name or folder\nrep = { column = \"Owner Email\", match = \"email\" }  # guessed: its values are email addresses\ntimestamp = { column = \"Created Date\", format = \"iso8601\", zone = \"rep\" }",
        "files = [\"exports/opps-formatted.xlsx\"]\n",
        "[[source]]\nname = \"exports_2\"\n# no preset fits this file: its columns are mapped as guessed from its header and values\nkind = \"call\"  # guessed from the file's name or folder\nrep = { column = \"user_email\", match = \"email\" }  # guessed: its values are email addresses\ntimestamp = { column = \"started_at\", format = \"iso8601\", zone = \"UTC\" }  # the values end in `Z`\nduration = { column = \"duration\", unit = \"hms\" }  # the values are hh:mm:ss\n",
        "files = [\"exports/calls-2026-10.xls\", \"exports/calls-2026-10.xlsx\"]\n",
        "targets = { call = 60, opportunity = 6 }  # TODO: the targets of role `ae`\n",
    ];
    assert_has_all(&init.stdout, &blocks);
    let c = check_written(&d.path().join("config.toml"), &init.stdout);
    // as the sample's CSVs of the same rows (tests/golden/samples_2026-10/accounting.csv):
    // the report's 66 rows, 1 rejected (`TBD` amount), its blank row empty and its total
    // and closing line the trailer; the calls' 3 duplicates, 4 rejects and 2 unmatched,
    // and every call of the .xlsx a duplicate of the .xls's (one source, one id space)
    let rows = [
        "exports    exports/opps-formatted.xlsx[opps-formatted]         69         65            0           0         1          0      1        2\n",
        "exports_2  exports/calls-2026-10.xls[calls-2026-10]           779        770            0           3         4          2      0        0\n",
        "exports_2  exports/calls-2026-10.xlsx[calls-2026-10]          779          0            0         773         4          2      0        0\n",
    ];
    assert_has_all(&c.stderr, &rows);
}

/// `init WHAT --roster roster.csv` run in `dir`, which must succeed.
fn init_in(dir: &Path, what: &str) -> crate::util::Run {
    let r = run_cmd(
        bin()
            .current_dir(dir)
            .args(["init", what, "--roster", "roster.csv"]),
    );
    assert_eq!(r.code, 0, "init {what} in {}: {}", dir.display(), r.stderr);
    r
}

/// `init` on a folder `name` (in `d`) holding the one file `file` with `text`: its exit
/// code and stderr (with the folder as `DIR`), and its stdout.
fn init_on(d: &Path, name: &str, file: &str, text: &str) -> (i32, String, String) {
    let dir = d.join(name);
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join(file), text).unwrap();
    let r = run(&["init", dir.to_str().unwrap()]);
    let shown = dir.display().to_string();
    (r.code, r.stderr.replace(&shown, "DIR"), r.stdout)
}

#[test]
fn init_on_a_folder_without_exports_says_so() {
    let d = tempdir();
    let (code, stderr, stdout) = init_on(d.path(), "empty", "readme.md", "not an export\n");
    assert_eq!(
        (code, stderr.as_str(), stdout.as_str()),
        (
            2,
            "error: no export under `DIR`: init reads .csv, .tsv, .txt, .xlsx, .xlsm, .xls, .zip and .gz files (in subfolders too)\n",
            ""
        )
    );
    // exports nothing maps: the config is written, every source commented out, and a
    // warning says that `check` needs one mapped by hand
    let (code, stderr, stdout) = init_on(d.path(), "odd", "notes.csv", "what,when\nlunch,noon\n");
    assert_eq!(
        (code, stderr.as_str()),
        (
            0,
            " WARN no export under `DIR` could be mapped: every source is written commented out, with what it lacks; map one by hand before `check`\n"
        )
    );
    assert!(
        stdout.contains("\n# [[source]]\n# name = \"odd\"\n"),
        "{stdout}"
    );
}
