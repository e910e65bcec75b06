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
    fs::create_dir_all(dir).map_err(folder)?;
    let probe = dir.join(format!(".wfsim-probe-{}", std::process::id()));
    fs::File::create(&probe).map_err(folder)?;
    fs::remove_file(&probe).map_err(folder)?;
    Ok(())
}

/// Writes every file under a temporary name, then renames them all into place.
/// If any write fails, the temporaries are removed and no target is touched.
pub fn write_atomically(dir: &Path, files: &[(&str, Vec<u8>)]) -> Result<(), WriteError> {
    check_writable(dir)?;
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::new();
    for (name, bytes) in files {
        // A name may hold a subfolder (`plots/csat.png`); its temporary sits
        // beside the target so the rename stays within one folder.
        let target = dir.join(name);
        let file_name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temporary = target.with_file_name(format!(".{file_name}.tmp-{}", std::process::id()));
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
    Ok(())
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
}
