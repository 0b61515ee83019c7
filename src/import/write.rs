//! Writing a planned import: each commit's tree built from its parent's with only the changed
//! paths replaced, author and committer dated the change's effective day, and the branch moved
//! once, after the last commit exists. The objects are held in memory and written as one pack;
//! until the branch moves nothing points at them, so a failure leaves the branch, the index
//! and the work tree as they were.

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
    // Objects are made in memory and written as one pack at the end: thousands of commits of
    // large trees cost a loose file each otherwise.
    let odb = repo.odb().map_err(git("the object database"))?;
    let mempack = odb
        .add_new_mempack_backend(1000)
        .map_err(git("the object database"))?;
    let start = repo
        .find_commit(target.parent)
        .map_err(git("the branch's last commit"))?;
    let start_tree = start.tree().map_err(git("the branch's tree"))?;
    let mut parent = start.clone();
    let mut made = 0usize;
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
        made += 1;
        if made.is_multiple_of(COMMITS_PER_PACK) {
            flush(repo, &odb, &mempack)?;
        }
    }
    let tip = parent.id();
    flush(repo, &odb, &mempack)?;
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

/// Commits whose objects are held in memory before they are written as a pack: memory stays
/// flat, and a pack holds a few hundred commits' trees, not one.
const COMMITS_PER_PACK: usize = 200;

/// Writes the objects held in memory as one pack, and lets them go.
fn flush(
    repo: &git2::Repository,
    odb: &git2::Odb<'_>,
    mempack: &git2::Mempack<'_>,
) -> Result<(), ImportError> {
    let mut pack = git2::Buf::new();
    mempack
        .dump(repo, &mut pack)
        .map_err(git("the new objects"))?;
    let mut writer = odb.packwriter().map_err(git("the new pack"))?;
    std::io::Write::write_all(&mut writer, &pack)
        .map_err(|error| ImportError::Setup(format!("cannot write the new pack: {error}")))?;
    writer.commit().map_err(git("the new pack"))?;
    drop(pack);
    mempack.reset().map_err(git("the object database"))?;
    odb.refresh().map_err(git("the object database"))
}
