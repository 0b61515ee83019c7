//! Several roles on one placement, `roles: [coordinator, tech-hero]`, on the shipped ladders/
//! with one role added that gives no titles: check accepts the list, the first role that gives
//! titles gives the title, diff reports each role taken and each role left, the entry rule
//! judges each role taken, export and show print every role, and propose leaves the list alone.

mod support;

use std::path::Path;

use ladder::check::check_snapshot;
use ladder::diff::ChangeKind;
use ladder::finding::Severity;
use ladder::policy::Author;
use ladder::review::{Head, Review, review};
use ladder::snapshot::{Position, load_rev};
use support::{Repo, copy_dir, edit, ladder_stdout};

const ROSA: &str = "ladders/people/happiness/rosa-jimenez.yml";
const NIA: &str = "ladders/people/happiness/nia-johnson.yml";

/// The shipped ladders, with a Happiness role that has no titles of its own.
fn repo() -> Repo {
    let mut repo = Repo::new();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("ladders"),
        &repo.ladders(),
    );
    let team = repo.ladders().join("teams/happiness.yml");
    let mut text = std::fs::read_to_string(&team).expect("team");
    text.push_str(
        "  - id: coordinator\n    name: Rota Coordinator\n    levels: {from: 1, to: 3}\n",
    );
    std::fs::write(team, text).expect("write");
    repo.commit("The framework, with a rota coordinator");
    repo
}

/// Errors and warnings of a check of HEAD.
fn loud(repo: &Repo) -> Vec<String> {
    let snapshot = load_rev(&repo.repo, "HEAD", "ladders").expect("load");
    check_snapshot(&snapshot)
        .into_iter()
        .filter(|finding| finding.severity != Severity::Notice)
        .map(|finding| format!("{}: {}", finding.code, finding.message))
        .collect()
}

/// Rosa's position at HEAD.
fn rosa(repo: &Repo) -> Position {
    let snapshot = load_rev(&repo.repo, "HEAD", "ladders").expect("load");
    let entry = snapshot
        .people
        .iter()
        .find(|entry| entry.id == "rosa-jimenez")
        .expect("rosa");
    Position::of(&snapshot, &entry.value)
}

fn review_last(repo: &Repo) -> Review {
    review(
        &repo.repo,
        "ladders",
        "HEAD~1",
        Head::Revision("HEAD"),
        Some(Author {
            login: Some("kenjiw".into()),
            ..Author::default()
        }),
    )
    .expect("review")
}

/// `ladder propose` in the repository, as a script runs it.
fn propose(repo: &Repo, args: &[&str]) -> support::Run {
    let mut all = vec!["propose", "--date", "2026-12-01", "--color", "never"];
    all.extend(args);
    support::run(
        assert_cmd::Command::cargo_bin("ladder")
            .expect("binary")
            .current_dir(repo.path())
            .env_remove("GITHUB_TOKEN")
            .env_remove("GITHUB_REPOSITORY")
            .args(&all),
    )
}

/// What diff says of one teammate's change, in words.
fn described(review: &Review, id: &str) -> Vec<String> {
    review
        .changes
        .people
        .iter()
        .find(|change| change.id == id)
        .unwrap_or_else(|| panic!("no change for {id}"))
        .kinds
        .iter()
        .map(ChangeKind::describe)
        .collect()
}

#[test]
fn check_accepts_two_roles_and_the_first_that_gives_titles_gives_the_title() {
    let mut repo = repo();
    // Rosa is at Hero III: the coordinator gives no title, Tech Hero does.
    edit(
        &repo,
        ROSA,
        "role: onboarding",
        "roles: [coordinator, tech-hero]",
    );
    repo.commit("Rosa coordinates the rota as a Tech Hero (#1)");
    assert_eq!(loud(&repo), Vec::<String>::new());
    let position = rosa(&repo);
    assert_eq!(position.title.as_deref(), Some("Tech Hero"));
    assert_eq!(position.roles.words(), "coordinator, tech-hero");

    // Two roles that give titles: the first listed decides.
    edit(
        &repo,
        ROSA,
        "roles: [coordinator, tech-hero]",
        "roles: [onboarding, tech-hero]",
    );
    repo.commit("Rosa onboards too (#2)");
    assert_eq!(loud(&repo), Vec::<String>::new());
    assert_eq!(
        rosa(&repo).title.as_deref(),
        Some("Onboarding and Education Specialist II")
    );

    // No role that gives titles: the team's title for the level.
    edit(
        &repo,
        ROSA,
        "roles: [onboarding, tech-hero]",
        "roles:\n  - coordinator\n",
    );
    repo.commit("Rosa only coordinates (#3)");
    assert_eq!(loud(&repo), Vec::<String>::new());
    assert_eq!(rosa(&repo).title.as_deref(), Some("Happiness Hero III"));
}

#[test]
fn each_role_in_the_list_is_checked_as_a_single_role_is() {
    let mut repo = repo();
    // Tech Hero is held at level 3 only; Nia is at level 2.
    edit(
        &repo,
        NIA,
        "role: onboarding",
        "roles: [onboarding, tech-hero]",
    );
    repo.commit("Nia as a Tech Hero too early (#1)");
    assert_eq!(
        loud(&repo),
        ["outside-role-range: role `tech-hero` is held at level 3 only, not at level 2"]
    );
}

#[test]
fn diff_reports_each_role_taken_and_each_role_left() {
    let mut repo = repo();
    // From one role to two: the role left and each role taken, one change each.
    edit(
        &repo,
        ROSA,
        "role: onboarding",
        "roles: [coordinator, tech-hero]",
    );
    repo.commit("Rosa coordinates as a Tech Hero (#1)");
    assert_eq!(
        described(&review_last(&repo), "rosa-jimenez"),
        [
            "leaves role onboarding",
            "takes on role coordinator",
            "takes on role tech-hero"
        ]
    );

    // One role of the list swapped for another: a role left and a role taken, not one move.
    edit(
        &repo,
        ROSA,
        "roles: [coordinator, tech-hero]",
        "roles: [coordinator, happiness-lead]",
    );
    repo.commit("Rosa leads instead (#2)");
    let swapped = review_last(&repo);
    assert_eq!(
        described(&swapped, "rosa-jimenez"),
        ["leaves role tech-hero", "takes on role happiness-lead"]
    );
    assert_eq!(
        swapped
            .findings
            .iter()
            .filter(|finding| finding.severity == Severity::Error)
            .map(|finding| finding.code)
            .collect::<Vec<_>>(),
        Vec::<&str>::new()
    );
    assert!(
        swapped
            .approvals
            .iter()
            .any(|approval| approval.rule == "role")
    );

    // The same roles in another order take on and leave nothing: the file's details changed.
    edit(
        &repo,
        ROSA,
        "roles: [coordinator, happiness-lead]",
        "roles: [happiness-lead, coordinator]",
    );
    repo.commit("Rosa's roles reordered (#3)");
    let reordered = review_last(&repo);
    let kinds: Vec<&str> = reordered
        .changes
        .people
        .iter()
        .filter(|change| change.id == "rosa-jimenez")
        .flat_map(|change| change.kinds.iter().map(ChangeKind::name))
        .collect();
    assert_eq!(kinds, ["details"]);

    // Back to a single `role:` from a list of one: one move from one role to the other.
    edit(
        &repo,
        ROSA,
        "roles: [happiness-lead, coordinator]",
        "roles: [coordinator]",
    );
    repo.commit("Rosa only coordinates (#4)");
    edit(&repo, ROSA, "roles: [coordinator]", "role: onboarding");
    repo.commit("Rosa onboards again (#5)");
    assert_eq!(
        described(&review_last(&repo), "rosa-jimenez"),
        ["moves from role coordinator to onboarding"]
    );
}

#[test]
fn the_entry_rule_judges_each_role_taken_at_its_place_in_the_list() {
    let mut repo = repo();
    // Nia moves up to level 3 and takes on Tech Hero, open to those already at level 3 only.
    edit(&repo, NIA, "level: 2", "level: 3");
    edit(
        &repo,
        NIA,
        "role: onboarding",
        "roles:\n  - onboarding\n  - tech-hero",
    );
    repo.write(
        "ladders/cases/nia-johnson.md",
        "---\nperson: nia-johnson\nlevel: 3\n---\nNia runs the tooling rota.\n",
    );
    repo.commit("Nia becomes a Tech Hero as well (#30)");
    let review = review_last(&repo);
    assert_eq!(
        described(&review, "nia-johnson"),
        ["up 1 level", "takes on role tech-hero"]
    );
    let entries: Vec<_> = review
        .findings
        .iter()
        .filter(|finding| finding.code == "role-entry")
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(
        entries[0].message,
        "Nia Johnson (nia-johnson) moves into role Tech Hero from maker level 2: the role is open from level 3 only"
    );
    // The line of `- tech-hero`, not the list's first line.
    assert_eq!(
        entries[0]
            .location
            .as_ref()
            .map(|l| (l.file.as_str(), l.pos.line, l.pos.column)),
        Some((NIA, 10, 5))
    );
}

#[test]
fn export_and_show_print_every_role() {
    let mut repo = repo();
    edit(
        &repo,
        ROSA,
        "role: onboarding",
        "roles: [coordinator, tech-hero]",
    );
    repo.commit("Rosa coordinates as a Tech Hero (#1)");
    let csv = ladder_stdout(repo.path(), &["export", "--what", "people"]);
    let line = csv
        .lines()
        .find(|line| line.starts_with("rosa-jimenez,"))
        .expect("rosa's row");
    assert!(
        line.contains(",Tech Hero,\"coordinator, tech-hero\","),
        "{line}"
    );
    let json = ladder_stdout(
        repo.path(),
        &["export", "--what", "people", "--format", "json"],
    );
    assert!(
        json.contains("\"role\": \"coordinator, tech-hero\""),
        "{json}"
    );

    let show = ladder_stdout(repo.path(), &["show", "rosa-jimenez"]);
    assert!(show.contains(", roles coordinator, tech-hero;"), "{show}");
    // JSON keeps `role` as it always read (the first) and adds `roles` with every one.
    let json: serde_json::Value = serde_json::from_str(&ladder_stdout(
        repo.path(),
        &["show", "rosa-jimenez", "--format", "json"],
    ))
    .expect("json");
    let position = &json["standing"]["position"];
    assert_eq!(position["role"], "coordinator", "{json}");
    assert_eq!(
        position["roles"],
        serde_json::json!(["coordinator", "tech-hero"]),
        "{json}"
    );
    // A single role reads as before: `role`, no `roles`.
    let json: serde_json::Value = serde_json::from_str(&ladder_stdout(
        repo.path(),
        &["show", "nia-johnson", "--format", "json"],
    ))
    .expect("json");
    let position = &json["standing"]["position"];
    assert_eq!(position["role"], "onboarding", "{json}");
    assert!(position.get("roles").is_none(), "{json}");
}

#[test]
fn propose_refuses_to_rewrite_a_roles_list_and_writes_nothing() {
    let mut repo = repo();
    edit(
        &repo,
        ROSA,
        "role: onboarding",
        "roles: [coordinator, tech-hero]",
    );
    repo.commit("Rosa coordinates as a Tech Hero (#1)");
    let before = std::fs::read(repo.path().join(ROSA)).expect("read");
    for args in [
        &["rosa-jimenez", "--role", "happiness-lead"][..],
        &["rosa-jimenez", "--role", "none"][..],
        // Engineering has neither role: the move would have to drop them from the list.
        &["rosa-jimenez", "--team", "engineering", "--track", "maker"][..],
    ] {
        let run = propose(&repo, args);
        assert_eq!(run.code, Some(2), "{args:?}: {}{}", run.stdout, run.stderr);
        assert_eq!(
            run.stderr,
            "error: `rosa-jimenez` lists their roles under `roles:` (coordinator, tech-hero): edit that list in their file, then propose the rest\n",
            "{args:?}"
        );
        assert_eq!(
            std::fs::read(repo.path().join(ROSA)).expect("read"),
            before,
            "{args:?}"
        );
    }
    // An empty list is a list too: `role:` beside it would be role-and-roles.
    edit(&repo, ROSA, "roles: [coordinator, tech-hero]", "roles: []");
    repo.commit("Rosa's roles emptied (#2)");
    let run = propose(&repo, &["rosa-jimenez", "--role", "tech-hero"]);
    assert_eq!(run.code, Some(2), "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stderr,
        "error: `rosa-jimenez` lists their roles under `roles:` (empty): edit that list in their file, then propose the rest\n"
    );
    edit(&repo, ROSA, "roles: []", "roles: [coordinator, tech-hero]");
    repo.commit("Rosa's roles back (#3)");

    // A move that leaves the roles alone goes through.
    let run = propose(&repo, &["rosa-jimenez", "--step", "2"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let text = std::fs::read_to_string(repo.path().join(ROSA)).expect("read");
    assert!(
        text.contains("step: 2\nroles: [coordinator, tech-hero]\n"),
        "{text}"
    );
}
