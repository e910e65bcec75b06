//! An indexed binary heap of events ordered by `(time, insertion sequence)`,
//! with O(log n) cancellation.
//!
//! Cancellation matters because every waiting contact holds a patience timer
//! that must disappear when the contact is answered; leaving dead timers in the
//! heap would make memory grow with the queue's history rather than its size.
//! Event payloads live in a slot table reused through a free list, so a run in
//! steady state allocates nothing.

use super::Seconds;

/// Identifies a scheduled event so it can be cancelled. A key whose event has
/// already fired or been cancelled is stale and cancelling it does nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventKey {
    slot: u32,
    generation: u32,
}

#[derive(Debug, Clone, Copy)]
struct HeapEntry {
    time: Seconds,
    seq: u64,
    slot: u32,
}

impl HeapEntry {
    #[inline]
    fn before(&self, other: &HeapEntry) -> bool {
        self.time < other.time || (self.time == other.time && self.seq < other.seq)
    }
}

#[derive(Debug, Clone, Copy)]
struct Slot<E> {
    event: Option<E>,
    heap_pos: u32,
    generation: u32,
}

/// Pending events, earliest first; ties go to the event scheduled first.
#[derive(Debug, Clone)]
pub struct EventQueue<E: Copy> {
    heap: Vec<HeapEntry>,
    slots: Vec<Slot<E>>,
    free: Vec<u32>,
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
            heap: Vec::new(),
            slots: Vec::new(),
            free: Vec::new(),
            next_seq: 0,
        }
    }

    /// Number of pending (not cancelled) events.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// Time of the earliest pending event.
    pub fn peek_time(&self) -> Option<Seconds> {
        self.heap.first().map(|entry| entry.time)
    }

    /// Schedules `event` at `time`.
    ///
    /// # Panics
    /// If `time` is NaN: the model validates its inputs so that it never
    /// computes one, and a NaN would silently break the ordering.
    pub fn schedule(&mut self, time: Seconds, event: E) -> EventKey {
        assert!(!time.is_nan(), "event scheduled at NaN time");
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None => {
                self.slots.push(Slot {
                    event: None,
                    heap_pos: 0,
                    generation: 0,
                });
                (self.slots.len() - 1) as u32
            }
        };
        let pos = self.heap.len();
        let entry = HeapEntry {
            time,
            seq: self.next_seq,
            slot,
        };
        self.next_seq += 1;
        let record = &mut self.slots[slot as usize];
        record.event = Some(event);
        record.heap_pos = pos as u32;
        let generation = record.generation;
        self.heap.push(entry);
        self.sift_up(pos);
        EventKey { slot, generation }
    }

    /// Removes and returns the earliest event.
    pub fn pop(&mut self) -> Option<(Seconds, E)> {
        let top = *self.heap.first()?;
        let event = self.remove_at(0);
        Some((top.time, event))
    }

    /// Cancels a pending event; returns whether it was still pending.
    pub fn cancel(&mut self, key: EventKey) -> bool {
        let Some(record) = self.slots.get(key.slot as usize) else {
            return false;
        };
        if record.generation != key.generation || record.event.is_none() {
            return false;
        }
        let pos = record.heap_pos as usize;
        self.remove_at(pos);
        true
    }

    /// Takes the entry at heap position `pos` out, frees its slot and restores
    /// the heap property.
    fn remove_at(&mut self, pos: usize) -> E {
        let entry = self.heap[pos];
        let last = self.heap.len() - 1;
        self.heap.swap(pos, last);
        self.heap.pop();
        if pos < self.heap.len() {
            let moved = self.heap[pos].slot;
            self.slots[moved as usize].heap_pos = pos as u32;
            if pos > 0 && self.heap[pos].before(&self.heap[(pos - 1) / 2]) {
                self.sift_up(pos);
            } else {
                self.sift_down(pos);
            }
        }
        let record = &mut self.slots[entry.slot as usize];
        let event = record
            .event
            .take()
            .expect("heap entry points at a live slot");
        record.generation = record.generation.wrapping_add(1);
        self.free.push(entry.slot);
        event
    }

    fn sift_up(&mut self, mut pos: usize) {
        let entry = self.heap[pos];
        while pos > 0 {
            let parent = (pos - 1) / 2;
            if !entry.before(&self.heap[parent]) {
                break;
            }
            self.heap[pos] = self.heap[parent];
            self.slots[self.heap[pos].slot as usize].heap_pos = pos as u32;
            pos = parent;
        }
        self.heap[pos] = entry;
        self.slots[entry.slot as usize].heap_pos = pos as u32;
    }

    fn sift_down(&mut self, mut pos: usize) {
        let entry = self.heap[pos];
        let len = self.heap.len();
        loop {
            let left = 2 * pos + 1;
            if left >= len {
                break;
            }
            let right = left + 1;
            let child = if right < len && self.heap[right].before(&self.heap[left]) {
                right
            } else {
                left
            };
            if !self.heap[child].before(&entry) {
                break;
            }
            self.heap[pos] = self.heap[child];
            self.slots[self.heap[pos].slot as usize].heap_pos = pos as u32;
            pos = child;
        }
        self.heap[pos] = entry;
        self.slots[entry.slot as usize].heap_pos = pos as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;
    use std::collections::BTreeMap;

    /// Shadow model: a sorted map keyed by `(time bits, seq)` is obviously
    /// correct; the heap must agree with it after every operation.
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
                    // Coarse times make ties common, exercising the sequence order.
                    let time = rng.random_range(0..1_000u64) as f64;
                    let key = queue.schedule(time, step);
                    shadow.insert((time.to_bits(), seq), step);
                    keys.push((key, (time.to_bits(), seq)));
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
        let first = queue.schedule(1.0, 'a');
        assert_eq!(queue.pop(), Some((1.0, 'a')));
        let second = queue.schedule(2.0, 'b'); // reuses the freed slot
        assert!(!queue.cancel(first));
        assert_eq!(queue.len(), 1);
        assert!(queue.cancel(second));
        assert!(queue.is_empty());
    }

    #[test]
    fn slots_are_reused_so_memory_tracks_pending_events_not_history() {
        let mut queue = EventQueue::new();
        for i in 0..100_000u32 {
            queue.schedule(f64::from(i), i);
            queue.pop();
        }
        assert!(queue.slots.len() <= 1);
    }
}
