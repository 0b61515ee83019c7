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
        if let Some(text) = snapshot.source(file)
            && !has_evidence(text)
        {
            findings.push(
                Finding::warning(
                    "case-placeholder",
                    "the case holds only headings and the template's placeholder lines: it argues nothing yet",
                )
                .at(file, crate::yaml::Pos::TOP)
                .help("write what the person did under each heading, in your own words"),
            );
        }
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

/// Whether a case file's text after its front matter says anything of its own: a line that is
/// not a heading, not blank, and not one of the lines `ladder init`'s template or `ladder
/// propose` write for a person to replace.
fn has_evidence(text: &str) -> bool {
    const PLACEHOLDERS: [&str; 2] = [
        "What changed, for whom, and how far it reached.",
        "What they carried from question to outcome.",
    ];
    let body = text
        .strip_prefix("---")
        .and_then(|rest| rest.split_once("\n---").map(|(_, body)| body))
        .unwrap_or(text);
    body.lines().skip(1).map(str::trim).any(|line| {
        !(line.is_empty()
            || line.starts_with('#')
            || PLACEHOLDERS.contains(&line)
            || (line.starts_with("What ")
                && (line.ends_with(" did that shows it.")
                    || line.ends_with(" did that shows the new level.")))
            || line.contains(" expects: "))
    })
}

#[cfg(test)]
mod tests {
    use super::has_evidence;

    #[test]
    fn a_case_with_only_the_templates_lines_has_no_evidence() {
        let template = "---\nperson: sam\nlevel: 2\n---\n\n## Ownership\n\nWhat they carried from question to outcome.\n";
        assert!(!has_evidence(template));
        let proposed = "---\nperson: sam\nlevel: 2\n---\n\n## Scope\n\nL2 expects: a team.\n\nWhat Sam did that shows it.\n";
        assert!(!has_evidence(proposed));
        assert!(!has_evidence("---\nperson: sam\nlevel: 2\n---\n"));
        let written =
            "---\nperson: sam\nlevel: 2\n---\n\n## Scope\n\nSam led the billing rewrite.\n";
        assert!(has_evidence(written));
    }
}
