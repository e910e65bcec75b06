//! How `[[pools]]` split the human side: which pool a contact belongs to,
//! how many of the roster's slots each pool gets, and which pools may serve
//! another pool's long waiters.
//!
//! An entry with `copies = n` is n queues alike; everything here but
//! `entry_of` speaks of queues, and the observer hears of entries.
//!
//! Without pools everything here is inert: one pool holds every slot, no
//! random number is drawn and no pool is reported, so a scenario without
//! `[[pools]]` runs exactly as the single queue always did.

use crate::random::{ContactDraw, ContactKey};
use crate::scenario::Scenario;

#[derive(Debug, Clone)]
pub struct PoolRouting {
    /// Whether the scenario declares pools (and they are reported).
    pub declared: bool,
    /// Per category, the cumulative shares across pools (empty without pools).
    thresholds: Vec<Vec<f64>>,
    /// Per category, the one pool that takes all of it, if one does.
    single: Vec<Option<usize>>,
    /// Per pool, its share of the roster's slots.
    staff_shares: Vec<f64>,
    /// Per pool, `(target pool, seconds waited before it may overflow)`.
    overflow: Vec<Option<(usize, f64)>>,
    /// Per pool, the pools that overflow into it, in pool order.
    sources: Vec<Vec<usize>>,
    /// Per queue, its `[[pools]]` entry (queues are the entries' copies).
    entry_of: Vec<usize>,
}

impl PoolRouting {
    pub fn new(scenario: &Scenario) -> Self {
        // One queue per copy, copies of an entry next to each other; each
        // copy takes an equal part of its entry's staff and category shares.
        let queues: Vec<(usize, u32)> = scenario
            .pools
            .iter()
            .enumerate()
            .flat_map(|(entry, p)| (0..p.copies).map(move |copy| (entry, copy)))
            .collect();
        let pools = &scenario.pools;
        let part = |entry: usize| 1.0 / f64::from(pools[entry].copies);
        let thresholds = if pools.is_empty() {
            Vec::new()
        } else {
            (0..scenario.categories.len())
                .map(|c| {
                    let mut sum = 0.0;
                    queues
                        .iter()
                        .map(|&(entry, _)| {
                            sum += pools[entry].category_shares[c] * part(entry);
                            sum
                        })
                        .collect()
                })
                .collect()
        };
        let single = (0..scenario.categories.len())
            .map(|c| {
                let mut serving = queues
                    .iter()
                    .enumerate()
                    .filter(|(_, &(entry, _))| pools[entry].category_shares[c] > 0.0);
                match (serving.next(), serving.next()) {
                    (Some((only, _)), None) => Some(only),
                    _ => None,
                }
            })
            .collect();
        let first_queue = |entry: usize| queues.iter().position(|&(e, _)| e == entry);
        let overflow: Vec<_> = queues
            .iter()
            .map(|&(entry, copy)| {
                pools[entry].overflow.and_then(|o| {
                    let target = first_queue(o.to)? + (copy % pools[o.to].copies) as usize;
                    Some((target, o.after_seconds))
                })
            })
            .collect();
        let sources = (0..queues.len())
            .map(|target| {
                (0..queues.len())
                    .filter(|s| overflow[*s].is_some_and(|(to, _)| to == target))
                    .collect()
            })
            .collect();
        PoolRouting {
            declared: !pools.is_empty(),
            thresholds,
            single,
            staff_shares: queues
                .iter()
                .map(|&(entry, _)| pools[entry].staff_share * part(entry))
                .collect(),
            overflow,
            sources,
            entry_of: queues.iter().map(|&(entry, _)| entry).collect(),
        }
    }

    /// The `[[pools]]` entry a queue belongs to (the queue itself without
    /// copies): what the pool's figures are reported under.
    #[inline]
    pub fn entry_of(&self, queue: usize) -> usize {
        self.entry_of.get(queue).copied().unwrap_or(queue)
    }

    /// Number of queues: one without pools.
    pub fn count(&self) -> usize {
        self.staff_shares.len().max(1)
    }

    /// The pool of a contact of `category` whose issue's first contact has
    /// `first_key`. A category served by one pool draws nothing.
    #[inline]
    pub fn pool_of(&self, category: usize, first_key: ContactKey) -> usize {
        let Some(thresholds) = self.thresholds.get(category) else {
            return 0;
        };
        if let Some(only) = self.single[category] {
            return only;
        }
        let last = thresholds.last().copied().unwrap_or(1.0);
        let u = first_key.uniform(ContactDraw::Pool) * last;
        super::world::category_at(thresholds, u)
    }

    /// Where `pool`'s waiters may overflow and after how many seconds.
    pub fn overflow(&self, pool: usize) -> Option<(usize, f64)> {
        self.overflow.get(pool).copied().flatten()
    }

    /// The pools that overflow into `pool`.
    pub fn sources(&self, pool: usize) -> &[usize] {
        self.sources.get(pool).map_or(&[], |s| s.as_slice())
    }

    /// `total` slots split by staff share into `out` (one per pool).
    pub fn split(&self, total: u32, out: &mut [u32]) {
        if self.staff_shares.is_empty() {
            out[0] = total;
        } else {
            split_slots(total, &self.staff_shares, out);
        }
    }
}

/// Splits `total` into parts proportional to `shares` (summing to 1 within
/// rounding) by largest remainder: each part gets the floor of its quota and
/// the units left go to the largest fractional parts, ties to the earlier
/// pool, so the parts always add up to `total` exactly. It runs once per pool
/// and interval and allocates nothing.
pub fn split_slots(total: u32, shares: &[f64], out: &mut [u32]) {
    let sum: f64 = shares.iter().sum();
    let quota = |i: usize| {
        if sum > 0.0 {
            f64::from(total) * shares[i] / sum
        } else {
            0.0
        }
    };
    let mut given = 0u32;
    for (i, part) in out.iter_mut().enumerate() {
        *part = (quota(i).floor() as u32).min(total - given);
        given += *part;
    }
    let mut left = total - given;
    // Each unit left goes to the largest remainder not yet topped up; at most
    // one unit per pool, since the floors leave less than one each.
    let mut topped = 0u128;
    while left > 0 {
        let mut best: Option<(usize, f64)> = None;
        for (i, part) in out.iter().enumerate() {
            let remainder = quota(i) - f64::from(*part);
            if topped & (1 << i) == 0 && best.is_none_or(|(_, r)| remainder > r) {
                best = Some((i, remainder));
            }
        }
        let Some((i, _)) = best else {
            out[0] += left;
            break;
        };
        out[i] += 1;
        topped |= 1 << i;
        left -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::{split_slots, PoolRouting};
    use crate::scenario::{Overflow, SkillPool};

    /// Four desks overflowing to two: copy k goes to copy k mod 2, and each
    /// queue takes its entry's shares divided by the copies.
    #[test]
    fn copies_are_queues_with_a_part_of_their_entrys_shares() {
        let mut scenario = crate::scenario::one_category_for_tests();
        let n = scenario.categories.len();
        let entry = |name: &str, staff: f64, copies: u32, overflow| SkillPool {
            name: name.into(),
            staff_share: staff,
            category_shares: vec![staff; n],
            overflow,
            copies,
        };
        let to_large = Some(Overflow {
            to: 1,
            after_seconds: 30.0,
        });
        scenario.pools = vec![
            entry("small", 0.2, 4, to_large),
            entry("large", 0.8, 2, None),
        ];
        let r = PoolRouting::new(&scenario);
        assert_eq!(r.count(), 6);
        assert_eq!(
            (0..6).map(|q| r.entry_of(q)).collect::<Vec<_>>(),
            vec![0, 0, 0, 0, 1, 1]
        );
        assert_eq!(
            (0..4).map(|q| r.overflow(q).unwrap().0).collect::<Vec<_>>(),
            vec![4, 5, 4, 5]
        );
        assert_eq!(r.overflow(4), None);
        assert_eq!(r.sources(4), &[0, 2]);
        assert_eq!(r.sources(5), &[1, 3]);
        let mut slots = [0; 6];
        r.split(100, &mut slots);
        assert_eq!(slots, [5, 5, 5, 5, 40, 40]);
        let thresholds = &r.thresholds[0];
        for (t, expected) in thresholds.iter().zip([0.05, 0.1, 0.15, 0.2, 0.6, 1.0]) {
            assert!((t - expected).abs() < 1e-12, "{thresholds:?}");
        }
    }

    fn split(total: u32, shares: &[f64]) -> Vec<u32> {
        let mut out = vec![0; shares.len()];
        split_slots(total, shares, &mut out);
        out
    }

    #[test]
    fn largest_remainders_conserve_the_total() {
        assert_eq!(split(10, &[0.5, 0.5]), vec![5, 5]);
        assert_eq!(split(11, &[0.5, 0.5]), vec![6, 5]);
        assert_eq!(split(10, &[0.34, 0.33, 0.33]), vec![4, 3, 3]);
        assert_eq!(split(7, &[0.1, 0.6, 0.3]), vec![1, 4, 2]);
        assert_eq!(split(0, &[0.2, 0.8]), vec![0, 0]);
        assert_eq!(split(3, &[1.0, 0.0]), vec![3, 0]);
        for total in 0..500 {
            let shares = [0.07, 0.13, 0.2, 0.25, 0.35];
            let parts = split(total, &shares);
            assert_eq!(parts.iter().sum::<u32>(), total);
            for (p, s) in parts.iter().zip(shares) {
                assert!((f64::from(*p) - f64::from(total) * s).abs() < 1.0);
            }
        }
    }
}
