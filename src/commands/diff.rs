//! `ladder diff`: the change between a base and a head (the work tree by default), judged by
//! the base's policy, with its pace.

use ladder::finding::Counts;
use ladder::policy::Author;
use ladder::report;
use ladder::review::{Head, PaceRequest, review_with_pace};

use super::{EXIT_FINDINGS, Failure, index_folder, open_repo, print, use_color};
use crate::cli::{DiffArgs, ReportFormat};

pub fn run(args: &DiffArgs) -> Result<u8, Failure> {
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
    let index = index_folder(&repo, &args.index);
    let pace = (!args.no_pace).then(|| PaceRequest {
        index: index.clone(),
        unless_untouched: false,
    });
    let (review, notes) = review_with_pace(
        repo,
        &dir,
        &args.base,
        head,
        author,
        None,
        pace.as_ref(),
        index.as_deref(),
    )?;
    for note in notes {
        eprintln!("ladder: {note}");
    }
    match args.format {
        ReportFormat::Human => print(&report::review::render_human(
            &review,
            use_color(args.color),
        ))?,
        ReportFormat::Markdown => print(&report::review::render_markdown(&review))?,
        // Written as it is made, a megabyte at a time: with every lead's figures it is tens of
        // megabytes, which in 8 KiB writes was thousands of system calls.
        ReportFormat::Json => {
            use std::io::Write as _;
            let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
            report::review::write_json(&review, &mut out)?;
            out.flush()?;
        }
    }
    Ok(if Counts::of(&review.findings).errors > 0 {
        EXIT_FINDINGS
    } else {
        0
    })
}
