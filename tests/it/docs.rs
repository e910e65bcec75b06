//! The README documents every output column, so a new metric cannot ship
//! without its definition.

use wfsim::analysis::METRICS;

#[test]
fn every_metric_has_a_row_in_the_readme() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for metric in METRICS {
        let row = format!("| `{}` | {} |", metric.name, metric.unit);
        assert!(
            readme.contains(&row),
            "README.md lacks the row starting {row}"
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
