//! Plots: data preparation (pure functions from results to plain series, in
//! `data`) kept apart from drawing (plotters, in `draw`), so what a figure
//! shows is unit-tested without pixels, and drawing only has to not fail.
//!
//! Text is drawn with DejaVu Sans bundled as bytes (the `dejavu` crate) through
//! plotters' pure-Rust `ab_glyph` renderer: no fontconfig or freetype at build
//! or run time. Drawing returns `Result` and never panics, whatever the data
//! (empty, NaN, a single point).

mod data;
mod draw;

pub use data::{
    figures_for_run, lever_figure, markers_for_decisions, markers_for_scenario, overlay_figures,
    pools_for_run, recovery_figure, recovery_km_figure, recovery_probability_figure,
    series_from_estimates, stack, steps, weekly_estimates, Heatmap,
};
pub use draw::{render_png, render_svg, PlotError, HEIGHT, WIDTH};

use rayon::prelude::*;

/// One line on a chart: `points` are `(x, y)`; `band`, when present, is the
/// `(low, high)` interval at the same x values (a 95% confidence interval).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub points: Vec<(f64, f64)>,
    pub band: Option<Vec<(f64, f64)>>,
    pub stroke: Stroke,
}

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stroke {
    /// A solid line; in a bar chart, a solid bar.
    #[default]
    Solid,
    /// A dashed line: something the solid lines are read against (the
    /// counterfactual, a threshold on the x axis). In a bar chart, a pale
    /// bar with a dashed outline: a value not told apart from 0.
    Dashed,
}

/// A point in time worth marking on the x axis: a decision, a rollout step.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub week: f64,
    pub label: String,
}

/// A horizontal reference line (a threshold).
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub label: String,
    pub value: f64,
}

/// How the series of a chart are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Lines with their bands.
    Lines,
    /// Areas stacked on each other in series order (the points' y values are
    /// each layer's own amount, not cumulative).
    Stacked,
    /// Horizontal bars, one per series (its label on the axis), as long as
    /// the series' first y value, top to bottom in series order: rank them
    /// when preparing the data. The first `(low, high)` of a band, when
    /// there is one, is drawn as an error bar.
    Bars,
    /// A tornado: one row per series, top to bottom in series order, with a
    /// bar from 0 to the first point's y (the effect at a parameter's low
    /// end) and one from 0 to the second point's y (at its high end); the
    /// band's first and second `(low, high)` are their error bars.
    Tornado,
}

/// A shaded stretch of the x axis (a recovery window).
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub from: f64,
    pub to: f64,
    pub label: String,
}

/// Everything a chart shows, ready to draw.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    Chart(Chart),
    Heatmap(Heatmap),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// File stem (`csat` gives `csat.png` and `csat.svg`).
    pub name: String,
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub kind: Kind,
    pub series: Vec<Series>,
    pub references: Vec<Reference>,
    pub markers: Vec<Marker>,
    pub spans: Vec<Span>,
    /// Lines of text under the legend (a count, how to read a style).
    pub notes: Vec<String>,
}

impl Figure {
    pub fn name(&self) -> &str {
        match self {
            Figure::Chart(c) => &c.name,
            Figure::Heatmap(h) => &h.name,
        }
    }

    pub fn title(&self) -> &str {
        match self {
            Figure::Chart(c) => &c.title,
            Figure::Heatmap(h) => &h.title,
        }
    }
}

/// Renders each figure as `plots/<name>.png` and `plots/<name>.svg`.
pub fn render_files(figures: &[Figure]) -> Result<Vec<(String, Vec<u8>)>, PlotError> {
    // Figures are independent, so they render in parallel (on the caller's
    // thread pool); rendering one by one was the largest serial step left
    // after the replications, which capped the speed-up of a second core.
    let pairs = figures
        .par_iter()
        .map(|figure| {
            Ok([
                (format!("plots/{}.png", figure.name()), render_png(figure)?),
                (
                    format!("plots/{}.svg", figure.name()),
                    render_svg(figure)?.into_bytes(),
                ),
            ])
        })
        .collect::<Result<Vec<_>, PlotError>>()?;
    Ok(pairs.into_iter().flatten().collect())
}
