//! The pace sentences, beside the test they describe: figures first, one sentence a lead and
//! measure, never a p-value or a flag without what it allows for.

use std::fmt::Write as _;

use super::alarm::{Alarm, LeadAlarm};
use super::review::{LeadResult, MeasureSummary, PaceReport, Period};
use super::{Direction, Unit};

/// A figure as the sentences write it: whole from 10 up, else one or two decimals.
pub fn number(value: f64) -> String {
    // Sums of exposures can land a hair below zero; "-0" means nothing to a reader.
    let value = if value.abs() < 1e-9 { 0.0 } else { value };
    if value > 0.0 && value < 0.01 {
        return format!("{value:.3}");
    }
    if value >= 9_999.5 {
        count(value.round() as u64)
    } else if value >= 10.0 || value == value.round() {
        format!("{value:.0}")
    } else if value >= 1.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

/// A count as prose writes it: from 10,000 up, its thousands set apart by commas.
pub fn count(value: impl Into<u64>) -> String {
    let digits = value.into().to_string();
    if digits.len() < 5 {
        return digits;
    }
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

pub fn p_value(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".into()
    } else {
        format!("p = {p:.3}")
    }
}

fn percent(cv: f64) -> String {
    format!("±{:.0}%", cv * 100.0)
}

/// The spread, with why it is the tolerance where too few leads were tested to estimate it:
/// for a measure's summary, where there is room to say so.
fn spread_said(summary: &MeasureSummary, by: Unit) -> String {
    let mut text = spread(summary, summary.tested, by);
    if !summary.spread_estimated && summary.tested > 0 {
        let _ = write!(
            text,
            ", the tolerance, since {} {} {} too few to estimate it from ({} are needed)",
            summary.tested,
            by.count(summary.tested),
            if summary.tested == 1 { "is" } else { "are" },
            super::ESTIMATE_SPREAD_FROM
        );
    }
    text
}

/// The spread the null allows, as a reader takes it.
pub fn spread(summary: &MeasureSummary, leads: usize, by: Unit) -> String {
    let many = by.many();
    let Some(estimate) = summary.spread_estimate.filter(|_| summary.spread_estimated) else {
        return if summary.spread > 0.0 {
            format!(
                "{many} normally differ by about {}",
                percent(summary.spread)
            )
        } else {
            format!("{many} are taken not to differ beyond chance")
        };
    };
    let over = if summary.spread_windows > 1 {
        format!(" over {} windows of the history", summary.spread_windows)
    } else {
        String::new()
    };
    let interval = summary
        .spread_interval
        .map(|[low, high]| format!(", 95% interval {:.0}–{:.0}%", low * 100.0, high * 100.0))
        .unwrap_or_default();
    let source = format!("estimated from {leads} {many}{over}{interval}");
    if summary.spread > estimate + 1e-12 {
        // The floor: too narrow a null flags ordinary variation.
        let found = if estimate > 0.0 {
            format!("about {}", percent(estimate))
        } else {
            "no more than chance explains".to_string()
        };
        let floor = if summary
            .spread_at_most
            .is_some_and(|at_most| (at_most - summary.spread_floor).abs() < 1e-12)
        {
            format!(
                "the most the history allows, at {:.0}% confidence",
                super::variation::AT_MOST_CONFIDENCE * 100.0
            )
        } else {
            "the policy's tolerance".to_string()
        };
        format!(
            "{many} are taken to differ by about {}, {floor} (they differ by {found}: {source})",
            percent(summary.spread)
        )
    } else if summary.spread > 0.0 {
        format!(
            "{many} here normally differ by about {} ({source})",
            percent(summary.spread)
        )
    } else {
        format!("{many} here differ no more than chance explains ({source})")
    }
}

/// What a flag allows for: the family and the reviews a year.
pub fn allowing_for(report: &PaceReport) -> String {
    let measures = report.measures.iter().filter(|m| m.tested > 0).count();
    let leads = report.leads_tested;
    let family = if measures > 1 {
        format!(
            "{} {} × {measures} measures",
            count(leads as u64),
            report.by.many()
        )
    } else {
        format!("{} {}", count(leads as u64), report.by.count(leads))
    };
    // The recent window doubles the family only where it tested someone.
    let windows = match report.recent {
        Some(recent)
            if report
                .leads
                .iter()
                .any(|lead| lead.recent.as_ref().is_some_and(|recent| recent.tested)) =>
        {
            let whole = report
                .window
                .months_of(report.window.start, report.window.end)
                .round();
            let last = recent.months_of(recent.start, recent.end).round();
            format!(
                ", each over {} months and the last {},",
                number(whole),
                number(last)
            )
        }
        _ => String::new(),
    };
    format!(
        "{family}{windows} and {} {} a year",
        report.reviews_per_year,
        if report.reviews_per_year == 1 {
            "review"
        } else {
            "reviews"
        }
    )
}

/// The summary line of one measure.
pub fn summary(report: &PaceReport, summary: &MeasureSummary) -> String {
    if summary.moves == 0 {
        return format!(
            "{}: no {} in {} eligible {}, so nobody is tested on them.",
            summary.measure.title(),
            summary.measure.noun(0),
            number(summary.exposure),
            report.unit(),
        );
    }
    let verdict = if report.review.is_some() {
        format!(
            "{} {} tested, {} flagged",
            count(summary.tested as u64),
            report.by.count(summary.tested),
            summary.flagged
        )
    } else {
        format!(
            "{} {} with enough data to test",
            summary.tested,
            report.by.count(summary.tested)
        )
    };
    let mut text = format!(
        "{}: {} {} in {} eligible {}, {} per {}; reference rate {}; {verdict}; {}.",
        summary.measure.title(),
        count(summary.moves),
        summary.measure.noun(summary.moves),
        number(summary.exposure),
        report.unit(),
        number(summary.org_rate),
        report.unit_one(),
        number(summary.reference_rate),
        spread_said(summary, report.by),
    );
    if summary.jumps > 0 {
        let _ = write!(
            text,
            " {} of the moves skipped a {} (each counts once).",
            summary.jumps,
            summary.measure.unit()
        );
    }
    if summary.decreases > 0 {
        let _ = write!(
            text,
            " {} {} down, reported apart.",
            summary.decreases,
            if summary.decreases == 1 {
                "move"
            } else {
                "moves"
            }
        );
    }
    if !summary.without_steps.is_empty() {
        let _ = write!(
            text,
            " Only tracks with steps count here; left out: {}.",
            summary.without_steps.join(", ")
        );
    }
    text
}

fn who(lead: &LeadResult, name: &str) -> String {
    if name.is_empty() || name == &*lead.lead {
        lead.lead.to_string()
    } else {
        format!("{name} ({})", lead.lead)
    }
}

/// What a flagged lead's figures mean, in a manager's words: "Katie Lee (katie) moved people
/// up a step about 2.7 times as often as other leads, more than chance explains."
pub fn headline(lead: &LeadResult, name: &str, by: Unit) -> String {
    let others = by.many();
    let (ratio, lately) = match (&lead.recent, lead.flagged_in) {
        (Some(recent), Some(Period::Recent)) => (
            recent.rate_ratio,
            format!(" in the last {} months", recent.months),
        ),
        _ => (lead.rate_ratio, String::new()),
    };
    let how_often = match ratio {
        Some(ratio) if ratio >= 1.05 => {
            format!("about {} times as often as other {others}", number(ratio))
        }
        Some(ratio) if ratio >= 0.95 => format!("about as often as other {others}"),
        Some(ratio) if ratio >= 0.01 => format!(
            "only about {}% as often as other {others}",
            (ratio * 100.0).round()
        ),
        Some(_) => format!("hardly ever, where other {others} did"),
        None => format!("at a pace unlike other {others}'"),
    };
    format!(
        "{} moved people up a {} {how_often}{lately}, more than chance explains.",
        who(lead, name),
        lead.measure.unit()
    )
}

/// "Katie Lee (katie): 9 step-up moves in 41 eligible report-months, 3.3 expected at the
/// reference rate (rate ratio 2.7, 95% interval 1.3–5.2): 5.7 more than expected. Flagged at
/// the 2026-Q3 review, after allowing for 38 leads × 2 measures and 4 reviews a year; leads
/// normally differ by about ±15%."
pub fn sentence(report: &PaceReport, lead: &LeadResult, name: &str) -> String {
    let mut text = figures(report, lead, name);
    if let Some(lately) = recent_figures(report, lead) {
        text.push(' ');
        text.push_str(&lately);
    }
    if lead.tested
        && let Some(verdict) = verdict(report, lead)
    {
        text.push(' ');
        text.push_str(&verdict);
    }
    text
}

/// The figures of one lead and measure, without a verdict.
pub fn figures(report: &PaceReport, lead: &LeadResult, name: &str) -> String {
    let mut text = format!(
        "{}: {} {} in {} eligible {}",
        who(lead, name),
        lead.moves,
        lead.measure.noun(lead.moves),
        number(lead.exposure),
        report.unit()
    );
    if !lead.tested {
        let _ = write!(
            text,
            ", {} expected — not enough data to test (a test needs 2 expected and {} {}).",
            number(lead.expected),
            if report.cycles { "6 months of" } else { "6" },
            report.unit()
        );
        return text;
    }
    let _ = write!(
        text,
        ", {} expected at the reference rate",
        number(lead.expected)
    );
    match (lead.rate_ratio, lead.interval) {
        (Some(ratio), Some((low, high))) => {
            let high = high.map_or_else(|| "no upper bound".to_string(), number);
            let _ = write!(
                text,
                " (rate ratio {}, 95% interval {}–{high})",
                number(ratio),
                number(low)
            );
        }
        (Some(ratio), None) => {
            let _ = write!(text, " (rate ratio {})", number(ratio));
        }
        _ => {}
    }
    against_expected(&mut text, lead.moves, lead.expected);
    text.push('.');
    if lead.jumps > 0 {
        let _ = write!(
            text,
            " {} of the moves skipped a {}.",
            lead.jumps,
            lead.measure.unit()
        );
    }
    text
}

/// The figures of the recent window, for a lead flagged on them: "In the last 6 months: 6
/// step-up moves in 18 eligible report-months, 2.1 expected (rate ratio 2.9): 3.9 more than
/// expected."
pub fn recent_figures(report: &PaceReport, lead: &LeadResult) -> Option<String> {
    let recent = lead.recent.as_ref()?;
    if lead.flagged_in != Some(Period::Recent) {
        return None;
    }
    let mut text = format!(
        "In the last {} months: {} {} in {} eligible {}, {} expected",
        recent.months,
        recent.moves,
        lead.measure.noun(recent.moves),
        number(recent.exposure),
        report.unit(),
        number(recent.expected)
    );
    if let Some(ratio) = recent.rate_ratio {
        let _ = write!(text, " (rate ratio {})", number(ratio));
    }
    against_expected(&mut text, recent.moves, recent.expected);
    text.push('.');
    Some(text)
}

/// ": 3.9 more than expected", unless the moves are as expected.
fn against_expected(text: &mut String, moves: u32, expected: f64) {
    let difference = f64::from(moves) - expected;
    if difference.abs() >= 0.05 {
        let _ = write!(
            text,
            ": {} {} than expected",
            number(difference.abs()),
            if difference > 0.0 { "more" } else { "fewer" }
        );
    }
}

/// What a review decided about one lead and measure; `None` for figures that are not a
/// review's.
pub fn verdict(report: &PaceReport, lead: &LeadResult) -> Option<String> {
    let review = report.review.as_ref()?;
    if !lead.tested {
        return Some(format!(
            "Not tested at the {} review: not enough data.",
            review.label
        ));
    }
    let mut text = String::new();
    let spread = report
        .measure(lead.measure)
        .map(|summary| spread(summary, summary.tested, report.by))
        .unwrap_or_default();
    if let Some(direction) = lead.flag {
        let lately = match (&lead.recent, lead.flagged_in) {
            (Some(recent), Some(Period::Recent)) => {
                format!(" in the last {} months", recent.months)
            }
            _ => String::new(),
        };
        let _ = write!(
            text,
            "Flagged at the {} review: {} than the org{lately}, after allowing for {}; {spread}.",
            review.label,
            direction.word(),
            allowing_for(report),
        );
        if lead.fragile {
            let _ = write!(
                text,
                " One move {} would clear it.",
                match direction {
                    Direction::Faster => "fewer",
                    Direction::Slower => "more",
                }
            );
        }
    } else {
        let _ = write!(text, "Not flagged at the {} review.", review.label);
        if let Some(detectable) = lead.detectable {
            let faster = detectable.faster.filter(|ratio| *ratio >= 2.0);
            let slower_hidden = detectable.slower.is_none();
            if faster.is_some() || slower_hidden {
                let among = format!(
                    "among {} {}",
                    report.leads_tested,
                    report.by.count(report.leads_tested)
                );
                let faster = faster.map_or_else(
                    || "a faster one could show".to_string(),
                    |ratio| format!("a faster one only at about {}×", number(ratio)),
                );
                if slower_hidden {
                    let _ = write!(
                        text,
                        " With this little data a slower pace cannot be told apart from the org's, and {faster} ({among})."
                    );
                } else {
                    let _ = write!(text, " With this little data {faster} ({among}).");
                }
            }
        }
    }
    Some(text)
}

/// The live alarm for one lead, in words.
pub fn alarm(alarm: &Alarm, lead: Option<&LeadAlarm>) -> String {
    let thresholds = alarm.thresholds;
    match lead {
        Some(lead) if lead.raised().is_some() => {
            let raised = lead.raised().map_or_else(String::new, |raised| {
                format!(
                    "raised on {}: moves up are falling to this {} {} than their share of eligible reports",
                    raised.date,
                    alarm.by.one(),
                    match raised.direction {
                        Direction::Faster => "more often",
                        Direction::Slower => "less often",
                    }
                )
            });
            format!("Live alarm {raised} (since the review of {}).", alarm.since)
        }
        Some(lead) => format!(
            "Live alarm quiet: at {} of the {} that raises it toward faster, {} of {} toward slower.",
            number(lead.faster),
            number(thresholds.faster),
            number(lead.slower),
            number(thresholds.slower)
        ),
        None => "Live alarm quiet.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::{count, number};

    #[test]
    fn large_figures_set_their_thousands_apart() {
        assert_eq!(number(1_022_947.4), "1,022,947");
        assert_eq!(number(145_374.0), "145,374");
        assert_eq!(number(9_999.4), "9999");
        assert_eq!(number(9_999.6), "10,000");
        assert_eq!(count(13_283_u32), "13,283");
        assert_eq!(count(1_250_u32), "1250");
        assert_eq!(count(100_000_000_u64), "100,000,000");
    }

    #[test]
    fn a_sum_a_hair_below_zero_reads_as_zero() {
        assert_eq!(number(-1e-12), "0");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(0.004), "0.004");
        assert_eq!(number(2.98), "3.0");
    }
}
