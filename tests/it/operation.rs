//! The operation as a planner knows it (issue #17, items 3, 4, 6, 7, 8):
//! perceived against true satisfaction, the hard residue of hand-overs and
//! the slowdown of concurrent chats, a platform fee, a phased partial
//! reversal with a human exit, and detection by a QA sample and by a drop
//! from a trailing baseline. Each test holds a hand-computed expectation.

use wfsim::analysis::metrics::metric_index;
use wfsim::analysis::run_replication;

use crate::support::parse;

/// One category, `ai` to the AI, fixed times, no repeats and infinite
/// patience unless `extra` (appended to the file) says otherwise.
fn scenario(ai_outcomes: &str, extra: &str) -> String {
    format!(
        r#"
name = "operation"
horizon_weeks = 6
warmup_weeks = 0
replications = 3
seed = 5

[demand]
contacts_per_week = 6000

[[categories]]
name = "a"
share = 0.5
ai_share = 1.0
ai_outcomes = {ai_outcomes}
ai_handle_minutes = {{ distribution = "fixed", mean = 2.0 }}
human_handle_minutes = {{ distribution = "fixed", mean = 4.0 }}

[[categories]]
name = "b"
share = 0.5
ai_share = 1.0
ai_outcomes = {ai_outcomes}
ai_handle_minutes = {{ distribution = "fixed", mean = 2.0 }}
human_handle_minutes = {{ distribution = "fixed", mean = 4.0 }}

[staffing]
fte = 40
paid_hours_per_week = 168
shrinkage = 0.0

[costs]
agent_cost_per_hour = 30
{extra}
"#
    )
}

fn total(text: &str, metric: &str) -> f64 {
    let r = wfsim::analysis::run(&parse(text), None).unwrap();
    r.total(metric).unwrap().mean
}

/// `metric` in each week of replication 1.
fn weekly(text: &str, metric: &str) -> Vec<f64> {
    let r = run_replication(&parse(text), 1);
    let m = metric_index(metric).unwrap();
    (0..r.weeks.len()).map(|w| r.week_values(w)[m]).collect()
}

const ALL_WRONG: &str = "{ resolved = 0.0, escalated = 0.0, wrong_answer = 1.0, stuck = 0.0 }";

/// Log-odds +3 for a resolution (95.26 %) and -3 for a wrong answer
/// (4.74 %); everyone answers the survey at once.
fn perception(share: f64) -> String {
    scenario(
        ALL_WRONG,
        &format!(
            "[csat]\nbase_log_odds = {{ resolved_ai = 3.0, resolved_human = 3.0, wrong_answer_ai = -3.0, wrong_answer_human = -3.0, abandoned = -1.0, trapped = -2.0 }}\nsurvey_response_rate = 1.0\nsurvey_delay_days = 0\nwrong_answer_perceived_resolved = {share}\n"
        ),
    )
}

#[test]
fn surveys_score_what_customers_believe_and_csat_true_what_happened() {
    let p = |l: f64| 1.0 / (1.0 + (-l).exp());
    // Every contact is a wrong answer with no wait, so csat_true is the
    // wrong answer's probability exactly, whatever customers believe.
    for share in [0.0, 0.6] {
        let text = perception(share);
        let truth = total(&text, "csat_true");
        assert!((truth - p(-3.0)).abs() < 1e-9, "{share}: {truth}");
        // 0.6 believe it resolved: 0.6 x 95.26 % + 0.4 x 4.74 % = 59.05 %.
        // ~36,000 answers over 3 replications: a standard error of ~0.003,
        // so 0.015 is five of them.
        let measured = total(&text, "csat_measured");
        let expected = share * p(3.0) + (1.0 - share) * p(-3.0);
        assert!((measured - expected).abs() < 0.015, "{share}: {measured}");
    }
}

#[test]
fn hand_overs_carry_their_residue_and_concurrent_chats_slow_each_other() {
    let all_escalated = "{ resolved = 0.0, escalated = 1.0, wrong_answer = 0.0, stuck = 0.0 }";
    let base = scenario(all_escalated, "");
    assert!((total(&base, "human_handle_minutes") - 4.0).abs() < 1e-9);
    // Every contact is handed over: 4 min x 1.5 = 6 min.
    let residue = base.replacen(
        "human_handle_minutes = { distribution = \"fixed\", mean = 4.0 }",
        "human_handle_minutes = { distribution = \"fixed\", mean = 4.0 }\nescalated_handle_factor = 1.5",
        1,
    );
    // The mean over both categories weighs them by their contacts, each
    // about half of ~108,000: a share's standard error is ~0.0015, so the
    // mean's is ~2 min x 0.0015 = 0.003; 0.05 is over fifteen of them.
    assert!((total(&residue, "human_handle_minutes") - (4.0 + 6.0) / 2.0).abs() < 0.05);
    // Two chats at once, each 20 % slower per extra chat: 4 x 1.2 = 4.8 min.
    let concurrent = base.replace(
        "shrinkage = 0.0",
        "shrinkage = 0.0\nconcurrency = 2\nhandle_factor_per_extra_chat = 0.2",
    );
    assert!((total(&concurrent, "human_handle_minutes") - 4.8).abs() < 1e-9);
}

#[test]
fn the_platform_fee_is_charged_in_every_week_the_ai_takes_contacts() {
    // 5,200 a month is 1,200 a week; conversations cost nothing here.
    let fee = "ai_platform_cost_per_month = 5200";
    let text = scenario(ALL_WRONG, "").replace("agent_cost_per_hour = 30", fee);
    assert_eq!(total(&text, "cost_ai"), 6.0 * 1200.0);
    // The AI starts in week 2 in both categories: four weeks' fee.
    let late = text.replace(
        "ai_share = 1.0",
        "ai_rollout = [{ from_week = 0, share = 0.0 }, { from_week = 2, share = 1.0 }]",
    );
    assert_eq!(total(&late, "cost_ai"), 4.0 * 1200.0);
}

#[test]
fn a_vendor_bills_the_wrong_answers_it_counts_as_resolutions() {
    // Every AI conversation is a wrong answer at 1 a resolution: an own
    // build (the default) pays nothing for them, a vendor billing assumed
    // resolutions pays one for each.
    let base =
        scenario(ALL_WRONG, "").replace("agent_cost_per_hour = 30", "ai_cost_per_resolution = 1.0");
    assert_eq!(total(&base, "cost_ai"), 0.0);
    let vendor = base.replace(
        "ai_cost_per_resolution = 1.0",
        "ai_cost_per_resolution = 1.0\nai_resolution_billing = \"answered\"",
    );
    let wrong = total(&vendor, "ai_wrong_answer");
    assert!(wrong > 30_000.0, "{wrong}");
    assert_eq!(total(&vendor, "cost_ai"), wrong);
}

#[test]
fn a_phased_reversal_steps_the_chosen_categories_down_and_opens_the_exit() {
    // The AI traps a fifth of its customers (no exit). In week 1, category
    // "a" is phased back to people over 4 weeks with the exit opened: its
    // AI share falls 0.75, 0.5, 0.25, 0 in weeks 1-4; "b" keeps the AI.
    let outcomes = "{ resolved = 0.8, escalated = 0.0, wrong_answer = 0.0, stuck = 0.2 }";
    let text = scenario(
        outcomes,
        "[escalation]\nescape_hatch = false\n\n[[decisions]]\nweek = 1\naction = \"phase_to_humans\"\ncategories = [\"a\"]\nover_weeks = 4\nhuman_exit = true\n",
    );
    let share = weekly(&text, "ai_share");
    // Category a is half the contacts: the AI's share is (1 + a's) / 2.
    // ~6,000 contacts a week: a standard error under 0.006; 0.03 is five.
    for (week, a) in [(0, 1.0), (1, 0.75), (2, 0.5), (3, 0.25), (4, 0.0), (5, 0.0)] {
        let expected = (1.0 + a) / 2.0;
        assert!(
            (share[week] - expected).abs() < 0.03,
            "week {week}: {}",
            share[week]
        );
    }
    // Trapped in week 0 (a fifth of ~6,000); from week 1, when the exit
    // opened, only conversations begun in week 0's last 2 minutes (~0.2
    // expected), and nobody from week 2.
    let trapped = weekly(&text, "trapped");
    assert!(trapped[0] > 1000.0, "{trapped:?}");
    assert!(trapped[1] <= 5.0, "{trapped:?}");
    assert!(trapped[2..].iter().all(|t| *t == 0.0), "{trapped:?}");
    let r = run_replication(&parse(&text), 1);
    let d = r
        .decisions
        .iter()
        .find(|d| d.action == "phase_to_humans")
        .unwrap();
    assert_eq!((d.week, d.category.as_str(), d.reversal), (1, "a", true));
}

/// The AI answers `wrong` of its conversations wrongly; a QA review of 400
/// a week fires a rule above 20 %.
fn qa(wrong: f64) -> String {
    let resolved = 1.0 - wrong;
    scenario(
        &format!("{{ resolved = {resolved}, escalated = 0.0, wrong_answer = {wrong}, stuck = 0.0 }}"),
        "[ai]\nqa_sample_per_week = 400\n\n[[rules]]\nname = \"qa-alarm\"\nsignal = \"ai_error_rate_qa\"\nabove = 0.2\nconsecutive_weeks = 1\nactions = [{ action = \"route_to_humans\", category = \"all\" }]\n",
    )
}

#[test]
fn a_weekly_qa_sample_measures_the_ai_error_rate_and_can_fire_a_rule() {
    // 30 % wrong: a sample of 400 reads above 20 % with z ~ 4.4 (fires in
    // week 0, acts in week 1). 10 %: it reads above 20 % with z ~ 6.7
    // (never, at these seeds or any likely one).
    let fired = |wrong: f64| {
        let r = run_replication(&parse(&qa(wrong)), 1);
        r.decisions
            .iter()
            .filter(|d| d.rule == "qa-alarm")
            .map(|d| d.week)
            .collect::<Vec<_>>()
    };
    assert_eq!(fired(0.3), vec![1]);
    assert!(fired(0.1).is_empty());
    // Without a review, a rule on the signal is refused.
    let text = qa(0.3).replace("qa_sample_per_week = 400", "");
    let limits = wfsim::scenario::Limits::default();
    let err = wfsim::scenario::parse("s.toml", &text, &limits).unwrap_err();
    assert!(
        err.to_string().contains("rules[0].signal")
            && err.to_string().contains("qa_sample_per_week"),
        "{err}"
    );
}

#[test]
fn a_rule_against_a_trailing_baseline_fires_on_a_drop_an_absolute_rule_misses() {
    // 5 agents serve a load of 2.4 Erlangs until week 3, when 2 go: the
    // service level falls from ~1 to well under it. A rule on a 10-point
    // drop from the 3 weeks before fires in week 3 and acts in week 4; an
    // absolute rule at 10 % never fires (the level stays far above it).
    let text = scenario(
        "{ resolved = 0.0, escalated = 1.0, wrong_answer = 0.0, stuck = 0.0 }",
        "[[rules]]\nname = \"sl-drop\"\nsignal = \"service_level\"\nbelow = -0.1\nrelative_to_trailing_weeks = 3\nconsecutive_weeks = 1\nactions = [{ action = \"route_to_humans\", category = \"all\" }]\n\n[[rules]]\nname = \"sl-floor\"\nsignal = \"service_level\"\nbelow = 0.1\nconsecutive_weeks = 1\nactions = [{ action = \"route_to_humans\", category = \"all\" }]\n",
    )
    .replace(
        "fte = 40",
        "schedule = [{ from_week = 0, fte = 5 }, { from_week = 3, fte = 3 }]",
    );
    let sl = weekly(&text, "service_level");
    assert!(sl[2] - sl[3] > 0.1, "the test needs a drop: {sl:?}");
    let r = run_replication(&parse(&text), 1);
    let fired: Vec<(String, u32)> = r
        .decisions
        .iter()
        .filter(|d| d.source == "rule")
        .map(|d| (d.rule.clone(), d.week))
        .collect();
    assert_eq!(fired, vec![("sl-drop".to_string(), 4)], "{sl:?}");
}

/// 1,000 agents, a flat roster and demand far beyond them (everyone busy
/// all week, occupancy 1), nobody hired and no base turnover.
fn overloaded(load: &str) -> String {
    format!(
        r#"
name = "overloaded"
horizon_weeks = 9
warmup_weeks = 0
replications = 4
seed = 3
interval_minutes = 60

[demand]
contacts_per_week = 300000

[[categories]]
name = "all"
share = 1.0
never_ai = true
human_handle_minutes = {{ distribution = "fixed", mean = 60.0 }}
patience_minutes = {{ distribution = "fixed", mean = 1.0 }}

[staffing]
fte = 1000
paid_hours_per_week = 168
shrinkage = 0.3
roster = "flat"

[costs]
agent_cost_per_hour = 10

[workforce]
backfill = false
time_to_hire_weeks = {{ distribution = "fixed", mean = 3 }}
recruiting_capacity_per_week = 100
training_weeks = 2
ramp_weeks = 0
{load}
"#
    )
}

#[test]
fn sustained_overload_wears_people_out_through_turnover_and_absence() {
    // Without the feedback nobody leaves.
    assert_eq!(total(&overloaded(""), "attrition"), 0.0);
    // Occupancy 1 is 10 points over 0.9: 0.05 a point adds a turnover of 0.5
    // a year, so over weeks 1-8 (week 0 has no load behind it yet) the
    // expected leavers are 1,000 (1 - e^(-0.5 x 8/52)) = 74.0, binomial
    // standard deviation ~8.3 per replication, ~4.2 over 4; 15 is 3.6 of them.
    let turnover = "[workforce.load]\noccupancy_threshold = 0.9\nextra_attrition_per_point = 0.05";
    let left = total(&overloaded(turnover), "attrition");
    assert!((left - 74.0).abs() < 15.0, "{left}");
    // Absence: 0.005 a point takes 5 % of paid time from the 70 % left
    // after shrinkage: slots fall by 0.05 / 0.7 = 7.1 % from week 1.
    let absence = "[workforce.load]\noccupancy_threshold = 0.9\nextra_absence_per_point = 0.005";
    let slots = weekly(&overloaded(absence), "slots_on_shift");
    let ratio = slots[1] / slots[0];
    assert!((ratio - (0.65 / 0.7)).abs() < 0.002, "{slots:?}");
}

#[test]
fn overtime_adds_paid_hours_at_a_premium_for_its_weeks() {
    // 40 agents, 168 paid hours at 30: 201,600 a week. Overtime of a fifth
    // at time and a half in weeks 2-3 adds 40 x 0.2 x 168 x 30 x 1.5 = 60,480
    // and a fifth more slots.
    let text = scenario(
        ALL_WRONG,
        "[[decisions]]\nweek = 2\naction = \"overtime\"\nshare = 0.2\npremium = 0.5\nweeks = 2\n",
    )
    .replace("ai_share = 1.0", "ai_share = 0.0");
    let cost = weekly(&text, "cost_human");
    assert_eq!(cost[1], 201_600.0);
    assert_eq!(cost[2], 201_600.0 + 60_480.0);
    assert_eq!(cost[3], 201_600.0 + 60_480.0);
    assert_eq!(cost[4], 201_600.0);
    let slots = weekly(&text, "slots_on_shift");
    assert!((slots[2] / slots[1] - 1.2).abs() < 0.01, "{slots:?}");
    assert!((slots[4] / slots[1] - 1.0).abs() < 1e-9, "{slots:?}");
}
