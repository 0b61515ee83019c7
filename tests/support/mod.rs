//! A hermetic git repository in a temporary folder: fixed author, committer and clock, so commit
//! ids are stable, and nothing read from the user's git configuration.

#![allow(
    dead_code,
    reason = "each test binary uses a different part of the support"
)]

use std::path::{Path, PathBuf};

pub const EPOCH: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

pub struct Repo {
    pub dir: tempfile::TempDir,
    pub repo: git2::Repository,
    clock: i64,
}

impl Repo {
    pub fn new() -> Repo {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = git2::Repository::init(dir.path()).expect("git init");
        Repo {
            dir,
            repo,
            clock: EPOCH,
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn ladders(&self) -> PathBuf {
        self.dir.path().join("ladders")
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.dir.path().join(rel)).expect("remove");
    }

    /// Commits the whole work tree, additions and deletions, one day after the last commit.
    pub fn commit(&mut self, message: &str) -> git2::Oid {
        self.commit_as("Ada Lovelace", "ada@example.com", message)
    }

    pub fn commit_as(&mut self, name: &str, email: &str, message: &str) -> git2::Oid {
        let tree = self.stage();
        let time = self.tick();
        let parent = self
            .repo
            .head()
            .ok()
            .and_then(|head| head.peel_to_commit().ok());
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        self.make_commit(time, Some("HEAD"), name, email, message, tree, &parents)
    }

    /// Commits the work tree on a side branch off HEAD, leaving HEAD where it is.
    pub fn side_commit(&mut self, message: &str) -> git2::Oid {
        let tree = self.stage();
        let time = self.tick();
        let head = self
            .repo
            .head()
            .expect("head")
            .peel_to_commit()
            .expect("commit");
        self.make_commit(
            time,
            None,
            "Leo Martins",
            "leo@example.com",
            message,
            tree,
            &[&head],
        )
    }

    /// Merges a side commit into HEAD as GitHub's merge button does, with the side's tree.
    pub fn merge(&mut self, side: git2::Oid, message: &str) -> git2::Oid {
        let time = self.tick();
        let side = self.repo.find_commit(side).expect("side");
        let head = self
            .repo
            .head()
            .expect("head")
            .peel_to_commit()
            .expect("commit");
        let tree = side.tree_id();
        self.make_commit(
            time,
            Some("HEAD"),
            "GitHub",
            "noreply@github.com",
            message,
            tree,
            &[&head, &side],
        )
    }

    fn stage(&mut self) -> git2::Oid {
        let mut index = self.repo.index().expect("index");
        index
            .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
            .expect("add");
        index.update_all(["*"], None).expect("update");
        index.write().expect("write index");
        index.write_tree().expect("tree")
    }

    /// Moves the clock on, so the next commit lands `days` later than it otherwise would.
    pub fn advance(&mut self, days: i64) {
        self.clock += days * 86_400;
    }

    fn tick(&mut self) -> git2::Time {
        self.clock += 86_400;
        git2::Time::new(self.clock, 0)
    }

    #[allow(clippy::too_many_arguments, reason = "a commit has that many parts")]
    fn make_commit(
        &self,
        time: git2::Time,
        update: Option<&str>,
        name: &str,
        email: &str,
        message: &str,
        tree: git2::Oid,
        parents: &[&git2::Commit<'_>],
    ) -> git2::Oid {
        let tree = self.repo.find_tree(tree).expect("find tree");
        let signature = git2::Signature::new(name, email, &time).expect("signature");
        self.repo
            .commit(update, &signature, &signature, message, &tree, parents)
            .expect("commit")
    }
}

/// A clone of `repo` holding only its last `depth` commits, as `actions/checkout` makes by
/// default, in a new temporary folder. Made with the git command line: libgit2 cannot clone
/// shallow.
pub fn shallow_clone(repo: &Repo, depth: u32) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("file://{}", repo.path().display());
    let status = std::process::Command::new("git")
        .args(["-c", "protocol.file.allow=always", "clone", "-q", "--depth"])
        .arg(depth.to_string())
        .arg(&url)
        .arg(dir.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir.path())
        .status()
        .expect("git clone");
    assert!(status.success(), "git clone --depth {depth} failed");
    dir
}

/// Bob's promotion to level 3 over the base fixture, with the case file that argues it.
pub fn promote_bob(repo: &Repo) {
    repo.write(
        "ladders/people/bob.yml",
        "name: Bob Babbage\ngithub: bob\nteam: eng\ntrack: maker\nlevel: 3\nstep: 1\nlead: ada\n",
    );
    repo.write(
        "ladders/cases/2026/bob.md",
        "---\nperson: bob\nlevel: 3\n---\nBob shaped the team.\n",
    );
}

/// Copies a folder tree, for laying a fixture into a repository.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// A repository holding a copy of a folder of this crate (`examples/dropbox/ladders`),
/// committed once.
pub fn repo_with(folder: &str) -> Repo {
    let mut repo = Repo::new();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(folder),
        &repo.ladders(),
    );
    repo.commit("Add the framework");
    repo
}

/// Replaces the first `from` in a file of the repository with `to`; the file must hold it.
pub fn edit(repo: &Repo, rel: &str, from: &str, to: &str) {
    let path = repo.path().join(rel);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{rel} has no `{from}`");
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Runs ladder in `dir`, requires it to exit 0, and returns what it printed.
pub fn ladder_stdout(dir: &Path, args: &[&str]) -> String {
    let output = assert_cmd::Command::cargo_bin("ladder")
        .expect("binary")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run");
    assert_eq!(
        output.status.code(),
        Some(0),
        "ladder {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

/// Runs ladder in the repository without colour; returns its exit code and what it printed.
pub fn ladder(repo: &Repo, args: &[&str]) -> (i32, String) {
    ladder_in(repo.path(), args)
}

/// [`ladder`] in any folder.
pub fn ladder_in(dir: &Path, args: &[&str]) -> (i32, String) {
    let output = assert_cmd::Command::cargo_bin("ladder")
        .expect("binary")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("run");
    let text = String::from_utf8(output.stdout).expect("utf-8");
    (output.status.code().unwrap_or(-1), text)
}

/// `ladder summary` of 2027 as seen at its end, in `format`, with `extra` arguments.
pub fn summary_2027(repo: &Repo, format: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "summary",
        "--year",
        "2027",
        "--as-of",
        "2027-12-31",
        "--format",
        format,
    ];
    args.extend(extra);
    ladder_stdout(repo.path(), &args)
}

/// What a run of the binary said, and how it ended.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs a command each test binary has set up with its own environment.
pub fn run(command: &mut assert_cmd::Command) -> Run {
    let output = command.output().expect("run");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).expect("utf-8"),
        stderr: String::from_utf8(output.stderr).expect("utf-8"),
    }
}
