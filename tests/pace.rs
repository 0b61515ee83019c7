//! The pace test against known truth and on real repositories.
//!
//! Known truth: simulated years of use (docs/pace.md): a synthetic org with two years of
//! history, then a year with a pull-request check on every move and four quarterly reviews,
//! seeds 0..200. The full grid is `cargo bench --bench pace`; here a small grid holds the
//! targets the method reaches, at the floors docs/pace.md reports.

#[path = "support/synth.rs"]
mod synth;

use synth::{Plant, YearSpec, simulate_years};

const RUNS: usize = 200;

fn plant(multiple: f64, from_year_start: bool) -> Option<Plant> {
    Some(Plant {
        multiple,
        reports: 8,
        from_year_start,
    })
}

#[test]
fn a_year_of_use_on_an_org_with_no_different_lead_rarely_flags_anyone() {
    for cycles in [false, true] {
        let rates = simulate_years(&YearSpec::new(20, 0.0, cycles, None), RUNS);
        assert!(rates.any <= 0.05, "cycles {cycles}: {rates:?}");
    }
}

#[test]
fn a_lead_at_two_and_a_half_times_is_flagged_at_the_first_review() {
    let rates = simulate_years(&YearSpec::new(20, 0.0, false, plant(2.5, false)), RUNS);
    // The goal is 98% at the first review; with the null as wide as the spread 19 other leads
    // seem to have, or the floor, the method reaches 91.5% there (88.5% with the tolerance as
    // a hard floor) and more by the year's end (docs/pace.md says why).
    assert!(rates.planted_first_review >= 0.90, "{rates:?}");
    assert!(rates.planted_flagged >= 0.96, "{rates:?}");
    assert!(rates.normal_flagged <= 0.07, "{rates:?}");
}

#[test]
fn a_lead_at_two_fifths_is_flagged_within_the_year() {
    let rates = simulate_years(&YearSpec::new(20, 0.0, false, plant(0.4, false)), RUNS);
    // The goal is 60%; the oracle reaches 52% and the method 49% (38% with the tolerance as a
    // hard floor, which leads that do not differ paid for).
    assert!(rates.planted_flagged_or_alarmed >= 0.47, "{rates:?}");
}

#[test]
fn a_lead_turning_two_and_a_half_times_is_caught_within_the_year() {
    let rates = simulate_years(&YearSpec::new(20, 0.0, false, plant(2.5, true)), RUNS);
    // The goal is 75%; the oracle reaches 63.5% and the method 50.5% (docs/pace.md). Without
    // the recent window the reviews alone caught 27.5%.
    assert!(rates.planted_flagged_or_alarmed >= 0.48, "{rates:?}");
    assert!(rates.planted_flagged >= 0.30, "{rates:?}");
    assert!(rates.months_to_flag.is_some_and(|m| m <= 8.5), "{rates:?}");
}

#[test]
fn an_org_whose_leads_ordinarily_differ_is_rarely_flagged() {
    // CV 0.2: the oracle flags 8% of these years; the method 8.5% (11% before the spread was
    // pooled over the history and floored).
    let rates = simulate_years(&YearSpec::new(20, 0.2, false, None), RUNS);
    assert!(rates.any <= 0.09, "{rates:?}");
    assert!(rates.normal_flagged <= 0.09, "{rates:?}");
}

#[test]
fn a_lead_turning_faster_is_flagged_on_the_recent_window_and_told_so() {
    use ladder::pace::{Detail, Period, Shape, sentence, verdict};
    let spec = YearSpec::new(20, 0.0, false, plant(2.5, true));
    let settings = synth::year_settings(&spec);
    let review = settings.find_review("2026Q3").expect("review");
    let mut recent = 0;
    for seed in 0..20 {
        let history = synth::year_history(&spec, seed);
        let events: Vec<&ladder::history::Event> = history.events.iter().collect();
        let report = verdict(
            &events,
            review.clone(),
            &settings,
            &Shape::default(),
            Detail::All,
        );
        for lead in report.flagged() {
            let figures = lead.recent.as_ref().expect("every lead has recent figures");
            assert_eq!(figures.months, 6);
            if lead.flagged_in != Some(Period::Recent) {
                continue;
            }
            assert_eq!(&*lead.lead, "lead-0", "seed {seed}: {lead:?}");
            assert!(figures.tested, "{figures:?}");
            assert!(figures.rate_ratio > lead.rate_ratio, "{lead:?}");
            recent += 1;
            let text = sentence(&report, lead, "");
            assert!(
                text.contains(". In the last 6 months: ")
                    && text.contains(
                        "Flagged at the 2026-Q3 review: faster than the org in the last 6 months, after allowing for 20 leads, each over 24 months and the last 6, and 4 reviews a year"
                    ),
                "{text}"
            );
            assert_eq!(lead.flag_ratio(), (figures.rate_ratio, Some(6)));
            let headline = ladder::pace::words::headline(lead, "", ladder::pace::Unit::Lead);
            assert!(
                headline.contains("as often as other leads in the last 6 months, more than chance"),
                "{headline}"
            );
        }
    }
    // At the third review the turning lead has had six months at 2.5×, the whole window 9 of 24.
    assert!(recent >= 5, "{recent} of 20 flagged on the recent window");
}

#[test]
fn ordinary_variation_between_teams_is_not_flagged() {
    // CV 0.35 across 20 leads: a lead within 0.8–1.25 of the rest is not a finding.
    let rates = simulate_years(&YearSpec::new(20, 0.35, false, None), RUNS);
    assert!(rates.near_one_flagged <= 0.05, "{rates:?}");
}

mod support;

use support::{Repo, copy_dir, fixtures, ladder_stdout};

fn report_file(id: &str, lead: &str, step: u32) -> String {
    format!(
        "name: {id}\ngithub: {id}\nteam: eng\ntrack: maker\nlevel: 2\nstep: {step}\nlead: {lead}\n"
    )
}

const LEADS: [&str; 4] = ["fast", "slow-a", "slow-b", "slow-c"];

/// Four leads under ada, each with `reports` reports at step 1, committed.
fn four_leads(reports: usize) -> Repo {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    for lead in LEADS {
        repo.write(&format!("ladders/people/{lead}.yml"), &format!("name: {lead}\ngithub: {lead}\nteam: eng\ntrack: manager\nlevel: 1\nstep: 1\nlead: ada\n"));
        for report in 0..reports {
            repo.write(
                &format!("ladders/people/{lead}-{report}.yml"),
                &report_file(&format!("{lead}-{report}"), lead, 1),
            );
        }
    }
    repo.commit("The org");
    repo
}

/// Four leads with five reports each; over a year `fast` grants twelve steps, the others two.
fn org_with_a_fast_lead() -> Repo {
    let mut repo = four_leads(5);
    let leads = LEADS;
    let mut steps = std::collections::BTreeMap::new();
    let mut grants: Vec<(&str, usize)> = (0..12).map(|n| ("fast", n % 5)).collect();
    for lead in &leads[1..] {
        grants.push((lead, 0));
        grants.push((lead, 1));
    }
    for (n, (lead, report)) in grants.iter().enumerate() {
        repo.advance(if n % 2 == 0 { 20 } else { 5 });
        let id = format!("{lead}-{report}");
        let step = steps.entry(id.clone()).or_insert(1);
        *step += 1;
        repo.write(
            &format!("ladders/people/{id}.yml"),
            &report_file(&id, lead, *step),
        );
        repo.commit(&format!("A step for {id} (#{})", n + 1));
    }
    repo
}

fn pace_json(repo: &Repo, args: &[&str]) -> serde_json::Value {
    let args = [&["pace"], args, &["--format", "json"]].concat();
    serde_json::from_str(&ladder_stdout(repo.path(), &args)).expect("json")
}

fn leads_of<'a>(report: &'a serde_json::Value, measure: &str) -> Vec<&'a serde_json::Value> {
    report["leads"]
        .as_array()
        .expect("leads")
        .iter()
        .filter(|lead| lead["measure"] == measure)
        .collect()
}

#[test]
fn ladder_pace_flags_the_lead_who_grants_steps_fastest_at_the_review() {
    let repo = org_with_a_fast_lead();
    let json = pace_json(&repo, &["--as-of", "2027-01-01"]);
    assert_eq!(json["version"], 2);
    let review = &json["review"];
    assert_eq!(review["review"]["label"], "2026-Q4");
    assert_eq!(review["review"]["date"], "2026-12-31");
    // The history is shorter than two years, so the default window is one year.
    assert_eq!(review["window"]["start"], "2026-01-01");
    assert_eq!(review["reviews_per_year"], 4);
    let steps = leads_of(review, "steps");
    let first = steps[0];
    assert_eq!(first["lead"], "fast");
    assert_eq!(first["moves"], 12);
    assert_eq!(first["direction"], "faster");
    assert_eq!(first["round"], 1);
    // The interval inverts the same test: a flag's interval leaves out 1.
    assert!(first["interval"][0].as_f64().expect("low") > 1.0, "{first}");
    for other in &steps[1..] {
        assert!(other["round"].is_null(), "{other}");
        // A lead that is not flagged has no direction, whatever side of the org it sits.
        assert!(other["direction"].is_null(), "{other}");
    }
    // Fewer than 20 leads: the policy's tolerance is the spread, and it is said.
    assert_eq!(review["measures"][0]["spread"], 0.15);
    assert_eq!(review["measures"][0]["spread_estimated"], false);

    let markdown = ladder_stdout(
        repo.path(),
        &["pace", "--as-of", "2027-01-01", "--format", "markdown"],
    );
    insta::assert_snapshot!(markdown);
}

#[test]
fn a_review_verdict_is_the_same_whenever_it_is_read() {
    let mut repo = org_with_a_fast_lead();
    let then = pace_json(&repo, &["--review", "2026Q3", "--as-of", "2026-10-15"]);
    assert_eq!(then["review"]["review"]["label"], "2026-Q3");
    let flagged: Vec<&serde_json::Value> = leads_of(&then["review"], "steps")
        .into_iter()
        .filter(|lead| !lead["round"].is_null())
        .collect();
    assert_eq!(flagged.len(), 1, "{}", then["review"]);
    // Months later, with moves the review never saw, the 2026-Q3 verdict reads the same.
    repo.advance(60);
    for (n, lead) in ["slow-a", "slow-b", "slow-c", "slow-a"].iter().enumerate() {
        repo.advance(15);
        let id = format!("{lead}-{}", 2 + n % 2);
        repo.write(
            &format!("ladders/people/{id}.yml"),
            &report_file(&id, lead, 2),
        );
        repo.commit(&format!("A step for {id}"));
    }
    let later = pace_json(&repo, &["--review", "2026-Q3", "--as-of", "2027-02-01"]);
    assert_eq!(later["review"], then["review"]);
    assert_ne!(later["now"], then["now"]);
    // A review that has not happened yet is refused.
    let early = assert_cmd::Command::cargo_bin("ladder")
        .expect("binary")
        .current_dir(repo.path())
        .args(["pace", "--review", "2027Q2", "--as-of", "2027-02-01"])
        .output()
        .expect("run");
    assert_eq!(early.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&early.stderr)
            .contains("the 2027-Q2 review falls after 2027-02-01"),
        "{}",
        String::from_utf8_lossy(&early.stderr)
    );
}

#[test]
fn the_tolerance_widens_the_null_and_is_printed() {
    let mut repo = org_with_a_fast_lead();
    let narrow = pace_json(&repo, &["--as-of", "2027-01-01"]);
    let framework =
        std::fs::read_to_string(repo.path().join("ladders/framework.yml")).expect("framework");
    repo.write(
        "ladders/framework.yml",
        &format!("{framework}  pace:\n    tolerance: 0.5\n"),
    );
    repo.commit("Leads differ more than we thought");
    let wide = pace_json(&repo, &["--as-of", "2027-01-01"]);
    let p = |json: &serde_json::Value| {
        leads_of(&json["review"], "steps")
            .into_iter()
            .find(|lead| lead["lead"] == "fast")
            .and_then(|lead| lead["p"].as_f64())
            .expect("p")
    };
    assert!(p(&wide) > p(&narrow), "{} {}", p(&wide), p(&narrow));
    assert_eq!(wide["review"]["measures"][0]["spread"], 0.5);
    let text = ladder_stdout(repo.path(), &["pace", "--as-of", "2027-01-01"]);
    assert!(
        text.contains("leads normally differ by about ±50%"),
        "{text}"
    );
}

#[test]
fn with_calibration_cycles_exposure_is_counted_in_report_cycles() {
    let mut repo = org_with_a_fast_lead();
    let framework =
        std::fs::read_to_string(repo.path().join("ladders/framework.yml")).expect("framework");
    repo.write(
        "ladders/framework.yml",
        &format!("{framework}  pace:\n    cycles: half-yearly\n    cycle_grace_days: 10\n"),
    );
    repo.commit("Steps at two calibrations a year");
    let json = pace_json(&repo, &["--as-of", "2027-01-01"]);
    let review = &json["review"];
    assert_eq!(review["cycles"], true);
    // Two cycle dates in the window (06-30 and 12-31); each lead's five reports (the lead's
    // own placement reports to ada) count at each date while they can still step up.
    let slow = leads_of(review, "levels")
        .into_iter()
        .find(|lead| lead["lead"] == "slow-b")
        .expect("slow-b");
    assert_eq!(slow["exposure"], 10.0);
    // Moves land in the cycle whose grace period they fall in: every step counts once.
    let moves: u64 = leads_of(review, "steps")
        .iter()
        .map(|lead| lead["moves"].as_u64().expect("moves"))
        .sum();
    assert_eq!(moves, 18);
    let text = ladder_stdout(repo.path(), &["pace", "--as-of", "2027-01-01"]);
    assert!(text.contains("eligible report-cycles"), "{text}");
}

#[test]
fn a_change_shows_the_pace_of_the_leads_it_touches_with_the_standing_verdict() {
    let mut repo = org_with_a_fast_lead();
    repo.advance(10);
    repo.write(
        "ladders/people/fast-4.yml",
        &report_file("fast-4", "fast", 4),
    );
    repo.write(
        "ladders/people/slow-a-3.yml",
        &report_file("slow-a-3", "slow-a", 2),
    );
    repo.commit("Two more steps");
    let mut review = ladder::review::review(
        &repo.repo,
        "ladders",
        "HEAD~1",
        ladder::review::Head::Revision("HEAD"),
        None,
    )
    .expect("review");
    let as_of = "2026-12-20".parse().expect("date");
    ladder::review::add_pace(&mut review, &repo.repo, "HEAD~1", "ladders", as_of, None)
        .expect("pace");
    let pace = review.pace.as_ref().expect("pace");
    assert_eq!(pace.leads, ["fast", "slow-a"]);
    // Fast's flag is said once, as a finding, in words first and figures after.
    assert!(
        !pace
            .sentences
            .iter()
            .any(|sentence| sentence.starts_with("fast: 13 step-up")),
        "{:?}",
        pace.sentences
    );
    let flags: Vec<&str> = review
        .findings
        .iter()
        .filter(|finding| finding.code == "pace")
        .map(|finding| finding.message.as_str())
        .collect();
    assert_eq!(flags.len(), 1, "{flags:?}");
    let fast = flags[0];
    assert!(
        fast.starts_with("fast moved people up a step about ")
            && fast.contains(" times as often as other leads, more than chance explains. The figures: 13 step-up moves in "),
        "{fast}"
    );
    assert!(
        fast.contains("This change adds 1. On the base branch: 12 of "),
        "{fast}"
    );
    assert!(
        fast.contains("Flagged at the 2026-Q3 review: faster than the org, after allowing for"),
        "{fast}"
    );
    let slow = pace
        .sentences
        .iter()
        .find(|sentence| sentence.starts_with("slow-a: 3 step-up moves in "))
        .expect("slow-a's steps");
    assert!(
        slow.contains("Not flagged at the 2026-Q3 review."),
        "{slow}"
    );
    assert!(
        review
            .findings
            .iter()
            .filter(|finding| finding.code.starts_with("pace"))
            .all(|finding| finding.severity == ladder::finding::Severity::Warning)
    );
    let before = pace
        .before
        .lead("fast", ladder::pace::Measure::Steps)
        .expect("fast before");
    assert_eq!(before.moves, 12);
}

/// Four leads with six reports each; every lead grants a step in turn until the first quarter's
/// review, then `fast` grants `streak` steps in a row.
fn org_where_fast_speeds_up_after_the_review(streak: usize) -> Repo {
    let mut repo = four_leads(6);
    let leads = LEADS;
    let mut steps = std::collections::BTreeMap::new();
    let mut step = |repo: &mut Repo, lead: &str, report: usize| {
        let id = format!("{lead}-{report}");
        let step = steps.entry(id.clone()).or_insert(1);
        *step += 1;
        repo.write(
            &format!("ladders/people/{id}.yml"),
            &report_file(&id, lead, *step),
        );
        repo.commit(&format!("A step for {id}"));
    };
    for round in 0..2 {
        for lead in leads {
            repo.advance(8);
            step(&mut repo, lead, round);
        }
    }
    // Past the 2026-Q1 review (the clock starts on 2026-01-01).
    repo.advance(30);
    for n in 0..streak {
        repo.advance(2);
        step(&mut repo, "fast", 2 + n % 4);
    }
    repo
}

#[test]
fn the_live_alarm_says_when_a_pull_requests_own_moves_cross_the_threshold() {
    let mut repo = org_where_fast_speeds_up_after_the_review(8);
    // The pull request: a step for each of fast's six reports in one change.
    for report in 0..6 {
        let id = format!("fast-{report}");
        let text = std::fs::read_to_string(repo.path().join(format!("ladders/people/{id}.yml")))
            .expect("placement");
        let step: u32 = text
            .lines()
            .find_map(|line| line.strip_prefix("step: "))
            .and_then(|step| step.parse().ok())
            .expect("step");
        repo.write(
            &format!("ladders/people/{id}.yml"),
            &report_file(&id, "fast", step + 1),
        );
    }
    repo.commit("Six steps at once");
    let mut review = ladder::review::review(
        &repo.repo,
        "ladders",
        "HEAD~1",
        ladder::review::Head::Revision("HEAD"),
        None,
    )
    .expect("review");
    let as_of = "2026-05-20".parse().expect("date");
    ladder::review::add_pace(&mut review, &repo.repo, "HEAD~1", "ladders", as_of, None)
        .expect("pace");
    let pace = review.pace.as_ref().expect("pace");
    assert_eq!(
        pace.review.review.as_ref().expect("review").label,
        "2026-Q1"
    );
    let before = pace.alarm_before.lead("fast").expect("fast is watched");
    assert!(before.raised().is_none(), "{before:?}");
    assert!(before.faster > 0.0 && before.faster < pace.alarm_before.thresholds.faster);
    let after = pace.alarm_after.lead("fast").expect("fast is watched");
    let raised = after.raised().expect("the change raises the alarm");
    assert_eq!(raised.direction, ladder::pace::Direction::Faster);
    // The pull request's own moves crossed it: they have no commit yet.
    assert_eq!(raised.commit, "");
    let alarm: Vec<&str> = review
        .findings
        .iter()
        .filter(|finding| finding.code == "pace-alarm")
        .map(|finding| finding.message.as_str())
        .collect();
    assert_eq!(alarm.len(), 1, "{alarm:?}");
    assert!(
        alarm[0].contains(
            "This change's own moves take the lead over the threshold (faster than their share)."
        ),
        "{}",
        alarm[0]
    );
    // The flag decision waits for the review: a pace finding is a warning.
    assert!(
        review
            .findings
            .iter()
            .filter(|finding| finding.code.starts_with("pace"))
            .all(|finding| finding.severity == ladder::finding::Severity::Warning)
    );
}

#[test]
fn a_level_change_sooner_than_the_typical_time_is_a_notice() {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    repo.commit("The org");
    let dee = |level: u32| {
        format!(
            "name: Dee Dijkstra\ngithub: dee\nteam: eng\ntrack: maker\nlevel: {level}\nstep: 1\nlead: bob\n"
        )
    };
    repo.write("ladders/people/dee.yml", &dee(1));
    repo.commit("Hire Dee");
    repo.advance(90);
    repo.write("ladders/people/dee.yml", &dee(2));
    repo.write(
        "ladders/cases/dee.md",
        "---\nperson: dee\nlevel: 2\n---\nDee is ready.\n",
    );
    // Cy came with the framework: when Cy reached level 1 is unknown, so no notice for Cy.
    repo.write(
        "ladders/people/cy.yml",
        "name: Cy Hopper\ngithub: cy\nteam: eng\ntrack: maker\nlevel: 2\nstep: 1\nlead: bob\n",
    );
    repo.write(
        "ladders/cases/cy.md",
        "---\nperson: cy\nlevel: 2\n---\nCy is ready.\n",
    );
    repo.commit("Promote Dee and Cy");
    let mut review = ladder::review::review(
        &repo.repo,
        "ladders",
        "HEAD~1",
        ladder::review::Head::Revision("HEAD"),
        None,
    )
    .expect("review");
    let as_of = "2026-04-04".parse().expect("date");
    ladder::review::add_pace(&mut review, &repo.repo, "HEAD~1", "ladders", as_of, None)
        .expect("pace");
    let notices: Vec<&str> = review
        .findings
        .iter()
        .filter(|finding| finding.code == "sooner-than-typical")
        .map(|finding| finding.message.as_str())
        .collect();
    assert_eq!(
        notices,
        [
            "Dee Dijkstra (dee) moves up after 3 months at maker level 1; the framework's typical time there is 12 months"
        ]
    );
}

#[test]
fn the_calibration_packet_gives_each_lead_their_reports_changes_and_verdict() {
    let repo = org_with_a_fast_lead();
    let args = ["calibrate", "--quarter", "2026Q4", "--as-of", "2026-12-31"];
    let markdown = ladder_stdout(repo.path(), &args);
    insta::assert_snapshot!("calibration_packet", markdown);
    let json = ladder_stdout(
        repo.path(),
        &[&args[..], &["--format", "json", "--lead", "fast"]].concat(),
    );
    let packet: serde_json::Value = serde_json::from_str(&json).expect("json");
    let leads = packet["leads"].as_array().expect("leads");
    assert_eq!(leads.len(), 1);
    assert_eq!(leads[0]["lead"], "fast");
    assert_eq!(leads[0]["flagged"], true);
    assert_eq!(leads[0]["reports"].as_array().map(Vec::len), Some(5));
    // Within the five quarters the page covers: fast's five reports joined, and fast granted
    // twelve steps.
    let kinds: Vec<&str> = leads[0]["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter_map(|change| change["kind"].as_str())
        .collect();
    assert_eq!(kinds.iter().filter(|kind| **kind == "step-up").count(), 12);
    assert_eq!(kinds.iter().filter(|kind| **kind == "hire").count(), 5);
    assert_eq!(packet["review"], "2026-Q4");

    // One reading of time in level: the packet and `show` say the same for the same dates.
    let row = markdown
        .lines()
        .find(|line| line.starts_with("| fast-0 |"))
        .expect("fast-0's row");
    let show = ladder_stdout(repo.path(), &["show", "fast-0", "--as-of", "2026-12-31"]);
    let in_step = show
        .lines()
        .find_map(|line| line.trim().strip_prefix("in step "))
        .and_then(|rest| {
            rest.split_once('(')
                .map(|(_, held)| held.trim_end_matches(')'))
        })
        .expect("time in step");
    assert!(row.contains(&format!("| {in_step} |")), "{row} / {show}");
}

/// The four fields every tested unit carries, whatever else its report holds.
fn assert_unit_contract(report: &serde_json::Value, review: Option<&str>) -> usize {
    let mut tested = 0;
    for unit in report["leads"].as_array().expect("leads") {
        if unit["tested"] != true {
            continue;
        }
        tested += 1;
        let flagged = unit["flagged"].as_bool().expect("flagged is a bool");
        match unit.get("direction").expect("direction is written") {
            serde_json::Value::Null => assert!(!flagged, "{unit}"),
            direction => {
                assert!(flagged, "{unit}");
                assert!(direction == "faster" || direction == "slower", "{unit}");
            }
        }
        assert!(unit["alarm"].is_boolean(), "{unit}");
        assert_eq!(
            unit.get("review").expect("review is written").as_str(),
            review,
            "{unit}"
        );
    }
    tested
}

fn unit_required(kind: &str) -> Vec<String> {
    let schema: serde_json::Value =
        serde_json::from_str(&ladder::report::schema_json(kind).expect("schema")).expect("json");
    schema["definitions"]["LeadResult"]["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(|field| field.as_str().map(str::to_string))
        .collect()
}

#[test]
fn every_tested_unit_in_the_json_says_flagged_direction_alarm_and_review() {
    let repo = org_with_a_fast_lead();
    let json = pace_json(&repo, &["--as-of", "2027-01-01"]);
    assert!(assert_unit_contract(&json["review"], Some("2026-Q4")) >= 4);
    // The figures on a day that is no review are no review's verdict.
    assert!(assert_unit_contract(&json["now"], None) >= 4);
    let fast = leads_of(&json["review"], "steps")[0];
    assert_eq!(
        (&fast["lead"], &fast["flagged"]),
        (&"fast".into(), &true.into())
    );

    // The PR check's JSON: the standing verdict, and the figures before and after the change,
    // with the alarm the change raises.
    let mut repo = org_where_fast_speeds_up_after_the_review(8);
    for report in 0..6 {
        let id = format!("fast-{report}");
        let text = std::fs::read_to_string(repo.path().join(format!("ladders/people/{id}.yml")))
            .expect("placement");
        let step: u32 = text
            .lines()
            .find_map(|line| line.strip_prefix("step: "))
            .and_then(|step| step.parse().ok())
            .expect("step");
        repo.write(
            &format!("ladders/people/{id}.yml"),
            &report_file(&id, "fast", step + 1),
        );
    }
    repo.commit("Six steps at once");
    let mut review = ladder::review::review(
        &repo.repo,
        "ladders",
        "HEAD~1",
        ladder::review::Head::Revision("HEAD"),
        None,
    )
    .expect("review");
    let as_of = "2026-05-20".parse().expect("date");
    ladder::review::add_pace(&mut review, &repo.repo, "HEAD~1", "ladders", as_of, None)
        .expect("pace");
    let check: serde_json::Value =
        serde_json::from_str(&ladder::report::review::render_json(&review)).expect("json");
    let pace = &check["pace"];
    // Too few moves were made by the 2026-Q1 review to test anyone; every lead is tested now.
    assert_eq!(assert_unit_contract(&pace["review"], Some("2026-Q1")), 0);
    assert!(assert_unit_contract(&pace["before"], None) >= 4);
    assert!(assert_unit_contract(&pace["after"], None) >= 4);
    let alarmed = |report: &serde_json::Value| {
        leads_of(report, "steps")
            .into_iter()
            .find(|unit| unit["lead"] == "fast")
            .map(|unit| unit["alarm"].clone())
    };
    assert_eq!(alarmed(&pace["before"]), Some(false.into()));
    assert_eq!(alarmed(&pace["after"]), Some(true.into()));

    // The schemas promise the same four fields, null included.
    for kind in ladder::report::SCHEMAS {
        let required = unit_required(kind);
        for field in ["flagged", "direction", "alarm", "review"] {
            assert!(required.iter().any(|r| r == field), "{kind}: {field}");
        }
    }
}

/// The first review of the simulated year, over `spec`'s history, for seeds `0..seeds`.
fn first_reviews(spec: &YearSpec, seeds: u64) -> Vec<ladder::pace::PaceReport> {
    first_reviews_with(spec, seeds, &synth::year_settings(spec))
}

fn first_reviews_with(
    spec: &YearSpec,
    seeds: u64,
    settings: &ladder::pace::Settings,
) -> Vec<ladder::pace::PaceReport> {
    use ladder::pace::{Detail, Shape, verdict};
    let review = settings.find_review("2026Q1").expect("review");
    (0..seeds)
        .map(|seed| {
            let history = synth::year_history(spec, seed);
            let events: Vec<&ladder::history::Event> = history.events.iter().collect();
            verdict(
                &events,
                review.clone(),
                settings,
                &Shape::default(),
                Detail::All,
            )
        })
        .collect()
}

#[test]
fn the_spread_between_leads_rests_on_every_window_the_history_holds() {
    let mut short = YearSpec::new(20, 0.2, false, None);
    short.history_years = 1;
    let mut long = short;
    long.history_years = 6;
    let error = |spec: &YearSpec| {
        let reports = first_reviews(spec, 30);
        let mut squared = 0.0;
        for report in &reports {
            let steps = &report.measures[0];
            let estimate = steps.spread_estimate.expect("20 leads are estimated from");
            let [low, high] = steps.spread_interval.expect("an interval");
            assert!(low <= estimate && estimate <= high, "{steps:?}");
            // Never below the floor: the default tolerance, or less where the history allows.
            let at_most = steps.spread_at_most.expect("a bound");
            assert!(
                (steps.spread_floor - at_most.min(0.15)).abs() < 1e-9,
                "{steps:?}"
            );
            assert!(
                (steps.spread - estimate.max(steps.spread_floor)).abs() < 1e-9,
                "{steps:?}"
            );
            squared += (estimate - 0.2).powi(2);
        }
        let windows = reports[0].measures[0].spread_windows;
        (squared / reports.len() as f64, windows)
    };
    let (short_error, short_windows) = error(&short);
    let (long_error, long_windows) = error(&long);
    // A year of history before a 24-month window holds no earlier window; six years hold three.
    assert_eq!(short_windows, 1);
    assert!(long_windows >= 3, "{long_windows}");
    assert!(
        long_error < short_error / 1.5,
        "mean squared error of the spread: {long_error:.4} over {long_windows} windows, {short_error:.4} over one"
    );
}

#[test]
fn a_spread_below_the_floor_is_said_as_the_floor_with_the_estimate_beside_it() {
    use ladder::pace::{Unit, words};
    let mut spec = YearSpec::new(20, 0.0, false, None);
    spec.history_years = 6;
    // A policy that names its tolerance keeps it as the floor.
    let written = ladder::pace::Settings {
        tolerance_written: true,
        ..synth::year_settings(&spec)
    };
    let reports = first_reviews_with(&spec, 10, &written);
    let below = reports
        .iter()
        .map(|report| &report.measures[0])
        .find(|steps| steps.spread_estimate.is_some_and(|estimate| estimate < 0.1))
        .expect("leads that do not differ give an estimate under the tolerance");
    assert_eq!(below.spread_floor, 0.15);
    let text = words::spread(below, 20, Unit::Lead);
    assert!(
        text.starts_with(
            "leads are taken to differ by about ±15%, the policy's tolerance (they differ by "
        ) && text.contains(" windows of the history, 95% interval "),
        "{text}"
    );
    // Left at its default, the tolerance yields to what six years of alike leads show.
    let reports = first_reviews(&spec, 10);
    let lowered = reports
        .iter()
        .map(|report| &report.measures[0])
        .find(|steps| {
            steps.spread_floor < 0.15 && steps.spread_estimate.is_some_and(|e| e < steps.spread)
        })
        .expect("alike leads over six years allow a floor under the default");
    let text = words::spread(lowered, 20, Unit::Lead);
    assert!(
        text.starts_with("leads are taken to differ by about ±")
            && text.contains(", the most the history allows, at 80% confidence (they differ by ")
            && text.contains(" windows of the history, 95% interval "),
        "{text}"
    );
}

/// Floats of two reports' JSON within `relative` of each other, everything else equal.
fn alike(a: &serde_json::Value, b: &serde_json::Value, relative: f64, at: &str) {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            assert!(
                (x - y).abs() <= relative * x.abs().max(y.abs()).max(1e-12),
                "{at}: {x} against {y}"
            );
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{at}");
            for (index, (x, y)) in x.iter().zip(y).enumerate() {
                alike(x, y, relative, &format!("{at}[{index}]"));
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            assert_eq!(
                x.keys().collect::<Vec<_>>(),
                y.keys().collect::<Vec<_>>(),
                "{at}"
            );
            for (key, x) in x {
                alike(x, &y[key], relative, &format!("{at}.{key}"));
            }
        }
        _ => assert_eq!(a, b, "{at}"),
    }
}

#[test]
fn the_pull_request_figures_from_one_pass_equal_a_pass_each() {
    use ladder::pace::{Detail, around_change, evaluate, verdict};
    for (leads, years, seed) in [(30, 6, 1), (8, 2, 2), (60, 4, 3)] {
        let mut spec = YearSpec::new(leads, 0.2, false, plant(2.5, false));
        spec.history_years = years;
        let history = synth::year_history(&spec, seed);
        let settings = synth::year_settings(&spec);
        let shape = ladder::pace::Shape::default();
        // Checked in April of the year of use, on the history up to then.
        let as_of = jiff::civil::date(2026, 4, 15);
        let kept: Vec<ladder::history::Event> = history
            .events
            .iter()
            .filter(|event| event.date <= as_of)
            .cloned()
            .collect();
        let base: Vec<&ladder::history::Event> = kept.iter().collect();
        // The change: two of the history's moves up made again on the day of the check.
        let added: Vec<ladder::history::Event> = kept
            .iter()
            .rev()
            .filter(|event| matches!(*event.kind, ladder::diff::ChangeKind::StepUp { .. }))
            .take(2)
            .map(|event| ladder::history::Event {
                date: as_of,
                ..event.clone()
            })
            .collect();
        let added_refs: Vec<&ladder::history::Event> = added.iter().collect();
        let with_change: Vec<&ladder::history::Event> = kept.iter().chain(&added).collect();
        let standing_date = |standing: &ladder::pace::PaceReport| standing.date;
        let (standing, date, before, after) = around_change(
            &base,
            &added_refs,
            as_of,
            &settings,
            &shape,
            Detail::All,
            standing_date,
        )
        .expect("no cycles, nothing after the check");
        assert_eq!(date, standing.date, "`then` is given the standing verdict");
        let each = [
            verdict(
                &base,
                settings.standing_review(as_of),
                &settings,
                &shape,
                Detail::All,
            ),
            evaluate(&base, as_of, &settings, &shape, None, Detail::All),
            evaluate(&with_change, as_of, &settings, &shape, None, Detail::All),
        ];
        for (one, (name, apart)) in [standing, before, after]
            .iter()
            .zip(["standing review", "before", "after"].iter().zip(&each))
        {
            let json = |report| serde_json::to_value(report).expect("json");
            alike(
                &json(one),
                &json(apart),
                1e-9,
                &format!("{leads} leads, {name}"),
            );
        }
        assert!(
            each[0].measures[0].spread_windows > 1 || years < 4,
            "the earlier windows are part of what is compared"
        );
    }
}
