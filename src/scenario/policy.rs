//! The checked form of the scenario's people and decisions: the workforce
//! pipeline, the planned decision timeline, the adaptive rules and the
//! reversibility settings. Kept apart from the contact model's settings so the
//! two can be read (and changed) on their own.

use super::DurationSpec;

/// A headcount pipeline in place of a fixed staffing schedule: people are
/// recruited, trained, ramp up, become proficient, leave and may come back.
#[derive(Debug, Clone, PartialEq)]
pub struct Workforce {
    /// Proficient agents on the payroll at week 0 (from `staffing.fte`).
    pub initial_fte: f64,
    /// Headcount the recruiters hire towards while `backfill` is on.
    pub target_fte: f64,
    /// How fast the hiring target grows a year from the week it was set,
    /// whoever set it (this key, a decision, a layoff): a plan that keeps
    /// pace with demand without a decision every month, and that the
    /// reversibility counterfactual, which drops the bet's decisions, keeps.
    pub target_growth_per_year: f64,
    /// Replace leavers by opening requisitions (off: natural attrition shrinks the team).
    pub backfill: bool,
    /// Weeks from opening a requisition to the hire starting.
    pub time_to_hire_weeks: DurationSpec,
    /// Most new starters (hires plus returners) recruiting can onboard a week.
    pub recruiting_capacity_per_week: f64,
    pub cost_per_hire: f64,
    pub training_weeks: u32,
    /// Senior agents who teach classes; `None`: classes are never short of trainers.
    pub trainers: Option<f64>,
    pub trainees_per_trainer: f64,
    /// Cost of a trainee-week besides pay (trainer time, material, systems).
    pub training_cost_per_trainee_week: f64,
    pub ramp_weeks: u32,
    /// Productivity of a new agent in the first ramp week; rises linearly to 1.
    pub ramp_start_productivity: f64,
    /// Annual turnover rate (leavers ÷ average headcount), see `model::workforce`.
    pub attrition_per_year: f64,
    /// Turnover of people in training or ramping, usually higher.
    pub new_hire_attrition_per_year: f64,
    /// Severance paid per laid-off person, in weeks of pay.
    pub severance_weeks: f64,
    /// Loaded cost ÷ salary; severance is paid on salary.
    pub loading_factor: f64,
    /// Share of laid-off people who would accept an offer to return right away.
    pub alumni_return_share: f64,
    /// Weeks after which that willingness has halved.
    pub alumni_half_life_weeks: f64,
    pub returner_training_weeks: u32,
    pub returner_ramp_weeks: u32,
    pub outsourcing: Option<Outsourcing>,
    /// How a sustained high occupancy wears people out.
    pub load: Option<LoadFeedback>,
}

/// Above `occupancy_threshold` (the mean of the last four weeks), every
/// point of occupancy adds turnover and absence: people worked flat out
/// leave and fall ill more. Estimates, always: published figures tie
/// burnout to occupancy only qualitatively.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoadFeedback {
    pub occupancy_threshold: f64,
    /// Annual turnover rate added per point (0.01) of occupancy above it.
    pub extra_attrition_per_point: f64,
    /// Share of paid time lost to absence per point above it.
    pub extra_absence_per_point: f64,
}

/// A surge contract with an outsourcer: capacity that arrives after a lead
/// time, costs more per hour and may answer worse.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outsourcing {
    pub lead_time_weeks: u32,
    /// Weeks over which the partner's new agents reach full productivity
    /// (all seats are billed from the start; 0: at once).
    pub ramp_weeks: u32,
    /// Weeks between deciding to stop and the last billed week.
    pub notice_weeks: u32,
    pub capacity_fte: f64,
    pub cost_per_hour: f64,
    /// Multiplies the human wrong-answer probability for contacts they serve.
    pub error_multiplier: f64,
    /// Multiplies the satisfaction probability for contacts they serve.
    pub csat_multiplier: f64,
}

/// Headcount pools a layoff can take people from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pool {
    /// Hired, waiting for a training class.
    Waiting,
    Training,
    Ramping,
    Proficient,
    Trainers,
}

impl Pool {
    pub const NAMES: [&'static str; 5] =
        ["waiting", "training", "ramping", "proficient", "trainers"];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// Something management does: planned in the timeline or taken by a rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Routes `share` of a category (every category when `None`) to the AI.
    SetAiShare {
        category: Option<usize>,
        share: f64,
    },
    /// Sends a category (every category when `None`) back to humans only.
    RouteToHumans {
        category: Option<usize>,
    },
    /// Sends the chosen categories (every category when `None`) back to
    /// people step by step: their AI shares fall linearly to zero over
    /// `over_weeks` weeks, the last at zero. With `human_exit` the AI's
    /// "talk to a human" exit opens at once, so a stuck customer is handed
    /// over instead of trapped (the reference case's partial reversal).
    PhaseToHumans {
        categories: Option<Vec<usize>>,
        over_weeks: u32,
        human_exit: bool,
    },
    /// Opens the AI's "talk to a human" exit from now on.
    OpenHumanExit,
    /// Freezes the AI rollout at its current shares.
    PauseAiRollout,
    ResumeAiRollout,
    /// Lets people go, taking them from the pools in the order given.
    Layoff {
        fte: f64,
        pools: Vec<Pool>,
    },
    HiringFreeze,
    LiftHiringFreeze,
    /// The headcount plan: recruiters hire towards `target_fte` (above it,
    /// leavers are not replaced). Neither a change nor a reversal, and a
    /// freeze stays in force.
    SetHeadcountTarget {
        target_fte: f64,
    },
    /// Sets the headcount recruiters hire towards and lifts any freeze.
    Rehire {
        target_fte: f64,
    },
    /// Extra paid hours: `share` more on every productive agent's week, at
    /// `1 + premium` times the hourly cost, for `weeks` weeks.
    Overtime {
        share: f64,
        premium: f64,
        weeks: u32,
    },
    /// Opens requisitions on top of the target.
    OpenRequisitions {
        count: f64,
    },
    StartOutsourcing,
    StopOutsourcing,
    /// Not in scenario files: `wfsim reversibility` pulls its recruiting lever
    /// with it at the reversal. From then on recruiting onboards `capacity`
    /// times as many people a week, and requisitions take `time_to_hire` times
    /// as long to fill.
    ScaleRecruiting {
        capacity: f64,
        time_to_hire: f64,
    },
    /// Not in scenario files: the trainers lever. Proficient agents join the
    /// trainers until there are `factor` times as many (at most all of them).
    ScaleTrainers {
        factor: f64,
    },
}

impl Action {
    pub fn name(&self) -> &'static str {
        match self {
            Action::SetAiShare { .. } => "set_ai_share",
            Action::RouteToHumans { .. } => "route_to_humans",
            Action::PhaseToHumans { .. } => "phase_to_humans",
            Action::OpenHumanExit => "open_human_exit",
            Action::PauseAiRollout => "pause_ai_rollout",
            Action::ResumeAiRollout => "resume_ai_rollout",
            Action::Layoff { .. } => "layoff",
            Action::HiringFreeze => "hiring_freeze",
            Action::LiftHiringFreeze => "lift_hiring_freeze",
            Action::SetHeadcountTarget { .. } => "set_headcount_target",
            Action::Overtime { .. } => "overtime",
            Action::Rehire { .. } => "rehire",
            Action::OpenRequisitions { .. } => "open_requisitions",
            Action::StartOutsourcing => "start_outsourcing",
            Action::StopOutsourcing => "stop_outsourcing",
            Action::ScaleRecruiting { .. } => "scale_recruiting",
            Action::ScaleTrainers { .. } => "scale_trainers",
        }
    }

    /// Actions that undo an automation bet: the first one taken marks the reversal.
    pub fn is_reversal(&self) -> bool {
        matches!(
            self,
            Action::RouteToHumans { .. }
                | Action::PhaseToHumans { .. }
                | Action::OpenHumanExit
                | Action::Rehire { .. }
                | Action::OpenRequisitions { .. }
                | Action::StartOutsourcing
        )
    }

    /// Actions that make the automation bet: the first one marks the change.
    pub fn is_change(&self) -> bool {
        matches!(
            self,
            Action::SetAiShare { share, .. } if *share > 0.0
        ) || matches!(self, Action::Layoff { .. })
    }
}

/// A planned decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub week: u32,
    pub action: Action,
}

/// A weekly figure a rule can watch; all are *measured* the way management
/// would see them (surveys received, queue statistics), never the model's truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    CsatMeasured,
    ServiceLevel,
    AbandonRate,
    RepeatShare,
    /// Contacts waiting for a human at the end of the week.
    Backlog,
    /// The AI's wrong-answer rate as a weekly QA review of
    /// `ai.qa_sample_per_week` conversations measures it, sampling noise and all.
    AiErrorRateQa,
}

impl Signal {
    pub const NAMES: [&'static str; 6] = [
        "csat_measured",
        "service_level",
        "abandon_rate",
        "repeat_share",
        "backlog",
        "ai_error_rate_qa",
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// Which side of the threshold is a breach.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Breach {
    Below(f64),
    Above(f64),
}

impl Breach {
    /// Whether `value` breaches; an unmeasured week (NaN) never does.
    pub fn is_breached(self, value: f64) -> bool {
        match self {
            Breach::Below(t) => value < t,
            Breach::Above(t) => value > t,
        }
    }

    pub fn threshold(self) -> f64 {
        match self {
            Breach::Below(t) | Breach::Above(t) => t,
        }
    }
}

/// An adaptive rule: when `signal` breaches for `consecutive_weeks` weeks in a
/// row, take `actions` at the start of the next week.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub name: String,
    pub signal: Signal,
    pub breach: Breach,
    pub consecutive_weeks: u32,
    /// Weeks after firing before the rule may fire again.
    pub cooldown_weeks: u32,
    pub max_fires: u32,
    /// The rule is not evaluated before this week.
    pub from_week: u32,
    /// `Some(n)`: the threshold is a change from the signal's mean over the
    /// `n` measured weeks before the current run of breaches began (a drop
    /// of 3 points is `below = -0.03`), not an absolute level.
    pub trailing_weeks: Option<u32>,
    pub actions: Vec<Action>,
}

/// How `wfsim reversibility` judges recovery.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReversibilitySettings {
    /// The week the automation bet starts; `None`: the first change decision.
    pub change_week: Option<u32>,
    /// Weeks before the change averaged for the baseline.
    pub baseline_weeks: u32,
    /// Recovered CSAT is at most this far below baseline (share points / 100).
    pub csat_tolerance: f64,
    /// Recovered service level is at most this far below the counterfactual's.
    pub service_level_tolerance: f64,
    /// Weeks in a row CSAT and service level must hold to count as recovered.
    pub consecutive_weeks: u32,
    pub window_weeks: u32,
}

impl Default for ReversibilitySettings {
    fn default() -> Self {
        ReversibilitySettings {
            change_week: None,
            baseline_weeks: 4,
            csat_tolerance: 0.02,
            service_level_tolerance: 0.05,
            consecutive_weeks: 4,
            window_weeks: 12,
        }
    }
}
