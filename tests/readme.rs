//! The README's quick start, followed word for word: every command of the `sh` blocks under
//! "## Quick start", read from README.md as written and run in order, each block from a fresh
//! temporary folder, with git that reads no configuration of this machine. One line is not run:
//! `cargo install`, which builds and puts `ladder` on the PATH; the test puts the `ladder` this
//! build made first on the PATH instead. When the quick start changes, `STEPS` must change with
//! it, so a README whose commands no longer work cannot pass.

use std::path::{Path, PathBuf};

/// A command the test does not run (see the module's note).
const NOT_RUN: i32 = -1;

/// Each command of the quick start as the README writes it (its comment left out), the exit
/// code it must end with, and words its output (stdout and stderr) must hold.
const STEPS: &[(&str, i32, &[&str])] = &[
    ("cargo install --locked --path .", NOT_RUN, &[]),
    (
        "ladder init --demo",
        0,
        &["wrote a demo repository in ladder-demo/", "next:"],
    ),
    ("cd ladder-demo", 0, &[]),
    ("ladder pace", 0, &["Leo Martins"]),
    ("git init -b main acme-ladders", 0, &[]),
    ("cd acme-ladders", 0, &[]),
    ("ladder init", 0, &["wrote ladders/ (9 files):"]),
    (
        "ladder check",
        0,
        &["ladders: 2 tracks, 4 levels, 1 team, 2 teammates, 0 case files: all well"],
    ),
    ("git add ladders", 0, &[]),
    ("git commit -m \"Our career framework\"", 0, &[]),
    ("git switch -c promote-sam", 0, &[]),
    (
        "ladder propose sam-roe --step +1 --reason \"Led the on-call rework\"",
        0,
        &[
            "Sam Roe (sam-roe): up 1 step",
            "wrote ladders/people/sam-roe.yml",
            "Director of Engineering: Alex Doe (@alex-doe)",
        ],
    ),
    ("git commit -am \"Step up for Sam Roe\"", 0, &[]),
    (
        "ladder ci --dry-run",
        1,
        &[
            "<!-- ladder:sticky-comment -->\n### ❌ ladder: not ready to merge: 1 error",
            "| Sam Roe (`sam-roe`) | up 1 step |",
            "| step change for Sam Roe | `director` | ⏳ waiting for `alex-doe` |",
            "ladder ci --dry-run: HEAD against main: the `ladder` status would be failure (1 error, 0 warnings)",
        ],
    ),
];

/// The `sh` blocks of the README's "Quick start" section, each a list of commands: comments
/// dropped, `a && b` split into `a` and `b`.
fn quick_start() -> Vec<Vec<String>> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let section = readme
        .split_once("\n## Quick start\n")
        .expect("the README has a `## Quick start` section")
        .1;
    let section = section.split("\n## ").next().unwrap_or(section);
    let mut blocks = Vec::new();
    let mut lines = section.lines();
    while let Some(line) = lines.next() {
        if line.trim() != "```sh" {
            continue;
        }
        let mut block = Vec::new();
        for line in lines.by_ref() {
            if line.trim() == "```" {
                break;
            }
            let command = line.split_once(" # ").map_or(line, |(command, _)| command);
            block.extend(
                command
                    .split(" && ")
                    .map(|part| part.trim().to_string())
                    .filter(|part| !part.is_empty()),
            );
        }
        blocks.push(block);
    }
    blocks
}

/// The folder holding the `ladder` this build made.
fn built_ladder() -> PathBuf {
    assert_cmd::cargo::cargo_bin("ladder")
        .parent()
        .expect("a folder")
        .to_path_buf()
}

#[test]
fn the_quick_start_works_word_for_word_on_a_fresh_folder() {
    let blocks = quick_start();
    let written: Vec<&str> = blocks.iter().flatten().map(String::as_str).collect();
    let expected: Vec<&str> = STEPS.iter().map(|(command, _, _)| *command).collect();
    assert_eq!(
        written, expected,
        "the README's quick start changed: follow it by hand, then write what each command must do in STEPS"
    );
    let path = format!(
        "{}:{}",
        built_ladder().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut steps = STEPS.iter();
    for block in &blocks {
        let temp = tempfile::tempdir().expect("temp");
        let home = temp.path().join("home");
        std::fs::create_dir(&home).expect("home");
        let mut here = temp.path().join("work");
        std::fs::create_dir(&here).expect("work");
        for command in block {
            let (_, code, words) = steps.next().expect("a step");
            if *code == NOT_RUN {
                assert!(command.starts_with("cargo install"), "{command}");
                continue;
            }
            if let Some(folder) = command.strip_prefix("cd ") {
                here = here.join(folder);
                assert!(here.is_dir(), "`{command}`: no such folder");
                continue;
            }
            assert!(
                command.starts_with("ladder ")
                    || command == "ladder"
                    || command.starts_with("git "),
                "the quick start runs only ladder and git: `{command}`"
            );
            let output = std::process::Command::new("sh")
                .arg("-c")
                .arg(command)
                .current_dir(&here)
                .env_clear()
                .env("PATH", &path)
                .env("HOME", &home)
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig"))
                .env("GIT_AUTHOR_NAME", "Alex Doe")
                .env("GIT_AUTHOR_EMAIL", "alex@example.com")
                .env("GIT_COMMITTER_NAME", "Alex Doe")
                .env("GIT_COMMITTER_EMAIL", "alex@example.com")
                .env("NO_COLOR", "1")
                .output()
                .expect("run");
            let said = format!(
                "{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            assert_eq!(
                output.status.code(),
                Some(*code),
                "`{command}` in {}:\n{said}",
                here.display()
            );
            for word in *words {
                assert!(
                    said.contains(word),
                    "`{command}` did not say {word:?}:\n{said}"
                );
            }
        }
    }
    assert!(steps.next().is_none());
}
