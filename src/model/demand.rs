//! Expected demand per interval: weekly volume with growth, shaped by the day
//! of the week and the hour of the day. Arrivals are Poisson with this rate held
//! constant inside an interval, which is exact for a piecewise-constant rate.

use crate::scenario::{RosterShape, Scenario};

pub const WEEK_SECONDS: f64 = 7.0 * 24.0 * 3600.0;

#[derive(Debug, Clone)]
pub struct DemandProfile {
    /// Share of a week's contacts in each interval of the week; sums to 1.
    interval_shares: Vec<f64>,
    contacts_per_week: f64,
    growth_per_year: f64,
    interval_seconds: f64,
}

impl DemandProfile {
    pub fn new(scenario: &Scenario) -> Self {
        let per_day = scenario.intervals_per_day();
        let per_hour = per_day / 24;
        let d = &scenario.demand;
        let interval_shares = (0..7 * per_day)
            .map(|i| {
                let day = i / per_day;
                let hour = (i % per_day) / per_hour;
                d.weekday_shares[day] * d.hourly_shares[hour] / per_hour as f64
            })
            .collect();
        DemandProfile {
            interval_shares,
            contacts_per_week: d.contacts_per_week,
            growth_per_year: d.growth_per_year,
            interval_seconds: scenario.interval_seconds(),
        }
    }

    pub fn intervals_per_week(&self) -> usize {
        self.interval_shares.len()
    }

    /// Expected new contacts in week `week` (growth compounds continuously).
    pub fn contacts_in_week(&self, week: u32) -> f64 {
        self.contacts_per_week * (1.0 + self.growth_per_year).powf(f64::from(week) / 52.0)
    }

    /// Arrival rate (contacts per second) in absolute interval `interval`.
    pub fn rate_per_second(&self, interval: usize) -> f64 {
        let per_week = self.interval_shares.len();
        let week = (interval / per_week) as u32;
        self.contacts_in_week(week) * self.interval_shares[interval % per_week]
            / self.interval_seconds
    }

    /// Share of the week's expected demand falling in interval-of-week `i`, as a
    /// multiple of the average interval (1 on average).
    pub fn relative_load(&self, interval_of_week: usize) -> f64 {
        self.interval_shares[interval_of_week] * self.interval_shares.len() as f64
    }
}

/// Chat slots on shift in an interval: FTE x (1 - shrinkage) x paid share of the
/// week x the roster's shape x concurrency, rounded to whole slots.
pub fn slots_on_shift(
    scenario: &Scenario,
    demand: &DemandProfile,
    fte: f64,
    interval_of_week: usize,
) -> u32 {
    let s = &scenario.staffing;
    let on_shift = fte * (1.0 - s.shrinkage) * s.paid_hours_per_week / 168.0;
    let shape = match s.roster {
        RosterShape::FollowDemand => demand.relative_load(interval_of_week),
        RosterShape::Flat => 1.0,
    };
    let slots = (on_shift * shape * s.concurrency).round();
    if slots.is_finite() && slots > 0.0 {
        slots.min(f64::from(u32::MAX)) as u32
    } else {
        0
    }
}
