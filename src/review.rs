//! A change under review: the base and head snapshots read from git (the head may be the work
//! tree), the change set between them, the base policy's judgement, and whether the head is still
//! valid. Between two revisions only the files the change touches are read, plus the framework,
//! the teams and the lead lines above each changed teammate, so the cost follows the change.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::check::check_snapshot;
use crate::diff::{ChangeSet, diff_snapshots};
use crate::finding::{Finding, Severity, sort_findings};
use crate::policy::{Approval, Author, judge};
use crate::snapshot::{LoadError, RevisionTree, Snapshot, load_dir, open_rev};

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
    pub author: Option<Author>,
    /// Whether every file was read (a framework edit, a hire, a departure) or only the change's.
    pub read_everything: bool,
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
    let base_tree = open_rev(repo, base_rev, dir)?;
    let author = author.or_else(|| match head {
        Head::Revision(rev) => commit_author(repo, rev),
        Head::WorkTree(_) => None,
    });
    let (base, head_snapshot, changed, read_everything) = match head {
        Head::Revision(head_rev) => {
            let head_tree = open_rev(repo, head_rev, dir)?;
            load_revisions(&base_tree, &head_tree, author.as_ref())
        }
        Head::WorkTree(path) => {
            let head = load_dir(path, dir.trim_matches('/'))?;
            let base = base_tree.load();
            let changed = changed_sources(&base, &head);
            (base, head, changed, true)
        }
    };
    let changes = diff_snapshots(&base, &head_snapshot, &changed);
    let judgement = judge(&base, &head_snapshot, &changes, author.as_ref());
    let mut findings = judgement.findings;
    findings.extend(head_findings(&head_snapshot, &changed));
    sort_findings(&mut findings);
    Ok(Review {
        base,
        head: head_snapshot,
        changes,
        findings,
        approvals: judgement.approvals,
        author,
        read_everything,
    })
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
                    crate::report::human::plural(stranded.len(), "teammate"),
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

fn display(root: &str, rel: &str) -> String {
    if root == "." {
        rel.to_string()
    } else {
        format!("{root}/{rel}")
    }
}

/// Reads what the change needs from two revisions: everything when the framework, a team, or the
/// set of teammates changed; otherwise the changed placements and the lead lines above them.
fn load_revisions(
    base: &RevisionTree,
    head: &RevisionTree,
    author: Option<&Author>,
) -> (Snapshot, Snapshot, BTreeSet<String>, bool) {
    let root = head.root().to_string();
    let before: HashMap<&str, Option<git2::Oid>> = base.blobs().collect();
    let after: HashMap<&str, Option<git2::Oid>> = head.blobs().collect();
    let mut changed_rel: BTreeSet<&str> = BTreeSet::new();
    for (rel, id) in &after {
        if before.get(rel) != Some(id) || id.is_none() {
            changed_rel.insert(rel);
        }
    }
    for rel in before.keys() {
        if !after.contains_key(rel) {
            changed_rel.insert(rel);
        }
    }
    let changed: BTreeSet<String> = changed_rel.iter().map(|rel| display(&root, rel)).collect();
    let everything = changed_rel.iter().any(|rel| {
        let is_person = rel.starts_with("people/");
        let added_or_removed = before.contains_key(rel) != after.contains_key(rel);
        !is_person && !rel.starts_with("cases/") || is_person && added_or_removed
    });
    if everything {
        return (base.load(), head.load(), changed, true);
    }
    let ids: BTreeSet<String> = head
        .person_paths()
        .filter(|(_, rel)| changed_rel.contains(rel))
        .map(|(id, _)| id)
        .collect();
    let base_snapshot = with_lead_lines(base, &ids, &changed_rel);
    let head_snapshot = with_lead_lines(head, &ids, &changed_rel);
    // A changed login, or an author outside the lead lines who might report to someone promoted,
    // needs every placement to judge.
    let login_changed = ids.iter().any(|id| {
        let login = |snapshot: &Snapshot| {
            snapshot
                .person(id)
                .and_then(|p| p.value.github.as_ref().map(|l| l.to_ascii_lowercase()))
        };
        login(&base_snapshot) != login(&head_snapshot)
    });
    let promotes =
        ids.iter().any(
            |id| match (base_snapshot.person(id), head_snapshot.person(id)) {
                (Some(before), Some(after)) => {
                    let (a, b) = (&before.value, &after.value);
                    *a.track != *b.track || (*b.level, *b.step) > (*a.level, *a.step)
                }
                _ => false,
            },
        );
    let author_unplaced = promotes
        && author.is_some_and(|author| {
            !base_snapshot
                .people
                .iter()
                .any(|person| author.is(&person.value))
        });
    if login_changed || author_unplaced {
        return (base.load(), head.load(), changed, true);
    }
    (base_snapshot, head_snapshot, changed, false)
}

/// Reads the given teammates, every lead above them, and their teams' directors.
fn with_lead_lines(
    tree: &RevisionTree,
    ids: &BTreeSet<String>,
    changed: &BTreeSet<&str>,
) -> Snapshot {
    let paths: HashMap<String, String> = tree
        .person_paths()
        .map(|(id, rel)| (id, rel.to_string()))
        .collect();
    let mut wanted: BTreeSet<String> = ids.clone();
    loop {
        let keep: BTreeSet<&str> = wanted
            .iter()
            .filter_map(|id| paths.get(id).map(String::as_str))
            .chain(changed.iter().copied())
            .collect();
        let snapshot = tree.load_only(|rel| keep.contains(rel));
        let mut more: Vec<String> = snapshot
            .people
            .iter()
            .filter_map(|person| person.value.lead_id().map(|lead| lead.value.clone()))
            .chain(
                snapshot
                    .teams
                    .iter()
                    .filter_map(|team| team.value.director.as_ref().map(|d| d.value.clone())),
            )
            .filter(|id| paths.contains_key(id) && !wanted.contains(id))
            .collect();
        if more.is_empty() {
            return snapshot;
        }
        more.sort();
        wanted.extend(more);
    }
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
