//! Analytic staffing: the fewest agents that meet a service target.
//!
//! Service level rises, and abandonment and occupancy fall, as agents are
//! added, so the feasible agent counts form an interval `[n, ∞)` and a binary
//! search over [`analyze`] finds `n` with O(log limit) evaluations instead of
//! a linear scan. The search keeps the invariant "`hi` meets the target,
//! `lo` does not", so the answer always satisfies the contract the tests pin:
//! `n` meets every target and `n − 1` does not.

use super::{analyze, QueueInputs, QueueingError};

/// What a staffing level must achieve; every `Some` bound applies on top of
/// the service level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StaffingTarget {
    /// Minimum fraction of contacts answered within `answer_seconds`
    /// (in `[0, 1]`).
    pub service_level: f64,
    /// Service-level threshold in seconds (`>= 0`).
    pub answer_seconds: f64,
    /// Maximum fraction of contacts that abandon (in `[0, 1]`).
    pub max_abandon: Option<f64>,
    /// Maximum agent occupancy (in `(0, 1]`), to keep agents from burning out.
    pub max_occupancy: Option<f64>,
}

impl StaffingTarget {
    /// Whether figures (analytic or simulated) meet every target.
    pub fn is_met(&self, service_level: f64, p_abandon: f64, occupancy: f64) -> bool {
        service_level >= self.service_level
            && self.max_abandon.is_none_or(|max| p_abandon <= max)
            && self.max_occupancy.is_none_or(|max| occupancy <= max)
    }
}

/// Smallest number of agents (at least 1) meeting every target, from the
/// closed-form model (Erlang C without patience, Erlang A with it).
///
/// Agent counts that leave an Erlang C queue unstable simply fail the target.
///
/// # Errors
///
/// [`QueueingError::InvalidInput`] for out-of-domain targets, a zero `limit`
/// or invalid traffic inputs; [`QueueingError::TargetUnreachable`] when even
/// `limit` agents fall short.
pub fn required_agents(
    arrivals_per_hour: f64,
    handle_minutes: f64,
    patience_minutes: Option<f64>,
    target: &StaffingTarget,
    limit: u32,
) -> Result<u32, QueueingError> {
    validate(target, limit)?;
    let meets = |agents: u32| -> Result<bool, QueueingError> {
        let inputs = QueueInputs {
            arrivals_per_hour,
            handle_minutes,
            agents,
            patience_minutes,
            answer_seconds: target.answer_seconds,
        };
        match analyze(&inputs) {
            Ok(m) => Ok(target.is_met(m.service_level, m.p_abandon, m.occupancy)),
            Err(QueueingError::Unstable { .. }) => Ok(false),
            Err(e) => Err(e),
        }
    };
    if !meets(limit)? {
        return Err(QueueingError::TargetUnreachable { limit });
    }
    // Invariant: `hi` meets the target; `lo` does not (0 agents never does).
    let (mut lo, mut hi) = (0u32, limit);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if meets(mid)? {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(hi)
}

fn validate(target: &StaffingTarget, limit: u32) -> Result<(), QueueingError> {
    let invalid = |what: &'static str, value: f64| Err(QueueingError::InvalidInput { what, value });
    if !(0.0..=1.0).contains(&target.service_level) {
        return invalid(
            "target service_level must be within [0, 1]",
            target.service_level,
        );
    }
    if target.answer_seconds.is_nan() || target.answer_seconds < 0.0 {
        return invalid("target answer_seconds must be >= 0", target.answer_seconds);
    }
    if let Some(max) = target.max_abandon {
        if !(0.0..=1.0).contains(&max) {
            return invalid("target max_abandon must be within [0, 1]", max);
        }
    }
    if let Some(max) = target.max_occupancy {
        if !(max > 0.0 && max <= 1.0) {
            return invalid("target max_occupancy must be within (0, 1]", max);
        }
    }
    if limit == 0 {
        return invalid("staffing limit must be at least 1 agent", 0.0);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn meets(
        arrivals: f64,
        handle: f64,
        patience: Option<f64>,
        target: &StaffingTarget,
        agents: u32,
    ) -> bool {
        let inputs = QueueInputs {
            arrivals_per_hour: arrivals,
            handle_minutes: handle,
            agents,
            patience_minutes: patience,
            answer_seconds: target.answer_seconds,
        };
        match analyze(&inputs) {
            Ok(m) => {
                m.service_level >= target.service_level
                    && target.max_abandon.is_none_or(|x| m.p_abandon <= x)
                    && target.max_occupancy.is_none_or(|x| m.occupancy <= x)
            }
            Err(_) => false,
        }
    }

    const EIGHTY_TWENTY: StaffingTarget = StaffingTarget {
        service_level: 0.8,
        answer_seconds: 20.0,
        max_abandon: None,
        max_occupancy: None,
    };

    #[test]
    fn classic_eighty_twenty_example() {
        // 40 calls/h × 3 min = 2 erlangs, T = 20 s.
        // c = 3: C = 4/9, SL = 1 − (4/9)e^{−1/9} ≈ 0.602 (too low).
        // c = 4: B = (2/3)/7 = 2/21, C = 4B/(2 + 2B) = 4/23,
        //        SL = 1 − (4/23)e^{−(2/3)(1/3)} ≈ 0.861 (meets 80%).
        assert_eq!(required_agents(40.0, 3.0, None, &EIGHTY_TWENTY, 100), Ok(4));
        // A 45% occupancy cap binds harder than the SL: 2 / 0.45 = 4.44 → 5 agents.
        let capped = StaffingTarget {
            max_occupancy: Some(0.45),
            ..EIGHTY_TWENTY
        };
        assert_eq!(required_agents(40.0, 3.0, None, &capped, 100), Ok(5));
    }

    #[test]
    fn unreachable_and_invalid_targets_are_errors() {
        assert_eq!(
            required_agents(40.0, 3.0, None, &EIGHTY_TWENTY, 2),
            Err(QueueingError::TargetUnreachable { limit: 2 })
        );
        let bad = [
            StaffingTarget {
                service_level: 1.5,
                ..EIGHTY_TWENTY
            },
            StaffingTarget {
                service_level: f64::NAN,
                ..EIGHTY_TWENTY
            },
            StaffingTarget {
                answer_seconds: -1.0,
                ..EIGHTY_TWENTY
            },
            StaffingTarget {
                max_abandon: Some(-0.1),
                ..EIGHTY_TWENTY
            },
            StaffingTarget {
                max_occupancy: Some(0.0),
                ..EIGHTY_TWENTY
            },
        ];
        for t in bad {
            assert!(matches!(
                required_agents(40.0, 3.0, None, &t, 100),
                Err(QueueingError::InvalidInput { .. })
            ));
        }
        assert!(matches!(
            required_agents(40.0, 3.0, None, &EIGHTY_TWENTY, 0),
            Err(QueueingError::InvalidInput { .. })
        ));
        assert!(matches!(
            required_agents(f64::NAN, 3.0, None, &EIGHTY_TWENTY, 10),
            Err(QueueingError::InvalidInput { .. })
        ));
    }

    proptest! {
        #[test]
        fn result_meets_target_and_one_fewer_does_not(
            arrivals in 1.0f64..5000.0,
            handle in 0.5f64..20.0,
            patience in proptest::option::of(0.2f64..20.0),
            service_level in 0.0f64..0.99,
            answer_seconds in 0.0f64..120.0,
            max_abandon in proptest::option::of(0.01f64..0.5),
            max_occupancy in proptest::option::of(0.5f64..1.0),
        ) {
            let target = StaffingTarget { service_level, answer_seconds, max_abandon, max_occupancy };
            match required_agents(arrivals, handle, patience, &target, 5000) {
                Ok(n) => {
                    prop_assert!(meets(arrivals, handle, patience, &target, n));
                    prop_assert!(n == 1 || !meets(arrivals, handle, patience, &target, n - 1));
                }
                Err(e) => prop_assert_eq!(e, QueueingError::TargetUnreachable { limit: 5000 }),
            }
        }
    }
}
