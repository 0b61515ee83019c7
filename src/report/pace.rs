//! The pace report in words a People team reads: one sentence a lead, figures first; never a flag
//! without its figures, never a p-value without the number of leads it allows for. Markdown adds
//! a mermaid chart of each lead's rate against the funnel limits.

use std::fmt::Write as _;

use serde::Serialize;

pub use crate::pace::sentence;
use crate::pace::{LeadResult, PaceReport, funnel_point, number, p_value};

/// The summary line: window, org rate, how many leads were tested and flagged.
pub fn summary(report: &PaceReport) -> String {
    let flagged = report.flagged().count();
    let mut text = format!(
        "{} from {} to {}: {} {} in {} report-months, {} per report-month; {} leads tested, {} flagged (false discovery rate {}).",
        match report.measure {
            crate::pace::Measure::Steps => "Steps",
            crate::pace::Measure::Levels => "Levels",
        },
        report.window.start,
        report.window.end.yesterday().unwrap_or(report.window.end),
        report.observed,
        report.measure.noun(report.observed),
        number(report.report_months),
        number(report.org_rate),
        report.tested,
        flagged,
        report.q
    );
    if let Some(over) = &report.overdispersion {
        let _ = write!(
            text,
            " Leads differ more than chance explains (φ = {}, {}), so flags are checked against that spread.",
            number(over.phi),
            p_value(over.p)
        );
    }
    if !report.without_steps.is_empty() {
        let _ = write!(
            text,
            " Only tracks with steps count here; left out: {}.",
            report.without_steps.join(", ")
        );
    }
    text
}

/// Said instead of a step test when the framework has no steps, rather than a row of zeros.
const NO_STEPS: &str = "Steps: this framework has no steps, so only level increases are tested.";

fn has_steps(reports: &[PaceReport]) -> bool {
    reports
        .iter()
        .any(|report| report.measure == crate::pace::Measure::Steps)
}

pub fn render_human(reports: &[PaceReport], name: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    if !has_steps(reports) {
        let _ = writeln!(out, "{NO_STEPS}\n");
    }
    for report in reports {
        let _ = writeln!(out, "{}\n", summary(report));
        for lead in &report.leads {
            let mark = if lead.flagged() { "!" } else { " " };
            let _ = writeln!(out, "{mark} {}", sentence(report, lead, &name(&lead.lead)));
        }
        out.push('\n');
    }
    out
}

fn label(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ' | '(' | ')'))
        .collect()
}

/// A mermaid chart: leads along the x axis by exposure, their rate as bars, the org rate and
/// the funnel limits at each lead's exposure as lines.
pub fn chart(report: &PaceReport) -> String {
    let mut leads: Vec<&LeadResult> = report.leads.iter().filter(|lead| lead.tested).collect();
    leads.sort_by(|a, b| a.report_months.total_cmp(&b.report_months));
    if leads.is_empty() {
        return String::new();
    }
    let points: Vec<_> = leads
        .iter()
        .map(|lead| funnel_point(report.org_rate, lead.report_months))
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
            let mark = if lead.flagged() { " !" } else { "" };
            format!(
                "\"{} ({}){mark}\"",
                label(&lead.lead),
                number(lead.report_months)
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut out = String::from("```mermaid\nxychart-beta\n");
    let _ = writeln!(
        out,
        "    title \"{} per report-month against exposure, with 95% and 99.8% limits\"",
        match report.measure {
            crate::pace::Measure::Steps => "Step increases",
            crate::pace::Measure::Levels => "Level increases",
        }
    );
    let _ = writeln!(out, "    x-axis \"leads, by report-months\" [{names}]");
    let _ = writeln!(out, "    y-axis \"per report-month\"");
    let _ = writeln!(
        out,
        "    bar [{}]",
        series(leads.iter().map(|lead| lead.rate).collect())
    );
    let _ = writeln!(
        out,
        "    line [{}]",
        series(vec![report.org_rate; leads.len()])
    );
    for pick in [
        |p: &crate::pace::FunnelPoint| p.low_95,
        |p: &crate::pace::FunnelPoint| p.high_95,
        |p: &crate::pace::FunnelPoint| p.low_998,
        |p: &crate::pace::FunnelPoint| p.high_998,
    ] {
        let _ = writeln!(
            out,
            "    line [{}]",
            series(points.iter().map(pick).collect())
        );
    }
    out.push_str("```\n");
    out.push_str("Bars: each tested lead's rate (! flagged). Lines: the org's rate, then the 95% limits (low, high), then the 99.8% limits (low, high), at each lead's exposure.\n");
    out
}

pub fn render_markdown(reports: &[PaceReport], name: &dyn Fn(&str) -> String) -> String {
    let mut out = String::from("### Pace across leads\n\n");
    if !has_steps(reports) {
        let _ = writeln!(out, "{NO_STEPS}\n");
    }
    for report in reports {
        let _ = writeln!(
            out,
            "{}\n",
            crate::report::markdown::escape(&summary(report))
        );
        for lead in &report.leads {
            let sentence =
                crate::report::markdown::escape(&sentence(report, lead, &name(&lead.lead)));
            if lead.flagged() {
                let _ = writeln!(out, "- **{sentence}**");
            } else {
                let _ = writeln!(out, "- {sentence}");
            }
        }
        out.push('\n');
        out.push_str(&chart(report));
        out.push('\n');
    }
    out
}

#[derive(Serialize)]
struct PaceJson<'a> {
    version: u32,
    reports: &'a [PaceReport],
}

pub fn render_json(reports: &[PaceReport]) -> String {
    let mut text = serde_json::to_string_pretty(&PaceJson {
        version: 1,
        reports,
    })
    .unwrap_or_default();
    text.push('\n');
    text
}
