//! The framework as a static website that works opened from disk: no network, no script. An
//! index of tracks and teams with a levels × steps chart of headcounts, a page per track, a page
//! comparing each level with the next (and the tracks at one grade), the pace funnel of the
//! latest review, and with `people` a page per teammate. Headings in order, alt text on every
//! picture, system fonts, readable on a phone.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::compare::{Comparison, compare_levels};
use crate::framework::{Framework, Track};
use crate::pace::PaceReport;
use crate::snapshot::Position;
use crate::snapshot::Snapshot;
use crate::words::Words;

mod expectations;
mod factors;
use expectations::expectations_html;

#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("{0} has no readable framework.yml: run `ladder check` to see why")]
    NoFramework(String),
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// What to put on the site besides the framework.
pub struct Extras<'a> {
    /// The latest review, for the funnel (only when asked for: leads are people too).
    pub review: Option<&'a PaceReport>,
    /// A page per teammate (placements are personal data: off unless asked for).
    pub people: bool,
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "\
:root{color-scheme:light;--ink:#1b1f24;--muted:#4a5560;--line:#c9d1d9;--accent:#0b5cad;--add:#e6f4ea;--del:#fde8e8}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--ink);background:#fff}
header,main,footer{max-width:60rem;margin:0 auto;padding:0 1rem}
header{border-bottom:1px solid var(--line);padding-top:.75rem;padding-bottom:.75rem}
header a{color:var(--ink);font-weight:600;text-decoration:none}
a{color:var(--accent)}
h1{font-size:1.75rem;line-height:1.25}
h2{font-size:1.35rem;margin-top:2rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
h3{font-size:1.1rem;margin-bottom:.25rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.95rem}
th,td{border:1px solid var(--line);padding:.4rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f5f7}
.table{overflow-x:auto}
.muted{color:var(--muted)}
dl{margin:.5rem 0}
dt{font-weight:600;margin-top:.5rem}
dd{margin-left:0}
dd p{margin:.1rem 0}
dd ul{margin:.25rem 0;padding-left:1.25rem}
ins{background:var(--add);text-decoration:none}
del{background:var(--del)}
figure{margin:1rem 0}
figcaption{color:var(--muted);font-size:.9rem}
svg{max-width:100%;height:auto}
footer{color:var(--muted);font-size:.85rem;border-top:1px solid var(--line);margin-top:3rem;padding-top:1rem;padding-bottom:2rem}
@media (max-width:40rem){body{font-size:15px}h1{font-size:1.45rem}th,td{padding:.3rem}
.compare thead{display:none}
.compare table,.compare tbody,.compare tr,.compare th,.compare td{display:block;width:100%}
.compare tr{border:1px solid var(--line);margin-bottom:.75rem}
.compare th,.compare td{border:0;border-top:1px solid var(--line)}
.compare td::before{content:attr(data-label);display:block;font-size:.85rem;color:var(--muted)}}
";

fn page(title: &str, depth: usize, body: &str) -> String {
    let up = "../".repeat(depth);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<header><a href=\"{up}index.html\">Career framework</a></header>\n<main>\n{body}</main>\n<footer>Made by <code>ladder render</code> from the files in ladders/.</footer>\n</body>\n</html>\n",
        escape(title)
    )
}

fn track_file(track: &str) -> String {
    format!("track-{}.html", slug(track))
}

fn compare_file(track: &str, from: u32, to: u32) -> String {
    format!("compare-{}-{from}-{to}.html", slug(track))
}

fn grade_file(grade: u32) -> String {
    format!("grade-{grade}.html")
}

fn slug(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

fn level_heading(track: &Track, level: u32) -> String {
    let Some(found) = track.level(level) else {
        return format!("Level {level}");
    };
    let mut text = format!("Level {level}");
    if let Some(id) = &found.id {
        text.push_str(&format!(" ({})", id.value));
    }
    if let Some(name) = &found.name {
        text.push_str(&format!(": {name}"));
    }
    text
}

fn words_html(words: &[Words]) -> String {
    words
        .iter()
        .map(|word| match word {
            Words::Same(text) => escape(text),
            Words::Added(text) => format!("<ins>{}</ins>", escape(text)),
            Words::Removed(text) => format!("<del>{}</del>", escape(text)),
        })
        .collect()
}

/// Writes the site into `out` (created if missing; pages already there are replaced) and returns
/// the pages written, relative to `out`.
pub fn render(
    snapshot: &Snapshot,
    extras: &Extras<'_>,
    out: &Path,
) -> Result<Vec<PathBuf>, SiteError> {
    let framework = snapshot
        .framework
        .as_ref()
        .map(|entry| &entry.value)
        .ok_or_else(|| SiteError::NoFramework(snapshot.root.clone()))?;
    let mut pages: Vec<(PathBuf, String)> = Vec::new();
    let positions: Vec<(String, Position)> = snapshot
        .people
        .iter()
        .map(|entry| (entry.id.clone(), Position::of(snapshot, &entry.value)))
        .collect();
    pages.push((
        PathBuf::from("index.html"),
        index(snapshot, framework, &positions, extras),
    ));
    if factors::shown(framework) {
        pages.push((PathBuf::from(factors::FILE), factors::page_of(framework)));
    }
    for track in &framework.tracks {
        pages.push((
            PathBuf::from(track_file(&track.id)),
            track_page(snapshot, framework, track),
        ));
        for pair in track.levels.windows(2) {
            let (from, to) = (*pair[0].level, *pair[1].level);
            let left = format!("{}/{from}", *track.id);
            let right = format!("{}/{to}", *track.id);
            if let Ok(comparison) = compare_levels(framework, None, &left, &right) {
                let title = format!(
                    "{}: {} and {}",
                    track.name,
                    level_heading(track, from),
                    level_heading(track, to)
                );
                pages.push((
                    PathBuf::from(compare_file(&track.id, from, to)),
                    compare_page(&title, &comparison),
                ));
            }
        }
    }
    for (grade, tracks) in shared_grades(framework) {
        // Several levels of one track may share a grade: the first of two tracks is compared.
        let mut tracks = tracks;
        tracks.dedup_by(|a, b| a.0 == b.0);
        if let [(first, first_level), (second, second_level), ..] = tracks.as_slice() {
            let left = format!("{first}/{first_level}");
            let right = format!("{second}/{second_level}");
            if let Ok(comparison) = compare_levels(framework, None, &left, &right) {
                let title = format!("Grade {grade}: {first} and {second}");
                pages.push((
                    PathBuf::from(grade_file(grade)),
                    compare_page(&title, &comparison),
                ));
            }
        }
    }
    let mut written: Vec<PathBuf> = Vec::with_capacity(pages.len());
    for (path, html) in pages {
        write_page(out, &path, &html)?;
        written.push(path);
    }
    // Each teammate's page is written as it is made: 50,000 of them held at once would take
    // hundreds of megabytes.
    if extras.people {
        for (id, position) in &positions {
            if let Some(entry) = snapshot.person(id) {
                let path = PathBuf::from(format!("people/{}.html", slug(id)));
                let team = snapshot.team(&position.team);
                let mut html = person_page(
                    framework,
                    &entry.value.name.value,
                    &team.map_or_else(
                        || position.team.to_string(),
                        |team| team.value.name.value.clone(),
                    ),
                    position,
                );
                let assessed = factors::assessment_html(
                    framework,
                    position,
                    team.map(|team| &team.value),
                    &entry.value.assessment,
                );
                // Beside where they stand, before what the next level asks.
                if let Some(at) = html
                    .find("<h2>What ")
                    .or_else(|| html.find("<p>This is the top"))
                {
                    html.insert_str(at, &assessed);
                }
                write_page(out, &path, &html)?;
                written.push(path);
            }
        }
    }
    Ok(written)
}

/// One page, whole or not at all: written beside its place and renamed.
fn write_page(out: &Path, path: &Path, html: &str) -> Result<(), SiteError> {
    let full = out.join(path);
    if let Some(parent) = full.parent() {
        std::fs::create_dir_all(parent).map_err(|source| SiteError::Io {
            path: parent.display().to_string(),
            source,
        })?;
    }
    let temp = full.with_extension("html.tmp");
    std::fs::write(&temp, html)
        .and_then(|()| std::fs::rename(&temp, &full))
        .map_err(|source| SiteError::Io {
            path: full.display().to_string(),
            source,
        })
}

/// Grades held by more than one track, with each track's level at that grade.
fn shared_grades(framework: &Framework) -> BTreeMap<u32, Vec<(String, u32)>> {
    let mut grades: BTreeMap<u32, Vec<(String, u32)>> = BTreeMap::new();
    for track in &framework.tracks {
        for level in &track.levels {
            if let Some(grade) = framework.grade_of(Some(track), *level.level) {
                grades
                    .entry(grade)
                    .or_default()
                    .push((track.id.value.clone(), *level.level));
            }
        }
    }
    grades.retain(|_, tracks| tracks.iter().any(|(track, _)| *track != tracks[0].0));
    grades
}

fn index(
    snapshot: &Snapshot,
    framework: &Framework,
    positions: &[(String, Position)],
    extras: &Extras<'_>,
) -> String {
    let mut body = format!("<h1>{}</h1>\n", escape(&framework.name));
    body.push_str("<h2>Tracks</h2>\n<ul>\n");
    for track in &framework.tracks {
        let _ = writeln!(
            body,
            "<li><a href=\"{}\">{}</a> <span class=\"muted\">({}, {} {})</span></li>",
            track_file(&track.id),
            escape(&track.name),
            escape(&track.span()),
            track.levels.len(),
            if track.levels.len() == 1 {
                "level"
            } else {
                "levels"
            }
        );
    }
    body.push_str("</ul>\n");
    body.push_str(&factors::index_section(framework));
    let grades = shared_grades(framework);
    if !grades.is_empty() {
        body.push_str("<h2>Across tracks</h2>\n<ul>\n");
        for grade in grades.keys() {
            let _ = writeln!(
                body,
                "<li><a href=\"{}\">Grade {grade} on each track</a></li>",
                grade_file(*grade)
            );
        }
        body.push_str("</ul>\n");
    }
    body.push_str("<h2>Teams</h2>\n");
    for team in &snapshot.teams {
        let _ = writeln!(body, "<h3>{}</h3>", escape(&team.value.name));
        let people = positions
            .iter()
            .filter(|(_, position)| *position.team == team.id)
            .count();
        let _ = writeln!(
            body,
            "<p class=\"muted\">{people} {}</p>",
            if people == 1 { "person" } else { "people" }
        );
        let mut rows = String::new();
        for (track, titles) in &team.value.titles {
            let titles: Vec<String> = titles.iter().map(|title| escape(&title.value)).collect();
            let _ = writeln!(
                rows,
                "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
                escape(track),
                titles.join(" → ")
            );
        }
        if !rows.is_empty() {
            let _ = writeln!(
                body,
                "<div class=\"table\"><table><caption class=\"muted\">Titles, level by level</caption><tbody>\n{rows}</tbody></table></div>"
            );
        }
    }
    body.push_str("<h2>Where people stand</h2>\n");
    body.push_str(&headcount_svg(framework, positions));
    if let Some(review) = extras.review {
        body.push_str("<h2>Pace at the latest review</h2>\n");
        body.push_str(&funnel_svg(review, extras.people));
    }
    if extras.people {
        body.push_str("<h2>People</h2>\n<ul>\n");
        for (id, _) in positions {
            if let Some(entry) = snapshot.person(id) {
                let _ = writeln!(
                    body,
                    "<li><a href=\"people/{}.html\">{}</a></li>",
                    slug(id),
                    escape(&entry.value.name.value)
                );
            }
        }
        body.push_str("</ul>\n");
    }
    page(&framework.name, 0, &body)
}

fn track_page(snapshot: &Snapshot, framework: &Framework, track: &Track) -> String {
    let mut body = format!("<h1>{}</h1>\n", escape(&track.name));
    if let Some(description) = &track.description {
        let _ = writeln!(body, "<p>{}</p>", escape(description));
    }
    let steps = framework.steps_of(track);
    let _ = writeln!(
        body,
        "<p class=\"muted\">Steps inside each level: {}.</p>",
        escape(&steps.span())
    );
    let prices = crate::pricing::Prices::of(framework);
    if let Some(multipliers) = prices
        .as_ref()
        .and_then(crate::pricing::Prices::multipliers_words)
    {
        let _ = writeln!(
            body,
            "<p class=\"muted\">Yearly pay is the band's amount for the step, multiplied by: {}.</p>",
            escape(&multipliers)
        );
    }
    for (index, level) in track.levels.iter().enumerate() {
        let number = *level.level;
        let _ = writeln!(
            body,
            "<h2 id=\"level-{number}\">{}</h2>",
            escape(&level_heading(track, number))
        );
        let track_title = track.title(number);
        if let Some(title) = track_title {
            let _ = writeln!(body, "<p class=\"muted\">Title — {}</p>", escape(title));
        }
        // Teams that keep the track's title are not listed again.
        let titles: Vec<String> = snapshot
            .teams
            .iter()
            .filter_map(|team| {
                let title = team.value.own_title(track, number)?;
                (Some(title) != track_title)
                    .then(|| format!("{}: {}", escape(&team.value.name), escape(title)))
            })
            .collect();
        if !titles.is_empty() {
            let _ = writeln!(
                body,
                "<p class=\"muted\">Titles — {}</p>",
                titles.join("; ")
            );
        }
        if !level.summary.trim().is_empty() {
            let _ = writeln!(body, "<p>{}</p>", escape(&level.summary));
        }
        body.push_str("<dl>\n");
        if let Some(focus) = &level.focus {
            let _ = writeln!(body, "<dt>Focus</dt><dd>{}</dd>", escape(focus));
        }
        if let Some(typical) = &level.typical_months_to_next {
            let what = if index + 1 == track.levels.len() {
                "Typical tenure"
            } else {
                "Typical time to the next level"
            };
            let _ = writeln!(
                body,
                "<dt>{what}</dt><dd>{}</dd>",
                escape(&typical.value.to_string())
            );
        }
        if let Some(years) = &level.years {
            let _ = writeln!(
                body,
                "<dt>Years of experience</dt><dd>{}</dd>",
                escape(&years.value.to_string())
            );
        }
        if level.internal_only {
            body.push_str("<dt>Filled</dt><dd>by promotion only</dd>\n");
        }
        for (heading, text) in &level.notes {
            let _ = writeln!(
                body,
                "<dt>{}</dt><dd>{}</dd>",
                escape(heading),
                escape(text)
            );
        }
        if let Some(band) = prices
            .as_ref()
            .and_then(|prices| prices.band_words(&track.id, number))
        {
            let _ = writeln!(
                body,
                "<dt>Yearly pay, by step</dt><dd>{}</dd>",
                escape(&band)
            );
        }
        body.push_str(&expectations_html(framework, track, level));
        body.push_str("</dl>\n");
        if let Some(next) = track.levels.get(index + 1) {
            let _ = writeln!(
                body,
                "<p><a href=\"{}\">What changes from level {number} to level {}</a></p>",
                compare_file(&track.id, number, *next.level),
                *next.level
            );
        }
    }
    page(&track.name, 0, &body)
}

fn compare_page(title: &str, comparison: &Comparison) -> String {
    let mut body = format!("<h1>{}</h1>\n", escape(title));
    if let Some(grades) = &comparison.grades {
        let _ = writeln!(body, "<p class=\"muted\">{}.</p>", escape(grades));
    }
    let side = |side: &crate::compare::Side| {
        let mut text = escape(&side.reference);
        if let Some(title) = &side.title {
            text.push_str(&format!(" · {}", escape(title)));
        }
        text
    };
    body.push_str("<p>Words added on the right are <ins>marked like this</ins>; words dropped are <del>marked like this</del>.</p>\n");
    let _ = writeln!(
        body,
        "<div class=\"table compare\"><table>\n<thead><tr><th scope=\"col\"></th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">What changes</th></tr></thead>\n<tbody>",
        side(&comparison.left),
        side(&comparison.right)
    );
    let (left, right) = (
        escape(&comparison.left.reference),
        escape(&comparison.right.reference),
    );
    let _ = writeln!(
        body,
        "<tr><th scope=\"row\">Summary</th><td data-label=\"{left}\">{}</td><td data-label=\"{right}\">{}</td><td data-label=\"What changes\">{}</td></tr>",
        escape(&comparison.left.summary),
        escape(&comparison.right.summary),
        words_html(&comparison.summary_words)
    );
    for row in &comparison.factors {
        let cell = |criteria: &Option<Vec<String>>| {
            criteria.as_ref().map_or_else(
                || "<span class=\"muted\">—</span>".to_string(),
                |criteria| {
                    criteria
                        .iter()
                        .map(|c| escape(c))
                        .collect::<Vec<_>>()
                        .join("<br>")
                },
            )
        };
        let _ = writeln!(
            body,
            "<tr><th scope=\"row\">{}</th><td data-label=\"{left}\">{}</td><td data-label=\"{right}\">{}</td><td data-label=\"What changes\">{}</td></tr>",
            escape(&row.name),
            cell(&row.left),
            cell(&row.right),
            words_html(&row.words)
        );
    }
    body.push_str("</tbody></table></div>\n");
    page(title, 0, &body)
}

fn person_page(framework: &Framework, name: &str, team: &str, position: &Position) -> String {
    let mut body = format!("<h1>{}</h1>\n", escape(name));
    let track_name = framework
        .track(&position.track)
        .map_or_else(|| position.track.to_string(), |track| track.name.clone());
    let _ = writeln!(
        body,
        "<p>{} · {} track · {}</p>",
        escape(team),
        escape(&track_name),
        escape(&position.words())
    );
    if let Some(title) = &position.title {
        let _ = writeln!(body, "<p>Title: {}</p>", escape(title));
    }
    if let Some(track) = framework.track(&position.track) {
        let _ = writeln!(
            body,
            "<p><a href=\"../{}#level-{}\">The level in full</a></p>",
            track_file(&track.id),
            position.level
        );
        if let Some(next) = track
            .levels
            .iter()
            .find(|level| *level.level > position.level)
        {
            let _ = writeln!(
                body,
                "<h2>What {} asks</h2>\n<p>{}</p>\n<dl>",
                escape(&level_heading(track, *next.level)),
                escape(&next.summary)
            );
            body.push_str(&expectations_html(framework, track, next));
            body.push_str("</dl>\n");
        } else {
            body.push_str("<p>This is the top of the track.</p>\n");
        }
    }
    page(name, 1, &body)
}

/// Levels down, steps across, a circle per place sized by how many stand there.
fn headcount_svg(framework: &Framework, positions: &[(String, Position)]) -> String {
    let mut counts: BTreeMap<(String, u32, u32), usize> = BTreeMap::new();
    for (_, position) in positions {
        *counts
            .entry((position.track.to_string(), position.level, position.step))
            .or_default() += 1;
    }
    let rows: Vec<(&Track, u32)> = framework
        .tracks
        .iter()
        .flat_map(|track| track.levels.iter().map(move |level| (track, *level.level)))
        .collect();
    let most_steps = framework
        .tracks
        .iter()
        .map(|track| framework.steps_of(track).count())
        .max()
        .unwrap_or(0);
    // Without steps anywhere, one column of people per level, and no step is named.
    let stepless = most_steps == 0;
    let steps = most_steps.max(1);
    let (what, caption) = if stepless {
        ("People at each level", "that level")
    } else {
        ("People at each level and step", "that level and step")
    };
    let (left, top, cell, row) = (150.0, 30.0, 70.0, 34.0);
    let width = left + cell * f64::from(steps) + 20.0;
    let height = top + row * rows.len() as f64 + 10.0;
    let most = counts.values().copied().max().unwrap_or(1).max(1) as f64;
    let total: usize = counts.values().sum();
    let mut svg = format!(
        "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"headcount-title\"><title id=\"headcount-title\">{what}: {total} in all</title>\n"
    );
    for step in (1..=steps).filter(|_| !stepless) {
        let x = left + cell * (f64::from(step) - 0.5);
        let _ = writeln!(
            svg,
            "<text x=\"{x}\" y=\"18\" text-anchor=\"middle\" font-size=\"13\" fill=\"#4a5560\">step {step}</text>"
        );
    }
    for (index, (track, level)) in rows.iter().enumerate() {
        let y = top + row * (index as f64 + 0.5);
        let _ = writeln!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"13\" fill=\"#1b1f24\">{} {level}</text>",
            left - 10.0,
            y + 4.0,
            escape(&track.name)
        );
        let track_steps = framework.steps_of(track).count();
        for step in 0..=steps {
            let Some(&count) = counts.get(&(track.id.value.clone(), *level, step)) else {
                continue;
            };
            let column = if track_steps == 0 { 1 } else { step.max(1) };
            let x = left + cell * (f64::from(column) - 0.5);
            let radius = 4.0 + 11.0 * (count as f64 / most).sqrt();
            let place = if track_steps == 0 {
                format!("level {level}")
            } else {
                format!("level {level}, step {step}")
            };
            let _ = writeln!(
                svg,
                "<circle cx=\"{x}\" cy=\"{y}\" r=\"{radius:.1}\" fill=\"#0b5cad\" fill-opacity=\"0.8\"><title>{} {place}: {count}</title></circle><text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#1b1f24\">{count}</text>",
                escape(&track.name),
                x + radius + 3.0,
                y + 4.0
            );
        }
    }
    let _ = writeln!(
        svg,
        "</svg><figcaption>Each circle is the number of people at {caption}.</figcaption></figure>"
    );
    svg
}

/// Each tested lead's rate against their exposure, the reference rate, the 95% and 99.8% limits
/// and the review's flag line.
/// The funnel; leads are named only on a site that names people, else numbered in the order
/// drawn, since a lead is a person too.
fn funnel_svg(review: &PaceReport, named: bool) -> String {
    let Some(summary) = review
        .measures
        .iter()
        .find(|summary| summary.tested > 0 && !summary.funnel.is_empty())
    else {
        return "<p class=\"muted\">No lead had enough data to test at the latest review.</p>\n"
            .into();
    };
    let leads: Vec<_> = review
        .leads
        .iter()
        .filter(|lead| lead.tested && lead.measure == summary.measure && lead.exposure > 0.0)
        .collect();
    let (width, height, pad) = (640.0, 320.0, 48.0);
    let max_x = summary
        .funnel
        .iter()
        .map(|point| point.exposure)
        .fold(1.0_f64, f64::max);
    let max_y = leads
        .iter()
        .map(|lead| f64::from(lead.moves) / lead.exposure)
        .chain(summary.funnel.iter().map(|point| point.flag_high))
        .fold(summary.reference_rate * 2.0, f64::max)
        .max(1e-6);
    let x = |value: f64| pad + (width - 2.0 * pad) * value / max_x;
    let y = |value: f64| height - pad - (height - 2.0 * pad) * (value / max_y).min(1.0);
    let line = |pick: fn(&crate::pace::FunnelPoint) -> f64| {
        summary
            .funnel
            .iter()
            .map(|point| format!("{:.1},{:.1}", x(point.exposure), y(pick(point))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let label = review
        .review
        .as_ref()
        .map_or_else(|| review.date.to_string(), |review| review.label.clone());
    let flagged = leads.iter().filter(|lead| lead.flagged()).count();
    let mut svg = format!(
        "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"funnel-title\"><title id=\"funnel-title\">{} per {} for {} leads at the {label} review, {flagged} flagged, against the reference rate and its limits</title>\n",
        escape(summary.measure.title()),
        review.unit_one(),
        leads.len()
    );
    let _ = writeln!(
        svg,
        "<line x1=\"{pad}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#1b1f24\"/><line x1=\"{pad}\" y1=\"{pad}\" x2=\"{pad}\" y2=\"{}\" stroke=\"#1b1f24\"/>",
        height - pad,
        width - pad,
        height - pad,
        height - pad
    );
    let _ = writeln!(
        svg,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#4a5560\">{}</text><text x=\"14\" y=\"{}\" font-size=\"12\" fill=\"#4a5560\" transform=\"rotate(-90 14 {})\" text-anchor=\"middle\">moves per {}</text>",
        width / 2.0,
        height - 12.0,
        review.unit(),
        height / 2.0,
        height / 2.0,
        review.unit_one()
    );
    // The axes' ends, so a reader can put numbers on the dots.
    let _ = writeln!(
        svg,
        "<text x=\"{pad}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#4a5560\">0</text><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#4a5560\">{:.0}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"11\" fill=\"#4a5560\">{}</text>",
        height - pad + 14.0,
        width - pad,
        height - pad + 14.0,
        max_x,
        pad - 4.0,
        pad + 4.0,
        crate::pace::number(max_y)
    );
    for (pick, colour, dash) in [
        (
            (|p: &crate::pace::FunnelPoint| p.high_95) as fn(&crate::pace::FunnelPoint) -> f64,
            "#8a99a8",
            "4 3",
        ),
        (|p: &crate::pace::FunnelPoint| p.low_95, "#8a99a8", "4 3"),
        (|p: &crate::pace::FunnelPoint| p.high_998, "#4a5560", "2 2"),
        (|p: &crate::pace::FunnelPoint| p.low_998, "#4a5560", "2 2"),
        (|p: &crate::pace::FunnelPoint| p.flag_high, "#b3261e", ""),
        (|p: &crate::pace::FunnelPoint| p.flag_low, "#b3261e", ""),
    ] {
        let _ = writeln!(
            svg,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-dasharray=\"{dash}\"/>",
            line(pick)
        );
    }
    let _ = writeln!(
        svg,
        "<line x1=\"{pad}\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\" stroke=\"#0b5cad\"/>",
        y(summary.reference_rate),
        width - pad
    );
    for (number, lead) in leads.iter().enumerate() {
        let (cx, cy) = (x(lead.exposure), y(f64::from(lead.moves) / lead.exposure));
        let who = if named {
            lead.lead.to_string()
        } else {
            format!("lead {}", number + 1)
        };
        let fill = if lead.flagged() { "#b3261e" } else { "#0b5cad" };
        let _ = writeln!(
            svg,
            "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"5\" fill=\"{fill}\"><title>{}: {} moves in {:.0} {}{}</title></circle>",
            escape(&who),
            lead.moves,
            lead.exposure,
            review.unit(),
            if lead.flagged() { ", flagged" } else { "" }
        );
    }
    svg.push_str("</svg><figcaption>Each dot is a lead (red: flagged). Blue line: the reference rate; dashed: the 95% and 99.8% limits of the null, which allows for ordinary variation between leads; red lines: the review's flag line.</figcaption></figure>\n");
    svg
}
