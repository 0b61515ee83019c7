//! Team files: their ranges, titles, timeframes and wording on the framework's tracks, their
//! roles, and their director, or where `director` approvals go without one. It reads the
//! framework and the placements only to resolve what a team names; it must not judge a placement,
//! which is `people`'s part, nor the framework, which is `framework`'s.

use std::collections::BTreeMap;

use super::follow::{Files, check_chains};
use super::framework::{check_expectations, check_typical};
use super::shared::{check_id, duplicates, level_ids, unknown_person, with_suggestion};
use crate::Spanned;
use crate::finding::Finding;
use crate::framework::{Framework, LevelRange, LevelRef, Team, Track};
use crate::snapshot::{Entry, Snapshot};

/// One team file's findings.
pub(super) fn check(
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
            if let Some(entry) = &snapshot.framework {
                let files = Files {
                    framework: &entry.file,
                    here: file,
                };
                check_chains(framework, Some(team), track, found, &files, findings);
            }
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
