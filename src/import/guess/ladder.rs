//! Tracks and levels guessed from what an export says of someone's job: level codes (`IC3`,
//! `M2`, `L4`, `P3-2`), one track per job family and the levels in the order of their numbers;
//! or, where there are no codes, the words of the titles (Senior, Staff, Manager, Director).
//! It guesses shapes only; the text written around them is `files.rs`'s.

use std::collections::{BTreeMap, BTreeSet};

/// A level code read as family, grade and step: `P3-2` is family `P`, grade 3, step 2.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Code {
    pub family: String,
    pub grade: u32,
    pub step: Option<u32>,
}

/// Reads a level code: up to four letters, a grade of one or two digits, then optionally a
/// step after `-`, `.` or `/`. `Level 3` and `Senior` are not codes.
pub fn read_code(text: &str) -> Option<Code> {
    let text = text.trim();
    let letters: String = text.chars().take_while(char::is_ascii_alphabetic).collect();
    let rest = &text[letters.len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if letters.len() > 4 || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let grade: u32 = digits.parse().ok()?;
    let rest = &rest[digits.len()..];
    let step = if rest.is_empty() {
        None
    } else {
        let step = rest.strip_prefix(['-', '.', '/'])?;
        if step.is_empty() || step.len() > 2 || !step.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        Some(step.parse().ok()?)
    };
    if grade == 0 || step == Some(0) {
        return None;
    }
    Some(Code {
        family: letters.to_ascii_uppercase(),
        grade,
        step,
    })
}

/// A track as guessed: its id and name, and its levels in order.
#[derive(Debug, Clone)]
pub struct GuessedTrack {
    pub id: String,
    pub name: String,
    /// Where the track came from, for the comment beside it.
    pub why: String,
    pub levels: Vec<GuessedLevel>,
}

#[derive(Debug, Clone)]
pub struct GuessedLevel {
    pub number: u32,
    /// The level's id (`P3`), when codes gave one.
    pub id: Option<String>,
    /// A name, when titles gave one (`Senior`).
    pub name: Option<String>,
    /// The values of the export that land on this level (codes or titles), in order.
    pub found: Vec<String>,
}

/// The whole guess: tracks, steps and each export value's position.
#[derive(Debug, Clone)]
pub struct GuessedLadder {
    pub tracks: Vec<GuessedTrack>,
    /// The highest step the codes name; `None`: the export names no steps.
    pub steps: Option<u32>,
    /// Level numbers are grades on one scale (codes), or each track counts from 1 (titles).
    pub shared: bool,
    /// Each value → `track/level[/step]`, as the map writes a position.
    pub positions: BTreeMap<String, String>,
}

/// Well-known job families: the letters of a code → track id and name.
fn family_track(family: &str) -> (String, String) {
    let known = match family {
        "IC" => Some(("ic", "Individual contributor")),
        "P" => Some(("professional", "Professional")),
        "M" => Some(("manager", "Manager")),
        "E" => Some(("executive", "Executive")),
        "T" => Some(("technical", "Technical")),
        "S" => Some(("support", "Support")),
        "L" | "" => Some(("level", "Level")),
        _ => None,
    };
    match known {
        Some((id, name)) => (id.to_string(), name.to_string()),
        None => (family.to_ascii_lowercase(), format!("{family} track")),
    }
}

/// Tracks from level codes: one per family, grades from the lowest found to the highest (a
/// grade no one holds between them is kept, as frameworks rarely skip one).
pub fn from_codes(values: &BTreeSet<String>) -> GuessedLadder {
    let mut families: BTreeMap<String, BTreeMap<u32, Vec<String>>> = BTreeMap::new();
    let mut codes = BTreeMap::new();
    for value in values {
        if let Some(code) = read_code(value) {
            families
                .entry(code.family.clone())
                .or_default()
                .entry(code.grade)
                .or_default()
                .push(value.clone());
            codes.insert(value.clone(), code);
        }
    }
    let steps = codes.values().filter_map(|code| code.step).max();
    let mut tracks = Vec::new();
    let mut ids = BTreeMap::new();
    for (family, grades) in &families {
        let (id, name) = family_track(family);
        ids.insert(family.clone(), id.clone());
        let (low, high) = (
            grades.keys().next().copied().unwrap_or(1),
            grades.keys().last().copied().unwrap_or(1),
        );
        let levels = (low..=high)
            .map(|grade| GuessedLevel {
                number: grade,
                id: Some(format!("{family}{grade}")),
                name: None,
                found: grades.get(&grade).cloned().unwrap_or_default(),
            })
            .collect();
        let why = if family.is_empty() {
            "from the level numbers".to_string()
        } else {
            format!("from the level codes {family}{low} to {family}{high}")
        };
        tracks.push(GuessedTrack {
            id,
            name,
            why,
            levels,
        });
    }
    let positions = codes
        .iter()
        .map(|(value, code)| {
            let track = &ids[&code.family];
            let level = format!("{}{}", code.family, code.grade);
            let position = match steps {
                Some(_) => format!("{track}/{level}/{}", code.step.unwrap_or(1)),
                None => format!("{track}/{level}"),
            };
            (value.clone(), position)
        })
        .collect();
    GuessedLadder {
        tracks,
        steps,
        shared: true,
        positions,
    }
}

/// Where a title's words put it: the manager track or not, a band, and a numeral after it
/// (`Software Engineer II`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    manager: bool,
    band: u32,
    numeral: u32,
}

const IC_BANDS: [&str; 6] = [
    "Entry",
    "Intermediate",
    "Senior",
    "Staff",
    "Principal",
    "Distinguished",
];
const MANAGER_BANDS: [&str; 7] = [
    "Team lead",
    "Manager",
    "Senior manager",
    "Director",
    "Senior director",
    "Vice president",
    "Executive",
];

fn rank(title: &str) -> Rank {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect();
    let has = |wanted: &[&str]| words.iter().any(|word| wanted.contains(&word.as_str()));
    let senior = has(&["senior", "sr"]);
    let numeral = words
        .last()
        .and_then(|word| match word.as_str() {
            "i" | "1" => Some(1),
            "ii" | "2" => Some(2),
            "iii" | "3" => Some(3),
            "iv" | "4" => Some(4),
            "v" | "5" => Some(5),
            _ => None,
        })
        .unwrap_or(0);
    let chief = has(&[
        "chief", "ceo", "cto", "cfo", "coo", "cpo", "cro", "cmo", "founder",
    ]);
    let manager_band = if chief {
        Some(6)
    } else if has(&["vp", "svp", "evp", "president"]) {
        Some(5)
    } else if has(&["director"]) {
        Some(if senior { 4 } else { 3 })
    } else if has(&["head"]) {
        Some(3)
    } else if has(&["manager", "leiter", "leiterin", "managerin"]) {
        Some(if senior { 2 } else { 1 })
    } else if has(&["supervisor", "teamleiter", "teamleiterin"])
        || (has(&["team"]) && has(&["lead"]))
    {
        Some(0)
    } else {
        None
    };
    if let Some(band) = manager_band {
        return Rank {
            manager: true,
            band,
            numeral,
        };
    }
    let band = if has(&["distinguished", "fellow"]) {
        5
    } else if has(&["principal"]) {
        4
    } else if has(&["staff", "lead"]) {
        3
    } else if senior {
        2
    } else if has(&[
        "junior",
        "jr",
        "associate",
        "intern",
        "trainee",
        "apprentice",
        "graduate",
        "werkstudent",
        "praktikant",
    ]) {
        0
    } else {
        1
    };
    Rank {
        manager: false,
        band,
        numeral,
    }
}

/// Tracks from titles' words: individual contributors and managers, each with the distinct
/// ranks found as its levels, numbered from 1.
pub fn from_titles(titles: &BTreeSet<String>) -> GuessedLadder {
    let mut ranks: BTreeMap<Rank, Vec<String>> = BTreeMap::new();
    for title in titles {
        ranks.entry(rank(title)).or_default().push(title.clone());
    }
    let mut tracks = Vec::new();
    let mut positions = BTreeMap::new();
    for manager in [false, true] {
        let (id, name, bands) = if manager {
            ("manager", "Manager", &MANAGER_BANDS[..])
        } else {
            ("ic", "Individual contributor", &IC_BANDS[..])
        };
        let mut levels = Vec::new();
        for (rank, found) in ranks.iter().filter(|(rank, _)| rank.manager == manager) {
            let number = u32::try_from(levels.len()).unwrap_or(u32::MAX) + 1;
            let band = bands
                .get(rank.band as usize)
                .copied()
                .unwrap_or("Level")
                .to_string();
            let name = match rank.numeral {
                0 => band,
                n => format!("{band} {}", ["I", "II", "III", "IV", "V"][(n - 1) as usize]),
            };
            for title in found {
                positions.insert(title.clone(), format!("{id}/{number}"));
            }
            levels.push(GuessedLevel {
                number,
                id: None,
                name: Some(name),
                found: found.clone(),
            });
        }
        if !levels.is_empty() {
            tracks.push(GuessedTrack {
                id: id.to_string(),
                name: name.to_string(),
                why: if manager {
                    "titles with Manager, Director, Head, VP or Chief".to_string()
                } else {
                    "titles without a manager's word".to_string()
                },
                levels,
            });
        }
    }
    GuessedLadder {
        tracks,
        steps: None,
        shared: false,
        positions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_codes_are_read_with_their_family_grade_and_step() {
        let code = |family: &str, grade, step| Code {
            family: family.into(),
            grade,
            step,
        };
        assert_eq!(read_code("IC3"), Some(code("IC", 3, None)));
        assert_eq!(read_code("m2"), Some(code("M", 2, None)));
        assert_eq!(read_code("P3-2"), Some(code("P", 3, Some(2))));
        assert_eq!(read_code("L4"), Some(code("L", 4, None)));
        assert_eq!(read_code("7"), Some(code("", 7, None)));
        for not in [
            "Senior",
            "Level 3",
            "IC",
            "P3-",
            "GR-P3",
            "IC3 Senior",
            "P0",
        ] {
            assert_eq!(read_code(not), None, "{not}");
        }
    }

    #[test]
    fn codes_make_one_track_per_family_with_the_grades_between_kept() {
        let values: BTreeSet<String> = ["M5", "M3", "P1", "P2", "P3-1", "P3-2"]
            .into_iter()
            .map(String::from)
            .collect();
        let ladder = from_codes(&values);
        let tracks: Vec<(&str, Vec<u32>)> = ladder
            .tracks
            .iter()
            .map(|t| (t.id.as_str(), t.levels.iter().map(|l| l.number).collect()))
            .collect();
        assert_eq!(
            tracks,
            [("manager", vec![3, 4, 5]), ("professional", vec![1, 2, 3])]
        );
        assert_eq!(ladder.steps, Some(2));
        assert_eq!(ladder.positions["M5"], "manager/M5/1");
        assert_eq!(ladder.positions["P3-2"], "professional/P3/2");
    }

    #[test]
    fn titles_are_ordered_by_their_words() {
        let titles: BTreeSet<String> = [
            "Software Engineer II",
            "Senior Software Engineer",
            "Software Engineer",
            "Account Executive",
            "Engineering Manager",
            "Director of Engineering",
            "Head of Sales",
            "Staff Engineer",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        let ladder = from_titles(&titles);
        let at = |title: &str| ladder.positions[title].clone();
        assert_eq!(at("Software Engineer"), "ic/1");
        assert_eq!(at("Account Executive"), "ic/1");
        assert_eq!(at("Software Engineer II"), "ic/2");
        assert_eq!(at("Senior Software Engineer"), "ic/3");
        assert_eq!(at("Staff Engineer"), "ic/4");
        assert_eq!(at("Engineering Manager"), "manager/1");
        assert_eq!(at("Director of Engineering"), "manager/2");
        assert_eq!(at("Head of Sales"), "manager/2");
        assert_eq!(ladder.steps, None);
    }
}
