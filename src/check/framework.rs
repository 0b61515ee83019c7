//! The framework file's own checks: tracks, levels, steps, factors and their expectations, typical
//! times, the pace calendars and every policy entry. It judges `framework.yml` alone, but for one
//! check that says so: the policy's GitHub logins held against the placements'. It must not judge
//! a team, placement or case file; those checks borrow its expectation and typical-time checks.

use std::collections::{BTreeMap, HashSet};

use super::follow::{Files, check_chains};
use super::shared::{ApproverKind, approver_kind, check_id, duplicates, with_suggestion};
use crate::Spanned;
use crate::finding::Finding;
use crate::framework::{Expectation, Factor, Framework, Scale, Steps, Track, Typical};
use crate::snapshot::{Entry, Snapshot};

/// The framework file's findings about itself.
pub(super) fn check(entry: &Entry<Framework>, findings: &mut Vec<Finding>) {
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
        if let Some(to) = &factor.to_level {
            let from = factor.from_level.as_ref().map_or(1, |from| from.value);
            if to.value == 0 || to.value < from {
                findings.push(
                    Finding::error(
                        "bad-range",
                        format!(
                            "factor `{}` applies from level {from} to level {}: expected a last level of {from} or more",
                            *factor.id, to.value
                        ),
                    )
                    .at(file, to.pos),
                );
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
        let mut below: Option<(u32, u32)> = None;
        for level in &track.levels {
            let Some(grade) = framework.grade_of(Some(track), *level.level) else {
                continue;
            };
            if let (Some((low_level, low)), Some(own)) = (below, &level.grade)
                && grade <= low
            {
                findings.push(
                    Finding::error(
                        "grade-order",
                        format!(
                            "level {} of track `{}` is at grade {grade}, not above level {low_level}'s grade {low}: expected grades that rise with the levels",
                            *level.level, *track.id
                        ),
                    )
                    .at(file, own.pos),
                );
            }
            below = Some((*level.level, grade));
        }
        check_milestone_order(framework, track, file, findings);
        for (index, level) in track.levels.iter().enumerate() {
            if let Some(title) = level.title.as_ref().filter(|title| title.trim().is_empty()) {
                findings.push(
                    Finding::error(
                        "empty-title",
                        format!(
                            "an empty title on level {} of track `{}`: expected the level's title",
                            *level.level, *track.id
                        ),
                    )
                    .at(file, title.pos)
                    .help("leave `title` out where the teams give their own"),
                );
            }
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
            let files = Files {
                framework: file,
                here: file,
            };
            check_chains(framework, None, track, level, &files, findings);
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
    if let Some(tolerance) = &pace.tolerance
        && !(0.0..1.0).contains(&tolerance.value)
    {
        findings.push(
            Finding::error(
                "pace-tolerance",
                format!(
                    "`tolerance: {}` is not a spread: expected how much leads ordinarily differ, from 0 up to 1, such as 0.15 for ±15%",
                    **tolerance
                ),
            )
            .at(file, tolerance.pos),
        );
    }
    for (name, calendar) in [("reviews", &pace.reviews), ("cycles", &pace.cycles)] {
        let Some(calendar) = calendar else { continue };
        check_calendar(name, calendar, file, findings);
    }
    if let Some(min) = &policy.leads.min_level {
        check_min_level(framework, min, file, findings);
    }
}

/// `policy.leads.min_level` names levels the framework has.
fn check_min_level(
    framework: &Framework,
    min: &Spanned<crate::framework::MinLevel>,
    file: &str,
    findings: &mut Vec<Finding>,
) {
    use crate::framework::{LevelRef, MinLevel};
    match &min.value {
        MinLevel::One(LevelRef::Number(0)) => findings.push(
            Finding::error(
                "level-zero",
                "`min_level: 0` is not a level: expected a level number from 1, or a level id such as IC4",
            )
            .at(file, min.pos),
        ),
        MinLevel::One(LevelRef::Number(_)) => {}
        MinLevel::One(LevelRef::Id(id)) => {
            if framework.find(id).is_none() {
                let finding = Finding::error(
                    "unknown-level",
                    format!(
                        "`min_level: {id}` is no level of one track: expected a level id such as IC4, `track/level` such as manager/M1, or a number"
                    ),
                )
                .at(file, min.pos);
                findings.push(super::shared::with_suggestion(
                    finding,
                    id,
                    framework.tracks.iter().flat_map(super::shared::level_ids),
                ));
            }
        }
        MinLevel::PerTrack(levels) => {
            for (track_id, level) in levels {
                let Some(track) = framework.track(track_id) else {
                    let track = Spanned::new(track_id.clone(), level.pos);
                    findings.push(super::shared::unknown_track(framework, &track, file));
                    continue;
                };
                super::shared::resolve_level(track, level, file, findings);
            }
        }
    }
}

/// Logins the policy names that no placement has: a typo, or someone outside the ladder whose
/// approval then counts.
pub(super) fn check_approver_logins(
    snapshot: &Snapshot,
    framework: &Entry<Framework>,
    findings: &mut Vec<Finding>,
) {
    let known: HashSet<String> = snapshot
        .people
        .iter()
        .filter_map(|person| person.value.github.as_ref())
        .map(|login| login.trim_start_matches('@').to_ascii_lowercase())
        .collect();
    check_approvers_among(&known, framework, findings);
}

/// The policy's entries that name a GitHub user.
fn named_users(framework: &Entry<Framework>) -> impl Iterator<Item = &Spanned<String>> {
    let policy = &framework.value.policy;
    policy
        .owners
        .iter()
        .chain(policy.approvers.all())
        .chain(policy.notify.all())
        .chain(&policy.fallback)
        .filter(|entry| approver_kind(entry) == Ok(ApproverKind::User))
}

/// The logins the policy names, without `@` and in lower case: the only ones
/// [`check_approvers_among`] asks about.
pub(super) fn approver_logins(framework: &Entry<Framework>) -> HashSet<String> {
    named_users(framework)
        .map(|entry| entry.trim_start_matches('@').to_ascii_lowercase())
        .collect()
}

/// [`check_approver_logins`] against the logins given, each without `@` and in lower case.
pub(super) fn check_approvers_among(
    known: &HashSet<String>,
    framework: &Entry<Framework>,
    findings: &mut Vec<Finding>,
) {
    let file = &framework.file;
    for entry in named_users(framework) {
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

/// A calendar names a known schedule or lists month-days that every year has.
fn check_calendar(
    name: &str,
    calendar: &Spanned<crate::framework::Calendar>,
    file: &str,
    findings: &mut Vec<Finding>,
) {
    use crate::framework::calendar::{CALENDARS, month_day};
    match &calendar.value {
        crate::framework::Calendar::Named(named) => {
            // Only cycles may fall on each teammate's own anniversary: reviews are the org's.
            let anniversary = (name == "cycles").then_some(crate::framework::ANNIVERSARY);
            if !CALENDARS.iter().any(|(known, _)| known == named)
                && anniversary != Some(named.as_str())
            {
                let names: Vec<&str> = CALENDARS
                    .iter()
                    .map(|(known, _)| *known)
                    .chain(anniversary)
                    .collect();
                let finding = Finding::error(
                    "pace-calendar",
                    format!(
                        "`{name}: {named}` is not a schedule: expected one of {}, or month-days such as [06-30, 12-31]",
                        names.join(", ")
                    ),
                )
                .at(file, calendar.pos);
                findings.push(if named == crate::framework::ANNIVERSARY {
                    finding.help(
                        "`anniversary` is for `cycles`: reviews are dates the whole org shares",
                    )
                } else {
                    finding
                });
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
pub(super) fn check_expectations(
    framework: &Framework,
    track: &Track,
    level: u32,
    expectations: &BTreeMap<String, Spanned<Expectation>>,
    file: &str,
    findings: &mut Vec<Finding>,
) {
    for (factor_id, text) in expectations {
        check_expectation(text, file, findings);
        if let Some(factor) = framework.factor(factor_id) {
            check_required(factor, text, file, findings);
        }
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
                let widen = if factor.to_level.is_some() {
                    "remove it, or widen the factor's `tracks`, `from_level` or `to_level`"
                } else {
                    "remove it, or widen the factor's `tracks` or `from_level`"
                };
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
                    .help(widen),
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

pub(super) fn check_typical(
    months: &Spanned<Typical>,
    key: &str,
    file: &str,
    findings: &mut Vec<Finding>,
) {
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
    // A required milestone says something without criteria.
    if text.milestone.is_some() && text.criteria.is_empty() {
        return;
    }
    // One that follows another level may add nothing; what it adds must say something.
    if text.follows.is_none() && text.criteria.is_empty()
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

/// A level's `{milestone: N}`: the factor must have a scale, and N be a point on it.
fn check_required(
    factor: &Factor,
    text: &Spanned<Expectation>,
    file: &str,
    findings: &mut Vec<Finding>,
) {
    let Some(point) = &text.milestone else {
        return;
    };
    let count = factor.scale_len();
    if count == 0 {
        findings.push(
            Finding::error(
                "no-milestones",
                format!(
                    "factor `{}` defines no milestones, so a level cannot require milestone {}",
                    *factor.id, point.value
                ),
            )
            .at(file, point.pos)
            .help(
                "give the factor `milestones:` in the framework, or write the expectation as words",
            ),
        );
    } else if point.value == 0 || point.value > count {
        findings.push(
            Finding::error(
                "unknown-milestone",
                format!(
                    "milestone {} of `{}` does not exist: a level requires a milestone from 1 to {count}",
                    point.value, *factor.id
                ),
            )
            .at(file, point.pos),
        );
    }
}

/// Up a track, the milestone a level requires on a factor does not go down: a drop is most
/// often a slip, and where it is meant the warning says so.
pub(super) fn check_milestone_order(
    framework: &Framework,
    track: &Track,
    file: &str,
    findings: &mut Vec<Finding>,
) {
    for factor in framework
        .factors
        .iter()
        .filter(|f| !f.milestones.is_empty())
    {
        let mut highest: Option<(u32, u32)> = None;
        for level in &track.levels {
            let Ok(Some(resolved)) = framework.expectation(None, track, level, &factor.id) else {
                continue;
            };
            let Some(point) = resolved
                .required
                .as_ref()
                .map(|required| required.point)
                .filter(|point| (1..=factor.scale_len()).contains(point))
            else {
                continue;
            };
            // Only a point written here is a slip to point at; one followed is written elsewhere.
            let own = level
                .expectations
                .get(&*factor.id)
                .and_then(|written| written.value.milestone.as_ref());
            if let (Some((top, at)), Some(own)) = (highest, own)
                && point < top
            {
                findings.push(
                    Finding::warning(
                        "milestone-goes-down",
                        format!(
                            "{} of track `{}` requires {} on `{}`, below the {} that {} requires",
                            track.label(*level.level),
                            *track.id,
                            factor.milestone_words(point),
                            *factor.id,
                            factor.milestone_words(top),
                            track.label(at)
                        ),
                    )
                    .at(file, own.pos)
                    .help("a level up a track usually requires at least the milestone below it"),
                );
            }
            if highest.is_none_or(|(top, _)| point > top) {
                highest = Some((point, *level.level));
            }
        }
    }
}
