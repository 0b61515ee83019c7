//! Pay bands as `framework.yml` writes them, for companies that publish salaries: a yearly amount
//! per track, level and step in one currency, with optional multipliers per team and per
//! location. Amounts are held in cents and multipliers in ten-thousandths, so every sum is exact
//! to the cent. Only the shapes live here: `check` validates them, `pricing` prices positions
//! and change sets with them. Without a `pay` key nothing about pay is read, checked or printed.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;
use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};

use crate::Spanned;

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
    /// The amount for a step: the one amount, or the step's own.
    pub fn at(&self, step: u32) -> Option<Money> {
        match self {
            Band::Flat(money) => Some(*money),
            Band::Steps(amounts) if step == 0 && amounts.len() == 1 => Some(amounts[0].value),
            Band::Steps(amounts) => amounts
                .get(usize::try_from(step).ok()?.checked_sub(1)?)
                .map(|amount| amount.value),
        }
    }

    /// The band's smallest amount.
    pub fn lowest(&self) -> Money {
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

/// A multiplier of one, in ten-thousandths.
pub const ONE: i64 = 10_000;

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
