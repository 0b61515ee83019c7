//! The story played over the branch: each dated change applied to what the branch holds, one
//! planned commit per date, and a field changed in ladder since the last import left as it is
//! and reported. It must not touch the repository; it only plans commits in memory.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::Pos;
use crate::finding::Finding;
use crate::framework::Framework;

use super::fields::{Field, Fields, Kept, placement_text};
use super::message::message;
use super::timeline::Step;
use super::{Held, Planned};

/// Plays the changes in date order over the HR state and the branch's placements.
pub(super) struct Replay<'a> {
    pub(super) framework: &'a Framework,
    pub(super) source: &'a str,
    pub(super) dir: &'a str,
    /// Only changes after this date are written (the last imported one).
    pub(super) gate: Option<jiff::civil::Date>,
}

impl Replay<'_> {
    pub(super) fn run(
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
