//! Pay bands on real repositories: what `diff` says a pull request's changes cost a year, what
//! an edit to the bands does to everyone placed, and how `summary` adds a year's changes up per
//! area, each to the cent. The expected amounts are worked out by hand in the comments, not by
//! the code under test.

mod support;

use support::{Repo, copy_dir, fixtures, ladder_stdout, summary_2027};

const BANDS: &str = "
pay:
  currency: EUR
  bands:
    maker:
      1: [40000.10, 41000.20, 42000.30, 43000.40]
      2: [50000.01, 51500.50, 53000.99, 54500.00]
      3: 61234.56
    manager:
      1: [60000, 62000, 64000, 66000]
      2: [70000, 72000, 74000, 76000]
  teams:
    ops: 1.0375
  locations:
    berlin: 1
    lisbon: 0.8333
";

fn placement(name: &str, team: &str, level: u32, step: u32, lead: &str, location: &str) -> String {
    let track = if lead.is_empty() { "manager" } else { "maker" };
    format!(
        "name: {name}\ngithub: {}\nteam: {team}\ntrack: {track}\nlevel: {level}\nstep: {step}\nlead: {lead}\nlocation: {location}\n",
        name.to_lowercase().replace(' ', "-")
    )
}

/// The fixture's org with bands: Ada (manager 2.1, Berlin), Bob (maker 2.3, Berlin), Cy (maker
/// 1.2, Lisbon), Eve (maker 1.4, Lisbon), Fay (maker 2.2, Berlin), all in eng; an ops team.
fn org(bands: bool) -> Repo {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    if bands {
        let framework =
            std::fs::read_to_string(fixtures().join("base/framework.yml")).expect("framework");
        repo.write("ladders/framework.yml", &format!("{framework}{BANDS}"));
    }
    repo.write(
        "ladders/teams/ops.yml",
        "name: Operations\ndirector: ada\ntitles:\n  maker: [Operator, Senior Operator, Lead Operator]\n",
    );
    for (id, name, team, level, step, lead, location) in [
        ("ada", "Ada", "eng", 2, 1, "", "berlin"),
        ("bob", "Bob", "eng", 2, 3, "ada", "berlin"),
        ("cy", "Cy", "eng", 1, 2, "bob", "lisbon"),
        ("eve", "Eve", "eng", 1, 4, "ada", "lisbon"),
        ("fay", "Fay", "eng", 2, 2, "ada", "berlin"),
    ] {
        repo.write(
            &format!("ladders/people/{id}.yml"),
            &placement(name, team, level, step, lead, location),
        );
    }
    repo.commit("The org");
    repo
}

/// One pull request's worth of changes: Bob steps up, Cy goes up two levels into ops, Dee
/// joins, Eve leaves, Fay moves to Lisbon.
fn changes(repo: &Repo) {
    repo.write(
        "ladders/people/bob.yml",
        &placement("Bob", "eng", 2, 4, "ada", "berlin"),
    );
    repo.write(
        "ladders/people/cy.yml",
        &placement("Cy", "ops", 3, 1, "ada", "lisbon"),
    );
    repo.write(
        "ladders/people/dee.yml",
        &placement("Dee", "eng", 1, 1, "ada", "berlin"),
    );
    repo.remove("ladders/people/eve.yml");
    repo.write(
        "ladders/people/fay.yml",
        &placement("Fay", "eng", 2, 2, "ada", "lisbon"),
    );
}

/// Runs ladder, which may report findings (exit 1), and returns what it printed.
fn ladder(repo: &Repo, args: &[&str]) -> String {
    let output = assert_cmd::Command::cargo_bin("ladder")
        .expect("binary")
        .current_dir(repo.path())
        .args(args)
        .output()
        .expect("run");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "ladder {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("json")
}

fn person<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["people"]
        .as_array()
        .expect("people")
        .iter()
        .find(|change| change["id"] == id)
        .unwrap_or_else(|| panic!("{id} in {report}"))
}

#[test]
fn a_pull_requests_changes_are_priced_to_the_cent() {
    let mut repo = org(true);
    changes(&repo);
    repo.commit("Changes");
    let report = json(&ladder(
        &repo,
        &["diff", "HEAD~1", "HEAD", "--format", "json"],
    ));
    // (before, after, yearly), worked out by hand:
    // bob: maker 2 step 3 → 4 in Berlin: 53000.99 → 54500.00.
    // cy: maker 1 step 2 in Lisbon, 41000.20 × 0.8333 = 34165.46666 → 34165.47; to maker 3 in
    //     ops, 61234.56 × 1.0375 × 0.8333 = 52940.2623048 → 52940.26.
    // dee: joins at maker 1 step 1, 40000.10.
    // eve: leaves maker 1 step 4 in Lisbon, 43000.40 × 0.8333 = 35832.23332 → 35832.23.
    // fay: Berlin to Lisbon at maker 2 step 2, 51500.50 × 0.8333 = 42915.366665 → 42915.37.
    for (id, before, after, yearly) in [
        ("bob", Some("53000.99"), Some("54500.00"), "1499.01"),
        ("cy", Some("34165.47"), Some("52940.26"), "18774.79"),
        ("dee", None, Some("40000.10"), "40000.10"),
        ("eve", Some("35832.23"), None, "-35832.23"),
        ("fay", Some("51500.50"), Some("42915.37"), "-8585.13"),
    ] {
        let pay = &person(&report, id)["pay"];
        assert_eq!(pay["before"].as_str(), before, "{id}: {pay}");
        assert_eq!(pay["after"].as_str(), after, "{id}: {pay}");
        assert_eq!(pay["yearly"], yearly, "{id}: {pay}");
    }
    let total = &report["pay"];
    assert_eq!(total["currency"], "EUR");
    assert_eq!(total["yearly"], "15856.54");
    assert_eq!(total["unpriced"], 0);

    let human = ladder(&repo, &["diff", "HEAD~1", "HEAD"]);
    assert!(
        human.contains("pay: 34,165.47 → 52,940.26 EUR a year (+18,774.79)"),
        "{human}"
    );
    assert!(
        human.contains("pay: 35,832.23 → — EUR a year (-35,832.23)"),
        "{human}"
    );
    assert!(
        human.contains("yearly cost of these changes: +15,856.54 EUR a year"),
        "{human}"
    );
    let markdown = ladder(&repo, &["diff", "HEAD~1", "HEAD", "--format", "markdown"]);
    assert!(markdown.contains("| yearly pay |"), "{markdown}");
    assert!(
        markdown.contains("**Yearly cost of these changes:** +15,856.54 EUR a year"),
        "{markdown}"
    );
}

#[test]
fn an_edit_to_the_bands_says_what_it_does_to_everyone_placed() {
    let mut repo = org(true);
    let framework = std::fs::read_to_string(repo.ladders().join("framework.yml")).expect("read");
    repo.write(
        "ladders/framework.yml",
        &framework
            .replace(
                "[50000.01, 51500.50, 53000.99, 54500.00]",
                "[50000.01, 52000.00, 53000.99, 54500.00]",
            )
            .replace("berlin: 1\n", "berlin: 1.01\n"),
    );
    repo.commit("Raise maker 2.2 and Berlin");
    let report = json(&ladder(
        &repo,
        &["diff", "HEAD~1", "HEAD", "--format", "json"],
    ));
    let edit = report["framework"]
        .as_array()
        .expect("framework")
        .iter()
        .find(|edit| edit["kind"] == "pay-changed")
        .unwrap_or_else(|| panic!("{report}"))
        .clone();
    // Berlin's 1% on Ada 70000.00 (700.00), Bob 53000.99 (530.0099 → 530.01) and Fay, whose
    // band also rises: 52000.00 × 1.01 = 52520.00 against 51500.50 (1019.50). Lisbon is as it
    // was. 700.00 + 530.01 + 1019.50 = 2249.51.
    assert_eq!(edit["repriced"], 3, "{edit}");
    assert_eq!(edit["yearly"], "2249.51", "{edit}");
    let human = ladder(&repo, &["diff", "HEAD~1", "HEAD"]);
    assert!(
        human.contains(
            "pay bands changed: the yearly pay of 3 teammates changes by +2,249.51 EUR in all"
        ),
        "{human}"
    );
}

#[test]
fn summary_adds_the_years_pay_changes_per_area_to_the_cent() {
    let mut repo = org(true);
    repo.advance(365);
    changes(&repo);
    repo.commit("Changes in 2027");
    let report = json(&summary_2027(&repo, "json", &[]));
    assert_eq!(report["pay"]["currency"], "EUR");
    assert_eq!(report["pay"]["unpriced"], 0);
    let area = |team: &str| {
        report["areas"]
            .as_array()
            .expect("areas")
            .iter()
            .find(|area| area["team"] == team)
            .unwrap_or_else(|| panic!("{team} in {report}"))["pay"]
            .clone()
    };
    // eng: Bob +1499.01, Cy leaves it −34165.47, Dee +40000.10, Eve −35832.23, Fay −8585.13.
    assert_eq!(area("eng")["total"], "-37083.72");
    // ops: Cy arrives at 52940.26; counted once though the commit both levels and moves him.
    assert_eq!(area("ops")["total"], "52940.26");
    assert_eq!(report["org"]["pay"]["total"], "15856.54");
    // A year before: the org was hired: Ada 70000.00, Bob 53000.99, Cy 34165.47, Eve
    // 35832.23, Fay 51500.50 = 244499.19, all in eng.
    assert_eq!(area("eng")["year_before"], "244499.19");
    assert_eq!(report["org"]["pay"]["year_before"], "244499.19");
    let months = report["org"]["pay"]["months"].as_array().expect("months");
    assert_eq!(months.len(), 12);
    assert_eq!(
        months.iter().filter(|money| *money != "0.00").count(),
        1,
        "{months:?}"
    );

    let human = summary_2027(&repo, "human", &[]);
    assert!(
        human.contains("yearly pay, change at today's bands (EUR):"),
        "{human}"
    );
    assert!(human.contains("-37,083.72"), "{human}");
    let csv = summary_2027(&repo, "csv", &[]);
    assert!(
        csv.lines()
            .next()
            .expect("header")
            .ends_with(",yearly_pay_change"),
        "{csv}"
    );
    let ops = summary_2027(&repo, "json", &["--team", "ops"]);
    // One area asked for: only what reached or left it.
    assert_eq!(json(&ops)["org"]["pay"]["total"], "52940.26");
}

#[test]
fn without_bands_nothing_about_pay_is_printed() {
    let mut repo = org(false);
    let framework = std::fs::read_to_string(repo.ladders().join("framework.yml")).expect("read");
    assert!(!framework.contains("pay:"));
    repo.advance(365);
    changes(&repo);
    repo.commit("Changes");
    let says_nothing_of_pay = |what: String, text: String| {
        let text = text.to_lowercase();
        assert!(
            !text.contains("pay") && !text.contains("eur"),
            "{what}: {text}"
        );
    };
    for format in ["human", "markdown", "json"] {
        let text = ladder(&repo, &["diff", "HEAD~1", "HEAD", "--format", format]);
        says_nothing_of_pay(format!("diff --format {format}"), text);
    }
    for format in ["human", "markdown", "json", "csv"] {
        let text = summary_2027(&repo, format, &[]);
        says_nothing_of_pay(format!("summary --format {format}"), text);
    }
    // The same org with bands does speak of pay, so the search above can find it.
    let mut priced = org(true);
    changes(&priced);
    priced.commit("Changes");
    assert!(ladder(&priced, &["diff", "HEAD~1", "HEAD"]).contains("pay"));
    let _ = ladder_stdout(priced.path(), &["check"]);
}

#[test]
fn the_rendered_site_publishes_each_levels_band_and_the_multipliers() {
    let repo = org(true);
    let out = repo.path().join("site");
    let _ = ladder_stdout(
        repo.path(),
        &["render", "--out", out.to_str().expect("path")],
    );
    let page = std::fs::read_to_string(out.join("track-maker.html")).expect("page");
    assert!(
        page.contains("<dd>50,000.01 · 51,500.50 · 53,000.99 · 54,500.00 EUR</dd>"),
        "{page}"
    );
    assert!(page.contains("<dd>61,234.56 EUR</dd>"), "{page}");
    assert!(
        page.contains("team ops × 1.0375; location berlin × 1; location lisbon × 0.8333"),
        "{page}"
    );
    let bare = org(false);
    let out = bare.path().join("site");
    let _ = ladder_stdout(
        bare.path(),
        &["render", "--out", out.to_str().expect("path")],
    );
    let page = std::fs::read_to_string(out.join("track-maker.html")).expect("page");
    assert!(!page.contains("Yearly pay"), "{page}");
}
