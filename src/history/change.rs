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
    pub(super) placements: Vec<Side>,
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
            commit: id.into(),
            pull_request: pull_request(&summary).and_then(std::num::NonZeroU64::new),
            summary: summary.into(),
            author: signature(&author),
            committer: signature(&committer),
            trailers: trailers.into(),
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
    let commit = landing.commit.to_string();
    let origin = Origin::Revision {
        rev: commit.clone(),
        commit,
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

/// Placements one change set holds at a time: a commit that adds or moves the whole org is
/// diffed a slice of teammates at a time, so its memory is a slice's and not the org's.
const SLICE: usize = 2048;

/// The events of one change, landed by `landing` on `landed`: the change set between the two
/// sides of the files it touched.
pub(super) fn touched_events(
    touched: Touched,
    root: &str,
    origin: Origin,
    shapes: [Option<Entry<Framework>>; 2],
    landing: &Arc<Landing>,
    landed: jiff::civil::Date,
    interner: &mut Interner,
) -> Vec<Event> {
    let Touched {
        files,
        placements: texts,
        cases,
    } = touched;
    let mut events = Vec::new();
    let slices = slices(texts, SLICE);
    let last = slices.len() - 1;
    // The origin and frameworks are moved into the last slice's snapshots, so a commit of one
    // slice (nearly every commit) copies neither.
    let mut given = Some((origin, shapes));
    for (index, slice) in slices.into_iter().enumerate() {
        let (base_people, head_people) = parse_sides(&slice);
        drop(slice);
        if base_people.is_empty() && head_people.is_empty() {
            continue;
        }
        let taken = if index == last {
            given.take()
        } else {
            given.clone()
        };
        let Some((origin, [base_framework, head_framework])) = taken else {
            break;
        };
        let base = Snapshot::of_changes(
            origin.clone(),
            root,
            base_framework,
            base_people,
            Vec::new(),
        );
        let head = Snapshot::of_changes(origin, root, head_framework, head_people, Vec::new());
        let set = diff_snapshots(&base, &head, &files);
        drop((base, head));
        for change in set.people {
            let case_file = cases
                .iter()
                .find(|case| *case.value.person == change.id)
                .map(|case| Arc::<str>::from(case.file.as_str()));
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
    }
    events
}

/// (after, id, file as shown, text), as `Touched` holds them.
type Side = (bool, String, String, String);

/// The placements' texts cut into slices of whole teammates, in id order, each diffed on its
/// own. Only when no rename can be among them: a rename pairs a teammate gone under one id with
/// one new under another, so when some ids are gone and others new, all stay in one slice.
fn slices(mut texts: Vec<Side>, size: usize) -> Vec<Vec<Side>> {
    if texts.len() <= size {
        return vec![texts];
    }
    let sides = |after: bool| -> BTreeSet<&str> {
        texts
            .iter()
            .filter(|text| text.0 == after)
            .map(|text| text.1.as_str())
            .collect()
    };
    let (before, after) = (sides(false), sides(true));
    if before.difference(&after).next().is_some() && after.difference(&before).next().is_some() {
        return vec![texts];
    }
    // Stable, so a teammate's two sides keep their order.
    texts.sort_by(|a, b| a.1.cmp(&b.1));
    let mut slices = Vec::new();
    let mut slice: Vec<Side> = Vec::new();
    for text in texts {
        if slice.len() >= size && slice.last().is_some_and(|last| last.1 != text.1) {
            slices.push(std::mem::take(&mut slice));
        }
        slice.push(text);
    }
    slices.push(slice);
    slices
}

/// One slice's placements parsed: the base's, then the head's.
fn parse_sides(texts: &[Side]) -> (Vec<Entry<Placement>>, Vec<Entry<Placement>>) {
    let parse = |(after, id, file, text): &Side| {
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
    // Parsed in parallel when a commit brings many (the commit that adds the whole org).
    let parsed: Vec<(bool, Entry<Placement>)> = if texts.len() > 64 {
        use rayon::prelude::*;
        texts.par_iter().filter_map(parse).collect()
    } else {
        texts.iter().filter_map(parse).collect()
    };
    let (head, base): (Vec<_>, Vec<_>) = parsed.into_iter().partition(|(after, _)| *after);
    (
        base.into_iter().map(|(_, entry)| entry).collect(),
        head.into_iter().map(|(_, entry)| entry).collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(after: bool, id: &str) -> Side {
        (
            after,
            id.to_string(),
            format!("people/{id}.yaml"),
            String::new(),
        )
    }

    fn ids(slice: &[Side]) -> Vec<(bool, &str)> {
        slice.iter().map(|s| (s.0, s.1.as_str())).collect()
    }

    #[test]
    fn a_commit_of_many_teammates_is_cut_between_teammates_in_id_order() {
        let texts = vec![
            side(false, "d"),
            side(true, "d"),
            side(true, "a"),
            side(false, "c"),
            side(true, "c"),
            side(true, "b"),
            side(true, "e"),
        ];
        let slices = slices(texts, 2);
        let cut: Vec<Vec<(bool, &str)>> = slices.iter().map(|s| ids(s)).collect();
        assert_eq!(
            cut,
            vec![
                vec![(true, "a"), (true, "b")],
                vec![(false, "c"), (true, "c")],
                vec![(false, "d"), (true, "d")],
                vec![(true, "e")],
            ]
        );
    }

    #[test]
    fn a_commit_that_may_hold_a_rename_stays_whole() {
        // "a" is gone and "z" is new: they may be one teammate renamed.
        let texts = vec![
            side(false, "a"),
            side(true, "z"),
            side(false, "m"),
            side(true, "m"),
        ];
        let slices = slices(texts, 1);
        assert_eq!(slices.len(), 1);
        assert_eq!(
            ids(&slices[0]),
            vec![(false, "a"), (true, "z"), (false, "m"), (true, "m")]
        );
    }
}
