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
    /// Hiring, attrition and alumni of the workforce pipeline. Its own stream, so
    /// changing a layoff's size leaves every contact's draws unchanged.
    Workforce = 2,
}

const STREAMS_PER_REPLICATION: u64 = 2;

/// Keeps the workforce streams apart from the contact streams, whose numbering
/// predates them (results of existing scenarios stay the same).
const WORKFORCE_SEED_SALT: u64 = 0x5746_4f52_4345_0001;

pub fn stream(seed: u64, replication: u64, purpose: Stream) -> ChaCha8Rng {
    if purpose == Stream::Workforce {
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ WORKFORCE_SEED_SALT);
        rng.set_stream(replication);
        return rng;
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(replication.wrapping_mul(STREAMS_PER_REPLICATION) + purpose as u64);
    rng
}
