//! Replays what the fuzzers keep: every input under fuzz/regressions/<target>/ (each a crash or
//! hang once found, fixed since) and every seed the fuzzers start from, through the same target
//! bodies the AFL binaries run (fuzz/targets.rs). A panic or a hang here is a regression.

#[path = "../fuzz/targets.rs"]
#[allow(dead_code)]
mod targets;

use std::path::{Path, PathBuf};

type Target = fn(&[u8]);

const TARGETS: [(&str, Target); 8] = [
    ("framework", targets::framework),
    ("team", targets::team),
    ("placement", targets::placement),
    ("case", targets::case),
    ("snapshot", targets::snapshot),
    ("diff", targets::diff),
    ("event", targets::event),
    ("index", targets::index),
];

fn inputs(folder: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .map(|entry| entry.expect("entry").path())
                .filter(|path| path.is_file())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

#[test]
fn every_kept_fuzz_input_runs_without_a_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut replayed = 0;
    let mut panics = Vec::new();
    for (name, target) in TARGETS {
        for input in inputs(&root.join(name)) {
            let data = std::fs::read(&input).expect("input");
            replayed += 1;
            if std::panic::catch_unwind(|| target(&data)).is_err() {
                panics.push(input.display().to_string());
            }
        }
    }
    assert!(panics.is_empty(), "panicked on: {panics:?}");
    assert!(replayed > 0, "no kept input under {}", root.display());
}

#[test]
fn the_multi_file_format_splits_where_the_fuzzers_and_seeds_expect() {
    let files = targets::split_files(b"==> framework.yml\nname: x\n==> people/a.yml\nname: A\n");
    assert_eq!(
        files,
        vec![
            ("framework.yml".to_string(), b"name: x\n".to_vec()),
            ("people/a.yml".to_string(), b"name: A\n".to_vec()),
        ]
    );
}

#[test]
fn the_base_tree_as_the_snapshot_target_reads_it_is_clean() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base");
    let mut data = Vec::new();
    for rel in [
        "framework.yml",
        "teams/eng.yml",
        "people/ada.yml",
        "people/bob.yml",
        "people/cy.yml",
        "cases/bob-level-3.md",
    ] {
        data.extend_from_slice(format!("{}{rel}\n", targets::FILE_MARK).as_bytes());
        data.extend(std::fs::read(base.join(rel)).expect("fixture"));
    }
    let snapshot = ladder::snapshot::load_files("ladders", targets::split_files(&data));
    assert_eq!(ladder::check::check_snapshot(&snapshot), Vec::new());
    assert_eq!(snapshot.people.len(), 3);
}
