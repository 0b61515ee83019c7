//! Reading a snapshot from a git revision's tree: blobs from the object database (the work tree
//! is never touched), and only the files a change touches when asked, found by comparing two
//! revisions' folders ([`super::folders`]).

use std::collections::HashMap;
use std::path::Path;

use serde::de::DeserializeOwned;

use super::folders::{ChangedFile, TREE_MODE, Trees, compare_trees, raw_entries};
use super::parse::{
    Content, Found, Kind, assemble, classify, folder_where_file_expected, parse_text, refused,
    refused_name, symlink_finding,
};
use super::{LoadError, MAX_FILE_BYTES, Origin, Snapshot, display_path, join};
use crate::finding::Finding;
use crate::framework::Team;

/// Reads a snapshot from the tree of a git revision. `dir` is the folder's path inside the
/// repository, which is also how users name it.
pub fn load_rev(repo: &git2::Repository, rev: &str, dir: &str) -> Result<Snapshot, LoadError> {
    open_rev(repo, rev, dir)?.load()
}

/// The ladders folder of one revision, found but not yet read, so a caller can read all of it
/// or only the files a change touches. Tree objects it parses are kept: a folder of 10,000
/// placements is one large tree, and libgit2 does not cache trees that size.
pub struct RevisionTree<'r> {
    repo: &'r git2::Repository,
    origin: Origin,
    rev: String,
    root: String,
    folder: git2::Oid,
    trees: std::cell::RefCell<HashMap<git2::Oid, git2::Tree<'r>>>,
    /// Raw tree objects, shared by the comparison of two revisions and the lookups after it.
    raw: std::cell::RefCell<HashMap<git2::Oid, std::rc::Rc<[u8]>>>,
}

/// Finds the ladders folder of a revision without reading any file.
pub fn open_rev<'r>(
    repo: &'r git2::Repository,
    rev: &str,
    dir: &str,
) -> Result<RevisionTree<'r>, LoadError> {
    // libgit2 re-hashes every object it reads unless told not to; the repository is trusted
    // storage, its content is what gets checked.
    git2::opts::strict_hash_verification(false);
    let commit = repo
        .revparse_single(rev)
        .and_then(|object| object.peel_to_commit())
        .map_err(|source| LoadError::Revision {
            rev: rev.to_string(),
            source,
        })?;
    let dir = dir.trim_matches('/');
    let tree = commit.tree().map_err(|source| LoadError::Object {
        rev: rev.to_string(),
        path: String::new(),
        source,
    })?;
    let missing = || LoadError::NoFolderAtRevision {
        rev: rev.to_string(),
        dir: dir.to_string(),
    };
    let folder = if dir.is_empty() || dir == "." {
        tree.id()
    } else {
        let entry = tree.get_path(Path::new(dir)).map_err(|_| missing())?;
        if entry.kind() != Some(git2::ObjectType::Tree) {
            return Err(missing());
        }
        entry.id()
    };
    Ok(RevisionTree {
        repo,
        origin: Origin::Revision {
            rev: rev.to_string(),
            commit: commit.id().to_string(),
        },
        rev: rev.to_string(),
        root: if dir.is_empty() { "." } else { dir }.to_string(),
        folder,
        trees: std::cell::RefCell::new(HashMap::new()),
        raw: std::cell::RefCell::new(HashMap::new()),
    })
}

impl<'r> RevisionTree<'r> {
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// The id of the folder's tree: the same files have the same id.
    pub fn folder_id(&self) -> git2::Oid {
        self.folder
    }

    /// The folder as users name it.
    pub fn root(&self) -> &str {
        &self.root
    }

    fn object_error(&self, rel: &str, source: git2::Error) -> LoadError {
        LoadError::Object {
            rev: self.rev.clone(),
            path: display_path(&self.root, rel),
            source,
        }
    }

    fn tree(&self, id: git2::Oid) -> Result<git2::Tree<'r>, git2::Error> {
        if let Some(tree) = self.trees.borrow().get(&id) {
            return Ok(tree.clone());
        }
        let tree = self.repo.find_tree(id)?;
        self.trees.borrow_mut().insert(id, tree.clone());
        Ok(tree)
    }

    /// A folder under the ladders folder (`""` for the folder itself), if it exists.
    fn subtree(&self, rel: &str) -> Result<Option<git2::Tree<'r>>, LoadError> {
        let folder = self
            .tree(self.folder)
            .map_err(|source| self.object_error("", source))?;
        if rel.is_empty() {
            return Ok(Some(folder));
        }
        match folder.get_path(Path::new(rel)) {
            Ok(entry) if entry.filemode() == TREE_MODE => self
                .tree(entry.id())
                .map(Some)
                .map_err(|source| self.object_error(rel, source)),
            _ => Ok(None),
        }
    }

    fn walk(&self, rel: &str, found: &mut Vec<Found>) -> Result<(), LoadError> {
        if let Some(tree) = self.subtree(rel)? {
            walk_tree(self.repo, &tree, rel, &self.root, &self.rev, found)?;
        }
        Ok(())
    }

    /// Reads and parses every file.
    pub fn load(&self) -> Result<Snapshot, LoadError> {
        let mut found = Vec::new();
        self.walk("", &mut found)?;
        let mut snapshot = assemble(
            self.origin.clone(),
            &self.root,
            found,
            Some(self.repo.path()),
            true,
        );
        if let Some(commit) = super::past::commit_of(&self.origin) {
            super::past::settle_revision(&mut snapshot, self.repo, commit, &self.root);
        }
        Ok(snapshot)
    }

    /// Reads framework.yml, and with `teams` the team files, leaving `people/` and `cases/`
    /// unopened; see [`super::load_dir_framework`].
    pub fn load_framework(&self, teams: bool) -> Result<Snapshot, LoadError> {
        let found = self.shape_files_with(teams)?;
        Ok(assemble(
            self.origin.clone(),
            &self.root,
            found,
            Some(self.repo.path()),
            false,
        ))
    }

    /// The framework and team files with their blobs.
    fn shape_files(&self) -> Result<Vec<Found>, LoadError> {
        self.shape_files_with(true)
    }

    /// The framework file, and with `teams` the team files, with their blobs.
    fn shape_files_with(&self, teams: bool) -> Result<Vec<Found>, LoadError> {
        let mut found = Vec::new();
        if let Some(folder) = self.subtree("")? {
            for name in ["framework.yml", "framework.yaml"] {
                if let Some(entry) = folder.get_name(name) {
                    found.push(Found {
                        rel: name.to_string(),
                        content: Content::Blob(entry.id()),
                    });
                }
            }
        }
        if teams {
            self.walk("teams", &mut found)?;
        }
        Ok(found)
    }

    /// Reads the framework, the teams, and the given files (paths under the folder with their
    /// blob ids). The snapshot knows only the teammates it read.
    pub fn load_files(&self, files: &[(String, git2::Oid)]) -> Result<Snapshot, LoadError> {
        let mut found = self.shape_files()?;
        found.extend(files.iter().map(|(rel, id)| Found {
            rel: rel.clone(),
            content: Content::Blob(*id),
        }));
        Ok(assemble(
            self.origin.clone(),
            &self.root,
            found,
            Some(self.repo.path()),
            false,
        ))
    }

    /// The teams' files parsed on their own, for finding directors before reading the rest.
    pub fn read_teams(&self) -> Result<Vec<Team>, LoadError> {
        Ok(self
            .shape_files()?
            .into_iter()
            .filter(|file| file.rel.starts_with("teams/"))
            .filter_map(|file| match file.content {
                Content::Blob(id) => self.read_yaml(id),
                _ => None,
            })
            .collect())
    }

    /// Every teammate's id with the path of their placement under the folder and its blob.
    pub fn person_paths(&self) -> Result<Vec<(String, String, git2::Oid)>, LoadError> {
        let mut found = Vec::new();
        self.walk("people", &mut found)?;
        Ok(found
            .into_iter()
            .filter_map(|file| match (classify(&file.rel), file.content) {
                (Ok((Kind::Person, id)), Content::Blob(blob)) => Some((id, file.rel, blob)),
                _ => None,
            })
            .collect())
    }

    /// The placements whose text might name any of `needles` (a login or an email), without
    /// parsing the rest: each blob is searched for the words, ASCII case ignored as ladder
    /// matches them. A file that could spell a value without writing it out (a backslash escape
    /// or a tag) is kept as a candidate too, so nothing that parses to a needle is missed.
    pub fn people_naming(&self, needles: &[String]) -> Result<Vec<(String, git2::Oid)>, LoadError> {
        use rayon::prelude::*;
        let needles: Vec<Vec<u8>> = needles
            .iter()
            .filter(|needle| !needle.is_empty())
            .map(|needle| needle.to_ascii_lowercase().into_bytes())
            .collect();
        let paths = self.person_paths()?;
        let git_dir = self.repo.path().to_path_buf();
        let candidate = |text: &[u8]| {
            let text = text.to_ascii_lowercase();
            text.contains(&b'\\')
                || text.contains(&b'!')
                || needles
                    .iter()
                    .any(|needle| text.windows(needle.len()).any(|window| window == needle))
        };
        Ok(paths
            .into_par_iter()
            .map_init(
                || git2::Repository::open(&git_dir).ok(),
                |repo, (_, rel, blob)| match super::read::read_capped_blob(repo.as_ref(), blob) {
                    Ok(Ok(data)) => candidate(&data).then_some((rel, blob)),
                    // Whoever reads it reports why it cannot be read.
                    _ => Some((rel, blob)),
                },
            )
            .flatten()
            .collect())
    }

    /// A file read straight from its blob; see [`read_blob`].
    pub fn read_yaml<T: DeserializeOwned>(&self, id: git2::Oid) -> Option<T> {
        read_blob(self.repo, id)
    }

    /// The blob of a file under the folder, if it is a plain file.
    pub fn blob(&self, rel: &str) -> Option<git2::Oid> {
        let mut tree = self.folder;
        let mut parts = rel.split('/').peekable();
        while let Some(part) = parts.next() {
            let data = self.raw_tree(tree).ok()?;
            let entry = raw_entries(&data).find(|entry| entry.name == part.as_bytes())?;
            let id = entry.oid().ok()?;
            if parts.peek().is_none() {
                return matches!(entry.mode, 0o100644 | 0o100755).then_some(id);
            }
            if !entry.is_tree() {
                return None;
            }
            tree = id;
        }
        None
    }

    fn raw_tree(&self, id: git2::Oid) -> Result<std::rc::Rc<[u8]>, git2::Error> {
        if let Some(data) = self.raw.borrow().get(&id) {
            return Ok(std::rc::Rc::clone(data));
        }
        let data: std::rc::Rc<[u8]> = std::rc::Rc::from(self.repo.odb()?.read(id)?.data());
        self.raw.borrow_mut().insert(id, std::rc::Rc::clone(&data));
        Ok(data)
    }
}

/// A YAML file (or a case file's front matter) read straight from its blob and parsed, or `None`
/// if it does not parse: for climbing a lead line or walking history, where `check` is the one
/// to report broken files.
pub fn read_blob<T: DeserializeOwned>(repo: &git2::Repository, id: git2::Oid) -> Option<T> {
    parse_text(&read_blob_text(repo, id)?)
}

/// A blob's text, unless it is over the size limit or not UTF-8.
pub fn read_blob_text(repo: &git2::Repository, id: git2::Oid) -> Option<String> {
    let blob = repo.find_blob(id).ok()?;
    if blob.size() as u64 > MAX_FILE_BYTES {
        return None;
    }
    String::from_utf8(blob.content().to_vec()).ok()
}

/// The files that differ between two revisions' folders.
pub fn changed_files(
    base: &RevisionTree<'_>,
    head: &RevisionTree<'_>,
) -> Result<Vec<ChangedFile>, LoadError> {
    let mut changed = Vec::new();
    let trees = Trees {
        before: &|id| base.raw_tree(id),
        after: &|id| head.raw_tree(id),
    };
    compare_trees(
        &trees,
        Some(base.folder),
        Some(head.folder),
        "",
        &mut changed,
    )
    .map_err(|source| head.object_error("", source))?;
    Ok(changed)
}

/// The files under the folder that differ between its tree `before` (an earlier tree of the
/// same folder, in the same repository) and `tree`'s.
pub fn changed_since(
    tree: &RevisionTree<'_>,
    before: git2::Oid,
) -> Result<Vec<ChangedFile>, LoadError> {
    let mut changed = Vec::new();
    let read = |id| tree.raw_tree(id);
    let trees = Trees {
        before: &read,
        after: &read,
    };
    compare_trees(&trees, Some(before), Some(tree.folder), "", &mut changed)
        .map_err(|source| tree.object_error("", source))?;
    Ok(changed)
}

fn walk_tree(
    repo: &git2::Repository,
    tree: &git2::Tree<'_>,
    prefix: &str,
    root: &str,
    rev: &str,
    found: &mut Vec<Found>,
) -> Result<(), LoadError> {
    let object_error = |rel: &str, source| LoadError::Object {
        rev: rev.to_string(),
        path: display_path(root, rel),
        source,
    };
    for entry in tree.iter() {
        let rel = match entry.name() {
            Ok(name) => join(prefix, name),
            Err(_) => {
                let lossy = join(prefix, &String::from_utf8_lossy(entry.name_bytes()));
                found.push(refused_name(root, &lossy));
                continue;
            }
        };
        match entry.filemode() {
            0o040000 => {
                if let Some(problem) = folder_where_file_expected(&rel) {
                    found.push(refused(root, &rel, problem));
                    continue;
                }
                let subtree = repo
                    .find_tree(entry.id())
                    .map_err(|source| object_error(&rel, source))?;
                walk_tree(repo, &subtree, &rel, root, rev, found)?;
            }
            0o120000 => found.push(refused(root, &rel, symlink_finding())),
            0o160000 => found.push(refused(
                root,
                &rel,
                Finding::error(
                    "not-a-file",
                    "a git submodule: expected a YAML file or a folder",
                ),
            )),
            _ => found.push(Found {
                rel,
                content: Content::Blob(entry.id()),
            }),
        }
    }
    Ok(())
}
