//! Synthetic organisations for benchmarks and statistical tests: a framework like the shipped one,
//! a few teams, and N teammates whose leads form a real tree; and simulated years of use of the
//! pace test on such an org. Deterministic for a given seed.
//!
//! Test and bench support, not part of the shipped library: it reaches the crate only through
//! its public API (`ladder::…`), and nothing under `src/` may depend on it. Included by path:
//! `#[path = "support/synth.rs"] mod synth;` from `tests/`, `#[path =
//! "../tests/support/synth.rs"] mod synth;` from `benches/`.

#![allow(
    dead_code,
    reason = "each test and bench binary uses a different part of the generator"
)]

use std::fmt::Write as _;
use std::path::Path;

/// The shape of a synthetic org.
#[derive(Debug, Clone, Copy)]
pub struct OrgSpec {
    pub teammates: usize,
    /// Reports per lead.
    pub span: usize,
    pub seed: u64,
    /// Placements per folder under `people/` (0: all in `people/` itself). Large orgs keep
    /// folders: a 50,000-entry folder makes git rewrite a 2 MB tree on every commit.
    pub per_folder: usize,
}

impl OrgSpec {
    pub fn new(teammates: usize) -> OrgSpec {
        OrgSpec {
            teammates,
            span: 8,
            seed: 1,
            per_folder: 0,
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

impl OrgSpec {
    /// Where teammate `index`'s placement lives, under `ladders/`.
    pub fn person_path(&self, index: usize) -> String {
        match self.per_folder {
            0 => format!("people/{}.yml", person_id(index)),
            size => format!("people/g{:04}/{}.yml", index / size, person_id(index)),
        }
    }
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
        files.push((spec.person_path(index), text));
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
            changes.push((spec.person_path(who), who));
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

/// A lead planted at a multiple of the org's rate, with a given number of reports; from the
/// start of the history, or turning at the start of the simulated year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plant {
    pub multiple: f64,
    pub reports: usize,
    pub from_year_start: bool,
}

/// One cell of the ground-truth grid (docs/pace.md): a year of use of the pace test on a
/// synthetic org with two years of history before it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct YearSpec {
    pub leads: usize,
    /// Lead-to-lead coefficient of variation of the true rates (ordinary variation).
    pub cv: f64,
    /// Two calibration cycles a year (06-30 and 12-31), declared in the policy.
    pub cycles: bool,
    pub plant: Option<Plant>,
    pub steps_per_year: f64,
    /// Years of history before the year of use.
    pub history_years: i64,
}

impl YearSpec {
    pub fn new(leads: usize, cv: f64, cycles: bool, plant: Option<Plant>) -> YearSpec {
        YearSpec {
            leads,
            cv,
            cycles,
            plant,
            steps_per_year: 1.5,
            history_years: 2,
        }
    }
}

/// The first day of the simulated year of use.
pub fn year_start() -> jiff::civil::Date {
    jiff::civil::date(2026, 1, 1)
}

/// The first day of the simulated history, `spec.history_years` before the year of use.
pub fn history_start(spec: &YearSpec) -> jiff::civil::Date {
    year_start()
        .checked_sub(jiff::Span::new().years(spec.history_years))
        .unwrap_or(year_start())
}

/// The settings the simulated org's policy gives.
pub fn year_settings(spec: &YearSpec) -> ladder::pace::Settings {
    ladder::pace::Settings {
        cycles: spec.cycles.then(|| ladder::pace::Cycles {
            dates: vec![(6, 30), (12, 31)],
            grace_days: 30,
            anniversary: false,
        }),
        ..ladder::pace::Settings::default()
    }
}

/// A synthetic org's history, with each lead's true multiple of the base rate.
pub struct SyntheticHistory {
    pub events: Vec<ladder::history::Event>,
    pub multiples: Vec<f64>,
    pub reports: Vec<usize>,
}

/// Events of a synthetic org: every report hired the day before the history starts, then
/// their step-up moves, monthly Poisson (or Poisson at each calibration cycle, landing within
/// its grace period). Only what the pace test reads is filled in.
pub fn year_history(spec: &YearSpec, seed: u64) -> SyntheticHistory {
    use ladder::diff::ChangeKind;
    use ladder::snapshot::Position;
    let mut rng = fastrand::Rng::with_seed(seed);
    let start = history_start(spec);
    let months = 12 * (spec.history_years + 1);
    let hired = start.yesterday().unwrap_or(start);
    let landing = std::sync::Arc::new(ladder::history::Landing::pending(""));
    let position = |lead: &str| Position {
        team: "synthetic".into(),
        track: "maker".into(),
        level: 2,
        step: 1,
        lead: Some(lead.into()),
        title: None,
        level_id: None,
        step_label: None,
        grade: None,
        roles: ladder::snapshot::Roles::default(),
        location: None,
    };
    let event = |person: &str, kind: ChangeKind, lead: &str, date: jiff::civil::Date| {
        ladder::history::Event {
            person: person.into(),
            id_then: person.into(),
            name: person.into(),
            before: (!matches!(kind, ChangeKind::Hire))
                .then(|| std::sync::Arc::new(position(lead))),
            after: Some(std::sync::Arc::new(position(lead))),
            kind: kind.into(),
            date,
            seeded: false,
            case_file: None,
            landing: std::sync::Arc::clone(&landing),
        }
    };
    let sigma2 = (1.0 + spec.cv * spec.cv).ln();
    let mut events = Vec::new();
    let mut dated = Vec::new();
    let mut multiples = Vec::new();
    let mut counts = Vec::new();
    for lead in 0..spec.leads {
        let lead_id = format!("lead-{lead}");
        // Lognormal with mean 1 and the cell's coefficient of variation.
        let ordinary = if spec.cv > 0.0 {
            (sigma2.sqrt() * normal(&mut rng) - sigma2 / 2.0).exp()
        } else {
            1.0
        };
        let (reports, multiple, turning) = match (lead, spec.plant) {
            (0, Some(plant)) => (plant.reports, plant.multiple, plant.from_year_start),
            _ => (rng.usize(3..=12), ordinary, false),
        };
        multiples.push(multiple);
        counts.push(reports);
        let monthly = spec.steps_per_year / 12.0;
        for report in 0..reports {
            let person = format!("{lead_id}-report-{report}");
            events.push(event(&person, ChangeKind::Hire, &lead_id, hired));
            let rate_on = |date: jiff::civil::Date| {
                if turning && date < year_start() {
                    monthly
                } else {
                    monthly * multiple
                }
            };
            if spec.cycles {
                for cycle in 0..months / 6 {
                    let month = 6 * (cycle + 1) - 1;
                    let date = start
                        .checked_add(jiff::Span::new().months(month))
                        .map(|d| d.last_of_month())
                        .unwrap_or(start);
                    // Each move of the cycle lands on its own day within the grace period.
                    for _ in 0..poisson(&mut rng, rate_on(date) * 6.0) {
                        let lands = date
                            .checked_add(jiff::Span::new().days(rng.i64(0..21)))
                            .unwrap_or(date);
                        dated.push(event(
                            &person,
                            ChangeKind::StepUp { by: 1 },
                            &lead_id,
                            lands,
                        ));
                    }
                }
            } else {
                for month in 0..months {
                    let first = start
                        .checked_add(jiff::Span::new().months(month))
                        .unwrap_or(start);
                    for _ in 0..poisson(&mut rng, rate_on(first)) {
                        let date = first
                            .checked_add(jiff::Span::new().days(rng.i64(0..28)))
                            .unwrap_or(first);
                        dated.push(event(&person, ChangeKind::StepUp { by: 1 }, &lead_id, date));
                    }
                }
            }
        }
    }
    dated.sort_by_key(|event| event.date);
    events.extend(dated);
    SyntheticHistory {
        events,
        multiples,
        reports: counts,
    }
}

/// A standard normal draw (Box–Muller).
pub fn normal(rng: &mut fastrand::Rng) -> f64 {
    let u = rng.f64().max(f64::MIN_POSITIVE);
    let v = rng.f64();
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// A Poisson draw by inversion; the means here are small.
pub fn poisson(rng: &mut fastrand::Rng, mean: f64) -> u32 {
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

/// What one simulated year of use showed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct YearOutcome {
    /// Any lead flagged at a review or alarmed in the year.
    pub any: bool,
    /// The planted lead flagged, in its direction, at the year's first review.
    pub planted_first_review: bool,
    /// The planted lead flagged at a review in the year, in its direction.
    pub planted_flagged: bool,
    /// The planted lead flagged or alarmed in the year, in its direction.
    pub planted_flagged_or_alarmed: bool,
    /// A lead other than the planted one flagged or alarmed.
    pub normal_flagged: bool,
    /// Any lead flagged at a review (alarms aside).
    pub review_flag: bool,
    /// Any alarm raised in the year.
    pub alarm: bool,
    /// A lead whose true ratio to the rest is within 0.8–1.25 flagged or alarmed.
    pub near_one_flagged: bool,
    /// Months from the year's start to the planted lead's first flag or alarm in its direction.
    pub planted_months: Option<f64>,
}

/// One year of use: a pull-request check on every move (the live alarm, fed one event at a
/// time) and the four quarterly reviews, each against the history as it stood.
pub fn simulate_year(spec: &YearSpec, seed: u64) -> YearOutcome {
    year_of_use(spec, seed, false).0
}

/// A year of use; with `calibrating`, the alarm never fires and the year's largest statistics
/// per direction come back beside the outcome.
fn year_of_use(spec: &YearSpec, seed: u64, calibrating: bool) -> (YearOutcome, (f64, f64)) {
    use ladder::pace::{Direction, Shape, alarm};
    let history = year_history(spec, seed);
    let settings = year_settings(spec);
    let shape = Shape::default();
    let events: Vec<&ladder::history::Event> = history.events.iter().collect();
    let first_event = events
        .iter()
        .map(|event| event.date)
        .min()
        .unwrap_or(year_start());
    let mut watch = alarm::Watch::new(
        alarm::thresholds(spec.leads, 0.0),
        first_event,
        year_start(),
    );
    let mut ordered = events.clone();
    ordered.sort_by_key(|event| event.date);
    // The review standing when the year starts sets the reference for its first quarter.
    let opening = settings.standing_review(year_start());
    let mut fed = 0;
    while fed < ordered.len() && ordered[fed].date <= opening.date {
        watch.feed(ordered[fed], &shape, "");
        fed += 1;
    }
    let never = alarm::Thresholds {
        faster: f64::INFINITY,
        slower: f64::INFINITY,
    };
    let mut highest = (0.0_f64, 0.0_f64);
    let set_reference = |watch: &mut alarm::Watch, verdict: &ladder::pace::PaceReport| {
        watch.set_reference(verdict);
        watch.set_thresholds(if calibrating {
            never
        } else {
            alarm::thresholds(spec.leads, alarm::review_spread(verdict))
        });
    };
    let opening_verdict = ladder::pace::verdict(
        &ordered[..fed],
        opening,
        &settings,
        &shape,
        ladder::pace::Detail::None,
    );
    set_reference(&mut watch, &opening_verdict);
    let wanted = spec.plant.map(|plant| {
        if plant.multiple > 1.0 {
            Direction::Faster
        } else {
            Direction::Slower
        }
    });
    let mut flagged: Vec<(String, Direction, usize)> = Vec::new();
    let reviews: Vec<jiff::civil::Date> = settings
        .reviews
        .iter()
        .filter_map(|&(month, day)| jiff::civil::Date::new(year_start().year(), month, day).ok())
        .collect();
    for (index, &date) in reviews.iter().enumerate() {
        while fed < ordered.len() && ordered[fed].date <= date {
            watch.feed(ordered[fed], &shape, "");
            fed += 1;
            if calibrating {
                let (up, down) = watch.highest();
                highest = (highest.0.max(up), highest.1.max(down));
            }
        }
        let review = settings.review_on_or_before(date);
        let verdict = ladder::pace::verdict(
            &ordered[..fed],
            review,
            &settings,
            &shape,
            ladder::pace::Detail::None,
        );
        for lead in verdict.flagged() {
            if let Some(direction) = lead.flag {
                flagged.push((lead.lead.to_string(), direction, index));
            }
        }
        set_reference(&mut watch, &verdict);
    }
    let alarm = watch.finish(year_start());
    let mut raised: Vec<(String, Direction)> = Vec::new();
    let mut first_alarm: Option<jiff::civil::Date> = None;
    for lead in &alarm.leads {
        for alarm in &lead.raised {
            raised.push((lead.lead.to_string(), alarm.direction));
            if spec.plant.is_some() && &*lead.lead == "lead-0" && Some(alarm.direction) == wanted {
                first_alarm = Some(first_alarm.map_or(alarm.date, |d| d.min(alarm.date)));
            }
        }
    }
    let ratio = |index: usize| {
        let (weighted, reports) = history
            .multiples
            .iter()
            .zip(&history.reports)
            .enumerate()
            .filter(|(other, _)| *other != index)
            .fold((0.0, 0usize), |(sum, count), (_, (m, r))| {
                (sum + m * *r as f64, count + r)
            });
        history.multiples[index] / (weighted / reports.max(1) as f64)
    };
    let lead_index = |id: &str| {
        id.strip_prefix("lead-")
            .and_then(|n| n.parse::<usize>().ok())
    };
    let planted = |id: &str| spec.plant.is_some() && id == "lead-0";
    let any_lead = flagged
        .iter()
        .map(|(lead, _, _)| lead.as_str())
        .chain(raised.iter().map(|(lead, _)| lead.as_str()));
    let mut outcome = YearOutcome {
        any: !flagged.is_empty() || !raised.is_empty(),
        review_flag: !flagged.is_empty(),
        alarm: !raised.is_empty(),
        ..YearOutcome::default()
    };
    for lead in any_lead {
        if !planted(lead) {
            outcome.normal_flagged = true;
        }
        if let Some(index) = lead_index(lead)
            && (0.8..=1.25).contains(&ratio(index))
            && !planted(lead)
        {
            outcome.near_one_flagged = true;
        }
    }
    outcome.planted_first_review = flagged.iter().any(|(lead, direction, review)| {
        planted(lead) && Some(*direction) == wanted && *review == 0
    });
    outcome.planted_flagged = flagged
        .iter()
        .any(|(lead, direction, _)| planted(lead) && Some(*direction) == wanted);
    let months_since_start = |date: jiff::civil::Date| {
        f64::from(date.since(year_start()).map_or(0, |span| span.get_days()))
            / ladder::pace::DAYS_PER_MONTH
    };
    let first_flag = flagged
        .iter()
        .filter(|(lead, direction, _)| planted(lead) && Some(*direction) == wanted)
        .map(|(_, _, review)| reviews[*review])
        .min();
    outcome.planted_months = first_flag
        .into_iter()
        .chain(first_alarm)
        .min()
        .map(months_since_start);
    outcome.planted_flagged_or_alarmed = outcome.planted_flagged
        || raised
            .iter()
            .any(|(lead, direction)| planted(lead) && Some(*direction) == wanted);
    (outcome, highest)
}

/// Shares of simulated years, seeds `0..runs`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct YearRates {
    pub runs: usize,
    pub any: f64,
    pub planted_first_review: f64,
    pub planted_flagged: f64,
    pub planted_flagged_or_alarmed: f64,
    pub normal_flagged: f64,
    pub near_one_flagged: f64,
    pub review_flag: f64,
    pub alarm: f64,
    /// Median months from the year's start to the planted lead's first flag or alarm, among
    /// the years it came.
    pub months_to_flag: Option<f64>,
}

pub fn simulate_years(spec: &YearSpec, runs: usize) -> YearRates {
    use rayon::prelude::*;
    let outcomes: Vec<YearOutcome> = (0..runs as u64)
        .into_par_iter()
        .map(|seed| simulate_year(spec, seed))
        .collect();
    let share = |pick: fn(&YearOutcome) -> bool| {
        outcomes.iter().filter(|outcome| pick(outcome)).count() as f64 / runs.max(1) as f64
    };
    YearRates {
        runs,
        any: share(|o| o.any),
        planted_first_review: share(|o| o.planted_first_review),
        planted_flagged: share(|o| o.planted_flagged),
        planted_flagged_or_alarmed: share(|o| o.planted_flagged_or_alarmed),
        normal_flagged: share(|o| o.normal_flagged),
        near_one_flagged: share(|o| o.near_one_flagged),
        review_flag: share(|o| o.review_flag),
        alarm: share(|o| o.alarm),
        months_to_flag: median(outcomes.iter().filter_map(|o| o.planted_months).collect()),
    }
}

/// The largest alarm statistics of each simulated null year, per direction, for calibrating
/// the thresholds: a year of use with its reviews (which weigh the leads), the alarm never
/// firing.
pub fn null_alarm_maxima(leads: usize, cv: f64, years: usize) -> Vec<(f64, f64)> {
    use rayon::prelude::*;
    let spec = YearSpec::new(leads, cv, false, None);
    (0..years as u64)
        .into_par_iter()
        .map(|seed| year_of_use(&spec, 1_000_000 + seed, true).1)
        .collect()
}

/// The oracle: the test that knows what the data hide. It knows the org's true rate (so it
/// needs no reference) and the true spread between leads (so it needs no estimate of it), and
/// looks when the method does, at each review. Per lead and review it tests the lead's own
/// count in the review's window (24 months) and in its last two quarters against a negative
/// binomial with the true mean and variance e + τ²e², two-sided mid-p; a lead is flagged when
/// the smaller p-value is at most a threshold fitted, by simulating null years of the same
/// org, so that a null org is flagged in 5% of years. No method on these data can do better.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct OracleRates {
    pub runs: usize,
    /// The p-value a flag needs, fitted to 5% of null years.
    pub threshold: f64,
    pub any: f64,
    pub planted_first_review: f64,
    pub planted_flagged: f64,
    pub normal_flagged: f64,
    pub near_one_flagged: f64,
    /// Median months from the year's start to the planted lead's first flag, among the years
    /// it was flagged.
    pub months_to_flag: Option<f64>,
}

/// Months of the recent window both the oracle and the method's recent verdict look at.
pub const RECENT_MONTHS: u32 = ladder::pace::RECENT_MONTHS;

/// Whether a move on a day is counted in a window.
type Counted = Box<dyn Fn(jiff::civil::Date) -> bool>;

/// Per review of the year, per lead: the smaller two-sided p-value of the oracle's two windows
/// and the side the lead falls on.
fn oracle_p_values(spec: &YearSpec, history: &SyntheticHistory) -> Vec<Vec<(f64, bool)>> {
    let settings = year_settings(spec);
    let monthly = spec.steps_per_year / 12.0;
    let tau2 = spec.cv * spec.cv;
    let start = history_start(spec);
    let cycle_dates: Vec<jiff::civil::Date> = (0..2 * (spec.history_years + 1))
        .filter_map(|cycle| {
            start
                .checked_add(jiff::Span::new().months(6 * (cycle + 1) - 1))
                .ok()
                .map(|d| d.last_of_month())
        })
        .collect();
    let moves: Vec<(usize, jiff::civil::Date)> = history
        .events
        .iter()
        .filter(|event| matches!(*event.kind, ladder::diff::ChangeKind::StepUp { .. }))
        .filter_map(|event| {
            let lead = event.after.as_ref()?.lead.as_deref()?;
            let index = lead.strip_prefix("lead-")?.parse().ok()?;
            Some((index, event.date))
        })
        .collect();
    settings
        .reviews
        .iter()
        .filter_map(|&(month, day)| jiff::civil::Date::new(year_start().year(), month, day).ok())
        .map(|review| {
            let windows = [
                ladder::pace::Window::ending(review, 24),
                ladder::pace::Window::ending(review, RECENT_MONTHS),
            ];
            // Per window: what each lead's moves are counted over, in months at the org's rate.
            let counted: Vec<(Counted, f64)> = windows
                .iter()
                .map(|window| {
                    let window = *window;
                    if spec.cycles {
                        // Whole cycles only: those that started in the window and whose grace
                        // period has passed by the review.
                        let cycles: Vec<jiff::civil::Date> = cycle_dates
                            .iter()
                            .copied()
                            .filter(|&c| {
                                window.contains(c)
                                    && c.checked_add(jiff::Span::new().days(21))
                                        .is_ok_and(|landed| landed <= review)
                            })
                            .collect();
                        let months = 6.0 * cycles.len() as f64;
                        let test: Counted = Box::new(move |date| {
                            cycles.iter().any(|&c| {
                                c <= date
                                    && c.checked_add(jiff::Span::new().days(21))
                                        .is_ok_and(|end| date < end)
                            })
                        });
                        (test, months)
                    } else {
                        let months = window.months_of(window.start, window.end).round();
                        let test: Counted = Box::new(move |date| window.contains(date));
                        (test, months)
                    }
                })
                .collect();
            (0..spec.leads)
                .map(|lead| {
                    let mut best = (1.0_f64, true);
                    for (inside, months) in &counted {
                        let observed = moves
                            .iter()
                            .filter(|(who, date)| *who == lead && inside(*date))
                            .count() as u32;
                        let expected = history.reports[lead] as f64 * monthly * months;
                        let p = negative_binomial_mid_p(observed, expected, tau2);
                        if p < best.0 {
                            best = (p, f64::from(observed) > expected);
                        }
                    }
                    best
                })
                .collect()
        })
        .collect()
}

/// Two-sided mid-p of `observed` under a negative binomial with mean `mean` and variance
/// mean + τ²·mean² (Poisson at τ² = 0).
fn negative_binomial_mid_p(observed: u32, mean: f64, tau2: f64) -> f64 {
    use statrs::function::gamma::ln_gamma;
    if mean <= 0.0 {
        return 1.0;
    }
    let ln_pmf = |k: f64| {
        if tau2 <= 0.0 {
            k * mean.ln() - mean - ln_gamma(k + 1.0)
        } else {
            let r = 1.0 / tau2;
            let p = r / (r + mean);
            ln_gamma(k + r) - ln_gamma(r) - ln_gamma(k + 1.0) + r * p.ln() + k * (1.0 - p).ln()
        }
    };
    let at = ln_pmf(f64::from(observed)).exp();
    let lower: f64 = (0..observed).map(|k| ln_pmf(f64::from(k)).exp()).sum();
    let lower = (lower + 0.5 * at).min(1.0);
    let upper = (1.0 - lower).max(0.0);
    (2.0 * lower.min(upper)).min(1.0)
}

/// The oracle's threshold for an org like `spec` without its planted lead: the 5% quantile of
/// the smallest p-value of each of `runs` null years (seeds apart from the method's).
pub fn oracle_threshold(spec: &YearSpec, runs: usize) -> f64 {
    use rayon::prelude::*;
    let null = YearSpec {
        plant: None,
        ..*spec
    };
    let mut minima: Vec<f64> = (0..runs as u64)
        .into_par_iter()
        .map(|seed| {
            let history = year_history(&null, 2_000_000 + seed);
            oracle_p_values(&null, &history)
                .iter()
                .flatten()
                .map(|(p, _)| *p)
                .fold(1.0, f64::min)
        })
        .collect();
    minima.sort_by(f64::total_cmp);
    // The largest threshold that flags at most 5% of the null years.
    let allowed = (runs as f64 * 0.05).floor() as usize;
    let below = minima.get(allowed).copied().unwrap_or(0.0);
    // Flag p ≤ threshold: just below the (allowed + 1)-th smallest minimum.
    below * (1.0 - 1e-9)
}

/// Null years the oracle's threshold is fitted on, at least: it is cheap, and a threshold fitted
/// on few years is noisy.
pub const ORACLE_FIT_YEARS: usize = 1000;

/// The oracle on the same years as [`simulate_years`] (seeds `0..runs`), with its threshold
/// fitted on other null years (at least [`ORACLE_FIT_YEARS`]).
pub fn oracle_years(spec: &YearSpec, runs: usize) -> OracleRates {
    use rayon::prelude::*;
    let threshold = oracle_threshold(spec, runs.max(ORACLE_FIT_YEARS));
    let wanted_faster = spec.plant.map(|plant| plant.multiple > 1.0);
    let outcomes: Vec<(YearOutcome, Option<usize>)> = (0..runs as u64)
        .into_par_iter()
        .map(|seed| {
            let history = year_history(spec, seed);
            let reviews = oracle_p_values(spec, &history);
            let mut outcome = YearOutcome::default();
            let mut first: Option<usize> = None;
            let ratio = |index: usize| {
                let (weighted, reports) = history
                    .multiples
                    .iter()
                    .zip(&history.reports)
                    .enumerate()
                    .filter(|(other, _)| *other != index)
                    .fold((0.0, 0usize), |(sum, count), (_, (m, r))| {
                        (sum + m * *r as f64, count + r)
                    });
                history.multiples[index] / (weighted / reports.max(1) as f64)
            };
            for (review, leads) in reviews.iter().enumerate() {
                for (lead, &(p, faster)) in leads.iter().enumerate() {
                    if p > threshold {
                        continue;
                    }
                    outcome.any = true;
                    let planted = spec.plant.is_some() && lead == 0;
                    if planted && Some(faster) == wanted_faster {
                        outcome.planted_flagged = true;
                        outcome.planted_first_review |= review == 0;
                        first = first.or(Some(review));
                    } else if !planted {
                        outcome.normal_flagged = true;
                        if (0.8..=1.25).contains(&ratio(lead)) {
                            outcome.near_one_flagged = true;
                        }
                    }
                }
            }
            (outcome, first)
        })
        .collect();
    let share = |pick: fn(&YearOutcome) -> bool| {
        outcomes.iter().filter(|(outcome, _)| pick(outcome)).count() as f64 / runs.max(1) as f64
    };
    let months: Vec<f64> = outcomes
        .iter()
        .filter_map(|(_, first)| first.map(|review| 3.0 * (review as f64 + 1.0)))
        .collect();
    OracleRates {
        runs,
        threshold,
        any: share(|o| o.any),
        planted_first_review: share(|o| o.planted_first_review),
        planted_flagged: share(|o| o.planted_flagged),
        normal_flagged: share(|o| o.normal_flagged),
        near_one_flagged: share(|o| o.near_one_flagged),
        months_to_flag: median(months),
    }
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    (!values.is_empty()).then(|| values[values.len() / 2])
}
