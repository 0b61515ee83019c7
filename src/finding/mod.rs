//! The one diagnostic type. A YAML error, a step 0, a lead cycle: each is a `Finding` with a
//! severity, a stable code, a plain message, where it is, and what would be right. Reports render
//! findings; nothing here prints.

use serde::Serialize;

mod codes;

pub use codes::{CODES, Code, Scope};

use crate::Pos;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Notice,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Notice => "notice",
        }
    }
}

/// A file and a position in it. `file` is the path as the user sees it, e.g.
/// `ladders/people/ada.yml`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: String,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// Stable kebab-case id, e.g. `step-zero`; every one is in [`CODES`].
    pub code: &'static str,
    pub message: String,
    pub location: Option<Location>,
    /// What would be right, when there is something to say.
    pub help: Option<String>,
}

impl Finding {
    pub fn error(code: &'static str, message: impl Into<String>) -> Finding {
        Finding::new(Severity::Error, code, message)
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Finding {
        Finding::new(Severity::Warning, code, message)
    }

    pub fn notice(code: &'static str, message: impl Into<String>) -> Finding {
        Finding::new(Severity::Notice, code, message)
    }

    fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Finding {
        Finding {
            severity,
            code,
            message: message.into(),
            location: None,
            help: None,
        }
    }

    pub fn at(mut self, file: &str, pos: Pos) -> Finding {
        self.location = Some(Location {
            file: file.to_string(),
            pos,
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    /// Sorting key: by file and line, findings without a place last.
    fn order_key(&self) -> (bool, Option<&Location>, Severity, &str, &str) {
        (
            self.location.is_none(),
            self.location.as_ref(),
            self.severity,
            self.code,
            &self.message,
        )
    }
}

/// Puts findings in the order reports show them: by file, then line and column.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
}

/// How many findings of each severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub notices: usize,
}

impl Counts {
    pub fn of(findings: &[Finding]) -> Counts {
        let mut counts = Counts::default();
        for finding in findings {
            match finding.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Notice => counts.notices += 1,
            }
        }
        counts
    }
}

/// The closest candidate to a mistyped name, when one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    // A wrong case is the likeliest slip of all, and too short for a similarity score to see.
    if let Some(same) = candidates
        .iter()
        .find(|candidate| candidate.eq_ignore_ascii_case(wrong))
    {
        return Some(same);
    }
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(wrong, candidate), candidate))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// The key a mistyped key most likely meant: a typo, a different case or separator
/// (`typical-months-to-next`), or an abbreviation keeping the key's first letter and the order
/// of its letters (`lvl` for `level`).
pub fn nearest_key<'a>(wrong: &str, keys: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let keys: Vec<&'a str> = keys.into_iter().collect();
    if let Some(near) = did_you_mean(wrong, keys.iter().copied()) {
        return Some(near);
    }
    let plain = |key: &str| key.to_ascii_lowercase().replace(['-', ' '], "_");
    if let Some(same) = keys.iter().find(|key| plain(key) == plain(wrong)) {
        return Some(same);
    }
    let wrong = wrong.to_ascii_lowercase();
    if wrong.chars().count() < 2 {
        return None;
    }
    keys.into_iter()
        .filter(|key| abbreviates(&wrong, key))
        .min_by_key(|key| key.len())
}

/// Whether `short` keeps `key`'s first letter and some of its other letters, in order.
fn abbreviates(short: &str, key: &str) -> bool {
    let mut letters = key.chars();
    short.chars().next() == key.chars().next()
        && short
            .chars()
            .all(|wanted| letters.any(|letter| letter == wanted))
}

/// "1 teammate", "3 teammates": counts in messages.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_gets_a_suggestion_and_nonsense_does_not() {
        let keys = ["name", "team", "track", "level", "step"];
        assert_eq!(did_you_mean("stpe", keys), Some("step"));
        assert_eq!(did_you_mean("trak", keys), Some("track"));
        assert_eq!(did_you_mean("salary", keys), None);
    }

    #[test]
    fn an_abbreviated_key_gets_the_key_it_shortens() {
        let keys = ["name", "team", "track", "level", "step", "lead", "location"];
        assert_eq!(nearest_key("lvl", keys), Some("level"));
        assert_eq!(nearest_key("stpe", keys), Some("step"));
        assert_eq!(nearest_key("Team", keys), Some("team"));
        assert_eq!(nearest_key("salary", keys), None);
        let keys = ["typical_months_to_next", "summary"];
        assert_eq!(
            nearest_key("typical-months-to-next", keys),
            Some("typical_months_to_next")
        );
    }
}
