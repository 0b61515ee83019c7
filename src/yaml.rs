//! The one place that knows which YAML crate parses ladder's files. It turns parser errors into
//! positioned messages and values into `Spanned` values, and sets the budgets that keep hostile
//! input (alias bombs, deep nesting) cheap to refuse. Nothing else imports the YAML crate.

mod shape;

use std::borrow::Cow;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, de::DeserializeOwned};

/// Where a value sits in its file: 1-based line and column (in characters), and the byte range
/// used to underline it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
    pub offset: u32,
    pub len: u32,
}

impl Pos {
    /// The top of a file, for problems that belong to the file as a whole.
    pub const TOP: Pos = Pos {
        line: 1,
        column: 1,
        offset: 0,
        len: 0,
    };

    fn from_location(location: serde_saphyr::Location) -> Pos {
        let span = location.span();
        Pos {
            line: saturate(location.line()).max(1),
            column: saturate(location.column()).max(1),
            offset: span.byte_offset().map_or(0, saturate),
            len: span.byte_len().map_or(0, saturate),
        }
    }
}

fn saturate(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A value with the position it was read from. Equality ignores the position, so two snapshots
/// with the same content compare equal wherever their lines fall.
#[derive(Debug, Clone, Default)]
pub struct Spanned<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Spanned<T> {
    pub fn new(value: T, pos: Pos) -> Self {
        Spanned { value, pos }
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T: Eq> Eq for Spanned<T> {}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        Ok(Spanned {
            value: spanned.value,
            pos: Pos::from_location(spanned.referenced),
        })
    }
}

impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }

    fn inline_schema() -> bool {
        T::inline_schema()
    }
}

/// A parse failure: what the parser expected, where, and for unknown keys the key and the keys
/// that would have been accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub pos: Pos,
    pub unknown_key: Option<(String, Vec<String>)>,
}

/// These files are small; anything near these limits is a mistake or an attack.
fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 24;
    budget.max_nodes = 20_000;
    budget.max_events = 50_000;
    budget.max_aliases = 100;
    budget.max_anchors = 100;
    budget.max_documents = 1;
    budget.max_total_scalar_bytes = 1 << 20;
    budget.max_recorded_anchor_events = 10_000;
    budget.max_recorded_anchor_bytes = 1 << 20;
    serde_saphyr::options! {
        budget: Some(budget),
        with_snippet: false,
        strict_booleans: true,
    }
}

/// Parses one YAML document into `T`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_saphyr::from_str_with_options::<T>(text, options()).map_err(|error| {
        let pos = error.location().map_or(Pos::TOP, Pos::from_location);
        let raw = error.to_string();
        match raw.contains("tab").then(|| tab_after(text, pos)).flatten() {
            Some(tab) => YamlError {
                message: "a tab: YAML indents with spaces, never tabs".to_string(),
                pos: tab,
                unknown_key: None,
            },
            None => describe(&raw, pos),
        }
    })
}

/// The tab the parser tripped on. The parser reports the scalar it was reading when it met
/// the tab, often on the line before, so the first tab from there on is the one to point at.
fn tab_after(text: &str, pos: Pos) -> Option<Pos> {
    let from = usize::try_from(pos.offset).unwrap_or(0).min(text.len());
    let from = (0..=from).rev().find(|&at| text.is_char_boundary(at))?;
    let at = text[from..]
        .find('\t')
        .map(|at| at + from)
        .or_else(|| text.find('\t'))?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |tail| tail.chars().count())
        + 1;
    Some(Pos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
        offset: u32::try_from(at).unwrap_or(u32::MAX),
        len: 1,
    })
}

/// Parses one YAML document into `T`; when that fails on keys or value shapes, every such
/// problem in the file, in order, each at its position. The parser's own first verdict always
/// comes first among those at its position, worded as `parse` words it.
pub fn parse_every<T: DeserializeOwned + JsonSchema>(text: &str) -> Result<T, Vec<YamlError>> {
    let first = match parse::<T>(text) {
        Ok(value) => return Ok(value),
        Err(first) => first,
    };
    // Syntax, duplicates and budgets stop the reading itself: nothing after them is sound.
    let structural = first.unknown_key.is_some()
        || first.message.starts_with("missing key ")
        || first.message.starts_with("expected ")
        || first.message.starts_with("invalid type")
        || first.message.starts_with("unknown variant");
    if !structural {
        return Err(vec![first]);
    }
    let (walked, missing) = shape_problems_and_ends::<T>(text);
    let mut first = first;
    // The parser places a missing key at its mapping's end, often the next item's line; the
    // walk knows where the mapping starts.
    if let Some(key) = first.message.strip_prefix("missing key ")
        && let Some(moved) = missing
            .iter()
            .filter(|missing| {
                let at = (first.pos.line, first.pos.column);
                format!("`{}`", missing.key) == key
                    && (missing.start.line, missing.start.column) <= at
                    && at <= (missing.end.line, missing.end.column)
            })
            .max_by_key(|missing| (missing.start.line, missing.start.column))
    {
        first.pos = moved.start;
    }
    let first_keys = first.unknown_key.as_ref().map(|(_, accepted)| {
        let mut sorted = accepted.clone();
        sorted.sort();
        (sorted, accepted.clone())
    });
    let mut every: Vec<YamlError> = walked
        .into_iter()
        .filter(|other| !same_problem(other, &first))
        .map(|mut other| {
            // The schema lists keys alphabetically; the parser in the order the type declares
            // them, which reads better: borrow it where the keys are the same.
            if let (Some((_, accepted)), Some((sorted, declared))) =
                (&mut other.unknown_key, &first_keys)
                && accepted == sorted
            {
                accepted.clone_from(declared);
            }
            other
        })
        .collect();
    every.push(first);
    every.sort_by_key(|error| (error.pos.line, error.pos.column));
    Err(every)
}

/// What a walk of the node tree against `T`'s JSON Schema finds wrong with the keys and value
/// shapes in `text`, in order. It finds nothing in a file `parse` accepts.
#[cfg(test)]
pub fn shape_problems<T: JsonSchema>(text: &str) -> Vec<YamlError> {
    shape_problems_and_ends::<T>(text).0
}

fn shape_problems_and_ends<T: JsonSchema>(text: &str) -> (Vec<YamlError>, Vec<shape::Missing>) {
    let schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    let schema = serde_json::to_value(&schema).unwrap_or_default();
    shape::problems(text, &schema)
}

/// Whether the walk's finding is the parser's first one, placed by the walk.
fn same_problem(walked: &YamlError, first: &YamlError) -> bool {
    if walked.message.starts_with("missing key ") || first.message.starts_with("missing key ") {
        return walked.message == first.message && walked.pos == first.pos;
    }
    match (&walked.unknown_key, &first.unknown_key) {
        (Some((walked_key, _)), Some((first_key, _))) => {
            walked_key == first_key && walked.pos.line == first.pos.line
        }
        (None, None) => walked.pos.line == first.pos.line,
        _ => false,
    }
}

fn describe(raw: &str, pos: Pos) -> YamlError {
    // The crate appends the position; ladder prints positions itself.
    let message = match raw.rfind(" at line ") {
        Some(cut) => &raw[..cut],
        None => raw,
    };
    let unknown_key = parse_unknown_key(message);
    let message = if let Some((key, _)) = &unknown_key {
        format!("unknown key `{key}`")
    } else if let Some(rest) = message.strip_prefix("missing field ") {
        format!("missing key {rest}")
    } else if let Some(kind) = message.strip_prefix("invalid ") {
        match kind {
            "u8" | "u16" | "u32" | "u64" => "expected a whole number of 0 or more".to_string(),
            "f32" | "f64" => "expected a number".to_string(),
            _ => message.to_string(),
        }
    } else if message.starts_with("multiple YAML documents") {
        "a file holds one YAML document; found a second one (`---`)".to_string()
    } else if message.starts_with("duplicate mapping key") {
        message
            .split(", set DuplicateKeyPolicy")
            .next()
            .unwrap_or(message)
            .to_string()
    } else if message.contains("budget") || message.contains("limit") {
        format!(
            "refused: {message} (ladder's files are small; aliases, nesting and size are capped)"
        )
    } else {
        message.to_string()
    };
    YamlError {
        message,
        pos,
        unknown_key,
    }
}

fn parse_unknown_key(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let expected = rest
        .strip_prefix(", expected one of ")
        .or_else(|| rest.strip_prefix(", expected "))
        .unwrap_or("");
    let expected = expected
        .split(", ")
        .map(|name| name.trim_matches('`').to_string())
        .filter(|name| !name.is_empty())
        .collect();
    Some((key.to_string(), expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code, reason = "fields are read only through the parser")]
    struct Sample {
        name: Spanned<String>,
        step: Spanned<u32>,
    }

    #[test]
    fn a_value_keeps_its_position() {
        let sample: Sample = parse("name: Ada\nstep: 0\n").expect("valid");
        assert_eq!(sample.step.value, 0);
        assert_eq!((sample.step.pos.line, sample.step.pos.column), (2, 7));
        assert_eq!((sample.step.pos.offset, sample.step.pos.len), (16, 1));
    }

    #[test]
    fn an_unknown_key_names_the_accepted_ones() {
        let error = parse::<Sample>("name: Ada\nstpe: 1\n").expect_err("unknown key");
        assert_eq!(error.message, "unknown key `stpe`");
        assert_eq!((error.pos.line, error.pos.column), (2, 1));
        let (key, expected) = error.unknown_key.expect("unknown key details");
        assert_eq!(key, "stpe");
        assert_eq!(expected, vec!["name", "step"]);
    }

    #[test]
    fn a_tab_is_found_on_its_own_line_and_column() {
        let error = parse::<Sample>("name: Ada\n\tstep: 1\n").expect_err("tab");
        assert_eq!(error.message, "a tab: YAML indents with spaces, never tabs");
        assert_eq!((error.pos.line, error.pos.column), (2, 1));
        let error = parse::<serde_json::Value>("a:\n  b: one\n  \tc: 2\n").expect_err("tab");
        assert_eq!((error.pos.line, error.pos.column), (3, 3));
    }

    #[test]
    fn a_duplicate_key_points_at_the_key() {
        let error = parse::<Sample>("name: a\nname: b\nstep: 1\n").expect_err("duplicate");
        assert_eq!(error.message, "duplicate mapping key: name");
        assert_eq!(error.pos.line, 2);
    }

    #[test]
    fn an_alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let error = parse::<serde_json::Value>(&text).expect_err("bomb");
        assert!(error.message.starts_with("refused"), "{}", error.message);
    }
}
