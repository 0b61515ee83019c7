//! The command line, as clap reads it. Parsing only: `main` runs the commands.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// A career framework as code: check, diff and audit a ladders/ folder kept in git.
#[derive(Debug, Parser)]
#[command(name = "ladder", version, about, max_term_width = 100)]
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
    /// Print the JSON Schema of a file kind, for editors.
    Schema(SchemaArgs),
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
    /// The ladders folder; with --rev, its path inside the repository.
    #[arg(long, default_value = "ladders", value_name = "DIR")]
    pub dir: PathBuf,
    /// Check this git revision's tree instead of the folder on disk (the work tree is not read).
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// The git repository for --rev (default: found from the current folder).
    #[arg(long, value_name = "PATH")]
    pub repo: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Colour in human output: auto uses colour in a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
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
    /// Which file: framework, team, placement or case. Without it, all four in one object.
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(ladder::schema::KINDS))]
    pub kind: Option<String>,
    /// Write every schema as <kind>.schema.json into this folder instead of printing.
    #[arg(long, value_name = "DIR", conflicts_with = "kind")]
    pub out: Option<PathBuf>,
}
