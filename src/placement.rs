//! A teammate's position (`people/**/<id>.yml`) and the evidence for a level change
//! (`cases/**/*.md` front matter). Only the shapes live here; references are checked in `check`.

use schemars::JsonSchema;
use serde::Deserialize;

use std::collections::BTreeMap;

use crate::Spanned;
use crate::framework::{Framework, LevelRef, StepRef};

/// `people/**/<id>.yml`: where one teammate stands. The file stem is the teammate's id.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Placement {
    pub name: Spanned<String>,
    /// GitHub login, used to map authors and reviewers to teammates.
    #[serde(default)]
    pub github: Option<Spanned<String>>,
    /// Work email, used to map commit authors to teammates.
    #[serde(default)]
    pub email: Option<Spanned<String>>,
    /// The team id (a file stem under `teams/`).
    pub team: Spanned<String>,
    /// The track id, e.g. `maker` or `manager`.
    pub track: Spanned<String>,
    /// The level on that track: its number, or its id such as `IC4`.
    pub level: Spanned<LevelRef>,
    /// The step inside the level: a number from 1, or a label where steps are labelled. Left
    /// out on tracks without steps.
    #[serde(default)]
    pub step: Option<Spanned<StepRef>>,
    /// A role inside the team (an id from the team's `roles`).
    #[serde(default)]
    pub role: Option<Spanned<String>>,
    /// Several roles held at once, e.g. `[coordinator, tech-lead]`, instead of `role`; the
    /// first that titles the level gives the title.
    #[serde(default)]
    pub roles: Option<Spanned<Vec<Spanned<String>>>>,
    /// Milestones reached per factor id, where the framework defines milestones (0: not yet
    /// at the first).
    #[serde(default)]
    pub assessment: BTreeMap<String, Spanned<u32>>,
    /// Where the teammate works, for pay multiplied by location (a key of `pay.locations`).
    #[serde(default)]
    pub location: Option<Spanned<String>>,
    /// The lead's teammate id; empty only for the top of the tree.
    #[serde(default)]
    pub lead: Option<Spanned<String>>,
    /// When this placement began, for history imported from elsewhere (YYYY-MM-DD).
    #[serde(default)]
    pub since: Option<Spanned<String>>,
}

impl Placement {
    /// The lead's id, treating an empty `lead:` as none.
    pub fn lead_id(&self) -> Option<&Spanned<String>> {
        self.lead
            .as_ref()
            .filter(|lead| !lead.value.trim().is_empty())
    }

    /// The level's number on its track, when the framework has it.
    pub fn level_number(&self, framework: Option<&Framework>) -> Option<u32> {
        match (&self.level.value, framework) {
            (LevelRef::Number(number), _) => Some(*number),
            (level, Some(framework)) => Some(*framework.track(&self.track)?.find(level)?.level),
            (LevelRef::Id(_), None) => None,
        }
    }

    /// The roles held, from `role:` or `roles:`, leaving out empty ones.
    pub fn role_ids(&self) -> Vec<&Spanned<String>> {
        self.role
            .iter()
            .chain(self.roles.iter().flat_map(|roles| &roles.value))
            .filter(|role| !role.value.trim().is_empty())
            .collect()
    }

    /// Where the roles are written: the `role:` or `roles:` value.
    pub fn roles_pos(&self) -> Option<crate::Pos> {
        self.role
            .as_ref()
            .map(|role| role.pos)
            .or_else(|| self.roles.as_ref().map(|roles| roles.pos))
    }
}

impl Case {
    /// The target level's number on a track, when it exists there.
    pub fn level_number(&self, track: &crate::framework::Track) -> Option<u32> {
        let level = self.level.as_ref()?;
        Some(*track.find(level)?.level)
    }
}

/// The front matter of a case file: whose case it is and the position it argues for.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// The teammate id the case is for.
    pub person: Spanned<String>,
    #[serde(default)]
    pub title: Option<String>,
    /// The target track, when the case argues for a track switch too.
    #[serde(default)]
    pub track: Option<Spanned<String>>,
    /// The target level, by number or id.
    #[serde(default)]
    pub level: Option<Spanned<LevelRef>>,
    /// The target step.
    #[serde(default)]
    pub step: Option<Spanned<StepRef>>,
    /// Who wrote the case (teammate ids).
    #[serde(default)]
    pub authors: Vec<Spanned<String>>,
    /// When the case was written (YYYY-MM-DD).
    #[serde(default)]
    pub date: Option<Spanned<String>>,
}
