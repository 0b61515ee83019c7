//! `ladder show`: where one teammate stands, and their history.

use ladder::history::standing;
use ladder::report;

use super::{Failure, load_current_only, load_history_with_work, print, read_at_rev};
use crate::cli::{Format, ShowArgs};

pub fn run(args: &ShowArgs) -> Result<u8, Failure> {
    let (repo, history) = load_history_with_work(&args.history)?;
    let person = history
        .events
        .iter()
        .find(|event| *event.id_then == *args.person)
        .map_or(args.person.as_str(), |event| &*event.person);
    // The framework, the teams and this teammate's file: one placement, not the whole org.
    let snapshot = load_current_only(&repo, &args.history, &[person])?;
    let as_of = args
        .as_of
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
    let Some(standing) = standing(&snapshot, &history, person, as_of) else {
        return Err(Failure::Usage(not_a_teammate(
            &history,
            &args.person,
            args.history.rev.as_deref(),
        )));
    };
    let mut trail: Vec<_> = history.trail(person).collect();
    trail.reverse();
    let text = match args.format {
        Format::Human => report::show::render_show(&standing, &trail),
        Format::Json => report::show::render_show_json(&standing, &trail),
    };
    print(&text)?;
    Ok(0)
}

/// Why `person` is not shown: they left (and when), or the nearest teammate by id or name.
/// `rev` is `--rev`; without it the work tree was read.
fn not_a_teammate(history: &ladder::history::History, person: &str, rev: Option<&str>) -> String {
    let at = read_at_rev(rev);
    let trail: Vec<_> = history.trail(person).collect();
    if let Some(last) = trail.last()
        && last.after.is_none()
    {
        return format!(
            "`{person}` is not a teammate {at}: {} left on {} (`ladder log {person}` shows their trail)",
            last.name, last.date
        );
    }
    let filter = ladder::history::Filter {
        person: Some(person.to_string()),
        ..ladder::history::Filter::default()
    };
    match filter.unknown_names(&history.events, &[]) {
        Some(problem) => match rev {
            Some(rev) => format!("{problem}, at {rev} or before"),
            None => format!("{problem}, in the work tree or its history"),
        },
        None => format!("no teammate `{person}` {at}"),
    }
}
