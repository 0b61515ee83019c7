//! `ladder diff` on real repositories: a commit per change kind and combination, and what the
//! base policy says about each.

mod support;

use ladder::diff::{ChangeKind, FrameworkEdit, PersonChange};
use ladder::finding::Severity;
use ladder::policy::Author;
use ladder::review::{Head, Review, review, review_judged_by};
use support::{Repo, copy_dir, fixtures};

/// The fixture tree (ada leads bob, bob leads cy; ada directs eng) committed as the base.
fn base_repo() -> Repo {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    repo.commit("Add the framework");
    repo
}

fn placement(name: &str, github: &str, track: &str, level: u32, step: u32, lead: &str) -> String {
    format!(
        "name: {name}\ngithub: {github}\nteam: eng\ntrack: {track}\nlevel: {level}\nstep: {step}\nlead: {lead}\n"
    )
}

fn bob(level: u32, step: u32) -> String {
    placement("Bob Babbage", "bob", "maker", level, step, "ada")
}

fn case(person: &str, level: u32) -> String {
    format!("---\nperson: {person}\nlevel: {level}\n---\nWhy {person} is ready.\n")
}

fn login(login: &str) -> Option<Author> {
    Some(Author {
        login: Some(login.into()),
        ..Author::default()
    })
}

/// The change at HEAD, reviewed twice: with nothing kept, and with the base's facts kept (the
/// author's placement is then found from them, not by a search of every file's text). Both
/// must judge alike.
fn review_head(repo: &Repo, author: Option<Author>) -> Review {
    let head = Head::Revision("HEAD");
    let plain = review(
        &repo.repo,
        "ladders",
        "HEAD~1",
        head.clone(),
        author.clone(),
    )
    .expect("review");
    let kept = tempfile::tempdir().expect("a folder for the facts");
    let with_facts = review_judged_by(
        &repo.repo,
        "ladders",
        "HEAD~1",
        head,
        author,
        None,
        Some(kept.path()),
    )
    .expect("review with the base's facts");
    assert_eq!(plain.findings, with_facts.findings);
    assert_eq!(plain.read_everything, with_facts.read_everything);
    assert_eq!(
        plain.base.people.len(),
        with_facts.base.people.len(),
        "the same placements read"
    );
    plain
}

fn codes(review: &Review) -> Vec<(Severity, &str)> {
    review
        .findings
        .iter()
        .map(|finding| (finding.severity, finding.code))
        .collect()
}

fn person<'a>(review: &'a Review, id: &str) -> &'a PersonChange {
    review
        .changes
        .people
        .iter()
        .find(|change| change.id == id)
        .expect("a change for that person")
}

#[test]
fn a_promotion_without_a_case_file_is_one_error_on_the_level_line() {
    let mut repo = base_repo();
    repo.write("ladders/people/bob.yml", &bob(3, 1));
    repo.commit("Promote Bob");
    let review = review_head(&repo, login("ada"));
    assert!(
        !review.read_everything,
        "a promotion reads only the lead line"
    );
    assert_eq!(
        person(&review, "bob").kinds,
        vec![ChangeKind::LevelUp { by: 1 }]
    );
    assert_eq!(codes(&review), vec![(Severity::Error, "case-missing")]);
    let location = review.findings[0].location.as_ref().expect("located");
    assert_eq!(location.file, "ladders/people/bob.yml");
    assert_eq!((location.pos.line, location.pos.column), (5, 8));
}

#[test]
fn a_promotion_with_its_case_file_needs_only_approvals() {
    let mut repo = base_repo();
    repo.write("ladders/people/bob.yml", &bob(3, 1));
    repo.write("ladders/cases/2026/bob-level-3.md", &case("bob", 3));
    repo.commit("Promote Bob, with his case");
    let review = review_head(&repo, login("grace"));
    // Ada both leads and directs Bob: one review of hers gives both, which the diff notes.
    assert_eq!(codes(&review), [(Severity::Notice, "approval-collapses")]);
    let approvals: Vec<(&str, Vec<&str>)> = review
        .approvals
        .iter()
        .map(|approval| {
            (
                approval.approver.as_str(),
                approval.who.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        approvals,
        vec![
            ("lead", vec!["ada"]),
            ("director", vec!["ada"]),
            ("acme/people", vec!["acme/people"])
        ]
    );
    let bob = person(&review, "bob");
    let (before, after) = (
        bob.before.as_ref().expect("before"),
        bob.after.as_ref().expect("after"),
    );
    assert_eq!(before.title.as_deref(), Some("Senior Engineer"));
    assert_eq!(after.title.as_deref(), Some("Staff Engineer"));
}

#[test]
fn a_case_file_for_another_level_does_not_count() {
    let mut repo = base_repo();
    repo.write("ladders/people/bob.yml", &bob(3, 1));
    repo.write("ladders/cases/2026/bob.md", &case("bob", 2));
    repo.commit("Promote Bob, wrong case");
    let review = review_head(&repo, login("ada"));
    assert_eq!(codes(&review), vec![(Severity::Error, "case-mismatch")]);
    assert_eq!(
        review.findings[0]
            .location
            .as_ref()
            .map(|l| (l.file.as_str(), l.pos.line)),
        Some(("ladders/cases/2026/bob.md", 3))
    );
}

#[test]
fn nobody_promotes_themself() {
    let mut repo = base_repo();
    repo.write("ladders/people/bob.yml", &bob(2, 4));
    repo.commit("Bob steps himself up");
    let review = review_head(&repo, login("bob"));
    assert_eq!(codes(&review), vec![(Severity::Error, "self-promotion")]);
    // Only the step moved, so the finding points at the step line, not the level above it.
    assert_eq!(
        review.findings[0]
            .location
            .as_ref()
            .map(|l| (l.pos.line, l.pos.column)),
        Some((6, 7))
    );
}

#[test]
fn a_report_does_not_promote_their_own_lead() {
    let mut repo = base_repo();
    repo.write("ladders/people/bob.yml", &bob(2, 4));
    repo.commit("Cy steps Bob up");
    let review = review_head(&repo, login("cy"));
    // Cy is outside the lead line above Bob: her placement is found by its text, not by
    // reading everyone.
    assert!(!review.read_everything);
    assert!(review.base.person("cy").is_some());
    assert_eq!(codes(&review), vec![(Severity::Error, "promotes-own-lead")]);
    assert!(review.findings[0].message.contains("their own lead"));
}

#[test]
fn placements_in_team_folders_are_found_from_the_base_facts_as_from_a_walk() {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    for id in ["ada", "bob", "cy"] {
        let from = repo.ladders().join(format!("people/{id}.yml"));
        let text = std::fs::read_to_string(&from).expect("fixture");
        std::fs::remove_file(&from).expect("moved");
        repo.write(&format!("ladders/people/eng/{id}.yml"), &text);
    }
    repo.commit("Placements by team");
    let text = std::fs::read_to_string(repo.ladders().join("people/eng/bob.yml")).expect("bob");
    repo.write(
        "ladders/people/eng/bob.yml",
        &text.replace("step: 3", "step: 4"),
    );
    repo.commit("Cy steps Bob up");
    // Bob's lead and Cy are found in the base's facts (and by a walk without them): the
    // lead line reaches Ada, and Cy is the author who reports to Bob.
    let review = review_head(&repo, login("cy"));
    assert!(!review.read_everything);
    assert!(review.base.person("ada").is_some() && review.base.person("cy").is_some());
    assert_eq!(codes(&review), vec![(Severity::Error, "promotes-own-lead")]);
}

#[test]
fn an_author_in_a_folder_whose_name_holds_a_control_character_is_still_found() {
    let mut repo = base_repo();
    let from = repo.ladders().join("people/cy.yml");
    let text = std::fs::read_to_string(&from).expect("fixture");
    std::fs::remove_file(&from).expect("moved");
    repo.write("ladders/people/ops\tteam/cy.yml", &text);
    repo.commit("Cy in a folder with a tab in its name");
    repo.write("ladders/people/bob.yml", &bob(2, 4));
    repo.commit("Cy steps Bob up");
    // The facts show the path escaped; the tree knows it raw. Both ways find Cy.
    let review = review_head(&repo, login("cy"));
    assert_eq!(codes(&review), vec![(Severity::Error, "promotes-own-lead")]);
}

#[test]
fn a_login_spelled_with_escapes_is_still_the_author() {
    let mut repo = base_repo();
    // `\x63y` is `cy` once the YAML is read; a search for the text "cy" would not find it.
    repo.write(
        "ladders/people/cy.yml",
        &placement("Grace Hopper", "\"\\x63Y\"", "maker", 1, 2, "bob"),
    );
    repo.commit("Cy's login, escaped");
    repo.write("ladders/people/bob.yml", &bob(2, 4));
    repo.commit("Cy steps Bob up");
    let review = review_head(&repo, login("cy"));
    assert_eq!(codes(&review), vec![(Severity::Error, "promotes-own-lead")]);
}

#[test]
fn an_author_nobody_is_placed_as_is_judged_without_reading_everyone() {
    let mut repo = base_repo();
    repo.write("ladders/people/bob.yml", &bob(2, 4));
    repo.commit("A stranger steps Bob up");
    let review = review_head(&repo, login("stranger"));
    assert!(!review.read_everything);
    assert_eq!(codes(&review), vec![]);
}

#[test]
fn the_commit_author_is_matched_by_email_when_no_login_is_given() {
    let mut repo = base_repo();
    repo.write(
        "ladders/people/bob.yml",
        &format!("{}email: bob@example.com\n", bob(2, 3)),
    );
    repo.commit("Bob's email");
    repo.write(
        "ladders/people/bob.yml",
        &format!("{}email: bob@example.com\n", bob(2, 4)),
    );
    repo.commit_as("Bob Babbage", "BOB@example.com", "A step for me");
    let review = review_head(&repo, None);
    assert_eq!(codes(&review), vec![(Severity::Error, "self-promotion")]);
}

#[test]
fn a_two_level_jump_is_an_error_and_two_steps_a_notice() {
    let mut repo = base_repo();
    repo.write(
        "ladders/people/cy.yml",
        &placement("Cy Hopper", "cy", "maker", 3, 1, "bob"),
    );
    repo.write("ladders/people/bob.yml", &bob(2, 1));
    repo.write("ladders/cases/cy.md", &case("cy", 3));
    repo.commit("Cy jumps");
    let review = review_head(&repo, login("ada"));
    assert_eq!(
        person(&review, "cy").kinds,
        vec![ChangeKind::LevelUp { by: 2 }]
    );
    assert_eq!(
        person(&review, "bob").kinds,
        vec![ChangeKind::StepDown { by: 2 }]
    );
    assert_eq!(
        codes(&review),
        vec![
            (Severity::Notice, "demotion"),
            (Severity::Error, "level-jump")
        ]
    );
}

#[test]
fn a_step_jump_beyond_the_policy_is_an_error() {
    let mut repo = base_repo();
    repo.write(
        "ladders/people/cy.yml",
        &placement("Cy Hopper", "cy", "maker", 1, 4, "bob"),
    );
    repo.write("ladders/people/bob.yml", &bob(2, 4));
    repo.commit("Steps");
    let review = review_head(&repo, login("ada"));
    assert_eq!(
        person(&review, "cy").kinds,
        vec![ChangeKind::StepUp { by: 2 }]
    );
    assert_eq!(codes(&review), vec![(Severity::Notice, "multi-step")]);
    let mut repo = base_repo();
    repo.write(
        "ladders/people/cy.yml",
        &placement("Cy Hopper", "cy", "maker", 1, 4, "bob"),
    );
    repo.commit("More");
    let policy = std::fs::read_to_string(repo.ladders().join("framework.yml")).expect("read");
    repo.write(
        "ladders/framework.yml",
        &policy.replace("policy:\n", "policy:\n  max_step_jump: 1\n"),
    );
    repo.commit("Tighten the policy");
    repo.write(
        "ladders/people/cy.yml",
        &placement("Cy Hopper", "cy", "maker", 2, 1, "bob"),
    );
    repo.commit("Back");
    repo.write(
        "ladders/people/cy.yml",
        &placement("Cy Hopper", "cy", "maker", 2, 3, "bob"),
    );
    repo.commit("Two steps under a one-step policy");
    let review = review_head(&repo, login("ada"));
    assert_eq!(codes(&review), vec![(Severity::Error, "step-jump")]);
}

#[test]
fn a_track_switch_keeps_both_positions_and_needs_a_case() {
    let mut repo = base_repo();
    repo.write(
        "ladders/people/bob.yml",
        &placement("Bob Babbage", "bob", "manager", 1, 1, "ada"),
    );
    repo.write(
        "ladders/cases/bob-manager.md",
        "---\nperson: bob\ntrack: manager\nlevel: 1\n---\nBob leads now.\n",
    );
    repo.commit("Bob becomes a manager");
    let review = review_head(&repo, login("ada"));
    let bob = person(&review, "bob");
    assert_eq!(
        bob.kinds,
        vec![ChangeKind::TrackSwitch {
            from: "maker".into(),
            to: "manager".into(),
            grades: None,
        }]
    );
    assert_eq!(
        bob.before.as_ref().map(|p| p.short()),
        Some("maker L2 S3".into())
    );
    assert_eq!(
        bob.after.as_ref().map(|p| p.short()),
        Some("manager L1 S1".into())
    );
    // The head is checked as a whole head is: Bob's merged case for maker level 3, which names
    // no track, is now read on his new track, as `ladder check` reads it after the merge.
    assert_eq!(codes(&review), vec![(Severity::Error, "unknown-level")]);
    assert_eq!(
        review.findings[0]
            .location
            .as_ref()
            .map(|l| l.file.as_str()),
        Some("ladders/cases/bob-level-3.md")
    );
}

#[test]
fn a_renamed_file_is_one_person_not_a_departure_and_a_hire() {
    let mut repo = base_repo();
    repo.remove("ladders/people/bob.yml");
    repo.write(
        "ladders/people/robert.yml",
        &placement("Robert Babbage", "bob", "maker", 2, 3, "ada"),
    );
    repo.write(
        "ladders/people/cy.yml",
        &placement("Cy Hopper", "cy", "maker", 1, 2, "robert"),
    );
    repo.write("ladders/cases/bob-level-3.md", &case("robert", 3));
    repo.commit("Bob is Robert now");
    let review = review_head(&repo, login("ada"));
    assert_eq!(
        review.changes.people.len(),
        2,
        "{:?}",
        review.changes.people
    );
    let robert = person(&review, "robert");
    assert_eq!(
        robert.kinds,
        vec![
            ChangeKind::Rename {
                from_id: "bob".into(),
                from_file: "ladders/people/bob.yml".into()
            },
            ChangeKind::Identity {
                field: "name".into(),
                from: Some("Bob Babbage".into()),
                to: Some("Robert Babbage".into())
            }
        ]
    );
    assert_eq!(
        person(&review, "cy").kinds,
        vec![ChangeKind::LeadChange {
            from: Some("bob".into()),
            to: Some("robert".into())
        }]
    );
    assert_eq!(codes(&review), Vec::new());
}

#[test]
fn a_file_moved_to_a_folder_keeps_its_person() {
    let mut repo = base_repo();
    repo.remove("ladders/people/cy.yml");
    repo.write(
        "ladders/people/eng/cy.yml",
        &placement("Cy Hopper", "cy", "maker", 1, 3, "bob"),
    );
    repo.commit("Folders");
    let review = review_head(&repo, login("ada"));
    assert_eq!(review.changes.people.len(), 1);
    let cy = person(&review, "cy");
    assert_eq!(cy.kinds, vec![ChangeKind::StepUp { by: 1 }]);
    assert_eq!(cy.file, "ladders/people/eng/cy.yml");
}

#[test]
fn hires_departures_transfers_and_several_kinds_in_one_file() {
    let mut repo = base_repo();
    repo.write(
        "ladders/teams/ops.yml",
        "name: Operations\ndirector: ada\ntitles:\n  maker: [Operator, Senior Operator, Lead Operator]\n",
    );
    repo.commit("Add operations");
    repo.write(
        "ladders/people/dee.yml",
        &placement("Dee Dijkstra", "dee", "maker", 1, 1, "bob"),
    );
    repo.remove("ladders/people/cy.yml");
    repo.write(
        "ladders/people/bob.yml",
        "name: Bob Babbage\ngithub: bob\nteam: ops\ntrack: maker\nlevel: 2\nstep: 4\nlead:\n",
    );
    repo.commit("Dee joins, Cy leaves, Bob moves to ops and up a step");
    let review = review_head(&repo, login("ada"));
    assert!(review.read_everything);
    assert_eq!(person(&review, "dee").kinds, vec![ChangeKind::Hire]);
    assert_eq!(person(&review, "cy").kinds, vec![ChangeKind::Departure]);
    assert_eq!(
        person(&review, "bob").kinds,
        vec![
            ChangeKind::StepUp { by: 1 },
            ChangeKind::TeamTransfer {
                from: "eng".into(),
                to: "ops".into()
            },
            ChangeKind::LeadChange {
                from: Some("ada".into()),
                to: None
            },
        ]
    );
    let rules: Vec<(&str, &str)> = review
        .approvals
        .iter()
        .map(|approval| (approval.rule.as_str(), approval.approver.as_str()))
        .collect();
    assert!(rules.contains(&("step", "director")), "{rules:?}");
    assert!(rules.contains(&("lead", "acme/people")), "{rules:?}");
    // Bob without a lead is a second top beside Ada, the director.
    assert_eq!(codes(&review), vec![(Severity::Error, "no-lead")]);
}

#[test]
fn a_departure_that_leaves_reports_without_a_lead_is_an_error() {
    let mut repo = base_repo();
    repo.remove("ladders/people/bob.yml");
    repo.commit("Bob leaves");
    let review = review_head(&repo, login("ada"));
    assert_eq!(person(&review, "bob").kinds, vec![ChangeKind::Departure]);
    let found: Vec<_> = review
        .findings
        .iter()
        .map(|finding| {
            (
                finding.code,
                finding.location.as_ref().map(|l| l.file.as_str()),
            )
        })
        .collect();
    assert!(
        found.contains(&("unknown-person", Some("ladders/people/cy.yml"))),
        "{found:?}"
    );
}

fn with_maker_level_three(repo: &mut Repo) {
    for (id, name) in [
        ("dee", "Dee Dijkstra"),
        ("eve", "Eve Euler"),
        ("fay", "Fay Fermat"),
    ] {
        repo.write(
            &format!("ladders/people/{id}.yml"),
            &placement(name, id, "maker", 3, 2, "ada"),
        );
    }
    repo.commit("Three staff engineers");
}

#[test]
fn a_framework_edit_that_strands_three_people_names_them() {
    let mut repo = base_repo();
    with_maker_level_three(&mut repo);
    let framework = std::fs::read_to_string(repo.ladders().join("framework.yml")).expect("read");
    let cut = framework
        .replace("      - level: 3\n        summary: Shapes the team.\n        expectations: {scope: The team, ownership: A system}\n", "")
        .replace("summary: Delivers features.", "summary: Delivers whole features.");
    assert_ne!(cut, framework);
    repo.write("ladders/framework.yml", &cut);
    repo.write(
        "ladders/teams/eng.yml",
        "name: Engineering\ndirector: ada\ntitles:\n  maker: [Engineer, Engineer II]\n  manager: [Engineering Manager, Director]\n",
    );
    repo.commit("Drop maker level 3");
    let review = review_head(&repo, login("ada"));
    let edits = &review.changes.framework;
    assert!(
        edits.contains(&FrameworkEdit::LevelRemoved {
            track: "maker".into(),
            level: 3
        }),
        "{edits:?}"
    );
    assert!(
        edits.iter().any(
            |edit| matches!(edit, FrameworkEdit::Reworded { field, .. } if field == "summary")
        )
    );
    assert!(edits.contains(&FrameworkEdit::TitleChanged {
        team: "eng".into(),
        track: "maker".into(),
        level: 2,
        from: Some("Senior Engineer".into()),
        to: Some("Engineer II".into()),
        people: vec!["bob".into()],
    }));
    let strands = review
        .findings
        .iter()
        .find(|finding| finding.code == "framework-strands")
        .expect("stranded people");
    assert_eq!(
        strands.message,
        "this framework edit leaves 3 teammates without a valid position: dee, eve, fay"
    );
    let unknown_level: Vec<&str> = review
        .findings
        .iter()
        .filter(|finding| finding.code == "unknown-level")
        .filter_map(|finding| {
            finding
                .location
                .as_ref()
                .map(|location| location.file.as_str())
        })
        .collect();
    // The three placements, and the case file arguing for the level that is gone.
    assert_eq!(
        unknown_level,
        [
            "ladders/cases/bob-level-3.md",
            "ladders/people/dee.yml",
            "ladders/people/eve.yml",
            "ladders/people/fay.yml"
        ]
    );
    assert!(
        review
            .approvals
            .iter()
            .any(|approval| approval.rule == "framework")
    );
}

#[test]
fn a_policy_loosened_in_the_head_does_not_judge_its_own_change() {
    let mut repo = base_repo();
    let framework = std::fs::read_to_string(repo.ladders().join("framework.yml")).expect("read");
    repo.write(
        "ladders/framework.yml",
        &framework.replace(
            "policy:\n",
            "policy:\n  max_level_jump: 3\n  case_file_required: false\n",
        ),
    );
    repo.write(
        "ladders/people/cy.yml",
        &placement("Cy Hopper", "cy", "maker", 3, 1, "bob"),
    );
    repo.commit("Loosen the policy and jump Cy two levels");
    let review = review_head(&repo, login("ada"));
    assert_eq!(
        codes(&review),
        vec![
            (Severity::Warning, "policy-edit"),
            (Severity::Error, "case-missing"),
            (Severity::Error, "level-jump"),
        ]
    );
    let edit = review
        .findings
        .iter()
        .find(|f| f.code == "policy-edit")
        .expect("policy edit");
    assert!(
        edit.message.contains("max_level_jump: 1 → 3"),
        "{}",
        edit.message
    );
    assert!(edit.message.contains("case_file_required: true → false"));
    assert!(
        review
            .approvals
            .iter()
            .any(|approval| approval.rule == "policy" && approval.who == ["acme/people"])
    );
}

#[test]
fn the_work_tree_and_the_committed_head_give_the_same_review() {
    let mut repo = base_repo();
    repo.write("ladders/people/bob.yml", &bob(3, 1));
    repo.write(
        "ladders/people/cy.yml",
        &placement("Cy Hopper", "cy", "maker", 1, 3, "bob"),
    );
    repo.commit("Promote Bob, step Cy");
    let committed = review_head(&repo, login("ada"));
    let work_tree = review(
        &repo.repo,
        "ladders",
        "HEAD~1",
        Head::WorkTree(&repo.ladders()),
        login("ada"),
    )
    .expect("review");
    assert!(!committed.read_everything);
    assert!(work_tree.read_everything);
    assert_eq!(committed.changes.people, work_tree.changes.people);
    assert_eq!(committed.findings, work_tree.findings);
    assert_eq!(committed.approvals, work_tree.approvals);
}

#[test]
fn the_markdown_comment_of_a_mixed_change() {
    let mut repo = base_repo();
    with_maker_level_three(&mut repo);
    repo.write("ladders/people/bob.yml", &bob(3, 1));
    repo.write(
        "ladders/people/cy.yml",
        &placement("Cy Hopper", "cy", "maker", 1, 4, "bob"),
    );
    repo.write("ladders/cases/2026/bob.md", &case("bob", 3));
    repo.write(
        "ladders/people/dee.yml",
        &placement("Dee <script>", "dee", "maker", 1, 1, "bob"),
    );
    let teams = std::fs::read_to_string(repo.ladders().join("teams/eng.yml")).expect("read");
    repo.write(
        "ladders/teams/eng.yml",
        &teams.replace("Staff Engineer", "Staff Engineer I"),
    );
    repo.commit("Calibration");
    let review = review_head(&repo, login("ada"));
    insta::assert_snapshot!(ladder::report::review::render_markdown(&review));
}

/// Who may satisfy each approval the review asks for, as `rule: who, who`.
fn approvers(review: &Review) -> Vec<String> {
    review
        .approvals
        .iter()
        .map(|approval| format!("{}: {}", approval.approver, approval.who.join(", ")))
        .collect()
}

#[test]
fn a_promotion_that_also_moves_the_person_to_a_friendlier_lead_needs_the_lead_they_had() {
    let mut repo = base_repo();
    // Cy reports to Bob; the change moves Cy under Ada and promotes them in one commit.
    repo.write(
        "ladders/people/cy.yml",
        &placement("Cy Hopper", "cy", "maker", 2, 1, "ada"),
    );
    repo.write("ladders/cases/cy.md", &case("cy", 2));
    repo.commit("Cy moves to Ada and up a level");
    let review = review_head(&repo, login("ada"));
    assert!(
        approvers(&review).contains(&"lead: bob".to_string()),
        "the base's lead approves: {:?}",
        approvers(&review)
    );
    assert!(!approvers(&review).contains(&"lead: ada".to_string()));
}

#[test]
fn a_placement_that_claims_another_login_still_counts_as_the_authors_own() {
    let mut repo = base_repo();
    // Bob steps himself up and, in the same change, writes Ada's login into his own file.
    repo.write(
        "ladders/people/bob.yml",
        &placement("Bob Babbage", "ada", "maker", 2, 4, "ada"),
    );
    repo.commit("Bob steps up");
    let review = review_head(&repo, login("bob"));
    assert!(
        codes(&review).contains(&(Severity::Error, "self-promotion")),
        "{:?}",
        codes(&review)
    );
    assert!(
        codes(&review).contains(&(Severity::Error, "duplicate-login")),
        "two files now claim `ada`: {:?}",
        codes(&review)
    );
}

#[test]
fn a_lead_whose_login_is_rewritten_in_the_change_is_still_asked_under_the_old_one() {
    let mut repo = base_repo();
    // Cy promotes Bob and points Ada's placement at Cy's own GitHub account, hoping to approve
    // as the lead.
    repo.write("ladders/people/bob.yml", &bob(3, 1));
    repo.write("ladders/cases/bob.md", &case("bob", 3));
    repo.write(
        "ladders/people/ada.yml",
        "name: Ada Lovelace\ngithub: cy-alt\nteam: eng\ntrack: manager\nlevel: 2\nstep: 1\nlead:\n",
    );
    repo.commit("Promote Bob");
    let review = review_head(&repo, login("cy"));
    let asked = approvers(&review);
    assert!(asked.contains(&"lead: ada".to_string()), "{asked:?}");
    assert!(!asked.iter().any(|who| who.contains("cy-alt")), "{asked:?}");
}

#[test]
fn a_case_file_naming_someone_else_is_not_evidence() {
    let mut repo = base_repo();
    // Cy's promotion arrives with a case file named for Cy that argues for Bob.
    repo.write(
        "ladders/people/cy.yml",
        &placement("Cy Hopper", "cy", "maker", 2, 1, "bob"),
    );
    repo.write("ladders/cases/cy-level-2.md", &case("bob", 2));
    repo.commit("Promote Cy");
    let review = review_head(&repo, login("ada"));
    assert!(
        codes(&review).contains(&(Severity::Error, "case-missing")),
        "{:?}",
        codes(&review)
    );
}

#[test]
fn names_that_carry_markup_or_mentions_reach_the_comment_as_plain_text() {
    let mut repo = base_repo();
    repo.write(
        "ladders/people/bob.yml",
        &placement(
            "\"@acme/everyone | <img src=x onerror=alert(1)> [click](https://evil.example) **Bob**\"",
            "bob",
            "maker",
            2,
            4,
            "ada",
        ),
    );
    repo.commit("Step Bob up");
    let review = review_head(&repo, login("ada"));
    let comment = ladder::report::review::render_markdown(&review);
    let row = comment
        .lines()
        .find(|line| line.contains("acme/everyone"))
        .expect("Bob's row");
    assert!(row.contains(r"\@acme/everyone"), "{row}");
    assert!(row.contains(r"\<img src=x onerror=alert(1)\>"), "{row}");
    assert!(row.contains(r"\[click\](https://evil.example)"), "{row}");
    assert!(row.contains(r"\*\*Bob\*\*"), "{row}");
    // The name's pipe does not add a column: the row has as many cells as the header.
    let header = comment
        .lines()
        .find(|line| line.starts_with("| Who"))
        .or_else(|| comment.lines().find(|line| line.starts_with('|')))
        .expect("header");
    let cells = |line: &str| line.replace(r"\|", "").matches('|').count();
    assert_eq!(cells(row), cells(header), "{row}\n{header}");
}

#[test]
fn a_lead_emptied_below_the_top_is_an_error_and_still_needs_its_approval() {
    let mut repo = base_repo();
    repo.write(
        "ladders/people/bob.yml",
        &placement("Bob Babbage", "bob", "maker", 2, 3, ""),
    );
    repo.commit("Bob has no lead");
    let review = review_head(&repo, login("cy"));
    assert_eq!(codes(&review), vec![(Severity::Error, "no-lead")]);
    let finding = &review.findings[0];
    assert_eq!(
        finding
            .location
            .as_ref()
            .map(|l| (l.file.as_str(), l.pos.line)),
        Some(("ladders/people/bob.yml", 7))
    );
    assert!(
        finding.message.contains("that is `ada` (Ada Lovelace)"),
        "{}",
        finding.message
    );
    assert!(
        review
            .approvals
            .iter()
            .any(|approval| approval.rule == "lead"),
        "{:?}",
        review.approvals
    );
}

#[test]
fn a_lead_key_deleted_below_the_top_is_an_error_too() {
    let mut repo = base_repo();
    repo.write(
        "ladders/people/cy.yml",
        "name: Cy Hopper\ngithub: cy\nteam: eng\ntrack: maker\nlevel: 1\nstep: 2\n",
    );
    repo.commit("Cy's lead line is gone");
    let review = review_head(&repo, login("bob"));
    assert_eq!(codes(&review), vec![(Severity::Error, "no-lead")]);
    assert!(review.findings[0].message.starts_with("no `lead:`"));
}
