//! `ladder export`: the framework or the placements as CSV or JSON.

use super::{Failure, load, load_framework, print, refuse_errors};
use crate::cli::{self, ExportArgs};

pub fn run(args: &ExportArgs) -> Result<u8, Failure> {
    use cli::{ExportFormat, ExportWhat};
    use ladder::export::{framework_rows, people_rows, to_csv, to_json};
    // The framework's rows come from framework.yml alone: the placements (and the teams) are
    // not read, so their number or a broken one neither slows nor stops the export.
    let snapshot = match args.what {
        ExportWhat::Framework => load_framework(&args.source, false)?,
        ExportWhat::People => load(&args.source)?,
    };
    refuse_errors(&snapshot, "export")?;
    if snapshot.framework.is_none() && args.what == ExportWhat::Framework {
        return Err(Failure::Usage(format!(
            "{} has no readable framework.yml: run `ladder check` to see why",
            snapshot.root
        )));
    }
    let csv = |error: csv::Error| Failure::Usage(format!("cannot write CSV: {error}"));
    let text = match (args.what, args.format) {
        (ExportWhat::Framework, ExportFormat::Csv) => {
            to_csv(&framework_rows(&snapshot)).map_err(csv)?
        }
        (ExportWhat::Framework, ExportFormat::Json) => {
            to_json("framework", &framework_rows(&snapshot))
        }
        (ExportWhat::People, ExportFormat::Csv) => to_csv(&people_rows(&snapshot)).map_err(csv)?,
        (ExportWhat::People, ExportFormat::Json) => to_json("people", &people_rows(&snapshot)),
    };
    print(&text)?;
    Ok(0)
}
