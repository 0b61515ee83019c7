//! `ladder import ROSTER.csv --map import.yml [--history JOBS.csv] [--dry-run] [--branch NAME]`:
//! plans the import, prints the report, and writes the commits only when nothing is wrong.
//! Exit 0 when written or nothing to write (contradictions are warnings), 1 when a row does
//! not map (nothing written), 2 when the repository or the files cannot be read at all.

use std::io::{IsTerminal, Write};

use ladder::import::report::{Ending, render_human};
use ladder::import::{Export, Request, plan, write};

use crate::cli::{ColorChoice, ImportArgs};

pub fn run(args: &ImportArgs) -> Result<u8, String> {
    let repo = match &args.repo {
        Some(path) => git2::Repository::open(path),
        None => git2::Repository::discover("."),
    }
    .map_err(|error| {
        let path = args
            .repo
            .as_ref()
            .map_or_else(|| ".".into(), |path| path.display().to_string());
        format!(
            "cannot open the git repository at {path}: {}",
            error.message()
        )
    })?;
    let shown = |path: &std::path::Path| path.display().to_string();
    let (map, roster) = (shown(&args.map), shown(&args.roster));
    let history = args.history.as_deref().map(shown);
    let dir = args.dir.to_string_lossy().to_string();
    let request = Request {
        repo: &repo,
        dir: &dir,
        map: Export {
            path: &args.map,
            shown: &map,
        },
        roster: Export {
            path: &args.roster,
            shown: &roster,
        },
        history: args
            .history
            .as_deref()
            .zip(history.as_deref())
            .map(|(path, shown)| Export { path, shown }),
        branch: args.branch.as_deref(),
        today: args
            .as_of
            .unwrap_or_else(|| jiff::ZonedDateTime::now().date()),
    };
    let plan = plan(&request).map_err(|error| error.to_string())?;
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let (ending, code) = if plan.has_errors() {
        (Ending::Refused, 1)
    } else if args.dry_run {
        (Ending::DryRun, 0)
    } else {
        let tip = write(&repo, &plan).map_err(|error| error.to_string())?;
        (Ending::Written(tip), 0)
    };
    let text = render_human(&plan, ending, color);
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(code),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(code),
        Err(error) => Err(format!("cannot write the report: {error}")),
    }
}
