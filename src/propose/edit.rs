//! Edits a placement's text in place: one top-level value replaced (the bytes of its span, in
//! the quoting the file already uses), a key inserted after a sibling when absent, or a key's
//! line removed. Every byte outside the edited value stays as it was: comments, blank lines, key
//! order. Placements are flat mappings at column 0, so a top-level key is a line that starts
//! with `key:`.

use crate::Pos;

/// Why a value could not be edited in place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot edit `{key}` in place: {why}")]
pub struct EditError {
    pub key: String,
    pub why: String,
}

/// The byte range of a top-level key's line, its newline included, and where the value after
/// `key:` starts and ends (a trailing comment left out).
struct KeyLine {
    line: std::ops::Range<usize>,
    value: std::ops::Range<usize>,
}

fn find_key(text: &str, key: &str) -> Option<KeyLine> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        if let Some(rest) = line.strip_prefix(key)
            && let Some(after) = rest.strip_prefix(':')
        {
            let value_start = start + key.len() + 1;
            let body = after.trim_end_matches(['\n', '\r']);
            // A comment starts at a `#` after whitespace; inside quotes it would be text, but the
            // values ladder writes here (ids, numbers, labels) hold no `#`.
            let cut = body
                .char_indices()
                .find(|(at, c)| *c == '#' && body[..*at].ends_with([' ', '\t']))
                .map_or(body.len(), |(at, _)| at);
            let value = body[..cut].trim_end();
            let lead = value.len() - value.trim_start().len();
            return Some(KeyLine {
                line: start..end,
                value: value_start + lead..value_start + value.len(),
            });
        }
        start = end;
    }
    None
}

/// A scalar as YAML reads it back unchanged: plain where that is safe, else double-quoted.
pub fn scalar(value: &str) -> String {
    let plain = !value.is_empty()
        && value.trim() == value
        && !value.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && !value.contains(": ")
        && !value.contains(" #")
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | "y" | "n"
        );
    if plain {
        value.to_string()
    } else {
        let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
        format!("\"{escaped}\"")
    }
}

/// `value` written in the quoting of `old`, the text it replaces.
fn in_style(old: &str, value: &str) -> String {
    if old.starts_with('\'') && !value.contains('\'') {
        format!("'{value}'")
    } else if old.starts_with('"') {
        format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        scalar(value)
    }
}

/// Sets a top-level key to `value` (written as a plain or quoted scalar). `span` is where the
/// parser read the old value, when it read one; a key without a value is found by its line; a
/// key that is absent is inserted after the first of `after` the file has, else at the end.
pub fn set(
    text: &str,
    key: &str,
    span: Option<Pos>,
    value: &str,
    after: &[&str],
) -> Result<String, EditError> {
    let fail = |why: &str| EditError {
        key: key.to_string(),
        why: why.to_string(),
    };
    if let Some(pos) = span.filter(|pos| pos.len > 0) {
        let start = usize::try_from(pos.offset).map_err(|_| fail("the span is out of range"))?;
        let end = start + usize::try_from(pos.len).map_err(|_| fail("the span is out of range"))?;
        let old = text
            .get(start..end)
            .ok_or_else(|| fail("the value's span is not in the file"))?;
        // Only a value on its own key's line is replaced: a block or flow value is not ours to
        // rewrite.
        let line = find_key(text, key).ok_or_else(|| fail("the key is not at the top level"))?;
        if !(line.value.start <= start && end <= line.value.end) {
            return Err(fail("the value is not written on the key's line"));
        }
        return Ok(format!(
            "{}{}{}",
            &text[..start],
            in_style(old, value),
            &text[end..]
        ));
    }
    if let Some(line) = find_key(text, key) {
        let old = &text[line.value.clone()];
        if !old.is_empty() {
            return Ok(format!(
                "{}{}{}",
                &text[..line.value.start],
                in_style(old, value),
                &text[line.value.end..]
            ));
        }
        // `key:` with nothing after it, perhaps a comment: the value goes after the colon.
        let colon = line.line.start + key.len() + 1;
        let rest = &text[colon..line.line.end];
        let spaced = if rest.starts_with([' ', '\t']) {
            ""
        } else {
            " "
        };
        let gap = if rest.trim_start_matches([' ', '\t']).starts_with('#') {
            " "
        } else {
            ""
        };
        let trimmed = rest.trim_start_matches([' ', '\t']);
        let lead = &rest[..rest.len() - trimmed.len()];
        return Ok(format!(
            "{}{lead}{spaced}{}{gap}{trimmed}{}",
            &text[..colon],
            scalar(value),
            &text[line.line.end..]
        ));
    }
    let new_line = format!("{key}: {}\n", scalar(value));
    let at = after
        .iter()
        .find_map(|sibling| find_key(text, sibling))
        .map(|line| line.line.end);
    Ok(match at {
        Some(at) => {
            // A sibling on the last line without a newline: end it before adding ours.
            let joint = if text[..at].ends_with('\n') { "" } else { "\n" };
            format!("{}{joint}{new_line}{}", &text[..at], &text[at..])
        }
        None => {
            let joint = if text.is_empty() || text.ends_with('\n') {
                ""
            } else {
                "\n"
            };
            format!("{text}{joint}{new_line}")
        }
    })
}

/// Removes a top-level key's line, when the file has it.
pub fn remove(text: &str, key: &str) -> String {
    match find_key(text, key) {
        Some(line) => format!("{}{}", &text[..line.line.start], &text[line.line.end..]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(text: &str, needle: &str) -> Pos {
        let offset = text.find(needle).expect("needle");
        Pos {
            line: 1,
            column: 1,
            offset: u32::try_from(offset).expect("small"),
            len: u32::try_from(needle.len()).expect("small"),
        }
    }

    #[test]
    fn a_value_is_replaced_and_its_comment_kept() {
        let text = "name: Ada\nlevel: 3   # since May\nstep: 2\n";
        let edited = set(text, "level", Some(pos(text, "3")), "4", &[]).expect("edit");
        assert_eq!(edited, "name: Ada\nlevel: 4   # since May\nstep: 2\n");
    }

    #[test]
    fn quoting_is_kept() {
        let text = "level: 'IC3'\nstep: \"B\"\n";
        let edited = set(text, "level", Some(pos(text, "'IC3'")), "IC4", &[]).expect("edit");
        let edited = set(&edited, "step", Some(pos(&edited, "\"B\"")), "C", &[]).expect("edit");
        assert_eq!(edited, "level: 'IC4'\nstep: \"C\"\n");
    }

    #[test]
    fn an_empty_value_is_filled_after_the_colon() {
        assert_eq!(
            set("lead:\nsince: x\n", "lead", None, "ada", &[]).expect("edit"),
            "lead: ada\nsince: x\n"
        );
        assert_eq!(
            set("lead:   # top of the tree\n", "lead", None, "ada", &[]).expect("edit"),
            "lead:   ada # top of the tree\n"
        );
    }

    #[test]
    fn an_absent_key_goes_after_its_sibling() {
        let text = "track: maker\nlevel: 3 # x\n\nlead: ada";
        assert_eq!(
            set(text, "step", None, "1", &["step", "level"]).expect("edit"),
            "track: maker\nlevel: 3 # x\nstep: 1\n\nlead: ada"
        );
        assert_eq!(
            set(text, "since", None, "2026-01-01", &["nothing"]).expect("edit"),
            "track: maker\nlevel: 3 # x\n\nlead: ada\nsince: 2026-01-01\n"
        );
    }

    #[test]
    fn a_line_is_removed_whole() {
        assert_eq!(remove("a: 1\nstep: 2 # x\nb: 3\n", "step"), "a: 1\nb: 3\n");
        assert_eq!(remove("a: 1\n", "step"), "a: 1\n");
    }

    #[test]
    fn a_key_that_only_starts_like_another_is_not_it() {
        assert_eq!(
            set("stepping: x\nstep: 1\n", "step", None, "2", &[]).expect("edit"),
            "stepping: x\nstep: 2\n"
        );
    }

    #[test]
    fn values_that_yaml_would_read_otherwise_are_quoted() {
        assert_eq!(scalar("Ada Lovelace"), "Ada Lovelace");
        assert_eq!(scalar("no"), "\"no\"");
        assert_eq!(scalar("O'Neil: x"), "\"O'Neil: x\"");
        assert_eq!(scalar("@ada"), "\"@ada\"");
    }
}
