//! Edits to the framework and the team files, in the domain's words: tracks, levels, steps and
//! factors added, removed or renumbered, levels reworded or retimed, the policy's entries changed,
//! and teams added or removed with their directors, ranges, titles and roles. Placements are read
//! only to name the people an edit touches; what changes for a person is `diff`'s own part.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::framework::{Framework, Policy, Typical};
use crate::snapshot::Snapshot;
use crate::words::{Words, word_diff};

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

pub(super) fn diff_framework(
    before: &Framework,
    after: &Framework,
    edits: &mut Vec<FrameworkEdit>,
) {
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
                        .map(|text| {
                            // The required milestone is part of what the level says.
                            let words = text.value.text();
                            match &text.milestone {
                                Some(p) if words.is_empty() => format!("milestone {}", p.value),
                                Some(p) => format!("milestone {}\n{words}", p.value),
                                None => words,
                            }
                        })
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
    for ((name, from), (_, to)) in before.leads.keyed().into_iter().zip(after.leads.keyed()) {
        if from != to {
            changes.push(format!("leads.{name}: {from} → {to}"));
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

pub(super) fn diff_teams(
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
                            && person.value.role_ids().is_empty()
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
                            .role_ids()
                            .iter()
                            .any(|held| held.value == *role.id)
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
