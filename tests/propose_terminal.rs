//! `ladder propose` in a real terminal: the binary run under a pseudo-terminal as a lead types at
//! it: a teammate found by typing part of their name, the next step picked, a reason given, the
//! proposal confirmed; then the placement says the new step and `ladder check` is clean. And the
//! same with the answer "no": nothing is written.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use rexpect::session::{PtySession, spawn_command};
use support::{Repo, copy_dir};

fn shipped() -> Repo {
    let mut repo = Repo::new();
    copy_dir(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ladders"),
        &repo.ladders(),
    );
    repo.commit("The framework");
    repo
}

fn ladder_at_a_terminal(dir: &Path) -> PtySession {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ladder"));
    command
        .current_dir(dir)
        .env_remove("GITHUB_TOKEN")
        .env("TERM", "xterm")
        .args(["propose", "--date", "2026-12-01", "--color", "never"]);
    spawn_command(command, Some(30_000)).expect("the binary starts under a pseudo-terminal")
}

/// Types Sofia's name, takes the first kind offered (her next step) and a reason.
fn ask_for_sofia_s_next_step(session: &mut PtySession) {
    session.exp_string("Who?").expect("asks who");
    // The list drawn (twelve rows) means the prompt reads keys: typed earlier, they are lost.
    session
        .exp_string("Fatima Rahman")
        .expect("lists the teammates");
    session.send("sofia").expect("types");
    session.flush().expect("sends");
    // Enter picks the best match once the list has narrowed to her.
    session
        .exp_string("Sofia Rossi (sofia-rossi)")
        .expect("finds her");
    session.send_line("").expect("picks her");
    // Where she stands, then what the next level asks, before the question.
    session
        .exp_string("Software Engineer II: engineering, maker level 2 step 2")
        .expect("shows where she stands");
    session
        .exp_string("What the next level asks:")
        .expect("compares her level and the next");
    session
        .exp_string("What changes for Sofia Rossi?")
        .expect("asks what changes");
    session
        .exp_string("Next step: level 2 step 3")
        .expect("offers the next step first");
    session.send_line("").expect("picks the next step");
    session.exp_string("Why?").expect("asks why");
    session
        .send_line("Owns the billing retries")
        .expect("answers");
    session
        .exp_string("Sofia Rossi (sofia-rossi): up 1 step")
        .expect("says the change as propose does");
    session
        .exp_string("who must approve:")
        .expect("names the approvers");
    session.exp_string("Write it?").expect("asks to confirm");
}

#[test]
fn a_lead_picks_a_teammate_and_a_step_up_and_confirms() {
    let repo = shipped();
    let file = repo.ladders().join("people/engineering/sofia-rossi.yml");
    let before = std::fs::read_to_string(&file).expect("her placement");
    let mut session = ladder_at_a_terminal(repo.path());
    ask_for_sofia_s_next_step(&mut session);
    session.send("y").expect("confirms");
    session.flush().expect("sends");
    session
        .exp_string("wrote ladders/people/engineering/sofia-rossi.yml")
        .expect("says what it wrote");
    session.exp_eof().expect("ends");
    let after = std::fs::read_to_string(&file).expect("her placement");
    assert_eq!(after, before.replace("step: 2\n", "step: 3\n"));
    let check = Command::new(env!("CARGO_BIN_EXE_ladder"))
        .current_dir(repo.path())
        .args(["check", "--color", "never"])
        .output()
        .expect("check runs");
    assert_eq!(
        String::from_utf8_lossy(&check.stdout),
        "ladders: 2 tracks, 14 levels, 3 teams, 44 teammates, 1 case file: all well\n"
    );
    assert_eq!(check.status.code(), Some(0));
}

#[test]
fn answering_no_writes_nothing() {
    let repo = shipped();
    let file = repo.ladders().join("people/engineering/sofia-rossi.yml");
    let before = std::fs::read_to_string(&file).expect("her placement");
    let mut session = ladder_at_a_terminal(repo.path());
    ask_for_sofia_s_next_step(&mut session);
    session.send("n").expect("declines");
    session.flush().expect("sends");
    session
        .exp_string("nothing was written")
        .expect("says nothing was written");
    session.exp_eof().expect("ends");
    assert_eq!(std::fs::read_to_string(&file).expect("placement"), before);
}
