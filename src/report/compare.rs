//! Two levels side by side: for a terminal (removed words in red, added in green, or marked
//! `[-…-]{+…+}` without colour), as Markdown (a table; removed words struck, added in bold), and
//! as JSON.

use std::fmt::Write as _;

use crate::compare::{Comparison, Side};
use crate::report::markdown::escape;
use crate::words::Words;

fn heading(side: &Side) -> String {
    let mut text = side.reference.clone();
    let named: Vec<&str> = [side.title.as_deref(), side.name.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !named.is_empty() {
        let _ = write!(text, " ({})", named.join(", "));
    }
    text
}

fn marked(words: &[Words], color: bool) -> String {
    let mut out = String::new();
    for word in words {
        match (word, color) {
            (Words::Same(text), _) => out.push_str(text),
            (Words::Removed(text), true) => {
                let _ = write!(out, "\x1b[31;9m{text}\x1b[0m");
            }
            (Words::Added(text), true) => {
                let _ = write!(out, "\x1b[32;1m{text}\x1b[0m");
            }
            (Words::Removed(text), false) => {
                let _ = write!(out, "[-{text}-]");
                if text.contains(' ') {
                    out.push(' ');
                }
            }
            (Words::Added(text), false) => {
                let _ = write!(out, "{{+{text}+}}");
            }
        }
    }
    out
}

/// The change line: the marked words, or a plain note when nothing is kept or nothing moved.
fn change_line(words: &[Words], color: bool) -> String {
    if words.iter().all(|word| matches!(word, Words::Same(_))) {
        "the same words".into()
    } else if !words.iter().any(|word| matches!(word, Words::Same(_))) {
        "reworded throughout".into()
    } else {
        marked(words, color)
    }
}

/// One side's criteria, each another level writes saying which: "… (from IC4)".
fn criteria(list: &Option<Vec<String>>, from: &[Option<String>]) -> Vec<String> {
    match list {
        None => vec!["(does not apply, or says nothing)".into()],
        Some(list) => list
            .iter()
            .enumerate()
            .map(|(index, line)| match from.get(index) {
                Some(Some(origin)) => format!("{line} (from {origin})"),
                _ => line.clone(),
            })
            .collect(),
    }
}

pub fn render_human(comparison: &Comparison, color: bool) -> String {
    let (a, b) = (&comparison.left, &comparison.right);
    let mut out = format!("{}  →  {}\n", heading(a), heading(b));
    if let Some(team) = &comparison.team {
        let _ = writeln!(out, "as team {team} reads them");
    }
    if let Some(grades) = &comparison.grades {
        let _ = writeln!(out, "{grades}");
    }
    let _ = writeln!(
        out,
        "\nsummary\n  {}: {}\n  {}: {}\n  change: {}",
        a.reference,
        a.summary,
        b.reference,
        b.summary,
        change_line(&comparison.summary_words, color)
    );
    if a.focus.is_some() || b.focus.is_some() {
        let _ = writeln!(
            out,
            "\nfocus\n  {}: {}\n  {}: {}",
            a.reference,
            a.focus.as_deref().unwrap_or("none"),
            b.reference,
            b.focus.as_deref().unwrap_or("none")
        );
    }
    for (what, left, right) in facts(a, b) {
        let _ = writeln!(
            out,
            "\n{what}\n  {}: {left}\n  {}: {right}",
            a.reference, b.reference
        );
    }
    for row in &comparison.factors {
        let _ = writeln!(out, "\n{} ({})", row.name, row.factor);
        if let Some(description) = &row.description {
            let _ = writeln!(out, "  {description}");
        }
        if !row.scale.is_empty() {
            let _ = writeln!(out, "  scale: {}", point_names(&row.scale));
        }
        for (side, list, from) in [
            (a, &row.left, &row.left_from),
            (b, &row.right, &row.right_from),
        ] {
            for (index, line) in criteria(list, from).iter().enumerate() {
                let label = if index == 0 {
                    format!("{}:", side.reference)
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "  {label:<width$} {line}",
                    width = a.reference.len().max(b.reference.len()) + 1
                );
            }
        }
        let change = match (&row.left, &row.right) {
            (None, _) => format!("only {} states it", b.reference),
            (_, None) => format!("only {} states it", a.reference),
            _ => change_line(&row.words, color),
        };
        // Criteria run one a line; keep the later ones under the first.
        let _ = writeln!(out, "  change: {}", change.replace('\n', "\n          "));
    }
    if comparison.factors.is_empty() {
        out.push_str("\nneither level states expectations per factor\n");
    }
    out
}

/// The scale's points by number and name: "1 Adopts · 2 Specializes".
fn point_names(scale: &[String]) -> String {
    scale
        .iter()
        .map(|line| {
            line.split_once(':')
                .map_or(line.as_str(), |(named, _)| named)
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

fn markdown_words(words: &[Words]) -> String {
    words
        .iter()
        .map(|word| match word {
            Words::Same(text) => escape(text),
            Words::Removed(text) if text.trim().is_empty() => escape(text),
            Words::Added(text) if text.trim().is_empty() => escape(text),
            Words::Removed(text) => format!("~~{}~~", escape(text.trim())),
            Words::Added(text) => format!("**{}**", escape(text.trim())),
        })
        .collect::<String>()
        .replace('\n', "<br>")
}

pub fn render_markdown(comparison: &Comparison) -> String {
    let (a, b) = (&comparison.left, &comparison.right);
    let mut out = format!("## {} → {}\n\n", escape(&heading(a)), escape(&heading(b)));
    if let Some(team) = &comparison.team {
        let _ = writeln!(out, "As team {} reads them.\n", escape(team));
    }
    if let Some(grades) = &comparison.grades {
        let _ = writeln!(out, "The two levels are {grades}.\n");
    }
    let _ = writeln!(
        out,
        "| | {} | {} | what changes |\n|---|---|---|---|",
        escape(&a.reference),
        escape(&b.reference)
    );
    let cell = |list: &Option<Vec<String>>, from: &[Option<String>]| {
        criteria(list, from)
            .iter()
            .map(|line| escape(line))
            .collect::<Vec<_>>()
            .join("<br>")
    };
    let _ = writeln!(
        out,
        "| summary | {} | {} | {} |",
        escape(&a.summary),
        escape(&b.summary),
        markdown_words(&comparison.summary_words)
    );
    if a.focus.is_some() || b.focus.is_some() {
        let focus = |side: &Side| escape(side.focus.as_deref().unwrap_or("none"));
        let _ = writeln!(out, "| focus | {} | {} | |", focus(a), focus(b));
    }
    for (what, left, right) in facts(a, b) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | |",
            escape(&what),
            escape(&left),
            escape(&right)
        );
    }
    for row in &comparison.factors {
        let mut name = escape(&row.name);
        if let Some(description) = &row.description {
            name.push_str(&format!("<br>{}", escape(description)));
        }
        if !row.scale.is_empty() {
            name.push_str(&format!("<br>scale: {}", escape(&point_names(&row.scale))));
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            name,
            cell(&row.left, &row.left_from),
            cell(&row.right, &row.right_from),
            markdown_words(&row.words)
        );
    }
    out
}

pub fn render_json(comparison: &Comparison) -> String {
    #[derive(serde::Serialize)]
    struct Report<'a> {
        version: u32,
        #[serde(flatten)]
        comparison: &'a Comparison,
    }
    let mut text = serde_json::to_string_pretty(&Report {
        version: 1,
        comparison,
    })
    .unwrap_or_default();
    text.push('\n');
    text
}

/// The level's own facts either side has: years of experience, promotion only, its notes.
fn facts(a: &Side, b: &Side) -> Vec<(String, String, String)> {
    let mut facts = Vec::new();
    if a.years.is_some() || b.years.is_some() {
        let years = |side: &Side| {
            side.years
                .map_or_else(|| "none".to_string(), |y| y.to_string())
        };
        facts.push(("years of experience".to_string(), years(a), years(b)));
    }
    if a.internal_only || b.internal_only {
        let only = |side: &Side| {
            if side.internal_only {
                "by promotion only"
            } else {
                "hired or promoted into"
            }
        };
        facts.push((
            "filled".to_string(),
            only(a).to_string(),
            only(b).to_string(),
        ));
    }
    let mut headings: Vec<&String> = a.notes.keys().chain(b.notes.keys()).collect();
    headings.sort();
    headings.dedup();
    for heading in headings {
        let note = |side: &Side| {
            side.notes
                .get(heading)
                .cloned()
                .unwrap_or_else(|| "none".into())
        };
        facts.push((heading.clone(), note(a), note(b)));
    }
    facts
}
