//! The change set between two snapshots, in the words of the domain: who is hired or leaves, who
//! moves levels or steps (and by how much), tracks, teams or leads, who is renamed, and what an
//! edit to the framework or a team's titles changes. Only the files named as changed are
//! compared, so the cost follows the size of the change. Judging the changes is `policy`'s job.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::Spanned;
use crate::finding::plural;
use crate::framework::{Framework, Policy, Typical};
use crate::placement::{Case, Placement};
use crate::snapshot::{Entry, Position, Snapshot};
use crate::words::{Words, word_diff};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
        /// Grades moved on a shared scale: 0 for a lateral switch; absent when the framework
        /// does not compare tracks.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        grades: Option<i64>,
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
    /// A move between roles inside a team, or into or out of one: a lateral move.
    RoleChange {
        from: Option<String>,
        to: Option<String>,
    },
    /// A factor's milestone changed in the placement's `assessment`.
    Assessment {
        factor: String,
        from: Option<u32>,
        to: Option<u32>,
    },
    /// A field that says who the teammate is: `name`, `github` or `email`. A new login
    /// decides whose approvals count from then on, so it is a change of its own.
    Identity {
        field: String,
        from: Option<String>,
        to: Option<String>,
    },
    /// Where the teammate works, which prices their pay where locations are priced.
    Location {
        from: Option<String>,
        to: Option<String>,
    },
    /// Something else edited (`since`, the file's layout); nothing about the position.
    Details,
}

impl ChangeKind {
    /// The policy key that names this kind's approvers: every kind has one.
    pub fn policy_key(&self) -> &'static str {
        match self {
            ChangeKind::Hire => "hire",
            ChangeKind::Departure => "departure",
            ChangeKind::LevelUp { .. } | ChangeKind::LevelDown { .. } => "level",
            ChangeKind::StepUp { .. } | ChangeKind::StepDown { .. } => "step",
            ChangeKind::TrackSwitch { .. } => "track",
            ChangeKind::TeamTransfer { .. } => "team",
            ChangeKind::LeadChange { .. } => "lead",
            ChangeKind::RoleChange { .. } => "role",
            ChangeKind::Rename { .. } | ChangeKind::Identity { .. } => "identity",
            ChangeKind::Location { .. } => "location",
            ChangeKind::Assessment { .. } => "assessment",
            ChangeKind::Details => "details",
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
            ChangeKind::RoleChange { .. } => "role-change",
            ChangeKind::Assessment { .. } => "assessment",
            ChangeKind::Identity { .. } => "identity",
            ChangeKind::Location { .. } => "location",
            ChangeKind::Details => "details",
        }
    }

    /// The change in a few words: "up 1 level", "moves from support to marketing".
    pub fn describe(&self) -> String {
        let count = |by: u32, noun: &str| plural(usize::try_from(by).unwrap_or(usize::MAX), noun);
        let levels = |by: u32| count(by, "level");
        let steps = |by: u32| count(by, "step");
        match self {
            ChangeKind::Hire => "joins".into(),
            ChangeKind::Departure => "leaves".into(),
            ChangeKind::LevelUp { by } => format!("up {}", levels(*by)),
            ChangeKind::LevelDown { by } => format!("down {}", levels(*by)),
            ChangeKind::StepUp { by } => format!("up {}", steps(*by)),
            ChangeKind::StepDown { by } => format!("down {}", steps(*by)),
            ChangeKind::TrackSwitch { from, to, grades } => {
                let grade = match grades {
                    None => String::new(),
                    Some(0) => ", same grade".to_string(),
                    Some(by) => format!(
                        ", {} {}",
                        if *by > 0 { "up" } else { "down" },
                        count(
                            u32::try_from(by.unsigned_abs()).unwrap_or(u32::MAX),
                            "grade"
                        )
                    ),
                };
                format!("switches track from {from} to {to}{grade}")
            }
            ChangeKind::RoleChange { from, to } => match (from, to) {
                (Some(from), Some(to)) => format!("moves from role {from} to {to}"),
                (None, Some(to)) => format!("takes on role {to}"),
                (Some(from), None) => format!("leaves role {from}"),
                (None, None) => "role unchanged".into(),
            },
            ChangeKind::Assessment { factor, from, to } => format!(
                "{factor} milestone {} → {}",
                from.map_or("none".to_string(), |m| m.to_string()),
                to.map_or("none".to_string(), |m| m.to_string())
            ),
            ChangeKind::TeamTransfer { from, to } => format!("moves from team {from} to {to}"),
            ChangeKind::LeadChange { from, to } => format!(
                "lead {} → {}",
                from.as_deref().unwrap_or("none"),
                to.as_deref().unwrap_or("none")
            ),
            ChangeKind::Rename { from_id, .. } => format!("renamed from {from_id}"),
            ChangeKind::Identity { field, from, to } => {
                let field = match field.as_str() {
                    "github" => "GitHub login",
                    other => other,
                };
                format!(
                    "{field}: {} → {}",
                    from.as_deref().unwrap_or("none"),
                    to.as_deref().unwrap_or("none")
                )
            }
            ChangeKind::Location { from, to } => format!(
                "location: {} → {}",
                from.as_deref().unwrap_or("none"),
                to.as_deref().unwrap_or("none")
            ),
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
    /// What the change does to the teammate's yearly pay, where the head's framework has bands.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pay: Option<crate::framework::pay::PayChange>,
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
    /// The steps of the framework (no `track`) or of one track changed.
    StepsChanged {
        #[serde(skip_serializing_if = "Option::is_none")]
        track: Option<String>,
        from: String,
        to: String,
    },
    FactorAdded {
        factor: String,
    },
    FactorRemoved {
        factor: String,
    },
    /// A factor kept its id and changed its name.
    FactorRenamed {
        factor: String,
        from: String,
        to: String,
    },
    /// A team's range of levels on a track changed; `stranded` are its people now outside it.
    RangeChanged {
        team: String,
        track: String,
        from: String,
        to: String,
        stranded: Vec<String>,
    },
    RoleAdded {
        team: String,
        role: String,
    },
    RoleRemoved {
        team: String,
        role: String,
        /// Teammates who held it.
        people: Vec<String>,
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
        from: Option<Typical>,
        to: Option<Typical>,
        /// The time from one step to the next, rather than to the next level.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        per_step: bool,
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
    /// The pay bands or multipliers changed: what that does to the yearly pay of the people
    /// already placed, at the positions they held before this change.
    PayChanged {
        #[serde(skip_serializing_if = "Option::is_none")]
        from_currency: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        to_currency: Option<String>,
        /// Teammates whose pay the edit changes.
        repriced: usize,
        /// The sum of those changes, when both sides are priced in one currency.
        #[serde(skip_serializing_if = "Option::is_none")]
        yearly: Option<crate::framework::pay::Money>,
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
    /// The yearly cost of the people's changes, where the head's framework has pay bands.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pay: Option<crate::framework::pay::PayTotal>,
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
                    grades: from
                        .grade
                        .zip(to.grade)
                        .map(|(a, b)| i64::from(b) - i64::from(a)),
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
            if from.role != to.role {
                kinds.push(ChangeKind::RoleChange {
                    from: from.role.as_deref().map(str::to_string),
                    to: to.role.as_deref().map(str::to_string),
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
    if let (Some(a), Some(b)) = (old_value, new_value) {
        let factors: BTreeSet<&String> = a.assessment.keys().chain(b.assessment.keys()).collect();
        for factor in factors {
            let (from, to) = (
                a.assessment.get(factor).map(|m| m.value),
                b.assessment.get(factor).map(|m| m.value),
            );
            if from != to {
                kinds.push(ChangeKind::Assessment {
                    factor: factor.clone(),
                    from,
                    to,
                });
            }
        }
    }
    if let (Some(a), Some(b)) = (old_value, new_value) {
        let text = |value: Option<&Spanned<String>>| value.map(|value| value.value.clone());
        for (field, from, to) in [
            (
                "name",
                Some(a.name.value.clone()),
                Some(b.name.value.clone()),
            ),
            ("github", text(a.github.as_ref()), text(b.github.as_ref())),
            ("email", text(a.email.as_ref()), text(b.email.as_ref())),
        ] {
            if from != to {
                kinds.push(ChangeKind::Identity {
                    field: field.to_string(),
                    from,
                    to,
                });
            }
        }
        let (from, to) = (text(a.location.as_ref()), text(b.location.as_ref()));
        if from != to {
            kinds.push(ChangeKind::Location { from, to });
        }
    }
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
        pay: None,
        base: old.map(|entry| entry.value),
        head: new.map(|entry| entry.value),
    })
}

fn diff_framework(before: &Framework, after: &Framework, edits: &mut Vec<FrameworkEdit>) {
    if *before.steps != *after.steps {
        edits.push(FrameworkEdit::StepsChanged {
            track: None,
            from: before.steps.span(),
            to: after.steps.span(),
        });
    }
    for factor in &before.factors {
        match after.factor(&factor.id) {
            None => edits.push(FrameworkEdit::FactorRemoved {
                factor: factor.id.value.clone(),
            }),
            Some(new) if new.name != factor.name => edits.push(FrameworkEdit::FactorRenamed {
                factor: factor.id.value.clone(),
                from: factor.name.clone(),
                to: new.name.clone(),
            }),
            Some(_) => {}
        }
    }
    for factor in &after.factors {
        if before.factor(&factor.id).is_none() {
            edits.push(FrameworkEdit::FactorAdded {
                factor: factor.id.value.clone(),
            });
        }
    }
    for track in &after.tracks {
        if let Some(old) = before.track(&track.id) {
            let (from, to) = (before.steps_of(old), after.steps_of(track));
            if from != to && track.steps.is_some() | old.steps.is_some() {
                edits.push(FrameworkEdit::StepsChanged {
                    track: Some(track.id.value.clone()),
                    from: from.span(),
                    to: to.span(),
                });
            }
        }
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
                (
                    "id".into(),
                    old.id
                        .as_ref()
                        .map(|id| id.value.clone())
                        .unwrap_or_default(),
                    new.id
                        .as_ref()
                        .map(|id| id.value.clone())
                        .unwrap_or_default(),
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
                        .map(|text| text.value.text())
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
            let typical = |level: &crate::framework::Level, per_step: bool| {
                let time = if per_step {
                    &level.typical_months_per_step
                } else {
                    &level.typical_months_to_next
                };
                time.as_ref().map(|months| **months)
            };
            for per_step in [false, true] {
                let (from, to) = (typical(old, per_step), typical(new, per_step));
                if from != to {
                    edits.push(FrameworkEdit::TypicalTimeChanged {
                        track: id.clone(),
                        level,
                        from,
                        to,
                        per_step,
                    });
                }
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
    ] {
        if from != to {
            changes.push(format!("{name}: {from} → {to}"));
        }
    }
    for ((name, from), (_, to)) in before.pace.keyed().into_iter().zip(after.pace.keyed()) {
        if from != to {
            changes.push(format!("pace.{name}: {from} → {to}"));
        }
    }
    for (group, a, b) in [
        ("approvers", &before.approvers, &after.approvers),
        ("notify", &before.notify, &after.notify),
    ] {
        for ((key, from), (_, to)) in a.keyed().into_iter().zip(b.keyed()) {
            if from != to {
                changes.push(format!("{group}.{key}: [{}] → [{}]", list(from), list(to)));
            }
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
    let Some(framework) = head.framework.as_ref().map(|entry| &entry.value) else {
        return;
    };
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
        let members = || {
            head.people
                .iter()
                .filter(|person| *person.value.team == new.id)
        };
        for track in &framework.tracks {
            let (old_range, new_range) = (old.value.range(track), new.value.range(track));
            if old_range != new_range {
                let stranded = members()
                    .filter(|person| *person.value.track == *track.id)
                    .filter(|person| {
                        person
                            .value
                            .level_number(Some(framework))
                            .is_some_and(|level| !(new_range.0..=new_range.1).contains(&level))
                    })
                    .map(|person| person.id.clone())
                    .collect();
                let span = |(from, to): (u32, u32)| track.range_words(from, to);
                edits.push(FrameworkEdit::RangeChanged {
                    team: new.id.clone(),
                    track: track.id.value.clone(),
                    from: span(old_range),
                    to: span(new_range),
                    stranded,
                });
            }
            for level in &track.levels {
                let level = *level.level;
                let from = old.value.title(track, level, None).map(str::to_string);
                let to = new.value.title(track, level, None).map(str::to_string);
                if from == to {
                    continue;
                }
                let people = members()
                    .filter(|person| {
                        *person.value.track == *track.id
                            && person.value.role_id().is_none()
                            && person.value.level_number(Some(framework)) == Some(level)
                    })
                    .map(|person| person.id.clone())
                    .collect();
                edits.push(FrameworkEdit::TitleChanged {
                    team: new.id.clone(),
                    track: track.id.value.clone(),
                    level,
                    from,
                    to,
                    people,
                });
            }
        }
        for role in &old.value.roles {
            if new.value.role(&role.id).is_none() {
                let people = members()
                    .filter(|person| {
                        person
                            .value
                            .role_id()
                            .is_some_and(|held| held.value == *role.id)
                    })
                    .map(|person| person.id.clone())
                    .collect();
                edits.push(FrameworkEdit::RoleRemoved {
                    team: new.id.clone(),
                    role: role.id.value.clone(),
                    people,
                });
            }
        }
        for role in &new.value.roles {
            if old.value.role(&role.id).is_none() {
                edits.push(FrameworkEdit::RoleAdded {
                    team: new.id.clone(),
                    role: role.id.value.clone(),
                });
            }
        }
    }
}
