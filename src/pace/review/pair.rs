//! One lead and measure in one window while a review's rounds run, and the sums and weights
//! the rounds read from them.

use std::sync::Arc;

use super::Period;
use crate::pace::exact::Against;
use crate::pace::tally::Tally;
use crate::pace::{Direction, Measure};

/// One (lead, measure, window) triple while the rounds run.
pub(super) struct Pair {
    pub(super) lead: Arc<str>,
    pub(super) measure: Measure,
    pub(super) span: Period,
    /// The same lead and measure in the other window.
    pub(super) sibling: Option<usize>,
    pub(super) tally: Tally,
    pub(super) tested: bool,
    pub(super) reference: bool,
    pub(super) p: f64,
    pub(super) against: Option<Against>,
    pub(super) round: Option<usize>,
    /// The BH cut the flag passed.
    pub(super) cut: f64,
}

impl Pair {
    pub(super) fn new(lead: Arc<str>, measure: Measure, span: Period, tally: Tally) -> Pair {
        Pair {
            lead,
            measure,
            span,
            sibling: None,
            tally,
            tested: false,
            reference: true,
            p: 1.0,
            against: None,
            round: None,
            cut: 0.0,
        }
    }
}

pub(super) fn totals(
    pairs: &[Pair],
    measure: Measure,
    span: Period,
    keep: impl Fn(&Pair) -> bool,
) -> (u32, f64) {
    pairs
        .iter()
        .filter(|pair| pair.measure == measure && pair.span == span && keep(pair))
        .fold((0, 0.0), |(moves, exposure), pair| {
            (moves + pair.tally.moves, exposure + pair.tally.exposure)
        })
}

/// The share of a lead's false-flag allowance its whole window gets when its recent window
/// is tested too; the recent window gets the rest.
pub const WHOLE_WINDOW_WEIGHT: f64 = 0.8;

pub(super) fn weight(span: Period, shared: bool) -> f64 {
    match (span, shared) {
        (_, false) => 1.0,
        (Period::Window, true) => WHOLE_WINDOW_WEIGHT,
        (Period::Recent, true) => 1.0 - WHOLE_WINDOW_WEIGHT,
    }
}

/// The weighed p-value of a lead and measure (`at` a whole-window pair), and the pair that
/// gives it.
pub(super) fn weighted(pairs: &[Pair], at: usize) -> (f64, usize) {
    let whole = &pairs[at];
    match whole.sibling.filter(|&sibling| pairs[sibling].tested) {
        Some(sibling) => {
            let own = whole.p / weight(Period::Window, true);
            let lately = pairs[sibling].p / weight(Period::Recent, true);
            if lately < own {
                (lately, sibling)
            } else {
                (own, at)
            }
        }
        None => (whole.p, at),
    }
}

pub(super) fn against_of(pair: &Pair) -> Against {
    pair.against.unwrap_or(Against {
        moves: 0,
        exposure: 0.0,
        tau2: 0.0,
    })
}

/// Which side of its expectation a pair falls on.
pub(super) fn side_of(pair: &Pair) -> Direction {
    if f64::from(pair.tally.moves) > against_of(pair).expected(pair.tally.exposure) {
        Direction::Faster
    } else {
        Direction::Slower
    }
}

/// How far a pair sits from its expectation, to break ties between equal p-values.
pub(super) fn strength(pair: &Pair) -> f64 {
    let expected = pair
        .against
        .map_or(0.0, |against| against.expected(pair.tally.exposure));
    if expected <= 0.0 {
        return 0.0;
    }
    (f64::from(pair.tally.moves) - expected).abs() / expected.sqrt()
}
