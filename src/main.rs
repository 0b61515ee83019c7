//! The `ladder` binary: parses arguments, runs one command (`commands`), and maps the outcome to
//! an exit code: 0 clean, 1 findings at error level, 2 bad usage or unreadable input, 3 git or
//! GitHub failing.

mod cli;
mod commands;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

// jemalloc, set in .cargo/config.toml to give freed memory back at once: glibc keeps what the
// history walk's parser frees of the reader's allocations.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli.command) {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            let (code, message) = failure.exit();
            if let Some(message) = message {
                // Nothing more can be said if stderr is gone too.
                let _ = writeln!(std::io::stderr().lock(), "error: {message}");
            }
            ExitCode::from(code)
        }
    }
}
