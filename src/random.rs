//! Named, portable random streams derived only from the scenario seed, the
//! replication index and the purpose of the stream.
//!
//! ChaCha8 is used by name (rand's `StdRng` may change between versions), and
//! each purpose gets its own stream so that, for example, two scenarios with the
//! same demand see the same arrivals even when their routing differs (common
//! random numbers make comparisons sharper than the noise).

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// Arrival times and categories of first-time contacts.
    Demand = 0,
    /// Everything else: routing, AI verdicts, handle times, patience, surveys, repeats.
    Service = 1,
}

const STREAMS_PER_REPLICATION: u64 = 2;

pub fn stream(seed: u64, replication: u64, purpose: Stream) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(replication.wrapping_mul(STREAMS_PER_REPLICATION) + purpose as u64);
    rng
}
