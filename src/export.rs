//! The framework and the people as rows, for the spreadsheets People teams keep: one row per
//! track × level × factor, or one per teammate. CSV for a spreadsheet, JSON for a script.

use serde::Serialize;

use crate::snapshot::Position;
use crate::snapshot::Snapshot;

/// One level's expectation for one factor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FrameworkRow {
    pub track: String,
    pub level: u32,
    pub level_id: String,
    pub level_name: String,
    pub summary: String,
    pub focus: String,
    /// Typical time to the next level, as `show` says it: "12 months", "12–18 months", "career".
    pub typical_time_to_next: String,
    /// Years of experience the level goes with: "3 years", "2–4 years", "8+ years".
    pub years: String,
    /// Reached only by promotion.
    pub internal_only: bool,
    /// The level's notes, `heading: text`, one a line.
    pub notes: String,
    pub factor: String,
    pub factor_name: String,
    pub category: String,
    /// The criteria, one a line; one another level writes says so: "… (from IC4)".
    pub expectation: String,
    pub factor_description: String,
    /// The milestone the level requires on the factor's scale, and its name.
    pub milestone: String,
    pub milestone_name: String,
    /// The factor's milestones, one a line: "3 Evangelizes: ...".
    pub scale: String,
}

/// One teammate as they stand.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonRow {
    pub id: String,
    pub name: String,
    pub github: String,
    pub team: String,
    pub track: String,
    pub level: u32,
    pub level_id: String,
    pub step: String,
    pub title: String,
    /// The roles held, joined with ", " where there are several.
    pub role: String,
    pub lead: String,
    pub file: String,
}

/// Every level of every track against every factor that applies there, in the framework's
/// order.
pub fn framework_rows(snapshot: &Snapshot) -> Vec<FrameworkRow> {
    let Some(framework) = snapshot.framework.as_ref().map(|entry| &entry.value) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for track in &framework.tracks {
        for level in &track.levels {
            for factor in &framework.factors {
                if !factor.applies(&track.id, *level.level) {
                    continue;
                }
                let resolved = framework
                    .expectation(None, track, level, &factor.id.value)
                    .ok()
                    .flatten();
                let point = resolved
                    .as_ref()
                    .and_then(|e| e.required.as_ref())
                    .map(|required| required.point);
                rows.push(FrameworkRow {
                    track: track.id.value.clone(),
                    level: *level.level,
                    level_id: level
                        .id
                        .as_ref()
                        .map_or_else(String::new, |id| id.value.clone()),
                    level_name: level.name.clone().unwrap_or_default(),
                    summary: level.summary.clone(),
                    focus: level.focus.clone().unwrap_or_default(),
                    typical_time_to_next: level
                        .typical_months_to_next
                        .as_ref()
                        .map_or_else(String::new, |typical| typical.value.to_string()),
                    years: level
                        .years
                        .as_ref()
                        .map_or_else(String::new, |years| years.value.to_string()),
                    internal_only: level.internal_only,
                    notes: level
                        .notes
                        .iter()
                        .map(|(heading, text)| format!("{heading}: {text}"))
                        .collect::<Vec<_>>()
                        .join("\n"),
                    factor: factor.id.value.clone(),
                    factor_name: factor.name.clone(),
                    category: factor
                        .category
                        .as_ref()
                        .map_or_else(String::new, |category| category.value.clone()),
                    expectation: resolved.as_ref().map_or_else(String::new, |expectation| {
                        expectation.sourced_text(track, *level.level)
                    }),
                    factor_description: factor.description.clone().unwrap_or_default(),
                    milestone: point.map_or_else(String::new, |p| p.to_string()),
                    milestone_name: point
                        .and_then(|p| factor.milestone(p))
                        .map_or_else(String::new, |p| p.label().to_string()),
                    scale: factor.scale_lines().join("\n"),
                });
            }
        }
    }
    rows
}

/// Every teammate, by id.
pub fn people_rows(snapshot: &Snapshot) -> Vec<PersonRow> {
    let mut rows: Vec<PersonRow> = snapshot
        .people
        .iter()
        .map(|entry| {
            let placement = &entry.value;
            let position = Position::of(snapshot, placement);
            PersonRow {
                id: entry.id.clone(),
                name: placement.name.value.clone(),
                github: placement
                    .github
                    .as_ref()
                    .map_or_else(String::new, |login| login.value.clone()),
                team: position.team.to_string(),
                track: position.track.to_string(),
                level: position.level,
                level_id: position
                    .level_id
                    .as_deref()
                    .map_or_else(String::new, str::to_string),
                step: match (&position.step_label, position.step) {
                    (Some(label), _) => label.to_string(),
                    (None, 0) => String::new(),
                    (None, step) => step.to_string(),
                },
                title: position
                    .title
                    .as_deref()
                    .map_or_else(String::new, str::to_string),
                role: position.roles.words(),
                lead: position
                    .lead
                    .as_deref()
                    .map_or_else(String::new, str::to_string),
                file: entry.file.clone(),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    rows
}

/// Rows as CSV with a header line.
pub fn to_csv<T: Serialize>(rows: &[T]) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.serialize(row)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| csv::Error::from(error.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[derive(Serialize)]
struct Rows<'a, T> {
    version: u32,
    what: &'a str,
    rows: &'a [T],
}

/// Rows as one JSON object: `{version, what, rows}`.
pub fn to_json<T: Serialize>(what: &str, rows: &[T]) -> String {
    let mut text = serde_json::to_string_pretty(&Rows {
        version: 1,
        what,
        rows,
    })
    .unwrap_or_default();
    text.push('\n');
    text
}
