//! What `ladder show` prints: where one teammate stands, and their trail.

use serde::Serialize;

use crate::framework::Typical;
use crate::history::{Event, Pace, Standing};
use crate::report::log::write_log_human;

/// Time held, in whole months completed: the one reading of "how long" that `show` and the
/// calibration packet share, so the same dates never read as 4 months in one and 5 in the other.
pub fn months(months: f64) -> String {
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
    let role = match p.roles.0.len() {
        0 => String::new(),
        1 => format!(", role {}", p.roles.words()),
        _ => format!(", roles {}", p.roles.words()),
    };
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
    if let Some(years) = standing.years {
        out.push_str(&format!("  years of experience at {level}: {years}\n"));
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
