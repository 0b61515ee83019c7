//! What a change set needs before it merges, judged by the base branch's policy (a pull request
//! cannot weaken the rules that judge it): a case file for a level change, the approvers each
//! change kind names, no self-promotion, no jump beyond the policy's limits. Every login, role and
//! team that decides who approves is read from the judging snapshot (the base branch's tip), never
//! from the change; every kind of change has an approver, falling back to the policy owners; the
//! person changed never approves their own change. Produces findings and the list of approvals
//! still needed; checking real reviews is the GitHub layer's job.

use serde::Serialize;

use crate::diff::{ChangeKind, ChangeSet, FrameworkEdit, PersonChange};
use crate::finding::Finding;
use crate::framework::{Policy, ROLES};
use crate::placement::Placement;
use crate::snapshot::Snapshot;
use crate::{Pos, Spanned};

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

/// One approval a change needs: an entry of the policy, and whom it resolves to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Approval {
    /// What needs it, e.g. "level change for Kofi Mensah".
    pub change: String,
    /// The policy key, e.g. `level`, `step`, `policy`.
    pub rule: String,
    /// The entry as the policy writes it: a login, `org/team`, or a role.
    pub approver: String,
    /// GitHub logins or `org/team` slugs any one of whom satisfies it.
    pub who: Vec<String>,
    /// Why it resolves to no one, when it does.
    pub problem: Option<String>,
    /// Logins (lower case) that never count for it: the person the change is about, under
    /// every login the base or the change gives them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<String>,
}

impl Approval {
    /// Whether a login never counts for this approval.
    pub fn excludes(&self, login: &str) -> bool {
        self.excluded
            .iter()
            .any(|excluded| excluded.eq_ignore_ascii_case(login))
    }
}

/// Whether one needed approval is given, by whom, or who could still give it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApprovalCheck {
    pub approval: Approval,
    pub given_by: Option<String>,
    /// Why team membership could not be checked, when it could not.
    pub problem: Option<String>,
    /// Approving logins set aside because the change is about them.
    pub set_aside: Vec<String>,
}

impl ApprovalCheck {
    pub fn met(&self) -> bool {
        self.given_by.is_some()
    }
}

/// Checks each needed approval against the approving logins. `member` answers whether a login
/// is an active member of an `org/team`.
pub fn check_approvals(
    needed: &[Approval],
    approving: &[String],
    member: &mut dyn FnMut(&str, &str) -> Result<bool, String>,
) -> Vec<ApprovalCheck> {
    needed
        .iter()
        .map(|approval| {
            let mut check = ApprovalCheck {
                approval: approval.clone(),
                given_by: None,
                problem: approval.problem.clone(),
                set_aside: approving
                    .iter()
                    .filter(|login| approval.excludes(login))
                    .cloned()
                    .collect(),
            };
            // The person changed never approves their own change, not even through a team.
            let counts = |login: &&String| !approval.excludes(login);
            'who: for who in &approval.who {
                if who.contains('/') {
                    for login in approving.iter().filter(counts) {
                        match member(who, login) {
                            Ok(true) => {
                                check.given_by = Some(login.clone());
                                break 'who;
                            }
                            Ok(false) => {}
                            Err(problem) => {
                                check.problem = Some(problem);
                                break 'who;
                            }
                        }
                    }
                } else if approving
                    .iter()
                    .filter(counts)
                    .any(|login| login.eq_ignore_ascii_case(who))
                {
                    check.given_by = Some(who.to_ascii_lowercase());
                    break;
                }
            }
            check
        })
        .collect()
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
    let judging = Judging { authority, policy };
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
                .push(judging.resolve("framework edit", "framework", entry, None));
        }
    }
    judgement.approvals.dedup();
    judgement.notify.dedup();
    judgement
}

/// The snapshot whose policy, roles and logins decide, and its policy.
struct Judging<'a> {
    authority: &'a Snapshot,
    policy: &'a Policy,
}

impl Judging<'_> {
    /// The entries that approve a policy key. Default deny: a key the policy leaves empty falls
    /// back to the owners (and, for a change of identity, the teammate's director too).
    fn entries(&self, key: &str) -> Vec<Spanned<String>> {
        let named = self.policy.approvers.of(key);
        if !named.is_empty() {
            return named.to_vec();
        }
        let mut entries = self.policy.owners.clone();
        if key == "identity" {
            entries.push(Spanned::new("director".to_string(), Pos::TOP));
        }
        entries
    }

    /// Every approval `entries` asks for; with none, one that nobody can give.
    fn needed(
        &self,
        change: &str,
        rule: &str,
        entries: &[Spanned<String>],
        person: Option<&PersonChange>,
    ) -> Vec<Approval> {
        if entries.is_empty() {
            return vec![Approval {
                change: change.to_string(),
                rule: rule.to_string(),
                approver: "owners".to_string(),
                who: Vec::new(),
                problem: Some(format!(
                    "the policy names no approver for `{rule}` and no `owners` to fall back on"
                )),
                excluded: Vec::new(),
            }];
        }
        entries
            .iter()
            .map(|entry| self.resolve(change, rule, entry, person))
            .collect()
    }
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
                    .push(judging.resolve(&description, key, entry, Some(change)));
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
    let promoted = change.has(|kind| {
        matches!(
            kind,
            ChangeKind::LevelUp { .. }
                | ChangeKind::StepUp { .. }
                | ChangeKind::TrackSwitch {
                    grades: None | Some(1..),
                    ..
                }
        )
    });
    if promoted && let Some(author) = author {
        judge_self_promotion(base, head, change, author, &who, judgement);
    }
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
            ChangeKind::RoleChange { .. } => placement
                .role
                .as_ref()
                .map_or(placement.level.pos, |role| role.pos),
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
    let pos = change.head.as_ref().map_or(Pos::TOP, |p| p.level.pos);
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
fn judge_role_entry(head: &Snapshot, change: &PersonChange, who: &str, judgement: &mut Judgement) {
    let Some(ChangeKind::RoleChange {
        to: Some(role_id), ..
    }) = change
        .kinds
        .iter()
        .find(|kind| matches!(kind, ChangeKind::RoleChange { .. }))
    else {
        return;
    };
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
                .role
                .as_ref()
                .map_or(placement.level.pos, |r| r.pos),
        )
        .help("reach a level inside the entry range first, or change the role's `entry`"),
    );
}

/// The GitHub login of a team's director, from a snapshot.
fn director_login(snapshot: &Snapshot, team: &str) -> Option<String> {
    let director = snapshot.team(team)?.value.director.as_ref()?;
    login_of(snapshot, director)
}

fn login_of(snapshot: &Snapshot, id: &str) -> Option<String> {
    snapshot
        .person(id)?
        .value
        .github
        .as_ref()
        .map(|login| login.value.clone())
}

impl Judging<'_> {
    /// Resolves a policy entry to the logins or teams that satisfy it, all read from the
    /// authority: a teammate the change adds has a lead and a team, but whose logins those
    /// name is the base's to say, and someone who exists only in the change approves nothing.
    fn resolve(
        &self,
        change: &str,
        rule: &str,
        approver: &Spanned<String>,
        person: Option<&PersonChange>,
    ) -> Approval {
        let mut approval = Approval {
            change: change.to_string(),
            rule: rule.to_string(),
            approver: approver.value.clone(),
            who: Vec::new(),
            problem: None,
            excluded: Vec::new(),
        };
        let entry = approver.value.as_str();
        if let Some(role) = crate::framework::mistyped_role(entry) {
            approval.problem = Some(format!(
                "`{entry}` is not a role (did you mean `{role}`?); a GitHub user is written `@{entry}`"
            ));
            return approval;
        }
        if !ROLES.contains(&entry) {
            approval.who.push(entry.trim_start_matches('@').to_string());
            if let Some(change) = person {
                exclude_subject(self.authority, change, &mut approval);
            }
            return approval;
        }
        let Some(change) = person else {
            approval.problem = Some(format!(
                "`{entry}` is a role, and a {change} has no teammate to resolve it for: name GitHub logins or `org/team` slugs"
            ));
            return approval;
        };
        let snapshot = self.authority;
        // Where the teammate stands for their roles: on the base, or, for someone the base does
        // not have yet, where the change puts them.
        let (team, lead) = match snapshot.person(&change.id) {
            Some(entry) => (
                entry.value.team.value.clone(),
                entry.value.lead_id().map(|lead| lead.value.clone()),
            ),
            None => match change.base.as_ref().or(change.head.as_ref()) {
                Some(placement) => (
                    placement.team.value.clone(),
                    placement.lead_id().map(|lead| lead.value.clone()),
                ),
                None => return approval,
            },
        };
        let target = match entry {
            "lead" => lead.clone().ok_or("has no lead"),
            "lead-of-lead" => lead
                .as_deref()
                .and_then(|lead| snapshot.person(lead))
                .and_then(|lead| lead.value.lead_id())
                .map(|lead| lead.value.clone())
                .ok_or("has no lead's lead on the base branch"),
            _ => match snapshot.director_for(&team, lead.as_deref()) {
                Some(director) => Ok(director.to_string()),
                None if !self.policy.fallback.is_empty() => {
                    approval.who.extend(
                        self.policy
                            .fallback
                            .iter()
                            .map(|entry| entry.value.trim_start_matches('@').to_string()),
                    );
                    exclude_subject(snapshot, change, &mut approval);
                    return approval;
                }
                None => Err(
                    "has no director: the team has none, no lead above directs a team, and the policy names no fallback",
                ),
            },
        };
        match target {
            Ok(id) => match snapshot.person(&id) {
                None => {
                    approval.problem = Some(format!(
                        "{entry} {id} is not a teammate on the base branch, so cannot approve yet"
                    ))
                }
                Some(found) => match &found.value.github {
                    Some(login) => approval.who.push(login.value.clone()),
                    None => {
                        approval.problem = Some(format!(
                            "{entry} {id} has no GitHub login in their placement"
                        ))
                    }
                },
            },
            Err(problem) => approval.problem = Some(format!("{} {problem}", change.name)),
        }
        exclude_subject(snapshot, change, &mut approval);
        approval
    }
}

/// Sets aside the logins of the teammate a change is about: nobody approves their own change,
/// even as its director or a member of the approving team.
fn exclude_subject(authority: &Snapshot, change: &PersonChange, approval: &mut Approval) {
    let placements = authority
        .person(&change.id)
        .map(|entry| &entry.value)
        .into_iter()
        .chain(&change.base)
        .chain(&change.head);
    for placement in placements {
        if let Some(login) = &placement.github {
            let login = login.value.trim_start_matches('@').to_ascii_lowercase();
            if !approval.excluded.contains(&login) {
                approval.excluded.push(login);
            }
        }
    }
    let (subject, others): (Vec<String>, Vec<String>) = std::mem::take(&mut approval.who)
        .into_iter()
        .partition(|who| approval.excludes(who));
    if others.is_empty() && !subject.is_empty() {
        approval.problem = Some(format!(
            "{} ({}) is the person changed and cannot approve their own change",
            change.name,
            subject.join(", ")
        ));
    }
    approval.who = others;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_team_approval_is_checked_through_membership() {
        let needed = [
            Approval {
                change: "level change for Kofi".into(),
                rule: "level".into(),
                approver: "lead".into(),
                who: vec!["leomartins".into()],
                problem: None,
                excluded: Vec::new(),
            },
            Approval {
                change: "level change for Kofi".into(),
                rule: "level".into(),
                approver: "acme/people".into(),
                who: vec!["acme/people".into()],
                problem: None,
                excluded: vec!["kofi".into()],
            },
        ];
        let approving = vec!["leomartins".to_string(), "priya".to_string()];
        let mut member = |team: &str, login: &str| Ok(team == "acme/people" && login == "priya");
        let checks = check_approvals(&needed, &approving, &mut member);
        assert_eq!(checks[0].given_by.as_deref(), Some("leomartins"));
        assert_eq!(checks[1].given_by.as_deref(), Some("priya"));

        let mut refused =
            |_: &str, _: &str| Err("the token cannot read team membership".to_string());
        let checks = check_approvals(&needed[1..], &approving, &mut refused);
        assert!(!checks[0].met());
        assert_eq!(
            checks[0].problem.as_deref(),
            Some("the token cannot read team membership")
        );
        // Kofi is on the team, but the change is Kofi's own: his approval does not count.
        let mut member = |team: &str, _: &str| Ok(team == "acme/people");
        let checks = check_approvals(&needed[1..], &["Kofi".to_string()], &mut member);
        assert!(!checks[0].met());
        assert_eq!(checks[0].set_aside, ["Kofi"]);
    }
}
