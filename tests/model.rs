//! The framework model, version 2, on real repositories: the shipped ladders/ (shared grades,
//! team ranges, roles) and the four examples of public frameworks (no steps, labelled steps,
//! level ids, per-track factors, milestones, teams without a director). Each story commits a
//! tree, makes a change a user would make, and reads what check, diff, log and pace say.

mod support;

use std::path::Path;

use assert_cmd::Command;
use ladder::check::check_snapshot;
use ladder::diff::{ChangeKind, FrameworkEdit, PersonChange};
use ladder::finding::Severity;
use ladder::policy::Author;
use ladder::review::{Head, Review, review};
use ladder::snapshot::load_rev;
use support::{Repo, copy_dir, edit, ladder, repo_with};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn review_last(repo: &Repo, author: &str) -> Review {
    review(
        &repo.repo,
        "ladders",
        "HEAD~1",
        Head::Revision("HEAD"),
        Some(Author {
            login: Some(author.into()),
            ..Author::default()
        }),
    )
    .expect("review")
}

fn person<'a>(review: &'a Review, id: &str) -> &'a PersonChange {
    review
        .changes
        .people
        .iter()
        .find(|change| change.id == id)
        .unwrap_or_else(|| panic!("no change for {id}"))
}

fn codes(review: &Review, severity: Severity) -> Vec<&str> {
    review
        .findings
        .iter()
        .filter(|finding| finding.severity == severity)
        .map(|finding| finding.code)
        .collect()
}

#[test]
fn every_example_and_the_shipped_ladders_check_clean() {
    for folder in [
        "ladders",
        "examples/infracloud/ladders",
        "examples/dropbox/ladders",
        "examples/monzo/ladders",
        "examples/snowflake/ladders",
        "examples/engineering-ladders/ladders",
        "examples/ft-engineering/ladders",
    ] {
        let repo = repo_with(folder);
        let snapshot = load_rev(&repo.repo, "HEAD", "ladders").expect("load");
        let loud: Vec<String> = check_snapshot(&snapshot)
            .into_iter()
            .filter(|finding| finding.severity != Severity::Notice)
            .map(|finding| finding.message)
            .collect();
        assert_eq!(loud, Vec::<String>::new(), "{folder}");
    }
}

/// For each example, a change its users make, with what `diff` must say of it.
struct Story {
    folder: &'static str,
    file: &'static str,
    from: &'static str,
    to: &'static str,
    case: Option<(&'static str, &'static str)>,
    person: &'static str,
    kind: &'static str,
    words: &'static str,
}

#[test]
fn check_diff_log_and_pace_read_a_small_history_of_every_example() {
    let stories = [
        Story {
            folder: "examples/infracloud/ladders",
            file: "ladders/people/kabir-shah.yml",
            from: "level: 2",
            to: "level: 3",
            case: Some((
                "ladders/cases/kabir-shah.md",
                "---\nperson: kabir-shah\nlevel: 3\n---\nKabir led the billing rewrite.\n",
            )),
            person: "kabir-shah",
            kind: "level-up",
            words: "engineering L2 → product-engineering engineering L3",
        },
        Story {
            folder: "examples/dropbox/ladders",
            file: "ladders/people/maya-cohen.yml",
            from: "level: IC4",
            to: "level: IC5",
            case: Some((
                "ladders/cases/maya-cohen.md",
                "---\nperson: maya-cohen\nlevel: IC5\n---\nMaya set direction for sync.\n",
            )),
            person: "maya-cohen",
            kind: "level-up",
            words: "ic IC4 → software-engineering ic IC5",
        },
        Story {
            folder: "examples/monzo/ladders",
            file: "ladders/people/amy-scott.yml",
            from: "step: D",
            to: "step: E",
            case: None,
            person: "amy-scott",
            kind: "step-up",
            words: "backend L3 D → payments backend L3 E",
        },
        Story {
            folder: "examples/snowflake/ladders",
            file: "ladders/people/zoe-hill.yml",
            from: "  mobile: 2",
            to: "  mobile: 3",
            case: None,
            person: "zoe-hill",
            kind: "assessment",
            words: "mobile milestone 2 → 3",
        },
        Story {
            folder: "examples/engineering-ladders/ladders",
            file: "ladders/people/ada-obi.yml",
            from: "  influence: 2",
            to: "  influence: 3",
            case: None,
            person: "ada-obi",
            kind: "assessment",
            words: "influence milestone 2 → 3",
        },
        // Senior Engineer 2 has an individual-contributor and a people-manager variant at one
        // grade: a move between them is lateral and needs no case.
        Story {
            folder: "examples/ft-engineering/ladders",
            file: "ladders/people/kate-nolan.yml",
            from: "track: ic\nlevel: senior-2-ic",
            to: "track: pm\nlevel: senior-2-pm",
            case: None,
            person: "kate-nolan",
            kind: "track-switch",
            words: "switches track from ic to pm, same grade",
        },
    ];
    for story in stories {
        let mut repo = repo_with(story.folder);
        repo.advance(120);
        edit(&repo, story.file, story.from, story.to);
        if let Some((file, text)) = story.case {
            repo.write(file, text);
        }
        repo.commit(&format!("Move {} (#7)", story.person));

        let (code, text) = ladder(&repo, &["check"]);
        assert_eq!(code, 0, "{}: {text}", story.folder);

        let review = review_last(&repo, "someone-else");
        let change = person(&review, story.person);
        assert_eq!(
            change
                .kinds
                .iter()
                .map(ChangeKind::name)
                .collect::<Vec<_>>(),
            [story.kind],
            "{}",
            story.folder
        );
        assert_eq!(
            codes(&review, Severity::Error),
            Vec::<&str>::new(),
            "{}",
            story.folder
        );
        let (code, text) = ladder(&repo, &["diff", "HEAD~1", "HEAD", "--no-pace"]);
        assert_eq!(code, 0, "{}: {text}", story.folder);
        assert!(text.contains(story.words), "{}: {text}", story.folder);

        let (code, text) = ladder(&repo, &["log", story.person, "--format", "json"]);
        assert_eq!(code, 0);
        let events: serde_json::Value = serde_json::from_str(&text).expect("json");
        let kinds: Vec<&str> = events["events"]
            .as_array()
            .expect("events")
            .iter()
            .filter_map(|event| event["kind"].as_str())
            .collect();
        assert_eq!(kinds, [story.kind, "hire"], "{}", story.folder);

        let (code, text) = ladder(&repo, &["pace", "--as-of", "2026-06-30"]);
        assert_eq!(code, 0, "{}: {text}", story.folder);
        let stepless = matches!(
            story.folder,
            "examples/infracloud/ladders"
                | "examples/dropbox/ladders"
                | "examples/engineering-ladders/ladders"
                | "examples/ft-engineering/ladders"
        );
        assert_eq!(
            text.contains("framework has no steps"),
            stepless,
            "{}: {text}",
            story.folder
        );
        // A few months of moves on top of the placements' start dates: the org has too few moves
        // for any lead to be tested, and says so in one sentence with the counts.
        let moves = if matches!(story.kind, "assessment" | "track-switch") {
            "0 moves up"
        } else {
            "1 move up"
        };
        assert!(
            text.starts_with("Too few moves to test pace yet: from ")
                && text.contains(&format!("the whole org made {moves} in ")),
            "{}: {text}",
            story.folder
        );
        if story.folder == "examples/monzo/ladders" {
            assert!(
                text.contains("Only tracks with steps count for step-ups; left out: quality-analyst, customer-operations."),
                "{text}"
            );
        }
    }
}

#[test]
fn a_switch_to_the_manager_track_at_the_same_grade_is_lateral() {
    let mut repo = repo_with("ladders");
    // Finn is a Senior Engineer (maker level 4); managers start at level 4.
    edit(
        &repo,
        "ladders/people/engineering/finn-murphy.yml",
        "track: maker",
        "track: manager",
    );
    repo.commit("Finn moves to management (#21)");
    let review = review_last(&repo, "leomartins");
    let finn = person(&review, "finn-murphy");
    assert_eq!(
        finn.kinds,
        [ChangeKind::TrackSwitch {
            from: "maker".into(),
            to: "manager".into(),
            grades: Some(0),
        }]
    );
    assert_eq!(
        finn.kinds[0].describe(),
        "switches track from maker to manager, same grade"
    );
    // A lateral move argues for no promotion, so it needs no case file.
    assert_eq!(codes(&review, Severity::Error), Vec::<&str>::new());
    assert_eq!(
        finn.after.as_ref().and_then(|p| p.title.as_deref()),
        Some("Engineering Manager")
    );
}

#[test]
fn a_role_is_entered_only_from_its_entry_range() {
    let mut repo = repo_with("ladders");
    // Nia is Onboarding and Education Specialist I at level 2; Tech Hero is open to Hero III only.
    edit(
        &repo,
        "ladders/people/happiness/nia-johnson.yml",
        "role: onboarding",
        "role: tech-hero",
    );
    edit(
        &repo,
        "ladders/people/happiness/nia-johnson.yml",
        "level: 2",
        "level: 3",
    );
    repo.write(
        "ladders/cases/nia-johnson.md",
        "---\nperson: nia-johnson\nlevel: 3\n---\nNia runs the tooling rota.\n",
    );
    repo.commit("Nia becomes a Tech Hero (#30)");
    let review = review_last(&repo, "kenjiw");
    let nia = person(&review, "nia-johnson");
    assert_eq!(
        nia.kinds.iter().map(ChangeKind::name).collect::<Vec<_>>(),
        ["level-up", "role-change"]
    );
    let entry = review
        .findings
        .iter()
        .find(|finding| finding.code == "role-entry")
        .expect("role-entry");
    assert_eq!(
        entry.message,
        "Nia Johnson (nia-johnson) moves into role Tech Hero from maker level 2: the role is open from level 3 only"
    );
    assert_eq!(
        entry
            .location
            .as_ref()
            .map(|l| (l.file.as_str(), l.pos.line)),
        Some(("ladders/people/happiness/nia-johnson.yml", 8))
    );
    // A role change has its own approvers in the policy.
    assert!(
        review
            .approvals
            .iter()
            .any(|approval| approval.rule == "role")
    );
}

#[test]
fn a_hero_three_becomes_a_tech_hero_as_a_lateral_role_change() {
    let mut repo = repo_with("ladders");
    edit(
        &repo,
        "ladders/people/happiness/rosa-jimenez.yml",
        "role: onboarding",
        "role: tech-hero",
    );
    repo.commit("Rosa becomes a Tech Hero (#31)");
    let review = review_last(&repo, "kenjiw");
    let rosa = person(&review, "rosa-jimenez");
    assert_eq!(
        rosa.kinds,
        [ChangeKind::RoleChange {
            from: Some("onboarding".into()),
            to: Some("tech-hero".into()),
        }]
    );
    assert_eq!(codes(&review, Severity::Error), Vec::<&str>::new());
    assert_eq!(
        rosa.after.as_ref().and_then(|p| p.title.as_deref()),
        Some("Tech Hero")
    );
}

#[test]
fn narrowing_a_team_range_strands_its_people_and_the_head_check_says_where() {
    let mut repo = repo_with("examples/dropbox/ladders");
    edit(
        &repo,
        "ladders/teams/security.yml",
        "ic: {from: IC2, to: IC6}",
        "ic: {from: IC3, to: IC6}",
    );
    repo.commit("Security hires from IC3 (#40)");
    let review = review_last(&repo, "priyanandakumar");
    let range = review
        .changes
        .framework
        .iter()
        .find_map(|edit| match edit {
            FrameworkEdit::RangeChanged {
                team,
                from,
                to,
                stranded,
                ..
            } => Some((team.as_str(), from.as_str(), to.as_str(), stranded.clone())),
            _ => None,
        })
        .expect("range change");
    assert_eq!(
        range,
        (
            "security",
            "IC2 to IC6",
            "IC3 to IC6",
            vec!["eli-watts".to_string()]
        )
    );
    let stranded = review
        .findings
        .iter()
        .find(|finding| finding.code == "outside-team-range")
        .expect("outside-team-range");
    assert_eq!(
        stranded.message,
        "IC2 is outside team `security`'s range on track `ic`: the team uses IC3 to IC6"
    );
}

#[test]
fn a_stream_without_a_director_sends_director_approvals_to_the_fallback() {
    let mut repo = repo_with("examples/infracloud/ladders");
    edit(
        &repo,
        "ladders/people/sara-khan.yml",
        "level: 1",
        "level: 2",
    );
    repo.write(
        "ladders/cases/sara-khan.md",
        "---\nperson: sara-khan\nlevel: 2\n---\nSara owns the on-call tooling.\n",
    );
    repo.commit("Sara to SRE (#5)");
    let review = review_last(&repo, "rohandas");
    let director = review
        .approvals
        .iter()
        .find(|approval| approval.approver == "director")
        .expect("director approval");
    assert_eq!(director.who, ["infracloud/engineering-leadership"]);
    assert_eq!(director.problem, None);
    let sara = person(&review, "sara-khan");
    assert_eq!(
        sara.after.as_ref().and_then(|p| p.title.as_deref()),
        Some("SRE")
    );
}

#[test]
fn show_reads_ranges_career_levels_and_tenure_at_the_top() {
    let repo = repo_with("examples/dropbox/ladders");
    let (code, text) = ladder(&repo, &["show", "maya-cohen", "--as-of", "2026-06-30"]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("IC4 is a career level: people may stay here, nothing is past due"),
        "{text}"
    );
    let repo = repo_with("examples/infracloud/ladders");
    let (_, text) = ladder(&repo, &["show", "nikhil-rao", "--as-of", "2026-06-30"]);
    assert!(
        text.contains("typical tenure at level 5: 48 months; past it"),
        "{text}"
    );
    let (_, text) = ladder(&repo, &["show", "kabir-shah", "--as-of", "2026-01-15"]);
    assert!(
        text.contains("typical time to the next level: 12–24 months; within it"),
        "{text}"
    );
    assert!(!text.contains("in step"), "{text}");
    let repo = repo_with("examples/snowflake/ladders");
    let (_, text) = ladder(&repo, &["show", "zoe-hill", "--as-of", "2026-06-30"]);
    assert!(
        text.contains("  milestones: craft 2, initiative 1, mobile 2\n"),
        "{text}"
    );
}

#[test]
fn compare_puts_two_levels_side_by_side_across_tracks_and_teams() {
    let repo = repo_with("ladders");
    let (code, text) = ladder(
        &repo,
        &["compare", "maker/4", "manager/4", "--team", "engineering"],
    );
    assert_eq!(code, 0, "{text}");
    assert!(
        text.starts_with(
            "maker/4 (Senior Engineer, Leading)  →  manager/4 (Engineering Manager, Team lead)\n"
        ),
        "{text}"
    );
    assert!(text.contains("the same grade"), "{text}");
    let (_, text) = ladder(
        &repo,
        &[
            "compare",
            "maker/1",
            "maker/2",
            "--team",
            "marketing",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(json["left"]["focus"], "Learning");
    assert_eq!(json["right"]["focus"], "Shipping");
    assert_eq!(json["left"]["title"], "Marketer");
    let (code, text) = ladder(&repo, &["compare", "maker/9", "maker/3"]);
    assert_eq!(code, 2);
    assert!(text.is_empty());
    let repo = repo_with("examples/monzo/ladders");
    let (code, text) = ladder(
        &repo,
        &["compare", "backend/2", "backend/3", "--format", "markdown"],
    );
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("| Leadership | (does not apply, or says nothing) |"),
        "{text}"
    );
}

#[test]
fn a_level_id_on_several_tracks_asks_for_the_track_instead_of_suggesting_itself() {
    let repo = repo_with("examples/monzo/ladders");
    let framework = "ladders/framework.yml";
    let text = std::fs::read_to_string(repo.path().join(framework)).expect("read");
    // Level 2 of every track gets the id L2, as a framework numbering levels alike would.
    std::fs::write(
        repo.path().join(framework),
        text.replace("      - level: 2\n", "      - level: 2\n        id: L2\n"),
    )
    .expect("write");
    let output = Command::cargo_bin("ladder")
        .expect("binary")
        .current_dir(repo.path())
        .args(["compare", "L2", "backend/3"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    let error = String::from_utf8(output.stderr).expect("utf-8");
    assert_eq!(
        error,
        "error: level `L2` is on more than one track: name its track, as `backend/L2` or \
         `quality-analyst/L2` or `customer-operations/L2`\n"
    );
    let (code, text) = ladder(&repo, &["compare", "backend/L2", "backend/3"]);
    assert_eq!(code, 0, "{text}");
}

#[test]
fn titles_on_the_track_serve_every_team_that_gives_none_and_teams_override_them() {
    let repo = repo_with("examples/infracloud/ladders");
    let titles = [
        "Associate Engineer",
        "Engineer",
        "Senior Engineer",
        "Staff Engineer",
        "Principal Engineer",
    ];
    for (number, title) in titles.iter().enumerate() {
        let level = number + 1;
        edit(
            &repo,
            "ladders/framework.yml",
            &format!("      - level: {level}\n"),
            &format!("      - level: {level}\n        title: {title}\n"),
        );
    }
    edit(
        &repo,
        "ladders/teams/product-engineering.yml",
        "titles:\n  engineering: [Associate Engineer, Engineer, Senior Engineer, Staff Engineer, Principal Engineer]\n",
        "",
    );
    let (code, text) = ladder(&repo, &["check"]);
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains("missing-title"), "{text}");
    let (code, text) = ladder(&repo, &["export", "--what", "people", "--format", "json"]);
    assert_eq!(code, 0, "{text}");
    let people: serde_json::Value = serde_json::from_str(&text).expect("json");
    let title = |id: &str| {
        people["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .find(|row| row["id"] == id)
            .map(|row| row["title"].clone())
            .unwrap_or_else(|| panic!("no {id}"))
    };
    // Product engineering gives no titles now: the track's serve it.
    assert_eq!(title("ananya-iyer"), "Staff Engineer");
    // Site reliability keeps its own.
    let (_, sre) = ladder(&repo, &["export", "--what", "people"]);
    assert!(sre.contains("SRE"), "{sre}");
    let (code, text) = ladder(
        &repo,
        &[
            "compare",
            "engineering/3",
            "engineering/4",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(json["left"]["title"], "Senior Engineer");
    let (_, text) = ladder(
        &repo,
        &[
            "compare",
            "engineering/3",
            "engineering/4",
            "--team",
            "security",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(json["left"]["title"], "Senior Security Engineer");
}

#[test]
fn a_folder_outside_git_renders_and_compares_and_a_stepless_chart_names_no_step() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(
        &root().join("examples/infracloud/ladders"),
        &dir.path().join("ladders"),
    );
    let run = |args: &[&str]| {
        Command::cargo_bin("ladder")
            .expect("binary")
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .env(
                "GIT_CEILING_DIRECTORIES",
                dir.path().parent().expect("parent"),
            )
            .args(args)
            .output()
            .expect("run")
    };
    let output = run(&["compare", "engineering/1", "engineering/2"]);
    assert_eq!(output.status.code(), Some(0));
    let output = run(&["render", "--out", "site", "--pace"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(
        String::from_utf8(output.stdout).expect("utf-8"),
        "wrote 6 pages into site/: open site/index.html\nno pace funnel: this folder is not \
         inside a git repository, and the funnel reads its history\n"
    );
    let index = std::fs::read_to_string(dir.path().join("site/index.html")).expect("index");
    assert!(
        index.contains("<title>Engineering level 2: 3</title>"),
        "{index}"
    );
    assert!(!index.contains("step"), "{index}");
}

#[test]
fn a_hire_into_a_level_filled_only_by_promotion_is_a_warning_and_a_promotion_is_not() {
    let mut repo = repo_with("ladders");
    edit(
        &repo,
        "ladders/framework.yml",
        "        name: Distinguished\n",
        "        name: Distinguished\n        internal_only: true\n",
    );
    repo.commit("Distinguished is reached by promotion only");
    let (code, text) = ladder(&repo, &["check"]);
    assert_eq!(code, 0, "{text}");
    std::fs::write(
        repo.path().join("ladders/people/engineering/noor-haddad.yml"),
        "name: Noor Haddad\ngithub: noorhaddad\nteam: engineering\ntrack: maker\nlevel: 8\nstep: 1\nlead: tomas-lindqvist\n",
    )
    .expect("write");
    repo.commit("Hire Noor (#40)");
    let review = review_last(&repo, "leomartins");
    let warning = review
        .findings
        .iter()
        .find(|finding| finding.code == "internal-only")
        .expect("an internal-only finding");
    assert_eq!(
        warning.message,
        "Noor Haddad (noor-haddad) is hired into maker level 8, which the framework fills only by promotion"
    );
    assert_eq!(warning.severity, Severity::Warning);
    // Moving someone already here up into it is what the framework asks for.
    edit(
        &repo,
        "ladders/people/engineering/finn-murphy.yml",
        "level: 4",
        "level: 5",
    );
    repo.commit("Promote Finn (#41)");
    let review = review_last(&repo, "leomartins");
    assert!(!codes(&review, Severity::Warning).contains(&"internal-only"));
}

#[test]
fn a_levels_own_facts_reach_compare_export_and_the_site() {
    let mut repo = repo_with("examples/infracloud/ladders");
    edit(
        &repo,
        "ladders/framework.yml",
        "      - level: 3\n",
        "      - level: 3\n        years: 4-7\n        notes:\n          Prerequisites: Has led one project from design to release.\n",
    );
    // A level whose expectations say it all needs no summary.
    let text = std::fs::read_to_string(repo.path().join("ladders/framework.yml")).expect("read");
    let start = text.find("      - level: 5\n").expect("level 5");
    let summary = text[start..].find("        summary:").expect("summary") + start;
    let end = text[summary..].find('\n').expect("line end") + summary + 1;
    std::fs::write(
        repo.path().join("ladders/framework.yml"),
        format!("{}{}", &text[..summary], &text[end..]),
    )
    .expect("write");
    let (code, text) = ladder(&repo, &["check"]);
    assert_eq!(code, 0, "{text}");
    let (code, text) = ladder(&repo, &["compare", "engineering/3", "engineering/4"]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("\nyears of experience\n  engineering/3: 4–7 years\n  engineering/4: none\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "\nPrerequisites\n  engineering/3: Has led one project from design to release.\n  engineering/4: none\n"
        ),
        "{text}"
    );
    let (_, text) = ladder(
        &repo,
        &[
            "compare",
            "engineering/2",
            "engineering/3",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(json["right"]["years"]["min_years"], 4);
    assert_eq!(json["right"]["years"]["max_years"], 7);
    assert!(json["left"].get("notes").is_none(), "{text}");
    let (_, text) = ladder(&repo, &["export", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    let row = json["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|row| row["level"] == 3)
        .expect("a level 3 row");
    assert_eq!(row["years"], "4–7 years");
    assert_eq!(
        row["notes"],
        "Prerequisites: Has led one project from design to release."
    );
    // The site reads the committed tree.
    repo.commit("Level 3's years and prerequisites; level 5 without a summary");
    let (code, text) = ladder(&repo, &["render", "--out", "site"]);
    assert_eq!(code, 0, "{text}");
    let page =
        std::fs::read_to_string(repo.path().join("site/track-engineering.html")).expect("page");
    assert!(
        page.contains("<dt>Years of experience</dt><dd>4–7 years</dd>"),
        "{page}"
    );
    assert!(
        page.contains("<dt>Prerequisites</dt><dd>Has led one project from design to release.</dd>"),
        "{page}"
    );
}

#[test]
fn a_factor_that_stops_applying_and_a_level_that_keeps_the_one_below_read_as_the_framework_says() {
    let mut repo = repo_with("examples/infracloud/ladders");
    let framework = "ladders/framework.yml";
    // Hands-on delivery stops being judged above level 4.
    edit(
        &repo,
        framework,
        "  - id: management\n    name: Management\n",
        "  - id: management\n    name: Management\n    to_level: 4\n",
    );
    edit(
        &repo,
        framework,
        "          management: Steers a portfolio of projects with leadership.\n",
        "",
    );
    // Staff asks of customers what Senior does, on purpose.
    let text = std::fs::read_to_string(repo.path().join(framework)).expect("read");
    let staff = text.find("        name: Staff Engineer\n").expect("staff");
    let line = text[staff..]
        .find("          delighting-people:")
        .expect("delighting-people")
        + staff;
    let end = text[line..].find('\n').expect("line end") + line + 1;
    let senior_words = {
        let senior = text
            .find("        name: Senior Engineer\n")
            .expect("senior");
        let at = text[senior..]
            .find("          delighting-people: ")
            .expect("senior delighting-people")
            + senior
            + "          delighting-people: ".len();
        text[at..at + text[at..].find('\n').expect("end")].to_string()
    };
    std::fs::write(
        repo.path().join(framework),
        format!(
            "{}          delighting-people: {{as: below}}\n{}",
            &text[..line],
            &text[end..]
        ),
    )
    .expect("write");
    repo.commit("Management up to Staff; Staff keeps Senior's customer expectations");
    let (code, text) = ladder(&repo, &["check"]);
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains("warning"), "{text}");
    let (code, text) = ladder(
        &repo,
        &[
            "compare",
            "engineering/3",
            "engineering/4",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    let row = json["factors"]
        .as_array()
        .expect("factors")
        .iter()
        .find(|row| row["factor"] == "delighting-people")
        .expect("delighting-people");
    assert_eq!(row["left"], row["right"]);
    assert_eq!(row["left"][0], senior_words.as_str());
    assert!(
        row["words"]
            .as_array()
            .expect("words")
            .iter()
            .all(|word| word["op"] == "same"),
        "{row}"
    );
    let (_, text) = ladder(
        &repo,
        &[
            "compare",
            "engineering/4",
            "engineering/5",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    let management = json["factors"]
        .as_array()
        .expect("factors")
        .iter()
        .find(|row| row["factor"] == "management")
        .expect("management");
    assert!(management["right"].is_null(), "{management}");
    let (code, text) = ladder(&repo, &["render", "--out", "site"]);
    assert_eq!(code, 0, "{text}");
    let page =
        std::fs::read_to_string(repo.path().join("site/track-engineering.html")).expect("page");
    assert!(
        page.contains(&format!(
            "<dt>Delighting People</dt><dd><p class=\"muted\">Unchanged from level 3</p><p>{}</p>",
            senior_words
        )),
        "{page}"
    );
}

#[test]
fn grades_the_framework_gives_decide_whether_a_track_switch_is_lateral_and_what_compare_calls_equal()
 {
    let mut repo = repo_with("examples/monzo/ladders");
    let framework = repo.path().join("ladders/framework.yml");
    let text = std::fs::read_to_string(&framework).expect("read");
    let qa = text
        .find("  - id: quality-analyst")
        .expect("quality analyst");
    // Backend level 3 and quality analyst level 2 are one grade; backend 4 is the next.
    let text = format!(
        "{}{}",
        text[..qa]
            .replacen(
                "      - level: 3\n",
                "      - level: 3\n        grade: 3\n",
                1
            )
            .replacen(
                "      - level: 4\n",
                "      - level: 4\n        grade: 4\n",
                1
            ),
        text[qa..].replacen(
            "      - level: 2\n",
            "      - level: 2\n        grade: 3\n",
            1
        )
    );
    std::fs::write(&framework, text).expect("write");
    repo.commit("Grades across backend and quality analysis");
    let (code, text) = ladder(&repo, &["check"]);
    assert_eq!(code, 0, "{text}");
    let (_, text) = ladder(&repo, &["compare", "backend/3", "quality-analyst/2"]);
    assert!(text.contains("\nthe same grade\n"), "{text}");
    let (_, text) = ladder(&repo, &["compare", "backend/4", "quality-analyst/2"]);
    assert!(text.contains("\n1 grade apart\n"), "{text}");
    // A level the framework grades nowhere is compared with nothing.
    let (_, text) = ladder(&repo, &["compare", "backend/3", "quality-analyst/1"]);
    assert!(!text.contains("grade"), "{text}");
    edit(
        &repo,
        "ladders/people/amy-scott.yml",
        "track: backend\nlevel: 3\nstep: D\n",
        "track: quality-analyst\nlevel: 2\n",
    );
    repo.commit("Amy moves to quality analysis (#30)");
    let review = review_last(&repo, "dev-patel");
    let amy = person(&review, "amy-scott");
    assert_eq!(
        amy.kinds,
        [ChangeKind::TrackSwitch {
            from: "backend".into(),
            to: "quality-analyst".into(),
            grades: Some(0),
        }]
    );
}

#[test]
fn the_ft_example_equates_its_manager_and_contributor_variants_and_renders_them_side_by_side() {
    let repo = repo_with("examples/ft-engineering/ladders");
    let (code, text) = ladder(&repo, &["compare", "senior-2-ic", "senior-2-pm"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("\nthe same grade\n"), "{text}");
    // The manager variant builds on the contributor's words where the proficiency is the same.
    assert!(
        text.contains("  pm/senior-2-pm: Working knowledge: Plans and sizes the work of efforts that span several teams, and keeps to the dates it gives. (from ic/senior-2-ic)\n"),
        "{text}"
    );
    let (_, text) = ladder(&repo, &["compare", "principal-ic", "senior-2-pm"]);
    assert!(text.contains("\n1 grade apart\n"), "{text}");
    let (_, text) = ladder(&repo, &["compare", "senior-2-pm", "tech-director"]);
    assert!(
        text.contains("\nReached from\n  pm/senior-2-pm: none\n"),
        "{text}"
    );
    let (code, text) = ladder(&repo, &["render", "--out", "site"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.starts_with("wrote "), "{text}");
    // One page a grade shared by both tracks: Senior Engineer 2 and Principal Engineer.
    for grade in [4, 5] {
        let page = std::fs::read_to_string(repo.path().join(format!("site/grade-{grade}.html")))
            .unwrap_or_else(|_| panic!("grade {grade} page"));
        assert!(page.contains("the same grade"), "{page}");
    }
    let page = std::fs::read_to_string(repo.path().join("site/track-pm.html")).expect("page");
    assert!(
        page.contains("<p class=\"muted\">Builds on ic/senior-2-ic</p>"),
        "{page}"
    );
}

#[test]
fn a_manager_level_the_framework_grades_beside_a_higher_contributor_level_is_a_lateral_switch() {
    let mut repo = repo_with("examples/dropbox/ladders");
    let framework = "ladders/framework.yml";
    // M3 is IC4-equivalent, and so on up the manager track.
    for number in 3..=7 {
        edit(
            &repo,
            framework,
            &format!("      - level: {number}\n        id: M{number}\n"),
            &format!(
                "      - level: {number}\n        id: M{number}\n        grade: {}\n",
                number + 1
            ),
        );
    }
    repo.commit("Managers sit one grade above the contributor level of the same number");
    let (code, text) = ladder(&repo, &["check"]);
    assert_eq!(code, 0, "{text}");
    let (_, text) = ladder(&repo, &["compare", "M3", "IC4"]);
    assert!(text.contains("\nthe same grade\n"), "{text}");
    let (_, text) = ladder(&repo, &["compare", "M3", "IC3"]);
    assert!(text.contains("\n1 grade apart\n"), "{text}");
    edit(
        &repo,
        "ladders/people/sofia-grant.yml",
        "team: engineering-management\ntrack: m\nlevel: M3\n",
        "team: software-engineering\ntrack: ic\nlevel: IC4\n",
    );
    repo.commit("Sofia returns to engineering (#50)");
    let review = review_last(&repo, "priyanandakumar");
    let sofia = person(&review, "sofia-grant");
    assert!(
        sofia.kinds.contains(&ChangeKind::TrackSwitch {
            from: "m".into(),
            to: "ic".into(),
            grades: Some(0),
        }),
        "{:?}",
        sofia.kinds
    );
    // Lateral: no level change, so no case file is asked for.
    assert!(
        !sofia.kinds.iter().any(|kind| kind.name() == "level-up"),
        "{:?}",
        sofia.kinds
    );
    assert!(
        !codes(&review, Severity::Error).contains(&"case-missing"),
        "{:?}",
        review.findings
    );
}

#[test]
fn show_says_the_years_of_experience_beside_the_typical_time() {
    let mut repo = repo_with("examples/infracloud/ladders");
    edit(
        &repo,
        "ladders/framework.yml",
        "      - level: 2\n",
        "      - level: 2\n        years: 2-4\n",
    );
    repo.commit("Level 2 goes with two to four years of experience");
    let (code, text) = ladder(&repo, &["show", "kabir-shah", "--as-of", "2026-01-15"]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains(
            "  typical time to the next level: 12–24 months; within it (as of 2026-01-15)\n  years of experience at level 2: 2–4 years\n"
        ),
        "{text}"
    );
    let (_, text) = ladder(
        &repo,
        &[
            "show",
            "kabir-shah",
            "--as-of",
            "2026-01-15",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(json["standing"]["years"]["min_years"], 2);
    // A level without years says nothing of them.
    let (_, text) = ladder(&repo, &["show", "nikhil-rao", "--as-of", "2026-06-30"]);
    assert!(!text.contains("years of experience"), "{text}");
}
