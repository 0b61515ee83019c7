//! Pace across leads: does a lead move their people up faster, or slower, than the rest of the
//! org by more than chance explains? Exposure (report-months) and events (step or level
//! increases) per lead come from the history; each lead is tested against the other leads with an
//! exact conditional Poisson test (mid-p), Benjamini–Hochberg across leads, a reference set that
//! an outlier cannot drag (flagged leads leave it, round by round), a multiplicative
//! overdispersion check, and funnel-plot limits. The method is shared/PACE.md's.

use std::collections::BTreeMap;

use serde::Serialize;
use statrs::distribution::{Binomial, ChiSquared, ContinuousCDF, Discrete, DiscreteCDF, Poisson};

use crate::diff::ChangeKind;
use crate::history::Event;

pub const DAYS_PER_MONTH: f64 = 30.4375;

/// The window `[start, end)` the test looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    pub start: jiff::civil::Date,
    pub end: jiff::civil::Date,
}

impl Window {
    /// The `months` months up to and including `as_of`.
    pub fn ending(as_of: jiff::civil::Date, months: u32) -> Window {
        let end = as_of.tomorrow().unwrap_or(as_of);
        let start = end
            .checked_sub(jiff::Span::new().months(i64::from(months)))
            .unwrap_or(end);
        Window { start, end }
    }

    fn contains(&self, date: jiff::civil::Date) -> bool {
        self.start <= date && date < self.end
    }

    /// Report-months of the overlap of `[from, to)` with the window.
    fn months_of(&self, from: jiff::civil::Date, to: jiff::civil::Date) -> f64 {
        let from = from.max(self.start);
        let to = to.min(self.end);
        if to <= from {
            return 0.0;
        }
        let days = to.since(from).map_or(0, |span| span.get_days());
        f64::from(days) / DAYS_PER_MONTH
    }
}

/// One lead's exposure and events in the window.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LeadExposure {
    pub report_months: f64,
    /// Distinct reports who counted.
    pub reports: usize,
    pub step_increases: u32,
    pub level_increases: u32,
    /// Step and level decreases, reported apart; they are not events.
    pub decreases: u32,
}

/// Which increases a test counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    Steps,
    Levels,
}

impl Measure {
    pub fn noun(self, count: u32) -> &'static str {
        match (self, count) {
            (Measure::Steps, 1) => "step increase",
            (Measure::Steps, _) => "step increases",
            (Measure::Levels, 1) => "level increase",
            (Measure::Levels, _) => "level increases",
        }
    }

    fn events(self, exposure: &LeadExposure) -> u32 {
        match self {
            Measure::Steps => exposure.step_increases,
            Measure::Levels => exposure.level_increases,
        }
    }
}

/// Exposure and events per lead in the window, from events in history order. A report counts for
/// each lead for the days they reported to them; an increase counts for the lead who granted it
/// (the lead before the change), dated by the commit that landed it.
/// Both tests over one history: steps counted only over people on tracks that have steps (no
/// step test at all when no track has them), levels over everyone.
pub fn test_measures(
    events: &[&Event],
    window: Window,
    settings: Settings,
    stepless: &[String],
    any_steps: bool,
) -> Vec<PaceReport> {
    let leads = exposures(events.iter().copied(), window);
    let levels = test_pace(&leads, Measure::Levels, window, settings);
    if !any_steps {
        return vec![levels];
    }
    let steps = if stepless.is_empty() {
        test_pace(&leads, Measure::Steps, window, settings)
    } else {
        let on_stepped = events.iter().copied().filter(|event| {
            event
                .after
                .as_ref()
                .or(event.before.as_ref())
                .is_none_or(|position| !stepless.iter().any(|track| **track == *position.track))
        });
        let mut steps = test_pace(
            &exposures(on_stepped, window),
            Measure::Steps,
            window,
            settings,
        );
        steps.without_steps = stepless.to_vec();
        steps
    };
    vec![steps, levels]
}

/// The tracks without steps, and whether any track has steps.
pub fn step_tracks(framework: Option<&crate::framework::Framework>) -> (Vec<String>, bool) {
    let Some(framework) = framework else {
        return (Vec::new(), true);
    };
    let stepless: Vec<String> = framework
        .tracks
        .iter()
        .filter(|track| framework.steps_of(track).count() == 0)
        .map(|track| track.id.value.clone())
        .collect();
    let any = stepless.len() < framework.tracks.len();
    (stepless, any)
}

pub fn exposures<'a>(
    events: impl IntoIterator<Item = &'a Event>,
    window: Window,
) -> BTreeMap<String, LeadExposure> {
    let mut leads: BTreeMap<String, LeadExposure> = BTreeMap::new();
    let mut open: BTreeMap<&str, (&str, jiff::civil::Date)> = BTreeMap::new();
    let mut counted: std::collections::BTreeSet<(&str, &str)> = std::collections::BTreeSet::new();
    let mut close = |leads: &mut BTreeMap<String, LeadExposure>,
                     person: &'a str,
                     lead: &'a str,
                     from: jiff::civil::Date,
                     to: jiff::civil::Date| {
        let months = window.months_of(from, to);
        if months > 0.0 {
            let entry = leads.entry(lead.to_string()).or_default();
            entry.report_months += months;
            if counted.insert((lead, person)) {
                entry.reports += 1;
            }
        }
    };
    for event in events {
        let person: &str = &event.person;
        let granting = event
            .before
            .as_ref()
            .and_then(|before| before.lead.as_deref());
        if window.contains(event.date) {
            match (&event.kind, granting) {
                (ChangeKind::StepUp { by }, Some(lead)) => {
                    leads.entry(lead.to_string()).or_default().step_increases += by;
                }
                (ChangeKind::LevelUp { by }, Some(lead)) => {
                    leads.entry(lead.to_string()).or_default().level_increases += by;
                }
                (ChangeKind::StepDown { .. } | ChangeKind::LevelDown { .. }, Some(lead)) => {
                    leads.entry(lead.to_string()).or_default().decreases += 1;
                }
                _ => {}
            }
        }
        let now = event.after.as_ref().and_then(|after| after.lead.as_deref());
        let current = open.get(person).map(|(lead, _)| *lead);
        if current != now {
            if let Some((lead, since)) = open.remove(person) {
                close(&mut leads, person, lead, since, event.date);
            }
            if let Some(lead) = now {
                open.insert(person, (lead, event.date));
            }
        }
    }
    for (person, (lead, since)) in open {
        close(&mut leads, person, lead, since, window.end);
    }
    leads
}

/// The pace test's settings, from the policy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    pub q: f64,
    pub min_exposure_months: f64,
    /// Below this many expected events a lead is not tested.
    pub min_expected: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            q: 0.05,
            min_exposure_months: 6.0,
            min_expected: 2.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Faster,
    Slower,
}

/// Where a lead's rate falls on the funnel plot at their exposure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Limit {
    Inside,
    Beyond95,
    Beyond998,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeadResult {
    pub lead: String,
    pub report_months: f64,
    pub reports: usize,
    pub observed: u32,
    pub expected: f64,
    pub rate: f64,
    /// The lead's rate over the rest's; `None` when the rest has no events.
    pub rate_ratio: Option<f64>,
    /// Exact 95% interval of the lead's rate (Garwood).
    pub interval: (f64, f64),
    /// False when there is not enough data to test.
    pub tested: bool,
    /// Two-sided mid-p against the reference leads other than this one.
    pub p: Option<f64>,
    /// `p` adjusted for the number of leads tested (Benjamini–Hochberg).
    pub p_adjusted: Option<f64>,
    /// Which side of the org the lead falls on, flagged or not; reports say it only for a flag.
    #[serde(skip)]
    pub direction: Direction,
    /// The direction of a flag: `None` for a lead that is not flagged, so a report never calls
    /// an untested or unremarkable lead "slower".
    #[serde(rename = "direction")]
    pub flag: Option<Direction>,
    /// The round in which the lead was flagged, counting from 1.
    pub flagged_in_round: Option<usize>,
    pub limit: Limit,
    pub z: Option<f64>,
    /// Set when overdispersion is present: z scaled by √φ.
    pub z_adjusted: Option<f64>,
    /// A flag that does not survive the overdispersion check.
    pub may_be_ordinary_variation: bool,
    pub decreases: u32,
}

impl LeadResult {
    pub fn flagged(&self) -> bool {
        self.flagged_in_round.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overdispersion {
    pub phi: f64,
    pub p: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaceReport {
    pub measure: Measure,
    pub window: Window,
    pub observed: u32,
    pub report_months: f64,
    /// Events per report-month across the org.
    pub org_rate: f64,
    /// How many leads were tested (the `m` of Benjamini–Hochberg).
    pub tested: usize,
    pub q: f64,
    /// Tested first, by evidence (adjusted p ascending), then the untested by exposure.
    pub leads: Vec<LeadResult>,
    pub overdispersion: Option<Overdispersion>,
    /// Tracks without steps, left out of a step test's exposure.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub without_steps: Vec<String>,
}

impl PaceReport {
    pub fn lead(&self, id: &str) -> Option<&LeadResult> {
        self.leads.iter().find(|lead| lead.lead == id)
    }

    pub fn flagged(&self) -> impl Iterator<Item = &LeadResult> {
        self.leads.iter().filter(|lead| lead.flagged())
    }
}

/// Two-sided mid-p of `observed` events among `total` when each falls to this lead with
/// probability `share`.
fn mid_p(observed: u32, total: u32, share: f64) -> f64 {
    if total == 0 {
        return 1.0;
    }
    let Ok(binomial) = Binomial::new(share.clamp(0.0, 1.0), u64::from(total)) else {
        return 1.0;
    };
    let k = u64::from(observed);
    let at = binomial.pmf(k);
    let below = if k == 0 { 0.0 } else { binomial.cdf(k - 1) };
    let above = (1.0 - binomial.cdf(k)).max(0.0);
    let upper = above + at / 2.0;
    let lower = below + at / 2.0;
    (2.0 * upper.min(lower)).min(1.0)
}

/// Garwood's exact 95% interval for a Poisson count, as a rate per unit of exposure.
fn garwood(observed: u32, exposure: f64) -> (f64, f64) {
    let quantile =
        |p: f64, dof: f64| ChiSquared::new(dof).map_or(f64::NAN, |chi| chi.inverse_cdf(p));
    let low = if observed == 0 {
        0.0
    } else {
        quantile(0.025, 2.0 * f64::from(observed)) / 2.0
    };
    let high = quantile(0.975, 2.0 * f64::from(observed) + 2.0) / 2.0;
    (low / exposure, high / exposure)
}

/// Benjamini–Hochberg: which of the p-values pass at `q`, and each one's adjusted value.
fn benjamini_hochberg(p: &[f64], q: f64) -> (Vec<bool>, Vec<f64>) {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut cut = 0;
    for (rank, &index) in order.iter().enumerate() {
        if p[index] <= (rank + 1) as f64 * q / m as f64 {
            cut = rank + 1;
        }
    }
    let mut pass = vec![false; m];
    for &index in &order[..cut] {
        pass[index] = true;
    }
    let mut adjusted = vec![1.0; m];
    let mut running = 1.0_f64;
    for (rank, &index) in order.iter().enumerate().rev() {
        running = running.min(p[index] * m as f64 / (rank + 1) as f64);
        adjusted[index] = running.min(1.0);
    }
    (pass, adjusted)
}

/// Funnel limits at one exposure: the quantiles of Poisson(λE) divided by E, interpolated
/// between adjacent integers so the lines are smooth (Spiegelhalter).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FunnelPoint {
    pub exposure: f64,
    pub low_998: f64,
    pub low_95: f64,
    pub high_95: f64,
    pub high_998: f64,
}

fn poisson_limit(mean: f64, p: f64) -> f64 {
    if mean <= 0.0 {
        return 0.0;
    }
    let Ok(poisson) = Poisson::new(mean) else {
        return 0.0;
    };
    let mut r: u64 = 0;
    while poisson.cdf(r) < p {
        r += 1;
    }
    let at = poisson.cdf(r);
    let before = if r == 0 { 0.0 } else { poisson.cdf(r - 1) };
    let alpha = if at > before {
        (at - p) / (at - before)
    } else {
        0.0
    };
    (r as f64 - alpha).max(0.0)
}

pub fn funnel_point(rate: f64, exposure: f64) -> FunnelPoint {
    let mean = rate * exposure;
    let limit = |p: f64| poisson_limit(mean, p) / exposure;
    FunnelPoint {
        exposure,
        low_998: limit(0.001),
        low_95: limit(0.025),
        high_95: limit(0.975),
        high_998: limit(0.999),
    }
}

/// Tests every lead's pace against the org's.
pub fn test_pace(
    leads: &BTreeMap<String, LeadExposure>,
    measure: Measure,
    window: Window,
    settings: Settings,
) -> PaceReport {
    let observed: u32 = leads.values().map(|lead| measure.events(lead)).sum();
    let exposure: f64 = leads.values().map(|lead| lead.report_months).sum();
    let org_rate = if exposure > 0.0 {
        f64::from(observed) / exposure
    } else {
        0.0
    };
    let mut results: Vec<LeadResult> = leads
        .iter()
        .filter(|(_, lead)| lead.report_months > 0.0 || measure.events(lead) > 0)
        .map(|(id, lead)| {
            let o = measure.events(lead);
            let e_j = lead.report_months;
            let expected = f64::from(observed) * if exposure > 0.0 { e_j / exposure } else { 0.0 };
            let rest_rate = (f64::from(observed - o)) / (exposure - e_j);
            let rate = if e_j > 0.0 { f64::from(o) / e_j } else { 0.0 };
            let tested = e_j >= settings.min_exposure_months && expected >= settings.min_expected;
            LeadResult {
                lead: id.clone(),
                report_months: e_j,
                reports: lead.reports,
                observed: o,
                expected,
                rate,
                rate_ratio: (rest_rate > 0.0 && rest_rate.is_finite()).then(|| rate / rest_rate),
                interval: if e_j > 0.0 {
                    garwood(o, e_j)
                } else {
                    (0.0, f64::INFINITY)
                },
                tested,
                p: None,
                p_adjusted: None,
                direction: if f64::from(o) > expected {
                    Direction::Faster
                } else {
                    Direction::Slower
                },
                flag: None,
                flagged_in_round: None,
                limit: Limit::Inside,
                z: None,
                z_adjusted: None,
                may_be_ordinary_variation: false,
                decreases: lead.decreases,
            }
        })
        .collect();
    let tested: Vec<usize> = (0..results.len()).filter(|&i| results[i].tested).collect();
    let m = tested.len();
    // Rounds: test each lead against the reference leads other than itself; the most extreme
    // lead passing BH leaves the reference; repeat until a round flags no one.
    let mut reference: Vec<bool> = vec![true; results.len()];
    let mut round = 0;
    loop {
        round += 1;
        let (ref_o, ref_e) = tested
            .iter()
            .filter(|&&i| reference[i])
            .fold((0u32, 0.0), |(o, e), &i| {
                (o + results[i].observed, e + results[i].report_months)
            });
        let mut p_values = Vec::with_capacity(m);
        for &i in &tested {
            if results[i].flagged() {
                p_values.push(results[i].p.unwrap_or(1.0));
                continue;
            }
            let (observed, months) = (results[i].observed, results[i].report_months);
            let (rest_o, rest_e) = if reference[i] {
                (ref_o - observed, ref_e - months)
            } else {
                (ref_o, ref_e)
            };
            let total = rest_o + observed;
            let share = months / (rest_e + months);
            let p = mid_p(observed, total, share);
            let expected = f64::from(total) * share;
            results[i].p = Some(p);
            results[i].direction = if f64::from(observed) > expected {
                Direction::Faster
            } else {
                Direction::Slower
            };
            p_values.push(p);
        }
        let (pass, adjusted) = benjamini_hochberg(&p_values, settings.q);
        for (slot, &i) in tested.iter().enumerate() {
            results[i].p_adjusted = Some(adjusted[slot]);
        }
        let newly = tested
            .iter()
            .enumerate()
            .filter(|(slot, i)| pass[*slot] && !results[**i].flagged())
            .min_by(|a, b| p_values[a.0].total_cmp(&p_values[b.0]))
            .map(|(_, &i)| i);
        match newly {
            Some(i) => {
                results[i].flagged_in_round = Some(round);
                reference[i] = false;
            }
            None => break,
        }
        if round > m {
            break;
        }
    }
    for result in &mut results {
        let point = funnel_point(org_rate, result.report_months.max(f64::MIN_POSITIVE));
        result.limit = if result.rate > point.high_998 || result.rate < point.low_998 {
            Limit::Beyond998
        } else if result.rate > point.high_95 || result.rate < point.low_95 {
            Limit::Beyond95
        } else {
            Limit::Inside
        };
        if result.tested && result.expected > 0.0 {
            result.z =
                Some((f64::from(result.observed) - result.expected) / result.expected.sqrt());
        }
    }
    let overdispersion = overdispersion(&mut results);
    for result in &mut results {
        result.flag = result.flagged().then_some(result.direction);
    }
    results.sort_by(|a, b| {
        b.tested
            .cmp(&a.tested)
            .then(
                a.p_adjusted
                    .unwrap_or(2.0)
                    .total_cmp(&b.p_adjusted.unwrap_or(2.0)),
            )
            .then(b.report_months.total_cmp(&a.report_months))
            .then(a.lead.cmp(&b.lead))
    });
    PaceReport {
        measure,
        window,
        observed,
        report_months: exposure,
        org_rate,
        tested: m,
        q: settings.q,
        leads: results,
        overdispersion,
        without_steps: Vec::new(),
    }
}

/// Multiplicative overdispersion (Spiegelhalter 2005): when leads spread wider than Poisson,
/// flags whose scaled z falls under 2 may be ordinary variation between teams. The spread φ is
/// estimated from the leads left in the reference, against the reference's rate, so the outliers
/// being judged do not inflate it (PACE.md estimates it over all tested leads, which lets one
/// fast lead excuse itself).
fn overdispersion(results: &mut [LeadResult]) -> Option<Overdispersion> {
    let reference: Vec<&LeadResult> = results
        .iter()
        .filter(|result| result.tested && !result.flagged())
        .collect();
    if reference.len() < 3 {
        return None;
    }
    let observed: u32 = reference.iter().map(|result| result.observed).sum();
    let exposure: f64 = reference.iter().map(|result| result.report_months).sum();
    let rate = f64::from(observed) / exposure;
    if rate <= 0.0 {
        return None;
    }
    let z = |result: &LeadResult| {
        let expected = rate * result.report_months;
        (f64::from(result.observed) - expected) / expected.sqrt()
    };
    let sum: f64 = reference.iter().map(|result| z(result).powi(2)).sum();
    let dof = (reference.len() - 1) as f64;
    let phi = sum / dof;
    let p = ChiSquared::new(dof).map_or(1.0, |chi| 1.0 - chi.cdf(sum));
    if !(phi > 1.0 && p < 0.05) {
        return None;
    }
    for result in results.iter_mut().filter(|result| result.tested) {
        let scaled = z(result) / phi.sqrt();
        result.z_adjusted = Some(scaled);
        result.may_be_ordinary_variation = result.flagged() && scaled.abs() < 2.0;
    }
    Some(Overdispersion { phi, p })
}

// The pace sentences live beside the test they describe, so the review and the reports
// both read them from here.

/// A figure as the pace sentences write it: whole from 10 up, else one or two decimals.
pub fn number(value: f64) -> String {
    if value >= 10.0 || value == value.round() {
        format!("{value:.0}")
    } else if value >= 1.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

pub fn p_value(p: f64) -> String {
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
    use std::fmt::Write as _;
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

#[cfg(test)]
mod tests {
    use super::*;

    use crate::diff::Position;
    use crate::history::{Event, Landing};
    use std::sync::Arc;

    fn event(
        person: &str,
        kind: ChangeKind,
        lead_before: Option<&str>,
        lead_after: Option<&str>,
        date: &str,
    ) -> Event {
        let position = |lead: Option<&str>| Position {
            team: "eng".into(),
            track: "maker".into(),
            level: 1,
            step: 1,
            lead: lead.map(Arc::from),
            title: None,
            level_id: None,
            step_label: None,
            grade: None,
            role: None,
        };
        Event {
            person: person.into(),
            id_then: person.into(),
            name: person.into(),
            before: lead_before.map(|lead| position(Some(lead))),
            after: lead_after.map(|lead| position(Some(lead))),
            kind,
            date: date.parse().expect("date"),
            seeded: false,
            case_file: None,
            landing: Arc::new(Landing::pending("")),
        }
    }

    #[test]
    fn a_report_who_changes_lead_counts_for_each_over_their_own_span() {
        let window = Window::ending("2026-12-31".parse().expect("date"), 12);
        let events = [
            event("ann", ChangeKind::Hire, None, Some("kate"), "2025-06-01"),
            event(
                "ann",
                ChangeKind::StepUp { by: 2 },
                Some("kate"),
                Some("kate"),
                "2026-03-01",
            ),
            event(
                "ann",
                ChangeKind::LeadChange {
                    from: Some("kate".into()),
                    to: Some("sam".into()),
                },
                Some("kate"),
                Some("sam"),
                "2026-07-02",
            ),
            event(
                "ann",
                ChangeKind::LevelUp { by: 1 },
                Some("sam"),
                Some("sam"),
                "2026-10-01",
            ),
            event(
                "ann",
                ChangeKind::StepDown { by: 1 },
                Some("sam"),
                Some("sam"),
                "2026-11-01",
            ),
            // Before the window: neither exposure nor an event inside it.
            event("bo", ChangeKind::Hire, None, Some("kate"), "2024-01-01"),
            event(
                "bo",
                ChangeKind::StepUp { by: 1 },
                Some("kate"),
                Some("kate"),
                "2024-06-01",
            ),
            event(
                "bo",
                ChangeKind::Departure,
                Some("kate"),
                None,
                "2025-12-01",
            ),
        ];
        let leads = exposures(&events, window);
        let kate = &leads["kate"];
        let sam = &leads["sam"];
        // 2026-01-01 to 2026-07-02 is 182 days; 2026-07-02 to 2027-01-01 is 183.
        assert!(
            (kate.report_months - 182.0 / DAYS_PER_MONTH).abs() < 1e-9,
            "{kate:?}"
        );
        assert!(
            (sam.report_months - 183.0 / DAYS_PER_MONTH).abs() < 1e-9,
            "{sam:?}"
        );
        assert_eq!(
            (kate.step_increases, kate.level_increases, kate.reports),
            (2, 0, 1)
        );
        assert_eq!(
            (sam.step_increases, sam.level_increases, sam.decreases),
            (0, 1, 1)
        );
    }

    #[test]
    fn mid_p_is_symmetric_and_small_for_extreme_counts() {
        // 10 events, a lead with half the exposure: 5 is exactly as expected.
        assert!((mid_p(5, 10, 0.5) - 1.0).abs() < 1e-9);
        assert!((mid_p(2, 10, 0.5) - mid_p(8, 10, 0.5)).abs() < 1e-12);
        // All 20 events to a lead with a tenth of the exposure: 0.1^20, doubled.
        let p = mid_p(20, 20, 0.1);
        assert!((p - 1e-20).abs() < 1e-25, "{p}");
    }

    #[test]
    fn garwood_matches_the_published_table() {
        // For 9 events the exact 95% limits are 4.115 and 17.08 (Garwood 1936).
        let (low, high) = garwood(9, 1.0);
        assert!((low - 4.1154).abs() < 1e-3, "{low}");
        assert!((high - 17.0848).abs() < 1e-3, "{high}");
        assert_eq!(garwood(0, 2.0).0, 0.0);
    }

    #[test]
    fn benjamini_hochberg_passes_the_step_up_set() {
        let (pass, adjusted) = benjamini_hochberg(&[0.01, 0.03, 0.02, 0.5], 0.05);
        assert_eq!(pass, vec![true, true, true, false]);
        assert!((adjusted[0] - 0.04).abs() < 1e-12);
        assert!((adjusted[3] - 0.5).abs() < 1e-12);
    }

    #[test]
    fn funnel_limits_widen_as_exposure_shrinks_and_are_smooth() {
        let wide = funnel_point(0.1, 10.0);
        let narrow = funnel_point(0.1, 1000.0);
        assert!(wide.high_998 - wide.low_998 > narrow.high_998 - narrow.low_998);
        assert!(narrow.low_95 < 0.1 && 0.1 < narrow.high_95);
        // Interpolated, so neighbouring exposures give neighbouring limits, not steps.
        let a = funnel_point(0.1, 100.0).high_95;
        let b = funnel_point(0.1, 101.0).high_95;
        assert!((a - b).abs() < 0.002, "{a} {b}");
    }
}
