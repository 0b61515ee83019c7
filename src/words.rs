//! Word-level differences between two texts, for expectations reworded in a framework edit, two
//! levels compared side by side, and the site's "what changes" view. Bounded in time, so a huge
//! text cannot stall a review.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// A piece of a word-level diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "op", content = "text", rename_all = "lowercase")]
pub enum Words {
    Same(String),
    Removed(String),
    Added(String),
}

/// Word-level differences between two texts.
pub fn word_diff(before: &str, after: &str) -> Vec<Words> {
    let diff = TextDiff::configure()
        .timeout(std::time::Duration::from_millis(200))
        .diff_words(before, after);
    let mut words: Vec<Words> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value().to_string();
        let next = match change.tag() {
            ChangeTag::Equal => Words::Same(text),
            ChangeTag::Delete => Words::Removed(text),
            ChangeTag::Insert => Words::Added(text),
        };
        match (words.last_mut(), next) {
            (Some(Words::Same(last)), Words::Same(text))
            | (Some(Words::Removed(last)), Words::Removed(text))
            | (Some(Words::Added(last)), Words::Added(text)) => last.push_str(&text),
            (_, next) => words.push(next),
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_diff_marks_only_the_changed_words() {
        let words = word_diff("Leads a small team.", "Leads a large team.");
        assert_eq!(
            words,
            vec![
                Words::Same("Leads a ".into()),
                Words::Removed("small".into()),
                Words::Added("large".into()),
                Words::Same(" team.".into()),
            ]
        );
    }
}
