use wfsim::analysis::{self, check_invariants, Counter};
use wfsim::scenario::{self, Limits};

use crate::support::{parse, DEGENERATE_REVERSAL, EVERY_PATH};

/// EVERY_PATH with a random pipeline: lognormal time to hire, attrition,
/// trainers, alumni, outsourcing, a layoff and a rule that rehires.
fn busy_pipeline() -> String {
    EVERY_PATH
        .replace(
            "schedule = [{ from_week = 0, fte = 90 }, { from_week = 2, fte = 45 }]",
            "fte = 90",
        )
        .replace("horizon_weeks = 3", "horizon_weeks = 12")
        + r#"
[workforce]
time_to_hire_weeks = { distribution = "lognormal", mean = 2.0, cv = 0.8 }
recruiting_capacity_per_week = 6
trainers = 3
trainees_per_trainer = 4
training_weeks = 2
ramp_weeks = 3
attrition_per_year = 0.5
new_hire_attrition_per_year = 0.9
alumni_return_share = 0.5
cost_per_hire = 100
severance_weeks = 2

[workforce.outsourcing]
lead_time_weeks = 1
capacity_fte = 20
cost_per_hour = 40
error_multiplier = 2.0
csat_multiplier = 0.9

[[decisions]]
week = 2
action = "layoff"
fte = 55
pools = ["ramping", "proficient", "trainers"]

[[rules]]
name = "slow-service"
signal = "service_level"
below = 0.8
consecutive_weeks = 1
actions = [{ action = "rehire", fte = 95 }, { action = "start_outsourcing" }]
"#
}

#[test]
fn people_are_conserved_every_week_of_every_replication() {
    let s = parse(&busy_pipeline());
    let mut moved = [0.0; 4];
    for replication in 0..s.replications {
        let r = analysis::run_replication(&s, replication);
        check_invariants(&r, s.seed).expect("contacts and people are conserved");
        let mut present = 90.0;
        for (week, w) in r.weeks.iter().enumerate() {
            let joined = w[Counter::Hired as usize] + w[Counter::Rehired as usize];
            let left = w[Counter::Attrition as usize] + w[Counter::LaidOff as usize];
            present += joined - left;
            assert_eq!(
                w[Counter::Fte as usize],
                present,
                "replication {replication} week {week}"
            );
            let pools = [
                Counter::WaitingForClass,
                Counter::InTraining,
                Counter::Ramping,
                Counter::Proficient,
                Counter::Trainers,
            ]
            .iter()
            .map(|c| w[*c as usize])
            .sum::<f64>();
            assert_eq!(pools, present, "pools add up, week {week}");
        }
        let t = r.total_counters();
        for (i, c) in [
            Counter::Hired,
            Counter::Rehired,
            Counter::Attrition,
            Counter::LaidOff,
        ]
        .iter()
        .enumerate()
        {
            moved[i] += t[*c as usize];
        }
    }
    assert!(
        moved.iter().all(|m| *m > 0.0),
        "every movement must happen: {moved:?}"
    );
}

#[test]
fn a_broken_headcount_is_reported_as_an_internal_error_naming_replication_and_seed() {
    let s = parse(&busy_pipeline());
    let mut r = analysis::run_replication(&s, 1);
    r.weeks[5][Counter::Hired as usize] += 1.0;
    let e = check_invariants(&r, s.seed).expect_err("a person appeared from nowhere");
    let message = e.to_string();
    assert!(
        message.contains("replication 1")
            && message.contains("seed 11")
            && message.contains("week 5"),
        "{message}"
    );
}

#[test]
fn every_decision_is_logged_with_its_week_and_source() {
    let s = parse(&busy_pipeline());
    let r = analysis::run_replication(&s, 0);
    let log: Vec<(u32, &str, &str)> = r
        .decisions
        .iter()
        .map(|d| (d.week, d.source.as_str(), d.action.as_str()))
        .collect();
    assert!(log.contains(&(1, "rollout", "set_ai_share")), "{log:?}");
    assert!(log.contains(&(2, "planned", "layoff")), "{log:?}");
    let rule = r
        .decisions
        .iter()
        .find(|d| d.source == "rule")
        .expect("the rule fired");
    assert_eq!(rule.rule, "slow-service");
    assert!(rule.week > 2 && rule.reversal);
    // The rule acts the week after the one it judged: that week's service level breached.
    let judged = &r.weeks[rule.week as usize - 1];
    let sl = judged[Counter::AnsweredWithinTarget as usize]
        / (judged[Counter::Answered as usize] + judged[Counter::AbandonedInQueue as usize]);
    assert!(sl < 0.8, "week {} service level {sl}", rule.week - 1);
    // Outsourcing starts after its one-week lead time.
    let w = &r.weeks[rule.week as usize + 1];
    assert_eq!(w[Counter::OutsourcedFte as usize], 20.0);
}

#[test]
fn the_run_writes_the_decision_log() {
    let dir = std::env::temp_dir().join(format!("wfsim-decisions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("degenerate.toml");
    std::fs::write(&file, DEGENERATE_REVERSAL).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_wfsim"))
        .args(["run", "--quiet", "--out"])
        .arg(dir.join("out"))
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = std::fs::read_to_string(dir.join("out/decisions.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "replication,week,source,rule,action,category,value,reversal"
    );
    assert!(lines.contains(&"0,4,planned,,layoff,,15,false"), "{csv}");
    assert!(lines.contains(&"1,8,planned,,rehire,,20,true"), "{csv}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn policy_tables_report_every_problem_at_its_line() {
    let text = DEGENERATE_REVERSAL.to_string()
        + r#"
[[decisions]]
week = 40
action = "route_to_humans"
category = "billing"

[[rules]]
name = "alarm"
signal = "csat_measured"
below = 1.5
actions = [{ action = "layoff" }]
"#;
    let e = scenario::parse("policy.toml", &text, &Limits::default()).expect_err("invalid");
    let message = e.to_string();
    for fragment in [
        "decisions[2].week: week 40 lies outside the horizon of 20 weeks",
        "decisions[2].category: names no category (got \"billing\")",
        "help: use one of: all",
        "rules[0].below: must be a probability between 0 and 1 (got 1.5)",
        "rules[0].actions[0]: needs fte, the number of people let go",
    ] {
        assert!(
            message.contains(fragment),
            "missing {fragment:?} in:\n{message}"
        );
    }
    assert!(message.contains("policy.toml:"), "{message}");
}

#[test]
fn workforce_actions_need_a_workforce() {
    let text = EVERY_PATH.to_string()
        + r#"
[[decisions]]
week = 1
action = "hiring_freeze"
"#;
    let e = scenario::parse("x.toml", &text, &Limits::default()).expect_err("invalid");
    assert!(e.to_string().contains("needs a [workforce] table"), "{e}");
}
