//! `ladder ci --dry-run`: the Action's whole check of the current branch, run locally with no
//! token, no runner and no network: measured from where the branch left the base branch, judged
//! by the base branch's tip, with the pace figures, answered as `ladder ci` answers
//! (`ci::answer`). No review is read, so every approval the change needs is still to come. It
//! must not read a token nor open a connection: nothing here knows the API.

use super::ci::{Answer, CiError, CiSettings, MARKER, answer, status};
use super::workflow::comment_body;
use crate::finding::Counts;
use crate::policy::{Author, check_approvals};
use crate::review::{Head, review_with_pace};

/// Where a cut comment would send the reader: a dry run has no workflow run to link to.
const NO_RUN: &str = "#the-workflow-run";

/// What a rehearsal found: the comment `ladder ci` would post, the status it would set, and what
/// the reader should know.
#[derive(Debug, Clone)]
pub struct Rehearsal {
    /// The branch the change is measured against and judged by.
    pub base_branch: String,
    /// The sticky comment's body, marker and all; none when `ladder ci` would post none.
    pub comment: Option<String>,
    /// The `ladder` status: its state and description.
    pub status: (&'static str, String),
    pub counts: Counts,
    pub warnings: Vec<String>,
    pub exit: u8,
}

/// The base branch a pull request from here would target: `base` when given, else the
/// remote's default branch, `origin/main`, `origin/master`, `main` or `master`.
fn base_branch(repo: &git2::Repository, base: Option<&str>) -> Result<String, CiError> {
    let exists = |rev: &str| {
        repo.revparse_single(rev)
            .and_then(|object| object.peel_to_commit())
            .is_ok()
    };
    if let Some(base) = base {
        return if exists(base) {
            Ok(base.to_string())
        } else {
            Err(CiError::Environment(format!(
                "--base `{}` is not a branch or revision here: name the branch your pull request would merge into (`git branch -a` lists them)",
                base.escape_debug()
            )))
        };
    }
    let remote_default = repo
        .find_reference("refs/remotes/origin/HEAD")
        .ok()
        .and_then(|reference| {
            reference
                .symbolic_target()
                .ok()
                .flatten()
                .map(str::to_string)
        })
        .and_then(|target| target.strip_prefix("refs/remotes/").map(str::to_string));
    remote_default
        .into_iter()
        .chain(["origin/main", "origin/master", "main", "master"].map(String::from))
        .find(|rev| exists(rev))
        .ok_or_else(|| {
            CiError::Environment(
                "no base branch found (origin/main, origin/master, main or master): say which with --base BRANCH".into(),
            )
        })
}

/// Rehearses the Action on HEAD against the base branch.
/// `login` is the GitHub login that would open the pull request; without it the head commit's
/// author stands for them, matched by a placement's `email`.
pub fn rehearse(
    repo: git2::Repository,
    base: Option<&str>,
    login: Option<&str>,
    settings: &CiSettings,
) -> Result<Rehearsal, CiError> {
    let branch = base_branch(&repo, base)?;
    let commit = |rev: &str| {
        repo.revparse_single(rev)
            .and_then(|object| object.peel_to_commit())
    };
    let (head, author) = {
        let head = commit("HEAD").map_err(|_| {
            CiError::Environment("HEAD has no commit yet: commit the change first".into())
        })?;
        let signature = head.author();
        // The login alone when given, as `ladder ci` knows the pull request's author.
        let author = match login {
            Some(login) => Author {
                login: Some(login.trim_start_matches('@').to_string()),
                ..Author::default()
            },
            None => Author {
                login: None,
                email: signature.email().ok().map(str::to_string),
                name: signature.name().ok().map(str::to_string),
            },
        };
        (head.id(), author)
    };
    let tip = commit(&branch)
        .map_err(|error| CiError::Environment(error.message().to_string()))?
        .id();
    let merge_base = repo.merge_base(tip, head).unwrap_or(tip);
    let mut warnings = Vec::new();
    let prefix = format!("{}/", settings.dir.trim_end_matches('/'));
    let uncommitted = repo.statuses(None).is_ok_and(|statuses| {
        statuses.iter().any(|entry| {
            !entry.status().is_ignored() && entry.path().is_ok_and(|path| path.starts_with(&prefix))
        })
    });
    if uncommitted {
        warnings.push(format!(
            "{prefix} has uncommitted changes: the Action sees commits only, so they are left out"
        ));
    }
    let nothing_yet = head == tip;
    if nothing_yet {
        warnings.push(format!(
            "HEAD is where {branch} is: there is no change to rehearse yet; commit it on a branch first"
        ));
    }
    let pace = settings.pace_request(&repo);
    let (head, tip, merge_base) = (head.to_string(), tip.to_string(), merge_base.to_string());
    let (mut review, notes) = review_with_pace(
        repo,
        &settings.dir,
        &merge_base,
        Head::Revision(&head),
        Some(author),
        Some(&tip),
        Some(&pace),
        pace.index.as_deref(),
    )?;
    warnings.extend(notes);
    let untouched = review.changes.files.is_empty();
    // As `ladder ci` with a token and no review yet: nobody has approved, so no team is asked.
    let checks = (!untouched)
        .then(|| check_approvals(&review.approvals, &[], &mut |_: &str, _: &str| Ok(false)));
    let Answer {
        markdown, counts, ..
    } = answer(&mut review, checks.as_deref());
    let failing = settings.fail_on.fails(counts);
    let comment = if untouched {
        if !nothing_yet {
            warnings.push(format!(
                "the change leaves {prefix} alone: `ladder ci` posts no comment, only brings an earlier one up to date"
            ));
        }
        None
    } else if !settings.comment {
        warnings.push("--comment false: `ladder ci` would post no comment".into());
        None
    } else {
        if checks.as_ref().is_some_and(|checks| !checks.is_empty()) {
            warnings.push(
                "a dry run reads no reviews: every approval the change needs is still to come"
                    .into(),
            );
        }
        Some(comment_body(MARKER, &markdown, NO_RUN))
    };
    Ok(Rehearsal {
        base_branch: branch,
        comment,
        status: status(&review, counts, failing),
        counts,
        warnings,
        exit: u8::from(failing),
    })
}
