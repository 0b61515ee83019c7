//! The case file a promotion needs, from the folder's `cases/.template.md` when it has one:
//! its front matter filled in (who, the position argued for, the lead who writes it, the day,
//! and where the person stands now as a comment), its text kept; without a template, a heading
//! per factor the new level is judged on, with what that level expects.

use super::edit::scalar;
use super::part::Part;
use super::request::{Context, Files, ProposeError, usage};
use crate::diff::PersonChange;
use crate::framework::Resolved;
use crate::snapshot::Snapshot;

/// The case file's path under the folder and its text.
pub(super) fn write(
    head: &Snapshot,
    files: &Files,
    change: &PersonChange,
    part: &Part,
    context: &Context,
) -> Result<(String, String), ProposeError> {
    let (Some(before), Some(after)) = (&change.before, &change.after) else {
        return Err(usage(format!(
            "{} has no position to argue for",
            change.name
        )));
    };
    let framework = head.framework.as_ref().map(|framework| &framework.value);
    let track = framework.and_then(|framework| framework.track(&after.track));
    let level = track.and_then(|track| track.level(after.level));
    let label = after.level_label_words();
    let year = context.date.year();
    let stem = format!(
        "cases/{year}/{}-level-{}",
        change.id,
        label.to_ascii_lowercase()
    );
    let mut path = format!("{stem}.md");
    let mut n = 2;
    while files.contains_key(&path) {
        path = format!("{stem}-{n}.md");
        n += 1;
    }
    let lead = before.lead.as_deref().or(after.lead.as_deref());
    let level_name = level
        .and_then(|level| level.name.as_deref())
        .map_or(String::new(), |name| format!(" ({name})"));
    let track_name = track.map_or(after.track.to_string(), |track| track.name.clone());
    let mut text = String::from("---\n");
    text.push_str(&format!(
        "# from: {} {}{}\n",
        before.team,
        before.short(),
        before
            .title
            .as_deref()
            .map_or(String::new(), |title| format!(", {title}"))
    ));
    text.push_str(&format!("person: {}\n", change.id));
    text.push_str(&format!(
        "title: {}\n",
        scalar(&format!(
            "{} for {track_name} {}{level_name}",
            change.name,
            after.level_words()
        ))
    ));
    text.push_str(&format!("track: {}\n", after.track));
    text.push_str(&format!("level: {}\n", scalar(&label)));
    if let Some(lead) = lead {
        text.push_str(&format!("authors: [{lead}]\n"));
    }
    text.push_str(&format!("date: {}\n---\n", context.date));
    match context.template.as_deref().and_then(template_body) {
        Some(body) => text.push_str(body),
        None => {
            let first = change
                .name
                .split_whitespace()
                .next()
                .unwrap_or(&change.name);
            if let (Some(framework), Some(track), Some(level)) = (framework, track, level) {
                let team = head.team(&after.team).map(|team| &team.value);
                let view = framework.view(track, level, team);
                for (factor, expectation) in &view.expectations {
                    text.push_str(&format!("\n## {}\n\n", factor.name));
                    if let Some(expectation) = expectation {
                        text.push_str(&format!(
                            "{} expects: {}\n\n",
                            after.level_words(),
                            expected(expectation)
                        ));
                    }
                    text.push_str(&format!("What {first} did that shows it.\n"));
                }
            }
            if view_is_empty(&text) {
                text.push_str(&format!("\nWhat {first} did that shows the new level.\n"));
            }
        }
    }
    if let Some(reason) = &part.reason {
        text.push_str(&format!("\n## Why now\n\n{reason}\n"));
    }
    Ok((path, text))
}

fn view_is_empty(text: &str) -> bool {
    !text.contains("\n## ")
}

/// An expectation in one paragraph.
fn expected(expectation: &Resolved<'_>) -> String {
    expectation
        .text()
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text after the template's front matter.
fn template_body(template: &str) -> Option<&str> {
    let rest = template.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    Some(&rest[end + "\n---\n".len()..])
}
