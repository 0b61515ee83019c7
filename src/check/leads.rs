//! Placements against the policy's rules for leads (`policy.leads`): the lowest level a lead may
//! hold, and a lead above each report. Levels on one track compare by number, across tracks by
//! grade; where two tracks share no grade nothing is judged, and one notice at the rule says so
//! rather than a rule that silently passes. The rules' own values are judged with the framework.

use std::cmp::Ordering;

use crate::finding::Finding;
use crate::framework::{Framework, LevelRef, MinLevel, Track};
use crate::placement::Placement;
use crate::snapshot::{Entry, Snapshot};

/// At most this many pairs are named in the notice about levels that do not compare.
const NAMED: usize = 3;

/// Where a teammate stands, for comparing with another.
struct Rank<'a> {
    track: &'a Track,
    level: u32,
    grade: Option<u32>,
}

impl Rank<'_> {
    fn of<'a>(framework: &'a Framework, placement: &Placement) -> Option<Rank<'a>> {
        let track = framework.track(&placement.track)?;
        let level = *track.find(&placement.level)?.level;
        Some(Rank {
            track,
            level,
            grade: framework.grade_of(Some(track), level),
        })
    }

    /// "IC4"; "M1 (grade 5)" when grades decide.
    fn words(&self, by_grade: bool) -> String {
        match (by_grade, self.grade) {
            (true, Some(grade)) => format!("{} (grade {grade})", self.track.label(self.level)),
            _ => self.track.label(self.level),
        }
    }

    /// On one track by number, across tracks by grade; `None` when the tracks share none.
    fn compare(&self, other: &Rank) -> Option<Ordering> {
        if self.track.id.value == other.track.id.value {
            return Some(self.level.cmp(&other.level));
        }
        Some(self.grade?.cmp(&other.grade?))
    }
}

/// What `min_level` says of one lead.
enum Minimum {
    /// No minimum on the lead's track.
    None,
    Judged {
        below: bool,
        minimum: String,
        by_grade: bool,
    },
    /// The minimum is a level of another track that shares no grade with the lead's.
    Unjudged,
}

fn minimum(framework: &Framework, rule: &MinLevel, lead: &Rank) -> Minimum {
    let judged = |ordering: Ordering, minimum: String, by_grade: bool| Minimum::Judged {
        below: ordering == Ordering::Less,
        minimum,
        by_grade,
    };
    match rule {
        MinLevel::PerTrack(levels) => {
            let Some(level) = levels
                .get(&*lead.track.id)
                .and_then(|level| lead.track.find(level))
            else {
                return Minimum::None;
            };
            judged(
                lead.level.cmp(&level.level),
                lead.track.label(*level.level),
                false,
            )
        }
        MinLevel::One(LevelRef::Number(number)) => match lead.grade {
            Some(grade) => judged(grade.cmp(number), format!("grade {number}"), true),
            None => judged(lead.level.cmp(number), lead.track.label(*number), false),
        },
        MinLevel::One(LevelRef::Id(id)) => {
            let Some((track, level)) = framework.find(id) else {
                return Minimum::None;
            };
            let floor = Rank {
                track,
                level: *level.level,
                grade: framework.grade_of(Some(track), *level.level),
            };
            let by_grade = track.id.value != lead.track.id.value;
            match lead.compare(&floor) {
                Some(ordering) => judged(ordering, floor.words(by_grade), by_grade),
                None => Minimum::Unjudged,
            }
        }
    }
}

/// The findings of `policy.leads` on the lead tree.
pub(super) fn check(
    snapshot: &Snapshot,
    framework: &Entry<Framework>,
    findings: &mut Vec<Finding>,
) {
    let rules = &framework.value.policy.leads;
    let above = rules.above_reports.as_ref().filter(|above| above.value);
    if rules.min_level.is_none() && above.is_none() {
        return;
    }
    let framework_file = &framework.file;
    let framework = &framework.value;
    // Each lead with their reports, in the order of the files.
    let mut teams: Vec<(&Entry<Placement>, Vec<&Entry<Placement>>)> = Vec::new();
    for report in &snapshot.people {
        let Some(lead) = report.value.lead_id() else {
            continue;
        };
        let Some(lead) = snapshot.person(lead).filter(|lead| lead.id != report.id) else {
            continue;
        };
        match teams.iter_mut().find(|(known, _)| known.id == lead.id) {
            Some((_, reports)) => reports.push(report),
            None => teams.push((lead, vec![report])),
        }
    }
    teams.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    let mut unjudged_minimum: Vec<String> = Vec::new();
    let mut unjudged_pairs: Vec<String> = Vec::new();
    for (lead, reports) in &teams {
        let Some(rank) = Rank::of(framework, &lead.value) else {
            continue;
        };
        if let Some(rule) = &rules.min_level {
            match minimum(framework, &rule.value, &rank) {
                Minimum::Judged {
                    below: true,
                    minimum,
                    by_grade,
                } => findings.push(below_minimum(lead, reports, &rank, &minimum, by_grade)),
                Minimum::Unjudged => {
                    unjudged_minimum.push(format!("{} ({})", lead.id, *rank.track.id));
                }
                _ => {}
            }
        }
        if above.is_none() {
            continue;
        }
        for report in reports {
            let Some(theirs) = Rank::of(framework, &report.value) else {
                continue;
            };
            match rank.compare(&theirs) {
                Some(Ordering::Greater) => {}
                Some(_) => findings.push(not_above(lead, report, &rank, &theirs)),
                None => unjudged_pairs.push(format!(
                    "{} ({}) and {} ({})",
                    lead.id, *rank.track.id, report.id, *theirs.track.id
                )),
            }
        }
    }
    if let Some(rule) = &rules.min_level
        && !unjudged_minimum.is_empty()
    {
        findings.push(
            Finding::notice(
                "lead-rule-unjudged",
                format!(
                    "`min_level: {}` cannot judge {} on a track that shares no grade with it: {}",
                    rule.value,
                    count(unjudged_minimum.len(), "lead"),
                    named(&unjudged_minimum)
                ),
            )
            .at(framework_file, rule.pos)
            .help("give the levels a `grade` (or use `scale: shared`), or write a level per track such as `{maker: IC4, manager: M1}`"),
        );
    }
    if let Some(rule) = above
        && !unjudged_pairs.is_empty()
    {
        findings.push(
            Finding::notice(
                "lead-rule-unjudged",
                format!(
                    "`above_reports` cannot compare {} on tracks that share no grade: {}",
                    count(unjudged_pairs.len(), "pair of lead and report"),
                    named(&unjudged_pairs)
                ),
            )
            .at(framework_file, rule.pos)
            .help("give the levels a `grade` (or use `scale: shared`) so levels compare across tracks"),
        );
    }
}

fn below_minimum(
    lead: &Entry<Placement>,
    reports: &[&Entry<Placement>],
    rank: &Rank,
    minimum: &str,
    by_grade: bool,
) -> Finding {
    let names: Vec<String> = reports.iter().map(|report| report.id.clone()).collect();
    Finding::error(
        "lead-below-minimum",
        format!(
            "`{}` leads {} ({}) but is at {}, below {minimum}, the lowest level a lead may hold",
            lead.id,
            count(reports.len(), "teammate"),
            named(&names),
            rank.words(by_grade)
        ),
    )
    .at(&lead.file, lead.value.level.pos)
    .help(format!(
        "level `{}` up to {minimum} or above, or give their reports a lead who holds it (policy.leads.min_level)",
        lead.id
    ))
}

fn not_above(
    lead: &Entry<Placement>,
    report: &Entry<Placement>,
    rank: &Rank,
    theirs: &Rank,
) -> Finding {
    let by_grade = rank.track.id.value != theirs.track.id.value;
    let pos = report
        .value
        .lead_id()
        .map_or(crate::Pos::TOP, |lead| lead.pos);
    Finding::error(
        "lead-not-above-report",
        format!(
            "`{}` leads `{}` but is at {}, not above {}'s {}: a lead's level is above their reports'",
            lead.id,
            report.id,
            rank.words(by_grade),
            report.id,
            theirs.words(by_grade)
        ),
    )
    .at(&report.file, pos)
    .help(format!(
        "give `{}` a lead above {}, or level `{}` up (policy.leads.above_reports)",
        report.id,
        theirs.words(by_grade),
        lead.id
    ))
}

fn count(number: usize, noun: &str) -> String {
    match (number, noun.split_once(' ')) {
        (1, _) => format!("1 {noun}"),
        (_, Some((first, rest))) => format!("{number} {first}s {rest}"),
        (_, None) => format!("{number} {noun}s"),
    }
}

/// The first few names, and how many more.
fn named(names: &[String]) -> String {
    let mut text = names
        .iter()
        .take(NAMED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > NAMED {
        text.push_str(&format!(" and {} more", names.len() - NAMED));
    }
    text
}
