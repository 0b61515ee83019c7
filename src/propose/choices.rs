//! What a teammate's change may be, read from the tree as it stands: the next step and the next
//! level, the other steps of their level and the levels of their team's range within the
//! policy's jumps, the tracks and teams that hold their grade, the teammates who may lead them
//! without a loop, the roles they may enter, and leaving. `ladder propose` asks from these in a
//! terminal, so a lead picks only changes the check and the limits accept. It offers and must not
//! judge: the proposal built from a choice is judged as any other.

use super::request::{Change, Move, StepArg};
use crate::framework::{Framework, Team, Track};
use crate::snapshot::{Position, Snapshot};

/// Every change on offer for one teammate, by kind, in the order a menu shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choices {
    pub id: String,
    pub name: String,
    pub position: Position,
    /// The next level within the team's range, as `compare` names it (`maker/4`).
    pub next_level: Option<String>,
    pub kinds: Vec<Kind>,
}

/// One kind of change and its values; a kind with one value needs nothing more picked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kind {
    /// What the menu says: "Next step: level 3 step 3", "Team".
    pub words: String,
    pub options: Vec<Choice>,
}

/// One value of a kind: what the menu shows, and the request it makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub words: String,
    pub change: Change,
}

fn step(number: u32) -> Change {
    Change::Move(Move {
        step: Some(StepArg::Number(number)),
        ..Move::default()
    })
}

/// A level as the menu shows it: "IC5, Senior Engineer II", "level 3, Engineer".
fn level_words(team: Option<&Team>, track: &Track, level: u32, role: Option<&str>) -> String {
    let label = track.label(level);
    match team.and_then(|team| team.title(track, level, role)) {
        // Some titles carry the level already: "Software Engineer, IC4".
        Some(title) if title.contains(&label) => title.to_string(),
        Some(title) => format!("{label}, {title}"),
        None => label,
    }
}

/// A level as a request writes it: its id when it has one, else its number.
fn level_arg(track: &Track, level: u32) -> String {
    track
        .level(level)
        .and_then(|level| level.id.as_ref())
        .map_or_else(|| level.to_string(), |id| id.value.clone())
}

/// What may change for the teammate `id`; `None` when they are not on the tree or their
/// position does not resolve (the check says why).
pub fn choices(snapshot: &Snapshot, id: &str) -> Option<Choices> {
    let framework = &snapshot.framework.as_ref()?.value;
    let entry = snapshot.person(id)?;
    let placement = &entry.value;
    let position = Position::of(snapshot, placement);
    let track = framework.track(&placement.track)?;
    let current = position.level;
    track.level(current)?;
    let team = snapshot.team(&placement.team).map(|team| &team.value);
    let held_roles: Vec<&str> = placement
        .role_ids()
        .into_iter()
        .map(|role| role.value.as_str())
        .collect();
    // A `roles:` list is edited in the file: propose moves one `role:` at a time.
    let listed = placement.roles.is_some();
    let role = match held_roles.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    // The role whose titles the levels read with.
    let titled = team.and_then(|team| team.title_role(&held_roles));
    let policy = &framework.policy;
    let (from, to) = team.map_or((track.first(), track.last()), |team| team.range(track));
    let mut kinds: Vec<Kind> = Vec::new();

    // Steps of the level, within the policy's step jump.
    let steps = framework.steps_of(track);
    if steps.count() > 0 && position.step > 0 {
        let at = |number: u32| format!("{} step {}", track.label(current), steps.label(number));
        let next = position.step + 1;
        if next <= steps.count() {
            kinds.push(Kind {
                words: format!("Next step: {}", at(next)),
                options: vec![Choice {
                    words: at(next),
                    change: step(next),
                }],
            });
        }
        let others: Vec<Choice> = (1..=steps.count())
            .filter(|number| *number != position.step && *number != next)
            .filter(|number| number.abs_diff(position.step) <= *policy.max_step_jump)
            .map(|number| Choice {
                words: at(number),
                change: step(number),
            })
            .collect();
        if !others.is_empty() {
            kinds.push(Kind {
                words: format!("Another step of {}", track.label(current)),
                options: others,
            });
        }
    }

    // Levels of the team's range on the track (and of every role's held), within the policy's
    // level jump.
    let held: Vec<(u32, u32)> = held_roles
        .iter()
        .filter_map(|role| team?.role(role))
        .filter_map(|role| role.levels.value.resolve(track))
        .collect();
    let levels: Vec<u32> = track
        .levels
        .iter()
        .map(|level| *level.level)
        .filter(|number| (from..=to).contains(number) && *number != current)
        .filter(|number| number.abs_diff(current) <= *policy.max_level_jump)
        .filter(|number| {
            held.iter()
                .all(|&(low, high)| (low..=high).contains(number))
        })
        .collect();
    let next_level = levels.iter().copied().find(|number| *number > current);
    let level_choice = |number: u32| Choice {
        words: level_words(team, track, number, titled),
        change: Change::Move(Move {
            level: Some(level_arg(track, number)),
            ..Move::default()
        }),
    };
    if let Some(next) = next_level {
        let choice = level_choice(next);
        kinds.push(Kind {
            words: format!("Next level: {}", choice.words),
            options: vec![choice],
        });
    }
    let others: Vec<Choice> = levels
        .iter()
        .copied()
        .filter(|number| Some(*number) != next_level)
        .map(level_choice)
        .collect();
    if !others.is_empty() {
        kinds.push(Kind {
            words: "Another level".into(),
            options: others,
        });
    }

    // A role is held on one track: leaving it comes first.
    let tracks = if held_roles.is_empty() {
        track_choices(framework, snapshot, &placement.team, team, track, current)
    } else {
        Vec::new()
    };
    if !tracks.is_empty() {
        kinds.push(Kind {
            words: "Track".into(),
            options: tracks,
        });
    }

    // Teams whose range on the track holds the level; with a `roles:` list, teams that have
    // every role in it, as propose leaves the list as it is.
    let teams: Vec<Choice> = snapshot
        .teams
        .iter()
        .filter(|other| other.id != placement.team.value)
        .filter(|other| {
            !listed
                || held_roles
                    .iter()
                    .all(|role| other.value.role(role).is_some())
        })
        .filter(|other| {
            let (low, high) = other.value.range(track);
            (low..=high).contains(&current)
        })
        .map(|other| Choice {
            words: format!("{} ({})", *other.value.name, other.id),
            change: Change::Move(Move {
                team: Some(other.id.clone()),
                ..Move::default()
            }),
        })
        .collect();
    if !teams.is_empty() {
        kinds.push(Kind {
            words: "Team".into(),
            options: teams,
        });
    }

    let leads = lead_choices(snapshot, id, placement.lead_id().map(|lead| &*lead.value));
    if !leads.is_empty() {
        kinds.push(Kind {
            words: "Lead".into(),
            options: leads,
        });
    }

    // Roles of the team on the track, held at the level and open from it.
    let mut roles: Vec<Choice> = team
        .map(|team| team.roles.as_slice())
        .unwrap_or_default()
        .iter()
        .filter(|own| Some(own.id.value.as_str()) != role)
        .filter(|own| own.track_id(framework) == Some(track.id.value.as_str()))
        .filter(|own| {
            let held = own.levels.value.resolve(track);
            let open = own.entry.as_ref().map(|entry| entry.value.resolve(track));
            held.is_some_and(|(low, high)| (low..=high).contains(&current))
                && open.is_none_or(|open| {
                    open.is_some_and(|(low, high)| (low..=high).contains(&current))
                })
        })
        .map(|own| Choice {
            words: format!("{} ({})", own.name, *own.id),
            change: Change::Move(Move {
                role: Some(Some(own.id.value.clone())),
                ..Move::default()
            }),
        })
        .collect();
    if let Some(held) = role {
        let name = team
            .and_then(|team| team.role(held))
            .map_or_else(|| held.to_string(), |own| own.name.clone());
        roles.push(Choice {
            words: format!("no role (leave {name})"),
            change: Change::Move(Move {
                role: Some(None),
                ..Move::default()
            }),
        });
    }
    if !roles.is_empty() && !listed {
        kinds.push(Kind {
            words: "Role".into(),
            options: roles,
        });
    }

    // Someone who leads others leaves once their reports have a new lead; a case file naming
    // them would name no teammate, which the check refuses.
    let leads_others = snapshot.people.iter().any(|other| {
        other
            .value
            .lead_id()
            .is_some_and(|lead| lead.value == entry.id)
    });
    let in_a_case = snapshot
        .cases
        .iter()
        .any(|case| case.value.person.value == entry.id);
    if !leads_others && !in_a_case {
        kinds.push(Kind {
            words: format!(
                "Leaves {}",
                team.map_or(&*placement.team.value, |team| &team.name)
            ),
            options: vec![Choice {
                words: "leaves".into(),
                change: Change::Leave,
            }],
        });
    }

    // A kind with one value says it, since picking the kind picks the value.
    for kind in &mut kinds {
        if let [only] = kind.options.as_slice()
            && only.change != Change::Leave
            && !kind.words.contains(&only.words)
        {
            kind.words = format!("{}: {}", kind.words, only.words);
        }
    }

    Some(Choices {
        id: entry.id.clone(),
        name: placement.name.value.clone(),
        next_level: next_level.map(|next| format!("{}/{next}", track.id.value)),
        position,
        kinds,
    })
}

/// Other tracks, each at the level a switch lands on (as `--track` alone lands), when that
/// level is in the team's range there.
fn track_choices(
    framework: &Framework,
    snapshot: &Snapshot,
    team_id: &str,
    team: Option<&Team>,
    track: &Track,
    current: u32,
) -> Vec<Choice> {
    framework
        .tracks
        .iter()
        .filter(|other| other.id.value != track.id.value)
        .filter_map(|other| {
            let landing = super::part::track_level(
                framework,
                snapshot,
                team_id,
                Some(other),
                Some(current),
                false,
                &other.id,
            )
            .ok()?;
            let number = *other
                .find(&crate::framework::LevelRef::parse(&landing))?
                .level;
            let (low, high) = team.map_or((other.first(), other.last()), |team| team.range(other));
            (low..=high).contains(&number).then(|| Choice {
                words: format!(
                    "{} ({}), at {}",
                    other.name,
                    other.id.value,
                    level_words(team, other, number, None)
                ),
                change: Change::Move(Move {
                    track: Some(other.id.value.clone()),
                    ..Move::default()
                }),
            })
        })
        .collect()
}

/// Every teammate but the person, their current lead and those who report to them at any
/// depth (a loop), by name.
fn lead_choices(snapshot: &Snapshot, id: &str, current: Option<&str>) -> Vec<Choice> {
    let reports_to_person = |start: &str| {
        let mut at = Some(start.to_string());
        // Bounded by the roster, so a loop already on the tree cannot hang it.
        for _ in 0..=snapshot.people.len() {
            let Some(here) = at else { return false };
            if here == id {
                return true;
            }
            at = snapshot
                .person(&here)
                .and_then(|entry| entry.value.lead_id())
                .map(|lead| lead.value.clone());
        }
        false
    };
    let mut leads: Vec<Choice> = snapshot
        .people
        .iter()
        .filter(|entry| entry.id != id && Some(entry.id.as_str()) != current)
        .filter(|entry| !reports_to_person(&entry.id))
        .map(|entry| Choice {
            words: format!("{} ({})", *entry.value.name, entry.id),
            change: Change::Move(Move {
                lead: Some(entry.id.clone()),
                ..Move::default()
            }),
        })
        .collect();
    leads.sort_by(|a, b| a.words.cmp(&b.words));
    leads
}
