//! Where a teammate stands, resolved against the framework and the team: track, level and step
//! as numbers and in words, the team's title, the lead. What diffs, history, pace and reports all
//! compare and print; it holds no judgement.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::framework::{StepRef, Steps};
use crate::placement::Placement;

use super::Snapshot;

/// Where a teammate stands, as a diff, the history and the reports show it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Position {
    pub team: Arc<str>,
    pub track: Arc<str>,
    /// The level's number on its track (0 when it does not resolve).
    pub level: u32,
    /// The step's number from 1; 0 on a track without steps.
    pub step: u32,
    pub lead: Option<Arc<str>>,
    /// The team's title for the level, when it gives one.
    pub title: Option<Arc<str>>,
    /// The level's id, e.g. `IC4`, when the framework gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level_id: Option<Arc<str>>,
    /// The step's label, where steps are labelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_label: Option<Arc<str>>,
    /// The level's grade on a shared scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<u32>,
    /// The roles held: `role` in JSON (the first), with `roles` beside it when there are several.
    #[serde(flatten)]
    pub roles: Roles,
    /// Where the teammate works, when the placement says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Arc<str>>,
}

impl Position {
    pub fn of(snapshot: &Snapshot, placement: &Placement) -> Position {
        let framework = snapshot.framework.as_ref().map(|entry| &entry.value);
        let track = framework.and_then(|framework| framework.track(&placement.track));
        let level = placement.level_number(framework).unwrap_or(0);
        let steps = framework.zip(track).map(|(f, t)| f.steps_of(t));
        let step = match (&placement.step, steps) {
            (Some(step), Some(steps)) => steps.number(step).unwrap_or(0),
            (Some(step), None) => match step.value {
                StepRef::Number(number) => number,
                StepRef::Label(_) => 0,
            },
            (None, _) => 0,
        };
        let roles: Vec<&str> = placement
            .role_ids()
            .into_iter()
            .map(|role| role.value.as_str())
            .collect();
        let title = track
            .zip(snapshot.team(&placement.team))
            .and_then(|(track, team)| team.value.title_of(track, level, &roles))
            .map(Arc::from);
        Position {
            team: Arc::from(placement.team.value.as_str()),
            track: Arc::from(placement.track.value.as_str()),
            level,
            step,
            lead: placement
                .lead_id()
                .map(|lead| Arc::from(lead.value.as_str())),
            title,
            level_id: track
                .and_then(|track| track.level(level))
                .and_then(|level| level.id.as_ref())
                .map(|id| Arc::from(id.value.as_str())),
            step_label: match steps {
                Some(steps @ Steps::Labels(_)) if step > 0 => Some(Arc::from(steps.label(step))),
                _ => None,
            },
            grade: framework.and_then(|framework| framework.grade_of(track, level)),
            roles: Roles(roles.into_iter().map(Arc::from).collect()),
            location: placement
                .location
                .as_ref()
                .map(|location| Arc::from(location.value.trim()))
                .filter(|location: &Arc<str>| !location.is_empty()),
        }
    }

    /// "engineering maker L3 S2", the team and the compact position.
    pub fn with_team(&self) -> String {
        format!("{} {}", self.team, self.short())
    }

    /// "maker L3 S2" (or "maker IC4", "backend L3 B"), the compact form used in tables.
    pub fn short(&self) -> String {
        let mut out = format!("{} {}", self.track, self.level_label());
        if let Some(label) = &self.step_label {
            out.push_str(&format!(" {label}"));
        } else if self.step > 0 {
            out.push_str(&format!(" S{}", self.step));
        }
        if !self.roles.0.is_empty() {
            out.push_str(&format!(" ({})", self.roles.words()));
        }
        out
    }

    /// "IC4", or "L3" when the level has no id.
    pub fn level_label(&self) -> String {
        match &self.level_id {
            Some(id) => id.to_string(),
            None => format!("L{}", self.level),
        }
    }

    /// "IC4", or "3" when the level has no id: the level as a placement writes it.
    pub fn level_label_words(&self) -> String {
        match &self.level_id {
            Some(id) => id.to_string(),
            None => self.level.to_string(),
        }
    }

    /// "IC4", or "level 3" when the level has no id.
    pub fn level_words(&self) -> String {
        match &self.level_id {
            Some(id) => id.to_string(),
            None => format!("level {}", self.level),
        }
    }

    /// The step as a placement writes it, a label or a number; none on a track without steps.
    pub fn step_words(&self) -> Option<String> {
        match (&self.step_label, self.step) {
            (Some(label), _) => Some(label.to_string()),
            (None, 0) => None,
            (None, step) => Some(step.to_string()),
        }
    }

    /// "level 3 step 2", "IC4", "level 3 step B": the position in words.
    pub fn words(&self) -> String {
        match self.step_words() {
            Some(step) => format!("{} step {step}", self.level_words()),
            None => self.level_words(),
        }
    }
}

/// The roles a teammate holds, in the order their file lists them. Boxed: a history keeps
/// hundreds of thousands of positions, and a role list never grows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Roles(pub Box<[Arc<str>]>);

impl Roles {
    /// The first role, which JSON has always called `role`.
    pub fn first(&self) -> Option<&Arc<str>> {
        self.0.first()
    }

    /// "tech-lead", or "coordinator, tech-lead".
    pub fn words(&self) -> String {
        self.0
            .iter()
            .map(|role| &**role)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Serialize for Roles {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        if let Some(first) = self.first() {
            map.serialize_entry("role", first)?;
        }
        if self.0.len() > 1 {
            map.serialize_entry("roles", &self.0)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Roles {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Written {
            #[serde(default)]
            role: Option<Arc<str>>,
            #[serde(default)]
            roles: Vec<Arc<str>>,
        }
        let written = Written::deserialize(deserializer)?;
        Ok(Roles(if written.roles.is_empty() {
            written.role.into_iter().collect()
        } else {
            written.roles.into()
        }))
    }
}
