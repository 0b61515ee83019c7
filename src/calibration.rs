//! The packet for a quarterly calibration: per lead, where each report stands against the
//! typical time, what changed this quarter and the four before, the open case files and the
//! lead's pace verdict at the quarter's review; for the org, headcounts per track × level × step
//! and per team, and the quarter's promotions, steps, hires and departures.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diff::ChangeKind;
use std::collections::HashMap;

use crate::history::{Event, History, Pace, standing};
pub use crate::pace::Quarter;
use crate::pace::{Detail, PaceReport, Settings, Shape};
use crate::snapshot::Snapshot;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportLine {
    pub id: String,
    pub name: String,
    pub title: Option<String>,
    /// "maker level 3, step 2".
    pub position: String,
    pub months_in_level: Option<f64>,
    pub months_in_step: Option<f64>,
    /// The typical time to the next level, as words.
    pub typical: Option<String>,
    /// Time in level against the typical time.
    pub pace: Option<Pace>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeLine {
    pub date: jiff::civil::Date,
    pub quarter: String,
    pub person: String,
    pub name: String,
    pub kind: String,
    pub words: String,
    pub commit: String,
    pub pull_request: Option<u64>,
    /// A change in the work tree that no commit holds yet.
    pub uncommitted: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenCase {
    pub person: String,
    pub file: String,
    pub target: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeadPage {
    pub lead: String,
    pub name: String,
    pub reports: Vec<ReportLine>,
    /// This quarter's changes and the four quarters' before, newest first.
    pub changes: Vec<ChangeLine>,
    pub open_cases: Vec<OpenCase>,
    /// The lead's pace at the review, a sentence per measure.
    pub pace: Vec<String>,
    pub flagged: bool,
}

/// A team's or track's pace at the review, against the other teams or tracks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaPace {
    /// `team` or `track`.
    pub by: crate::pace::Unit,
    pub id: String,
    pub name: String,
    /// A sentence per measure.
    pub pace: Vec<String>,
    pub flagged: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Headcount {
    pub track: String,
    pub level: u32,
    pub step: u32,
    pub people: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Packet {
    pub quarter: String,
    pub first_day: jiff::civil::Date,
    pub last_day: jiff::civil::Date,
    pub as_of: jiff::civil::Date,
    /// The pace review the verdicts come from.
    pub review: Option<String>,
    pub leads: Vec<LeadPage>,
    /// Each team against the other teams and each track against the other tracks, for the
    /// whole packet only.
    pub areas: Vec<AreaPace>,
    pub headcount: Vec<Headcount>,
    pub per_team: BTreeMap<String, usize>,
    /// The quarter's changes by kind: promotions, steps, hires, departures and the rest.
    pub promotions: Vec<ChangeLine>,
    pub steps: Vec<ChangeLine>,
    pub hires: Vec<ChangeLine>,
    pub departures: Vec<ChangeLine>,
}

fn change_line(event: &Event) -> ChangeLine {
    ChangeLine {
        date: event.date,
        quarter: Quarter::of(event.date).label(),
        person: event.person.to_string(),
        name: event.name.to_string(),
        kind: event.kind.name().to_string(),
        words: event.kind.describe(),
        commit: event.landing.commit.short(),
        pull_request: event.landing.pull_request.map(std::num::NonZeroU64::get),
        uncommitted: event.landing.uncommitted,
    }
}

/// The packet for `quarter`, from the placements at `snapshot` and their history, as of the
/// earlier of the quarter's last day and `today`; `lead` keeps one lead's page.
pub fn packet(
    snapshot: &Snapshot,
    history: &History,
    quarter: Quarter,
    today: jiff::civil::Date,
    lead: Option<&str>,
) -> Packet {
    let as_of = quarter.last_day().min(today);
    let first_day = quarter.first_day();
    let since = quarter.back(4).first_day();
    let framework = snapshot.framework.as_ref().map(|entry| &entry.value);
    let settings = Settings::of(
        &framework
            .map(|framework| framework.policy.pace.clone())
            .unwrap_or_default(),
    );
    let shape = Shape::of(framework);
    // A verdict is reproducible from commits alone: changes not committed yet are listed, not
    // counted.
    let events: Vec<&Event> = history
        .events
        .iter()
        .filter(|event| !event.landing.uncommitted)
        .collect();
    let review_at = settings.review_on_or_before(as_of);
    let wanted: Vec<String> = lead.map(|lead| vec![lead.to_string()]).unwrap_or_default();
    let detail = if lead.is_some() {
        Detail::Only(&wanted)
    } else {
        Detail::All
    };
    let verdict: Option<PaceReport> = (history.shallow.is_none() && !events.is_empty())
        .then(|| crate::pace::verdict(&events, review_at.clone(), &settings, &shape, detail));
    let areas = if lead.is_none() && verdict.is_some() {
        area_paces(snapshot, &events, &review_at, &settings, &shape)
    } else {
        Vec::new()
    };
    let name_of = |id: &str| {
        snapshot
            .person(id)
            .map_or_else(|| id.to_string(), |entry| entry.value.name.value.clone())
    };
    let mut by_lead: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for entry in &snapshot.people {
        if let Some(lead) = entry
            .value
            .lead
            .as_ref()
            .filter(|lead| !lead.value.is_empty())
        {
            by_lead
                .entry(lead.value.clone())
                .or_default()
                .push(entry.id.clone());
        }
    }
    // Each lead's changes to people who reported to them before the change, found once.
    let mut moved_from: HashMap<&str, Vec<&Event>> = HashMap::new();
    for event in &history.events {
        if let Some(lead) = event
            .before
            .as_ref()
            .and_then(|before| before.lead.as_deref())
        {
            moved_from.entry(lead).or_default().push(event);
        }
    }
    let mut leads = Vec::new();
    for (lead_id, reports) in &by_lead {
        if lead.is_some_and(|wanted| wanted != lead_id) {
            continue;
        }
        let lines: Vec<ReportLine> = reports
            .iter()
            .filter_map(|id| standing(snapshot, history, id, as_of))
            .map(|standing| ReportLine {
                id: standing.id.clone(),
                name: standing.name.clone(),
                title: standing.position.title.as_deref().map(str::to_string),
                position: standing.position.words(),
                months_in_level: standing.months_in_level,
                months_in_step: standing.months_in_step,
                typical: standing
                    .typical_months_to_next
                    .map(|typical| typical.to_string()),
                pace: standing.pace,
            })
            .collect();
        // The reports' own trails, and the changes of people who reported to the lead then.
        let mut seen = std::collections::HashSet::new();
        let mut changes: Vec<ChangeLine> = reports
            .iter()
            .flat_map(|id| history.trail(id))
            .chain(
                moved_from
                    .get(lead_id.as_str())
                    .into_iter()
                    .flatten()
                    .copied(),
            )
            .filter(|event| event.date >= since && event.date <= as_of)
            .filter(|event| seen.insert(*event as *const Event))
            .map(change_line)
            .collect();
        changes.sort_by(|a, b| b.date.cmp(&a.date).then(a.person.cmp(&b.person)));
        let open_cases = snapshot
            .cases
            .iter()
            .filter(|case| reports.contains(&case.value.person.value))
            .filter_map(|case| {
                let person = snapshot.person(&case.value.person.value)?;
                let target = case.value.level.as_ref()?;
                let current = crate::snapshot::Position::of(snapshot, &person.value);
                let reached = match &target.value {
                    crate::framework::LevelRef::Number(number) => current.level >= *number,
                    crate::framework::LevelRef::Id(id) => {
                        current.level_id.as_deref() == Some(id.as_str())
                    }
                };
                (!reached).then(|| OpenCase {
                    person: case.value.person.value.clone(),
                    file: case.file.clone(),
                    target: match &target.value {
                        crate::framework::LevelRef::Number(number) => format!("level {number}"),
                        crate::framework::LevelRef::Id(id) => id.clone(),
                    },
                })
            })
            .collect();
        let (pace, flagged) = verdict.as_ref().map_or((Vec::new(), false), |verdict| {
            let results: Vec<_> = verdict
                .of_lead(lead_id)
                .filter(|result| result.tested || result.moves > 0)
                .collect();
            (
                results
                    .iter()
                    .map(|result| crate::pace::sentence(verdict, result, &name_of(lead_id)))
                    .collect(),
                results.iter().any(|result| result.flagged()),
            )
        });
        leads.push(LeadPage {
            lead: lead_id.clone(),
            name: name_of(lead_id),
            reports: lines,
            changes,
            open_cases,
            pace,
            flagged,
        });
    }
    let mut counts: BTreeMap<(String, u32, u32), usize> = BTreeMap::new();
    let mut per_team: BTreeMap<String, usize> = BTreeMap::new();
    for entry in &snapshot.people {
        let position = crate::snapshot::Position::of(snapshot, &entry.value);
        *counts
            .entry((position.track.to_string(), position.level, position.step))
            .or_default() += 1;
        *per_team.entry(position.team.to_string()).or_default() += 1;
    }
    let headcount = counts
        .into_iter()
        .map(|((track, level, step), people)| Headcount {
            track,
            level,
            step,
            people,
        })
        .collect();
    let in_quarter: Vec<&Event> = history
        .events
        .iter()
        .filter(|event| event.date >= first_day && event.date <= as_of)
        .collect();
    let pick = |keep: fn(&ChangeKind) -> bool| {
        let mut lines: Vec<ChangeLine> = in_quarter
            .iter()
            .filter(|event| keep(&event.kind))
            .map(|event| change_line(event))
            .collect();
        lines.sort_by(|a, b| a.date.cmp(&b.date).then(a.person.cmp(&b.person)));
        lines
    };
    Packet {
        quarter: quarter.label(),
        first_day,
        last_day: quarter.last_day(),
        as_of,
        review: verdict.as_ref().map(|_| review_at.label.clone()),
        leads,
        areas,
        headcount,
        per_team,
        promotions: pick(|kind| matches!(kind, ChangeKind::LevelUp { .. })),
        steps: pick(|kind| matches!(kind, ChangeKind::StepUp { .. })),
        hires: pick(|kind| matches!(kind, ChangeKind::Hire)),
        departures: pick(|kind| matches!(kind, ChangeKind::Departure)),
    }
}

/// Each team's and each track's verdict at the review.
fn area_paces(
    snapshot: &Snapshot,
    events: &[&Event],
    review: &crate::pace::Review,
    settings: &Settings,
    shape: &Shape,
) -> Vec<AreaPace> {
    use crate::pace::Unit;
    let mut areas = Vec::new();
    for unit in [Unit::Team, Unit::Track] {
        let mut report = crate::pace::verdict(
            events,
            review.clone(),
            settings,
            &shape.by(unit),
            Detail::All,
        );
        report.by = unit;
        if crate::pace::area::compared(&report) < 2 {
            continue;
        }
        let mut ids: Vec<&str> = report.leads.iter().map(|result| &*result.lead).collect();
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            let name = crate::pace::area::name_of(snapshot, unit, id)
                .map_or_else(|| id.to_string(), str::to_string);
            let results: Vec<_> = report
                .of_lead(id)
                .filter(|result| result.moves > 0 || result.expected > 0.0)
                .collect();
            areas.push(AreaPace {
                by: unit,
                id: id.to_string(),
                pace: results
                    .iter()
                    .map(|result| crate::pace::sentence(&report, result, &name))
                    .collect(),
                flagged: results.iter().any(|result| result.flagged()),
                name,
            });
        }
    }
    areas
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_read_and_count_back() {
        let q = Quarter::parse("2026Q1").expect("quarter");
        assert_eq!(q.back(1).label(), "2025-Q4");
        assert_eq!(q.back(4).label(), "2025-Q1");
        assert_eq!(q.last_day().to_string(), "2026-03-31");
        assert_eq!(
            Quarter::parse("2026-q4")
                .expect("quarter")
                .first_day()
                .to_string(),
            "2026-10-01"
        );
        assert!(Quarter::parse("2026Q5").is_err());
        assert!(Quarter::parse("Q4").is_err());
    }
}
