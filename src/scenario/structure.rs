//! From TOML text to a `RawScenario`, reporting every structural problem at
//! once: syntax errors, unknown keys, values of the wrong type and missing
//! fields.
//!
//! serde stops at the first error, which would make a user fix a hand-edited
//! file one complaint at a time. So the text is parsed once into a span-keeping
//! document, and deserialisation is retried on that document after repairing
//! each error it reports: an unknown key or a wrongly typed value is removed,
//! a missing field gets a placeholder. Every repair keeps the spans of the
//! user's own values, so each problem is still reported at its place in the
//! file. Placeholders carry spans past the end of the text, so an error about a
//! placeholder is recognised as a consequence of a repair and never reported.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use serde::Deserialize;
use toml::de::{DeArray, DeInteger, DeTable, DeValue};
use toml::Spanned;

use super::diagnostic::{self, line_column, Diagnostic};
use super::raw::RawScenario;

/// Syntax errors shown at most; a file that is not TOML at all produces one per line.
const MAX_SYNTAX_ERRORS: usize = 8;
/// Repairs tried before giving up; each structural problem takes one or two.
const MAX_ROUNDS: usize = 200;
/// Structural problems collected at most: more than a screen shows, and each
/// round re-reads the whole document, so a file of thousands of unknown keys
/// must not cost thousands of rounds.
const MAX_PROBLEMS: usize = 25;

/// What deserialisation produced: the raw scenario, and whether any value in
/// it is a placeholder standing for a problem already reported.
pub(super) struct Structured {
    pub raw: RawScenario,
    /// Key paths of removed or placeholder values; empty when the file is sound.
    pub repaired: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses `text` and deserialises it, collecting every structural problem.
/// `Err` when the text is not TOML, or when a problem could not be repaired.
pub(super) fn deserialize(file: &str, text: &str) -> Result<Structured, Vec<Diagnostic>> {
    let (document, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Err(syntax_errors(file, text, &errors));
    }
    let mut repair = Repair::new(text.len(), document);
    let mut diagnostics = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let error = match RawScenario::deserialize(repair.deserializer()) {
            Ok(raw) => {
                sort_by_place(&mut diagnostics);
                return Ok(Structured {
                    raw,
                    repaired: repair.repaired,
                    diagnostics,
                });
            }
            Err(error) => error,
        };
        if diagnostics.len() >= MAX_PROBLEMS {
            break;
        }
        match repair.apply(&error) {
            Outcome::Report(path) => diagnostics.push(describe(file, text, &error, path)),
            Outcome::Silent => {}
            Outcome::GiveUp(path) => {
                if !repair.is_placeholder(error.span()) {
                    diagnostics.push(describe(file, text, &error, path));
                }
                break;
            }
        }
    }
    sort_by_place(&mut diagnostics);
    if diagnostics.is_empty() {
        // Only reachable if repairs loop on placeholders: say so rather than nothing.
        diagnostics.push(Diagnostic {
            file: file.to_string(),
            line_column: None,
            key_path: String::new(),
            message: "the file's structure could not be read".into(),
            help: "compare it with one of the files under scenarios/".into(),
        });
    }
    Err(diagnostics)
}

/// In file order, as a user reads them (serde meets keys in its own order).
pub(super) fn sort_by_place(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| d.line_column.unwrap_or((usize::MAX, 0)));
}

fn syntax_errors(file: &str, text: &str, errors: &[toml::de::Error]) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = errors
        .iter()
        .take(MAX_SYNTAX_ERRORS)
        .map(|e| diagnostic::from_toml_error(file, text, e))
        .collect();
    if errors.len() > MAX_SYNTAX_ERRORS {
        out.push(Diagnostic {
            file: file.to_string(),
            line_column: None,
            key_path: String::new(),
            message: format!(
                "{} more syntax errors not shown",
                errors.len() - MAX_SYNTAX_ERRORS
            ),
            help: "is this a scenario file? fix the errors above first".into(),
        });
    }
    out
}

enum Outcome {
    /// A problem in the user's file, repaired: report it at this key path.
    Report(String),
    /// A consequence of an earlier repair, repaired too: say nothing.
    Silent,
    /// Cannot be repaired: report it (unless it concerns a placeholder) and stop.
    GiveUp(String),
}

/// One step of a key path.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

fn render(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(key) if out.is_empty() => out.push_str(key),
            Step::Key(key) => {
                out.push('.');
                out.push_str(key);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

struct Repair<'i> {
    text_len: usize,
    /// The document as a value, so the root is handled like any table.
    document: Spanned<DeValue<'i>>,
    /// `(span of the table, key)` of every entry removed.
    removed: Vec<(Range<usize>, String)>,
    /// The same, for unknown keys only.
    unknown: Vec<(Range<usize>, String)>,
    /// Placeholder span start → index of the next value kind to try.
    placeholders: HashMap<usize, usize>,
    next_placeholder: usize,
    repaired: Vec<String>,
}

/// Value kinds a placeholder tries, in order, until the field accepts one.
const PLACEHOLDER_KINDS: usize = 5;

fn placeholder_value(kind: usize) -> DeValue<'static> {
    match kind {
        0 => DeValue::Integer(DeInteger::default()),
        1 => DeValue::String(Cow::Borrowed("placeholder")),
        2 => DeValue::Boolean(false),
        3 => DeValue::Array(DeArray::new()),
        _ => DeValue::Table(DeTable::new()),
    }
}

impl<'i> Repair<'i> {
    fn new(text_len: usize, document: Spanned<DeTable<'i>>) -> Self {
        let span = document.span();
        Repair {
            text_len,
            document: Spanned::new(span, DeValue::Table(document.into_inner())),
            removed: Vec::new(),
            unknown: Vec::new(),
            placeholders: HashMap::new(),
            next_placeholder: 0,
            repaired: Vec::new(),
        }
    }

    fn deserializer(&self) -> toml::de::Deserializer<'i> {
        let span = self.document.span();
        let table = match self.document.get_ref() {
            DeValue::Table(table) => table.clone(),
            _ => DeTable::new(),
        };
        toml::de::Deserializer::from(Spanned::new(span, table))
    }

    fn is_placeholder(&self, span: Option<Range<usize>>) -> bool {
        span.is_some_and(|s| s.start > self.text_len)
    }

    fn apply(&mut self, error: &toml::de::Error) -> Outcome {
        let message = error.message().to_string();
        let Some(span) = error.span() else {
            return Outcome::GiveUp(String::new());
        };
        let Some(path) = find(&self.document, &span) else {
            return Outcome::GiveUp(String::new());
        };
        if let Some(field) = quoted_after(&message, "missing field `") {
            return self.fill_missing(&path, &field);
        }
        if self.is_placeholder(Some(span.clone())) {
            return self.retry_placeholder(&path, &message);
        }
        // An unknown key, or a value of the wrong type: remove the table
        // entry holding it (for an array item, the whole array).
        let shown = render(&path);
        let Some(last_key) = path.iter().rposition(|s| matches!(s, Step::Key(_))) else {
            return Outcome::GiveUp(shown);
        };
        let Step::Key(key) = path[last_key].clone() else {
            return Outcome::GiveUp(shown);
        };
        let Some(parent) = navigate(&mut self.document, &path[..last_key]) else {
            return Outcome::GiveUp(shown);
        };
        let parent_span = parent.span();
        let DeValue::Table(table) = parent.get_mut() else {
            return Outcome::GiveUp(shown);
        };
        table.remove(key.as_str());
        if message.starts_with("unknown field") {
            self.unknown.push((parent_span.clone(), key.clone()));
        }
        self.removed.push((parent_span, key));
        self.repaired.push(render(&path[..=last_key]));
        Outcome::Report(shown)
    }

    fn fill_missing(&mut self, table_path: &[Step], field: &str) -> Outcome {
        let start = self.text_len + 1 + self.next_placeholder;
        self.next_placeholder += 1;
        let fake = start..start + 1;
        let Some(node) = navigate(&mut self.document, table_path) else {
            return Outcome::GiveUp(String::new());
        };
        let table_span = node.span();
        let DeValue::Table(table) = node.get_mut() else {
            return Outcome::GiveUp(String::new());
        };
        table.insert(
            Spanned::new(fake.clone(), Cow::Owned(field.to_string())),
            Spanned::new(fake, placeholder_value(0)),
        );
        self.placeholders.insert(start, 1);
        let mut path = table_path.to_vec();
        path.push(Step::Key(field.to_string()));
        let path = render(&path);
        self.repaired.push(path.clone());
        let was_removed = self
            .removed
            .iter()
            .any(|(s, k)| *s == table_span && k == field);
        // A misspelling of this very key was reported with the suggestion.
        let was_misspelt = self.unknown.iter().any(|(s, k)| {
            *s == table_span && diagnostic::nearest(&[field.to_string()], k).is_some()
        });
        if was_removed || was_misspelt || self.is_placeholder(Some(table_span)) {
            Outcome::Silent
        } else {
            Outcome::Report(path)
        }
    }

    fn retry_placeholder(&mut self, path: &[Step], message: &str) -> Outcome {
        let Some(slot) = navigate(&mut self.document, path) else {
            return Outcome::GiveUp(String::new());
        };
        let Some(kind) = self.placeholders.get(&slot.span().start).copied() else {
            return Outcome::GiveUp(String::new());
        };
        let value = if let Some(variant) = first_expected(message) {
            DeValue::String(Cow::Owned(variant))
        } else if kind < PLACEHOLDER_KINDS {
            self.placeholders.insert(slot.span().start, kind + 1);
            placeholder_value(kind)
        } else {
            return Outcome::GiveUp(String::new());
        };
        *slot.get_mut() = value;
        Outcome::Silent
    }
}

/// Path to the deepest key or value whose span is exactly `span`. (Spans of
/// `[table]` headers cover the header only, and an array of tables shares its
/// first table's span, hence exact matches, deepest first.)
fn find(value: &Spanned<DeValue<'_>>, span: &Range<usize>) -> Option<Vec<Step>> {
    let mut path = Vec::new();
    find_in(value, span, &mut path)
}

fn find_in(
    value: &Spanned<DeValue<'_>>,
    span: &Range<usize>,
    path: &mut Vec<Step>,
) -> Option<Vec<Step>> {
    let here = (value.span() == *span).then(|| path.clone());
    let deeper = match value.get_ref() {
        DeValue::Table(table) => table.iter().find_map(|(key, item)| {
            path.push(Step::Key(key.get_ref().to_string()));
            let found = if key.span() == *span {
                Some(path.clone())
            } else {
                find_in(item, span, path)
            };
            path.pop();
            found
        }),
        DeValue::Array(array) => array.iter().enumerate().find_map(|(i, item)| {
            path.push(Step::Index(i));
            let found = find_in(item, span, path);
            path.pop();
            found
        }),
        _ => None,
    };
    deeper.or(here)
}

fn navigate<'a, 'i>(
    value: &'a mut Spanned<DeValue<'i>>,
    path: &[Step],
) -> Option<&'a mut Spanned<DeValue<'i>>> {
    let Some((first, rest)) = path.split_first() else {
        return Some(value);
    };
    let next = match (value.get_mut(), first) {
        (DeValue::Table(table), Step::Key(key)) => table.get_mut(key.as_str())?,
        (DeValue::Array(array), Step::Index(i)) => array.get_mut(*i)?,
        _ => return None,
    };
    navigate(next, rest)
}

/// The first expected variant of an "unknown variant" message.
fn first_expected(message: &str) -> Option<String> {
    if !message.starts_with("unknown variant") {
        return None;
    }
    let expected = message.split("expected").nth(1)?;
    expected.split('`').nth(1).map(str::to_string)
}

fn quoted_after(message: &str, prefix: &str) -> Option<String> {
    let rest = message.split(prefix).nth(1)?;
    Some(rest.split('`').next()?.to_string())
}

/// The user-facing form of a structural error: `key.path: what is wrong (got VALUE)`.
fn describe(file: &str, text: &str, error: &toml::de::Error, key_path: String) -> Diagnostic {
    let message = error.message().trim();
    let span = error.span().filter(|s| s.start <= text.len());
    let line_column = span.as_ref().map(|s| line_column(text, s.start));
    let got = span
        .as_ref()
        .and_then(|s| text.get(s.clone()))
        .map(shorten)
        .unwrap_or_default();
    let (message, help) = if let Some(field) = quoted_after(message, "missing field `") {
        (
            "is missing; it is required".to_string(),
            format!("add `{field} = ...`; docs/scenario-reference.md and the files under scenarios/ show every key"),
        )
    } else if let Some(unknown) = quoted_after(message, "unknown field `") {
        let expected = backquoted(message.split("expected").nth(1).unwrap_or(""));
        let help = match diagnostic::nearest(&expected, &unknown) {
            Some(s) => format!(
                "did you mean `{s}`? unknown keys are refused so a typo never falls back to a default"
            ),
            None if expected.is_empty() => "remove this key".to_string(),
            None => format!("remove it, or use one of: {}", expected.join(", ")),
        };
        (format!("unknown key (got `{unknown}`)"), help)
    } else if message.starts_with("unknown variant") {
        let expected = backquoted(message.split("expected").nth(1).unwrap_or(""));
        (
            format!("must be one of \"{}\" (got {got})", expected.join("\", \"")),
            "use one of the values listed, in quotes".to_string(),
        )
    } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
        let expected = message.rsplit("expected ").next().unwrap_or("").trim();
        let (what, help) = expected_in_words(expected);
        (format!("must be {what} (got {got})"), help.to_string())
    } else {
        (
            format!("{message} (got {got})"),
            "compare with one of the files under scenarios/".to_string(),
        )
    };
    Diagnostic {
        file: file.to_string(),
        line_column,
        key_path,
        message,
        help,
    }
}

fn backquoted(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The first line of a value as written, cut to a readable length.
fn shorten(value: &str) -> String {
    let first = value.lines().next().unwrap_or("");
    let cut: String = first.chars().take(60).collect();
    if cut.len() < value.len() {
        format!("{cut}...")
    } else {
        cut
    }
}

fn expected_in_words(expected: &str) -> (&'static str, &'static str) {
    match expected {
        "f64" | "f32" => ("a number", "write a number without quotes, e.g. 12 or 0.25"),
        "u8" => (
            "a whole number from 0 to 255",
            "write a whole number without quotes or decimals",
        ),
        "u32" => (
            "a whole number from 0 to 4294967295",
            "write a whole number without quotes or decimals",
        ),
        "u64" => (
            "a whole number from 0 to 18446744073709551615",
            "write a whole number without quotes or decimals",
        ),
        "a boolean" => ("true or false", "write true or false, without quotes"),
        "a string" => ("text in quotes", "put the text in double quotes"),
        "a sequence" => (
            "an array",
            "write a list in brackets, e.g. [1, 2, 3], or [[name]] tables",
        ),
        e if e.starts_with("struct") || e == "a map" => (
            "a table",
            "write a table, e.g. { key = value }, or a [section] with its keys",
        ),
        _ => (
            "a value of another type",
            "compare with one of the files under scenarios/",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<Diagnostic> {
        match deserialize("t.toml", text) {
            Ok(s) => s.diagnostics,
            Err(d) => d,
        }
    }

    const OK: &str = r#"
name = "t"
horizon_weeks = 2
[demand]
contacts_per_week = 100
[[categories]]
name = "a"
share = 1.0
human_handle_minutes = { distribution = "exponential", mean = 5.0 }
[staffing]
fte = 3
"#;

    #[test]
    fn a_sound_file_has_no_problems_and_nothing_repaired() {
        let s = deserialize("t.toml", OK).ok().unwrap();
        assert!(s.diagnostics.is_empty());
        assert!(s.repaired.is_empty());
    }

    #[test]
    fn every_structural_problem_is_reported_at_once_with_its_key_path() {
        let text = OK
            .replace("horizon_weeks = 2", "horizon_weeks = \"two\"")
            .replace("share = 1.0", "shar = 1.0")
            .replace("\"exponential\"", "\"weibull\"")
            .replace("fte = 3", "fte = true");
        let d = problems(&text);
        let shown: Vec<String> = d.iter().map(|d| d.to_string()).collect();
        assert_eq!(d.len(), 4, "{shown:#?}");
        let all = shown.join("\n");
        assert!(
            shown[0].starts_with("error: t.toml:3:17: horizon_weeks: must be a whole number"),
            "{all}"
        );
        assert!(shown[0].contains("(got \"two\")"), "{all}");
        assert!(
            all.contains(
                "categories[0].shar: unknown key (got `shar`)\n  help: did you mean `share`?"
            ),
            "{all}"
        );
        assert!(
            all.contains("categories[0].human_handle_minutes.distribution: must be one of"),
            "{all}"
        );
        // The misspelling's suggestion says it: no second problem for the missing key.
        assert!(!all.contains("categories[0].share: is missing"), "{all}");
        assert!(
            all.contains("staffing.fte: must be a number (got true)"),
            "{all}"
        );
    }

    #[test]
    fn a_missing_table_is_one_problem_not_one_per_field() {
        let text = OK.replace("[demand]\ncontacts_per_week = 100\n", "");
        let d = problems(&text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].key_path, "demand");
    }

    #[test]
    fn syntax_errors_are_all_reported_but_not_without_bound() {
        let text = "a = [1\nb = = 2\n".repeat(40);
        let d = problems(&text);
        assert!(d.len() > 1 && d.len() <= MAX_SYNTAX_ERRORS + 1, "{d:#?}");
    }
}
