//! The terminal report: each finding as rustc shows an error, the source line with a caret under
//! the value, then one summary line.

pub use crate::finding::plural;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::check::Summary;
use crate::finding::{Counts, Finding, Severity};
use crate::report::excerpt;
use crate::snapshot::Snapshot;

/// Renders every finding and a closing summary line.
pub fn render_check(snapshot: &Snapshot, findings: &[Finding], color: bool) -> String {
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

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Notice => Level::NOTE,
    }
}

fn render_finding(renderer: &Renderer, snapshots: &[&Snapshot], finding: &Finding) -> String {
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

/// Renders a review for the terminal: verdict, people, framework edits, findings with their
/// source lines, and the approvals still needed.
/// Who an approval or a loop-in resolves to, or why nobody.
fn who_text(entry: &crate::policy::Approval, joiner: &str) -> String {
    if entry.who.is_empty() {
        format!(
            "nobody ({})",
            entry.problem.as_deref().unwrap_or("unresolved")
        )
    } else {
        entry.who.join(joiner)
    }
}

pub fn render_review(review: &crate::review::Review, color: bool) -> String {
    use crate::report::{Markup, describe_edit, describe_person, title_change, verdict};
    use std::fmt::Write as _;
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    let _ = writeln!(out, "ladder: {}", verdict(review));
    if !review.changes.people.is_empty() {
        out.push_str("\npeople:\n");
        for change in &review.changes.people {
            let position = |position: &Option<crate::diff::Position>| {
                position
                    .as_ref()
                    .map_or("—".into(), crate::diff::Position::with_team)
            };
            let _ = writeln!(
                out,
                "  {} ({}): {}\n    {} → {}; title: {}",
                change.name,
                change.id,
                describe_person(change),
                position(&change.before),
                position(&change.after),
                title_change(change)
            );
            if let Some(pay) = review.changes.pay.as_ref()
                && let Some(words) = crate::report::pay_change(change, &pay.currency)
            {
                let _ = writeln!(out, "    pay: {words}");
            }
        }
        if let Some(total) = &review.changes.pay {
            let _ = writeln!(
                out,
                "  yearly cost of these changes: {}",
                crate::report::pay_total(total)
            );
        }
    }
    if !review.changes.framework.is_empty() {
        out.push_str("\nframework edits:\n");
        for edit in &review.changes.framework {
            let _ = writeln!(out, "  - {}", describe_edit(edit, Markup::Plain));
        }
    }
    if !review.findings.is_empty() {
        out.push('\n');
    }
    for finding in &review.findings {
        out.push_str(&render_finding(
            &renderer,
            &[&review.head, &review.base],
            finding,
        ));
        out.push_str("\n\n");
    }
    if let Some(pace) = &review.pace
        && !pace.sentences.is_empty()
    {
        let _ = writeln!(
            out,
            "pace of the leads this change touches ({}):",
            super::pace_span(pace)
        );
        for sentence in &pace.sentences {
            let _ = writeln!(out, "  {sentence}");
        }
        out.push('\n');
    }
    if !review.approvals.is_empty() {
        out.push_str(if review.findings.is_empty() {
            "\napprovals needed:\n"
        } else {
            "approvals needed:\n"
        });
        for approval in &review.approvals {
            // Any one of them approves.
            let who = who_text(approval, " or ");
            let _ = writeln!(out, "  {}: {} → {who}", approval.change, approval.approver);
        }
    }
    if !review.notify.is_empty() {
        out.push_str("looped in (no approval needed):\n");
        for entry in &review.notify {
            // Each of them is told.
            let who = who_text(entry, ", ");
            let _ = writeln!(out, "  {}: {} → {who}", entry.change, entry.approver);
        }
    }
    out
}

/// Findings in files outside a ladders folder (an HR export, an import map), each at its
/// file, row or line and column, without an excerpt: an export's other columns are not shown.
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
