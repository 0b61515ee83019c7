#![expect(
    clippy::print_stderr,
    reason = "commands tell the user about notes and failures on stderr"
)]

//! One file per command, as jj keeps them: each takes its parsed arguments (clap parses, in
//! `cli`) and returns its exit code after printing its report, or a [`Failure`] of a typed kind.
//! The kinds map to exit codes here and nowhere else. What several commands share (opening the
//! repository, reading a folder or a revision, reading history with a progress bar) lives here.

use std::io::{IsTerminal, Write};

use ladder::check::check_snapshot;
use ladder::finding::Counts;
use ladder::history::{History, read_history_with};
use ladder::snapshot::{LoadError, Snapshot, load_dir, load_dir_only, load_rev, open_rev};

use crate::cli::{ColorChoice, Command, HistoryArgs, IndexArgs, Source};

mod calibrate;
mod check;
mod ci;
mod compare;
mod completions;
mod diff;
mod export;
mod import;
mod init;
mod log;
mod man;
mod pace;
pub mod propose;
mod render;
mod schema;
mod show;
mod summary;

/// Exit code: findings at error level, or a tree too broken to use.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: bad usage or unreadable input.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: git or GitHub failing.
pub const EXIT_FAILING: u8 = 3;

/// Why a command stopped, by kind.
pub enum Failure {
    /// The reader went away (`ladder check | head`): not an error.
    ClosedPipe,
    /// Bad arguments, or input that cannot be read.
    Usage(String),
    /// The tree has errors, so what would be made from it would be wrong.
    Invalid(String),
    /// git or GitHub failed.
    Failing(String),
}

impl Failure {
    /// The exit code for this kind, and what to say on stderr.
    pub fn exit(self) -> (u8, Option<String>) {
        match self {
            Failure::ClosedPipe => (0, None),
            Failure::Usage(message) => (EXIT_USAGE, Some(message)),
            Failure::Invalid(message) => (EXIT_FINDINGS, Some(message)),
            Failure::Failing(message) => (EXIT_FAILING, Some(message)),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Failure {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            Failure::ClosedPipe
        } else {
            Failure::Usage(format!("cannot write the report: {error}"))
        }
    }
}

impl From<LoadError> for Failure {
    fn from(error: LoadError) -> Failure {
        Failure::Usage(error.to_string())
    }
}

/// Runs one command.
pub fn run(command: Command) -> Result<u8, Failure> {
    match command {
        Command::Check(args) => check::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Propose(args) => propose::run(&args).report(),
        Command::Import(args) => import::run(&args).map_err(Failure::Usage),
        Command::Log(args) => log::run(&args),
        Command::Show(args) => show::run(&args),
        Command::Pace(args) => pace::run(&args),
        Command::Ci(args) => ci::run(&args),
        Command::Compare(args) => compare::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Calibrate(args) => calibrate::run(&args),
        Command::Summary(args) => summary::run(&args),
        Command::Render(args) => render::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(&args),
    }
}

/// Export and the site show the tree as fact: from a tree with errors they would show a wrong
/// one (a teammate left out whose file is unreadable, a lead line that loops), so they refuse.
pub fn refuse_errors(snapshot: &Snapshot, making: &str) -> Result<(), Failure> {
    let errors = Counts::of(&check_snapshot(snapshot)).errors;
    if errors == 0 {
        return Ok(());
    }
    Err(Failure::Invalid(format!(
        "{} has {errors} error{}: no {making} was written; `ladder check` shows {}",
        snapshot.root,
        if errors == 1 { "" } else { "s" },
        if errors == 1 { "it" } else { "them" }
    )))
}

pub fn print(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

pub fn open_repo(path: Option<&std::path::Path>) -> Result<git2::Repository, Failure> {
    match path {
        Some(path) => git2::Repository::open(path),
        None => git2::Repository::discover("."),
    }
    .map_err(|source| {
        let path = path.map_or_else(|| ".".into(), |path| path.display().to_string());
        Failure::from(LoadError::Repository { path, source })
    })
}

/// The history index's folder: `--cache`, else `ladder/` in the git directory; none with
/// `--no-cache`.
pub fn index_folder(repo: &git2::Repository, args: &IndexArgs) -> Option<std::path::PathBuf> {
    ladder::repository::index_folder(repo, args.cache.as_deref(), !args.no_cache)
}

pub fn load(source: &Source) -> Result<Snapshot, Failure> {
    let dir = source.dir.to_string_lossy().to_string();
    let Some(rev) = &source.rev else {
        return Ok(load_dir(&source.dir, &dir)?);
    };
    let repo = open_repo(source.repo.as_deref())?;
    Ok(load_rev(&repo, rev, &dir)?)
}

/// framework.yml, and with `teams` the team files, from the work tree or `--rev`: for a
/// command about the framework alone, whose cost and output must not depend on the placements.
pub fn load_framework(source: &Source, teams: bool) -> Result<Snapshot, Failure> {
    let dir = source.dir.to_string_lossy().to_string();
    let Some(rev) = &source.rev else {
        return Ok(ladder::snapshot::load_dir_framework(
            &source.dir,
            &dir,
            teams,
        )?);
    };
    let repo = open_repo(source.repo.as_deref())?;
    Ok(open_rev(&repo, rev, &dir)?.load_framework(teams)?)
}

/// Reads history once, with a progress bar on stderr when it is a terminal.
pub fn load_history(args: &HistoryArgs) -> Result<(git2::Repository, History), Failure> {
    let repo = open_repo(args.repo.as_deref())?;
    let dir = args.dir.to_string_lossy().to_string();
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("reading history {bar:30} {pos}/{len} commits")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let mut progress = |done: usize, total: usize| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    };
    let index = index_folder(&repo, &args.index);
    let history = read_history_with(&repo, revision(args), &dir, index.as_deref(), &mut progress)?;
    for note in &history.notes {
        eprintln!("ladder: {note}");
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if let Some(missing) = &history.shallow {
        eprintln!("ladder: warning: {missing}");
    }
    Ok((repo, history))
}

// One rule for every command that reads the ladder: the work tree by default, `--rev` for a
// revision. History commands read HEAD's history and add the work tree's changes as events
// marked "not committed yet"; those that judge committed history alone say so on stderr.

/// The revision whose history is read: `--rev`, else HEAD.
pub fn revision(args: &HistoryArgs) -> &str {
    args.rev.as_deref().unwrap_or("HEAD")
}

/// Where the ladder was read, as messages say it: "in the work tree" or "at REV".
pub fn read_at(args: &HistoryArgs) -> String {
    read_at_rev(args.rev.as_deref())
}

/// [`read_at`] from `--rev` alone.
pub fn read_at_rev(rev: Option<&str>) -> String {
    match rev {
        Some(rev) => format!("at {rev}"),
        None => "in the work tree".into(),
    }
}

/// The folder in the work tree: `--dir` inside the repository's work tree.
fn work_folder(repo: &git2::Repository, args: &HistoryArgs) -> Result<std::path::PathBuf, Failure> {
    let root = repo.workdir().ok_or_else(|| {
        Failure::Usage("a bare repository has no work tree: name a revision with --rev".into())
    })?;
    Ok(root.join(&args.dir))
}

/// The ladder as it stands: the work tree's folder, or the tree at `--rev`.
pub fn load_current(repo: &git2::Repository, args: &HistoryArgs) -> Result<Snapshot, Failure> {
    let dir = args.dir.to_string_lossy().to_string();
    match &args.rev {
        Some(rev) => Ok(load_rev(repo, rev, &dir)?),
        None => Ok(load_dir(&work_folder(repo, args)?, &dir)?),
    }
}

/// The framework, the teams and the placements of `ids` as they stand, the rest unread.
pub fn load_current_only(
    repo: &git2::Repository,
    args: &HistoryArgs,
    ids: &[&str],
) -> Result<Snapshot, Failure> {
    let dir = args.dir.to_string_lossy().to_string();
    let Some(rev) = &args.rev else {
        return Ok(load_dir_only(&work_folder(repo, args)?, &dir, ids)?);
    };
    let tree = open_rev(repo, rev, &dir)?;
    let own: Vec<(String, git2::Oid)> = tree
        .person_paths()?
        .into_iter()
        .filter(|(id, _, _)| ids.contains(&id.as_str()))
        .map(|(_, rel, blob)| (rel, blob))
        .collect();
    Ok(tree.load_files(&own)?)
}

/// The history up to `--rev`; without it, HEAD's history with the work tree's changes after it
/// as events marked "not committed yet", dated today.
pub fn load_history_with_work(args: &HistoryArgs) -> Result<(git2::Repository, History), Failure> {
    let (repo, mut history) = load_history(args)?;
    if args.rev.is_none() {
        let dir = args.dir.to_string_lossy().to_string();
        let today = jiff::ZonedDateTime::now().date();
        let work = ladder::history::uncommitted(&repo, &dir, today, true)?;
        history.add_uncommitted(work.events);
    }
    Ok((repo, history))
}

/// For a command that reads committed history only: one sentence on stderr when the work tree
/// holds changes under the folder that it leaves out.
pub fn say_reads_head(
    repo: &git2::Repository,
    args: &HistoryArgs,
    what: &str,
) -> Result<(), Failure> {
    if args.rev.is_some() {
        return Ok(());
    }
    let dir = args.dir.to_string_lossy().to_string();
    let today = jiff::ZonedDateTime::now().date();
    let work = ladder::history::uncommitted(repo, &dir, today, false)?;
    if !work.files.is_empty() {
        eprintln!(
            "ladder: {what} reads HEAD, so it leaves out {} under {}/ not committed yet",
            ladder::finding::plural(work.files.len(), "changed file"),
            dir.trim_end_matches('/'),
        );
    }
    Ok(())
}
