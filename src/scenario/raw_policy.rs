//! Serde mirror of the people-and-decisions tables: `[workforce]`,
//! `[[decisions]]`, `[[rules]]` and `[reversibility]`. Checked by
//! `validate` (one module per table).

use serde::Deserialize;

use super::raw::{RawDistributionKind, RawDuration};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWorkforce {
    #[serde(default)]
    pub target_fte: Option<f64>,
    #[serde(default)]
    pub target_growth_per_year: f64,
    #[serde(default = "yes")]
    pub backfill: bool,
    #[serde(default = "default_time_to_hire")]
    pub time_to_hire_weeks: RawDuration,
    #[serde(default = "default_recruiting_capacity")]
    pub recruiting_capacity_per_week: f64,
    #[serde(default)]
    pub cost_per_hire: f64,
    #[serde(default = "default_training_weeks")]
    pub training_weeks: u32,
    #[serde(default)]
    pub trainers: Option<f64>,
    #[serde(default = "default_trainees_per_trainer")]
    pub trainees_per_trainer: f64,
    #[serde(default)]
    pub training_cost_per_trainee_week: f64,
    #[serde(default = "default_ramp_weeks")]
    pub ramp_weeks: u32,
    #[serde(default = "default_ramp_start")]
    pub ramp_start_productivity: f64,
    /// A turnover rate: leavers ÷ average headcount a year (0.2 = 20 %;
    /// above 1 allowed, up to 10), a constant weekly hazard 1 − e^(−r/52).
    #[serde(default)]
    pub attrition_per_year: f64,
    /// The same, for people waiting, training or ramping (default: as settled).
    #[serde(default)]
    pub new_hire_attrition_per_year: Option<f64>,
    #[serde(default)]
    pub severance_weeks: f64,
    /// Fully loaded cost per hour ÷ salary per hour (employer taxes,
    /// benefits, overhead): severance is paid on salary, not on the loaded
    /// cost `costs.agent_cost_per_hour` carries. 1 (the default) pays it on
    /// the loaded cost.
    #[serde(default = "default_loading_factor")]
    pub loading_factor: f64,
    #[serde(default)]
    pub alumni_return_share: f64,
    #[serde(default = "default_alumni_half_life")]
    pub alumni_half_life_weeks: f64,
    #[serde(default = "default_returner_training")]
    pub returner_training_weeks: u32,
    #[serde(default = "default_returner_ramp")]
    pub returner_ramp_weeks: u32,
    #[serde(default)]
    pub outsourcing: Option<RawOutsourcing>,
    #[serde(default)]
    pub load: Option<RawLoadFeedback>,
}

fn yes() -> bool {
    true
}
fn default_time_to_hire() -> RawDuration {
    RawDuration {
        distribution: RawDistributionKind::Fixed,
        mean: 6.0,
        cv: None,
    }
}
fn default_recruiting_capacity() -> f64 {
    50.0
}
fn default_training_weeks() -> u32 {
    4
}
fn default_trainees_per_trainer() -> f64 {
    12.0
}
fn default_ramp_weeks() -> u32 {
    8
}
fn default_ramp_start() -> f64 {
    0.5
}
fn default_alumni_half_life() -> f64 {
    26.0
}
fn default_returner_training() -> u32 {
    1
}
fn default_returner_ramp() -> u32 {
    2
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutsourcing {
    pub lead_time_weeks: u32,
    #[serde(default)]
    pub ramp_weeks: u32,
    #[serde(default)]
    pub notice_weeks: u32,
    pub capacity_fte: f64,
    pub cost_per_hour: f64,
    #[serde(default = "one")]
    pub error_multiplier: f64,
    #[serde(default = "one")]
    pub csat_multiplier: f64,
}

fn one() -> f64 {
    1.0
}

/// `[workforce.load]`: occupancy above a threshold wears people out.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLoadFeedback {
    pub occupancy_threshold: f64,
    #[serde(default)]
    pub extra_attrition_per_point: f64,
    #[serde(default)]
    pub extra_absence_per_point: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawActionKind {
    SetAiShare,
    RouteToHumans,
    PhaseToHumans,
    OpenHumanExit,
    PauseAiRollout,
    ResumeAiRollout,
    Layoff,
    HiringFreeze,
    LiftHiringFreeze,
    SetHeadcountTarget,
    Overtime,
    Rehire,
    OpenRequisitions,
    StartOutsourcing,
    StopOutsourcing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawPool {
    Waiting,
    Training,
    Ramping,
    Proficient,
    Trainers,
}

/// One action: a planned decision (with `week`) or one of a rule's `actions`
/// (without). Which other keys apply depends on `action`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAction {
    #[serde(default)]
    pub week: Option<u32>,
    pub action: RawActionKind,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub share: Option<f64>,
    #[serde(default)]
    pub fte: Option<f64>,
    #[serde(default)]
    pub count: Option<f64>,
    #[serde(default)]
    pub pools: Option<Vec<RawPool>>,
    #[serde(default)]
    pub categories: Option<Vec<String>>,
    #[serde(default)]
    pub over_weeks: Option<u32>,
    #[serde(default)]
    pub human_exit: Option<bool>,
    #[serde(default)]
    pub premium: Option<f64>,
    #[serde(default)]
    pub weeks: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawSignal {
    CsatMeasured,
    ServiceLevel,
    AbandonRate,
    RepeatShare,
    Backlog,
    AiErrorRateQa,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub name: String,
    pub signal: RawSignal,
    #[serde(default)]
    pub below: Option<f64>,
    #[serde(default)]
    pub above: Option<f64>,
    #[serde(default = "default_consecutive")]
    pub consecutive_weeks: u32,
    #[serde(default = "default_cooldown")]
    pub cooldown_weeks: u32,
    #[serde(default = "default_max_fires")]
    pub max_fires: u32,
    #[serde(default)]
    pub from_week: u32,
    #[serde(default)]
    pub relative_to_trailing_weeks: Option<u32>,
    pub actions: Vec<RawAction>,
}

fn default_consecutive() -> u32 {
    2
}
fn default_cooldown() -> u32 {
    4
}
fn default_max_fires() -> u32 {
    1
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReversibility {
    #[serde(default)]
    pub change_week: Option<u32>,
    #[serde(default)]
    pub baseline_weeks: Option<u32>,
    #[serde(default)]
    pub csat_tolerance: Option<f64>,
    #[serde(default)]
    pub service_level_tolerance: Option<f64>,
    #[serde(default)]
    pub consecutive_weeks: Option<u32>,
    #[serde(default)]
    pub window_weeks: Option<u32>,
}

fn default_loading_factor() -> f64 {
    1.0
}
