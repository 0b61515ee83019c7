//! The command line, as clap reads it. Parsing only: `main` runs the commands.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// The version and the commit the binary was built from (see build.rs).
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("LADDER_COMMIT"),
    ")"
);

/// A career framework as code: check, diff and audit a ladders/ folder kept in git.
#[derive(Debug, Parser)]
#[command(name = "ladder", version = VERSION, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the framework, teams, placements and case files; report every problem with
    /// file:line:col.
    Check(CheckArgs),
    /// What a change does to the ladder, between two revisions or a revision and the work tree,
    /// and what the base revision's policy says about it.
    Diff(DiffArgs),
    /// Open a promotion (or any placement change) without writing YAML: edit the placement in
    /// place, write the case file, say who must approve; with --pr, open the pull request. In a
    /// terminal with no change named, it asks who and what, and confirms before writing.
    Propose(Box<ProposeArgs>),
    /// The audit trail: every placement change from git history, newest first.
    Log(LogArgs),
    /// Where a teammate stands: title, level, step, lead, time in level, and their trail.
    Show(ShowArgs),
    /// Whether a lead moves people up faster or slower than the org: the standing review's
    /// verdict, the figures now, and the live alarm.
    Pace(PaceArgs),
    /// The GitHub Action's entry: review the pull request of the running workflow, check real
    /// reviews, post one sticky comment, a status, annotations, the summary and outputs. With
    /// --dry-run, the same check of the current branch on this machine, printing the comment.
    Ci(CiArgs),
    /// Two levels side by side, factor by factor, with the words that change highlighted.
    Compare(CompareArgs),
    /// Print the JSON Schema of a file kind, for editors.
    Schema(SchemaArgs),
    /// Write a starter ladders/ folder: a short framework, one team, two teammates, a case file
    /// template and the schemas; with --from, one guessed from an HR export, and its import.yml.
    /// Never overwrites anything.
    Init(InitArgs),
    /// The packet for a quarterly calibration: per lead, each report against the typical time,
    /// the changes of this quarter and the four before, open case files and the pace verdict;
    /// headcounts and the quarter's changes for the org.
    Calibrate(CalibrateArgs),
    /// How a period's changes add up per area and for the org, month by month: hires,
    /// departures, step-ups, level-ups, track and team moves, by lead, beside the same period a
    /// year before, with the leads the pace test flagged at the period's reviews
    Summary(SummaryArgs),
    /// The framework as a static website that works opened from disk: tracks, levels, titles,
    /// level-to-level comparisons, a headcount chart and the pace funnel.
    Render(RenderArgs),
    /// The framework (a row per track × level × factor) or the people (a row per teammate) as
    /// CSV or JSON, for spreadsheets.
    Export(ExportArgs),
    /// Placements and their history from an HR system's export: the roster, and with --history
    /// one commit per effective date of the job history. Writes nothing unless every row maps.
    Import(ImportArgs),
    /// Print the completion script of a shell, e.g. `ladder completions bash >
    /// ~/.local/share/bash-completion/completions/ladder`.
    Completions(CompletionsArgs),
    /// Print ladder's manual page (roff), or one command's: `ladder man > ladder.1`,
    /// `ladder man pace > ladder-pace.1`.
    Man(ManArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The roster: one row per current teammate, as the HR system exports it.
    #[arg(value_name = "ROSTER.csv")]
    pub roster: PathBuf,
    /// The map from the export's columns to placements (see the README).
    #[arg(long, value_name = "import.yml")]
    pub map: PathBuf,
    /// The job history: one row per change, with its effective date; each date becomes one
    /// commit dated that day.
    #[arg(long, value_name = "JOBS.csv")]
    pub history: Option<PathBuf>,
    /// Print the report and the change set without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Commit onto this branch (made from HEAD when new) instead of the checked-out one.
    #[arg(long, value_name = "NAME")]
    pub branch: Option<String>,
    /// The ladders folder's path inside the repository.
    #[arg(long, default_value = "ladders", value_name = "DIR")]
    pub dir: PathBuf,
    /// The git repository (default: found from the current folder).
    #[arg(long, value_name = "PATH")]
    pub repo: Option<PathBuf>,
    /// The day a roster-only import takes effect (default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<jiff::civil::Date>,
    /// Colour in human output: auto uses colour in a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// The command whose page to print (default: ladder's own).
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct CalibrateArgs {
    /// The quarter, e.g. 2026Q4 (default: the current one).
    #[arg(long, value_name = "QUARTER")]
    pub quarter: Option<String>,
    /// One lead's page only (a teammate id).
    #[arg(long, value_name = "ID")]
    pub lead: Option<String>,
    /// Read as if today were this day (default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<jiff::civil::Date>,
    #[arg(long, value_enum, default_value_t = PacketFormat::Markdown)]
    pub format: PacketFormat,
    #[command(flatten)]
    pub history: HistoryArgs,
}

#[derive(Debug, clap::Args)]
pub struct SummaryArgs {
    /// A calendar year (default: this year so far).
    #[arg(long, value_name = "YEAR", conflicts_with_all = ["since", "until"])]
    pub year: Option<i16>,
    /// The first day of the period (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", requires = "until")]
    pub since: Option<jiff::civil::Date>,
    /// The last day of the period (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", requires = "since")]
    pub until: Option<jiff::civil::Date>,
    /// One area only (a team id).
    #[arg(long, value_name = "TEAM")]
    pub team: Option<String>,
    /// Reviews after this day are not decided yet (default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<jiff::civil::Date>,
    #[arg(long, value_enum, default_value_t = SummaryFormat::Human)]
    pub format: SummaryFormat,
    #[command(flatten)]
    pub history: HistoryArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    Human,
    Markdown,
    Json,
    Csv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PacketFormat {
    Markdown,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// The folder to write the site into (default: `ladder/site/` inside the git directory,
    /// outside the work tree, so the repository stays clean).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also a page per teammate: where they stand and what the next level asks. Off by
    /// default: placements are personal data.
    #[arg(long)]
    pub people: bool,
    /// Also the pace funnel of the latest review. Off by default: leads are people too, and
    /// without `--people` they are numbered, not named.
    #[arg(long)]
    pub pace: bool,
    /// The day the pace funnel's review is chosen by (default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<jiff::civil::Date>,
    #[command(flatten)]
    pub history: HistoryArgs,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    /// What to export.
    #[arg(long, value_enum, default_value_t = ExportWhat::Framework)]
    pub what: ExportWhat,
    #[command(flatten)]
    pub source: Source,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportWhat {
    /// A row per track × level × factor: the level's summary, focus and typical time, and what
    /// it expects on that factor.
    Framework,
    /// A row per teammate: team, track, level, step, title, role, lead.
    People,
}

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The repository's folder: the starter goes into its `ladders/` (see --dir); with --demo,
    /// the new repository. Default: the current folder, or `ladder-demo` with --demo.
    #[arg(value_name = "FOLDER")]
    pub dir: Option<PathBuf>,
    /// The ladders folder's path inside FOLDER (`ladder init --dir hr/ladders` is what
    /// `ladder init hr/ladders` used to write).
    #[arg(
        long = "dir",
        value_name = "DIR",
        default_value = "ladders",
        conflicts_with = "demo"
    )]
    pub ladders: PathBuf,
    /// A git repository with the shipped framework and two years of made-up history instead,
    /// so log, show, pace and diff have something to show.
    #[arg(long, conflicts_with = "from")]
    pub demo: bool,
    /// Guess the framework and the teams from an HR export's roster (its job levels or titles
    /// and departments), and write the import.yml that maps it, every guess marked `check
    /// this`. Only the columns it recognises are read.
    #[arg(long, value_name = "ROSTER.csv")]
    pub from: Option<PathBuf>,
    /// With --from: the job history too, so titles, levels and departments held before are
    /// in the guess, and the map names the history's columns.
    #[arg(long, value_name = "JOBS.csv", requires = "from")]
    pub history: Option<PathBuf>,
    /// With --from: where to write the map (default: import.yml beside the folder).
    #[arg(long, value_name = "PATH", requires = "from")]
    pub map: Option<PathBuf>,
    /// With --from: the exports' encoding.
    #[arg(long, value_enum, default_value_t = Encoding::Utf8, requires = "from")]
    pub encoding: Encoding,
    /// With --from: the field separator (default: the one the header row holds most of).
    #[arg(long, value_enum, requires = "from")]
    pub delimiter: Option<Delimiter>,
    /// With --from: the column to read for a field, over the guess, e.g. `--column
    /// team=Department`, `--column "team=team[2]"` for the second of two columns of that name,
    /// or `--column title=` to read none. Fields: employee, name, first-name, last-name, email,
    /// github, team, title, level, lead, hired, date, event.
    #[arg(long, value_name = "FIELD=HEADER", requires = "from", value_parser = parse_column)]
    pub column: Vec<(String, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Encoding {
    #[value(name = "utf-8")]
    Utf8,
    #[value(name = "windows-1252")]
    Windows1252,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Delimiter {
    #[value(name = ",")]
    Comma,
    #[value(name = ";")]
    Semicolon,
    Tab,
}

/// `team=Department` → (`team`, `Department`); the field must be one `init --from` knows.
fn parse_column(text: &str) -> Result<(String, String), String> {
    let (field, header) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not FIELD=HEADER, e.g. team=Department"))?;
    let field = field.trim();
    if ladder::import::guess::Field::from_key(field).is_none() {
        let fields: Vec<&str> = ladder::import::guess::Field::ALL
            .iter()
            .map(|field| field.key())
            .collect();
        return Err(format!(
            "`{field}` is not a field: one of {}",
            fields.join(", ")
        ));
    }
    Ok((field.to_string(), header.trim().to_string()))
}

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The first level: `track/level` by number or id (`maker/3`, `ic/IC4`), or an id only
    /// one track has (`IC4`).
    pub left: String,
    /// The level to compare it with, written the same way.
    pub right: String,
    /// Read both levels as this team does: its titles and its own wording.
    #[arg(long, value_name = "TEAM")]
    pub team: Option<String>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
    /// Colour in human output: auto uses colour in a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(flatten)]
    pub source: Source,
}

#[derive(Debug, clap::Args)]
pub struct CiArgs {
    /// The ladders folder's path inside the repository.
    #[arg(
        long,
        default_value = "ladders",
        value_name = "DIR",
        env = "LADDER_DIR"
    )]
    pub dir: String,
    /// The least severe finding that fails the check.
    #[arg(long, value_enum, default_value_t = FailOnArg::Error, env = "LADDER_FAIL_ON")]
    pub fail_on: FailOnArg,
    /// Post or update the sticky pull request comment.
    #[arg(long, default_value = "true", env = "LADDER_COMMENT", action = clap::ArgAction::Set)]
    pub comment: bool,
    /// Set aside approvals given before the last push.
    #[arg(long, env = "LADDER_IGNORE_STALE_APPROVALS")]
    pub ignore_stale_approvals: bool,
    /// Seconds to wait for each GitHub answer before trying again (five tries in all).
    #[arg(long, default_value_t = 30, value_name = "SECONDS", env = "LADDER_GITHUB_TIMEOUT",
          value_parser = clap::value_parser!(u64).range(1..=600))]
    pub github_timeout: u64,
    #[command(flatten)]
    pub index: IndexArgs,
    /// Rehearse on this machine: check the current branch as the Action would check its pull
    /// request, and print the comment it would post. Reads no token and no reviews (every
    /// approval is still to come) and talks to no one.
    #[arg(long)]
    pub dry_run: bool,
    /// With --dry-run: the branch the pull request would merge into (default: the remote's
    /// default branch, else main or master).
    #[arg(long, value_name = "BRANCH", requires = "dry_run")]
    pub base: Option<String>,
    /// With --dry-run: the GitHub login that would open the pull request (default: the head
    /// commit's author, matched by email).
    #[arg(long, value_name = "LOGIN", requires = "dry_run")]
    pub author: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    Error,
    Warning,
    Never,
}

#[derive(Debug, clap::Args)]
pub struct PaceArgs {
    /// The window to look back over, e.g. 12mo or 2y (default: the policy's).
    #[arg(long, value_name = "WINDOW", value_parser = parse_window)]
    pub window: Option<u32>,
    /// The day the figures are as of (default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<jiff::civil::Date>,
    /// The review whose verdict to show, e.g. 2026Q3 or 2026-09-30 (default: the latest
    /// completed one).
    #[arg(long, value_name = "REVIEW")]
    pub review: Option<String>,
    /// What to compare: each lead's people, each team or each track.
    #[arg(long, value_enum, default_value_t = PaceBy::Lead)]
    pub by: PaceBy,
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
    #[command(flatten)]
    pub history: HistoryArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaceBy {
    Lead,
    Team,
    Track,
}

impl From<PaceBy> for ladder::pace::Unit {
    fn from(by: PaceBy) -> Self {
        match by {
            PaceBy::Lead => ladder::pace::Unit::Lead,
            PaceBy::Team => ladder::pace::Unit::Team,
            PaceBy::Track => ladder::pace::Unit::Track,
        }
    }
}

/// Months from `12mo`, `12m`, `2y` or a bare number of months.
fn parse_window(text: &str) -> Result<u32, String> {
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => text.split_at(at),
        None => (text, "mo"),
    };
    let number: u32 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a window: expected e.g. 12mo or 2y"))?;
    let months = match unit {
        "mo" | "m" | "months" => number,
        "y" | "years" => number * 12,
        _ => {
            return Err(format!(
                "`{text}` is not a window: expected e.g. 12mo or 2y"
            ));
        }
    };
    if months == 0 {
        return Err("a window of 0 months holds nothing".into());
    }
    Ok(months)
}

/// Where history is read from.
#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// Read this revision and the first-parent history up to it, instead of the work tree and
    /// HEAD's history.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// The ladders folder's path inside the repository.
    #[arg(long, default_value = "ladders", value_name = "DIR")]
    pub dir: PathBuf,
    /// The git repository (default: found from the current folder).
    #[arg(long, value_name = "PATH")]
    pub repo: Option<PathBuf>,
    #[command(flatten)]
    pub index: IndexArgs,
}

/// Where the history index lives, or not to use one.
#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// Keep the history index here (default: `ladder/` inside the git directory).
    #[arg(long, value_name = "DIR", env = "LADDER_CACHE")]
    pub cache: Option<PathBuf>,
    /// Walk the whole history without reading or writing the index.
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, clap::Args)]
pub struct LogArgs {
    /// Only this teammate (their id now, or from before a rename).
    #[arg(value_name = "PERSON")]
    pub person: Option<String>,
    /// Only changes on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<jiff::civil::Date>,
    /// Only changes on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<jiff::civil::Date>,
    /// Only people who reported to this lead before or after the change.
    #[arg(long, value_name = "ID")]
    pub lead: Option<String>,
    /// Only people on this team before or after the change.
    #[arg(long, value_name = "ID")]
    pub team: Option<String>,
    /// Only this kind of change.
    #[arg(long, value_name = "KIND", value_parser = clap::builder::PossibleValuesParser::new(ladder::history::KIND_NAMES))]
    pub kind: Option<String>,
    #[arg(long, value_enum, default_value_t = LogFormat::Human)]
    pub format: LogFormat,
    #[command(flatten)]
    pub history: HistoryArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Human,
    Json,
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The teammate's id.
    #[arg(value_name = "PERSON")]
    pub person: String,
    /// Time in level and step as of this date (default: today).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<jiff::civil::Date>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    #[command(flatten)]
    pub history: HistoryArgs,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The revision the change starts from; its policy judges the change.
    #[arg(value_name = "BASE")]
    pub base: String,
    /// The revision the change ends at (default: the work tree).
    #[arg(value_name = "HEAD")]
    pub head: Option<String>,
    /// The ladders folder's path inside the repository.
    #[arg(long, default_value = "ladders", value_name = "DIR")]
    pub dir: PathBuf,
    /// The git repository (default: found from the current folder).
    #[arg(long, value_name = "PATH")]
    pub repo: Option<PathBuf>,
    /// The GitHub login of who made the change (default: the head commit's author, by email).
    #[arg(long, value_name = "LOGIN")]
    pub author: Option<String>,
    /// Leave out the pace of the leads the change touches (it reads the base branch's history).
    #[arg(long)]
    pub no_pace: bool,
    #[command(flatten)]
    pub index: IndexArgs,
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,
    /// Colour in human output: auto uses colour in a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Human,
    Markdown,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub source: Source,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Colour in human output: auto uses colour in a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// Where the ladders folder is read from: disk, or a git revision's tree.
#[derive(Debug, clap::Args)]
pub struct Source {
    /// The ladders folder; with --rev, its path inside the repository.
    #[arg(long, default_value = "ladders", value_name = "DIR")]
    pub dir: PathBuf,
    /// Read this git revision's tree instead of the folder on disk (the work tree is not read).
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// The git repository for --rev (default: found from the current folder).
    #[arg(long, value_name = "PATH")]
    pub repo: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Which file: framework, team, placement, case, or import (the map `ladder import` reads).
    /// Without it, all five in one object. Or which JSON report: pace (`ladder pace --format
    /// json`) or pace-check (the `pace` member of `ladder diff --format json`).
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(
        ladder::schema::KINDS.iter().chain(&ladder::report::SCHEMAS).copied()
    ))]
    pub kind: Option<String>,
    /// Write every schema as <kind>.schema.json into this folder instead of printing.
    #[arg(long, value_name = "DIR", conflicts_with = "kind")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "One change, or several that go together (--team with --lead, --track with --level):\n  ladder propose kofi-mensah --level 4          (at the level's first step, or --step)\n  ladder propose sofia-rossi --step +1          (or --step 3, --step C)\n  ladder propose kofi-mensah --track manager    (--grade-keeping: the same grade and step)\n  ladder propose jane --hire --name \"Jane Doe\" --team engineering --level 2\n  ladder propose --from changes.csv --pr         (person,change,reason rows: one branch, one PR)\n\nExit codes: 0 written, 1 refused by the framework or the policy (nothing written), 2 bad usage or input, 3 git or GitHub failing."
)]
pub struct ProposeArgs {
    /// The teammate: id, GitHub login or name. For --hire, the new id (default: from the name).
    #[arg(value_name = "PERSON")]
    pub person: Option<String>,
    /// A new level on the track, by number or id (4, IC4).
    #[arg(long, value_name = "LEVEL")]
    pub level: Option<String>,
    /// A new step: a number (3), a label (C) or a move (+1, -1).
    #[arg(long, value_name = "STEP", allow_hyphen_values = true)]
    pub step: Option<String>,
    /// Switch to this track (at the lowest level of the team's range at or above the grade, or
    /// --level).
    #[arg(long, value_name = "TRACK")]
    pub track: Option<String>,
    /// With --track: keep the grade and the step (a lateral switch on a shared scale).
    #[arg(long, requires = "track")]
    pub grade_keeping: bool,
    /// Move to this team.
    #[arg(long, value_name = "TEAM")]
    pub team: Option<String>,
    /// A new lead: a teammate's id, login or name.
    #[arg(long, value_name = "PERSON")]
    pub lead: Option<String>,
    /// Take this role in the team (`none` leaves the role).
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
    /// A new teammate: needs --name, --team and --level.
    #[arg(long, requires_all = ["name", "team", "level"], conflicts_with_all = ["leave", "from", "role", "grade_keeping"])]
    pub hire: bool,
    /// The new teammate's name (with --hire).
    #[arg(long, value_name = "NAME", requires = "hire")]
    pub name: Option<String>,
    /// The new teammate's GitHub login (with --hire).
    #[arg(long, value_name = "LOGIN", requires = "hire")]
    pub github: Option<String>,
    /// The teammate leaves: their placement is removed.
    #[arg(long, conflicts_with_all = ["level", "step", "track", "team", "lead", "role", "from"])]
    pub leave: bool,
    /// A calibration's outcome: a CSV of person,change,reason rows (`kofi-mensah,level 4,…`).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["person", "level", "step", "track", "team", "lead", "role"])]
    pub from: Option<PathBuf>,
    /// Why: goes into the commit message and the case file.
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// The case file's date (default: today).
    #[arg(long, value_name = "DATE")]
    pub date: Option<jiff::civil::Date>,
    /// Your GitHub login, for the self-promotion check and to leave you out of the reviewers.
    #[arg(long, value_name = "LOGIN")]
    pub author: Option<String>,
    /// Say what would be written and who must approve; write nothing.
    #[arg(long, conflicts_with = "pr")]
    pub dry_run: bool,
    /// Commit on a new branch `ladder/<person>-<change>` and open the pull request (with
    /// GITHUB_TOKEN or `gh auth token`; without, the branch stays local).
    #[arg(long)]
    pub pr: bool,
    /// The branch the pull request goes into (default: the branch checked out).
    #[arg(long, value_name = "BRANCH", requires = "pr")]
    pub base: Option<String>,
    /// The new branch's name (default: ladder/<person>-<change>).
    #[arg(long, value_name = "BRANCH", requires = "pr")]
    pub branch: Option<String>,
    /// The GitHub repository, owner/name (default: GITHUB_REPOSITORY, else the origin remote).
    #[arg(long, value_name = "OWNER/NAME", requires = "pr")]
    pub github_repo: Option<String>,
    /// The ladders folder.
    #[arg(long, default_value = "ladders", value_name = "DIR")]
    pub dir: PathBuf,
    /// The git repository (default: found from the current folder).
    #[arg(long, value_name = "PATH")]
    pub repo: Option<PathBuf>,
    /// Colour in the findings: auto uses colour in a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}
