//! The plain M/M/c(+M) queue simulated by the *same* model as `wfsim run`: one
//! category, exponential handle times and patience, a flat roster of exactly
//! `agents` slots, no AI, no repeats. Its figures are directly comparable with
//! the closed forms in `queueing`, which is how the simulator is proven.

use rayon::prelude::*;
use serde::Serialize;

use crate::engine::Seconds;
use crate::model::{IntervalLoad, Observer, World};
use crate::queueing::{QueueInputs, StaffingTarget};
use crate::scenario::{
    AiLearning, AiOutcomes, ArrivalProcess, Category, Costs, Csat, CsatBase, Demand,
    DistributionKind, DurationSpec, Escalation, Repeats, RosterShape, Scenario, Staffing,
};
use crate::stats::Estimate;

/// Simulated steady-state figures, each a mean over replications with its CI.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct SimulatedQueue {
    pub p_wait: Estimate,
    pub mean_wait_s: Estimate,
    pub p_abandon: Estimate,
    pub service_level: Estimate,
    pub occupancy: Estimate,
    #[serde(skip)]
    pub contacts_simulated: u64,
}

impl SimulatedQueue {
    /// The five figures by name, in the order of `QueueMetrics::figures`.
    pub fn figures(&self) -> [(&'static str, Estimate); 5] {
        [
            ("p_wait", self.p_wait),
            ("mean_wait_s", self.mean_wait_s),
            ("p_abandon", self.p_abandon),
            ("service_level", self.service_level),
            ("occupancy", self.occupancy),
        ]
    }
}

/// Agents beyond the analytic answer that a simulated confirmation may add;
/// the closed forms describe the same queue, so a wider gap would mean the
/// target is out of the simulation's reach rather than a few agents away.
pub const MAX_EXTRA_AGENTS: u32 = 50;

/// Confirms an analytic staffing answer by simulation: from `agents` up,
/// the first count whose simulated means meet `target`, with its
/// simulation; when none within `MAX_EXTRA_AGENTS` does, the last one
/// tried, so the caller shows how far the target still is.
pub fn confirm_staffing(
    agents: u32,
    target: &StaffingTarget,
    simulate: impl Fn(u32) -> SimulatedQueue,
) -> (u32, SimulatedQueue) {
    let mut candidate = agents;
    loop {
        let sim = simulate(candidate);
        let met = target.is_met(
            sim.service_level.mean,
            sim.p_abandon.mean,
            sim.occupancy.mean,
        );
        if met || candidate >= agents.saturating_add(MAX_EXTRA_AGENTS) {
            return (candidate, sim);
        }
        candidate += 1;
    }
}

/// Builds the scenario of an M/M/c(+M) queue. Hours are whole weeks in a
/// scenario, so the horizon is rounded up; the measurement window is exact.
pub fn queue_scenario(inputs: &QueueInputs, total_hours: f64, seed: u64) -> Scenario {
    let exponential = |mean: f64| DurationSpec {
        kind: DistributionKind::Exponential,
        mean,
        cv: 1.0,
    };
    Scenario {
        name: "queue".into(),
        description: String::new(),
        seed,
        horizon_weeks: (total_hours / 168.0).ceil().max(1.0) as u32,
        // The window is measured after its own warm-up in hours (`simulate_queue`).
        warmup_weeks: 0,
        replications: 1,
        interval_minutes: 60,
        demand: Demand {
            contacts_per_week: inputs.arrivals_per_hour * 168.0,
            growth_per_year: 0.0,
            weekday_shares: [1.0 / 7.0; 7],
            hourly_shares: [1.0 / 24.0; 24],
            arrival_process: ArrivalProcess::Poisson,
        },
        categories: vec![Category {
            name: "all".into(),
            share: 1.0,
            complexity: "moderate".into(),
            priority: 0,
            never_ai: true,
            ai_ready: false,
            ai_rollout: vec![(0, 0.0)],
            ai_outcomes: AiOutcomes {
                resolved: 1.0,
                escalated: 0.0,
                wrong_answer: 0.0,
                stuck: 0.0,
            },
            ai_handle_minutes: exponential(1.0),
            human_handle_minutes: exponential(inputs.handle_minutes),
            human_wrong_answer: 0.0,
            patience_minutes: inputs
                .patience_minutes
                .filter(|p| p.is_finite())
                .map(exponential),
            wrong_answer_cost: 0.0,
            escalated_handle_factor: 1.0,
            trigger_shares: Vec::new(),
        }],
        ai_learning: AiLearning {
            half_life_weeks: None,
            max_error_reduction: 0.0,
            qa_sample_per_week: 0,
        },
        escalation: Escalation {
            escape_hatch: true,
            max_ai_turns: 0,
            ai_turn_seconds: 30.0,
            detection_point_share: 0.25,
            triggers: Vec::new(),
        },
        repeats: Repeats {
            delay_hours_after: [exponential(24.0); 3],
            to_human_after_ai_failure: 0.0,
            probability_after_wrong_answer: 0.0,
            probability_after_abandoned: 0.0,
            probability_after_trapped: 0.0,
            delay_hours: exponential(24.0),
            patience_factor: 1.0,
            max_contacts_per_issue: 1,
        },
        staffing: Staffing {
            fte_schedule: vec![(0, f64::from(inputs.agents))],
            paid_hours_per_week: 168.0,
            shrinkage: 0.0,
            concurrency: 1.0,
            handle_factor_per_extra_chat: 0.0,
            max_occupancy: None,
            roster: RosterShape::Flat,
            answer_seconds: inputs.answer_seconds,
            service_level_target: 0.8,
        },
        csat: Csat {
            base_log_odds: CsatBase {
                resolved_ai: 0.0,
                resolved_human: 0.0,
                wrong_answer_ai: 0.0,
                wrong_answer_human: 0.0,
                abandoned: 0.0,
                trapped: 0.0,
            },
            wait_log_odds_per_minute: 0.0,
            extra_contact_log_odds: 0.0,
            survey_response_rate: 0.0,
            survey_response_by_outcome: [1.0; 4],
            survey_delay_days: 0.0,
            threshold: 0.7,
            wrong_answer_perceived_resolved: 0.0,
        },
        costs: Costs {
            agent_cost_per_hour: 0.0,
            ai_cost_per_conversation: 0.0,
            ai_cost_per_resolution: 0.0,
            ai_platform_cost_per_month: 0.0,
            ai_bills_wrong_answers: false,
        },
        workforce: None,
        decisions: Vec::new(),
        rules: Vec::new(),
        reversibility: Default::default(),
        pools: Vec::new(),
        uncertain: Vec::new(),
    }
}

/// Counts, for contacts that arrived inside the window, how their wait ended.
struct WindowTally {
    from: Seconds,
    to: Seconds,
    answer_seconds: f64,
    answered: f64,
    immediate: f64,
    within: f64,
    abandoned: f64,
    wait_sum: f64,
    busy: f64,
    slot_seconds: f64,
    arrivals: u64,
}

impl WindowTally {
    fn counts(&self, arrived_at: Seconds) -> bool {
        arrived_at >= self.from && arrived_at < self.to
    }
}

impl Observer for WindowTally {
    fn on_arrival(&mut self, _: Seconds, _: usize, _: u8) {
        self.arrivals += 1;
    }
    fn on_answered(&mut self, now: Seconds, _: usize, wait: Seconds) {
        if self.counts(now - wait) {
            self.answered += 1.0;
            self.wait_sum += wait;
            if wait == 0.0 {
                self.immediate += 1.0;
            }
            if wait <= self.answer_seconds {
                self.within += 1.0;
            }
        }
    }
    fn on_abandoned(&mut self, now: Seconds, _: usize, wait: Seconds) {
        if self.counts(now - wait) {
            self.abandoned += 1.0;
            self.wait_sum += wait;
        }
    }
    fn on_interval(&mut self, load: &IntervalLoad) {
        if load.start >= self.from && load.end <= self.to {
            self.busy += load.busy_slot_seconds;
            self.slot_seconds += f64::from(load.slots) * (load.end - load.start);
        }
    }
}

/// Simulates `replications` runs of `hours` measured hours after `warmup_hours`.
/// Contacts arriving in the window are followed until they are answered or
/// abandon; the run continues a tenth of the window (at least an hour) past it
/// so that almost none is cut off.
pub fn simulate_queue(
    inputs: &QueueInputs,
    hours: f64,
    warmup_hours: f64,
    replications: u32,
    seed: u64,
) -> SimulatedQueue {
    let from = warmup_hours.max(0.0).ceil() * 3600.0;
    let to = from + hours.max(1.0).ceil() * 3600.0;
    // Keep simulating after the window so the last arrivals finish waiting.
    let end = to + (0.1 * (to - from)).max(3600.0).ceil();
    let end = (end / 3600.0).ceil() * 3600.0;
    let scenario = queue_scenario(inputs, end / 3600.0, seed);
    let tallies: Vec<WindowTally> = (0..replications)
        .into_par_iter()
        .map(|r| {
            let tally = WindowTally {
                from,
                to,
                answer_seconds: inputs.answer_seconds,
                answered: 0.0,
                immediate: 0.0,
                within: 0.0,
                abandoned: 0.0,
                wait_sum: 0.0,
                busy: 0.0,
                slot_seconds: 0.0,
                arrivals: 0,
            };
            World::new(&scenario, u64::from(r), tally)
                .with_horizon(end)
                .run()
                .0
        })
        .collect();
    let estimate = |f: &dyn Fn(&WindowTally) -> f64| {
        Estimate::from_values(&tallies.iter().map(f).collect::<Vec<_>>())
    };
    let left = |t: &WindowTally| t.answered + t.abandoned;
    SimulatedQueue {
        p_wait: estimate(&|t| 1.0 - t.immediate / left(t)),
        mean_wait_s: estimate(&|t| t.wait_sum / left(t)),
        p_abandon: estimate(&|t| t.abandoned / left(t)),
        service_level: estimate(&|t| t.within / left(t)),
        occupancy: estimate(&|t| t.busy / t.slot_seconds),
        contacts_simulated: tallies.iter().map(|t| t.arrivals).sum(),
    }
}
