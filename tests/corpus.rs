//! The bad-input corpus: each folder under tests/fixtures/bad/ lays files over a small valid tree
//! (tests/fixtures/base/), and its expected.txt holds every finding `ladder check` must report,
//! one per line. Each case is checked from disk and from a git revision of the same tree, which
//! must agree. `LADDER_BLESS=1 cargo test --test corpus` rewrites expected.txt for review.

mod support;

use std::path::Path;

use ladder::check::check_snapshot;
use ladder::finding::Finding;
use ladder::snapshot::{load_dir, load_rev};
use support::{Repo, copy_dir, fixtures};

fn lines(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|finding| {
            let place = finding
                .location
                .as_ref()
                .map_or_else(String::new, |location| {
                    format!(
                        "{}:{}:{}: ",
                        location.file, location.pos.line, location.pos.column
                    )
                });
            let help = finding
                .help
                .as_ref()
                .map_or_else(String::new, |help| format!(" (help: {help})"));
            format!(
                "{place}{}[{}]: {}{help}\n",
                finding.severity.as_str(),
                finding.code,
                finding.message
            )
        })
        .collect()
}

/// A repository holding the base tree with the case laid over it, committed.
fn build_case(case: &Path, extra: impl FnOnce(&Repo)) -> Repo {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    if case.join("ladders").exists() {
        copy_dir(&case.join("ladders"), &repo.ladders());
    }
    if let Ok(deleted) = std::fs::read_to_string(case.join("DELETE")) {
        for rel in deleted.lines() {
            repo.remove(&format!("ladders/{rel}"));
        }
    }
    extra(&repo);
    repo.commit("case");
    repo
}

/// Findings from disk and from the revision, which must be the same.
fn check_both(repo: &Repo) -> Vec<Finding> {
    let from_disk = load_dir(&repo.ladders(), "ladders").expect("load dir");
    let from_rev = load_rev(&repo.repo, "HEAD", "ladders").expect("load rev");
    assert_eq!(from_disk, from_rev, "the two sources disagree");
    let findings = check_snapshot(&from_disk);
    assert_eq!(findings, check_snapshot(&from_rev));
    findings
}

#[test]
fn the_base_tree_is_clean() {
    let repo = build_case(&fixtures().join("base"), |_| {});
    assert_eq!(lines(&check_both(&repo)), "");
}

#[test]
fn every_bad_input_gets_its_expected_findings() {
    let bless = std::env::var_os("LADDER_BLESS").is_some();
    let mut cases: Vec<_> = std::fs::read_dir(fixtures().join("bad"))
        .expect("corpus")
        .map(|entry| entry.expect("entry").path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 90, "the corpus holds {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let repo = build_case(case, |_| {});
        let got = lines(&check_both(&repo));
        let expected_path = case.join("expected.txt");
        if bless {
            std::fs::write(&expected_path, &got).expect("bless");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got.is_empty() {
            failures.push(format!("{}: no finding at all", case.display()));
        } else if got != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- got\n{got}",
                case.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_symlink_is_refused_from_both_sources() {
    let repo = build_case(&fixtures().join("base"), |repo| {
        std::os::unix::fs::symlink("/etc/passwd", repo.ladders().join("people/eve.yml"))
            .expect("symlink");
    });
    assert_eq!(
        lines(&check_both(&repo)),
        "ladders/people/eve.yml:1:1: error[not-a-file]: a symbolic link: ladder reads only regular \
         files, so a link cannot point outside the folder (help: replace the link with the file itself)\n"
    );
}

#[test]
fn a_file_over_one_mebibyte_is_refused_unread() {
    let repo = build_case(&fixtures().join("base"), |repo| {
        let mut text = String::from("name: Eve\nnotes: |\n");
        while text.len() <= 1 << 20 {
            text.push_str("  a very long line of notes that nobody should keep in a placement\n");
        }
        repo.write("ladders/people/eve.yml", &text);
    });
    let size = std::fs::metadata(repo.ladders().join("people/eve.yml"))
        .expect("size")
        .len();
    assert_eq!(
        lines(&check_both(&repo)),
        format!(
            "ladders/people/eve.yml:1:1: error[file-too-large]: file is {size} bytes: the limit is \
             1048576 bytes (1 MiB); a placement is a few hundred\n"
        )
    );
}

#[test]
fn a_submodule_is_refused_at_a_revision() {
    let repo = build_case(&fixtures().join("base"), |_| {});
    // A gitlink entry, as `git submodule add` would leave it, without fetching anything.
    let head = repo
        .repo
        .head()
        .expect("head")
        .peel_to_commit()
        .expect("commit");
    let mut index = repo.repo.index().expect("index");
    let entry = git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o160000,
        uid: 0,
        gid: 0,
        file_size: 0,
        id: head.id(),
        flags: 0,
        flags_extended: 0,
        path: b"ladders/people/vendor".to_vec(),
    };
    index.add(&entry).expect("add gitlink");
    index.write().expect("write");
    let tree = repo
        .repo
        .find_tree(index.write_tree().expect("tree"))
        .expect("tree");
    let signature = git2::Signature::new(
        "Ada",
        "ada@example.com",
        &git2::Time::new(support::EPOCH, 0),
    )
    .expect("signature");
    repo.repo
        .commit(
            Some("HEAD"),
            &signature,
            &signature,
            "vendor",
            &tree,
            &[&head],
        )
        .expect("commit");
    let snapshot = load_rev(&repo.repo, "HEAD", "ladders").expect("load");
    assert_eq!(
        lines(&check_snapshot(&snapshot)),
        "ladders/people/vendor:1:1: error[not-a-file]: a git submodule: expected a YAML file or a folder\n"
    );
}
