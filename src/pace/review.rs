//! The verdict of a review: the test for every lead and measure at one date.
//!
//! Each (lead, measure) pair with enough data is tested against the reference leads, the spread
//! between leads estimated from 20 tested leads up (pooled with the history's earlier windows
//! by [`super::variation`], never below the policy's tolerance), else the tolerance. One
//! Benjamini–Hochberg family per review over every tested (lead, measure) pair at the year's q
//! shared out over its reviews; the most extreme pair that passes leaves the reference, and the
//! rounds repeat until none passes. The same run on a day that is no review gives the figures
//! on that day. What comes out is the [`PaceReport`] every report reads.
//!
//! It decides who is tested, who stays in the reference and who is flagged. It must not work out
//! a tail, an interval, a spread or a funnel limit itself (they come from [`super::exact`]), word
//! anything (that is [`super::words`]), or read the history other than through [`super::tally`].

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use super::exact::{
    Against, Detectable, FunnelPoint, Scratch, Without, benjamini_hochberg, detectable,
    funnel_point,
};
use super::tally::{Tally, tally_windows};
use super::variation::{Earlier, Memo, Spread, earlier};
use super::{Detail, Direction, ESTIMATE_SPREAD_FROM, Measure, Review, Settings, Shape, Window};
use crate::history::Event;
use pair::{Pair, against_of, side_of, strength, totals, weight, weighted};

mod pair;

/// Where a lead's rate falls on the funnel at their exposure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Limit {
    Inside,
    Beyond95,
    Beyond998,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct LeadResult {
    pub lead: Arc<str>,
    pub measure: Measure,
    /// Eligible report-months (report-cycles with calibration cycles).
    pub exposure: f64,
    pub reports: usize,
    pub moves: u32,
    /// Moves of more than one step or level, counted once each in `moves`.
    pub jumps: u32,
    pub decreases: u32,
    /// Moves expected at the reference rate.
    pub expected: f64,
    /// The lead's rate over the reference's; `None` when the reference has no moves.
    pub rate_ratio: Option<f64>,
    /// 95% interval of the rate ratio, inverting the same test.
    pub interval: Option<(f64, Option<f64>)>,
    /// False when there is not enough data to test.
    pub tested: bool,
    pub p: Option<f64>,
    /// `p` adjusted for the family of the review (Benjamini–Hochberg).
    pub p_adjusted: Option<f64>,
    /// Whether the pair is flagged: at the review, or in the figures on the day when this is
    /// no review.
    #[serde(rename = "flagged")]
    pub is_flagged: bool,
    /// The direction of a flag, faster or slower; null for a lead that is not flagged.
    #[serde(rename = "direction")]
    pub flag: Option<Direction>,
    /// Whether the lead's live alarm has been raised since the standing review (either
    /// direction); set by whoever watched the alarm beside this report.
    pub alarm: bool,
    /// The review this is the verdict of ("2026-Q3"); null for the figures on a day that is no
    /// review.
    pub review: Option<String>,
    /// Which side of the reference the lead falls on, flagged or not.
    #[serde(skip)]
    pub side: Direction,
    /// The round in which the pair was flagged, from 1.
    pub round: Option<usize>,
    /// Where the rate falls on the funnel; worked out for the leads a reader asked about.
    pub limit: Option<Limit>,
    /// A flag that one move fewer (faster) or more (slower) would clear.
    pub fragile: bool,
    /// For a tested pair that is not flagged: what its data could show.
    pub detectable: Option<Detectable>,
    /// Which window the flag is about: the whole window, or its last months; null for a lead
    /// that is not flagged.
    pub flagged_in: Option<Period>,
    /// The same lead and measure over the last months of the window (the recent verdict);
    /// null when the window is no longer than that.
    pub recent: Option<Recent>,
}

/// Which window of a review a flag is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Period {
    /// The review's whole window (24 months by default).
    Window,
    /// Its last [`super::RECENT_MONTHS`] months.
    Recent,
}

/// One lead and measure over the last months of the window: tested beside the whole window,
/// in the same Benjamini–Hochberg family, so a lead whose pace has just changed is not diluted
/// by the months before.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Recent {
    /// Months the recent window covers.
    pub months: u32,
    pub window: Window,
    pub exposure: f64,
    pub moves: u32,
    pub expected: f64,
    pub rate_ratio: Option<f64>,
    /// False when there is not enough data in these months to test.
    pub tested: bool,
    /// Its own p-value; the lead's `p_adjusted` is of both windows together.
    pub p: Option<f64>,
}

impl LeadResult {
    pub fn flagged(&self) -> bool {
        self.round.is_some()
    }

    /// The rate ratio of the window a flag is about, and that window's months when it is the
    /// recent one.
    pub fn flag_ratio(&self) -> (Option<f64>, Option<u32>) {
        match (&self.recent, self.flagged_in) {
            (Some(recent), Some(Period::Recent)) => (recent.rate_ratio, Some(recent.months)),
            _ => (self.rate_ratio, None),
        }
    }
}

/// One measure across the org.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct MeasureSummary {
    pub measure: Measure,
    pub moves: u32,
    pub exposure: f64,
    pub jumps: u32,
    pub decreases: u32,
    /// Moves per unit of exposure across every lead.
    pub org_rate: f64,
    /// Moves per unit of exposure across the reference leads (the flagged left out).
    pub reference_rate: f64,
    /// How much leads are taken to differ ordinarily (coefficient of variation).
    pub spread: f64,
    /// True when the spread was estimated from the leads, false when it is the tolerance.
    pub spread_estimated: bool,
    /// The estimate itself, before the tolerance is applied as its floor; null when the
    /// tolerance is used for want of leads.
    pub spread_estimate: Option<f64>,
    /// Windows of the history the estimate rests on, the review's own included (0 with the
    /// tolerance).
    pub spread_windows: usize,
    /// The estimate's 95% interval (Q-profile), as coefficients of variation.
    pub spread_interval: Option<[f64; 2]>,
    /// What the spread never goes below (coefficient of variation): the policy's tolerance,
    /// or, where the policy leaves it at its default, `spread_at_most` when that is smaller.
    pub spread_floor: f64,
    /// The most leads differ by as far as the history shows, at 80% confidence (a one-sided
    /// Q-profile bound); null with the tolerance.
    pub spread_at_most: Option<f64>,
    pub tested: usize,
    pub flagged: usize,
    /// Funnel limits along the exposures of the tested leads, when every lead is reported.
    pub funnel: Vec<FunnelPoint>,
    /// Tracks without steps, left out of the step measure.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub without_steps: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PaceReport {
    /// The review this is the verdict of; `None` for the figures on a day.
    pub review: Option<Review>,
    #[schemars(with = "String")]
    pub date: jiff::civil::Date,
    pub window: Window,
    /// The recent window each lead is also tested on, in the same family; null when the
    /// window is no longer than it.
    pub recent: Option<Window>,
    /// Exposure in report-cycles rather than report-months.
    pub cycles: bool,
    pub q: f64,
    pub reviews_per_year: u32,
    /// The false discovery rate of this review.
    pub q_review: f64,
    /// Tested (lead, measure) pairs: the `m` of Benjamini–Hochberg.
    pub family: usize,
    /// Leads with a tested pair.
    pub leads_tested: usize,
    /// The p-value the next flag would need over the whole window (the funnel's flag line).
    pub flag_line: f64,
    pub measures: Vec<MeasureSummary>,
    /// Flagged first, then tested by evidence, then the untested by exposure.
    pub leads: Vec<LeadResult>,
    /// What each tested unit is: a lead, a team or a track (`leads` holds them all).
    #[serde(default)]
    pub by: super::Unit,
}

impl PaceReport {
    pub fn lead(&self, id: &str, measure: Measure) -> Option<&LeadResult> {
        self.leads
            .iter()
            .find(|lead| &*lead.lead == id && lead.measure == measure)
    }

    pub fn of_lead<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a LeadResult> {
        self.leads.iter().filter(move |lead| &*lead.lead == id)
    }

    pub fn flagged(&self) -> impl Iterator<Item = &LeadResult> {
        self.leads.iter().filter(|lead| lead.flagged())
    }

    /// Marks each lead whose live alarm stands in `alarm`.
    pub fn mark_alarms(&mut self, alarm: &super::Alarm) {
        // A set, not a search per lead: thousands of leads made that quadratic.
        let raised: rustc_hash::FxHashSet<&str> = alarm
            .leads
            .iter()
            .filter(|watched| watched.raised().is_some())
            .map(|watched| &*watched.lead)
            .collect();
        for lead in &mut self.leads {
            lead.alarm = raised.contains(&*lead.lead);
        }
    }

    pub fn measure(&self, measure: Measure) -> Option<&MeasureSummary> {
        self.measures
            .iter()
            .find(|summary| summary.measure == measure)
    }

    /// One unit of exposure.
    pub fn unit_one(&self) -> &'static str {
        if self.cycles {
            "report-cycle"
        } else {
            "report-month"
        }
    }

    /// The unit exposure is counted in.
    pub fn unit(&self) -> &'static str {
        if self.cycles {
            "report-cycles"
        } else {
            "report-months"
        }
    }
}

/// The last [`super::RECENT_MONTHS`] months of `window`, when the window is longer.
pub fn recent_window(window: Window) -> Option<Window> {
    let recent = Window::ending(window.last_day(), super::RECENT_MONTHS);
    (recent.start > window.start).then_some(recent)
}

/// What the test reads of the history for one measure, when it is read elsewhere: the tallies
/// over the window and its recent months, and what the earlier windows say of the spread.
#[derive(Clone, Default)]
pub struct Counted {
    pub window: BTreeMap<Arc<str>, Tally>,
    pub recent: BTreeMap<Arc<str>, Tally>,
    pub earlier: Arc<Earlier>,
}

/// Where the test's counts come from.
pub enum Source<'a> {
    /// Tallied here from the events (in the order they took effect), the earlier windows when
    /// needed (through the memo, if given).
    Events(&'a [&'a Event], Option<&'a Memo>),
    /// Counted in a pass of the caller's (see `super::around_change`).
    Counted(BTreeMap<Measure, Counted>),
}

/// The least exposure a lead needs to be tested.
pub(super) fn min_exposure(settings: &Settings) -> f64 {
    match &settings.cycles {
        // Six months' worth of report-cycles.
        Some(cycles) => 6.0 * cycles.per_year() as f64 / 12.0,
        None => settings.min_exposure_months,
    }
}

/// The test for every lead and measure, from the counts `source` gives.
pub fn run(
    mut source: Source<'_>,
    window: Window,
    date: jiff::civil::Date,
    settings: &Settings,
    shape: &Shape,
    review: Option<Review>,
    detail: Detail<'_>,
) -> PaceReport {
    let measures = shape.measures();
    let recent = recent_window(window);
    let mut pairs: Vec<Pair> = Vec::new();
    let min_exposure = min_exposure(settings);
    for &measure in &measures {
        let (tallies, mut lately) = match &mut source {
            Source::Events(events, _) => {
                // The window and the recent months in one pass over the history.
                let windows: Vec<Window> = std::iter::once(window).chain(recent).collect();
                let mut found =
                    tally_windows(events, &windows, shape, measure, settings.cycles.as_ref())
                        .into_iter();
                (
                    found.next().unwrap_or_default(),
                    found.next().unwrap_or_default(),
                )
            }
            Source::Counted(counted) => {
                let counted = counted.entry(measure).or_default();
                (
                    std::mem::take(&mut counted.window),
                    std::mem::take(&mut counted.recent),
                )
            }
        };
        for (lead, tally) in tallies {
            if tally.exposure <= 0.0 && tally.moves == 0 {
                continue;
            }
            let at = pairs.len();
            pairs.push(Pair::new(Arc::clone(&lead), measure, Period::Window, tally));
            if recent.is_some() {
                let last = lately.remove(&lead).unwrap_or_default();
                let mut pair = Pair::new(lead, measure, Period::Recent, last);
                pair.sibling = Some(at);
                pairs[at].sibling = Some(at + 1);
                pairs.push(pair);
            }
        }
    }
    let q = settings.q_review();
    // Which pairs have enough data is decided once, against every lead in the same window.
    for &measure in &measures {
        for span in [Period::Window, Period::Recent] {
            let (moves, exposure) = totals(&pairs, measure, span, |_| true);
            for pair in pairs
                .iter_mut()
                .filter(|pair| pair.measure == measure && pair.span == span)
            {
                let expected = if exposure > 0.0 {
                    f64::from(moves) * pair.tally.exposure / exposure
                } else {
                    0.0
                };
                pair.tested =
                    pair.tally.exposure >= min_exposure && expected >= settings.min_expected;
            }
        }
    }
    // A lead is tested on its recent months only where it is tested on the whole window.
    for index in 0..pairs.len() {
        if pairs[index].span == Period::Recent
            && let Some(sibling) = pairs[index].sibling
        {
            pairs[index].tested &= pairs[sibling].tested;
        }
    }
    let family = pairs
        .iter()
        .filter(|pair| pair.tested && pair.span == Period::Window)
        .count();
    let mut spreads: BTreeMap<Measure, Spread> = BTreeMap::new();
    // The earlier windows hold no verdict, so what they say of the spread is read once.
    let mut before: BTreeMap<Measure, Arc<Earlier>> = BTreeMap::new();
    let mut round = 0;
    let mut passing;
    loop {
        round += 1;
        for &measure in &measures {
            let tested = pairs
                .iter()
                .filter(|pair| {
                    pair.measure == measure && pair.span == Period::Window && pair.tested
                })
                .count();
            let estimated = tested >= ESTIMATE_SPREAD_FROM;
            // The spread is estimated over the whole window, where there is the most to
            // estimate it from, and used in both windows: it is how much leads' rates differ,
            // whatever the months looked at. A lead's own figures never widen its own null.
            let (at, reference): (Vec<usize>, Vec<(u32, f64)>) = pairs
                .iter()
                .enumerate()
                .filter(|(_, pair)| {
                    pair.measure == measure
                        && pair.span == Period::Window
                        && pair.tested
                        && pair.reference
                })
                .map(|(index, pair)| (index, (pair.tally.moves, pair.tally.exposure)))
                .unzip();
            let past = if estimated {
                &**before.entry(measure).or_insert_with(|| match &source {
                    Source::Events(events, memo) => {
                        let find =
                            || earlier(events, window, settings, shape, measure, min_exposure);
                        match memo {
                            Some(memo) => memo.earlier(window, measure, find),
                            None => Arc::new(find()),
                        }
                    }
                    Source::Counted(counted) => counted
                        .get(&measure)
                        .map(|counted| Arc::clone(&counted.earlier))
                        .unwrap_or_default(),
                })
            } else {
                &Earlier::default()
            };
            let without = Without::new(&reference);
            let summary = if estimated {
                Spread::estimated(&reference, past, settings)
            } else {
                Spread::tolerance(settings)
            };
            let spread = |index: Option<usize>, scratch: &mut Scratch| {
                if !estimated {
                    return summary.used;
                }
                let skip = index.and_then(|index| at.binary_search(&index).ok());
                // A pair outside the reference leaves nothing out.
                past.floored(without.parts(skip, scratch), summary.floor)
            };
            spreads.insert(measure, summary);
            // Each tested lead's spread leaves it out, so each is a pass over the reference:
            // worked out once for both windows, on every core, each the same wherever it runs.
            let wanted: Vec<usize> = pairs
                .iter()
                .enumerate()
                .filter(|(_, pair)| {
                    pair.measure == measure && pair.span == Period::Window && pair.tested
                })
                .map(|(index, _)| index)
                .collect();
            let spread_of: rustc_hash::FxHashMap<usize, f64> = {
                use rayon::prelude::*;
                let values: Vec<f64> = wanted
                    .par_iter()
                    .map_init(Scratch::default, |scratch, &index| {
                        spread(Some(index), scratch)
                    })
                    .collect();
                wanted.iter().copied().zip(values).collect()
            };
            for span in [Period::Window, Period::Recent] {
                let (moves, exposure) = totals(&pairs, measure, span, |pair| pair.reference);
                for (index, pair) in pairs.iter_mut().enumerate() {
                    if pair.measure != measure || pair.span != span || pair.round.is_some() {
                        continue;
                    }
                    let own = match span {
                        Period::Window => index,
                        Period::Recent => pair.sibling.unwrap_or(index),
                    };
                    let (own_moves, own_exposure) = if pair.reference {
                        (pair.tally.moves, pair.tally.exposure)
                    } else {
                        (0, 0.0)
                    };
                    let against = Against {
                        moves: moves - own_moves,
                        exposure: exposure - own_exposure,
                        tau2: if pair.tested {
                            spread_of
                                .get(&own)
                                .copied()
                                .unwrap_or_else(|| spread(Some(own), &mut Scratch::default()))
                        } else {
                            0.0
                        },
                    };
                    pair.against = Some(against);
                    if pair.tested {
                        pair.p = against.p(pair.tally.moves, pair.tally.exposure);
                    }
                }
            }
        }
        // One p-value per lead and measure: the smaller of its windows', each divided by the
        // window's weight (a weighted Bonferroni, valid however the windows depend on each
        // other), so the family stays leads × measures.
        let tested: Vec<usize> = (0..pairs.len())
            .filter(|&i| pairs[i].tested && pairs[i].span == Period::Window)
            .collect();
        let p_values: Vec<f64> = tested.iter().map(|&i| weighted(&pairs, i).0).collect();
        let (cut, _) = benjamini_hochberg(&p_values, q);
        passing = cut;
        let threshold = cut as f64 * q / family.max(1) as f64;
        let open = |i: usize| {
            pairs[i].round.is_none()
                && pairs[i]
                    .sibling
                    .is_none_or(|sibling| pairs[sibling].round.is_none())
        };
        let newly = tested
            .iter()
            .copied()
            .filter(|&i| open(i) && weighted(&pairs, i).0 <= threshold && cut > 0)
            .min_by(|&a, &b| {
                weighted(&pairs, a)
                    .0
                    .total_cmp(&weighted(&pairs, b).0)
                    .then(strength(&pairs[b]).total_cmp(&strength(&pairs[a])))
            });
        match newly {
            Some(i) => {
                // The flag is the window's whose p-value was the smaller, weighed.
                let (_, at) = weighted(&pairs, i);
                pairs[at].round = Some(round);
                pairs[at].cut = threshold * weight(pairs[at].span, true);
                // A lead flagged in one window leaves the reference of both.
                pairs[i].reference = false;
                if let Some(sibling) = pairs[i].sibling {
                    pairs[sibling].reference = false;
                }
            }
            None => break,
        }
        if round > family {
            break;
        }
    }
    let window_pairs: Vec<usize> = (0..pairs.len())
        .filter(|&i| pairs[i].tested && pairs[i].span == Period::Window)
        .collect();
    let tested_p: Vec<f64> = window_pairs
        .iter()
        .map(|&i| weighted(&pairs, i).0)
        .collect();
    let (_, adjusted) = benjamini_hochberg(&tested_p, q);
    let line = (q * (passing + 1) as f64 / family.max(1) as f64).min(q);
    // What a pair needs over the whole window: the line times the window's weight, where the
    // recent window shares the family.
    let lately_tested = pairs
        .iter()
        .any(|pair| pair.span == Period::Recent && pair.tested);
    let flag_line = line * weight(Period::Window, lately_tested);
    let mut adjusted_of: Vec<Option<f64>> = vec![None; pairs.len()];
    for (&i, p) in window_pairs.iter().zip(adjusted) {
        adjusted_of[i] = Some(p);
    }
    let adjusted = adjusted_of;
    let mut leads: Vec<LeadResult> = Vec::with_capacity(pairs.len());
    for (index, pair) in pairs.iter().enumerate() {
        if pair.span != Period::Window {
            continue;
        }
        let lately = pair.sibling.map(|sibling| &pairs[sibling]);
        // The pair that carries the flag, in whichever window.
        let flagging = std::iter::once(pair)
            .chain(lately)
            .find(|pair| pair.round.is_some());
        let against = against_of(pair);
        let expected = against.expected(pair.tally.exposure);
        let side = side_of(pair);
        let rate_ratio = (against.moves > 0 && pair.tally.exposure > 0.0)
            .then(|| f64::from(pair.tally.moves) / expected);
        let fragile = flagging.is_some_and(|flagging| {
            let against = against_of(flagging);
            let nudged = match side_of(flagging) {
                Direction::Faster => flagging.tally.moves.saturating_sub(1),
                Direction::Slower => flagging.tally.moves + 1,
            };
            against.p(nudged, flagging.tally.exposure) > flagging.cut
        });
        let detailed = detail.wants(&pair.lead);
        let shared = lately.is_some_and(|lately| lately.tested);
        let detectable = (detailed && pair.tested && flagging.is_none()).then(|| {
            detectable(
                against,
                pair.tally.exposure,
                line * weight(Period::Window, shared),
            )
        });
        let recent = lately.zip(recent).map(|(lately, window)| {
            let against = against_of(lately);
            let expected = against.expected(lately.tally.exposure);
            Recent {
                months: super::RECENT_MONTHS,
                window,
                exposure: lately.tally.exposure,
                moves: lately.tally.moves,
                expected,
                rate_ratio: (against.moves > 0 && lately.tally.exposure > 0.0)
                    .then(|| f64::from(lately.tally.moves) / expected),
                tested: lately.tested,
                p: lately.tested.then_some(lately.p),
            }
        });
        leads.push(LeadResult {
            lead: Arc::clone(&pair.lead),
            measure: pair.measure,
            exposure: pair.tally.exposure,
            reports: pair.tally.reports,
            moves: pair.tally.moves,
            jumps: pair.tally.jumps,
            decreases: pair.tally.decreases,
            expected,
            rate_ratio,
            interval: if pair.tested && detailed {
                against.interval(pair.tally.moves, pair.tally.exposure)
            } else {
                None
            },
            tested: pair.tested,
            p: pair.tested.then_some(pair.p),
            p_adjusted: adjusted[index],
            is_flagged: flagging.is_some(),
            flag: flagging.map(side_of),
            alarm: false,
            review: review.as_ref().map(|review| review.label.clone()),
            side,
            round: flagging.and_then(|flagging| flagging.round),
            limit: None,
            fragile,
            detectable,
            flagged_in: flagging.map(|flagging| flagging.span),
            recent,
        });
    }
    let without_steps = shape.without_steps();
    let summaries: Vec<MeasureSummary> = measures
        .iter()
        .map(|&measure| {
            let of = |lead: &&LeadResult| lead.measure == measure;
            let spread = spreads
                .get(&measure)
                .copied()
                .unwrap_or_else(|| Spread::tolerance(settings));
            let tau2 = spread.used;
            let moves: u32 = leads.iter().filter(of).map(|lead| lead.moves).sum();
            let exposure: f64 = leads.iter().filter(of).map(|lead| lead.exposure).sum();
            let (ref_moves, ref_exposure) =
                totals(&pairs, measure, Period::Window, |pair| pair.reference);
            let reference_rate = if ref_exposure > 0.0 {
                f64::from(ref_moves) / ref_exposure
            } else {
                0.0
            };
            let mut exposures: Vec<f64> = leads
                .iter()
                .filter(of)
                .filter(|lead| lead.tested)
                .map(|lead| lead.exposure)
                .collect();
            exposures.sort_by(f64::total_cmp);
            exposures.dedup();
            MeasureSummary {
                measure,
                moves,
                exposure,
                jumps: leads.iter().filter(of).map(|lead| lead.jumps).sum(),
                decreases: leads.iter().filter(of).map(|lead| lead.decreases).sum(),
                org_rate: if exposure > 0.0 {
                    f64::from(moves) / exposure
                } else {
                    0.0
                },
                reference_rate,
                spread: tau2.sqrt(),
                spread_estimated: spread.estimate.is_some(),
                spread_estimate: spread.estimate,
                spread_windows: spread.windows,
                spread_interval: spread.interval.map(|(low, high)| [low, high]),
                spread_floor: spread.floor.sqrt(),
                spread_at_most: spread.at_most,
                tested: leads.iter().filter(of).filter(|lead| lead.tested).count(),
                flagged: leads
                    .iter()
                    .filter(of)
                    .filter(|lead| lead.flagged())
                    .count(),
                funnel: exposures
                    .iter()
                    .filter(|_| matches!(detail, Detail::All))
                    .map(|&exposure| funnel_point(reference_rate, exposure, tau2, flag_line))
                    .collect(),
                without_steps: if measure == Measure::Steps {
                    without_steps.clone()
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    for lead in &mut leads {
        let Some(summary) = summaries.iter().find(|s| s.measure == lead.measure) else {
            continue;
        };
        if lead.exposure <= 0.0 || !detail.wants(&lead.lead) {
            continue;
        }
        let point = funnel_point(
            summary.reference_rate,
            lead.exposure,
            summary.spread * summary.spread,
            flag_line,
        );
        let rate = f64::from(lead.moves) / lead.exposure;
        lead.limit = Some(if rate > point.high_998 || rate < point.low_998 {
            Limit::Beyond998
        } else if rate > point.high_95 || rate < point.low_95 {
            Limit::Beyond95
        } else {
            Limit::Inside
        });
    }
    leads.sort_by(|a, b| {
        b.flagged()
            .cmp(&a.flagged())
            .then(b.tested.cmp(&a.tested))
            .then(
                a.p_adjusted
                    .unwrap_or(2.0)
                    .total_cmp(&b.p_adjusted.unwrap_or(2.0)),
            )
            .then(b.exposure.total_cmp(&a.exposure))
            .then(a.lead.cmp(&b.lead))
            .then(a.measure.cmp(&b.measure))
    });
    let leads_tested = {
        let mut ids: Vec<&str> = leads
            .iter()
            .filter(|lead| lead.tested)
            .map(|lead| &*lead.lead)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    };
    PaceReport {
        review,
        date,
        window,
        recent,
        cycles: settings.cycles.is_some(),
        q: settings.q,
        reviews_per_year: settings.reviews_per_year(),
        q_review: q,
        family,
        leads_tested,
        flag_line,
        measures: summaries,
        leads,
        by: super::Unit::Lead,
    }
}
