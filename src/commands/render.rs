//! `ladder render`: the framework (and, when asked, people) as a static site, from the work tree
//! or `--rev`.

use std::path::Path;

use super::{Failure, load_current, load_history, open_repo, print, refuse_errors, say_reads_head};
use crate::cli;

pub fn run(args: &cli::RenderArgs) -> Result<u8, Failure> {
    let dir = args.history.dir.to_string_lossy().to_string();
    // The site needs no history: outside a repository it is the folder on disk, as it stands.
    let outside = args.history.repo.is_none()
        && args.history.rev.is_none()
        && git2::Repository::discover(".").is_err();
    let (mut snapshot, shallow, git_dir) = if outside {
        let snapshot = ladder::snapshot::load_dir(&args.history.dir, &dir)?;
        let missing =
            "this folder is not inside a git repository, and the funnel reads its history";
        (snapshot, Some(missing.to_string()), None)
    } else {
        let repo = open_repo(args.history.repo.as_deref())?;
        let snapshot = load_current(&repo, &args.history)?;
        let shallow = ladder::history::shallow_history(&repo);
        if args.pace && shallow.is_none() {
            // The funnel is a review's verdict: committed history only.
            say_reads_head(&repo, &args.history, "the pace funnel")?;
        }
        // The history walk below opens a handle of its own.
        (snapshot, shallow, Some(repo.path().to_path_buf()))
    };
    // By default outside the work tree, beside the history index, so git lists nothing new;
    // outside a repository, `site/` beside the folder.
    let out = args.out.clone().unwrap_or_else(|| match &git_dir {
        Some(git_dir) => git_dir.join("ladder").join("site"),
        None => std::path::PathBuf::from("site"),
    });
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
    let pages = ladder::site::render(&snapshot, &extras, &out)
        .map_err(|error| Failure::Usage(error.to_string()))?;
    let inside = git_dir
        .as_deref()
        .and_then(|git_dir| untracked(git_dir, &out));
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
