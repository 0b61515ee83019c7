//! Where one teammate stands, as `ladder show` says it: their position, since when, the time
//! at their level beside the framework's typical time, from the history and one placement.

use serde::Serialize;

use super::{DAYS_PER_MONTH, Event, History};
use crate::diff::ChangeKind;
use crate::framework::{Typical, Years};
use crate::snapshot::{Position, Snapshot};

/// Where someone stands, and for how long.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standing {
    pub id: String,
    pub name: String,
    pub position: Position,
    /// Since when they hold the level (and track), and the step; `None` when neither history
    /// nor `since` says.
    pub level_since: Option<jiff::civil::Date>,
    pub step_since: Option<jiff::civil::Date>,
    pub months_in_level: Option<f64>,
    pub months_in_step: Option<f64>,
    /// The framework's typical months to the next level (a team's timeframe overrides it); on
    /// a track's top level, the typical tenure there.
    pub typical_months_to_next: Option<Typical>,
    /// The typical months from one step to the next at this level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typical_months_per_step: Option<Typical>,
    /// Years of experience the framework says the level goes with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub years: Option<Years>,
    /// Whether the level is the top of its track, where there is no next level.
    pub top_of_track: bool,
    /// Milestones reached per factor, where the framework assesses factors.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub assessment: std::collections::BTreeMap<String, u32>,
    pub pace: Option<Pace>,
    pub as_of: jiff::civil::Date,
}

/// Time in level against the typical time: within a range, or within a fifth either way of a
/// single number; a career level is always within.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Pace {
    Before,
    Within,
    Past,
}

fn months_between(from: jiff::civil::Date, to: jiff::civil::Date) -> f64 {
    let days = to.since(from).map_or(0, |span| span.get_days());
    f64::from(days) / DAYS_PER_MONTH
}

/// A teammate's standing in a snapshot, timed from the history.
pub fn standing(
    snapshot: &Snapshot,
    history: &History,
    id: &str,
    as_of: jiff::civil::Date,
) -> Option<Standing> {
    standing_since(snapshot, id, as_of, last_set(history, id, as_of))
}

/// A teammate's last changes of level and of step, as the history tells them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LastSet {
    /// Their latest change that set the level, and of step, on or before the day asked about.
    pub level: Option<jiff::civil::Date>,
    pub step: Option<jiff::civil::Date>,
    /// Whether the latest change of all that set their level was the folder's first commit
    /// bringing them in: an import, not a hire.
    pub imported: bool,
}

/// `person`'s [`LastSet`] on `as_of`, from the history's events.
pub fn last_set(history: &History, person: &str, as_of: jiff::civil::Date) -> LastSet {
    let first_commit = history.events.first().map(|event| &event.landing.commit);
    let latest = history
        .trail(person)
        .rev()
        .find(|event| event.kind.sets_level());
    let dated: Vec<&Event> = history
        .trail(person)
        .filter(|event| event.date <= as_of)
        .collect();
    let last = |wanted: &dyn Fn(&ChangeKind) -> bool| {
        dated
            .iter()
            .rev()
            .find(|event| wanted(&event.kind))
            .map(|event| event.date)
    };
    LastSet {
        level: last(&ChangeKind::sets_level),
        step: last(&|kind| {
            kind.sets_level()
                || matches!(
                    kind,
                    ChangeKind::StepUp { .. } | ChangeKind::StepDown { .. }
                )
        }),
        imported: latest.is_some_and(|event| {
            matches!(*event.kind, ChangeKind::Hire)
                && !event.seeded
                && Some(&event.landing.commit) == first_commit
        }),
    }
}

/// Where `id` stands on `as_of`, with their last changes of level and step given.
pub fn standing_since(
    snapshot: &Snapshot,
    id: &str,
    as_of: jiff::civil::Date,
    set: LastSet,
) -> Option<Standing> {
    let entry = snapshot.person(id)?;
    let placement = &entry.value;
    let position = Position::of(snapshot, placement);
    let since = placement
        .since
        .as_ref()
        .and_then(|since| since.parse::<jiff::civil::Date>().ok());
    let level_since = set.level.or(since);
    let step_since = set.step.or(since);
    let framework = snapshot.framework.as_ref().map(|entry| &entry.value);
    let track = framework.and_then(|framework| framework.track(&placement.track));
    let level = track.and_then(|track| track.level(position.level));
    let team_timeframe = snapshot
        .team(&placement.team)
        .zip(track)
        .and_then(|(team, track)| team.value.timeframe(track, position.level).copied());
    let typical = team_timeframe.or_else(|| {
        level
            .and_then(|level| level.typical_months_to_next.as_ref())
            .map(|months| months.value)
    });
    let top_of_track = track.is_some_and(|track| track.last() == position.level);
    let months_in_level = level_since.map(|since| months_between(since, as_of));
    let pace = match (months_in_level, typical) {
        (Some(months), Some(typical)) => Some(match typical.judge(months) {
            std::cmp::Ordering::Less => Pace::Before,
            std::cmp::Ordering::Equal => Pace::Within,
            std::cmp::Ordering::Greater => Pace::Past,
        }),
        _ => None,
    };
    Some(Standing {
        id: entry.id.clone(),
        name: placement.name.value.clone(),
        position,
        level_since,
        step_since,
        months_in_level,
        months_in_step: step_since.map(|since| months_between(since, as_of)),
        typical_months_to_next: typical,
        typical_months_per_step: level
            .and_then(|level| level.typical_months_per_step.as_ref())
            .map(|months| months.value),
        years: level
            .and_then(|level| level.years.as_ref())
            .map(|years| years.value),
        top_of_track,
        assessment: placement
            .assessment
            .iter()
            .map(|(factor, milestone)| (factor.clone(), milestone.value))
            .collect(),
        pace,
        as_of,
    })
}
