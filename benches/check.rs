//! `ladder check` on a synthetic org of 10,000 teammates, from disk and from a git revision.
//! Run with `cargo bench --bench check`; prints the median of several runs.

#![expect(clippy::print_stdout, reason = "a benchmark reports its figures")]

use std::path::Path;
use std::time::{Duration, Instant};

use ladder::check::check_snapshot;
use ladder::snapshot::{load_dir, load_rev};
#[path = "../tests/support/synth.rs"]
mod synth;

use synth::{OrgSpec, write_org};

const TEAMMATES: usize = 10_000;
const RUNS: usize = 15;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn time(mut run: impl FnMut() -> usize) -> (Duration, usize) {
    let mut findings = run();
    let times = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            findings = run();
            start.elapsed()
        })
        .collect();
    (median(times), findings)
}

fn commit_all(repo_dir: &Path) -> Result<(), git2::Error> {
    let repo = git2::Repository::init(repo_dir)?;
    let mut index = repo.index()?;
    index.add_all(["ladders"], git2::IndexAddOption::DEFAULT, None)?;
    let tree = repo.find_tree(index.write_tree()?)?;
    let signature = git2::Signature::new(
        "Bench",
        "bench@example.com",
        &git2::Time::new(1_700_000_000, 0),
    )?;
    repo.commit(
        Some("HEAD"),
        &signature,
        &signature,
        "synthetic org",
        &tree,
        &[],
    )?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let temp = tempfile::tempdir()?;
    let ladders = temp.path().join("ladders");
    write_org(&ladders, OrgSpec::new(TEAMMATES))?;
    commit_all(temp.path())?;
    let repo = git2::Repository::open(temp.path())?;

    let (disk, disk_findings) = time(|| {
        let snapshot = load_dir(&ladders, "ladders").expect("load");
        check_snapshot(&snapshot).len()
    });
    let (rev, rev_findings) = time(|| {
        let snapshot = load_rev(&repo, "HEAD", "ladders").expect("load");
        check_snapshot(&snapshot).len()
    });
    println!(
        "check, {TEAMMATES} teammates, median of {RUNS} runs on {} threads",
        rayon::current_num_threads()
    );
    println!(
        "  from disk:     {:>7.1} ms  ({disk_findings} findings)  goal <= 150 ms",
        disk.as_secs_f64() * 1e3
    );
    println!(
        "  from revision: {:>7.1} ms  ({rev_findings} findings)  goal <= 300 ms",
        rev.as_secs_f64() * 1e3
    );
    Ok(())
}
