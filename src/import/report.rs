//! What `ladder import` says: the exports read and the columns left unread (by header name
//! only), the commits it writes or would write, the change set in `ladder diff`'s words, and
//! every finding. Values of unread columns never reach it.

use std::fmt::Write as _;

use crate::finding::plural;
use crate::import::Plan;

/// How the run ended, for the closing line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    DryRun,
    Written(Option<git2::Oid>),
    Refused,
}

pub fn render_human(plan: &Plan, ending: Ending, color: bool) -> String {
    let mut out = String::new();
    let branch = plan
        .target
        .as_ref()
        .map_or_else(String::new, |target| format!(" (branch {})", target.branch));
    let _ = writeln!(
        out,
        "ladder import from {} into {}{branch}",
        if plan.source.is_empty() {
            "an export"
        } else {
            &plan.source
        },
        plan.dir
    );
    for read in &plan.read {
        let ignored = if read.ignored.is_empty() {
            "every column read".to_string()
        } else {
            format!(
                "{} not read: {}",
                plural(read.ignored.len(), "column"),
                read.ignored.join(", ")
            )
        };
        let _ = writeln!(
            out,
            "read {}: {}; {ignored}",
            read.file,
            plural(read.rows, "row")
        );
    }
    if ending != Ending::Refused && !plan.has_errors() {
        match plan.last_import {
            Some(date) => {
                let _ = writeln!(
                    out,
                    "last import: {date}; rows dated on or before it are in already"
                );
            }
            None => out.push_str("first import on this branch\n"),
        }
        let (hires, departures, changes) = plan.commits.iter().fold((0, 0, 0), |sum, commit| {
            (
                sum.0 + commit.hires,
                sum.1 + commit.departures,
                sum.2 + commit.changes,
            )
        });
        match (plan.commits.first(), plan.commits.last()) {
            (Some(first), Some(last)) => {
                let span = if first.date == last.date {
                    format!("on {}", first.date)
                } else {
                    format!("{} to {}", first.date, last.date)
                };
                let _ = writeln!(
                    out,
                    "{}, {span}: {hires} hired, {departures} left, {}",
                    plural(plan.commits.len(), "commit"),
                    plural(changes, "placement change")
                );
            }
            _ => out.push_str("nothing new in the export\n"),
        }
        if let Some(changes) = &plan.changes
            && !changes.people.is_empty()
        {
            out.push_str("\npeople:\n");
            for change in &changes.people {
                out.push_str(&crate::report::person_lines(change, "  "));
            }
        }
    }
    if !plan.findings.is_empty() {
        out.push('\n');
        out.push_str(&crate::report::human::render_findings(
            &plan.findings,
            color,
        ));
    }
    let errors = crate::finding::Counts::of(&plan.findings).errors;
    match ending {
        _ if errors > 0 => {
            let _ = writeln!(out, "nothing written: {}", plural(errors, "error"));
        }
        Ending::Refused => out.push_str("nothing written\n"),
        Ending::DryRun => out.push_str("dry run: nothing written\n"),
        Ending::Written(None) => {
            out.push_str("nothing to write: the branch already holds all of it\n")
        }
        Ending::Written(Some(tip)) => {
            let first = plan.commits.first().map(|commit| commit.date);
            let branch = plan
                .target
                .as_ref()
                .map_or("", |target| target.branch.as_str());
            let _ = writeln!(
                out,
                "wrote {} on {branch} (now {}); `ladder log{}` lists what they changed",
                plural(plan.commits.len(), "commit"),
                &tip.to_string()[..7],
                first.map_or_else(String::new, |date| format!(" --since {date}"))
            );
        }
    }
    out
}
