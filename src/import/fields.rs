//! The part of a placement an HR export speaks for (name, email, login, team, position, lead,
//! location), read from a placement file and written back as one. Keys are written in one
//! order, every value quoted where YAML would read it otherwise, and what the export does not
//! speak for (a role, an assessment, `since`) is kept as the file had it.

use std::collections::BTreeMap;

use crate::framework::{Framework, LevelRef, StepRef, Steps};
use crate::placement::Placement;

/// A position by numbers: the track, the level's number on it, the step's (none on a track
/// without steps).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Spot {
    pub track: String,
    pub level: u32,
    pub step: Option<u32>,
}

/// What the import owns in a placement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    pub name: String,
    pub email: Option<String>,
    pub github: Option<String>,
    pub team: String,
    pub spot: Spot,
    pub lead: Option<String>,
    pub location: Option<String>,
}

/// What a placement holds beyond the import's fields, kept when the import rewrites it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kept {
    pub role: Option<String>,
    /// Several roles, kept as the file listed them under `roles:`.
    pub roles: Vec<String>,
    pub assessment: BTreeMap<String, u32>,
    pub since: Option<String>,
}

/// One field, for saying which one a contradiction is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Name,
    Email,
    Github,
    Team,
    Position,
    Lead,
    Location,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Name,
        Field::Email,
        Field::Github,
        Field::Team,
        Field::Position,
        Field::Lead,
        Field::Location,
    ];

    pub fn word(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Email => "email",
            Field::Github => "GitHub login",
            Field::Team => "team",
            Field::Position => "position",
            Field::Lead => "lead",
            Field::Location => "location",
        }
    }
}

impl Fields {
    /// The import's fields of a placement, with the framework that reads its level and step.
    pub fn of(placement: &Placement, framework: &Framework) -> Option<(Fields, Kept)> {
        let text = |value: &Option<crate::Spanned<String>>| {
            value
                .as_ref()
                .map(|value| value.value.trim().to_string())
                .filter(|value| !value.is_empty())
        };
        let track = framework.track(&placement.track)?;
        let level = placement.level_number(Some(framework))?;
        let step = match &placement.step {
            Some(step) => Some(framework.steps_of(track).number(step)?),
            None => None,
        };
        let fields = Fields {
            name: placement.name.value.clone(),
            email: text(&placement.email),
            github: text(&placement.github),
            team: placement.team.value.clone(),
            spot: Spot {
                track: placement.track.value.clone(),
                level,
                step,
            },
            lead: placement.lead_id().map(|lead| lead.value.clone()),
            location: text(&placement.location),
        };
        let kept = Kept {
            role: placement
                .role
                .as_ref()
                .map(|role| role.value.clone())
                .filter(|role| !role.trim().is_empty()),
            roles: placement
                .roles
                .iter()
                .flat_map(|roles| &roles.value)
                .map(|role| role.value.clone())
                .collect(),
            assessment: placement
                .assessment
                .iter()
                .map(|(factor, milestone)| (factor.clone(), milestone.value))
                .collect(),
            since: text(&placement.since),
        };
        Some((fields, kept))
    }

    /// Whether one field is the same in both.
    pub fn same(&self, other: &Fields, field: Field) -> bool {
        match field {
            Field::Name => self.name == other.name,
            Field::Email => self.email == other.email,
            Field::Github => self.github == other.github,
            Field::Team => self.team == other.team,
            Field::Position => self.spot == other.spot,
            Field::Lead => self.lead == other.lead,
            Field::Location => self.location == other.location,
        }
    }

    /// Takes one field from `other`.
    pub fn take(&mut self, other: &Fields, field: Field) {
        match field {
            Field::Name => self.name.clone_from(&other.name),
            Field::Email => self.email.clone_from(&other.email),
            Field::Github => self.github.clone_from(&other.github),
            Field::Team => self.team.clone_from(&other.team),
            Field::Position => self.spot = other.spot.clone(),
            Field::Lead => self.lead.clone_from(&other.lead),
            Field::Location => self.location.clone_from(&other.location),
        }
    }

    /// A field's value in words, for reports.
    pub fn shown(&self, field: Field) -> String {
        let or_none = |value: &Option<String>| value.clone().unwrap_or_else(|| "none".into());
        match field {
            Field::Name => self.name.clone(),
            Field::Email => or_none(&self.email),
            Field::Github => or_none(&self.github),
            Field::Team => self.team.clone(),
            Field::Position => self.spot.words(),
            Field::Lead => or_none(&self.lead),
            Field::Location => or_none(&self.location),
        }
    }
}

impl Spot {
    /// `maker/3/2`, the way the map writes positions.
    pub fn words(&self) -> String {
        match self.step {
            Some(step) => format!("{}/{}/{step}", self.track, self.level),
            None => format!("{}/{}", self.track, self.level),
        }
    }
}

/// The placement file: a comment naming the import, then the keys in one order.
pub fn placement_text(fields: &Fields, kept: &Kept, framework: &Framework, source: &str) -> String {
    let mut out = format!(
        "# Imported from {} by `ladder import`; change it by pull request.\n",
        source.replace('\n', " ")
    );
    let mut line = |key: &str, value: String| {
        out.push_str(key);
        out.push_str(": ");
        out.push_str(&value);
        out.push('\n');
    };
    line("name", scalar(&fields.name));
    if let Some(email) = &fields.email {
        line("email", scalar(email));
    }
    if let Some(github) = &fields.github {
        line("github", scalar(github));
    }
    line("team", scalar(&fields.team));
    line("track", scalar(&fields.spot.track));
    let track = framework.track(&fields.spot.track);
    // Numbers are written bare: quoted, `1` would be read as a label.
    match track
        .and_then(|track| track.level(fields.spot.level))
        .and_then(|level| level.id.as_ref())
    {
        Some(id) => line("level", scalar(&id.value)),
        None => line("level", fields.spot.level.to_string()),
    }
    if let Some(step) = fields.spot.step {
        match track.map(|track| framework.steps_of(track)) {
            Some(steps @ Steps::Labels(_)) => line("step", scalar(&steps.label(step))),
            _ => line("step", step.to_string()),
        }
    }
    if let Some(role) = &kept.role {
        line("role", scalar(role));
    }
    if !kept.roles.is_empty() {
        let roles: Vec<String> = kept.roles.iter().map(|role| scalar(role)).collect();
        line("roles", format!("[{}]", roles.join(", ")));
    }
    if let Some(location) = &fields.location {
        line("location", scalar(location));
    }
    if let Some(lead) = &fields.lead {
        line("lead", scalar(lead));
    }
    if let Some(since) = &kept.since {
        line("since", scalar(since));
    }
    if !kept.assessment.is_empty() {
        out.push_str("assessment:\n");
        for (factor, milestone) in &kept.assessment {
            out.push_str(&format!("  {}: {milestone}\n", scalar(factor)));
        }
    }
    out
}

/// A YAML scalar that reads back as the same string: plain when that is safe, else
/// double-quoted with escapes.
pub fn scalar(value: &str) -> String {
    let plain = !value.is_empty()
        && value.chars().next().is_some_and(char::is_alphanumeric)
        && !value.ends_with(' ')
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '_' | '\'' | '@' | '+'))
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        )
        // A number, a date or a version would be read as one.
        && !value.chars().next().is_some_and(|c| c.is_ascii_digit());
    if plain {
        return value.to_string();
    }
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Reads a level or step written in a position (`maker/IC3/B`) against the framework.
pub fn level_number(framework: &Framework, track: &str, level: &str) -> Option<u32> {
    let track = framework.track(track)?;
    Some(track.find(&LevelRef::parse(level))?.level.value)
}

pub fn step_number(framework: &Framework, track: &str, step: &str) -> Option<u32> {
    let track = framework.track(track)?;
    let step = match step.parse::<u32>() {
        Ok(number) => StepRef::Number(number),
        Err(_) => StepRef::Label(step.to_string()),
    };
    framework.steps_of(track).number(&step)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_read_back_as_written() {
        for value in [
            "Ada Lovelace",
            "Zoë O'Brien",
            "yes",
            "1042",
            "Smith, Jr.",
            "a: b",
            "#tag",
            "tab\there",
            "quote \" and \\",
            "",
        ] {
            let text = format!("v: {}\n", scalar(value));
            let read: std::collections::BTreeMap<String, String> =
                crate::yaml::parse(&text).expect(&text);
            assert_eq!(read["v"], value, "{text}");
        }
        assert_eq!(scalar("Ada Lovelace"), "Ada Lovelace");
    }

    #[test]
    fn a_rewritten_placement_keeps_its_roles_list() {
        let framework: Framework =
            crate::yaml::parse(include_str!("../../tests/fixtures/base/framework.yml"))
                .expect("framework");
        let placement: Placement = crate::yaml::parse(
            "name: Cy\nteam: eng\ntrack: maker\nlevel: 2\nstep: 1\nroles: [coordinator, tech-lead]\nlead: bob\n",
        )
        .expect("placement");
        let (fields, kept) = Fields::of(&placement, &framework).expect("fields");
        assert_eq!(kept.role, None);
        assert_eq!(kept.roles, ["coordinator", "tech-lead"]);
        let text = placement_text(&fields, &kept, &framework, "a test");
        assert!(
            text.contains("\nroles: [coordinator, tech-lead]\n"),
            "{text}"
        );
        assert!(!text.contains("\nrole:"), "{text}");
        let again: Placement = crate::yaml::parse(&text).expect(&text);
        let held: Vec<&str> = again
            .role_ids()
            .into_iter()
            .map(|role| role.value.as_str())
            .collect();
        assert_eq!(held, ["coordinator", "tech-lead"]);
    }
}
