//! The change set between two snapshots, in the words of the domain: who is hired or leaves, who
//! moves levels or steps (and by how much), tracks, teams or leads, who is renamed, and what an
//! edit to the framework or a team's titles changes. Only the files named as changed are
//! compared, so the cost follows the size of the change. Judging the changes is `policy`'s job.
//!
//! This file holds the change set and people's changes; `framework` holds the edits to the
//! framework and the team files.

mod framework;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::Spanned;
use crate::finding::plural;
use crate::placement::{Case, Placement};
use crate::snapshot::{Entry, Position, Snapshot};

pub use framework::{FrameworkEdit, policy_changes};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
        framework::diff_framework(&before.value, &after.value, &mut set.framework);
    }
    framework::diff_teams(base, head, changed, &mut set.framework);
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

/// Roles left and taken: one change from one role to another where each side holds at most
/// one, as a single role has always read; else one change out of each role left and one into
/// each role taken, so that `[coordinator, tech-lead]` to `[coordinator, manager]` is tech-lead
/// left and manager taken. A new order of the same roles is no move.
fn role_changes(from: &crate::snapshot::Roles, to: &crate::snapshot::Roles) -> Vec<ChangeKind> {
    let left: Vec<&str> = from
        .0
        .iter()
        .filter(|r| !to.0.contains(r))
        .map(|r| &**r)
        .collect();
    let taken: Vec<&str> =
        to.0.iter()
            .filter(|r| !from.0.contains(r))
            .map(|r| &**r)
            .collect();
    if from.0.len() <= 1
        && to.0.len() <= 1
        && let ([left], [taken]) = (left.as_slice(), taken.as_slice())
    {
        return vec![ChangeKind::RoleChange {
            from: Some((*left).to_string()),
            to: Some((*taken).to_string()),
        }];
    }
    left.iter()
        .map(|role| ChangeKind::RoleChange {
            from: Some((*role).to_string()),
            to: None,
        })
        .chain(taken.iter().map(|role| ChangeKind::RoleChange {
            from: None,
            to: Some((*role).to_string()),
        }))
        .collect()
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
            kinds.extend(role_changes(&from.roles, &to.roles));
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
