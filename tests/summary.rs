//! `ladder summary` over two years of real history, against counts the test keeps itself while
//! it writes the commits.

mod support;

use ladder::summary::Tally;
use support::{Repo, copy_dir, fixtures, summary_2027};

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
    let json: serde_json::Value =
        serde_json::from_str(&summary_2027(&repo, "json", &[])).expect("json");

    // What the test counted itself: in `year`, in `month` if given, in `team` if given.
    let count = |year: i16, month: Option<usize>, team: Option<&str>, kind: &str| {
        counted
            .iter()
            .filter(|(date, area, what)| {
                date.year() == year
                    && month.is_none_or(|month| usize::from(date.month().unsigned_abs()) == month)
                    && team.is_none_or(|team| *area == team)
                    && *what == kind
            })
            .count()
    };
    for area in json["areas"].as_array().expect("areas") {
        let team = area["team"].as_str().expect("team");
        for (at, tally) in area["months"]
            .as_array()
            .expect("months")
            .iter()
            .enumerate()
        {
            for kind in Tally::COLUMNS {
                let month = at + 1;
                assert_eq!(
                    tally[kind],
                    count(2027, Some(month), Some(team), kind),
                    "{team} month {month} {kind}"
                );
            }
        }
        for kind in Tally::COLUMNS {
            assert_eq!(
                area["year_before"][kind],
                count(2026, None, Some(team), kind),
                "{team} 2026 {kind}"
            );
        }
    }
    let mut busy = 0;
    for kind in Tally::COLUMNS {
        let expected = count(2027, None, None, kind);
        assert_eq!(json["org"]["total"][kind], expected, "org {kind}");
        busy += expected;
    }
    assert!(busy > 100, "a busy year: {busy} changes");
    assert_eq!(json["areas"].as_array().expect("areas").len(), 2);

    // The CSV says the same, a row per area and month.
    let csv = summary_2027(&repo, "csv", &["--team", "ops"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("area,month,hires,departures,step_ups,level_ups,track_moves,team_moves")
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 12, "ops only: {csv}");
    let march_hires = count(2027, Some(3), Some("ops"), "hires");
    assert!(
        rows[2].starts_with(&format!("ops,2027-03,{march_hires},")),
        "{}",
        rows[2]
    );

    // Markdown carries the chart of each area's running total.
    let markdown = summary_2027(&repo, "markdown", &[]);
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
