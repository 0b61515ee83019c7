//! A starter `ladders/` folder for `ladder init`: a short framework, one team, two teammates, a
//! case file template and the JSON Schemas editors read, written whole into a new folder or not
//! at all. It never overwrites: the folder must not exist yet (or be empty). `init --from` writes
//! its guessed folder through the same `write_folder`.

use std::path::{Path, PathBuf};

/// Why the starter could not be written.
#[derive(Debug, thiserror::Error)]
pub enum StarterError {
    #[error(
        "{0} already exists and is not empty: ladder init writes a new folder and never overwrites"
    )]
    Exists(String),
    #[error(
        "{0} already exists: ladder init never overwrites a file; move it away, or write the map elsewhere with --map"
    )]
    FileExists(String),
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

const FRAMEWORK: &str = "\
# yaml-language-server: $schema=.schema/framework.schema.json
# Your career framework. Levels are judged on scope of influence and ownership; every level has
# four steps. Rename, reword and add levels and tracks to fit your company, then run
# `ladder check`. Every key is described in .schema/ and in ladder's README.
name: Your company
steps: 4
factors:
  - id: scope
    name: Scope of influence
    description: Who is better off because of your work, and how far that reaches.
  - id: ownership
    name: Ownership
    description: What you carry from question to outcome without being asked.
tracks:
  - id: maker
    name: Maker
    description: Individual contributors.
    levels:
      - level: 1
        name: Learning
        summary: Delivers well-defined work with guidance.
        expectations:
          scope: Your own tasks.
          ownership: You finish what you pick up and say early when you are stuck.
        typical_months_to_next: 12-18
      - level: 2
        name: Contributing
        summary: Delivers features on their own, from brief to release.
        expectations:
          scope: Features within one part of the product.
          ownership: You own a feature end to end, its tests and its rollout.
        typical_months_to_next: 18-30
      - level: 3
        name: Leading
        summary: Shapes the team's work and raises the quality of what ships.
        expectations:
          scope: Your team and its neighbours.
          ownership: You own a system and its health.
  - id: manager
    name: Manager
    description: People who grow others and the systems they work in.
    levels:
      - level: 1
        name: Team lead
        summary: Leads a small team and its day-to-day work.
        expectations:
          scope: One team.
          ownership: Your reports' growth and the team's rhythm.
policy:
  owners: [your-org/people-team]
  case_file_required: true
  approvers:
    level: [lead, director]
    step: [director]
";

const TEAM: &str = "\
# yaml-language-server: $schema=../.schema/team.schema.json
name: Engineering
# The teammate id (file name under people/) of the area director, who grants steps.
director: alex-doe
titles:
  maker: [Engineer, Senior Engineer, Staff Engineer]
  manager: [Engineering Manager]
";

const LEAD: &str = "\
# yaml-language-server: $schema=../.schema/placement.schema.json
name: Alex Doe
github: alex-doe
team: engineering
track: manager
level: 1
step: 2
lead:
";

const REPORT: &str = "\
# yaml-language-server: $schema=../.schema/placement.schema.json
name: Sam Roe
github: sam-roe
team: engineering
track: maker
level: 1
step: 1
lead: alex-doe
";

/// A dotfile, so `ladder check` leaves it alone until it is copied to a real name.
const CASE_TEMPLATE: &str = "\
---
# Copy this file to cases/<year>/<person>-level-<n>.md for a level change; the front matter
# names the person and the level argued for, and the text is the evidence.
person: sam-roe
level: 2
authors: [alex-doe]
date: 2026-01-15
---

## Scope of influence

What changed, for whom, and how far it reached.

## Ownership

What they carried from question to outcome.
";

/// Writes the starter folder at `dir`; returns the files written, relative to it.
pub fn write_starter(dir: &Path) -> Result<Vec<PathBuf>, StarterError> {
    let mut files: Vec<(PathBuf, String)> = vec![
        ("framework.yml".into(), FRAMEWORK.into()),
        ("teams/engineering.yml".into(), TEAM.into()),
        ("people/alex-doe.yml".into(), LEAD.into()),
        ("people/sam-roe.yml".into(), REPORT.into()),
        ("cases/.template.md".into(), CASE_TEMPLATE.into()),
    ];
    files.extend(schema_files(&crate::schema::FOLDER_KINDS));
    write_folder(dir, &files)?;
    Ok(files.into_iter().map(|(rel, _)| rel).collect())
}

/// The JSON Schemas of these kinds, as files under `.schema/`.
pub fn schema_files(kinds: &[&str]) -> Vec<(PathBuf, String)> {
    kinds
        .iter()
        .map(|kind| {
            (
                PathBuf::from(".schema").join(crate::schema::file_name(kind)),
                crate::schema::schema_json(kind).unwrap_or_default(),
            )
        })
        .collect()
}

/// Writes a new folder at `dir` holding `files` (paths relative to it), whole or not at all.
/// It refuses a folder that exists and is not empty.
pub fn write_folder(dir: &Path, files: &[(PathBuf, String)]) -> Result<(), StarterError> {
    let shown = dir.display().to_string();
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| StarterError::Io { path, source }
    };
    if let Ok(mut entries) = std::fs::read_dir(dir) {
        if entries.next().is_some() {
            return Err(StarterError::Exists(shown));
        }
    } else if dir.exists() {
        return Err(StarterError::Exists(shown));
    }
    // Written beside the target, then renamed into place: the folder appears whole or not at all.
    let parent = match dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let staging = parent.join(format!(
        ".ladder-init-{}-{}",
        std::process::id(),
        fastrand::u64(..)
    ));
    let written = (|| {
        for (rel, text) in files {
            let path = staging.join(rel);
            if let Some(folder) = path.parent() {
                std::fs::create_dir_all(folder).map_err(io(folder))?;
            }
            std::fs::write(&path, text).map_err(io(&path))?;
        }
        // An empty target folder is replaced; anything else was refused above.
        if dir.exists() {
            std::fs::remove_dir(dir).map_err(io(dir))?;
        }
        std::fs::rename(&staging, dir).map_err(io(dir))
    })();
    if written.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    written
}
