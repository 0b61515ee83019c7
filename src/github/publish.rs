//! `ladder propose --pr` on GitHub: the commits made locally are made again through the
//! git-data API (blobs, trees, commits with the same author and time), the branch is created
//! at the last one, and the pull request is opened with its reviewers asked. A failure after
//! the branch exists deletes it, so nothing half-made stays on GitHub. The async runtime lives
//! here; callers block on [`publish`].

use crate::github::api::{ApiError, Budget, GitHub};
use crate::github::gitdata::{Person, PullRequest};
use crate::propose::git::Made;

/// What to open.
pub struct Publication<'a> {
    pub api_url: &'a str,
    /// `owner/name`.
    pub repository: &'a str,
    pub branch: &'a str,
    /// The branch the pull request goes into.
    pub base: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub commits: &'a [Made],
    pub logins: &'a [String],
    pub teams: &'a [String],
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("{0}")]
    Api(#[from] ApiError),
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
}

impl PublishError {
    /// GitHub's status, when it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            PublishError::Api(error) => error.status(),
            PublishError::Runtime(_) => None,
        }
    }
}

/// Makes the commits, the branch and the pull request; returns the pull request.
pub fn publish(
    publication: &Publication<'_>,
    token: String,
    budget: Budget,
) -> Result<PullRequest, PublishError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(PublishError::Runtime)?;
    // octocrab's client spawns its buffer task on the current runtime.
    let _entered = runtime.enter();
    let github = GitHub::new(publication.api_url, token, budget)?;
    runtime.block_on(run(&github, publication))
}

async fn run(github: &GitHub, publication: &Publication<'_>) -> Result<PullRequest, PublishError> {
    let repo = publication.repository;
    let mut head: Option<String> = None;
    for made in publication.commits {
        let mut entries = Vec::new();
        for (path, text) in &made.files {
            let sha = match text {
                Some(text) => Some(github.create_blob(repo, text).await?),
                None => None,
            };
            entries.push((path.clone(), sha));
        }
        // Trees are named by their content: the local parent's tree is the one GitHub holds
        // for the base branch, or made for the commit before.
        let tree = github
            .create_tree(repo, &made.parent_tree.to_string(), &entries)
            .await?;
        let parent = head.clone().unwrap_or_else(|| made.parent.to_string());
        let author = Person {
            name: made.author_name.clone(),
            email: made.author_email.clone(),
            date: iso_date(made.time),
        };
        head = Some(
            github
                .create_commit(repo, &made.message, &tree, &parent, &author)
                .await?,
        );
    }
    let Some(head) = head else {
        return Err(PublishError::Api(ApiError::Shape {
            path: format!("/repos/{repo}/git/commits"),
            message: "no commit to push".into(),
        }));
    };
    github
        .create_branch(repo, publication.branch, &head)
        .await?;
    // From here on a failure would leave a branch (and perhaps a pull request) without its
    // reviewers: take the branch away again, which closes the pull request with it.
    let opened = async {
        let pull = github
            .create_pull(
                repo,
                publication.title,
                publication.branch,
                publication.base,
                publication.body,
            )
            .await?;
        if !publication.logins.is_empty() || !publication.teams.is_empty() {
            github
                .request_reviewers(repo, pull.number, publication.logins, publication.teams)
                .await?;
        }
        Ok::<PullRequest, ApiError>(pull)
    }
    .await;
    match opened {
        Ok(pull) => Ok(pull),
        Err(error) => {
            let _ = github.delete_branch(repo, publication.branch).await;
            Err(error.into())
        }
    }
}

/// "2026-01-02T00:00:00+01:00", the date git-data commits take.
fn iso_date((seconds, offset): (i64, i32)) -> String {
    let offset = jiff::tz::Offset::from_seconds(offset * 60).unwrap_or(jiff::tz::Offset::UTC);
    jiff::Timestamp::from_second(seconds)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned_datetime(jiff::tz::TimeZone::fixed(offset))
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}
