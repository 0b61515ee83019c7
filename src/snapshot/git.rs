//! Reading a snapshot from a git revision's tree: blobs from the object database (the work tree
//! is never touched), only the files a change touches when asked, and the comparison of two
//! revisions' folders from raw tree objects so the cost follows the change.

use std::collections::HashMap;
use std::path::Path;

use serde::de::DeserializeOwned;

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
    let mut at = 0;
    std::iter::from_fn(move || {
        let (entry, end) = entry_at(data, at)?;
        at = end;
        Some(entry)
    })
}

/// The entry that starts at `at`, and where the next one starts; `None` past the end or in
/// bytes that are not an entry.
fn entry_at(data: &[u8], at: usize) -> Option<(RawEntry<'_>, usize)> {
    let rest = data.get(at..)?;
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
    Some((entry, at + end))
}

/// Where the entries that both trees begin with, byte for byte, end: those are the same files,
/// skipped without being parsed or compared.
fn shared_entries(before: &[u8], after: &[u8]) -> usize {
    let same = common_length(
        before.chunks_exact(STRIDE),
        after.chunks_exact(STRIDE),
        before.iter(),
        after.iter(),
    );
    let mut at = 0;
    while let Some((_, end)) = entry_at(before, at)
        && end <= same
    {
        at = end;
    }
    at
}

/// How many bytes the two trees end with alike.
fn shared_tail(before: &[u8], after: &[u8]) -> usize {
    common_length(
        before.rchunks_exact(STRIDE),
        after.rchunks_exact(STRIDE),
        before.iter().rev(),
        after.iter().rev(),
    )
}

/// Bytes compared at once while two trees agree.
const STRIDE: usize = 64;

/// The length the two sides agree for, from whichever end the iterators start at: whole chunks
/// first (a `memcmp` each), then byte by byte.
fn common_length<'a>(
    chunks: impl Iterator<Item = &'a [u8]>,
    other_chunks: impl Iterator<Item = &'a [u8]>,
    bytes: impl Iterator<Item = &'a u8>,
    other_bytes: impl Iterator<Item = &'a u8>,
) -> usize {
    let whole = chunks.zip(other_chunks).take_while(|(a, b)| a == b).count() * STRIDE;
    whole
        + bytes
            .skip(whole)
            .zip(other_bytes.skip(whole))
            .take_while(|(a, b)| a == b)
            .count()
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
    let (old, new) = (
        before.as_deref().unwrap_or(&[]),
        after.as_deref().unwrap_or(&[]),
    );
    // A change touches a few entries of a folder: the entries before them and the run after
    // them are the same bytes on both sides, and only the middle is read entry by entry.
    let start = shared_entries(old, new);
    let (mut i, mut j) = (start, start);
    let tail = shared_tail(old, new);
    loop {
        let rest = old.len() - i;
        if rest == new.len() - j && rest <= tail {
            break;
        }
        let (left, right) = (entry_at(old, i), entry_at(new, j));
        let order = match (&left, &right) {
            (None, None) => break,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some((a, _)), Some((b, _))) => git_order(a, b),
        };
        let (a, b) = match order {
            std::cmp::Ordering::Less => (left, None),
            std::cmp::Ordering::Greater => (None, right),
            std::cmp::Ordering::Equal => (left, right),
        };
        let a = a.map(|(entry, end)| {
            i = end;
            entry
        });
        let b = b.map(|(entry, end)| {
            j = end;
            entry
        });
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

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};

    use super::*;

    /// A folder as a test writes it: files by name (mode, id) and subfolders by name.
    #[derive(Clone, Default)]
    struct Folder {
        files: BTreeMap<String, (i32, [u8; 20])>,
        folders: BTreeMap<String, Folder>,
    }

    /// Stores `folder` and its subfolders as raw tree objects; gives its id.
    fn store(folder: &Folder, objects: &mut HashMap<git2::Oid, RawTree>) -> git2::Oid {
        let mut entries: Vec<(Vec<u8>, i32, [u8; 20])> = Vec::new();
        for (name, (mode, id)) in &folder.files {
            entries.push((name.clone().into_bytes(), *mode, *id));
        }
        for (name, sub) in &folder.folders {
            let id = store(sub, objects);
            let mut key = name.clone().into_bytes();
            key.push(b'/');
            let mut raw = [0; 20];
            raw.copy_from_slice(id.as_bytes());
            entries.push((key, TREE_MODE, raw));
        }
        // Git's order: a folder sorts as if its name ended in `/`.
        entries.sort();
        let mut bytes = Vec::new();
        for (mut name, mode, id) in entries {
            if mode == TREE_MODE {
                name.pop();
            }
            bytes.extend(format!("{mode:o} ").into_bytes());
            bytes.extend(name);
            bytes.push(0);
            bytes.extend(id);
        }
        let id = git2::Oid::hash_object(git2::ObjectType::Tree, &bytes).expect("hash");
        objects.insert(id, RawTree::from(bytes));
        id
    }

    fn files_of(folder: &Folder, prefix: &str, out: &mut BTreeMap<String, (i32, [u8; 20])>) {
        for (name, file) in &folder.files {
            out.insert(join(prefix, name), *file);
        }
        for (name, sub) in &folder.folders {
            files_of(sub, &join(prefix, name), out);
        }
    }

    fn random_id(rng: &mut fastrand::Rng) -> [u8; 20] {
        // Ids full of the bytes that end a mode and a name.
        std::array::from_fn(|_| [0, b' ', b'1', rng.u8(..)][rng.usize(..4)])
    }

    fn random_name(rng: &mut fastrand::Rng) -> String {
        // Few letters, so names are often prefixes of one another.
        (0..rng.usize(1..4))
            .map(|_| ['a', 'b', '.', '-'][rng.usize(..4)])
            .collect()
    }

    fn random_edit(folder: &mut Folder, rng: &mut fastrand::Rng, depth: usize) {
        match rng.u8(..6) {
            0 | 1 => {
                let mode = if rng.bool() { 0o100644 } else { 0o100755 };
                folder
                    .files
                    .insert(random_name(rng), (mode, random_id(rng)));
            }
            2 => {
                if let Some(name) = folder
                    .files
                    .keys()
                    .nth(rng.usize(..folder.files.len().max(1)))
                {
                    let name = name.clone();
                    folder.files.remove(&name);
                }
            }
            // The same length either way: a new id, or the other mode.
            3 => {
                let at = rng.usize(..folder.files.len().max(1));
                if let Some((_, file)) = folder.files.iter_mut().nth(at) {
                    if rng.bool() {
                        file.1 = random_id(rng);
                    } else {
                        file.0 ^= 0o100644 ^ 0o100755;
                    }
                }
            }
            _ if depth < 2 => {
                let name = random_name(rng);
                random_edit(folder.folders.entry(name).or_default(), rng, depth + 1);
            }
            _ => folder.folders.clear(),
        }
    }

    /// Trees compared in part (the shared head and tail skipped) give exactly the files whose
    /// mode or content differ, on random folders whose names are prefixes of one another and
    /// whose ids hold spaces and NULs.
    #[test]
    fn tree_comparison_finds_every_changed_file_and_no_other() {
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..2_000 {
            let mut before = Folder::default();
            for _ in 0..rng.usize(0..60) {
                random_edit(&mut before, &mut rng, 0);
            }
            let mut after = before.clone();
            for _ in 0..rng.usize(0..4) {
                random_edit(&mut after, &mut rng, 0);
            }
            let mut objects = HashMap::new();
            let ids = [store(&before, &mut objects), store(&after, &mut objects)];
            let read = |id: git2::Oid| -> Result<RawTree, git2::Error> {
                Ok(RawTree::clone(objects.get(&id).expect("stored")))
            };
            let mut found = Vec::new();
            let trees = Trees {
                before: &read,
                after: &read,
            };
            compare_trees(&trees, Some(ids[0]), Some(ids[1]), "", &mut found).expect("compare");
            let mut found: Vec<_> = found
                .into_iter()
                .map(|file| (file.rel, file.before, file.after))
                .collect();
            found.sort();
            let (mut old, mut new) = (BTreeMap::new(), BTreeMap::new());
            files_of(&before, "", &mut old);
            files_of(&after, "", &mut new);
            let oid = |file: Option<&(i32, [u8; 20])>| {
                file.map(|(_, id)| git2::Oid::from_bytes(id).expect("id"))
            };
            let mut expected: Vec<_> = old
                .keys()
                .chain(new.keys())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .filter(|path| old.get(*path) != new.get(*path))
                .map(|path| (path.clone(), oid(old.get(path)), oid(new.get(path))))
                .collect();
            expected.sort();
            assert_eq!(found, expected);
        }
    }
}
