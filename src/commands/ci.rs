//! `ladder ci`: the GitHub Action's entry, run on the runner's environment. Warnings go to
//! stderr and, as workflow commands, to the log.

use super::{Failure, print};
use crate::cli::{CiArgs, FailOnArg};

pub fn run(args: &CiArgs) -> Result<u8, Failure> {
    use ladder::github::ci::{CiError, CiSettings, FailOn, run_ci};
    let settings = CiSettings {
        dir: args.dir.clone(),
        fail_on: match args.fail_on {
            FailOnArg::Error => FailOn::Error,
            FailOnArg::Warning => FailOn::Warning,
            FailOnArg::Never => FailOn::Never,
        },
        comment: args.comment,
        ignore_stale_approvals: args.ignore_stale_approvals,
        budget: ladder::github::api::Budget {
            timeout: std::time::Duration::from_secs(args.github_timeout),
            ..ladder::github::api::Budget::default()
        },
        use_index: !args.index.no_cache,
        index: args.index.cache.clone(),
    };
    let var = |name: &str| std::env::var(name).ok();
    match run_ci(&var, &settings) {
        Ok(outcome) => {
            let mut text = String::new();
            for warning in &outcome.warnings {
                eprintln!("warning: {warning}");
                text.push_str(&format!(
                    "::warning::{}\n",
                    ladder::github::workflow::escape_data(warning)
                ));
            }
            text.push_str(&outcome.stdout);
            match print(&text) {
                Ok(()) | Err(Failure::ClosedPipe) => Ok(outcome.exit),
                Err(other) => Err(other),
            }
        }
        Err(error @ (CiError::GitHub(_) | CiError::Load(_) | CiError::HeadMissing { .. })) => {
            Err(Failure::Failing(error.to_string()))
        }
        Err(error) => Err(Failure::Usage(error.to_string())),
    }
}
