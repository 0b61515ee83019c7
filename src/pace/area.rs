//! Pace across teams or tracks: the same test with a team or a track in the place of a lead.
//!
//! Each move is credited to the team (or track) the person was on when it landed, and each
//! report-month to the team they were on then. A team is one unit of evidence however many
//! leads it holds, so leads nested in a team are never counted twice.

use serde::{Deserialize, Serialize};

use super::{Settings, Shape, Standing};
use crate::history::Event;
use crate::snapshot::Snapshot;

/// What the test compares: leads (the default), teams or tracks.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    #[default]
    Lead,
    Team,
    Track,
}

impl Unit {
    pub fn is_lead(self) -> bool {
        self == Unit::Lead
    }

    /// "lead", "team" or "track".
    pub fn one(self) -> &'static str {
        match self {
            Unit::Lead => "lead",
            Unit::Team => "team",
            Unit::Track => "track",
        }
    }

    /// "leads", "teams" or "tracks".
    pub fn many(self) -> &'static str {
        match self {
            Unit::Lead => "leads",
            Unit::Team => "teams",
            Unit::Track => "tracks",
        }
    }

    /// The noun for `count` of them.
    pub fn count(self, count: usize) -> &'static str {
        if count == 1 { self.one() } else { self.many() }
    }

    /// "Leads", "Teams" or "Tracks".
    pub fn title(self) -> &'static str {
        match self {
            Unit::Lead => "Leads",
            Unit::Team => "Teams",
            Unit::Track => "Tracks",
        }
    }
}

/// Where pace stands on `as_of` for teams or tracks (or leads), with the verdict of `review`.
pub fn standing_by(
    events: &[&Event],
    unit: Unit,
    review: super::Review,
    as_of: jiff::civil::Date,
    settings: &Settings,
    shape: &Shape,
) -> Standing {
    let mut standing = super::standing_since(events, review, as_of, settings, &shape.by(unit));
    standing.review.by = unit;
    standing.now.by = unit;
    standing.alarm.by = unit;
    standing
}

/// How many teams (tracks) had people who could move in the window: below two there is
/// nothing to compare.
pub fn compared(report: &super::PaceReport) -> usize {
    let mut ids: Vec<&str> = report
        .leads
        .iter()
        .filter(|result| result.exposure > 0.0)
        .map(|result| &*result.lead)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

/// A lead's, team's or track's name as the files give it.
pub fn name_of<'a>(snapshot: &'a Snapshot, unit: Unit, id: &str) -> Option<&'a str> {
    match unit {
        Unit::Lead => snapshot
            .person(id)
            .map(|entry| entry.value.name.value.as_str()),
        Unit::Team => snapshot.team(id).map(|team| team.value.name.value.as_str()),
        Unit::Track => snapshot
            .framework
            .as_ref()
            .and_then(|framework| framework.value.track(id))
            .map(|track| track.name.as_str()),
    }
}
