use std::process::Command;

use wfsim::analysis::reversibility::{self, Options};

use crate::support::{parse, DEGENERATE_REVERSAL};

fn no_progress(_: &str) {}

#[test]
fn a_degenerate_pipeline_recovers_in_exactly_hire_plus_training_weeks() {
    let s = parse(DEGENERATE_REVERSAL);
    let options = Options {
        window_weeks: 4,
        search_point_of_no_return: true,
        levers: false,
    };
    let r = reversibility::analyse(&s, &options, &no_progress).expect("analysis runs");
    assert_eq!(r.change_week, 4);
    for (i, rep) in r.per_replication.iter().enumerate() {
        assert_eq!(rep.reversal_week, Some(8), "replication {i}");
        // Hired 3 weeks after the week-8 rehire, trained 2 weeks: week 13.
        assert_eq!(rep.recovery_weeks, Some(5), "replication {i}");
        // Half the customers go unserved from the first week of the cut, and
        // measured CSAT falls under the 0.7 threshold at once.
        assert_eq!(rep.detection_weeks, Some(0), "replication {i}");
        assert_eq!(rep.baseline_service_level, 1.0);
        // Severance 15 x 2 weeks x 168 h x 10 + 15 hires x 1000 + 15 x 2 trainee-weeks x 100.
        assert_eq!(rep.round_trip_cost, 50_400.0 + 15_000.0 + 3_000.0);
    }
    assert_eq!(r.recovery_weeks.mean, 5.0);
    assert_eq!(r.recovery_weeks.ci95_low, 5.0);
    // 10 agents carry the 9.2-erlang load with evenly spaced arrivals, 9 do
    // not: any cut up to 10 never needs recovering, a larger one takes 5 weeks,
    // longer than the 4-week window.
    let ponr = r.point_of_no_return_fte.expect("searched");
    assert_eq!(
        (ponr.mean, ponr.ci95_low, ponr.ci95_high),
        (10.0, 10.0, 10.0)
    );
}

#[test]
fn the_recruiting_lever_saves_exactly_the_hiring_weeks_it_removes() {
    let s = parse(DEGENERATE_REVERSAL);
    let options = Options {
        window_weeks: 12,
        search_point_of_no_return: false,
        levers: true,
    };
    let r = reversibility::analyse(&s, &options, &no_progress).expect("analysis runs");
    let lever = |name: &str| r.levers.iter().find(|l| l.lever == name);
    // Time to hire 3 x 0.75 rounds to 2 weeks: recovery in 4 instead of 5.
    let recruiting = lever("recruiting_capacity").expect("recruiting lever applies");
    assert_eq!(recruiting.recovery_weeks_saved.mean, 1.0);
    // No trainers and no rules: those levers do not apply and are not shown.
    assert!(lever("retained_trainers").is_none());
    assert!(lever("earlier_trigger").is_none());
    let saved: Vec<f64> = r
        .levers
        .iter()
        .map(|l| l.recovery_weeks_saved.mean)
        .collect();
    assert!(
        saved.windows(2).all(|w| w[0] >= w[1]),
        "levers are ranked, most weeks saved first: {saved:?}"
    );
}

#[test]
fn reversibility_json_has_the_contract_keys() {
    let dir = std::env::temp_dir().join(format!("wfsim-rv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let scenario = dir.join("degenerate.toml");
    std::fs::write(&scenario, DEGENERATE_REVERSAL).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_wfsim"))
        .args([
            "reversibility",
            "--json",
            "--window-weeks",
            "4",
            "--quiet",
            "--out",
        ])
        .arg(dir.join("out"))
        .arg(&scenario)
        .output()
        .expect("wfsim runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("stdout is one JSON object");
    for key in [
        "detection_weeks",
        "recovery_weeks",
        "round_trip_cost",
        "point_of_no_return_fte",
    ] {
        for part in ["mean", "ci95_low", "ci95_high"] {
            assert!(v[key][part].is_number(), "{key}.{part} missing in {v}");
        }
    }
    for figure in ["csat", "service_level"] {
        assert!(
            v["baseline"][figure]["mean"].is_number(),
            "baseline.{figure}"
        );
    }
    assert_eq!(v["recovery_weeks"]["mean"], 5.0);
    assert_eq!(v["point_of_no_return_fte"]["mean"], 10.0);
    let levers = v["levers"].as_array().expect("levers is a list");
    assert!(!levers.is_empty());
    for l in levers {
        assert!(
            l["lever"].is_string() && l["recovery_weeks_saved"].is_number(),
            "{l}"
        );
    }
    // The same object is written next to a readable report.
    let written = std::fs::read(dir.join("out/reversibility.json")).unwrap();
    assert_eq!(written, out.stdout);
    assert!(dir.join("out/reversibility.md").exists());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_scenario_without_a_change_is_refused_with_exit_2() {
    let dir = std::env::temp_dir().join(format!("wfsim-rv-none-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let scenario = dir.join("no-change.toml");
    let text = DEGENERATE_REVERSAL
        .split("[[decisions]]")
        .next()
        .unwrap()
        .to_string();
    std::fs::write(&scenario, text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_wfsim"))
        .args(["reversibility", "--quiet", "--out"])
        .arg(dir.join("out"))
        .arg(&scenario)
        .output()
        .expect("wfsim runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: ") && stderr.contains("no change to reverse"),
        "{stderr}"
    );
    assert!(!dir.join("out/reversibility.json").exists());
    std::fs::remove_dir_all(&dir).ok();
}

use crate::support::assert_same_outputs;

#[test]
fn two_shards_merge_into_the_one_process_outputs_byte_for_byte() {
    let dir = std::env::temp_dir().join(format!("wfsim-rv-shard-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let scenario = dir.join("degenerate.toml");
    std::fs::write(&scenario, DEGENERATE_REVERSAL).unwrap();
    let wfsim = |args: &[&str], out: &std::path::Path| {
        let status = Command::new(env!("CARGO_BIN_EXE_wfsim"))
            .args([
                "reversibility",
                "--quiet",
                "--replications",
                "3",
                "--window-weeks",
                "4",
            ])
            .args(args)
            .arg("--out")
            .arg(out)
            .arg(&scenario)
            .output()
            .expect("wfsim runs");
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
    };
    wfsim(&[], &dir.join("one"));
    let children: Vec<_> = ["1/2", "2/2"]
        .iter()
        .map(|k| {
            Command::new(env!("CARGO_BIN_EXE_wfsim"))
                .args([
                    "reversibility",
                    "--quiet",
                    "--replications",
                    "3",
                    "--window-weeks",
                    "4",
                ])
                .args(["--shard", k, "--out"])
                .arg(dir.join("parts"))
                .arg(&scenario)
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let merged = Command::new(env!("CARGO_BIN_EXE_wfsim"))
        .args(["merge", "--quiet", "--out"])
        .arg(dir.join("merged"))
        .arg(dir.join("parts"))
        .output()
        .unwrap();
    assert!(
        merged.status.success(),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    assert_same_outputs(
        &dir.join("one"),
        &dir.join("merged"),
        &["reversibility.json", "brief.html", "plots/recovery.png"],
        "reversibility in two shards",
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn compare_shows_recovery_weeks_where_a_scenario_reverses() {
    let dir = std::env::temp_dir().join(format!("wfsim-rv-compare-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let a = dir.join("a.toml");
    let b = dir.join("b.toml");
    std::fs::write(&a, DEGENERATE_REVERSAL).unwrap();
    // The same cut rehired two weeks later: recovery is still 5 weeks after
    // the (later) reversal.
    std::fs::write(&b, DEGENERATE_REVERSAL.replace("week = 8", "week = 10")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_wfsim"))
        .args(["compare", "--quiet", "--out"])
        .arg(dir.join("out"))
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = std::fs::read_to_string(dir.join("out/compare.csv")).unwrap();
    let rows: Vec<&str> = csv
        .lines()
        .filter(|l| l.starts_with("recovery_weeks,"))
        .collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert!(
        rows[0].starts_with("recovery_weeks,weeks,degenerate-reversal,5,5,5,"),
        "{}",
        rows[0]
    );
    assert!(rows[1].ends_with(",5,5,5,0,0,0"), "{}", rows[1]);
    std::fs::remove_dir_all(&dir).ok();
}
