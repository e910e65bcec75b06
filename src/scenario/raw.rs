//! Serde structs that mirror the scenario TOML one to one.
//!
//! Nothing here is checked beyond its type: `validate` turns these into a
//! `Scenario`. Every table denies unknown fields, so a typo is an error instead
//! of a silent fall-back to a default. Units live in the key names.

use serde::Deserialize;

use super::raw_policy::{RawAction, RawReversibility, RawRule, RawWorkforce};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_seed")]
    pub seed: u64,
    pub horizon_weeks: u32,
    /// Weeks simulated at week 0's settings before week 0 and discarded.
    #[serde(default = "default_warmup_weeks")]
    pub warmup_weeks: u32,
    #[serde(default = "default_replications")]
    pub replications: u32,
    #[serde(default = "default_interval_minutes")]
    pub interval_minutes: u32,
    pub demand: RawDemand,
    pub categories: Vec<RawCategory>,
    #[serde(default)]
    pub ai: RawAi,
    #[serde(default)]
    pub escalation: RawEscalation,
    #[serde(default)]
    pub repeats: RawRepeats,
    pub staffing: RawStaffing,
    #[serde(default)]
    pub csat: RawCsat,
    #[serde(default)]
    pub costs: RawCosts,
    #[serde(default)]
    pub workforce: Option<RawWorkforce>,
    #[serde(default)]
    pub decisions: Vec<RawAction>,
    #[serde(default)]
    pub rules: Vec<RawRule>,
    #[serde(default)]
    pub reversibility: Option<RawReversibility>,
    /// Groups of agents with their own queues (`[[pools]]`); none: one pool.
    #[serde(default)]
    pub pools: Vec<RawPool>,
    /// Estimated parameters and their plausible ranges (`wfsim sensitivity`).
    #[serde(default)]
    pub uncertain: Vec<RawUncertain>,
}

/// One `[[pools]]` entry: agents (chat slots) with their own queue.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPool {
    pub name: String,
    /// Fraction of the roster's chat slots in this pool.
    pub staff_share: f64,
    /// Category name -> share of that category's human contacts routed here.
    #[serde(default)]
    pub category_shares: std::collections::BTreeMap<String, f64>,
    /// Another pool whose free slots may serve this pool's long waiters.
    #[serde(default)]
    pub overflow_to: Option<String>,
    #[serde(default)]
    pub overflow_after_seconds: Option<f64>,
    /// Identical pools this entry stands for (default 1), sharing its staff
    /// and category shares equally.
    #[serde(default)]
    pub copies: Option<i64>,
}

/// One `[[uncertain]]` entry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUncertain {
    pub key: String,
    pub low: f64,
    pub high: f64,
    #[serde(default)]
    pub most_likely: Option<f64>,
    #[serde(default)]
    pub distribution: RawUncertainDistribution,
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawUncertainDistribution {
    #[default]
    Uniform,
    Triangular,
}

fn default_seed() -> u64 {
    1
}
fn default_warmup_weeks() -> u32 {
    4
}
fn default_replications() -> u32 {
    10
}
fn default_interval_minutes() -> u32 {
    30
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDemand {
    pub contacts_per_week: f64,
    #[serde(default)]
    pub growth_per_year: f64,
    /// Monday first; normalised, so any positive weights will do.
    #[serde(default)]
    pub weekday_weights: Option<Vec<f64>>,
    /// One weight per hour of the day (24 values); normalised.
    #[serde(default)]
    pub hourly_weights: Option<Vec<f64>>,
    #[serde(default = "default_arrival_process")]
    pub arrival_process: RawArrivalProcess,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawArrivalProcess {
    Poisson,
    /// Evenly spaced arrivals: for exactly computable test scenarios.
    Deterministic,
}

fn default_arrival_process() -> RawArrivalProcess {
    RawArrivalProcess::Poisson
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawDistributionKind {
    Exponential,
    Lognormal,
    Gamma,
    Fixed,
}

/// A duration distribution in the unit of the key that holds it.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDuration {
    pub distribution: RawDistributionKind,
    pub mean: f64,
    /// Coefficient of variation (standard deviation / mean); lognormal and gamma only.
    #[serde(default)]
    pub cv: Option<f64>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAiOutcomes {
    pub resolved: f64,
    pub escalated: f64,
    pub wrong_answer: f64,
    pub stuck: f64,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRolloutStep {
    pub from_week: u32,
    pub share: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCategory {
    pub name: String,
    pub share: f64,
    #[serde(default = "default_complexity")]
    pub complexity: String,
    #[serde(default)]
    pub priority: u8,
    #[serde(default)]
    pub never_ai: bool,
    #[serde(default)]
    pub ai_share: f64,
    #[serde(default)]
    pub ai_rollout: Vec<RawRolloutStep>,
    pub ai_outcomes: Option<RawAiOutcomes>,
    pub ai_handle_minutes: Option<RawDuration>,
    pub human_handle_minutes: RawDuration,
    #[serde(default)]
    pub human_wrong_answer: f64,
    pub patience_minutes: Option<RawDuration>,
    #[serde(default)]
    pub wrong_answer_cost: f64,
    /// Handle time multiplier for contacts the AI escalated (default 1).
    #[serde(default = "one")]
    pub escalated_handle_factor: f64,
    /// Share of this category's contacts carrying each named escalation trigger.
    #[serde(default)]
    pub triggers: std::collections::BTreeMap<String, f64>,
}

fn default_complexity() -> String {
    "moderate".to_string()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAi {
    #[serde(default)]
    pub learning_half_life_weeks: Option<f64>,
    #[serde(default)]
    pub learning_max_error_reduction: f64,
    #[serde(default)]
    pub qa_sample_per_week: u32,
}

impl Default for RawAi {
    fn default() -> Self {
        RawAi {
            learning_half_life_weeks: None,
            learning_max_error_reduction: 0.0,
            qa_sample_per_week: 0,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTrigger {
    pub name: String,
    pub detection_accuracy: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEscalation {
    #[serde(default = "default_true")]
    pub escape_hatch: bool,
    #[serde(default)]
    pub max_ai_turns: u32,
    #[serde(default = "default_ai_turn_seconds")]
    pub ai_turn_seconds: f64,
    #[serde(default = "default_detection_point")]
    pub detection_point_share: f64,
    #[serde(default)]
    pub triggers: Vec<RawTrigger>,
}

fn default_true() -> bool {
    true
}
fn default_ai_turn_seconds() -> f64 {
    30.0
}
fn default_detection_point() -> f64 {
    0.25
}

impl Default for RawEscalation {
    fn default() -> Self {
        RawEscalation {
            escape_hatch: true,
            max_ai_turns: 0,
            ai_turn_seconds: default_ai_turn_seconds(),
            detection_point_share: default_detection_point(),
            triggers: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRepeats {
    #[serde(default)]
    pub probability_after_wrong_answer: f64,
    #[serde(default)]
    pub probability_after_abandoned: f64,
    #[serde(default)]
    pub probability_after_trapped: f64,
    #[serde(default = "default_repeat_delay")]
    pub delay_hours: RawDuration,
    /// When a customer comes back after a wrong answer, after giving up, or
    /// after being trapped; each defaults to `delay_hours`.
    #[serde(default)]
    pub delay_hours_after_wrong_answer: Option<RawDuration>,
    #[serde(default)]
    pub delay_hours_after_abandoned: Option<RawDuration>,
    #[serde(default)]
    pub delay_hours_after_trapped: Option<RawDuration>,
    /// Probability that a customer the AI failed (a wrong answer, trapped, or
    /// handed over and then left waiting until they gave up) goes straight to
    /// a person when they come back.
    #[serde(default)]
    pub to_human_after_ai_failure: f64,
    #[serde(default = "default_patience_factor")]
    pub patience_factor: f64,
    #[serde(default = "default_max_contacts")]
    pub max_contacts_per_issue: u32,
}

fn default_repeat_delay() -> RawDuration {
    RawDuration {
        distribution: RawDistributionKind::Exponential,
        mean: 24.0,
        cv: None,
    }
}
fn default_patience_factor() -> f64 {
    0.8
}
fn default_max_contacts() -> u32 {
    4
}

impl Default for RawRepeats {
    fn default() -> Self {
        RawRepeats {
            probability_after_wrong_answer: 0.0,
            probability_after_abandoned: 0.0,
            probability_after_trapped: 0.0,
            delay_hours: default_repeat_delay(),
            delay_hours_after_wrong_answer: None,
            delay_hours_after_abandoned: None,
            delay_hours_after_trapped: None,
            to_human_after_ai_failure: 0.0,
            patience_factor: default_patience_factor(),
            max_contacts_per_issue: default_max_contacts(),
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStaffingStep {
    pub from_week: u32,
    pub fte: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawRosterShape {
    FollowDemand,
    Flat,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStaffing {
    #[serde(default)]
    pub fte: Option<f64>,
    #[serde(default)]
    pub schedule: Vec<RawStaffingStep>,
    #[serde(default = "default_paid_hours")]
    pub paid_hours_per_week: f64,
    #[serde(default)]
    pub shrinkage: f64,
    #[serde(default = "default_concurrency")]
    pub concurrency: f64,
    #[serde(default)]
    pub handle_factor_per_extra_chat: f64,
    #[serde(default)]
    pub max_occupancy: Option<f64>,
    #[serde(default = "default_roster")]
    pub roster: RawRosterShape,
    #[serde(default = "default_answer_seconds")]
    pub answer_seconds: f64,
    #[serde(default = "default_service_level_target")]
    pub service_level_target: f64,
}

fn default_paid_hours() -> f64 {
    40.0
}
fn default_concurrency() -> f64 {
    1.0
}
fn default_roster() -> RawRosterShape {
    RawRosterShape::FollowDemand
}
fn default_answer_seconds() -> f64 {
    60.0
}
fn default_service_level_target() -> f64 {
    0.8
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCsatBase {
    pub resolved_ai: f64,
    pub resolved_human: f64,
    pub wrong_answer_ai: f64,
    pub wrong_answer_human: f64,
    pub abandoned: f64,
    pub trapped: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCsat {
    #[serde(default = "default_csat_base")]
    pub base_log_odds: RawCsatBase,
    #[serde(default = "default_wait_per_minute")]
    pub wait_log_odds_per_minute: f64,
    #[serde(default = "default_per_extra_contact")]
    pub extra_contact_log_odds: f64,
    #[serde(default = "default_response_rate")]
    pub survey_response_rate: f64,
    /// Multipliers of the response rate by outcome (unhappy customers answer less).
    #[serde(default)]
    pub survey_response_by_outcome: Option<RawResponseByOutcome>,
    #[serde(default = "default_survey_delay")]
    pub survey_delay_days: f64,
    #[serde(default = "default_csat_threshold")]
    pub threshold: f64,
    #[serde(default)]
    pub wrong_answer_perceived_resolved: f64,
}

/// The satisfaction log-odds a scenario gets when it sets none.
pub(crate) fn default_csat_base() -> RawCsatBase {
    RawCsatBase {
        resolved_ai: 1.4,
        resolved_human: 1.9,
        wrong_answer_ai: 0.3,
        wrong_answer_human: 0.6,
        abandoned: -1.2,
        trapped: -2.2,
    }
}
fn default_wait_per_minute() -> f64 {
    0.04
}
fn default_per_extra_contact() -> f64 {
    0.7
}
fn default_response_rate() -> f64 {
    0.1
}
fn default_survey_delay() -> f64 {
    2.0
}
fn default_csat_threshold() -> f64 {
    0.7
}

impl Default for RawCsat {
    fn default() -> Self {
        RawCsat {
            base_log_odds: default_csat_base(),
            wait_log_odds_per_minute: default_wait_per_minute(),
            extra_contact_log_odds: default_per_extra_contact(),
            survey_response_rate: default_response_rate(),
            survey_response_by_outcome: None,
            survey_delay_days: default_survey_delay(),
            threshold: default_csat_threshold(),
            wrong_answer_perceived_resolved: 0.0,
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawResponseByOutcome {
    #[serde(default = "one")]
    pub resolved: f64,
    #[serde(default = "one")]
    pub wrong_answer: f64,
    #[serde(default = "one")]
    pub abandoned: f64,
    #[serde(default = "one")]
    pub trapped: f64,
}

fn one() -> f64 {
    1.0
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCosts {
    #[serde(default)]
    pub agent_cost_per_hour: f64,
    #[serde(default)]
    pub ai_cost_per_conversation: f64,
    #[serde(default)]
    pub ai_cost_per_resolution: f64,
    #[serde(default)]
    pub ai_platform_cost_per_month: f64,
    #[serde(default)]
    pub ai_resolution_billing: RawResolutionBilling,
}

/// What a per-resolution price is charged on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawResolutionBilling {
    /// Only conversations that truly resolved the issue (an own build).
    #[default]
    Resolved,
    /// Every conversation the AI closed with an answer: resolutions and
    /// wrong answers the customer has not found out yet (a vendor's
    /// "assumed resolution").
    Answered,
}
