//! A ticket export, one row per contact, read into typed rows for
//! `wfsim calibrate`.
//!
//! This is an input layer like `scenario`: it parses and validates, and knows
//! nothing of fitting or of scenario files. Every problem names the file, the
//! row (as a spreadsheet shows it: the header is row 1), the field and the
//! offending value, with a fix, so a user can correct the export or map a
//! column; `--skip-bad-rows` turns row problems into a count instead.
//!
//! Layer rule: like `scenario`, an input layer. It parses and checks a
//! ticket export and nothing else: the fit is `analysis::calibrate`'s, the
//! scenario text `report`'s, the file and the printing `cli`'s (checked by
//! `tests/it/layers.rs`).

mod time;
mod workbook;

use std::collections::BTreeMap;
use std::fmt;

pub use time::{parse_timestamp, wall_clock_text, Timestamp};
pub use workbook::workbook_rows;

/// The fields a row can carry, by their default column names.
pub const FIELDS: [&str; 9] = [
    "created_at",
    "category",
    "customer_id",
    "ai_outcome",
    "ai_seconds",
    "human_outcome",
    "wait_seconds",
    "handle_seconds",
    "csat",
];

/// Fields without which no row can be read.
const REQUIRED: [&str; 2] = ["created_at", "category"];

/// What the AI did with a contact that went to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AiOutcome {
    Resolved,
    Escalated,
    WrongAnswer,
    Stuck,
}

/// How a contact that reached a person ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HumanOutcome {
    Resolved,
    WrongAnswer,
    Abandoned,
}

/// One contact of the export.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    pub created_at: Timestamp,
    pub category: String,
    pub customer_id: Option<String>,
    pub ai_outcome: Option<AiOutcome>,
    pub ai_seconds: Option<f64>,
    pub human_outcome: Option<HumanOutcome>,
    pub wait_seconds: Option<f64>,
    pub handle_seconds: Option<f64>,
    /// Satisfied (4–5 on a 1–5 scale, or 1 on a 0/1 scale).
    pub satisfied: Option<bool>,
}

/// A row that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct BadRow {
    /// As a spreadsheet numbers it: the header is row 1.
    pub row: usize,
    pub field: String,
    pub problem: String,
    pub value: String,
    pub help: String,
}

impl fmt::Display for BadRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {} ({:?})\n  help: {}",
            self.row, self.field, self.problem, self.value, self.help
        )
    }
}

/// The rows read, and those skipped with `--skip-bad-rows`.
#[derive(Debug, Clone, Default)]
pub struct Tickets {
    pub rows: Vec<Ticket>,
    pub skipped: Vec<BadRow>,
    /// The file's header, as found.
    pub columns: Vec<String>,
    /// Fields with a column in the file.
    pub present: Vec<&'static str>,
}

/// Why an export cannot be calibrated from.
#[derive(Debug, Clone, PartialEq)]
pub enum TicketError {
    /// A problem with the whole file or the command line (message, help).
    File { message: String, help: String },
    /// A bad row, without `--skip-bad-rows`.
    Row(BadRow),
}

impl TicketError {
    fn file(message: impl Into<String>, help: impl Into<String>) -> Self {
        TicketError::File {
            message: message.into(),
            help: help.into(),
        }
    }

    /// The message, prefixed with the file as the user named it.
    pub fn render(&self, file: &str) -> String {
        match self {
            TicketError::File { message, help } => format!("{file}: {message}\n  help: {help}"),
            TicketError::Row(bad) => format!("{file}:{bad}"),
        }
    }
}

/// `FIELD=COLUMN` pairs from `--map`, checked against the known fields.
pub fn parse_map(pairs: &[String]) -> Result<BTreeMap<&'static str, String>, TicketError> {
    let mut map = BTreeMap::new();
    for pair in pairs {
        let Some((field, column)) = pair.split_once('=') else {
            return Err(TicketError::file(
                format!("{pair:?} is not FIELD=COLUMN"),
                "e.g. --map created_at=Opened,category=Topic",
            ));
        };
        let field = field.trim();
        let Some(known) = FIELDS.iter().find(|f| **f == field) else {
            return Err(TicketError::file(
                format!("names an unknown field {field:?}"),
                format!("the fields are: {}", FIELDS.join(", ")),
            ));
        };
        if map.insert(*known, column.trim().to_string()).is_some() {
            return Err(TicketError::file(
                format!("names {field} twice"),
                "map each field to one column",
            ));
        }
    }
    Ok(map)
}

/// Reads rows of text cells (the header first), as a CSV or a workbook
/// sheet yields them.
pub fn read_rows(
    mut rows: impl Iterator<Item = Result<Vec<String>, String>>,
    map: &BTreeMap<&'static str, String>,
    skip_bad_rows: bool,
) -> Result<Tickets, TicketError> {
    let header = match rows.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            return Err(TicketError::file(
                format!("header: {e}"),
                "the first row must name the columns",
            ))
        }
        None => {
            return Err(TicketError::file(
                "the file is empty",
                "export one row per contact under a header row",
            ))
        }
    };
    let columns: Vec<String> = header.iter().map(|c| c.trim().to_string()).collect();
    let index = column_index(&columns, map)?;
    let mut tickets = Tickets {
        columns: columns.clone(),
        present: FIELDS
            .iter()
            .copied()
            .filter(|f| index.contains_key(f))
            .collect(),
        ..Tickets::default()
    };
    for (i, row) in rows.enumerate() {
        let number = i + 2;
        let cells = row.map_err(|e| {
            TicketError::Row(BadRow {
                row: number,
                field: "(row)".into(),
                problem: e,
                value: String::new(),
                help: "the row could not be read as CSV; check its quoting".into(),
            })
        })?;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match read_ticket(&cells, &index, number) {
            Ok(t) => tickets.rows.push(t),
            Err(bad) if skip_bad_rows => tickets.skipped.push(bad),
            Err(bad) => return Err(TicketError::Row(bad)),
        }
    }
    if tickets.rows.is_empty() {
        return Err(TicketError::file(
            format!(
                "no usable rows ({} skipped); columns found: {}",
                tickets.skipped.len(),
                columns.join(", ")
            ),
            "export one row per contact with at least created_at and category",
        ));
    }
    Ok(tickets)
}

/// Field → column position, or an error naming the columns found.
fn column_index(
    columns: &[String],
    map: &BTreeMap<&'static str, String>,
) -> Result<BTreeMap<&'static str, usize>, TicketError> {
    let mut index = BTreeMap::new();
    for field in FIELDS {
        let wanted = map.get(field).map_or(field, String::as_str);
        match columns.iter().position(|c| c.eq_ignore_ascii_case(wanted)) {
            Some(i) => {
                index.insert(field, i);
            }
            None if map.contains_key(field) || REQUIRED.contains(&field) => {
                return Err(TicketError::file(
                    format!(
                        "no column {wanted:?} for {field}; columns found: {}",
                        columns.join(", ")
                    ),
                    format!("name the column with --map {field}=COLUMN"),
                ));
            }
            None => {}
        }
    }
    if !index.contains_key("ai_outcome") && !index.contains_key("human_outcome") {
        return Err(TicketError::file(
            format!(
                "neither ai_outcome nor human_outcome has a column; columns found: {}",
                columns.join(", ")
            ),
            "calibration needs to know who handled each contact: map one with --map human_outcome=COLUMN",
        ));
    }
    Ok(index)
}

/// One row's cells read into a ticket.
fn read_ticket(
    cells: &[String],
    index: &BTreeMap<&'static str, usize>,
    row: usize,
) -> Result<Ticket, BadRow> {
    let cell = |field: &str| -> &str {
        index
            .get(field)
            .and_then(|&i| cells.get(i))
            .map_or("", |c| c.trim())
    };
    let bad = |field: &str, problem: &str, help: &str| BadRow {
        row,
        field: field.to_string(),
        problem: problem.to_string(),
        value: cell(field).to_string(),
        help: help.to_string(),
    };
    let created_at = parse_timestamp(cell("created_at")).ok_or_else(|| {
        bad(
            "created_at",
            "not a time",
            "write RFC 3339 (2025-03-04T09:15:00Z or with an offset) or YYYY-MM-DD HH:MM:SS",
        )
    })?;
    let category = cell("category");
    if category.is_empty() {
        return Err(bad("category", "empty", "every contact needs a category"));
    }
    let optional = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let ai_outcome = match cell("ai_outcome").to_ascii_lowercase().as_str() {
        "" => None,
        "resolved" => Some(AiOutcome::Resolved),
        "escalated" => Some(AiOutcome::Escalated),
        "wrong_answer" => Some(AiOutcome::WrongAnswer),
        "stuck" => Some(AiOutcome::Stuck),
        _ => {
            return Err(bad(
                "ai_outcome",
                "not an AI outcome",
                "leave empty when the contact never went to the AI, else resolved, escalated, wrong_answer or stuck",
            ))
        }
    };
    let human_outcome = match cell("human_outcome").to_ascii_lowercase().as_str() {
        "" => None,
        "resolved" => Some(HumanOutcome::Resolved),
        "wrong_answer" => Some(HumanOutcome::WrongAnswer),
        "abandoned" => Some(HumanOutcome::Abandoned),
        _ => {
            return Err(bad(
                "human_outcome",
                "not a human outcome",
                "leave empty when the contact never reached a person, else resolved, wrong_answer or abandoned",
            ))
        }
    };
    if ai_outcome.is_none() && human_outcome.is_none() {
        return Err(bad(
            "human_outcome",
            "the contact went neither to the AI nor to a person",
            "give ai_outcome or human_outcome (or both, for an escalation)",
        ));
    }
    if ai_outcome == Some(AiOutcome::Escalated) && human_outcome.is_none() {
        return Err(bad(
            "human_outcome",
            "escalated by the AI but no human outcome",
            "an escalated contact reached the human queue: resolved, wrong_answer or abandoned",
        ));
    }
    let seconds = |field: &str| -> Result<Option<f64>, BadRow> {
        let text = cell(field);
        if text.is_empty() {
            return Ok(None);
        }
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 => Ok(Some(v)),
            _ => Err(bad(
                field,
                "not a duration in seconds",
                "write a number of seconds, 0 or more",
            )),
        }
    };
    let satisfied = match cell("csat") {
        "" => None,
        "0" => Some(false),
        "1" => Some(true),
        text => match text.parse::<f64>() {
            Ok(v) if (1.0..=5.0).contains(&v) => Some(v >= 4.0),
            _ => {
                return Err(bad(
                    "csat",
                    "not a satisfaction score",
                    "write 1-5 (4 and 5 count as satisfied) or 0/1",
                ))
            }
        },
    };
    Ok(Ticket {
        created_at,
        category: category.to_string(),
        customer_id: optional(cell("customer_id")),
        ai_outcome,
        ai_seconds: seconds("ai_seconds")?,
        human_outcome,
        wait_seconds: seconds("wait_seconds")?,
        handle_seconds: seconds("handle_seconds")?,
        satisfied,
    })
}

/// A CSV file's records as text cells, the header first.
pub fn csv_rows(bytes: &[u8]) -> impl Iterator<Item = Result<Vec<String>, String>> + '_ {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
        .into_records()
        .map(|r| {
            r.map(|rec| rec.iter().map(str::to_string).collect())
                .map_err(|e| e.to_string())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, skip: bool) -> Result<Tickets, TicketError> {
        read_rows(csv_rows(text.as_bytes()), &BTreeMap::new(), skip)
    }

    const HEADER: &str =
        "created_at,category,ai_outcome,human_outcome,wait_seconds,handle_seconds,csat\n";

    #[test]
    fn a_good_row_reads_into_its_fields() {
        let t = read(
            &format!("{HEADER}2025-03-04T09:15:00Z,refunds,escalated,resolved,42,600,4\n"),
            false,
        )
        .unwrap();
        let row = &t.rows[0];
        assert_eq!(row.category, "refunds");
        assert_eq!(row.ai_outcome, Some(AiOutcome::Escalated));
        assert_eq!(row.human_outcome, Some(HumanOutcome::Resolved));
        assert_eq!(
            (row.wait_seconds, row.handle_seconds),
            (Some(42.0), Some(600.0))
        );
        assert_eq!(row.satisfied, Some(true));
        assert!(t.present.contains(&"csat") && !t.present.contains(&"customer_id"));
    }

    #[test]
    fn a_bad_row_names_its_row_field_and_value_or_is_skipped() {
        let text = format!(
            "{HEADER}2025-03-04T09:15:00Z,refunds,,resolved,42,600,\n2025-03-04 09:16:00,refunds,maybe,,,,\n"
        );
        let e = read(&text, false).unwrap_err().render("t.csv");
        assert!(
            e.starts_with("t.csv:3: ai_outcome: not an AI outcome (\"maybe\")"),
            "{e}"
        );
        assert!(e.contains("help:"), "{e}");
        let t = read(&text, true).unwrap();
        assert_eq!((t.rows.len(), t.skipped.len()), (1, 1));
    }

    #[test]
    fn missing_columns_and_unknown_map_fields_name_what_was_found() {
        let e = read("when,category,human_outcome\n", false)
            .unwrap_err()
            .render("t.csv");
        assert!(
            e.contains("no column \"created_at\"")
                && e.contains("columns found: when, category, human_outcome"),
            "{e}"
        );
        let e = parse_map(&["opened=When".into()])
            .unwrap_err()
            .render("t.csv");
        assert!(
            e.contains("unknown field \"opened\"") && e.contains("created_at"),
            "{e}"
        );
        let map = parse_map(&["created_at=When".into()]).unwrap();
        let t = read_rows(
            csv_rows(b"When,category,human_outcome\n2025-01-01 00:00:00,a,resolved\n"),
            &map,
            false,
        )
        .unwrap();
        assert_eq!(t.rows.len(), 1);
    }

    #[test]
    fn a_file_with_no_usable_rows_is_an_error() {
        let e = read(&format!("{HEADER}never,refunds,,resolved,,,\n"), true)
            .unwrap_err()
            .render("t.csv");
        assert!(e.contains("no usable rows (1 skipped)"), "{e}");
    }
}
