//! The audit trail from git history, on a repository with merges, squash merges, a rename, a
//! departure and return, and an imported `since`.

mod support;

use assert_cmd::Command;
use ladder::diff::ChangeKind;
use ladder::history::{Event, Filter, History, Pace, read_history, standing};
use ladder::snapshot::load_rev;
use support::{Repo, copy_dir, fixtures, shallow_clone};

fn placement(name: &str, github: &str, level: u32, step: u32, lead: &str) -> String {
    format!(
        "name: {name}\ngithub: {github}\nteam: eng\ntrack: maker\nlevel: {level}\nstep: {step}\nlead: {lead}\n"
    )
}

struct Story {
    repo: Repo,
    side: git2::Oid,
    merge: git2::Oid,
    squash: git2::Oid,
}

fn story() -> Story {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    repo.commit("Add the framework");
    repo.write(
        "ladders/people/bob.yml",
        &placement("Bob Babbage", "bob", 3, 1, "ada"),
    );
    repo.write(
        "ladders/cases/2026/bob.md",
        "---\nperson: bob\nlevel: 3\n---\nBob shaped the team.\n",
    );
    let side = repo.side_commit("Promote Bob to level 3");
    let merge = repo.merge(
        side,
        "Merge pull request #12 from acme/promote-bob\n\nPromote Bob to level 3\n\nApproved-by: Ada Lovelace <ada@example.com>\nReviewed-by: Cy Hopper <cy@example.com>\n",
    );
    repo.write("README.md", "Not part of the ladder.\n");
    repo.commit("Add a readme");
    repo.write(
        "ladders/people/cy.yml",
        &placement("Cy Hopper", "cy", 1, 3, "bob"),
    );
    let squash = repo.commit("Step up Cy (#13)\n\nReviewed-by: Bob Babbage <bob@example.com>\n");
    repo.remove("ladders/people/bob.yml");
    repo.write(
        "ladders/people/robert.yml",
        &placement("Robert Babbage", "bob", 3, 1, "ada"),
    );
    repo.write(
        "ladders/people/cy.yml",
        &placement("Cy Hopper", "cy", 1, 3, "robert"),
    );
    repo.commit("Bob is Robert now (#14)");
    repo.remove("ladders/people/cy.yml");
    repo.commit("Cy leaves (#15)");
    repo.write(
        "ladders/people/cy.yml",
        &placement("Cy Hopper", "cy", 1, 1, "robert"),
    );
    repo.commit("Cy returns (#16)");
    repo.write(
        "ladders/people/dee.yml",
        &format!(
            "{}since: 2020-05-01\n",
            placement("Dee Dijkstra", "dee", 2, 2, "ada")
        ),
    );
    repo.commit("Import Dee from the old HR system");
    Story {
        repo,
        side,
        merge,
        squash,
    }
}

fn history(repo: &Repo) -> History {
    read_history(&repo.repo, "HEAD", "ladders", &mut |_, _| {}).expect("history")
}

/// Whether any event of `history` was landed by `commit`.
fn landed_in(history: &History, commit: git2::Oid) -> bool {
    history
        .events
        .iter()
        .any(|event| event.landing.commit == commit.to_string())
}

fn kinds<'a>(events: impl Iterator<Item = &'a Event>) -> Vec<(&'a str, &'a str)> {
    events
        .map(|event| (&*event.person, event.kind.name()))
        .collect()
}

#[test]
fn every_change_on_the_first_parent_line_becomes_an_event() {
    let story = story();
    let history = history(&story.repo);
    assert_eq!(history.commits, 8);
    assert_eq!(
        history.changing_commits, 7,
        "the readme commit changes nothing"
    );
    assert_eq!(
        kinds(history.events.iter()),
        vec![
            ("ada", "hire"),
            ("robert", "hire"),
            ("cy", "hire"),
            ("robert", "level-up"),
            ("cy", "step-up"),
            ("cy", "lead-change"),
            ("robert", "rename"),
            ("robert", "identity"),
            ("cy", "departure"),
            ("cy", "hire"),
            ("dee", "hire"),
        ]
    );
    assert!(
        !landed_in(&history, story.side),
        "the side branch's own commit is not on the first-parent line"
    );
}

#[test]
fn the_line_ends_where_a_graft_cuts_it_as_git_log_does() {
    let story = story();
    // The squash commit's parent is grafted away, so it is the first commit of the line.
    let grafts = story.repo.repo.commondir().join("info");
    std::fs::create_dir_all(&grafts).expect("info folder");
    std::fs::write(grafts.join("grafts"), format!("{}\n", story.squash)).expect("grafts");
    let repo = git2::Repository::open(story.repo.repo.path()).expect("reopen");
    let history = read_history(&repo, "HEAD", "ladders", &mut |_, _| {}).expect("history");
    assert_eq!(
        history.commits, 5,
        "the squash commit and the four after it"
    );
    assert_eq!(
        history.events.first().map(|event| event.landing.commit),
        Some(story.squash.into()),
        "the grafted commit adds everyone it holds"
    );
    assert!(
        !landed_in(&history, story.merge),
        "nothing before the graft is read"
    );
}

#[test]
fn a_merged_pull_request_carries_its_number_trailers_people_and_case_file() {
    let story = story();
    let history = history(&story.repo);
    let promotion = history
        .events
        .iter()
        .find(|event| matches!(*event.kind, ChangeKind::LevelUp { by: 1 }))
        .expect("the promotion");
    assert_eq!(&*promotion.person, "robert", "the rename keeps one trail");
    assert_eq!(&*promotion.id_then, "bob");
    assert_eq!(&*promotion.name, "Bob Babbage");
    assert_eq!(promotion.landing.commit, story.merge.to_string());
    assert_eq!(
        &*promotion.landing.summary,
        "Merge pull request #12 from acme/promote-bob"
    );
    assert_eq!(
        promotion
            .landing
            .pull_request
            .map(std::num::NonZeroU64::get),
        Some(12)
    );
    assert_eq!(promotion.landing.author.name(), "GitHub");
    assert_eq!(promotion.landing.author.email(), "noreply@github.com");
    assert_eq!(promotion.landing.committer.name(), "GitHub");
    assert_eq!(
        promotion.landing.author.time.to_string(),
        "2026-01-04T00:00:00+00:00"
    );
    assert_eq!(promotion.date.to_string(), "2026-01-04");
    assert!(!promotion.seeded);
    assert_eq!(
        promotion
            .landing
            .trailer_values("Approved-by")
            .collect::<Vec<_>>(),
        ["Ada Lovelace <ada@example.com>"]
    );
    assert_eq!(
        promotion
            .landing
            .trailer_values("reviewed-by")
            .collect::<Vec<_>>(),
        ["Cy Hopper <cy@example.com>"]
    );
    assert_eq!(
        promotion.case_file.as_deref(),
        Some("ladders/cases/2026/bob.md")
    );
    let (before, after) = (
        promotion.before.as_ref().expect("before"),
        promotion.after.as_ref().expect("after"),
    );
    assert_eq!(
        (before.level, before.step, after.level, after.step),
        (2, 3, 3, 1)
    );
    assert_eq!(after.lead.as_deref(), Some("ada"));

    let step = history
        .events
        .iter()
        .find(|event| event.landing.commit == story.squash.to_string())
        .expect("the squash merge");
    assert_eq!(
        step.landing.pull_request.map(std::num::NonZeroU64::get),
        Some(13)
    );
    assert_eq!(*step.kind, ChangeKind::StepUp { by: 1 });
    assert_eq!(step.landing.author.name(), "Ada Lovelace");
    assert_eq!(
        step.landing
            .trailer_values("Reviewed-by")
            .collect::<Vec<_>>(),
        ["Bob Babbage <bob@example.com>"]
    );
    assert_eq!(step.case_file, None);
}

#[test]
fn a_teammate_who_leaves_and_returns_keeps_both_spans() {
    let story = story();
    let history = history(&story.repo);
    assert_eq!(
        kinds(history.trail("cy")),
        vec![
            ("cy", "hire"),
            ("cy", "step-up"),
            ("cy", "lead-change"),
            ("cy", "departure"),
            ("cy", "hire")
        ]
    );
    let snapshot = load_rev(&story.repo.repo, "HEAD", "ladders").expect("snapshot");
    let as_of: jiff::civil::Date = "2026-03-01".parse().expect("date");
    let cy = standing(&snapshot, &history, "cy", as_of).expect("standing");
    let returned = history.trail("cy").last().expect("return").date;
    assert_eq!(cy.level_since, Some(returned));
    assert_eq!(cy.step_since, Some(returned));
}

#[test]
fn an_imported_since_seeds_the_trail() {
    let story = story();
    let history = history(&story.repo);
    let dee = history.trail("dee").next().expect("dee");
    assert!(dee.seeded);
    assert_eq!(dee.date.to_string(), "2020-05-01");
    let snapshot = load_rev(&story.repo.repo, "HEAD", "ladders").expect("snapshot");
    let as_of: jiff::civil::Date = "2026-03-01".parse().expect("date");
    let standing = standing(&snapshot, &history, "dee", as_of).expect("standing");
    assert_eq!(standing.level_since, dee.date.into());
    // Maker level 2 typically takes 18 months; Dee has held it for almost six years.
    assert_eq!(
        standing.typical_months_to_next,
        Some(ladder::framework::Typical::Months { min: 18, max: 18 })
    );
    assert_eq!(standing.pace, Some(Pace::Past));
    assert_eq!(standing.months_in_level.map(|m| m.floor()), Some(69.0));
}

#[test]
fn filters_pick_people_kinds_leads_and_dates() {
    let story = story();
    let history = history(&story.repo);
    let pick = |filter: Filter| kinds(history.events.iter().filter(|event| filter.matches(event)));
    assert_eq!(
        pick(Filter {
            person: Some("bob".into()),
            kind: Some("level".into()),
            ..Filter::default()
        }),
        vec![("robert", "level-up")]
    );
    assert_eq!(
        pick(Filter {
            lead: Some("robert".into()),
            ..Filter::default()
        }),
        vec![("cy", "lead-change"), ("cy", "departure"), ("cy", "hire")]
    );
    assert_eq!(
        pick(Filter {
            since: Some("2026-01-05".parse().expect("date")),
            until: Some("2026-01-06".parse().expect("date")),
            ..Filter::default()
        }),
        vec![("cy", "step-up")]
    );
}

#[test]
fn ladder_log_prints_json_and_csv_newest_first() {
    let story = story();
    let json = Command::cargo_bin("ladder")
        .expect("binary")
        .current_dir(story.repo.path())
        .args(["log", "robert", "--format", "json"])
        .output()
        .expect("run");
    assert_eq!(json.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    let events = report["events"].as_array().expect("events");
    let names: Vec<&str> = events
        .iter()
        .filter_map(|event| event["kind"].as_str())
        .collect();
    assert_eq!(names, ["identity", "rename", "level-up", "hire"]);
    assert_eq!(events[2]["pull_request"], 12);
    assert_eq!(events[2]["by"], 1);
    assert_eq!(events[2]["id_then"], "bob");

    let csv = Command::cargo_bin("ladder")
        .expect("binary")
        .current_dir(story.repo.path())
        .args(["log", "--kind", "step-up", "--format", "csv"])
        .output()
        .expect("run");
    let text = String::from_utf8(csv.stdout).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("date,person,id_then,name,kind,change,"));
    assert_eq!(lines.len(), 2);
    assert!(
        lines[1].starts_with("2026-01-06,cy,cy,Cy Hopper,step-up,up 1 step,eng,maker,1,2,bob,")
    );
    assert!(lines[1].contains(",13,Ada Lovelace,ada@example.com,"));
}

#[test]
fn ladder_show_tells_where_someone_stands() {
    let story = story();
    let output = Command::cargo_bin("ladder")
        .expect("binary")
        .current_dir(story.repo.path())
        .args(["show", "bob", "--as-of", "2026-06-01"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!(String::from_utf8(output.stdout).expect("utf-8"));
}

#[test]
fn a_shallow_clone_says_what_is_missing_and_pace_is_not_computed_from_it() {
    let story = story();
    let clone = shallow_clone(&story.repo, 1);
    let ladder = |args: &[&str]| {
        Command::cargo_bin("ladder")
            .expect("binary")
            .current_dir(clone.path())
            .args(args)
            .output()
            .expect("run")
    };
    let pace = ladder(&["pace", "--as-of", "2026-03-01"]);
    assert_eq!(pace.status.code(), Some(2));
    assert!(pace.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&pace.stderr);
    assert!(
        stderr.contains("pace is not computed: the repository is a shallow clone")
            && stderr.contains("`fetch-depth: 0`"),
        "{stderr}"
    );
    // The log still shows what the clone holds, and says the rest is missing.
    let log = ladder(&["log"]);
    assert_eq!(log.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&log.stderr);
    assert!(
        stderr.contains("warning: the repository is a shallow clone"),
        "{stderr}"
    );
    assert!(!log.stdout.is_empty());
    // The whole history reads as before.
    let whole = Command::cargo_bin("ladder")
        .expect("binary")
        .current_dir(story.repo.path())
        .args(["pace", "--as-of", "2026-03-01"])
        .output()
        .expect("run");
    assert_eq!(whole.status.code(), Some(0));
    assert!(whole.stderr.is_empty());
}

/// `ladder log --format json` started in `dir`, its output collected by the caller.
fn spawn_log(dir: &std::path::Path, extra: &[&str]) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("ladder"))
        .current_dir(dir)
        .args(["log", "--format", "json"])
        .args(extra)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn")
}

fn events_of(output: &std::process::Output) -> usize {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("whole JSON");
    report["events"].as_array().expect("events").len()
}

#[test]
fn commits_landing_during_a_walk_and_runs_racing_on_the_index_leave_every_answer_whole() {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    repo.commit("The framework");
    for at in 0..300 {
        repo.write(
            &format!("ladders/people/p{at}.yml"),
            &placement(&format!("P {at}"), &format!("p{at}"), 1, 1, "ada"),
        );
        repo.commit(&format!("Hire p{at}"));
    }
    let before = events_of(
        &spawn_log(repo.path(), &["--no-cache"])
            .wait_with_output()
            .expect("log"),
    );
    // Three runs sharing the index, while commits land and the branch moves under them.
    let runs: Vec<_> = (0..3).map(|_| spawn_log(repo.path(), &[])).collect();
    for at in 300..400 {
        repo.write(
            &format!("ladders/people/p{at}.yml"),
            &placement(&format!("P {at}"), &format!("p{at}"), 1, 1, "ada"),
        );
        repo.commit(&format!("Hire p{at}"));
    }
    for run in runs {
        let seen = events_of(&run.wait_with_output().expect("log"));
        assert!(
            (before..=before + 100).contains(&seen),
            "{seen} events: a history as it stood at some moment, from {before} to {}",
            before + 100
        );
    }
    // The index they left agrees with a walk that ignores it.
    let cached = spawn_log(repo.path(), &[]).wait_with_output().expect("log");
    let walked = spawn_log(repo.path(), &["--no-cache"])
        .wait_with_output()
        .expect("log");
    assert_eq!(events_of(&cached), before + 100);
    assert_eq!(cached.stdout, walked.stdout);
    let leftovers: Vec<_> = std::fs::read_dir(repo.repo.path().join("ladder"))
        .expect("index folder")
        .map(|entry| entry.expect("entry").file_name())
        .filter(|name| name.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn unknown_names_in_log_and_show_are_errors_with_the_nearest_name() {
    let story = story();
    let ladder = |args: &[&str]| {
        let output = Command::cargo_bin("ladder")
            .expect("binary")
            .current_dir(story.repo.path())
            .args(args)
            .output()
            .expect("run");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).to_string(),
            String::from_utf8_lossy(&output.stderr).to_string(),
        )
    };
    let cases = [
        (
            vec!["log", "--team", "engg"],
            "error: --team `engg` is no team the history or the tree has (did you mean `eng`?): expected one of eng\n",
        ),
        (
            vec!["log", "--lead", "robbert"],
            "error: --lead `robbert` is no teammate the history has ever known (did you mean `robert`?)\n",
        ),
        (
            vec!["log", "nobody-at-all"],
            "error: `nobody-at-all` is no teammate the history has ever known\n",
        ),
        (
            vec!["show", "robrt"],
            "error: `robrt` is no teammate the history has ever known (did you mean `robert`?), in the work tree or its history\n",
        ),
    ];
    for (args, expected) in cases {
        let (code, stdout, stderr) = ladder(&args);
        assert_eq!(code, Some(2), "{args:?}: {stdout}{stderr}");
        assert_eq!(stdout, "", "{args:?}");
        assert_eq!(stderr, expected, "{args:?}");
    }
    // A known name with nothing to show says so, rather than printing nothing.
    let (code, stdout, stderr) = ladder(&["log", "--since", "2030-01-01"]);
    assert_eq!((code, stdout.as_str()), (Some(0), ""));
    assert_eq!(stderr, "no change in the history matches these filters\n");
}

#[test]
fn pace_on_a_young_repository_says_in_one_sentence_that_it_needs_more_history() {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    repo.commit("Our framework and placements");
    let output = Command::cargo_bin("ladder")
        .expect("binary")
        .current_dir(repo.path())
        .args(["pace", "--as-of", "2026-12-04"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with("Too little history to test pace yet: it begins on ")
            && text.contains("a lead is tested once their people add up to 6 eligible report-months and 2 expected moves")
            && !text.contains(" -0 "),
        "{text}"
    );
}

#[test]
fn every_command_reads_the_work_tree_and_history_commands_mark_what_is_not_committed_yet() {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    repo.commit("Our framework and placements");
    // A new hire, a promotion and a level reworded, none of it committed.
    repo.write(
        "ladders/people/jo-bloggs.yml",
        &placement("Jo Bloggs", "jo", 1, 1, "bob"),
    );
    repo.write(
        "ladders/people/cy.yml",
        &placement("Cy Hopper", "cy", 2, 1, "bob"),
    );
    let framework = repo.ladders().join("framework.yml");
    let text = std::fs::read_to_string(&framework).expect("framework");
    repo.write(
        "ladders/framework.yml",
        &text.replace("Shapes the team.", "Shapes how the team works."),
    );
    let site = tempfile::tempdir().expect("site");
    let run = |args: &[&str]| {
        let output = Command::cargo_bin("ladder")
            .expect("binary")
            .current_dir(repo.path())
            .args(args)
            .output()
            .expect("run");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).to_string(),
            String::from_utf8_lossy(&output.stderr).to_string(),
        )
    };

    let (code, stdout, _) = run(&["check"]);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("4 teammates"), "{stdout}");
    // show reads the new hire from the work tree, with their trail so far.
    let (code, stdout, stderr) = run(&["show", "jo-bloggs"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.starts_with("Jo Bloggs (jo-bloggs)\n"), "{stdout}");
    assert!(
        stdout.contains("  joins  — → eng maker L1 S1  not committed yet\n"),
        "{stdout}"
    );
    let (code, _, stderr) = run(&["show", "jo-bloggs", "--rev", "HEAD"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("at HEAD or before"), "{stderr}");
    // log: the work tree's changes first, marked; JSON says so in a field.
    let (code, stdout, _) = run(&["log"]);
    assert_eq!(code, Some(0));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2 + 3, "{stdout}");
    assert!(
        lines[..2]
            .iter()
            .all(|line| line.ends_with("  not committed yet")),
        "{stdout}"
    );
    assert!(
        lines[..2]
            .iter()
            .any(|line| line.contains("cy  up 1 level")),
        "{stdout}"
    );
    let (_, stdout, _) = run(&["log", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    let marked: Vec<bool> = json["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|event| {
            event["uncommitted"]
                .as_bool()
                .expect("a field on every event")
        })
        .collect();
    assert_eq!(marked, [true, true, false, false, false]);
    let (_, stdout, _) = run(&["log", "--rev", "HEAD"]);
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    assert!(!stdout.contains("not committed yet"));
    // compare and the site read the reworded level from the work tree alike.
    let (_, stdout, _) = run(&["compare", "maker/2", "maker/3", "--format", "markdown"]);
    assert!(stdout.contains("Shapes how the team works."), "{stdout}");
    let out = site.path().join("now");
    let (code, _, stderr) = run(&["render", "--out", out.to_str().expect("path")]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    let page = std::fs::read_to_string(out.join("track-maker.html")).expect("page");
    assert!(page.contains("Shapes how the team works."));
    let out = site.path().join("head");
    run(&[
        "render",
        "--out",
        out.to_str().expect("path"),
        "--rev",
        "HEAD",
    ]);
    let page = std::fs::read_to_string(out.join("track-maker.html")).expect("page");
    assert!(page.contains("Shapes the team.") && !page.contains("Shapes how"));
    // pace and summary judge commits alone, and say so in one sentence.
    for (command, what) in [("pace", "pace"), ("summary", "summary")] {
        let (code, _, stderr) = run(&[command]);
        assert_eq!(code, Some(0), "{stderr}");
        assert_eq!(
            stderr,
            format!(
                "ladder: {what} reads HEAD, so it leaves out 3 changed files under ladders/ not committed yet\n"
            )
        );
        let (_, _, stderr) = run(&[command, "--rev", "HEAD"]);
        assert_eq!(stderr, "");
    }
    let (_, _, stderr) = run(&["render", "--out", out.to_str().expect("path"), "--pace"]);
    assert!(
        stderr.starts_with("ladder: the pace funnel reads HEAD, so it leaves out 3 changed files"),
        "{stderr}"
    );
    // The calibration packet lists the work tree's changes, marked, and counts Jo.
    let (code, stdout, _) = run(&["calibrate", "--format", "json"]);
    assert_eq!(code, Some(0));
    let packet: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    let hires = packet["hires"].as_array().expect("hires");
    assert_eq!(hires.len(), 1, "{packet}");
    assert_eq!(
        (&hires[0]["person"], &hires[0]["uncommitted"]),
        (&serde_json::json!("jo-bloggs"), &serde_json::json!(true))
    );
    let (_, stdout, _) = run(&["calibrate"]);
    assert!(
        stdout.contains("| Jo Bloggs | joins | not committed yet |"),
        "{stdout}"
    );
}

/// The walk reads commits on one thread and parses them on another, a batch at a time, and
/// reopens the repository every few hundred commits: over more commits than a batch or an
/// opening holds, every change still lands once, in the order of the line, and a blob missing
/// deep in the line is an error that names it, never a hang or a shorter history.
#[test]
fn a_long_line_is_walked_in_order_and_a_blob_missing_deep_in_it_is_named() {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    // Bob is hired here at level 2, promoted in the first round, then moves a step a round.
    let mut stepped = vec![repo.commit("Add the framework")];
    for round in 0..600_u32 {
        if round % 3 == 2 {
            repo.write("README.md", &format!("Round {round}.\n"));
            repo.commit(&format!("Touch the readme, round {round}"));
            continue;
        }
        let step = round % 4 + 1;
        repo.write(
            "ladders/people/bob.yml",
            &placement("Bob Babbage", "bob", 3, step, "ada"),
        );
        stepped.push(repo.commit(&format!("Bob to step {step}, round {round}")));
    }
    let history = read_history(&repo.repo, "HEAD", "ladders", &mut |_, _| {}).expect("history");
    let bobs: Vec<&Event> = history
        .events
        .iter()
        .filter(|event| &*event.person == "bob")
        .collect();
    assert_eq!(bobs.len(), stepped.len());
    let landed: Vec<String> = bobs
        .iter()
        .map(|event| event.landing.commit.to_string())
        .collect();
    let expected: Vec<String> = stepped.iter().map(ToString::to_string).collect();
    assert_eq!(landed, expected);
    assert!(matches!(*bobs[0].kind, ChangeKind::Hire));
    assert!(matches!(*bobs[1].kind, ChangeKind::LevelUp { by: 1 }));
    assert!(
        bobs[2..].iter().all(|event| matches!(
            *event.kind,
            ChangeKind::StepUp { .. } | ChangeKind::StepDown { .. }
        )),
        "{:?}",
        bobs.iter().map(|event| &event.kind).collect::<Vec<_>>()
    );
    assert_eq!(history.commits, 601);

    // The blob of round 500's placement goes missing (its loose object removed).
    let deep = stepped[stepped.len() * 5 / 6];
    let blob = repo
        .repo
        .find_commit(deep)
        .and_then(|commit| commit.tree())
        .and_then(|tree| tree.get_path(std::path::Path::new("ladders/people/bob.yml")))
        .expect("bob at that commit")
        .id()
        .to_string();
    std::fs::remove_file(
        repo.repo
            .path()
            .join("objects")
            .join(&blob[..2])
            .join(&blob[2..]),
    )
    .expect("remove the blob");
    let Err(error) = read_history(&repo.repo, "HEAD", "ladders", &mut |_, _| {}) else {
        panic!("a missing blob is an error");
    };
    let message = error.to_string();
    assert!(
        message.contains("cannot read ladders/people/bob.yml at commit"),
        "{message}"
    );
}

#[test]
fn a_commit_of_thousands_of_teammates_reads_as_one_change_set_in_id_order() {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    repo.commit("Add the framework");
    let people = 2_500_u32;
    let id = |n: u32| format!("p{n:05}");
    for n in 0..people {
        repo.write(
            &format!("ladders/people/{}.yml", id(n)),
            &placement(&format!("Teammate {n}"), &id(n), 2, 1, "ada"),
        );
    }
    repo.commit("Import the org");
    // Every other teammate steps up and every third moves lead, in one commit; one leaves and
    // comes back under a new id, which keeps the commit in one piece.
    for n in (0..people).step_by(2) {
        repo.write(
            &format!("ladders/people/{}.yml", id(n)),
            &placement(&format!("Teammate {n}"), &id(n), 2, 2, "ada"),
        );
    }
    for n in (0..people).step_by(3) {
        let step = if n % 2 == 0 { 2 } else { 1 };
        repo.write(
            &format!("ladders/people/{}.yml", id(n)),
            &placement(&format!("Teammate {n}"), &id(n), 2, step, "bob"),
        );
    }
    repo.commit("Step ups and a new lead");
    for n in (1..people).step_by(2) {
        repo.write(
            &format!("ladders/people/{}.yml", id(n)),
            &placement(&format!("Teammate {n}"), &id(n), 3, 1, "ada"),
        );
    }
    repo.remove(&format!("ladders/people/{}.yml", id(7)));
    repo.write(
        "ladders/people/seven.yml",
        &placement("Teammate 7", &id(7), 3, 1, "ada"),
    );
    repo.commit("Promotions, and a new id for Teammate 7");

    let history = history(&repo);
    let landed = |summary: &str| -> Vec<(&str, &str)> {
        kinds(
            history
                .events
                .iter()
                .filter(|event| &*event.landing.summary == summary),
        )
    };
    let hires = landed("Import the org");
    assert_eq!(hires.len(), people as usize);
    assert!(hires.iter().all(|(_, kind)| *kind == "hire"));
    // Teammate 7's events read under the id they end with.
    assert!(hires.contains(&("seven", "hire")));
    let mut expected: Vec<(String, &str)> = Vec::new();
    for n in 0..people {
        if n % 2 == 0 {
            expected.push((id(n), "step-up"));
        }
        if n % 3 == 0 {
            expected.push((id(n), "lead-change"));
        }
    }
    let moves = landed("Step ups and a new lead");
    let wanted: Vec<(&str, &str)> = expected.iter().map(|(p, k)| (p.as_str(), *k)).collect();
    assert_eq!(moves, wanted, "in id order, each teammate's kinds together");
    let promotions = landed("Promotions, and a new id for Teammate 7");
    assert_eq!(
        promotions
            .iter()
            .filter(|(_, kind)| *kind == "level-up")
            .count(),
        people as usize / 2
    );
    assert!(
        promotions.contains(&("seven", "rename")),
        "{:?}",
        promotions
            .iter()
            .filter(|(person, _)| *person == "seven")
            .collect::<Vec<_>>()
    );
    assert!(promotions.contains(&("seven", "level-up")));
    assert!(!promotions.iter().any(|(_, kind)| *kind == "departure"));
}
