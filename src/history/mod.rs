//! Every placement change from git history. Walks the first-parent line of a branch, skips
//! commits whose ladders folder is unchanged, and turns each remaining commit into events with
//! the same change-set code `ladder diff` uses, reading only the files the commit changed. Each
//! event carries the commit, its author and committer, the pull request, trailers and the case
//! file. Read once per run and shared by `log`, `show` and `pace`.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

mod change;
mod filter;
pub mod index;
pub mod kept;
mod signed;
mod since;
mod standing;
mod work;

pub use filter::Filter;
pub use signed::SignedAt;
pub use since::events_since;
pub use standing::{LastSet, Pace, Standing, last_set, standing, standing_since};
pub use work::{Uncommitted, uncommitted};

/// The trailer a commit made by `ladder import` carries, naming the export and its rows: what
/// marks a change as imported rather than reviewed.
pub const IMPORTED_FROM: &str = "Imported-from";

use crate::diff::{ChangeKind, diff_snapshots};
use crate::framework::Framework;
use crate::placement::{Case, Placement};
use crate::snapshot::Position;
use crate::snapshot::{
    ChangedFile, Entry, LoadError, Origin, Person, Snapshot, display_path, file_in, parse_text,
    person_id,
};

/// A person or tool who made or landed a commit, with the time in their own offset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// Shared: a history names the same few hundred people across hundreds of thousands of
    /// commits.
    #[serde(flatten)]
    pub who: Arc<Who>,
    /// Written as RFC 3339, e.g. `2026-03-02T10:15:00+01:00`.
    pub time: SignedAt,
}

/// A signature's name and email.
#[derive(Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Who {
    pub name: Box<str>,
    pub email: Box<str>,
}

impl Signature {
    pub fn name(&self) -> &str {
        &self.who.name
    }

    pub fn email(&self) -> &str {
        &self.who.email
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trailer {
    pub key: String,
    pub value: String,
}

/// One change to one teammate's placement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// The teammate's id as it stands at the end of the history: renames are followed.
    pub person: Arc<str>,
    /// The id in the commit that made the change.
    pub id_then: Arc<str>,
    pub name: Arc<str>,
    /// Shared: a history holds a few hundred distinct kinds, and a kind is as large as an event.
    #[serde(flatten)]
    pub kind: Arc<ChangeKind>,
    /// Shared: a history repeats the same few positions across hundreds of thousands of events.
    pub before: Option<Arc<Position>>,
    pub after: Option<Arc<Position>>,
    /// When the change took effect: the day the commit landed, or a hire's `since`.
    pub date: jiff::civil::Date,
    /// True when `date` comes from the placement's `since`, for history imported from elsewhere.
    pub seeded: bool,
    /// A case file the same commit added or changed for this person.
    pub case_file: Option<Arc<str>>,
    /// The commit that landed the change, shared by all its events.
    #[serde(flatten)]
    pub landing: Arc<Landing>,
}

/// A landing's commit id: 20 bytes where 40 hex characters would take a string of their own,
/// once for each of hundreds of thousands of commits. Written as the hex text, or empty for a
/// change no commit holds.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CommitId(Option<git2::Oid>);

impl CommitId {
    pub fn oid(self) -> Option<git2::Oid> {
        self.0
    }

    /// The first 7 hex characters, as git shortens an id.
    pub fn short(self) -> String {
        let mut text = self.to_string();
        text.truncate(7);
        text
    }
}

impl From<git2::Oid> for CommitId {
    fn from(id: git2::Oid) -> Self {
        CommitId(Some(id))
    }
}

impl std::fmt::Display for CommitId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(id) => write!(f, "{id}"),
            None => Ok(()),
        }
    }
}

impl std::fmt::Debug for CommitId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.to_string())
    }
}

impl PartialEq<str> for CommitId {
    fn eq(&self, other: &str) -> bool {
        match self.0 {
            Some(id) => other.len() == 40 && git2::Oid::from_str(other).ok() == Some(id),
            None => other.is_empty(),
        }
    }
}

impl PartialEq<String> for CommitId {
    fn eq(&self, other: &String) -> bool {
        *self == *other.as_str()
    }
}

impl Serialize for CommitId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Some(id) => serializer.collect_str(&id),
            None => serializer.serialize_str(""),
        }
    }
}

impl<'de> Deserialize<'de> for CommitId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        if text.is_empty() {
            return Ok(CommitId(None));
        }
        git2::Oid::from_str(&text)
            .map(|id| CommitId(Some(id)))
            .map_err(|_| serde::de::Error::custom(format!("`{text}` is not a commit id")))
    }
}

/// The commit that landed changes on the branch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Landing {
    pub commit: CommitId,
    /// Boxed, as the commit id is packed: one is kept for every commit that changed the folder.
    pub summary: Box<str>,
    pub author: Signature,
    pub committer: Signature,
    /// Never 0 on GitHub, so `None` packs into the number.
    pub pull_request: Option<std::num::NonZeroU64>,
    pub trailers: Box<[Trailer]>,
    /// True for a change in the work tree that no commit holds yet: it has no commit, author
    /// or pull request, and no verdict counts it.
    #[serde(default)]
    pub uncommitted: bool,
}

impl Event {
    /// One kind of a teammate's change, landed by `landing` on `date`.
    fn of(
        change: &crate::diff::PersonChange,
        kind: &ChangeKind,
        date: jiff::civil::Date,
        landing: &Arc<Landing>,
    ) -> Event {
        Event {
            person: Arc::from(change.id.as_str()),
            id_then: Arc::from(change.id.as_str()),
            name: Arc::from(change.name.as_str()),
            kind: Arc::new(kind.clone()),
            before: change.before.clone().map(Arc::new),
            after: change.after.clone().map(Arc::new),
            date,
            seeded: false,
            case_file: None,
            landing: Arc::clone(landing),
        }
    }
}

impl Landing {
    /// A change not yet landed, such as a pull request's.
    pub fn pending(summary: &str) -> Landing {
        let nobody = Signature {
            who: Arc::new(Who {
                name: "".into(),
                email: "".into(),
            }),
            time: SignedAt::NONE,
        };
        Landing {
            commit: CommitId::default(),
            summary: summary.into(),
            author: nobody.clone(),
            committer: nobody,
            pull_request: None,
            trailers: Box::default(),
            uncommitted: false,
        }
    }

    /// The work tree's changes, not committed yet.
    pub fn uncommitted() -> Landing {
        Landing {
            uncommitted: true,
            ..Landing::pending(NOT_COMMITTED)
        }
    }

    /// The export an imported commit came from (its `Imported-from:` trailer): such a change
    /// had no pull request and no approval.
    pub fn imported_from(&self) -> Option<&str> {
        self.trailer_values(IMPORTED_FROM).next()
    }

    pub fn trailer_values<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> {
        self.trailers
            .iter()
            .filter(move |trailer| trailer.key.eq_ignore_ascii_case(key))
            .map(|trailer| trailer.value.as_str())
    }
}

#[derive(Debug, Clone, Default)]
pub struct History {
    /// Oldest first.
    pub events: Vec<Event>,
    /// Set when the repository is a shallow clone: the walk stopped at the oldest commit
    /// fetched, and what came before is missing. Says what and how to fetch it.
    pub shallow: Option<String>,
    /// Commits walked by this read; the rest came from the history index.
    pub walked: usize,
    /// What happened to the history index, for the user to read: set aside, not written.
    pub notes: Vec<String>,
    /// First-parent commits walked, and those among them that changed the folder.
    pub commits: usize,
    pub changing_commits: usize,
    /// Each teammate's events, by position in `events`: built on the first trail asked for, so
    /// a packet of 50,000 trails reads the history once, not once a teammate.
    trails: std::sync::OnceLock<HashMap<Arc<str>, Vec<usize>>>,
}

/// How a change the work tree holds but no commit does is named wherever it is shown.
pub const NOT_COMMITTED: &str = "not committed yet";

impl History {
    /// Adds the work tree's changes after the history's last commit, following renames across
    /// both.
    pub fn add_uncommitted(&mut self, events: Vec<Event>) {
        if events.is_empty() {
            return;
        }
        self.events.extend(events);
        follow_renames(&mut self.events);
        self.trails = std::sync::OnceLock::new();
    }

    /// A teammate's events, oldest first.
    pub fn trail<'a>(&'a self, person: &'a str) -> impl DoubleEndedIterator<Item = &'a Event> {
        let trails = self.trails.get_or_init(|| {
            let mut trails: HashMap<Arc<str>, Vec<usize>> = HashMap::new();
            for (at, event) in self.events.iter().enumerate() {
                trails
                    .entry(Arc::clone(&event.person))
                    .or_default()
                    .push(at);
            }
            trails
        });
        trails
            .get(person)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|&at| &self.events[at])
    }
}

/// Reads the history of the `dir` folder on the first-parent line ending at `rev`. `progress` is
/// told how many commits are done out of how many.
pub fn read_history(
    repo: &git2::Repository,
    rev: &str,
    dir: &str,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<History, LoadError> {
    read_history_with(repo, rev, dir, None, progress)
}

/// Like [`read_history`], with the history index in `index` (a folder): commits it already
/// holds are not walked again, and it is brought up to date when `rev` extends what it holds.
/// An index that does not hold up is set aside, said in `History::notes`, and rebuilt.
pub fn read_history_with(
    repo: &git2::Repository,
    rev: &str,
    dir: &str,
    index: Option<&Path>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<History, LoadError> {
    git2::opts::strict_hash_verification(false);
    // Every object is read once; libgit2's object cache would only hold memory.
    git2::opts::enable_caching(false);
    let revision_error = |source| LoadError::Revision {
        rev: rev.to_string(),
        source,
    };
    let path = repo.path().to_path_buf();
    let reopen = || crate::repository::open(&path);
    let dir = dir.trim_matches('/');
    let root = root_of(dir);
    let shallow = shallow_history(repo);
    let mut notes = Vec::new();
    // A shallow clone's line is cut short: neither read from nor written to the index.
    let index_file = index
        .filter(|_| shallow.is_none())
        .map(|folder| self::index::path(folder, root));
    // Through a handle of its own, dropped before the walk: a handle keeps every pack window it
    // maps for as long as it is open (the caller's too).
    let walker = reopen()?;
    let mut known = match &index_file {
        Some(file) => {
            self::kept::sweep(file);
            self::index::load(file, root, &walker).unwrap_or_else(|problem| {
                notes.push(format!(
                    "the history index was set aside and rebuilt: {problem}"
                ));
                None
            })
        }
        None => None,
    };
    let head = walker
        .revparse_single(rev)
        .and_then(|object| object.peel_to_commit())
        .map_err(revision_error)?
        .id();
    // The commits from `rev` back to the last one the index holds, if it holds any of them.
    let mut kept = 0;
    let mut new: Vec<git2::Oid> = Vec::new();
    if let Some(stored) = &known {
        let position: rustc_hash::FxHashMap<git2::Oid, usize> = stored
            .line
            .iter()
            .enumerate()
            .map(|(index, id)| (*id, index))
            .collect();
        let met;
        (new, met) = since::first_parent_line(
            &walker,
            &reopen,
            head,
            |id| position.contains_key(&id),
            revision_error,
        )?;
        if let Some(index) = met.and_then(|id| position.get(&id)) {
            kept = index + 1;
        }
        if kept == 0 {
            notes.push(format!(
                "the history index does not lead to `{rev}` (the branch was rewritten?); read the whole history"
            ));
        }
        new.reverse();
    }
    if kept == 0 {
        known = None;
        new = since::first_parent_line(&walker, &reopen, head, |_| false, revision_error)?.0;
        new.reverse();
    }
    let extends = known
        .as_ref()
        .is_none_or(|stored| kept == stored.line.len());
    let (line, changing, mut indexed, indexed_at) = match known {
        Some(mut stored) => {
            stored.line.truncate(kept);
            stored.changing.retain(|&index| index < kept);
            let keep = stored.at.partition_point(|&index| index < kept);
            stored.events.truncate(keep);
            stored.at.truncate(keep);
            (stored.line, stored.changing, stored.events, stored.at)
        }
        None => (Vec::new(), Vec::new(), Vec::new(), Vec::new()),
    };
    let mut interner = Interner::default();
    // New events share the indexed ones' texts; with nothing new the index shares its own.
    if !new.is_empty() {
        for event in &mut indexed {
            interner.event(event);
        }
    }
    let previous: Option<git2::Oid> = match line.last() {
        Some(last) => {
            let commit = walker.find_commit(*last).map_err(revision_error)?;
            folder_of(&commit, dir).map_err(revision_error)?
        }
        None => None,
    };
    drop(walker);
    let total = new.len();
    // New events join the indexed ones in place. A vector this large lives in its own mapping,
    // which grows without copying and whose spare room is never touched, so it holds the
    // history once.
    let mut walked = since::Walked {
        line,
        changing,
        at: indexed_at,
        events: indexed,
    };
    since::walk(
        &new,
        previous,
        dir,
        root,
        &reopen,
        &mut interner,
        progress,
        &mut walked,
    )?;
    let since::Walked {
        mut line,
        changing,
        at: indexed_at,
        mut events,
    } = walked;
    if line.is_empty() {
        line = new;
    } else {
        line.extend_from_slice(&new);
        drop(new);
    }
    events.shrink_to_fit();
    // What the walk kept to share texts is not needed to write the index.
    drop(interner);
    let known = self::index::Known {
        line,
        changing,
        events,
        at: indexed_at,
    };
    // Only a line that extends the index replaces it: reading an older commit or a side branch
    // leaves the longer line in place for the next run.
    if let Some(file) = &index_file
        && total > 0
        && extends
        && let Err(error) = self::index::save(file, root, &known)
    {
        notes.push(format!(
            "the history index could not be written to {}: {error}",
            file.display()
        ));
    }
    let self::index::Known {
        line,
        changing,
        mut events,
        ..
    } = known;
    follow_renames(&mut events);
    Ok(History {
        events,
        commits: line.len(),
        changing_commits: changing.len(),
        walked: total,
        shallow,
        notes,
        trails: std::sync::OnceLock::new(),
    })
}

/// The folder as the history and its index name it: no slash at either end, and `.` for the
/// top of the repository.
pub fn root_of(dir: &str) -> &str {
    match dir.trim_matches('/') {
        "" => ".",
        root => root,
    }
}

/// What a shallow clone leaves out, in words, or `None` for a whole history.
pub fn shallow_history(repo: &git2::Repository) -> Option<String> {
    repo.is_shallow().then(|| {
        "the repository is a shallow clone, so the history before its oldest fetched commit is \
         missing; fetch all of it (`git fetch --unshallow`, or `fetch-depth: 0` in \
         actions/checkout)"
            .to_string()
    })
}

/// Commits read per opening of the object database. Each opening maps the packs afresh, so the
/// pages an earlier stretch of the line touched (most of the pack index, every thousand
/// commits) are let go; the delta bases are kept across openings.
const CHUNK: usize = 256;

/// The folder `dir` in a commit's tree, by the names the walk's `folder_in` follows.
fn folder_of(commit: &git2::Commit<'_>, dir: &str) -> Result<Option<git2::Oid>, git2::Error> {
    let tree = commit.tree()?;
    let path: std::path::PathBuf = crate::snapshot::folder_names(dir).collect();
    if path.as_os_str().is_empty() {
        return Ok(Some(tree.id()));
    }
    Ok(match tree.get_path(&path) {
        Ok(entry) if entry.kind() == Some(git2::ObjectType::Tree) => Some(entry.id()),
        _ => None,
    })
}

/// The parsed framework of the folders a walk meets, by the framework file's blob, kept only
/// when it shapes how positions read.
#[derive(Default)]
struct Frameworks {
    parsed: HashMap<git2::Oid, Option<Entry<Framework>>>,
    /// The last folder asked about: each commit's folder is the next one's parent folder.
    last: Option<(git2::Oid, Option<Entry<Framework>>)>,
}

impl Frameworks {
    fn at(
        &mut self,
        objects: &crate::snapshot::Objects<'_>,
        folder: Option<git2::Oid>,
        root: &str,
    ) -> Option<Entry<Framework>> {
        let folder = folder?;
        if let Some((last, framework)) = &self.last
            && *last == folder
        {
            return framework.clone();
        }
        let framework = self.read(objects, folder, root);
        self.last = Some((folder, framework.clone()));
        framework
    }

    fn read(
        &mut self,
        objects: &crate::snapshot::Objects<'_>,
        folder: git2::Oid,
        root: &str,
    ) -> Option<Entry<Framework>> {
        let (name, blob) = ["framework.yml", "framework.yaml"]
            .into_iter()
            .find_map(|name| Some((name, file_in(objects, folder, name).ok()??)))?;
        self.parsed
            .entry(blob)
            .or_insert_with(|| {
                let framework = parse_text::<Framework>(&objects.text(blob).ok()??)?;
                framework.shapes_positions().then(|| Entry {
                    id: String::new(),
                    file: display_path(root, name),
                    value: framework,
                })
            })
            .clone()
    }
}

/// The day a revision's commit landed, by its committer's clock.
pub fn commit_date(repo: &git2::Repository, rev: &str) -> Option<jiff::civil::Date> {
    let commit = repo.revparse_single(rev).ok()?.peel_to_commit().ok()?;
    let when = commit.committer().when();
    Some(signed::zoned(when.seconds(), when.offset_minutes()).date())
}

fn signature(person: &Person) -> Signature {
    Signature {
        who: Arc::new(Who {
            name: person.name.as_str().into(),
            email: person.email.as_str().into(),
        }),
        time: SignedAt::new(person.seconds, person.offset_minutes),
    }
}

/// The pull request a commit landed: "Merge pull request #12 from …" or a squash title
/// ending "(#12)".
pub fn pull_request(summary: &str) -> Option<u64> {
    let digits = |text: &str| -> Option<u64> {
        let end = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        text[..end].parse().ok()
    };
    if let Some(rest) = summary.strip_prefix("Merge pull request #") {
        return digits(rest);
    }
    let inner = summary.trim_end().strip_suffix(')')?;
    let start = inner.rfind("(#")?;
    let number = &inner[start + 2..];
    number
        .chars()
        .all(|c| c.is_ascii_digit())
        .then(|| number.parse().ok())?
}

/// Gives every event the id its person has at the end, so a rename keeps one trail.
fn follow_renames(events: &mut [Event]) {
    // Walking backwards, a rename from A to B means A's earlier events are B's (or whatever B
    // became later).
    let mut became: HashMap<Arc<str>, Arc<str>> = HashMap::new();
    for event in events.iter_mut().rev() {
        let current = became
            .get(&event.id_then)
            .cloned()
            .unwrap_or_else(|| Arc::clone(&event.id_then));
        if let ChangeKind::Rename { from_id, .. } = &*event.kind {
            became.insert(Arc::from(from_id.as_str()), Arc::clone(&current));
        }
        event.person = current;
    }
}

/// One shared copy of each id, name, team, track, kind and signer: 100,000 events name a few
/// thousand.
#[derive(Default)]
struct Interner {
    known: std::collections::HashSet<Arc<str>>,
    positions: std::collections::HashSet<Arc<Position>>,
    kinds: std::collections::HashSet<Arc<ChangeKind>>,
    people: std::collections::HashSet<Arc<Who>>,
}

/// The copy of `value` that `known` holds, which is `value` itself when it held none.
fn shared<T: std::hash::Hash + Eq + ?Sized>(
    known: &mut std::collections::HashSet<Arc<T>>,
    value: &Arc<T>,
) -> Arc<T> {
    if let Some(known) = known.get(value) {
        return Arc::clone(known);
    }
    known.insert(Arc::clone(value));
    Arc::clone(value)
}

impl Interner {
    fn share(&mut self, text: &Arc<str>) -> Arc<str> {
        shared(&mut self.known, text)
    }

    fn signature(&mut self, signature: Signature) -> Signature {
        Signature {
            who: shared(&mut self.people, &signature.who),
            time: signature.time,
        }
    }

    /// One shared copy of each position, its texts shared too.
    fn position(&mut self, position: &Arc<Position>) -> Arc<Position> {
        if let Some(known) = self.positions.get(position) {
            return Arc::clone(known);
        }
        let mut own = Position::clone(position);
        own.team = self.share(&own.team);
        own.track = self.share(&own.track);
        if let Some(lead) = &own.lead {
            own.lead = Some(self.share(lead));
        }
        if let Some(title) = &own.title {
            own.title = Some(self.share(title));
        }
        let own = Arc::new(own);
        self.positions.insert(Arc::clone(&own));
        own
    }

    fn event(&mut self, event: &mut Event) {
        event.person = self.share(&event.person);
        event.id_then = self.share(&event.id_then);
        event.name = self.share(&event.name);
        event.kind = shared(&mut self.kinds, &event.kind);
        if let Some(before) = &event.before {
            event.before = Some(self.position(before));
        }
        if let Some(after) = &event.after {
            event.after = Some(self.position(after));
        }
    }
}

/// The kind names `--kind` accepts.
pub const KIND_NAMES: [&str; 15] = [
    "hire",
    "departure",
    "level",
    "level-up",
    "level-down",
    "step",
    "step-up",
    "step-down",
    "track-switch",
    "team-transfer",
    "lead-change",
    "rename",
    "role-change",
    "assessment",
    "details",
];

const DAYS_PER_MONTH: f64 = 30.4375;

/// A change set's people changes as events dated `date`, as if it had landed then: how a pull
/// request's own changes join the base branch's history before it merges.
pub fn change_events(changes: &crate::diff::ChangeSet, date: jiff::civil::Date) -> Vec<Event> {
    let landing = Arc::new(Landing::pending("this change"));
    changes
        .people
        .iter()
        .flat_map(|change| {
            let landing = Arc::clone(&landing);
            change
                .kinds
                .iter()
                .map(move |kind| Event::of(change, kind, date, &landing))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pull_requests_are_read_from_merge_and_squash_titles() {
        assert_eq!(
            pull_request("Merge pull request #42 from acme/promote-kofi"),
            Some(42)
        );
        assert_eq!(pull_request("Promote Kofi to level 4 (#137)"), Some(137));
        assert_eq!(pull_request("Promote Kofi (#13x)"), None);
        assert_eq!(pull_request("Fix typo"), None);
    }

    #[test]
    fn a_commit_id_reads_and_writes_as_its_hex_text_and_empty_for_none() {
        let hex = "21704d9029de6e21b3ce68026cda22a09d7d0174";
        let id = CommitId::from(git2::Oid::from_str(hex).expect("an id"));
        assert_eq!(id.to_string(), hex);
        assert_eq!(id.short(), "21704d9");
        assert_eq!(id, *hex);
        assert_ne!(id, *"21704d9");
        let json = serde_json::to_string(&id).expect("json");
        assert_eq!(json, format!("\"{hex}\""));
        assert_eq!(serde_json::from_str::<CommitId>(&json).expect("back"), id);
        let none = CommitId::default();
        assert_eq!(serde_json::to_string(&none).expect("json"), "\"\"");
        assert_eq!(
            serde_json::from_str::<CommitId>("\"\"").expect("back"),
            none
        );
        assert_eq!(none, *"");
        assert!(serde_json::from_str::<CommitId>("\"not an id\"").is_err());
    }
}
