//! Expectations that build on another level's, as frameworks write "IC4's expectations, plus
//! …": a level writes `{as: IC4, plus: [...]}`, a manager level follows an engineer level on
//! another track, and a team rewords a level in the chain. Each story edits the Dropbox example
//! and reads what check, compare, export and the site say.

mod support;

use support::{Repo, edit, ladder, repo_with};

const FRAMEWORK: &str = "ladders/framework.yml";
const IC4: &str = "          collaboration: \"Builds trust with everyone involved in a team or several projects.\"\n";
const IC5: &str =
    "          collaboration: \"Builds trust with everyone involved in several teams.\"\n";
const M4: &str =
    "          collaboration: \"Builds trust with everyone involved in a group of teams.\"\n";

fn dropbox() -> Repo {
    repo_with("examples/dropbox/ladders")
}

/// IC5 is IC4's collaboration plus a sentence; M4 is IC5's (on the other track) plus one more.
fn cumulative(repo: &Repo) {
    edit(
        repo,
        FRAMEWORK,
        IC5,
        "          collaboration: {as: IC4, plus: [Settles disagreements between teams before they escalate.]}\n",
    );
    edit(
        repo,
        FRAMEWORK,
        M4,
        "          collaboration:\n            as: ic/5\n            plus:\n              - Gives the managers who report to them room to disagree.\n",
    );
}

fn factor<'a>(json: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    json["factors"]
        .as_array()
        .expect("factors")
        .iter()
        .find(|row| row["factor"] == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

#[test]
fn a_level_written_as_another_plus_a_sentence_reads_in_full_wherever_it_is_shown() {
    let mut repo = dropbox();
    cumulative(&repo);
    repo.commit("IC5 and M4 build on the level before");
    let (code, text) = ladder(&repo, &["check"]);
    assert_eq!(code, 0, "{text}");
    assert!(!text.contains("warning"), "{text}");

    // compare: IC4 to IC5 adds one sentence, and says where the first comes from.
    let (code, text) = ladder(&repo, &["compare", "IC4", "IC5", "--format", "json"]);
    assert_eq!(code, 0, "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    let row = factor(&json, "collaboration");
    assert_eq!(
        row["right"],
        serde_json::json!([
            "Builds trust with everyone involved in a team or several projects.",
            "Settles disagreements between teams before they escalate."
        ])
    );
    assert_eq!(row["right_from"], serde_json::json!(["IC4", null]));
    assert!(row.get("left_from").is_none(), "{row}");
    let added: Vec<&str> = row["words"]
        .as_array()
        .expect("words")
        .iter()
        .filter(|word| word["op"] != "same")
        .map(|word| word["op"].as_str().expect("op"))
        .collect();
    assert_eq!(added, ["added"], "{row}");

    // Transitively, across tracks: M4 is IC4's, IC5's addition, then its own.
    let (_, text) = ladder(&repo, &["compare", "IC5", "M4", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    let row = factor(&json, "collaboration");
    assert_eq!(
        row["right_from"],
        serde_json::json!(["ic/IC4", "ic/IC5", null])
    );
    let (_, text) = ladder(&repo, &["compare", "IC5", "M4"]);
    assert!(
        text.contains(
            "  m/M4:   Builds trust with everyone involved in a team or several projects. (from ic/IC4)\n"
        ),
        "{text}"
    );

    // export: the words in full, each from another level saying which.
    let (_, text) = ladder(&repo, &["export", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    let row = json["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|row| row["level_id"] == "M4" && row["factor"] == "collaboration")
        .expect("an M4 row");
    assert_eq!(
        row["expectation"],
        "Builds trust with everyone involved in a team or several projects. (from ic/IC4)\n\
         Settles disagreements between teams before they escalate. (from ic/IC5)\n\
         Gives the managers who report to them room to disagree."
    );

    // The site names the levels it builds on and marks each borrowed line.
    let (code, text) = ladder(&repo, &["render", "--out", "site"]);
    assert_eq!(code, 0, "{text}");
    let page = std::fs::read_to_string(repo.path().join("site/track-m.html")).expect("page");
    assert!(
        page.contains(
            "<dt>Collaboration</dt><dd><p class=\"muted\">Builds on ic/IC4, ic/IC5</p><ul><li>Builds trust with everyone involved in a team or several projects. <span class=\"muted\">(from ic/IC4)</span></li>"
        ),
        "{page}"
    );
    let page = std::fs::read_to_string(repo.path().join("site/track-ic.html")).expect("page");
    assert!(
        page.contains("<p class=\"muted\">Builds on IC4</p>"),
        "{page}"
    );
}

#[test]
fn a_team_that_rewords_a_level_in_the_chain_reads_its_own_words_through_it() {
    let mut repo = dropbox();
    cumulative(&repo);
    let team = "ladders/teams/software-engineering.yml";
    let text = std::fs::read_to_string(repo.path().join(team)).expect("read");
    std::fs::write(
        repo.path().join(team),
        format!(
            "{text}wording:\n  ic:\n    IC4:\n      expectations:\n        collaboration: Earns the trust of the teams that call its services.\n"
        ),
    )
    .expect("write");
    repo.commit("Software engineering rewords IC4's collaboration");
    let (code, text) = ladder(&repo, &["check"]);
    assert_eq!(code, 0, "{text}");
    let (_, text) = ladder(
        &repo,
        &[
            "compare",
            "IC5",
            "M4",
            "--team",
            "software-engineering",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    let row = factor(&json, "collaboration");
    assert_eq!(
        row["left"][0],
        "Earns the trust of the teams that call its services."
    );
    assert_eq!(
        row["right"][0],
        "Earns the trust of the teams that call its services."
    );
    // Without the team, the framework's words.
    let (_, text) = ladder(&repo, &["compare", "IC5", "M4", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(
        factor(&json, "collaboration")["left"][0],
        IC4.trim()
            .trim_start_matches("collaboration: ")
            .trim_matches('"')
    );
}

#[test]
fn a_shared_id_an_edit_of_the_chain_and_a_plus_alone_say_what_they_mean() {
    let mut repo = dropbox();
    cumulative(&repo);
    repo.commit("IC5 and M4 build on the level before");
    // `as: 4` on a shared scale is the level numbered 4 on the same track.
    edit(
        &repo,
        FRAMEWORK,
        "{as: IC4, plus: [Settles disagreements between teams before they escalate.]}",
        "{as: 4, plus: Settles disagreements between teams before they escalate.}",
    );
    let (code, text) = ladder(&repo, &["check"]);
    assert_eq!(code, 0, "{text}");
    repo.commit("IC5 names IC4 by number");
    // A diff of the framework shows the edit of the written words, not the resolved ones.
    let (code, text) = ladder(&repo, &["diff", "HEAD~1", "HEAD", "--no-pace"]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains(
            "ic level 5 expectations.collaboration reworded: “(as [-IC4,-]{+4,+} plus:)\n"
        ),
        "{text}"
    );
    // `{plus: …}` without `as` is refused where it is written.
    edit(&repo, FRAMEWORK, "{as: 4, plus: Settles", "{plus: Settles");
    let (code, text) = ladder(&repo, &["check"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("error[yaml]: missing key `as`"), "{text}");
}
