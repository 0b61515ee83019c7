//! `ladder export`: the framework and the people as the rows a spreadsheet holds.

mod support;

use support::{Repo, copy_dir, fixtures, ladder_stdout};

fn export(repo: &Repo, args: &[&str]) -> String {
    ladder_stdout(repo.path(), &[&["export"], args].concat())
}

fn base() -> Repo {
    let mut repo = Repo::new();
    copy_dir(&fixtures().join("base"), &repo.ladders());
    repo.commit("The org");
    repo
}

#[test]
fn the_framework_is_a_row_per_track_level_and_factor() {
    let repo = base();
    let csv = export(&repo, &[]);
    insta::assert_snapshot!("framework_csv", csv);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // Five levels over two tracks, two factors each.
    assert_eq!(rows.len(), 10);
    let json: serde_json::Value =
        serde_json::from_str(&export(&repo, &["--format", "json"])).expect("json");
    assert_eq!(json["what"], "framework");
    assert_eq!(json["rows"].as_array().map(Vec::len), Some(10));
}

#[test]
fn the_people_are_a_row_per_teammate_as_they_stand() {
    let repo = base();
    let json = export(&repo, &["--what", "people", "--format", "json"]);
    insta::assert_snapshot!("people_json", json);
    let csv = export(&repo, &["--what", "people", "--rev", "HEAD"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        [
            "id", "name", "github", "team", "track", "level", "level_id", "step", "title", "role",
            "lead", "file"
        ]
    );
    let people = std::fs::read_dir(repo.ladders().join("people"))
        .expect("people")
        .count();
    assert_eq!(reader.records().count(), people);
}
