//! `ladder ci` end to end: the real binary on a real repository, with GitHub played by a local
//! HTTP server that answers on the REST API's paths with its JSON shapes.

mod support;

use std::path::Path;

use support::{Repo, copy_dir, fixtures, promote_bob, shallow_clone};
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
    pull_request(author, promote_bob)
}

/// Pull request 1 by `author`, whose head commit makes the edits `change` writes.
fn pull_request(author: &str, change: impl FnOnce(&Repo)) -> Job {
    pull_request_on(author, |_| {}, change)
}

/// The same, with `base` editing the fixture tree before the base commit.
fn pull_request_on(author: &str, base: impl FnOnce(&Repo), change: impl FnOnce(&Repo)) -> Job {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    base(&repo);
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
    let files = pull_request_event(author, &base, &head);
    Job {
        repo,
        files,
        base,
        head,
    }
}

/// A folder holding the `pull_request` event of pull request 1 by `author`, from `head` into
/// main at `base`.
fn pull_request_event(author: &str, base: &str, head: &str) -> tempfile::TempDir {
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
    files
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    summary: String,
    output: String,
}

fn run(job: &Job, server: &MockServer, extra: &[(&str, &str)]) -> Run {
    let output = command(job, &server.uri(), extra).output().expect("run");
    finished(job, output)
}

/// `ladder ci` as the Action runs it on pull request 1, talking to `api_url`.
fn command(job: &Job, api_url: &str, extra: &[(&str, &str)]) -> std::process::Command {
    let files = job.files.path();
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("ladder"));
    command
        .arg("ci")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("GITHUB_EVENT_NAME", "pull_request")
        .env("GITHUB_EVENT_PATH", files.join("event.json"))
        .env("GITHUB_REPOSITORY", "acme/ladder")
        .env("GITHUB_API_URL", api_url)
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
    command
}

fn finished(job: &Job, output: std::process::Output) -> Run {
    let files = job.files.path();
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
    mount_statuses(&server).await;
    server
}

/// Ada's approval, no comments yet, and every post accepted: behind the faults a test mounts
/// first.
async fn approved_and_accepting(server: &MockServer) {
    let approved = serde_json::json!([review("ada", "APPROVED", "x")]);
    mount_reads(server, approved, serde_json::json!([])).await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": 1})))
        .mount(server)
        .await;
}

/// Commit statuses, accepted.
async fn mount_statuses(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path_prefix_statuses())
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": 1})))
        .mount(server)
        .await;
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
    // What the action passes when its input is turned off.
    assert_eq!(
        run(&job, &server, &[("LADDER_IGNORE_STALE_APPROVALS", "false")]).code,
        Some(0)
    );
    // The action's default.
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
    approved_and_accepting(&server).await;
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
        3,
        "the 429, the list, and the list again after posting"
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

/// A pull request's comment thread kept by the local server as GitHub keeps it: listed in pages
/// of `per_page`, created, edited and deleted, so concurrent runs meet each other's comments.
#[derive(Clone, Default)]
struct Thread {
    comments: std::sync::Arc<std::sync::Mutex<Vec<serde_json::Value>>>,
}

impl Thread {
    fn ours(&self) -> Vec<serde_json::Value> {
        self.comments
            .lock()
            .expect("thread")
            .iter()
            .filter(|comment| {
                comment["body"]
                    .as_str()
                    .is_some_and(|body| body.starts_with("<!-- ladder:sticky-comment -->"))
            })
            .cloned()
            .collect()
    }

    async fn mount(&self, server: &MockServer, list_delay: std::time::Duration) {
        Mock::given(method("GET"))
            .and(path(format!("{REPO}/issues/1/comments")))
            .respond_with(ThreadAnswer(self.clone(), list_delay))
            .mount(server)
            .await;
        for verb in ["POST", "PATCH", "DELETE"] {
            Mock::given(method(verb))
                .and(wiremock::matchers::path_regex(
                    r"^/repos/acme/ladder/issues/(1/comments|comments/\d+)$",
                ))
                .respond_with(ThreadAnswer(self.clone(), std::time::Duration::ZERO))
                .mount(server)
                .await;
        }
    }
}

struct ThreadAnswer(Thread, std::time::Duration);

impl wiremock::Respond for ThreadAnswer {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let mut comments = self.0.comments.lock().expect("thread");
        let id_in_path = || {
            request
                .url
                .path()
                .rsplit('/')
                .next()
                .and_then(|id| id.parse::<u64>().ok())
        };
        let body = || -> serde_json::Value {
            serde_json::from_slice::<serde_json::Value>(&request.body).expect("json body")["body"]
                .clone()
        };
        match request.method.as_str() {
            "GET" => {
                let query = |key: &str| {
                    request
                        .url
                        .query_pairs()
                        .find(|(name, _)| name == key)
                        .and_then(|(_, value)| value.parse::<usize>().ok())
                };
                let per_page = query("per_page").unwrap_or(30);
                let page = query("page").unwrap_or(1);
                let items: Vec<_> = comments
                    .iter()
                    .skip((page - 1) * per_page)
                    .take(per_page)
                    .cloned()
                    .collect();
                ResponseTemplate::new(200)
                    .set_body_json(items)
                    .set_delay(self.1)
            }
            "POST" => {
                let id = comments
                    .iter()
                    .filter_map(|comment| comment["id"].as_u64())
                    .max()
                    .unwrap_or(100)
                    + 1;
                let comment = serde_json::json!({
                    "id": id, "body": body(), "user": {"login": "github-actions[bot]"}
                });
                comments.push(comment.clone());
                ResponseTemplate::new(201).set_body_json(comment)
            }
            "PATCH" => match comments
                .iter_mut()
                .find(|comment| comment["id"].as_u64() == id_in_path())
            {
                Some(comment) => {
                    comment["body"] = body();
                    ResponseTemplate::new(200).set_body_json(comment.clone())
                }
                None => ResponseTemplate::new(404)
                    .set_body_json(serde_json::json!({"message": "Not Found"})),
            },
            _ => {
                let before = comments.len();
                comments.retain(|comment| comment["id"].as_u64() != id_in_path());
                if comments.len() < before {
                    ResponseTemplate::new(204)
                } else {
                    ResponseTemplate::new(404)
                        .set_body_json(serde_json::json!({"message": "Not Found"}))
                }
            }
        }
    }
}

/// A server with approvals, statuses and a live comment thread.
async fn live_github(thread: &Thread, list_delay: std::time::Duration) -> MockServer {
    let server = MockServer::start().await;
    thread.mount(&server, list_delay).await;
    Mock::given(method("GET"))
        .and(path("/orgs/acme/teams/people/memberships/ada"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"state": "active"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/pulls/1/reviews")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!([review("ada", "APPROVED", "x")])),
        )
        .mount(&server)
        .await;
    mount_statuses(&server).await;
    server
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_runs_at_once_on_one_pull_request_leave_one_comment_and_a_rerun_changes_nothing() {
    let job = promotion("leo");
    let thread = Thread::default();
    // Both runs list the thread before either has posted: the race a re-run started while the
    // first is still going, or two pushes in a row, really meets.
    let server = live_github(&thread, std::time::Duration::from_millis(700)).await;
    let children: Vec<_> = (0..2)
        .map(|_| {
            command(&job, &server.uri(), &[])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for child in children {
        let run = finished(&job, child.wait_with_output().expect("wait"));
        assert_eq!(run.code, Some(0), "{}", run.stderr);
    }
    let posts = requests(&server, "POST", &format!("{REPO}/issues/1/comments")).await;
    assert_eq!(
        posts.len(),
        2,
        "both runs posted before seeing each other's"
    );
    let ours = thread.ours();
    assert_eq!(ours.len(), 1, "one comment at the end: {ours:?}");
    assert_eq!(ours[0]["id"], 101, "the oldest is the one kept");
    let body = ours[0]["body"].as_str().expect("body").to_string();
    assert!(body.contains("Bob Babbage"), "{body}");

    let rerun = run(&job, &server, &[]);
    assert_eq!(rerun.code, Some(0), "{}", rerun.stderr);
    assert_eq!(
        requests(&server, "POST", &format!("{REPO}/issues/1/comments"))
            .await
            .len(),
        2,
        "a re-run posts nothing new"
    );
    assert!(
        requests(&server, "PATCH", "/repos/acme/ladder/issues/comments/101")
            .await
            .is_empty(),
        "nor edits a comment that already says the same"
    );
    assert_eq!(thread.ours(), ours);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_marker_pasted_into_a_teammates_comment_is_never_edited_nor_deleted() {
    let job = promotion("leo");
    let thread = Thread::default();
    let pasted = serde_json::json!({
        "id": 7,
        "body": "<!-- ladder:sticky-comment -->\n### ✅ ladder: all clear, nothing to see",
        "user": {"login": "leo"}
    });
    thread.comments.lock().expect("thread").push(pasted.clone());
    let server = live_github(&thread, std::time::Duration::ZERO).await;
    let run = run(&job, &server, &[]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let comments = thread.comments.lock().expect("thread").clone();
    assert_eq!(comments[0], pasted, "the teammate's comment is untouched");
    assert_eq!(comments.len(), 2, "ladder posted its own beside it");
    assert_eq!(comments[1]["user"]["login"], "github-actions[bot]");
    assert!(
        requests(&server, "PATCH", "/repos/acme/ladder/issues/comments/7")
            .await
            .is_empty()
            && requests(&server, "DELETE", "/repos/acme/ladder/issues/comments/7")
                .await
                .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_page_twice_is_read_as_one_page() {
    let job = promotion("leo");
    let server = github(serde_json::json!([]), serde_json::json!([])).await;
    // A full first page holding ladder's own comment, then the same page again: a naive reader
    // sees its comment twice and deletes the copy, which is the comment itself.
    let mut page: Vec<serde_json::Value> = (1..100)
        .map(|id| serde_json::json!({"id": id, "body": "lgtm", "user": {"login": "leo"}}))
        .collect();
    let first = run(&job, &server, &[]);
    let posted = requests(&server, "POST", &format!("{REPO}/issues/1/comments")).await;
    assert_eq!(first.code, Some(1), "no approval in this server");
    let body: serde_json::Value = serde_json::from_str(&posted[0]).expect("json");
    page.push(serde_json::json!({
        "id": 500, "body": body["body"], "user": {"login": "github-actions[bot]"}
    }));
    let again = MockServer::start().await;
    mount_reads(&again, serde_json::json!([]), serde_json::json!(page)).await;
    mount_statuses(&again).await;
    let run = run(&job, &again, &[]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let lists = requests(&again, "GET", &format!("{REPO}/issues/1/comments")).await;
    assert_eq!(
        lists.len(),
        2,
        "the second page brought nothing new: the end"
    );
    let touched = again
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|request| request.url.path().contains("/issues/comments/"))
        .count();
    assert_eq!(touched, 0, "nothing edited, nothing deleted");
}

/// Pages that are always full of new items.
struct Endless;

impl wiremock::Respond for Endless {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let page: u64 = request
            .url
            .query_pairs()
            .find(|(name, _)| name == "page")
            .and_then(|(_, value)| value.parse().ok())
            .unwrap_or(1);
        let items: Vec<_> = (0..100)
            .map(|at| review("leo", "COMMENTED", &format!("{}", page * 1000 + at)))
            .enumerate()
            .map(|(at, mut item)| {
                item["id"] = serde_json::json!(page * 1000 + at as u64);
                item
            })
            .collect();
        ResponseTemplate::new(200).set_body_json(items)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_without_end_is_refused_after_a_bounded_number_of_pages() {
    let job = promotion("leo");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/pulls/1/reviews")))
        .respond_with(Endless)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_reads(&server, serde_json::json!([]), serde_json::json!([])).await;
    let run = run(&job, &server, &[]);
    assert_eq!(run.code, Some(3), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(
            "the list went on past 100 pages of 100: refused rather than read without end"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        requests(&server, "GET", &format!("{REPO}/pulls/1/reviews"))
            .await
            .len(),
        100
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_later_than_the_timeout_is_asked_again() {
    let job = promotion("leo");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("{REPO}/pulls/1/reviews")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!([]))
                .set_delay(std::time::Duration::from_secs(5)),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    approved_and_accepting(&server).await;
    let run = run(&job, &server, &[("LADDER_GITHUB_TIMEOUT", "1")]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        requests(&server, "GET", &format!("{REPO}/pulls/1/reviews"))
            .await
            .len(),
        2,
        "the late answer was given up on and asked for again"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_never_answers_in_time_fails_with_exit_3_and_writes_no_comment() {
    let job = promotion("leo");
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!([]))
                .set_delay(std::time::Duration::from_secs(4)),
        )
        .mount(&server)
        .await;
    let run = run(&job, &server, &[("LADDER_GITHUB_TIMEOUT", "1")]);
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert!(
        run.stderr.contains("GET /repos/acme/ladder/"),
        "{}",
        run.stderr
    );
    assert!(
        requests(&server, "POST", &format!("{REPO}/issues/1/comments"))
            .await
            .is_empty()
    );
}

/// A proxy in front of the local server that drops the first `drops` connections after
/// reading their request, without a byte of answer, as a load balancer resetting does.
/// Returns its address and how many it dropped.
fn dropping_proxy(
    target: std::net::SocketAddr,
    drops: usize,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    let dropped = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = std::sync::Arc::clone(&dropped);
    std::thread::spawn(move || {
        for (seen, client) in listener.incoming().enumerate() {
            let Ok(mut client) = client else { continue };
            if seen < drops {
                let mut buffer = [0u8; 1024];
                let _ = client.read(&mut buffer);
                let _ = client.shutdown(std::net::Shutdown::Both);
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                continue;
            }
            let Ok(mut upstream) = std::net::TcpStream::connect(target) else {
                continue;
            };
            let (mut client_reader, mut upstream_writer) = (
                client.try_clone().expect("clone"),
                upstream.try_clone().expect("clone"),
            );
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut client_reader, &mut upstream_writer);
                let _ = upstream_writer.shutdown(std::net::Shutdown::Write);
            });
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut upstream, &mut client);
                let _ = client.flush();
                let _ = client.shutdown(std::net::Shutdown::Write);
            });
        }
    });
    (format!("http://{address}"), dropped)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_connections_are_retried_and_the_comment_is_posted_once() {
    let job = promotion("leo");
    let thread = Thread::default();
    let server = live_github(&thread, std::time::Duration::ZERO).await;
    let (proxy, dropped) = dropping_proxy(*server.address(), 2);
    let output = command(&job, &proxy, &[]).output().expect("run");
    let run = finished(&job, output);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(thread.ours().len(), 1);
    assert_eq!(dropped.load(std::sync::atomic::Ordering::SeqCst), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_unexpected_github_answer_is_refused_with_exit_3_naming_the_call() {
    // (route answered oddly, status, body, what the message must say)
    let cases: [(&str, u16, &str, &str); 8] = [
        (
            "/pulls/1/reviews",
            200,
            r#"{"message": "an object"}"#,
            "invalid type: map, expected a sequence",
        ),
        (
            "/pulls/1/reviews",
            200,
            "<html>Unicorn!</html>",
            "expected value",
        ),
        (
            "/pulls/1/reviews",
            200,
            r#"[{"id": "seven"}]"#,
            "invalid type: string",
        ),
        (
            "/pulls/1/reviews",
            200,
            r#"[{"user": {"login": "ada"}}"#,
            "missing field `id`",
        ),
        (
            "/issues/1/comments",
            200,
            r#"[{"id": 1, "body": 5}]"#,
            "invalid type: integer `5`, expected a string",
        ),
        ("/issues/1/comments", 200, "", "EOF while parsing"),
        (
            "/issues/1/comments",
            200,
            r#"[{"id": 1, "body": "x"}"#,
            "EOF while parsing",
        ),
        (
            "/pulls/1/reviews",
            404,
            r#"{"message": "Not Found"}"#,
            "answered 404 to GET",
        ),
    ];
    let job = promotion("leo");
    let mut failures = Vec::new();
    for (route, status, body, expected) in cases {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(format!("{REPO}{route}")))
            .respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
            .with_priority(1)
            .mount(&server)
            .await;
        mount_reads(&server, serde_json::json!([]), serde_json::json!([])).await;
        let run = run(&job, &server, &[]);
        let said = run.stderr.contains(expected) && run.stderr.contains(route);
        if run.code != Some(3) || !said || run.stderr.contains("panicked") {
            failures.push(format!(
                "{route} {status} {body}: exit {:?}\n{}",
                run.code, run.stderr
            ));
        }
        if !requests(&server, "POST", &format!("{REPO}/issues/1/comments"))
            .await
            .is_empty()
        {
            failures.push(format!(
                "{route} {body}: a comment was posted from a half-read thread"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notify_loops_people_in_once_by_a_new_comment_and_teams_by_a_review_request() {
    // Bob steps Cy up; the policy loops in Cy's lead (Bob, the author: left out), the director
    // (Ada), Grace from the executive team, and the executive team itself.
    let job = pull_request_on(
        "bob",
        |repo| {
            let framework =
                std::fs::read_to_string(repo.ladders().join("framework.yml")).expect("framework");
            repo.write(
                "ladders/framework.yml",
                &format!("{framework}  notify:\n    step: [lead, director, grace, acme/execs]\n"),
            );
        },
        |repo| {
            repo.write(
                "ladders/people/cy.yml",
                "name: Cy Hopper\ngithub: cy\nteam: eng\ntrack: maker\nlevel: 1\nstep: 3\nlead: bob\n",
            );
        },
    );
    let thread = Thread::default();
    let server = live_github(&thread, std::time::Duration::ZERO).await;
    let requested = "/repos/acme/ladder/pulls/1/requested_reviewers";
    Mock::given(method("POST"))
        .and(path(requested))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"number": 1})))
        .mount(&server)
        .await;
    let looped = |thread: &Thread| -> Vec<String> {
        thread
            .comments
            .lock()
            .expect("thread")
            .iter()
            .filter_map(|comment| comment["body"].as_str().map(str::to_string))
            .filter(|body| body.starts_with("<!-- ladder:looped-in "))
            .collect()
    };
    for attempt in 0..2 {
        let run = run(&job, &server, &[]);
        assert_eq!(
            run.code,
            Some(0),
            "run {attempt}: {}\n{}",
            run.stdout,
            run.stderr
        );
        let told = looped(&thread);
        assert_eq!(
            told.len(),
            1,
            "run {attempt}: one loop-in comment: {told:?}"
        );
        let requests = requests(&server, "POST", requested).await;
        assert_eq!(requests.len(), 1, "run {attempt}: the team asked once");
        let payload: serde_json::Value = serde_json::from_str(&requests[0]).expect("json");
        assert_eq!(payload["team_reviewers"], serde_json::json!(["execs"]));
        assert_eq!(payload["reviewers"], serde_json::json!([]));
    }
    let told = &looped(&thread)[0];
    assert!(
        told.starts_with("<!-- ladder:looped-in ada,grace,acme/execs -->\n"),
        "{told}"
    );
    assert!(told.contains("- @ada: step change for Cy Hopper"), "{told}");
    assert!(
        told.contains("- @grace: step change for Cy Hopper"),
        "{told}"
    );
    assert!(
        told.contains("- team `acme/execs` (asked to review)"),
        "{told}"
    );
    assert!(!told.contains("@bob"), "never the author: {told}");
    let sticky = thread.ours()[0]["body"].as_str().expect("body").to_string();
    assert!(
        sticky.contains("**Looped in**") && sticky.contains("`grace`"),
        "{sticky}"
    );
    assert!(!sticky.contains("`bob`"), "{sticky}");
}

// The gate: approvals only the base branch grants.

/// The fixture's framework with `policy` in place of its policy block.
fn with_policy(repo: &Repo, policy: &str) {
    let path = repo.ladders().join("framework.yml");
    let text = std::fs::read_to_string(&path).expect("framework");
    let start = text.find("policy:").expect("policy block");
    repo.write(
        "ladders/framework.yml",
        &format!("{}{policy}", &text[..start]),
    );
}

/// Team memberships the server answers: each (team slug, login) is active, the rest 404.
async fn mount_members(server: &MockServer, members: &[(&str, &str)]) {
    for (team, login) in members {
        Mock::given(method("GET"))
            .and(path(format!("/orgs/acme/teams/{team}/memberships/{login}")))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!({"state": "active", "role": "member"})),
            )
            .mount(server)
            .await;
    }
    Mock::given(method("GET"))
        .and(wiremock::matchers::path_regex(r"^/orgs/.*/memberships/.*$"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(serde_json::json!({"message": "Not Found"})),
        )
        .with_priority(10)
        .mount(server)
        .await;
}

/// The comment ladder posted.
async fn posted_comment(server: &MockServer) -> String {
    let comments = requests(server, "POST", &format!("{REPO}/issues/1/comments")).await;
    let body: serde_json::Value =
        serde_json::from_str(comments.first().expect("a comment")).expect("json");
    body["body"].as_str().expect("body").to_string()
}

async fn last_status(server: &MockServer, head: &str) -> String {
    requests(server, "POST", &format!("{REPO}/statuses/{head}"))
        .await
        .pop()
        .expect("a status")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_rewritten_in_the_pull_request_approves_nothing() {
    // The PR hires Dee under Ada and, in the same change, gives Ada's placement the login
    // mallory; mallory approves.
    let job = pull_request_on(
        "leo",
        |repo| {
            with_policy(
                repo,
                "policy:\n  owners: [acme/people]\n  approvers:\n    hire: [director]\n    identity: [acme/people]\n",
            )
        },
        |repo| {
            repo.write(
                "ladders/people/dee.yml",
                "name: Dee Ritchie\ngithub: dee\nteam: eng\ntrack: maker\nlevel: 1\nstep: 1\nlead: ada\n",
            );
            repo.write(
                "ladders/people/ada.yml",
                "name: Ada Lovelace\ngithub: mallory\nteam: eng\ntrack: manager\nlevel: 2\nstep: 1\nlead:\n",
            );
        },
    );
    let server = github(
        serde_json::json!([review("mallory", "APPROVED", "x")]),
        serde_json::json!([]),
    )
    .await;
    mount_members(&server, &[]).await;
    let run = run(&job, &server, &[]);
    assert_eq!(run.code, Some(1), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "approval-missing::hire change for Dee Ritchie needs approval from director; could approve: ada"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "approval-missing::identity change for Ada Lovelace needs approval from acme/people"
        ),
        "{}",
        run.stdout
    );
    let comment = posted_comment(&server).await;
    assert!(comment.contains("GitHub login: ada → mallory"), "{comment}");
    assert!(!comment.contains("✅ `mallory`"), "{comment}");
    assert!(
        last_status(&server, &job.head)
            .await
            .contains("\"state\":\"failure\"")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_change_alone_needs_the_owners_and_the_director() {
    let job = pull_request("leo", |repo| {
        repo.write(
            "ladders/people/bob.yml",
            "name: Bob Babbage\ngithub: mallory\nteam: eng\ntrack: maker\nlevel: 2\nstep: 3\nlead: ada\n",
        );
    });
    let server = github(serde_json::json!([]), serde_json::json!([])).await;
    let run = run(&job, &server, &[]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    for approver in ["acme/people", "director"] {
        assert!(
            run.stdout.contains(&format!(
                "identity change for Bob Babbage needs approval from {approver}"
            )),
            "{}",
            run.stdout
        );
    }
    let comment = posted_comment(&server).await;
    assert!(comment.contains("GitHub login: bob → mallory"), "{comment}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_branch_cut_from_an_old_commit_is_judged_by_the_base_branchs_policy_today() {
    // An old commit let leo approve steps; main has since asked for the director. The branch
    // is cut from the old commit, and only leo approves.
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    with_policy(
        &repo,
        "policy:\n  owners: [acme/people]\n  approvers:\n    step: [\"@leo\"]\n",
    );
    repo.commit("A loose policy");
    let cy = "name: Cy Hopper\ngithub: cy\nteam: eng\ntrack: maker\nlevel: 1\nstep: 3\nlead: bob\n";
    let before = std::fs::read_to_string(repo.ladders().join("people/cy.yml")).expect("cy");
    repo.write("ladders/people/cy.yml", cy);
    let head = repo.side_commit("Step Cy up").to_string();
    repo.write("ladders/people/cy.yml", &before);
    with_policy(
        &repo,
        "policy:\n  owners: [acme/people]\n  approvers:\n    step: [director]\n",
    );
    let tip = repo.commit("Steps need the director").to_string();
    repo.repo
        .reference(
            "refs/remotes/origin/main",
            git2::Oid::from_str(&tip).expect("oid"),
            true,
            "main",
        )
        .expect("ref");
    let files = pull_request_event("bob", &tip, &head);
    let job = Job {
        repo,
        files,
        base: tip,
        head,
    };
    let server = github(
        serde_json::json!([review("leo", "APPROVED", "x")]),
        serde_json::json!([]),
    )
    .await;
    let run = run(&job, &server, &[]);
    assert_eq!(run.code, Some(1), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "approval-missing::step change for Cy Hopper needs approval from director; could approve: ada"
        ),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("@leo"), "{}", run.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_person_changed_never_approves_their_own_change() {
    // Ada directs the team, so her own step change has no director but herself: the owners
    // stand in, and Ada, on their team, still cannot give it. Bob's own step change does not
    // count his approval.
    let job = pull_request_on(
        "leo",
        |repo| {
            with_policy(
                repo,
                "policy:\n  owners: [acme/people]\n  approvers:\n    step: [director, acme/people]\n",
            )
        },
        |repo| {
            repo.write(
                "ladders/people/ada.yml",
                "name: Ada Lovelace\ngithub: ada\nteam: eng\ntrack: manager\nlevel: 2\nstep: 2\nlead:\n",
            );
            repo.write(
                "ladders/people/bob.yml",
                "name: Bob Babbage\ngithub: bob\nteam: eng\ntrack: maker\nlevel: 2\nstep: 4\nlead: ada\n",
            );
        },
    );
    let server = github(
        serde_json::json!([
            review("ada", "APPROVED", "x"),
            {"id": 2, "user": {"login": "bob"}, "state": "APPROVED", "commit_id": "x"}
        ]),
        serde_json::json!([]),
    )
    .await;
    mount_members(&server, &[("people", "ada")]).await;
    let run = run(&job, &server, &[]);
    assert_eq!(run.code, Some(1), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "approval-missing::step change for Ada Lovelace needs approval from director; could approve: acme/people"
        ),
        "{}",
        run.stdout
    );
    // Ada, on the approving team, gives Bob's team approval, and his director's.
    assert!(
        !run.stdout.contains("for Bob Babbage needs"),
        "{}",
        run.stdout
    );
    let comment = posted_comment(&server).await;
    assert!(
        comment.contains("`bob` approved, but is the person changed and does not count"),
        "{comment}"
    );
    assert!(
        comment.contains("director is Ada Lovelace (ada), the person changed; the policy\'s owners approve instead"),
        "{comment}"
    );
    // Bob's director is Ada, whose approval counts for him.
    assert!(
        comment.contains("| step change for Bob Babbage | `director` | ✅ `ada`"),
        "{comment}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_head_missing_from_the_checkout_fails_closed() {
    let job = promotion("leo");
    let missing = "2".repeat(40);
    let event = std::fs::read_to_string(job.files.path().join("event.json"))
        .expect("event")
        .replace(&job.head, &missing);
    std::fs::write(job.files.path().join("event.json"), event).expect("event");
    let server = github(
        serde_json::json!([review("ada", "APPROVED", "x")]),
        serde_json::json!([]),
    )
    .await;
    let run = run(&job, &server, &[]);
    assert_eq!(run.code, Some(3), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "error: the pull request's head commit `{missing}` is not in the checkout, so ladder cannot see the change: check out the head with `ref: ${{{{ github.event.pull_request.head.sha }}}}` and `fetch-depth: 0`"
        )),
        "{}",
        run.stderr
    );
    let status = last_status(&server, &missing).await;
    assert!(status.contains("\"state\":\"error\""), "{status}");
    assert!(
        requests(&server, "POST", &format!("{REPO}/issues/1/comments"))
            .await
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_change_has_an_approver_by_default() {
    // The policy names approvers for levels and steps only: a location or `since` edit falls
    // back to the owners, never to no one.
    let job = pull_request("leo", |repo| {
        repo.write(
            "ladders/people/bob.yml",
            "name: Bob Babbage\ngithub: bob\nteam: eng\ntrack: maker\nlevel: 2\nstep: 3\nlead: ada\nsince: 2025-03-01\n",
        );
        repo.write(
            "ladders/people/cy.yml",
            "name: Cy Hopper\ngithub: cy\nteam: eng\ntrack: maker\nlevel: 1\nstep: 2\nlead: bob\nlocation: Lisbon\n",
        );
    });
    let server = github(serde_json::json!([]), serde_json::json!([])).await;
    let run = run(&job, &server, &[]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    for expected in [
        "details change for Bob Babbage needs approval from acme/people",
        "location change for Cy Hopper needs approval from acme/people",
    ] {
        assert!(run.stdout.contains(expected), "{expected}\n{}", run.stdout);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mistyped_role_in_the_policy_is_no_login() {
    // `directr` reads as a login on main today; a user called directr approves.
    let job = pull_request_on(
        "leo",
        |repo| {
            with_policy(
                repo,
                "policy:\n  owners: [acme/people]\n  approvers:\n    step: [directr]\n",
            )
        },
        |repo| {
            repo.write(
                "ladders/people/cy.yml",
                "name: Cy Hopper\ngithub: cy\nteam: eng\ntrack: maker\nlevel: 1\nstep: 3\nlead: bob\n",
            );
        },
    );
    let server = github(
        serde_json::json!([review("directr", "APPROVED", "x")]),
        serde_json::json!([]),
    )
    .await;
    let run = run(&job, &server, &[]);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "step change for Cy Hopper needs approval from directr; nobody can: `directr` is not a role (did you mean `director`?); a GitHub user is written `@directr`"
        ),
        "{}",
        run.stdout
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lead_who_is_also_director_promotes_and_the_owners_stand_in() {
    // Ada leads and directs Bob, and opens his promotion: GitHub lets her approve neither as his
    // lead nor as his director, so the policy's owners approve in her place.
    let policy = |owners: &'static str| {
        move |repo: &Repo| {
            with_policy(
                repo,
                &format!("policy:\n{owners}  approvers:\n    level: [lead, director]\n"),
            )
        }
    };
    let job = pull_request_on("ada", policy("  owners: [acme/people]\n"), promote_bob);
    let server = github(
        serde_json::json!([review("grace", "APPROVED", "x")]),
        serde_json::json!([]),
    )
    .await;
    mount_members(&server, &[("people", "grace")]).await;
    let passed = run(&job, &server, &[]);
    assert_eq!(passed.code, Some(0), "{}\n{}", passed.stdout, passed.stderr);
    let comment = posted_comment(&server).await;
    assert!(
        comment.contains(
            "lead is Ada Lovelace (ada), who opened this change; the policy's owners approve instead"
        ),
        "{comment}"
    );
    assert!(comment.contains("✅ `grace`"), "{comment}");

    // With no owners and no fallback, nobody could ever approve it, and the check says so.
    let job = pull_request_on("ada", policy(""), promote_bob);
    let server = github(
        serde_json::json!([review("grace", "APPROVED", "x")]),
        serde_json::json!([]),
    )
    .await;
    let run = run(&job, &server, &[]);
    assert_eq!(run.code, Some(1), "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "the level change for Bob Babbage can never be approved: lead is Ada Lovelace (ada), who opened this change, and the policy names no `fallback` or `owners` to approve instead"
        ),
        "{}",
        run.stdout
    );
}

/// `ladder ci --dry-run` in the pull request's repository, with its head checked out. A token
/// and a whole runner's environment are in reach, pointing at `api_url`: a dry run must use none
/// of them.
fn dry_run(job: &Job, api_url: &str, args: &[&str]) -> Run {
    let mut command = command(job, api_url, &[]);
    command
        .arg("--dry-run")
        .args(args)
        .current_dir(job.repo.path());
    let output = command.output().expect("run");
    finished(job, output)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_prints_the_comment_ci_would_post_and_talks_to_no_one() {
    let job = promotion("leo");
    // What the Action posts on this pull request before anyone has reviewed it.
    let server = github(serde_json::json!([]), serde_json::json!([])).await;
    let real = run(&job, &server, &[]);
    assert_eq!(real.code, Some(1), "{}\n{}", real.stdout, real.stderr);
    let posted = posted_comment(&server).await;
    assert!(posted.contains("⏳ waiting for `ada`"), "{posted}");
    let status = last_status(&server, &job.head).await;
    assert!(
        status.contains("\"state\":\"failure\"")
            && status.contains("\"description\":\"3 errors, 0 warnings\""),
        "{status}"
    );

    let watch = MockServer::start().await;
    let rehearsal = dry_run(&job, &watch.uri(), &["--author", "leo"]);
    assert_eq!(rehearsal.code, real.code, "{}", rehearsal.stderr);
    assert_eq!(rehearsal.stdout, posted);
    assert!(
        rehearsal.stderr.contains(
            "warning: a dry run reads no reviews: every approval the change needs is still to come\n"
        ),
        "{}",
        rehearsal.stderr
    );
    assert!(
        rehearsal.stderr.ends_with(
            "ladder ci --dry-run: HEAD against origin/main: the `ladder` status would be failure (3 errors, 0 warnings); the comment it would post is above, nothing was sent\n"
        ),
        "{}",
        rehearsal.stderr
    );
    assert!(
        watch
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
    // Nothing added to the runner's summary or outputs.
    assert_eq!(
        (&rehearsal.summary, &rehearsal.output),
        (&real.summary, &real.output)
    );

    // The exit code follows --fail-on as the Action's does; the comment stays the same.
    let lenient = dry_run(
        &job,
        &watch.uri(),
        &["--author", "leo", "--fail-on", "never"],
    );
    assert_eq!(lenient.code, Some(0), "{}", lenient.stderr);
    assert_eq!(lenient.stdout, posted);
    assert!(
        lenient
            .stderr
            .contains("the `ladder` status would be success ("),
        "{}",
        lenient.stderr
    );
}

#[test]
fn a_dry_run_without_a_change_or_a_base_says_so() {
    let job = promotion("leo");
    let api = "http://127.0.0.1:9";
    // A branch with nothing on it yet: no comment, a green status, exit 0.
    let unchanged = dry_run(&job, api, &["--base", "HEAD"]);
    assert_eq!(unchanged.code, Some(0), "{}", unchanged.stderr);
    assert_eq!(unchanged.stdout, "");
    assert!(
        unchanged.stderr.contains(
            "warning: HEAD is where HEAD is: there is no change to rehearse yet; commit it on a branch first\n"
        ),
        "{}",
        unchanged.stderr
    );
    assert!(
        unchanged.stderr.contains(
            "the `ladder` status would be success (no change to the ladder); no comment, nothing was sent"
        ),
        "{}",
        unchanged.stderr
    );
    // A base that is not there is bad usage, as a missing environment is for the Action.
    let missing = dry_run(&job, api, &["--base", "trunk"]);
    assert_eq!(missing.code, Some(2));
    assert_eq!(
        missing.stderr,
        "error: --base `trunk` is not a branch or revision here: name the branch your pull request would merge into (`git branch -a` lists them)\n"
    );
    // Uncommitted edits are left out, as the Action sees commits only, and that is said.
    job.repo.write("ladders/people/zed.yml", "name: [\n");
    let dirty = dry_run(&job, api, &["--author", "leo"]);
    assert_eq!(dirty.code, Some(1), "{}", dirty.stderr);
    assert!(
        dirty.stderr.contains(
            "warning: ladders/ has uncommitted changes: the Action sees commits only, so they are left out\n"
        ),
        "{}",
        dirty.stderr
    );
    assert!(
        dirty
            .stdout
            .contains("| Bob Babbage (`bob`) | up 1 level |")
            && !dirty.stdout.contains("zed"),
        "{}",
        dirty.stdout
    );
    // --base means nothing to the Action itself.
    let output = command(&job, api, &[])
        .args(["--base", "main"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("--dry-run"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
