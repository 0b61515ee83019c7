//! Ordinary variation between leads, from all the history: how much their rates differ when
//! nothing is wrong is a property of the org that changes slowly, so the spread a review uses
//! rests on its own window and on every earlier window of the same length the history holds,
//! not on the review's window alone.
//!
//! It picks the windows and the leads in each; the sums and the interval come from
//! [`super::exact`], the counts from [`super::tally`].

use std::sync::{Arc, OnceLock};

use super::exact::{Parts, Scratch, spread_without};
use super::tally::{Tally, tally, tally_windows};
use super::{ESTIMATE_SPREAD_FROM, Measure, Settings, Shape, Window};
use crate::history::Event;

/// What the earlier windows say, worked out once for every evaluation of one history, settings
/// and shape that asks with the same window and measure: the PR check's figures with and
/// without the change differ only in moves dated after them (without cycles, which can date a
/// move back into an earlier window; `super::evaluate_sharing` does not use it there).
#[derive(Default)]
pub struct Memo {
    found: std::sync::Mutex<rustc_hash::FxHashMap<(Window, Measure), Found>>,
}

/// One window's earlier windows, worked out by whichever evaluation asks first.
type Found = Arc<OnceLock<Arc<Earlier>>>;

impl Memo {
    pub fn earlier(
        &self,
        window: Window,
        measure: Measure,
        find: impl FnOnce() -> Earlier,
    ) -> Arc<Earlier> {
        let slot = {
            let Ok(mut found) = self.found.lock() else {
                return Arc::new(find());
            };
            Arc::clone(found.entry((window, measure)).or_default())
        };
        // The lock is let go first: a second asker waits on this window alone.
        Arc::clone(slot.get_or_init(|| Arc::new(find())))
    }
}

/// What the windows before a review's own say about the spread between leads.
#[derive(Debug, Clone, Default)]
pub struct Earlier {
    /// Their estimates' sums, added to the review window's to pool them.
    pub parts: Parts,
    /// Per window, its leads' moves and exposure: what the interval is worked out from.
    pub windows: Vec<Vec<(u32, f64)>>,
}

/// The windows of `window`'s length before it, back to the first event, each with enough
/// tested leads to estimate from (the review's own rule), tested by the same rules as the
/// review tests a lead: every lead in them, since no verdict is given there and winsorising
/// keeps one different lead from widening the estimate.
pub fn earlier(
    events: &[&Event],
    window: Window,
    settings: &Settings,
    shape: &Shape,
    measure: Measure,
    min_exposure: f64,
) -> Earlier {
    let before = windows_before(events.iter().map(|event| event.date).min(), window);
    // Events dated well after a window count nothing in it (a cycle's moves land within weeks
    // of its date), so each reads only up to its reach. Without cycles every window is tallied
    // in one pass, up to the latest one's reach.
    let upto = |window: &Window| {
        let horizon = window
            .end
            .checked_add(jiff::Span::new().months(13))
            .unwrap_or(window.end);
        events
            .iter()
            .rposition(|event| event.date < horizon)
            .map_or(0, |last| last + 1)
    };
    let counted = match (&settings.cycles, before.first()) {
        (_, None) => return Earlier::default(),
        (None, Some(latest)) => {
            tally_windows(&events[..upto(latest)], &before, shape, measure, None)
        }
        (Some(cycles), _) => before
            .iter()
            .map(|window| {
                tally(
                    &events[..upto(window)],
                    *window,
                    shape,
                    measure,
                    Some(cycles),
                )
            })
            .collect(),
    };
    earlier_from(counted, settings, min_exposure)
}

/// The windows of `window`'s length before it, latest first, back to the history's `first` day.
pub fn windows_before(first: Option<jiff::civil::Date>, window: Window) -> Vec<Window> {
    let mut before: Vec<Window> = Vec::new();
    let Some(first) = first else {
        return before;
    };
    let Ok(length) = window
        .start
        .until((jiff::Unit::Month, window.end))
        .map(|span| span.get_months())
    else {
        return before;
    };
    if length <= 0 {
        return before;
    }
    let mut end = window.start;
    while end > first {
        let Ok(start) = end.checked_sub(jiff::Span::new().months(length)) else {
            break;
        };
        before.push(Window { start, end });
        end = start;
    }
    before
}

/// [`Earlier`] from the tallies of [`windows_before`]: each window with enough tested leads.
pub fn earlier_from(
    counted: Vec<std::collections::BTreeMap<Arc<str>, Tally>>,
    settings: &Settings,
    min_exposure: f64,
) -> Earlier {
    let mut found = Earlier::default();
    for tallies in counted {
        let (moves, exposure) = tallies.values().fold((0_u32, 0.0_f64), |(m, e), tally| {
            (m + tally.moves, e + tally.exposure)
        });
        if exposure <= 0.0 {
            continue;
        }
        let leads: Vec<(u32, f64)> = tallies
            .values()
            .filter(|tally| {
                let expected = f64::from(moves) * tally.exposure / exposure;
                tally.exposure >= min_exposure && expected >= settings.min_expected
            })
            .map(|tally| (tally.moves, tally.exposure))
            .collect();
        if leads.len() < ESTIMATE_SPREAD_FROM {
            continue;
        }
        found.parts = found.parts + spread_without(&leads, None, &mut Scratch::default());
        found.windows.push(leads);
    }
    found
}

impl Earlier {
    /// The spread the null allows from a review window's estimate (`own`) pooled with these
    /// windows: never below `floor` (a squared coefficient of variation, [`Spread::floor`]).
    pub fn floored(&self, own: Parts, floor: f64) -> f64 {
        (own + self.parts).spread().max(floor)
    }
}

/// The one-sided confidence of [`Spread::at_most`]: how sure the history must be that leads
/// differ by less than the default tolerance before a smaller floor is used. At 95% the bound
/// from 100 leads' one window stayed near ±10% for leads that did not differ at all, and the
/// floor went on costing a 2.5× lead a tenth of its first-review flags (docs/pace.md).
pub const AT_MOST_CONFIDENCE: f64 = 0.8;

/// The policy's tolerance, as a squared coefficient of variation.
fn tolerance(settings: &Settings) -> f64 {
    settings.tolerance * settings.tolerance
}

/// The spread a review uses for one measure, and what it rests on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// The squared coefficient of variation the null allows.
    pub used: f64,
    /// The squared coefficient of variation no estimate goes below: the tolerance, or the
    /// smaller [`Spread::at_most`] where the policy leaves the tolerance at its default.
    pub floor: f64,
    /// The estimate from the leads (a coefficient of variation), before the floor is applied;
    /// `None` when there were too few leads to estimate from.
    pub estimate: Option<f64>,
    /// Windows the estimate rests on, the review's own included.
    pub windows: usize,
    /// The estimate's 95% interval, as coefficients of variation.
    pub interval: Option<(f64, f64)>,
    /// The most leads differ by as far as the history shows, at [`AT_MOST_CONFIDENCE`] (a
    /// one-sided Q-profile bound, as a coefficient of variation).
    pub at_most: Option<f64>,
}

impl Spread {
    /// The tolerance, where there is too little to estimate from.
    pub fn tolerance(settings: &Settings) -> Spread {
        Spread {
            used: tolerance(settings),
            floor: tolerance(settings),
            estimate: None,
            windows: 0,
            interval: None,
            at_most: None,
        }
    }

    /// The estimate from the review window's reference leads pooled with the earlier windows,
    /// never below its floor. The floor is the policy's tolerance when the policy names one;
    /// left at its default, the tolerance yields to what the history shows: where it rules out,
    /// at 80%, that leads differ by as much, the bound it allows is the floor instead, so leads
    /// that do not differ are not tested as if they did.
    pub fn estimated(reference: &[(u32, f64)], earlier: &Earlier, settings: &Settings) -> Spread {
        let own = spread_without(reference, None, &mut Scratch::default());
        let estimate = (own + earlier.parts).spread();
        let windows: Vec<&[(u32, f64)]> = std::iter::once(reference)
            .chain(earlier.windows.iter().map(Vec::as_slice))
            .collect();
        let bounds =
            super::exact::spread_bounds(&windows, &[0.975, 0.025, 1.0 - AT_MOST_CONFIDENCE]);
        let interval = bounds.as_ref().map(|bounds| (bounds[0], bounds[1]));
        let at_most = bounds.as_ref().map(|bounds| bounds[2]);
        let floor = match at_most {
            Some(bound) if !settings.tolerance_written => tolerance(settings).min(bound * bound),
            _ => tolerance(settings),
        };
        Spread {
            used: earlier.floored(own, floor),
            floor,
            estimate: Some(estimate.sqrt()),
            windows: windows.len(),
            interval,
            at_most,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn even(leads: usize) -> Vec<(u32, f64)> {
        // Every lead at the org's rate, as near as whole moves allow.
        (0..leads)
            .map(|lead| (30 + (lead % 3) as u32, 100.0))
            .collect()
    }

    #[test]
    fn leads_the_history_shows_alike_lower_the_default_floor_but_not_a_written_one() {
        let default = Settings::default();
        let spread = Spread::estimated(&even(100), &Earlier::default(), &default);
        let at_most = spread.at_most.expect("a bound from 100 leads");
        assert!(at_most < default.tolerance, "{at_most}");
        assert!((spread.floor - at_most * at_most).abs() < 1e-12);
        assert!(spread.used < default.tolerance * default.tolerance);

        let written = Settings {
            tolerance_written: true,
            ..Settings::default()
        };
        let spread = Spread::estimated(&even(100), &Earlier::default(), &written);
        assert_eq!(spread.floor, 0.15 * 0.15);
        assert_eq!(spread.used, 0.15 * 0.15);
    }

    #[test]
    fn leads_that_may_differ_by_the_tolerance_keep_it_as_the_floor() {
        // 20 leads whose rates spread by about a fifth: the history cannot rule out ±15%.
        let leads: Vec<(u32, f64)> = (0..20)
            .map(|lead| (if lead % 2 == 0 { 24 } else { 36 }, 100.0))
            .collect();
        let spread = Spread::estimated(&leads, &Earlier::default(), &Settings::default());
        assert!(spread.at_most.expect("a bound") > 0.15);
        assert_eq!(spread.floor, 0.15 * 0.15);
        assert!(spread.used >= spread.floor);
    }
}
