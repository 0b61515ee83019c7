//! The pull request check's pace: the figures of every lead a change touches before and after
//! it, the standing verdict and the live alarm, from the base branch's history, or from the
//! ledger kept for the base when the last check read the same one (`crate::pace::ledger`).

use std::path::Path;

use super::{ChangePace, Review};
use crate::diff::ChangeKind;
use crate::diff::ChangeSet;
use crate::finding::{Finding, sort_findings};
use crate::history::{Event, History, LastSet, change_events, read_history_with};
use crate::pace::alarm::Watch;
use crate::pace::ledger::{self, Ledger};
use crate::pace::{PaceReport, Settings, Shape};
use crate::snapshot::LoadError;
use crate::snapshot::Snapshot;

/// The standing verdict, the alarm's state on the base, and the figures on the day without
/// and with the change.
struct Figures {
    verdict: PaceReport,
    watch: Watch,
    before_now: PaceReport,
    after_now: PaceReport,
}

/// Adds the pace figures of every lead the change touches, before and after it, from the base
/// branch's history with the change's events dated `as_of`; and flags single changes that come
/// sooner than the framework's typical time. With `index`, the base's ledger is read from
/// there when it holds up, and written there when it did not.
pub fn add_pace(
    review: &mut Review,
    repo: &git2::Repository,
    base_rev: &str,
    dir: &str,
    as_of: jiff::civil::Date,
    index: Option<&Path>,
) -> Result<Vec<String>, LoadError> {
    let paced = pace_of(
        &review.base,
        &review.changes,
        repo,
        base_rev,
        dir,
        as_of,
        index,
    )?;
    Ok(paced.add_to(review))
}

/// The pace of a change, worked out from the base and the change set alone, to be added to
/// the review once it is whole.
pub(super) struct Paced {
    outcome: Outcome,
    notes: Vec<String>,
}

enum Outcome {
    Figures(Box<Worked>),
    /// The history is shallow: why there is no pace.
    Unavailable(String),
}

/// The figures, with what adding them to the review needs.
struct Worked {
    figures: Figures,
    added: Vec<Event>,
    leads: Vec<String>,
    settings: Settings,
    as_of: jiff::civil::Date,
    source: Source,
}

/// Where the figures came from, which also knows when each teammate last changed level.
enum Source {
    Ledger(Ledger),
    History(History),
}

/// [`add_pace`]'s figures, before they are added to a review.
pub(super) fn pace_of(
    base: &Snapshot,
    changes: &ChangeSet,
    repo: &git2::Repository,
    base_rev: &str,
    dir: &str,
    as_of: jiff::civil::Date,
    index: Option<&Path>,
) -> Result<Paced, LoadError> {
    let framework = base.framework.as_ref().map(|framework| &framework.value);
    let settings = Settings::of(&framework.map(|f| f.policy.pace.clone()).unwrap_or_default());
    let shape = Shape::of(framework);
    let added = change_events(changes, as_of);
    let mut leads: Vec<String> = changes
        .people
        .iter()
        .flat_map(|change| change.before.iter().chain(change.after.iter()))
        .filter_map(|position| position.lead.as_deref().map(str::to_string))
        .collect();
    leads.sort();
    leads.dedup();
    let touched = crate::pace::Detail::Only(&leads);
    let root = crate::history::root_of(dir);
    // The ledger stands in for the history where one pass per measure does (no calibration
    // cycles) and the history is whole (not a shallow clone).
    let base_commit = repo
        .revparse_single(base_rev)
        .and_then(|object| object.peel_to_commit())
        .map(|commit| commit.id())
        .ok();
    let kept = index
        .zip(base_commit)
        .filter(|_| settings.cycles.is_none() && crate::history::shallow_history(repo).is_none())
        .map(|(folder, base)| (ledger::path(folder, root), base));
    if let Some((file, commit)) = &kept {
        crate::history::kept::sweep(file);
        if let Some(ledger) = base_ledger(repo, base_rev, dir, file, *commit, &shape)
            && let Some(figures) = from_ledger(&ledger, &added, as_of, &settings, &shape, touched)
        {
            let outcome = Outcome::Figures(Box::new(Worked {
                figures,
                added,
                leads,
                settings,
                as_of,
                source: Source::Ledger(ledger),
            }));
            let notes = Vec::new();
            return Ok(Paced { outcome, notes });
        }
    }
    let history = read_history_with(repo, base_rev, dir, index, &mut |_, _| {})?;
    let notes = history.notes.clone();
    // Rates from part of the history would be wrong without looking wrong: say so instead.
    if let Some(missing) = &history.shallow {
        let outcome = Outcome::Unavailable(missing.clone());
        return Ok(Paced { outcome, notes });
    }
    let figures = from_history(&history, &added, as_of, &settings, &shape, touched);
    if let Some((file, commit)) = &kept
        && let Some(ledger) = Ledger::of(&history.events, &shape)
    {
        // A ledger that cannot be written costs the next check time, not this one its answer.
        let _ = ledger::save(file, root, *commit, &ledger);
    }
    let outcome = Outcome::Figures(Box::new(Worked {
        figures,
        added,
        leads,
        settings,
        as_of,
        source: Source::History(history),
    }));
    Ok(Paced { outcome, notes })
}

impl Paced {
    /// Adds the figures and their findings to `review`; returns the history's notes.
    pub(super) fn add_to(self, review: &mut Review) -> Vec<String> {
        match self.outcome {
            Outcome::Unavailable(missing) => {
                review.findings.push(Finding::warning(
                    "pace-unavailable",
                    format!("pace is not computed: {missing}"),
                ));
                sort_findings(&mut review.findings);
            }
            Outcome::Figures(worked) => {
                let Worked {
                    figures,
                    added,
                    leads,
                    settings,
                    as_of,
                    source,
                } = *worked;
                let last_set = |id: &str| match &source {
                    Source::Ledger(ledger) => ledger.last_set(id, as_of),
                    Source::History(history) => crate::history::last_set(history, id, as_of),
                };
                finish(review, figures, &added, &leads, &settings, as_of, &last_set);
                // Freeing millions of events took a tenth of the check at 200,000 commits;
                // nothing needs to wait for it. Where no thread can be had, it goes here.
                let _ = std::thread::Builder::new().spawn(move || drop(source));
            }
        }
        self.notes
    }
}

/// The ledger of `base`: the one kept for it, or one kept for an earlier commit of its line
/// carried forward by the commits since (and kept for `base` in its place), when none of them
/// renames anyone. `None` sends the check to the history.
fn base_ledger(
    repo: &git2::Repository,
    base_rev: &str,
    dir: &str,
    file: &Path,
    base: git2::Oid,
    shape: &Shape,
) -> Option<Ledger> {
    let root = crate::history::root_of(dir);
    let (kept_for, mut ledger) = ledger::load_any(file, root, shape)?;
    if kept_for == base {
        return Some(ledger);
    }
    let events = crate::history::events_since(repo, base_rev, kept_for, dir)
        .ok()
        .flatten()?;
    ledger.extend(&events, shape)?;
    // A ledger that cannot be written costs the next check time, not this one its answer.
    let _ = ledger::save(file, root, base, &ledger);
    Some(ledger)
}

/// The figures from the base's ledger: `None` where it cannot give them as the history would
/// (the base holds events dated after `as_of`, or the change's come before the base's last).
fn from_ledger(
    ledger: &Ledger,
    added: &[Event],
    as_of: jiff::civil::Date,
    settings: &Settings,
    shape: &Shape,
    touched: crate::pace::Detail<'_>,
) -> Option<Figures> {
    let added_refs: Vec<&Event> = added.iter().collect();
    let window = settings.window_ending(as_of, ledger.days_in_effect().next());
    let watching = |verdict: &PaceReport| ledger.watching(verdict, window, as_of, added);
    let (verdict, watch, before_now, after_now) = crate::pace::around_change_ledger(
        ledger,
        &added_refs,
        as_of,
        settings,
        shape,
        touched,
        watching,
    )?;
    Some(Figures {
        verdict,
        watch,
        before_now,
        after_now,
    })
}

/// The figures from the base's history: one pass over it per measure, or where that cannot
/// stand in for them, each report a pass of its own, on both cores.
fn from_history(
    history: &History,
    added: &[Event],
    as_of: jiff::civil::Date,
    settings: &Settings,
    shape: &Shape,
    touched: crate::pace::Detail<'_>,
) -> Figures {
    let base_events: Vec<&Event> = history.events.iter().collect();
    let window = crate::pace::window_on(&base_events, as_of, settings);
    let added_refs: Vec<&Event> = added.iter().collect();
    let watch = |verdict: &PaceReport| {
        crate::pace::alarm::watching(&base_events, verdict, window, as_of, shape)
    };
    let figures = crate::pace::around_change(
        &base_events,
        &added_refs,
        as_of,
        settings,
        shape,
        touched,
        watch,
    );
    let ((verdict, watch), (before_now, after_now)) = match figures {
        Some((verdict, watch, before, after)) => ((verdict, watch), (before, after)),
        None => {
            let with_change: Vec<&Event> = history.events.iter().chain(added).collect();
            rayon::join(
                || {
                    let review = settings.standing_review(as_of);
                    let verdict =
                        crate::pace::verdict(&base_events, review, settings, shape, touched);
                    let watch = watch(&verdict);
                    (verdict, watch)
                },
                || {
                    let memo = crate::pace::variation::Memo::default();
                    let now = |events: &[&Event]| {
                        let memo = Some(&memo);
                        crate::pace::evaluate_sharing(
                            events, as_of, settings, shape, None, touched, memo,
                        )
                    };
                    rayon::join(|| now(&base_events), || now(&with_change))
                },
            )
        }
    };
    debug_assert_eq!(window, before_now.window);
    Figures {
        verdict,
        watch,
        before_now,
        after_now,
    }
}

/// Marks the alarms, words the figures of each lead the change touches, and adds them and the
/// findings to the review.
fn finish(
    review: &mut Review,
    figures: Figures,
    added: &[Event],
    leads: &[String],
    settings: &Settings,
    as_of: jiff::civil::Date,
    last_set: &dyn Fn(&str) -> LastSet,
) {
    let Figures {
        verdict,
        watch,
        before_now,
        after_now,
    } = figures;
    let shape = Shape::of(
        review
            .base
            .framework
            .as_ref()
            .map(|framework| &framework.value),
    );
    // The change's moves come after everything on the base branch: feed them to a copy.
    let mut with_moves = watch.clone();
    for event in added {
        with_moves.feed(event, &shape, "");
    }
    let alarm_before = watch.finish(verdict.date);
    let alarm_after = with_moves.finish(verdict.date);
    let (mut verdict, mut before_now, mut after_now) = (verdict, before_now, after_now);
    verdict.mark_alarms(&alarm_before);
    before_now.mark_alarms(&alarm_before);
    after_now.mark_alarms(&alarm_after);
    let name = |id: &str| {
        review
            .base
            .person(id)
            .or_else(|| review.head.person(id))
            .map_or_else(String::new, |person| person.value.name.value.clone())
    };
    let mut sentences = Vec::new();
    for lead in leads {
        for now in after_now.of_lead(lead) {
            // A measure nobody moves on has nothing to say about this lead.
            if !now.tested && now.moves == 0 && now.expected == 0.0 {
                continue;
            }
            let base = before_now.lead(lead, now.measure);
            let mut sentence = crate::pace::words::figures(&after_now, now, &name(lead));
            let added = now.moves - base.map_or(0, |base| base.moves);
            if added > 0 {
                sentence.push_str(&format!(" This change adds {added}."));
            }
            if let Some(base) = base.filter(|base| base.tested || now.tested) {
                sentence.push_str(&format!(
                    " On the base branch: {} of {} expected.",
                    base.moves,
                    crate::pace::number(base.expected)
                ));
            }
            let standing = verdict.lead(lead, now.measure);
            if let Some(text) =
                standing.and_then(|result| crate::pace::words::verdict(&verdict, result))
            {
                sentence.push(' ');
                sentence.push_str(&text);
            }
            // A flag is said once, as a finding: the words first, the figures after.
            if standing.is_some_and(crate::pace::LeadResult::flagged) {
                let headline =
                    crate::pace::words::headline(now, &name(lead), crate::pace::Unit::Lead);
                let figures = sentence
                    .split_once(": ")
                    .map_or(sentence.as_str(), |(_, figures)| figures);
                review.findings.push(Finding::warning(
                    "pace",
                    format!("{headline} The figures: {figures}"),
                ));
            } else {
                sentences.push(sentence);
            }
        }
        let who = match name(lead) {
            named if !named.is_empty() && named != *lead => format!("{named} ({lead})"),
            _ => lead.clone(),
        };
        let was = alarm_before
            .lead(lead)
            .and_then(|alarm| alarm.raised().cloned());
        let is = alarm_after
            .lead(lead)
            .and_then(|alarm| alarm.raised().cloned());
        let mut sentence = format!(
            "{who}: {}",
            crate::pace::words::alarm(&alarm_after, alarm_after.lead(lead))
        );
        match (&was, &is) {
            (None, Some(raised)) => {
                sentence.push_str(&format!(
                    " This change's own moves take the lead over the threshold ({} than their share).",
                    raised.direction.word()
                ));
                review
                    .findings
                    .push(Finding::warning("pace-alarm", sentence));
            }
            (Some(_), _) => {
                sentence.push_str(" The alarm stood on the base branch before this change.");
                review
                    .findings
                    .push(Finding::warning("pace-alarm", sentence));
            }
            (None, None) => sentences.push(sentence),
        }
    }
    review
        .findings
        .extend(sooner_than_typical(review, last_set, as_of));
    sort_findings(&mut review.findings);
    review.pace = Some(ChangePace {
        as_of,
        months: settings.window,
        review: verdict,
        before: before_now,
        after: after_now,
        alarm_before,
        alarm_after,
        leads: leads.to_vec(),
        sentences,
    });
}

/// Level changes that come before the framework's typical time at the level being left.
fn sooner_than_typical(
    review: &Review,
    last_set: &dyn Fn(&str) -> LastSet,
    as_of: jiff::civil::Date,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for change in &review.changes.people {
        if !change.has(|kind| matches!(kind, ChangeKind::LevelUp { .. })) {
            continue;
        }
        // Teammates who arrive with the folder's first commit were imported, not hired: when
        // they reached their level is unknown unless their placement says `since`.
        let set = last_set(&change.id);
        if set.imported {
            continue;
        }
        let Some(standing) = crate::history::standing_since(&review.base, &change.id, as_of, set)
        else {
            continue;
        };
        let (Some(months), Some(typical)) = (
            standing.months_in_level,
            standing
                .typical_months_to_next
                .and_then(|typical| typical.min_months()),
        ) else {
            continue;
        };
        if months < f64::from(typical) {
            let pos = change
                .head
                .as_ref()
                .map_or(crate::Pos::TOP, |placement| placement.level.pos);
            findings.push(
                Finding::notice(
                    "sooner-than-typical",
                    format!(
                        "{} ({}) moves up after {:.0} months at {} level {}; the framework's typical time there is {typical} months",
                        change.name, change.id, months.round(), standing.position.track, standing.position.level_label_words()
                    ),
                )
                .at(&change.file, pos)
                .help("fine when the case file shows why; calibration will ask"),
            );
        }
    }
    findings
}
