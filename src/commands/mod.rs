//! One file per command: each parses nothing (clap does, in `cli`) and returns what to print
//! and the exit code; `main` only dispatches.

pub mod propose;
