//! Which column of an export is which field: header names as each HR system writes them, the
//! delimiter a file uses, and the refusals when a header cannot be told apart. Only the header
//! row is read here; the values of the columns taken are read through `roster`.

use std::io::Read as _;
use std::path::Path;

use crate::Pos;
use crate::finding::{Finding, did_you_mean};

use super::super::roster::{self, Dialect, Table, Wanted};
use super::*;
/// A part of a placement a column may give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Employee,
    Name,
    FirstName,
    LastName,
    Email,
    Github,
    Team,
    Title,
    Level,
    Lead,
    Hired,
    Date,
    Event,
}

impl Field {
    pub const ALL: [Field; 13] = [
        Field::Employee,
        Field::Name,
        Field::FirstName,
        Field::LastName,
        Field::Email,
        Field::Github,
        Field::Team,
        Field::Title,
        Field::Level,
        Field::Lead,
        Field::Hired,
        Field::Date,
        Field::Event,
    ];

    /// The field's name on the command line (`--column team=Department`) and in the report.
    pub fn key(self) -> &'static str {
        match self {
            Field::Employee => "employee",
            Field::Name => "name",
            Field::FirstName => "first-name",
            Field::LastName => "last-name",
            Field::Email => "email",
            Field::Github => "github",
            Field::Team => "team",
            Field::Title => "title",
            Field::Level => "level",
            Field::Lead => "lead",
            Field::Hired => "hired",
            Field::Date => "date",
            Field::Event => "event",
        }
    }

    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|field| field.key() == key)
    }

    /// Header names HR systems give this field, normalised (lower case, letters and digits
    /// only, `#` read as `number`), the likeliest first.
    fn headers(self) -> &'static [&'static str] {
        match self {
            Field::Employee => &[
                "employeenumber",
                "employeeid",
                "employeeno",
                "workerid",
                "personnelnumber",
                "personalnummer",
                "mitarbeiterid",
                "empid",
                "staffid",
                "employeecode",
                "id",
            ],
            Field::Name => &[
                "displayname",
                "preferredname",
                "fullname",
                "name",
                "legalname",
                "employeename",
                "workername",
                "worker",
                "employee",
            ],
            Field::FirstName => &[
                "firstname",
                "preferredfirstname",
                "legalfirstname",
                "givenname",
                "vorname",
            ],
            Field::LastName => &[
                "lastname",
                "preferredlastname",
                "legallastname",
                "surname",
                "familyname",
                "nachname",
            ],
            Field::Email => &[
                "workemail",
                "emailwork",
                "workemailaddress",
                "businessemail",
                "primaryworkemail",
                "companyemail",
                "email",
                "emailaddress",
                "emailadresse",
            ],
            Field::Github => &[
                "githubusername",
                "githublogin",
                "githubhandle",
                "githubuser",
                "github",
            ],
            Field::Team => &[
                "department",
                "workdepartment",
                "team",
                "abteilung",
                "supervisoryorganization",
                "division",
                "organization",
                "orgunit",
            ],
            Field::Title => &[
                "jobtitle",
                "title",
                "worktitle",
                "businesstitle",
                "position",
                "positiontitle",
                "jobprofile",
                "role",
                "stelle",
            ],
            Field::Level => &[
                "joblevel",
                "level",
                "worklevel",
                "careerlevel",
                "jobgrade",
                "grade",
            ],
            Field::Lead => &[
                "reportsto",
                "workreportsto",
                "manager",
                "managername",
                "manageremail",
                "managerid",
                "linemanager",
                "directmanager",
                "supervisor",
                "vorgesetzter",
                "workmanager",
            ],
            Field::Hired => &[
                "hiredate",
                "startdate",
                "workstartdate",
                "originalhiredate",
                "dateofhire",
                "eintrittsdatum",
                "joiningdate",
                "start",
            ],
            Field::Date => &[
                "effectivedate",
                "date",
                "effectivefrom",
                "changedate",
                "gultigab",
                "gültigab",
            ],
            Field::Event => &[
                "businessprocess",
                "event",
                "eventtype",
                "changereason",
                "reason",
                "action",
            ],
        }
    }

    /// Header names as exports write them, for messages.
    fn examples(self) -> &'static str {
        match self {
            Field::Employee => "Employee #, Employee ID, Worker ID, ID",
            Field::Name => "Name, Full Name, Display name, Legal Name",
            Field::FirstName => "First Name and Last Name, Vorname and Nachname",
            Field::LastName => "Last Name",
            Field::Email => "Work Email, Email - Work, Email, E-Mail",
            Field::Github => "GitHub Username, GitHub",
            Field::Team => "Department, Team, Supervisory Organization, Abteilung",
            Field::Title => "Job Title, Title, Position, Job Profile",
            Field::Level => "Job Level, Level, Grade",
            Field::Lead => "Reports To, Manager, Supervisor, Vorgesetzter",
            Field::Hired => "Hire Date, Start Date, Eintrittsdatum",
            Field::Date => "Effective Date, Date",
            Field::Event => "Business Process, Event, Reason",
        }
    }

    /// The fields an export of this kind may give.
    fn of(kind: Kind) -> &'static [Field] {
        match kind {
            Kind::Roster => &Field::ALL[..11],
            Kind::History => &Field::ALL,
        }
    }
}

/// `team[2]` → (`team`, Some(2)).
pub(super) fn roster_nth(header: &str) -> (&str, Option<usize>) {
    if let Some(inner) = header.strip_suffix(']')
        && let Some((base, nth)) = inner.rsplit_once('[')
        && let Ok(nth) = nth.parse::<usize>()
    {
        return (base.trim_end(), Some(nth));
    }
    (header, None)
}

/// Lower case, letters and digits only, `#` read as `number`: `Employee #` → `employeenumber`.
pub(super) fn normalise(header: &str) -> String {
    let mut out = String::new();
    for c in header.chars().flat_map(char::to_lowercase) {
        if c == '#' {
            out.push_str("number");
        } else if c.is_alphanumeric() {
            out.push(c);
        }
    }
    out
}

/// The delimiter the header row holds most of, of `,`, `;` and tab (`,` when it holds none).
pub(super) fn sniff_delimiter(path: &Path) -> u8 {
    use std::io::BufRead;
    let mut line = Vec::new();
    if let Ok(file) = std::fs::File::open(path) {
        let _ = std::io::BufReader::new(file)
            .take(64 * 1024)
            .read_until(b'\n', &mut line);
    }
    let count = |byte: u8| line.iter().filter(|b| **b == byte).count();
    [b';', b'\t']
        .into_iter()
        .map(|byte| (count(byte), byte))
        .filter(|(n, _)| *n > count(b','))
        .max()
        .map_or(b',', |(_, byte)| byte)
}

/// Recognises one export's columns, then reads only those.
pub(super) fn read_export(
    export: Export<'_>,
    kind: Kind,
    dialect: Dialect,
    told: &[(Field, String)],
) -> Result<(Read, Table), Vec<Finding>> {
    let file = export.shown;
    let header = roster::header(export.path, file, dialect)?;
    let mut findings = Vec::new();
    let mut taken: Vec<(Taken, usize)> = Vec::new();
    let count = |name: &str| header.iter().filter(|h| h.as_str() == name).count();
    let columns_of = |name: &str| -> Vec<String> {
        header
            .iter()
            .enumerate()
            .filter(|(_, h)| h.as_str() == name)
            .map(|(i, _)| (i + 1).to_string())
            .collect()
    };
    for &field in Field::of(kind) {
        // A column told on the command line, when this export has it.
        if let Some((_, name)) = told.iter().find(|(f, _)| *f == field) {
            if name.is_empty() {
                continue;
            }
            let (base, nth) = roster_nth(name);
            let positions: Vec<usize> = header
                .iter()
                .enumerate()
                .filter(|(_, h)| h.as_str() == base)
                .map(|(i, _)| i)
                .collect();
            let index = match nth {
                None => positions.first().copied().filter(|_| positions.len() == 1),
                Some(nth) => positions.get(nth.wrapping_sub(1)).copied(),
            };
            if let Some(index) = index {
                taken.push((
                    Taken {
                        field,
                        header: name.clone(),
                        told: true,
                    },
                    index,
                ));
                continue;
            }
            if positions.len() > 1 && nth.is_none() {
                findings.push(ambiguous(file, field, base, &columns_of(base)));
                continue;
            }
            if kind == Kind::Roster {
                let mut finding = Finding::error(
                    "import-unknown-column",
                    format!("{file} has no column `{name}` (--column {})", field.key()),
                )
                .at(file, Pos::TOP);
                if let Some(near) = did_you_mean(base, header.iter().map(String::as_str)) {
                    finding = finding.help(format!("did you mean `{near}`?"));
                }
                findings.push(finding);
                continue;
            }
        }
        let found = field.headers().iter().find_map(|known| {
            header
                .iter()
                .enumerate()
                .find(|(index, h)| normalise(h) == *known && !taken.iter().any(|(_, i)| i == index))
                .map(|(index, h)| (index, h.clone()))
        });
        let Some((index, name)) = found else {
            continue;
        };
        if count(&name) > 1 {
            findings.push(ambiguous(file, field, &name, &columns_of(&name)));
            continue;
        }
        taken.push((
            Taken {
                field,
                header: name,
                told: false,
            },
            index,
        ));
    }
    // A full name wins over its parts; the parts only together.
    let has = |taken: &[(Taken, usize)], field: Field| taken.iter().any(|(t, _)| t.field == field);
    if has(&taken, Field::Name) || !(has(&taken, Field::FirstName) && has(&taken, Field::LastName))
    {
        taken.retain(|(t, _)| !matches!(t.field, Field::FirstName | Field::LastName));
    }
    if !has(&taken, Field::Employee)
        && let Some((email, index)) = taken.iter().find(|(t, _)| t.field == Field::Email).cloned()
    {
        taken.push((
            Taken {
                field: Field::Employee,
                header: email.header,
                told: false,
            },
            index,
        ));
    }
    let need: &[(&[Field], &str, &str)] = match kind {
        Kind::Roster => &[
            (
                &[Field::Employee],
                "an employee id or a work email",
                "employee",
            ),
            (
                &[Field::Name, Field::FirstName],
                "a name (or first and last names)",
                "name",
            ),
            (&[Field::Team], "a department or team", "team"),
            (
                &[Field::Title, Field::Level],
                "a job title or job level",
                "title",
            ),
        ],
        Kind::History => &[
            (
                &[Field::Employee],
                "an employee id or a work email",
                "employee",
            ),
            (&[Field::Date], "an effective date", "date"),
            (&[Field::Team], "a department or team", "team"),
            (
                &[Field::Title, Field::Level],
                "a job title or job level",
                "title",
            ),
        ],
    };
    if findings.is_empty() {
        for (fields, what, key) in need {
            if fields.iter().any(|field| has(&taken, *field)) {
                continue;
            }
            let looked: Vec<&str> = fields.iter().map(|field| field.examples()).collect();
            let names: Vec<&str> = header
                .iter()
                .map(String::as_str)
                .filter(|h| !h.is_empty())
                .collect();
            let shown = if names.len() > 12 {
                format!("{}, …", names[..12].join(", "))
            } else {
                names.join(", ")
            };
            findings.push(
                Finding::error(
                    "init-no-column",
                    format!(
                        "{file} has no column that looks like {what} (such as {})",
                        looked.join("; ")
                    ),
                )
                .at(file, Pos::TOP)
                .help(format!(
                    "name it with `--column {key}=HEADER`; row 1 holds: {shown}"
                )),
            );
        }
    }
    if !findings.is_empty() {
        return Err(findings);
    }
    taken.sort_by_key(|(t, _)| t.field);
    let wanted: Vec<Wanted> = taken
        .iter()
        .map(|(t, _)| Wanted {
            name: t.header.clone(),
            map_file: file.to_string(),
            at: Pos::TOP,
        })
        .collect();
    let table = roster::read(export.path, file, dialect, &wanted).map_err(|problems| {
        problems
            .into_iter()
            .map(|mut finding| {
                if finding.code == "import-not-utf8" {
                    finding.help = Some(
                        "an export saved by Excel on Windows is often Windows-1252: add `--encoding windows-1252`"
                            .to_string(),
                    );
                }
                finding
            })
            .collect::<Vec<_>>()
    })
    .map_err(first_of_each_code)?;
    let indexes: Vec<usize> = taken.iter().map(|(_, index)| *index).collect();
    let ignored = header
        .iter()
        .enumerate()
        .filter(|(index, name)| !name.is_empty() && !indexes.contains(index))
        .map(|(_, name)| name.clone())
        .collect();
    Ok((
        Read {
            file: file.to_string(),
            kind,
            rows: table.rows.len(),
            taken: taken.into_iter().map(|(t, _)| t).collect(),
            ignored,
        },
        table,
    ))
}

/// A byte that is not UTF-8 is usually the whole file's encoding: said once, with a count.
pub(super) fn first_of_each_code(findings: Vec<Finding>) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    let mut more = 0;
    for finding in findings {
        if finding.code == "import-not-utf8" && out.iter().any(|f| f.code == finding.code) {
            more += 1;
        } else {
            out.push(finding);
        }
    }
    if more > 0
        && let Some(first) = out.iter_mut().find(|f| f.code == "import-not-utf8")
    {
        first.message = format!(
            "{}, and {} more cell{} after it",
            first.message,
            more,
            if more == 1 { "" } else { "s" }
        );
    }
    out
}

pub(super) fn ambiguous(file: &str, field: Field, name: &str, columns: &[String]) -> Finding {
    Finding::error(
        "import-ambiguous-column",
        format!(
            "{file} has {} columns named `{name}` (columns {}), and either could be the {}",
            columns.len(),
            columns.join(", "),
            field.key()
        ),
    )
    .at(
        file,
        Pos {
            line: 1,
            column: columns
                .first()
                .and_then(|column| column.parse().ok())
                .unwrap_or(1),
            offset: 0,
            len: 0,
        },
    )
    .help(format!(
        "say which: `--column {key}=\"{name}[1]\"` or `--column {key}=\"{name}[2]\"`",
        key = field.key()
    ))
}

/// The HR system whose header names these are.
pub(super) fn vendor(read: &[Read]) -> Option<&'static str> {
    let headers: BTreeSet<String> = read
        .iter()
        .flat_map(|read| {
            read.taken
                .iter()
                .map(|t| roster_nth(&t.header).0.to_string())
                .chain(read.ignored.iter().cloned())
        })
        .map(|h| normalise(&h))
        .collect();
    let has = |name: &str| headers.contains(name);
    if has("employeenumber") && has("reportsto") {
        Some("BambooHR")
    } else if has("supervisoryorganization") || has("businessprocess") {
        Some("Workday")
    } else if has("workdepartment") || has("workreportsto") || has("worktitle") {
        Some("HiBob")
    } else if has("vorgesetzter") || has("abteilung") || has("eintrittsdatum") {
        Some("Personio")
    } else if has("legalfirstname") || has("legallastname") {
        Some("Rippling")
    } else {
        None
    }
}
