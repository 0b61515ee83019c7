//! Validation of one snapshot: every reference between the framework, teams, placements and case
//! files, collected all at once as findings that point at the value that is wrong. Nothing here
//! stops at the first problem, and nothing here reads files.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::Spanned;
use crate::finding::{Finding, did_you_mean, sort_findings};
use crate::framework::{Framework, ROLES, Team};
use crate::placement::Placement;
use crate::snapshot::{Entry, Snapshot};

/// What a snapshot holds, for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub tracks: usize,
    pub levels: usize,
    pub teams: usize,
    pub teammates: usize,
    pub cases: usize,
}

impl Summary {
    pub fn of(snapshot: &Snapshot) -> Summary {
        let (tracks, levels) = snapshot.framework.as_ref().map_or((0, 0), |framework| {
            let framework = &framework.value;
            let levels = framework
                .tracks
                .iter()
                .map(|track| track.levels.len())
                .sum();
            (framework.tracks.len(), levels)
        });
        Summary {
            tracks,
            levels,
            teams: snapshot.teams.len(),
            teammates: snapshot.people.len(),
            cases: snapshot.cases.len(),
        }
    }
}

/// Every problem in the snapshot, sorted by file and line.
pub fn check_snapshot(snapshot: &Snapshot) -> Vec<Finding> {
    let mut findings = snapshot.problems.clone();
    if let Some(framework) = &snapshot.framework {
        check_framework(framework, &mut findings);
    }
    let framework = snapshot.framework.as_ref().map(|entry| &entry.value);
    for team in &snapshot.teams {
        check_team(snapshot, framework, team, &mut findings);
    }
    check_people(snapshot, framework, &mut findings);
    check_cases(snapshot, framework, &mut findings);
    sort_findings(&mut findings);
    findings
}

fn check_framework(entry: &Entry<Framework>, findings: &mut Vec<Finding>) {
    let file = entry.file.as_str();
    let framework = &entry.value;
    if framework.steps.value == 0 {
        findings.push(
            Finding::error(
                "steps-zero",
                "`steps: 0` leaves no steps inside a level: steps are numbered from 1",
            )
            .at(file, framework.steps.pos)
            .help("most frameworks use 4"),
        );
    }
    duplicates(
        framework.factors.iter().map(|factor| &factor.id),
        "factor",
        file,
        findings,
    );
    duplicates(
        framework.tracks.iter().map(|track| &track.id),
        "track",
        file,
        findings,
    );
    if framework.tracks.is_empty() {
        findings.push(
            Finding::error(
                "no-tracks",
                "the framework has no tracks: expected at least one, e.g. `maker`",
            )
            .at(file, framework.name.pos),
        );
    }
    let factor_ids: Vec<&str> = framework
        .factors
        .iter()
        .map(|factor| factor.id.value.as_str())
        .collect();
    for track in &framework.tracks {
        check_id(&track.id, "track", file, findings);
        if track.levels.is_empty() {
            findings.push(
                Finding::error(
                    "no-levels",
                    format!(
                        "track `{}` has no levels: expected level 1 upwards",
                        *track.id
                    ),
                )
                .at(file, track.id.pos),
            );
        }
        for (index, level) in track.levels.iter().enumerate() {
            let wanted = u32::try_from(index + 1).unwrap_or(u32::MAX);
            if level.level.value != wanted {
                findings.push(
                    Finding::error(
                        "level-order",
                        format!(
                            "level {} is listed as level {wanted} of track `{}`: expected levels numbered 1, 2, 3… in order",
                            *level.level, *track.id
                        ),
                    )
                    .at(file, level.level.pos),
                );
            }
            for (factor, text) in &level.expectations {
                if !factor_ids.contains(&factor.as_str()) {
                    let mut finding = Finding::error(
                        "unknown-factor",
                        format!("expectation for unknown factor `{factor}`"),
                    )
                    .at(file, text.pos);
                    finding = with_suggestion(finding, factor, factor_ids.iter().copied());
                    findings.push(finding);
                }
            }
            for factor in &factor_ids {
                if !level.expectations.contains_key(*factor) {
                    findings.push(
                        Finding::warning(
                            "missing-expectation",
                            format!(
                                "level {} of track `{}` says nothing about factor `{factor}`",
                                *level.level, *track.id
                            ),
                        )
                        .at(file, level.level.pos),
                    );
                }
            }
            if let Some(months) = &level.typical_months_to_next
                && months.value == 0
            {
                findings.push(
                    Finding::error(
                        "typical-time-zero",
                        "`typical_months_to_next: 0`: expected a number of months of 1 or more",
                    )
                    .at(file, months.pos),
                );
            }
        }
    }
    let policy = &framework.policy;
    for approver in policy.owners.iter().chain(policy.approvers.all()) {
        if let Err(problem) = approver_kind(approver) {
            findings.push(
                Finding::error("bad-approver", problem)
                    .at(file, approver.pos)
                    .help(
                        "an approver is a GitHub login, an `org/team` slug, or a role: lead, director, lead-of-lead",
                    ),
            );
        }
    }
    for (jump, name) in [
        (&policy.max_level_jump, "max_level_jump"),
        (&policy.max_step_jump, "max_step_jump"),
    ] {
        if jump.value == 0 {
            findings.push(
                Finding::error(
                    "jump-zero",
                    format!("`{name}: 0` would forbid every change: expected 1 or more"),
                )
                .at(file, jump.pos),
            );
        }
    }
    let pace = &policy.pace;
    if !(pace.q.value > 0.0 && pace.q.value < 1.0) {
        findings.push(
            Finding::error(
                "pace-q",
                format!(
                    "`q: {}` is not a rate: expected a number between 0 and 1, such as 0.05",
                    *pace.q
                ),
            )
            .at(file, pace.q.pos),
        );
    }
    if pace.window_months.value == 0 {
        findings.push(
            Finding::error(
                "pace-window",
                "`window_months: 0`: expected 1 or more months",
            )
            .at(file, pace.window_months.pos),
        );
    }
}

/// What an approver entry names; `Err` says why it names nothing.
pub fn approver_kind(approver: &str) -> Result<ApproverKind, String> {
    if ROLES.contains(&approver) {
        return Ok(ApproverKind::Role);
    }
    if let Some((org, team)) = approver.split_once('/') {
        if valid_login(org) && !team.is_empty() && !team.contains('/') {
            return Ok(ApproverKind::Team);
        }
        return Err(format!("`{approver}` is not an `org/team` slug"));
    }
    let login = approver.strip_prefix('@').unwrap_or(approver);
    if valid_login(login) {
        Ok(ApproverKind::User)
    } else {
        Err(format!("`{approver}` is not a GitHub login, team or role"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApproverKind {
    User,
    Team,
    Role,
}

/// GitHub logins: letters, digits and single inner hyphens, at most 39 characters.
pub fn valid_login(login: &str) -> bool {
    !login.is_empty()
        && login.len() <= 39
        && !login.starts_with('-')
        && !login.ends_with('-')
        && !login.contains("--")
        && login.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

fn check_id(id: &Spanned<String>, what: &str, file: &str, findings: &mut Vec<Finding>) {
    if !crate::snapshot::valid_id(id) {
        findings.push(
            Finding::error(
                "bad-id",
                format!(
                    "`{}` is not a valid {what} id: expected letters, digits, `-`, `_` or `.`",
                    **id
                ),
            )
            .at(file, id.pos),
        );
    }
}

fn duplicates<'a>(
    ids: impl Iterator<Item = &'a Spanned<String>>,
    what: &str,
    file: &str,
    findings: &mut Vec<Finding>,
) {
    let mut seen: HashMap<&str, &Spanned<String>> = HashMap::new();
    for id in ids {
        if let Some(first) = seen.get(id.value.as_str()) {
            findings.push(
                Finding::error(
                    "duplicate-id",
                    format!(
                        "{what} `{}` is defined twice: first on line {}",
                        **id, first.pos.line
                    ),
                )
                .at(file, id.pos),
            );
        } else {
            seen.insert(id.value.as_str(), id);
        }
    }
}

fn with_suggestion<'a>(
    finding: Finding,
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Finding {
    match did_you_mean(wrong, candidates) {
        Some(suggestion) => finding.help(format!("did you mean `{suggestion}`?")),
        None => finding,
    }
}

fn check_team(
    snapshot: &Snapshot,
    framework: Option<&Framework>,
    entry: &Entry<Team>,
    findings: &mut Vec<Finding>,
) {
    let file = entry.file.as_str();
    let team = &entry.value;
    match &team.director {
        None => findings.push(
            Finding::error(
                "no-director",
                format!(
                    "team `{}` has no director: expected `director:` with a teammate id",
                    entry.id
                ),
            )
            .at(file, team.name.pos)
            .help("the area director grants steps and approves level changes"),
        ),
        Some(director) => {
            unknown_person(snapshot, director, "director", file, findings);
        }
    }
    let Some(framework) = framework else {
        return;
    };
    let track_ids = || framework.tracks.iter().map(|track| track.id.value.as_str());
    for (section, lists) in [
        ("titles", titles_positions(&team.titles)),
        ("timeframes", titles_positions(&team.timeframes)),
    ] {
        for (track_id, list_pos, positions) in lists {
            let Some(track) = framework.track(track_id) else {
                let finding = Finding::error(
                    "unknown-track",
                    format!("{section} for unknown track `{track_id}`"),
                )
                .at(file, list_pos);
                findings.push(with_suggestion(finding, track_id, track_ids()));
                continue;
            };
            for (index, pos) in positions.iter().enumerate().skip(track.levels.len()) {
                findings.push(
                    Finding::error(
                        "extra-title",
                        format!(
                            "entry {} of `{section}.{track_id}` has no level: track `{track_id}` has {} levels",
                            index + 1,
                            track.levels.len()
                        ),
                    )
                    .at(file, *pos),
                );
            }
        }
    }
    for (track_id, titles) in &team.titles {
        for title in titles.value.iter().filter(|title| title.trim().is_empty()) {
            findings.push(
                Finding::error(
                    "empty-title",
                    format!("an empty title in `titles.{track_id}`: expected the level's title"),
                )
                .at(file, title.pos),
            );
        }
    }
}

type ListPositions<'a> = Vec<(&'a str, crate::Pos, Vec<crate::Pos>)>;

fn titles_positions<T>(lists: &BTreeMap<String, Spanned<Vec<Spanned<T>>>>) -> ListPositions<'_> {
    lists
        .iter()
        .map(|(track, list)| {
            let positions = list.value.iter().map(|item| item.pos).collect();
            (track.as_str(), list.pos, positions)
        })
        .collect()
}

fn unknown_person(
    snapshot: &Snapshot,
    id: &Spanned<String>,
    role: &str,
    file: &str,
    findings: &mut Vec<Finding>,
) -> bool {
    if snapshot.is_teammate(id) {
        return false;
    }
    let finding = Finding::error(
        "unknown-person",
        format!(
            "{role} `{}` is not a teammate: expected the id of a file under people/",
            **id
        ),
    )
    .at(file, id.pos);
    findings.push(with_suggestion(
        finding,
        id,
        snapshot.people.iter().map(|person| person.id.as_str()),
    ));
    true
}

fn check_people(snapshot: &Snapshot, framework: Option<&Framework>, findings: &mut Vec<Finding>) {
    let mut logins: HashMap<String, &Entry<Placement>> = HashMap::new();
    let mut occupied: BTreeMap<(&str, &str, u32), &Entry<Placement>> = BTreeMap::new();
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
        if snapshot.team(&person.team).is_none() {
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
        if let Some(framework) = framework
            && check_position(framework, person, file, findings)
        {
            occupied
                .entry((person.team.as_str(), person.track.as_str(), *person.level))
                .or_insert(entry);
        }
    }
    for ((team_id, track, level), entry) in occupied {
        let Some(team) = snapshot.team(team_id) else {
            continue;
        };
        if team.value.title(track, level).is_none() {
            findings.push(
                Finding::warning(
                    "missing-title",
                    format!(
                        "team `{team_id}` has no title for {track} level {level}, which {} holds",
                        entry.id
                    ),
                )
                .at(&entry.file, entry.value.level.pos)
                .help(format!("add it under `titles.{track}` in {}", team.file)),
            );
        }
    }
    check_lead_cycles(snapshot, findings);
}

/// Checks track, level and step; true when the position exists in the framework.
fn check_position(
    framework: &Framework,
    person: &Placement,
    file: &str,
    findings: &mut Vec<Finding>,
) -> bool {
    let Some(track) = framework.track(&person.track) else {
        let finding = Finding::error(
            "unknown-track",
            format!("track `{}` is not in the framework", *person.track),
        )
        .at(file, person.track.pos);
        findings.push(with_suggestion(
            finding,
            &person.track,
            framework.tracks.iter().map(|track| track.id.value.as_str()),
        ));
        return false;
    };
    let mut valid = true;
    let levels = track.levels.len();
    if person.level.value == 0 {
        findings.push(
            Finding::error(
                "level-zero",
                format!(
                    "level 0 is not a level: levels on `{}` are numbered 1 to {levels}",
                    *track.id
                ),
            )
            .at(file, person.level.pos),
        );
        valid = false;
    } else if track.level(*person.level).is_none() {
        findings.push(
            Finding::error(
                "unknown-level",
                format!(
                    "level {} is not on track `{}`: expected 1 to {levels}",
                    *person.level, *track.id
                ),
            )
            .at(file, person.level.pos),
        );
        valid = false;
    }
    let steps = *framework.steps;
    if steps == 0 {
        // The framework's own error says it; every placement would repeat it.
    } else if person.step.value == 0 {
        findings.push(
            Finding::error(
                "step-zero",
                format!("step 0 is not a step: steps are numbered 1 to {steps}"),
            )
            .at(file, person.step.pos)
            .help("someone new to a level starts at step 1"),
        );
    } else if *person.step > steps {
        findings.push(
            Finding::error(
                "unknown-step",
                format!(
                    "step {} is outside the level: steps are numbered 1 to {steps}",
                    *person.step
                ),
            )
            .at(file, person.step.pos),
        );
    }
    valid
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

fn check_cases(snapshot: &Snapshot, framework: Option<&Framework>, findings: &mut Vec<Finding>) {
    for entry in &snapshot.cases {
        let file = entry.file.as_str();
        let case = &entry.value;
        if unknown_person(snapshot, &case.person, "person", file, findings) {
            continue;
        }
        for author in &case.authors {
            unknown_person(snapshot, author, "author", file, findings);
        }
        if let Some(date) = &case.date
            && date.parse::<jiff::civil::Date>().is_err()
        {
            findings.push(
                Finding::error(
                    "bad-date",
                    format!("`date: {}` is not a date: expected YYYY-MM-DD", **date),
                )
                .at(file, date.pos),
            );
        }
        let (Some(framework), Some(person)) = (framework, snapshot.person(&case.person)) else {
            continue;
        };
        let track_id = case.track.as_ref().unwrap_or(&person.value.track);
        let Some(track) = framework.track(track_id) else {
            if let Some(track_id) = &case.track {
                findings.push(
                    Finding::error(
                        "unknown-track",
                        format!("track `{}` is not in the framework", **track_id),
                    )
                    .at(file, track_id.pos),
                );
            }
            continue;
        };
        if let Some(level) = &case.level
            && track.level(**level).is_none()
        {
            findings.push(
                Finding::error(
                    "unknown-level",
                    format!(
                        "level {} is not on track `{}`: expected 1 to {}",
                        **level,
                        *track.id,
                        track.levels.len()
                    ),
                )
                .at(file, level.pos),
            );
        }
    }
}
