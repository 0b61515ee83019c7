//! The pull request check's pace: the standing review's verdict and the figures on the day
//! without and with the change, from one pass over the history per measure.

use std::sync::Arc;

use super::ledger::Ledger;
use super::{Detail, Measure, PaceReport, Settings, Shape, review, tally, up_to, variation};
use crate::history::Event;

/// The pull request check's three reports, from one pass over the history per measure: the
/// standing review's verdict, and the figures on `as_of` without and with `added` (the change's
/// events, dated after every event of the base). Each equals what [`verdict`](super::verdict) and [`evaluate`](super::evaluate)
/// give, but for the last digits of sums taken in another order. `None` where that one pass
/// cannot stand in for them (calibration cycles, which tally each cycle apart; events dated
/// after `as_of`): ask those two instead. `then` is given the standing verdict as soon as it
/// is found (the live alarm starts from it), while the other two reports are worked out.
pub fn around_change<'a, T: Send>(
    base: &[&'a Event],
    added: &[&'a Event],
    as_of: jiff::civil::Date,
    settings: &Settings,
    shape: &Shape,
    detail: Detail<'_>,
    then: impl FnOnce(&PaceReport) -> T + Send,
) -> Option<(PaceReport, T, PaceReport, PaceReport)> {
    let all = up_to(base, as_of);
    let last = all.last().map(|event| event.date)?;
    if all.len() != base.len() {
        return None;
    }
    let first = all.first().map(|event| event.date);
    let added_now = up_to(added, as_of);
    let feed = |pass: &mut tally::Pass<'a>, _: Measure| pass.feed(&all, shape);
    let feed_added = |pass: &mut tally::Pass<'a>, _: Measure| pass.feed(&added_now, shape);
    let sources = Sources {
        first,
        last,
        base: &feed,
        added: &feed_added,
    };
    around(sources, added, as_of, settings, shape, detail, then)
}

/// [`around_change`] from the base's [`Ledger`] instead of its events: the same reports.
pub fn around_change_ledger<'a, T: Send>(
    ledger: &'a Ledger,
    added: &[&'a Event],
    as_of: jiff::civil::Date,
    settings: &Settings,
    shape: &Shape,
    detail: Detail<'_>,
    then: impl FnOnce(&PaceReport) -> T + Send,
) -> Option<(PaceReport, T, PaceReport, PaceReport)> {
    let first = ledger.days_in_effect().next();
    let last = ledger.days_in_effect().last()?;
    if last > as_of {
        return None;
    }
    let added_now = up_to(added, as_of);
    let keys = ledger.keys_for(&added_now, shape);
    let feed = |pass: &mut tally::Pass<'a>, measure: Measure| ledger.feed(pass, measure);
    let feed_added = |pass: &mut tally::Pass<'a>, measure: Measure| {
        let mut keys = keys.clone();
        for event in added_now.iter().copied() {
            pass.feed_seen(tally::Seen::of(event, shape, measure, &mut keys));
        }
    };
    let sources = Sources {
        first,
        last,
        base: &feed,
        added: &feed_added,
    };
    around(sources, added, as_of, settings, shape, detail, then)
}

/// What gives a pass events, in the order they took effect.
type Feed<'f, 'a> = &'f (dyn Fn(&mut tally::Pass<'a>, Measure) + Sync);

/// The base's events as a pass reads them (all up to the day asked about, the first on
/// `first`, the last on `last`), and the change's, which come after them.
struct Sources<'f, 'a> {
    first: Option<jiff::civil::Date>,
    last: jiff::civil::Date,
    base: Feed<'f, 'a>,
    added: Feed<'f, 'a>,
}

/// The three reports from `sources`, and `then` of the first; `added` are the change's events.
fn around<'a, T: Send>(
    sources: Sources<'_, 'a>,
    added: &[&'a Event],
    as_of: jiff::civil::Date,
    settings: &Settings,
    shape: &Shape,
    detail: Detail<'_>,
    then: impl FnOnce(&PaceReport) -> T + Send,
) -> Option<(PaceReport, T, PaceReport, PaceReport)> {
    let Sources {
        first,
        last,
        base: feed,
        added: feed_added,
    } = sources;
    use rayon::prelude::*;
    use std::collections::BTreeMap;
    if settings.cycles.is_some()
        || added
            .iter()
            .any(|event| event.date < last || event.date > as_of)
    {
        return None;
    }
    let review = settings.standing_review(as_of);
    let review_first = first.filter(|&first| first <= review.date);
    let review_window = settings.window_ending(review.date, review_first);
    let now_window = settings.window_ending(as_of, first);
    let review_recent = review::recent_window(review_window);
    let now_recent = review::recent_window(now_window);
    let review_before = variation::windows_before(review_first, review_window);
    let now_before = variation::windows_before(first, now_window);
    let mut windows = vec![review_window];
    windows.extend(review_recent);
    windows.push(now_window);
    windows.extend(now_recent);
    let reporting = windows.len();
    windows.extend(&review_before);
    windows.extend(&now_before);
    let min_exposure = review::min_exposure(settings);
    type Sides = (review::Counted, review::Counted, review::Counted);
    let counted: Vec<(Measure, Sides)> = shape
        .measures()
        .par_iter()
        .map(|&measure| {
            let mut pass = tally::Pass::new(windows.clone(), reporting, measure);
            feed(&mut pass, measure);
            let now_at = 1 + usize::from(review_recent.is_some());
            let now_count = 1 + usize::from(now_recent.is_some());
            let mut with_change = pass.fork(now_at..now_at + now_count);
            feed_added(&mut with_change, measure);
            let mut found = pass.finish().into_iter();
            let mut next = |there: bool| {
                if there {
                    found.next().unwrap_or_default()
                } else {
                    BTreeMap::new()
                }
            };
            let (review_tallies, review_lately) = (next(true), next(review_recent.is_some()));
            let (now_tallies, now_lately) = (next(true), next(now_recent.is_some()));
            let review_earlier: Vec<_> = review_before.iter().map(|_| next(true)).collect();
            let now_earlier: Vec<_> = now_before.iter().map(|_| next(true)).collect();
            let now_earlier =
                Arc::new(variation::earlier_from(now_earlier, settings, min_exposure));
            let mut after = with_change.finish().into_iter();
            let mut after_next = |there: bool| {
                if there {
                    after.next().unwrap_or_default()
                } else {
                    BTreeMap::new()
                }
            };
            let sides = (
                review::Counted {
                    window: review_tallies,
                    recent: review_lately,
                    earlier: Arc::new(variation::earlier_from(
                        review_earlier,
                        settings,
                        min_exposure,
                    )),
                },
                review::Counted {
                    window: now_tallies,
                    recent: now_lately,
                    earlier: Arc::clone(&now_earlier),
                },
                review::Counted {
                    window: after_next(true),
                    recent: after_next(now_recent.is_some()),
                    earlier: now_earlier,
                },
            );
            (measure, sides)
        })
        .collect();
    let mut sides: [BTreeMap<Measure, review::Counted>; 3] = Default::default();
    for (measure, (at_review, before, after)) in counted {
        sides[0].insert(measure, at_review);
        sides[1].insert(measure, before);
        sides[2].insert(measure, after);
    }
    let [at_review, before, after] = sides;
    let counted = review::Source::Counted;
    let now = |sides| {
        review::run(
            counted(sides),
            now_window,
            as_of,
            settings,
            shape,
            None,
            detail,
        )
    };
    let ((standing, then), (before, after)) = rayon::join(
        || {
            let (date, at) = (review.date, counted(at_review));
            let standing = review::run(
                at,
                review_window,
                date,
                settings,
                shape,
                Some(review),
                detail,
            );
            let then = then(&standing);
            (standing, then)
        },
        || rayon::join(|| now(before), || now(after)),
    );
    Some((standing, then, before, after))
}
