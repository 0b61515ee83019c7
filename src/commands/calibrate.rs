//! `ladder calibrate`: the quarterly calibration packet.

use ladder::report;

use super::{Failure, load_current, load_history_with_work, open_repo, print, read_at};
use crate::cli;

pub fn run(args: &cli::CalibrateArgs) -> Result<u8, Failure> {
    use ladder::calibration::{Quarter, packet};
    let today = args
        .as_of
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
    let quarter = match &args.quarter {
        Some(text) => Quarter::parse(text).map_err(Failure::Usage)?,
        None => Quarter::of(today),
    };
    if quarter.first_day() > today {
        return Err(Failure::Usage(format!(
            "{} has not begun on {today}: there is nothing to calibrate yet",
            quarter.label()
        )));
    }
    // The placements first, through a handle let go before the history is read: the pack
    // windows their reading mapped would otherwise stay mapped beside the whole history.
    let mut snapshot = {
        let repo = open_repo(args.history.repo.as_deref())?;
        load_current(&repo, &args.history)?
    };
    snapshot.forget_sources();
    if let Some(lead) = &args.lead
        && snapshot.person(lead).is_none()
    {
        let ids = snapshot.people.iter().map(|entry| entry.id.as_str());
        let hint = ladder::finding::did_you_mean(lead, ids)
            .map_or_else(String::new, |near| format!(" (did you mean `{near}`?)"));
        return Err(Failure::Usage(format!(
            "--lead `{lead}` is no teammate {}{hint}",
            read_at(&args.history)
        )));
    }
    let (_, history) = load_history_with_work(&args.history)?;
    let packet = packet(&snapshot, &history, quarter, today, args.lead.as_deref());
    // The packet holds what it says: the history and placements can go before it is written.
    drop(history);
    drop(snapshot);
    let text = match args.format {
        cli::PacketFormat::Markdown => report::calibration::render_markdown(&packet),
        cli::PacketFormat::Json => report::calibration::render_json(&packet),
    };
    print(&text)?;
    Ok(0)
}
