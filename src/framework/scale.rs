//! A factor's scale: its milestones in order, each a sentence or a named point with a
//! description and behaviours, and a level's required milestone written inside its
//! expectations (`{milestone: 3}`). Reading and naming only; `check` judges them.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

use super::{Expectation, Factor, LevelView};
use crate::Spanned;

/// One point on a factor's scale. Written as a sentence (its description), or as
/// `{name, description, behaviours}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Milestone {
    /// A short name for the point, e.g. `Adopts`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What someone at this point is seen doing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub behaviours: Vec<String>,
}

impl Milestone {
    /// The point's name, else its description: how a level's requirement is shown.
    pub fn label(&self) -> &str {
        self.name
            .as_deref()
            .or(self.description.as_deref())
            .unwrap_or_default()
    }
}

struct MilestoneVisitor;

impl<'de> Visitor<'de> for MilestoneVisitor {
    type Value = Milestone;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a milestone: a sentence, or `{name, description, behaviours}`")
    }
    fn visit_str<E: de::Error>(self, value: &str) -> Result<Milestone, E> {
        Ok(Milestone {
            description: Some(value.to_string()),
            ..Milestone::default()
        })
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Milestone, A::Error> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Named {
            #[serde(default)]
            name: Option<String>,
            #[serde(default)]
            description: Option<String>,
            #[serde(default)]
            behaviours: Vec<String>,
        }
        let named = Named::deserialize(de::value::MapAccessDeserializer::new(map))?;
        if named.name.is_none() && named.description.is_none() {
            return Err(de::Error::custom(
                "a milestone needs a `name` or a `description`, e.g. {name: Adopts, description: ...}",
            ));
        }
        Ok(Milestone {
            name: named.name,
            description: named.description,
            behaviours: named.behaviours,
        })
    }
}

impl<'de> Deserialize<'de> for Milestone {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(MilestoneVisitor)
    }
}

impl JsonSchema for Milestone {
    fn schema_name() -> Cow<'static, str> {
        "Milestone".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A point on a factor's scale: a sentence, or a name with a description and behaviours.",
            "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "properties": {
                        "name": { "type": "string" },
                        "description": { "type": "string" },
                        "behaviours": { "type": "array", "items": { "type": "string" } }
                    },
                    "anyOf": [ { "required": ["name"] }, { "required": ["description"] } ],
                    "additionalProperties": false
                }
            ]
        })
    }
}

/// `{milestone: 3, criteria: ...}` inside a level's expectations, once read: the point with
/// the words beside it, if any.
pub(super) fn required(
    milestone: Spanned<u32>,
    criteria: Option<Expectation>,
) -> Result<Expectation, String> {
    let criteria = match criteria {
        Some(words) if words.follows.is_some() || words.milestone.is_some() => {
            return Err(
                "`criteria:` beside `milestone:` holds a sentence or a list of criteria".into(),
            );
        }
        Some(words) => words.criteria,
        None => Vec::new(),
    };
    Ok(Expectation {
        criteria,
        follows: None,
        milestone: Some(milestone),
    })
}

impl Factor {
    /// The factor's milestone `number` (from 1), when the scale has it.
    pub fn milestone(&self, number: u32) -> Option<&Milestone> {
        let index = usize::try_from(number.checked_sub(1)?).ok()?;
        self.milestones.get(index).map(|point| &point.value)
    }

    /// How many points the factor's scale has.
    pub fn scale_len(&self) -> u32 {
        u32::try_from(self.milestones.len()).unwrap_or(u32::MAX)
    }

    /// A point in words: "milestone 3 of 5 (Evangelizes)".
    pub fn milestone_words(&self, number: u32) -> String {
        let mut words = format!("milestone {number} of {}", self.milestones.len());
        if let Some(point) = self.milestone(number).filter(|p| !p.label().is_empty()) {
            words.push_str(&format!(" ({})", point.label()));
        }
        words
    }

    /// A level's requirement as a line of its own: "Milestone 3 of 5 (Evangelizes)".
    pub fn required_words(&self, number: u32) -> String {
        let words = self.milestone_words(number);
        let mut chars = words.chars();
        chars.next().map_or_else(String::new, |first| {
            first.to_uppercase().chain(chars).collect::<String>()
        })
    }

    /// The scale one point a line: "3 Evangelizes: Brings promising tools...".
    pub fn scale_lines(&self) -> Vec<String> {
        (1..=self.scale_len())
            .filter_map(|number| {
                let point = self.milestone(number)?;
                Some(match (&point.name, &point.description) {
                    (Some(name), Some(description)) => format!("{number} {name}: {description}"),
                    _ => format!("{number} {}", point.label()),
                })
            })
            .collect()
    }
}

/// The shapes an expectation written as a map may take.
pub(super) const MAP_SHAPES: &str = "an expectation written as a map is `{as: <level>}`, with `plus:` beside it if wanted, or `{milestone: N}`, with `criteria:` beside it if wanted";

/// The JSON Schema of `{milestone: N, criteria: ...}`.
pub(super) fn required_schema() -> serde_json::Value {
    serde_json::json!({
        "type": "object",
        "properties": {
            "milestone": { "type": "integer", "minimum": 0 },
            "criteria": {
                "anyOf": [
                    { "type": "string" },
                    { "type": "array", "items": { "anyOf": [
                        { "type": "string" },
                        { "type": "object", "required": ["criterion"] }
                    ] } }
                ]
            }
        },
        "required": ["milestone"],
        "additionalProperties": false
    })
}

impl LevelView<'_> {
    /// The milestone this level requires on each factor that states one.
    pub fn required(&self) -> impl Iterator<Item = (&Factor, u32)> {
        self.expectations
            .iter()
            .filter_map(|(factor, expectation)| {
                let point = expectation.as_ref()?.required.as_ref()?.point;
                // A point off the scale is `check`'s error, not a requirement to judge by.
                (1..=factor.scale_len())
                    .contains(&point)
                    .then_some((*factor, point))
            })
    }
}
