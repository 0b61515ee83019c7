//! One file per command: each takes its parsed arguments and returns the exit code, printing
//! its own report.

pub mod import;
