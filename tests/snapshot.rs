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
