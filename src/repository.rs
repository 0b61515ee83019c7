//! The git repository's handles, in one place. libgit2 shares a pack's mapped windows among the
//! handles of one repository, so a handle kept open through a history walk keeps every window
//! the walk maps: a command reads what it needs through one handle, then lets it go and opens a
//! fresh one for the walk. Where the history index is kept is decided here too.

use std::path::{Path, PathBuf};

use crate::snapshot::LoadError;

/// Opens the repository whose git directory or work tree is `path`.
pub fn open(path: &Path) -> Result<git2::Repository, LoadError> {
    git2::Repository::open(path).map_err(|source| LoadError::Repository {
        path: path.display().to_string(),
        source,
    })
}

/// Lets a handle go and opens a fresh one, before a history walk.
pub fn reopen(repo: git2::Repository) -> Result<git2::Repository, LoadError> {
    let path = repo.path().to_path_buf();
    drop(repo);
    open(&path)
}

/// The history index's folder: `cache` when given, else `ladder/` in the git directory; none
/// when the index is not kept.
pub fn index_folder(repo: &git2::Repository, cache: Option<&Path>, keep: bool) -> Option<PathBuf> {
    keep.then(|| cache.map_or_else(|| repo.path().join("ladder"), Path::to_path_buf))
}
