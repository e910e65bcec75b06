//! The one ordering of events: by time, then by the sequence number given at
//! scheduling. Every store uses it, and the queue numbers events across all
//! of them, so splitting events between stores never changes the order they
//! fire in.
//!
//! Sequence numbers come in two ranges, each counted up in the order of
//! scheduling. Ticks (a caller's clock: the start of an interval) are
//! numbered from 0, every other event from `FIRST_ORDINARY`, so a tick fires
//! before every other event due at the same time, however early that one was
//! scheduled: what happens at a week's end is then in the next week, as the
//! week of its time says.

use super::Seconds;

/// The sequence number of the first ordinary (not tick) event; 2^63 leaves
/// both ranges more numbers than any run can use.
pub(super) const FIRST_ORDINARY: u64 = 1 << 63;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Stamp {
    pub time: Seconds,
    pub seq: u64,
}

impl Stamp {
    #[inline]
    pub fn before(&self, other: &Stamp) -> bool {
        self.time < other.time || (self.time == other.time && self.seq < other.seq)
    }
}
