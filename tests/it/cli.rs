use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{temp_dir, EVERY_PATH};

fn wfsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_wfsim"))
}

/// Fails the test with the program's own error output.
fn assert_succeeded(output: &std::process::Output) {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn run_writes_the_four_outputs_with_the_summary_json_contract() {
    let tmp = temp_dir("run");
    let dir = tmp.path();
    let scenario = write(dir, "s.toml", EVERY_PATH);
    let out = dir.join("out");
    let output = wfsim()
        .args([
            "run",
            scenario.to_str().unwrap(),
            "--replications",
            "3",
            "--seed",
            "9",
            "--quiet",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_succeeded(&output);
    for file in [
        "weekly.csv",
        "replications.csv",
        "summary.json",
        "summary.md",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(json["scenario"], "every-path");
    assert_eq!(json["replications"], 3);
    assert_eq!(json["seed"], 9);
    assert_eq!(json["weeks"], 3);
    for key in [
        "arrived",
        "repeat_contacts",
        "ai_handled",
        "ai_resolved",
        "escalated",
        "human_handled",
        "resolved",
        "wrong_answer",
        "abandoned",
        "trapped",
        "in_system_at_end",
        "csat_true",
        "csat_measured",
        "service_level",
        "cost_total",
    ] {
        let t = &json["totals"][key];
        let (mean, low, high) = (
            t["mean"].as_f64().unwrap(),
            t["ci95_low"].as_f64().unwrap(),
            t["ci95_high"].as_f64().unwrap(),
        );
        assert!(low <= mean && mean <= high, "{key}: {t}");
    }
    let weekly = std::fs::read_to_string(out.join("weekly.csv")).unwrap();
    assert!(weekly.starts_with("week,metric,unit,mean,ci95_low,ci95_high\n"));
    let replications = std::fs::read_to_string(out.join("replications.csv")).unwrap();
    assert_eq!(replications.lines().count(), 4, "header + 3 replications");
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn check_accepts_a_valid_scenario() {
    let tmp = temp_dir("check-ok");
    let dir = tmp.path();
    let scenario = write(dir, "s.toml", EVERY_PATH);
    let output = wfsim()
        .args(["check", scenario.to_str().unwrap()])
        .output()
        .unwrap();
    assert_succeeded(&output);
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("ok: "));
}

#[test]
fn a_bad_scenario_exits_2_naming_every_problem_with_line_and_column() {
    let tmp = temp_dir("check-bad");
    let dir = tmp.path();
    let text = EVERY_PATH
        .replace("share = 0.6", "share = 1.6")
        .replace("stuck = 0.1 }", "stuck = 0.3 }")
        .replace(
            "triggers = { hardship = 0.2 }",
            "triggers = { hardshp = 0.2 }",
        );
    let scenario = write(dir, "bad.toml", &text);
    let output = wfsim()
        .args(["check", scenario.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("error: "), "{stderr}");
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    assert!(
        stderr.contains(&format!("bad.toml:{}:", line_of("share = 1.6"))),
        "{stderr}"
    );
    assert!(
        stderr.contains("categories[0].share: must be a probability"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "categories[0].ai_outcomes: resolved + escalated + wrong_answer + stuck must sum to 1"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("categories[1].triggers.hardshp"),
        "{stderr}"
    );
    assert!(stderr.contains("help: "), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn an_unknown_key_suggests_the_right_one() {
    let tmp = temp_dir("typo");
    let dir = tmp.path();
    let text = EVERY_PATH.replace("wrong_answer_cost = 10.0", "wrong_answer_costs = 10.0");
    let scenario = write(dir, "typo.toml", &text);
    let output = wfsim()
        .args(["check", scenario.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let line = text
        .lines()
        .position(|l| l.contains("wrong_answer_costs"))
        .unwrap()
        + 1;
    assert!(stderr.contains(&format!("typo.toml:{line}:1:")), "{stderr}");
    assert!(
        stderr.contains("did you mean `wrong_answer_cost`?"),
        "{stderr}"
    );
}

#[test]
fn a_missing_or_binary_file_exits_2_and_a_failed_run_leaves_old_outputs_alone() {
    let tmp = temp_dir("missing");
    let dir = tmp.path();
    let output = wfsim()
        .args(["run", dir.join("nope.toml").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("error: cannot read scenario"));

    let binary = dir.join("binary.toml");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("summary.json"), "old").unwrap();
    let output = wfsim()
        .args(["run", binary.to_str().unwrap(), "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(out.join("summary.json")).unwrap(),
        "old"
    );
}

#[test]
fn bad_flags_exit_2() {
    for args in [
        vec!["run", "x.toml", "--replications", "0"],
        vec!["run", "x.toml", "--seed", "-3"],
        vec!["frobnicate"],
    ] {
        let output = wfsim().args(&args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
}

/// The run-style commands share one declaration of their common options
/// (issue #20): a bad value gets the same message, on stderr, and exit code
/// 2 from each of them, before any file is read.
#[test]
fn a_bad_shared_option_exits_2_with_the_same_message_on_every_run_style_command() {
    let commands: [&[&str]; 5] = [
        &["run", "missing.toml"],
        &["compare", "missing.toml", "missing.toml"],
        &["sweep", "missing.toml", "--set", "staffing.fte=1,2"],
        &["reversibility", "missing.toml"],
        &["sensitivity", "missing.toml"],
    ];
    for bad in [
        ["--seed", "-3"],
        ["--seed", "1.5"],
        ["--replications", "0"],
        ["--replications", "-1"],
        ["--replications", "many"],
        ["--threads", "0"],
        ["--threads", "-2"],
    ] {
        let mut first: Option<String> = None;
        for command in commands {
            let output = wfsim().args(command).args(bad).output().unwrap();
            let what = format!("{command:?} {bad:?}");
            assert_eq!(output.status.code(), Some(2), "{what}");
            assert!(output.stdout.is_empty(), "{what}");
            let stderr = String::from_utf8_lossy(&output.stderr).to_string();
            assert!(
                stderr.starts_with(&format!(
                    "error: invalid value '{}' for '{}",
                    bad[1], bad[0]
                )),
                "{what}: {stderr}"
            );
            match &first {
                None => first = Some(stderr),
                Some(expected) => assert_eq!(&stderr, expected, "{what}"),
            }
        }
    }
}

#[test]
fn queue_json_has_the_documented_shape_and_agrees_with_its_simulation() {
    let output = wfsim()
        .args([
            "queue",
            "--arrivals-per-hour",
            "200",
            "--handle-minutes",
            "6",
            "--agents",
            "22",
            "--patience-minutes",
            "2",
            "--answer-seconds",
            "60",
            "--simulate",
            "--hours",
            "300",
            "--replications",
            "8",
            "--seed",
            "3",
            "--json",
        ])
        .output()
        .unwrap();
    assert_succeeded(&output);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        stdout.trim().lines().count(),
        1,
        "exactly one JSON object: {stdout}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    for key in [
        "p_wait",
        "mean_wait_s",
        "p_abandon",
        "service_level",
        "occupancy",
    ] {
        let analytic = json["analytic"][key].as_f64().unwrap();
        let sim = &json["simulated"][key];
        let (low, high) = (
            sim["ci95_low"].as_f64().unwrap(),
            sim["ci95_high"].as_f64().unwrap(),
        );
        // The JSON carries 95% intervals over 8 replications (half-width t(0.975, 7) se);
        // widen to the 99.9% interval, t(0.9995, 7) se, so a correct model fails a
        // check with probability 0.001.
        let half = (high - low) / 2.0 * (5.407_9 / 2.364_6);
        let mean = sim["mean"].as_f64().unwrap();
        assert!(
            (analytic - mean).abs() <= half + 1e-12,
            "{key}: {analytic} vs {mean} ± {half}"
        );
    }
    assert!(json["contacts_simulated"].as_u64().unwrap() > 100_000);
    assert!(json["wall_seconds"].as_f64().unwrap() >= 0.0);
}

#[test]
fn queue_refuses_an_unstable_erlang_c_with_exit_2() {
    let output = wfsim()
        .args([
            "queue",
            "--arrivals-per-hour",
            "100",
            "--handle-minutes",
            "6",
            "--agents",
            "9",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("error: "));
    assert!(output.stdout.is_empty());
    let nan = wfsim()
        .args([
            "queue",
            "--arrivals-per-hour",
            "NaN",
            "--handle-minutes",
            "6",
            "--agents",
            "9",
        ])
        .output()
        .unwrap();
    assert_eq!(nan.status.code(), Some(2));
}

#[test]
fn replications_from_the_command_line_meet_the_same_limits_as_the_file() {
    let tmp = temp_dir("override-limit");
    let dir = tmp.path();
    let scenario = write(dir, "s.toml", EVERY_PATH);
    let output = wfsim()
        .args([
            "run",
            scenario.to_str().unwrap(),
            "--replications",
            "5000",
            "--out",
        ])
        .arg(dir.join("out"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("(set by --replications)"), "{stderr}");
    assert!(!dir.join("out").join("summary.json").exists());
}

/// A reader that goes away (`wfsim queue ... | head -1`) ends the command
/// quietly with success: a closed pipe is not a failure. The reader here has
/// exited before wfsim starts writing, so every write meets the closed pipe.
#[cfg(unix)]
#[test]
fn output_into_a_closed_pipe_exits_quietly_with_success() {
    let output = Command::new("sh")
        .args([
            "-c",
            r#"{ sleep 0.3; "$0" "$@"; echo "exit $?" >&2; } | true"#,
            env!("CARGO_BIN_EXE_wfsim"),
            "queue",
            "--arrivals-per-hour",
            "100",
            "--handle-minutes",
            "5",
            "--agents",
            "10",
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stderr), "exit 0\n");
}
