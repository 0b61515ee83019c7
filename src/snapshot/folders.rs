//! Comparing two trees of the folder from raw tree objects: equal subtrees are skipped and the
//! entries both sides begin and end with are passed over a stride at a time, so the cost follows
//! the change, as `git diff` does. Where the raw objects come from is the caller's.

use super::join;

/// A file that differs between two revisions, by its path under the folder. A side is `None`
/// where the file does not exist; `regular` is false when either side is not a plain file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedFile {
    pub rel: String,
    pub before: Option<git2::Oid>,
    pub after: Option<git2::Oid>,
    pub regular: bool,
}

pub(super) type RawTree = std::rc::Rc<[u8]>;

/// Where each side's raw tree objects come from.
pub(super) struct Trees<'a> {
    pub(super) before: &'a dyn Fn(git2::Oid) -> Result<RawTree, git2::Error>,
    pub(super) after: &'a dyn Fn(git2::Oid) -> Result<RawTree, git2::Error>,
}

pub(super) const TREE_MODE: i32 = 0o040000;

/// The folder's tree objects that the last comparison read on its new side. Along a line of
/// commits each folder is the next commit's old side, so keeping them reads each tree once.
#[derive(Default)]
pub struct LastTrees {
    trees: std::collections::HashMap<git2::Oid, RawTree>,
}

/// The files that differ between two folder trees (`None` for a folder that does not exist),
/// for the next commit of a line: the old side's trees are taken from `last` where the previous
/// comparison read them, and this one's new side is kept in it.
pub fn changed_after(
    objects: &super::Objects<'_>,
    before: Option<git2::Oid>,
    after: Option<git2::Oid>,
    last: &mut LastTrees,
) -> Result<Vec<ChangedFile>, git2::Error> {
    let read = |id: git2::Oid| objects.read_with(id, |data: &[u8]| RawTree::from(data));
    let kept = std::cell::RefCell::new(std::mem::take(&mut last.trees));
    let next = std::cell::RefCell::new(std::collections::HashMap::new());
    let before_tree = |id: git2::Oid| match kept.borrow_mut().remove(&id) {
        Some(tree) => Ok(tree),
        None => read(id),
    };
    let after_tree = |id: git2::Oid| {
        let tree = read(id)?;
        next.borrow_mut().insert(id, RawTree::clone(&tree));
        Ok(tree)
    };
    let mut changed = Vec::new();
    compare_trees(
        &Trees {
            before: &before_tree,
            after: &after_tree,
        },
        before,
        after,
        "",
        &mut changed,
    )?;
    last.trees = next.into_inner();
    Ok(changed)
}

/// The folder names along `dir`, a path split by `/`: empty and `.` parts name no folder, so
/// `./ladders` is `ladders` and `.` is the tree itself. Every reader of a folder goes by this.
pub fn folder_names(dir: &str) -> impl Iterator<Item = &str> {
    dir.split('/')
        .filter(|name| !name.is_empty() && *name != ".")
}

/// The tree at `dir` inside `tree` (see [`folder_names`]), or `None` where there is no folder
/// there.
pub fn folder_in(
    objects: &super::Objects<'_>,
    tree: git2::Oid,
    dir: &str,
) -> Result<Option<git2::Oid>, git2::Error> {
    let mut at = tree;
    for name in folder_names(dir) {
        let folder = objects.read_with(at, |data| {
            raw_entries(data)
                .find(|entry| entry.name == name.as_bytes() && entry.is_tree())
                .map(|entry| entry.oid())
                .transpose()
        })??;
        let Some(folder) = folder else {
            return Ok(None);
        };
        at = folder;
    }
    Ok(Some(at))
}

/// The blob of the file `name` directly inside `tree`, if there is one.
pub fn file_in(
    objects: &super::Objects<'_>,
    tree: git2::Oid,
    name: &str,
) -> Result<Option<git2::Oid>, git2::Error> {
    objects.read_with(tree, |data| {
        raw_entries(data)
            .find(|entry| entry.name == name.as_bytes() && !entry.is_tree())
            .map(|entry| entry.oid())
            .transpose()
    })?
}

/// One entry of a raw tree object: `<octal mode> <name>\0<20-byte id>`.
pub(super) struct RawEntry<'a> {
    pub(super) mode: i32,
    pub(super) name: &'a [u8],
    id: &'a [u8],
}

impl RawEntry<'_> {
    pub(super) fn is_tree(&self) -> bool {
        self.mode == TREE_MODE
    }

    pub(super) fn oid(&self) -> Result<git2::Oid, git2::Error> {
        git2::Oid::from_bytes(self.id)
    }
}

pub(super) fn raw_entries(data: &[u8]) -> impl Iterator<Item = RawEntry<'_>> {
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

pub(super) fn compare_trees(
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
