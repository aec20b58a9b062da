//! `activity-quota init DIR [--roster FILE]`: a commented starter config for a folder of
//! exports (`.csv`, `.tsv`, `.txt`, workbooks `.xlsx`, `.xlsm`, `.xls`, and the members
//! of `.zip`/`.gz` archives). Every file is recognised as `preset = "auto"` would read
//! it (its tool and variant, encoding, delimiter, header line); files of one tool in one folder become one
//! `[[source]]` with a glob. An HR roster's columns are mapped to the roster fields by
//! their usual names, and each role found gets a starter `[[quota]]`. What cannot be
//! decided from the files is a `# TODO:` line that asks the question.

use std::{
    collections::BTreeMap,
    fmt::Write as _,
    path::{Path, PathBuf},
};

mod guess;
mod roster;

use crate::{
    config::Config,
    error::Failure,
    sources::{decode, detect, presets::EXPORTER},
};

/// One export file as recognised.
struct Found {
    path: PathBuf,
    /// `Ok(preset/variant)` or why nothing fits.
    layout: Result<(&'static str, String, String), String>,
    encoding: Option<&'static str>,
    delimiter: u8,
    /// A workbook sheet's first rows as CSV text (what a guess samples: the file's bytes
    /// are not text).
    sheet: Option<Vec<u8>>,
}

impl Found {
    /// What files of one tool in one folder share: the preset, or for a file no preset
    /// fits, its first line (one layout).
    fn group_key(&self) -> String {
        match &self.layout {
            Ok((name, ..)) => name.to_string(),
            Err(_) => {
                let head = match &self.sheet {
                    Some(text) => text.clone(),
                    None => first_bytes(&self.path, 4096),
                };
                let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
                format!("?{}", String::from_utf8_lossy(line).trim_end())
            }
        }
    }
}

/// Up to `n` first bytes of `path` (none when it cannot be read: it is named later).
fn first_bytes(path: &Path, n: u64) -> Vec<u8> {
    let mut head = Vec::new();
    let _ = std::fs::File::open(path)
        .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, n), &mut head));
    head
}

/// Every CSV-like file under `dir`, sorted.
fn exports(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Failure> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Failure::config(format!("cannot read folder `{}`: {e}", dir.display())))?;
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            exports(&p, out)?;
        } else if p.extension().and_then(|x| x.to_str()).is_some_and(|x| {
            matches!(
                x.to_ascii_lowercase().as_str(),
                "csv" | "tsv" | "txt" | "xlsx" | "xlsm" | "xls" | "zip" | "gz"
            )
        }) {
            out.push(p);
        }
    }
    Ok(())
}

/// The auto-detecting source of a probe config for one file.
fn probe(path: &Path) -> Result<Config, Failure> {
    // every member of an archive (`member` is a glob)
    let member =
        if crate::sources::excel::Book::of(&path.to_string_lossy()).is_none() && is_archive(path) {
            "member = \"*\"\n"
        } else {
            ""
        };
    let text = format!(
        "timezone = \"UTC\"\nroster = \"roster.csv\"\n[[source]]\nname = \"probe\"\npreset = \"auto\"\nfiles = [{:?}]\n{member}[[quota]]\nperiod = \"month\"\ntargets = {{ call = 1 }}\n",
        path.display().to_string()
    );
    Config::parse(Path::new("init.toml"), &text, text.clone().into_bytes())
}

fn recognise(path: &Path, shown: &str) -> Result<Found, Failure> {
    let cfg = probe(path)?;
    let Some(source) = cfg.sources.first() else {
        return Err(Failure::config("no probe source".to_string()));
    };
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, 64 * 1024), &mut head))
        .map_err(|e| Failure::config(format!("cannot read `{shown}`: {e}")))?;
    let head = head.as_slice();
    let bom = encoding_rs::Encoding::for_bom(head).map(|(e, _)| e.name());
    let first_line = &head[..memchr::memchr(b'\n', head).unwrap_or(head.len())];
    let utf16 = decode::likely_utf16(first_line);
    // one detection: the layout, and the encoding guessed for a file that is not UTF-8
    let mut guessed = None;
    let layout = if utf16.is_some() {
        Err("UTF-16 without a byte-order mark".to_string())
    } else {
        match detect::choose(source, path, None, shown) {
            Ok(c) => {
                guessed = c.encoding.map(|e| e.name());
                let l = source.layout(c.layout);
                let p = l
                    .preset
                    .map_or(("?", String::new()), |p| (p.name, p.label()));
                Ok((p.0, p.1, l.preset.map_or("", |p| p.timestamp.2).to_string()))
            }
            Err(e) => Err(e.message),
        }
    };
    // a workbook's sheet is read as `,`-separated UTF-8 whatever its bytes
    if crate::sources::excel::Book::of(shown).is_some() {
        let sheet = match &layout {
            Ok(_) => None,
            Err(_) => detect::head_bytes(source, path, None, shown)
                .ok()
                .map(|h| h.0),
        };
        return Ok(Found {
            path: path.to_path_buf(),
            layout,
            encoding: None,
            delimiter: b',',
            sheet,
        });
    }
    Ok(Found {
        path: path.to_path_buf(),
        layout,
        encoding: utf16.or(guessed).or(bom.filter(|b| *b != "UTF-8")),
        delimiter: decode::sniff_delimiter(head),
        sheet: None,
    })
}

fn is_archive(p: &Path) -> bool {
    p.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("zip") || x.eq_ignore_ascii_case("gz"))
}

/// A source per member of an archive that a preset fits (`member = "…"`), and a
/// comment naming the members none fits.
fn archive_sources(
    s: &mut String,
    base: &Path,
    path: &Path,
    names: &mut BTreeMap<String, usize>,
) -> Result<(), Failure> {
    let shown = crate::sources::inputs::shown_path(path, base);
    let cfg = probe(path)?;
    let Some(source) = cfg.sources.first() else {
        return Ok(());
    };
    let Some(parts) = crate::sources::archive::parts(source, path, &shown)? else {
        return Ok(());
    };
    let mut unknown = Vec::new();
    for (part, member_shown) in &parts {
        let fits = detect::choose(source, path, Some(part), member_shown)
            .ok()
            .and_then(|c| source.layout(c.layout).preset);
        let Some(p) = fits else {
            unknown.push(part.name().to_string());
            continue;
        };
        let n = names.entry(p.name.to_string()).or_default();
        *n += 1;
        let name = if *n == 1 {
            p.name.to_string()
        } else {
            format!("{}_{n}", p.name)
        };
        let member = part.name().rsplit('/').next().unwrap_or(part.name());
        let _ = writeln!(
            s,
            "\n[[source]]\nname = {name:?}\npreset = {:?}  # recognised: {} in the archive\nfiles = [{shown:?}]\nmember = {member:?}\n{}",
            p.name,
            p.label(),
            count_question(p)
        );
        if p.timestamp.2 == EXPORTER {
            let _ = writeln!(
                s,
                "# TODO: {} is written in the time zone of the user who exported it: which zone was that?\n# timestamp = {{ zone = \"America/New_York\" }}",
                p.label()
            );
        }
    }
    if !unknown.is_empty() {
        let _ = writeln!(
            s,
            "\n# `{shown}` also holds {} member(s) no preset fits: {}",
            unknown.len(),
            crate::model::backticked(unknown.iter().take(12).map(String::as_str))
        );
    }
    Ok(())
}

/// The starter config for the exports under `dir` (and the roster `roster`), as TOML
/// text with comments.
pub fn starter_config(dir: &Path, roster: Option<&Path>) -> Result<String, Failure> {
    let mut files = Vec::new();
    exports(dir, &mut files)?;
    if let Some(r) = roster {
        // the roster may sit among the exports: it is not one
        let r = r.canonicalize().unwrap_or_else(|_| r.to_path_buf());
        files.retain(|f| f.canonicalize().map_or(true, |f| f != r));
    }
    if files.is_empty() {
        return Err(Failure::config(format!(
            "no export under `{}`: init reads .csv, .tsv, .txt, .xlsx, .xlsm, .xls, .zip and .gz files (in subfolders too)",
            dir.display()
        )));
    }
    let base = base_of(dir);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Starter config written by `activity-quota init {}`.\n# Paths are relative to this file: save it in {}, or fix them.\n# Check it with `activity-quota check --config FILE`; every `# TODO:` asks a question.\n",
        dir.display(),
        if base == dir {
            format!("`{}` itself", dir.display())
        } else {
            format!("`{}`'s parent folder", dir.display())
        }
    );
    s.push_str("company = \"\"  # TODO: your company's name (shown in the reports)\n");
    s.push_str("timezone = \"Europe/Warsaw\"  # TODO: your organisation's IANA time zone\n");
    s.push_str("language = \"en\"\n");
    let roles = match roster {
        Some(r) => roster::roster_section(&mut s, r, base)?,
        None => {
            s.push_str("roster = \"roster.csv\"  # TODO: your roster (`--roster HR.csv` maps its columns)\n");
            Vec::new()
        }
    };
    sources(&mut s, dir, &files)?;
    if !s.contains("\n[[source]]\n") {
        tracing::warn!(
            "no export under `{}` could be mapped: every source is written commented out, with what it lacks; map one by hand before `check`",
            dir.display()
        );
    }
    let targets = roster::starter_targets(&s);
    roster::quotas(&mut s, &roles, &targets);
    Ok(s)
}

/// The folder the config's paths are relative to: `dir`'s parent, or `dir` itself when
/// it names no folder of its own (`.`, `..`, `/`), as `init .` run inside the exports.
fn base_of(dir: &Path) -> &Path {
    match dir.components().next_back() {
        Some(std::path::Component::Normal(_)) => dir.parent().unwrap_or(Path::new("")),
        _ => dir,
    }
}

fn sources(s: &mut String, dir: &Path, files: &[PathBuf]) -> Result<(), Failure> {
    let base = base_of(dir);
    // (folder, preset) → files
    let mut groups: BTreeMap<(PathBuf, String), Vec<Found>> = BTreeMap::new();
    let (archives, files): (Vec<&PathBuf>, Vec<&PathBuf>) =
        files.iter().partition(|f| is_archive(f));
    for f in files.iter().copied() {
        let shown = crate::sources::inputs::shown_path(f, base);
        let found = recognise(f, &shown)?;
        let tool = found.group_key();
        let folder = f.parent().unwrap_or(Path::new("")).to_path_buf();
        groups.entry((folder, tool)).or_default().push(found);
    }
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    for ((folder, tool), found) in &groups {
        // a glob when the group is every file of its extension in the folder
        let extension = ext(&found[0].path);
        let all_here = found.iter().all(|f| ext(&f.path) == extension)
            && files
                .iter()
                .chain(&archives)
                .filter(|f| f.parent() == Some(folder.as_path()) && ext(f) == extension)
                .count()
                == found.len();
        let shown_folder = crate::sources::inputs::shown_path(folder, base);
        let file_list: Vec<String> = if all_here && found.len() > 1 {
            let glob = format!("*.{extension}");
            vec![if shown_folder.is_empty() {
                glob
            } else {
                format!("{shown_folder}/{glob}")
            }]
        } else {
            found
                .iter()
                .map(|f| crate::sources::inputs::shown_path(&f.path, base))
                .collect()
        };
        // a file no preset fits is named after its folder (`phone`, `crm`)
        let folder_name = folder.file_name().map_or_else(
            || "export".to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let base_name = if tool.starts_with('?') {
            folder_name.as_str()
        } else {
            tool.as_str()
        };
        // a file no preset fits and no guess maps is written commented out, for a
        // person to map: the config stays valid (`check` accepts it) and the question
        // stays visible
        let (body, active) = source_body(found);
        let name = unique(&mut names, base_name);
        let preset = found[0]
            .layout
            .as_ref()
            .ok()
            .and_then(|l| crate::sources::presets::find(&l.1))
            .and_then(|v| v.first());
        write_source(s, &name, &body, active, &file_list, &found[0], preset);
        // the same extract read as another kind (a Salesforce Task extract's calls
        // and its emails): a source of its own
        for sib in siblings(&found[0]) {
            let name = unique(&mut names, sib.name);
            let body = format!(
                "preset = {:?}  # the same files read as {} ({})\n",
                sib.name,
                sib.title,
                sib.label()
            );
            write_source(s, &name, &body, true, &file_list, &found[0], Some(sib));
        }
    }
    for a in archives {
        archive_sources(s, base, a, &mut names)?;
    }
    Ok(())
}

/// `base` the first time, then `base_2`, `base_3`, …
fn unique(names: &mut BTreeMap<String, usize>, base: &str) -> String {
    let n = names.entry(base.to_string()).or_default();
    *n += 1;
    if *n == 1 {
        base.to_string()
    } else {
        format!("{base}_{n}")
    }
}

/// Other presets whose variant has exactly the header of the one `found` was recognised
/// as (one extract, several kinds of rows): their first such variant each.
fn siblings(found: &Found) -> Vec<&'static crate::sources::presets::Preset> {
    let Ok((_, label, _)) = &found.layout else {
        return Vec::new();
    };
    let Some(p) = crate::sources::presets::find(label).and_then(|v| v.first()) else {
        return Vec::new();
    };
    let sorted = |h: &[&'static str]| {
        let mut h = h.to_vec();
        h.sort_unstable();
        h
    };
    let header = sorted(p.header);
    let mut out: Vec<&'static crate::sources::presets::Preset> = Vec::new();
    for q in crate::sources::presets::all() {
        if q.name != p.name && !out.iter().any(|o| o.name == q.name) && sorted(q.header) == header {
            out.push(q);
        }
    }
    out
}

/// One `[[source]]` block (commented out when not `active`).
fn write_source(
    s: &mut String,
    name: &str,
    body: &str,
    active: bool,
    file_list: &[String],
    first: &Found,
    preset: Option<&crate::sources::presets::Preset>,
) {
    let mut block = format!("[[source]]\nname = {name:?}\n{body}");
    let _ = writeln!(
        block,
        "files = [{}]",
        file_list
            .iter()
            .map(|f| format!("{f:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if let Some(e) = first.encoding {
        let _ = writeln!(block, "encoding = {:?}", e.to_ascii_lowercase());
    }
    if first.delimiter != b',' {
        let _ = writeln!(
            block,
            "delimiter = {:?}",
            (first.delimiter as char).to_string()
        );
    }
    if let Some(p) = preset {
        let _ = writeln!(block, "{}", count_question(p));
    }
    if active {
        let _ = write!(s, "\n{block}");
    } else {
        s.push('\n');
        for line in block.lines() {
            let _ = writeln!(s, "# {line}");
        }
    }
}

/// A source's keys but `name` and `files`: its preset, or a guessed mapping, or the
/// question (then `false`: the block is written commented out).
fn source_body(found: &[Found]) -> (String, bool) {
    let mut block = String::new();
    match &found[0].layout {
        Ok((tool, label, zone)) => {
            let variants: Vec<&str> = found
                .iter()
                .filter_map(|f| f.layout.as_ref().ok().map(|l| l.1.as_str()))
                .collect();
            let _ = writeln!(
                block,
                "preset = {tool:?}  # recognised: {}",
                variants.join(", ")
            );
            if zone == EXPORTER {
                let _ = writeln!(
                    block,
                    "# TODO: {label} is written in the time zone of the user who exported it: which zone was that?\n# timestamp = {{ zone = \"America/New_York\" }}"
                );
            }
            (block, true)
        }
        Err(why) => match guess::guess(
            &found[0].path,
            found[0].sheet.as_deref(),
            found[0].encoding,
            found[0].delimiter,
        ) {
            Some(mapping) => {
                block.push_str(
                    "# no preset fits this file: its columns are mapped as guessed from its header and values\n",
                );
                block.push_str(&mapping);
                (block, true)
            }
            None => {
                block.push_str(
                    "TODO: no preset fits this file; map its columns by hand and uncomment:\n",
                );
                for line in why.lines() {
                    let _ = writeln!(block, "  {line}");
                }
                block.push_str("kind = \"call\"  # TODO: call, email, social or opportunity?\nrep = { column = \"…\", match = \"email\" }\ntimestamp = { column = \"…\", format = \"iso8601\", zone = \"UTC\" }\n");
                (block, false)
            }
        },
    }
}

fn ext(p: &Path) -> String {
    p.extension()
        .and_then(|x| x.to_str())
        .unwrap_or("csv")
        .to_string()
}

/// The question of which rows count, for a source read with preset variant `p`: its own
/// rules, and an example rule with the keys its columns allow.
fn count_question(p: &crate::sources::presets::Preset) -> String {
    let mut example = Vec::new();
    if p.outcome.is_some() {
        example.push("outcome = [\"…\"]");
    }
    if p.duration.is_some() {
        example.push("min_duration_s = 60");
    }
    format!(
        "# TODO: which rows count? {} counts: {}; the keys of a `count` of your own replace its rules one by one{}",
        p.label(),
        crate::sources::presets::listing::rules(&p.count),
        if example.is_empty() {
            String::new()
        } else {
            format!(", e.g.\n# count = {{ {} }}", example.join(", "))
        }
    )
}
