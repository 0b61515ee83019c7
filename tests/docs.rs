//! The documents name tests as proof: every test they name must exist.

use std::path::Path;

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

#[test]
fn every_test_the_threat_model_names_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("docs/security.md")).expect("security.md");
    let named = named_tests(&text);
    assert!(named.len() >= 25, "{} tests named", named.len());
    let missing: Vec<_> = named
        .iter()
        .filter(|(file, test)| {
            let source = std::fs::read_to_string(root.join(file)).unwrap_or_default();
            !source.contains(&format!("fn {test}("))
        })
        .collect();
    assert!(missing.is_empty(), "named but not defined: {missing:?}");
}
