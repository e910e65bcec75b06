//! `wfsim calibrate` (issue #19): fitted from a contact log that `wfsim run
//! --contact-log` wrote from a known scenario, the customer facts come back
//! within their sampling error; bad exports are refused with the place and
//! a fix, and nothing is written.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn wfsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_wfsim"))
}

/// Two categories over ten weeks (~50,000 contacts): an AI on one, with
/// every AI outcome (stuck customers take the human exit), a queue busy
/// enough that a third of the waiting customers give up, repeats.
const KNOWN: &str = r#"
name = "calibrate-known"
horizon_weeks = 10
warmup_weeks = 1
replications = 1
seed = 3

[demand]
contacts_per_week = 4000
weekday_weights = [1.2, 1.1, 1.0, 1.0, 1.0, 0.8, 0.9]

[[categories]]
name = "orders"
share = 0.6
ai_share = 0.7
ai_outcomes = { resolved = 0.6, escalated = 0.2, wrong_answer = 0.1, stuck = 0.1 }
ai_handle_minutes = { distribution = "lognormal", mean = 2.0, cv = 0.8 }
human_handle_minutes = { distribution = "lognormal", mean = 8.0, cv = 0.6 }
human_wrong_answer = 0.05
patience_minutes = { distribution = "exponential", mean = 4.0 }

[[categories]]
name = "disputes"
share = 0.4
human_handle_minutes = { distribution = "lognormal", mean = 14.0, cv = 0.7 }
human_wrong_answer = 0.1
patience_minutes = { distribution = "exponential", mean = 8.0 }

[repeats]
probability_after_wrong_answer = 0.6
probability_after_abandoned = 0.5
probability_after_trapped = 0.8
delay_hours = { distribution = "exponential", mean = 12.0 }

[staffing]
fte = 14
shrinkage = 0.3
concurrency = 1.0

[csat]
survey_response_rate = 0.3

[costs]
agent_cost_per_hour = 30
"#;

fn ok(output: &Output) {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn input_error(output: &Output, needles: &[&str]) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "no {needle:?} in {stderr}");
    }
}

/// The known scenario's contact log, written by `wfsim run --contact-log`.
fn contact_log(dir: &Path) -> PathBuf {
    let scenario = dir.join("known.toml");
    std::fs::write(&scenario, KNOWN).unwrap();
    let out = dir.join("run");
    ok(&wfsim()
        .args(["run", "--quiet", "--contact-log", "--out"])
        .arg(&out)
        .arg(&scenario)
        .output()
        .unwrap());
    out.join("contacts.csv")
}

fn calibrate(tickets: &Path, out: &Path, extra: &[&str]) -> Output {
    wfsim()
        .arg("calibrate")
        .arg(tickets)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

fn category<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no category {name}"))
}

fn near(json: &Value, expected: f64, tolerance: f64, what: &str) {
    let got = json.as_f64().unwrap_or_else(|| panic!("{what}: {json}"));
    assert!(
        (got - expected).abs() <= tolerance,
        "{what}: {got} is not within {tolerance} of {expected}"
    );
}

/// The issue's round trip: category shares within 0.01, handle-time means
/// within 5 %, AI outcome probabilities within 0.02 and patience means inside
/// the fitted 95 % interval. With ~24,000 and ~16,000 first contacts the
/// sampling errors are well inside those bounds (a share's standard error is
/// ~0.0025, an AI outcome's ~0.003 over ~20,000 AI contacts).
#[test]
fn a_contact_log_calibrates_back_to_the_scenario_that_wrote_it() {
    let tmp = crate::support::temp_dir("calibrate-round-trip");
    let dir = tmp.path();
    let log = contact_log(dir);
    let header = std::fs::read_to_string(&log).unwrap();
    assert!(header.starts_with(
        "created_at,category,customer_id,ai_outcome,ai_seconds,human_outcome,wait_seconds,handle_seconds,csat\n2024-01-01 "
    ));
    let out = dir.join("fitted.toml");
    let output = calibrate(&log, &out, &["--json", "--name", "fitted"]);
    ok(&output);
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["skipped_rows"], 0);
    near(&json["weeks"], 10.0, 1e-9, "weeks");
    // ~40,000 Poisson new contacts: a standard error of 0.5 %; 3 % is six.
    near(
        &json["contacts_per_week"],
        4000.0,
        4000.0 * 0.03,
        "new contacts a week",
    );
    let weekday = json["weekday_weights"].as_array().unwrap();
    assert_eq!(weekday.len(), 7);
    assert!(
        weekday[0].as_f64().unwrap() > weekday[5].as_f64().unwrap(),
        "Monday over Saturday"
    );
    assert_eq!(json["hourly_weights"].as_array().unwrap().len(), 24);

    let (orders, disputes) = (category(&json, "orders"), category(&json, "disputes"));
    near(&orders["share"], 0.6, 0.01, "orders share");
    near(&disputes["share"], 0.4, 0.01, "disputes share");
    // ~24,000 first contacts: a standard error of 0.003; 0.02 is over six.
    near(&orders["ai_share"], 0.7, 0.02, "orders AI share");
    near(
        &orders["human_handle_minutes"]["mean"],
        8.0,
        0.4,
        "orders handle",
    );
    near(
        &disputes["human_handle_minutes"]["mean"],
        14.0,
        0.7,
        "disputes handle",
    );
    // The issue's 5 % on every handle-time mean.
    near(&orders["ai_handle_minutes"]["mean"], 2.0, 0.1, "AI handle");
    for (outcome, p) in [
        ("resolved", 0.6),
        ("escalated", 0.2),
        ("wrong_answer", 0.1),
        ("stuck", 0.1),
    ] {
        near(&orders["ai_outcomes"][outcome], p, 0.02, outcome);
    }
    assert!(disputes["ai_outcomes"].is_null() && disputes["ai_handle_minutes"].is_null());
    for (c, mean) in [(orders, 4.0), (disputes, 8.0)] {
        let p = &c["patience_minutes"];
        let (low, high) = (
            p["ci95_low"].as_f64().unwrap(),
            p["ci95_high"].as_f64().unwrap(),
        );
        assert!(
            low <= mean && mean <= high,
            "{}: {mean} outside {p}",
            c["name"]
        );
    }
    // Repeats: the customer ids link a failed contact to its return. About
    // 3,000 wrong answers and 17,000 abandonments are followed up: standard
    // errors ~0.009 and ~0.004, so 0.05 and 0.03 are over five of each (the
    // 7-day window also cuts the few returns that take longer, a bias below
    // e^(-168/12) for the 12-hour mean delay).
    near(
        &json["repeats"]["probability_after_wrong_answer"],
        0.6,
        0.05,
        "repeat after wrong",
    );
    near(
        &json["repeats"]["probability_after_abandoned"],
        0.5,
        0.03,
        "repeat after abandoned",
    );
    assert!(json["repeat_share"].as_f64().unwrap() > 0.1);
    assert!(
        json["csat_by_outcome"]["resolved_human"]["n"]
            .as_u64()
            .unwrap()
            > 1000
    );

    // What was written is a scenario wfsim accepts, labelled as fitted.
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("name = \"fitted\"") && text.contains("# fitted with censoring"),
        "{text}"
    );
    assert!(text.contains("default: edit"), "{text}");
    let check = wfsim().arg("check").arg(&out).output().unwrap();
    ok(&check);
}

/// The mean wait of those who gave up is not their patience: most customers
/// were served before giving up, and that censoring must count.
#[test]
fn patience_counts_the_served_as_censored_not_the_abandoners_mean_wait() {
    let tmp = crate::support::temp_dir("calibrate-censoring");
    let dir = tmp.path();
    let tickets = dir.join("t.csv");
    // 2 customers gave up after 60 and 180 s; 8 were served after 120 s.
    let mut text = String::from("created_at,category,human_outcome,wait_seconds,handle_seconds\n");
    for (i, (outcome, wait)) in [("abandoned", 60), ("abandoned", 180)]
        .into_iter()
        .chain(std::iter::repeat_n(("resolved", 120), 8))
        .enumerate()
    {
        text.push_str(&format!(
            "2025-03-03 09:{i:02}:00,billing,{outcome},{wait},300\n"
        ));
    }
    std::fs::write(&tickets, text).unwrap();
    let output = calibrate(&tickets, &dir.join("s.toml"), &["--json"]);
    ok(&output);
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    // 20 minutes of waiting over 2 who gave up: 10 minutes, not 2.
    near(
        &category(&json, "billing")["patience_minutes"]["mean"],
        10.0,
        1e-9,
        "patience",
    );
    assert!(
        json.get("repeat_share").is_none(),
        "no customer ids: no repeat share"
    );
}

#[test]
fn a_bad_row_stops_with_its_place_and_writes_nothing_unless_skipped() {
    let tmp = crate::support::temp_dir("calibrate-bad-rows");
    let dir = tmp.path();
    let tickets = dir.join("t.csv");
    std::fs::write(
        &tickets,
        "created_at,category,human_outcome,wait_seconds\n\
         2025-03-03 09:00:00,billing,resolved,30\n\
         2025-03-03 09:01:00,billing,maybe,30\n\
         03/03/2025,billing,resolved,30\n\
         2025-03-03 09:03:00,billing,abandoned,40\n",
    )
    .unwrap();
    let out = dir.join("s.toml");
    let output = calibrate(&tickets, &out, &[]);
    input_error(
        &output,
        &["t.csv:3: human_outcome: not a human outcome (\"maybe\")"],
    );
    assert!(!out.exists(), "nothing written");

    let output = calibrate(&tickets, &out, &["--skip-bad-rows"]);
    ok(&output);
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("calibrated 2 contacts (2 skipped)"), "{said}");
    assert!(
        said.contains("t.csv:4: created_at: not a time (\"03/03/2025\")"),
        "{said}"
    );
    assert!(out.is_file());
}

#[test]
fn unknown_fields_missing_columns_and_empty_files_name_what_was_found() {
    let tmp = crate::support::temp_dir("calibrate-columns");
    let dir = tmp.path();
    let tickets = dir.join("t.csv");
    std::fs::write(
        &tickets,
        "Opened,Topic,Result\n2025-03-03 09:00:00,billing,resolved\n",
    )
    .unwrap();
    let out = dir.join("s.toml");
    input_error(
        &calibrate(&tickets, &out, &[]),
        &[
            "no column \"created_at\"",
            "columns found: Opened, Topic, Result",
            "--map created_at=COLUMN",
        ],
    );
    input_error(
        &calibrate(&tickets, &out, &["--map", "opened=Opened"]),
        &["unknown field \"opened\""],
    );
    // Mapped, the same file calibrates.
    ok(&calibrate(
        &tickets,
        &out,
        &[
            "--map",
            "created_at=Opened,category=Topic,human_outcome=Result",
        ],
    ));
    std::fs::write(&tickets, "created_at,category,human_outcome\n").unwrap();
    let empty = dir.join("empty.toml");
    input_error(&calibrate(&tickets, &empty, &[]), &["no usable rows"]);
    assert!(!empty.exists());
}

/// An `.xlsx` export's first sheet reads like the CSV: dates typed as
/// Excel date-times and numbers as numbers.
#[test]
fn a_workbook_export_reads_like_its_csv() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let tmp = crate::support::temp_dir("calibrate-xlsx");
    let dir = tmp.path();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    for (c, name) in [
        "created_at",
        "category",
        "human_outcome",
        "wait_seconds",
        "handle_seconds",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *name).unwrap();
    }
    for r in 1..=4u32 {
        let when = ExcelDateTime::parse_from_str(&format!("2025-03-03 09:0{r}:00")).unwrap();
        sheet
            .write_datetime_with_format(r, 0, &when, &date)
            .unwrap();
        sheet.write_string(r, 1, "billing").unwrap();
        sheet
            .write_string(r, 2, if r == 1 { "abandoned" } else { "resolved" })
            .unwrap();
        sheet.write_number(r, 3, 60.0).unwrap();
        sheet.write_number(r, 4, 600.0).unwrap();
    }
    let xlsx = dir.join("export.xlsx");
    book.save(&xlsx).unwrap();
    let output = calibrate(&xlsx, &dir.join("s.toml"), &["--json"]);
    ok(&output);
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["contacts"], 4);
    let billing = category(&json, "billing");
    near(
        &billing["human_handle_minutes"]["mean"],
        10.0,
        1e-9,
        "handle",
    );
    // 4 minutes of waiting, 1 gave up.
    near(&billing["patience_minutes"]["mean"], 4.0, 1e-9, "patience");
}

#[test]
fn a_contact_log_too_large_or_past_the_horizon_is_refused() {
    let tmp = crate::support::temp_dir("contact-log-refused");
    let dir = tmp.path();
    let scenario = dir.join("known.toml");
    std::fs::write(
        &scenario,
        KNOWN.replace("contacts_per_week = 4000", "contacts_per_week = 900000"),
    )
    .unwrap();
    let out = dir.join("out");
    let run = |extra: &[&str]| {
        wfsim()
            .args(["run", "--quiet", "--contact-log", "--out"])
            .arg(&out)
            .arg(&scenario)
            .args(extra)
            .output()
            .unwrap()
    };
    input_error(
        &run(&[]),
        &["--contact-log would write about", "--contact-log-weeks"],
    );
    input_error(
        &run(&["--contact-log-weeks", "8-12"]),
        &["past the horizon"],
    );
    assert!(
        !out.join("weekly.csv").exists(),
        "refused before simulating"
    );
}

/// `scenarios/examples/`: the starter `wfsim init` writes loads and runs;
/// `tickets.csv` is exactly what the documented command writes from it, and
/// calibrates into a scenario that loads.
#[test]
fn the_shipped_examples_are_what_their_commands_write() {
    let root = env!("CARGO_MANIFEST_DIR");
    let starter = Path::new(root).join("scenarios/examples/starter.toml");
    wfsim::scenario::load(&starter, &wfsim::scenario::Limits::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let tmp = crate::support::temp_dir("calibrate-examples");
    let dir = tmp.path();
    let written = dir.join("scenario.toml");
    ok(&wfsim().arg("init").arg(&written).output().unwrap());
    assert_eq!(
        std::fs::read(&written).unwrap(),
        std::fs::read(&starter).unwrap()
    );
    let refused = wfsim().arg("init").arg(&written).output().unwrap();
    input_error(&refused, &["already exists"]);

    // The command docs/calibrate.md gives for the example export.
    let out = dir.join("run");
    ok(&wfsim()
        .arg("run")
        .arg(&starter)
        .args([
            "--replications",
            "1",
            "--contact-log",
            "--contact-log-weeks",
            "8-8",
            "--quiet",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap());
    let shipped = Path::new(root).join("scenarios/examples/tickets.csv");
    assert!(
        std::fs::read(out.join("contacts.csv")).unwrap() == std::fs::read(&shipped).unwrap(),
        "scenarios/examples/tickets.csv differs from what the documented command writes"
    );
    let fitted = dir.join("fitted.toml");
    ok(&calibrate(&shipped, &fitted, &[]));
    ok(&wfsim().arg("check").arg(&fitted).output().unwrap());
}
