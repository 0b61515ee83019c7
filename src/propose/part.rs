//! One request turned into one teammate's part of a proposal: the teammate, lead, level and step it
//! names found in the tree as it stands; a move made as an edit of their placement in place, read
//! back to be sure it says exactly what was asked; a hire written as a new placement. It makes
//! text only and must not judge it: the check and the policy judge the whole proposal, in
//! `propose`.

use super::edit;
use super::request::{Files, Hire, Move, ProposeError, Request, StepArg, rel, usage};
use crate::finding::did_you_mean;
use crate::framework::{Framework, LevelRef, Scale, StepRef, Steps, Track};
use crate::placement::Placement;
use crate::snapshot::Snapshot;

/// One teammate's part of a proposal: their files after it (`None`: removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub person: String,
    pub name: String,
    /// Paths under the folder, with the new text or `None` for a removed file.
    pub files: Vec<(String, Option<String>)>,
    /// The case file written for it, when the policy asks for one.
    pub case: Option<String>,
    /// A short name for the branch: `level-4`, `step-3`, `team-growth`, `hire`.
    pub slug: String,
    pub reason: Option<String>,
}

/// The teammate named by id, GitHub login or name (case aside), when exactly one fits.
pub fn find_person<'a>(
    snapshot: &'a Snapshot,
    wanted: Option<&str>,
) -> Result<&'a crate::snapshot::Entry<Placement>, ProposeError> {
    let wanted = wanted.ok_or_else(|| usage("name the teammate: `ladder propose PERSON …`"))?;
    if let Some(entry) = snapshot.person(wanted) {
        return Ok(entry);
    }
    let plain = wanted.trim_start_matches('@');
    let matches: Vec<_> = snapshot
        .people
        .iter()
        .filter(|entry| {
            entry.id.eq_ignore_ascii_case(plain)
                || entry.value.name.value.eq_ignore_ascii_case(wanted)
                || entry
                    .value
                    .github
                    .as_ref()
                    .is_some_and(|login| login.value.eq_ignore_ascii_case(plain))
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => {
            let ids = snapshot.people.iter().map(|entry| entry.id.as_str());
            let hint = did_you_mean(wanted, ids)
                .map_or(String::new(), |near| format!(": did you mean `{near}`?"));
            Err(usage(format!(
                "no teammate `{wanted}` in {}{hint}",
                snapshot.root
            )))
        }
        many => Err(usage(format!(
            "`{wanted}` fits {} teammates: {}; name one by id",
            many.len(),
            many.iter()
                .map(|entry| entry.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// A lead named by id, login or name, as an id; as written when nobody fits, so the check
/// says what is wrong with it.
fn lead_id(snapshot: &Snapshot, wanted: &str) -> String {
    find_person(snapshot, Some(wanted))
        .map_or_else(|_| wanted.to_string(), |entry| entry.id.clone())
}

/// A level of a track by number or id, case aside.
fn find_level<'a>(track: &'a Track, text: &str) -> Option<&'a crate::framework::Level> {
    match LevelRef::parse(text.trim()) {
        LevelRef::Number(number) => track.level(number),
        LevelRef::Id(id) => track.levels.iter().find(|level| {
            level
                .id
                .as_ref()
                .is_some_and(|own| own.value.eq_ignore_ascii_case(&id))
        }),
    }
}

/// A level as the file writes it: by id when the file did and the level has one, else by
/// number. A level the track lacks is written as asked, and the check says so.
fn level_text(track: Option<&Track>, asked: &str, by_id: bool) -> (String, Option<u32>) {
    match track.and_then(|track| find_level(track, asked)) {
        Some(level) => {
            let number = *level.level;
            let text = match (&level.id, by_id) {
                (Some(id), true) => id.value.clone(),
                _ => number.to_string(),
            };
            (text, Some(number))
        }
        None => (asked.trim().to_string(), None),
    }
}

/// A step as the file writes it: by label where steps are labelled (unless the file wrote a
/// number), else by number. A relative move from nothing is bad usage.
fn step_text(
    steps: &Steps,
    asked: &StepArg,
    current: Option<u32>,
    by_label: bool,
) -> Result<String, ProposeError> {
    let number = match asked {
        StepArg::Number(number) => *number,
        StepArg::Label(label) => match steps.number(&StepRef::Label(label.clone())) {
            Some(number) => number,
            None => {
                let upper = label.to_ascii_uppercase();
                match steps.number(&StepRef::Label(upper)) {
                    Some(number) => number,
                    None => return Ok(label.clone()),
                }
            }
        },
        StepArg::Relative(by) => {
            let current = current.ok_or_else(|| {
                usage("a step move (+1, -1) needs a current step: this position has none")
            })?;
            let moved = i64::from(current) + by;
            let last = steps.count();
            // Past either end of the level is a level change, not a bigger step.
            if moved > i64::from(last) {
                return Err(usage(if current == last {
                    format!(
                        "step {current} is the last of {last} at this level: moving past it is a level change, so propose `--level` with the next level"
                    )
                } else {
                    format!(
                        "step {current} {by:+} would be step {moved}, past the last of {last} at this level: propose a step up to {last} at most, or `--level` with the next level"
                    )
                }));
            }
            if moved < 1 {
                return Err(usage(if current == 1 {
                    format!(
                        "step {current} is the first at this level: moving below it is a level change, so propose `--level` with the level below"
                    )
                } else {
                    format!(
                        "step {current} {by:+} would be step {moved}, below the first at this level: propose a step down to 1 at most, or `--level` with the level below"
                    )
                }));
            }
            u32::try_from(moved).unwrap_or(0)
        }
    };
    Ok(match steps {
        Steps::Labels(_) if by_label && (1..=steps.count()).contains(&number) => {
            steps.label(number)
        }
        _ => number.to_string(),
    })
}

pub(super) fn move_part(
    snapshot: &Snapshot,
    entry: &crate::snapshot::Entry<Placement>,
    change: &Move,
    reason: Option<String>,
) -> Result<Part, ProposeError> {
    let framework = snapshot
        .framework
        .as_ref()
        .map(|framework| &framework.value)
        .ok_or_else(|| usage(format!("{} has no readable framework.yml", snapshot.root)))?;
    let placement = &entry.value;
    let file = entry.file.clone();
    let text = snapshot
        .source(&file)
        .ok_or_else(|| usage(format!("{file} was not read")))?
        .to_string();
    let mut expected = placement.clone();
    let old_track = framework.track(&placement.track);
    let old_level = placement.level_number(Some(framework));
    let old_steps = old_track.map(|track| framework.steps_of(track));
    let old_step = match (&placement.step, old_steps) {
        (Some(step), Some(steps)) => steps.number(step),
        _ => None,
    };
    let by_id = matches!(placement.level.value, LevelRef::Id(_));
    let by_label = placement
        .step
        .as_ref()
        .is_none_or(|step| matches!(step.value, StepRef::Label(_)));
    let mut slug: Vec<String> = Vec::new();
    let mut edits: Vec<(&str, Option<String>)> = Vec::new();

    let team_id = change
        .team
        .clone()
        .unwrap_or_else(|| placement.team.value.clone());
    if let Some(team) = &change.team {
        edits.push(("team", Some(team.clone())));
        slug.push(format!("team-{team}"));
        // Roles live inside a team: one the new team lacks is left with the old team.
        let roles = placement.role_ids();
        let lacking = |role: &str| {
            snapshot
                .team(team)
                .is_none_or(|team| team.value.role(role).is_none())
        };
        if change.role.is_none() && roles.iter().any(|role| lacking(role)) {
            if placement.roles.is_some() {
                return Err(several_roles(&entry.id, placement));
            }
            edits.push(("role", None));
        }
    }
    let track_id = change
        .track
        .clone()
        .unwrap_or_else(|| placement.track.value.clone());
    let new_track = framework.track(&track_id);
    let switching = change.track.is_some() && track_id != placement.track.value;
    if let Some(track) = &change.track {
        edits.push(("track", Some(track.clone())));
        slug.push(format!("track-{track}"));
    }
    if change.grade_keeping && change.track.is_none() {
        return Err(usage(
            "--grade-keeping goes with --track: it keeps the grade on the new track",
        ));
    }
    // The level on the (new) track.
    let level_asked: Option<String> = match (&change.level, switching) {
        (Some(level), _) => Some(level.clone()),
        (None, true) => Some(track_level(
            framework,
            snapshot,
            &team_id,
            new_track,
            old_level,
            change.grade_keeping,
            &track_id,
        )?),
        (None, false) => None,
    };
    let mut new_level = old_level;
    if let Some(asked) = &level_asked {
        let (written, number) = level_text(new_track, asked, by_id);
        new_level = number;
        if change.level.is_some() {
            slug.push(format!("level-{}", written.to_ascii_lowercase()));
        }
        edits.push(("level", Some(written)));
    }
    // The step: as asked, else the first step of a new level, else kept.
    let new_steps = new_track.map(|track| framework.steps_of(track));
    let has_steps = new_steps.is_some_and(|steps| steps.count() > 0);
    let level_moved = level_asked.is_some() && (new_level != old_level || switching);
    match (&change.step, new_steps) {
        (Some(asked), Some(steps)) => {
            let written = step_text(steps, asked, old_step.filter(|_| !level_moved), by_label)?;
            if change.level.is_none() && change.track.is_none() {
                slug.push(format!("step-{}", written.to_ascii_lowercase()));
            }
            edits.push(("step", Some(written)));
        }
        (Some(asked), None) => {
            let written = match asked {
                StepArg::Number(number) => number.to_string(),
                StepArg::Label(label) => label.clone(),
                StepArg::Relative(_) => {
                    return Err(usage(
                        "a step move (+1, -1) needs a track the framework has",
                    ));
                }
            };
            edits.push(("step", Some(written)));
        }
        (None, Some(steps)) if level_moved || switching => {
            if has_steps {
                let keep = change.grade_keeping.then_some(old_step).flatten();
                let number = keep.filter(|n| *n <= steps.count()).unwrap_or(1);
                let written = step_text(steps, &StepArg::Number(number), None, by_label)?;
                edits.push(("step", Some(written)));
            } else {
                edits.push(("step", None));
            }
        }
        _ => {}
    }
    if let Some(lead) = &change.lead {
        let id = lead_id(snapshot, lead);
        slug.push(format!("lead-{id}"));
        edits.push(("lead", Some(id)));
    }
    if change.role.is_some() && placement.roles.is_some() {
        return Err(several_roles(&entry.id, placement));
    }
    if let Some(role) = &change.role {
        slug.push(
            role.as_ref()
                .map_or("no-role".into(), |role| format!("role-{role}")),
        );
        edits.push(("role", role.clone()));
    }
    if edits.is_empty() {
        return Err(usage(
            "nothing to change: give --level, --step, --track, --team, --lead or --role",
        ));
    }
    let mut text = text;
    for (key, value) in &edits {
        text = apply(&text, key, value.as_deref(), &mut expected, &file)?;
    }
    // The edit is re-read: it must say exactly what was asked and keep everything else.
    let reread: Placement = crate::yaml::parse(&text).map_err(|error| {
        usage(format!(
            "the edit of {file} would not read back: {}",
            error.message
        ))
    })?;
    if reread != expected {
        return Err(usage(format!(
            "the edit of {file} would not read back as asked; edit it by hand"
        )));
    }
    Ok(Part {
        person: entry.id.clone(),
        name: placement.name.value.clone(),
        files: vec![(rel(&snapshot.root, &file), Some(text))],
        case: None,
        slug: slug.join("-"),
        reason,
    })
}

/// The level a track switch lands on without `--level`: on a shared scale the same grade with
/// `--grade-keeping`, else the lowest level of the team's range at or above the current grade;
/// on tracks numbered each on their own, the team's first level there.
#[allow(
    clippy::too_many_arguments,
    reason = "one decision with that many inputs"
)]
pub(super) fn track_level(
    framework: &Framework,
    snapshot: &Snapshot,
    team: &str,
    track: Option<&Track>,
    current: Option<u32>,
    grade_keeping: bool,
    track_id: &str,
) -> Result<String, ProposeError> {
    let Some(track) = track else {
        let known: Vec<&str> = framework
            .tracks
            .iter()
            .map(|t| t.id.value.as_str())
            .collect();
        let hint = did_you_mean(track_id, known.iter().copied())
            .map_or(String::new(), |near| format!(": did you mean `{near}`?"));
        return Err(usage(format!(
            "the framework has no track `{track_id}`{hint} (tracks: {})",
            known.join(", ")
        )));
    };
    let (from, to) = snapshot
        .team(team)
        .map_or((track.first(), track.last()), |team| {
            team.value.range(track)
        });
    let shared = framework.scale == Scale::Shared;
    if grade_keeping {
        if !shared {
            return Err(usage(format!(
                "--grade-keeping needs a shared scale: {} numbers each track's levels on its own; name the level with --level",
                framework.name.value
            )));
        }
        let current = current.unwrap_or(0);
        if track.level(current).is_none() {
            return Err(usage(format!(
                "{} has no level at grade {current} (its levels are {}): name the level with --level",
                track.id.value,
                track.span()
            )));
        }
        return Ok(current.to_string());
    }
    let floor = if shared { current.unwrap_or(0) } else { 0 };
    let level = track
        .levels
        .iter()
        .map(|level| *level.level)
        .find(|number| (from..=to).contains(number) && *number >= floor)
        .or_else(|| track.levels.last().map(|level| *level.level))
        .unwrap_or(from);
    Ok(level.to_string())
}

/// A role change for a placement that lists its roles under `roles:`, which propose does not
/// rewrite: the list is the lead's to edit.
fn several_roles(id: &str, placement: &Placement) -> ProposeError {
    let held: Vec<&str> = placement
        .role_ids()
        .into_iter()
        .map(|role| role.value.as_str())
        .collect();
    let held = if held.is_empty() {
        "empty".to_string()
    } else {
        held.join(", ")
    };
    usage(format!(
        "`{id}` lists their roles under `roles:` ({held}): edit that list in their file, then propose the rest"
    ))
}

/// Applies one key's edit to the text and to the placement it should read back as.
fn apply(
    text: &str,
    key: &str,
    value: Option<&str>,
    expected: &mut Placement,
    file: &str,
) -> Result<String, ProposeError> {
    let current: Placement = crate::yaml::parse(text)
        .map_err(|error| usage(format!("{file} does not read: {}", error.message)))?;
    let span = |spanned: Option<crate::Pos>| spanned;
    let pos = match key {
        "team" => span(Some(current.team.pos)),
        "track" => span(Some(current.track.pos)),
        "level" => span(Some(current.level.pos)),
        "step" => span(current.step.as_ref().map(|s| s.pos)),
        "role" => span(current.role.as_ref().map(|s| s.pos)),
        "lead" => span(current.lead.as_ref().map(|s| s.pos)),
        _ => None,
    };
    let spanned = |value: &str| crate::Spanned::new(value.to_string(), crate::Pos::default());
    match (key, value) {
        ("team", Some(v)) => expected.team = spanned(v),
        ("track", Some(v)) => expected.track = spanned(v),
        ("level", Some(v)) => {
            expected.level = crate::Spanned::new(LevelRef::parse(v), crate::Pos::default());
        }
        ("step", Some(v)) => {
            let step = match v.parse::<u32>() {
                Ok(number) => StepRef::Number(number),
                Err(_) => StepRef::Label(v.to_string()),
            };
            expected.step = Some(crate::Spanned::new(step, crate::Pos::default()));
        }
        ("step", None) => expected.step = None,
        ("role", Some(v)) => expected.role = Some(spanned(v)),
        ("role", None) => expected.role = None,
        ("lead", Some(v)) => expected.lead = Some(spanned(v)),
        _ => {}
    }
    let siblings: &[&str] = match key {
        "step" => &["level"],
        "role" => &["step", "level"],
        "lead" => &["location", "role", "step", "level"],
        _ => &[],
    };
    let edited = match value {
        Some(value) => edit::set(text, key, pos, value, siblings),
        None => Ok(edit::remove(text, key)),
    };
    edited.map_err(|error| usage(format!("{file}: {error}")))
}

pub(super) fn hire_part(
    snapshot: &Snapshot,
    files: &Files,
    request: &Request,
    hire: &Hire,
) -> Result<Part, ProposeError> {
    let framework = snapshot
        .framework
        .as_ref()
        .map(|framework| &framework.value)
        .ok_or_else(|| usage(format!("{} has no readable framework.yml", snapshot.root)))?;
    let id = match hire.id.clone().or_else(|| request.person.clone()) {
        Some(id) => id,
        None => id_from_name(&hire.name).ok_or_else(|| {
            usage(format!(
                "cannot make an id from the name `{}`: give one as PERSON",
                hire.name
            ))
        })?,
    };
    if !crate::snapshot::valid_id(&id) {
        return Err(usage(format!(
            "`{id}` is not an id: letters, digits, `-`, `_` and `.`, e.g. `jane-doe`"
        )));
    }
    if let Some(known) = snapshot.roster.iter().find(|(known, _)| *known == id) {
        return Err(usage(format!(
            "a teammate `{id}` exists already ({}): give the new one another id as PERSON",
            known.1
        )));
    }
    let track = match &hire.track {
        Some(track) => framework.track(track),
        None => framework
            .find(&hire.level)
            .map(|(track, _)| track)
            .or_else(|| framework.tracks.first()),
    };
    let track_id = hire
        .track
        .clone()
        .or_else(|| track.map(|track| track.id.value.clone()))
        .unwrap_or_default();
    let (level, _) = level_text(track, &hire.level, true);
    let steps = track.map(|track| framework.steps_of(track));
    let step = match (steps, &hire.step) {
        (Some(steps), Some(asked)) => Some(step_text(steps, asked, None, true)?),
        (Some(steps), None) if steps.count() > 0 => {
            Some(step_text(steps, &StepArg::Number(1), None, true)?)
        }
        (None, Some(StepArg::Number(number))) => Some(number.to_string()),
        (None, Some(StepArg::Label(label))) => Some(label.clone()),
        _ => None,
    };
    let lead = match &hire.lead {
        Some(lead) => Some(lead_id(snapshot, lead)),
        None => snapshot
            .team(&hire.team)
            .and_then(|team| team.value.director.as_ref())
            .map(|director| director.value.clone()),
    };
    // Beside the team's people when they have a folder of their own, else in people/.
    let folder = format!("people/{}/", hire.team);
    let path = if files.keys().any(|file| file.starts_with(&folder)) {
        format!("{folder}{id}.yml")
    } else {
        format!("people/{id}.yml")
    };
    let schema = files
        .iter()
        .find(|(file, _)| {
            file.starts_with("people/") && file.matches('/').count() == path.matches('/').count()
        })
        .and_then(|(_, text)| text.lines().next())
        .filter(|line| line.starts_with("# yaml-language-server:"));
    let mut text = String::new();
    if let Some(line) = schema {
        text.push_str(line);
        text.push('\n');
    }
    text.push_str(&format!("name: {}\n", edit::scalar(&hire.name)));
    if let Some(login) = &hire.github {
        text.push_str(&format!(
            "github: {}\n",
            edit::scalar(login.trim_start_matches('@'))
        ));
    }
    text.push_str(&format!("team: {}\n", edit::scalar(&hire.team)));
    text.push_str(&format!("track: {}\n", edit::scalar(&track_id)));
    text.push_str(&format!("level: {}\n", edit::scalar(&level)));
    if let Some(step) = step {
        text.push_str(&format!("step: {}\n", edit::scalar(&step)));
    }
    text.push_str(&format!(
        "lead: {}\n",
        lead.as_deref().map_or(String::new(), edit::scalar)
    ));
    Ok(Part {
        person: id,
        name: hire.name.clone(),
        files: vec![(path, Some(text))],
        case: None,
        slug: "hire".into(),
        reason: request.reason.clone(),
    })
}

/// `Jane Doe` → `jane-doe`: ASCII letters and digits, the rest as single dashes.
pub(super) fn id_from_name(name: &str) -> Option<String> {
    let mut id = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') && !id.is_empty() {
            id.push('-');
        }
    }
    let id = id.trim_end_matches('-').to_string();
    (!id.is_empty()).then_some(id)
}
