//! `ladder ci` against a hostile GitHub and a hostile environment: a token pasted with a line
//! break, answers far larger than any page, a payload whose ids are paths, rate limits, and
//! answers that never come or stop half way. GitHub is a local wiremock server answering in the
//! REST API's shapes, or, where wiremock cannot misbehave that way, a bare socket that does.
//! Every run's outputs and files are searched for the token.

mod support;

use std::path::Path;

use support::{Repo, copy_dir, fixtures, promote_bob};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "ghs_HOSTILEtokenDoNotLeak1234567890";
const TEAM_TOKEN: &str = "ghp_HOSTILEteamDoNotLeak0987654321";
const REVIEWS: &str = "/repos/acme/ladder/pulls/1/reviews";

/// Bob's promotion as pull request 1 by Leo, committed, with its event payload.
struct Job {
    repo: Repo,
    files: tempfile::TempDir,
    head: String,
}

fn promotion() -> Job {
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
    promote_bob(&repo);
    let head = repo.commit("Promote Bob").to_string();
    let job = Job {
        repo,
        files: tempfile::tempdir().expect("temp"),
        head,
    };
    job.write_event(1, &base, &job.head.clone());
    job
}

impl Job {
    fn write_event(&self, number: u64, base: &str, head: &str) {
        let event = serde_json::json!({
            "action": "synchronize",
            "number": number,
            "pull_request": {
                "number": number,
                "user": {"login": "leo"},
                "base": {"ref": "main", "sha": base, "repo": {"full_name": "acme/ladder"}},
                "head": {"ref": "promote-bob", "sha": head, "repo": {"full_name": "acme/ladder"}}
            },
            "repository": {"full_name": "acme/ladder"}
        });
        std::fs::write(self.files.path().join("event.json"), event.to_string()).expect("event");
    }
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// `ladder ci` as the Action runs it, against `api_url`, with `extra` variables on top.
fn run(job: &Job, api_url: &str, extra: &[(&str, &str)]) -> Run {
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
        .env("LADDER_TEAM_TOKEN", TEAM_TOKEN)
        .env("LADDER_GITHUB_TIMEOUT", "1");
    for (name, value) in extra {
        command.env(name, value);
    }
    let output = command.output().expect("run");
    let run = Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).to_string(),
        stderr: String::from_utf8_lossy(&output.stderr).to_string(),
    };
    assert_no_token(files, &run);
    run
}

/// Neither token, nor any part of one longer than its prefix, in any output or file the job
/// leaves.
fn assert_no_token(files: &Path, run: &Run) {
    let mut texts = vec![run.stdout.clone(), run.stderr.clone()];
    for entry in std::fs::read_dir(files).expect("files") {
        texts.push(std::fs::read_to_string(entry.expect("entry").path()).unwrap_or_default());
    }
    for text in texts {
        for secret in [
            TOKEN,
            TEAM_TOKEN,
            "HOSTILEtoken",
            "HOSTILEteam",
            "DoNotLeak",
        ] {
            assert!(!text.contains(secret), "a token leaked into: {text}");
        }
    }
}

/// A review as `GET /repos/{owner}/{repo}/pulls/{number}/reviews` lists it.
fn review(id: u64, login: &str, state: &str, commit: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "node_id": "PRR_kwDOAAABc84AAAAB",
        "user": {
            "login": login, "id": id, "node_id": "MDQ6VXNlcjE=", "type": "User",
            "avatar_url": "https://avatars.githubusercontent.com/u/1?v=4", "site_admin": false
        },
        "body": "Looks right to me.",
        "state": state,
        "html_url": format!("https://github.com/acme/ladder/pull/1#pullrequestreview-{id}"),
        "pull_request_url": "https://api.github.com/repos/acme/ladder/pulls/1",
        "submitted_at": "2026-01-03T10:00:00Z",
        "commit_id": commit,
        "author_association": "MEMBER"
    })
}

/// GitHub answering everything a passing run asks: Ada's approval of the head, an empty
/// thread, Ada in the people team, and every post accepted.
async fn github(head: &str) -> MockServer {
    let server = MockServer::start().await;
    answer_all(&server, head).await;
    server
}

/// What [`github`] answers, behind whatever faults a test mounted first.
async fn answer_all(server: &MockServer, head: &str) {
    Mock::given(method("GET"))
        .and(path(REVIEWS))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!([review(80, "ada", "APPROVED", head)])),
        )
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/repos/acme/ladder/issues/1/comments"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
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
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": 99})))
        .mount(server)
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_pasted_with_its_line_break_is_trimmed_and_sent_as_the_token_alone() {
    let job = promotion();
    let server = github(&job.head).await;
    let token = format!("  {TOKEN}\r\n");
    let team_token = format!("{TEAM_TOKEN}\n");
    let run = run(
        &job,
        &server.uri(),
        &[("GITHUB_TOKEN", &token), ("LADDER_TEAM_TOKEN", &team_token)],
    );
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let sent: Vec<String> = server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter_map(|request| {
            let value = request.headers.get("authorization")?;
            Some(value.to_str().ok()?.to_string())
        })
        .collect();
    assert!(!sent.is_empty());
    for value in sent {
        assert!(
            value == format!("Bearer {TOKEN}") || value == format!("Bearer {TEAM_TOKEN}"),
            "sent {value:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_with_a_space_or_a_line_break_inside_is_refused_without_showing_it() {
    let job = promotion();
    let server = github(&job.head).await;
    let inside = [
        ("GITHUB_TOKEN", format!("{TOKEN}\nX-Injected: 1")),
        ("GITHUB_TOKEN", "ghs_HOSTILEtoken DoNotLeak".to_string()),
        ("LADDER_GITHUB_TOKEN", format!("{TOKEN}\u{7}")),
        (
            "LADDER_TEAM_TOKEN",
            "ghp_HOSTILEteam\tDoNotLeak".to_string(),
        ),
        ("LADDER_TEAM_TOKEN", format!("{TEAM_TOKEN}é")),
    ];
    for (name, value) in inside {
        let run = run(&job, &server.uri(), &[(name, &value)]);
        assert_eq!(run.code, Some(2), "{name}: {}", run.stderr);
        assert_eq!(
            run.stderr,
            format!(
                "error: {name} holds a space, a control or a non-ASCII character inside the \
                 token: set the secret to the token alone (its value is not shown)\n"
            )
        );
        assert_eq!(run.stdout, "");
    }
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty(),
        "nothing was sent"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_head_sha_or_number_that_is_not_an_id_is_refused_naming_the_field_before_any_call() {
    let job = promotion();
    let server = github(&job.head).await;
    let base = job
        .repo
        .repo
        .revparse_single("HEAD~1")
        .expect("base")
        .id()
        .to_string();
    let traversal = format!("{}/../../issues/7/comments", job.head);
    let cases = [
        (
            1,
            base.as_str(),
            traversal.as_str(),
            format!(
                "`pull_request.head.sha` is \"{traversal}\": expected a commit id, 40 lower-case \
                 hexadecimal digits (64 in a SHA-256 repository)"
            ),
        ),
        (
            1,
            "main",
            job.head.as_str(),
            "`pull_request.base.sha` is \"main\": expected a commit id, 40 lower-case \
             hexadecimal digits (64 in a SHA-256 repository)"
                .to_string(),
        ),
        (
            0,
            base.as_str(),
            job.head.as_str(),
            "`pull_request.number` is 0: pull requests are numbered from 1".to_string(),
        ),
    ];
    for (number, base, head, said) in cases {
        job.write_event(number, base, head);
        let run = run(&job, &server.uri(), &[]);
        assert_eq!(run.code, Some(2), "{}", run.stderr);
        assert_eq!(
            run.stderr,
            format!("error: the pull_request payload is not what GitHub sends: {said}\n")
        );
    }
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty(),
        "no call was made"
    );
}
