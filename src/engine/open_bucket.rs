//! The plain events of the open calendar bucket, kept sorted latest first so
//! the earliest is taken from the end of a vector.
//!
//! A bucket holds a few events (those of two simulated seconds), so sorting it
//! once when it opens and moving the odd event scheduled into it to its place
//! costs less than a binary heap's sift on every push and pop; the
//! vector is reused, so nothing is allocated in steady state.

use super::order::Stamp;

#[derive(Debug, Clone)]
pub(super) struct OpenBucket<E: Copy> {
    /// Latest first: the earliest event is `last()`.
    entries: Vec<(Stamp, E)>,
}

impl<E: Copy> OpenBucket<E> {
    pub fn new() -> Self {
        OpenBucket {
            entries: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    #[inline]
    pub fn peek(&self) -> Option<Stamp> {
        self.entries.last().map(|(stamp, _)| *stamp)
    }

    #[inline]
    pub fn pop(&mut self) -> Option<(Stamp, E)> {
        self.entries.pop()
    }

    /// Adds an event in its place: after every later one.
    ///
    /// Pushed at the end, the events due before it shifted right one place: a
    /// bucket holds a handful, so this beats a binary search plus
    /// `Vec::insert`, whose shift called `memmove` for one or two entries.
    #[inline]
    pub fn insert(&mut self, stamp: Stamp, event: E) {
        self.entries.push((stamp, event));
        let mut at = self.entries.len() - 1;
        while at > 0 && self.entries[at - 1].0.before(&stamp) {
            self.entries[at] = self.entries[at - 1];
            at -= 1;
        }
        self.entries[at] = (stamp, event);
    }

    /// Fills the (empty) bucket from `fill` and sorts it once.
    pub fn refill(&mut self, fill: impl FnOnce(&mut Vec<(Stamp, E)>)) {
        debug_assert!(self.entries.is_empty());
        fill(&mut self.entries);
        // Sequence numbers are unique, so `before` is a total order here.
        self.entries.sort_unstable_by(|(a, _), (b, _)| {
            if b.before(a) {
                std::cmp::Ordering::Less
            } else {
                std::cmp::Ordering::Greater
            }
        });
    }
}
