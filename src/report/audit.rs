//! The audit trail as people and tools read it: `ladder log` (human lines, JSON, CSV) and
//! `ladder show`. Writers take any `Write`, so a long log streams instead of building one string.

use std::io::Write;

use serde::Serialize;

use crate::diff::Position;
use crate::framework::Typical;
use crate::history::{Event, Pace, Standing};

fn position(position: Option<&Position>) -> String {
    position.map_or("—".to_string(), crate::diff::Position::with_team)
}

fn short_commit(commit: &str) -> &str {
    commit.get(..7).unwrap_or(commit)
}

/// One line per event, newest first as given.
pub fn write_log_human<'a>(
    out: &mut dyn Write,
    events: impl Iterator<Item = &'a Event>,
) -> std::io::Result<usize> {
    let mut count = 0;
    for event in events {
        let pr = match (event.landing.pull_request, event.landing.imported_from()) {
            (_, Some(_)) => " imported".to_string(),
            (Some(number), None) => format!(" #{number}"),
            (None, None) => String::new(),
        };
        let renamed = if event.id_then == event.person {
            String::new()
        } else {
            format!(" (then {})", event.id_then)
        };
        writeln!(
            out,
            "{}  {}{renamed}  {}  {} → {}  {}{pr}  {}",
            event.date,
            event.person,
            event.kind.describe(),
            position(event.before.as_deref()),
            position(event.after.as_deref()),
            short_commit(&event.landing.commit),
            event.landing.author.name,
        )?;
        count += 1;
    }
    Ok(count)
}

/// `{"version": 1, "events": [...]}`, written event by event.
pub fn write_log_json<'a>(
    out: &mut dyn Write,
    events: impl Iterator<Item = &'a Event>,
) -> std::io::Result<usize> {
    out.write_all(b"{\"version\":1,\"events\":[")?;
    let mut count = 0;
    for event in events {
        if count > 0 {
            out.write_all(b",")?;
        }
        out.write_all(b"\n")?;
        serde_json::to_writer(&mut *out, event)?;
        count += 1;
    }
    out.write_all(b"\n]}\n")?;
    Ok(count)
}

#[derive(Serialize)]
struct Row<'a> {
    date: String,
    person: &'a str,
    id_then: &'a str,
    name: &'a str,
    kind: &'a str,
    change: String,
    from_team: Option<&'a str>,
    from_track: Option<&'a str>,
    from_level: Option<String>,
    from_step: Option<String>,
    from_lead: Option<&'a str>,
    to_team: Option<&'a str>,
    to_track: Option<&'a str>,
    to_level: Option<String>,
    to_step: Option<String>,
    to_lead: Option<&'a str>,
    commit: &'a str,
    pull_request: Option<u64>,
    author_name: &'a str,
    author_email: &'a str,
    author_time: &'a str,
    committer_name: &'a str,
    committer_email: &'a str,
    committer_time: &'a str,
    approved_by: String,
    reviewed_by: String,
    case_file: Option<&'a str>,
    summary: &'a str,
    /// The export and rows an imported change came from; empty for a reviewed change.
    imported_from: &'a str,
}

/// One CSV row per event, with a header.
pub fn write_log_csv<'a>(
    out: &mut dyn Write,
    events: impl Iterator<Item = &'a Event>,
) -> std::io::Result<usize> {
    let mut writer = csv::Writer::from_writer(out);
    let mut count = 0;
    for event in events {
        let (before, after) = (event.before.as_deref(), event.after.as_deref());
        writer
            .serialize(Row {
                date: event.date.to_string(),
                person: &event.person,
                id_then: &event.id_then,
                name: &event.name,
                kind: event.kind.name(),
                change: event.kind.describe(),
                from_team: before.map(|p| &*p.team),
                from_track: before.map(|p| &*p.track),
                from_level: before.map(Position::level_label_words),
                from_step: before.and_then(Position::step_words),
                from_lead: before.and_then(|p| p.lead.as_deref()),
                to_team: after.map(|p| &*p.team),
                to_track: after.map(|p| &*p.track),
                to_level: after.map(Position::level_label_words),
                to_step: after.and_then(Position::step_words),
                to_lead: after.and_then(|p| p.lead.as_deref()),
                commit: &event.landing.commit,
                pull_request: event.landing.pull_request,
                author_name: &event.landing.author.name,
                author_email: &event.landing.author.email,
                author_time: &event.landing.author.time,
                committer_name: &event.landing.committer.name,
                committer_email: &event.landing.committer.email,
                committer_time: &event.landing.committer.time,
                approved_by: event
                    .landing
                    .trailer_values("Approved-by")
                    .collect::<Vec<_>>()
                    .join("; "),
                reviewed_by: event
                    .landing
                    .trailer_values("Reviewed-by")
                    .collect::<Vec<_>>()
                    .join("; "),
                case_file: event.case_file.as_deref(),
                summary: &event.landing.summary,
                imported_from: event.landing.imported_from().unwrap_or_default(),
            })
            .map_err(std::io::Error::other)?;
        count += 1;
    }
    writer.flush()?;
    Ok(count)
}

fn months(months: f64) -> String {
    let whole = months.floor();
    let (years, rest) = ((whole / 12.0).floor(), whole % 12.0);
    match (years as u64, rest as u64) {
        (0, 0) => "less than a month".into(),
        (0, m) => format!("{m} month{}", if m == 1 { "" } else { "s" }),
        (y, 0) => format!("{y} year{}", if y == 1 { "" } else { "s" }),
        (y, m) => format!(
            "{y} year{} {m} month{}",
            if y == 1 { "" } else { "s" },
            if m == 1 { "" } else { "s" }
        ),
    }
}

/// Where a teammate stands, then their trail, newest first.
pub fn render_show(standing: &Standing, trail: &[&Event]) -> String {
    let p = &standing.position;
    let role = p
        .role
        .as_deref()
        .map_or_else(String::new, |role| format!(", role {role}"));
    let mut out = format!(
        "{} ({})\n  {}: {}, {} {}{role}; lead: {}\n",
        standing.name,
        standing.id,
        p.title.as_deref().unwrap_or("no title"),
        p.team,
        p.track,
        p.words(),
        p.lead.as_deref().unwrap_or("none"),
    );
    let held = |since: Option<jiff::civil::Date>, span: Option<f64>| match (since, span) {
        (Some(since), Some(span)) => format!("since {since} ({})", months(span)),
        _ => "since before the history starts (no `since` recorded)".into(),
    };
    let level = p.level_words();
    out.push_str(&format!(
        "  in {level} {}\n",
        held(standing.level_since, standing.months_in_level)
    ));
    if let Some(step) = p.step_words() {
        out.push_str(&format!(
            "  in step {step} {}\n",
            held(standing.step_since, standing.months_in_step)
        ));
    }
    let verdict = standing.pace.map(|pace| match pace {
        Pace::Before => "before it",
        Pace::Within => "within it",
        Pace::Past => "past it",
    });
    // The top of a track has no next level: its typical time is a tenure.
    let what = if standing.top_of_track {
        format!("typical tenure at {level}")
    } else {
        "typical time to the next level".to_string()
    };
    match (standing.typical_months_to_next, verdict) {
        (Some(Typical::Career), _) => out.push_str(&format!(
            "  {level} is a career level: people may stay here, nothing is past due\n"
        )),
        (Some(typical), Some(verdict)) => out.push_str(&format!(
            "  {what}: {typical}; {verdict} (as of {})\n",
            standing.as_of
        )),
        (Some(typical), None) => out.push_str(&format!("  {what}: {typical}\n")),
        (None, _) if standing.top_of_track => {
            out.push_str(&format!("  {level} is the top of the {} track\n", p.track))
        }
        (None, _) => out.push_str("  the framework gives no typical time to the next level\n"),
    }
    if let Some(per_step) = standing.typical_months_per_step {
        out.push_str(&format!("  typical time per step: {per_step}\n"));
    }
    if !standing.assessment.is_empty() {
        let milestones: Vec<String> = standing
            .assessment
            .iter()
            .map(|(factor, milestone)| format!("{factor} {milestone}"))
            .collect();
        out.push_str(&format!("  milestones: {}\n", milestones.join(", ")));
    }
    if trail.is_empty() {
        out.push_str("\nno changes in history\n");
    } else {
        out.push_str("\ntrail:\n");
        let mut lines = Vec::new();
        let _ = write_log_human(&mut lines, trail.iter().copied());
        for line in String::from_utf8_lossy(&lines).lines() {
            out.push_str("  ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[derive(Serialize)]
struct ShowReport<'a> {
    version: u32,
    standing: &'a Standing,
    trail: &'a [&'a Event],
}

pub fn render_show_json(standing: &Standing, trail: &[&Event]) -> String {
    let report = ShowReport {
        version: 1,
        standing,
        trail,
    };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}
