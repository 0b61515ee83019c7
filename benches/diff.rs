//! `ladder diff` on a 10,000-teammate repository with a 5-file change, side by side with
//! `git diff --name-status` between the same revisions. Run with `cargo bench --bench diff`.

#![expect(clippy::print_stdout, reason = "a benchmark reports its figures")]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

#[path = "../tests/support/synth.rs"]
mod synth;

use synth::{OrgSpec, org_files, person_id};

const TEAMMATES: usize = 10_000;
const RUNS: usize = 21;

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    let output = Command::new("git")
        .current_dir(dir)
        // No automatic gc: one started in the background by a large commit makes the bench's
        // own `git gc` stop with "gc is already running", so runs would differ.
        .args([
            "-c",
            "user.name=Bench",
            "-c",
            "user.email=bench@example.com",
            "-c",
            "gc.auto=0",
            "-c",
            "maintenance.auto=false",
        ])
        .args(args)
        .output()
        .expect("git");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn median(mut command: impl FnMut() -> std::process::Output) -> Duration {
    command();
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            command();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

fn main() {
    // LADDER_BENCH_DIR keeps the repository for profiling.
    let temp = tempfile::tempdir().expect("temp");
    let kept = std::env::var_os("LADDER_BENCH_DIR").map(std::path::PathBuf::from);
    let dir = kept.as_deref().unwrap_or(temp.path());
    std::fs::create_dir_all(dir).expect("mkdir");
    let files = org_files(OrgSpec::new(TEAMMATES));
    for (path, text) in &files {
        let path = dir.join("ladders").join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    git(dir, &["init", "-q"]);
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", "org"]);
    git(dir, &["gc", "-q"]);
    // Five makers under one lead move up a step, as one lead's pull request would.
    let lead = 1000;
    let mut changed = 0;
    for report in (lead * 8 + 1)..(lead * 8 + 9) {
        let path = dir
            .join("ladders/people")
            .join(format!("{}.yml", person_id(report)));
        let text = std::fs::read_to_string(&path).expect("read");
        let Some(step) = text.lines().find_map(|line| line.strip_prefix("step: ")) else {
            continue;
        };
        let step: u32 = step.parse().expect("step");
        if step < 4 && changed < 5 {
            std::fs::write(
                &path,
                text.replace(&format!("step: {step}"), &format!("step: {}", step + 1)),
            )
            .expect("write");
            changed += 1;
        }
    }
    assert_eq!(changed, 5);
    git(dir, &["commit", "-q", "-am", "Steps for five"]);

    let author = format!("user-{lead}");
    let ladder = env!("CARGO_BIN_EXE_ladder");
    let diff = |pace: bool| {
        let author = author.clone();
        move || {
            let mut args = vec![
                "diff", "HEAD~1", "HEAD", "--format", "json", "--author", &author,
            ];
            if !pace {
                args.push("--no-pace");
            }
            let output = Command::new(ladder)
                .current_dir(dir)
                .args(&args)
                .output()
                .expect("ladder");
            assert!(output.status.code().is_some_and(|code| code <= 1));
            output
        }
    };
    let report: serde_json::Value = serde_json::from_slice(&diff(false)().stdout).expect("json");
    assert_eq!(report["people"].as_array().map(Vec::len), Some(5));
    assert_eq!(report["read_everything"], false);
    let ladder_time = median(diff(false));
    let with_pace = median(diff(true));
    let git_time = median(|| {
        git(
            dir,
            &["diff", "--name-status", "HEAD~1", "HEAD", "--", "ladders"],
        )
    });
    println!("diff, {TEAMMATES} teammates, a 5-file change, median of {RUNS} runs");
    println!(
        "  git diff --name-status: {:>7.1} ms",
        git_time.as_secs_f64() * 1e3
    );
    println!(
        "  ladder diff --no-pace:  {:>7.1} ms",
        ladder_time.as_secs_f64() * 1e3
    );
    println!(
        "  ratio: {:.2} (goal <= 2.0)",
        ladder_time.as_secs_f64() / git_time.as_secs_f64()
    );
    println!(
        "  ladder diff with pace (reads the base branch's whole history): {:>7.1} ms",
        with_pace.as_secs_f64() * 1e3
    );
}
