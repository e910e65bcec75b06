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

/// The `u`-quantile of the binomial distribution with `n` trials and success
/// probability `p`: the smallest `k` whose cumulative probability reaches `u`
/// (`u` in [0, 1)). One uniform per sample, and the sample never decreases
/// as `u` grows, so two runs that use the same `u` for slightly different
/// `n` or `p` draw counts that differ as little as the distributions allow.
///
/// Robust for any `n` and `p`: weights are taken relative to the mode's
/// (never underflowing where it matters) by the ratio of neighbouring
/// probabilities, outwards until the rest of the tail is below 1e-18 of the
/// mode's weight (the ratios fall away from the mode, so the tail is bounded
/// by a geometric series). The cost is a few dozen steps per standard
/// deviation, at most a few thousand steps for n = 100,000.
pub fn binomial_quantile(n: u32, p: f64, u: f64) -> u32 {
    if n == 0 || p.is_nan() || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    let odds = p / (1.0 - p);
    let nf = f64::from(n);
    let mode = ((nf + 1.0) * p).floor().min(nf) as u32;
    // w(k - 1) / w(k) below the mode and w(k + 1) / w(k) above it.
    let down = |k: u32| f64::from(k) / (f64::from(n - k + 1) * odds);
    let up = |k: u32| f64::from(n - k) * odds / f64::from(k + 1);
    const TAIL: f64 = 1e-18;
    // Pass 1: the window's ends and the weight below the mode.
    let (mut lo, mut w, mut below) = (mode, 1.0f64, 0.0f64);
    while lo > 0 {
        let r = down(lo);
        let next = w * r;
        if r < 1.0 && next < TAIL * (1.0 - r) {
            break;
        }
        w = next;
        lo -= 1;
        below += w;
    }
    let (mut hi, mut above) = (mode, 0.0f64);
    w = 1.0;
    while hi < n {
        let r = up(hi);
        let next = w * r;
        if r < 1.0 && next < TAIL * (1.0 - r) {
            break;
        }
        w = next;
        hi += 1;
        above += w;
    }
    let target = u * (below + 1.0 + above);
    // Pass 2: the smallest k in [lo, hi] whose cumulative weight C(k) reaches
    // the target. C(mode - 1) is `below`; walking down subtracts the same
    // weights pass 1 added, walking up adds, so C never decreases in k and
    // the result never decreases in u.
    if mode > lo && below >= target {
        let (mut k, mut c, mut w) = (mode - 1, below, down(mode));
        while k > lo {
            let c_below = c - w;
            if c_below < target {
                break;
            }
            c = c_below;
            w *= down(k);
            k -= 1;
        }
        return k;
    }
    let (mut k, mut c, mut w) = (mode, below + 1.0, 1.0f64);
    while c < target && k < hi {
        w *= up(k);
        k += 1;
        c += w;
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
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

    /// The exact binomial cumulative probabilities for small `n`, summed
    /// from k = 0 (exact enough where q^n does not underflow).
    fn exact_cdf(n: u32, p: f64) -> Vec<f64> {
        let q = 1.0 - p;
        let mut pmf = q.powi(n as i32);
        let mut cdf = Vec::new();
        let mut c = 0.0;
        for k in 0..=n {
            c += pmf;
            cdf.push(c);
            pmf *= f64::from(n - k) / f64::from(k + 1) * p / q;
        }
        cdf
    }

    /// For small cases the quantile is exactly the smallest k with
    /// F(k) >= u, wherever u is not within rounding of an F(k).
    #[test]
    fn binomial_quantile_inverts_the_exact_cdf() {
        for (n, p) in [
            (1, 0.3),
            (5, 0.5),
            (10, 0.03),
            (20, 0.7),
            (40, 0.99),
            (60, 0.2),
        ] {
            let cdf = exact_cdf(n, p);
            for i in 0..2_000 {
                let u = (f64::from(i) + 0.5) / 2_000.0;
                if cdf.iter().any(|c| (c - u).abs() < 1e-9) {
                    continue;
                }
                let expected = cdf.iter().position(|&c| c >= u).unwrap() as u32;
                assert_eq!(binomial_quantile(n, p, u), expected, "n {n} p {p} u {u}");
            }
        }
    }

    /// Never decreasing in u, always in [0, n], and the trivial cases exact.
    #[test]
    fn binomial_quantile_is_monotone_in_the_uniform_and_in_range() {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        for (n, p) in [
            (1, 0.5),
            (7, 1e-12),
            (7, 1.0 - 1e-12),
            (1_000, 0.004),
            (3_000, 0.3),
            (100_000, 1e-7),
            (100_000, 0.004),
            (100_000, 0.5),
            (100_000, 0.999_999),
            (u32::MAX, 1e-9),
        ] {
            let mut us: Vec<f64> = (0..4_000).map(|_| rng.random::<f64>()).collect();
            us.extend([0.0, 1e-300, 0.5, 1.0 - f64::EPSILON / 2.0]);
            us.sort_by(f64::total_cmp);
            let mut last = 0;
            for &u in &us {
                let k = binomial_quantile(n, p, u);
                assert!(k <= n && k >= last, "n {n} p {p} u {u}: {k} after {last}");
                last = k;
            }
        }
        assert_eq!(binomial_quantile(0, 0.5, 0.9), 0);
        assert_eq!(binomial_quantile(10, 0.0, 0.9), 0);
        assert_eq!(binomial_quantile(10, f64::NAN, 0.9), 0);
        assert_eq!(binomial_quantile(10, 1.0, 0.0), 10);
    }

    /// Samples from uniform draws have the binomial's mean np and variance
    /// npq. With N draws the sample mean's standard error is sqrt(npq / N)
    /// and the sample variance's sqrt((mu4 - sigma^4) / N), where mu4 =
    /// 3 sigma^4 + sigma^2 (1 - 6pq); both must be within 4.4 standard
    /// errors (a false alarm has probability 1e-5 per figure).
    #[test]
    fn binomial_quantile_has_the_binomial_mean_and_variance() {
        const N: usize = 20_000;
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        for (n, p) in [
            (3, 0.4),
            (50, 0.004),
            (400, 0.05),
            (2_000, 0.0043),
            (10_000, 0.5),
            (100_000, 0.004),
            (100_000, 0.7),
            (100_000, 1e-5),
        ] {
            let xs: Vec<f64> = (0..N)
                .map(|_| f64::from(binomial_quantile(n, p, rng.random())))
                .collect();
            let mean = xs.iter().sum::<f64>() / N as f64;
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (N as f64 - 1.0);
            let q = 1.0 - p;
            let sigma2 = f64::from(n) * p * q;
            let mu4 = 3.0 * sigma2 * sigma2 + sigma2 * (1.0 - 6.0 * p * q);
            let mean_se = (sigma2 / N as f64).sqrt();
            let var_se = ((mu4 - sigma2 * sigma2) / N as f64).sqrt();
            let expected = f64::from(n) * p;
            assert!(
                (mean - expected).abs() <= 4.4 * mean_se,
                "n {n} p {p}: mean {mean} vs {expected} ± {}",
                4.4 * mean_se
            );
            assert!(
                (var - sigma2).abs() <= 4.4 * var_se,
                "n {n} p {p}: variance {var} vs {sigma2} ± {}",
                4.4 * var_se
            );
        }
    }
}
