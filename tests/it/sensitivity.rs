//! `wfsim sensitivity` (issue #18): every `[[uncertain]]` parameter at its
//! low and high end, paired with the base through common random numbers.
//! Small scenarios (two weeks, a few thousand contacts) keep each test well
//! under a second in release.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use wfsim::analysis::sensitivity::{analyse, Output as Reported, ParameterRuns};
use wfsim::analysis::{self, Metric};
use wfsim::scenario::{self, Limits, Overrides};

fn wfsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_wfsim"))
}

/// One queue of 3000 contacts a week served by 12 agents who are busy enough
/// that staffing moves the service level, with impatient customers.
const BASE: &str = r#"
name = "sens-small"
horizon_weeks = 2
warmup_weeks = 1
replications = 5
seed = 7

[demand]
contacts_per_week = 3000

[[categories]]
name = "faq"
share = 1.0
human_handle_minutes = { distribution = "exponential", mean = 6.0 }
patience_minutes = { distribution = "exponential", mean = 3.0 }
wrong_answer_cost = 20.0

[staffing]
fte = 12

[costs]
agent_cost_per_hour = 30
"#;

/// `BASE` with the agents' cost (which `service_level` ignores) and the
/// staffing (which drives it by far) declared uncertain, and a narrow
/// patience range that moves it a little.
fn with_uncertain() -> String {
    format!(
        "{BASE}
[[uncertain]]
key = \"costs.agent_cost_per_hour\"
low = 20
high = 45
source = \"payroll estimate\"

[[uncertain]]
key = \"categories.faq.patience_minutes.mean\"
low = 2.9
high = 3.1

[[uncertain]]
key = \"staffing.fte\"
low = 9
high = 15
most_likely = 12
distribution = \"triangular\"
"
    )
}

fn write(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("scenario.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn sensitivity(scenario: &Path, out: &Path, extra: &[&str]) -> Output {
    wfsim()
        .arg("sensitivity")
        .arg(scenario)
        .arg("--out")
        .arg(out)
        .args(["--json", "--quiet"])
        .args(extra)
        .output()
        .unwrap()
}

fn json_of(output: &Output) -> Value {
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn parameter<'a>(json: &'a Value, key: &str) -> &'a Value {
    json["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["key"] == key)
        .unwrap_or_else(|| panic!("no parameter {key}"))
}

fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

#[test]
fn a_parameter_the_output_ignores_has_a_swing_whose_paired_interval_contains_zero() {
    // In process, to reach the paired swing interval (high − low).
    let text = with_uncertain();
    let overrides = Overrides::default();
    let limits = Limits::default();
    let base = scenario::parse_with("t.toml", &text, &limits, &overrides).unwrap();
    let u = &base.uncertain[0];
    assert_eq!(u.key, "costs.agent_cost_per_hour");
    let at = |v: f64| {
        let s = scenario::with_values("t.toml", &text, &[(u.key.clone(), v)], &limits, &overrides)
            .unwrap();
        analysis::run(&s, None).unwrap()
    };
    let (low, high) = (at(u.low), at(u.high));
    let base_run = analysis::run(&base, None).unwrap();
    let s = analyse(
        (&base_run).into(),
        &[ParameterRuns {
            key: u.key.clone(),
            base_value: 30.0,
            low: u.low,
            high: u.high,
            source: u.source.clone(),
            at_low: (&low).into(),
            at_high: (&high).into(),
        }],
        &[
            Reported::Metric(Metric::ServiceLevel),
            Reported::Metric(Metric::CostTotal),
        ],
    );
    let service = &s.parameters[0].effects[0];
    let swing = service.high_minus_low;
    assert!(
        swing.ci95_low <= 0.0 && 0.0 <= swing.ci95_high,
        "service_level swing {swing:?}"
    );
    for end in [service.at_low.diff, service.at_high.diff] {
        assert!(end.ci95_low <= 0.0 && 0.0 <= end.ci95_high, "{end:?}");
    }
    // The same parameter does move the cost, in the right direction.
    let cost = &s.parameters[0].effects[1];
    assert!(cost.at_low.diff.ci95_high < 0.0 && cost.at_high.diff.ci95_low > 0.0);
    assert!(cost.high_minus_low.ci95_low > 0.0);
}

#[test]
fn more_staff_gives_a_better_service_level_with_a_paired_interval_excluding_zero() {
    let tmp = crate::support::temp_dir("sens-monotone");
    let dir = tmp.path();
    let path = write(dir, &with_uncertain());
    let json = json_of(&sensitivity(
        &path,
        &dir.join("out"),
        &["--outputs", "service_level"],
    ));
    let fte = &parameter(&json, "staffing.fte")["effects"]["service_level"];
    let (low, high) = (&fte["at_low"], &fte["at_high"]);
    assert!(low["mean"].as_f64().unwrap() < high["mean"].as_f64().unwrap());
    assert!(low["diff"]["ci95_high"].as_f64().unwrap() < 0.0, "{low}");
    assert!(high["diff"]["ci95_low"].as_f64().unwrap() > 0.0, "{high}");
    let swing = fte["swing"].as_f64().unwrap();
    let expected = high["mean"].as_f64().unwrap() - low["mean"].as_f64().unwrap();
    assert!((swing - expected.abs()).abs() < 1e-12);
}

#[test]
fn the_dominant_parameter_ranks_first_under_two_seeds() {
    let tmp = crate::support::temp_dir("sens-ranking");
    let dir = tmp.path();
    let path = write(dir, &with_uncertain());
    let mut rankings = Vec::new();
    for seed in ["1", "2"] {
        let json = json_of(&sensitivity(
            &path,
            &dir.join(format!("out-{seed}")),
            &["--outputs", "service_level,csat_true", "--seed", seed],
        ));
        let ranked: Vec<String> = json["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["key"].as_str().unwrap().to_string())
            .collect();
        // Sorted by the swing of the first output, largest first.
        let swings: Vec<f64> = json["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["effects"]["service_level"]["swing"].as_f64().unwrap())
            .collect();
        assert!(swings.windows(2).all(|w| w[0] >= w[1]), "{swings:?}");
        rankings.push(ranked);
    }
    assert_eq!(rankings[0], rankings[1]);
    assert_eq!(
        rankings[0],
        [
            "staffing.fte",
            "categories.faq.patience_minutes.mean",
            "costs.agent_cost_per_hour"
        ]
    );
}

#[test]
fn the_csv_header_the_json_keys_and_the_files_are_the_contract() {
    let tmp = crate::support::temp_dir("sens-contract");
    let dir = tmp.path();
    let path = write(dir, &with_uncertain());
    let out = dir.join("out");
    let json = json_of(&sensitivity(&path, &out, &[]));
    assert_eq!(
        keys(&json),
        ["outputs", "parameters", "replications", "scenario"]
    );
    assert_eq!(json["scenario"], "sens-small");
    assert_eq!(json["replications"], 5);
    let outputs = ["csat_true", "service_level", "cost_total", "cost_per_issue"];
    assert_eq!(json["outputs"], serde_json::json!(outputs));
    let parameters = json["parameters"].as_array().unwrap();
    assert_eq!(parameters.len(), 3);
    for p in parameters {
        assert_eq!(keys(p), ["effects", "high", "key", "low"]);
        let mut names: Vec<&str> = outputs.to_vec();
        names.sort();
        assert_eq!(keys(&p["effects"]), names);
        for o in outputs {
            let e = &p["effects"][o];
            assert_eq!(keys(e), ["at_high", "at_low", "swing"]);
            for end in ["at_low", "at_high"] {
                let f = &e[end];
                for k in ["mean", "ci95_low", "ci95_high"] {
                    assert!(f[k].is_f64(), "{o} {end} {k}: {f}");
                }
                assert_eq!(keys(&f["diff"]), ["ci95_high", "ci95_low", "mean"]);
            }
            let swing = (e["at_high"]["mean"].as_f64().unwrap()
                - e["at_low"]["mean"].as_f64().unwrap())
            .abs();
            assert!((e["swing"].as_f64().unwrap() - swing).abs() < 1e-12);
        }
    }
    let csv = std::fs::read_to_string(out.join("sensitivity.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "key,level,value,output,mean,ci95_low,ci95_high,diff_mean,diff_ci95_low,diff_ci95_high"
    );
    // Low, base and high for each of 3 parameters and 4 outputs.
    assert_eq!(lines.count(), 3 * 3 * outputs.len());
    assert!(csv.contains("\nstaffing.fte,low,9,service_level,"));
    assert!(csv.contains("\nstaffing.fte,base,12,service_level,"));
    let md = std::fs::read_to_string(out.join("sensitivity.md")).unwrap();
    assert!(md.contains("## service_level") && md.contains("payroll estimate"));
    for o in outputs {
        for ext in ["png", "svg"] {
            let plot = out.join(format!("plots/tornado-{o}.{ext}"));
            assert!(std::fs::metadata(&plot).unwrap().len() > 1000, "{plot:?}");
        }
    }
}

#[test]
fn fewer_than_three_replications_give_null_intervals_and_a_note() {
    let tmp = crate::support::temp_dir("sens-few");
    let dir = tmp.path();
    let path = write(dir, &with_uncertain());
    let out = dir.join("out");
    let output = wfsim()
        .arg("sensitivity")
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .args(["--json", "--replications", "2"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(
        stderr.contains("no interval is given for fewer than 3"),
        "{stderr}"
    );
    let json = json_of(&output);
    let e = &parameter(&json, "staffing.fte")["effects"]["csat_true"]["at_low"];
    assert!(e["mean"].is_f64() && e["ci95_low"].is_null() && e["ci95_high"].is_null());
    assert!(e["diff"]["ci95_low"].is_null());
    let md = std::fs::read_to_string(out.join("sensitivity.md")).unwrap();
    assert!(md.contains("No intervals"), "{md}");
}

#[test]
fn bad_declarations_and_bad_outputs_exit_2_with_the_file_and_help() {
    let tmp = crate::support::temp_dir("sens-bad");
    let dir = tmp.path();
    let cases = [
        (
            "key = \"staffing.ftee\"\nlow = 10\nhigh = 14",
            "uncertain[0].key: `staffing.ftee`: staffing.ftee is not in the scenario file",
        ),
        (
            "key = \"staffing.fte\"\nlow = 14\nhigh = 10",
            "uncertain[0].low: low (14) is above high (10)",
        ),
        (
            "key = \"staffing.fte\"\nlow = 10\nhigh = 14\nmost_likely = 20",
            "uncertain[0].most_likely: most_likely (20) is outside the range [10, 14]",
        ),
        (
            "key = \"categories.faq.share\"\nlow = 0.5\nhigh = 1.0",
            "uncertain[0].low: with `categories.faq.share` at its low end (0.5) the scenario is invalid",
        ),
        (
            "key = \"staffing.fte\"\nlow = 10\nhigh = 14\ndistribution = \"triangular\"",
            "uncertain[0].distribution: a triangular range needs most_likely",
        ),
        (
            "key = \"staffing.fte\"\nlow = 10\nhigh = 14\nlikely = 12",
            "uncertain[0].likely: unknown key",
        ),
    ];
    for (i, (entry, expected)) in cases.iter().enumerate() {
        let path = dir.join(format!("bad-{i}.toml"));
        std::fs::write(&path, format!("{BASE}\n[[uncertain]]\n{entry}\n")).unwrap();
        for command in ["check", "sensitivity"] {
            let mut cmd = wfsim();
            cmd.arg(command).arg(&path);
            if command == "sensitivity" {
                cmd.arg("--quiet");
            }
            let output = cmd.output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr).to_string();
            assert_eq!(output.status.code(), Some(2), "{command} {i}: {stderr}");
            let place = format!("error: {}:", path.display());
            assert!(stderr.starts_with(&place), "{command} {i}: {stderr}");
            assert!(stderr.contains(expected), "{command} {i}: {stderr}");
            assert!(stderr.contains("\n  help: "), "{command} {i}: {stderr}");
            assert!(output.stdout.is_empty());
        }
    }
    // No declarations, an unknown output: exit 2 with help, nothing written.
    let plain = write(dir, BASE);
    let out = dir.join("out");
    let output = sensitivity(&plain, &out, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("declares no uncertain parameters") && stderr.contains("help:"));
    let path = write(dir, &with_uncertain());
    let output = sensitivity(&path, &out, &["--outputs", "csat_true,csat"]);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("\"csat\" is not an output")
            && stderr.contains("valid outputs:")
            && stderr.contains("service_level"),
        "{stderr}"
    );
    assert!(!out.exists(), "an error wrote outputs");
}

#[test]
fn declarations_do_not_change_a_run() {
    let limits = Limits::default();
    let plain = scenario::parse("t.toml", BASE, &limits).unwrap();
    let declared = scenario::parse("t.toml", &with_uncertain(), &limits).unwrap();
    assert_eq!(declared.uncertain.len(), 3);
    let a = analysis::run(&plain, None).unwrap();
    let b = analysis::run(&declared, None).unwrap();
    // Bit for bit (NaN, a ratio with nothing to divide, included).
    let bits = |r: &analysis::RunResult| -> Vec<Vec<u64>> {
        r.replication_totals
            .iter()
            .map(|t| t.iter().map(|v| v.to_bits()).collect())
            .collect()
    };
    assert_eq!(bits(&a), bits(&b));
}

/// `wfsim run --uncertainty` (issue #18, item 3): every replication draws each
/// declared parameter from a Latin hypercube (one draw per stratum of each
/// range), the outputs are the drawn run's, and `summary.json` says how much
/// of each spread the draws add. The agents' pay (20–45 an hour) moves the
/// cost far more than five replications' randomness does, so almost all of
/// the cost's variance is the parameters'.
#[test]
fn a_run_with_uncertainty_draws_each_range_once_per_stratum_and_splits_the_spread() {
    let tmp = crate::support::temp_dir("run-uncertainty");
    let dir = tmp.path();
    let path = write(dir, &with_uncertain());
    let out = dir.join("out");
    let output = wfsim()
        .args(["run", "--uncertainty", "--quiet", "--out"])
        .arg(&out)
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let u = &summary["uncertainty"];
    assert_eq!(u["replications"], 5);
    let parameters = u["parameters"].as_array().unwrap();
    assert_eq!(parameters.len(), 3);
    for p in parameters {
        let (low, high) = (p["low"].as_f64().unwrap(), p["high"].as_f64().unwrap());
        let draws: Vec<f64> = p["draws"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d.as_f64().unwrap())
            .collect();
        assert_eq!(draws.len(), 5, "{p}");
        assert!(draws.iter().all(|d| (low..=high).contains(d)), "{p}");
        if p["distribution"] == "uniform" {
            let mut strata: Vec<usize> = draws
                .iter()
                .map(|d| ((d - low) / (high - low) * 5.0) as usize)
                .collect();
            strata.sort_unstable();
            assert_eq!(strata, vec![0, 1, 2, 3, 4], "{p}");
        }
    }
    let cost = &u["metrics"]["cost_total"];
    assert!(cost["parameter_share"].as_f64().unwrap() > 0.9, "{cost}");
    assert!(cost["sd_total"].as_f64().unwrap() > cost["sd_simulation"].as_f64().unwrap());
    for (name, spread) in u["metrics"].as_object().unwrap() {
        if let Some(share) = spread["parameter_share"].as_f64() {
            assert!((0.0..=1.0).contains(&share), "{name}: {spread}");
        }
    }
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(md.contains("## Parameter uncertainty"), "{md}");
    // Without the flag the contract is unchanged: no `uncertainty` key.
    let plain_out = dir.join("plain");
    let output = wfsim()
        .args(["run", "--quiet", "--out"])
        .arg(&plain_out)
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success());
    let plain: Value =
        serde_json::from_slice(&std::fs::read(plain_out.join("summary.json")).unwrap()).unwrap();
    assert!(plain.get("uncertainty").is_none());
    // The drawn run's cost is wider than the plain run's.
    let width = |v: &Value| {
        v["totals"]["cost_total"]["ci95_high"].as_f64().unwrap()
            - v["totals"]["cost_total"]["ci95_low"].as_f64().unwrap()
    };
    assert!(width(&summary) > 2.0 * width(&plain));
}

#[test]
fn uncertainty_without_declarations_or_with_a_shard_is_refused_with_exit_2() {
    let tmp = crate::support::temp_dir("run-uncertainty-refused");
    let dir = tmp.path();
    for (text, extra, expected) in [
        (BASE.to_string(), None, "declares no uncertain parameters"),
        (
            with_uncertain(),
            Some("1/2"),
            "--uncertainty cannot be sharded",
        ),
    ] {
        let path = write(dir, &text);
        let out = dir.join("out");
        let mut cmd = wfsim();
        cmd.args(["run", "--uncertainty", "--quiet", "--out"])
            .arg(&out)
            .arg(&path);
        if let Some(shard) = extra {
            cmd.args(["--shard", shard]);
        }
        let output = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).to_string();
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(expected) && stderr.contains("help:"),
            "{stderr}"
        );
        assert!(!out.exists(), "nothing written");
    }
}

/// The brief's "What drives the answer" (issue #18, item 4): the tornado of
/// each output, the three parameters that move the first output most in one
/// sentence each (staffing first: it moves CSAT by far the most), and what
/// to measure first to narrow it.
#[test]
fn the_brief_says_what_drives_the_answer_and_what_to_measure_first() {
    let tmp = crate::support::temp_dir("sens-brief");
    let dir = tmp.path();
    let path = write(dir, &with_uncertain());
    let out = dir.join("out");
    let output = sensitivity(&path, &out, &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let brief = std::fs::read_to_string(out.join("brief.md")).unwrap();
    let section = brief
        .split("## 5. What drives the answer")
        .nth(1)
        .expect("the section is there");
    for output in ["csat_true", "service_level", "cost_total"] {
        assert!(
            section.contains(&format!("plots/tornado-{output}.png")),
            "{section}"
        );
        assert!(out.join(format!("plots/tornado-{output}.svg")).exists());
    }
    let sentences: Vec<&str> = section.lines().filter(|l| l.starts_with("- `")).collect();
    assert_eq!(sentences.len(), 3, "{section}");
    assert!(
        sentences[0].starts_with("- `staffing.fte` (from 9 to 15, 12 in the file)"),
        "{section}"
    );
    assert!(
        section.contains("Measure first: `staffing.fte`"),
        "{section}"
    );
    // Every earlier section of a run's brief is still there.
    for heading in wfsim::report::brief::SECTIONS {
        assert!(brief.contains(heading), "{heading}");
    }
    let html = std::fs::read_to_string(out.join("brief.html")).unwrap();
    assert!(html.contains("5. What drives the answer"));
}

/// The degenerate reversal (`support::DEGENERATE_REVERSAL`: 15 of 20 agents
/// laid off in week 4, all rehired in week 8, hired in 3 weeks and trained
/// in `training_weeks`) with its training time and the agents' pay declared
/// uncertain. Every replication recovers in exactly 3 + training weeks.
fn reversing_with_uncertain_training() -> String {
    format!(
        "{}
[[uncertain]]
key = \"workforce.training_weeks\"
low = 1
high = 4

[[uncertain]]
key = \"costs.agent_cost_per_hour\"
low = 5
high = 15
",
        crate::support::DEGENERATE_REVERSAL
    )
}

/// Where the scenario reverses, `recovery_weeks` is one of the default
/// outputs, and it moves by exactly the training time: the pipeline is
/// deterministic, so every replication recovers in 3 + training weeks and
/// Kaplan-Meier's restricted mean has nothing censored to estimate.
#[test]
fn recovery_weeks_is_a_default_output_where_the_scenario_reverses_and_follows_training() {
    let tmp = crate::support::temp_dir("sensitivity-recovery");
    let dir = tmp.path();
    let path = write(dir, &reversing_with_uncertain_training());
    let json = json_of(&sensitivity(
        &path,
        &dir.join("out"),
        &["--replications", "3"],
    ));
    let outputs: Vec<&str> = json["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_str().unwrap())
        .collect();
    assert!(outputs.contains(&"recovery_weeks"), "{outputs:?}");
    let training = &parameter(&json, "workforce.training_weeks")["effects"]["recovery_weeks"];
    assert_eq!(training["at_low"]["mean"], 4.0, "{training}");
    assert_eq!(training["at_high"]["mean"], 7.0, "{training}");
    assert_eq!(training["swing"], 3.0, "{training}");
    // Pay does not move the pipeline: no swing, and the paired difference
    // (every replication recovered at both ends) is exactly zero.
    let pay = &parameter(&json, "costs.agent_cost_per_hour")["effects"]["recovery_weeks"];
    assert_eq!(pay["swing"], 0.0, "{pay}");
    let csv = std::fs::read_to_string(dir.join("out/sensitivity.csv")).unwrap();
    let pay_low = csv
        .lines()
        .find(|l| l.starts_with("costs.agent_cost_per_hour,low,") && l.contains(",recovery_weeks,"))
        .unwrap_or_else(|| panic!("no pay-low recovery row in\n{csv}"));
    assert!(pay_low.ends_with(",0,0,0"), "{pay_low}");
    assert!(dir.join("out/plots/tornado-recovery_weeks.png").is_file());
}

#[test]
fn recovery_weeks_asked_of_a_scenario_without_a_change_exits_2() {
    let tmp = crate::support::temp_dir("sensitivity-no-change");
    let dir = tmp.path();
    let path = write(dir, &with_uncertain());
    let out = dir.join("out");
    let output = sensitivity(&path, &out, &["--outputs", "service_level,recovery_weeks"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("recovery_weeks") && stderr.contains("no change to reverse"),
        "{stderr}"
    );
    assert!(stderr.contains("help:"), "{stderr}");
    assert!(!out.exists(), "nothing written");
}

/// Sharded like `sweep`: each shard writes only its partial, `wfsim merge`
/// writes exactly the files of the one-process command, byte for byte.
#[test]
fn sensitivity_in_two_shards_merges_into_the_one_process_outputs_byte_for_byte() {
    let tmp = crate::support::temp_dir("sensitivity-shards");
    let dir = tmp.path();
    let path = write(dir, &reversing_with_uncertain_training());
    let one = dir.join("one");
    let common = ["--replications", "3", "--seed", "11", "--quiet"];
    let run = |extra: &[&str], out: &Path| {
        wfsim()
            .arg("sensitivity")
            .arg(&path)
            .args(common)
            .args(extra)
            .arg("--out")
            .arg(out)
            .env_remove("SLURM_ARRAY_TASK_ID")
            .env_remove("SLURM_ARRAY_TASK_COUNT")
            .output()
            .unwrap()
    };
    let ok = |o: Output| {
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        )
    };
    ok(run(&[], &one));
    let parts: Vec<PathBuf> = (1..=2).map(|k| dir.join(format!("part{k}"))).collect();
    for (k, part) in parts.iter().enumerate() {
        ok(run(&["--shard", &format!("{}/2", k + 1)], part));
        let files: Vec<_> = std::fs::read_dir(part)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(
            files,
            [format!("partial-{}-of-2.json", k + 1)],
            "only the partial"
        );
    }
    let merged = dir.join("merged");
    ok(wfsim()
        .arg("merge")
        .args(&parts)
        .arg("--out")
        .arg(&merged)
        .output()
        .unwrap());
    crate::support::assert_same_outputs(
        &one,
        &merged,
        &[
            "sensitivity.csv",
            "sensitivity.md",
            "sensitivity.json",
            "plots/tornado-",
        ],
        "sensitivity in 2 shards",
    );
    // A shard's JSON would be a fragment of the answer: refused up front.
    let refused = wfsim()
        .arg("sensitivity")
        .arg(&path)
        .args(["--json", "--shard", "1/2", "--out"])
        .arg(dir.join("refused"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
    assert!(!dir.join("refused").exists());
}
