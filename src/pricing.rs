//! What positions and change sets cost a year, at a framework's pay bands: the bands read
//! against the tracks and levels they name, then each change's two sides priced and summed. It
//! reads the model and the change set; it never judges or prints.

use std::collections::{BTreeMap, HashMap};

use crate::Spanned;
use crate::diff::{ChangeSet, FrameworkEdit};
use crate::framework::pay::{Band, Money, Multiplier, ONE, PayChange, PayTotal};
use crate::framework::{Framework, LevelRef};
use crate::snapshot::{Position, Snapshot};

/// Why a position has no price.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unpriced {
    /// No band for the track and level.
    Band,
    /// The band has no amount for the step.
    Step,
    /// Locations are priced and the position has none, or one not listed.
    Location,
}

/// The bands read against the framework: what prices a position.
#[derive(Debug, Clone)]
pub struct Prices {
    pub currency: String,
    bands: HashMap<(String, u32), Band>,
    teams: HashMap<String, i64>,
    locations: HashMap<String, i64>,
}

impl Prices {
    /// The framework's bands, when it has any.
    pub fn of(framework: &Framework) -> Option<Prices> {
        let pay = framework.pay.as_ref()?;
        let mut bands = HashMap::new();
        for (track_id, levels) in &pay.bands {
            let Some(track) = framework.track(track_id) else {
                continue;
            };
            for (key, band) in levels {
                if let Some(level) = track.find(&LevelRef::parse(key)) {
                    bands.insert((track_id.clone(), *level.level), band.value.clone());
                }
            }
        }
        let factors = |table: &BTreeMap<String, Spanned<Multiplier>>| {
            table
                .iter()
                .map(|(key, factor)| (key.clone(), factor.value.0))
                .collect()
        };
        Some(Prices {
            currency: pay.currency.value.clone(),
            bands,
            teams: factors(&pay.teams),
            locations: factors(&pay.locations),
        })
    }

    /// The yearly pay of a position: the band's amount for the step, times the team's and the
    /// location's multipliers, rounded once to the cent (halves away from zero).
    pub fn yearly(&self, position: &Position) -> Result<Money, Unpriced> {
        let band = self
            .bands
            .get(&(position.track.to_string(), position.level))
            .ok_or(Unpriced::Band)?;
        let base = band.at(position.step).ok_or(Unpriced::Step)?;
        let team = self.teams.get(&*position.team).copied().unwrap_or(ONE);
        let location = match (&position.location, self.locations.is_empty()) {
            (_, true) => ONE,
            (Some(location), false) => {
                *self.locations.get(&**location).ok_or(Unpriced::Location)?
            }
            (None, false) => return Err(Unpriced::Location),
        };
        let scale = i128::from(ONE) * i128::from(ONE);
        let product = i128::from(base.0) * i128::from(team) * i128::from(location);
        let rounded = (product + scale / 2) / scale;
        Ok(Money(i64::try_from(rounded).unwrap_or(i64::MAX)))
    }

    /// The yearly pay of one side of a change: none for the side a hire or a departure lacks.
    pub fn side(&self, position: Option<&Position>) -> Result<Option<Money>, Unpriced> {
        position.map(|position| self.yearly(position)).transpose()
    }

    /// A level's band as a published page shows it: "62,000.00 · 64,500.00 · 67,000.00 USD",
    /// one amount per step, before any multiplier.
    pub fn band_words(&self, track: &str, level: u32) -> Option<String> {
        let amounts = match self.bands.get(&(track.to_string(), level))? {
            Band::Flat(money) => money.amount(),
            Band::Steps(amounts) => amounts
                .iter()
                .map(|amount| amount.value.amount())
                .collect::<Vec<_>>()
                .join(" · "),
        };
        Some(format!("{amounts} {}", self.currency))
    }

    /// The multipliers in words: "team happiness × 0.9; location lisbon × 0.8333".
    pub fn multipliers_words(&self) -> Option<String> {
        let mut words: Vec<String> = Vec::new();
        for (what, table) in [("team", &self.teams), ("location", &self.locations)] {
            let mut entries: Vec<_> = table.iter().collect();
            entries.sort();
            words.extend(
                entries
                    .into_iter()
                    .map(|(key, factor)| format!("{what} {key} × {}", Multiplier(*factor))),
            );
        }
        (!words.is_empty()).then(|| words.join("; "))
    }
}

/// Prices the people's changes at the head's bands (both sides, so a change's cost is its own,
/// not the bands'), and states what an edit to the bands does to everyone already placed.
pub fn price(
    base: &Snapshot,
    head: &Snapshot,
    changed: &std::collections::BTreeSet<String>,
    set: &mut ChangeSet,
) {
    let prices_of = |snapshot: &Snapshot| {
        snapshot
            .framework
            .as_ref()
            .and_then(|entry| Prices::of(&entry.value))
    };
    let (before, after) = (prices_of(base), prices_of(head));
    if let Some(prices) = &after {
        let mut total = PayTotal {
            currency: prices.currency.clone(),
            yearly: Money(0),
            unpriced: 0,
        };
        for change in &mut set.people {
            match (
                prices.side(change.before.as_ref()),
                prices.side(change.after.as_ref()),
            ) {
                (Ok(from), Ok(to)) => {
                    let yearly = to.unwrap_or_default() - from.unwrap_or_default();
                    total.yearly += yearly;
                    change.pay = Some(PayChange {
                        before: from,
                        after: to,
                        yearly,
                    });
                }
                _ => total.unpriced += 1,
            }
        }
        if !set.people.is_empty() {
            set.pay = Some(total);
        }
    }
    let edited = head
        .framework
        .as_ref()
        .is_some_and(|entry| changed.contains(&entry.file));
    let pay = |snapshot: &Snapshot| {
        snapshot
            .framework
            .as_ref()
            .and_then(|entry| entry.value.pay.clone())
    };
    if !edited || pay(base) == pay(head) {
        return;
    }
    let currency = |prices: &Option<Prices>| prices.as_ref().map(|p| p.currency.clone());
    let mut repriced = 0;
    let mut yearly = Money(0);
    let same_currency = currency(&before).is_some() && currency(&before) == currency(&after);
    if let (Some(before), Some(after)) = (&before, &after) {
        for person in &base.people {
            let position = Position::of(base, &person.value);
            if let (Ok(from), Ok(to)) = (before.yearly(&position), after.yearly(&position))
                && from != to
            {
                repriced += 1;
                yearly += to - from;
            }
        }
    }
    set.framework.push(FrameworkEdit::PayChanged {
        from_currency: currency(&before),
        to_currency: currency(&after),
        repriced,
        yearly: same_currency.then_some(yearly),
    });
}
