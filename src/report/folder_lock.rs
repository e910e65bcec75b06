//! An exclusive lock on an output folder, held while wfsim has temporaries in
//! it, so a temporary found while holding the lock is known to be orphaned.
//!
//! Why a lock and not process ids: a run killed mid-write (SIGKILL, or Ctrl-C,
//! which does not unwind) leaves its hidden temporaries, and the next write
//! must tell those from the temporaries of a run still writing. A process id
//! cannot: on a folder shared between machines it names a process on another
//! host, or a different process that reused it. The kernel releases an
//! `flock` when its holder dies however it dies, so "the lock was free" means
//! "no writer is alive". Where the file system cannot lock (some network
//! mounts), `acquire` says so and the caller leaves every temporary alone:
//! stale ones then stay hidden until a write that can lock.

use std::fs::File;
use std::path::Path;

/// Held until dropped (closing the folder releases the lock).
pub struct FolderLock {
    _folder: File,
}

impl FolderLock {
    /// Waits for the folder's lock (another wfsim writing there holds it for
    /// the moment it takes to write its files). `None` where locking is
    /// unsupported.
    pub fn acquire(folder: &Path) -> Option<FolderLock> {
        let folder = File::open(folder).ok()?;
        lock_exclusive(&folder).ok()?;
        Some(FolderLock { _folder: folder })
    }
}

#[cfg(unix)]
fn lock_exclusive(folder: &File) -> std::io::Result<()> {
    use rustix::fs::{flock, FlockOperation};
    loop {
        match flock(folder, FlockOperation::LockExclusive) {
            Err(rustix::io::Errno::INTR) => continue,
            result => return result.map_err(std::io::Error::from),
        }
    }
}

#[cfg(not(unix))]
fn lock_exclusive(_: &File) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use rustix::fs::{flock, FlockOperation};

    #[test]
    fn a_held_lock_excludes_others_until_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let held = FolderLock::acquire(dir.path()).expect("a local folder can be locked");
        // flock locks belong to the open file, so a second open is "another writer".
        let other = File::open(dir.path()).unwrap();
        assert!(flock(&other, FlockOperation::NonBlockingLockExclusive).is_err());
        drop(held);
        assert!(flock(&other, FlockOperation::NonBlockingLockExclusive).is_ok());
    }
}
