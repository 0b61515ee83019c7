//! `ladder log --format json` over a 100,000-commit history of a 10,000-teammate org, side by
//! side with `git log -p --first-parent -- ladders/people`, with ladder's peak memory.
//! Run with `cargo bench --bench history`; LADDER_BENCH_DIR keeps the repository,
//! LADDER_BENCH_COMMITS changes the number of commits.

#![expect(clippy::print_stdout, reason = "a benchmark reports its figures")]

use std::time::Instant;

mod support;
#[path = "../tests/support/synth.rs"]
mod synth;

use synth::OrgSpec;

fn main() {
    let commits = support::setting("LADDER_BENCH_COMMITS", 100_000);
    let temp = tempfile::tempdir().expect("temp");
    let dir = &*support::repository_dir(&temp);
    if !dir.join(".git").exists() {
        let start = Instant::now();
        support::build(dir, OrgSpec::new(10_000), commits);
        println!(
            "built {commits} commits with git fast-import in {:.1} s",
            start.elapsed().as_secs_f64()
        );
    }
    let ladder = env!("CARGO_BIN_EXE_ladder");
    let (git_time, _) = support::run(
        dir,
        "git",
        &["log", "-p", "--first-parent", "--", "ladders/people"],
        &[],
    );
    let (ladder_time, peak) =
        support::run(dir, ladder, &["log", "--format", "json", "--no-cache"], &[]);
    let (pace_time, pace_peak) = support::run(
        dir,
        ladder,
        &["pace", "--format", "json", "--no-cache"],
        &[],
    );
    // The history index: built up to the commit before the last, then a pull request's check of
    // that last commit reads only what is new.
    let index = dir.join(".git/ladder");
    let _ = std::fs::remove_dir_all(&index);
    let (build_time, build_peak) = support::run(
        dir,
        ladder,
        &["log", "--format", "json", "--rev", "HEAD~1"],
        &[],
    );
    let (diff_time, diff_peak) = support::run(
        dir,
        ladder,
        &["diff", "HEAD~1", "HEAD", "--format", "json"],
        &[],
    );
    let (extend_time, extend_peak) = support::run(dir, ladder, &["pace", "--format", "json"], &[]);
    let (git_diff_time, _) = support::run(
        dir,
        "git",
        &["diff", "--name-status", "HEAD~1", "HEAD"],
        &[],
    );
    println!("history of {commits} commits, 10,000 teammates");
    println!(
        "  git log -p --first-parent -- ladders/people: {:>7.2} s",
        git_time.as_secs_f64()
    );
    println!(
        "  ladder log --format json:                    {:>7.2} s",
        ladder_time.as_secs_f64()
    );
    println!(
        "  ratio: {:.2} (goal <= 1.0)",
        ladder_time.as_secs_f64() / git_time.as_secs_f64()
    );
    println!(
        "  ladder pace --format json:                   {:>7.2} s",
        pace_time.as_secs_f64()
    );
    println!(
        "  pace over log: {:+.1}% (goal <= +10%)",
        (pace_time.as_secs_f64() / ladder_time.as_secs_f64() - 1.0) * 100.0
    );
    for (what, peak) in [("log", peak), ("pace", pace_peak)] {
        match peak {
            Some(peak) => println!("  ladder {what} peak memory: {peak:.0} MiB (goal <= 200 MB)"),
            None => println!("  ladder {what} peak memory: not measured (no /usr/bin/time)"),
        }
    }
    let mib = |peak: Option<f64>| {
        peak.map_or("not measured".to_string(), |peak| format!("{peak:.0} MiB"))
    };
    println!("with the history index:");
    println!(
        "  ladder log, writing the index:               {:>7.2} s, {}",
        build_time.as_secs_f64(),
        mib(build_peak)
    );
    println!(
        "  ladder diff HEAD~1 HEAD with pace, warm:     {:>7.2} s, {} (goal <= 1 s, 200 MB); git diff --name-status {:.3} s",
        diff_time.as_secs_f64(),
        mib(diff_peak),
        git_diff_time.as_secs_f64()
    );
    println!(
        "  ladder pace, one commit new to the index:    {:>7.2} s, {}",
        extend_time.as_secs_f64(),
        mib(extend_peak)
    );
}
