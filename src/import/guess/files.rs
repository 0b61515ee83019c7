//! The guess as files a person corrects: `framework.yml`, a file per team and `import.yml`,
//! every guessed line marked `check this`; then what `ladder init --from` says. Only values of
//! the columns taken reach here (titles, level codes, departments, event names), and in the
//! report only their counts and the team ids.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::finding::plural;
use crate::starter::{StarterError, schema_files, write_folder};

use super::super::map::LeadBy;
use super::{Field, Guess, Kind, PositionsFrom, TeamTitles};

/// A YAML scalar: plain when it cannot be read as anything but this string, else double-quoted
/// (JSON's escapes are YAML's).
fn scalar(text: &str) -> String {
    let plain = text.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | '/' | '&'))
        && !text.ends_with(' ')
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null"
        );
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

/// A list of values in YAML's flow style.
fn flow(values: &[String]) -> String {
    let items: Vec<String> = values.iter().map(|value| scalar(value)).collect();
    format!("[{}]", items.join(", "))
}

/// The roster's file name, as the comments name it.
fn roster_file(guess: &Guess) -> &str {
    guess
        .read
        .first()
        .map_or("the roster", |read| read.file.as_str())
}

/// The exports read, as the comments name them: `employees.csv and job_information.csv`.
fn export_files(guess: &Guess) -> String {
    let files: Vec<&str> = guess.read.iter().map(|read| read.file.as_str()).collect();
    files.join(" and ")
}

fn framework_text(guess: &Guess) -> String {
    let ladder = &guess.ladder;
    let mut out = String::from("# yaml-language-server: $schema=.schema/framework.schema.json\n");
    let from = match guess.from {
        PositionsFrom::Levels => format!(
            "the job levels in {} (one track per job family, the letters of a code;\n# its levels in the order of their numbers)",
            export_files(guess)
        ),
        PositionsFrom::Titles => format!(
            "the job titles in {} (a track for individual contributors, one for managers;\n# levels in the order their words give: Junior, Senior, Staff, Principal; Manager, Director, VP)",
            export_files(guess)
        ),
    };
    let _ = writeln!(
        out,
        "# Guessed by\n#   {}\n# from {from}.\n# Every line marked `check this` is a guess: correct it, reword every summary and expectation,\n# then run `ladder check`. Every key is described in .schema/ and in ladder's README.",
        guess.command
    );
    out.push_str("name: Your company  # check this\n");
    if ladder.shared {
        out.push_str("# Level numbers are grades on one company-wide scale, so a track may start above 1.\nscale: shared\n");
    }
    match ladder.steps {
        Some(steps) => {
            let _ = writeln!(
                out,
                "steps: {steps}  # check this: the highest step the level codes name; codes without one are step 1"
            );
        }
        None => out.push_str(
            "steps: none  # check this: the export names no steps; `steps: 4` gives every level four (then\n             # add `default_step: 1` to import.yml)\n",
        ),
    }
    out.push_str(
        "factors:\n  - id: scope\n    name: Scope of influence\n    description: Who is better off because of your work, and how far that reaches.\n  - id: ownership\n    name: Ownership\n    description: What you carry from question to outcome without being asked.\ntracks:\n",
    );
    for track in &ladder.tracks {
        let _ = writeln!(
            out,
            "  - id: {}  # check this: {}\n    name: {}\n    levels:",
            track.id,
            track.why,
            scalar(&track.name)
        );
        for level in &track.levels {
            let _ = writeln!(out, "      - level: {}", level.number);
            if let Some(id) = &level.id {
                let _ = writeln!(out, "        id: {}", scalar(id));
            }
            if let Some(name) = &level.name {
                let _ = writeln!(out, "        name: {}  # check this", scalar(name));
            }
            let called = level
                .id
                .clone()
                .or_else(|| level.name.clone())
                .unwrap_or_else(|| format!("level {}", level.number));
            let summary = if level.found.is_empty() {
                format!(
                    "Check this: no one in the export is at {called}; keep it if your company has it, else remove it."
                )
            } else {
                let what = match guess.from {
                    PositionsFrom::Levels => "codes",
                    PositionsFrom::Titles => "titles",
                };
                if level.found.len() == 1 && level.id.as_ref() == level.found.first() {
                    format!("Check this: what someone at {called} delivers.")
                } else {
                    format!(
                        "Check this: what someone at {called} delivers. The export's {what} here: {}.",
                        level.found.join(", ")
                    )
                }
            };
            let _ = writeln!(
                out,
                "        summary: {}\n        expectations:\n          scope: {}\n          ownership: {}",
                scalar(&summary),
                scalar(&format!(
                    "Check this: whose work {called} changes, and how far."
                )),
                scalar(&format!(
                    "Check this: what {called} carries from question to outcome."
                ))
            );
        }
    }
    out.push_str(
        "policy:\n  owners: [your-org/people-team]  # check this: who owns the framework (GitHub users or org/team)\n  fallback: [your-org/people-team]  # check this: who approves where a team has no director\n  case_file_required: true\n  approvers:\n    level: [lead, director]\n    step: [director]\n",
    );
    out
}

fn team_text(guess: &Guess, team: &super::GuessedTeam) -> String {
    let column = guess
        .read
        .first()
        .and_then(|read| read.column(Field::Team))
        .unwrap_or("team");
    let mut out = format!(
        "# yaml-language-server: $schema=../.schema/team.schema.json\n# check this: guessed from `{}` in column {column} ({} on the roster).\n# Once the people are imported, add `director: <teammate id>`: the area director, who grants\n# steps.\nname: {}\n",
        team.value.replace(['\r', '\n'], " "),
        match team.people {
            1 => "1 person".to_string(),
            n => format!("{n} people"),
        },
        scalar(&team.value)
    );
    let Some(tracks) = guess.team_titles.get(&team.id) else {
        return out;
    };
    let mut listed = String::new();
    for (track, titles) in tracks {
        match titles {
            TeamTitles::Listed(titles) => {
                let _ = writeln!(listed, "  {track}: {}", flow(titles));
            }
            TeamTitles::Unlisted { missing, several } => {
                let levels = |levels: &[u32]| {
                    levels
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let why = match (missing.is_empty(), several.is_empty()) {
                    (false, true) => format!("no title at level {}", levels(missing)),
                    (true, false) => format!("several titles at level {}", levels(several)),
                    _ => format!(
                        "no title at level {}, several at {}",
                        levels(missing),
                        levels(several)
                    ),
                };
                let _ = writeln!(
                    out,
                    "# check this: the {track} titles are in import.yml's `titles` only ({why} here)"
                );
            }
        }
    }
    if !listed.is_empty() {
        out.push_str(
            "titles:  # check this: one per level from the first, as the export has them\n",
        );
        out.push_str(&listed);
    }
    out
}

fn map_text(guess: &Guess, schema: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(schema) = schema {
        let _ = writeln!(out, "# yaml-language-server: $schema={schema}");
    }
    let _ = writeln!(
        out,
        "# The map from the columns of {}'s export to placements, written by\n#   {}\n# Lines marked `check this` are guesses; the README's \"The map file, key by key\" says what\n# each key does.",
        guess.source, guess.command
    );
    let _ = writeln!(
        out,
        "source: {}  # check this: named in every imported commit",
        scalar(&guess.source)
    );
    if guess.windows_1252 {
        out.push_str("encoding: windows-1252\n");
    }
    match guess.delimiter {
        b';' => out.push_str("delimiter: \";\"\n"),
        b'\t' => out.push_str("delimiter: tab\n"),
        _ => {}
    }
    let (format, column) = &guess.dates;
    let why = match (column, guess.dates_unsure) {
        (None, _) => "check this: no date column was read".to_string(),
        (Some(column), true) => format!(
            "check this: every date in {column} reads as {} and as another format",
            format.words()
        ),
        (Some(column), false) => format!("every date in {column} reads so"),
    };
    let _ = writeln!(out, "dates: {}  # {why}", scalar(format.key()));
    if let Some(lead_by) = guess.lead_by {
        let what = match lead_by {
            LeadBy::Email => "email  # the manager column holds emails",
            LeadBy::Employee => "employee  # the manager column holds employee ids",
            LeadBy::Name => {
                "name  # check this: the manager column holds names (\"Last, First\" reads too)"
            }
        };
        let _ = writeln!(out, "lead_by: {what}");
    }
    for read in &guess.read {
        let key = match read.kind {
            Kind::Roster => "roster",
            Kind::History => "history",
        };
        let _ = writeln!(out, "{key}:  # the columns of {}", read.file);
        let column = |field: Field| read.column(field).map(str::to_string);
        if let Some(employee) = column(Field::Employee) {
            let _ = writeln!(out, "  employee: {}", scalar(&employee));
        }
        if read.kind == Kind::Roster
            && let Some(email) = column(Field::Email)
        {
            let _ = writeln!(
                out,
                "  id: {}  # teammate ids from the email's local part\n  id_from: email",
                scalar(&email)
            );
        }
        match (
            column(Field::Name),
            column(Field::FirstName),
            column(Field::LastName),
        ) {
            (Some(name), _, _) => {
                let _ = writeln!(out, "  name: {}", flow(&[name]));
            }
            (None, Some(first), Some(last)) => {
                let _ = writeln!(out, "  name: {}", flow(&[first, last]));
            }
            _ => {}
        }
        for (field, key) in [
            (Field::Email, "email"),
            (Field::Github, "github"),
            (Field::Team, "team"),
            (Field::Level, "level"),
            (Field::Title, "title"),
            (Field::Lead, "lead"),
            (Field::Hired, "hired"),
            (Field::Date, "date"),
            (Field::Event, "event"),
        ] {
            if let Some(header) = column(field) {
                let _ = writeln!(out, "  {key}: {}", scalar(&header));
            }
        }
    }
    let events = &guess.events;
    if !(events.hire.is_empty() && events.terminate.is_empty() && events.skip.is_empty()) {
        out.push_str("events:  # check this: any other event is a change to the row's position\n");
        for (key, values) in [
            ("hire", &events.hire),
            ("terminate", &events.terminate),
            ("skip", &events.skip),
        ] {
            if !values.is_empty() {
                let _ = writeln!(out, "  {key}: {}", flow(values));
            }
        }
    }
    out.push_str(
        "teams:  # check this: one team per department; map several to one id to merge them\n",
    );
    for team in &guess.teams {
        let _ = writeln!(out, "  {}: {}", scalar(&team.value), team.id);
    }
    let key = match guess.from {
        PositionsFrom::Levels => "levels:  # check this: each level code's track, level and step",
        PositionsFrom::Titles => {
            "titles:  # check this: each title's track and level, guessed from its words"
        }
    };
    let _ = writeln!(out, "{key}");
    for (value, position) in &guess.ladder.positions {
        let _ = writeln!(out, "  {}: {position}", scalar(value));
    }
    let by_title = &guess.by_title;
    if !by_title.is_empty() {
        out.push_str(
            "titles:  # check this: titles of rows with no level code, where other rows with the title are\n",
        );
        for (title, position) in &by_title.placed {
            let _ = writeln!(out, "  {}: {position}", scalar(title));
        }
        for title in &by_title.unplaced {
            let _ = writeln!(
                out,
                "  # {}: <track/level/step>  (check this: no row gives it a level code)",
                scalar(title)
            );
        }
    }
    out
}

/// What was written: the folder's files (relative to it) and the map.
#[derive(Debug, Clone)]
pub struct Written {
    pub files: Vec<PathBuf>,
    pub map: PathBuf,
}

/// Writes the folder at `dir` and the map at `map`, both new: neither may exist. The folder
/// appears whole or not at all; if the map cannot be written, the folder is taken away again.
pub fn write(guess: &Guess, dir: &Path, map: &Path) -> Result<Written, StarterError> {
    if map.exists() {
        return Err(StarterError::FileExists(map.display().to_string()));
    }
    let mut files: Vec<(PathBuf, String)> = vec![("framework.yml".into(), framework_text(guess))];
    for team in &guess.teams {
        files.push((
            PathBuf::from("teams").join(format!("{}.yml", team.id)),
            team_text(guess, team),
        ));
    }
    files.extend(schema_files(&crate::schema::KINDS));
    // The map names its schema where the folder keeps it, when both sit side by side.
    let beside = match (dir.parent(), map.parent()) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    };
    let schema = dir
        .file_name()
        .filter(|_| beside)
        .map(|name| format!("{}/.schema/import.schema.json", name.to_string_lossy()));
    let map_text = map_text(guess, schema.as_deref());
    write_folder(dir, &files)?;
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(map)
        .and_then(|mut file| std::io::Write::write_all(&mut file, map_text.as_bytes()));
    if let Err(source) = written {
        let _ = std::fs::remove_file(map);
        let _ = std::fs::remove_dir_all(dir);
        return Err(StarterError::Io {
            path: map.display().to_string(),
            source,
        });
    }
    Ok(Written {
        files: files.into_iter().map(|(rel, _)| rel).collect(),
        map: map.to_path_buf(),
    })
}

/// What `ladder init --from` says: each export's columns, taken and not (header names only),
/// the guesses in counts and ids, the files written and what to do next.
pub fn render_human(guess: &Guess, written: &Written, dir: &str) -> String {
    let mut out = String::new();
    for read in &guess.read {
        let what = match (read.kind, guess.vendor) {
            (Kind::Roster, Some(vendor)) => format!("{vendor}'s roster"),
            (Kind::Roster, None) => "the roster".to_string(),
            (Kind::History, _) => "the job history".to_string(),
        };
        let _ = writeln!(
            out,
            "read {}: {what}, {}",
            read.file,
            plural(read.rows, "row")
        );
        for taken in &read.taken {
            if matches!(
                taken.field,
                Field::Name | Field::FirstName | Field::LastName
            ) {
                continue;
            }
            let mut header = taken.header.clone();
            let note = match taken.field {
                Field::Email if read.kind == Kind::Roster => " (teammate ids from its local part)",
                Field::Lead => match guess.lead_by {
                    Some(LeadBy::Email) => " (emails)",
                    Some(LeadBy::Employee) => " (employee ids)",
                    _ => " (names)",
                },
                Field::Hired | Field::Date => {
                    header = format!("{header} ({})", guess.dates.0.words());
                    ""
                }
                _ => "",
            };
            if taken.field == Field::Employee {
                if read.column(Field::Email) == Some(taken.header.as_str()) {
                    let _ = writeln!(out, "  employee  ← {header} (no employee id column)");
                } else {
                    let _ = writeln!(out, "  employee  ← {header}");
                }
                let names: Vec<&str> = [Field::Name, Field::FirstName, Field::LastName]
                    .into_iter()
                    .filter_map(|field| read.column(field))
                    .collect();
                if !names.is_empty() {
                    let _ = writeln!(out, "  {:<9} ← {}", "name", names.join(" + "));
                }
                continue;
            }
            let _ = writeln!(
                out,
                "  {:<9} ← {header}{note}{}",
                taken.field.key(),
                if taken.told { " (--column)" } else { "" }
            );
        }
        if read.ignored.is_empty() {
            out.push_str("  every column read\n");
        } else {
            let _ = writeln!(
                out,
                "  not read, values not kept: {}",
                read.ignored.join(", ")
            );
        }
    }
    for (header, why) in &guess.set_aside {
        let _ = writeln!(out, "  ({header} not read: {why})");
    }
    out.push_str("\nguessed, each marked `check this` in the files:\n");
    let tracks: Vec<String> = guess
        .ladder
        .tracks
        .iter()
        .map(|track| format!("{} ({})", track.id, plural(track.levels.len(), "level")))
        .collect();
    let from = match guess.from {
        PositionsFrom::Levels => "the level codes",
        PositionsFrom::Titles => "the titles' words",
    };
    let _ = writeln!(
        out,
        "  {} from {from}: {}",
        plural(tracks.len(), "track"),
        tracks.join(", ")
    );
    let _ = writeln!(
        out,
        "  {}: {}",
        match guess.ladder.steps {
            Some(steps) => format!("{steps} steps a level"),
            None => "no steps".to_string(),
        },
        match guess.ladder.steps {
            Some(_) => "the highest the codes name",
            None => "the export names none",
        }
    );
    let teams: Vec<&str> = guess.teams.iter().map(|team| team.id.as_str()).collect();
    let _ = writeln!(
        out,
        "  {} from the departments: {}",
        plural(teams.len(), "team"),
        teams.join(", ")
    );
    let (format, _) = &guess.dates;
    let _ = writeln!(
        out,
        "  dates as {}{}",
        format.words(),
        if guess.dates_unsure {
            " (every date reads two ways: check this)"
        } else {
            ""
        }
    );
    let map = written.map.display();
    let schemas = written
        .files
        .iter()
        .filter(|file| file.starts_with(".schema"))
        .count();
    let _ = writeln!(
        out,
        "\nwrote {dir}/ ({}) and {map}:",
        plural(written.files.len(), "file")
    );
    for file in written
        .files
        .iter()
        .filter(|file| !file.starts_with(".schema"))
    {
        let _ = writeln!(out, "  {dir}/{}", file.display());
    }
    let _ = writeln!(
        out,
        "  {dir}/.schema/ ({} your editor reads)\n  {map}",
        plural(schemas, "JSON Schema")
    );
    let roster = roster_file(guess);
    let history = guess
        .read
        .iter()
        .find(|read| read.kind == Kind::History)
        .map_or_else(String::new, |read| format!(" --history {}", read.file));
    let dir_arg = if dir == "ladders" {
        String::new()
    } else {
        format!(" --dir {dir}")
    };
    let _ = writeln!(
        out,
        "\nnext: correct every `check this` in {dir}/ and {map}, then\n  ladder check{dir_arg}\n  git add {dir} {map} && git commit -m \"Our career framework\"\n  ladder import {roster} --map {map}{history}{dir_arg} --dry-run\n  ladder import {roster} --map {map}{history}{dir_arg}"
    );
    out
}

/// What `ladder init --from` says when it refuses: every finding, where it is.
pub fn render_findings(findings: &[crate::finding::Finding], color: bool) -> String {
    crate::report::human::render_findings(findings, color)
}
