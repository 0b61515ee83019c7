//! A repository's objects read raw for a walk over many commits. libgit2 keeps 16 MiB of delta
//! bases and cannot be told otherwise; the people folder's trees sit at the end of long delta
//! chains, so a walk through libgit2 unpacks the same chains again and again.

use super::LoadError;

/// Delta bases kept while a walk reads trees and blobs. Kept across a walk's openings of the
/// objects, 12 MiB spares the people folder's long delta chains being unpacked again at each
/// commit; 8 made the walk of 400,000 commits a tenth slower, 16 and 32 held more memory.
const DELTA_BASES: usize = 12 << 20;

/// Delta bases kept across a walk's openings of the objects, so that letting go of the pack's
/// pages every few hundred commits does not mean unpacking the same chains again.
#[derive(Default)]
pub struct DeltaBases {
    cache: std::sync::Arc<std::sync::Mutex<Option<gix_pack::cache::lru::MemoryCappedHashmap>>>,
    /// The pack indexes the bases were read through. gitoxide tells packs apart by their place
    /// among these, so the bases outlive an opening only while the packs stay the same.
    packs: std::cell::RefCell<Vec<(std::path::PathBuf, u64, Option<std::time::SystemTime>)>>,
}

impl DeltaBases {
    /// The cache for the objects in `folder`, emptied when its packs are no longer those the
    /// bases came from.
    fn for_objects(&self, folder: &std::path::Path) -> Shared {
        let packs = pack_indexes(folder);
        if *self.packs.borrow() != packs {
            if let Ok(mut cache) = self.cache.lock() {
                *cache = None;
            }
            *self.packs.borrow_mut() = packs;
        }
        Shared(std::sync::Arc::clone(&self.cache))
    }
}

/// The pack indexes of `folder` and of the object folders it borrows from, with their sizes and
/// times, in order.
fn pack_indexes(
    folder: &std::path::Path,
) -> Vec<(std::path::PathBuf, u64, Option<std::time::SystemTime>)> {
    let mut folders = vec![folder.to_path_buf()];
    if let Ok(alternates) = std::fs::read_to_string(folder.join("info/alternates")) {
        folders.extend(
            alternates
                .lines()
                .filter(|line| !line.is_empty() && !line.starts_with('#'))
                .map(|line| folder.join(line)),
        );
    }
    let mut found = Vec::new();
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(folder.join("pack")) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let index = path.extension().is_some_and(|ext| ext == "idx")
                || path
                    .file_name()
                    .is_some_and(|name| name == "multi-pack-index");
            if let (true, Ok(meta)) = (index, entry.metadata()) {
                found.push((path, meta.len(), meta.modified().ok()));
            }
        }
    }
    found.sort();
    found
}

/// One opening's handle on [`DeltaBases`].
struct Shared(std::sync::Arc<std::sync::Mutex<Option<gix_pack::cache::lru::MemoryCappedHashmap>>>);

impl gix_pack::cache::DecodeEntry for Shared {
    fn put(
        &mut self,
        pack_id: u32,
        offset: u64,
        data: &[u8],
        kind: gix_object::Kind,
        compressed_size: usize,
    ) {
        if let Ok(mut cache) = self.0.lock() {
            cache
                .get_or_insert_with(|| gix_pack::cache::lru::MemoryCappedHashmap::new(DELTA_BASES))
                .put(pack_id, offset, data, kind, compressed_size);
        }
    }

    fn get(
        &mut self,
        pack_id: u32,
        offset: u64,
        out: &mut Vec<u8>,
    ) -> Option<(gix_object::Kind, usize)> {
        self.0.lock().ok()?.as_mut()?.get(pack_id, offset, out)
    }
}

/// A repository's objects read raw, for walking many commits: gitoxide's object database with a
/// delta-base cache. Whatever it cannot find or parse is read through libgit2, which follows
/// alternates the way git does and reads commits gitoxide refuses.
pub struct Objects<'r> {
    odb: gix_odb::Handle,
    repo: &'r git2::Repository,
    /// Reused for every object: a fresh buffer each time is freed and allocated again hundreds
    /// of thousands of times in a walk.
    buffer: std::cell::RefCell<Vec<u8>>,
}

impl<'r> Objects<'r> {
    /// The objects of the repository `repo` has open (of the main work tree's git directory,
    /// where a linked work tree shares them).
    pub fn of(repo: &'r git2::Repository) -> Result<Self, LoadError> {
        Self::open(repo, None)
    }

    /// [`Objects::of`], with the delta bases of `bases`, which a walk keeps across openings.
    pub fn sharing(repo: &'r git2::Repository, bases: &DeltaBases) -> Result<Self, LoadError> {
        Self::open(repo, Some(bases))
    }

    fn open(repo: &'r git2::Repository, bases: Option<&DeltaBases>) -> Result<Self, LoadError> {
        let folder = repo.commondir().join("objects");
        let mut odb =
            gix_odb::at(&folder, gix_hash::Kind::Sha1).map_err(|error| LoadError::Repository {
                path: repo.path().display().to_string(),
                source: git2::Error::from_str(&format!(
                    "cannot open the objects in {}: {error}",
                    folder.display()
                )),
            })?;
        let shared = match bases {
            Some(bases) => bases.for_objects(&folder),
            None => Shared(std::sync::Arc::default()),
        };
        odb.set_pack_cache(move || Box::new(Shared(std::sync::Arc::clone(&shared.0))));
        Ok(Self {
            odb,
            repo,
            buffer: std::cell::RefCell::default(),
        })
    }

    /// A blob's text, `None` when it is over the size limit or not UTF-8, as
    /// [`super::read_blob_text`] reads it; an error when the object cannot be read.
    pub fn text(&self, id: git2::Oid) -> Result<Option<String>, git2::Error> {
        self.read_with(id, |content| {
            if content.len() as u64 > super::MAX_FILE_BYTES {
                return None;
            }
            std::str::from_utf8(content).ok().map(str::to_owned)
        })
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
        if let Ok(Some(object)) = self.odb.try_find(oid, &mut buffer) {
            return Ok(look(object.data));
        }
        let odb = self.repo.odb()?;
        let object = odb.read(id)?;
        Ok(look(object.data()))
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
    /// The first paragraph on one line, as `git log --format=%s` gives it; empty when that
    /// paragraph is not UTF-8.
    pub summary: String,
    pub author: Person,
    pub committer: Person,
}

impl Objects<'_> {
    /// A commit's tree, message and signatures.
    pub fn commit(&self, id: git2::Oid) -> Result<CommitFacts, git2::Error> {
        match self.read_with(id, commit_facts)? {
            Some(facts) => Ok(facts),
            None => self
                .repo
                .find_commit(id)
                .map(|commit| libgit2_facts(&commit)),
        }
    }

    /// A commit's first parent, `None` for a root commit.
    pub fn first_parent(&self, id: git2::Oid) -> Result<Option<git2::Oid>, git2::Error> {
        use gix_object::commit::ref_iter::Token;
        // Parents follow the tree and come before the author; what gitoxide cannot parse up to
        // there is left to libgit2.
        let parsed = self.read_with(id, |data| {
            for token in gix_object::CommitRefIter::from_bytes(data, gix_hash::Kind::Sha1) {
                match token {
                    Ok(Token::Tree { .. }) => {}
                    Ok(Token::Parent { id }) => {
                        return git2::Oid::from_bytes(id.as_bytes()).ok().map(Some);
                    }
                    Ok(_) => return Some(None),
                    Err(_) => return None,
                }
            }
            None
        })?;
        match parsed {
            Some(parent) => Ok(parent),
            None => Ok(self.repo.find_commit(id)?.parent_id(0).ok()),
        }
    }
}

/// A commit as gitoxide parses it; `None` for a commit it refuses that libgit2 may still read
/// (a second author line, a header without a space, a message without the blank line).
fn commit_facts(data: &[u8]) -> Option<CommitFacts> {
    let commit = gix_object::CommitRef::from_bytes(data, gix_hash::Kind::Sha1).ok()?;
    let tree = git2::Oid::from_bytes(commit.tree().as_bytes()).ok()?;
    let person = |signature: gix_actor::SignatureRef<'_>| {
        let (seconds, offset_minutes) = when(signature.time);
        Person {
            name: String::from_utf8_lossy(signature.name).into_owned(),
            email: String::from_utf8_lossy(signature.email).into_owned(),
            seconds,
            offset_minutes,
        }
    };
    let message: &[u8] = commit.message;
    let start = message
        .iter()
        .position(|&b| b != b'\n')
        .unwrap_or(message.len());
    let message = &message[start..];
    Some(CommitFacts {
        tree,
        summary: summary_of(message),
        message: String::from_utf8_lossy(message).into_owned(),
        author: person(commit.author().ok()?),
        committer: person(commit.committer().ok()?),
    })
}

/// The same parts as libgit2 reads them.
fn libgit2_facts(commit: &git2::Commit<'_>) -> CommitFacts {
    let person = |signature: git2::Signature<'_>| Person {
        name: String::from_utf8_lossy(signature.name_bytes()).into_owned(),
        email: String::from_utf8_lossy(signature.email_bytes()).into_owned(),
        seconds: signature.when().seconds(),
        offset_minutes: signature.when().offset_minutes(),
    };
    CommitFacts {
        tree: commit.tree_id(),
        message: String::from_utf8_lossy(commit.message_bytes()).into_owned(),
        summary: summary_of(commit.message_bytes()),
        author: person(commit.author()),
        committer: person(commit.committer()),
    }
}

/// A signature's `<seconds> <+hhmm>` as libgit2 reads it: a time that is not a number is the
/// epoch, and an offset that is malformed or out of range (over 14 hours or 59 minutes) is
/// zero.
fn when(raw: &str) -> (i64, i32) {
    let mut parts = raw.split_ascii_whitespace();
    let Some(seconds) = parts.next().and_then(|text| text.parse::<i64>().ok()) else {
        return (0, 0);
    };
    let offset = parts.next().and_then(|zone| {
        let (sign, digits) = match zone.split_at_checked(1)? {
            ("+", digits) => (1, digits),
            ("-", digits) => (-1, digits),
            _ => return None,
        };
        let end = digits
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(digits.len());
        let number: i32 = digits[..end].parse().ok()?;
        let (hours, minutes) = (number / 100, number % 100);
        (hours <= 14 && minutes <= 59).then_some(sign * (hours * 60 + minutes))
    });
    (seconds, offset.unwrap_or(0))
}

/// The first paragraph of a message on one line, as git reads it: a run of whitespace that
/// holds a line break becomes one space, other runs stay as they are, and the paragraph ends at
/// a line that is empty or only whitespace.
fn summary_of(bytes: &[u8]) -> String {
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
    // Empty when the first paragraph is not UTF-8, as libgit2 gives none.
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

    /// Commits gitoxide refuses or reads apart from libgit2 are read as libgit2 reads them.
    #[test]
    fn a_commit_gitoxide_refuses_is_read_through_libgit2() -> Result<(), Box<dyn std::error::Error>>
    {
        let dir = tempfile::tempdir()?;
        let repo = git2::Repository::init(dir.path())?;
        let tree = repo.treebuilder(None)?.write()?;
        let odb = repo.odb()?;
        let raws: [&[u8]; 4] = [
            // A second author line, which some tools write.
            b"tree TREE\nauthor A <a@example.com> 1700000000 +0100\nauthor B <b@example.com> 1 +0000\ncommitter C <c@example.com> 1700000000 +0100\n\nStep up (#3)\n",
            // No blank line and no message.
            b"tree TREE\nauthor A <a@example.com> 1700000000 +0100\ncommitter C <c@example.com> 1700000000 +0100\n",
            // A subject in UTF-8 and a body that is not.
            b"tree TREE\nauthor A <a@example.com> 1700000000 +0100\ncommitter C <c@example.com> 1700000000 +0100\nencoding ISO-8859-1\n\nStep up Cy (#5)\n\nCaf\xe9\n",
            // Offsets out of range or malformed are zero.
            b"tree TREE\nauthor A <a@example.com> 1700000000 +1500\ncommitter C <c@example.com> 1700000000 +053030\n\nLate\n",
        ];
        for raw in raws {
            // The tree's id in place of `TREE`, the other bytes as they are.
            let at = raw.windows(4).position(|w| w == b"TREE").ok_or("no TREE")?;
            let bytes = [&raw[..at], tree.to_string().as_bytes(), &raw[at + 4..]].concat();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let id = odb.write(git2::ObjectType::Commit, &bytes)?;
            let expected = repo.find_commit(id)?;
            let read = Objects::of(&repo)?.commit(id)?;
            assert_eq!(read.tree, expected.tree_id());
            assert_eq!(
                read.summary,
                expected.summary().ok().flatten().unwrap_or_default()
            );
            for (read, expected) in [
                (&read.author, expected.author()),
                (&read.committer, expected.committer()),
            ] {
                assert_eq!(read.name.as_bytes(), expected.name_bytes());
                assert_eq!(read.seconds, expected.when().seconds());
                assert_eq!(
                    read.offset_minutes,
                    expected.when().offset_minutes(),
                    "{text}"
                );
            }
        }
        Ok(())
    }

    #[test]
    fn an_offset_reads_as_libgit2_reads_it() {
        for (raw, when) in [
            ("1700000000 +0100", (1_700_000_000, 60)),
            ("1700000000 -0530", (1_700_000_000, -330)),
            ("1700000000 -0000", (1_700_000_000, 0)),
            ("1700000000 +1500", (1_700_000_000, 0)),
            ("1700000000 +0075", (1_700_000_000, 0)),
            ("1700000000 +053030", (1_700_000_000, 0)),
            ("1700000000 zz", (1_700_000_000, 0)),
            ("1700000000", (1_700_000_000, 0)),
        ] {
            assert_eq!(super::when(raw), when, "{raw}");
        }
    }

    #[test]
    fn the_kept_delta_bases_are_let_go_when_the_packs_change() {
        use gix_pack::cache::DecodeEntry;
        let folder = tempfile::tempdir().expect("temp");
        let objects = folder.path().join("objects");
        std::fs::create_dir_all(objects.join("pack")).expect("pack folder");
        std::fs::write(objects.join("pack/pack-1.idx"), b"one").expect("index");
        let bases = super::DeltaBases::default();
        bases
            .for_objects(&objects)
            .put(0, 12, b"base", gix_object::Kind::Blob, 4);
        let mut out = Vec::new();
        assert_eq!(
            bases.for_objects(&objects).get(0, 12, &mut out),
            Some((gix_object::Kind::Blob, 4)),
            "the same packs keep the bases"
        );
        assert_eq!(out, b"base");
        // A second pack may take the first one's place among them, so its offsets mean
        // something else now.
        std::fs::write(objects.join("pack/pack-0.idx"), b"zero").expect("index");
        assert_eq!(bases.for_objects(&objects).get(0, 12, &mut out), None);
    }
}
