//! The head's check in proportion to the change: the placements a pull request touches and
//! every reference they take part in, read from the head and checked against the facts kept
//! for the base (`check::Facts`), which stand in for the files not read. The verdict is what a
//! check of the whole head gives. The facts live beside the history index, keyed by the base
//! folder's tree id and verified as the index is: a file that is corrupt, of another format or
//! folder is rebuilt from a full read of the base, never trusted. Facts kept for another tree
//! of the folder (the base before a merge) are brought to this one by checking the files
//! changed between the two as a pull request's are, or rebuilt where that cannot be done in
//! part. A change the facts cannot judge in part (the framework, a team, a case file, the top
//! of the tree) is checked on the whole head.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::check::{ChangedPerson, Facts, HeadPerson, Plan, check_snapshot};
use crate::finding::Finding;
use crate::snapshot::{
    ChangedFile, LoadError, RevisionTree, Snapshot, display_path, person_id, read_blob_text,
};

/// The facts file's form: it is kept for the base folder's tree.
const KEPT: crate::history::kept::Kept = crate::history::kept::Kept {
    magic: b"LDRFACTS",
    format: 2,
};

/// The facts file for a ladders folder, inside the index's folder.
pub fn facts_path(folder: &Path, dir: &str) -> PathBuf {
    crate::history::kept::file_for(folder, "facts", dir, "bin")
}

/// The facts stored for the tree `tree` of the folder `dir`: `None` when there are none, or
/// they are for another tree, or they do not hold up.
pub fn load_facts(file: &Path, dir: &str, tree: git2::Oid) -> Option<Facts> {
    KEPT.read(file, dir, Some(tree)).map(|(_, facts)| facts)
}

/// Writes the facts: to a temporary file beside their place, then renamed into it.
pub fn save_facts(file: &Path, dir: &str, tree: git2::Oid, facts: &Facts) -> std::io::Result<()> {
    KEPT.write(file, dir, tree, facts)
}

/// The base's facts: stored ones when they hold up, else those of an earlier base carried
/// forward, else built from a full read of the base; stored for the next run (when `folder`
/// is given).
pub fn base_facts(base: &RevisionTree<'_>, folder: Option<&Path>) -> Result<Facts, LoadError> {
    base_facts_read(base, folder).map(|(facts, _)| facts)
}

/// [`base_facts`], and whether they took a full read of the base.
fn base_facts_read(
    base: &RevisionTree<'_>,
    folder: Option<&Path>,
) -> Result<(Facts, bool), LoadError> {
    let dir = base.root().to_string();
    let file = folder.map(|folder| facts_path(folder, &dir));
    if let Some(file) = &file {
        crate::history::kept::sweep(file);
    }
    if let Some(facts) = file
        .as_deref()
        .and_then(|file| load_facts(file, &dir, base.folder_id()))
    {
        return Ok((facts, false));
    }
    // After a merge the facts of the last base are at hand (the Action restores the last
    // cache): a few placements apart, they are brought forward instead of built again.
    if let Some((file, folder)) = file.as_ref().zip(folder)
        && let Some(facts) = carried_facts(base, folder)
    {
        let _ = save_facts(file, &dir, base.folder_id(), &facts);
        return Ok((facts, false));
    }
    let snapshot = base.load()?;
    let facts = Facts::of(&snapshot, &check_snapshot(&snapshot));
    drop(snapshot);
    if let Some(file) = &file {
        // A cache that cannot be written costs the next run time, not this run its answer.
        let _ = save_facts(file, &dir, base.folder_id(), &facts);
    }
    Ok((facts, true))
}

/// The base's facts, read, carried forward or built the first time something asks for them
/// ([`base_facts`]): where they are not kept (no folder), never.
pub struct Kept<'a, 'r> {
    base: &'a RevisionTree<'r>,
    folder: Option<&'a Path>,
    facts: std::cell::OnceCell<Facts>,
    /// Whether getting them took a full read of the base.
    read_whole: std::cell::Cell<bool>,
}

impl<'a, 'r> Kept<'a, 'r> {
    pub fn new(base: &'a RevisionTree<'r>, folder: Option<&'a Path>) -> Kept<'a, 'r> {
        Kept {
            base,
            folder,
            facts: std::cell::OnceCell::new(),
            read_whole: std::cell::Cell::new(false),
        }
    }

    pub fn get(&self) -> Result<Option<&Facts>, LoadError> {
        let Some(folder) = self.folder else {
            return Ok(None);
        };
        if self.facts.get().is_none() {
            let (facts, read_whole) = base_facts_read(self.base, Some(folder))?;
            self.read_whole.set(read_whole);
            let _ = self.facts.set(facts);
        }
        Ok(self.facts.get())
    }
}

/// The head's findings, as a check of the whole head gives them, and the snapshot they were
/// found in (its texts quote the lines). `files` are the files the change touches; with none,
/// the pull request leaves the folder alone and there is nothing to check.
pub fn check_head(
    base: &RevisionTree<'_>,
    head: &RevisionTree<'_>,
    files: &[ChangedFile],
    folder: Option<&Path>,
) -> Result<(Vec<Finding>, Snapshot), LoadError> {
    check_against(head, files, &Kept::new(base, folder))
}

fn check_against(
    head: &RevisionTree<'_>,
    files: &[ChangedFile],
    kept: &Kept<'_, '_>,
) -> Result<(Vec<Finding>, Snapshot), LoadError> {
    let whole = || -> Result<(Vec<Finding>, Snapshot), LoadError> {
        let snapshot = head.load()?;
        Ok((check_snapshot(&snapshot), snapshot))
    };
    // Nothing under the folder changed: nothing of the head to say, and nothing to read.
    if files.is_empty() {
        return Ok((Vec::new(), head.load_files(&[])?));
    }
    if !people_only(files) {
        return whole();
    }
    let built;
    let facts = match kept.get()? {
        Some(facts) => facts,
        None => {
            built = base_facts(kept.base, None)?;
            &built
        }
    };
    match in_part(head, files, facts)? {
        Some((findings, _, snapshot)) => Ok((findings, snapshot)),
        None => whole(),
    }
}

/// Whether the head's check of `files` is a small one: against the base's facts (read now, or
/// brought from an earlier base's) rather than reading a whole tree. Work beside a small check
/// adds little memory; beside a whole read it would add its own, which another thread's
/// allocations cannot reuse once freed.
pub(super) fn small_check(files: &[ChangedFile], kept: &Kept<'_, '_>) -> Result<bool, LoadError> {
    if files.is_empty() || !people_only(files) {
        return Ok(false);
    }
    Ok(kept.get()?.is_some() && !kept.read_whole.get())
}

/// Whether a change touches placement files alone, which facts can judge in part.
fn people_only(files: &[ChangedFile]) -> bool {
    files.iter().all(|file| {
        let hidden = file.rel.split('/').any(|part| part.starts_with('.'));
        file.regular && !hidden && person_id(&file.rel).is_some()
    })
}

/// The findings of `head`, changed from the tree of `facts` by `files` (placements alone), with
/// the plan and the files read to find them: `None` where the facts cannot judge the change in
/// part.
fn in_part<'f>(
    head: &RevisionTree<'_>,
    files: &[ChangedFile],
    facts: &'f Facts,
) -> Result<Option<(Vec<Finding>, Plan<'f>, Snapshot)>, LoadError> {
    let changed: Vec<(String, git2::Oid)> = files
        .iter()
        .filter_map(|file| file.after.map(|blob| (file.rel.clone(), blob)))
        .collect();
    let touched = head.load_files(&changed)?;
    let ids: Vec<Option<String>> = files
        .iter()
        .map(|file| file.after.and_then(|_| person_id(&file.rel)))
        .collect();
    let changes: Vec<ChangedPerson<'_>> = files
        .iter()
        .zip(&ids)
        .map(|(file, id)| ChangedPerson {
            rel: &file.rel,
            head: id.as_deref().map(|id| HeadPerson {
                id,
                placement: touched
                    .people
                    .iter()
                    .find(|entry| entry.file == display_path(head.root(), &file.rel))
                    .map(|entry| &entry.value),
            }),
        })
        .collect();
    let Ok(plan) = facts.plan(&changes) else {
        return Ok(None);
    };
    let read: Vec<(String, git2::Oid)> = plan
        .read
        .iter()
        .filter_map(|rel| head.blob(rel).map(|blob| (rel.clone(), blob)))
        .collect();
    let mut snapshot = head.load_files(&read)?;
    facts.prepare(&plan, &mut snapshot);
    Ok(facts
        .verdict(&plan, &snapshot)
        .ok()
        .map(|findings| (findings, plan, snapshot)))
}

/// The facts kept for an earlier tree of the folder, brought to `base`: the placements changed
/// since are checked as a pull request's are, against those facts. `None` where that cannot be
/// done in part (more than [`CARRIED_FILES`] files, or anything but placements, changed), or
/// the earlier tree is not in the repository.
pub fn carried_facts(base: &RevisionTree<'_>, folder: &Path) -> Option<Facts> {
    let dir = base.root();
    let (before, facts) = KEPT.read::<Facts>(&facts_path(folder, dir), dir, None)?;
    let files = crate::snapshot::changed_since(base, before).ok()?;
    if files.len() > CARRIED_FILES || !people_only(&files) {
        return None;
    }
    let (findings, plan, snapshot) = in_part(base, &files, &facts).ok()??;
    Some(facts.carried(plan, &snapshot, &findings))
}

/// Past this many changed files, planning the change costs more than reading the tree.
const CARRIED_FILES: usize = 500;

/// [`check_head`], with the text of each file a finding points at added to `shown`, the head
/// the review shows.
pub fn check_quoted(
    repo: &git2::Repository,
    head: &RevisionTree<'_>,
    files: &[ChangedFile],
    kept: &Kept<'_, '_>,
    shown: &mut Snapshot,
) -> Result<Vec<Finding>, LoadError> {
    let (findings, read) = check_against(head, files, kept)?;
    quote_findings(repo, head, shown, &read, &findings);
    Ok(findings)
}

/// Adds to `snapshot` the text of every file a finding points at that it did not read.
fn quote_findings(
    repo: &git2::Repository,
    head: &RevisionTree<'_>,
    snapshot: &mut Snapshot,
    read: &Snapshot,
    findings: &[Finding],
) {
    let prefix = format!("{}/", head.root().trim_end_matches('/'));
    for finding in findings {
        let Some(location) = &finding.location else {
            continue;
        };
        if snapshot.source(&location.file).is_some() {
            continue;
        }
        let text = match read.source(&location.file) {
            Some(text) => Some(Arc::from(text)),
            None => {
                let rel = location
                    .file
                    .strip_prefix(&prefix)
                    .unwrap_or(&location.file);
                head.blob(rel)
                    .and_then(|blob| read_blob_text(repo, blob))
                    .map(Arc::from)
            }
        };
        if let Some(text) = text {
            snapshot.add_source(location.file.clone(), text);
        }
    }
}
