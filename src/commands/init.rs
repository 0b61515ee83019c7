//! `ladder init`: a starter folder, or with `--demo` a repository with two years of history, or
//! with `--from` a folder and an `import.yml` guessed from an HR export. A roster it cannot read
//! is refused with every finding at its row and column, and nothing written (exit 2).

use std::path::{Path, PathBuf};

use super::{Failure, print};
use crate::cli::{Delimiter, Encoding, InitArgs};

pub fn run(args: &InitArgs) -> Result<u8, Failure> {
    if args.demo {
        return run_demo(args);
    }
    if let Some(roster) = &args.from {
        return run_from(args, roster);
    }
    let (project, dir) = folders(args);
    let files =
        ladder::starter::write_starter(&dir).map_err(|error| Failure::Usage(error.to_string()))?;
    let shown = dir.display();
    let mut text = format!("wrote {shown}/ ({} files):\n", files.len());
    for file in files.iter().filter(|file| !file.starts_with(".schema")) {
        text.push_str(&format!("  {shown}/{}\n", file.display()));
    }
    text.push_str(&format!(
        "  {shown}/.schema/ (the JSON Schemas your editor reads)\n\nnext:\n"
    ));
    if project != Path::new(".") {
        text.push_str(&format!("  cd {}\n", project.display()));
    }
    if git2::Repository::discover(&project).is_err() {
        text.push_str("  git init\n");
    }
    let ladders = args.ladders.display();
    let flag = if args.ladders == Path::new("ladders") {
        String::new()
    } else {
        format!(" --dir {ladders}")
    };
    text.push_str(&format!(
        "  ladder check{flag}\n  ladder compare maker/1 maker/2{flag}\n  git add {ladders} && git commit -m \"Our career framework\"\n"
    ));
    print(&text)?;
    Ok(0)
}

fn run_demo(args: &InitArgs) -> Result<u8, Failure> {
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| PathBuf::from("ladder-demo"));
    let today = jiff::ZonedDateTime::now().date();
    let demo =
        ladder::demo::write_demo(&dir, today).map_err(|error| Failure::Usage(error.to_string()))?;
    let shown = dir.display();
    let mut text = format!(
        "wrote a demo repository in {shown}/: the shipped framework in ladders/, {} teammates, and two years of made-up history ({} commits, {} pull requests, squashed and merged), in which {} grants steps about 2.5 times as often as the other leads.\n\nnext:\n  cd {shown}\n  ladder check\n  ladder log --since {}\n",
        demo.teammates,
        demo.commits,
        demo.pull_requests,
        ladder::demo::FAST_LEAD,
        today
            .checked_sub(jiff::Span::new().months(3))
            .unwrap_or(today),
    );
    if let Some(promoted) = &demo.promoted {
        text.push_str(&format!(
            "  ladder show {promoted}\n  ladder propose {promoted} --step +1 --dry-run\n"
        ));
    }
    text.push_str(&format!(
        "  ladder pace\n  ladder calibrate --lead {}\n  ladder diff HEAD~1 HEAD\n  ladder compare maker/3 maker/4\n  ladder render\n  ladder export --what people\n",
        ladder::demo::FAST_LEAD
    ));
    print(&text)?;
    Ok(0)
}

/// FOLDER is the repository, as with --demo; the ladders folder (`--dir`) sits inside it.
fn folders(args: &InitArgs) -> (PathBuf, PathBuf) {
    let project = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let dir = if project == Path::new(".") {
        args.ladders.clone()
    } else {
        project.join(&args.ladders)
    };
    (project, dir)
}

fn run_from(args: &InitArgs, roster: &std::path::Path) -> Result<u8, Failure> {
    use ladder::import::Export;
    use ladder::import::guess::{Field, Request, guess, render_findings, render_human, write};
    let (_, dir) = folders(args);
    let map = args.map.clone().unwrap_or_else(|| match dir.parent() {
        Some(parent) => parent.join("import.yml"),
        None => std::path::PathBuf::from("import.yml"),
    });
    let shown = |path: &std::path::Path| path.display().to_string();
    let roster_shown = shown(roster);
    let history_shown = args.history.as_deref().map(shown);
    let mut command = format!("ladder init --from {roster_shown}");
    if let Some(history) = &history_shown {
        command.push_str(&format!(" --history {history}"));
    }
    let request = Request {
        roster: Export {
            path: roster,
            shown: &roster_shown,
        },
        history: args
            .history
            .as_deref()
            .zip(history_shown.as_deref())
            .map(|(path, shown)| Export { path, shown }),
        windows_1252: args.encoding == Encoding::Windows1252,
        delimiter: args.delimiter.map(|delimiter| match delimiter {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
        }),
        columns: args
            .column
            .iter()
            .filter_map(|(field, header)| Some((Field::from_key(field)?, header.clone())))
            .collect(),
        command,
    };
    let guessed = match guess(&request) {
        Ok(guessed) => guessed,
        Err(findings) => {
            print(&render_findings(&findings, false))?;
            return Err(Failure::Usage(format!(
                "nothing written: {roster_shown} cannot be mapped as it is"
            )));
        }
    };
    let written = write(&guessed, &dir, &map).map_err(|error| Failure::Usage(error.to_string()))?;
    print(&render_human(
        &guessed,
        &written,
        &dir.display().to_string(),
    ))?;
    Ok(0)
}
