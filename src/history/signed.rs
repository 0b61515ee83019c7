//! When someone signed a commit, kept as numbers: a history holds two of these per change, and
//! as text they took four times the memory.

use serde::{Deserialize, Serialize};

/// The instant a commit was authored or committed, with the offset its signer wrote it in.
/// Written as RFC 3339 text, e.g. `2026-03-02T10:15:00+01:00`; empty for a change no commit
/// holds yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SignedAt {
    seconds: i64,
    offset_minutes: i32,
    known: bool,
}

impl SignedAt {
    /// No time: a change not yet committed.
    pub const NONE: SignedAt = SignedAt {
        seconds: 0,
        offset_minutes: 0,
        known: false,
    };

    pub fn new(seconds: i64, offset_minutes: i32) -> Self {
        Self {
            seconds,
            offset_minutes,
            known: true,
        }
    }

    /// The time in the signer's offset.
    pub fn zoned(&self) -> Option<jiff::ZonedDateTime> {
        self.known.then(|| zoned(self.seconds, self.offset_minutes))
    }

    /// Seconds since the epoch and the offset in minutes, as stored in the history index.
    pub fn parts(&self) -> Option<(i64, i32)> {
        self.known.then_some((self.seconds, self.offset_minutes))
    }
}

/// A signer's seconds and offset as a time in that offset (the epoch, or UTC, where the
/// commit's numbers are out of range, as git shows them).
pub(super) fn zoned(seconds: i64, offset_minutes: i32) -> jiff::ZonedDateTime {
    let offset = jiff::tz::Offset::from_seconds(offset_minutes.saturating_mul(60))
        .unwrap_or(jiff::tz::Offset::UTC);
    jiff::Timestamp::from_second(seconds)
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
        .to_zoned_datetime(jiff::tz::TimeZone::fixed(offset))
}

const FORMAT: &str = "%Y-%m-%dT%H:%M:%S%:z";

impl std::fmt::Display for SignedAt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.zoned() {
            Some(zoned) => write!(f, "{}", zoned.strftime(FORMAT)),
            None => Ok(()),
        }
    }
}

impl std::str::FromStr for SignedAt {
    type Err = jiff::Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.is_empty() {
            return Ok(Self::NONE);
        }
        let parsed = jiff::fmt::strtime::parse(FORMAT, text)?;
        let offset = parsed
            .offset()
            .ok_or_else(|| jiff::Error::from_args(format_args!("no offset in {text:?}")))?;
        Ok(Self::new(
            parsed.to_timestamp()?.as_second(),
            offset.seconds() / 60,
        ))
    }
}

impl Serialize for SignedAt {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SignedAt {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::SignedAt;

    #[test]
    fn a_time_reads_back_as_it_was_written() -> Result<(), jiff::Error> {
        for (seconds, offset, text) in [
            (1_700_000_000, 60, "2023-11-14T23:13:20+01:00"),
            (86_400, -330, "1970-01-01T18:30:00-05:30"),
            (0, 0, "1970-01-01T00:00:00+00:00"),
        ] {
            let signed = SignedAt::new(seconds, offset);
            assert_eq!(signed.to_string(), text);
            assert_eq!(text.parse::<SignedAt>()?, signed);
        }
        assert_eq!(SignedAt::NONE.to_string(), "");
        assert_eq!("".parse::<SignedAt>()?, SignedAt::NONE);
        assert!("2023-11-14".parse::<SignedAt>().is_err());
        Ok(())
    }
}
