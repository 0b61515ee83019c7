//! How a period's changes add up: per area (team) and for the whole org, month by month, with
//! the same period a year before, who granted what, and the leads the pace test flagged at the
//! period's reviews. Read from the history; this module knows nothing of output formats.

use std::collections::BTreeMap;

use jiff::ToSpan;
use serde::Serialize;

use crate::diff::ChangeKind;
use crate::framework::pay::Money;
use crate::history::Event;
use crate::pace::{Settings, Shape};
use crate::pricing::Prices;

/// A span of days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub since: jiff::civil::Date,
    pub until: jiff::civil::Date,
}

impl Period {
    pub fn year(year: i16) -> Result<Period, String> {
        let day = |month, day| {
            jiff::civil::Date::new(year, month, day)
                .map_err(|error| format!("year {year}: {error}"))
        };
        Ok(Period {
            since: day(1, 1)?,
            until: day(12, 31)?,
        })
    }

    pub fn contains(&self, date: jiff::civil::Date) -> bool {
        self.since <= date && date <= self.until
    }

    /// The same days a year before (29 February falls back to the 28th).
    pub fn year_before(&self) -> Period {
        let back = |date: jiff::civil::Date| date.saturating_sub(1.year());
        Period {
            since: back(self.since),
            until: back(self.until),
        }
    }

    /// Which of [`Period::months`] a day inside the period falls in.
    pub fn month_index(&self, date: jiff::civil::Date) -> usize {
        let months =
            |date: jiff::civil::Date| i32::from(date.year()) * 12 + i32::from(date.month());
        usize::try_from(months(date) - months(self.since)).unwrap_or(0)
    }

    /// The months the period touches, as `YYYY-MM`.
    pub fn months(&self) -> Vec<String> {
        let mut months = Vec::new();
        let mut day = self.since.first_of_month();
        while day <= self.until {
            months.push(month_of(day));
            day = day.saturating_add(1.month());
        }
        months
    }
}

fn month_of(date: jiff::civil::Date) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// How many of each kind of change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub hires: u32,
    pub departures: u32,
    pub step_ups: u32,
    pub level_ups: u32,
    pub track_moves: u32,
    pub team_moves: u32,
}

impl Tally {
    pub const COLUMNS: [&'static str; 6] = [
        "hires",
        "departures",
        "step_ups",
        "level_ups",
        "track_moves",
        "team_moves",
    ];

    pub fn values(&self) -> [u32; 6] {
        [
            self.hires,
            self.departures,
            self.step_ups,
            self.level_ups,
            self.track_moves,
            self.team_moves,
        ]
    }

    pub fn total(&self) -> u32 {
        self.values().iter().sum()
    }

    fn add(&mut self, other: &Tally) {
        self.hires += other.hires;
        self.departures += other.departures;
        self.step_ups += other.step_ups;
        self.level_ups += other.level_ups;
        self.track_moves += other.track_moves;
        self.team_moves += other.team_moves;
    }

    /// One event's part, if it is of a kind the summary counts.
    fn of(kind: &ChangeKind) -> Option<Tally> {
        let mut tally = Tally::default();
        match kind {
            ChangeKind::Hire => tally.hires = 1,
            ChangeKind::Departure => tally.departures = 1,
            ChangeKind::StepUp { .. } => tally.step_ups = 1,
            ChangeKind::LevelUp { .. } => tally.level_ups = 1,
            ChangeKind::TrackSwitch { .. } => tally.track_moves = 1,
            ChangeKind::TeamTransfer { .. } => tally.team_moves = 1,
            _ => return None,
        }
        Some(tally)
    }
}

/// One area's (or the org's) figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Area {
    /// The team id; `None` for the whole org.
    pub team: Option<String>,
    /// Per month of the period, in order.
    pub months: Vec<Tally>,
    pub total: Tally,
    /// The same period a year before.
    pub year_before: Tally,
    /// Per lead who held the report when the change landed (the new lead for a hire), by id.
    pub by_lead: BTreeMap<String, Tally>,
    /// What the changes did to the area's yearly pay, where the framework has pay bands.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pay: Option<AreaPay>,
}

/// The change in an area's yearly pay: what its people were paid after each change less
/// before, at today's bands. A move between teams leaves one area and reaches the other.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AreaPay {
    /// Per month of the period, in order.
    pub months: Vec<Money>,
    pub total: Money,
    pub year_before: Money,
}

/// The pay figures' terms.
#[derive(Debug, Clone, Serialize)]
pub struct PayTerms {
    pub currency: String,
    /// Changes in either period left out because a side has no band today.
    pub unpriced: usize,
}

/// A lead the pace test flagged at one of the period's reviews.
#[derive(Debug, Clone, Serialize)]
pub struct Flag {
    pub review: String,
    pub lead: String,
    pub measure: &'static str,
    pub direction: &'static str,
    pub rate_ratio: Option<f64>,
    /// Months of the recent window, when the flag is about it rather than the whole window.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recent_months: Option<u32>,
}

/// A team or track the pace test flagged at one of the period's reviews.
#[derive(Debug, Clone, Serialize)]
pub struct AreaFlag {
    pub review: String,
    /// `team` or `track`.
    pub by: crate::pace::Unit,
    /// The team's or track's id.
    pub id: String,
    pub measure: &'static str,
    pub direction: &'static str,
    pub rate_ratio: Option<f64>,
    /// Months of the recent window, when the flag is about it rather than the whole window.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recent_months: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub period: Period,
    /// The one area asked for, when only one was.
    pub team: Option<String>,
    pub year_before: Period,
    pub months: Vec<String>,
    pub areas: Vec<Area>,
    pub org: Area,
    pub flags: Vec<Flag>,
    /// The teams (and, for the whole org, the tracks) the pace test flagged at the period's
    /// reviews, each compared with the other teams or tracks.
    pub area_flags: Vec<AreaFlag>,
    /// Present when the framework has pay bands.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pay: Option<PayTerms>,
}

/// The area an event belongs to: where the person went, or where they left from.
fn area_of(event: &Event) -> Option<&str> {
    match (&*event.kind, &event.after, &event.before) {
        (ChangeKind::Departure, _, Some(before)) => Some(&before.team),
        (_, Some(after), _) => Some(&after.team),
        (_, None, Some(before)) => Some(&before.team),
        _ => None,
    }
}

/// The lead the change is credited to: who held the report when it landed, the new lead for
/// a hire.
fn lead_of(event: &Event) -> Option<&str> {
    let position = match *event.kind {
        ChangeKind::Hire => event.after.as_ref(),
        _ => event.before.as_ref().or(event.after.as_ref()),
    };
    position.and_then(|position| position.lead.as_deref())
}

/// Adds up the events of `period` (and the year before), optionally for one team only; flags
/// come from the pace test at each review inside the period, on or before `as_of`. With
/// `prices`, each area's pay change too, every change priced at those bands.
pub fn summarise(
    events: &[&Event],
    period: Period,
    team: Option<&str>,
    as_of: jiff::civil::Date,
    settings: &Settings,
    shape: &Shape,
    prices: Option<&Prices>,
) -> Summary {
    let months = period.months();
    let before = period.year_before();
    let empty = |team: Option<String>| Area {
        team,
        months: vec![Tally::default(); months.len()],
        ..Area::default()
    };
    let mut org = empty(None);
    let mut areas: BTreeMap<String, Area> = BTreeMap::new();
    for event in events {
        let Some(tally) = Tally::of(&event.kind) else {
            continue;
        };
        let Some(area) = area_of(event) else { continue };
        if team.is_some_and(|team| team != area) {
            continue;
        }
        let entry = areas
            .entry(area.to_string())
            .or_insert_with(|| empty(Some(area.to_string())));
        if period.contains(event.date) {
            let at = period.month_index(event.date);
            for target in [&mut *entry, &mut org] {
                target.months[at].add(&tally);
                target.total.add(&tally);
                if let Some(lead) = lead_of(event) {
                    target
                        .by_lead
                        .entry(lead.to_string())
                        .or_default()
                        .add(&tally);
                }
            }
        } else if before.contains(event.date) {
            entry.year_before.add(&tally);
            org.year_before.add(&tally);
        }
    }
    let (flags, area_flags) = flags(events, period, as_of, settings, shape, team);
    let pay = prices.map(|prices| {
        let unpriced = add_pay(events, period, team, prices, &mut areas, &mut org, &empty);
        PayTerms {
            currency: prices.currency.clone(),
            unpriced,
        }
    });
    // Areas with nothing in either period say nothing.
    let areas = areas
        .into_values()
        .filter(|area| {
            area.total.total() + area.year_before.total() > 0
                || area
                    .pay
                    .as_ref()
                    .is_some_and(|pay| pay.total.0 != 0 || pay.year_before.0 != 0)
        })
        .collect();
    Summary {
        period,
        team: team.map(str::to_string),
        year_before: before,
        months,
        areas,
        org,
        flags,
        area_flags,
        pay,
    }
}

/// Prices each teammate's change once per commit (a commit's events for one person share
/// their positions) and adds it to the areas it leaves and reaches; returns how many changes
/// had no price.
fn add_pay(
    events: &[&Event],
    period: Period,
    team: Option<&str>,
    prices: &Prices,
    areas: &mut BTreeMap<String, Area>,
    org: &mut Area,
    empty: &dyn Fn(Option<String>) -> Area,
) -> usize {
    let before = period.year_before();
    let mut seen = std::collections::HashSet::new();
    let mut unpriced = 0;
    let none = AreaPay {
        months: vec![Money(0); period.months().len()],
        ..AreaPay::default()
    };
    org.pay = Some(none.clone());
    for event in events {
        let in_period = period.contains(event.date);
        if !in_period && !before.contains(event.date) {
            continue;
        }
        if !seen.insert((std::sync::Arc::as_ptr(&event.landing), event.person.clone())) {
            continue;
        }
        let side = |position: Option<&crate::snapshot::Position>, sign: i64| {
            prices.side(position).map(|money| {
                position
                    .zip(money)
                    .map(|(position, money)| (position.team.clone(), Money(money.0 * sign)))
            })
        };
        let (Ok(from), Ok(to)) = (
            side(event.before.as_deref(), -1),
            side(event.after.as_deref(), 1),
        ) else {
            unpriced += 1;
            continue;
        };
        for (area, money) in from.into_iter().chain(to) {
            if team.is_some_and(|team| team != &*area) {
                continue;
            }
            let entry = areas
                .entry(area.to_string())
                .or_insert_with(|| empty(Some(area.to_string())));
            for target in [&mut *entry, &mut *org] {
                let pay = target.pay.get_or_insert_with(|| none.clone());
                if in_period {
                    pay.total += money;
                    pay.months[period.month_index(event.date)] += money;
                } else {
                    pay.year_before += money;
                }
            }
        }
    }
    for area in areas.values_mut() {
        area.pay.get_or_insert_with(|| none.clone());
    }
    unpriced
}

fn flags(
    events: &[&Event],
    period: Period,
    as_of: jiff::civil::Date,
    settings: &Settings,
    shape: &Shape,
    team: Option<&str>,
) -> (Vec<Flag>, Vec<AreaFlag>) {
    let mut reviews = Vec::new();
    let mut day = period.until.min(as_of);
    while day >= period.since {
        let review = settings.review_on_or_before(day);
        if review.date < period.since {
            break;
        }
        day = review.date.yesterday().unwrap_or(review.date);
        reviews.push(review);
        if reviews.len() > 366 {
            break;
        }
    }
    reviews.reverse();
    // A lead belongs to a team by where their reports were, so a team's summary names only its
    // own leads.
    let in_team = |lead: &str| {
        team.is_none_or(|team| {
            events
                .iter()
                .any(|event| lead_of(event) == Some(lead) && area_of(event) == Some(team))
        })
    };
    use crate::pace::{Detail, Unit, verdict};
    // A team is compared with the other teams; tracks only for the whole org.
    let units: Vec<Unit> = [Unit::Team, Unit::Track]
        .into_iter()
        .filter(|unit| team.is_none() || *unit == Unit::Team)
        .collect();
    let mut flags = Vec::new();
    let mut area_flags = Vec::new();
    let labels: Vec<String> = reviews.iter().map(|review| review.label.clone()).collect();
    for unit in units {
        let shape = shape.by(unit);
        for review in &reviews {
            let report = verdict(events, review.clone(), settings, &shape, Detail::None);
            for result in report.flagged() {
                if team.is_some_and(|team| team != &*result.lead) {
                    continue;
                }
                area_flags.push(AreaFlag {
                    review: review.label.clone(),
                    by: unit,
                    id: result.lead.to_string(),
                    measure: result.measure.unit(),
                    direction: result.flag.map_or("", |direction| direction.word()),
                    rate_ratio: result.flag_ratio().0,
                    recent_months: result.flag_ratio().1,
                });
            }
        }
    }
    // In the order of the reviews, teams before tracks, as they are shown.
    area_flags.sort_by_key(|flag| labels.iter().position(|label| *label == flag.review));
    for review in reviews {
        let label = review.label.clone();
        let report = verdict(events, review, settings, shape, Detail::None);
        for lead in report.leads.iter().filter(|lead| lead.flag.is_some()) {
            if !in_team(&lead.lead) {
                continue;
            }
            flags.push(Flag {
                review: label.clone(),
                lead: lead.lead.to_string(),
                measure: lead.measure.unit(),
                direction: lead.flag.map_or("", |direction| direction.word()),
                rate_ratio: lead.flag_ratio().0,
                recent_months: lead.flag_ratio().1,
            });
        }
    }
    (flags, area_flags)
}
