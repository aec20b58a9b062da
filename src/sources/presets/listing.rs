//! The text of `activity-quota sources`: per preset its name, kind and title, then per
//! variant its evidence, header, mapping and counting rules, so a user can compare it
//! with the first line of an export and see what will count.

use std::fmt::Write as _;

use super::{ALL, Count, Preset};

/// The whole listing.
pub fn listing() -> String {
    let mut s = String::new();
    for variants in ALL {
        let Some(first) = variants.first() else {
            continue;
        };
        let _ = writeln!(s, "{}  ({})  {}", first.name, first.kind, first.title);
        for p in variants {
            variant(&mut s, p);
        }
    }
    s.push_str(
        "\n`preset = \"NAME\"` picks the variant from each file's header; `preset = \"NAME/VARIANT\"` pins one; `preset = \"auto\"` (or a source with only `files`) picks among every preset.\n",
    );
    s
}

fn variant(s: &mut String, p: &Preset) {
    let _ = writeln!(
        s,
        "  variant {}: {} ({})",
        p.label(),
        p.evidence.as_str(),
        p.evidence_note
    );
    let _ = writeln!(s, "    header: {}", p.header.join(","));
    let reps: Vec<String> = p.rep.iter().map(|(c, f)| format!("{c} ({f})")).collect();
    let mut map = vec![
        format!("rep = {}", reps.join(", else ")),
        format!(
            "timestamp = {}{} ({}, zone {})",
            p.timestamp.0,
            p.time_column.map_or(String::new(), |t| format!(" + {t}")),
            p.timestamp.1,
            p.timestamp.2
        ),
    ];
    if let Some((c, u)) = p.duration {
        map.push(format!("duration = {c} ({u})"));
    }
    for (k, v) in [
        ("direction", p.direction),
        ("outcome", p.outcome),
        ("external_id", p.external_id),
        ("amount", p.amount),
        ("counterpart", p.counterpart),
    ] {
        if let Some(v) = v {
            map.push(format!("{k} = {v}"));
        }
    }
    let _ = writeln!(s, "    mapping: {}", map.join("; "));
    if !p.no_user.is_empty() {
        let shown: Vec<String> = p.no_user.iter().map(|v| format!("{v:?}")).collect();
        let _ = writeln!(s, "    no user: {}", shown.join(", "));
    }
    let _ = writeln!(s, "    counts: {}", rules(&p.count));
}

/// The counting rules in config words, or what counts without any.
pub(crate) fn rules(c: &Count) -> String {
    let mut rules = Vec::new();
    for (k, v) in [
        ("direction", c.direction),
        ("outcome", c.outcome),
        ("exclude_direction", c.exclude_direction),
        ("exclude_outcome", c.exclude_outcome),
    ] {
        if !v.is_empty() {
            rules.push(format!("{k} = [{}]", v.join(", ")));
        }
    }
    if let Some(m) = c.min_duration_s {
        rules.push(format!("min_duration_s = {m}"));
    }
    if rules.is_empty() {
        "every row".to_string()
    } else {
        rules.join("; ")
    }
}
