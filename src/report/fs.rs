//! Every file operation of the reports, with the path attached to its error.

use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use super::folder_lock::FolderLock;

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
    // An unnamed file where the system offers one: nothing to clean up, even
    // if the process is killed here.
    tempfile::tempfile_in(dir).map_err(folder)?;
    Ok(())
}

/// How the name of every wfsim temporary ends, after a leading dot, the
/// target's name and a random part: `.weekly.csv.Xa3k9Q.wfsim-tmp`. The dot
/// keeps it out of listings and globs such as `*.csv`; the ending marks it as
/// wfsim's own.
const TEMPORARY_SUFFIX: &str = ".wfsim-tmp";

/// Writes every file under a temporary name, then renames them all into place.
/// If any write fails, the temporaries are removed (on drop) and no target is
/// touched. Each target is therefore always either its previous complete
/// content or the new complete content. A run killed in the middle leaves at
/// most hidden temporaries; the next write into the folder removes them, and
/// knows they are orphaned because every writer holds the folder's lock while
/// its temporaries exist (see `folder_lock`).
pub fn write_atomically(dir: &Path, files: &[(&str, Vec<u8>)]) -> Result<(), WriteError> {
    check_writable(dir)?;
    // A name may hold a subfolder (`plots/csat.png`); its temporary sits
    // beside the target so the rename stays within one folder. Every folder
    // written to is locked, in one order (sorted, so parents first) to rule
    // out two writers each waiting for the other.
    let targets: Vec<PathBuf> = files.iter().map(|(name, _)| dir.join(name)).collect();
    let folders: BTreeSet<PathBuf> = targets
        .iter()
        .map(|t| t.parent().map_or(dir.to_path_buf(), Path::to_path_buf))
        .collect();
    let mut locks = Vec::new();
    for folder in &folders {
        fs::create_dir_all(folder).map_err(|source| WriteError::Folder {
            path: folder.clone(),
            source,
        })?;
        if let Some(lock) = FolderLock::acquire(folder) {
            remove_orphaned_temporaries(folder);
            locks.push(lock);
        }
    }
    let mut written = Vec::with_capacity(files.len());
    for (target, (_, bytes)) in targets.iter().zip(files) {
        let file_error = |source| WriteError::File {
            path: target.clone(),
            source,
        };
        let mut temporary = create_temporary(target).map_err(file_error)?;
        temporary
            .write_all(bytes)
            .and_then(|_| temporary.as_file().sync_all())
            .map_err(file_error)?;
        written.push((temporary, target));
    }
    for (temporary, target) in written {
        temporary.persist(target).map_err(|e| WriteError::File {
            path: target.clone(),
            source: e.error,
        })?;
    }
    // Make the renames themselves durable; not every platform can open a
    // folder, and the files are complete either way.
    if let Ok(folder) = fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    drop(locks);
    Ok(())
}

/// A hidden temporary beside `target`, created as `fs::File::create` would
/// (read-write for all, less the umask) so the renamed output is readable by
/// those it always was, not only by its owner.
fn create_temporary(target: &Path) -> std::io::Result<NamedTempFile> {
    let folder = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMPORARY_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(folder)
}

/// Removes wfsim temporaries left in `folder` by runs killed mid-write. Called
/// only with the folder's lock held, when no live writer can have any there.
fn remove_orphaned_temporaries(folder: &Path) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') && name.ends_with(TEMPORARY_SUFFIX) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_all_files_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        write_atomically(
            &out,
            &[
                ("a.txt", b"one".to_vec()),
                ("b.txt", b"two".to_vec()),
                ("plots/c.txt", b"three".to_vec()),
            ],
        )
        .unwrap();
        assert_eq!(fs::read(out.join("a.txt")).unwrap(), b"one");
        assert_eq!(fs::read(out.join("plots/c.txt")).unwrap(), b"three");
        assert_eq!(names(&out), ["a.txt", "b.txt", "plots"]);
        assert_eq!(names(&out.join("plots")), ["c.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn outputs_are_created_with_the_permissions_of_a_plain_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        fs::File::create(dir.path().join("plain")).unwrap();
        write_atomically(dir.path(), &[("a.txt", b"one".to_vec())]).unwrap();
        let mode = |name: &str| {
            fs::metadata(dir.path().join(name))
                .unwrap()
                .permissions()
                .mode()
        };
        assert_eq!(mode("a.txt"), mode("plain"));
    }

    #[test]
    fn orphaned_temporaries_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path();
        fs::create_dir_all(dir.join("plots")).unwrap();
        let keep = [
            "notes.txt",
            ".hidden",
            "visible.wfsim-tmp",
            // An earlier wfsim's temporary: its format is not ours to judge.
            ".a.txt.tmp-12",
        ];
        let orphaned = [
            ".a.txt.Xa3k9Q.wfsim-tmp",
            ".other.csv.b7Yy2z.wfsim-tmp",
            "plots/.c.png.Qq0aZ1.wfsim-tmp",
        ];
        for name in keep.iter().chain(&orphaned) {
            fs::write(dir.join(name), "x").unwrap();
        }
        write_atomically(
            dir,
            &[("a.txt", b"new".to_vec()), ("plots/c.png", b"p".to_vec())],
        )
        .unwrap();
        let mut expected: Vec<&str> = keep.to_vec();
        expected.extend(["a.txt", "plots"]);
        expected.sort();
        assert_eq!(names(dir), expected);
        assert_eq!(names(&dir.join("plots")), ["c.png"]);
    }

    #[test]
    fn a_file_named_as_the_output_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out");
        fs::write(&path, "x").unwrap();
        let error = check_writable(&path).unwrap_err().to_string();
        assert!(error.contains("it is a file, not a folder"), "{error}");
    }
}
