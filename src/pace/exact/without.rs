//! Every tested lead's spread with that lead left out, in time close to linear in the leads.
//!
//! Leaving one lead out moves the pooled rate a little, and every residual falls as the rate
//! rises, so each lead's residual stays between its values at the lowest and the highest rate any
//! leave-one-out gives. Leads whose whole range lies below the lowest possible clip point, above
//! the highest one, or between the two, are clipped (or not) the same way whichever lead is left
//! out: their share of Q is a count or three sums. Only the leads whose range meets a clip point
//! are looked at one by one. With thousands of leads those are a few dozen, where a pass over
//! every lead for every lead was most of a pull request's check.

use super::{Parts, Scratch, spread_without, winsorised_second_moment};

/// Below this many leads the plain pass is cheap and the figures stay bit for bit as before.
const DIRECT_BELOW: usize = 64;

#[derive(Clone, Copy, PartialEq)]
enum Side {
    /// Below the low clip point whoever is left out.
    Low,
    /// Between the clip points whoever is left out.
    Middle,
    /// Above the high clip point whoever is left out.
    High,
    /// Near a clip point: worked out for each lead left out.
    Near,
}

/// The reference leads of one measure, ready to give [`spread_without`] for any lead left out.
pub(in crate::pace) struct Without<'a> {
    leads: &'a [(u32, f64)],
    /// `None` where the plain pass is used.
    prepared: Option<Prepared>,
}

struct Prepared {
    moves: u64,
    exposure: f64,
    exposure_squared: f64,
    side: Vec<Side>,
    near: Vec<usize>,
    low: usize,
    high: usize,
    middle: usize,
    /// Σ m²/e, Σ m and Σ e over the middle leads: Σ r² at rate ρ is Σm²/(eρ) − 2Σm + ρΣe.
    middle_sums: (f64, f64, f64),
    moment: f64,
}

/// The Pearson residual of `moves` on `exposure` at `rate`, as [`spread_without`] works it out.
fn residual(moves: u32, exposure: f64, rate: f64) -> f64 {
    let expected = rate * exposure;
    (f64::from(moves) - expected) / expected.sqrt()
}

impl<'a> Without<'a> {
    pub fn new(leads: &'a [(u32, f64)]) -> Without<'a> {
        Without {
            leads,
            prepared: prepare(leads),
        }
    }

    /// [`spread_without`] of the leads with the one at `skip` left out (none for `None`).
    pub fn parts(&self, skip: Option<usize>, scratch: &mut Scratch) -> Parts {
        match (skip, &self.prepared) {
            (Some(skip), Some(prepared)) if skip < self.leads.len() => prepared
                .without(self.leads, skip, scratch)
                .unwrap_or_else(|| spread_without(self.leads, Some(skip), scratch)),
            _ => spread_without(self.leads, skip, scratch),
        }
    }
}

fn prepare(leads: &[(u32, f64)]) -> Option<Prepared> {
    let n = leads.len();
    if n < DIRECT_BELOW
        || leads
            .iter()
            .any(|&(_, exposure)| !(exposure.is_finite() && exposure > 0.0))
    {
        return None;
    }
    let moves: u64 = leads.iter().map(|&(moves, _)| u64::from(moves)).sum();
    let exposure: f64 = leads.iter().map(|&(_, exposure)| exposure).sum();
    let exposure_squared: f64 = leads.iter().map(|&(_, e)| e * e).sum();
    // The pooled rate of every leave-one-out that has one.
    let (mut lowest, mut highest) = (f64::INFINITY, 0.0_f64);
    for &(own_moves, own_exposure) in leads {
        let rest = moves - u64::from(own_moves);
        if rest > 0 {
            let rate = rest as f64 / (exposure - own_exposure);
            lowest = lowest.min(rate);
            highest = highest.max(rate);
        }
    }
    if !(lowest.is_finite() && highest.is_finite() && lowest > 0.0) {
        return None;
    }
    // Each residual's range, widened past rounding so that the one worked out for any single
    // leave-one-out is surely inside it.
    let widen = |value: f64| 1e-9 * (1.0 + value.abs());
    let ranges: Vec<(f64, f64)> = leads
        .iter()
        .map(|&(m, e)| {
            let (at_highest, at_lowest) = (residual(m, e, highest), residual(m, e, lowest));
            (at_highest - widen(at_highest), at_lowest + widen(at_lowest))
        })
        .collect();
    if ranges
        .iter()
        .any(|(a, b)| !(a.is_finite() && b.is_finite()))
    {
        return None;
    }
    let kept = n - 1;
    let (clip_low, clip_high) = (kept / 10, kept - 1 - kept / 10);
    // With one lead out a clip point is the clip-th or the next of all n leads' residuals: so
    // it lies between the clip-th lowest of the ranges' floors and the next of their ceilings.
    let mut floors: Vec<f64> = ranges.iter().map(|range| range.0).collect();
    let mut ceilings: Vec<f64> = ranges.iter().map(|range| range.1).collect();
    floors.sort_unstable_by(f64::total_cmp);
    ceilings.sort_unstable_by(f64::total_cmp);
    let (low_from, low_to) = (floors[clip_low], ceilings[clip_low + 1]);
    let (high_from, high_to) = (floors[clip_high], ceilings[clip_high + 1]);
    let mut prepared = Prepared {
        moves,
        exposure,
        exposure_squared,
        side: Vec::with_capacity(n),
        near: Vec::new(),
        low: 0,
        high: 0,
        middle: 0,
        middle_sums: (0.0, 0.0, 0.0),
        moment: winsorised_second_moment(kept),
    };
    for (index, (&(m, e), &(floor, ceiling))) in leads.iter().zip(&ranges).enumerate() {
        let side = if ceiling < low_from {
            prepared.low += 1;
            Side::Low
        } else if floor > high_to {
            prepared.high += 1;
            Side::High
        } else if floor > low_to && ceiling < high_from {
            prepared.middle += 1;
            let m = f64::from(m);
            prepared.middle_sums.0 += m * m / e;
            prepared.middle_sums.1 += m;
            prepared.middle_sums.2 += e;
            Side::Middle
        } else {
            prepared.near.push(index);
            Side::Near
        };
        prepared.side.push(side);
    }
    Some(prepared)
}

impl Prepared {
    /// `None` where rounding put a clip point outside the near leads: the plain pass decides.
    fn without(&self, leads: &[(u32, f64)], skip: usize, scratch: &mut Scratch) -> Option<Parts> {
        let (own_moves, own_exposure) = leads[skip];
        let moves = self.moves - u64::from(own_moves);
        let exposure = self.exposure - own_exposure;
        if moves == 0 || exposure <= 0.0 {
            return Some(Parts::default());
        }
        let rate = moves as f64 / exposure;
        let side = self.side[skip];
        let less = |on: Side, count: usize| count - usize::from(side == on);
        let (low, middle, high) = (
            less(Side::Low, self.low),
            less(Side::Middle, self.middle),
            less(Side::High, self.high),
        );
        let values = &mut scratch.residuals;
        values.clear();
        values.extend(
            self.near
                .iter()
                .filter(|&&index| index != skip)
                .map(|&index| residual(leads[index].0, leads[index].1, rate)),
        );
        let kept = leads.len() - 1;
        let (clip_low, clip_high) = (kept / 10, kept - 1 - kept / 10);
        // The clip points' ranks among the near leads: every low lead is below both, every
        // middle one between them, every high one above.
        let at_low = clip_low.checked_sub(low)?;
        let at_high = clip_high.checked_sub(low + middle)?;
        if at_high >= values.len() || at_low > at_high {
            return None;
        }
        let order = &mut scratch.order;
        order.clear();
        order.extend_from_slice(values);
        let (_, &mut clip_from, above) = order.select_nth_unstable_by(at_low, f64::total_cmp);
        let clip_to = if at_high == at_low {
            clip_from
        } else {
            *above
                .select_nth_unstable_by(at_high - at_low - 1, f64::total_cmp)
                .1
        };
        let (mut sum_mm_e, mut sum_m, mut sum_e) = self.middle_sums;
        if side == Side::Middle {
            let m = f64::from(own_moves);
            sum_mm_e -= m * m / own_exposure;
            sum_m -= m;
            sum_e -= own_exposure;
        }
        let near: f64 = values
            .iter()
            .map(|value| {
                let value = value.clamp(clip_from, clip_to);
                value * value
            })
            .sum();
        let q = (low as f64 * clip_from * clip_from
            + high as f64 * clip_to * clip_to
            + (sum_mm_e / rate - 2.0 * sum_m + sum_e * rate)
            + near)
            / self.moment;
        let sum = exposure / rate;
        let squares = (self.exposure_squared - own_exposure * own_exposure) / (rate * rate);
        let denominator = sum - squares / sum;
        if denominator <= 0.0 {
            return Some(Parts::default());
        }
        Some(Parts {
            excess: q - (kept as f64 - 1.0),
            divisor: denominator * rate * rate,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(fast: Parts, plain: Parts) -> bool {
        let near = |a: f64, b: f64| (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()));
        near(fast.excess, plain.excess) && near(fast.divisor, plain.divisor)
    }

    #[test]
    fn every_lead_left_out_gives_what_the_plain_pass_gives() {
        let mut rng = fastrand::Rng::with_seed(11);
        let mut scratch = Scratch::default();
        for round in 0..60 {
            let n = [64, 65, 80, 200, 999][round % 5];
            let mut leads: Vec<(u32, f64)> = (0..n)
                .map(|_| {
                    let exposure = 1.0 + 40.0 * rng.f64();
                    let rate = 0.05 + 0.3 * rng.f64();
                    let moves = (exposure * rate * (0.2 + 1.6 * rng.f64())).round() as u32;
                    (moves, exposure)
                })
                .collect();
            // Ties, a lead with most of the moves, and leads with none.
            if round % 3 == 0 {
                leads[1] = leads[0];
                leads[2] = leads[0];
            }
            if round % 4 == 1 {
                leads[3] = (400, 50.0);
            }
            if round % 5 == 2 {
                leads[4] = (0, 30.0);
                leads[5] = (0, 0.5);
            }
            let without = Without::new(&leads);
            let prepared = without.prepared.as_ref().expect("prepared");
            for skip in 0..n {
                let fast = prepared
                    .without(&leads, skip, &mut scratch)
                    .expect("the clip points among the near leads");
                let plain = spread_without(&leads, Some(skip), &mut scratch);
                assert!(
                    close(fast, plain),
                    "round {round}, {n} leads, lead {skip} out: {fast:?} against {plain:?}"
                );
            }
        }
    }

    #[test]
    fn few_leads_or_a_lead_with_no_exposure_take_the_plain_pass() {
        let few: Vec<(u32, f64)> = (0..63).map(|i| (i % 5, 10.0)).collect();
        assert!(Without::new(&few).prepared.is_none());
        let mut empty: Vec<(u32, f64)> = (0..100).map(|i| (i % 5, 10.0)).collect();
        empty[7] = (0, 0.0);
        assert!(Without::new(&empty).prepared.is_none());
        let none: Vec<(u32, f64)> = (0..100).map(|_| (0, 10.0)).collect();
        let without = Without::new(&none);
        let mut scratch = Scratch::default();
        assert_eq!(without.parts(Some(3), &mut scratch), Parts::default());
    }

    #[test]
    fn only_leads_near_a_clip_point_are_looked_at_one_by_one() {
        let mut rng = fastrand::Rng::with_seed(3);
        let leads: Vec<(u32, f64)> = (0..5000)
            .map(|_| {
                let exposure = 5.0 + 20.0 * rng.f64();
                (
                    (exposure * 0.2 * (0.5 + rng.f64())).round() as u32,
                    exposure,
                )
            })
            .collect();
        let without = Without::new(&leads);
        let near = without
            .prepared
            .as_ref()
            .map_or(usize::MAX, |p| p.near.len());
        assert!(near < 100, "{near} of 5000 leads near a clip point");
    }
}
