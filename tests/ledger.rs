//! The PR check's pace read from the ledger kept for the base gives what the base's history
//! gives: the same JSON, byte for byte, on random histories years long (steps, jumps, moves
//! down, new leads, departures, hires, renames, track switches) and random pull requests on
//! them. A ledger that does not hold up, or a base it cannot stand in for, sends the check back
//! to the history.

mod support;
#[path = "support/synth.rs"]
mod synth;

use std::collections::BTreeMap;
use std::path::Path;

use ladder::review::{Head, PaceRequest, review_with_pace};
use support::Repo;
use synth::{OrgSpec, person_id};

const PEOPLE: usize = 120;

/// A placement of the synthetic org, field by field.
#[derive(Clone)]
struct Placement {
    name: String,
    team: String,
    track: String,
    level: u32,
    step: u32,
    lead: String,
}

impl Placement {
    fn parse(text: &str) -> Placement {
        let field = |key: &str| {
            text.lines()
                .find_map(|line| line.strip_prefix(&format!("{key}:")))
                .map_or(String::new(), |value| value.trim().to_string())
        };
        Placement {
            name: field("name"),
            team: field("team"),
            track: field("track"),
            level: field("level").parse().unwrap_or(1),
            step: field("step").parse().unwrap_or(1),
            lead: field("lead"),
        }
    }

    fn text(&self) -> String {
        format!(
            "name: {}\nteam: {}\ntrack: {}\nlevel: {}\nstep: {}\nlead: {}\n",
            self.name, self.team, self.track, self.level, self.step, self.lead
        )
    }

    fn top(&self) -> u32 {
        if self.track == "manager" {
            synth::MANAGER_LEVELS
        } else {
            synth::MAKER_LEVELS
        }
    }
}

/// One random change to the org: mostly steps up, the rest everything a history holds. With
/// `favour`, one lead's reports step up far more often than the rest's, so the alarm has
/// something to raise.
fn random_change(rng: &mut fastrand::Rng, org: &mut BTreeMap<String, Placement>, favour: bool) {
    change_at_random(rng, org, favour, true);
}

/// [`random_change`], with renames left out unless `renames`.
fn change_at_random(
    rng: &mut fastrand::Rng,
    org: &mut BTreeMap<String, Placement>,
    favour: bool,
    renames: bool,
) {
    let fast = person_id(1);
    let reports: Vec<String> = org
        .iter()
        .filter(|(_, placement)| placement.lead == fast)
        .map(|(path, _)| path.clone())
        .collect();
    let paths: Vec<String> = org.keys().cloned().collect();
    let favoured = favour && !reports.is_empty() && rng.u8(0..4) != 0;
    let path = if favoured {
        reports[rng.usize(..reports.len())].clone()
    } else {
        paths[rng.usize(..paths.len())].clone()
    };
    let mut placement = org[&path].clone();
    let leads: Vec<String> = (0..PEOPLE / 8).map(person_id).collect();
    match if favoured { 0 } else { rng.u8(0..20) } {
        0..=9 => {
            if placement.step < 4 {
                placement.step += 1;
            } else if placement.level < placement.top() {
                placement.level += 1;
                placement.step = 1;
            }
        }
        10 => placement.level = (placement.level + 2).min(placement.top()),
        11 => placement.step = placement.step.saturating_sub(1).max(1),
        12 | 13 => placement.lead = leads[rng.usize(..leads.len())].clone(),
        14 => {
            org.remove(&path);
            return;
        }
        15 | 16 => {
            let id = format!("h{:04}", rng.u32(..10_000));
            let hire = Placement {
                name: format!("Hire {id}"),
                team: "engineering".into(),
                track: "maker".into(),
                level: rng.u32(1..=3),
                step: rng.u32(1..=4),
                lead: leads[rng.usize(..leads.len())].clone(),
            };
            org.insert(format!("ladders/people/new/{id}.yml"), hire);
            return;
        }
        17 if renames => {
            org.remove(&path);
            let id = format!("r{:04}", rng.u32(..10_000));
            org.insert(format!("ladders/people/renamed/{id}.yml"), placement);
            return;
        }
        18 => {
            placement.track = if placement.track == "maker" {
                "manager".into()
            } else {
                "maker".into()
            };
            placement.level = placement.level.min(placement.top());
        }
        _ => placement.step = 4,
    }
    org.insert(path, placement);
}

/// Writes the org as the work tree's placements, removing those it no longer holds.
fn lay_out(repo: &Repo, was: &BTreeMap<String, Placement>, now: &BTreeMap<String, Placement>) {
    for path in was.keys().filter(|path| !now.contains_key(*path)) {
        repo.remove(path);
    }
    for (path, placement) in now {
        let text = placement.text();
        if was.get(path).map(Placement::text) != Some(text.clone()) {
            repo.write(path, &text);
        }
    }
}

/// A synthetic org with `commits` random changes, days to weeks apart.
fn org_with_history(seed: u64, commits: usize) -> (Repo, BTreeMap<String, Placement>) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut repo = Repo::new();
    let spec = OrgSpec {
        per_folder: 40,
        seed,
        ..OrgSpec::new(PEOPLE)
    };
    synth::write_org(&repo.ladders(), spec).expect("org");
    let mut org: BTreeMap<String, Placement> = synth::org_files(spec)
        .into_iter()
        .filter(|(path, _)| path.starts_with("people/"))
        .map(|(path, text)| (format!("ladders/{path}"), Placement::parse(&text)))
        .collect();
    // Each file as this test writes it, so the first change commits only itself.
    lay_out(&repo, &BTreeMap::new(), &org);
    repo.commit("the org");
    for commit in 0..commits {
        let was = org.clone();
        random_change(&mut rng, &mut org, commit + 60 >= commits);
        lay_out(&repo, &was, &org);
        repo.advance(rng.i64(2..20));
        repo.commit(&format!("change {commit}"));
    }
    // A burst at the end: everyone under one lead moves up, week after week.
    let fast = person_id(2);
    for week in 0..4 {
        let was = org.clone();
        for placement in org.values_mut().filter(|placement| placement.lead == fast) {
            if placement.step < 4 {
                placement.step += 1;
            } else if placement.level < placement.top() {
                placement.level += 1;
                placement.step = 1;
            }
        }
        lay_out(&repo, &was, &org);
        repo.advance(6);
        repo.commit(&format!("burst {week}"));
    }
    (repo, org)
}

/// The check of `head` against HEAD with its pace, as JSON, keeping the index and the ledger in
/// `cache`.
fn check(repo: &Repo, head: &str, cache: &Path) -> String {
    let handle = git2::Repository::open(repo.path()).expect("open");
    let pace = PaceRequest {
        index: Some(cache.to_path_buf()),
        unless_untouched: false,
    };
    let (review, _) = review_with_pace(
        handle,
        "ladders",
        "HEAD",
        Head::Revision(head),
        None,
        None,
        Some(&pace),
        Some(cache),
    )
    .expect("review");
    assert!(review.pace.is_some(), "the check has no pace");
    ladder::report::review::render_json(&review)
}

fn ledger_file(cache: &Path) -> std::path::PathBuf {
    ladder::pace::ledger::path(cache, "ladders")
}

fn index_file(cache: &Path) -> std::path::PathBuf {
    ladder::history::index::path(cache, "ladders")
}

/// A pull request of one to three random changes on `org`, committed beside HEAD.
fn pull_request(
    repo: &mut Repo,
    org: &BTreeMap<String, Placement>,
    rng: &mut fastrand::Rng,
) -> String {
    let mut changed = org.clone();
    for _ in 0..rng.usize(1..=3) {
        random_change(rng, &mut changed, false);
    }
    commit_beside(repo, org, &changed)
}

/// `changed` committed beside HEAD, whose placements are `org`.
fn commit_beside(
    repo: &mut Repo,
    org: &BTreeMap<String, Placement>,
    changed: &BTreeMap<String, Placement>,
) -> String {
    lay_out(repo, org, changed);
    let head = repo.side_commit("a pull request").to_string();
    lay_out(repo, changed, org);
    head
}

/// Everyone a level up who can go: each one's time in their level is judged.
fn promote_everyone(repo: &mut Repo, org: &BTreeMap<String, Placement>) -> String {
    let mut changed = org.clone();
    for placement in changed.values_mut() {
        if placement.level < placement.top() {
            placement.level += 1;
            placement.step = 1;
        }
    }
    commit_beside(repo, org, &changed)
}

#[test]
fn the_ledger_gives_the_figures_the_history_gives() {
    let (mut ledgers_read, mut raised_by_commits, mut sooner) = (0, 0, 0);
    for seed in [3, 8, 21] {
        let (mut repo, org) = org_with_history(seed, 260);
        let mut rng = fastrand::Rng::with_seed(seed * 7);
        for pull in 0..7 {
            let head = if pull == 6 {
                promote_everyone(&mut repo, &org)
            } else {
                pull_request(&mut repo, &org, &mut rng)
            };
            let cache = tempfile::tempdir().expect("cache");
            let from_history = check(&repo, &head, cache.path());
            assert!(
                ledger_file(cache.path()).exists(),
                "seed {seed}, pull {pull}: no ledger written"
            );
            // Without the history index, a check that read the history would write it again.
            std::fs::remove_file(index_file(cache.path())).expect("index");
            let from_ledger = check(&repo, &head, cache.path());
            assert!(
                !index_file(cache.path()).exists(),
                "seed {seed}, pull {pull}: the second check read the history"
            );
            ledgers_read += 1;
            assert!(
                from_history == from_ledger,
                "seed {seed}, pull {pull}: the ledger's figures differ from the history's"
            );
            // What the comparison reaches: alarms raised by the base's own commits, and
            // promotions sooner than the typical time.
            let report: serde_json::Value = serde_json::from_str(&from_ledger).expect("json");
            raised_by_commits += report["pace"]["alarm_before"]["leads"]
                .as_array()
                .expect("alarm leads")
                .iter()
                .flat_map(|lead| lead["raised"].as_array().cloned().unwrap_or_default())
                .filter(|raised| raised["commit"].as_str().is_some_and(|c| c.len() == 40))
                .count();
            sooner += from_ledger.matches("sooner-than-typical").count();
        }
    }
    assert_eq!(ledgers_read, 21);
    assert!(
        raised_by_commits > 0,
        "no alarm raised by a commit of the base"
    );
    assert!(sooner > 0, "no promotion sooner than the typical time");
}

#[test]
fn a_ledger_that_does_not_hold_up_is_read_past_and_written_again() {
    let (mut repo, org) = org_with_history(5, 120);
    let mut rng = fastrand::Rng::with_seed(5);
    let head = pull_request(&mut repo, &org, &mut rng);
    let cache = tempfile::tempdir().expect("cache");
    let expected = check(&repo, &head, cache.path());
    let file = ledger_file(cache.path());
    let good = std::fs::read(&file).expect("ledger");
    let middle = good.len() / 2;
    let mut flipped = good.clone();
    flipped[middle] ^= 0x40;
    // A flipped byte, a cut, another format, and a ledger of another base.
    let mut other_format = good.clone();
    other_format[8] = other_format[8].wrapping_add(1);
    let mut other_base = good.clone();
    other_base[12] ^= 0xff;
    for (what, bytes) in [
        ("flipped", flipped),
        ("cut", good[..middle].to_vec()),
        ("format", other_format),
        ("base", other_base),
    ] {
        std::fs::write(&file, &bytes).expect("write");
        std::fs::remove_file(index_file(cache.path())).expect("index");
        assert_eq!(check(&repo, &head, cache.path()), expected, "{what}");
        assert!(
            index_file(cache.path()).exists(),
            "{what}: the check trusted a ledger that does not hold up"
        );
        assert_eq!(
            std::fs::read(&file).expect("ledger"),
            good,
            "{what}: the ledger was not written again"
        );
    }
}

#[test]
fn with_calibration_cycles_no_ledger_is_kept() {
    let (mut repo, org) = org_with_history(9, 60);
    let framework = repo.ladders().join("framework.yml");
    let text = std::fs::read_to_string(&framework).expect("framework");
    std::fs::write(
        &framework,
        format!("{text}  pace:\n    cycles: half-yearly\n"),
    )
    .expect("write");
    repo.commit("calibration cycles");
    let mut rng = fastrand::Rng::with_seed(9);
    let head = pull_request(&mut repo, &org, &mut rng);
    let cache = tempfile::tempdir().expect("cache");
    let first = check(&repo, &head, cache.path());
    assert!(!ledger_file(cache.path()).exists());
    assert_eq!(check(&repo, &head, cache.path()), first);
}

/// The base moves on by `commits` random changes, renames among them only if `renames`.
fn move_on(
    repo: &mut Repo,
    org: &mut BTreeMap<String, Placement>,
    rng: &mut fastrand::Rng,
    commits: usize,
    renames: bool,
) {
    for commit in 0..commits {
        let was = org.clone();
        change_at_random(rng, org, false, renames);
        lay_out(repo, &was, org);
        repo.advance(rng.i64(2..20));
        repo.commit(&format!("moving on {commit}"));
    }
}

/// A rename, committed on the base.
fn rename_someone(repo: &mut Repo, org: &mut BTreeMap<String, Placement>) {
    let was = org.clone();
    let path = org.keys().last().cloned().expect("someone");
    let placement = org.remove(&path).expect("placement");
    org.insert("ladders/people/renamed/r-late.yml".into(), placement);
    lay_out(repo, &was, org);
    repo.commit("a rename");
}

#[test]
fn a_ledger_is_carried_forward_as_the_base_moves_on_and_not_past_a_rename() {
    let (mut repo, mut org) = org_with_history(13, 150);
    let mut rng = fastrand::Rng::with_seed(13);
    let cache = tempfile::tempdir().expect("cache");
    let first = pull_request(&mut repo, &org, &mut rng);
    check(&repo, &first, cache.path());
    let kept_for = |cache: &Path| {
        let bytes = std::fs::read(ledger_file(cache)).expect("ledger");
        git2::Oid::from_bytes(&bytes[12..32]).expect("commit")
    };
    for (round, renames) in [(0, false), (1, false), (2, true)] {
        move_on(&mut repo, &mut org, &mut rng, 6 + round * 3, false);
        if renames {
            rename_someone(&mut repo, &mut org);
        }
        let base = repo.repo.head().expect("head").target().expect("base");
        let head = pull_request(&mut repo, &org, &mut rng);
        let fresh = tempfile::tempdir().expect("fresh cache");
        let expected = check(&repo, &head, fresh.path());
        // Gone already where the last round carried the ledger forward.
        let _ = std::fs::remove_file(index_file(cache.path()));
        assert!(kept_for(cache.path()) != base, "round {round}");
        let carried = check(&repo, &head, cache.path());
        assert!(
            carried == expected,
            "round {round}: the carried ledger's figures differ from the history's"
        );
        assert_eq!(kept_for(cache.path()), base, "round {round}");
        assert_eq!(
            index_file(cache.path()).exists(),
            renames,
            "round {round}: {}",
            if renames {
                "a ledger was carried past a rename"
            } else {
                "the ledger was not carried forward"
            }
        );
    }
}
