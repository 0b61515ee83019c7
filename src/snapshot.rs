//! A whole `ladders/` tree at one moment: the framework, the teams, every placement and case file,
//! with the text of each file so findings can show the line they point at. A snapshot is read
//! from a directory on disk or from a git revision's tree (blobs from the object database; the
//! work tree is never touched). Both sources feed the same parser, so they give the same result.
//! Problems with the files themselves become findings; only an unreadable folder or revision is
//! an error. This module knows nothing of diffs or policy.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::finding::{Finding, did_you_mean};
use crate::framework::{Framework, Team};
use crate::placement::{Case, Placement};
use crate::yaml::{self, Pos};

/// Files larger than this are refused unread: real ones are a few hundred bytes.
pub const MAX_FILE_BYTES: u64 = 1 << 20;

/// A failure to read the folder or revision at all, as opposed to problems inside its files.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not a folder: expected a ladders/ folder holding framework.yml")]
    NotAFolder { path: String },
    #[error("cannot open the git repository at {path}: {source}")]
    Repository { path: String, source: git2::Error },
    #[error("cannot resolve revision `{rev}`: {source}")]
    Revision { rev: String, source: git2::Error },
    #[error("revision `{rev}` has no folder `{dir}`")]
    NoFolderAtRevision { rev: String, dir: String },
    #[error("cannot read {path} at revision `{rev}`: {source}")]
    Object {
        rev: String,
        path: String,
        source: git2::Error,
    },
}

/// Where a snapshot was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Dir(PathBuf),
    Revision { rev: String, commit: String },
}

/// One parsed file of the snapshot, with its id (the file stem for teams and people, the path
/// under `cases/` for cases) and its path as users see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<T> {
    pub id: String,
    pub file: String,
    pub value: T,
}

#[derive(Debug, Clone)]
pub struct Snapshot {
    pub origin: Origin,
    /// The folder as users name it, e.g. `ladders`; every file path starts with it.
    pub root: String,
    pub framework: Option<Entry<Framework>>,
    /// Sorted by id.
    pub teams: Vec<Entry<Team>>,
    /// Sorted by id.
    pub people: Vec<Entry<Placement>>,
    /// Sorted by file.
    pub cases: Vec<Entry<Case>>,
    /// Problems met while reading and parsing: each file that could not be read as what its
    /// place in the tree says it is.
    pub problems: Vec<Finding>,
    /// Every teammate id with its file, sorted by id, including placements not read or not
    /// parsed: whether someone exists does not depend on their file being valid.
    pub roster: Vec<(String, String)>,
    /// False when only some placements and case files were read (`RevisionTree::load_only`).
    pub complete: bool,
    sources: HashMap<String, Arc<str>>,
}

impl PartialEq for Snapshot {
    /// Content equality: where a snapshot was read from does not matter.
    fn eq(&self, other: &Self) -> bool {
        self.root == other.root
            && self.framework == other.framework
            && self.teams == other.teams
            && self.people == other.people
            && self.cases == other.cases
            && self.problems == other.problems
            && self.roster == other.roster
            && self.sources == other.sources
    }
}

impl Snapshot {
    /// A partial snapshot of some placements and case files, already parsed: what one commit of
    /// history changed.
    pub fn of_changes(
        origin: Origin,
        root: &str,
        people: Vec<Entry<Placement>>,
        cases: Vec<Entry<Case>>,
    ) -> Snapshot {
        let mut roster: Vec<(String, String)> = people
            .iter()
            .map(|entry| (entry.id.clone(), entry.file.clone()))
            .collect();
        roster.sort();
        Snapshot {
            origin,
            root: root.to_string(),
            framework: None,
            teams: Vec::new(),
            people,
            cases,
            problems: Vec::new(),
            roster,
            complete: false,
            sources: HashMap::new(),
        }
    }

    /// The text of a file, for showing the line a finding points at.
    pub fn source(&self, file: &str) -> Option<&str> {
        self.sources.get(file).map(|text| &**text)
    }

    pub fn person(&self, id: &str) -> Option<&Entry<Placement>> {
        self.people
            .binary_search_by(|entry| entry.id.as_str().cmp(id))
            .ok()
            .map(|index| &self.people[index])
    }

    /// Whether a teammate with this id exists, read or not.
    pub fn is_teammate(&self, id: &str) -> bool {
        self.roster
            .binary_search_by(|(known, _)| known.as_str().cmp(id))
            .is_ok()
    }

    /// Whether a file was read: always, unless the snapshot is partial.
    pub fn was_read(&self, file: &str) -> bool {
        self.complete || self.sources.contains_key(file)
    }

    /// Every file read, with its text.
    pub fn sources(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sources
            .iter()
            .map(|(file, text)| (file.as_str(), &**text))
    }

    pub fn team(&self, id: &str) -> Option<&Entry<Team>> {
        self.teams
            .binary_search_by(|entry| entry.id.as_str().cmp(id))
            .ok()
            .map(|index| &self.teams[index])
    }
}

/// What a file's place in the tree says it should hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Framework,
    Team,
    Person,
    Case,
}

/// A file found in the tree, before parsing.
struct Found {
    /// Path relative to the ladders folder, `/`-separated.
    rel: String,
    content: Content,
}

enum Content {
    /// Read in parallel, each thread through its own handle on the repository.
    Blob(git2::Oid),
    OnDisk(PathBuf),
    Refused(Finding),
}

/// Reads a snapshot from a folder on disk. `root` is how users name the folder.
pub fn load_dir(dir: &Path, root: &str) -> Result<Snapshot, LoadError> {
    let meta = std::fs::metadata(dir).map_err(|source| LoadError::Io {
        path: root.to_string(),
        source,
    })?;
    if !meta.is_dir() {
        return Err(LoadError::NotAFolder {
            path: root.to_string(),
        });
    }
    let mut found = Vec::new();
    walk_dir(dir, "", root, &mut found)?;
    Ok(assemble(
        Origin::Dir(dir.to_path_buf()),
        root,
        found,
        None,
        true,
    ))
}

fn walk_dir(dir: &Path, prefix: &str, root: &str, found: &mut Vec<Found>) -> Result<(), LoadError> {
    let display = |rel: &str| display_path(root, rel);
    let entries = std::fs::read_dir(dir).map_err(|source| LoadError::Io {
        path: display(prefix),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| LoadError::Io {
            path: display(prefix),
            source,
        })?;
        let name = entry.file_name();
        let rel = match name.to_str() {
            Some(name) => join(prefix, name),
            None => {
                let lossy = join(prefix, &name.to_string_lossy());
                found.push(refused(
                    root,
                    &lossy,
                    Finding::error(
                        "file-name",
                        "file name is not valid UTF-8: expected a name such as `ada-lovelace.yml`",
                    ),
                ));
                continue;
            }
        };
        let path = entry.path();
        // The directory entry's own type: no stat per file, which matters at 10,000 files.
        let file_type = entry.file_type().map_err(|source| LoadError::Io {
            path: display(&rel),
            source,
        })?;
        if file_type.is_symlink() {
            found.push(refused(root, &rel, symlink_finding()));
        } else if file_type.is_dir() {
            if let Some(problem) = folder_where_file_expected(&rel) {
                found.push(refused(root, &rel, problem));
            } else {
                walk_dir(&path, &rel, root, found)?;
            }
        } else if file_type.is_file() {
            found.push(Found {
                rel,
                content: Content::OnDisk(path),
            });
        } else {
            found.push(refused(
                root,
                &rel,
                Finding::error("not-a-file", "not a regular file: expected a YAML file"),
            ));
        }
    }
    Ok(())
}

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

/// A file that differs between two revisions, by its path under the folder. A side is `None`
/// where the file does not exist; `regular` is false when either side is not a plain file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedFile {
    pub rel: String,
    pub before: Option<git2::Oid>,
    pub after: Option<git2::Oid>,
    pub regular: bool,
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
        Ok(assemble(
            self.origin.clone(),
            &self.root,
            found,
            Some(self.repo.path()),
            true,
        ))
    }

    /// The framework and team files with their blobs.
    fn shape_files(&self) -> Result<Vec<Found>, LoadError> {
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
        self.walk("teams", &mut found)?;
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

/// A YAML file's text (or a case file's front matter) parsed, or `None` if it does not parse.
pub fn parse_text<T: DeserializeOwned>(text: &str) -> Option<T> {
    if text.starts_with("---\n") {
        return parse_case_text(text)
            .ok()
            .and_then(|front| yaml::parse(front).ok());
    }
    yaml::parse(text).ok()
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

type RawTree = std::rc::Rc<[u8]>;

/// Where each side's raw tree objects come from.
struct Trees<'a> {
    before: &'a dyn Fn(git2::Oid) -> Result<RawTree, git2::Error>,
    after: &'a dyn Fn(git2::Oid) -> Result<RawTree, git2::Error>,
}

const TREE_MODE: i32 = 0o040000;

/// The files that differ between two folder trees (`None` for a folder that does not exist).
/// Equal subtrees are skipped and tree objects are read raw, without building an entry list, so
/// the cost follows the change, as `git diff` does.
pub fn changed_between(
    repo: &git2::Repository,
    before: Option<git2::Oid>,
    after: Option<git2::Oid>,
) -> Result<Vec<ChangedFile>, git2::Error> {
    let odb = repo.odb()?;
    let read =
        |id: git2::Oid| -> Result<RawTree, git2::Error> { Ok(RawTree::from(odb.read(id)?.data())) };
    let mut changed = Vec::new();
    compare_trees(
        &Trees {
            before: &read,
            after: &read,
        },
        before,
        after,
        "",
        &mut changed,
    )?;
    Ok(changed)
}

/// One entry of a raw tree object: `<octal mode> <name>\0<20-byte id>`.
struct RawEntry<'a> {
    mode: i32,
    name: &'a [u8],
    id: &'a [u8],
}

impl RawEntry<'_> {
    fn is_tree(&self) -> bool {
        self.mode == TREE_MODE
    }

    fn oid(&self) -> Result<git2::Oid, git2::Error> {
        git2::Oid::from_bytes(self.id)
    }
}

fn raw_entries(data: &[u8]) -> impl Iterator<Item = RawEntry<'_>> {
    let mut rest = data;
    std::iter::from_fn(move || {
        let space = rest.iter().position(|&b| b == b' ')?;
        let nul = space + rest[space..].iter().position(|&b| b == 0)?;
        let end = nul + 1 + 20;
        let mode = rest[..space].iter().try_fold(0i32, |mode, &digit| {
            digit
                .is_ascii_digit()
                .then(|| mode * 8 + i32::from(digit - b'0'))
        })?;
        let entry = RawEntry {
            mode,
            name: &rest[space + 1..nul],
            id: rest.get(nul + 1..end)?,
        };
        rest = &rest[end..];
        Some(entry)
    })
}

/// Git's order of tree entries: a folder sorts as if its name ended in `/`.
fn git_order(a: &RawEntry<'_>, b: &RawEntry<'_>) -> std::cmp::Ordering {
    let common = a.name.len().min(b.name.len());
    a.name[..common].cmp(&b.name[..common]).then_with(|| {
        let end = |entry: &RawEntry<'_>| {
            entry
                .name
                .get(common)
                .copied()
                .or(entry.is_tree().then_some(b'/'))
        };
        end(a).cmp(&end(b))
    })
}

fn compare_trees(
    trees: &Trees<'_>,
    before: Option<git2::Oid>,
    after: Option<git2::Oid>,
    prefix: &str,
    changed: &mut Vec<ChangedFile>,
) -> Result<(), git2::Error> {
    if before == after {
        return Ok(());
    }
    let before = before.map(trees.before).transpose()?;
    let after = after.map(trees.after).transpose()?;
    let mut left = raw_entries(before.as_deref().unwrap_or(&[])).peekable();
    let mut right = raw_entries(after.as_deref().unwrap_or(&[])).peekable();
    loop {
        let order = match (left.peek(), right.peek()) {
            (None, None) => break,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(a), Some(b)) => git_order(a, b),
        };
        let (a, b) = match order {
            std::cmp::Ordering::Less => (left.next(), None),
            std::cmp::Ordering::Greater => (None, right.next()),
            std::cmp::Ordering::Equal => (left.next(), right.next()),
        };
        if let (Some(a), Some(b)) = (&a, &b)
            && a.id == b.id
            && a.mode == b.mode
        {
            continue;
        }
        let Some(any) = a.as_ref().or(b.as_ref()) else {
            break;
        };
        let rel = join(prefix, &String::from_utf8_lossy(any.name));
        let tree_id = |entry: &Option<RawEntry<'_>>| {
            entry
                .as_ref()
                .filter(|entry| entry.is_tree())
                .map(RawEntry::oid)
                .transpose()
        };
        let (a_tree, b_tree) = (tree_id(&a)?, tree_id(&b)?);
        if a_tree.is_some() || b_tree.is_some() {
            compare_trees(trees, a_tree, b_tree, &rel, changed)?;
        }
        let a_file = a.filter(|entry| !entry.is_tree());
        let b_file = b.filter(|entry| !entry.is_tree());
        if a_file.is_some() || b_file.is_some() {
            let plain = |entry: &Option<RawEntry<'_>>| {
                entry
                    .as_ref()
                    .is_none_or(|entry| matches!(entry.mode, 0o100644 | 0o100755))
            };
            changed.push(ChangedFile {
                regular: plain(&a_file) && plain(&b_file),
                before: a_file.as_ref().map(RawEntry::oid).transpose()?,
                after: b_file.as_ref().map(RawEntry::oid).transpose()?,
                rel,
            });
        }
    }
    Ok(())
}

/// Every teammate id the listed files define, with its file, sorted by id.
fn roster(root: &str, files: &[Found]) -> Vec<(String, String)> {
    let mut roster: Vec<(String, String)> = files
        .iter()
        .filter(|file| !file.rel.split('/').any(|part| part.starts_with('.')))
        .filter_map(|file| match classify(&file.rel) {
            Ok((Kind::Person, id)) => Some((id, display_path(root, &file.rel))),
            _ => None,
        })
        .collect();
    roster.sort();
    roster
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
                found.push(refused(
                    root,
                    &lossy,
                    Finding::error(
                        "file-name",
                        "file name is not valid UTF-8: expected a name such as `ada-lovelace.yml`",
                    ),
                ));
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

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}/{name}")
    }
}

/// A path under the folder as users name it, e.g. `ladders/people/ada.yml`.
pub fn display_path(root: &str, rel: &str) -> String {
    if rel.is_empty() {
        root.to_string()
    } else if root.is_empty() || root == "." {
        rel.to_string()
    } else {
        format!("{}/{rel}", root.trim_end_matches('/'))
    }
}

fn refused(root: &str, rel: &str, finding: Finding) -> Found {
    let file = display_path(root, rel);
    Found {
        rel: rel.to_string(),
        content: Content::Refused(finding.at(&file, Pos::TOP)),
    }
}

fn symlink_finding() -> Finding {
    Finding::error(
        "not-a-file",
        "a symbolic link: ladder reads only regular files, so a link cannot point outside the folder",
    )
    .help("replace the link with the file itself")
}

fn too_large(size: u64) -> Finding {
    Finding::error(
        "file-too-large",
        format!(
            "file is {size} bytes: the limit is {MAX_FILE_BYTES} bytes (1 MiB); a placement is a few hundred"
        ),
    )
}

fn folder_where_file_expected(rel: &str) -> Option<Finding> {
    let looks_like_file = [".yml", ".yaml", ".md"]
        .iter()
        .any(|extension| rel.ends_with(extension));
    // Teams are flat: a folder under teams/ is a team file gone wrong.
    let in_teams = rel.starts_with("teams/");
    (looks_like_file || in_teams).then(|| {
        Finding::error(
            "not-a-file",
            "a folder where a file is expected: expected a YAML file",
        )
    })
}

/// Sorts the found files into kinds, then reads and parses them in parallel.
fn assemble(
    origin: Origin,
    root: &str,
    mut found: Vec<Found>,
    git_dir: Option<&Path>,
    complete: bool,
) -> Snapshot {
    found.sort_by(|a, b| a.rel.cmp(&b.rel));
    let roster = roster(root, &found);
    if found.len() < 64 {
        // A thread pool costs more than it saves on a handful of files.
        let repo = git_dir.and_then(|dir| git2::Repository::open(dir).ok());
        let parsed = found
            .into_iter()
            .map(|file| parse_found(root, file, repo.as_ref()))
            .collect();
        return collect_parsed(origin, root, roster, complete, parsed);
    }
    let parsed: Vec<Parsed> = found
        .into_par_iter()
        .map_init(
            || git_dir.map(git2::Repository::open),
            |repo, file| {
                let repo = match repo {
                    Some(Ok(repo)) => Some(&*repo),
                    _ => None,
                };
                parse_found(root, file, repo)
            },
        )
        .collect();
    collect_parsed(origin, root, roster, complete, parsed)
}

fn collect_parsed(
    origin: Origin,
    root: &str,
    roster: Vec<(String, String)>,
    complete: bool,
    parsed: Vec<Parsed>,
) -> Snapshot {
    let mut snapshot = Snapshot {
        origin,
        root: root.to_string(),
        framework: None,
        teams: Vec::new(),
        people: Vec::new(),
        cases: Vec::new(),
        problems: Vec::new(),
        roster,
        complete,
        sources: HashMap::new(),
    };
    let mut framework_seen = false;
    for parsed in parsed {
        if let Some((file, text)) = parsed.source {
            snapshot.sources.insert(file, text);
        }
        snapshot.problems.extend(parsed.problems);
        match parsed.value {
            Some(Value::Framework(entry)) => snapshot.framework = Some(entry),
            Some(Value::Team(entry)) => snapshot.teams.push(entry),
            Some(Value::Person(entry)) => snapshot.people.push(entry),
            Some(Value::Case(entry)) => snapshot.cases.push(entry),
            None => {}
        }
        framework_seen |= parsed.kind == Some(Kind::Framework);
    }
    if !framework_seen {
        snapshot.problems.push(
            Finding::error(
                "no-framework",
                format!("{root} has no framework.yml: expected the tracks, levels and steps there"),
            )
            .at(&display_path(root, "framework.yml"), Pos::TOP)
            .help("run `ladder schema framework` for its shape"),
        );
    }
    snapshot.teams.sort_by(|a, b| a.id.cmp(&b.id));
    snapshot
        .people
        .sort_by(|a, b| a.id.cmp(&b.id).then(a.file.cmp(&b.file)));
    snapshot.cases.sort_by(|a, b| a.file.cmp(&b.file));
    snapshot
}

enum Value {
    Framework(Entry<Framework>),
    Team(Entry<Team>),
    Person(Entry<Placement>),
    Case(Entry<Case>),
}

struct Parsed {
    kind: Option<Kind>,
    source: Option<(String, Arc<str>)>,
    value: Option<Value>,
    problems: Vec<Finding>,
}

fn classify(rel: &str) -> Result<(Kind, String), Finding> {
    let parts: Vec<&str> = rel.split('/').collect();
    let name = parts.last().copied().unwrap_or_default();
    let stem = name
        .strip_suffix(".yml")
        .or_else(|| name.strip_suffix(".yaml"));
    let kind = match (parts.as_slice(), stem) {
        (["framework.yml" | "framework.yaml"], _) => return Ok((Kind::Framework, String::new())),
        (["teams", _], Some(_)) => Kind::Team,
        (["people", .., _], Some(_)) => Kind::Person,
        (["cases", .., _], _) if name.ends_with(".md") => {
            return Ok((Kind::Case, rel.to_string()));
        }
        _ => {
            return Err(Finding::notice(
                "not-read",
                "not read: ladder reads framework.yml, teams/<team>.yml, people/**/<id>.yml and cases/**/*.md",
            ));
        }
    };
    let id = stem.unwrap_or_default();
    if !valid_id(id) {
        return Err(Finding::error(
            "bad-id",
            format!(
                "`{id}` is not a valid id: expected letters, digits, `-`, `_` or `.`, starting with a letter or digit"
            ),
        ));
    }
    Ok((kind, id.to_string()))
}

/// The teammate id a path under the folder names, if it is a placement's path.
pub fn person_id(rel: &str) -> Option<String> {
    match classify(rel) {
        Ok((Kind::Person, id)) => Some(id),
        _ => None,
    }
}

/// Ids are file stems that also appear in YAML values, so keep them plain.
pub fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn parse_found(root: &str, found: Found, repo: Option<&git2::Repository>) -> Parsed {
    let file = display_path(root, &found.rel);
    let mut parsed = Parsed {
        kind: None,
        source: None,
        value: None,
        problems: Vec::new(),
    };
    if found.rel.split('/').any(|part| part.starts_with('.')) {
        // Dotfiles (.gitkeep, editor settings) are not part of the ladder.
        return parsed;
    }
    let classified = classify(&found.rel);
    if let Ok((kind, _)) = &classified {
        parsed.kind = Some(*kind);
    }
    let read = match found.content {
        Content::Refused(finding) => {
            parsed.problems.push(finding);
            return parsed;
        }
        Content::Blob(id) => read_capped_blob(repo, id)
            .map_err(|error| format!("cannot read the blob {id}: {error}")),
        Content::OnDisk(path) => {
            read_capped(&path).map_err(|error| format!("cannot read the file: {error}"))
        }
    };
    let bytes = match read {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(size)) => {
            parsed.problems.push(too_large(size).at(&file, Pos::TOP));
            return parsed;
        }
        Err(message) => {
            parsed
                .problems
                .push(Finding::error("unreadable", message).at(&file, Pos::TOP));
            return parsed;
        }
    };
    let (kind, id) = match classified {
        Ok(classified) => classified,
        Err(finding) => {
            parsed.problems.push(finding.at(&file, Pos::TOP));
            return parsed;
        }
    };
    let text: Arc<str> = match decode(&bytes) {
        Ok(text) => Arc::from(text),
        Err(finding) => {
            // Kept lossily so the report can still show the offending line.
            let lossy: Arc<str> = Arc::from(String::from_utf8_lossy(&bytes).as_ref());
            parsed.source = Some((file.clone(), lossy));
            parsed.problems.push(finding.at(&file, finding_pos(&bytes)));
            return parsed;
        }
    };
    parsed.source = Some((file.clone(), Arc::clone(&text)));
    let result = match kind {
        Kind::Framework => parse_yaml::<Framework>(
            &file,
            &text,
            "the framework: name, steps, factors, tracks, policy",
        )
        .map(|value| {
            Value::Framework(Entry {
                id,
                file: file.clone(),
                value,
            })
        }),
        Kind::Team => {
            parse_yaml::<Team>(&file, &text, "a team: name, director, titles").map(|value| {
                Value::Team(Entry {
                    id,
                    file: file.clone(),
                    value,
                })
            })
        }
        Kind::Person => parse_yaml::<Placement>(
            &file,
            &text,
            "a placement: name, github, team, track, level, step, lead",
        )
        .map(|value| {
            Value::Person(Entry {
                id,
                file: file.clone(),
                value,
            })
        }),
        Kind::Case => parse_case(&file, &text).map(|value| {
            Value::Case(Entry {
                id,
                file: file.clone(),
                value,
            })
        }),
    };
    match result {
        Ok(value) => parsed.value = Some(value),
        Err(finding) => parsed.problems.push(finding),
    }
    parsed
}

/// Reads a file unless it is over the limit, in which case its size, read no further.
fn read_capped(path: &Path) -> std::io::Result<Result<Vec<u8>, u64>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(1024);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let size = std::fs::metadata(path).map_or(MAX_FILE_BYTES + 1, |meta| meta.len());
        return Ok(Err(size));
    }
    Ok(Ok(bytes))
}

/// Reads a blob unless its header says it is over the limit.
fn read_capped_blob(
    repo: Option<&git2::Repository>,
    id: git2::Oid,
) -> Result<Result<Vec<u8>, u64>, String> {
    let repo = repo.ok_or("the repository could not be opened")?;
    let odb = repo.odb().map_err(|error| error.message().to_string())?;
    let (size, _) = odb
        .read_header(id)
        .map_err(|error| error.message().to_string())?;
    let size = u64::try_from(size).unwrap_or(u64::MAX);
    if size > MAX_FILE_BYTES {
        return Ok(Err(size));
    }
    let object = odb.read(id).map_err(|error| error.message().to_string())?;
    Ok(Ok(object.data().to_vec()))
}

/// Where the first byte that is not UTF-8 sits.
fn finding_pos(bytes: &[u8]) -> Pos {
    let valid = match std::str::from_utf8(bytes) {
        Ok(_) => return Pos::TOP,
        Err(error) => error.valid_up_to(),
    };
    let before = String::from_utf8_lossy(&bytes[..valid]);
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |tail| tail.chars().count())
        + 1;
    Pos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
        offset: u32::try_from(valid).unwrap_or(u32::MAX),
        len: 1,
    }
}

fn decode(bytes: &[u8]) -> Result<String, Finding> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(error) => Err(Finding::error(
            "not-utf8",
            format!(
                "byte 0x{:02X} at offset {} is not UTF-8: expected a UTF-8 text file",
                bytes[error.valid_up_to()],
                error.valid_up_to()
            ),
        )
        .help("save the file as UTF-8")),
    }
}

fn parse_yaml<T: DeserializeOwned>(file: &str, text: &str, expected: &str) -> Result<T, Finding> {
    if text
        .lines()
        .all(|line| line.trim().is_empty() || line.trim_start().starts_with('#'))
    {
        return Err(Finding::error(
            "empty-file",
            format!("the file is empty: expected {expected}"),
        )
        .at(file, Pos::TOP));
    }
    yaml::parse::<T>(text).map_err(|error| {
        let pos = error.pos;
        let mut finding = match &error.unknown_key {
            Some((key, accepted)) => {
                let finding = Finding::error("unknown-key", error.message.clone());
                match did_you_mean(key, accepted.iter().map(String::as_str)) {
                    Some(suggestion) => finding.help(format!("did you mean `{suggestion}`?")),
                    None => finding.help(format!("expected one of: {}", accepted.join(", "))),
                }
            }
            None => Finding::error("yaml", error.message.clone()),
        };
        if finding.help.is_none() && error.message.starts_with("expected mapping") {
            finding = finding.help(format!("expected {expected}"));
        }
        finding.at(file, pos)
    })
}

fn parse_case(file: &str, text: &str) -> Result<Case, Finding> {
    let front = parse_case_text(text).map_err(|()| {
        Finding::error(
            "case-front-matter",
            "a case file starts with YAML front matter between `---` lines: expected `person:` and the target `level:`",
        )
        .at(file, Pos::TOP)
    })?;
    if front
        .lines()
        .skip(1)
        .all(|line| line.trim().is_empty() || line.trim_start().starts_with('#'))
    {
        return Err(Finding::error(
            "empty-file",
            "the front matter is empty: expected `person:` and the target `level:`",
        )
        .at(file, Pos::TOP));
    }
    parse_yaml(
        file,
        front,
        "front matter naming the person and the target level",
    )
}

/// A case file's front matter, from its opening `---` up to the closing one. The opening line is
/// a YAML document marker, so parsing this keeps every position exact within the file.
fn parse_case_text(text: &str) -> Result<&str, ()> {
    if !text.starts_with("---\n") && !text.starts_with("---\r\n") {
        return Err(());
    }
    let end = text
        .match_indices("\n---")
        .map(|(at, _)| at + 1)
        .find(|&at| {
            let rest = &text[at + 3..];
            rest.is_empty() || rest.starts_with('\n') || rest.starts_with("\r\n")
        })
        .ok_or(())?;
    Ok(&text[..end])
}
