//! The events of one change, a commit or the work tree's: the files it touched, read on both
//! sides, turned into a change set and then into events. The walk and `work` both call it, so a
//! change reads the same whether it is committed or not.

use super::*;
use crate::snapshot::CommitFacts;

/// The files one change touched, as read: placements' texts on each side, and the case files
/// it added or changed.
#[derive(Default)]
pub(super) struct Touched {
    files: BTreeSet<String>,
    /// (after, id, file as shown, text): each side of each changed placement.
    pub(super) placements: Vec<(bool, String, String, String)>,
    cases: Vec<Entry<Case>>,
}

impl Touched {
    /// Records one changed file's two sides (`None` where it does not exist or is unreadable).
    pub(super) fn add(
        &mut self,
        root: &str,
        rel: &str,
        before: Option<String>,
        after: Option<String>,
    ) {
        let shown = display_path(root, rel);
        self.files.insert(shown.clone());
        if let Some(id) = person_id(rel) {
            for (text, side) in [(before, false), (after, true)] {
                if let Some(text) = text {
                    self.placements
                        .push((side, id.clone(), shown.clone(), text));
                }
            }
        } else if rel.starts_with("cases/")
            && let Some(value) = after.and_then(|text| parse_text::<Case>(&text))
        {
            self.cases.push(Entry {
                id: rel.to_string(),
                file: shown,
                value,
            });
        }
    }
}

/// One commit as read from the repository: the files it touched and who landed it, with nothing
/// parsed yet, so the reading and the parsing can run on different threads.
pub(super) struct CommitRead {
    touched: Touched,
    landing: Landing,
    landed: jiff::civil::Date,
}

/// Reads one commit: the two sides of the files that differ between its folder and its
/// parent's (`changed`), and its message and signatures. `None` when it touched no placement.
pub(super) fn read_commit(
    objects: &crate::snapshot::Objects<'_>,
    id: git2::Oid,
    commit: CommitFacts,
    root: &str,
    changed: &[ChangedFile],
) -> Result<Option<CommitRead>, git2::Error> {
    let mut touched = Touched::default();
    for file in changed {
        // A blob the object database cannot give back is an error, never a teammate leaving.
        let text_of = |blob: Option<git2::Oid>| -> Result<Option<String>, git2::Error> {
            let Some(blob) = blob else { return Ok(None) };
            objects.text(blob).map_err(|error| {
                git2::Error::from_str(&format!(
                    "cannot read {} at commit {}: {}",
                    display_path(root, &file.rel),
                    id,
                    error.message()
                ))
            })
        };
        let placement = person_id(&file.rel).is_some();
        let before = if placement {
            text_of(file.before)?
        } else {
            None
        };
        let after = if placement || file.rel.starts_with("cases/") {
            text_of(file.after)?
        } else {
            None
        };
        touched.add(root, &file.rel, before, after);
    }
    if touched.placements.is_empty() {
        return Ok(None);
    }
    let CommitFacts {
        message,
        summary,
        author,
        committer,
        ..
    } = commit;
    let trailers: Vec<Trailer> = git2::message_trailers_strs(&message)
        .map(|trailers| {
            trailers
                .iter()
                .map(|(key, value)| Trailer {
                    key: key.to_string(),
                    value: value.to_string(),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(Some(CommitRead {
        touched,
        landing: Landing {
            commit: id.to_string(),
            pull_request: pull_request(&summary),
            summary,
            author: signature(&author),
            committer: signature(&committer),
            trailers,
            uncommitted: false,
        },
        landed: signed::zoned(committer.seconds, committer.offset_minutes).date(),
    }))
}

/// The events of one commit as read: the change set between the two sides of its files.
pub(super) fn commit_events(
    read: CommitRead,
    root: &str,
    shapes: [Option<Entry<Framework>>; 2],
    interner: &mut Interner,
) -> Vec<Event> {
    let CommitRead {
        touched,
        mut landing,
        landed,
    } = read;
    landing.author = interner.signature(landing.author);
    landing.committer = interner.signature(landing.committer);
    let origin = Origin::Revision {
        rev: landing.commit.clone(),
        commit: landing.commit.clone(),
    };
    touched_events(
        touched,
        root,
        origin,
        shapes,
        &Arc::new(landing),
        landed,
        interner,
    )
}

/// The events of one change, landed by `landing` on `landed`: the change set between the two
/// sides of the files it touched.
pub(super) fn touched_events(
    touched: Touched,
    root: &str,
    origin: Origin,
    [base_framework, head_framework]: [Option<Entry<Framework>>; 2],
    landing: &Arc<Landing>,
    landed: jiff::civil::Date,
    interner: &mut Interner,
) -> Vec<Event> {
    let Touched {
        files,
        placements: texts,
        cases,
    } = touched;
    let mut base_people = Vec::new();
    let mut head_people = Vec::new();
    let parse = |(after, id, file, text): &(bool, String, String, String)| {
        // A placement that does not parse at a commit is skipped there; `check` reports it.
        parse_text::<Placement>(text).map(|value| {
            (
                *after,
                Entry {
                    id: id.clone(),
                    file: file.clone(),
                    value,
                },
            )
        })
    };
    // Placements are read in order, then parsed in parallel when a commit brings many (the
    // commit that adds the whole org).
    let parsed: Vec<(bool, Entry<Placement>)> = if texts.len() > 64 {
        use rayon::prelude::*;
        texts.par_iter().filter_map(parse).collect()
    } else {
        texts.iter().filter_map(parse).collect()
    };
    for (after, entry) in parsed {
        if after {
            head_people.push(entry);
        } else {
            base_people.push(entry);
        }
    }
    if base_people.is_empty() && head_people.is_empty() {
        return Vec::new();
    }
    let base = Snapshot::of_changes(
        origin.clone(),
        root,
        base_framework,
        base_people,
        Vec::new(),
    );
    let head = Snapshot::of_changes(origin, root, head_framework, head_people, cases);
    let set = diff_snapshots(&base, &head, &files);
    let mut events = Vec::new();
    for change in set.people {
        let case_file = set
            .cases
            .iter()
            .find(|case| *case.value.person == change.id)
            .map(|case| case.file.clone());
        for kind in &change.kinds {
            let since = change
                .head
                .as_ref()
                .and_then(|placement| placement.since.as_ref())
                .and_then(|since| since.parse::<jiff::civil::Date>().ok());
            let seeded = matches!(kind, ChangeKind::Hire) && since.is_some();
            let date = if seeded {
                since.unwrap_or(landed)
            } else {
                landed
            };
            let mut event = Event::of(&change, kind, date, landing);
            event.seeded = seeded;
            event.case_file = case_file.clone();
            interner.event(&mut event);
            events.push(event);
        }
    }
    events
}
