//! Parameter uncertainty in a run (`wfsim run --uncertainty`): every
//! replication draws each declared `[[uncertain]]` parameter from its range,
//! so the run's intervals cover what we do not know about the operation as
//! well as the simulation's own randomness.
//!
//! The draws are a Latin hypercube over the replications: each parameter's
//! range is cut into as many equally likely strata as there are
//! replications, every stratum is used exactly once, and the strata are
//! paired across parameters in a shuffled order. With few replications that
//! spreads each parameter over its whole range, where independent draws
//! would cluster. The hypercube depends only on the seed, the number of
//! replications and the declarations, so replication `r` draws the same
//! values on any machine or shard.
//!
//! How much of the spread comes from the parameters is read against the
//! same replications run without the draws (same seeds, so each pair meets
//! the same customers): the variance of the replication totals with the
//! draws and without.

use rand::Rng;

use super::metrics::Metric;
use super::replicate::RunResult;
use crate::random::{stream, Stream};
use crate::scenario::{Uncertain, UncertainDistribution};
use crate::stats::Estimate;

/// The value at cumulative probability `p` (in [0, 1]) of a declared range.
pub fn quantile(u: &Uncertain, p: f64) -> f64 {
    let (a, b) = (u.low, u.high);
    if b <= a {
        return a;
    }
    match (u.distribution, u.most_likely) {
        (UncertainDistribution::Triangular, Some(c)) => {
            // Inverse of the triangular CDF with mode c.
            let split = (c - a) / (b - a);
            if p < split {
                a + (p * (b - a) * (c - a)).sqrt()
            } else {
                b - ((1.0 - p) * (b - a) * (b - c)).sqrt()
            }
        }
        _ => a + p * (b - a),
    }
}

/// `values[replication][parameter]`: a Latin hypercube of `replications`
/// draws of `parameters`, seeded by `seed`.
pub fn latin_hypercube(parameters: &[Uncertain], replications: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rng = stream(seed, 0, Stream::Parameters);
    let n = replications;
    let mut values = vec![Vec::with_capacity(parameters.len()); n];
    for u in parameters {
        // Fisher–Yates over the strata, then a uniform point inside each.
        let mut strata: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = rng.random_range(0..=i);
            strata.swap(i, j);
        }
        for (row, stratum) in values.iter_mut().zip(strata) {
            let p = (stratum as f64 + rng.random::<f64>()) / n as f64;
            row.push(quantile(u, p.clamp(0.0, 1.0)));
        }
    }
    values
}

/// One metric's spread over replications, with and without the draws.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    pub metric: Metric,
    /// Standard deviation of the replication totals without the draws: the
    /// simulation's own randomness.
    pub sd_simulation: f64,
    /// With the draws: parameters and randomness together.
    pub sd_total: f64,
    /// `1 − sd_simulation² / sd_total²`, kept in [0, 1]; NaN where either
    /// spread is unknown or the total is 0. An estimate from the same
    /// replications, so near 0 it can come out below 0 by chance (then 0).
    pub parameter_share: f64,
}

/// The declared parameters, their draws and how they widen each metric.
#[derive(Debug, Clone, PartialEq)]
pub struct Uncertainty {
    pub parameters: Vec<Uncertain>,
    /// `draws[replication][parameter]`.
    pub draws: Vec<Vec<f64>>,
    /// In `METRICS` order.
    pub spreads: Vec<Spread>,
}

/// The sample standard deviation of the finite values (NaN for fewer than
/// two), from the same estimate the run's intervals rest on.
fn sd(values: &[f64]) -> f64 {
    let e = Estimate::from_values(values);
    if e.n < 2 {
        return f64::NAN;
    }
    e.standard_error * (e.n as f64).sqrt()
}

/// Each metric's spread in `drawn` (replications with the draws) against
/// `plain` (the same replications without).
pub fn spreads(plain: &RunResult, drawn: &RunResult) -> Vec<Spread> {
    Metric::ALL
        .iter()
        .map(|&metric| {
            let m = metric.index();
            let column =
                |r: &RunResult| -> Vec<f64> { r.replication_totals.iter().map(|t| t[m]).collect() };
            let sd_simulation = sd(&column(plain));
            let sd_total = sd(&column(drawn));
            let parameter_share = if sd_total > 0.0 && sd_simulation.is_finite() {
                (1.0 - (sd_simulation / sd_total).powi(2)).clamp(0.0, 1.0)
            } else {
                f64::NAN
            };
            Spread {
                metric,
                sd_simulation,
                sd_total,
                parameter_share,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(low: f64, high: f64, triangular_at: Option<f64>) -> Uncertain {
        Uncertain {
            key: "k".into(),
            low,
            high,
            most_likely: triangular_at,
            distribution: if triangular_at.is_some() {
                UncertainDistribution::Triangular
            } else {
                UncertainDistribution::Uniform
            },
            source: String::new(),
        }
    }

    /// Every stratum of every parameter is used exactly once.
    #[test]
    fn each_stratum_of_each_range_is_drawn_once() {
        let params = [range(0.0, 10.0, None), range(100.0, 200.0, None)];
        let n = 20;
        let draws = latin_hypercube(&params, n, 7);
        assert_eq!(draws.len(), n);
        for (j, u) in params.iter().enumerate() {
            let mut strata: Vec<usize> = draws
                .iter()
                .map(|row| ((row[j] - u.low) / (u.high - u.low) * n as f64) as usize)
                .collect();
            strata.sort_unstable();
            assert_eq!(strata, (0..n).collect::<Vec<_>>(), "parameter {j}");
        }
        assert_eq!(draws, latin_hypercube(&params, n, 7), "seeded");
        assert_ne!(draws, latin_hypercube(&params, n, 8));
    }

    /// The triangular quantile inverts its CDF: P(X <= mode) = (c-a)/(b-a),
    /// and the ends map to the ends.
    #[test]
    fn the_triangular_quantile_inverts_its_distribution() {
        let u = range(2.0, 12.0, Some(4.0));
        assert_eq!(quantile(&u, 0.0), 2.0);
        assert_eq!(quantile(&u, 1.0), 12.0);
        assert!((quantile(&u, 0.2) - 4.0).abs() < 1e-12);
        // CDF below the mode: (x-a)^2 / ((b-a)(c-a)); at x = 3: 1/20.
        assert!((quantile(&u, 0.05) - 3.0).abs() < 1e-12);
        // Mean of a hypercube of 1,000 draws: (a+b+c)/3 = 6. Each draw lies
        // in its own stratum, whose values span (b-a) in all, so the mean is
        // off by at most (b-a)/n = 0.01: the bound, not a guess.
        let draws = latin_hypercube(&[u], 1000, 1);
        let mean = draws.iter().map(|r| r[0]).sum::<f64>() / 1000.0;
        assert!((mean - 6.0).abs() < 0.01, "{mean}");
    }

    #[test]
    fn the_parameter_share_is_the_variance_the_draws_add() {
        let result = |totals: &[f64]| RunResult {
            scenario: String::new(),
            description: String::new(),
            replications: totals.len() as u32,
            seed: 1,
            weeks: 1,
            weekly: Vec::new(),
            totals: Vec::new(),
            replication_totals: totals.iter().map(|t| vec![*t; Metric::ALL.len()]).collect(),
            contacts_simulated: 0.0,
            events_processed: 0,
            peak_contacts_in_system: 0,
            decisions: Vec::new(),
            pools: Vec::new(),
        };
        // sd 1 without the draws, sd 2 with them: 3/4 of the variance.
        let plain = result(&[-1.0, 1.0, -1.0, 1.0]);
        let drawn = result(&[-2.0, 2.0, -2.0, 2.0]);
        let s = spreads(&plain, &drawn);
        let expected = 2.0 / 3.0f64.sqrt();
        assert!((s[0].sd_simulation - expected).abs() < 1e-12);
        assert!((s[0].parameter_share - 0.75).abs() < 1e-12);
        // Draws that happen to narrow the spread give 0, not a negative share.
        assert_eq!(spreads(&drawn, &plain)[0].parameter_share, 0.0);
    }
}
