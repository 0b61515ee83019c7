//! A whole `ladders/` tree at one moment: the framework, the teams, every placement and case file,
//! with the text of each file so findings can show the line they point at. A snapshot is read
//! from a directory on disk or from a git revision's tree (blobs from the object database; the
//! work tree is never touched). Both sources feed the same parser, so they give the same result.
//! Problems with the files themselves become findings; only an unreadable folder or revision is
//! an error. This module knows nothing of diffs or policy.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::finding::Finding;
use crate::framework::{Framework, Team};
use crate::placement::{Case, Placement};

mod disk;
mod folders;
mod git;
mod objects;
mod parse;
mod past;
mod position;
mod read;

pub use disk::{load_dir, load_dir_framework, load_dir_only};

/// A snapshot of files held in memory, each with its path under the folder (`people/ada.yml`):
/// what a pull request's files are before they touch a disk, and what the fuzzers feed.
pub fn load_files(root: &str, files: Vec<(String, Vec<u8>)>) -> Snapshot {
    let found = files
        .into_iter()
        .map(|(rel, bytes)| parse::Found {
            rel,
            content: parse::Content::InMemory(bytes),
        })
        .collect();
    parse::assemble(Origin::Dir(PathBuf::from(root)), root, found, None, true)
}
pub use folders::{ChangedFile, LastTrees, changed_after, file_in, folder_in, folder_names};
pub use git::{
    RevisionTree, changed_files, changed_since, load_rev, open_rev, read_blob, read_blob_text,
};
pub use objects::{CommitFacts, DeltaBases, Objects, Person};
pub(crate) use parse::parse_yaml;
pub use parse::{parse_text, person_id};
pub use position::{Position, Roles};

/// Files larger than this are refused unread: real ones are a few hundred bytes.
pub const MAX_FILE_BYTES: u64 = 1 << 20;

/// A failure to read the folder or revision at all, as opposed to problems inside its files.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {}", io_problem(.path, .source))]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not a folder: expected a ladders/ folder holding framework.yml")]
    NotAFolder { path: String },
    #[error(
        "{path} is a symbolic link, which could point outside the repository: ladder reads only a real folder, as git does at a revision; replace the link with the folder itself, or name the real folder with --dir"
    )]
    Link { path: String },
    #[error("cannot open the git repository at {path}: {}", repository_problem(.source))]
    Repository { path: String, source: git2::Error },
    #[error("cannot resolve revision `{rev}`: {}", revision_problem(.rev, .source))]
    Revision { rev: String, source: git2::Error },
    #[error("revision `{rev}` has no folder `{dir}`")]
    NoFolderAtRevision { rev: String, dir: String },
    #[error("cannot read {path} at revision `{rev}`: {source}")]
    Object {
        rev: String,
        path: String,
        source: git2::Error,
    },
}

/// What to do when the folder is missing: the first thing a newcomer meets.
fn io_problem(path: &str, source: &std::io::Error) -> String {
    if source.kind() != std::io::ErrorKind::NotFound {
        return source.to_string();
    }
    let inside = std::path::Path::new("framework.yml").exists();
    if inside {
        return format!(
            "there is no {path} here, but this folder holds a framework.yml: run ladder from the repository's top, or pass `--dir .`"
        );
    }
    format!(
        "there is no {path} folder here: run `ladder init` to start one, `ladder init --demo DIR` to try a demo, or name the folder with `--dir`"
    )
}

fn repository_problem(source: &git2::Error) -> String {
    if source.code() == git2::ErrorCode::NotFound {
        return "this folder is not inside a git repository: run `git init` and commit the ladders folder, or try `ladder init --demo DIR`".into();
    }
    source.message().to_string()
}

fn revision_problem(rev: &str, source: &git2::Error) -> String {
    // A name that resolves to nothing, as opposed to a commit whose objects are missing.
    let unknown_name = source.message().starts_with("revspec");
    match source.code() {
        git2::ErrorCode::UnbornBranch => {
            "the repository has no commits yet: commit the ladders folder first".into()
        }
        git2::ErrorCode::NotFound if unknown_name && rev == "HEAD" => {
            "the repository has no commits yet: commit the ladders folder first".into()
        }
        git2::ErrorCode::NotFound if unknown_name && rev.contains('/') => "no branch, tag or commit of that name here: if it is a remote's branch, run `git fetch` first, or name a local branch such as `main`".into(),
        git2::ErrorCode::NotFound if unknown_name => {
            "no branch, tag or commit of that name here".into()
        }
        _ => source.message().to_string(),
    }
}

/// Where a snapshot was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Dir(PathBuf),
    Revision { rev: String, commit: String },
}

/// One parsed file of the snapshot, with its id (the file stem for teams and people, the path
/// under `cases/` for cases) and its path as users see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<T> {
    pub id: String,
    pub file: String,
    pub value: T,
}

#[derive(Debug, Clone)]
pub struct Snapshot {
    pub origin: Origin,
    /// The folder as users name it, e.g. `ladders`; every file path starts with it.
    pub root: String,
    pub framework: Option<Entry<Framework>>,
    /// Sorted by id.
    pub teams: Vec<Entry<Team>>,
    /// Sorted by id.
    pub people: Vec<Entry<Placement>>,
    /// Sorted by file.
    pub cases: Vec<Entry<Case>>,
    /// Problems met while reading and parsing: each file that could not be read as what its
    /// place in the tree says it is.
    pub problems: Vec<Finding>,
    /// Every teammate id with its file, sorted by id, including placements not read or not
    /// parsed: whether someone exists does not depend on their file being valid.
    pub roster: Vec<(String, String)>,
    /// False when only some placements and case files were read (`RevisionTree::load_only`).
    pub complete: bool,
    /// Case files (by file) with a teammate they name who is gone from this tree but was one
    /// in the tree of the commit that last changed the case: merged evidence, kept as history.
    pub former: std::collections::BTreeSet<(String, String)>,
    /// In a partial snapshot, the id of every teammate whose placement parses, read or not, in
    /// `people`'s order: what a name pointing at nobody is matched against. `None`: `people`.
    pub parsed_ids: Option<Arc<[String]>>,
    pub(crate) sources: HashMap<String, Arc<str>>,
}

impl PartialEq for Snapshot {
    /// Content equality: where a snapshot was read from does not matter.
    fn eq(&self, other: &Self) -> bool {
        self.root == other.root
            && self.framework == other.framework
            && self.teams == other.teams
            && self.people == other.people
            && self.cases == other.cases
            && self.problems == other.problems
            && self.roster == other.roster
            && self.sources == other.sources
    }
}

impl Snapshot {
    /// A partial snapshot of some placements and case files, already parsed: what one commit of
    /// history changed.
    pub fn of_changes(
        origin: Origin,
        root: &str,
        framework: Option<Entry<Framework>>,
        people: Vec<Entry<Placement>>,
        cases: Vec<Entry<Case>>,
    ) -> Snapshot {
        let mut roster: Vec<(String, String)> = people
            .iter()
            .map(|entry| (entry.id.clone(), entry.file.clone()))
            .collect();
        roster.sort();
        Snapshot {
            origin,
            root: root.to_string(),
            framework,
            teams: Vec::new(),
            people,
            cases,
            problems: Vec::new(),
            roster,
            complete: false,
            former: std::collections::BTreeSet::new(),
            parsed_ids: None,
            sources: HashMap::new(),
        }
    }

    /// Lets go of the files' texts, kept to quote in findings, for a command that prints none
    /// and goes on to read the whole history.
    pub fn forget_sources(&mut self) {
        self.sources = HashMap::new();
    }

    /// The text of a file, for showing the line a finding points at.
    pub fn source(&self, file: &str) -> Option<&str> {
        self.sources.get(file).map(|text| &**text)
    }

    pub fn person(&self, id: &str) -> Option<&Entry<Placement>> {
        self.people
            .binary_search_by(|entry| entry.id.as_str().cmp(id))
            .ok()
            .map(|index| &self.people[index])
    }

    /// Who directs this teammate's area: their team's director, else the nearest lead above
    /// them who directs a team. Bounded by the number of teammates, so a lead cycle ends.
    pub fn director_above(&self, id: &str) -> Option<&str> {
        let person = self.person(id)?;
        self.director_for(
            &person.value.team,
            person.value.lead_id().map(|lead| lead.value.as_str()),
        )
    }

    /// The director of someone on `team` who reports to `lead`: the team's own director, else
    /// the nearest lead above who directs a team. Works for someone not in this snapshot.
    pub fn director_for(&self, team: &str, lead: Option<&str>) -> Option<&str> {
        if let Some(director) = self
            .team(team)
            .and_then(|team| team.value.director.as_ref())
        {
            return Some(director.value.as_str());
        }
        let directing = |lead: &str| {
            self.teams.iter().find_map(|team| {
                team.value
                    .director
                    .as_ref()
                    .filter(|director| director.value == lead)
                    .map(|director| director.value.as_str())
            })
        };
        let mut current = lead?;
        for _ in 0..self.people.len() {
            if let Some(director) = directing(current) {
                return Some(director);
            }
            current = self.person(current)?.value.lead_id()?.value.as_str();
        }
        None
    }

    /// Every teammate id a mistyped name could have meant, read or not.
    pub fn teammate_ids(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        match &self.parsed_ids {
            Some(ids) => Box::new(ids.iter().map(String::as_str)),
            None => Box::new(self.people.iter().map(|person| person.id.as_str())),
        }
    }

    /// Adds the text of a file not read, so a finding in it can quote its line.
    pub fn add_source(&mut self, file: String, text: Arc<str>) {
        self.sources.entry(file).or_insert(text);
    }

    /// Whether a teammate with this id exists, read or not.
    pub fn is_teammate(&self, id: &str) -> bool {
        self.roster
            .binary_search_by(|(known, _)| known.as_str().cmp(id))
            .is_ok()
    }

    /// Whether `id` was a teammate when the case file `file` last changed, though gone now.
    pub fn was_teammate_for_case(&self, file: &str, id: &str) -> bool {
        self.former.contains(&(file.to_string(), id.to_string()))
    }

    /// Whether a file was read: always, unless the snapshot is partial.
    pub fn was_read(&self, file: &str) -> bool {
        self.complete || self.sources.contains_key(file)
    }

    /// Every file read, with its text.
    pub fn sources(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sources
            .iter()
            .map(|(file, text)| (file.as_str(), &**text))
    }

    pub fn team(&self, id: &str) -> Option<&Entry<Team>> {
        self.teams
            .binary_search_by(|entry| entry.id.as_str().cmp(id))
            .ok()
            .map(|index| &self.teams[index])
    }
}

pub(crate) fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}/{name}")
    }
}

/// A path under the folder as users name it, e.g. `ladders/people/ada.yml`.
pub fn display_path(root: &str, rel: &str) -> String {
    if rel.chars().any(char::is_control) {
        // A newline in a file name would otherwise start a line of its own in every report,
        // and in the Action's log, a workflow command.
        let escaped: String = rel
            .chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect();
        return display_path(root, &escaped);
    }
    if rel.is_empty() {
        root.to_string()
    } else if root.is_empty() || root == "." {
        rel.to_string()
    } else {
        format!("{}/{rel}", root.trim_end_matches('/'))
    }
}

/// Ids are file stems that also appear in YAML values, so keep them plain.
pub fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}
