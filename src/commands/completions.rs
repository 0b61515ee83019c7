//! `ladder completions`: shell completions.

use super::{Failure, print};
use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: &CompletionsArgs) -> Result<u8, Failure> {
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "ladder", &mut out);
    print(&String::from_utf8_lossy(&out))?;
    Ok(0)
}
