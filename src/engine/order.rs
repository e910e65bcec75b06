//! The one ordering of events: by time, then by the sequence number given at
//! scheduling. Both heaps use it, and one counter numbers events across both,
//! so splitting events between them never changes the order they fire in.

use super::Seconds;

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
