//! Scenario problems with their place in the file and a fix.
//!
//! Validation speaks in key paths (`categories[2].share`) because it works on
//! parsed values; this module turns a path back into `line:column` by walking a
//! span-keeping parse of the same text, so every message can point at the
//! exact spot a user has to edit.

use std::fmt;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

/// One problem found in a scenario file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line and column, when the problem has a place in the file.
    pub line_column: Option<(usize, usize)>,
    /// Dotted key path, e.g. `categories[2].share`; empty for syntax errors.
    pub key_path: String,
    /// What is wrong, as a lowercase fragment.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.file)?;
        if let Some((line, column)) = self.line_column {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": ")?;
        if !self.key_path.is_empty() {
            write!(f, "{}: ", self.key_path)?;
        }
        write!(f, "{}", self.message)?;
        if !self.help.is_empty() {
            write!(f, "\n  help: {}", self.help)?;
        }
        Ok(())
    }
}

/// A problem found by validation, before it is placed in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub key_path: String,
    pub message: String,
    pub help: String,
}

impl Problem {
    pub fn new(
        key_path: impl Into<String>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Problem {
            key_path: key_path.into(),
            message: message.into(),
            help: help.into(),
        }
    }
}

/// 1-based line and column of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Byte span of the value at `key_path`, or of its nearest ancestor present in
/// the file (a missing key is reported at the table that should hold it).
fn span_in(root: &DeTable<'_>, key_path: &str) -> Option<Range<usize>> {
    let mut best: Option<Range<usize>> = None;
    let mut current: Option<&toml::Spanned<DeValue<'_>>> = None;
    for segment in parse_path(key_path) {
        let next = match (&segment, current) {
            (Segment::Key(key), None) => root.get(key.as_str()),
            (Segment::Key(key), Some(value)) => match value.get_ref() {
                DeValue::Table(table) => table.get(key.as_str()),
                _ => None,
            },
            (Segment::Index(i), Some(value)) => match value.get_ref() {
                DeValue::Array(array) => array.get(*i),
                _ => None,
            },
            (Segment::Index(_), None) => None,
        };
        match next {
            Some(value) => {
                best = Some(value.span());
                current = Some(value);
            }
            None => break,
        }
    }
    best
}

enum Segment {
    Key(String),
    Index(usize),
}

fn parse_path(path: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let mut rest = part;
        if let Some(bracket) = rest.find('[') {
            segments.push(Segment::Key(rest[..bracket].to_string()));
            rest = &rest[bracket..];
            while let Some(stripped) = rest.strip_prefix('[') {
                let Some(close) = stripped.find(']') else {
                    break;
                };
                if let Ok(index) = stripped[..close].parse() {
                    segments.push(Segment::Index(index));
                }
                rest = &stripped[close + 1..];
            }
        } else {
            segments.push(Segment::Key(rest.to_string()));
        }
    }
    segments
}

/// Places validation problems in the file, parsing it once for all of them.
pub fn locate(file: &str, text: &str, problems: Vec<Problem>) -> Vec<Diagnostic> {
    let document = DeTable::parse(text).ok();
    problems
        .into_iter()
        .map(|problem| {
            let line_column = document
                .as_ref()
                .and_then(|d| span_in(d.get_ref(), &problem.key_path))
                .map(|span| line_column(text, span.start));
            Diagnostic {
                file: file.to_string(),
                line_column,
                key_path: problem.key_path,
                message: problem.message,
                help: problem.help,
            }
        })
        .collect()
}

/// Turns a TOML syntax or type error into a diagnostic with a useful fix.
pub fn from_toml_error(file: &str, text: &str, error: &toml::de::Error) -> Diagnostic {
    let line_column = error.span().map(|span| line_column(text, span.start));
    let message = error.message().trim().to_string();
    let help = if let Some(unknown) = unknown_field(&message) {
        match nearest_expected(&message, &unknown) {
            Some(suggestion) => format!(
                "did you mean `{suggestion}`? unknown keys are refused so a typo never falls back to a default"
            ),
            None => "remove the key or check its spelling: the files under scenarios/ use every key, with comments (docs/scenario-reference.md)".to_string(),
        }
    } else if message.contains("missing field") {
        "add the field; the files under scenarios/ show every required key (docs/scenario-reference.md)".to_string()
    } else if message.contains("invalid type") {
        "write the value with the type named above (numbers without quotes, text in quotes)"
            .to_string()
    } else if message.contains("unknown variant") {
        "use one of the values listed above".to_string()
    } else if message.starts_with("duplicate key") {
        "a key may appear once in a table (and a [table] once in a file); keep one of them"
            .to_string()
    } else {
        "fix the TOML syntax at this place".to_string()
    };
    // Name what is at the place, so the line can be found without counting.
    let got = error
        .span()
        .and_then(|span| text.get(span))
        .map(|s| s.lines().next().unwrap_or("").trim())
        .filter(|s| !s.is_empty() && s.chars().count() <= 40);
    let message = match got {
        Some(got) => format!("{message} (got `{got}`)"),
        None => message,
    };
    Diagnostic {
        file: file.to_string(),
        line_column,
        key_path: String::new(),
        message,
        help,
    }
}

fn unknown_field(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    Some(rest.split('`').next()?.to_string())
}

/// The expected key closest to `unknown` by edit distance, if reasonably close.
fn nearest_expected(message: &str, unknown: &str) -> Option<String> {
    let expected = message.split("expected").nth(1)?;
    let candidates: Vec<String> = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    nearest(&candidates, unknown)
}

/// The candidate closest to `unknown` by edit distance, if reasonably close.
pub(super) fn nearest(candidates: &[String], unknown: &str) -> Option<String> {
    candidates
        .iter()
        .map(|candidate| (edit_distance(candidate, unknown), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.len() / 3).max(2))
        .min()
        .map(|(_, candidate)| candidate.to_string())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_of_path(text: &str, key_path: &str) -> Option<Range<usize>> {
        let document = DeTable::parse(text).ok()?;
        span_in(document.get_ref(), key_path)
    }

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        assert_eq!(line_column(text, text.find('=').unwrap()), (1, 3));
        let second_eq = text.rfind('=').unwrap();
        assert_eq!(line_column(text, second_eq), (2, 4));
    }

    #[test]
    fn a_path_into_an_array_of_tables_finds_the_value() {
        let text = "[[categories]]\nshare = 0.5\n\n[[categories]]\nshare = 1.5\n";
        let span = span_of_path(text, "categories[1].share").unwrap();
        assert_eq!(&text[span.clone()], "1.5");
        assert_eq!(line_column(text, span.start), (5, 9));
    }

    #[test]
    fn a_missing_key_points_at_its_table() {
        let text = "[demand]\ncontacts_per_week = 5\n";
        let span = span_of_path(text, "demand.growth_per_year").unwrap();
        assert_eq!(line_column(text, span.start).0, 1);
    }

    #[test]
    fn an_unknown_key_gets_the_nearest_valid_key_suggested() {
        let message =
            "unknown field `handle_minuts`, expected one of `name`, `handle_minutes`, `share`";
        assert_eq!(
            nearest_expected(message, "handle_minuts").as_deref(),
            Some("handle_minutes")
        );
        assert_eq!(nearest_expected(message, "zzzzzzzzzz"), None);
    }
}
