//! `ladder propose` asked in a terminal: pick the teammate (fuzzy, by id or name), read where
//! they stand (`ladder show`) and what the next level asks (`ladder compare`), pick a change from
//! those the library offers for them, read the proposal exactly as the flags would print it, and
//! confirm. The prompts are here and only here; what may be picked comes from
//! `ladder::propose::choices`, and what is written goes through the same `finish` as the flags.

use dialoguer::console::Term;
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Confirm, FuzzySelect, Input, Select};

use ladder::propose::choices::{Choices, choices};
use ladder::propose::{self, Request};
use ladder::report;
use ladder::snapshot::Snapshot;

use super::{Fail, Outcome, ProposeArgs, WRITTEN, context, finish, read_before, usage, use_color};

/// What a prompt gives back: an answer, or Esc (nothing is written).
enum Answer<T> {
    Given(T),
    Cancelled,
}

fn prompt_failed(error: dialoguer::Error) -> Fail {
    usage(format!(
        "the prompt failed: {error}; name the change with flags instead"
    ))
}

fn said(text: &str) -> Result<(), Fail> {
    super::super::print(text).map_err(|_| usage("cannot write to the terminal"))
}

fn cancelled() -> Outcome {
    Outcome {
        stdout: "nothing was written\n".into(),
        stderr: String::new(),
        code: WRITTEN,
    }
}

pub(super) fn interactive(args: &ProposeArgs) -> Result<Outcome, Fail> {
    let (root, before, files) = read_before(args)?;
    let color = use_color(args.color);
    let colorful = ColorfulTheme::default();
    let plain = SimpleTheme;
    let theme: &dyn Theme = if color { &colorful } else { &plain };
    let term = Term::stderr();

    // A name that fits nobody exactly opens the search with it typed.
    let found = args
        .person
        .as_deref()
        .and_then(|wanted| propose::find_person(&before, Some(wanted)).ok());
    let id = match found {
        Some(entry) => entry.id.clone(),
        None => {
            let typed = args.person.as_deref().unwrap_or_default();
            match pick_person(&before, theme, &term, color, typed)? {
                Answer::Given(id) => id,
                Answer::Cancelled => return Ok(cancelled()),
            }
        }
    };
    let Some(offered) = choices(&before, &id) else {
        return Err(usage(format!(
            "{id}'s position does not resolve against the framework: `ladder check` says why"
        )));
    };
    said(&where_they_stand(args, &before, &offered, color))?;

    let labels: Vec<&str> = offered
        .kinds
        .iter()
        .map(|kind| kind.words.as_str())
        .collect();
    let Some(kind) = Select::with_theme(theme)
        .with_prompt(format!("What changes for {}?", offered.name))
        .items(&labels)
        .default(0)
        .interact_on_opt(&term)
        .map_err(prompt_failed)?
        .and_then(|index| offered.kinds.get(index))
    else {
        return Ok(cancelled());
    };
    let option = if let [only] = kind.options.as_slice() {
        only
    } else {
        let labels: Vec<&str> = kind.options.iter().map(|o| o.words.as_str()).collect();
        let prompt = format!("{}: which?", kind.words);
        // Leads are many: typed to, like the teammate.
        let picked = if kind.options.len() > 8 {
            FuzzySelect::with_theme(theme)
                .with_prompt(prompt)
                .highlight_matches(color)
                .max_length(12)
                .items(&labels)
                .default(0)
                .interact_on_opt(&term)
        } else {
            Select::with_theme(theme)
                .with_prompt(prompt)
                .items(&labels)
                .default(0)
                .interact_on_opt(&term)
        };
        match picked
            .map_err(prompt_failed)?
            .and_then(|index| kind.options.get(index))
        {
            Some(option) => option,
            None => return Ok(cancelled()),
        }
    };
    let reason = match &args.reason {
        Some(reason) => Some(reason.clone()),
        None => {
            let text: String = Input::with_theme(theme)
                .with_prompt("Why? (for the commit and the case file; Enter to skip)")
                .allow_empty(true)
                .interact_text_on(&term)
                .map_err(prompt_failed)?;
            Some(text.trim().to_string()).filter(|text| !text.is_empty())
        }
    };

    let request = Request {
        person: Some(offered.id.clone()),
        change: option.change.clone(),
        reason,
    };
    let mut proposal = propose::propose(&root, &files, &[request], &context(args))
        .map_err(|error| usage(error.0))?;
    let notes = super::add_pace(args, &mut proposal);
    if !notes.is_empty() {
        std::io::Write::write_all(&mut std::io::stderr(), notes.as_bytes())
            .map_err(|_| usage("cannot write to the terminal"))?;
    }
    if proposal.refused() {
        return finish(args, &root, &files, &proposal, false);
    }
    let shown = |rel: &str| ladder::snapshot::display_path(&root, rel);
    let lines: Vec<String> = proposal
        .parts
        .iter()
        .flat_map(|part| &part.files)
        .map(|(rel, text)| match text {
            Some(_) => format!("would write {}", shown(rel)),
            None => format!("would remove {}", shown(rel)),
        })
        .collect();
    said(&format!(
        "\n{}\n",
        propose::words::render(&proposal, &lines, color)
    ))?;
    if args.dry_run {
        return Ok(Outcome {
            stdout: "dry run: nothing was written\n".into(),
            stderr: String::new(),
            code: WRITTEN,
        });
    }
    let question = if args.pr {
        "Commit it on a new branch and open the pull request?"
    } else {
        "Write it?"
    };
    let confirmed = Confirm::with_theme(theme)
        .with_prompt(question)
        .default(true)
        .interact_on_opt(&term)
        .map_err(prompt_failed)?;
    if confirmed != Some(true) {
        return Ok(cancelled());
    }
    finish(args, &root, &files, &proposal, true)
}

/// The teammate, typed to by id or name.
fn pick_person(
    before: &Snapshot,
    theme: &dyn Theme,
    term: &Term,
    color: bool,
    typed: &str,
) -> Result<Answer<String>, Fail> {
    let mut people: Vec<(String, String)> = before
        .people
        .iter()
        .map(|entry| {
            let position = ladder::snapshot::Position::of(before, &entry.value);
            let title = position
                .title
                .as_deref()
                .map_or_else(String::new, |title| format!(", {title}"));
            (
                format!(
                    "{} ({}) · {}{title}",
                    *entry.value.name,
                    entry.id,
                    position.with_team()
                ),
                entry.id.clone(),
            )
        })
        .collect();
    if people.is_empty() {
        return Err(usage(format!(
            "{} has no teammates to propose a change for: hire one with `ladder propose --hire`",
            before.root
        )));
    }
    people.sort();
    let labels: Vec<&str> = people.iter().map(|(label, _)| label.as_str()).collect();
    let picked = FuzzySelect::with_theme(theme)
        .with_prompt("Who? (type a name or id)")
        .with_initial_text(typed)
        .highlight_matches(color)
        .max_length(12)
        .items(&labels)
        .default(0)
        .interact_on_opt(term)
        .map_err(prompt_failed)?;
    Ok(match picked.and_then(|index| people.get(index)) {
        Some((_, id)) => Answer::Given(id.clone()),
        None => Answer::Cancelled,
    })
}

/// `ladder show` for the teammate (timed from the history when the folder is in a repository),
/// then `ladder compare` of their level and the next.
fn where_they_stand(
    args: &ProposeArgs,
    before: &Snapshot,
    offered: &Choices,
    color: bool,
) -> String {
    let history = history(args).unwrap_or_default();
    let today = jiff::ZonedDateTime::now().date();
    let mut text = String::from("\n");
    if let Some(standing) = ladder::history::standing(before, &history, &offered.id, today) {
        let mut trail: Vec<_> = history.trail(&offered.id).collect();
        trail.reverse();
        text.push_str(&report::show::render_show(&standing, &trail));
    }
    let framework = before.framework.as_ref().map(|entry| &entry.value);
    let team = before
        .team(&offered.position.team)
        .map(|team| (team.id.as_str(), &team.value));
    let current = format!("{}/{}", offered.position.track, offered.position.level);
    match (framework, &offered.next_level) {
        (Some(framework), Some(next)) => {
            if let Ok(comparison) = ladder::compare::compare_levels(framework, team, &current, next)
            {
                text.push_str("\nWhat the next level asks:\n\n");
                text.push_str(&report::compare::render_human(&comparison, color));
            }
        }
        _ => text.push_str(&format!(
            "\n{} is at the top of the levels {} uses on this track.\n",
            offered.name, offered.position.team
        )),
    }
    text.push('\n');
    text
}

/// The folder's history at HEAD, when it is in a repository with commits.
fn history(args: &ProposeArgs) -> Option<ladder::history::History> {
    let (repo, prefix) = super::repository(args).ok()?;
    let index = ladder::repository::index_folder(&repo, None, true);
    ladder::history::read_history_with(&repo, "HEAD", &prefix, index.as_deref(), &mut |_, _| {})
        .ok()
}
