//! The staffing plan finance asks for: for every interval of every week, the
//! chat slots the human channel needs to meet the scenario's service-level
//! target, and the FTE that implies after shrinkage and paid hours.
//!
//! It is the planner's forecast-and-Erlang method, not a simulation: the load
//! on humans is computed from the scenario's routing and AI verdicts, and each
//! interval is sized with Erlang A (Erlang C without patience). Two
//! approximations are stated where they are made: the contact mix is reduced to
//! its mean handle time and mean patience, and repeat contacts are added as the
//! expected number of contacts per issue when nothing is abandoned.

use rayon::prelude::*;
use serde::Serialize;

use crate::model::DemandProfile;
use crate::queueing::{required_agents, QueueingError, StaffingTarget};
use crate::scenario::{Category, Escalation, Repeats, Scenario};

/// One interval of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct IntervalPlan {
    pub week: u32,
    /// Monday = 0.
    pub day: u32,
    /// Minutes since midnight at the start of the interval.
    pub start_minute: u32,
    /// Contacts per hour reaching the human queue (first contacts, escalations, repeats).
    pub human_arrivals_per_hour: f64,
    pub handle_minutes: f64,
    /// Chat slots needed to meet the target.
    pub required_slots: u32,
    /// Agents on shift: slots / concurrency, rounded up.
    pub required_agents: u32,
}

/// One week of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WeekPlan {
    pub week: u32,
    /// Agent-hours on shift the intervals need, turned into FTE through paid hours and shrinkage.
    pub required_fte: f64,
    /// FTE in the scenario's staffing schedule, for comparison.
    pub scheduled_fte: f64,
    /// Contacts reaching humans per first contact, repeats included.
    pub human_contacts_per_first_contact: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StaffingPlan {
    pub intervals: Vec<IntervalPlan>,
    pub weeks: Vec<WeekPlan>,
}

/// How one category's contacts load the human queue in a week.
#[derive(Debug, Clone, Copy)]
struct HumanLoad {
    /// Probability that a first contact reaches a human.
    to_human: f64,
    /// Expected contacts per issue (1 + expected repeats).
    contacts_per_issue: f64,
    /// Of the first contacts reaching a human, the share the AI handed over.
    escalated_share: f64,
}

/// Whether a stuck customer reaches a human (escape hatch or turn limit);
/// otherwise they are trapped.
fn stuck_reach_human(escalation: &Escalation) -> bool {
    escalation.escape_hatch || escalation.max_ai_turns > 0
}

/// Probability that an AI attempt ends with a hand-off to a human. Turn-limit
/// cuts of long conversations are not counted (they depend on the handle-time
/// tail).
fn ai_escalation_probability(category: &Category, escalation: &Escalation) -> f64 {
    let no_trigger_detected: f64 = category
        .trigger_shares
        .iter()
        .zip(&escalation.triggers)
        .map(|(share, trigger)| 1.0 - share * trigger.detection_accuracy)
        .product();
    let o = &category.ai_outcomes;
    let stuck = if stuck_reach_human(escalation) {
        o.stuck
    } else {
        0.0
    };
    (1.0 - no_trigger_detected) + no_trigger_detected * (o.escalated + stuck)
}

fn human_load(
    category: &Category,
    escalation: &Escalation,
    repeats: &Repeats,
    week: u32,
) -> HumanLoad {
    let ai_share = category.ai_share_in_week(week);
    let escalate = ai_escalation_probability(category, escalation);
    let to_human = (1.0 - ai_share) + ai_share * escalate;
    // Of the contacts the AI ends itself, the share that comes back.
    let o = &category.ai_outcomes;
    let trapped = if stuck_reach_human(escalation) {
        0.0
    } else {
        o.stuck
    };
    let ended_by_ai = o.resolved + o.wrong_answer + trapped;
    let ai_repeat = if ended_by_ai > 0.0 {
        (o.wrong_answer * repeats.probability_after_wrong_answer
            + trapped * repeats.probability_after_trapped)
            / ended_by_ai
    } else {
        0.0
    };
    let repeat = ai_share * (1.0 - escalate) * ai_repeat
        + to_human * category.human_wrong_answer * repeats.probability_after_wrong_answer;
    // 1 + r + r^2 + ... up to the contact limit.
    let n = repeats.max_contacts_per_issue.max(1) as i32;
    let contacts_per_issue = if repeat < 1.0 {
        (1.0 - repeat.powi(n)) / (1.0 - repeat)
    } else {
        f64::from(n)
    };
    HumanLoad {
        to_human,
        contacts_per_issue,
        escalated_share: if to_human > 0.0 {
            ai_share * escalate / to_human
        } else {
            0.0
        },
    }
}

/// Plans every interval of the horizon.
pub fn staffing_plan(scenario: &Scenario) -> Result<StaffingPlan, QueueingError> {
    let demand = DemandProfile::new(scenario);
    let per_week = demand.intervals_per_week();
    let per_day = scenario.intervals_per_day();
    let s = &scenario.staffing;
    let target = StaffingTarget {
        service_level: s.service_level_target,
        answer_seconds: s.answer_seconds,
        max_abandon: None,
        max_occupancy: s.max_occupancy,
    };
    let weeks: Vec<Result<(Vec<IntervalPlan>, WeekPlan), QueueingError>> = (0..scenario
        .horizon_weeks)
        .into_par_iter()
        .map(|week| {
            // Per week: the human arrival rate per contact and the mix of handle times.
            let mut human_per_contact = 0.0;
            let mut handle_weighted = 0.0;
            let mut patience_weighted = 0.0;
            let mut patient_weight = 0.0;
            for c in &scenario.categories {
                let load = human_load(c, &scenario.escalation, &scenario.repeats, week);
                let weight = c.share * load.to_human * load.contacts_per_issue;
                human_per_contact += weight;
                // Hand-overs take longer (repeats counted as fresh contacts).
                let residue = 1.0 + load.escalated_share * (c.escalated_handle_factor - 1.0);
                handle_weighted += weight * c.human_handle_minutes.mean * residue;
                if let Some(p) = &c.patience_minutes {
                    patience_weighted += weight * p.mean;
                    patient_weight += weight;
                }
            }
            let handle_minutes = if human_per_contact > 0.0 {
                handle_weighted / human_per_contact * s.concurrency_handle_multiplier()
            } else {
                0.0
            };
            // Patience is modelled when most of the human load has it.
            let patience_minutes = (patient_weight > 0.5 * human_per_contact
                && patient_weight > 0.0)
                .then(|| patience_weighted / patient_weight);
            let mut intervals = Vec::with_capacity(per_week);
            let mut agent_hours = 0.0;
            for i in 0..per_week {
                let absolute = week as usize * per_week + i;
                let arrivals_per_hour =
                    demand.rate_per_second(absolute) * 3600.0 * human_per_contact;
                let required_slots = if arrivals_per_hour > 0.0 && handle_minutes > 0.0 {
                    let load = arrivals_per_hour * handle_minutes / 60.0;
                    let limit = ((load * 2.0).ceil() as u32).saturating_add(100);
                    required_agents(
                        arrivals_per_hour,
                        handle_minutes,
                        patience_minutes,
                        &target,
                        limit,
                    )?
                } else {
                    0
                };
                let required_agents = (f64::from(required_slots) / s.concurrency).ceil() as u32;
                agent_hours +=
                    f64::from(required_agents) * f64::from(scenario.interval_minutes) / 60.0;
                intervals.push(IntervalPlan {
                    week,
                    day: (i / per_day) as u32,
                    start_minute: (i % per_day) as u32 * scenario.interval_minutes,
                    human_arrivals_per_hour: arrivals_per_hour,
                    handle_minutes,
                    required_slots,
                    required_agents,
                });
            }
            let week_plan = WeekPlan {
                week,
                required_fte: agent_hours / (s.paid_hours_per_week * (1.0 - s.shrinkage)),
                scheduled_fte: s.fte_in_week(week),
                human_contacts_per_first_contact: human_per_contact,
            };
            Ok((intervals, week_plan))
        })
        .collect();
    let mut plan = StaffingPlan {
        intervals: Vec::new(),
        weeks: Vec::new(),
    };
    for week in weeks {
        let (intervals, week_plan) = week?;
        plan.intervals.extend(intervals);
        plan.weeks.push(week_plan);
    }
    Ok(plan)
}
