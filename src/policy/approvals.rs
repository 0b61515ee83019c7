//! Whom each approval a change needs resolves to, and whether real approvals meet it. Every
//! role, team director and login is read from the judging snapshot (the base branch's tip),
//! never from the change; a key the policy leaves empty falls back to the owners (default
//! deny); the person a change is about never counts for it. Matching reviews to approvals is
//! here; fetching the reviews is the GitHub layer's.

use serde::Serialize;

use crate::diff::PersonChange;
use crate::framework::{Policy, ROLES};
use crate::snapshot::Snapshot;
use crate::{Pos, Spanned};

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
    /// Why the policy's `fallback` or `owners` approve in place of the entry: a role that
    /// falls to the person changed or to whoever opened the change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stand_in: Option<String>,
    /// Whether only the person changed or the change's author could give it, with no one to
    /// stand in: a change that can never be approved.
    #[serde(skip)]
    pub blocked: bool,
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

/// The snapshot whose policy, roles and logins decide, and its policy.
pub(super) struct Judging<'a> {
    pub(super) authority: &'a Snapshot,
    pub(super) policy: &'a Policy,
    /// The change's author's GitHub logins (lower case), who cannot approve their own change.
    pub(super) author_logins: Vec<String>,
}

impl Judging<'_> {
    /// The entries that approve a policy key. Default deny: a key the policy leaves empty falls
    /// back to the owners (and, for a change of identity, the teammate's director too).
    pub(super) fn entries(&self, key: &str) -> Vec<Spanned<String>> {
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
    pub(super) fn needed(
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
                stand_in: None,
                blocked: false,
            }];
        }
        entries
            .iter()
            .map(|entry| self.resolve(change, rule, entry, person))
            .collect()
    }
}

/// The GitHub login of a team's director, from a snapshot.
pub(super) fn director_login(snapshot: &Snapshot, team: &str) -> Option<String> {
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
    pub(super) fn resolve(
        &self,
        change: &str,
        rule: &str,
        approver: &Spanned<String>,
        person: Option<&PersonChange>,
    ) -> Approval {
        self.resolve_as(change, rule, approver, person, true)
    }

    /// Whom a `notify` entry loops in: as for an approval, but no one stands in for a role that
    /// falls to the person changed or the author; they are simply not told.
    pub(super) fn loop_in(
        &self,
        change: &str,
        rule: &str,
        approver: &Spanned<String>,
        person: Option<&PersonChange>,
    ) -> Approval {
        self.resolve_as(change, rule, approver, person, false)
    }

    fn resolve_as(
        &self,
        change: &str,
        rule: &str,
        approver: &Spanned<String>,
        person: Option<&PersonChange>,
        approving: bool,
    ) -> Approval {
        let mut approval = Approval {
            change: change.to_string(),
            rule: rule.to_string(),
            approver: approver.value.clone(),
            who: Vec::new(),
            problem: None,
            excluded: Vec::new(),
            stand_in: None,
            blocked: false,
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
            // A login the policy names on purpose has no stand-in: the author cannot give it.
            if let Some(login) = self.only_the_author(&approval).filter(|_| approving) {
                approval.problem = Some(format!(
                    "only {login} can give it, and {login} opened this change: nobody approves their own pull request"
                ));
                approval.who.clear();
                approval.blocked = true;
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
        let mut target_name = None;
        match target {
            Ok(id) => match snapshot.person(&id) {
                None => {
                    approval.problem = Some(format!(
                        "{entry} {id} is not a teammate on the base branch, so cannot approve yet"
                    ))
                }
                Some(found) => {
                    target_name = Some(format!("{} ({id})", found.value.name.value));
                    match &found.value.github {
                        Some(login) => approval.who.push(login.value.clone()),
                        None => {
                            approval.problem = Some(format!(
                                "{entry} {id} has no GitHub login in their placement"
                            ))
                        }
                    }
                }
            },
            Err(problem) => approval.problem = Some(format!("{} {problem}", change.name)),
        }
        let named = !approval.who.is_empty();
        exclude_subject(snapshot, change, &mut approval);
        let target_name = target_name.unwrap_or_else(|| entry.to_string());
        if !approving {
            return approval;
        }
        if named && approval.who.is_empty() {
            self.stand_in(
                &mut approval,
                change,
                format!("{entry} is {target_name}, the person changed"),
            );
        } else if self.only_the_author(&approval).is_some() {
            self.stand_in(
                &mut approval,
                change,
                format!("{entry} is {target_name}, who opened this change"),
            );
        }
        approval
    }

    /// The author's login when it is the only one an approval names.
    fn only_the_author(&self, approval: &Approval) -> Option<String> {
        let all_author = !approval.who.is_empty()
            && approval.who.iter().all(|who| {
                self.author_logins
                    .iter()
                    .any(|login| login.eq_ignore_ascii_case(who))
            });
        all_author.then(|| approval.who[0].clone())
    }

    /// Hands a role that falls to someone who may not give it to the policy's `fallback`, else
    /// its `owners`; with neither, the change can never be approved.
    fn stand_in(&self, approval: &mut Approval, change: &PersonChange, why: String) {
        let (key, entries) = if self.policy.fallback.is_empty() {
            ("owners", &self.policy.owners)
        } else {
            ("fallback", &self.policy.fallback)
        };
        if entries.is_empty() {
            approval.problem = Some(format!(
                "{why}, and the policy names no `fallback` or `owners` to approve instead"
            ));
            approval.who.clear();
            approval.blocked = true;
            return;
        }
        approval.who = entries
            .iter()
            .map(|entry| entry.value.trim_start_matches('@').to_string())
            .collect();
        approval.problem = None;
        approval.stand_in = Some(format!("{why}; the policy's {key} approve instead"));
        exclude_subject(self.authority, change, approval);
        if approval.who.is_empty() || self.only_the_author(approval).is_some() {
            approval.who.clear();
            approval.problem = Some(format!("{why}, and the policy's {key} are the same person"));
            approval.blocked = true;
        }
    }
}

/// Sets aside the logins of the teammate a change is about: nobody approves their own change,
/// even as its director or a member of the approving team.
pub(super) fn exclude_subject(
    authority: &Snapshot,
    change: &PersonChange,
    approval: &mut Approval,
) {
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
                stand_in: None,
                blocked: false,
            },
            Approval {
                change: "level change for Kofi".into(),
                rule: "level".into(),
                approver: "acme/people".into(),
                who: vec!["acme/people".into()],
                problem: None,
                excluded: vec!["kofi".into()],
                stand_in: None,
                blocked: false,
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
