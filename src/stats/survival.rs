//! Time to an event when some replications never see it: the Kaplan–Meier
//! estimator, its median and its restricted mean with a Greenwood interval.
//!
//! A replication that does not recover inside the horizon still says
//! something (recovery takes longer than the weeks it was watched); dropping
//! it would average over the lucky replications only. Kaplan–Meier keeps it
//! as a censored observation.

use serde::{Deserialize, Serialize};

use super::t_quantile_975;

/// A time to an event: observed at `weeks`, or censored (the event had not
/// happened after `weeks` of follow-up).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TimeToEvent {
    pub weeks: f64,
    pub observed: bool,
}

impl TimeToEvent {
    pub fn observed(weeks: f64) -> Self {
        TimeToEvent {
            weeks,
            observed: true,
        }
    }

    pub fn censored(weeks: f64) -> Self {
        TimeToEvent {
            weeks,
            observed: false,
        }
    }

    /// The observed time, `None` when censored.
    pub fn observed_weeks(&self) -> Option<f64> {
        self.observed.then_some(self.weeks)
    }
}

/// One step of the survival curve: at `time`, `events` of `at_risk` happened.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Step {
    time: f64,
    at_risk: f64,
    events: f64,
    /// Survival just after `time`.
    survival: f64,
}

/// The Kaplan–Meier estimate of P(T > t) from possibly censored times.
#[derive(Debug, Clone, PartialEq)]
pub struct KaplanMeier {
    steps: Vec<Step>,
    /// Observations, events and censorings.
    pub n: usize,
    pub events: usize,
    pub censored: usize,
    /// The longest follow-up (observed or censored): the restriction time of
    /// the restricted mean.
    pub tau: f64,
}

/// The restricted mean and its 95 % interval, kept inside `[0, tau]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RestrictedMean {
    pub mean: f64,
    pub ci95_low: f64,
    pub ci95_high: f64,
    /// Greenwood's standard error, which two runs' difference combines.
    pub standard_error: f64,
    pub tau: f64,
}

impl KaplanMeier {
    /// Fits the curve; times that are not finite are left out. At equal
    /// times, events come before censorings (a censored replication was
    /// still at risk when the others recovered).
    pub fn fit(times: &[TimeToEvent]) -> Self {
        let mut t: Vec<TimeToEvent> = times
            .iter()
            .copied()
            .filter(|x| x.weeks.is_finite())
            .collect();
        t.sort_by(|a, b| {
            a.weeks
                .total_cmp(&b.weeks)
                .then(b.observed.cmp(&a.observed))
        });
        let n = t.len();
        let events = t.iter().filter(|x| x.observed).count();
        let tau = t.iter().map(|x| x.weeks).fold(0.0, f64::max);
        let mut steps = Vec::new();
        let mut at_risk = n as f64;
        let mut survival = 1.0;
        let mut i = 0;
        while i < t.len() {
            let time = t[i].weeks;
            let same: Vec<&TimeToEvent> = t[i..].iter().take_while(|x| x.weeks == time).collect();
            let d = same.iter().filter(|x| x.observed).count() as f64;
            if d > 0.0 {
                survival *= 1.0 - d / at_risk;
                steps.push(Step {
                    time,
                    at_risk,
                    events: d,
                    survival,
                });
            }
            at_risk -= same.len() as f64;
            i += same.len();
        }
        KaplanMeier {
            steps,
            n,
            events,
            censored: n - events,
            tau,
        }
    }

    /// P(T > t).
    pub fn survival(&self, t: f64) -> f64 {
        self.steps
            .iter()
            .take_while(|s| s.time <= t)
            .last()
            .map_or(1.0, |s| s.survival)
    }

    /// The curve as (time, survival after it) at each event time, starting
    /// from (0, 1): what a chart draws as steps.
    pub fn curve(&self) -> Vec<(f64, f64)> {
        std::iter::once((0.0, 1.0))
            .chain(self.steps.iter().map(|s| (s.time, s.survival)))
            .collect()
    }

    /// The smallest time at which survival falls to 0.5 or below; `None`
    /// when it never does within the follow-up (more than half censored).
    pub fn median(&self) -> Option<f64> {
        self.steps
            .iter()
            .find(|s| s.survival <= 0.5)
            .map(|s| s.time)
    }

    /// The area under the curve up to `tau`, the longest follow-up: the mean
    /// time to the event with every time capped at `tau`. `None` without
    /// observations; see `restricted_mean_to`.
    pub fn restricted_mean(&self) -> Option<RestrictedMean> {
        self.restricted_mean_to(self.tau)
    }

    /// The area under the curve up to `tau`: the mean time to the event with
    /// every time capped at `tau` (two runs are compared at a common `tau`,
    /// the shorter follow-up, so both means are of the same quantity). Its
    /// variance is Greenwood's (Klein & Moeschberger, eq. 4.5.2); the
    /// interval uses Student's t with n − 1 degrees of freedom and stays
    /// inside `[0, tau]`. `None` without observations.
    pub fn restricted_mean_to(&self, tau: f64) -> Option<RestrictedMean> {
        if self.n == 0 {
            return None;
        }
        // Steps at or after tau add no area.
        let steps = &self.steps[..self.steps.partition_point(|s| s.time < tau)];
        // Area from each step's time to tau, built from the right.
        let mut area_after = vec![0.0; steps.len()];
        let mut area = 0.0;
        for i in (0..steps.len()).rev() {
            let next = steps.get(i + 1).map_or(tau, |s| s.time);
            area += steps[i].survival * (next - steps[i].time).max(0.0);
            area_after[i] = area;
        }
        let first = steps.first().map_or(tau, |s| s.time);
        let mean = first + area;
        let variance: f64 = steps
            .iter()
            .zip(&area_after)
            .filter(|(s, _)| s.at_risk > s.events)
            .map(|(s, a)| a * a * s.events / (s.at_risk * (s.at_risk - s.events)))
            .sum();
        let standard_error = variance.sqrt();
        let half = t_quantile_975(self.n.saturating_sub(1)) * standard_error;
        Some(RestrictedMean {
            mean,
            ci95_low: (mean - half).clamp(0.0, tau),
            ci95_high: (mean + half).clamp(0.0, tau),
            standard_error,
            tau,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(w: f64) -> TimeToEvent {
        TimeToEvent::observed(w)
    }
    fn cens(w: f64) -> TimeToEvent {
        TimeToEvent::censored(w)
    }

    /// The textbook example (Kaplan & Meier's style, hand-computed): times
    /// 3, 4+, 5, 5, 8+, 10: S(3) = 5/6, S(5) = 5/6 x 2/4 = 5/12, S(10) = 0.
    #[test]
    fn survival_steps_match_a_hand_computation() {
        let km = KaplanMeier::fit(&[
            obs(3.0),
            cens(4.0),
            obs(5.0),
            obs(5.0),
            cens(8.0),
            obs(10.0),
        ]);
        assert_eq!((km.n, km.events, km.censored), (6, 4, 2));
        assert!((km.survival(2.9) - 1.0).abs() < 1e-12);
        assert!((km.survival(3.0) - 5.0 / 6.0).abs() < 1e-12);
        assert!((km.survival(7.0) - 5.0 / 12.0).abs() < 1e-12);
        assert!(km.survival(10.0).abs() < 1e-12);
        assert_eq!(km.median(), Some(5.0));
        // Area: 3 x 1 + 2 x 5/6 + 5 x 5/12 = 3 + 1.6667 + 2.0833 = 6.75.
        let rm = km.restricted_mean().unwrap();
        assert!((rm.mean - 6.75).abs() < 1e-9, "{rm:?}");
        assert!(rm.ci95_low <= rm.mean && rm.mean <= rm.ci95_high && rm.ci95_high <= 10.0);
    }

    /// Without censoring the restricted mean is the sample mean and the
    /// median the sample median's lower value.
    #[test]
    fn without_censoring_it_is_the_sample_mean() {
        let km = KaplanMeier::fit(&[obs(2.0), obs(4.0), obs(6.0), obs(8.0)]);
        let rm = km.restricted_mean().unwrap();
        assert!((rm.mean - 5.0).abs() < 1e-12);
        assert_eq!(km.median(), Some(4.0));
        // Greenwood's variance here is the plug-in variance / n: 5 / 4.
        let half = t_quantile_975(3) * (5.0f64 / 4.0).sqrt();
        assert!(
            (rm.ci95_high - (5.0 + half).min(8.0)).abs() < 1e-9,
            "{rm:?}"
        );
    }

    /// All censored: nothing recovered, survival stays 1, no median, and the
    /// restricted mean is the follow-up itself.
    #[test]
    fn all_censored_has_no_median_and_the_follow_up_as_mean() {
        let km = KaplanMeier::fit(&[cens(20.0), cens(20.0), cens(20.0)]);
        assert_eq!(km.median(), None);
        let rm = km.restricted_mean().unwrap();
        assert_eq!((rm.mean, rm.ci95_low, rm.ci95_high), (20.0, 20.0, 20.0));
    }

    /// A censored replication is not dropped: with one of two censored
    /// beyond the other's event, the mean is above the observed one.
    #[test]
    fn a_censored_time_raises_the_mean() {
        let dropped = KaplanMeier::fit(&[obs(5.0)]).restricted_mean().unwrap();
        let kept = KaplanMeier::fit(&[obs(5.0), cens(30.0)])
            .restricted_mean()
            .unwrap();
        assert!(kept.mean > dropped.mean, "{kept:?} vs {dropped:?}");
        assert!((kept.mean - (5.0 + 0.5 * 25.0)).abs() < 1e-12);
    }

    /// Restricted to an earlier time, only the curve before it counts: the
    /// textbook example at 6 weeks is 3 x 1 + 2 x 5/6 + 1 x 5/12; at 2
    /// weeks, before any event, it is 2 with no spread.
    #[test]
    fn an_earlier_restriction_cuts_the_area() {
        let km = KaplanMeier::fit(&[
            obs(3.0),
            cens(4.0),
            obs(5.0),
            obs(5.0),
            cens(8.0),
            obs(10.0),
        ]);
        let rm = km.restricted_mean_to(6.0).unwrap();
        assert!((rm.mean - (3.0 + 2.0 * 5.0 / 6.0 + 5.0 / 12.0)).abs() < 1e-12);
        assert!(rm.standard_error > 0.0 && rm.ci95_high <= 6.0);
        let before = km.restricted_mean_to(2.0).unwrap();
        assert_eq!((before.mean, before.standard_error), (2.0, 0.0));
        assert_eq!(km.restricted_mean_to(km.tau), km.restricted_mean());
    }
}
