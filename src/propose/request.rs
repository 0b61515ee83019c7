//! What a proposal is made from: each request in the domain's words (a move, a hire or a
//! departure, and why), as the command's flags or a batch file's line give it; what the command
//! supplies besides (the day, the case template, who proposes); and the folder's files as text.
//! It says what is asked and must not read the tree to resolve it: finding the teammate, level or
//! step a request names is `part`'s work.

use std::collections::BTreeMap;

use crate::snapshot::Snapshot;

/// A step as asked for: a number, a label, or a move from the current step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepArg {
    Number(u32),
    Label(String),
    Relative(i64),
}

impl StepArg {
    pub fn parse(text: &str) -> Result<StepArg, ProposeError> {
        let text = text.trim();
        if let Some(rest) = text.strip_prefix('+').or_else(|| text.strip_prefix('-')) {
            let by: i64 = rest.parse().map_err(|_| {
                usage(format!(
                    "`{text}` is not a step: expected a number (3), a label (C) or a move (+1, -1)"
                ))
            })?;
            return Ok(StepArg::Relative(if text.starts_with('-') {
                -by
            } else {
                by
            }));
        }
        if text.is_empty() {
            return Err(usage(
                "an empty step: expected a number (3), a label (C) or a move (+1)",
            ));
        }
        Ok(match text.parse::<u32>() {
            Ok(number) => StepArg::Number(number),
            Err(_) => StepArg::Label(text.to_string()),
        })
    }
}

/// What moves for someone already on the ladder; fields left `None` stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Move {
    pub level: Option<String>,
    pub step: Option<StepArg>,
    pub track: Option<String>,
    /// With a track switch: the same grade (and step) on the new track.
    pub grade_keeping: bool,
    pub team: Option<String>,
    pub lead: Option<String>,
    /// `Some(None)` leaves the role held.
    pub role: Option<Option<String>>,
}

/// A new teammate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hire {
    /// The teammate id (the file stem); made from the name when absent.
    pub id: Option<String>,
    pub name: String,
    pub team: String,
    pub track: Option<String>,
    pub level: String,
    pub step: Option<StepArg>,
    /// Their lead's id; the team's director when absent.
    pub lead: Option<String>,
    pub github: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Move(Move),
    Hire(Hire),
    Leave,
}

impl Change {
    /// A change as a batch file writes it: `level 4`, `level IC4 step 2`, `step +1`,
    /// `track manager grade-keeping`, `team growth`, `lead jane`, `role press`, `role none`,
    /// `leave`.
    pub fn parse(text: &str) -> Result<Change, ProposeError> {
        let words: Vec<&str> = text.split_whitespace().collect();
        if words == ["leave"] {
            return Ok(Change::Leave);
        }
        if words.first() == Some(&"hire") {
            return Err(usage(
                "a hire needs a name, a team and a level: propose it on its own with `ladder propose --hire`",
            ));
        }
        let mut change = Move::default();
        let mut rest = words.iter();
        let mut any = false;
        while let Some(word) = rest.next() {
            any = true;
            if *word == "grade-keeping" {
                change.grade_keeping = true;
                continue;
            }
            if !["level", "step", "track", "team", "lead", "role"].contains(word) {
                return Err(usage(format!(
                    "`{word}` is not a change: expected level, step, track, team, lead, role or leave"
                )));
            }
            let value = rest
                .next()
                .map(|value| (*value).to_string())
                .ok_or_else(|| usage(format!("`{word}` needs a value, e.g. `{word} 4`")))?;
            match *word {
                "level" => change.level = Some(value),
                "step" => change.step = Some(StepArg::parse(&value)?),
                "track" => change.track = Some(value),
                "team" => change.team = Some(value),
                "lead" => change.lead = Some(value),
                _ => change.role = Some(role_arg(&value)),
            }
        }
        if !any {
            return Err(usage(
                "an empty change: expected e.g. `level 4` or `step +1`",
            ));
        }
        Ok(Change::Move(change))
    }
}

/// `none` (or nothing) leaves the role.
pub fn role_arg(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty() && text != "none").then(|| text.to_string())
}

/// One change asked for: whose, what, and why (the reason goes into the commit and the case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The teammate, by id, GitHub login or name; for a hire, the new id when given.
    pub person: Option<String>,
    pub change: Change,
    pub reason: Option<String>,
}

/// A request that cannot be turned into an edit: bad usage or input, exit 2.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ProposeError(pub String);

pub(super) fn usage(message: impl Into<String>) -> ProposeError {
    ProposeError(message.into())
}

/// What the command supplies besides the tree.
#[derive(Debug, Clone)]
pub struct Context {
    /// The day the case file is dated.
    pub date: jiff::civil::Date,
    /// `cases/.template.md`, when the folder has one.
    pub template: Option<String>,
    /// Who proposes, for the self-promotion check.
    pub author: Option<crate::policy::Author>,
}

/// The files of a folder, by their path under it (`people/ada.yml`).
pub type Files = BTreeMap<String, String>;

/// The files of a snapshot read in full, by their path under its folder.
pub fn files_of(snapshot: &Snapshot) -> Files {
    let prefix = format!("{}/", snapshot.root.trim_end_matches('/'));
    snapshot
        .sources()
        .map(|(file, text)| {
            let rel = if snapshot.root == "." || snapshot.root.is_empty() {
                file
            } else {
                file.strip_prefix(&prefix).unwrap_or(file)
            };
            (rel.to_string(), text.to_string())
        })
        .collect()
}

/// A file's path under the folder, from the path users see.
pub fn rel(root: &str, file: &str) -> String {
    if root == "." || root.is_empty() {
        return file.to_string();
    }
    file.strip_prefix(&format!("{}/", root.trim_end_matches('/')))
        .unwrap_or(file)
        .to_string()
}
