//! Whether every change the policy knows could be approved for every teammate on a tree: a role
//! that falls to the teammate themselves, or to their lead when the lead opens the pull request
//! (as leads do), with no `fallback` or `owners` to stand in, makes a change no one can ever
//! merge. `ladder check` says so before the first such pull request is opened.

use std::collections::BTreeMap;

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

/// One finding per policy entry and case, naming the first teammates it strands.
pub fn unapprovable(snapshot: &Snapshot) -> Vec<Finding> {
    let Some(framework) = snapshot.framework.as_ref() else {
        return Vec::new();
    };
    let policy: &Policy = &framework.value.policy;
    // Per case and approver entry: where the entry stands, the keys it strands, and whom.
    type Stranded = (Pos, Vec<&'static str>, Vec<String>);
    let mut stranded: BTreeMap<(bool, String), Stranded> = BTreeMap::new();
    for entry in &snapshot.people {
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
        let who = format!("{} ({})", change.name, change.id);
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
                    if !approval.blocked {
                        continue;
                    }
                    let slot = stranded
                        .entry((by_lead == 1, approver.value.clone()))
                        .or_insert_with(|| (approver.pos, Vec::new(), Vec::new()));
                    if !slot.1.contains(&key) {
                        slot.1.push(key);
                    }
                    if !slot.2.contains(&who) {
                        slot.2.push(who.clone());
                    }
                }
            }
        }
    }
    stranded
        .into_iter()
        .map(|((by_lead, approver), (pos, keys, people))| {
            let shown: Vec<&str> = people.iter().take(3).map(String::as_str).collect();
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
            let role = ROLES.contains(&approver.as_str());
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
            finding.at(&framework.file, pos).help(help)
        })
        .collect()
}
