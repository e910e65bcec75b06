//! The `--set KEY=v1,v2,...` overlay of `wfsim sweep`: a grid over numeric
//! scenario keys, every point a checked scenario. It lives beside the parser
//! because each point is the file with values written into it, validated by
//! the same rules as the file; running the points is the analysis' job.
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

use super::{key_path, parse_with, Limits, LoadError, Overrides, Scenario};
use toml::Table;

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

/// Sets a numeric key, keeping an integer key an integer.
fn set(doc: &mut Table, path: &str, value: f64) -> Result<(), String> {
    key_path::set_number(doc, path, value).map_err(|e| e.render(&format!("--set {path}")))
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
    parse_with(file, text, limits, overrides).map_err(|e| e.to_string())?;
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
        // A point is one scenario, not a sensitivity study: the declared
        // ranges are checked against the file, not against every point.
        doc.remove("uncertain");
        for (k, v) in &settings {
            set(&mut doc, k, *v)?;
        }
        let point_text = toml::to_string(&doc).map_err(|e| format!("{file}: {e}"))?;
        match parse_with(file, &point_text, limits, overrides) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
