//! `ladder summary` over two years of real history, against counts the test keeps itself while
//! it writes the commits.

mod support;

use std::collections::BTreeMap;

use support::{Repo, copy_dir, fixtures, ladder_stdout};

#[derive(Clone)]
struct Person {
    id: String,
    team: &'static str,
    level: u32,
    step: u32,
}

fn text(person: &Person) -> String {
    format!(
        "name: Person {0}\ngithub: {0}\nteam: {1}\ntrack: maker\nlevel: {2}\nstep: {3}\nlead: ada\n",
        person.id, person.team, person.level, person.step
    )
}

const KINDS: [&str; 6] = [
    "hires",
    "departures",
    "step_ups",
    "level_ups",
    "track_moves",
    "team_moves",
];

fn date_of(repo: &Repo) -> jiff::civil::Date {
    let seconds = repo
        .repo
        .head()
        .expect("head")
        .peel_to_commit()
        .expect("commit")
        .time()
        .seconds();
    jiff::tz::TimeZone::UTC
        .to_datetime(jiff::Timestamp::from_second(seconds).expect("time"))
        .date()
}

#[test]
fn two_years_add_up_per_area_and_month_as_counted_while_writing_them() {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    repo.write(
        "ladders/teams/ops.yml",
        "name: Operations\ndirector: ada\ntitles:\n  maker: [Operator, Senior Operator, Lead Operator]\n  manager: [Ops Manager, Ops Director]\n",
    );
    repo.commit("The framework");
    // (date, area, kind), as the summary should count them: a move counts where it goes.
    let mut counted: Vec<(jiff::civil::Date, &'static str, &'static str)> = ["ada", "bob", "cy"]
        .iter()
        .map(|_| (date_of(&repo), "eng", "hires"))
        .collect();
    let mut people: Vec<Person> = Vec::new();
    let mut rng = fastrand::Rng::with_seed(11);
    let end = jiff::civil::date(2027, 12, 31);
    let mut next = 0;
    while date_of(&repo) < end.saturating_sub(jiff::Span::new().days(4)) {
        repo.advance(rng.i64(0..3));
        let choice = rng.u32(0..10);
        let (area, kind) = if people.len() < 4 || choice < 2 {
            let team = if rng.bool() { "eng" } else { "ops" };
            let person = Person {
                id: format!("p{next}"),
                team,
                level: 1,
                step: 1,
            };
            next += 1;
            repo.write(&format!("ladders/people/{}.yml", person.id), &text(&person));
            people.push(person);
            (team, "hires")
        } else {
            let at = rng.usize(0..people.len());
            let person = &mut people[at];
            match choice {
                2..=5 if person.step < 4 => {
                    person.step += 1;
                    repo.write(&format!("ladders/people/{}.yml", person.id), &text(person));
                    (person.team, "step_ups")
                }
                6 | 7 if person.level < 3 => {
                    person.level += 1;
                    repo.write(&format!("ladders/people/{}.yml", person.id), &text(person));
                    (person.team, "level_ups")
                }
                8 => {
                    person.team = if person.team == "eng" { "ops" } else { "eng" };
                    repo.write(&format!("ladders/people/{}.yml", person.id), &text(person));
                    (person.team, "team_moves")
                }
                9 => {
                    let gone = people.remove(at);
                    repo.remove(&format!("ladders/people/{}.yml", gone.id));
                    (gone.team, "departures")
                }
                _ => continue,
            }
        };
        repo.commit("A change");
        counted.push((date_of(&repo), area, kind));
    }
    let json: serde_json::Value = serde_json::from_str(&ladder_stdout(
        repo.path(),
        &[
            "summary",
            "--year",
            "2027",
            "--as-of",
            "2027-12-31",
            "--format",
            "json",
        ],
    ))
    .expect("json");

    let in_year = |date: &jiff::civil::Date, year: i16| date.year() == year;
    for area in json["areas"].as_array().expect("areas") {
        let team = area["team"].as_str().expect("team");
        for (month, tally) in area["months"]
            .as_array()
            .expect("months")
            .iter()
            .enumerate()
        {
            for kind in KINDS {
                let expected = counted
                    .iter()
                    .filter(|(date, area, what)| {
                        in_year(date, 2027)
                            && usize::from(date.month().unsigned_abs()) == month + 1
                            && *area == team
                            && *what == kind
                    })
                    .count();
                assert_eq!(tally[kind], expected, "{team} month {} {kind}", month + 1);
            }
        }
        for kind in KINDS {
            let before = counted
                .iter()
                .filter(|(date, area, what)| in_year(date, 2026) && *area == team && *what == kind)
                .count();
            assert_eq!(area["year_before"][kind], before, "{team} 2026 {kind}");
        }
    }
    let mut org: BTreeMap<&str, usize> = BTreeMap::new();
    for (date, _, kind) in &counted {
        if in_year(date, 2027) {
            *org.entry(kind).or_default() += 1;
        }
    }
    for kind in KINDS {
        assert_eq!(
            json["org"]["total"][kind],
            org.get(kind).copied().unwrap_or(0),
            "org {kind}"
        );
    }
    assert!(org.values().sum::<usize>() > 100, "a busy year: {org:?}");
    assert_eq!(json["areas"].as_array().expect("areas").len(), 2);

    // The CSV says the same, a row per area and month.
    let csv = ladder_stdout(
        repo.path(),
        &[
            "summary",
            "--year",
            "2027",
            "--as-of",
            "2027-12-31",
            "--format",
            "csv",
            "--team",
            "ops",
        ],
    );
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("area,month,hires,departures,step_ups,level_ups,track_moves,team_moves")
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 12, "ops only: {csv}");
    let march_hires = counted
        .iter()
        .filter(|(date, area, what)| {
            in_year(date, 2027) && date.month() == 3 && *area == "ops" && *what == "hires"
        })
        .count();
    assert!(
        rows[2].starts_with(&format!("ops,2027-03,{march_hires},")),
        "{}",
        rows[2]
    );

    // Markdown carries the chart of each area's running total.
    let markdown = ladder_stdout(
        repo.path(),
        &[
            "summary",
            "--year",
            "2027",
            "--as-of",
            "2027-12-31",
            "--format",
            "markdown",
        ],
    );
    assert!(
        markdown.contains("```mermaid\nxychart-beta\n"),
        "{markdown}"
    );
    assert_eq!(markdown.matches("\n  line [").count(), 2);
}

#[test]
fn a_period_that_ends_before_it_starts_and_an_unknown_team_are_refused() {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    repo.commit("The framework");
    for (args, says) in [
        (
            vec!["summary", "--since", "2026-06-01", "--until", "2026-01-01"],
            "--until 2026-01-01 is before --since 2026-06-01",
        ),
        (
            vec!["summary", "--team", "sales"],
            "no team `sales` at HEAD: expected one of eng",
        ),
    ] {
        let output = assert_cmd::Command::cargo_bin("ladder")
            .expect("binary")
            .current_dir(repo.path())
            .args(&args)
            .output()
            .expect("run");
        assert_eq!(output.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&output.stderr).contains(says));
    }
}
