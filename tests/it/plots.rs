use wfsim::report::plot::{
    figures_for_run, markers_for_scenario, render_png, render_svg, Chart, Figure, Heatmap, Kind,
    Marker, Series, Stroke, HEIGHT, WIDTH,
};

use crate::support::small_rollout;

/// Decodes a PNG into RGB rows.
fn decode(png: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(png);
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buffer = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buffer).expect("a PNG frame");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buffer.truncate(info.buffer_size());
    (info.width, info.height, buffer)
}

fn pixel(rgb: &[u8], width: u32, x: u32, y: u32) -> (u8, u8, u8) {
    let i = ((y * width + x) * 3) as usize;
    (rgb[i], rgb[i + 1], rgb[i + 2])
}

/// Counts pixels in a rectangle that satisfy `keep`.
fn count(
    rgb: &[u8],
    width: u32,
    (x0, y0, x1, y1): (u32, u32, u32, u32),
    keep: impl Fn((u8, u8, u8)) -> bool,
) -> usize {
    (y0..y1)
        .flat_map(|y| (x0..x1).map(move |x| (x, y)))
        .filter(|(x, y)| keep(pixel(rgb, width, *x, *y)))
        .count()
}

fn dark(p: (u8, u8, u8)) -> bool {
    p.0 < 90 && p.1 < 90 && p.2 < 90
}

/// The first palette colour (blue: 31, 119, 180), give or take antialiasing.
fn blue(p: (u8, u8, u8)) -> bool {
    (p.0 as i32 - 31).abs() < 30 && (p.1 as i32 - 119).abs() < 30 && (p.2 as i32 - 180).abs() < 30
}

#[test]
fn a_rendered_csat_png_has_title_text_legend_text_and_data_pixels() {
    let (scenario, run) = small_rollout();
    let figures = figures_for_run(
        &run.result,
        &markers_for_scenario(scenario),
        Some(scenario.csat.threshold),
        &[],
    );
    let csat = figures.iter().find(|f| f.name() == "csat").unwrap();
    let (width, height, rgb) = decode(&render_png(csat).unwrap());
    assert_eq!((width, height), (WIDTH, HEIGHT));
    // The title is dark text in the top band; a blank or font-less render has none.
    let title = count(&rgb, width, (0, 0, width - 240, 40), dark);
    assert!(title > 300, "title text pixels: {title}");
    // The legend column (right) carries text too.
    let legend = count(&rgb, width, (width - 200, 40, width, 300), dark);
    assert!(legend > 200, "legend text pixels: {legend}");
    // The CSAT line (first palette colour) crosses the plot area.
    let data = count(&rgb, width, (100, 40, width - 240, height - 60), blue);
    assert!(data > 500, "data pixels: {data}");
}

#[test]
fn a_blank_chart_differs_from_one_with_data() {
    let chart = |series: Vec<Series>| {
        Figure::Chart(Chart {
            name: "x".into(),
            title: "Title".into(),
            x_label: "week".into(),
            y_label: "value (%)".into(),
            kind: Kind::Lines,
            series,
            references: Vec::new(),
            markers: Vec::new(),
            spans: Vec::new(),
            notes: Vec::new(),
        })
    };
    let line = Series {
        label: "line".into(),
        points: (0..20).map(|w| (w as f64, (w * w) as f64)).collect(),
        band: None,
        stroke: Stroke::Solid,
    };
    let (w, h, with) = decode(&render_png(&chart(vec![line])).unwrap());
    let (_, _, without) = decode(&render_png(&chart(Vec::new())).unwrap());
    let area = (100, 40, w - 240, h - 60);
    assert!(count(&with, w, area, blue) > 300);
    assert_eq!(count(&without, w, area, blue), 0);
}

#[test]
fn drawing_never_panics_on_empty_nan_single_point_or_flat_data() {
    let nan = f64::NAN;
    let cases: Vec<Vec<Series>> = vec![
        vec![],
        vec![Series {
            label: "empty".into(),
            points: vec![],
            band: Some(vec![]),
            stroke: Stroke::Solid,
        }],
        vec![Series {
            label: "nan".into(),
            points: vec![(0.0, nan), (nan, 1.0)],
            band: Some(vec![(nan, nan), (0.0, 1.0)]),
            stroke: Stroke::Solid,
        }],
        vec![Series {
            label: "one".into(),
            points: vec![(3.0, 7.0)],
            band: Some(vec![(6.0, 8.0)]),
            stroke: Stroke::Solid,
        }],
        vec![Series {
            label: "flat".into(),
            points: vec![(0.0, 0.0), (1.0, 0.0)],
            band: None,
            stroke: Stroke::Solid,
        }],
        vec![Series {
            label: "inf".into(),
            points: vec![(0.0, f64::INFINITY), (1.0, -1e300), (2.0, 1e300)],
            band: None,
            stroke: Stroke::Solid,
        }],
        // A band shorter than its points.
        vec![Series {
            label: "short band".into(),
            points: vec![(0.0, 1.0), (1.0, 2.0)],
            band: Some(vec![(0.5, 1.5)]),
            stroke: Stroke::Solid,
        }],
    ];
    let dashed: Vec<Vec<Series>> = cases
        .iter()
        .map(|c| {
            c.iter()
                .map(|s| Series {
                    stroke: Stroke::Dashed,
                    ..s.clone()
                })
                .collect()
        })
        .collect();
    for kind in [Kind::Lines, Kind::Stacked, Kind::Bars] {
        for series in cases.iter().chain(&dashed) {
            let figure = Figure::Chart(Chart {
                name: "edge".into(),
                title: "edge case".into(),
                x_label: "x".into(),
                y_label: "y".into(),
                kind,
                series: series.clone(),
                references: vec![wfsim::report::plot::Reference {
                    label: "nan line".into(),
                    value: nan,
                }],
                markers: vec![
                    Marker {
                        week: nan,
                        label: "nan".into(),
                    },
                    Marker {
                        week: 2.0,
                        label: "two".into(),
                    },
                ],
                spans: vec![
                    wfsim::report::plot::Span {
                        from: nan,
                        to: 1.0,
                        label: "nan".into(),
                    },
                    wfsim::report::plot::Span {
                        from: 3.0,
                        to: 1.0,
                        label: "reversed".into(),
                    },
                ],
                notes: vec!["a note long enough to wrap over two lines".into()],
            });
            render_png(&figure).unwrap();
            render_svg(&figure).unwrap();
        }
    }
    for values in [vec![], vec![vec![nan]], vec![vec![1.0, 1.0], vec![1.0]]] {
        let figure = Figure::Heatmap(Heatmap {
            name: "heat".into(),
            title: "heat".into(),
            x_label: "a".into(),
            y_label: "b".into(),
            value_label: "v".into(),
            xs: vec!["1".into(), "2".into()],
            ys: vec!["1".into()],
            values,
        });
        render_png(&figure).unwrap();
        render_svg(&figure).unwrap();
    }
}

#[test]
fn run_figures_have_titles_axis_units_and_legends() {
    let (scenario, run) = small_rollout();
    let pools = wfsim::report::plot::pools_for_run(&run.result);
    let figures = figures_for_run(
        &run.result,
        &markers_for_scenario(scenario),
        Some(0.7),
        &pools,
    );
    let names: Vec<&str> = figures.iter().map(|f| f.name()).collect();
    assert_eq!(names, ["csat", "service", "contacts", "cost", "headcount"]);
    for f in &figures {
        let Figure::Chart(c) = f else {
            panic!("run figures are charts")
        };
        assert!(!c.title.is_empty());
        assert!(
            c.y_label.contains('(') || c.y_label.contains("per week"),
            "{}: y label without unit",
            c.name
        );
        assert!(
            c.series.iter().all(|s| !s.label.is_empty()),
            "{}: unlabelled series",
            c.name
        );
        assert!(!c.series.is_empty(), "{}: no series", c.name);
        let svg = render_svg(f).unwrap();
        for s in &c.series {
            assert!(
                svg.contains(&s.label),
                "{}: legend lacks {}",
                c.name,
                s.label
            );
        }
        assert!(svg.contains(&c.title));
    }
    // The rollout and the cut in week 4 are marked.
    let markers = markers_for_scenario(scenario);
    assert!(markers
        .iter()
        .any(|m| m.week == 4.0 && m.label.starts_with("AI rollout")));
    assert!(
        markers
            .iter()
            .any(|m| m.week == 4.0 && m.label.contains("-11 FTE")),
        "{markers:?}"
    );
}
