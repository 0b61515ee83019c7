//! Walking first-parent commits into events: the whole line for the history, or only the
//! commits a base branch moved on by since a commit a ledger was kept for.

use super::{CHUNK, Event, Frameworks, Interner, change::commit_events, folder_of};
use crate::diff::ChangeKind;
use crate::snapshot::LoadError;

/// What a walk adds: each commit to the line, the places in it of those that change the
/// folder, and their events, each with its commit's place.
#[derive(Default)]
pub(super) struct Walked {
    pub line: Vec<git2::Oid>,
    pub changing: Vec<usize>,
    pub at: Vec<usize>,
    pub events: Vec<Event>,
}

/// Walks `new` (oldest first), the folder's tree before them being `previous`, reopening the
/// repository every [`CHUNK`] commits so fewer pack windows stay mapped.
#[expect(clippy::too_many_arguments, reason = "the walk's inputs, each its own")]
pub(super) fn walk(
    new: &[git2::Oid],
    mut previous: Option<git2::Oid>,
    dir: &str,
    root: &str,
    reopen: &dyn Fn() -> Result<git2::Repository, LoadError>,
    interner: &mut Interner,
    progress: &mut dyn FnMut(usize, usize),
    walked: &mut Walked,
) -> Result<(), LoadError> {
    // The framework each side of a commit was read with, by its blob: placements that name levels
    // by id or steps by label need it to be read.
    let mut frameworks = Frameworks::default();
    let total = new.len();
    for (chunk_index, chunk) in new.chunks(CHUNK).enumerate() {
        let repo = reopen()?;
        for (offset, id) in chunk.iter().enumerate() {
            let done = chunk_index * CHUNK + offset;
            if done.is_multiple_of(256) {
                progress(done, total);
            }
            let object_error = |source| LoadError::Object {
                rev: id.to_string(),
                path: root.to_string(),
                source,
            };
            let commit = repo.find_commit(*id).map_err(object_error)?;
            let folder = folder_of(&commit, dir).map_err(object_error)?;
            let at = walked.line.len();
            walked.line.push(*id);
            if folder != previous {
                walked.changing.push(at);
                let shapes = [
                    frameworks.at(&repo, previous, root),
                    frameworks.at(&repo, folder, root),
                ];
                let new_events =
                    commit_events(&repo, &commit, root, [previous, folder], shapes, interner)
                        .map_err(object_error)?;
                walked.at.extend(std::iter::repeat_n(at, new_events.len()));
                walked.events.extend(new_events);
            }
            previous = folder;
        }
    }
    progress(total, total);
    Ok(())
}

/// How many commits a base may have moved on by for [`events_since`] to walk them.
const FEW: usize = 2_000;

/// The events of the first-parent commits after `from` up to `rev`, when `from` is on that
/// line within a few thousand commits and none of them renames anyone: events a ledger kept for
/// `from` can take on as they are, since a rename changes the ids of the events before it.
/// `None` otherwise.
pub fn events_since(
    repo: &git2::Repository,
    rev: &str,
    from: git2::Oid,
    dir: &str,
) -> Result<Option<Vec<Event>>, LoadError> {
    let revision_error = |source| LoadError::Revision {
        rev: rev.to_string(),
        source,
    };
    let dir = dir.trim_matches('/');
    let root = super::root_of(dir);
    let head = repo
        .revparse_single(rev)
        .and_then(|object| object.peel_to_commit())
        .map_err(revision_error)?;
    let mut new = Vec::new();
    let mut current = head;
    while current.id() != from {
        if new.len() == FEW {
            return Ok(None);
        }
        new.push(current.id());
        let Ok(parent) = current.parent(0) else {
            return Ok(None);
        };
        current = parent;
    }
    new.reverse();
    let previous = folder_of(&current, dir).map_err(revision_error)?;
    let reopen = || crate::repository::open(repo.path());
    let mut walked = Walked::default();
    walk(
        &new,
        previous,
        dir,
        root,
        &reopen,
        &mut Interner::default(),
        &mut |_, _| {},
        &mut walked,
    )?;
    if walked
        .events
        .iter()
        .any(|event| matches!(event.kind, ChangeKind::Rename { .. }))
    {
        return Ok(None);
    }
    // With no rename after them, each event's teammate is the id it was made with.
    for event in &mut walked.events {
        event.person = std::sync::Arc::clone(&event.id_then);
    }
    Ok(Some(walked.events))
}
