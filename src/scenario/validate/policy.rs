//! Checks of the people-and-decisions tables, with every problem collected by
//! the same `Checker` as the rest of the scenario.

use super::checker::Checker;
use super::Limits;
use crate::scenario::policy::{
    Action, Breach, Decision, Outsourcing, Pool, ReversibilitySettings, Rule, Signal, Workforce,
};
use crate::scenario::raw::RawScenario;
use crate::scenario::raw_policy::{RawAction, RawActionKind, RawPool, RawSignal, RawWorkforce};

/// The checked people-and-decisions part of a scenario.
pub(super) struct PolicyParts {
    pub workforce: Option<Workforce>,
    pub decisions: Vec<Decision>,
    pub rules: Vec<Rule>,
    pub reversibility: ReversibilitySettings,
}

pub(super) fn check(c: &mut Checker, raw: &RawScenario, limits: &Limits) -> PolicyParts {
    let horizon = raw.horizon_weeks.max(1);
    let workforce = raw
        .workforce
        .as_ref()
        .map(|w| check_workforce(c, w, raw, limits));
    let names: Vec<&str> = raw.categories.iter().map(|c| c.name.as_str()).collect();
    let context = ActionContext {
        categories: &names,
        has_workforce: workforce.is_some(),
        has_outsourcing: workforce.as_ref().is_some_and(|w| w.outsourcing.is_some()),
        initial_fte: workforce.as_ref().map_or(0.0, |w| w.initial_fte),
        limits,
    };
    let mut decisions = Vec::new();
    for (i, d) in raw.decisions.iter().enumerate() {
        let path = format!("decisions[{i}]");
        let week = match d.week {
            Some(week) => {
                c.week_in_horizon(&format!("{path}.week"), week, horizon);
                week
            }
            None => {
                c.push(
                    &path,
                    "needs week, the week the decision takes effect".into(),
                    "add e.g. week = 8",
                );
                0
            }
        };
        if let Some(action) = check_action(c, &path, d, &context) {
            decisions.push(Decision { week, action });
        }
    }
    decisions.sort_by_key(|d| d.week);

    let mut rules = Vec::new();
    for (i, r) in raw.rules.iter().enumerate() {
        let path = format!("rules[{i}]");
        if r.name.trim().is_empty() {
            c.push(
                format!("{path}.name"),
                "must not be empty".into(),
                "name the rule, e.g. name = \"csat-alarm\"",
            );
        }
        if raw.rules[..i].iter().any(|o| o.name == r.name) {
            c.push(
                format!("{path}.name"),
                format!("repeats the rule name {:?}", r.name),
                "give every rule its own name; decisions.csv refers to rules by name",
            );
        }
        let signal = match r.signal {
            RawSignal::CsatMeasured => Signal::CsatMeasured,
            RawSignal::ServiceLevel => Signal::ServiceLevel,
            RawSignal::AbandonRate => Signal::AbandonRate,
            RawSignal::RepeatShare => Signal::RepeatShare,
            RawSignal::Backlog => Signal::Backlog,
        };
        let breach = match (r.below, r.above) {
            (Some(t), None) => Some(Breach::Below(t)),
            (None, Some(t)) => Some(Breach::Above(t)),
            (Some(_), Some(_)) => {
                c.push(
                    &path,
                    "has both below and above".into(),
                    "a rule watches one side: keep below (fires when the signal falls under it) or above",
                );
                None
            }
            (None, None) => {
                c.push(
                    &path,
                    "needs a threshold: below or above".into(),
                    "add e.g. below = 0.75 for CSAT, or above = 0.05 for the abandon rate",
                );
                None
            }
        };
        if let Some(b) = breach {
            let key = if r.below.is_some() { "below" } else { "above" };
            let key = format!("{path}.{key}");
            if signal == Signal::Backlog {
                c.non_negative(&key, b.threshold());
            } else {
                c.probability(&key, b.threshold());
            }
        }
        if r.consecutive_weeks == 0 {
            c.push(
                format!("{path}.consecutive_weeks"),
                "must be at least 1 (got 0)".into(),
                "1 acts on the first breaching week; 2 or 3 ignores a single noisy week",
            );
        }
        if r.max_fires == 0 {
            c.push(
                format!("{path}.max_fires"),
                "must be at least 1 (got 0)".into(),
                "remove the rule to switch it off",
            );
        }
        c.week_in_horizon(&format!("{path}.from_week"), r.from_week, horizon);
        if r.actions.is_empty() {
            c.push(
                format!("{path}.actions"),
                "is empty".into(),
                "add e.g. actions = [{ action = \"route_to_humans\" }]",
            );
        }
        let mut actions = Vec::new();
        for (j, a) in r.actions.iter().enumerate() {
            let apath = format!("{path}.actions[{j}]");
            if let Some(week) = a.week {
                c.push(
                    format!("{apath}.week"),
                    format!("does not apply to a rule's action (got {week})"),
                    "a rule acts in the week after it fires; remove week",
                );
            }
            if let Some(action) = check_action(c, &apath, a, &context) {
                actions.push(action);
            }
        }
        if let Some(breach) = breach {
            rules.push(Rule {
                name: r.name.clone(),
                signal,
                breach,
                consecutive_weeks: r.consecutive_weeks,
                cooldown_weeks: r.cooldown_weeks,
                max_fires: r.max_fires,
                from_week: r.from_week,
                actions,
            });
        }
    }

    let mut reversibility = ReversibilitySettings::default();
    if let Some(rv) = &raw.reversibility {
        if let Some(week) = rv.change_week {
            c.week_in_horizon("reversibility.change_week", week, horizon);
            reversibility.change_week = Some(week);
        }
        if let Some(weeks) = rv.baseline_weeks {
            if weeks == 0 {
                c.push(
                    "reversibility.baseline_weeks",
                    "must be at least 1 (got 0)".into(),
                    "average a few weeks before the change, e.g. 4",
                );
            }
            reversibility.baseline_weeks = weeks;
        }
        if let Some(tolerance) = rv.csat_tolerance {
            c.probability("reversibility.csat_tolerance", tolerance);
            reversibility.csat_tolerance = tolerance;
        }
        if let Some(tolerance) = rv.service_level_tolerance {
            c.probability("reversibility.service_level_tolerance", tolerance);
            reversibility.service_level_tolerance = tolerance;
        }
        if let Some(k) = rv.consecutive_weeks {
            if k == 0 {
                c.push(
                    "reversibility.consecutive_weeks",
                    "must be at least 1 (got 0)".into(),
                    "e.g. 4: recovered means four good weeks in a row",
                );
            }
            reversibility.consecutive_weeks = k;
        }
        if let Some(window) = rv.window_weeks {
            if window == 0 {
                c.push(
                    "reversibility.window_weeks",
                    "must be at least 1 (got 0)".into(),
                    "e.g. 12: the weeks a recovery may take",
                );
            }
            reversibility.window_weeks = window;
        }
    }
    PolicyParts {
        workforce,
        decisions,
        rules,
        reversibility,
    }
}

fn check_workforce(
    c: &mut Checker,
    w: &RawWorkforce,
    raw: &RawScenario,
    limits: &Limits,
) -> Workforce {
    let initial_fte = match (raw.staffing.fte, raw.staffing.schedule.is_empty()) {
        (Some(fte), true) => fte,
        _ => {
            c.push(
                "workforce",
                "needs a constant staffing.fte as the starting headcount, not a schedule".into(),
                "with [workforce] the headcount comes from the pipeline and decisions: replace staffing.schedule by staffing.fte = <headcount at week 0>",
            );
            0.0
        }
    };
    let target_fte = w.target_fte.unwrap_or(initial_fte);
    c.non_negative("workforce.target_fte", target_fte);
    c.at_most("workforce.target_fte", target_fte, limits.max_fte);
    let time_to_hire_weeks = c.duration("workforce.time_to_hire_weeks", &w.time_to_hire_weeks);
    c.at_most(
        "workforce.time_to_hire_weeks.mean",
        time_to_hire_weeks.mean,
        520.0,
    );
    c.positive(
        "workforce.recruiting_capacity_per_week",
        w.recruiting_capacity_per_week,
    );
    let capacity = w.recruiting_capacity_per_week;
    // The pipeline rounds headcounts to whole people (`model::workforce::whole`).
    if capacity > 0.0 && capacity.round() == 0.0 {
        c.push(
            "workforce.recruiting_capacity_per_week",
            format!("rounds to 0 people a week, so nobody is ever hired (got {capacity})"),
            "people start in whole numbers: use at least 1",
        );
    }
    c.non_negative("workforce.cost_per_hire", w.cost_per_hire);
    if let Some(trainers) = w.trainers {
        c.non_negative("workforce.trainers", trainers);
        if trainers >= 0.0 && trainers.round() == 0.0 {
            c.push(
                "workforce.trainers",
                format!("rounds to 0 trainers, so no training class ever starts (got {trainers})"),
                "use at least 1, or remove trainers for classes never short of trainers",
            );
        }
        if trainers.is_finite() && trainers > initial_fte {
            c.push(
                "workforce.trainers",
                format!("is more than the starting headcount {initial_fte} (got {trainers})"),
                "trainers are senior agents counted in staffing.fte; use at most that many",
            );
        }
    }
    c.positive("workforce.trainees_per_trainer", w.trainees_per_trainer);
    c.non_negative(
        "workforce.training_cost_per_trainee_week",
        w.training_cost_per_trainee_week,
    );
    for (key, weeks) in [
        ("training_weeks", w.training_weeks),
        ("ramp_weeks", w.ramp_weeks),
        ("returner_training_weeks", w.returner_training_weeks),
        ("returner_ramp_weeks", w.returner_ramp_weeks),
    ] {
        if weeks > 104 {
            c.push(
                format!("workforce.{key}"),
                format!("is longer than two years (got {weeks})"),
                "training and ramp-up take weeks, not years",
            );
        }
    }
    c.probability(
        "workforce.ramp_start_productivity",
        w.ramp_start_productivity,
    );
    c.probability("workforce.attrition_per_year", w.attrition_per_year);
    let new_hire_attrition = w
        .new_hire_attrition_per_year
        .unwrap_or(w.attrition_per_year);
    c.probability("workforce.new_hire_attrition_per_year", new_hire_attrition);
    c.non_negative("workforce.severance_weeks", w.severance_weeks);
    c.probability("workforce.alumni_return_share", w.alumni_return_share);
    c.positive("workforce.alumni_half_life_weeks", w.alumni_half_life_weeks);
    let outsourcing = w.outsourcing.as_ref().map(|o| {
        c.non_negative("workforce.outsourcing.capacity_fte", o.capacity_fte);
        c.at_most(
            "workforce.outsourcing.capacity_fte",
            o.capacity_fte,
            limits.max_fte,
        );
        c.non_negative("workforce.outsourcing.cost_per_hour", o.cost_per_hour);
        c.non_negative("workforce.outsourcing.error_multiplier", o.error_multiplier);
        if o.csat_multiplier.is_finite() && !(0.0..=1.5).contains(&o.csat_multiplier) {
            c.push(
                "workforce.outsourcing.csat_multiplier",
                format!("must be between 0 and 1.5 (got {})", o.csat_multiplier),
                "it multiplies the chance a customer is satisfied; 0.9 means 10 % fewer satisfied",
            );
        }
        c.finite("workforce.outsourcing.csat_multiplier", o.csat_multiplier);
        Outsourcing {
            lead_time_weeks: o.lead_time_weeks,
            capacity_fte: o.capacity_fte,
            cost_per_hour: o.cost_per_hour,
            error_multiplier: o.error_multiplier,
            csat_multiplier: o.csat_multiplier,
        }
    });
    Workforce {
        initial_fte,
        target_fte,
        backfill: w.backfill,
        time_to_hire_weeks,
        recruiting_capacity_per_week: w.recruiting_capacity_per_week,
        cost_per_hire: w.cost_per_hire,
        training_weeks: w.training_weeks,
        trainers: w.trainers,
        trainees_per_trainer: w.trainees_per_trainer,
        training_cost_per_trainee_week: w.training_cost_per_trainee_week,
        ramp_weeks: w.ramp_weeks,
        ramp_start_productivity: w.ramp_start_productivity,
        attrition_per_year: w.attrition_per_year,
        new_hire_attrition_per_year: new_hire_attrition,
        severance_weeks: w.severance_weeks,
        alumni_return_share: w.alumni_return_share,
        alumni_half_life_weeks: w.alumni_half_life_weeks,
        returner_training_weeks: w.returner_training_weeks,
        returner_ramp_weeks: w.returner_ramp_weeks,
        outsourcing,
    }
}

struct ActionContext<'a> {
    categories: &'a [&'a str],
    has_workforce: bool,
    has_outsourcing: bool,
    initial_fte: f64,
    limits: &'a Limits,
}

/// Checks one action's keys against what its kind needs.
fn check_action(
    c: &mut Checker,
    path: &str,
    a: &RawAction,
    cx: &ActionContext<'_>,
) -> Option<Action> {
    use RawActionKind as K;
    let needs_category = matches!(a.action, K::SetAiShare | K::RouteToHumans);
    let needs_share = a.action == K::SetAiShare;
    let takes_fte = matches!(a.action, K::Layoff | K::Rehire);
    let needs_count = a.action == K::OpenRequisitions;
    let takes_pools = a.action == K::Layoff;
    let name = action_name(a.action);
    let mut ok = true;
    let mut reject = |c: &mut Checker, key: &str, present: bool| {
        if present {
            c.push(
                format!("{path}.{key}"),
                format!("does not apply to action {name:?}"),
                format!("remove {key}, or use an action that takes it"),
            );
            ok = false;
        }
    };
    reject(c, "category", !needs_category && a.category.is_some());
    reject(c, "share", !needs_share && a.share.is_some());
    reject(c, "fte", !takes_fte && a.fte.is_some());
    reject(c, "count", !needs_count && a.count.is_some());
    reject(c, "pools", !takes_pools && a.pools.is_some());

    let category = match &a.category {
        None => None,
        Some(n) if n == "*" || n == "all" => None,
        Some(n) => match cx.categories.iter().position(|c| c == n) {
            Some(index) => Some(index),
            None => {
                let known = cx.categories.join(", ");
                c.push(
                    format!("{path}.category"),
                    format!("names no category (got {n:?})"),
                    format!("use one of: {known}; or \"all\""),
                );
                ok = false;
                None
            }
        },
    };
    let workforce_only = matches!(
        a.action,
        K::Layoff | K::HiringFreeze | K::LiftHiringFreeze | K::Rehire | K::OpenRequisitions
    );
    if workforce_only && !cx.has_workforce {
        c.push(
            format!("{path}.action"),
            format!("{name:?} needs a [workforce] table: a fixed staffing schedule has no hiring or layoffs"),
            "add a [workforce] table (see scenarios/over-automation.toml), or express the change in staffing.schedule",
        );
        ok = false;
    }
    let outsourcing_only = matches!(a.action, K::StartOutsourcing | K::StopOutsourcing);
    if outsourcing_only && !cx.has_outsourcing {
        c.push(
            format!("{path}.action"),
            format!("{name:?} needs a [workforce.outsourcing] contract"),
            "add [workforce.outsourcing] with lead_time_weeks, capacity_fte and cost_per_hour",
        );
        ok = false;
    }
    let action = match a.action {
        K::SetAiShare => {
            let Some(share) = a.share else {
                c.push(
                    path,
                    "needs share, the share of the category routed to the AI".into(),
                    "add e.g. share = 0.7",
                );
                return None;
            };
            c.probability(&format!("{path}.share"), share);
            Action::SetAiShare { category, share }
        }
        K::RouteToHumans => Action::RouteToHumans { category },
        K::PauseAiRollout => Action::PauseAiRollout,
        K::ResumeAiRollout => Action::ResumeAiRollout,
        K::Layoff => {
            let Some(fte) = a.fte else {
                c.push(
                    path,
                    "needs fte, the number of people let go".into(),
                    "add e.g. fte = 700",
                );
                return None;
            };
            c.positive(&format!("{path}.fte"), fte);
            c.at_most(&format!("{path}.fte"), fte, cx.limits.max_fte);
            let pools = match &a.pools {
                None => vec![
                    Pool::Waiting,
                    Pool::Training,
                    Pool::Ramping,
                    Pool::Proficient,
                ],
                Some(list) => {
                    if list.is_empty() {
                        c.push(
                            format!("{path}.pools"),
                            "is empty".into(),
                            "list the pools to cut from, in order, e.g. [\"ramping\", \"proficient\"]",
                        );
                    }
                    list.iter()
                        .map(|p| match p {
                            RawPool::Waiting => Pool::Waiting,
                            RawPool::Training => Pool::Training,
                            RawPool::Ramping => Pool::Ramping,
                            RawPool::Proficient => Pool::Proficient,
                            RawPool::Trainers => Pool::Trainers,
                        })
                        .collect()
                }
            };
            Action::Layoff { fte, pools }
        }
        K::HiringFreeze => Action::HiringFreeze,
        K::LiftHiringFreeze => Action::LiftHiringFreeze,
        K::Rehire => {
            let target_fte = a.fte.unwrap_or(cx.initial_fte);
            c.non_negative(&format!("{path}.fte"), target_fte);
            c.at_most(&format!("{path}.fte"), target_fte, cx.limits.max_fte);
            Action::Rehire { target_fte }
        }
        K::OpenRequisitions => {
            let Some(count) = a.count else {
                c.push(
                    path,
                    "needs count, the number of requisitions".into(),
                    "add e.g. count = 200",
                );
                return None;
            };
            c.positive(&format!("{path}.count"), count);
            c.at_most(&format!("{path}.count"), count, cx.limits.max_fte);
            Action::OpenRequisitions { count }
        }
        K::StartOutsourcing => Action::StartOutsourcing,
        K::StopOutsourcing => Action::StopOutsourcing,
    };
    ok.then_some(action)
}

fn action_name(kind: RawActionKind) -> &'static str {
    use RawActionKind as K;
    match kind {
        K::SetAiShare => "set_ai_share",
        K::RouteToHumans => "route_to_humans",
        K::PauseAiRollout => "pause_ai_rollout",
        K::ResumeAiRollout => "resume_ai_rollout",
        K::Layoff => "layoff",
        K::HiringFreeze => "hiring_freeze",
        K::LiftHiringFreeze => "lift_hiring_freeze",
        K::Rehire => "rehire",
        K::OpenRequisitions => "open_requisitions",
        K::StartOutsourcing => "start_outsourcing",
        K::StopOutsourcing => "stop_outsourcing",
    }
}
