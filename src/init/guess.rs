//! A mapping guessed for an export no preset fits, from its header names and the values
//! of its first rows: the rep column (email addresses, profile URLs), the timestamp
//! column and a format that reads all its sampled values, and the usual columns by
//! their names. Every guess is written with what it was guessed from, for a person to
//! confirm; `None` when no rep or no timestamp column can be told.

use std::{fmt::Write as _, path::Path};

use crate::normalise::time::TimeFormat;

/// How many data rows are sampled.
const ROWS: usize = 200;

/// How many first lines may hold the header (a report's title and filters above it).
const PREAMBLE: usize = 20;

/// The file's header and its first rows, decoded (a workbook's: from its `sheet` text).
fn sample(
    path: &Path,
    sheet: Option<&[u8]>,
    encoding: Option<&str>,
    delimiter: u8,
) -> Option<(Vec<String>, Vec<Vec<String>>)> {
    // the first rows are all that is sampled: the file's start, not the whole file
    let mut bytes = Vec::new();
    match sheet {
        Some(text) => bytes.extend_from_slice(text),
        None => {
            std::io::Read::read_to_end(
                &mut std::io::Read::take(std::fs::File::open(path).ok()?, 4 << 20),
                &mut bytes,
            )
            .ok()?;
        }
    }
    let enc = encoding
        .and_then(|e| encoding_rs::Encoding::for_label(e.as_bytes()))
        .unwrap_or(encoding_rs::UTF_8);
    let text = enc.decode(&bytes).0.into_owned();
    let records: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .take(PREAMBLE + ROWS)
        .flatten()
        .map(|r| r.iter().map(|v| v.trim().to_string()).collect())
        .collect();
    // the header: the first line as full as the fullest of the first lines (a report's
    // title, filters and blank lines above it are not)
    let filled = |r: &Vec<String>| r.iter().filter(|v| !v.is_empty()).count();
    let fullest = records.iter().take(PREAMBLE).map(filled).max()?;
    let at = records
        .iter()
        .position(|r| filled(r) >= 2 && filled(r) * 2 >= fullest)?;
    let header = records[at].clone();
    let rows = records.into_iter().skip(at + 1).take(ROWS).collect();
    Some((header, rows))
}

/// The first column whose key has one of `words`, among `cols`.
fn named(
    header: &[String],
    cols: impl Iterator<Item = usize> + Clone,
    words: &[&str],
) -> Option<usize> {
    words.iter().find_map(|w| {
        cols.clone()
            .find(|&i| crate::sources::names::key(&header[i]).contains(w))
    })
}

/// The kind the file or folder name suggests, else its header's column names.
fn kind_of(path: &Path, header: &[String]) -> Option<(&'static str, &'static str)> {
    let p = path.to_string_lossy().to_lowercase();
    let by_name = [
        (&["phone", "call", "dial"][..], "call"),
        (&["mail", "outreach", "salesloft"][..], "email"),
        (&["linkedin", "social", "navigator"][..], "social"),
        (
            &["crm", "opportunit", "deal", "opps", "pipeline"][..],
            "opportunity",
        ),
    ]
    .into_iter()
    .find(|(words, _)| words.iter().any(|w| p.contains(w)))
    .map(|(_, k)| (k, "guessed from the file's name or folder"));
    let by_header = || {
        [
            (
                &["stage", "amount", "closedate", "dealname"][..],
                "opportunity",
            ),
            (&["duration", "callid", "calltype"][..], "call"),
            (&["subject", "mailbox", "bounced", "opened"][..], "email"),
        ]
        .into_iter()
        .find(|(words, _)| {
            header
                .iter()
                .any(|h| words.contains(&crate::sources::names::key(h).as_str()))
        })
        .map(|(_, k)| (k, "guessed from its columns"))
    };
    by_name.or_else(by_header)
}

/// The sampled non-empty values of column `i`.
fn values(rows: &[Vec<String>], i: usize) -> Vec<&str> {
    rows.iter()
        .filter_map(|r| r.get(i).map(String::as_str))
        .filter(|v| !v.is_empty())
        .collect()
}

/// Nine in ten of the column's sampled values pass `f` (a few bad cells allowed).
fn mostly(rows: &[Vec<String>], i: usize, f: &dyn Fn(&str) -> bool) -> bool {
    let v = values(rows, i);
    !v.is_empty() && v.iter().filter(|x| f(x)).count() * 10 >= v.len() * 9
}

/// Who: a column of email addresses, else of profile URLs; the sender's rather than
/// the recipient's (by its name).
fn rep_column(header: &[String], rows: &[Vec<String>]) -> Option<(usize, &'static str)> {
    let with = |needle: &'static str| -> Vec<usize> {
        (0..header.len())
            .filter(|&i| mostly(rows, i, &|v| v.contains(needle)))
            .collect()
    };
    let prefer = [
        "user", "owner", "sender", "nadawc", "agent", "rep", "from", "email",
    ];
    let pick =
        |cols: Vec<usize>| named(header, cols.iter().copied(), &prefer).or(cols.first().copied());
    match (pick(with("@")), pick(with("linkedin.com/in/"))) {
        (Some(i), _) => Some((i, "email")),
        (None, Some(i)) => Some((i, "social_handle")),
        (None, None) => None,
    }
}

/// When: a column (not all digits: ids, durations) whose sampled values one known
/// format reads, preferring creation and start times by name; with its format.
fn time_column(
    header: &[String],
    rows: &[Vec<String>],
    rep: usize,
) -> Option<(usize, &'static str)> {
    let times: Vec<(usize, &'static str)> = (0..header.len())
        .filter(|&i| i != rep)
        .filter_map(|i| {
            let v = values(rows, i);
            if v.iter().all(|x| x.bytes().all(|b| b.is_ascii_digit())) {
                return None;
            }
            TimeFormat::suggest_most(&v).map(|f| (i, f))
        })
        .collect();
    let words = [
        "created", "started", "start", "sent", "date", "time", "data",
    ];
    named(header, times.iter().map(|t| t.0), &words)
        .and_then(|i| times.iter().find(|t| t.0 == i).copied())
        .or(times.first().copied())
}

/// The zone of a timestamp column, and why.
fn zone_of(v: &[&str], format: &str) -> (&'static str, &'static str) {
    let most = |f: &dyn Fn(&&str) -> bool| v.iter().filter(|x| f(x)).count() * 10 >= v.len() * 9;
    if most(&|x| x.ends_with('Z') || x.ends_with('z')) {
        ("UTC", "the values end in `Z`")
    } else if format == "iso8601" && most(&|x| x.get(19..).is_some_and(|t| t.contains(['+', '-'])))
    {
        ("offset", "the values carry their UTC offset")
    } else {
        (
            "rep",
            "TODO: in which zone are these times? `rep` reads them in each rep's own zone",
        )
    }
}

/// The mapping lines of a `[[source]]` for `path`, or `None`.
pub(super) fn guess(
    path: &Path,
    sheet: Option<&[u8]>,
    encoding: Option<&str>,
    delimiter: u8,
) -> Option<String> {
    let (header, rows) = sample(path, sheet, encoding, delimiter)?;
    let rep = rep_column(&header, &rows)?;
    let ts = time_column(&header, &rows, rep.0)?;
    let (zone, why) = zone_of(&values(&rows, ts.0), ts.1);
    let guessed = kind_of(path, &header);
    let kind = guessed.map(|k| k.0);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "kind = {:?}  # {}",
        kind.unwrap_or("call"),
        guessed.map_or("TODO: call, email, social or opportunity?", |k| k.1)
    );
    let _ = writeln!(
        s,
        "rep = {{ column = {:?}, match = {:?} }}  # guessed: its values are {}",
        header[rep.0],
        rep.1,
        if rep.1 == "email" {
            "email addresses"
        } else {
            "profile URLs"
        }
    );
    let _ = writeln!(
        s,
        "timestamp = {{ column = {:?}, format = {:?}, zone = {zone:?} }}  # {why}",
        header[ts.0], ts.1
    );
    others(&mut s, &header, &rows, [rep.0, ts.0], kind);
    Some(s)
}

/// The unit of a duration column, from its sampled values: `hh:mm:ss` when nine in ten
/// are written so, whole seconds when nine in ten are digits, else `auto` (either).
fn duration_unit(rows: &[Vec<String>], i: usize) -> &'static str {
    let hms = |v: &str| {
        let parts: Vec<&str> = v.split(':').collect();
        (2..=3).contains(&parts.len())
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
    };
    if mostly(rows, i, &hms) {
        "unit = \"hms\" }  # the values are hh:mm:ss"
    } else if mostly(rows, i, &|v| v.bytes().all(|b| b.is_ascii_digit())) {
        "unit = \"s\" }  # the values are whole numbers: TODO: seconds? (`ms`, `min` otherwise)"
    } else {
        "unit = \"auto\" }  # hh:mm:ss or seconds, as each value is written"
    }
}

/// Duration, direction, outcome, external id and amount by their names, and the
/// counting question with the values seen.
fn others(
    s: &mut String,
    header: &[String],
    rows: &[Vec<String>],
    taken: [usize; 2],
    kind: Option<&str>,
) {
    let free = || (0..header.len()).filter(|i| !taken.contains(i));
    // the keys of the example `count` rule: the columns this file has
    let mut example = Vec::new();
    if let Some(i) = named(header, free(), &["duration", "czas"]) {
        example.push("min_duration_s = 60");
        let _ = writeln!(
            s,
            "duration = {{ column = {:?}, {}",
            header[i],
            duration_unit(rows, i)
        );
    }
    let mut rules = Vec::new();
    for (key, words) in [
        ("direction", &["direction", "kierunek"][..]),
        (
            "outcome",
            &["status", "state", "stage", "result", "outcome", "typ"][..],
        ),
    ] {
        if let Some(i) = named(header, free(), words) {
            let _ = writeln!(s, "{key} = {:?}", header[i]);
            example.insert(
                example.len().min(rules.len()),
                if key == "direction" {
                    "direction = [\"…\"]"
                } else {
                    "outcome = [\"…\"]"
                },
            );
            let mut seen: Vec<&str> = Vec::new();
            for v in values(rows, i) {
                if !seen.contains(&v) && seen.len() < 8 {
                    seen.push(v);
                }
            }
            rules.push(format!(
                "{key} `{}`: {}",
                header[i],
                crate::model::backticked(seen)
            ));
        }
    }
    // an id column: nearly every value its own (a repeated id is what it is for)
    let distinct = |i: usize| {
        let v = values(rows, i);
        let mut d = v.clone();
        d.sort_unstable();
        d.dedup();
        !v.is_empty() && d.len() * 10 >= v.len() * 9
    };
    if let Some(i) =
        free().find(|&i| crate::sources::names::key(&header[i]).ends_with("id") && distinct(i))
    {
        let _ = writeln!(
            s,
            "external_id = {:?}  # its values are (nearly) all distinct: a repeated one is a duplicate",
            header[i]
        );
    }
    if kind == Some("opportunity")
        && let Some(i) = named(header, free(), &["amount", "value", "kwota"])
    {
        let _ = writeln!(s, "amount = {:?}", header[i]);
    }
    if rules.is_empty() {
        s.push_str(
            "# TODO: which rows count? every row does until a `count` rule says otherwise\n",
        );
    } else {
        let _ = writeln!(
            s,
            "# TODO: which rows count? values seen: {}; e.g.\n# count = {{ {} }}",
            rules.join("; "),
            example.join(", ")
        );
    }
}
