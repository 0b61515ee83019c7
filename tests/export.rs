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

/// What `export --what framework`, `compare` and `schema` print, read from the work tree and
/// from HEAD, with the exit code of each.
fn framework_outputs(repo: &Repo) -> Vec<(Vec<&'static str>, i32, String)> {
    let runs: [&[&'static str]; 7] = [
        &["export"],
        &["export", "--format", "json"],
        &["export", "--rev", "HEAD"],
        &["compare", "maker/1", "maker/3"],
        &[
            "compare",
            "maker/2",
            "manager/1",
            "--team",
            "eng",
            "--format",
            "json",
        ],
        &[
            "compare", "maker/1", "maker/2", "--rev", "HEAD", "--team", "eng",
        ],
        &["schema", "placement"],
    ];
    runs.iter()
        .map(|args| {
            let output = assert_cmd::Command::cargo_bin("ladder")
                .expect("binary")
                .current_dir(repo.path())
                .args(*args)
                .output()
                .expect("run");
            (
                args.to_vec(),
                output.status.code().unwrap_or(-1),
                String::from_utf8_lossy(&output.stdout).into_owned(),
            )
        })
        .collect()
}

/// The commands about the framework alone never read a placement: a broken one, a folder of
/// them that cannot be listed, or a revision whose `people/` tree is missing from the object
/// database change neither their output nor their exit code. Reading placements is what made
/// `compare` and `export --what framework` slow at 50,000 teammates.
#[test]
fn the_framework_commands_read_no_placement() {
    let repo = base();
    let clean = framework_outputs(&repo);
    for (args, code, stdout) in &clean {
        assert_eq!(*code, 0, "ladder {args:?} on the clean tree");
        assert!(!stdout.is_empty(), "ladder {args:?} printed nothing");
    }
    // A placement that does not parse, and under people/ a folder so deep its path is too long
    // for the system to list (root ignores permissions, a path's length it does not).
    repo.write("ladders/people/broken.yml", "name: [unclosed\n");
    let segment = "d".repeat(200);
    let status = std::process::Command::new("sh")
        .current_dir(repo.ladders().join("people"))
        .args([
            "-c",
            &format!("for i in $(seq 1 24); do mkdir {segment} && cd -P {segment} || exit 1; done"),
        ])
        .status()
        .expect("sh");
    assert!(status.success(), "the deep folder was made");
    // Reading the whole tree now fails, so a command that read it could not succeed.
    let people = assert_cmd::Command::cargo_bin("ladder")
        .expect("binary")
        .current_dir(repo.path())
        .args(["export", "--what", "people"])
        .output()
        .expect("run");
    assert_ne!(
        people.status.code(),
        Some(0),
        "the placements are unreadable"
    );
    // The placements' tree of HEAD goes missing from the object database.
    let head = repo
        .repo
        .head()
        .expect("head")
        .peel_to_tree()
        .expect("tree");
    let people_tree = head
        .get_path(std::path::Path::new("ladders/people"))
        .expect("people")
        .id()
        .to_string();
    let object = repo
        .path()
        .join(".git/objects")
        .join(&people_tree[..2])
        .join(&people_tree[2..]);
    std::fs::remove_file(&object).expect("a loose tree object");
    let at_head = assert_cmd::Command::cargo_bin("ladder")
        .expect("binary")
        .current_dir(repo.path())
        .args(["export", "--what", "people", "--rev", "HEAD"])
        .output()
        .expect("run");
    assert_ne!(
        at_head.status.code(),
        Some(0),
        "HEAD's placements are unreadable"
    );
    assert_eq!(framework_outputs(&repo), clean);
}
