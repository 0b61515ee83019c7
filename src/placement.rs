//! A teammate's position (`people/**/<id>.yml`) and the evidence for a level change
//! (`cases/**/*.md` front matter). Only the shapes live here; references are checked in `check`.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::Spanned;

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
    /// The level number on that track, from 1.
    pub level: Spanned<u32>,
    /// The step inside the level, from 1.
    pub step: Spanned<u32>,
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
    /// The target level.
    #[serde(default)]
    pub level: Option<Spanned<u32>>,
    /// The target step.
    #[serde(default)]
    pub step: Option<Spanned<u32>>,
    /// Who wrote the case (teammate ids).
    #[serde(default)]
    pub authors: Vec<Spanned<String>>,
    /// When the case was written (YYYY-MM-DD).
    #[serde(default)]
    pub date: Option<Spanned<String>>,
}
