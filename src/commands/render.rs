//! `ladder render`: the framework (and, when asked, people) as a static site.

use std::path::Path;

use ladder::snapshot::load_rev;

use super::{Failure, load_history, open_repo, print, refuse_errors};
use crate::cli;

pub fn run(args: &cli::RenderArgs) -> Result<u8, Failure> {
    let repo = open_repo(args.history.repo.as_deref())?;
    let dir = args.history.dir.to_string_lossy().to_string();
    let mut snapshot = load_rev(&repo, &args.history.rev, &dir)?;
    refuse_errors(&snapshot, "site")?;
    snapshot.forget_sources();
    let shallow = ladder::history::shallow_history(&repo);
    // By default outside the work tree, beside the history index, so git lists nothing new.
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| repo.path().join("ladder").join("site"));
    let git_dir = repo.path().to_path_buf();
    // The history walk gets a handle of its own.
    drop(repo);
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
    let pages = ladder::site::render(&snapshot, &extras, &out)
        .map_err(|error| Failure::Usage(error.to_string()))?;
    let inside = untracked(&git_dir, &out);
    let shown = out.display();
    let mut text = format!(
        "wrote {} pages into {shown}/: open {shown}/index.html\n",
        pages.len()
    );
    if let Some(inside) = inside {
        let inside = inside.display();
        text.push_str(&format!(
            "note: {inside}/ is inside the repository and git does not ignore it, so `git status` lists it: add `{inside}/` to .gitignore, or leave out --out to write outside the work tree\n"
        ));
    }
    match shallow {
        Some(missing) if args.pace => text.push_str(&format!("no pace funnel: {missing}\n")),
        _ => {}
    }
    print(&text)?;
    Ok(0)
}

/// The site's folder inside the work tree, when git would list it as untracked.
fn untracked(git_dir: &Path, out: &Path) -> Option<std::path::PathBuf> {
    let repo = git2::Repository::open(git_dir).ok()?;
    let top = repo.workdir()?.canonicalize().ok()?;
    let inside = out
        .canonicalize()
        .ok()?
        .strip_prefix(&top)
        .ok()?
        .to_path_buf();
    let ignored = repo
        .is_path_ignored(inside.join("index.html"))
        .unwrap_or(false);
    (!ignored && !inside.as_os_str().is_empty()).then_some(inside)
}
