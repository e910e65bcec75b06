//! Splitting a run's independent work items (replications, or sweep points ×
//! replications) across machines, and putting the pieces back together.
//!
//! A shard is `K/N`: the K-th of N shards, **counted from 1** (`1/4` … `4/4`),
//! like the file names it writes (`partial-1-of-4.json`). Shard K owns the items
//! whose index `i` (from 0) satisfies `i % N == K - 1` (round robin, so shards
//! get equal work whatever the item count). Since a replication depends only on
//! (scenario, seed, replication index), the items a shard computes are the very
//! ones a single machine would, and `wfsim merge` can rebuild byte-identical
//! outputs from the partial files.
//!
//! Schedulers number their tasks themselves: `Shard::from_env` reads Slurm job
//! arrays (`SLURM_ARRAY_TASK_ID`, `_MIN`, `_STEP`, `_COUNT`) and Kubernetes
//! Indexed Jobs (`JOB_COMPLETION_INDEX`, from 0, with the count in
//! `WFSIM_SHARD_COUNT` because Kubernetes does not export it).
//!
//! This module knows nothing of scenarios or replications: `partial` is a
//! generic file format and `merge` a generic completeness check, so `run`,
//! `sweep` and `reversibility` share them.

pub mod merge;
pub mod partial;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use merge::{collect, find_partials, read_partials, MergeError, Merged, PartialFile};
pub use partial::{
    identity, read_header, Item, Partial, PartialHeader, PARTIAL_FORMAT, PARTIAL_FORMAT_VERSION,
};

/// Most shards accepted: far more tasks than any array would sensibly run, and
/// small enough that a typo (`--shard 1/40000000`) is caught.
pub const MAX_SHARDS: u32 = 100_000;

/// The environment variable giving the number of shards where the scheduler
/// does not (Kubernetes), or overriding the scheduler's count.
pub const COUNT_VARIABLE: &str = "WFSIM_SHARD_COUNT";

/// The K-th of N shards; `index` counts from 1. Invariant: `1 <= index <= count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

/// Why a shard could not be worked out: always bad input (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShardError {
    #[error("--shard {given:?}: {reason}; write K/N with 1 <= K <= N <= {MAX_SHARDS}, e.g. --shard 2/4 (shards count from 1), or --shard env to read a scheduler's task index")]
    Syntax { given: String, reason: String },
    #[error("--shard env: none of JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID (Slurm job array) is set; run inside such a job, or give --shard K/N")]
    NoScheduler,
    #[error("--shard env: both JOB_COMPLETION_INDEX ({kubernetes}) and SLURM_ARRAY_TASK_ID ({slurm}) are set, so which one numbers this task is ambiguous; give --shard K/N instead")]
    Ambiguous { kubernetes: String, slurm: String },
    #[error("--shard env: {variable}={value:?} {reason}")]
    Variable {
        variable: &'static str,
        value: String,
        reason: String,
    },
    #[error("--shard env: {variable} is not set; {help}")]
    Missing {
        variable: &'static str,
        help: &'static str,
    },
}

impl Shard {
    /// The whole run as one shard.
    pub const WHOLE: Shard = Shard { index: 1, count: 1 };

    /// A shard, checked.
    pub fn new(index: u32, count: u32) -> Result<Shard, String> {
        if count == 0 {
            return Err("N must be at least 1".into());
        }
        if count > MAX_SHARDS {
            return Err(format!("N = {count} is more than {MAX_SHARDS} shards"));
        }
        if index == 0 {
            return Err(format!(
                "K = 0, but shards count from 1 (the first of {count} is 1/{count})"
            ));
        }
        if index > count {
            return Err(format!("K = {index} is more than N = {count}"));
        }
        Ok(Shard { index, count })
    }

    /// Parses `K/N` (shards count from 1).
    pub fn parse(text: &str) -> Result<Shard, ShardError> {
        let syntax = |reason: String| ShardError::Syntax {
            given: text.to_string(),
            reason,
        };
        let (k, n) = text
            .split_once('/')
            .ok_or_else(|| syntax("expected K/N".into()))?;
        let number = |part: &str, what: &str| -> Result<u32, ShardError> {
            part.trim()
                .parse::<u32>()
                .map_err(|_| syntax(format!("{what} {part:?} is not a whole number")))
        };
        let (k, n) = (number(k, "K")?, number(n, "N")?);
        Shard::new(k, n).map_err(syntax)
    }

    /// The shard a scheduler assigned to this task, from its environment
    /// (`var` looks a variable up; `std::env::var(..).ok()` in the binary).
    ///
    /// * Kubernetes Indexed Job: `JOB_COMPLETION_INDEX` (from 0) is shard
    ///   index + 1 of `WFSIM_SHARD_COUNT` (set it to the Job's `completions`).
    /// * Slurm job array: `SLURM_ARRAY_TASK_ID` counted from
    ///   `SLURM_ARRAY_TASK_MIN` in steps of `SLURM_ARRAY_TASK_STEP`, of
    ///   `SLURM_ARRAY_TASK_COUNT` tasks (or `WFSIM_SHARD_COUNT` if set). So
    ///   `--array=0-3`, `--array=1-4` and `--array=0-6:2` all give shards 1/4 … 4/4.
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Result<Shard, ShardError> {
        let kubernetes = var("JOB_COMPLETION_INDEX");
        let slurm = var("SLURM_ARRAY_TASK_ID");
        let count_override = var(COUNT_VARIABLE)
            .map(|v| parse_env(COUNT_VARIABLE, &v))
            .transpose()?;
        let (position, count) = match (kubernetes, slurm) {
            (Some(k), Some(s)) => {
                return Err(ShardError::Ambiguous {
                    kubernetes: k,
                    slurm: s,
                })
            }
            (None, None) => return Err(ShardError::NoScheduler),
            (Some(k), None) => {
                let position = parse_env("JOB_COMPLETION_INDEX", &k)?;
                let count = count_override.ok_or(ShardError::Missing {
                    variable: COUNT_VARIABLE,
                    help: "Kubernetes does not export the number of completions, so set WFSIM_SHARD_COUNT to the Job's spec.completions",
                })?;
                (position, count)
            }
            (None, Some(s)) => {
                let id = parse_env("SLURM_ARRAY_TASK_ID", &s)?;
                let min = match var("SLURM_ARRAY_TASK_MIN") {
                    Some(v) => parse_env("SLURM_ARRAY_TASK_MIN", &v)?,
                    None => 0,
                };
                let step = match var("SLURM_ARRAY_TASK_STEP") {
                    Some(v) => parse_env("SLURM_ARRAY_TASK_STEP", &v)?.max(1),
                    None => 1,
                };
                let count = match count_override {
                    Some(n) => n,
                    None => match var("SLURM_ARRAY_TASK_COUNT") {
                        Some(v) => parse_env("SLURM_ARRAY_TASK_COUNT", &v)?,
                        None => {
                            return Err(ShardError::Missing {
                                variable: "SLURM_ARRAY_TASK_COUNT",
                                help: "this Slurm is too old to export it; set WFSIM_SHARD_COUNT to the number of array tasks",
                            })
                        }
                    },
                };
                let offset = id.checked_sub(min).ok_or_else(|| ShardError::Variable {
                    variable: "SLURM_ARRAY_TASK_ID",
                    value: s.clone(),
                    reason: format!("is below SLURM_ARRAY_TASK_MIN = {min}"),
                })?;
                if offset % step != 0 {
                    return Err(ShardError::Variable {
                        variable: "SLURM_ARRAY_TASK_ID",
                        value: s,
                        reason: format!(
                            "is not SLURM_ARRAY_TASK_MIN ({min}) plus a multiple of SLURM_ARRAY_TASK_STEP ({step}); submit a plain range such as --array=0-{}",
                            count.saturating_sub(1)
                        ),
                    });
                }
                (offset / step, count)
            }
        };
        Shard::new(position.saturating_add(1), count).map_err(|reason| ShardError::Variable {
            variable: "task index",
            value: position.to_string(),
            reason: format!(
                "(from 0) does not fit {count} shards: {reason}; submit the array as indices 0 to N-1 (Slurm --array=0-{}, Kubernetes completions: N) and set the count to match",
                count.saturating_sub(1)
            ),
        })
    }

    /// Whether this shard computes item `item` (counted from 0).
    pub fn owns(&self, item: u64) -> bool {
        item % u64::from(self.count) == u64::from(self.index - 1)
    }

    /// The items this shard computes out of `total`, in increasing order.
    pub fn items(&self, total: u32) -> impl Iterator<Item = u32> {
        let step = self.count as usize;
        (self.index - 1..total).step_by(step)
    }

    /// The name of the partial-result file this shard writes.
    pub fn file_name(&self) -> String {
        format!("partial-{}-of-{}.json", self.index, self.count)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl std::str::FromStr for Shard {
    type Err = ShardError;
    fn from_str(text: &str) -> Result<Shard, ShardError> {
        Shard::parse(text)
    }
}

fn parse_env(variable: &'static str, value: &str) -> Result<u32, ShardError> {
    value
        .trim()
        .parse::<u32>()
        .map_err(|_| ShardError::Variable {
            variable,
            value: value.to_string(),
            reason: "is not a whole number".into(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn parses_k_of_n_counted_from_one() {
        assert_eq!(Shard::parse("2/4"), Ok(Shard { index: 2, count: 4 }));
        assert_eq!(Shard::parse("1/1"), Ok(Shard::WHOLE));
    }

    #[test]
    fn rejects_bad_shards_with_the_reason() {
        for (text, reason) in [
            ("0/4", "shards count from 1"),
            ("5/4", "K = 5 is more than N = 4"),
            ("1/0", "N must be at least 1"),
            ("2", "expected K/N"),
            ("a/4", "K \"a\" is not a whole number"),
            ("1/-4", "N \"-4\" is not a whole number"),
            ("1/200000", "more than 100000 shards"),
        ] {
            let message = Shard::parse(text).unwrap_err().to_string();
            assert!(message.contains(reason), "{text}: {message}");
            assert!(message.contains("--shard 2/4"), "{text}: {message}");
        }
    }

    #[test]
    fn shards_partition_the_items_round_robin() {
        let total = 10;
        let mut seen = vec![0; total as usize];
        for index in 1..=3 {
            let shard = Shard { index, count: 3 };
            for item in shard.items(total) {
                assert!(shard.owns(u64::from(item)));
                seen[item as usize] += 1;
            }
        }
        assert_eq!(seen, vec![1; total as usize]);
        let second: Vec<u32> = Shard { index: 2, count: 3 }.items(total).collect();
        assert_eq!(second, vec![1, 4, 7]);
        assert_eq!(Shard { index: 5, count: 5 }.items(3).count(), 0);
    }

    #[test]
    fn kubernetes_index_counts_from_zero_and_needs_the_count() {
        let shard = Shard::from_env(env(&[
            ("JOB_COMPLETION_INDEX", "3"),
            ("WFSIM_SHARD_COUNT", "4"),
        ]));
        assert_eq!(shard, Ok(Shard { index: 4, count: 4 }));
        let missing = Shard::from_env(env(&[("JOB_COMPLETION_INDEX", "0")])).unwrap_err();
        assert!(
            missing.to_string().contains("WFSIM_SHARD_COUNT"),
            "{missing}"
        );
        let beyond = Shard::from_env(env(&[
            ("JOB_COMPLETION_INDEX", "4"),
            ("WFSIM_SHARD_COUNT", "4"),
        ]))
        .unwrap_err();
        assert!(
            beyond.to_string().contains("does not fit 4 shards"),
            "{beyond}"
        );
    }

    #[test]
    fn slurm_ranges_from_zero_from_one_and_with_steps_give_the_same_shards() {
        for (min, step, ids) in [
            (0, 1, [0, 1, 2, 3]),
            (1, 1, [1, 2, 3, 4]),
            (0, 2, [0, 2, 4, 6]),
        ] {
            for (k, id) in ids.iter().enumerate() {
                let shard = Shard::from_env(env(&[
                    ("SLURM_ARRAY_TASK_ID", &id.to_string()),
                    ("SLURM_ARRAY_TASK_MIN", &min.to_string()),
                    ("SLURM_ARRAY_TASK_STEP", &step.to_string()),
                    ("SLURM_ARRAY_TASK_COUNT", "4"),
                ]));
                assert_eq!(
                    shard,
                    Ok(Shard {
                        index: k as u32 + 1,
                        count: 4
                    })
                );
            }
        }
    }

    #[test]
    fn slurm_indices_off_the_range_are_refused() {
        let off_step = Shard::from_env(env(&[
            ("SLURM_ARRAY_TASK_ID", "3"),
            ("SLURM_ARRAY_TASK_MIN", "0"),
            ("SLURM_ARRAY_TASK_STEP", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ]))
        .unwrap_err();
        assert!(off_step.to_string().contains("--array=0-3"), "{off_step}");
        // A list such as --array=0,1,9 has a task beyond the count.
        let list = Shard::from_env(env(&[
            ("SLURM_ARRAY_TASK_ID", "9"),
            ("SLURM_ARRAY_TASK_MIN", "0"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
        ]))
        .unwrap_err();
        assert!(list.to_string().contains("does not fit 3 shards"), "{list}");
        let garbage = Shard::from_env(env(&[("SLURM_ARRAY_TASK_ID", "x")])).unwrap_err();
        assert!(
            garbage.to_string().contains("not a whole number"),
            "{garbage}"
        );
    }

    #[test]
    fn no_scheduler_or_two_schedulers_is_an_error() {
        assert_eq!(Shard::from_env(env(&[])), Err(ShardError::NoScheduler));
        let both = Shard::from_env(env(&[
            ("SLURM_ARRAY_TASK_ID", "1"),
            ("JOB_COMPLETION_INDEX", "1"),
        ]));
        assert!(matches!(both, Err(ShardError::Ambiguous { .. })));
    }

    #[test]
    fn the_count_variable_overrides_slurm() {
        let shard = Shard::from_env(env(&[
            ("SLURM_ARRAY_TASK_ID", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "8"),
            ("WFSIM_SHARD_COUNT", "2"),
        ]));
        assert_eq!(shard, Ok(Shard { index: 2, count: 2 }));
    }
}
