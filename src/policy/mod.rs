//! What a change set needs before it merges, judged by the base branch's policy (a pull request
//! cannot weaken the rules that judge it): a case file for a level change, the approvers each
//! change kind names, no self-promotion, no jump beyond the policy's limits. Every login, role and
//! team that decides who approves is read from the judging snapshot (the base branch's tip), never
//! from the change; every kind of change has an approver, falling back to the policy owners; the
//! person changed never approves their own change. Produces findings and the list of approvals
//! still needed; checking real reviews is the GitHub layer's job.

use serde::Serialize;

mod approvals;
mod reach;

pub use approvals::{Approval, ApprovalCheck, check_approvals};
use approvals::{Judging, director_login, exclude_subject};
pub use reach::{Strand, stranded_who, strands, unapprovable, unapprovable_of};

use crate::Pos;
use crate::diff::{ChangeKind, ChangeSet, FrameworkEdit, PersonChange};
use crate::finding::Finding;
use crate::framework::Policy;
use crate::placement::Placement;
use crate::snapshot::Snapshot;

/// Who made the change: a GitHub login, or a commit author's email and name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Author {
    pub login: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
}

impl Author {
    /// Whether a placement is this author's.
    pub fn is(&self, placement: &Placement) -> bool {
        let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
        let login = match (&self.login, &placement.github) {
            (Some(login), Some(github)) => same(login.trim_start_matches('@'), github),
            _ => false,
        };
        let email = match (&self.email, &placement.email) {
            (Some(email), Some(known)) => same(email, known),
            _ => false,
        };
        login || email
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Judgement {
    pub findings: Vec<Finding>,
    pub approvals: Vec<Approval>,
    /// Who the policy's `notify` loops in, per change; their approval is not needed.
    pub notify: Vec<Approval>,
}

/// Judges a change set by the policy, roles and logins of `authority`, the base branch as it
/// stands (the change's own base when they are the same). `author` is who made it, if known.
pub fn judge(
    authority: &Snapshot,
    base: &Snapshot,
    head: &Snapshot,
    changes: &ChangeSet,
    author: Option<&Author>,
) -> Judgement {
    let default_policy = Policy::default();
    let policy = authority
        .framework
        .as_ref()
        .map_or(&default_policy, |framework| &framework.value.policy);
    let policy_file = authority.framework.as_ref().map_or_else(
        || format!("{}/framework.yml", authority.root),
        |framework| framework.file.clone(),
    );
    let judging = Judging {
        authority,
        policy,
        author_logins: author
            .map(|author| author_logins(authority, author))
            .unwrap_or_default(),
    };
    let mut judgement = Judgement::default();
    for change in &changes.people {
        judge_person(
            &judging,
            base,
            head,
            changes,
            change,
            author,
            &mut judgement,
        );
    }
    let framework_file = head
        .framework
        .as_ref()
        .map(|framework| framework.file.clone());
    for edit in &changes.framework {
        if let FrameworkEdit::PolicyChanged { changes: edits } = edit {
            let mut finding = Finding::warning(
                "policy-edit",
                format!(
                    "this change edits the policy ({}); it needs the policy owners' approval, and the base policy still judges this change",
                    edits.join("; ")
                ),
            );
            if let Some(file) = &framework_file {
                finding = finding.at(file, Pos::TOP);
            }
            judgement.findings.push(finding);
            let entries = if policy.owners.is_empty() {
                &policy.approvers.framework
            } else {
                &policy.owners
            };
            if entries.is_empty() {
                judgement.findings.push(
                    Finding::warning(
                        "no-policy-owners",
                        "the policy names no owners, so nobody can approve an edit to it",
                    )
                    .at(&policy_file, Pos::TOP),
                );
            }
            judgement
                .approvals
                .extend(judging.needed("policy edit", "policy", entries, None));
        }
    }
    let framework_edits = changes
        .framework
        .iter()
        .filter(|edit| !matches!(edit, FrameworkEdit::PolicyChanged { .. }))
        .count();
    if framework_edits > 0 {
        let entries = judging.entries("framework");
        judgement
            .approvals
            .extend(judging.needed("framework edit", "framework", &entries, None));
    }
    if !changes.framework.is_empty() {
        for entry in &policy.notify.framework {
            judgement
                .notify
                .push(judging.loop_in("framework edit", "framework", entry, None));
        }
    }
    judgement.approvals.dedup();
    judgement.notify.dedup();
    unmeetable(&judging, &policy_file, &mut judgement);
    judgement
}

/// Says when an approval can never be given, and when two of a change's approvals fall to one
/// person, so one review gives both.
fn unmeetable(judging: &Judging<'_>, policy_file: &str, judgement: &mut Judgement) {
    let at = |approval: &Approval| {
        judging
            .policy
            .approvers
            .of(&approval.rule)
            .iter()
            .find(|entry| entry.value == approval.approver)
            .map_or(Pos::TOP, |entry| entry.pos)
    };
    let mut findings = Vec::new();
    for approval in judgement
        .approvals
        .iter()
        .filter(|approval| approval.blocked)
    {
        findings.push(
            Finding::error(
                "approval-impossible",
                format!(
                    "the {} can never be approved: {}",
                    approval.change,
                    approval.problem.as_deref().unwrap_or("nobody may give it")
                ),
            )
            .at(policy_file, at(approval))
            .help(format!(
                "add `fallback: [your-org/people]` (or `owners`) to the policy: they approve when `{}` falls to the person changed or to the change's author",
                approval.approver
            )),
        );
    }
    for (i, first) in judgement.approvals.iter().enumerate() {
        let [login] = first.who.as_slice() else {
            continue;
        };
        let same: Vec<&Approval> = judgement.approvals[i + 1..]
            .iter()
            .filter(|other| {
                other.change == first.change
                    && other.approver != first.approver
                    && matches!(other.who.as_slice(), [one] if one.eq_ignore_ascii_case(login))
            })
            .collect();
        if same.is_empty() || login.contains('/') {
            continue;
        }
        let mut roles = vec![format!("`{}`", first.approver)];
        roles.extend(same.iter().map(|other| format!("`{}`", other.approver)));
        findings.push(
            Finding::notice(
                "approval-collapses",
                format!(
                    "the {}: {} are {} {login}, so one review gives {}",
                    first.change,
                    roles.join(" and "),
                    if roles.len() == 2 { "both" } else { "all" },
                    if roles.len() == 2 { "both" } else { "them all" }
                ),
            )
            .at(policy_file, at(first))
            .help(format!(
                "for a second pair of eyes, add another approver to `approvers.{}`, such as `lead-of-lead` or the policy owners' team",
                first.rule
            )),
        );
    }
    judgement.findings.extend(findings);
}

/// The author's GitHub logins: the one they act under, and the one their placement on the
/// judging snapshot gives (a commit names an email, not a login).
fn author_logins(authority: &Snapshot, author: &Author) -> Vec<String> {
    let mut logins: Vec<String> = author
        .login
        .iter()
        .map(|login| login.trim_start_matches('@').to_ascii_lowercase())
        .collect();
    for entry in authority
        .people
        .iter()
        .filter(|entry| author.is(&entry.value))
    {
        if let Some(login) = &entry.value.github {
            let login = login.value.trim_start_matches('@').to_ascii_lowercase();
            if !logins.contains(&login) {
                logins.push(login);
            }
        }
    }
    logins
}

fn judge_person(
    judging: &Judging<'_>,
    base: &Snapshot,
    head: &Snapshot,
    changes: &ChangeSet,
    change: &PersonChange,
    author: Option<&Author>,
    judgement: &mut Judgement,
) {
    let policy = judging.policy;
    let who = format!("{} ({})", change.name, change.id);
    let head_placement = change.head.as_ref();
    let at = |pick: fn(&Placement) -> Pos| head_placement.map_or(Pos::TOP, pick);
    let file = change.file.as_str();
    let mut seen_keys: Vec<&str> = Vec::new();
    for kind in &change.kinds {
        match kind {
            ChangeKind::LevelUp { by } | ChangeKind::LevelDown { by }
                if *by > *policy.max_level_jump =>
            {
                judgement.findings.push(
                    Finding::error(
                        "level-jump",
                        format!(
                            "{who} moves {} in one change: the policy allows at most {}",
                            kind.describe()
                                .trim_start_matches("up ")
                                .trim_start_matches("down "),
                            *policy.max_level_jump
                        ),
                    )
                    .at(file, at(|p| p.level.pos))
                    .help("split it into separate calibrations, or change the policy first"),
                );
            }
            ChangeKind::StepUp { by } | ChangeKind::StepDown { by }
                if *by > *policy.max_step_jump =>
            {
                judgement.findings.push(
                    Finding::error(
                        "step-jump",
                        format!(
                            "{who} moves {by} steps in one change: the policy allows at most {}",
                            *policy.max_step_jump
                        ),
                    )
                    .at(file, at(step_pos)),
                );
            }
            ChangeKind::StepUp { by } | ChangeKind::LevelUp { by } if *by > 1 => {
                judgement.findings.push(
                    Finding::notice(
                        "multi-step",
                        format!(
                            "{who} moves {} at once, within the policy's limit",
                            kind.describe().trim_start_matches("up ")
                        ),
                    )
                    .at(file, kind_pos(change, kind)),
                );
            }
            _ => {}
        }
        if matches!(
            kind,
            ChangeKind::LevelDown { .. }
                | ChangeKind::StepDown { .. }
                | ChangeKind::TrackSwitch {
                    grades: Some(..0),
                    ..
                }
        ) {
            judgement.findings.push(
                Finding::notice(
                    "demotion",
                    format!(
                        "{who} moves {}: say why in the pull request",
                        kind.describe()
                    ),
                )
                .at(file, kind_pos(change, kind)),
            );
        }
        let key = kind.policy_key();
        if !seen_keys.contains(&key) {
            seen_keys.push(key);
            let description = format!("{} change for {}", key, change.name);
            for entry in policy.notify.of(key) {
                judgement
                    .notify
                    .push(judging.loop_in(&description, key, entry, Some(change)));
            }
            let entries = judging.entries(key);
            judgement
                .approvals
                .extend(judging.needed(&description, key, &entries, Some(change)));
            if let ChangeKind::TeamTransfer { to, .. } = kind {
                // Both directors agree to a transfer: the receiving one too, as the base names them.
                if entries.iter().any(|entry| entry.value == "director") {
                    let receiving = director_login(judging.authority, to);
                    let mut approval = Approval {
                        change: description.clone(),
                        rule: key.to_string(),
                        approver: format!("director of {to}"),
                        who: receiving.clone().into_iter().collect(),
                        problem: receiving.is_none().then(|| {
                            format!(
                                "team {to} has no director with a GitHub login on the base branch"
                            )
                        }),
                        excluded: Vec::new(),
                        stand_in: None,
                        blocked: false,
                    };
                    exclude_subject(judging.authority, change, &mut approval);
                    judgement.approvals.push(approval);
                }
            }
        }
    }
    // A switch of track at the same grade is lateral: no case for a promotion to make.
    let level_changed = change.has(|kind| {
        matches!(
            kind,
            ChangeKind::LevelUp { .. }
                | ChangeKind::TrackSwitch {
                    grades: None | Some(1..),
                    ..
                }
        )
    });
    if level_changed && policy.case_file_required {
        judge_case(head, changes, change, &who, judgement);
    }
    judge_role_entry(head, change, &who, judgement);
    judge_internal_hire(head, change, &who, judgement);
    if level_changed {
        judge_milestones(head, change, &who, judgement);
    }
    let promoted = change.has(is_promotion);
    if promoted && let Some(author) = author {
        judge_self_promotion(base, head, change, author, &who, judgement);
    }
}

/// A move up: a level, a step, or a track switch that is not known to go down.
fn is_promotion(kind: &ChangeKind) -> bool {
    matches!(
        kind,
        ChangeKind::LevelUp { .. }
            | ChangeKind::StepUp { .. }
            | ChangeKind::TrackSwitch {
                grades: None | Some(1..),
                ..
            }
    )
}

/// The step line, or the level line where there is no step.
fn step_pos(placement: &Placement) -> Pos {
    placement
        .step
        .as_ref()
        .map_or(placement.level.pos, |step| step.pos)
}

/// The line a change kind shows on: the step line for step moves, else the level line.
fn kind_pos(change: &PersonChange, kind: &ChangeKind) -> Pos {
    change
        .head
        .as_ref()
        .map_or(Pos::TOP, |placement| match kind {
            ChangeKind::StepUp { .. } | ChangeKind::StepDown { .. } => step_pos(placement),
            ChangeKind::RoleChange { .. } => placement.roles_pos().unwrap_or(placement.level.pos),
            ChangeKind::TrackSwitch { .. } => placement.track.pos,
            ChangeKind::TeamTransfer { .. } => placement.team.pos,
            ChangeKind::LeadChange { .. } => {
                placement.lead.as_ref().map_or(Pos::TOP, |lead| lead.pos)
            }
            _ => placement.level.pos,
        })
}

fn judge_case(
    head: &Snapshot,
    changes: &ChangeSet,
    change: &PersonChange,
    who: &str,
    judgement: &mut Judgement,
) {
    let Some(after) = &change.after else {
        return;
    };
    let cases: Vec<_> = changes
        .cases
        .iter()
        .filter(|case| *case.value.person == change.id)
        .collect();
    let track = head
        .framework
        .as_ref()
        .and_then(|framework| framework.value.track(&after.track));
    let matching = cases.iter().any(|case| {
        track.and_then(|track| case.value.level_number(track)) == Some(after.level)
            && case
                .value
                .track
                .as_ref()
                .is_none_or(|track| track.as_str() == &*after.track)
    });
    if matching {
        return;
    }
    let position = |p: fn(&Placement) -> Pos| change.head.as_ref().map_or(Pos::TOP, p);
    let finding = match cases.first() {
        Some(case) => Finding::error(
            "case-mismatch",
            format!(
                "the case file for {who} argues for {}, but the change is to {} level {}",
                case.value
                    .level
                    .as_ref()
                    .map_or("no level".to_string(), |level| format!("level {}", **level)),
                after.track,
                after.level_label_words()
            ),
        )
        .at(
            &case.file,
            case.value
                .level
                .as_ref()
                .map_or(case.value.person.pos, |level| level.pos),
        ),
        None => Finding::error(
            "case-missing",
            format!(
                "{who} changes level to {} level {} without a case file",
                after.track,
                after.level_label_words()
            ),
        )
        .at(&change.file, position(|p| p.level.pos))
        .help(format!(
            "add cases/<name>.md whose front matter says `person: {}` and `level: {}`",
            change.id,
            after.level_label_words()
        )),
    };
    judgement.findings.push(finding);
}

fn judge_self_promotion(
    base: &Snapshot,
    head: &Snapshot,
    change: &PersonChange,
    author: &Author,
    who: &str,
    judgement: &mut Judgement,
) {
    if change.head.is_none() && change.base.is_none() {
        return;
    }
    // The line that moved: the step's when only the step went up.
    let pos = change
        .kinds
        .iter()
        .find(|kind| !matches!(kind, ChangeKind::StepUp { .. }) && is_promotion(kind))
        .or_else(|| change.kinds.iter().find(|kind| is_promotion(kind)))
        .map_or(Pos::TOP, |kind| kind_pos(change, kind));
    // The base says whose file it is: a change that also rewrites the login is still theirs.
    let own = change.base.iter().chain(&change.head).any(|p| author.is(p));
    if own {
        judgement.findings.push(
            Finding::error(
                "self-promotion",
                format!("{who} is promoted in a change they made themself"),
            )
            .at(&change.file, pos)
            .help("a promotion is proposed by someone else, usually the lead"),
        );
        return;
    }
    // The author may not promote anyone above them in their own line: their lead or their
    // lead's lead.
    let author_entry = base
        .people
        .iter()
        .chain(&head.people)
        .find(|entry| author.is(&entry.value));
    let Some(author_entry) = author_entry else {
        return;
    };
    let lead = author_entry.value.lead_id().map(|lead| lead.value.clone());
    let lead_of_lead = lead
        .as_deref()
        .and_then(|lead| base.person(lead))
        .and_then(|entry| entry.value.lead_id())
        .map(|lead| lead.value.clone());
    let relation = if lead.as_deref() == Some(change.id.as_str()) {
        Some("their own lead")
    } else if lead_of_lead.as_deref() == Some(change.id.as_str()) {
        Some("their own lead's lead")
    } else {
        None
    };
    if let Some(relation) = relation {
        judgement.findings.push(
            Finding::error(
                "promotes-own-lead",
                format!(
                    "{who} is promoted by {}, who reports to them: {relation}",
                    author_entry.id
                ),
            )
            .at(&change.file, pos)
            .help("a promotion is proposed from above, not by a report"),
        );
    }
}

/// A move into a role from a level outside the role's entry range is an error naming the range.
/// A level the framework marks `internal_only` is reached by promotion, never by a hire.
fn judge_internal_hire(
    head: &Snapshot,
    change: &PersonChange,
    who: &str,
    judgement: &mut Judgement,
) {
    if !change.has(|kind| matches!(kind, ChangeKind::Hire)) {
        return;
    }
    let (Some(after), Some(placement)) = (&change.after, &change.head) else {
        return;
    };
    let framework = head.framework.as_ref().map(|entry| &entry.value);
    let Some(track) = framework.and_then(|framework| framework.track(&after.track)) else {
        return;
    };
    if !track
        .level(after.level)
        .is_some_and(|level| level.internal_only)
    {
        return;
    }
    judgement.findings.push(
        Finding::warning(
            "internal-only",
            format!(
                "{who} is hired into {} {}, which the framework fills only by promotion",
                track.id.value,
                track.label(after.level)
            ),
        )
        .at(&change.file, placement.level.pos)
        .help("hire at a level below and promote, or say why in the pull request"),
    );
}

/// A level change to a level that requires a milestone the person's assessment (on the head)
/// does not reach: the promotion outruns the assessment it should rest on.
fn judge_milestones(head: &Snapshot, change: &PersonChange, who: &str, judgement: &mut Judgement) {
    let (Some(after), Some(placement)) = (&change.after, &change.head) else {
        return;
    };
    let Some(framework) = head.framework.as_ref().map(|entry| &entry.value) else {
        return;
    };
    let Some((track, level)) = framework
        .track(&after.track)
        .and_then(|track| Some((track, track.level(after.level)?)))
    else {
        return;
    };
    let team = head.team(&after.team).map(|team| &team.value);
    let view = framework.view(track, level, team);
    let short: Vec<String> = view
        .required()
        .filter_map(|(factor, required)| {
            let assessed = placement.assessment.get(&*factor.id)?.value;
            (assessed < required).then(|| {
                format!(
                    "`{}` at {} of the {} required",
                    *factor.id,
                    factor.milestone_words(assessed),
                    factor.milestone_words(required)
                )
            })
        })
        .collect();
    if short.is_empty() {
        return;
    }
    judgement.findings.push(
        Finding::warning(
            "promoted-below-milestone",
            format!(
                "{who} moves to {} of track `{}`, but their assessment does not reach what it requires: {}",
                track.label(after.level),
                *track.id,
                short.join("; ")
            ),
        )
        .at(&change.file, placement.level.pos)
        .help("update the assessment in the same change, or say in the case file why the promotion comes first"),
    );
}

fn judge_role_entry(head: &Snapshot, change: &PersonChange, who: &str, judgement: &mut Judgement) {
    for kind in &change.kinds {
        if let ChangeKind::RoleChange {
            to: Some(role_id), ..
        } = kind
        {
            judge_one_entry(head, change, who, role_id, judgement);
        }
    }
}

/// Whether someone may enter one role from where they stood.
fn judge_one_entry(
    head: &Snapshot,
    change: &PersonChange,
    who: &str,
    role_id: &str,
    judgement: &mut Judgement,
) {
    let (Some(before), Some(after), Some(placement)) =
        (&change.before, &change.after, &change.head)
    else {
        return;
    };
    let framework = head.framework.as_ref().map(|entry| &entry.value);
    let role = head
        .team(&after.team)
        .and_then(|team| team.value.role(role_id));
    let (Some(framework), Some(role)) = (framework, role) else {
        return;
    };
    let Some(track) = framework.track(&after.track) else {
        return;
    };
    let Some((from, to)) = role
        .entry
        .as_ref()
        .and_then(|entry| entry.value.resolve(track))
    else {
        return;
    };
    // Entry is judged from where the person stood before the move, on the role's own track.
    let entered_from = (*before.track == *after.track).then_some(before.level);
    if entered_from.is_some_and(|level| (from..=to).contains(&level)) {
        return;
    }
    judgement.findings.push(
        Finding::error(
            "role-entry",
            format!(
                "{who} moves into role {} from {} {}: the role is open from {}",
                role.name,
                before.track,
                track.label(before.level),
                track.range_words(from, to)
            ),
        )
        .at(
            &change.file,
            placement
                .role_ids()
                .into_iter()
                .find(|held| held.value == role_id)
                .map_or(placement.level.pos, |held| held.pos),
        )
        .help("reach a level inside the entry range first, or change the role's `entry`"),
    );
}
