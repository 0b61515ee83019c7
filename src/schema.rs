//! JSON Schemas of the files users write, generated from the same types the parser reads, so an
//! editor's autocomplete and ladder never disagree. The shipped copies under `schema/` are
//! checked against these by a test.

use schemars::generate::SchemaSettings;

use crate::framework::{Framework, Team};
use crate::import_map::ImportMap;
use crate::placement::{Case, Placement};

/// The files that have a schema, by the name `ladder schema` takes: the four kinds a `ladders/`
/// folder holds, and `import.yml`, the map `ladder import` reads beside it.
pub const KINDS: [&str; 5] = ["framework", "team", "placement", "case", "import"];

/// The kinds a `ladders/` folder holds, whose schemas `ladder init` writes into `.schema/`.
pub const FOLDER_KINDS: [&str; 4] = ["framework", "team", "placement", "case"];

/// The schema of one kind of file as pretty JSON, or `None` for an unknown kind.
pub fn schema_json(kind: &str) -> Option<String> {
    let generator = SchemaSettings::draft07().into_generator();
    let schema = match kind {
        "framework" => generator.into_root_schema_for::<Framework>(),
        "team" => generator.into_root_schema_for::<Team>(),
        "placement" => generator.into_root_schema_for::<Placement>(),
        "case" => generator.into_root_schema_for::<Case>(),
        "import" => generator.into_root_schema_for::<ImportMap>(),
        _ => return None,
    };
    let mut text = serde_json::to_string_pretty(&schema).ok()?;
    text.push('\n');
    Some(text)
}

/// The file name the shipped copy of a kind's schema lives under.
pub fn file_name(kind: &str) -> String {
    format!("{kind}.schema.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_schema_naming_its_required_keys() {
        for kind in KINDS {
            let text = schema_json(kind).expect("schema");
            let schema: serde_json::Value = serde_json::from_str(&text).expect("json");
            assert!(
                schema["required"].as_array().is_some_and(|r| !r.is_empty()),
                "{kind}"
            );
            assert_eq!(
                schema["additionalProperties"],
                serde_json::Value::Bool(false),
                "{kind}"
            );
        }
        assert!(schema_json("salary").is_none());
    }

    #[test]
    fn a_placement_requires_its_position() {
        let schema: serde_json::Value =
            serde_json::from_str(&schema_json("placement").expect("schema")).expect("json");
        let required: Vec<&str> = schema["required"]
            .as_array()
            .expect("required")
            .iter()
            .filter_map(|value| value.as_str())
            .collect();
        // `step` is left out on tracks without steps, so the check (not the schema) asks for it.
        assert_eq!(required, ["name", "team", "track", "level"]);
        let level = &schema["definitions"]["LevelRef"]["anyOf"];
        assert_eq!(level[0]["type"], "integer");
        assert_eq!(level[1]["type"], "string");
    }
}
