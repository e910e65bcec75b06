//! From the raw file to a checked `Scenario`: defaults, normalisation and every
//! cross-field rule, with *all* problems collected so a user fixes the file in
//! one pass. Each problem names its key path and says how to fix it.
//!
//! One checker per TOML table, each in its own module with its own tests;
//! `validate` calls them in a fixed order. That order is part of the output:
//! problems at the same place in the file are shown in the order found.

mod actions;
mod ai;
mod categories;
mod category_ai;
mod checker;
mod costs;
mod csat;
mod decisions;
mod demand;
mod escalation;
mod limits;
mod outsourcing;
mod pools;
mod repeats;
mod reversibility;
mod rules;
mod run;
mod staffing;
mod workforce;

pub use limits::Limits;

use self::actions::{ActionContext, AiKeys};
use self::checker::Checker;
use super::diagnostic::Problem;
use super::raw::RawScenario;
use super::uncertain;
use super::Scenario;

/// How far from 1 the parts of a whole (category shares, AI outcomes) may sum:
/// shares written to a few decimals rarely add up exactly.
const SUM_TOLERANCE: f64 = 1e-6;

/// Builds a checked `Scenario`, or returns every problem found.
pub fn validate(raw: &RawScenario, limits: &Limits) -> Result<Scenario, Vec<Problem>> {
    let mut c = Checker::new(limits);
    // A zero horizon is reported once, by `run`; every week elsewhere is then
    // measured against a one-week horizon instead of failing again.
    let horizon = raw.horizon_weeks.max(1);
    run::check(&mut c, raw);
    let demand = demand::check(
        &mut c,
        &raw.demand,
        run::simulated_weeks(raw),
        raw.replications,
    );
    // Before the categories, which name its triggers.
    let escalation = escalation::check(&mut c, &raw.escalation);
    let categories = categories::check(&mut c, &raw.categories, &escalation.triggers, horizon);
    let ai_learning = ai::check(&mut c, &raw.ai);
    let repeats = repeats::check(&mut c, &raw.repeats);
    let staffing = staffing::check(&mut c, &raw.staffing, horizon);
    let csat = csat::check(&mut c, &raw.csat);
    let costs = costs::check(&mut c, &raw.costs);
    let workforce = raw
        .workforce
        .as_ref()
        .map(|w| workforce::check(&mut c, w, &raw.staffing));
    let names: Vec<&str> = raw.categories.iter().map(|k| k.name.as_str()).collect();
    let ai_keys = raw
        .categories
        .iter()
        .map(|k| AiKeys {
            never_ai: k.never_ai,
            outcomes: k.ai_outcomes.is_some(),
            handle_minutes: k.ai_handle_minutes.is_some(),
        })
        .collect();
    let cx = ActionContext::new(&names, workforce.as_ref())
        .with_ai(ai_keys)
        .with_qa_sample(raw.ai.qa_sample_per_week);
    let decisions = decisions::check(&mut c, &raw.decisions, &cx, horizon);
    let rules = rules::check(&mut c, &raw.rules, &cx, horizon);
    let reversibility = reversibility::check(&mut c, raw.reversibility.as_ref(), horizon);
    let pools = pools::check(&mut c, &raw.pools, &names);
    let (uncertain, uncertain_problems) = uncertain::check(&raw.uncertain);
    c.extend(uncertain_problems);

    let problems = c.into_problems();
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Scenario {
        name: raw.name.clone(),
        description: raw.description.clone(),
        seed: raw.seed,
        horizon_weeks: raw.horizon_weeks,
        warmup_weeks: raw.warmup_weeks,
        replications: raw.replications,
        interval_minutes: raw.interval_minutes,
        demand,
        categories,
        ai_learning,
        escalation,
        repeats,
        staffing,
        csat,
        costs,
        workforce,
        decisions,
        rules,
        reversibility,
        pools,
        uncertain,
    })
}

#[cfg(test)]
mod tests {
    use super::checker::testing::raw;
    use super::*;

    const SOUND: &str = r#"
        name = "small"
        horizon_weeks = 26
        [demand]
        contacts_per_week = 5000
        [[categories]]
        name = "faq"
        share = 1.0
        ai_share = 0.5
        ai_outcomes = { resolved = 0.7, escalated = 0.2, wrong_answer = 0.05, stuck = 0.05 }
        ai_handle_minutes = { distribution = "lognormal", mean = 2.0, cv = 0.8 }
        human_handle_minutes = { distribution = "exponential", mean = 6.0 }
        [staffing]
        fte = 40
        [workforce]
        [[decisions]]
        week = 4
        action = "layoff"
        fte = 5
    "#;

    #[test]
    fn a_sound_file_becomes_a_scenario_with_every_table_checked() {
        let scenario = validate(&raw(SOUND), &Limits::default()).expect("sound");
        assert_eq!(scenario.horizon_weeks, 26);
        assert_eq!(scenario.categories[0].ai_rollout, vec![(0, 0.5)]);
        assert_eq!(
            scenario.workforce.as_ref().map(|w| w.initial_fte),
            Some(40.0)
        );
        assert_eq!(scenario.decisions.len(), 1);
    }

    #[test]
    fn problems_come_table_by_table_in_the_driver_s_order() {
        // One problem in each of four tables, written in the file in another
        // order than the driver checks them.
        let text = SOUND
            .replace("fte = 5\n", "fte = 5\n[costs]\nagent_cost_per_hour = -1\n")
            .replace("fte = 40", "fte = 40\nshrinkage = 1.0")
            .replace("contacts_per_week = 5000", "contacts_per_week = 0")
            .replace("horizon_weeks = 26", "horizon_weeks = 0");
        let problems = validate(&raw(&text), &Limits::default()).unwrap_err();
        let paths: Vec<&str> = problems.iter().map(|p| p.key_path.as_str()).collect();
        assert_eq!(
            paths,
            vec![
                "horizon_weeks",
                "demand.contacts_per_week",
                "staffing.shrinkage",
                "costs.agent_cost_per_hour",
                "decisions[0].week",
            ]
        );
    }

    #[test]
    fn a_zero_horizon_measures_weeks_against_one_week() {
        let text = SOUND.replace("horizon_weeks = 26", "horizon_weeks = 0");
        let problems = validate(&raw(&text), &Limits::default()).unwrap_err();
        assert_eq!(
            problems.last().map(|p| p.message.as_str()),
            Some("week 4 lies outside the horizon of 1 weeks (weeks count from 0)")
        );
    }
}
