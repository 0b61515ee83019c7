//! Expectations that build on another level's, as frameworks write "IC4's expectations, plus
//! …": `{as: below}`, `{as: IC4}`, `{as: 4}` or `{as: backend/IC4}`, each with optional `plus:`
//! words. Resolving one follows the chain, level by level on the same factor, to words written
//! out, reading a team's wording wherever the team rewords a level. A chain that loops, names
//! no level, or reaches a level silent on the factor is returned as `Broken` for the check to
//! report; nothing here reads files or makes findings.

use std::fmt;

use super::{Criterion, Framework, Level, LevelRef, Team, Track};
use crate::Pos;

/// The level an expectation follows, as written after `as:`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Follows {
    /// `below`: the next level down the same track.
    Below,
    /// Another level: on the same track unless a track is named (`backend/IC4`); an id alone
    /// may also be a level of another track that alone has it.
    Level {
        track: Option<String>,
        level: LevelRef,
    },
}

impl Follows {
    /// Reads `below`, `IC4`, `4` or `backend/IC4`; `None` for text that names nothing.
    pub fn parse(text: &str) -> Option<Follows> {
        let text = text.trim();
        if text == "below" {
            return Some(Follows::Below);
        }
        let (track, level) = match text.split_once('/') {
            Some((track, level)) => (Some(track.trim().to_string()), level.trim()),
            None => (None, text),
        };
        if level.is_empty() || track.as_deref().is_some_and(str::is_empty) {
            return None;
        }
        Some(Follows::Level {
            track,
            level: LevelRef::parse(level),
        })
    }

    /// "the level below", "IC4", "backend/IC4": how messages and word diffs name it.
    pub fn words(&self) -> String {
        match self {
            Follows::Below => "the level below".to_string(),
            Follows::Level { .. } => self.to_string(),
        }
    }
}

impl fmt::Display for Follows {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Follows::Below => f.write_str("below"),
            Follows::Level {
                track: Some(track),
                level,
            } => write!(f, "{track}/{level}"),
            Follows::Level { track: None, level } => write!(f, "{level}"),
        }
    }
}

/// One criterion of a resolved expectation, with the level whose expectation writes it.
#[derive(Debug, Clone, Copy)]
pub struct Sourced<'a> {
    pub criterion: &'a Criterion,
    pub track: &'a Track,
    pub level: u32,
}

/// A level's expectation on a factor with every `{as: …}` followed: the words of the level
/// followed first, then what each level on the way adds.
#[derive(Debug, Clone)]
pub struct Resolved<'a> {
    pub criteria: Vec<Sourced<'a>>,
    /// The point on the factor's scale the level followed last requires, `{milestone: N}`.
    pub required: Option<Required<'a>>,
}

/// A required milestone with its words ("Milestone 3 of 5 (Evangelizes)") and the level
/// that writes it.
#[derive(Debug, Clone)]
pub struct Required<'a> {
    pub point: u32,
    pub words: String,
    pub track: &'a Track,
    pub level: u32,
}

impl<'a> Resolved<'a> {
    /// The criteria as one text, one a line, for word diffs and side-by-side views.
    pub fn text(&self) -> String {
        self.lines().join("\n")
    }

    /// The required milestone by name first, then the criteria.
    pub fn lines(&self) -> Vec<String> {
        let required = self.required.iter().map(|required| required.words.clone());
        required
            .chain(
                self.criteria
                    .iter()
                    .map(|sourced| sourced.criterion.criterion.clone()),
            )
            .collect()
    }

    /// Where each criterion comes from, when not from the level asked about: aligned with the
    /// criteria, `None` for words written there.
    pub fn origins(&self, track: &Track, level: u32) -> Vec<Option<String>> {
        let from = |written: &Track, at: u32| {
            (written.id.value != track.id.value || at != level).then(|| place(written, at, track))
        };
        let required = self
            .required
            .iter()
            .map(|required| from(required.track, required.level));
        required
            .chain(
                self.criteria
                    .iter()
                    .map(|sourced| from(sourced.track, sourced.level)),
            )
            .collect()
    }

    /// The criteria one a line, each taken from another level saying so: "… (from IC4)"; the
    /// required milestone left to columns of its own.
    pub fn sourced_text(&self, track: &Track, level: u32) -> String {
        self.lines()
            .into_iter()
            .zip(self.origins(track, level))
            .skip(usize::from(self.required.is_some()))
            .map(|(line, origin)| match origin {
                Some(origin) => format!("{line} (from {origin})"),
                None => line,
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The levels other than the one asked about that the words come from, in the order of
    /// their words.
    pub fn sources(&self, track: &Track, level: u32) -> Vec<String> {
        let mut sources: Vec<String> = Vec::new();
        for origin in self.origins(track, level).into_iter().flatten() {
            if !sources.contains(&origin) {
                sources.push(origin);
            }
        }
        sources
    }
}

/// A level as a reader on `here` names it: `IC4` (or `level 4`) on the same track,
/// `backend/IC4` on another.
pub fn place(track: &Track, level: u32, here: &Track) -> String {
    if track.id.value == here.id.value {
        track.label(level)
    } else {
        let id = track
            .level(level)
            .and_then(|found| found.id.as_ref())
            .map_or_else(|| level.to_string(), |id| id.value.clone());
        format!("{}/{id}", *track.id)
    }
}

/// One written expectation on a chain: its level, whether a team's wording holds it, and
/// where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub track: String,
    pub level: u32,
    pub in_team: bool,
    pub pos: Pos,
}

/// Why a chain does not reach words written out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// The last link's `as:` names no level, or (with `choices`) an id several tracks have.
    Unknown { choices: Vec<String> },
    /// The last link follows `below` at its track's first level.
    NothingBelow,
    /// The level the last link follows says nothing on the factor.
    Silent { track: String, level: u32 },
    /// The chain comes back to a link it passed: the circle starts at this index.
    Cycle { from: usize },
}

/// A chain that breaks: the links walked, from the level asked about, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub links: Vec<Link>,
    pub why: Why,
}

impl Framework {
    /// What a level expects on a factor, as a team reads it when one is given: `None` where the
    /// level says nothing on it, the words with their levels where `{as: …}` leads to words.
    pub fn expectation<'a>(
        &'a self,
        team: Option<&'a Team>,
        track: &'a Track,
        level: &'a Level,
        factor: &str,
    ) -> Result<Option<Resolved<'a>>, Broken> {
        let written = |track: &'a Track, level: &'a Level| {
            let worded = team
                .and_then(|team| team.wording(track, level))
                .and_then(|wording| wording.expectations.get(factor));
            match worded {
                Some(found) => Some((found, true)),
                None => level.expectations.get(factor).map(|found| (found, false)),
            }
        };
        let mut links: Vec<Link> = Vec::new();
        let mut parts: Vec<(&'a Track, u32, &'a [Criterion])> = Vec::new();
        let (mut track, mut level) = (track, level);
        let required = loop {
            let Some((found, in_team)) = written(track, level) else {
                if links.is_empty() {
                    return Ok(None);
                }
                let why = Why::Silent {
                    track: track.id.value.clone(),
                    level: *level.level,
                };
                return Err(Broken { links, why });
            };
            let here = Link {
                track: track.id.value.clone(),
                level: *level.level,
                in_team,
                pos: found.pos,
            };
            if let Some(from) = links
                .iter()
                .position(|link| link.track == here.track && link.level == here.level)
            {
                let why = Why::Cycle { from };
                return Err(Broken { links, why });
            }
            links.push(here);
            parts.push((track, *level.level, &found.value.criteria));
            let next = match &found.value.follows {
                None => {
                    break found.value.milestone.as_ref().map(|point| Required {
                        point: point.value,
                        words: self
                            .factor(factor)
                            .map_or_else(String::new, |factor| factor.required_words(point.value)),
                        track,
                        level: *level.level,
                    });
                }
                Some(Follows::Below) => {
                    match track.levels.iter().rev().find(|l| *l.level < *level.level) {
                        Some(below) => (track, below),
                        None => {
                            let why = Why::NothingBelow;
                            return Err(Broken { links, why });
                        }
                    }
                }
                Some(follows) => match self.followed(track, follows) {
                    Ok(found) => found,
                    Err(choices) => {
                        let why = Why::Unknown { choices };
                        return Err(Broken { links, why });
                    }
                },
            };
            (track, level) = next;
        };
        let criteria = parts
            .into_iter()
            .rev()
            .flat_map(|(track, level, criteria)| {
                criteria.iter().map(move |criterion| Sourced {
                    criterion,
                    track,
                    level,
                })
            })
            .collect();
        Ok(Some(Resolved { criteria, required }))
    }

    /// The level `{as: …}` on a level of `track` names; else the `track/id` choices where
    /// several tracks have the id, or none.
    pub fn followed<'a>(
        &'a self,
        track: &'a Track,
        follows: &Follows,
    ) -> Result<(&'a Track, &'a Level), Vec<String>> {
        let Follows::Level {
            track: named,
            level,
        } = follows
        else {
            return Err(Vec::new());
        };
        if let Some(named) = named {
            let track = self.track(named).ok_or_else(Vec::new)?;
            return track
                .find(level)
                .map(|found| (track, found))
                .ok_or_else(Vec::new);
        }
        if let Some(found) = track.find(level) {
            return Ok((track, found));
        }
        let LevelRef::Id(id) = level else {
            return Err(Vec::new());
        };
        let found: Vec<(&Track, &Level)> = self.with_id(id).collect();
        match found.as_slice() {
            [one] => Ok(*one),
            many => Err(many
                .iter()
                .filter_map(|(track, level)| {
                    Some(format!("{}/{}", *track.id, level.id.as_ref()?.value))
                })
                .collect()),
        }
    }
}
