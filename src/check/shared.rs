//! What the checks share: the findings for ids, duplicates and names that point at nothing, with a
//! suggestion where one is near, and what an approver entry or a login is. These are helpers a
//! check calls on the value in front of it: none walks a snapshot of its own accord, and none
//! imports a check.

use std::collections::HashMap;

use crate::Spanned;
use crate::finding::{Finding, did_you_mean};
use crate::framework::{Framework, LevelRef, ROLES, Track};
use crate::snapshot::Snapshot;

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

pub(super) fn check_id(id: &Spanned<String>, what: &str, file: &str, findings: &mut Vec<Finding>) {
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

pub(super) fn duplicates<'a>(
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

pub(super) fn with_suggestion<'a>(
    finding: Finding,
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Finding {
    match did_you_mean(wrong, candidates) {
        Some(suggestion) => finding.help(format!("did you mean `{suggestion}`?")),
        None => finding,
    }
}

pub(super) fn unknown_person(
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
    findings.push(with_suggestion(finding, id, snapshot.teammate_ids()));
    true
}

/// A track that is not in the framework, with the tracks that are and the nearest one.
pub(super) fn unknown_track(framework: &Framework, track: &Spanned<String>, file: &str) -> Finding {
    let mut ids: Vec<&str> = Vec::new();
    for track in &framework.tracks {
        if !ids.contains(&track.id.value.as_str()) {
            ids.push(&track.id.value);
        }
    }
    let known = match ids.as_slice() {
        [] => "it has none".to_string(),
        [only] => format!("its one track is `{only}`"),
        [first @ .., last] => format!(
            "its tracks are {} and `{last}`",
            first
                .iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let finding = Finding::error(
        "unknown-track",
        format!("track `{}` is not in the framework: {known}", **track),
    )
    .at(file, track.pos);
    with_suggestion(finding, track, ids)
}

/// The ids of a track's levels, for suggestions.
pub(super) fn level_ids(track: &Track) -> impl Iterator<Item = &str> {
    track
        .levels
        .iter()
        .filter_map(|level| level.id.as_ref().map(|id| id.value.as_str()))
}

/// A placement's or case's level as a number on the track, or a finding saying why not.
pub(super) fn resolve_level(
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
        LevelRef::Id(text) if level_ids(track).next().is_none() => Finding::error(
            "unknown-level",
            format!(
                "level `{text}` is not on track `{}`: expected a level number, {}",
                *track.id,
                track.span()
            ),
        ),
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
