//! `ladder ci`: the GitHub Action's entry, run on the runner's environment. Warnings go to
//! stderr and, as workflow commands, to the log. With `--dry-run`, the same check of the current
//! branch on this machine: the comment on stdout, the rest on stderr, and no token read.

use super::{Failure, open_repo, print};
use crate::cli::{CiArgs, FailOnArg};
use ladder::github::ci::{CiError, CiSettings, FailOn, run_ci};

pub fn run(args: &CiArgs) -> Result<u8, Failure> {
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
    if args.dry_run {
        return rehearse(args, &settings);
    }
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
        Err(error) => Err(failure(error)),
    }
}

/// The exit codes of `ladder ci`: git or GitHub failing is 3, the rest (the environment, the
/// event) is bad input.
fn failure(error: CiError) -> Failure {
    match error {
        CiError::GitHub(_) | CiError::Load(_) | CiError::HeadMissing { .. } => {
            Failure::Failing(error.to_string())
        }
        _ => Failure::Usage(error.to_string()),
    }
}

/// `--dry-run`: the comment `ladder ci` would post on stdout, so it can be piped or saved; what
/// it would set and why on stderr.
fn rehearse(args: &CiArgs, settings: &CiSettings) -> Result<u8, Failure> {
    let repo = open_repo(None)?;
    let rehearsal = ladder::github::rehearse::rehearse(
        repo,
        args.base.as_deref(),
        args.author.as_deref(),
        settings,
    )
    .map_err(failure)?;
    if let Some(comment) = &rehearsal.comment {
        match print(comment) {
            Ok(()) | Err(Failure::ClosedPipe) => {}
            Err(other) => return Err(other),
        }
    }
    for warning in &rehearsal.warnings {
        eprintln!("warning: {warning}");
    }
    let (state, description) = &rehearsal.status;
    eprintln!(
        "ladder ci --dry-run: HEAD against {}: the `ladder` status would be {state} ({description}); {}, nothing was sent",
        rehearsal.base_branch,
        if rehearsal.comment.is_some() {
            "the comment it would post is above"
        } else {
            "no comment"
        }
    );
    Ok(rehearsal.exit)
}
