//! The event queue: pending events earliest first, ties to a tick, then to the
//! one scheduled first, with cancellation for the events that need it.
//!
//! Every store stamps events from the same sequence numbers (`order.rs`; ticks
//! from their own lower range): `schedule` and `schedule_tick` put an event
//! that will always fire into the plain store with the payload inline;
//! `schedule_cancellable` puts one that may be withdrawn (a patience timer) into
//! an indexed heap. `pop` takes the earliest of the fronts, so the order is
//! exactly that of a single queue ordered by `(time, sequence)`.
//!
//! Plain events beyond the current bucket wait in a calendar of two-second
//! buckets (`calendar.rs`); when a bucket opens, its few events are sorted once
//! (`open_bucket.rs`) and taken from the end of a vector.
//!
//! One more event may be held aside, in the stream slot: the next event of a
//! recurring source that schedules its successor only as it fires (a Poisson
//! stream's next arrival). That is two events in five in a contact centre, and
//! holding it aside spares each of them the calendar's park, open and sort.

pub use super::indexed_heap::EventKey;

use super::calendar::{bucket, Calendar};
use super::indexed_heap::IndexedHeap;
use super::open_bucket::OpenBucket;
use super::order::{Stamp, FIRST_ORDINARY};
use super::Seconds;

/// Where a pending event is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Store {
    Stream,
    Plain,
    Cancellable,
}

#[derive(Debug, Clone)]
pub struct EventQueue<E: Copy> {
    /// Plain events of the open bucket (and any scheduled before it).
    plain: OpenBucket<E>,
    cancellable: IndexedHeap<E>,
    /// Plain events in buckets after `current`.
    parked: Calendar<E>,
    /// The open bucket: every plain event in `plain` is in it or earlier,
    /// every parked one is in a later bucket (so later in time).
    current: u64,
    /// The stream's next event, compared with the other fronts at each pop.
    stream: Option<(Stamp, E)>,
    next_seq: u64,
    /// Sequence numbers of ticks, below every ordinary event's.
    next_tick_seq: u64,
}

impl<E: Copy> Default for EventQueue<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: Copy> EventQueue<E> {
    pub fn new() -> Self {
        EventQueue {
            plain: OpenBucket::new(),
            cancellable: IndexedHeap::new(),
            parked: Calendar::new(),
            current: 0,
            stream: None,
            next_seq: FIRST_ORDINARY,
            next_tick_seq: 0,
        }
    }

    /// Number of pending (not cancelled) events.
    pub fn len(&self) -> usize {
        self.plain.len() + self.cancellable.len() + self.parked.len() + self.stream.iter().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Time of the earliest pending event.
    pub fn peek_time(&mut self) -> Option<Seconds> {
        self.front().map(|(stamp, _)| stamp.time)
    }

    /// Schedules the next event of the recurring stream at `time`: like
    /// `schedule` (it cannot be cancelled, and fires in the same order), but
    /// held aside in the stream slot. Meant for a source that schedules its
    /// next event only when the last one fires; if the slot is still taken,
    /// its event moves to the calendar, so any other use stays correct.
    ///
    /// # Panics
    /// If `time` is NaN, as `schedule`.
    #[inline]
    pub fn schedule_stream(&mut self, time: Seconds, event: E) {
        let stamp = self.stamp(time);
        if let Some((held, held_event)) = self.stream.replace((stamp, event)) {
            self.place(held, held_event);
        }
    }

    /// Schedules `event` at `time`; it cannot be cancelled.
    ///
    /// # Panics
    /// If `time` is NaN: the model validates its inputs so that it never
    /// computes one, and a NaN would silently break the ordering.
    #[inline]
    pub fn schedule(&mut self, time: Seconds, event: E) {
        let stamp = self.stamp(time);
        self.place(stamp, event);
    }

    /// Puts a plain event in the open bucket or parks it in the calendar.
    #[inline]
    fn place(&mut self, stamp: Stamp, event: E) {
        let b = bucket(stamp.time);
        if b <= self.current {
            self.plain.insert(stamp, event);
        } else {
            self.parked.park(self.current, b, stamp, event);
        }
    }

    /// Schedules a tick of the caller's clock at `time`: like `schedule`, but
    /// it fires before every other event due at the same time, whenever that
    /// one was scheduled (ticks among themselves in the order scheduled). A
    /// model reads its books at a tick, so an event due exactly then must not
    /// slip in before them because it happened to be scheduled earlier.
    ///
    /// # Panics
    /// If `time` is NaN, as `schedule`.
    pub fn schedule_tick(&mut self, time: Seconds, event: E) {
        let stamp = next_stamp(&mut self.next_tick_seq, time);
        self.place(stamp, event);
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
    ///
    /// Most events are the front of the open bucket or the stream's event,
    /// earlier than any patience timer; that case is inlined into the run
    /// loop, everything else (a timer first, a bucket to open) takes the
    /// out-of-line path.
    #[inline]
    pub fn pop_not_after(&mut self, limit: Seconds) -> Option<(Seconds, E)> {
        if let Some(p) = self.plain.peek() {
            // The earlier of the open bucket's front and the stream's event
            // (both common), unless a timer comes first.
            let (front, from_stream) = match self.stream {
                Some((s, _)) if s.before(&p) => (s, true),
                _ => (p, false),
            };
            if self.cancellable.peek().is_none_or(|c| front.before(&c)) {
                if front.time > limit {
                    return None;
                }
                let popped = if from_stream {
                    self.stream.take()
                } else {
                    self.plain.pop()
                };
                return popped.map(|(stamp, event)| (stamp.time, event));
            }
        }
        self.pop_not_after_slow(limit)
    }

    #[inline(never)]
    fn pop_not_after_slow(&mut self, limit: Seconds) -> Option<(Seconds, E)> {
        let (stamp, store) = self.front()?;
        if stamp.time > limit {
            return None;
        }
        let (stamp, event) = match store {
            Store::Stream => self.stream.take()?,
            Store::Plain => self.plain.pop()?,
            Store::Cancellable => self.cancellable.pop()?,
        };
        Some((stamp.time, event))
    }

    /// The earliest pending stamp, stream slot included, and which store
    /// holds it (opening buckets as `earliest` needs to).
    fn front(&mut self) -> Option<(Stamp, Store)> {
        let rest = self.earliest();
        match (self.stream, rest) {
            (Some((s, _)), Some((r, _))) if s.before(&r) => Some((s, Store::Stream)),
            (Some((s, _)), None) => Some((s, Store::Stream)),
            (_, rest) => rest,
        }
    }

    /// The stamp of an ordinary event.
    #[inline]
    fn stamp(&mut self, time: Seconds) -> Stamp {
        next_stamp(&mut self.next_seq, time)
    }

    /// The earliest stamp outside the stream slot and its store, plain or
    /// cancellable. A plain front is always the earliest plain event; a
    /// cancellable top is safe to return once its bucket is open (no parked
    /// event can then be earlier). Until then, the next bucket is opened: the
    /// next non-empty one, or the cancellable top's if that comes first.
    #[inline]
    fn earliest(&mut self) -> Option<(Stamp, Store)> {
        use Store::{Cancellable, Plain};
        loop {
            let candidate = match (self.plain.peek(), self.cancellable.peek()) {
                (Some(p), Some(c)) => Some(if p.before(&c) {
                    (p, Plain)
                } else {
                    (c, Cancellable)
                }),
                (Some(p), None) => Some((p, Plain)),
                (None, Some(c)) => Some((c, Cancellable)),
                (None, None) => None,
            };
            let limit = match candidate {
                Some((_, Plain)) => return candidate,
                Some((stamp, _)) => {
                    let b = bucket(stamp.time);
                    if b <= self.current {
                        return candidate;
                    }
                    Some(b)
                }
                None => None,
            };
            let target = match (self.parked.next_bucket(self.current), limit) {
                (Some(next), Some(limit)) => next.min(limit),
                (Some(next), None) => next,
                (None, _) => return candidate,
            };
            let (parked, current) = (&mut self.parked, self.current);
            self.plain.refill(|entries| {
                parked.open(current, target, |stamp, event| entries.push((stamp, event)))
            });
            self.current = target;
        }
    }
}

/// Stamps an event at `time` with the next number of `counter` (ordinary
/// events' or ticks').
#[inline]
fn next_stamp(counter: &mut u64, time: Seconds) -> Stamp {
    assert!(!time.is_nan(), "event scheduled at NaN time");
    let stamp = Stamp {
        time,
        seq: *counter,
    };
    *counter += 1;
    stamp
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;
    use std::collections::BTreeMap;

    /// Shadow model: a sorted map keyed by `(time bits, class, seq)` is obviously
    /// correct; the queue must agree with it after every operation, whichever
    /// heap, bucket or stream slot each event went to (a stream event that is
    /// displaced while pending moves to the calendar). `time` draws the time of a new event
    /// given the time of the last one popped (all times must be >= 0, so that
    /// the bits order like the numbers).
    fn agrees_with_a_sorted_map(seed: u64, time: impl Fn(&mut ChaCha8Rng, f64) -> f64) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut queue: EventQueue<u64> = EventQueue::new();
        let mut shadow: BTreeMap<(u64, u8, u64), u64> = BTreeMap::new();
        let mut keys: Vec<(EventKey, (u64, u8, u64))> = Vec::new();
        let mut seq = 0u64;
        let mut now = 0.0;
        for step in 0..200_000u64 {
            match rng.random_range(0..10) {
                0..=4 => {
                    let time = time(&mut rng, now);
                    // Ticks (class 0) come before other events (class 1)
                    // at the same time.
                    let mut class = 1;
                    match rng.random_range(0..4) {
                        0 => {
                            let key = queue.schedule_cancellable(time, step);
                            keys.push((key, (time.to_bits(), class, seq)));
                        }
                        1 => queue.schedule_stream(time, step),
                        2 => {
                            queue.schedule_tick(time, step);
                            class = 0;
                        }
                        _ => queue.schedule(time, step),
                    }
                    shadow.insert((time.to_bits(), class, seq), step);
                    seq += 1;
                }
                7 => {
                    // A finite limit: the earliest event if it is due by then, else nothing.
                    let limit = now + rng.random_range(-10.0..100.0);
                    let due = shadow
                        .keys()
                        .next()
                        .is_some_and(|(bits, _, _)| f64::from_bits(*bits) <= limit);
                    let expected = if due { shadow.pop_first() } else { None };
                    let got = queue.pop_not_after(limit);
                    assert_eq!(
                        expected.map(|((bits, _, _), e)| (f64::from_bits(bits), e)),
                        got,
                        "pop_not_after({limit})"
                    );
                    if let Some((t, _)) = got {
                        now = t;
                    }
                }
                5..=6 => {
                    let expected = shadow.pop_first();
                    let got = queue.pop();
                    match (expected, got) {
                        (None, None) => {}
                        (Some(((bits, _, _), e)), Some((t, g))) => {
                            assert_eq!(f64::from_bits(bits), t);
                            assert_eq!(e, g);
                            now = t;
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
                shadow
                    .keys()
                    .next()
                    .map(|(bits, _, _)| f64::from_bits(*bits))
            );
        }
    }

    /// Coarse times make ties common, exercising the sequence order across the
    /// heaps; spanning several blocks of the calendar exercises parking, and
    /// times before the last one popped land in already-opened buckets.
    #[test]
    fn agrees_with_a_sorted_map_over_coarse_times_in_any_order() {
        agrees_with_a_sorted_map(7, |rng, _| rng.random_range(0..2_000u64) as f64 * 10.0);
    }

    /// Causal use, as in a simulation: mostly a few seconds to minutes ahead
    /// of now, sometimes a day ahead, sometimes exactly now; sub-second times
    /// share buckets, long gaps leave whole blocks empty.
    #[test]
    fn agrees_with_a_sorted_map_over_times_ahead_of_now() {
        agrees_with_a_sorted_map(11, |rng, now| match rng.random_range(0..20) {
            0 => now,
            1 => now + rng.random_range(0.0..100_000.0),
            2..=9 => now + rng.random_range(0.0..2.0),
            _ => now + rng.random_range(0.0..900.0),
        });
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

    /// A steady flow of events parked minutes and a day ahead reuses the
    /// calendar's entries: memory follows the pending events, not the history.
    #[test]
    fn parked_entries_are_reused_so_memory_tracks_pending_events_not_history() {
        let mut queue = EventQueue::new();
        let mut now = 0.0;
        for i in 0..200_000u32 {
            let ahead = if i % 10 == 0 { 86_400.0 } else { 600.0 };
            queue.schedule(now + ahead, i);
            if i >= 1_000 {
                now = queue.pop().map(|(t, _)| t).unwrap_or(now);
            }
        }
        // 1,000 events are pending between steps (1,001 just before a pop).
        // The near slab never holds more entries than that; a far block's
        // vector at most doubles its length (or holds 4), and a day ahead
        // spans at most 12 blocks of 8,192 s. History (200,000 events) plays
        // no part.
        assert_eq!(queue.len(), 1_000);
        assert!(queue.parked.entries_allocated() <= 1_001 + 2 * 1_001 + 4 * 12);
    }

    #[test]
    fn parked_events_fire_in_order_with_near_and_cancellable_ones() {
        const BLOCK: f64 = 8192.0; // seconds in a block of the calendar
        let mut queue = EventQueue::new();
        queue.schedule(3.0 * BLOCK + 1.0, 5); // parked three blocks ahead
        queue.schedule_cancellable(2.5 * BLOCK, 4); // between parked blocks, in the indexed heap
        queue.schedule(10.0, 2);
        queue.schedule(0.5, 1); // in the open bucket: sorted in at once
        queue.schedule(BLOCK, 3); // parked: exactly at the next block's start
        queue.schedule(-1.0, 0); // in the past: still first
        let order: Vec<_> = std::iter::from_fn(|| queue.pop()).collect();
        assert_eq!(
            order,
            vec![
                (-1.0, 0),
                (0.5, 1),
                (10.0, 2),
                (BLOCK, 3),
                (2.5 * BLOCK, 4),
                (3.0 * BLOCK + 1.0, 5)
            ]
        );
    }

    #[test]
    fn events_due_after_a_cancellable_one_far_ahead_still_fire_in_order() {
        let mut queue = EventQueue::new();
        queue.schedule_cancellable(20_000.5, 'a');
        assert_eq!(queue.pop(), Some((20_000.5, 'a')));
        // Scheduled after the clock jumped blocks ahead without opening them.
        queue.schedule(20_001.0, 'c');
        queue.schedule(20_000.7, 'b');
        queue.schedule(50_000.0, 'd');
        let order: Vec<_> = std::iter::from_fn(|| queue.pop()).collect();
        assert_eq!(
            order,
            vec![(20_000.7, 'b'), (20_001.0, 'c'), (50_000.0, 'd')]
        );
        assert!(queue.is_empty());
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
