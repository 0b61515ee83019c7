//! `ladder init --from`: a starter framework, its teams and the `import.yml` that maps an HR
//! export onto them, guessed for a person to correct. The columns are recognised by their header
//! names (BambooHR's, Workday's, HiBob's, Personio's, Rippling's and a plain sheet's); only the
//! columns taken are read, through the same reader `ladder import` uses, so no value of another
//! column is kept, printed or written. Tracks come from level codes (one per job family) or
//! from the titles' words; teams from the departments; every guess is marked `check this`.
//!
//! It refuses, with the row and column, what it cannot read or cannot tell apart: a header with
//! no column for a field the map needs, a header name used twice for a field, a byte that is
//! not UTF-8 when no encoding was declared. It decides everything before anything is written.

mod columns;
mod files;
mod ladder;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::Pos;
use crate::finding::Finding;

use super::Export;
use super::map::{DateFormat, LeadBy};
use super::roster::{self, Dialect, Table};

pub use columns::Field;
use columns::{read_export, roster_nth, sniff_delimiter, vendor};
pub use files::{Written, render_findings, render_human, write};
pub use ladder::GuessedLadder;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Roster,
    History,
}

/// What to guess from, and how to read it.
pub struct Request<'a> {
    pub roster: Export<'a>,
    pub history: Option<Export<'a>>,
    pub windows_1252: bool,
    /// `None`: the one of `,`, `;` and tab the roster's header holds most of.
    pub delimiter: Option<u8>,
    /// `--column FIELD=HEADER`: a header name for a field (or none: `FIELD=`), over the guess.
    pub columns: Vec<(Field, String)>,
    /// How the command was run, named in the files' comments.
    pub command: String,
}

/// A column taken for a field, as the map will name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken {
    pub field: Field,
    /// The header name, with `[n]` when the header holds it more than once.
    pub header: String,
    /// Given with `--column` rather than recognised.
    pub told: bool,
}

/// One export as read: the columns taken and the header names of the others.
#[derive(Debug, Clone)]
pub struct Read {
    pub file: String,
    pub kind: Kind,
    pub rows: usize,
    pub taken: Vec<Taken>,
    /// Header names of the columns not read, in file order.
    pub ignored: Vec<String>,
}

impl Read {
    pub fn column(&self, field: Field) -> Option<&str> {
        self.taken
            .iter()
            .find(|taken| taken.field == field)
            .map(|taken| taken.header.as_str())
    }
}

/// The event column's values, sorted by their words.
#[derive(Debug, Clone, Default)]
pub struct Events {
    pub hire: Vec<String>,
    pub terminate: Vec<String>,
    pub skip: Vec<String>,
}

impl Events {
    fn of(values: &BTreeSet<String>) -> Events {
        let mut events = Events::default();
        for value in values {
            let lower = value.to_lowercase();
            let has = |words: &[&str]| words.iter().any(|word| lower.contains(word));
            if has(&[
                "terminat",
                "leaver",
                "separation",
                "resign",
                "exit",
                "austritt",
                "offboard",
            ]) {
                events.terminate.push(value.clone());
            } else if has(&["hire", "onboard", "eintritt", "new joiner"]) {
                events.hire.push(value.clone());
            } else if has(&[
                "merit",
                "pay",
                "compensation",
                "salary",
                "bonus",
                "address",
                "data change",
                "gehalt",
            ]) {
                events.skip.push(value.clone());
            }
        }
        events
    }
}

/// A team guessed from a department.
#[derive(Debug, Clone)]
pub struct GuessedTeam {
    pub id: String,
    /// The department as the export writes it.
    pub value: String,
    /// People on the roster in it.
    pub people: usize,
}

/// How positions are read: a level column's codes, or the titles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PositionsFrom {
    Levels,
    Titles,
}

/// Everything `init --from` will write, decided.
#[derive(Debug, Clone)]
pub struct Guess {
    pub command: String,
    /// The HR system the header looks like, if one does.
    pub vendor: Option<&'static str>,
    pub source: String,
    pub windows_1252: bool,
    pub delimiter: u8,
    pub read: Vec<Read>,
    /// The date format, and the column it was read from (none: no dates read).
    pub dates: (DateFormat, Option<String>),
    /// Also true when two formats read every date (day and month both 12 or less).
    pub dates_unsure: bool,
    pub lead_by: Option<LeadBy>,
    /// The history's event values that mean a hire, a departure, or nothing ladder keeps.
    pub events: Events,
    pub id_from_email: bool,
    pub teams: Vec<GuessedTeam>,
    /// Per team id and track id, from the titles found in that team (title guesses only).
    pub team_titles: BTreeMap<String, BTreeMap<String, TeamTitles>>,
    /// Level codes: the titles of rows with no code, placed where other rows with that title are.
    pub by_title: TitlesByCode,
    pub from: PositionsFrom,
    pub ladder: GuessedLadder,
    /// Why a column was left out although it looked like a field (`Job Profile`: the level
    /// column places people), by header name.
    pub set_aside: Vec<(String, String)>,
}

/// A team's titles on one track, one per level from its first, as `teams/<team>.yml` lists
/// them; or why they are left to the map's `titles` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamTitles {
    Listed(Vec<String>),
    /// The levels with no title, or with several, in this team.
    Unlisted {
        missing: Vec<u32>,
        several: Vec<u32>,
    },
}

/// Reads the exports' headers and the columns taken, and guesses the framework and the map.
/// Every problem is a finding at its file, row and column; nothing is written here.
pub fn guess(request: &Request<'_>) -> Result<Guess, Vec<Finding>> {
    let delimiter = match request.delimiter {
        Some(delimiter) => delimiter,
        None => sniff_delimiter(request.roster.path),
    };
    let dialect = Dialect {
        windows_1252: request.windows_1252,
        delimiter,
    };
    let mut findings = Vec::new();
    let exports = std::iter::once((request.roster, Kind::Roster))
        .chain(request.history.map(|history| (history, Kind::History)));
    let mut tables = Vec::new();
    for (export, kind) in exports {
        match read_export(export, kind, dialect, &request.columns) {
            Ok(read) => tables.push(read),
            Err(problems) => findings.extend(problems),
        }
    }
    for (field, header) in &request.columns {
        let named = header.is_empty()
            || tables.iter().any(|(read, _)| {
                read.taken
                    .iter()
                    .any(|taken| taken.field == *field && taken.told)
            });
        if !named && findings.is_empty() {
            findings.push(
                Finding::error(
                    "import-unknown-column",
                    format!(
                        "--column {}={header}: no export has a column `{header}`",
                        field.key()
                    ),
                )
                .at(request.roster.shown, Pos::TOP),
            );
        }
    }
    let Some((roster, roster_table)) = tables.first().filter(|_| findings.is_empty()) else {
        return Err(findings);
    };
    let values = |field: Field| -> Vec<(String, &roster::Cell)> {
        let mut out = Vec::new();
        for (read, table) in &tables {
            if let Some(index) = read.taken.iter().position(|taken| taken.field == field) {
                for row in &table.rows {
                    if let Some(cell) = row.cells.get(index)
                        && !cell.is_empty()
                    {
                        out.push((read.file.clone(), cell));
                    }
                }
            }
        }
        out
    };
    // Positions: level codes when every level value is one, else the titles.
    let levels: BTreeSet<String> = values(Field::Level)
        .into_iter()
        .map(|(_, cell)| cell.value.clone())
        .collect();
    let not_codes = values(Field::Level)
        .into_iter()
        .find(|(_, cell)| ladder::read_code(&cell.value).is_none());
    let titles: BTreeSet<String> = values(Field::Title)
        .into_iter()
        .map(|(_, cell)| cell.value.clone())
        .collect();
    let mut set_aside = Vec::new();
    let mut by_title = TitlesByCode::default();
    let (from, guessed) = if !levels.is_empty() && not_codes.is_none() {
        let guessed = ladder::from_codes(&levels);
        by_title = titles_by_code(&tables, &guessed);
        if by_title.is_empty()
            && let Some(title) = roster.column(Field::Title)
        {
            set_aside.push((
                title.to_string(),
                format!(
                    "the level column `{}` places people",
                    roster.column(Field::Level).unwrap_or_default()
                ),
            ));
        }
        (PositionsFrom::Levels, guessed)
    } else if !titles.is_empty() {
        if let Some(level) = roster.column(Field::Level) {
            let at = not_codes.map_or_else(
                || "it is empty".to_string(),
                |(file, cell)| {
                    format!(
                        "{file}:{}:{} is no level code like IC3, M2, L4 or P3-2",
                        cell.row, cell.column
                    )
                },
            );
            set_aside.push((level.to_string(), at));
        }
        (PositionsFrom::Titles, ladder::from_titles(&titles))
    } else {
        let mut finding = Finding::error(
            "init-no-column",
            format!(
                "{} gives no position: no column looks like a job title, and no column holds level codes like IC3, M2, L4 or P3-2",
                roster.file
            ),
        )
        .at(&roster.file, Pos::TOP);
        finding = finding.help(match not_codes {
            Some((file, cell)) => format!(
                "{file}:{}:{} is no level code; name the job title column with `--column title=HEADER`",
                cell.row, cell.column
            ),
            None => "name the job title column with `--column title=HEADER`, or the level column with `--column level=HEADER`".to_string(),
        });
        return Err(vec![finding]);
    };
    // In the history, the column the roster does not place people by is left unread.
    let unused = match from {
        PositionsFrom::Levels if by_title.is_empty() => Some(Field::Title),
        PositionsFrom::Levels => None,
        PositionsFrom::Titles => Some(Field::Level),
    };
    let mut read: Vec<Read> = Vec::new();
    for (export, _) in &tables {
        let mut export = export.clone();
        if let Some(index) = export.taken.iter().position(|t| Some(t.field) == unused) {
            let dropped = export.taken.remove(index);
            let (name, _) = roster_nth(&dropped.header);
            export.ignored.push(name.to_string());
        }
        read.push(export);
    }
    let dates_from: Vec<(String, &roster::Cell)> = values(Field::Hired)
        .into_iter()
        .chain(values(Field::Date))
        .collect();
    let date_column = roster
        .column(Field::Hired)
        .or_else(|| tables.get(1).and_then(|(read, _)| read.column(Field::Date)))
        .map(str::to_string);
    let (dates, dates_unsure) = match guess_dates(&dates_from) {
        Ok(found) => found,
        Err(finding) => return Err(vec![finding]),
    };
    // What the manager column holds.
    let employees: BTreeSet<&str> = values(Field::Employee)
        .into_iter()
        .map(|(_, cell)| cell.value.as_str())
        .collect();
    let leads = values(Field::Lead);
    let lead_by = (roster.column(Field::Lead).is_some()
        || tables
            .get(1)
            .is_some_and(|(read, _)| read.column(Field::Lead).is_some()))
    .then(|| {
        if !leads.is_empty() && leads.iter().all(|(_, cell)| cell.value.contains('@')) {
            LeadBy::Email
        } else if !leads.is_empty()
            && leads
                .iter()
                .all(|(_, cell)| employees.contains(cell.value.as_str()))
        {
            LeadBy::Employee
        } else {
            LeadBy::Name
        }
    });
    let events = Events::of(
        &values(Field::Event)
            .into_iter()
            .map(|(_, cell)| cell.value.clone())
            .collect(),
    );
    // Teams, by department, with the roster's people counted.
    let mut departments: BTreeMap<String, usize> = BTreeMap::new();
    if let Some(index) = roster.taken.iter().position(|t| t.field == Field::Team) {
        for row in &roster_table.rows {
            if let Some(cell) = row.cells.get(index)
                && !cell.is_empty()
            {
                *departments.entry(cell.value.clone()).or_default() += 1;
            }
        }
    }
    for (_, cell) in values(Field::Team) {
        departments.entry(cell.value.clone()).or_default();
    }
    let mut teams = Vec::new();
    let mut ids = BTreeSet::new();
    for (value, people) in departments {
        let base = super::map::slug(&value, super::map::IdFrom::Value);
        let base = if base.is_empty() {
            "team".to_string()
        } else {
            base
        };
        let mut id = base.clone();
        let mut n = 2;
        while !ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        teams.push(GuessedTeam { id, value, people });
    }
    let team_titles = if from == PositionsFrom::Titles {
        titles_by_team(&tables, &teams, &guessed)
    } else {
        BTreeMap::new()
    };
    let vendor = vendor(&read);
    let source = vendor.map_or_else(
        || {
            Path::new(&roster.file).file_name().map_or_else(
                || roster.file.clone(),
                |name| name.to_string_lossy().into_owned(),
            )
        },
        str::to_string,
    );
    Ok(Guess {
        command: request.command.clone(),
        vendor,
        source,
        windows_1252: request.windows_1252,
        delimiter,
        id_from_email: roster.column(Field::Email).is_some(),
        read,
        dates: (dates, date_column),
        dates_unsure,
        lead_by,
        events,
        teams,
        team_titles,
        by_title,
        from,
        ladder: guessed,
        set_aside,
    })
}

/// Titles that carry no level code (rows whose level is empty), for a `titles` table beside
/// `levels`.
#[derive(Debug, Clone, Default)]
pub struct TitlesByCode {
    /// Title → the position most rows with that title and a code hold.
    pub placed: BTreeMap<String, String>,
    /// Titles no row gives a code: for a person to place.
    pub unplaced: Vec<String>,
}

impl TitlesByCode {
    pub fn is_empty(&self) -> bool {
        self.placed.is_empty() && self.unplaced.is_empty()
    }
}

/// The titles of rows with an empty level, placed by the codes other rows with them hold.
fn titles_by_code(tables: &[(Read, Table)], guessed: &GuessedLadder) -> TitlesByCode {
    let mut without: BTreeSet<&str> = BTreeSet::new();
    let mut seen: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for (read, table) in tables {
        let at = |field: Field| read.taken.iter().position(|t| t.field == field);
        let (Some(level_at), Some(title_at)) = (at(Field::Level), at(Field::Title)) else {
            continue;
        };
        for row in &table.rows {
            let (Some(level), Some(title)) = (row.cells.get(level_at), row.cells.get(title_at))
            else {
                continue;
            };
            if title.is_empty() {
                continue;
            }
            match guessed.positions.get(&level.value) {
                Some(position) => {
                    *seen
                        .entry(title.value.as_str())
                        .or_default()
                        .entry(position.as_str())
                        .or_default() += 1;
                }
                None if level.is_empty() => {
                    without.insert(title.value.as_str());
                }
                None => {}
            }
        }
    }
    let mut out = TitlesByCode::default();
    for title in without {
        let likeliest = seen.get(title).and_then(|positions| {
            positions
                .iter()
                .max_by_key(|(position, count)| (**count, std::cmp::Reverse(**position)))
                .map(|(position, _)| position.to_string())
        });
        match likeliest {
            Some(position) => {
                out.placed.insert(title.to_string(), position);
            }
            None => out.unplaced.push(title.to_string()),
        }
    }
    out
}

/// Each team's titles per track, from the rows that give both a department and a title.
fn titles_by_team(
    tables: &[(Read, Table)],
    teams: &[GuessedTeam],
    guessed: &GuessedLadder,
) -> BTreeMap<String, BTreeMap<String, TeamTitles>> {
    // team id → track → level → titles
    let mut found: BTreeMap<&str, BTreeMap<&str, BTreeMap<u32, BTreeSet<&str>>>> = BTreeMap::new();
    for (read, table) in tables {
        let at = |field: Field| read.taken.iter().position(|t| t.field == field);
        let (Some(team_at), Some(title_at)) = (at(Field::Team), at(Field::Title)) else {
            continue;
        };
        for row in &table.rows {
            let (Some(team), Some(title)) = (row.cells.get(team_at), row.cells.get(title_at))
            else {
                continue;
            };
            let Some(team) = teams.iter().find(|t| t.value == team.value) else {
                continue;
            };
            let Some((track, level)) = guessed
                .positions
                .get(&title.value)
                .and_then(|position| position.split_once('/'))
            else {
                continue;
            };
            let Ok(level) = level.parse::<u32>() else {
                continue;
            };
            found
                .entry(team.id.as_str())
                .or_default()
                .entry(track)
                .or_default()
                .entry(level)
                .or_default()
                .insert(title.value.as_str());
        }
    }
    let mut out: BTreeMap<String, BTreeMap<String, TeamTitles>> = BTreeMap::new();
    for (team, tracks) in found {
        for (track, levels) in tracks {
            let top = levels.keys().last().copied().unwrap_or(0);
            let missing: Vec<u32> = (1..=top).filter(|l| !levels.contains_key(l)).collect();
            let several: Vec<u32> = levels
                .iter()
                .filter(|(_, titles)| titles.len() > 1)
                .map(|(level, _)| *level)
                .collect();
            let titles = if missing.is_empty() && several.is_empty() {
                TeamTitles::Listed(
                    levels
                        .values()
                        .filter_map(|titles| titles.iter().next().map(|t| t.to_string()))
                        .collect(),
                )
            } else {
                TeamTitles::Unlisted { missing, several }
            };
            out.entry(team.to_string())
                .or_default()
                .insert(track.to_string(), titles);
        }
    }
    out
}

/// The one date format that reads every date; ISO when there are no dates. Two formats that
/// both read every date (every day and month 12 or less) give the first, marked unsure.
fn guess_dates(dates: &[(String, &roster::Cell)]) -> Result<(DateFormat, bool), Finding> {
    const FORMATS: [DateFormat; 5] = [
        DateFormat::Iso,
        DateFormat::MonthDayYear,
        DateFormat::DayMonthYear,
        DateFormat::DayMonthYearDots,
        DateFormat::Excel,
    ];
    if dates.is_empty() {
        return Ok((DateFormat::Iso, false));
    }
    let reads: Vec<(DateFormat, usize)> = FORMATS
        .into_iter()
        .map(|format| {
            let n = dates
                .iter()
                .filter(|(_, cell)| format.parse(&cell.value).is_some())
                .count();
            (format, n)
        })
        .collect();
    let all: Vec<DateFormat> = reads
        .iter()
        .filter(|(_, n)| *n == dates.len())
        .map(|(format, _)| *format)
        .collect();
    if let Some(first) = all.first() {
        return Ok((*first, all.len() > 1));
    }
    let (best, _) = reads
        .iter()
        .copied()
        .max_by_key(|(_, n)| *n)
        .unwrap_or((DateFormat::Iso, 0));
    let (file, cell) = dates
        .iter()
        .find(|(_, cell)| best.parse(&cell.value).is_none())
        .cloned()
        .unwrap_or_else(|| (String::new(), dates[0].1));
    Err(Finding::error(
        "import-bad-date",
        format!(
            "`{}` is not a date in {}, the format most of the dates are in",
            cell.value,
            best.words()
        ),
    )
    .at(&file, cell.pos())
    .help("correct the date in the export; dates in one export are read in one format"))
}

#[cfg(test)]
mod tests {
    use super::columns::normalise;
    use super::*;

    #[test]
    fn headers_are_recognised_whatever_their_case_and_marks() {
        assert_eq!(normalise("Employee #"), "employeenumber");
        assert_eq!(normalise("Work - Reports to"), "workreportsto");
        assert_eq!(normalise("E-Mail"), "email");
        assert_eq!(Field::from_key("first-name"), Some(Field::FirstName));
        assert_eq!(Field::from_key("salary"), None);
    }

    fn cells(values: &[&str]) -> Vec<roster::Cell> {
        values
            .iter()
            .enumerate()
            .map(|(row, value)| roster::Cell {
                value: (*value).to_string(),
                row: u32::try_from(row).expect("row") + 2,
                column: 9,
            })
            .collect()
    }

    fn dates(values: &[&str]) -> Result<(DateFormat, bool), Finding> {
        let cells = cells(values);
        let dates: Vec<(String, &roster::Cell)> = cells
            .iter()
            .map(|cell| ("hr.csv".to_string(), cell))
            .collect();
        guess_dates(&dates)
    }

    #[test]
    fn the_date_format_is_the_one_that_reads_every_date() {
        assert_eq!(
            dates(&["01/04/2021", "06/14/2021"]).ok(),
            Some((DateFormat::MonthDayYear, false))
        );
        assert_eq!(
            dates(&["15/06/2021", "01/02/2022"]).ok(),
            Some((DateFormat::DayMonthYear, false))
        );
        assert_eq!(dates(&["43864"]).ok(), Some((DateFormat::Excel, false)));
        assert_eq!(dates(&[]).ok(), Some((DateFormat::Iso, false)));
        // Every day 12 or less: either way, so the guess is marked unsure.
        assert_eq!(
            dates(&["01/04/2021", "03/01/2021"]).ok(),
            Some((DateFormat::MonthDayYear, true))
        );
        let finding = dates(&["2021-01-04", "2021-02-30", "2022-03-01"]).expect_err("bad");
        assert_eq!(finding.code, "import-bad-date");
        assert_eq!(
            finding.message,
            "`2021-02-30` is not a date in YYYY-MM-DD, the format most of the dates are in"
        );
        let at = finding.location.expect("place");
        assert_eq!(
            (at.file.as_str(), at.pos.line, at.pos.column),
            ("hr.csv", 3, 9)
        );
    }

    #[test]
    fn the_delimiter_is_the_one_the_header_holds_most_of() {
        let dir = tempfile::tempdir().expect("temp");
        let sniff = |text: &str| {
            let path = dir.path().join("export.csv");
            std::fs::write(&path, text).expect("write");
            sniff_delimiter(&path)
        };
        assert_eq!(sniff("ID;Name;Abteilung\r\n1;A, B;X\r\n"), b';');
        assert_eq!(sniff("ID\tName\tTeam\n"), b'\t');
        assert_eq!(sniff("ID,Name,Team\n"), b',');
        assert_eq!(sniff("Name\n"), b',');
    }
}
