//! `ladder man`: manual pages.

use super::{Failure, print};
use crate::cli::{Cli, ManArgs};

pub fn run(args: &ManArgs) -> Result<u8, Failure> {
    let mut command = <Cli as clap::CommandFactory>::command();
    command.build();
    let command = match &args.command {
        None => command,
        Some(name) => {
            let names: Vec<String> = command
                .get_subcommands()
                .map(|sub| sub.get_name().to_string())
                .collect();
            command.find_subcommand(name).cloned().ok_or_else(|| {
                Failure::Usage(format!(
                    "`{name}` is not a command: expected one of {}",
                    names.join(", ")
                ))
            })?
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut out)
        .map_err(|error| Failure::Usage(format!("cannot render the manual page: {error}")))?;
    print(&String::from_utf8_lossy(&out))?;
    Ok(0)
}
