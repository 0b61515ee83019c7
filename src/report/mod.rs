//! Renders findings for people and machines: `human` (rustc-style snippets) and `json` (a
//! documented, stable shape). Reports take data and return text; they never print.

pub mod calibration;
pub mod check;
pub mod compare;
pub(crate) mod human;
pub(crate) mod json;
pub mod log;
pub mod markdown;
pub mod pace;
pub mod review;
pub mod show;
pub mod summary;

use crate::Pos;
use crate::finding::Finding;
use crate::snapshot::Snapshot;

/// A typical time as the change list writes it: "18", "18–24", "career".
fn typical_words(typical: &crate::framework::Typical) -> String {
    match typical {
        crate::framework::Typical::Months { min, max } if min == max => min.to_string(),
        crate::framework::Typical::Months { min, max } => format!("{min}–{max}"),
        crate::framework::Typical::Career => "career".into(),
    }
}

/// The source line a finding points at, and the byte range within it to underline.
pub(crate) struct Excerpt<'a> {
    pub line_text: &'a str,
    pub line_number: u32,
    pub range: std::ops::Range<usize>,
}

/// Finds the line of `pos` in the file's text and the part of it to underline: the value's
/// own span when the parser gave one on that line, else the word at the column.
/// The first snapshot holding the file wins: a review looks in the head, then the base.
pub(crate) fn excerpt<'a>(snapshots: &[&'a Snapshot], finding: &Finding) -> Option<Excerpt<'a>> {
    let location = finding.location.as_ref()?;
    let text = snapshots
        .iter()
        .find_map(|snapshot| snapshot.source(&location.file))?;
    excerpt_in(text, location.pos)
}

fn excerpt_in(text: &str, pos: Pos) -> Option<Excerpt<'_>> {
    let line_index = usize::try_from(pos.line.checked_sub(1)?).ok()?;
    let line_text = text.lines().nth(line_index)?;
    let column = usize::try_from(pos.column.saturating_sub(1)).ok()?;
    let start = line_text
        .char_indices()
        .nth(column)
        .map_or(line_text.len(), |(at, _)| at);
    let line_start = line_text.as_ptr() as usize - text.as_ptr() as usize;
    let span_end = usize::try_from(pos.offset + pos.len).ok()?;
    let mut end =
        if pos.len > 0 && span_end > line_start + start && span_end <= line_start + line_text.len()
        {
            span_end - line_start
        } else {
            let rest = &line_text[start..];
            start + rest.find(char::is_whitespace).unwrap_or(rest.len())
        };
    // A span from the raw bytes may end inside a character of the text as shown.
    while !line_text.is_char_boundary(end) {
        end += 1;
    }
    Some(Excerpt {
        line_text,
        line_number: pos.line,
        range: start..end.max(start),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_underline_ending_inside_a_character_covers_the_whole_character() {
        let text = "# \u{FFFD}aml\n";
        let pos = Pos {
            line: 1,
            column: 3,
            offset: 2,
            len: 1,
        };
        let excerpt = excerpt_in(text, pos).expect("excerpt");
        assert_eq!(&excerpt.line_text[excerpt.range], "\u{FFFD}");
    }

    #[test]
    fn the_underline_covers_the_value() {
        let text = "name: Ada\nstep: 0\n";
        let pos = Pos {
            line: 2,
            column: 7,
            offset: 16,
            len: 1,
        };
        let excerpt = excerpt_in(text, pos).expect("excerpt");
        assert_eq!(excerpt.line_text, "step: 0");
        assert_eq!(&excerpt.line_text[excerpt.range], "0");
    }

    #[test]
    fn without_a_span_the_word_at_the_column_is_underlined() {
        let text = "lead: ghost # nobody\n";
        let pos = Pos {
            line: 1,
            column: 7,
            offset: 0,
            len: 0,
        };
        let excerpt = excerpt_in(text, pos).expect("excerpt");
        assert_eq!(&excerpt.line_text[excerpt.range], "ghost");
    }
}

/// How a word diff is marked: Markdown strikes and bolds, a terminal uses wdiff's brackets.
#[derive(Clone, Copy)]
pub(crate) enum Markup {
    Markdown,
    Plain,
}

/// A framework edit in one sentence.
pub(crate) fn describe_edit(edit: &crate::diff::FrameworkEdit, markup: Markup) -> String {
    use crate::diff::FrameworkEdit;
    use crate::words::Words;
    let words = |words: &[Words]| -> String {
        words
            .iter()
            .map(|piece| match (piece, markup) {
                (Words::Same(text), _) => text.clone(),
                (Words::Removed(text), Markup::Markdown) => format!("~~{}~~", text.trim()),
                (Words::Added(text), Markup::Markdown) => format!("**{}**", text.trim()),
                (Words::Removed(text), Markup::Plain) => format!("[-{text}-]"),
                (Words::Added(text), Markup::Plain) => format!("{{+{text}+}}"),
            })
            .collect()
    };
    let or_none = |value: &Option<String>| value.clone().unwrap_or_else(|| "none".into());
    match edit {
        FrameworkEdit::TrackAdded { track } => format!("track `{track}` added"),
        FrameworkEdit::TrackRemoved { track } => format!("track `{track}` removed"),
        FrameworkEdit::LevelAdded { track, level } => format!("{track} level {level} added"),
        FrameworkEdit::LevelRemoved { track, level } => format!("{track} level {level} removed"),
        FrameworkEdit::LevelRenumbered {
            track,
            name,
            from,
            to,
        } => {
            format!("{track} level “{name}” renumbered from {from} to {to}")
        }
        FrameworkEdit::StepsChanged {
            track: None,
            from,
            to,
        } => format!("steps per level: {from} → {to}"),
        FrameworkEdit::StepsChanged {
            track: Some(track),
            from,
            to,
        } => format!("{track} steps per level: {from} → {to}"),
        FrameworkEdit::FactorAdded { factor } => format!("factor `{factor}` added"),
        FrameworkEdit::FactorRemoved { factor } => format!("factor `{factor}` removed"),
        FrameworkEdit::FactorRenamed { factor, from, to } => {
            format!("factor `{factor}` renamed from “{from}” to “{to}”")
        }
        FrameworkEdit::RangeChanged {
            team,
            track,
            from,
            to,
            stranded,
        } => {
            let who = if stranded.is_empty() {
                "strands nobody".to_string()
            } else {
                format!(
                    "strands {}: {}",
                    human::plural(stranded.len(), "teammate"),
                    stranded.join(", ")
                )
            };
            format!("team {team} now uses {track} {to} (was {from}); {who}")
        }
        FrameworkEdit::RoleAdded { team, role } => format!("team {team}: role `{role}` added"),
        FrameworkEdit::RoleRemoved { team, role, people } => {
            if people.is_empty() {
                format!("team {team}: role `{role}` removed")
            } else {
                format!(
                    "team {team}: role `{role}` removed, held by {}",
                    people.join(", ")
                )
            }
        }
        FrameworkEdit::Reworded {
            track,
            level,
            field,
            words: diff,
        } => {
            format!("{track} level {level} {field} reworded: “{}”", words(diff))
        }
        FrameworkEdit::TypicalTimeChanged {
            track,
            level,
            from,
            to,
            per_step,
        } => format!(
            "{track} level {level} typical {}: {} → {}",
            if *per_step {
                "time per step"
            } else {
                "months to next"
            },
            from.map_or("none".into(), |m| typical_words(&m)),
            to.map_or("none".into(), |m| typical_words(&m))
        ),
        FrameworkEdit::TitleChanged {
            team,
            track,
            level,
            from,
            to,
            people,
        } => {
            let who = if people.is_empty() {
                "re-titles nobody".to_string()
            } else {
                format!(
                    "re-titles {}: {}",
                    human::plural(people.len(), "teammate"),
                    people.join(", ")
                )
            };
            format!(
                "{team} title for {track} level {level}: {} → {} ({who})",
                or_none(from),
                or_none(to)
            )
        }
        FrameworkEdit::PolicyChanged { changes } => {
            format!("policy changed: {}", changes.join("; "))
        }
        FrameworkEdit::TeamAdded { team } => format!("team `{team}` added"),
        FrameworkEdit::TeamRemoved { team } => format!("team `{team}` removed"),
        FrameworkEdit::DirectorChanged { team, from, to } => {
            format!("{team} director: {} → {}", or_none(from), or_none(to))
        }
        FrameworkEdit::PayChanged {
            from_currency,
            to_currency,
            repriced,
            yearly,
        } => match (from_currency, to_currency, yearly) {
            (None, Some(currency), _) => format!("pay bands added, in {currency}"),
            (Some(_), None, _) => "pay bands removed".to_string(),
            (Some(from), Some(to), _) if from != to => {
                format!("pay bands changed currency from {from} to {to}")
            }
            (_, Some(currency), Some(yearly)) if *repriced > 0 => format!(
                "pay bands changed: the yearly pay of {} changes by {} {currency} in all",
                human::plural(*repriced, "teammate"),
                yearly.change()
            ),
            _ => "pay bands changed; nobody placed today is paid differently".to_string(),
        },
    }
}

/// The verdict a review opens with.
pub(crate) fn verdict(review: &crate::review::Review) -> String {
    let counts = crate::finding::Counts::of(&review.findings);
    if counts.errors > 0 {
        format!(
            "not ready to merge: {}",
            human::plural(counts.errors, "error")
        )
    } else if review.changes.is_empty() {
        "no change to the ladder".to_string()
    } else if review.approvals.is_empty() {
        "ready to merge".to_string()
    } else {
        format!(
            "valid; needs {}",
            human::plural(review.approvals.len(), "approval")
        )
    }
}

/// Who changes and how, in a few words: "up 1 level; lead leo → hana".
pub(crate) fn describe_person(change: &crate::diff::PersonChange) -> String {
    change
        .kinds
        .iter()
        .map(crate::diff::ChangeKind::describe)
        .collect::<Vec<_>>()
        .join("; ")
}

/// "84,000.00 → 90,000.00 USD a year (+6,000.00)", when the change moves the teammate's pay.
pub(crate) fn pay_change(change: &crate::diff::PersonChange, currency: &str) -> Option<String> {
    let pay = change.pay.as_ref()?;
    if pay.before == pay.after {
        return None;
    }
    let side = |money: Option<crate::framework::pay::Money>| {
        money.map_or("—".to_string(), |m| m.amount())
    };
    Some(format!(
        "{} → {} {currency} a year ({})",
        side(pay.before),
        side(pay.after),
        pay.yearly.change()
    ))
}

/// "+6,000.00 USD a year (1 change has no price)", the sum of a change set's pay changes.
pub(crate) fn pay_total(total: &crate::framework::pay::PayTotal) -> String {
    let unpriced = if total.unpriced > 0 {
        format!(
            "; {} without a price left out",
            human::plural(total.unpriced, "change")
        )
    } else {
        String::new()
    };
    format!(
        "{} {} a year{unpriced}",
        total.yearly.change(),
        total.currency
    )
}

/// One person's change as the terminal shows it: "Name (id): up 1 step", then under it where
/// they stood and stand, and the title. `indent` opens the first line; the second is two
/// spaces deeper.
pub(crate) fn person_lines(change: &crate::diff::PersonChange, indent: &str) -> String {
    let position = |position: &Option<crate::snapshot::Position>| {
        position
            .as_ref()
            .map_or("—".into(), crate::snapshot::Position::with_team)
    };
    format!(
        "{indent}{} ({}): {}\n{indent}  {} → {}; title: {}\n",
        change.name,
        change.id,
        describe_person(change),
        position(&change.before),
        position(&change.after),
        title_change(change)
    )
}

pub(crate) fn title_change(change: &crate::diff::PersonChange) -> String {
    let title = |position: &Option<crate::snapshot::Position>| {
        position
            .as_ref()
            .and_then(|position| position.title.as_deref().map(str::to_string))
            .unwrap_or_else(|| "—".into())
    };
    let (before, after) = (title(&change.before), title(&change.after));
    if before == after {
        before
    } else {
        format!("{before} → {after}")
    }
}

/// What the pace part of a change's report covers: "2025-01-04 to 2026-01-03, this change
/// included; standing verdict: the 2025-Q4 review".
pub(crate) fn pace_span(pace: &crate::review::ChangePace) -> String {
    format!(
        "{} to {}, this change included; standing verdict: the {} review",
        pace.after.window.start,
        pace.as_of,
        pace.review
            .review
            .as_ref()
            .map_or("latest", |review| review.label.as_str())
    )
}

/// The JSON reports with a published schema, by the name `ladder schema` takes: `pace` is what
/// `ladder pace --format json` prints, `pace-check` the `pace` member of `ladder diff --format
/// json` (the PR check's report).
pub const SCHEMAS: [&str; 2] = ["pace", "pace-check"];

/// The schema of a JSON report as pretty JSON, or `None` for an unknown name.
pub fn schema_json(kind: &str) -> Option<String> {
    // Output schemas: every field a report always writes is required, `null` included.
    let generator = schemars::generate::SchemaSettings::draft07()
        .for_serialize()
        .into_generator();
    let schema = match kind {
        "pace" => generator.into_root_schema_for::<pace::PaceJson<'static>>(),
        "pace-check" => generator.into_root_schema_for::<crate::review::ChangePace>(),
        _ => return None,
    };
    let mut text = serde_json::to_string_pretty(&schema).ok()?;
    text.push('\n');
    Some(text)
}
