//! Values users may write in more than one shape: a level by number or id, a step by number or
//! label, the steps of a level, a typical time as months, a range or a career level, and an
//! expectation as a sentence or a list of criteria. Each shape is read by hand so a wrong value
//! gets a message in the domain's words, and each says its shapes in the JSON Schema.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::framework::Follows;

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

/// What a level expects on one factor: one or more criteria, or another level's expectation
/// with what this level adds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Expectation {
    /// The words written here: the whole expectation, or what `plus:` adds to the one followed.
    pub criteria: Vec<Criterion>,
    /// Written `{as: below}` or `{as: IC4}`: the level whose words come first, on purpose.
    pub follows: Option<Follows>,
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
        let words = self
            .criteria
            .iter()
            .map(|criterion| criterion.criterion.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        match &self.follows {
            None => words,
            Some(follows) if words.is_empty() => format!("(as {})", follows.words()),
            Some(follows) => format!("(as {}, plus:)\n{words}", follows.words()),
        }
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
        f.write_str("a sentence, a list of criteria, `{as: <level>}` with an optional `plus:`, or `{milestone: N}`")
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
        // `{as: …}` with an optional `plus:`, the words this level adds to the one it follows.
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Written {
            #[serde(rename = "as", default)]
            as_: Option<NumberOrText>,
            #[serde(default)]
            plus: Option<Expectation>,
            #[serde(default)]
            milestone: Option<crate::Spanned<u32>>,
            #[serde(default)]
            criteria: Option<Expectation>,
        }
        let written = Written::deserialize(de::value::MapAccessDeserializer::new(map))?;
        // `{milestone: N}` is read in `scale`; everything else here is `as`.
        let (as_, plus) = match written {
            Written {
                milestone: Some(point),
                as_: None,
                plus: None,
                criteria,
            } => return super::scale::required(point, criteria).map_err(de::Error::custom),
            Written {
                milestone: None,
                as_: Some(as_),
                plus,
                criteria: None,
            } => (as_, plus),
            Written {
                milestone: None,
                as_: None,
                plus: Some(_),
                ..
            } => return Err(de::Error::missing_field("as")),
            _ => return Err(de::Error::custom(super::scale::MAP_SHAPES)),
        };
        let follows = match as_ {
            NumberOrText::Number(number) => Follows::Level {
                track: None,
                level: LevelRef::Number(number),
            },
            NumberOrText::Text(text) => Follows::parse(&text).ok_or_else(|| {
                de::Error::custom(format!(
                    "`as: {text}` is not a level to follow: {FOLLOW_SHAPES}"
                ))
            })?,
        };
        let criteria = match plus {
            None => Vec::new(),
            Some(plus) if plus.follows.is_some() => {
                return Err(de::Error::custom(
                    "`plus:` holds the words this level adds: expected a sentence or a list of criteria, not another `as:`",
                ));
            }
            Some(plus) => plus.criteria,
        };
        Ok(Expectation {
            criteria,
            follows: Some(follows),
            milestone: None,
        })
    }
}

const FOLLOW_SHAPES: &str = "expected `below`, a level of this track such as `IC4` or `4`, or `track/level` such as `backend/IC4`";

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
        let criteria = serde_json::json!({
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
        });
        json_schema!({
            "description": "What a level expects on a factor: a sentence, a list of criteria, each a sentence or `{criterion, examples}`, `{as: <level>}` for another level's expectation on the same factor (`below`, `IC4`, `4` or `backend/IC4`) with `plus:` the sentences or criteria this level adds, or `{milestone: N}` for a point on the factor's scale, with `criteria:` beside it if wanted.",
            "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "properties": {
                        "as": {
                            "description": "The level followed: `below`, a level of this track by id or number, or `track/level`.",
                            "anyOf": [
                                { "type": "string", "minLength": 1 },
                                { "type": "integer", "minimum": 0 }
                            ]
                        },
                        "plus": {
                            "description": "What this level adds to the level followed: a sentence or a list of criteria.",
                            "anyOf": [{ "type": "string" }, criteria]
                        }
                    },
                    "required": ["as"],
                    "additionalProperties": false
                },
                super::scale::required_schema(),
                criteria
            ]
        })
    }
}
