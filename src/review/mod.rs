//! A change under review: the base and head snapshots read from git (the head may be the work
//! tree), the change set between them, the base policy's judgement, and whether the head is still
//! valid. Between two revisions only the files the change touches are read, plus the framework,
//! the teams and the lead lines above each changed teammate, so the cost follows the change.

mod head;
mod read;

pub use head::{check_head, facts_path};

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::check::check_snapshot;
use crate::diff::ChangeKind;
use crate::diff::{ChangeSet, diff_snapshots};
use crate::finding::{Finding, Severity, sort_findings};
use crate::history::{Event, History, change_events, read_history_with};
use crate::pace::{Alarm, PaceReport, Settings, Shape};
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
    let base_tree = open_rev(repo, base_rev, dir)?;
    let author = author.or_else(|| match head {
        Head::Revision(rev) => commit_author(repo, rev),
        Head::WorkTree(_) => None,
    });
    let (base, head_snapshot, changed, read_everything, head_check) = match head {
        Head::Revision(head_rev) => {
            let head_tree = open_rev(repo, head_rev, dir)?;
            let kept = head::Kept::new(&base_tree, facts);
            let (base, mut head, changed, everything, files) =
                load_revisions(&base_tree, &head_tree, author.as_ref(), &kept)?;
            // Read in part, the head is checked against the base's facts.
            let head_check = (!everything)
                .then(|| head::check_quoted(repo, &head_tree, &files, &kept, &mut head))
                .transpose()?;
            (base, head, changed, everything, head_check)
        }
        Head::WorkTree(path) => {
            let head = load_dir(path, dir.trim_matches('/'))?;
            let base = base_tree.load()?;
            let changed = changed_sources(&base, &head);
            (base, head, changed, true, None)
        }
    };
    let changes = changes_between(&base, &head_snapshot, &changed);
    let authority = match authority {
        Some(rev) if !same_commit(repo, rev, base_rev) => {
            let tree = open_rev(repo, rev, dir)?;
            Some(authority_for(&tree, &changes)?)
        }
        _ => None,
    };
    Ok(judged(
        authority.as_ref(),
        base,
        head_snapshot,
        changes,
        &changed,
        read_everything,
        author,
        head_check,
    ))
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

/// A change under review with its pace: the review (judged by `authority` when given), dated at
/// the head commit (today for the work tree), then the pace figures from the judging branch's
/// history through a fresh handle. What `ladder diff` and `ladder ci` both run. Returns the
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
    let mut review =
        review_judged_by(&repo, dir, base_rev, head.clone(), author, authority, facts)?;
    let Some(pace) = pace else {
        return Ok((review, Vec::new()));
    };
    if pace.unless_untouched && review.changes.files.is_empty() {
        return Ok((review, Vec::new()));
    }
    let as_of = match head {
        Head::Revision(rev) => crate::history::commit_date(&repo, rev),
        Head::WorkTree(_) => None,
    }
    .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
    let repo = crate::repository::reopen(repo)?;
    let notes = add_pace(
        &mut review,
        &repo,
        authority.unwrap_or(base_rev),
        dir,
        as_of,
        pace.index.as_deref(),
    )?;
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

/// Adds the pace figures of every lead the change touches, before and after it, from the base
/// branch's history with the change's events dated `as_of`; and flags single changes that come
/// sooner than the framework's typical time.
pub fn add_pace(
    review: &mut Review,
    repo: &git2::Repository,
    base_rev: &str,
    dir: &str,
    as_of: jiff::civil::Date,
    index: Option<&Path>,
) -> Result<Vec<String>, LoadError> {
    let history = read_history_with(repo, base_rev, dir, index, &mut |_, _| {})?;
    let notes = history.notes.clone();
    // Rates from part of the history would be wrong without looking wrong: say so instead.
    if let Some(missing) = &history.shallow {
        review.findings.push(Finding::warning(
            "pace-unavailable",
            format!("pace is not computed: {missing}"),
        ));
        sort_findings(&mut review.findings);
        return Ok(notes);
    }
    let framework = review
        .base
        .framework
        .as_ref()
        .map(|framework| &framework.value);
    let settings = Settings::of(&framework.map(|f| f.policy.pace.clone()).unwrap_or_default());
    let shape = Shape::of(framework);
    let added = change_events(&review.changes, as_of);
    let base_events: Vec<&Event> = history.events.iter().collect();
    let mut leads: Vec<String> = review
        .changes
        .people
        .iter()
        .flat_map(|change| change.before.iter().chain(change.after.iter()))
        .filter_map(|position| position.lead.as_deref().map(str::to_string))
        .collect();
    leads.sort();
    leads.dedup();
    let touched = crate::pace::Detail::Only(&leads);
    let window = crate::pace::window_on(&base_events, as_of, &settings);
    let added_refs: Vec<&Event> = added.iter().collect();
    let watch = |verdict: &PaceReport| {
        crate::pace::alarm::watching(&base_events, verdict, window, as_of, &shape)
    };
    // One pass over the history per measure gives the standing verdict and the figures with and
    // without the change; where it cannot, each is a pass of its own, on both cores.
    let figures =
        crate::pace::around_change(&base_events, &added_refs, as_of, &settings, &shape, touched);
    let ((verdict, watch), (before_now, after_now)) = match figures {
        Some((verdict, before, after)) => {
            let watch = watch(&verdict);
            ((verdict, watch), (before, after))
        }
        None => {
            let with_change: Vec<&Event> = history.events.iter().chain(&added).collect();
            rayon::join(
                || {
                    let review = settings.standing_review(as_of);
                    let verdict =
                        crate::pace::verdict(&base_events, review, &settings, &shape, touched);
                    let watch = watch(&verdict);
                    (verdict, watch)
                },
                || {
                    let memo = crate::pace::variation::Memo::default();
                    let now = |events: &[&Event]| {
                        let memo = Some(&memo);
                        crate::pace::evaluate_sharing(
                            events, as_of, &settings, &shape, None, touched, memo,
                        )
                    };
                    rayon::join(|| now(&base_events), || now(&with_change))
                },
            )
        }
    };
    debug_assert_eq!(window, before_now.window);
    // The change's moves come after everything on the base branch: feed them to a copy.
    let mut with_moves = watch.clone();
    for event in &added {
        with_moves.feed(event, &shape, "");
    }
    let alarm_before = watch.finish(verdict.date);
    let alarm_after = with_moves.finish(verdict.date);
    let (mut verdict, mut before_now, mut after_now) = (verdict, before_now, after_now);
    verdict.mark_alarms(&alarm_before);
    before_now.mark_alarms(&alarm_before);
    after_now.mark_alarms(&alarm_after);
    let name = |id: &str| {
        review
            .base
            .person(id)
            .or_else(|| review.head.person(id))
            .map_or_else(String::new, |person| person.value.name.value.clone())
    };
    let mut sentences = Vec::new();
    for lead in &leads {
        for now in after_now.of_lead(lead) {
            // A measure nobody moves on has nothing to say about this lead.
            if !now.tested && now.moves == 0 && now.expected == 0.0 {
                continue;
            }
            let base = before_now.lead(lead, now.measure);
            let mut sentence = crate::pace::words::figures(&after_now, now, &name(lead));
            let added = now.moves - base.map_or(0, |base| base.moves);
            if added > 0 {
                sentence.push_str(&format!(" This change adds {added}."));
            }
            if let Some(base) = base.filter(|base| base.tested || now.tested) {
                sentence.push_str(&format!(
                    " On the base branch: {} of {} expected.",
                    base.moves,
                    crate::pace::number(base.expected)
                ));
            }
            let standing = verdict.lead(lead, now.measure);
            if let Some(text) =
                standing.and_then(|result| crate::pace::words::verdict(&verdict, result))
            {
                sentence.push(' ');
                sentence.push_str(&text);
            }
            // A flag is said once, as a finding: the words first, the figures after.
            if standing.is_some_and(crate::pace::LeadResult::flagged) {
                let headline =
                    crate::pace::words::headline(now, &name(lead), crate::pace::Unit::Lead);
                let figures = sentence
                    .split_once(": ")
                    .map_or(sentence.as_str(), |(_, figures)| figures);
                review.findings.push(Finding::warning(
                    "pace",
                    format!("{headline} The figures: {figures}"),
                ));
            } else {
                sentences.push(sentence);
            }
        }
        let who = match name(lead) {
            named if !named.is_empty() && named != *lead => format!("{named} ({lead})"),
            _ => lead.clone(),
        };
        let was = alarm_before
            .lead(lead)
            .and_then(|alarm| alarm.raised().cloned());
        let is = alarm_after
            .lead(lead)
            .and_then(|alarm| alarm.raised().cloned());
        let mut sentence = format!(
            "{who}: {}",
            crate::pace::words::alarm(&alarm_after, alarm_after.lead(lead))
        );
        match (&was, &is) {
            (None, Some(raised)) => {
                sentence.push_str(&format!(
                    " This change's own moves take the lead over the threshold ({} than their share).",
                    raised.direction.word()
                ));
                review
                    .findings
                    .push(Finding::warning("pace-alarm", sentence));
            }
            (Some(_), _) => {
                sentence.push_str(" The alarm stood on the base branch before this change.");
                review
                    .findings
                    .push(Finding::warning("pace-alarm", sentence));
            }
            (None, None) => sentences.push(sentence),
        }
    }
    review
        .findings
        .extend(sooner_than_typical(review, &history, as_of));
    sort_findings(&mut review.findings);
    review.pace = Some(ChangePace {
        as_of,
        months: settings.window,
        review: verdict,
        before: before_now,
        after: after_now,
        alarm_before,
        alarm_after,
        leads,
        sentences,
    });
    // Freeing millions of events took a tenth of the check at 200,000 commits; nothing needs to
    // wait for it. Where no thread can be had, the closure and the history go here.
    let _ = std::thread::Builder::new().spawn(move || drop(history));
    Ok(notes)
}

/// Level changes that come before the framework's typical time at the level being left.
fn sooner_than_typical(
    review: &Review,
    history: &History,
    as_of: jiff::civil::Date,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    // Teammates who arrive with the folder's first commit were imported, not hired: when they
    // reached their level is unknown unless their placement says `since`.
    let first_commit = history.events.first().map(|event| &event.landing.commit);
    for change in &review.changes.people {
        if !change.has(|kind| matches!(kind, ChangeKind::LevelUp { .. })) {
            continue;
        }
        let last_set = history
            .trail(&change.id)
            .rev()
            .find(|event| event.kind.sets_level());
        let imported = last_set.is_some_and(|event| {
            matches!(event.kind, ChangeKind::Hire)
                && !event.seeded
                && Some(&event.landing.commit) == first_commit
        });
        if imported {
            continue;
        }
        let Some(standing) = crate::history::standing(&review.base, history, &change.id, as_of)
        else {
            continue;
        };
        let (Some(months), Some(typical)) = (
            standing.months_in_level,
            standing
                .typical_months_to_next
                .and_then(|typical| typical.min_months()),
        ) else {
            continue;
        };
        if months < f64::from(typical) {
            let pos = change
                .head
                .as_ref()
                .map_or(crate::Pos::TOP, |placement| placement.level.pos);
            findings.push(
                Finding::notice(
                    "sooner-than-typical",
                    format!(
                        "{} ({}) moves up after {:.0} months at {} level {}; the framework's typical time there is {typical} months",
                        change.name, change.id, months.round(), standing.position.track, standing.position.level_label_words()
                    ),
                )
                .at(&change.file, pos)
                .help("fine when the case file shows why; calibration will ask"),
            );
        }
    }
    findings
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
