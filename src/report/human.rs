//! How a terminal shows one finding: as rustc shows an error, the source line with a caret under
//! the value. Every human report uses it.

pub use crate::finding::plural;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::finding::{Finding, Severity};
use crate::report::excerpt;
use crate::snapshot::Snapshot;

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Notice => Level::NOTE,
    }
}

pub(crate) fn render_finding(
    renderer: &Renderer,
    snapshots: &[&Snapshot],
    finding: &Finding,
) -> String {
    let title = level(finding.severity)
        .primary_title(finding.message.as_str())
        .id(finding.code);
    let mut report = Vec::new();
    let group = match (excerpt(snapshots, finding), &finding.location) {
        (Some(excerpt), Some(location)) => title.element(
            Snippet::source(excerpt.line_text)
                .line_start(usize::try_from(excerpt.line_number).unwrap_or(1))
                .path(location.file.as_str())
                .annotation(AnnotationKind::Primary.span(excerpt.range)),
        ),
        (None, Some(location)) => title.element(
            annotate_snippets::Origin::path(location.file.as_str())
                .line(usize::try_from(location.pos.line).unwrap_or(1))
                .char_column(usize::try_from(location.pos.column).unwrap_or(1)),
        ),
        (_, None) => Group::with_title(title),
    };
    report.push(group);
    if let Some(help) = &finding.help {
        report.push(Group::with_title(
            Level::HELP.secondary_title(help.as_str()),
        ));
    }
    renderer.render(&report)
}

/// Renders findings that carry no source text, one after another.
pub fn render_findings(findings: &[Finding], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for finding in findings {
        out.push_str(&render_finding(&renderer, &[], finding));
        out.push_str("\n\n");
    }
    out
}
