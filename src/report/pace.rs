//! The pace report in words a People team reads: the standing review's verdict, one sentence a
//! lead and measure with figures first; the figures now; the live alarm. Markdown adds a mermaid
//! funnel of each measure with the review's flag line on it.

use std::fmt::Write as _;

use serde::Serialize;

use crate::pace::words::{allowing_for, summary};
use crate::pace::{LeadResult, MeasureSummary, PaceReport, Standing, number};

pub use crate::pace::sentence;

/// The heading of a review's verdict.
pub fn review_heading(report: &PaceReport) -> String {
    review_heading_from(report, None)
}

/// A window's first day as shown: never before the history's own first day.
fn start_of(window: &crate::pace::Window, history_from: Option<jiff::civil::Date>) -> String {
    match history_from {
        Some(first) if first > window.start => format!("{first} (the history's first day)"),
        _ => window.start.to_string(),
    }
}

fn review_heading_from(report: &PaceReport, history_from: Option<jiff::civil::Date>) -> String {
    let start = start_of(&report.window, history_from);
    let label = report
        .review
        .as_ref()
        .map_or_else(|| report.date.to_string(), |review| review.label.clone());
    if report.family == 0 {
        return format!(
            "Pace at the {label} review ({}), over {start} to {}: no {} had enough data to test.",
            report.date,
            report.window.last_day(),
            report.by.one(),
        );
    }
    format!(
        "Pace at the {label} review ({}), over {start} to {}: a flag allows for {} (false discovery rate {} a year, {} a review).",
        report.date,
        report.window.last_day(),
        allowing_for(report),
        report.q,
        report.q_review,
    )
}

fn now_heading(report: &PaceReport, history_from: Option<jiff::civil::Date>) -> String {
    format!(
        "Now ({}), over {} to {}: figures only; flags are decided at reviews.",
        report.date,
        start_of(&report.window, history_from),
        report.window.last_day()
    )
}

/// The one sentence for a history where no lead could be tested: too short, or long enough but
/// with too few moves in the whole org for any lead to expect two.
fn too_young(standing: &Standing) -> String {
    let now = &standing.now;
    let unit = now.unit();
    let needs = format!(
        "a {} is tested once their people add up to {} eligible {unit} and 2 expected moves within the window",
        now.by.one(),
        if now.cycles { "6 months of" } else { "6" },
    );
    match standing.history_from {
        Some(first) if first > now.window.start => format!(
            "Too little history to test pace yet: it begins on {first}, and {needs}. Run it again as the history grows, or bring past promotions in with `ladder import --history`."
        ),
        Some(_) => {
            let moves: u32 = now.measures.iter().map(|measure| measure.moves).sum();
            let exposure = now
                .measures
                .iter()
                .map(|measure| measure.exposure)
                .fold(0.0, f64::max);
            format!(
                "Too few moves to test pace yet: from {} to {} the whole org made {} in {} eligible {unit}, and {needs}.",
                now.window.start,
                now.window.last_day(),
                if moves == 1 {
                    "1 move up".to_string()
                } else {
                    format!("{moves} moves up")
                },
                number(exposure),
            )
        }
        None => format!(
            "No history to test pace on yet: {needs}. Commit placements and their changes, or bring past promotions in with `ladder import --history`."
        ),
    }
}

/// What shapes the test on a history too young for it: the framework's steps, and the tracks
/// that have none. No window, no counts, no verdict.
fn young_notes(standing: &Standing) -> Vec<String> {
    let now = &standing.now;
    if no_steps(now) {
        return vec![NO_STEPS.to_string()];
    }
    now.measures
        .iter()
        .filter(|measure| !measure.without_steps.is_empty())
        .map(|measure| {
            format!(
                "Only tracks with steps count for step-ups; left out: {}.",
                measure.without_steps.join(", ")
            )
        })
        .collect()
}

fn alarm_heading(standing: &Standing) -> String {
    let alarm = &standing.alarm;
    format!(
        "Live alarm since the review of {} (thresholds {} toward faster, {} toward slower, for {} watched):",
        alarm.since,
        number(alarm.thresholds.faster),
        number(alarm.thresholds.slower),
        crate::finding::plural(alarm.leads_watched, alarm.by.one())
    )
}

fn alarm_lines(standing: &Standing, name: &dyn Fn(&str) -> String) -> Vec<String> {
    standing
        .alarm
        .leads
        .iter()
        .filter(|lead| lead.raised().is_some())
        .map(|lead| {
            let who = name(&lead.lead);
            let who = if who.is_empty() || who == *lead.lead {
                lead.lead.to_string()
            } else {
                format!("{who} ({})", lead.lead)
            };
            format!(
                "{who}: {}",
                crate::pace::words::alarm(&standing.alarm, Some(lead))
            )
        })
        .collect()
}

/// One line a lead: moves against expected per measure.
fn now_line(report: &PaceReport, lead: &str, name: &dyn Fn(&str) -> String) -> String {
    let who = name(lead);
    let who = if who.is_empty() || who == lead {
        lead.to_string()
    } else {
        format!("{who} ({lead})")
    };
    let figures: Vec<String> = report
        .of_lead(lead)
        .filter(|result| result.moves > 0 || result.expected > 0.0)
        .map(|result| {
            let ratio = result
                .rate_ratio
                .filter(|_| result.tested)
                .map_or_else(String::new, |ratio| format!(", ratio {}", number(ratio)));
            format!(
                "{} {} of {} expected{ratio}",
                result.measure.title().to_lowercase(),
                result.moves,
                number(result.expected)
            )
        })
        .collect();
    if figures.is_empty() {
        return format!("{who}: no moves, none expected yet");
    }
    format!("{who}: {}", figures.join("; "))
}

fn leads_of(report: &PaceReport) -> Vec<&str> {
    let mut leads: Vec<&str> = Vec::new();
    for lead in &report.leads {
        if !leads.contains(&&*lead.lead) {
            leads.push(&lead.lead);
        }
    }
    leads
}

const NO_STEPS: &str = "This framework has no steps, so only level-up moves are tested.";

fn no_steps(report: &PaceReport) -> bool {
    report
        .measures
        .iter()
        .all(|summary| summary.measure != crate::pace::Measure::Steps)
}

pub fn render_human(standing: &Standing, name: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    if standing.too_young() {
        let _ = writeln!(out, "{}", too_young(standing));
        for line in young_notes(standing) {
            let _ = writeln!(out, "{line}");
        }
        return out;
    }
    let review = &standing.review;
    let _ = writeln!(
        out,
        "{}\n",
        review_heading_from(review, standing.history_from)
    );
    if no_steps(review) {
        let _ = writeln!(out, "{NO_STEPS}\n");
    }
    for measure in &review.measures {
        let _ = writeln!(out, "{}", summary(review, measure));
        for lead in review
            .leads
            .iter()
            .filter(|l| l.measure == measure.measure && measure.moves > 0)
        {
            let mark = if lead.flagged() { "!" } else { " " };
            let _ = writeln!(out, "{mark} {}", sentence(review, lead, &name(&lead.lead)));
        }
        out.push('\n');
    }
    let now = &standing.now;
    let _ = writeln!(out, "{}", now_heading(now, standing.history_from));
    for measure in &now.measures {
        let _ = writeln!(out, "{}", summary(now, measure));
    }
    for lead in leads_of(now) {
        let _ = writeln!(out, "  {}", now_line(now, lead, name));
    }
    out.push('\n');
    let _ = writeln!(out, "{}", alarm_heading(standing));
    let lines = alarm_lines(standing, name);
    if lines.is_empty() {
        let _ = writeln!(
            out,
            "  no {} has crossed a threshold.",
            standing.alarm.by.one()
        );
    }
    for line in lines {
        let _ = writeln!(out, "! {line}");
    }
    out
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn label(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ' | '(' | ')'))
        .collect()
}

/// A mermaid chart of one measure: leads along the x axis by exposure, their rate as bars, the
/// reference rate, the 95% and 99.8% limits and the flag line of the null used, at each lead's
/// exposure.
pub fn chart(report: &PaceReport, summary: &MeasureSummary) -> String {
    let mut leads: Vec<&LeadResult> = report
        .leads
        .iter()
        .filter(|lead| lead.tested && lead.measure == summary.measure)
        .collect();
    leads.sort_by(|a, b| a.exposure.total_cmp(&b.exposure));
    if leads.is_empty() {
        return String::new();
    }
    let tau2 = summary.spread * summary.spread;
    let points: Vec<_> = leads
        .iter()
        .map(|lead| {
            crate::pace::funnel_point(
                summary.reference_rate,
                lead.exposure,
                tau2,
                report.flag_line,
            )
        })
        .collect();
    let series = |values: Vec<f64>| {
        values
            .iter()
            .map(|value| format!("{value:.4}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let names = leads
        .iter()
        .map(|lead| {
            // A flag on the recent window is not one this chart of the whole window shows.
            let mark = match lead.flagged_in {
                Some(crate::pace::Period::Recent) => " ! recent",
                Some(_) => " !",
                None => "",
            };
            format!(
                "\"{} ({}){mark}\"",
                label(&lead.lead),
                number(lead.exposure)
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut out = String::from("```mermaid\nxychart-beta\n");
    let _ = writeln!(
        out,
        "    title \"{} per {} against exposure\"",
        capitalised(summary.measure.noun(2)),
        report.unit_one()
    );
    let _ = writeln!(
        out,
        "    x-axis \"{}, by {}\" [{names}]",
        report.by.many(),
        report.unit()
    );
    let _ = writeln!(
        out,
        "    y-axis \"moves per {}\"",
        &report.unit()[..report.unit().len() - 1]
    );
    let _ = writeln!(
        out,
        "    bar [{}]",
        series(
            leads
                .iter()
                .map(|lead| f64::from(lead.moves) / lead.exposure)
                .collect()
        )
    );
    let _ = writeln!(
        out,
        "    line [{}]",
        series(vec![summary.reference_rate; leads.len()])
    );
    for pick in [
        |p: &crate::pace::FunnelPoint| p.low_95,
        |p: &crate::pace::FunnelPoint| p.high_95,
        |p: &crate::pace::FunnelPoint| p.low_998,
        |p: &crate::pace::FunnelPoint| p.high_998,
        |p: &crate::pace::FunnelPoint| p.flag_low,
        |p: &crate::pace::FunnelPoint| p.flag_high,
    ] {
        let _ = writeln!(
            out,
            "    line [{}]",
            series(points.iter().map(pick).collect())
        );
    }
    out.push_str("```\n");
    let (one, many) = (report.by.one(), report.by.many());
    let recent = if leads
        .iter()
        .any(|lead| lead.flagged_in == Some(crate::pace::Period::Recent))
    {
        format!(
            "; ! recent: flagged on the last {} months, which this chart of the whole window does not show",
            crate::pace::RECENT_MONTHS
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "Bars: each tested {one}'s rate (! flagged{recent}). Lines: the reference rate; the 95% limits (low, high); the 99.8% limits (low, high); the flag line (low, high), beyond which a {one} is flagged at this review. The limits allow for the spread between {many}."
    );
    out
}

pub fn render_markdown(standing: &Standing, name: &dyn Fn(&str) -> String) -> String {
    use crate::report::markdown::escape;
    let mut out = format!("### Pace across {}\n\n", standing.review.by.many());
    if standing.too_young() {
        let _ = writeln!(out, "{}", escape(&too_young(standing)));
        for line in young_notes(standing) {
            let _ = writeln!(out, "{}", escape(&line));
        }
        return out;
    }
    let review = &standing.review;
    let _ = writeln!(
        out,
        "{}\n",
        escape(&review_heading_from(review, standing.history_from))
    );
    if no_steps(review) {
        let _ = writeln!(out, "{NO_STEPS}\n");
    }
    for measure in &review.measures {
        let _ = writeln!(out, "{}\n", escape(&summary(review, measure)));
        for lead in review
            .leads
            .iter()
            .filter(|l| l.measure == measure.measure && measure.moves > 0)
        {
            let sentence = escape(&sentence(review, lead, &name(&lead.lead)));
            if lead.flagged() {
                let _ = writeln!(out, "- **{sentence}**");
            } else {
                let _ = writeln!(out, "- {sentence}");
            }
        }
        out.push('\n');
        out.push_str(&chart(review, measure));
        out.push('\n');
    }
    let now = &standing.now;
    let _ = writeln!(
        out,
        "#### {}\n",
        escape(&now_heading(now, standing.history_from))
    );
    for measure in &now.measures {
        let _ = writeln!(out, "{}\n", escape(&summary(now, measure)));
    }
    for lead in leads_of(now) {
        let _ = writeln!(out, "- {}", escape(&now_line(now, lead, name)));
    }
    out.push('\n');
    let _ = writeln!(out, "#### {}\n", escape(&alarm_heading(standing)));
    let lines = alarm_lines(standing, name);
    if lines.is_empty() {
        let _ = writeln!(
            out,
            "No {} has crossed a threshold.",
            standing.alarm.by.one()
        );
    }
    for line in lines {
        let _ = writeln!(out, "- **{}**", escape(&line));
    }
    out
}

/// What `ladder pace --format json` prints.
#[derive(Serialize, schemars::JsonSchema)]
pub struct PaceJson<'a> {
    version: u32,
    #[serde(flatten)]
    standing: &'a Standing,
}

pub fn render_json(standing: &Standing) -> String {
    let mut text = serde_json::to_string_pretty(&PaceJson {
        version: 2,
        standing,
    })
    .unwrap_or_default();
    text.push('\n');
    text
}
