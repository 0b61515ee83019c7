//! A proposal in words: the commit's summary and body, and what the command prints: the change
//! as `ladder diff` says it, the findings, who must approve by name (a role read as the person
//! who holds it: "Director of Engineering: Priya Raman (@priyaraman)") and who will be told.

use std::fmt::Write as _;

use crate::diff::{ChangeKind, PersonChange};
use crate::finding::Severity;
use crate::policy::Approval;
use crate::snapshot::Snapshot;

use super::Proposal;

/// The commit's first line: "Promote Kofi Mensah to Senior Engineer (maker L4 S1)".
pub fn summary(change: &PersonChange) -> String {
    let at = |position: &Option<crate::snapshot::Position>| {
        position
            .as_ref()
            .map_or(String::new(), |position| match &position.title {
                Some(title) => format!("{title} ({})", position.short()),
                None => position.short(),
            })
    };
    if change.has(|kind| matches!(kind, ChangeKind::Hire)) {
        let team = change.after.as_ref().map_or("", |p| &*p.team);
        return format!("Hire {} as {} in {team}", change.name, at(&change.after));
    }
    if change.has(|kind| matches!(kind, ChangeKind::Departure)) {
        let team = change.before.as_ref().map_or("", |p| &*p.team);
        return format!("{} leaves {team}", change.name);
    }
    if super::is_promotion(change) {
        return format!("Promote {} to {}", change.name, at(&change.after));
    }
    format!(
        "{}: {}",
        change.name,
        crate::report::describe_person(change)
    )
}

/// The commit's body: both positions and the title.
pub fn body(change: &PersonChange) -> String {
    let position = |position: &Option<crate::snapshot::Position>| {
        position
            .as_ref()
            .map_or("—".into(), crate::snapshot::Position::with_team)
    };
    format!(
        "{} ({}): {}\n{} → {}; title: {}\n\n",
        change.name,
        change.id,
        crate::report::describe_person(change),
        position(&change.before),
        position(&change.after),
        crate::report::title_change(change)
    )
}

/// How an approval's entry reads, by the role it names: "Lead", "Director of Engineering".
fn role_words(snapshot: &Snapshot, approval: &Approval) -> String {
    let directs = |login: &str| {
        let id = person_of(snapshot, login).map(|entry| entry.id.as_str())?;
        snapshot
            .teams
            .iter()
            .find(|team| team.value.director.as_ref().is_some_and(|d| d.value == id))
            .map(|team| team.value.name.value.clone())
    };
    match approval.approver.as_str() {
        "lead" => "Lead".into(),
        "lead-of-lead" => "Lead's lead".into(),
        "director" => match approval.who.first().and_then(|login| directs(login)) {
            Some(team) => format!("Director of {team}"),
            None => "Director".into(),
        },
        other => match other.strip_prefix("director of ") {
            Some(team) => format!(
                "Director of {}",
                snapshot.team(team).map_or(team.to_string(), |entry| entry
                    .value
                    .name
                    .value
                    .clone())
            ),
            None => other.to_string(),
        },
    }
}

fn person_of<'a>(
    snapshot: &'a Snapshot,
    login: &str,
) -> Option<&'a crate::snapshot::Entry<crate::placement::Placement>> {
    snapshot.people.iter().find(|entry| {
        entry
            .value
            .github
            .as_ref()
            .is_some_and(|github| github.value.eq_ignore_ascii_case(login))
    })
}

/// "Priya Raman (@priyaraman)", "a member of @acme/people", or why nobody.
fn who_words(snapshot: &Snapshot, approval: &Approval, joiner: &str) -> String {
    if approval.who.is_empty() {
        return format!(
            "nobody ({})",
            approval.problem.as_deref().unwrap_or("unresolved")
        );
    }
    approval
        .who
        .iter()
        .map(|who| {
            if who.contains('/') {
                format!("a member of @{who}")
            } else {
                match person_of(snapshot, who) {
                    Some(entry) => format!("{} (@{who})", entry.value.name.value),
                    None => format!("@{who}"),
                }
            }
        })
        .collect::<Vec<_>>()
        .join(joiner)
}

/// Approvals or loop-ins grouped by the change they are for.
fn by_change(snapshot: &Snapshot, entries: &[Approval], joiner: &str, out: &mut String) {
    let mut last: Option<&str> = None;
    for entry in entries {
        if last != Some(entry.change.as_str()) {
            let _ = writeln!(out, "  {}:", entry.change);
            last = Some(&entry.change);
        }
        let _ = writeln!(
            out,
            "    {}: {}",
            role_words(snapshot, entry),
            who_words(snapshot, entry, joiner)
        );
    }
}

/// What the command prints: the change, each file written (or that would be), the findings,
/// the approvers by name and who is told.
pub fn render(proposal: &Proposal, written: &[String], color: bool) -> String {
    let review = &proposal.review;
    let mut out = String::new();
    for change in &review.changes.people {
        out.push_str(&crate::report::person_lines(change, ""));
        if let Some(pay) = review.changes.pay.as_ref()
            && let Some(words) = crate::report::pay_change(change, &pay.currency)
        {
            let _ = writeln!(out, "  pay: {words}");
        }
    }
    if !written.is_empty() {
        out.push('\n');
        for line in written {
            let _ = writeln!(out, "{line}");
        }
    }
    let renderer = if color {
        annotate_snippets::Renderer::styled()
    } else {
        annotate_snippets::Renderer::plain()
    };
    let refused = proposal.refused();
    for finding in &review.findings {
        // A refusal shows the errors; an accepted proposal its warnings and notices.
        if refused && finding.severity != Severity::Error {
            continue;
        }
        out.push('\n');
        out.push_str(&crate::report::human::render_finding(
            &renderer,
            &[&review.head, &review.base],
            finding,
        ));
        out.push('\n');
    }
    if refused {
        return out;
    }
    // As `ladder diff` says it: the leads this change touches, before and with it.
    if let Some(pace) = &review.pace
        && !pace.sentences.is_empty()
    {
        let _ = writeln!(
            out,
            "\npace of the leads this change touches ({}):",
            crate::report::pace_span(pace)
        );
        for sentence in &pace.sentences {
            let _ = writeln!(out, "  {sentence}");
        }
    }
    if !review.approvals.is_empty() {
        out.push_str("\nwho must approve:\n");
        by_change(&review.base, &review.approvals, " or ", &mut out);
    }
    if !review.notify.is_empty() {
        out.push_str("\nwho will be told:\n");
        by_change(&review.base, &review.notify, ", ", &mut out);
    }
    out
}

/// The requested reviewers of a pull request: each login and team the approvals name, the
/// author left out (GitHub refuses to ask the author).
pub fn reviewers(proposal: &Proposal, author: Option<&str>) -> (Vec<String>, Vec<String>) {
    let mut logins: Vec<String> = Vec::new();
    let mut teams: Vec<String> = Vec::new();
    for who in proposal.review.approvals.iter().flat_map(|a| &a.who) {
        if let Some((_, slug)) = who.split_once('/') {
            if !teams.iter().any(|known| known == slug) {
                teams.push(slug.to_string());
            }
        } else if author.is_none_or(|author| !author.eq_ignore_ascii_case(who))
            && !logins.iter().any(|known| known.eq_ignore_ascii_case(who))
        {
            logins.push(who.clone());
        }
    }
    (logins, teams)
}
