//! The exact conditional test of one (lead, measure) pair against its reference, and every
//! figure that inverts it.
//!
//! Against the reference leads R, lead j's moves given the total are Binomial(O_j + O_R, π_j)
//! with π_j = E_j / (E_j + E_R). Ordinary variation between teams is part of the null: the
//! binomial widens to a beta-binomial whose variance is about e + τ²e² (e the expected moves),
//! with τ² the DerSimonian–Laird spread between leads ([`spread`]). Mid-p, two-sided. The rate
//! ratio's interval inverts the same test, so the two never disagree; so do the funnel's limits
//! and what a lead's data could show. Benjamini–Hochberg is here too: every p-value, interval,
//! spread and funnel limit a verdict holds comes from this file.
//!
//! Numbers in, numbers out: it knows nothing of leads, events, reviews or reports and must not
//! import from the rest of the crate. Which pairs are tested, which leads make the reference
//! and when the spread is estimated rather than the policy's tolerance belong to
//! [`super::review`].

mod moment;
mod without;

use moment::winsorised_second_moment;
#[cfg(test)]
use moment::{WINSORISED_SECOND_MOMENT, expected_square, normal_grid};
pub(super) use without::Without;

use serde::Serialize;
use statrs::distribution::{DiscreteCDF, NegativeBinomial, Poisson};
use statrs::function::gamma::ln_gamma;

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
pub(super) struct Against {
    pub(super) moves: u32,
    pub(super) exposure: f64,
    pub(super) tau2: f64,
}

impl Against {
    fn share(self, exposure: f64) -> f64 {
        exposure / (exposure + self.exposure)
    }

    pub(super) fn p(self, moves: u32, exposure: f64) -> f64 {
        mid_p(moves, moves + self.moves, self.share(exposure), self.tau2)
    }

    pub(super) fn expected(self, exposure: f64) -> f64 {
        if self.exposure > 0.0 {
            exposure * f64::from(self.moves) / self.exposure
        } else {
            0.0
        }
    }

    /// The 95% interval of the rate ratio: the ratios the same test would not reject.
    pub(super) fn interval(self, moves: u32, exposure: f64) -> Option<(f64, Option<f64>)> {
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

/// DerSimonian–Laird between-lead variance, as a squared coefficient of variation, from
/// 10%-winsorised Pearson residuals against the pooled rate, rescaled so that residuals with
/// no outlier give the unwinsorised estimate.
pub fn spread(leads: &[(u32, f64)]) -> f64 {
    spread_without(leads, None, &mut Scratch::default()).spread()
}

/// A DerSimonian–Laird estimate kept as its two sums, on the scale of a squared coefficient of
/// variation: Q less its degrees of freedom, and what divides it. Windows of one org pool by
/// adding their parts, which weighs each by how much it can tell.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Parts {
    pub excess: f64,
    pub divisor: f64,
}

impl Parts {
    /// The squared coefficient of variation, never below zero.
    pub fn spread(self) -> f64 {
        if self.divisor > 0.0 {
            (self.excess / self.divisor).max(0.0)
        } else {
            0.0
        }
    }
}

impl std::ops::Add for Parts {
    type Output = Parts;
    fn add(self, other: Parts) -> Parts {
        Parts {
            excess: self.excess + other.excess,
            divisor: self.divisor + other.divisor,
        }
    }
}

/// Buffers [`spread_without`] reuses: it runs once per tested lead.
#[derive(Default)]
pub(super) struct Scratch {
    residuals: Vec<f64>,
    order: Vec<f64>,
}

/// The [`Parts`] of [`spread`] of `leads` with the one at `skip` left out, the sums taken in
/// the same order.
pub(super) fn spread_without(
    leads: &[(u32, f64)],
    skip: Option<usize>,
    scratch: &mut Scratch,
) -> Parts {
    let kept = || {
        leads
            .iter()
            .enumerate()
            .filter(move |(index, _)| Some(*index) != skip)
            .map(|(_, lead)| *lead)
    };
    // Each sum runs over the leads in order, whichever lead is skipped; passes that share an
    // order are fused, since this runs once per tested lead and so is quadratic in the leads.
    let (mut moves, mut exposure) = (0_u32, 0.0_f64);
    for (lead_moves, lead_exposure) in kept() {
        moves += lead_moves;
        exposure += lead_exposure;
    }
    let count = leads.len() - usize::from(skip.is_some_and(|skip| skip < leads.len()));
    if count < 2 || moves == 0 || exposure <= 0.0 {
        return Parts::default();
    }
    let rate = f64::from(moves) / exposure;
    let residuals = &mut scratch.residuals;
    residuals.clear();
    let (mut sum, mut squares) = (0.0_f64, 0.0_f64);
    for (moves, exposure) in kept() {
        let expected = rate * exposure;
        residuals.push((f64::from(moves) - expected) / expected.sqrt());
        let weight = exposure / rate;
        sum += weight;
        squares += weight * weight;
    }
    let k = residuals.len();
    let q = winsorised_q(residuals, &mut scratch.order);
    let denominator = sum - squares / sum;
    if denominator <= 0.0 {
        return Parts::default();
    }
    Parts {
        excess: q - (k as f64 - 1.0),
        divisor: denominator * rate * rate,
    }
}

/// The winsorised Q of one window's leads when their rates spread by `cv2` (a squared
/// coefficient of variation) around the pooled rate; at zero it is [`spread_without`]'s Q.
fn profile_q(leads: &[(u32, f64)], cv2: f64, scratch: &mut Scratch) -> Option<(f64, f64)> {
    let (moves, exposure) = leads
        .iter()
        .fold((0_u32, 0.0_f64), |(m, e), lead| (m + lead.0, e + lead.1));
    if leads.len() < 2 || moves == 0 || exposure <= 0.0 {
        return None;
    }
    let rate = f64::from(moves) / exposure;
    let residuals = &mut scratch.residuals;
    residuals.clear();
    residuals.extend(leads.iter().map(|&(moves, exposure)| {
        let expected = rate * exposure;
        (f64::from(moves) - expected) / (expected + cv2 * expected * expected).sqrt()
    }));
    let q = winsorised_q(residuals, &mut scratch.order);
    Some((q, residuals.len() as f64 - 1.0))
}

/// Q of `residuals` winsorised at their `k / 10` lowest and highest, rescaled so that it keeps
/// its mean for normal residuals; `order` is room to find the two order statistics in.
fn winsorised_q(residuals: &[f64], order: &mut Vec<f64>) -> f64 {
    // Two order statistics, each found in linear time, the second among the values above the
    // first: a full sort here made the test quadratic-log in the leads.
    order.clear();
    order.extend_from_slice(residuals);
    let k = order.len();
    let (_, &mut low, above) = order.select_nth_unstable_by(k / 10, f64::total_cmp);
    let high = if k - 1 - k / 10 == k / 10 {
        low
    } else {
        *above
            .select_nth_unstable_by(k - 1 - k / 10 - (k / 10 + 1), f64::total_cmp)
            .1
    };
    // Winsorising shrinks Q even when nothing is an outlier: for normal residuals clipped at
    // the 10th and 90th percentiles E[z²] is 0.6787, not 1. Without this the spread comes out
    // about a third of its size and ordinary variation gets flagged; with that one figure for
    // every count, it came out too large whenever the count is not a multiple of ten.
    residuals
        .iter()
        .map(|z| {
            let z = z.clamp(low, high);
            z * z
        })
        .sum::<f64>()
        / winsorised_second_moment(k)
}

/// Bounds of a spread shared by several windows of leads, as coefficients of variation: the
/// values at which the pooled winsorised Q of [`profile_q`] meets each given quantile of its
/// chi-squared (the Q-profile of Viechtbauer 2007). 0.975 and 0.025 give the 95% interval;
/// 0.2, the one-sided 80% upper bound.
pub fn spread_bounds(windows: &[&[(u32, f64)]], quantiles: &[f64]) -> Option<Vec<f64>> {
    use statrs::distribution::{ChiSquared, ContinuousCDF};
    let mut scratch = Scratch::default();
    let pooled = |cv2: f64, scratch: &mut Scratch| {
        windows
            .iter()
            .filter_map(|leads| profile_q(leads, cv2, scratch))
            .fold((0.0, 0.0), |(q, df), (wq, wdf)| (q + wq, df + wdf))
    };
    let (at_zero, df) = pooled(0.0, &mut scratch);
    if df < 1.0 {
        return None;
    }
    let chi = ChiSquared::new(df).ok()?;
    // Q falls as the spread grows: the bound is where it crosses the quantile.
    let mut bound = |quantile: f64| {
        let target = chi.inverse_cdf(quantile);
        if at_zero <= target {
            return 0.0;
        }
        let (mut low, mut high) = (0.0_f64, 1.0_f64);
        while pooled(high, &mut scratch).0 > target && high < 1e4 {
            high *= 4.0;
        }
        for _ in 0..60 {
            let middle = 0.5 * (low + high);
            if pooled(middle, &mut scratch).0 > target {
                low = middle;
            } else {
                high = middle;
            }
        }
        (0.5 * (low + high)).sqrt()
    };
    Some(quantiles.iter().map(|&quantile| bound(quantile)).collect())
}

/// Funnel limits at one exposure: quantiles of the null actually used (Poisson widened by τ²)
/// divided by the exposure, interpolated between integers (Spiegelhalter 2005).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
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

/// What a lead's data could show: the rate ratios a flag would need now.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Detectable {
    /// The smallest ratio above the reference that would be flagged.
    pub faster: Option<f64>,
    /// The largest ratio below the reference that would be flagged; `None` when even no move
    /// at all would not be.
    pub slower: Option<f64>,
}

/// The ratios a flag would need at this exposure: the fewest moves above expectation, and the
/// most below it, whose p-value reaches the flag line.
pub(super) fn detectable(against: Against, exposure: f64, flag_line: f64) -> Detectable {
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
    fn the_winsorised_moment_matches_a_simulation_at_every_count() {
        let mut rng = fastrand::Rng::with_seed(11);
        let normal = |rng: &mut fastrand::Rng| {
            let u = rng.f64().max(f64::MIN_POSITIVE);
            (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * rng.f64()).cos()
        };
        for k in [9, 10, 15, 19, 20, 29, 40] {
            let runs = 20_000;
            let mut total = 0.0;
            for _ in 0..runs {
                let mut z: Vec<f64> = (0..k).map(|_| normal(&mut rng)).collect();
                z.sort_by(f64::total_cmp);
                let (low, high) = (z[k / 10], z[k - 1 - k / 10]);
                total += z.iter().map(|v| v.clamp(low, high).powi(2)).sum::<f64>();
            }
            let simulated = total / f64::from(runs) / k as f64;
            let exact = winsorised_second_moment(k);
            assert!(
                (exact - simulated).abs() < 0.006,
                "{k}: {exact} {simulated}"
            );
        }
        assert_eq!(winsorised_second_moment(9), 1.0);
        // The one-integral form against the sum of each clipped order statistic's square.
        let grid = normal_grid();
        for k in [10, 19, 20, 25, 40, 64, 99, 250] {
            let clipped = k / 10;
            let lowest: f64 = (0..clipped).map(|i| expected_square(&grid, k, i)).sum();
            let lost = lowest - clipped as f64 * expected_square(&grid, k, clipped);
            let summed = (k as f64 - 2.0 * lost) / k as f64;
            let moment = winsorised_second_moment(k);
            assert!(
                (moment - summed).abs() < 1e-9,
                "{k}: {moment} against {summed}"
            );
        }
        let far = winsorised_second_moment(1000);
        assert!((far - WINSORISED_SECOND_MOMENT).abs() < 0.002, "{far}");
    }

    #[test]
    fn leads_that_do_not_differ_give_no_spread_on_average_whatever_their_count() {
        let mut rng = fastrand::Rng::with_seed(5);
        let poisson = |rng: &mut fastrand::Rng, mean: f64| {
            let (mut k, mut p) = (0_u32, (-mean).exp());
            let (mut cumulative, u) = (p, rng.f64());
            while u > cumulative && k < 1000 {
                k += 1;
                p *= mean / f64::from(k);
                cumulative += p;
            }
            k
        };
        for k in [19_usize, 20, 25, 40, 100] {
            let runs = 3000;
            let mut excess = 0.0;
            for _ in 0..runs {
                let leads: Vec<(u32, f64)> = (0..k)
                    .map(|i| {
                        let exposure = 60.0 + 10.0 * (i % 4) as f64;
                        (poisson(&mut rng, 0.4 * exposure), exposure)
                    })
                    .collect();
                excess += spread_without(&leads, None, &mut Scratch::default()).excess;
            }
            // Q's mean is its degrees of freedom, so the excess is about zero: within 5% of
            // them (Poisson counts are a little skewed). One constant for every count left
            // 19 leads' Q about 3.5 too large.
            let mean = excess / f64::from(runs);
            assert!(
                mean.abs() < 0.05 * (k - 1) as f64,
                "{k} leads: mean excess {mean}"
            );
        }
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
