//! Serde for a replication's weekly counters (`Vec<[f64; COUNTERS]>`) as a
//! list of lists, whatever `COUNTERS` is (serde's own array impls stop at 32),
//! refusing a week with the wrong number of counters: a partial file written
//! by a wfsim that counts other things.

use serde::de::Error;
use serde::{Deserialize, Deserializer, Serializer};

#[allow(clippy::ptr_arg)] // serde's `with` passes `&Vec<_>`
pub fn serialize<S: Serializer, const N: usize>(
    weeks: &Vec<[f64; N]>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(weeks.iter().map(|week| week.as_slice()))
}

pub fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
    deserializer: D,
) -> Result<Vec<[f64; N]>, D::Error> {
    let weeks = Vec::<Vec<f64>>::deserialize(deserializer)?;
    weeks
        .into_iter()
        .enumerate()
        .map(|(week, counters)| {
            <[f64; N]>::try_from(counters).map_err(|counters| {
                D::Error::custom(format!(
                    "week {week} has {} counters where this wfsim has {N}; merge with the wfsim that ran the shards",
                    counters.len()
                ))
            })
        })
        .collect()
}
