//! Key paths into a scenario file, as `sweep --set` and `[[uncertain]]` name
//! them: tables by name, array elements by `[index]`, and elements of an
//! array of tables also by their `name` key:
//!
//! ```text
//! demand.contacts_per_week
//! categories.refunds.ai_rollout[1].share      (= categories[2].ai_rollout[1].share)
//! staffing.schedule[1].fte
//! ```
//!
//! A key must be written in the file (so a typo cannot silently vary a
//! default) and hold a number. Errors say where the path left the file and
//! what was there instead; the caller names the path in front of them.

use toml::{Table, Value};

/// Why a key path cannot be set: `message` follows `<path>: `, `help` (when
/// there is one) is the fix.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyPathError {
    pub message: String,
    pub help: Option<String>,
}

impl KeyPathError {
    fn new(message: impl Into<String>) -> Self {
        KeyPathError {
            message: message.into(),
            help: None,
        }
    }

    /// The error as `sweep --set` prints it: `--set <path>: ...`.
    pub fn render(&self, prefix: &str) -> String {
        match &self.help {
            Some(help) => format!("{prefix}: {}\n  help: {help}", self.message),
            None => format!("{prefix}: {}", self.message),
        }
    }
}

/// One step of a key path.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

fn parse_path(path: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if name.is_empty() && (steps.is_empty() || rest.is_empty()) {
            return Err("it has an empty part (two dots in a row, or a dot at an end)".into());
        }
        if !name.is_empty() {
            steps.push(Step::Key(name.to_string()));
        }
        while !rest.is_empty() {
            let close = rest.find(']').ok_or("a '[' is not closed")?;
            let index = rest[1..close]
                .parse::<usize>()
                .map_err(|_| format!("[{}] is not an index", &rest[1..close]))?;
            steps.push(Step::Index(index));
            rest = &rest[close + 1..];
            if !(rest.is_empty() || rest.starts_with('[')) {
                return Err(format!("unexpected {rest:?} after an index"));
            }
        }
    }
    Ok(steps)
}

fn keys_of(table: &Table) -> String {
    let mut keys: Vec<&str> = table.keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys.join(", ")
}

/// The value at `path`, for reading or replacing.
fn locate<'a>(doc: &'a mut Table, path: &str) -> Result<&'a mut Value, KeyPathError> {
    let steps = parse_path(path).map_err(KeyPathError::new)?;
    let missing = |at: &str, what: String| KeyPathError {
        message: format!("{at} is not in the scenario file"),
        help: Some(what),
    };
    let mut walked = String::new();
    let (first, rest) = match steps.split_first() {
        Some((Step::Key(k), rest)) => (k, rest),
        _ => return Err(KeyPathError::new("it must start with a key")),
    };
    walked.push_str(first);
    let known = keys_of(doc);
    let mut current = doc
        .get_mut(first)
        .ok_or_else(|| missing(&walked, format!("keys at the top level: {known}")))?;
    for step in rest {
        current = match (step, current) {
            (Step::Index(i), Value::Array(items)) => {
                walked.push_str(&format!("[{i}]"));
                let len = items.len();
                items.get_mut(*i).ok_or_else(|| {
                    missing(
                        &walked,
                        format!("the array has {len} elements, indexed from 0"),
                    )
                })?
            }
            (Step::Key(k), Value::Array(items)) => {
                // An array of tables, selected by its elements' `name`.
                let names: Vec<String> = items
                    .iter()
                    .filter_map(|v| v.get("name").and_then(Value::as_str).map(str::to_string))
                    .collect();
                let at = format!("{walked}.{k}");
                walked.push_str(&format!(".{k}"));
                items
                    .iter_mut()
                    .find(|v| v.get("name").and_then(Value::as_str) == Some(k.as_str()))
                    .ok_or_else(|| {
                        missing(&at, format!("elements are named: {}", names.join(", ")))
                    })?
            }
            (Step::Key(k), Value::Table(table)) => {
                walked.push_str(&format!(".{k}"));
                let known = keys_of(table);
                table
                    .get_mut(k)
                    .ok_or_else(|| missing(&walked, format!("keys here: {known}")))?
            }
            (step, _) => {
                let shown = match step {
                    Step::Key(k) => format!(".{k}"),
                    Step::Index(i) => format!("[{i}]"),
                };
                return Err(KeyPathError::new(format!(
                    "{walked} holds a value, not a table or array, so {walked}{shown} does not exist"
                )));
            }
        };
    }
    Ok(current)
}

/// The number at `path` in the file.
pub fn get_number(doc: &Table, path: &str) -> Result<f64, KeyPathError> {
    // `locate` walks a mutable document; a copy keeps `doc` untouched.
    let mut copy = doc.clone();
    match locate(&mut copy, path)? {
        Value::Float(v) => Ok(*v),
        Value::Integer(v) => Ok(*v as f64),
        other => Err(not_a_number(other)),
    }
}

fn not_a_number(other: &Value) -> KeyPathError {
    KeyPathError::new(format!(
        "it holds {} {}, not a number; only numeric keys can be swept",
        if other.type_str().starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        },
        other.type_str()
    ))
}

/// Sets a numeric key, keeping an integer key an integer.
pub fn set_number(doc: &mut Table, path: &str, value: f64) -> Result<(), KeyPathError> {
    let slot = locate(doc, path)?;
    match slot {
        Value::Float(_) => *slot = Value::Float(value),
        Value::Integer(_) => {
            if value.fract() != 0.0 || value.abs() > 9.0e15 {
                return Err(KeyPathError::new(format!(
                    "{value} is not a whole number, and this key holds one"
                )));
            }
            *slot = Value::Integer(value as i64);
        }
        other => return Err(not_a_number(other)),
    }
    Ok(())
}

/// Whether the key at `path` is written as a whole number in the file.
pub fn holds_integer(doc: &mut Table, path: &str) -> Result<bool, KeyPathError> {
    Ok(matches!(locate(doc, path)?, Value::Integer(_)))
}

/// Sets a numeric key to a value drawn from a range: where the file wrote a
/// whole number, a whole value stays one and any other becomes a float (a
/// pay rate written `30` may well be drawn as 35.5); the scenario's check
/// still refuses a float where the key must be whole.
pub fn set_drawn(doc: &mut Table, path: &str, value: f64) -> Result<(), KeyPathError> {
    let slot = locate(doc, path)?;
    match slot {
        Value::Integer(_) if value.fract() != 0.0 => *slot = Value::Float(value),
        _ => return set_number(doc, path, value),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"
name = "x"
horizon_weeks = 4
[[categories]]
name = "faq"
share = 0.5
ai_rollout = [{ from_week = 0, share = 0.0 }, { from_week = 2, share = 0.6 }]
[[categories]]
name = "refunds"
share = 0.5
[staffing]
fte = 10
"#;

    fn doc() -> Table {
        toml::from_str(DOC).unwrap()
    }

    fn set(d: &mut Table, path: &str, value: f64) -> Result<(), String> {
        set_number(d, path, value).map_err(|e| e.render(&format!("--set {path}")))
    }

    #[test]
    fn paths_reach_keys_by_name_and_by_index() {
        let mut d = doc();
        set(&mut d, "categories.refunds.share", 0.25).unwrap();
        set(&mut d, "categories[0].ai_rollout[1].share", 0.8).unwrap();
        set(&mut d, "categories.faq.ai_rollout[1].from_week", 3.0).unwrap();
        set(&mut d, "staffing.fte", 12.0).unwrap();
        let c = d["categories"].as_array().unwrap();
        assert_eq!(c[1]["share"].as_float(), Some(0.25));
        assert_eq!(c[0]["ai_rollout"][1]["share"].as_float(), Some(0.8));
        assert_eq!(c[0]["ai_rollout"][1]["from_week"].as_integer(), Some(3));
        assert_eq!(d["staffing"]["fte"].as_integer(), Some(12));
        assert_eq!(get_number(&d, "staffing.fte"), Ok(12.0));
        assert_eq!(get_number(&d, "categories.refunds.share"), Ok(0.25));
    }

    #[test]
    fn unknown_or_non_numeric_keys_are_refused_with_what_is_there() {
        let mut d = doc();
        let e = set(&mut d, "categories.billing.share", 0.1).unwrap_err();
        assert!(
            e.contains("categories.billing is not in") && e.contains("faq, refunds"),
            "{e}"
        );
        let e = set(&mut d, "staffing.ftee", 1.0).unwrap_err();
        assert!(e.contains("keys here: fte"), "{e}");
        let e = set(&mut d, "name", 1.0).unwrap_err();
        assert!(e.contains("only numeric keys"), "{e}");
        assert!(get_number(&d, "name").is_err());
        let e = set(&mut d, "staffing.fte", 1.5).unwrap_err();
        assert!(e.contains("whole number"), "{e}");
        let e = set(&mut d, "categories[0]", 1.0).unwrap_err();
        assert!(
            e.ends_with("it holds a table, not a number; only numeric keys can be swept"),
            "{e}"
        );
        assert!(set(&mut d, "staffing..fte", 1.0)
            .unwrap_err()
            .contains("empty part"));
        assert!(set(&mut d, "staffing.fte.", 1.0)
            .unwrap_err()
            .contains("empty part"));
        let e = set(&mut d, "categories[5].share", 1.0).unwrap_err();
        assert!(e.contains("2 elements"), "{e}");
    }
}
