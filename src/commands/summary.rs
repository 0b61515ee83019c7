//! `ladder summary`: how a period adds up, per area and month.

use ladder::pace::{Settings, Shape};
use ladder::report;
use ladder::snapshot::open_rev;

use super::{Failure, load_history, print, revision, say_reads_head};
use crate::cli;

pub fn run(args: &cli::SummaryArgs) -> Result<u8, Failure> {
    use ladder::summary::{Period, summarise};
    let today = args
        .as_of
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
    let period = match (args.year, args.since, args.until) {
        (Some(year), _, _) => Period::year(year).map_err(Failure::Usage)?,
        (None, Some(since), Some(until)) => Period { since, until },
        _ => Period {
            since: Period::year(today.year()).map_err(Failure::Usage)?.since,
            until: today,
        },
    };
    if period.until < period.since {
        return Err(Failure::Usage(format!(
            "--until {} is before --since {}: the period is empty",
            period.until, period.since
        )));
    }
    let (repo, history) = load_history(&args.history)?;
    // A summary adds up what happened: committed history only, and says so.
    say_reads_head(&repo, &args.history, "summary")?;
    let dir = args.history.dir.to_string_lossy().to_string();
    let rev = revision(&args.history);
    let shape = open_rev(&repo, rev, &dir)?.load_files(&[])?;
    if let Some(team) = &args.team
        && shape.team(team).is_none()
    {
        let known: Vec<&str> = shape.teams.iter().map(|entry| entry.id.as_str()).collect();
        return Err(Failure::Usage(format!(
            "no team `{team}` at {rev}: expected one of {}",
            known.join(", ")
        )));
    }
    let policy = shape
        .framework
        .as_ref()
        .map(|framework| framework.value.policy.pace.clone())
        .unwrap_or_default();
    let settings = Settings::of(&policy);
    let prices = shape
        .framework
        .as_ref()
        .and_then(|f| ladder::pricing::Prices::of(&f.value));
    let shape = Shape::of(shape.framework.as_ref().map(|f| &f.value));
    let events: Vec<_> = history.events.iter().collect();
    let summary = summarise(
        &events,
        period,
        args.team.as_deref(),
        today,
        &settings,
        &shape,
        prices.as_ref(),
    );
    let text = match args.format {
        cli::SummaryFormat::Human => report::summary::render_human(&summary),
        cli::SummaryFormat::Markdown => report::summary::render_markdown(&summary),
        cli::SummaryFormat::Json => report::summary::render_json(&summary),
        cli::SummaryFormat::Csv => report::summary::render_csv(&summary)
            .map_err(|error| Failure::Usage(format!("cannot write CSV: {error}")))?,
    };
    print(&text)?;
    Ok(0)
}
