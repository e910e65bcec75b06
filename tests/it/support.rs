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

/// A workforce with nothing random in it (fixed time to hire and training, no
/// ramp-up, no attrition, evenly spaced arrivals, fixed handle time): 20 agents
/// serve a load of 9.2 erlangs; 15 are laid off in week 4, leaving too few; a
/// rehire in week 8 brings 15 new starters after 3 weeks' hiring and 2 weeks'
/// training, so service is back in week 13, exactly 5 weeks after the reversal.
pub const DEGENERATE_REVERSAL: &str = r#"
name = "degenerate-reversal"
horizon_weeks = 20
replications = 2
seed = 5
interval_minutes = 60

[demand]
contacts_per_week = 16800
arrival_process = "deterministic"

[[categories]]
name = "all"
share = 1.0
never_ai = true
human_handle_minutes = { distribution = "fixed", mean = 5.5 }
patience_minutes = { distribution = "fixed", mean = 2.0 }

[staffing]
fte = 20
paid_hours_per_week = 168
shrinkage = 0.0
concurrency = 1.0
roster = "flat"
answer_seconds = 60

[csat]
survey_response_rate = 1.0

[costs]
agent_cost_per_hour = 10

[workforce]
backfill = false
time_to_hire_weeks = { distribution = "fixed", mean = 3 }
recruiting_capacity_per_week = 100
cost_per_hire = 1000
training_weeks = 2
training_cost_per_trainee_week = 100
ramp_weeks = 0
returner_ramp_weeks = 0
severance_weeks = 2

[[decisions]]
week = 4
action = "layoff"
fte = 15
pools = ["proficient"]

[[decisions]]
week = 8
action = "rehire"
fte = 20
"#;

/// A shipped scenario by name, parsed.
pub fn shipped(name: &str) -> Scenario {
    let path = format!("{}/scenarios/{name}.toml", env!("CARGO_MANIFEST_DIR"));
    match scenario::load(std::path::Path::new(&path), &Limits::default()) {
        Ok(s) => s,
        Err(e) => panic!("{path} is invalid:\n{e}"),
    }
}

/// The scenario with demand and every headcount figure multiplied by
/// `factor` (`Scenario::scaled`): the same story at a size the test suite can
/// afford (queues of a few hundred agents behave like big ones).
pub fn scaled(s: &Scenario, factor: f64) -> Scenario {
    s.scaled(factor)
}
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

/// The relative paths of every file under `dir`, subfolders (plots/) included.
/// Names only: safe to poll while a run renames files.
pub fn names_under(dir: &std::path::Path) -> Vec<String> {
    fn walk(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if let Ok(name) = path.strip_prefix(root) {
                out.push(name.display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Every file under `dir` by relative path, with its bytes: what the
/// output-comparison tests compare (read once the writers have finished).
pub fn files_under(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    names_under(dir)
        .into_iter()
        .map(|name| {
            let bytes = std::fs::read(dir.join(&name)).unwrap();
            (name, bytes)
        })
        .collect()
}

/// Asserts that the outputs under `merged` are exactly those under `one`
/// (the same file names, every file byte for byte), and that `one` holds a
/// file starting with each of `must_have` (so an empty run cannot pass).
pub fn assert_same_outputs(
    one: &std::path::Path,
    merged: &std::path::Path,
    must_have: &[&str],
    what: &str,
) {
    let (expected, actual) = (files_under(one), files_under(merged));
    assert_eq!(
        expected.keys().collect::<Vec<_>>(),
        actual.keys().collect::<Vec<_>>(),
        "{what}: the merge writes exactly the files of the one-process command"
    );
    for prefix in must_have {
        assert!(
            expected.keys().any(|name| name.starts_with(prefix)),
            "{what}: no {prefix} in {:?}",
            expected.keys()
        );
    }
    for (name, bytes) in &expected {
        assert!(
            actual[name] == *bytes,
            "{what}: {name} differs between the one-process command and the merge"
        );
    }
}

/// A fresh empty folder for one test, named after it (`wfsim-NAME-XXXXXX`
/// under the system's temporary folder) and removed when dropped, even when
/// the test fails: keep the `TempDir` alive for as long as its path is used.
pub fn temp_dir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("wfsim-{name}-"))
        .tempdir()
        .expect("a temporary folder")
}

/// The README and every page under docs/, one after the other: what the
/// documentation says, wherever a section lives.
pub fn documentation() -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut text = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let mut pages: Vec<_> = std::fs::read_dir(format!("{root}/docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    for page in pages {
        text.push('\n');
        text.push_str(&std::fs::read_to_string(page).unwrap());
    }
    text
}
