//! The change set between two snapshots, in the words of the domain: who is hired or leaves, who
//! moves levels or steps (and by how much), tracks, teams or leads, who is renamed, and what an
//! edit to the framework or a team's titles changes. Only the files named as changed are
//! compared, so the cost follows the size of the change. Judging the changes is `policy`'s job.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

use crate::framework::{Framework, Policy};
use crate::placement::{Case, Placement};
use crate::snapshot::{Entry, Snapshot};

/// Where a teammate stands, as a diff shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Position {
    pub team: Arc<str>,
    pub track: Arc<str>,
    pub level: u32,
    pub step: u32,
    pub lead: Option<Arc<str>>,
    /// The team's title for the level, when it gives one.
    pub title: Option<Arc<str>>,
}

impl Position {
    pub fn of(snapshot: &Snapshot, placement: &Placement) -> Position {
        let title = snapshot
            .team(&placement.team)
            .and_then(|team| team.value.title(&placement.track, *placement.level))
            .map(Arc::from);
        Position {
            team: Arc::from(placement.team.value.as_str()),
            track: Arc::from(placement.track.value.as_str()),
            level: *placement.level,
            step: *placement.step,
            lead: placement
                .lead_id()
                .map(|lead| Arc::from(lead.value.as_str())),
            title,
        }
    }

    /// "engineering maker L3 S2", the team and the compact position.
    pub fn with_team(&self) -> String {
        format!("{} {}", self.team, self.short())
    }

    /// "maker L3 S2", the compact form used in tables.
    pub fn short(&self) -> String {
        format!("{} L{} S{}", self.track, self.level, self.step)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ChangeKind {
    Hire,
    Departure,
    LevelUp {
        by: u32,
    },
    LevelDown {
        by: u32,
    },
    StepUp {
        by: u32,
    },
    StepDown {
        by: u32,
    },
    TrackSwitch {
        from: String,
        to: String,
    },
    TeamTransfer {
        from: String,
        to: String,
    },
    LeadChange {
        from: Option<String>,
        to: Option<String>,
    },
    Rename {
        from_id: String,
        from_file: String,
    },
    /// Name, login, email or `since` changed; nothing about the position.
    Details,
}

impl ChangeKind {
    /// The policy key that names this kind's approvers.
    pub fn policy_key(&self) -> Option<&'static str> {
        match self {
            ChangeKind::Hire => Some("hire"),
            ChangeKind::Departure => Some("departure"),
            ChangeKind::LevelUp { .. } | ChangeKind::LevelDown { .. } => Some("level"),
            ChangeKind::StepUp { .. } | ChangeKind::StepDown { .. } => Some("step"),
            ChangeKind::TrackSwitch { .. } => Some("track"),
            ChangeKind::TeamTransfer { .. } => Some("team"),
            ChangeKind::LeadChange { .. } => Some("lead"),
            ChangeKind::Rename { .. } | ChangeKind::Details => None,
        }
    }

    /// Whether this change starts someone's time at a level: joining, moving levels, or
    /// switching track.
    pub fn sets_level(&self) -> bool {
        matches!(
            self,
            ChangeKind::Hire
                | ChangeKind::LevelUp { .. }
                | ChangeKind::LevelDown { .. }
                | ChangeKind::TrackSwitch { .. }
        )
    }

    /// The kind's name, as `--kind` and the JSON report spell it.
    pub fn name(&self) -> &'static str {
        match self {
            ChangeKind::Hire => "hire",
            ChangeKind::Departure => "departure",
            ChangeKind::LevelUp { .. } => "level-up",
            ChangeKind::LevelDown { .. } => "level-down",
            ChangeKind::StepUp { .. } => "step-up",
            ChangeKind::StepDown { .. } => "step-down",
            ChangeKind::TrackSwitch { .. } => "track-switch",
            ChangeKind::TeamTransfer { .. } => "team-transfer",
            ChangeKind::LeadChange { .. } => "lead-change",
            ChangeKind::Rename { .. } => "rename",
            ChangeKind::Details => "details",
        }
    }

    /// The change in a few words: "up 1 level", "moves from support to marketing".
    pub fn describe(&self) -> String {
        let levels = |by: u32| {
            if by == 1 {
                "1 level".to_string()
            } else {
                format!("{by} levels")
            }
        };
        let steps = |by: u32| {
            if by == 1 {
                "1 step".to_string()
            } else {
                format!("{by} steps")
            }
        };
        match self {
            ChangeKind::Hire => "joins".into(),
            ChangeKind::Departure => "leaves".into(),
            ChangeKind::LevelUp { by } => format!("up {}", levels(*by)),
            ChangeKind::LevelDown { by } => format!("down {}", levels(*by)),
            ChangeKind::StepUp { by } => format!("up {}", steps(*by)),
            ChangeKind::StepDown { by } => format!("down {}", steps(*by)),
            ChangeKind::TrackSwitch { from, to } => format!("switches track from {from} to {to}"),
            ChangeKind::TeamTransfer { from, to } => format!("moves from team {from} to {to}"),
            ChangeKind::LeadChange { from, to } => format!(
                "lead {} → {}",
                from.as_deref().unwrap_or("none"),
                to.as_deref().unwrap_or("none")
            ),
            ChangeKind::Rename { from_id, .. } => format!("renamed from {from_id}"),
            ChangeKind::Details => "details edited".into(),
        }
    }
}

/// One teammate's change. `before` is absent for a hire, `after` for a departure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonChange {
    pub id: String,
    pub name: String,
    /// The file in the head, or in the base for a departure.
    pub file: String,
    pub before: Option<Position>,
    pub after: Option<Position>,
    pub kinds: Vec<ChangeKind>,
    #[serde(skip)]
    pub base: Option<Placement>,
    #[serde(skip)]
    pub head: Option<Placement>,
}

impl PersonChange {
    pub fn has(&self, wanted: impl Fn(&ChangeKind) -> bool) -> bool {
        self.kinds.iter().any(wanted)
    }
}

/// A piece of a word-level diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", content = "text", rename_all = "lowercase")]
pub enum Words {
    Same(String),
    Removed(String),
    Added(String),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FrameworkEdit {
    TrackAdded {
        track: String,
    },
    TrackRemoved {
        track: String,
    },
    LevelAdded {
        track: String,
        level: u32,
    },
    LevelRemoved {
        track: String,
        level: u32,
    },
    /// A level (known by its name) now has another number.
    LevelRenumbered {
        track: String,
        name: String,
        from: u32,
        to: u32,
    },
    StepsChanged {
        from: u32,
        to: u32,
    },
    /// A level's words changed: `field` is `summary`, `focus`, `name` or `expectations.<factor>`.
    Reworded {
        track: String,
        level: u32,
        field: String,
        words: Vec<Words>,
    },
    TypicalTimeChanged {
        track: String,
        level: u32,
        from: Option<u32>,
        to: Option<u32>,
    },
    TitleChanged {
        team: String,
        track: String,
        level: u32,
        from: Option<String>,
        to: Option<String>,
        /// Teammates whose title this changes.
        people: Vec<String>,
    },
    PolicyChanged {
        changes: Vec<String>,
    },
    TeamAdded {
        team: String,
    },
    TeamRemoved {
        team: String,
    },
    DirectorChanged {
        team: String,
        from: Option<String>,
        to: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ChangeSet {
    pub people: Vec<PersonChange>,
    pub framework: Vec<FrameworkEdit>,
    /// Case files added or changed, as they stand in the head.
    #[serde(skip)]
    pub cases: Vec<Entry<Case>>,
    /// Files under the ladders folder that changed, as users name them.
    pub files: Vec<String>,
}

impl ChangeSet {
    pub fn is_empty(&self) -> bool {
        self.people.is_empty() && self.framework.is_empty() && self.cases.is_empty()
    }
}

/// Compares two snapshots on the files named in `changed` (paths as users see them).
pub fn diff_snapshots(base: &Snapshot, head: &Snapshot, changed: &BTreeSet<String>) -> ChangeSet {
    let mut set = ChangeSet {
        files: changed.iter().cloned().collect(),
        ..ChangeSet::default()
    };
    diff_people(base, head, changed, &mut set);
    if let (Some(before), Some(after)) = (&base.framework, &head.framework)
        && changed.contains(&after.file)
    {
        diff_framework(&before.value, &after.value, &mut set.framework);
    }
    diff_teams(base, head, changed, &mut set.framework);
    set.cases = head
        .cases
        .iter()
        .filter(|case| changed.contains(&case.file))
        .cloned()
        .collect();
    set
}

fn diff_people(base: &Snapshot, head: &Snapshot, changed: &BTreeSet<String>, set: &mut ChangeSet) {
    let touched = |snapshot: &'_ Snapshot| -> BTreeMap<String, Entry<Placement>> {
        snapshot
            .people
            .iter()
            .filter(|entry| changed.contains(&entry.file))
            .map(|entry| (entry.id.clone(), entry.clone()))
            .collect()
    };
    let mut before = touched(base);
    let mut after = touched(head);
    // A file that moved folders keeps its id; one whose id changed is matched by login, then
    // by name, so a rename is one person and not a departure plus a hire.
    let mut renames: Vec<(Entry<Placement>, Entry<Placement>)> = Vec::new();
    let gone: Vec<String> = before
        .keys()
        .filter(|id| !after.contains_key(*id) && !head.is_teammate(id))
        .cloned()
        .collect();
    for old_id in gone {
        let Some(old) = before.get(&old_id) else {
            continue;
        };
        let login = old
            .value
            .github
            .as_ref()
            .map(|login| login.to_ascii_lowercase());
        let matched = after
            .values()
            .filter(|new| !base.is_teammate(&new.id))
            .find(|new| {
                let same_login = login.is_some()
                    && new.value.github.as_ref().map(|l| l.to_ascii_lowercase()) == login;
                same_login || new.value.name.value == old.value.name.value
            })
            .map(|new| new.id.clone());
        if let Some(new_id) = matched
            && let (Some(old), Some(new)) = (before.remove(&old_id), after.remove(&new_id))
        {
            renames.push((old, new));
        }
    }
    let ids: BTreeSet<String> = before.keys().chain(after.keys()).cloned().collect();
    for id in ids {
        let change = match (before.remove(&id), after.remove(&id)) {
            (Some(old), Some(new)) => person_change(base, head, Some(old), Some(new)),
            (None, Some(new)) if !base.is_teammate(&id) => {
                person_change(base, head, None, Some(new))
            }
            (Some(old), None) if !head.is_teammate(&id) => {
                person_change(base, head, Some(old), None)
            }
            // Parsed on one side only because the other side's file is broken: the head check
            // reports that.
            _ => None,
        };
        set.people.extend(change);
    }
    for (old, new) in renames {
        let from = ChangeKind::Rename {
            from_id: old.id.clone(),
            from_file: old.file.clone(),
        };
        if let Some(mut change) = person_change(base, head, Some(old), Some(new)) {
            change.kinds.insert(0, from);
            set.people.push(change);
        }
    }
    set.people.sort_by(|a, b| a.id.cmp(&b.id));
}

fn person_change(
    base: &Snapshot,
    head: &Snapshot,
    old: Option<Entry<Placement>>,
    new: Option<Entry<Placement>>,
) -> Option<PersonChange> {
    let before = old.as_ref().map(|entry| Position::of(base, &entry.value));
    let after = new.as_ref().map(|entry| Position::of(head, &entry.value));
    let mut kinds = Vec::new();
    match (&before, &after) {
        (None, Some(_)) => kinds.push(ChangeKind::Hire),
        (Some(_), None) => kinds.push(ChangeKind::Departure),
        (Some(from), Some(to)) => {
            if from.track != to.track {
                kinds.push(ChangeKind::TrackSwitch {
                    from: from.track.to_string(),
                    to: to.track.to_string(),
                });
            } else if from.level != to.level {
                kinds.push(if to.level > from.level {
                    ChangeKind::LevelUp {
                        by: to.level - from.level,
                    }
                } else {
                    ChangeKind::LevelDown {
                        by: from.level - to.level,
                    }
                });
            } else if from.step != to.step {
                kinds.push(if to.step > from.step {
                    ChangeKind::StepUp {
                        by: to.step - from.step,
                    }
                } else {
                    ChangeKind::StepDown {
                        by: from.step - to.step,
                    }
                });
            }
            if from.team != to.team {
                kinds.push(ChangeKind::TeamTransfer {
                    from: from.team.to_string(),
                    to: to.team.to_string(),
                });
            }
            if from.lead != to.lead {
                kinds.push(ChangeKind::LeadChange {
                    from: from.lead.as_deref().map(str::to_string),
                    to: to.lead.as_deref().map(str::to_string),
                });
            }
        }
        (None, None) => return None,
    }
    let (old_value, new_value) = (
        old.as_ref().map(|e| &e.value),
        new.as_ref().map(|e| &e.value),
    );
    if kinds.is_empty() && old_value != new_value {
        kinds.push(ChangeKind::Details);
    }
    let moved = matches!((&old, &new), (Some(a), Some(b)) if a.file != b.file);
    if kinds.is_empty() && !moved {
        return None;
    }
    let entry = new.as_ref().or(old.as_ref())?;
    Some(PersonChange {
        id: entry.id.clone(),
        name: entry.value.name.value.clone(),
        file: entry.file.clone(),
        before,
        after,
        kinds,
        base: old.map(|entry| entry.value),
        head: new.map(|entry| entry.value),
    })
}

/// Word-level differences between two texts.
pub fn word_diff(before: &str, after: &str) -> Vec<Words> {
    let diff = TextDiff::configure()
        .timeout(std::time::Duration::from_millis(200))
        .diff_words(before, after);
    let mut words: Vec<Words> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value().to_string();
        let next = match change.tag() {
            ChangeTag::Equal => Words::Same(text),
            ChangeTag::Delete => Words::Removed(text),
            ChangeTag::Insert => Words::Added(text),
        };
        match (words.last_mut(), next) {
            (Some(Words::Same(last)), Words::Same(text))
            | (Some(Words::Removed(last)), Words::Removed(text))
            | (Some(Words::Added(last)), Words::Added(text)) => last.push_str(&text),
            (_, next) => words.push(next),
        }
    }
    words
}

fn diff_framework(before: &Framework, after: &Framework, edits: &mut Vec<FrameworkEdit>) {
    if *before.steps != *after.steps {
        edits.push(FrameworkEdit::StepsChanged {
            from: *before.steps,
            to: *after.steps,
        });
    }
    for track in &before.tracks {
        if after.track(&track.id).is_none() {
            edits.push(FrameworkEdit::TrackRemoved {
                track: track.id.value.clone(),
            });
        }
    }
    for new_track in &after.tracks {
        let id = new_track.id.value.clone();
        let Some(old_track) = before.track(&new_track.id) else {
            edits.push(FrameworkEdit::TrackAdded { track: id });
            continue;
        };
        let renumbered: BTreeMap<&str, (u32, u32)> = old_track
            .levels
            .iter()
            .filter_map(|old| {
                let name = old.name.as_deref()?;
                let new = new_track
                    .levels
                    .iter()
                    .find(|new| new.name.as_deref() == Some(name))?;
                (*new.level != *old.level).then_some((name, (*old.level, *new.level)))
            })
            .collect();
        for (name, (from, to)) in &renumbered {
            edits.push(FrameworkEdit::LevelRenumbered {
                track: id.clone(),
                name: name.to_string(),
                from: *from,
                to: *to,
            });
        }
        let old_count = old_track.levels.len();
        let new_count = new_track.levels.len();
        for level in new_count..old_count {
            edits.push(FrameworkEdit::LevelRemoved {
                track: id.clone(),
                level: u32::try_from(level + 1).unwrap_or(u32::MAX),
            });
        }
        for level in old_count..new_count {
            edits.push(FrameworkEdit::LevelAdded {
                track: id.clone(),
                level: u32::try_from(level + 1).unwrap_or(u32::MAX),
            });
        }
        if !renumbered.is_empty() {
            continue;
        }
        for (old, new) in old_track.levels.iter().zip(&new_track.levels) {
            let level = *new.level;
            let mut fields: Vec<(String, String, String)> = vec![
                (
                    "name".into(),
                    old.name.clone().unwrap_or_default(),
                    new.name.clone().unwrap_or_default(),
                ),
                ("summary".into(), old.summary.clone(), new.summary.clone()),
                (
                    "focus".into(),
                    old.focus.clone().unwrap_or_default(),
                    new.focus.clone().unwrap_or_default(),
                ),
            ];
            let factors: BTreeSet<&String> = old
                .expectations
                .keys()
                .chain(new.expectations.keys())
                .collect();
            for factor in factors {
                let text = |level: &crate::framework::Level| {
                    level
                        .expectations
                        .get(factor)
                        .map(|text| text.value.clone())
                        .unwrap_or_default()
                };
                fields.push((format!("expectations.{factor}"), text(old), text(new)));
            }
            for (field, from, to) in fields {
                if from != to {
                    edits.push(FrameworkEdit::Reworded {
                        track: id.clone(),
                        level,
                        field,
                        words: word_diff(&from, &to),
                    });
                }
            }
            let (from, to) = (
                old.typical_months_to_next.as_ref().map(|months| **months),
                new.typical_months_to_next.as_ref().map(|months| **months),
            );
            if from != to {
                edits.push(FrameworkEdit::TypicalTimeChanged {
                    track: id.clone(),
                    level,
                    from,
                    to,
                });
            }
        }
    }
    let changes = policy_changes(&before.policy, &after.policy);
    if !changes.is_empty() {
        edits.push(FrameworkEdit::PolicyChanged { changes });
    }
}

/// Each difference between two policies, in words.
pub fn policy_changes(before: &Policy, after: &Policy) -> Vec<String> {
    let mut changes = Vec::new();
    let list = |values: &[crate::Spanned<String>]| {
        values
            .iter()
            .map(|value| value.value.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if before.owners != after.owners {
        changes.push(format!(
            "owners: [{}] → [{}]",
            list(&before.owners),
            list(&after.owners)
        ));
    }
    if before.case_file_required != after.case_file_required {
        changes.push(format!(
            "case_file_required: {} → {}",
            before.case_file_required, after.case_file_required
        ));
    }
    for (name, from, to) in [
        (
            "max_level_jump",
            *before.max_level_jump,
            *after.max_level_jump,
        ),
        ("max_step_jump", *before.max_step_jump, *after.max_step_jump),
        (
            "pace.window_months",
            *before.pace.window_months,
            *after.pace.window_months,
        ),
    ] {
        if from != to {
            changes.push(format!("{name}: {from} → {to}"));
        }
    }
    if *before.pace.q != *after.pace.q {
        changes.push(format!("pace.q: {} → {}", *before.pace.q, *after.pace.q));
    }
    if *before.pace.min_exposure_months != *after.pace.min_exposure_months {
        changes.push(format!(
            "pace.min_exposure_months: {} → {}",
            *before.pace.min_exposure_months, *after.pace.min_exposure_months
        ));
    }
    let (a, b) = (&before.approvers, &after.approvers);
    for (key, from, to) in [
        ("hire", &a.hire, &b.hire),
        ("departure", &a.departure, &b.departure),
        ("level", &a.level, &b.level),
        ("step", &a.step, &b.step),
        ("track", &a.track, &b.track),
        ("team", &a.team, &b.team),
        ("lead", &a.lead, &b.lead),
        ("framework", &a.framework, &b.framework),
    ] {
        if from != to {
            changes.push(format!(
                "approvers.{key}: [{}] → [{}]",
                list(from),
                list(to)
            ));
        }
    }
    changes
}

fn diff_teams(
    base: &Snapshot,
    head: &Snapshot,
    changed: &BTreeSet<String>,
    edits: &mut Vec<FrameworkEdit>,
) {
    for old in &base.teams {
        if head.team(&old.id).is_none() {
            edits.push(FrameworkEdit::TeamRemoved {
                team: old.id.clone(),
            });
        }
    }
    let track_levels: Vec<(String, u32)> = head
        .framework
        .iter()
        .flat_map(|framework| framework.value.tracks.iter())
        .flat_map(|track| {
            track
                .levels
                .iter()
                .map(move |level| (track.id.value.clone(), *level.level))
        })
        .collect();
    for new in &head.teams {
        if !changed.contains(&new.file) {
            continue;
        }
        let Some(old) = base.team(&new.id) else {
            edits.push(FrameworkEdit::TeamAdded {
                team: new.id.clone(),
            });
            continue;
        };
        let (from, to) = (
            old.value.director.as_ref().map(|d| d.value.clone()),
            new.value.director.as_ref().map(|d| d.value.clone()),
        );
        if from != to {
            edits.push(FrameworkEdit::DirectorChanged {
                team: new.id.clone(),
                from,
                to,
            });
        }
        for (track, level) in &track_levels {
            let from = old.value.title(track, *level).map(str::to_string);
            let to = new.value.title(track, *level).map(str::to_string);
            if from == to {
                continue;
            }
            let people = head
                .people
                .iter()
                .filter(|person| {
                    *person.value.team == new.id
                        && *person.value.track == *track
                        && *person.value.level == *level
                })
                .map(|person| person.id.clone())
                .collect();
            edits.push(FrameworkEdit::TitleChanged {
                team: new.id.clone(),
                track: track.clone(),
                level: *level,
                from,
                to,
                people,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_diff_marks_only_the_changed_words() {
        let words = word_diff("Leads a small team.", "Leads a large team.");
        assert_eq!(
            words,
            vec![
                Words::Same("Leads a ".into()),
                Words::Removed("small".into()),
                Words::Added("large".into()),
                Words::Same(" team.".into()),
            ]
        );
    }
}
