//! Files kept beside a folder's history (the index, the facts of a base, the pace ledger):
//! named for the folder, written whole or not at all, read only when every part holds up, and
//! the temporary files of killed writes swept away.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::Serialize;

/// The length of the checksum that closes a kept file.
pub(super) const SUM: usize = 4;

/// A file kept for the ladders folder `dir` inside `folder`, named `{what}-{dir}.{extension}`
/// with the folder's path made safe for a file name.
pub fn file_for(folder: &Path, what: &str, dir: &str, extension: &str) -> PathBuf {
    let name: String = dir
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    folder.join(format!("{what}-{name}.{extension}"))
}

/// Writes `file` whole or not at all: `write` fills a temporary file beside it, which is synced
/// and renamed over it, so a reader (or a racing run) sees the old file or the new one. A
/// temporary file left by a failed write is removed; one left by a killed write, by [`sweep`].
pub fn replace_file(
    file: &Path,
    write: impl FnOnce(std::fs::File) -> std::io::Result<std::fs::File>,
) -> std::io::Result<()> {
    let folder = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    // A name of this process's own, so two runs never write the same temporary file.
    let temporary = folder.join(format!(
        "{}{}-{}.tmp",
        temporary_prefix(file),
        std::process::id(),
        fastrand::u64(..)
    ));
    let written = (|| {
        write(std::fs::File::create(&temporary)?)?.sync_all()?;
        std::fs::rename(&temporary, file)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// The form of a file kept beside the index for one commit or tree of a folder: `magic`, the
/// format (4 bytes, little-endian), the id it is kept for (20 bytes), the folder's name and the
/// value (postcard), and a CRC-32 of all before it. Written whole or not at all; a file that
/// does not hold up in any part is never read.
pub struct Kept {
    pub magic: &'static [u8; 8],
    /// Bumped whenever the stored shape or what it means changes.
    pub format: u32,
}

impl Kept {
    const HEADER: usize = 8 + 4 + 20;

    /// The value kept in `file` for the folder `dir`, with the id it is kept for; `None` when
    /// there is none, it is for another folder, or for an id other than `wanted` (when given,
    /// checked before the value is decoded), or it does not hold up.
    pub fn read<T: serde::de::DeserializeOwned>(
        &self,
        file: &Path,
        dir: &str,
        wanted: Option<git2::Oid>,
    ) -> Option<(git2::Oid, T)> {
        let bytes = std::fs::read(file).ok()?;
        let end = bytes
            .len()
            .checked_sub(SUM)
            .filter(|&end| end >= Kept::HEADER)?;
        let id = git2::Oid::from_bytes(&bytes[12..Kept::HEADER]).ok()?;
        if bytes[..8] != *self.magic
            || bytes[8..12] != self.format.to_le_bytes()
            || wanted.is_some_and(|wanted| wanted != id)
            || crc32fast::hash(&bytes[..end]).to_le_bytes()[..] != bytes[end..]
        {
            return None;
        }
        let ((stored_dir, value), rest) =
            postcard::take_from_bytes::<(String, T)>(&bytes[Kept::HEADER..end]).ok()?;
        (rest.is_empty() && stored_dir == dir).then_some((id, value))
    }

    /// Writes `value` for the folder `dir` and the id `id`: to a temporary file beside `file`,
    /// then renamed into its place.
    pub fn write<T: Serialize>(
        &self,
        file: &Path,
        dir: &str,
        id: git2::Oid,
        value: &T,
    ) -> std::io::Result<()> {
        let mut bytes = Vec::with_capacity(1 << 20);
        bytes.extend_from_slice(self.magic);
        bytes.extend_from_slice(&self.format.to_le_bytes());
        bytes.extend_from_slice(id.as_bytes());
        postcard::to_io(&(dir, value), &mut bytes).map_err(std::io::Error::other)?;
        let sum = crc32fast::hash(&bytes);
        bytes.extend_from_slice(&sum.to_le_bytes());
        replace_file(file, |mut out| {
            out.write_all(&bytes)?;
            Ok(out)
        })
    }
}

/// How the temporary files a write of `file` goes through are named, up to the writer's own part.
fn temporary_prefix(file: &Path) -> String {
    format!(
        ".{}.",
        file.file_name()
            .map_or_else(|| "history".into(), |name| name.to_string_lossy())
    )
}

/// How long a temporary file lies untouched before it is taken for a killed write's. A writer
/// writes its file start to end without a pause, so an hour's silence means no one is.
const ABANDONED: Duration = Duration::from_secs(60 * 60);

/// Removes the temporary files that killed writes of `file` left beside it. A racing run's file
/// was written moments ago and is left alone; should a writer stall past [`ABANDONED`] and lose
/// its file, its rename fails and the index stays as it was.
pub fn sweep(file: &Path) {
    let Some(folder) = file.parent() else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let prefix = temporary_prefix(file);
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !name.starts_with(&prefix) || !name.ends_with(".tmp") {
            continue;
        }
        let abandoned = entry.metadata().is_ok_and(|metadata| {
            metadata.is_file()
                && metadata
                    .modified()
                    .ok()
                    .and_then(|modified| now.duration_since(modified).ok())
                    .is_some_and(|age| age >= ABANDONED)
        });
        if abandoned {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
