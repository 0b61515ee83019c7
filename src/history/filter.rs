//! Which events `ladder log` shows: by person (across renames), dates, lead, team and kind.

use super::Event;

/// Which events `ladder log` shows.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// A teammate's id, current or from before a rename.
    pub person: Option<String>,
    pub since: Option<jiff::civil::Date>,
    pub until: Option<jiff::civil::Date>,
    /// Events of people who reported to this lead before or after the change.
    pub lead: Option<String>,
    pub team: Option<String>,
    /// A kind's name (`level-up`), or `level` / `step` for both directions.
    pub kind: Option<String>,
}

impl Filter {
    pub fn matches(&self, event: &Event) -> bool {
        let positions = || event.before.iter().chain(event.after.iter());
        self.person.as_ref().is_none_or(|person| {
            &*event.person == person.as_str() || &*event.id_then == person.as_str()
        }) && self.since.is_none_or(|since| event.date >= since)
            && self.until.is_none_or(|until| event.date <= until)
            && self
                .lead
                .as_ref()
                .is_none_or(|lead| positions().any(|p| p.lead.as_deref() == Some(lead.as_str())))
            && self
                .team
                .as_ref()
                .is_none_or(|team| positions().any(|p| &*p.team == team.as_str()))
            && self.kind.as_ref().is_none_or(|kind| {
                let name = event.kind.name();
                name == kind
                    || name.strip_suffix("-up").or(name.strip_suffix("-down")) == Some(kind)
            })
    }
}

impl Filter {
    /// Says when a name the filter gives is nobody's the history has ever known, with the
    /// nearest one: a typo must not read as "no changes". `teams` are the tree's own teams,
    /// which may not have appeared in any change yet.
    pub fn unknown_names(&self, events: &[Event], teams: &[&str]) -> Option<String> {
        use crate::finding::did_you_mean;
        if self.person.is_none() && self.lead.is_none() && self.team.is_none() {
            return None;
        }
        // Sets, not lists: a history of 50,000 teammates made a list's lookups quadratic.
        let mut known: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
        let mut people: Vec<&str> = Vec::new();
        let mut names: Vec<(&str, &str)> = Vec::new();
        let mut known_teams: Vec<&str> = teams.to_vec();
        let mut seen_teams: rustc_hash::FxHashSet<&str> = teams.iter().copied().collect();
        for event in events {
            for id in [&*event.person, &*event.id_then] {
                if known.insert(id) {
                    people.push(id);
                    names.push((&*event.name, &*event.person));
                }
            }
            for position in event.before.iter().chain(event.after.iter()) {
                if seen_teams.insert(&position.team) {
                    known_teams.push(&position.team);
                }
            }
        }
        let suggest = |wrong: &str| {
            did_you_mean(wrong, people.iter().copied())
                .or_else(|| {
                    did_you_mean(wrong, names.iter().map(|(name, _)| *name)).and_then(|name| {
                        names
                            .iter()
                            .find(|(known, _)| *known == name)
                            .map(|(_, id)| *id)
                    })
                })
                .map_or_else(String::new, |id| format!(" (did you mean `{id}`?)"))
        };
        for (flag, wanted) in [("", &self.person), ("--lead ", &self.lead)] {
            if let Some(wanted) = wanted
                && !known.contains(wanted.as_str())
            {
                return Some(format!(
                    "{flag}`{wanted}` is no teammate the history has ever known{}",
                    suggest(wanted)
                ));
            }
        }
        if let Some(team) = &self.team
            && !seen_teams.contains(team.as_str())
        {
            known_teams.sort_unstable();
            let hint = did_you_mean(team, known_teams.iter().copied())
                .map_or_else(String::new, |near| format!(" (did you mean `{near}`?)"));
            return Some(format!(
                "--team `{team}` is no team the history or the tree has{hint}: expected one of {}",
                known_teams.join(", ")
            ));
        }
        None
    }
}
