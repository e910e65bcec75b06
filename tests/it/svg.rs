//! A reader of just enough SVG to check what a chart shows: its texts and
//! its polylines, with their positions in pixels. plotters writes one
//! element per line and a text's content on the line after its tag, which is
//! all this relies on; it does not depend on plotters' exact bytes (the order
//! of elements, colours, grid lines), so a plotters upgrade that draws the
//! same content still passes.

/// A `<text>` element: where it is anchored and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    pub x: f64,
    pub y: f64,
    /// `text-anchor`: `end` for a y-axis tick label, `middle` otherwise.
    pub anchor: String,
    /// `dy`: `0.76em` hangs the text below `y` (x-axis tick labels, the title).
    pub dy: String,
    pub bold: bool,
    pub rotated: bool,
    pub content: String,
}

/// A `<polyline>` (a series' line, an axis, a tick, a dash).
#[derive(Debug, Clone, PartialEq)]
pub struct Polyline {
    pub stroke: String,
    pub points: Vec<(f64, f64)>,
}

/// What a chart's SVG draws.
#[derive(Debug, Default)]
pub struct Drawing {
    pub texts: Vec<Text>,
    pub polylines: Vec<Polyline>,
    /// Filled polygons (a series' confidence band, a stacked area).
    pub polygons: usize,
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

fn number(tag: &str, name: &str) -> f64 {
    attribute(tag, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no number {name} in {tag}"))
}

/// Reads the texts, polylines and polygons of an SVG written by plotters.
pub fn read(svg: &str) -> Drawing {
    let mut drawing = Drawing::default();
    let mut lines = svg.lines();
    while let Some(line) = lines.next() {
        if line.starts_with("<text ") {
            drawing.texts.push(Text {
                x: number(line, "x"),
                y: number(line, "y"),
                anchor: attribute(line, "text-anchor").unwrap_or("").into(),
                dy: attribute(line, "dy").unwrap_or("").into(),
                bold: attribute(line, "font-weight") == Some("bold"),
                rotated: attribute(line, "transform").is_some(),
                content: lines.next().unwrap_or("").into(),
            });
        } else if line.starts_with("<polyline ") {
            let points = attribute(line, "points")
                .unwrap_or("")
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').expect("a point is x,y");
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect();
            drawing.polylines.push(Polyline {
                stroke: attribute(line, "stroke").unwrap_or("").into(),
                points,
            });
        } else if line.starts_with("<polygon ") {
            drawing.polygons += 1;
        }
    }
    drawing
}

impl Drawing {
    /// The texts that say exactly `content`.
    pub fn texts_saying(&self, content: &str) -> Vec<&Text> {
        self.texts.iter().filter(|t| t.content == content).collect()
    }

    /// The y axis's scale, from its tick labels (right-aligned numbers):
    /// the value at a pixel row, by the straight line through the first and
    /// last tick. Panics when fewer than two ticks are labelled.
    pub fn y_scale(&self) -> impl Fn(f64) -> f64 {
        let ticks = self.ticks(|t| t.anchor == "end", |t| t.y);
        move |pixel| interpolate(&ticks, pixel)
    }

    /// The pixel column of an x value, from the x axis's tick labels
    /// (numbers hung below the axis).
    pub fn x_pixel(&self) -> impl Fn(f64) -> f64 {
        let ticks: Vec<(f64, f64)> = self
            .ticks(
                |t| t.anchor == "middle" && t.dy == "0.76em" && !t.bold,
                |t| t.x,
            )
            .into_iter()
            .map(|(pixel, value)| (value, pixel))
            .collect();
        move |value| interpolate(&ticks, value)
    }

    /// `(pixel, value)` of the numeric tick labels `is_tick` picks.
    fn ticks(&self, is_tick: impl Fn(&Text) -> bool, at: impl Fn(&Text) -> f64) -> Vec<(f64, f64)> {
        let ticks: Vec<(f64, f64)> = self
            .texts
            .iter()
            .filter(|t| is_tick(t) && !t.rotated)
            .filter_map(|t| Some((at(t), t.content.replace(',', "").parse().ok()?)))
            .collect();
        assert!(ticks.len() >= 2, "fewer than two tick labels: {ticks:?}");
        ticks
    }
}

/// The straight line through the first and last of `(from, to)` pairs, at `v`.
fn interpolate(pairs: &[(f64, f64)], v: f64) -> f64 {
    let (a, b) = (pairs[0], pairs[pairs.len() - 1]);
    a.1 + (v - a.0) * (b.1 - a.1) / (b.0 - a.0)
}
