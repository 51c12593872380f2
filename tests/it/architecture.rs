//! The module graph of `src/`, read from the source: every file's references to other
//! modules (`crate::…`, `super::…` and its own child modules), resolved to the file that
//! defines them. Layers point down only (the application on top, then features, the web
//! plumbing they share, the shared stores, the infrastructure), and no file reaches back to a
//! file that reaches it: the graph has no cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module path (`crate::web::forms`) → file.
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap();
            let mut parts: Vec<String> = rel
                .iter()
                .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
                .collect();
            if parts.last().is_some_and(|l| l == "mod" || l == "lib") {
                parts.pop();
            }
            if parts == ["main"] {
                continue; // the binary uses the library by its name
            }
            let module = std::iter::once("crate".to_string())
                .chain(parts)
                .collect::<Vec<_>>()
                .join("::");
            out.insert(module, path);
        }
    }
    out
}

/// The source without comments and without `#[cfg(test)]` items (unit tests may reach
/// anywhere).
fn code(text: &str) -> String {
    let text: String = text
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        // The item ends at its closing brace (or at `;` for `mod tests;`).
        let mut depth = 0;
        let mut end = after.len();
        for (i, c) in after.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Expands a use tree starting at `s` (after a prefix such as `crate::`) into paths.
fn paths_at(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.trim_start().chars().collect();
    let mut segment = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() || c == '_' {
            segment.push(c);
            i += 1;
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            segment.push_str("::");
            i += 2;
        } else if c == '{' && (segment.is_empty() || segment.ends_with("::")) {
            // A group: every item is a path under `segment`.
            let prefix = segment.trim_end_matches("::");
            return group(&chars[i..])
                .into_iter()
                .map(|item| match (prefix.is_empty(), item.as_str()) {
                    (_, "self") => prefix.to_string(),
                    (true, _) => item,
                    (false, _) => format!("{prefix}::{item}"),
                })
                .collect();
        } else {
            break;
        }
    }
    vec![segment.trim_end_matches("::").to_string()]
}

/// The paths of a `{…}` group at the start of `chars`.
fn group(chars: &[char]) -> Vec<String> {
    let mut depth = 0;
    let mut item = String::new();
    let mut items = Vec::new();
    for &ch in chars {
        match ch {
            '{' => {
                depth += 1;
                if depth == 1 {
                    continue;
                }
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    items.push(std::mem::take(&mut item));
                    break;
                }
            }
            ',' if depth == 1 => {
                items.push(std::mem::take(&mut item));
                continue;
            }
            _ => {}
        }
        item.push(ch);
    }
    items
        .iter()
        .map(|i| i.trim())
        .filter(|i| !i.is_empty())
        .flat_map(|i| {
            if i == "self" {
                vec!["self".to_string()]
            } else {
                paths_at(i)
            }
        })
        .collect()
}

/// Every module path a file refers to, absolute.
fn references(module: &str, text: &str) -> BTreeSet<String> {
    let code = code(text);
    let mut out = BTreeSet::new();
    // The module `super` names: for `a/mod.rs` (crate::a) it is crate; for `a/b.rs` it is crate::a.
    let parent = module.rsplit_once("::").map(|(p, _)| p).unwrap_or("crate");
    let children: Vec<&str> = code
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            let l = l.strip_prefix("pub ").unwrap_or(l);
            l.strip_prefix("mod ")?.strip_suffix(';')
        })
        .collect();
    let bytes = code.as_bytes();
    for (at, _) in code.match_indices("crate::") {
        if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
            continue;
        }
        for p in paths_at(&code[at + "crate::".len()..]) {
            out.insert(format!("crate::{p}"));
        }
    }
    for (at, _) in code.match_indices("super::") {
        if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
            continue;
        }
        for p in paths_at(&code[at + "super::".len()..]) {
            out.insert(format!("{parent}::{p}"));
        }
    }
    for child in children {
        let needle = format!("{child}::");
        for (at, _) in code.match_indices(&needle) {
            if at > 0
                && (bytes[at - 1].is_ascii_alphanumeric()
                    || bytes[at - 1] == b'_'
                    || bytes[at - 1] == b':')
            {
                continue;
            }
            for p in paths_at(&code[at + needle.len()..]) {
                out.insert(format!("{module}::{child}::{p}"));
            }
        }
    }
    out
}

/// The module that defines a path: its longest prefix that is a file.
fn owner<'a>(path: &str, modules: &'a BTreeMap<String, PathBuf>) -> Option<&'a str> {
    let mut p = path;
    loop {
        if let Some((m, _)) = modules.get_key_value(p) {
            return Some(m.as_str());
        }
        p = p.rsplit_once("::")?.0;
    }
}

/// 4: the application (router, API document, commands, demo seed); 3: features; 2: web
/// plumbing; 1: the stores features share; 0: infrastructure.
fn layer(module: &str) -> u8 {
    match module.split("::").nth(1) {
        Some("features") => 3,
        Some("web") => 2,
        Some("store") => 1,
        Some("infra") => 0,
        _ => 4,
    }
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules = modules(&src);
    let mut graph = BTreeMap::new();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(file).unwrap();
        let edges: BTreeSet<String> = references(module, &text)
            .iter()
            .filter_map(|p| owner(p, &modules))
            .filter(|m| *m != module && *m != "crate")
            .map(str::to_string)
            .collect();
        graph.insert(module.clone(), edges);
    }
    graph
}

/// Strongly connected components with more than one module (Tarjan).
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.graph.contains_key(w) {
                continue;
            }
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.out.push(component);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out
}

#[test]
fn the_checker_finds_references_of_every_form() {
    let text = "use crate::web::{forms::{CsrfForm, Errors}, state::AppState};\n\
                use crate::{\n    infra, store::{self, boards},\n};\n\
                use super::rules;\nmod form;\nfn f() { form::page(); crate::infra::db::pool(); }\n\
                // crate::features::x is only a comment\n#[cfg(test)]\nmod tests { use crate::y; }\n\
                use crate::web::state::BODY_LIMIT;";
    let refs = references("crate::features::measurements", text);
    let want: BTreeSet<String> = [
        "crate::web::forms::CsrfForm",
        "crate::web::forms::Errors",
        "crate::web::state::AppState",
        "crate::web::state::BODY_LIMIT",
        "crate::features::rules",
        "crate::features::measurements::form::page",
        "crate::infra::db::pool",
        "crate::infra",
        "crate::store",
        "crate::store::boards",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(refs, want);
    let g: BTreeMap<String, BTreeSet<String>> = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec!["a"]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.into_iter().map(String::from).collect()))
    .collect();
    assert_eq!(cycles(&g), vec![vec!["a", "b", "c"]]);
}

#[test]
fn modules_import_down_the_layers_and_never_in_a_cycle() {
    let graph = graph();
    assert!(graph.len() > 40, "the sources were found: {}", graph.len());
    let upward: Vec<String> = graph
        .iter()
        .flat_map(|(from, to)| {
            to.iter()
                .filter(|t| layer(t) > layer(from))
                .map(move |t| format!("{from} → {t}"))
        })
        .collect();
    assert!(
        upward.is_empty(),
        "imports that point up a layer:\n{}",
        upward.join("\n")
    );
    let cycles = cycles(&graph);
    assert!(
        cycles.is_empty(),
        "import cycles:\n{}",
        cycles
            .iter()
            .map(|c| c.join(" ⇄ "))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Where SQL may be written: a feature's store (`store.rs`, `store/`) or writer (`write.rs`,
/// `write/`), the shared stores (`src/store/`), the infrastructure (`src/infra/`), and the
/// web plumbing's own tables (sessions, rate limits). Handlers call these.
fn may_hold_sql(rel: &str) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    let named = |name: &str| {
        parts
            .iter()
            .any(|p| *p == name || *p == format!("{name}.rs"))
    };
    named("store")
        || named("write")
        || rel.starts_with("infra/")
        || matches!(rel, "web/session.rs" | "web/ratelimit.rs")
}

#[test]
fn every_statement_lives_in_a_store() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stray = Vec::new();
    for (_, path) in modules(&src) {
        let rel = path
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&path).unwrap();
        let statements = ["sqlx::query", "query!(", "query_as!(", "query_scalar!("]
            .iter()
            .map(|s| text.matches(s).count())
            .sum::<usize>();
        if statements > 0 && !may_hold_sql(&rel) {
            stray.push(format!("{rel}: {statements}"));
        }
    }
    assert!(
        stray.is_empty(),
        "SQL outside a store module (move it into the feature's store):\n{}",
        stray.join("\n")
    );
}
