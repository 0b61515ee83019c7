//! Pace across teams and tracks against planted truth, and `ladder pace --by` on a repository.
//!
//! The synthetic org: 10 teams of 2–4 leads, each lead with 3–12 reports (the planted team of
//! the typical size, 3 leads of 8), 1.5 step-ups a person-year as monthly Poisson draws over
//! three years, leads differing by CV 0.2 inside their team, each team as a whole at its own
//! multiple (1, or 2 for the planted team). A year of use is the four quarterly reviews of the
//! third year; 200 seeds a cell.

use std::sync::Arc;

use ladder::diff::ChangeKind;
use ladder::history::{Event, Landing};
use ladder::pace::{Detail, Direction, Settings, Shape, Unit, verdict};
use ladder::snapshot::Position;

#[path = "support/synth.rs"]
mod synth;

mod support;

use support::{Repo, copy_dir, fixtures, ladder_stdout};
use synth::{normal, poisson};

const RUNS: u64 = 200;
const TEAMS: usize = 10;

/// Three years of an org's step-ups; team 0 moves people at `multiple` times the rest.
fn org(seed: u64, multiple: f64) -> Vec<Event> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let start = jiff::civil::date(2024, 1, 1);
    let landing = Arc::new(Landing::pending(""));
    let sigma2 = (1.0f64 + 0.2 * 0.2).ln();
    let mut hires = Vec::new();
    let mut moves = Vec::new();
    for team in 0..TEAMS {
        let team_id = format!("team-{team}");
        // The planted team is of the typical size: 3 leads of 8 reports.
        let leads: Vec<usize> = if team == 0 {
            vec![8; 3]
        } else {
            (0..rng.usize(2..=4)).map(|_| rng.usize(3..=12)).collect()
        };
        // Leads differ inside the team; the team as a whole moves at exactly its multiple.
        let ordinary: Vec<f64> = leads
            .iter()
            .map(|_| (sigma2.sqrt() * normal(&mut rng) - sigma2 / 2.0).exp())
            .collect();
        let weighted: f64 = leads
            .iter()
            .zip(&ordinary)
            .map(|(&reports, factor)| reports as f64 * factor)
            .sum::<f64>()
            / leads.iter().sum::<usize>() as f64;
        for (lead, (&reports, factor)) in leads.iter().zip(&ordinary).enumerate() {
            let lead_id = format!("{team_id}-lead-{lead}");
            let position = Arc::new(Position {
                team: team_id.as_str().into(),
                track: if lead % 2 == 0 { "maker" } else { "manager" }.into(),
                level: 2,
                step: 1,
                lead: Some(lead_id.as_str().into()),
                title: None,
                level_id: None,
                step_label: None,
                grade: None,
                roles: ladder::snapshot::Roles::default(),
                location: None,
            });
            let team_multiple = if team == 0 { multiple } else { 1.0 };
            let rate = 1.5 / 12.0 * factor / weighted * team_multiple;
            for report in 0..reports {
                let person: Arc<str> = format!("{lead_id}-report-{report}").into();
                let event = |kind, before: bool, date| Event {
                    person: Arc::clone(&person),
                    id_then: Arc::clone(&person),
                    name: Arc::clone(&person),
                    kind: Arc::new(kind),
                    before: before.then(|| Arc::clone(&position)),
                    after: Some(Arc::clone(&position)),
                    date,
                    seeded: false,
                    case_file: None,
                    landing: Arc::clone(&landing),
                };
                hires.push(event(
                    ChangeKind::Hire,
                    false,
                    start.yesterday().expect("a day"),
                ));
                for month in 0..36 {
                    let first = start
                        .checked_add(jiff::Span::new().months(month))
                        .expect("a month");
                    for _ in 0..poisson(&mut rng, rate) {
                        let day = first.checked_add(jiff::Span::new().days(rng.i64(0..28)));
                        moves.push(event(
                            ChangeKind::StepUp { by: 1 },
                            true,
                            day.expect("a day"),
                        ));
                    }
                }
            }
        }
    }
    moves.sort_by_key(|event| event.date);
    hires.extend(moves);
    hires
}

/// Per team: flagged faster at any of the third year's reviews. Also the most teams tested.
fn year_of_team_reviews(events: &[Event]) -> (Vec<bool>, usize) {
    let settings = Settings::default();
    // The events as they are: the shape reads each position's team in its lead's place.
    let by_team: Vec<&Event> = events.iter().collect();
    let shape = Shape::default().by(Unit::Team);
    let mut flagged = vec![false; TEAMS];
    let mut tested = 0;
    for quarter in ["2026Q1", "2026Q2", "2026Q3", "2026Q4"] {
        let review = settings.find_review(quarter).expect("a quarter");
        let report = verdict(&by_team, review, &settings, &shape, Detail::None);
        tested = tested.max(report.leads_tested);
        for result in report.flagged() {
            let team: usize = result.lead["team-".len()..].parse().expect("a team id");
            flagged[team] |= result.flag == Some(Direction::Faster) || team != 0;
        }
    }
    (flagged, tested)
}

#[test]
fn a_team_promoting_at_twice_the_pace_is_flagged_within_the_year() {
    let mut planted = 0;
    let mut others = 0;
    for seed in 0..RUNS {
        let (flagged, tested) = year_of_team_reviews(&org(seed, 2.0));
        // Each team is one unit of evidence, never each of its leads.
        assert!(tested <= TEAMS, "{tested} units tested for {TEAMS} teams");
        planted += u64::from(flagged[0]);
        others += flagged[1..].iter().filter(|&&flag| flag).count();
    }
    let rate = planted as f64 / RUNS as f64;
    assert!(rate >= 0.90, "the 2× team flagged in {rate:.3} of years");
    let normal = others as f64 / (RUNS as f64 * (TEAMS - 1) as f64);
    assert!(
        normal <= 0.05,
        "a normal team flagged in {normal:.3} of years"
    );
}

#[test]
fn a_null_orgs_teams_are_rarely_flagged_in_a_year() {
    let mut years_with_a_flag = 0;
    for seed in 0..RUNS {
        let (flagged, _) = year_of_team_reviews(&org(1000 + seed, 1.0));
        years_with_a_flag += u64::from(flagged.iter().any(|&flag| flag));
    }
    let rate = years_with_a_flag as f64 / RUNS as f64;
    assert!(rate <= 0.05, "some team flagged in {rate:.3} of null years");
}

fn placement(id: &str, team: &str, lead: &str, step: u32) -> String {
    format!(
        "name: {id}\ngithub: {id}\nteam: {team}\ntrack: maker\nlevel: 1\nstep: {step}\nlead: {lead}\n"
    )
}

#[test]
fn ladder_pace_by_team_and_track_names_each_area_and_counts_it_once() {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    repo.write("ladders/teams/ops.yml", "name: Operations\ndirector: cy\n");
    // Two leads in eng, one in ops, four reports each at step 1.
    let leads = [("bob", "eng"), ("ada", "eng"), ("cy", "ops")];
    for (lead, team) in leads {
        for report in 0..4 {
            let id = format!("{lead}-{report}");
            repo.write(
                &format!("ladders/people/{id}.yml"),
                &placement(&id, team, lead, 1),
            );
        }
    }
    repo.commit("The org");
    // Over the year each of eng's reports moves two steps; ops's move none.
    for step in [2, 3] {
        repo.advance(150);
        for (lead, team) in &leads[..2] {
            for report in 0..4 {
                let id = format!("{lead}-{report}");
                repo.write(
                    &format!("ladders/people/{id}.yml"),
                    &placement(&id, team, lead, step),
                );
                repo.commit(&format!("A step for {id}"));
            }
        }
    }
    let as_of = "2027-01-20";
    let json: serde_json::Value = serde_json::from_str(&ladder_stdout(
        repo.path(),
        &["pace", "--by", "team", "--as-of", as_of, "--format", "json"],
    ))
    .expect("json");
    assert_eq!(json["now"]["by"], "team", "{json}");
    let steps: Vec<&serde_json::Value> = json["now"]["leads"]
        .as_array()
        .expect("units")
        .iter()
        .filter(|unit| unit["measure"] == "steps")
        .collect();
    let ids: Vec<&str> = steps
        .iter()
        .filter_map(|unit| unit["lead"].as_str())
        .collect();
    // eng is one unit however many leads it holds.
    assert_eq!(ids.len(), 2, "{ids:?}");
    let eng = steps
        .iter()
        .find(|unit| unit["lead"] == "eng")
        .expect("eng");
    assert_eq!(eng["moves"], 16, "{eng}");

    let text = ladder_stdout(repo.path(), &["pace", "--by", "team", "--as-of", as_of]);
    assert!(text.contains("Engineering (eng): steps 16 of"), "{text}");
    assert!(
        text.contains("teams normally differ by about ±15%"),
        "{text}"
    );
    assert!(text.contains("for 2 teams watched"), "{text}");
    assert!(!text.contains(" lead"), "{text}");

    let text = ladder_stdout(repo.path(), &["pace", "--by", "track", "--as-of", as_of]);
    assert!(text.contains("Maker (maker): steps 16 of"), "{text}");
    assert!(!text.contains(" lead"), "{text}");
}
