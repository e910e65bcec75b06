//! The human queue: chat slots, FIFO waiting lines per priority class, and the
//! time integrals of busy slots and waiting contacts.
//!
//! A contact that abandons is not searched for in its line: its slab entry is
//! freed and the stale reference is skipped when it reaches the front. That
//! keeps abandonment O(1) at the price of a few dead entries in the line.

use std::collections::VecDeque;

use super::contact::{ContactId, ContactSlab};
use crate::engine::Seconds;

/// Integral over time of a level that changes in steps.
#[derive(Debug, Clone, Copy, Default)]
pub struct TimeIntegral {
    level: f64,
    since: Seconds,
    area: f64,
}

impl TimeIntegral {
    #[inline]
    pub fn set(&mut self, now: Seconds, level: f64) {
        self.area += self.level * (now - self.since);
        self.since = now;
        self.level = level;
    }

    /// Returns the area accumulated up to `now` and starts a new period.
    pub fn take(&mut self, now: Seconds) -> f64 {
        self.set(now, self.level);
        std::mem::take(&mut self.area)
    }
}

#[derive(Debug, Clone)]
pub struct HumanQueue {
    /// One FIFO line per priority class, highest priority first.
    lines: Vec<VecDeque<ContactId>>,
    waiting: usize,
    busy: u32,
    slots: u32,
    busy_area: TimeIntegral,
    waiting_area: TimeIntegral,
}

impl HumanQueue {
    pub fn new(classes: usize) -> Self {
        HumanQueue {
            lines: (0..classes.max(1)).map(|_| VecDeque::new()).collect(),
            waiting: 0,
            busy: 0,
            slots: 0,
            busy_area: TimeIntegral::default(),
            waiting_area: TimeIntegral::default(),
        }
    }

    pub fn waiting(&self) -> usize {
        self.waiting
    }

    /// Whether a contact arriving now is answered at once: a slot is free and
    /// nobody is waiting (FIFO within class, and an empty line means no one of
    /// any class is ahead).
    pub fn can_start_now(&self) -> bool {
        self.busy < self.slots && self.waiting == 0
    }

    /// Changes the number of slots. When it falls below the busy count, agents
    /// finish their contact and leave; nobody is interrupted.
    pub fn set_slots(&mut self, slots: u32) {
        self.slots = slots;
    }

    pub fn start_service(&mut self, now: Seconds) {
        self.busy += 1;
        self.busy_area.set(now, f64::from(self.busy));
    }

    pub fn finish_service(&mut self, now: Seconds) {
        debug_assert!(self.busy > 0);
        self.busy -= 1;
        self.busy_area.set(now, f64::from(self.busy));
    }

    pub fn enqueue(&mut self, now: Seconds, class: usize, contact: ContactId) {
        self.lines[class].push_back(contact);
        self.waiting += 1;
        self.waiting_area.set(now, self.waiting as f64);
    }

    /// Records that a waiting contact left the line without being served; its
    /// entry is skipped later because its slab entry is gone.
    pub fn forget_abandoned(&mut self, now: Seconds) {
        debug_assert!(self.waiting > 0);
        self.waiting -= 1;
        self.waiting_area.set(now, self.waiting as f64);
    }

    /// The next live waiting contact if a slot is free, highest class first.
    pub fn next_to_serve(&mut self, now: Seconds, slab: &ContactSlab) -> Option<ContactId> {
        if self.busy >= self.slots || self.waiting == 0 {
            return None;
        }
        for line in &mut self.lines {
            while let Some(id) = line.pop_front() {
                if slab.get(id).is_some() {
                    self.waiting -= 1;
                    self.waiting_area.set(now, self.waiting as f64);
                    return Some(id);
                }
            }
        }
        None
    }

    /// The next live waiting contact that has waited at least `after`
    /// seconds, highest class first, for another pool's free slot (overflow).
    /// FIFO keeps each line's oldest contact at its front, so only fronts are
    /// looked at; dead entries met there are dropped as `next_to_serve` does.
    pub fn next_overdue(
        &mut self,
        now: Seconds,
        after: Seconds,
        slab: &ContactSlab,
    ) -> Option<ContactId> {
        if self.waiting == 0 {
            return None;
        }
        for line in &mut self.lines {
            while let Some(&id) = line.front() {
                match slab.get(id) {
                    None => {
                        line.pop_front();
                    }
                    Some(contact) if contact.queued_at + after <= now => {
                        line.pop_front();
                        self.waiting -= 1;
                        self.waiting_area.set(now, self.waiting as f64);
                        return Some(id);
                    }
                    Some(_) => break,
                }
            }
        }
        None
    }

    /// Busy slot-seconds and waiting contact-seconds since the last call.
    pub fn take_areas(&mut self, now: Seconds) -> (f64, f64) {
        (self.busy_area.take(now), self.waiting_area.take(now))
    }
}
