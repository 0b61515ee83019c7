//! Pace across leads (`docs/pace.md`): does a lead move their people up faster, or
//! slower, than the rest of the org by more than chance and ordinary differences between teams
//! explain? Verdicts are decided at review dates from the history as it stood then, so any later
//! run gives the same verdict; between reviews a sequential alarm built for a look on every pull
//! request watches each lead.
//!
//! - [`tally`]: eligible exposure and moves per lead, in report-months or report-cycles;
//! - [`exact`]: the exact conditional test with ordinary variation in the null, its interval,
//!   Benjamini–Hochberg, the spread between leads, the funnel;
//! - [`review`]: the verdict at one date: one Benjamini–Hochberg family per review, the
//!   reference built in rounds;
//! - [`alarm`]: the live CUSUM and its thresholds;
//! - [`area`]: the same test with teams or tracks in the place of leads;
//! - `change`: the PR check's three reports from one pass over the history per measure;
//! - [`ledger`]: the base's history as that check reads it, kept for the next check on it;
//! - [`words`]: the sentences a People team reads.

pub mod alarm;
pub mod area;
mod change;
pub mod exact;
pub mod ledger;
pub mod review;
pub mod tally;
pub mod variation;
pub mod words;

use std::sync::Arc;

use serde::Serialize;

use crate::framework::{ANNIVERSARY, Calendar, Framework, PacePolicy};
use crate::history::Event;
use crate::snapshot::Position;

pub use alarm::{Alarm, LeadAlarm, Thresholds};
pub use area::{Unit, standing_by};
pub use change::{around_change, around_change_ledger};
pub use exact::{FunnelPoint, funnel_point};
pub use review::{LeadResult, Limit, MeasureSummary, PaceReport, Period, Recent};
pub use tally::Tally;
pub use words::{number, p_value, sentence};

pub const DAYS_PER_MONTH: f64 = 30.4375;

/// Months of the recent window every review also tests each lead on, beside its whole window:
/// two quarters, so a lead whose pace has just changed is seen within the year.
pub const RECENT_MONTHS: u32 = 6;

/// The window `[start, end)` a test looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
pub struct Window {
    /// The first day inside the window.
    #[schemars(with = "String")]
    pub start: jiff::civil::Date,
    /// The first day after it.
    #[schemars(with = "String")]
    pub end: jiff::civil::Date,
}

impl Window {
    /// The `months` months up to and including `as_of`.
    pub fn ending(as_of: jiff::civil::Date, months: u32) -> Window {
        let end = as_of.tomorrow().unwrap_or(as_of);
        let start = end
            .checked_sub(jiff::Span::new().months(i64::from(months)))
            .unwrap_or(end);
        Window { start, end }
    }

    pub fn contains(&self, date: jiff::civil::Date) -> bool {
        self.start <= date && date < self.end
    }

    /// The last day inside the window.
    pub fn last_day(&self) -> jiff::civil::Date {
        self.end.yesterday().unwrap_or(self.end)
    }

    /// Report-months of the overlap of `[from, to)` with the window.
    pub fn months_of(&self, from: jiff::civil::Date, to: jiff::civil::Date) -> f64 {
        let from = from.max(self.start);
        let to = to.min(self.end);
        if to <= from {
            return 0.0;
        }
        let days = to.since(from).map_or(0, |span| span.get_days());
        f64::from(days) / DAYS_PER_MONTH
    }
}

/// Which moves a test counts.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    Steps,
    Levels,
}

impl Measure {
    pub fn noun(self, count: u32) -> &'static str {
        match (self, count) {
            (Measure::Steps, 1) => "step-up move",
            (Measure::Steps, _) => "step-up moves",
            (Measure::Levels, 1) => "level-up move",
            (Measure::Levels, _) => "level-up moves",
        }
    }

    /// What one move of this measure crosses: "step" or "level".
    pub fn unit(self) -> &'static str {
        match self {
            Measure::Steps => "step",
            Measure::Levels => "level",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Measure::Steps => "Steps",
            Measure::Levels => "Levels",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Faster,
    Slower,
}

impl Direction {
    pub fn word(self) -> &'static str {
        match self {
            Direction::Faster => "faster",
            Direction::Slower => "slower",
        }
    }
}

/// The pace test's settings, read from the base branch's policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Months each test looks back.
    pub window: u32,
    /// False when the window is the default, which shrinks to 12 months while the history is
    /// shorter than the window.
    pub window_written: bool,
    /// The false discovery rate a year.
    pub q: f64,
    /// Review dates as month-days, in order.
    pub reviews: Vec<(i8, i8)>,
    /// Calibration cycles as month-days, when the policy declares them.
    pub cycles: Option<Cycles>,
    /// How much leads ordinarily differ (a coefficient of variation): the spread below 20
    /// tested leads, and the floor of the estimate from 20.
    pub tolerance: f64,
    /// True when the policy names the tolerance: then it is the floor however little the
    /// history shows leads differ.
    pub tolerance_written: bool,
    pub min_exposure_months: f64,
    /// Below this many expected moves a lead is not tested.
    pub min_expected: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cycles {
    /// The month-days every teammate shares; empty with `anniversary`.
    pub dates: Vec<(i8, i8)>,
    pub grace_days: u32,
    /// Each teammate's cycle falls on the anniversary of their start instead.
    pub anniversary: bool,
}

impl Cycles {
    /// Cycles a year for each teammate.
    pub fn per_year(&self) -> usize {
        if self.anniversary {
            1
        } else {
            self.dates.len()
        }
    }
}

/// With this many tested leads or more, the spread between leads is estimated from them.
pub const ESTIMATE_SPREAD_FROM: usize = 20;

const QUARTERLY: [(i8, i8); 4] = [(3, 31), (6, 30), (9, 30), (12, 31)];

impl Default for Settings {
    fn default() -> Self {
        Settings {
            window: 24,
            window_written: false,
            q: 0.05,
            reviews: QUARTERLY.to_vec(),
            cycles: None,
            tolerance: crate::framework::policy::DEFAULT_TOLERANCE,
            tolerance_written: false,
            min_exposure_months: 6.0,
            min_expected: 2.0,
        }
    }
}

impl Settings {
    /// The settings a policy gives; a value that does not read (which `check` reports) keeps
    /// its default.
    pub fn of(policy: &PacePolicy) -> Settings {
        let defaults = Settings::default();
        let written = policy.window_written().map(|months| months.value);
        Settings {
            window: written
                .filter(|&months| months > 0)
                .unwrap_or(defaults.window),
            window_written: written.is_some(),
            q: Some(*policy.q)
                .filter(|q| *q > 0.0 && *q < 1.0)
                .unwrap_or(defaults.q),
            reviews: policy
                .reviews
                .as_ref()
                .and_then(|calendar| calendar.month_days())
                .unwrap_or(defaults.reviews),
            cycles: policy.cycles.as_ref().and_then(|calendar| {
                let anniversary =
                    matches!(&calendar.value, Calendar::Named(name) if name == ANNIVERSARY);
                let dates = if anniversary {
                    Vec::new()
                } else {
                    calendar.month_days()?
                };
                Some(Cycles {
                    dates,
                    grace_days: *policy.cycle_grace_days,
                    anniversary,
                })
            }),
            tolerance: policy
                .tolerance
                .as_deref()
                .copied()
                .filter(|t| (0.0..1.0).contains(t))
                .unwrap_or(defaults.tolerance),
            tolerance_written: policy.tolerance.is_some(),
            min_exposure_months: *policy.min_exposure_months,
            min_expected: defaults.min_expected,
        }
    }

    pub fn reviews_per_year(&self) -> u32 {
        u32::try_from(self.reviews.len()).unwrap_or(u32::MAX).max(1)
    }

    /// The false discovery rate of one review: the year's, shared out over its reviews.
    pub fn q_review(&self) -> f64 {
        self.q / f64::from(self.reviews_per_year())
    }

    /// The window of a test ending on `date`, shorter while the history is.
    pub fn window_ending(
        &self,
        date: jiff::civil::Date,
        first: Option<jiff::civil::Date>,
    ) -> Window {
        let full = Window::ending(date, self.window);
        if self.window_written || self.window <= 12 {
            return full;
        }
        match first {
            Some(first) if first > full.start => Window::ending(date, 12),
            _ => full,
        }
    }

    /// The latest review on or before `date`.
    pub fn review_on_or_before(&self, date: jiff::civil::Date) -> Review {
        let mut year = date.year();
        loop {
            let best = self
                .reviews
                .iter()
                .rev()
                .filter_map(|&(month, day)| jiff::civil::Date::new(year, month, day).ok())
                .find(|review| *review <= date);
            if let Some(review) = best {
                return self.review(review);
            }
            year -= 1;
        }
    }

    /// The latest review before `date`: the one whose verdict stands on that day.
    pub fn standing_review(&self, date: jiff::civil::Date) -> Review {
        self.review_on_or_before(date.yesterday().unwrap_or(date))
    }

    fn review(&self, date: jiff::civil::Date) -> Review {
        let label = if self.reviews == QUARTERLY {
            Quarter::of(date).label()
        } else {
            date.to_string()
        };
        Review { date, label }
    }

    /// A review named as `2026Q3`, `2026-Q3` or a date: the last review date in that quarter,
    /// or the review on or before the date.
    pub fn find_review(&self, text: &str) -> Result<Review, String> {
        let expected = || {
            format!(
                "`{text}` is not a review: expected a quarter such as 2026Q3 or a date such as 2026-09-30"
            )
        };
        if text.contains(['Q', 'q']) {
            let quarter = Quarter::parse(text).map_err(|_| expected())?;
            let review = self.review_on_or_before(quarter.last_day());
            if Quarter::of(review.date) != quarter {
                return Err(format!(
                    "the policy holds no review in {}: reviews fall on {}",
                    quarter.label(),
                    self.reviews
                        .iter()
                        .map(|(month, day)| format!("{month:02}-{day:02}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            return Ok(review);
        }
        let date: jiff::civil::Date = text.parse().map_err(|_| expected())?;
        Ok(self.review_on_or_before(date))
    }
}

/// A calendar quarter: what reviews are named by by default, and what a calibration covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Quarter {
    pub year: i16,
    pub number: i8,
}

impl Quarter {
    pub fn of(date: jiff::civil::Date) -> Quarter {
        Quarter {
            year: date.year(),
            number: (date.month() - 1) / 3 + 1,
        }
    }

    /// `2026Q4` or `2026-Q4`.
    pub fn parse(text: &str) -> Result<Quarter, String> {
        let expected = || format!("`{text}` is not a quarter: expected e.g. 2026Q4");
        let upper = text.to_ascii_uppercase();
        let (year, number) = upper.split_once('Q').ok_or_else(expected)?;
        let year: i16 = year.trim_end_matches('-').parse().map_err(|_| expected())?;
        let number: i8 = number.parse().map_err(|_| expected())?;
        if !(1..=4).contains(&number) || !(1900..=9999).contains(&year) {
            return Err(expected());
        }
        Ok(Quarter { year, number })
    }

    pub fn first_day(self) -> jiff::civil::Date {
        jiff::civil::Date::new(self.year, self.number * 3 - 2, 1).unwrap_or_default()
    }

    pub fn last_day(self) -> jiff::civil::Date {
        jiff::civil::Date::new(self.year, self.number * 3, 1)
            .map(|date| date.last_of_month())
            .unwrap_or_default()
    }

    /// The quarter `n` before this one.
    pub fn back(self, n: i16) -> Quarter {
        let index = i32::from(self.year) * 4 + i32::from(self.number - 1) - i32::from(n);
        Quarter {
            year: i16::try_from(index.div_euclid(4)).unwrap_or(self.year),
            number: i8::try_from(index.rem_euclid(4) + 1).unwrap_or(1),
        }
    }

    pub fn label(self) -> String {
        format!("{}-Q{}", self.year, self.number)
    }
}

/// A review: the date its verdict is computed at, and how reports name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Review {
    #[schemars(with = "String")]
    pub date: jiff::civil::Date,
    pub label: String,
}

/// Which positions can still move up: the step measure leaves out the last step of a level and
/// tracks without steps; the level measure leaves out a track's top level.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    /// Per track: its top level and its number of steps.
    tracks: Vec<(Arc<str>, u32, u32)>,
    known: bool,
    /// Whom a position counts for: its lead, or its team or track in the lead's place.
    unit: Unit,
}

impl Shape {
    pub fn of(framework: Option<&Framework>) -> Shape {
        let Some(framework) = framework else {
            return Shape::default();
        };
        Shape {
            tracks: framework
                .tracks
                .iter()
                .map(|track| {
                    (
                        Arc::from(track.id.value.as_str()),
                        track.last(),
                        framework.steps_of(track).count(),
                    )
                })
                .collect(),
            known: true,
            unit: Unit::Lead,
        }
    }

    /// The same shape with teams or tracks tested in the place of leads: the events are read
    /// as they are, never copied with each position's lead replaced.
    pub fn by(&self, unit: Unit) -> Shape {
        Shape {
            unit,
            ..self.clone()
        }
    }

    /// Whom a position counts for: its lead, or its team or track.
    pub fn unit_of<'a>(&self, position: &'a Position) -> Option<&'a Arc<str>> {
        match self.unit {
            Unit::Lead => position.lead.as_ref(),
            Unit::Team => Some(&position.team),
            Unit::Track => Some(&position.track),
        }
    }

    fn track(&self, id: &str) -> Option<(u32, u32)> {
        self.tracks
            .iter()
            .find(|(track, _, _)| **track == *id)
            .map(|&(_, top, steps)| (top, steps))
    }

    /// Whether any track has steps (always, without a framework to say otherwise).
    pub fn any_steps(&self) -> bool {
        !self.known || self.tracks.iter().any(|&(_, _, steps)| steps > 0)
    }

    /// Tracks without steps, left out of the step measure.
    pub fn without_steps(&self) -> Vec<String> {
        if !self.any_steps() {
            return Vec::new();
        }
        self.tracks
            .iter()
            .filter(|&&(_, _, steps)| steps == 0)
            .map(|(track, _, _)| track.to_string())
            .collect()
    }

    /// Whether someone at `position` can make a move of this measure.
    pub fn eligible(&self, position: &Position, measure: Measure) -> bool {
        let Some((top, steps)) = self.track(&position.track) else {
            // A track the framework does not know: nothing says the move is impossible.
            return measure == Measure::Levels || position.step > 0 || !self.known;
        };
        match measure {
            Measure::Steps => steps > 0 && (position.step == 0 || position.step < steps),
            Measure::Levels => position.level == 0 || position.level < top,
        }
    }

    /// Whether the step measure counts someone on this track at all.
    pub fn counts_steps(&self, position: &Position) -> bool {
        self.track(&position.track)
            .is_none_or(|(_, steps)| steps > 0)
    }

    pub fn measures(&self) -> Vec<Measure> {
        if self.any_steps() {
            vec![Measure::Steps, Measure::Levels]
        } else {
            vec![Measure::Levels]
        }
    }
}

/// Events in the order they took effect, up to and including `date`.
fn up_to<'a>(events: &[&'a Event], date: jiff::civil::Date) -> Vec<&'a Event> {
    let mut kept: Vec<&Event> = events
        .iter()
        .copied()
        .filter(|event| event.date <= date)
        .collect();
    kept.sort_by_key(|event| event.date);
    kept
}

/// Which leads get the figures that only a reader needs (the interval, what their data could
/// show): a pull request needs them for the leads it touches, a simulation for none.
#[derive(Debug, Clone, Copy)]
pub enum Detail<'a> {
    All,
    Only(&'a [String]),
    None,
}

impl Detail<'_> {
    pub fn wants(&self, lead: &str) -> bool {
        match self {
            Detail::All => true,
            Detail::Only(leads) => leads.iter().any(|wanted| wanted == lead),
            Detail::None => false,
        }
    }
}

/// The test as it stands on `date`, from the events up to that day.
pub fn evaluate(
    events: &[&Event],
    date: jiff::civil::Date,
    settings: &Settings,
    shape: &Shape,
    review: Option<Review>,
    detail: Detail<'_>,
) -> PaceReport {
    evaluate_sharing(events, date, settings, shape, review, detail, None)
}

/// [`evaluate`], taking what the windows before the review's say from `memo` when another
/// evaluation of the same settings and shape, on the same history or one with later moves
/// only, has worked it out. Never with calibration cycles.
pub fn evaluate_sharing(
    events: &[&Event],
    date: jiff::civil::Date,
    settings: &Settings,
    shape: &Shape,
    review: Option<Review>,
    detail: Detail<'_>,
    memo: Option<&variation::Memo>,
) -> PaceReport {
    // With cycles a move on the day can belong to a cycle dated months back, inside an
    // earlier window: there the evaluations of two histories cannot share those windows.
    let memo = memo.filter(|_| settings.cycles.is_none());
    let events = up_to(events, date);
    let window = window_on(&events, date, settings);
    let source = review::Source::Events(&events, memo);
    review::run(source, window, date, settings, shape, review, detail)
}

/// The window [`evaluate`] uses on `date`, without evaluating.
pub fn window_on(events: &[&Event], date: jiff::civil::Date, settings: &Settings) -> Window {
    let first = events
        .iter()
        .map(|event| event.date)
        .filter(|&day| day <= date)
        .min();
    settings.window_ending(date, first)
}

/// The verdict of one review, from the history as it stood on the review's date.
pub fn verdict(
    events: &[&Event],
    review: Review,
    settings: &Settings,
    shape: &Shape,
    detail: Detail<'_>,
) -> PaceReport {
    let date = review.date;
    evaluate(events, date, settings, shape, Some(review), detail)
}

/// Where pace stands on a day: the verdict of the latest review before it, the figures on
/// the day, and the live alarm since that review.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Standing {
    pub review: PaceReport,
    pub now: PaceReport,
    pub alarm: Alarm,
    /// The first day the history holds: no window is shown starting before it.
    #[schemars(with = "Option<String>")]
    pub history_from: Option<jiff::civil::Date>,
}

impl Standing {
    /// Whether the history is too short for any lead to have been tested, at the review or now.
    pub fn too_young(&self) -> bool {
        let tested = |report: &PaceReport| report.leads.iter().any(|lead| lead.tested);
        let raised = self.alarm.leads.iter().any(|lead| lead.raised().is_some());
        !tested(&self.review) && !tested(&self.now) && !raised
    }
}

pub fn standing(
    events: &[&Event],
    as_of: jiff::civil::Date,
    settings: &Settings,
    shape: &Shape,
) -> Standing {
    standing_since(
        events,
        settings.standing_review(as_of),
        as_of,
        settings,
        shape,
    )
}

/// Where pace stands on `as_of`, with the verdict of a given review.
pub fn standing_since(
    events: &[&Event],
    review: Review,
    as_of: jiff::civil::Date,
    settings: &Settings,
    shape: &Shape,
) -> Standing {
    let mut review = verdict(events, review, settings, shape, Detail::All);
    let mut now = evaluate(events, as_of, settings, shape, None, Detail::All);
    let alarm = alarm::watch(events, &review, now.window, as_of, shape);
    review.mark_alarms(&alarm);
    now.mark_alarms(&alarm);
    Standing {
        review,
        now,
        alarm,
        history_from: events.iter().map(|event| event.date).min(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reviews_are_found_by_quarter_or_date() {
        let settings = Settings::default();
        let review = settings.find_review("2026Q3").expect("quarter");
        assert_eq!(
            (review.date.to_string(), review.label.as_str()),
            ("2026-09-30".to_string(), "2026-Q3")
        );
        let on = settings.find_review("2026-11-02").expect("date");
        assert_eq!(on.label, "2026-Q3");
        let standing = settings.standing_review("2026-10-01".parse().expect("date"));
        assert_eq!(standing.label, "2026-Q3");
        let standing = settings.standing_review("2026-09-30".parse().expect("date"));
        assert_eq!(standing.label, "2026-Q2");
        assert!(settings.find_review("2026Q5").is_err());
        let half = Settings {
            reviews: vec![(6, 30), (12, 31)],
            ..Settings::default()
        };
        let error = half.find_review("2026Q1").expect_err("no review in Q1");
        assert!(error.contains("06-30, 12-31"), "{error}");
    }

    #[test]
    fn the_default_window_is_shorter_while_the_history_is() {
        let settings = Settings::default();
        let date: jiff::civil::Date = "2026-06-30".parse().expect("date");
        let young = settings.window_ending(date, Some("2025-09-01".parse().expect("date")));
        assert_eq!(young.start.to_string(), "2025-07-01");
        let old = settings.window_ending(date, Some("2020-01-01".parse().expect("date")));
        assert_eq!(old.start.to_string(), "2024-07-01");
        let written = Settings {
            window_written: true,
            ..settings
        };
        let fixed = written.window_ending(date, Some("2025-09-01".parse().expect("date")));
        assert_eq!(fixed.start.to_string(), "2024-07-01");
    }
}
