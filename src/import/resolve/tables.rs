//! The map's tables read against the framework: teams, levels, titles and locations in the
//! framework's terms, and one row's cells looked up in them to give a job, with the nearest
//! value named when one does not map. It must not default a value no table holds, nor know
//! who the people are; that is `people.rs`'s.

use std::collections::{BTreeMap, HashMap};

use crate::Pos;
use crate::finding::{Finding, did_you_mean};
use crate::framework::{Framework, Steps};

use super::{Job, Layout, cell};
use crate::import::fields::{Spot, level_number, step_number};
use crate::import::map::{Columns, ImportMap};
use crate::import::roster::Row;

/// The map read against the framework: its tables in the framework's terms.
pub struct Tables<'a> {
    pub map: &'a ImportMap,
    pub map_file: &'a str,
    pub framework: &'a Framework,
    teams: BTreeMap<String, String>,
    levels: BTreeMap<String, Spot>,
    /// Per team id: title → position (the map's `team_titles`, then `titles`, then the team's
    /// own titles; the first found wins).
    titles: HashMap<String, BTreeMap<String, (Spot, bool)>>,
    locations: BTreeMap<String, String>,
    /// Titles already reported as needing a step, so a finding is said once.
    stepless: std::cell::RefCell<std::collections::HashSet<String>>,
}

impl<'a> Tables<'a> {
    /// Checks every value of the map's tables against the framework and the teams.
    pub fn of(
        map: &'a ImportMap,
        map_file: &'a str,
        framework: &'a Framework,
        teams: &[(String, &crate::framework::Team)],
        findings: &mut Vec<Finding>,
    ) -> Tables<'a> {
        let team_ids: Vec<&str> = teams.iter().map(|(id, _)| id.as_str()).collect();
        let mut team_table = BTreeMap::new();
        for (value, team) in &map.teams {
            if team_ids.contains(&team.value.as_str()) {
                team_table.insert(value.clone(), team.value.clone());
            } else {
                let mut finding = Finding::error(
                    "import-map-team",
                    format!(
                        "`{}` is not a team: no teams/{}.yml",
                        team.value, team.value
                    ),
                )
                .at(map_file, team.pos);
                if let Some(near) = did_you_mean(&team.value, team_ids.iter().copied()) {
                    finding = finding.help(format!("did you mean `{near}`?"));
                }
                findings.push(finding);
            }
        }
        let default_step = map.default_step.as_ref().map(|step| step.value);
        let mut spot = |text: &crate::Spanned<String>| -> Option<Spot> {
            match position(framework, &text.value, default_step) {
                Ok(spot) => Some(spot),
                Err(message) => {
                    findings.push(
                        Finding::error("import-map-position", message)
                            .at(map_file, text.pos)
                            .help("a position is `track/level` or `track/level/step`, e.g. `maker/3/2`; a level may be its id (`maker/IC3`)"),
                    );
                    None
                }
            }
        };
        let levels = map
            .levels
            .iter()
            .filter_map(|(value, text)| Some((value.clone(), spot(text)?)))
            .collect();
        let everywhere: BTreeMap<String, Spot> = map
            .titles
            .iter()
            .filter_map(|(value, text)| Some((value.clone(), spot(text)?)))
            .collect();
        let mut own: HashMap<String, BTreeMap<String, Spot>> = HashMap::new();
        for (team, table) in &map.team_titles {
            for (value, text) in table {
                if let Some(position) = spot(text) {
                    own.entry(team.clone())
                        .or_default()
                        .insert(value.clone(), position);
                }
            }
        }
        for team in map.team_titles.keys() {
            if !team_ids.contains(&team.as_str()) {
                findings.push(
                    Finding::error(
                        "import-map-team",
                        format!("`team_titles` names `{team}`, which is not a team"),
                    )
                    .at(map_file, Pos::TOP),
                );
            }
        }
        let mut titles: HashMap<String, BTreeMap<String, (Spot, bool)>> = HashMap::new();
        for (id, team) in teams {
            let table = titles.entry(id.clone()).or_default();
            // The team's own titles come last: the map's tables win.
            for track in &framework.tracks {
                let steps = framework.steps_of(track);
                let (from, to) = team.range(track);
                for level in from..=to {
                    if let Some(title) = team.title(track, level, None) {
                        let step = match steps {
                            Steps::None => None,
                            _ => default_step,
                        };
                        let needs_step = !matches!(steps, Steps::None) && step.is_none();
                        table.insert(
                            title.to_string(),
                            (
                                Spot {
                                    track: track.id.value.clone(),
                                    level,
                                    step,
                                },
                                needs_step,
                            ),
                        );
                    }
                }
            }
            for (value, spot) in &everywhere {
                table.insert(value.clone(), (spot.clone(), false));
            }
            for (value, spot) in own.get(id).into_iter().flatten() {
                table.insert(value.clone(), (spot.clone(), false));
            }
        }
        let priced: Vec<&str> = framework
            .pay
            .as_ref()
            .map(|pay| pay.locations.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let mut locations = BTreeMap::new();
        for (value, key) in &map.locations {
            if priced.is_empty() || priced.contains(&key.value.as_str()) {
                locations.insert(value.clone(), key.value.clone());
            } else {
                let mut finding = Finding::error(
                    "import-map-location",
                    format!(
                        "`{}` is not one of the framework's pay locations",
                        key.value
                    ),
                )
                .at(map_file, key.pos);
                if let Some(near) = did_you_mean(&key.value, priced.iter().copied()) {
                    finding = finding.help(format!("did you mean `{near}`?"));
                }
                findings.push(finding);
            }
        }
        // Where no table is given, a value that is already a priced location is one.
        if map.locations.is_empty() {
            for key in &priced {
                locations.insert((*key).to_string(), (*key).to_string());
            }
        }
        Tables {
            map,
            map_file,
            framework,
            teams: team_table,
            levels,
            titles,
            locations,
            stepless: std::cell::RefCell::default(),
        }
    }

    /// The job a row gives, or the findings that say why it gives none.
    pub fn job(
        &self,
        file: &str,
        layout: &Layout,
        header: &Columns,
        row: &Row,
        findings: &mut Vec<Finding>,
    ) -> Option<Job> {
        let missing = |what: &str, column: &Option<crate::Spanned<String>>| {
            Finding::error(
                "import-missing-value",
                format!(
                    "no {what}: column `{}` is empty",
                    column.as_ref().map_or("", |c| c.value.as_str())
                ),
            )
            .at(
                file,
                Pos {
                    line: row.row,
                    column: 1,
                    offset: 0,
                    len: 0,
                },
            )
        };
        let team = match cell(row, layout.team) {
            None => {
                findings.push(missing("team", &header.team));
                None
            }
            Some(cell) => {
                match self.teams.get(&cell.value) {
                    Some(team) => Some(team.clone()),
                    None => {
                        let mut finding = Finding::error(
                            "import-unknown-team",
                            format!("`{}` is not in the map's `teams` table", cell.value),
                        )
                        .at(file, cell.pos());
                        finding = match did_you_mean(&cell.value, self.teams.keys().map(String::as_str)) {
                        Some(near) => finding.help(format!("did you mean `{near}`? else add `{}: <team id>` under `teams:` in {}", cell.value, self.map_file)),
                        None => finding.help(format!("add `{}: <team id>` under `teams:` in {}", cell.value, self.map_file)),
                    };
                        findings.push(finding);
                        None
                    }
                }
            }
        };
        let spot = match (cell(row, layout.level), cell(row, layout.title)) {
            (Some(level), _) => match self.levels.get(&level.value) {
                Some(spot) => Some(spot.clone()),
                None => {
                    let near = did_you_mean(&level.value, self.levels.keys().map(String::as_str));
                    findings.push(
                        unmapped(
                            Finding::error("import-unknown-level", String::new()),
                            ("job level", "levels", "<track/level/step>"),
                            &level.value,
                            near.map(|near| format!("`{near}`")),
                            self.map_file,
                        )
                        .at(file, level.pos()),
                    );
                    None
                }
            },
            (None, Some(title)) => {
                let team = team.as_ref()?;
                let table = self.titles.get(team)?;
                match table.get(&title.value) {
                    Some((spot, needs_step)) => {
                        if *needs_step {
                            if self.stepless.borrow_mut().insert(title.value.clone()) {
                                findings.push(
                                    Finding::error(
                                        "import-no-step",
                                        format!(
                                            "title `{}` is {} by the team's titles, which give no step",
                                            title.value,
                                            spot.words()
                                        ),
                                    )
                                    .at(file, title.pos())
                                    .help(format!(
                                        "set `default_step` in {}, or map the title with its step under `titles:`",
                                        self.map_file
                                    )),
                                );
                            }
                            return None;
                        }
                        Some(spot.clone())
                    }
                    None => {
                        let near = nearest(&title.value, table.keys().map(String::as_str))
                            .and_then(|near| {
                                let (spot, _) = table.get(near)?;
                                Some(format!("`{near}` ({})", spot.words()))
                            });
                        findings.push(
                            unmapped(
                                Finding::error("import-unknown-title", String::new()),
                                ("title", "titles", "<track/level/step>"),
                                &title.value,
                                near,
                                self.map_file,
                            )
                            .at(file, title.pos()),
                        );
                        None
                    }
                }
            }
            (None, None) => {
                let column = header.level.as_ref().or(header.title.as_ref()).cloned();
                findings.push(missing("position", &column));
                None
            }
        };
        let location = match cell(row, layout.location) {
            None => None,
            Some(cell) => match self.locations.get(&cell.value) {
                Some(location) => Some(location.clone()),
                None => {
                    let near = did_you_mean(&cell.value, self.locations.keys().map(String::as_str));
                    findings.push(
                        unmapped(
                            Finding::error("import-unknown-location", String::new()),
                            ("location", "locations", "<location>"),
                            &cell.value,
                            near.map(|near| format!("`{near}`")),
                            self.map_file,
                        )
                        .at(file, cell.pos()),
                    );
                    return None;
                }
            },
        };
        Some(Job {
            team: team?,
            spot: spot?,
            lead: cell(row, layout.lead).cloned(),
            location,
        })
    }
}

/// A value no table of the map holds; `near` is the nearest one it does, as shown.
fn unmapped(
    mut finding: Finding,
    (what, table, placeholder): (&str, &str, &str),
    value: &str,
    near: Option<String>,
    map_file: &str,
) -> Finding {
    finding.message = format!("{what} `{value}` is not in the map's `{table}`");
    let add = format!("add `{value}: {placeholder}` under `{table}:` in {map_file}");
    match near {
        Some(near) => finding.help(format!("the nearest {what} it knows is {near}; else {add}")),
        None => finding.help(add),
    }
}

/// The nearest title: the same words once abbreviations are spelled out (`Sr.` is
/// `Senior`), else the most similar, however far: for a title the closest is worth naming.
fn nearest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let words = |text: &str| -> String {
        text.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .map(|word| match word {
                "sr" | "snr" => "senior",
                "jr" | "jnr" => "junior",
                "mgr" => "manager",
                "eng" | "engr" => "engineer",
                "dir" => "director",
                "assoc" => "associate",
                "princ" => "principal",
                "exec" => "executive",
                "vp" => "vice president",
                other => other,
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let wrong = words(wrong);
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    if let Some(same) = candidates
        .iter()
        .find(|candidate| words(candidate) == wrong)
    {
        return Some(same);
    }
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(&wrong, &words(candidate)), candidate))
        .filter(|(score, _)| *score >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// A position as the map writes it: `track/level`, `track/level/step`, a level id alone
/// (`IC3`) or with a step (`IC3/2`).
pub fn position(
    framework: &Framework,
    text: &str,
    default_step: Option<u32>,
) -> Result<Spot, String> {
    let parts: Vec<&str> = text.trim().split('/').map(str::trim).collect();
    let (track, level, step) = match parts.as_slice() {
        [track, level, step] => ((*track).to_string(), *level, Some(*step)),
        [first, second] if framework.track(first).is_some() => {
            ((*first).to_string(), *second, None)
        }
        [level, step] => {
            let (track, _) = framework.find(level).ok_or_else(|| {
                format!(
                    "`{text}`: no track is `{level}`, and no single track has a level `{level}`"
                )
            })?;
            (track.id.value.clone(), *level, Some(*step))
        }
        [level] => {
            let (track, _) = framework.find(level).ok_or_else(|| {
                format!("`{text}` is not a position: no single track has a level `{level}`")
            })?;
            (track.id.value.clone(), *level, None)
        }
        _ => return Err(format!("`{text}` is not a position")),
    };
    let Some(found) = framework.track(&track) else {
        return Err(format!("`{text}`: no track `{track}`"));
    };
    let level_number = level_number(framework, &track, level).ok_or_else(|| {
        format!(
            "`{text}`: the {track} track has no level `{level}` (it has {})",
            found.span()
        )
    })?;
    let steps = framework.steps_of(found);
    let step = match (step, steps) {
        (Some(step), Steps::None) => {
            return Err(format!(
                "`{text}`: the {track} track has no steps, so no step `{step}`"
            ));
        }
        (None, Steps::None) => None,
        (Some(step), _) => {
            Some(step_number(framework, &track, step).ok_or_else(|| {
                format!("`{text}`: no step `{step}` (steps are {})", steps.span())
            })?)
        }
        (None, _) => match default_step {
            Some(step)
                if steps
                    .number(&crate::framework::StepRef::Number(step))
                    .is_some() =>
            {
                Some(step)
            }
            Some(step) => {
                return Err(format!(
                    "`{text}`: `default_step` {step} is not a step here (steps are {})",
                    steps.span()
                ));
            }
            None => {
                return Err(format!(
                    "`{text}` names no step, and the {track} track has steps ({}): write `{text}/1`, or set `default_step`",
                    steps.span()
                ));
            }
        },
    };
    Ok(Spot {
        track,
        level: level_number,
        step,
    })
}
