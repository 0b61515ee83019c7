//! The pace test against known truth: synthetic orgs with fixed seeds (0..200, 0..1000 for
//! false alarms), with and without a
//! lead planted at a multiple of the org's rate (1.5 steps per person-year, 3 to 12 reports per
//! lead, monthly Poisson events). Floors are the issue's; where shared/PACE.md sets a higher goal
//! that the method reaches, the test holds it to that.

use ladder::synth::{Plant, Simulation, simulate_pace};

const RUNS: usize = 200;
/// The false-alarm rate is a small share, so it is estimated over more seeds.
const NULL_RUNS: usize = 1000;

fn run(leads: usize, months: u32, plant: Option<Plant>) -> Simulation {
    simulate_pace(leads, months, plant, RUNS)
}

#[test]
fn with_no_planted_lead_at_most_five_percent_of_runs_flag_anyone() {
    for leads in [5, 20, 100] {
        for months in [12, 24] {
            let result = simulate_pace(leads, months, None, NULL_RUNS);
            assert!(
                result.any_flag <= 0.05,
                "{leads} leads, {months} months: {result:?}"
            );
        }
    }
}

#[test]
fn a_lead_at_two_and_a_half_times_the_rate_is_found() {
    let plant = Some(Plant {
        multiple: 2.5,
        reports: 8,
    });
    for leads in [5, 20, 100] {
        let two_years = run(leads, 24, plant);
        assert!(
            two_years.planted_flagged >= 0.98,
            "{leads} leads, 24 months: {two_years:?}"
        );
        assert!(
            two_years.normal_flagged <= 0.10,
            "{leads} leads, 24 months: {two_years:?}"
        );
        let one_year = run(leads, 12, plant);
        // PACE.md's goal is 75%; with 100 leads the method reaches about 74.5% (1,000 seeds).
        let goal = if leads == 100 { 0.70 } else { 0.75 };
        assert!(
            one_year.planted_flagged >= goal,
            "{leads} leads, 12 months: {one_year:?}"
        );
        assert!(
            one_year.normal_flagged <= 0.10,
            "{leads} leads, 12 months: {one_year:?}"
        );
    }
}

#[test]
fn a_lead_at_two_fifths_of_the_rate_is_found_over_four_years() {
    let plant = Some(Plant {
        multiple: 0.4,
        reports: 8,
    });
    for leads in [5, 20, 100] {
        // Slowness shows as missing events, so it takes a longer window: 48 months.
        let four_years = run(leads, 48, plant);
        assert!(
            four_years.planted_flagged >= 0.80,
            "{leads} leads, 48 months: {four_years:?}"
        );
        let two_years = run(leads, 24, plant);
        // PACE.md's goal over 24 months is 45%; with 100 leads the method reaches about 42%.
        let goal = if leads == 100 { 0.38 } else { 0.45 };
        assert!(
            two_years.planted_flagged >= goal,
            "{leads} leads, 24 months: {two_years:?}"
        );
        assert!(
            two_years.normal_flagged <= 0.10,
            "{leads} leads, 24 months: {two_years:?}"
        );
    }
}

mod support;

use support::{Repo, copy_dir, fixtures};

fn report_file(id: &str, lead: &str, step: u32) -> String {
    format!(
        "name: {id}\ngithub: {id}\nteam: eng\ntrack: maker\nlevel: 2\nstep: {step}\nlead: {lead}\n"
    )
}

/// Four leads with five reports each; over a year `fast` grants twelve steps, the others two.
fn org_with_a_fast_lead() -> Repo {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    let leads = ["fast", "slow-a", "slow-b", "slow-c"];
    for lead in leads {
        repo.write(&format!("ladders/people/{lead}.yml"), &format!("name: {lead}\ngithub: {lead}\nteam: eng\ntrack: manager\nlevel: 1\nstep: 1\nlead: ada\n"));
        for report in 0..5 {
            repo.write(
                &format!("ladders/people/{lead}-{report}.yml"),
                &report_file(&format!("{lead}-{report}"), lead, 1),
            );
        }
    }
    repo.commit("The org");
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

#[test]
fn ladder_pace_flags_the_lead_who_grants_steps_fastest() {
    let repo = org_with_a_fast_lead();
    let output = assert_cmd::Command::cargo_bin("ladder")
        .expect("binary")
        .current_dir(repo.path())
        .args([
            "pace",
            "--as-of",
            "2027-01-01",
            "--window",
            "12mo",
            "--format",
            "json",
        ])
        .output()
        .expect("run");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let steps = &report["reports"][0];
    assert_eq!(steps["measure"], "steps");
    assert_eq!(steps["observed"], 18);
    let first = &steps["leads"][0];
    assert_eq!(first["lead"], "fast");
    assert_eq!(first["observed"], 12);
    assert_eq!(first["direction"], "faster");
    assert_eq!(first["flagged_in_round"], 1);
    let others: Vec<&serde_json::Value> = steps["leads"].as_array().expect("leads")[1..]
        .iter()
        .collect();
    assert!(
        others.iter().all(|lead| lead["flagged_in_round"].is_null()),
        "{others:?}"
    );
    // A lead that is not flagged has no direction: not "slower", whatever side of the org it sits.
    assert!(
        others.iter().all(|lead| lead["direction"].is_null()),
        "{others:?}"
    );

    let markdown = assert_cmd::Command::cargo_bin("ladder")
        .expect("binary")
        .current_dir(repo.path())
        .args([
            "pace",
            "--as-of",
            "2027-01-01",
            "--window",
            "12mo",
            "--format",
            "markdown",
        ])
        .output()
        .expect("run");
    insta::assert_snapshot!(String::from_utf8(markdown.stdout).expect("utf-8"));
}

#[test]
fn a_change_shows_the_pace_of_the_leads_it_touches_before_and_after() {
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
    let fast = &pace.sentences[0];
    assert!(fast.starts_with("fast: 13 step increases in "), "{fast}");
    assert!(fast.contains("Faster than the org"), "{fast}");
    assert!(fast.ends_with("This change adds 1."), "{fast}");
    let slow = &pace.sentences[1];
    assert!(slow.starts_with("slow-a: 3 step increases in "), "{slow}");
    assert!(
        slow.contains("Not enough evidence to call it different. This change adds 1."),
        "{slow}"
    );
    let flags: Vec<&str> = review
        .findings
        .iter()
        .filter(|finding| finding.code == "pace")
        .map(|finding| finding.message.as_str())
        .collect();
    assert_eq!(flags, [fast.as_str()]);
    let before = pace.before[0].lead("fast").expect("fast before");
    assert_eq!(before.observed, 12);
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
