//! The second look at a file the typed parser refused: the parser stops at its first problem,
//! so this walks the whole YAML node tree against the JSON Schema of the same type and reports
//! every unknown key, missing key and value of the wrong shape, each at its own position. It
//! only ever adds to the parser's verdict and stays quiet where the schema leaves room
//! (alternatives, open maps, aliases, merge keys), so it never refuses what the parser accepts.

use serde_json::Value;
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, Span};

use super::{Pos, YamlError};

/// Deeper than the parser's own budget: past it the tree is not read.
const MAX_DEPTH: usize = 24;
/// As many nodes as the parser's budget allows.
const MAX_NODES: usize = 20_000;

enum Node {
    Map {
        pos: Pos,
        end: Pos,
        entries: Vec<(Option<(String, Pos)>, Node)>,
    },
    Seq {
        pos: Pos,
        items: Vec<Node>,
    },
    Scalar {
        pos: Pos,
        text: String,
        plain: bool,
    },
    /// An alias is not expanded, so a bomb costs nothing; its target is checked where it stands.
    Alias,
}

fn pos_of(text: &str, span: &Span) -> Pos {
    let start = span.start.byte_offset().unwrap_or_else(|| {
        text.char_indices()
            .nth(span.start.index())
            .map_or(text.len(), |(at, _)| at)
    });
    let end = span.end.byte_offset().unwrap_or(start).max(start);
    let saturate = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Pos {
        line: saturate(span.start.line()).max(1),
        column: saturate(span.start.col() + 1),
        offset: saturate(start),
        len: saturate(end - start),
    }
}

struct Reader<'a> {
    text: &'a str,
    parser: Parser<'a, serde_saphyr::granit_parser::StrInput<'a>>,
    nodes: usize,
}

impl<'a> Reader<'a> {
    fn next(&mut self) -> Option<(Event<'a>, Span)> {
        loop {
            let (event, span) = self.parser.next_event()?.ok()?;
            match event {
                Event::Scalar(..)
                | Event::SequenceStart(..)
                | Event::SequenceEnd
                | Event::MappingStart(..)
                | Event::MappingEnd
                | Event::Alias(_)
                | Event::StreamEnd
                | Event::DocumentEnd => return Some((event, span)),
                _ => {}
            }
        }
    }

    /// The node that starts with `event`, or `None` if the text is past reading.
    fn node(&mut self, event: Event<'a>, span: Span, depth: usize) -> Option<Node> {
        self.nodes += 1;
        if depth > MAX_DEPTH || self.nodes > MAX_NODES {
            return None;
        }
        let pos = pos_of(self.text, &span);
        match event {
            Event::Scalar(text, style, ..) => Some(Node::Scalar {
                pos,
                text: text.into_owned(),
                plain: style == ScalarStyle::Plain,
            }),
            Event::Alias(_) => Some(Node::Alias),
            Event::SequenceStart(..) => {
                let mut items = Vec::new();
                loop {
                    let (event, span) = self.next()?;
                    if matches!(event, Event::SequenceEnd) {
                        return Some(Node::Seq { pos, items });
                    }
                    items.push(self.node(event, span, depth + 1)?);
                }
            }
            Event::MappingStart(..) => {
                let mut entries = Vec::new();
                loop {
                    let (event, span) = self.next()?;
                    if matches!(event, Event::MappingEnd) {
                        let end = pos_of(self.text, &span);
                        return Some(Node::Map { pos, end, entries });
                    }
                    let key = match self.node(event, span, depth + 1)? {
                        Node::Scalar { text, pos, .. } => Some((text, pos)),
                        _ => None,
                    };
                    let (event, span) = self.next()?;
                    entries.push((key, self.node(event, span, depth + 1)?));
                }
            }
            _ => None,
        }
    }
}

/// The document's root node, or `None` if it does not read as one YAML document.
fn read(text: &str) -> Option<Node> {
    let mut reader = Reader {
        text,
        parser: Parser::new_from_str(text),
        nodes: 0,
    };
    // `next` skips the stream and document starts.
    match reader.next()? {
        (Event::StreamEnd | Event::DocumentEnd, _) => None,
        (event, span) => reader.node(event, span, 0),
    }
}

/// A missing key, found at its mapping's start; the parser places it at the mapping's end.
pub(super) struct Missing {
    pub(super) key: String,
    pub(super) start: Pos,
    pub(super) end: Pos,
}

/// Every problem the schema can see in `text`, in the order they appear, and where each
/// missing key's mapping ends.
pub(super) fn problems(text: &str, schema: &Value) -> (Vec<YamlError>, Vec<Missing>) {
    let Some(root) = read(text) else {
        return (Vec::new(), Vec::new());
    };
    let mut walk = Walk {
        root: schema,
        found: Vec::new(),
        missing: Vec::new(),
    };
    walk.node(&root, &[schema]);
    walk.found
        .sort_by_key(|error| (error.pos.line, error.pos.column));
    (walk.found, walk.missing)
}

struct Walk<'s> {
    root: &'s Value,
    found: Vec<YamlError>,
    missing: Vec<Missing>,
}

/// What one schema alternative accepts.
#[derive(Default)]
struct Accepts {
    any: bool,
    map: bool,
    seq: bool,
    string: bool,
    integer: Option<Option<f64>>,
    number: bool,
    boolean: bool,
    null: bool,
    /// The only strings accepted, when the alternative is a closed list.
    words: Option<Vec<String>>,
}

fn accepts(schema: &Value) -> Accepts {
    let Some(object) = schema.as_object() else {
        // `true` accepts anything; `false` never appears in ladder's schemas.
        return Accepts {
            any: true,
            ..Accepts::default()
        };
    };
    let mut accepts = Accepts::default();
    let words = object
        .get("enum")
        .and_then(Value::as_array)
        .cloned()
        .or_else(|| object.get("const").map(|value| vec![value.clone()]));
    if let Some(words) = words {
        accepts.words = Some(
            words
                .iter()
                .filter_map(|word| word.as_str().map(str::to_string))
                .collect(),
        );
        accepts.string = true;
        return accepts;
    }
    let types: Vec<&str> = match object.get("type") {
        Some(Value::String(kind)) => vec![kind.as_str()],
        Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).collect(),
        _ if object.contains_key("properties") => vec!["object"],
        _ => {
            accepts.any = true;
            return accepts;
        }
    };
    for kind in types {
        match kind {
            "object" => accepts.map = true,
            "array" => accepts.seq = true,
            "string" => accepts.string = true,
            "integer" => {
                accepts.integer = Some(object.get("minimum").and_then(Value::as_f64));
            }
            "number" => accepts.number = true,
            "boolean" => accepts.boolean = true,
            "null" => accepts.null = true,
            _ => accepts.any = true,
        }
    }
    accepts
}

impl<'s> Walk<'s> {
    /// The alternatives a schema stands for, with references followed.
    fn alternatives(&self, schema: &'s Value, out: &mut Vec<&'s Value>, depth: usize) {
        if depth > 32 {
            out.push(&Value::Bool(true));
            return;
        }
        let Some(object) = schema.as_object() else {
            out.push(schema);
            return;
        };
        if let Some(target) = object.get("$ref").and_then(Value::as_str) {
            let found = target
                .strip_prefix("#/definitions/")
                .and_then(|name| self.root.get("definitions")?.get(name));
            match found {
                Some(found) => self.alternatives(found, out, depth + 1),
                None => out.push(&Value::Bool(true)),
            }
            return;
        }
        let mut branched = false;
        for key in ["anyOf", "oneOf", "allOf"] {
            if let Some(branches) = object.get(key).and_then(Value::as_array) {
                branched = true;
                for branch in branches {
                    self.alternatives(branch, out, depth + 1);
                }
            }
        }
        if !branched {
            out.push(schema);
        }
    }

    fn node(&mut self, node: &Node, schemas: &[&'s Value]) {
        let mut alternatives = Vec::new();
        for schema in schemas {
            self.alternatives(schema, &mut alternatives, 0);
        }
        let kinds: Vec<Accepts> = alternatives.iter().map(|alt| accepts(alt)).collect();
        if kinds.iter().any(|kind| kind.any) {
            return;
        }
        match node {
            Node::Alias => {}
            Node::Map { pos, end, entries } => {
                let maps: Vec<&'s Value> = alternatives
                    .iter()
                    .zip(&kinds)
                    .filter(|(_, kind)| kind.map)
                    .map(|(alt, _)| *alt)
                    .collect();
                if maps.is_empty() {
                    self.wrong_shape(*pos, &kinds, "a mapping of keys");
                } else {
                    self.map(*pos, *end, entries, &maps);
                }
            }
            Node::Seq { pos, items } => {
                let lists: Vec<&'s Value> = alternatives
                    .iter()
                    .zip(&kinds)
                    .filter(|(_, kind)| kind.seq)
                    .map(|(alt, _)| *alt)
                    .collect();
                if lists.is_empty() {
                    self.wrong_shape(*pos, &kinds, "a list");
                    return;
                }
                let each: Vec<&'s Value> = lists
                    .iter()
                    .map(|list| list.get("items").unwrap_or(&Value::Bool(true)))
                    .collect();
                for item in items {
                    self.node(item, &each);
                }
            }
            Node::Scalar { pos, text, plain } => self.scalar(*pos, text, *plain, &kinds),
        }
    }

    fn map(
        &mut self,
        pos: Pos,
        end: Pos,
        entries: &[(Option<(String, Pos)>, Node)],
        maps: &[&'s Value],
    ) {
        // A merge key brings in keys this pass does not follow.
        if entries
            .iter()
            .any(|(key, _)| key.as_ref().is_some_and(|(key, _)| key == "<<"))
        {
            return;
        }
        let closed = maps
            .iter()
            .all(|map| map.get("additionalProperties") == Some(&Value::Bool(false)));
        let mut known: Vec<&str> = Vec::new();
        for map in maps {
            if let Some(properties) = map.get("properties").and_then(Value::as_object) {
                known.extend(properties.keys().map(String::as_str));
            }
        }
        known.sort_unstable();
        known.dedup();
        for (key, value) in entries {
            let Some((key, key_pos)) = key else { continue };
            let mut child: Vec<&'s Value> = Vec::new();
            for map in maps {
                match map.get("properties").and_then(|p| p.get(key)) {
                    Some(property) => child.push(property),
                    None => match map.get("additionalProperties") {
                        Some(Value::Bool(false)) => {}
                        Some(schema) => child.push(schema),
                        None => child.push(&Value::Bool(true)),
                    },
                }
            }
            if child.is_empty() && closed {
                self.found.push(YamlError {
                    message: format!("unknown key `{key}`"),
                    pos: *key_pos,
                    unknown_key: Some((
                        key.clone(),
                        known.iter().map(|name| (*name).to_string()).collect(),
                    )),
                });
                continue;
            }
            self.node(value, &child);
        }
        // Which keys are required is plain only when one shape is possible.
        if let [map] = maps
            && let Some(required) = map.get("required").and_then(Value::as_array)
        {
            for name in required.iter().filter_map(Value::as_str) {
                let present = entries
                    .iter()
                    .any(|(key, _)| key.as_ref().is_some_and(|(key, _)| key == name));
                if !present {
                    self.found.push(YamlError {
                        message: format!("missing key `{name}`"),
                        pos,
                        unknown_key: None,
                    });
                    self.missing.push(Missing {
                        key: name.to_string(),
                        start: pos,
                        end,
                    });
                }
            }
        }
    }

    fn scalar(&mut self, pos: Pos, text: &str, plain: bool, kinds: &[Accepts]) {
        if plain && matches!(text, "" | "~" | "null" | "Null" | "NULL") {
            // Absent values are the typed parser's to judge (defaults, options).
            return;
        }
        let scalars: Vec<&Accepts> = kinds
            .iter()
            .filter(|kind| {
                kind.string || kind.integer.is_some() || kind.number || kind.boolean || kind.null
            })
            .collect();
        if scalars.is_empty() {
            let found = format!("`{text}`");
            self.wrong_shape(pos, kinds, &found);
            return;
        }
        let message = if scalars
            .iter()
            .all(|kind| kind.words.is_some() && kind.integer.is_none() && !kind.number)
        {
            let words: Vec<&str> = scalars
                .iter()
                .flat_map(|kind| kind.words.iter().flatten().map(String::as_str))
                .collect();
            (!words.contains(&text)).then(|| {
                format!(
                    "unknown variant `{text}`, expected one of {}",
                    words.join(", ")
                )
            })
        } else if scalars
            .iter()
            .all(|kind| (kind.integer.is_some() || kind.number) && !kind.string && !kind.boolean)
            && plain
        {
            let whole = scalars.iter().all(|kind| kind.integer.is_some());
            let floor = scalars
                .iter()
                .filter_map(|kind| kind.integer.flatten())
                .fold(None, |low: Option<f64>, min| {
                    Some(low.map_or(min, |low| low.min(min)))
                });
            let fits = if whole {
                text.parse::<i64>()
                    .is_ok_and(|n| floor.is_none_or(|floor| n as f64 >= floor))
            } else {
                text.parse::<f64>().is_ok()
            };
            (!fits).then(|| match (whole, floor) {
                (true, Some(0.0)) => "expected a whole number of 0 or more".to_string(),
                (true, Some(floor)) => format!("expected a whole number of {floor} or more"),
                (true, None) => "expected a whole number".to_string(),
                (false, _) => "expected a number".to_string(),
            })
        } else if scalars
            .iter()
            .all(|kind| kind.boolean && !kind.string && kind.integer.is_none())
            && plain
        {
            (!matches!(text, "true" | "false"))
                .then(|| "invalid boolean (strict mode expects true/false)".to_string())
        } else {
            None
        };
        if let Some(message) = message {
            self.found.push(YamlError {
                message,
                pos,
                unknown_key: None,
            });
        }
    }

    fn wrong_shape(&mut self, pos: Pos, kinds: &[Accepts], found: &str) {
        let mut expected: Vec<&str> = Vec::new();
        for kind in kinds {
            let words = [
                (kind.map, "a mapping of keys"),
                (kind.seq, "a list"),
                (kind.string, "a text"),
                (kind.integer.is_some() || kind.number, "a number"),
                (kind.boolean, "true or false"),
            ];
            for (yes, word) in words {
                if yes && !expected.contains(&word) {
                    expected.push(word);
                }
            }
        }
        let expected = match expected.as_slice() {
            [] => return,
            [one] => (*one).to_string(),
            [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
        };
        self.found.push(YamlError {
            message: format!("expected {expected}, found {found}"),
            pos,
            unknown_key: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use crate::framework::{Framework, Team};
    use crate::placement::Placement;
    use crate::yaml::{parse, shape_problems};

    /// Every YAML file under `dir`, with the kind its place in a ladders folder gives it.
    fn yaml_files(dir: &Path, out: &mut Vec<(PathBuf, &'static str)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                yaml_files(&path, out);
                continue;
            }
            let text = path.to_string_lossy().replace('\\', "/");
            let kind = if text.ends_with("/framework.yml") {
                "framework"
            } else if text.contains("/teams/") && text.ends_with(".yml") {
                "team"
            } else if text.contains("/people/") && text.ends_with(".yml") {
                "placement"
            } else {
                continue;
            };
            out.push((path, kind));
        }
    }

    #[test]
    fn the_walk_finds_nothing_in_any_file_the_parser_accepts() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["ladders", "examples", "tests/fixtures"] {
            yaml_files(&root.join(dir), &mut files);
        }
        let mut accepted = 0;
        for (path, kind) in &files {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let walked = match *kind {
                "framework" => parse::<Framework>(&text)
                    .ok()
                    .map(|_| shape_problems::<Framework>(&text)),
                "team" => parse::<Team>(&text)
                    .ok()
                    .map(|_| shape_problems::<Team>(&text)),
                _ => parse::<Placement>(&text)
                    .ok()
                    .map(|_| shape_problems::<Placement>(&text)),
            };
            if let Some(walked) = walked {
                accepted += 1;
                assert!(walked.is_empty(), "{}: {walked:?}", path.display());
            }
        }
        assert!(accepted > 100, "only {accepted} files read");
    }
}
