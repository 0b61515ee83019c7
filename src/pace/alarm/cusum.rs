//! The alarm's two statistics for every lead, brought up to date only when a lead is looked at.
//!
//! A move up that falls to a reference lead is a trial for every lead in the reference, and
//! nearly every lead just misses it: its faster statistic falls by ln(1 + p0) and its slower one
//! rises by −ln(1 − p0/2), p0 its share own / total. While a lead's own weight stands still, a
//! run of misses is summed from running sums of the powers of 1/total (the logarithms' series),
//! so a lead is brought up to date in a few operations when it is hit, gains or loses a report,
//! or is read; a pass over every lead at every trial was most of a pull request's check at
//! 50,000 teammates. Where a share could pass 1% (a small org), the run is replayed trial by
//! trial, the arithmetic as it always was.

use super::{Direction, FASTER, Raised, SLOWER, Thresholds};

/// Terms of the series: with a share below [`SERIES_UP_TO`] the rest is below 1e-15 of a step.
const TERMS: usize = 6;
const SERIES_UP_TO: f64 = 0.01;

#[derive(Clone)]
pub(super) struct Lead {
    pub reference: bool,
    pub eligible: u64,
    /// The lead's pace at the standing review, shrunk toward the org's.
    pub weight: f64,
    pub faster: f64,
    pub slower: f64,
    pub raised: Vec<Raised>,
    /// Trials of the log this lead has taken.
    seen: usize,
}

/// The trials every reference lead takes, since the leads were last all brought up to date.
#[derive(Clone)]
struct Log {
    totals: Vec<f64>,
    dates: Vec<jiff::civil::Date>,
    /// The first trial of each commit, in order.
    commits: Vec<(usize, String)>,
    /// Σ total^-(k+1) over the trials before each one (a total of zero takes no step).
    sums: Vec<[f64; TERMS]>,
    smallest: f64,
}

impl Log {
    fn new() -> Log {
        Log {
            totals: Vec::new(),
            dates: Vec::new(),
            commits: Vec::new(),
            sums: vec![[0.0; TERMS]],
            smallest: f64::INFINITY,
        }
    }

    fn len(&self) -> usize {
        self.totals.len()
    }

    fn push(&mut self, total: f64, date: jiff::civil::Date, commit: &str) {
        if self.commits.last().is_none_or(|(_, last)| last != commit) {
            self.commits.push((self.len(), commit.to_string()));
        }
        let mut sums = self.sums[self.len()];
        if total > 0.0 {
            self.smallest = self.smallest.min(total);
            let mut power = 1.0;
            for sum in &mut sums {
                power /= total;
                *sum += power;
            }
        }
        self.totals.push(total);
        self.dates.push(date);
        self.sums.push(sums);
    }

    fn commit(&self, trial: usize) -> &str {
        let at = self.commits.partition_point(|(first, _)| *first <= trial);
        self.commits
            .get(at.wrapping_sub(1))
            .map_or("", |(_, commit)| commit)
    }

    /// Σ over trials `from..to` of −ln(1 + share·x) for a lead of weight `own`, x = own/total:
    /// the series of the logarithm, term by term from the running sums.
    fn sum(&self, from: usize, to: usize, own: f64, share: f64) -> f64 {
        let (a, b) = (&self.sums[from], &self.sums[to]);
        let mut total = 0.0;
        let mut power = 1.0;
        for k in 0..TERMS {
            power *= -share * own;
            total += power / (k + 1) as f64 * (b[k] - a[k]);
        }
        total
    }
}

#[derive(Clone)]
pub(super) struct Cusums {
    pub leads: Vec<Lead>,
    log: Log,
    /// Leads outside the reference: each takes every trial as it comes.
    outside: Vec<usize>,
    reference_total: f64,
    thresholds: Thresholds,
    since: jiff::civil::Date,
    /// Runs of misses summed by the series, for the tests to see that they were.
    #[cfg(test)]
    summed: usize,
}

impl Cusums {
    pub fn new(thresholds: Thresholds, since: jiff::civil::Date) -> Cusums {
        Cusums {
            leads: Vec::new(),
            log: Log::new(),
            outside: Vec::new(),
            reference_total: 0.0,
            thresholds,
            since,
            #[cfg(test)]
            summed: 0,
        }
    }

    pub fn thresholds(&self) -> Thresholds {
        self.thresholds
    }

    pub fn set_thresholds(&mut self, thresholds: Thresholds) {
        self.settle_all();
        self.thresholds = thresholds;
    }

    pub fn add(&mut self) -> usize {
        self.leads.push(Lead {
            reference: true,
            eligible: 0,
            weight: 1.0,
            faster: 0.0,
            slower: 0.0,
            raised: Vec::new(),
            seen: self.log.len(),
        });
        self.leads.len() - 1
    }

    pub fn set_eligible(&mut self, slot: usize, delta: i64) {
        self.settle(slot);
        let lead = &mut self.leads[slot];
        lead.eligible = lead.eligible.saturating_add_signed(delta);
        if lead.reference {
            self.reference_total = (self.reference_total + lead.weight * delta as f64).max(0.0);
        }
    }

    /// Sets each lead's place in the reference and weight, `of` giving them by slot.
    pub fn set_reference(&mut self, of: impl Fn(usize) -> (bool, f64)) {
        self.settle_all();
        for (slot, lead) in self.leads.iter_mut().enumerate() {
            (lead.reference, lead.weight) = of(slot);
        }
        self.outside = (0..self.leads.len())
            .filter(|&slot| !self.leads[slot].reference)
            .collect();
        self.reference_total = self
            .leads
            .iter()
            .filter(|lead| lead.reference)
            .map(|lead| lead.weight * lead.eligible as f64)
            .sum();
    }

    /// A move up granted by the lead in `hit`: every watched lead's statistics take a step.
    pub fn trial(&mut self, hit: usize, date: jiff::civil::Date, commit: &str) {
        let reference_total = self.reference_total;
        if !self.leads[hit].reference {
            // Outside the reference, the move is a trial for its own lead alone.
            let own = self.own(hit);
            self.step(hit, reference_total + own, true, date, commit);
            return;
        }
        self.settle(hit);
        self.log.push(reference_total, date, commit);
        self.step(hit, reference_total, true, date, commit);
        self.leads[hit].seen = self.log.len();
        for at in 0..self.outside.len() {
            let slot = self.outside[at];
            let own = self.own(slot);
            self.step(slot, reference_total + own, false, date, commit);
        }
    }

    fn own(&self, slot: usize) -> f64 {
        let lead = &self.leads[slot];
        lead.weight * lead.eligible as f64
    }

    /// One trial for one lead, as the alarm has always taken it.
    fn step(&mut self, slot: usize, total: f64, fell: bool, date: jiff::civil::Date, commit: &str) {
        let crossed = take(&mut self.leads[slot], total, fell, self.thresholds);
        raise(&mut self.leads[slot], crossed, date, self.since, commit);
    }

    fn step_logged(&mut self, slot: usize, trial: usize) {
        let (total, date) = (self.log.totals[trial], self.log.dates[trial]);
        let crossed = take(&mut self.leads[slot], total, false, self.thresholds);
        if crossed != [false; 2] {
            raise(
                &mut self.leads[slot],
                crossed,
                date,
                self.since,
                self.log.commit(trial),
            );
        }
    }

    /// Brings one lead up to the end of the log.
    pub fn settle(&mut self, slot: usize) {
        let to = self.log.len();
        let from = self.leads[slot].seen;
        self.leads[slot].seen = to;
        if from >= to || !self.leads[slot].reference {
            return;
        }
        let own = self.own(slot);
        // The first trial by itself: it also catches a statistic that thresholds set lower
        // since the lead was last brought up to date now reach.
        self.step_logged(slot, from);
        if own == 0.0 {
            // Nothing moves a lead with no eligible report once it is below its thresholds.
            return;
        }
        if own / self.log.smallest > SERIES_UP_TO {
            for trial in from + 1..to {
                self.step_logged(slot, trial);
            }
            return;
        }
        #[cfg(test)]
        {
            self.summed += 1;
        }
        let mut from = from + 1;
        let fall = self.log.sum(from, to, own, FASTER - 1.0);
        let lead = &mut self.leads[slot];
        lead.faster = (lead.faster + fall).max(0.0);
        // The slower statistic only rises on a miss: find each trial where it reaches its
        // threshold, the rise up to a trial growing with the trial.
        let threshold = self.thresholds.slower;
        loop {
            let start = self.leads[slot].slower;
            let rise = |until: usize| self.log.sum(from, until, own, SLOWER - 1.0);
            let (mut low, mut high) = (from + 1, to + 1);
            while low < high {
                let middle = low + (high - low) / 2;
                if start + rise(middle) >= threshold {
                    high = middle;
                } else {
                    low = middle + 1;
                }
            }
            if low > to {
                self.leads[slot].slower = start + rise(to);
                return;
            }
            let trial = low - 1;
            self.leads[slot].slower = 0.0;
            raise(
                &mut self.leads[slot],
                [false, true],
                self.log.dates[trial],
                self.since,
                self.log.commit(trial),
            );
            from = low;
        }
    }

    /// Brings every lead up to date and starts the log afresh.
    pub fn settle_all(&mut self) {
        for slot in 0..self.leads.len() {
            self.settle(slot);
        }
        self.log = Log::new();
        for lead in &mut self.leads {
            lead.seen = 0;
        }
    }
}

/// A miss or a hit (`fell`) for one lead against `total`: which statistics reached their
/// thresholds, each then set back to zero.
fn take(lead: &mut Lead, total: f64, fell: bool, thresholds: Thresholds) -> [bool; 2] {
    if lead.eligible == 0 && lead.faster == 0.0 && lead.slower == 0.0 || total <= 0.0 {
        return [false; 2];
    }
    let p0 = lead.weight * lead.eligible as f64 / total;
    let miss = (
        (FASTER - 1.0).mul_add(p0, 1.0).ln(),
        (SLOWER - 1.0).mul_add(p0, 1.0).ln(),
    );
    let (up, down) = if fell {
        (FASTER.ln(), SLOWER.ln())
    } else {
        (0.0, 0.0)
    };
    lead.faster = (lead.faster + up - miss.0).max(0.0);
    lead.slower = (lead.slower + down - miss.1).max(0.0);
    let mut crossed = [false; 2];
    for (at, (statistic, threshold)) in [
        (&mut lead.faster, thresholds.faster),
        (&mut lead.slower, thresholds.slower),
    ]
    .into_iter()
    .enumerate()
    {
        if *statistic >= threshold {
            *statistic = 0.0;
            crossed[at] = true;
        }
    }
    crossed
}

/// Records the alarms of `crossed` (faster, slower) when they come on or after `since`.
fn raise(
    lead: &mut Lead,
    crossed: [bool; 2],
    date: jiff::civil::Date,
    since: jiff::civil::Date,
    commit: &str,
) {
    if date < since {
        return;
    }
    for (crossed, direction) in crossed
        .into_iter()
        .zip([Direction::Faster, Direction::Slower])
    {
        if crossed {
            lead.raised.push(Raised {
                direction,
                date,
                commit: commit.to_string(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A random run of reports coming and going, moves up, reviews and new thresholds, taken
    /// once lazily and once with every lead brought up to date after each trial (the alarm as
    /// it was: a pass over every lead per trial).
    fn run(leads: usize, seed: u64) -> (Cusums, Cusums) {
        let mut rng = fastrand::Rng::with_seed(seed);
        let day = |n: i64| {
            jiff::civil::date(2024, 1, 1)
                .checked_add(jiff::Span::new().days(n))
                .expect("a day")
        };
        let start = Thresholds {
            faster: 4.0,
            slower: 3.0,
        };
        let mut lazy = Cusums::new(start, day(100));
        let mut eager = lazy.clone();
        for both in [&mut lazy, &mut eager] {
            for _ in 0..leads {
                both.add();
            }
        }
        for slot in 0..leads {
            for _ in 0..rng.usize(2..12) {
                lazy.set_eligible(slot, 1);
                eager.set_eligible(slot, 1);
            }
        }
        let ops = (25 * leads).max(3000);
        for op in 0..ops {
            // Over 200 days, alarms counted from the 100th.
            let date = day((200 * op / ops) as i64);
            let commit = format!("c{}", op / 3);
            match rng.u32(0..1000) {
                0..=1 => {
                    let flags: Vec<(bool, f64)> = (0..leads)
                        .map(|_| (rng.u32(0..20) != 0, 0.5 + 1.5 * rng.f64()))
                        .collect();
                    lazy.set_reference(|slot| flags[slot]);
                    eager.set_reference(|slot| flags[slot]);
                }
                2 => {
                    let thresholds = Thresholds {
                        faster: 2.0 + 4.0 * rng.f64(),
                        slower: 1.5 + 4.0 * rng.f64(),
                    };
                    lazy.set_thresholds(thresholds);
                    eager.set_thresholds(thresholds);
                }
                3..=150 => {
                    let slot = rng.usize(0..leads);
                    let delta = if rng.bool() { 1 } else { -1 };
                    lazy.set_eligible(slot, delta);
                    eager.set_eligible(slot, delta);
                }
                _ => {
                    let slot = rng.usize(0..leads);
                    if lazy.leads[slot].eligible > 0 {
                        lazy.trial(slot, date, &commit);
                        eager.trial(slot, date, &commit);
                        eager.settle_all();
                    }
                }
            }
        }
        lazy.settle_all();
        (lazy, eager)
    }

    fn assert_alike(lazy: &Cusums, eager: &Cusums) {
        let mut raised = 0;
        for (slot, (a, b)) in lazy.leads.iter().zip(&eager.leads).enumerate() {
            assert!(
                (a.faster - b.faster).abs() < 1e-9 && (a.slower - b.slower).abs() < 1e-9,
                "lead {slot}: ({}, {}) against ({}, {})",
                a.faster,
                a.slower,
                b.faster,
                b.slower
            );
            assert_eq!(a.raised, b.raised, "lead {slot}");
            raised += a.raised.len();
        }
        assert!(raised > 0, "some alarms, to compare when they come");
    }

    #[test]
    fn misses_summed_by_the_series_give_what_a_step_per_trial_gives() {
        for seed in 0..2 {
            let (lazy, eager) = run(400, seed);
            assert_alike(&lazy, &eager);
            assert!(lazy.summed > 500, "{} runs summed", lazy.summed);
        }
    }

    #[test]
    fn a_small_org_where_shares_pass_the_series_limit_gives_the_same() {
        for seed in 0..8 {
            let (lazy, eager) = run(12, seed);
            assert_alike(&lazy, &eager);
        }
    }
}
