//! What a brief says about one run beyond its tables: how long its headline
//! claims hold, what work is left to people and which alarm acted first. Computed here, once, so that
//! `report` only renders them and every brief (run, reversibility,
//! sensitivity, compare) reads the same figures.

use super::alarms::{first_alarms, AlarmFindings};
use super::claims::{claim_durability, ClaimsReport};
use super::experiment::DetailedRun;
use super::human_role::{human_role, HumanRole};
use crate::scenario::Scenario;

/// A run's claims and human role, as its brief shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct RunFindings {
    pub claims: ClaimsReport,
    pub human_role: HumanRole,
    /// Which of the scenario's alarms acted first.
    pub alarms: AlarmFindings,
}

impl RunFindings {
    /// The findings of `run`, a run of `scenario`.
    pub fn of(scenario: &Scenario, run: &DetailedRun) -> RunFindings {
        RunFindings {
            claims: claim_durability(scenario, run),
            human_role: human_role(scenario, &run.result),
            alarms: first_alarms(scenario, &run.result),
        }
    }
}
