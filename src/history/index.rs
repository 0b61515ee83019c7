//! The history index: every first-parent commit's events, kept under the git directory so a
//! later run walks only the commits that are new. It is written whole to a temporary file and
//! renamed into place, so a reader (or a second run racing this one) sees the old index or the
//! new one, never half of either. Every read checks it: a checksum over all it holds, a format,
//! repository, folder or line that does not hold up is reported and the history is walked
//! afresh. Events are a function of commits alone (each read with its own framework), so a
//! commit's events never go stale.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::kept::{SUM, file_for, replace_file};
use super::{Event, Landing};
use crate::diff::ChangeKind;

use crate::snapshot::Position;

/// Bumped whenever the stored shape or what an event means changes.
const FORMAT: u32 = 9;

/// The history as far as the index knows it.
pub struct Known {
    /// The first-parent line, oldest first.
    pub line: Vec<git2::Oid>,
    /// Indexes into `line` of the commits that changed the folder.
    pub changing: Vec<usize>,
    /// The events in walk order, before renames are followed.
    pub events: Vec<Event>,
    /// For each event, the index of its commit in `line`.
    pub at: Vec<usize>,
}

/// What the file opens with. After it: the format number (4 bytes, little-endian), the
/// repository's identity (20 bytes), the encoded [`File`], and a CRC-32 (4 bytes,
/// little-endian) of everything before it.
const MAGIC: &[u8; 8] = b"LDRINDEX";

/// Where the format number ends.
const FORMAT_END: usize = MAGIC.len() + 4;

/// Where the encoded [`File`] starts. The repository's identity is the first commit of the line
/// the index holds: every clone, fork and CI runner of the repository shares it wherever the
/// repository lies, where a path changes when the folder moves or a cache is restored
/// elsewhere; and two histories with one first commit share those commits, so one's events
/// are right for the other. Zeros for an empty line.
const HEADER: usize = FORMAT_END + 20;

/// The stored index, encoded with postcard: a compact binary form read without parsing text,
/// where 250,000 events took a second to read as JSON.
#[derive(Deserialize)]
struct File {
    dir: String,
    line: Vec<[u8; 20]>,
    changing: Vec<usize>,
    strings: Vec<String>,
    /// Each distinct position once; events name them by place in this list.
    places: Vec<Place>,
    /// Each kind of change met, as JSON: a few hundred shapes shared by every event.
    kinds: Vec<String>,
    /// Each landing read straight into its shared place: a vector of them beside the shared
    /// copies would hold every commit's details twice while the events are built.
    landings: Vec<Stored<StoredLanding>>,
    events: Vec<StoredEvent>,
}

/// [`StoredLanding`] as it is written, borrowing the landing's texts: the same bytes.
#[derive(Serialize)]
struct StoredLandingRef<'a> {
    commit: super::CommitId,
    summary: &'a str,
    author: StoredSignatureRef,
    committer: StoredSignatureRef,
    pull_request: Option<u64>,
    trailers: &'a [super::Trailer],
}

/// A time as seconds and an offset in minutes; none for a change no commit holds.
#[derive(Serialize)]
struct StoredSignatureRef {
    name: u32,
    email: u32,
    time: Option<(i64, i32)>,
}

/// A landing with its people's names and emails as places in the table of strings.
#[derive(Serialize, Deserialize)]
struct StoredLanding {
    commit: super::CommitId,
    summary: String,
    author: StoredSignature,
    committer: StoredSignature,
    pull_request: Option<u64>,
    trailers: Vec<super::Trailer>,
}

#[derive(Serialize, Deserialize)]
struct StoredSignature {
    name: u32,
    email: u32,
    time: Option<(i64, i32)>,
}

/// The same shape, written from borrowed events: a second copy of 100,000 events would double
/// the walk's memory.
#[derive(Serialize)]
struct FileRef<'w, 'a> {
    dir: &'w str,
    line: Vec<[u8; 20]>,
    changing: &'w [usize],
    strings: &'w [&'a str],
    places: &'w [Place],
    kinds: &'w [String],
    landings: LandingsOut<'w, 'a>,
    events: EventsOut<'w, 'a>,
}

/// The landings, each written as [`StoredLanding`] as it is reached.
struct LandingsOut<'w, 'a> {
    landings: &'w [(usize, &'a Landing)],
    table: &'w Table<'a>,
}

impl Serialize for LandingsOut<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq as _;
        let mut seq = serializer.serialize_seq(Some(self.landings.len()))?;
        for &(line, value) in self.landings {
            seq.serialize_element(&Stored {
                line,
                value: StoredLandingRef {
                    commit: value.commit,
                    summary: &value.summary,
                    author: self.table.signature_out(&value.author)?,
                    committer: self.table.signature_out(&value.committer)?,
                    pull_request: value.pull_request.map(std::num::NonZeroU64::get),
                    trailers: &value.trailers,
                },
            })?;
        }
        seq.end()
    }
}

/// The events, each written as [`StoredEvent`] as it is reached.
struct EventsOut<'w, 'a> {
    known: &'a Known,
    table: &'w Table<'a>,
    seen: &'w HashMap<*const Landing, usize>,
    kinds: &'w HashMap<String, u32>,
}

impl Serialize for EventsOut<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq as _};
        let missing = || S::Error::custom("an event points outside the index's tables");
        let mut seq = serializer.serialize_seq(Some(self.known.events.len()))?;
        for event in &self.known.events {
            let kind = serde_json::to_string(&event.kind).map_err(S::Error::custom)?;
            let place = |position: &Option<Arc<Position>>| -> Result<Option<u32>, S::Error> {
                position
                    .as_ref()
                    .map(|position| self.table.find_place(position).ok_or_else(missing))
                    .transpose()
            };
            seq.serialize_element(&StoredEvent {
                landing: *self
                    .seen
                    .get(&Arc::as_ptr(&event.landing))
                    .ok_or_else(missing)?,
                id_then: self.table.find(&event.id_then)?,
                name: self.table.find(&event.name)?,
                kind: *self.kinds.get(&kind).ok_or_else(missing)?,
                before: place(&event.before)?,
                after: place(&event.after)?,
                date: pack_date(event.date),
                seeded: event.seeded,
                case_file: event
                    .case_file
                    .as_deref()
                    .map(|file| self.table.find(file))
                    .transpose()?,
            })?;
        }
        seq.end()
    }
}

#[derive(Serialize, Deserialize)]
struct Stored<T> {
    line: usize,
    value: T,
}

/// An event with its texts as places in the file's one table of strings: 100,000 events name
/// a few thousand ids, teams and titles, and each is read once into one shared copy.
#[derive(Serialize, Deserialize)]
struct StoredEvent {
    landing: usize,
    id_then: u32,
    name: u32,
    kind: u32,
    before: Option<u32>,
    after: Option<u32>,
    /// The day as `year × 512 + month × 32 + day`.
    date: i32,
    seeded: bool,
    case_file: Option<u32>,
}

pub(crate) fn pack_date(date: jiff::civil::Date) -> i32 {
    i32::from(date.year()) * 512 + i32::from(date.month()) * 32 + i32::from(date.day())
}

pub(crate) fn unpack_date(packed: i32) -> Option<jiff::civil::Date> {
    let year = i16::try_from(packed.div_euclid(512)).ok()?;
    let month = i8::try_from(packed.rem_euclid(512) / 32).ok()?;
    let day = i8::try_from(packed.rem_euclid(32)).ok()?;
    jiff::civil::Date::new(year, month, day).ok()
}

/// A position with its texts as places in the table of strings.
#[derive(Serialize, Deserialize)]
struct Place {
    team: u32,
    track: u32,
    level: u32,
    step: u32,
    lead: Option<u32>,
    title: Option<u32>,
    level_id: Option<u32>,
    step_label: Option<u32>,
    grade: Option<u32>,
    roles: Vec<u32>,
    location: Option<u32>,
}

/// The table of strings as it is written: each text once, by first use.
#[derive(Default)]
struct Table<'a> {
    index: HashMap<&'a str, u32>,
    strings: Vec<&'a str>,
    places: Vec<Place>,
    /// Each shared position's place, by the position's address: positions are shared by
    /// value when the history is read or walked, so one address is one position.
    by_position: HashMap<*const Position, u32>,
}

impl<'a> Table<'a> {
    fn add(&mut self, text: &'a str) -> u32 {
        let next = u32::try_from(self.strings.len()).unwrap_or(u32::MAX);
        *self.index.entry(text).or_insert_with(|| {
            self.strings.push(text);
            next
        })
    }

    fn signature(&mut self, signature: &'a super::Signature) {
        self.add(signature.name());
        self.add(signature.email());
    }

    fn signature_out<E: serde::ser::Error>(
        &self,
        signature: &super::Signature,
    ) -> Result<StoredSignatureRef, E> {
        Ok(StoredSignatureRef {
            name: self.find(signature.name())?,
            email: self.find(signature.email())?,
            time: signature.time.parts(),
        })
    }

    /// A text's place, which the first pass added.
    fn find<E: serde::ser::Error>(&self, text: &str) -> Result<u32, E> {
        self.index
            .get(text)
            .copied()
            .ok_or_else(|| E::custom("a text missing from the index's table"))
    }

    /// A position's place, which the first pass added.
    fn find_place(&self, position: &Arc<Position>) -> Option<u32> {
        self.by_position.get(&Arc::as_ptr(position)).copied()
    }

    /// The place of a position in the list of places, added if new.
    fn shared_place(&mut self, position: &'a Arc<Position>) -> u32 {
        if let Some(&known) = self.by_position.get(&Arc::as_ptr(position)) {
            return known;
        }
        let place = self.place(position);
        let index = u32::try_from(self.places.len()).unwrap_or(u32::MAX);
        self.places.push(place);
        self.by_position.insert(Arc::as_ptr(position), index);
        index
    }

    fn place(&mut self, position: &'a Position) -> Place {
        Place {
            team: self.add(&position.team),
            track: self.add(&position.track),
            level: position.level,
            step: position.step,
            lead: position.lead.as_deref().map(|text| self.add(text)),
            title: position.title.as_deref().map(|text| self.add(text)),
            level_id: position.level_id.as_deref().map(|text| self.add(text)),
            step_label: position.step_label.as_deref().map(|text| self.add(text)),
            grade: position.grade,
            roles: position.roles.0.iter().map(|text| self.add(text)).collect(),
            location: position.location.as_deref().map(|text| self.add(text)),
        }
    }
}

/// The table of strings as it is read: one shared copy of each.
struct Shared(Vec<Arc<str>>);

impl Shared {
    fn get(&self, index: u32) -> Option<Arc<str>> {
        self.0.get(usize::try_from(index).ok()?).cloned()
    }

    fn position(&self, place: &Place) -> Option<Position> {
        let optional = |index: Option<u32>| match index {
            Some(index) => self.get(index).map(Some),
            None => Some(None),
        };
        Some(Position {
            team: self.get(place.team)?,
            track: self.get(place.track)?,
            level: place.level,
            step: place.step,
            lead: optional(place.lead)?,
            title: optional(place.title)?,
            level_id: optional(place.level_id)?,
            step_label: optional(place.step_label)?,
            grade: place.grade,
            roles: crate::snapshot::Roles(
                place
                    .roles
                    .iter()
                    .map(|&index| self.get(index))
                    .collect::<Option<_>>()?,
            ),
            location: optional(place.location)?,
        })
    }
}

/// The index file for a ladders folder, inside `folder`.
pub fn path(folder: &Path, dir: &str) -> PathBuf {
    file_for(folder, "history", dir, "idx")
}

/// Reads the index of `repo`: `Ok(None)` when there is none yet, `Err` saying why one cannot be
/// trusted.
pub fn load(file: &Path, dir: &str, repo: &git2::Repository) -> Result<Option<Known>, String> {
    let reader = match std::fs::File::open(file) {
        Ok(reader) => reader,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(format!("cannot read {}: {error}", file.display())),
    };
    let known = read(reader, &file.display().to_string(), dir)?;
    if let Some(&root) = known.line.first() {
        let ours = repo
            .find_commit(root)
            .is_ok_and(|commit| commit.parent_count() == 0);
        if !ours {
            return Err(format!(
                "{} is for another repository (its first commit {root} is not a first commit here)",
                file.display()
            ));
        }
    }
    Ok(Some(known))
}

/// Sets the checksum of a whole index to match the rest, so a fuzzer or a test reaches the
/// checks past it. Too short to hold one: left as it is.
#[doc(hidden)]
pub fn reseal(bytes: &mut [u8]) {
    if let Some(end) = bytes.len().checked_sub(SUM) {
        let sum = crc32fast::hash(&bytes[..end]);
        bytes[end..].copy_from_slice(&sum.to_le_bytes());
    }
}

/// Reads an index from any reader; `name` is how messages name it.
pub fn read(mut reader: impl std::io::Read, name: &str, dir: &str) -> Result<Known, String> {
    let file = name;
    let corrupt = |why: String| format!("{file} is corrupt or truncated ({why})");
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|error| format!("cannot read {file}: {error}"))?;
    if bytes.len() < FORMAT_END || &bytes[..MAGIC.len()] != MAGIC {
        return Err(corrupt("it is not a ladder history index".into()));
    }
    let mut number = [0; 4];
    number.copy_from_slice(&bytes[MAGIC.len()..FORMAT_END]);
    let format = u32::from_le_bytes(number);
    if format != FORMAT {
        return Err(format!(
            "{file} is in format {format}, this ladder writes format {FORMAT}"
        ));
    }
    // Before anything is decoded: a flipped bit, a cut or an overwrite anywhere, format number
    // and identity included, is refused here rather than read as some other history.
    let Some(end) = bytes.len().checked_sub(SUM).filter(|&end| end >= HEADER) else {
        return Err(corrupt("it ends inside its header".into()));
    };
    if crc32fast::hash(&bytes[..end]).to_le_bytes()[..] != bytes[end..] {
        return Err(corrupt("its checksum does not match its content".into()));
    }
    let mut root = [0; 20];
    root.copy_from_slice(&bytes[FORMAT_END..HEADER]);
    let (stored, rest) = postcard::take_from_bytes::<File>(&bytes[HEADER..end])
        .map_err(|error| corrupt(error.to_string()))?;
    if !rest.is_empty() {
        return Err(corrupt("it runs on past its end".into()));
    }
    // The bytes are decoded into owned values: let them go before the events are built.
    drop(bytes);
    if stored.dir != dir {
        return Err(format!(
            "{} is for the folder `{}`, not `{dir}`",
            file, stored.dir
        ));
    }
    let line = stored
        .line
        .iter()
        .map(|id| git2::Oid::from_bytes(id))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| format!("{} names a commit that is not an id", file))?;
    if stored.line.first().copied().unwrap_or_default() != root {
        return Err(corrupt("its header names another first commit".into()));
    }
    let broken = || format!("{} refers past its own line", file);
    if stored.changing.iter().any(|&index| index >= line.len()) {
        return Err(broken());
    }
    let shared = Shared(
        stored
            .strings
            .iter()
            .map(|text| Arc::from(text.as_str()))
            .collect(),
    );
    let mut landings = Vec::with_capacity(stored.landings.len());
    // Each name and email pair once, however many commits it signed.
    let mut people: rustc_hash::FxHashMap<(u32, u32), Arc<super::Who>> =
        rustc_hash::FxHashMap::default();
    for landing in stored.landings {
        let matches = line
            .get(landing.line)
            .is_some_and(|id| landing.value.commit.oid() == Some(*id));
        if !matches {
            return Err(broken());
        }
        let mut signature = |stored: StoredSignature| {
            let key = (stored.name, stored.email);
            let who = match people.get(&key) {
                Some(who) => Arc::clone(who),
                None => {
                    let who = Arc::new(super::Who {
                        name: (*shared.get(stored.name)?).into(),
                        email: (*shared.get(stored.email)?).into(),
                    });
                    people.insert(key, Arc::clone(&who));
                    who
                }
            };
            Some(super::Signature {
                who,
                time: stored
                    .time
                    .map_or(super::SignedAt::NONE, |(seconds, offset)| {
                        super::SignedAt::new(seconds, offset)
                    }),
            })
        };
        let value = landing.value;
        let landing_value = Landing {
            commit: value.commit,
            summary: value.summary.into(),
            author: signature(value.author).ok_or_else(broken)?,
            committer: signature(value.committer).ok_or_else(broken)?,
            pull_request: value.pull_request.and_then(std::num::NonZeroU64::new),
            trailers: value.trailers.into(),
            uncommitted: false,
        };
        landings.push((landing.line, Arc::new(landing_value)));
    }
    let kinds = stored
        .kinds
        .iter()
        .map(|kind| serde_json::from_str::<ChangeKind>(kind).map(Arc::new))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| corrupt(error.to_string()))?;
    let mut events = Vec::with_capacity(stored.events.len());
    let mut at = Vec::with_capacity(stored.events.len());
    // Each stored place becomes one shared position, however many events stand on it.
    let positions = stored
        .places
        .iter()
        .map(|place| shared.position(place).map(Arc::new))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(broken)?;
    let place = |place: Option<u32>| -> Option<Option<Arc<Position>>> {
        match place {
            None => Some(None),
            Some(index) => positions
                .get(usize::try_from(index).ok()?)
                .map(|position| Some(Arc::clone(position))),
        }
    };
    for event in stored.events {
        let (index, landing) = landings.get(event.landing).ok_or_else(broken)?;
        let id_then = shared.get(event.id_then).ok_or_else(broken)?;
        let kind = usize::try_from(event.kind)
            .ok()
            .and_then(|kind| kinds.get(kind));
        at.push(*index);
        events.push(Event {
            person: Arc::clone(&id_then),
            id_then,
            name: shared.get(event.name).ok_or_else(broken)?,
            kind: Arc::clone(kind.ok_or_else(broken)?),
            before: place(event.before).ok_or_else(broken)?,
            after: place(event.after).ok_or_else(broken)?,
            date: unpack_date(event.date)
                .ok_or_else(|| corrupt("a day that is not a date".into()))?,
            seeded: event.seeded,
            case_file: match event.case_file {
                Some(index) => Some(shared.get(index).ok_or_else(broken)?),
                None => None,
            },
            landing: Arc::clone(landing),
        });
    }
    Ok(Known {
        line,
        changing: stored.changing,
        events,
        at,
    })
}

/// Writes the index: to a temporary file beside it, then renamed over it.
pub fn save(file: &Path, dir: &str, known: &Known) -> std::io::Result<()> {
    // First every table the events point into; then the events and landings are written one
    // at a time from them, never held as a second copy of the history.
    let mut table = Table::default();
    let mut landings: Vec<(usize, &Landing)> = Vec::new();
    let mut seen: HashMap<*const Landing, usize> = HashMap::new();
    let mut kinds: Vec<String> = Vec::new();
    let mut kind_index: HashMap<String, u32> = HashMap::new();
    for (index, event) in known.at.iter().zip(&known.events) {
        let key = Arc::as_ptr(&event.landing);
        // Every event of a landing sits at its commit's place in the line.
        if let std::collections::hash_map::Entry::Vacant(slot) = seen.entry(key) {
            let value = &*event.landing;
            table.signature(&value.author);
            table.signature(&value.committer);
            landings.push((*index, value));
            slot.insert(landings.len() - 1);
        }
        let kind = serde_json::to_string(&event.kind).map_err(std::io::Error::other)?;
        if !kind_index.contains_key(&kind) {
            let next = u32::try_from(kinds.len()).unwrap_or(u32::MAX);
            kind_index.insert(kind.clone(), next);
            kinds.push(kind);
        }
        table.add(&event.id_then);
        table.add(&event.name);
        for position in event.before.iter().chain(&event.after) {
            table.shared_place(position);
        }
        if let Some(file) = &event.case_file {
            table.add(file);
        }
    }
    let stored = FileRef {
        dir,
        line: known
            .line
            .iter()
            .map(|id| {
                let mut bytes = [0; 20];
                bytes.copy_from_slice(id.as_bytes());
                bytes
            })
            .collect(),
        changing: &known.changing,
        strings: &table.strings,
        places: &table.places,
        kinds: &kinds,
        landings: LandingsOut {
            landings: &landings,
            table: &table,
        },
        events: EventsOut {
            known,
            table: &table,
            seen: &seen,
            kinds: &kind_index,
        },
    };
    let root = known
        .line
        .first()
        .map(|id| {
            let mut bytes = [0; 20];
            bytes.copy_from_slice(id.as_bytes());
            bytes
        })
        .unwrap_or_default();
    replace_file(file, |out| {
        // The checksum is taken from the buffer's full blocks as they go out, not from each of
        // postcard's few-byte writes.
        let mut out = std::io::BufWriter::new(Summed {
            out,
            sum: crc32fast::Hasher::new(),
        });
        out.write_all(MAGIC)?;
        out.write_all(&FORMAT.to_le_bytes())?;
        out.write_all(&root)?;
        postcard::to_io(&stored, &mut out).map_err(std::io::Error::other)?;
        let Summed { mut out, sum } = out.into_inner().map_err(|error| error.into_error())?;
        out.write_all(&sum.finalize().to_le_bytes())?;
        Ok(out)
    })?;
    // Earlier ladders kept the index as JSON beside it; nothing reads that any more.
    let _ = std::fs::remove_file(file.with_extension("json"));
    Ok(())
}

/// A writer that keeps the CRC-32 of what it has written.
struct Summed<W> {
    out: W,
    sum: crc32fast::Hasher,
}

impl<W: std::io::Write> std::io::Write for Summed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.out.write(buf)?;
        self.sum.update(&buf[..written]);
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}
