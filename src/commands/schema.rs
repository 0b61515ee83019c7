//! `ladder schema`: the JSON Schemas of the files, for editors, and of the JSON reports whose
//! shape is a contract.

use super::{Failure, print};
use crate::cli::SchemaArgs;

pub fn run(args: &SchemaArgs) -> Result<u8, Failure> {
    if let Some(out) = &args.out {
        std::fs::create_dir_all(out)
            .map_err(|error| Failure::Usage(format!("cannot create {}: {error}", out.display())))?;
        for kind in ladder::schema::KINDS.iter().chain(&ladder::report::SCHEMAS) {
            let text = schema_of(kind);
            let path = out.join(ladder::schema::file_name(kind));
            std::fs::write(&path, text).map_err(|error| {
                Failure::Usage(format!("cannot write {}: {error}", path.display()))
            })?;
        }
        return Ok(0);
    }
    let text = match &args.kind {
        Some(kind) => schema_of(kind),
        None => {
            let all: serde_json::Map<String, serde_json::Value> = ladder::schema::KINDS
                .iter()
                .filter_map(|kind| {
                    let text = ladder::schema::schema_json(kind)?;
                    Some((kind.to_string(), serde_json::from_str(&text).ok()?))
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&all).unwrap_or_default();
            text.push('\n');
            text
        }
    };
    print(&text)?;
    Ok(0)
}

fn schema_of(kind: &str) -> String {
    ladder::schema::schema_json(kind)
        .or_else(|| ladder::report::schema_json(kind))
        .unwrap_or_default()
}
