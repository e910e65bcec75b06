//! Recovery read from one run, without a counterfactual: the weeks from each
//! replication's reversal until the operation is back (against the flat
//! pre-change baseline, as `run` and `compare` judge it), as one figure per
//! run and a difference between two runs. What `wfsim sensitivity` reports
//! as its `recovery_weeks` output.
//!
//! A replication still not back at the end of its follow-up is censored, not
//! dropped: the figure is the Kaplan–Meier restricted mean over the
//! replications that reversed. A replication that never reversed has no
//! recovery to time and is counted apart (`replications − reversed`).

use super::assess::{assess, Reference};
use super::variants::change_week;
use crate::analysis::DetailedRun;
use crate::scenario::Scenario;
use crate::stats::{t_quantile_975, Estimate, KaplanMeier, TimeToEvent};

/// One run's recovery times.
#[derive(Debug, Clone, PartialEq)]
pub struct RecoveryTimes {
    /// Replications in the run.
    pub replications: usize,
    /// `Some` per replication that reversed (observed or censored), `None`
    /// where it never reversed; in replication order, so two runs with the
    /// same seeds can be paired.
    pub by_replication: Vec<Option<TimeToEvent>>,
}

impl RecoveryTimes {
    /// The times of the replications that reversed.
    pub fn reversed(&self) -> Vec<TimeToEvent> {
        self.by_replication.iter().flatten().copied().collect()
    }

    /// The restricted mean weeks to recovery with its interval; `n` counts
    /// the replications that reversed. NaN when none did.
    pub fn estimate(&self) -> Estimate {
        let km = KaplanMeier::fit(&self.reversed());
        match km.restricted_mean() {
            Some(rm) => Estimate {
                mean: rm.mean,
                ci95_low: rm.ci95_low,
                ci95_high: rm.ci95_high,
                standard_error: rm.standard_error,
                n: km.n,
            },
            None => Estimate::from_values(&[]),
        }
    }

    /// Every replication reversed and recovered within its follow-up: the
    /// times are plain numbers and can be paired replication by replication.
    fn all_observed(&self) -> Option<Vec<f64>> {
        self.by_replication
            .iter()
            .map(|t| t.and_then(|t| t.observed_weeks()))
            .collect()
    }
}

/// One run's recovery times, or `None` when its scenario makes no change
/// (nothing to reverse) or no replication reversed.
pub fn recovery_times(s: &Scenario, run: &DetailedRun) -> Option<RecoveryTimes> {
    let change = change_week(s).filter(|w| *w > 0)?;
    let by_replication: Vec<Option<TimeToEvent>> = run
        .counters
        .iter()
        .enumerate()
        .map(|(i, weeks)| {
            let decisions: Vec<_> = run
                .result
                .decisions
                .iter()
                .filter(|(rep, _)| *rep as usize == i)
                .map(|(_, d)| d.clone())
                .collect();
            assess(s, change, weeks, &decisions, Reference::Baseline).recovery
        })
        .collect();
    by_replication
        .iter()
        .any(Option::is_some)
        .then_some(RecoveryTimes {
            replications: by_replication.len(),
            by_replication,
        })
}

/// `b − a` in weeks to recovery. When every replication of both runs
/// reversed and recovered, the difference is paired replication by
/// replication (the runs share their seeds), a Student-t interval over the
/// pairs. Otherwise the replications that reverse differ between the runs
/// and cannot be paired: both restricted means are taken to the shorter
/// follow-up and the interval combines their Greenwood errors as if the runs
/// were independent (conservative, since common random numbers correlate
/// them positively), with the fewer runs' degrees of freedom.
pub fn difference(a: &RecoveryTimes, b: &RecoveryTimes) -> Estimate {
    if let (Some(x), Some(y)) = (a.all_observed(), b.all_observed()) {
        if x.len() == y.len() {
            let d: Vec<f64> = x.iter().zip(&y).map(|(x, y)| y - x).collect();
            return Estimate::from_values(&d);
        }
    }
    let (ka, kb) = (
        KaplanMeier::fit(&a.reversed()),
        KaplanMeier::fit(&b.reversed()),
    );
    let tau = ka.tau.min(kb.tau);
    let (Some(ra), Some(rb)) = (ka.restricted_mean_to(tau), kb.restricted_mean_to(tau)) else {
        return Estimate::from_values(&[]);
    };
    let mean = rb.mean - ra.mean;
    let standard_error = (ra.standard_error.powi(2) + rb.standard_error.powi(2)).sqrt();
    let n = ka.n.min(kb.n);
    let half = t_quantile_975(n.saturating_sub(1)) * standard_error;
    Estimate {
        mean,
        // A difference of two times in [0, tau] lies in [−tau, tau].
        ci95_low: (mean - half).clamp(-tau, tau),
        ci95_high: (mean + half).clamp(-tau, tau),
        standard_error,
        n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn times(t: &[Option<TimeToEvent>]) -> RecoveryTimes {
        RecoveryTimes {
            replications: t.len(),
            by_replication: t.to_vec(),
        }
    }
    fn obs(w: f64) -> Option<TimeToEvent> {
        Some(TimeToEvent::observed(w))
    }
    fn cens(w: f64) -> Option<TimeToEvent> {
        Some(TimeToEvent::censored(w))
    }

    /// Fully observed runs pair: differences 2, 2, 3 give mean 7/3 and a
    /// Student-t interval over the pairs.
    #[test]
    fn fully_observed_runs_are_paired() {
        let a = times(&[obs(10.0), obs(12.0), obs(11.0)]);
        let b = times(&[obs(12.0), obs(14.0), obs(14.0)]);
        let d = difference(&a, &b);
        assert_eq!(d, Estimate::from_values(&[2.0, 2.0, 3.0]));
        assert!(d.ci95_low > 0.0);
    }

    /// A censored replication is kept: the figure is above the mean of the
    /// observed ones, and a run that did not reverse in one replication
    /// counts only those that did.
    #[test]
    fn censored_replications_count_and_unreversed_ones_are_apart() {
        let r = times(&[obs(5.0), cens(30.0), None]);
        let e = r.estimate();
        assert_eq!(e.n, 2);
        assert!((e.mean - (5.0 + 0.5 * 25.0)).abs() < 1e-12, "{e:?}");
        assert!(e.ci95_low >= 0.0 && e.ci95_high <= 30.0);
    }

    /// Not pairable: restricted means at the shorter follow-up, the
    /// interval from both standard errors, inside [−tau, tau].
    #[test]
    fn unpaired_runs_compare_at_the_shorter_follow_up() {
        let a = times(&[obs(4.0), obs(6.0), cens(20.0), obs(8.0)]);
        let b = times(&[obs(8.0), None, obs(10.0), obs(12.0)]);
        let d = difference(&a, &b);
        let ka = KaplanMeier::fit(&a.reversed());
        let kb = KaplanMeier::fit(&b.reversed());
        let tau = 12.0;
        let (ra, rb) = (
            ka.restricted_mean_to(tau).unwrap(),
            kb.restricted_mean_to(tau).unwrap(),
        );
        assert!((d.mean - (rb.mean - ra.mean)).abs() < 1e-12);
        assert_eq!(d.n, 3);
        let se = (ra.standard_error.powi(2) + rb.standard_error.powi(2)).sqrt();
        assert!((d.standard_error - se).abs() < 1e-12);
        assert!(d.ci95_low >= -tau && d.ci95_high <= tau && d.ci95_low < d.mean);
    }
}
