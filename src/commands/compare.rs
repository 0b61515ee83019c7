//! `ladder compare`: two levels side by side, factor by factor.

use ladder::report;

use super::{Failure, load_framework, print, use_color};
use crate::cli::{CompareArgs, ReportFormat};

pub fn run(args: &CompareArgs) -> Result<u8, Failure> {
    // The framework and the teams only: no placement is read, at any size of org.
    let snapshot = load_framework(&args.source, true)?;
    let Some(framework) = &snapshot.framework else {
        return Err(Failure::Usage(format!(
            "{} has no readable framework.yml: run `ladder check` to see why",
            snapshot.root
        )));
    };
    let team = match &args.team {
        None => None,
        Some(id) => Some(
            snapshot
                .team(id)
                .map(|team| (id.as_str(), &team.value))
                .ok_or_else(|| {
                    Failure::Usage(
                        ladder::compare::CompareError::UnknownTeam(id.clone()).to_string(),
                    )
                })?,
        ),
    };
    let comparison =
        ladder::compare::compare_levels(&framework.value, team, &args.left, &args.right)
            .map_err(|error| Failure::Usage(error.to_string()))?;
    let text = match args.format {
        ReportFormat::Human => report::compare::render_human(&comparison, use_color(args.color)),
        ReportFormat::Markdown => report::compare::render_markdown(&comparison),
        ReportFormat::Json => report::compare::render_json(&comparison),
    };
    print(&text)?;
    Ok(0)
}
