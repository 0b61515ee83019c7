//! `cargo bench --bench import`: an HR export of 10,000 people with 60,000 job-history rows over
//! five years imported into a ladder holding only its framework, with ladder's peak memory;
//! then `git fast-import` of the same commits into an empty repository, the floor (git writing
//! those objects and nothing else), and the ratio. `LADDER_BENCH_PEOPLE` sets the size.

#![expect(clippy::print_stdout, reason = "a benchmark reports its figures")]

#[allow(dead_code, reason = "this bench uses the setting and the runner only")]
mod support;
#[path = "../tests/support/synth.rs"]
mod synth;

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// The map the import tests use for the same generated rows.
const MAP: &str = include_str!("../tests/fixtures/import/years.import.yml");

/// The roster and the job history of `people` people: a director, one lead per twenty, the
/// rest hired over three years and moved about every seven months. Returns the history's rows.
fn write_export(dir: &Path, people: usize) -> usize {
    use jiff::civil::date;
    let mut rng = fastrand::Rng::with_seed(22);
    let teams = ["Engineering", "Sales", "People"];
    let start = date(2021, 1, 4);
    let end = date(2025, 12, 31);
    let leads = (people / 20).max(1);
    let mut roster =
        String::from("Employee ID,Name,Email,Department,Job Level,Manager ID,Salary\n");
    let mut history = String::from(
        "Employee ID,Name,Effective Date,Event,Department,Job Level,Manager ID,Salary\n",
    );
    let mut rows = 0;
    let mut line = |history: &mut String, fields: std::fmt::Arguments<'_>| {
        let _ = writeln!(history, "{fields},100000");
        rows += 1;
    };
    line(
        &mut history,
        format_args!("1,Director,{start},Hire,Engineering,M5-1,"),
    );
    let _ = writeln!(roster, "1,Director,d@acme.example,Engineering,M5-1,,1");
    for lead in 0..leads {
        let id = 2 + lead;
        let team = teams[lead % 3];
        line(
            &mut history,
            format_args!("{id},Lead {lead},{start},Hire,{team},M3-1,1"),
        );
        let _ = writeln!(
            roster,
            "{id},Lead {lead},l{id}@acme.example,{team},M3-1,1,1"
        );
    }
    for n in 0..people.saturating_sub(leads + 1) {
        let id = 2 + leads + n;
        let mut lead = 2 + rng.usize(0..leads);
        let team = teams[(lead - 2) % 3];
        let mut day = start
            .checked_add(jiff::Span::new().days(rng.i64(1..1095)))
            .expect("date");
        let (mut level, mut step) = (1 + rng.u32(0..3), 1);
        line(
            &mut history,
            format_args!("{id},Person {n},{day},Hire,{team},IC{level}-{step},{lead}"),
        );
        let mut gone = false;
        loop {
            day = day
                .checked_add(jiff::Span::new().days(60 + rng.i64(0..300)))
                .expect("date");
            if day > end {
                break;
            }
            let roll = rng.u32(0..100);
            let event = if roll < 3 {
                gone = true;
                line(
                    &mut history,
                    format_args!("{id},Person {n},{day},Terminate Employee,,,"),
                );
                break;
            } else if roll < 15 {
                let other = 2 + rng.usize(0..leads);
                if (other - 2) % 3 != (lead - 2) % 3 || other == lead {
                    continue;
                }
                lead = other;
                "Change Manager"
            } else if step < 3 {
                step += 1;
                "Merit Step"
            } else if level < 5 {
                level += 1;
                step = 1;
                "Promote"
            } else {
                continue;
            };
            line(
                &mut history,
                format_args!("{id},Person {n},{day},{event},{team},IC{level}-{step},{lead}"),
            );
        }
        if !gone {
            let _ = writeln!(
                roster,
                "{id},Person {n},p{id}@acme.example,{team},IC{level}-{step},{lead},1"
            );
        }
    }
    std::fs::write(dir.join("import.yml"), MAP).expect("map");
    std::fs::write(dir.join("roster.csv"), roster).expect("roster");
    std::fs::write(dir.join("jobs.csv"), history).expect("jobs");
    rows
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=Bench",
            "-c",
            "user.email=bench@example.com",
        ])
        .args(args)
        .output()
        .expect("git");
    assert!(output.status.success(), "git {args:?}");
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

fn main() {
    let people = support::setting("LADDER_BENCH_PEOPLE", 10_000);
    let temp = tempfile::tempdir().expect("temp");
    let exports = temp.path().join("exports");
    let repo = temp.path().join("repo");
    std::fs::create_dir_all(&exports).expect("mkdir");
    std::fs::create_dir_all(repo.join("ladders")).expect("mkdir");
    let rows = write_export(&exports, people);
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/ladders");
    git(&repo, &["init", "-q", "-b", "main"]);
    let copied = Command::new("cp")
        .arg("-r")
        .arg(fixture.join("."))
        .arg(repo.join("ladders"))
        .status()
        .expect("cp");
    assert!(copied.success());
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "Our career framework"]);
    let before = git(&repo, &["rev-parse", "HEAD"]);
    let roster = exports.join("roster.csv").display().to_string();
    let map = exports.join("import.yml").display().to_string();
    let jobs = exports.join("jobs.csv").display().to_string();
    let (took, peak) = support::run(
        &repo,
        env!("CARGO_BIN_EXE_ladder"),
        &["import", &roster, "--map", &map, "--history", &jobs],
        &[],
    );
    let commits: usize = git(&repo, &["rev-list", "--count", &format!("{before}..HEAD")])
        .parse()
        .expect("count");
    assert!(commits > 0, "nothing was imported");
    // The floor: the same commits, their trees and blobs, written by git fast-import.
    let stream = Command::new("git")
        .current_dir(&repo)
        .args(["fast-export", "--reference-excluded-parents", "main"])
        .output()
        .expect("fast-export")
        .stdout;
    let floor = temp.path().join("floor");
    std::fs::create_dir_all(&floor).expect("mkdir");
    git(&floor, &["init", "-q", "-b", "main"]);
    let start = Instant::now();
    let mut child = Command::new("git")
        .current_dir(&floor)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("fast-import");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(&stream).expect("stream");
    }
    assert!(child.wait().expect("wait").success());
    let git_took = start.elapsed();
    println!(
        "import of {people} people, {rows} history rows: {commits} commits in {:.2} s, peak {} MiB",
        took.as_secs_f64(),
        peak.map_or_else(|| "?".into(), |mib| format!("{mib:.0}"))
    );
    println!(
        "git fast-import of the same commits: {:.2} s; ladder/git = {:.1}",
        git_took.as_secs_f64(),
        took.as_secs_f64() / git_took.as_secs_f64()
    );
}
