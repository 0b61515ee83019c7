//! Rules between placements: who may lead (`policy.leads`), several roles on one placement, and
//! review cycles on each teammate's anniversary. Each story starts from a shipped example.

mod support;

use std::path::Path;

use ladder::check::check_snapshot;
use ladder::finding::{Finding, Severity};
use ladder::snapshot::load_dir;
use support::{Repo, copy_dir};

fn example(folder: &str) -> Repo {
    let repo = Repo::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join(folder), &repo.ladders());
    repo
}

/// Adds lines at the end of the framework's policy block (the examples end with it).
fn add_to_policy(repo: &Repo, lines: &str) {
    let path = repo.ladders().join("framework.yml");
    let mut text = std::fs::read_to_string(&path).expect("framework");
    assert!(
        text.contains("\npolicy:\n"),
        "the example has a policy block"
    );
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(lines);
    std::fs::write(&path, text).expect("write");
}

fn check(repo: &Repo) -> Vec<Finding> {
    let snapshot = load_dir(&repo.ladders(), "ladders").expect("load");
    check_snapshot(&snapshot)
}

fn with_code<'a>(findings: &'a [Finding], prefix: &str) -> Vec<&'a Finding> {
    findings
        .iter()
        .filter(|finding| finding.code.starts_with(prefix))
        .collect()
}

fn place(finding: &Finding) -> String {
    let location = finding.location.as_ref().expect("a place");
    format!("{}:{}", location.file, location.pos.line)
}

#[test]
fn leads_at_ic3_or_above_hold_on_dropbox_and_ic4_names_each_lead_below_it() {
    // Dropbox's levels sit on one scale: M3 is grade 3 beside IC3.
    let repo = example("examples/dropbox/ladders");
    add_to_policy(&repo, "  leads:\n    min_level: IC3\n");
    let findings = check(&repo);
    assert_eq!(with_code(&findings, "lead-"), Vec::<&Finding>::new());

    let repo = example("examples/dropbox/ladders");
    add_to_policy(
        &repo,
        "  leads:\n    min_level: IC4\n    above_reports: true\n",
    );
    let findings = check(&repo);
    let below: Vec<(String, &str)> = with_code(&findings, "lead-below-minimum")
        .into_iter()
        .map(|finding| (place(finding), finding.message.as_str()))
        .collect();
    assert_eq!(
        below,
        [
            (
                "ladders/people/nora-quinn.yml:6".to_string(),
                "`nora-quinn` leads 1 teammate (eli-watts) but is at IC3, below IC4, the lowest level a lead may hold"
            ),
            (
                "ladders/people/sofia-grant.yml:6".to_string(),
                "`sofia-grant` leads 3 teammates (ana-lima, maya-cohen, tariq-aziz) but is at M3 (grade 3), below IC4 (grade 4), the lowest level a lead may hold"
            ),
        ]
    );
    let not_above: Vec<(String, &str)> = with_code(&findings, "lead-not-above-report")
        .into_iter()
        .map(|finding| (place(finding), finding.message.as_str()))
        .collect();
    assert_eq!(
        not_above,
        [
            (
                "ladders/people/ana-lima.yml:7".to_string(),
                "`sofia-grant` leads `ana-lima` but is at M3 (grade 3), not above ana-lima's IC3 (grade 3): a lead's level is above their reports'"
            ),
            (
                "ladders/people/lukas-berg.yml:8".to_string(),
                "`owen-fields` leads `lukas-berg` but is at M5 (grade 5), not above lukas-berg's IC5 (grade 5): a lead's level is above their reports'"
            ),
            (
                "ladders/people/maya-cohen.yml:7".to_string(),
                "`sofia-grant` leads `maya-cohen` but is at M3 (grade 3), not above maya-cohen's IC4 (grade 4): a lead's level is above their reports'"
            ),
        ]
    );
    assert!(
        findings
            .iter()
            .filter(|finding| finding.code.starts_with("lead-"))
            .all(|finding| finding.severity == Severity::Error)
    );
}

#[test]
fn a_minimum_per_track_judges_each_track_by_its_own_numbers_and_says_what_it_cannot_compare() {
    // The fixture numbers each track from 1, with no grades: maker 2 and manager 2 do not compare.
    let repo = Repo::new();
    copy_dir(&support::fixtures().join("base"), &repo.ladders());
    add_to_policy(
        &repo,
        "  leads:\n    min_level: {maker: 2, manager: 1}\n    above_reports: true\n",
    );
    let findings = check(&repo);
    let lines: Vec<String> = with_code(&findings, "lead-")
        .into_iter()
        .map(|finding| format!("{} {}: {}", place(finding), finding.code, finding.message))
        .collect();
    assert_eq!(
        lines,
        [
            "ladders/framework.yml:39 lead-rule-unjudged: `above_reports` cannot compare 1 pair of lead and report on tracks that share no grade: ada (manager) and bob (maker)"
        ]
    );
}

fn report(id: &str, since: &str, step: u32) -> String {
    format!(
        "name: {id}\ngithub: {id}\nteam: eng\ntrack: maker\nlevel: 2\nstep: {step}\nlead: lee\nsince: {since}\n"
    )
}

#[test]
fn with_cycles_on_each_anniversary_a_report_counts_on_their_own_date_and_a_move_in_their_own_cycle()
{
    let mut repo = Repo::new();
    copy_dir(&support::fixtures().join("base"), &repo.ladders());
    add_to_policy(
        &repo,
        "  pace:\n    cycles: anniversary\n    cycle_grace_days: 10\n",
    );
    repo.write(
        "ladders/people/lee.yml",
        "name: Lee\ngithub: lee\nteam: eng\ntrack: manager\nlevel: 1\nstep: 1\nlead: ada\n",
    );
    repo.write("ladders/people/rae.yml", &report("rae", "2025-03-15", 1));
    repo.write("ladders/people/sam.yml", &report("sam", "2025-09-10", 1));
    repo.commit("The org"); // 2026-01-02
    assert_eq!(
        check(&repo)
            .iter()
            .filter(|finding| finding.severity != Severity::Notice)
            .count(),
        0
    );
    repo.advance(76);
    repo.write("ladders/people/rae.yml", &report("rae", "2025-03-15", 2));
    repo.commit("A step for rae"); // 2026-03-20: five days after her anniversary
    repo.advance(11);
    repo.write("ladders/people/sam.yml", &report("sam", "2025-09-10", 2));
    // Uma started in February: her first anniversary falls after the year.
    repo.write("ladders/people/uma.yml", &report("uma", "2026-02-01", 1));
    repo.commit("A step for sam, and uma"); // 2026-04-01: his cycle is 2026-09-10
    let steps_of = |repo: &Repo, lead: &str| {
        let text = support::ladder_stdout(
            repo.path(),
            &["pace", "--as-of", "2027-01-01", "--format", "json"],
        );
        let json: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(json["review"]["cycles"], true);
        json["review"]["leads"]
            .as_array()
            .expect("leads")
            .iter()
            .find(|row| row["lead"] == lead && row["measure"] == "steps")
            .map(|row| {
                (
                    row["exposure"].as_f64().expect("exposure"),
                    row["moves"].clone(),
                )
            })
    };
    // rae on 2026-03-15 and sam on 2026-09-10, each once in the year; lee and the fixture's
    // people were first committed on 2026-01-02, so their first anniversary is after the year.
    assert_eq!(steps_of(&repo, "lee"), Some((2.0, 2.into())));
    assert!(steps_of(&repo, "ada").is_none_or(|(exposure, _)| exposure == 0.0));
    // One date for everyone counts each of the three, and everyone under ada, on 12-31.
    let framework = std::fs::read_to_string(repo.ladders().join("framework.yml")).expect("read");
    repo.write(
        "ladders/framework.yml",
        &framework.replace("cycles: anniversary", "cycles: yearly"),
    );
    repo.commit("One calibration a year");
    assert_eq!(steps_of(&repo, "lee"), Some((3.0, 2.into())));
}
