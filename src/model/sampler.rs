//! Duration samplers built once from a `DurationSpec`, so the per-contact path
//! only draws numbers.

use rand::Rng;
use rand_distr::{Distribution, Exp1, Gamma, StandardNormal};

use crate::scenario::{DistributionKind, DurationSpec};

/// Draws positive durations in seconds.
#[derive(Debug, Clone, Copy)]
pub enum DurationSampler {
    Fixed(f64),
    Exponential {
        mean: f64,
    },
    /// `exp(mu + sigma Z)`: the usual shape of handle times, with a long right tail.
    Lognormal {
        mu: f64,
        sigma: f64,
    },
    Gamma {
        gamma: Gamma<f64>,
        mean: f64,
    },
}

impl DurationSampler {
    /// `unit_seconds` converts the spec's unit (60 for minutes, 3600 for hours).
    pub fn new(spec: &DurationSpec, unit_seconds: f64) -> Self {
        let mean = spec.mean * unit_seconds;
        match spec.kind {
            DistributionKind::Fixed => DurationSampler::Fixed(mean),
            DistributionKind::Exponential => DurationSampler::Exponential { mean },
            DistributionKind::Lognormal => {
                // Mean m and cv c give sigma^2 = ln(1 + c^2), mu = ln m - sigma^2 / 2.
                let sigma2 = (1.0 + spec.cv * spec.cv).ln();
                DurationSampler::Lognormal {
                    mu: mean.ln() - sigma2 / 2.0,
                    sigma: sigma2.sqrt(),
                }
            }
            DistributionKind::Gamma => {
                // Shape k = 1 / c^2 and scale m c^2 keep the mean at m.
                let shape = 1.0 / (spec.cv * spec.cv);
                match Gamma::new(shape, mean / shape) {
                    Ok(gamma) => DurationSampler::Gamma { gamma, mean },
                    Err(_) => DurationSampler::Exponential { mean },
                }
            }
        }
    }

    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match *self {
            DurationSampler::Fixed(value) => value,
            DurationSampler::Exponential { mean } => {
                let e: f64 = Exp1.sample(rng);
                e * mean
            }
            DurationSampler::Lognormal { mu, sigma } => {
                let z: f64 = StandardNormal.sample(rng);
                (mu + sigma * z).exp()
            }
            DurationSampler::Gamma { gamma, .. } => gamma.sample(rng),
        }
    }

    pub fn mean(&self) -> f64 {
        match *self {
            DurationSampler::Fixed(value) => value,
            DurationSampler::Exponential { mean } => mean,
            DurationSampler::Lognormal { mu, sigma } => (mu + sigma * sigma / 2.0).exp(),
            DurationSampler::Gamma { mean, .. } => mean,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    /// Checks the sample mean and coefficient of variation against the spec.
    /// The draws are split into 40 batches of 10,000; the batch means and batch
    /// cvs are (nearly) independent, so the target must lie within the 99.9%
    /// Student-t interval of their averages (a false alarm has probability 0.001
    /// per figure; the bias of a batch cv is O(1/10,000), far below the interval).
    fn assert_mean_and_cv(spec: DurationSpec) {
        const BATCHES: usize = 40;
        const BATCH: usize = 10_000;
        let sampler = DurationSampler::new(&spec, 60.0);
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let (mut means, mut cvs) = (Vec::new(), Vec::new());
        for _ in 0..BATCHES {
            let xs: Vec<f64> = (0..BATCH).map(|_| sampler.sample(&mut rng)).collect();
            let mean = xs.iter().sum::<f64>() / BATCH as f64;
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (BATCH as f64 - 1.0);
            means.push(mean);
            cvs.push(var.sqrt() / mean);
        }
        let t = crate::stats::t_quantile(0.9995, BATCHES - 1);
        for (name, values, target) in [("mean", &means, spec.mean * 60.0), ("cv", &cvs, spec.cv)] {
            let e = crate::stats::Estimate::from_values(values);
            assert!(
                (e.mean - target).abs() <= t * e.standard_error,
                "{:?} {name}: {} ± {} vs {target}",
                spec.kind,
                e.mean,
                t * e.standard_error
            );
        }
        assert!((sampler.mean() - spec.mean * 60.0).abs() < 1e-9 * spec.mean * 60.0);
    }

    #[test]
    fn lognormal_and_gamma_keep_the_requested_mean_and_spread() {
        for kind in [DistributionKind::Lognormal, DistributionKind::Gamma] {
            assert_mean_and_cv(DurationSpec {
                kind,
                mean: 9.0,
                cv: 0.6,
            });
        }
    }

    #[test]
    fn fixed_is_exact_and_exponential_has_cv_one() {
        let fixed = DurationSampler::new(
            &DurationSpec {
                kind: DistributionKind::Fixed,
                mean: 2.5,
                cv: 0.0,
            },
            60.0,
        );
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        assert_eq!(fixed.sample(&mut rng), 150.0);
        assert_mean_and_cv(DurationSpec {
            kind: DistributionKind::Exponential,
            mean: 1.0,
            cv: 1.0,
        });
    }
}
