//! A min-heap of events that are never cancelled, with the payload stored in
//! the entry itself. Most events (arrivals, ends of service, repeat contacts)
//! are of this kind; keeping them out of the indexed heap spares the slot-table
//! write on every move. The heap itself is the standard library's, whose pop
//! sifts the hole to the bottom first and needs no bounds checks.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::order::Stamp;

#[derive(Debug, Clone, Copy)]
struct Entry<E> {
    stamp: Stamp,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.stamp.seq == other.stamp.seq
    }
}

impl<E> Eq for Entry<E> {}

impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Reversed, so that `BinaryHeap` (a max-heap) pops the earliest stamp.
/// Sequence numbers are unique, so no two entries are equal.
impl<E> Ord for Entry<E> {
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        if self.stamp.before(&other.stamp) {
            Ordering::Greater
        } else if other.stamp.before(&self.stamp) {
            Ordering::Less
        } else {
            Ordering::Equal
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct PlainHeap<E: Copy> {
    entries: BinaryHeap<Entry<E>>,
}

impl<E: Copy> PlainHeap<E> {
    pub fn new() -> Self {
        PlainHeap {
            entries: BinaryHeap::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn peek(&self) -> Option<Stamp> {
        self.entries.peek().map(|entry| entry.stamp)
    }

    pub fn push(&mut self, stamp: Stamp, event: E) {
        self.entries.push(Entry { stamp, event });
    }

    pub fn pop(&mut self) -> Option<(Stamp, E)> {
        self.entries.pop().map(|entry| (entry.stamp, entry.event))
    }
}
