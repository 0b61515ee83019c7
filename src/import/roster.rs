//! Reading an HR export as it comes: UTF-8 with or without a byte-order mark, or Windows-1252
//! when the map declares it; CRLF; `,`, `;` or tab between fields; quoted fields holding
//! newlines; trailing empty columns; one header name used twice. Only the columns the map names
//! are copied out of each row: every other value stays in the parser's one-row buffer, which the
//! next row overwrites, and is never kept, printed or written.
//!
//! Positions are spreadsheet positions: the header is row 1, the first record row 2 (a quoted
//! newline does not start a new row), columns count from 1.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use crate::Pos;
use crate::finding::{Finding, did_you_mean};

/// How the bytes of an export are to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    pub windows_1252: bool,
    pub delimiter: u8,
}

/// A column the map asks for, as the map wrote it: a header name, or `Name[2]` for the second
/// column of that name. `at` is where the map names it, for findings.
#[derive(Debug, Clone)]
pub struct Wanted {
    pub name: String,
    pub map_file: String,
    pub at: Pos,
}

/// One cell the map asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// Trimmed; empty when the row has no value there.
    pub value: String,
    pub row: u32,
    pub column: u32,
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    pub fn pos(&self) -> Pos {
        Pos {
            line: self.row,
            column: self.column,
            offset: 0,
            len: 0,
        }
    }
}

/// The mapped cells of one row, in the order the columns were asked for.
#[derive(Debug, Clone)]
pub struct Row {
    pub row: u32,
    pub cells: Vec<Cell>,
}

/// What was read from one export.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// The file as the user named it.
    pub file: String,
    pub rows: Vec<Row>,
    /// Header names of the columns not read, in file order.
    pub ignored: Vec<String>,
}

/// Reads the columns in `wanted` from the export at `path`. Every problem is a finding at the
/// file's row and column (or at the map's line, for a column the file lacks).
pub fn read(
    path: &Path,
    file: &str,
    dialect: Dialect,
    wanted: &[Wanted],
) -> Result<Table, Vec<Finding>> {
    let (mut reader, header) = open(path, file, dialect)?;
    let mut record = csv::ByteRecord::new();
    let (columns, mut findings) = locate(&header, file, wanted);
    let read: Vec<usize> = columns.iter().flatten().copied().collect();
    let ignored = header
        .iter()
        .enumerate()
        .filter(|(index, name)| !name.is_empty() && !read.contains(index))
        .map(|(_, name)| name.clone())
        .collect();
    if !findings.is_empty() {
        return Err(findings);
    }
    let mut rows = Vec::new();
    let mut row: u32 = 1;
    loop {
        row += 1;
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => {
                findings.push(csv_error(error, file, row));
                break;
            }
        }
        // Spreadsheets pad the end of an export with empty rows.
        if record
            .iter()
            .all(|field| field.iter().all(u8::is_ascii_whitespace))
        {
            continue;
        }
        let mut cells = Vec::with_capacity(columns.len());
        for column in &columns {
            let Some(index) = *column else {
                cells.push(Cell {
                    value: String::new(),
                    row,
                    column: 0,
                });
                continue;
            };
            let column_number = u32::try_from(index + 1).unwrap_or(u32::MAX);
            let bytes = record.get(index).unwrap_or_default();
            let value = match std::str::from_utf8(bytes) {
                Ok(text) => text.trim().to_string(),
                Err(_) => {
                    findings.push(
                        Finding::error(
                            "import-not-utf8",
                            format!("column `{}` holds bytes that are not UTF-8", header[index]),
                        )
                        .at(file, Pos { line: row, column: column_number, offset: 0, len: 0 })
                        .help("an export saved by Excel on Windows is often Windows-1252: say `encoding: windows-1252` in the map"),
                    );
                    String::new()
                }
            };
            cells.push(Cell {
                value,
                row,
                column: column_number,
            });
        }
        rows.push(Row { row, cells });
    }
    if findings.is_empty() {
        Ok(Table {
            file: file.to_string(),
            rows,
            ignored,
        })
    } else {
        Err(findings)
    }
}

/// The header names of the export at `path`, trimmed, without a byte-order mark, in file order.
/// Reads the first row only.
pub fn header(path: &Path, file: &str, dialect: Dialect) -> Result<Vec<String>, Vec<Finding>> {
    open(path, file, dialect).map(|(_, header)| header)
}

type Reader = csv::Reader<Box<dyn Read>>;

/// Opens the export and reads its header row.
fn open(path: &Path, file: &str, dialect: Dialect) -> Result<(Reader, Vec<String>), Vec<Finding>> {
    let opened = std::fs::File::open(path).map_err(|error| {
        vec![
            Finding::error("import-unreadable", format!("cannot read {file}: {error}"))
                .at(file, Pos::TOP),
        ]
    })?;
    // Windows-1252 is turned into UTF-8 as it streams; UTF-8 is read as bytes and each mapped
    // cell checked, so a stray byte is reported where it sits.
    let source: Box<dyn Read> = if dialect.windows_1252 {
        Box::new(
            encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding_rs::WINDOWS_1252))
                .bom_override(true)
                .build(opened),
        )
    } else {
        Box::new(std::io::BufReader::new(opened))
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(dialect.delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(source);
    let mut record = csv::ByteRecord::new();
    let has_header = reader
        .read_byte_record(&mut record)
        .map_err(|error| vec![csv_error(error, file, 1)])?;
    if !has_header {
        return Err(vec![
            Finding::error(
                "import-empty",
                format!("{file} is empty: expected a header row"),
            )
            .at(file, Pos::TOP),
        ]);
    }
    let header: Vec<String> = record
        .iter()
        .enumerate()
        .map(|(index, bytes)| {
            let bytes = if index == 0 {
                bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
            } else {
                bytes
            };
            String::from_utf8_lossy(bytes).trim().to_string()
        })
        .collect();
    Ok((reader, header))
}

/// A row the CSV reader cannot read, at its row.
fn csv_error(error: csv::Error, file: &str, row: u32) -> Finding {
    let message = match error.kind() {
        csv::ErrorKind::Io(error) => format!("cannot read {file}: {error}"),
        _ => format!("{file} is not a readable CSV file here: {error}"),
    };
    Finding::error("import-csv", message).at(
        file,
        Pos {
            line: row,
            column: 1,
            offset: 0,
            len: 0,
        },
    )
}

/// The header index of each wanted column (`None` for a wanted name that is empty), or
/// findings for names the header lacks or holds twice.
fn locate(header: &[String], file: &str, wanted: &[Wanted]) -> (Vec<Option<usize>>, Vec<Finding>) {
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, name) in header.iter().enumerate() {
        by_name.entry(name.as_str()).or_default().push(index);
    }
    let mut findings = Vec::new();
    let mut columns = Vec::new();
    for want in wanted {
        if want.name.is_empty() {
            columns.push(None);
            continue;
        }
        let (name, nth) = nth_column(&want.name);
        let found = by_name.get(name).map_or(&[][..], Vec::as_slice);
        let index = match (found, nth) {
            ([], _) => {
                let known = header
                    .iter()
                    .map(String::as_str)
                    .filter(|name| !name.is_empty());
                let mut finding = Finding::error(
                    "import-unknown-column",
                    format!("{file} has no column `{name}`"),
                )
                .at(&want.map_file, want.at);
                if let Some(near) = did_you_mean(name, known) {
                    finding = finding.help(format!("did you mean `{near}`?"));
                }
                findings.push(finding);
                None
            }
            ([only], None) => Some(*only),
            (several, None) => {
                let numbers: Vec<String> = several
                    .iter()
                    .map(|index| (index + 1).to_string())
                    .collect();
                findings.push(
                    Finding::error(
                        "import-ambiguous-column",
                        format!(
                            "{file} has {} columns named `{name}` (columns {})",
                            several.len(),
                            numbers.join(", ")
                        ),
                    )
                    .at(&want.map_file, want.at)
                    .help(format!("name the one to read: `{name}[1]` or `{name}[2]`")),
                );
                None
            }
            (several, Some(nth)) => match several.get(nth.wrapping_sub(1)) {
                Some(index) => Some(*index),
                None => {
                    findings.push(
                        Finding::error(
                            "import-unknown-column",
                            format!(
                                "{file} has {} column{} named `{name}`, not {nth}",
                                several.len(),
                                if several.len() == 1 { "" } else { "s" }
                            ),
                        )
                        .at(&want.map_file, want.at),
                    );
                    None
                }
            },
        };
        columns.push(index);
    }
    (columns, findings)
}

/// `Department[2]` is the second column named `Department`.
fn nth_column(name: &str) -> (&str, Option<usize>) {
    if let Some(inner) = name.strip_suffix(']')
        && let Some((base, nth)) = inner.rsplit_once('[')
        && let Ok(nth) = nth.parse::<usize>()
    {
        return (base.trim_end(), Some(nth));
    }
    (name, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted(names: &[&str]) -> Vec<Wanted> {
        names
            .iter()
            .map(|name| Wanted {
                name: (*name).to_string(),
                map_file: "import.yml".into(),
                at: Pos::TOP,
            })
            .collect()
    }

    fn read_text(bytes: &[u8], dialect: Dialect, names: &[&str]) -> Result<Table, Vec<Finding>> {
        let dir = tempfile::tempdir().expect("temp");
        let path = dir.path().join("export.csv");
        std::fs::write(&path, bytes).expect("write");
        read(&path, "export.csv", dialect, &wanted(names))
    }

    const UTF8: Dialect = Dialect {
        windows_1252: false,
        delimiter: b',',
    };

    #[test]
    fn a_bom_crlf_and_quoted_newlines_are_read_as_spreadsheets_show_them() {
        let text = "\u{feff}Id,Name,Salary\r\n1,\"Ada\r\nLovelace\",100\r\n2,Bob,200\r\n,,\r\n";
        let table = read_text(text.as_bytes(), UTF8, &["Id", "Name"]).expect("read");
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].cells[1].value, "Ada\r\nLovelace");
        assert_eq!((table.rows[1].row, table.rows[1].cells[1].column), (3, 2));
        assert_eq!(table.ignored, ["Salary"]);
    }

    #[test]
    fn windows_1252_and_semicolons_are_read_when_declared() {
        let bytes = b"Nr;Name\r\n7;J\xfcrgen M\xfcller\r\n";
        let dialect = Dialect {
            windows_1252: true,
            delimiter: b';',
        };
        let table = read_text(bytes, dialect, &["Name"]).expect("read");
        assert_eq!(table.rows[0].cells[0].value, "Jürgen Müller");
        let errors = read_text(
            bytes,
            Dialect {
                delimiter: b';',
                ..UTF8
            },
            &["Name"],
        )
        .expect_err("not utf-8");
        assert_eq!(errors[0].code, "import-not-utf8");
        assert_eq!(
            errors[0]
                .location
                .as_ref()
                .map(|l| (l.pos.line, l.pos.column)),
            Some((2, 2))
        );
    }

    #[test]
    fn a_header_used_twice_is_read_only_when_the_map_says_which() {
        let text = "Dept,Name,Dept\nx,Ada,y\n";
        let errors = read_text(text.as_bytes(), UTF8, &["Dept"]).expect_err("ambiguous");
        assert_eq!(errors[0].code, "import-ambiguous-column");
        let table = read_text(text.as_bytes(), UTF8, &["Dept[2]"]).expect("read");
        assert_eq!(table.rows[0].cells[0].value, "y");
    }

    #[test]
    fn a_missing_column_suggests_the_nearest() {
        let errors = read_text(b"Department,Name\n", UTF8, &["Departmnet"]).expect_err("missing");
        assert_eq!(
            errors[0].help.as_deref(),
            Some("did you mean `Department`?")
        );
    }
}
