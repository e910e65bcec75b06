//! Drawing with plotters onto a PNG buffer or an SVG string. Only draws: every
//! number it shows was prepared in `data`. Non-finite values are skipped,
//! empty charts get a default range and say "no data", and any error (or a
//! panic inside plotters) comes back as a `PlotError`.

use std::sync::OnceLock;

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

use super::{Chart, Figure, Heatmap, Kind, Stroke};
use crate::report::units::fixed::{short, tick};

pub const WIDTH: u32 = 960;
pub const HEIGHT: u32 = 540;
const FONT: &str = "sans-serif";
const TITLE_SIZE: u32 = 24;
const LABEL_SIZE: u32 = 16;
const TICK_SIZE: u32 = 13;
/// Pixels right of the plot reserved for the legend.
const LEGEND_WIDTH: i32 = 230;

/// Colours by series order: distinguishable, and readable on white.
const PALETTE: &[RGBColor] = &[
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
];
const REFERENCE_COLOR: RGBColor = RGBColor(200, 0, 0);
const MARKER_COLOR: RGBColor = RGBColor(90, 90, 90);
const SPAN_COLOR: RGBColor = RGBColor(255, 215, 0);

#[derive(Debug, thiserror::Error)]
#[error("cannot draw plot {figure}: {message}")]
pub struct PlotError {
    pub figure: String,
    pub message: String,
}

fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Registers the bundled font once per process; plotters draws no text
/// without a registered font.
fn register_font() -> Result<(), String> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular()).is_ok()
            && plotters::style::register_font(FONT, FontStyle::Bold, dejavu::sans::bold()).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err("the bundled DejaVu font could not be loaded".into())
    }
}

/// Draws the figure into a PNG file's bytes.
pub fn render_png(figure: &Figure) -> Result<Vec<u8>, PlotError> {
    let error = |message: String| PlotError {
        figure: figure.name().to_string(),
        message,
    };
    let mut buffer = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    guarded(|| {
        let root = BitMapBackend::with_buffer(&mut buffer, (WIDTH, HEIGHT)).into_drawing_area();
        draw(&root, figure)?;
        root.present().map_err(|e| e.to_string())
    })
    .map_err(error)?;
    encode_png(&buffer).map_err(error)
}

/// Draws the figure as SVG text.
pub fn render_svg(figure: &Figure) -> Result<String, PlotError> {
    let mut text = String::new();
    guarded(|| {
        let root = SVGBackend::with_string(&mut text, (WIDTH, HEIGHT)).into_drawing_area();
        draw(&root, figure)?;
        root.present().map_err(|e| e.to_string())
    })
    .map_err(|message| PlotError {
        figure: figure.name().to_string(),
        message,
    })?;
    Ok(text)
}

/// Runs a drawing step and turns a panic inside plotters into an error.
fn guarded(step: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
    register_font()?;
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(step)) {
        Ok(result) => result,
        Err(_) => Err("the plotting library failed on this data".into()),
    }
}

fn encode_png(rgb: &[u8]) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(rgb).map_err(|e| e.to_string())?;
    }
    Ok(bytes)
}

fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, figure: &Figure) -> Result<(), String> {
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    match figure {
        Figure::Chart(chart) => draw_chart(root, chart),
        Figure::Heatmap(map) => draw_heatmap(root, map),
    }
}

/// The smallest and largest finite values, widened so a flat or empty range
/// still has room.
fn range(values: impl Iterator<Item = f64>, default: (f64, f64)) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if lo > hi {
        return default;
    }
    if hi - lo < 1e-9 * (1.0 + hi.abs()) {
        let pad = if hi.abs() > 0.0 { hi.abs() * 0.05 } else { 1.0 };
        return (lo - pad, hi + pad);
    }
    (lo, hi)
}

/// Cumulative tops of stacked layers, by layer then point.
fn stacked_tops(chart: &Chart) -> Vec<Vec<(f64, f64, f64)>> {
    let layers: Vec<Vec<(f64, f64)>> = chart.series.iter().map(|s| s.points.clone()).collect();
    super::stack(&layers)
}

/// How a legend entry is drawn.
#[derive(Clone, Copy)]
enum Swatch {
    Line(RGBColor),
    Dashed(RGBColor),
    Area(RGBColor),
    Vertical(RGBColor),
    Solid(RGBColor),
    /// An interval: a horizontal line with end caps.
    ErrorBar(RGBColor),
}

/// The legend, in its own column right of the plot so it never hides data,
/// with the chart's notes below it.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(String, Swatch)],
    notes: &[String],
) -> Result<(), String> {
    let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let style = (FONT, TICK_SIZE).into_font().color(&BLACK);
    let mut y = 60;
    for (label, swatch) in entries {
        let (x0, x1, yc) = (6, 30, y + 7);
        match swatch {
            Swatch::Line(c) => area
                .draw(&PathElement::new(
                    vec![(x0, yc), (x1, yc)],
                    c.stroke_width(3),
                ))
                .map_err(e)?,
            Swatch::Dashed(c) => {
                area.draw(&PathElement::new(
                    vec![(x0, yc), (x0 + 9, yc)],
                    c.stroke_width(3),
                ))
                .map_err(e)?;
                area.draw(&PathElement::new(
                    vec![(x0 + 15, yc), (x1, yc)],
                    c.stroke_width(3),
                ))
                .map_err(e)?
            }
            Swatch::Area(c) => area
                .draw(&Rectangle::new(
                    [(x0, yc - 6), (x1, yc + 6)],
                    c.mix(0.75).filled(),
                ))
                .map_err(e)?,
            Swatch::Solid(c) => area
                .draw(&Rectangle::new([(x0, yc - 6), (x1, yc + 6)], c.filled()))
                .map_err(e)?,
            Swatch::Vertical(c) => area
                .draw(&PathElement::new(
                    vec![(x0 + 12, yc - 8), (x0 + 12, yc + 8)],
                    c.stroke_width(2),
                ))
                .map_err(e)?,
            Swatch::ErrorBar(c) => {
                for segment in [
                    vec![(x0, yc), (x1, yc)],
                    vec![(x0, yc - 5), (x0, yc + 5)],
                    vec![(x1, yc - 5), (x1, yc + 5)],
                ] {
                    area.draw(&PathElement::new(segment, c.stroke_width(2)))
                        .map_err(e)?;
                }
            }
        }
        let lines = wrap(label, 24);
        for (i, line) in lines.iter().enumerate() {
            area.draw(&Text::new(
                line.clone(),
                (x1 + 6, y + i as i32 * 16),
                style.clone(),
            ))
            .map_err(e)?;
        }
        y += 16 * lines.len() as i32 + 8;
    }
    let note_style = (FONT, TICK_SIZE).into_font().color(&MARKER_COLOR);
    for note in notes {
        y += 4;
        for line in wrap(note, 28) {
            area.draw(&Text::new(line, (6, y), note_style.clone()))
                .map_err(e)?;
            y += 16;
        }
    }
    Ok(())
}

/// Splits text on spaces into lines of about `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split(' ') {
        let last = lines.last().map_or(0, |l| l.chars().count());
        if last > 0 && last + word.chars().count() > width {
            lines.push(String::new());
        }
        if let Some(l) = lines.last_mut() {
            if !l.is_empty() {
                l.push(' ');
            }
            l.push_str(word);
        }
    }
    lines
}

/// A chart drawn in week-by-value coordinates.
type Ctx<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// What a chart's legend shows, in the order drawn.
type Legend = Vec<(String, Swatch)>;

fn draw_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Chart,
) -> Result<(), String> {
    if chart.kind == Kind::Tornado {
        return draw_tornado(root, chart);
    }
    if chart.kind == Kind::Bars {
        return draw_bars(root, chart);
    }
    let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let (plot_area, legend_area) = root.split_horizontally(WIDTH as i32 - LEGEND_WIDTH);
    let root = &plot_area;
    let mut legend: Legend = Vec::new();
    let stacked = match chart.kind {
        Kind::Stacked => stacked_tops(chart),
        _ => Vec::new(),
    };
    let spans: Vec<&super::Span> = chart
        .spans
        .iter()
        .filter(|s| s.from.is_finite() && s.to.is_finite())
        .collect();
    let ((x0, x1), (y0, y1)) = chart_ranges(chart, &stacked, &spans);

    let has_data = chart
        .series
        .iter()
        .any(|s| s.points.iter().any(|p| p.0.is_finite() && p.1.is_finite()));
    let title = if has_data {
        chart.title.clone()
    } else {
        format!("{} (no data)", chart.title)
    };
    let mut ctx = ChartBuilder::on(root)
        .caption(title, (FONT, TITLE_SIZE).into_font().style(FontStyle::Bold))
        .margin(14)
        .x_label_area_size(48)
        .y_label_area_size(80)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(e)?;
    ctx.configure_mesh()
        .x_desc(chart.x_label.as_str())
        .y_desc(chart.y_label.as_str())
        .axis_desc_style((FONT, LABEL_SIZE))
        .label_style((FONT, TICK_SIZE))
        .light_line_style(RGBColor(235, 235, 235))
        .x_label_formatter(&|v| tick(*v))
        .y_label_formatter(&|v| tick(*v))
        .draw()
        .map_err(e)?;

    for span in &spans {
        let (a, b) = (span.from.min(span.to), span.from.max(span.to));
        ctx.draw_series(std::iter::once(Rectangle::new(
            [(a, y0), (b, y1)],
            SPAN_COLOR.mix(0.35).filled(),
        )))
        .map_err(e)?;
        legend.push((span.label.clone(), Swatch::Area(SPAN_COLOR)));
    }

    match chart.kind {
        Kind::Lines | Kind::Bars | Kind::Tornado => draw_lines(&mut ctx, chart, &mut legend)?,
        Kind::Stacked => draw_stacked(&mut ctx, chart, &stacked, &mut legend)?,
    }
    draw_references(&mut ctx, chart, (x0, x1), &mut legend)?;
    draw_markers(&mut ctx, chart, (y0, y1), &mut legend)?;
    draw_legend(&legend_area, &legend, &chart.notes)
}

/// `((x0, x1), (y0, y1))`: the weeks of the series, markers and spans; the
/// values of the series, their bands and the references (the stacked tops
/// and 0 for a stacked chart), padded.
fn chart_ranges(
    chart: &Chart,
    stacked: &[Vec<(f64, f64, f64)>],
    spans: &[&super::Span],
) -> ((f64, f64), (f64, f64)) {
    let xs = chart
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .chain(chart.markers.iter().map(|m| m.week))
        .chain(spans.iter().flat_map(|s| [s.from, s.to]));
    let (x0, x1) = range(xs, (0.0, 1.0));
    let ys: Vec<f64> = match chart.kind {
        Kind::Lines | Kind::Bars | Kind::Tornado => chart
            .series
            .iter()
            .flat_map(|s| {
                s.points.iter().map(|p| p.1).chain(
                    s.band
                        .iter()
                        .flat_map(|b| b.iter().flat_map(|(lo, hi)| [*lo, *hi])),
                )
            })
            .chain(chart.references.iter().map(|r| r.value))
            .collect(),
        Kind::Stacked => stacked
            .iter()
            .flat_map(|layer| layer.iter().flat_map(|(_, lo, hi)| [*lo, *hi]))
            .chain(std::iter::once(0.0))
            .collect(),
    };
    let (y0, y1) = range(ys.iter().copied(), (0.0, 1.0));
    let pad = (y1 - y0) * 0.08;
    let (y0, y1) = (
        if chart.kind == Kind::Stacked {
            y0.min(0.0)
        } else {
            y0 - pad
        },
        y1 + pad,
    );
    ((x0, x1), (y0, y1))
}

/// Each series a line, its band (where it has one) shaded underneath.
fn draw_lines<DB: DrawingBackend>(
    ctx: &mut Ctx<'_, DB>,
    chart: &Chart,
    legend: &mut Legend,
) -> Result<(), String> {
    let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    // Every band first, so no band tints another series' line.
    for (i, s) in chart.series.iter().enumerate() {
        let c = color(i);
        if let Some(band) = &s.band {
            for run in finite_runs(s.points.iter().zip(band).map(|(p, b)| (p.0, b.0, b.1))) {
                let mut polygon: Vec<(f64, f64)> = run.iter().map(|(x, lo, _)| (*x, *lo)).collect();
                polygon.extend(run.iter().rev().map(|(x, _, hi)| (*x, *hi)));
                ctx.draw_series(std::iter::once(Polygon::new(polygon, c.mix(0.18))))
                    .map_err(e)?;
            }
        }
    }
    for (i, s) in chart.series.iter().enumerate() {
        let c = color(i);
        let label = if s.band.is_some() {
            format!("{} (band: 95% CI)", s.label)
        } else {
            s.label.clone()
        };
        legend.push((
            label,
            match s.stroke {
                Stroke::Solid => Swatch::Line(c),
                Stroke::Dashed => Swatch::Dashed(c),
            },
        ));
        for run in finite_runs(s.points.iter().map(|p| (p.0, p.1, p.1))) {
            let line: Vec<(f64, f64)> = run.iter().map(|(x, y, _)| (*x, *y)).collect();
            let single = line.len() == 1;
            match s.stroke {
                Stroke::Solid => ctx
                    .draw_series(LineSeries::new(line.clone(), c.stroke_width(2)))
                    .map_err(e)?,
                Stroke::Dashed => ctx
                    .draw_series(DashedLineSeries::new(line.clone(), 8, 5, c.stroke_width(2)))
                    .map_err(e)?,
            };
            if single {
                ctx.draw_series(line.iter().map(|p| Circle::new(*p, 3, c.filled())))
                    .map_err(e)?;
            }
        }
    }
    Ok(())
}

/// Each series an area on top of the ones before it.
fn draw_stacked<DB: DrawingBackend>(
    ctx: &mut Ctx<'_, DB>,
    chart: &Chart,
    stacked: &[Vec<(f64, f64, f64)>],
    legend: &mut Legend,
) -> Result<(), String> {
    let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    for (i, (s, layer)) in chart.series.iter().zip(stacked).enumerate() {
        let c = color(i);
        legend.push((s.label.clone(), Swatch::Area(c)));
        for run in finite_runs(layer.iter().copied()) {
            let mut polygon: Vec<(f64, f64)> = run.iter().map(|(x, lo, _)| (*x, *lo)).collect();
            polygon.extend(run.iter().rev().map(|(x, _, hi)| (*x, *hi)));
            ctx.draw_series(std::iter::once(Polygon::new(polygon, c.mix(0.75).filled())))
                .map_err(e)?;
        }
    }
    Ok(())
}

/// Each reference a dashed horizontal line across `(x0, x1)`.
fn draw_references<DB: DrawingBackend>(
    ctx: &mut Ctx<'_, DB>,
    chart: &Chart,
    (x0, x1): (f64, f64),
    legend: &mut Legend,
) -> Result<(), String> {
    let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    for r in chart.references.iter().filter(|r| r.value.is_finite()) {
        ctx.draw_series(DashedLineSeries::new(
            vec![(x0, r.value), (x1, r.value)],
            8,
            5,
            REFERENCE_COLOR.stroke_width(2),
        ))
        .map_err(e)?;
        legend.push((r.label.clone(), Swatch::Dashed(REFERENCE_COLOR)));
    }
    Ok(())
}

/// Each decision a dashed vertical line across `(y0, y1)`, labelled at the top.
fn draw_markers<DB: DrawingBackend>(
    ctx: &mut Ctx<'_, DB>,
    chart: &Chart,
    (y0, y1): (f64, f64),
    legend: &mut Legend,
) -> Result<(), String> {
    let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    for (i, m) in chart
        .markers
        .iter()
        .filter(|m| m.week.is_finite())
        .enumerate()
    {
        ctx.draw_series(DashedLineSeries::new(
            vec![(m.week, y0), (m.week, y1)],
            4,
            4,
            MARKER_COLOR.stroke_width(1),
        ))
        .map_err(e)?;
        if i == 0 {
            legend.push((
                "decision (labelled at the top)".into(),
                Swatch::Vertical(MARKER_COLOR),
            ));
        }
        // Stagger labels so neighbouring decisions stay readable.
        let y = y1 - (y1 - y0) * (0.04 + 0.06 * (i % 4) as f64);
        ctx.draw_series(std::iter::once(Text::new(
            format!(" {}", m.label),
            (m.week, y),
            (FONT, 12).into_font().color(&MARKER_COLOR),
        )))
        .map_err(e)?;
    }
    Ok(())
}

/// The frame of a chart with one row per series, the first at the top, each
/// labelled on the y axis; values run along `x`. `has_data` false marks the
/// title "(no data)".
fn row_frame<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    chart: &Chart,
    has_data: bool,
    y_label_area: u32,
    x: std::ops::Range<f64>,
) -> Result<Ctx<'a, DB>, String> {
    let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let n = chart.series.len().max(1);
    let title = if has_data {
        chart.title.clone()
    } else {
        format!("{} (no data)", chart.title)
    };
    // Labels from the top: row i (from the top) sits at y = n - 1 - i.
    let labels: Vec<String> = chart.series.iter().rev().map(|s| s.label.clone()).collect();
    let y_fmt = move |v: &f64| label_at(&labels, *v);
    let mut ctx = ChartBuilder::on(area)
        .caption(title, (FONT, TITLE_SIZE).into_font().style(FontStyle::Bold))
        .margin(14)
        .x_label_area_size(48)
        .y_label_area_size(y_label_area)
        .build_cartesian_2d(x, 0.0..n as f64)
        .map_err(e)?;
    ctx.configure_mesh()
        .disable_y_mesh()
        .x_desc(chart.x_label.as_str())
        .y_desc(chart.y_label.as_str())
        .axis_desc_style((FONT, LABEL_SIZE))
        .label_style((FONT, TICK_SIZE))
        .y_labels(n * 2 + 1)
        .x_label_formatter(&|v| tick(*v))
        .y_label_formatter(&y_fmt)
        .draw()
        .map_err(e)?;
    Ok(ctx)
}

/// An interval `(a, b)` as an error bar: a line at `y` between caps from
/// `low` to `high`.
fn draw_whisker<DB: DrawingBackend>(
    ctx: &mut Ctx<'_, DB>,
    (a, b): (f64, f64),
    [y, low, high]: [f64; 3],
) -> Result<(), String> {
    let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    for segment in [
        vec![(a, y), (b, y)],
        vec![(a, low), (a, high)],
        vec![(b, low), (b, high)],
    ] {
        ctx.draw_series(std::iter::once(PathElement::new(
            segment,
            BLACK.stroke_width(2),
        )))
        .map_err(e)?;
    }
    Ok(())
}

/// Horizontal bars: one per series, its label on the y axis, length its
/// first finite y value, with its interval (the band's first pair) as an
/// error bar; the first series at the top. A dashed series is a pale bar
/// with a dashed outline.
fn draw_bars<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Chart,
) -> Result<(), String> {
    let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let (plot_area, legend_area) = root.split_horizontally(WIDTH as i32 - LEGEND_WIDTH);
    let values: Vec<f64> = chart
        .series
        .iter()
        .map(|s| {
            s.points
                .iter()
                .map(|p| p.1)
                .find(|v| v.is_finite())
                .unwrap_or(f64::NAN)
        })
        .collect();
    let intervals: Vec<Option<(f64, f64)>> = chart
        .series
        .iter()
        .map(|s| {
            s.band
                .as_ref()
                .and_then(|b| b.first().copied())
                .filter(|(lo, hi)| lo.is_finite() && hi.is_finite())
        })
        .collect();
    let (lo, hi) = range(
        values
            .iter()
            .copied()
            .chain(intervals.iter().flatten().flat_map(|(a, b)| [*a, *b]))
            .chain([0.0]),
        (0.0, 1.0),
    );
    let n = chart.series.len().max(1);
    // Room right of the longest bar for its value and interval.
    let room = if intervals.iter().any(Option::is_some) {
        0.35
    } else {
        0.08
    };
    let mut ctx = row_frame(
        &plot_area,
        chart,
        values.iter().any(|v| v.is_finite()),
        170,
        lo - (hi - lo) * 0.02..hi + (hi - lo) * room,
    )?;
    // The zero line, so bars left of it read as negative.
    if lo < 0.0 {
        ctx.draw_series(std::iter::once(PathElement::new(
            vec![(0.0, 0.0), (0.0, n as f64)],
            MARKER_COLOR.stroke_width(1),
        )))
        .map_err(e)?;
    }
    let c = color(0);
    for (i, (s, v)) in chart.series.iter().zip(&values).enumerate() {
        if !v.is_finite() {
            continue;
        }
        let y = (n - 1 - i) as f64;
        let corners = [(0.0, y + 0.2), (*v, y + 0.8)];
        match s.stroke {
            Stroke::Solid => ctx
                .draw_series(std::iter::once(Rectangle::new(
                    corners,
                    c.mix(0.8).filled(),
                )))
                .map_err(e)?,
            Stroke::Dashed => {
                ctx.draw_series(std::iter::once(Rectangle::new(
                    corners,
                    c.mix(0.25).filled(),
                )))
                .map_err(e)?;
                let outline = vec![
                    (0.0, y + 0.2),
                    (*v, y + 0.2),
                    (*v, y + 0.8),
                    (0.0, y + 0.8),
                    (0.0, y + 0.2),
                ];
                ctx.draw_series(DashedLineSeries::new(outline, 6, 4, c.stroke_width(1)))
                    .map_err(e)?
            }
        };
        let mut text = format!(" {}", short(*v));
        let mut right = v.max(0.0);
        if let Some((a, b)) = intervals[i] {
            let (a, b) = (a.min(b), a.max(b));
            draw_whisker(&mut ctx, (a, b), [y + 0.5, y + 0.35, y + 0.65])?;
            text = format!(" {} [{}, {}]", short(*v), short(a), short(b));
            right = right.max(b);
        }
        ctx.draw_series(std::iter::once(Text::new(
            text,
            (right, y + 0.75),
            (FONT, TICK_SIZE).into_font().color(&BLACK),
        )))
        .map_err(e)?;
    }
    let mut legend = vec![(chart.x_label.clone(), Swatch::Area(c))];
    if intervals.iter().any(Option::is_some) {
        legend.push(("95% interval".into(), Swatch::ErrorBar(BLACK)));
    }
    draw_legend(&legend_area, &legend, &chart.notes)
}

/// A tornado: one row per series, top to bottom; from 0 (the base) a bar to
/// the effect at the low end (first point) and one to the effect at the
/// high end (second point), each with its interval (the band) as whiskers.
fn draw_tornado<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Chart,
) -> Result<(), String> {
    let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let (plot_area, legend_area) = root.split_horizontally(WIDTH as i32 - LEGEND_WIDTH);
    let end = |s: &super::Series, k: usize| s.points.get(k).map_or(f64::NAN, |p| p.1);
    let whisker = |s: &super::Series, k: usize| {
        s.band
            .as_ref()
            .and_then(|b| b.get(k).copied())
            .filter(|(lo, hi)| lo.is_finite() && hi.is_finite())
    };
    let (lo, hi) = range(
        chart
            .series
            .iter()
            .flat_map(|s| {
                let mut v = vec![end(s, 0), end(s, 1)];
                for k in 0..2 {
                    if let Some((a, b)) = whisker(s, k) {
                        v.extend([a, b]);
                    }
                }
                v
            })
            .chain([0.0]),
        (-1.0, 1.0),
    );
    let n = chart.series.len().max(1);
    let any = chart
        .series
        .iter()
        .any(|s| end(s, 0).is_finite() || end(s, 1).is_finite());
    let pad = (hi - lo) * 0.05;
    let mut ctx = row_frame(&plot_area, chart, any, 230, lo - pad..hi + pad)?;
    let colors = [color(0), color(1)];
    for (i, s) in chart.series.iter().enumerate() {
        let y = (n - 1 - i) as f64;
        // The longer bar first, so the shorter one stays visible over it.
        let mut order = [0usize, 1];
        if end(s, 0).abs() < end(s, 1).abs() {
            order.swap(0, 1);
        }
        for k in order {
            let v = end(s, k);
            if !v.is_finite() {
                continue;
            }
            ctx.draw_series(std::iter::once(Rectangle::new(
                [(0.0, y + 0.2), (v, y + 0.8)],
                colors[k].mix(0.75).filled(),
            )))
            .map_err(e)?;
        }
        for k in 0..2 {
            if let Some((a, b)) = whisker(s, k) {
                // The low end's whisker a little above the middle, the high
                // end's a little below, so overlapping ones stay apart.
                let w = y + if k == 0 { 0.6 } else { 0.4 };
                draw_whisker(&mut ctx, (a, b), [w, w - 0.08, w + 0.08])?;
            }
        }
    }
    // The base: no change.
    ctx.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (0.0, n as f64)],
        MARKER_COLOR.stroke_width(2),
    )))
    .map_err(e)?;
    let mut legend = vec![
        ("at the low end".to_string(), Swatch::Area(colors[0])),
        ("at the high end".to_string(), Swatch::Area(colors[1])),
    ];
    if chart
        .series
        .iter()
        .any(|s| whisker(s, 0).is_some() || whisker(s, 1).is_some())
    {
        legend.push(("95% interval (paired)".into(), Swatch::ErrorBar(BLACK)));
    }
    draw_legend(&legend_area, &legend, &chart.notes)
}

/// Splits `(x, a, b)` triples into runs of consecutive finite values, so a gap
/// (a week with nothing to measure) breaks the line instead of faking a value.
fn finite_runs(points: impl Iterator<Item = (f64, f64, f64)>) -> Vec<Vec<(f64, f64, f64)>> {
    let mut runs = Vec::new();
    let mut current = Vec::new();
    for p in points {
        if p.0.is_finite() && p.1.is_finite() && p.2.is_finite() {
            current.push(p);
        } else if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// White to dark blue, for a share `t` in [0, 1].
fn heat(t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let mix = |a: f64, b: f64| (a + (b - a) * t).round() as u8;
    RGBColor(mix(240.0, 8.0), mix(246.0, 48.0), mix(252.0, 107.0))
}

fn draw_heatmap<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    map: &Heatmap,
) -> Result<(), String> {
    let e = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    let nx = map.xs.len().max(1);
    let ny = map.ys.len().max(1);
    let (lo, hi) = range(map.values.iter().flatten().copied(), (0.0, 1.0));
    let has_data = map.values.iter().flatten().any(|v| v.is_finite());
    let title = if has_data {
        map.title.clone()
    } else {
        format!("{} (no data)", map.title)
    };
    let (plot_area, legend_area) = root.split_horizontally(WIDTH as i32 - LEGEND_WIDTH);
    let root = &plot_area;
    let mut legend = vec![(map.value_label.clone(), Swatch::Solid(WHITE))];
    if has_data {
        for k in 0..5 {
            let t = f64::from(k) / 4.0;
            legend.push((short(lo + (hi - lo) * t), Swatch::Solid(heat(t))));
        }
    }
    legend.push((
        "n/a: no value".into(),
        Swatch::Solid(RGBColor(220, 220, 220)),
    ));
    let mut ctx = ChartBuilder::on(root)
        .caption(title, (FONT, 20).into_font().style(FontStyle::Bold))
        .margin(14)
        .x_label_area_size(48)
        .y_label_area_size(80)
        .build_cartesian_2d(0.0..nx as f64, 0.0..ny as f64)
        .map_err(e)?;
    let xs = map.xs.clone();
    let ys = map.ys.clone();
    let x_fmt = move |v: &f64| label_at(&xs, *v);
    let y_fmt = move |v: &f64| label_at(&ys, *v);
    ctx.configure_mesh()
        .disable_mesh()
        .x_desc(map.x_label.as_str())
        .y_desc(map.y_label.as_str())
        .axis_desc_style((FONT, LABEL_SIZE))
        .label_style((FONT, TICK_SIZE))
        .x_labels(nx * 2 + 1)
        .y_labels(ny * 2 + 1)
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .draw()
        .map_err(e)?;
    for (j, row) in map.values.iter().enumerate() {
        for (i, v) in row.iter().enumerate() {
            let t = (v - lo) / (hi - lo);
            let fill = if v.is_finite() {
                heat(t)
            } else {
                RGBColor(220, 220, 220)
            };
            let (x, y) = (i as f64, j as f64);
            ctx.draw_series(std::iter::once(Rectangle::new(
                [(x, y), (x + 1.0, y + 1.0)],
                fill.filled(),
            )))
            .map_err(e)?;
            let text = if v.is_finite() {
                short(*v)
            } else {
                "n/a".into()
            };
            let ink = if t > 0.55 { WHITE } else { BLACK };
            ctx.draw_series(std::iter::once(Text::new(
                text,
                (x + 0.35, y + 0.55),
                (FONT, TICK_SIZE).into_font().color(&ink),
            )))
            .map_err(e)?;
        }
    }
    draw_legend(&legend_area, &legend, &[])
}

/// The tick label at a cell centre (x.5); other ticks stay blank.
fn label_at(labels: &[String], v: f64) -> String {
    let i = v.floor();
    if (v - i - 0.5).abs() < 1e-6 && i >= 0.0 {
        labels.get(i as usize).cloned().unwrap_or_default()
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_widens_flat_and_defaults_empty() {
        assert_eq!(range(std::iter::empty(), (0.0, 1.0)), (0.0, 1.0));
        let (lo, hi) = range([5.0, 5.0].into_iter(), (0.0, 1.0));
        assert!(lo < 5.0 && hi > 5.0);
        assert_eq!(
            range([f64::NAN, 1.0, 3.0].into_iter(), (0.0, 1.0)),
            (1.0, 3.0)
        );
    }

    #[test]
    fn finite_runs_break_at_gaps() {
        let runs = finite_runs(
            [
                (0.0, 1.0, 1.0),
                (1.0, f64::NAN, 1.0),
                (2.0, 2.0, 2.0),
                (3.0, 3.0, 3.0),
            ]
            .into_iter(),
        );
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[1].len(), 2);
    }

    #[test]
    fn heatmap_ticks_label_cell_centres_only() {
        let labels = vec!["a".to_string(), "b".to_string()];
        assert_eq!(label_at(&labels, 1.5), "b");
        assert_eq!(label_at(&labels, 1.0), "");
        assert_eq!(label_at(&labels, 7.5), "");
    }
}
