//! `ladder pace`: the standing review's verdict per lead, team or track.

use ladder::pace::{Settings, Shape, Unit, standing_by};
use ladder::report;
use ladder::snapshot::open_rev;

use super::{Failure, load_history, open_repo, print, revision, say_reads_head};
use crate::cli::{PaceArgs, ReportFormat};

pub fn run(args: &PaceArgs) -> Result<u8, Failure> {
    let repo = open_repo(args.history.repo.as_deref())?;
    if let Some(missing) = ladder::history::shallow_history(&repo) {
        return Err(Failure::Usage(format!("pace is not computed: {missing}")));
    }
    drop(repo);
    let (repo, history) = load_history(&args.history)?;
    // Verdicts any later run reproduces come from commits alone.
    say_reads_head(&repo, &args.history, "pace")?;
    let dir = args.history.dir.to_string_lossy().to_string();
    // The framework and teams only: the test needs the policy, not every placement.
    let shape = open_rev(&repo, revision(&args.history), &dir)?.load_files(&[])?;
    let policy = shape
        .framework
        .as_ref()
        .map(|framework| framework.value.policy.pace.clone())
        .unwrap_or_default();
    let mut settings = Settings::of(&policy);
    if let Some(months) = args.window {
        settings.window = months;
        settings.window_written = true;
    }
    let as_of = args
        .as_of
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
    let review = match &args.review {
        Some(text) => settings.find_review(text).map_err(Failure::Usage)?,
        None => settings.standing_review(as_of),
    };
    if review.date > as_of {
        return Err(Failure::Usage(format!(
            "the {} review falls after {as_of}: its verdict is not decided yet",
            review.label
        )));
    }
    let unit = Unit::from(args.by);
    // Leads by the name the history last gave them: a lead may have left since.
    let names: std::collections::HashMap<&str, &str> = history
        .events
        .iter()
        .map(|event| (&*event.person, &*event.name))
        .collect();
    let events: Vec<_> = history.events.iter().collect();
    let standing = standing_by(
        &events,
        unit,
        review,
        as_of,
        &settings,
        &Shape::of(shape.framework.as_ref().map(|f| &f.value)),
    );
    let name = |id: &str| {
        let name = match unit {
            Unit::Lead => names.get(id).copied(),
            _ => ladder::pace::area::name_of(&shape, unit, id),
        };
        name.map_or_else(String::new, str::to_string)
    };
    if !unit.is_lead() && ladder::pace::area::compared(&standing.now) < 2 {
        return Err(Failure::Usage(format!(
            "pace --by {0} compares {1} with each other, and only one {0} had people who could move in the window: there is nothing to compare",
            unit.one(),
            unit.many()
        )));
    }
    let text = match args.format {
        ReportFormat::Human => report::pace::render_human(&standing, &name),
        ReportFormat::Markdown => report::pace::render_markdown(&standing, &name),
        ReportFormat::Json => report::pace::render_json(&standing),
    };
    print(&text)?;
    Ok(0)
}
