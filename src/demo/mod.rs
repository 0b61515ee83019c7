//! `ladder init --demo`: a git repository holding the shipped framework and two years of made-up
//! history, so that every command has something real to show on a first run. Hires, steps,
//! promotions with case files, a departure, a transfer between teams, squash and merge commits
//! with pull-request numbers, and one lead (Leo Martins) who grants steps about 2.5 times as
//! often as the others. The same seed gives the same story; dates end on the day it is run.

mod shipped;

/// The demo's README: what it holds, and promoting someone first, as a lead would.
const DEMO_README: &str = "# Northwind's career framework (a ladder demo)

Made by `ladder init --demo`: the framework in `ladders/`, two years of made-up history in git.

Promote someone as a lead would, without writing YAML:

```sh
ladder propose                                    # in a terminal: pick a teammate and a change, confirm
ladder propose kofi-mensah --step +1 --dry-run    # or name it: what would be written, who approves
```

Then look around: `ladder check`, `ladder log`, `ladder show kofi-mensah`, `ladder pace` (one lead
grants steps about 2.5 times as often as the others), `ladder calibrate`, `ladder render --out site`.
";

use std::collections::BTreeMap;
use std::path::Path;

pub use shipped::SHIPPED;

/// The lead whose people move faster.
pub const FAST_LEAD: &str = "leo-martins";

/// Why the demo could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(
        "{0} already exists and is not empty: ladder init --demo writes a new folder and never overwrites"
    )]
    Exists(String),
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot make the demo repository in {path}: {source}")]
    Git { path: String, source: git2::Error },
}

/// What the demo wrote, for the closing message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Demo {
    pub commits: usize,
    pub pull_requests: usize,
    pub teammates: usize,
    /// Someone promoted during the story, for `ladder show`.
    pub promoted: Option<String>,
}

/// One teammate as the story moves them.
#[derive(Debug, Clone)]
struct Teammate {
    id: String,
    name: String,
    github: String,
    team: String,
    track: String,
    level: u32,
    step: u32,
    lead: String,
    role: Option<String>,
    /// Lines the story does not change (the schema comment, a `since`).
    rest: Vec<String>,
}

impl Teammate {
    fn parse(id: &str, text: &str) -> Option<Teammate> {
        let mut teammate = Teammate {
            id: id.to_string(),
            name: String::new(),
            github: String::new(),
            team: String::new(),
            track: String::new(),
            level: 0,
            step: 0,
            lead: String::new(),
            role: None,
            rest: Vec::new(),
        };
        for line in text.lines() {
            let (key, value) = line.split_once(':').unwrap_or((line, ""));
            let value = value.trim().to_string();
            match key {
                "name" => teammate.name = value,
                "github" => teammate.github = value,
                "team" => teammate.team = value,
                "track" => teammate.track = value,
                "level" => teammate.level = value.parse().ok()?,
                "step" => teammate.step = value.parse().ok()?,
                "lead" => teammate.lead = value,
                "role" => teammate.role = Some(value),
                _ => teammate.rest.push(line.to_string()),
            }
        }
        Some(teammate)
    }

    fn path(&self) -> String {
        format!("people/{}/{}.yml", self.team, self.id)
    }

    fn text(&self) -> String {
        let mut text = String::new();
        for line in self.rest.iter().filter(|line| line.starts_with('#')) {
            text.push_str(line);
            text.push('\n');
        }
        text.push_str(&format!(
            "name: {}\ngithub: {}\nteam: {}\ntrack: {}\nlevel: {}\nstep: {}\n",
            self.name, self.github, self.team, self.track, self.level, self.step
        ));
        if let Some(role) = &self.role {
            text.push_str(&format!("role: {role}\n"));
        }
        if !self.lead.is_empty() {
            text.push_str(&format!("lead: {}\n", self.lead));
        }
        for line in self.rest.iter().filter(|line| !line.starts_with('#')) {
            text.push_str(line);
            text.push('\n');
        }
        text
    }

    /// The highest level the story promotes this teammate to: makers in Engineering up to
    /// Staff, Heroes without a role up to Hero III; nobody else changes level here.
    fn level_cap(&self) -> Option<u32> {
        match (self.team.as_str(), self.track.as_str(), &self.role) {
            ("engineering", "maker", _) => Some(6),
            ("happiness", "maker", None) => Some(3),
            _ => None,
        }
    }
}

/// The people who joined during the story, with their logins.
const HIRES: [(&str, &str, &str); 4] = [
    ("noor-haddad", "Noor Haddad", "noorh"),
    ("elias-berg", "Elias Berg", "eberg"),
    ("yara-costa", "Yara Costa", "yaracosta"),
    ("malik-osei", "Malik Osei", "malikosei"),
];

/// Leads who take the new hires, in order.
const HIRING_LEADS: [&str; 4] = [
    "tomas-lindqvist",
    "grace-adeyemi",
    "leo-martins",
    "hana-sato",
];

/// A pull request of the story: the files it writes and removes, who opened it, its title.
struct Change {
    title: String,
    author: String,
    writes: Vec<(String, String)>,
    removes: Vec<String>,
    day: jiff::civil::Date,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> DemoError + '_ {
    move |source| DemoError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Writes the demo repository into `dir`, which must not exist or be empty, with history up to
/// `today`.
pub fn write_demo(dir: &Path, today: jiff::civil::Date) -> Result<Demo, DemoError> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir).map_err(io(dir))?.next().is_none();
        if !empty {
            return Err(DemoError::Exists(dir.display().to_string()));
        }
    }
    // Build beside the target and rename at the end: never a half-made repository.
    let parent = dir
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let staging = parent.join(format!(".ladder-demo-{}", std::process::id()));
    let built = std::fs::create_dir(&staging)
        .map_err(io(&staging))
        .and_then(|()| build(&staging, today))
        .and_then(|demo| {
            if dir.exists() {
                std::fs::remove_dir(dir).map_err(io(dir))?;
            }
            std::fs::rename(&staging, dir).map_err(io(dir))?;
            Ok(demo)
        });
    if built.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    let demo = built?;
    Ok(demo)
}

fn git(dir: &Path) -> impl FnOnce(git2::Error) -> DemoError + '_ {
    move |source| DemoError::Git {
        path: dir.display().to_string(),
        source,
    }
}

fn build(root: &Path, today: jiff::civil::Date) -> Result<Demo, DemoError> {
    let mut options = git2::RepositoryInitOptions::new();
    options.initial_head("main");
    let repo = git2::Repository::init_opts(root, &options).map_err(git(root))?;
    let start = today
        .checked_sub(jiff::Span::new().months(24))
        .unwrap_or(today);
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    let mut people: BTreeMap<String, Teammate> = BTreeMap::new();
    for (path, text) in SHIPPED {
        if path.starts_with("cases/") {
            continue;
        }
        if let Some(rest) = path.strip_prefix("people/") {
            let id = rest
                .rsplit('/')
                .next()
                .and_then(|name| name.strip_suffix(".yml"))
                .unwrap_or(rest);
            if let Some(teammate) = Teammate::parse(id, text) {
                people.insert(id.to_string(), teammate);
                continue;
            }
        }
        files.insert((*path).to_string(), (*text).to_string());
    }
    // Two years ago everyone stood at the first step of their level.
    for teammate in people.values_mut() {
        teammate.step = 1;
    }
    for teammate in people.values() {
        files.insert(teammate.path(), teammate.text());
    }
    for kind in crate::schema::FOLDER_KINDS {
        files.insert(
            format!("../schema/{}", crate::schema::file_name(kind)),
            crate::schema::schema_json(kind).unwrap_or_default(),
        );
    }
    files.insert("../README.md".into(), DEMO_README.into());
    let mut story = Story {
        repo: &repo,
        root,
        number: 100,
        commits: 0,
    };
    story.commit(
        &files,
        &[],
        "Our career framework and where everyone stands",
        ("Priya Raman", "priya-raman"),
        start,
        None,
    )?;
    let mut rng = fastrand::Rng::with_seed(7);
    let mut promoted = None;
    for month in 0..24 {
        let first = start
            .checked_add(jiff::Span::new().months(month))
            .unwrap_or(start);
        let mut changes = monthly_changes(&mut people, &mut rng, month, first, &mut promoted);
        changes.sort_by_key(|change| change.day);
        for change in changes {
            let day = change.day.min(today);
            for path in &change.removes {
                files.remove(path);
            }
            for (path, text) in &change.writes {
                files.insert(path.clone(), text.clone());
            }
            let author = people
                .get(&change.author)
                .map_or_else(|| change.author.clone(), |lead| lead.name.clone());
            let merged = story.number.is_multiple_of(3);
            story.number += 1;
            story.commit(
                &files,
                &change.removes,
                &change.title,
                (&author, &change.author),
                day,
                Some(merged),
            )?;
        }
    }
    let pull_requests = usize::try_from(story.number - 100).unwrap_or(0);
    Ok(Demo {
        commits: story.commits,
        pull_requests,
        teammates: people.len(),
        promoted,
    })
}

/// Moves in one month of the story.
fn monthly_changes(
    people: &mut BTreeMap<String, Teammate>,
    rng: &mut fastrand::Rng,
    month: i64,
    first: jiff::civil::Date,
    promoted: &mut Option<String>,
) -> Vec<Change> {
    let mut changes = Vec::new();
    // Who moved team or left this month takes no other step in it.
    let mut settled: Vec<String> = Vec::new();
    let day = |rng: &mut fastrand::Rng| {
        first
            .checked_add(jiff::Span::new().days(rng.i64(1..27)))
            .unwrap_or(first)
    };
    if month == 10 {
        // A Hero moves from Happiness to Engineering, under a new lead.
        let mover = people
            .values()
            .find(|t| {
                t.team == "happiness" && t.track == "maker" && t.role.is_none() && t.level <= 2
            })
            .map(|t| t.id.clone());
        if let Some(id) = mover
            && let Some(before) = people.get(&id).cloned()
        {
            let mut after = before.clone();
            after.team = "engineering".into();
            after.lead = "grace-adeyemi".into();
            changes.push(Change {
                title: format!("{} joins Engineering", after.name),
                author: "marisol-ortega".into(),
                writes: vec![(after.path(), after.text())],
                removes: vec![before.path()],
                day: day(rng),
            });
            settled.push(id.clone());
            people.insert(id, after);
        }
    }
    if month == 14 {
        // Someone who leads nobody leaves.
        let leaving = people
            .values()
            .filter(|t| t.team == "engineering" && t.track == "maker")
            .find(|t| !people.values().any(|other| other.lead == t.id) && t.lead != FAST_LEAD)
            .map(|t| t.id.clone());
        if let Some(id) = leaving
            && let Some(gone) = people.remove(&id)
        {
            settled.push(id);
            changes.push(Change {
                title: format!("{} leaves Northwind", gone.name),
                author: gone.lead.clone(),
                writes: Vec::new(),
                removes: vec![gone.path()],
                day: day(rng),
            });
        }
    }
    let ids: Vec<String> = people.keys().cloned().collect();
    for id in ids.iter().filter(|id| !settled.contains(id)) {
        let Some(teammate) = people.get(id) else {
            continue;
        };
        // 1.5 moves a year; Leo Martins's people two and a half times as often.
        let chance = if teammate.lead == FAST_LEAD {
            0.31
        } else {
            0.125
        };
        if teammate.lead.is_empty() || rng.f64() >= chance {
            continue;
        }
        let mut after = teammate.clone();
        let lead = teammate.lead.clone();
        let date = day(rng);
        if after.step < 4 {
            after.step += 1;
            changes.push(Change {
                title: format!("Step up for {}", after.name),
                author: lead,
                writes: vec![(after.path(), after.text())],
                removes: Vec::new(),
                day: date,
            });
        } else if after.level_cap().is_some_and(|cap| after.level < cap) {
            after.level += 1;
            after.step = 1;
            let quarter = (date.month() - 1) / 3 + 1;
            let case = format!(
                "cases/{}-q{quarter}/{}-level-{}.md",
                date.year(),
                after.id,
                after.level
            );
            let text = format!(
                "---\nperson: {}\ntrack: {}\nlevel: {}\nauthors: [{lead}]\ndate: {date}\n---\n\n## Scope of influence\n\nMade up for the demo: {} has been working at the next level's scope for two quarters.\n\n## Ownership\n\nMade up for the demo: the work {} owns now is what the next level asks for.\n",
                after.id, after.track, after.level, after.name, after.name
            );
            changes.push(Change {
                title: format!("Promote {} to level {}", after.name, after.level),
                author: lead,
                writes: vec![(after.path(), after.text()), (case, text)],
                removes: Vec::new(),
                day: date,
            });
            promoted.get_or_insert_with(|| after.id.clone());
        } else {
            continue;
        }
        people.insert(id.clone(), after);
    }
    if month % 6 == 3 {
        let index = usize::try_from(month / 6).unwrap_or(0);
        let (id, name, github) = HIRES[index % HIRES.len()];
        let lead = HIRING_LEADS[index % HIRING_LEADS.len()];
        let hire = Teammate {
            id: id.into(),
            name: name.into(),
            github: github.into(),
            team: "engineering".into(),
            track: "maker".into(),
            level: 1 + u32::try_from(index % 2).unwrap_or(0),
            step: 1,
            lead: lead.into(),
            role: None,
            rest: vec![
                "# yaml-language-server: $schema=../../../schema/placement.schema.json".into(),
            ],
        };
        changes.push(Change {
            title: format!("Welcome {name}"),
            author: lead.into(),
            writes: vec![(hire.path(), hire.text())],
            removes: Vec::new(),
            day: day(rng),
        });
        people.insert(id.into(), hire);
    }
    changes
}

/// Writes commits the way GitHub lands pull requests.
struct Story<'a> {
    repo: &'a git2::Repository,
    root: &'a Path,
    number: u64,
    commits: usize,
}

impl Story<'_> {
    fn signature(
        name: &str,
        email: &str,
        day: jiff::civil::Date,
    ) -> Result<git2::Signature<'static>, git2::Error> {
        let seconds = day
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .map_or(0, |zoned| zoned.timestamp().as_second())
            + 15 * 3600;
        git2::Signature::new(name, email, &git2::Time::new(seconds, 0))
    }

    /// The tree of `files` (paths under `ladders/`, or `../` for the repository's top).
    fn tree(
        &self,
        files: &BTreeMap<String, String>,
        removed: &[String],
    ) -> Result<git2::Oid, DemoError> {
        for path in removed {
            let full = self.root.join("ladders").join(path);
            if full.exists() {
                std::fs::remove_file(&full).map_err(io(&full))?;
            }
        }
        for (path, text) in files {
            let full = match path.strip_prefix("../") {
                Some(top) => self.root.join(top),
                None => self.root.join("ladders").join(path),
            };
            if std::fs::read_to_string(&full).is_ok_and(|old| old == *text) {
                continue;
            }
            if let Some(parent) = full.parent() {
                std::fs::create_dir_all(parent).map_err(io(parent))?;
            }
            std::fs::write(&full, text).map_err(io(&full))?;
        }
        let mut index = self.repo.index().map_err(git(self.root))?;
        index
            .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
            .map_err(git(self.root))?;
        index.update_all(["*"], None).map_err(git(self.root))?;
        index.write().map_err(git(self.root))?;
        index.write_tree().map_err(git(self.root))
    }

    /// One landed pull request: squashed, or merged from a branch (`merged`); `None` for the
    /// first commit, which is no pull request.
    fn commit(
        &mut self,
        files: &BTreeMap<String, String>,
        removed: &[String],
        title: &str,
        (name, id): (&str, &str),
        day: jiff::civil::Date,
        merged: Option<bool>,
    ) -> Result<(), DemoError> {
        let tree_id = self.tree(files, removed)?;
        let tree = self.repo.find_tree(tree_id).map_err(git(self.root))?;
        let author = Self::signature(name, &format!("{id}@northwind.example"), day)
            .map_err(git(self.root))?;
        let github =
            Self::signature("GitHub", "noreply@github.com", day).map_err(git(self.root))?;
        let parent = self
            .repo
            .head()
            .ok()
            .and_then(|head| head.peel_to_commit().ok());
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        let number = self.number;
        match merged {
            None => {
                self.repo
                    .commit(Some("HEAD"), &author, &author, title, &tree, &parents)
                    .map_err(git(self.root))?;
                self.commits += 1;
            }
            Some(false) => {
                let message = format!("{title} (#{number})");
                self.repo
                    .commit(Some("HEAD"), &author, &github, &message, &tree, &parents)
                    .map_err(git(self.root))?;
                self.commits += 1;
            }
            Some(true) => {
                let branch = self
                    .repo
                    .commit(None, &author, &author, title, &tree, &parents)
                    .map_err(git(self.root))?;
                let branch = self.repo.find_commit(branch).map_err(git(self.root))?;
                let mut both = parents.clone();
                both.push(&branch);
                let slug: String = title
                    .to_lowercase()
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                    .collect();
                let message = format!(
                    "Merge pull request #{number} from northwind/{}\n\n{title}",
                    slug.trim_matches('-')
                );
                self.repo
                    .commit(Some("HEAD"), &author, &github, &message, &tree, &both)
                    .map_err(git(self.root))?;
                self.commits += 2;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_folder_is_the_shipped_one() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("ladders");
        let mut on_disk: Vec<String> = Vec::new();
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("read") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let rel = path.strip_prefix(&root).expect("inside");
                    on_disk.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        on_disk.sort();
        let embedded: Vec<String> = SHIPPED
            .iter()
            .map(|(path, _)| (*path).to_string())
            .collect();
        assert_eq!(embedded, on_disk, "regenerate src/demo/shipped.rs");
    }
}
