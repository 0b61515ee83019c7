//! The git-data calls `ladder propose --pr` makes: blobs, a tree, commits and a branch made
//! through the API (no local push credentials), then the pull request and its reviewers. Each
//! goes through the client's one retrying call.

use serde::Deserialize;

use crate::github::api::{ApiError, GitHub, Method};

/// A pull request as GitHub answers its creation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PullRequest {
    pub number: u64,
    pub html_url: String,
}

#[derive(Deserialize)]
struct Created {
    sha: String,
}

/// Who made a commit, as the git-data API takes it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Person {
    pub name: String,
    pub email: String,
    /// ISO 8601 with its offset.
    pub date: String,
}

/// The git-data calls `ladder propose --pr` makes: blobs, a tree, commits and a branch made
/// through the API (no local push credentials), then the pull request and its reviewers.
impl GitHub {
    async fn post_sha(&self, path: &str, body: &serde_json::Value) -> Result<String, ApiError> {
        let text = self.send(Method::Post, path, Some(body)).await?;
        serde_json::from_str::<Created>(&text)
            .map(|created| created.sha)
            .map_err(|error| ApiError::Shape {
                path: path.to_string(),
                message: error.to_string(),
            })
    }

    /// A blob of a UTF-8 file; returns its sha.
    pub async fn create_blob(&self, repo: &str, content: &str) -> Result<String, ApiError> {
        let body = serde_json::json!({ "content": content, "encoding": "utf-8" });
        self.post_sha(&format!("/repos/{repo}/git/blobs"), &body)
            .await
    }

    /// A tree: `base` with each path set to a blob, or removed where the sha is `None`.
    pub async fn create_tree(
        &self,
        repo: &str,
        base: &str,
        entries: &[(String, Option<String>)],
    ) -> Result<String, ApiError> {
        let tree: Vec<serde_json::Value> = entries
            .iter()
            .map(|(path, sha)| {
                serde_json::json!({ "path": path, "mode": "100644", "type": "blob", "sha": sha })
            })
            .collect();
        let body = serde_json::json!({ "base_tree": base, "tree": tree });
        self.post_sha(&format!("/repos/{repo}/git/trees"), &body)
            .await
    }

    pub async fn create_commit(
        &self,
        repo: &str,
        message: &str,
        tree: &str,
        parent: &str,
        author: &Person,
    ) -> Result<String, ApiError> {
        let body = serde_json::json!({
            "message": message,
            "tree": tree,
            "parents": [parent],
            "author": author,
            "committer": author,
        });
        self.post_sha(&format!("/repos/{repo}/git/commits"), &body)
            .await
    }

    /// Creates `refs/heads/<branch>` at `sha`; GitHub answers 422 when it exists.
    pub async fn create_branch(&self, repo: &str, branch: &str, sha: &str) -> Result<(), ApiError> {
        let body = serde_json::json!({ "ref": format!("refs/heads/{branch}"), "sha": sha });
        self.send(
            Method::Post,
            &format!("/repos/{repo}/git/refs"),
            Some(&body),
        )
        .await
        .map(drop)
    }

    /// Deletes a branch; an open pull request from it is closed with it.
    pub async fn delete_branch(&self, repo: &str, branch: &str) -> Result<(), ApiError> {
        self.send(
            Method::Delete,
            &format!("/repos/{repo}/git/refs/heads/{branch}"),
            None,
        )
        .await
        .map(drop)
    }

    pub async fn create_pull(
        &self,
        repo: &str,
        title: &str,
        head: &str,
        base: &str,
        body: &str,
    ) -> Result<PullRequest, ApiError> {
        let path = format!("/repos/{repo}/pulls");
        let request =
            serde_json::json!({ "title": title, "head": head, "base": base, "body": body });
        let text = self.send(Method::Post, &path, Some(&request)).await?;
        serde_json::from_str(&text).map_err(|error| ApiError::Shape {
            path,
            message: error.to_string(),
        })
    }

    /// Asks people (logins) and teams (slugs, without the org) to review a pull request.
    pub async fn request_reviewers(
        &self,
        repo: &str,
        number: u64,
        logins: &[String],
        teams: &[String],
    ) -> Result<(), ApiError> {
        let body = serde_json::json!({ "reviewers": logins, "team_reviewers": teams });
        self.send(
            Method::Post,
            &format!("/repos/{repo}/pulls/{number}/requested_reviewers"),
            Some(&body),
        )
        .await
        .map(drop)
    }
}
