//! What the history benchmarks share: a repository of a synthetic org's history, built with
//! `git fast-import`. A bench that includes it declares `synth` beside it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::synth::{OrgSpec, write_history_stream};

/// A whole number from the environment, or `default`.
pub fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

/// Where the bench's repository lives: LADDER_BENCH_DIR, kept between runs, or `temp`.
pub fn repository_dir(temp: &tempfile::TempDir) -> PathBuf {
    let dir = std::env::var_os("LADDER_BENCH_DIR")
        .map_or_else(|| temp.path().to_path_buf(), PathBuf::from);
    std::fs::create_dir_all(&dir).expect("mkdir");
    dir
}

/// A repository at `dir` holding `commits` first-parent commits of `spec`'s org on `main`,
/// checked out.
pub fn build(dir: &Path, spec: OrgSpec, commits: usize) {
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .current_dir(dir)
            .args(args)
            .status()
            .expect("git");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q", "-b", "main"]);
    let mut import = Command::new("git")
        .current_dir(dir)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import");
    let mut stdin = std::io::BufWriter::new(import.stdin.take().expect("stdin"));
    write_history_stream(&mut stdin, spec, commits).expect("stream");
    stdin.flush().expect("flush");
    drop(stdin);
    assert!(import.wait().expect("wait").success());
    git(&["-c", "gc.auto=0", "reset", "-q", "--hard", "main"]);
}

/// One run's wall time, and its peak resident memory in MiB when /usr/bin/time is there to
/// measure it. Exit codes 0 and 1 (findings) both count as completing.
pub fn run(
    dir: &Path,
    program: &str,
    args: &[&str],
    env: &[(&str, String)],
) -> (Duration, Option<f64>) {
    let timer = Path::new("/usr/bin/time");
    let mut command = if timer.exists() {
        let mut command = Command::new(timer);
        command.args(["-f", "%M"]).arg(program);
        command
    } else {
        Command::new(program)
    };
    let start = Instant::now();
    let output = command
        .current_dir(dir)
        .args(args)
        .envs(env.iter().map(|(name, value)| (name, value)))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("run");
    let elapsed = start.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{program} {args:?} failed: {stderr}"
    );
    let peak = stderr
        .lines()
        .last()
        .and_then(|line| line.trim().parse::<f64>().ok())
        .map(|kib| kib / 1024.0);
    (elapsed, peak)
}
