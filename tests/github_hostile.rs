//! `ladder ci` against a hostile GitHub and a hostile environment: a token pasted with a line
//! break, answers far larger than any page, a payload whose ids are paths, rate limits, and
//! answers that never come or stop half way. GitHub is a local wiremock server answering in the
//! REST API's shapes, or, where wiremock cannot misbehave that way, a bare socket that does.
//! Every run's outputs and files are searched for the token.

mod support;

use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use support::{Repo, copy_dir, fixtures, promote_bob};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "ghs_HOSTILEtokenDoNotLeak1234567890";
const TEAM_TOKEN: &str = "ghp_HOSTILEteamDoNotLeak0987654321";
const REVIEWS: &str = "/repos/acme/ladder/pulls/1/reviews";
const REVIEWS_PAGE: &str = "/repos/acme/ladder/pulls/1/reviews?per_page=100&page=1";

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

async fn received(server: &MockServer, route: &str) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|request| request.url.path() == route)
        .collect()
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reviews_answer_far_larger_than_a_page_is_refused_at_the_cap_naming_the_call() {
    let job = promotion();
    let server = github(&job.head).await;
    // 24 MiB of reviews in GitHub's shape: three times what ladder reads of one answer.
    let one = review(81, "eve", "COMMENTED", &job.head).to_string();
    let mut body = String::from("[");
    while body.len() < 24 << 20 {
        body.push_str(&one);
        body.push(',');
    }
    body.push_str(&one);
    body.push(']');
    let size = body.len();
    Mock::given(method("GET"))
        .and(path(REVIEWS))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .with_priority(1)
        .mount(&server)
        .await;
    let run = run(&job, &server.uri(), &[]);
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "error: GitHub's answer to GET {REVIEWS_PAGE} is {size} bytes, more than the 8 MiB \
             ladder reads of one answer: refused unread\n"
        )
    );
    assert!(
        received(&server, "/repos/acme/ladder/issues/1/comments")
            .await
            .is_empty(),
        "nothing read or posted after"
    );
}

/// How a bare server answers a request, counting the bytes it got out.
type Answer = fn(&mut std::net::TcpStream, &AtomicU64);

/// A bare HTTP server: reads each request's head, then lets `answer` write to the socket.
/// Returns its address, how many connections it took, and how many bytes it got out.
fn bare_server(answer: Answer) -> (String, Arc<AtomicUsize>, Arc<AtomicU64>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    let connections = Arc::new(AtomicUsize::new(0));
    let sent = Arc::new(AtomicU64::new(0));
    let (counted, written) = (Arc::clone(&connections), Arc::clone(&sent));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            counted.fetch_add(1, Ordering::SeqCst);
            let written = Arc::clone(&written);
            std::thread::spawn(move || {
                let mut head = Vec::new();
                let mut buffer = [0u8; 4096];
                while !head.windows(4).any(|window| window == b"\r\n\r\n") {
                    match stream.read(&mut buffer) {
                        Ok(0) | Err(_) => return,
                        Ok(read) => head.extend_from_slice(&buffer[..read]),
                    }
                }
                answer(&mut stream, &written);
            });
        }
    });
    (format!("http://{address}"), connections, sent)
}

/// Review objects, as many as the client will take, counting what got out.
fn endless_reviews(stream: &mut std::net::TcpStream, sent: &AtomicU64, chunked: bool) {
    let one = review(81, "eve", "COMMENTED", &"e".repeat(40)).to_string() + ",";
    let block = one.repeat(64 * 1024 / one.len());
    let frame = if chunked {
        format!("{:x}\r\n{block}\r\n", block.len())
    } else {
        block
    };
    let head = if chunked {
        "HTTP/1.1 200 OK\r\ncontent-type: application/json; charset=utf-8\r\ntransfer-encoding: chunked\r\n\r\n1\r\n[\r\n"
    } else {
        // What a 1.5 GB answer says of itself.
        "HTTP/1.1 200 OK\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: 1610612736\r\n\r\n["
    };
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    // Stops at 1.5 GB whatever happens, so a client that reads it all still ends.
    while sent.load(Ordering::SeqCst) < 1_610_612_736 {
        if stream.write_all(frame.as_bytes()).is_err() {
            return;
        }
        sent.fetch_add(frame.len() as u64, Ordering::SeqCst);
    }
}

#[test]
fn a_reviews_answer_of_one_and_a_half_gigabytes_is_never_read_past_the_cap() {
    // (how the answer is sent, what ladder says of it)
    let cases: [(Answer, &str); 2] = [
        (
            |stream, sent| endless_reviews(stream, sent, false),
            "is 1610612736 bytes, more than the 8 MiB ladder reads of one answer: refused unread",
        ),
        (
            |stream, sent| endless_reviews(stream, sent, true),
            "went on past the 8 MiB ladder reads of one answer: the rest was not read",
        ),
    ];
    for (answer, said) in cases {
        let job = promotion();
        let (url, connections, sent) = bare_server(answer);
        let run = run(&job, &url, &[("LADDER_GITHUB_TIMEOUT", "30")]);
        assert_eq!(run.code, Some(3), "{}", run.stderr);
        assert_eq!(
            run.stderr,
            format!("error: GitHub's answer to GET {REVIEWS_PAGE} {said}\n")
        );
        assert_eq!(connections.load(Ordering::SeqCst), 1, "not asked again");
        // Whatever got out sits in the two sockets' buffers or in ladder's cap: ladder held
        // no more than that, of the 1.5 GB on offer.
        let out = sent.load(Ordering::SeqCst);
        assert!(out < 32 << 20, "{out} bytes were taken");
    }
}

/// Headers and half of a page of reviews, then nothing, the connection held open.
fn stalled_reviews(stream: &mut std::net::TcpStream, _: &AtomicU64) {
    let body = serde_json::json!([review(80, "ada", "APPROVED", &"a".repeat(40))]).to_string();
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    if stream
        .write_all(format!("{head}{}", &body[..body.len() / 2]).as_bytes())
        .is_err()
    {
        return;
    }
    // Until the client hangs up, or a minute passes.
    let _ = stream.set_read_timeout(Some(Duration::from_secs(60)));
    let _ = stream.read(&mut [0u8; 1]);
}

#[test]
fn a_body_that_stops_half_way_is_asked_again_then_said_to_have_stopped() {
    let job = promotion();
    let (url, connections, _) = bare_server(stalled_reviews);
    let run = run(&job, &url, &[]);
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "error: GitHub stopped sending its answer to GET {REVIEWS_PAGE} after 1 s (5 tries)\n"
        )
    );
    assert_eq!(connections.load(Ordering::SeqCst), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_whose_headers_never_come_in_time_is_said_to_be_late() {
    let job = promotion();
    let server = github(&job.head).await;
    Mock::given(method("GET"))
        .and(path(REVIEWS))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!([]))
                .set_delay(Duration::from_secs(3)),
        )
        .with_priority(1)
        .mount(&server)
        .await;
    let run = run(&job, &server.uri(), &[]);
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!("error: GitHub did not answer GET {REVIEWS_PAGE} within 1 s (5 tries)\n")
    );
    assert_eq!(received(&server, REVIEWS).await.len(), 5);
}

#[test]
fn a_server_that_refuses_connections_is_said_to_be_unreachable_with_the_cause() {
    let job = promotion();
    // A port just closed: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("port")
        .port();
    let run = run(&job, &format!("http://127.0.0.1:{port}"), &[]);
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    let prefix = format!("error: GitHub could not be reached for GET {REVIEWS_PAGE}: ");
    assert!(
        run.stderr.starts_with(&prefix) && run.stderr.contains("Connection refused"),
        "{}",
        run.stderr
    );
}

/// GitHub's answer when the hourly allowance is spent: 403 (or 429) with the rate-limit
/// headers, resetting on 2100-01-01.
fn rate_limited(status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("x-ratelimit-limit", "5000")
        .insert_header("x-ratelimit-remaining", "0")
        .insert_header("x-ratelimit-used", "5000")
        .insert_header("x-ratelimit-reset", "4102444800")
        .insert_header("x-ratelimit-resource", "core")
        .set_body_json(serde_json::json!({
            "message": "API rate limit exceeded for installation ID 1.",
            "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
        }))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limit_is_said_to_be_one_and_when_it_resets_not_taken_for_a_read_only_token() {
    // (what is limited, how, what ladder says)
    let cases = [
        (
            "POST",
            "/repos/acme/ladder/issues/1/comments",
            rate_limited(403),
            "POST /repos/acme/ladder/issues/1/comments was rate limited by GitHub (resets at \
             2100-01-01T00:00:00Z)",
        ),
        (
            "GET",
            REVIEWS,
            rate_limited(429),
            "GET /repos/acme/ladder/pulls/1/reviews?per_page=100&page=1 was rate limited by \
             GitHub (resets at 2100-01-01T00:00:00Z)",
        ),
        (
            "GET",
            REVIEWS,
            ResponseTemplate::new(429)
                .insert_header("retry-after", "3600")
                .set_body_json(serde_json::json!({"message": "Too many requests"})),
            "GET /repos/acme/ladder/pulls/1/reviews?per_page=100&page=1 was rate limited by \
             GitHub (it asks to wait 3600 s)",
        ),
    ];
    for (verb, route, answer, said) in cases {
        let job = promotion();
        let server = MockServer::start().await;
        Mock::given(method(verb))
            .and(path(route))
            .respond_with(answer)
            .with_priority(1)
            .mount(&server)
            .await;
        answer_all(&server, &job.head).await;
        let started = Instant::now();
        let run = run(&job, &server.uri(), &[]);
        assert_eq!(run.code, Some(3), "{route}: {}{}", run.stdout, run.stderr);
        assert_eq!(run.stderr, format!("error: {said}\n"));
        assert!(!run.stdout.contains("read-only"), "{}", run.stdout);
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "a limit that lifts past the longest wait is not waited for"
        );
        let asked = received(&server, route)
            .await
            .into_iter()
            .filter(|request| request.method.as_str() == verb)
            .count();
        assert_eq!(asked, 1, "{route}: asked once");
    }
}

/// GitHub's secondary rate limit: a 403 saying so, without a header to say for how long.
fn secondary_limit() -> ResponseTemplate {
    ResponseTemplate::new(403).set_body_json(serde_json::json!({
        "message": "You have exceeded a secondary rate limit. Please wait a few minutes before \
                    you try again. If you reach out to GitHub Support for help, please include \
                    the request ID 0F3A:1D2B:5E6F70:6A7B8C:6789ABCD.",
        "documentation_url": "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"
    }))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secondary_rate_limit_without_headers_is_retried_with_growing_waits() {
    let job = promotion();
    let server = github(&job.head).await;
    Mock::given(method("GET"))
        .and(path(REVIEWS))
        .respond_with(secondary_limit())
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    let started = Instant::now();
    let run = run(&job, &server.uri(), &[]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert!(
        started.elapsed() >= Duration::from_secs(3),
        "waited 1 s, then 2 s"
    );
    assert_eq!(received(&server, REVIEWS).await.len(), 3);
    assert!(!run.stdout.contains("read-only"), "{}", run.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secondary_rate_limit_that_stays_is_said_to_be_one_after_the_budget() {
    let job = promotion();
    let server = github(&job.head).await;
    Mock::given(method("GET"))
        .and(path(REVIEWS))
        .respond_with(secondary_limit())
        .with_priority(1)
        .mount(&server)
        .await;
    let run = run(&job, &server.uri(), &[]);
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "error: GET {REVIEWS_PAGE} was rate limited by GitHub (a secondary rate limit, \
             still on after 5 tries)\n"
        )
    );
    assert_eq!(received(&server, REVIEWS).await.len(), 5);
}
