//! `ladder init --demo`: a repository a newcomer can run every command on.

use std::path::Path;

fn ladder(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = assert_cmd::Command::cargo_bin("ladder")
        .expect("binary")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn every_command_has_something_to_show_on_the_demo() {
    let temp = tempfile::tempdir().expect("temp");
    let (code, text, stderr) = ladder(temp.path(), &["init", "--demo"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        text.contains("wrote a demo repository in ladder-demo/"),
        "{text}"
    );
    let demo = temp.path().join("ladder-demo");
    // The next commands the message prints, each run as printed.
    let next: Vec<Vec<String>> = text
        .lines()
        .skip_while(|line| *line != "next:")
        .skip(1)
        .filter_map(|line| line.trim().strip_prefix("ladder "))
        .map(|line| line.split_whitespace().map(str::to_string).collect())
        .collect();
    assert!(next.len() >= 6, "{text}");
    for args in &next {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, stderr) = ladder(&demo, &args);
        assert_eq!(code, 0, "ladder {args:?}: {stderr}{out}");
        assert!(!out.trim().is_empty(), "ladder {args:?} printed nothing");
    }
    // Following the steps leaves the repository as it was: the site goes outside the work tree.
    let mut options = git2::StatusOptions::new();
    options.include_untracked(true);
    let repo = git2::Repository::open(&demo).expect("open");
    let dirty: Vec<String> = repo
        .statuses(Some(&mut options))
        .expect("status")
        .iter()
        .filter_map(|entry| entry.path().ok().map(str::to_string))
        .collect();
    assert!(dirty.is_empty(), "the next steps left {dirty:?}");

    // The demo's README starts with promoting someone: each line of its block runs as written
    // (the first asks in a terminal; here, without one, it names the flags instead).
    let readme = std::fs::read_to_string(demo.join("README.md")).expect("the demo's README");
    let block: Vec<&str> = readme
        .lines()
        .skip_while(|line| *line != "```sh")
        .skip(1)
        .take_while(|line| *line != "```")
        .map(|line| line.split('#').next().unwrap_or_default().trim())
        .collect();
    assert_eq!(
        block,
        [
            "ladder propose",
            "ladder propose kofi-mensah --step +1 --dry-run"
        ],
        "{readme}"
    );
    let (code, _, stderr) = ladder(&demo, &["propose"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("run it in a terminal to choose interactively"),
        "{stderr}"
    );
    let (code, out, stderr) = ladder(
        &demo,
        &["propose", "kofi-mensah", "--step", "+1", "--dry-run"],
    );
    assert_eq!(code, 0, "{stderr}{out}");
    assert!(out.contains("dry run: nothing was written"), "{out}");

    let (_, log, _) = ladder(&demo, &["log", "--format", "json"]);
    let log: serde_json::Value = serde_json::from_str(&log).expect("json");
    let kinds: std::collections::BTreeSet<&str> = log["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|event| event["kind"].as_str())
        .collect();
    for kind in ["hire", "departure", "step-up", "level-up", "team-transfer"] {
        assert!(kinds.contains(kind), "{kind} missing from {kinds:?}");
    }
    let numbered = log["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|event| event["pull_request"].is_u64())
        .count();
    assert!(numbered > 100, "{numbered} events name their pull request");

    // The lead the story makes faster is the one the review flags.
    let (_, pace, _) = ladder(&demo, &["pace", "--format", "json"]);
    let pace: serde_json::Value = serde_json::from_str(&pace).expect("json");
    let flagged: Vec<&str> = pace["review"]["leads"]
        .as_array()
        .expect("leads")
        .iter()
        .filter(|lead| !lead["direction"].is_null())
        .filter_map(|lead| lead["lead"].as_str())
        .collect();
    assert!(flagged.contains(&"leo-martins"), "{flagged:?}");
    assert!(
        flagged.iter().all(|lead| *lead == "leo-martins"),
        "{flagged:?}"
    );

    // Written once, never over anything.
    let (code, _, stderr) = ladder(temp.path(), &["init", "--demo"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("already exists and is not empty"),
        "{stderr}"
    );
    let leftovers: Vec<_> = std::fs::read_dir(temp.path())
        .expect("read")
        .filter_map(Result::ok)
        .map(|entry| entry.file_name())
        .collect();
    assert_eq!(
        leftovers,
        ["ladder-demo"],
        "nothing half-made is left beside it"
    );
}
