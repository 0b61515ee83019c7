//! The exports read as one story: every roster and history row resolved to a person and the
//! fields they have after it, in date order (rows of one date in file order). It must not look
//! at the branch or decide what is written; replaying the story is `replay.rs`'s.

use std::collections::{HashMap, HashSet};

use crate::Pos;
use crate::finding::Finding;

use super::fields::Fields;
use super::map::{self, ImportMap, LeadBy};

use super::resolve::{self, Change, Dated, Job, Kind, Layout, Roster, Tables};
use super::roster::Table;

/// One person's change on one date, resolved: the fields they have after it (none: they left).
pub(super) struct Step {
    pub(super) date: jiff::civil::Date,
    /// A roster-only hire's hire date, written as `since:`.
    pub(super) since: Option<jiff::civil::Date>,
    pub(super) id: String,
    pub(super) after: Option<Fields>,
    pub(super) leaving: bool,
    pub(super) file: String,
    pub(super) row: u32,
    pub(super) at: Pos,
}

/// Every change from the exports, resolved and in date order (rows of one date in file order).
pub(super) fn timeline(
    map: &ImportMap,
    tables: &Tables<'_>,
    (roster_table, roster_layout): (&Table, &Layout),
    history: Option<(&Table, &Layout, &map::Columns)>,
    today: jiff::civil::Date,
    existing: &HashMap<String, Vec<String>>,
    findings: &mut Vec<Finding>,
) -> Vec<Step> {
    let mut people = Roster::default();
    people.ids_from_column = map.roster.id.is_some();
    people.existing = existing.clone();
    let mut current: Vec<(String, Job, u32)> = Vec::new();
    let roster_file = roster_table.file.as_str();
    for row in &roster_table.rows {
        let Some(id) = people.add(roster_file, roster_layout, &map.roster, row, true, findings)
        else {
            continue;
        };
        if let Some(cell) = resolve::hired_cell(row, roster_layout) {
            match resolve::date(map, roster_file, cell, tables.map_file) {
                Ok(date) => people.set_hired(&id, date),
                Err(finding) => findings.push(finding),
            }
        }
        if let Some(job) = tables.job(roster_file, roster_layout, &map.roster, row, findings) {
            current.push((id, job, row.row));
        }
    }
    let mut dated: Vec<Dated> = Vec::new();
    if let Some((table, layout, columns)) = history {
        let file = table.file.as_str();
        for row in &table.rows {
            let Some(id) = people.add(file, layout, columns, row, false, findings) else {
                continue;
            };
            let Some(date_cell) = resolve::date_cell(row, layout) else {
                findings.push(
                    Finding::error(
                        "import-missing-value",
                        "no effective date: the date column is empty",
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
                continue;
            };
            let date = match resolve::date(map, file, date_cell, tables.map_file) {
                Ok(date) => date,
                Err(finding) => {
                    findings.push(finding);
                    continue;
                }
            };
            let change = match resolve::kind(map, row, layout) {
                Kind::Skip => continue,
                Kind::Leave => Change::Leave,
                kind => match tables.job(file, layout, columns, row, findings) {
                    Some(job) if matches!(kind, Kind::Hire) => Change::Hire(job),
                    Some(job) => Change::Move(job),
                    None => continue,
                },
            };
            dated.push(Dated {
                date,
                id,
                change,
                file: file.to_string(),
                row: row.row,
                date_at: date_cell.pos(),
            });
        }
        // Someone the roster lists and the history does not joined on their hire date.
        let listed: HashSet<&str> = dated.iter().map(|d| d.id.as_str()).collect();
        let mut joined = Vec::new();
        for (id, job, row) in &current {
            if listed.contains(id.as_str()) {
                continue;
            }
            match people.by_id(id).and_then(|person| person.hired) {
                Some(hired) => joined.push(Dated {
                    date: hired,
                    id: id.clone(),
                    change: Change::Hire(job.clone()),
                    file: roster_file.to_string(),
                    row: *row,
                    date_at: Pos::TOP,
                }),
                None => findings.push(
                    Finding::error(
                        "import-no-history",
                        format!("{id} has no row in {} and no hire date", table.file),
                    )
                    .at(roster_file, Pos { line: *row, column: 1, offset: 0, len: 0 })
                    .help("map the roster's hire date column (`hired:`), or export the whole job history"),
                ),
            }
        }
        dated.extend(joined);
    } else {
        for (id, job, row) in &current {
            dated.push(Dated {
                date: today,
                id: id.clone(),
                change: Change::Hire(job.clone()),
                file: roster_file.to_string(),
                row: *row,
                date_at: Pos::TOP,
            });
        }
    }
    // Stable: rows of one date keep their order in the files.
    dated.sort_by_key(|dated| dated.date);
    for pair in dated.windows(2) {
        if let [first, second] = pair
            && first.date == second.date
            && first.id == second.id
        {
            findings.push(
                Finding::error(
                    "import-duplicate-row",
                    format!(
                        "{} has two rows dated {} ({} rows {} and {})",
                        first.id, first.date, first.file, first.row, second.row
                    ),
                )
                .at(&second.file, second.date_at)
                .help("one row per person per date: keep the one that says where they stood at the end of that day"),
            );
        }
    }
    let lead_by = map.lead_by.as_ref().map_or(LeadBy::Employee, |by| by.value);
    let lead_column = |file: &str| {
        let columns = if file == roster_file {
            Some(&map.roster)
        } else {
            map.history.as_ref()
        };
        columns
            .and_then(|columns| columns.lead.as_ref())
            .map_or_else(String::new, |lead| lead.value.clone())
    };
    let mut steps = Vec::with_capacity(dated.len());
    let mut unnamed: HashSet<String> = HashSet::new();
    for dated in dated {
        let Some(person) = people.by_id(&dated.id) else {
            continue;
        };
        let job = match &dated.change {
            Change::Hire(job) | Change::Move(job) => Some(job),
            Change::Leave => None,
        };
        let after = match job {
            None => None,
            Some(job) => {
                let lead = match &job.lead {
                    None => None,
                    Some(cell) => {
                        match people.lead(&dated.file, cell, lead_by, &lead_column(&dated.file)) {
                            Ok(lead) => Some(lead),
                            Err(finding) => {
                                findings.push(finding);
                                continue;
                            }
                        }
                    }
                };
                if person.name.is_empty() {
                    if unnamed.insert(person.employee.clone()) {
                        findings.push(
                            Finding::error(
                                "import-missing-value",
                                format!(
                                    "employee `{}` appears only in {}, which gives no name for them",
                                    person.employee, person.file
                                ),
                            )
                            .at(&person.file, Pos { line: person.row, column: 1, offset: 0, len: 0 })
                            .help("someone who is not in the roster has left: map the history's `name` column, and its `event` column with the `events: terminate:` values"),
                        );
                    }
                    continue;
                }
                Some(Fields {
                    name: person.name.clone(),
                    email: person.email.clone(),
                    github: person.github.clone(),
                    team: job.team.clone(),
                    spot: job.spot.clone(),
                    lead,
                    location: job.location.clone(),
                })
            }
        };
        steps.push(Step {
            since: history.is_none().then_some(person.hired).flatten(),
            date: dated.date,
            id: dated.id,
            leaving: after.is_none(),
            after,
            file: dated.file,
            row: dated.row,
            at: dated.date_at,
        });
    }
    // The history must end where the roster stands.
    if history.is_some() {
        let mut last: HashMap<&str, &Step> = HashMap::new();
        for step in &steps {
            last.insert(step.id.as_str(), step);
        }
        for (id, job, row) in &current {
            let Some(step) = last.get(id.as_str()) else {
                continue;
            };
            let said = step.after.as_ref();
            let agrees = said.is_some_and(|after| {
                after.team == job.team && after.spot == job.spot && after.location == job.location
            });
            if !agrees {
                let history_words = said.map_or("that they left".to_string(), |after| {
                    format!("{} {}", after.team, after.spot.words())
                });
                findings.push(
                    Finding::error(
                        "import-roster-history",
                        format!(
                            "the roster has {id} at {} {}, but the history's last row for them ({} row {}, {}) says {history_words}",
                            job.team,
                            job.spot.words(),
                            step.file,
                            step.row,
                            step.date
                        ),
                    )
                    .at(roster_file, Pos { line: *row, column: 1, offset: 0, len: 0 })
                    .help("export both files at the same time"),
                );
            }
        }
        let in_roster: HashSet<&str> = current.iter().map(|(id, _, _)| id.as_str()).collect();
        for (id, step) in &last {
            if !step.leaving && !in_roster.contains(id) {
                findings.push(
                    Finding::error(
                        "import-not-in-roster",
                        format!("{id} is in the history, not in the roster, and has no row saying they left"),
                    )
                    .at(&step.file, Pos { line: step.row, column: 1, offset: 0, len: 0 })
                    .help("list their departure in the history (the map's `events: terminate:` values), or their roster row"),
                );
            }
        }
    }
    steps
}
