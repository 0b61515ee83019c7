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

pub mod fields;
pub mod map;
pub mod report;
pub mod resolve;
pub mod roster;
mod write;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use crate::Pos;
use crate::diff::{ChangeSet, diff_snapshots};
use crate::finding::{Finding, Severity, plural};
use crate::framework::Framework;
use crate::snapshot::{load_files, load_rev};

use fields::{Field, Fields, Kept, placement_text};
use map::{ImportMap, LeadBy};
use resolve::{Change, Dated, Job, Kind, Layout, Roster, Tables};
use roster::{Dialect, Table};

pub use write::write;

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

/// One person's change on one date, resolved: the fields they have after it (none: they left).
struct Step {
    date: jiff::civil::Date,
    /// A roster-only hire's hire date, written as `since:`.
    since: Option<jiff::civil::Date>,
    id: String,
    after: Option<Fields>,
    leaving: bool,
    file: String,
    row: u32,
    at: Pos,
}

/// Every change from the exports, resolved and in date order (rows of one date in file order).
fn timeline(
    map: &ImportMap,
    tables: &Tables<'_>,
    (roster_table, roster_layout): (&Table, &Layout),
    history: Option<(&Table, &Layout, &map::Columns)>,
    today: jiff::civil::Date,
    existing: &HashMap<String, Vec<String>>,
    findings: &mut Vec<Finding>,
) -> Vec<Step> {
    let mut people = Roster::default();
    people.ids_from_column = map.roster.id.is_some();
    people.existing = existing.clone();
    let mut current: Vec<(String, Job, u32)> = Vec::new();
    let roster_file = roster_table.file.as_str();
    for row in &roster_table.rows {
        let Some(id) = people.add(roster_file, roster_layout, &map.roster, row, true, findings)
        else {
            continue;
        };
        if let Some(cell) = resolve::hired_cell(row, roster_layout) {
            match resolve::date(map, roster_file, cell, tables.map_file) {
                Ok(date) => people.set_hired(&id, date),
                Err(finding) => findings.push(finding),
            }
        }
        if let Some(job) = tables.job(roster_file, roster_layout, &map.roster, row, findings) {
            current.push((id, job, row.row));
        }
    }
    let mut dated: Vec<Dated> = Vec::new();
    if let Some((table, layout, columns)) = history {
        let file = table.file.as_str();
        for row in &table.rows {
            let Some(id) = people.add(file, layout, columns, row, false, findings) else {
                continue;
            };
            let Some(date_cell) = resolve::date_cell(row, layout) else {
                findings.push(
                    Finding::error(
                        "import-missing-value",
                        "no effective date: the date column is empty",
                    )
                    .at(
                        file,
                        Pos {
                            line: row.row,
                            column: 1,
                            offset: 0,
                            len: 0,
                        },
                    ),
                );
                continue;
            };
            let date = match resolve::date(map, file, date_cell, tables.map_file) {
                Ok(date) => date,
                Err(finding) => {
                    findings.push(finding);
                    continue;
                }
            };
            let change = match resolve::kind(map, row, layout) {
                Kind::Skip => continue,
                Kind::Leave => Change::Leave,
                kind => match tables.job(file, layout, columns, row, findings) {
                    Some(job) if matches!(kind, Kind::Hire) => Change::Hire(job),
                    Some(job) => Change::Move(job),
                    None => continue,
                },
            };
            dated.push(Dated {
                date,
                id,
                change,
                file: file.to_string(),
                row: row.row,
                date_at: date_cell.pos(),
            });
        }
        // Someone the roster lists and the history does not joined on their hire date.
        let listed: HashSet<&str> = dated.iter().map(|d| d.id.as_str()).collect();
        let mut joined = Vec::new();
        for (id, job, row) in &current {
            if listed.contains(id.as_str()) {
                continue;
            }
            match people.by_id(id).and_then(|person| person.hired) {
                Some(hired) => joined.push(Dated {
                    date: hired,
                    id: id.clone(),
                    change: Change::Hire(job.clone()),
                    file: roster_file.to_string(),
                    row: *row,
                    date_at: Pos::TOP,
                }),
                None => findings.push(
                    Finding::error(
                        "import-no-history",
                        format!("{id} has no row in {} and no hire date", table.file),
                    )
                    .at(roster_file, Pos { line: *row, column: 1, offset: 0, len: 0 })
                    .help("map the roster's hire date column (`hired:`), or export the whole job history"),
                ),
            }
        }
        dated.extend(joined);
    } else {
        for (id, job, row) in &current {
            dated.push(Dated {
                date: today,
                id: id.clone(),
                change: Change::Hire(job.clone()),
                file: roster_file.to_string(),
                row: *row,
                date_at: Pos::TOP,
            });
        }
    }
    // Stable: rows of one date keep their order in the files.
    dated.sort_by_key(|dated| dated.date);
    for pair in dated.windows(2) {
        if let [first, second] = pair
            && first.date == second.date
            && first.id == second.id
        {
            findings.push(
                Finding::error(
                    "import-duplicate-row",
                    format!(
                        "{} has two rows dated {} ({} rows {} and {})",
                        first.id, first.date, first.file, first.row, second.row
                    ),
                )
                .at(&second.file, second.date_at)
                .help("one row per person per date: keep the one that says where they stood at the end of that day"),
            );
        }
    }
    let lead_by = map.lead_by.as_ref().map_or(LeadBy::Employee, |by| by.value);
    let lead_column = |file: &str| {
        let columns = if file == roster_file {
            Some(&map.roster)
        } else {
            map.history.as_ref()
        };
        columns
            .and_then(|columns| columns.lead.as_ref())
            .map_or_else(String::new, |lead| lead.value.clone())
    };
    let mut steps = Vec::with_capacity(dated.len());
    let mut unnamed: HashSet<String> = HashSet::new();
    for dated in dated {
        let Some(person) = people.by_id(&dated.id) else {
            continue;
        };
        let job = match &dated.change {
            Change::Hire(job) | Change::Move(job) => Some(job),
            Change::Leave => None,
        };
        let after = match job {
            None => None,
            Some(job) => {
                let lead = match &job.lead {
                    None => None,
                    Some(cell) => {
                        match people.lead(&dated.file, cell, lead_by, &lead_column(&dated.file)) {
                            Ok(lead) => Some(lead),
                            Err(finding) => {
                                findings.push(finding);
                                continue;
                            }
                        }
                    }
                };
                if person.name.is_empty() {
                    if unnamed.insert(person.employee.clone()) {
                        findings.push(
                            Finding::error(
                                "import-missing-value",
                                format!(
                                    "employee `{}` appears only in {}, which gives no name for them",
                                    person.employee, person.file
                                ),
                            )
                            .at(&person.file, Pos { line: person.row, column: 1, offset: 0, len: 0 })
                            .help("someone who is not in the roster has left: map the history's `name` column, and its `event` column with the `events: terminate:` values"),
                        );
                    }
                    continue;
                }
                Some(Fields {
                    name: person.name.clone(),
                    email: person.email.clone(),
                    github: person.github.clone(),
                    team: job.team.clone(),
                    spot: job.spot.clone(),
                    lead,
                    location: job.location.clone(),
                })
            }
        };
        steps.push(Step {
            since: history.is_none().then_some(person.hired).flatten(),
            date: dated.date,
            id: dated.id,
            leaving: after.is_none(),
            after,
            file: dated.file,
            row: dated.row,
            at: dated.date_at,
        });
    }
    // The history must end where the roster stands.
    if history.is_some() {
        let mut last: HashMap<&str, &Step> = HashMap::new();
        for step in &steps {
            last.insert(step.id.as_str(), step);
        }
        for (id, job, row) in &current {
            let Some(step) = last.get(id.as_str()) else {
                continue;
            };
            let said = step.after.as_ref();
            let agrees = said.is_some_and(|after| {
                after.team == job.team && after.spot == job.spot && after.location == job.location
            });
            if !agrees {
                let history_words = said.map_or("that they left".to_string(), |after| {
                    format!("{} {}", after.team, after.spot.words())
                });
                findings.push(
                    Finding::error(
                        "import-roster-history",
                        format!(
                            "the roster has {id} at {} {}, but the history's last row for them ({} row {}, {}) says {history_words}",
                            job.team,
                            job.spot.words(),
                            step.file,
                            step.row,
                            step.date
                        ),
                    )
                    .at(roster_file, Pos { line: *row, column: 1, offset: 0, len: 0 })
                    .help("export both files at the same time"),
                );
            }
        }
        let in_roster: HashSet<&str> = current.iter().map(|(id, _, _)| id.as_str()).collect();
        for (id, step) in &last {
            if !step.leaving && !in_roster.contains(id) {
                findings.push(
                    Finding::error(
                        "import-not-in-roster",
                        format!("{id} is in the history, not in the roster, and has no row saying they left"),
                    )
                    .at(&step.file, Pos { line: step.row, column: 1, offset: 0, len: 0 })
                    .help("list their departure in the history (the map's `events: terminate:` values), or their roster row"),
                );
            }
        }
    }
    steps
}

/// Plays the changes in date order over the HR state and the branch's placements.
struct Replay<'a> {
    framework: &'a Framework,
    source: &'a str,
    dir: &'a str,
    /// Only changes after this date are written (the last imported one).
    gate: Option<jiff::civil::Date>,
}

impl Replay<'_> {
    fn run(
        &self,
        steps: Vec<Step>,
        hr: &mut HashMap<String, Fields>,
        work: &mut HashMap<String, Held>,
        findings: &mut Vec<Finding>,
    ) -> Vec<Planned> {
        let mut commits = Vec::new();
        let mut contradicted: HashSet<(String, Field)> = HashSet::new();
        let mut reports: HashMap<String, HashSet<String>> = HashMap::new();
        for (id, fields) in hr.iter() {
            if let Some(lead) = &fields.lead {
                reports.entry(lead.clone()).or_default().insert(id.clone());
            }
        }
        let mut cycles_seen: HashSet<String> = HashSet::new();
        let mut at = 0;
        while at < steps.len() {
            let date = steps[at].date;
            let end = steps[at..]
                .iter()
                .position(|step| step.date != date)
                .map_or(steps.len(), |offset| at + offset);
            let batch = &steps[at..end];
            at = end;
            let write = self.gate.is_none_or(|gate| date > gate);
            let mut touched: BTreeSet<String> = BTreeSet::new();
            let mut removed: BTreeSet<String> = BTreeSet::new();
            let mut counts = (0, 0, 0);
            let mut rows: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
            for step in batch {
                let before = hr.get(&step.id).cloned();
                if step.leaving && before.is_none() {
                    findings.push(
                        Finding::error(
                            "import-bad-event",
                            format!("{} leaves on {date}, but is not on the team then", step.id),
                        )
                        .at(&step.file, step.at),
                    );
                    continue;
                }
                if let Some(lead) = before.as_ref().and_then(|fields| fields.lead.as_ref())
                    && let Some(set) = reports.get_mut(lead)
                {
                    set.remove(&step.id);
                }
                match &step.after {
                    Some(after) => {
                        if let Some(lead) = &after.lead {
                            reports
                                .entry(lead.clone())
                                .or_default()
                                .insert(step.id.clone());
                        }
                        hr.insert(step.id.clone(), after.clone());
                    }
                    None => {
                        hr.remove(&step.id);
                    }
                }
                if !write {
                    continue;
                }
                let outcome = apply(
                    &step.id,
                    before.as_ref(),
                    step.after.as_ref(),
                    work,
                    &mut contradicted,
                    findings,
                    step,
                );
                match outcome {
                    Outcome::Nothing => continue,
                    Outcome::Hired => counts.0 += 1,
                    Outcome::Left(path) => {
                        counts.1 += 1;
                        removed.insert(path);
                    }
                    Outcome::Changed(Some(old_path)) => {
                        counts.2 += 1;
                        removed.insert(old_path);
                    }
                    Outcome::Changed(None) => counts.2 += 1,
                }
                if step.after.is_some() {
                    touched.insert(step.id.clone());
                }
                rows.entry(step.file.as_str()).or_default().push(step.row);
            }
            self.check_leads(batch, hr, &reports, &mut cycles_seen, findings);
            if !write || (touched.is_empty() && removed.is_empty()) {
                continue;
            }
            let mut writes: BTreeMap<String, Option<String>> = BTreeMap::new();
            for path in removed {
                writes.insert(path, None);
            }
            for id in &touched {
                if let Some(held) = work.get(id) {
                    writes.insert(
                        held.path.clone(),
                        Some(placement_text(
                            &held.fields,
                            &held.kept,
                            self.framework,
                            self.source,
                        )),
                    );
                }
            }
            commits.push(Planned {
                date,
                message: message(self.source, date, counts, &rows),
                writes,
                hires: counts.0,
                departures: counts.1,
                changes: counts.2,
            });
        }
        // What the branch says and the export does not, changed in ladder since the import.
        let mut ids: Vec<&String> = hr.keys().collect();
        ids.sort();
        for id in ids {
            let (Some(fields), Some(held)) = (hr.get(id), work.get(id)) else {
                continue;
            };
            for field in Field::ALL {
                if !fields.same(&held.fields, field) && !contradicted.contains(&(id.clone(), field))
                {
                    findings.push(contradiction(
                        id,
                        field,
                        &held.fields,
                        fields,
                        self.dir,
                        &held.path,
                    ));
                }
            }
        }
        let _ = self.dir;
        commits
    }

    /// After a date's rows: every lead is on the team that day, nobody leaves with reports
    /// left behind, and the leads form no cycle.
    fn check_leads(
        &self,
        batch: &[Step],
        hr: &HashMap<String, Fields>,
        reports: &HashMap<String, HashSet<String>>,
        cycles_seen: &mut HashSet<String>,
        findings: &mut Vec<Finding>,
    ) {
        for step in batch {
            match &step.after {
                None => {
                    if let Some(left) = reports.get(&step.id).filter(|set| !set.is_empty()) {
                        let mut names: Vec<&str> = left.iter().map(String::as_str).collect();
                        names.sort_unstable();
                        findings.push(
                            Finding::error(
                                "import-lead-gone",
                                format!(
                                    "{} leaves on {} while {} still report{} to them",
                                    step.id,
                                    step.date,
                                    names.join(", "),
                                    if names.len() == 1 { "s" } else { "" }
                                ),
                            )
                            .at(&step.file, step.at)
                            .help("the export should give their reports a new manager on or before that date"),
                        );
                    }
                }
                Some(after) => {
                    let Some(lead) = &after.lead else { continue };
                    if lead == &step.id {
                        findings.push(
                            Finding::error(
                                "import-lead-cycle",
                                format!("{} is their own manager on {}", step.id, step.date),
                            )
                            .at(&step.file, step.at),
                        );
                        continue;
                    }
                    if !hr.contains_key(lead) {
                        findings.push(
                            Finding::error(
                                "import-lead-gone",
                                format!("on {}, {}'s manager {lead} is not on the team", step.date, step.id),
                            )
                            .at(&step.file, step.at)
                            .help("the manager's own rows must start on or before this date and not end before it"),
                        );
                        continue;
                    }
                    // Walk up: a cycle comes back to where it started.
                    let mut chain = vec![step.id.as_str()];
                    let mut current = lead.as_str();
                    while let Some(next) = hr.get(current) {
                        if chain.contains(&current) {
                            break;
                        }
                        chain.push(current);
                        match next.lead.as_deref() {
                            Some(next) => current = next,
                            None => break,
                        }
                    }
                    if current == step.id && chain.len() > 1 {
                        let mut members: Vec<&str> = chain.clone();
                        members.sort_unstable();
                        if cycles_seen.insert(members.join(" ")) {
                            chain.push(step.id.as_str());
                            findings.push(
                                Finding::error(
                                    "import-lead-cycle",
                                    format!(
                                        "on {} the managers form a cycle: {}",
                                        step.date,
                                        chain.join(" → ")
                                    ),
                                )
                                .at(&step.file, step.at)
                                .help("fix the manager column of one of them"),
                            );
                        }
                    }
                }
            }
        }
    }
}

enum Outcome {
    Nothing,
    Hired,
    /// The file removed.
    Left(String),
    /// The file moved from this path, when it moved.
    Changed(Option<String>),
}

/// One HR change over the branch's placement: a field the branch changed since the import is
/// left as the branch has it, and reported.
fn apply(
    id: &str,
    before: Option<&Fields>,
    after: Option<&Fields>,
    work: &mut HashMap<String, Held>,
    contradicted: &mut HashSet<(String, Field)>,
    findings: &mut Vec<Finding>,
    step: &Step,
) -> Outcome {
    match (before, after) {
        (_, None) => match work.remove(id) {
            Some(held) => Outcome::Left(held.path),
            None => Outcome::Nothing,
        },
        (before, Some(after)) => {
            let Some(held) = work.get_mut(id) else {
                if before.is_some() {
                    findings.push(
                        Finding::warning(
                            "import-contradiction",
                            format!("{id} was removed in ladder, but the export still lists them: left out"),
                        )
                        .at(&step.file, step.at),
                    );
                    return Outcome::Nothing;
                }
                work.insert(
                    id.to_string(),
                    Held {
                        path: format!("people/{}/{id}.yml", after.team),
                        fields: after.clone(),
                        kept: Kept {
                            since: step.since.map(|date| date.to_string()),
                            ..Kept::default()
                        },
                    },
                );
                return Outcome::Hired;
            };
            let mut changed = false;
            for field in Field::ALL {
                let moved = before.is_none_or(|before| !before.same(after, field));
                if !moved || held.fields.same(after, field) {
                    continue;
                }
                if before.is_some_and(|before| held.fields.same(before, field)) {
                    held.fields.take(after, field);
                    changed = true;
                } else if contradicted.insert((id.to_string(), field)) {
                    findings.push(
                        contradiction(id, field, &held.fields, after, "", &held.path)
                            .at(&step.file, step.at),
                    );
                }
            }
            if !changed {
                return Outcome::Nothing;
            }
            // A file kept in its team's folder follows a transfer.
            let foldered = held.path.starts_with("people/")
                && held.path.ends_with(&format!("/{id}.yml"))
                && held.path.matches('/').count() == 2;
            let wanted = format!("people/{}/{id}.yml", held.fields.team);
            if foldered && held.path != wanted {
                let old = std::mem::replace(&mut held.path, wanted);
                return Outcome::Changed(Some(old));
            }
            Outcome::Changed(None)
        }
    }
}

fn contradiction(
    id: &str,
    field: Field,
    ours: &Fields,
    theirs: &Fields,
    dir: &str,
    path: &str,
) -> Finding {
    let finding = Finding::warning(
        "import-contradiction",
        format!(
            "{id}: ladder has {} {}, the export has {}; ladder's is kept",
            field.word(),
            ours.shown(field),
            theirs.shown(field)
        ),
    )
    .help("if ladder is right, correct the HR system; if the export is, change the placement by pull request");
    if dir.is_empty() {
        finding
    } else {
        finding.at(&format!("{dir}/{path}"), Pos::TOP)
    }
}

/// The commit message: what the date changed, and the rows it came from as a trailer.
fn message(
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

/// The branch the commits go on, and the commit they start from.
fn target(request: &Request<'_>) -> Result<Target, ImportError> {
    let repo = request.repo;
    let head = repo
        .find_reference("HEAD")
        .map_err(|source| ImportError::Git {
            what: "HEAD".into(),
            source,
        })?;
    let current = head.symbolic_target().ok().flatten().map(str::to_string);
    let refname = match request.branch {
        Some(branch) => {
            let refname = format!("refs/heads/{branch}");
            if !git2::Reference::is_valid_name(&refname) {
                return Err(ImportError::Setup(format!(
                    "`{branch}` is not a valid branch name"
                )));
            }
            refname
        }
        None => current.clone().ok_or_else(|| {
            ImportError::Setup(
                "HEAD is detached: check out a branch, or name one with --branch".into(),
            )
        })?,
    };
    let branch = refname.trim_start_matches("refs/heads/").to_string();
    let parent = match repo.refname_to_id(&refname) {
        Ok(id) => id,
        // A new branch starts from HEAD.
        Err(_) if request.branch.is_some() => repo
            .head()
            .ok()
            .and_then(|head| head.target())
            .ok_or_else(|| no_commit(&branch))?,
        Err(_) => return Err(no_commit(&branch)),
    };
    Ok(Target {
        checked_out: current.as_deref() == Some(refname.as_str()),
        refname,
        branch,
        parent,
    })
}

fn no_commit(branch: &str) -> ImportError {
    ImportError::Setup(format!(
        "{branch} has no commit yet: commit the framework and teams first (`git add ladders && git commit`)"
    ))
}

/// The effective date and commit of the last imported commit on the first-parent line.
fn last_import(
    repo: &git2::Repository,
    tip: git2::Oid,
) -> Result<Option<(jiff::civil::Date, git2::Oid)>, ImportError> {
    let git = |source| ImportError::Git {
        what: "the branch's history".into(),
        source,
    };
    let mut walk = repo.revwalk().map_err(git)?;
    walk.push(tip).map_err(git)?;
    walk.simplify_first_parent().map_err(git)?;
    for id in walk {
        let id = id.map_err(git)?;
        let commit = repo.find_commit(id).map_err(git)?;
        let message = String::from_utf8_lossy(commit.message_bytes());
        if !message.contains(TRAILER) {
            continue;
        }
        let imported = git2::message_trailers_strs(&message)
            .map(|trailers| {
                trailers
                    .iter()
                    .any(|(key, _)| key.eq_ignore_ascii_case(TRAILER))
            })
            .unwrap_or(false);
        if imported {
            let seconds = commit.committer().when().seconds();
            let date = jiff::Timestamp::from_second(seconds)
                .map(|time| time.to_zoned_datetime(jiff::tz::TimeZone::UTC).date())
                .map_err(|error| {
                    ImportError::Setup(format!("commit {id} has a bad date: {error}"))
                })?;
            return Ok(Some((date, id)));
        }
    }
    Ok(None)
}

/// Every file of the ladders folder at a commit, by its path under the folder.
fn folder_files(
    repo: &git2::Repository,
    commit: git2::Oid,
    dir: &str,
) -> Result<BTreeMap<String, Vec<u8>>, ImportError> {
    let git = |source| ImportError::Git {
        what: format!("{dir} at {commit}"),
        source,
    };
    let tree = repo
        .find_commit(commit)
        .and_then(|c| c.tree())
        .map_err(git)?;
    let folder = match tree.get_path(Path::new(dir)) {
        Ok(entry) => repo.find_tree(entry.id()).map_err(git)?,
        Err(_) => return Ok(BTreeMap::new()),
    };
    let mut files = BTreeMap::new();
    let mut failed = None;
    folder
        .walk(git2::TreeWalkMode::PreOrder, |parent, entry| {
            if entry.kind() == Some(git2::ObjectType::Blob) {
                match repo.find_blob(entry.id()) {
                    Ok(blob) => {
                        files.insert(
                            format!("{parent}{}", entry.name().unwrap_or_default()),
                            blob.content().to_vec(),
                        );
                    }
                    Err(error) => {
                        failed = Some(error);
                        return git2::TreeWalkResult::Abort;
                    }
                }
            }
            git2::TreeWalkResult::Ok
        })
        .map_err(git)?;
    if let Some(error) = failed {
        return Err(git(error));
    }
    Ok(files)
}

/// Why the repository cannot take the commits now, or `None`.
pub fn unclean(repo: &git2::Repository, dir: &str) -> Option<String> {
    let mut options = git2::StatusOptions::new();
    options.include_untracked(true).include_ignored(false);
    let statuses = repo.statuses(Some(&mut options)).ok()?;
    let inside = format!("{}/", dir.trim_matches('/'));
    let dirty: Vec<String> = statuses
        .iter()
        .filter(|entry| {
            let untracked = entry.status() == git2::Status::WT_NEW;
            let path = entry.path().unwrap_or_default();
            !untracked || path.starts_with(&inside)
        })
        .filter_map(|entry| entry.path().ok().map(str::to_string))
        .take(5)
        .collect();
    (!dirty.is_empty()).then(|| {
        format!(
            "the work tree has changes ({}): commit or stash them first, or import onto another branch with --branch",
            dirty.join(", ")
        )
    })
}
