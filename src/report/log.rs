//! The audit trail as people and tools read it: `ladder log` as human lines, JSON or CSV.
//! Writers take any `Write`, so a long log streams instead of building one string.

use std::io::Write;

use serde::Serialize;

use crate::history::Event;
use crate::snapshot::Position;

fn position(position: Option<&Position>) -> String {
    position.map_or("—".to_string(), crate::snapshot::Position::with_team)
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
        let landing = if event.landing.uncommitted {
            crate::history::NOT_COMMITTED.to_string()
        } else {
            format!(
                "{}{pr}  {}",
                event.landing.commit.short(),
                event.landing.author.name()
            )
        };
        writeln!(
            out,
            "{}  {}{renamed}  {}  {} → {}  {landing}",
            event.date,
            event.person,
            event.kind.describe(),
            position(event.before.as_deref()),
            position(event.after.as_deref()),
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
    commit: crate::history::CommitId,
    pull_request: Option<u64>,
    author_name: &'a str,
    author_email: &'a str,
    author_time: String,
    committer_name: &'a str,
    committer_email: &'a str,
    committer_time: String,
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
                commit: event.landing.commit,
                pull_request: event.landing.pull_request.map(std::num::NonZeroU64::get),
                author_name: event.landing.author.name(),
                author_email: event.landing.author.email(),
                author_time: event.landing.author.time.to_string(),
                committer_name: event.landing.committer.name(),
                committer_email: event.landing.committer.email(),
                committer_time: event.landing.committer.time.to_string(),
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
