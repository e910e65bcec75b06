//! Contacts in flight, kept in a reusable slab so the per-contact path never
//! allocates once the slab has grown to the peak number in the system.

use crate::engine::{EventKey, Seconds};
use crate::random::{ContactKey, ISSUE_MASK};

/// Refers to a contact in the slab; the generation makes a reference to a
/// departed contact detectably stale, even after its slot is reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactId {
    index: u32,
    generation: u32,
}

/// What the AI decided for a contact when its conversation started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AiVerdict {
    Resolved,
    WrongAnswer,
    Trapped,
    Escalate(super::EscalationReason),
}

impl AiVerdict {
    /// How the contact ends when the AI keeps it; `None` for a hand-off.
    pub fn outcome(self) -> Option<super::Outcome> {
        match self {
            AiVerdict::Resolved => Some(super::Outcome::Resolved),
            AiVerdict::WrongAnswer => Some(super::Outcome::WrongAnswer),
            AiVerdict::Trapped => Some(super::Outcome::Trapped),
            AiVerdict::Escalate(_) => None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Contact {
    pub category: u8,
    /// 1 for a first contact, 2 for the first repeat, ...
    pub contact_number: u8,
    pub escalated: bool,
    pub verdict: AiVerdict,
    pub queued_at: Seconds,
    pub ai_seconds: Seconds,
    pub wait_seconds: Seconds,
    pub handle_seconds: Seconds,
    /// The pending abandonment while the contact waits.
    pub patience_timer: Option<EventKey>,
    /// Served by the outsourcing partner rather than in-house agents.
    pub outsourced: bool,
    /// The `[[pools]]` entry the contact waits in (low 7 bits) and whether
    /// another pool's slot serves it (`OVERFLOW`): one byte, which the
    /// padding had free, so a contact stays a cache line.
    pool: u8,
    /// The issue's arrival index (see `issue`), in 48 bits split so that
    /// they fill the padding after the small fields: a contact stays 64
    /// bytes, a cache line (with a plain u64 it took 72, and the slab's
    /// moves cost 2% more instructions per contact).
    issue_low: u32,
    issue_high: u16,
    /// The contact's random numbers (`crate::random`).
    pub key: ContactKey,
}

impl Contact {
    pub fn new(
        category: u8,
        contact_number: u8,
        issue: u64,
        key: ContactKey,
        arrived_at: Seconds,
    ) -> Self {
        let issue = issue & ISSUE_MASK;
        Contact {
            category,
            contact_number,
            issue_low: issue as u32,
            issue_high: (issue >> 32) as u16,
            key,
            escalated: false,
            verdict: AiVerdict::Resolved,
            queued_at: arrived_at,
            ai_seconds: 0.0,
            wait_seconds: 0.0,
            handle_seconds: 0.0,
            patience_timer: None,
            outsourced: false,
            pool: 0,
        }
    }

    /// The pool the contact belongs to (0 without pools).
    #[inline]
    pub fn home_pool(&self) -> usize {
        usize::from(self.pool & !OVERFLOW)
    }

    /// Puts the contact in `pool` (below 128, see `validate::pools`).
    #[inline]
    pub fn set_home_pool(&mut self, pool: usize) {
        debug_assert!(pool < usize::from(OVERFLOW));
        self.pool = pool as u8;
    }

    /// Whether its home pool's overflow target serves it.
    #[inline]
    pub fn served_by_overflow(&self) -> bool {
        self.pool & OVERFLOW != 0
    }

    #[inline]
    pub fn mark_served_by_overflow(&mut self) {
        self.pool |= OVERFLOW;
    }

    /// Arrival index (from 0, modulo 2^48) of the first contact about this
    /// contact's issue in the replication.
    pub fn issue(&self) -> u64 {
        u64::from(self.issue_high) << 32 | u64::from(self.issue_low)
    }
}

/// The bit of `Contact::pool` that marks service by the overflow pool.
const OVERFLOW: u8 = 0x80;

#[derive(Debug, Clone, Copy)]
struct Entry {
    contact: Option<Contact>,
    generation: u32,
}

#[derive(Debug, Clone, Default)]
pub struct ContactSlab {
    entries: Vec<Entry>,
    free: Vec<u32>,
    live: usize,
}

impl ContactSlab {
    pub fn insert(&mut self, contact: Contact) -> ContactId {
        self.live += 1;
        if let Some(index) = self.free.pop() {
            let entry = &mut self.entries[index as usize];
            entry.contact = Some(contact);
            return ContactId {
                index,
                generation: entry.generation,
            };
        }
        self.entries.push(Entry {
            contact: Some(contact),
            generation: 0,
        });
        ContactId {
            index: (self.entries.len() - 1) as u32,
            generation: 0,
        }
    }

    pub fn get(&self, id: ContactId) -> Option<&Contact> {
        let entry = self.entries.get(id.index as usize)?;
        if entry.generation != id.generation {
            return None;
        }
        entry.contact.as_ref()
    }

    pub fn get_mut(&mut self, id: ContactId) -> Option<&mut Contact> {
        let entry = self.entries.get_mut(id.index as usize)?;
        if entry.generation != id.generation {
            return None;
        }
        entry.contact.as_mut()
    }

    pub fn remove(&mut self, id: ContactId) -> Option<Contact> {
        let entry = self.entries.get_mut(id.index as usize)?;
        if entry.generation != id.generation {
            return None;
        }
        let contact = entry.contact.take()?;
        entry.generation = entry.generation.wrapping_add(1);
        self.free.push(id.index);
        self.live -= 1;
        Some(contact)
    }

    /// Contacts currently in the system.
    pub fn len(&self) -> usize {
        self.live
    }

    /// Slots ever allocated: the peak number of contacts in the system.
    pub fn capacity_used(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_removed_contact_is_stale_even_when_its_slot_is_reused() {
        let mut slab = ContactSlab::default();
        let keys = crate::random::ContactStreams::new(0, 0);
        let first = slab.insert(Contact::new(0, 1, 0, keys.key(0, 1), 0.0));
        assert!(slab.remove(first).is_some());
        let second = slab.insert(Contact::new(1, 1, 1, keys.key(1, 1), 1.0));
        assert!(slab.get(first).is_none());
        assert!(slab.remove(first).is_none());
        assert_eq!(slab.get(second).map(|c| c.category), Some(1));
        assert_eq!(slab.len(), 1);
        assert_eq!(slab.capacity_used(), 1);
    }
}

#[cfg(all(test, target_pointer_width = "64"))]
mod size {
    /// A contact fits a cache line; see `Contact::issue_low`.
    const _: () = assert!(std::mem::size_of::<Option<super::Contact>>() == 64);
}
