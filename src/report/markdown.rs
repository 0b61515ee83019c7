//! The Markdown report of a review: what a pull request comment shows. A one-line verdict, the
//! people changes as a table, framework edits and their impact, findings by severity, and the
//! approvals still needed. Every value from the files is escaped: PR content is data.

use std::fmt::Write as _;

use crate::finding::{Finding, Severity};
use crate::report::{Markup, describe_edit, describe_person, title_change, verdict};
use crate::review::Review;

/// Escapes text for a Markdown table cell or list item, so file content cannot inject markup,
/// links, mentions, HTML or character references (`&#64;` would be an `@`).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '!' | '@' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Who an approval or a loop-in resolves to, as code spans, or why nobody.
fn who_cell(entry: &crate::policy::Approval) -> String {
    if entry.who.is_empty() {
        return entry.problem.as_ref().map_or("nobody".into(), |problem| {
            format!("nobody: {}", escape(problem))
        });
    }
    entry
        .who
        .iter()
        .map(|who| code(who))
        .collect::<Vec<_>>()
        .join(", ")
}

fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'"))
}

pub fn render_review(review: &Review) -> String {
    let mut out = String::new();
    let icon = if crate::finding::Counts::of(&review.findings).errors > 0 {
        "❌"
    } else {
        "✅"
    };
    let _ = writeln!(out, "### {icon} ladder: {}\n", verdict(review));
    if !review.changes.people.is_empty() {
        let pay = review.changes.pay.as_ref();
        out.push_str(match pay {
            Some(_) => {
                "| who | change | from | to | title | yearly pay |\n|---|---|---|---|---|---|\n"
            }
            None => "| who | change | from | to | title |\n|---|---|---|---|---|\n",
        });
        for change in &review.changes.people {
            let position = |position: &Option<crate::snapshot::Position>| {
                position.as_ref().map_or("—".into(), |p| {
                    format!("{} · {}", escape(&p.team), escape(&p.short()))
                })
            };
            let pay_cell = pay.map_or(String::new(), |total| {
                let words = crate::report::pay_change(change, &total.currency);
                format!(" {} |", escape(&words.unwrap_or_else(|| "—".into())))
            });
            let _ = writeln!(
                out,
                "| {} ({}) | {} | {} | {} | {} |{pay_cell}",
                escape(&change.name),
                code(&change.id),
                escape(&describe_person(change)),
                position(&change.before),
                position(&change.after),
                escape(&title_change(change)),
            );
        }
        if let Some(total) = pay {
            let _ = writeln!(
                out,
                "\n**Yearly cost of these changes:** {}",
                escape(&crate::report::pay_total(total))
            );
        }
        out.push('\n');
    }
    if !review.changes.framework.is_empty() {
        out.push_str("**Framework edits**\n\n");
        for edit in &review.changes.framework {
            let _ = writeln!(
                out,
                "- {}",
                describe_edit(edit, Markup::Markdown).replace('\n', " ")
            );
        }
        out.push('\n');
    }
    for (severity, heading) in [
        (Severity::Error, "Errors"),
        (Severity::Warning, "Warnings"),
        (Severity::Notice, "Notices"),
    ] {
        let findings: Vec<&Finding> = review
            .findings
            .iter()
            .filter(|finding| finding.severity == severity)
            .collect();
        if findings.is_empty() {
            continue;
        }
        let _ = writeln!(out, "**{heading}**\n");
        for finding in findings {
            let place = finding.location.as_ref().map_or(String::new(), |location| {
                format!(
                    "{} ",
                    code(&format!("{}:{}", location.file, location.pos.line))
                )
            });
            let help = finding
                .help
                .as_ref()
                .map_or(String::new(), |help| format!(" — {}", escape(help)));
            let _ = writeln!(out, "- {place}{}{help}", escape(&finding.message));
        }
        out.push('\n');
    }
    if let Some(pace) = &review.pace
        && !pace.sentences.is_empty()
    {
        let _ = writeln!(
            out,
            "**Pace of the leads this change touches** ({})\n",
            super::pace_span(pace)
        );
        for sentence in &pace.sentences {
            let _ = writeln!(out, "- {}", escape(sentence));
        }
        out.push('\n');
    }
    if !review.approvals.is_empty() {
        out.push_str("**Approvals needed**\n\n| for | rule | approver | who can approve |\n|---|---|---|---|\n");
        for approval in &review.approvals {
            let who = who_cell(approval);
            let _ = writeln!(
                out,
                "| {} | {} | {} | {who} |",
                escape(&approval.change),
                code(&approval.rule),
                code(&approval.approver)
            );
        }
        out.push('\n');
    }
    if !review.notify.is_empty() {
        out.push_str("**Looped in** (told of the change; their approval is not needed)\n\n");
        for entry in &review.notify {
            let who = who_cell(entry);
            let _ = writeln!(
                out,
                "- {} ({}): {who}",
                escape(&entry.change),
                escape(&entry.approver)
            );
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_content_cannot_inject_markup() {
        assert_eq!(
            escape("<img src=x> [a](b) @org/team | x\ny"),
            "\\<img src=x\\> \\[a\\](b) \\@org/team \\| x y"
        );
    }
}
