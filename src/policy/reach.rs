//! Whether every change the policy knows could be approved for every teammate on a tree: a role
//! that falls to the teammate themselves, or to their lead when the lead opens the pull request
//! (as leads do), with no `fallback` or `owners` to stand in, makes a change no one can ever
//! merge. `ladder check` says so before the first such pull request is opened.

use std::collections::{BTreeMap, HashSet};

use super::approvals::Judging;
use crate::Pos;
use crate::diff::PersonChange;
use crate::finding::Finding;
use crate::framework::{Policy, ROLES};
use crate::snapshot::Snapshot;

/// The policy keys a change to an existing teammate is judged by.
const KEYS: [&str; 11] = [
    "departure",
    "level",
    "step",
    "track",
    "team",
    "lead",
    "role",
    "identity",
    "location",
    "assessment",
    "details",
];

/// The promotions a lead opens for their own people.
const OPENED_BY_LEADS: [&str; 2] = ["level", "step"];

/// One approver entry that a change to one teammate could never get past: the entry, where it
/// stands, the policy key, and whether the change is one their lead opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strand {
    pub by_lead: bool,
    pub approver: String,
    pub pos: Pos,
    pub key: String,
}

/// One finding per policy entry and case, naming the first teammates it strands.
pub fn unapprovable(snapshot: &Snapshot) -> Vec<Finding> {
    let Some(framework) = snapshot.framework.as_ref() else {
        return Vec::new();
    };
    use rayon::prelude::*;
    // Each teammate's strands are their own: worked out on every core, kept in their order.
    let strands: Vec<(String, Vec<Strand>)> = snapshot
        .people
        .par_iter()
        .map(|entry| (stranded_who(entry), strands(snapshot, entry)))
        .collect();
    unapprovable_of(
        &framework.file,
        strands
            .iter()
            .map(|(who, strands)| (who.as_str(), strands.as_slice())),
    )
}

/// How a stranded teammate is named: `Name (id)`.
pub fn stranded_who(entry: &crate::snapshot::Entry<crate::placement::Placement>) -> String {
    format!("{} ({})", entry.value.name.value, entry.id)
}

/// The entries that strand one teammate of the snapshot, in the order they are met. It reads
/// the teammate, their lead and lead's lead, and their director: a partial snapshot holding
/// those gives what the whole tree would.
pub fn strands(
    snapshot: &Snapshot,
    entry: &crate::snapshot::Entry<crate::placement::Placement>,
) -> Vec<Strand> {
    let Some(framework) = snapshot.framework.as_ref() else {
        return Vec::new();
    };
    let policy: &Policy = &framework.value.policy;
    let mut found = Vec::new();
    let placement = &entry.value;
    let change = PersonChange {
        id: entry.id.clone(),
        name: placement.name.value.clone(),
        file: entry.file.clone(),
        before: None,
        after: None,
        kinds: Vec::new(),
        pay: None,
        base: Some(placement.clone()),
        head: Some(placement.clone()),
    };
    let lead_login = placement
        .lead_id()
        .and_then(|lead| snapshot.person(&lead.value))
        .and_then(|lead| lead.value.github.as_ref())
        .map(|login| login.value.trim_start_matches('@').to_ascii_lowercase());
    for key in KEYS {
        let opened_by_lead = OPENED_BY_LEADS.contains(&key);
        let authors = [None, lead_login.clone().filter(|_| opened_by_lead)];
        for (by_lead, author) in authors.into_iter().enumerate() {
            if by_lead == 1 && author.is_none() {
                continue;
            }
            let judging = Judging {
                authority: snapshot,
                policy,
                author_logins: author.into_iter().collect(),
            };
            let entries = judging.entries(key);
            let description = format!("{key} change");
            for approver in &entries {
                let approval = judging.resolve(&description, key, approver, Some(&change));
                if approval.blocked {
                    found.push(Strand {
                        by_lead: by_lead == 1,
                        approver: approver.value.clone(),
                        pos: approver.pos,
                        key: key.to_string(),
                    });
                }
            }
        }
    }
    found
}

/// The findings of [`unapprovable`] from each teammate's strands, in the order of the people.
pub fn unapprovable_of<'a>(
    framework_file: &str,
    people: impl Iterator<Item = (&'a str, &'a [Strand])>,
) -> Vec<Finding> {
    // Per case and approver entry: where the entry stands, the keys it strands, and whom.
    // Whom it strands, in order and as a set: thousands can be stranded at once.
    type Stranded<'a> = (Pos, Vec<&'a str>, Vec<&'a str>, HashSet<&'a str>);
    let mut stranded: BTreeMap<(bool, &str), Stranded> = BTreeMap::new();
    for (who, strands) in people {
        for strand in strands {
            let slot = stranded
                .entry((strand.by_lead, strand.approver.as_str()))
                .or_insert_with(|| (strand.pos, Vec::new(), Vec::new(), HashSet::new()));
            if !slot.1.contains(&strand.key.as_str()) {
                slot.1.push(&strand.key);
            }
            if slot.3.insert(who) {
                slot.2.push(who);
            }
        }
    }
    stranded
        .into_iter()
        .map(|((by_lead, approver), (pos, keys, people, _))| {
            let shown: Vec<&str> = people.iter().take(3).copied().collect();
            let more = people.len().saturating_sub(shown.len());
            let mut names = shown.join(", ");
            if more > 0 {
                names.push_str(&format!(" and {more} more"));
            }
            let kinds = match keys.as_slice() {
                [one] => format!("{one} change"),
                [first @ .., last] => format!("{} or {last} change", first.join(", ")),
                [] => "change".to_string(),
            };
            let role = ROLES.contains(&approver);
            let help = if role {
                "add `fallback: [your-org/people]` (or `owners`) to the policy: they approve when a role falls to the person changed or to the change's author".to_string()
            } else {
                format!(
                    "name a team (`org/team`) or a role instead of `{approver}`: a login named on purpose has no stand-in"
                )
            };
            let finding = if by_lead {
                let what = if role {
                    format!("`{approver}` falls to that lead")
                } else {
                    format!("only `{approver}` can approve it")
                };
                Finding::warning(
                    "unapprovable-by-lead",
                    format!(
                        "{names}: a {kinds} opened by their lead can never be approved: {what}, and nobody approves their own pull request"
                    ),
                )
            } else {
                let what = if role {
                    format!("`{approver}` falls to the teammate themselves")
                } else {
                    format!("only `{approver}` can approve it, and that is the teammate themselves")
                };
                Finding::error(
                    "unapprovable",
                    format!("{names}: a {kinds} could never be approved: {what}"),
                )
            };
            finding.at(framework_file, pos).help(help)
        })
        .collect()
}
