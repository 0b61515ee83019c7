//! The binary end to end: what a user types, what they see, and the exit code.

mod support;

// The clap definitions themselves, so the tests can walk every command they define.
#[path = "../src/cli.rs"]
mod cli;

use std::path::Path;

use assert_cmd::Command;
use support::{Repo, copy_dir};

fn ladder() -> Command {
    let mut command = Command::cargo_bin("ladder").expect("binary");
    command.env_remove("NO_COLOR");
    command
}

fn shipped() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ladders")
}

/// A repository holding the shipped example, committed, with a broken step in the work tree.
fn repo_with_shipped_example() -> Repo {
    let mut repo = Repo::new();
    copy_dir(&shipped(), &repo.ladders());
    repo.commit("Add the career framework");
    repo
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("utf-8")
}

#[test]
fn the_shipped_example_is_all_well() {
    let output = ladder()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "ladders: 2 tracks, 14 levels, 3 teams, 44 teammates, 1 case file: all well\n"
    );
}

#[test]
fn a_step_zero_is_shown_with_a_caret_under_the_value_and_exits_1() {
    let repo = repo_with_shipped_example();
    let file = "ladders/people/engineering/sofia-rossi.yml";
    let text = std::fs::read_to_string(repo.path().join(file)).expect("read");
    repo.write(file, &text.replace("step: 2", "step: 0"));
    let output = ladder()
        .current_dir(repo.path())
        .args(["check"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn a_revision_is_checked_from_git_not_from_the_work_tree() {
    let mut repo = repo_with_shipped_example();
    let file = "ladders/people/engineering/kofi-mensah.yml";
    let text = std::fs::read_to_string(repo.path().join(file)).expect("read");
    repo.write(file, &text.replace("lead: leo-martins", "lead: leo-martin"));
    repo.commit("Move Kofi");
    // The work tree is fixed again, but HEAD still holds the typo.
    repo.write(file, &text);
    let at_head = ladder()
        .current_dir(repo.path())
        .args(["check", "--rev", "HEAD", "--format", "json"])
        .output()
        .expect("run");
    assert_eq!(at_head.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&at_head)).expect("json");
    assert_eq!(report["ok"], false);
    assert_eq!(report["counts"]["errors"], 1);
    let finding = &report["findings"][0];
    assert_eq!(finding["code"], "unknown-person");
    assert_eq!(finding["file"], file);
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(8), Some(7))
    );
    assert_eq!(finding["text"], "leo-martin");
    assert_eq!(finding["source_line"], "lead: leo-martin");
    assert_eq!(finding["help"], "did you mean `leo-martins`?");
    let commit = repo
        .repo
        .head()
        .expect("head")
        .target()
        .expect("id")
        .to_string();
    assert_eq!(report["revision"]["commit"], commit.as_str());

    let previous = ladder()
        .current_dir(repo.path())
        .args(["check", "--rev", "HEAD~1"])
        .output()
        .expect("run");
    assert_eq!(previous.status.code(), Some(0));
    let work_tree = ladder()
        .current_dir(repo.path())
        .args(["check"])
        .output()
        .expect("run");
    assert_eq!(work_tree.status.code(), Some(0));
}

#[test]
fn unreadable_input_exits_2_with_a_clear_message() {
    let repo = repo_with_shipped_example();
    let cases: [(&[&str], &str); 4] = [
        (
            &["check", "--dir", "nowhere"],
            "error: cannot read nowhere: ",
        ),
        (
            &["check", "--rev", "no-such-branch"],
            "error: cannot resolve revision `no-such-branch`",
        ),
        (
            &["check", "--rev", "HEAD", "--dir", "elsewhere"],
            "error: revision `HEAD` has no folder `elsewhere`",
        ),
        (
            &["check", "--format", "yaml"],
            "invalid value 'yaml' for '--format <FORMAT>'",
        ),
    ];
    for (args, message) in cases {
        let output = ladder()
            .current_dir(repo.path())
            .args(args)
            .output()
            .expect("run");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    let outside = tempfile::tempdir().expect("temp");
    let output = ladder()
        .current_dir(outside.path())
        .args(["check", "--rev", "HEAD"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot open the git repository"));
}

#[test]
fn run_from_inside_the_ladders_folder_it_says_where_to_run_it() {
    let output = ladder()
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("ladders"))
        .arg("check")
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: cannot read ladders: there is no ladders here, but this folder holds a framework.yml: run ladder from the repository's top, or pass `--dir .`\n"
    );
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let repo = repo_with_shipped_example();
    repo.write("ladders/people/ghost.yml", "name: Ghost\n");
    let coloured = ladder()
        .current_dir(repo.path())
        .args(["check", "--color", "always"])
        .output()
        .expect("run");
    assert!(stdout(&coloured).contains("\u{1b}["));
    let plain = ladder()
        .current_dir(repo.path())
        .env("NO_COLOR", "1")
        .args(["check"])
        .output()
        .expect("run");
    assert!(!stdout(&plain).contains("\u{1b}["));
    assert!(stdout(&plain).contains("error[yaml]: missing key `team`"));
}

#[test]
fn the_shipped_schemas_match_the_types() {
    for kind in ladder::schema::KINDS.iter().chain(&ladder::report::SCHEMAS) {
        let output = ladder().args(["schema", kind]).output().expect("run");
        assert_eq!(output.status.code(), Some(0));
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("schema")
            .join(ladder::schema::file_name(kind));
        let shipped = std::fs::read_to_string(&path).expect("shipped schema");
        assert_eq!(
            stdout(&output),
            shipped,
            "{} is stale: run `cargo run -- schema --out schema`",
            path.display()
        );
    }
}

#[test]
fn every_shipped_file_names_its_schema() {
    let mut files = Vec::new();
    let mut folders = vec![shipped()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).expect("read") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "yml") {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 40);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        let first = text
            .lines()
            .find(|line| line.contains("$schema="))
            .expect("schema line");
        let target = first.split("$schema=").nth(1).expect("target");
        let schema = file.parent().expect("parent").join(target);
        assert!(
            schema.exists(),
            "{} points at {}",
            file.display(),
            schema.display()
        );
    }
}

/// Every command's path below `ladder`, walking clap's definitions: `[]` is ladder itself.
fn command_paths(command: &clap::Command, path: &[String], into: &mut Vec<Vec<String>>) {
    into.push(path.to_vec());
    for sub in command.get_subcommands() {
        let mut below = path.to_vec();
        below.push(sub.get_name().to_string());
        command_paths(sub, &below, into);
    }
}

/// Every environment variable an option reads, in any command: help shows their values.
fn option_variables(command: &clap::Command, into: &mut Vec<std::ffi::OsString>) {
    into.extend(
        command
            .get_arguments()
            .filter_map(|arg| arg.get_env().map(std::ffi::OsStr::to_os_string)),
    );
    for sub in command.get_subcommands() {
        option_variables(sub, into);
    }
}

#[test]
fn help_for_every_command() {
    use clap::CommandFactory;
    let definitions = cli::Cli::command();
    let mut paths = Vec::new();
    command_paths(&definitions, &[], &mut paths);
    assert!(paths.len() > 15, "{paths:?}");
    let mut variables = Vec::new();
    option_variables(&definitions, &mut variables);
    for path in paths {
        let mut command = ladder();
        for variable in &variables {
            command.env_remove(variable);
        }
        let output = command.args(&path).arg("--help").output().expect("run");
        assert_eq!(output.status.code(), Some(0), "{path:?}");
        // `help_help` is ladder's own --help, as it has always been named.
        let name = if path.is_empty() {
            "help".to_string()
        } else {
            path.join("_")
        };
        insta::assert_snapshot!(format!("help_{name}"), stdout(&output));
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let repo = repo_with_shipped_example();
    for index in 0..40 {
        repo.write(&format!("ladders/people/broken-{index}.yml"), "name: [\n");
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("ladder"))
        .current_dir(repo.path())
        .args(["check"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let status = child.wait().expect("wait");
    assert!(matches!(status.code(), Some(0 | 1)), "{status:?}");
}

#[test]
fn a_closed_pipe_under_a_changes_json_is_not_an_error() {
    let mut repo = repo_with_shipped_example();
    let people = repo.ladders().join("people");
    let files = |dir: &std::path::Path| -> Vec<std::path::PathBuf> {
        std::fs::read_dir(dir)
            .expect("folder")
            .flatten()
            .map(|entry| entry.path())
            .collect()
    };
    let someone = files(&people)
        .into_iter()
        .flat_map(|path| {
            if path.is_dir() {
                files(&path)
            } else {
                vec![path]
            }
        })
        .find(|path| path.extension().is_some_and(|extension| extension == "yml"))
        .expect("a placement");
    let text = std::fs::read_to_string(&someone).expect("placement");
    std::fs::write(
        &someone,
        text.replace("step: 1", "step: 2")
            .replace("step: 3", "step: 4"),
    )
    .expect("write");
    repo.commit("A step");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("ladder"))
        .current_dir(repo.path())
        .args(["diff", "HEAD~1", "HEAD", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("cannot write"), "{stderr}");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{:?}",
        output.status
    );
}

#[test]
fn init_writes_a_starter_that_checks_clean_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("temp");
    // FOLDER is the repository's folder, as with --demo: the starter goes into its ladders/.
    let output = ladder()
        .current_dir(dir.path())
        .args(["init", "hr"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.starts_with("wrote hr/ladders/ (9 files):\n"), "{text}");
    assert!(
        text.ends_with(
            "next:\n  cd hr\n  git init\n  ladder check\n  ladder compare maker/1 maker/2\n  git add ladders && git commit -m \"Our career framework\"\n"
        ),
        "{text}"
    );
    let folder = dir.path().join("hr/ladders");
    let snapshot = ladder::snapshot::load_dir(&folder, "ladders").expect("load");
    assert_eq!(ladder::check::check_snapshot(&snapshot), Vec::new());
    assert_eq!((snapshot.people.len(), snapshot.teams.len()), (2, 1));
    // The case template, copied to a real name, is a valid case file.
    std::fs::copy(
        folder.join("cases/.template.md"),
        folder.join("cases/sam-roe-level-2.md"),
    )
    .expect("copy");
    let snapshot = ladder::snapshot::load_dir(&folder, "ladders").expect("load");
    assert_eq!(snapshot.cases.len(), 1);
    // Valid, but with its placeholder lines unedited it argues nothing yet: a warning only.
    let findings = ladder::check::check_snapshot(&snapshot);
    assert_eq!(
        findings
            .iter()
            .map(|finding| (finding.severity, finding.code))
            .collect::<Vec<_>>(),
        [(ladder::finding::Severity::Warning, "case-placeholder")]
    );
    // The files name their schemas, and the schemas are there.
    let framework = std::fs::read_to_string(folder.join("framework.yml")).expect("read");
    assert!(framework.starts_with("# yaml-language-server: $schema=.schema/framework.schema.json"));
    assert!(folder.join(".schema/placement.schema.json").exists());

    // A second run refuses and leaves everything as it was.
    let before = std::fs::read_to_string(folder.join("people/sam-roe.yml")).expect("read");
    let again = ladder()
        .current_dir(dir.path())
        .args(["init", "hr"])
        .output()
        .expect("run");
    assert_eq!(again.status.code(), Some(2));
    assert!(stdout(&again).is_empty());
    assert!(
        String::from_utf8_lossy(&again.stderr)
            .contains("hr/ladders already exists and is not empty: ladder init writes a new folder and never overwrites"),
    );
    let after = std::fs::read_to_string(folder.join("people/sam-roe.yml")).expect("read");
    assert_eq!(before, after);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("hr"))
        .expect("dir")
        .map(|entry| entry.expect("entry").file_name())
        .collect();
    assert_eq!(leftovers, ["ladders"]);

    // In a repository already, with the ladders folder elsewhere (what `ladder init NAME` wrote
    // before FOLDER meant the repository): no `git init`, and --dir in every next step.
    git2::Repository::init(dir.path().join("people-ops")).expect("git init");
    let elsewhere = ladder()
        .current_dir(dir.path().join("people-ops"))
        .args(["init", "--dir", "career/ladders"])
        .output()
        .expect("run");
    assert_eq!(elsewhere.status.code(), Some(0));
    let text = stdout(&elsewhere);
    assert!(
        text.starts_with("wrote career/ladders/ (9 files):\n")
            && text.ends_with(
                "next:\n  ladder check --dir career/ladders\n  ladder compare maker/1 maker/2 --dir career/ladders\n  git add career/ladders && git commit -m \"Our career framework\"\n"
            ),
        "{text}"
    );
    assert!(
        dir.path()
            .join("people-ops/career/ladders/framework.yml")
            .exists()
    );

    // An empty ladders folder is fine to fill.
    std::fs::create_dir_all(dir.path().join("empty/ladders")).expect("mkdir");
    let filled = ladder()
        .current_dir(dir.path())
        .args(["init", "empty"])
        .output()
        .expect("run");
    assert_eq!(filled.status.code(), Some(0));
    assert!(dir.path().join("empty/ladders/framework.yml").exists());
}

#[test]
fn completions_and_manual_pages_come_from_the_same_definitions() {
    for (shell, marker) in [
        ("bash", "_ladder()"),
        ("zsh", "#compdef ladder"),
        ("fish", "complete -c ladder"),
    ] {
        let output = ladder().args(["completions", shell]).output().expect("run");
        assert_eq!(output.status.code(), Some(0));
        let text = stdout(&output);
        assert!(text.contains(marker), "{shell}: {text}");
        for command in ["check", "diff", "pace", "init", "completions"] {
            assert!(text.contains(command), "{shell} lacks {command}");
        }
    }
    let man = ladder().args(["man"]).output().expect("run");
    assert_eq!(man.status.code(), Some(0));
    let page = stdout(&man);
    assert!(
        page.starts_with(".ie") && page.contains(".TH ladder 1"),
        "{page}"
    );
    assert!(page.contains("pace"), "{page}");
    let pace = stdout(&ladder().args(["man", "pace"]).output().expect("run"));
    assert!(pace.contains(".TH ladder-pace 1"), "{pace}");
    assert!(pace.contains("\\-\\-review"), "{pace}");
    let unknown = ladder().args(["man", "nope"]).output().expect("run");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("`nope` is not a command"));
}

#[test]
fn the_version_names_the_commit_it_was_built_from() {
    let output = ladder().arg("--version").output().expect("run");
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let commit = text
        .split("(commit ")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .expect("a commit");
    let hash = commit.trim_end_matches("-modified");
    assert!(
        hash == "unknown" || (hash.len() == 12 && hash.chars().all(|c| c.is_ascii_hexdigit())),
        "{text}"
    );
}
