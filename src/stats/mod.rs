//! Estimates across independent replications: mean and a Student-t 95%
//! confidence interval. Knows nothing of contacts.

pub mod proportion;
pub mod survival;

pub use survival::{KaplanMeier, RestrictedMean, TimeToEvent};

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// A mean over replications with its 95% confidence interval.
///
/// Invariants: `ci95_low <= mean <= ci95_high` when finite; with one
/// replication (or identical values) the interval has zero width; values that
/// are not finite (a ratio with nothing to divide) are left out, and an
/// estimate with no finite value is NaN throughout.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    pub mean: f64,
    pub ci95_low: f64,
    pub ci95_high: f64,
    #[serde(skip)]
    pub standard_error: f64,
    #[serde(skip)]
    pub n: usize,
}

impl Estimate {
    pub fn from_values(values: &[f64]) -> Estimate {
        let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        let n = finite.len();
        if n == 0 {
            return Estimate {
                mean: f64::NAN,
                ci95_low: f64::NAN,
                ci95_high: f64::NAN,
                standard_error: f64::NAN,
                n: 0,
            };
        }
        let mean = finite.iter().sum::<f64>() / n as f64;
        if n == 1 {
            return Estimate {
                mean,
                ci95_low: mean,
                ci95_high: mean,
                standard_error: 0.0,
                n,
            };
        }
        let variance = finite.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let standard_error = (variance / n as f64).sqrt();
        let half_width = t_quantile_975(n - 1) * standard_error;
        Estimate {
            mean,
            ci95_low: mean - half_width,
            ci95_high: mean + half_width,
            standard_error,
            n,
        }
    }
}

/// The 97.5% quantile of Student's t with `degrees_of_freedom`.
pub fn t_quantile_975(degrees_of_freedom: usize) -> f64 {
    t_quantile(0.975, degrees_of_freedom)
}

/// The `p` quantile of Student's t with `degrees_of_freedom` (at least 1).
pub fn t_quantile(p: f64, degrees_of_freedom: usize) -> f64 {
    StudentsT::new(0.0, 1.0, degrees_of_freedom.max(1) as f64)
        .map(|t| t.inverse_cdf(p))
        .unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn t_quantile_matches_tables() {
        assert!((t_quantile_975(9) - 2.2622).abs() < 1e-4);
        assert!((t_quantile_975(1) - 12.7062).abs() < 1e-3);
        assert!((t_quantile_975(1000) - 1.9623).abs() < 1e-3);
    }

    #[test]
    fn known_sample_gives_known_interval() {
        // mean 3, sample sd sqrt(2.5), se sqrt(0.5), t(4) = 2.7764
        let e = Estimate::from_values(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert!((e.mean - 3.0).abs() < 1e-12);
        let half = 2.776_445 * 0.5f64.sqrt();
        assert!((e.ci95_high - (3.0 + half)).abs() < 1e-5);
        assert!((e.ci95_low - (3.0 - half)).abs() < 1e-5);
    }

    #[test]
    fn non_finite_values_are_left_out_and_all_missing_is_nan() {
        let e = Estimate::from_values(&[f64::NAN, 2.0]);
        assert_eq!((e.mean, e.n), (2.0, 1));
        assert!(Estimate::from_values(&[f64::NAN]).mean.is_nan());
    }

    proptest! {
        #[test]
        fn interval_brackets_the_mean(values in proptest::collection::vec(-1e6f64..1e6, 1..50)) {
            let e = Estimate::from_values(&values);
            prop_assert!(e.ci95_low <= e.mean + 1e-9 && e.mean <= e.ci95_high + 1e-9);
        }

        #[test]
        fn constant_series_has_zero_width(value in -1e6f64..1e6, n in 1usize..40) {
            let e = Estimate::from_values(&vec![value; n]);
            prop_assert!((e.ci95_high - e.ci95_low).abs() < 1e-6 * (1.0 + value.abs()));
        }
    }
}
