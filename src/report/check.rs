//! What `ladder check` prints: every finding as rustc shows an error (the source line with a
//! caret under the value) and one summary line, or the same as JSON.

use annotate_snippets::Renderer;
use serde::Serialize;

use crate::check::Summary;
use crate::finding::{Counts, Finding, plural};
use crate::report::human::render_finding;
use crate::report::json::{JsonFinding, Revision, json_finding, revision};
use crate::snapshot::Snapshot;

/// Renders every finding and a closing summary line.
pub fn render_human(snapshot: &Snapshot, findings: &[Finding], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for finding in findings {
        out.push_str(&render_finding(&renderer, &[snapshot], finding));
        out.push_str("\n\n");
    }
    out.push_str(&summary_line(snapshot, findings));
    out.push('\n');
    out
}

/// "ladders: 2 tracks, 13 levels, 3 teams, 44 teammates, 1 case file: all well" or the counts
/// of what is wrong.
pub fn summary_line(snapshot: &Snapshot, findings: &[Finding]) -> String {
    let summary = Summary::of(snapshot);
    let counts = Counts::of(findings);
    let held = format!(
        "{}, {}, {}, {}, {}",
        plural(summary.tracks, "track"),
        plural(summary.levels, "level"),
        plural(summary.teams, "team"),
        plural(summary.teammates, "teammate"),
        plural(summary.cases, "case file"),
    );
    let mut problems = Vec::new();
    if counts.errors > 0 {
        problems.push(plural(counts.errors, "error"));
    }
    if counts.warnings > 0 {
        problems.push(plural(counts.warnings, "warning"));
    }
    if counts.notices > 0 {
        problems.push(plural(counts.notices, "notice"));
    }
    let verdict = if counts.errors > 0 {
        format!("{} found", problems.join(", "))
    } else if problems.is_empty() {
        "all well".to_string()
    } else {
        format!("valid, with {}", problems.join(", "))
    };
    format!("{}: {held}: {verdict}", snapshot.root)
}

#[derive(Serialize)]
struct CheckReport<'a> {
    version: u32,
    root: &'a str,
    revision: Option<Revision<'a>>,
    ok: bool,
    counts: Counts,
    summary: Summary,
    findings: Vec<JsonFinding<'a>>,
}

pub fn render_json(snapshot: &Snapshot, findings: &[Finding]) -> String {
    let counts = Counts::of(findings);
    let report = CheckReport {
        version: 1,
        root: &snapshot.root,
        revision: revision(snapshot),
        ok: counts.errors == 0,
        counts,
        summary: Summary::of(snapshot),
        findings: findings
            .iter()
            .map(|finding| json_finding(&[snapshot], finding))
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}
