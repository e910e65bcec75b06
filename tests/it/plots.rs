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
    for kind in [Kind::Lines, Kind::Stacked, Kind::Bars, Kind::Tornado] {
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

/// The reddish confidence line (200, 0, 0), give or take antialiasing.
fn red(p: (u8, u8, u8)) -> bool {
    p.0 > 170 && p.1 < 60 && p.2 < 60
}

#[test]
fn the_reversibility_charts_draw_their_curve_band_confidence_steps_and_error_bars() {
    use wfsim::analysis::reversibility::{
        CurvePoint, Figure as Paired, LeverEffect, PointOfNoReturn, TimeFigure,
    };
    use wfsim::report::plot::{lever_figure, recovery_km_figure, recovery_probability_figure};
    use wfsim::stats::TimeToEvent;
    let curve: Vec<CurvePoint> = (0..=15)
        .map(|cut| {
            let p = if cut <= 10 { 1.0 } else { 0.0 };
            CurvePoint {
                cut_fte: f64::from(cut),
                p_recover: p,
                ci95_low: if p > 0.5 { 0.44 } else { 0.0 },
                ci95_high: if p > 0.5 { 1.0 } else { 0.56 },
                replications: 3,
            }
        })
        .collect();
    let ponr = PointOfNoReturn {
        mean: 10.2,
        ci95_low: Some(9.0),
        ci95_high: Some(11.0),
        n: 3,
        confidence: 0.8,
        searched_up_to: 15.0,
    };
    let probability = recovery_probability_figure(&curve, Some(&ponr), 0.8, 4);
    let (w, h, rgb) = decode(&render_png(&probability).unwrap());
    let plot = (100, 40, w - 240, h - 60);
    assert!(count(&rgb, w, plot, blue) > 500, "the fitted curve");
    assert!(count(&rgb, w, plot, red) > 300, "the confidence line");
    // Legend lines wrap at about 24 characters.
    let svg = render_svg(&probability).unwrap();
    for label in [
        "point of no return: 10.2",
        "its 95% bootstrap",
        "interval: 9–11 FTE",
        "confidence asked: 80%",
        "95% CI)",
    ] {
        assert!(svg.contains(label), "{label} not in the legend");
    }

    let km = recovery_km_figure(
        &TimeFigure::from_times(&[
            TimeToEvent::observed(5.0),
            TimeToEvent::observed(6.0),
            TimeToEvent::censored(8.0),
        ]),
        4,
    );
    let (w, h, rgb) = decode(&render_png(&km).unwrap());
    assert!(count(&rgb, w, (100, 40, w - 240, h - 60), blue) > 300);
    let svg = render_svg(&km).unwrap();
    assert!(svg.contains("recovered: 2 of 3, 1") && svg.contains("censored at the horizon"));

    let saved = |mean: f64, interval: Option<(f64, f64)>| Paired {
        mean,
        ci95_low: interval.map(|i| i.0),
        ci95_high: interval.map(|i| i.1),
        n: 3,
    };
    let lever = |name: &'static str, f: Paired| LeverEffect {
        lever: name,
        description: "",
        recovery_weeks_saved: f,
        customer_weeks_saved: f,
        cost_difference: f,
        distinguishable: f.excludes_zero(),
        recovered: 3,
        replications: 3,
    };
    let with_bars = lever_figure(&[
        lever("recruiting_capacity", saved(3.0, Some((2.0, 4.0)))),
        lever("alumni_retention", saved(1.0, Some((-2.0, 4.0)))),
    ]);
    let without = lever_figure(&[
        lever("recruiting_capacity", saved(3.0, None)),
        lever("alumni_retention", saved(1.0, None)),
    ]);
    let (w, h, a) = decode(&render_png(&with_bars).unwrap());
    let (_, _, b) = decode(&render_png(&without).unwrap());
    // Error bars are black strokes across the plot; without intervals the
    // plot area holds only bars, grid and labels.
    let plot = (200, 60, w - 240, h - 70);
    assert!(
        count(&a, w, plot, dark) > count(&b, w, plot, dark) + 200,
        "error bars drawn"
    );
    let svg = render_svg(&with_bars).unwrap();
    assert!(svg.contains("3.00 [2.00, 4.00]") && svg.contains("95% interval"));
    assert!(svg.contains("pale, dashed: not") && svg.contains("distinguishable from 0"));
}
