//! The point of no return as a probability: for each cut size, the share of
//! replications that recover within the window, and the largest cut at which
//! that share is still at least the confidence asked for.
//!
//! Each replication is bisected, on the curve's own grid of cuts, to its own
//! largest recoverable cut with the reversal held where it came and paired
//! random numbers, so its outcome only grows worse with the cut (tested in
//! tests/it/reversibility.rs). The search leaves the threshold inside an
//! interval `[recovers, fails)` between neighbouring grid cuts:
//! the curve counts a replication as recovering below the interval, not
//! recovering above it, and linearly in between (the threshold taken as
//! uniform inside its interval).

use serde::{Deserialize, Serialize};

use crate::stats::proportion::{bootstrap_percentile, non_increasing_fit, wilson};

/// One replication's threshold, bracketed by the search.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CutThreshold {
    /// The largest cut seen to recover within the window (0 when none was,
    /// then with `fails` 0 too when a cut of 0 did not recover either).
    pub recovers: f64,
    /// The smallest cut seen not to; `None` when even the largest cut
    /// searched recovered (the threshold is at least `recovers`).
    pub fails: Option<f64>,
}

impl CutThreshold {
    /// The chance this replication recovers at `cut`, given its bracket.
    pub fn recovers_at(&self, cut: f64) -> f64 {
        match self.fails {
            Some(fails) if cut >= fails => 0.0,
            _ if cut <= self.recovers => 1.0,
            None => 0.0,
            Some(fails) => (fails - cut) / (fails - self.recovers),
        }
    }
}

/// One point of the curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CurvePoint {
    pub cut_fte: f64,
    /// The fitted (non-increasing) share recovering within the window.
    pub p_recover: f64,
    /// Wilson's 95 % interval of the observed share at this cut.
    pub ci95_low: f64,
    pub ci95_high: f64,
    pub replications: usize,
}

/// The point of no return with a bootstrap interval over replications.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PointOfNoReturn {
    pub mean: f64,
    /// `None` for fewer than 3 replications.
    pub ci95_low: Option<f64>,
    pub ci95_high: Option<f64>,
    pub n: usize,
    pub confidence: f64,
    /// The largest cut searched: the point is at least this when it equals it.
    pub searched_up_to: f64,
}

/// Share of `thresholds` recovering at `cut`.
fn share_at(thresholds: &[&CutThreshold], cut: f64) -> f64 {
    if thresholds.is_empty() {
        return f64::NAN;
    }
    thresholds.iter().map(|t| t.recovers_at(cut)).sum::<f64>() / thresholds.len() as f64
}

/// The cuts the curve is read at: steps of `step` FTE from 0, and `max_cut`.
pub fn cut_grid(max_cut: f64, step: f64) -> Vec<f64> {
    let mut cuts: Vec<f64> = Vec::new();
    let mut c = 0.0;
    while c < max_cut {
        cuts.push(c);
        c += step.max(1.0);
    }
    cuts.push(max_cut.max(0.0));
    cuts
}

/// The curve at steps of `step` FTE from 0 to `max_cut` (and `max_cut`).
pub fn recovery_curve(thresholds: &[CutThreshold], max_cut: f64, step: f64) -> Vec<CurvePoint> {
    let refs: Vec<&CutThreshold> = thresholds.iter().collect();
    let cuts = cut_grid(max_cut, step);
    let observed: Vec<f64> = cuts.iter().map(|c| share_at(&refs, *c)).collect();
    let fitted = non_increasing_fit(&observed, &vec![1.0; observed.len()]);
    let n = thresholds.len();
    cuts.iter()
        .zip(observed.iter().zip(&fitted))
        .map(|(cut, (p, fit))| {
            let (low, high) = wilson(p * n as f64, n).unwrap_or((f64::NAN, f64::NAN));
            CurvePoint {
                cut_fte: *cut,
                p_recover: *fit,
                ci95_low: low,
                ci95_high: high,
                replications: n,
            }
        })
        .collect()
}

/// The largest cut in `[0, max_cut]` at which the share recovering is at
/// least `confidence`. The share is piecewise linear and non-increasing in
/// the cut, so the answer lies at a bracket end or where a segment crosses
/// the confidence.
fn largest_cut(thresholds: &[&CutThreshold], max_cut: f64, confidence: f64) -> f64 {
    if thresholds.is_empty() {
        return f64::NAN;
    }
    let mut points: Vec<f64> = vec![0.0, max_cut];
    for t in thresholds {
        points.push(t.recovers);
        points.extend(t.fails);
    }
    points.retain(|p| (0.0..=max_cut).contains(p));
    points.sort_by(f64::total_cmp);
    points.dedup();
    let at = |c: f64| share_at(thresholds, c);
    if at(0.0) < confidence {
        return 0.0;
    }
    let mut best = 0.0;
    for pair in points.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let (pa, pb) = (at(a), at(b));
        if pb >= confidence {
            best = b;
        } else if pa >= confidence {
            // Crosses inside (a, b], linearly.
            best = a + (pa - confidence) / (pa - pb) * (b - a);
            break;
        } else {
            break;
        }
    }
    best
}

/// The point of no return: the largest cut whose recovery share is at least
/// `confidence`, with a percentile bootstrap over replications (1,000
/// resamples, a fixed seed) kept inside `[0, max_cut]`; no interval for fewer
/// than 3 replications.
pub fn point_of_no_return(
    thresholds: &[CutThreshold],
    max_cut: f64,
    confidence: f64,
) -> Option<PointOfNoReturn> {
    if thresholds.is_empty() {
        return None;
    }
    let refs: Vec<&CutThreshold> = thresholds.iter().collect();
    let mean = largest_cut(&refs, max_cut, confidence);
    let n = thresholds.len();
    let interval = (n >= 3)
        .then(|| {
            bootstrap_percentile(n, 1000, 0x5eed, |sample| {
                let resampled: Vec<&CutThreshold> =
                    sample.iter().map(|&i| &thresholds[i]).collect();
                largest_cut(&resampled, max_cut, confidence)
            })
        })
        .flatten();
    Some(PointOfNoReturn {
        mean,
        ci95_low: interval.map(|(low, _)| low.clamp(0.0, max_cut).min(mean)),
        ci95_high: interval.map(|(_, high)| high.clamp(0.0, max_cut).max(mean)),
        n,
        confidence,
        searched_up_to: max_cut,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bracket(recovers: f64, fails: Option<f64>) -> CutThreshold {
        CutThreshold { recovers, fails }
    }

    #[test]
    fn a_bracket_recovers_below_and_not_above_and_linearly_inside() {
        let t = bracket(100.0, Some(200.0));
        assert_eq!(t.recovers_at(50.0), 1.0);
        assert_eq!(t.recovers_at(150.0), 0.5);
        assert_eq!(t.recovers_at(250.0), 0.0);
        let open = bracket(700.0, None);
        assert_eq!(open.recovers_at(700.0), 1.0);
    }

    /// Ten replications with thresholds 100, 200, ..., 1000 (exact): 80 %
    /// recover up to a cut of 300, so the point is 300.
    #[test]
    fn the_point_is_the_confidence_quantile_of_the_thresholds() {
        let t: Vec<CutThreshold> = (1..=10)
            .map(|i| bracket(f64::from(i) * 100.0, Some(f64::from(i) * 100.0 + 1.0)))
            .collect();
        let p = point_of_no_return(&t, 1000.0, 0.8).unwrap();
        assert!((p.mean - 300.0).abs() < 1e-9, "{p:?}");
        let (low, high) = (p.ci95_low.unwrap(), p.ci95_high.unwrap());
        assert!(
            0.0 <= low && low <= p.mean && p.mean <= high && high <= 1000.0,
            "{p:?}"
        );
    }

    /// Two replications: a point, but no interval.
    #[test]
    fn fewer_than_three_replications_give_no_interval() {
        let t = [bracket(100.0, Some(150.0)), bracket(300.0, Some(350.0))];
        let p = point_of_no_return(&t, 700.0, 0.8).unwrap();
        assert!(p.ci95_low.is_none() && p.ci95_high.is_none());
        assert!(p.mean >= 0.0 && p.mean <= 700.0);
    }

    #[test]
    fn the_curve_never_rises_and_stays_in_its_support() {
        let t = [
            bracket(0.0, Some(30.0)),
            bracket(120.0, Some(140.0)),
            bracket(700.0, None),
            bracket(400.0, Some(420.0)),
        ];
        let curve = recovery_curve(&t, 700.0, 50.0);
        assert_eq!(curve.first().unwrap().cut_fte, 0.0);
        assert_eq!(curve.last().unwrap().cut_fte, 700.0);
        assert!(curve.windows(2).all(|w| w[0].p_recover >= w[1].p_recover));
        for p in &curve {
            assert!(0.0 <= p.ci95_low && p.ci95_low <= p.ci95_high && p.ci95_high <= 1.0);
        }
        assert_eq!(curve.last().unwrap().p_recover, 0.25);
    }

    /// Nobody recovers even at a cut of 0: the point is 0, never negative.
    #[test]
    fn no_recoverable_cut_gives_zero() {
        let t = vec![bracket(0.0, Some(0.0)); 5];
        let p = point_of_no_return(&t, 700.0, 0.8).unwrap();
        assert_eq!(
            (p.mean, p.ci95_low, p.ci95_high),
            (0.0, Some(0.0), Some(0.0))
        );
    }
}
