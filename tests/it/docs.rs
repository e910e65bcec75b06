//! The documentation (README and docs/) documents every output column, so a
//! new metric cannot ship without its definition.

use wfsim::analysis::METRICS;

#[test]
fn every_metric_has_a_row_in_the_readme() {
    let readme = crate::support::documentation();
    for metric in METRICS {
        let row = format!("| `{}` | {} |", metric.name, metric.unit);
        assert!(
            readme.contains(&row),
            "docs/outputs.md lacks the row starting {row}"
        );
    }
}

#[test]
fn every_shipped_scenario_is_valid() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            if let Err(e) = wfsim::scenario::load(&path, &wfsim::scenario::Limits::default()) {
                panic!("{e}");
            }
            count += 1;
        }
    }
    assert!(
        count >= 3,
        "the three reference scenarios ship under scenarios/"
    );
}

/// The README's `wfsim sweep` examples name keys that exist and values that
/// validate (built and checked, not run).
#[test]
fn the_readme_sweep_examples_are_valid_grids() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = crate::support::documentation();
    let mut checked = 0;
    for line in readme
        .lines()
        .filter(|l| l.starts_with("cargo run --release -- sweep "))
    {
        let words: Vec<String> = line
            .split_whitespace()
            .map(|w| w.trim_matches('\'').to_string())
            .collect();
        let file = &words[5];
        let axes: Vec<_> = words
            .windows(2)
            .filter(|w| w[0] == "--set")
            .map(|w| wfsim::scenario::grid::parse_axis(&w[1]).unwrap())
            .collect();
        let text = std::fs::read_to_string(format!("{root}/{file}")).unwrap();
        let points = wfsim::scenario::grid::build_points(
            file,
            &text,
            &axes,
            &wfsim::scenario::Limits::default(),
            &wfsim::scenario::Overrides::default(),
        )
        .unwrap_or_else(|e| panic!("README example {line:?}: {e}"));
        assert_eq!(
            points.len(),
            axes.iter().map(|a| a.values.len()).product::<usize>()
        );
        checked += 1;
    }
    assert!(checked >= 2, "the README shows sweep examples");
}
