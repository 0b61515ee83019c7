//! What every machine report shares: a finding with its line, column and source text, and the
//! revision read. The reports' shapes are part of ladder's interface (documented in the
//! README): fields are only ever added, never renamed or removed, and `version` changes if that
//! breaks.

use serde::Serialize;

use crate::finding::{Finding, Severity};
use crate::report::excerpt;
use crate::snapshot::{Origin, Snapshot};

#[derive(Serialize)]
pub(crate) struct Revision<'a> {
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

pub(crate) fn revision(snapshot: &Snapshot) -> Option<Revision<'_>> {
    match &snapshot.origin {
        Origin::Revision { rev, commit } => Some(Revision { rev, commit }),
        Origin::Dir(_) => None,
    }
}
