//! An indexed binary heap of events ordered by `Stamp`, with O(log n)
//! cancellation.
//!
//! Cancellation matters because every waiting contact holds a patience timer
//! that must disappear when the contact is answered; leaving dead timers in the
//! heap would make memory grow with the queue's history rather than its size.
//! Event payloads live in a slot table reused through a free list, so a run in
//! steady state allocates nothing. The index costs a write per move, so only
//! events that may be cancelled live here; the rest go to the calendar.

use super::order::Stamp;

/// Identifies a scheduled event so it can be cancelled. A key whose event has
/// already fired or been cancelled is stale and cancelling it does nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventKey {
    slot: u32,
    generation: u32,
}

#[derive(Debug, Clone, Copy)]
struct HeapEntry {
    stamp: Stamp,
    slot: u32,
}

#[derive(Debug, Clone, Copy)]
struct Slot<E> {
    event: Option<E>,
    heap_pos: u32,
    generation: u32,
}

#[derive(Debug, Clone)]
pub(super) struct IndexedHeap<E: Copy> {
    heap: Vec<HeapEntry>,
    slots: Vec<Slot<E>>,
    free: Vec<u32>,
}

impl<E: Copy> IndexedHeap<E> {
    pub fn new() -> Self {
        IndexedHeap {
            heap: Vec::new(),
            slots: Vec::new(),
            free: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn peek(&self) -> Option<Stamp> {
        self.heap.first().map(|entry| entry.stamp)
    }

    pub fn push(&mut self, stamp: Stamp, event: E) -> EventKey {
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
        let record = &mut self.slots[slot as usize];
        record.event = Some(event);
        record.heap_pos = pos as u32;
        let generation = record.generation;
        self.heap.push(HeapEntry { stamp, slot });
        self.sift_up(pos);
        EventKey { slot, generation }
    }

    pub fn pop(&mut self) -> Option<(Stamp, E)> {
        let top = *self.heap.first()?;
        let event = self.remove_at(0);
        Some((top.stamp, event))
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

    /// Slots ever allocated: the peak number of pending cancellable events.
    #[cfg(test)]
    pub fn slots_allocated(&self) -> usize {
        self.slots.len()
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
            if pos > 0 && self.heap[pos].stamp.before(&self.heap[(pos - 1) / 2].stamp) {
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
            if !entry.stamp.before(&self.heap[parent].stamp) {
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
            let child = if right < len && self.heap[right].stamp.before(&self.heap[left].stamp) {
                right
            } else {
                left
            };
            if !self.heap[child].stamp.before(&entry.stamp) {
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
