//! `ladder ci` end to end: the real binary on a real repository, with GitHub played by a local
//! HTTP server that answers on the REST API's paths with its JSON shapes.

mod support;

use std::path::Path;

use support::{Repo, copy_dir, fixtures, shallow_clone};
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "ghs_SECRETtokenDoNotLeak1234567890";
const TEAM_TOKEN: &str = "ghp_TEAMtokenDoNotLeak0987654321";
const REPO: &str = "/repos/acme/ladder";

struct Job {
    repo: Repo,
    files: tempfile::TempDir,
    base: String,
    head: String,
}

/// Bob's promotion to level 3 with its case file, as pull request 1 opened by `author`; Ada is
/// Bob's lead and the team's director. The base is main; the head is checked out.
fn promotion(author: &str) -> Job {
    pull_request(author, |repo| {
        repo.write(
            "ladders/people/bob.yml",
            "name: Bob Babbage\ngithub: bob\nteam: eng\ntrack: maker\nlevel: 3\nstep: 1\nlead: ada\n",
        );
        repo.write(
            "ladders/cases/2026/bob.md",
            "---\nperson: bob\nlevel: 3\n---\nBob shaped the team.\n",
        );
    })
}

/// Pull request 1 by `author`, whose head commit makes the edits `change` writes.
fn pull_request(author: &str, change: impl FnOnce(&Repo)) -> Job {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    let base = repo.commit("The framework").to_string();
    repo.repo
        .reference(
            "refs/remotes/origin/main",
            git2::Oid::from_str(&base).expect("oid"),
            true,
            "main",
        )
        .expect("ref");
    change(&repo);
    let head = repo.commit("Promote Bob").to_string();
    let files = tempfile::tempdir().expect("temp");
    let event = serde_json::json!({
        "action": "opened",
        "number": 1,
        "pull_request": {
            "number": 1,
            "user": {"login": author},
            "base": {"ref": "main", "sha": base, "repo": {"full_name": "acme/ladder"}},
            "head": {"ref": "promote-bob", "sha": head, "repo": {"full_name": "acme/ladder"}}
        },
        "repository": {"full_name": "acme/ladder"}
    });
    std::fs::write(files.path().join("event.json"), event.to_string()).expect("event");
    Job {
        repo,
        files,
        base,
        head,
    }
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    summary: String,
    output: String,
}

fn run(job: &Job, server: &MockServer, extra: &[(&str, &str)]) -> Run {
    let files = job.files.path();
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("ladder"));
    command
        .arg("ci")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("GITHUB_EVENT_NAME", "pull_request")
        .env("GITHUB_EVENT_PATH", files.join("event.json"))
        .env("GITHUB_REPOSITORY", "acme/ladder")
        .env("GITHUB_API_URL", server.uri())
        .env("GITHUB_SERVER_URL", "https://github.example")
        .env("GITHUB_RUN_ID", "42")
        .env("GITHUB_WORKSPACE", job.repo.path())
        .env("GITHUB_STEP_SUMMARY", files.join("summary.md"))
        .env("GITHUB_OUTPUT", files.join("output.txt"))
        .env("RUNNER_TEMP", files)
        .env("GITHUB_TOKEN", TOKEN)
        .env("LADDER_TEAM_TOKEN", TEAM_TOKEN);
    for (name, value) in extra {
        command.env(name, value);
    }
    let output = command.output().expect("run");
    let read = |name: &str| std::fs::read_to_string(files.join(name)).unwrap_or_default();
    let run = Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).to_string(),
        stderr: String::from_utf8_lossy(&output.stderr).to_string(),
        summary: read("summary.md"),
        output: read("output.txt"),
    };
    assert_no_token(files, &run);
    run
}

/// The token appears in no output, log or file the job leaves.
fn assert_no_token(files: &Path, run: &Run) {
    let mut texts = vec![run.stdout.clone(), run.stderr.clone()];
    for entry in std::fs::read_dir(files).expect("files") {
        texts.push(std::fs::read_to_string(entry.expect("entry").path()).unwrap_or_default());
    }
    for text in texts {
        assert!(
            !text.contains(TOKEN) && !text.contains(TEAM_TOKEN),
            "a token leaked into: {text}"
        );
    }
}

fn review(login: &str, state: &str, commit: &str) -> serde_json::Value {
    serde_json::json!({"id": 1, "user": {"login": login}, "state": state, "commit_id": commit})
}

/// GitHub's answers to what ladder reads: the reviews, the comments, Ada's team membership.
async fn mount_reads(server: &MockServer, reviews: serde_json::Value, comments: serde_json::Value) {
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/pulls/1/reviews")))
        .respond_with(ResponseTemplate::new(200).set_body_json(reviews))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/issues/1/comments")))
        .respond_with(ResponseTemplate::new(200).set_body_json(comments))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/orgs/acme/teams/people/memberships/ada"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"state": "active", "role": "member"})),
        )
        .mount(server)
        .await;
}

async fn github(reviews: serde_json::Value, comments: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    mount_reads(&server, reviews, comments).await;
    Mock::given(method("POST"))
        .and(path(format!("{REPO}/issues/1/comments")))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": 99})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path_prefix_statuses())
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": 1})))
        .mount(&server)
        .await;
    server
}

fn path_prefix_statuses() -> wiremock::matchers::PathRegexMatcher {
    wiremock::matchers::path_regex(r"^/repos/acme/ladder/statuses/[0-9a-f]{40}$")
}

async fn requests(server: &MockServer, verb: &str, route: &str) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|request| request.method.as_str() == verb && request.url.path() == route)
        .map(|request| String::from_utf8_lossy(&request.body).to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_promotion_with_the_right_approvals_passes_and_comments_once() {
    let job = promotion("leo");
    let server = github(
        serde_json::json!([review("ada", "APPROVED", "x")]),
        serde_json::json!([]),
    )
    .await;
    let run = run(&job, &server, &[]);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("::error"), "{}", run.stdout);
    let comments = requests(&server, "POST", &format!("{REPO}/issues/1/comments")).await;
    assert_eq!(comments.len(), 1);
    let body: serde_json::Value = serde_json::from_str(&comments[0]).expect("json");
    let text = body["body"].as_str().expect("body");
    assert!(
        text.starts_with("<!-- ladder:sticky-comment -->\n### ✅ ladder:"),
        "{text}"
    );
    assert!(
        text.contains("| Bob Babbage (`bob`) | up 1 level |"),
        "{text}"
    );
    assert!(text.contains("✅ `ada`"), "{text}");
    insta::assert_snapshot!("comment", text);
    insta::assert_snapshot!("summary", run.summary);
    let statuses = requests(&server, "POST", &format!("{REPO}/statuses/{}", job.head)).await;
    assert_eq!(statuses.len(), 1);
    assert!(
        statuses[0].contains("\"state\":\"success\"")
            && statuses[0].contains("\"context\":\"ladder\"")
    );
    assert!(run.summary.contains("Bob Babbage"));
    assert!(run.output.contains("errors<<ladder_") && run.output.contains("\n0\n"));
    assert_ne!(job.base, job.head);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_approval_fails_and_names_who_could_give_it() {
    let job = promotion("leo");
    let server = github(serde_json::json!([]), serde_json::json!([])).await;
    let run = run(&job, &server, &[]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stdout.contains("::error title=ladder approval-missing::level change for Bob Babbage needs approval from lead; could approve: ada"),
        "{}",
        run.stdout
    );
    let statuses = requests(&server, "POST", &format!("{REPO}/statuses/{}", job.head)).await;
    assert!(statuses[0].contains("\"state\":\"failure\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_approval_is_set_aside_when_asked() {
    let job = promotion("leo");
    let server = github(
        serde_json::json!([review("ada", "APPROVED", &"0".repeat(40))]),
        serde_json::json!([]),
    )
    .await;
    assert_eq!(run(&job, &server, &[]).code, Some(0));
    let run = run(&job, &server, &[("LADDER_IGNORE_STALE_APPROVALS", "true")]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(run.stdout.contains("approval-missing"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_author_cannot_approve_their_own_change() {
    let job = promotion("ada");
    let server = github(
        serde_json::json!([review("ada", "APPROVED", "x")]),
        serde_json::json!([]),
    )
    .await;
    let run = run(&job, &server, &[]);
    assert_eq!(run.code, Some(1));
    assert!(run.stdout.contains("approval-missing"), "{}", run.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_approver_needs_the_team_token() {
    let job = promotion("leo");
    let server = github(
        serde_json::json!([review("ada", "APPROVED", "x")]),
        serde_json::json!([]),
    )
    .await;
    let run_without = {
        let files = job.files.path();
        let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("ladder"))
            .arg("ci")
            .env_clear()
            .env("GITHUB_EVENT_NAME", "pull_request")
            .env("GITHUB_EVENT_PATH", files.join("event.json"))
            .env("GITHUB_REPOSITORY", "acme/ladder")
            .env("GITHUB_API_URL", server.uri())
            .env("GITHUB_WORKSPACE", job.repo.path())
            .env("RUNNER_TEMP", files)
            .env("GITHUB_TOKEN", TOKEN)
            .output()
            .expect("run");
        String::from_utf8_lossy(&output.stdout).to_string()
    };
    assert!(
        run_without.contains("needs approval from acme/people")
            && run_without.contains("no team-token was given"),
        "{run_without}"
    );
    let with = run(&job, &server, &[]);
    assert_eq!(with.code, Some(0));
    let asked = requests(&server, "GET", "/orgs/acme/teams/people/memberships/ada").await;
    assert!(!asked.is_empty());
    let authorised = server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|request| request.url.path() == "/orgs/acme/teams/people/memberships/ada")
        .all(|request| {
            request
                .headers
                .get("authorization")
                .and_then(|value| value.to_str().ok())
                .is_some_and(|value| value.ends_with(TEAM_TOKEN))
        });
    assert!(authorised, "team membership is asked with the team token");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_token_still_reports_through_summary_and_annotations() {
    let job = promotion("leo");
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(403).set_body_json(
            serde_json::json!({"message": "Resource not accessible by integration"}),
        ))
        .mount(&server)
        .await;
    let approved = serde_json::json!([review("ada", "APPROVED", "x")]);
    mount_reads(&server, approved, serde_json::json!([])).await;
    let run = run(&job, &server, &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains("the token is read-only here"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout
            .contains("::warning::the token is read-only here")
    );
    assert!(run.summary.contains("Bob Babbage"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_502_then_success_and_a_429_with_retry_after_are_retried() {
    let job = promotion("leo");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/pulls/1/reviews")))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/issues/1/comments")))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    let approved = serde_json::json!([review("ada", "APPROVED", "x")]);
    mount_reads(&server, approved, serde_json::json!([])).await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": 1})))
        .mount(&server)
        .await;
    let started = std::time::Instant::now();
    let run = run(&job, &server, &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(1),
        "Retry-After was honoured"
    );
    assert_eq!(
        requests(&server, "GET", &format!("{REPO}/pulls/1/reviews"))
            .await
            .len(),
        2
    );
    assert_eq!(
        requests(&server, "GET", &format!("{REPO}/issues/1/comments"))
            .await
            .len(),
        2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_run_edits_the_one_comment_and_removes_duplicates() {
    let job = promotion("leo");
    let first = github(serde_json::json!([]), serde_json::json!([])).await;
    run(&job, &first, &[]);
    let posted = requests(&first, "POST", &format!("{REPO}/issues/1/comments")).await;
    let body: serde_json::Value = serde_json::from_str(&posted[0]).expect("json");
    let body = body["body"].as_str().expect("body").to_string();
    // The second run sees its comment, a stale duplicate from a concurrent run, and a
    // teammate's comment quoting the marker.
    let existing = serde_json::json!([
        {"id": 10, "body": body, "user": {"login": "github-actions[bot]"}},
        {"id": 11, "body": format!("{}\nold", "<!-- ladder:sticky-comment -->"), "user": {"login": "github-actions[bot]"}},
        {"id": 12, "body": "<!-- ladder:sticky-comment --> quoted", "user": {"login": "leo"}}
    ]);
    let second = github(serde_json::json!([]), existing).await;
    Mock::given(method("DELETE"))
        .and(path(format!("{REPO}/issues/comments/11")))
        .respond_with(ResponseTemplate::new(204))
        .mount(&second)
        .await;
    Mock::given(method("PATCH"))
        .and(body_string_contains("sticky-comment"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": 10})))
        .mount(&second)
        .await;
    run(&job, &second, &[]);
    assert!(
        requests(&second, "POST", &format!("{REPO}/issues/1/comments"))
            .await
            .is_empty()
    );
    assert!(
        requests(&second, "PATCH", &format!("{REPO}/issues/comments/10"))
            .await
            .is_empty(),
        "unchanged: left alone"
    );
    assert_eq!(
        requests(&second, "DELETE", &format!("{REPO}/issues/comments/11"))
            .await
            .len(),
        1
    );
    assert!(
        requests(&second, "DELETE", &format!("{REPO}/issues/comments/12"))
            .await
            .is_empty()
    );
}

#[test]
fn an_event_without_a_pull_request_checks_only() {
    let job = promotion("leo");
    let files = job.files.path();
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("ladder"))
        .arg("ci")
        .env_clear()
        .env("GITHUB_EVENT_NAME", "push")
        .env("GITHUB_EVENT_PATH", files.join("event.json"))
        .env("GITHUB_REPOSITORY", "acme/ladder")
        .env("GITHUB_WORKSPACE", job.repo.path())
        .env("GITHUB_STEP_SUMMARY", files.join("summary.md"))
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&output.stdout)
            .contains("`push` carries no pull request: checked HEAD only")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn github_failing_after_retries_exits_3_without_the_token() {
    let job = promotion("leo");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(500)
                .set_body_json(serde_json::json!({"message": "Server Error"})),
        )
        .mount(&server)
        .await;
    let run = run(&job, &server, &[]);
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: GitHub answered 500 to GET /repos/acme/ladder/pulls/1/reviews"),
        "{}",
        run.stderr
    );
    assert_eq!(
        requests(&server, "GET", &format!("{REPO}/pulls/1/reviews"))
            .await
            .len(),
        5
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_change_is_cut_under_the_comment_limit_and_whole_in_the_summary() {
    let mut job = promotion("leo");
    for index in 0..700 {
        job.repo.write(
            &format!("ladders/people/hire-{index:03}.yml"),
            &format!("name: A New Teammate With A Long Name {index}\nteam: eng\ntrack: maker\nlevel: 1\nstep: 1\nlead: ada\n"),
        );
    }
    let head = job.repo.commit("Hire a whole department").to_string();
    let event = std::fs::read_to_string(job.files.path().join("event.json")).expect("event");
    std::fs::write(
        job.files.path().join("event.json"),
        event.replace(&job.head, &head),
    )
    .expect("event");
    job.head = head;
    let server = github(
        serde_json::json!([review("ada", "APPROVED", "x")]),
        serde_json::json!([]),
    )
    .await;
    let run = run(&job, &server, &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let posted = requests(&server, "POST", &format!("{REPO}/issues/1/comments")).await;
    let body: serde_json::Value = serde_json::from_str(&posted[0]).expect("json");
    let text = body["body"].as_str().expect("body");
    assert!(
        text.chars().count() <= 65_536,
        "{} characters",
        text.chars().count()
    );
    assert!(
        text.ends_with(
            "see the [job summary](https://github.example/acme/ladder/actions/runs/42).\n"
        ),
        "{}",
        &text[text.len() - 200..]
    );
    assert!(run.summary.contains("A New Teammate With A Long Name 699"));
    assert!(!text.contains("A New Teammate With A Long Name 699"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shallow_checkout_still_posts_the_change_and_says_pace_is_unavailable() {
    let job = promotion("leo");
    // Two commits, as `fetch-depth: 2` gives: the base and the head, no history behind them.
    let clone = shallow_clone(&job.repo, 2);
    let server = github(
        serde_json::json!([review("ada", "APPROVED", "x")]),
        serde_json::json!([]),
    )
    .await;
    let workspace = clone.path().display().to_string();
    let run = run(&job, &server, &[("GITHUB_WORKSPACE", workspace.as_str())]);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    let comments = requests(&server, "POST", &format!("{REPO}/issues/1/comments")).await;
    assert_eq!(comments.len(), 1);
    let body: serde_json::Value = serde_json::from_str(&comments[0]).expect("json");
    let text = body["body"].as_str().expect("body");
    assert!(
        text.contains("| Bob Babbage (`bob`) | up 1 level |"),
        "{text}"
    );
    assert!(
        text.contains("pace is not computed: the repository is a shallow clone"),
        "{text}"
    );
    assert!(text.contains("fetch-depth: 0"), "{text}");
    assert!(!text.contains("Pace across leads"), "{text}");
    assert!(
        run.stdout
            .contains("::warning title=ladder pace-unavailable::"),
        "{}",
        run.stdout
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pull_request_that_leaves_the_ladder_alone_passes_at_once_without_a_comment() {
    let job = pull_request("leo", |repo| {
        repo.write("README.md", "Nothing to do with the ladder.\n");
    });
    let server = github(serde_json::json!([]), serde_json::json!([])).await;
    let run = run(&job, &server, &[]);
    assert_eq!(run.code, Some(0), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .ends_with("ladder: no change to the ladder: 0 errors, 0 warnings, 0 notices\n"),
        "{}",
        run.stdout
    );
    // The required status, green, and nothing else said on the pull request.
    let statuses = requests(&server, "POST", &format!("{REPO}/statuses/{}", job.head)).await;
    assert_eq!(statuses.len(), 1);
    assert!(
        statuses[0].contains("\"state\":\"success\"")
            && statuses[0].contains("no change to the ladder"),
        "{}",
        statuses[0]
    );
    assert!(
        requests(&server, "POST", &format!("{REPO}/issues/1/comments"))
            .await
            .is_empty()
    );
    assert!(
        requests(&server, "GET", &format!("{REPO}/pulls/1/reviews"))
            .await
            .is_empty()
    );
    // No history walk: nothing was written to the index.
    assert!(!job.repo.repo.path().join("ladder").exists());
}
