//! Placements: each teammate's file against the framework and their team (track, level, step,
//! role, assessment), their name, login, start date and lead, ids and logins used twice, and lead
//! cycles. It must not judge the framework or a team file: what is wrong there is said once, by
//! that file's own check, and not again on every placement that meets it.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::shared::{resolve_level, unknown_person, unknown_track, valid_login, with_suggestion};
use crate::Spanned;
use crate::finding::Finding;
use crate::framework::{Framework, StepRef, Steps, Team, Track};
use crate::placement::Placement;
use crate::snapshot::{Entry, Snapshot};

/// The placements' findings, lead cycles last.
pub(super) fn check(
    snapshot: &Snapshot,
    framework: Option<&Framework>,
    findings: &mut Vec<Finding>,
) {
    let mut logins: HashMap<String, &Entry<Placement>> = HashMap::new();
    let mut occupied: BTreeMap<(&str, &str, u32, Option<&str>), &Entry<Placement>> =
        BTreeMap::new();
    for pair in snapshot.roster.windows(2) {
        let [(first_id, first_file), (id, file)] = pair else {
            continue;
        };
        if first_id == id && (snapshot.was_read(file) || snapshot.was_read(first_file)) {
            findings.push(
                Finding::error(
                    "duplicate-id",
                    format!("teammate id `{id}` is used twice: also {first_file}"),
                )
                .at(file, crate::Pos::TOP)
                .help("a teammate's id is their file's name; rename one of the files"),
            );
        }
    }
    for entry in &snapshot.people {
        let file = entry.file.as_str();
        let person = &entry.value;
        if person.name.trim().is_empty() {
            findings.push(
                Finding::error(
                    "empty-name",
                    "`name` is empty: expected the teammate's name",
                )
                .at(file, person.name.pos),
            );
        }
        if let Some(login) = &person.github {
            if !valid_login(login) {
                findings.push(
                    Finding::error(
                        "bad-login",
                        format!(
                            "`{}` is not a GitHub login: expected letters, digits and hyphens",
                            **login
                        ),
                    )
                    .at(file, login.pos),
                );
            } else if let Some(first) = logins.get(&login.to_ascii_lowercase()) {
                findings.push(
                    Finding::error(
                        "duplicate-login",
                        format!(
                            "GitHub login `{}` is also {}'s ({})",
                            **login, first.id, first.file
                        ),
                    )
                    .at(file, login.pos)
                    .help("a login maps to one teammate, so reviews and authors resolve"),
                );
            } else {
                logins.insert(login.to_ascii_lowercase(), entry);
            }
        }
        if let Some(since) = &person.since
            && since.parse::<jiff::civil::Date>().is_err()
        {
            findings.push(
                Finding::error(
                    "bad-date",
                    format!("`since: {}` is not a date: expected YYYY-MM-DD", **since),
                )
                .at(file, since.pos),
            );
        }
        if let Some(lead) = person.lead_id() {
            if lead.value == entry.id {
                findings.push(
                    Finding::error(
                        "self-lead",
                        format!("`{}` is their own lead: expected someone else, or nothing for the top of the tree", entry.id),
                    )
                    .at(file, lead.pos),
                );
            } else {
                unknown_person(snapshot, lead, "lead", file, findings);
            }
        }
        // A team file that is there but does not parse has its own error; saying the team does
        // not exist on every placement in it would send the reader looking for a missing file.
        let unparsed = ["yml", "yaml"].iter().any(|extension| {
            let team_file = format!("{}/teams/{}.{extension}", snapshot.root, *person.team);
            snapshot.source(&team_file).is_some()
        });
        if snapshot.team(&person.team).is_none() && !unparsed {
            let finding = Finding::error(
                "unknown-team",
                format!(
                    "team `{}` does not exist: expected a file teams/{}.yml",
                    *person.team, *person.team
                ),
            )
            .at(file, person.team.pos);
            findings.push(with_suggestion(
                finding,
                &person.team,
                snapshot.teams.iter().map(|team| team.id.as_str()),
            ));
        }
        if let (Some(role), Some(roles)) = (&person.role, &person.roles) {
            findings.push(
                Finding::error(
                    "role-and-roles",
                    format!("both `role: {}` and `roles:`: expected one of them", **role),
                )
                .at(file, roles.pos)
                .help("write every role under `roles: [...]`, or one under `role:`"),
            );
        }
        if let Some(framework) = framework
            && let Some(level) = check_position(snapshot, framework, entry, findings)
        {
            let roles: Vec<&str> = person
                .role_ids()
                .into_iter()
                .map(|role| role.value.as_str())
                .collect();
            let role = snapshot
                .team(&person.team)
                .and_then(|team| team.value.title_role(&roles));
            occupied
                .entry((person.team.as_str(), person.track.as_str(), level, role))
                .or_insert(entry);
        }
    }
    for ((team_id, track_id, level, role), entry) in occupied {
        let (Some(team), Some(track)) = (
            snapshot.team(team_id),
            framework.and_then(|framework| framework.track(track_id)),
        ) else {
            continue;
        };
        // Titles are optional: a team that gives none on a track is not missing one.
        let titled = team.value.titles.contains_key(track_id)
            || track.has_titles()
            || role
                .and_then(|role| team.value.role(role))
                .is_some_and(|role| !role.titles.is_empty());
        if titled && team.value.title(track, level, role).is_none() {
            let (what, place) = match role.and_then(|role| team.value.role(role)) {
                Some(role) if !role.titles.is_empty() => (
                    format!("role `{}`", *role.id),
                    format!("the role's `titles` in {}", team.file),
                ),
                _ => (
                    format!("{track_id} level {level}"),
                    format!("`titles.{track_id}` in {}", team.file),
                ),
            };
            findings.push(
                Finding::warning(
                    "missing-title",
                    format!(
                        "team `{team_id}` has no title for {what}, which {} holds",
                        entry.id
                    ),
                )
                .at(&entry.file, entry.value.level.pos)
                .help(format!("add it under {place}")),
            );
        }
    }
    check_lead_cycles(snapshot, findings);
    if snapshot.complete {
        check_top(snapshot, framework, findings);
    }
}

/// A tree has one top, the one teammate without a lead. Which of several is the top: the
/// highest grade on a shared scale, else a team's director, else whoever has the most people
/// under them. Every other teammate without a lead is an error: a lead deleted or emptied by
/// mistake. On a shared scale the top also holds the highest grade present.
fn check_top(snapshot: &Snapshot, framework: Option<&Framework>, findings: &mut Vec<Finding>) {
    let tops: Vec<&Entry<Placement>> = snapshot
        .people
        .iter()
        .filter(|entry| entry.value.lead_id().is_none())
        .collect();
    let grade = |entry: &Entry<Placement>| {
        framework.and_then(|framework| framework.grade(entry.value.level_number(Some(framework))?))
    };
    let directors: HashSet<&str> = snapshot
        .teams
        .iter()
        .filter_map(|team| team.value.director.as_ref().map(|id| id.value.as_str()))
        .collect();
    let mut reports: HashMap<&str, Vec<&str>> = HashMap::new();
    for entry in &snapshot.people {
        if let Some(lead) = entry.value.lead_id() {
            reports
                .entry(lead.value.as_str())
                .or_default()
                .push(&entry.id);
        }
    }
    let under = |id: &str| {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut next: Vec<&str> = reports.get(id).cloned().unwrap_or_default();
        while let Some(report) = next.pop() {
            if seen.insert(report) {
                next.extend(reports.get(report).into_iter().flatten());
            }
        }
        seen.len()
    };
    let Some(top) = tops.iter().copied().max_by(|a, b| {
        (grade(a), directors.contains(a.id.as_str()), under(&a.id))
            .cmp(&(grade(b), directors.contains(b.id.as_str()), under(&b.id)))
            .then_with(|| b.id.cmp(&a.id))
    }) else {
        return;
    };
    for entry in tops.iter().filter(|entry| entry.id != top.id) {
        let named = format!("`{}` ({})", top.id, *top.value.name);
        // `lead:` with nothing after it reads as no value at all: the line says which it was.
        let written = entry.value.lead.as_ref().map(|lead| lead.pos).or_else(|| {
            let text = snapshot.source(&entry.file)?;
            let mut offset = 0;
            for (index, line) in text.split_inclusive('\n').enumerate() {
                if line.starts_with("lead:") {
                    return Some(crate::Pos {
                        line: u32::try_from(index + 1).unwrap_or(u32::MAX),
                        column: 1,
                        offset: u32::try_from(offset).unwrap_or(u32::MAX),
                        len: 5,
                    });
                }
                offset += line.len();
            }
            None
        });
        let (message, pos) = match written {
            Some(pos) => (
                format!(
                    "`lead:` is empty, but only the top of the tree has no lead, and that is {named}"
                ),
                pos,
            ),
            None => (
                format!("no `lead:`: only the top of the tree has none, and that is {named}"),
                crate::Pos::TOP,
            ),
        };
        findings.push(
            Finding::error("no-lead", message)
                .at(&entry.file, pos)
                .help(format!(
                    "write {}'s lead as `lead: <teammate id>`; if {} is the new top, give `{}` a lead",
                    entry.id, entry.id, top.id
                )),
        );
    }
    let Some(top_grade) = grade(top) else {
        return;
    };
    let above = snapshot
        .people
        .iter()
        .filter_map(|entry| Some((grade(entry)?, entry)))
        .filter(|(level, _)| *level > top_grade)
        .max_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.id.cmp(&a.1.id)));
    if let Some((level, entry)) = above {
        findings.push(
            Finding::warning(
                "top-outranked",
                format!(
                    "`{}`, the top of the tree, is at level {top_grade}, below `{}` at level {level}: the top is expected to hold the highest level present",
                    top.id, entry.id
                ),
            )
            .at(&top.file, top.value.level.pos)
            .help(format!(
                "if `{}` is the top, leave their `lead:` empty and give `{}` a lead",
                entry.id, top.id
            )),
        );
    }
}

/// Checks track, level, step, role and assessment; the level's number when the position exists
/// in the framework.
fn check_position(
    snapshot: &Snapshot,
    framework: &Framework,
    entry: &Entry<Placement>,
    findings: &mut Vec<Finding>,
) -> Option<u32> {
    let file = entry.file.as_str();
    let person = &entry.value;
    let Some(track) = framework.track(&person.track) else {
        findings.push(unknown_track(framework, &person.track, file));
        return None;
    };
    check_assessment(framework, person, file, findings);
    let level = resolve_level(track, &person.level, file, findings)?;
    let team = snapshot.team(&person.team).map(|team| &team.value);
    check_against_level(framework, track, level, team, entry, findings);
    if let Some(team) = team
        && team.levels.contains_key(&*track.id)
    {
        let (from, to) = team.range(track);
        if !(from..=to).contains(&level) {
            findings.push(
                Finding::error(
                    "outside-team-range",
                    format!(
                        "{} is outside team `{}`'s range on track `{}`: the team uses {}",
                        track.label(level),
                        *person.team,
                        *track.id,
                        track.range_words(from, to)
                    ),
                )
                .at(file, person.level.pos)
                .help("widen the team's `levels` range, or move the teammate to a team that has this level"),
            );
            return None;
        }
    }
    check_step(framework, track, person, file, findings);
    let mut held: Vec<&str> = Vec::new();
    let mut fine = true;
    // With both `role:` and `roles:`, role-and-roles already says what is wrong.
    let both = person.role.is_some() && person.roles.is_some();
    for role in person.role_ids() {
        if held.contains(&role.value.as_str()) {
            if both {
                continue;
            }
            findings.push(
                Finding::error(
                    "duplicate-role",
                    format!(
                        "role `{}` is listed again in `roles:`: expected each role once",
                        **role
                    ),
                )
                .at(file, role.pos),
            );
            continue;
        }
        held.push(&role.value);
        if let Some(team) = team {
            fine &= check_role(framework, track, team, person, role, level, file, findings);
        }
    }
    fine.then_some(level)
}

fn check_step(
    framework: &Framework,
    track: &Track,
    person: &Placement,
    file: &str,
    findings: &mut Vec<Finding>,
) {
    let steps = framework.steps_of(track);
    let Some(step) = &person.step else {
        if steps.count() > 0 {
            findings.push(
                Finding::error(
                    "missing-step",
                    format!(
                        "no `step:`: levels on track `{}` have steps {}",
                        *track.id,
                        steps.span()
                    ),
                )
                .at(file, person.level.pos)
                .help("someone new to a level starts at the first step"),
            );
        }
        return;
    };
    match (steps, &step.value) {
        // The framework's own error says it; every placement would repeat it.
        (Steps::Count(0), _) => {}
        (Steps::Labels(labels), _) if labels.is_empty() => {}
        (Steps::None, _) => findings.push(
            Finding::error(
                "no-steps",
                format!(
                    "`step: {}` on track `{}`, which has no steps: expected no `step:`",
                    **step, *track.id
                ),
            )
            .at(file, step.pos)
            .help("remove the `step:` line"),
        ),
        (_, StepRef::Number(0)) => findings.push(
            Finding::error(
                "step-zero",
                format!("step 0 is not a step: steps are numbered {}", steps.span()),
            )
            .at(file, step.pos)
            .help("someone new to a level starts at step 1"),
        ),
        (_, StepRef::Number(number)) if *number > steps.count() => findings.push(
            Finding::error(
                "unknown-step",
                format!(
                    "step {number} is outside the level: steps are numbered {}",
                    steps.span()
                ),
            )
            .at(file, step.pos),
        ),
        (Steps::Labels(labels), StepRef::Label(label)) if !labels.contains(label) => {
            let finding = Finding::error(
                "unknown-step",
                format!(
                    "step `{label}` is not a step of track `{}`: steps are {}",
                    *track.id,
                    steps.span()
                ),
            )
            .at(file, step.pos);
            findings.push(with_suggestion(
                finding,
                label,
                labels.iter().map(String::as_str),
            ));
        }
        (Steps::Count(count), StepRef::Label(label)) => findings.push(
            Finding::error(
                "unknown-step",
                format!(
                    "step `{label}` is not a step: steps on track `{}` are numbered 1 to {count}",
                    *track.id
                ),
            )
            .at(file, step.pos),
        ),
        _ => {}
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "one placement's role, seen from every side"
)]
fn check_role(
    framework: &Framework,
    track: &Track,
    team: &Team,
    person: &Placement,
    role_id: &Spanned<String>,
    level: u32,
    file: &str,
    findings: &mut Vec<Finding>,
) -> bool {
    let Some(role) = team.role(role_id) else {
        let finding = Finding::error(
            "unknown-role",
            format!(
                "role `{}` is not a role of team `{}`",
                **role_id, *person.team
            ),
        )
        .at(file, role_id.pos);
        let finding = with_suggestion(
            finding,
            role_id,
            team.roles.iter().map(|role| role.id.value.as_str()),
        );
        findings.push(if team.roles.is_empty() {
            finding.help(format!("team `{}` defines no roles", *person.team))
        } else {
            finding
        });
        return false;
    };
    if role.track_id(framework) != Some(track.id.value.as_str()) {
        findings.push(
            Finding::error(
                "role-track",
                format!(
                    "role `{}` is on track `{}`, not `{}`",
                    *role.id,
                    role.track_id(framework).unwrap_or("none"),
                    *track.id
                ),
            )
            .at(file, role_id.pos),
        );
        return false;
    }
    if let Some((from, to)) = role.levels.value.resolve(track)
        && !(from..=to).contains(&level)
    {
        findings.push(
            Finding::error(
                "outside-role-range",
                format!(
                    "role `{}` is held at {}, not at {}",
                    *role.id,
                    track.range_words(from, to),
                    track.label(level)
                ),
            )
            .at(file, person.level.pos),
        );
        return false;
    }
    true
}

fn check_assessment(
    framework: &Framework,
    person: &Placement,
    file: &str,
    findings: &mut Vec<Finding>,
) {
    for (factor_id, milestone) in &person.assessment {
        let Some(factor) = framework.factor(factor_id) else {
            let finding = Finding::error(
                "unknown-factor",
                format!("assessment of unknown factor `{factor_id}`"),
            )
            .at(file, milestone.pos);
            findings.push(with_suggestion(
                finding,
                factor_id,
                framework
                    .factors
                    .iter()
                    .filter(|f| !f.milestones.is_empty())
                    .map(|f| f.id.value.as_str()),
            ));
            continue;
        };
        let count = u32::try_from(factor.milestones.len()).unwrap_or(u32::MAX);
        if count == 0 {
            findings.push(
                Finding::error(
                    "no-milestones",
                    format!("factor `{factor_id}` defines no milestones, so it cannot be assessed"),
                )
                .at(file, milestone.pos)
                .help("give the factor `milestones:` in the framework, or remove this line"),
            );
        } else if milestone.value > count {
            findings.push(
                Finding::error(
                    "unknown-milestone",
                    format!(
                        "milestone {} of `{factor_id}` does not exist: expected 0 (not yet) to {count}",
                        **milestone
                    ),
                )
                .at(file, milestone.pos),
            );
        }
    }
}

/// An assessment below the milestone the placement's level requires on a factor. A factor
/// the assessment leaves out is not assessed yet, so it is not judged.
fn check_against_level(
    framework: &Framework,
    track: &Track,
    level: u32,
    team: Option<&Team>,
    entry: &Entry<Placement>,
    findings: &mut Vec<Finding>,
) {
    let Some(level) = track.level(level) else {
        return;
    };
    let view = framework.view(track, level, team);
    for (factor, required) in view.required() {
        let Some(assessed) = entry.value.assessment.get(&*factor.id) else {
            continue;
        };
        if assessed.value < required {
            findings.push(
                Finding::warning(
                    "assessment-below-level",
                    format!(
                        "{} is assessed at {} on `{}`, below the {} that {} of track `{}` requires",
                        entry.value.name.value,
                        factor.milestone_words(assessed.value),
                        *factor.id,
                        factor.milestone_words(required),
                        track.label(*level.level),
                        *track.id
                    ),
                )
                .at(&entry.file, assessed.pos)
                .help("update the assessment when it is met, or say why in the case file"),
            );
        }
    }
}

/// A lead cycle leaves the people in it with no way to the top; each cycle is reported once, at
/// the `lead:` line of its first member by id.
fn check_lead_cycles(snapshot: &Snapshot, findings: &mut Vec<Finding>) {
    let lead_of: HashMap<&str, &str> = snapshot
        .people
        .iter()
        .filter_map(|entry| {
            let lead = entry.value.lead_id()?;
            (snapshot.person(lead).is_some() && lead.value != entry.id)
                .then_some((entry.id.as_str(), lead.value.as_str()))
        })
        .collect();
    let mut done: HashSet<&str> = HashSet::new();
    for entry in &snapshot.people {
        let mut path: Vec<&str> = Vec::new();
        let mut on_path: HashMap<&str, usize> = HashMap::new();
        let mut current = Some(entry.id.as_str());
        while let Some(id) = current {
            if done.contains(id) {
                break;
            }
            if let Some(&start) = on_path.get(id) {
                let cycle = &path[start..];
                let first = cycle.iter().copied().min().unwrap_or(id);
                let begin = cycle
                    .iter()
                    .position(|member| *member == first)
                    .unwrap_or(0);
                let mut ordered: Vec<&str> = cycle[begin..]
                    .iter()
                    .chain(&cycle[..begin])
                    .copied()
                    .collect();
                ordered.push(first);
                if let Some(member) = snapshot.person(first)
                    && let Some(lead) = member.value.lead_id()
                {
                    findings.push(
                        Finding::error(
                            "lead-cycle",
                            format!("lead cycle: {}", ordered.join(" → ")),
                        )
                        .at(&member.file, lead.pos)
                        .help("someone in the cycle needs a lead outside it"),
                    );
                }
                break;
            }
            on_path.insert(id, path.len());
            path.push(id);
            current = lead_of.get(id).copied();
        }
        done.extend(path);
    }
}
