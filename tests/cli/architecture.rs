//! The source tree's shape as a test: every `crate::` path in `src/` names a
//! module of the same stage folder or of an earlier stage, and no module
//! imports from one that imports it, directly or around a circle. A parser
//! of `use` trees small enough to read here; tools that build the real
//! module graph pull in rust-analyzer, too heavy for CI.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The library's stage folders in the order data flows. A module may use
/// its own folder (without circles) and the folders ranked below it; two
/// folders of one rank may not use each other.
const STAGES: &[(&str, u8)] = &[
    ("contract", 0),
    ("ingest", 1),
    ("rules", 2),
    ("check", 3),
    ("workbook", 4),
    ("report", 4),
    ("output", 5),
    ("batch", 6),
    ("config", 7),
    ("docs", 8),
];

fn rank(module: &str) -> Option<u8> {
    let top = module.split("::").next().unwrap_or(module);
    STAGES
        .iter()
        .find(|(name, _)| *name == top)
        .map(|(_, r)| *r)
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// `src/a/b.rs` → `a::b`, `src/a/mod.rs` → `a`, `src/lib.rs` → `` (root).
/// `None` for the binary's files (`main.rs`, `cmd/`), which see the library
/// from outside, and for sibling `tests.rs` files.
fn module_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src()).ok()?;
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.first().is_some_and(|p| p == "main" || p == "cmd") {
        return None;
    }
    if parts.last().is_some_and(|p| p == "tests") {
        return None;
    }
    let mut parts = parts;
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    Some(parts.join("::"))
}

/// The file's code without its inline `#[cfg(test)] mod tests { … }`, which
/// (by this crate's convention) comes last, and without comments.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests {") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| match l.trim_start().starts_with("//") {
            true => "",
            false => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path a `use crate::…` tree names, expanded: `use crate::{a::{b, c}, d}`
/// gives `a::b`, `a::c`, `d`.
fn use_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("use crate::") {
        let tail = &rest[i + "use crate::".len()..];
        let end = tail.find(';').unwrap_or(tail.len());
        // `x as y` names `x`: mark the rename before white space goes.
        expand("", &tail[..end].replace(" as ", "@"), &mut out);
        rest = &tail[end..];
    }
    out
}

fn expand(prefix: &str, tree: &str, out: &mut Vec<String>) {
    let tree: String = tree.split_whitespace().collect();
    match tree.find('{') {
        None => out.push(format!(
            "{prefix}{}",
            tree.split('@').next().unwrap_or(&tree)
        )),
        Some(open) => {
            let head = &tree[..open];
            let inner = &tree[open + 1..tree.len().saturating_sub(1)];
            for item in split_top(inner) {
                expand(&format!("{prefix}{head}"), item, out);
            }
        }
    }
}

/// Splits `a, b::{c, d}, e` at the commas outside braces.
fn split_top(s: &str) -> Vec<&str> {
    let (mut depth, mut start, mut out) = (0, 0, Vec::new());
    for (i, ch) in s.char_indices() {
        match ch {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

/// Paths written inline, `crate::a::b::f(…)`, outside `use` lines.
fn inline_paths(code: &str) -> Vec<String> {
    code.lines()
        .filter(|l| !l.trim_start().starts_with("use ") && !l.trim_start().starts_with("pub use "))
        .flat_map(|l| l.match_indices("crate::").map(move |(i, _)| &l[i + 7..]))
        .map(|t| {
            t.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect::<String>()
        })
        .collect()
}

/// The longest prefix of `path` that is a module of the tree.
fn resolve<'a>(path: &str, modules: &'a BTreeSet<String>) -> Option<&'a String> {
    let parts: Vec<&str> = path
        .split("::")
        .filter(|p| !p.is_empty() && *p != "self")
        .collect();
    (1..=parts.len())
        .rev()
        .find_map(|n| modules.get(&parts[..n].join("::")))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Module → the modules it uses, from the sources.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let sources: Vec<(String, String)> = files
        .iter()
        .filter_map(|f| {
            let module = module_of(f)?;
            let text = std::fs::read_to_string(f).expect("a source file is readable");
            Some((module, code_of(&text)))
        })
        .collect();
    let modules: BTreeSet<String> = sources.iter().map(|(m, _)| m.clone()).collect();
    let mut graph = BTreeMap::new();
    for (module, code) in &sources {
        let used: BTreeSet<String> = use_paths(code)
            .into_iter()
            .chain(inline_paths(code))
            .filter_map(|p| resolve(&p, &modules).cloned())
            .filter(|m| m != module && !m.is_empty())
            .collect();
        graph.insert(module.clone(), used);
    }
    graph
}

#[test]
fn the_use_parser_expands_nested_trees() {
    let code =
        "use crate::{a::{b, c::{self, D}}, e as f};\nuse crate::g::H;\nlet x = crate::i::j(1);";
    assert_eq!(
        use_paths(code),
        ["a::b", "a::c::self", "a::c::D", "e", "g::H"]
    );
    assert_eq!(inline_paths(code), ["i::j"]);
}

#[test]
fn every_module_uses_only_its_own_and_earlier_stages() {
    let graph = graph();
    assert!(graph.len() > 20, "the source tree was not found: {graph:?}");
    let mut wrong = Vec::new();
    for (module, used) in graph.iter().filter(|(m, _)| !m.is_empty()) {
        let Some(own) = rank(module) else {
            wrong.push(format!("{module}: not in a stage folder of STAGES"));
            continue;
        };
        let own_top = module.split("::").next().unwrap_or_default();
        for target in used {
            let top = target.split("::").next().unwrap_or_default();
            match rank(target) {
                Some(r) if top == own_top || r < own => {}
                _ => wrong.push(format!("{module} uses {target}")),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the stage order:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_module_imports_one_that_imports_it() {
    let graph = graph();
    let mut circles = BTreeSet::new();
    for start in graph.keys() {
        // Depth-first from each module, recording any path back to it.
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for next in graph.get(&node).into_iter().flatten() {
                if next == start {
                    let mut circle = path.clone();
                    circle.push(start.clone());
                    circles.insert(circle.join(" → "));
                } else if seen.insert(next.clone()) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    assert!(
        circles.is_empty(),
        "dependency circles:\n{}",
        circles.into_iter().collect::<Vec<_>>().join("\n")
    );
}
