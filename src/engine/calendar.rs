//! Where plain events wait until their time comes: a calendar of two-second
//! buckets, so only the events of the current bucket need ordering.
//!
//! A binary heap of the whole near future (a thousand ends of service and AI
//! conversations) cost about a third of a run's instructions in sifting. A
//! contact centre schedules a handful of events per simulated second, so
//! dropping each event into its bucket (a linked list, O(1)) and
//! ordering only the bucket being opened (a few entries) removes most of that
//! work without changing the order events fire in.
//!
//! Buckets are numbered by `bucket(time)`, a monotone function of time, so an
//! event in a later bucket is always later in time; the order *within* a
//! bucket is left to `OpenBucket`, which uses the full `(time, sequence)` stamp.
//! Buckets of the current block (8192 seconds, a bit over two hours) form a ring
//! with a bitmap of the non-empty ones; their entries live in one slab reused
//! through a free list. Events further ahead (repeat contacts due tomorrow)
//! wait in one vector per block until their block opens.
//!
//! Far events are kept out of the slab on purpose: a day of pending repeat
//! contacts is several times the size of the near future, and mixed into one
//! slab they pushed the ring's entries out of the L2 cache, so walking a
//! bucket's list missed on most entries. A per-block vector is appended to and
//! read once in order, which the prefetcher handles well. A block's vector is
//! allocated when the block gets its first event and freed when it opens
//! (every 8,192 simulated seconds): recycling them would hand a full day-ahead
//! block's capacity to each new block a week ahead, which holds almost
//! nothing yet. So parked memory stays within twice the pending events.

use std::collections::BTreeMap;

use super::order::Stamp;
use super::Seconds;

/// Buckets per second of simulated time. A busy contact centre schedules a
/// few events a second. Since arrivals moved to the queue's stream slot, a
/// bucket of two seconds costs 1.6% fewer instructions than one of one second
/// (callgrind, `bench/callgrind.sh`'s oa3: fewer buckets to open, each still
/// small to sort); four seconds cost the same as two.
const BUCKETS_PER_SECOND: f64 = 0.5;

/// Buckets per block, a power of two: 4096 two-second buckets.
const BLOCK_SHIFT: u32 = 12;
const BLOCK_BUCKETS: usize = 1 << BLOCK_SHIFT;
const SLOT_MASK: u64 = BLOCK_BUCKETS as u64 - 1;
const BITMAP_WORDS: usize = BLOCK_BUCKETS / 64;

/// End of a linked list.
const NIL: u32 = u32::MAX;

/// The bucket of a time: monotone in `time` (rounding and the saturating cast
/// never reverse an order), which is all the ordering argument needs.
/// Negative times fall in bucket 0 and infinite ones in the last bucket.
/// The cast goes through `i64` because x86-64 converts to a signed integer in
/// one instruction; a direct `as u64` cost about 16 instructions a call.
#[inline]
pub(super) fn bucket(time: Seconds) -> u64 {
    ((time * BUCKETS_PER_SECOND) as i64).max(0) as u64
}

#[derive(Debug, Clone, Copy)]
struct Entry<E> {
    stamp: Stamp,
    event: E,
    next: u32,
}

#[derive(Debug, Clone)]
pub(super) struct Calendar<E: Copy> {
    entries: Vec<Entry<E>>,
    /// Head of the list of freed entries.
    free: u32,
    /// Head of each bucket's list in the current block, by slot.
    ring: Vec<u32>,
    /// One bit per non-empty slot of the ring.
    occupied: [u64; BITMAP_WORDS],
    /// Events in later blocks, by block number.
    far: BTreeMap<u64, Vec<(Stamp, E)>>,
    len: usize,
}

impl<E: Copy> Calendar<E> {
    pub fn new() -> Self {
        Calendar {
            entries: Vec::new(),
            free: NIL,
            ring: vec![NIL; BLOCK_BUCKETS],
            occupied: [0; BITMAP_WORDS],
            far: BTreeMap::new(),
            len: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// Room allocated for parked events: the near slab's entries (its peak)
    /// plus the capacity of every far block's vector.
    #[cfg(test)]
    pub fn entries_allocated(&self) -> usize {
        self.entries.len() + self.far.values().map(Vec::capacity).sum::<usize>()
    }

    /// Parks an event due in bucket `b`, which must be later than `current`
    /// (the open bucket).
    #[inline]
    pub fn park(&mut self, current: u64, b: u64, stamp: Stamp, event: E) {
        debug_assert!(b > current);
        self.len += 1;
        if b >> BLOCK_SHIFT != current >> BLOCK_SHIFT {
            self.far
                .entry(b >> BLOCK_SHIFT)
                .or_default()
                .push((stamp, event));
            return;
        }
        self.link(b, stamp, event);
    }

    /// Puts an event at the head of the list of bucket `b` (in the current
    /// block), in a free entry, and marks the bucket occupied.
    ///
    /// Always inlined: left to the compiler, it was called out of line from
    /// `park`, which cost 1.5% more instructions (`bench/callgrind.sh`).
    #[inline(always)]
    fn link(&mut self, b: u64, stamp: Stamp, event: E) {
        let slot = (b & SLOT_MASK) as usize;
        self.occupied[slot / 64] |= 1 << (slot % 64);
        let next = self.ring[slot];
        let index = if self.free != NIL {
            let index = self.free;
            self.free = self.entries[index as usize].next;
            self.entries[index as usize] = Entry { stamp, event, next };
            index
        } else {
            self.entries.push(Entry { stamp, event, next });
            (self.entries.len() - 1) as u32
        };
        self.ring[slot] = index;
    }

    /// The next bucket after `current` to open: the first non-empty bucket of
    /// the current block, or else the first bucket of the next parked block
    /// (which may itself be empty of events in that bucket: opening it spreads
    /// the block over the ring). `None` when nothing is parked.
    #[inline]
    pub fn next_bucket(&self, current: u64) -> Option<u64> {
        let first_slot = (current & SLOT_MASK) as usize + 1;
        if first_slot < BLOCK_BUCKETS {
            let mut word = first_slot / 64;
            let mut bits = self.occupied[word] & (!0u64 << (first_slot % 64));
            loop {
                if bits != 0 {
                    let slot = word * 64 + bits.trailing_zeros() as usize;
                    return Some((current & !SLOT_MASK) | slot as u64);
                }
                word += 1;
                if word == BITMAP_WORDS {
                    break;
                }
                bits = self.occupied[word];
            }
        }
        self.far.keys().next().map(|block| block << BLOCK_SHIFT)
    }

    /// Makes `target` (> `previous`) the current bucket and hands its events
    /// to `sink`. When `target` starts a new block, that block's events are
    /// first spread over the ring. The ring must hold nothing between
    /// `previous` and `target`, which `next_bucket` guarantees.
    pub fn open(&mut self, previous: u64, target: u64, mut sink: impl FnMut(Stamp, E)) {
        debug_assert!(target > previous);
        if target >> BLOCK_SHIFT != previous >> BLOCK_SHIFT {
            debug_assert!(self.occupied.iter().all(|w| *w == 0));
            let block = target >> BLOCK_SHIFT;
            if self.far.keys().next() == Some(&block) {
                if let Some((_, events)) = self.far.pop_first() {
                    for (stamp, event) in events {
                        self.link(bucket(stamp.time), stamp, event);
                    }
                }
            }
        }
        let slot = (target & SLOT_MASK) as usize;
        if self.occupied[slot / 64] & (1 << (slot % 64)) == 0 {
            return;
        }
        self.occupied[slot / 64] &= !(1 << (slot % 64));
        let mut index = std::mem::replace(&mut self.ring[slot], NIL);
        while index != NIL {
            let entry = self.entries[index as usize];
            sink(entry.stamp, entry.event);
            self.entries[index as usize].next = self.free;
            self.free = index;
            self.len -= 1;
            index = entry.next;
        }
    }
}
