//! `ladder propose` end to end: each change kind on the shipped ladders and on every example
//! framework, each followed by a clean `ladder check` and a `ladder diff` showing that one
//! change; the edited file kept byte for byte outside the value; every refusal with its exact
//! message and nothing written; `--pr` against a local GitHub server; batches from a CSV.

mod support;

use std::path::{Path, PathBuf};

use support::{Repo, Run, copy_dir};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "ghp_PROPOSEtokenDoNotLeak123456789";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A repository holding `ladders` (the shipped folder or an example's), committed.
fn repo_with(ladders: &Path) -> Repo {
    let mut repo = Repo::new();
    copy_dir(ladders, &repo.ladders());
    repo.commit("The framework");
    repo
}

fn shipped() -> Repo {
    repo_with(&root().join("ladders"))
}

fn example(name: &str) -> Repo {
    repo_with(&root().join("examples").join(name).join("ladders"))
}

fn ladder(dir: &Path, args: &[&str]) -> Run {
    support::run(
        assert_cmd::Command::cargo_bin("ladder")
            .expect("binary")
            .current_dir(dir)
            .env_remove("GITHUB_TOKEN")
            .env_remove("GITHUB_REPOSITORY")
            .env("PATH", "/nonexistent")
            .args(args),
    )
}

fn propose(repo: &Repo, args: &[&str]) -> Run {
    let mut all = vec!["propose", "--date", "2026-12-01", "--color", "never"];
    all.extend(args);
    ladder(repo.path(), &all)
}

/// Every file under the folder, by path, with its bytes.
fn tree(repo: &Repo) -> Vec<(PathBuf, Vec<u8>)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).expect("read") {
            let entry = entry.expect("entry");
            if entry.file_type().expect("type").is_dir() {
                walk(&entry.path(), out);
            } else {
                out.push((entry.path(), std::fs::read(entry.path()).expect("file")));
            }
        }
    }
    let mut out = Vec::new();
    walk(&repo.ladders(), &mut out);
    out.sort();
    out
}

/// The change was written, checks clean, and `ladder diff` sees exactly this one change.
fn assert_one_change(repo: &Repo, run: &Run, person: &str, kinds: &[&str]) -> serde_json::Value {
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let check = ladder(repo.path(), &["check", "--color", "never"]);
    assert_eq!(check.code, Some(0), "check after propose: {}", check.stdout);
    let diff = ladder(
        repo.path(),
        &[
            "diff",
            "HEAD",
            "--no-pace",
            "--no-cache",
            "--format",
            "json",
        ],
    );
    let report: serde_json::Value = serde_json::from_str(&diff.stdout).expect("json");
    assert_eq!(report["ok"], true, "{}", diff.stdout);
    let people = report["people"].as_array().expect("people");
    assert_eq!(people.len(), 1, "{}", diff.stdout);
    assert_eq!(people[0]["id"], person);
    let found: Vec<&str> = people[0]["kinds"]
        .as_array()
        .expect("kinds")
        .iter()
        .map(|kind| kind["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(found, kinds, "{}", diff.stdout);
    assert!(report["framework"].as_array().is_none_or(Vec::is_empty));
    report
}

fn read(repo: &Repo, rel: &str) -> String {
    std::fs::read_to_string(repo.ladders().join(rel)).expect(rel)
}

#[test]
fn a_promotion_edits_the_value_in_place_and_writes_the_case() {
    let repo = shipped();
    let file = "people/engineering/kofi-mensah.yml";
    let text = "# yaml-language-server: $schema=../../../schema/placement.schema.json\n\
                # Kofi's placement: kept by Leo.\n\
                name: Kofi Mensah\n\
                github: kofimensah\n\
                team: engineering\n\n\
                track: maker\n\
                level: 3     # since the billing migration\n\
                step: 4\n\
                lead: leo-martins   # since 2024\n";
    repo.write(&format!("ladders/{file}"), text);
    let run = propose(&repo, &["kofi-mensah", "--level", "4"]);
    assert_eq!(
        read(&repo, file),
        text.replace("level: 3 ", "level: 4 ")
            .replace("step: 4", "step: 1")
    );
    assert!(run.stdout.starts_with(
        "Kofi Mensah (kofi-mensah): up 1 level\n  engineering maker L3 S4 → engineering maker L4 S1; title: Software Engineer III → Senior Engineer\n"
    ), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "who must approve:\n  level change for Kofi Mensah:\n    Lead: Leo Martins (@leomartins)\n    Director of Engineering: Priya Raman (@priyar)\n    northwind/people-ops: a member of @northwind/people-ops\n"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(
        read(&repo, "cases/2026/kofi-mensah-level-4.md")
            .lines()
            .take(9)
            .collect::<Vec<_>>(),
        [
            "---",
            "# from: engineering maker L3 S4, Software Engineer III",
            "person: kofi-mensah",
            "title: Kofi Mensah for Maker level 4 (Leading)",
            "track: maker",
            "level: 4",
            "authors: [leo-martins]",
            "date: 2026-12-01",
            "---",
        ]
    );
    // The committed placement had no comments: commit the edited text as the base, then judge.
    let report = assert_one_change(&repo, &run, "kofi-mensah", &["level-up"]);
    // The case is started, not written: the one finding says so, as a warning.
    let codes: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|finding| finding["code"].as_str())
        .collect();
    assert_eq!(codes, ["case-placeholder"]);
}

#[test]
fn quoting_is_kept() {
    let repo = shipped();
    let file = "people/engineering/sofia-rossi.yml";
    let text = read(&repo, file).replace("lead: leo-martins", "lead: \"leo-martins\"  # quoted");
    repo.write(&format!("ladders/{file}"), &text);
    let run = propose(&repo, &["sofia-rossi", "--lead", "priyar"]);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert_eq!(
        read(&repo, file),
        text.replace("\"leo-martins\"", "\"priya-raman\"")
    );
}

#[test]
fn a_case_follows_the_folder_s_template() {
    let repo = shipped();
    repo.write(
        "ladders/cases/.template.md",
        "---\nperson: sam-roe\nlevel: 2\n---\n\n## Our own heading\n\nThe evidence.\n",
    );
    let run = propose(
        &repo,
        &[
            "kofi-mensah",
            "--level",
            "4",
            "--reason",
            "Led the migration",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    let case = read(&repo, "cases/2026/kofi-mensah-level-4.md");
    assert!(
        case.ends_with(
            "---\n\n## Our own heading\n\nThe evidence.\n\n## Why now\n\nLed the migration\n"
        ),
        "{case}"
    );
}

/// Each change kind on the shipped ladders: (person, arguments, the diff's kinds).
#[test]
fn every_change_kind_on_the_shipped_ladders() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        ("sofia-rossi", &["--step", "+1"], &["step-up"]),
        ("sofia-rossi", &["--step", "4"], &["step-up"]),
        ("kofi-mensah", &["--step", "-1"], &["step-down"]),
        ("kofi-mensah", &["--track", "manager"], &["track-switch"]),
        ("sofia-rossi", &["--team", "marketing"], &["team-transfer"]),
        ("sofia-rossi", &["--lead", "Priya Raman"], &["lead-change"]),
        ("piotr-nowak", &["--role", "onboarding"], &["role-change"]),
        ("nia-johnson", &["--role", "none"], &["role-change"]),
        ("omar-farouk", &["--leave"], &["departure"]),
    ];
    for (person, args, kinds) in cases {
        let repo = shipped();
        let before = tree(&repo);
        let mut all = vec![*person];
        all.extend(*args);
        let run = propose(&repo, &all);
        assert_one_change(&repo, &run, person, kinds);
        assert_ne!(tree(&repo), before, "{person} {args:?}");
    }
}

#[test]
fn a_hire_is_written_beside_the_team() {
    let repo = shipped();
    let run = propose(
        &repo,
        &[
            "--hire",
            "--name",
            "Jane Doe",
            "--team",
            "engineering",
            "--level",
            "1",
            "--github",
            "janedoe",
        ],
    );
    assert_one_change(&repo, &run, "jane-doe", &["hire"]);
    assert_eq!(
        read(&repo, "people/engineering/jane-doe.yml"),
        "# yaml-language-server: $schema=../../../schema/placement.schema.json\nname: Jane Doe\ngithub: janedoe\nteam: engineering\ntrack: maker\nlevel: 1\nstep: 1\nlead: priya-raman\n"
    );
}

/// An example, a teammate, the arguments, the diff's kinds, and a line the file must hold.
type Case = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    Option<(&'static str, &'static str)>,
);

/// Every example framework: shared scales, level ids, no steps, labelled steps, roles, team
/// ranges, teams without a director.
#[test]
fn every_example_framework() {
    let cases: &[Case] = &[
        // Dropbox: IC levels by id on a shared scale, no steps, roles on some teams.
        (
            "dropbox",
            "ana-lima",
            &["--level", "IC4"],
            &["level-up"],
            Some(("people/ana-lima.yml", "level: IC4\n")),
        ),
        (
            "dropbox",
            "rita-boyle",
            &["--track", "m", "--grade-keeping"],
            &["track-switch"],
            Some(("people/rita-boyle.yml", "level: M4\n")),
        ),
        (
            "dropbox",
            "lukas-berg",
            &["--role", "architect"],
            &["role-change"],
            None,
        ),
        (
            "dropbox",
            "tariq-aziz",
            &["--team", "site-reliability"],
            &["team-transfer"],
            None,
        ),
        ("dropbox", "eli-watts", &["--leave"], &["departure"], None),
        // InfraCloud: one stepless ladder, streams without a director.
        (
            "infracloud",
            "kabir-shah",
            &["--level", "3"],
            &["level-up"],
            Some(("people/kabir-shah.yml", "level: 3\n")),
        ),
        (
            "infracloud",
            "arjun-bose",
            &["--team", "site-reliability"],
            &["team-transfer"],
            None,
        ),
        (
            "infracloud",
            "meera-joshi",
            &["--lead", "nikhil-rao"],
            &["lead-change"],
            None,
        ),
        // Monzo: steps A–E on backend only.
        (
            "monzo",
            "amy-scott",
            &["--step", "+1"],
            &["step-up"],
            Some(("people/amy-scott.yml", "step: E\n")),
        ),
        (
            "monzo",
            "lin-wu",
            &["--step", "d"],
            &["step-up"],
            Some(("people/lin-wu.yml", "step: D\n")),
        ),
        (
            "monzo",
            "joe-hart",
            &["--level", "3"],
            &["level-up"],
            Some(("people/joe-hart.yml", "level: 3\nstep: A\n")),
        ),
        ("monzo", "kate-moss", &["--level", "3"], &["level-up"], None),
        // Snowflake: a shared scale with three steps.
        (
            "snowflake",
            "max-ford",
            &["--step", "3"],
            &["step-up"],
            Some(("people/max-ford.yml", "step: 3\n")),
        ),
        (
            "snowflake",
            "leo-grant",
            &["--level", "4"],
            &["level-up"],
            None,
        ),
        // Engineering Ladders: no steps, levels by id on a shared scale.
        (
            "engineering-ladders",
            "ada-obi",
            &["--level", "D5"],
            &["level-up"],
            Some(("people/ada-obi.yml", "level: D5\n")),
        ),
        (
            "snowflake",
            "leo-grant",
            &["--track", "management", "--grade-keeping"],
            &["track-switch"],
            Some((
                "people/leo-grant.yml",
                "track: management\nlevel: 3\nstep: 1\n",
            )),
        ),
    ];
    for (name, person, args, kinds, expect) in cases {
        let repo = example(name);
        let mut all = vec![*person];
        all.extend(*args);
        let run = propose(&repo, &all);
        assert_one_change(&repo, &run, person, kinds);
        if let Some((file, wanted)) = expect {
            let text = read(&repo, file);
            assert!(text.contains(wanted), "{name} {person}: {text}");
        }
    }
    let repo = example("infracloud");
    let run = propose(
        &repo,
        &[
            "--hire",
            "--name",
            "Ravi Shankar",
            "--team",
            "security",
            "--level",
            "1",
            "--lead",
            "arjun-bose",
        ],
    );
    assert_one_change(&repo, &run, "ravi-shankar", &["hire"]);
    assert!(
        run.stdout
            .contains("Director: a member of @infracloud/engineering-leadership")
            || run.stdout.contains("Lead: Arjun Bose (@arjunbose)"),
        "{}",
        run.stdout
    );
}

/// Refusals: the check's and the policy's messages, exit 1, and not a byte written; bad usage
/// exits 2, also writing nothing.
#[test]
fn refusals_say_why_and_write_nothing() {
    let cases: &[(&str, &[&str], i32, &str)] = &[
        (
            "ladders",
            &["kofi-mensah", "--level", "5"],
            1,
            "error[level-jump]: Kofi Mensah (kofi-mensah) moves 2 levels in one change: the policy allows at most 1\n --> ladders/people/engineering/kofi-mensah.yml:6:8",
        ),
        (
            "ladders",
            &["ben-carter", "--level", "2", "--step", "1"],
            1,
            "error[outside-role-range]: role `content` is held at level 1 only, not at level 2\n --> ladders/people/marketing/ben-carter.yml:6:8",
        ),
        (
            "ladders",
            &["jonah-feld", "--level", "8"],
            1,
            "error[outside-team-range]: level 8 is outside team `marketing`'s range on track `manager`: the team uses levels 5 to 7",
        ),
        (
            "ladders",
            &["omar-farouk", "--role", "tech-hero"],
            1,
            "error[role-entry]: Omar Farouk (omar-farouk) moves into role Tech Hero from maker level 1: the role is open from level 3 only",
        ),
        (
            "ladders",
            &["omar-farouk", "--step", "4"],
            1,
            "error[step-jump]: Omar Farouk (omar-farouk) moves 3 steps in one change: the policy allows at most 2",
        ),
        (
            "ladders",
            &["kofi-mensah", "--step", "+1"],
            2,
            "error: step 4 is the last of 4 at this level: moving past it is a level change, so propose `--level` with the next level\n",
        ),
        (
            "ladders",
            &["sun-park", "--step", "+9"],
            2,
            "error: step 2 +9 would be step 11, past the last of 4 at this level: propose a step up to 4 at most, or `--level` with the next level\n",
        ),
        (
            "ladders",
            &["leo-martins", "--lead", "sofia-rossi"],
            1,
            "error[lead-cycle]: lead cycle: leo-martins → sofia-rossi → leo-martins",
        ),
        (
            "ladders",
            &["sofia-rossi", "--lead", "nobody"],
            1,
            "error[unknown-person]: lead `nobody` is not a teammate: expected the id of a file under people/",
        ),
        (
            "ladders",
            &["kofi-mensah", "--team", "nowhere"],
            1,
            "error[unknown-team]: team `nowhere` does not exist: expected a file teams/nowhere.yml",
        ),
        (
            "ladders",
            &["leo-martins", "--leave"],
            1,
            "error[unknown-person]: lead `leo-martins` is not a teammate: expected the id of a file under people/\n --> ladders/people/engineering/sofia-rossi.yml:8:7",
        ),
        (
            "ladders",
            &["kofi", "--level", "4"],
            2,
            "error: no teammate `kofi` in ladders: did you mean `kofi-mensah`?\n",
        ),
        // Without a terminal on stdin (a script, CI) nothing is asked: the flags are named.
        (
            "ladders",
            &["sofia-rossi"],
            2,
            "error: name the change: --level, --step, --track, --team, --lead, --role, --hire or --leave, or a batch with --from FILE; run it in a terminal to choose interactively\n",
        ),
        (
            "ladders",
            &[],
            2,
            "error: name the change: --level, --step, --track, --team, --lead, --role, --hire or --leave, or a batch with --from FILE; run it in a terminal to choose interactively\n",
        ),
        (
            "ladders",
            &[
                "kofi-mensah",
                "--hire",
                "--name",
                "Kofi",
                "--team",
                "engineering",
                "--level",
                "1",
            ],
            2,
            "error: a teammate `kofi-mensah` exists already (ladders/people/engineering/kofi-mensah.yml): give the new one another id as PERSON\n",
        ),
        (
            "ladders",
            &["kofi-mensah", "--step", "many"],
            1,
            "error[unknown-step]",
        ),
        (
            "dropbox",
            &["ana-lima", "--step", "2"],
            1,
            "error[no-steps]",
        ),
        (
            "dropbox",
            &["ana-lima", "--step", "+1"],
            2,
            "error: a step move (+1, -1) needs a current step: this position has none\n",
        ),
        (
            "ladders",
            &["omar-farouk", "--step", "-1"],
            2,
            "error: step 1 is the first at this level: moving below it is a level change, so propose `--level` with the level below\n",
        ),
        (
            "monzo",
            &["amy-scott", "--track", "quality-analyst", "--grade-keeping"],
            2,
            "error: --grade-keeping needs a shared scale: Monzo (structure) numbers each track's levels on its own; name the level with --level\n",
        ),
        (
            "dropbox",
            &["ana-lima", "--track", "nowhere"],
            2,
            "error: the framework has no track `nowhere`",
        ),
    ];
    for (folder, args, code, message) in cases {
        let repo = if *folder == "ladders" {
            shipped()
        } else {
            example(folder)
        };
        let before = tree(&repo);
        let run = propose(&repo, args);
        assert_eq!(
            run.code,
            Some(*code),
            "{args:?}: {}{}",
            run.stdout,
            run.stderr
        );
        if *code == 0 {
            continue;
        }
        let said = if *code == 1 { &run.stdout } else { &run.stderr };
        assert!(said.contains(message), "{args:?}: {said}");
        if *code == 1 {
            assert!(said.ends_with(": nothing was written\n"), "{said}");
        }
        assert_eq!(tree(&repo), before, "{args:?} wrote something");
    }
}

#[test]
fn a_tree_with_errors_is_refused_before_any_change() {
    let repo = shipped();
    repo.write(
        "ladders/people/engineering/zz.yml",
        "name: Z\nteam: engineering\ntrack: maker\nlevel: 0\nstep: 1\nlead: leo-martins\n",
    );
    let before = tree(&repo);
    let run = propose(&repo, &["kofi-mensah", "--level", "4"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(
        run.stderr,
        "error: ladders has 1 error before any change: `ladder check` shows it; nothing was written\n"
    );
    assert_eq!(tree(&repo), before);
}

#[test]
fn a_dry_run_writes_nothing() {
    let repo = shipped();
    let before = tree(&repo);
    let run = propose(&repo, &["kofi-mensah", "--level", "4", "--dry-run"]);
    assert_eq!(run.code, Some(0));
    assert!(
        run.stdout
            .contains("would write ladders/cases/2026/kofi-mensah-level-4.md\n")
    );
    assert!(run.stdout.ends_with("dry run: nothing was written\n"));
    assert_eq!(tree(&repo), before);
}

#[test]
fn a_batch_is_checked_whole_before_anything_is_written() {
    let repo = shipped();
    std::fs::write(
        repo.path().join("changes.csv"),
        "person,change,reason\nkofi-mensah,level 4,Led the billing migration\nsofia-rossi,step +1,\nomar-farouk,role tech-hero,wrong\n",
    )
    .expect("csv");
    let before = tree(&repo);
    let run = propose(&repo, &["--from", "changes.csv"]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(run.stdout.contains("error[role-entry]"), "{}", run.stdout);
    assert_eq!(tree(&repo), before);

    std::fs::write(
        repo.path().join("changes.csv"),
        "person,change,reason\nkofi-mensah,level 4,Led the billing migration\nsofia-rossi,step +1,\n",
    )
    .expect("csv");
    let run = propose(&repo, &["--from", "changes.csv"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let diff = ladder(
        repo.path(),
        &[
            "diff",
            "HEAD",
            "--no-pace",
            "--no-cache",
            "--format",
            "json",
        ],
    );
    let report: serde_json::Value = serde_json::from_str(&diff.stdout).expect("json");
    assert_eq!(report["ok"], true);
    assert_eq!(report["people"].as_array().map(Vec::len), Some(2));
    assert!(
        read(&repo, "cases/2026/kofi-mensah-level-4.md")
            .contains("## Why now\n\nLed the billing migration\n")
    );
}

#[test]
fn without_a_token_the_branch_is_committed_locally_and_the_commands_printed() {
    let repo = shipped();
    let before = tree(&repo);
    let head = repo.repo.head().expect("head").target().expect("id");
    let run = propose(&repo, &["kofi-mensah", "--level", "4", "--pr"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    // The work tree and the branch checked out are left alone.
    assert_eq!(tree(&repo), before);
    assert_eq!(repo.repo.head().expect("head").target(), Some(head));
    let branch = repo
        .repo
        .find_reference("refs/heads/ladder/kofi-mensah-level-4")
        .expect("branch")
        .peel_to_commit()
        .expect("commit");
    assert_eq!(branch.parent_id(0).expect("parent"), head);
    assert!(
        branch
            .message()
            .expect("message")
            .starts_with("Promote Kofi Mensah to Senior Engineer (maker L4 S1)\n\n"),
        "{:?}",
        branch.message()
    );
    let tree = branch.tree().expect("tree");
    assert!(
        tree.get_path(Path::new("ladders/cases/2026/kofi-mensah-level-4.md"))
            .is_ok()
    );
    let current = repo
        .repo
        .head()
        .expect("head")
        .shorthand()
        .expect("name")
        .to_string();
    assert!(run.stdout.contains(&format!(
        "committed on branch ladder/kofi-mensah-level-4 (1 commit, on {current})\nno GitHub token (GITHUB_TOKEN, or `gh auth token`): nothing was pushed. To push it and open the pull request:\n  git push origin ladder/kofi-mensah-level-4\n  gh pr create --base {current} --head ladder/kofi-mensah-level-4 --title 'Promote Kofi Mensah to Senior Engineer (maker L4 S1)' --body-file "
    )), "{}", run.stdout);
    // A second run refuses the branch that exists.
    let again = propose(&repo, &["kofi-mensah", "--level", "4", "--pr"]);
    assert_eq!(again.code, Some(3));
    assert_eq!(
        again.stderr,
        "error: a branch `ladder/kofi-mensah-level-4` exists already: delete it or name another with --branch\n"
    );
}

/// `ladder propose --pr` with a token, against a local GitHub server.
fn run_pr(repo: &Repo, server: &MockServer, args: &[&str]) -> Run {
    let mut all = vec![
        "propose",
        "--date",
        "2026-12-01",
        "--color",
        "never",
        "--pr",
    ];
    all.extend(args);
    let output = assert_cmd::Command::cargo_bin("ladder")
        .expect("binary")
        .current_dir(repo.path())
        .env("PATH", "/nonexistent")
        .env("GITHUB_TOKEN", TOKEN)
        .env("GITHUB_API_URL", server.uri())
        .env_remove("GITHUB_REPOSITORY")
        .args(&all)
        .output()
        .expect("run");
    let run = Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).to_string(),
        stderr: String::from_utf8_lossy(&output.stderr).to_string(),
    };
    assert!(!run.stdout.contains(TOKEN) && !run.stderr.contains(TOKEN));
    run
}

fn sha(n: u8) -> String {
    format!("{n:040x}")
}

async fn mount_git_data(server: &MockServer, refs: ResponseTemplate) {
    const REPO: &str = "/repos/acme/ladder";
    for (endpoint, n) in [("blobs", 1), ("trees", 2), ("commits", 3)] {
        Mock::given(method("POST"))
            .and(path(format!("{REPO}/git/{endpoint}")))
            .respond_with(
                ResponseTemplate::new(201).set_body_json(serde_json::json!({"sha": sha(n)})),
            )
            .mount(server)
            .await;
    }
    Mock::given(method("POST"))
        .and(path(format!("{REPO}/git/refs")))
        .respond_with(refs)
        .mount(server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!(
            "{REPO}/git/refs/heads/ladder/kofi-mensah-level-4"
        )))
        .respond_with(ResponseTemplate::new(204))
        .mount(server)
        .await;
}

fn with_origin(repo: &Repo) {
    repo.repo
        .remote("origin", "https://github.com/acme/ladder.git")
        .expect("remote");
}

/// What the server was asked, as (method, path, JSON body).
async fn asked(server: &MockServer) -> Vec<(String, String, serde_json::Value)> {
    server
        .received_requests()
        .await
        .expect("recorded")
        .into_iter()
        .map(|request| {
            (
                request.method.to_string(),
                request.url.path().to_string(),
                serde_json::from_slice(&request.body).unwrap_or(serde_json::Value::Null),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pull_request_is_opened_through_the_git_data_api() {
    let server = MockServer::start().await;
    mount_git_data(
        &server,
        ResponseTemplate::new(201)
            .set_body_json(serde_json::json!({"ref": "refs/heads/ladder/kofi-mensah-level-4"})),
    )
    .await;
    Mock::given(method("POST"))
        .and(path("/repos/acme/ladder/pulls"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "number": 7, "html_url": "https://github.example/acme/ladder/pull/7"
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/repos/acme/ladder/pulls/7/requested_reviewers"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    let repo = shipped();
    with_origin(&repo);
    let head = repo
        .repo
        .head()
        .expect("head")
        .peel_to_commit()
        .expect("commit");
    let run = run_pr(
        &repo,
        &server,
        &["kofi-mensah", "--level", "4", "--author", "leomartins"],
    );
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("opened pull request #7: https://github.example/acme/ladder/pull/7\nasked to review: @priyar, team people-ops\n"), "{}", run.stdout);
    let calls = asked(&server).await;
    let paths: Vec<(&str, &str)> = calls
        .iter()
        .map(|(m, p, _)| (m.as_str(), p.as_str()))
        .collect();
    assert_eq!(
        paths,
        [
            ("POST", "/repos/acme/ladder/git/blobs"),
            ("POST", "/repos/acme/ladder/git/blobs"),
            ("POST", "/repos/acme/ladder/git/trees"),
            ("POST", "/repos/acme/ladder/git/commits"),
            ("POST", "/repos/acme/ladder/git/refs"),
            ("POST", "/repos/acme/ladder/pulls"),
            ("POST", "/repos/acme/ladder/pulls/7/requested_reviewers"),
        ]
    );
    let placement =
        std::fs::read_to_string(repo.ladders().join("people/engineering/kofi-mensah.yml"))
            .expect("placement");
    assert_eq!(
        calls[0].2,
        serde_json::json!({"content": placement.replace("level: 3", "level: 4").replace("step: 4", "step: 1"), "encoding": "utf-8"})
    );
    assert_eq!(calls[1].2["encoding"], "utf-8");
    assert!(
        calls[1].2["content"]
            .as_str()
            .expect("case")
            .starts_with("---\n# from: engineering maker L3 S4")
    );
    assert_eq!(
        calls[2].2,
        serde_json::json!({
            "base_tree": head.tree_id().to_string(),
            "tree": [
                {"path": "ladders/people/engineering/kofi-mensah.yml", "mode": "100644", "type": "blob", "sha": sha(1)},
                {"path": "ladders/cases/2026/kofi-mensah-level-4.md", "mode": "100644", "type": "blob", "sha": sha(1)},
            ]
        })
    );
    let commit = &calls[3].2;
    assert_eq!(commit["tree"], sha(2));
    assert_eq!(
        commit["parents"],
        serde_json::json!([head.id().to_string()])
    );
    assert!(
        commit["message"]
            .as_str()
            .expect("message")
            .starts_with("Promote Kofi Mensah to Senior Engineer (maker L4 S1)\n\n")
    );
    assert_eq!(commit["author"], commit["committer"]);
    assert_eq!(
        calls[4].2,
        serde_json::json!({"ref": "refs/heads/ladder/kofi-mensah-level-4", "sha": sha(3)})
    );
    let pull = &calls[5].2;
    assert_eq!(
        pull["title"],
        "Promote Kofi Mensah to Senior Engineer (maker L4 S1)"
    );
    assert_eq!(pull["head"], "ladder/kofi-mensah-level-4");
    let current = repo
        .repo
        .head()
        .expect("head")
        .shorthand()
        .expect("name")
        .to_string();
    assert_eq!(pull["base"], current.as_str());
    assert!(
        pull["body"]
            .as_str()
            .expect("body")
            .starts_with("### ✅ ladder: valid; needs 3 approvals\n")
    );
    // The author is not asked to review their own pull request.
    assert_eq!(
        calls[6].2,
        serde_json::json!({"reviewers": ["priyar"], "team_reviewers": ["people-ops"]})
    );
    assert!(
        repo.repo
            .find_reference("refs/heads/ladder/kofi-mensah-level-4")
            .is_ok()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_existing_branch_on_github_is_reported_and_nothing_is_left() {
    let server = MockServer::start().await;
    mount_git_data(
        &server,
        ResponseTemplate::new(422)
            .set_body_json(serde_json::json!({"message": "Reference already exists"})),
    )
    .await;
    let repo = shipped();
    with_origin(&repo);
    let run = run_pr(&repo, &server, &["kofi-mensah", "--level", "4"]);
    assert_eq!(run.code, Some(3), "{}", run.stdout);
    assert_eq!(
        run.stderr,
        "error: GitHub answered 422 to POST /repos/acme/ladder/git/refs: Reference already exists (a branch ladder/kofi-mensah-level-4 may exist on GitHub already: delete it or name another with --branch); the pull request was not opened and nothing of it is left, on GitHub or in the local branch ladder/kofi-mensah-level-4\n"
    );
    // Not ours to delete: the branch that exists on GitHub stays.
    assert!(!asked(&server).await.iter().any(|(m, _, _)| m == "DELETE"));
    assert!(
        repo.repo
            .find_reference("refs/heads/ladder/kofi-mensah-level-4")
            .is_err()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_error_after_the_branch_deletes_it_again() {
    let server = MockServer::start().await;
    mount_git_data(
        &server,
        ResponseTemplate::new(201).set_body_json(serde_json::json!({})),
    )
    .await;
    Mock::given(method("POST"))
        .and(path("/repos/acme/ladder/pulls"))
        .respond_with(
            ResponseTemplate::new(502)
                .set_body_json(serde_json::json!({"message": "Server Error"})),
        )
        .mount(&server)
        .await;
    let repo = shipped();
    with_origin(&repo);
    let run = run_pr(&repo, &server, &["kofi-mensah", "--level", "4"]);
    assert_eq!(run.code, Some(3), "{}", run.stdout);
    assert!(run.stderr.starts_with("error: GitHub answered 502 to POST /repos/acme/ladder/pulls: Server Error; the pull request was not opened"), "{}", run.stderr);
    let calls = asked(&server).await;
    assert_eq!(
        calls.last().map(|(m, p, _)| (m.as_str(), p.as_str())),
        Some((
            "DELETE",
            "/repos/acme/ladder/git/refs/heads/ladder/kofi-mensah-level-4"
        ))
    );
    // Five tries at the pull request, as every call gets.
    assert_eq!(
        calls
            .iter()
            .filter(|(_, p, _)| p == "/repos/acme/ladder/pulls")
            .count(),
        5
    );
    assert!(
        repo.repo
            .find_reference("refs/heads/ladder/kofi-mensah-level-4")
            .is_err()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_batch_is_one_branch_one_commit_per_person_one_pull_request() {
    let server = MockServer::start().await;
    mount_git_data(
        &server,
        ResponseTemplate::new(201).set_body_json(serde_json::json!({})),
    )
    .await;
    Mock::given(method("POST"))
        .and(path("/repos/acme/ladder/pulls"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"number": 8, "html_url": "https://github.example/acme/ladder/pull/8"})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/repos/acme/ladder/pulls/8/requested_reviewers"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({})))
        .mount(&server)
        .await;
    let repo = shipped();
    with_origin(&repo);
    std::fs::write(
        repo.path().join("changes.csv"),
        "kofi-mensah,level 4,Led the migration\nsofia-rossi,step +1,Shipped search\n",
    )
    .expect("csv");
    // The CSV sits outside the folder: the work tree's ladders/ is still HEAD's.
    let run = run_pr(&repo, &server, &["--from", "changes.csv"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let calls = asked(&server).await;
    let commits: Vec<&serde_json::Value> = calls
        .iter()
        .filter(|(_, p, _)| p.ends_with("/git/commits"))
        .map(|(_, _, body)| body)
        .collect();
    assert_eq!(commits.len(), 2);
    assert_eq!(commits[1]["parents"], serde_json::json!([sha(3)]));
    let pulls: Vec<_> = calls
        .iter()
        .filter(|(_, p, _)| p == "/repos/acme/ladder/pulls")
        .collect();
    assert_eq!(pulls.len(), 1);
    assert_eq!(pulls[0].2["head"], "ladder/calibration-2026-12-01");
    assert_eq!(
        pulls[0].2["title"],
        "Calibration outcome: 2 changes (Kofi Mensah, Sofia Rossi)"
    );
    let branch = repo
        .repo
        .find_reference("refs/heads/ladder/calibration-2026-12-01")
        .expect("branch")
        .peel_to_commit()
        .expect("commit");
    assert!(
        branch
            .message()
            .expect("message")
            .starts_with("Sofia Rossi: up 1 step")
    );
}

/// The pace block of a report: its heading and its sentences.
fn pace_block(text: &str) -> Vec<&str> {
    text.lines()
        .skip_while(|line| !line.starts_with("pace of the leads this change touches"))
        .take_while(|line| !line.trim().is_empty())
        .collect()
}

#[test]
fn a_proposal_shows_the_pace_of_the_lead_it_touches_as_diff_does() {
    let temp = tempfile::tempdir().expect("temp");
    let init = ladder(temp.path(), &["init", "--demo", "demo"]);
    assert_eq!(init.code, Some(0), "{}", init.stderr);
    let demo = temp.path().join("demo");
    // Leo Martins grants steps fast in the demo's story: a step-up from him says so.
    let run = ladder(
        &demo,
        &["propose", "kofi-mensah", "--step", "+1", "--color", "never"],
    );
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let proposed = pace_block(&run.stdout);
    assert!(
        proposed.len() > 1
            && proposed
                .iter()
                .any(|line| line.contains("Leo Martins (leo-martins)")),
        "{}",
        run.stdout
    );
    let diff = ladder(&demo, &["diff", "HEAD", "--color", "never"]);
    assert_eq!(pace_block(&diff.stdout), proposed, "{}", diff.stdout);
}
