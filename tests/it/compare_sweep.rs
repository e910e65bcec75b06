use std::process::{Command, Output};

use wfsim::analysis::compare::{compare, KEY_FIGURES};
use wfsim::analysis::METRICS;

use crate::support::{small_rollout, temp_dir, SMALL_ROLLOUT};

fn wfsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_wfsim"))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn comparing_a_run_with_itself_gives_zero_differences_with_zero_width() {
    let (_, run) = small_rollout();
    let c = compare(&[&run.result, &run.result]);
    assert_eq!(c.figures.len(), KEY_FIGURES.len());
    for f in &c.figures {
        assert!(f.differences[0].is_none());
        let d = f.differences[1].unwrap();
        assert_eq!(
            (d.mean, d.ci95_low, d.ci95_high),
            (0.0, 0.0, 0.0),
            "{}",
            f.metric
        );
        assert_eq!(f.values[0], f.values[1]);
    }
}

#[test]
fn compare_gives_every_scenario_the_first_ones_seed_so_a_copy_shows_zero_differences() {
    let tmp = temp_dir("compare");
    let dir = tmp.path();
    // The same scenario under another name and seed: compare must override
    // the seed (common random numbers), so every difference is exactly 0.
    let text = std::fs::read_to_string(SMALL_ROLLOUT)
        .unwrap()
        .replace("name = \"small-rollout\"", "name = \"copy\"")
        .replace("seed = 5", "seed = 99");
    let copy = dir.join("copy.toml");
    std::fs::write(&copy, text).unwrap();
    let out = dir.join("out");
    let output = wfsim()
        .args(["compare", SMALL_ROLLOUT])
        .arg(&copy)
        .args(["--replications", "2", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("copy - small-rollout"), "{stdout}");
    let mut reader = csv::Reader::from_path(out.join("compare.csv")).unwrap();
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut copies = 0;
    for row in reader.records() {
        let row = row.unwrap();
        if &row[column("scenario")] == "copy" {
            copies += 1;
            for c in ["diff_mean", "diff_ci95_low", "diff_ci95_high"] {
                assert_eq!(
                    row[column(c)].parse::<f64>().unwrap(),
                    0.0,
                    "{} {c}",
                    &row[0]
                );
            }
        } else {
            assert_eq!(&row[column("diff_mean")], "");
        }
    }
    assert_eq!(copies, KEY_FIGURES.len());
    for name in [
        "compare.md",
        "brief.md",
        "brief.html",
        "plots/compare-csat_true.png",
        "plots/compare-csat_true.svg",
    ] {
        assert!(out.join(name).is_file(), "{name} missing");
    }
    let brief = std::fs::read_to_string(out.join("brief.md")).unwrap();
    assert!(brief.contains("## Scenarios side by side"));
    assert!(brief.contains("### copy"));
}

#[test]
fn compare_refuses_different_horizons() {
    let tmp = temp_dir("compare-horizon");
    let dir = tmp.path();
    let text = std::fs::read_to_string(SMALL_ROLLOUT)
        .unwrap()
        .replace("horizon_weeks = 60", "horizon_weeks = 30");
    let short = dir.join("short.toml");
    std::fs::write(&short, text).unwrap();
    let output = wfsim()
        .args(["compare", SMALL_ROLLOUT])
        .arg(&short)
        .arg("--out")
        .arg(dir.join("out"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("horizon_weeks is 30"),
        "{}",
        stderr(&output)
    );
}

fn sweep(dir: &std::path::Path, sets: &[&str]) -> Output {
    let mut command = wfsim();
    command.args([
        "sweep",
        SMALL_ROLLOUT,
        "--replications",
        "2",
        "--quiet",
        "--out",
    ]);
    command.arg(dir.join("out"));
    for s in sets {
        command.args(["--set", s]);
    }
    command.output().unwrap()
}

#[test]
fn sweep_rejects_an_unknown_key_before_running_and_says_what_is_there() {
    let tmp = temp_dir("sweep-unknown");
    let dir = tmp.path();
    let output = sweep(dir, &["staffing.schedule[1].ftee=10,20"]);
    assert_eq!(output.status.code(), Some(2));
    let e = stderr(&output);
    assert!(e.starts_with("error: --set staffing.schedule[1].ftee: staffing.schedule[1].ftee is not in the scenario file"), "{e}");
    assert!(e.contains("help: keys here: from_week, fte"), "{e}");
    assert!(!dir.join("out").exists(), "nothing may be written");
    let output = sweep(dir, &["categories.billing.share=0.1"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("elements are named: order_status, disputes"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn sweep_rejects_a_value_that_fails_validation_before_running_any_point() {
    let tmp = temp_dir("sweep-invalid");
    let dir = tmp.path();
    let output = sweep(dir, &["csat.threshold=0.7,1.5"]);
    assert_eq!(output.status.code(), Some(2));
    let e = stderr(&output);
    assert!(e.contains("with csat.threshold=1.5: csat.threshold"), "{e}");
    assert!(
        !e.contains("csat.threshold=0.7:"),
        "the valid point is not an error: {e}"
    );
    assert!(e.contains("no point was run"), "{e}");
    assert!(!dir.join("out").exists(), "nothing may be written");
}

#[test]
fn sweep_refuses_grids_above_the_limit_without_allow_large() {
    let tmp = temp_dir("sweep-large");
    let dir = tmp.path();
    let values: Vec<String> = (1..=9)
        .map(|v| format!("{}", 0.6 + v as f64 / 100.0))
        .collect();
    let thresholds = format!("csat.threshold={}", values.join(","));
    let seeds = format!(
        "seed={}",
        (1..=8).map(|v| v.to_string()).collect::<Vec<_>>().join(",")
    );
    let output = sweep(dir, &[&thresholds, &seeds]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("72 points, more than the limit of 64"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("--allow-large"));
}

#[test]
fn a_one_key_sweep_writes_long_csv_and_line_plots_and_more_staff_serve_better() {
    let tmp = temp_dir("sweep-run");
    let dir = tmp.path();
    let output = sweep(dir, &["staffing.schedule[1].fte=12,25"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = dir.join("out");
    let mut reader = csv::Reader::from_path(out.join("sweep.csv")).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "point",
            "staffing.schedule[1].fte",
            "metric",
            "unit",
            "mean",
            "ci95_low",
            "ci95_high"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2 * METRICS.len());
    let value = |fte: &str, metric: &str| -> f64 {
        rows.iter()
            .find(|r| &r[1] == fte && &r[2] == metric)
            .unwrap()[4]
            .parse()
            .unwrap()
    };
    assert!(value("25", "service_level") > value("12", "service_level") + 0.05);
    assert!(value("25", "fte") > value("12", "fte"));
    for metric in KEY_FIGURES {
        let metric = metric.name();
        assert!(out.join(format!("plots/sweep-{metric}.png")).is_file());
        assert!(out.join(format!("plots/sweep-{metric}.svg")).is_file());
    }
}
