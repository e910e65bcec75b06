//! `[[pools]]`: agents split into groups (language, market, skill), each with
//! its own chat slots and queue, and optional overflow to another pool.
//!
//! The pools together must hold the whole roster and route every category's
//! contacts somewhere, so staff shares sum to 1 and, category by category,
//! so do the routing shares: anything else would lose or invent capacity or
//! contacts without saying so.

use super::checker::Checker;
use super::SUM_TOLERANCE;
use crate::scenario::raw::RawPool;
use crate::scenario::{Overflow, SkillPool};

/// The model keeps a contact's queue in 7 bits (`model::contact`), and more
/// entries than this make `pools.csv` unreadable anyway; copies count too,
/// as each is a queue of its own.
const MAX_POOLS: usize = 100;

/// `categories` are the names of `[[categories]]`, in file order.
pub(super) fn check(c: &mut Checker, raw: &[RawPool], categories: &[&str]) -> Vec<SkillPool> {
    if raw.len() > MAX_POOLS {
        c.push(
            "pools",
            format!("has {} pools, more than {MAX_POOLS}", raw.len()),
            "merge small pools (a pool of a few agents is better modelled as overflow)",
        );
    }
    let pools: Vec<SkillPool> = (0..raw.len())
        .map(|i| pool(c, i, raw, categories))
        .collect();
    let queues: u64 = pools.iter().map(|p| u64::from(p.copies)).sum();
    if raw.len() <= MAX_POOLS && queues > MAX_POOLS as u64 {
        c.push(
            "pools",
            format!("the pools' copies add up to {queues} queues, more than {MAX_POOLS}"),
            "use fewer, larger copies (a desk of a few agents is better modelled as overflow)",
        );
    }
    if !raw.is_empty() {
        staff_total(c, raw);
        category_totals(c, &pools, categories);
    }
    pools
}

/// The `i`th pool; those before it are where a repeated name is found.
fn pool(c: &mut Checker, i: usize, raw: &[RawPool], categories: &[&str]) -> SkillPool {
    let path = format!("pools[{i}]");
    let rp = &raw[i];
    if rp.name.trim().is_empty() {
        c.push(
            format!("{path}.name"),
            "must not be empty".into(),
            "name the pool, e.g. \"german\" or \"nordics\"",
        );
    }
    if raw[..i].iter().any(|o| o.name == rp.name) {
        c.push(
            format!("{path}.name"),
            format!("pool {:?} is defined twice", rp.name),
            "give each pool one [[pools]] entry",
        );
    }
    c.probability(&format!("{path}.staff_share"), rp.staff_share);
    let mut category_shares = vec![0.0; categories.len()];
    for (name, share) in &rp.category_shares {
        let item = format!("{path}.category_shares.{name}");
        c.probability(&item, *share);
        match categories.iter().position(|n| n == name) {
            Some(index) => category_shares[index] = *share,
            None => c.push(
                item,
                format!("refers to category {name:?}, which [[categories]] does not define"),
                format!("use one of: {}", categories.join(", ")),
            ),
        }
    }
    let overflow = overflow(c, &path, rp, raw);
    let copies = match rp.copies {
        None => 1,
        Some(n) if (1..=MAX_POOLS as i64).contains(&n) => n as u32,
        Some(n) => {
            c.push(
                format!("{path}.copies"),
                format!("must be a whole number from 1 to {MAX_POOLS} (got {n})"),
                "copies is how many identical desks this entry stands for; leave it out for one",
            );
            1
        }
    };
    SkillPool {
        name: rp.name.clone(),
        staff_share: rp.staff_share,
        category_shares,
        overflow,
        copies,
    }
}

/// `overflow_to` and `overflow_after_seconds` go together: a target without
/// a wait, or a wait without a target, is a half-written rule.
fn overflow(c: &mut Checker, path: &str, rp: &RawPool, raw: &[RawPool]) -> Option<Overflow> {
    let after_path = format!("{path}.overflow_after_seconds");
    if let Some(after) = rp.overflow_after_seconds {
        c.non_negative(&after_path, after);
    }
    let Some(target) = &rp.overflow_to else {
        if rp.overflow_after_seconds.is_some() {
            c.push(
                after_path,
                "applies only with overflow_to".into(),
                "add overflow_to = \"<pool name>\", or remove overflow_after_seconds",
            );
        }
        return None;
    };
    let to_path = format!("{path}.overflow_to");
    let to = raw.iter().position(|o| &o.name == target);
    if target == &rp.name {
        c.push(
            to_path.as_str(),
            format!("pool {target:?} overflows to itself"),
            "name another pool, or remove overflow_to",
        );
    } else if to.is_none() {
        let names: Vec<&str> = raw.iter().map(|o| o.name.as_str()).collect();
        c.push(
            to_path.as_str(),
            format!("refers to pool {target:?}, which [[pools]] does not define"),
            format!("use one of: {}", names.join(", ")),
        );
    }
    let Some(after_seconds) = rp.overflow_after_seconds else {
        c.push(
            to_path.as_str(),
            "needs overflow_after_seconds, how long a contact waits before it may overflow".into(),
            "add e.g. overflow_after_seconds = 90",
        );
        return None;
    };
    to.filter(|t| raw[*t].name != rp.name)
        .map(|to| Overflow { to, after_seconds })
}

fn staff_total(c: &mut Checker, raw: &[RawPool]) {
    let total: f64 = raw.iter().map(|p| p.staff_share).sum();
    if total.is_finite() && (total - 1.0).abs() > SUM_TOLERANCE {
        c.push(
            "pools",
            format!("staff shares must sum to 1 (got {total})"),
            "each staff_share is the pool's part of the roster's chat slots; scale them so they add up to 1",
        );
    }
}

/// Every category's contacts must all go somewhere: its shares across the
/// pools sum to 1 (a pool that omits a category takes none of it).
fn category_totals(c: &mut Checker, pools: &[SkillPool], categories: &[&str]) {
    for (i, name) in categories.iter().enumerate() {
        let total: f64 = pools.iter().map(|p| p.category_shares[i]).sum();
        if total.is_finite() && (total - 1.0).abs() > SUM_TOLERANCE {
            c.push(
                "pools",
                format!("the shares of category {name:?} across the pools must sum to 1 (got {total})"),
                format!(
                    "give {name:?} a share in category_shares of the pools that serve it, adding up to 1"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::checker::testing::{problem, problems, raw};
    use super::*;

    #[derive(serde::Deserialize)]
    struct List {
        pools: Vec<RawPool>,
    }

    fn pools(text: &str) -> Vec<RawPool> {
        raw::<List>(text).pools
    }

    const CATEGORIES: &[&str] = &["faq", "payments"];

    const TWO: &str = "[[pools]]\nname = \"english\"\nstaff_share = 0.75\n\
        category_shares = { faq = 0.7, payments = 1.0 }\n\
        [[pools]]\nname = \"german\"\nstaff_share = 0.25\n\
        category_shares = { faq = 0.3 }\n\
        overflow_to = \"english\"\noverflow_after_seconds = 90\n";

    fn checked(text: &str) -> (Vec<SkillPool>, Vec<crate::scenario::Problem>) {
        let mut out = Vec::new();
        let found = problems(|c| out = check(c, &pools(text), CATEGORIES));
        (out, found)
    }

    #[test]
    fn sound_pools_carry_shares_by_category_index_and_their_overflow() {
        let (pools, found) = checked(TWO);
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(pools[0].category_shares, vec![0.7, 1.0]);
        assert_eq!(pools[1].category_shares, vec![0.3, 0.0]);
        assert_eq!(pools[0].overflow, None);
        assert_eq!(
            pools[1].overflow,
            Some(Overflow {
                to: 0,
                after_seconds: 90.0
            })
        );
    }

    #[test]
    fn copies_default_to_one_and_are_bounded_singly_and_in_total() {
        let (pools, found) = checked(TWO);
        assert!(found.is_empty());
        assert_eq!(pools[0].copies, 1);
        let many = TWO.replace("name = \"german\"", "name = \"german\"\ncopies = 60");
        let (pools, found) =
            checked(&many.replace("name = \"english\"", "name = \"english\"\ncopies = 40"));
        assert_eq!(pools[1].copies, 60);
        assert!(
            found.is_empty(),
            "exactly 100 queues are allowed: {found:?}"
        );
        let (_, found) =
            checked(&many.replace("name = \"english\"", "name = \"english\"\ncopies = 41"));
        assert_eq!(
            found,
            vec![problem(
                "pools",
                "the pools' copies add up to 101 queues, more than 100",
                "use fewer, larger copies (a desk of a few agents is better modelled as overflow)"
            )]
        );
        let (_, found) =
            checked(&TWO.replace("name = \"german\"", "name = \"german\"\ncopies = 0"));
        assert_eq!(
            found,
            vec![problem(
                "pools[1].copies",
                "must be a whole number from 1 to 100 (got 0)",
                "copies is how many identical desks this entry stands for; leave it out for one"
            )]
        );
    }

    #[test]
    fn no_pools_is_sound() {
        assert!(problems(|c| {
            check(c, &[], CATEGORIES);
        })
        .is_empty());
    }

    #[test]
    fn names_references_and_negative_values_are_reported_in_order() {
        let text = TWO
            .replace("name = \"german\"", "name = \"english\"")
            .replace("faq = 0.3", "faq = 0.3, fraud = 0.5")
            .replace("overflow_after_seconds = 90", "overflow_after_seconds = -5")
            .replace("staff_share = 0.75", "staff_share = -0.1");
        let (_, found) = checked(&text);
        assert_eq!(
            found,
            vec![
                problem(
                    "pools[0].staff_share",
                    "must be a probability between 0 and 1 (got -0.1)",
                    "write a share such as 0.25 for 25%"
                ),
                problem(
                    "pools[1].name",
                    "pool \"english\" is defined twice",
                    "give each pool one [[pools]] entry"
                ),
                problem(
                    "pools[1].category_shares.fraud",
                    "refers to category \"fraud\", which [[categories]] does not define",
                    "use one of: faq, payments"
                ),
                problem(
                    "pools[1].overflow_after_seconds",
                    "must not be negative (got -5)",
                    "use 0 or a positive number"
                ),
                problem(
                    "pools[1].overflow_to",
                    "pool \"english\" overflows to itself",
                    "name another pool, or remove overflow_to"
                ),
                problem(
                    "pools",
                    "staff shares must sum to 1 (got 0.15)",
                    "each staff_share is the pool's part of the roster's chat slots; scale them so they add up to 1"
                ),
            ]
        );
    }

    #[test]
    fn shares_that_do_not_sum_to_1_are_reported_per_category() {
        let text = TWO
            .replace("faq = 0.7", "faq = 0.6")
            .replace("staff_share = 0.25", "staff_share = 0.5");
        let (_, found) = checked(&text);
        assert_eq!(
            found,
            vec![
                problem(
                    "pools",
                    "staff shares must sum to 1 (got 1.25)",
                    "each staff_share is the pool's part of the roster's chat slots; scale them so they add up to 1"
                ),
                problem(
                    "pools",
                    "the shares of category \"faq\" across the pools must sum to 1 (got 0.8999999999999999)",
                    "give \"faq\" a share in category_shares of the pools that serve it, adding up to 1"
                ),
            ]
        );
    }

    #[test]
    fn overflow_needs_a_known_target_and_a_wait() {
        let unknown = TWO.replace("overflow_to = \"english\"", "overflow_to = \"french\"");
        assert_eq!(
            checked(&unknown).1,
            vec![problem(
                "pools[1].overflow_to",
                "refers to pool \"french\", which [[pools]] does not define",
                "use one of: english, german"
            )]
        );
        let no_wait = TWO.replace("overflow_after_seconds = 90\n", "");
        assert_eq!(
            checked(&no_wait).1,
            vec![problem(
                "pools[1].overflow_to",
                "needs overflow_after_seconds, how long a contact waits before it may overflow",
                "add e.g. overflow_after_seconds = 90"
            )]
        );
        let no_target = TWO.replace("overflow_to = \"english\"\n", "");
        assert_eq!(
            checked(&no_target).1,
            vec![problem(
                "pools[1].overflow_after_seconds",
                "applies only with overflow_to",
                "add overflow_to = \"<pool name>\", or remove overflow_after_seconds"
            )]
        );
    }
}
