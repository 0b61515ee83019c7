//! `ladder propose`: a change to someone's placement asked for in the domain's words (a level,
//! a step, a track, a team, a lead, a role, a hire, a departure) turned into the edit a lead
//! would make by hand. The placement is edited in place (see [`edit`]), a case file is written
//! from the template when the policy asks for one, and the result is judged exactly as
//! `ladder diff` judges a pull request: the edited tree is checked and reviewed against the tree
//! as it stands, and any error refuses the proposal. Nothing here writes to disk or to git; the
//! command does, once the whole proposal has been judged.
//!
//! What is asked for, and what the command supplies besides, is in `request`; `part` turns one
//! request into one teammate's edited files; `case` writes a case file. This file joins the parts
//! and judges the whole.

use crate::diff::{ChangeKind, PersonChange};
use crate::finding::Severity;
use crate::review::{Review, review_snapshots};
use crate::snapshot::load_files;

pub mod batch;
mod case;
pub mod choices;
pub mod edit;
pub mod git;
mod part;
mod request;
pub mod words;

pub use part::{Part, find_person};
use request::usage;
pub use request::{
    Change, Context, Files, Hire, Move, ProposeError, Request, StepArg, files_of, rel, role_arg,
};

/// A proposal judged: the parts, and the review of the whole against the tree as it stands.
pub struct Proposal {
    pub parts: Vec<Part>,
    pub review: Review,
}

impl Proposal {
    /// Whether the policy or the check refuses it.
    pub fn refused(&self) -> bool {
        self.review
            .findings
            .iter()
            .any(|finding| finding.severity == Severity::Error)
    }

    /// The commit message of one part, in the domain's words.
    pub fn message(&self, part: &Part) -> String {
        let change = self.change_of(part);
        let mut message = change.map_or_else(
            || format!("{}: placement edited", part.name),
            words::summary,
        );
        message.push_str("\n\n");
        if let Some(change) = change {
            message.push_str(&words::body(change));
        }
        if let Some(case) = &part.case {
            message.push_str(&format!("Case: {case}\n"));
        }
        if let Some(reason) = &part.reason {
            message.push_str(&format!("Reason: {reason}\n"));
        }
        message.push_str("Proposed with `ladder propose`.\n");
        message
    }

    pub fn change_of(&self, part: &Part) -> Option<&PersonChange> {
        self.review
            .changes
            .people
            .iter()
            .find(|change| change.id == part.person)
    }

    /// The pull request's title: the one change's summary, or the batch in a few words.
    pub fn title(&self) -> String {
        match self.parts.as_slice() {
            [part] => self
                .message(part)
                .lines()
                .next()
                .unwrap_or_default()
                .to_string(),
            parts => format!(
                "Calibration outcome: {} ({})",
                crate::finding::plural(parts.len(), "change"),
                parts
                    .iter()
                    .map(|part| part.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    /// The branch: `ladder/<person>-<change>`, or `ladder/calibration-<date>` for a batch.
    pub fn branch(&self, date: jiff::civil::Date) -> String {
        match self.parts.as_slice() {
            [part] => format!("ladder/{}-{}", part.person, part.slug),
            _ => format!("ladder/calibration-{date}"),
        }
    }
}

/// Turns the requests into edits of `files` (the folder `root` as it stands), adds the case files the policy asks for, and judges the result against `before`.
pub fn propose(
    root: &str,
    files: &Files,
    requests: &[Request],
    context: &Context,
) -> Result<Proposal, ProposeError> {
    let root = root.to_string();
    let mut edited = files.clone();
    let mut parts: Vec<Part> = Vec::new();
    for request in requests {
        // Each request reads the tree as the ones before it left it.
        let current = load_files(&root, to_bytes(&edited));
        let part = match &request.change {
            Change::Hire(hire) => part::hire_part(&current, &edited, request, hire)?,
            Change::Leave => {
                let entry = find_person(&current, request.person.as_deref())?;
                Part {
                    person: entry.id.clone(),
                    name: entry.value.name.value.clone(),
                    files: vec![(rel(&root, &entry.file), None)],
                    case: None,
                    slug: "leave".into(),
                    reason: request.reason.clone(),
                }
            }
            Change::Move(change) => {
                let entry = find_person(&current, request.person.as_deref())?;
                part::move_part(&current, entry, change, request.reason.clone())?
            }
        };
        if parts.iter().any(|known| known.person == part.person) {
            return Err(usage(format!(
                "{} ({}) is asked for twice: one change per teammate in a proposal",
                part.name, part.person
            )));
        }
        for (file, text) in &part.files {
            match text {
                Some(text) => edited.insert(file.clone(), text.clone()),
                None => edited.remove(file),
            };
        }
        parts.push(part);
    }
    let judge = |edited: &Files| {
        let base = load_files(&root, to_bytes(files));
        let head = load_files(&root, to_bytes(edited));
        review_snapshots(base, head, context.author.clone())
    };
    let mut review = judge(&edited);
    // The policy says where a case file is needed: add one for each, and judge again.
    let mut added = false;
    for part in &mut parts {
        let missing = review.findings.iter().any(|finding| {
            finding.code == "case-missing"
                && finding
                    .location
                    .as_ref()
                    .is_some_and(|location| rel(&root, &location.file) == part.files[0].0)
        });
        if !missing {
            continue;
        }
        let Some(change) = review
            .changes
            .people
            .iter()
            .find(|change| change.id == part.person)
        else {
            continue;
        };
        let (path, text) = case::write(&review.head, &edited, change, part, context)?;
        edited.insert(path.clone(), text.clone());
        part.files.push((path.clone(), Some(text)));
        part.case = Some(path);
        added = true;
    }
    if added {
        review = judge(&edited);
    }
    Ok(Proposal { parts, review })
}

fn to_bytes(files: &Files) -> Vec<(String, Vec<u8>)> {
    files
        .iter()
        .map(|(rel, text)| (rel.clone(), text.clone().into_bytes()))
        .collect()
}

/// Whether a change moves someone up a level (or onto a higher grade): what needs a case.
pub fn is_promotion(change: &PersonChange) -> bool {
    change.has(|kind| {
        matches!(
            kind,
            ChangeKind::LevelUp { .. }
                | ChangeKind::TrackSwitch {
                    grades: None | Some(1..),
                    ..
                }
        )
    })
}

#[cfg(test)]
mod tests {
    use super::part::id_from_name;
    use super::*;

    #[test]
    fn steps_and_changes_read_as_written() {
        assert_eq!(StepArg::parse("+1"), Ok(StepArg::Relative(1)));
        assert_eq!(StepArg::parse("-2"), Ok(StepArg::Relative(-2)));
        assert_eq!(StepArg::parse("3"), Ok(StepArg::Number(3)));
        assert_eq!(StepArg::parse("C"), Ok(StepArg::Label("C".into())));
        assert_eq!(
            Change::parse("level IC4 step 2"),
            Ok(Change::Move(Move {
                level: Some("IC4".into()),
                step: Some(StepArg::Number(2)),
                ..Move::default()
            }))
        );
        assert_eq!(Change::parse("leave"), Ok(Change::Leave));
        assert!(Change::parse("promote 4").is_err());
        assert_eq!(id_from_name("Zoë O'Neil"), Some("zo-o-neil".into()));
    }
}
