//! Validation of one snapshot: every reference between the framework, teams, placements and case
//! files, collected all at once as findings that point at the value that is wrong. Nothing here
//! stops at the first problem, and nothing here reads files.

mod pay;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::Spanned;
use crate::finding::{Finding, did_you_mean, sort_findings};
use crate::framework::{
    Expectation, Framework, LevelRange, LevelRef, ROLES, Scale, StepRef, Steps, Team, Track,
    Typical,
};
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
    if let Some(framework) = &snapshot.framework
        && snapshot.complete
    {
        check_approver_logins(snapshot, framework, &mut findings);
    }
    check_cases(snapshot, framework, &mut findings);
    pay::check(snapshot, &mut findings);
    sort_findings(&mut findings);
    findings
}

fn check_framework(entry: &Entry<Framework>, findings: &mut Vec<Finding>) {
    let file = entry.file.as_str();
    let framework = &entry.value;
    check_steps(&framework.steps, "steps", file, findings);
    duplicates(
        framework.categories.iter().map(|category| &category.id),
        "category",
        file,
        findings,
    );
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
    let track_ids = || framework.tracks.iter().map(|track| track.id.value.as_str());
    for factor in &framework.factors {
        if let Some(category) = &factor.category
            && !framework
                .categories
                .iter()
                .any(|c| c.id.value == **category)
        {
            let finding = Finding::error(
                "unknown-category",
                format!(
                    "factor `{}` is in unknown category `{}`: expected an id from `categories`",
                    *factor.id, **category
                ),
            )
            .at(file, category.pos);
            findings.push(with_suggestion(
                finding,
                category,
                framework.categories.iter().map(|c| c.id.value.as_str()),
            ));
        }
        for track in &factor.tracks {
            if framework.track(track).is_none() {
                let finding = Finding::error(
                    "unknown-track",
                    format!("factor `{}` names unknown track `{}`", *factor.id, **track),
                )
                .at(file, track.pos);
                findings.push(with_suggestion(finding, track, track_ids()));
            }
        }
        if let Some(from) = &factor.from_level
            && from.value == 0
        {
            findings.push(
                Finding::error(
                    "level-zero",
                    format!(
                        "factor `{}` starts at level 0: levels are numbered from 1",
                        *factor.id
                    ),
                )
                .at(file, from.pos),
            );
        }
    }
    for track in &framework.tracks {
        check_id(&track.id, "track", file, findings);
        if let Some(steps) = &track.steps {
            check_steps(steps, "steps", file, findings);
        }
        let steps = framework.steps_of(track);
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
        duplicates(
            track.levels.iter().filter_map(|level| level.id.as_ref()),
            "level id",
            file,
            findings,
        );
        // On a shared scale a track may start at any grade; levels still follow one another.
        let start = match (framework.scale, track.levels.first()) {
            (Scale::Shared, Some(first)) if *first.level > 0 => *first.level,
            _ => 1,
        };
        for (index, level) in track.levels.iter().enumerate() {
            let wanted = start.saturating_add(u32::try_from(index).unwrap_or(u32::MAX));
            if level.level.value != wanted {
                let expected = if framework.scale == Scale::Shared {
                    format!("expected consecutive levels from {start}")
                } else {
                    "expected levels numbered 1, 2, 3… in order".to_string()
                };
                findings.push(
                    Finding::error(
                        "level-order",
                        format!(
                            "level {} is listed as level {wanted} of track `{}`: {expected}",
                            *level.level, *track.id
                        ),
                    )
                    .at(file, level.level.pos),
                );
            }
            if let Some(id) = &level.id
                && (id.value.parse::<u32>().is_ok() || !crate::snapshot::valid_id(id))
            {
                findings.push(
                    Finding::error(
                        "bad-id",
                        format!(
                            "`{}` is not a valid level id: expected letters first, e.g. `IC4`, so it cannot be read as a number",
                            **id
                        ),
                    )
                    .at(file, id.pos),
                );
            }
            check_expectations(
                framework,
                track,
                *level.level,
                &level.expectations,
                file,
                findings,
            );
            // A factor judged by milestones is described by them, not level by level.
            for factor in &framework.factors {
                if factor.applies(&track.id, *level.level)
                    && factor.milestones.is_empty()
                    && !level.expectations.contains_key(&*factor.id)
                {
                    findings.push(
                        Finding::warning(
                            "missing-expectation",
                            format!(
                                "level {} of track `{}` says nothing about factor `{}`",
                                *level.level, *track.id, *factor.id
                            ),
                        )
                        .at(file, level.level.pos),
                    );
                }
            }
            if let Some(months) = &level.typical_months_to_next {
                check_typical(months, "typical_months_to_next", file, findings);
            }
            if let Some(months) = &level.typical_months_per_step {
                check_typical(months, "typical_months_per_step", file, findings);
                if steps.count() == 0 {
                    findings.push(
                        Finding::error(
                            "no-steps",
                            format!(
                                "`typical_months_per_step` on track `{}`, which has no steps",
                                *track.id
                            ),
                        )
                        .at(file, months.pos),
                    );
                }
            }
        }
    }
    let policy = &framework.policy;
    for approver in policy
        .owners
        .iter()
        .chain(policy.approvers.all())
        .chain(policy.notify.all())
        .chain(&policy.fallback)
    {
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
    // Roles resolve around the teammate a change is about; these have none.
    for entry in policy
        .owners
        .iter()
        .chain(&policy.approvers.framework)
        .chain(&policy.notify.framework)
    {
        if approver_kind(entry) == Ok(ApproverKind::Role) {
            findings.push(
                Finding::error(
                    "bad-approver",
                    format!(
                        "`{}` is a role, but owners and framework edits have no teammate to resolve it for",
                        **entry
                    ),
                )
                .at(file, entry.pos)
                .help("name GitHub logins or `org/team` slugs here"),
            );
        }
    }
    for approver in &policy.fallback {
        if approver_kind(approver) == Ok(ApproverKind::Role) {
            findings.push(
                Finding::error(
                    "bad-approver",
                    format!(
                        "`{}` is a role: the fallback is who approves when roles resolve to nobody, so name GitHub logins or `org/team` slugs",
                        **approver
                    ),
                )
                .at(file, approver.pos),
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
    for (name, window) in [
        ("window", &pace.window),
        ("window_months", &pace.window_months),
    ] {
        if let Some(window) = window
            && window.value == 0
        {
            findings.push(
                Finding::error(
                    "pace-window",
                    format!("`{name}: 0`: expected 1 or more months"),
                )
                .at(file, window.pos),
            );
        }
    }
    if let (Some(_), Some(old)) = (&pace.window, &pace.window_months) {
        findings.push(
            Finding::error(
                "pace-window",
                "`window_months` is the earlier name of `window`: expected one of them, not both",
            )
            .at(file, old.pos),
        );
    }
    if !(0.0..1.0).contains(&pace.tolerance.value) {
        findings.push(
            Finding::error(
                "pace-tolerance",
                format!(
                    "`tolerance: {}` is not a spread: expected how much leads ordinarily differ, from 0 up to 1, such as 0.15 for ±15%",
                    *pace.tolerance
                ),
            )
            .at(file, pace.tolerance.pos),
        );
    }
    for (name, calendar) in [("reviews", &pace.reviews), ("cycles", &pace.cycles)] {
        let Some(calendar) = calendar else { continue };
        check_calendar(name, calendar, file, findings);
    }
}

/// A calendar names a known schedule or lists month-days that every year has.
fn check_calendar(
    name: &str,
    calendar: &Spanned<crate::framework::Calendar>,
    file: &str,
    findings: &mut Vec<Finding>,
) {
    use crate::framework::values::{CALENDARS, month_day};
    match &calendar.value {
        crate::framework::Calendar::Named(named) => {
            if !CALENDARS.iter().any(|(known, _)| known == named) {
                let names: Vec<&str> = CALENDARS.iter().map(|(known, _)| *known).collect();
                findings.push(
                    Finding::error(
                        "pace-calendar",
                        format!(
                            "`{name}: {named}` is not a schedule: expected one of {}, or month-days such as [06-30, 12-31]",
                            names.join(", ")
                        ),
                    )
                    .at(file, calendar.pos),
                );
            }
        }
        crate::framework::Calendar::Dates(dates) => {
            if dates.is_empty() {
                findings.push(
                    Finding::error(
                        "pace-calendar",
                        format!(
                            "`{name}: []` holds no date: expected month-days such as [06-30, 12-31]"
                        ),
                    )
                    .at(file, calendar.pos),
                );
            }
            for date in dates {
                if month_day(date).is_none() {
                    findings.push(
                        Finding::error(
                            "pace-calendar",
                            format!(
                                "`{}` in `{name}` is not a month-day: expected MM-DD of a day every year has, such as 06-30",
                                date.value
                            ),
                        )
                        .at(file, date.pos),
                    );
                }
            }
        }
    }
}

/// Each expectation is said, names a factor that exists, and one that applies at this level.
fn check_expectations(
    framework: &Framework,
    track: &Track,
    level: u32,
    expectations: &BTreeMap<String, Spanned<Expectation>>,
    file: &str,
    findings: &mut Vec<Finding>,
) {
    for (factor_id, text) in expectations {
        check_expectation(text, file, findings);
        match framework.factor(factor_id) {
            None => {
                let finding = Finding::error(
                    "unknown-factor",
                    format!("expectation for unknown factor `{factor_id}`"),
                )
                .at(file, text.pos);
                findings.push(with_suggestion(
                    finding,
                    factor_id,
                    framework.factors.iter().map(|f| f.id.value.as_str()),
                ));
            }
            Some(factor) if !factor.applies(&track.id, level) => {
                findings.push(
                    Finding::warning(
                        "factor-not-here",
                        format!(
                            "factor `{factor_id}` does not apply to {} of track `{}`, yet this level has an expectation for it",
                            track.label(level),
                            *track.id
                        ),
                    )
                    .at(file, text.pos)
                    .help("remove it, or widen the factor's `tracks` or `from_level`"),
                );
            }
            Some(_) => {}
        }
    }
}

fn check_steps(steps: &Spanned<Steps>, key: &str, file: &str, findings: &mut Vec<Finding>) {
    match &steps.value {
        Steps::Count(0) => findings.push(
            Finding::error(
                "steps-zero",
                format!("`{key}: 0` leaves no steps inside a level: steps are numbered from 1"),
            )
            .at(file, steps.pos)
            .help("most frameworks use 4"),
        ),
        Steps::Labels(labels) if labels.is_empty() => findings.push(
            Finding::error(
                "steps-zero",
                format!("`{key}: []` lists no steps: expected labels such as [A, B, C], or `none`"),
            )
            .at(file, steps.pos),
        ),
        Steps::Labels(labels) => {
            let mut seen = HashSet::new();
            if let Some(label) = labels.iter().find(|label| label.parse::<u32>().is_ok()) {
                findings.push(
                    Finding::error(
                        "bad-step-label",
                        format!(
                            "step label `{label}` is a number: a label must not be confused with a step number; use a count instead"
                        ),
                    )
                    .at(file, steps.pos),
                );
                return;
            }
            for label in labels {
                if label.trim().is_empty() || !seen.insert(label) {
                    findings.push(
                        Finding::error(
                            "bad-step-label",
                            format!(
                                "step label `{label}` is empty or used twice: each step needs its own label"
                            ),
                        )
                        .at(file, steps.pos),
                    );
                }
            }
        }
        _ => {}
    }
}

fn check_typical(months: &Spanned<Typical>, key: &str, file: &str, findings: &mut Vec<Finding>) {
    // "0-24" is a fair typical time; only a time that is all zero says nothing.
    if let Typical::Months { max: 0, .. } = months.value {
        findings.push(
            Finding::error(
                "typical-time-zero",
                format!("`{key}: 0`: expected a number of months of 1 or more"),
            )
            .at(file, months.pos),
        );
    }
}

fn check_expectation(text: &Spanned<Expectation>, file: &str, findings: &mut Vec<Finding>) {
    if text.criteria.is_empty()
        || text
            .criteria
            .iter()
            .any(|criterion| criterion.criterion.trim().is_empty())
    {
        findings.push(
            Finding::error(
                "empty-expectation",
                "an empty expectation: expected a sentence, or criteria that each say something",
            )
            .at(file, text.pos),
        );
    }
}

/// What an approver entry names; `Err` says why it names nothing.
pub fn approver_kind(approver: &str) -> Result<ApproverKind, String> {
    if ROLES.contains(&approver) {
        return Ok(ApproverKind::Role);
    }
    if let Some(role) = crate::framework::mistyped_role(approver) {
        return Err(format!(
            "`{approver}` is not a role: did you mean `{role}`? (a GitHub user is written `@{approver}`)"
        ));
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

/// Logins the policy names that no placement has: a typo, or someone outside the ladder whose
/// approval then counts.
fn check_approver_logins(
    snapshot: &Snapshot,
    framework: &Entry<Framework>,
    findings: &mut Vec<Finding>,
) {
    let policy = &framework.value.policy;
    let file = &framework.file;
    let known: std::collections::HashSet<String> = snapshot
        .people
        .iter()
        .filter_map(|person| person.value.github.as_ref())
        .map(|login| login.trim_start_matches('@').to_ascii_lowercase())
        .collect();
    for entry in policy
        .owners
        .iter()
        .chain(policy.approvers.all())
        .chain(policy.notify.all())
        .chain(&policy.fallback)
    {
        if approver_kind(entry) != Ok(ApproverKind::User) {
            continue;
        }
        let login = entry.trim_start_matches('@');
        if !known.contains(&login.to_ascii_lowercase()) {
            findings.push(
                Finding::warning(
                    "unknown-approver",
                    format!("`{login}` is nobody's GitHub login in the placements"),
                )
                .at(file, entry.pos)
                .help("check the spelling; a GitHub user outside the ladder can approve only if named on purpose"),
            );
        }
    }
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
        None => check_director_fallback(snapshot, framework, entry, findings),
        Some(director) => {
            unknown_person(snapshot, director, "director", file, findings);
        }
    }
    let Some(framework) = framework else {
        return;
    };
    let track_ids = || framework.tracks.iter().map(|track| track.id.value.as_str());
    let known_track = |track_id: &str, section: &str, pos, findings: &mut Vec<Finding>| {
        let track = framework.track(track_id);
        if track.is_none() {
            let finding = Finding::error(
                "unknown-track",
                format!("{section} for unknown track `{track_id}`"),
            )
            .at(file, pos);
            findings.push(with_suggestion(finding, track_id, track_ids()));
        }
        track
    };
    for (track_id, range) in &team.levels {
        if let Some(track) = known_track(track_id, "levels", range.pos, findings) {
            check_range(track, &range.value, "the team's range", file, findings);
        }
    }
    for (section, lists) in [
        ("titles", titles_positions(&team.titles)),
        ("timeframes", titles_positions(&team.timeframes)),
    ] {
        for (track_id, list_pos, positions) in lists {
            let Some(track) = known_track(track_id, section, list_pos, findings) else {
                continue;
            };
            let (first, last) = team.range(track);
            let count = usize::try_from(last.saturating_sub(first) + 1).unwrap_or(0);
            let has = if team.levels.contains_key(track_id) {
                format!(
                    "team `{}` uses {} of track `{track_id}` ({})",
                    entry.id,
                    crate::finding::plural(count, "level"),
                    track.range_words(first, last)
                )
            } else {
                format!("track `{track_id}` has {count} levels")
            };
            for (index, pos) in positions.iter().enumerate().skip(count) {
                findings.push(
                    Finding::error(
                        "extra-title",
                        format!(
                            "entry {} of `{section}.{track_id}` has no level: {has}",
                            index + 1,
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
                .at(file, title.pos)
                .help("to leave a level out, give the team a `levels` range on the track"),
            );
        }
    }
    for times in team.timeframes.values() {
        for months in &times.value {
            check_typical(months, "timeframes", file, findings);
        }
    }
    for (track_id, levels) in &team.wording {
        let Some((_, first)) = levels.iter().next() else {
            continue;
        };
        let Some(track) = known_track(track_id, "wording", first.pos, findings) else {
            continue;
        };
        for (level, wording) in levels {
            let Some(found) = track.find(&LevelRef::parse(level)) else {
                let finding = Finding::error(
                    "unknown-level",
                    format!(
                        "wording for level `{level}`, which is not on track `{track_id}`: expected {}",
                        track.span()
                    ),
                )
                .at(file, wording.pos);
                findings.push(with_suggestion(finding, level, level_ids(track)));
                continue;
            };
            check_expectations(
                framework,
                track,
                *found.level,
                &wording.value.expectations,
                file,
                findings,
            );
        }
    }
    duplicates(
        team.roles.iter().map(|role| &role.id),
        "role",
        file,
        findings,
    );
    for role in &team.roles {
        check_id(&role.id, "role", file, findings);
        let track = match &role.track {
            Some(track_id) => {
                let track = framework.track(track_id);
                if track.is_none() {
                    let finding = Finding::error(
                        "unknown-track",
                        format!("role `{}` is on unknown track `{}`", *role.id, **track_id),
                    )
                    .at(file, track_id.pos);
                    findings.push(with_suggestion(finding, track_id, track_ids()));
                }
                track
            }
            None => framework.tracks.first(),
        };
        let Some(track) = track else {
            continue;
        };
        let what = format!("role `{}`", *role.id);
        if check_range(track, &role.levels.value, &what, file, findings)
            && let Some((from, to)) = role.levels.value.resolve(track)
        {
            let count = usize::try_from(to - from + 1).unwrap_or(0);
            for (index, title) in role.titles.iter().enumerate().skip(count) {
                findings.push(
                    Finding::error(
                        "extra-title",
                        format!(
                            "title {} of role `{}` has no level: the role spans {} ({})",
                            index + 1,
                            *role.id,
                            crate::finding::plural(count, "level"),
                            track.range_words(from, to)
                        ),
                    )
                    .at(file, title.pos),
                );
            }
        }
        if let Some(entry_range) = &role.entry {
            check_range(track, &entry_range.value, &what, file, findings);
        }
    }
}

/// The ids of a track's levels, for suggestions.
fn level_ids(track: &Track) -> impl Iterator<Item = &str> {
    track
        .levels
        .iter()
        .filter_map(|level| level.id.as_ref().map(|id| id.value.as_str()))
}

/// Checks that both ends of a range are levels of the track, in order; true when they are.
fn check_range(
    track: &Track,
    range: &LevelRange,
    what: &str,
    file: &str,
    findings: &mut Vec<Finding>,
) -> bool {
    let mut valid = true;
    for end in [&range.from, &range.to] {
        if track.find(end).is_none() {
            let finding = Finding::error(
                "unknown-level",
                format!(
                    "{what} names level `{}`, which is not on track `{}`: expected {}",
                    **end,
                    *track.id,
                    track.span()
                ),
            )
            .at(file, end.pos);
            let wrong = end.to_string();
            findings.push(with_suggestion(finding, &wrong, level_ids(track)));
            valid = false;
        }
    }
    if let (Some(from), Some(to)) = (track.find(&range.from), track.find(&range.to))
        && let (from, to) = (*from.level, *to.level)
        && from > to
    {
        findings.push(
            Finding::error(
                "bad-range",
                format!(
                    "{what} runs from {} down to {}: expected the lower level first",
                    track.label(from),
                    track.label(to)
                ),
            )
            .at(file, range.from.pos),
        );
        valid = false;
    }
    valid
}

/// A team without a director: `director` approvals go up the lead line, then to the policy's
/// fallback. Only when someone on the team would have nobody is it an error.
fn check_director_fallback(
    snapshot: &Snapshot,
    framework: Option<&Framework>,
    entry: &Entry<Team>,
    findings: &mut Vec<Finding>,
) {
    let policy = framework.map(|framework| &framework.policy);
    let uses_director = policy.is_some_and(|policy| {
        policy
            .approvers
            .all()
            .any(|approver| approver.value == "director")
    });
    if !uses_director {
        return;
    }
    let fallback: Vec<&str> = policy
        .map(|policy| policy.fallback.iter().map(|f| f.value.as_str()).collect())
        .unwrap_or_default();
    // Who directs each member's area, looked up once a member.
    let above: Vec<Option<&str>> = snapshot
        .people
        .iter()
        .filter(|person| *person.value.team == entry.id)
        .map(|person| snapshot.director_above(&person.id))
        .collect();
    let stranded = above.iter().any(Option::is_none);
    let file = entry.file.as_str();
    if stranded && fallback.is_empty() {
        findings.push(
            Finding::error(
                "no-director",
                format!(
                    "team `{}` has no director: expected `director:` with a teammate id",
                    entry.id
                ),
            )
            .at(file, entry.value.name.pos)
            .help("the area director grants steps and approves level changes"),
        );
        return;
    }
    let mut directors: Vec<String> = above.into_iter().flatten().map(str::to_string).collect();
    directors.sort();
    directors.dedup();
    let mut who = Vec::new();
    if !directors.is_empty() {
        who.push(format!(
            "the nearest lead above who directs a team ({})",
            directors.join(", ")
        ));
    }
    if !fallback.is_empty() {
        who.push(format!("the policy's fallback ({})", fallback.join(", ")));
    }
    if who.is_empty() {
        // Nobody is on the team yet, and nobody would need approving.
        return;
    }
    findings.push(
        Finding::notice(
            "director-fallback",
            format!(
                "team `{}` has no director: `director` approvals for its people go to {}",
                entry.id,
                who.join(", else to ")
            ),
        )
        .at(file, entry.value.name.pos),
    );
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
            && let Some(level) = check_position(snapshot, framework, entry, findings)
        {
            let role = person.role_id().map(|role| role.value.as_str());
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
        return None;
    };
    check_assessment(framework, person, file, findings);
    let level = resolve_level(track, &person.level, file, findings)?;
    let team = snapshot.team(&person.team).map(|team| &team.value);
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
    if let (Some(role), Some(team)) = (person.role_id(), team)
        && !check_role(framework, track, team, person, role, level, file, findings)
    {
        return None;
    }
    Some(level)
}

/// A placement's or case's level as a number on the track, or a finding saying why not.
fn resolve_level(
    track: &Track,
    level: &Spanned<LevelRef>,
    file: &str,
    findings: &mut Vec<Finding>,
) -> Option<u32> {
    if let Some(found) = track.find(level) {
        return Some(*found.level);
    }
    let finding = match &level.value {
        LevelRef::Number(0) => Finding::error(
            "level-zero",
            format!(
                "level 0 is not a level: levels on `{}` are numbered {}",
                *track.id,
                track.span()
            ),
        ),
        LevelRef::Number(number) => Finding::error(
            "unknown-level",
            format!(
                "level {number} is not on track `{}`: expected {}",
                *track.id,
                track.span()
            ),
        ),
        // A track without level ids takes numbers only, as it always has.
        LevelRef::Id(_) if level_ids(track).next().is_none() => {
            Finding::error("yaml", "expected a whole number of 0 or more")
        }
        LevelRef::Id(id) => with_suggestion(
            Finding::error(
                "unknown-level",
                format!(
                    "level `{id}` is not on track `{}`: expected {}",
                    *track.id,
                    track.span()
                ),
            ),
            id,
            level_ids(track),
        ),
    };
    findings.push(finding.at(file, level.pos));
    None
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
        let Some(level) = &case.level else {
            continue;
        };
        if let Some(level) = resolve_level(track, level, file, findings)
            && let Some(step) = &case.step
            && framework.steps_of(track).number(step).is_none()
        {
            findings.push(
                Finding::error(
                    "unknown-step",
                    format!(
                        "step `{}` is not a step of {} on track `{}`: steps are {}",
                        **step,
                        track.label(level),
                        *track.id,
                        framework.steps_of(track).span()
                    ),
                )
                .at(file, step.pos),
            );
        }
    }
}
