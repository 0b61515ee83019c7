//! `ladder import` end to end: exports shaped like each HR system's (their column names and
//! quirks, every value invented), the bad-input corpus under tests/fixtures/import/bad/ (each
//! case's files laid over the BambooHR export, its whole report in expected.txt;
//! `LADDER_BLESS=1 cargo test --test import` rewrites them for review), privacy, and a history
//! of 300 people over five years checked against counts kept while writing it.

mod support;

use std::path::{Path, PathBuf};

use support::{Repo, Run, copy_dir, fixtures};

fn ladder() -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("ladder").expect("binary");
    command.env_remove("NO_COLOR");
    command
}

/// A repository whose only commit holds the import fixture's framework and teams.
fn framework_repo() -> Repo {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("import/ladders"), &repo.ladders());
    repo.commit("Our career framework");
    repo
}

/// Runs `ladder import` from the exports' folder, so the report names files as a user would.
fn import(repo: &Repo, exports: &Path, args: &[&str]) -> Run {
    support::run(
        ladder()
            .current_dir(exports)
            .arg("import")
            .args(args)
            .arg("--repo")
            .arg(repo.path())
            .args(["--color", "never", "--as-of", "2026-01-15"]),
    )
}

fn run_in(repo: &Repo, args: &[&str]) -> String {
    support::ladder_stdout(repo.path(), args)
}

fn head(repo: &Repo) -> git2::Oid {
    repo.repo
        .head()
        .expect("head")
        .peel_to_commit()
        .expect("commit")
        .id()
}

fn status_is_clean(repo: &Repo) -> bool {
    let mut options = git2::StatusOptions::new();
    options.include_untracked(true);
    repo.repo
        .statuses(Some(&mut options))
        .expect("status")
        .is_empty()
}

fn vendor(name: &str) -> PathBuf {
    fixtures().join("import").join(name)
}

const VENDORS: [(&str, &str, Option<&str>); 5] = [
    ("bamboohr", "employees.csv", Some("job_information.csv")),
    ("workday", "workers.csv", Some("worker_history.csv")),
    ("hibob", "people.csv", Some("work_history.csv")),
    ("personio", "mitarbeiter.csv", None),
    ("spreadsheet", "roster.csv", None),
];

fn vendor_args<'a>(roster: &'a str, history: Option<&'a str>) -> Vec<&'a str> {
    let mut args = vec![roster, "--map", "import.yml"];
    if let Some(history) = history {
        args.extend(["--history", history]);
    }
    args
}

#[test]
fn each_vendors_export_imports_with_its_history_and_checks_clean() {
    for (name, roster, history) in VENDORS {
        let repo = framework_repo();
        let before = head(&repo);
        let args = vendor_args(roster, history);
        let run = import(&repo, &vendor(name), &args);
        assert_eq!(run.code, Some(0), "{name}: {}{}", run.stdout, run.stderr);
        assert_ne!(head(&repo), before, "{name}: nothing committed");
        assert!(status_is_clean(&repo), "{name}: the work tree differs");
        let check = run_in(&repo, &["check"]);
        assert!(
            check.contains(": valid") || check.contains("all well"),
            "{name}: {check}"
        );
        let log = run_in(&repo, &["log"]);
        insta::assert_snapshot!(format!("{name}_report"), run.stdout);
        insta::assert_snapshot!(format!("{name}_log"), log);
        // The same files again: nothing to write.
        let again = import(&repo, &vendor(name), &args);
        assert_eq!(again.code, Some(0), "{name}: {}", again.stdout);
        assert!(
            again
                .stdout
                .ends_with("nothing to write: the branch already holds all of it\n"),
            "{name}: {}",
            again.stdout
        );
    }
}

#[test]
fn imported_commits_are_dated_their_day_and_marked() {
    let repo = framework_repo();
    let run = import(
        &repo,
        &vendor("bamboohr"),
        &vendor_args("employees.csv", Some("job_information.csv")),
    );
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    let commit = repo
        .repo
        .head()
        .expect("head")
        .peel_to_commit()
        .expect("commit");
    assert_eq!(
        commit.message().expect("message"),
        "Import from BambooHR: 2022-02-01\n\n1 hired, as of 2022-02-01 in BambooHR's export; no pull request and no approval.\n\nImported-from: job_information.csv row 8\n"
    );
    // 2022-02-01 at noon UTC, author and committer alike.
    assert_eq!(commit.author().when().seconds(), 1_643_716_800);
    assert_eq!(commit.committer().when().seconds(), 1_643_716_800);
    let json: serde_json::Value =
        serde_json::from_str(&run_in(&repo, &["log", "--format", "json"])).expect("json");
    let first = &json["events"][0];
    assert_eq!(first["pull_request"], serde_json::Value::Null);
    assert_eq!(first["trailers"][0]["key"], "Imported-from");
    let csv = run_in(&repo, &["log", "--format", "csv"]);
    assert!(
        csv.lines()
            .next()
            .expect("header")
            .ends_with(",imported_from")
    );
    assert!(csv.contains(",job_information.csv row 8"), "{csv}");
    let show = run_in(&repo, &["show", "carlos-mendes", "--as-of", "2026-01-15"]);
    assert!(show.contains("in IC2 since 2022-01-03"), "{show}");
    assert!(show.contains("imported"), "{show}");
}

#[test]
fn a_dry_run_prints_the_change_set_and_writes_nothing() {
    let repo = framework_repo();
    let before = head(&repo);
    let mut args = vendor_args("employees.csv", Some("job_information.csv"));
    args.push("--dry-run");
    let run = import(&repo, &vendor("bamboohr"), &args);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert!(run.stdout.contains("Carlos Mendes (carlos-mendes): joins"));
    assert!(run.stdout.ends_with("dry run: nothing written\n"));
    assert_eq!(head(&repo), before);
    assert!(!repo.ladders().join("people").exists());
}

#[test]
fn a_branch_takes_the_commits_and_the_work_tree_stays() {
    let repo = framework_repo();
    let before = head(&repo);
    let mut args = vendor_args("employees.csv", Some("job_information.csv"));
    args.extend(["--branch", "import-bamboohr"]);
    let run = import(&repo, &vendor("bamboohr"), &args);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert_eq!(head(&repo), before);
    assert!(!repo.ladders().join("people").exists());
    let branch = repo
        .repo
        .find_branch("import-bamboohr", git2::BranchType::Local)
        .expect("branch");
    let tip = branch.get().peel_to_commit().expect("tip");
    assert_eq!(tip.parent_count(), 1);
    let log = run_in(&repo, &["log", "--rev", "import-bamboohr"]);
    assert_eq!(log.lines().count(), 7, "{log}");
}

/// Lays a case's files over the BambooHR export in a new folder.
fn case_exports(case: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp");
    copy_dir(&vendor("bamboohr"), dir.path());
    for entry in std::fs::read_dir(case).expect("case") {
        let entry = entry.expect("entry");
        let name = entry.file_name();
        if name != "README" && name != "expected.txt" {
            std::fs::copy(entry.path(), dir.path().join(&name)).expect("copy");
        }
    }
    dir
}

#[test]
fn every_bad_export_is_refused_with_its_expected_report_and_nothing_written() {
    let bless = std::env::var_os("LADDER_BLESS").is_some();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(vendor("bad"))
        .expect("corpus")
        .map(|entry| entry.expect("entry").path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "the corpus holds {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let repo = framework_repo();
        let before = head(&repo);
        let exports = case_exports(case);
        let run = import(
            &repo,
            exports.path(),
            &vendor_args("employees.csv", Some("job_information.csv")),
        );
        let expected_path = case.join("expected.txt");
        if bless {
            std::fs::write(&expected_path, &run.stdout).expect("bless");
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        let name = case.display();
        if run.code != Some(1) {
            failures.push(format!(
                "{name}: exit {:?}\n{}{}",
                run.code, run.stdout, run.stderr
            ));
        } else if run.stdout != expected {
            failures.push(format!(
                "{name}:\n--- expected\n{expected}--- got\n{}",
                run.stdout
            ));
        }
        if head(&repo) != before || !status_is_clean(&repo) {
            failures.push(format!("{name}: something was written"));
        }
        if run.stdout.contains("panicked") || run.stderr.contains("panicked") {
            failures.push(format!("{name}: panicked: {}", run.stderr));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What the test knows it wrote: every change with its date and kind.
#[derive(Default)]
struct Story {
    /// (date, kind) of every change, as `ladder log` names kinds.
    changes: Vec<(jiff::civil::Date, &'static str)>,
    /// Each person's last level change, for `show`.
    level_since: std::collections::HashMap<String, (jiff::civil::Date, u32)>,
    roster: Vec<String>,
    history: Vec<String>,
}

const SECRET_SALARY: &str = "987654.32";

/// 300 people over five years: ten leads under a director, hires over the first two years,
/// steps and levels up, lead changes and departures, one row per person per date. Rows after
/// `cutoff` are left out, and the roster is as of `cutoff`.
fn five_years(cutoff: jiff::civil::Date) -> Story {
    use jiff::civil::date;
    let mut rng = fastrand::Rng::with_seed(22);
    let mut story = Story::default();
    story.roster.push(
        "Employee ID,Name,Email,Department,Job Level,Manager ID,Hire Date,SSN,Annual Salary".into(),
    );
    story.history.push(
        "Employee ID,Name,Effective Date,Event,Department,Job Level,Manager ID,Annual Salary"
            .into(),
    );
    let start = date(2021, 1, 4);
    let end = date(2025, 12, 31);
    let teams = ["Engineering", "Sales", "People"];
    struct Person {
        employee: String,
        name: String,
        team: &'static str,
        level: String,
        lead: String,
        rows: Vec<(jiff::civil::Date, &'static str, String, String)>,
        gone: Option<jiff::civil::Date>,
    }
    let mut people: Vec<Person> = Vec::new();
    people.push(Person {
        employee: "9000".into(),
        name: "Dana Director".into(),
        team: "Engineering",
        level: "M5-1".into(),
        lead: String::new(),
        rows: vec![(start, "Hire", "M5-1".into(), String::new())],
        gone: None,
    });
    for lead in 0..10 {
        people.push(Person {
            employee: format!("{}", 9001 + lead),
            name: format!("Lead Number{lead}"),
            team: teams[lead % 3],
            level: "M3-1".into(),
            lead: "9000".into(),
            rows: vec![(start, "Hire", "M3-1".into(), "9000".into())],
            gone: None,
        });
    }
    for n in 0..289 {
        let lead = 9001 + (n % 10);
        let hired = start
            .checked_add(jiff::Span::new().days(1 + rng.i64(0..730)))
            .expect("date");
        let level = format!("IC{}-1", 1 + rng.u32(0..3));
        people.push(Person {
            employee: format!("{}", 1000 + n),
            name: format!("Person Number{n}"),
            team: teams[(lead as usize - 9001) % 3],
            level: level.clone(),
            lead: lead.to_string(),
            rows: vec![(hired, "Hire", level, lead.to_string())],
            gone: None,
        });
    }
    // Changes: about one every eight months per IC, on distinct dates after the hire.
    for person in people.iter_mut().skip(11) {
        let mut day = person.rows[0].0;
        loop {
            day = day
                .checked_add(jiff::Span::new().days(30 + rng.i64(0..400)))
                .expect("date");
            if day > end {
                break;
            }
            let (level, step) = person.level[2..]
                .split_once('-')
                .map(|(l, s)| (l.parse::<u32>().expect("l"), s.parse::<u32>().expect("s")))
                .expect("level");
            let roll = rng.u32(0..100);
            if roll < 5 {
                person
                    .rows
                    .push((day, "Terminate Employee", String::new(), String::new()));
                person.gone = Some(day);
                break;
            } else if roll < 15 {
                let lead = 9001 + rng.usize(0..10);
                if teams[(lead - 9001) % 3] == person.team && lead.to_string() != person.lead {
                    person.lead = lead.to_string();
                    person.rows.push((
                        day,
                        "Change Manager",
                        person.level.clone(),
                        person.lead.clone(),
                    ));
                }
            } else if step < 3 {
                person.level = format!("IC{level}-{}", step + 1);
                person
                    .rows
                    .push((day, "Merit Step", person.level.clone(), person.lead.clone()));
            } else if level < 5 {
                person.level = format!("IC{}-1", level + 1);
                person.rows.push((
                    day,
                    "Promote Employee Inbound",
                    person.level.clone(),
                    person.lead.clone(),
                ));
            }
        }
    }
    for person in &people {
        let mut current: Option<(String, String)> = None;
        for (day, event, level, lead) in &person.rows {
            if *day > cutoff {
                break;
            }
            story.history.push(format!(
                "{},{},{day},{event},{},{level},{lead},{SECRET_SALARY}",
                person.employee,
                person.name,
                if level.is_empty() { "" } else { person.team }
            ));
            let kind = match *event {
                "Hire" => "hire",
                "Terminate Employee" => "departure",
                "Change Manager" => "lead-change",
                "Merit Step" => "step-up",
                _ => "level-up",
            };
            story.changes.push((*day, kind));
            if matches!(kind, "hire" | "level-up") {
                let number = level[2..]
                    .split('-')
                    .next()
                    .and_then(|l| l.parse().ok())
                    .unwrap_or(0);
                story
                    .level_since
                    .insert(person.employee.clone(), (*day, number));
            }
            current = (!level.is_empty()).then(|| (level.clone(), lead.clone()));
        }
        if let Some((level, lead)) = current
            && person.rows[0].0 <= cutoff
        {
            story.roster.push(format!(
                "{},{},{}@acme.example,{},{level},{lead},{},900-22-{},{SECRET_SALARY}",
                person.employee,
                person.name,
                person.employee,
                person.team,
                person.rows[0].0,
                person.employee
            ));
        }
    }
    story
}

/// The map of the generated years of Workday rows, shared with `benches/import.rs`.
const FIVE_YEARS_MAP: &str = include_str!("fixtures/import/years.import.yml");

fn write_story(dir: &Path, story: &Story) {
    std::fs::write(dir.join("import.yml"), FIVE_YEARS_MAP).expect("map");
    std::fs::write(dir.join("roster.csv"), story.roster.join("\n") + "\n").expect("roster");
    std::fs::write(dir.join("jobs.csv"), story.history.join("\n") + "\n").expect("jobs");
}

#[test]
fn five_years_of_300_people_then_a_later_export_then_the_same_again() {
    use jiff::civil::date;
    let repo = framework_repo();
    let exports = tempfile::tempdir().expect("temp");
    let args = ["roster.csv", "--map", "import.yml", "--history", "jobs.csv"];
    // First the export as it stood at the end of 2024.
    let earlier = five_years(date(2024, 12, 31));
    write_story(exports.path(), &earlier);
    let first = import(&repo, exports.path(), &args);
    assert_eq!(first.code, Some(0), "{}{}", first.stdout, first.stderr);
    let commits_before = run_in(&repo, &["log", "--format", "json"]);
    // Then the export of a year later: only 2025's dates are new.
    let story = five_years(date(2025, 12, 31));
    write_story(exports.path(), &story);
    let tip = head(&repo);
    let second = import(&repo, exports.path(), &args);
    assert_eq!(second.code, Some(0), "{}{}", second.stdout, second.stderr);
    assert!(
        second.stdout.contains("last import: 2024-"),
        "{}",
        second.stdout
    );
    let new_dates: std::collections::BTreeSet<jiff::civil::Date> = story
        .changes
        .iter()
        .map(|(day, _)| *day)
        .filter(|day| *day > date(2024, 12, 31))
        .collect();
    let mut walk = repo.repo.revwalk().expect("walk");
    walk.push_head().expect("head");
    walk.hide(tip).expect("hide");
    assert_eq!(
        walk.count(),
        new_dates.len(),
        "one commit per new date: {}",
        second
            .stdout
            .lines()
            .filter(|l| l.contains("warning") || l.contains("commits"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(status_is_clean(&repo));
    // log: every change the test wrote, by kind.
    let json: serde_json::Value =
        serde_json::from_str(&run_in(&repo, &["log", "--format", "json"])).expect("json");
    let events = json["events"].as_array().expect("events");
    for kind in ["hire", "departure", "step-up", "level-up", "lead-change"] {
        let expected = story.changes.iter().filter(|(_, k)| *k == kind).count();
        let got = events.iter().filter(|event| event["kind"] == kind).count();
        assert_eq!(got, expected, "{kind}");
    }
    assert_eq!(events.len(), story.changes.len());
    assert!(commits_before.len() < json.to_string().len());
    // show: time in level from the imported history.
    // The first maker still on the roster, by id: a map's order would pick a manager some runs.
    let mut makers: Vec<_> = story
        .level_since
        .iter()
        .filter(|(employee, _)| {
            story
                .roster
                .iter()
                .any(|row| row.starts_with(&format!("{employee},")) && row.contains(",IC"))
        })
        .collect();
    makers.sort();
    let (employee, (since, level)) = makers.first().copied().expect("someone");
    let id = employee.to_string();
    let show = run_in(&repo, &["show", &id, "--as-of", "2026-01-15"]);
    assert!(show.contains(&format!("IC{level} since {since}")), "{show}");
    // summary: 2025's changes for the whole org.
    let summary: serde_json::Value = serde_json::from_str(&run_in(
        &repo,
        &[
            "summary",
            "--year",
            "2025",
            "--as-of",
            "2026-01-15",
            "--format",
            "json",
        ],
    ))
    .expect("json");
    let in_2025 = |kind: &str| {
        story
            .changes
            .iter()
            .filter(|(day, k)| *k == kind && day.year() == 2025)
            .count() as u64
    };
    let org = &summary["org"]["total"];
    assert_eq!(org["hires"], in_2025("hire"));
    assert_eq!(org["departures"], in_2025("departure"));
    assert_eq!(org["step_ups"], in_2025("step-up"));
    assert_eq!(org["level_ups"], in_2025("level-up"));
    // pace: the 2025-Q4 review is decided from the imported history.
    let pace = run_in(
        &repo,
        &["pace", "--review", "2025Q4", "--as-of", "2026-01-15"],
    );
    assert!(pace.contains("2025-Q4"), "{pace}");
    assert!(
        pace.contains("Lead Number") || pace.contains("9001"),
        "{pace}"
    );
    // The same files once more: nothing.
    let again = import(&repo, exports.path(), &args);
    assert_eq!(again.code, Some(0));
    assert!(
        again
            .stdout
            .ends_with("nothing to write: the branch already holds all of it\n")
    );
    assert!(!again.stdout.contains(SECRET_SALARY));
}

/// Values of columns no map names, from the vendor fixtures: none may appear anywhere.
const PRIVATE: [&str; 12] = [
    "900-11-4411",
    "(555) 010-4414",
    "$210,000.00",
    "04/12/1980",
    "Remote - US",
    "FR-1-80-04-75-101-042-17",
    "185,000.00",
    "12 Rothschild Blvd",
    "410,000 ILS",
    "96.000,00",
    "12 345 678 901",
    SECRET_SALARY,
];

/// Every git object's content, every file in the work tree and the git directory, as text.
fn everything_stored(repo: &Repo) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let odb = repo.repo.odb().expect("odb");
    let mut ids = Vec::new();
    odb.foreach(|id| {
        ids.push(*id);
        true
    })
    .expect("objects");
    for id in ids {
        let object = odb.read(id).expect("object");
        found.push((format!("object {id}"), object.data().to_vec()));
    }
    let mut stack = vec![repo.path().to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push((
                    path.display().to_string(),
                    std::fs::read(&path).expect("file"),
                ));
            }
        }
    }
    found
}

#[test]
fn no_value_of_an_unmapped_column_is_written_printed_or_kept() {
    let mut outputs = Vec::new();
    let mut stored = Vec::new();
    for (name, roster, history) in VENDORS {
        let repo = framework_repo();
        let args = vendor_args(roster, history);
        let mut dry = args.clone();
        dry.push("--dry-run");
        for args in [&dry, &args] {
            let run = import(&repo, &vendor(name), args);
            assert_eq!(run.code, Some(0), "{name}");
            outputs.push(run.stdout);
            outputs.push(run.stderr);
        }
        for args in [
            &["log", "--format", "json"][..],
            &["log", "--format", "csv"],
            &["export", "--what", "people"],
        ] {
            outputs.push(run_in(&repo, args));
        }
        stored.extend(everything_stored(&repo));
    }
    // A refused import says nothing of them either.
    let repo = framework_repo();
    let exports = case_exports(&vendor("bad/unknown-title"));
    let run = import(
        &repo,
        exports.path(),
        &vendor_args("employees.csv", Some("job_information.csv")),
    );
    outputs.extend([run.stdout, run.stderr]);
    // And the 300 people, whose salary and national ids sit in every row.
    let repo = framework_repo();
    let exports = tempfile::tempdir().expect("temp");
    let story = five_years(jiff::civil::date(2025, 12, 31));
    write_story(exports.path(), &story);
    let run = import(
        &repo,
        exports.path(),
        &["roster.csv", "--map", "import.yml", "--history", "jobs.csv"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("3 columns not read: Hire Date, SSN, Annual Salary"),
        "{}",
        run.stdout
    );
    outputs.extend([
        run.stdout,
        run.stderr,
        run_in(&repo, &["log", "--format", "json"]),
    ]);
    stored.extend(everything_stored(&repo));
    for secret in PRIVATE.iter().copied().chain(std::iter::once("900-22-1")) {
        for output in &outputs {
            assert!(!output.contains(secret), "`{secret}` printed:\n{output}");
        }
        for (place, bytes) in &stored {
            let text = String::from_utf8_lossy(bytes);
            assert!(!text.contains(secret), "`{secret}` stored in {place}");
        }
    }
}

#[test]
fn a_row_that_contradicts_a_change_made_in_ladder_is_reported_not_written() {
    let mut repo = framework_repo();
    let exports = tempfile::tempdir().expect("temp");
    copy_dir(&vendor("bamboohr"), exports.path());
    let args = vendor_args("employees.csv", Some("job_information.csv"));
    assert_eq!(import(&repo, exports.path(), &args).code, Some(0));
    // Dana is promoted in ladder, by pull request; the HR system is not told.
    let dana = "ladders/people/engineering/dana-whitfield.yml";
    let text = std::fs::read_to_string(repo.path().join(dana)).expect("read");
    repo.write(dana, &text.replace("level: IC3", "level: IC4"));
    repo.commit("Promote Dana to IC4 (#12)");
    // A later export: Carlos moves up, and Dana moves to Amara's team in HR.
    let later_jobs = std::fs::read_to_string(exports.path().join("job_information.csv"))
        .expect("jobs")
        + "1003,03/01/2023,Lisbon,Engineering,Product & Tech,Senior Software Engineer,Bao Tran\r\n"
        + "1004,03/01/2023,Remote - US,Engineering,Product & Tech,Senior Software Engineer,Amara Okafor\r\n";
    std::fs::write(exports.path().join("job_information.csv"), later_jobs).expect("write");
    let roster = std::fs::read_to_string(exports.path().join("employees.csv"))
        .expect("roster")
        .replace(
            "Software Engineer II,Engineering,Product & Tech,Lisbon,Bao Tran",
            "Senior Software Engineer,Engineering,Product & Tech,Lisbon,Bao Tran",
        )
        .replace(
            "Senior Software Engineer,Engineering,Product & Tech,Remote - US,Bao Tran",
            "Senior Software Engineer,Engineering,Product & Tech,Remote - US,Amara Okafor",
        );
    std::fs::write(exports.path().join("employees.csv"), roster).expect("write");
    let run = import(&repo, exports.path(), &args);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert!(
        run.stdout.contains("last import: 2022-02-01"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("1 commit, on 2023-03-01"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("warning[import-contradiction]: dana-whitfield: ladder has position ic/4/1, the export has ic/3/1; ladder's is kept"),
        "{}",
        run.stdout
    );
    let dana_now = std::fs::read_to_string(repo.path().join(dana)).expect("read");
    assert!(dana_now.contains("level: IC4"), "{dana_now}");
    assert!(dana_now.contains("lead: amara-okafor"), "{dana_now}");
    let carlos = std::fs::read_to_string(
        repo.path()
            .join("ladders/people/engineering/carlos-mendes.yml"),
    )
    .expect("read");
    assert!(carlos.contains("level: IC3"), "{carlos}");
    let log = run_in(
        &repo,
        &["log", "--since", "2023-01-01", "--until", "2023-12-31"],
    );
    assert_eq!(log.lines().count(), 2, "{log}");
    // Said again on the next run, never written over.
    let again = import(&repo, exports.path(), &args);
    assert!(
        again
            .stdout
            .contains("dana-whitfield: ladder has position ic/4/1"),
        "{}",
        again.stdout
    );
    assert!(
        again
            .stdout
            .ends_with("nothing to write: the branch already holds all of it\n")
    );
}
