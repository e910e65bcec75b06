//! `sweep.csv` (long form: one row per grid point and metric) and the sweep
//! figures: a line per metric over one key, a heatmap over two.

use super::plot::{series_from_estimates, Chart, Figure, Heatmap, Kind, Series};
use super::{number, WriteError};
use crate::analysis::compare::KEY_FIGURES;
use crate::analysis::{RunResult, METRICS};

/// One grid point's settings and result.
#[derive(Debug, Clone, Copy)]
pub struct SweepPoint<'a> {
    pub settings: &'a [(String, f64)],
    pub result: &'a RunResult,
}

/// Columns: `point`, one per swept key (its path), `metric, unit, mean,
/// ci95_low, ci95_high` (horizon totals over replications).
pub fn sweep_csv(keys: &[String], points: &[SweepPoint]) -> Result<Vec<u8>, WriteError> {
    let error = |e: csv::Error| WriteError::Render {
        what: "sweep.csv",
        message: e.to_string(),
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["point".to_string()];
    header.extend(keys.iter().cloned());
    header.extend(["metric", "unit", "mean", "ci95_low", "ci95_high"].map(String::from));
    writer.write_record(&header).map_err(error)?;
    for (i, p) in points.iter().enumerate() {
        for (metric, e) in METRICS.iter().zip(&p.result.totals) {
            let mut row = vec![i.to_string()];
            row.extend(p.settings.iter().map(|(_, v)| number(*v)));
            row.extend([
                metric.name.to_string(),
                metric.unit.to_string(),
                number(e.mean),
                number(e.ci95_low),
                number(e.ci95_high),
            ]);
            writer.write_record(&row).map_err(error)?;
        }
    }
    writer.into_inner().map_err(|e| WriteError::Render {
        what: "sweep.csv",
        message: e.to_string(),
    })
}

fn scale_and_label(unit: &str) -> (f64, String) {
    match unit {
        "share" => (100.0, "%".to_string()),
        other => (1.0, other.to_string()),
    }
}

/// One figure per key figure: with one key a line over its values (with the
/// 95% band), with two a heatmap (first key across, second up); more keys are
/// not drawn (the CSV has them).
pub fn sweep_figures(keys: &[String], points: &[SweepPoint]) -> Vec<Figure> {
    let mut figures = Vec::new();
    for metric in KEY_FIGURES {
        let (name, m) = (metric.name(), metric.index());
        let (scale, unit) = scale_and_label(METRICS[m].unit);
        match keys.len() {
            1 => {
                let estimates: Vec<_> = points.iter().map(|p| p.result.totals[m]).collect();
                let mut series = series_from_estimates(name, &estimates, scale, true);
                for (point, p) in series.points.iter_mut().zip(points) {
                    point.0 = p.settings[0].1;
                }
                let series = Series {
                    label: format!("{name} (horizon mean)"),
                    ..series
                };
                figures.push(Figure::Chart(Chart {
                    name: format!("sweep-{name}"),
                    title: format!("{name} over {}", keys[0]),
                    x_label: keys[0].clone(),
                    y_label: format!("{name} ({unit})"),
                    kind: Kind::Lines,
                    series: vec![series],
                    references: Vec::new(),
                    markers: Vec::new(),
                    spans: Vec::new(),
                    notes: Vec::new(),
                }));
            }
            2 => {
                let mut xs: Vec<f64> = Vec::new();
                let mut ys: Vec<f64> = Vec::new();
                for p in points {
                    if !xs.contains(&p.settings[0].1) {
                        xs.push(p.settings[0].1);
                    }
                    if !ys.contains(&p.settings[1].1) {
                        ys.push(p.settings[1].1);
                    }
                }
                let mut values = vec![vec![f64::NAN; xs.len()]; ys.len()];
                for p in points {
                    let i = xs.iter().position(|x| *x == p.settings[0].1);
                    let j = ys.iter().position(|y| *y == p.settings[1].1);
                    if let (Some(i), Some(j)) = (i, j) {
                        values[j][i] = p.result.totals[m].mean * scale;
                    }
                }
                figures.push(Figure::Heatmap(Heatmap {
                    name: format!("sweep-{name}"),
                    title: format!("{name} ({unit}) at each grid point"),
                    x_label: keys[0].clone(),
                    y_label: keys[1].clone(),
                    value_label: format!("{name} ({unit})"),
                    xs: xs.iter().map(|v| format!("{v}")).collect(),
                    ys: ys.iter().map(|v| format!("{v}")).collect(),
                    values,
                }));
            }
            _ => {}
        }
    }
    figures
}
