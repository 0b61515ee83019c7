//! Expectations that build on another level's (`{as: …}`): every chain reaches words written
//! out. A break is reported once, at the expectation whose own `as:` breaks it; a circle once,
//! at its first link in the file being checked, naming every link with its place. It judges
//! chains only; the words themselves are `framework`'s to check.

use super::shared::with_suggestion;
use crate::finding::Finding;
use crate::framework::follow::{Broken, Link, Why, place};
use crate::framework::{Follows, Framework, Level, Team, Track};

/// Where the files are: the framework's, and the one being checked (a team's, or the same).
pub(super) struct Files<'a> {
    pub framework: &'a str,
    pub here: &'a str,
}

/// The chains that start at one level's expectations: the framework's own, or with `team`
/// the team's wording of that level.
pub(super) fn check_chains(
    framework: &Framework,
    team: Option<&Team>,
    track: &Track,
    level: &Level,
    files: &Files<'_>,
    findings: &mut Vec<Finding>,
) {
    let expectations = match team {
        Some(team) => match team.wording(track, level) {
            Some(wording) => &wording.expectations,
            None => return,
        },
        None => &level.expectations,
    };
    for (factor, written) in expectations {
        let Some(follows) = &written.value.follows else {
            continue;
        };
        let Err(Broken { links, why }) = framework.expectation(team, track, level, factor) else {
            continue;
        };
        let here = || format!("{} of track `{}`", track.label(*level.level), *track.id);
        let finding = match why {
            Why::Cycle { from: 0 } if first_of_circle(&links) => {
                let file = |link: &Link| {
                    if link.in_team {
                        files.here
                    } else {
                        files.framework
                    }
                };
                let mut circle: Vec<String> = links
                    .iter()
                    .map(|link| {
                        format!(
                            "{} ({}:{}:{})",
                            name(framework, link),
                            file(link),
                            link.pos.line,
                            link.pos.column
                        )
                    })
                    .collect();
                circle.push(name(framework, &links[0]));
                Finding::error(
                    "expectation-cycle",
                    format!(
                        "expectations on `{factor}` follow each other in a circle: {}",
                        circle.join(" → ")
                    ),
                )
                .help("write the words out at one level of the circle")
            }
            // A circle met on the way, or a break further down the chain, is reported where it is.
            _ if links.len() != 1 => continue,
            Why::Cycle { .. } => continue,
            Why::NothingBelow => nothing_below(&here(), factor),
            Why::Silent { .. } if *follows == Follows::Below => nothing_below(&here(), factor),
            Why::Silent {
                track: other,
                level: number,
            } => {
                let named = framework
                    .track(&other)
                    .map_or_else(|| other.clone(), |found| place(found, number, track));
                Finding::error(
                    "nothing-to-follow",
                    format!(
                        "{} expects on `{factor}` what {named} does, but {named} says nothing on it",
                        here()
                    ),
                )
                .help(format!("write the expectation at {named}, or here"))
            }
            Why::Unknown { choices } if !choices.is_empty() => Finding::error(
                "unknown-level",
                format!(
                    "`as: {follows}` on `{factor}` names a level several tracks have: name its track, as `{}`",
                    choices.join("` or `")
                ),
            ),
            Why::Unknown { .. } => {
                let finding = Finding::error(
                    "unknown-level",
                    format!(
                        "`as: {follows}` on `{factor}` names no level: expected `below`, a level of track `{}` ({}), or `track/level` for another track's",
                        *track.id,
                        track.span()
                    ),
                );
                let names = level_names(framework, track);
                with_suggestion(
                    finding,
                    &follows.to_string(),
                    names.iter().map(String::as_str),
                )
            }
        };
        findings.push(finding.at(files.here, written.pos));
    }
}

fn nothing_below(here: &str, factor: &str) -> Finding {
    Finding::error(
        "nothing-below",
        format!(
            "{here} expects on `{factor}` what the level below does, but no level below says anything on it"
        ),
    )
    .help("write the expectation here, or on the level below")
}

/// A circle is reported from its first link written in the file being checked.
fn first_of_circle(links: &[Link]) -> bool {
    let key = |link: &Link| (link.pos.line, link.pos.column);
    let start = &links[0];
    links
        .iter()
        .filter(|link| link.in_team == start.in_team)
        .all(|link| key(link) >= key(start))
}

/// A link's level as `track/IC4`, or `track/4` where the level has no id.
fn name(framework: &Framework, link: &Link) -> String {
    let id = framework
        .track(&link.track)
        .and_then(|track| track.level(link.level))
        .and_then(|level| level.id.as_ref())
        .map_or_else(|| link.level.to_string(), |id| id.value.clone());
    format!("{}/{id}", link.track)
}

/// What `as:` could name from a level of `track`: its levels' ids and numbers, and every
/// level as `track/level`.
fn level_names(framework: &Framework, track: &Track) -> Vec<String> {
    let mut names = vec!["below".to_string()];
    for level in &track.levels {
        names.push(level.level.to_string());
        if let Some(id) = &level.id {
            names.push(id.value.clone());
        }
    }
    for other in &framework.tracks {
        for level in &other.levels {
            names.push(format!("{}/{}", *other.id, *level.level));
            if let Some(id) = &level.id {
                names.push(format!("{}/{}", *other.id, **id));
                names.push(id.value.clone());
            }
        }
    }
    names
}
