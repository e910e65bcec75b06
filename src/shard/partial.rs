//! The partial-result file a shard writes: a header saying which run it
//! belongs to, the run's input (so `wfsim merge` needs nothing else), and the
//! shard's work items, each with its index.
//!
//! The format is JSON (serde_json with `float_roundtrip`, so every `f64` reads
//! back bit for bit, which byte-identical merged outputs need). Results are
//! serialised by their own `Serialize` derive, so a field added to a result
//! type travels without touching this module. Non-finite floats do not survive
//! JSON (NaN is written as `null`), so results must hold only finite numbers;
//! `Partial::to_bytes` checks the file reads back before it is written.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::Shard;

/// The `format` field of every partial file.
pub const PARTIAL_FORMAT: &str = "wfsim-partial";
/// Bumped whenever the layout of the header changes.
pub const PARTIAL_FORMAT_VERSION: u32 = 1;

/// One shard's share of a run.
///
/// `I` is the command's input (for `run`: the scenario text and command-line
/// overrides); `T` is one work item's result (for `run`: a replication).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Partial<I, T> {
    pub header: PartialHeader,
    pub input: I,
    pub items: Vec<Item<T>>,
}

/// What identifies a partial file, readable without knowing its command's
/// types (see `read_header`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartialHeader {
    pub format: String,
    pub format_version: u32,
    /// The wfsim version that computed the items; merging needs the same one.
    pub wfsim_version: String,
    /// The command whose outputs the items rebuild (`run`, `sweep`, ...).
    pub command: String,
    /// `identity()` of the command and its input: equal for shards of the same run.
    pub identity: String,
    pub shard: Shard,
    /// Work items in the whole run (for `run`: replications).
    pub total_items: u32,
}

/// One work item's result and its index in the whole run (from 0).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Item<T> {
    pub index: u32,
    pub result: T,
}

impl<I: Serialize + DeserializeOwned, T: Serialize + DeserializeOwned> Partial<I, T> {
    /// A partial of this wfsim version and format.
    pub fn new(
        command: &str,
        identity: String,
        shard: Shard,
        total_items: u32,
        input: I,
        items: Vec<Item<T>>,
    ) -> Self {
        Partial {
            header: PartialHeader {
                format: PARTIAL_FORMAT.to_string(),
                format_version: PARTIAL_FORMAT_VERSION,
                wfsim_version: env!("CARGO_PKG_VERSION").to_string(),
                command: command.to_string(),
                identity,
                shard,
                total_items,
            },
            input,
            items,
        }
    }

    /// The file's bytes: compact JSON and a newline. Fails (a defect in wfsim,
    /// not bad input) if a result does not read back, e.g. because it holds a
    /// NaN, so a shard never leaves a file that `wfsim merge` would refuse.
    pub fn to_bytes(&self) -> Result<Vec<u8>, String> {
        let mut bytes = serde_json::to_vec(self).map_err(|e| e.to_string())?;
        if let Err(e) = serde_json::from_slice::<Partial<I, T>>(&bytes) {
            return Err(format!(
                "the partial result does not read back ({e}); a result holds a value JSON cannot carry (NaN or infinity)"
            ));
        }
        bytes.push(b'\n');
        Ok(bytes)
    }
}

/// Reads only the header of a partial file's bytes (`input` and `items` are
/// skipped), to learn which command's types to read the rest with.
pub fn read_header(bytes: &[u8]) -> Result<PartialHeader, serde_json::Error> {
    #[derive(Deserialize)]
    struct HeaderOnly {
        header: PartialHeader,
    }
    serde_json::from_slice::<HeaderOnly>(bytes).map(|h| h.header)
}

/// A short fingerprint of a command and its input, `fnv1a64:` and 16 hex
/// digits. Each part is length-prefixed so `["ab", "c"]` and `["a", "bc"]`
/// differ. It guards against merging shards of different runs by accident
/// (another scenario file, seed or replication count), not against forgery.
pub fn identity(parts: &[&[u8]]) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(PRIME);
        }
    };
    for part in parts {
        feed(&(part.len() as u64).to_le_bytes());
        feed(part);
    }
    format!("fnv1a64:{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_depends_on_every_part_and_on_where_parts_split() {
        let a = identity(&[b"run", b"text", b"{}"]);
        assert_eq!(a, identity(&[b"run", b"text", b"{}"]));
        assert_ne!(a, identity(&[b"run", b"text ", b"{}"]));
        assert_ne!(a, identity(&[b"run", b"tex", b"t{}"]));
        assert!(a.starts_with("fnv1a64:") && a.len() == 8 + 16, "{a}");
    }

    #[test]
    fn floats_read_back_bit_for_bit() {
        // Awkward values, then many pseudo-random finite ones of every magnitude:
        // a parser that is off by one unit in the last place fails here.
        let mut values: Vec<f64> = vec![
            0.1,
            1.0 / 3.0,
            2.0f64.sqrt() * 1e300,
            5e-324,
            -0.0,
            123_456_789.123_456_78,
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        while values.len() < 20_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let v = f64::from_bits(state);
            if v.is_finite() {
                values.push(v);
            }
        }
        let partial = Partial::new(
            "test",
            identity(&[]),
            Shard::WHOLE,
            1,
            (),
            vec![Item {
                index: 0,
                result: values.clone(),
            }],
        );
        let bytes = partial.to_bytes().unwrap();
        let back: Partial<(), Vec<f64>> = serde_json::from_slice(&bytes).unwrap();
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&back.items[0].result), bits(&values));
        assert_eq!(back.header, partial.header);
    }

    #[test]
    fn a_nan_is_refused_when_writing_not_when_merging() {
        let partial = Partial::new(
            "test",
            identity(&[]),
            Shard::WHOLE,
            1,
            (),
            vec![Item {
                index: 0,
                result: f64::NAN,
            }],
        );
        let message = partial.to_bytes().unwrap_err();
        assert!(message.contains("NaN"), "{message}");
    }
}
