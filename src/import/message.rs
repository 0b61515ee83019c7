//! The commit message of an imported date: what the date changed in words, and the rows it
//! came from as the `Imported-from:` trailer. It must not decide what a commit holds.

use std::collections::BTreeMap;
use std::path::Path;

use crate::finding::plural;

use super::TRAILER;

/// The commit message: what the date changed, and the rows it came from as a trailer.
pub(super) fn message(
    source: &str,
    date: jiff::civil::Date,
    (hires, departures, changes): (usize, usize, usize),
    rows: &BTreeMap<&str, Vec<u32>>,
) -> String {
    let mut parts = Vec::new();
    if hires > 0 {
        parts.push(format!("{hires} hired"));
    }
    if departures > 0 {
        parts.push(format!("{departures} left"));
    }
    if changes > 0 {
        parts.push(format!("{} changed", plural(changes, "placement")));
    }
    // The file's name only: where it sat on someone's disk is not history.
    let origin: Vec<String> = rows
        .iter()
        .map(|(file, rows)| {
            let name = Path::new(file).file_name().map_or_else(
                || file.to_string(),
                |name| name.to_string_lossy().to_string(),
            );
            format!(
                "{name} {} {}",
                if rows.len() == 1 { "row" } else { "rows" },
                ranges(rows)
            )
        })
        .collect();
    format!(
        "Import from {source}: {date}\n\n{}, as of {date} in {source}'s export; no pull request and no approval.\n\n{TRAILER}: {}\n",
        capitalise(&parts.join(", ")),
        origin.join("; ")
    )
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// `2-4, 9, 12-13`.
fn ranges(rows: &[u32]) -> String {
    let mut rows = rows.to_vec();
    rows.sort_unstable();
    rows.dedup();
    let mut out: Vec<String> = Vec::new();
    let mut start: Option<u32> = None;
    let mut previous = 0;
    for &row in &rows {
        match start {
            Some(_) if row == previous + 1 => {}
            Some(first) => {
                out.push(if first == previous {
                    first.to_string()
                } else {
                    format!("{first}-{previous}")
                });
                start = Some(row);
            }
            None => start = Some(row),
        }
        previous = row;
    }
    if let Some(first) = start {
        out.push(if first == previous {
            first.to_string()
        } else {
            format!("{first}-{previous}")
        });
    }
    out.join(", ")
}
