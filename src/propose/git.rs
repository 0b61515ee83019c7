//! A proposal committed on a new local branch, one commit per teammate, without touching the
//! work tree, the index or the branch checked out: each commit's tree is the parent's with the
//! proposal's files replaced, built in an index held in memory.

use git2::{Oid, Repository};

/// One commit made, with what a remote needs to make the same one.
#[derive(Debug, Clone)]
pub struct Made {
    pub id: Oid,
    pub tree: Oid,
    pub parent: Oid,
    /// The parent's tree, the base the commit's tree edits.
    pub parent_tree: Oid,
    pub message: String,
    /// Paths inside the repository, with the new text or `None` for a removed file.
    pub files: Vec<FileChange>,
    pub author_name: String,
    pub author_email: String,
    /// Seconds since the epoch and the offset in minutes.
    pub time: (i64, i32),
}

/// A file's path and its new text, `None` for a removed file.
pub type FileChange = (String, Option<String>);

#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("a branch `{0}` exists already: delete it or name another with --branch")]
    BranchExists(String),
    #[error("`{0}` is not a branch name git accepts")]
    BadBranch(String),
    #[error("git: {0}")]
    Git(#[from] git2::Error),
}

/// Commits each `(message, files)` in turn on top of `base` as branch `branch`. `prefix` is the
/// folder's path inside the repository (`ladders`).
pub fn commit_branch(
    repo: &Repository,
    base: Oid,
    branch: &str,
    prefix: &str,
    commits: &[(String, Vec<FileChange>)],
) -> Result<Vec<Made>, GitError> {
    let reference = format!("refs/heads/{branch}");
    if !git2::Reference::is_valid_name(&reference) {
        return Err(GitError::BadBranch(branch.to_string()));
    }
    if repo.find_reference(&reference).is_ok() {
        return Err(GitError::BranchExists(branch.to_string()));
    }
    let signature = repo
        .signature()
        .or_else(|_| git2::Signature::now("ladder", "ladder@users.noreply.github.com"))?;
    let mut parent = repo.find_commit(base)?;
    let mut made = Vec::new();
    for (message, files) in commits {
        let mut index = git2::Index::new()?;
        index.read_tree(&parent.tree()?)?;
        let mut paths = Vec::new();
        for (rel, text) in files {
            let path = if prefix.is_empty() || prefix == "." {
                rel.clone()
            } else {
                format!("{}/{rel}", prefix.trim_end_matches('/'))
            };
            match text {
                Some(text) => {
                    let id = repo.blob(text.as_bytes())?;
                    index.add(&entry(&path, id, text.len()))?;
                }
                None => index.remove_path(std::path::Path::new(&path))?,
            }
            paths.push((path, text.clone()));
        }
        let tree_id = index.write_tree_to(repo)?;
        let tree = repo.find_tree(tree_id)?;
        let id = repo.commit(None, &signature, &signature, message, &tree, &[&parent])?;
        made.push(Made {
            id,
            tree: tree_id,
            parent: parent.id(),
            parent_tree: parent.tree_id(),
            message: message.clone(),
            files: paths,
            author_name: signature.name().unwrap_or("ladder").to_string(),
            author_email: signature.email().unwrap_or("").to_string(),
            time: (
                signature.when().seconds(),
                signature.when().offset_minutes(),
            ),
        });
        parent = repo.find_commit(id)?;
    }
    repo.reference(&reference, parent.id(), false, "ladder propose")?;
    Ok(made)
}

/// Removes a branch made by [`commit_branch`], when a later step failed.
pub fn delete_branch(repo: &Repository, branch: &str) -> Result<(), git2::Error> {
    repo.find_reference(&format!("refs/heads/{branch}"))?
        .delete()
}

fn entry(path: &str, id: Oid, size: usize) -> git2::IndexEntry {
    let time = git2::IndexTime::new(0, 0);
    git2::IndexEntry {
        ctime: time,
        mtime: time,
        dev: 0,
        ino: 0,
        mode: 0o100_644,
        uid: 0,
        gid: 0,
        file_size: u32::try_from(size).unwrap_or(u32::MAX),
        id,
        // The low bits hold the path's length, capped as git caps it.
        flags: u16::try_from(path.len().min(0xfff)).unwrap_or(0xfff),
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}
