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
