//! The hostile-input corpus across every command: each case builds a real repository (or no
//! repository, or a broken one), runs the real binary, and requires the documented exit code, a
//! message that says what is wrong, no panic, and, when the command fails, nothing written.
//! The files-only cases of `ladder check` live in tests/fixtures/bad/ (tests/corpus.rs); the
//! GitHub answers in tests/ci.rs and tests/github_hostile.rs. Together they hold the count the
//! docs state.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use support::{Repo, copy_dir, fixtures, promote_bob};

/// Where a case runs: a repository whose history has the base tree, then Bob's promotion.
struct Work {
    repo: Repo,
    /// A folder outside the repository for payloads and outputs.
    outside: tempfile::TempDir,
    env: Vec<(String, String)>,
}

impl Work {
    fn new() -> Work {
        let mut repo = Repo::new();
        copy_dir(&fixtures().join("base"), &repo.ladders());
        repo.commit("The framework");
        promote_bob(&repo);
        repo.commit("Promote Bob");
        Work {
            repo,
            outside: tempfile::tempdir().expect("temp"),
            env: Vec::new(),
        }
    }

    fn path(&self) -> &Path {
        self.repo.path()
    }

    /// The loose object file of what `spec` (e.g. `HEAD:ladders/people/bob.yml`) names.
    fn object_file(&self, spec: &str) -> PathBuf {
        let id = self.repo.repo.revparse_single(spec).expect("object").id();
        let hex = id.to_string();
        self.repo
            .repo
            .path()
            .join("objects")
            .join(&hex[..2])
            .join(&hex[2..])
    }

    fn corrupt(&self, spec: &str, with: &[u8]) {
        let file = self.object_file(spec);
        let mut permissions = std::fs::metadata(&file).expect("object").permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        permissions.set_readonly(false);
        std::fs::set_permissions(&file, permissions).expect("chmod");
        std::fs::write(&file, with).expect("corrupt");
    }

    fn lose(&self, spec: &str) {
        std::fs::remove_file(self.object_file(spec)).expect("remove object");
    }

    /// The environment of a GitHub Actions job whose payload file holds `payload`; GitHub
    /// itself is a closed port, so a case that reaches it fails loudly.
    fn actions(&mut self, payload: &[u8]) {
        let event = self.outside.path().join("event.json");
        std::fs::write(&event, payload).expect("payload");
        self.actions_at(&event.display().to_string());
    }

    /// No token: the review runs with nothing sent anywhere.
    fn without_token(&mut self) {
        self.env.push(("LADDER_NO_TOKEN".into(), String::new()));
    }

    fn actions_at(&mut self, event_path: &str) {
        let outside = self.outside.path().display().to_string();
        for (name, value) in [
            ("GITHUB_EVENT_NAME", "pull_request"),
            ("GITHUB_EVENT_PATH", event_path),
            ("GITHUB_REPOSITORY", "acme/ladder"),
            ("GITHUB_API_URL", "http://127.0.0.1:9"),
            ("GITHUB_TOKEN", "ghs_hostileCorpusToken000"),
            ("GITHUB_WORKSPACE", &self.path().display().to_string()),
            ("GITHUB_STEP_SUMMARY", &format!("{outside}/summary.md")),
            ("GITHUB_OUTPUT", &format!("{outside}/output.txt")),
            ("RUNNER_TEMP", &outside),
            ("LADDER_GITHUB_TIMEOUT", "1"),
        ] {
            self.env.push((name.to_string(), value.to_string()));
        }
    }

    /// Every file under the repository and the outside folder with its size and content hash,
    /// but the history index, which a failing command may still keep up to date.
    fn state(&self) -> BTreeMap<String, (u64, u64)> {
        fn walk(root: &Path, dir: &Path, into: &mut BTreeMap<String, (u64, u64)>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let rel = path
                    .strip_prefix(root)
                    .expect("under")
                    .display()
                    .to_string();
                if rel.starts_with(".git/ladder") || rel == ".git/index" {
                    continue;
                }
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                if kind.is_dir() {
                    walk(root, &path, into);
                } else {
                    let size = entry.metadata().map_or(0, |meta| meta.len());
                    let hash = if size < 1 << 20 {
                        std::fs::read(&path).map_or(0, |bytes| fnv(&bytes))
                    } else {
                        0
                    };
                    into.insert(rel, (size, hash));
                }
            }
        }
        let mut state = BTreeMap::new();
        walk(self.path(), self.path(), &mut state);
        let mut outside = BTreeMap::new();
        walk(self.outside.path(), self.outside.path(), &mut outside);
        state.extend(
            outside
                .into_iter()
                .map(|(rel, value)| (format!("outside/{rel}"), value)),
        );
        state
    }
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A placement line by line.
fn placement(name: &str, lead: &str) -> String {
    format!(
        "name: {name}\ngithub: {name}\nteam: eng\ntrack: maker\nlevel: 1\nstep: 1\nlead: {lead}\n"
    )
}

/// A lead line that comes back to where it started after `length` people.
fn lead_cycle(work: &mut Work, length: usize) {
    for at in 0..length {
        let next = (at + 1) % length;
        work.repo.write(
            &format!("ladders/people/loop-{at}.yml"),
            &placement(&format!("loop-{at}"), &format!("loop-{next}")),
        );
    }
}

struct Case {
    name: &'static str,
    setup: fn(&mut Work),
    /// `{outside}` stands for the outside folder, `{repo}` for the repository.
    args: &'static [&'static str],
    code: i32,
    /// What stderr or stdout must say, each in full.
    says: &'static [&'static str],
}

const fn case(
    name: &'static str,
    setup: fn(&mut Work),
    args: &'static [&'static str],
    code: i32,
    says: &'static [&'static str],
) -> Case {
    Case {
        name,
        setup,
        args,
        code,
        says,
    }
}

fn nothing(_: &mut Work) {}

fn no_repository(work: &mut Work) {
    std::fs::remove_dir_all(work.path().join(".git")).expect("unrepo");
}

fn empty_repository(work: &mut Work) {
    std::fs::remove_dir_all(work.path().join(".git")).expect("unrepo");
    git2::Repository::init(work.path()).expect("init");
}

/// A repository whose configuration says it has no work tree.
fn bare(work: &mut Work) {
    let mut config = work.repo.repo.config().expect("config");
    config.set_bool("core.bare", true).expect("bare");
}

fn detached(work: &mut Work) {
    let head = work.repo.repo.head().expect("head").target().expect("id");
    work.repo.repo.set_head_detached(head).expect("detach");
}

fn corrupt_blob(work: &mut Work) {
    work.corrupt("HEAD:ladders/people/bob.yml", b"this is not a zlib stream");
}

fn missing_blob(work: &mut Work) {
    work.lose("HEAD:ladders/people/bob.yml");
}

fn missing_parent(work: &mut Work) {
    work.lose("HEAD~1");
}

fn corrupt_tree(work: &mut Work) {
    work.corrupt("HEAD:ladders/people", b"\x78\x9c garbage");
}

fn huge_placement(work: &mut Work) {
    let file = std::fs::File::create(work.path().join("ladders/people/eve.yml")).expect("create");
    file.set_len(1 << 30).expect("sparse 1 GiB");
}

fn huge_framework(work: &mut Work) {
    let file = std::fs::File::create(work.path().join("ladders/framework.yml")).expect("create");
    file.set_len(1 << 30).expect("sparse 1 GiB");
}

fn no_ladders(work: &mut Work) {
    std::fs::remove_dir_all(work.path().join("ladders")).expect("remove");
}

fn ladders_is_a_file(work: &mut Work) {
    std::fs::remove_dir_all(work.path().join("ladders")).expect("remove");
    std::fs::write(work.path().join("ladders"), "framework: here?\n").expect("write");
}

fn named(name: &str) -> impl Fn(&mut Work) + '_ {
    move |work: &mut Work| {
        work.repo
            .write(&format!("ladders/people/{name}"), &placement("eve", "ada"));
    }
}

fn space_in_name(work: &mut Work) {
    named("eve adams.yml")(work);
}
fn newline_in_name(work: &mut Work) {
    named("eve\nadams.yml")(work);
}
fn leading_dash(work: &mut Work) {
    named("-rf.yml")(work);
}
fn unicode_name(work: &mut Work) {
    named("ève-ådams.yml")(work);
}
fn long_name(work: &mut Work) {
    let name = format!("{}.yml", "e".repeat(250));
    named(&name)(work);
}
fn backslash_name(work: &mut Work) {
    named("eve\\adams.yml")(work);
}
fn colon_name(work: &mut Work) {
    named("eve:adams.yml")(work);
}
fn not_utf8_name(work: &mut Work) {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::OsStr::from_bytes(b"eve-\xff.yml");
    std::fs::write(
        work.path().join("ladders/people").join(name),
        placement("eve", "ada"),
    )
    .expect("write");
}
fn uppercase_extension(work: &mut Work) {
    named("eve.YML")(work);
}
fn deep_folder(work: &mut Work) {
    let deep = (0..40)
        .map(|at| format!("d{at}"))
        .collect::<Vec<_>>()
        .join("/");
    named(&format!("{deep}/eve.yml"))(work);
}

fn cycle_1(work: &mut Work) {
    lead_cycle(work, 1);
}
fn cycle_2(work: &mut Work) {
    lead_cycle(work, 2);
}
fn cycle_3(work: &mut Work) {
    lead_cycle(work, 3);
}
fn cycle_50(work: &mut Work) {
    lead_cycle(work, 50);
}

fn cycle_committed(work: &mut Work) {
    lead_cycle(work, 2);
    work.repo.commit("A loop");
}

fn bad_index(work: &mut Work) {
    let folder = work.repo.repo.path().join("ladder");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(
        folder.join("history-ladders.idx"),
        b"LDRINDEX\x04\x00\x00\x00\x07ladd",
    )
    .expect("write");
}

fn index_is_a_folder(work: &mut Work) {
    std::fs::create_dir_all(work.repo.repo.path().join("ladder/history-ladders.idx"))
        .expect("mkdir");
}

fn event_empty(work: &mut Work) {
    work.actions(b"");
}
fn event_truncated(work: &mut Work) {
    work.actions(br#"{"action": "opened", "pull_request": {"number": 1, "user": {"lo"#);
}
fn event_not_json(work: &mut Work) {
    work.actions(b"<html>payload</html>");
}
fn event_number_as_text(work: &mut Work) {
    work.actions(
        br#"{"pull_request": {"number": "1", "user": {"login": "leo"}, "base": {"ref": "main", "sha": "a"}, "head": {"ref": "x", "sha": "b"}}}"#,
    );
}
fn event_without_user(work: &mut Work) {
    work.actions(
        br#"{"pull_request": {"number": 1, "base": {"ref": "main", "sha": "a"}, "head": {"ref": "x", "sha": "b"}}}"#,
    );
}
fn event_without_pull_request(work: &mut Work) {
    // A pull_request event must carry one; without it, nothing says what to review.
    work.actions(br#"{"action": "opened", "repository": {"full_name": "acme/ladder"}}"#);
}
fn event_unknown_revisions(work: &mut Work) {
    work.without_token();
    work.actions(
        br#"{"pull_request": {"number": 1, "user": {"login": "leo"}, "base": {"ref": "main", "sha": "1111111111111111111111111111111111111111"}, "head": {"ref": "x", "sha": "2222222222222222222222222222222222222222"}}}"#,
    );
}
fn event_revision_is_an_option(work: &mut Work) {
    work.without_token();
    work.actions(
        br#"{"pull_request": {"number": 1, "user": {"login": "leo"}, "base": {"ref": "main", "sha": "--upload-pack=touch /tmp/pwned"}, "head": {"ref": "x", "sha": "--upload-pack=touch /tmp/pwned"}}}"#,
    );
}
fn event_not_utf8(work: &mut Work) {
    work.actions(b"{\"pull_request\": \"\xff\xfe\"}");
}
fn event_huge(work: &mut Work) {
    work.actions(b"");
    let event = work.outside.path().join("event.json");
    std::fs::File::create(&event)
        .expect("create")
        .set_len(1 << 30)
        .expect("sparse 1 GiB");
}
fn event_missing_file(work: &mut Work) {
    let path = work.outside.path().join("no-such-event.json");
    work.actions_at(&path.display().to_string());
}
fn event_is_a_folder(work: &mut Work) {
    let path = work.outside.path().display().to_string();
    work.actions_at(&path);
}
fn event_deeply_nested(work: &mut Work) {
    let mut payload = "[".repeat(100_000);
    payload.push_str(&"]".repeat(100_000));
    work.actions(payload.as_bytes());
}
fn no_actions_environment(work: &mut Work) {
    work.env.push(("GITHUB_EVENT_NAME".into(), String::new()));
}

fn out_is_a_file(work: &mut Work) {
    std::fs::write(work.outside.path().join("site"), "a file").expect("write");
}

fn existing_ladders(_: &mut Work) {}

const CASES: &[Case] = &[
    // Reading the folder or revision at all.
    case(
        "check: no such folder",
        nothing,
        &["check", "--dir", "no-such"],
        2,
        &["cannot read no-such"],
    ),
    case(
        "check: folder is a file",
        ladders_is_a_file,
        &["check"],
        2,
        &["ladders is not a folder"],
    ),
    case(
        "check: no ladders folder",
        no_ladders,
        &["check"],
        2,
        &[
            "cannot read ladders: there is no ladders folder here: run `ladder init` to start one, `ladder init --demo DIR` to try a demo, or name the folder with `--dir`",
        ],
    ),
    case(
        "check: revision that does not exist",
        nothing,
        &["check", "--rev", "no-such-branch"],
        2,
        &["cannot resolve revision `no-such-branch`: no branch, tag or commit of that name here"],
    ),
    case(
        "diff: a remote's branch that was never fetched",
        nothing,
        &["diff", "origin/main"],
        2,
        &[
            "cannot resolve revision `origin/main`: no branch, tag or commit of that name here: if it is a remote's branch, run `git fetch` first, or name a local branch such as `main`",
        ],
    ),
    case(
        "check: revision that is a blob",
        nothing,
        &["check", "--rev", "HEAD:ladders/framework.yml"],
        2,
        &["HEAD:ladders/framework.yml"],
    ),
    case(
        "check: revision outside the repository",
        no_repository,
        &["check", "--rev", "HEAD"],
        2,
        &[
            "this folder is not inside a git repository: run `git init` and commit the ladders folder, or try `ladder init --demo DIR`",
        ],
    ),
    case(
        "check: empty repository",
        empty_repository,
        &["check", "--rev", "HEAD"],
        2,
        &[
            "cannot resolve revision `HEAD`: the repository has no commits yet: commit the ladders folder first",
        ],
    ),
    case(
        "check: revision without the folder",
        nothing,
        &["check", "--rev", "HEAD", "--dir", "elsewhere"],
        2,
        &["revision `HEAD` has no folder `elsewhere`"],
    ),
    case(
        "check: detached HEAD reads fine",
        detached,
        &["check", "--rev", "HEAD"],
        0,
        &[],
    ),
    case(
        "check: corrupt blob",
        corrupt_blob,
        &["check", "--rev", "HEAD"],
        1,
        &[
            "error[unreadable]: cannot read the blob",
            "--> ladders/people/bob.yml:1:1",
        ],
    ),
    case(
        "check: missing blob",
        missing_blob,
        &["check", "--rev", "HEAD"],
        1,
        &[
            "error[unreadable]: cannot read the blob",
            "--> ladders/people/bob.yml:1:1",
        ],
    ),
    case(
        "check: corrupt tree",
        corrupt_tree,
        &["check", "--rev", "HEAD"],
        2,
        &["ladders/people"],
    ),
    case(
        "check: 1 GiB placement refused unread",
        huge_placement,
        &["check"],
        1,
        &["file is 1073741824 bytes: the limit is 1048576 bytes"],
    ),
    case(
        "check: 1 GiB framework refused unread",
        huge_framework,
        &["check"],
        1,
        &["ladders/framework.yml:1:1", "file is 1073741824 bytes"],
    ),
    // Odd path characters.
    case(
        "check: space in a file name",
        space_in_name,
        &["check"],
        1,
        &["eve adams.yml"],
    ),
    case(
        "check: newline in a file name",
        newline_in_name,
        &["check"],
        1,
        &[
            "`eve\\nadams` is not a valid id",
            "--> ladders/people/eve\\nadams.yml:1:1",
        ],
    ),
    case(
        "check: leading dash in a file name",
        leading_dash,
        &["check"],
        1,
        &["-rf.yml"],
    ),
    case(
        "check: accented file name",
        unicode_name,
        &["check"],
        1,
        &["ève-ådams.yml"],
    ),
    case(
        "check: 254-character file name is a valid id",
        long_name,
        &["check"],
        0,
        &["4 teammates"],
    ),
    case(
        "check: backslash in a file name",
        backslash_name,
        &["check"],
        1,
        &["eve\\adams.yml"],
    ),
    case(
        "check: colon in a file name",
        colon_name,
        &["check"],
        1,
        &["eve:adams.yml"],
    ),
    case(
        "check: file name not UTF-8",
        not_utf8_name,
        &["check"],
        1,
        &["file name is not valid UTF-8"],
    ),
    case(
        "check: upper-case extension is not read, and says so",
        uppercase_extension,
        &["check"],
        0,
        &[
            "warning[misplaced-file]",
            "ladders/people/eve.YML:1:1",
            "rename it to people/eve.yml",
        ],
    ),
    case("check: forty folders deep", deep_folder, &["check"], 0, &[]),
    // Lead cycles.
    case(
        "check: lead cycle of 1",
        cycle_1,
        &["check"],
        1,
        &["error[self-lead]: `loop-0` is their own lead"],
    ),
    case(
        "check: lead cycle of 2",
        cycle_2,
        &["check"],
        1,
        &["lead-cycle"],
    ),
    case(
        "check: lead cycle of 3",
        cycle_3,
        &["check"],
        1,
        &["lead-cycle"],
    ),
    case(
        "check: lead cycle of 50",
        cycle_50,
        &["check"],
        1,
        &["lead-cycle"],
    ),
    // diff.
    case(
        "diff: base that does not exist",
        nothing,
        &["diff", "no-such", "HEAD"],
        2,
        &["cannot resolve revision `no-such`"],
    ),
    case(
        "diff: head that does not exist",
        nothing,
        &["diff", "HEAD~1", "no-such"],
        2,
        &["cannot resolve revision `no-such`"],
    ),
    case(
        "diff: base before the first commit",
        nothing,
        &["diff", "HEAD~5", "HEAD"],
        2,
        &["cannot resolve revision `HEAD~5`"],
    ),
    case(
        "diff: empty repository",
        empty_repository,
        &["diff", "HEAD"],
        2,
        &["cannot resolve revision `HEAD`"],
    ),
    case(
        "diff: outside any repository",
        no_repository,
        &["diff", "HEAD"],
        2,
        &["cannot open the git repository"],
    ),
    case(
        "diff: corrupt blob at the head",
        corrupt_blob,
        &["diff", "HEAD~1", "HEAD", "--no-pace"],
        1,
        &["unreadable"],
    ),
    case(
        "diff: missing parent commit",
        missing_parent,
        &["diff", "HEAD~1", "HEAD"],
        2,
        &["HEAD~1"],
    ),
    case(
        "diff: a lead cycle added",
        cycle_2,
        &["diff", "HEAD", "--no-pace"],
        1,
        &["lead-cycle"],
    ),
    case(
        "diff: detached HEAD",
        detached,
        &["diff", "HEAD~1", "HEAD", "--no-pace"],
        0,
        &["Bob Babbage (bob): up 1 level"],
    ),
    case(
        "diff: option-like revision",
        nothing,
        &["diff", "--upload-pack=x", "HEAD"],
        2,
        &["--upload-pack"],
    ),
    // log, show, pace, calibrate: the history.
    case(
        "log: empty repository",
        empty_repository,
        &["log"],
        2,
        &["HEAD"],
    ),
    case(
        "log: outside any repository",
        no_repository,
        &["log"],
        2,
        &["cannot open the git repository"],
    ),
    case(
        "log: revision that does not exist",
        nothing,
        &["log", "--rev", "no-such"],
        2,
        &["no-such"],
    ),
    case(
        "log: missing parent commit",
        missing_parent,
        &["log", "--no-cache"],
        2,
        &["object not found"],
    ),
    case(
        "log: corrupt blob in history",
        corrupt_blob,
        &["log", "--no-cache"],
        2,
        &["cannot read ladders/people/bob.yml at commit"],
    ),
    case(
        "log: corrupt index is set aside",
        bad_index,
        &["log"],
        0,
        &["the history index was set aside and rebuilt"],
    ),
    case(
        "log: index path is a folder",
        index_is_a_folder,
        &["log"],
        0,
        &["up 1 level", "the history index could not be written"],
    ),
    case(
        "log: bad date",
        nothing,
        &["log", "--since", "2026-13-01"],
        2,
        &["--since"],
    ),
    case(
        "log: until before since",
        nothing,
        &["log", "--since", "2026-06-01", "--until", "2026-01-01"],
        2,
        &["--until"],
    ),
    case(
        "log: a lead cycle in history",
        cycle_committed,
        &["log"],
        0,
        &["loop-0"],
    ),
    case(
        "show: unknown teammate",
        nothing,
        &["show", "bobb"],
        2,
        &["bobb", "bob"],
    ),
    case(
        "show: empty repository",
        empty_repository,
        &["show", "bob"],
        2,
        &["HEAD"],
    ),
    case(
        "show: bare repository",
        bare,
        &["show", "bob"],
        2,
        &["a bare repository has no work tree: name a revision with --rev"],
    ),
    case(
        "show: bare repository, a revision reads fine",
        bare,
        &["show", "bob", "--rev", "HEAD"],
        0,
        &["Bob Babbage (bob)"],
    ),
    case(
        "show: teammate id with a path",
        nothing,
        &["show", "../../etc/passwd"],
        2,
        &["../../etc/passwd"],
    ),
    case(
        "pace: review in a bad form",
        nothing,
        &["pace", "--review", "2026Q5"],
        2,
        &["2026Q5"],
    ),
    case(
        "pace: review after the as-of day",
        nothing,
        &["pace", "--as-of", "2026-02-01", "--review", "2026Q4"],
        2,
        &["the 2026-Q4 review falls after 2026-02-01"],
    ),
    case(
        "pace: window of zero",
        nothing,
        &["pace", "--window", "0mo"],
        2,
        &["--window"],
    ),
    case(
        "pace: empty repository",
        empty_repository,
        &["pace"],
        2,
        &["HEAD"],
    ),
    case(
        "calibrate: quarter in a bad form",
        nothing,
        &["calibrate", "--quarter", "Q3-2026"],
        2,
        &["Q3-2026"],
    ),
    case(
        "calibrate: unknown lead",
        nothing,
        &["calibrate", "--lead", "nobody"],
        2,
        &["nobody"],
    ),
    // compare, export, render, schema, init, man, completions.
    case(
        "compare: unknown track",
        nothing,
        &["compare", "wizard/1", "maker/2"],
        2,
        &["wizard"],
    ),
    case(
        "compare: unknown level",
        nothing,
        &["compare", "maker/9", "maker/2"],
        2,
        &["maker/9"],
    ),
    case(
        "compare: unknown team",
        nothing,
        &["compare", "maker/1", "maker/2", "--team", "nope"],
        2,
        &["nope"],
    ),
    case(
        "compare: broken framework",
        huge_framework,
        &["compare", "maker/1", "maker/2"],
        2,
        &["ladders has no readable framework.yml: run `ladder check`"],
    ),
    case(
        "export: revision that does not exist",
        nothing,
        &["export", "--rev", "no-such"],
        2,
        &["no-such"],
    ),
    case(
        "export: people of a broken tree",
        cycle_1,
        &["export", "--what", "people"],
        1,
        &["ladders has 1 error: no export was written"],
    ),
    case(
        "render: out is a file",
        out_is_a_file,
        &["render", "--out", "{outside}/site"],
        2,
        &["site"],
    ),
    case(
        "render: empty repository",
        empty_repository,
        &["render", "--out", "{outside}/site", "--rev", "HEAD"],
        2,
        &["HEAD"],
    ),
    case(
        "render: empty repository, the work tree reads fine",
        empty_repository,
        &["render", "--out", "{outside}/site"],
        0,
        &["wrote 6 pages"],
    ),
    case(
        "render: corrupt blob",
        corrupt_blob,
        &["render", "--out", "{outside}/site", "--rev", "HEAD"],
        1,
        &["ladders has 1 error: no site was written"],
    ),
    case(
        "schema: unknown kind",
        nothing,
        &["schema", "salary"],
        2,
        &["salary"],
    ),
    case(
        "schema: out is a file",
        out_is_a_file,
        &["schema", "--out", "{outside}/site"],
        2,
        &["site"],
    ),
    case(
        "init: never over an existing folder",
        existing_ladders,
        &["init"],
        2,
        &["ladders"],
    ),
    case(
        "init: demo into an existing repository",
        nothing,
        &["init", "--demo", "."],
        2,
        &["."],
    ),
    case(
        "init --from: no such roster",
        nothing,
        &[
            "init",
            "--from",
            "{outside}/roster.csv",
            "{outside}/ladders",
        ],
        2,
        &["cannot read", "roster.csv"],
    ),
    case(
        "init --from: a field it does not know",
        nothing,
        &["init", "--from", "roster.csv", "--column", "salary=Pay"],
        2,
        &["`salary` is not a field"],
    ),
    case(
        "init --from: a roster that is not a table",
        out_is_a_file,
        &["init", "--from", "{outside}/site", "{outside}/ladders"],
        2,
        &["init-no-column", "row 1 holds: a file"],
    ),
    case(
        "init --from with --demo",
        nothing,
        &["init", "--demo", "--from", "roster.csv"],
        2,
        &["cannot be used with"],
    ),
    case(
        "man: unknown command",
        nothing,
        &["man", "promote"],
        2,
        &["promote"],
    ),
    case(
        "completions: unknown shell",
        nothing,
        &["completions", "cmd.exe"],
        2,
        &["cmd.exe"],
    ),
    // ci: the Actions environment and the payload.
    case(
        "ci: outside GitHub Actions",
        no_actions_environment,
        &["ci"],
        2,
        &["GITHUB_"],
    ),
    case(
        "ci: empty payload",
        event_empty,
        &["ci"],
        2,
        &["the pull_request payload is not what GitHub sends"],
    ),
    case(
        "ci: truncated payload",
        event_truncated,
        &["ci"],
        2,
        &["EOF while parsing"],
    ),
    case(
        "ci: payload not JSON",
        event_not_json,
        &["ci"],
        2,
        &["expected value"],
    ),
    case(
        "ci: number as text",
        event_number_as_text,
        &["ci"],
        2,
        &["invalid type: string"],
    ),
    case(
        "ci: pull request without its author",
        event_without_user,
        &["ci"],
        2,
        &["missing field `user`"],
    ),
    case(
        "ci: pull_request event without a pull request",
        event_without_pull_request,
        &["ci"],
        2,
        &["pull_request"],
    ),
    case(
        "ci: payload not UTF-8",
        event_not_utf8,
        &["ci"],
        2,
        &["is not UTF-8"],
    ),
    case(
        "ci: 1 GiB payload refused unread",
        event_huge,
        &["ci"],
        2,
        &["more than GitHub ever sends"],
    ),
    case(
        "ci: payload file missing",
        event_missing_file,
        &["ci"],
        2,
        &["cannot read the event payload"],
    ),
    case(
        "ci: payload path is a folder",
        event_is_a_folder,
        &["ci"],
        2,
        &["cannot read the event payload"],
    ),
    case(
        "ci: payload nested 100,000 deep",
        event_deeply_nested,
        &["ci"],
        2,
        &["the pull_request payload is not what GitHub sends"],
    ),
    case(
        "ci: revisions the repository does not have",
        event_unknown_revisions,
        &["ci"],
        3,
        &[
            "the pull request's head commit `2222222222222222222222222222222222222222` is not in the checkout, so ladder cannot see the change",
        ],
    ),
    case(
        "ci: a revision that looks like an option is refused",
        event_revision_is_an_option,
        &["ci"],
        2,
        &[
            "the pull_request payload is not what GitHub sends: `pull_request.base.sha` is \"--upload-pack=touch /tmp/pwned\": expected a commit id",
        ],
    ),
];

fn run(case: &Case) -> Result<(), String> {
    let mut work = Work::new();
    (case.setup)(&mut work);
    let before = work.state();
    let outside = work.outside.path().display().to_string();
    let repo = work.path().display().to_string();
    let args: Vec<String> = case
        .args
        .iter()
        .map(|arg| arg.replace("{outside}", &outside).replace("{repo}", &repo))
        .collect();
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("ladder"));
    command
        .current_dir(work.path())
        .args(&args)
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_ACTIONS");
    for name in [
        "GITHUB_EVENT_NAME",
        "GITHUB_EVENT_PATH",
        "GITHUB_TOKEN",
        "LADDER_DIR",
    ] {
        command.env_remove(name);
    }
    for (name, value) in &work.env {
        command.env(name, value);
    }
    if work.env.iter().any(|(name, _)| name == "LADDER_NO_TOKEN") {
        command.env_remove("GITHUB_TOKEN");
    }
    let started = std::time::Instant::now();
    let output = command.output().map_err(|error| error.to_string())?;
    let elapsed = started.elapsed();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut wrong = Vec::new();
    if output.status.code() != Some(case.code) {
        wrong.push(format!(
            "exit {:?}, expected {}",
            output.status.code(),
            case.code
        ));
    }
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        wrong.push("panicked".to_string());
    }
    if case.code == 2 && stderr.trim().is_empty() {
        wrong.push("failed without a word on stderr".to_string());
    }
    for said in case.says {
        if !stdout.contains(said) && !stderr.contains(said) {
            wrong.push(format!("did not say {said:?}"));
        }
    }
    if stderr.contains("ghs_hostileCorpusToken000") || stdout.contains("ghs_hostileCorpusToken000")
    {
        wrong.push("printed the token".to_string());
    }
    if case.code != 0 {
        let after = work.state();
        if after != before {
            let changed: Vec<_> = after
                .iter()
                .filter(|(file, value)| before.get(*file) != Some(value))
                .map(|(file, _)| file.clone())
                .chain(
                    before
                        .keys()
                        .filter(|file| !after.contains_key(*file))
                        .cloned(),
                )
                .collect();
            wrong.push(format!("failed but wrote {changed:?}"));
        }
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} ({:.1} s): {}\n--- stdout\n{}--- stderr\n{}",
            case.name,
            elapsed.as_secs_f64(),
            wrong.join("; "),
            stdout.lines().take(12).collect::<Vec<_>>().join("\n") + "\n",
            stderr.lines().take(12).collect::<Vec<_>>().join("\n") + "\n"
        ))
    }
}

#[test]
fn every_hostile_input_gets_its_exit_code_and_message_and_writes_nothing_when_it_fails() {
    let failures: Vec<String> = CASES.iter().filter_map(|case| run(case).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn the_corpus_across_commands_holds_150_cases() {
    let files = std::fs::read_dir(fixtures().join("bad"))
        .expect("corpus")
        .count();
    let mut names: Vec<&str> = CASES.iter().map(|case| case.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), CASES.len(), "case names are unique");
    // tests/ci.rs walks its table of odd GitHub answers.
    let github = 8;
    assert!(
        files + CASES.len() + github >= 150,
        "{files} file cases + {} command cases + {github} GitHub answers",
        CASES.len()
    );
}

#[test]
fn every_lead_cycle_from_1_to_50_people_is_reported_once_naming_its_people() {
    for length in 1..=50 {
        let mut work = Work::new();
        lead_cycle(&mut work, length);
        let snapshot = ladder::snapshot::load_dir(&work.repo.ladders(), "ladders").expect("load");
        let findings = ladder::check::check_snapshot(&snapshot);
        let cycles: Vec<_> = findings
            .iter()
            .filter(|finding| matches!(finding.code, "lead-cycle" | "self-lead"))
            .collect();
        assert_eq!(cycles.len(), 1, "length {length}: {cycles:?}");
        let message = &cycles[0].message;
        for at in [0, length - 1] {
            assert!(
                message.contains(&format!("loop-{at}")),
                "length {length}: {message}"
            );
        }
    }
}

#[test]
fn a_hundred_thousand_files_are_all_read_and_all_reported() {
    let work = Work::new();
    let people = work.repo.ladders().join("people/crowd");
    std::fs::create_dir_all(&people).expect("mkdir");
    // Every file valid but one in a thousand, which has an unknown key: all 100 must be found.
    for at in 0..100_000 {
        let mut text = placement(&format!("p{at}"), "ada");
        if at % 1000 == 999 {
            text.push_str("salary: lots\n");
        }
        std::fs::write(people.join(format!("p{at}.yml")), text).expect("write");
    }
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("ladder"))
        .current_dir(work.path())
        .args(["check", "--format", "json"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let findings = report["findings"].as_array().expect("findings");
    let unknown = findings
        .iter()
        .filter(|finding| finding["code"] == "unknown-key")
        .count();
    assert_eq!(unknown, 100, "{}", String::from_utf8_lossy(&output.stderr));
}

/// `ladder` run in `dir`: its exit code, stdout and stderr.
fn ladder_in(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("ladder"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).to_string(),
        String::from_utf8_lossy(&output.stderr).to_string(),
    )
}

#[test]
fn a_link_to_a_folder_or_file_is_refused_on_disk_as_at_a_revision_and_shows_nothing_it_points_at() {
    const SECRET: &str = "SECRET-OUTSIDE-THE-REPOSITORY";
    let refused_folder = |path: &str| {
        format!(
            "error: {path} is a symbolic link, which could point outside the repository: ladder \
             reads only a real folder, as git does at a revision; replace the link with the folder \
             itself, or name the real folder with --dir\n"
        )
    };
    let link_finding = |file: &str| format!("--> {file}:1:1\n");
    let link_message = "error[not-a-file]: a symbolic link: ladder reads only regular files, so a \
                        link cannot point outside the folder\n";
    // (what is a link, where it points, the folder to check, exit, what stdout or stderr says)
    type Setup = fn(&Path, &Path);
    let cases: [(&str, Setup, &str, i32, String); 5] = [
        (
            "the ladders folder itself",
            |repo, outside| {
                std::fs::remove_dir_all(repo.join("ladders")).expect("rm");
                std::os::unix::fs::symlink(outside.join("ladders"), repo.join("ladders"))
                    .expect("link");
            },
            "ladders",
            2,
            refused_folder("ladders"),
        ),
        (
            "a folder on the way to it",
            |repo, outside| {
                std::os::unix::fs::symlink(outside, repo.join("sub")).expect("link");
            },
            "sub/ladders",
            2,
            refused_folder("sub"),
        ),
        (
            "a folder inside it",
            |repo, outside| {
                std::fs::remove_dir_all(repo.join("ladders/people")).expect("rm");
                std::os::unix::fs::symlink(
                    outside.join("ladders/people"),
                    repo.join("ladders/people"),
                )
                .expect("link");
            },
            "ladders",
            1,
            link_finding("ladders/people"),
        ),
        (
            "a file pointing outside",
            |repo, outside| {
                std::os::unix::fs::symlink(
                    outside.join("ladders/people/zed.yml"),
                    repo.join("ladders/people/zed.yml"),
                )
                .expect("link");
            },
            "ladders",
            1,
            link_finding("ladders/people/zed.yml"),
        ),
        (
            "a file pointing inside the repository",
            |repo, _| {
                std::os::unix::fs::symlink("bob.yml", repo.join("ladders/people/bobby.yml"))
                    .expect("link");
            },
            "ladders",
            1,
            link_finding("ladders/people/bobby.yml"),
        ),
    ];
    for (what, setup, dir, code, says) in cases {
        let mut work = Work::new();
        let outside = work.outside.path().to_path_buf();
        copy_dir(&fixtures().join("base"), &outside.join("ladders"));
        std::fs::write(
            outside.join("ladders/people/zed.yml"),
            format!("name: \"{SECRET} [\n"),
        )
        .expect("secret");
        setup(work.path(), &outside);
        let (got, stdout, stderr) = ladder_in(work.path(), &["check", "--dir", dir]);
        assert_eq!(got, Some(code), "{what}: {stdout}{stderr}");
        if code == 2 {
            assert_eq!(stderr, says, "{what}");
            assert_eq!(stdout, "", "{what}");
        } else {
            assert!(
                stdout.contains(link_message) && stdout.contains(&says),
                "{what}: {stdout}"
            );
        }
        assert!(
            !stdout.contains(SECRET) && !stderr.contains(SECRET),
            "{what}: {stdout}{stderr}"
        );
        // Committed, the link is a link in git too: the revision reader refuses it alike.
        work.repo.commit("A link");
        let (at_rev, stdout_rev, stderr_rev) =
            ladder_in(work.path(), &["check", "--rev", "HEAD", "--dir", dir]);
        assert_eq!(
            at_rev,
            Some(code),
            "{what} at HEAD: {stdout_rev}{stderr_rev}"
        );
        if code == 2 {
            assert_eq!(
                stderr_rev,
                format!("error: revision `HEAD` has no folder `{dir}`\n"),
                "{what}"
            );
        } else {
            assert!(
                stdout_rev.contains(link_message) && stdout_rev.contains(&says),
                "{what} at HEAD: {stdout_rev}"
            );
        }
        assert!(!stdout_rev.contains(SECRET) && !stderr_rev.contains(SECRET));
    }
}
