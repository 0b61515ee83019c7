//! Two levels side by side, factor by factor: what each expects, and which words change from one
//! to the other. Levels may sit on different tracks (a maker and a manager at one grade) and be
//! read through one team's wording and titles. Returns data; `report::compare` renders it.

use serde::Serialize;

use crate::words::{Words, word_diff};

/// Below this share of unchanged text, a word diff reads as noise: show old and new whole.
const REWRITTEN: f64 = 0.3;

/// The words that change from one text to the other, or the whole of both when little is kept.
fn changes(before: &str, after: &str) -> Vec<Words> {
    let words = word_diff(before, after);
    let same: usize = words
        .iter()
        .map(|word| match word {
            Words::Same(text) => text.trim().len(),
            _ => 0,
        })
        .sum();
    let total = before.len().max(after.len()).max(1);
    if (same as f64) / (total as f64) >= REWRITTEN {
        return words;
    }
    [
        Words::Removed(before.to_string()),
        Words::Added(after.to_string()),
    ]
    .into_iter()
    .filter(|word| !matches!(word, Words::Removed(t) | Words::Added(t) if t.is_empty()))
    .collect()
}
use crate::finding::did_you_mean;
use std::collections::BTreeMap;

use crate::framework::{Framework, LevelView, Resolved, Team, Typical, Years};

/// One side of the comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    /// As the user named it, resolved: `maker/4`.
    pub reference: String,
    pub track: String,
    pub level: u32,
    pub id: Option<String>,
    pub name: Option<String>,
    pub title: Option<String>,
    pub grade: Option<u32>,
    pub summary: String,
    pub focus: Option<String>,
    pub typical_months_to_next: Option<Typical>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub years: Option<Years>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub internal_only: bool,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, String>,
}

/// One factor's expectations on both sides; a side is `None` where the factor does not apply
/// or the level says nothing about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactorRow {
    pub factor: String,
    pub name: String,
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The factor's milestones, one a line: "3 Evangelizes: ...".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scale: Vec<String>,
    pub left: Option<Vec<String>>,
    pub right: Option<Vec<String>>,
    /// Where each criterion on the left comes from when another level writes it (`IC4`,
    /// `backend/IC4`), aligned with `left`; empty when the level writes all its own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub left_from: Vec<Option<String>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub right_from: Vec<Option<String>>,
    /// From the left's words to the right's.
    pub words: Vec<Words>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub team: Option<String>,
    pub left: Side,
    pub right: Side,
    pub summary_words: Vec<Words>,
    pub factors: Vec<FactorRow>,
    /// "the same grade", "1 grade apart", or absent where tracks are not on one scale.
    pub grades: Option<String>,
}

/// Why a level named on the command line could not be found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompareError {
    #[error("no level `{wanted}`: {expected}")]
    UnknownLevel { wanted: String, expected: String },
    #[error("no team `{0}`")]
    UnknownTeam(String),
    #[error("level `{wanted}` is on more than one track: name its track, as {}", .choices.join(" or "))]
    SharedId {
        wanted: String,
        choices: Vec<String>,
    },
}

/// Compares two levels, each written `track/level` (number or id) or a level id that only one
/// track has.
pub fn compare_levels(
    framework: &Framework,
    team: Option<(&str, &Team)>,
    left: &str,
    right: &str,
) -> Result<Comparison, CompareError> {
    let find = |wanted: &str| {
        if !wanted.contains('/') {
            let choices: Vec<String> = framework
                .with_id(wanted)
                .filter_map(|(track, level)| {
                    Some(format!("`{}/{}`", *track.id, **level.id.as_ref()?))
                })
                .collect();
            if choices.len() > 1 {
                return Err(CompareError::SharedId {
                    wanted: wanted.to_string(),
                    choices,
                });
            }
        }
        framework.find(wanted).ok_or_else(|| {
            let mut names: Vec<String> = Vec::new();
            for track in &framework.tracks {
                for level in &track.levels {
                    names.push(format!("{}/{}", *track.id, *level.level));
                    if let Some(id) = &level.id {
                        names.push(format!("{}/{}", *track.id, **id));
                        names.push(id.value.clone());
                    }
                }
            }
            let tracks: Vec<String> = framework
                .tracks
                .iter()
                .map(|track| format!("{} {}", *track.id, track.span()))
                .collect();
            let mut expected = format!("expected track/level, e.g. {}", tracks.join(", "));
            if let Some(near) = did_you_mean(wanted, names.iter().map(String::as_str)) {
                expected.push_str(&format!("; did you mean `{near}`?"));
            }
            CompareError::UnknownLevel {
                wanted: wanted.to_string(),
                expected,
            }
        })
    };
    let (left_track, left_level) = find(left)?;
    let (right_track, right_level) = find(right)?;
    let team_value = team.map(|(_, team)| team);
    let a = framework.view(left_track, left_level, team_value);
    let b = framework.view(right_track, right_level, team_value);
    let mut factors = Vec::new();
    for factor in &framework.factors {
        fn pick<'v, 'a>(view: &'v LevelView<'a>, factor: &str) -> Option<&'v Resolved<'a>> {
            view.expectations
                .iter()
                .find(|(own, _)| own.id.value == factor)
                .and_then(|(_, text)| text.as_ref())
        }
        let (from, to) = (pick(&a, &factor.id), pick(&b, &factor.id));
        if from.is_none() && to.is_none() {
            continue;
        }
        let text = |e: Option<&Resolved<'_>>| e.map(Resolved::text).unwrap_or_default();
        let origins = |e: Option<&Resolved<'_>>, view: &LevelView<'_>| {
            let origins = e.map_or_else(Vec::new, |e| e.origins(view.track, *view.level.level));
            if origins.iter().all(Option::is_none) {
                Vec::new()
            } else {
                origins
            }
        };
        factors.push(FactorRow {
            factor: factor.id.value.clone(),
            name: factor.name.clone(),
            category: factor.category.as_ref().map(|c| c.value.clone()),
            description: factor.description.clone(),
            scale: factor.scale_lines(),
            words: changes(&text(from), &text(to)),
            left: from.map(Resolved::lines),
            right: to.map(Resolved::lines),
            left_from: origins(from, &a),
            right_from: origins(to, &b),
        });
    }
    let grades = match (
        framework.grade_of(Some(left_track), *left_level.level),
        framework.grade_of(Some(right_track), *right_level.level),
    ) {
        (Some(a), Some(b)) if a == b => Some("the same grade".to_string()),
        (Some(a), Some(b)) => {
            let apart = a.abs_diff(b);
            Some(format!(
                "{apart} grade{} apart",
                if apart == 1 { "" } else { "s" }
            ))
        }
        _ => None,
    };
    Ok(Comparison {
        team: team.map(|(id, _)| id.to_string()),
        summary_words: changes(a.summary, b.summary),
        left: side(framework, &a),
        right: side(framework, &b),
        factors,
        grades,
    })
}

fn side(framework: &Framework, view: &LevelView<'_>) -> Side {
    let id = view.level.id.as_ref().map(|id| id.value.clone());
    Side {
        reference: format!(
            "{}/{}",
            *view.track.id,
            id.clone().unwrap_or_else(|| view.level.level.to_string())
        ),
        track: view.track.id.value.clone(),
        level: *view.level.level,
        id,
        name: view.level.name.clone(),
        title: view.title.map(str::to_string),
        grade: framework.grade_of(Some(view.track), *view.level.level),
        summary: view.summary.to_string(),
        focus: view.focus.map(str::to_string),
        typical_months_to_next: view.level.typical_months_to_next.as_ref().map(|t| t.value),
        years: view.level.years.as_ref().map(|years| years.value),
        internal_only: view.level.internal_only,
        notes: view.level.notes.clone(),
    }
}
