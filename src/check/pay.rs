//! The `pay` key's checks: bands and multipliers against the framework's tracks, levels, steps
//! and teams, and every occupied position priced.

use crate::Spanned;
use crate::finding::{Finding, did_you_mean};
use crate::framework::pay::{Band, Money, Pay};
use crate::framework::{Framework, LevelRef, Steps};
use crate::pricing::{Prices, Unpriced};
use crate::snapshot::{Position, Snapshot};

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
