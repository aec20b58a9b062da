//! Build-time work: write the preset registry from the presets folder.
use std::{env, fs, path::PathBuf};

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    presets(&out);
    println!("cargo::rerun-if-changed=build.rs");
}

/// The preset registry from the folder's listing: every `src/sources/presets/<name>.rs`
/// (but `mod.rs` and `listing.rs`) is a preset, placed in `ALL` by its `order: N` field. Writes
/// `presets.rs` (included by the presets module) and `preset_tests.rs` (one test per
/// preset, included by `tests/presets.rs`).
fn presets(out: &std::path::Path) {
    let dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"))
        .join("src/sources/presets");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut found = Vec::new();
    for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("listing the presets folder").path();
        let Some(name) = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned) else {
            continue;
        };
        if path.extension().is_none_or(|x| x != "rs") || name == "mod" || name == "listing" {
            continue;
        }
        println!("cargo::rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let order: u16 = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("order:"))
            .and_then(|v| v.trim().trim_end_matches(',').parse().ok())
            .unwrap_or_else(|| panic!("{}: a preset needs `order: N,`", path.display()));
        found.push((order, name, path));
    }
    found.sort();
    let mut registry = String::new();
    let mut tests = String::new();
    for (_, name, path) in &found {
        registry.push_str(&format!(
            "#[path = {:?}]
pub mod {name};
",
            path.display().to_string()
        ));
        tests.push_str(&format!(
            "#[test]
fn {name}() {{
    super::reads_its_fixture({name:?});
}}
"
        ));
    }
    tests.push_str(&format!(
        "/// The presets' names in the registry's order (from the folder, as `ALL`).\npub const NAMES: [&str; {}] = [{}];\n",
        found.len(),
        found.iter().map(|(_, n, _)| format!("{n:?}")).collect::<Vec<_>>().join(", ")
    ));
    registry.push_str(&format!(
        "/// Every built-in preset's variants, in the order `activity-quota sources` lists them.\npub const ALL: [&[Preset]; {}] = [{}];\n",
        found.len(),
        found.iter().map(|(_, n, _)| format!("{n}::VARIANTS")).collect::<Vec<_>>().join(", ")
    ));
    fs::write(out.join("presets.rs"), registry).expect("writing to OUT_DIR");
    fs::write(out.join("preset_tests.rs"), tests).expect("writing to OUT_DIR");
}
