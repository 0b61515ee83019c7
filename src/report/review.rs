//! What `ladder diff` prints and the pull request comment shows: a one-line verdict, the people
//! changes, framework edits and their impact, findings with their source lines, the approvals
//! needed and, in the Action, the approvals given. Human, Markdown and JSON, built here alone.
//! Every value from the files is escaped in Markdown: PR content is data.

use std::fmt::Write as _;

use annotate_snippets::Renderer;
use serde::Serialize;

use crate::finding::{Counts, Finding, Severity};
use crate::policy::ApprovalCheck;
use crate::report::human::render_finding;
use crate::report::json::{JsonFinding, Revision, json_finding, revision};
use crate::report::markdown::{code, escape};
use crate::report::{Markup, describe_edit, describe_person, title_change, verdict};
use crate::review::Review;

/// Renders a review for the terminal: verdict, people, framework edits, findings with their
/// source lines, and the approvals still needed.
/// Who an approval or a loop-in resolves to, or why nobody.
fn who_text(entry: &crate::policy::Approval, joiner: &str) -> String {
    if entry.who.is_empty() {
        format!(
            "nobody ({})",
            entry.problem.as_deref().unwrap_or("unresolved")
        )
    } else if let Some(why) = &entry.stand_in {
        format!("{} ({why})", entry.who.join(joiner))
    } else {
        entry.who.join(joiner)
    }
}

pub fn render_human(review: &crate::review::Review, color: bool) -> String {
    use crate::report::{Markup, describe_edit, verdict};
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
            out.push_str(&crate::report::person_lines(change, "  "));
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

/// Who an approval or a loop-in resolves to, as code spans, or why nobody.
fn who_cell(entry: &crate::policy::Approval) -> String {
    if entry.who.is_empty() {
        return entry.problem.as_ref().map_or("nobody".into(), |problem| {
            format!("nobody: {}", escape(problem))
        });
    }
    let who = entry
        .who
        .iter()
        .map(|who| code(who))
        .collect::<Vec<_>>()
        .join(", ");
    match &entry.stand_in {
        Some(why) => format!("{who} ({})", escape(why)),
        None => who,
    }
}

pub fn render_markdown(review: &Review) -> String {
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

/// The approvals the Action found given, and those still awaited.
pub fn approvals_table(checks: &[ApprovalCheck]) -> String {
    if checks.is_empty() {
        return String::new();
    }
    let mut out =
        String::from("**Approvals given**\n\n| for | approver | status |\n|---|---|---|\n");
    for check in checks {
        let mut status = match &check.given_by {
            Some(login) => format!("✅ `{login}`"),
            None if check.approval.who.is_empty() => format!(
                "⛔ nobody can: {}",
                escape(
                    check
                        .approval
                        .problem
                        .as_deref()
                        .unwrap_or("the role resolves to no one")
                )
            ),
            None => format!(
                "⏳ waiting for {}",
                check
                    .approval
                    .who
                    .iter()
                    .map(|who| format!("`{who}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        };
        for login in &check.set_aside {
            status.push_str(&format!(
                "; `{login}` approved, but is the person changed and does not count"
            ));
        }
        let approver = match &check.approval.stand_in {
            Some(why) => format!("`{}` ({})", check.approval.approver, escape(why)),
            None => format!("`{}`", check.approval.approver),
        };
        out.push_str(&format!(
            "| {} | {approver} | {status} |\n",
            escape(&check.approval.change)
        ));
    }
    out.push('\n');
    out
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

/// The review as JSON, written to `out` as it is made rather than held whole first (40 MB
/// with every lead's pace figures at 50,000 teammates).
pub fn write_json(
    review: &crate::review::Review,
    mut out: impl std::io::Write,
) -> std::io::Result<()> {
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
    crate::report::json::write_pretty(&mut out, &report).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

pub fn render_json(review: &crate::review::Review) -> String {
    let mut bytes = Vec::new();
    // Writing to memory fails only where serializing does, which these types never do.
    let _ = write_json(review, &mut bytes);
    String::from_utf8(bytes).unwrap_or_default()
}
