//! The repository side of planning: the branch the commits go on and the commit they start
//! from, the last imported commit, the ladders folder at a commit, and whether the work tree
//! can take the commits. It reads git only; it must not write.

use std::collections::BTreeMap;
use std::path::Path;

use super::{ImportError, Request, TRAILER, Target};

/// The branch the commits go on, and the commit they start from.
pub(super) fn target(request: &Request<'_>) -> Result<Target, ImportError> {
    let repo = request.repo;
    let head = repo
        .find_reference("HEAD")
        .map_err(|source| ImportError::Git {
            what: "HEAD".into(),
            source,
        })?;
    let current = head.symbolic_target().ok().flatten().map(str::to_string);
    let refname = match request.branch {
        Some(branch) => {
            let refname = format!("refs/heads/{branch}");
            if !git2::Reference::is_valid_name(&refname) {
                return Err(ImportError::Setup(format!(
                    "`{branch}` is not a valid branch name"
                )));
            }
            refname
        }
        None => current.clone().ok_or_else(|| {
            ImportError::Setup(
                "HEAD is detached: check out a branch, or name one with --branch".into(),
            )
        })?,
    };
    let branch = refname.trim_start_matches("refs/heads/").to_string();
    let parent = match repo.refname_to_id(&refname) {
        Ok(id) => id,
        // A new branch starts from HEAD.
        Err(_) if request.branch.is_some() => repo
            .head()
            .ok()
            .and_then(|head| head.target())
            .ok_or_else(|| no_commit(&branch))?,
        Err(_) => return Err(no_commit(&branch)),
    };
    Ok(Target {
        checked_out: current.as_deref() == Some(refname.as_str()),
        refname,
        branch,
        parent,
    })
}

fn no_commit(branch: &str) -> ImportError {
    ImportError::Setup(format!(
        "{branch} has no commit yet: commit the framework and teams first (`git add ladders && git commit`)"
    ))
}

/// The effective date and commit of the last imported commit on the first-parent line.
pub(super) fn last_import(
    repo: &git2::Repository,
    tip: git2::Oid,
) -> Result<Option<(jiff::civil::Date, git2::Oid)>, ImportError> {
    let git = |source| ImportError::Git {
        what: "the branch's history".into(),
        source,
    };
    let mut walk = repo.revwalk().map_err(git)?;
    walk.push(tip).map_err(git)?;
    walk.simplify_first_parent().map_err(git)?;
    for id in walk {
        let id = id.map_err(git)?;
        let commit = repo.find_commit(id).map_err(git)?;
        let message = String::from_utf8_lossy(commit.message_bytes());
        if !message.contains(TRAILER) {
            continue;
        }
        let imported = git2::message_trailers_strs(&message)
            .map(|trailers| {
                trailers
                    .iter()
                    .any(|(key, _)| key.eq_ignore_ascii_case(TRAILER))
            })
            .unwrap_or(false);
        if imported {
            let seconds = commit.committer().when().seconds();
            let date = jiff::Timestamp::from_second(seconds)
                .map(|time| time.to_zoned_datetime(jiff::tz::TimeZone::UTC).date())
                .map_err(|error| {
                    ImportError::Setup(format!("commit {id} has a bad date: {error}"))
                })?;
            return Ok(Some((date, id)));
        }
    }
    Ok(None)
}

/// Every file of the ladders folder at a commit, by its path under the folder.
pub(super) fn folder_files(
    repo: &git2::Repository,
    commit: git2::Oid,
    dir: &str,
) -> Result<BTreeMap<String, Vec<u8>>, ImportError> {
    let git = |source| ImportError::Git {
        what: format!("{dir} at {commit}"),
        source,
    };
    let tree = repo
        .find_commit(commit)
        .and_then(|c| c.tree())
        .map_err(git)?;
    let folder = match tree.get_path(Path::new(dir)) {
        Ok(entry) => repo.find_tree(entry.id()).map_err(git)?,
        Err(_) => return Ok(BTreeMap::new()),
    };
    let mut files = BTreeMap::new();
    let mut failed = None;
    folder
        .walk(git2::TreeWalkMode::PreOrder, |parent, entry| {
            if entry.kind() == Some(git2::ObjectType::Blob) {
                match repo.find_blob(entry.id()) {
                    Ok(blob) => {
                        files.insert(
                            format!("{parent}{}", entry.name().unwrap_or_default()),
                            blob.content().to_vec(),
                        );
                    }
                    Err(error) => {
                        failed = Some(error);
                        return git2::TreeWalkResult::Abort;
                    }
                }
            }
            git2::TreeWalkResult::Ok
        })
        .map_err(git)?;
    if let Some(error) = failed {
        return Err(git(error));
    }
    Ok(files)
}

/// Why the repository cannot take the commits now, or `None`.
pub fn unclean(repo: &git2::Repository, dir: &str) -> Option<String> {
    let mut options = git2::StatusOptions::new();
    options.include_untracked(true).include_ignored(false);
    let statuses = repo.statuses(Some(&mut options)).ok()?;
    let inside = format!("{}/", dir.trim_matches('/'));
    let dirty: Vec<String> = statuses
        .iter()
        .filter(|entry| {
            let untracked = entry.status() == git2::Status::WT_NEW;
            let path = entry.path().unwrap_or_default();
            !untracked || path.starts_with(&inside)
        })
        .filter_map(|entry| entry.path().ok().map(str::to_string))
        .take(5)
        .collect();
    (!dirty.is_empty()).then(|| {
        format!(
            "the work tree has changes ({}): commit or stash them first, or import onto another branch with --branch",
            dirty.join(", ")
        )
    })
}
