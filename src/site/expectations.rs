//! A level's expectations on its page: each factor that applies, with its words. Words another
//! level writes (`{as: below}`, `{as: IC4}`) are shown in full, saying which level they are
//! from, so a reader never has to look the other level up.

use std::fmt::Write as _;

use super::escape;
use crate::framework::{Framework, Level, Track};

/// The required milestone as a paragraph of its own, then the criteria as a paragraph (one) or
/// a list, each marked with the level it comes from when `marked`.
fn criteria_html(
    required: Option<&(String, Option<String>)>,
    criteria: &[(String, Option<String>)],
    marked: bool,
) -> String {
    let item = |(text, origin): &(String, Option<String>)| match origin {
        Some(origin) if marked => format!(
            "{} <span class=\"muted\">(from {})</span>",
            escape(text),
            escape(origin)
        ),
        _ => escape(text),
    };
    let required = required.map_or_else(String::new, |line| format!("<p>{}</p>", item(line)));
    match criteria {
        [] => return required,
        [one] => return format!("{required}<p>{}</p>", item(one)),
        _ => {}
    }
    let items: String = criteria
        .iter()
        .map(|criterion| format!("<li>{}</li>", item(criterion)))
        .collect();
    format!("{required}<ul>{items}</ul>")
}

/// A level's expectation on each factor that applies there, as `<dt>`/`<dd>` pairs.
pub(super) fn expectations_html(framework: &Framework, track: &Track, level: &Level) -> String {
    let mut out = String::new();
    for factor in &framework.factors {
        if !factor.applies(&track.id, *level.level) {
            continue;
        }
        // A chain that breaks is the check's to report; the page leaves the factor out.
        let Ok(Some(resolved)) = framework.expectation(None, track, level, &factor.id.value) else {
            continue;
        };
        let mut criteria: Vec<(String, Option<String>)> = resolved
            .lines()
            .into_iter()
            .zip(resolved.origins(track, *level.level))
            .collect();
        let required = resolved.required.is_some().then(|| criteria.remove(0));
        let sources = resolved.sources(track, *level.level);
        let body = match sources.as_slice() {
            [] => criteria_html(required.as_ref(), &criteria, false),
            [from] if criteria.iter().all(|(_, origin)| origin.is_some()) => format!(
                "<p class=\"muted\">Unchanged from {}</p>{}",
                escape(from),
                criteria_html(required.as_ref(), &criteria, false)
            ),
            _ => format!(
                "<p class=\"muted\">Builds on {}</p>{}",
                escape(&sources.join(", ")),
                criteria_html(required.as_ref(), &criteria, true)
            ),
        };
        let _ = writeln!(out, "<dt>{}</dt><dd>{body}</dd>", escape(&factor.name));
    }
    out
}
