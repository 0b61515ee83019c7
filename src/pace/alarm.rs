//! The live alarm: a check built for a look on every pull request. Per lead and direction, a
//! conditional Bernoulli CUSUM where each move up in the org (a step or a level) is a trial:
//! did it fall to this lead? Under the null it does with p0, the lead's share of eligible reports
//! at that moment against the reference (the leads not flagged at the standing review), each
//! lead weighed by its own pace at that review shrunk toward the org's by the spread; the
//! alternative is a rate ratio of 2 (faster) or 0.5 (slower). The thresholds come from
//! simulating null orgs so that any alarm in a year happens in at most 5% of years
//! (`thresholds`); the statistic restarts after an alarm.

mod cusum;

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use serde::Serialize;

use super::tally::granting;
use super::{Direction, Measure, PaceReport, Shape, Window};
use crate::diff::ChangeKind;
use crate::history::Event;
use crate::snapshot::Position;
use cusum::Cusums;

/// The rate ratios the alarm is tuned to find.
pub const FASTER: f64 = 2.0;
pub const SLOWER: f64 = 0.5;

#[derive(Debug, Clone, Copy, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Thresholds {
    pub faster: f64,
    pub slower: f64,
}

/// The spreads between leads the thresholds are calibrated at.
const SPREADS: [f64; 4] = [0.0, 0.1, 0.2, 0.3];

/// Thresholds by number of leads watched (rows) and spread between leads (columns), from
/// `cargo bench --bench pace -- thresholds` (1,000 simulated years each): null orgs (reports per
/// lead 3 to 12, 1.5 moves up per person-year, lead rates varying by the spread, quarterly
/// reviews weighing the leads) raise an alarm in each direction in at most 1.25% of years, so
/// in at most 2.5% either way.
const CALIBRATED: [(f64, [Thresholds; 4]); 5] = [
    (
        5.0,
        [T(5.86, 5.60), T(6.13, 5.71), T(7.26, 7.05), T(9.01, 7.49)],
    ),
    (
        10.0,
        [T(6.84, 6.32), T(7.64, 6.47), T(8.92, 7.72), T(10.67, 8.82)],
    ),
    (
        20.0,
        [T(7.92, 7.29), T(8.53, 7.31), T(10.33, 8.12), T(10.92, 8.67)],
    ),
    (
        50.0,
        [T(8.85, 7.58), T(9.96, 8.26), T(11.47, 8.97), T(12.78, 9.67)],
    ),
    (
        100.0,
        [
            T(9.28, 7.97),
            T(10.69, 9.21),
            T(12.63, 9.85),
            T(14.03, 10.21),
        ],
    ),
];

#[expect(non_snake_case, reason = "reads as a table")]
const fn T(faster: f64, slower: f64) -> Thresholds {
    Thresholds { faster, slower }
}

/// The thresholds for `leads` leads at a spread between leads: interpolated in log leads and
/// in the spread, extended past the table's ends in leads by its nearest slope.
pub fn thresholds(leads: usize, spread: f64) -> Thresholds {
    let spread = spread.clamp(SPREADS[0], SPREADS[SPREADS.len() - 1]);
    let column = (0..SPREADS.len() - 1)
        .find(|&i| spread <= SPREADS[i + 1])
        .unwrap_or(SPREADS.len() - 2);
    let u = (spread - SPREADS[column]) / (SPREADS[column + 1] - SPREADS[column]);
    let at = |row: usize| {
        let (a, b) = (CALIBRATED[row].1[column], CALIBRATED[row].1[column + 1]);
        T(
            a.faster + u * (b.faster - a.faster),
            a.slower + u * (b.slower - a.slower),
        )
    };
    let x = (leads.max(2) as f64).ln();
    let last = CALIBRATED.len() - 1;
    let row = (0..last)
        .find(|&i| x <= CALIBRATED[i + 1].0.ln())
        .unwrap_or(last - 1);
    let (x0, x1) = (CALIBRATED[row].0.ln(), CALIBRATED[row + 1].0.ln());
    let t = (x - x0) / (x1 - x0);
    let (a, b) = (at(row), at(row + 1));
    let along = |from: f64, to: f64| (from + t * (to - from)).max(from.min(to) * 0.8);
    T(along(a.faster, b.faster), along(a.slower, b.slower))
}

/// The spread between leads a review used, the largest over its tested measures.
pub fn review_spread(review: &PaceReport) -> f64 {
    review
        .measures
        .iter()
        .filter(|summary| summary.tested > 0)
        .map(|summary| summary.spread)
        .fold(0.0_f64, f64::max)
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Raised {
    pub direction: Direction,
    #[schemars(with = "String")]
    pub date: jiff::civil::Date,
    /// The commit whose move crossed the threshold; empty for a pull request's own moves.
    pub commit: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct LeadAlarm {
    pub lead: Arc<str>,
    /// The statistics now, against their thresholds.
    pub faster: f64,
    pub slower: f64,
    /// Alarms raised since the standing review.
    pub raised: Vec<Raised>,
}

impl LeadAlarm {
    pub fn raised(&self) -> Option<&Raised> {
        self.raised.last()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Alarm {
    /// The review the alarm watches from.
    #[schemars(with = "String")]
    pub since: jiff::civil::Date,
    pub leads_watched: usize,
    pub thresholds: Thresholds,
    /// Leads with a statistic above zero or an alarm, by lead.
    pub leads: Vec<LeadAlarm>,
    /// What each watched unit is: a lead, a team or a track.
    #[serde(default)]
    pub by: super::Unit,
}

impl Alarm {
    pub fn lead(&self, id: &str) -> Option<&LeadAlarm> {
        self.leads.iter().find(|lead| &*lead.lead == id)
    }
}

/// Whether someone can make any move up.
fn can_move(shape: &Shape, position: &Position) -> bool {
    shape.eligible(position, Measure::Steps) || shape.eligible(position, Measure::Levels)
}

fn is_move_up(kind: &ChangeKind) -> bool {
    matches!(kind, ChangeKind::StepUp { .. } | ChangeKind::LevelUp { .. })
}

/// The CUSUM state of the whole org, fed one event at a time.
#[derive(Clone)]
pub struct Watch {
    index: HashMap<Arc<str>, usize>,
    ids: Vec<Arc<str>>,
    /// Each lead's statistics, by the slot `index` gives.
    cusums: Cusums,
    /// Teammates' numbers, for the events fed by name; a ledger gives its own.
    people: HashMap<Arc<str>, u32>,
    next_person: u32,
    /// By teammate's number: the slot of the lead they count for, and whether they can move.
    reports: Vec<Option<(usize, bool)>>,
    start: jiff::civil::Date,
}

impl Watch {
    /// Watches from `start`, reporting alarms from `since`; every lead in the reference at the
    /// org's pace until [`Watch::set_reference`] says otherwise.
    pub fn new(
        thresholds: Thresholds,
        start: jiff::civil::Date,
        since: jiff::civil::Date,
    ) -> Watch {
        Watch {
            index: HashMap::default(),
            ids: Vec::new(),
            cusums: Cusums::new(thresholds, since),
            people: HashMap::default(),
            next_person: 0,
            reports: Vec::new(),
            start,
        }
    }

    pub fn thresholds(&self) -> Thresholds {
        self.cusums.thresholds()
    }

    /// New thresholds from here on: a simulated year of use (`tests/support/synth.rs`) sets
    /// them at each review, as [`watching`] does from the standing review's spread, or turns
    /// them off.
    pub fn set_thresholds(&mut self, thresholds: Thresholds) {
        self.cusums.set_thresholds(thresholds);
    }

    /// Takes the leads flagged at a review out of the reference and weighs each lead by its
    /// pace at the review.
    pub fn set_reference(&mut self, review: &PaceReport) {
        let weights = weights(review);
        let flagged: rustc_hash::FxHashSet<&str> =
            review.flagged().map(|lead| &*lead.lead).collect();
        for (lead, _) in &weights {
            self.slot(lead);
        }
        // Maps, not a search per lead: thousands of leads made that quadratic. The first
        // weight given for a lead is the one kept, as a search would find it.
        let mut weight_of: rustc_hash::FxHashMap<&str, f64> = rustc_hash::FxHashMap::default();
        for (id, weight) in &weights {
            weight_of.entry(&**id).or_insert(*weight);
        }
        let ids = &self.ids;
        self.cusums.set_reference(|slot| {
            let id = &*ids[slot];
            (
                !flagged.contains(id),
                weight_of.get(id).copied().unwrap_or(1.0),
            )
        });
    }

    /// The largest statistic of any lead now, per direction: for calibrating thresholds. Public
    /// because the calibration behind `CALIBRATED` (`cargo bench --bench pace -- thresholds`,
    /// through `tests/support/synth.rs`) runs outside the library.
    pub fn highest(&mut self) -> (f64, f64) {
        self.cusums.settle_all();
        self.cusums
            .leads
            .iter()
            .fold((0.0_f64, 0.0_f64), |(up, down), lead| {
                (up.max(lead.faster), down.max(lead.slower))
            })
    }

    /// The slot of a lead, watched from now on if they were not.
    pub fn slot(&mut self, lead: &Arc<str>) -> usize {
        if let Some(&slot) = self.index.get(lead) {
            return slot;
        }
        let slot = self.cusums.add();
        self.ids.push(Arc::clone(lead));
        self.index.insert(Arc::clone(lead), slot);
        slot
    }

    /// One event, in the order they took effect.
    pub fn feed(&mut self, event: &Event, shape: &Shape, commit: &str) {
        let granted = is_move_up(&event.kind)
            .then(|| granting(event, shape))
            .flatten();
        let now = event.after.as_ref().and_then(|after| {
            let lead = shape.unit_of(after)?;
            Some((lead, can_move(shape, after)))
        });
        let person = self.person(&event.person);
        let granted = granted.and_then(|lead| self.slot_of(lead));
        let now = now.map(|(lead, eligible)| (self.slot(lead), eligible));
        self.feed_seen(event.date, person, granted, now, commit);
    }

    /// The number of a teammate fed by name.
    fn person(&mut self, id: &Arc<str>) -> u32 {
        if let Some(&number) = self.people.get(id) {
            return number;
        }
        let number = self.next_person;
        self.next_person += 1;
        self.people.insert(Arc::clone(id), number);
        number
    }

    /// Teammates numbered by a ledger: `people` numbers are its own, and `id` has `number`.
    pub fn number_people_after(&mut self, people: u32) {
        self.next_person = self.next_person.max(people);
    }

    pub fn known_person(&mut self, id: &Arc<str>, number: u32) {
        self.people.insert(Arc::clone(id), number);
    }

    /// The slot of a lead already watched.
    pub fn slot_of(&self, lead: &str) -> Option<usize> {
        self.index.get(lead).copied()
    }

    /// One event as the alarm reads it: the slot of the lead who granted it, if it is a move up
    /// and they are watched, and the slot of the one the teammate counts for afterwards and
    /// whether they can move up at all.
    pub fn feed_seen(
        &mut self,
        date: jiff::civil::Date,
        person: u32,
        granted: Option<usize>,
        now: Option<(usize, bool)>,
        commit: &str,
    ) {
        let person = person as usize;
        if self.reports.len() <= person {
            self.reports.resize(person + 1, None);
        }
        let before = self.reports[person];
        if date >= self.start
            && let Some(slot) = granted
            && before.is_some_and(|(held_by, eligible)| held_by == slot && eligible)
        {
            self.cusums.trial(slot, date, commit);
        }
        if before != now {
            if let Some((slot, true)) = before {
                self.cusums.set_eligible(slot, -1);
            }
            if let Some((slot, true)) = now {
                self.cusums.set_eligible(slot, 1);
            }
            self.reports[person] = now;
        }
    }

    /// Where trials start counting: moves before it only change who is eligible.
    pub fn start(&self) -> jiff::civil::Date {
        self.start
    }

    /// The alarm as it stands, with `since` the review it watches from.
    pub fn finish(mut self, since: jiff::civil::Date) -> Alarm {
        self.cusums.settle_all();
        let thresholds = self.cusums.thresholds();
        let watched = self
            .cusums
            .leads
            .iter()
            .filter(|lead| lead.eligible > 0 || !lead.raised.is_empty())
            .count();
        let mut leads: Vec<LeadAlarm> = self
            .cusums
            .leads
            .into_iter()
            .zip(self.ids)
            .filter(|(lead, _)| lead.faster > 0.0 || lead.slower > 0.0 || !lead.raised.is_empty())
            .map(|(lead, id)| LeadAlarm {
                lead: id,
                faster: lead.faster,
                slower: lead.slower,
                raised: lead.raised,
            })
            .collect();
        leads.sort_by(|a, b| a.lead.cmp(&b.lead));
        Alarm {
            since,
            leads_watched: watched,
            thresholds,
            leads,
            by: super::Unit::Lead,
        }
    }
}

/// Each lead's pace at a review over both measures, shrunk toward the org's (a gamma prior
/// with the review's spread): (moves + k) / (expected + k), k = 1/τ².
pub fn weights(review: &PaceReport) -> Vec<(Arc<str>, f64)> {
    let spread = review_spread(review);
    let mut totals: std::collections::BTreeMap<&Arc<str>, (f64, f64)> = Default::default();
    for lead in review.leads.iter().filter(|lead| lead.expected > 0.0) {
        let entry = totals.entry(&lead.lead).or_default();
        entry.0 += f64::from(lead.moves);
        entry.1 += lead.expected;
    }
    totals
        .into_iter()
        .map(|(lead, (moves, expected))| {
            let weight = if spread > 1e-6 {
                let k = 1.0 / (spread * spread);
                (moves + k) / (expected + k)
            } else {
                1.0
            };
            (Arc::clone(lead), weight)
        })
        .collect()
}

/// Leads with eligible reports at any time in `window`, for the thresholds.
fn leads_watched(events: &[&Event], window: Window, shape: &Shape) -> usize {
    let mut leads: Vec<&str> = events
        .iter()
        .filter(|event| event.date < window.end)
        .filter_map(|event| {
            let after = event.after.as_ref()?;
            can_move(shape, after).then_some(&**shape.unit_of(after)?)
        })
        .collect();
    leads.sort_unstable();
    leads.dedup();
    leads.len()
}

/// The alarm over `events` (any order) from the start of `window` to `as_of`, against the
/// reference of the standing `review`.
pub fn watch(
    events: &[&Event],
    review: &PaceReport,
    window: Window,
    as_of: jiff::civil::Date,
    shape: &Shape,
) -> Alarm {
    watching(events, review, window, as_of, shape).finish(review.date)
}

/// The alarm's state after `events`, to be fed more (a pull request's own moves).
pub fn watching(
    events: &[&Event],
    review: &PaceReport,
    window: Window,
    as_of: jiff::civil::Date,
    shape: &Shape,
) -> Watch {
    let mut ordered: Vec<&Event> = events
        .iter()
        .copied()
        .filter(|event| event.date <= as_of)
        .collect();
    ordered.sort_by_key(|event| event.date);
    let thresholds = thresholds(
        leads_watched(&ordered, window, shape).max(2),
        review_spread(review),
    );
    let since = review.date.tomorrow().unwrap_or(review.date);
    let mut watch = Watch::new(thresholds, window.start, since);
    watch.set_reference(review);
    for event in ordered {
        watch.feed(event, shape, &event.landing.commit.to_string());
    }
    watch
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_follow_the_table_and_rise_with_leads() {
        let five = thresholds(5, 0.0);
        assert!((five.faster - CALIBRATED[0].1[0].faster).abs() < 1e-9);
        let between = thresholds(30, 0.0);
        assert!(
            between.faster > thresholds(20, 0.0).faster
                && between.faster < thresholds(50, 0.0).faster
        );
        assert!(thresholds(1000, 0.0).faster > thresholds(100, 0.0).faster);
        assert!(thresholds(2, 0.0).faster < five.faster && thresholds(2, 0.0).faster > 3.0);
        assert!(thresholds(20, 0.25).faster >= thresholds(20, 0.0).faster);
    }
}
