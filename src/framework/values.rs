//! Values users may write in more than one shape: a level by number or id, a step by number or
//! label, the steps of a level, a typical time as months, a range or a career level, and an
//! expectation as a sentence or a list of criteria. Each shape is read by hand so a wrong value
//! gets a message in the domain's words, and each says its shapes in the JSON Schema.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// The parser turns this message into "expected a whole number of 0 or more", the message
/// numbers have always had.
const NOT_A_NUMBER: &str = "invalid u32";

fn number<E: de::Error>(value: u64) -> Result<u32, E> {
    u32::try_from(value).map_err(|_| E::custom(NOT_A_NUMBER))
}

/// A level as a placement or case names it: its number on the track, or its id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LevelRef {
    Number(u32),
    Id(String),
}

impl LevelRef {
    /// Reads a level written as text: digits are a number, anything else an id.
    pub fn parse(text: &str) -> LevelRef {
        match text.parse::<u32>() {
            Ok(number) => LevelRef::Number(number),
            Err(_) => LevelRef::Id(text.to_string()),
        }
    }
}

impl fmt::Display for LevelRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LevelRef::Number(number) => write!(f, "{number}"),
            LevelRef::Id(id) => f.write_str(id),
        }
    }
}

impl<'de> Deserialize<'de> for LevelRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match NumberOrText::deserialize(deserializer)? {
            NumberOrText::Number(number) => LevelRef::Number(number),
            NumberOrText::Text(id) => LevelRef::Id(id),
        })
    }
}

/// A scalar written as a whole number or as text: how levels and steps are named.
enum NumberOrText {
    Number(u32),
    Text(String),
}

struct NumberOrTextVisitor;

impl Visitor<'_> for NumberOrTextVisitor {
    type Value = NumberOrText;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a name")
    }
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<NumberOrText, E> {
        number(value).map(NumberOrText::Number)
    }
    // A negative or fractional level or step is kept as written, so the check can say the
    // track's real range beside it.
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<NumberOrText, E> {
        match u64::try_from(value) {
            Ok(value) => self.visit_u64(value),
            Err(_) => Ok(NumberOrText::Text(value.to_string())),
        }
    }
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<NumberOrText, E> {
        // `{:?}` keeps `2.0` from reading as the number 2.
        Ok(NumberOrText::Text(format!("{value:?}")))
    }
    fn visit_str<E: de::Error>(self, value: &str) -> Result<NumberOrText, E> {
        Ok(NumberOrText::Text(value.to_string()))
    }
}

impl<'de> Deserialize<'de> for NumberOrText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NumberOrTextVisitor)
    }
}

impl JsonSchema for LevelRef {
    fn schema_name() -> Cow<'static, str> {
        "LevelRef".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A level: its number on the track, or its id such as `IC4`.",
            "anyOf": [
                { "type": "integer", "minimum": 0 },
                { "type": "string", "minLength": 1 }
            ]
        })
    }
}

/// A step as a placement names it: its number from 1, or its label where steps are labelled.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum StepRef {
    Number(u32),
    Label(String),
}

impl fmt::Display for StepRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepRef::Number(number) => write!(f, "{number}"),
            StepRef::Label(label) => f.write_str(label),
        }
    }
}

impl<'de> Deserialize<'de> for StepRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match NumberOrText::deserialize(deserializer)? {
            NumberOrText::Number(number) => StepRef::Number(number),
            NumberOrText::Text(label) => StepRef::Label(label),
        })
    }
}

impl JsonSchema for StepRef {
    fn schema_name() -> Cow<'static, str> {
        "StepRef".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A step: its number from 1, or its label where steps are labelled (e.g. `B`).",
            "anyOf": [
                { "type": "integer", "minimum": 0 },
                { "type": "string", "minLength": 1 }
            ]
        })
    }
}

/// The steps inside a level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Steps {
    /// No steps: placements carry no `step`.
    None,
    /// Steps numbered 1 to n.
    Count(u32),
    /// Steps named in order, e.g. A to E; placements may name a step by label or number.
    Labels(Vec<String>),
}

impl Steps {
    pub fn count(&self) -> u32 {
        match self {
            Steps::None => 0,
            Steps::Count(count) => *count,
            Steps::Labels(labels) => u32::try_from(labels.len()).unwrap_or(u32::MAX),
        }
    }

    /// The number of a step (1-based), when the level has it.
    pub fn number(&self, step: &StepRef) -> Option<u32> {
        let number = match (self, step) {
            (Steps::Labels(labels), StepRef::Label(label)) => {
                let index = labels.iter().position(|own| own == label)?;
                u32::try_from(index + 1).ok()?
            }
            (_, StepRef::Number(number)) => *number,
            _ => return None,
        };
        (1..=self.count()).contains(&number).then_some(number)
    }

    /// How a step is shown: its label, or its number.
    pub fn label(&self, number: u32) -> String {
        match self {
            Steps::Labels(labels) => usize::try_from(number.wrapping_sub(1))
                .ok()
                .and_then(|index| labels.get(index))
                .cloned()
                .unwrap_or_else(|| number.to_string()),
            _ => number.to_string(),
        }
    }

    /// The steps for messages: "1 to 4", "A to E".
    pub fn span(&self) -> String {
        match self {
            Steps::None => "none".into(),
            Steps::Count(count) => format!("1 to {count}"),
            Steps::Labels(labels) => format!(
                "{} to {}",
                labels.first().map_or("", String::as_str),
                labels.last().map_or("", String::as_str)
            ),
        }
    }
}

struct StepsVisitor;

impl<'de> Visitor<'de> for StepsVisitor {
    type Value = Steps;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number of steps, a list of step labels, or `none`")
    }
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Steps, E> {
        number(value).map(Steps::Count)
    }
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Steps, E> {
        number(u64::try_from(value).map_err(|_| E::custom(NOT_A_NUMBER))?).map(Steps::Count)
    }
    fn visit_str<E: de::Error>(self, value: &str) -> Result<Steps, E> {
        match value {
            "none" => Ok(Steps::None),
            other => Err(E::custom(format!(
                "`{other}` is not steps: expected a number such as 4, a list of labels such as [A, B, C], or `none`"
            ))),
        }
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Steps, A::Error> {
        let mut labels = Vec::new();
        while let Some(label) = seq.next_element::<LabelText>()? {
            labels.push(label.0);
        }
        Ok(Steps::Labels(labels))
    }
}

/// A step label: written as text or a bare number, kept as text.
struct LabelText(String);

impl<'de> Deserialize<'de> for LabelText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;
        impl Visitor<'_> for Text {
            type Value = LabelText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a step label")
            }
            fn visit_str<E: de::Error>(self, value: &str) -> Result<LabelText, E> {
                Ok(LabelText(value.to_string()))
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<LabelText, E> {
                Ok(LabelText(value.to_string()))
            }
        }
        deserializer.deserialize_any(Text)
    }
}

impl<'de> Deserialize<'de> for Steps {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StepsVisitor)
    }
}

impl JsonSchema for Steps {
    fn schema_name() -> Cow<'static, str> {
        "Steps".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Steps inside a level: a count numbered from 1, labels in order (e.g. [A, B, C, D, E]), or `none`.",
            "anyOf": [
                { "type": "integer", "minimum": 1 },
                { "type": "array", "items": { "type": "string" }, "minItems": 1 },
                { "const": "none" }
            ]
        })
    }
}

/// A typical time: months (a number or a range), or a career level with no expected move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typical {
    Months { min: u32, max: u32 },
    Career,
}

impl Typical {
    /// Where `months` falls against this time: below, inside or above it. A single number
    /// counts as a range of a fifth either way; a career level is never past.
    pub fn judge(&self, months: f64) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        match *self {
            Typical::Career => Ordering::Equal,
            Typical::Months { min, max } => {
                let (low, high) = if min == max {
                    (f64::from(min) * 0.8, f64::from(max) * 1.2)
                } else {
                    (f64::from(min), f64::from(max))
                };
                if months < low {
                    Ordering::Less
                } else if months <= high {
                    Ordering::Equal
                } else {
                    Ordering::Greater
                }
            }
        }
    }

    /// The shortest typical time, for "sooner than typical".
    pub fn min_months(&self) -> Option<u32> {
        match self {
            Typical::Months { min, .. } => Some(*min),
            Typical::Career => None,
        }
    }
}

impl fmt::Display for Typical {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Typical::Months { min, max } if min == max => write!(f, "{min} months"),
            Typical::Months { min, max } => write!(f, "{min}–{max} months"),
            Typical::Career => f.write_str("a career level (no expected move)"),
        }
    }
}

impl serde::Serialize for Typical {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(2))?;
        match self {
            Typical::Months { min, max } => {
                map.serialize_entry("min_months", min)?;
                map.serialize_entry("max_months", max)?;
            }
            Typical::Career => map.serialize_entry("career", &true)?,
        }
        map.end()
    }
}

const TYPICAL_SHAPES: &str =
    "expected months such as 18, a range such as 18-24, or `career` for a level people may stay at";

struct TypicalVisitor;

impl Visitor<'_> for TypicalVisitor {
    type Value = Typical;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(TYPICAL_SHAPES)
    }
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Typical, E> {
        let months = number(value)?;
        Ok(Typical::Months {
            min: months,
            max: months,
        })
    }
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Typical, E> {
        self.visit_u64(u64::try_from(value).map_err(|_| E::custom(NOT_A_NUMBER))?)
    }
    fn visit_str<E: de::Error>(self, value: &str) -> Result<Typical, E> {
        let bad = || E::custom(format!("`{value}` is not a typical time: {TYPICAL_SHAPES}"));
        let text = value.trim();
        if text == "career" {
            return Ok(Typical::Career);
        }
        let text = text.strip_suffix("months").unwrap_or(text).trim();
        let (min, max) = match text.split_once(['-', '–']) {
            Some((min, max)) => (min.trim(), max.trim()),
            None => (text, text),
        };
        let min: u32 = min.parse().map_err(|_| bad())?;
        let max: u32 = max.parse().map_err(|_| bad())?;
        if max < min {
            return Err(E::custom(format!(
                "`{value}` runs backwards: expected the shorter time first, e.g. {max}-{min}"
            )));
        }
        Ok(Typical::Months { min, max })
    }
}

impl<'de> Deserialize<'de> for Typical {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TypicalVisitor)
    }
}

impl JsonSchema for Typical {
    fn schema_name() -> Cow<'static, str> {
        "Typical".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Typical months: a number, a range such as `18-24`, or `career` for a level with no expected move.",
            "anyOf": [
                { "type": "integer", "minimum": 1 },
                { "type": "string", "pattern": "^\\s*\\d+\\s*[-–]\\s*\\d+\\s*(months)?\\s*$" },
                { "const": "career" }
            ]
        })
    }
}

/// Years of experience a level usually asks for: a number, a range such as `2-4`, or a floor
/// such as `8+`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Years {
    pub min: u32,
    /// `None` for a floor (`8+`).
    pub max: Option<u32>,
}

impl fmt::Display for Years {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = |n: u32| if n == 1 { "year" } else { "years" };
        match self.max {
            Some(max) if max == self.min => write!(f, "{max} {}", unit(max)),
            Some(max) => write!(f, "{}–{max} {}", self.min, unit(max)),
            None => write!(f, "{}+ {}", self.min, unit(self.min.max(2))),
        }
    }
}

impl serde::Serialize for Years {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("min_years", &self.min)?;
        if let Some(max) = self.max {
            map.serialize_entry("max_years", &max)?;
        }
        map.end()
    }
}

const YEARS_SHAPES: &str = "expected years such as 3, a range such as 2-4, or a floor such as 8+";

struct YearsVisitor;

impl Visitor<'_> for YearsVisitor {
    type Value = Years;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(YEARS_SHAPES)
    }
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Years, E> {
        let years = u32::try_from(value).map_err(|_| E::custom(YEARS_SHAPES))?;
        Ok(Years {
            min: years,
            max: Some(years),
        })
    }
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Years, E> {
        let bad = || {
            E::custom(format!(
                "`{value}` is not years of experience: {YEARS_SHAPES}"
            ))
        };
        self.visit_u64(u64::try_from(value).map_err(|_| bad())?)
    }
    fn visit_str<E: de::Error>(self, value: &str) -> Result<Years, E> {
        let bad = || {
            E::custom(format!(
                "`{value}` is not years of experience: {YEARS_SHAPES}"
            ))
        };
        let text = value.trim();
        let text = text.strip_suffix("years").unwrap_or(text).trim();
        if let Some(floor) = text.strip_suffix('+') {
            let min = floor.trim().parse().map_err(|_| bad())?;
            return Ok(Years { min, max: None });
        }
        let (min, max) = match text.split_once(['-', '–']) {
            Some((min, max)) => (min.trim(), max.trim()),
            None => (text, text),
        };
        let min: u32 = min.parse().map_err(|_| bad())?;
        let max: u32 = max.parse().map_err(|_| bad())?;
        if max < min {
            return Err(E::custom(format!(
                "`{value}` runs backwards: expected the fewer years first, e.g. {max}-{min}"
            )));
        }
        Ok(Years {
            min,
            max: Some(max),
        })
    }
}

impl<'de> Deserialize<'de> for Years {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(YearsVisitor)
    }
}

impl JsonSchema for Years {
    fn schema_name() -> Cow<'static, str> {
        "Years".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Years of experience: a number, a range such as `2-4`, or a floor such as `8+`.",
            "anyOf": [
                { "type": "integer", "minimum": 0 },
                { "type": "string", "pattern": "^\\s*\\d+\\s*([-–]\\s*\\d+\\s*|\\+\\s*)?(years)?\\s*$" }
            ]
        })
    }
}

/// What a level expects on one factor: one or more criteria.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Expectation {
    pub criteria: Vec<Criterion>,
    /// Written `{as: below}`: the level expects what the level below does, on purpose.
    pub as_below: bool,
    /// Written `{milestone: 3}`: the point the level expects on the factor's scale.
    pub milestone: Option<crate::Spanned<u32>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub criterion: String,
    #[serde(default)]
    pub examples: Vec<String>,
}

impl Expectation {
    /// The criteria as one text, one a line, for word diffs and side-by-side views.
    pub fn text(&self) -> String {
        if self.as_below {
            return "(as the level below)".to_string();
        }
        self.criteria
            .iter()
            .map(|criterion| criterion.criterion.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

struct CriterionVisitor;

impl<'de> Visitor<'de> for CriterionVisitor {
    type Value = Criterion;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a criterion: a sentence, or `criterion:` with `examples:`")
    }
    fn visit_str<E: de::Error>(self, value: &str) -> Result<Criterion, E> {
        Ok(Criterion {
            criterion: value.to_string(),
            examples: Vec::new(),
        })
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Criterion, A::Error> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Detailed {
            criterion: String,
            #[serde(default)]
            examples: Vec<String>,
        }
        let detailed = Detailed::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(Criterion {
            criterion: detailed.criterion,
            examples: detailed.examples,
        })
    }
}

struct CriterionItem(Criterion);

impl<'de> Deserialize<'de> for CriterionItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(CriterionVisitor)
            .map(CriterionItem)
    }
}

struct ExpectationVisitor;

impl<'de> Visitor<'de> for ExpectationVisitor {
    type Value = Expectation;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sentence, a list of criteria, `{as: below}` or `{milestone: N}`")
    }
    fn visit_str<E: de::Error>(self, value: &str) -> Result<Expectation, E> {
        Ok(Expectation {
            criteria: vec![Criterion {
                criterion: value.to_string(),
                examples: Vec::new(),
            }],
            ..Expectation::default()
        })
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Expectation, A::Error> {
        let mut criteria = Vec::new();
        while let Some(item) = seq.next_element::<CriterionItem>()? {
            criteria.push(item.0);
        }
        Ok(Expectation {
            criteria,
            ..Expectation::default()
        })
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Expectation, A::Error> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Same {
            #[serde(rename = "as", default)]
            as_: Option<String>,
            #[serde(default)]
            milestone: Option<crate::Spanned<u32>>,
            #[serde(default)]
            criteria: Option<Expectation>,
        }
        let same = Same::deserialize(de::value::MapAccessDeserializer::new(map))?;
        // `{milestone: N}` is read in `scale`; everything else here is `as`.
        let as_ = match (same.milestone, same.as_, same.criteria) {
            (Some(point), None, criteria) => {
                return super::scale::required(point, criteria).map_err(de::Error::custom);
            }
            (None, Some(as_), None) => as_,
            _ => return Err(de::Error::custom(super::scale::MAP_SHAPES)),
        };
        if as_ != "below" {
            return Err(de::Error::custom(format!(
                "`as: {as_}` is not a level to follow: expected `{{as: below}}`, the level below's expectation unchanged"
            )));
        }
        Ok(Expectation {
            as_below: true,
            ..Expectation::default()
        })
    }
}

impl<'de> Deserialize<'de> for Expectation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ExpectationVisitor)
    }
}

impl JsonSchema for Expectation {
    fn schema_name() -> Cow<'static, str> {
        "Expectation".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "What a level expects on a factor: a sentence, a list of criteria, each a sentence or `{criterion, examples}`, `{as: below}` for the level below's expectation unchanged, or `{milestone: N}` for a point on the factor's scale, with `criteria` beside it if wanted.",
            "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "properties": { "as": { "const": "below" } },
                    "required": ["as"],
                    "additionalProperties": false
                },
                super::scale::required_schema(),
                {
                    "type": "array",
                    "items": {
                        "anyOf": [
                            { "type": "string" },
                            {
                                "type": "object",
                                "properties": {
                                    "criterion": { "type": "string" },
                                    "examples": { "type": "array", "items": { "type": "string" } }
                                },
                                "required": ["criterion"],
                                "additionalProperties": false
                            }
                        ]
                    }
                }
            ]
        })
    }
}

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
