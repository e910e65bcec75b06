//! One replication of the customer-service world: the event handlers that move
//! contacts from arrival through the AI and the human queue to an outcome, and
//! the interval and week ticks that change demand, staffing and AI routing.

use rand::Rng;
use rand_distr::{Distribution, Exp1};
use serde::{Deserialize, Serialize};

use super::ai_channel::AiCategory;
use super::contact::{AiVerdict, Contact, ContactId, ContactSlab};
use super::csat::SatisfactionTable;
use super::demand::{slots_on_shift, slots_under_ceiling, DemandProfile, WEEK_SECONDS};
use super::human_queue::HumanQueue;
use super::observer::{
    Channel, CostKind, IntervalLoad, Observer, Outcome, OutcomeRecord, PoolEvent, WeekState,
};
use super::policy::{DecisionSource, Policy, SignalCounter};
use super::pools::PoolRouting;
use super::sampler::DurationSampler;
use super::workforce::{PeopleWeek, Pipeline};
use crate::engine::{self, EventQueue, Handler, Seconds};
use crate::random::{stream, ContactDraw, ContactStreams, SimRng, Stream, WorkforceStreams};
use crate::scenario::{Action, ArrivalProcess, Escalation, Outsourcing, Scenario};

/// The model's events: small and `Copy`, so the queue never allocates for them.
///
/// The 4-byte tag puts every payload at offset 4, so an event is copied as a
/// tag and one 8-byte word. With the default 1-byte tag the compiler copied
/// the 11 bytes after it as two overlapping 8-byte moves through the stack,
/// and reading them back missed store forwarding on every popped event: about
/// a tenth of a 52-week over-automation run's time (`perf annotate`).
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(u32)]
pub enum Event {
    /// The next first-time contact from the demand process.
    NewArrival,
    /// A customer comes back about an issue that was not resolved. The
    /// issue's arrival index (48 bits, split to keep the event 12 bytes)
    /// keys the contact's random numbers.
    RepeatArrival {
        category: u8,
        contact_number: u8,
        /// Bits 32-46 of the issue; the top bit says the AI failed the
        /// customer last time and they go straight to a person
        /// (`repeats.to_human_after_ai_failure`). A flag field would make
        /// every event 16 bytes; the price is that issues past 2^47 (far
        /// beyond any run's size limit) lose bit 47 in their repeats.
        issue_high: u16,
        issue_low: u32,
    },
    AiDone(ContactId),
    PatienceExpired(ContactId),
    ServiceDone(ContactId),
    /// Contacts that entered `pool`'s queue a pool's overflow wait ago may
    /// now take free slots of its overflow target (`[[pools]]` only).
    OverflowDue {
        pool: u32,
    },
    /// Start of absolute interval `index`; at `horizon` it only closes the books.
    IntervalStart {
        index: u32,
    },
}

const _: () = assert!(std::mem::size_of::<Event>() == 12);

/// The bit of `Event::RepeatArrival::issue_high` that sends a repeat
/// straight to a person.
const TO_HUMAN_MASK: u16 = 1 << 15;

/// What is left when a replication ends.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RunEnd {
    /// Contacts in the AI, waiting or in service at the horizon.
    pub in_system: usize,
    /// Contacts in the system when week 0 started, carried over from the
    /// warm-up: arrivals + this − endings = `in_system`.
    pub in_system_at_start: usize,
    pub events_processed: u64,
    /// Peak number of contacts held in the slab at once: waiting, in service
    /// or in an AI conversation that will hand off. Conversations the AI keeps
    /// never enter it (see `arrive`), so this is the memory high-water mark,
    /// not a count of everyone in the system.
    pub peak_in_system: usize,
}

#[derive(Clone)]
pub struct World<'s, O: Observer> {
    scenario: &'s Scenario,
    pub observer: O,
    demand: DemandProfile,
    demand_rng: SimRng,
    /// The root of every contact's random numbers.
    contact_streams: ContactStreams,
    /// First-time contacts so far: the arrival index of the next issue.
    next_issue: u64,
    contacts: ContactSlab,
    /// One queue per `[[pools]]` entry and copy; one queue without pools.
    queues: Vec<HumanQueue>,
    pools: PoolRouting,
    /// Each pool's slots on shift this interval (scratch, so the split
    /// allocates nothing): what occupancy is measured against.
    pool_slots: Vec<u32>,
    ai: Vec<AiCategory>,
    human_handle: Vec<DurationSampler>,
    /// Each category's handle-time multiplier: `[fresh, handed over by the AI]`,
    /// both including the concurrency slowdown.
    handle_factor: Vec<[f64; 2]>,
    patience: Vec<Option<DurationSampler>>,
    /// Priority class of each category in the human queue.
    class_of: Vec<usize>,
    /// Cumulative category shares, for picking a new contact's category.
    category_thresholds: Vec<f64>,
    /// After a wrong answer, abandoning, being trapped.
    repeat_delays: [DurationSampler; 3],
    /// Patience multiplier by contact number (index 0 unused).
    patience_scale: Vec<f64>,
    satisfaction: SatisfactionTable,
    rate_per_second: f64,
    next_boundary: Seconds,
    interval_seconds: Seconds,
    horizon: Seconds,
    /// Agent capacity on the books this week (productive plus outsourced FTE).
    fte: f64,
    /// `None`: headcount follows the fixed staffing schedule.
    pipeline: Option<Pipeline>,
    policy: Policy<'s>,
    signals: SignalCounter,
    /// A category's AI share set by a decision, overriding its planned rollout.
    route_override: Vec<Option<f64>>,
    /// Shares frozen by a paused rollout.
    paused_shares: Option<Vec<f64>>,
    /// Overtime in force: `(first week after it, share of the week, premium)`.
    overtime: Option<(u32, f64, f64)>,
    /// This week's busy and available slot-seconds, for its occupancy.
    week_busy_slot_seconds: f64,
    week_slot_seconds: f64,
    /// Occupancy of the last (up to) four weeks, oldest first: the load that
    /// `[workforce.load]` turns into turnover and absence.
    recent_occupancy: Vec<f64>,
    /// A category being phased back to people: `(first week, share then, weeks)`.
    phases: Vec<Option<(u32, f64, u32)>>,
    /// The scenario's escalation rules as they stand: a decision may open
    /// the human exit.
    escalation: Escalation,
    /// Each category's planned rollout share last week, to log rollout steps.
    planned_share: Vec<f64>,
    /// Share of human contacts served by the outsourcing partner this week.
    outsourced_share: f64,
    outsourcing: Option<Outsourcing>,
    due: Vec<(DecisionSource, Action)>,
    /// When the current week ends.
    week_end: Seconds,
    /// AI conversations that were still running when each week ended. They
    /// end without an event (see `arrive`), so the slab does not hold them.
    ai_running_at_week_end: Vec<u32>,
    /// Weeks simulated before week 0 and discarded: the world's time 0 and
    /// its week numbers here start with them; the weeks it reports start after.
    warmup_weeks: u32,
    /// Contacts in the system when week 0 started.
    in_system_at_start: usize,
    /// Every contact's draws as (issue, contact number, what, value), for
    /// the test that they do not depend on anything before the contact.
    #[cfg(test)]
    trace: Vec<(u64, u8, &'static str, f64)>,
}

impl<'s, O: Observer> World<'s, O> {
    pub fn new(scenario: &'s Scenario, replication: u64, observer: O) -> Self {
        let mut priorities: Vec<u8> = scenario.categories.iter().map(|c| c.priority).collect();
        priorities.sort_unstable();
        priorities.dedup();
        let class_of = scenario
            .categories
            .iter()
            .map(|c| {
                priorities
                    .iter()
                    .position(|p| *p == c.priority)
                    .unwrap_or(0)
            })
            .collect();
        let mut cumulative = 0.0;
        let category_thresholds = scenario
            .categories
            .iter()
            .map(|c| {
                cumulative += c.share;
                cumulative
            })
            .collect();
        let r = &scenario.repeats;
        let patience_scale = (0..=r.max_contacts_per_issue.max(1))
            .map(|n| r.patience_factor.powi(n.saturating_sub(1) as i32))
            .collect();
        let warmup = scenario.warmup_weeks;
        let weeks = warmup + scenario.horizon_weeks;
        let routing = PoolRouting::new(scenario);
        World {
            scenario,
            observer,
            demand: DemandProfile::new(scenario),
            demand_rng: stream(scenario.seed, replication, Stream::Demand),
            contact_streams: ContactStreams::new(scenario.seed, replication),
            next_issue: 0,
            contacts: ContactSlab::default(),
            queues: vec![HumanQueue::new(priorities.len()); routing.count()],
            pool_slots: vec![0; routing.count()],
            pools: routing,
            ai: scenario
                .categories
                .iter()
                .map(|c| AiCategory::new(c, &scenario.escalation))
                .collect(),
            human_handle: scenario
                .categories
                .iter()
                .map(|c| DurationSampler::new(&c.human_handle_minutes, 60.0))
                .collect(),
            handle_factor: scenario
                .categories
                .iter()
                .map(|c| {
                    let m = scenario.staffing.concurrency_handle_multiplier();
                    [m, m * c.escalated_handle_factor]
                })
                .collect(),
            patience: scenario
                .categories
                .iter()
                .map(|c| {
                    c.patience_minutes
                        .as_ref()
                        .map(|p| DurationSampler::new(p, 60.0))
                })
                .collect(),
            class_of,
            category_thresholds,
            repeat_delays: r
                .delay_hours_after
                .map(|d| DurationSampler::new(&d, 3600.0)),
            patience_scale,
            satisfaction: SatisfactionTable::new(
                &scenario.csat,
                r.max_contacts_per_issue.min(255) as u8,
            ),
            rate_per_second: 0.0,
            next_boundary: 0.0,
            interval_seconds: scenario.interval_seconds(),
            horizon: f64::from(weeks) * WEEK_SECONDS,
            fte: 0.0,
            pipeline: scenario.workforce.as_ref().map(|w| {
                Pipeline::new(
                    w,
                    scenario.horizon_weeks,
                    scenario.staffing.paid_hours_per_week,
                    scenario.costs.agent_cost_per_hour,
                    WorkforceStreams::new(scenario.seed, replication),
                )
            }),
            policy: Policy::new(&scenario.decisions, &scenario.rules),
            signals: SignalCounter::new(weeks).with_qa_review(
                scenario.ai_learning.qa_sample_per_week,
                scenario.seed,
                replication,
            ),
            route_override: vec![None; scenario.categories.len()],
            paused_shares: None,
            overtime: None,
            week_busy_slot_seconds: 0.0,
            week_slot_seconds: 0.0,
            recent_occupancy: Vec::new(),
            phases: vec![None; scenario.categories.len()],
            escalation: scenario.escalation.clone(),
            planned_share: vec![0.0; scenario.categories.len()],
            outsourced_share: 0.0,
            outsourcing: scenario.workforce.as_ref().and_then(|w| w.outsourcing),
            due: Vec::new(),
            week_end: WEEK_SECONDS,
            ai_running_at_week_end: vec![0; weeks as usize],
            warmup_weeks: warmup,
            in_system_at_start: 0,
            #[cfg(test)]
            trace: Vec::new(),
        }
    }

    /// Ends the run earlier than the scenario's horizon (used to measure a
    /// queue over hours rather than whole weeks); `horizon` counts from week 0.
    pub fn with_horizon(mut self, horizon: Seconds) -> Self {
        let week_zero = f64::from(self.warmup_weeks) * WEEK_SECONDS;
        self.horizon = (week_zero + horizon).min(self.horizon);
        self
    }

    /// Runs the whole horizon and hands back the observer and the end state.
    pub fn run(self) -> (O, RunEnd) {
        Checkpoint::start(self).finish()
    }

    /// This world, paused at the start of `week`, as a world of `variant`
    /// that goes on exactly as a run of `variant` from the start would:
    /// `None` unless `variant` is this scenario up to `week` (see
    /// `same_before`), the policy can take over (`Policy::resume`) and so can
    /// the workforce (`Pipeline::take_over`). `observer` carries what was
    /// observed so far, in the variant's terms.
    fn fork<'t>(&self, variant: &'t Scenario, week: u32, observer: O) -> Option<World<'t, O>>
    where
        O: Clone,
    {
        if !same_before(self.scenario, variant, week) {
            return None;
        }
        let policy = Policy::resume(&variant.decisions, &variant.rules, week, &self.policy)?;
        let mut pipeline = self.pipeline.clone();
        match (&mut pipeline, &variant.workforce) {
            (Some(p), Some(w)) => {
                if !p.take_over(w) {
                    return None;
                }
            }
            (None, None) => {}
            _ => return None,
        }
        Some(World {
            scenario: variant,
            observer,
            demand: self.demand.clone(),
            demand_rng: self.demand_rng.clone(),
            contact_streams: self.contact_streams,
            next_issue: self.next_issue,
            contacts: self.contacts.clone(),
            queues: self.queues.clone(),
            pools: self.pools.clone(),
            pool_slots: self.pool_slots.clone(),
            ai: self.ai.clone(),
            human_handle: self.human_handle.clone(),
            handle_factor: self.handle_factor.clone(),
            patience: self.patience.clone(),
            class_of: self.class_of.clone(),
            category_thresholds: self.category_thresholds.clone(),
            repeat_delays: self.repeat_delays,
            patience_scale: self.patience_scale.clone(),
            satisfaction: self.satisfaction.clone(),
            rate_per_second: self.rate_per_second,
            next_boundary: self.next_boundary,
            interval_seconds: self.interval_seconds,
            horizon: f64::from(self.warmup_weeks + variant.horizon_weeks) * WEEK_SECONDS,
            fte: self.fte,
            pipeline,
            policy,
            signals: self.signals.clone(),
            route_override: self.route_override.clone(),
            paused_shares: self.paused_shares.clone(),
            overtime: self.overtime,
            week_busy_slot_seconds: self.week_busy_slot_seconds,
            week_slot_seconds: self.week_slot_seconds,
            recent_occupancy: self.recent_occupancy.clone(),
            phases: self.phases.clone(),
            escalation: self.escalation.clone(),
            planned_share: self.planned_share.clone(),
            outsourced_share: self.outsourced_share,
            outsourcing: variant.workforce.as_ref().and_then(|w| w.outsourcing),
            due: Vec::new(),
            week_end: self.week_end,
            ai_running_at_week_end: self.ai_running_at_week_end.clone(),
            warmup_weeks: self.warmup_weeks,
            in_system_at_start: self.in_system_at_start,
            #[cfg(test)]
            trace: self.trace.clone(),
        })
    }

    fn interval_start(&mut self, now: Seconds, index: u32, events: &mut EventQueue<Event>) {
        let per_week = self.demand.intervals_per_week();
        let index = index as usize;
        if index > 0 {
            let load = self.close_interval(now);
            self.observer.on_interval(&load);
            self.week_busy_slot_seconds += load.busy_slot_seconds;
            self.week_slot_seconds += f64::from(load.slots) * self.interval_seconds;
            if index.is_multiple_of(per_week) {
                self.close_week_load();
                // Weeks count from the start of the warm-up here.
                let week = (index / per_week - 1) as u32;
                let signals = self.signals.close_week(week, self.waiting());
                if let Some(reported) = week.checked_sub(self.warmup_weeks) {
                    let payroll = match &self.pipeline {
                        Some(p) => f64::from(p.headcount()),
                        None => self.fte,
                    };
                    self.observer.on_week_end(&WeekState {
                        week: reported,
                        fte: payroll,
                        in_system: self.in_system_at_week_end(week),
                        waiting: self.waiting(),
                    });
                    if self.pools.declared {
                        for (pool, waiting) in self.waiting_by_pool().into_iter().enumerate() {
                            self.observer.on_pool_week_end(reported, pool, waiting);
                        }
                    }
                    self.policy.evaluate(reported, &signals);
                }
            }
        }
        if now >= self.horizon {
            return;
        }
        let warmup_intervals = self.warmup_weeks as usize * per_week;
        if index.is_multiple_of(per_week) {
            let week = (index / per_week) as u32;
            match week.checked_sub(self.warmup_weeks) {
                Some(reported) => {
                    if reported == 0 {
                        self.start_reporting(week);
                    }
                    self.start_week(now, reported);
                }
                None => self.start_warmup_week(week),
            }
        }
        let slots = slots_on_shift(self.scenario, &self.demand, self.fte, index % per_week);
        self.pools.split(slots, &mut self.pool_slots);
        // The ceiling applies to each queue's own slots: splitting a smaller
        // total afresh could hand a small desk more than it has on shift.
        let ceiling = self.scenario.staffing.max_occupancy;
        for (queue, staffed) in self.queues.iter_mut().zip(&self.pool_slots) {
            queue.set_slots(slots_under_ceiling(*staffed, ceiling, index % per_week));
        }
        self.serve_all(now, events);
        // The warm-up repeats week 0's demand (`warmup_intervals` is whole weeks).
        let demand_interval = match index.checked_sub(warmup_intervals) {
            Some(reported) => reported,
            None => index % per_week,
        };
        self.rate_per_second = self.demand.rate_per_second(demand_interval);
        self.next_boundary = (index + 1) as f64 * self.interval_seconds;
        self.schedule_next_arrival(now, true, events);
        // A tick: the books of the interval ending then close before anything
        // else due at that moment, which belongs to the next interval.
        events.schedule_tick(
            self.next_boundary,
            Event::IntervalStart {
                index: (index + 1) as u32,
            },
        );
    }

    /// The interval ending at `now`, over every pool; each pool's own share
    /// is reported first when the scenario declares pools.
    fn close_interval(&mut self, now: Seconds) -> IntervalLoad {
        let start = now - self.interval_seconds;
        let mut total = IntervalLoad {
            start,
            end: now,
            slots: 0,
            busy_slot_seconds: 0.0,
            queue_contact_seconds: 0.0,
        };
        if !self.pools.declared {
            let (busy_slot_seconds, queue_contact_seconds) = self.queues[0].take_areas(now);
            return IntervalLoad {
                slots: self.pool_slots[0],
                busy_slot_seconds,
                queue_contact_seconds,
                ..total
            };
        }
        for (pool, queue) in self.queues.iter_mut().enumerate() {
            let (busy_slot_seconds, queue_contact_seconds) = queue.take_areas(now);
            let load = IntervalLoad {
                slots: self.pool_slots[pool],
                busy_slot_seconds,
                queue_contact_seconds,
                ..total
            };
            self.observer
                .on_pool_interval(self.pools.entry_of(pool), &load);
            total.slots += load.slots;
            total.busy_slot_seconds += busy_slot_seconds;
            total.queue_contact_seconds += queue_contact_seconds;
        }
        total
    }

    /// Files the week's occupancy among the recent four.
    fn close_week_load(&mut self) {
        if self.week_slot_seconds > 0.0 {
            if self.recent_occupancy.len() == 4 {
                self.recent_occupancy.remove(0);
            }
            self.recent_occupancy
                .push(self.week_busy_slot_seconds / self.week_slot_seconds);
        }
        self.week_busy_slot_seconds = 0.0;
        self.week_slot_seconds = 0.0;
    }

    /// Points (hundredths) of recent occupancy above `[workforce.load]`'s
    /// threshold; 0 without it.
    fn overload_points(&self) -> f64 {
        let Some(load) = self.scenario.workforce.as_ref().and_then(|w| w.load) else {
            return 0.0;
        };
        if self.recent_occupancy.is_empty() {
            return 0.0;
        }
        let mean = self.recent_occupancy.iter().sum::<f64>() / self.recent_occupancy.len() as f64;
        ((mean - load.occupancy_threshold) * 100.0).max(0.0)
    }

    /// Contacts waiting for a human, in every pool.
    fn waiting(&self) -> usize {
        self.queues.iter().map(HumanQueue::waiting).sum()
    }

    /// Contacts in the system at the end of `week` (counted from the start
    /// of the warm-up): in the slab, or in AI conversations running then.
    fn in_system_at_week_end(&self, week: u32) -> usize {
        let ai_running = self
            .ai_running_at_week_end
            .get(week as usize)
            .copied()
            .unwrap_or(0);
        self.contacts.len() + ai_running as usize
    }

    /// Week 0 starts (`week` counted from the start of the warm-up): counts
    /// the contacts carried over from the warm-up.
    fn start_reporting(&mut self, week: u32) {
        self.in_system_at_start = week
            .checked_sub(1)
            .map_or(0, |last| self.in_system_at_week_end(last));
        self.observer.on_start(self.in_system_at_start);
        if self.pools.declared {
            for (pool, waiting) in self.waiting_by_pool().into_iter().enumerate() {
                self.observer.on_pool_start(pool, waiting);
            }
        }
    }

    /// Contacts waiting per `[[pools]]` entry, its copies' queues summed;
    /// once a week, so the vector costs nothing that matters.
    fn waiting_by_pool(&self) -> Vec<usize> {
        let mut waiting = vec![0; self.scenario.pools.len()];
        for (queue, q) in self.queues.iter().enumerate() {
            waiting[self.pools.entry_of(queue)] += q.waiting();
        }
        waiting
    }

    /// A warm-up week (`week` from the start of the warm-up): week 0's
    /// demand, AI shares and staffing, frozen, with no decisions, rules,
    /// workforce movements or costs. The pipeline does not step, so week 0
    /// starts from the state it was built in (the steady start).
    fn start_warmup_week(&mut self, week: u32) {
        self.week_end = f64::from(week + 1) * WEEK_SECONDS;
        if week > 0 {
            return;
        }
        self.fte = match &self.pipeline {
            Some(p) => p.capacity(),
            None => self.scenario.staffing.fte_in_week(0),
        };
        for (ai, category) in self.ai.iter_mut().zip(&self.scenario.categories) {
            ai.update_for_week(category, &self.scenario.ai_learning, 0);
        }
    }

    /// The weekly tick: decisions due, the workforce and its cost, AI
    /// rollout and learning.
    fn start_week(&mut self, now: Seconds, week: u32) {
        self.week_end = f64::from(self.warmup_weeks + week + 1) * WEEK_SECONDS;
        let mut due = std::mem::take(&mut self.due);
        self.policy.take_due(week, &mut due);
        for (source, action) in due.drain(..) {
            self.apply(week, &action);
            self.observer.on_decision(week, source, &action);
        }
        self.due = due;
        self.step_phases(week);

        let s = &self.scenario.staffing;
        let hour_cost = s.paid_hours_per_week * self.scenario.costs.agent_cost_per_hour;
        let overload = self.overload_points();
        let load = self.scenario.workforce.as_ref().and_then(|w| w.load);
        let people = match &mut self.pipeline {
            Some(p) => {
                if let Some(load) = load {
                    p.set_extra_turnover(overload * load.extra_attrition_per_point);
                }
                p.step(week)
            }
            None => fixed_people(week, s.fte_in_week(week), self.fte, week == 0),
        };
        let mut own = people.productive_fte;
        if let Some(load) = load {
            // Absence takes paid time that shrinkage had left for contacts.
            let absence = overload * load.extra_absence_per_point;
            let available = 1.0 - s.shrinkage;
            own *= ((available - absence) / available).max(0.0);
        }
        if let Some((until, share, premium)) = self.overtime {
            if week < until {
                own += people.productive_fte * share;
                self.observer.on_cost(
                    now,
                    CostKind::Human,
                    people.productive_fte * share * hour_cost * (1.0 + premium),
                );
            } else {
                self.overtime = None;
            }
        }
        let capacity = own + people.outsourced_fte;
        self.fte = capacity;
        self.outsourced_share = if capacity > 0.0 {
            people.outsourced_fte / capacity
        } else {
            0.0
        };
        self.observer
            .on_cost(now, CostKind::Human, people.headcount * hour_cost);
        for (kind, amount) in [
            (CostKind::Recruiting, people.cost_recruiting),
            (CostKind::Training, people.cost_training),
            (CostKind::Severance, people.cost_severance),
            (CostKind::Outsourcing, people.cost_outsourcing),
        ] {
            if amount > 0.0 {
                self.observer.on_cost(now, kind, amount);
            }
        }
        self.observer.on_people(&people);

        for (c, (ai, category)) in self
            .ai
            .iter_mut()
            .zip(&self.scenario.categories)
            .enumerate()
        {
            ai.update_for_week(category, &self.scenario.ai_learning, week);
            let planned = ai.share;
            if planned != self.planned_share[c]
                && self.route_override[c].is_none()
                && self.paused_shares.is_none()
            {
                self.observer.on_decision(
                    week,
                    DecisionSource::Rollout,
                    &Action::SetAiShare {
                        category: Some(c),
                        share: planned,
                    },
                );
            }
            self.planned_share[c] = planned;
            if let Some(paused) = &self.paused_shares {
                ai.share = paused[c];
            }
            if let Some(share) = self.route_override[c] {
                ai.share = if category.ai_ready { share } else { 0.0 };
            }
        }
        let platform = self.scenario.costs.ai_platform_cost_per_month;
        if platform > 0.0 && self.ai.iter().any(|a| a.share > 0.0) {
            self.observer
                .on_cost(now, CostKind::Ai, platform * 12.0 / 52.0);
        }
    }

    /// Categories being phased back to people take this week's step: the
    /// share they had, less an equal part each week, zero in the last.
    fn step_phases(&mut self, week: u32) {
        for (c, phase) in self.phases.iter_mut().enumerate() {
            if let Some((from, share, weeks)) = *phase {
                let done = (week - from + 1).min(weeks);
                let left = share * f64::from(weeks - done) / f64::from(weeks);
                self.route_override[c] = Some(left);
                if done == weeks {
                    *phase = None;
                }
            }
        }
    }

    /// Applies one decision at the start of `week`.
    fn apply(&mut self, week: u32, action: &Action) {
        match action {
            Action::SetAiShare { category, share } => {
                set_route(&mut self.route_override, *category, *share)
            }
            Action::RouteToHumans { category } => {
                set_route(&mut self.route_override, *category, 0.0)
            }
            Action::PhaseToHumans {
                categories,
                over_weeks,
                human_exit,
            } => {
                for c in 0..self.phases.len() {
                    if categories.as_ref().is_none_or(|list| list.contains(&c)) {
                        self.phases[c] = Some((week, self.ai[c].share, *over_weeks));
                    }
                }
                if *human_exit {
                    self.escalation.escape_hatch = true;
                }
            }
            Action::OpenHumanExit => self.escalation.escape_hatch = true,
            Action::Overtime {
                share,
                premium,
                weeks,
            } => self.overtime = Some((week.saturating_add(*weeks), *share, *premium)),
            Action::PauseAiRollout => {
                self.paused_shares = Some(self.ai.iter().map(|a| a.share).collect());
            }
            Action::ResumeAiRollout => self.paused_shares = None,
            Action::Layoff { fte, pools } => {
                if let Some(p) = &mut self.pipeline {
                    p.lay_off(*fte, pools, week);
                }
            }
            Action::HiringFreeze => self.pipeline.iter_mut().for_each(|p| p.freeze_hiring()),
            Action::LiftHiringFreeze => self.pipeline.iter_mut().for_each(|p| p.lift_freeze()),
            Action::SetHeadcountTarget { target_fte } => self
                .pipeline
                .iter_mut()
                .for_each(|p| p.set_target(*target_fte, week)),
            Action::Rehire { target_fte } => self
                .pipeline
                .iter_mut()
                .for_each(|p| p.rehire(*target_fte, week)),
            Action::OpenRequisitions { count } => {
                if let Some(p) = &mut self.pipeline {
                    p.open_requisitions(*count, week);
                }
            }
            Action::StartOutsourcing => self
                .pipeline
                .iter_mut()
                .for_each(|p| p.start_outsourcing(week)),
            Action::StopOutsourcing => self
                .pipeline
                .iter_mut()
                .for_each(|p| p.stop_outsourcing(week)),
            Action::ScaleRecruiting {
                capacity,
                time_to_hire,
            } => self
                .pipeline
                .iter_mut()
                .for_each(|p| p.scale_recruiting(*capacity, *time_to_hire)),
            Action::ScaleTrainers { factor } => self
                .pipeline
                .iter_mut()
                .for_each(|p| p.scale_trainers(*factor)),
        }
    }

    /// Draws the next Poisson arrival; one falling past the interval's end is
    /// dropped, and the next interval draws afresh (memorylessness makes that
    /// exact). `first` marks the draw made when an interval starts.
    fn schedule_next_arrival(&mut self, now: Seconds, first: bool, events: &mut EventQueue<Event>) {
        if self.rate_per_second <= 0.0 {
            return;
        }
        let gap: f64 = match self.scenario.demand.arrival_process {
            ArrivalProcess::Poisson => Exp1.sample(&mut self.demand_rng),
            ArrivalProcess::Deterministic if first => 0.5,
            ArrivalProcess::Deterministic => 1.0,
        };
        let at = now + gap / self.rate_per_second;
        if at < self.next_boundary {
            events.schedule_stream(at, Event::NewArrival);
        }
    }

    fn pick_category(&mut self) -> u8 {
        let u: f64 = self.demand_rng.random::<f64>()
            * self.category_thresholds.last().copied().unwrap_or(1.0);
        category_at(&self.category_thresholds, u) as u8
    }

    /// Contact `contact_number` about the `issue`-th issue of the replication;
    /// `to_human` bypasses the AI.
    fn arrive(
        &mut self,
        now: Seconds,
        category: u8,
        contact_number: u8,
        issue: u64,
        to_human: bool,
        events: &mut EventQueue<Event>,
    ) {
        let c = category as usize;
        self.observer.on_arrival(now, c, contact_number);
        self.signals.arrival(contact_number > 1);
        let key = self.contact_streams.key(issue, contact_number);
        let mut contact = Contact::new(category, contact_number, issue, key, now);
        let share = self.ai[c].share;
        if !to_human && share > 0.0 && (share >= 1.0 || key.uniform(ContactDraw::AiRoute) < share) {
            self.observer.on_ai_start(now, c);
            let cost = self.scenario.costs.ai_cost_per_conversation;
            if cost > 0.0 {
                self.observer.on_cost(now, CostKind::Ai, cost);
            }
            let attempt = self.ai[c].attempt(&self.escalation, key);
            #[cfg(test)]
            self.trace
                .push((issue, contact_number, "ai_seconds", attempt.seconds));
            contact.verdict = attempt.verdict;
            contact.ai_seconds = attempt.seconds;
            let done = now + attempt.seconds;
            if let Some(outcome) = attempt.verdict.outcome() {
                // Nothing can change how an AI conversation that ends without
                // a hand-off turns out, so it is concluded now, as of the time
                // it ends, with no event and no slab entry: most contacts of
                // an automated operation take this path. One still running at
                // the horizon stays in the system.
                if done < self.horizon {
                    self.signals.ai_ended(outcome == Outcome::WrongAnswer);
                    if done >= self.week_end {
                        self.count_running_at_week_ends(done);
                    }
                    let costs = &self.scenario.costs;
                    if outcome == Outcome::Resolved
                        || (costs.ai_bills_wrong_answers && outcome == Outcome::WrongAnswer)
                    {
                        let cost = costs.ai_cost_per_resolution;
                        if cost > 0.0 {
                            self.observer.on_cost(done, CostKind::Ai, cost);
                        }
                    }
                    self.conclude(done, &contact, outcome, Channel::Ai, events);
                } else {
                    self.contacts.insert(contact);
                }
                return;
            }
            let id = self.contacts.insert(contact);
            events.schedule(done, Event::AiDone(id));
        } else {
            let id = self.contacts.insert(contact);
            self.offer_to_humans(now, id, events);
        }
    }

    /// Counts an AI conversation ending at `done` as in the system at the end
    /// of every week it outlasts.
    #[cold]
    fn count_running_at_week_ends(&mut self, done: Seconds) {
        let mut week_end = self.week_end;
        let mut week = (week_end / WEEK_SECONDS) as usize - 1;
        while week_end <= done {
            if let Some(count) = self.ai_running_at_week_end.get_mut(week) {
                *count += 1;
            }
            week += 1;
            week_end += WEEK_SECONDS;
        }
    }

    fn ai_done(&mut self, now: Seconds, id: ContactId, events: &mut EventQueue<Event>) {
        let Some(contact) = self.contacts.get_mut(id) else {
            return;
        };
        // Only hand-offs are scheduled: other verdicts are concluded on arrival.
        if let AiVerdict::Escalate(reason) = contact.verdict {
            contact.escalated = true;
            self.signals.ai_ended(false);
            let category = contact.category as usize;
            self.observer.on_escalated(now, category, reason);
            self.offer_to_humans(now, id, events);
        }
    }

    fn offer_to_humans(&mut self, now: Seconds, id: ContactId, events: &mut EventQueue<Event>) {
        let Some(contact) = self.contacts.get_mut(id) else {
            return;
        };
        let category = contact.category as usize;
        contact.queued_at = now;
        let declared = self.pools.declared;
        let pool = if declared {
            let first = self.contact_streams.key(contact.issue(), 1);
            let pool = self.pools.pool_of(category, first);
            contact.set_home_pool(pool);
            pool
        } else {
            0
        };
        self.observer.on_queue_enter(now, category);
        if declared {
            let entry = self.pools.entry_of(pool);
            self.observer
                .on_pool_contact(now, entry, PoolEvent::Entered);
        }
        if self.queues[pool].can_start_now() {
            self.record_answer(now, category, pool, pool, 0.0);
            self.start_service(now, id, pool, events);
            return;
        }
        if let Some(patience) = &self.patience[category] {
            let scale = self.patience_scale
                [(contact.contact_number as usize).min(self.patience_scale.len() - 1)];
            let patience = patience.sample(&mut contact.key.rng(ContactDraw::Patience)) * scale;
            #[cfg(test)]
            self.trace.push((
                contact.issue(),
                contact.contact_number,
                "patience",
                patience,
            ));
            let at = now + patience;
            contact.patience_timer =
                Some(events.schedule_cancellable(at, Event::PatienceExpired(id)));
        }
        self.queues[pool].enqueue(now, self.class_of[category], id);
        if let Some((_, after)) = self.pools.overflow(pool) {
            events.schedule(now + after, Event::OverflowDue { pool: pool as u32 });
        }
    }

    /// Starts serving contact `id` in a slot of pool `server`.
    fn start_service(
        &mut self,
        now: Seconds,
        id: ContactId,
        server: usize,
        events: &mut EventQueue<Event>,
    ) {
        let Some(contact) = self.contacts.get_mut(id) else {
            return;
        };
        if server != contact.home_pool() {
            contact.mark_served_by_overflow();
        }
        let key = contact.key;
        let category = contact.category as usize;
        let handle = self.human_handle[category].sample(&mut key.rng(ContactDraw::HumanHandle))
            * self.handle_factor[category][usize::from(contact.escalated)];
        #[cfg(test)]
        self.trace
            .push((contact.issue(), contact.contact_number, "handle", handle));
        contact.handle_seconds = handle;
        contact.outsourced = self.outsourced_share > 0.0
            && key.uniform(ContactDraw::Outsourced) < self.outsourced_share;
        self.queues[server].start_service(now);
        events.schedule(now + handle, Event::ServiceDone(id));
    }

    /// Every pool serves its own waiting contacts, then free slots take
    /// overdue contacts of the pools that overflow into them: own first, so
    /// an overflow never takes a slot a pool's own customer was waiting for.
    fn serve_all(&mut self, now: Seconds, events: &mut EventQueue<Event>) {
        for pool in 0..self.queues.len() {
            self.serve_own(now, pool, events);
        }
        if self.pools.declared {
            for source in 0..self.queues.len() {
                self.serve_overflow(now, source, events);
            }
        }
    }

    /// A slot of `pool` may have freed: its own line first, then overflow.
    fn serve_pool(&mut self, now: Seconds, pool: usize, events: &mut EventQueue<Event>) {
        self.serve_own(now, pool, events);
        for k in 0..self.pools.sources(pool).len() {
            let source = self.pools.sources(pool)[k];
            self.serve_overflow(now, source, events);
        }
    }

    fn serve_own(&mut self, now: Seconds, pool: usize, events: &mut EventQueue<Event>) {
        while let Some(id) = self.queues[pool].next_to_serve(now, &self.contacts) {
            self.answer_waiting(now, id, pool, events);
        }
    }

    /// Free slots of `source`'s overflow target take `source`'s contacts
    /// that have waited the overflow time, oldest first.
    fn serve_overflow(&mut self, now: Seconds, source: usize, events: &mut EventQueue<Event>) {
        let Some((target, after)) = self.pools.overflow(source) else {
            return;
        };
        while self.queues[target].can_start_now() {
            let Some(id) = self.queues[source].next_overdue(now, after, &self.contacts) else {
                break;
            };
            self.answer_waiting(now, id, target, events);
        }
    }

    /// A waiting contact, just taken from its line, is answered by `server`.
    fn answer_waiting(
        &mut self,
        now: Seconds,
        id: ContactId,
        server: usize,
        events: &mut EventQueue<Event>,
    ) {
        let Some(contact) = self.contacts.get_mut(id) else {
            return;
        };
        if let Some(timer) = contact.patience_timer.take() {
            events.cancel(timer);
        }
        let wait = now - contact.queued_at;
        contact.wait_seconds += wait;
        let category = contact.category as usize;
        let home = contact.home_pool();
        self.record_answer(now, category, home, server, wait);
        self.start_service(now, id, server, events);
    }

    /// A contact of `home`'s line is answered by `server` after `wait`: the
    /// observer, the pool's figures and the week's service-level signal.
    #[inline]
    fn record_answer(
        &mut self,
        now: Seconds,
        category: usize,
        home: usize,
        server: usize,
        wait: Seconds,
    ) {
        self.observer.on_answered(now, category, wait);
        if self.pools.declared {
            let answered = PoolEvent::Answered {
                wait_seconds: wait,
                overflow: server != home,
            };
            let entry = self.pools.entry_of(home);
            self.observer.on_pool_contact(now, entry, answered);
        }
        self.signals
            .answered(wait <= self.scenario.staffing.answer_seconds);
    }

    fn patience_expired(&mut self, now: Seconds, id: ContactId, events: &mut EventQueue<Event>) {
        let Some(contact) = self.contacts.get_mut(id) else {
            return;
        };
        contact.patience_timer = None;
        let wait = now - contact.queued_at;
        contact.wait_seconds += wait;
        let category = contact.category as usize;
        let pool = contact.home_pool();
        self.queues[pool].forget_abandoned(now);
        self.observer.on_abandoned(now, category, wait);
        if self.pools.declared {
            let abandoned = PoolEvent::Abandoned { wait_seconds: wait };
            let entry = self.pools.entry_of(pool);
            self.observer.on_pool_contact(now, entry, abandoned);
        }
        self.signals.abandoned();
        self.finish(now, id, Outcome::Abandoned, Channel::Human, events);
    }

    /// The pool whose slot serves `contact`: its own, or its overflow target.
    fn server_of(&self, contact: &Contact) -> usize {
        let home = contact.home_pool();
        match self.pools.overflow(home) {
            Some((target, _)) if contact.served_by_overflow() => target,
            _ => home,
        }
    }

    fn service_done(&mut self, now: Seconds, id: ContactId, events: &mut EventQueue<Event>) {
        let server = self.contacts.get(id).map_or(0, |c| self.server_of(c));
        self.queues[server].finish_service(now);
        if let Some(contact) = self.contacts.get(id) {
            let category = contact.category as usize;
            self.observer
                .on_human_done(now, category, contact.handle_seconds);
            let mut p_wrong = self.scenario.categories[category].human_wrong_answer;
            if contact.outsourced {
                p_wrong = (p_wrong * self.outsourcing.map_or(1.0, |o| o.error_multiplier)).min(1.0);
            }
            let wrong = contact.key.uniform(ContactDraw::HumanWrongAnswer) < p_wrong;
            let outcome = if wrong {
                Outcome::WrongAnswer
            } else {
                Outcome::Resolved
            };
            self.finish(now, id, outcome, Channel::Human, events);
        }
        self.serve_pool(now, server, events);
    }

    /// Ends a contact: satisfaction, survey, wrong-answer cost and the chance
    /// that the customer comes back (failure demand).
    fn finish(
        &mut self,
        now: Seconds,
        id: ContactId,
        outcome: Outcome,
        channel: Channel,
        events: &mut EventQueue<Event>,
    ) {
        if let Some(contact) = self.contacts.remove(id) {
            self.conclude(now, &contact, outcome, channel, events);
        }
    }

    /// The probability that a customer who lived through `contact` and
    /// believes it ended in `outcome` is satisfied.
    #[inline]
    fn satisfaction_of(
        &self,
        contact: &Contact,
        outcome: Outcome,
        channel: Channel,
        wasted_ai: Seconds,
    ) -> f64 {
        let p = self.satisfaction.probability(
            &self.scenario.csat,
            outcome,
            channel,
            contact.wait_seconds + wasted_ai,
            contact.contact_number,
        );
        if contact.outsourced {
            (p * self.outsourcing.map_or(1.0, |o| o.csat_multiplier)).min(1.0)
        } else {
            p
        }
    }

    /// The end of a contact that has left the slab (or never entered it).
    fn conclude(
        &mut self,
        now: Seconds,
        contact: &Contact,
        outcome: Outcome,
        channel: Channel,
        events: &mut EventQueue<Event>,
    ) {
        let category = contact.category as usize;
        let (csat_probability, survey) = self.satisfaction_and_survey(contact, outcome, channel);
        self.observer.on_outcome(
            now,
            &OutcomeRecord {
                category,
                outcome,
                channel,
                contact_number: contact.contact_number,
                escalated: contact.escalated,
                ai_seconds: contact.ai_seconds,
                wait_seconds: contact.wait_seconds,
                escalation: match contact.verdict {
                    AiVerdict::Escalate(reason) if contact.escalated => Some(reason),
                    _ => None,
                },
                handle_seconds: if channel == Channel::Human && outcome != Outcome::Abandoned {
                    contact.handle_seconds
                } else {
                    0.0
                },
                csat_probability,
                issue: contact.issue(),
                survey,
            },
        );
        if let Some(satisfied) = survey {
            let received = now + self.scenario.csat.survey_delay_days * 86_400.0;
            self.observer.on_survey(received, satisfied);
            self.signals
                .survey((received / WEEK_SECONDS) as usize, satisfied);
        }
        if outcome == Outcome::WrongAnswer {
            let cost = self.scenario.categories[category].wrong_answer_cost;
            if cost > 0.0 {
                self.observer.on_cost(now, CostKind::WrongAnswer, cost);
            }
        }
        self.maybe_repeat(now, contact, outcome, channel, events);
    }

    /// The true satisfaction probability of the outcome (`csat_true`), and
    /// the survey answer, if the customer answers: drawn from what they
    /// perceive, which for an undiscovered wrong answer may be a resolution.
    /// The contact's own keyed draws: taking them before the outcome is
    /// reported changes no number, and lets the record carry the answer.
    #[inline]
    fn satisfaction_and_survey(
        &self,
        contact: &Contact,
        outcome: Outcome,
        channel: Channel,
    ) -> (f64, Option<bool>) {
        let csat = &self.scenario.csat;
        let wasted_ai = if contact.escalated {
            contact.ai_seconds
        } else {
            0.0
        };
        let csat_probability = self.satisfaction_of(contact, outcome, channel, wasted_ai);
        let key = contact.key;
        let perceived = if outcome == Outcome::WrongAnswer
            && csat.wrong_answer_perceived_resolved > 0.0
            && key.uniform(ContactDraw::Perception) < csat.wrong_answer_perceived_resolved
        {
            Outcome::Resolved
        } else {
            outcome
        };
        let response_rate = csat.survey_response_rate
            * csat.survey_response_by_outcome[match perceived {
                Outcome::Resolved => 0,
                Outcome::WrongAnswer => 1,
                Outcome::Abandoned => 2,
                Outcome::Trapped => 3,
            }];
        let survey = (response_rate > 0.0
            && key.uniform(ContactDraw::SurveyResponse) < response_rate)
            .then(|| {
                let p = if perceived == outcome {
                    csat_probability
                } else {
                    self.satisfaction_of(contact, perceived, channel, wasted_ai)
                };
                key.uniform(ContactDraw::SurveyAnswer) < p
            });
        (csat_probability, survey)
    }

    /// Failure demand: the customer whose issue is still open may come
    /// back, after a delay that depends on how it failed, and straight to a
    /// person if the AI failed them and the scenario remembers it.
    #[inline]
    fn maybe_repeat(
        &mut self,
        now: Seconds,
        contact: &Contact,
        outcome: Outcome,
        channel: Channel,
        events: &mut EventQueue<Event>,
    ) {
        let r = &self.scenario.repeats;
        let (repeat_probability, after) = match outcome {
            Outcome::Resolved => return,
            Outcome::WrongAnswer => (r.probability_after_wrong_answer, 0),
            Outcome::Abandoned => (r.probability_after_abandoned, 1),
            Outcome::Trapped => (r.probability_after_trapped, 2),
        };
        let key = contact.key;
        if repeat_probability <= 0.0
            || u32::from(contact.contact_number) >= r.max_contacts_per_issue
            || key.uniform(ContactDraw::Repeat) >= repeat_probability
        {
            return;
        }
        let delay = self.repeat_delays[after].sample(&mut key.rng(ContactDraw::RepeatDelay));
        // The AI failed this customer: a wrong answer or a trap of its
        // own, or a hand-off that left them waiting until they gave up.
        let ai_failed = (channel == Channel::Ai && outcome != Outcome::Resolved)
            || (contact.escalated && outcome == Outcome::Abandoned);
        let p_human = r.to_human_after_ai_failure;
        let to_human = ai_failed
            && p_human > 0.0
            && (p_human >= 1.0 || key.uniform(ContactDraw::RepeatToHuman) < p_human);
        #[cfg(test)]
        self.trace.push((
            contact.issue(),
            contact.contact_number,
            "repeat_delay",
            delay,
        ));
        let at = now + delay;
        self.observer
            .on_repeat_scheduled(now, at, contact.category as usize);
        let issue = contact.issue();
        events.schedule(
            at,
            Event::RepeatArrival {
                category: contact.category,
                contact_number: contact.contact_number + 1,
                issue_high: ((issue >> 32) as u16 & !TO_HUMAN_MASK)
                    | if to_human { TO_HUMAN_MASK } else { 0 },
                issue_low: issue as u32,
            },
        );
    }
}

impl<O: Observer> Handler for World<'_, O> {
    type Event = Event;

    #[inline]
    fn handle(&mut self, now: Seconds, event: Event, events: &mut EventQueue<Event>) {
        // The books close at the horizon: anything due exactly then stays in
        // the system, so the end-of-run count and the last week agree.
        if now >= self.horizon && !matches!(event, Event::IntervalStart { .. }) {
            return;
        }
        match event {
            Event::NewArrival => {
                let category = self.pick_category();
                let issue = self.next_issue;
                self.next_issue += 1;
                self.arrive(now, category, 1, issue, false, events);
                self.schedule_next_arrival(now, false, events);
            }
            Event::RepeatArrival {
                category,
                contact_number,
                issue_high,
                issue_low,
            } => {
                let to_human = issue_high & TO_HUMAN_MASK != 0;
                let issue = u64::from(issue_high & !TO_HUMAN_MASK) << 32 | u64::from(issue_low);
                self.arrive(now, category, contact_number, issue, to_human, events);
            }
            Event::AiDone(id) => self.ai_done(now, id, events),
            Event::PatienceExpired(id) => self.patience_expired(now, id, events),
            Event::ServiceDone(id) => self.service_done(now, id, events),
            Event::OverflowDue { pool } => self.serve_overflow(now, pool as usize, events),
            Event::IntervalStart { index } => self.interval_start(now, index, events),
        }
    }
}

/// The first category whose cumulative share (`thresholds`, never
/// decreasing, at least one) exceeds the draw `u`; the last if none does.
///
/// That index is the number of thresholds at or below `u`: counting them has
/// no data-dependent branch, where `position` mispredicted its exit on most
/// new contacts (about 3% of a 52-week over-automation run, `perf annotate`).
pub(super) fn category_at(thresholds: &[f64], u: f64) -> usize {
    let below = thresholds
        .iter()
        .map(|t| usize::from(*t <= u))
        .sum::<usize>();
    below.min(thresholds.len() - 1)
}

/// Sets the AI share of one category, or of all of them.
fn set_route(routes: &mut [Option<f64>], category: Option<usize>, share: f64) {
    match category {
        Some(c) => routes[c] = Some(share),
        None => routes.iter_mut().for_each(|r| *r = Some(share)),
    }
}

/// A fixed staffing schedule seen as a workforce: everyone proficient, steps
/// up counted as hires and steps down as departures.
fn fixed_people(week: u32, fte: f64, last_week: f64, first: bool) -> PeopleWeek {
    let change = if first { 0.0 } else { fte - last_week };
    PeopleWeek {
        week,
        proficient: fte,
        headcount: fte,
        productive_fte: fte,
        hired: change.max(0.0),
        attrition: (-change).max(0.0),
        ..PeopleWeek::default()
    }
}

#[cfg(test)]
mod tests {
    use super::{category_at, Event, World};
    use crate::engine::{self, EventQueue};
    use crate::model::NoObserver;
    use crate::scenario::{self, Limits, Scenario};
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;
    use std::collections::HashMap;

    /// An overloaded queue with every random path: AI with all verdicts and a
    /// trigger, patience, repeats, surveys, workforce attrition; `{FTE}` is
    /// the headcount and `{SHARE}` the AI share of the first category.
    const VARIANTS: &str = r#"
name = "variants"
horizon_weeks = 1
replications = 1
seed = 21
interval_minutes = 60
[demand]
contacts_per_week = 6000
[[categories]]
name = "simple"
share = 0.7
ai_share = {SHARE}
ai_outcomes = { resolved = 0.5, escalated = 0.3, wrong_answer = 0.1, stuck = 0.1 }
ai_handle_minutes = { distribution = "lognormal", mean = 2.0, cv = 0.8 }
human_handle_minutes = { distribution = "gamma", mean = 8.0, cv = 0.6 }
human_wrong_answer = 0.1
patience_minutes = { distribution = "exponential", mean = 3.0 }
triggers = { hardship = 0.1 }
[[categories]]
name = "complex"
share = 0.3
human_handle_minutes = { distribution = "lognormal", mean = 12.0, cv = 0.9 }
patience_minutes = { distribution = "gamma", mean = 5.0, cv = 0.7 }
[escalation]
escape_hatch = false
[[escalation.triggers]]
name = "hardship"
detection_accuracy = 0.6
[repeats]
probability_after_wrong_answer = 0.6
probability_after_abandoned = 0.7
probability_after_trapped = 0.8
delay_hours = { distribution = "exponential", mean = 2.0 }
[staffing]
fte = {FTE}
[csat]
survey_response_rate = 0.3
[workforce]
attrition_per_year = 0.5
"#;

    fn variant(fte: u32, share: f64) -> Scenario {
        let text = VARIANTS
            .replace("{FTE}", &fte.to_string())
            .replace("{SHARE}", &share.to_string());
        scenario::parse("variants.toml", &text, &Limits::default()).unwrap()
    }

    /// Every draw of every contact in replication 0, by (issue, contact
    /// number, what), and how many contacts abandoned.
    fn draws(s: &Scenario) -> HashMap<(u64, u8, &'static str), f64> {
        let mut world = World::new(s, 0, NoObserver);
        let mut queue = EventQueue::new();
        queue.schedule_tick(0.0, Event::IntervalStart { index: 0 });
        let horizon = world.horizon;
        engine::run_until(&mut world, &mut queue, horizon);
        let mut seen = HashMap::new();
        for (issue, n, what, value) in world.trace {
            assert!(
                seen.insert((issue, n, what), value).is_none(),
                "issue {issue} contact {n} drew its {what} twice"
            );
        }
        seen
    }

    /// A contact's draws do not depend on what happened before it: variants
    /// with different staffing (so different waits, abandonment, repeats and
    /// attrition) or a different AI share give the same customer (issue and
    /// contact number) the same AI time, patience, handle time and repeat
    /// delay wherever both variants draw them. The variants must really
    /// differ, and share many draws, repeats included.
    #[test]
    fn a_contacts_draws_are_the_same_in_every_variant() {
        let base = draws(&variant(12, 0.5));
        for other in [variant(9, 0.5), variant(20, 0.5), variant(12, 0.7)] {
            let other = draws(&other);
            let mut shared = HashMap::<&str, usize>::new();
            for (key, value) in &base {
                if let Some(o) = other.get(key) {
                    assert_eq!(value.to_bits(), o.to_bits(), "{key:?}: {value} vs {o}");
                    *shared.entry(key.2).or_default() += 1;
                    if key.1 > 1 {
                        *shared.entry("repeat contacts").or_default() += 1;
                    }
                }
            }
            let only_one = base.keys().filter(|k| !other.contains_key(*k)).count()
                + other.keys().filter(|k| !base.contains_key(*k)).count();
            assert!(only_one > 100, "the variants must differ ({only_one})");
            for what in [
                "ai_seconds",
                "patience",
                "handle",
                "repeat_delay",
                "repeat contacts",
            ] {
                let n = shared.get(what).copied().unwrap_or(0);
                assert!(n > 100, "{what}: only {n} shared draws");
            }
        }
    }

    /// Splitting the agents into pools (with overflow) changes waits, so
    /// which contacts abandon, come back or are served, but no contact's
    /// draws: the pool is drawn from its own purpose of the issue's key.
    #[test]
    fn pools_leave_every_contacts_draws_unchanged() {
        let pools = "[[pools]]\nname = \"a\"\nstaff_share = 0.6\n\
            category_shares = { simple = 0.6, complex = 1.0 }\n\
            [[pools]]\nname = \"b\"\nstaff_share = 0.4\n\
            category_shares = { simple = 0.4 }\n\
            overflow_to = \"a\"\noverflow_after_seconds = 30\n";
        let text = VARIANTS.replace("{FTE}", "12").replace("{SHARE}", "0.5");
        let pooled = scenario::parse(
            "pooled.toml",
            &format!("{text}\n{pools}"),
            &Limits::default(),
        )
        .unwrap();
        let (base, split) = (draws(&variant(12, 0.5)), draws(&pooled));
        let mut shared = 0;
        for (key, value) in &base {
            if let Some(o) = split.get(key) {
                assert_eq!(value.to_bits(), o.to_bits(), "{key:?}: {value} vs {o}");
                shared += 1;
            }
        }
        let only_one = base.keys().filter(|k| !split.contains_key(*k)).count();
        assert!(
            shared > 1000 && only_one > 10,
            "{shared} shared, {only_one} differ"
        );
    }

    /// Counting must pick exactly what the definition (`position` of the
    /// first threshold above the draw) picks, including categories with a
    /// zero share (equal neighbouring thresholds, never picked) and draws
    /// that land exactly on a threshold.
    #[test]
    fn counting_thresholds_picks_the_first_one_above_the_draw() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        for _ in 0..2_000 {
            let n = rng.random_range(1..10);
            let mut total = 0.0;
            let thresholds: Vec<f64> = (0..n)
                .map(|_| {
                    if rng.random_range(0..4) > 0 {
                        total += rng.random::<f64>();
                    }
                    total
                })
                .collect();
            let last = thresholds[n - 1];
            for _ in 0..20 {
                let u = match rng.random_range(0..3) {
                    0 => thresholds[rng.random_range(0..n)],
                    _ => rng.random::<f64>() * last,
                };
                let expected = thresholds.iter().position(|t| u < *t).unwrap_or(n - 1);
                assert_eq!(
                    category_at(&thresholds, u),
                    expected,
                    "{thresholds:?} at {u}"
                );
            }
        }
    }
}

/// Whether a run of `variant` is, up to the start of `week`, a run of
/// `base`: everything the world reads before then is the same. What may
/// differ: decisions from `week` on, AI rollout steps from `week` on, a
/// shorter horizon that still reaches `week`, and the rules and the workforce
/// settings, which `Policy::resume` and `Pipeline::take_over` judge by what
/// has happened.
fn same_before(base: &Scenario, variant: &Scenario, week: u32) -> bool {
    let before = |s: &Scenario| {
        let mut s = s.clone();
        s.decisions.retain(|d| d.week < week);
        s.rules.clear();
        s.workforce = None;
        s.horizon_weeks = 0;
        for c in &mut s.categories {
            c.ai_rollout.retain(|(w, _)| *w < week);
        }
        s
    };
    week <= variant.horizon_weeks
        && variant.horizon_weeks <= base.horizon_weeks
        && before(base) == before(variant)
}

/// A run paused between two weeks: it can go on, or be forked into a variant
/// that shares its past, so the past is simulated once.
#[derive(Clone)]
pub struct Checkpoint<'s, O: Observer> {
    world: World<'s, O>,
    queue: EventQueue<Event>,
    /// Events processed so far.
    processed: u64,
    /// The week that starts next (0 before the warm-up has run).
    week: u32,
}

impl<'s, O: Observer> Checkpoint<'s, O> {
    /// The world before anything has happened.
    pub fn start(world: World<'s, O>) -> Self {
        let mut queue = EventQueue::new();
        queue.schedule_tick(0.0, Event::IntervalStart { index: 0 });
        Checkpoint {
            world,
            queue,
            processed: 0,
            week: 0,
        }
    }

    /// A fresh run of `scenario`'s replication `replication`.
    pub fn new(scenario: &'s Scenario, replication: u64, observer: O) -> Self {
        Self::start(World::new(scenario, replication, observer))
    }

    /// Runs on to the start of `week` (reported weeks, after the warm-up):
    /// everything before it has happened, nothing of it has. A week already
    /// passed, or past the horizon, leaves the run where it is or at its end.
    pub fn run_to_week(&mut self, week: u32) {
        if week <= self.week {
            return;
        }
        let start = f64::from(self.world.warmup_weeks + week) * WEEK_SECONDS;
        // The last moment before the week's first tick.
        let before = f64::from_bits(start.to_bits() - 1).min(self.world.horizon);
        self.processed += engine::run_until(&mut self.world, &mut self.queue, before);
        self.week = week;
    }

    /// The week that starts next.
    pub fn week(&self) -> u32 {
        self.week
    }

    /// The observer so far.
    pub fn observer(&self) -> &O {
        &self.world.observer
    }

    /// The run of `variant` from here, when its past is this run's (see
    /// `World::fork`); `observer` is this run's observer made the variant's.
    pub fn fork<'t>(&self, variant: &'t Scenario, observer: O) -> Option<Checkpoint<'t, O>>
    where
        O: Clone,
    {
        Some(Checkpoint {
            world: self.world.fork(variant, self.week, observer)?,
            queue: self.queue.clone(),
            processed: self.processed,
            week: self.week,
        })
    }

    /// Runs to the horizon and hands back the observer and the end state.
    pub fn finish(mut self) -> (O, RunEnd) {
        let horizon = self.world.horizon;
        let processed =
            self.processed + engine::run_until(&mut self.world, &mut self.queue, horizon);
        let world = self.world;
        let end = RunEnd {
            in_system: world.contacts.len(),
            in_system_at_start: world.in_system_at_start,
            events_processed: processed,
            peak_in_system: world.contacts.capacity_used(),
        };
        (world.observer, end)
    }
}
