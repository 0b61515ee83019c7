//! The event that started the workflow, read from the payload file the runner names in
//! `GITHUB_EVENT_PATH`. Only `pull_request` and `pull_request_review` carry a pull request to
//! check; any other event is named back so the Action can say what it did with it.

use serde::Deserialize;

#[derive(Debug, thiserror::Error)]
pub enum EventError {
    #[error("cannot read the event payload {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("the {event} payload is not what GitHub sends: {message}")]
    Shape { event: String, message: String },
}

/// The pull request an event is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullRequest {
    pub number: u64,
    pub author: String,
    /// The base branch's name and the commit the payload names (which can be stale: the
    /// Action fetches the branch itself).
    pub base_ref: String,
    pub base_sha: String,
    pub head_sha: String,
    /// True when the head lives in a fork, whose token is read-only.
    pub from_fork: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CiEvent {
    PullRequest(PullRequest),
    /// An event that carries no pull request; ladder runs `check` only.
    Other(String),
}

#[derive(Deserialize)]
struct Payload {
    pull_request: Option<RawPullRequest>,
    repository: Option<RawRepository>,
}

#[derive(Deserialize)]
struct RawPullRequest {
    number: u64,
    user: RawUser,
    base: RawRef,
    head: RawRef,
}

#[derive(Deserialize)]
struct RawUser {
    login: String,
}

#[derive(Deserialize)]
struct RawRef {
    #[serde(rename = "ref")]
    name: String,
    sha: String,
    repo: Option<RawRepository>,
}

#[derive(Deserialize)]
struct RawRepository {
    full_name: String,
}

/// Reads an event by its name (`GITHUB_EVENT_NAME`) and payload text.
pub fn read_event(name: &str, payload: &str) -> Result<CiEvent, EventError> {
    if !matches!(
        name,
        "pull_request" | "pull_request_target" | "pull_request_review"
    ) {
        return Ok(CiEvent::Other(name.to_string()));
    }
    let shape = |message: String| EventError::Shape {
        event: name.to_string(),
        message,
    };
    // The path to the field that did not parse, so a bad one is named.
    let payload: Payload =
        serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(payload))
            .map_err(|error| shape(error.to_string()))?;
    let pull = payload
        .pull_request
        .ok_or_else(|| shape("no `pull_request` object".into()))?;
    // These go into API paths and revision lookups: a value that is not what GitHub sends
    // could reach another endpoint (`<sha>/../../issues/7/comments`) or name another revision.
    if pull.number == 0 {
        return Err(shape(
            "`pull_request.number` is 0: pull requests are numbered from 1".into(),
        ));
    }
    commit_id("pull_request.base.sha", &pull.base.sha).map_err(shape)?;
    commit_id("pull_request.head.sha", &pull.head.sha).map_err(shape)?;
    let base_repo = payload
        .repository
        .map(|repo| repo.full_name)
        .or_else(|| pull.base.repo.as_ref().map(|repo| repo.full_name.clone()));
    let head_repo = pull.head.repo.as_ref().map(|repo| repo.full_name.clone());
    Ok(CiEvent::PullRequest(PullRequest {
        number: pull.number,
        author: pull.user.login,
        base_ref: pull.base.name,
        base_sha: pull.base.sha,
        head_sha: pull.head.sha,
        // A deleted fork has no head repository; treat it as a fork.
        from_fork: head_repo.is_none() || head_repo != base_repo,
    }))
}

/// A commit id as GitHub writes it: 40 lower-case hexadecimal digits, 64 in a SHA-256
/// repository.
fn commit_id(field: &str, value: &str) -> Result<(), String> {
    let hex = value
        .bytes()
        .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if hex && matches!(value.len(), 40 | 64) {
        return Ok(());
    }
    let mut shown: String = value
        .chars()
        .take(80)
        .collect::<String>()
        .escape_debug()
        .to_string();
    if value.chars().count() > 80 {
        shown.push('…');
    }
    Err(format!(
        "`{field}` is \"{shown}\": expected a commit id, 40 lower-case hexadecimal digits (64 in a SHA-256 repository)"
    ))
}

/// GitHub caps webhook payloads at 25 MB; anything larger did not come from it.
pub const MAX_PAYLOAD_BYTES: u64 = 25 << 20;

/// Reads the payload file, refusing one larger than GitHub sends without reading it whole.
pub fn read_event_file(name: &str, path: &std::path::Path) -> Result<CiEvent, EventError> {
    use std::io::Read;
    let failed = |source| EventError::Read {
        path: path.display().to_string(),
        source,
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_PAYLOAD_BYTES + 1).read_to_end(&mut bytes))
        .map_err(failed)?;
    if bytes.len() as u64 > MAX_PAYLOAD_BYTES {
        return Err(EventError::Shape {
            event: name.to_string(),
            message: format!(
                "{} is over {MAX_PAYLOAD_BYTES} bytes, more than GitHub ever sends",
                path.display()
            ),
        });
    }
    let text = String::from_utf8(bytes).map_err(|error| EventError::Shape {
        event: name.to_string(),
        message: format!(
            "byte {} is not UTF-8: expected the JSON GitHub writes",
            error.utf8_error().valid_up_to()
        ),
    })?;
    read_event(name, &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PULL_REQUEST: &str = r#"{
      "action": "synchronize", "number": 7,
      "pull_request": {"number": 7, "user": {"login": "leomartins"},
        "base": {"ref": "main", "sha": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "repo": {"full_name": "acme/ladder"}},
        "head": {"ref": "promote-kofi", "sha": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "repo": {"full_name": "acme/ladder"}}},
      "repository": {"full_name": "acme/ladder"}}"#;

    #[test]
    fn a_pull_request_event_names_base_head_and_author() {
        let CiEvent::PullRequest(pull) = read_event("pull_request", PULL_REQUEST).expect("event")
        else {
            panic!("not a pull request");
        };
        assert_eq!(pull.number, 7);
        assert_eq!(pull.author, "leomartins");
        assert_eq!(
            (
                pull.base_ref.as_str(),
                pull.base_sha.as_str(),
                pull.head_sha.as_str()
            ),
            ("main", "a".repeat(40).as_str(), "b".repeat(40).as_str())
        );
        assert!(!pull.from_fork);
    }

    #[test]
    fn a_fork_and_other_events_are_recognised() {
        let forked = PULL_REQUEST.replacen(
            r#""repo": {"full_name": "acme/ladder"}}}"#,
            r#""repo": {"full_name": "someone/ladder"}}}"#,
            1,
        );
        let CiEvent::PullRequest(pull) = read_event("pull_request_review", &forked).expect("event")
        else {
            panic!("not a pull request");
        };
        assert!(pull.from_fork);
        assert_eq!(
            read_event("push", "{}").expect("event"),
            CiEvent::Other("push".into())
        );
        assert!(read_event("pull_request", "{\"number\": 1}").is_err());
    }

    #[test]
    fn only_commit_ids_and_numbers_as_github_writes_them_are_read() {
        let with_head = |sha: &str| PULL_REQUEST.replace(&"b".repeat(40), sha);
        let sha256 = "c".repeat(64);
        assert!(read_event("pull_request", &with_head(&sha256)).is_ok());
        for bad in [
            "B".repeat(40),
            "b".repeat(39),
            "b".repeat(41),
            format!("{}/../../issues/7/comments", "b".repeat(40)),
            "HEAD~3".into(),
            String::new(),
        ] {
            let error = read_event("pull_request", &with_head(&bad))
                .expect_err(&bad)
                .to_string();
            assert!(
                error.contains("`pull_request.head.sha` is \"")
                    && error.contains("expected a commit id"),
                "{error}"
            );
        }
        let zero = PULL_REQUEST.replace(r#""number": 7, "user""#, r#""number": 0, "user""#);
        assert_eq!(
            read_event("pull_request", &zero)
                .expect_err("zero")
                .to_string(),
            "the pull_request payload is not what GitHub sends: `pull_request.number` is 0: pull requests are numbered from 1"
        );
        let text = PULL_REQUEST.replace(r#""number": 7, "user""#, r#""number": "7", "user""#);
        assert!(
            read_event("pull_request", &text)
                .expect_err("text")
                .to_string()
                .contains("pull_request.number: invalid type: string \"7\", expected u64")
        );
    }
}
