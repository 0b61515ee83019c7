//! A factor's scale and the milestone a level requires on it (issue 27): both shapes of a
//! milestone read, a level's `{milestone: N}` shown by name in compare and export, and a
//! placement or a promotion whose assessment stays below its level's requirement reported.

mod support;

use std::path::Path;

use ladder::finding::Severity;
use ladder::policy::Author;
use ladder::review::{Head, review};
use ladder::snapshot::load_dir;
use support::{edit, ladder, ladder_in, repo_with};

const EXAMPLE: &str = "examples/engineering-ladders/ladders";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_milestone_is_a_sentence_or_a_named_point_and_a_level_requires_one() {
    let snowflake =
        load_dir(&root().join("examples/snowflake/ladders"), "snowflake").expect("load");
    let framework = &snowflake.framework.as_ref().expect("framework").value;
    let mobile = framework.factor("mobile").expect("mobile");
    let first = mobile.milestone(1).expect("first");
    assert_eq!(first.name, None);
    assert_eq!(
        first.description.as_deref(),
        Some("Works well within what exists for native mobile engineering.")
    );
    assert_eq!(mobile.milestone(6), None);

    let ladders = load_dir(&root().join(EXAMPLE), "ladders").expect("load");
    let framework = &ladders.framework.as_ref().expect("framework").value;
    let technology = framework.factor("technology").expect("technology");
    assert_eq!(
        technology.milestone(3).and_then(|p| p.name.as_deref()),
        Some("Evangelizes")
    );
    assert_eq!(technology.milestone(1).map(|p| p.behaviours.len()), Some(2));
    let (track, level) = framework.find("TL4").expect("TL4");
    let view = framework.view(track, level, None);
    let required: Vec<(&str, u32)> = view
        .required()
        .map(|(factor, point)| (factor.id.value.as_str(), point))
        .collect();
    assert_eq!(
        required,
        [
            ("technology", 2),
            ("system", 3),
            ("people", 4),
            ("process", 4),
            ("influence", 1)
        ]
    );
    // Words beside the milestone are kept as the level's criteria.
    let (track, level) = framework.find("D7").expect("D7");
    let influence = &level.expectations["influence"].value;
    assert_eq!(influence.milestone.as_ref().map(|p| p.value), Some(5));
    assert_eq!(influence.criteria.len(), 1);
    let resolved = framework
        .expectation(None, track, level, "influence")
        .expect("resolves")
        .expect("said");
    assert_eq!(resolved.lines()[0], "Milestone 5 of 5 (Community)");
    assert_eq!(resolved.lines().len(), 2);
}

#[test]
fn a_promotion_whose_assessment_stays_below_the_new_level_is_a_finding() {
    let mut repo = repo_with(EXAMPLE);
    repo.advance(200);
    edit(
        &repo,
        "ladders/people/noor-haddad.yml",
        "level: D1",
        "level: D2",
    );
    repo.write(
        "ladders/cases/noor-haddad.md",
        "---\nperson: noor-haddad\nlevel: D2\n---\nNoor shipped the import flow on her own.\n",
    );
    repo.commit("Promote Noor (#9)");
    let review_head = || {
        review(
            &repo.repo,
            "ladders",
            "HEAD~1",
            Head::Revision("HEAD"),
            Some(Author {
                login: Some("someone-else".into()),
                ..Author::default()
            }),
        )
        .expect("review")
    };
    let judged = review_head();
    let found: Vec<&str> = judged
        .findings
        .iter()
        .filter(|finding| finding.code == "promoted-below-milestone")
        .map(|finding| finding.message.as_str())
        .collect();
    assert_eq!(
        found,
        [
            "Noor Haddad (noor-haddad) moves to D2 of track `developer`, but their assessment does not reach what it requires: `system` at milestone 1 of 5 (Enhances) of the milestone 2 of 5 (Designs) required; `people` at milestone 1 of 5 (Learns) of the milestone 2 of 5 (Supports) required; `process` at milestone 1 of 5 (Follows) of the milestone 2 of 5 (Enforces) required"
        ]
    );
    assert!(
        judged
            .findings
            .iter()
            .all(|finding| finding.code != "promoted-below-milestone"
                || finding.severity == Severity::Warning)
    );
    let (_, text) = ladder(&repo, &["diff", "HEAD~1", "HEAD", "--no-pace"]);
    assert!(text.contains("warning[promoted-below-milestone]"), "{text}");
    let (code, text) = ladder(&repo, &["check"]);
    assert_eq!(code, 0, "a warning does not fail the check: {text}");
    assert_eq!(
        text.matches("warning[assessment-below-level]").count(),
        3,
        "{text}"
    );

    // The same promotion with the assessment raised to the new level passes quietly.
    let mut repo = repo_with(EXAMPLE);
    repo.advance(200);
    edit(
        &repo,
        "ladders/people/noor-haddad.yml",
        "level: D1",
        "level: D2",
    );
    for factor in ["system", "people", "process"] {
        edit(
            &repo,
            "ladders/people/noor-haddad.yml",
            &format!("  {factor}: 1"),
            &format!("  {factor}: 2"),
        );
    }
    repo.write(
        "ladders/cases/noor-haddad.md",
        "---\nperson: noor-haddad\nlevel: D2\n---\nNoor shipped the import flow on her own.\n",
    );
    repo.commit("Promote Noor (#9)");
    let (_, text) = ladder(&repo, &["diff", "HEAD~1", "HEAD", "--no-pace"]);
    assert!(!text.contains("promoted-below-milestone"), "{text}");
    let (code, text) = ladder(&repo, &["check"]);
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains("warning"), "{text}");
}

#[test]
fn compare_and_export_name_the_scale_and_the_required_milestone() {
    let dir = root().join(EXAMPLE);
    let dir = dir.to_str().expect("path");
    let (code, text) = ladder_in(root(), &["compare", "D3", "D4", "--dir", dir]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains(
            "Technology (technology)\n  How deep and wide a person's command of the tools and languages the team builds with goes.\n  scale: 1 Adopts · 2 Specializes · 3 Evangelizes · 4 Masters · 5 Creates\n  developer/D3: Milestone 2 of 5 (Specializes)\n  developer/D4: Milestone 3 of 5 (Evangelizes)\n"
        ),
        "{text}"
    );
    let (_, text) = ladder_in(
        root(),
        &["compare", "D3", "D4", "--dir", dir, "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(
        json["factors"][0]["scale"][2],
        "3 Evangelizes: Brings promising tools to the team, tries them out first and helps others take them up."
    );
    assert_eq!(
        json["factors"][0]["right"][0],
        "Milestone 3 of 5 (Evangelizes)"
    );

    let (code, text) = ladder_in(root(), &["export", "--format", "json", "--dir", dir]);
    assert_eq!(code, 0, "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    let row = json["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|row| row["level_id"] == "TL4" && row["factor"] == "people")
        .expect("TL4 people");
    assert_eq!(row["milestone"], "4");
    assert_eq!(row["milestone_name"], "Coordinates");
    assert_eq!(
        row["factor_description"],
        "How a person works with and for the people around them."
    );
    assert!(
        row["scale"]
            .as_str()
            .expect("scale")
            .starts_with("1 Learns: "),
        "{row}"
    );
    let (_, csv) = ladder_in(root(), &["export", "--dir", dir]);
    assert!(
        csv.lines()
            .next()
            .expect("header")
            .ends_with(",expectation,factor_description,milestone,milestone_name,scale"),
        "{csv}"
    );
}

#[test]
fn raising_a_levels_required_milestone_is_a_framework_edit_the_diff_names() {
    let mut repo = repo_with(EXAMPLE);
    repo.advance(30);
    edit(
        &repo,
        "ladders/framework.yml",
        "        id: D2\n        name: Developer 2\n        summary: Delivers features on their own and keeps the team's process going.\n        expectations:\n          technology: {milestone: 1}",
        "        id: D2\n        name: Developer 2\n        summary: Delivers features on their own and keeps the team's process going.\n        expectations:\n          technology: {milestone: 2}",
    );
    repo.commit("Ask more of D2 on technology (#11)");
    let (_, text) = ladder(&repo, &["diff", "HEAD~1", "HEAD", "--no-pace"]);
    assert!(
        text.contains("developer level 2 expectations.technology reworded: “milestone [-1-]{+2+}”"),
        "{text}"
    );
    // Lucas is at D2 with technology 2: still meets it; nobody is below, so check stays quiet.
    let (code, text) = ladder(&repo, &["check"]);
    assert_eq!(code, 0, "{text}");
}

#[test]
fn a_level_that_follows_another_requires_its_milestone_and_says_where_from() {
    let repo = repo_with(EXAMPLE);
    edit(
        &repo,
        "ladders/framework.yml",
        "          technology: {milestone: 5}\n          system: {milestone: 5}\n          people: {milestone: 3}\n          process: {milestone: 4}\n          influence:\n            milestone: 5",
        "          technology: {milestone: 5}\n          system: {as: D6, plus: Sets the bar for systems outside the company too.}\n          people: {milestone: 3}\n          process: {milestone: 4}\n          influence:\n            milestone: 5",
    );
    let ladders = load_dir(&repo.ladders(), "ladders").expect("load");
    let framework = &ladders.framework.as_ref().expect("framework").value;
    let (track, level) = framework.find("D7").expect("D7");
    let view = framework.view(track, level, None);
    assert!(
        view.required()
            .any(|(f, point)| *f.id == "system" && point == 5)
    );
    let resolved = framework
        .expectation(None, track, level, "system")
        .expect("resolves")
        .expect("said");
    assert_eq!(
        resolved.lines(),
        [
            "Milestone 5 of 5 (Leads)",
            "Sets the bar for systems outside the company too."
        ]
    );
    assert_eq!(resolved.origins(track, 7), [Some("D6".to_string()), None]);
    // Compare shows the point as D6's; export keeps it in its own columns.
    let (code, text) = ladder(&repo, &["compare", "D6", "D7"]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("Milestone 5 of 5 (Leads) (from D6)"),
        "{text}"
    );
    let (code, csv) = ladder(&repo, &["export", "--what", "framework"]);
    assert_eq!(code, 0, "{csv}");
    let row = csv
        .lines()
        .find(|line| line.starts_with("developer,7,D7,") && line.contains(",system,"))
        .expect("D7 system row");
    assert!(
        row.contains("Sets the bar for systems outside the company too."),
        "{row}"
    );
    assert!(!row.contains("Milestone 5 of 5"), "{row}");

    // `as:` and `milestone:` together are refused where written.
    edit(
        &repo,
        "ladders/framework.yml",
        "system: {as: D6, plus:",
        "system: {as: D6, milestone: 5, plus:",
    );
    let (code, text) = ladder(&repo, &["check"]);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("an expectation written as a map is `{as: <level>}`"),
        "{text}"
    );
}
