//! Finding, checking and combining the partial files of a sharded run.
//!
//! Merging refuses anything that would not rebuild exactly the single-machine
//! result: files of another run, format or wfsim version; a shard missing or
//! given twice; a work item missing, repeated or in the wrong shard. Every
//! refusal is bad input (exit code 2) naming the files and what to do.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::partial::{read_header, Partial, PartialHeader, PARTIAL_FORMAT, PARTIAL_FORMAT_VERSION};
use super::{Shard, MAX_SHARDS};

/// A partial file read from disk, its header checked.
#[derive(Debug)]
pub struct PartialFile {
    pub path: PathBuf,
    pub header: PartialHeader,
    bytes: Vec<u8>,
}

/// Every item of a run, in index order, and the run's input.
#[derive(Debug)]
pub struct Merged<I, T> {
    pub header: PartialHeader,
    pub input: I,
    /// `items[i]` is item `i`.
    pub items: Vec<T>,
    pub files: Vec<PathBuf>,
}

impl<I, T> Merged<I, T> {
    /// The first partial file read, named in messages about the whole set.
    pub fn first_file(&self) -> &Path {
        self.files.first().map_or(Path::new(""), PathBuf::as_path)
    }
}

/// Why partial files cannot be merged. Every variant is bad input.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("no partial-*.json file in {dir}; name the folder the shards wrote to (their --out)")]
    NoPartials { dir: PathBuf },
    #[error("{path} is not a wfsim partial result: {reason}")]
    NotPartial { path: PathBuf, reason: String },
    #[error("{path} was written by {theirs}, but this is {ours}; merge with the wfsim that ran the shards, or run the shard again")]
    Version {
        path: PathBuf,
        theirs: String,
        ours: String,
    },
    #[error("{first} and {second} are not shards of the same run: {what} differs ({a} vs {b}); merge only the partials of one run (same scenario file, --seed, --replications, --set grid of a sweep, number of shards)")]
    Incompatible {
        first: PathBuf,
        second: PathBuf,
        what: &'static str,
        a: String,
        b: String,
    },
    #[error("shard {shard} appears twice: {first} and {second}; keep one of them")]
    Duplicate {
        shard: String,
        first: PathBuf,
        second: PathBuf,
    },
    #[error("{} of {count} shards missing: {}; run {} with the same command line and merge again", missing.len(), list(missing, *count), if missing.len() == 1 { "it" } else { "them" })]
    Missing { missing: Vec<u32>, count: u32 },
    #[error("the partials hold {found} items where the run has {total} (first suspect: {path}, shard {shard}); run that shard again")]
    BadCount {
        path: PathBuf,
        shard: String,
        found: usize,
        total: usize,
    },
    #[error("{path}: item {index} {problem}; run that shard again")]
    BadItem {
        path: PathBuf,
        index: u32,
        problem: String,
    },
}

/// `2/4 (partial-2-of-4.json), ...`, at most ten of them.
fn list(missing: &[u32], count: u32) -> String {
    const SHOWN: usize = 10;
    let mut shown: Vec<String> = missing
        .iter()
        .take(SHOWN)
        .map(|k| format!("--shard {k}/{count} (partial-{k}-of-{count}.json)"))
        .collect();
    if missing.len() > SHOWN {
        shown.push(format!("and {} more", missing.len() - SHOWN));
    }
    shown.join(", ")
}

/// The partial files named by `paths`: a folder stands for every
/// `partial-*.json` in it (not its subfolders), a file for itself. The same
/// file named twice counts once.
pub fn find_partials(paths: &[PathBuf]) -> Result<Vec<PathBuf>, MergeError> {
    let mut found: Vec<PathBuf> = Vec::new();
    for path in paths {
        let metadata = std::fs::metadata(path).map_err(|source| MergeError::Read {
            path: path.clone(),
            source,
        })?;
        if metadata.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|source| MergeError::Read {
                path: path.clone(),
                source,
            })?;
            let mut in_dir = Vec::new();
            for entry in entries {
                let entry = entry.map_err(|source| MergeError::Read {
                    path: path.clone(),
                    source,
                })?;
                let name = entry.file_name();
                let name = name.to_string_lossy();
                if name.starts_with("partial-") && name.ends_with(".json") {
                    in_dir.push(entry.path());
                }
            }
            if in_dir.is_empty() {
                return Err(MergeError::NoPartials { dir: path.clone() });
            }
            in_dir.sort();
            found.extend(in_dir);
        } else {
            found.push(path.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    found.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    Ok(found)
}

/// Reads the partial files, checks their headers agree and that every shard
/// of the run is there exactly once. The files come back in shard order.
pub fn read_partials(paths: &[PathBuf]) -> Result<Vec<PartialFile>, MergeError> {
    let mut files = Vec::new();
    for path in find_partials(paths)? {
        files.push(read_one(&path)?);
    }
    let Some(first) = files.first() else {
        return Err(MergeError::NoPartials {
            dir: paths.first().cloned().unwrap_or_default(),
        });
    };
    for other in &files[1..] {
        check_compatible(first, other)?;
    }
    let count = first.header.shard.count;
    let mut by_shard: BTreeMap<u32, PartialFile> = BTreeMap::new();
    for file in files {
        let index = file.header.shard.index;
        if let Some(previous) = by_shard.get(&index) {
            return Err(MergeError::Duplicate {
                shard: file.header.shard.to_string(),
                first: previous.path.clone(),
                second: file.path,
            });
        }
        by_shard.insert(index, file);
    }
    let missing: Vec<u32> = (1..=count).filter(|k| !by_shard.contains_key(k)).collect();
    if !missing.is_empty() {
        return Err(MergeError::Missing { missing, count });
    }
    Ok(by_shard.into_values().collect())
}

fn read_one(path: &Path) -> Result<PartialFile, MergeError> {
    let bytes = std::fs::read(path).map_err(|source| MergeError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let not_partial = |reason: String| MergeError::NotPartial {
        path: path.to_path_buf(),
        reason,
    };
    let header = read_header(&bytes).map_err(|e| not_partial(e.to_string()))?;
    if header.format != PARTIAL_FORMAT {
        return Err(not_partial(format!(
            "its format is {:?}, not {PARTIAL_FORMAT:?}",
            header.format
        )));
    }
    if header.format_version != PARTIAL_FORMAT_VERSION {
        return Err(MergeError::Version {
            path: path.to_path_buf(),
            theirs: format!("partial format {}", header.format_version),
            ours: format!("partial format {PARTIAL_FORMAT_VERSION}"),
        });
    }
    let ours = env!("CARGO_PKG_VERSION");
    if header.wfsim_version != ours {
        return Err(MergeError::Version {
            path: path.to_path_buf(),
            theirs: format!("wfsim {}", header.wfsim_version),
            ours: format!("wfsim {ours}"),
        });
    }
    if Shard::new(header.shard.index, header.shard.count).is_err() {
        return Err(not_partial(format!(
            "its shard {} is not K/N with 1 <= K <= N <= {MAX_SHARDS}",
            header.shard
        )));
    }
    Ok(PartialFile {
        path: path.to_path_buf(),
        header,
        bytes,
    })
}

fn check_compatible(first: &PartialFile, other: &PartialFile) -> Result<(), MergeError> {
    let (a, b) = (&first.header, &other.header);
    let differs = |what: &'static str, x: String, y: String| MergeError::Incompatible {
        first: first.path.clone(),
        second: other.path.clone(),
        what,
        a: x,
        b: y,
    };
    if a.command != b.command {
        return Err(differs("command", a.command.clone(), b.command.clone()));
    }
    if a.identity != b.identity {
        return Err(differs(
            "input (scenario file, overrides or sweep grid)",
            a.identity.clone(),
            b.identity.clone(),
        ));
    }
    if a.shard.count != b.shard.count {
        return Err(differs(
            "number of shards",
            a.shard.count.to_string(),
            b.shard.count.to_string(),
        ));
    }
    if a.total_items != b.total_items {
        return Err(differs(
            "number of work items",
            a.total_items.to_string(),
            b.total_items.to_string(),
        ));
    }
    Ok(())
}

/// Reads every file's items as `T` and puts them in index order, checking each
/// item of the run is there exactly once and in the shard that owns it.
/// `files` must come from `read_partials` (checked, complete, in shard order).
pub fn collect<I: DeserializeOwned, T: DeserializeOwned>(
    files: Vec<PartialFile>,
) -> Result<Merged<I, T>, MergeError> {
    let Some(first) = files.first() else {
        return Err(MergeError::NoPartials {
            dir: PathBuf::new(),
        });
    };
    let header = first.header.clone();
    let mut partials = Vec::with_capacity(files.len());
    let mut count = 0usize;
    for file in files {
        let partial: Partial<I, T> =
            serde_json::from_slice(&file.bytes).map_err(|e| MergeError::NotPartial {
                path: file.path.clone(),
                reason: e.to_string(),
            })?;
        count += partial.items.len();
        partials.push((file.path, file.header.shard, partial));
    }
    // Checked before anything is sized by the header's count, which an edited
    // file could set to anything.
    let total = header.total_items as usize;
    if count != total {
        let (path, shard, _) = partials
            .iter()
            .find(|(_, shard, p)| p.items.len() != shard.items(header.total_items).count())
            .unwrap_or(&partials[0]);
        return Err(MergeError::BadCount {
            path: path.clone(),
            shard: shard.to_string(),
            found: count,
            total,
        });
    }
    let mut slots: Vec<Option<T>> = (0..total).map(|_| None).collect();
    let mut input = None;
    let mut paths = Vec::with_capacity(partials.len());
    for (path, shard, partial) in partials {
        let bad = |index: u32, problem: String| MergeError::BadItem {
            path: path.clone(),
            index,
            problem,
        };
        let mut owned = shard.items(header.total_items);
        for item in partial.items {
            let index = item.index;
            if index as usize >= total {
                return Err(bad(index, format!("is beyond the run's {total} items")));
            }
            if !shard.owns(u64::from(index)) {
                return Err(bad(index, format!("does not belong to shard {shard}")));
            }
            if slots[index as usize].is_some() {
                return Err(bad(index, "appears twice".into()));
            }
            slots[index as usize] = Some(item.result);
        }
        if let Some(missing) = owned.find(|&i| slots[i as usize].is_none()) {
            return Err(bad(missing, format!("of shard {shard} is missing")));
        }
        input.get_or_insert(partial.input);
        paths.push(path);
    }
    let items = slots.into_iter().flatten().collect::<Vec<T>>();
    debug_assert_eq!(items.len(), total, "every shard's items were checked");
    let input = input.ok_or(MergeError::NoPartials {
        dir: PathBuf::new(),
    })?;
    Ok(Merged {
        header,
        input,
        items,
        files: paths,
    })
}
