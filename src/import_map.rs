//! `import.yml`: how an HR export's columns become placements. It names the columns, the
//! tables that turn departments into teams and job levels or titles into positions, how dates
//! are written and how the manager column names a manager. Nothing is guessed: a value no table
//! maps is a finding, never a default. Only the shape lives here; resolving rows is `import`'s.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::Spanned;

/// `import.yml`: how an HR export's columns become placements, read by `ladder import --map`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportMap {
    /// The HR system or sheet the export comes from, named in commits and files (e.g.
    /// `BambooHR`).
    pub source: Spanned<String>,
    /// `utf-8` (the default; a byte-order mark is fine) or `windows-1252`.
    #[serde(default)]
    pub encoding: Spanned<Encoding>,
    /// The field separator: `,` (the default), `;` or `tab`.
    #[serde(default)]
    pub delimiter: Spanned<Delimiter>,
    /// How dates are written: `iso` (YYYY-MM-DD), `MM/DD/YYYY`, `DD/MM/YYYY`, `DD.MM.YYYY`
    /// or `excel` (serial day numbers).
    pub dates: Spanned<DateFormat>,
    /// The roster's columns: one row per current teammate.
    pub roster: Columns,
    /// The job history's columns: one row per change, with its effective date.
    #[serde(default)]
    pub history: Option<Columns>,
    /// What the lead column holds: the manager's `employee` key, `email` or `name`.
    #[serde(default)]
    pub lead_by: Option<Spanned<LeadBy>>,
    /// The team column's values → team ids.
    #[serde(default)]
    pub teams: BTreeMap<String, Spanned<String>>,
    /// The level column's values (`IC3`, `L4`, `P3-2`) → `track/level` or `track/level/step`.
    #[serde(default)]
    pub levels: BTreeMap<String, Spanned<String>>,
    /// Job titles → `track/level[/step]`, for every team. The teams' own `titles` in the
    /// framework are read too; this table adds to them and wins.
    #[serde(default)]
    pub titles: BTreeMap<String, Spanned<String>>,
    /// Job titles → positions for one team, where titles differ per team (team id → table).
    #[serde(default)]
    pub team_titles: BTreeMap<String, BTreeMap<String, Spanned<String>>>,
    /// The location column's values → keys of the framework's `pay.locations`.
    #[serde(default)]
    pub locations: BTreeMap<String, Spanned<String>>,
    /// Values of the history's event column that mean a hire or a departure; any other value
    /// is a change to the row's position.
    #[serde(default)]
    pub events: Events,
    /// The step of a position that names none, on tracks with steps. Without it such a
    /// position is a finding.
    #[serde(default)]
    pub default_step: Option<Spanned<u32>>,
}

/// Column names, as the export's header writes them. `Name[2]` is the second column of a
/// header name used twice.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// The HR system's key for a person (employee number or email); history rows and the
    /// lead column (`lead_by: employee`) name people by it.
    pub employee: Spanned<String>,
    /// The column the teammate id is made from. Without it: the employee key, or in the
    /// history, for someone the roster does not list, their name.
    #[serde(default)]
    pub id: Option<Spanned<String>>,
    /// How the id is made: `value` (the column slugged, the default) or `email` (its local
    /// part slugged).
    #[serde(default)]
    pub id_from: Option<Spanned<IdFrom>>,
    /// The name: one column, or several joined by a space (`[First Name, Last Name]`).
    #[serde(default)]
    pub name: Vec<Spanned<String>>,
    #[serde(default)]
    pub email: Option<Spanned<String>>,
    /// An optional column of GitHub logins.
    #[serde(default)]
    pub github: Option<Spanned<String>>,
    /// The department or division the `teams` table maps.
    #[serde(default)]
    pub team: Option<Spanned<String>>,
    /// The manager column, read as `lead_by` says.
    #[serde(default)]
    pub lead: Option<Spanned<String>>,
    /// A job-level column the `levels` table maps.
    #[serde(default)]
    pub level: Option<Spanned<String>>,
    /// The job title, mapped by `team_titles`, `titles` and the teams' own titles.
    #[serde(default)]
    pub title: Option<Spanned<String>>,
    /// The location, mapped by `locations`, where the framework prices locations.
    #[serde(default)]
    pub location: Option<Spanned<String>>,
    /// Roster: the hire date, written as `since:` (roster-only imports) or used as the hire of
    /// someone the history does not list.
    #[serde(default)]
    pub hired: Option<Spanned<String>>,
    /// History: the effective date of the row.
    #[serde(default)]
    pub date: Option<Spanned<String>>,
    /// History: the kind of change (Workday's Business Process), read through `events`.
    #[serde(default)]
    pub event: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Events {
    #[serde(default)]
    pub hire: Vec<Spanned<String>>,
    #[serde(default)]
    pub terminate: Vec<Spanned<String>>,
    /// Rows that change nothing ladder keeps (a pay change, an address change): skipped.
    #[serde(default)]
    pub skip: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum Encoding {
    #[default]
    #[serde(rename = "utf-8")]
    Utf8,
    #[serde(rename = "windows-1252")]
    Windows1252,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum Delimiter {
    #[default]
    #[serde(rename = ",")]
    Comma,
    #[serde(rename = ";")]
    Semicolon,
    #[serde(rename = "tab")]
    Tab,
}

impl Delimiter {
    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum DateFormat {
    #[serde(rename = "iso")]
    Iso,
    #[serde(rename = "MM/DD/YYYY")]
    MonthDayYear,
    #[serde(rename = "DD/MM/YYYY")]
    DayMonthYear,
    #[serde(rename = "DD.MM.YYYY")]
    DayMonthYearDots,
    #[serde(rename = "excel")]
    Excel,
}

impl DateFormat {
    pub fn words(self) -> &'static str {
        match self {
            DateFormat::Iso => "YYYY-MM-DD",
            DateFormat::MonthDayYear => "MM/DD/YYYY",
            DateFormat::DayMonthYear => "DD/MM/YYYY",
            DateFormat::DayMonthYearDots => "DD.MM.YYYY",
            DateFormat::Excel => "an Excel serial day number",
        }
    }

    /// How the map spells the format.
    pub fn key(self) -> &'static str {
        match self {
            DateFormat::Iso => "iso",
            DateFormat::Excel => "excel",
            other => other.words(),
        }
    }

    /// Reads a date strictly in this format; single-digit days and months are fine (Excel
    /// writes `3/7/2021`).
    pub fn parse(self, text: &str) -> Option<jiff::civil::Date> {
        let text = text.trim();
        let numbers = |separator: char| -> Option<[i16; 3]> {
            let mut parts = text.split(separator);
            let mut out = [0i16; 3];
            for slot in &mut out {
                let part = parts.next()?;
                if part.is_empty() || part.len() > 4 || !part.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                *slot = part.parse().ok()?;
            }
            parts.next().is_none().then_some(out)
        };
        let (year, month, day) = match self {
            DateFormat::Iso => {
                let [y, m, d] = numbers('-')?;
                (y, m, d)
            }
            DateFormat::MonthDayYear => {
                let [m, d, y] = numbers('/')?;
                (y, m, d)
            }
            DateFormat::DayMonthYear => {
                let [d, m, y] = numbers('/')?;
                (y, m, d)
            }
            DateFormat::DayMonthYearDots => {
                let [d, m, y] = numbers('.')?;
                (y, m, d)
            }
            DateFormat::Excel => {
                // Day 1 is 1900-01-01 in Excel's count, which also counts a 29 February 1900
                // that never was; from day 61 on, day 0 is 1899-12-30.
                let serial: i64 = text.parse().ok()?;
                if !(61..=2_958_465).contains(&serial) {
                    return None;
                }
                let epoch = jiff::civil::date(1899, 12, 30);
                return epoch.checked_add(jiff::Span::new().days(serial)).ok();
            }
        };
        if year < 1000 {
            return None;
        }
        jiff::civil::Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LeadBy {
    Employee,
    Email,
    Name,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum IdFrom {
    Value,
    Email,
}

/// A teammate id from an employee key or an email: lower case, runs of anything but letters
/// and digits made one `-`. Accents are dropped to their base letter where it is plain.
pub fn slug(text: &str, from: IdFrom) -> String {
    let text = match from {
        IdFrom::Email => text.split('@').next().unwrap_or(text),
        IdFrom::Value => text,
    };
    let mut out = String::new();
    let mut gap = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = plain_letter(c);
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    out
}

fn plain_letter(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'ß' => 's',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_only_in_the_declared_format() {
        let day = jiff::civil::date(2021, 3, 7);
        assert_eq!(DateFormat::Iso.parse("2021-03-07"), Some(day));
        assert_eq!(DateFormat::MonthDayYear.parse("3/7/2021"), Some(day));
        assert_eq!(DateFormat::DayMonthYear.parse("07/03/2021"), Some(day));
        assert_eq!(DateFormat::DayMonthYearDots.parse("07.03.2021"), Some(day));
        assert_eq!(DateFormat::Excel.parse("44262"), Some(day));
        assert_eq!(DateFormat::MonthDayYear.parse("13/07/2021"), None);
        assert_eq!(DateFormat::Iso.parse("07.03.2021"), None);
        assert_eq!(DateFormat::Iso.parse("2021-02-30"), None);
        assert_eq!(DateFormat::Excel.parse("44262.5"), None);
    }

    #[test]
    fn ids_are_slugged_from_values_and_emails() {
        assert_eq!(
            slug("Zoë.O'Brien@acme.example", IdFrom::Email),
            "zoe-o-brien"
        );
        assert_eq!(slug("E-1042", IdFrom::Value), "e-1042");
        assert_eq!(slug("  ", IdFrom::Value), "");
    }
}
