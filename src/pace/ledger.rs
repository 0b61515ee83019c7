//! The base branch's history as the pull request check's pace reads it: each event's day, its
//! teammate, the unit that granted it and the one the teammate counts for afterwards, and
//! whether they could move. Kept beside the history index for the base commit a check last
//! read, and verified as the index is (a checksum, the format, the folder, the commit and the
//! framework's shape), so the next check on that base reads a few megabytes of numbers instead
//! of every commit's details. A ledger that does not hold up is never trusted: the history is
//! read instead, and the ledger written again.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::alarm::{Watch, review_spread, thresholds};
use super::tally::{self, Keys, Lead, Seen};
use super::{Measure, PaceReport, Shape, Window};
use crate::diff::ChangeKind;
use crate::history::index::{pack_date, unpack_date};
use crate::history::{Event, LastSet};
use crate::snapshot::Position;

/// The ledger file's form: it is kept for the base commit.
const KEPT: crate::history::kept::Kept = crate::history::kept::Kept {
    magic: b"LDRLEDGR",
    format: 1,
};

/// One side of an event: whom the position counts for, and what it allows. Only positions
/// that count for someone are kept: the others are the same as none to every pace figure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct Side {
    unit: u32,
    counts_steps: bool,
    /// Whether a step, and a level, can still be made from it.
    steps: bool,
    levels: bool,
}

impl Side {
    fn of(position: &Position, shape: &Shape, units: &mut Interned) -> Option<Side> {
        let unit = shape.unit_of(position)?;
        Some(Side {
            unit: units.add(unit),
            counts_steps: shape.counts_steps(position),
            steps: shape.eligible(position, Measure::Steps),
            levels: shape.eligible(position, Measure::Levels),
        })
    }

    fn counted(self, measure: Measure) -> bool {
        measure == Measure::Levels || self.counts_steps
    }

    fn eligible(self, measure: Measure) -> bool {
        match measure {
            Measure::Steps => self.steps,
            Measure::Levels => self.levels,
        }
    }
}

/// What an event changed, as far as the pace and the time in a level care.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
enum Change {
    Hire,
    Up {
        measure: Measure,
        by: u32,
    },
    Down {
        measure: Measure,
    },
    /// A change of track, which sets the level too.
    Switch,
    Other,
}

impl Change {
    fn of(kind: &ChangeKind) -> Change {
        match kind {
            ChangeKind::Hire => Change::Hire,
            ChangeKind::StepUp { by } => Change::Up {
                measure: Measure::Steps,
                by: *by,
            },
            ChangeKind::LevelUp { by } => Change::Up {
                measure: Measure::Levels,
                by: *by,
            },
            ChangeKind::StepDown { .. } => Change::Down {
                measure: Measure::Steps,
            },
            ChangeKind::LevelDown { .. } => Change::Down {
                measure: Measure::Levels,
            },
            kind if kind.sets_level() => Change::Switch,
            _ => Change::Other,
        }
    }

    /// As [`ChangeKind::sets_level`].
    fn sets_level(self) -> bool {
        matches!(
            self,
            Change::Hire
                | Change::Switch
                | Change::Up {
                    measure: Measure::Levels,
                    ..
                }
                | Change::Down {
                    measure: Measure::Levels
                }
        )
    }

    fn sets_step(self) -> bool {
        self.sets_level()
            || matches!(
                self,
                Change::Up {
                    measure: Measure::Steps,
                    ..
                } | Change::Down {
                    measure: Measure::Steps
                }
            )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct Entry {
    /// The day, packed as the history index packs it.
    date: i32,
    person: u32,
    commit: u32,
    change: Change,
    seeded: bool,
    before: Option<Side>,
    after: Option<Side>,
}

/// Texts named once, by place.
#[derive(Default)]
struct Interned {
    /// By the text's address first: a history shares one copy of each id, so most lookups
    /// never hash the text.
    by_address: FxHashMap<*const u8, u32>,
    places: FxHashMap<Arc<str>, u32>,
    texts: Vec<Arc<str>>,
}

impl Interned {
    fn add(&mut self, text: &Arc<str>) -> u32 {
        let address = text.as_ptr();
        if let Some(&place) = self.by_address.get(&address) {
            return place;
        }
        let next = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        let place = match self.places.get(&**text) {
            Some(&place) => place,
            None => {
                self.places.insert(Arc::clone(text), next);
                self.texts.push(Arc::clone(text));
                next
            }
        };
        self.by_address.insert(address, place);
        place
    }
}

/// The base's history, reduced to what the pace test and the time in a level read.
#[derive(Serialize, Deserialize)]
pub struct Ledger {
    /// The shape the entries were read with (`Shape`'s own words): another framework would
    /// read the same events otherwise.
    shape: String,
    units: Vec<Arc<str>>,
    people: Vec<Arc<str>>,
    commits: Vec<[u8; 20]>,
    /// In the history's order.
    entries: Vec<Entry>,
    #[serde(skip)]
    days: Vec<jiff::civil::Date>,
    /// The entries in the order they took effect: by day, the history's order within a day.
    #[serde(skip)]
    order: Vec<u32>,
}

impl Ledger {
    /// The ledger of `events` (the history's, oldest first) read with `shape`; `None` when an
    /// event's commit is not a commit id, which a base branch's history never holds.
    pub fn of(events: &[Event], shape: &Shape) -> Option<Ledger> {
        let mut ledger = Ledger {
            shape: format!("{shape:?}"),
            units: Vec::new(),
            people: Vec::new(),
            commits: Vec::new(),
            entries: Vec::with_capacity(events.len()),
            days: Vec::new(),
            order: Vec::new(),
        };
        ledger.extend(events, shape)?;
        Some(ledger)
    }

    /// Takes on `events`, which come after every entry in the history's order, read with
    /// `shape` (the ledger's own); `None`, and the ledger not to be used, when an event's commit
    /// is not a commit id.
    pub fn extend(&mut self, events: &[Event], shape: &Shape) -> Option<()> {
        let known = |texts: &[Arc<str>]| {
            let mut interned = Interned::default();
            for text in texts {
                interned.add(text);
            }
            interned
        };
        let mut units = known(&self.units);
        let mut people = known(&self.people);
        let mut commit_of: FxHashMap<*const crate::history::Landing, u32> = FxHashMap::default();
        // By the id too: two landings of one commit are one commit.
        let mut by_id: FxHashMap<[u8; 20], u32> = self
            .commits
            .iter()
            .zip(0..)
            .map(|(bytes, place)| (*bytes, place))
            .collect();
        for event in events {
            let landing = Arc::as_ptr(&event.landing);
            let commit = match commit_of.get(&landing) {
                Some(&commit) => commit,
                None => {
                    let id = event.landing.commit.oid()?;
                    if id.as_bytes().len() != 20 {
                        return None;
                    }
                    let mut bytes = [0; 20];
                    bytes.copy_from_slice(id.as_bytes());
                    let next = u32::try_from(self.commits.len()).ok()?;
                    let place = *by_id.entry(bytes).or_insert(next);
                    if place == next {
                        self.commits.push(bytes);
                    }
                    commit_of.insert(landing, place);
                    place
                }
            };
            self.entries.push(Entry {
                date: pack_date(event.date),
                person: people.add(&event.person),
                commit,
                change: Change::of(&event.kind),
                seeded: event.seeded,
                before: event
                    .before
                    .as_ref()
                    .and_then(|position| Side::of(position, shape, &mut units)),
                after: event
                    .after
                    .as_ref()
                    .and_then(|position| Side::of(position, shape, &mut units)),
            });
        }
        self.units = units.texts;
        self.people = people.texts;
        self.settle()
    }

    /// Fills in what is not stored, checking every place an entry names: `None` if one is out
    /// of range or a day is not a day.
    fn settle(&mut self) -> Option<()> {
        let (units, people, commits) = (self.units.len(), self.people.len(), self.commits.len());
        let inside = |side: Option<Side>| side.is_none_or(|side| (side.unit as usize) < units);
        self.days = self
            .entries
            .iter()
            .map(|entry| {
                ((entry.person as usize) < people
                    && (entry.commit as usize) < commits
                    && inside(entry.before)
                    && inside(entry.after))
                .then(|| unpack_date(entry.date))
                .flatten()
            })
            .collect::<Option<_>>()?;
        let mut order: Vec<u32> = (0..u32::try_from(self.entries.len()).ok()?).collect();
        order.sort_by_key(|&at| self.days[at as usize]);
        self.order = order;
        Some(())
    }

    /// The days of the entries in the order they took effect.
    pub fn days_in_effect(&self) -> impl Iterator<Item = jiff::civil::Date> + '_ {
        self.order.iter().map(|&at| self.days[at as usize])
    }

    /// The entries in the order they took effect, as a tally of `measure` reads them.
    pub fn feed<'a>(&'a self, pass: &mut tally::Pass<'a>, measure: Measure) {
        for &at in &self.order {
            pass.feed_seen(self.seen(at as usize, measure));
        }
    }

    fn seen(&self, at: usize, measure: Measure) -> Seen<'_> {
        let entry = self.entries[at];
        let unit = |side: Side| Lead {
            key: side.unit,
            name: &self.units[side.unit as usize],
        };
        let granted =
            entry
                .before
                .filter(|side| side.counted(measure))
                .and_then(|side| match entry.change {
                    Change::Up { measure: moved, by } if moved == measure => {
                        Some((unit(side), Some(by)))
                    }
                    Change::Down { measure: moved } if moved == measure => Some((unit(side), None)),
                    _ => None,
                });
        Seen {
            date: self.days[at],
            person: entry.person,
            granted,
            now: entry
                .after
                .filter(|side| side.counted(measure))
                .map(|side| (unit(side), side.eligible(measure))),
        }
    }

    /// Numbers for the teammates and leads of `added` (a pull request's events) that agree
    /// with the ledger's own, new ones after them.
    pub fn keys_for<'a>(&'a self, added: &[&'a Event], shape: &Shape) -> Keys<'a> {
        let count = |texts: &[Arc<str>]| u32::try_from(texts.len()).unwrap_or(u32::MAX);
        let mut keys = Keys::after(count(&self.people), count(&self.units));
        for event in added {
            if let Some(key) = place(&self.people, &event.person) {
                keys.known_person(&event.person, key);
            }
            for position in [&event.before, &event.after].into_iter().flatten() {
                if let Some(unit) = shape.unit_of(position)
                    && let Some(key) = place(&self.units, unit)
                {
                    keys.known_lead(unit, key);
                }
            }
        }
        keys
    }

    /// The alarm's state after the ledger's entries up to `as_of`, as
    /// [`watching`](super::alarm::watching) gives it from the events, ready to be fed
    /// `added` (a pull request's events) by name.
    pub fn watching(
        &self,
        review: &PaceReport,
        window: Window,
        as_of: jiff::civil::Date,
        added: &[Event],
    ) -> Watch {
        let order: Vec<usize> = self
            .order
            .iter()
            .map(|&at| at as usize)
            .filter(|&at| self.days[at] <= as_of)
            .collect();
        let mut watched: Vec<u32> = order
            .iter()
            .filter(|&&at| self.days[at] < window.end)
            .filter_map(|&at| self.entries[at].after)
            .filter(|side| side.steps || side.levels)
            .map(|side| side.unit)
            .collect();
        watched.sort_unstable();
        watched.dedup();
        let thresholds = thresholds(watched.len().max(2), review_spread(review));
        let since = review.date.tomorrow().unwrap_or(review.date);
        let mut watch = Watch::new(thresholds, window.start, since);
        watch.set_reference(review);
        // Each unit's slot in the watch, once it has one: found by name once, not per entry.
        let mut slots: Vec<Option<usize>> = vec![None; self.units.len()];
        let mut commit = String::new();
        for at in order {
            let entry = self.entries[at];
            let date = self.days[at];
            let granted = match (entry.change, entry.before) {
                (Change::Up { .. }, Some(side)) => {
                    let unit = side.unit as usize;
                    if slots[unit].is_none() {
                        slots[unit] = watch.slot_of(&self.units[unit]);
                    }
                    slots[unit]
                }
                _ => None,
            };
            let now = entry.after.map(|side| {
                let unit = side.unit as usize;
                let slot = *slots[unit].get_or_insert_with(|| watch.slot(&self.units[unit]));
                (slot, side.steps || side.levels)
            });
            commit.clear();
            if granted.is_some() && date >= watch.start() {
                use std::fmt::Write as _;
                for byte in self.commits[entry.commit as usize] {
                    let _ = write!(commit, "{byte:02x}");
                }
            }
            watch.feed_seen(date, entry.person, granted, now, &commit);
        }
        watch.number_people_after(u32::try_from(self.people.len()).unwrap_or(u32::MAX));
        for event in added {
            if let Some(number) = place(&self.people, &event.person) {
                watch.known_person(&event.person, number);
            }
        }
        watch
    }

    /// `person`'s last changes of level and of step on or before `as_of`, as the history's
    /// trail of them tells them.
    pub fn last_set(&self, person: &str, as_of: jiff::civil::Date) -> LastSet {
        let mut last = LastSet::default();
        let Some(first_commit) = self.entries.first().map(|entry| entry.commit) else {
            return last;
        };
        let mut latest_level: Option<&Entry> = None;
        for (at, entry) in self.entries.iter().enumerate() {
            if *self.people[entry.person as usize] != *person {
                continue;
            }
            if entry.change.sets_level() {
                latest_level = Some(entry);
            }
            if self.days[at] > as_of {
                continue;
            }
            if entry.change.sets_level() {
                last.level = Some(self.days[at]);
            }
            if entry.change.sets_step() {
                last.step = Some(self.days[at]);
            }
        }
        last.imported = latest_level.is_some_and(|entry| {
            entry.change == Change::Hire && !entry.seeded && entry.commit == first_commit
        });
        last
    }
}

/// The number of `id` among `texts` (a ledger's teammates or units), if it is one of them: a
/// search, for the few a pull request names.
fn place(texts: &[Arc<str>], id: &str) -> Option<u32> {
    texts
        .iter()
        .position(|text| **text == *id)
        .and_then(|at| u32::try_from(at).ok())
}

/// The ledger file for a ladders folder, inside the index's folder.
pub fn path(folder: &Path, dir: &str) -> PathBuf {
    crate::history::kept::file_for(folder, "ledger", dir, "bin")
}

/// The ledger stored for the folder `dir` and read with `shape`, whatever commit it was kept
/// for, with that commit: `None` when there is none or it does not hold up.
pub fn load_any(file: &Path, dir: &str, shape: &Shape) -> Option<(git2::Oid, Ledger)> {
    let (kept_for, mut ledger) = KEPT.read::<Ledger>(file, dir, None)?;
    if ledger.shape != format!("{shape:?}") {
        return None;
    }
    ledger.settle()?;
    Some((kept_for, ledger))
}

/// Writes the ledger: to a temporary file beside its place, then renamed into it.
pub fn save(file: &Path, dir: &str, base: git2::Oid, ledger: &Ledger) -> std::io::Result<()> {
    KEPT.write(file, dir, base, ledger)
}
