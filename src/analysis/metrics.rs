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

/// Declares the `Metric` enum and the `METRICS` table from one list, so a
/// metric's variant, name, unit, formula and description cannot drift apart
/// and `METRICS[m as usize]` is always metric `m`.
macro_rules! metrics {
    ($($variant:ident = $name:literal, $unit:literal, $formula:expr, $description:literal;)*) => {
        /// A reported metric. Code names a metric by its variant, so a typo is
        /// a compile error; its name (the CSV and JSON key), unit, formula
        /// and description are in `METRICS`, in the same order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(usize)]
        pub enum Metric {
            $($variant,)*
        }

        impl Metric {
            /// Every metric, in report order.
            pub const ALL: &'static [Metric] = &[$(Metric::$variant,)*];
        }

        /// Every reported metric, in report order (`Metric`'s order).
        #[rustfmt::skip]
        pub const METRICS: &[MetricDef] = &[
            $(MetricDef { name: $name, unit: $unit, formula: $formula, description: $description },)*
        ];
    };
}

metrics! {
    Arrived = "arrived", "contacts", Sum(&[C::Arrived]), "contacts that arrived, first contacts and repeats";
    NewContacts = "new_contacts", "contacts", Sum(&[C::NewContacts]), "first contacts about an issue";
    RepeatContacts = "repeat_contacts", "contacts", Sum(&[C::RepeatContacts]), "customers coming back about an unresolved issue (failure demand)";
    AiHandled = "ai_handled", "contacts", Sum(&[C::AiHandled]), "contacts routed to the AI assistant";
    AiResolved = "ai_resolved", "contacts", Sum(&[C::AiResolved]), "contacts the AI resolved correctly";
    AiWrongAnswer = "ai_wrong_answer", "contacts", Sum(&[C::AiWrongAnswer]), "contacts the AI answered wrongly";
    Escalated = "escalated", "contacts", Sum(&[C::Escalated]), "contacts the AI handed to the human queue, for any reason";
    EscalatedByTrigger = "escalated_by_trigger", "contacts", Sum(&[C::EscalatedTrigger]), "escalations by a detected trigger (hardship, dispute, frustration)";
    EscalatedByEscapeHatch = "escalated_by_escape_hatch", "contacts", Sum(&[C::EscalatedEscapeHatch]), "escalations asked for by the customer";
    EscalatedByTurnLimit = "escalated_by_turn_limit", "contacts", Sum(&[C::EscalatedTurnLimit]), "escalations at the maximum number of AI turns";
    HumanHandled = "human_handled", "contacts", Sum(&[C::HumanHandled]), "contacts whose human service finished";
    Resolved = "resolved", "contacts", Sum(&[C::Resolved]), "contacts resolved correctly (AI or human)";
    WrongAnswer = "wrong_answer", "contacts", Sum(&[C::WrongAnswer]), "contacts answered wrongly (AI or human)";
    Abandoned = "abandoned", "contacts", Sum(&[C::Abandoned]), "contacts that gave up waiting for a human";
    Trapped = "trapped", "contacts", Sum(&[C::Trapped]), "contacts that gave up inside an AI loop with no way out";
    InSystemAtStart = "in_system_at_start", "contacts", First(C::InSystemAtStart), "contacts with the AI, waiting or in service at the start of the period (week 0: carried over from the warm-up)";
    InSystemAtEnd = "in_system_at_end", "contacts", Last(C::InSystem), "contacts with the AI, waiting or in service at the end of the period";
    AiShare = "ai_share", "share", Ratio(&[C::AiHandled], &[C::Arrived], 1.0), "share of arrived contacts routed to the AI (usage)";
    AiResolutionRate = "ai_resolution_rate", "share", Ratio(&[C::AiResolved], &[C::AiHandled], 1.0), "share of AI conversations resolved correctly";
    RepeatShare = "repeat_share", "share", Ratio(&[C::RepeatContacts], &[C::Arrived], 1.0), "share of arrivals that are repeat contacts";
    CsatTrue = "csat_true", "share", Ratio(&[C::CsatSum], &[C::Outcomes], 1.0), "expected share of satisfied customers over contacts that ended";
    CsatMeasured = "csat_measured", "share", Ratio(&[C::SurveySatisfied], &[C::SurveyResponses], 1.0), "share satisfied among survey responses received (noisy and lagging)";
    SurveyResponses = "survey_responses", "responses", Sum(&[C::SurveyResponses]), "survey responses received";
    ServiceLevel = "service_level", "share", Ratio(&[C::AnsweredWithinTarget], QUEUE_LEFT, 1.0), "share of contacts offered to humans answered within staffing.answer_seconds (abandoners count as not answered)";
    AbandonRate = "abandon_rate", "share", Ratio(&[C::AbandonedInQueue], QUEUE_LEFT, 1.0), "share of contacts offered to humans that abandoned";
    MeanWaitSeconds = "mean_wait_seconds", "seconds", Ratio(&[C::QueueWaitSeconds], QUEUE_LEFT, 1.0), "mean wait in the human queue, abandoners counted until they left";
    Occupancy = "occupancy", "share", Ratio(&[C::BusySlotSeconds], &[C::SlotSeconds], 1.0), "busy chat slots over staffed chat slots";
    HumanHandleMinutes = "human_handle_minutes", "minutes", Ratio(&[C::HumanHandleSeconds], &[C::HumanHandled], 1.0 / 60.0), "mean human handle time per contact";
    Fte = "fte", "FTE", MeanPerWeek(C::Fte, 1.0), "agents on the payroll (full-time equivalents), in training and ramping included";
    ProductiveFte = "productive_fte", "FTE", MeanPerWeek(C::ProductiveFte, 1.0), "in-house capacity for contacts: proficient agents, ramping agents by their productivity, trainers not teaching";
    OutsourcedFte = "outsourced_fte", "FTE", MeanPerWeek(C::OutsourcedFte, 1.0), "capacity of the outsourcing partner";
    OpenRequisitions = "open_requisitions", "people", MeanPerWeek(C::OpenRequisitions, 1.0), "requisitions open, not yet filled";
    WaitingForClass = "waiting_for_class", "people", MeanPerWeek(C::WaitingForClass, 1.0), "hired, waiting for a training class";
    InTraining = "in_training", "people", MeanPerWeek(C::InTraining, 1.0), "in training (paid, not productive)";
    Ramping = "ramping", "people", MeanPerWeek(C::Ramping, 1.0), "trained, ramping up to full productivity";
    Proficient = "proficient", "people", MeanPerWeek(C::Proficient, 1.0), "fully productive agents (trainers not included)";
    Trainers = "trainers", "people", MeanPerWeek(C::Trainers, 1.0), "senior agents who teach classes";
    Alumni = "alumni", "people", MeanPerWeek(C::Alumni, 1.0), "laid-off people still willing to come back";
    Hired = "hired", "people", Sum(&[C::Hired]), "new hires starting";
    Rehired = "rehired", "people", Sum(&[C::Rehired]), "laid-off people returning";
    Attrition = "attrition", "people", Sum(&[C::Attrition]), "people who left of their own accord";
    LaidOff = "laid_off", "people", Sum(&[C::LaidOff]), "people let go";
    Backlog = "backlog", "contacts", MeanPerWeek(C::Backlog, 1.0), "contacts waiting for a human at the end of the week";
    SlotsOnShift = "slots_on_shift", "slots", MeanPerWeek(C::SlotSeconds, 1.0 / WEEK_SECONDS), "mean chat slots on shift (agents x concurrency)";
    CostHuman = "cost_human", "currency", Sum(&[C::CostHuman]), "fully loaded pay of the agents on the payroll";
    CostAi = "cost_ai", "currency", Sum(&[C::CostAi]), "AI charges per conversation and per resolution";
    CostWrongAnswers = "cost_wrong_answers", "currency", Sum(&[C::CostWrongAnswer]), "money at stake in wrong answers";
    CostRecruiting = "cost_recruiting", "currency", Sum(&[C::CostRecruiting]), "cost per hire times hires and returners";
    CostTraining = "cost_training", "currency", Sum(&[C::CostTraining]), "training cost besides trainees' pay";
    CostSeverance = "cost_severance", "currency", Sum(&[C::CostSeverance]), "severance paid to laid-off people";
    CostOutsourcing = "cost_outsourcing", "currency", Sum(&[C::CostOutsourcing]), "hours bought from the outsourcing partner";
    CostTotal = "cost_total", "currency", Sum(COSTS), "human + AI + wrong-answer + recruiting + training + severance + outsourcing cost";
    CostPerContact = "cost_per_contact", "currency/contact", Ratio(COSTS, &[C::Arrived], 1.0), "total cost over arrived contacts";
    CostPerIssue = "cost_per_issue", "currency/issue", Ratio(COSTS, &[C::NewContacts], 1.0), "total cost over new issues (first contacts): repeat contacts raise it, where they lower cost per contact";
    CostPerResolvedIssue = "cost_per_resolved_issue", "currency/issue", Ratio(COSTS, &[C::Resolved], 1.0), "total cost over issues resolved (a resolved contact ends its issue)";
}

impl Metric {
    /// The metric's definition.
    pub fn def(self) -> &'static MetricDef {
        &METRICS[self as usize]
    }

    /// Its position in `METRICS` and in every per-metric vector of a result.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The name files and users know it by.
    pub fn name(self) -> &'static str {
        self.def().name
    }

    /// The unit it is counted in, as the files write it.
    pub fn unit(self) -> &'static str {
        self.def().unit
    }

    /// What it means, for the docs and the Markdown.
    pub fn description(self) -> &'static str {
        self.def().description
    }

    /// How it aggregates from weekly counters to any span of weeks.
    pub fn formula(self) -> Formula {
        self.def().formula
    }

    /// The metric a user named (`--outputs`, sweep axes); `None` for an
    /// unknown name.
    pub fn by_name(name: &str) -> Option<Metric> {
        metric_index(name).map(|i| Metric::ALL[i])
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_metric_is_its_own_row_of_the_table_and_is_found_by_its_name() {
        assert_eq!(Metric::ALL.len(), METRICS.len());
        for (i, m) in Metric::ALL.iter().enumerate() {
            assert_eq!(m.index(), i);
            assert_eq!(
                Metric::by_name(m.name()),
                Some(*m),
                "{} is named once",
                m.name()
            );
        }
        assert_eq!(Metric::CsatTrue.name(), "csat_true");
        assert_eq!(Metric::CostPerIssue.unit(), "currency/issue");
        assert_eq!(Metric::by_name("csat"), None);
    }
}
