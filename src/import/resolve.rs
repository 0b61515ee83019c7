//! From mapped cells to people and dated changes: each row's team, position, lead and location
//! looked up in the map's tables (and the teams' own titles), each date read in the declared
//! format, each manager found as a row of their own. A value no table holds is a finding at its
//! row and column with the nearest value that would have mapped; nothing is defaulted.

use std::collections::{BTreeMap, HashMap};

use crate::Pos;
use crate::finding::{Finding, did_you_mean};
use crate::framework::{Framework, Steps};

use super::fields::{Spot, level_number, step_number};
use super::map::{Columns, IdFrom, ImportMap, LeadBy, slug};
use super::roster::{Cell, Row, Wanted};

/// Where each field sits among a table's wanted columns.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub wanted: Vec<Wanted>,
    employee: Option<usize>,
    id: Option<usize>,
    name: Vec<usize>,
    email: Option<usize>,
    github: Option<usize>,
    team: Option<usize>,
    lead: Option<usize>,
    level: Option<usize>,
    title: Option<usize>,
    location: Option<usize>,
    hired: Option<usize>,
    date: Option<usize>,
    event: Option<usize>,
}

impl Layout {
    pub fn of(columns: &Columns, map_file: &str) -> Layout {
        let mut layout = Layout::default();
        let mut want = |column: &crate::Spanned<String>| {
            layout.wanted.push(Wanted {
                name: column.value.trim().to_string(),
                map_file: map_file.to_string(),
                at: column.pos,
            });
            Some(layout.wanted.len() - 1)
        };
        let employee = want(&columns.employee);
        let id = columns.id.as_ref().and_then(&mut want);
        let name: Vec<usize> = columns.name.iter().filter_map(&mut want).collect();
        let email = columns.email.as_ref().and_then(&mut want);
        let github = columns.github.as_ref().and_then(&mut want);
        let team = columns.team.as_ref().and_then(&mut want);
        let lead = columns.lead.as_ref().and_then(&mut want);
        let level = columns.level.as_ref().and_then(&mut want);
        let title = columns.title.as_ref().and_then(&mut want);
        let location = columns.location.as_ref().and_then(&mut want);
        let hired = columns.hired.as_ref().and_then(&mut want);
        let date = columns.date.as_ref().and_then(&mut want);
        let event = columns.event.as_ref().and_then(&mut want);
        Layout {
            employee,
            id,
            name,
            email,
            github,
            team,
            lead,
            level,
            title,
            location,
            hired,
            date,
            event,
            ..layout
        }
    }
}

fn cell(row: &Row, index: Option<usize>) -> Option<&Cell> {
    row.cells.get(index?).filter(|cell| !cell.is_empty())
}

/// A teammate as the export names them.
#[derive(Debug, Clone)]
pub struct Person {
    pub employee: String,
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub github: Option<String>,
    pub hired: Option<jiff::civil::Date>,
    /// The file and row the person was first read from.
    pub file: String,
    pub row: u32,
}

/// Where someone works from a date: what one row says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub team: String,
    pub spot: Spot,
    /// The lead as the row names them, resolved to a teammate id by `Roster::lead`.
    pub lead: Option<Cell>,
    pub location: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Change {
    Hire(Job),
    Move(Job),
    Leave,
}

/// One row of change, for one person on one date.
#[derive(Debug, Clone)]
pub struct Dated {
    pub date: jiff::civil::Date,
    pub id: String,
    pub change: Change,
    pub file: String,
    pub row: u32,
    /// Where the date was read, for findings about the row.
    pub date_at: Pos,
}

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

/// Everyone the export names, and how to find a manager among them.
#[derive(Default)]
pub struct Roster {
    pub people: Vec<Person>,
    by_employee: HashMap<String, usize>,
    by_email: HashMap<String, Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
    by_id: HashMap<String, usize>,
    /// Employee keys whose roster row was refused: their history rows would only repeat it.
    refused: std::collections::HashSet<String>,
    /// Whether the roster's ids come from a column of their own (an email): then a former
    /// teammate the history alone names cannot be named by their employee key.
    pub ids_from_column: bool,
    /// Placements the branch holds, by name, for finding a former teammate's id again.
    pub existing: HashMap<String, Vec<String>>,
}

pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Roster {
    pub fn get(&self, employee: &str) -> Option<&Person> {
        self.people.get(*self.by_employee.get(employee)?)
    }

    /// Adds the person a row names, unless their employee key is already known. A second row
    /// for one key in the roster, or two keys that slug to one id, is a finding.
    pub fn add(
        &mut self,
        file: &str,
        layout: &Layout,
        columns: &Columns,
        row: &Row,
        roster_file: bool,
        findings: &mut Vec<Finding>,
    ) -> Option<String> {
        let Some(employee) = cell(row, layout.employee) else {
            findings.push(
                Finding::error(
                    "import-missing-value",
                    format!("no employee: column `{}` is empty", columns.employee.value),
                )
                .at(
                    file,
                    Pos {
                        line: row.row,
                        column: 1,
                        offset: 0,
                        len: 0,
                    },
                ),
            );
            return None;
        };
        if self.refused.contains(&employee.value) {
            return None;
        }
        if let Some(known) = self.get(&employee.value) {
            if roster_file && known.file == file {
                findings.push(
                    Finding::error(
                        "import-duplicate-person",
                        format!(
                            "employee `{}` has a second row in {file} (the first is row {})",
                            employee.value, known.row
                        ),
                    )
                    .at(file, employee.pos())
                    .help("a roster holds one row per person"),
                );
                return None;
            }
            return Some(known.id.clone());
        }
        let from = columns
            .id_from
            .as_ref()
            .map_or(IdFrom::Value, |from| from.value);
        let name: Vec<&str> = layout
            .name
            .iter()
            .filter_map(|index| cell(row, Some(*index)))
            .map(|cell| cell.value.as_str())
            .collect();
        let name = name.join(" ");
        // A former teammate in a history without an id column is named by their name, not
        // by an employee number the roster's ids do not use.
        let by_name =
            layout.id.is_none() && !roster_file && self.ids_from_column && !name.is_empty();
        let id_cell = match (layout.id, by_name) {
            (Some(_), _) => cell(row, layout.id),
            (None, true) => layout
                .name
                .first()
                .and_then(|index| cell(row, Some(*index))),
            (None, false) => Some(employee),
        };
        let id = if by_name {
            // The id an earlier import gave them, when exactly one placement has their name.
            match self.existing.get(&name_key(&name)).map(Vec::as_slice) {
                Some([id]) => id.clone(),
                _ => slug(&name, IdFrom::Value),
            }
        } else {
            id_cell
                .map(|cell| slug(&cell.value, from))
                .unwrap_or_default()
        };
        if id.is_empty() {
            let at = id_cell.map_or(employee.pos(), Cell::pos);
            findings.push(
                Finding::error(
                    "import-bad-id",
                    format!(
                        "no teammate id can be made from `{}`",
                        id_cell.map_or("", |c| c.value.as_str())
                    ),
                )
                .at(file, at)
                .help("an id needs at least one letter or digit"),
            );
            self.refused.insert(employee.value.clone());
            return None;
        }
        if let Some(&other) = self.by_id.get(&id) {
            let other = &self.people[other];
            findings.push(
                Finding::error(
                    "import-duplicate-id",
                    format!(
                        "employee `{}` would get the id `{id}`, which employee `{}` ({} row {}) has",
                        employee.value, other.employee, other.file, other.row
                    ),
                )
                .at(file, id_cell.map_or(employee.pos(), Cell::pos))
                .help("make ids from a column that is unique per person, e.g. the work email"),
            );
            self.refused.insert(employee.value.clone());
            return None;
        }
        let person = Person {
            employee: employee.value.clone(),
            id: id.clone(),
            name,
            email: cell(row, layout.email).map(|cell| cell.value.clone()),
            github: cell(row, layout.github)
                .map(|cell| cell.value.trim_start_matches('@').to_string()),
            hired: None,
            file: file.to_string(),
            row: row.row,
        };
        let index = self.people.len();
        self.by_employee.insert(person.employee.clone(), index);
        self.by_id.insert(id.clone(), index);
        if let Some(email) = &person.email {
            self.by_email
                .entry(email.to_lowercase())
                .or_default()
                .push(index);
        }
        if !person.name.is_empty() {
            self.by_name
                .entry(name_key(&person.name))
                .or_default()
                .push(index);
        }
        self.people.push(person);
        Some(id)
    }

    /// Sets a hire date read from the roster.
    pub fn set_hired(&mut self, id: &str, date: jiff::civil::Date) {
        if let Some(&index) = self.by_id.get(id) {
            self.people[index].hired = Some(date);
        }
    }

    pub fn by_id(&self, id: &str) -> Option<&Person> {
        self.people.get(*self.by_id.get(id)?)
    }

    /// The teammate id of the manager a lead cell names, or a finding at the cell.
    pub fn lead(
        &self,
        file: &str,
        cell: &Cell,
        by: LeadBy,
        column: &str,
    ) -> Result<String, Finding> {
        let found: Vec<usize> = match by {
            LeadBy::Employee => self
                .by_employee
                .get(&cell.value)
                .copied()
                .into_iter()
                .collect(),
            LeadBy::Email => self
                .by_email
                .get(&cell.value.to_lowercase())
                .cloned()
                .unwrap_or_default(),
            LeadBy::Name => {
                let direct = self.by_name.get(&name_key(&cell.value)).cloned();
                // BambooHR and others write "Last, First".
                let swapped = cell.value.split_once(',').and_then(|(last, first)| {
                    self.by_name
                        .get(&name_key(&format!("{first} {last}")))
                        .cloned()
                });
                direct.or(swapped).unwrap_or_default()
            }
        };
        match found.as_slice() {
            [one] => Ok(self.people[*one].id.clone()),
            [] => {
                let known: Vec<&str> = match by {
                    LeadBy::Employee => self.people.iter().map(|p| p.employee.as_str()).collect(),
                    LeadBy::Email => self
                        .people
                        .iter()
                        .filter_map(|p| p.email.as_deref())
                        .collect(),
                    LeadBy::Name => self.people.iter().map(|p| p.name.as_str()).collect(),
                };
                let mut finding = Finding::error(
                    "import-unknown-lead",
                    format!(
                        "`{column}` names `{}`, who has no row of their own in the export",
                        cell.value
                    ),
                )
                .at(file, cell.pos());
                finding = match did_you_mean(&cell.value, known) {
                    Some(near) => finding.help(format!("did you mean `{near}`?")),
                    None => finding.help("every manager needs a row in the roster (or, for a former one, in the history)"),
                };
                Err(finding)
            }
            several => {
                let rows: Vec<String> = several
                    .iter()
                    .map(|index| {
                        format!(
                            "{} row {}",
                            self.people[*index].file, self.people[*index].row
                        )
                    })
                    .collect();
                Err(Finding::error(
                    "import-ambiguous-lead",
                    format!("`{column}` names `{}`, which fits {} people ({})", cell.value, several.len(), rows.join(", ")),
                )
                .at(file, cell.pos())
                .help("name managers by employee number or email: set `lead_by` and the lead column to match"))
            }
        }
    }
}

/// The date a cell holds, in the map's format.
pub fn date(
    map: &ImportMap,
    file: &str,
    cell: &Cell,
    map_file: &str,
) -> Result<jiff::civil::Date, Finding> {
    let declared = map.dates.value;
    declared.parse(&cell.value).ok_or_else(|| {
        use super::map::DateFormat;
        let other = [
            DateFormat::Iso,
            DateFormat::MonthDayYear,
            DateFormat::DayMonthYear,
            DateFormat::DayMonthYearDots,
            DateFormat::Excel,
        ]
        .into_iter()
        .find(|format| *format != declared && format.parse(&cell.value).is_some());
        let help = match other {
            Some(format) => format!(
                "{map_file} declares `dates: {}`; this one reads as {}: if the whole file writes dates so, declare `dates: {}`",
                declared.key(),
                format.words(),
                format.key()
            ),
            None => format!(
                "{map_file} declares `dates: {}`; every date must be written that way",
                declared.key()
            ),
        };
        Finding::error(
            "import-bad-date",
            format!("`{}` is not a date written {}", cell.value, declared.words()),
        )
        .at(file, cell.pos())
        .help(help)
    })
}

/// What an event cell says a row is.
pub enum Kind {
    Hire,
    Leave,
    Skip,
    Change,
}

pub fn kind(map: &ImportMap, row: &Row, layout: &Layout) -> Kind {
    let Some(cell) = cell(row, layout.event) else {
        return Kind::Change;
    };
    let listed =
        |values: &[crate::Spanned<String>]| values.iter().any(|value| value.value == cell.value);
    if listed(&map.events.terminate) {
        Kind::Leave
    } else if listed(&map.events.hire) {
        Kind::Hire
    } else if listed(&map.events.skip) {
        Kind::Skip
    } else {
        Kind::Change
    }
}

pub fn date_cell<'r>(row: &'r Row, layout: &Layout) -> Option<&'r Cell> {
    cell(row, layout.date)
}

pub fn hired_cell<'r>(row: &'r Row, layout: &Layout) -> Option<&'r Cell> {
    cell(row, layout.hired)
}

pub fn employee_cell<'r>(row: &'r Row, layout: &Layout) -> Option<&'r Cell> {
    cell(row, layout.employee)
}
