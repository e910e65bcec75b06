//! Sweeps: a grid over numeric scenario keys, every point a full scenario run.
//!
//! A key is named by its path in the TOML file: tables by name, array elements
//! by `[index]`, and elements of an array of tables also by their `name` key:
//!
//! ```text
//! demand.contacts_per_week
//! categories.refunds.ai_rollout[1].share      (= categories[2].ai_rollout[1].share)
//! staffing.schedule[1].fte
//! ```
//!
//! A swept key must be written in the file (so a typo cannot silently sweep a
//! default) and hold a number. Each value is set in the parsed document, which
//! is then deserialised and validated like the file itself, so every point
//! meets the same rules; all points are checked before anything runs.

use crate::scenario::{self, Limits, LoadError, Overrides, Scenario};
use toml::{Table, Value};

/// One `--set KEY=v1,v2,...`.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    pub key: String,
    pub values: Vec<f64>,
}

/// One grid point: the values set (in axis order) and the checked scenario.
#[derive(Debug, Clone)]
pub struct Point {
    pub settings: Vec<(String, f64)>,
    pub scenario: Scenario,
}

/// Parses `KEY=v1,v2,...`.
pub fn parse_axis(arg: &str) -> Result<Axis, String> {
    let Some((key, list)) = arg.split_once('=') else {
        return Err(format!(
            "--set {arg:?} has no '='\n  help: write --set KEY=v1,v2,... e.g. --set categories.refunds.share=0.2,0.3"
        ));
    };
    let key = key.trim();
    if key.is_empty() {
        return Err(format!("--set {arg:?} names no key"));
    }
    let mut values = Vec::new();
    for item in list.split(',') {
        let item = item.trim();
        match item.parse::<f64>() {
            Ok(v) if v.is_finite() => values.push(v),
            _ => {
                return Err(format!(
                    "--set {key}: {item:?} is not a finite number\n  help: separate values with commas, e.g. --set {key}=0.5,0.6,0.7"
                ))
            }
        }
    }
    if values.is_empty() {
        return Err(format!("--set {key} has no values"));
    }
    Ok(Axis {
        key: key.to_string(),
        values,
    })
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

/// The value at `path`, for reading or replacing. Errors say where the path
/// left the file and what was there instead.
fn locate<'a>(doc: &'a mut Table, path: &str) -> Result<&'a mut Value, String> {
    let steps = parse_path(path).map_err(|e| format!("--set {path}: {e}"))?;
    let missing = |at: &str, what: String| {
        format!("--set {path}: {at} is not in the scenario file\n  help: {what}")
    };
    let mut walked = String::new();
    let (first, rest) = match steps.split_first() {
        Some((Step::Key(k), rest)) => (k, rest),
        _ => return Err(format!("--set {path}: it must start with a key")),
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
                return Err(format!(
                    "--set {path}: {walked} holds a value, not a table or array, so {walked}{shown} does not exist"
                ));
            }
        };
    }
    Ok(current)
}

/// Sets a numeric key, keeping an integer key an integer.
fn set(doc: &mut Table, path: &str, value: f64) -> Result<(), String> {
    let slot = locate(doc, path)?;
    match slot {
        Value::Float(_) => *slot = Value::Float(value),
        Value::Integer(_) => {
            if value.fract() != 0.0 || value.abs() > 9.0e15 {
                return Err(format!(
                    "--set {path}: {value} is not a whole number, and this key holds one"
                ));
            }
            *slot = Value::Integer(value as i64);
        }
        other => {
            return Err(format!(
                "--set {path}: it holds {} {}, not a number; only numeric keys can be swept",
                if other.type_str().starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                },
                other.type_str()
            ))
        }
    }
    Ok(())
}

/// Every combination of the axes' values, first axis slowest.
pub fn grid(axes: &[Axis]) -> Vec<Vec<f64>> {
    let mut points: Vec<Vec<f64>> = vec![Vec::new()];
    for axis in axes {
        points = points
            .iter()
            .flat_map(|p| {
                axis.values.iter().map(move |v| {
                    let mut q = p.clone();
                    q.push(*v);
                    q
                })
            })
            .collect();
    }
    points
}

/// Builds and validates every point of the grid over `text` (the scenario
/// file named `file`). Refuses unknown or non-numeric keys, a repeated key,
/// grids above `limits.max_sweep_points`, and any point that fails
/// validation, listing every problem; nothing is run here.
pub fn build_points(
    file: &str,
    text: &str,
    axes: &[Axis],
    limits: &Limits,
    overrides: &Overrides,
) -> Result<Vec<Point>, String> {
    // The file itself first, with its own file:line:col diagnostics.
    scenario::parse_with(file, text, limits, overrides).map_err(|e| e.to_string())?;
    let base: Table = toml::from_str(text).map_err(|e| format!("{file}: {e}"))?;
    if axes.is_empty() {
        return Err("sweep needs at least one --set KEY=v1,v2,...".into());
    }
    for (i, a) in axes.iter().enumerate() {
        if axes[..i].iter().any(|b| b.key == a.key) {
            return Err(format!(
                "--set {} is given twice\n  help: list all its values in one --set",
                a.key
            ));
        }
        let mut probe = base.clone();
        set(&mut probe, &a.key, a.values[0])?;
    }
    let size: usize = axes
        .iter()
        .map(|a| a.values.len())
        .fold(1usize, |n, k| n.saturating_mul(k));
    let max = limits.max_sweep_points;
    if size > max {
        return Err(format!(
            "the grid has {size} points, more than the limit of {max}\n  help: {}",
            limits.raise_help()
        ));
    }
    let mut points = Vec::with_capacity(size);
    let mut problems = Vec::new();
    for values in grid(axes) {
        let settings: Vec<(String, f64)> = axes
            .iter()
            .zip(&values)
            .map(|(a, v)| (a.key.clone(), *v))
            .collect();
        let shown = settings
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut doc = base.clone();
        for (k, v) in &settings {
            set(&mut doc, k, *v)?;
        }
        let point_text = toml::to_string(&doc).map_err(|e| format!("{file}: {e}"))?;
        match scenario::parse_with(file, &point_text, limits, overrides) {
            Ok(scenario) => points.push(Point { settings, scenario }),
            Err(LoadError::Invalid(diagnostics)) => {
                for d in diagnostics {
                    let mut line = format!("{file} with {shown}: ");
                    if !d.key_path.is_empty() {
                        line.push_str(&format!("{}: ", d.key_path));
                    }
                    line.push_str(&d.message);
                    if !d.help.is_empty() {
                        line.push_str(&format!("\n  help: {}", d.help));
                    }
                    problems.push(line);
                }
            }
            Err(e) => problems.push(format!("{file} with {shown}: {e}")),
        }
    }
    if !problems.is_empty() {
        let n = problems.len();
        let mut message = problems.into_iter().take(10).collect::<Vec<_>>().join("\n");
        if n > 10 {
            message.push_str(&format!("\n... and {} more", n - 10));
        }
        message.push_str("\nno point was run: fix or drop the values above");
        return Err(message);
    }
    Ok(points)
}

/// The work items of a sweep split across machines are its (point,
/// replication) pairs, numbered point-major: point `p`'s replication `r` is
/// item `first[p] + r`. Returns `first` for every point and the number of
/// items (the sum of the points' replications).
pub fn first_items(points: &[Point]) -> (Vec<u64>, u64) {
    let mut first = Vec::with_capacity(points.len());
    let mut total = 0u64;
    for p in points {
        first.push(total);
        total += u64::from(p.scenario.replications);
    }
    (first, total)
}

/// The point and replication of item `item`, the items being numbered
/// point-major (`first` is from `first_items`); a point without
/// replications owns no item.
pub fn point_of_item(first: &[u64], item: u64) -> (usize, u32) {
    // The last point starting at or before the item.
    let point = first.partition_point(|&f| f <= item).saturating_sub(1);
    (point, (item - first[point]) as u32)
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

    #[test]
    fn parses_set_arguments() {
        assert_eq!(
            parse_axis("a.b=1, 2.5,3").unwrap(),
            Axis {
                key: "a.b".into(),
                values: vec![1.0, 2.5, 3.0]
            }
        );
        assert!(parse_axis("a.b").unwrap_err().contains("no '='"));
        assert!(parse_axis("a=1,x").unwrap_err().contains("\"x\""));
        assert!(parse_axis("a=1,inf").is_err());
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

    #[test]
    fn grid_is_every_combination_first_axis_slowest() {
        let axes = vec![
            Axis {
                key: "a".into(),
                values: vec![1.0, 2.0],
            },
            Axis {
                key: "b".into(),
                values: vec![10.0, 20.0, 30.0],
            },
        ];
        let g = grid(&axes);
        assert_eq!(g.len(), 6);
        assert_eq!(g[0], vec![1.0, 10.0]);
        assert_eq!(g[1], vec![1.0, 20.0]);
        assert_eq!(g[5], vec![2.0, 30.0]);
    }

    #[test]
    fn items_are_numbered_point_major_and_located_by_point() {
        let first = [0, 2, 3, 3, 6]; // replications 2, 1, 0, 3 and 2: 8 items
        let all: Vec<_> = (0..8).map(|item| point_of_item(&first, item)).collect();
        assert_eq!(
            all,
            vec![
                (0, 0),
                (0, 1),
                (1, 0),
                (3, 0),
                (3, 1),
                (3, 2),
                (4, 0),
                (4, 1)
            ]
        );
        // Shard 2 of 3 owns items 1, 4 and 7.
        let shard: Vec<_> = [1, 4, 7].map(|item| point_of_item(&first, item)).to_vec();
        assert_eq!(shard, vec![(0, 1), (3, 1), (4, 1)]);
    }
}
