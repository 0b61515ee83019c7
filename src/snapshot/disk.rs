//! Reading a snapshot from a folder on disk: walking it without following links, and reading
//! each file under the size cap.

use std::path::{Component, Path};

use super::parse::{
    Content, Found, assemble, folder_where_file_expected, refused, refused_name, symlink_finding,
};
use super::{LoadError, Origin, Snapshot, display_path, join};
use crate::finding::Finding;

/// Reads a snapshot from a folder on disk. `root` is how users name the folder.
pub fn load_dir(dir: &Path, root: &str) -> Result<Snapshot, LoadError> {
    let mut found = Vec::new();
    list(dir, root, &mut found)?;
    let mut snapshot = assemble(Origin::Dir(dir.to_path_buf()), root, found, None, true);
    super::past::settle_work_tree(&mut snapshot, dir);
    Ok(snapshot)
}

/// Reads the framework, the teams and the placements of `ids` from a folder on disk, the rest
/// listed but not read: what one teammate's standing, or a filter's team names, need. The
/// snapshot knows only the teammates it read, as [`super::RevisionTree::load_files`]'s does.
pub fn load_dir_only(dir: &Path, root: &str, ids: &[&str]) -> Result<Snapshot, LoadError> {
    let mut found = Vec::new();
    list(dir, root, &mut found)?;
    found.retain(|file| match super::parse::classify(&file.rel) {
        Ok((super::parse::Kind::Person, id)) => ids.contains(&id.as_str()),
        Ok(_) => !file.rel.starts_with("cases/"),
        Err(_) => false,
    });
    Ok(assemble(
        Origin::Dir(dir.to_path_buf()),
        root,
        found,
        None,
        false,
    ))
}

/// Reads framework.yml, and with `teams` the team files, from a folder on disk: what a command
/// about the framework alone needs (`compare`, `export --what framework`). `people/` and
/// `cases/` are not even listed, so their size, or a broken or unreadable file there, changes
/// nothing. The snapshot knows no teammate.
pub fn load_dir_framework(dir: &Path, root: &str, teams: bool) -> Result<Snapshot, LoadError> {
    real_folder(dir, root)?;
    let mut found = Vec::new();
    for name in ["framework.yml", "framework.yaml"] {
        let path = dir.join(name);
        // The entry itself, as the walk sees it: a link is refused, not followed.
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        // A folder there is refused or, if it may be one, not read.
        found.extend(entry_found(root, name, path, meta.file_type()));
    }
    let teams_dir = dir.join("teams");
    if teams && std::fs::symlink_metadata(&teams_dir).is_ok_and(|meta| meta.file_type().is_dir()) {
        walk_dir(&teams_dir, "teams", root, &mut found)?;
    }
    Ok(assemble(
        Origin::Dir(dir.to_path_buf()),
        root,
        found,
        None,
        false,
    ))
}

/// Every file under a real folder, listed but not read.
fn list(dir: &Path, root: &str, found: &mut Vec<Found>) -> Result<(), LoadError> {
    real_folder(dir, root)?;
    walk_dir(dir, "", root, found)
}

/// `dir` is a folder, not reached through a link.
fn real_folder(dir: &Path, root: &str) -> Result<(), LoadError> {
    refuse_links(dir, root)?;
    let meta = std::fs::metadata(dir).map_err(|source| LoadError::Io {
        path: root.to_string(),
        source,
    })?;
    if !meta.is_dir() {
        return Err(LoadError::NotAFolder {
            path: root.to_string(),
        });
    }
    Ok(())
}

/// What one entry of a folder is: a file to read or a refusal; `None` for a folder that may
/// be one, to walk.
fn entry_found(
    root: &str,
    rel: &str,
    path: std::path::PathBuf,
    file_type: std::fs::FileType,
) -> Option<Found> {
    if file_type.is_symlink() {
        Some(refused(root, rel, symlink_finding()))
    } else if file_type.is_dir() {
        folder_where_file_expected(rel).map(|problem| refused(root, rel, problem))
    } else if file_type.is_file() {
        Some(Found {
            rel: rel.to_string(),
            content: Content::OnDisk(path),
        })
    } else {
        Some(refused(
            root,
            rel,
            Finding::error("not-a-file", "not a regular file: expected a YAML file"),
        ))
    }
}

/// Refuses a folder reached through a symbolic link: the folder itself, or any folder on the
/// way to it below the top of the repository holding it. git stores a link as a link, so the
/// revision reader finds no folder there; followed on disk, a link committed to the repository
/// would have `check` read, and quote, files from anywhere on the machine. Links above the
/// repository (a home folder on another disk) are the machine's own and are followed.
fn refuse_links(dir: &Path, root: &str) -> Result<(), LoadError> {
    let absolute = std::path::absolute(dir).map_err(|source| LoadError::Io {
        path: root.to_string(),
        source,
    })?;
    let count = absolute.components().count();
    let mut at = std::path::PathBuf::new();
    let mut in_repository = false;
    for (index, component) in absolute.components().enumerate() {
        at.push(component);
        let last = index + 1 == count;
        if matches!(component, Component::Normal(_))
            && (in_repository || last)
            && std::fs::symlink_metadata(&at).is_ok_and(|meta| meta.file_type().is_symlink())
        {
            let path = if last {
                root.to_string()
            } else {
                // As the user would name it: under the current folder when it is there.
                let shown = std::env::current_dir()
                    .ok()
                    .and_then(|current| at.strip_prefix(current).ok().map(Path::to_path_buf))
                    .unwrap_or_else(|| at.clone());
                display_path("", &shown.to_string_lossy())
            };
            return Err(LoadError::Link { path });
        }
        in_repository = in_repository || std::fs::symlink_metadata(at.join(".git")).is_ok();
    }
    Ok(())
}

fn walk_dir(dir: &Path, prefix: &str, root: &str, found: &mut Vec<Found>) -> Result<(), LoadError> {
    let display = |rel: &str| display_path(root, rel);
    let entries = std::fs::read_dir(dir).map_err(|source| LoadError::Io {
        path: display(prefix),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| LoadError::Io {
            path: display(prefix),
            source,
        })?;
        let name = entry.file_name();
        let rel = match name.to_str() {
            Some(name) => join(prefix, name),
            None => {
                let lossy = join(prefix, &name.to_string_lossy());
                found.push(refused_name(root, &lossy));
                continue;
            }
        };
        // The directory entry's own type: no stat per file, which matters at 10,000 files.
        let file_type = entry.file_type().map_err(|source| LoadError::Io {
            path: display(&rel),
            source,
        })?;
        match entry_found(root, &rel, entry.path(), file_type) {
            Some(found_here) => found.push(found_here),
            None => walk_dir(&entry.path(), &rel, root, found)?,
        }
    }
    Ok(())
}
