//! What a change under review reads of two revisions: everything when the framework, a team
//! or the set of teammates changed, otherwise the changed placements, the lead lines above
//! them, and an author outside those lines.

use std::collections::{BTreeSet, HashMap};

use super::head;
use crate::placement::Placement;
use crate::policy::Author;
use crate::snapshot::{
    ChangedFile, LoadError, Position, RevisionTree, Snapshot, changed_files, person_id,
};

fn display(root: &str, rel: &str) -> String {
    if root == "." {
        rel.to_string()
    } else {
        format!("{root}/{rel}")
    }
}

/// Reads what the change needs from two revisions: everything when the framework, a team, or the
/// set of teammates changed; otherwise the changed placements and the lead lines above them.
pub(super) fn load_revisions(
    base: &RevisionTree<'_>,
    head: &RevisionTree<'_>,
    author: Option<&Author>,
    kept: &head::Kept<'_, '_>,
) -> Result<Loaded, LoadError> {
    let files = changed_files(base, head)?;
    let root = head.root().to_string();
    let changed: BTreeSet<String> = files.iter().map(|file| display(&root, &file.rel)).collect();
    let everything = files.iter().any(|file| {
        let person = file.rel.starts_with("people/");
        let case = file.rel.starts_with("cases/");
        !file.regular
            || !(person || case)
            || person && (file.before.is_none() || file.after.is_none())
    });
    let read_all = |changed| -> Result<Loaded, LoadError> {
        Ok((base.load()?, head.load()?, changed, true, Vec::new()))
    };
    if everything {
        return read_all(changed);
    }
    let side = |pick: fn(&ChangedFile) -> Option<git2::Oid>| -> Vec<(String, git2::Oid)> {
        files
            .iter()
            .filter_map(|file| pick(file).map(|id| (file.rel.clone(), id)))
            .collect()
    };
    let mut base_snapshot =
        with_lead_lines(base, side(|file| file.before), Vec::new(), Some(kept))?;
    let mut head_snapshot = with_lead_lines(head, side(|file| file.after), Vec::new(), Some(kept))?;
    let ids: Vec<&str> = head_snapshot
        .people
        .iter()
        .filter(|person| changed.contains(&person.file))
        .map(|person| person.id.as_str())
        .collect();
    // A changed login, or an author outside the lead lines who might report to someone promoted,
    // needs every placement to judge.
    let login = |snapshot: &Snapshot, id: &str| {
        snapshot.person(id).and_then(|person| {
            person
                .value
                .github
                .as_ref()
                .map(|login| login.to_ascii_lowercase())
        })
    };
    let login_changed = ids
        .iter()
        .any(|id| login(&base_snapshot, id) != login(&head_snapshot, id));
    let promotes =
        ids.iter().any(
            |id| match (base_snapshot.person(id), head_snapshot.person(id)) {
                (Some(before), Some(after)) => {
                    let (a, b) = (
                        Position::of(&base_snapshot, &before.value),
                        Position::of(&head_snapshot, &after.value),
                    );
                    a.track != b.track || (b.level, b.step) > (a.level, a.step)
                }
                _ => false,
            },
        );
    // A lead removed makes a second top unless this is the top: only every placement says.
    let lead_removed = ids.iter().any(|id| {
        let lead = |snapshot: &Snapshot| {
            snapshot
                .person(id)
                .is_some_and(|person| person.value.lead_id().is_some())
        };
        lead(&base_snapshot) && !lead(&head_snapshot)
    });
    if login_changed || lead_removed {
        return read_all(changed);
    }
    // An author outside the lead lines might report to someone promoted: find their placement
    // (a search of the files' text, not a parse of every one) and read it with its lead line.
    if promotes
        && let Some(author) = author
        && !base_snapshot
            .people
            .iter()
            .any(|person| author.is(&person.value))
    {
        let needles: Vec<String> = [author.login.as_deref(), author.email.as_deref()]
            .into_iter()
            .flatten()
            .map(|text| text.trim_start_matches('@').to_string())
            .collect();
        // The base's facts know every login and email; without a place to keep them, a search
        // of the files' text is cheaper than building them.
        let found = match kept.get()? {
            Some(facts) => {
                // An email is matched as written, a login without its `@`.
                let names: Vec<String> = needles
                    .iter()
                    .cloned()
                    .chain(author.email.clone())
                    .collect();
                let named = facts.files_naming(&names);
                let found: Vec<(String, git2::Oid)> = named
                    .iter()
                    .filter_map(|rel| base.blob(rel).map(|blob| (rel.to_string(), blob)))
                    .collect();
                // A path the facts show escaped (a control character in a folder's name) is
                // not one the tree knows: the search finds it by its text instead.
                if found.len() == named.len() {
                    found
                } else {
                    base.people_naming(&needles)?
                }
            }
            None => base.people_naming(&needles)?,
        };
        if !found.is_empty() {
            let mut before = side(|file| file.before);
            let mut after = side(|file| file.after);
            for (rel, blob) in found {
                if !before.iter().any(|(known, _)| *known == rel) {
                    before.push((rel.clone(), blob));
                }
                if !after.iter().any(|(known, _)| *known == rel)
                    && let Some(blob) = head.blob(&rel)
                {
                    after.push((rel, blob));
                }
            }
            base_snapshot = with_lead_lines(base, before, Vec::new(), Some(kept))?;
            head_snapshot = with_lead_lines(head, after, Vec::new(), Some(kept))?;
        }
    }
    Ok((base_snapshot, head_snapshot, changed, false, files))
}

/// Both sides, the files changed as users name them, whether everything was read, and the
/// files changed as the trees hold them.
pub(super) type Loaded = (Snapshot, Snapshot, BTreeSet<String>, bool, Vec<ChangedFile>);

/// Reads the given files, the framework, the teams, and the placement of every lead above the
/// teammates among them and of every team's director. The base's facts, when `kept`, say where
/// a placement not at `people/<id>.yml` is; the set of placement files is the same on both
/// sides of a change read in part, so they hold for the head too.
pub(super) fn with_lead_lines(
    tree: &RevisionTree<'_>,
    files: Vec<(String, git2::Oid)>,
    leads: Vec<String>,
    kept: Option<&head::Kept<'_, '_>>,
) -> Result<Snapshot, LoadError> {
    let mut wanted: BTreeSet<String> = BTreeSet::new();
    let mut read: Vec<(String, git2::Oid)> = Vec::new();
    let mut next: Vec<git2::Oid> = Vec::new();
    for (rel, id) in files {
        if let Some(person) = person_id(&rel) {
            wanted.insert(person);
            next.push(id);
        }
        read.push((rel, id));
    }
    let mut missing: Vec<String> = tree
        .read_teams()?
        .into_iter()
        .filter_map(|team| team.director.map(|director| director.value))
        .chain(leads)
        .collect();
    let mut index: Option<HashMap<String, (String, git2::Oid)>> = None;
    loop {
        for id in std::mem::take(&mut next) {
            if let Some(placement) = tree.read_yaml::<Placement>(id)
                && let Some(lead) = placement.lead_id()
            {
                missing.push(lead.value.clone());
            }
        }
        missing.retain(|id| !wanted.contains(id));
        if missing.is_empty() {
            break;
        }
        for id in std::mem::take(&mut missing) {
            if !wanted.insert(id.clone()) {
                continue;
            }
            let guess = format!("people/{id}.yml");
            let facts = match (tree.blob(&guess), kept) {
                (None, Some(kept)) => kept.get()?,
                _ => None,
            };
            let known = facts
                .and_then(|facts| facts.file_of(&id))
                .and_then(|rel| Some((rel.to_string(), tree.blob(rel)?)));
            let found = match tree.blob(&guess) {
                Some(blob) => Some((guess, blob)),
                None if known.is_some() => known,
                None => {
                    if index.is_none() {
                        let all = tree.person_paths()?;
                        index = Some(
                            all.into_iter()
                                .map(|(id, rel, blob)| (id, (rel, blob)))
                                .collect(),
                        );
                    }
                    index.as_ref().and_then(|index| index.get(&id).cloned())
                }
            };
            if let Some((rel, blob)) = found {
                next.push(blob);
                read.push((rel, blob));
            }
        }
    }
    tree.load_files(&read)
}
