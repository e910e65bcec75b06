//! Named, portable random streams derived only from the scenario seed, the
//! replication index and the purpose of the stream.
//!
//! The generator is named (rand's `StdRng` may change between versions), and
//! each purpose gets its own stream so that, for example, two scenarios with the
//! same demand see the same arrivals even when their routing differs (common
//! random numbers make comparisons sharper than the noise).
//!
//! Xoshiro256++ rather than ChaCha8: a contact draws a dozen numbers, and
//! ChaCha's block refills were 5% of a run (`perf`, the reference-scale bench);
//! a stream needs statistical quality, not unpredictability.

use rand::{RngCore, SeedableRng};
use rand_xoshiro::{SplitMix64, Xoshiro256PlusPlus};

/// The generator every stream of a run uses.
pub type SimRng = Xoshiro256PlusPlus;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// Arrival times and categories of first-time contacts.
    Demand = 0,
    /// Everything else: routing, AI verdicts, handle times, patience, surveys, repeats.
    Service = 1,
    /// Hiring, attrition and alumni of the workforce pipeline. Its own stream, so
    /// changing a layoff's size leaves every contact's draws unchanged.
    Workforce = 2,
}

/// The stream of one purpose in one replication. The three keys are mixed
/// through SplitMix64 one after the other; each step is a bijection, so
/// changing one key with the others fixed always changes the seed, and two
/// streams differing in both replication and purpose share a seed with odds
/// of about 2^-64. The generator then expands the mixed key into its 256-bit
/// state, and its period (2^256) makes overlap between streams negligible.
pub fn stream(seed: u64, replication: u64, purpose: Stream) -> SimRng {
    let key = splitmix64(splitmix64(splitmix64(seed) ^ replication) ^ purpose as u64);
    SimRng::seed_from_u64(key)
}

/// One SplitMix64 step from state `x`: the generator's first output.
fn splitmix64(x: u64) -> u64 {
    SplitMix64::seed_from_u64(x).next_u64()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    fn first_draws(seed: u64, replication: u64, purpose: Stream) -> Vec<u64> {
        let mut rng = stream(seed, replication, purpose);
        (0..4).map(|_| rng.random()).collect()
    }

    /// A stream depends on its three keys and nothing else, and changing any
    /// one of them gives different draws (replications must not share
    /// numbers, nor purposes within one).
    #[test]
    fn streams_repeat_for_the_same_keys_and_differ_otherwise() {
        let purposes = [Stream::Demand, Stream::Service, Stream::Workforce];
        let mut seen = std::collections::HashSet::new();
        for seed in [0, 1, 42] {
            for replication in 0..50 {
                for purpose in purposes {
                    let draws = first_draws(seed, replication, purpose);
                    assert_eq!(draws, first_draws(seed, replication, purpose));
                    assert!(
                        seen.insert(draws),
                        "seed {seed}, replication {replication}, {purpose:?} repeats another stream"
                    );
                }
            }
        }
    }
}
