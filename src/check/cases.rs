//! Case files: the person and authors they name, their date, and the position they argue for on
//! the person's track. A name gone from the tree but a teammate when the case last changed is
//! history, not an error. It must not judge the placement a case is about, which is `people`'s
//! part.

use super::shared::{resolve_level, unknown_person, unknown_track};
use crate::finding::Finding;
use crate::framework::Framework;
use crate::snapshot::Snapshot;

/// The case files' findings.
pub(super) fn check(
    snapshot: &Snapshot,
    framework: Option<&Framework>,
    findings: &mut Vec<Finding>,
) {
    for entry in &snapshot.cases {
        let file = entry.file.as_str();
        let case = &entry.value;
        // Someone gone since the case last changed was a teammate when it was written: a
        // merged case is history, checked against its own commit's tree (`snapshot::past`).
        let former = |id: &str| snapshot.was_teammate_for_case(file, id);
        if !former(&case.person) && unknown_person(snapshot, &case.person, "person", file, findings)
        {
            continue;
        }
        for author in case.authors.iter().filter(|author| !former(author)) {
            unknown_person(snapshot, author, "author", file, findings);
        }
        if let Some(date) = &case.date
            && date.parse::<jiff::civil::Date>().is_err()
        {
            findings.push(
                Finding::error(
                    "bad-date",
                    format!("`date: {}` is not a date: expected YYYY-MM-DD", **date),
                )
                .at(file, date.pos),
            );
        }
        let (Some(framework), Some(person)) = (framework, snapshot.person(&case.person)) else {
            continue;
        };
        let track_id = case.track.as_ref().unwrap_or(&person.value.track);
        let Some(track) = framework.track(track_id) else {
            if let Some(track_id) = &case.track {
                findings.push(unknown_track(framework, track_id, file));
            }
            continue;
        };
        let Some(level) = &case.level else {
            continue;
        };
        if let Some(level) = resolve_level(track, level, file, findings)
            && let Some(step) = &case.step
            && framework.steps_of(track).number(step).is_none()
        {
            findings.push(
                Finding::error(
                    "unknown-step",
                    format!(
                        "step `{}` is not a step of {} on track `{}`: steps are {}",
                        **step,
                        track.label(level),
                        *track.id,
                        framework.steps_of(track).span()
                    ),
                )
                .at(file, step.pos),
            );
        }
    }
}
