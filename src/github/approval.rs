//! Real reviews against the approvals a change needs. Each reviewer's latest decisive review
//! counts: a later plain comment does not cancel an approval, a later "changes requested" or a
//! dismissal does. The pull request's author never counts, and approvals given before the last
//! push can be set aside.

use std::collections::BTreeMap;

use serde::Deserialize;

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
}
