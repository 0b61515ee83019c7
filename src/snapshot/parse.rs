//! The one parser both sources feed: what a file's place in the tree says it holds, reading it
//! under the size cap, decoding, and parsing it into the model with positioned findings.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;

use super::{Entry, MAX_FILE_BYTES, Origin, Snapshot, display_path, valid_id};
use crate::finding::{Finding, nearest_key};
use crate::framework::{Framework, Team};
use crate::placement::{Case, Placement};
use crate::yaml::{self, Pos};

/// What a file's place in the tree says it should hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Framework,
    Team,
    Person,
    Case,
}

/// A file found in the tree, before parsing.
pub(super) struct Found {
    /// Path relative to the ladders folder, `/`-separated.
    pub(super) rel: String,
    pub(super) content: Content,
}

pub(super) enum Content {
    /// Read in parallel, each thread through its own handle on the repository.
    Blob(git2::Oid),
    OnDisk(PathBuf),
    InMemory(Vec<u8>),
    Refused(Finding),
}

/// Every teammate id the listed files define, with its file, sorted by id.
pub(super) fn roster(root: &str, files: &[Found]) -> Vec<(String, String)> {
    let mut roster: Vec<(String, String)> = files
        .iter()
        .filter(|file| !file.rel.split('/').any(|part| part.starts_with('.')))
        .filter_map(|file| match classify(&file.rel) {
            Ok((Kind::Person, id)) => Some((id, display_path(root, &file.rel))),
            _ => None,
        })
        .collect();
    roster.sort();
    roster
}

pub(super) fn refused(root: &str, rel: &str, finding: Finding) -> Found {
    let file = display_path(root, rel);
    Found {
        rel: rel.to_string(),
        content: Content::Refused(finding.at(&file, Pos::TOP)),
    }
}

/// A file whose name is not UTF-8, refused under its lossy name.
pub(super) fn refused_name(root: &str, lossy: &str) -> Found {
    refused(
        root,
        lossy,
        Finding::error(
            "file-name",
            "file name is not valid UTF-8: expected a name such as `ada-lovelace.yml`",
        ),
    )
}

pub(super) fn symlink_finding() -> Finding {
    Finding::error(
        "not-a-file",
        "a symbolic link: ladder reads only regular files, so a link cannot point outside the folder",
    )
    .help("replace the link with the file itself")
}

pub(super) fn too_large(size: u64) -> Finding {
    Finding::error(
        "file-too-large",
        format!(
            "file is {size} bytes: the limit is {MAX_FILE_BYTES} bytes (1 MiB); a placement is a few hundred"
        ),
    )
}

pub(super) fn folder_where_file_expected(rel: &str) -> Option<Finding> {
    let looks_like_file = [".yml", ".yaml", ".md"]
        .iter()
        .any(|extension| rel.ends_with(extension));
    // Teams are flat: a folder under teams/ is a team file gone wrong.
    let in_teams = rel.starts_with("teams/");
    (looks_like_file || in_teams).then(|| {
        Finding::error(
            "not-a-file",
            "a folder where a file is expected: expected a YAML file",
        )
    })
}

/// Sorts the found files into kinds, then reads and parses them in parallel.
pub(super) fn assemble(
    origin: Origin,
    root: &str,
    mut found: Vec<Found>,
    git_dir: Option<&Path>,
    complete: bool,
) -> Snapshot {
    found.sort_by(|a, b| a.rel.cmp(&b.rel));
    let roster = roster(root, &found);
    if found.len() < 64 {
        // A thread pool costs more than it saves on a handful of files.
        let repo = git_dir.and_then(|dir| git2::Repository::open(dir).ok());
        let parsed = found
            .into_iter()
            .map(|file| parse_found(root, file, repo.as_ref()))
            .collect();
        return collect_parsed(origin, root, roster, complete, parsed);
    }
    let parsed: Vec<Parsed> = found
        .into_par_iter()
        .map_init(
            || git_dir.map(git2::Repository::open),
            |repo, file| {
                let repo = match repo {
                    Some(Ok(repo)) => Some(&*repo),
                    _ => None,
                };
                parse_found(root, file, repo)
            },
        )
        .collect();
    collect_parsed(origin, root, roster, complete, parsed)
}

fn collect_parsed(
    origin: Origin,
    root: &str,
    roster: Vec<(String, String)>,
    complete: bool,
    parsed: Vec<Parsed>,
) -> Snapshot {
    let mut snapshot = Snapshot {
        origin,
        root: root.to_string(),
        framework: None,
        teams: Vec::new(),
        people: Vec::new(),
        cases: Vec::new(),
        problems: Vec::new(),
        roster,
        complete,
        former: std::collections::BTreeSet::new(),
        parsed_ids: None,
        sources: HashMap::new(),
    };
    let mut framework_seen = false;
    for parsed in parsed {
        if let Some((file, text)) = parsed.source {
            snapshot.sources.insert(file, text);
        }
        snapshot.problems.extend(parsed.problems);
        match parsed.value {
            Some(Value::Framework(entry)) => snapshot.framework = Some(*entry),
            Some(Value::Team(entry)) => snapshot.teams.push(entry),
            Some(Value::Person(entry)) => snapshot.people.push(entry),
            Some(Value::Case(entry)) => snapshot.cases.push(entry),
            None => {}
        }
        framework_seen |= parsed.kind == Some(Kind::Framework);
    }
    if !framework_seen {
        snapshot.problems.push(
            Finding::error(
                "no-framework",
                format!("{root} has no framework.yml: expected the tracks, levels and steps there"),
            )
            .at(&display_path(root, "framework.yml"), Pos::TOP)
            .help("run `ladder schema framework` for its shape"),
        );
    }
    snapshot.teams.sort_by(|a, b| a.id.cmp(&b.id));
    snapshot
        .people
        .sort_by(|a, b| a.id.cmp(&b.id).then(a.file.cmp(&b.file)));
    snapshot.cases.sort_by(|a, b| a.file.cmp(&b.file));
    snapshot
}

#[allow(
    clippy::large_enum_variant,
    reason = "placements are nearly every value read; boxing them costs an allocation each"
)]
enum Value {
    // The framework is one per snapshot and the largest by far.
    Framework(Box<Entry<Framework>>),
    Team(Entry<Team>),
    Person(Entry<Placement>),
    Case(Entry<Case>),
}

struct Parsed {
    kind: Option<Kind>,
    source: Option<(String, Arc<str>)>,
    value: Option<Value>,
    problems: Vec<Finding>,
}

pub(super) fn classify(rel: &str) -> Result<(Kind, String), Finding> {
    let parts: Vec<&str> = rel.split('/').collect();
    let name = parts.last().copied().unwrap_or_default();
    let stem = name
        .strip_suffix(".yml")
        .or_else(|| name.strip_suffix(".yaml"));
    let kind = match (parts.as_slice(), stem) {
        (["framework.yml" | "framework.yaml"], _) => return Ok((Kind::Framework, String::new())),
        (["teams", _], Some(_)) => Kind::Team,
        (["people", .., _], Some(_)) => Kind::Person,
        (["cases", .., _], _) if name.ends_with(".md") => {
            return Ok((Kind::Case, rel.to_string()));
        }
        _ => {
            return Err(Finding::notice(
                "not-read",
                "not read: ladder reads framework.yml, teams/<team>.yml, people/**/<id>.yml and cases/**/*.md",
            ));
        }
    };
    let id = stem.unwrap_or_default();
    if !valid_id(id) {
        return Err(Finding::error(
            "bad-id",
            format!(
                "`{}` is not a valid id: expected letters, digits, `-`, `_` or `.`, starting with a letter or digit",
                id.escape_debug()
            ),
        ));
    }
    Ok((kind, id.to_string()))
}

/// A YAML file no rule reads, with where it belongs as its keys tell: a placement under
/// `people/`, a team under `teams/`, the framework at the top. Left where it is, the teammate
/// or team it holds does not exist, so this is a warning (an error under `ladder ci`).
fn misplaced(rel: &str, bytes: &[u8]) -> Option<Finding> {
    let (stem, extension) = rel.rsplit('/').next()?.rsplit_once('.')?;
    if !matches!(extension.to_ascii_lowercase().as_str(), "yml" | "yaml") {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let keys: Vec<String> = match yaml::parse::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
        _ => Vec::new(),
    };
    let has = |wanted: &[&str]| keys.iter().any(|key| wanted.contains(&key.as_str()));
    let (what, place) = if has(&["tracks"]) {
        ("the framework", "framework.yml".to_string())
    } else if has(&["track", "level", "step", "lead"]) {
        let place = match rel.strip_prefix("people/") {
            Some(inside) => format!("people/{}", with_yml(inside)),
            None => format!("people/{stem}.yml"),
        };
        ("a placement", place)
    } else if has(&["titles", "director", "roles", "timeframes", "wording"]) {
        ("a team", format!("teams/{stem}.yml"))
    } else {
        return Some(Finding::warning(
            "misplaced-file",
            "not read: a YAML file outside framework.yml, teams/<team>.yml and people/**/<id>.yml, so nothing in it counts",
        ));
    };
    let same_folder = rel.rsplit_once('/').map(|(folder, _)| folder)
        == place.rsplit_once('/').map(|(folder, _)| folder);
    let verb = if same_folder { "rename" } else { "move" };
    Some(
        Finding::warning(
            "misplaced-file",
            format!("not read: this looks like {what}, and ladder reads it only as {place}"),
        )
        .help(format!("{verb} it to {place}")),
    )
}

/// A path with its YAML extension written as ladder reads it.
fn with_yml(path: &str) -> String {
    match path.rsplit_once('.') {
        Some((stem, _)) => format!("{stem}.yml"),
        None => format!("{path}.yml"),
    }
}

/// The teammate id a path under the folder names, if it is a placement's path.
pub fn person_id(rel: &str) -> Option<String> {
    match classify(rel) {
        Ok((Kind::Person, id)) => Some(id),
        _ => None,
    }
}

fn parse_found(root: &str, found: Found, repo: Option<&git2::Repository>) -> Parsed {
    let file = display_path(root, &found.rel);
    let mut parsed = Parsed {
        kind: None,
        source: None,
        value: None,
        problems: Vec::new(),
    };
    if found.rel.split('/').any(|part| part.starts_with('.')) {
        // Dotfiles (.gitkeep, editor settings) are not part of the ladder.
        return parsed;
    }
    let classified = classify(&found.rel);
    if let Ok((kind, _)) = &classified {
        parsed.kind = Some(*kind);
    }
    let read = match found.content {
        Content::Refused(finding) => {
            parsed.problems.push(finding);
            return parsed;
        }
        Content::Blob(id) => super::read::read_capped_blob(repo, id)
            .map_err(|error| format!("cannot read the blob {id}: {error}")),
        Content::OnDisk(path) => super::read::read_capped(&path)
            .map_err(|error| format!("cannot read the file: {error}")),
        Content::InMemory(bytes) => Ok(if bytes.len() as u64 > MAX_FILE_BYTES {
            Err(bytes.len() as u64)
        } else {
            Ok(bytes)
        }),
    };
    let bytes = match read {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(size)) => {
            parsed.problems.push(too_large(size).at(&file, Pos::TOP));
            return parsed;
        }
        Err(message) => {
            parsed
                .problems
                .push(Finding::error("unreadable", message).at(&file, Pos::TOP));
            return parsed;
        }
    };
    let (kind, id) = match classified {
        Ok(classified) => classified,
        Err(finding) => {
            let finding = match finding.code {
                "not-read" => misplaced(&found.rel, &bytes).unwrap_or(finding),
                _ => finding,
            };
            parsed.problems.push(finding.at(&file, Pos::TOP));
            return parsed;
        }
    };
    let text: Arc<str> = match decode(&bytes) {
        Ok(text) => Arc::from(text),
        Err(finding) => {
            // Kept lossily so the report can still show the offending line.
            let lossy: Arc<str> = Arc::from(String::from_utf8_lossy(&bytes).as_ref());
            parsed.source = Some((file.clone(), lossy));
            parsed.problems.push(finding.at(&file, finding_pos(&bytes)));
            return parsed;
        }
    };
    parsed.source = Some((file.clone(), Arc::clone(&text)));
    let result = match kind {
        Kind::Framework => parse_yaml_every::<Framework>(
            &file,
            &text,
            "the framework: name, steps, factors, tracks, policy",
        )
        .map(|value| {
            Value::Framework(Box::new(Entry {
                id,
                file: file.clone(),
                value,
            }))
        }),
        Kind::Team => {
            parse_yaml_every::<Team>(&file, &text, "a team: name, director, titles").map(|value| {
                Value::Team(Entry {
                    id,
                    file: file.clone(),
                    value,
                })
            })
        }
        Kind::Person => parse_yaml_every::<Placement>(
            &file,
            &text,
            "a placement: name, github, team, track, level, step, lead",
        )
        .map(|value| {
            Value::Person(Entry {
                id,
                file: file.clone(),
                value,
            })
        }),
        Kind::Case => parse_case(&file, &text).map(|value| {
            Value::Case(Entry {
                id,
                file: file.clone(),
                value,
            })
        }),
    };
    match result {
        Ok(value) => parsed.value = Some(value),
        Err(findings) => parsed.problems.extend(findings),
    }
    parsed
}

/// Where the first byte that is not UTF-8 sits.
fn finding_pos(bytes: &[u8]) -> Pos {
    let valid = match std::str::from_utf8(bytes) {
        Ok(_) => return Pos::TOP,
        Err(error) => error.valid_up_to(),
    };
    let before = String::from_utf8_lossy(&bytes[..valid]);
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |tail| tail.chars().count())
        + 1;
    Pos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
        offset: u32::try_from(valid).unwrap_or(u32::MAX),
        // The bad byte shows as U+FFFD in the kept text, three bytes long.
        len: 3,
    }
}

fn decode(bytes: &[u8]) -> Result<String, Finding> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(error) => Err(Finding::error(
            "not-utf8",
            format!(
                "byte 0x{:02X} at offset {} is not UTF-8: expected a UTF-8 text file",
                bytes[error.valid_up_to()],
                error.valid_up_to()
            ),
        )
        .help("save the file as UTF-8")),
    }
}

pub(crate) fn parse_yaml<T: DeserializeOwned + JsonSchema>(
    file: &str,
    text: &str,
    expected: &str,
) -> Result<T, Finding> {
    parse_yaml_every(file, text, expected).map_err(|mut findings| findings.swap_remove(0))
}

/// As `parse_yaml`, with every problem the file has in its keys and value shapes, in order.
pub(crate) fn parse_yaml_every<T: DeserializeOwned + JsonSchema>(
    file: &str,
    text: &str,
    expected: &str,
) -> Result<T, Vec<Finding>> {
    if text
        .lines()
        .all(|line| line.trim().is_empty() || line.trim_start().starts_with('#'))
    {
        return Err(vec![
            Finding::error(
                "empty-file",
                format!("the file is empty: expected {expected}"),
            )
            .at(file, Pos::TOP),
        ]);
    }
    yaml::parse_every::<T>(text).map_err(|errors| {
        errors
            .into_iter()
            .map(|error| yaml_finding(file, &error, expected))
            .collect()
    })
}

fn yaml_finding(file: &str, error: &yaml::YamlError, expected: &str) -> Finding {
    let mut finding = match &error.unknown_key {
        Some((key, accepted)) => {
            let finding = Finding::error("unknown-key", error.message.clone());
            match nearest_key(key, accepted.iter().map(String::as_str)) {
                Some(suggestion) => finding.help(format!("did you mean `{suggestion}`?")),
                None => finding.help(format!("expected one of: {}", accepted.join(", "))),
            }
        }
        None => Finding::error("yaml", error.message.clone()),
    };
    if finding.help.is_none() && error.message.starts_with("expected mapping") {
        finding = finding.help(format!("expected {expected}"));
    }
    finding.at(file, error.pos)
}

fn parse_case(file: &str, text: &str) -> Result<Case, Vec<Finding>> {
    let front = parse_case_text(text).map_err(|()| {
        vec![Finding::error(
            "case-front-matter",
            "a case file starts with YAML front matter between `---` lines: expected `person:` and the target `level:`",
        )
        .at(file, Pos::TOP)]
    })?;
    if front
        .lines()
        .skip(1)
        .all(|line| line.trim().is_empty() || line.trim_start().starts_with('#'))
    {
        return Err(vec![
            Finding::error(
                "empty-file",
                "the front matter is empty: expected `person:` and the target `level:`",
            )
            .at(file, Pos::TOP),
        ]);
    }
    parse_yaml_every(
        file,
        front,
        "front matter naming the person and the target level",
    )
}

/// A case file's front matter, from its opening `---` up to the closing one. The opening line is
/// a YAML document marker, so parsing this keeps every position exact within the file.
pub(super) fn parse_case_text(text: &str) -> Result<&str, ()> {
    if !text.starts_with("---\n") && !text.starts_with("---\r\n") {
        return Err(());
    }
    let end = text
        .match_indices("\n---")
        .map(|(at, _)| at + 1)
        .find(|&at| {
            let rest = &text[at + 3..];
            rest.is_empty() || rest.starts_with('\n') || rest.starts_with("\r\n")
        })
        .ok_or(())?;
    Ok(&text[..end])
}

/// A YAML file's text (or a case file's front matter) parsed, or `None` if it does not parse.
pub fn parse_text<T: DeserializeOwned>(text: &str) -> Option<T> {
    if text.starts_with("---\n") {
        return parse_case_text(text)
            .ok()
            .and_then(|front| yaml::parse(front).ok());
    }
    yaml::parse(text).ok()
}
