//! Pay bands, for companies that publish salaries: a yearly amount per track, level and step in
//! one currency, with optional multipliers per team and per location. Amounts are held in cents
//! and multiplied in integers, so every sum is exact to the cent. Without a `pay` key nothing
//! about pay is read, checked or printed.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;
use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};

use crate::Spanned;
use crate::diff::Position;
use crate::finding::{Finding, did_you_mean};
use crate::framework::{Framework, LevelRef, Steps};
use crate::snapshot::Snapshot;

/// `pay` in `framework.yml`.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pay {
    /// The one currency every amount is in, as its ISO 4217 code, e.g. `USD` or `EUR`.
    pub currency: Spanned<String>,
    /// Yearly amounts per track id and level (number or id): one amount for every step of the
    /// level, or a list with one amount per step.
    pub bands: BTreeMap<String, BTreeMap<String, Spanned<Band>>>,
    /// Multipliers per team id, e.g. `1.1`; teams left out are paid the band.
    #[serde(default)]
    pub teams: BTreeMap<String, Spanned<Multiplier>>,
    /// Multipliers per location, named by placements' `location`; with any given, every
    /// teammate needs a location from this list.
    #[serde(default)]
    pub locations: BTreeMap<String, Spanned<Multiplier>>,
}

/// A level's band: one amount, or one per step.
#[derive(Debug, Clone, PartialEq)]
pub enum Band {
    Flat(Money),
    Steps(Vec<Spanned<Money>>),
}

impl Band {
    fn at(&self, step: u32) -> Option<Money> {
        match self {
            Band::Flat(money) => Some(*money),
            Band::Steps(amounts) if step == 0 && amounts.len() == 1 => Some(amounts[0].value),
            Band::Steps(amounts) => amounts
                .get(usize::try_from(step).ok()?.checked_sub(1)?)
                .map(|amount| amount.value),
        }
    }

    fn lowest(&self) -> Money {
        match self {
            Band::Flat(money) => *money,
            Band::Steps(amounts) => amounts
                .iter()
                .map(|amount| amount.value)
                .min()
                .unwrap_or_default(),
        }
    }
}

/// An amount of money in cents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Money(pub i64);

/// Written as a decimal string, "6000.00": exact, where a JSON number would be a float.
impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.decimal())
    }
}

/// The largest amount a band may hold: ten billion a year keeps every org's sum far inside i64.
const MOST_CENTS: f64 = 1e12;

impl Money {
    /// "84,000.00", "-1,250.50".
    pub fn amount(self) -> String {
        let cents = self.0.unsigned_abs();
        let whole = (cents / 100).to_string();
        let mut grouped = String::new();
        for (index, digit) in whole.chars().enumerate() {
            if index > 0 && (whole.len() - index).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{grouped}.{:02}", cents % 100)
    }

    /// "+6,000.00", "-1,250.50", "0.00": a change.
    pub fn change(self) -> String {
        if self.0 > 0 {
            format!("+{}", self.amount())
        } else {
            self.amount()
        }
    }

    /// The amount in whole units and cents, as JSON and CSV write it.
    pub fn decimal(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let cents = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", cents / 100, cents % 100)
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money(self.0.saturating_add(other.0))
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, other: Money) -> Money {
        Money(self.0.saturating_sub(other.0))
    }
}

impl std::ops::AddAssign for Money {
    fn add_assign(&mut self, other: Money) {
        *self = *self + other;
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money(0), |sum, money| sum + money)
    }
}

/// Reads a written decimal as a whole number of `unit`ths, refusing anything finer: 62000.10
/// is 6,200,010 cents, 62000.105 is refused.
fn fixed(value: f64, unit: f64, most: f64) -> Option<i64> {
    let scaled = value * unit;
    let whole = scaled.round();
    // One rounding of the multiplication, never a written digit, separates the two.
    let exact = (scaled - whole).abs() <= scaled.abs() * 4.0 * f64::EPSILON + 1e-9;
    #[allow(clippy::cast_possible_truncation)]
    (value.is_finite() && (0.0..=most).contains(&whole) && exact).then_some(whole as i64)
}

/// A written decimal read as a whole number of `unit`ths: what amounts and multipliers share.
#[derive(Clone, Copy)]
struct Decimal {
    expecting: &'static str,
    unit: f64,
    most: f64,
    /// Whether 0 is refused.
    positive: bool,
    /// What the value is not, and what was expected, for the message.
    refused: &'static str,
}

/// Money, in cents.
const AMOUNT: Decimal = Decimal {
    expecting: "an amount such as 62000 or 62000.50",
    unit: 100.0,
    most: MOST_CENTS,
    positive: false,
    refused: "an amount: expected 0 or more, at most 10,000,000,000, in whole cents",
};

/// A multiplier, in ten-thousandths.
const FACTOR: Decimal = Decimal {
    expecting: "a multiplier such as 1.15",
    unit: ONE as f64,
    most: 100.0 * ONE as f64,
    positive: true,
    refused: "a multiplier: expected more than 0 and at most 100, with at most four decimals",
};

impl Visitor<'_> for Decimal {
    type Value = i64;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<i64, E> {
        #[allow(clippy::cast_precision_loss)]
        self.visit_f64(value as f64)
    }
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<i64, E> {
        #[allow(clippy::cast_precision_loss)]
        self.visit_f64(value as f64)
    }
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<i64, E> {
        fixed(value, self.unit, self.most)
            .filter(|&scaled| !self.positive || scaled > 0)
            .ok_or_else(|| E::custom(format!("`{value}` is not {}", self.refused)))
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AMOUNT).map(Money)
    }
}

struct BandVisitor;

impl<'de> Visitor<'de> for BandVisitor {
    type Value = Band;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an amount, or a list of amounts with one per step")
    }
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Band, E> {
        AMOUNT
            .visit_u64(value)
            .map(|cents| Band::Flat(Money(cents)))
    }
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Band, E> {
        AMOUNT
            .visit_i64(value)
            .map(|cents| Band::Flat(Money(cents)))
    }
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Band, E> {
        AMOUNT
            .visit_f64(value)
            .map(|cents| Band::Flat(Money(cents)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Band, A::Error> {
        let mut amounts = Vec::new();
        while let Some(amount) = seq.next_element::<Spanned<Money>>()? {
            amounts.push(amount);
        }
        if amounts.is_empty() {
            return Err(de::Error::custom(
                "an empty list: expected one amount per step",
            ));
        }
        Ok(Band::Steps(amounts))
    }
}

impl<'de> Deserialize<'de> for Band {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(BandVisitor)
    }
}

impl JsonSchema for Band {
    fn schema_name() -> Cow<'static, str> {
        "Band".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A level's yearly pay: one amount for every step, or one per step.",
            "anyOf": [
                { "type": "number", "minimum": 0, "multipleOf": 0.01 },
                {
                    "type": "array",
                    "minItems": 1,
                    "items": { "type": "number", "minimum": 0, "multipleOf": 0.01 }
                }
            ]
        })
    }
}

/// A multiplier in ten-thousandths: `1.15` is 11,500.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Multiplier(pub i64);

const ONE: i64 = 10_000;

impl fmt::Display for Multiplier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = format!("{}.{:04}", self.0 / ONE, self.0 % ONE);
        f.write_str(text.trim_end_matches('0').trim_end_matches('.'))
    }
}

impl<'de> Deserialize<'de> for Multiplier {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FACTOR).map(Multiplier)
    }
}

impl JsonSchema for Multiplier {
    fn schema_name() -> Cow<'static, str> {
        "Multiplier".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A multiplier of the band, e.g. 1.15.",
            "type": "number",
            "exclusiveMinimum": 0,
            "maximum": 100,
            "multipleOf": 0.0001
        })
    }
}

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

/// The `pay` key's findings: bands that name what the framework lacks or do not fit its steps,
/// multipliers for unknown teams, occupied positions without a price, and bands that do not
/// rise with steps and levels (a warning).
pub fn check(snapshot: &Snapshot, findings: &mut Vec<Finding>) {
    let Some(entry) = &snapshot.framework else {
        return;
    };
    let framework = &entry.value;
    let Some(pay) = &framework.pay else { return };
    let file = entry.file.as_str();
    let currency = &pay.currency;
    if currency.len() != 3 || !currency.bytes().all(|byte| byte.is_ascii_uppercase()) {
        findings.push(
            Finding::error(
                "bad-currency",
                format!(
                    "`{}` is not a currency code: expected three capital letters such as USD or EUR",
                    currency.value
                ),
            )
            .at(file, currency.pos),
        );
    }
    for (track_id, levels) in &pay.bands {
        let pos = levels.values().next().map_or(currency.pos, |band| band.pos);
        let Some(track) = framework.track(track_id) else {
            let mut finding = Finding::error(
                "unknown-track",
                format!("`pay.bands` names unknown track `{track_id}`"),
            )
            .at(file, pos);
            let ids = framework.tracks.iter().map(|track| track.id.value.as_str());
            if let Some(near) = did_you_mean(track_id, ids) {
                finding = finding.help(format!("did you mean `{near}`?"));
            }
            findings.push(finding);
            continue;
        };
        let steps = framework.steps_of(track);
        let mut previous: Option<(u32, Money)> = None;
        let mut found: Vec<(u32, &Spanned<Band>)> = Vec::new();
        for (key, band) in levels {
            match track.find(&LevelRef::parse(key)) {
                Some(level) => found.push((*level.level, band)),
                None => findings.push(
                    Finding::error(
                        "unknown-level",
                        format!(
                            "`pay.bands.{track_id}` names level `{key}`, which track `{track_id}` does not have: expected {}",
                            level_span(track)
                        ),
                    )
                    .at(file, band.pos),
                ),
            }
        }
        found.sort_by_key(|(level, _)| *level);
        for (level, band) in found {
            check_band(track_id, level, band, steps, file, findings);
            let lowest = band.lowest();
            if let Some((below, below_lowest)) = previous
                && lowest <= below_lowest
            {
                findings.push(
                    Finding::warning(
                        "pay-not-rising",
                        format!(
                            "{track_id} level {level} starts at {}, no more than level {below} ({}): expected each level's band to start higher",
                            lowest.amount(),
                            below_lowest.amount()
                        ),
                    )
                    .at(file, band.pos),
                );
            }
            previous = Some((level, lowest));
        }
    }
    for (team, factor) in &pay.teams {
        if snapshot.team(team).is_none() {
            let mut finding = Finding::error(
                "unknown-team",
                format!("`pay.teams` names unknown team `{team}`"),
            )
            .at(file, factor.pos);
            if let Some(near) = did_you_mean(team, snapshot.teams.iter().map(|t| t.id.as_str())) {
                finding = finding.help(format!("did you mean `{near}`?"));
            }
            findings.push(finding);
        }
    }
    check_occupied(snapshot, framework, pay, findings);
}

fn level_span(track: &crate::framework::Track) -> String {
    format!("a level from {} to {}", track.first(), track.last())
}

fn check_band(
    track: &str,
    level: u32,
    band: &Spanned<Band>,
    steps: &Steps,
    file: &str,
    findings: &mut Vec<Finding>,
) {
    let Band::Steps(amounts) = &band.value else {
        return;
    };
    let wanted = usize::try_from(steps.count().max(1)).unwrap_or(usize::MAX);
    if amounts.len() != wanted {
        findings.push(
            Finding::error(
                "pay-steps",
                format!(
                    "{track} level {level} has {} but {}: expected one amount per step, or one amount for the whole level",
                    crate::finding::plural(amounts.len(), "amount"),
                    match steps {
                        Steps::None => "the track has no steps".to_string(),
                        _ => format!("its steps are {}", steps.span()),
                    }
                ),
            )
            .at(file, band.pos),
        );
        return;
    }
    for (index, pair) in amounts.windows(2).enumerate() {
        if pair[1].value <= pair[0].value {
            let step = |at: usize| steps.label(u32::try_from(at + 1).unwrap_or(u32::MAX));
            findings.push(
                Finding::warning(
                    "pay-not-rising",
                    format!(
                        "{track} level {level} step {} pays {}, no more than step {} ({}): expected amounts to rise with steps",
                        step(index + 1),
                        pair[1].value.amount(),
                        step(index),
                        pair[0].value.amount()
                    ),
                )
                .at(file, pair[1].pos),
            );
        }
    }
}

/// Every teammate's position must have a price: a band for the level, an amount for the step,
/// and a listed location when locations are priced.
fn check_occupied(
    snapshot: &Snapshot,
    framework: &Framework,
    pay: &Pay,
    findings: &mut Vec<Finding>,
) {
    let Some(prices) = Prices::of(framework) else {
        return;
    };
    for person in &snapshot.people {
        let placement = &person.value;
        let Some(track) = framework.track(&placement.track) else {
            continue;
        };
        let Some(level) = placement.level_number(Some(framework)) else {
            continue;
        };
        if track.level(level).is_none() {
            continue;
        }
        let position = Position::of(snapshot, placement);
        match prices.yearly(&position) {
            Ok(_) => {}
            // A step the framework lacks is reported where placements are checked.
            Err(Unpriced::Step) if position.step == 0 && framework.steps_of(track).count() > 0 => {}
            Err(Unpriced::Band) => findings.push(
                Finding::error(
                    "no-pay-band",
                    format!(
                        "{} is at {} {}, which has no pay band: expected `pay.bands.{}` to give level {}",
                        placement.name.value,
                        track.id.value,
                        track.label(level),
                        track.id.value,
                        placement.level.value
                    ),
                )
                .at(&person.file, placement.level.pos),
            ),
            Err(Unpriced::Step) => findings.push(
                Finding::error(
                    "no-pay-band",
                    format!(
                        "{} is at {} {} step {}, which has no amount in its pay band",
                        placement.name.value,
                        track.id.value,
                        track.label(level),
                        position.step
                    ),
                )
                .at(
                    &person.file,
                    placement.step.as_ref().map_or(placement.level.pos, |step| step.pos),
                ),
            ),
            Err(Unpriced::Location) => {
                let known = || pay.locations.keys().map(String::as_str);
                let listed = known().collect::<Vec<_>>().join(", ");
                let finding = match &placement.location {
                    Some(location) => {
                        let finding = Finding::error(
                            "unknown-location",
                            format!(
                                "location `{}` has no pay multiplier: expected one of {listed}",
                                location.value
                            ),
                        )
                        .at(&person.file, location.pos);
                        match did_you_mean(&location.value, known()) {
                            Some(near) => finding.help(format!("did you mean `{near}`?")),
                            None => finding,
                        }
                    }
                    None => Finding::error(
                        "no-location",
                        format!(
                            "{} has no `location`, and pay is multiplied by location: expected one of {listed}",
                            placement.name.value
                        ),
                    )
                    .at(&person.file, crate::Pos::TOP),
                };
                findings.push(finding);
            }
        }
    }
}

/// A teammate's yearly pay before and after a change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PayChange {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Money>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Money>,
    /// After less before: what the change costs a year (a departure's is negative).
    pub yearly: Money,
}

/// The yearly cost of a change set's people.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PayTotal {
    pub currency: String,
    pub yearly: Money,
    /// Changes left out of the sum because a side has no price.
    pub unpriced: usize,
}

/// Prices the people's changes at the head's bands (both sides, so a change's cost is its own,
/// not the bands'), and states what an edit to the bands does to everyone already placed.
pub fn price(
    base: &Snapshot,
    head: &Snapshot,
    changed: &std::collections::BTreeSet<String>,
    set: &mut crate::diff::ChangeSet,
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
    set.framework.push(crate::diff::FrameworkEdit::PayChanged {
        from_currency: currency(&before),
        to_currency: currency(&after),
        repriced,
        yearly: same_currency.then_some(yearly),
    });
}
