//! The documents are checked against the code: every test they name exists, the map in
//! docs/architecture.md names every source file, no module imports from a higher layer, and the
//! finding codes the source emits, the registry (`ladder::finding::CODES`) and the README's
//! tables are one list.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use ladder::finding::{CODES, Scope, Severity};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|error| panic!("{rel}: {error}"))
}

/// Every `` `file::test` `` a document names, with the file that must define it.
fn named_tests(text: &str) -> Vec<(String, String)> {
    let mut named = Vec::new();
    for quoted in text.split('`').skip(1).step_by(2) {
        let parts: Vec<&str> = quoted.split("::").collect();
        if parts.len() < 2
            || parts
                .iter()
                .any(|part| part.is_empty() || part.contains(' '))
        {
            continue;
        }
        let test = parts[parts.len() - 1];
        if test == "…"
            || !test
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            continue;
        }
        let file = if parts[0] == "ladder" {
            // A unit test: ladder::github::workflow::tests::name lives in src/github/workflow.rs.
            let module = &parts[1..parts.len() - 2];
            format!("src/{}.rs", module.join("/"))
        } else {
            format!("tests/{}.rs", parts[0])
        };
        named.push((file, test.to_string()));
    }
    named
}

/// The tests a document names that no file defines.
fn undefined_tests(named: &[(String, String)]) -> Vec<&(String, String)> {
    named
        .iter()
        .filter(|(file, test)| {
            let source = std::fs::read_to_string(root().join(file)).unwrap_or_default();
            !source.contains(&format!("fn {test}("))
        })
        .collect()
}

#[test]
fn every_test_the_threat_model_names_exists() {
    let named = named_tests(&read("docs/security.md"));
    assert!(named.len() >= 25, "{} tests named", named.len());
    let missing = undefined_tests(&named);
    assert!(missing.is_empty(), "named but not defined: {missing:?}");
}

#[test]
fn every_test_the_architecture_names_exists() {
    let named = named_tests(&read("docs/architecture.md"));
    assert!(!named.is_empty());
    let missing = undefined_tests(&named);
    assert!(missing.is_empty(), "named but not defined: {missing:?}");
}

/// Every `.rs` file under `folder`, as a path from the crate's root with `/` between parts.
fn rust_files(folder: &str) -> Vec<String> {
    let mut files = Vec::new();
    let mut folders = vec![root().join(folder)];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("read src") {
            let path: PathBuf = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                let rel = path.strip_prefix(root()).expect("inside the crate");
                let parts: Vec<String> = rel
                    .components()
                    .map(|part| part.as_os_str().to_string_lossy().into_owned())
                    .collect();
                files.push(parts.join("/"));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn the_map_names_every_source_file() {
    let map = read("docs/architecture.md");
    let unnamed: Vec<String> = rust_files("src")
        .into_iter()
        .filter(|file| {
            let (folder, name) = file.rsplit_once('/').expect("a folder");
            let placeholder = map.contains(&format!("`{folder}/<"));
            let named = map.contains(&format!("`{file}`"))
                || (name == "mod.rs" && map.contains(&format!("`{folder}/`")));
            !named && !placeholder
        })
        .collect();
    assert!(
        unnamed.is_empty(),
        "docs/architecture.md does not say what these files hold: {unnamed:?}"
    );
}

/// The layers table of docs/architecture.md: each module's layer, 1 the bottom.
fn layers() -> BTreeMap<String, u32> {
    let mut layers = BTreeMap::new();
    for line in read("docs/architecture.md").lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let Some(layer) = cells.get(1).and_then(|cell| cell.parse::<u32>().ok()) else {
            continue;
        };
        for module in cells[2].split('`').skip(1).step_by(2) {
            layers.insert(module.to_string(), layer);
        }
    }
    layers
}

/// The library's modules each module uses through `crate::`, unit tests and comments left out.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in rust_files("src") {
        let rel = &file["src/".len()..];
        let module = rel.split('/').next().unwrap_or(rel).trim_end_matches(".rs");
        if matches!(module, "lib" | "main" | "cli" | "commands") {
            continue;
        }
        let text = read(&file);
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let used = imports.entry(module.to_string()).or_default();
        for line in code
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
        {
            for after in line.split("crate::").skip(1) {
                let names: Vec<&str> = match after.strip_prefix('{') {
                    Some(group) => group
                        .split('}')
                        .next()
                        .unwrap_or_default()
                        .split(',')
                        .collect(),
                    None => vec![after],
                };
                for name in names {
                    let name: String = name
                        .trim()
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    // `crate::Pos` and the like are re-exports of the bottom layer.
                    if name.starts_with(|c: char| c.is_ascii_lowercase()) && name != module {
                        used.insert(name);
                    }
                }
            }
        }
    }
    imports
}

#[test]
fn no_module_imports_from_a_higher_layer() {
    let layers = layers();
    assert!(layers.len() > 20, "{layers:?}");
    let imports = imports();
    let mut wrong = Vec::new();
    for (module, used) in &imports {
        let Some(&own) = layers.get(module) else {
            wrong.push(format!("{module} is in no layer of docs/architecture.md"));
            continue;
        };
        for other in used {
            match layers.get(other) {
                None => wrong.push(format!("{other} is in no layer of docs/architecture.md")),
                Some(&layer) if layer > own => wrong.push(format!(
                    "{module} (layer {own}) uses {other} (layer {layer})"
                )),
                Some(_) => {}
            }
        }
    }
    // Inside a layer, no circle: follow the uses from each module and never come back.
    for start in imports.keys() {
        let mut seen = BTreeSet::new();
        let mut next: Vec<&String> = imports[start].iter().collect();
        while let Some(module) = next.pop() {
            if module == start {
                wrong.push(format!("{start} uses itself through the modules it uses"));
                break;
            }
            if seen.insert(module) {
                next.extend(imports.get(module).into_iter().flatten());
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

const CONSTRUCTORS: [(&str, Severity); 3] = [
    ("Finding::error(", Severity::Error),
    ("Finding::warning(", Severity::Warning),
    ("Finding::notice(", Severity::Notice),
];

/// The codes the source builds findings with.
struct Emitted {
    /// Each code, with every severity it is built at and where (`src/…:line`).
    codes: BTreeMap<String, BTreeSet<(Severity, String)>>,
    /// Places that build a finding without writing its code out.
    unwritten: Vec<String>,
}

/// Every code a finding is built with in `src/`. A finding is built only through
/// `Finding::error`, `Finding::warning` or `Finding::notice` (`Finding::new` is private), so
/// these see every code; unit tests are left out.
fn codes_in_source() -> Emitted {
    let mut codes: BTreeMap<String, BTreeSet<(Severity, String)>> = BTreeMap::new();
    let mut unwritten = Vec::new();
    for file in rust_files("src") {
        let text = read(&file);
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (constructor, severity) in CONSTRUCTORS {
            for (at, _) in code.match_indices(constructor) {
                let line = code[..at].lines().count().max(1);
                let place = format!("{file}:{line}");
                let argument = code[at + constructor.len()..].trim_start();
                let written = argument
                    .strip_prefix('"')
                    .and_then(|rest| rest.split_once('"'))
                    .map(|(name, _)| name.to_string());
                match written {
                    Some(name) => {
                        codes.entry(name).or_default().insert((severity, place));
                    }
                    None => unwritten.push(place),
                }
            }
        }
    }
    Emitted { codes, unwritten }
}

#[test]
fn the_registry_holds_every_code_the_source_emits_and_no_other() {
    let Emitted {
        codes: emitted,
        unwritten,
    } = codes_in_source();
    assert!(emitted.len() > 60, "{} codes found", emitted.len());
    assert!(
        unwritten.is_empty(),
        "write the code out where the finding is built, so it can be checked: {unwritten:?}"
    );
    let mut wrong = Vec::new();
    let mut seen = BTreeSet::new();
    for entry in CODES {
        if !seen.insert(entry.code) {
            wrong.push(format!("`{}` is in CODES twice", entry.code));
        }
        if !emitted.contains_key(entry.code) {
            wrong.push(format!(
                "`{}` is in CODES, but nothing in src/ emits it",
                entry.code
            ));
        }
    }
    for (code, uses) in &emitted {
        let Some(entry) = CODES.iter().find(|entry| entry.code == code) else {
            let places: Vec<&str> = uses.iter().map(|(_, place)| place.as_str()).collect();
            wrong.push(format!(
                "`{code}` is emitted ({}) but not in CODES in src/finding/codes.rs",
                places.join(", ")
            ));
            continue;
        };
        for (severity, place) in uses {
            if *severity != entry.severity {
                wrong.push(format!(
                    "`{code}` is a {} at {place}, but a {} in CODES",
                    severity.as_str(),
                    entry.severity.as_str()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// The README's table of one scope's codes, as the registry gives it.
fn readme_table(scope: Scope) -> String {
    let mut table = String::from("| code | severity | what |\n|---|---|---|\n");
    for entry in CODES.iter().filter(|entry| entry.scope == scope) {
        table.push_str(&format!(
            "| `{}` | {} | {} |\n",
            entry.code,
            entry.severity.as_str(),
            entry.meaning
        ));
    }
    table
}

#[test]
fn the_readme_lists_the_registry() {
    let readme = read("README.md");
    for (scope, section) in [
        (Scope::Tree, "What it checks, under `ladder check`"),
        (Scope::Change, "the table under `ladder diff`"),
        (Scope::Import, "What it refuses, under `ladder import`"),
    ] {
        let table = readme_table(scope);
        assert!(
            readme.contains(&table),
            "the README's table of codes ({section}) is not the registry's; it should read:\n\n{table}"
        );
    }
    // And no other table lists a code of its own.
    let stray: Vec<&str> = readme
        .lines()
        .filter(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            cells.len() > 3
                && ["error", "warning", "notice"].contains(&cells[2])
                && cells[1].starts_with('`')
                && !CODES.iter().any(|entry| {
                    cells[1] == format!("`{}`", entry.code) && cells[2] == entry.severity.as_str()
                })
        })
        .collect();
    assert!(
        stray.is_empty(),
        "rows that are not the registry's: {stray:#?}"
    );
}
