//! Synthetic organisations for benchmarks and statistical tests: a framework like the shipped one,
//! a few teams, and N teammates whose leads form a real tree. Deterministic for a given seed.

use std::fmt::Write as _;
use std::path::Path;

/// The shape of a synthetic org.
#[derive(Debug, Clone, Copy)]
pub struct OrgSpec {
    pub teammates: usize,
    /// Reports per lead.
    pub span: usize,
    pub seed: u64,
}

impl OrgSpec {
    pub fn new(teammates: usize) -> OrgSpec {
        OrgSpec {
            teammates,
            span: 8,
            seed: 1,
        }
    }
}

pub const MAKER_LEVELS: u32 = 8;
pub const MANAGER_LEVELS: u32 = 6;
const TEAMS: [&str; 4] = ["engineering", "support", "marketing", "product"];

/// The id of teammate `index`.
pub fn person_id(index: usize) -> String {
    format!("p{index:05}")
}

/// The files of a synthetic org as (path under `ladders/`, text), framework first.
pub fn org_files(spec: OrgSpec) -> Vec<(String, String)> {
    let mut rng = fastrand::Rng::with_seed(spec.seed);
    let mut files = vec![("framework.yml".to_string(), framework_text())];
    for team in TEAMS {
        files.push((format!("teams/{team}.yml"), team_text(team)));
    }
    let span = spec.span.max(1);
    for index in 0..spec.teammates {
        // Teammate i reports to (i - 1) / span, so the first ones lead and the tree is real.
        let leads_someone = index * span + 1 < spec.teammates;
        let (track, levels) = if leads_someone {
            ("manager", MANAGER_LEVELS)
        } else {
            ("maker", MAKER_LEVELS)
        };
        let lead = if index == 0 {
            String::new()
        } else {
            person_id((index - 1) / span)
        };
        let team = TEAMS[(index / span.max(1)) % TEAMS.len()];
        let mut text = String::new();
        let _ = writeln!(text, "name: Teammate {index}");
        let _ = writeln!(text, "github: user-{index}");
        let _ = writeln!(text, "team: {team}");
        let _ = writeln!(text, "track: {track}");
        let _ = writeln!(text, "level: {}", rng.u32(1..=levels));
        let _ = writeln!(text, "step: {}", rng.u32(1..=4));
        let _ = writeln!(text, "lead: {lead}");
        files.push((format!("people/{}.yml", person_id(index)), text));
    }
    files
}

/// Writes a synthetic org under `dir` (the `ladders/` folder).
pub fn write_org(dir: &Path, spec: OrgSpec) -> std::io::Result<()> {
    for (path, text) in org_files(spec) {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    Ok(())
}

fn framework_text() -> String {
    let mut text = String::from(
        "name: Synthetic\nsteps: 4\nfactors:\n  - id: scope\n    name: Scope of influence\n  - id: ownership\n    name: Ownership\ntracks:\n",
    );
    for (track, levels) in [("maker", MAKER_LEVELS), ("manager", MANAGER_LEVELS)] {
        let _ = write!(text, "  - id: {track}\n    name: {track}\n    levels:\n");
        for level in 1..=levels {
            let _ = write!(
                text,
                "      - level: {level}\n        summary: Level {level}\n        expectations:\n          scope: Scope {level}\n          ownership: Ownership {level}\n        typical_months_to_next: {}\n",
                12 + 6 * level
            );
        }
    }
    text.push_str("policy:\n  owners: [synthetic/people]\n  approvers:\n    level: [lead, director, synthetic/people]\n    step: [director]\n");
    text
}

fn team_text(team: &str) -> String {
    let mut text = format!("name: {team}\ndirector: {}\ntitles:\n", person_id(0));
    for (track, levels) in [("maker", MAKER_LEVELS), ("manager", MANAGER_LEVELS)] {
        let _ = writeln!(text, "  {track}:");
        for level in 1..=levels {
            let _ = writeln!(text, "    - {team} {track} {level}");
        }
    }
    text
}

/// Writes a `git fast-import` stream of a synthetic org's history on `refs/heads/main`: one
/// commit adding the org, then `commits` commits that each move one or two people a step (or up
/// a level from the last step), an hour apart, every tenth a squash-merged pull request.
pub fn write_history_stream(
    out: &mut impl std::io::Write,
    spec: OrgSpec,
    commits: usize,
) -> std::io::Result<()> {
    let mut rng = fastrand::Rng::with_seed(spec.seed ^ 0x5eed);
    let files = org_files(spec);
    let mut people: Vec<String> = files
        .iter()
        .filter(|(path, _)| path.starts_with("people/"))
        .map(|(_, text)| text.clone())
        .collect();
    let start: i64 = 1_600_000_000;
    let write_commit = |out: &mut dyn std::io::Write,
                        mark: usize,
                        message: &str,
                        changes: &[(String, &str)]|
     -> std::io::Result<()> {
        let time = start + 3600 * i64::try_from(mark).unwrap_or(i64::MAX);
        writeln!(out, "commit refs/heads/main\nmark :{mark}")?;
        writeln!(
            out,
            "author Lead {mark} <lead{}@example.com> {time} +0000",
            mark % 97
        )?;
        writeln!(out, "committer GitHub <noreply@github.com> {time} +0000")?;
        writeln!(out, "data {}\n{message}", message.len())?;
        if mark > 1 {
            writeln!(out, "from :{}", mark - 1)?;
        }
        for (path, text) in changes {
            writeln!(
                out,
                "M 100644 inline ladders/{path}\ndata {}\n{text}",
                text.len()
            )?;
        }
        writeln!(out)
    };
    let all: Vec<(String, &str)> = files
        .iter()
        .map(|(path, text)| (path.clone(), text.as_str()))
        .collect();
    write_commit(out, 1, "Add the career framework", &all)?;
    for index in 0..commits {
        let moved = if rng.u8(0..4) == 0 { 2 } else { 1 };
        let mut changes = Vec::new();
        for _ in 0..moved {
            let who = rng.usize(1..people.len().max(2));
            let text = &people[who];
            let field = |name: &str| -> u32 {
                text.lines()
                    .find_map(|line| line.strip_prefix(name))
                    .and_then(|value| value.trim().parse().ok())
                    .unwrap_or(1)
            };
            let (level, step) = (field("level:"), field("step:"));
            let top = if text.contains("track: manager") {
                MANAGER_LEVELS
            } else {
                MAKER_LEVELS
            };
            let (next_level, next_step) = if step < 4 {
                (level, step + 1)
            } else if level < top {
                (level + 1, 1)
            } else {
                (level, step)
            };
            let updated = text
                .replace(
                    &format!("level: {level}\n"),
                    &format!("level: {next_level}\n"),
                )
                .replace(&format!("step: {step}\n"), &format!("step: {next_step}\n"));
            people[who] = updated;
            changes.push((format!("people/{}.yml", person_id(who)), who));
        }
        let message = if index % 10 == 0 {
            format!(
                "Calibration for {} (#{})",
                person_id(changes[0].1),
                index + 1
            )
        } else {
            format!("Step up {}", person_id(changes[0].1))
        };
        let texts: Vec<(String, &str)> = changes
            .iter()
            .map(|(path, who)| (path.clone(), people[*who].as_str()))
            .collect();
        write_commit(out, index + 2, &message, &texts)?;
    }
    Ok(())
}

/// A lead planted at a multiple of the org's rate, with a given number of reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plant {
    pub multiple: f64,
    pub reports: usize,
}

/// A synthetic org for testing the pace test against known truth: `leads` leads with 3 to 12
/// reports each (the planted lead, `lead-0`, with its own count), every report granted steps as
/// monthly Poisson events at `steps_per_year` (times the multiple for the planted lead).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PaceSpec {
    pub leads: usize,
    pub months: u32,
    pub steps_per_year: f64,
    pub plant: Option<Plant>,
    pub seed: u64,
}

/// The last day of the synthetic history; windows end here.
pub fn pace_as_of() -> jiff::civil::Date {
    jiff::civil::date(2026, 6, 30)
}

/// History events of a synthetic org: each report's hire just before the window, then their
/// step increases. Only what the pace test reads is filled in.
pub fn pace_events(spec: PaceSpec) -> Vec<crate::history::Event> {
    use crate::diff::{ChangeKind, Position};
    let mut rng = fastrand::Rng::with_seed(spec.seed);
    let window = crate::pace::Window::ending(pace_as_of(), spec.months);
    let hired = window.start.yesterday().unwrap_or(window.start);
    let landing = std::sync::Arc::new(crate::history::Landing::pending(""));
    let position = |lead: &str, step: u32| Position {
        team: "synthetic".into(),
        track: "maker".into(),
        level: 2,
        step,
        lead: Some(lead.into()),
        title: None,
        level_id: None,
        step_label: None,
        grade: None,
        role: None,
    };
    let event = |person: &str, kind: ChangeKind, lead: &str, date: jiff::civil::Date| {
        crate::history::Event {
            person: person.into(),
            id_then: person.into(),
            name: person.into(),
            before: (!matches!(kind, ChangeKind::Hire)).then(|| position(lead, 1)),
            after: Some(position(lead, 2)),
            kind,
            date,
            seeded: false,
            case_file: None,
            landing: std::sync::Arc::clone(&landing),
        }
    };
    let mut events = Vec::new();
    let mut dated = Vec::new();
    for lead in 0..spec.leads {
        let lead_id = format!("lead-{lead}");
        let (reports, multiple) = match (lead, spec.plant) {
            (0, Some(plant)) => (plant.reports, plant.multiple),
            _ => (rng.usize(3..=12), 1.0),
        };
        let monthly = spec.steps_per_year / 12.0 * multiple;
        for report in 0..reports {
            let person = format!("{lead_id}-report-{report}");
            events.push(event(&person, ChangeKind::Hire, &lead_id, hired));
            for month in 0..spec.months {
                for _ in 0..poisson(&mut rng, monthly) {
                    let start = window
                        .start
                        .checked_add(jiff::Span::new().months(i64::from(month)))
                        .unwrap_or(window.start);
                    let date = start
                        .checked_add(jiff::Span::new().days(rng.i64(0..28)))
                        .unwrap_or(start);
                    dated.push(event(&person, ChangeKind::StepUp { by: 1 }, &lead_id, date));
                }
            }
        }
    }
    dated.sort_by_key(|event| event.date);
    events.extend(dated);
    events
}

/// A Poisson draw by inversion; the means here are well under one.
fn poisson(rng: &mut fastrand::Rng, mean: f64) -> u32 {
    let mut k = 0;
    let mut p = (-mean).exp();
    let mut cumulative = p;
    let u = rng.f64();
    while u > cumulative && k < 1000 {
        k += 1;
        p *= mean / f64::from(k);
        cumulative += p;
    }
    k
}

/// How the pace test did over many seeded synthetic orgs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Simulation {
    pub runs: usize,
    /// Share of runs that flag anyone.
    pub any_flag: f64,
    /// Share of runs that flag the planted lead in the planted direction.
    pub planted_flagged: f64,
    /// Share of runs that flag at least one lead that was not planted.
    pub normal_flagged: f64,
}

/// Runs the step-pace test on `runs` synthetic orgs, seeds `0..runs`.
pub fn simulate_pace(leads: usize, months: u32, plant: Option<Plant>, runs: usize) -> Simulation {
    use crate::pace::{Direction, Measure, Settings, Window, exposures, test_pace};
    let (mut any, mut planted, mut normal) = (0, 0, 0);
    for seed in 0..runs {
        let spec = PaceSpec {
            leads,
            months,
            steps_per_year: 1.5,
            plant,
            seed: seed as u64,
        };
        let events = pace_events(spec);
        let window = Window::ending(pace_as_of(), months);
        let report = test_pace(
            &exposures(&events, window),
            Measure::Steps,
            window,
            Settings::default(),
        );
        let flagged: Vec<_> = report.flagged().collect();
        any += usize::from(!flagged.is_empty());
        let wanted = match plant {
            Some(plant) if plant.multiple > 1.0 => Some(Direction::Faster),
            Some(_) => Some(Direction::Slower),
            None => None,
        };
        planted += usize::from(flagged.iter().any(|lead| {
            lead.lead == "lead-0" && Some(lead.direction) == wanted && plant.is_some()
        }));
        normal += usize::from(
            flagged
                .iter()
                .any(|lead| plant.is_none() || lead.lead != "lead-0"),
        );
    }
    let share = |count: usize| count as f64 / runs.max(1) as f64;
    Simulation {
        runs,
        any_flag: share(any),
        planted_flagged: share(planted),
        normal_flagged: share(normal),
    }
}
