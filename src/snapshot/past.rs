//! Case files as history. A case merged while the teammates it names were on the tree stays
//! evidence when they leave: nobody edits past evidence. So a case file naming someone the tree
//! no longer holds is traced back along the first-parent line, while its text is unchanged, to
//! the commit that last changed it; the names it gives are read against that commit's
//! placements. A case added or edited since (in the work tree, or in a later commit) is judged
//! by the tree it is in. The walk runs only for cases naming someone unknown, and stops where
//! the last of them was written. This module reads history; it judges nothing (`check` does).

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use super::{Origin, Snapshot, person_id};

/// A case file to trace: its path in the repository, its blob, the names it gives that the tree
/// does not hold.
struct Pending {
    file: String,
    path: String,
    blob: git2::Oid,
    names: Vec<String>,
}

/// The cases of `snapshot` naming someone it does not hold, with their names.
fn unknown_names(snapshot: &Snapshot) -> Vec<(String, String, Vec<String>)> {
    snapshot
        .cases
        .iter()
        .filter_map(|entry| {
            let case = &entry.value;
            let names: Vec<String> = std::iter::once(&case.person)
                .chain(&case.authors)
                .map(|name| name.value.clone())
                .filter(|name| !snapshot.is_teammate(name))
                .collect();
            (!names.is_empty()).then(|| (entry.file.clone(), entry.id.clone(), names))
        })
        .collect()
}

/// Marks the former teammates of a snapshot read from a revision's tree: `commit` is the
/// revision's commit and `dir` the folder's path in it.
pub(super) fn settle_revision(
    snapshot: &mut Snapshot,
    repo: &git2::Repository,
    commit: git2::Oid,
    dir: &str,
) {
    let cases = unknown_names(snapshot);
    if cases.is_empty() {
        return;
    }
    let Ok(start) = repo.find_commit(commit) else {
        return;
    };
    let pending = cases
        .into_iter()
        .filter_map(|(file, rel, names)| {
            let path = in_repository(dir, &rel);
            let blob = blob_at(&start, &path)?;
            Some(Pending {
                file,
                path,
                blob,
                names,
            })
        })
        .collect();
    trace(snapshot, repo, &start, pending, dir);
}

/// Marks the former teammates of a snapshot read from `folder` on disk, when the folder is in a
/// git work tree: a case counts as merged only when its text is the one HEAD holds.
pub(super) fn settle_work_tree(snapshot: &mut Snapshot, folder: &Path) {
    let cases = unknown_names(snapshot);
    if cases.is_empty() {
        return;
    }
    let Ok(repo) = git2::Repository::discover(folder) else {
        return;
    };
    let (Some(workdir), Ok(folder)) = (repo.workdir(), std::fs::canonicalize(folder)) else {
        return;
    };
    let Some(dir) = std::fs::canonicalize(workdir)
        .ok()
        .and_then(|workdir| folder.strip_prefix(workdir).ok().map(Path::to_path_buf))
        .and_then(|dir| dir.to_str().map(|dir| dir.replace('\\', "/")))
    else {
        return;
    };
    let Ok(start) = repo.head().and_then(|head| head.peel_to_commit()) else {
        return;
    };
    let pending = cases
        .into_iter()
        .filter_map(|(file, rel, names)| {
            let path = in_repository(&dir, &rel);
            let blob = blob_at(&start, &path)?;
            let committed = super::read_blob_text(&repo, blob)?;
            let committed = committed.strip_prefix('\u{feff}').unwrap_or(&committed);
            // Edited in the work tree: judged by the work tree alone.
            (snapshot.source(&file) == Some(committed)).then_some(Pending {
                file,
                path,
                blob,
                names,
            })
        })
        .collect();
    trace(snapshot, &repo, &start, pending, &dir);
}

/// Walks back from `start` while each case's blob is unchanged, then reads the names against
/// the placements of the commit that last changed it.
fn trace(
    snapshot: &mut Snapshot,
    repo: &git2::Repository,
    start: &git2::Commit<'_>,
    mut pending: Vec<Pending>,
    dir: &str,
) {
    let mut settled: Vec<(Pending, git2::Commit<'_>)> = Vec::new();
    let mut at = start.clone();
    while !pending.is_empty() {
        // The root commit, or the edge of a shallow clone: the text is as old as can be known.
        let Ok(parent) = at.parent(0) else { break };
        let (same, changed): (Vec<Pending>, Vec<Pending>) = pending
            .into_iter()
            .partition(|case| blob_at(&parent, &case.path) == Some(case.blob));
        settled.extend(changed.into_iter().map(|case| (case, at.clone())));
        pending = same;
        at = parent;
    }
    settled.extend(pending.into_iter().map(|case| (case, at.clone())));
    let mut rosters: HashMap<git2::Oid, BTreeSet<String>> = HashMap::new();
    for (case, commit) in settled {
        let roster = rosters
            .entry(commit.id())
            .or_insert_with(|| roster_at(repo, &commit, dir));
        for name in case.names {
            if roster.contains(&name) {
                snapshot.former.insert((case.file.clone(), name));
            }
        }
    }
}

fn in_repository(dir: &str, rel: &str) -> String {
    match dir.trim_matches('/') {
        "" | "." => rel.to_string(),
        dir => format!("{dir}/{rel}"),
    }
}

fn blob_at(commit: &git2::Commit<'_>, path: &str) -> Option<git2::Oid> {
    let entry = commit.tree().ok()?.get_path(Path::new(path)).ok()?;
    (entry.kind() == Some(git2::ObjectType::Blob)).then(|| entry.id())
}

/// Every teammate id a commit's folder holds.
fn roster_at(repo: &git2::Repository, commit: &git2::Commit<'_>, dir: &str) -> BTreeSet<String> {
    let mut roster = BTreeSet::new();
    let Some(people) = commit
        .tree()
        .ok()
        .and_then(|tree| tree.get_path(Path::new(&in_repository(dir, "people"))).ok())
        .and_then(|entry| repo.find_tree(entry.id()).ok())
    else {
        return roster;
    };
    let _ = people.walk(git2::TreeWalkMode::PreOrder, |prefix, entry| {
        if entry.kind() == Some(git2::ObjectType::Blob)
            && let Ok(name) = entry.name()
            && let Some(id) = person_id(&format!("people/{prefix}{name}"))
        {
            roster.insert(id);
        }
        git2::TreeWalkResult::Ok
    });
    roster
}

/// Whether a snapshot read from a revision can trace its cases: the revision's commit.
pub(super) fn commit_of(origin: &Origin) -> Option<git2::Oid> {
    match origin {
        Origin::Revision { commit, .. } => git2::Oid::from_str(commit).ok(),
        Origin::Dir(_) => None,
    }
}
