//! A snapshot reads the same from a folder and from a git revision.

mod support;

use ladder::check::{Summary, check_snapshot};
use ladder::snapshot::{Origin, load_dir, load_rev};
use support::{Repo, copy_dir};

#[test]
fn the_shipped_example_reads_the_same_from_disk_and_from_a_revision() {
    let mut repo = Repo::new();
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ladders"),
        &repo.ladders(),
    );
    let commit = repo.commit("Add the framework");
    let from_disk = load_dir(&repo.ladders(), "ladders").expect("dir");
    let from_rev = load_rev(&repo.repo, "HEAD", "ladders").expect("rev");
    assert_eq!(from_disk, from_rev);
    assert_eq!(
        from_rev.origin,
        Origin::Revision {
            rev: "HEAD".into(),
            commit: commit.to_string()
        }
    );
    assert_eq!(check_snapshot(&from_disk), Vec::new());
    let summary = Summary::of(&from_rev);
    assert_eq!(
        (summary.teams, summary.teammates, summary.cases),
        (3, 44, 1)
    );
    let kofi = from_rev.person("kofi-mensah").expect("kofi");
    assert_eq!(kofi.file, "ladders/people/engineering/kofi-mensah.yml");
    let position = ladder::snapshot::Position::of(&from_rev, &kofi.value);
    assert_eq!((position.level, position.step), (3, 4));
    assert_eq!(kofi.value.level.pos.line, 6);
    let framework = &from_rev.framework.as_ref().expect("framework").value;
    let team = from_rev.team("engineering").expect("team");
    assert_eq!(
        team.value
            .title(framework.track("maker").expect("maker"), 8, None),
        Some("Engineer of Distinction")
    );
}

#[test]
fn a_revision_is_read_from_history_whatever_the_work_tree_holds() {
    let mut repo = Repo::new();
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base"),
        &repo.ladders(),
    );
    repo.commit("base");
    std::fs::remove_dir_all(repo.ladders()).expect("remove");
    let snapshot = load_rev(&repo.repo, "HEAD", "ladders").expect("rev");
    assert_eq!(snapshot.people.len(), 3);
    assert!(load_dir(&repo.ladders(), "ladders").is_err());
}

/// The errors `check` finds, as `code file`.
fn errors(snapshot: &ladder::snapshot::Snapshot) -> Vec<String> {
    check_snapshot(snapshot)
        .into_iter()
        .filter(|finding| finding.severity == ladder::finding::Severity::Error)
        .map(|finding| {
            let file = finding.location.map(|at| at.file).unwrap_or_default();
            format!("{} {file}", finding.code)
        })
        .collect()
}

#[test]
fn a_merged_case_stays_valid_when_its_author_and_its_teammate_leave() {
    let mut repo = Repo::new();
    copy_dir(&support::fixtures().join("base"), &repo.ladders());
    repo.write(
        "ladders/people/alex-doe.yml",
        "name: Alex Doe\ngithub: alex\nteam: eng\ntrack: manager\nlevel: 1\nstep: 1\nlead: ada\n",
    );
    repo.commit("Hire Alex");
    // Alex writes Cy's case on a branch; it merges.
    let case = "ladders/cases/cy-level-2.md";
    repo.write(
        case,
        "---\nperson: cy\nlevel: 2\nauthors: [alex-doe, bob]\n---\nCy ran the migration.\n",
    );
    let side = repo.side_commit("Cy's case");
    repo.merge(side, "Merge pull request #3 from acme/cy-case");
    // Alex leaves, then Cy does.
    repo.remove("ladders/people/alex-doe.yml");
    repo.commit("Alex leaves");
    repo.remove("ladders/people/cy.yml");
    repo.commit("Cy leaves");

    let at_head = load_rev(&repo.repo, "HEAD", "ladders").expect("rev");
    assert_eq!(errors(&at_head), Vec::<String>::new());
    let on_disk = load_dir(&repo.ladders(), "ladders").expect("dir");
    assert_eq!(errors(&on_disk), Vec::<String>::new());

    // A new case naming the departed lead is judged by the tree it lands in.
    let new_case = "ladders/cases/bob-level-3-again.md";
    repo.write(
        new_case,
        "---\nperson: bob\nlevel: 3\nauthors: [alex-doe]\n---\nAgain.\n",
    );
    let expected = vec![format!("unknown-person {new_case}")];
    let on_disk = load_dir(&repo.ladders(), "ladders").expect("dir");
    assert_eq!(errors(&on_disk), expected);
    repo.commit("A case in Alex's name, after Alex left");
    let at_head = load_rev(&repo.repo, "HEAD", "ladders").expect("rev");
    assert_eq!(errors(&at_head), expected);
    repo.remove(new_case);
    repo.commit("Drop it");

    // Editing the merged case makes it new evidence, checked against the tree it is in.
    repo.write(
        case,
        "---\nperson: cy\nlevel: 2\nauthors: [alex-doe, bob]\n---\nCy ran the migration well.\n",
    );
    let edited = load_dir(&repo.ladders(), "ladders").expect("dir");
    assert_eq!(errors(&edited), vec![format!("unknown-person {case}")]);
    // The revision still holds the merged text, and reads clean.
    let at_head = load_rev(&repo.repo, "HEAD", "ladders").expect("rev");
    assert_eq!(errors(&at_head), Vec::<String>::new());
}
