//! What a workflow step says back to GitHub through files and stdout: annotations as workflow
//! commands (escaped exactly as the runner parses them), outputs with a delimiter that cannot
//! occur in the value, and the size limits of the job summary and of an issue comment.

use std::fmt::Write as _;

use crate::finding::{Finding, Severity};

/// At most this many annotations of each severity reach a step; the rest go to the summary.
pub const ANNOTATIONS_PER_SEVERITY: usize = 10;
/// GitHub refuses a job summary over 1 MiB.
pub const SUMMARY_LIMIT: usize = 1 << 20;
/// GitHub refuses an issue comment over 65,536 characters.
pub const COMMENT_LIMIT: usize = 65_536;

/// Escapes a workflow command's message.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Workflow commands for the findings, most severe first, at most ten of each severity; and how
/// many were left out.
pub fn annotations(findings: &[Finding]) -> (String, usize) {
    let mut out = String::new();
    let mut left_out = 0;
    for severity in [Severity::Error, Severity::Warning, Severity::Notice] {
        let of_severity: Vec<&Finding> =
            findings.iter().filter(|f| f.severity == severity).collect();
        left_out += of_severity.len().saturating_sub(ANNOTATIONS_PER_SEVERITY);
        for finding in of_severity.into_iter().take(ANNOTATIONS_PER_SEVERITY) {
            let mut properties = vec![format!(
                "title={}",
                escape_property(&format!("ladder {}", finding.code))
            )];
            if let Some(location) = &finding.location {
                properties.insert(0, format!("file={}", escape_property(&location.file)));
                properties.insert(1, format!("line={}", location.pos.line));
                properties.insert(2, format!("col={}", location.pos.column));
            }
            let mut message = finding.message.clone();
            if let Some(help) = &finding.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let _ = writeln!(
                out,
                "::{} {}::{}",
                severity.as_str(),
                properties.join(","),
                escape_data(&message)
            );
        }
    }
    (out, left_out)
}

/// `name<<DELIMITER` blocks for `$GITHUB_OUTPUT`, each with a random delimiter found in no value.
pub fn outputs(pairs: &[(&str, String)], seed: u64) -> String {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut out = String::new();
    for (name, value) in pairs {
        let delimiter = loop {
            let candidate = format!("ladder_{:016x}{:016x}", rng.u64(..), rng.u64(..));
            if !value.contains(&candidate) {
                break candidate;
            }
        };
        let _ = write!(out, "{name}<<{delimiter}\n{value}\n{delimiter}\n");
    }
    out
}

/// Cuts `text` to at most `limit` bytes on a line boundary, ending with `note` when it cut.
pub fn cap(text: &str, limit: usize, note: &str) -> String {
    if text.len() <= limit {
        return text.to_string();
    }
    let room = limit.saturating_sub(note.len() + 2);
    let mut end = room.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text[..end].rfind('\n').map_or(end, |line| line + 1);
    format!("{}\n{note}\n", &text[..cut])
}

/// The sticky comment's body: the hidden marker, the report, cut under GitHub's limit with a
/// pointer to the job summary when it does not fit.
pub fn comment_body(marker: &str, report: &str, summary_url: &str) -> String {
    let body = format!("{marker}\n{report}");
    // The limit counts characters; bytes are a safe upper bound.
    cap(
        &body,
        COMMENT_LIMIT,
        &format!("… the rest did not fit in a comment: see the [job summary]({summary_url})."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pos;

    #[test]
    fn commands_escape_what_the_runner_would_parse() {
        assert_eq!(escape_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        let finding = Finding::error("step-zero", "step 0, really: 50%")
            .at(
                "ladders/people/a,b.yml",
                Pos {
                    line: 7,
                    column: 7,
                    offset: 0,
                    len: 1,
                },
            )
            .help("start at 1");
        let (text, left_out) = annotations(&[finding]);
        assert_eq!(
            text,
            "::error file=ladders/people/a%2Cb.yml,line=7,col=7,title=ladder step-zero::step 0, really: 50%25%0Ahelp: start at 1\n"
        );
        assert_eq!(left_out, 0);
    }

    #[test]
    fn at_most_ten_of_each_severity_most_severe_first() {
        let mut findings: Vec<Finding> = (0..12)
            .map(|i| Finding::notice("n", format!("notice {i}")))
            .collect();
        findings.extend((0..11).map(|i| Finding::error("e", format!("error {i}"))));
        let (text, left_out) = annotations(&findings);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 20);
        assert!(lines[..10].iter().all(|line| line.starts_with("::error ")));
        assert!(lines[10..].iter().all(|line| line.starts_with("::notice ")));
        assert_eq!(left_out, 3);
    }

    #[test]
    fn outputs_use_a_delimiter_absent_from_the_value() {
        let text = outputs(
            &[
                ("errors", "2".into()),
                ("report", "line one\nline two".into()),
            ],
            7,
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 7);
        let delimiter = lines[0].strip_prefix("errors<<").expect("heredoc");
        assert_eq!(lines[1], "2");
        assert_eq!(lines[2], delimiter);
        assert!(lines[3].starts_with("report<<ladder_"));
        assert_ne!(lines[3].trim_start_matches("report<<"), delimiter);
    }

    #[test]
    fn a_huge_report_is_cut_under_the_comment_limit_with_a_link() {
        let report = "| a row of the people table |\n".repeat(5_000);
        let body = comment_body("<!-- ladder -->", &report, "https://example.test/run/1");
        assert!(body.len() <= COMMENT_LIMIT);
        assert!(body.starts_with("<!-- ladder -->\n"));
        assert!(body.ends_with("see the [job summary](https://example.test/run/1).\n"));
        let small = comment_body("<!-- ladder -->", "short", "u");
        assert_eq!(small, "<!-- ladder -->\nshort");
    }
}
