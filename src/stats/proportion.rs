//! Shares and curves of shares: Wilson's interval for a proportion, the
//! non-increasing least-squares (isotonic) fit, and a percentile bootstrap
//! over replications. Each keeps its figure inside its support.

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// Wilson's 95 % score interval for `successes` out of `n` (successes may be
/// fractional, e.g. a replication that half-recovers an interval-censored
/// point). Unlike the normal approximation it never leaves `[0, 1]` and is
/// not degenerate at 0 or n. `None` when `n` is 0.
pub fn wilson(successes: f64, n: usize) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    const Z: f64 = 1.959_963_984_540_054;
    let n = n as f64;
    let p = (successes / n).clamp(0.0, 1.0);
    let z2 = Z * Z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some(((centre - half).max(0.0), (centre + half).min(1.0)))
}

/// The non-increasing sequence closest to `values` in weighted least squares
/// (pool-adjacent-violators). A share that must fall as a cut grows is fitted
/// so, and sampling noise cannot make the fitted curve rise.
pub fn non_increasing_fit(values: &[f64], weights: &[f64]) -> Vec<f64> {
    // Blocks of (mean, weight, length), merged while a later block is higher.
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(values.len());
    for (v, w) in values.iter().zip(weights) {
        blocks.push((*v, w.max(f64::MIN_POSITIVE), 1));
        while blocks.len() > 1 {
            let (m2, w2, l2) = blocks[blocks.len() - 1];
            let (m1, w1, l1) = blocks[blocks.len() - 2];
            if m2 <= m1 {
                break;
            }
            blocks.pop();
            let last = blocks.len() - 1;
            blocks[last] = ((m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, l1 + l2);
        }
    }
    blocks
        .iter()
        .flat_map(|(m, _, l)| std::iter::repeat_n(*m, *l))
        .collect()
}

/// The 2.5 % and 97.5 % percentiles of `statistic` over `resamples`
/// resamples (with replacement) of `n` replications' indices, from a fixed
/// generator seeded with `seed`, so the interval is reproducible.
pub fn bootstrap_percentile(
    n: usize,
    resamples: usize,
    seed: u64,
    statistic: impl Fn(&[usize]) -> f64,
) -> Option<(f64, f64)> {
    if n == 0 || resamples == 0 {
        return None;
    }
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut sample = vec![0; n];
    let mut values: Vec<f64> = (0..resamples)
        .map(|_| {
            sample.iter_mut().for_each(|i| *i = rng.random_range(0..n));
            statistic(&sample)
        })
        .filter(|v| v.is_finite())
        .collect();
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let at =
        |q: f64| values[((q * (values.len() - 1) as f64).round() as usize).min(values.len() - 1)];
    Some((at(0.025), at(0.975)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Against published values (Newcombe 1998, table I): 81/263 gives
    /// [0.2553, 0.3662]; 0/10 gives [0, 0.2775].
    #[test]
    fn wilson_matches_published_intervals() {
        let (lo, hi) = wilson(81.0, 263).unwrap();
        assert!(
            (lo - 0.2553).abs() < 1e-4 && (hi - 0.3662).abs() < 1e-4,
            "{lo} {hi}"
        );
        let (lo, hi) = wilson(0.0, 10).unwrap();
        assert!(lo == 0.0 && (hi - 0.2775).abs() < 1e-4, "{lo} {hi}");
        assert!(wilson(0.0, 0).is_none());
    }

    #[test]
    fn the_fit_pools_rising_neighbours() {
        let fit = non_increasing_fit(&[1.0, 0.6, 0.8, 0.2, 0.3, 0.0], &[1.0; 6]);
        assert_eq!(fit, vec![1.0, 0.7, 0.7, 0.25, 0.25, 0.0]);
        let already = [1.0, 0.9, 0.5, 0.5, 0.1];
        assert_eq!(non_increasing_fit(&already, &[1.0; 5]), already.to_vec());
    }

    #[test]
    fn bootstrap_of_a_constant_is_that_constant() {
        let (lo, hi) = bootstrap_percentile(10, 200, 1, |_| 7.0).unwrap();
        assert_eq!((lo, hi), (7.0, 7.0));
    }

    /// The bootstrap interval of a mean covers the sample mean for a
    /// symmetric sample and lies within the sample's range.
    #[test]
    fn bootstrap_of_a_mean_stays_within_the_sample() {
        let x: Vec<f64> = (0..20).map(f64::from).collect();
        let mean = |idx: &[usize]| idx.iter().map(|&i| x[i]).sum::<f64>() / idx.len() as f64;
        let (lo, hi) = bootstrap_percentile(x.len(), 2000, 3, mean).unwrap();
        assert!(lo >= 0.0 && hi <= 19.0 && lo < 9.5 && 9.5 < hi, "{lo} {hi}");
    }

    proptest! {
        #[test]
        fn the_fit_never_rises_and_keeps_the_weighted_sum(values in proptest::collection::vec(0.0f64..1.0, 1..30)) {
            let fit = non_increasing_fit(&values, &vec![1.0; values.len()]);
            prop_assert_eq!(fit.len(), values.len());
            prop_assert!(fit.windows(2).all(|w| w[0] >= w[1] - 1e-12));
            let (a, b): (f64, f64) = (values.iter().sum(), fit.iter().sum());
            prop_assert!((a - b).abs() < 1e-9);
        }

        #[test]
        fn wilson_stays_in_the_unit_interval(k in 0usize..50, extra in 0usize..50) {
            let n = k + extra + 1;
            let (lo, hi) = wilson(k as f64, n).unwrap();
            let p = k as f64 / n as f64;
            prop_assert!(0.0 <= lo && lo <= p + 1e-12 && p <= hi + 1e-12 && hi <= 1.0);
        }
    }
}
