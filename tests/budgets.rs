//! The code's budgets (ARCHITECTURE.md "Budgets"), checked on every `cargo test`:
//!
//! * no `.rs` file under `src/` over 600 lines of code (tests apart: everything from a
//!   file's first top-level `#[cfg(test)]` on, and files named `tests.rs`);
//! * no function over 120 lines, brace to brace;
//! * no import cycle between modules (one module per file; `crate::` paths are the
//!   edges; a module and its own ancestors or descendants are not a cycle);
//! * `unsafe` only in the files listed in [`UNSAFE_ALLOWED`], each with a `SAFETY`
//!   comment in the lines just above it.
//!
//! The checks read the source as text (comments, strings and char literals skipped
//! when braces are matched): no parser crate, so that this test builds in a second.

use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::{Path, PathBuf},
};

const MAX_FILE_CODE_LINES: usize = 600;
const MAX_FN_LINES: usize = 120;

/// The only files that may hold `unsafe`: the mapping of a file (mmap, madvise, the
/// SIGBUS handler for a file truncated while mapped), the SIMD splitter (intrinsics,
/// fields cut from a validated chunk) and `main`'s allocator tuning.
const UNSAFE_ALLOWED: &[&str] = &[
    "src/main.rs",
    "src/sources/mapped.rs",
    "src/sources/split/mod.rs",
    "src/sources/split/simd.rs",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

struct Source {
    /// Relative to the crate root, `/`-separated.
    rel: String,
    text: String,
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files
        .into_iter()
        .map(|p| Source {
            rel: p
                .strip_prefix(root)
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/"),
            text: fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
        })
        .collect()
}

/// The part of a file that is not tests: up to its first top-level `#[cfg(test)]`
/// that opens a test module (a `#[cfg(test)]` helper function above it still counts).
fn non_test(src: &Source) -> &str {
    if src.rel.ends_with("/tests.rs") || src.rel.contains("/tests/") {
        return "";
    }
    let mut at = 0;
    let mut lines = src.text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        if line.starts_with("#[cfg(test)]")
            && lines
                .peek()
                .is_some_and(|next| next.starts_with("mod ") || next.starts_with("pub(crate) mod "))
        {
            return &src.text[..at];
        }
        at += line.len();
    }
    &src.text
}

/// Lines that hold code: not blank, not only a comment.
fn code_lines(text: &str) -> usize {
    let mut in_block = false;
    text.lines()
        .filter(|l| {
            let t = l.trim();
            if in_block {
                if t.contains("*/") {
                    in_block = false;
                }
                return false;
            }
            if t.starts_with("/*") {
                in_block = !t.contains("*/");
                return false;
            }
            !(t.is_empty() || t.starts_with("//"))
        })
        .count()
}

/// The text with comments, strings and char literals blanked to spaces (newlines kept),
/// so that braces and keywords can be found by position.
fn blank_non_code(text: &str) -> Vec<u8> {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let end = b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(b.len(), |p| i + p);
                blank(&mut out, i, end);
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 0;
                let start = i;
                while i < b.len() {
                    if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                blank(&mut out, start, i);
            }
            b'r' if matches!(b.get(i + 1), Some(b'#') | Some(b'"'))
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
                if b.get(i + 1 + hashes) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let start = i;
                i += 2 + hashes;
                let close: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                while i < b.len() && !b[i..].starts_with(&close) {
                    i += 1;
                }
                i = (i + close.len()).min(b.len());
                blank(&mut out, start, i);
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(b.len());
                blank(&mut out, start, i);
            }
            b'\'' => {
                // a char literal ('x', '\n', '\u{..}') or a lifetime ('a)
                let rest = &b[i + 1..];
                let len = if rest.first() == Some(&b'\\') {
                    rest.iter().skip(1).position(|&c| c == b'\'').map(|p| p + 2)
                } else if rest.get(1) == Some(&b'\'') {
                    Some(1)
                } else {
                    // multi-byte UTF-8 char literal
                    let n = std::str::from_utf8(&rest[..rest.len().min(4)])
                        .ok()
                        .or_else(|| std::str::from_utf8(&rest[..rest.len().min(3)]).ok())
                        .or_else(|| std::str::from_utf8(&rest[..rest.len().min(2)]).ok())
                        .and_then(|s| s.chars().next())
                        .map_or(0, char::len_utf8);
                    (n > 1 && rest.get(n) == Some(&b'\'')).then_some(n)
                };
                match len {
                    Some(n) => {
                        blank(&mut out, i, i + n + 2);
                        i += n + 2;
                    }
                    None => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    out
}

fn line_of(text: &[u8], at: usize) -> usize {
    text[..at].iter().filter(|&&c| c == b'\n').count() + 1
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Every `fn` with a body: (name, first line, length in lines).
fn functions(code: &[u8]) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(p) = code[i..].windows(3).position(|w| w == b"fn ") {
        let at = i + p;
        i = at + 3;
        if at > 0 && is_ident(code[at - 1]) {
            continue;
        }
        let name: String = code[i..]
            .iter()
            .take_while(|&&c| is_ident(c))
            .map(|&c| c as char)
            .collect();
        if name.is_empty() {
            continue;
        }
        // the body opens at the first `{` at bracket depth 0; a `;` first means none
        let mut depth = 0i32;
        let mut j = i;
        let open = loop {
            match code.get(j) {
                None => break None,
                Some(b'(' | b'[' | b'<') => depth += 1,
                Some(b')' | b']') => depth -= 1,
                Some(b'>') if code.get(j.wrapping_sub(1)) != Some(&b'-') => depth -= 1,
                Some(b';') if depth <= 0 => break None,
                Some(b'{') if depth <= 0 => break Some(j),
                _ => {}
            }
            j += 1;
        };
        let Some(open) = open else { continue };
        let mut braces = 0i32;
        let mut k = open;
        while k < code.len() {
            match code[k] {
                b'{' => braces += 1,
                b'}' => {
                    braces -= 1;
                    if braces == 0 {
                        break;
                    }
                }
                _ => {}
            }
            k += 1;
        }
        let first = line_of(code, at);
        out.push((
            name,
            first,
            line_of(code, k.min(code.len() - 1)) - first + 1,
        ));
    }
    out
}

/// The module path of a file: `src/count/cells.rs` → `count::cells`,
/// `src/count/mod.rs` → `count`, `src/lib.rs` → `` (the crate root).
fn module_of(rel: &str) -> String {
    let p = rel.trim_start_matches("src/").trim_end_matches(".rs");
    let p = p.trim_end_matches("/mod");
    if p == "lib" {
        return String::new();
    }
    p.replace('/', "::")
}

/// The modules a file's `crate::` paths name (longest known module prefix).
fn imports(code: &[u8], modules: &BTreeSet<String>) -> BTreeSet<String> {
    let text = String::from_utf8_lossy(code);
    let mut out = BTreeSet::new();
    let mut rest: &str = &text;
    while let Some(p) = rest.find("crate::") {
        let before = rest[..p].chars().next_back();
        rest = &rest[p + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        for path in expand(rest) {
            let mut best = None;
            let mut cur = String::new();
            for seg in path.split("::") {
                if !cur.is_empty() {
                    cur.push_str("::");
                }
                cur.push_str(seg);
                if modules.contains(&cur) {
                    best = Some(cur.clone());
                }
            }
            if let Some(m) = best {
                out.insert(m);
            }
        }
    }
    out
}

/// The paths of one `crate::` occurrence: `a::b::C` or a group `{a::{b, c}, d}`.
fn expand(s: &str) -> Vec<String> {
    let s = s.trim_start();
    if let Some(inner) = s.strip_prefix('{') {
        let mut depth = 1;
        let mut end = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let group = &inner[..end];
        let mut parts = Vec::new();
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(&group[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        parts.push(&group[start..]);
        let mut out = Vec::new();
        for part in parts {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            match part.find("::") {
                Some(p) => {
                    let head = &part[..p];
                    for tail in expand(&part[p + 2..]) {
                        out.push(format!("{head}::{tail}"));
                    }
                }
                None => out.push(
                    part.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .next()
                        .unwrap_or("")
                        .to_string(),
                ),
            }
        }
        return out;
    }
    let path: String = s
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
        .collect();
    let path = path.trim_end_matches(':');
    if let Some(rest) = s.get(path.len()..).and_then(|r| r.strip_prefix("::"))
        && rest.starts_with('{')
    {
        return expand(rest)
            .into_iter()
            .map(|t| format!("{path}::{t}"))
            .collect();
    }
    vec![path.to_string()]
}

fn related(a: &str, b: &str) -> bool {
    a.is_empty()
        || b.is_empty()
        || a == b
        || b.starts_with(&format!("{a}::"))
        || a.starts_with(&format!("{b}::"))
}

#[test]
fn no_file_over_the_code_line_budget() {
    let over: Vec<String> = sources()
        .iter()
        .map(|s| (s.rel.clone(), code_lines(non_test(s))))
        .filter(|(_, n)| *n > MAX_FILE_CODE_LINES)
        .map(|(f, n)| format!("{f}: {n} lines of code"))
        .collect();
    assert!(
        over.is_empty(),
        "files over {MAX_FILE_CODE_LINES} lines of code (tests apart):\n{}",
        over.join("\n")
    );
}

#[test]
fn no_function_over_the_line_budget() {
    let mut over = Vec::new();
    for s in sources() {
        let code = blank_non_code(non_test(&s));
        for (name, line, len) in functions(&code) {
            if len > MAX_FN_LINES {
                over.push(format!("{}:{line}: fn {name}: {len} lines", s.rel));
            }
        }
    }
    assert!(
        over.is_empty(),
        "functions over {MAX_FN_LINES} lines:\n{}",
        over.join("\n")
    );
}

#[test]
fn no_import_cycle_between_modules() {
    let srcs: Vec<Source> = sources()
        .into_iter()
        .filter(|s| s.rel != "src/main.rs" && !s.rel.starts_with("src/app/"))
        .collect();
    let modules: BTreeSet<String> = srcs.iter().map(|s| module_of(&s.rel)).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in &srcs {
        let from = module_of(&s.rel);
        let code = blank_non_code(non_test(s));
        let to: BTreeSet<String> = imports(&code, &modules)
            .into_iter()
            .filter(|t| !related(&from, t))
            .collect();
        edges.insert(from, to);
    }
    // Tarjan's strongly connected components
    struct T<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        next: usize,
        sccs: Vec<Vec<&'a str>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a str) {
        t.index.insert(v, t.next);
        t.low.insert(v, t.next);
        t.next += 1;
        t.stack.push(v);
        t.on.insert(v);
        let edges = t.edges;
        for w in edges.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !t.index.contains_key(w) {
                visit(t, w);
                let lw = t.low[w];
                let lv = t.low.get_mut(v).expect("visited");
                *lv = (*lv).min(lw);
            } else if t.on.contains(w) {
                let iw = t.index[w];
                let lv = t.low.get_mut(v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if t.low[v] == t.index[v] {
            let mut scc = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                scc.push(w);
                if w == v {
                    break;
                }
            }
            if scc.len() > 1 {
                scc.sort();
                t.sccs.push(scc);
            }
        }
    }
    let mut t = T {
        edges: &edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        sccs: Vec::new(),
    };
    for v in edges.keys() {
        if !t.index.contains_key(v.as_str()) {
            visit(&mut t, v);
        }
    }
    let cycles: Vec<String> = t
        .sccs
        .iter()
        .map(|scc| {
            let detail: Vec<String> = scc
                .iter()
                .map(|m| {
                    let to: Vec<&str> = edges[*m]
                        .iter()
                        .filter(|t| scc.contains(&t.as_str()))
                        .map(String::as_str)
                        .collect();
                    format!("  {m} -> {}", to.join(", "))
                })
                .collect();
            format!("cycle {{{}}}:\n{}", scc.join(", "), detail.join("\n"))
        })
        .collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn unsafe_only_where_allowed_and_explained() {
    let mut bad = Vec::new();
    for s in sources() {
        let code = blank_non_code(non_test(&s));
        let code_text = String::from_utf8_lossy(&code);
        let lines: Vec<&str> = s.text.lines().collect();
        for (n, line) in code_text.lines().enumerate() {
            let Some(p) = line.find("unsafe") else {
                continue;
            };
            let b = line.as_bytes();
            let after = b.get(p + 6).copied().unwrap_or(b' ');
            if (p > 0 && is_ident(b[p - 1])) || is_ident(after) {
                continue;
            }
            if line.contains("unsafe_code") || line.contains("unsafe_op_in_unsafe_fn") {
                continue;
            }
            if !UNSAFE_ALLOWED.contains(&s.rel.as_str()) {
                bad.push(format!(
                    "{}:{}: unsafe outside the allowed files",
                    s.rel,
                    n + 1
                ));
                continue;
            }
            // an `unsafe fn` documents its contract in `# Safety`; a block says SAFETY
            let from = n.saturating_sub(12);
            let explained = lines[from..=n.min(lines.len() - 1)]
                .iter()
                .any(|l| l.contains("SAFETY") || l.contains("# Safety"));
            if !explained {
                bad.push(format!(
                    "{}:{}: unsafe without a SAFETY comment",
                    s.rel,
                    n + 1
                ));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn the_checks_see_what_they_check() {
    // the line counter, the function finder and the import reader on known text, so
    // that a broken checker cannot pass everything
    let text = "// c\nfn a() {\n    let s = \"}\";\n    let c = '}';\n}\n\nfn b(x: Vec<u8>) -> u8 { x[0] }\ntrait T { fn c(&self); }\n";
    assert_eq!(code_lines(text), 6);
    let f = functions(&blank_non_code(text));
    assert_eq!(
        f,
        vec![("a".to_string(), 2, 4), ("b".to_string(), 7, 1)],
        "{f:?}"
    );
    let modules: BTreeSet<String> = ["count", "count::cells", "model", "model::day"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let code = b"use crate::{count::cells::{CellKey, Dense}, model::{self, day::day_number}};\nlet x = crate::model::Kind::Call;";
    let got: Vec<String> = imports(code, &modules).into_iter().collect();
    assert_eq!(got, ["count::cells", "model", "model::day"]);
    assert!(related("count", "count::cells"));
    assert!(!related("count", "config"));
}
