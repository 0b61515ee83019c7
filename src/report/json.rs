//! The machine report. Its shape is part of ladder's interface (documented in the README):
//! fields are only ever added, never renamed or removed, and `version` changes if that breaks.

use serde::Serialize;

use crate::check::Summary;
use crate::finding::{Counts, Finding, Severity};
use crate::report::excerpt;
use crate::snapshot::{Origin, Snapshot};

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

#[derive(Serialize)]
struct Revision<'a> {
    rev: &'a str,
    commit: &'a str,
}

#[derive(Serialize)]
pub(crate) struct JsonFinding<'a> {
    severity: Severity,
    code: &'a str,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    /// The offending text, e.g. `0` for `step: 0`.
    text: Option<&'a str>,
    /// The whole source line.
    source_line: Option<&'a str>,
    help: Option<&'a str>,
}

pub(crate) fn json_finding<'a>(
    snapshots: &[&'a Snapshot],
    finding: &'a Finding,
) -> JsonFinding<'a> {
    let excerpt = excerpt(snapshots, finding);
    JsonFinding {
        severity: finding.severity,
        code: finding.code,
        message: &finding.message,
        file: finding
            .location
            .as_ref()
            .map(|location| location.file.as_str()),
        line: finding.location.as_ref().map(|location| location.pos.line),
        column: finding
            .location
            .as_ref()
            .map(|location| location.pos.column),
        text: excerpt
            .as_ref()
            .map(|excerpt| &excerpt.line_text[excerpt.range.clone()]),
        source_line: excerpt.as_ref().map(|excerpt| excerpt.line_text),
        help: finding.help.as_deref(),
    }
}

pub fn render_check(snapshot: &Snapshot, findings: &[Finding]) -> String {
    let counts = Counts::of(findings);
    let revision = match &snapshot.origin {
        Origin::Revision { rev, commit } => Some(Revision { rev, commit }),
        Origin::Dir(_) => None,
    };
    let report = CheckReport {
        version: 1,
        root: &snapshot.root,
        revision,
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

#[derive(Serialize)]
struct ReviewReport<'a> {
    version: u32,
    base: Option<Revision<'a>>,
    head: Option<Revision<'a>>,
    ok: bool,
    verdict: String,
    counts: Counts,
    /// False when only the changed files and the lead lines above them were read.
    read_everything: bool,
    author: Option<&'a crate::policy::Author>,
    files: &'a [String],
    people: &'a [crate::diff::PersonChange],
    framework: &'a [crate::diff::FrameworkEdit],
    /// The yearly cost of the people's changes, where the framework has pay bands.
    #[serde(skip_serializing_if = "Option::is_none")]
    pay: Option<&'a crate::framework::pay::PayTotal>,
    findings: Vec<JsonFinding<'a>>,
    approvals: &'a [crate::policy::Approval],
    /// Who the policy's `notify` loops in; their approval is not needed.
    notify: &'a [crate::policy::Approval],
    pace: Option<&'a crate::review::ChangePace>,
}

fn revision(snapshot: &Snapshot) -> Option<Revision<'_>> {
    match &snapshot.origin {
        Origin::Revision { rev, commit } => Some(Revision { rev, commit }),
        Origin::Dir(_) => None,
    }
}

pub fn render_review(review: &crate::review::Review) -> String {
    let counts = Counts::of(&review.findings);
    let report = ReviewReport {
        version: 1,
        base: revision(&review.base),
        head: revision(&review.head),
        ok: counts.errors == 0,
        verdict: crate::report::verdict(review),
        counts,
        read_everything: review.read_everything,
        author: review.author.as_ref(),
        files: &review.changes.files,
        people: &review.changes.people,
        framework: &review.changes.framework,
        pay: review.changes.pay.as_ref(),
        findings: review
            .findings
            .iter()
            .map(|finding| json_finding(&[&review.head, &review.base], finding))
            .collect(),
        approvals: &review.approvals,
        notify: &review.notify,
        pace: review.pace.as_ref(),
    };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}
