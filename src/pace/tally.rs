//! Eligible exposure and moves per lead, from events in the order they took effect.
//!
//! A report counts for each lead over their own span, and only while they can make the move
//! being counted. A move counts once whatever its size (its size is kept beside it) and belongs
//! to the lead who held the report when it landed. With calibration cycles, exposure is the
//! eligible reports on a lead's team at each cycle's date, and a move belongs to the cycle it
//! landed in and to the lead who held the report on that date. With cycles on each teammate's
//! anniversary, the same holds with each teammate's own dates: a year after their start, then
//! every year.

use std::collections::{BTreeMap, HashMap};

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

use serde::Serialize;

use super::{Cycles, Measure, Shape, Window};
use crate::diff::ChangeKind;
use crate::history::Event;
use crate::snapshot::Position;

/// One lead's exposure and moves for one measure.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Tally {
    /// Eligible report-months, or report-cycles with calibration cycles.
    pub exposure: f64,
    /// Distinct reports who counted.
    pub reports: usize,
    pub moves: u32,
    /// Moves of more than one step or level.
    pub jumps: u32,
    /// Moves down, reported apart; they are not events.
    pub decreases: u32,
}

/// The size of an upward move of this measure, if the event is one.
pub fn move_up(kind: &ChangeKind, measure: Measure) -> Option<u32> {
    match (kind, measure) {
        (ChangeKind::StepUp { by }, Measure::Steps)
        | (ChangeKind::LevelUp { by }, Measure::Levels) => Some(*by),
        _ => None,
    }
}

pub(super) fn move_down(kind: &ChangeKind, measure: Measure) -> bool {
    matches!(
        (kind, measure),
        (ChangeKind::StepDown { .. }, Measure::Steps)
            | (ChangeKind::LevelDown { .. }, Measure::Levels)
    )
}

/// The lead who granted a change: the one the report had when it landed (or their team or
/// track, when those are compared).
pub fn granting<'a>(event: &'a Event, shape: &Shape) -> Option<&'a Arc<str>> {
    event
        .before
        .as_ref()
        .and_then(|before| shape.unit_of(before))
}

/// Exposure and moves per lead in the window; `events` in the order they took effect.
pub fn tally(
    events: &[&Event],
    window: Window,
    shape: &Shape,
    measure: Measure,
    cycles: Option<&Cycles>,
) -> BTreeMap<Arc<str>, Tally> {
    tally_windows(events, &[window], shape, measure, cycles)
        .pop()
        .unwrap_or_default()
}

/// [`tally`] for each of `windows`: without cycles in one pass over the events, which is
/// where its time goes (who reports to whom, in hash maps), however many windows.
pub fn tally_windows(
    events: &[&Event],
    windows: &[Window],
    shape: &Shape,
    measure: Measure,
    cycles: Option<&Cycles>,
) -> Vec<BTreeMap<Arc<str>, Tally>> {
    match cycles {
        Some(cycles) if cycles.anniversary => windows
            .iter()
            .map(|&window| by_anniversary(events, window, shape, measure, cycles.grace_days))
            .collect(),
        Some(cycles) => windows
            .iter()
            .map(|&window| by_cycle(events, window, shape, measure, cycles))
            .collect(),
        None => continuous(events, windows, shape, measure),
    }
}

pub(super) fn counted(shape: &Shape, measure: Measure, position: &Position) -> bool {
    measure == Measure::Levels || shape.counts_steps(position)
}

fn continuous(
    events: &[&Event],
    windows: &[Window],
    shape: &Shape,
    measure: Measure,
) -> Vec<BTreeMap<Arc<str>, Tally>> {
    let mut pass = Pass::new(windows.to_vec(), windows.len(), measure);
    pass.feed(events, shape);
    pass.finish()
}

/// Numbers for teammates and leads, by id: a pass reaches its state by number instead of
/// hashing each id at each event. A ledger numbers its own (`super::ledger`); events read here
/// are numbered as they come.
#[derive(Debug, Clone, Default)]
pub struct Keys<'a> {
    people: FxHashMap<&'a str, u32>,
    leads: FxHashMap<&'a str, u32>,
    next_person: u32,
    next_lead: u32,
}

impl<'a> Keys<'a> {
    /// New numbers start after `people` and `leads` numbers already given.
    pub fn after(people: u32, leads: u32) -> Keys<'a> {
        Keys {
            next_person: people,
            next_lead: leads,
            ..Keys::default()
        }
    }

    /// `id` has the number `key` already.
    pub fn known_person(&mut self, id: &'a str, key: u32) {
        self.people.insert(id, key);
    }

    pub fn known_lead(&mut self, id: &'a str, key: u32) {
        self.leads.insert(id, key);
    }

    fn number(map: &mut FxHashMap<&'a str, u32>, next: &mut u32, id: &'a str) -> u32 {
        *map.entry(id).or_insert_with(|| {
            let key = *next;
            *next += 1;
            key
        })
    }

    pub fn person(&mut self, id: &'a str) -> u32 {
        Keys::number(&mut self.people, &mut self.next_person, id)
    }

    pub fn lead(&mut self, lead: &'a Arc<str>) -> Lead<'a> {
        Lead {
            key: Keys::number(&mut self.leads, &mut self.next_lead, lead),
            name: lead,
        }
    }
}

/// A lead (or team, or track) by number and name.
#[derive(Debug, Clone, Copy)]
pub struct Lead<'a> {
    pub key: u32,
    pub name: &'a Arc<str>,
}

/// One event as a tally of one measure reads it: from the history's events, or from the
/// ledger kept for a base branch (`super::ledger`).
#[derive(Debug, Clone, Copy)]
pub struct Seen<'a> {
    pub date: jiff::civil::Date,
    pub person: u32,
    /// The lead who granted a move of this measure, and its size (`None` for a move down).
    pub granted: Option<(Lead<'a>, Option<u32>)>,
    /// Whom the teammate counts for afterwards, and whether they can make this measure's move.
    pub now: Option<(Lead<'a>, bool)>,
}

impl<'a> Seen<'a> {
    pub fn of(event: &'a Event, shape: &Shape, measure: Measure, keys: &mut Keys<'a>) -> Seen<'a> {
        let granted = granting(event, shape)
            .filter(|_| {
                event
                    .before
                    .as_ref()
                    .is_some_and(|p| counted(shape, measure, p))
            })
            .and_then(|lead| {
                let up = move_up(&event.kind, measure);
                (up.is_some() || move_down(&event.kind, measure)).then_some((lead, up))
            })
            .map(|(lead, up)| (keys.lead(lead), up));
        let now = event.after.as_ref().and_then(|after| {
            let lead = shape.unit_of(after)?;
            counted(shape, measure, after)
                .then(|| (keys.lead(lead), shape.eligible(after, measure)))
        });
        Seen {
            date: event.date,
            person: keys.person(&event.person),
            granted,
            now,
        }
    }
}

/// A report as a pass holds them: their lead, whether they can move, since when, and the
/// event that said so.
#[derive(Debug, Clone, Copy)]
struct Open {
    lead: u32,
    eligible: bool,
    since: jiff::civil::Date,
    at: usize,
}

/// A tally without cycles over several windows, as a pass over the events that can stop and go
/// on: fed the base branch's history once, it is copied and fed a pull request's moves, which
/// come after every event of the base, to give both sides.
pub struct Pass<'a> {
    windows: Vec<Window>,
    /// Each window's first day and the day after it, as day numbers.
    days: Vec<(i32, i32)>,
    /// The first this many windows count each lead's reports; the rest need only moves and
    /// exposure, and keep no set of who reported to whom.
    reporting: usize,
    measure: Measure,
    /// The numbers of the events [`Pass::feed`] reads.
    keys: Keys<'a>,
    /// Each lead's name, by number, once met.
    names: Vec<Option<&'a Arc<str>>>,
    /// Per lead's number, per window (a lead's windows side by side, since a span reaches
    /// several at once): the lead's tally once anything counted for it.
    tallies: Vec<Option<Tally>>,
    /// Per reporting window: who has counted among which lead's reports.
    seen: Vec<Reports>,
    /// Per teammate's number: their span now, if they count for anyone.
    open: Vec<Option<Open>>,
    fed: usize,
}

impl<'a> Pass<'a> {
    pub fn new(windows: Vec<Window>, reporting: usize, measure: Measure) -> Pass<'a> {
        Pass {
            tallies: Vec::new(),
            days: windows
                .iter()
                .map(|window| (day_number(window.start), day_number(window.end)))
                .collect(),
            seen: (0..reporting.min(windows.len()))
                .map(|_| Reports::default())
                .collect(),
            windows,
            reporting,
            measure,
            keys: Keys::default(),
            names: Vec::new(),
            open: Vec::new(),
            fed: 0,
        }
    }

    /// A copy that goes on for the windows in `keep` alone: all a pull request's moves can
    /// change, without a second copy of every other window's counts.
    pub fn fork(&self, keep: std::ops::Range<usize>) -> Pass<'a> {
        let reporting = keep.start..keep.end.min(self.reporting);
        Pass {
            windows: self.windows[keep.clone()].to_vec(),
            days: self.days[keep.clone()].to_vec(),
            reporting: reporting.len(),
            measure: self.measure,
            keys: self.keys.clone(),
            names: self.names.clone(),
            tallies: self
                .tallies
                .chunks(self.windows.len().max(1))
                .flat_map(|lead| lead[keep.clone()].iter().cloned())
                .collect(),
            seen: self
                .seen
                .get(reporting)
                .map_or_else(Vec::new, <[_]>::to_vec),
            open: self.open.clone(),
            fed: self.fed,
        }
    }

    pub fn measure(&self) -> Measure {
        self.measure
    }

    fn name(&mut self, lead: Lead<'a>) -> usize {
        let slot = lead.key as usize;
        if self.names.len() <= slot {
            self.names.resize(slot + 1, None);
        }
        self.names[slot].get_or_insert(lead.name);
        slot
    }

    fn tally(&mut self, window: usize, slot: usize) -> &mut Tally {
        let count = self.windows.len();
        if self.tallies.len() <= slot * count {
            self.tallies.resize((slot + 1) * count, None);
        }
        self.tallies[slot * count + window].get_or_insert_with(Tally::default)
    }

    /// More events, in the order they took effect, all after those fed before.
    pub fn feed(&mut self, events: &[&'a Event], shape: &Shape) {
        for event in events.iter().copied() {
            let seen = Seen::of(event, shape, self.measure, &mut self.keys);
            self.feed_seen(seen);
        }
    }

    /// One more event, as this measure sees it.
    pub fn feed_seen(&mut self, seen: Seen<'a>) {
        let at = self.fed;
        self.fed += 1;
        let person = seen.person as usize;
        if let Some((lead, up)) = seen.granted {
            let slot = self.name(lead);
            let day = day_number(seen.date);
            for window in 0..self.windows.len() {
                let (start, end) = self.days[window];
                if day < start || day >= end {
                    continue;
                }
                let tally = self.tally(window, slot);
                if let Some(by) = up {
                    tally.moves += 1;
                    tally.jumps += u32::from(by > 1);
                } else {
                    tally.decreases += 1;
                }
            }
        }
        if self.open.len() <= person {
            self.open.resize(person + 1, None);
        }
        let current = self.open[person].map(|open| (open.lead, open.eligible));
        if current != seen.now.map(|(lead, eligible)| (lead.key, eligible)) {
            if let Some(open) = self.open[person].take()
                && open.eligible
            {
                self.add_span(seen.person, open.lead, open.since, Some(seen.date));
            }
            if let Some((lead, eligible)) = seen.now {
                self.name(lead);
                self.open[person] = Some(Open {
                    lead: lead.key,
                    eligible,
                    since: seen.date,
                    at,
                });
            }
        }
    }

    fn add_span(
        &mut self,
        person: u32,
        lead: u32,
        since: jiff::civil::Date,
        to: Option<jiff::civil::Date>,
    ) {
        // As `Window::months_of`, in day numbers: jiff's span arithmetic per window was a
        // tenth of a pull request's check.
        let from = day_number(since);
        let to = to.map(day_number);
        for window in 0..self.windows.len() {
            let (start, end) = self.days[window];
            let days = to.unwrap_or(end).min(end) - from.max(start);
            if days <= 0 {
                continue;
            }
            let months = f64::from(days) / super::DAYS_PER_MONTH;
            let counts_report = window < self.reporting && self.seen[window].first(lead, person);
            let tally = self.tally(window, lead as usize);
            tally.exposure += months;
            if counts_report {
                tally.reports += 1;
            }
        }
    }

    /// Each window's tallies, with the reports still open counted to its end.
    pub fn finish(mut self) -> Vec<BTreeMap<Arc<str>, Tally>> {
        // In a fixed order: exposures are fractions of months, and adding them in another
        // order changes the last digit of a rate. The order the spans opened in.
        let mut still_open: Vec<(u32, Open)> = std::mem::take(&mut self.open)
            .into_iter()
            .zip(0..)
            .filter_map(|(open, person)| Some((person, open?)))
            .collect();
        still_open.sort_unstable_by_key(|(_, open)| open.at);
        for (person, open) in still_open {
            if open.eligible {
                self.add_span(person, open.lead, open.since, None);
            }
        }
        let count = self.windows.len();
        // By name once, so that each window's map is built from sorted pairs.
        let mut leads: Vec<(&Arc<str>, usize)> = self
            .names
            .iter()
            .enumerate()
            .filter_map(|(slot, name)| Some(((*name)?, slot)))
            .collect();
        leads.sort_unstable();
        let tallies = &mut self.tallies;
        (0..count)
            .map(|window| {
                leads
                    .iter()
                    .filter_map(|&(name, slot)| {
                        let tally = tallies.get_mut(slot * count + window)?.take()?;
                        Some((Arc::clone(name), tally))
                    })
                    .collect()
            })
            .collect()
    }
}

/// Who has counted among a lead's reports in one window. Most teammates count for one lead
/// only, so each one's last lead is kept by number, and a set of (lead, teammate) pairs only
/// for those who have counted for more than one: a set of every pair was most of a pass.
#[derive(Debug, Clone, Default)]
struct Reports {
    last: Vec<u32>,
    more: FxHashSet<u64>,
}

impl Reports {
    const NONE: u32 = u32::MAX;

    /// Whether `person` counts among `lead`'s reports for the first time.
    fn first(&mut self, lead: u32, person: u32) -> bool {
        let at = person as usize;
        if self.last.len() <= at {
            self.last.resize(at + 1, Reports::NONE);
        }
        let last = std::mem::replace(&mut self.last[at], lead);
        let pair = |lead: u32| (u64::from(lead) << 32) | u64::from(person);
        if last == lead {
            false
        } else if last == Reports::NONE {
            true
        } else {
            self.more.insert(pair(last));
            self.more.insert(pair(lead))
        }
    }
}

/// Days since 1970-01-01 (negative before), by the proleptic Gregorian calendar.
fn day_number(date: jiff::civil::Date) -> i32 {
    let (year, month, day) = (
        i32::from(date.year()),
        i32::from(date.month()),
        i32::from(date.day()),
    );
    // Years counted from March, so the leap day ends a year; eras of 400 years.
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let of_era = year - era * 400;
    let of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let of_era_days = of_era * 365 + of_era / 4 - of_era / 100 + of_year;
    era * 146_097 + of_era_days - 719_468
}

/// The cycle dates from a year before `window` to a year after, in order.
pub fn cycle_dates(cycles: &Cycles, window: Window) -> Vec<jiff::civil::Date> {
    let mut dates: Vec<jiff::civil::Date> = (window.start.year() - 1..=window.end.year() + 1)
        .flat_map(|year| {
            cycles
                .dates
                .iter()
                .filter_map(move |&(month, day)| jiff::civil::Date::new(year, month, day).ok())
        })
        .collect();
    dates.sort_unstable();
    dates
}

/// The cycle a move landing on `date` belongs to: the first whose grace period it falls in.
pub fn cycle_of(
    dates: &[jiff::civil::Date],
    grace_days: u32,
    date: jiff::civil::Date,
) -> Option<usize> {
    dates.iter().position(|cycle| {
        cycle
            .checked_add(jiff::Span::new().days(i64::from(grace_days)))
            .is_ok_and(|closes| date <= closes)
    })
}

fn by_cycle(
    events: &[&Event],
    window: Window,
    shape: &Shape,
    measure: Measure,
    cycles: &Cycles,
) -> BTreeMap<Arc<str>, Tally> {
    let dates = cycle_dates(cycles, window);
    let mut leads: BTreeMap<Arc<str>, Tally> = BTreeMap::new();
    let mut state: HashMap<&str, (Arc<str>, bool)> = HashMap::new();
    // Who led each report at each cycle's date, for the moves of that cycle.
    let mut lead_at: HashMap<(usize, &str), Arc<str>> = HashMap::new();
    let mut seen: std::collections::HashSet<(Arc<str>, &str)> = std::collections::HashSet::new();
    let mut next = 0;
    let mut moves: Vec<(usize, &str, Option<&Arc<str>>, &ChangeKind)> = Vec::new();
    for event in events {
        // The state on a cycle's date is the state after that day's events.
        let mut book = Book {
            leads: &mut leads,
            lead_at: &mut lead_at,
            seen: &mut seen,
            next: &mut next,
        };
        book.pass(&dates, window, Some(event.date), &state);
        let person: &str = &event.person;
        if event
            .before
            .as_ref()
            .is_some_and(|p| counted(shape, measure, p))
            && let Some(cycle) = cycle_of(&dates, cycles.grace_days, event.date)
            && window.contains(dates[cycle])
        {
            moves.push((cycle, person, granting(event, shape), &event.kind));
        }
        match event.after.as_ref().and_then(|after| {
            let lead = shape.unit_of(after)?;
            counted(shape, measure, after)
                .then(|| (Arc::clone(lead), shape.eligible(after, measure)))
        }) {
            Some(now) => {
                state.insert(person, now);
            }
            None => {
                state.remove(person);
            }
        }
    }
    let mut book = Book {
        leads: &mut leads,
        lead_at: &mut lead_at,
        seen: &mut seen,
        next: &mut next,
    };
    book.pass(&dates, window, None, &state);
    for (cycle, person, granted_by, kind) in moves {
        if let Some(lead) = lead_at.get(&(cycle, person)).or(granted_by) {
            count_move(&mut leads, lead, kind, measure);
        }
    }
    leads
}

/// A move of `kind` granted by `lead`, counted on the measure it moves.
fn count_move(
    leads: &mut BTreeMap<Arc<str>, Tally>,
    lead: &Arc<str>,
    kind: &ChangeKind,
    measure: Measure,
) {
    if let Some(by) = move_up(kind, measure) {
        let entry = leads.entry(Arc::clone(lead)).or_default();
        entry.moves += 1;
        entry.jumps += u32::from(by > 1);
    } else if move_down(kind, measure) {
        leads.entry(Arc::clone(lead)).or_default().decreases += 1;
    }
}

/// What passing cycle dates writes to.
struct Book<'b, 'a> {
    leads: &'b mut BTreeMap<Arc<str>, Tally>,
    lead_at: &'b mut HashMap<(usize, &'a str), Arc<str>>,
    seen: &'b mut std::collections::HashSet<(Arc<str>, &'a str)>,
    next: &'b mut usize,
}

impl<'a> Book<'_, 'a> {
    /// Counts the eligible reports at every cycle date before `until` (all when `None`).
    fn pass(
        &mut self,
        dates: &[jiff::civil::Date],
        window: Window,
        until: Option<jiff::civil::Date>,
        state: &HashMap<&'a str, (Arc<str>, bool)>,
    ) {
        while *self.next < dates.len() && until.is_none_or(|date| dates[*self.next] < date) {
            let cycle = dates[*self.next];
            for (&person, (lead, eligible)) in state {
                self.lead_at.insert((*self.next, person), Arc::clone(lead));
                if *eligible && window.contains(cycle) {
                    let entry = self.leads.entry(Arc::clone(lead)).or_default();
                    entry.exposure += 1.0;
                    if self.seen.insert((Arc::clone(lead), person)) {
                        entry.reports += 1;
                    }
                }
            }
            *self.next += 1;
        }
    }
}

/// The `years`-th anniversary of `start`; 28 February for a start on the 29th in other years.
fn anniversary(start: jiff::civil::Date, years: i16) -> Option<jiff::civil::Date> {
    let year = start.year().checked_add(years)?;
    jiff::civil::Date::new(year, start.month(), start.day())
        .or_else(|_| jiff::civil::Date::new(year, start.month(), 28))
        .ok()
}

/// One teammate's way through their anniversaries.
struct Own<'a> {
    /// Their start: the day of their latest hire, which is their `since` when the file had one.
    start: Option<jiff::civil::Date>,
    /// The anniversary that comes next, counting from 1.
    next: i16,
    state: Option<(&'a Arc<str>, bool)>,
}

impl<'a> Own<'a> {
    /// Counts the anniversaries before `until` (those inside the window when `None`), noting
    /// who led the teammate on each.
    fn pass(
        &mut self,
        until: Option<jiff::civil::Date>,
        window: Window,
        person: &'a str,
        leads: &mut BTreeMap<Arc<str>, Tally>,
        lead_at: &mut HashMap<(&'a str, jiff::civil::Date), &'a Arc<str>>,
        seen: &mut FxHashSet<(&'a str, &'a str)>,
    ) {
        let Some(start) = self.start else { return };
        while let Some(cycle) = anniversary(start, self.next)
            && until.map_or(cycle < window.end, |date| cycle < date)
        {
            if let Some((lead, eligible)) = self.state {
                lead_at.insert((person, cycle), lead);
                if eligible && window.contains(cycle) {
                    let entry = leads.entry(Arc::clone(lead)).or_default();
                    entry.exposure += 1.0;
                    if seen.insert((lead, person)) {
                        entry.reports += 1;
                    }
                }
            }
            self.next += 1;
        }
    }

    /// The anniversary a move landing on `date` belongs to: the first whose grace period it
    /// falls in.
    fn cycle_of(&self, grace_days: u32, date: jiff::civil::Date) -> Option<jiff::civil::Date> {
        let start = self.start?;
        let grace = jiff::Span::new().days(i64::from(grace_days));
        (1..=i16::MAX)
            .map_while(|years| anniversary(start, years))
            .find(|cycle| cycle.checked_add(grace).is_ok_and(|closes| date <= closes))
    }
}

/// Report-cycles and moves with each teammate's cycle on their own anniversary.
fn by_anniversary<'a>(
    events: &[&'a Event],
    window: Window,
    shape: &Shape,
    measure: Measure,
    grace_days: u32,
) -> BTreeMap<Arc<str>, Tally> {
    let mut leads: BTreeMap<Arc<str>, Tally> = BTreeMap::new();
    let mut own: FxHashMap<&'a str, Own<'a>> = FxHashMap::default();
    let mut lead_at: HashMap<(&'a str, jiff::civil::Date), &'a Arc<str>> = HashMap::new();
    let mut seen: FxHashSet<(&'a str, &'a str)> = FxHashSet::default();
    let mut moves: Vec<(
        jiff::civil::Date,
        &'a str,
        Option<&'a Arc<str>>,
        &'a ChangeKind,
    )> = Vec::new();
    for event in events.iter().copied() {
        let person: &str = &event.person;
        let mine = own.entry(person).or_insert(Own {
            start: None,
            next: 1,
            state: None,
        });
        // The state on an anniversary is the state after that day's events.
        mine.pass(
            Some(event.date),
            window,
            person,
            &mut leads,
            &mut lead_at,
            &mut seen,
        );
        // A file first seen without a hire (history that starts with it) starts that day.
        if matches!(*event.kind, ChangeKind::Hire) || mine.start.is_none() {
            mine.start = Some(event.date);
            mine.next = 1;
        }
        if event
            .before
            .as_ref()
            .is_some_and(|p| counted(shape, measure, p))
            && let Some(cycle) = mine.cycle_of(grace_days, event.date)
            && window.contains(cycle)
        {
            moves.push((cycle, person, granting(event, shape), &event.kind));
        }
        mine.state = event.after.as_ref().and_then(|after| {
            let lead = shape.unit_of(after)?;
            counted(shape, measure, after).then(|| (lead, shape.eligible(after, measure)))
        });
    }
    // In a fixed order, so exposures add up the same way on every run.
    let mut people: Vec<(&'a str, Own<'a>)> = own.into_iter().collect();
    people.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (person, mut mine) in people {
        mine.pass(None, window, person, &mut leads, &mut lead_at, &mut seen);
    }
    for (cycle, person, granted_by, kind) in moves {
        if let Some(lead) = lead_at.get(&(person, cycle)).copied().or(granted_by) {
            count_move(&mut leads, lead, kind, measure);
        }
    }
    leads
}

#[cfg(test)]
mod tests {
    use super::{Reports, day_number};

    #[test]
    fn reports_count_each_lead_and_teammate_once() {
        let mut rng = fastrand::Rng::with_seed(11);
        let mut reports = Reports::default();
        let mut every: std::collections::HashSet<(u32, u32)> = std::collections::HashSet::new();
        let mut firsts = 0;
        for _ in 0..50_000 {
            // Few leads and teammates, so that teammates go back to leads they had.
            let (lead, person) = (rng.u32(0..6), rng.u32(0..40));
            let first = reports.first(lead, person);
            assert_eq!(first, every.insert((lead, person)), "{lead} {person}");
            firsts += usize::from(first);
        }
        assert_eq!(firsts, 6 * 40);
    }

    #[test]
    fn day_numbers_count_the_days_jiff_counts() {
        let epoch = jiff::civil::date(1970, 1, 1);
        assert_eq!(day_number(epoch), 0);
        let mut rng = fastrand::Rng::with_seed(7);
        let mut dates: Vec<jiff::civil::Date> = (0..20_000)
            .filter_map(|_| {
                jiff::civil::Date::new(rng.i16(-400..=2600), rng.i8(1..=12), rng.i8(1..=31)).ok()
            })
            .collect();
        dates.extend([
            jiff::civil::date(2000, 2, 29),
            jiff::civil::date(1900, 3, 1),
            jiff::civil::date(2024, 12, 31),
            jiff::civil::date(0, 1, 1),
        ]);
        for pair in dates.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let days = b.since(a).expect("a span of days").get_days();
            assert_eq!(day_number(b) - day_number(a), days, "{a} to {b}");
        }
    }
}
