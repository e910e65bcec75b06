use std::process::Command;

use wfsim::analysis::reversibility::{self, Options};

use crate::support::{parse, DEGENERATE_REVERSAL};

fn no_progress(_: &str) {}

fn options(window_weeks: u32, search: bool, levers: bool) -> Options {
    Options {
        window_weeks,
        search_point_of_no_return: search,
        levers,
        confidence: 0.8,
    }
}

#[test]
fn a_degenerate_pipeline_recovers_in_exactly_hire_plus_training_weeks() {
    let mut s = parse(DEGENERATE_REVERSAL);
    s.replications = 3;
    let r =
        reversibility::analyse(&s, &options(4, true, false), &no_progress).expect("analysis runs");
    assert_eq!(r.change_week, 4);
    for (i, rep) in r.per_replication.iter().enumerate() {
        assert_eq!(rep.reversal_week, Some(8), "replication {i}");
        // Hired 3 weeks after the week-8 rehire, trained 2 weeks: week 13,
        // when the operation is the counterfactual's again.
        assert_eq!(rep.recovery_weeks(), Some(5), "replication {i}");
        assert_eq!(rep.back_after_change.weeks, 9.0, "replication {i}");
        // Half the customers go unserved from the first week of the cut, and
        // measured CSAT falls under the 0.7 threshold at once.
        assert_eq!(rep.detection_weeks(), Some(0), "replication {i}");
        assert_eq!(rep.baseline_service_level, 1.0);
        // Severance 15 x 2 weeks x 168 h x 10 + 15 hires x 1000 + 15 x 2
        // trainee-weeks x 100; the counterfactual (no cut, no backfill) pays
        // none of it.
        assert_eq!(rep.round_trip_cost, 50_400.0 + 15_000.0 + 3_000.0);
        // Pay saved while 15 of 20 were gone (weeks 4-7), against the
        // counterfactual paying all 20: 4 x 15 x 168 h x 10.
        assert_eq!(rep.savings_while_automated, 4.0 * 15.0 * 168.0 * 10.0);
    }
    // Every replication recovered in 5 weeks: Kaplan-Meier has nothing
    // censored, and its restricted mean is exactly 5 with zero width.
    let rec = &r.recovery_weeks;
    assert_eq!((rec.recovered, rec.censored, rec.n), (3, 0, 3));
    assert_eq!(rec.median, Some(5.0));
    assert_eq!(
        (rec.mean, rec.ci95_low, rec.ci95_high),
        (5.0, Some(5.0), Some(5.0))
    );
    // 10 agents carry the 9.2-erlang load with evenly spaced arrivals, 9 do
    // not: a cut of up to 10 never needs recovering, a larger one takes 5
    // weeks, longer than the 4-week window. Bisecting [0, 15] tries 8
    // (fits), 12 (fails), 10 (fits), 11 (fails): every replication's
    // threshold is bracketed in [10, 11), so 80 % recover up to 10 at least.
    let ponr = r.point_of_no_return_fte.expect("searched");
    assert_eq!(ponr.searched_up_to, 15.0);
    assert!((10.0..11.0).contains(&ponr.mean), "{ponr:?}");
    let (low, high) = (ponr.ci95_low.unwrap(), ponr.ci95_high.unwrap());
    assert!(
        0.0 <= low && low <= ponr.mean && ponr.mean <= high && high <= 15.0,
        "{ponr:?}"
    );
    let p_at = |cut: f64| {
        r.recovery_probability
            .iter()
            .find(|p| p.cut_fte == cut)
            .map(|p| p.p_recover)
    };
    assert_eq!(p_at(0.0), Some(1.0));
    assert_eq!(p_at(15.0), Some(0.0));
}

/// Every interval respects its support and none is shown for 2 replications.
#[test]
fn two_replications_give_figures_without_intervals_and_a_note() {
    let s = parse(DEGENERATE_REVERSAL);
    assert_eq!(s.replications, 2);
    let r =
        reversibility::analyse(&s, &options(4, true, true), &no_progress).expect("analysis runs");
    assert_eq!(r.round_trip_cost.n, 2);
    assert!(r.round_trip_cost.ci95_low.is_none() && r.recovery_weeks.ci95_low.is_none());
    let ponr = r.point_of_no_return_fte.expect("searched");
    assert!(ponr.ci95_low.is_none() && ponr.ci95_high.is_none());
    assert!(ponr.mean >= 0.0);
    assert!(
        r.notes.iter().any(|n| n.contains("no interval")),
        "{:?}",
        r.notes
    );
    for l in &r.levers {
        assert!(!l.distinguishable, "{} without an interval", l.lever);
    }
}

#[test]
fn the_recruiting_lever_saves_exactly_the_hiring_weeks_it_removes() {
    let mut s = parse(DEGENERATE_REVERSAL);
    s.replications = 3;
    let r =
        reversibility::analyse(&s, &options(12, false, true), &no_progress).expect("analysis runs");
    let lever = |name: &str| r.levers.iter().find(|l| l.lever == name);
    // Time to hire 3 x 0.75 rounds to 2 weeks: recovery in 4 instead of 5,
    // one week less below the counterfactual's CSAT, in every replication.
    let recruiting = lever("recruiting_capacity").expect("recruiting lever applies");
    let saved = recruiting.recovery_weeks_saved;
    assert_eq!(
        (saved.mean, saved.ci95_low, saved.ci95_high),
        (1.0, Some(1.0), Some(1.0))
    );
    assert!(recruiting.distinguishable);
    assert!(recruiting.customer_weeks_saved.mean > 0.0);
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
            "--replications",
            "3",
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
    assert_eq!(v["replications"], 3);
    for key in [
        "detection_weeks",
        "recovery_weeks",
        "round_trip_cost",
        "savings_while_automated",
        "point_of_no_return_fte",
    ] {
        for part in ["mean", "ci95_low", "ci95_high", "n"] {
            assert!(v[key][part].is_number(), "{key}.{part} missing in {v}");
        }
    }
    for key in ["recovery_weeks", "detection_weeks"] {
        for part in ["median", "recovered", "censored"] {
            assert!(v[key][part].is_number(), "{key}.{part} missing in {v}");
        }
    }
    for figure in ["csat", "service_level"] {
        assert!(
            v["baseline"][figure]["mean"].is_number(),
            "baseline.{figure}"
        );
    }
    for figure in ["csat", "service_level", "cost_total"] {
        for part in ["mean", "ci95_low", "ci95_high", "n"] {
            assert!(
                v["counterfactual"][figure][part].is_number(),
                "counterfactual.{figure}.{part} in {v}"
            );
        }
    }
    assert_eq!(v["recovery_weeks"]["mean"], 5.0);
    assert_eq!(v["recovery_weeks"]["censored"], 0);
    assert_eq!(v["reversal_week"]["mean"], 8.0, "rehired in week 8");
    assert_eq!(v["planned_cut_fte"], 15.0, "laid off 15 in week 4");
    let ponr = &v["point_of_no_return_fte"];
    assert_eq!(ponr["confidence"], 0.8);
    let (low, mean, high) = (
        ponr["ci95_low"].as_f64().unwrap(),
        ponr["mean"].as_f64().unwrap(),
        ponr["ci95_high"].as_f64().unwrap(),
    );
    assert!(
        0.0 <= low && low <= mean && mean <= high && high <= 20.0,
        "{ponr}"
    );
    let curve = v["recovery_probability"].as_array().expect("a curve");
    assert!(!curve.is_empty());
    let mut last_cut = f64::NEG_INFINITY;
    let mut last_p = f64::INFINITY;
    for p in curve {
        let (cut, pr) = (
            p["cut_fte"].as_f64().unwrap(),
            p["p_recover"].as_f64().unwrap(),
        );
        assert!(
            cut > last_cut && pr <= last_p,
            "sorted by cut, non-increasing: {curve:?}"
        );
        assert!(p["ci95_low"].is_number() && p["ci95_high"].is_number() && p["replications"] == 3);
        (last_cut, last_p) = (cut, pr);
    }
    let levers = v["levers"].as_array().expect("levers is a list");
    assert!(!levers.is_empty());
    for l in levers {
        assert!(
            l["lever"].is_string()
                && l["recovery_weeks_saved"].is_number()
                && l["distinguishable"].is_boolean()
                && l["customer_weeks_saved"]["mean"].is_number(),
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
        &[
            "reversibility.json",
            "brief.html",
            "plots/recovery.png",
            "plots/recovery-probability.png",
            "plots/recovery-km.png",
            "plots/levers.png",
        ],
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

/// The per-replication bisection assumes that, with the reversal held and
/// paired random numbers, a bigger cut never recovers sooner. Checked on the
/// shipped over-automation story at a twentieth of its size, on a grid of
/// cuts in every replication: once a cut misses the window, every bigger cut
/// misses it too, and recovery weeks (censored ones at their follow-up) never
/// fall by more than the one week of noise a weekly reading allows.
#[test]
fn with_paired_randomness_recovery_only_gets_worse_with_the_cut() {
    use rayon::prelude::*;
    use wfsim::analysis::reversibility::{
        assess, change_week, counterfactual, with_cut, with_reversal_fixed, Reference,
    };
    use wfsim::analysis::run_replication;

    let mut s = crate::support::scaled(
        &crate::support::shipped("over-automation-full-reversal"),
        0.05,
    );
    s.replications = 4;
    let change = change_week(&s).unwrap();
    let window = 12;
    let cuts = [0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0];
    let rows: Vec<Vec<(bool, f64)>> = (0..s.replications)
        .into_par_iter()
        .map(|r| {
            let base = run_replication(&s, r);
            let cf = run_replication(&counterfactual(&s, change), r);
            let fixed = with_reversal_fixed(&s, &base);
            cuts.iter()
                .map(|cut| {
                    let v = with_cut(&fixed, change, *cut);
                    let run = run_replication(&v, r);
                    let a = assess(
                        &v,
                        change,
                        &run.weeks,
                        &run.decisions,
                        Reference::Counterfactual(&cf.weeks),
                    );
                    let rec = a.recovery.expect("the reversal is held");
                    (rec.observed && rec.weeks <= f64::from(window), rec.weeks)
                })
                .collect()
        })
        .collect();
    for (r, row) in rows.iter().enumerate() {
        let first_miss = row.iter().position(|(fits, _)| !fits).unwrap_or(row.len());
        assert!(
            row[first_miss..].iter().all(|(fits, _)| !fits),
            "replication {r}: fits the window again after missing it: {row:?} at cuts {cuts:?}"
        );
        for pair in row.windows(2) {
            assert!(
                pair[1].1 >= pair[0].1 - 1.0,
                "replication {r}: a bigger cut recovered sooner: {row:?} at cuts {cuts:?}"
            );
        }
    }
}

/// Simulating the shared past once must not change a single number: every
/// run the analysis forks (the counterfactual at the change week; cuts,
/// the held reversal and levers at the layoff week, the stricter alarm too
/// since its rules have watched nothing yet; reversal-week levers from the
/// base paused at its reversal week, found as the run goes; a cut run
/// stopped once its answer is known) gives the same replication result,
/// byte for byte, as running that variant from the start (to the week it
/// stopped), and the identity fork reproduces the base run. Each variant
/// must really have been forked, or the test would compare a run with
/// itself.
#[test]
fn forked_runs_reproduce_full_runs_byte_for_byte() {
    use rayon::prelude::*;
    use wfsim::analysis::forks::Paused;
    use wfsim::analysis::reversibility::{
        change_week, counterfactual, first_layoff_week, reversal_week, with_cut,
        with_reversal_fixed, LEVERS,
    };
    use wfsim::analysis::run_replication;

    let s = crate::support::scaled(
        &crate::support::shipped("over-automation-full-reversal"),
        0.05,
    );
    let change = change_week(&s).unwrap();
    let layoff = first_layoff_week(&s).unwrap();
    assert!(layoff > change, "the story lays off after the change");
    [0u32, 1].par_iter().for_each(|&r| {
        let (base, paused) = Paused::run(&s, r, &[change, layoff]);
        assert_same(
            &base,
            &run_replication(&s, r),
            &format!("replication {r}: base"),
        );
        assert_eq!(
            paused.fork_week(&s),
            Some(layoff),
            "the identity forks at the last pause"
        );
        assert_same(
            &paused.run_variant(&s),
            &base,
            &format!("replication {r}: identity"),
        );
        let reversal = base
            .decisions
            .iter()
            .find(|d| d.source == "rule")
            .map(|d| d.week)
            .expect("the base run reverses");
        let mut fixed = with_reversal_fixed(&s, &base);
        let mut forked = vec![
            ("counterfactual", counterfactual(&s, change), change),
            ("held reversal", fixed.clone(), layoff),
        ];
        for cut in [0.0, 12.0, 35.0] {
            forked.push(("cut", with_cut(&fixed, change, cut), layoff));
        }
        for lever in LEVERS {
            if let Some(v) = (lever.apply)(&s, &fixed, reversal) {
                forked.push((lever.name, v, layoff));
            }
        }
        assert_eq!(forked.len(), 5 + LEVERS.len(), "every lever applies");
        fixed.horizon_weeks = reversal + 16;
        forked.push(("held reversal, shorter", fixed.clone(), layoff));
        for (name, variant, at) in &forked {
            assert_eq!(
                paused.fork_week(variant),
                Some(*at),
                "replication {r}: {name} forks"
            );
            assert_same(
                &paused.run_variant(variant),
                &run_replication(variant, r),
                &format!("replication {r}: {name}"),
            );
        }
        // A cut run stopped once its answer is known (here: three weeks
        // after the reversal) is the run with that shorter horizon.
        let cut = with_cut(&fixed, change, 20.0);
        let stop = reversal + 3;
        let stopped = paused.run_variant_until(&cut, |weeks| weeks.len() >= stop as usize);
        let mut shorter = cut.clone();
        shorter.horizon_weeks = stop;
        assert_eq!(stopped.weeks.len(), stop as usize);
        assert_same(
            &stopped,
            &run_replication(&shorter, r),
            &format!("replication {r}: cut stopped at week {stop}"),
        );
        // The base paused at its reversal, a week found only as it runs.
        let (watched_base, watched) = Paused::run_watching(&s, r, &[change, layoff], |run| {
            reversal_week(change, run.decisions())
        });
        assert_same(
            &watched_base,
            &base,
            &format!("replication {r}: watched base"),
        );
        assert_eq!(
            watched.fork_week(&fixed),
            Some(reversal),
            "replication {r}: the held reversal forks at the reversal"
        );
        // A fork of a fork: the held reversal paused at its reversal week.
        let held = watched.variant(&fixed, &[reversal]);
        for lever in LEVERS.iter().filter(|l| {
            l.name == "recruiting_capacity"
                || l.name == "outsourcing_contract"
                || l.name == "retained_trainers"
        }) {
            let v = (lever.apply)(&s, &fixed, reversal).unwrap();
            assert_eq!(
                held.fork_week(&v),
                Some(reversal),
                "replication {r}: {}",
                lever.name
            );
            assert_same(
                &held.run_variant(&v),
                &run_replication(&v, r),
                &format!("replication {r}: {} from the reversal", lever.name),
            );
        }
    });
}

/// Two replication results serialise to the same bytes; otherwise says
/// where they first differ (the whole results are too long to print).
fn assert_same(
    a: &wfsim::analysis::ReplicationResult,
    b: &wfsim::analysis::ReplicationResult,
    what: &str,
) {
    let (x, y) = (
        serde_json::to_string(a).unwrap(),
        serde_json::to_string(b).unwrap(),
    );
    if x != y {
        let at = x
            .bytes()
            .zip(y.bytes())
            .position(|(p, q)| p != q)
            .unwrap_or(x.len().min(y.len()));
        let around = |s: &str| s[at.saturating_sub(60)..(at + 60).min(s.len())].to_string();
        panic!(
            "{what}: the results differ at byte {at}:\n{}\n{}",
            around(&x),
            around(&y)
        );
    }
}
