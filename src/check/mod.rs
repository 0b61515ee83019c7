//! Validation of one snapshot: every reference between the framework, teams, placements and case
//! files, collected all at once as findings that point at the value that is wrong. Nothing here
//! stops at the first problem, and nothing here reads files.
//!
//! One module checks one kind of file, as `framework`, `teams`, `people`, `cases` and `pay`
//! (`leads` judges placements against the policy's rules for leads);
//! `shared` holds what they share. This file only calls them, in order, and sorts what they find.

mod cases;
mod facts;
mod follow;
mod framework;
mod leads;
mod pay;
mod people;
mod shared;
mod teams;

use serde::Serialize;

use crate::finding::{Finding, sort_findings};
use crate::snapshot::Snapshot;

pub use facts::{ChangedPerson, Facts, HeadPerson, Plan};
pub use shared::{ApproverKind, approver_kind, valid_login};

/// What a snapshot holds, for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub tracks: usize,
    pub levels: usize,
    pub teams: usize,
    pub teammates: usize,
    pub cases: usize,
}

impl Summary {
    pub fn of(snapshot: &Snapshot) -> Summary {
        let (tracks, levels) = snapshot.framework.as_ref().map_or((0, 0), |framework| {
            let framework = &framework.value;
            let levels = framework
                .tracks
                .iter()
                .map(|track| track.levels.len())
                .sum();
            (framework.tracks.len(), levels)
        });
        Summary {
            tracks,
            levels,
            teams: snapshot.teams.len(),
            teammates: snapshot.people.len(),
            cases: snapshot.cases.len(),
        }
    }
}

/// Every problem in the snapshot, sorted by file and line.
pub fn check_snapshot(snapshot: &Snapshot) -> Vec<Finding> {
    let mut findings = snapshot.problems.clone();
    if let Some(entry) = &snapshot.framework {
        framework::check(entry, &mut findings);
    }
    let framework = snapshot.framework.as_ref().map(|entry| &entry.value);
    for team in &snapshot.teams {
        teams::check(snapshot, framework, team, &mut findings);
    }
    people::check(snapshot, framework, &mut findings);
    if let Some(entry) = &snapshot.framework {
        leads::check(snapshot, entry, &mut findings);
    }
    if let Some(entry) = &snapshot.framework
        && snapshot.complete
    {
        framework::check_approver_logins(snapshot, entry, &mut findings);
        findings.extend(crate::policy::unapprovable(snapshot));
    }
    cases::check(snapshot, framework, &mut findings);
    pay::check(snapshot, &mut findings);
    sort_findings(&mut findings);
    findings
}
