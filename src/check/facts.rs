//! What the checks need of a tree across files, kept so that a change to a few placements is
//! checked without reading the rest: every finding the tree had, each teammate's id, file,
//! login and lead, whom the case files name, who directs a team, and the approvals each
//! teammate could never get. [`Facts::plan`] says which files a change reaches and what must be
//! read to check them; [`Facts::verdict`] joins their findings, found afresh, to the kept ones.
//! The result is what [`super::check_snapshot`] gives on the whole changed tree, or a reason to
//! check the whole tree instead. Nothing here reads files.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};

use rustc_hash::FxHashMap;

use serde::{Deserialize, Serialize};

use crate::Pos;
use crate::finding::{CODES, Finding, Location, Severity, sort_findings};
use crate::policy::{Strand, stranded_who, strands, unapprovable_of};
use crate::snapshot::{Snapshot, display_path};

/// Findings about the whole tree, found again from the facts rather than kept.
const WHOLE_TREE: [&str; 3] = ["unknown-approver", "unapprovable", "unapprovable-by-lead"];

/// The facts of one complete snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    root: String,
    /// Why no change to this tree can be checked in part, when none can.
    whole: Option<String>,
    findings: Vec<StoredFinding>,
    /// Every placement file, parsed or not, in the roster's order (id, then file).
    people: Vec<Person>,
    /// Ids a case file names as its person or an author.
    named_by_cases: BTreeSet<String>,
    directors: BTreeSet<String>,
    /// The teammates some approval strands, by file, with how they are named.
    strands: Vec<(String, String, Vec<StoredStrand>)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Person {
    id: String,
    /// The path under the folder.
    rel: String,
    parsed: bool,
    login: Option<String>,
    email: Option<String>,
    lead: Option<String>,
}

impl Person {
    fn of(id: String, rel: String, placement: Option<&crate::placement::Placement>) -> Person {
        let value = |field: Option<&crate::Spanned<String>>| field.map(|it| it.value.clone());
        Person {
            id,
            rel,
            parsed: placement.is_some(),
            login: value(placement.and_then(|p| p.github.as_ref())),
            email: value(placement.and_then(|p| p.email.as_ref())),
            lead: value(placement.and_then(|p| p.lead_id())),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct StoredFinding {
    severity: u8,
    code: String,
    message: String,
    location: Option<(String, [u32; 4])>,
    help: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct StoredStrand {
    by_lead: bool,
    approver: String,
    pos: [u32; 4],
    key: String,
}

fn pos_parts(pos: Pos) -> [u32; 4] {
    [pos.line, pos.column, pos.offset, pos.len]
}

fn pos_of([line, column, offset, len]: [u32; 4]) -> Pos {
    Pos {
        line,
        column,
        offset,
        len,
    }
}

impl StoredFinding {
    fn of(finding: &Finding) -> StoredFinding {
        StoredFinding {
            severity: finding.severity as u8,
            code: finding.code.to_string(),
            message: finding.message.clone(),
            location: finding
                .location
                .as_ref()
                .map(|location| (location.file.clone(), pos_parts(location.pos))),
            help: finding.help.clone(),
        }
    }

    /// The finding again, its code one of [`CODES`]; `None` for a code this ladder lacks.
    fn finding(&self) -> Option<Finding> {
        let code = CODES.iter().find(|code| code.code == self.code)?.code;
        let severity = [Severity::Error, Severity::Warning, Severity::Notice]
            .into_iter()
            .find(|severity| *severity as u8 == self.severity)?;
        Some(Finding {
            severity,
            code,
            message: self.message.clone(),
            location: self.location.as_ref().map(|(file, pos)| Location {
                file: file.clone(),
                pos: pos_of(*pos),
            }),
            help: self.help.clone(),
        })
    }
}

/// A change to one placement file, as the head holds it.
pub struct ChangedPerson<'a> {
    /// The path under the folder.
    pub rel: &'a str,
    /// Its id, when the head holds the file.
    pub head: Option<HeadPerson<'a>>,
}

/// A changed placement at the head: parsed, or only there.
pub struct HeadPerson<'a> {
    pub id: &'a str,
    pub placement: Option<&'a crate::placement::Placement>,
}

/// What a change reaches: the files whose findings are found afresh, and the files to read so
/// that every reference they take part in is there.
#[derive(Debug, Clone)]
pub struct Plan<'f> {
    /// Display paths of the placements found afresh.
    pub reach: BTreeSet<String>,
    /// Paths under the folder of the placements to read.
    pub read: BTreeSet<String>,
    gone: BTreeSet<String>,
    people: Vec<Cow<'f, Person>>,
}

impl Facts {
    /// The facts of a complete snapshot and its findings.
    pub fn of(snapshot: &Snapshot, findings: &[Finding]) -> Facts {
        let root = snapshot.root.clone();
        let prefix = format!("{}/", root.trim_end_matches('/'));
        let rel_of = |file: &str| {
            if root == "." || root.is_empty() {
                file.to_string()
            } else {
                file.strip_prefix(&prefix).unwrap_or(file).to_string()
            }
        };
        let parsed: HashMap<&str, &crate::snapshot::Entry<crate::placement::Placement>> = snapshot
            .people
            .iter()
            .map(|entry| (entry.file.as_str(), entry))
            .collect();
        let people = snapshot
            .roster
            .iter()
            .map(|(id, file)| {
                let placement = parsed.get(file.as_str()).map(|entry| &entry.value);
                Person::of(id.clone(), rel_of(file), placement)
            })
            .collect();
        let named_by_cases = snapshot
            .cases
            .iter()
            .flat_map(|case| std::iter::once(&case.value.person).chain(&case.value.authors))
            .map(|id| id.value.clone())
            .collect();
        let directors = snapshot
            .teams
            .iter()
            .filter_map(|team| team.value.director.as_ref())
            .map(|director| director.value.clone())
            .collect();
        let mut strands: Vec<_> = snapshot
            .people
            .iter()
            .filter_map(|entry| stored_strands(snapshot, entry))
            .collect();
        strands.sort_by(|a, b| a.0.cmp(&b.0));
        Facts {
            whole: whole_tree_reason(snapshot, findings),
            root,
            findings: findings.iter().map(StoredFinding::of).collect(),
            people,
            named_by_cases,
            directors,
            strands,
        }
    }

    /// The facts of the tree a change leads to, from these facts, the change's plan, the files
    /// it read ([`Facts::prepare`]d) and their [`Facts::verdict`]: what [`Facts::of`] gives on
    /// the whole changed tree. The change touches placements alone, so the cases and the teams
    /// are as they were, and these facts judged the tree in part (no framework on one scale, no
    /// team without a director, no lead rule it could not judge).
    pub fn carried(&self, plan: Plan<'_>, snapshot: &Snapshot, findings: &[Finding]) -> Facts {
        let mut strands: Vec<(String, String, Vec<StoredStrand>)> = self
            .strands
            .iter()
            .filter(|(file, _, _)| !plan.reach.contains(file) && !plan.gone.contains(file))
            .cloned()
            .collect();
        strands.extend(
            snapshot
                .people
                .iter()
                .filter(|entry| plan.reach.contains(&entry.file))
                .filter_map(|entry| stored_strands(snapshot, entry)),
        );
        strands.sort_by(|a, b| a.0.cmp(&b.0));
        let people: Vec<Person> = plan.people.into_iter().map(Cow::into_owned).collect();
        let tops = people
            .iter()
            .filter(|person| person.parsed && person.lead.is_none())
            .count();
        Facts {
            root: self.root.clone(),
            whole: (tops > 1).then(|| MANY_TOPS.to_string()),
            findings: findings.iter().map(StoredFinding::of).collect(),
            people,
            named_by_cases: self.named_by_cases.clone(),
            directors: self.directors.clone(),
            strands,
        }
    }

    fn file(&self, rel: &str) -> String {
        display_path(&self.root, rel)
    }

    /// The placement files that could be the author's: those whose login or email is one of
    /// `names` (ASCII case ignored), and those that did not parse.
    pub fn files_naming(&self, names: &[String]) -> Vec<&str> {
        let same = |known: &Option<String>| {
            known
                .as_deref()
                .is_some_and(|known| names.iter().any(|name| name.eq_ignore_ascii_case(known)))
        };
        self.people
            .iter()
            .filter(|person| !person.parsed || same(&person.login) || same(&person.email))
            .map(|person| person.rel.as_str())
            .collect()
    }

    /// The file of the one placement with id `id`; `None` for none or several.
    pub fn file_of(&self, id: &str) -> Option<&str> {
        let at = self
            .people
            .partition_point(|person| person.id.as_str() < id);
        match &self.people[at..] {
            [only, rest @ ..] if only.id == id && rest.first().is_none_or(|next| next.id != id) => {
                Some(&only.rel)
            }
            _ => None,
        }
    }

    /// What a change to these placement files reaches, or why the whole tree must be checked.
    pub fn plan(&self, changed: &[ChangedPerson<'_>]) -> Result<Plan<'_>, String> {
        if let Some(why) = &self.whole {
            return Err(why.clone());
        }
        let touched: HashSet<&str> = changed.iter().map(|change| change.rel).collect();
        let base_side: Vec<&Person> = self
            .people
            .iter()
            .filter(|person| touched.contains(person.rel.as_str()))
            .collect();
        // Borrowed: a change of a few files should not copy 50,000 teammates.
        let mut people: Vec<Cow<'_, Person>> = self
            .people
            .iter()
            .filter(|person| !touched.contains(person.rel.as_str()))
            .map(Cow::Borrowed)
            .collect();
        let mut head_side: Vec<Person> = Vec::new();
        for change in changed {
            if let Some(head) = &change.head {
                head_side.push(Person::of(
                    head.id.to_string(),
                    change.rel.to_string(),
                    head.placement,
                ));
            }
        }
        for person in &head_side {
            let key = (person.id.as_str(), self.file(&person.rel));
            let at = people.partition_point(|other| {
                (other.id.as_str(), self.file(&other.rel)) < (key.0, key.1.clone())
            });
            people.insert(at, Cow::Owned(person.clone()));
        }
        let ids: HashSet<&str> = base_side
            .iter()
            .copied()
            .chain(&head_side)
            .map(|person| person.id.as_str())
            .collect();
        if let Some(id) = ids.iter().find(|id| self.directors.contains(**id)) {
            return Err(format!("`{id}` directs a team"));
        }
        if let Some(id) = ids.iter().find(|id| self.named_by_cases.contains(**id)) {
            return Err(format!("a case file names `{id}`"));
        }
        // The top of the tree is whoever has no lead: a change there is judged on every file.
        if base_side
            .iter()
            .copied()
            .chain(&head_side)
            .any(|person| person.parsed && person.lead.is_none())
        {
            return Err("the change touches the top of the lead tree".into());
        }
        let titled: BTreeSet<&str> = self
            .findings
            .iter()
            .filter(|finding| finding.code == "missing-title")
            .filter_map(|finding| finding.location.as_ref().map(|(file, _)| file.as_str()))
            .collect();
        if base_side
            .iter()
            .any(|person| titled.contains(self.file(&person.rel).as_str()))
        {
            return Err("a missing title moves with the change".into());
        }
        let head = Tree::of(people.iter().map(|person| &**person).collect(), true);
        let base = Tree::of(self.people.iter().collect(), false);
        let mut reach: BTreeSet<usize> = BTreeSet::new();
        for person in &head_side {
            reach.extend(head.by_rel(&person.id, &person.rel));
        }
        for person in base_side.iter().copied().chain(&head_side) {
            if let Some(login) = &person.login {
                reach.extend(head.by_login(login));
            }
            if let Some(lead) = &person.lead {
                reach.extend(head.by_id(lead));
            }
        }
        for id in &ids {
            reach.extend(head.by_id(id));
            for report in head.reports(id) {
                reach.insert(report);
                reach.extend(head.reports(&people[report].id));
            }
        }
        // A lead cycle is reported at its first member: any member may be the one.
        for person in &base_side {
            for id in base.chain(&person.id) {
                reach.extend(head.by_id(id));
            }
        }
        for person in &head_side {
            for id in head.chain(&person.id) {
                reach.extend(head.by_id(id));
            }
        }
        let mut read: BTreeSet<usize> = reach.clone();
        for &index in &reach {
            let person = &people[index];
            read.extend(head.reports(&person.id));
            for id in head.chain(&person.id) {
                read.extend(head.by_id(id));
            }
            if let Some(login) = &person.login {
                read.extend(head.by_login(login));
            }
        }
        for director in &self.directors {
            read.extend(head.by_id(director));
        }
        // Which of two files with one id a lookup finds depends on what else was read.
        if let Some(twice) = read
            .iter()
            .map(|&index| people[index].id.as_str())
            .find(|id| head.by_id(id).len() > 1)
        {
            return Err(format!("`{twice}` is the id of two files"));
        }
        let gone = base_side
            .iter()
            .filter(|person| !people.iter().any(|other| other.rel == person.rel))
            .map(|person| self.file(&person.rel))
            .collect();
        Ok(Plan {
            reach: reach
                .iter()
                .map(|&index| self.file(&people[index].rel))
                .collect(),
            read: read
                .iter()
                .filter(|&&index| people[index].parsed || reach.contains(&index))
                .map(|&index| people[index].rel.clone())
                .collect(),
            gone,
            people,
        })
    }

    /// Prepares a snapshot of the plan's files for [`Facts::verdict`]: it knows every teammate
    /// of the changed tree, read or not.
    pub fn prepare(&self, plan: &Plan<'_>, snapshot: &mut Snapshot) {
        snapshot.roster = plan
            .people
            .iter()
            .map(|person| (person.id.clone(), self.file(&person.rel)))
            .collect();
        snapshot.parsed_ids = Some(
            plan.people
                .iter()
                .filter(|person| person.parsed)
                .map(|person| person.id.clone())
                .collect(),
        );
    }

    /// Every finding of the changed tree: the kept ones outside the change's reach, and those
    /// found afresh in `snapshot` (read as the plan says, then [`Facts::prepare`]d) inside it.
    pub fn verdict(&self, plan: &Plan<'_>, snapshot: &Snapshot) -> Result<Vec<Finding>, String> {
        let fresh = super::check_snapshot(snapshot);
        if let Some(finding) = fresh
            .iter()
            .find(|finding| matches!(finding.code, "missing-title" | "lead-rule-unjudged"))
        {
            return Err(format!("the change meets a `{}` finding", finding.code));
        }
        let in_reach = |finding: &Finding| {
            finding
                .location
                .as_ref()
                .is_some_and(|location| plan.reach.contains(&location.file))
        };
        let parsed_changed = {
            // Sorted lists rather than sets: both come in id order already, so sorting them is
            // a pass over each.
            fn distinct(mut ids: Vec<&str>) -> Vec<&str> {
                ids.sort_unstable();
                ids.dedup();
                ids
            }
            let before = distinct(self.parsed_ids().collect());
            let after = distinct(
                plan.people
                    .iter()
                    .filter(|person| person.parsed)
                    .map(|person| person.id.as_str())
                    .collect(),
            );
            before != after
        };
        let mut findings = Vec::new();
        for stored in &self.findings {
            let Some(finding) = stored.finding() else {
                return Err(format!("`{}` is not a code this ladder knows", stored.code));
            };
            let file = finding.location.as_ref().map(|location| &location.file);
            if in_reach(&finding)
                || file.is_some_and(|file| plan.gone.contains(file))
                || WHOLE_TREE.contains(&finding.code)
            {
                continue;
            }
            // Its "did you mean" is picked from every teammate's id.
            if finding.code == "unknown-person" && parsed_changed {
                return Err("a name that points at nobody may now mean someone else".into());
            }
            findings.push(finding);
        }
        findings.extend(fresh.into_iter().filter(in_reach));
        if let Some(framework) = &snapshot.framework {
            let named = super::framework::approver_logins(framework);
            let known: HashSet<String> = plan
                .people
                .iter()
                .filter(|person| person.parsed)
                .filter_map(|person| person.login.as_deref())
                .map(|login| lowercase(login.trim_start_matches('@')))
                .filter(|login| named.contains(login.as_ref()))
                .map(Cow::into_owned)
                .collect();
            super::framework::check_approvers_among(&known, framework, &mut findings);
            findings.extend(self.unapprovable(plan, snapshot, &framework.file));
        }
        sort_findings(&mut findings);
        Ok(findings)
    }

    fn parsed_ids(&self) -> impl Iterator<Item = &str> {
        self.people
            .iter()
            .filter(|person| person.parsed)
            .map(|person| person.id.as_str())
    }

    /// The approvals no one could give, from the kept strands outside the reach and the strands
    /// found afresh inside it, in the order of the people.
    fn unapprovable(
        &self,
        plan: &Plan<'_>,
        snapshot: &Snapshot,
        framework_file: &str,
    ) -> Vec<Finding> {
        let kept: HashMap<&str, (&str, Vec<Strand>)> = self
            .strands
            .iter()
            .filter(|(file, _, _)| !plan.reach.contains(file) && !plan.gone.contains(file))
            .map(|(file, who, stored)| {
                let strands = stored
                    .iter()
                    .map(|strand| Strand {
                        by_lead: strand.by_lead,
                        approver: strand.approver.clone(),
                        pos: pos_of(strand.pos),
                        key: strand.key.clone(),
                    })
                    .collect();
                (file.as_str(), (who.as_str(), strands))
            })
            .collect();
        let mut people: Vec<(String, Vec<Strand>)> = Vec::new();
        for person in plan.people.iter().filter(|person| person.parsed) {
            let file = self.file(&person.rel);
            if plan.reach.contains(&file) {
                if let Some(entry) = snapshot.people.iter().find(|entry| entry.file == file) {
                    people.push((stranded_who(entry), strands(snapshot, entry)));
                }
            } else if let Some((who, strands)) = kept.get(file.as_str()) {
                people.push(((*who).to_string(), strands.clone()));
            }
        }
        unapprovable_of(
            framework_file,
            people
                .iter()
                .map(|(who, strands)| (who.as_str(), strands.as_slice())),
        )
    }
}

const MANY_TOPS: &str = "the tree has more than one top";

/// The approvals `entry` strands, as the facts keep them: `None` for none.
fn stored_strands(
    snapshot: &Snapshot,
    entry: &crate::snapshot::Entry<crate::placement::Placement>,
) -> Option<(String, String, Vec<StoredStrand>)> {
    let found = strands(snapshot, entry);
    (!found.is_empty()).then(|| {
        let stored = found
            .into_iter()
            .map(|strand| StoredStrand {
                by_lead: strand.by_lead,
                approver: strand.approver,
                pos: pos_parts(strand.pos),
                key: strand.key,
            })
            .collect();
        (entry.file.clone(), stranded_who(entry), stored)
    })
}

/// Why a tree's changes must always be checked whole: what `check` finds of the tree at large
/// (its top, a team's director climbing lead lines, rules judged over every lead).
fn whole_tree_reason(snapshot: &Snapshot, findings: &[Finding]) -> Option<String> {
    let Some(framework) = &snapshot.framework else {
        return Some("the tree has no framework".into());
    };
    if framework.value.grade(1).is_some() {
        return Some("levels share one scale, so the top of the tree is judged by grade".into());
    }
    if let Some(team) = snapshot
        .teams
        .iter()
        .find(|team| team.value.director.is_none())
    {
        return Some(format!("team `{}` has no director", team.id));
    }
    let tops = snapshot
        .people
        .iter()
        .filter(|entry| entry.value.lead_id().is_none())
        .count();
    if tops > 1 {
        return Some(MANY_TOPS.into());
    }
    if findings
        .iter()
        .any(|finding| finding.code == "lead-rule-unjudged")
    {
        return Some("a rule for leads cannot judge some leads".into());
    }
    None
}

/// The lead tree of placements sorted by id: looked up by id, login and lead.
struct Tree<'a> {
    people: Vec<&'a Person>,
    by_login: FxHashMap<Cow<'a, str>, Vec<usize>>,
    reports: FxHashMap<&'a str, Vec<usize>>,
}

impl<'a> Tree<'a> {
    /// With `edges`, the logins and reports are mapped too: one pass over everyone.
    fn of(people: Vec<&'a Person>, edges: bool) -> Tree<'a> {
        let mut by_login = FxHashMap::default();
        let mut reports: FxHashMap<&'a str, Vec<usize>> = FxHashMap::default();
        if edges {
            for (index, person) in people.iter().enumerate() {
                if let Some(login) = &person.login {
                    by_login
                        .entry(lowercase(login))
                        .or_insert_with(Vec::new)
                        .push(index);
                }
                if let Some(lead) = &person.lead {
                    reports.entry(lead.as_str()).or_default().push(index);
                }
            }
        }
        Tree {
            people,
            by_login,
            reports,
        }
    }

    fn by_id(&self, id: &str) -> std::ops::Range<usize> {
        let start = self
            .people
            .partition_point(|person| person.id.as_str() < id);
        let end = self
            .people
            .partition_point(|person| person.id.as_str() <= id);
        start..end
    }

    fn by_rel(&self, id: &str, rel: &str) -> Option<usize> {
        self.by_id(id).find(|&index| self.people[index].rel == rel)
    }

    fn by_login(&self, login: &str) -> Vec<usize> {
        self.by_login
            .get(&lowercase(login))
            .cloned()
            .unwrap_or_default()
    }

    fn reports(&self, id: &str) -> Vec<usize> {
        self.reports.get(id).cloned().unwrap_or_default()
    }

    /// The ids above `id` on its lead line, up to the top or round a cycle once.
    fn chain(&self, id: &str) -> Vec<&'a str> {
        let mut above: Vec<&'a str> = Vec::new();
        let mut current: &str = id;
        while let Some(lead) = self
            .by_id(current)
            .find_map(|index| self.people[index].lead.as_deref())
        {
            let parsed = self.by_id(lead).any(|index| self.people[index].parsed);
            if !parsed || lead == id || above.contains(&lead) {
                break;
            }
            above.push(lead);
            current = lead;
        }
        above
    }
}

/// `text` in ASCII lower case, copied only when it has upper case: most logins have none.
fn lowercase(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|byte| byte.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}
