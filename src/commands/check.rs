//! `ladder check`: every problem in the work tree or a revision, with file:line:col.

use ladder::check::check_snapshot;
use ladder::finding::Counts;
use ladder::report;

use super::{EXIT_FINDINGS, Failure, load, print, use_color};
use crate::cli::{CheckArgs, Format};

pub fn run(args: &CheckArgs) -> Result<u8, Failure> {
    let snapshot = load(&args.source)?;
    let findings = check_snapshot(&snapshot);
    let text = match args.format {
        Format::Human => report::check::render_human(&snapshot, &findings, use_color(args.color)),
        Format::Json => report::check::render_json(&snapshot, &findings),
    };
    print(&text)?;
    Ok(if Counts::of(&findings).errors > 0 {
        EXIT_FINDINGS
    } else {
        0
    })
}
