//! The work tree's changes that no commit holds yet: which files under the folder differ from
//! HEAD (staged or not, new files too), and the placement changes among them as events marked
//! not committed yet, dated the day they are read. What history commands add after the last
//! commit, so every command reads the work tree by default. Nothing here writes.

use std::path::Path;
use std::sync::Arc;

use super::change::{Touched, touched_events};
use super::{Event, Frameworks, Interner, Landing, folder_of};
use crate::framework::Framework;
use crate::snapshot::{Entry, LoadError, Origin, display_path, parse_text};

/// What the work tree changes under the folder since HEAD.
#[derive(Debug, Clone, Default)]
pub struct Uncommitted {
    /// Every file that differs from HEAD, as users see its path.
    pub files: Vec<String>,
    /// The placement changes among them, oldest first after HEAD's history.
    pub events: Vec<Event>,
}

/// The work tree's changes to the `dir` folder since HEAD; with `events`, its placement changes
/// as events dated `today`. A bare repository, or one without a commit, has none.
pub fn uncommitted(
    repo: &git2::Repository,
    dir: &str,
    today: jiff::civil::Date,
    events: bool,
) -> Result<Uncommitted, LoadError> {
    let dir = dir.trim_matches('/');
    let root = super::root_of(dir);
    let Some(workdir) = repo.workdir() else {
        return Ok(Uncommitted::default());
    };
    let Ok(head) = repo.head().and_then(|head| head.peel_to_commit()) else {
        return Ok(Uncommitted::default());
    };
    let failing = |source| LoadError::Object {
        rev: "HEAD".into(),
        path: root.to_string(),
        source,
    };
    let tree = head.tree().map_err(failing)?;
    let mut options = git2::DiffOptions::new();
    options
        .include_untracked(true)
        .recurse_untracked_dirs(true)
        .ignore_submodules(true);
    let prefix = if root == "." {
        String::new()
    } else {
        format!("{root}/")
    };
    if !prefix.is_empty() {
        options.pathspec(&prefix);
    }
    let mut diff = repo.diff_tree_to_workdir_with_index(Some(&tree), Some(&mut options));
    // A commit in another process replaces git's index while libgit2 reads it, which it then
    // finds truncated: read it again.
    for _ in 0..3 {
        if !matches!(&diff, Err(error) if error.class() == git2::ErrorClass::Index) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        diff = repo.diff_tree_to_workdir_with_index(Some(&tree), Some(&mut options));
    }
    let diff = diff.map_err(failing)?;
    // Each changed path with its blob at HEAD, if it has one there.
    let mut changed: Vec<(String, Option<git2::Oid>)> = Vec::new();
    for delta in diff.deltas() {
        for (file, committed) in [(delta.old_file(), true), (delta.new_file(), false)] {
            let Some(rel) = file
                .path()
                .and_then(Path::to_str)
                .and_then(|path| path.strip_prefix(&prefix))
            else {
                continue;
            };
            if changed.iter().any(|(known, _)| known == rel) {
                continue;
            }
            let blob = (committed && !file.id().is_zero() && file.exists()).then(|| file.id());
            changed.push((rel.to_string(), blob));
        }
    }
    changed.sort();
    let mut uncommitted = Uncommitted {
        files: changed
            .iter()
            .map(|(rel, _)| display_path(root, rel))
            .collect(),
        events: Vec::new(),
    };
    if !events {
        return Ok(uncommitted);
    }
    let folder = workdir.join(&prefix);
    let mut touched = Touched::default();
    for (rel, blob) in &changed {
        let placement = crate::snapshot::person_id(rel).is_some();
        if !placement && !rel.starts_with("cases/") {
            continue;
        }
        let before = blob
            .filter(|_| placement)
            .and_then(|blob| crate::snapshot::read_blob_text(repo, blob));
        let after = read_text(&folder.join(rel));
        touched.add(root, rel, before, after);
    }
    if touched.placements.is_empty() {
        return Ok(uncommitted);
    }
    let committed_folder = folder_of(&head, dir).map_err(failing)?;
    let objects = crate::snapshot::Objects::of(repo)?;
    let base_framework = Frameworks::default().at(&objects, committed_folder, root);
    let head_framework = work_framework(&folder, root);
    let landing = Arc::new(Landing::uncommitted());
    uncommitted.events = touched_events(
        touched,
        root,
        Origin::Dir(folder),
        [base_framework, head_framework],
        &landing,
        today,
        &mut Interner::default(),
    );
    Ok(uncommitted)
}

/// A file's text on disk, unless missing, over the size limit or not UTF-8.
fn read_text(path: &Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > crate::snapshot::MAX_FILE_BYTES {
        return None;
    }
    String::from_utf8(std::fs::read(path).ok()?).ok()
}

/// The work tree's framework, kept only when it shapes how positions read (as history keeps
/// each commit's).
fn work_framework(folder: &Path, root: &str) -> Option<Entry<Framework>> {
    ["framework.yml", "framework.yaml"].iter().find_map(|name| {
        let framework = parse_text::<Framework>(&read_text(&folder.join(name))?)?;
        framework.shapes_positions().then(|| Entry {
            id: String::new(),
            file: display_path(root, name),
            value: framework,
        })
    })
}
