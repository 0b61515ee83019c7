//! What every Markdown report shares: escaping file content for a table cell or list item (PR
//! content is data, never markup) and code spans.

/// Escapes text for a Markdown table cell or list item, so file content cannot inject markup,
/// links, mentions, HTML or character references (`&#64;` would be an `@`).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '!' | '@' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

pub(crate) fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_content_cannot_inject_markup() {
        assert_eq!(
            escape("<img src=x> [a](b) @org/team | x\ny"),
            "\\<img src=x\\> \\[a\\](b) \\@org/team \\| x y"
        );
    }
}
