//! `ladder import` end to end: exports shaped like each HR system's (their column names and
//! quirks, every value invented), the bad-input corpus under tests/fixtures/import/bad/ (each
//! case's files laid over the BambooHR export, its whole report in expected.txt;
//! `LADDER_BLESS=1 cargo test --test import` rewrites them for review), privacy, and a history
//! of 300 people over five years checked against counts kept while writing it.

mod support;

use std::path::{Path, PathBuf};

use support::{Repo, copy_dir, fixtures};

fn ladder() -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("ladder").expect("binary");
    command.env_remove("NO_COLOR");
    command
}

/// A repository whose only commit holds the import fixture's framework and teams.
fn framework_repo() -> Repo {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("import/ladders"), &repo.ladders());
    repo.commit("Our career framework");
    repo
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `ladder import` from the exports' folder, so the report names files as a user would.
fn import(repo: &Repo, exports: &Path, args: &[&str]) -> Run {
    let output = ladder()
        .current_dir(exports)
        .arg("import")
        .args(args)
        .arg("--repo")
        .arg(repo.path())
        .args(["--color", "never", "--as-of", "2026-01-15"])
        .output()
        .expect("run");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("utf-8"),
        stderr: String::from_utf8(output.stderr).expect("utf-8"),
    }
}

fn run_in(repo: &Repo, args: &[&str]) -> String {
    support::ladder_stdout(repo.path(), args)
}

fn head(repo: &Repo) -> git2::Oid {
    repo.repo
        .head()
        .expect("head")
        .peel_to_commit()
        .expect("commit")
        .id()
}

fn status_is_clean(repo: &Repo) -> bool {
    let mut options = git2::StatusOptions::new();
    options.include_untracked(true);
    repo.repo
        .statuses(Some(&mut options))
        .expect("status")
        .is_empty()
}

fn vendor(name: &str) -> PathBuf {
    fixtures().join("import").join(name)
}

const VENDORS: [(&str, &str, Option<&str>); 5] = [
    ("bamboohr", "employees.csv", Some("job_information.csv")),
    ("workday", "workers.csv", Some("worker_history.csv")),
    ("hibob", "people.csv", Some("work_history.csv")),
    ("personio", "mitarbeiter.csv", None),
    ("spreadsheet", "roster.csv", None),
];

fn vendor_args<'a>(roster: &'a str, history: Option<&'a str>) -> Vec<&'a str> {
    let mut args = vec![roster, "--map", "import.yml"];
    if let Some(history) = history {
        args.extend(["--history", history]);
    }
    args
}

#[test]
fn each_vendors_export_imports_with_its_history_and_checks_clean() {
    for (name, roster, history) in VENDORS {
        let repo = framework_repo();
        let before = head(&repo);
        let args = vendor_args(roster, history);
        let run = import(&repo, &vendor(name), &args);
        assert_eq!(run.code, Some(0), "{name}: {}{}", run.stdout, run.stderr);
        assert_ne!(head(&repo), before, "{name}: nothing committed");
        assert!(status_is_clean(&repo), "{name}: the work tree differs");
        let check = run_in(&repo, &["check"]);
        assert!(
            check.contains(": valid") || check.contains("all well"),
            "{name}: {check}"
        );
        let log = run_in(&repo, &["log"]);
        insta::assert_snapshot!(format!("{name}_report"), run.stdout);
        insta::assert_snapshot!(format!("{name}_log"), log);
        // The same files again: nothing to write.
        let again = import(&repo, &vendor(name), &args);
        assert_eq!(again.code, Some(0), "{name}: {}", again.stdout);
        assert!(
            again
                .stdout
                .ends_with("nothing to write: the branch already holds all of it\n"),
            "{name}: {}",
            again.stdout
        );
    }
}

#[test]
fn imported_commits_are_dated_their_day_and_marked() {
    let repo = framework_repo();
    let run = import(
        &repo,
        &vendor("bamboohr"),
        &vendor_args("employees.csv", Some("job_information.csv")),
    );
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    let commit = repo
        .repo
        .head()
        .expect("head")
        .peel_to_commit()
        .expect("commit");
    assert_eq!(
        commit.message().expect("message"),
        "Import from BambooHR: 2022-02-01\n\n1 hired, as of 2022-02-01 in BambooHR's export; no pull request and no approval.\n\nImported-from: job_information.csv row 8\n"
    );
    // 2022-02-01 at noon UTC, author and committer alike.
    assert_eq!(commit.author().when().seconds(), 1_643_716_800);
    assert_eq!(commit.committer().when().seconds(), 1_643_716_800);
    let json: serde_json::Value =
        serde_json::from_str(&run_in(&repo, &["log", "--format", "json"])).expect("json");
    let first = &json["events"][0];
    assert_eq!(first["pull_request"], serde_json::Value::Null);
    assert_eq!(first["trailers"][0]["key"], "Imported-from");
    let csv = run_in(&repo, &["log", "--format", "csv"]);
    assert!(
        csv.lines()
            .next()
            .expect("header")
            .ends_with(",imported_from")
    );
    assert!(csv.contains(",job_information.csv row 8"), "{csv}");
    let show = run_in(&repo, &["show", "carlos-mendes", "--as-of", "2026-01-15"]);
    assert!(show.contains("in IC2 since 2022-01-03"), "{show}");
    assert!(show.contains("imported"), "{show}");
}

#[test]
fn a_dry_run_prints_the_change_set_and_writes_nothing() {
    let repo = framework_repo();
    let before = head(&repo);
    let mut args = vendor_args("employees.csv", Some("job_information.csv"));
    args.push("--dry-run");
    let run = import(&repo, &vendor("bamboohr"), &args);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert!(run.stdout.contains("Carlos Mendes (carlos-mendes): joins"));
    assert!(run.stdout.ends_with("dry run: nothing written\n"));
    assert_eq!(head(&repo), before);
    assert!(!repo.ladders().join("people").exists());
}

#[test]
fn a_branch_takes_the_commits_and_the_work_tree_stays() {
    let repo = framework_repo();
    let before = head(&repo);
    let mut args = vendor_args("employees.csv", Some("job_information.csv"));
    args.extend(["--branch", "import-bamboohr"]);
    let run = import(&repo, &vendor("bamboohr"), &args);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert_eq!(head(&repo), before);
    assert!(!repo.ladders().join("people").exists());
    let branch = repo
        .repo
        .find_branch("import-bamboohr", git2::BranchType::Local)
        .expect("branch");
    let tip = branch.get().peel_to_commit().expect("tip");
    assert_eq!(tip.parent_count(), 1);
    let log = run_in(&repo, &["log", "--rev", "import-bamboohr"]);
    assert_eq!(log.lines().count(), 7, "{log}");
}

/// Lays a case's files over the BambooHR export in a new folder.
fn case_exports(case: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    copy_dir(&vendor("bamboohr"), dir.path());
    for entry in std::fs::read_dir(case).expect("case") {
        let entry = entry.expect("entry");
        let name = entry.file_name();
        if name != "README" && name != "expected.txt" {
            std::fs::copy(entry.path(), dir.path().join(&name)).expect("copy");
        }
    }
    dir
}

#[test]
fn every_bad_export_is_refused_with_its_expected_report_and_nothing_written() {
    let bless = std::env::var_os("LADDER_BLESS").is_some();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(vendor("bad"))
        .expect("corpus")
        .map(|entry| entry.expect("entry").path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "the corpus holds {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let repo = framework_repo();
        let before = head(&repo);
        let exports = case_exports(case);
        let run = import(
            &repo,
            exports.path(),
            &vendor_args("employees.csv", Some("job_information.csv")),
        );
        let expected_path = case.join("expected.txt");
        if bless {
            std::fs::write(&expected_path, &run.stdout).expect("bless");
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        let name = case.display();
        if run.code != Some(1) {
            failures.push(format!(
                "{name}: exit {:?}\n{}{}",
                run.code, run.stdout, run.stderr
            ));
        } else if run.stdout != expected {
            failures.push(format!(
                "{name}:\n--- expected\n{expected}--- got\n{}",
                run.stdout
            ));
        }
        if head(&repo) != before || !status_is_clean(&repo) {
            failures.push(format!("{name}: something was written"));
        }
        if run.stdout.contains("panicked") || run.stderr.contains("panicked") {
            failures.push(format!("{name}: panicked: {}", run.stderr));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
