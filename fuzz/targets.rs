//! What each fuzz target does with its bytes. Every target reads them the way ladder reads
//! untrusted input, then runs what a user would run next (check, the reports, the diff), so a
//! panic anywhere on that path is found, not only in the parser.

use ladder::check::check_snapshot;
use ladder::policy::Author;
use ladder::report;
use ladder::review::review_snapshots;
use ladder::snapshot::{Snapshot, load_files};

/// The small valid tree each single-file target lays its file over.
const BASE: [(&str, &str); 6] = [
    (
        "framework.yml",
        include_str!("../tests/fixtures/base/framework.yml"),
    ),
    (
        "teams/eng.yml",
        include_str!("../tests/fixtures/base/teams/eng.yml"),
    ),
    (
        "people/ada.yml",
        include_str!("../tests/fixtures/base/people/ada.yml"),
    ),
    (
        "people/bob.yml",
        include_str!("../tests/fixtures/base/people/bob.yml"),
    ),
    (
        "people/cy.yml",
        include_str!("../tests/fixtures/base/people/cy.yml"),
    ),
    (
        "cases/bob-level-3.md",
        include_str!("../tests/fixtures/base/cases/bob-level-3.md"),
    ),
];

/// The line that starts each file in a multi-file input: `==> people/ada.yml`.
pub const FILE_MARK: &str = "==> ";
/// The line between the base and the head tree in a diff input.
pub const TREE_MARK: &str = "<=>";

fn base_with(rel: &str, data: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = BASE
        .iter()
        .filter(|(path, _)| *path != rel)
        .map(|(path, text)| (path.to_string(), text.as_bytes().to_vec()))
        .collect();
    files.push((rel.to_string(), data.to_vec()));
    files
}

/// Checks a snapshot and renders the check every way a user can ask for it.
fn check_and_render(snapshot: &Snapshot) {
    let findings = check_snapshot(snapshot);
    let _ = report::check::render_human(snapshot, &findings, false);
    let _ = report::check::render_human(snapshot, &findings, true);
    let _ = report::check::render_json(snapshot, &findings);
}

fn file_target(rel: &str, data: &[u8]) {
    check_and_render(&load_files("ladders", base_with(rel, data)));
}

pub fn framework(data: &[u8]) {
    file_target("framework.yml", data);
}

pub fn team(data: &[u8]) {
    file_target("teams/eng.yml", data);
}

pub fn placement(data: &[u8]) {
    file_target("people/eve.yml", data);
}

pub fn case(data: &[u8]) {
    file_target("cases/eve-level-2.md", data);
}

/// Splits bytes into files at each line starting with [`FILE_MARK`]; the rest of that line is
/// the path under the folder.
pub fn split_files(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for line in data.split_inclusive(|&byte| byte == b'\n') {
        match line.strip_prefix(FILE_MARK.as_bytes()) {
            Some(path) => {
                let path = String::from_utf8_lossy(path).trim_end().to_string();
                files.push((path, Vec::new()));
            }
            None => {
                if let Some((_, text)) = files.last_mut() {
                    text.extend_from_slice(line);
                }
            }
        }
    }
    files
}

pub fn snapshot(data: &[u8]) {
    check_and_render(&load_files("ladders", split_files(data)));
}

/// Two trees, base then head, split at the first [`TREE_MARK`] line; the change between them
/// judged by the base's policy and rendered as the PR comment, the terminal and JSON.
pub fn diff(data: &[u8]) {
    let mark = format!("\n{TREE_MARK}\n");
    let (base, head) = match data
        .windows(mark.len())
        .position(|window| window == mark.as_bytes())
    {
        Some(at) => (&data[..=at], &data[at + mark.len()..]),
        None => (data, &data[..0]),
    };
    let base = load_files("ladders", split_files(base));
    let head = load_files("ladders", split_files(head));
    let author = Author {
        login: Some("ada-l".to_string()),
        email: None,
        name: None,
    };
    let review = review_snapshots(base, head, Some(author));
    let _ = report::review::render_markdown(&review);
    let _ = report::review::render_human(&review, false);
    let _ = report::review::render_json(&review);
}

/// The webhook payload GitHub writes to `GITHUB_EVENT_PATH`, under the event name its first
/// byte picks.
pub fn event(data: &[u8]) {
    let names = [
        "pull_request",
        "pull_request_target",
        "pull_request_review",
        "push",
    ];
    let Some((&first, payload)) = data.split_first() else {
        return;
    };
    let name = names[usize::from(first) % names.len()];
    if let Ok(payload) = std::str::from_utf8(payload) {
        let _ = ladder::github::event::read_event(name, payload);
    }
}

/// The history index as stored between runs: a corrupt one must be refused, never trusted. Read
/// as it comes, which the checksum refuses, and resealed, so the reader past the checksum is
/// fuzzed too.
pub fn index(data: &[u8]) {
    let _ = ladder::history::index::read(data, "history-ladders.idx", "ladders");
    let mut sealed = data.to_vec();
    ladder::history::index::reseal(&mut sealed);
    let _ = ladder::history::index::read(&sealed[..], "history-ladders.idx", "ladders");
}
