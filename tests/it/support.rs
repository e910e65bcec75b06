use wfsim::scenario::{self, Limits, Scenario};

pub fn parse(text: &str) -> Scenario {
    match scenario::parse("test.toml", text, &Limits::default()) {
        Ok(s) => s,
        Err(e) => panic!("test scenario is invalid:\n{e}"),
    }
}

/// A small operation that exercises every path of the model: AI with all four
/// verdicts, a trigger, escape hatch off (so stuck customers are trapped),
/// abandonment, repeats, surveys, priorities and a staffing cut that overloads
/// the human queue.
pub const EVERY_PATH: &str = r#"
name = "every-path"
horizon_weeks = 3
replications = 4
seed = 11
interval_minutes = 30

[demand]
contacts_per_week = 20000
growth_per_year = 0.1
hourly_weights = [0.2,0.1,0.1,0.1,0.1,0.2,0.5,1,1.5,2,2,2,2,2,2,2,1.8,1.6,1.5,1.4,1.2,1,0.6,0.3]

[[categories]]
name = "order_status"
share = 0.6
ai_share = 0.5
ai_rollout = [{ from_week = 1, share = 0.9 }]
ai_outcomes = { resolved = 0.6, escalated = 0.2, wrong_answer = 0.1, stuck = 0.1 }
ai_handle_minutes = { distribution = "lognormal", mean = 2.0, cv = 0.8 }
human_handle_minutes = { distribution = "gamma", mean = 8.0, cv = 0.6 }
human_wrong_answer = 0.03
patience_minutes = { distribution = "exponential", mean = 4.0 }
wrong_answer_cost = 10.0
triggers = { hardship = 0.05 }

[[categories]]
name = "disputes"
share = 0.4
priority = 1
ai_share = 0.3
ai_outcomes = { resolved = 0.3, escalated = 0.3, wrong_answer = 0.2, stuck = 0.2 }
ai_handle_minutes = { distribution = "exponential", mean = 3.0 }
human_handle_minutes = { distribution = "lognormal", mean = 14.0, cv = 0.9 }
patience_minutes = { distribution = "lognormal", mean = 6.0, cv = 1.0 }
wrong_answer_cost = 40.0
triggers = { hardship = 0.2 }

[escalation]
escape_hatch = false
[[escalation.triggers]]
name = "hardship"
detection_accuracy = 0.7

[repeats]
probability_after_wrong_answer = 0.6
probability_after_abandoned = 0.5
probability_after_trapped = 0.8
delay_hours = { distribution = "exponential", mean = 12.0 }

[staffing]
schedule = [{ from_week = 0, fte = 90 }, { from_week = 2, fte = 45 }]
shrinkage = 0.3
concurrency = 2.0

[csat]
survey_response_rate = 0.2
survey_delay_days = 1

[costs]
agent_cost_per_hour = 30
ai_cost_per_conversation = 0.2
ai_cost_per_resolution = 0.5
"#;

/// The small rollout fixture (`tests/fixtures/small-rollout.toml`), run once
/// per test binary and shared: AI and a staffing cut in week 4, 60 weeks.
pub fn small_rollout() -> &'static (Scenario, wfsim::analysis::DetailedRun) {
    static RUN: std::sync::OnceLock<(Scenario, wfsim::analysis::DetailedRun)> =
        std::sync::OnceLock::new();
    RUN.get_or_init(|| {
        let s = scenario::load(std::path::Path::new(SMALL_ROLLOUT), &Limits::default())
            .unwrap_or_else(|e| panic!("{e}"));
        let run = wfsim::analysis::run_detailed(&s, None, &|| {}).unwrap();
        (s, run)
    })
}

pub const SMALL_ROLLOUT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/small-rollout.toml"
);
