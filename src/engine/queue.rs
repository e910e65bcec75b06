//! The event queue: pending events earliest first, ties to the one scheduled
//! first, with cancellation for the events that need it.
//!
//! Two heaps share one sequence counter: `schedule` puts an event that will
//! always fire into a plain heap with the payload inline; `schedule_cancellable`
//! puts one that may be withdrawn (a patience timer) into an indexed heap. `pop`
//! takes the earlier of the two tops, so the order is exactly that of a single
//! queue ordered by `(time, sequence)`.
//!
//! Plain events beyond the current hour (repeat contacts due tomorrow) are
//! parked in per-hour buckets and enter the heap only when their hour opens, so
//! the heap holds the near future only: fewer levels to sift through.

pub use super::indexed_heap::EventKey;
use std::collections::BTreeMap;

use super::indexed_heap::IndexedHeap;
use super::order::Stamp;
use super::plain_heap::PlainHeap;
use super::Seconds;

/// Width of a parking window: the heap holds the events of the current hour
/// (ends of service and of AI conversations); a day of repeats waits in 24 buckets.
const WINDOW_SECONDS: f64 = 3600.0;

/// Largest bucket vector kept for reuse (entries).
const SPARE_CAPACITY: usize = 256;

#[derive(Debug, Clone)]
pub struct EventQueue<E: Copy> {
    plain: PlainHeap<E>,
    cancellable: IndexedHeap<E>,
    /// Plain events at or after `near_end`, by window index.
    parked: BTreeMap<u64, Vec<(Stamp, E)>>,
    parked_len: usize,
    /// Every plain event in the heap is earlier than this; every parked one is not.
    near_end: Seconds,
    /// Emptied bucket vectors, reused so parking allocates nothing in steady state.
    spare: Vec<Vec<(Stamp, E)>>,
    next_seq: u64,
}

impl<E: Copy> Default for EventQueue<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: Copy> EventQueue<E> {
    pub fn new() -> Self {
        EventQueue {
            plain: PlainHeap::new(),
            cancellable: IndexedHeap::new(),
            parked: BTreeMap::new(),
            parked_len: 0,
            near_end: WINDOW_SECONDS,
            spare: Vec::new(),
            next_seq: 0,
        }
    }

    /// Number of pending (not cancelled) events.
    pub fn len(&self) -> usize {
        self.plain.len() + self.cancellable.len() + self.parked_len
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Time of the earliest pending event.
    pub fn peek_time(&mut self) -> Option<Seconds> {
        self.earliest().map(|(stamp, _)| stamp.time)
    }

    /// Schedules `event` at `time`; it cannot be cancelled.
    ///
    /// # Panics
    /// If `time` is NaN: the model validates its inputs so that it never
    /// computes one, and a NaN would silently break the ordering.
    pub fn schedule(&mut self, time: Seconds, event: E) {
        let stamp = self.stamp(time);
        if time < self.near_end {
            self.plain.push(stamp, event);
        } else {
            let window = (time / WINDOW_SECONDS) as u64;
            let spare = &mut self.spare;
            self.parked
                .entry(window)
                .or_insert_with(|| spare.pop().unwrap_or_default())
                .push((stamp, event));
            self.parked_len += 1;
        }
    }

    /// Schedules `event` at `time` and returns the key that cancels it.
    ///
    /// # Panics
    /// If `time` is NaN, as `schedule`.
    pub fn schedule_cancellable(&mut self, time: Seconds, event: E) -> EventKey {
        let stamp = self.stamp(time);
        self.cancellable.push(stamp, event)
    }

    /// Cancels a pending event; returns whether it was still pending.
    pub fn cancel(&mut self, key: EventKey) -> bool {
        self.cancellable.cancel(key)
    }

    /// Removes and returns the earliest event.
    pub fn pop(&mut self) -> Option<(Seconds, E)> {
        self.pop_not_after(f64::INFINITY)
    }

    /// Removes and returns the earliest event if it is due no later than
    /// `limit`; finding the earliest once serves both the check and the pop.
    pub fn pop_not_after(&mut self, limit: Seconds) -> Option<(Seconds, E)> {
        let (stamp, from_plain) = self.earliest()?;
        if stamp.time > limit {
            return None;
        }
        let (stamp, event) = if from_plain {
            self.plain.pop()?
        } else {
            self.cancellable.pop()?
        };
        Some((stamp.time, event))
    }

    fn stamp(&mut self, time: Seconds) -> Stamp {
        assert!(!time.is_nan(), "event scheduled at NaN time");
        let stamp = Stamp {
            time,
            seq: self.next_seq,
        };
        self.next_seq += 1;
        stamp
    }

    /// The earliest stamp and whether it is in the plain heap, opening parked
    /// windows until the earliest heap event lies inside the open window (only
    /// then can no parked event be earlier).
    #[inline]
    fn earliest(&mut self) -> Option<(Stamp, bool)> {
        loop {
            let candidate = match (self.plain.peek(), self.cancellable.peek()) {
                (Some(p), Some(c)) => Some(if p.before(&c) { (p, true) } else { (c, false) }),
                (Some(p), None) => Some((p, true)),
                (None, Some(c)) => Some((c, false)),
                (None, None) => None,
            };
            match candidate {
                Some((stamp, _)) if stamp.time < self.near_end => return candidate,
                _ if self.parked_len == 0 => return candidate,
                _ => self.open_next_window(),
            }
        }
    }

    /// Moves the earliest parked window into the heap and widens the near
    /// window to its end.
    fn open_next_window(&mut self) {
        let Some((window, mut events)) = self.parked.pop_first() else {
            return;
        };
        self.near_end = (window + 1) as f64 * WINDOW_SECONDS;
        self.parked_len -= events.len();
        for (stamp, event) in events.drain(..) {
            self.plain.push(stamp, event);
        }
        // The next hour's bucket is large (it catches ends of service); a far
        // bucket holds a few repeats. Reusing a large vector for far buckets
        // would hold its capacity for days, so only small ones are kept.
        if events.capacity() <= SPARE_CAPACITY {
            self.spare.push(events);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;
    use std::collections::BTreeMap;

    /// Shadow model: a sorted map keyed by `(time bits, seq)` is obviously
    /// correct; the queue must agree with it after every operation, whichever
    /// heap each event went to.
    #[test]
    fn agrees_with_a_sorted_map_over_random_schedule_pop_and_cancel() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut queue: EventQueue<u64> = EventQueue::new();
        let mut shadow: BTreeMap<(u64, u64), u64> = BTreeMap::new();
        let mut keys: Vec<(EventKey, (u64, u64))> = Vec::new();
        let mut seq = 0u64;
        for step in 0..200_000u64 {
            match rng.random_range(0..10) {
                0..=4 => {
                    // Coarse times make ties common, exercising the sequence order
                    // across the two heaps; spanning several hours exercises parking.
                    let time = rng.random_range(0..2_000u64) as f64 * 10.0;
                    if rng.random_bool(0.5) {
                        let key = queue.schedule_cancellable(time, step);
                        keys.push((key, (time.to_bits(), seq)));
                    } else {
                        queue.schedule(time, step);
                    }
                    shadow.insert((time.to_bits(), seq), step);
                    seq += 1;
                }
                5..=7 => {
                    let expected = shadow.pop_first();
                    let got = queue.pop();
                    match (expected, got) {
                        (None, None) => {}
                        (Some(((bits, _), e)), Some((t, g))) => {
                            assert_eq!(f64::from_bits(bits), t);
                            assert_eq!(e, g);
                        }
                        other => panic!("queue and shadow disagree: {other:?}"),
                    }
                }
                _ => {
                    if keys.is_empty() {
                        continue;
                    }
                    let i = rng.random_range(0..keys.len());
                    let (key, shadow_key) = keys.swap_remove(i);
                    let was_pending = shadow.remove(&shadow_key).is_some();
                    assert_eq!(queue.cancel(key), was_pending);
                }
            }
            assert_eq!(queue.len(), shadow.len());
            assert_eq!(
                queue.peek_time(),
                shadow.keys().next().map(|(bits, _)| f64::from_bits(*bits))
            );
        }
    }

    #[test]
    fn cancelling_a_fired_event_is_a_no_op_even_after_its_slot_is_reused() {
        let mut queue = EventQueue::new();
        let first = queue.schedule_cancellable(1.0, 'a');
        assert_eq!(queue.pop(), Some((1.0, 'a')));
        let second = queue.schedule_cancellable(2.0, 'b'); // reuses the freed slot
        assert!(!queue.cancel(first));
        assert_eq!(queue.len(), 1);
        assert!(queue.cancel(second));
        assert!(queue.is_empty());
    }

    #[test]
    fn slots_are_reused_so_memory_tracks_pending_events_not_history() {
        let mut queue = EventQueue::new();
        for i in 0..100_000u32 {
            queue.schedule_cancellable(f64::from(i), i);
            queue.pop();
        }
        assert!(queue.cancellable.slots_allocated() <= 1);
    }

    #[test]
    fn parked_events_fire_in_order_with_near_and_cancellable_ones() {
        let mut queue = EventQueue::new();
        queue.schedule(3.0 * WINDOW_SECONDS + 1.0, 4); // parked two windows ahead
        queue.schedule_cancellable(2.5 * WINDOW_SECONDS, 3); // beyond the window, in the indexed heap
        queue.schedule(10.0, 1);
        queue.schedule(WINDOW_SECONDS, 2); // parked: exactly at the window's end
        let order: Vec<_> = std::iter::from_fn(|| queue.pop()).collect();
        assert_eq!(
            order,
            vec![
                (10.0, 1),
                (WINDOW_SECONDS, 2),
                (2.5 * WINDOW_SECONDS, 3),
                (3.0 * WINDOW_SECONDS + 1.0, 4)
            ]
        );
    }

    #[test]
    fn ties_between_the_heaps_go_to_the_event_scheduled_first() {
        let mut queue = EventQueue::new();
        queue.schedule_cancellable(5.0, 1);
        queue.schedule(5.0, 2);
        queue.schedule_cancellable(5.0, 3);
        let order: Vec<_> = std::iter::from_fn(|| queue.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, vec![1, 2, 3]);
    }
}
