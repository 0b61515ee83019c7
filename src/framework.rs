//! The framework as users write it: tracks with ordered levels, the steps inside every level, the
//! factors levels are judged on, the policy that judges changes, and each team's titles. These
//! types are also the source of the JSON Schema. Checking references between them lives in `check`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::Spanned;

/// `framework.yml`: the shape of the ladder, shared by every team.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// The framework's name, e.g. the company's.
    pub name: Spanned<String>,
    /// Steps inside every level, numbered from 1. There is no step zero.
    #[serde(default = "default_steps")]
    pub steps: Spanned<u32>,
    /// What levels are judged on, e.g. scope of influence and ownership.
    #[serde(default)]
    pub factors: Vec<Factor>,
    /// The paths through the ladder, e.g. maker and manager.
    pub tracks: Vec<Track>,
    /// Who approves what, and the limits changes must keep.
    #[serde(default)]
    pub policy: Policy,
}

fn default_steps() -> Spanned<u32> {
    Spanned::new(4, crate::Pos::default())
}

#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Factor {
    /// Short id used as the key under each level's `expectations`.
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Track {
    /// Short id placements use in `track:`, e.g. `maker`.
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Levels from the first upwards; each names its number, starting at 1.
    pub levels: Vec<Level>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// The level's number on its track, counting from 1.
    pub level: Spanned<u32>,
    /// A track-wide name for the level; teams give their own titles.
    #[serde(default)]
    pub name: Option<String>,
    pub summary: String,
    /// What is expected at this level, per factor id.
    #[serde(default)]
    pub expectations: BTreeMap<String, Spanned<String>>,
    /// Where someone at this level spends their attention.
    #[serde(default)]
    pub focus: Option<String>,
    /// Typical months from reaching this level to reaching the next.
    #[serde(default)]
    pub typical_months_to_next: Option<Spanned<u32>>,
}

/// Who approves each kind of change, and the limits a change must keep. The base revision's
/// policy judges a pull request, never the head's.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// Who must approve an edit to this policy block.
    pub owners: Vec<Spanned<String>>,
    /// A level change needs a case file naming the person and the target level.
    pub case_file_required: bool,
    /// The most levels one change may move someone.
    pub max_level_jump: Spanned<u32>,
    /// The most steps one change may move someone within a level.
    pub max_step_jump: Spanned<u32>,
    /// Approvers per change kind: GitHub logins, `org/team` slugs, or the roles `lead`,
    /// `director` and `lead-of-lead`.
    pub approvers: Approvers,
    pub pace: PacePolicy,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            owners: Vec::new(),
            case_file_required: true,
            max_level_jump: Spanned::new(1, crate::Pos::default()),
            max_step_jump: Spanned::new(2, crate::Pos::default()),
            approvers: Approvers::default(),
            pace: PacePolicy::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Approvers {
    pub hire: Vec<Spanned<String>>,
    pub departure: Vec<Spanned<String>>,
    pub level: Vec<Spanned<String>>,
    pub step: Vec<Spanned<String>>,
    pub track: Vec<Spanned<String>>,
    pub team: Vec<Spanned<String>>,
    pub lead: Vec<Spanned<String>>,
    pub framework: Vec<Spanned<String>>,
}

impl Approvers {
    pub fn all(&self) -> impl Iterator<Item = &Spanned<String>> {
        [
            &self.hire,
            &self.departure,
            &self.level,
            &self.step,
            &self.track,
            &self.team,
            &self.lead,
            &self.framework,
        ]
        .into_iter()
        .flatten()
    }
}

/// The roles an approver entry may name instead of a login or team.
pub const ROLES: [&str; 3] = ["lead", "director", "lead-of-lead"];

#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PacePolicy {
    /// The window the pace test looks back over, in months.
    pub window_months: Spanned<u32>,
    /// The false discovery rate across all leads (Benjamini–Hochberg).
    pub q: Spanned<f64>,
    /// Leads with fewer report-months than this are "not enough data".
    pub min_exposure_months: Spanned<f64>,
}

impl Default for PacePolicy {
    fn default() -> Self {
        PacePolicy {
            window_months: Spanned::new(12, crate::Pos::default()),
            q: Spanned::new(0.05, crate::Pos::default()),
            min_exposure_months: Spanned::new(6.0, crate::Pos::default()),
        }
    }
}

/// `teams/<team>.yml`: a team's name, its director, and its own title for each level.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub name: Spanned<String>,
    /// The teammate id of the area director, who grants steps.
    #[serde(default)]
    pub director: Option<Spanned<String>>,
    /// Titles per track id, one per level from level 1 upwards.
    #[serde(default)]
    pub titles: BTreeMap<String, Spanned<Vec<Spanned<String>>>>,
    /// Typical months to the next level on this team, overriding the framework, per track id.
    #[serde(default)]
    pub timeframes: BTreeMap<String, Spanned<Vec<Spanned<u32>>>>,
}

impl Framework {
    pub fn track(&self, id: &str) -> Option<&Track> {
        self.tracks.iter().find(|track| track.id.value == id)
    }
}

impl Track {
    pub fn level(&self, number: u32) -> Option<&Level> {
        self.levels.iter().find(|level| level.level.value == number)
    }
}

impl Team {
    /// The team's title for a level, when it gives one.
    pub fn title(&self, track: &str, level: u32) -> Option<&str> {
        let index = usize::try_from(level.checked_sub(1)?).ok()?;
        let titles = self.titles.get(track)?;
        titles.value.get(index).map(|title| title.value.as_str())
    }
}
