//! `wfsim.xlsx` (issue #19, item 4), read back with calamine: the sheets
//! are there and their cells are the very numbers of the CSV and JSON
//! outputs.

use std::path::Path;
use std::process::Command;

use calamine::{open_workbook, Data, Reader, Xlsx};

fn wfsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_wfsim"))
}

fn fixture() -> String {
    format!(
        "{}/tests/fixtures/small-rollout.toml",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn ok(args: &[&str], out: &Path) {
    let output = wfsim().args(args).arg("--out").arg(out).output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn book(out: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(out.join("wfsim.xlsx")).expect("wfsim.xlsx opens")
}

fn number(cell: Option<&Data>) -> f64 {
    match cell {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

/// The row of `range` whose first cell is `label`.
fn row_of(range: &calamine::Range<Data>, label: &str) -> usize {
    range
        .rows()
        .position(|r| matches!(&r[0], Data::String(s) if s == label))
        .unwrap_or_else(|| panic!("no row {label}"))
}

#[test]
fn a_runs_workbook_holds_the_summary_weekly_costs_and_decisions_of_its_csv() {
    let tmp = crate::support::temp_dir("workbook-run");
    let out = tmp.path().join("run");
    ok(&["run", &fixture(), "--quiet", "--replications", "3"], &out);
    let mut book = book(&out);
    assert_eq!(
        book.sheet_names(),
        ["Summary", "Weekly", "Costs", "Decisions"]
    );

    let summary = book.worksheet_range("Summary").unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    for metric in ["csat_true", "service_level", "cost_total"] {
        let r = row_of(&summary, metric);
        for (column, key) in [(2, "mean"), (3, "ci95_low"), (4, "ci95_high")] {
            assert_eq!(
                number(summary.get((r, column))),
                json["totals"][metric][key].as_f64().unwrap(),
                "Summary {metric} {key}"
            );
        }
    }

    // Weekly: week 10's service level is weekly.csv's mean for it.
    let weekly = book.worksheet_range("Weekly").unwrap();
    let header: Vec<String> = weekly
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let column = header
        .iter()
        .position(|h| h == "service_level (share)")
        .unwrap();
    let csv = std::fs::read_to_string(out.join("weekly.csv")).unwrap();
    let line = csv
        .lines()
        .find(|l| l.starts_with("10,service_level,"))
        .unwrap();
    let mean: f64 = line.split(',').nth(3).unwrap().parse().unwrap();
    assert_eq!(number(weekly.get((11, column))), mean);
    assert_eq!(weekly.height(), 61, "a header and 60 weeks");

    let costs = book.worksheet_range("Costs").unwrap();
    let cost_header: Vec<String> = costs
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(
        cost_header.iter().skip(1).all(|h| h.starts_with("cost_")),
        "{cost_header:?}"
    );

    let decisions = book.worksheet_range("Decisions").unwrap();
    let csv_rows = std::fs::read_to_string(out.join("decisions.csv"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(decisions.height(), csv_rows, "a row per decisions.csv line");
}

#[test]
fn compare_and_staff_write_their_workbooks() {
    let tmp = crate::support::temp_dir("workbook-compare");
    let dir = tmp.path();
    let other = dir.join("other.toml");
    std::fs::write(
        &other,
        std::fs::read_to_string(fixture())
            .unwrap()
            .replace(
                "name = \"small-rollout\"",
                "name = \"small-rollout-more-staff\"",
            )
            .replace("fte = 19 }", "fte = 24 }"),
    )
    .unwrap();
    let out = dir.join("compare");
    ok(
        &[
            "compare",
            &fixture(),
            other.to_str().unwrap(),
            "--quiet",
            "--replications",
            "2",
        ],
        &out,
    );
    let mut book = book(&out);
    assert_eq!(
        book.sheet_names(),
        ["Compare", "small-rollout", "small-rollout-more-staff"]
    );
    let compare = book.worksheet_range("Compare").unwrap();
    let csv_rows = std::fs::read_to_string(out.join("compare.csv"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(compare.height(), csv_rows);

    let staff = dir.join("staff");
    ok(&["staff", &fixture()], &staff);
    let mut book = self::book(&staff);
    assert_eq!(book.sheet_names(), ["Staffing", "Staffing by interval"]);
    let weeks = book.worksheet_range("Staffing").unwrap();
    let csv_rows = std::fs::read_to_string(staff.join("staffing_weeks.csv"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(weeks.height(), csv_rows);
}
