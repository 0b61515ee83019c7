//! The summary of a period, as a terminal table, Markdown with a mermaid chart of each area's
//! cumulative count, JSON, or CSV (a row per area and month).

use std::fmt::Write as _;

use crate::report::markdown::escape;
use crate::summary::{Area, Summary, Tally};

const HEADINGS: [&str; 6] = [
    "hires",
    "departures",
    "step-ups",
    "level-ups",
    "track moves",
    "team moves",
];

/// The terminal table's column widths, one per heading.
const WIDTHS: [usize; 6] = [6, 10, 8, 9, 11, 10];

fn area_name(area: &Area) -> &str {
    area.team.as_deref().unwrap_or("whole org")
}

/// The areas' rows, then the org's unless one area was asked for.
fn rows(summary: &Summary) -> impl Iterator<Item = &Area> {
    summary
        .areas
        .iter()
        .chain(std::iter::once(&summary.org).filter(|_| summary.team.is_none()))
}

fn period_words(summary: &Summary) -> String {
    format!(
        "{} to {} (a year before: {} to {})",
        summary.period.since,
        summary.period.until,
        summary.year_before.since,
        summary.year_before.until
    )
}

fn change(now: u32, before: u32) -> String {
    match now.cmp(&before) {
        std::cmp::Ordering::Equal => "same".into(),
        std::cmp::Ordering::Greater => format!("+{}", now - before),
        std::cmp::Ordering::Less => format!("-{}", before - now),
    }
}

/// Each kind with its count, as `hires 2, step-ups 5`; without `zeros`, only the kinds that
/// happened.
fn counts_words(tally: &Tally, zeros: bool) -> String {
    HEADINGS
        .iter()
        .zip(tally.values())
        .filter(|(_, count)| zeros || *count > 0)
        .map(|(heading, count)| format!("{heading} {count}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn leads_line(area: &Area) -> String {
    area.by_lead
        .iter()
        .map(|(lead, tally)| format!("{lead}: {}", counts_words(tally, false)))
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn render_human(summary: &Summary) -> String {
    let mut out = format!("changes {}\n\n", period_words(summary));
    let _ = write!(out, "{:<16}", "area");
    for (heading, width) in HEADINGS.iter().zip(WIDTHS) {
        let _ = write!(out, " {heading:>width$}");
    }
    let _ = writeln!(out, " {:>7} {:>11}", "total", "year before");
    for area in rows(summary) {
        let _ = write!(out, "{:<16}", area_name(area));
        for (count, width) in area.total.values().iter().zip(WIDTHS) {
            let _ = write!(out, " {count:>width$}");
        }
        let _ = writeln!(
            out,
            " {:>7} {:>11}",
            area.total.total(),
            format!(
                "{} ({})",
                area.year_before.total(),
                change(area.total.total(), area.year_before.total())
            ),
        );
    }
    if let Some(terms) = &summary.pay {
        let _ = writeln!(
            out,
            "\nyearly pay, change at today's bands ({}):",
            pay_terms(terms)
        );
        let _ = writeln!(
            out,
            "  {:<16} {:>16} {:>16}",
            "area", "this period", "a year before"
        );
        for area in rows(summary) {
            if let Some(pay) = &area.pay {
                let _ = writeln!(
                    out,
                    "  {:<16} {:>16} {:>16}",
                    area_name(area),
                    pay.total.change(),
                    pay.year_before.change()
                );
            }
        }
    }
    out.push_str("\nby month:\n");
    for (month, tally) in summary.months.iter().zip(&summary.org.months) {
        let _ = writeln!(out, "  {month}  {}", counts_words(tally, true));
    }
    out.push_str("\nby lead:\n");
    for area in &summary.areas {
        if !area.by_lead.is_empty() {
            let _ = writeln!(out, "  {}", area_name(area));
            for (lead, tally) in &area.by_lead {
                let _ = writeln!(out, "    {lead:<20} {}", counts_words(tally, false));
            }
        }
    }
    out.push_str(&flags_text(summary, false));
    out
}

/// "USD; 1 change without a band today left out".
fn pay_terms(terms: &crate::summary::PayTerms) -> String {
    if terms.unpriced == 0 {
        terms.currency.clone()
    } else {
        format!(
            "{}; {} without a band today left out",
            terms.currency,
            crate::finding::plural(terms.unpriced, "change")
        )
    }
}

fn flags_text(summary: &Summary, markdown: bool) -> String {
    let mut out = String::from(if markdown {
        "\n**Pace**\n\n"
    } else {
        "\npace:\n"
    });
    if summary.flags.is_empty() {
        out.push_str(if markdown {
            "No lead was flagged at the period's reviews.\n"
        } else {
            "  no lead was flagged at the period's reviews\n"
        });
    }
    for flag in &summary.flags {
        let ratio = flag.rate_ratio.map_or_else(String::new, |ratio| {
            format!(" ({ratio:.1}× the org's pace)")
        });
        let ratio = format!("{}{ratio}", lately(flag.recent_months));
        let line = format!(
            "at the {} review, {} granted {}s {}{ratio}",
            flag.review, flag.lead, flag.measure, flag.direction
        );
        if markdown {
            let _ = writeln!(out, "- {}", escape(&line));
        } else {
            let _ = writeln!(out, "  {line}");
        }
    }
    let areas = if summary.team.is_some() {
        "team"
    } else {
        "team or track"
    };
    if summary.area_flags.is_empty() {
        let line = format!("no {areas} was flagged against the others at the period's reviews");
        if markdown {
            let _ = writeln!(out, "{}.", capitalised(&line));
        } else {
            let _ = writeln!(out, "  {line}");
        }
    }
    for flag in &summary.area_flags {
        let ratio = flag.rate_ratio.map_or_else(String::new, |ratio| {
            format!(" ({ratio:.1}× the other {}' pace)", flag.by.many())
        });
        let ratio = format!("{}{ratio}", lately(flag.recent_months));
        let line = format!(
            "at the {} review, {} {} moved people up {}s {}{ratio}",
            flag.review,
            flag.by.one(),
            flag.id,
            flag.measure,
            flag.direction
        );
        if markdown {
            let _ = writeln!(out, "- {}", escape(&line));
        } else {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

pub fn render_markdown(summary: &Summary) -> String {
    let mut out = format!("### Changes {}\n\n", escape(&period_words(summary)));
    let _ = writeln!(
        out,
        "| area | {} | total | a year before |",
        HEADINGS.join(" | ")
    );
    out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for area in rows(summary) {
        let cells: Vec<String> = area.total.values().iter().map(u32::to_string).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} ({}) |",
            escape(area_name(area)),
            cells.join(" | "),
            area.total.total(),
            area.year_before.total(),
            change(area.total.total(), area.year_before.total())
        );
    }
    if let Some(terms) = &summary.pay {
        let _ = writeln!(
            out,
            "\n**Yearly pay**, change at today's bands ({})\n\n| area | this period | a year before |\n|---|---:|---:|",
            escape(&pay_terms(terms))
        );
        for area in rows(summary) {
            if let Some(pay) = &area.pay {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    escape(area_name(area)),
                    pay.total.change(),
                    pay.year_before.change()
                );
            }
        }
    }
    out.push_str("\n**By month**\n\n| month | ");
    out.push_str(&HEADINGS.join(" | "));
    out.push_str(" |\n|---|---:|---:|---:|---:|---:|---:|\n");
    for (month, tally) in summary.months.iter().zip(&summary.org.months) {
        let cells: Vec<String> = tally.values().iter().map(u32::to_string).collect();
        let _ = writeln!(out, "| {month} | {} |", cells.join(" | "));
    }
    out.push_str(&chart(summary));
    out.push_str("\n**By lead**\n\n");
    for area in &summary.areas {
        if !area.by_lead.is_empty() {
            let _ = writeln!(
                out,
                "- {}: {}",
                escape(area_name(area)),
                escape(&leads_line(area))
            );
        }
    }
    out.push_str(&flags_text(summary, true));
    out
}

/// Each area's changes added up month by month, one line per area, in a mermaid chart.
fn chart(summary: &Summary) -> String {
    if summary.areas.is_empty() || summary.months.is_empty() {
        return String::new();
    }
    let months: Vec<String> = summary
        .months
        .iter()
        .map(|month| format!("\"{month}\""))
        .collect();
    let cumulative = |area: &Area| -> Vec<u32> {
        area.months
            .iter()
            .scan(0, |sum, tally: &Tally| {
                *sum += tally.total();
                Some(*sum)
            })
            .collect()
    };
    let top = summary
        .areas
        .iter()
        .map(|area| area.total.total())
        .max()
        .unwrap_or(0)
        .max(1);
    let names: Vec<&str> = summary.areas.iter().map(area_name).collect();
    let mut out = format!(
        "\n**Cumulative changes per area** (lines in order: {})\n\n```mermaid\nxychart-beta\n  title \"Changes so far, per area\"\n  x-axis [{}]\n  y-axis \"changes\" 0 --> {top}\n",
        escape(&names.join(", ")),
        months.join(", ")
    );
    for area in &summary.areas {
        let values: Vec<String> = cumulative(area).iter().map(u32::to_string).collect();
        let _ = writeln!(out, "  line [{}]", values.join(", "));
    }
    out.push_str("```\n");
    out
}

pub fn render_json(summary: &Summary) -> String {
    #[derive(serde::Serialize)]
    struct Report<'a> {
        version: u32,
        #[serde(flatten)]
        summary: &'a Summary,
    }
    let mut text = serde_json::to_string_pretty(&Report {
        version: 1,
        summary,
    })
    .unwrap_or_default();
    text.push('\n');
    text
}

/// A row per area and month, then the org's rows as area `*`.
pub fn render_csv(summary: &Summary) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["area", "month"];
    header.extend(Tally::COLUMNS);
    if summary.pay.is_some() {
        header.push("yearly_pay_change");
    }
    writer.write_record(&header)?;
    for area in rows(summary) {
        for (at, (month, tally)) in summary.months.iter().zip(&area.months).enumerate() {
            let mut row = vec![
                area.team.clone().unwrap_or_else(|| "*".into()),
                month.clone(),
            ];
            row.extend(tally.values().iter().map(u32::to_string));
            if summary.pay.is_some() {
                let pay = area.pay.as_ref().and_then(|pay| pay.months.get(at));
                row.push(pay.map_or_else(String::new, |money| money.decimal()));
            }
            writer.write_record(&row)?;
        }
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| csv::Error::from(error.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// " in the last 6 months", for a flag about the recent window.
fn lately(months: Option<u32>) -> String {
    months.map_or_else(String::new, |months| {
        format!(" in the last {months} months")
    })
}
