//! The pace report in words a People team reads: one sentence a lead, figures first; never a flag
//! without its figures, never a p-value without the number of leads it allows for. Markdown adds
//! a mermaid chart of each lead's rate against the funnel limits.

use std::fmt::Write as _;

use serde::Serialize;

use crate::pace::{Direction, LeadResult, Limit, PaceReport, funnel_point};

fn number(value: f64) -> String {
    if value >= 10.0 || value == value.round() {
        format!("{value:.0}")
    } else if value >= 1.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

fn p_value(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".into()
    } else {
        format!("p = {p:.3}")
    }
}

/// "Katie Lee (katie): 9 step increases in 41 report-months — 3.3 expected at the org's rate
/// of 0.08 per report-month (rate ratio 2.9, p = 0.004 after allowing for 38 leads). Faster
/// than the org, beyond the 99.8% limit."
pub fn sentence(report: &PaceReport, lead: &LeadResult, name: &str) -> String {
    let who = if name.is_empty() || name == lead.lead {
        lead.lead.clone()
    } else {
        format!("{name} ({})", lead.lead)
    };
    let mut text = format!(
        "{who}: {} {} in {} report-months",
        lead.observed,
        report.measure.noun(lead.observed),
        number(lead.report_months)
    );
    if !lead.tested {
        let _ = write!(
            text,
            " — not enough data to test ({} expected; a test needs 2 expected and 6 report-months).",
            number(lead.expected)
        );
        return text;
    }
    let _ = write!(
        text,
        " — {} expected at the org's rate of {} per report-month",
        number(lead.expected),
        number(report.org_rate)
    );
    if lead.flagged() {
        let ratio = lead.rate_ratio.map_or(
            "rate ratio not defined: the rest has none".to_string(),
            |ratio| format!("rate ratio {}", number(ratio)),
        );
        let p = lead.p_adjusted.or(lead.p).unwrap_or(1.0);
        let _ = write!(
            text,
            " ({ratio}, {} after allowing for {} leads). {} than the org",
            p_value(p),
            report.tested,
            match lead.direction {
                Direction::Faster => "Faster",
                Direction::Slower => "Slower",
            }
        );
        text.push_str(match lead.limit {
            Limit::Beyond998 => ", beyond the 99.8% limit.",
            Limit::Beyond95 => ", beyond the 95% limit.",
            Limit::Inside => ".",
        });
        if let (true, Some(z)) = (lead.may_be_ordinary_variation, lead.z_adjusted) {
            let _ = write!(
                text,
                " Leads differ more than chance alone here, so this may be ordinary variation between teams (adjusted z {}).",
                number(z.abs())
            );
        }
    } else {
        text.push_str(". Not enough evidence to call it different.");
    }
    text
}

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
    text
}

pub fn render_human(reports: &[PaceReport], name: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
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
