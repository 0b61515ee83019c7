//! `ladder ci`: the Action's entry. Reads the runner's environment and event, reviews the pull
//! request against its base (the merge base of the base branch and the head), checks real
//! reviews against the approvals the base policy needs, and answers with one sticky comment, a
//! commit status, annotations, the job summary and step outputs. The async runtime lives here
//! and nowhere else.

use std::path::{Path, PathBuf};

use crate::finding::{Counts, Finding, Severity, sort_findings};
use crate::github::api::{ApiError, Budget, Comment, GitHub};
use crate::github::approval::approvers;
use crate::github::event::{CiEvent, EventError, PullRequest, read_event_file};
use crate::github::workflow::{SUMMARY_LIMIT, annotations, cap, comment_body, outputs};
use crate::policy::Author;
use crate::policy::{ApprovalCheck, check_approvals};
use crate::report::markdown::escape;
use crate::review::{Head, PaceRequest, Review, review_with_pace};
use crate::snapshot::LoadError;

/// The hidden line that marks ladder's own comment.
pub const MARKER: &str = "<!-- ladder:sticky-comment -->";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Never,
}

impl FailOn {
    /// Whether findings of these counts fail the check.
    pub fn fails(self, counts: Counts) -> bool {
        match self {
            FailOn::Error => counts.errors > 0,
            FailOn::Warning => counts.errors + counts.warnings > 0,
            FailOn::Never => false,
        }
    }
}

#[derive(Debug, Clone)]
pub struct CiSettings {
    pub dir: String,
    pub fail_on: FailOn,
    pub comment: bool,
    /// Set aside approvals given before the last push.
    pub ignore_stale_approvals: bool,
    pub budget: Budget,
    /// Whether to keep the history index, and where (default: `ladder/` in the git directory).
    pub use_index: bool,
    pub index: Option<PathBuf>,
}

impl CiSettings {
    /// The pace a pull request's check reads: none when nothing under the folder changed, so
    /// the required status comes back within seconds; the index in the checkout's git
    /// directory unless the settings say where.
    pub(crate) fn pace_request(&self, repo: &git2::Repository) -> PaceRequest {
        PaceRequest {
            index: crate::repository::index_folder(repo, self.index.as_deref(), self.use_index),
            unless_untouched: true,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CiError {
    #[error("{0}")]
    Environment(String),
    #[error(transparent)]
    Event(#[from] EventError),
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    GitHub(#[from] ApiError),
    #[error(
        "the pull request's head commit `{sha}` is not in the checkout, so ladder cannot see the change: check out the head with `ref: ${{{{ github.event.pull_request.head.sha }}}}` and `fetch-depth: 0`"
    )]
    HeadMissing { sha: String },
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

/// What the step prints and how it exits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiOutcome {
    /// Workflow commands and a closing line, for stdout.
    pub stdout: String,
    /// Things the user should know that did not stop the run, for stderr.
    pub warnings: Vec<String>,
    pub exit: u8,
}

/// The runner's environment, read through `var` so tests can give their own.
struct Runner {
    event_name: String,
    event_path: PathBuf,
    repository: String,
    api_url: String,
    run_url: String,
    workspace: PathBuf,
    summary: Option<PathBuf>,
    output: Option<PathBuf>,
    temp: PathBuf,
    token: Option<String>,
    team_token: Option<String>,
    bot_login: String,
}

impl Runner {
    /// Whether the workflow's bot wrote a comment: a marker anyone else pastes is not ladder's.
    fn wrote(&self, comment: &Comment) -> bool {
        comment
            .user
            .as_ref()
            .is_some_and(|user| user.login.eq_ignore_ascii_case(&self.bot_login))
    }

    fn read(var: &dyn Fn(&str) -> Option<String>) -> Result<Runner, CiError> {
        let need = |name: &str| {
            var(name).filter(|value| !value.is_empty()).ok_or_else(|| {
                CiError::Environment(format!(
                    "{name} is not set: `ladder ci` runs inside a GitHub Actions job"
                ))
            })
        };
        let repository = need("GITHUB_REPOSITORY")?;
        // It goes into every API path.
        if !crate::github::api::is_repository(&repository) {
            return Err(CiError::Environment(format!(
                "GITHUB_REPOSITORY is \"{}\": expected owner/name",
                repository.escape_debug()
            )));
        }
        let server = var("GITHUB_SERVER_URL").unwrap_or_else(|| "https://github.com".into());
        let run_id = var("GITHUB_RUN_ID").unwrap_or_default();
        // A secret pasted with its line break is common: trimmed. Anything else a header cannot
        // carry is refused without showing the value.
        let secret = |name: &str| match var(name) {
            Some(value) if !value.trim().is_empty() => {
                let token = value.trim();
                if crate::github::api::is_token(token) {
                    Ok(Some(token.to_string()))
                } else {
                    Err(CiError::Environment(format!(
                        "{name} holds a space, a control or a non-ASCII character inside the token: set the secret to the token alone (its value is not shown)"
                    )))
                }
            }
            _ => Ok(None),
        };
        let token = match secret("LADDER_GITHUB_TOKEN")? {
            Some(token) => Some(token),
            None => secret("GITHUB_TOKEN")?,
        };
        Ok(Runner {
            event_name: need("GITHUB_EVENT_NAME")?,
            event_path: PathBuf::from(need("GITHUB_EVENT_PATH")?),
            api_url: var("GITHUB_API_URL").unwrap_or_else(|| "https://api.github.com".into()),
            run_url: format!("{server}/{repository}/actions/runs/{run_id}"),
            repository,
            workspace: PathBuf::from(var("GITHUB_WORKSPACE").unwrap_or_else(|| ".".into())),
            summary: var("GITHUB_STEP_SUMMARY").map(PathBuf::from),
            output: var("GITHUB_OUTPUT").map(PathBuf::from),
            temp: var("RUNNER_TEMP").map_or_else(std::env::temp_dir, PathBuf::from),
            token,
            team_token: secret("LADDER_TEAM_TOKEN")?,
            bot_login: var("LADDER_BOT_LOGIN").unwrap_or_else(|| "github-actions[bot]".into()),
        })
    }
}

fn append(path: &Path, text: &str) -> Result<(), CiError> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|source| CiError::Write {
            path: path.display().to_string(),
            source,
        })?;
    file.write_all(text.as_bytes())
        .map_err(|source| CiError::Write {
            path: path.display().to_string(),
            source,
        })
}

/// Runs the Action's job. Errors are the ones that stop it: a missing environment, an unreadable
/// repository, or GitHub failing after retries.
pub fn run_ci(
    var: &dyn Fn(&str) -> Option<String>,
    settings: &CiSettings,
) -> Result<CiOutcome, CiError> {
    let runner = Runner::read(var)?;
    let event = read_event_file(&runner.event_name, &runner.event_path)?;
    let repo = crate::repository::open(&runner.workspace)?;
    let pull = match event {
        CiEvent::PullRequest(pull) => pull,
        CiEvent::Other(name) => return check_only(&runner, &repo, settings, &name),
    };
    let Revisions { base, head, tip } = match revisions(&repo, &pull) {
        Ok(revisions) => revisions,
        Err(error) => return Err(fail_closed(&runner, &pull, settings, error)),
    };
    // Nothing under the folder changed: no pace to add and no approvals to check, so the
    // required status comes back within seconds for every other pull request.
    let pace = settings.pace_request(&repo);
    let (mut review, mut warnings) = review_with_pace(
        repo,
        &settings.dir,
        &base,
        Head::Revision(&head),
        Some(Author {
            login: Some(pull.author.clone()),
            ..Author::default()
        }),
        Some(&tip),
        Some(&pace),
        pace.index.as_deref(),
    )?;
    let untouched = review.changes.files.is_empty();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| {
            CiError::Environment(format!("cannot start the async runtime: {error}"))
        })?;
    // octocrab's client spawns its buffer task on the current runtime.
    let _entered = runtime.enter();
    let checks = match &runner.token {
        Some(_) if untouched => None,
        Some(token) => {
            let github = GitHub::new(&runner.api_url, token.clone(), settings.budget)?;
            let team = runner
                .team_token
                .as_ref()
                .map(|token| GitHub::new(&runner.api_url, token.clone(), settings.budget))
                .transpose()?;
            Some(runtime.block_on(approval_checks(
                &github,
                team.as_ref(),
                &runner,
                &pull,
                &review,
                settings,
            ))?)
        }
        None => {
            warnings.push(
                "no GitHub token was given: approvals are not checked and no comment is posted"
                    .into(),
            );
            None
        }
    };
    let Answer {
        markdown,
        commands,
        counts,
    } = answer(&mut review, checks.as_deref());

    if let Some(path) = &runner.summary {
        append(
            path,
            &cap(
                &markdown,
                SUMMARY_LIMIT - 1024,
                "… cut at GitHub's 1 MiB summary limit.",
            ),
        )?;
    }
    let report_path = runner.temp.join("ladder-report.json");
    (|| {
        use std::io::Write as _;
        let mut out =
            std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&report_path)?);
        crate::report::review::write_json(&review, &mut out)?;
        out.flush()
    })()
    .map_err(|source| CiError::Write {
        path: report_path.display().to_string(),
        source,
    })?;
    if let Some(path) = &runner.output {
        let seed = jiff::Timestamp::now().as_nanosecond().unsigned_abs() as u64
            ^ u64::from(std::process::id());
        append(
            path,
            &outputs(
                &[
                    ("errors", counts.errors.to_string()),
                    ("warnings", counts.warnings.to_string()),
                    ("notices", counts.notices.to_string()),
                    ("report", report_path.display().to_string()),
                ],
                seed,
            ),
        )?;
    }
    let failing = settings.fail_on.fails(counts);
    if let Some(token) = &runner.token {
        let github = GitHub::new(&runner.api_url, token.clone(), settings.budget)?;
        let body = comment_body(MARKER, &markdown, &runner.run_url);
        let (state, description) = status(&review, counts, failing);
        let posted = runtime.block_on(async {
            if settings.comment {
                // A pull request that leaves the ladder alone gets no new comment, only an
                // earlier one brought up to date.
                let thread =
                    sticky_comment(&github, &runner, pull.number, &body, !untouched).await?;
                loop_in(
                    &github,
                    &runner,
                    pull.number,
                    &thread,
                    &review.notify,
                    &mut warnings,
                )
                .await?;
            }
            github
                .set_status(
                    &runner.repository,
                    &pull.head_sha,
                    state,
                    &description,
                    Some(&runner.run_url),
                )
                .await
        });
        match posted {
            Ok(()) => {}
            Err(error) if error.status() == Some(403) => warnings.push(
                "the token is read-only here (a pull request from a fork?): no comment or status; the job summary and annotations carry the report".into(),
            ),
            Err(error) => return Err(error.into()),
        }
    }
    let stdout = format!(
        "{commands}ladder: {}: {} errors, {} warnings, {} notices\n",
        crate::report::verdict(&review),
        counts.errors,
        counts.warnings,
        counts.notices
    );
    Ok(CiOutcome {
        stdout,
        warnings,
        exit: u8::from(failing),
    })
}

/// What a run answers once the reviews are known: the Markdown of the comment and the job
/// summary, the annotations, and the counts that decide the status.
pub(crate) struct Answer {
    pub markdown: String,
    pub commands: String,
    pub counts: Counts,
}

/// Turns the real reviews (`checks`, none when they were not read) into the answer: each unmet
/// approval an `approval-missing` error, the verdict and the table speaking of what is still
/// needed. `ladder ci` posts it and `ladder ci --dry-run` prints it, so the two cannot drift.
pub(crate) fn answer(review: &mut Review, checks: Option<&[ApprovalCheck]>) -> Answer {
    if let Some(checks) = checks {
        review.findings.extend(missing_approvals(checks));
        sort_findings(&mut review.findings);
        review.approvals = checks
            .iter()
            .filter(|check| !check.met())
            .map(|check| check.approval.clone())
            .collect();
    }
    strict_in_ci(&mut review.findings);
    let counts = Counts::of(&review.findings);
    let mut markdown = crate::report::review::render_markdown(review);
    if let Some(checks) = checks {
        markdown.push_str(&crate::report::review::approvals_table(checks));
    }
    let (commands, left_out) = annotations(&review.findings);
    if left_out > 0 {
        markdown.push_str(&format!(
            "\n{left_out} more findings than annotations allow are listed above.\n"
        ));
    }
    Answer {
        markdown,
        commands,
        counts,
    }
}

/// The commit status's state and description.
pub(crate) fn status(review: &Review, counts: Counts, failing: bool) -> (&'static str, String) {
    if failing {
        (
            "failure",
            format!(
                "{}, {}",
                crate::finding::plural(counts.errors, "error"),
                crate::finding::plural(counts.warnings, "warning")
            ),
        )
    } else {
        ("success", crate::report::verdict(review))
    }
}

/// What is only a warning at a desk fails the Action: a YAML file no rule reads holds a
/// teammate or a team that does not exist, and a merge would make that the ladder.
fn strict_in_ci(findings: &mut [Finding]) {
    for finding in findings.iter_mut() {
        if finding.code == "misplaced-file" {
            finding.severity = Severity::Error;
        }
    }
}

/// For an event without a pull request: check the ladder as it stands, and say so.
fn check_only(
    runner: &Runner,
    repo: &git2::Repository,
    settings: &CiSettings,
    event: &str,
) -> Result<CiOutcome, CiError> {
    let snapshot = crate::snapshot::load_rev(repo, "HEAD", &settings.dir)?;
    let mut findings = crate::check::check_snapshot(&snapshot);
    strict_in_ci(&mut findings);
    let counts = Counts::of(&findings);
    let (commands, _) = annotations(&findings);
    if let Some(path) = &runner.summary {
        let mut text = format!(
            "### ladder\n\nThe `{event}` event carries no pull request, so ladder checked the ladder at HEAD only.\n\n"
        );
        text.push_str(&escape(&crate::report::check::summary_line(
            &snapshot, &findings,
        )));
        text.push('\n');
        append(path, &text)?;
    }
    let failing = settings.fail_on.fails(counts);
    Ok(CiOutcome {
        stdout: format!(
            "{commands}ladder: `{event}` carries no pull request: checked HEAD only: {} errors, {} warnings\n",
            counts.errors, counts.warnings
        ),
        warnings: Vec::new(),
        exit: u8::from(failing),
    })
}

/// The revisions a pull request is reviewed at.
struct Revisions {
    /// Where the head left the base branch: what the change is measured from.
    base: String,
    /// The pull request's own head commit, not the merge commit `pull_request` checks out.
    head: String,
    /// The base branch's tip: its policy, roles and logins judge, whatever commit the branch
    /// was cut from.
    tip: String,
}

/// Finds the pull request's revisions. A head that is not in the checkout fails closed: the
/// checkout (the base, under `pull_request_target`) would review some other change.
fn revisions(repo: &git2::Repository, pull: &PullRequest) -> Result<Revisions, CiError> {
    let resolve = |rev: &str| {
        repo.revparse_single(rev)
            .and_then(|object| object.peel_to_commit())
            .ok()
    };
    let head = resolve(&pull.head_sha).ok_or_else(|| CiError::HeadMissing {
        sha: pull.head_sha.escape_debug().to_string(),
    })?;
    let tip = resolve(&format!("refs/remotes/origin/{}", pull.base_ref))
        .or_else(|| resolve(&pull.base_sha))
        .or_else(|| resolve("HEAD^1"))
        .ok_or_else(|| {
            CiError::Environment(format!(
                "the base branch `{}` is not in the checkout: use fetch-depth: 0",
                pull.base_ref
            ))
        })?;
    let base = repo.merge_base(tip.id(), head.id()).unwrap_or(tip.id());
    Ok(Revisions {
        base: base.to_string(),
        head: head.id().to_string(),
        tip: tip.id().to_string(),
    })
}

/// Marks the pull request's head as failed, when a token allows, before giving up on `error`:
/// a check that cannot see the change must not leave the gate open.
fn fail_closed(
    runner: &Runner,
    pull: &PullRequest,
    settings: &CiSettings,
    error: CiError,
) -> CiError {
    let Some(token) = &runner.token else {
        return error;
    };
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return error;
    };
    let _entered = runtime.enter();
    let posted = GitHub::new(&runner.api_url, token.clone(), settings.budget).map(|github| {
        runtime.block_on(github.set_status(
            &runner.repository,
            &pull.head_sha,
            "error",
            "the head commit is not in the checkout: nothing was reviewed",
            Some(&runner.run_url),
        ))
    });
    match posted {
        Ok(Ok(())) => error,
        // The status could not be set either: say both, the first cause first.
        Ok(Err(status)) | Err(status) => CiError::Environment(format!(
            "{error}; the error status could not be set either: {status}"
        )),
    }
}

async fn approval_checks(
    github: &GitHub,
    team: Option<&GitHub>,
    runner: &Runner,
    pull: &PullRequest,
    review: &Review,
    settings: &CiSettings,
) -> Result<Vec<ApprovalCheck>, ApiError> {
    let reviews = github.reviews(&runner.repository, pull.number).await?;
    let head = settings
        .ignore_stale_approvals
        .then_some(pull.head_sha.as_str());
    let approving = approvers(&reviews, &pull.author, head);
    // Team membership needs its own answers before the synchronous check walks them.
    let mut membership: Vec<((String, String), Result<bool, String>)> = Vec::new();
    for approval in &review.approvals {
        for who in approval.who.iter().filter(|who| who.contains('/')) {
            for login in &approving {
                let answer = match team {
                    None => Err(
                        "no team-token was given: the workflow's default token cannot read team membership".to_string(),
                    ),
                    Some(team) => team.team_member(who, login).await.map_err(|error| match error.status() {
                        Some(401 | 403) => format!(
                            "the team-token cannot read {who}'s membership (it needs read:org): {error}"
                        ),
                        _ => error.to_string(),
                    }),
                };
                membership.push(((who.clone(), login.clone()), answer));
            }
        }
    }
    let mut member = |team: &str, login: &str| {
        membership
            .iter()
            .find(|((t, l), _)| t == team && l == login)
            .map_or(Ok(false), |(_, answer)| answer.clone())
    };
    Ok(check_approvals(&review.approvals, &approving, &mut member))
}

fn missing_approvals(checks: &[ApprovalCheck]) -> Vec<Finding> {
    checks
        .iter()
        .filter(|check| !check.met())
        .map(|check| {
            let could = if check.approval.who.is_empty() {
                "nobody can: ".to_string()
                    + check
                        .approval
                        .problem
                        .as_deref()
                        .unwrap_or("the role resolves to no one")
            } else {
                format!("could approve: {}", check.approval.who.join(", "))
            };
            let mut finding = Finding::error(
                "approval-missing",
                format!(
                    "{} needs approval from {}; {could}",
                    check.approval.change, check.approval.approver
                ),
            );
            if let Some(problem) = &check.problem {
                finding = finding.help(problem.clone());
            }
            finding
        })
        .collect()
}

/// Opens the comment that records who was looped in: `<!-- ladder:looped-in a,org/team -->`.
pub const LOOPED_IN: &str = "<!-- ladder:looped-in ";

/// Tells the people the policy's `notify` names, once per person per pull request: users by a
/// mention in a newly created comment (GitHub notifies mentions in new comments, not in
/// edits), teams by a review request (which notifies their members; a mention of a team by
/// the workflow's bot does not). The comment records everyone told, so a re-run tells no one
/// twice. The author was left out when the review was made.
async fn loop_in(
    github: &GitHub,
    runner: &Runner,
    number: u64,
    thread: &[Comment],
    notify: &[crate::policy::Approval],
    warnings: &mut Vec<String>,
) -> Result<(), ApiError> {
    let mut wanted: Vec<(String, &str)> = Vec::new();
    for entry in notify {
        for who in &entry.who {
            let who = who.trim_start_matches('@').to_string();
            if !wanted
                .iter()
                .any(|(known, _)| known.eq_ignore_ascii_case(&who))
            {
                wanted.push((who, entry.change.as_str()));
            }
        }
    }
    if wanted.is_empty() {
        return Ok(());
    }
    let told: Vec<String> = thread
        .iter()
        .filter(|comment| runner.wrote(comment))
        .filter_map(|comment| {
            let rest = comment.body.as_deref()?.strip_prefix(LOOPED_IN)?;
            Some(rest.split_once("-->")?.0.trim().to_string())
        })
        .flat_map(|list| {
            list.split(',')
                .map(|who| who.trim().to_ascii_lowercase())
                .collect::<Vec<_>>()
        })
        .collect();
    wanted.retain(|(who, _)| !told.contains(&who.to_ascii_lowercase()));
    if wanted.is_empty() {
        return Ok(());
    }
    let (teams, users): (Vec<_>, Vec<_>) = wanted.iter().partition(|(who, _)| who.contains('/'));
    let mut lines = Vec::new();
    if !teams.is_empty() {
        let slugs: Vec<String> = teams
            .iter()
            .map(|(team, _)| {
                team.split_once('/')
                    .map_or(team.as_str(), |(_, slug)| slug)
                    .to_string()
            })
            .collect();
        match github
            .request_team_reviews(&runner.repository, number, &slugs)
            .await
        {
            Ok(()) => {}
            // A team without access to the repository cannot be asked; say so, go on.
            Err(error) if matches!(error.status(), Some(403 | 404 | 422)) => {
                warnings.push(format!(
                    "could not ask {} to review, to loop them in: {error}",
                    slugs.join(", ")
                ))
            }
            Err(error) => return Err(error),
        }
        for (team, change) in &teams {
            lines.push(format!(
                "- team `{team}` (asked to review): {}",
                escape(change)
            ));
        }
    }
    for (user, change) in &users {
        lines.push(format!("- @{user}: {}", escape(change)));
    }
    let record: Vec<&str> = wanted.iter().map(|(who, _)| who.as_str()).collect();
    let body = format!(
        "{LOOPED_IN}{} -->\nLooping you in on this change, as the ladder's policy asks; no approval is needed from you.\n\n{}\n",
        record.join(","),
        lines.join("\n")
    );
    github
        .create_comment(&runner.repository, number, &body)
        .await
}

/// One comment, found by the marker and the bot's login: created once, edited when the report
/// changed, left alone when it did not. With `create` false, only edits one that exists.
/// Returns the thread as last listed, for what else reads it.
async fn sticky_comment(
    github: &GitHub,
    runner: &Runner,
    number: u64,
    body: &str,
    create: bool,
) -> Result<Vec<Comment>, ApiError> {
    let thread = github.comments(&runner.repository, number).await?;
    let ours = sticky_of(runner, &thread);
    if !ours.is_empty() {
        keep_one(github, runner, ours, body).await?;
        return Ok(thread);
    }
    if !create {
        return Ok(thread);
    }
    github
        .create_comment(&runner.repository, number, body)
        .await?;
    // Another run on the same pull request may have created its own meanwhile, or a retried
    // post may have landed twice: listed again, the oldest is kept with this run's report.
    let thread = github.comments(&runner.repository, number).await?;
    keep_one(github, runner, sticky_of(runner, &thread), body).await?;
    Ok(thread)
}

/// The bot's own comments that start with the marker, oldest first. A marker pasted into
/// anyone else's comment is not ours.
fn sticky_of(runner: &Runner, thread: &[Comment]) -> Vec<Comment> {
    let mut ours: Vec<Comment> = thread
        .iter()
        .filter(|comment| {
            runner.wrote(comment)
                && comment
                    .body
                    .as_deref()
                    .is_some_and(|text| text.starts_with(MARKER))
        })
        .cloned()
        .collect();
    ours.sort_by_key(|comment| comment.id);
    ours
}

/// Keeps the oldest comment, carrying `body`, and removes the rest; one already removed by a
/// concurrent run is not an error.
async fn keep_one(
    github: &GitHub,
    runner: &Runner,
    ours: Vec<Comment>,
    body: &str,
) -> Result<(), ApiError> {
    let Some((first, rest)) = ours.split_first() else {
        return Ok(());
    };
    if first.body.as_deref() != Some(body) {
        github
            .update_comment(&runner.repository, first.id, body)
            .await?;
    }
    for duplicate in rest {
        match github
            .delete_comment(&runner.repository, duplicate.id)
            .await
        {
            Err(error) if error.status() == Some(404) => {}
            other => other?,
        }
    }
    Ok(())
}
