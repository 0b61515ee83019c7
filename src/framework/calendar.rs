//! Dates that come round every year, as the pace policy writes them: a name such as
//! `quarterly`, or month-days such as `[06-30, 12-31]`.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};

/// Dates that come round every year: the pace test's reviews or a company's calibration
/// cycles. Written as a name (`quarterly`) or a list of month-days (`[06-30, 12-31]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Calendar {
    Named(String),
    Dates(Vec<crate::Spanned<String>>),
}

/// The names a calendar may be written as, with the month-days each stands for.
pub const CALENDARS: [(&str, &[(i8, i8)]); 4] = [
    ("quarterly", &[(3, 31), (6, 30), (9, 30), (12, 31)]),
    ("half-yearly", &[(6, 30), (12, 31)]),
    ("yearly", &[(12, 31)]),
    (
        "monthly",
        &[
            (1, 31),
            (2, 28),
            (3, 31),
            (4, 30),
            (5, 31),
            (6, 30),
            (7, 31),
            (8, 31),
            (9, 30),
            (10, 31),
            (11, 30),
            (12, 31),
        ],
    ),
];

/// Reads `MM-DD` as a month and a day that every year has (no 29 February).
pub fn month_day(text: &str) -> Option<(i8, i8)> {
    let (month, day) = text.split_once('-')?;
    let month: i8 = month.parse().ok()?;
    let day: i8 = day.parse().ok()?;
    jiff::civil::Date::new(2025, month, day).ok()?;
    Some((month, day))
}

impl Calendar {
    /// The month-days in order, or `None` when a name or an entry does not read.
    pub fn month_days(&self) -> Option<Vec<(i8, i8)>> {
        let mut days = match self {
            Calendar::Named(name) => CALENDARS
                .iter()
                .find(|(known, _)| known == name)
                .map(|(_, days)| days.to_vec())?,
            Calendar::Dates(dates) => dates
                .iter()
                .map(|date| month_day(date))
                .collect::<Option<Vec<_>>>()?,
        };
        days.sort_unstable();
        days.dedup();
        (!days.is_empty()).then_some(days)
    }
}

struct CalendarVisitor;

impl<'de> Visitor<'de> for CalendarVisitor {
    type Value = Calendar;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("`quarterly`, `half-yearly`, `yearly`, `monthly` or a list of month-days such as [06-30, 12-31]")
    }
    fn visit_str<E: de::Error>(self, value: &str) -> Result<Calendar, E> {
        Ok(Calendar::Named(value.to_string()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Calendar, A::Error> {
        let mut dates = Vec::new();
        while let Some(date) = seq.next_element::<crate::Spanned<String>>()? {
            dates.push(date);
        }
        Ok(Calendar::Dates(dates))
    }
}

impl<'de> Deserialize<'de> for Calendar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CalendarVisitor)
    }
}

impl JsonSchema for Calendar {
    fn schema_name() -> Cow<'static, str> {
        "Calendar".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Dates that come round every year: a name, or month-days written MM-DD.",
            "anyOf": [
                { "enum": ["quarterly", "half-yearly", "yearly", "monthly"] },
                {
                    "type": "array",
                    "items": { "type": "string", "pattern": "^[0-1][0-9]-[0-3][0-9]$" },
                    "minItems": 1
                }
            ]
        })
    }
}
