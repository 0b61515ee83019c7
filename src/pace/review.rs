//! The test for every lead and measure at one date.
//!
//! Against the reference leads R, lead j's moves given the total are Binomial(O_j + O_R, π_j)
//! with π_j = E_j / (E_j + E_R). Ordinary variation between teams is part of the null: the
//! binomial widens to a beta-binomial whose variance is about e + τ²e² (e the expected moves), with τ²
//! estimated by DerSimonian–Laird from 20 tested leads up, else the policy's tolerance. Mid-p,
//! two-sided. The rate ratio's interval inverts the same test, so the two never disagree. One
//! Benjamini–Hochberg family per review over every tested (lead, measure) pair at the year's q
//! shared out over its reviews; the most extreme pair that passes leaves the reference, and the
//! rounds repeat until none passes.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;
use statrs::distribution::{DiscreteCDF, NegativeBinomial, Poisson};
use statrs::function::gamma::ln_gamma;

use super::tally::{Tally, tally};
use super::{Detail, Direction, ESTIMATE_SPREAD_FROM, Measure, Review, Settings, Shape, Window};
use crate::history::Event;

/// Where a lead's rate falls on the funnel at their exposure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Limit {
    Inside,
    Beyond95,
    Beyond998,
}

/// What a lead's data could show: the rate ratios a flag would need now.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Detectable {
    /// The smallest ratio above the reference that would be flagged.
    pub faster: Option<f64>,
    /// The largest ratio below the reference that would be flagged; `None` when even no move
    /// at all would not be.
    pub slower: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// The direction of a flag: `None` for a lead that is not flagged.
    #[serde(rename = "direction")]
    pub flag: Option<Direction>,
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
}

impl LeadResult {
    pub fn flagged(&self) -> bool {
        self.round.is_some()
    }
}

/// One measure across the org.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    pub tested: usize,
    pub flagged: usize,
    /// Funnel limits along the exposures of the tested leads, when every lead is reported.
    pub funnel: Vec<FunnelPoint>,
    /// Tracks without steps, left out of the step measure.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub without_steps: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaceReport {
    /// The review this is the verdict of; `None` for the figures on a day.
    pub review: Option<Review>,
    pub date: jiff::civil::Date,
    pub window: Window,
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
    /// The p-value the next flag would need (the funnel's flag line).
    pub flag_line: f64,
    pub measures: Vec<MeasureSummary>,
    /// Flagged first, then tested by evidence, then the untested by exposure.
    pub leads: Vec<LeadResult>,
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

/// P(X < o), P(X = o), P(X > o) for X the moves of a lead with share `share` of `n`, widened by
/// the spread τ²: a beta-binomial with variance v + τ²v², v = nπ(1−π). For a lead with a small
/// share that is e + τ²e²; written with v it stays symmetric between the lead and the reference,
/// so a lead with most of the exposure never gets a variance its count cannot have.
pub fn tails(o: u32, n: u32, share: f64, tau2: f64) -> (f64, f64, f64) {
    if n == 0 || o > n {
        return (
            if o > n { 1.0 } else { 0.0 },
            f64::from(u8::from(n == 0 && o == 0)),
            0.0,
        );
    }
    if share <= 0.0 {
        return if o == 0 {
            (0.0, 1.0, 0.0)
        } else {
            (1.0, 0.0, 0.0)
        };
    }
    if share >= 1.0 {
        return if o == n {
            (0.0, 1.0, 0.0)
        } else {
            (0.0, 0.0, 1.0)
        };
    }
    let (nf, pi) = (f64::from(n), share);
    let rho = if n > 1 {
        (tau2 * nf * pi * (1.0 - pi) / (nf - 1.0)).min(0.999)
    } else {
        0.0
    };
    let ln_choose = |k: f64| ln_gamma(nf + 1.0) - ln_gamma(k + 1.0) - ln_gamma(nf - k + 1.0);
    let (ln_at, ratio): (f64, Box<dyn Fn(f64) -> f64>) = if rho < 1e-12 {
        let k = f64::from(o);
        (
            ln_choose(k) + k * pi.ln() + (nf - k) * (-pi).ln_1p(),
            Box::new(move |k: f64| (nf - k) / (k + 1.0) * pi / (1.0 - pi)),
        )
    } else {
        let size = 1.0 / rho - 1.0;
        let (alpha, beta) = (pi * size, (1.0 - pi) * size);
        let ln_beta = |a: f64, b: f64| ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b);
        let k = f64::from(o);
        (
            ln_choose(k) + ln_beta(k + alpha, nf - k + beta) - ln_beta(alpha, beta),
            Box::new(move |k: f64| (nf - k) / (k + 1.0) * (k + alpha) / (nf - k - 1.0 + beta)),
        )
    };
    let at = ln_at.exp();
    let negligible = |term: f64, sum: f64| term < 1e-18 * (sum + at) || term == 0.0;
    let mut below = 0.0;
    let mut term = at;
    let mut k = o;
    while k > 0 {
        k -= 1;
        let next = term / ratio(f64::from(k));
        if !next.is_finite() {
            break;
        }
        below += next;
        if next < term && negligible(next, below) {
            break;
        }
        term = next;
    }
    let mut above = 0.0;
    let mut term = at;
    let mut k = o;
    while k < n {
        let next = term * ratio(f64::from(k));
        k += 1;
        if !next.is_finite() {
            break;
        }
        above += next;
        if next < term && negligible(next, above) {
            break;
        }
        term = next;
    }
    (below.min(1.0), at.min(1.0), above.min(1.0))
}

/// Two-sided mid-p.
pub fn mid_p(o: u32, n: u32, share: f64, tau2: f64) -> f64 {
    let (below, at, above) = tails(o, n, share, tau2);
    (2.0 * (below + at / 2.0).min(above + at / 2.0)).min(1.0)
}

/// The reference a pair is tested against: its moves and exposure without the pair itself.
#[derive(Debug, Clone, Copy)]
struct Against {
    moves: u32,
    exposure: f64,
    tau2: f64,
}

impl Against {
    fn share(self, exposure: f64) -> f64 {
        exposure / (exposure + self.exposure)
    }

    fn p(self, moves: u32, exposure: f64) -> f64 {
        mid_p(moves, moves + self.moves, self.share(exposure), self.tau2)
    }

    fn expected(self, exposure: f64) -> f64 {
        if self.exposure > 0.0 {
            exposure * f64::from(self.moves) / self.exposure
        } else {
            0.0
        }
    }

    /// The 95% interval of the rate ratio: the ratios the same test would not reject.
    fn interval(self, moves: u32, exposure: f64) -> Option<(f64, Option<f64>)> {
        if self.moves == 0 || exposure <= 0.0 || self.exposure <= 0.0 {
            return None;
        }
        let n = moves + self.moves;
        let share = |ratio: f64| ratio * exposure / (ratio * exposure + self.exposure);
        let upper_tail = |ratio: f64| {
            let (_, at, above) = tails(moves, n, share(ratio), self.tau2);
            above + at / 2.0
        };
        let lower_tail = |ratio: f64| {
            let (below, at, _) = tails(moves, n, share(ratio), self.tau2);
            below + at / 2.0
        };
        // Both tails move monotonically with the ratio: bisect on its logarithm, within a
        // factor of 10,000 either side of the estimate (to three significant figures).
        let estimate =
            (f64::from(moves.max(1)) * self.exposure / (f64::from(self.moves) * exposure)).ln();
        let solve = |tail: &dyn Fn(f64) -> f64, rising: bool| {
            let (mut low, mut high) = (estimate - 9.3, estimate + 9.3);
            for _ in 0..28 {
                let mid = (low + high) / 2.0;
                let past = tail(mid.exp()) > 0.025;
                if past == rising {
                    high = mid;
                } else {
                    low = mid;
                }
            }
            ((low + high) / 2.0).exp()
        };
        let low = if moves == 0 {
            0.0
        } else {
            solve(&upper_tail, true)
        };
        let high = (moves < n).then(|| solve(&lower_tail, false));
        // The estimate lies inside its own interval whatever rounding does at the ends.
        let ratio = f64::from(moves) / self.expected(exposure);
        Some((low.min(ratio), high.map(|high| high.max(ratio))))
    }
}

/// Benjamini–Hochberg: how many pass at `q`, and each p-value's adjusted value.
pub fn benjamini_hochberg(p: &[f64], q: f64) -> (usize, Vec<f64>) {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut cut = 0;
    for (rank, &index) in order.iter().enumerate() {
        if p[index] <= (rank + 1) as f64 * q / m as f64 {
            cut = rank + 1;
        }
    }
    let mut adjusted = vec![1.0; m];
    let mut running = 1.0_f64;
    for (rank, &index) in order.iter().enumerate().rev() {
        running = running.min(p[index] * m as f64 / (rank + 1) as f64);
        adjusted[index] = running.min(1.0);
    }
    (cut, adjusted)
}

/// E[z²] of a standard normal winsorised at its 10th and 90th percentiles (±1.2816):
/// 0.8 − 2·1.2816·φ(1.2816) + 0.2·1.2816².
const WINSORISED_SECOND_MOMENT: f64 = 0.6787;

/// DerSimonian–Laird between-lead variance, as a squared coefficient of variation, from
/// 10%-winsorised Pearson residuals against the pooled rate, rescaled so that residuals with
/// no outlier give the unwinsorised estimate.
pub fn spread(leads: &[(u32, f64)]) -> f64 {
    spread_without(leads, None, &mut Scratch::default())
}

/// Buffers [`spread_without`] reuses: it runs once per tested lead.
#[derive(Default)]
struct Scratch {
    residuals: Vec<f64>,
    order: Vec<f64>,
}

/// [`spread`] of `leads` with the one at `skip` left out, the sums taken in the same order.
fn spread_without(leads: &[(u32, f64)], skip: Option<usize>, scratch: &mut Scratch) -> f64 {
    let kept = || {
        leads
            .iter()
            .enumerate()
            .filter(move |(index, _)| Some(*index) != skip)
            .map(|(_, lead)| *lead)
    };
    let moves: u32 = kept().map(|(moves, _)| moves).sum();
    let exposure: f64 = kept().map(|(_, exposure)| exposure).sum();
    let count = leads.len() - usize::from(skip.is_some_and(|skip| skip < leads.len()));
    if count < 2 || moves == 0 || exposure <= 0.0 {
        return 0.0;
    }
    let rate = f64::from(moves) / exposure;
    let residuals = &mut scratch.residuals;
    residuals.clear();
    residuals.extend(kept().map(|(moves, exposure)| {
        let expected = rate * exposure;
        (f64::from(moves) - expected) / expected.sqrt()
    }));
    // Two order statistics, each found in linear time: spread runs once per tested lead (each
    // leaves itself out), so a full sort here made the test quadratic-log in the leads.
    let order = &mut scratch.order;
    order.clear();
    order.extend_from_slice(residuals);
    let k = order.len();
    let low = *order.select_nth_unstable_by(k / 10, f64::total_cmp).1;
    let high = *order
        .select_nth_unstable_by(k - 1 - k / 10, f64::total_cmp)
        .1;
    for residual in residuals.iter_mut() {
        *residual = residual.clamp(low, high);
    }
    // Winsorising shrinks Q even when nothing is an outlier: for normal residuals clipped at
    // the 10th and 90th percentiles E[z²] is 0.6787, not 1. Without this the spread comes out
    // about a third of its size and ordinary variation gets flagged.
    let q: f64 = residuals.iter().map(|z| z * z).sum::<f64>()
        / if k >= 10 {
            WINSORISED_SECOND_MOMENT
        } else {
            1.0
        };
    let sum: f64 = kept().map(|(_, exposure)| exposure / rate).sum();
    let squares: f64 = kept()
        .map(|(_, exposure)| {
            let weight = exposure / rate;
            weight * weight
        })
        .sum();
    let denominator = sum - squares / sum;
    if denominator <= 0.0 {
        return 0.0;
    }
    let absolute = ((q - (k as f64 - 1.0)) / denominator).max(0.0);
    absolute / (rate * rate)
}

/// Funnel limits at one exposure: quantiles of the null actually used (Poisson widened by τ²)
/// divided by the exposure, interpolated between integers (Spiegelhalter 2005).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FunnelPoint {
    pub exposure: f64,
    pub low_998: f64,
    pub low_95: f64,
    pub high_95: f64,
    pub high_998: f64,
    /// Where the review's flag line falls, low and high.
    pub flag_low: f64,
    pub flag_high: f64,
}

fn quantile(mean: f64, tau2: f64, p: f64) -> f64 {
    if mean <= 0.0 {
        return 0.0;
    }
    let cdf: Box<dyn Fn(u64) -> f64> = if tau2 > 1e-12 {
        let size = 1.0 / tau2;
        match NegativeBinomial::new(size, size / (size + mean)) {
            Ok(distribution) => Box::new(move |k| distribution.cdf(k)),
            Err(_) => return 0.0,
        }
    } else {
        match Poisson::new(mean) {
            Ok(distribution) => Box::new(move |k| distribution.cdf(k)),
            Err(_) => return 0.0,
        }
    };
    let mut r: u64 = 0;
    while cdf(r) < p && r < 1_000_000 {
        r += 1;
    }
    let at = cdf(r);
    let before = if r == 0 { 0.0 } else { cdf(r - 1) };
    let alpha = if at > before {
        (at - p) / (at - before)
    } else {
        0.0
    };
    (r as f64 - alpha).max(0.0)
}

pub fn funnel_point(rate: f64, exposure: f64, tau2: f64, flag_line: f64) -> FunnelPoint {
    let mean = rate * exposure;
    let limit = |p: f64| quantile(mean, tau2, p) / exposure;
    FunnelPoint {
        exposure,
        low_998: limit(0.001),
        low_95: limit(0.025),
        high_95: limit(0.975),
        high_998: limit(0.999),
        flag_low: limit(flag_line / 2.0),
        flag_high: limit(1.0 - flag_line / 2.0),
    }
}

/// One (lead, measure) pair while the rounds run.
struct Pair {
    lead: Arc<str>,
    measure: Measure,
    tally: Tally,
    tested: bool,
    reference: bool,
    p: f64,
    against: Option<Against>,
    round: Option<usize>,
    /// The BH cut the flag passed.
    cut: f64,
}

/// The test for every lead and measure over `events` (in the order they took effect).
pub fn run(
    events: &[&Event],
    window: Window,
    date: jiff::civil::Date,
    settings: &Settings,
    shape: &Shape,
    review: Option<Review>,
    detail: Detail<'_>,
) -> PaceReport {
    let measures = shape.measures();
    let mut pairs: Vec<Pair> = Vec::new();
    let min_exposure = match &settings.cycles {
        // Six months' worth of report-cycles.
        Some(cycles) => 6.0 * cycles.dates.len() as f64 / 12.0,
        None => settings.min_exposure_months,
    };
    for &measure in &measures {
        let tallies: BTreeMap<Arc<str>, Tally> =
            tally(events, window, shape, measure, settings.cycles.as_ref());
        for (lead, tally) in tallies {
            if tally.exposure <= 0.0 && tally.moves == 0 {
                continue;
            }
            pairs.push(Pair {
                lead,
                measure,
                tally,
                tested: false,
                reference: true,
                p: 1.0,
                against: None,
                round: None,
                cut: 0.0,
            });
        }
    }
    let q = settings.q_review();
    // Which pairs have enough data is decided once, against every lead.
    for &measure in &measures {
        let (moves, exposure) = totals(&pairs, measure, |_| true);
        for pair in pairs.iter_mut().filter(|pair| pair.measure == measure) {
            let expected = if exposure > 0.0 {
                f64::from(moves) * pair.tally.exposure / exposure
            } else {
                0.0
            };
            pair.tested = pair.tally.exposure >= min_exposure && expected >= settings.min_expected;
        }
    }
    let family = pairs.iter().filter(|pair| pair.tested).count();
    let mut spreads: BTreeMap<Measure, (f64, bool)> = BTreeMap::new();
    let mut round = 0;
    let mut passing;
    loop {
        round += 1;
        for &measure in &measures {
            let tested = pairs
                .iter()
                .filter(|pair| pair.measure == measure && pair.tested)
                .count();
            let estimated = tested >= ESTIMATE_SPREAD_FROM;
            // The reference leads' figures, for the spread each lead is tested with: a lead's
            // own figures never widen its own null.
            let (at, reference): (Vec<usize>, Vec<(u32, f64)>) = pairs
                .iter()
                .enumerate()
                .filter(|(_, pair)| pair.measure == measure && pair.tested && pair.reference)
                .map(|(index, pair)| (index, (pair.tally.moves, pair.tally.exposure)))
                .unzip();
            let mut scratch = Scratch::default();
            let mut spread_without = |index: Option<usize>| {
                if !estimated {
                    return settings.tolerance * settings.tolerance;
                }
                let skip = index.and_then(|index| at.binary_search(&index).ok());
                // A pair outside the reference leaves nothing out.
                spread_without(&reference, skip, &mut scratch)
            };
            spreads.insert(measure, (spread_without(None), estimated));
            let (moves, exposure) = totals(&pairs, measure, |pair| pair.reference);
            for (index, pair) in pairs.iter_mut().enumerate() {
                if pair.measure != measure || pair.round.is_some() {
                    continue;
                }
                let (own_moves, own_exposure) = if pair.reference {
                    (pair.tally.moves, pair.tally.exposure)
                } else {
                    (0, 0.0)
                };
                let against = Against {
                    moves: moves - own_moves,
                    exposure: exposure - own_exposure,
                    tau2: if pair.tested {
                        spread_without(Some(index))
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
        let tested: Vec<usize> = (0..pairs.len()).filter(|&i| pairs[i].tested).collect();
        let p_values: Vec<f64> = tested.iter().map(|&i| pairs[i].p).collect();
        let (cut, _) = benjamini_hochberg(&p_values, q);
        passing = cut;
        let threshold = cut as f64 * q / family.max(1) as f64;
        let newly = tested
            .iter()
            .copied()
            .filter(|&i| pairs[i].round.is_none() && pairs[i].p <= threshold && cut > 0)
            .min_by(|&a, &b| {
                pairs[a]
                    .p
                    .total_cmp(&pairs[b].p)
                    .then(strength(&pairs[b]).total_cmp(&strength(&pairs[a])))
            });
        match newly {
            Some(i) => {
                pairs[i].round = Some(round);
                pairs[i].reference = false;
                pairs[i].cut = threshold;
            }
            None => break,
        }
        if round > family {
            break;
        }
    }
    let tested_p: Vec<f64> = pairs
        .iter()
        .filter(|pair| pair.tested)
        .map(|pair| pair.p)
        .collect();
    let (_, adjusted) = benjamini_hochberg(&tested_p, q);
    let flag_line = (q * (passing + 1) as f64 / family.max(1) as f64).min(q);
    let mut adjusted = adjusted.into_iter();
    let mut leads: Vec<LeadResult> = Vec::with_capacity(pairs.len());
    for pair in &pairs {
        let against = pair.against.unwrap_or(Against {
            moves: 0,
            exposure: 0.0,
            tau2: 0.0,
        });
        let expected = against.expected(pair.tally.exposure);
        let side = if f64::from(pair.tally.moves) > expected {
            Direction::Faster
        } else {
            Direction::Slower
        };
        let rate_ratio = (against.moves > 0 && pair.tally.exposure > 0.0)
            .then(|| f64::from(pair.tally.moves) / expected);
        let p_adjusted = if pair.tested { adjusted.next() } else { None };
        let fragile = pair.round.is_some() && {
            let nudged = match side {
                Direction::Faster => pair.tally.moves.saturating_sub(1),
                Direction::Slower => pair.tally.moves + 1,
            };
            against.p(nudged, pair.tally.exposure) > pair.cut
        };
        let detailed = detail.wants(&pair.lead);
        let detectable = (detailed && pair.tested && pair.round.is_none())
            .then(|| detectable(against, pair.tally.exposure, flag_line));
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
            p_adjusted,
            flag: pair.round.map(|_| side),
            side,
            round: pair.round,
            limit: None,
            fragile,
            detectable,
        });
    }
    let without_steps = shape.without_steps();
    let summaries: Vec<MeasureSummary> = measures
        .iter()
        .map(|&measure| {
            let of = |lead: &&LeadResult| lead.measure == measure;
            let (tau2, estimated) = spreads.get(&measure).copied().unwrap_or((0.0, false));
            let moves: u32 = leads.iter().filter(of).map(|lead| lead.moves).sum();
            let exposure: f64 = leads.iter().filter(of).map(|lead| lead.exposure).sum();
            let (ref_moves, ref_exposure) = totals(&pairs, measure, |pair| pair.reference);
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
                spread_estimated: estimated,
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
        cycles: settings.cycles.is_some(),
        q: settings.q,
        reviews_per_year: settings.reviews_per_year(),
        q_review: q,
        family,
        leads_tested,
        flag_line,
        measures: summaries,
        leads,
    }
}

fn totals(pairs: &[Pair], measure: Measure, keep: impl Fn(&Pair) -> bool) -> (u32, f64) {
    pairs
        .iter()
        .filter(|pair| pair.measure == measure && keep(pair))
        .fold((0, 0.0), |(moves, exposure), pair| {
            (moves + pair.tally.moves, exposure + pair.tally.exposure)
        })
}

/// How far a pair sits from its expectation, to break ties between equal p-values.
fn strength(pair: &Pair) -> f64 {
    let expected = pair
        .against
        .map_or(0.0, |against| against.expected(pair.tally.exposure));
    if expected <= 0.0 {
        return 0.0;
    }
    (f64::from(pair.tally.moves) - expected).abs() / expected.sqrt()
}

/// The ratios a flag would need at this exposure: the fewest moves above expectation, and the
/// most below it, whose p-value reaches the flag line.
fn detectable(against: Against, exposure: f64, flag_line: f64) -> Detectable {
    let expected = against.expected(exposure);
    if expected <= 0.0 {
        return Detectable {
            faster: None,
            slower: None,
        };
    }
    let start = expected.ceil() as u32;
    let limit = start.saturating_mul(20).max(start + 50);
    // p falls as the count moves away from the expectation on either side: search each side.
    let flags = |moves: u32| against.p(moves, exposure) <= flag_line;
    let faster = flags(limit).then(|| {
        let (mut low, mut high) = (start, limit);
        while low < high {
            let mid = low + (high - low) / 2;
            if flags(mid) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        f64::from(low) / expected
    });
    let slower = (start > 0 && flags(0)).then(|| {
        let (mut low, mut high) = (0, start - 1);
        while low < high {
            let mid = low + (high - low).div_ceil(2);
            if flags(mid) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        f64::from(low) / expected
    });
    Detectable { faster, slower }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mid_p_is_symmetric_and_small_for_extreme_counts() {
        assert!((mid_p(5, 10, 0.5, 0.0) - 1.0).abs() < 1e-9);
        assert!((mid_p(2, 10, 0.5, 0.0) - mid_p(8, 10, 0.5, 0.0)).abs() < 1e-12);
        // All 20 moves to a lead with a tenth of the exposure: 0.1^20, doubled and halved.
        let p = mid_p(20, 20, 0.1, 0.0);
        assert!((p - 1e-20).abs() < 1e-25, "{p}");
    }

    #[test]
    fn tails_sum_to_one_with_and_without_spread() {
        for tau2 in [0.0, 0.0225, 0.25] {
            for (o, n, share) in [(0, 40, 0.05), (7, 40, 0.05), (3, 3, 0.5), (90, 400, 0.2)] {
                let (below, at, above) = tails(o, n, share, tau2);
                let total = below + at + above;
                assert!(
                    (total - 1.0).abs() < 1e-9,
                    "{o} {n} {share} {tau2}: {total}"
                );
            }
        }
    }

    #[test]
    fn spread_widens_the_null() {
        let plain = mid_p(12, 100, 0.05, 0.0);
        let wide = mid_p(12, 100, 0.05, 0.15 * 0.15);
        assert!(wide > plain, "{plain} {wide}");
    }

    #[test]
    fn the_interval_and_the_test_agree() {
        let against = Against {
            moves: 60,
            exposure: 600.0,
            tau2: 0.0,
        };
        for moves in [0, 2, 6, 11, 14, 20] {
            let p = against.p(moves, 60.0);
            let (low, high) = against.interval(moves, 60.0).expect("interval");
            let excludes_one = low > 1.0 || high.is_some_and(|high| high < 1.0);
            assert_eq!(p < 0.05, excludes_one, "{moves}: p {p}, {low}–{high:?}");
        }
    }

    #[test]
    fn benjamini_hochberg_passes_the_step_up_set() {
        let (cut, adjusted) = benjamini_hochberg(&[0.01, 0.03, 0.02, 0.5], 0.05);
        assert_eq!(cut, 3);
        assert!((adjusted[0] - 0.04).abs() < 1e-12);
        assert!((adjusted[3] - 0.5).abs() < 1e-12);
    }

    #[test]
    fn spread_is_zero_for_identical_rates_and_found_for_different_ones() {
        let same: Vec<(u32, f64)> = (0..20).map(|_| (10, 100.0)).collect();
        assert_eq!(spread(&same), 0.0);
        let differ: Vec<(u32, f64)> = (0..20)
            .map(|i| (if i % 2 == 0 { 5 } else { 25 }, 100.0))
            .collect();
        let cv = spread(&differ).sqrt();
        assert!(cv > 0.4 && cv < 0.8, "{cv}");
    }

    #[test]
    fn funnel_limits_widen_as_exposure_shrinks_and_with_spread() {
        let wide = funnel_point(0.1, 10.0, 0.0, 0.001);
        let narrow = funnel_point(0.1, 1000.0, 0.0, 0.001);
        assert!(wide.high_998 - wide.low_998 > narrow.high_998 - narrow.low_998);
        assert!(narrow.low_95 < 0.1 && 0.1 < narrow.high_95);
        assert!(narrow.flag_high > narrow.high_998);
        let spread = funnel_point(0.1, 1000.0, 0.04, 0.001);
        assert!(spread.high_95 > narrow.high_95);
        let a = funnel_point(0.1, 100.0, 0.0, 0.001).high_95;
        let b = funnel_point(0.1, 101.0, 0.0, 0.001).high_95;
        assert!((a - b).abs() < 0.002, "{a} {b}");
    }
}

#[cfg(test)]
mod brute {
    use super::*;

    /// The beta-binomial pmf summed term by term from log-gamma, for checking `tails`.
    fn direct(o: u32, n: u32, share: f64, tau2: f64) -> (f64, f64, f64) {
        let nf = f64::from(n);
        let rho = (tau2 * nf * share * (1.0 - share) / (nf - 1.0)).min(0.999);
        let size = 1.0 / rho - 1.0;
        let (a, b) = (share * size, (1.0 - share) * size);
        let lb = |x: f64, y: f64| ln_gamma(x) + ln_gamma(y) - ln_gamma(x + y);
        let pmf = |k: u32| {
            let k = f64::from(k);
            (ln_gamma(nf + 1.0) - ln_gamma(k + 1.0) - ln_gamma(nf - k + 1.0)
                + lb(k + a, nf - k + b)
                - lb(a, b))
            .exp()
        };
        let below: f64 = (0..o).map(pmf).sum();
        let above: f64 = (o + 1..=n).map(pmf).sum();
        (below, pmf(o), above)
    }

    #[test]
    fn tails_match_the_pmf_summed_directly() {
        for (o, n, share, tau2) in [
            (48, 481, 0.05, 0.04),
            (5, 200, 0.05, 0.0225),
            (30, 300, 0.1, 0.09),
        ] {
            let fast = tails(o, n, share, tau2);
            let slow = direct(o, n, share, tau2);
            for (x, y) in [(fast.0, slow.0), (fast.1, slow.1), (fast.2, slow.2)] {
                assert!(
                    (x - y).abs() < 1e-9 + 1e-6 * y,
                    "{o} {n}: {fast:?} vs {slow:?}"
                );
            }
        }
    }
}

#[cfg(test)]
mod intervals {
    use super::*;

    #[test]
    fn the_interval_holds_the_estimate_for_a_large_reference() {
        for tau2 in [0.0, 0.004, 0.0225, 0.09] {
            for moves in [0, 1, 5, 15, 40] {
                for exposure in [20.0, 95.0, 300.0] {
                    let against = Against {
                        moves: 13_283,
                        exposure: 110_000.0,
                        tau2,
                    };
                    let (low, high) = against.interval(moves, exposure).expect("interval");
                    let ratio = f64::from(moves) / against.expected(exposure);
                    let high = high.expect("bounded");
                    assert!(
                        low.is_finite() && low <= ratio && ratio <= high,
                        "{tau2} {moves} {exposure}: {low} {ratio} {high}"
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod extremes {
    use super::*;

    #[test]
    fn tails_stay_probabilities_at_extreme_shares() {
        for tau2 in [0.0, 0.004, 0.09] {
            for o in [0, 1, 15, 400] {
                for exponent in -60..=60 {
                    let share = 1.0 / (1.0 + (-f64::from(exponent) / 2.0).exp());
                    let (below, at, above) = tails(o, 13_298, share, tau2);
                    for value in [below, at, above] {
                        assert!(
                            (0.0..=1.0).contains(&value),
                            "{tau2} {o} {share}: {below} {at} {above}"
                        );
                    }
                }
            }
        }
    }
}
