#![expect(
    clippy::print_stderr,
    reason = "the binary reports usage errors on stderr"
)]

//! The `ladder` binary: parses arguments, runs one command, prints its report and maps the result
//! to an exit code (0 clean, 1 findings at error level, 2 bad usage or unreadable input).

mod cli;
mod commands;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use ladder::check::check_snapshot;
use ladder::finding::Counts;
use ladder::policy::Author;
use ladder::report;
use ladder::review::{Head, add_pace, review};
use ladder::snapshot::{LoadError, Snapshot, load_dir, load_rev, open_rev};

use cli::{
    CheckArgs, CiArgs, Cli, ColorChoice, Command, CompareArgs, CompletionsArgs, DiffArgs,
    ExportArgs, FailOnArg, Format, HistoryArgs, IndexArgs, InitArgs, LogArgs, LogFormat, ManArgs,
    PaceArgs, ReportFormat, SchemaArgs, ShowArgs, Source,
};
use ladder::history::{Filter, History, read_history_with, standing};
use ladder::pace::{Settings, Shape, standing_since};

const EXIT_FINDINGS: u8 = 1;
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => run_check(&args),
        Command::Diff(args) => run_diff(&args),
        Command::Log(args) => run_log(&args),
        Command::Show(args) => run_show(&args),
        Command::Pace(args) => run_pace(&args),
        Command::Ci(args) => return run_ci(&args),
        Command::Compare(args) => run_compare(&args),
        Command::Schema(args) => run_schema(&args),
        Command::Init(args) => run_init(&args),
        Command::Calibrate(args) => run_calibrate(&args),
        Command::Summary(args) => run_summary(&args),
        Command::Render(args) => run_render(&args),
        Command::Export(args) => run_export(&args),
        Command::Import(args) => commands::import::run(&args).map_err(Failure::Usage),
        Command::Completions(args) => run_completions(&args),
        Command::Man(args) => run_man(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Failure::ClosedPipe) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(EXIT_USAGE)
        }
        Err(Failure::Invalid(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(EXIT_FINDINGS)
        }
    }
}

enum Failure {
    /// The reader went away (`ladder check | head`): not an error.
    ClosedPipe,
    Usage(String),
    /// The tree has errors, so what would be made from it would be wrong.
    Invalid(String),
}

/// Export and the site show the tree as fact: from a tree with errors they would show a wrong
/// one (a teammate left out whose file is unreadable, a lead line that loops), so they refuse.
fn refuse_errors(snapshot: &Snapshot, making: &str) -> Result<(), Failure> {
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

fn print(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
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

fn open_repo(path: Option<&std::path::Path>) -> Result<git2::Repository, Failure> {
    match path {
        Some(path) => git2::Repository::open(path),
        None => git2::Repository::discover("."),
    }
    .map_err(|error| {
        let path = path.map_or_else(|| ".".into(), |path| path.display().to_string());
        Failure::Usage(format!(
            "cannot open the git repository at {path}: {}",
            error.message()
        ))
    })
}

/// The history index's folder: `--cache`, else `ladder/` in the git directory; none with
/// `--no-cache`.
fn index_folder(repo: &git2::Repository, args: &IndexArgs) -> Option<std::path::PathBuf> {
    if args.no_cache {
        return None;
    }
    Some(
        args.cache
            .clone()
            .unwrap_or_else(|| repo.path().join("ladder")),
    )
}

fn load(source: &Source) -> Result<Snapshot, Failure> {
    let dir = source.dir.to_string_lossy().to_string();
    let Some(rev) = &source.rev else {
        return Ok(load_dir(&source.dir, &dir)?);
    };
    let repo = open_repo(source.repo.as_deref())?;
    Ok(load_rev(&repo, rev, &dir)?)
}

fn run_compare(args: &CompareArgs) -> Result<u8, Failure> {
    let snapshot = load(&args.source)?;
    let Some(framework) = &snapshot.framework else {
        return Err(Failure::Usage(format!(
            "{} has no readable framework.yml: run `ladder check` to see why",
            snapshot.root
        )));
    };
    let team = match &args.team {
        None => None,
        Some(id) => Some(
            snapshot
                .team(id)
                .map(|team| (id.as_str(), &team.value))
                .ok_or_else(|| {
                    Failure::Usage(
                        ladder::compare::CompareError::UnknownTeam(id.clone()).to_string(),
                    )
                })?,
        ),
    };
    let comparison =
        ladder::compare::compare_levels(&framework.value, team, &args.left, &args.right)
            .map_err(|error| Failure::Usage(error.to_string()))?;
    let text = match args.format {
        ReportFormat::Human => report::compare::render_human(&comparison, use_color(args.color)),
        ReportFormat::Markdown => report::compare::render_markdown(&comparison),
        ReportFormat::Json => report::compare::render_json(&comparison),
    };
    print(&text)?;
    Ok(0)
}

fn run_diff(args: &DiffArgs) -> Result<u8, Failure> {
    let repo = open_repo(args.repo.as_deref())?;
    let dir = args.dir.to_string_lossy().to_string();
    let work_tree;
    let head = match &args.head {
        Some(rev) => Head::Revision(rev),
        None => {
            let root = repo.workdir().ok_or_else(|| {
                Failure::Usage("a bare repository has no work tree: name a HEAD revision".into())
            })?;
            work_tree = root.join(&args.dir);
            Head::WorkTree(&work_tree)
        }
    };
    let author = args.author.as_ref().map(|login| Author {
        login: Some(login.trim_start_matches('@').to_string()),
        ..Author::default()
    });
    let as_of = match &args.head {
        Some(rev) => ladder::history::commit_date(&repo, rev),
        None => None,
    }
    .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
    let mut review = review(&repo, &dir, &args.base, head, author)?;
    if !args.no_pace {
        // libgit2 shares a pack's mapped windows among handles: a handle kept open through the
        // history walk would keep every window the walk maps.
        let path = repo.path().to_path_buf();
        drop(repo);
        let repo = open_repo(Some(&path))?;
        let index = index_folder(&repo, &args.index);
        for note in add_pace(
            &mut review,
            &repo,
            &args.base,
            &dir,
            as_of,
            index.as_deref(),
        )? {
            eprintln!("ladder: {note}");
        }
    }
    let text = match args.format {
        ReportFormat::Human => report::human::render_review(&review, use_color(args.color)),
        ReportFormat::Markdown => report::markdown::render_review(&review),
        ReportFormat::Json => report::json::render_review(&review),
    };
    print(&text)?;
    Ok(if Counts::of(&review.findings).errors > 0 {
        EXIT_FINDINGS
    } else {
        0
    })
}

fn run_check(args: &CheckArgs) -> Result<u8, Failure> {
    let snapshot = load(&args.source)?;
    let findings = check_snapshot(&snapshot);
    let text = match args.format {
        Format::Human => report::human::render_check(&snapshot, &findings, use_color(args.color)),
        Format::Json => report::json::render_check(&snapshot, &findings),
    };
    print(&text)?;
    Ok(if Counts::of(&findings).errors > 0 {
        EXIT_FINDINGS
    } else {
        0
    })
}

/// Reads history once, with a progress bar on stderr when it is a terminal.
fn load_history(args: &HistoryArgs) -> Result<(git2::Repository, History), Failure> {
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
    let history = read_history_with(&repo, &args.rev, &dir, index.as_deref(), &mut progress)?;
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

fn run_log(args: &LogArgs) -> Result<u8, Failure> {
    if let (Some(since), Some(until)) = (args.since, args.until)
        && until < since
    {
        return Err(Failure::Usage(format!(
            "--until {until} is before --since {since}: no change could match"
        )));
    }
    let (_, history) = load_history(&args.history)?;
    let filter = Filter {
        person: args.person.clone(),
        since: args.since,
        until: args.until,
        lead: args.lead.clone(),
        team: args.team.clone(),
        kind: args.kind.clone(),
    };
    let events = history
        .events
        .iter()
        .rev()
        .filter(|event| filter.matches(event));
    let stdout = std::io::stdout().lock();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout);
    match args.format {
        LogFormat::Human => report::audit::write_log_human(&mut out, events),
        LogFormat::Json => report::audit::write_log_json(&mut out, events),
        LogFormat::Csv => report::audit::write_log_csv(&mut out, events),
    }?;
    out.flush()?;
    Ok(0)
}

fn run_show(args: &ShowArgs) -> Result<u8, Failure> {
    let (repo, history) = load_history(&args.history)?;
    let dir = args.history.dir.to_string_lossy().to_string();
    let person = history
        .events
        .iter()
        .find(|event| *event.id_then == *args.person)
        .map_or(args.person.as_str(), |event| &*event.person);
    // The framework, the teams and this teammate's file: one placement, not the whole org.
    let tree = open_rev(&repo, &args.history.rev, &dir)?;
    let own: Vec<(String, git2::Oid)> = tree
        .person_paths()?
        .into_iter()
        .filter(|(id, _, _)| id == person)
        .map(|(_, rel, blob)| (rel, blob))
        .collect();
    let snapshot = tree.load_files(&own)?;
    let as_of = args
        .as_of
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
    let Some(standing) = standing(&snapshot, &history, person, as_of) else {
        return Err(Failure::Usage(format!(
            "no teammate `{}` at {}",
            args.person, args.history.rev
        )));
    };
    let mut trail: Vec<_> = history.trail(person).collect();
    trail.reverse();
    let text = match args.format {
        Format::Human => report::audit::render_show(&standing, &trail),
        Format::Json => report::audit::render_show_json(&standing, &trail),
    };
    print(&text)?;
    Ok(0)
}

fn run_pace(args: &PaceArgs) -> Result<u8, Failure> {
    let repo = open_repo(args.history.repo.as_deref())?;
    if let Some(missing) = ladder::history::shallow_history(&repo) {
        return Err(Failure::Usage(format!("pace is not computed: {missing}")));
    }
    drop(repo);
    let (repo, history) = load_history(&args.history)?;
    let dir = args.history.dir.to_string_lossy().to_string();
    // The framework and teams only: the test needs the policy, not every placement.
    let shape = open_rev(&repo, &args.history.rev, &dir)?.load_files(&[])?;
    let policy = shape
        .framework
        .as_ref()
        .map(|framework| framework.value.policy.pace.clone())
        .unwrap_or_default();
    let mut settings = Settings::of(&policy);
    if let Some(months) = args.window {
        settings.window = months;
        settings.window_written = true;
    }
    let as_of = args
        .as_of
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
    let review = match &args.review {
        Some(text) => settings.find_review(text).map_err(Failure::Usage)?,
        None => settings.standing_review(as_of),
    };
    if review.date > as_of {
        return Err(Failure::Usage(format!(
            "the {} review falls after {as_of}: its verdict is not decided yet",
            review.label
        )));
    }
    let names: std::collections::HashMap<&str, &str> = history
        .events
        .iter()
        .map(|event| (&*event.person, &*event.name))
        .collect();
    let shape = Shape::of(shape.framework.as_ref().map(|f| &f.value));
    let events: Vec<_> = history.events.iter().collect();
    let standing = standing_since(&events, review, as_of, &settings, &shape);
    let name = |id: &str| {
        names
            .get(id)
            .map_or_else(String::new, |name| name.to_string())
    };
    let text = match args.format {
        ReportFormat::Human => report::pace::render_human(&standing, &name),
        ReportFormat::Markdown => report::pace::render_markdown(&standing, &name),
        ReportFormat::Json => report::pace::render_json(&standing),
    };
    print(&text)?;
    Ok(0)
}

const EXIT_GITHUB: u8 = 3;

fn run_ci(args: &CiArgs) -> ExitCode {
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
                Ok(()) | Err(Failure::ClosedPipe) => ExitCode::from(outcome.exit),
                Err(Failure::Usage(message) | Failure::Invalid(message)) => {
                    eprintln!("error: {message}");
                    ExitCode::from(EXIT_USAGE)
                }
            }
        }
        Err(error) => {
            eprintln!("error: {error}");
            let code = match error {
                CiError::GitHub(_) | CiError::Load(_) => EXIT_GITHUB,
                _ => EXIT_USAGE,
            };
            ExitCode::from(code)
        }
    }
}

fn run_init(args: &InitArgs) -> Result<u8, Failure> {
    if args.demo {
        return run_demo(args);
    }
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| std::path::PathBuf::from("ladders"));
    let files =
        ladder::starter::write_starter(&dir).map_err(|error| Failure::Usage(error.to_string()))?;
    let dir = dir.display();
    let mut text = format!("wrote {dir}/ ({} files):\n", files.len());
    for file in files.iter().filter(|file| !file.starts_with(".schema")) {
        text.push_str(&format!("  {dir}/{}\n", file.display()));
    }
    text.push_str(&format!(
        "  {dir}/.schema/ (the JSON Schemas your editor reads)\n\nnext:\n  ladder check --dir {dir}\n  ladder compare maker/1 maker/2 --dir {dir}\n  git add {dir} && git commit -m \"Our career framework\"\n"
    ));
    print(&text)?;
    Ok(0)
}

fn run_demo(args: &InitArgs) -> Result<u8, Failure> {
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| std::path::PathBuf::from("ladder-demo"));
    let today = jiff::ZonedDateTime::now().date();
    let demo =
        ladder::demo::write_demo(&dir, today).map_err(|error| Failure::Usage(error.to_string()))?;
    let shown = dir.display();
    let mut text = format!(
        "wrote a demo repository in {shown}/: the shipped framework in ladders/, {} teammates, and two years of made-up history ({} commits, {} pull requests, squashed and merged), in which {} grants steps about 2.5 times as often as the other leads.\n\nnext:\n  cd {shown}\n  ladder check\n  ladder log --since {}\n",
        demo.teammates,
        demo.commits,
        demo.pull_requests,
        ladder::demo::FAST_LEAD,
        today
            .checked_sub(jiff::Span::new().months(3))
            .unwrap_or(today),
    );
    if let Some(promoted) = &demo.promoted {
        text.push_str(&format!("  ladder show {promoted}\n"));
    }
    text.push_str(&format!(
        "  ladder pace\n  ladder calibrate --lead {}\n  ladder diff HEAD~1 HEAD\n  ladder compare maker/3 maker/4\n  ladder render --out site\n  ladder export --what people\n",
        ladder::demo::FAST_LEAD
    ));
    print(&text)?;
    Ok(0)
}

fn run_summary(args: &cli::SummaryArgs) -> Result<u8, Failure> {
    use ladder::summary::{Period, summarise};
    let today = args
        .as_of
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
    let period = match (args.year, args.since, args.until) {
        (Some(year), _, _) => Period::year(year).map_err(Failure::Usage)?,
        (None, Some(since), Some(until)) => Period { since, until },
        _ => Period {
            since: Period::year(today.year()).map_err(Failure::Usage)?.since,
            until: today,
        },
    };
    if period.until < period.since {
        return Err(Failure::Usage(format!(
            "--until {} is before --since {}: the period is empty",
            period.until, period.since
        )));
    }
    let (repo, history) = load_history(&args.history)?;
    let dir = args.history.dir.to_string_lossy().to_string();
    let shape = open_rev(&repo, &args.history.rev, &dir)?.load_files(&[])?;
    if let Some(team) = &args.team
        && shape.team(team).is_none()
    {
        let known: Vec<&str> = shape.teams.iter().map(|entry| entry.id.as_str()).collect();
        return Err(Failure::Usage(format!(
            "no team `{team}` at {}: expected one of {}",
            args.history.rev,
            known.join(", ")
        )));
    }
    let policy = shape
        .framework
        .as_ref()
        .map(|framework| framework.value.policy.pace.clone())
        .unwrap_or_default();
    let settings = Settings::of(&policy);
    let prices = shape
        .framework
        .as_ref()
        .and_then(|f| ladder::pay::Prices::of(&f.value));
    let shape = Shape::of(shape.framework.as_ref().map(|f| &f.value));
    let events: Vec<_> = history.events.iter().collect();
    let summary = summarise(
        &events,
        period,
        args.team.as_deref(),
        today,
        &settings,
        &shape,
        prices.as_ref(),
    );
    let text = match args.format {
        cli::SummaryFormat::Human => report::summary::render_human(&summary),
        cli::SummaryFormat::Markdown => report::summary::render_markdown(&summary),
        cli::SummaryFormat::Json => report::summary::render_json(&summary),
        cli::SummaryFormat::Csv => report::summary::render_csv(&summary)
            .map_err(|error| Failure::Usage(format!("cannot write CSV: {error}")))?,
    };
    print(&text)?;
    Ok(0)
}

fn run_calibrate(args: &cli::CalibrateArgs) -> Result<u8, Failure> {
    use ladder::calibration::{Quarter, packet};
    let today = args
        .as_of
        .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
    let quarter = match &args.quarter {
        Some(text) => Quarter::parse(text).map_err(Failure::Usage)?,
        None => Quarter::of(today),
    };
    if quarter.first_day() > today {
        return Err(Failure::Usage(format!(
            "{} has not begun on {today}: there is nothing to calibrate yet",
            quarter.label()
        )));
    }
    let dir = args.history.dir.to_string_lossy().to_string();
    // The placements first, through a handle let go before the history is read: the pack
    // windows their reading mapped would otherwise stay mapped beside the whole history.
    let mut snapshot = {
        let repo = open_repo(args.history.repo.as_deref())?;
        load_rev(&repo, &args.history.rev, &dir)?
    };
    snapshot.forget_sources();
    if let Some(lead) = &args.lead
        && snapshot.person(lead).is_none()
    {
        return Err(Failure::Usage(format!(
            "no teammate `{lead}` at {}",
            args.history.rev
        )));
    }
    let (_, history) = load_history(&args.history)?;
    let packet = packet(&snapshot, &history, quarter, today, args.lead.as_deref());
    // The packet holds what it says: the history and placements can go before it is written.
    drop(history);
    drop(snapshot);
    let text = match args.format {
        cli::PacketFormat::Markdown => report::calibration::render_markdown(&packet),
        cli::PacketFormat::Json => report::calibration::render_json(&packet),
    };
    print(&text)?;
    Ok(0)
}

fn run_render(args: &cli::RenderArgs) -> Result<u8, Failure> {
    let repo = open_repo(args.history.repo.as_deref())?;
    let dir = args.history.dir.to_string_lossy().to_string();
    let mut snapshot = load_rev(&repo, &args.history.rev, &dir)?;
    refuse_errors(&snapshot, "site")?;
    snapshot.forget_sources();
    let shallow = ladder::history::shallow_history(&repo);
    drop(repo);
    // The funnel needs the whole history; without it the site still has everything else.
    let review = if shallow.is_none() {
        let (_, history) = load_history(&args.history)?;
        let framework = snapshot.framework.as_ref().map(|entry| &entry.value);
        let settings = ladder::pace::Settings::of(
            &framework
                .map(|framework| framework.policy.pace.clone())
                .unwrap_or_default(),
        );
        let as_of = args
            .as_of
            .unwrap_or_else(|| jiff::ZonedDateTime::now().date());
        let events: Vec<_> = history.events.iter().collect();
        (!events.is_empty()).then(|| {
            ladder::pace::verdict(
                &events,
                settings.standing_review(as_of),
                &settings,
                &ladder::pace::Shape::of(framework),
                ladder::pace::Detail::All,
            )
        })
    } else {
        None
    };
    let extras = ladder::site::Extras {
        review: review.as_ref(),
        people: args.people,
    };
    let pages = ladder::site::render(&snapshot, &extras, &args.out)
        .map_err(|error| Failure::Usage(error.to_string()))?;
    let out = args.out.display();
    let mut text = format!(
        "wrote {} pages into {out}/: open {out}/index.html\n",
        pages.len()
    );
    if let Some(missing) = shallow {
        text.push_str(&format!("no pace funnel: {missing}\n"));
    }
    print(&text)?;
    Ok(0)
}

fn run_export(args: &ExportArgs) -> Result<u8, Failure> {
    use cli::{ExportFormat, ExportWhat};
    use ladder::export::{framework_rows, people_rows, to_csv, to_json};
    let snapshot = load(&args.source)?;
    refuse_errors(&snapshot, "export")?;
    if snapshot.framework.is_none() && args.what == ExportWhat::Framework {
        return Err(Failure::Usage(format!(
            "{} has no readable framework.yml: run `ladder check` to see why",
            snapshot.root
        )));
    }
    let csv = |error: csv::Error| Failure::Usage(format!("cannot write CSV: {error}"));
    let text = match (args.what, args.format) {
        (ExportWhat::Framework, ExportFormat::Csv) => {
            to_csv(&framework_rows(&snapshot)).map_err(csv)?
        }
        (ExportWhat::Framework, ExportFormat::Json) => {
            to_json("framework", &framework_rows(&snapshot))
        }
        (ExportWhat::People, ExportFormat::Csv) => to_csv(&people_rows(&snapshot)).map_err(csv)?,
        (ExportWhat::People, ExportFormat::Json) => to_json("people", &people_rows(&snapshot)),
    };
    print(&text)?;
    Ok(0)
}

fn run_completions(args: &CompletionsArgs) -> Result<u8, Failure> {
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "ladder", &mut out);
    print(&String::from_utf8_lossy(&out))?;
    Ok(0)
}

fn run_man(args: &ManArgs) -> Result<u8, Failure> {
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

fn run_schema(args: &SchemaArgs) -> Result<u8, Failure> {
    if let Some(out) = &args.out {
        std::fs::create_dir_all(out)
            .map_err(|error| Failure::Usage(format!("cannot create {}: {error}", out.display())))?;
        for kind in ladder::schema::KINDS {
            let text = ladder::schema::schema_json(kind).unwrap_or_default();
            let path = out.join(ladder::schema::file_name(kind));
            std::fs::write(&path, text).map_err(|error| {
                Failure::Usage(format!("cannot write {}: {error}", path.display()))
            })?;
        }
        return Ok(0);
    }
    let text = match &args.kind {
        Some(kind) => ladder::schema::schema_json(kind).unwrap_or_default(),
        None => {
            let all: serde_json::Map<String, serde_json::Value> = ladder::schema::KINDS
                .iter()
                .filter_map(|kind| {
                    let text = ladder::schema::schema_json(kind)?;
                    Some((kind.to_string(), serde_json::from_str(&text).ok()?))
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&all).unwrap_or_default();
            text.push('\n');
            text
        }
    };
    print(&text)?;
    Ok(0)
}
