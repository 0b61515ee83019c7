//! Reading one file's bytes, from disk or from a git blob, never past the size limit: the only
//! I/O the parser does, kept below both sources so neither calls back into the other.

use std::path::Path;

use super::MAX_FILE_BYTES;

/// Reads a file unless it is over the limit, in which case its size, read no further.
pub(super) fn read_capped(path: &Path) -> std::io::Result<Result<Vec<u8>, u64>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(1024);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let size = std::fs::metadata(path).map_or(MAX_FILE_BYTES + 1, |meta| meta.len());
        return Ok(Err(size));
    }
    Ok(Ok(bytes))
}

/// Reads a blob unless its header says it is over the limit.
pub(super) fn read_capped_blob(
    repo: Option<&git2::Repository>,
    id: git2::Oid,
) -> Result<Result<Vec<u8>, u64>, String> {
    let repo = repo.ok_or("the repository could not be opened")?;
    let odb = repo.odb().map_err(|error| error.message().to_string())?;
    let (size, _) = odb
        .read_header(id)
        .map_err(|error| error.message().to_string())?;
    let size = u64::try_from(size).unwrap_or(u64::MAX);
    if size > MAX_FILE_BYTES {
        return Ok(Err(size));
    }
    let object = odb.read(id).map_err(|error| error.message().to_string())?;
    Ok(Ok(object.data().to_vec()))
}
