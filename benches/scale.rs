//! Every command on a 50,000-teammate org with 200,000 commits of history, beside git's own
//! commands on the same repository: wall time and peak memory (from /usr/bin/time).
//! Run with `cargo bench --bench scale`; LADDER_BENCH_DIR keeps the repository between runs,
//! LADDER_BENCH_PEOPLE and LADDER_BENCH_COMMITS change its size. Prints a Markdown table.

#![expect(clippy::print_stdout, reason = "a benchmark reports its figures")]

use std::path::Path;
use std::process::Command;
use std::time::Instant;

mod support;
#[path = "../tests/support/synth.rs"]
mod synth;

use synth::{OrgSpec, person_id};

/// Environment variables a run gets.
type Env<'a> = &'a [(&'a str, String)];

struct Measure {
    what: String,
    seconds: f64,
    peak_mib: f64,
}

/// One run of a command, timed and measured.
fn measure(
    dir: &Path,
    what: &str,
    program: &str,
    args: &[&str],
    env: &[(&str, String)],
) -> Measure {
    let (elapsed, peak) = support::run(dir, program, args, env);
    Measure {
        what: what.to_string(),
        seconds: elapsed.as_secs_f64(),
        peak_mib: peak.expect("/usr/bin/time's figure"),
    }
}

fn main() {
    let people = support::setting("LADDER_BENCH_PEOPLE", 50_000);
    let commits = support::setting("LADDER_BENCH_COMMITS", 200_000);
    let temp = tempfile::tempdir().expect("temp");
    let dir = &*support::repository_dir(&temp);
    if !dir.join(".git").exists() {
        let start = Instant::now();
        let spec = OrgSpec {
            per_folder: 250,
            ..OrgSpec::new(people)
        };
        support::build(dir, spec, commits);
        println!(
            "built {people} teammates and {commits} commits with git fast-import in {:.0} s\n",
            start.elapsed().as_secs_f64()
        );
    }
    let ladder = env!("CARGO_BIN_EXE_ladder");
    let out = tempfile::tempdir().expect("out");
    let site = out.path().join("site").display().to_string();
    let head = String::from_utf8(
        Command::new("git")
            .current_dir(dir)
            .args(["rev-parse", "HEAD", "HEAD~1"])
            .output()
            .expect("rev-parse")
            .stdout,
    )
    .expect("ids");
    let ids: Vec<&str> = head.lines().collect();
    let event = out.path().join("event.json");
    std::fs::write(
        &event,
        format!(
            r#"{{"pull_request": {{"number": 1, "user": {{"login": "someone"}}, "base": {{"ref": "main", "sha": "{}"}}, "head": {{"ref": "change", "sha": "{}"}}}}}}"#,
            ids[1], ids[0]
        ),
    )
    .expect("event");
    let ci_env = vec![
        ("GITHUB_EVENT_NAME", "pull_request".to_string()),
        ("GITHUB_EVENT_PATH", event.display().to_string()),
        ("GITHUB_REPOSITORY", "acme/ladder".to_string()),
        ("GITHUB_WORKSPACE", dir.display().to_string()),
        ("RUNNER_TEMP", out.path().display().to_string()),
        (
            "GITHUB_STEP_SUMMARY",
            out.path().join("summary.md").display().to_string(),
        ),
    ];
    let someone = person_id(people / 2);
    let index = dir.join(".git/ladder");
    let _ = std::fs::remove_dir_all(&index);
    let none: Env = &[];
    let git_runs = [
        (
            "git log -p --first-parent -- ladders/people",
            vec!["log", "-p", "--first-parent", "--", "ladders/people"],
        ),
        (
            "git diff --name-status HEAD~1 HEAD",
            vec!["diff", "--name-status", "HEAD~1", "HEAD"],
        ),
        ("git status", vec!["status", "--short"]),
        (
            "git ls-tree -r HEAD ladders",
            vec!["ls-tree", "-r", "HEAD", "ladders"],
        ),
    ];
    let mut measures: Vec<Measure> = git_runs
        .iter()
        .map(|(what, args)| measure(dir, what, "git", args, none))
        .collect();
    let ladder_runs: Vec<(&str, Vec<&str>, Env)> = vec![
        ("ladder check (work tree)", vec!["check"], none),
        (
            "ladder check --rev HEAD",
            vec!["check", "--rev", "HEAD"],
            none,
        ),
        (
            "ladder log, no index (cold)",
            vec!["log", "--format", "json", "--no-cache"],
            none,
        ),
        (
            "ladder log --rev HEAD~1, writing the index",
            vec!["log", "--format", "json", "--rev", "HEAD~1"],
            none,
        ),
        (
            "ladder diff HEAD~1 HEAD, warm index (the PR check)",
            vec!["diff", "HEAD~1", "HEAD", "--format", "json"],
            none,
        ),
        (
            "ladder ci, warm index, no token",
            vec!["ci", "--comment", "false"],
            &ci_env,
        ),
        (
            "ladder pace, one commit new to the index",
            vec!["pace", "--format", "json"],
            none,
        ),
        ("ladder pace, warm", vec!["pace", "--format", "json"], none),
        (
            "ladder show (one teammate)",
            vec!["show", &someone, "--format", "json"],
            none,
        ),
        (
            "ladder log (one teammate, warm)",
            vec!["log", &someone, "--format", "json"],
            none,
        ),
        (
            "ladder calibrate",
            vec!["calibrate", "--format", "json"],
            none,
        ),
        (
            "ladder summary (this year, per area and month)",
            vec!["summary", "--format", "json"],
            none,
        ),
        (
            "ladder render --people",
            vec!["render", "--out", &site, "--people"],
            none,
        ),
        (
            "ladder export --what people",
            vec!["export", "--what", "people"],
            none,
        ),
        ("ladder export --what framework", vec!["export"], none),
        (
            "ladder compare maker/1 maker/2",
            vec!["compare", "maker/1", "maker/2"],
            none,
        ),
    ];
    for (what, args, env) in &ladder_runs {
        let mut env = env.to_vec();
        if *what == "ladder ci, warm index, no token" {
            // The PR check as the Action runs it, reading the index the commands above kept.
            env.push(("LADDER_CACHE", index.display().to_string()));
        }
        measures.push(measure(dir, what, ladder, args, &env));
    }
    println!(
        "{people} teammates, {commits} commits, {} cores",
        std::thread::available_parallelism().map_or(1, usize::from)
    );
    println!();
    println!("| command | wall time | peak memory |");
    println!("|---|---:|---:|");
    for measure in &measures {
        println!(
            "| `{}` | {:.2} s | {:.0} MiB |",
            measure.what, measure.seconds, measure.peak_mib
        );
    }
    let worst = measures
        .iter()
        .filter(|measure| measure.what.starts_with("ladder"))
        .map(|measure| measure.peak_mib)
        .fold(0.0, f64::max);
    println!();
    println!("largest ladder peak: {worst:.0} MiB (goal <= 300 MB)");
}
