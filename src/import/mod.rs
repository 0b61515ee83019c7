//! `ladder import`: placements and years of their history from an HR system's export. The
//! roster says who works here now; effective-dated job rows (`--history`) say how they got
//! there, and each date becomes one commit dated that day, marked with an `Imported-from:`
//! trailer so an auditor can tell it from a reviewed change. A second run adds only what is
//! newer than the last imported commit, and a row that contradicts what was changed in ladder
//! since is reported, never written over.
//!
//! It plans everything before it writes anything: every unmapped value, unknown manager, lead
//! cycle or duplicate row is a finding, and one finding means nothing is written. The commits
//! are built in the object database and the branch moved once at the end. Values of columns the
//! map does not name are never copied out of the reader.

mod branch;
pub mod fields;
pub mod guess;
/// The map's shape sits with the other files' shapes, so `ladder schema` can describe it.
pub use crate::import_map as map;
mod message;
mod replay;
pub mod report;
pub mod resolve;
pub mod roster;
mod timeline;
mod write;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use crate::Pos;
use crate::diff::{ChangeSet, diff_snapshots};
use crate::finding::{Finding, Severity, plural};
use crate::snapshot::{load_files, load_rev};

use fields::{Fields, Kept};
use map::ImportMap;
use resolve::{Layout, Tables};
use roster::{Dialect, Table};

pub use branch::unclean;
pub use write::write;

use branch::{folder_files, last_import, target};
use replay::Replay;
use timeline::timeline;

/// The trailer that marks an imported commit, with the file and rows it came from.
pub use crate::history::IMPORTED_FROM as TRAILER;

/// An export named on the command line: where it is, and how to name it to the user.
#[derive(Debug, Clone, Copy)]
pub struct Export<'a> {
    pub path: &'a Path,
    pub shown: &'a str,
}

/// What to import, and where to.
pub struct Request<'a> {
    pub repo: &'a git2::Repository,
    /// The ladders folder's path inside the repository.
    pub dir: &'a str,
    pub map: Export<'a>,
    pub roster: Export<'a>,
    pub history: Option<Export<'a>>,
    /// The branch to commit to (default: the checked-out one).
    pub branch: Option<&'a str>,
    /// The date a roster-only import takes effect.
    pub today: jiff::civil::Date,
}

/// Why the import could not even be planned: no repository state to build on.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Setup(String),
    #[error("cannot read {what}: {source}")]
    Git { what: String, source: git2::Error },
    #[error(transparent)]
    Load(#[from] crate::snapshot::LoadError),
}

/// One export as read: its rows and the columns that were not read.
#[derive(Debug, Clone)]
pub struct ReadExport {
    pub file: String,
    pub rows: usize,
    pub ignored: Vec<String>,
}

/// A commit the import will write.
#[derive(Debug, Clone)]
pub struct Planned {
    pub date: jiff::civil::Date,
    pub message: String,
    /// Paths under the ladders folder: the new text, or `None` to remove the file.
    pub writes: BTreeMap<String, Option<String>>,
    pub hires: usize,
    pub departures: usize,
    pub changes: usize,
}

/// Where the commits go.
#[derive(Debug, Clone)]
pub struct Target {
    pub refname: String,
    pub branch: String,
    pub parent: git2::Oid,
    /// Whether the branch is the checked-out one, whose work tree and index follow it.
    pub checked_out: bool,
}

/// Everything the import would do, decided before anything is written.
pub struct Plan {
    pub source: String,
    pub dir: String,
    /// Errors (nothing may be written), and warnings: rows that contradict the repository.
    pub findings: Vec<Finding>,
    pub read: Vec<ReadExport>,
    /// The effective date of the last imported commit on the branch, if any.
    pub last_import: Option<jiff::civil::Date>,
    pub commits: Vec<Planned>,
    /// What the commits do together, in `ladder diff`'s terms (none when there are errors).
    pub changes: Option<ChangeSet>,
    pub target: Option<Target>,
}

impl Plan {
    pub fn has_errors(&self) -> bool {
        self.findings
            .iter()
            .any(|finding| finding.severity == Severity::Error)
    }

    fn failed(source: &str, dir: &str, findings: Vec<Finding>, read: Vec<ReadExport>) -> Plan {
        Plan {
            source: source.to_string(),
            dir: dir.to_string(),
            findings,
            read,
            last_import: None,
            commits: Vec::new(),
            changes: None,
            target: None,
        }
    }
}

/// A placement as the branch holds it.
#[derive(Debug, Clone)]
struct Held {
    /// Under the ladders folder, e.g. `people/engineering/ada.yml`.
    path: String,
    fields: Fields,
    kept: Kept,
}

/// Plans the import: reads the map and the exports, resolves every row, replays the history
/// over what the branch holds, and checks the result. Writes nothing.
pub fn plan(request: &Request<'_>) -> Result<Plan, ImportError> {
    let dir = request.dir.trim_matches('/').to_string();
    let map_file = request.map.shown;
    let map_text = std::fs::read(request.map.path)
        .map_err(|error| ImportError::Setup(format!("cannot read {map_file}: {error}")))?;
    let Ok(map_text) = String::from_utf8(map_text) else {
        let finding = Finding::error("not-utf8", "the map is not UTF-8")
            .at(map_file, Pos::TOP)
            .help("save the file as UTF-8");
        return Ok(Plan::failed("", &dir, vec![finding], Vec::new()));
    };
    let map: ImportMap =
        match crate::snapshot::parse_yaml(map_file, &map_text, "an import map (import.yml)") {
            Ok(map) => map,
            Err(finding) => return Ok(Plan::failed("", &dir, vec![finding], Vec::new())),
        };
    let source = map.source.value.trim().to_string();
    let target = target(request)?;
    let base = load_rev(request.repo, &target.parent.to_string(), &dir)?;
    let Some(framework) = base.framework.as_ref().map(|entry| &entry.value) else {
        return Err(ImportError::Setup(format!(
            "{dir}/framework.yml is missing or unreadable on {}: import needs the framework and teams committed first (`ladder init --from` writes a starter)",
            target.branch
        )));
    };
    let errors = crate::finding::Counts::of(&crate::check::check_snapshot(&base)).errors;
    if errors > 0 {
        return Err(ImportError::Setup(format!(
            "{dir} has {} on {}: fix {} first (`ladder check --rev {}`), so the import builds on a clean ladder",
            plural(errors, "error"),
            target.branch,
            if errors == 1 { "it" } else { "them" },
            target.branch
        )));
    }
    let mut findings = check_map(&map, map_file, request.history.is_some());
    let teams: Vec<(String, &crate::framework::Team)> = base
        .teams
        .iter()
        .map(|entry| (entry.id.clone(), &entry.value))
        .collect();
    let tables = Tables::of(&map, map_file, framework, &teams, &mut findings);
    let dialect = Dialect {
        windows_1252: map.encoding.value == map::Encoding::Windows1252,
        delimiter: map.delimiter.value.byte(),
    };
    let roster_layout = Layout::of(&map.roster, map_file);
    let history_columns = map.history.clone().unwrap_or_default();
    let history_layout = Layout::of(&history_columns, map_file);
    let mut read = Vec::new();
    let mut tables_read: Vec<Table> = Vec::new();
    let exports = std::iter::once((request.roster, &roster_layout)).chain(
        request
            .history
            .filter(|_| map.history.is_some())
            .map(|h| (h, &history_layout)),
    );
    for (export, layout) in exports {
        match roster::read(export.path, export.shown, dialect, &layout.wanted) {
            Ok(table) => {
                read.push(ReadExport {
                    file: table.file.clone(),
                    rows: table.rows.len(),
                    ignored: table.ignored.clone(),
                });
                tables_read.push(table);
            }
            Err(problems) => findings.extend(problems),
        }
    }
    if has_errors(&findings) {
        return Ok(Plan::failed(&source, &dir, findings, read));
    }
    let mut tables_read = tables_read.into_iter();
    let roster_table = tables_read.next().unwrap_or_default();
    let history_table = tables_read.next();
    let mut existing: HashMap<String, Vec<String>> = HashMap::new();
    for entry in &base.people {
        existing
            .entry(resolve::name_key(&entry.value.name.value))
            .or_default()
            .push(entry.id.clone());
    }
    let timeline = timeline(
        &map,
        &tables,
        (&roster_table, &roster_layout),
        history_table
            .as_ref()
            .map(|table| (table, &history_layout, &history_columns)),
        request.today,
        &existing,
        &mut findings,
    );
    if has_errors(&findings) {
        return Ok(Plan::failed(&source, &dir, findings, read));
    }
    let last = last_import(request.repo, target.parent)?;
    let mut work: HashMap<String, Held> = HashMap::new();
    for entry in &base.people {
        if let Some((fields, kept)) = Fields::of(&entry.value, framework) {
            let path = entry
                .file
                .strip_prefix(&format!("{dir}/"))
                .unwrap_or(&entry.file)
                .to_string();
            work.insert(entry.id.clone(), Held { path, fields, kept });
        }
    }
    if last.is_none() && !work.is_empty() && history_table.is_some() {
        let mut ids: Vec<&String> = work.keys().collect();
        ids.sort();
        let shown: Vec<&str> = ids.iter().take(5).map(|id| id.as_str()).collect();
        findings.push(
            Finding::error(
                "import-existing-people",
                format!(
                    "{} already holds {} ({}{}) and no imported history: a history imported now would start after them",
                    dir,
                    plural(work.len(), "placement"),
                    shown.join(", "),
                    if ids.len() > 5 { ", …" } else { "" }
                ),
            )
            .help("import into a ladders folder without placements (remove the starter's two), or import the roster alone"),
        );
        return Ok(Plan::failed(&source, &dir, findings, read));
    }
    // A roster-only sync compares with what the last import wrote.
    let mut hr: HashMap<String, Fields> = HashMap::new();
    if history_table.is_none()
        && let Some((_, commit)) = last
    {
        let commit = commit.to_string();
        let imported = load_rev(request.repo, &commit, &dir)?;
        if let Some(shape) = imported.framework.as_ref() {
            for entry in &imported.people {
                if let Some((fields, _)) = Fields::of(&entry.value, &shape.value) {
                    hr.insert(entry.id.clone(), fields);
                }
            }
        }
    }
    let replay = Replay {
        framework,
        source: &source,
        dir: &dir,
        gate: if history_table.is_some() {
            last.map(|(date, _)| date)
        } else {
            None
        },
    };
    let commits = replay.run(timeline, &mut hr, &mut work, &mut findings);
    if has_errors(&findings) {
        return Ok(Plan::failed(&source, &dir, findings, read));
    }
    // The files as they will stand, checked like any pull request's head.
    let mut files = folder_files(request.repo, target.parent, &dir)?;
    let mut changed = BTreeSet::new();
    for commit in &commits {
        for (rel, text) in &commit.writes {
            changed.insert(crate::snapshot::display_path(&dir, rel));
            match text {
                Some(text) => files.insert(rel.clone(), text.clone().into_bytes()),
                None => files.remove(rel),
            };
        }
    }
    let head = load_files(&dir, files.into_iter().collect());
    let problems: Vec<Finding> = crate::check::check_snapshot(&head)
        .into_iter()
        .filter(|finding| finding.severity == Severity::Error)
        .collect();
    if !problems.is_empty() {
        findings.push(Finding::error(
            "import-check",
            format!(
                "the placements the import would write have {}; nothing was written",
                plural(problems.len(), "error")
            ),
        ));
        findings.extend(problems);
        return Ok(Plan::failed(&source, &dir, findings, read));
    }
    let changes = diff_snapshots(&base, &head, &changed);
    crate::finding::sort_findings(&mut findings);
    Ok(Plan {
        source,
        dir,
        findings,
        read,
        last_import: last.map(|(date, _)| date),
        commits,
        changes: Some(changes),
        target: Some(target),
    })
}

fn has_errors(findings: &[Finding]) -> bool {
    findings
        .iter()
        .any(|finding| finding.severity == Severity::Error)
}

/// What the map must name for the files it is given.
fn check_map(map: &ImportMap, map_file: &str, with_history: bool) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut need = |missing: bool, message: &str, help: &str| {
        if missing {
            findings.push(
                Finding::error("import-map", message.to_string())
                    .at(map_file, Pos::TOP)
                    .help(help.to_string()),
            );
        }
    };
    let roster = &map.roster;
    need(
        roster.name.is_empty(),
        "`roster` names no `name` column",
        "e.g. `name: [First Name, Last Name]`",
    );
    need(
        roster.team.is_none(),
        "`roster` names no `team` column",
        "e.g. `team: Department`, with a `teams:` table",
    );
    need(
        roster.level.is_none() && roster.title.is_none(),
        "`roster` names neither a `level` nor a `title` column",
        "e.g. `title: Job Title`, mapped by `titles:` or the teams' own titles",
    );
    let leads = roster.lead.is_some()
        || map
            .history
            .as_ref()
            .is_some_and(|history| history.lead.is_some());
    need(
        leads && map.lead_by.is_none(),
        "the map names a lead column but not `lead_by`",
        "`lead_by: employee`, `email` or `name`: what the manager column holds",
    );
    if with_history {
        match &map.history {
            None => need(
                true,
                "--history was given, but the map has no `history:` columns",
                "add `history:` with at least `employee`, `date`, `team` and a `level` or `title`",
            ),
            Some(history) => {
                need(
                    history.date.is_none(),
                    "`history` names no `date` column",
                    "e.g. `date: Effective Date`",
                );
                need(
                    history.team.is_none(),
                    "`history` names no `team` column",
                    "e.g. `team: Department`",
                );
                need(
                    history.level.is_none() && history.title.is_none(),
                    "`history` names neither a `level` nor a `title` column",
                    "e.g. `title: Job Title`",
                );
            }
        }
    }
    findings
}
