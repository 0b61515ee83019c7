//! Walking first-parent commits into events: the whole line for the history, or only the
//! commits a base branch moved on by since a commit a ledger was kept for.

use super::change::{CommitRead, commit_events, read_commit};
use super::{CHUNK, Entry, Event, Framework, Frameworks, Interner, folder_of};
use crate::diff::ChangeKind;
use crate::snapshot::{DeltaBases, LastTrees, LoadError, Objects, changed_after, folder_in};

/// What a walk adds to the line before it (`line`, which the walk leaves to its caller to
/// extend with the commits walked, so their ids are not held twice): the places of those that
/// change the folder, and their events, each with its commit's place.
#[derive(Default)]
pub(super) struct Walked {
    pub line: Vec<git2::Oid>,
    pub changing: Vec<usize>,
    pub at: Vec<usize>,
    pub events: Vec<Event>,
}

/// What the reader found in one commit of the line: whether it changes the folder and, when it
/// touches a placement, the frameworks each side was read with and the commit as read.
struct Found {
    changes: bool,
    read: Option<([Option<Entry<Framework>>; 2], CommitRead)>,
}

/// Openings of the objects between openings of the libgit2 handle.
const HANDLE_CHUNKS: usize = 8;

/// Commits handed over at a time, so the two threads wake each other seldom.
const BATCH: usize = 32;

/// Batches the reader may run ahead of the parser by: enough to keep both cores busy, few
/// enough that what waits stays small.
const AHEAD: usize = 8;

/// Walks `new` (oldest first), the folder's tree before them being `previous`, on two cores:
/// this thread reads each commit's folder against its parent's and the files that differ,
/// while the other parses them into events. The reader opens the objects afresh every
/// [`CHUNK`] commits so the pack pages it has read are let go.
#[expect(clippy::too_many_arguments, reason = "the walk's inputs, each its own")]
pub(super) fn walk(
    new: &[git2::Oid],
    previous: Option<git2::Oid>,
    dir: &str,
    root: &str,
    reopen: &(dyn Fn() -> Result<git2::Repository, LoadError> + Sync),
    interner: &mut Interner,
    progress: &mut dyn FnMut(usize, usize),
    walked: &mut Walked,
) -> Result<(), LoadError> {
    let (send, found) = std::sync::mpsc::sync_channel(AHEAD);
    std::thread::scope(|scope| {
        // The reader stays on this thread, which reports the progress; the parser goes to the
        // other and ends at the end of what was sent: all of it, or what came before an error.
        let parsed = scope.spawn(move || parse_commits(found, root, interner, walked));
        let read = read_commits(new, previous, dir, root, reopen, progress, send);
        if let Err(panic) = parsed.join() {
            std::panic::resume_unwind(panic);
        }
        read
    })
}

/// The reader: each commit's folder against its parent's and the files that differ, sent on
/// in order. Stops at the first error, which it returns, or when nobody listens any more.
fn read_commits(
    new: &[git2::Oid],
    mut previous: Option<git2::Oid>,
    dir: &str,
    root: &str,
    reopen: &(dyn Fn() -> Result<git2::Repository, LoadError> + Sync),
    progress: &mut dyn FnMut(usize, usize),
    send: std::sync::mpsc::SyncSender<Vec<Found>>,
) -> Result<(), LoadError> {
    let total = new.len();
    // The framework each side of a commit was read with, by its blob: placements that name levels
    // by id or steps by label need it to be read.
    let mut frameworks = Frameworks::default();
    let mut batch = Vec::with_capacity(BATCH);
    let mut last = LastTrees::default();
    let bases = DeltaBases::default();
    let mut repo = reopen()?;
    for (chunk_index, chunk) in new.chunks(CHUNK).enumerate() {
        // libgit2 reads only what gitoxide cannot, so its handle is opened afresh less often.
        if chunk_index % HANDLE_CHUNKS == HANDLE_CHUNKS - 1 {
            repo = reopen()?;
        }
        let objects = Objects::sharing(&repo, &bases)?;
        for (offset, id) in chunk.iter().enumerate() {
            let done = chunk_index * CHUNK + offset;
            if done.is_multiple_of(256) {
                progress(done, total);
            }
            let object_error = |source| object_error(*id, root, source);
            let commit = objects.commit(*id).map_err(object_error)?;
            let folder = folder_in(&objects, commit.tree, dir).map_err(object_error)?;
            let changes = folder != previous;
            let read = if changes {
                let changed =
                    changed_after(&objects, previous, folder, &mut last).map_err(object_error)?;
                read_commit(&objects, *id, commit, root, &changed)
                    .map_err(object_error)?
                    .map(|read| {
                        let shapes = [
                            frameworks.at(&objects, previous, root),
                            frameworks.at(&objects, folder, root),
                        ];
                        (shapes, read)
                    })
            } else {
                None
            };
            batch.push(Found { changes, read });
            if batch.len() == BATCH && send.send(std::mem::take(&mut batch)).is_err() {
                return Ok(());
            }
            previous = folder;
        }
    }
    if !batch.is_empty() {
        let _ = send.send(batch);
    }
    progress(total, total);
    Ok(())
}

/// The parser: the commits the reader sends, in order, into events.
fn parse_commits(
    found: std::sync::mpsc::Receiver<Vec<Found>>,
    root: &str,
    interner: &mut Interner,
    walked: &mut Walked,
) {
    let mut next = walked.line.len();
    for batch in found {
        for Found { changes, read } in batch {
            let at = next;
            next += 1;
            if !changes {
                continue;
            }
            walked.changing.push(at);
            if let Some((shapes, read)) = read {
                let new_events = commit_events(read, root, shapes, interner);
                walked.at.extend(std::iter::repeat_n(at, new_events.len()));
                walked.events.extend(new_events);
            }
        }
    }
}

/// Commits on the first-parent line read between fresh openings of the objects: reading a
/// long line through one opening keeps every pack page it touched mapped.
const LINE_CHUNK: usize = 8192;

/// The first-parent line from `head` back, newest first, up to the first commit `stop` picks
/// (returned beside the line, not in it) or the root commit. The first stretch is read through
/// `first`, each later one through a handle `reopen` gives.
pub(super) fn first_parent_line(
    first: &git2::Repository,
    reopen: &dyn Fn() -> Result<git2::Repository, LoadError>,
    head: git2::Oid,
    mut stop: impl FnMut(git2::Oid) -> bool,
    read_error: impl Fn(git2::Error) -> LoadError,
) -> Result<(Vec<git2::Oid>, Option<git2::Oid>), LoadError> {
    let mut line = Vec::new();
    let mut current = Some(head);
    let mut opened: Option<git2::Repository> = None;
    loop {
        let repo = opened.as_ref().unwrap_or(first);
        let objects = Objects::of(repo)?;
        // Only libgit2 knows where a shallow clone's line is cut, or what grafts say.
        let grafted = repo.is_shallow() || repo.commondir().join("info/grafts").exists();
        for _ in 0..LINE_CHUNK {
            let Some(id) = current else {
                return Ok((line, None));
            };
            if stop(id) {
                return Ok((line, Some(id)));
            }
            line.push(id);
            current = if grafted {
                repo.find_commit(id).map_err(&read_error)?.parent_id(0).ok()
            } else {
                objects.first_parent(id).map_err(&read_error)?
            };
        }
        drop(objects);
        // The last handle is let go before the next opens.
        drop(opened.take());
        opened = Some(reopen()?);
    }
}

fn object_error(id: git2::Oid, root: &str, source: git2::Error) -> LoadError {
    LoadError::Object {
        rev: id.to_string(),
        path: root.to_string(),
        source,
    }
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
    let path = repo.path().to_path_buf();
    let reopen = || crate::repository::open(&path);
    let mut passed = 0;
    let far = |id| {
        passed += 1;
        id == from || passed > FEW
    };
    // A line that cannot be read back to `from` is left to the whole reading, as a long one is.
    let Ok((mut new, Some(met))) = first_parent_line(repo, &reopen, head.id(), far, revision_error)
    else {
        return Ok(None);
    };
    if met != from {
        return Ok(None);
    }
    new.reverse();
    let previous =
        folder_of(&repo.find_commit(from).map_err(revision_error)?, dir).map_err(revision_error)?;
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
        .any(|event| matches!(*event.kind, ChangeKind::Rename { .. }))
    {
        return Ok(None);
    }
    // With no rename after them, each event's teammate is the id it was made with.
    for event in &mut walked.events {
        event.person = std::sync::Arc::clone(&event.id_then);
    }
    Ok(Some(walked.events))
}
