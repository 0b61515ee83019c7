//! Everyone the export names: one person per employee key, their id, and a manager found
//! among them by key, email or name. A second row for one key, or two keys that slug to one
//! id, is a finding. It must not look up teams, positions or dates: those are `tables.rs`'s
//! and `resolve.rs`'s.

use std::collections::HashMap;

use crate::Pos;
use crate::finding::{Finding, did_you_mean};

use super::{Layout, Person, cell};
use crate::import::map::{Columns, IdFrom, LeadBy, slug};
use crate::import::roster::{Cell, Row};

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
