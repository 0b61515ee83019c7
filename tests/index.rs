//! The history index on real repositories: a warm read walks only new commits and gives the same
//! events as a fresh walk; a corrupt, truncated or foreign index, or one damaged anywhere, is
//! set aside and rebuilt; an older revision or a rewritten branch is read right without
//! spoiling the index; two runs at once leave one whole index, and a killed one's leftovers are
//! cleared; several roles, `roles: [...]`, read back from the index as written.

mod support;

use std::path::Path;

use assert_cmd::Command;
use ladder::history::{History, index, read_history, read_history_with};
use support::{Repo, copy_dir, fixtures};

fn placement(name: &str, github: &str, level: u32, step: u32, lead: &str) -> String {
    format!(
        "name: {name}\ngithub: {github}\nteam: eng\ntrack: maker\nlevel: {level}\nstep: {step}\nlead: {lead}\n"
    )
}

/// A repository whose history moves Cy up a step at a time, with a rename along the way.
fn repo_with_history(steps: u32) -> Repo {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    repo.commit("Add the framework");
    for step in 1..=steps {
        repo.write(
            "ladders/people/cy.yml",
            &placement("Cy Hopper", "cy", 1, 1 + step % 4, "bob"),
        );
        repo.commit(&format!("Cy moves (#{step})"));
    }
    repo.remove("ladders/people/cy.yml");
    repo.write(
        "ladders/people/cyrus.yml",
        &placement("Cy Hopper", "cy", 1, 1, "bob"),
    );
    repo.commit("Cy is Cyrus now (#99)");
    repo
}

fn index_dir(repo: &Repo) -> std::path::PathBuf {
    repo.repo.path().join("ladder")
}

fn fresh(repo: &Repo, rev: &str) -> History {
    read_history(&repo.repo, rev, "ladders", &mut |_, _| {}).expect("history")
}

fn indexed(repo: &Repo, rev: &str) -> History {
    read_history_with(
        &repo.repo,
        rev,
        "ladders",
        Some(&index_dir(repo)),
        &mut |_, _| {},
    )
    .expect("history")
}

fn index_file(repo: &Repo) -> std::path::PathBuf {
    index_dir(repo).join("history-ladders.idx")
}

#[test]
fn a_warm_read_walks_only_the_new_commits_and_agrees_with_a_fresh_walk() {
    let mut repo = repo_with_history(6);
    let cold = indexed(&repo, "HEAD");
    assert_eq!(cold.walked, cold.commits);
    assert!(cold.notes.is_empty(), "{:?}", cold.notes);
    assert!(index_file(&repo).exists());
    assert_eq!(cold.events, fresh(&repo, "HEAD").events);

    let warm = indexed(&repo, "HEAD");
    assert_eq!(warm.walked, 0);
    assert_eq!(warm.events, cold.events);

    repo.write(
        "ladders/people/bob.yml",
        &placement("Bob Babbage", "bob", 3, 1, "ada"),
    );
    repo.commit("Promote Bob (#100)");
    let extended = indexed(&repo, "HEAD");
    assert_eq!(extended.walked, 1);
    assert_eq!(extended.commits, cold.commits + 1);
    assert_eq!(extended.changing_commits, cold.changing_commits + 1);
    assert_eq!(extended.events, fresh(&repo, "HEAD").events);
    // Renames are followed over indexed and new events alike.
    assert!(
        extended
            .events
            .iter()
            .any(|event| &*event.person == "cyrus" && &*event.id_then == "cy")
    );
}

/// `./ladders` names the same folder as `ladders` at every step: the walk, the index's last
/// folder, and a commit added after it. Before, the index kept no folder for `./ladders` and the
/// next commit read as everyone joining.
#[test]
fn a_folder_given_as_dot_slash_reads_as_the_plain_one() {
    let mut repo = repo_with_history(3);
    let read = |repo: &Repo, index: bool| {
        let folder = index_dir(repo);
        read_history_with(
            &repo.repo,
            "HEAD",
            "./ladders",
            index.then_some(folder.as_path()),
            &mut |_, _| {},
        )
        .expect("history")
    };
    let cold = read(&repo, true);
    assert!(!cold.events.is_empty());
    assert_eq!(cold.events.len(), fresh(&repo, "HEAD").events.len());
    repo.write(
        "ladders/people/bob.yml",
        &placement("Bob Babbage", "bob", 3, 1, "ada"),
    );
    repo.commit("Promote Bob (#100)");
    let extended = read(&repo, true);
    assert_eq!(extended.walked, 1);
    assert_eq!(extended.events, read(&repo, false).events);
    assert_eq!(extended.events.len(), cold.events.len() + 1);
}

#[test]
fn an_older_revision_reads_from_the_index_and_leaves_it_whole() {
    let repo = repo_with_history(5);
    let head = indexed(&repo, "HEAD");
    let older = indexed(&repo, "HEAD~3");
    assert_eq!(older.walked, 0);
    assert_eq!(older.events, fresh(&repo, "HEAD~3").events);
    // The index still holds the whole line: HEAD reads without walking.
    let again = indexed(&repo, "HEAD");
    assert_eq!(again.walked, 0);
    assert_eq!(again.events, head.events);
}

#[test]
fn a_corrupt_truncated_or_foreign_index_is_set_aside_and_rebuilt() {
    let repo = repo_with_history(4);
    let whole = indexed(&repo, "HEAD");
    let bytes = std::fs::read(index_file(&repo)).expect("index");
    // The bytes of `from` replaced, once, by `to` of the same length.
    let replaced = |from: &[u8], to: &[u8]| {
        let at = bytes
            .windows(from.len())
            .position(|window| window == from)
            .expect("found");
        let mut changed = bytes.clone();
        changed[at..at + to.len()].copy_from_slice(to);
        changed
    };
    // Past the checksum: what an index written wrong, not damaged since, would hold.
    let resealed = |mut changed: Vec<u8>| {
        index::reseal(&mut changed);
        changed
    };
    let mut format_99 = bytes.clone();
    format_99[8..12].copy_from_slice(&99u32.to_le_bytes());
    let mut flipped = bytes.clone();
    flipped[bytes.len() / 2] ^= 0x10;
    let last = repo.repo.revparse_single("HEAD").expect("head").id();
    for (broken, says) in [
        (b"not an index at all".to_vec(), "corrupt or truncated"),
        (bytes[..bytes.len() / 2].to_vec(), "corrupt or truncated"),
        (format_99, "format 99"),
        (flipped, "its checksum does not match its content"),
        // The last commit's id in the line no longer matches the commit its events name.
        (
            resealed(replaced(last.as_bytes(), &[0x11; 20])),
            "refers past its own",
        ),
        (
            resealed(replaced(b"ladders", b"others_")),
            "the folder `others_`",
        ),
    ] {
        std::fs::write(index_file(&repo), &broken).expect("write");
        let read = indexed(&repo, "HEAD");
        assert_eq!(read.notes.len(), 1, "{says}: {:?}", read.notes);
        assert!(
            read.notes[0].starts_with("the history index was set aside and rebuilt")
                && read.notes[0].contains(says),
            "{:?}",
            read.notes
        );
        assert_eq!(read.walked, read.commits);
        assert_eq!(read.events, whole.events);
        // Rebuilt: the next read trusts it again.
        let next = indexed(&repo, "HEAD");
        assert!(next.notes.is_empty(), "{:?}", next.notes);
        assert_eq!(next.walked, 0);
    }
}

/// Several roles, `roles: [...]`, are kept by the index as they are read fresh; an index of the
/// format before, with times as text, is set aside and rebuilt, never read as the new shape.
#[test]
fn several_roles_round_trip_through_the_index_and_an_older_format_is_rebuilt() {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    let team = repo.ladders().join("teams/eng.yml");
    let mut text = std::fs::read_to_string(&team).expect("team");
    text.push_str(concat!(
        "roles:\n",
        "  - id: coordinator\n    name: Rota Coordinator\n    levels: {from: 1, to: 3}\n",
        "  - id: tech-lead\n    name: Tech Lead\n    levels: {from: 1, to: 3}\n",
    ));
    std::fs::write(team, text).expect("write");
    repo.commit("Add the framework");
    let cy = |roles: &str| format!("{}{roles}\n", placement("Cy Hopper", "cy", 1, 2, "bob"));
    repo.write(
        "ladders/people/cy.yml",
        &cy("roles: [coordinator, tech-lead]"),
    );
    repo.commit("Cy runs the rota and leads (#1)");
    repo.write("ladders/people/cy.yml", &cy("roles: [tech-lead]"));
    repo.commit("Cy hands over the rota (#2)");

    let cold = indexed(&repo, "HEAD");
    assert!(cold.notes.is_empty(), "{:?}", cold.notes);
    assert_eq!(cold.events, fresh(&repo, "HEAD").events);
    let warm = indexed(&repo, "HEAD");
    assert_eq!(warm.walked, 0);
    assert_eq!(warm.events, cold.events);
    let mut held: Vec<(String, String)> = warm
        .events
        .iter()
        .filter(|event| &*event.person == "cy")
        .map(|event| {
            let after = event.after.as_ref().expect("after");
            (event.kind.describe(), after.roles.words())
        })
        .collect();
    held.sort();
    assert_eq!(
        held,
        [
            ("joins".to_string(), String::new()),
            ("leaves role coordinator".into(), "tech-lead".into()),
            (
                "takes on role coordinator".into(),
                "coordinator, tech-lead".into()
            ),
            (
                "takes on role tech-lead".into(),
                "coordinator, tech-lead".into()
            ),
        ]
    );

    // The same bytes stamped with the format before signing times were numbers.
    let mut bytes = std::fs::read(index_file(&repo)).expect("index");
    assert_eq!(
        bytes[8..12],
        9u32.to_le_bytes(),
        "the format this test knows"
    );
    bytes[8..12].copy_from_slice(&8u32.to_le_bytes());
    std::fs::write(index_file(&repo), &bytes).expect("write");
    let read = indexed(&repo, "HEAD");
    assert_eq!(read.notes.len(), 1, "{:?}", read.notes);
    assert!(
        read.notes[0].starts_with("the history index was set aside and rebuilt")
            && read.notes[0].contains("is in format 8, this ladder writes format 9"),
        "{:?}",
        read.notes
    );
    assert_eq!(read.walked, read.commits);
    assert_eq!(read.events, cold.events);
    let next = indexed(&repo, "HEAD");
    assert!(next.notes.is_empty(), "{:?}", next.notes);
    assert_eq!(next.walked, 0);
    assert_eq!(next.events, cold.events);
}

#[test]
fn a_rewritten_branch_is_read_right_and_the_index_follows_it() {
    let mut repo = repo_with_history(3);
    indexed(&repo, "HEAD");
    // Rewrite the whole branch: a new first commit with a different history, the old one
    // still in the repository.
    repo.repo.set_head("refs/heads/rewritten").expect("unborn");
    repo.advance(30);
    repo.commit("Start again");
    repo.write(
        "ladders/people/bob.yml",
        &placement("Bob Babbage", "bob", 3, 2, "ada"),
    );
    repo.commit("Bob (#7)");
    let read = indexed(&repo, "HEAD");
    assert_eq!(
        read.notes,
        [
            "the history index does not lead to `HEAD` (the branch was rewritten?); read the whole history"
        ]
    );
    assert_eq!(read.events, fresh(&repo, "HEAD").events);
    let again = indexed(&repo, "HEAD");
    assert!(again.notes.is_empty(), "{:?}", again.notes);
    assert_eq!(again.walked, 0);
}

#[test]
fn an_index_from_another_repository_is_set_aside_and_rebuilt() {
    let repo = repo_with_history(3);
    indexed(&repo, "HEAD");
    let mut other = Repo::new();
    copy_dir(&fixtures().join("base"), &other.ladders());
    other.advance(30);
    other.commit("Start again");
    other.write(
        "ladders/people/bob.yml",
        &placement("Bob Babbage", "bob", 3, 2, "ada"),
    );
    other.commit("Bob (#7)");
    // The first repository's index read for the other, as a cache folder shared by both would.
    let read_other = || {
        read_history_with(
            &other.repo,
            "HEAD",
            "ladders",
            Some(&index_dir(&repo)),
            &mut |_, _| {},
        )
        .expect("history")
    };
    let read = read_other();
    assert_eq!(read.notes.len(), 1, "{:?}", read.notes);
    assert!(
        read.notes[0].starts_with("the history index was set aside and rebuilt")
            && read.notes[0].contains("is for another repository"),
        "{:?}",
        read.notes
    );
    assert_eq!(read.events, fresh(&other, "HEAD").events);
    let again = read_other();
    assert!(again.notes.is_empty(), "{:?}", again.notes);
    assert_eq!(again.walked, 0);
}

#[test]
fn two_runs_at_once_leave_one_whole_index() {
    let repo = repo_with_history(8);
    let path = repo.path().to_path_buf();
    let dir = index_dir(&repo);
    let runs: Vec<_> = (0..4)
        .map(|_| {
            let (path, dir) = (path.clone(), dir.clone());
            std::thread::spawn(move || {
                let repo = git2::Repository::open(&path).expect("open");
                read_history_with(&repo, "HEAD", "ladders", Some(&dir), &mut |_, _| {})
                    .expect("history")
                    .events
            })
        })
        .collect();
    let expected = fresh(&repo, "HEAD").events;
    for run in runs {
        assert_eq!(run.join().expect("thread"), expected);
    }
    let after = indexed(&repo, "HEAD");
    assert!(after.notes.is_empty(), "{:?}", after.notes);
    assert_eq!(after.walked, 0);
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|entry| entry.expect("entry").file_name())
        .filter(|name| name.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn the_commands_agree_with_and_without_the_index_and_say_when_it_was_rebuilt() {
    let repo = repo_with_history(3);
    let ladder = |args: &[&str]| {
        Command::cargo_bin("ladder")
            .expect("binary")
            .current_dir(repo.path())
            .args(args)
            .output()
            .expect("run")
    };
    let plain = ladder(&["log", "--format", "json", "--no-cache"]);
    assert!(!index_file(&repo).exists());
    let cold = ladder(&["log", "--format", "json"]);
    assert!(index_file(&repo).exists());
    let warm = ladder(&["log", "--format", "json"]);
    assert_eq!(plain.stdout, cold.stdout);
    assert_eq!(plain.stdout, warm.stdout);
    std::fs::write(index_file(&repo), "{").expect("write");
    let rebuilt = ladder(&["log", "--format", "json"]);
    assert_eq!(rebuilt.stdout, plain.stdout);
    let stderr = String::from_utf8_lossy(&rebuilt.stderr);
    assert!(
        stderr.contains("ladder: the history index was set aside and rebuilt"),
        "{stderr}"
    );
    let elsewhere = tempfile::tempdir().expect("temp");
    let moved = ladder(&[
        "log",
        "--format",
        "json",
        "--cache",
        &elsewhere.path().display().to_string(),
    ]);
    assert_eq!(moved.stdout, plain.stdout);
    assert!(Path::new(&elsewhere.path().join("history-ladders.idx")).exists());
}

/// Ways a stored index can be damaged in place, each named: a bit flipped in every byte, a cut
/// at every length, runs of zeros, ones and noise written over it from end to end, a byte too
/// many, and all of it noise. Variants that leave it as it was are left out.
fn damaged(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut variants = Vec::new();
    for at in 0..bytes.len() {
        let mut flipped = bytes.to_vec();
        flipped[at] ^= 1 << (at % 8);
        variants.push((format!("bit {} of byte {at} flipped", at % 8), flipped));
        variants.push((format!("cut to {at} bytes"), bytes[..at].to_vec()));
    }
    let mut noise = fastrand::Rng::with_seed(7);
    for at in (0..bytes.len()).step_by(7) {
        let run = 8.min(bytes.len() - at);
        for (fill, name) in [(Some(0x00), "zeros"), (Some(0xff), "ones"), (None, "noise")] {
            let mut over = bytes.to_vec();
            for byte in &mut over[at..at + run] {
                *byte = fill.unwrap_or_else(|| noise.u8(..));
            }
            variants.push((format!("{run} bytes of {name} over byte {at}"), over));
        }
    }
    let mut longer = bytes.to_vec();
    longer.push(0);
    variants.push(("a byte too many".into(), longer));
    let whole = std::iter::repeat_with(|| noise.u8(..))
        .take(bytes.len())
        .collect();
    variants.push(("all noise".into(), whole));
    variants.retain(|(_, variant)| variant != bytes);
    variants
}

#[test]
fn every_damaged_index_is_refused_and_rebuilt_never_used() {
    let repo = repo_with_history(4);
    let whole = indexed(&repo, "HEAD");
    let bytes = std::fs::read(index_file(&repo)).expect("index");
    let variants = damaged(&bytes);
    assert!(
        variants.len() > 2 * bytes.len(),
        "{} variants",
        variants.len()
    );
    // Every variant is refused by the reader.
    for (what, variant) in &variants {
        let read = index::read(&variant[..], "the index", "ladders");
        assert!(read.is_err(), "{what}: read as an index");
    }
    let rebuilt = |what: &str| {
        let after = std::fs::read(index_file(&repo)).expect("index");
        assert!(after == bytes, "{what}: the index was not rebuilt whole");
    };
    // A few hundred spread over the file, header to checksum, in place of the index: said,
    // walked afresh, the same events, the index whole again. Each rebuild waits on the disk.
    for (what, variant) in variants.iter().step_by(7) {
        std::fs::write(index_file(&repo), variant).expect("write");
        let read = indexed(&repo, "HEAD");
        assert!(
            read.notes.len() == 1
                && read.notes[0].starts_with("the history index was set aside and rebuilt"),
            "{what}: {:?}",
            read.notes
        );
        assert_eq!(read.walked, read.commits, "{what}");
        assert!(read.events == whole.events, "{what}: other events");
        rebuilt(what);
    }
    // The command itself, on a spread of them: the fresh walk's output, the notice, exit 0.
    let ladder = |args: &[&str]| {
        Command::cargo_bin("ladder")
            .expect("binary")
            .current_dir(repo.path())
            .args(args)
            .output()
            .expect("run")
    };
    let plain = ladder(&["log", "--format", "json", "--no-cache"]);
    for (what, variant) in variants.iter().step_by(variants.len() / 40) {
        std::fs::write(index_file(&repo), variant).expect("write");
        let run = ladder(&["log", "--format", "json"]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(0), "{what}: {stderr}");
        assert!(run.stdout == plain.stdout, "{what}: other output");
        assert!(
            stderr.contains("ladder: the history index was set aside and rebuilt"),
            "{what}: {stderr}"
        );
        rebuilt(what);
    }
}

#[test]
fn a_killed_writes_leftovers_are_cleared_and_a_running_writes_are_left_alone() {
    let repo = repo_with_history(2);
    indexed(&repo, "HEAD");
    let dir = index_dir(&repo);
    // Named as a write of the index names them: a killed one's, an hour old and more; one a
    // racing run is writing now; and one of another folder's index, which its own runs clear.
    let killed = dir.join(".history-ladders.idx.4242-17.tmp");
    let writing = dir.join(".history-ladders.idx.4343-18.tmp");
    let other = dir.join(".history-others.idx.4444-19.tmp");
    let hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 60 * 60);
    for file in [&killed, &writing, &other] {
        std::fs::write(file, b"LDRINDEX half an ind").expect("write");
    }
    for file in [&killed, &other] {
        std::fs::File::options()
            .write(true)
            .open(file)
            .and_then(|file| file.set_modified(hours_ago))
            .expect("age");
    }
    let read = indexed(&repo, "HEAD");
    assert!(read.notes.is_empty(), "{:?}", read.notes);
    assert_eq!(read.walked, 0);
    assert!(!killed.exists());
    assert!(writing.exists());
    assert!(other.exists());
}

#[test]
fn a_walk_from_nothing_agrees_with_one_read_a_commit_at_a_time() {
    // Over 40 commits that change the folder: a walk from nothing reads them all at once.
    let repo = repo_with_history(40);
    let whole = fresh(&repo, "HEAD");
    assert!(whole.changing_commits > 40, "{}", whole.changing_commits);
    let mut last = None;
    for back in (0..whole.commits).rev() {
        let read = indexed(&repo, &format!("HEAD~{back}"));
        if last.is_some() {
            assert_eq!(read.walked, 1, "HEAD~{back}");
        }
        last = Some(read);
    }
    let last = last.expect("read");
    assert_eq!(last.events, whole.events);
    assert_eq!(last.events.len(), whole.events.len());
    assert!(whole.events.len() > 40);
}
