//! The workforce pipeline that steady backfill holds: how many requisitions
//! are in flight, how many hires wait for a class, train and ramp, for a given
//! headcount. `Pipeline::new` starts from it (when `backfill` is on), and the
//! recruiters keep the stationary vacancies open on top of their headcount
//! target.
//!
//! # Derivation (the discrete weekly pipeline of `workforce.rs`)
//!
//! Write `a` and `b` for the weekly attrition of settled people (proficient
//! agents and trainers) and of new hires (waiting, training, ramping), `T`
//! and `R` for the training and ramp weeks, `L = T + R`. Counts are taken at
//! a week's report, after its step: ageing, attrition, recruiting, classes.
//!
//! A class that starts in week `w` is reported in week `w + k` in training
//! (`k < T`, `k` weeks done), ramping (`T <= k < L`, `k - T` weeks done) or
//! settled (`k >= L`). Each week's step ages it first and then applies
//! attrition at the rate of the stage it has reached, so by week `w + k` it
//! has survived the fraction
//!
//! ```text
//! S_k = (1 - b)^k                   for k < L,
//! S_L = (1 - b)^(L - 1) (1 - a)     (promoted, then settled attrition; S_0 = 1 when L = 0),
//! S_k = S_L (1 - a)^(k - L)          for k > L.
//! ```
//!
//! With `f` people starting class every week, the stationary stocks are
//! `f S_k` in the pipeline's week `k < L` and `f S_L / a` settled (the sum of
//! the geometric tail), so with `W` hires waiting for a class the headcount is
//!
//! ```text
//! H = W + f D,    D = S_0 + ... + S_(L-1) + S_L / a.
//! ```
//!
//! Leavers equal joiners: the next week loses `b f S_k` from each week
//! `k < L - 1`, `a f S_(L-1)` from the cohort just promoted and `a` of the
//! settled `f S_L / a`; these add up to `f` (the sum telescopes), so the
//! flow `f = H / D` keeps `H` constant. That is the discrete form of the
//! continuous `h = a H / (1 + (a - b) S)`, `S` the survivor-weeks in training
//! and ramp; the two differ by the order of ageing and attrition.
//!
//! **Class seats.** With `trainers`, at most `C = floor(trainers x
//! trainees_per_trainer)` people are in training, which holds
//! `f (S_0 + ... + S_(T-1))`. If the unconstrained flow needs more, classes
//! start `f = C / (S_0 + ... + S_(T-1))` a week and the rest of the headcount
//! waits: `W = H - f D`. Waiting hires leave at rate `b`, so recruiting hires
//! `h = f + b W` a week. (Trainers who leave are replaced by agents, not
//! trainers, so seats shrink over a long horizon; the start uses the
//! trainers as given.) With no seats at all, or no settled attrition
//! (`a = 0`), nothing flows and everyone starts settled.
//!
//! **Requisitions.** A requisition opened in week `w` becomes fillable in
//! week `w + d`, `d` the sampled time to hire rounded to whole weeks (`d = 0`:
//! filled the week it opens). Recruiters open `h` a week (one per leaver);
//! those opened `j` weeks ago are still open with probability `P(d > j)`, so
//! at a report `h P(d >= k)` requisitions become fillable `k >= 1` weeks
//! later, `h E[d]` in all: the stationary vacancies. `P(d >= k) =
//! P(X >= k - 1/2)` for the time to hire `X`.

use crate::scenario::{DistributionKind, DurationSpec, Workforce};

/// The steady pipeline's shape for a workforce, per person of headcount.
#[derive(Debug, Clone)]
pub(super) struct SteadyPipeline {
    /// `S_k` for `k < L`: survivors of a class starter in each pipeline week.
    survivors: Vec<f64>,
    training_weeks: usize,
    /// `D`: headcount per weekly class starter (infinite if nobody ever leaves).
    headcount_per_starter: f64,
    /// Class seats `C`, if trainers limit them.
    seats: Option<f64>,
    new_hire_attrition: f64,
    /// `P(d >= k)` for `k = 1, 2, ...` (index `k - 1`), to a negligible tail.
    open_after: Vec<f64>,
    /// `E[d]`, weeks from opening a requisition to filling it.
    mean_delay: f64,
}

/// Expected stocks of the steady pipeline for one headcount (fractional).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SteadyState {
    /// `h`: new hires a week.
    pub hires_per_week: f64,
    /// `W`: hired, waiting for a class.
    pub waiting: f64,
    /// By weeks of training done.
    pub training: Vec<f64>,
    /// By weeks of ramp done.
    pub ramping: Vec<f64>,
    /// Proficient agents and trainers.
    pub settled: f64,
    /// Requisitions becoming fillable `k` weeks from now (index `k - 1`).
    pub requisitions: Vec<f64>,
}

impl SteadyPipeline {
    /// `settled` and `new_hire` are the weekly attrition probabilities `a`, `b`.
    pub fn new(w: &Workforce, settled: f64, new_hire: f64) -> Self {
        let (a, b) = (settled, new_hire);
        let t = w.training_weeks as usize;
        let l = t + w.ramp_weeks as usize;
        let survivors: Vec<f64> = (0..l).map(|k| (1.0 - b).powi(k as i32)).collect();
        let first_settled = match l {
            0 => 1.0,
            _ => (1.0 - b).powi(l as i32 - 1) * (1.0 - a),
        };
        let headcount_per_starter = if a > 0.0 {
            survivors.iter().sum::<f64>() + first_settled / a
        } else {
            f64::INFINITY
        };
        let seats = w.trainers.map(|trainers| {
            let trainers = trainers.round().clamp(0.0, w.initial_fte.round().max(0.0));
            (trainers * w.trainees_per_trainer).floor()
        });
        let open_after = open_after(&w.time_to_hire_weeks);
        SteadyPipeline {
            mean_delay: open_after.iter().sum(),
            survivors,
            training_weeks: t,
            headcount_per_starter,
            seats,
            new_hire_attrition: b,
            open_after,
        }
    }

    /// `(f, W, h)`: class starters a week, hires waiting and hires a week
    /// that hold `headcount` steady.
    fn flows(&self, headcount: f64) -> (f64, f64, f64) {
        let headcount = headcount.max(0.0);
        let mut starters = headcount / self.headcount_per_starter;
        let in_training: f64 = self.survivors[..self.training_weeks].iter().sum();
        if let Some(seats) = self.seats {
            if starters * in_training > seats {
                starters = seats / in_training;
            }
        }
        if !(starters.is_finite() && starters > 0.0) {
            return (0.0, 0.0, 0.0);
        }
        let waiting = (headcount - starters * self.headcount_per_starter).max(0.0);
        (
            starters,
            waiting,
            starters + self.new_hire_attrition * waiting,
        )
    }

    /// Requisitions open in the steady state of `headcount`: `h E[d]`.
    pub fn vacancies(&self, headcount: f64) -> f64 {
        self.flows(headcount).2 * self.mean_delay
    }

    /// The expected stocks that hold `headcount` steady.
    pub fn state(&self, headcount: f64) -> SteadyState {
        let (starters, waiting, hires) = self.flows(headcount);
        let t = self.training_weeks;
        let cohort = |s: &f64| starters * s;
        let training: Vec<f64> = self.survivors[..t].iter().map(cohort).collect();
        let ramping: Vec<f64> = self.survivors[t..].iter().map(cohort).collect();
        let pipeline = waiting + training.iter().sum::<f64>() + ramping.iter().sum::<f64>();
        SteadyState {
            hires_per_week: hires,
            waiting,
            training,
            ramping,
            settled: (headcount - pipeline).max(0.0),
            requisitions: self.open_after.iter().map(|p| hires * p).collect(),
        }
    }
}

/// `P(d >= k)` for `k = 1, 2, ...` until it is negligible, where `d` is a
/// time to hire drawn from `spec` and rounded to whole weeks (as `open` does).
fn open_after(spec: &DurationSpec) -> Vec<f64> {
    const NEGLIGIBLE: f64 = 1e-9;
    const MOST_WEEKS: usize = 100_000;
    let mut out = Vec::new();
    for k in 1..=MOST_WEEKS {
        let p = survival(spec, k as f64 - 0.5);
        if p < NEGLIGIBLE {
            break;
        }
        out.push(p);
    }
    out
}

/// `P(X >= x)` for a duration `X` drawn as `DurationSampler` draws `spec`.
fn survival(spec: &DurationSpec, x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    let mean = spec.mean;
    let exponential = || (-x / mean).exp();
    match spec.kind {
        DistributionKind::Fixed => f64::from(u8::from(mean >= x)),
        DistributionKind::Exponential => exponential(),
        DistributionKind::Lognormal => {
            let sigma2 = (1.0 + spec.cv * spec.cv).ln();
            let (mu, sigma) = (mean.ln() - sigma2 / 2.0, sigma2.sqrt());
            if sigma > 0.0 {
                0.5 * statrs::function::erf::erfc(
                    (x.ln() - mu) / (sigma * std::f64::consts::SQRT_2),
                )
            } else {
                f64::from(u8::from(mean >= x))
            }
        }
        DistributionKind::Gamma => {
            // Shape 1 / cv^2, scale mean cv^2, as `DurationSampler::new`; it
            // falls back to an exponential when that gamma is invalid.
            let shape = 1.0 / (spec.cv * spec.cv);
            let scale = mean / shape;
            statrs::function::gamma::checked_gamma_ur(shape, x / scale)
                .ok()
                .filter(|p| p.is_finite())
                .unwrap_or_else(exponential)
        }
    }
}

/// Whole numbers whose running totals are the rounded running totals of
/// `expected` (so they add up to the rounded total and a stream of small
/// expected cohorts still puts a person in every few weeks), with the total
/// held to `budget`.
pub(super) fn apportion(expected: &[f64], budget: u32) -> Vec<u32> {
    let mut total = 0.0;
    let mut given = 0u32;
    expected
        .iter()
        .map(|x| {
            total += x.max(0.0);
            let upto = (total.round().min(f64::from(budget))) as u32;
            let n = upto.saturating_sub(given);
            given += n;
            n
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::DurationSpec;

    fn workforce() -> Workforce {
        Workforce {
            initial_fte: 1000.0,
            target_fte: 1000.0,
            target_growth_per_year: 0.0,
            backfill: true,
            time_to_hire_weeks: DurationSpec {
                kind: DistributionKind::Fixed,
                mean: 4.0,
                cv: 0.0,
            },
            recruiting_capacity_per_week: 1000.0,
            cost_per_hire: 0.0,
            training_weeks: 4,
            trainers: None,
            trainees_per_trainer: 12.0,
            training_cost_per_trainee_week: 0.0,
            ramp_weeks: 12,
            ramp_start_productivity: 0.5,
            attrition_per_year: 0.2,
            new_hire_attrition_per_year: 0.6,
            severance_weeks: 0.0,
            loading_factor: 1.0,
            alumni_return_share: 0.0,
            alumni_half_life_weeks: 26.0,
            returner_training_weeks: 1,
            returner_ramp_weeks: 1,
            load: None,
            outsourcing: None,
        }
    }

    /// The stocks against the closed form worked out by hand, and the flow
    /// against leavers: the expected leavers of the next week equal the hires.
    #[test]
    fn steady_cohorts_match_the_closed_form_and_leavers_equal_hires() {
        let (a, b) = (0.004, 0.017);
        let p = SteadyPipeline::new(&workforce(), a, b);
        let s = p.state(1000.0);
        // D = sum_{k<16} (1-b)^k + (1-b)^15 (1-a) / a.
        let pipeline_weeks = (1.0 - (1.0 - b).powi(16)) / b;
        let d = pipeline_weeks + (1.0 - b).powi(15) * (1.0 - a) / a;
        let h = 1000.0 / d;
        assert!(
            (s.hires_per_week - h).abs() < 1e-9,
            "{} vs {h}",
            s.hires_per_week
        );
        assert_eq!((s.training.len(), s.ramping.len()), (4, 12));
        for (k, x) in s.training.iter().chain(&s.ramping).enumerate() {
            assert!((x - h * (1.0 - b).powi(k as i32)).abs() < 1e-9, "week {k}");
        }
        assert_eq!(s.waiting, 0.0);
        assert!((s.settled - h * (1.0 - b).powi(15) * (1.0 - a) / a).abs() < 1e-6);
        // Fixed 4 weeks to hire: 4 weeks of hires in flight, one fillable each week.
        assert_eq!(s.requisitions.len(), 4);
        assert!(s.requisitions.iter().all(|r| (r - h).abs() < 1e-12));
        assert!((p.vacancies(1000.0) - 4.0 * h).abs() < 1e-9);
        // Next week's expected leavers: b from every pipeline week but the
        // last, a from the cohort promoted and from the settled.
        let pipeline: Vec<f64> = s.training.iter().chain(&s.ramping).copied().collect();
        let leavers = b * pipeline[..15].iter().sum::<f64>() + a * (pipeline[15] + s.settled);
        assert!((leavers - h).abs() < 1e-9, "{leavers} vs {h}");
        // The continuous approximation h = a H / (1 + (a - b) S) is a few
        // percent off: it lets the promoted cohort leave at b, not a.
        let continuous = a * 1000.0 / (1.0 + (a - b) * pipeline_weeks);
        assert!((continuous - h).abs() / h < 0.03, "{continuous} vs {h}");
    }

    #[test]
    fn short_seats_make_hires_wait_and_waiting_hires_leave_too() {
        let mut w = workforce();
        w.trainers = Some(1.0);
        w.trainees_per_trainer = 4.0;
        let (a, b) = (0.004, 0.017);
        let p = SteadyPipeline::new(&w, a, b);
        let s = p.state(1000.0);
        let in_training: f64 = s.training.iter().sum();
        assert!(
            (in_training - 4.0).abs() < 1e-9,
            "classes are full: {in_training}"
        );
        let f = s.training[0];
        assert!(s.waiting > 0.0);
        assert!((s.hires_per_week - (f + b * s.waiting)).abs() < 1e-12);
        let total = s.waiting + in_training + s.ramping.iter().sum::<f64>() + s.settled;
        assert!((total - 1000.0).abs() < 1e-9);
    }

    #[test]
    fn nobody_flows_without_settled_attrition() {
        let p = SteadyPipeline::new(&workforce(), 0.0, 0.01);
        let s = p.state(500.0);
        assert_eq!((s.hires_per_week, s.settled), (0.0, 500.0));
        assert_eq!(p.vacancies(500.0), 0.0);
    }

    #[test]
    fn rounded_times_to_hire_have_the_sampled_distribution() {
        let spec = |kind, mean, cv| DurationSpec { kind, mean, cv };
        // Exponential mean 4: P(round(X) >= k) = exp(-(k - 0.5) / 4).
        let e = open_after(&spec(DistributionKind::Exponential, 4.0, 1.0));
        assert!((e[0] - (-0.125f64).exp()).abs() < 1e-12);
        assert!((e[2] - (-0.625f64).exp()).abs() < 1e-12);
        // Fixed 3.5 rounds to 4.
        assert_eq!(
            open_after(&spec(DistributionKind::Fixed, 3.5, 0.0)),
            vec![1.0; 4]
        );
        // Gamma with cv 1 is the exponential; the mean of the rounded time
        // is close to the mean (exactly, up to the rounding near 0).
        let g = open_after(&spec(DistributionKind::Gamma, 4.0, 1.0));
        for (x, y) in g.iter().zip(&e) {
            assert!((x - y).abs() < 1e-9);
        }
        let l = open_after(&spec(DistributionKind::Lognormal, 4.0, 0.5));
        let mean: f64 = l.iter().sum();
        assert!((mean - 4.0).abs() < 0.05, "{mean}");
    }

    #[test]
    fn apportioned_people_keep_the_rounded_total_within_the_budget() {
        assert_eq!(apportion(&[0.25; 8], 100), vec![0, 1, 0, 0, 0, 1, 0, 0]);
        assert_eq!(apportion(&[2.6, 2.6, 2.6], 100), vec![3, 2, 3]);
        assert_eq!(apportion(&[2.6, 2.6, 2.6], 4), vec![3, 1, 0]);
    }
}
