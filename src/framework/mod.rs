//! The framework as users write it: tracks with ordered levels (on a per-track or a shared
//! scale), the steps inside levels, the factors levels are judged on, the policy that judges
//! changes, and each team's range, titles, wording and roles. These types are also the source of
//! the JSON Schema. Checking references between them lives in `check`; nothing here reads files.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::Spanned;
pub mod calendar;
pub mod follow;
pub mod pay;
pub mod policy;
pub mod scale;
pub mod values;

pub use calendar::Calendar;
pub use follow::{Follows, Required, Resolved};
pub use policy::{
    ANNIVERSARY, Approvers, LeadRules, MinLevel, PacePolicy, Policy, ROLES, mistyped_role,
};
pub use scale::Milestone;
pub use values::{Criterion, Expectation, LevelRef, StepRef, Steps, Typical, Years};

/// `framework.yml`: the shape of the ladder, shared by every team.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// The framework's name, e.g. the company's.
    pub name: Spanned<String>,
    /// `per-track` (the default): each track numbers its levels from 1, and levels on different
    /// tracks are not compared. `shared`: level numbers are grades on one company-wide scale, a
    /// track may start above 1 (managers from M3), and a move between tracks at the same number
    /// is a lateral switch.
    #[serde(default)]
    pub scale: Scale,
    /// The steps inside every level: a count numbered from 1 (default 4), a list of labels such
    /// as `[A, B, C, D, E]`, or `none`. A track may set its own.
    #[serde(default = "default_steps")]
    pub steps: Spanned<Steps>,
    /// Groups of factors, e.g. Dropbox's pillars or Snowflake's A–D.
    #[serde(default)]
    pub categories: Vec<Category>,
    /// What levels are judged on, e.g. scope of influence and ownership.
    #[serde(default)]
    pub factors: Vec<Factor>,
    /// The paths through the ladder, e.g. maker and manager.
    pub tracks: Vec<Track>,
    /// Who approves what, and the limits changes must keep.
    #[serde(default)]
    pub policy: Policy,
    /// Yearly pay per track, level and step, for companies that publish salaries.
    #[serde(default)]
    pub pay: Option<pay::Pay>,
}

fn default_steps() -> Spanned<Steps> {
    Spanned::new(Steps::Count(4), crate::Pos::default())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Scale {
    #[default]
    PerTrack,
    Shared,
}

#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Factor {
    /// Stable id used as the key under each level's `expectations`; renaming the factor's name
    /// keeps it the same factor.
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// The category id this factor belongs to.
    #[serde(default)]
    pub category: Option<Spanned<String>>,
    /// The tracks this factor applies to; all tracks when absent.
    #[serde(default)]
    pub tracks: Vec<Spanned<String>>,
    /// The first level number this factor applies from, e.g. leadership from level 3.
    #[serde(default)]
    pub from_level: Option<Spanned<u32>>,
    /// The last level number this factor applies to, e.g. hands-on delivery up to level 5.
    #[serde(default)]
    pub to_level: Option<Spanned<u32>>,
    /// The factor's scale: milestones a teammate can be assessed at, from 1 upwards (0 means
    /// not yet at the first), each a sentence or `{name, description, behaviours}`.
    /// Placements may carry an `assessment`, and levels a `{milestone: N}`, only for factors
    /// that define milestones.
    #[serde(default)]
    pub milestones: Vec<Spanned<Milestone>>,
}

impl Factor {
    /// Whether levels of this track and number are judged on this factor.
    pub fn applies(&self, track: &str, level: u32) -> bool {
        (self.tracks.is_empty() || self.tracks.iter().any(|t| t.value == track))
            && self.from_level.as_ref().is_none_or(|from| level >= **from)
            && self.to_level.as_ref().is_none_or(|to| level <= **to)
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Track {
    /// Short id placements use in `track:`, e.g. `maker`.
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// This track's steps, overriding the framework's `steps`.
    #[serde(default)]
    pub steps: Option<Spanned<Steps>>,
    /// Levels from the first upwards, numbered consecutively: from 1, or on a shared scale
    /// from the track's first grade.
    pub levels: Vec<Level>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// The level's number on its track (its grade on a shared scale).
    pub level: Spanned<u32>,
    /// A short id placements may use instead of the number, e.g. `IC4` or `M3`.
    #[serde(default)]
    pub id: Option<Spanned<String>>,
    /// A track-wide name for the level; teams give their own titles.
    #[serde(default)]
    pub name: Option<String>,
    /// The level's grade, where tracks do not line up number for number: a switch between
    /// levels of one grade is lateral, and `compare` calls them the same grade. On a shared
    /// scale it overrides the level's number.
    #[serde(default)]
    pub grade: Option<Spanned<u32>>,
    /// The job title at this level for every team on the track, e.g. `Senior Engineer`; a
    /// team's own `titles` override it.
    #[serde(default)]
    pub title: Option<Spanned<String>>,
    /// One or two sentences on the level; optional where the expectations say it all.
    #[serde(default)]
    pub summary: String,
    /// What is expected at this level, per factor id: a sentence, or a list of criteria, each
    /// a sentence or `{criterion, examples}`.
    #[serde(default)]
    pub expectations: BTreeMap<String, Spanned<Expectation>>,
    /// Where someone at this level spends their attention.
    #[serde(default)]
    pub focus: Option<String>,
    /// Typical months from reaching this level to reaching the next: a number, a range such as
    /// `18-24`, or `career` for a level people may stay at. On a track's top level it is read
    /// as typical tenure.
    #[serde(default)]
    pub typical_months_to_next: Option<Spanned<Typical>>,
    /// Typical months from one step to the next at this level.
    #[serde(default)]
    pub typical_months_per_step: Option<Spanned<Typical>>,
    /// Years of experience the level usually goes with: `3`, `2-4` or `8+`.
    #[serde(default)]
    pub years: Option<Spanned<Years>>,
    /// Reached only by promotion: a hire into this level is a finding.
    #[serde(default)]
    pub internal_only: bool,
    /// Anything else the framework says of the level, by heading: prerequisites, an
    /// "equivalent to" line. Shown and exported as written.
    #[serde(default)]
    pub notes: BTreeMap<String, String>,
}

/// `teams/<team>.yml`: a team's name, its director, the levels it uses, its own titles,
/// timeframes and wording, and the roles inside it.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub name: Spanned<String>,
    /// The teammate id of the area director, who grants steps. A team may have none: the
    /// `director` approver is then the nearest lead above who directs a team, else the
    /// policy's `fallback`.
    #[serde(default)]
    pub director: Option<Spanned<String>>,
    /// The levels of each track this team uses, per track id; the whole track when absent.
    #[serde(default)]
    pub levels: BTreeMap<String, Spanned<LevelRange>>,
    /// Titles per track id, one per level from the team's first level on that track upwards.
    #[serde(default)]
    pub titles: BTreeMap<String, Spanned<Vec<Spanned<String>>>>,
    /// Typical months to the next level on this team, overriding the framework, per track id,
    /// aligned like `titles`: numbers, ranges such as `12-24`, or `career`.
    #[serde(default)]
    pub timeframes: BTreeMap<String, Spanned<Vec<Spanned<Typical>>>>,
    /// This team's own words for some levels, per track id and level (number or id); what it
    /// leaves out is the framework's.
    #[serde(default)]
    pub wording: BTreeMap<String, BTreeMap<String, Spanned<Wording>>>,
    /// Roles inside the team that people enter from given levels, a lateral move.
    #[serde(default)]
    pub roles: Vec<Role>,
}

/// A range of levels on one track, by number or id, both ends included.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LevelRange {
    pub from: Spanned<LevelRef>,
    pub to: Spanned<LevelRef>,
}

/// A team's rewording of one level; absent fields keep the framework's words.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Wording {
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub focus: Option<String>,
    #[serde(default)]
    pub expectations: BTreeMap<String, Spanned<Expectation>>,
}

/// A role inside a team, e.g. Buffer's Tech Hero, held at some levels of a track and entered
/// from others.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Short id placements use in `role:`.
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// The track the role is on; the framework's first track when absent.
    #[serde(default)]
    pub track: Option<Spanned<String>>,
    /// The levels the role is held at.
    pub levels: Spanned<LevelRange>,
    /// Titles, one per level of the role from its first upwards.
    #[serde(default)]
    pub titles: Vec<Spanned<String>>,
    /// The levels someone may enter the role from; any level when absent.
    #[serde(default)]
    pub entry: Option<Spanned<LevelRange>>,
}

impl Framework {
    pub fn track(&self, id: &str) -> Option<&Track> {
        self.tracks.iter().find(|track| track.id.value == id)
    }

    /// The steps a track's levels have.
    pub fn steps_of<'a>(&'a self, track: &'a Track) -> &'a Steps {
        track.steps.as_ref().map_or(&self.steps.value, |s| &s.value)
    }

    /// Whether a placement's position reads differently with the framework at hand: level ids,
    /// step labels or grades. Without any, the numbers in the file say it all.
    pub fn shapes_positions(&self) -> bool {
        self.scale == Scale::Shared
            || matches!(self.steps.value, Steps::Labels(_))
            || self.tracks.iter().any(|track| {
                track
                    .steps
                    .as_ref()
                    .is_some_and(|steps| matches!(steps.value, Steps::Labels(_)))
                    || track.levels.iter().any(|level| level.id.is_some())
            })
    }

    pub fn factor(&self, id: &str) -> Option<&Factor> {
        self.factors.iter().find(|factor| factor.id.value == id)
    }

    /// A level's grade on the company-wide scale, when the framework has one.
    pub fn grade(&self, level: u32) -> Option<u32> {
        (self.scale == Scale::Shared).then_some(level)
    }

    /// A level's grade: its own `grade` where the framework gives one (M3 at grade 4, a
    /// Director at 7), else its number on a shared scale, else none.
    pub fn grade_of(&self, track: Option<&Track>, level: u32) -> Option<u32> {
        track
            .and_then(|track| track.level(level))
            .and_then(|level| level.grade.as_ref())
            .map(|grade| grade.value)
            .or_else(|| self.grade(level))
    }

    /// Finds a level written as `track/level`, or as a level id alone when only one track has
    /// it.
    pub fn find(&self, text: &str) -> Option<(&Track, &Level)> {
        if let Some((track, level)) = text.split_once('/') {
            let track = self.track(track)?;
            return Some((track, track.find(&LevelRef::parse(level))?));
        }
        let mut found = self.with_id(text);
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// Every track's level whose id is `id`, ignoring case: several tracks may share one.
    pub fn with_id<'a>(&'a self, id: &str) -> impl Iterator<Item = (&'a Track, &'a Level)> {
        self.tracks.iter().filter_map(move |track| {
            let level = track.levels.iter().find(|level| {
                level
                    .id
                    .as_ref()
                    .is_some_and(|own| own.value.eq_ignore_ascii_case(id))
            })?;
            Some((track, level))
        })
    }
}

impl Track {
    pub fn level(&self, number: u32) -> Option<&Level> {
        self.levels.iter().find(|level| level.level.value == number)
    }

    /// The title the track gives a level, for every team that gives none of its own.
    pub fn title(&self, number: u32) -> Option<&str> {
        self.level(number)?
            .title
            .as_ref()
            .map(|title| title.value.as_str())
    }

    /// Whether any level of the track has a title of its own.
    pub fn has_titles(&self) -> bool {
        self.levels.iter().any(|level| level.title.is_some())
    }

    /// A level by number or id.
    pub fn find(&self, wanted: &LevelRef) -> Option<&Level> {
        match wanted {
            LevelRef::Number(number) => self.level(*number),
            LevelRef::Id(id) => self
                .levels
                .iter()
                .find(|level| level.id.as_ref().is_some_and(|own| own.value == *id)),
        }
    }

    pub fn first(&self) -> u32 {
        self.levels.first().map_or(1, |level| *level.level)
    }

    pub fn last(&self) -> u32 {
        self.levels.last().map_or(0, |level| *level.level)
    }

    /// "IC4", or "level 4" when the level has no id.
    pub fn label(&self, number: u32) -> String {
        match self.level(number).and_then(|level| level.id.as_ref()) {
            Some(id) => id.value.clone(),
            None => format!("level {number}"),
        }
    }

    /// Some of the track's levels in words: "IC2 to IC6", "levels 2 to 3", "level 3 only".
    pub fn range_words(&self, from: u32, to: u32) -> String {
        let ids = self
            .level(from)
            .and_then(|level| level.id.as_ref())
            .zip(self.level(to).and_then(|level| level.id.as_ref()));
        match (from == to, ids) {
            (true, _) => format!("{} only", self.label(from)),
            (false, Some((first, last))) => format!("{} to {}", first.value, last.value),
            (false, None) => format!("levels {from} to {to}"),
        }
    }

    /// Levels as a range for messages: "IC1 to IC7" or "1 to 5".
    pub fn span(&self) -> String {
        let ids = self
            .levels
            .first()
            .and_then(|l| l.id.as_ref())
            .zip(self.levels.last().and_then(|l| l.id.as_ref()));
        match ids {
            Some((first, last)) => format!("{} to {}", first.value, last.value),
            // By count, so a track whose numbers skip still reads as the levels it holds.
            None => format!(
                "{} to {}",
                self.first(),
                self.first() + u32::try_from(self.levels.len().max(1) - 1).unwrap_or(0)
            ),
        }
    }
}

impl LevelRange {
    /// Both ends as level numbers on the track, when both exist and run upwards.
    pub fn resolve(&self, track: &Track) -> Option<(u32, u32)> {
        let from = *track.find(&self.from)?.level;
        let to = *track.find(&self.to)?.level;
        (from <= to).then_some((from, to))
    }
}

impl Team {
    /// The first level this team uses on a track.
    pub fn first_level(&self, track: &Track) -> u32 {
        self.levels
            .get(&*track.id)
            .and_then(|range| range.value.resolve(track))
            .map_or(track.first(), |(from, _)| from)
    }

    /// The levels this team uses on a track, both ends included.
    pub fn range(&self, track: &Track) -> (u32, u32) {
        self.levels
            .get(&*track.id)
            .and_then(|range| range.value.resolve(track))
            .unwrap_or((track.first(), track.last()))
    }

    /// The title for a level (or for a role's level) on this team: the role's, else the
    /// team's own, else the track's.
    pub fn title<'a>(
        &'a self,
        track: &'a Track,
        level: u32,
        role: Option<&str>,
    ) -> Option<&'a str> {
        if let Some(role) = role.and_then(|id| self.role(id))
            && let Some((from, _)) = role.levels.value.resolve(track)
            && !role.titles.is_empty()
        {
            let index = usize::try_from(level.checked_sub(from)?).ok()?;
            return role.titles.get(index).map(|title| title.value.as_str());
        }
        self.own_title(track, level).or_else(|| track.title(level))
    }

    /// The title for a level held with several roles: the first role that gives titles decides,
    /// as a single role does; without one, the team's, else the track's.
    pub fn title_of<'a>(&'a self, track: &'a Track, level: u32, roles: &[&str]) -> Option<&'a str> {
        self.title(track, level, self.title_role(roles))
    }

    /// Of the roles held, the one that decides the title: the first that gives titles, else
    /// the first.
    pub fn title_role<'r>(&self, roles: &[&'r str]) -> Option<&'r str> {
        roles
            .iter()
            .find(|id| self.role(id).is_some_and(|role| !role.titles.is_empty()))
            .or(roles.first())
            .copied()
    }

    /// The title this team's own `titles` give a level, without the track's.
    pub fn own_title(&self, track: &Track, level: u32) -> Option<&str> {
        let index = usize::try_from(level.checked_sub(self.first_level(track))?).ok()?;
        let titles = self.titles.get(&*track.id)?;
        titles.value.get(index).map(|title| title.value.as_str())
    }

    /// The team's typical time for a level, when it gives one.
    pub fn timeframe(&self, track: &Track, level: u32) -> Option<&Typical> {
        let index = usize::try_from(level.checked_sub(self.first_level(track))?).ok()?;
        let times = self.timeframes.get(&*track.id)?;
        times.value.get(index).map(|time| &time.value)
    }

    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|role| role.id.value == id)
    }

    /// The team's wording for a level, when it rewords it.
    pub fn wording(&self, track: &Track, level: &Level) -> Option<&Wording> {
        let words = self.wording.get(&*track.id)?;
        words
            .iter()
            .find(|(key, _)| {
                track.find(&LevelRef::parse(key)).map(|l| *l.level) == Some(*level.level)
            })
            .map(|(_, wording)| &wording.value)
    }
}

impl Role {
    /// The track id the role is on.
    pub fn track_id<'a>(&'a self, framework: &'a Framework) -> Option<&'a str> {
        match &self.track {
            Some(track) => Some(track.value.as_str()),
            None => framework
                .tracks
                .first()
                .map(|track| track.id.value.as_str()),
        }
    }
}

/// A level of a track as one team reads it: the team's words where it gives them, the
/// framework's elsewhere.
pub struct LevelView<'a> {
    pub track: &'a Track,
    pub level: &'a Level,
    pub summary: &'a str,
    pub focus: Option<&'a str>,
    pub title: Option<&'a str>,
    /// Each factor that applies at this level, with its expectation (if written), every
    /// `{as: …}` followed.
    pub expectations: Vec<(&'a Factor, Option<Resolved<'a>>)>,
}

impl Framework {
    pub fn view<'a>(
        &'a self,
        track: &'a Track,
        level: &'a Level,
        team: Option<&'a Team>,
    ) -> LevelView<'a> {
        let wording = team.and_then(|team| team.wording(track, level));
        let expectations = self
            .factors
            .iter()
            .filter(|factor| factor.applies(&track.id, *level.level))
            .map(|factor| {
                // A chain that breaks is the check's to report; here it says nothing.
                let text = self
                    .expectation(team, track, level, &factor.id)
                    .ok()
                    .flatten();
                (factor, text)
            })
            .collect();
        LevelView {
            track,
            level,
            summary: wording
                .and_then(|w| w.summary.as_deref())
                .unwrap_or(&level.summary),
            focus: wording
                .and_then(|w| w.focus.as_deref())
                .or(level.focus.as_deref()),
            title: match team {
                Some(team) => team.title(track, *level.level, None),
                None => track.title(*level.level),
            },
            expectations,
        }
    }
}

/// A placement's level and step as numbers, resolved against the framework.
pub fn resolve_position(
    framework: &Framework,
    track: &str,
    level: &LevelRef,
    step: Option<&StepRef>,
) -> Option<(u32, u32)> {
    let track = framework.track(track)?;
    let level = *track.find(level)?.level;
    let step = match step {
        Some(step) => framework.steps_of(track).number(step)?,
        None => 0,
    };
    Some((level, step))
}
