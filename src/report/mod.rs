//! Renders findings for people and machines: `human` (rustc-style snippets) and `json` (a
//! documented, stable shape). Reports take data and return text; they never print.

pub mod human;
pub mod json;

use crate::Pos;
use crate::finding::Finding;
use crate::snapshot::Snapshot;

/// The source line a finding points at, and the byte range within it to underline.
pub(crate) struct Excerpt<'a> {
    pub line_text: &'a str,
    pub line_number: u32,
    pub range: std::ops::Range<usize>,
}

/// Finds the line of `pos` in the file's text and the part of it to underline: the value's
/// own span when the parser gave one on that line, else the word at the column.
pub(crate) fn excerpt<'a>(snapshot: &'a Snapshot, finding: &Finding) -> Option<Excerpt<'a>> {
    let location = finding.location.as_ref()?;
    let text = snapshot.source(&location.file)?;
    excerpt_in(text, location.pos)
}

fn excerpt_in(text: &str, pos: Pos) -> Option<Excerpt<'_>> {
    let line_index = usize::try_from(pos.line.checked_sub(1)?).ok()?;
    let line_text = text.lines().nth(line_index)?;
    let column = usize::try_from(pos.column.saturating_sub(1)).ok()?;
    let start = line_text
        .char_indices()
        .nth(column)
        .map_or(line_text.len(), |(at, _)| at);
    let line_start = line_text.as_ptr() as usize - text.as_ptr() as usize;
    let span_end = usize::try_from(pos.offset + pos.len).ok()?;
    let end =
        if pos.len > 0 && span_end > line_start + start && span_end <= line_start + line_text.len()
        {
            span_end - line_start
        } else {
            let rest = &line_text[start..];
            start + rest.find(char::is_whitespace).unwrap_or(rest.len())
        };
    Some(Excerpt {
        line_text,
        line_number: pos.line,
        range: start..end.max(start),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_underline_covers_the_value() {
        let text = "name: Ada\nstep: 0\n";
        let pos = Pos {
            line: 2,
            column: 7,
            offset: 16,
            len: 1,
        };
        let excerpt = excerpt_in(text, pos).expect("excerpt");
        assert_eq!(excerpt.line_text, "step: 0");
        assert_eq!(&excerpt.line_text[excerpt.range], "0");
    }

    #[test]
    fn without_a_span_the_word_at_the_column_is_underlined() {
        let text = "lead: ghost # nobody\n";
        let pos = Pos {
            line: 1,
            column: 7,
            offset: 0,
            len: 0,
        };
        let excerpt = excerpt_in(text, pos).expect("excerpt");
        assert_eq!(&excerpt.line_text[excerpt.range], "ghost");
    }
}
