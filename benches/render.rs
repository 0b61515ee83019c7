//! `ladder render --people` of a 10,000-teammate org (synthetic, seeded), timed end to end.
//! Run with `cargo bench --bench render`.

#![expect(clippy::print_stdout, reason = "a benchmark reports its figures")]

use std::process::Command;
use std::time::Instant;

#[path = "../tests/support/synth.rs"]
mod synth;

use synth::{OrgSpec, org_files};

fn main() {
    let temp = tempfile::tempdir().expect("temp");
    let root = temp.path();
    for (path, text) in org_files(OrgSpec::new(10_000)) {
        let full = root.join("ladders").join(path);
        std::fs::create_dir_all(full.parent().expect("folder")).expect("mkdir");
        std::fs::write(full, text).expect("write");
    }
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .current_dir(root)
            .args([
                "-c",
                "gc.auto=0",
                "-c",
                "user.name=Bench",
                "-c",
                "user.email=bench@example.com",
            ])
            .args(args)
            .status()
            .expect("git");
        assert!(status.success());
    };
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "The org"]);
    let ladder = env!("CARGO_BIN_EXE_ladder");
    let mut best = f64::MAX;
    for _ in 0..3 {
        let _ = std::fs::remove_dir_all(root.join("site"));
        let start = Instant::now();
        let output = Command::new(ladder)
            .current_dir(root)
            .args(["render", "--out", "site", "--people"])
            .output()
            .expect("render");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        best = best.min(start.elapsed().as_secs_f64());
    }
    let pages = std::fs::read_dir(root.join("site/people"))
        .expect("people")
        .count();
    println!(
        "ladder render --people, 10,000 teammates: {best:.2} s ({pages} people pages; goal <= 5 s)"
    );
}
