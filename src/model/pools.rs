//! How `[[pools]]` split the human side: which pool a contact belongs to,
//! how many of the roster's slots each pool gets, and which pools may serve
//! another pool's long waiters.
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
}

impl PoolRouting {
    pub fn new(scenario: &Scenario) -> Self {
        let pools = &scenario.pools;
        let thresholds = if pools.is_empty() {
            Vec::new()
        } else {
            (0..scenario.categories.len())
                .map(|c| {
                    let mut sum = 0.0;
                    pools
                        .iter()
                        .map(|p| {
                            sum += p.category_shares[c];
                            sum
                        })
                        .collect()
                })
                .collect()
        };
        let single = (0..scenario.categories.len())
            .map(|c| {
                let mut serving = pools
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.category_shares[c] > 0.0);
                match (serving.next(), serving.next()) {
                    (Some((only, _)), None) => Some(only),
                    _ => None,
                }
            })
            .collect();
        let overflow: Vec<_> = pools
            .iter()
            .map(|p| p.overflow.map(|o| (o.to, o.after_seconds)))
            .collect();
        let sources = (0..pools.len())
            .map(|target| {
                (0..pools.len())
                    .filter(|s| overflow[*s].is_some_and(|(to, _)| to == target))
                    .collect()
            })
            .collect();
        PoolRouting {
            declared: !pools.is_empty(),
            thresholds,
            single,
            staff_shares: pools.iter().map(|p| p.staff_share).collect(),
            overflow,
            sources,
        }
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
    use super::split_slots;

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
