//! What every machine report shares: a finding with its line, column and source text, and the
//! revision read. The reports' shapes are part of ladder's interface (documented in the
//! README): fields are only ever added, never renamed or removed, and `version` changes if that
//! breaks.

use serde::Serialize;

use crate::finding::{Finding, Severity};
use crate::report::excerpt;
use crate::snapshot::{Origin, Snapshot};

#[derive(Serialize)]
pub(crate) struct Revision<'a> {
    rev: &'a str,
    commit: &'a str,
}

#[derive(Serialize)]
pub(crate) struct JsonFinding<'a> {
    severity: Severity,
    code: &'a str,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    /// The offending text, e.g. `0` for `step: 0`.
    text: Option<&'a str>,
    /// The whole source line.
    source_line: Option<&'a str>,
    help: Option<&'a str>,
}

pub(crate) fn json_finding<'a>(
    snapshots: &[&'a Snapshot],
    finding: &'a Finding,
) -> JsonFinding<'a> {
    let excerpt = excerpt(snapshots, finding);
    JsonFinding {
        severity: finding.severity,
        code: finding.code,
        message: &finding.message,
        file: finding
            .location
            .as_ref()
            .map(|location| location.file.as_str()),
        line: finding.location.as_ref().map(|location| location.pos.line),
        column: finding
            .location
            .as_ref()
            .map(|location| location.pos.column),
        text: excerpt
            .as_ref()
            .map(|excerpt| &excerpt.line_text[excerpt.range.clone()]),
        source_line: excerpt.as_ref().map(|excerpt| excerpt.line_text),
        help: finding.help.as_deref(),
    }
}

pub(crate) fn revision(snapshot: &Snapshot) -> Option<Revision<'_>> {
    match &snapshot.origin {
        Origin::Revision { rev, commit } => Some(Revision { rev, commit }),
        Origin::Dir(_) => None,
    }
}

/// `value` as `serde_json::to_writer_pretty` writes it, byte for byte, with each line break and
/// its indent written at once: serde_json writes the indent two spaces at a time, and at
/// tens of megabytes (the pull request check with every lead's figures) that was a third of
/// the writing.
pub(crate) fn write_pretty<W: std::io::Write, T: Serialize + ?Sized>(
    out: W,
    value: &T,
) -> serde_json::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(out, Pretty::default());
    value.serialize(&mut serializer)
}

/// A line break and up to 64 levels of two-space indent.
const BREAK: [u8; 129] = {
    let mut line = [b' '; 129];
    line[0] = b'\n';
    line
};

#[derive(Default)]
struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    /// A comma when not `first`, then a line break at the current depth.
    fn next_line<W: ?Sized + std::io::Write>(
        &self,
        out: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        if !first {
            out.write_all(b",")?;
        }
        self.line(out)
    }

    fn line<W: ?Sized + std::io::Write>(&self, out: &mut W) -> std::io::Result<()> {
        let width = 1 + 2 * self.depth;
        match BREAK.get(..width) {
            Some(line) => out.write_all(line),
            None => {
                out.write_all(b"\n")?;
                (0..self.depth).try_for_each(|_| out.write_all(b"  "))
            }
        }
    }

    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
        mark: &[u8],
    ) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(out)?;
        }
        out.write_all(mark)
    }
}

impl serde_json::ser::Formatter for Pretty {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.next_line(out, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.next_line(out, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
    ) -> std::io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::write_pretty;

    #[test]
    fn pretty_json_is_serde_jsons_byte_for_byte() {
        let mut deep = serde_json::json!("bottom");
        for level in 0..70 {
            deep = serde_json::json!({ "level": level, "inner": [deep, [], {}, "a \"quoted\" \n line"] });
        }
        let values = [
            serde_json::json!({}),
            serde_json::json!([]),
            serde_json::json!([1, [2, [3, {"a": null, "b": [true, 1.5e300, -0.0]}]], {}]),
            deep,
        ];
        for value in values {
            let mut ours = Vec::new();
            write_pretty(&mut ours, &value).expect("written");
            let theirs = serde_json::to_vec_pretty(&value).expect("written");
            assert_eq!(String::from_utf8(ours), String::from_utf8(theirs));
        }
    }
}
