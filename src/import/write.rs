//! Writing a planned import: each commit's tree built from its parent's with only the changed
//! paths replaced, author and committer dated the change's effective day, and the branch moved
//! once, after the last commit exists. Until then nothing points at the new objects, so a
//! failure leaves the branch, the index and the work tree as they were.

use super::{ImportError, Plan};

/// Who an imported commit is by: no person wrote it, the HR system's export did.
const AUTHOR: (&str, &str) = ("ladder import", "import@ladder.invalid");

fn git(what: &str) -> impl FnOnce(git2::Error) -> ImportError + '_ {
    move |source| ImportError::Git {
        what: what.to_string(),
        source,
    }
}

/// Writes the plan's commits onto its branch; returns the new tip, or `None` when there is
/// nothing to write. A plan with errors is refused.
pub fn write(repo: &git2::Repository, plan: &Plan) -> Result<Option<git2::Oid>, ImportError> {
    if plan.has_errors() {
        return Err(ImportError::Setup(
            "the import has errors: nothing was written".into(),
        ));
    }
    let Some(target) = &plan.target else {
        return Ok(None);
    };
    if plan.commits.is_empty() {
        return Ok(None);
    }
    if target.checked_out
        && let Some(why) = super::unclean(repo, &plan.dir)
    {
        return Err(ImportError::Setup(why));
    }
    let start = repo
        .find_commit(target.parent)
        .map_err(git("the branch's last commit"))?;
    let start_tree = start.tree().map_err(git("the branch's tree"))?;
    let mut parent = start.clone();
    let mut tree = start_tree.clone();
    for planned in &plan.commits {
        let mut update = git2::build::TreeUpdateBuilder::new();
        for (rel, text) in &planned.writes {
            let path = format!("{}/{rel}", plan.dir);
            match text {
                Some(text) => {
                    let blob = repo.blob(text.as_bytes()).map_err(git(&path))?;
                    update.upsert(&path, blob, git2::FileMode::Blob);
                }
                None => {
                    update.remove(&path);
                }
            }
        }
        let id = update
            .create_updated(repo, &tree)
            .map_err(git("a new tree"))?;
        tree = repo.find_tree(id).map_err(git("a new tree"))?;
        // Noon UTC: the effective day is the same day in every offset from -11 to +11.
        let seconds = planned
            .date
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .map_or(0, |zoned| zoned.timestamp().as_second())
            + 12 * 3600;
        let signature = git2::Signature::new(AUTHOR.0, AUTHOR.1, &git2::Time::new(seconds, 0))
            .map_err(git("the signature"))?;
        let commit = repo
            .commit(
                None,
                &signature,
                &signature,
                &planned.message,
                &tree,
                &[&parent],
            )
            .map_err(git("a commit"))?;
        parent = repo.find_commit(commit).map_err(git("a commit"))?;
    }
    let tip = parent.id();
    let log = format!("ladder import: {} commits", plan.commits.len());
    if target.checked_out {
        // The work tree and index first, from the tree they hold now: a file changed since is
        // not overwritten (the checkout fails and the branch stays).
        let mut checkout = git2::build::CheckoutBuilder::new();
        checkout.safe();
        repo.checkout_tree(tree.as_object(), Some(&mut checkout))
            .map_err(git("the work tree"))?;
    }
    let moved = match repo.find_reference(&target.refname) {
        Ok(_) => repo
            .reference_matching(&target.refname, tip, true, target.parent, &log)
            .map(|_| ()),
        Err(_) => repo
            .reference(&target.refname, tip, false, &log)
            .map(|_| ()),
    };
    if let Err(error) = moved {
        if target.checked_out {
            let mut checkout = git2::build::CheckoutBuilder::new();
            checkout.force();
            let _ = repo.checkout_tree(start_tree.as_object(), Some(&mut checkout));
        }
        return Err(ImportError::Git {
            what: format!("{} (it moved while the import ran?)", target.refname),
            source: error,
        });
    }
    Ok(Some(tip))
}
