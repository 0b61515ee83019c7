//! GitHub's REST API through octocrab: reviews, issue comments, team membership and commit
//! statuses. Every call goes through one loop that retries server errors, late or stalled
//! answers and rate limits within a bounded budget, honouring `Retry-After` and the rate-limit
//! reset header, and reads at most [`MAX_ANSWER_BYTES`] of any answer. The token is held by
//! octocrab and never formatted into anything.

use std::time::Duration;

use http::StatusCode;
use http_body_util::BodyExt;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::github::approval::Review;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("GitHub answered {status} to {method} {path}: {message}")]
    Status {
        method: &'static str,
        path: String,
        status: u16,
        message: String,
    },
    #[error("GitHub could not be reached for {method} {path}: {message}")]
    Transport {
        method: &'static str,
        path: String,
        message: String,
    },
    #[error("GitHub's answer to {path} was not what its API documents: {message}")]
    Shape { path: String, message: String },
    #[error("the token holds a character an HTTP header cannot carry (its value is not shown)")]
    Token,
    #[error("GitHub did not answer {method} {path} within {seconds} s ({attempts} tries)")]
    NoAnswer {
        method: &'static str,
        path: String,
        seconds: u64,
        attempts: u32,
    },
    #[error(
        "GitHub stopped sending its answer to {method} {path} after {seconds} s ({attempts} tries)"
    )]
    Stalled {
        method: &'static str,
        path: String,
        seconds: u64,
        attempts: u32,
    },
    #[error("GitHub's answer to {method} {path} broke off: {message}")]
    BrokenOff {
        method: &'static str,
        path: String,
        message: String,
    },
    #[error("GitHub's answer to {method} {path} {}", too_large(*.size))]
    TooLarge {
        method: &'static str,
        path: String,
        /// What the answer said its length was, when it said.
        size: Option<u64>,
    },
    #[error("{method} {path} was rate limited by GitHub ({when})")]
    RateLimited {
        method: &'static str,
        path: String,
        when: String,
    },
}

fn too_large(size: Option<u64>) -> String {
    let limit = MAX_ANSWER_BYTES >> 20;
    match size {
        Some(size) => format!(
            "is {size} bytes, more than the {limit} MiB ladder reads of one answer: refused unread"
        ),
        None => format!(
            "went on past the {limit} MiB ladder reads of one answer: the rest was not read"
        ),
    }
}

/// The most ladder reads of one answer. A page of 100 of GitHub's longest comments (65,536
/// characters each) is under 7 MiB; a larger answer is not one the API documents, and reading
/// it whole is how a hostile server would grow the job's memory.
pub const MAX_ANSWER_BYTES: usize = 8 << 20;

/// Whether a token can go into a header as it is: printable ASCII, no space or line break.
pub fn is_token(token: &str) -> bool {
    !token.is_empty() && token.bytes().all(|byte| byte.is_ascii_graphic())
}

/// Whether `owner/name` is a repository's name as GitHub spells it, safe in a path.
pub fn is_repository(full_name: &str) -> bool {
    full_name
        .split_once('/')
        .is_some_and(|(owner, name)| is_name(owner) && is_name(name))
}

/// Whether a name is one GitHub gives an owner, a repository or a person (letters, digits,
/// `-`, `_`, `.`), so it is one segment of a path and no more.
fn is_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.'))
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// How hard to try before giving up on a call.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub attempts: u32,
    /// The longest single wait, whatever the server asks for.
    pub max_wait: Duration,
    pub timeout: Duration,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            attempts: 5,
            max_wait: Duration::from_secs(60),
            timeout: Duration::from_secs(30),
        }
    }
}

const PER_PAGE: usize = 100;
/// 10,000 reviews or comments on one pull request is past anything real.
const MAX_PAGES: usize = 100;

/// What a list endpoint's items are told apart by.
pub trait Listed {
    fn id(&self) -> u64;
}

impl Listed for Comment {
    fn id(&self) -> u64 {
        self.id
    }
}

impl Listed for Review {
    fn id(&self) -> u64 {
        self.id
    }
}

pub struct GitHub {
    client: octocrab::Octocrab,
    budget: Budget,
}

#[derive(Clone, Copy)]
pub(super) enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

impl Method {
    fn name(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// An issue comment, as the API lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Comment {
    pub id: u64,
    pub body: Option<String>,
    pub user: Option<CommentUser>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CommentUser {
    pub login: String,
}

#[derive(Deserialize)]
struct Membership {
    state: String,
}

impl GitHub {
    /// A client for `api_url` (e.g. `https://api.github.com`) with a token.
    pub fn new(api_url: &str, token: String, budget: Budget) -> Result<GitHub, ApiError> {
        let shape = |message: String| ApiError::Shape {
            path: api_url.to_string(),
            message,
        };
        if !is_token(&token) {
            // octocrab would panic building the header.
            return Err(ApiError::Token);
        }
        // No read timeout here: `send` times the answer and its body itself, to say which
        // one was late.
        let client = octocrab::Octocrab::builder()
            .base_uri(api_url)
            .map_err(|error| shape(error.to_string()))?
            .personal_token(token)
            .set_connect_timeout(Some(budget.timeout))
            .build()
            .map_err(|error| shape(error.to_string()))?;
        Ok(GitHub { client, budget })
    }

    pub(super) async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<String, ApiError> {
        let seconds = self.budget.timeout.as_secs();
        let mut attempt = 0;
        loop {
            attempt += 1;
            let request = async {
                match method {
                    Method::Get => self.client._get(path).await,
                    Method::Post => self.client._post(path, body).await,
                    Method::Patch => self.client._patch(path, body).await,
                    Method::Delete => self.client._delete(path, body).await,
                }
            };
            let failure = match tokio::time::timeout(self.budget.timeout, request).await {
                Err(_) => ApiError::NoAnswer {
                    method: method.name(),
                    path: path.to_string(),
                    seconds,
                    attempts: attempt,
                },
                Ok(Err(error)) => ApiError::Transport {
                    method: method.name(),
                    path: path.to_string(),
                    message: describe(&error),
                },
                Ok(Ok(response)) => {
                    let status = response.status();
                    let limits = Limits::of(response.headers());
                    let declared = declared_length(response.headers());
                    let body = http_body_util::Limited::new(response.into_body(), MAX_ANSWER_BYTES);
                    let read = read_answer(declared, body.collect(), self.budget.timeout).await;
                    match read.map(|body| Vec::from(body.to_bytes())) {
                        Err(Unread::TooLarge(size)) => {
                            return Err(ApiError::TooLarge {
                                method: method.name(),
                                path: path.to_string(),
                                size,
                            });
                        }
                        Err(Unread::Stalled) => ApiError::Stalled {
                            method: method.name(),
                            path: path.to_string(),
                            seconds,
                            attempts: attempt,
                        },
                        Err(Unread::Broken(message)) => ApiError::BrokenOff {
                            method: method.name(),
                            path: path.to_string(),
                            message,
                        },
                        Ok(bytes) if status.is_success() => {
                            return String::from_utf8(bytes).map_err(|error| ApiError::Shape {
                                path: path.to_string(),
                                message: format!(
                                    "byte {} is not UTF-8: expected JSON",
                                    error.utf8_error().valid_up_to()
                                ),
                            });
                        }
                        Ok(bytes) => {
                            let message = github_message(&bytes, status);
                            match next_step(status, &limits, &message, attempt, &self.budget) {
                                Next::Retry(wait) => {
                                    tokio::time::sleep(wait).await;
                                    continue;
                                }
                                Next::RateLimited(when) => {
                                    return Err(ApiError::RateLimited {
                                        method: method.name(),
                                        path: path.to_string(),
                                        when,
                                    });
                                }
                                Next::Fail => {
                                    return Err(ApiError::Status {
                                        method: method.name(),
                                        path: path.to_string(),
                                        status: status.as_u16(),
                                        message,
                                    });
                                }
                            }
                        }
                    }
                }
            };
            if attempt >= self.budget.attempts {
                return Err(failure);
            }
            tokio::time::sleep(backoff(attempt)).await;
        }
    }

    async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let text = self.send(Method::Get, path, None).await?;
        serde_json::from_str(&text).map_err(|error| ApiError::Shape {
            path: path.to_string(),
            message: error.to_string(),
        })
    }

    /// Every page of a list endpoint, each item once: an item met again on a later page (the
    /// list moved while it was read, or the server sent a page twice) is kept where first met.
    /// A page that brings nothing new ends the list; one that never ends is refused, not cut.
    async fn all_pages<T: DeserializeOwned + Listed>(
        &self,
        path: &str,
    ) -> Result<Vec<T>, ApiError> {
        let mut all: Vec<T> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for page in 1..=MAX_PAGES {
            let items: Vec<T> = self
                .get_json(&format!("{path}?per_page={PER_PAGE}&page={page}"))
                .await?;
            let full = items.len() >= PER_PAGE;
            let before = all.len();
            all.extend(items.into_iter().filter(|item| seen.insert(item.id())));
            if !full || all.len() == before {
                return Ok(all);
            }
        }
        Err(ApiError::Shape {
            path: path.to_string(),
            message: format!(
                "the list went on past {MAX_PAGES} pages of {PER_PAGE}: refused rather than read without end"
            ),
        })
    }

    pub async fn reviews(&self, repo: &str, number: u64) -> Result<Vec<Review>, ApiError> {
        self.all_pages(&format!("/repos/{repo}/pulls/{number}/reviews"))
            .await
    }

    pub async fn comments(&self, repo: &str, number: u64) -> Result<Vec<Comment>, ApiError> {
        self.all_pages(&format!("/repos/{repo}/issues/{number}/comments"))
            .await
    }

    pub async fn create_comment(
        &self,
        repo: &str,
        number: u64,
        body: &str,
    ) -> Result<(), ApiError> {
        let body = serde_json::json!({ "body": body });
        self.send(
            Method::Post,
            &format!("/repos/{repo}/issues/{number}/comments"),
            Some(&body),
        )
        .await
        .map(drop)
    }

    /// GitHub documents PATCH for editing a comment.
    pub async fn update_comment(&self, repo: &str, id: u64, body: &str) -> Result<(), ApiError> {
        let body = serde_json::json!({ "body": body });
        self.send(
            Method::Patch,
            &format!("/repos/{repo}/issues/comments/{id}"),
            Some(&body),
        )
        .await
        .map(drop)
    }

    pub async fn delete_comment(&self, repo: &str, id: u64) -> Result<(), ApiError> {
        self.send(
            Method::Delete,
            &format!("/repos/{repo}/issues/comments/{id}"),
            None,
        )
        .await
        .map(drop)
    }

    /// Asks teams (their slugs, without the org) to review a pull request: GitHub notifies
    /// their members, and their approval is required only if branch protection says so.
    pub async fn request_team_reviews(
        &self,
        repo: &str,
        number: u64,
        slugs: &[String],
    ) -> Result<(), ApiError> {
        let body = serde_json::json!({ "reviewers": [], "team_reviewers": slugs });
        self.send(
            Method::Post,
            &format!("/repos/{repo}/pulls/{number}/requested_reviewers"),
            Some(&body),
        )
        .await
        .map(drop)
    }

    /// Whether `login` is an active member of `org/team`.
    pub async fn team_member(&self, team: &str, login: &str) -> Result<bool, ApiError> {
        let (org, slug) = team.split_once('/').unwrap_or((team, ""));
        // A login from GitHub's answer goes into the path: one no person could have (a bot's
        // `[bot]`, or `../`) is in no team.
        if !is_name(login) {
            return Ok(false);
        }
        let path = format!("/orgs/{org}/teams/{slug}/memberships/{login}");
        match self.get_json::<Membership>(&path).await {
            Ok(membership) => Ok(membership.state == "active"),
            Err(error) if error.status() == Some(404) => Ok(false),
            Err(error) => Err(error),
        }
    }

    pub async fn set_status(
        &self,
        repo: &str,
        sha: &str,
        state: &str,
        description: &str,
        target_url: Option<&str>,
    ) -> Result<(), ApiError> {
        let mut body = serde_json::json!({
            "state": state,
            "context": "ladder",
            "description": description.chars().take(140).collect::<String>(),
        });
        if let Some(url) = target_url {
            body["target_url"] = serde_json::Value::String(url.to_string());
        }
        self.send(
            Method::Post,
            &format!("/repos/{repo}/statuses/{sha}"),
            Some(&body),
        )
        .await
        .map(drop)
    }
}

fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(200 * 2u64.pow(attempt.min(6)))
}

/// An answer's body could not be read whole.
enum Unread {
    /// Over [`MAX_ANSWER_BYTES`], with the length the answer gave, if it gave one.
    TooLarge(Option<u64>),
    /// Not all there within the timeout.
    Stalled,
    /// The connection failed part way.
    Broken(String),
}

/// The length an answer says its body has.
fn declared_length(headers: &http::HeaderMap) -> Option<u64> {
    headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse().ok())
}

/// Waits for a body being read under [`http_body_util::Limited`]'s cap: one that says it is
/// longer is refused unread, one that goes on past it is dropped there, one that does not
/// arrive in time is given up on.
async fn read_answer<T>(
    declared: Option<u64>,
    collect: impl std::future::Future<Output = Result<T, Box<dyn std::error::Error + Send + Sync>>>,
    timeout: Duration,
) -> Result<T, Unread> {
    if let Some(size) = declared.filter(|&size| size > MAX_ANSWER_BYTES as u64) {
        return Err(Unread::TooLarge(Some(size)));
    }
    match tokio::time::timeout(timeout, collect).await {
        Err(_) => Err(Unread::Stalled),
        Ok(Ok(body)) => Ok(body),
        Ok(Err(error)) if error.is::<http_body_util::LengthLimitError>() => {
            Err(Unread::TooLarge(None))
        }
        Ok(Err(error)) => Err(Unread::Broken(describe(&*error))),
    }
}

/// An error with its causes, each said once: octocrab's own says only `client error
/// (SendRequest)`, the cause says what went wrong.
fn describe(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(error) = cause {
        let said = error.to_string();
        if !text.contains(&said) {
            text.push_str(": ");
            text.push_str(&said);
        }
        cause = error.source();
    }
    text
}

/// GitHub's `message` in an error answer, else the status's name; short and on one line, as
/// it goes into the log.
fn github_message(body: &[u8], status: StatusCode) -> String {
    let message = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|value| value["message"].as_str().map(str::to_string))
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_string());
    let mut short: String = message
        .chars()
        .take(300)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if message.chars().count() > 300 {
        short.push('…');
    }
    short
}

/// The rate-limit headers of an answer.
struct Limits {
    retry_after: Option<u64>,
    exhausted: bool,
    reset: Option<i64>,
}

impl Limits {
    fn of(headers: &http::HeaderMap) -> Limits {
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::trim)
        };
        Limits {
            retry_after: header("retry-after").and_then(|value| value.parse().ok()),
            exhausted: header("x-ratelimit-remaining") == Some("0"),
            reset: header("x-ratelimit-reset").and_then(|value| value.parse().ok()),
        }
    }
}

enum Next {
    Retry(Duration),
    /// Given up on, with when the limit lifts as far as GitHub said.
    RateLimited(String),
    Fail,
}

/// What to do after an answer that is not a success: retry a server error or a rate limit
/// while the budget lasts, else fail. A rate limit is a 429, or a 403 with `Retry-After`, no
/// requests left, or a message saying so; one that lifts later than the longest wait is given
/// up on at once. A secondary rate limit without headers waits 1, 2, 4, 8 s (GitHub asks for
/// exponential backoff).
fn next_step(
    status: StatusCode,
    limits: &Limits,
    message: &str,
    attempt: u32,
    budget: &Budget,
) -> Next {
    let retry = attempt < budget.attempts;
    let said = message.to_ascii_lowercase();
    let rate_limited = status == StatusCode::TOO_MANY_REQUESTS
        || status == StatusCode::FORBIDDEN
            && (limits.retry_after.is_some() || limits.exhausted || said.contains("rate limit"));
    if rate_limited {
        let (wait, when) = if let Some(seconds) = limits.retry_after {
            (
                Duration::from_secs(seconds),
                format!("it asks to wait {seconds} s"),
            )
        } else if let (true, Some(reset)) = (limits.exhausted, limits.reset) {
            let now = jiff::Timestamp::now().as_second();
            let when = jiff::Timestamp::from_second(reset).map_or_else(
                |_| format!("resets at {reset}"),
                |at| format!("resets at {at}"),
            );
            (
                Duration::from_secs(u64::try_from(reset - now).unwrap_or(0).max(1)),
                when,
            )
        } else {
            let kind = if said.contains("secondary rate limit") {
                "a secondary rate limit, "
            } else {
                ""
            };
            (
                Duration::from_secs(1 << attempt.saturating_sub(1).min(16)).min(budget.max_wait),
                format!("{kind}still on after {attempt} tries"),
            )
        };
        return if retry && wait <= budget.max_wait {
            Next::Retry(wait)
        } else {
            Next::RateLimited(when)
        };
    }
    if status.is_server_error() && retry {
        return Next::Retry(
            limits
                .retry_after
                .map_or_else(|| backoff(attempt), Duration::from_secs)
                .min(budget.max_wait),
        );
    }
    Next::Fail
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(retry_after: Option<u64>, exhausted: bool, reset: Option<i64>) -> Limits {
        Limits {
            retry_after,
            exhausted,
            reset,
        }
    }

    fn step(status: u16, limits: &Limits, message: &str, attempt: u32) -> Result<u64, String> {
        let status = StatusCode::from_u16(status).expect("status");
        match next_step(status, limits, message, attempt, &Budget::default()) {
            Next::Retry(wait) => Ok(wait.as_secs()),
            Next::RateLimited(when) => Err(when),
            Next::Fail => Err("fail".into()),
        }
    }

    #[test]
    fn rate_limits_are_told_from_refusals_and_waited_for_only_within_the_budget() {
        let none = limits(None, false, None);
        // A read-only token's 403 says nothing of limits: not retried.
        assert_eq!(
            step(403, &none, "Resource not accessible by integration", 1),
            Err("fail".into())
        );
        assert_eq!(step(404, &none, "Not Found", 1), Err("fail".into()));
        // A secondary limit without headers: 1, 2, 4, 8 s, then given up on.
        let secondary = "You have exceeded a secondary rate limit. Please wait a few minutes.";
        for (attempt, wait) in [(1, 1), (2, 2), (3, 4), (4, 8)] {
            assert_eq!(step(403, &none, secondary, attempt), Ok(wait));
            assert_eq!(step(429, &none, secondary, attempt), Ok(wait));
        }
        assert_eq!(
            step(403, &none, secondary, 5),
            Err("a secondary rate limit, still on after 5 tries".into())
        );
        // The hourly allowance: waited for when it resets within a minute, else given up on
        // at once, saying when.
        let now = jiff::Timestamp::now().as_second();
        assert!(matches!(
            step(
                403,
                &limits(None, true, Some(now + 20)),
                "API rate limit exceeded",
                1
            ),
            Ok(19..=20)
        ));
        assert_eq!(
            step(403, &limits(None, true, Some(now - 5)), "", 1),
            Ok(1),
            "a reset already past waits a second"
        );
        assert_eq!(
            step(403, &limits(None, true, Some(4_102_444_800)), "", 1),
            Err("resets at 2100-01-01T00:00:00Z".into())
        );
        assert_eq!(step(429, &limits(Some(2), false, None), "", 1), Ok(2));
        assert_eq!(
            step(429, &limits(Some(3600), false, None), "", 1),
            Err("it asks to wait 3600 s".into())
        );
        // Server errors are retried, honouring Retry-After up to the longest wait.
        assert_eq!(step(502, &limits(Some(7), false, None), "", 1), Ok(7));
        assert_eq!(step(502, &limits(Some(3600), false, None), "", 1), Ok(60));
        assert_eq!(step(502, &none, "", 5), Err("fail".into()));
    }

    #[test]
    fn names_and_tokens_that_could_change_a_path_or_a_header_are_refused() {
        assert!(is_repository("acme/ladder") && is_repository("my-org/my.repo_2"));
        for bad in [
            "acme",
            "acme/",
            "/ladder",
            "acme/../x",
            "acme/ladder/x",
            "a c/me",
            "..",
        ] {
            assert!(!is_repository(bad), "{bad}");
        }
        assert!(is_name("octocat_acme") && !is_name("dependabot[bot]") && !is_name("../x"));
        assert!(is_token("ghs_abc123") && !is_token("ghs_abc\n") && !is_token("a b"));
        assert!(!is_token("") && !is_token("tokén"));
    }
}
