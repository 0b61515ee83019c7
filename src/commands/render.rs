//! `ladder render`: the framework (and, when asked, people) as a static site, from the work tree
//! or `--rev`.

use super::{Failure, load_current, load_history, open_repo, print, refuse_errors, say_reads_head};
use crate::cli;

pub fn run(args: &cli::RenderArgs) -> Result<u8, Failure> {
    let dir = args.history.dir.to_string_lossy().to_string();
    // The site needs no history: outside a repository it is the folder on disk, as it stands.
    let outside = args.history.repo.is_none()
        && args.history.rev.is_none()
        && git2::Repository::discover(".").is_err();
    let (mut snapshot, shallow) = if outside {
        let snapshot = ladder::snapshot::load_dir(&args.history.dir, &dir)?;
        let missing =
            "this folder is not inside a git repository, and the funnel reads its history";
        (snapshot, Some(missing.to_string()))
    } else {
        let repo = open_repo(args.history.repo.as_deref())?;
        let snapshot = load_current(&repo, &args.history)?;
        let shallow = ladder::history::shallow_history(&repo);
        if args.pace && shallow.is_none() {
            // The funnel is a review's verdict: committed history only.
            say_reads_head(&repo, &args.history, "the pace funnel")?;
        }
        (snapshot, shallow)
    };
    refuse_errors(&snapshot, "site")?;
    snapshot.forget_sources();
    // The funnel needs the whole history; without it the site still has everything else.
    let review = if args.pace && shallow.is_none() {
        let (_, history) = load_history(&args.history)?;
        let framework = snapshot.framework.as_ref().map(|entry| &entry.value);
        let settings = ladder::pace::Settings::of(
            &framework
                .map(|framework| framework.policy.pace.clone())
                .unwrap_or_default(),
        );
        let as_of = args
            .as_of
            .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
        let events: Vec<_> = history.events.iter().collect();
        (!events.is_empty()).then(|| {
            ladder::pace::verdict(
                &events,
                settings.standing_review(as_of),
                &settings,
                &ladder::pace::Shape::of(framework),
                ladder::pace::Detail::All,
            )
        })
    } else {
        None
    };
    let extras = ladder::site::Extras {
        review: review.as_ref(),
        people: args.people,
    };
    let pages = ladder::site::render(&snapshot, &extras, &args.out)
        .map_err(|error| Failure::Usage(error.to_string()))?;
    let out = args.out.display();
    let mut text = format!(
        "wrote {} pages into {out}/: open {out}/index.html\n",
        pages.len()
    );
    match shallow {
        Some(missing) if args.pace => text.push_str(&format!("no pace funnel: {missing}\n")),
        _ => {}
    }
    print(&text)?;
    Ok(0)
}
