//! Figures per `[[pools]]` entry: each pool's contacts, service level, wait
//! and abandonment, and its agents' occupancy, by week and over the horizon.
//!
//! Kept apart from the run's `Counters` so a scenario without pools carries
//! nothing new: its replications, partial files and outputs are unchanged.
//! As for the run's metrics, every figure is a ratio of sums over weeks,
//! never a mean of weekly ratios.

use super::metrics::{Counter, Counters};
use crate::stats::Estimate;

/// What a replication counts per pool and week. A contact counts in its own
/// pool, even when its overflow target serves it; slots and busy time are
/// the pool's own agents', whoever they serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum PoolCounter {
    /// Offered to the pool's queue.
    Entered,
    Answered,
    AnsweredWithinTarget,
    Abandoned,
    /// Waits of answered and abandoned contacts.
    WaitSeconds,
    /// Answered by a slot of the overflow target.
    Overflowed,
    SlotSeconds,
    BusySlotSeconds,
    /// Gauge: waiting at the start of the week (week 0: from the warm-up).
    WaitingAtStart,
    /// Gauge: waiting at the end of the week.
    WaitingAtEnd,
}

pub const POOL_COUNTERS: usize = PoolCounter::WaitingAtEnd as usize + 1;

/// One pool's counters in one week.
pub type PoolCounters = [f64; POOL_COUNTERS];

use PoolCounter as P;

const LEFT_QUEUE: &[PoolCounter] = &[P::Answered, P::Abandoned];
const WEEK_SECONDS: f64 = 604_800.0;

/// How a pool figure is computed from its counters over some weeks.
#[derive(Debug, Clone, Copy)]
pub enum PoolFormula {
    Sum(PoolCounter),
    /// Numerator over the sum of denominators; NaN when that is 0.
    Ratio(PoolCounter, &'static [PoolCounter]),
    /// A per-week quantity averaged over the weeks, times a scale.
    MeanPerWeek(PoolCounter, f64),
    First(PoolCounter),
    Last(PoolCounter),
}

#[derive(Debug, Clone, Copy)]
pub struct PoolMetric {
    pub name: &'static str,
    pub unit: &'static str,
    pub formula: PoolFormula,
    pub description: &'static str,
}

/// Every pool figure, in the order of `pools.csv`'s columns.
pub const POOL_METRICS: &[PoolMetric] = &[
    PoolMetric { name: "arrived", unit: "contacts", formula: PoolFormula::Sum(P::Entered), description: "contacts offered to the pool's queue" },
    PoolMetric { name: "served", unit: "contacts", formula: PoolFormula::Sum(P::Answered), description: "contacts of the pool answered (by its own agents or by overflow)" },
    PoolMetric { name: "abandoned", unit: "contacts", formula: PoolFormula::Sum(P::Abandoned), description: "contacts of the pool that gave up waiting" },
    PoolMetric { name: "overflowed", unit: "contacts", formula: PoolFormula::Sum(P::Overflowed), description: "contacts of the pool answered by its overflow pool's agents" },
    PoolMetric { name: "waiting_at_start", unit: "contacts", formula: PoolFormula::First(P::WaitingAtStart), description: "contacts waiting in the pool when the period starts" },
    PoolMetric { name: "waiting_at_end", unit: "contacts", formula: PoolFormula::Last(P::WaitingAtEnd), description: "contacts waiting in the pool when the period ends" },
    PoolMetric { name: "service_level", unit: "share", formula: PoolFormula::Ratio(P::AnsweredWithinTarget, LEFT_QUEUE), description: "share of the pool's contacts answered within staffing.answer_seconds (abandoners count as not answered)" },
    PoolMetric { name: "abandon_rate", unit: "share", formula: PoolFormula::Ratio(P::Abandoned, LEFT_QUEUE), description: "share of the pool's contacts that abandoned" },
    PoolMetric { name: "mean_wait_seconds", unit: "seconds", formula: PoolFormula::Ratio(P::WaitSeconds, LEFT_QUEUE), description: "mean wait of the pool's contacts, abandoners counted until they left" },
    PoolMetric { name: "occupancy", unit: "share", formula: PoolFormula::Ratio(P::BusySlotSeconds, &[P::SlotSeconds]), description: "busy over staffed chat slots of the pool's agents" },
    PoolMetric { name: "slots_on_shift", unit: "slots", formula: PoolFormula::MeanPerWeek(P::SlotSeconds, 1.0 / WEEK_SECONDS), description: "mean chat slots of the pool on shift" },
];

impl PoolFormula {
    /// The figure over `weeks`, one pool's counters per week.
    pub fn value(&self, weeks: &[PoolCounters]) -> f64 {
        let sum = |c: PoolCounter| weeks.iter().map(|w| w[c as usize]).sum::<f64>();
        match *self {
            PoolFormula::Sum(c) => sum(c),
            PoolFormula::Ratio(num, den) => {
                let d: f64 = den.iter().map(|c| sum(*c)).sum();
                if d > 0.0 {
                    sum(num) / d
                } else {
                    f64::NAN
                }
            }
            PoolFormula::MeanPerWeek(c, scale) => {
                if weeks.is_empty() {
                    f64::NAN
                } else {
                    sum(c) / weeks.len() as f64 * scale
                }
            }
            PoolFormula::First(c) => weeks.first().map_or(f64::NAN, |w| w[c as usize]),
            PoolFormula::Last(c) => weeks.last().map_or(f64::NAN, |w| w[c as usize]),
        }
    }
}

/// Every pool figure over `weeks`, in `POOL_METRICS` order.
pub fn pool_values(weeks: &[PoolCounters]) -> Vec<f64> {
    POOL_METRICS
        .iter()
        .map(|m| m.formula.value(weeks))
        .collect()
}

/// One pool's figures over the replications of a run.
#[derive(Debug, Clone)]
pub struct PoolRun {
    pub name: String,
    /// `weekly[week][figure]`, figures in `POOL_METRICS` order.
    pub weekly: Vec<Vec<Estimate>>,
    /// Horizon figures, in `POOL_METRICS` order.
    pub totals: Vec<Estimate>,
}

/// Each pool's figures from `replications[r][pool][week]`; `names` are the
/// pools' names. Empty without pools.
pub fn aggregate_pools(names: &[String], replications: &[&[Vec<PoolCounters>]]) -> Vec<PoolRun> {
    names
        .iter()
        .enumerate()
        .map(|(pool, name)| {
            let series: Vec<&[PoolCounters]> = replications
                .iter()
                .filter_map(|r| r.get(pool).map(Vec::as_slice))
                .collect();
            let weeks = series.iter().map(|s| s.len()).min().unwrap_or(0);
            let estimate = |values: Vec<f64>| Estimate::from_values(&values);
            let weekly = (0..weeks)
                .map(|w| {
                    (0..POOL_METRICS.len())
                        .map(|m| {
                            estimate(
                                series
                                    .iter()
                                    .map(|s| POOL_METRICS[m].formula.value(&s[w..=w]))
                                    .collect(),
                            )
                        })
                        .collect()
                })
                .collect();
            let per_replication: Vec<Vec<f64>> = series.iter().map(|s| pool_values(s)).collect();
            let totals = (0..POOL_METRICS.len())
                .map(|m| estimate(per_replication.iter().map(|v| v[m]).collect()))
                .collect();
            PoolRun {
                name: name.clone(),
                weekly,
                totals,
            }
        })
        .collect()
}

/// Contacts of the pools that entered but are neither answered, abandoned
/// nor still waiting, and the pools' answered and abandoned contacts against
/// the run's own counts (`totals`): 0 unless the model lost a contact
/// between pools. `pools[pool][week]`.
pub fn pool_conservation_gap(pools: &[Vec<PoolCounters>], totals: &Counters) -> f64 {
    if pools.is_empty() {
        return 0.0;
    }
    let mut gap = 0.0;
    let (mut answered, mut abandoned) = (0.0, 0.0);
    for weeks in pools {
        let sum = |c: PoolCounter| weeks.iter().map(|w| w[c as usize]).sum::<f64>();
        let start = weeks.first().map_or(0.0, |w| w[P::WaitingAtStart as usize]);
        let end = weeks.last().map_or(0.0, |w| w[P::WaitingAtEnd as usize]);
        gap += (sum(P::Entered) + start - sum(P::Answered) - sum(P::Abandoned) - end).abs();
        answered += sum(P::Answered);
        abandoned += sum(P::Abandoned);
    }
    gap + (answered - totals[Counter::Answered as usize]).abs()
        + (abandoned - totals[Counter::AbandonedInQueue as usize]).abs()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn week(entered: f64, answered: f64, within: f64, abandoned: f64) -> PoolCounters {
        let mut w = [0.0; POOL_COUNTERS];
        w[P::Entered as usize] = entered;
        w[P::Answered as usize] = answered;
        w[P::AnsweredWithinTarget as usize] = within;
        w[P::Abandoned as usize] = abandoned;
        w
    }

    /// The service level over two weeks is a ratio of sums, not the mean
    /// of the weekly service levels.
    #[test]
    fn figures_over_weeks_are_ratios_of_sums() {
        let weeks = [week(10.0, 8.0, 8.0, 2.0), week(30.0, 30.0, 15.0, 0.0)];
        let sl = POOL_METRICS.iter().position(|m| m.name == "service_level");
        let values = pool_values(&weeks);
        assert_eq!(values[sl.unwrap()], 23.0 / 40.0);
        assert_eq!(values[0], 40.0);
    }

    #[test]
    fn a_lost_contact_opens_a_gap() {
        let mut totals = [0.0; super::super::metrics::COUNTERS];
        totals[Counter::Answered as usize] = 38.0;
        totals[Counter::AbandonedInQueue as usize] = 2.0;
        let sound = vec![vec![week(10.0, 8.0, 8.0, 2.0), week(30.0, 30.0, 15.0, 0.0)]];
        assert_eq!(pool_conservation_gap(&sound, &totals), 0.0);
        let lost = vec![vec![week(11.0, 8.0, 8.0, 2.0), week(30.0, 30.0, 15.0, 0.0)]];
        assert_eq!(pool_conservation_gap(&lost, &totals), 1.0);
    }
}
