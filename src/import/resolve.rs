//! From mapped cells to people and dated changes: each row's team, position, lead and location
//! looked up in the map's tables (and the teams' own titles), each date read in the declared
//! format, each manager found as a row of their own. A value no table holds is a finding at its
//! row and column with the nearest value that would have mapped; nothing is defaulted.

use crate::Pos;
use crate::finding::Finding;

use super::fields::Spot;
use super::map::{Columns, ImportMap};
use super::roster::{Cell, Row, Wanted};

mod people;
mod tables;

pub use people::{Roster, name_key};
pub use tables::{Tables, position};

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
