//! `ladder propose`: reads the folder, asks the library for the proposal, and then writes it
//! (atomically, file by file) or, with `--pr`, commits it on a new branch and opens the pull
//! request through GitHub's API. Nothing is written when the proposal is refused.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use ladder::check::check_snapshot;
use ladder::finding::{Counts, plural};
use ladder::policy::Author;
use ladder::propose::{self, Change, Context, Files, Hire, Move, Proposal, Request, StepArg};
use ladder::snapshot::{Snapshot, load_dir, load_rev};

use crate::cli::{ColorChoice, ProposeArgs};

mod ask;

const WRITTEN: u8 = 0;
const REFUSED: u8 = 1;
const USAGE: u8 = 2;
const FAILING: u8 = 3;

/// What the command says and how it exits.
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub code: u8,
}

impl Outcome {
    /// Prints what the command says and gives its exit code.
    pub fn report(self) -> Result<u8, super::Failure> {
        super::print(&self.stdout)?;
        if !self.stderr.is_empty() {
            std::io::stderr().lock().write_all(self.stderr.as_bytes())?;
        }
        Ok(self.code)
    }
}

struct Fail {
    code: u8,
    message: String,
}

fn usage(message: impl Into<String>) -> Fail {
    Fail {
        code: USAGE,
        message: message.into(),
    }
}

fn failing(message: impl Into<String>) -> Fail {
    Fail {
        code: FAILING,
        message: message.into(),
    }
}

pub fn run(args: &ProposeArgs) -> Outcome {
    match propose_command(args) {
        Ok(outcome) => outcome,
        Err(fail) => Outcome {
            stdout: String::new(),
            stderr: format!("error: {}\n", fail.message),
            code: fail.code,
        },
    }
}

/// The requests the flags or the batch name; `None` when they name no change.
fn requests(args: &ProposeArgs) -> Result<Option<Vec<Request>>, Fail> {
    let step = |text: &Option<String>| {
        text.as_deref()
            .map(StepArg::parse)
            .transpose()
            .map_err(|error| usage(error.0))
    };
    if let Some(file) = &args.from {
        let shown = file.display().to_string();
        let text = std::fs::read_to_string(file)
            .map_err(|error| usage(format!("cannot read {shown}: {error}")))?;
        return propose::batch::read(&text, &shown)
            .map(Some)
            .map_err(|error| usage(error.0));
    }
    let change = if args.hire {
        Change::Hire(Hire {
            id: None,
            name: args.name.clone().unwrap_or_default(),
            team: args.team.clone().unwrap_or_default(),
            track: args.track.clone(),
            level: args.level.clone().unwrap_or_default(),
            step: step(&args.step)?,
            lead: args.lead.clone(),
            github: args.github.clone(),
        })
    } else if args.leave {
        Change::Leave
    } else {
        let change = Move {
            level: args.level.clone(),
            step: step(&args.step)?,
            track: args.track.clone(),
            grade_keeping: args.grade_keeping,
            team: args.team.clone(),
            lead: args.lead.clone(),
            role: args.role.as_deref().map(propose::role_arg),
        };
        if change == Move::default() {
            return Ok(None);
        }
        Change::Move(change)
    };
    Ok(Some(vec![Request {
        person: args.person.clone(),
        change,
        reason: args.reason.clone(),
    }]))
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// What `ladder propose` says when no change is named and nobody is there to ask.
const NAME_THE_CHANGE: &str = "name the change: --level, --step, --track, --team, --lead, --role, --hire or --leave, or a batch with --from FILE; run it in a terminal to choose interactively";

/// The folder as it stands, refused when it has errors already, as its files.
fn read_before(args: &ProposeArgs) -> Result<(String, Snapshot, Files), Fail> {
    let root = args.dir.to_string_lossy().to_string();
    let before = load_dir(&args.dir, &root).map_err(|error| usage(error.to_string()))?;
    let errors = Counts::of(&check_snapshot(&before)).errors;
    if errors > 0 {
        return Err(Fail {
            code: REFUSED,
            message: format!(
                "{root} has {} before any change: `ladder check` shows {}; nothing was written",
                plural(errors, "error"),
                if errors == 1 { "it" } else { "them" }
            ),
        });
    }
    let files = propose::files_of(&before);
    Ok((root, before, files))
}

fn context(args: &ProposeArgs) -> Context {
    let author = args.author.as_ref().map(|login| Author {
        login: Some(login.trim_start_matches('@').to_string()),
        ..Author::default()
    });
    Context {
        date: date(args),
        template: std::fs::read_to_string(args.dir.join("cases/.template.md")).ok(),
        author,
    }
}

fn date(args: &ProposeArgs) -> jiff::civil::Date {
    args.date
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date())
}

fn propose_command(args: &ProposeArgs) -> Result<Outcome, Fail> {
    let Some(requests) = requests(args)? else {
        // Asked only of someone at a terminal: a script gets the flags it can pass.
        if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() {
            return ask::interactive(args);
        }
        return Err(usage(NAME_THE_CHANGE));
    };
    let (root, _, files) = read_before(args)?;
    let mut proposal = propose::propose(&root, &files, &requests, &context(args))
        .map_err(|error| usage(error.0))?;
    let notes = add_pace(args, &mut proposal);
    let mut outcome = finish(args, &root, &files, &proposal, false)?;
    outcome.stderr.insert_str(0, &notes);
    Ok(outcome)
}

/// The pace of the leads the proposal touches, as `ladder diff` adds it, from the history at
/// HEAD, when the folder is in a repository with commits; what the history index says, for
/// stderr. A folder outside git has no history to pace.
fn add_pace(args: &ProposeArgs, proposal: &mut Proposal) -> String {
    let Ok((repo, prefix)) = repository(args) else {
        return String::new();
    };
    if repo.head().and_then(|head| head.peel_to_commit()).is_err() {
        return String::new();
    }
    let index = ladder::repository::index_folder(&repo, None, true);
    match ladder::review::add_pace(
        &mut proposal.review,
        &repo,
        "HEAD",
        &prefix,
        date(args),
        index.as_deref(),
    ) {
        Ok(notes) => notes
            .iter()
            .map(|note| format!("ladder: {note}\n"))
            .collect(),
        Err(error) => format!("ladder: pace is not shown: {error}\n"),
    }
}

/// Writes the proposal judged (or opens its pull request), or says why not; `shown` when the
/// proposal was printed already, so only what was done is said.
fn finish(
    args: &ProposeArgs,
    root: &str,
    files: &Files,
    proposal: &Proposal,
    shown: bool,
) -> Result<Outcome, Fail> {
    let color = use_color(args.color);
    let render = |lines: &[String]| {
        if shown {
            lines.iter().map(|line| format!("{line}\n")).collect()
        } else {
            propose::words::render(proposal, lines, color)
        }
    };
    if proposal.refused() {
        let errors = Counts::of(&proposal.review.findings).errors;
        let mut text = render(&[]);
        text.push_str(&format!(
            "\nrefused ({}): nothing was written\n",
            plural(errors, "error")
        ));
        return Ok(Outcome {
            stdout: text,
            stderr: String::new(),
            code: REFUSED,
        });
    }
    let shown_path = |rel: &str| ladder::snapshot::display_path(root, rel);
    let lines = |verb: &str, removed: &str| -> Vec<String> {
        proposal
            .parts
            .iter()
            .flat_map(|part| &part.files)
            .map(|(rel, text)| match text {
                Some(_) => format!("{verb} {}", shown_path(rel)),
                None => format!("{removed} {}", shown_path(rel)),
            })
            .collect()
    };
    if args.dry_run {
        let mut text = render(&lines("would write", "would remove"));
        text.push_str("\ndry run: nothing was written\n");
        return Ok(Outcome {
            stdout: text,
            stderr: String::new(),
            code: WRITTEN,
        });
    }
    if args.pr {
        return pull_request(args, proposal, files, &render(&[]));
    }
    write_all(&args.dir, proposal)?;
    let mut text = render(&lines("wrote", "removed"));
    if proposal.parts.iter().any(|part| part.case.is_some()) {
        text.push_str("\nthe case file holds the front matter; the evidence is yours to write\n");
    }
    text.push_str(
        "\nnext: `ladder diff HEAD` to see it as the pull request will, then commit and push (or run again with --pr)\n",
    );
    Ok(Outcome {
        stdout: text,
        stderr: String::new(),
        code: WRITTEN,
    })
}

/// Writes every file beside its target and renames them into place once all are written, so
/// a failure leaves the folder as it was; removals come last.
fn write_all(dir: &Path, proposal: &Proposal) -> Result<(), Fail> {
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut removed: Vec<PathBuf> = Vec::new();
    let cleanup = |staged: &[(PathBuf, PathBuf)]| {
        for (temp, _) in staged {
            let _ = std::fs::remove_file(temp);
        }
    };
    for (rel, text) in proposal.parts.iter().flat_map(|part| &part.files) {
        let target = dir.join(rel);
        let Some(text) = text else {
            removed.push(target);
            continue;
        };
        let folder = target.parent().unwrap_or(dir).to_path_buf();
        let name = target
            .file_name()
            .map_or_else(String::new, |name| name.to_string_lossy().to_string());
        let temp = folder.join(format!(".{name}.ladder-{}", std::process::id()));
        let written = std::fs::create_dir_all(&folder).and_then(|()| std::fs::write(&temp, text));
        if let Err(error) = written {
            cleanup(&staged);
            let _ = std::fs::remove_file(&temp);
            return Err(usage(format!(
                "cannot write {}: {error}; nothing was written",
                target.display()
            )));
        }
        staged.push((temp, target));
    }
    for (temp, target) in &staged {
        std::fs::rename(temp, target)
            .map_err(|error| usage(format!("cannot write {}: {error}", target.display())))?;
    }
    for target in removed {
        std::fs::remove_file(&target)
            .map_err(|error| usage(format!("cannot remove {}: {error}", target.display())))?;
    }
    Ok(())
}

/// The token: GITHUB_TOKEN, else what `gh auth token` prints when gh is installed.
fn token() -> Option<String> {
    if let Some(token) = std::env::var("GITHUB_TOKEN")
        .ok()
        .filter(|token| !token.trim().is_empty())
    {
        return Some(token.trim().to_string());
    }
    let output = std::process::Command::new("gh")
        .args(["auth", "token"])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let token = String::from_utf8(output.stdout).ok()?.trim().to_string();
    (output.status.success() && !token.is_empty()).then_some(token)
}

/// `owner/name` from a GitHub remote's URL: https, ssh or scp-like.
fn slug_of(url: &str) -> Option<String> {
    let path = url
        .trim_end_matches('/')
        .trim_end_matches(".git")
        .rsplit([':', '/'])
        .take(2)
        .collect::<Vec<_>>();
    match path.as_slice() {
        [name, owner] if !name.is_empty() && !owner.is_empty() && !owner.contains('@') => {
            Some(format!("{owner}/{name}"))
        }
        _ => None,
    }
}

/// The git repository holding the folder, and the folder's path inside it.
fn repository(args: &ProposeArgs) -> Result<(git2::Repository, String), Fail> {
    let repo = match &args.repo {
        Some(path) => git2::Repository::open(path),
        None => git2::Repository::discover(&args.dir),
    }
    .map_err(|error| {
        usage(format!(
            "cannot open the git repository: {}",
            error.message()
        ))
    })?;
    let workdir = repo
        .workdir()
        .ok_or_else(|| usage("a bare repository has no work tree to propose from"))?;
    let canonical =
        |path: &Path| std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let prefix = canonical(&args.dir)
        .strip_prefix(canonical(workdir))
        .map(|path| path.to_string_lossy().replace('\\', "/"))
        .map_err(|_| {
            usage(format!(
                "{} is not inside the repository",
                args.dir.display()
            ))
        })?;
    Ok((repo, prefix))
}

/// `said`: the proposal in words, printed before what was done (empty when it was shown).
fn pull_request(
    args: &ProposeArgs,
    proposal: &Proposal,
    files: &Files,
    said: &str,
) -> Result<Outcome, Fail> {
    let (repo, prefix) = repository(args)?;
    let head = repo
        .head()
        .and_then(|head| head.peel_to_commit())
        .map_err(|error| usage(format!("no commit to propose on: {}", error.message())))?;
    // The commit is HEAD plus the proposal: edits not committed yet would be judged but left out.
    let at_head = load_rev(&repo, "HEAD", &prefix).map_err(|error| usage(error.to_string()))?;
    if propose::files_of(&at_head) != *files {
        return Err(usage(format!(
            "{} has changes not committed at HEAD: --pr proposes on top of HEAD, so commit or stash them first",
            args.dir.display()
        )));
    }
    let base = match &args.base {
        Some(base) => base.clone(),
        None => repo
            .head()
            .ok()
            .filter(git2::Reference::is_branch)
            .and_then(|head| head.shorthand().ok().map(str::to_string))
            .ok_or_else(|| {
                usage("HEAD is not on a branch: name the pull request's base with --base")
            })?,
    };
    let branch = args
        .branch
        .clone()
        .unwrap_or_else(|| proposal.branch(date(args)));
    let token = token();
    let repository = match (&token, &args.github_repo) {
        (_, Some(slug)) => Some(slug.clone()),
        (None, None) => None,
        (Some(_), None) => Some(
            std::env::var("GITHUB_REPOSITORY")
                .ok()
                .filter(|slug| slug.contains('/'))
                .or_else(|| {
                    repo.find_remote("origin")
                        .ok()
                        .and_then(|remote| remote.url().ok().and_then(slug_of))
                })
                .ok_or_else(|| {
                    usage("which GitHub repository? name it with --github-repo OWNER/NAME (no origin remote to read it from)")
                })?,
        ),
    };
    let commits: Vec<(String, Vec<propose::git::FileChange>)> = proposal
        .parts
        .iter()
        .map(|part| (proposal.message(part), part.files.clone()))
        .collect();
    let made = propose::git::commit_branch(&repo, head.id(), &branch, &prefix, &commits)
        .map_err(|error| failing(error.to_string()))?;
    let mut text = said.to_string();
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(&format!(
        "committed on branch {branch} ({}, on {base})\n",
        plural(made.len(), "commit")
    ));
    let title = proposal.title();
    let mut body = ladder::report::review::render_markdown(&proposal.review);
    body.push_str("Opened with `ladder propose`.\n");
    let (Some(token), Some(repository)) = (token, repository) else {
        let folder = repo.path().join("ladder");
        let body_file = folder.join(format!("{}.md", branch.replace('/', "-")));
        let _ = std::fs::create_dir_all(&folder).and_then(|()| std::fs::write(&body_file, &body));
        text.push_str(&format!(
            "no GitHub token (GITHUB_TOKEN, or `gh auth token`): nothing was pushed. To push it and open the pull request:\n  git push origin {branch}\n  gh pr create --base {base} --head {branch} --title {} --body-file {}\n",
            shell_quote(&title),
            shell_quote(&body_file.display().to_string())
        ));
        return Ok(Outcome {
            stdout: text,
            stderr: String::new(),
            code: WRITTEN,
        });
    };
    let (logins, teams) = propose::words::reviewers(proposal, args.author.as_deref());
    let api_url =
        std::env::var("GITHUB_API_URL").unwrap_or_else(|_| "https://api.github.com".to_string());
    let publication = ladder::github::publish::Publication {
        api_url: &api_url,
        repository: &repository,
        branch: &branch,
        base: &base,
        title: &title,
        body: &body,
        commits: &made,
        logins: &logins,
        teams: &teams,
    };
    match ladder::github::publish::publish(
        &publication,
        token,
        ladder::github::api::Budget::default(),
    ) {
        Ok(pull) => {
            text.push_str(&format!(
                "opened pull request #{}: {}\n",
                pull.number, pull.html_url
            ));
            if !logins.is_empty() || !teams.is_empty() {
                let asked: Vec<String> = logins
                    .iter()
                    .map(|login| format!("@{login}"))
                    .chain(teams.iter().map(|team| format!("team {team}")))
                    .collect();
                text.push_str(&format!("asked to review: {}\n", asked.join(", ")));
            }
            Ok(Outcome {
                stdout: text,
                stderr: String::new(),
                code: WRITTEN,
            })
        }
        Err(error) => {
            let _ = propose::git::delete_branch(&repo, &branch);
            let hint = if error.status() == Some(422) {
                format!(
                    " (a branch {branch} may exist on GitHub already: delete it or name another with --branch)"
                )
            } else {
                String::new()
            };
            Err(failing(format!(
                "{error}{hint}; the pull request was not opened and nothing of it is left, on GitHub or in the local branch {branch}"
            )))
        }
    }
}

/// A word for a POSIX shell, in single quotes.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remote_names_its_repository() {
        for url in [
            "https://github.com/acme/ladder.git",
            "git@github.com:acme/ladder.git",
            "ssh://git@github.com/acme/ladder",
        ] {
            assert_eq!(slug_of(url).as_deref(), Some("acme/ladder"), "{url}");
        }
        assert_eq!(slug_of("ladder"), None);
    }
}
