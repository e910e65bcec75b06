//! Repeat memory and retrial timing (issue #17, item 2): a customer the AI
//! failed can be sent straight to a person when they come back, and each
//! kind of failure brings them back after its own delay.

use wfsim::analysis::contact_log::{contact_log, AiEnd};

use crate::support::parse;

/// Every contact goes to the AI first; a third of them it answers wrongly
/// or traps, and every failed customer comes back. People never fail
/// (no wrong answers, patience far beyond any wait), so every repeat is a
/// repeat of an AI failure.
fn scenario(to_human: f64) -> String {
    format!(
        r#"
name = "repeat-memory"
horizon_weeks = 3
warmup_weeks = 0
replications = 3
seed = 11

[demand]
contacts_per_week = 3000

[[categories]]
name = "all"
share = 1.0
ai_share = 1.0
ai_outcomes = {{ resolved = 0.6, escalated = 0.1, wrong_answer = 0.2, stuck = 0.1 }}
ai_handle_minutes = {{ distribution = "fixed", mean = 2.0 }}
human_handle_minutes = {{ distribution = "fixed", mean = 5.0 }}
patience_minutes = {{ distribution = "fixed", mean = 100000.0 }}

[escalation]
escape_hatch = false

[repeats]
probability_after_wrong_answer = 1.0
probability_after_abandoned = 1.0
probability_after_trapped = 1.0
delay_hours_after_wrong_answer = {{ distribution = "fixed", mean = 48.0 }}
delay_hours_after_trapped = {{ distribution = "fixed", mean = 1.0 }}
to_human_after_ai_failure = {to_human}

[staffing]
fte = 10
paid_hours_per_week = 168
shrinkage = 0.0

[costs]
agent_cost_per_hour = 30
"#
    )
}

fn totals(to_human: f64) -> (f64, f64, f64) {
    let r = wfsim::analysis::run(&parse(&scenario(to_human)), None).unwrap();
    let t = |m: &str| r.total(m).unwrap().mean;
    (t("new_contacts"), t("repeat_contacts"), t("ai_handled"))
}

#[test]
fn repeats_of_ai_failures_go_to_a_person_with_the_set_probability() {
    // All remembered: the AI sees each issue once, at its first contact.
    let (new, repeats, ai) = totals(1.0);
    assert!(repeats > 500.0, "the test needs repeats: {repeats}");
    assert_eq!(ai, new, "no repeat went back to the AI");
    // None remembered: every contact goes to the AI (the old behaviour).
    let (new, repeats, ai) = totals(0.0);
    assert_eq!(ai, new + repeats);
    // Half: the share of repeats sent to the AI is about a half. Per
    // replication ~1,700 repeats, so over 3 the standard error of the share
    // is ~0.007; 0.05 is seven of them.
    let (new, repeats, ai) = totals(0.5);
    let back_to_ai = (ai - new) / repeats;
    assert!((back_to_ai - 0.5).abs() < 0.05, "{back_to_ai}");
}

/// With fixed delays, every return comes exactly its outcome's delay after
/// the failed contact ended: 48 h after a wrong answer, 1 h after a trap.
#[test]
fn each_failure_brings_the_customer_back_after_its_own_delay() {
    let s = parse(&scenario(0.0));
    let weeks = 0..=2;
    let mut rows = contact_log(&s, &weeks);
    rows.sort_by(|a, b| {
        a.issue
            .cmp(&b.issue)
            .then(a.arrived_at.total_cmp(&b.arrived_at))
    });
    let mut seen = [0usize; 2];
    for pair in rows.windows(2) {
        let (first, next) = (&pair[0], &pair[1]);
        if first.issue != next.issue {
            continue;
        }
        let ended = first.arrived_at
            + first.ai.map_or(0.0, |(_, s)| s)
            + first
                .human
                .map_or(0.0, |(_, wait, handle)| wait + handle.unwrap_or(0.0));
        let gap = next.arrived_at - ended;
        let (expected, slot) = match (first.ai, first.human) {
            (Some((AiEnd::WrongAnswer, _)), None) => (48.0 * 3600.0, 0),
            (Some((AiEnd::Stuck, _)), None) => (3600.0, 1),
            other => panic!("only AI failures come back here: {other:?}"),
        };
        assert!((gap - expected).abs() < 1e-6, "{gap} after {:?}", first.ai);
        seen[slot] += 1;
    }
    assert!(seen.iter().all(|&n| n > 100), "{seen:?}");
}
