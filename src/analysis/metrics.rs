//! The counters a replication accumulates and the metrics reported from them.
//!
//! Counters are plain sums per week (contacts, seconds, money), so weeks add up
//! to totals and replications can be merged. Every reported metric is a formula
//! over counters; the same formula gives the weekly value and the horizon total,
//! so a ratio is always a ratio of sums, never a mean of weekly ratios.

/// What a replication counts, per week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum Counter {
    Arrived,
    NewContacts,
    RepeatContacts,
    AiHandled,
    AiResolved,
    AiWrongAnswer,
    Escalated,
    EscalatedTrigger,
    EscalatedEscapeHatch,
    EscalatedTurnLimit,
    Answered,
    AnsweredWithinTarget,
    AbandonedInQueue,
    QueueWaitSeconds,
    HumanHandled,
    HumanHandleSeconds,
    Resolved,
    WrongAnswer,
    Abandoned,
    Trapped,
    Outcomes,
    CsatSum,
    SurveyResponses,
    SurveySatisfied,
    CostHuman,
    CostAi,
    CostWrongAnswer,
    SlotSeconds,
    BusySlotSeconds,
    QueueContactSeconds,
    /// Gauge: FTE on the payroll during the week.
    Fte,
    /// Gauge: contacts in the system at the end of the week.
    InSystem,
    CostRecruiting,
    CostTraining,
    CostSeverance,
    CostOutsourcing,
    Hired,
    Rehired,
    Attrition,
    LaidOff,
    /// Gauges of the workforce at the start of the week.
    OpenRequisitions,
    WaitingForClass,
    InTraining,
    Ramping,
    Proficient,
    Trainers,
    Alumni,
    ProductiveFte,
    OutsourcedFte,
    /// Gauge: contacts waiting for a human at the end of the week.
    Backlog,
    /// Gauge: contacts in the system at the start of the week (in week 0,
    /// carried over from the warm-up).
    InSystemAtStart,
}

pub const COUNTERS: usize = Counter::InSystemAtStart as usize + 1;

/// One week's (or a horizon's) counters.
pub type Counters = [f64; COUNTERS];

/// How a metric is computed from counters.
#[derive(Debug, Clone, Copy)]
pub enum Formula {
    Sum(&'static [Counter]),
    /// Sum of numerators over sum of denominators, times a scale; NaN when the
    /// denominator is 0 (nothing to measure).
    Ratio(&'static [Counter], &'static [Counter], f64),
    /// A weekly gauge averaged over the weeks, times a scale.
    MeanPerWeek(Counter, f64),
    /// A gauge taken in the first week.
    First(Counter),
    /// A gauge taken at the end of the last week.
    Last(Counter),
}

#[derive(Debug, Clone, Copy)]
pub struct MetricDef {
    pub name: &'static str,
    pub unit: &'static str,
    pub formula: Formula,
    pub description: &'static str,
}

use Counter as C;
use Formula::{First, Last, MeanPerWeek, Ratio, Sum};

const WEEK_SECONDS: f64 = 604_800.0;
const QUEUE_LEFT: &[Counter] = &[C::Answered, C::AbandonedInQueue];
const COSTS: &[Counter] = &[
    C::CostHuman,
    C::CostAi,
    C::CostWrongAnswer,
    C::CostRecruiting,
    C::CostTraining,
    C::CostSeverance,
    C::CostOutsourcing,
];

/// Every reported metric, in report order.
pub const METRICS: &[MetricDef] = &[
    MetricDef { name: "arrived", unit: "contacts", formula: Sum(&[C::Arrived]), description: "contacts that arrived, first contacts and repeats" },
    MetricDef { name: "new_contacts", unit: "contacts", formula: Sum(&[C::NewContacts]), description: "first contacts about an issue" },
    MetricDef { name: "repeat_contacts", unit: "contacts", formula: Sum(&[C::RepeatContacts]), description: "customers coming back about an unresolved issue (failure demand)" },
    MetricDef { name: "ai_handled", unit: "contacts", formula: Sum(&[C::AiHandled]), description: "contacts routed to the AI assistant" },
    MetricDef { name: "ai_resolved", unit: "contacts", formula: Sum(&[C::AiResolved]), description: "contacts the AI resolved correctly" },
    MetricDef { name: "ai_wrong_answer", unit: "contacts", formula: Sum(&[C::AiWrongAnswer]), description: "contacts the AI answered wrongly" },
    MetricDef { name: "escalated", unit: "contacts", formula: Sum(&[C::Escalated]), description: "contacts the AI handed to the human queue, for any reason" },
    MetricDef { name: "escalated_by_trigger", unit: "contacts", formula: Sum(&[C::EscalatedTrigger]), description: "escalations by a detected trigger (hardship, dispute, frustration)" },
    MetricDef { name: "escalated_by_escape_hatch", unit: "contacts", formula: Sum(&[C::EscalatedEscapeHatch]), description: "escalations asked for by the customer" },
    MetricDef { name: "escalated_by_turn_limit", unit: "contacts", formula: Sum(&[C::EscalatedTurnLimit]), description: "escalations at the maximum number of AI turns" },
    MetricDef { name: "human_handled", unit: "contacts", formula: Sum(&[C::HumanHandled]), description: "contacts whose human service finished" },
    MetricDef { name: "resolved", unit: "contacts", formula: Sum(&[C::Resolved]), description: "contacts resolved correctly (AI or human)" },
    MetricDef { name: "wrong_answer", unit: "contacts", formula: Sum(&[C::WrongAnswer]), description: "contacts answered wrongly (AI or human)" },
    MetricDef { name: "abandoned", unit: "contacts", formula: Sum(&[C::Abandoned]), description: "contacts that gave up waiting for a human" },
    MetricDef { name: "trapped", unit: "contacts", formula: Sum(&[C::Trapped]), description: "contacts that gave up inside an AI loop with no way out" },
    MetricDef { name: "in_system_at_start", unit: "contacts", formula: First(C::InSystemAtStart), description: "contacts with the AI, waiting or in service at the start of the period (week 0: carried over from the warm-up)" },
    MetricDef { name: "in_system_at_end", unit: "contacts", formula: Last(C::InSystem), description: "contacts with the AI, waiting or in service at the end of the period" },
    MetricDef { name: "ai_share", unit: "share", formula: Ratio(&[C::AiHandled], &[C::Arrived], 1.0), description: "share of arrived contacts routed to the AI (usage)" },
    MetricDef { name: "ai_resolution_rate", unit: "share", formula: Ratio(&[C::AiResolved], &[C::AiHandled], 1.0), description: "share of AI conversations resolved correctly" },
    MetricDef { name: "repeat_share", unit: "share", formula: Ratio(&[C::RepeatContacts], &[C::Arrived], 1.0), description: "share of arrivals that are repeat contacts" },
    MetricDef { name: "csat_true", unit: "share", formula: Ratio(&[C::CsatSum], &[C::Outcomes], 1.0), description: "expected share of satisfied customers over contacts that ended" },
    MetricDef { name: "csat_measured", unit: "share", formula: Ratio(&[C::SurveySatisfied], &[C::SurveyResponses], 1.0), description: "share satisfied among survey responses received (noisy and lagging)" },
    MetricDef { name: "survey_responses", unit: "responses", formula: Sum(&[C::SurveyResponses]), description: "survey responses received" },
    MetricDef { name: "service_level", unit: "share", formula: Ratio(&[C::AnsweredWithinTarget], QUEUE_LEFT, 1.0), description: "share of contacts offered to humans answered within staffing.answer_seconds (abandoners count as not answered)" },
    MetricDef { name: "abandon_rate", unit: "share", formula: Ratio(&[C::AbandonedInQueue], QUEUE_LEFT, 1.0), description: "share of contacts offered to humans that abandoned" },
    MetricDef { name: "mean_wait_seconds", unit: "seconds", formula: Ratio(&[C::QueueWaitSeconds], QUEUE_LEFT, 1.0), description: "mean wait in the human queue, abandoners counted until they left" },
    MetricDef { name: "occupancy", unit: "share", formula: Ratio(&[C::BusySlotSeconds], &[C::SlotSeconds], 1.0), description: "busy chat slots over staffed chat slots" },
    MetricDef { name: "human_handle_minutes", unit: "minutes", formula: Ratio(&[C::HumanHandleSeconds], &[C::HumanHandled], 1.0 / 60.0), description: "mean human handle time per contact" },
    MetricDef { name: "fte", unit: "FTE", formula: MeanPerWeek(C::Fte, 1.0), description: "agents on the payroll (full-time equivalents), in training and ramping included" },
    MetricDef { name: "productive_fte", unit: "FTE", formula: MeanPerWeek(C::ProductiveFte, 1.0), description: "in-house capacity for contacts: proficient agents, ramping agents by their productivity, trainers not teaching" },
    MetricDef { name: "outsourced_fte", unit: "FTE", formula: MeanPerWeek(C::OutsourcedFte, 1.0), description: "capacity of the outsourcing partner" },
    MetricDef { name: "open_requisitions", unit: "people", formula: MeanPerWeek(C::OpenRequisitions, 1.0), description: "requisitions open, not yet filled" },
    MetricDef { name: "waiting_for_class", unit: "people", formula: MeanPerWeek(C::WaitingForClass, 1.0), description: "hired, waiting for a training class" },
    MetricDef { name: "in_training", unit: "people", formula: MeanPerWeek(C::InTraining, 1.0), description: "in training (paid, not productive)" },
    MetricDef { name: "ramping", unit: "people", formula: MeanPerWeek(C::Ramping, 1.0), description: "trained, ramping up to full productivity" },
    MetricDef { name: "proficient", unit: "people", formula: MeanPerWeek(C::Proficient, 1.0), description: "fully productive agents (trainers not included)" },
    MetricDef { name: "trainers", unit: "people", formula: MeanPerWeek(C::Trainers, 1.0), description: "senior agents who teach classes" },
    MetricDef { name: "alumni", unit: "people", formula: MeanPerWeek(C::Alumni, 1.0), description: "laid-off people still willing to come back" },
    MetricDef { name: "hired", unit: "people", formula: Sum(&[C::Hired]), description: "new hires starting" },
    MetricDef { name: "rehired", unit: "people", formula: Sum(&[C::Rehired]), description: "laid-off people returning" },
    MetricDef { name: "attrition", unit: "people", formula: Sum(&[C::Attrition]), description: "people who left of their own accord" },
    MetricDef { name: "laid_off", unit: "people", formula: Sum(&[C::LaidOff]), description: "people let go" },
    MetricDef { name: "backlog", unit: "contacts", formula: MeanPerWeek(C::Backlog, 1.0), description: "contacts waiting for a human at the end of the week" },
    MetricDef { name: "slots_on_shift", unit: "slots", formula: MeanPerWeek(C::SlotSeconds, 1.0 / WEEK_SECONDS), description: "mean chat slots on shift (agents x concurrency)" },
    MetricDef { name: "cost_human", unit: "currency", formula: Sum(&[C::CostHuman]), description: "fully loaded pay of the agents on the payroll" },
    MetricDef { name: "cost_ai", unit: "currency", formula: Sum(&[C::CostAi]), description: "AI charges per conversation and per resolution" },
    MetricDef { name: "cost_wrong_answers", unit: "currency", formula: Sum(&[C::CostWrongAnswer]), description: "money at stake in wrong answers" },
    MetricDef { name: "cost_recruiting", unit: "currency", formula: Sum(&[C::CostRecruiting]), description: "cost per hire times hires and returners" },
    MetricDef { name: "cost_training", unit: "currency", formula: Sum(&[C::CostTraining]), description: "training cost besides trainees' pay" },
    MetricDef { name: "cost_severance", unit: "currency", formula: Sum(&[C::CostSeverance]), description: "severance paid to laid-off people" },
    MetricDef { name: "cost_outsourcing", unit: "currency", formula: Sum(&[C::CostOutsourcing]), description: "hours bought from the outsourcing partner" },
    MetricDef { name: "cost_total", unit: "currency", formula: Sum(COSTS), description: "human + AI + wrong-answer + recruiting + training + severance + outsourcing cost" },
    MetricDef { name: "cost_per_contact", unit: "currency/contact", formula: Ratio(COSTS, &[C::Arrived], 1.0), description: "total cost over arrived contacts" },
    MetricDef { name: "cost_per_issue", unit: "currency/issue", formula: Ratio(COSTS, &[C::NewContacts], 1.0), description: "total cost over new issues (first contacts): repeat contacts raise it, where they lower cost per contact" },
    MetricDef { name: "cost_per_resolved_issue", unit: "currency/issue", formula: Ratio(COSTS, &[C::Resolved], 1.0), description: "total cost over issues resolved (a resolved contact ends its issue)" },
];

/// Index of a metric by name.
pub fn metric_index(name: &str) -> Option<usize> {
    METRICS.iter().position(|m| m.name == name)
}

impl Formula {
    /// The metric's value over `weeks` weeks whose counters are summed in
    /// `sum`, with `first` and `last` the first and final weeks' counters.
    pub fn value(&self, sum: &Counters, first: &Counters, last: &Counters, weeks: f64) -> f64 {
        let total = |cs: &[Counter]| cs.iter().map(|c| sum[*c as usize]).sum::<f64>();
        match *self {
            Formula::Sum(cs) => total(cs),
            Formula::Ratio(num, den, scale) => {
                let d = total(den);
                if d > 0.0 {
                    total(num) / d * scale
                } else {
                    f64::NAN
                }
            }
            Formula::MeanPerWeek(c, scale) => sum[c as usize] / weeks * scale,
            Formula::First(c) => first[c as usize],
            Formula::Last(c) => last[c as usize],
        }
    }
}
