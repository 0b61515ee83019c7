//! The fuzz targets' bodies: the same file is compiled into the AFL binaries here and into the
//! crate's test that replays every kept input (tests/fuzz.rs), so what is fuzzed is what ships.

#[path = "../targets.rs"]
pub mod targets;
