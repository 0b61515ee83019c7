//! `ladder show`: where one teammate stands, and their history.

use ladder::history::standing;
use ladder::report;
use ladder::snapshot::open_rev;

use super::{Failure, load_history, print};
use crate::cli::{Format, ShowArgs};

pub fn run(args: &ShowArgs) -> Result<u8, Failure> {
    let (repo, history) = load_history(&args.history)?;
    let dir = args.history.dir.to_string_lossy().to_string();
    let person = history
        .events
        .iter()
        .find(|event| *event.id_then == *args.person)
        .map_or(args.person.as_str(), |event| &*event.person);
    // The framework, the teams and this teammate's file: one placement, not the whole org.
    let tree = open_rev(&repo, &args.history.rev, &dir)?;
    let own: Vec<(String, git2::Oid)> = tree
        .person_paths()?
        .into_iter()
        .filter(|(id, _, _)| id == person)
        .map(|(_, rel, blob)| (rel, blob))
        .collect();
    let snapshot = tree.load_files(&own)?;
    let as_of = args
        .as_of
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
    let Some(standing) = standing(&snapshot, &history, person, as_of) else {
        return Err(Failure::Usage(not_a_teammate(
            &history,
            &args.person,
            &args.history.rev,
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
fn not_a_teammate(history: &ladder::history::History, person: &str, rev: &str) -> String {
    let trail: Vec<_> = history.trail(person).collect();
    if let Some(last) = trail.last()
        && last.after.is_none()
    {
        return format!(
            "`{person}` is not a teammate at {rev}: {} left on {} (`ladder log {person}` shows their trail)",
            last.name, last.date
        );
    }
    let filter = ladder::history::Filter {
        person: Some(person.to_string()),
        ..ladder::history::Filter::default()
    };
    match filter.unknown_names(&history.events, &[]) {
        Some(problem) => format!("{problem}, at {rev} or before"),
        None => format!("no teammate `{person}` at {rev}"),
    }
}
