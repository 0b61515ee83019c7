//! Real reviews against the approvals a change needs. Each reviewer's latest decisive review
//! counts: a later plain comment does not cancel an approval, a later "changes requested" or a
//! dismissal does. The pull request's author never counts, and approvals given before the last
//! push can be set aside.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::policy::Approval;

/// A review as GitHub's REST API lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Review {
    pub id: u64,
    pub user: Option<ReviewUser>,
    pub state: String,
    pub commit_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ReviewUser {
    pub login: String,
}

/// Logins (lower case) whose latest decisive review approves, oldest review first in `reviews`.
pub fn approvers(reviews: &[Review], author: &str, head_sha: Option<&str>) -> Vec<String> {
    let mut latest: BTreeMap<String, &Review> = BTreeMap::new();
    for review in reviews {
        let Some(user) = &review.user else {
            continue;
        };
        if matches!(
            review.state.as_str(),
            "APPROVED" | "CHANGES_REQUESTED" | "DISMISSED"
        ) {
            latest.insert(user.login.to_ascii_lowercase(), review);
        }
    }
    latest
        .into_iter()
        .filter(|(login, review)| {
            review.state == "APPROVED"
                && !login.eq_ignore_ascii_case(author)
                && head_sha.is_none_or(|head| review.commit_id.as_deref() == Some(head))
        })
        .map(|(login, _)| login)
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn review(id: u64, login: &str, state: &str, commit: &str) -> Review {
        Review {
            id,
            user: Some(ReviewUser {
                login: login.into(),
            }),
            state: state.into(),
            commit_id: Some(commit.into()),
        }
    }

    #[test]
    fn the_latest_decisive_review_counts_and_the_author_never_does() {
        let reviews = [
            review(1, "Priya", "APPROVED", "a"),
            review(2, "priya", "COMMENTED", "b"),
            review(3, "leo", "APPROVED", "a"),
            review(4, "leo", "CHANGES_REQUESTED", "b"),
            review(5, "kofi", "APPROVED", "b"),
        ];
        assert_eq!(approvers(&reviews, "kofi", None), ["priya"]);
        assert_eq!(approvers(&reviews, "kofi", Some("b")), Vec::<String>::new());
        assert_eq!(approvers(&reviews, "someone", Some("b")), ["kofi"]);
    }

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
