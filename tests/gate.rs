//! The gate as a property: for random pull requests of a synthetic org that edit placements,
//! logins, team directors and the policy together, the approvals a change needs are exactly
//! those computed from the base alone, and none can be given by the person changed.

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use ladder::review::review_snapshots;
use ladder::snapshot::load_dir;
use support::{copy_dir, fixtures};

const KEYS: [&str; 5] = ["hire", "level", "step", "lead", "identity"];
const ENTRIES: [&str; 6] = [
    "lead",
    "director",
    "lead-of-lead",
    "acme/people",
    "@outsider",
    "u0",
];

struct Person {
    login: String,
    team: usize,
    level: u32,
    step: u32,
    lead: Option<usize>,
}

struct Org {
    people: Vec<Person>,
    directors: [usize; 2],
    policy: Vec<(&'static str, Vec<&'static str>)>,
}

impl Org {
    fn random(rng: &mut fastrand::Rng) -> Org {
        let count = rng.usize(4..10);
        let people = (0..count)
            .map(|i| Person {
                login: format!("u{i}"),
                team: rng.usize(0..2),
                level: rng.u32(1..=2),
                step: rng.u32(1..=4),
                lead: (i > 0).then(|| rng.usize(0..i)),
            })
            .collect();
        Org {
            people,
            directors: [0, rng.usize(0..count)],
            policy: random_policy(rng),
        }
    }

    fn write(&self, root: &Path) {
        let ladders = root.join("ladders");
        copy_dir(&fixtures().join("base"), &ladders);
        for stale in ["people", "cases", "teams"] {
            std::fs::remove_dir_all(ladders.join(stale)).expect("clear");
        }
        std::fs::create_dir_all(ladders.join("people")).expect("people");
        std::fs::create_dir_all(ladders.join("teams")).expect("teams");
        let framework = std::fs::read_to_string(ladders.join("framework.yml")).expect("framework");
        let start = framework.find("policy:").expect("policy");
        let mut policy = String::from("policy:\n  owners: [acme/people]\n  approvers:");
        policy.push_str(if self.policy.is_empty() {
            " {}\n"
        } else {
            "\n"
        });
        for (key, entries) in &self.policy {
            let quoted: Vec<String> = entries.iter().map(|entry| format!("\"{entry}\"")).collect();
            policy.push_str(&format!("    {key}: [{}]\n", quoted.join(", ")));
        }
        std::fs::write(
            ladders.join("framework.yml"),
            format!("{}{policy}", &framework[..start]),
        )
        .expect("write framework");
        for (team, director) in self.directors.iter().enumerate() {
            std::fs::write(
                ladders.join(format!("teams/t{team}.yml")),
                format!("name: Team {team}\ndirector: p{director}\n"),
            )
            .expect("write team");
        }
        for (i, person) in self.people.iter().enumerate() {
            let lead = person.lead.map_or(String::new(), |lead| format!("p{lead}"));
            std::fs::write(
                ladders.join(format!("people/p{i}.yml")),
                format!(
                    "name: Person {i}\ngithub: {}\nteam: t{}\ntrack: maker\nlevel: {}\nstep: {}\nlead: {lead}\n",
                    person.login, person.team, person.level, person.step
                ),
            )
            .expect("write person");
        }
    }
}

fn random_policy(rng: &mut fastrand::Rng) -> Vec<(&'static str, Vec<&'static str>)> {
    let mut policy = Vec::new();
    for key in KEYS {
        if rng.bool() {
            continue;
        }
        let mut entries: Vec<&str> = Vec::new();
        for entry in ENTRIES {
            if rng.u8(..4) == 0 {
                entries.push(entry);
            }
        }
        if entries.is_empty() {
            entries.push(ENTRIES[rng.usize(..ENTRIES.len())]);
        }
        policy.push((key, entries));
    }
    policy
}

/// The pull request: a few people moved, logins rewritten (approvers' too), a director swapped,
/// the policy replaced, someone hired.
fn edit(base: &Org, rng: &mut fastrand::Rng) -> Org {
    let mut people: Vec<Person> = base
        .people
        .iter()
        .map(|person| Person {
            login: person.login.clone(),
            team: person.team,
            level: person.level,
            step: person.step,
            lead: person.lead,
        })
        .collect();
    for (i, person) in people.iter_mut().enumerate() {
        match rng.u8(..8) {
            0 => person.step = if person.step < 4 { person.step + 1 } else { 1 },
            1 => person.level = 3 - person.level,
            2 => person.login = format!("mallory{i}"),
            3 if i > 1 => person.lead = Some(rng.usize(0..i)),
            _ => {}
        }
    }
    if rng.bool() {
        let lead = rng.usize(0..people.len());
        people.push(Person {
            login: "newcomer".into(),
            team: rng.usize(0..2),
            level: 1,
            step: 1,
            lead: Some(lead),
        });
    }
    let directors = if rng.bool() {
        [people.len() - 1, base.directors[1]]
    } else {
        base.directors
    };
    Org {
        people,
        directors,
        policy: if rng.bool() {
            random_policy(rng)
        } else {
            base.policy.clone()
        },
    }
}

/// (rule, entry, who could give it) for every approval, computed from the base org alone and
/// the ids and kinds the change set reports.
fn from_base(base: &Org, person: usize, head: Option<&Person>, keys: &[&str]) -> Vec<Approval> {
    let login = |id: usize| base.people.get(id).map(|person| person.login.clone());
    let standing = base.people.get(person).or(head).expect("a side");
    let mut subject: Vec<String> = base
        .people
        .get(person)
        .map(|p| p.login.clone())
        .into_iter()
        .collect();
    subject.extend(head.map(|p| p.login.clone()));
    let mut wanted = Vec::new();
    for key in keys {
        let named = base
            .policy
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, e)| e.clone());
        let entries = named.unwrap_or_else(|| {
            let mut owners = vec!["acme/people"];
            if *key == "identity" {
                owners.push("director");
            }
            owners
        });
        for entry in entries {
            let who: Option<String> = match entry {
                "lead" => standing.lead.and_then(login),
                "lead-of-lead" => standing
                    .lead
                    .and_then(|lead| base.people.get(lead))
                    .and_then(|lead| lead.lead)
                    .and_then(login),
                "director" => login(base.directors[standing.team]),
                other => Some(other.trim_start_matches('@').to_string()),
            };
            let role = ["lead", "lead-of-lead", "director"].contains(&entry);
            let named = who.is_some();
            let mut who: Vec<String> = who
                .into_iter()
                .filter(|who| !subject.contains(who))
                .collect();
            // A role that falls to the person changed goes to the owners instead.
            if role && named && who.is_empty() {
                who.push("acme/people".to_string());
            }
            wanted.push((key.to_string(), entry.to_string(), who));
        }
    }
    wanted
}

type Approval = (String, String, Vec<String>);

#[test]
fn approvals_come_from_the_base_alone_whatever_the_pull_request_edits() {
    let mut rng = fastrand::Rng::with_seed(29);
    let mut compared = 0;
    for round in 0..200 {
        let base = Org::random(&mut rng);
        let head = edit(&base, &mut rng);
        let (base_dir, head_dir) = (
            tempfile::tempdir().expect("temp"),
            tempfile::tempdir().expect("temp"),
        );
        base.write(base_dir.path());
        head.write(head_dir.path());
        let review = review_snapshots(
            load_dir(&base_dir.path().join("ladders"), "ladders").expect("base"),
            load_dir(&head_dir.path().join("ladders"), "ladders").expect("head"),
            None,
        );
        let mut expected: BTreeSet<Approval> = BTreeSet::new();
        let mut allowed: BTreeSet<String> = base.people.iter().map(|p| p.login.clone()).collect();
        allowed.extend(["acme/people".to_string(), "outsider".to_string()]);
        for change in &review.changes.people {
            let id: usize = change.id.trim_start_matches('p').parse().expect("id");
            let keys: Vec<&str> = {
                let mut keys: Vec<&str> = Vec::new();
                for kind in &change.kinds {
                    if !keys.contains(&kind.policy_key()) {
                        keys.push(kind.policy_key());
                    }
                }
                keys
            };
            expected.extend(from_base(&base, id, head.people.get(id), &keys));
        }
        let got: BTreeSet<Approval> = review
            .approvals
            .iter()
            .filter(|approval| approval.rule != "framework" && approval.rule != "policy")
            .map(|approval| {
                let mut who = approval.who.clone();
                who.sort();
                (approval.rule.clone(), approval.approver.clone(), who)
            })
            .collect();
        let changed: Vec<&str> = review
            .changes
            .people
            .iter()
            .map(|change| change.id.as_str())
            .collect();
        assert_eq!(
            got, expected,
            "round {round}: changes {changed:?}, problems {:?}",
            review.base.problems
        );
        for approval in &review.approvals {
            for who in &approval.who {
                assert!(
                    allowed.contains(who),
                    "round {round}: {who} is not the base's to name"
                );
            }
        }
        compared += got.len();
    }
    assert!(
        compared > 500,
        "the property compared only {compared} approvals"
    );
}
