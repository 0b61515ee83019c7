//! A repository's objects read raw for a walk over many commits. libgit2 keeps 16 MiB of delta
//! bases and cannot be told otherwise; the people folder's trees sit at the end of long delta
//! chains, so a walk through libgit2 unpacks the same chains again and again.

use super::LoadError;

/// Delta bases kept while a walk reads trees and blobs: git keeps 96 MiB; a third of that keeps
/// the people folder's long delta chains from being unpacked again at every commit, where
/// libgit2's fixed 16 MiB does not.
const DELTA_BASES: usize = 32 << 20;

/// A repository's objects read raw, for walking many commits: gitoxide's object database with a
/// delta-base cache, beside the libgit2 handle that reads commits and references.
pub struct Objects {
    odb: gix_odb::Handle,
    /// Reused for every object: a fresh buffer each time is freed and allocated again hundreds
    /// of thousands of times in a walk.
    buffer: std::cell::RefCell<Vec<u8>>,
}

impl Objects {
    /// The objects of the repository `repo` has open (of the main work tree's git directory,
    /// where a linked work tree shares them).
    pub fn of(repo: &git2::Repository) -> Result<Self, LoadError> {
        let folder = repo.commondir().join("objects");
        let mut odb =
            gix_odb::at(&folder, gix_hash::Kind::Sha1).map_err(|error| LoadError::Repository {
                path: repo.path().display().to_string(),
                source: git2::Error::from_str(&format!(
                    "cannot open the objects in {}: {error}",
                    folder.display()
                )),
            })?;
        odb.set_pack_cache(|| {
            Box::new(gix_pack::cache::lru::MemoryCappedHashmap::new(DELTA_BASES))
        });
        Ok(Self {
            odb,
            buffer: std::cell::RefCell::default(),
        })
    }

    /// One object's bytes, as stored: a tree's raw entries, a blob's content.
    pub fn read(&self, id: git2::Oid) -> Result<Vec<u8>, git2::Error> {
        self.read_with(id, <[u8]>::to_vec)
    }

    /// What `look` makes of one object's bytes, read without a buffer of their own.
    pub fn read_with<T>(
        &self,
        id: git2::Oid,
        look: impl FnOnce(&[u8]) -> T,
    ) -> Result<T, git2::Error> {
        use gix_object::Find;
        let missing = |why: String| git2::Error::from_str(&format!("object {id}: {why}"));
        let oid = gix_hash::oid::try_from_bytes(id.as_bytes())
            .map_err(|error| missing(error.to_string()))?;
        let mut buffer = self.buffer.borrow_mut();
        match self.odb.try_find(oid, &mut buffer) {
            Ok(Some(object)) => Ok(look(object.data)),
            Ok(None) => Err(missing("not found".to_string())),
            Err(error) => Err(missing(error.to_string())),
        }
    }
}

/// Who made or landed a commit, as its header says: the clock is seconds since the epoch and
/// the offset they wrote it in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub email: String,
    pub seconds: i64,
    pub offset_minutes: i32,
}

/// The parts of a commit a walk reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitFacts {
    pub tree: git2::Oid,
    /// The message without the blank lines it may begin with, as `git log` shows it.
    pub message: String,
    /// The first paragraph on one line, as `git log --format=%s` gives it; empty when the
    /// message is not UTF-8.
    pub summary: String,
    pub author: Person,
    pub committer: Person,
}

impl Objects {
    /// A commit's tree, message and signatures.
    pub fn commit(&self, id: git2::Oid) -> Result<CommitFacts, git2::Error> {
        self.read_with(id, |data| commit_facts(id, data))?
    }
}

fn commit_facts(id: git2::Oid, data: &[u8]) -> Result<CommitFacts, git2::Error> {
    let bad = |why: String| git2::Error::from_str(&format!("commit {id}: {why}"));
    let commit = gix_object::CommitRef::from_bytes(data, gix_hash::Kind::Sha1)
        .map_err(|error| bad(error.to_string()))?;
    let tree = commit.tree();
    let tree = git2::Oid::from_bytes(tree.as_bytes())?;
    let person = |raw: Result<gix_actor::SignatureRef<'_>, String>| -> Result<Person, git2::Error> {
        let signature = raw.map_err(bad)?.trim();
        let time = signature.time().unwrap_or_default();
        Ok(Person {
            name: String::from_utf8_lossy(signature.name).into_owned(),
            email: String::from_utf8_lossy(signature.email).into_owned(),
            seconds: time.seconds,
            offset_minutes: time.offset / 60,
        })
    };
    let message: &[u8] = commit.message;
    let start = message
        .iter()
        .position(|&b| b != b'\n')
        .unwrap_or(message.len());
    let message = &message[start..];
    Ok(CommitFacts {
        tree,
        summary: std::str::from_utf8(message)
            .map(summary_of)
            .unwrap_or_default(),
        message: String::from_utf8_lossy(message).into_owned(),
        author: person(commit.author().map_err(|error| error.to_string()))?,
        committer: person(commit.committer().map_err(|error| error.to_string()))?,
    })
}

/// The first paragraph of a message on one line, as git reads it: a run of whitespace that
/// holds a line break becomes one space, other runs stay as they are, and the paragraph ends at
/// a line that is empty or only whitespace.
fn summary_of(message: &str) -> String {
    let bytes = message.as_bytes();
    let mut summary = Vec::new();
    let mut space: Option<(usize, bool)> = None;
    for (at, &byte) in bytes.iter().enumerate() {
        if byte == b'\n' {
            let rest = &bytes[at + 1..];
            let line = rest.iter().position(|&b| b == b'\n' || !is_space(b));
            if line.is_none_or(|i| rest[i] == b'\n') {
                break;
            }
        }
        if is_space(byte) {
            let (start, newline) = space.unwrap_or((at, false));
            space = Some((start, newline || byte == b'\n'));
            continue;
        }
        if let Some((start, newline)) = space.take() {
            if newline {
                summary.push(b' ');
            } else {
                summary.extend_from_slice(&bytes[start..at]);
            }
        }
        summary.push(byte);
    }
    // Cut only at ASCII whitespace, so still UTF-8.
    String::from_utf8(summary).unwrap_or_default()
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

#[cfg(test)]
mod tests {
    use super::Objects;

    /// Messages and signatures as libgit2 reads them, against the walk's own reading.
    #[test]
    fn a_commit_reads_as_libgit2_reads_it() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let repo = git2::Repository::init(dir.path())?;
        let tree = repo.treebuilder(None)?.write()?;
        let tree = repo.find_tree(tree)?;
        let messages = [
            "Step up p1\n\nBecause.\n",
            "Step up p1",
            "Promote\nAda (#12)\n\nbody",
            "Two  spaces\tand a tab  \n  \nrest",
            "  leading\n",
            "\n\nAfter blank lines\n",
            "Über \u{e9}t\u{e9}\r\nnext line\n",
            "\n",
            "Merge pull request #7 from a/b\n\nTitle\n\nSigned-off-by: A <a@example.com>\n",
        ];
        let people = [
            git2::Signature::new(
                "Ada Lovelace",
                "ada@example.com",
                &git2::Time::new(1_700_000_000, 60),
            )?,
            git2::Signature::new("Ben", "ben@example.com", &git2::Time::new(86_400, -330))?,
        ];
        let mut parent: Option<git2::Oid> = None;
        for (n, message) in messages.iter().enumerate() {
            let parents: Vec<git2::Commit<'_>> = parent
                .map(|id| repo.find_commit(id))
                .transpose()?
                .into_iter()
                .collect();
            let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
            let (author, committer) = (&people[n % 2], &people[(n + 1) % 2]);
            let id = repo.commit(None, author, committer, message, &tree, &parents)?;
            let expected = repo.find_commit(id)?;
            let read = Objects::of(&repo)?.commit(id)?;
            assert_eq!(read.tree, expected.tree_id());
            assert_eq!(
                read.message.as_bytes(),
                expected.message_bytes(),
                "{message:?}"
            );
            assert_eq!(
                read.summary,
                expected.summary().ok().flatten().unwrap_or_default(),
                "{message:?}"
            );
            for (read, expected) in [
                (&read.author, expected.author()),
                (&read.committer, expected.committer()),
            ] {
                assert_eq!(read.name.as_bytes(), expected.name_bytes());
                assert_eq!(read.email.as_bytes(), expected.email_bytes());
                assert_eq!(read.seconds, expected.when().seconds());
                assert_eq!(read.offset_minutes, expected.when().offset_minutes());
            }
            parent = Some(id);
        }
        Ok(())
    }
}
