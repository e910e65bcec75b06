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

    fn sample_mean_and_cv(spec: DurationSpec, n: usize) -> (f64, f64) {
        let sampler = DurationSampler::new(&spec, 60.0);
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let xs: Vec<f64> = (0..n).map(|_| sampler.sample(&mut rng)).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n as f64 - 1.0);
        (mean, var.sqrt() / mean)
    }

    #[test]
    fn lognormal_and_gamma_keep_the_requested_mean_and_spread() {
        let n = 400_000;
        for kind in [DistributionKind::Lognormal, DistributionKind::Gamma] {
            let spec = DurationSpec {
                kind,
                mean: 9.0,
                cv: 0.6,
            };
            let (mean, cv) = sample_mean_and_cv(spec, n);
            // Standard error of the mean is cv * m / sqrt(n) = 0.6 * 540 / 632 = 0.51 s;
            // 5 standard errors is a false-alarm rate below 1e-6.
            assert!(
                (mean - 540.0).abs() < 5.0 * 0.6 * 540.0 / (n as f64).sqrt(),
                "{kind:?} mean {mean}"
            );
            assert!((cv - 0.6).abs() < 0.01, "{kind:?} cv {cv}");
            assert!((DurationSampler::new(&spec, 60.0).mean() - 540.0).abs() < 1e-9);
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
        let (mean, cv) = sample_mean_and_cv(
            DurationSpec {
                kind: DistributionKind::Exponential,
                mean: 1.0,
                cv: 1.0,
            },
            400_000,
        );
        assert!((mean - 60.0).abs() < 5.0 * 60.0 / 632.0);
        assert!((cv - 1.0).abs() < 0.01);
    }
}
