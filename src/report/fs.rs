//! Every file operation of the reports, with the path attached to its error.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write to output folder {path}: {source}")]
    Folder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot render {what}: {message}")]
    Render { what: &'static str, message: String },
}

impl WriteError {
    /// Whether the user can fix it (a folder they named) rather than a defect.
    pub fn is_input(&self) -> bool {
        !matches!(self, WriteError::Render { .. })
    }
}

/// Creates the folder if needed and proves a file can be created in it, so an
/// unwritable folder is reported before the simulation, not after it.
pub fn check_writable(dir: &Path) -> Result<(), WriteError> {
    let folder = |source| WriteError::Folder {
        path: dir.to_path_buf(),
        source,
    };
    if dir.exists() && !dir.is_dir() {
        return Err(folder(std::io::Error::other(
            "it is a file, not a folder; name a folder with --out",
        )));
    }
    fs::create_dir_all(dir).map_err(folder)?;
    let probe = dir.join(format!("{PROBE_PREFIX}{}", std::process::id()));
    fs::File::create(&probe).map_err(folder)?;
    fs::remove_file(&probe).map_err(folder)?;
    Ok(())
}

const PROBE_PREFIX: &str = ".wfsim-probe-";

/// The hidden name a file is written under before it is renamed into place.
/// The leading dot keeps it out of listings and globs such as `*.csv`, and
/// the process id tells whose it is.
fn temporary_name(name: &str, pid: u32) -> String {
    format!(".{name}.tmp-{pid}")
}

/// Writes every file under a temporary name, then renames them all into place.
/// If any write fails, the temporaries are removed and no target is touched.
/// Each target is therefore always either its previous complete content or
/// the new complete content; a run killed in the middle leaves at most hidden
/// temporaries, which the next write into the folder removes.
pub fn write_atomically(dir: &Path, files: &[(&str, Vec<u8>)]) -> Result<(), WriteError> {
    check_writable(dir)?;
    // Temporaries sit beside their targets, so look in every folder written to.
    let mut folders: Vec<(PathBuf, Vec<String>)> = Vec::new();
    for (name, _) in files {
        let target = dir.join(name);
        let folder = target.parent().map_or(dir.to_path_buf(), Path::to_path_buf);
        let file_name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match folders.iter_mut().find(|(f, _)| *f == folder) {
            Some((_, names)) => names.push(file_name),
            None => folders.push((folder, vec![file_name])),
        }
    }
    for (folder, names) in &folders {
        remove_stale_temporaries(folder, names.iter().map(String::as_str));
    }
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::new();
    for (name, bytes) in files {
        // A name may hold a subfolder (`plots/csat.png`); its temporary sits
        // beside the target so the rename stays within one folder.
        let target = dir.join(name);
        let file_name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temporary = target.with_file_name(temporary_name(&file_name, std::process::id()));
        let result = target
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|_| fs::File::create(&temporary))
            .and_then(|mut f| f.write_all(bytes).and_then(|_| f.sync_all()));
        if let Err(source) = result {
            let _ = fs::remove_file(&temporary);
            for (tmp, _) in &written {
                let _ = fs::remove_file(tmp);
            }
            return Err(WriteError::File {
                path: target,
                source,
            });
        }
        written.push((temporary, target));
    }
    for (temporary, target) in &written {
        fs::rename(temporary, target).map_err(|source| WriteError::File {
            path: target.clone(),
            source,
        })?;
    }
    // Make the renames themselves durable; not every platform can open a
    // folder, and the files are complete either way.
    if let Ok(folder) = fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// Removes temporaries (and write probes) left in `dir` by wfsim processes
/// that were killed mid-write. Only names wfsim itself would have made for
/// these outputs are touched, and never those of a process still running.
fn remove_stale_temporaries<'a>(dir: &Path, names: impl Iterator<Item = &'a str>) {
    let names: Vec<&str> = names.collect();
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let pid = file_name.strip_prefix(PROBE_PREFIX).or_else(|| {
            names.iter().find_map(|name| {
                file_name
                    .strip_prefix('.')
                    .and_then(|rest| rest.strip_prefix(*name))
                    .and_then(|rest| rest.strip_prefix(".tmp-"))
            })
        });
        let Some(Ok(pid)) = pid.map(str::parse::<u32>) else {
            continue;
        };
        if pid != std::process::id() && !process_running(pid, &entry.path()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether the process that wrote `path` may still be writing. Where `/proc`
/// exists it answers directly; elsewhere a temporary untouched for an hour is
/// taken as abandoned (writing the outputs takes well under a second).
fn process_running(pid: u32, path: &Path) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return proc.join(pid.to_string()).exists();
    }
    fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .map_or(true, |age| age.as_secs() < 3600)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_all_files_and_leaves_no_temporaries() {
        let dir = std::env::temp_dir().join(format!("wfsim-fs-test-{}", std::process::id()));
        write_atomically(
            &dir,
            &[("a.txt", b"one".to_vec()), ("b.txt", b"two".to_vec())],
        )
        .unwrap();
        assert_eq!(fs::read(dir.join("a.txt")).unwrap(), b"one");
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn stale_temporaries_of_dead_processes_are_removed_and_nothing_else() {
        let dir = std::env::temp_dir().join(format!("wfsim-fs-stale-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        // A pid above the kernel's limit (2^22) never runs.
        let dead = 4_194_304 + 17;
        let alive = std::os::unix::process::parent_id();
        let keep = [
            "notes.txt".to_string(),
            temporary_name("a.txt", alive),
            ".a.txt.tmp-notanumber".to_string(),
            ".other.csv.tmp-12".to_string(),
        ];
        let stale = [
            temporary_name("a.txt", dead),
            format!("{PROBE_PREFIX}{dead}"),
        ];
        for name in keep.iter().chain(&stale) {
            fs::write(dir.join(name), "x").unwrap();
        }
        write_atomically(&dir, &[("a.txt", b"new".to_vec())]).unwrap();
        let mut names: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        let mut expected: Vec<String> = keep.to_vec();
        expected.push("a.txt".into());
        expected.sort();
        assert_eq!(names, expected);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_named_as_the_output_folder_is_refused() {
        let path = std::env::temp_dir().join(format!("wfsim-fs-file-{}", std::process::id()));
        fs::write(&path, "x").unwrap();
        let error = check_writable(&path).unwrap_err().to_string();
        assert!(error.contains("it is a file, not a folder"), "{error}");
        fs::remove_file(&path).unwrap();
    }
}
