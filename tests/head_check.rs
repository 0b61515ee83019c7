//! The PR check's head, checked in proportion to the change against the facts kept for the base,
//! gives what a check of the whole head gives: the same findings, in the same order, byte for
//! byte. On every corpus case (the case as a pull request on the clean tree, and the fix of it
//! as one on the broken tree) and on 1,000 random pull requests on synthetic orgs.

mod support;
#[path = "support/synth.rs"]
mod synth;

use std::collections::BTreeMap;

use ladder::check::Facts;
use ladder::check::check_snapshot;
use ladder::finding::Finding;
use ladder::review::{carried_facts, check_head, facts_path, save_facts};
use ladder::snapshot::{changed_files, load_rev, open_rev};
use support::{Repo, copy_dir, fixtures};
use synth::{OrgSpec, person_id};

/// Each finding as one line, help included.
fn lines(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|finding| format!("{finding:?}\n"))
        .collect()
}

/// The head's findings from the whole head, and in part with the stored facts; when `fresh`, the
/// facts are first built afresh from the base (they depend on the base alone): all must agree.
/// Whether the check went in part.
fn compare(repo: &Repo, base: &str, head: &str, cache: &std::path::Path, fresh: bool) -> bool {
    let whole = check_snapshot(&load_rev(&repo.repo, head, "ladders").expect("head"));
    let base_tree = open_rev(&repo.repo, base, "ladders").expect("base");
    let head_tree = open_rev(&repo.repo, head, "ladders").expect("head");
    let files = changed_files(&base_tree, &head_tree).expect("changed");
    if fresh {
        let _ = std::fs::remove_file(facts_path(cache, "ladders"));
    }
    if files.is_empty() {
        // A pull request that leaves the folder alone has nothing of the head to check.
        let (found, _) = check_head(&base_tree, &head_tree, &files, Some(cache)).expect("check");
        assert_eq!(found, []);
        return false;
    }
    let (first, read) = check_head(&base_tree, &head_tree, &files, Some(cache)).expect("check");
    assert_eq!(
        lines(&whole),
        lines(&first),
        "{base}..{head}: in part (facts {}) differs from the whole; files {files:?}",
        if fresh { "built" } else { "stored" }
    );
    if !fresh {
        return !read.complete;
    }
    let (stored, _) = check_head(&base_tree, &head_tree, &files, Some(cache)).expect("check");
    assert_eq!(
        lines(&whole),
        lines(&stored),
        "{base}..{head}: in part (facts stored) differs from the whole"
    );
    !read.complete
}

#[test]
fn every_corpus_case_as_a_pull_request_and_its_fix() {
    let cache = tempfile::tempdir().expect("cache");
    let mut cases: Vec<_> = std::fs::read_dir(fixtures().join("bad"))
        .expect("corpus")
        .map(|entry| entry.expect("entry").path())
        .collect();
    cases.sort();
    for case in &cases {
        let mut repo = Repo::new();
        copy_dir(&fixtures().join("base"), &repo.ladders());
        let clean = repo.commit("base");
        if case.join("ladders").exists() {
            copy_dir(&case.join("ladders"), &repo.ladders());
        }
        if let Ok(deleted) = std::fs::read_to_string(case.join("DELETE")) {
            for rel in deleted.lines() {
                repo.remove(&format!("ladders/{rel}"));
            }
        }
        let broken = repo.commit("case");
        let (clean, broken) = (clean.to_string(), broken.to_string());
        compare(&repo, &clean, &broken, cache.path(), true);
        compare(&repo, &broken, &clean, cache.path(), true);
    }
}

/// The fixture tree, then a commit where Cy steps up: a change checked in part.
fn cy_steps_up() -> Repo {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    repo.commit("base");
    support::edit(&repo, "ladders/people/cy.yml", "step: 2", "step: 3");
    repo.commit("Cy steps up");
    repo
}

#[test]
fn a_corrupt_or_foreign_facts_file_is_rebuilt_not_trusted() {
    let cache = tempfile::tempdir().expect("cache");
    let repo = cy_steps_up();
    let base_tree = open_rev(&repo.repo, "HEAD~1", "ladders").expect("base");
    let head_tree = open_rev(&repo.repo, "HEAD", "ladders").expect("head");
    let files = changed_files(&base_tree, &head_tree).expect("changed");
    let whole = check_snapshot(&load_rev(&repo.repo, "HEAD", "ladders").expect("head"));
    let file = facts_path(cache.path(), "ladders");
    let (_, read) = check_head(&base_tree, &head_tree, &files, Some(cache.path())).expect("check");
    assert!(!read.complete, "a step is checked in part");
    let good = std::fs::read(&file).expect("facts stored");
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x20;
    for bad in [
        flipped,
        good[..good.len() / 2].to_vec(),
        b"nonsense".to_vec(),
    ] {
        std::fs::write(&file, bad).expect("spoil");
        let (found, _) =
            check_head(&base_tree, &head_tree, &files, Some(cache.path())).expect("check");
        assert_eq!(found, whole);
        assert_eq!(std::fs::read(&file).expect("rebuilt"), good);
    }
    // Facts of another base tree are for that tree only: the change undone has its own.
    let back = changed_files(&head_tree, &base_tree).expect("changed");
    let undone = check_snapshot(&load_rev(&repo.repo, "HEAD~1", "ladders").expect("base"));
    let (found, _) = check_head(&head_tree, &base_tree, &back, Some(cache.path())).expect("check");
    assert_eq!(found, undone);
    assert_ne!(std::fs::read(&file).expect("rebuilt"), good);
}

#[test]
fn a_killed_write_of_the_facts_is_cleared_and_a_running_one_left_alone() {
    let cache = tempfile::tempdir().expect("cache");
    let repo = cy_steps_up();
    let base_tree = open_rev(&repo.repo, "HEAD~1", "ladders").expect("base");
    let head_tree = open_rev(&repo.repo, "HEAD", "ladders").expect("head");
    let files = changed_files(&base_tree, &head_tree).expect("changed");
    // Named as a write of the facts names them: a killed one's, two hours old; one a racing
    // run is writing now.
    let killed = cache.path().join(".facts-ladders.bin.4242-17.tmp");
    let writing = cache.path().join(".facts-ladders.bin.4343-18.tmp");
    for file in [&killed, &writing] {
        std::fs::write(file, b"LDRFACTS half").expect("write");
    }
    let hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 60 * 60);
    std::fs::File::options()
        .write(true)
        .open(&killed)
        .and_then(|file| file.set_modified(hours_ago))
        .expect("age");
    check_head(&base_tree, &head_tree, &files, Some(cache.path())).expect("check");
    assert!(!killed.exists());
    assert!(writing.exists());
    assert!(facts_path(cache.path(), "ladders").exists());
}

/// One random edit to the org's placements.
fn random_edit(rng: &mut fastrand::Rng, files: &mut BTreeMap<String, String>, people: usize) {
    let kind = rng.u8(0..13);
    edit(rng, files, people, kind);
}

/// One edit of the kind `kind` (below 14) to the org's placements.
fn edit(rng: &mut fastrand::Rng, files: &mut BTreeMap<String, String>, people: usize, kind: u8) {
    let paths: Vec<String> = files.keys().cloned().collect();
    let path = paths[rng.usize(..paths.len())].clone();
    let text = files[&path].clone();
    let other = person_id(rng.usize(..people));
    let replace_line = |text: &str, key: &str, value: &str| -> String {
        text.lines()
            .map(|line| {
                if line.starts_with(&format!("{key}:")) {
                    format!("{key}: {value}")
                } else {
                    line.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    };
    let folder = |path: &str| path.rsplit_once('/').map_or("", |(dir, _)| dir).to_string();
    match kind {
        0 => {
            files.insert(
                path.clone(),
                replace_line(&text, "step", &rng.u32(0..6).to_string()),
            );
        }
        1 => {
            files.insert(
                path.clone(),
                replace_line(&text, "level", &rng.u32(0..10).to_string()),
            );
        }
        // A lead anywhere, often below: cycles.
        2 | 3 => {
            files.insert(path.clone(), replace_line(&text, "lead", &other));
        }
        4 => {
            let login = format!("user-{}", rng.usize(..people));
            files.insert(path.clone(), replace_line(&text, "github", &login));
        }
        // The same id in another folder.
        5 => {
            let copy = format!(
                "ladders/people/dup{}/{}",
                rng.u8(0..3),
                path.rsplit('/').next().unwrap_or("x.yml")
            );
            files.insert(copy, text.replace("name: ", "name: Copy of "));
        }
        6 => {
            files.insert(path.clone(), "name: [unclosed\nlead: p00001\n".to_string());
        }
        7 => {
            let id = format!("n{:04}", rng.u32(..10_000));
            let lead = if rng.bool() {
                other.clone()
            } else {
                format!("{other}x")
            };
            files.insert(
                format!("{}/{id}.yml", folder(&path)),
                format!(
                    "name: New {id}\ngithub: new-{id}\nteam: engineering\ntrack: maker\nlevel: 1\nstep: 1\nlead: {lead}\n"
                ),
            );
        }
        8 | 9 => {
            files.remove(&path);
        }
        // Renamed: a new id, or another folder.
        10 => {
            files.remove(&path);
            let id = format!("r{:04}", rng.u32(..10_000));
            let to = if rng.bool() {
                format!("{}/{id}.yml", folder(&path))
            } else {
                format!(
                    "ladders/people/moved/{}",
                    path.rsplit('/').next().unwrap_or("x.yml")
                )
            };
            files.insert(to, text);
        }
        11 => {
            files.insert(path.clone(), replace_line(&text, "lead", ""));
        }
        // No login: their reports' level changes wait for an approval they cannot give.
        13 => {
            files.insert(path.clone(), replace_line(&text, "github", ""));
        }
        _ => {
            files.insert(
                path.clone(),
                replace_line(&text, "lead", &format!("{other}y")),
            );
        }
    }
}

/// Writes `files` as the work tree's placements, removing the ones not in it.
fn lay_out(repo: &Repo, before: &BTreeMap<String, String>, files: &BTreeMap<String, String>) {
    for path in before.keys() {
        if !files.contains_key(path) {
            repo.remove(path);
        }
    }
    for (path, text) in files {
        if before.get(path) != Some(text) {
            repo.write(path, text);
        }
    }
}

/// One synthetic org's base placements and a hundred pull requests' (each one to three random
/// edits of the base), the base broken by three edits first for odd `org`s.
struct Draw {
    org: u64,
    base: BTreeMap<String, String>,
    pulls: Vec<BTreeMap<String, String>>,
}

const PEOPLE: usize = 160;

fn org_spec(org: u64) -> OrgSpec {
    OrgSpec {
        per_folder: 40,
        seed: org,
        ..OrgSpec::new(PEOPLE)
    }
}

fn draw(org: u64, rng: &mut fastrand::Rng) -> Draw {
    let mut base: BTreeMap<String, String> = BTreeMap::new();
    for (path, text) in synth::org_files(org_spec(org)) {
        if path.starts_with("people/") {
            base.insert(format!("ladders/{path}"), text);
        }
    }
    // Half the bases carry problems of their own before the pull requests.
    if org % 2 == 1 {
        for _ in 0..3 {
            random_edit(rng, &mut base, PEOPLE);
        }
    }
    let pulls = (0..100)
        .map(|_| {
            let mut files = base.clone();
            for _ in 0..rng.usize(1..=3) {
                random_edit(rng, &mut files, PEOPLE);
            }
            files
        })
        .collect();
    Draw { org, base, pulls }
}

/// The pull requests of one draw, each compared in part and whole: how many were checked in
/// part, of how many.
fn random_pull_requests(draw: &Draw, cache: &std::path::Path) -> (usize, usize) {
    let (mut total, mut in_part) = (0, 0);
    let mut repo = Repo::new();
    synth::write_org(&repo.ladders(), org_spec(draw.org)).expect("org");
    let written: BTreeMap<String, String> = synth::org_files(org_spec(draw.org))
        .into_iter()
        .filter(|(path, _)| path.starts_with("people/"))
        .map(|(path, text)| (format!("ladders/{path}"), text))
        .collect();
    lay_out(&repo, &written, &draw.base);
    repo.commit("base");
    let base_rev = repo
        .repo
        .head()
        .expect("head")
        .peel_to_commit()
        .expect("commit")
        .id()
        .to_string();
    for (pull, files) in draw.pulls.iter().enumerate() {
        lay_out(&repo, &draw.base, files);
        let head = repo.side_commit("a pull request").to_string();
        lay_out(&repo, files, &draw.base);
        total += 1;
        // Facts are built afresh for every tenth, the rest read what the first stored.
        if compare(&repo, &base_rev, &head, cache, pull % 10 == 0) {
            in_part += 1;
        }
    }
    (in_part, total)
}

#[test]
#[expect(clippy::print_stdout, reason = "says how many went in part")]
fn a_thousand_random_pull_requests_on_synthetic_orgs() {
    // Drawn in order from one generator, then checked on every core, each worker with a facts
    // cache of its own.
    let mut rng = fastrand::Rng::with_seed(25);
    let draws: Vec<Draw> = (0..10).map(|org| draw(org, &mut rng)).collect();
    let draws = &draws;
    let workers = std::thread::available_parallelism().map_or(2, usize::from);
    let (in_part, total) = std::thread::scope(|scope| {
        let tasks: Vec<_> = (0..workers)
            .map(|worker| {
                scope.spawn(move || {
                    let cache = tempfile::tempdir().expect("cache");
                    let mut counts = (0, 0);
                    for draw in draws.iter().skip(worker).step_by(workers) {
                        let (in_part, total) = random_pull_requests(draw, cache.path());
                        counts = (counts.0 + in_part, counts.1 + total);
                    }
                    counts
                })
            })
            .collect();
        tasks
            .into_iter()
            .map(|task| task.join().expect("a worker panicked"))
            .fold((0, 0), |(a, b), (c, d)| (a + c, b + d))
    });
    assert_eq!(total, 1000);
    println!("{in_part} of {total} random pull requests were checked in part");
    assert!(
        in_part * 2 > total,
        "only {in_part} of {total} were checked in part"
    );
}

#[test]
fn facts_carried_over_merges_equal_the_facts_of_the_whole_tree() {
    // Each org's base branch takes merges of one to three random edits; the facts kept for the
    // last base are brought to the next, and must be what a full read of it gives.
    let mut rng = fastrand::Rng::with_seed(26);
    let (mut carried, mut merges) = (0, 0);
    for org in 0..3 {
        let mut repo = Repo::new();
        let cache = tempfile::tempdir().expect("cache");
        synth::write_org(&repo.ladders(), org_spec(org)).expect("org");
        // No owners to stand in: where a role falls to a lead who opens the change, or to a
        // lead without a login, the change can never be approved. The facts keep whom that
        // strands.
        let framework = repo.ladders().join("framework.yml");
        let text = std::fs::read_to_string(&framework).expect("framework");
        let owners = "  owners: [synthetic/people]\n";
        assert!(text.contains(owners));
        std::fs::write(&framework, text.replace(owners, "")).expect("framework");
        let mut files: BTreeMap<String, String> = synth::org_files(org_spec(org))
            .into_iter()
            .filter(|(path, _)| path.starts_with("people/"))
            .map(|(path, text)| (format!("ladders/{path}"), text))
            .collect();
        repo.commit("base");
        let mut last_tree = None;
        for merge in 0..12 {
            let tree = open_rev(&repo.repo, "HEAD", "ladders").expect("base");
            let snapshot = load_rev(&repo.repo, "HEAD", "ladders").expect("base");
            let whole = Facts::of(&snapshot, &check_snapshot(&snapshot));
            if let Some(brought) = carried_facts(&tree, cache.path()) {
                assert_eq!(brought, whole, "org {org}, merge {merge}");
                // A merge that changed nothing carries nothing.
                carried += usize::from(last_tree != Some(tree.folder_id()));
            }
            merges += usize::from(merge > 0);
            last_tree = Some(tree.folder_id());
            let file = facts_path(cache.path(), "ladders");
            save_facts(&file, "ladders", tree.folder_id(), &whole).expect("saved");
            drop(tree);
            let before = files.clone();
            // What merges mostly do: steps, levels, new leads, logins, hires, departures; and
            // a lead who is nobody, a teammate without a login, whose reports no lead can
            // approve, a file that does not parse, a rename or a move.
            for _ in 0..rng.usize(1..=3) {
                let kind = [0, 1, 2, 4, 7, 8, 12, 13, 6, 10][rng.usize(..10)];
                edit(&mut rng, &mut files, PEOPLE, kind);
            }
            lay_out(&repo, &before, &files);
            repo.commit("a merge");
        }
    }
    // Some merges leave the facts unable to judge in part (a departed lead's reports point at
    // nobody, and a hire may be whom they meant; a file that does not parse): those are built
    // afresh. With this seed 17 of 33 are carried.
    assert!(
        carried * 3 > merges,
        "only {carried} of {merges} merges carried the facts"
    );
}
