//! A change under review: the base and head snapshots read from git (the head may be the work
//! tree), the change set between them, the base policy's judgement, and whether the head is still
//! valid. Between two revisions only the files the change touches are read, plus the framework,
//! the teams and the lead lines above each changed teammate, so the cost follows the change.

mod head;
mod pace;
mod read;

pub use head::{carried_facts, check_head, facts_path, save_facts};
pub use pace::add_pace;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::check::check_snapshot;
use crate::diff::{ChangeSet, diff_snapshots};
use crate::finding::{Finding, Severity, sort_findings};

use crate::pace::{Alarm, PaceReport};
use crate::policy::{Approval, Author, judge};
use crate::snapshot::{LoadError, RevisionTree, Snapshot, load_dir, open_rev};
use read::{load_revisions, with_lead_lines};

/// What the change is compared with: a revision, or the files on disk.
#[derive(Debug, Clone)]
pub enum Head<'a> {
    Revision(&'a str),
    WorkTree(&'a Path),
}

pub struct Review {
    pub base: Snapshot,
    pub head: Snapshot,
    pub changes: ChangeSet,
    /// Policy findings and the head's validation findings, sorted.
    pub findings: Vec<Finding>,
    pub approvals: Vec<Approval>,
    /// Who is looped in, per change, the author left out.
    pub notify: Vec<Approval>,
    pub author: Option<Author>,
    /// Whether every file was read (a framework edit, a hire, a departure) or only the change's.
    pub read_everything: bool,
    /// Pace before and after the change, for the leads it touches; see [`add_pace`].
    pub pace: Option<ChangePace>,
}

/// The pace test as the base branch stands and with the change's own moves added.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct ChangePace {
    #[schemars(with = "String")]
    pub as_of: jiff::civil::Date,
    /// The window's length in months.
    pub months: u32,
    /// The verdict of the standing review, the same with or without the change.
    pub review: PaceReport,
    /// The figures now on the base branch, and with the change.
    pub before: PaceReport,
    pub after: PaceReport,
    /// The live alarm on the base branch, and with the change's moves at the head.
    pub alarm_before: Alarm,
    pub alarm_after: Alarm,
    /// Leads of the people the change moves, before or after it.
    pub leads: Vec<String>,
    /// Per touched lead and measure: the figures with the change, on the base, the standing
    /// verdict; then the lead's live alarm.
    pub sentences: Vec<String>,
}

/// Codes of validation errors that a framework edit causes in placements it did not touch.
const STRANDING: [&str; 5] = [
    "unknown-level",
    "unknown-track",
    "unknown-step",
    "level-zero",
    "step-zero",
];

pub fn review(
    repo: &git2::Repository,
    dir: &str,
    base_rev: &str,
    head: Head<'_>,
    author: Option<Author>,
) -> Result<Review, LoadError> {
    review_judged_by(repo, dir, base_rev, head, author, None, None)
}

/// A change from `base_rev` to `head`, judged by the policy, roles and logins at `authority`
/// (the base branch's tip) when it is another commit than the change's base: a branch cut
/// from an old commit is still judged by the rules it merges into. The base's facts for the
/// head's check are kept in `facts` (the history index's folder) when given.
pub fn review_judged_by(
    repo: &git2::Repository,
    dir: &str,
    base_rev: &str,
    head: Head<'_>,
    author: Option<Author>,
    authority: Option<&str>,
    facts: Option<&Path>,
) -> Result<Review, LoadError> {
    let judge = Judge {
        authority,
        facts,
        author,
    };
    review_beside(repo, dir, base_rev, head, judge, NOTHING_BESIDE).map(|(review, _)| review)
}

/// No work beside the review.
const NOTHING_BESIDE: Option<fn(&Snapshot, &ChangeSet)> = None;

/// Who judges a change, by whose rules, and with which kept facts: see [`review_judged_by`].
struct Judge<'a> {
    authority: Option<&'a str>,
    facts: Option<&'a Path>,
    author: Option<Author>,
}

/// [`review_judged_by`], with `beside` given the base and the change set as soon as they are
/// read, on a thread of its own while the head is checked against the base's facts, when that
/// check is a small one. `None`: `beside` did not run, and is the caller's to run once `repo`
/// is let go (a whole read leaves its objects in the handle's cache).
fn review_beside<T: Send>(
    repo: &git2::Repository,
    dir: &str,
    base_rev: &str,
    head: Head<'_>,
    judge: Judge<'_>,
    beside: Option<impl FnOnce(&Snapshot, &ChangeSet) -> T + Send>,
) -> Result<(Review, Option<T>), LoadError> {
    let Judge {
        authority,
        facts,
        author,
    } = judge;
    let base_tree = open_rev(repo, base_rev, dir)?;
    let author = author.or_else(|| match head {
        Head::Revision(rev) => commit_author(repo, rev),
        Head::WorkTree(_) => None,
    });
    let (base, head_snapshot, changed, changes, read_everything, head_check, aside) = match head {
        Head::Revision(head_rev) => {
            let head_tree = open_rev(repo, head_rev, dir)?;
            let kept = head::Kept::new(&base_tree, facts);
            let (base, mut head, changed, everything, files) =
                load_revisions(&base_tree, &head_tree, author.as_ref(), &kept)?;
            let changes = changes_between(&base, &head, &changed);
            // Read in part, the head is checked against the base's facts; when that check is
            // small, `beside` runs on a thread of its own meanwhile.
            let mut check_head = || {
                (!everything)
                    .then(|| head::check_quoted(repo, &head_tree, &files, &kept, &mut head))
                    .transpose()
            };
            let (head_check, aside) = if let Some(beside) = beside
                && !everything
                && head::small_check(&files, &kept)?
            {
                std::thread::scope(|scope| {
                    let aside = scope.spawn(|| beside(&base, &changes));
                    let head_check = check_head();
                    let aside = aside
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                    (head_check, Some(aside))
                })
            } else {
                (check_head(), None)
            };
            (base, head, changed, changes, everything, head_check?, aside)
        }
        Head::WorkTree(path) => {
            let head = load_dir(path, dir.trim_matches('/'))?;
            let base = base_tree.load()?;
            let changed = changed_sources(&base, &head);
            let changes = changes_between(&base, &head, &changed);
            (base, head, changed, changes, true, None, None)
        }
    };
    let authority = match authority {
        Some(rev) if !same_commit(repo, rev, base_rev) => {
            let tree = open_rev(repo, rev, dir)?;
            Some(authority_for(&tree, &changes)?)
        }
        _ => None,
    };
    let review = judged(
        authority.as_ref(),
        base,
        head_snapshot,
        changes,
        &changed,
        read_everything,
        author,
        head_check,
    );
    Ok((review, aside))
}

/// The change set between two snapshots, each change priced where the head has pay bands.
fn changes_between(base: &Snapshot, head: &Snapshot, changed: &BTreeSet<String>) -> ChangeSet {
    let mut changes = diff_snapshots(base, head, changed);
    crate::pricing::price(base, head, changed, &mut changes);
    changes
}

fn same_commit(repo: &git2::Repository, a: &str, b: &str) -> bool {
    let id = |rev: &str| {
        repo.revparse_single(rev)
            .and_then(|object| object.peel_to_commit())
            .map(|commit| commit.id())
            .ok()
    };
    id(a).is_some_and(|a| Some(a) == id(b))
}

/// What the judging revision must hold to resolve a change's approvers: its framework and teams,
/// the placements of the teammates changed, and the lead lines above them and above the leads
/// the change names.
fn authority_for(tree: &RevisionTree<'_>, changes: &ChangeSet) -> Result<Snapshot, LoadError> {
    let root = format!("{}/", tree.root());
    let mut files = Vec::new();
    let mut leads = Vec::new();
    for change in &changes.people {
        let rel = change.file.strip_prefix(&root).unwrap_or(&change.file);
        match tree.blob(rel) {
            Some(blob) => files.push((rel.to_string(), blob)),
            // Moved, or not on the base branch at all: found by id, if anywhere.
            None => leads.push(change.id.clone()),
        }
        leads.extend(
            change
                .base
                .iter()
                .chain(&change.head)
                .filter_map(|placement| placement.lead_id().map(|lead| lead.value.clone())),
        );
    }
    with_lead_lines(tree, files, leads, None)
}

/// Whether and how a review adds the pace figures.
#[derive(Debug, Clone)]
pub struct PaceRequest {
    /// The history index's folder, when one is kept.
    pub index: Option<std::path::PathBuf>,
    /// Leave pace out when the change touches no file under the folder.
    pub unless_untouched: bool,
}

/// A change under review with its pace: the review (judged by `authority` when given), and the
/// pace figures from the judging branch's history dated at the head commit (today for the work
/// tree), worked out through a handle of their own: while the head is checked when that check
/// is small, else after the review. What `ladder diff` and `ladder ci` both run. Returns the
/// review and the history's notes.
#[expect(
    clippy::too_many_arguments,
    reason = "what `ladder diff` and `ladder ci` both pass: a change, its judge and its caches"
)]
pub fn review_with_pace(
    repo: git2::Repository,
    dir: &str,
    base_rev: &str,
    head: Head<'_>,
    author: Option<Author>,
    authority: Option<&str>,
    pace: Option<&PaceRequest>,
    facts: Option<&Path>,
) -> Result<(Review, Vec<String>), LoadError> {
    let judge = Judge {
        authority,
        facts,
        author,
    };
    let Some(pace) = pace else {
        return review_beside(&repo, dir, base_rev, head, judge, NOTHING_BESIDE)
            .map(|(review, _)| (review, Vec::new()));
    };
    let as_of = match head {
        Head::Revision(rev) => crate::history::commit_date(&repo, rev),
        Head::WorkTree(_) => None,
    }
    .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
    let path = repo.path().to_path_buf();
    // The pace needs only the base and the change set: it is worked out on a handle of its
    // own while the head is checked.
    let work_out = |base: &Snapshot, changes: &ChangeSet| {
        if pace.unless_untouched && changes.files.is_empty() {
            return Ok(None);
        }
        let repo = crate::repository::open(&path)?;
        let judging = authority.unwrap_or(base_rev);
        let index = pace.index.as_deref();
        pace::pace_of(base, changes, &repo, judging, dir, as_of, index).map(Some)
    };
    let (mut review, paced) = review_beside(&repo, dir, base_rev, head, judge, Some(work_out))?;
    let paced = match paced {
        Some(paced) => paced,
        None => {
            drop(repo);
            work_out(&review.base, &review.changes)
        }
    };
    let notes = match paced? {
        Some(paced) => paced.add_to(&mut review),
        None => Vec::new(),
    };
    Ok((review, notes))
}

/// A change between two snapshots already read in full, every file compared: what the fuzzers
/// feed with arbitrary trees.
pub fn review_snapshots(base: Snapshot, head: Snapshot, author: Option<Author>) -> Review {
    let changed = changed_sources(&base, &head);
    let changes = changes_between(&base, &head, &changed);
    judged(None, base, head, changes, &changed, true, author, None)
}

#[expect(
    clippy::too_many_arguments,
    reason = "a change under review, seen from every side"
)]
fn judged(
    authority: Option<&Snapshot>,
    base: Snapshot,
    head: Snapshot,
    changes: ChangeSet,
    changed: &BTreeSet<String>,
    read_everything: bool,
    author: Option<Author>,
    head_check: Option<Vec<Finding>>,
) -> Review {
    let judgement = judge(
        authority.unwrap_or(&base),
        &base,
        &head,
        &changes,
        author.as_ref(),
    );
    let mut findings = judgement.findings;
    let mut notify = judgement.notify;
    if let Some(login) = author.as_ref().and_then(|author| author.login.as_deref()) {
        let login = login.trim_start_matches('@');
        for entry in &mut notify {
            entry.who.retain(|who| !who.eq_ignore_ascii_case(login));
        }
        notify.retain(|entry| !entry.who.is_empty() || entry.problem.is_some());
    }
    match head_check {
        Some(checked) => findings.extend(checked),
        None => findings.extend(head_findings(&head, changed)),
    }
    sort_findings(&mut findings);
    Review {
        base,
        head,
        changes,
        findings,
        approvals: judgement.approvals,
        notify,
        author,
        read_everything,
        pace: None,
    }
}

/// The head's validation findings: all of them when everything was read, else those in the
/// files the change touched. Errors a framework edit causes elsewhere are summed up in one.
fn head_findings(head: &Snapshot, changed: &BTreeSet<String>) -> Vec<Finding> {
    let findings = check_snapshot(head);
    let mut stranded: Vec<String> = Vec::new();
    let mut kept = Vec::new();
    for finding in findings {
        let file = finding
            .location
            .as_ref()
            .map(|location| location.file.as_str());
        let in_change = file.is_none_or(|file| changed.contains(file));
        let strands =
            !in_change && finding.severity == Severity::Error && STRANDING.contains(&finding.code);
        if strands
            && let Some(person) =
                file.and_then(|file| head.people.iter().find(|person| person.file == file))
        {
            stranded.push(person.id.clone());
        }
        if head.complete || in_change {
            kept.push(finding);
        }
    }
    if !stranded.is_empty() {
        stranded.sort();
        stranded.dedup();
        let framework_file = head.framework.as_ref().map_or_else(
            || format!("{}/framework.yml", head.root),
            |framework| framework.file.clone(),
        );
        kept.push(
            Finding::error(
                "framework-strands",
                format!(
                    "this framework edit leaves {} without a valid position: {}",
                    crate::finding::plural(stranded.len(), "teammate"),
                    stranded.join(", ")
                ),
            )
            .at(&framework_file, crate::Pos::TOP)
            .help("move them to a position that exists in the same change, or keep their level"),
        );
    }
    kept
}

/// Files whose text differs between two fully read snapshots.
fn changed_sources(base: &Snapshot, head: &Snapshot) -> BTreeSet<String> {
    let before: HashMap<&str, &str> = base.sources().collect();
    let after: HashMap<&str, &str> = head.sources().collect();
    let mut changed: BTreeSet<String> = BTreeSet::new();
    for (file, text) in &after {
        if before.get(file) != Some(text) {
            changed.insert((*file).to_string());
        }
    }
    for file in before.keys() {
        if !after.contains_key(file) {
            changed.insert((*file).to_string());
        }
    }
    for (_, file) in base.roster.iter().chain(&head.roster) {
        let in_base = base.roster.iter().any(|(_, known)| known == file);
        let in_head = head.roster.iter().any(|(_, known)| known == file);
        if in_base != in_head {
            changed.insert(file.clone());
        }
    }
    changed
}

/// The head commit's author, to check self-promotion when no login is given.
fn commit_author(repo: &git2::Repository, rev: &str) -> Option<Author> {
    let commit = repo.revparse_single(rev).ok()?.peel_to_commit().ok()?;
    let author = commit.author();
    Some(Author {
        login: None,
        email: author.email().ok().map(str::to_string),
        name: author.name().ok().map(str::to_string),
    })
}
