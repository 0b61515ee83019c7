//! A calibration's outcome as a CSV file, one row per teammate: `person,change,reason`, e.g.
//! `kofi-mensah,level 4,Led the billing migration`. A header row naming the columns is
//! skipped. Every row is read before anything is proposed; a bad one names its line.

use super::request::{Change, ProposeError, Request, usage};

pub fn read(text: &str, file: &str) -> Result<Vec<Request>, ProposeError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let mut requests = Vec::new();
    for (index, row) in reader.records().enumerate() {
        let row = row.map_err(|error| usage(format!("{file}: {error}")))?;
        let line = row.position().map_or(index as u64 + 1, csv::Position::line);
        let cell = |n: usize| row.get(n).unwrap_or("").trim();
        if index == 0 && cell(0).eq_ignore_ascii_case("person") {
            continue;
        }
        if row.iter().all(str::is_empty) {
            continue;
        }
        if row.len() > 3 {
            return Err(usage(format!(
                "{file}:{line}: {} columns: expected person,change,reason (quote a reason that holds a comma)",
                row.len()
            )));
        }
        if cell(0).is_empty() || cell(1).is_empty() {
            return Err(usage(format!(
                "{file}:{line}: expected person,change,reason, e.g. `kofi-mensah,level 4,Led the billing migration`"
            )));
        }
        let change =
            Change::parse(cell(1)).map_err(|error| usage(format!("{file}:{line}: {}", error.0)))?;
        requests.push(Request {
            person: Some(cell(0).to_string()),
            change,
            reason: Some(cell(2).to_string()).filter(|reason| !reason.is_empty()),
        });
    }
    if requests.is_empty() {
        return Err(usage(format!(
            "{file} holds no changes: expected rows of person,change,reason"
        )));
    }
    Ok(requests)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_requests_and_a_bad_row_names_its_line() {
        let requests = read(
            "person,change,reason\nkofi-mensah,level 4,\"Led it, well\"\nsofia-rossi,step +1\n",
            "changes.csv",
        )
        .expect("rows");
        assert_eq!(requests.len(), 2);
        assert_eq!(requests[0].reason.as_deref(), Some("Led it, well"));
        assert_eq!(requests[1].reason, None);
        let error = read("kofi,promote\n", "changes.csv").expect_err("bad change");
        assert_eq!(
            error.0,
            "changes.csv:1: `promote` is not a change: expected level, step, track, team, lead, role or leave"
        );
        let error = read("x\nkofi,level\n", "changes.csv").expect_err("no value");
        assert_eq!(
            error.0,
            "changes.csv:1: expected person,change,reason, e.g. `kofi-mensah,level 4,Led the billing migration`"
        );
    }
}
