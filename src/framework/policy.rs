//! The policy block of `framework.yml`: who approves each kind of change, the limits a change
//! must keep, the rules the lead tree keeps, and the pace test's settings. Only the shapes live
//! here; `check` judges the values and `policy` applies them.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use super::{Calendar, LevelRef};
use crate::Spanned;

/// Who approves each kind of change, and the limits a change must keep. The base revision's
/// policy judges a pull request, never the head's.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// Who must approve an edit to this policy block.
    pub owners: Vec<Spanned<String>>,
    /// A level change needs a case file naming the person and the target level.
    pub case_file_required: bool,
    /// The most levels one change may move someone.
    pub max_level_jump: Spanned<u32>,
    /// The most steps one change may move someone within a level.
    pub max_step_jump: Spanned<u32>,
    /// Approvers per change kind: GitHub logins, `org/team` slugs, or the roles `lead`,
    /// `director` and `lead-of-lead`.
    pub approvers: Approvers,
    /// Who approves for `director` when a teammate's team has no director and no lead above
    /// them directs a team.
    pub fallback: Vec<Spanned<String>>,
    pub pace: PacePolicy,
    /// People to loop in per change kind, as `approvers` names them, without their approval
    /// being required.
    pub notify: Approvers,
    /// Rules every lead keeps: the lowest level a lead may hold, and whether a lead's level is
    /// above their reports'.
    pub leads: LeadRules,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            owners: Vec::new(),
            case_file_required: true,
            max_level_jump: Spanned::new(1, crate::Pos::default()),
            max_step_jump: Spanned::new(2, crate::Pos::default()),
            approvers: Approvers::default(),
            fallback: Vec::new(),
            pace: PacePolicy::default(),
            notify: Approvers::default(),
            leads: LeadRules::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Approvers {
    pub hire: Vec<Spanned<String>>,
    pub departure: Vec<Spanned<String>>,
    pub level: Vec<Spanned<String>>,
    pub step: Vec<Spanned<String>>,
    pub track: Vec<Spanned<String>>,
    pub team: Vec<Spanned<String>>,
    pub lead: Vec<Spanned<String>>,
    /// A move between roles inside a team.
    pub role: Vec<Spanned<String>>,
    /// A change of who the teammate is: name, GitHub login, email, or the file's id. Without
    /// entries: the policy owners and the teammate's director.
    pub identity: Vec<Spanned<String>>,
    /// A change of where the teammate works.
    pub location: Vec<Spanned<String>>,
    /// A factor's milestone in the teammate's assessment.
    pub assessment: Vec<Spanned<String>>,
    /// Any other edit of a placement (`since`).
    pub details: Vec<Spanned<String>>,
    pub framework: Vec<Spanned<String>>,
}

impl Approvers {
    /// Each policy key with its entries.
    pub fn keyed(&self) -> [(&'static str, &[Spanned<String>]); 13] {
        [
            ("hire", &self.hire),
            ("departure", &self.departure),
            ("level", &self.level),
            ("step", &self.step),
            ("track", &self.track),
            ("team", &self.team),
            ("lead", &self.lead),
            ("role", &self.role),
            ("identity", &self.identity),
            ("location", &self.location),
            ("assessment", &self.assessment),
            ("details", &self.details),
            ("framework", &self.framework),
        ]
    }

    pub fn all(&self) -> impl Iterator<Item = &Spanned<String>> {
        self.keyed().into_iter().flat_map(|(_, entries)| entries)
    }

    /// The entries of one policy key.
    pub fn of(&self, key: &str) -> &[Spanned<String>] {
        self.keyed()
            .into_iter()
            .find(|(name, _)| *name == key)
            .map_or(&[], |(_, entries)| entries)
    }
}

/// The roles an approver entry may name instead of a login or team.
pub const ROLES: [&str; 3] = ["lead", "director", "lead-of-lead"];

/// The role a bare approver entry was probably meant to name (`Director`, `directr`,
/// `lead-of-leads`): read as a login, it would let a GitHub user of that name approve.
pub fn mistyped_role(entry: &str) -> Option<&'static str> {
    if ROLES.contains(&entry) || entry.starts_with('@') || entry.contains('/') {
        return None;
    }
    let folded = |text: &str| {
        let text: String = text
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        text.strip_suffix('s').map_or(text.clone(), str::to_string)
    };
    let lower = entry.to_lowercase();
    ROLES.into_iter().find(|role| {
        folded(entry) == folded(role)
            // Short roles only by case or plural: `leah` is a name, not a typo of `lead`.
            || role.len() >= 8 && strsim::damerau_levenshtein(&lower, role) <= 2
    })
}

#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PacePolicy {
    /// Months the pace test looks back from each review. Without it: 24, or 12 while the
    /// history is shorter than 24 months.
    pub window: Option<Spanned<u32>>,
    /// The earlier name of `window`; read the same way.
    pub window_months: Option<Spanned<u32>>,
    /// The false discovery rate a year, shared out over the year's reviews.
    pub q: Spanned<f64>,
    /// The review dates at which flags are decided: `quarterly` (the default), `half-yearly`,
    /// `yearly`, `monthly`, or month-days such as [03-31, 09-30].
    pub reviews: Option<Spanned<Calendar>>,
    /// Calibration cycles, when promotions happen at set dates: exposure is then counted in
    /// report-cycles and each move belongs to the cycle it landed in. `anniversary`: each
    /// teammate's cycle falls on the anniversary of their start (their `since:`).
    #[schemars(schema_with = "cycles_schema")]
    pub cycles: Option<Spanned<Calendar>>,
    /// Days after a cycle's date in which a move still belongs to that cycle.
    pub cycle_grace_days: Spanned<u32>,
    /// How much leads ordinarily differ (coefficient of variation of their rates), used when
    /// fewer than 20 leads are tested; with 20 or more the spread is estimated and never goes
    /// below it. Without it: 0.15, and with 20 or more leads less where the history shows
    /// leads differ by less.
    pub tolerance: Option<Spanned<f64>>,
    /// Leads with fewer report-months than this are "not enough data".
    pub min_exposure_months: Spanned<f64>,
}

impl PacePolicy {
    /// Each key as the policy reads, defaults included, for saying what an edit changed.
    pub fn keyed(&self) -> [(&'static str, String); 7] {
        let calendar = |calendar: &Option<Spanned<Calendar>>, none: &str| match calendar {
            None => none.to_string(),
            Some(written) => match &written.value {
                Calendar::Named(name) => name.clone(),
                Calendar::Dates(dates) => format!(
                    "[{}]",
                    dates
                        .iter()
                        .map(|date| date.value.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            },
        };
        [
            (
                "window",
                self.window_written()
                    .map_or_else(|| "24 (default)".into(), |months| months.to_string()),
            ),
            ("q", self.q.to_string()),
            ("reviews", calendar(&self.reviews, "quarterly (default)")),
            ("cycles", calendar(&self.cycles, "none")),
            ("cycle_grace_days", self.cycle_grace_days.to_string()),
            (
                "tolerance",
                self.tolerance.as_ref().map_or_else(
                    || format!("{DEFAULT_TOLERANCE} (default)"),
                    |tolerance| tolerance.value.to_string(),
                ),
            ),
            ("min_exposure_months", self.min_exposure_months.to_string()),
        ]
    }

    /// The window as written, under either name.
    pub fn window_written(&self) -> Option<&Spanned<u32>> {
        self.window.as_ref().or(self.window_months.as_ref())
    }
}

/// How much leads are taken to differ when the policy does not say.
pub const DEFAULT_TOLERANCE: f64 = 0.15;

impl Default for PacePolicy {
    fn default() -> Self {
        PacePolicy {
            window: None,
            window_months: None,
            q: Spanned::new(0.05, crate::Pos::default()),
            reviews: None,
            cycles: None,
            cycle_grace_days: Spanned::new(30, crate::Pos::default()),
            tolerance: None,
            min_exposure_months: Spanned::new(6.0, crate::Pos::default()),
        }
    }
}

/// Rules over the lead tree: who may lead. Both are off unless written.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct LeadRules {
    /// The lowest level a lead may hold: a number (a grade where the lead's level has one,
    /// else the level's number on its track), a level id such as `IC4` (that level, or its
    /// grade on other tracks), or a level per track such as `{maker: IC4, manager: M1}`.
    pub min_level: Option<Spanned<MinLevel>>,
    /// A lead's level is above each report's: on one track by number, across tracks by grade.
    pub above_reports: Option<Spanned<bool>>,
}

impl LeadRules {
    /// Each key as written, for saying what an edit changed.
    pub fn keyed(&self) -> [(&'static str, String); 2] {
        [
            (
                "min_level",
                self.min_level
                    .as_ref()
                    .map_or_else(|| "none".into(), |min| min.value.to_string()),
            ),
            (
                "above_reports",
                self.above_reports
                    .as_ref()
                    .map_or_else(|| "false".into(), |above| above.value.to_string()),
            ),
        ]
    }
}

/// The lowest level a lead may hold: one level for every track, or one per track id.
#[derive(Debug, Clone, PartialEq)]
pub enum MinLevel {
    One(LevelRef),
    PerTrack(BTreeMap<String, Spanned<LevelRef>>),
}

impl std::fmt::Display for MinLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MinLevel::One(level) => write!(f, "{level}"),
            MinLevel::PerTrack(levels) => {
                let pairs: Vec<String> = levels
                    .iter()
                    .map(|(track, level)| format!("{track}: {}", level.value))
                    .collect();
                write!(f, "{{{}}}", pairs.join(", "))
            }
        }
    }
}

struct MinLevelVisitor;

impl<'de> serde::de::Visitor<'de> for MinLevelVisitor {
    type Value = MinLevel;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a level (a number or an id such as IC4), or a level per track such as {maker: IC4, manager: M1}")
    }
    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<MinLevel, E> {
        u32::try_from(value)
            .map(|number| MinLevel::One(LevelRef::Number(number)))
            .map_err(|_| E::custom("invalid u32"))
    }
    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<MinLevel, E> {
        Ok(MinLevel::One(LevelRef::parse(value.trim())))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<MinLevel, A::Error> {
        let mut levels = BTreeMap::new();
        while let Some((track, level)) = map.next_entry::<String, Spanned<LevelRef>>()? {
            levels.insert(track, level);
        }
        Ok(MinLevel::PerTrack(levels))
    }
}

impl<'de> Deserialize<'de> for MinLevel {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(MinLevelVisitor)
    }
}

impl JsonSchema for MinLevel {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "MinLevel".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The lowest level a lead may hold: a number, a level id such as `IC4`, or a level per track id.",
            "anyOf": [
                { "type": "integer", "minimum": 1 },
                { "type": "string", "minLength": 1 },
                {
                    "type": "object",
                    "additionalProperties": {
                        "anyOf": [
                            { "type": "integer", "minimum": 1 },
                            { "type": "string", "minLength": 1 }
                        ]
                    }
                }
            ]
        })
    }
}

/// How `cycles` names each teammate's own anniversary.
pub const ANNIVERSARY: &str = "anniversary";

/// `cycles` takes what `reviews` does, or `anniversary`.
fn cycles_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let calendar = generator.subschema_for::<Calendar>();
    schemars::json_schema!({
        "anyOf": [
            calendar,
            { "const": "anniversary" },
            { "type": "null" }
        ]
    })
}
