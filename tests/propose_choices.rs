//! The changes `ladder propose` offers in a terminal, from the library that lists them: on the
//! shipped ladders and on every example framework (stepless, labelled steps, team ranges,
//! roles), each kind with its values as the menus show them, and every value offered turned
//! into a proposal that the check and the policy accept.

mod support;

use std::path::PathBuf;

use ladder::finding::Severity;
use ladder::placement::Placement;
use ladder::propose::choices::{Choices, choices};
use ladder::propose::{Context, Files, Proposal, Request, files_of, propose};
use ladder::snapshot::{Entry, Snapshot, load_dir};

const FOLDERS: [&str; 7] = [
    "ladders",
    "examples/dropbox/ladders",
    "examples/infracloud/ladders",
    "examples/monzo/ladders",
    "examples/snowflake/ladders",
    "examples/engineering-ladders/ladders",
    "examples/ft-engineering/ladders",
];

fn folder(path: &str) -> Snapshot {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    load_dir(&dir, path).expect("the folder reads")
}

fn offered(snapshot: &Snapshot, id: &str) -> Choices {
    choices(snapshot, id).unwrap_or_else(|| panic!("{id} resolves"))
}

/// Each kind with its values' words, as the menus show them.
fn menu(choices: &Choices) -> Vec<(&str, Vec<&str>)> {
    choices
        .kinds
        .iter()
        .map(|kind| {
            (
                kind.words.as_str(),
                kind.options.iter().map(|o| o.words.as_str()).collect(),
            )
        })
        .collect()
}

fn kind<'a>(choices: &'a Choices, words: &str) -> Option<Vec<&'a str>> {
    choices
        .kinds
        .iter()
        .find(|kind| kind.words.starts_with(words))
        .map(|kind| kind.options.iter().map(|o| o.words.as_str()).collect())
}

#[test]
fn a_maker_mid_level_is_offered_the_next_step_the_next_level_and_the_rest() {
    let shipped = folder("ladders");
    let aisha = offered(&shipped, "aisha-bello");
    assert_eq!(aisha.next_level.as_deref(), Some("maker/2"));
    assert_eq!(
        menu(&aisha)
            .into_iter()
            .filter(|(words, _)| !words.starts_with("Lead"))
            .collect::<Vec<_>>(),
        vec![
            ("Next step: level 1 step 3", vec!["level 1 step 3"]),
            (
                "Another step of level 1",
                vec!["level 1 step 1", "level 1 step 4"]
            ),
            (
                "Next level: level 2, Software Engineer II",
                vec!["level 2, Software Engineer II"]
            ),
            (
                "Track: Manager (manager), at level 4, Engineering Manager",
                vec!["Manager (manager), at level 4, Engineering Manager"]
            ),
            (
                "Team",
                vec![
                    "Happiness (Customer Advocacy) (happiness)",
                    "Marketing (marketing)"
                ]
            ),
            ("Leaves Engineering", vec!["leaves"]),
        ]
    );
}

#[test]
fn the_last_step_and_the_top_of_the_range_offer_no_next() {
    let shipped = folder("ladders");
    // Step 4 of 4: the next move is a level.
    let amelie = offered(&shipped, "amelie-laurent");
    assert_eq!(kind(&amelie, "Next step"), None);
    assert_eq!(
        kind(&amelie, "Next level"),
        Some(vec!["level 2, Happiness Hero II"])
    );
    // The top of the manager track: only down, within the policy's one-level jump.
    let amara = offered(&shipped, "amara-okafor");
    assert_eq!(amara.next_level, None);
    assert_eq!(kind(&amara, "Next level"), None);
    assert_eq!(
        kind(&amara, "Another level"),
        Some(vec!["level 8, VP of Engineering"])
    );
}

#[test]
fn a_kind_with_one_value_says_it() {
    let shipped = folder("ladders");
    let nia = offered(&shipped, "nia-johnson");
    let role = nia.kinds.iter().find(|kind| kind.words.starts_with("Role"));
    assert_eq!(
        role.map(|kind| kind.words.as_str()),
        Some("Role: no role (leave Onboarding and Education Specialist)")
    );
}

#[test]
fn a_role_holder_is_offered_the_roles_open_to_them_and_no_track() {
    let shipped = folder("ladders");
    let ben = offered(&shipped, "ben-carter");
    assert_eq!(
        kind(&ben, "Role"),
        Some(vec![
            "Press Crafter (press)",
            "Social Media Marketer (social)",
            "no role (leave Content Crafter)"
        ])
    );
    assert_eq!(kind(&ben, "Track"), None);
    // Happiness Lead is held at level 3 only: no other level keeps the role.
    let david = offered(&shipped, "david-cohen");
    assert_eq!(kind(&david, "Another level"), None);
    assert_eq!(kind(&david, "Next level"), None);
}

#[test]
fn leads_on_offer_never_make_a_loop() {
    let shipped = folder("ladders");
    let priya = offered(&shipped, "priya-raman");
    let leads = kind(&priya, "Lead").unwrap_or_default();
    let lead = shipped
        .person("priya-raman")
        .and_then(|p| p.value.lead_id());
    assert_eq!(lead.map(|l| l.value.as_str()), Some("amara-okafor"));
    // Nobody who reports to Priya, at any depth, nor Priya herself.
    for entry in &shipped.people {
        let mut at = Some(entry.id.clone());
        let mut under = false;
        for _ in 0..=shipped.people.len() {
            let Some(here) = at else { break };
            if here == "priya-raman" {
                under = true;
                break;
            }
            at = shipped
                .person(&here)
                .and_then(|p| p.value.lead_id())
                .map(|l| l.value.clone());
        }
        let words = format!("{} ({})", *entry.value.name, entry.id);
        let lead_now = entry.id == "amara-okafor";
        assert_eq!(
            leads.contains(&words.as_str()),
            !under && !lead_now,
            "{words}"
        );
    }
}

#[test]
fn frameworks_of_other_shapes() {
    // Dropbox: level ids on a shared scale, no steps; titles that carry the level are not
    // repeated; a track switch lands on the same grade's band.
    let dropbox = folder("examples/dropbox/ladders");
    let ana = offered(&dropbox, "ana-lima");
    assert_eq!(kind(&ana, "Next step"), None);
    assert_eq!(kind(&ana, "Another step"), None);
    assert_eq!(
        kind(&ana, "Next level"),
        Some(vec!["Quality Engineer, IC4"])
    );
    assert_eq!(ana.next_level.as_deref(), Some("ic/4"));
    let lukas = offered(&dropbox, "lukas-berg");
    assert_eq!(
        kind(&lukas, "Role"),
        Some(vec![
            "Architect (architect)",
            "Solver (solver)",
            "no role (leave Technical Lead)"
        ])
    );
    // InfraCloud: one stepless track; each team its own titles.
    let infracloud = folder("examples/infracloud/ladders");
    let kabir = offered(&infracloud, "kabir-shah");
    assert_eq!(kind(&kabir, "Next step"), None);
    assert_eq!(kind(&kabir, "Track"), None);
    assert_eq!(
        kind(&kabir, "Next level"),
        Some(vec!["level 3, Senior Engineer"])
    );
    // Monzo: steps A to E, within the policy's step jump.
    let monzo = folder("examples/monzo/ladders");
    let lin = offered(&monzo, "lin-wu");
    assert_eq!(kind(&lin, "Next step"), Some(vec!["level 1 step D"]));
    assert_eq!(
        kind(&lin, "Another step"),
        Some(vec!["level 1 step A", "level 1 step B", "level 1 step E"])
    );
}

/// The error findings of a proposal's review: what would refuse it.
fn errors_of(proposal: &Proposal) -> Vec<String> {
    proposal
        .review
        .findings
        .iter()
        .filter(|finding| finding.severity == Severity::Error)
        .map(|finding| finding.message.clone())
        .collect()
}

/// Every value offered to each of `people` (two leads standing for all), proposed: how many
/// were, and a line for each refused.
fn propose_each(
    path: &str,
    snapshot: &Snapshot,
    files: &Files,
    context: &Context,
    people: &[&&Entry<Placement>],
) -> (usize, Vec<String>) {
    let mut proposed = 0;
    let mut refused = Vec::new();
    for entry in people {
        let offered = offered(snapshot, &entry.id);
        for kind in &offered.kinds {
            for option in kind.options.iter().take(2) {
                let request = Request {
                    person: Some(entry.id.clone()),
                    change: option.change.clone(),
                    reason: None,
                };
                let proposal = propose(path, files, &[request], context).unwrap_or_else(|error| {
                    panic!("{path} {}: {}: {error}", entry.id, option.words)
                });
                let errors = errors_of(&proposal);
                if !errors.is_empty() {
                    refused.push(format!(
                        "{path} {}: {} {}: {errors:?}",
                        entry.id, kind.words, option.words
                    ));
                }
                proposed += 1;
            }
        }
    }
    (proposed, refused)
}

/// Every value offered to every teammate, proposed as the terminal would: none is refused.
#[test]
fn every_choice_offered_is_accepted() {
    let context = Context {
        date: jiff::civil::date(2026, 12, 1),
        template: None,
        author: None,
    };
    let mut proposed = 0;
    let mut refused: Vec<String> = Vec::new();
    // Each proposal is independent of the others: they are spread over the cores.
    let workers = std::thread::available_parallelism().map_or(2, usize::from);
    for path in FOLDERS {
        let snapshot = folder(path);
        let files = files_of(&snapshot);
        // On the shipped folder a fifth of the teammates and every role holder, so the test
        // stays fast; every teammate of the smaller examples.
        let sample: Vec<_> = snapshot
            .people
            .iter()
            .enumerate()
            .filter(|(index, entry)| {
                path != "ladders" || index % 5 == 0 || entry.value.role.is_some()
            })
            .map(|(_, entry)| entry)
            .collect();
        let (snapshot, files, context) = (&snapshot, &files, &context);
        let parts: Vec<(usize, Vec<String>)> = std::thread::scope(|scope| {
            let tasks: Vec<_> = (0..workers)
                .map(|worker| {
                    let mine: Vec<_> = sample.iter().skip(worker).step_by(workers).collect();
                    scope.spawn(move || propose_each(path, snapshot, files, context, &mine))
                })
                .collect();
            tasks
                .into_iter()
                .map(|task| task.join().expect("a worker panicked"))
                .collect()
        });
        for (count, mut lines) in parts {
            proposed += count;
            refused.append(&mut lines);
        }
    }
    assert!(refused.is_empty(), "{}", refused.join("\n"));
    assert!(proposed > 150, "{proposed}");
}

/// A `roles:` list is the lead's to edit: no role is offered, no track, only teams that have
/// every role, only levels where every role is held; each choice offered is accepted.
#[test]
fn a_roles_list_is_left_alone_and_every_choice_keeps_it_valid() {
    let dir = tempfile::tempdir().expect("temp");
    let ladders = dir.path().join("ladders");
    support::copy_dir(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ladders"),
        &ladders,
    );
    let rosa = ladders.join("people/happiness/rosa-jimenez.yml");
    let text = std::fs::read_to_string(&rosa).expect("rosa");
    // Onboarding is held at levels 2 and 3, Happiness Lead at 3 only.
    std::fs::write(
        &rosa,
        text.replace("role: onboarding", "roles: [onboarding, happiness-lead]"),
    )
    .expect("write");
    let snapshot = load_dir(&ladders, "ladders").expect("the folder reads");
    let offered = offered(&snapshot, "rosa-jimenez");
    let kinds: Vec<&str> = offered
        .kinds
        .iter()
        .map(|kind| kind.words.split(':').next().unwrap_or_default())
        .collect();
    assert!(!kinds.contains(&"Role"), "{kinds:?}");
    assert!(!kinds.contains(&"Track"), "{kinds:?}");
    assert!(!kinds.contains(&"Team"), "{kinds:?}");
    assert!(!kinds.contains(&"Another level"), "{kinds:?}");
    assert!(kinds.contains(&"Next step"), "{kinds:?}");

    let context = Context {
        date: jiff::civil::date(2026, 12, 1),
        template: None,
        author: None,
    };
    let files = files_of(&snapshot);
    for kind in &offered.kinds {
        for option in kind.options.iter().take(2) {
            let request = Request {
                person: Some("rosa-jimenez".into()),
                change: option.change.clone(),
                reason: None,
            };
            let proposal = propose("ladders", &files, &[request], &context)
                .unwrap_or_else(|error| panic!("{}: {error}", option.words));
            assert_eq!(
                errors_of(&proposal),
                Vec::<String>::new(),
                "{}",
                option.words
            );
        }
    }
}
