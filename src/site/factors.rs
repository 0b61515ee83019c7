//! The factors on the site: a page of every factor with its description and its scale (each
//! milestone's name, description and behaviours), a list of them on the index, and a level's
//! expectations with the milestone it requires named. Shown only when some factor has a
//! description or a scale, so a framework of bare factor names renders as it always has.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{escape, page, slug};
use crate::Spanned;
use crate::framework::{Factor, Framework, Team};
use crate::snapshot::Position;

/// The factors page, beside the index.
pub(super) const FILE: &str = "factors.html";

/// Whether the framework says anything of its factors beyond their names.
pub(super) fn shown(framework: &Framework) -> bool {
    framework
        .factors
        .iter()
        .any(|factor| factor.description.is_some() || !factor.milestones.is_empty())
}

fn anchor(factor: &Factor) -> String {
    format!("factor-{}", slug(&factor.id))
}

/// The index's list of factors, each linked to its place on the factors page.
pub(super) fn index_section(framework: &Framework) -> String {
    if !shown(framework) {
        return String::new();
    }
    let mut body = String::from("<h2>Factors</h2>\n<ul>\n");
    for factor in &framework.factors {
        let scale = if factor.milestones.is_empty() {
            String::new()
        } else {
            format!(
                " <span class=\"muted\">({} milestones)</span>",
                factor.milestones.len()
            )
        };
        let _ = writeln!(
            body,
            "<li><a href=\"{FILE}#{}\">{}</a>{scale}</li>",
            anchor(factor),
            escape(&factor.name)
        );
    }
    body.push_str("</ul>\n");
    body
}

/// Every factor: its category, description and scale, point by point.
pub(super) fn page_of(framework: &Framework) -> String {
    let mut body = String::from("<h1>Factors</h1>\n<p>What levels are judged on.</p>\n");
    for factor in &framework.factors {
        let _ = writeln!(
            body,
            "<h2 id=\"{}\">{}</h2>",
            anchor(factor),
            escape(&factor.name)
        );
        if let Some(category) = factor
            .category
            .as_ref()
            .and_then(|id| framework.categories.iter().find(|c| c.id.value == id.value))
        {
            let _ = writeln!(
                body,
                "<p class=\"muted\">Category — {}</p>",
                escape(&category.name)
            );
        }
        if let Some(description) = &factor.description {
            let _ = writeln!(body, "<p>{}</p>", escape(description));
        }
        if factor.milestones.is_empty() {
            continue;
        }
        body.push_str("<p class=\"muted\">Milestones, from the first up; 0 is not yet at the first.</p>\n<ol>\n");
        for point in &factor.milestones {
            let point = &point.value;
            let mut item = String::new();
            match (&point.name, &point.description) {
                (Some(name), Some(description)) => {
                    let _ = write!(
                        item,
                        "<strong>{}</strong> — {}",
                        escape(name),
                        escape(description)
                    );
                }
                _ => item.push_str(&escape(point.label())),
            }
            if !point.behaviours.is_empty() {
                item.push_str("<ul>");
                for behaviour in &point.behaviours {
                    let _ = write!(item, "<li>{}</li>", escape(behaviour));
                }
                item.push_str("</ul>");
            }
            let _ = writeln!(body, "<li>{item}</li>");
        }
        body.push_str("</ol>\n");
    }
    page("Factors", 0, &body)
}

/// A teammate's assessment beside the milestone their level requires, factor by factor.
pub(super) fn assessment_html(
    framework: &Framework,
    position: &Position,
    team: Option<&Team>,
    assessment: &BTreeMap<String, Spanned<u32>>,
) -> String {
    let Some((track, level)) = framework
        .track(&position.track)
        .and_then(|track| Some((track, track.level(position.level)?)))
    else {
        return String::new();
    };
    let view = framework.view(track, level, team);
    let required: BTreeMap<&str, u32> = view
        .required()
        .map(|(factor, point)| (factor.id.value.as_str(), point))
        .collect();
    let mut rows = String::new();
    for factor in framework
        .factors
        .iter()
        .filter(|f| !f.milestones.is_empty())
    {
        let assessed = assessment.get(&*factor.id).map(|point| point.value);
        let wanted = required.get(factor.id.value.as_str()).copied();
        if assessed.is_none() && wanted.is_none() {
            continue;
        }
        let words = |point: Option<u32>, none: &str| {
            point.map_or_else(|| none.to_string(), |p| factor.milestone_words(p))
        };
        let below = match (assessed, wanted) {
            (Some(assessed), Some(wanted)) if assessed < wanted => " <strong>below</strong>",
            _ => "",
        };
        let _ = writeln!(
            rows,
            "<tr><th scope=\"row\">{}</th><td>{}{below}</td><td>{}</td></tr>",
            escape(&factor.name),
            escape(&words(assessed, "not assessed yet")),
            escape(&words(wanted, "nothing stated"))
        );
    }
    if rows.is_empty() {
        return String::new();
    }
    format!(
        "<h2>Assessment</h2>\n<div class=\"table\"><table>\n<thead><tr><th scope=\"col\">Factor</th><th scope=\"col\">Assessed at</th><th scope=\"col\">The level requires</th></tr></thead>\n<tbody>\n{rows}</tbody></table></div>\n"
    )
}
