//! `ladder log`: the audit trail, newest first, filtered; the work tree's changes first, marked
//! not committed yet.

use std::io::Write;

use ladder::history::Filter;
use ladder::report;

use super::{Failure, load_current_only, load_history_with_work};
use crate::cli::{LogArgs, LogFormat};

pub fn run(args: &LogArgs) -> Result<u8, Failure> {
    if let (Some(since), Some(until)) = (args.since, args.until)
        && until < since
    {
        return Err(Failure::Usage(format!(
            "--until {until} is before --since {since}: no change could match"
        )));
    }
    let (repo, history) = load_history_with_work(&args.history)?;
    let filter = Filter {
        person: args.person.clone(),
        since: args.since,
        until: args.until,
        lead: args.lead.clone(),
        team: args.team.clone(),
        kind: args.kind.clone(),
    };
    let tree = load_current_only(&repo, &args.history, &[])?;
    let teams: Vec<&str> = tree.teams.iter().map(|team| team.id.as_str()).collect();
    if let Some(problem) = filter.unknown_names(&history.events, &teams) {
        return Err(Failure::Usage(problem));
    }
    let mut matched = 0_usize;
    let events = history
        .events
        .iter()
        .rev()
        .filter(|event| filter.matches(event))
        .inspect(|_| matched += 1);
    let stdout = std::io::stdout().lock();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout);
    match args.format {
        LogFormat::Human => report::log::write_log_human(&mut out, events),
        LogFormat::Json => report::log::write_log_json(&mut out, events),
        LogFormat::Csv => report::log::write_log_csv(&mut out, events),
    }?;
    out.flush()?;
    if matched == 0 && matches!(args.format, LogFormat::Human) {
        eprintln!("no change in the history matches these filters");
    }
    Ok(0)
}
