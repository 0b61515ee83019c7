//! The history index: every first-parent commit's events, kept under the git directory so a
//! later run walks only the commits that are new. It is written whole to a temporary file and
//! renamed into place, so a reader (or a second run racing this one) sees the old index or the
//! new one, never half of either. Every read checks it: a format, folder or line that does not
//! hold up is reported and the history is walked afresh. Events are a function of commits alone
//! (each read with its own framework), so a commit's events never go stale.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Event, Landing};
use crate::diff::{ChangeKind, Position};

/// Bumped whenever the stored shape or what an event means changes.
const FORMAT: u32 = 1;

/// The history as far as the index knows it.
pub struct Known {
    /// The first-parent line, oldest first.
    pub line: Vec<git2::Oid>,
    /// Indexes into `line` of the commits that changed the folder.
    pub changing: Vec<usize>,
    /// The events in walk order, before renames are followed.
    pub events: Vec<Event>,
    /// For each event, the index of its commit in `line`.
    pub at: Vec<usize>,
}

#[derive(Serialize, Deserialize)]
struct File {
    format: u32,
    dir: String,
    line: Vec<String>,
    changing: Vec<usize>,
    landings: Vec<Stored<Landing>>,
    events: Vec<StoredEvent>,
}

#[derive(Serialize, Deserialize)]
struct Stored<T> {
    line: usize,
    value: T,
}

#[derive(Serialize, Deserialize)]
struct StoredEvent {
    landing: usize,
    id_then: Arc<str>,
    name: Arc<str>,
    kind: ChangeKind,
    before: Option<Position>,
    after: Option<Position>,
    date: jiff::civil::Date,
    seeded: bool,
    case_file: Option<String>,
}

/// The index file for a ladders folder, inside `folder`.
pub fn path(folder: &Path, dir: &str) -> PathBuf {
    let name: String = dir
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    folder.join(format!("history-{name}.json"))
}

/// Reads the index: `Ok(None)` when there is none yet, `Err` saying why one cannot be trusted.
pub fn load(file: &Path, dir: &str) -> Result<Option<Known>, String> {
    let text = match std::fs::read(file) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(format!("cannot read {}: {error}", file.display())),
    };
    let stored: File = serde_json::from_slice(&text)
        .map_err(|error| format!("{} is corrupt or truncated ({error})", file.display()))?;
    if stored.format != FORMAT {
        return Err(format!(
            "{} is in format {}, this ladder writes format {FORMAT}",
            file.display(),
            stored.format
        ));
    }
    if stored.dir != dir {
        return Err(format!(
            "{} is for the folder `{}`, not `{dir}`",
            file.display(),
            stored.dir
        ));
    }
    let line = stored
        .line
        .iter()
        .map(|id| git2::Oid::from_str(id))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| format!("{} names a commit that is not an id", file.display()))?;
    let broken = || format!("{} refers past its own line", file.display());
    if stored.changing.iter().any(|&index| index >= line.len()) {
        return Err(broken());
    }
    let mut landings = Vec::with_capacity(stored.landings.len());
    for landing in stored.landings {
        if line.get(landing.line).map(git2::Oid::to_string) != Some(landing.value.commit.clone()) {
            return Err(broken());
        }
        landings.push((landing.line, Arc::new(landing.value)));
    }
    let mut events = Vec::with_capacity(stored.events.len());
    let mut at = Vec::with_capacity(stored.events.len());
    for event in stored.events {
        let (index, landing) = landings.get(event.landing).ok_or_else(broken)?;
        at.push(*index);
        events.push(Event {
            person: Arc::clone(&event.id_then),
            id_then: event.id_then,
            name: event.name,
            kind: event.kind,
            before: event.before,
            after: event.after,
            date: event.date,
            seeded: event.seeded,
            case_file: event.case_file,
            landing: Arc::clone(landing),
        });
    }
    Ok(Some(Known {
        line,
        changing: stored.changing,
        events,
        at,
    }))
}

/// Writes the index: to a temporary file beside it, then renamed over it.
pub fn save(file: &Path, dir: &str, known: &Known) -> std::io::Result<()> {
    let index_of: HashMap<git2::Oid, usize> = known
        .line
        .iter()
        .enumerate()
        .map(|(index, id)| (*id, index))
        .collect();
    let mut landings: Vec<Stored<Landing>> = Vec::new();
    let mut seen: HashMap<*const Landing, usize> = HashMap::new();
    let mut events = Vec::with_capacity(known.events.len());
    for (index, event) in known.at.iter().zip(&known.events) {
        let key = Arc::as_ptr(&event.landing);
        let landing = *seen.entry(key).or_insert_with(|| {
            let line = git2::Oid::from_str(&event.landing.commit)
                .ok()
                .and_then(|id| index_of.get(&id).copied())
                .unwrap_or(*index);
            landings.push(Stored {
                line,
                value: (*event.landing).clone(),
            });
            landings.len() - 1
        });
        events.push(StoredEvent {
            landing,
            id_then: Arc::clone(&event.id_then),
            name: Arc::clone(&event.name),
            kind: event.kind.clone(),
            before: event.before.clone(),
            after: event.after.clone(),
            date: event.date,
            seeded: event.seeded,
            case_file: event.case_file.clone(),
        });
    }
    let stored = File {
        format: FORMAT,
        dir: dir.to_string(),
        line: known.line.iter().map(git2::Oid::to_string).collect(),
        changing: known.changing.clone(),
        landings,
        events,
    };
    let folder = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    // A name of this process's own, so two runs never write the same temporary file.
    let temporary = folder.join(format!(
        ".{}.{}-{}.tmp",
        file.file_name()
            .map_or_else(|| "history".into(), |name| name.to_string_lossy()),
        std::process::id(),
        fastrand::u64(..)
    ));
    let written = (|| {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&temporary)?);
        serde_json::to_writer(&mut out, &stored).map_err(std::io::Error::other)?;
        out.flush()?;
        out.into_inner()
            .map_err(|error| error.into_error())?
            .sync_all()?;
        std::fs::rename(&temporary, file)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}
