//! The calibration packet in Markdown: an org page first (headcounts, the quarter's changes,
//! charts), then a page per lead. JSON is the packet as it is.

use std::fmt::Write as _;

use crate::calibration::{ChangeLine, Packet};
use crate::history::Pace;
use crate::report::markdown::escape;

fn months(value: Option<f64>) -> String {
    value.map_or_else(|| "—".into(), crate::report::show::months)
}

fn against(pace: Option<Pace>) -> &'static str {
    match pace {
        Some(Pace::Before) => "before",
        Some(Pace::Within) => "within",
        Some(Pace::Past) => "**past**",
        None => "—",
    }
}

fn change_table(out: &mut String, lines: &[ChangeLine], with_quarter: bool) {
    if lines.is_empty() {
        out.push_str("None.\n\n");
        return;
    }
    if with_quarter {
        out.push_str("| quarter | date | who | change | commit |\n|---|---|---|---|---|\n");
    } else {
        out.push_str("| date | who | change | commit |\n|---|---|---|---|\n");
    }
    for line in lines {
        let landing = match line.pull_request {
            _ if line.uncommitted => crate::history::NOT_COMMITTED.to_string(),
            Some(number) => format!("`{}` #{number}", line.commit),
            None => format!("`{}`", line.commit),
        };
        let quarter = if with_quarter {
            format!("{} | ", line.quarter)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "| {quarter}{} | {} | {} | {landing} |",
            line.date,
            escape(&line.name),
            escape(&line.words)
        );
    }
    out.push('\n');
}

/// A mermaid bar chart of headcount per track and level.
fn headcount_chart(packet: &Packet) -> String {
    let mut per_level: std::collections::BTreeMap<(String, u32), usize> = Default::default();
    for row in &packet.headcount {
        *per_level.entry((row.track.clone(), row.level)).or_default() += row.people;
    }
    if per_level.is_empty() {
        return String::new();
    }
    let labels: Vec<String> = per_level
        .keys()
        .map(|(track, level)| format!("\"{track} {level}\""))
        .collect();
    let values: Vec<String> = per_level.values().map(ToString::to_string).collect();
    format!(
        "```mermaid\nxychart-beta\n    title \"People per track and level\"\n    x-axis [{}]\n    y-axis \"people\"\n    bar [{}]\n```\n\n",
        labels.join(", "),
        values.join(", ")
    )
}

fn flagged_mark(flagged: bool) -> &'static str {
    if flagged {
        " — flagged at the review"
    } else {
        ""
    }
}

pub fn render_markdown(packet: &Packet) -> String {
    let mut out = format!(
        "# Calibration packet, {} ({} to {})\n\nAs of {}. Pace verdicts from the {} review.\n\n## The org\n\n",
        packet.quarter,
        packet.first_day,
        packet.last_day,
        packet.as_of,
        packet.review.as_deref().unwrap_or("(no history to review)")
    );
    out.push_str("| team | people |\n|---|---|\n");
    for (team, people) in &packet.per_team {
        let _ = writeln!(out, "| {} | {people} |", escape(team));
    }
    out.push('\n');
    out.push_str(&headcount_chart(packet));
    out.push_str("| track | level | step | people |\n|---|---|---|---|\n");
    for row in &packet.headcount {
        let step = if row.step == 0 {
            "—".to_string()
        } else {
            row.step.to_string()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {step} | {} |",
            escape(&row.track),
            row.level,
            row.people
        );
    }
    out.push('\n');
    for (title, lines) in [
        ("Promotions this quarter", &packet.promotions),
        ("Steps this quarter", &packet.steps),
        ("Hires this quarter", &packet.hires),
        ("Departures this quarter", &packet.departures),
    ] {
        let _ = writeln!(out, "### {title} ({})\n", lines.len());
        change_table(&mut out, lines, false);
    }
    if !packet.areas.is_empty() {
        out.push_str("### Pace across teams and tracks\n\n");
        for area in &packet.areas {
            let mark = flagged_mark(area.flagged);
            let _ = writeln!(
                out,
                "**{}** (`{}`){mark}\n",
                escape(&area.name),
                escape(&area.id)
            );
            for sentence in &area.pace {
                let _ = writeln!(out, "- {}", escape(sentence));
            }
            out.push('\n');
        }
    }
    for lead in &packet.leads {
        let mark = flagged_mark(lead.flagged);
        let _ = writeln!(
            out,
            "## {} (`{}`){mark}\n",
            escape(&lead.name),
            escape(&lead.lead)
        );
        out.push_str("| report | title | where | in level | in step | typical to next | against it |\n|---|---|---|---|---|---|---|\n");
        for report in &lead.reports {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                escape(&report.name),
                escape(report.title.as_deref().unwrap_or("—")),
                escape(&report.position),
                months(report.months_in_level),
                months(report.months_in_step),
                report.typical.as_deref().unwrap_or("—"),
                against(report.pace)
            );
        }
        out.push('\n');
        if !lead.pace.is_empty() {
            out.push_str("**Pace**\n\n");
            for sentence in &lead.pace {
                let _ = writeln!(out, "- {}", escape(sentence));
            }
            out.push('\n');
        }
        if !lead.open_cases.is_empty() {
            out.push_str("**Open case files**\n\n");
            for case in &lead.open_cases {
                let _ = writeln!(
                    out,
                    "- {} for {}: `{}`",
                    escape(&case.person),
                    escape(&case.target),
                    escape(&case.file)
                );
            }
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "**Changes this quarter and the four before** ({})\n",
            lead.changes.len()
        );
        change_table(&mut out, &lead.changes, true);
    }
    out
}

pub fn render_json(packet: &Packet) -> String {
    #[derive(serde::Serialize)]
    struct Json<'a> {
        version: u32,
        #[serde(flatten)]
        packet: &'a Packet,
    }
    let mut text = serde_json::to_string_pretty(&Json { version: 1, packet }).unwrap_or_default();
    text.push('\n');
    text
}
