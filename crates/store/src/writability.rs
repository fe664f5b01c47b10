//! Whether the store can be written right now, known without waiting for a write to fail.
//!
//! Two findings, kept in atomics every clone of a [`crate::Store`] shares:
//! - *files*: SQLite must be able to write its database file, the `-wal` and `-shm` files beside
//!   it and their folder. It maps `-shm` into memory, so a `-shm` that cannot be written (made
//!   immutable, or on a file system remounted read-only) turns the next database access into a
//!   SIGBUS that kills the process, reads included. So the store refuses to open when a file
//!   cannot be written, and refuses every database access while `-shm` cannot be (checked at
//!   each connection checkout): the process keeps serving what it holds in memory and answers
//!   the rest with 503 instead of crashing. A file that goes read-only between that check and
//!   SQLite's next touch of it can still crash the process; the orchestrator restarts it and the
//!   check at opening then says why it cannot start.
//! - *commits*: the last write transaction or heartbeat committed, or the disk or the server
//!   refused it ([`StoreError::NotWritable`]). A full disk shows only this way: files stay
//!   writable, but a commit that needs more space fails. The readiness check commits a
//!   heartbeat every second, so the finding returns to writable by itself once space does.
//!
//! The files are asked with `access(2)`, never opened: closing a descriptor of our own on a file
//! SQLite has open would release the POSIX locks SQLite holds on it. `access` as root ignores
//! permission bits but not the immutable flag or a read-only mount.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rustix::fs::Access;

use crate::error::StoreError;

/// What the store last found about writing.
#[derive(Debug)]
pub(crate) struct Writability {
    /// SQLite's files can be written (always true for PostgreSQL).
    files: AtomicBool,
    /// The last write or heartbeat committed (false after one the disk or the server refused).
    commits: AtomicBool,
}

impl Default for Writability {
    fn default() -> Writability {
        Writability { files: AtomicBool::new(true), commits: AtomicBool::new(true) }
    }
}

impl Writability {
    /// True when both findings say the store can be written.
    pub(crate) fn writable(&self) -> bool {
        self.files.load(Ordering::Relaxed) && self.commits.load(Ordering::Relaxed)
    }

    /// Records whether the files can be written.
    pub(crate) fn set_files(&self, writable: bool) {
        self.files.store(writable, Ordering::Relaxed);
    }

    /// Records a write's outcome: a commit says writable, a refusal by the disk or the server
    /// says not; other failures (busy, unreachable) say nothing about writing.
    pub(crate) fn record<T>(&self, outcome: &Result<T, StoreError>) {
        match outcome {
            Ok(_) => self.commits.store(true, Ordering::Relaxed),
            Err(StoreError::NotWritable(_)) => self.commits.store(false, Ordering::Relaxed),
            Err(_) => {}
        }
    }
}

/// The files of the SQLite database at `path`: the database, its `-wal` and `-shm`.
fn sqlite_files(path: &Path) -> [PathBuf; 3] {
    let with = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    [path.to_path_buf(), with("-wal"), with("-shm")]
}

/// The folder SQLite creates `-wal` and `-shm` in.
fn folder(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// `Err` naming the first of the database's files (or their folder) that cannot be written;
/// files that do not exist yet are fine (SQLite creates them in the folder).
pub(crate) fn check_sqlite_files(path: &Path) -> Result<(), StoreError> {
    let [database, wal, shm] = sqlite_files(path);
    for file in [database.as_path(), wal.as_path(), shm.as_path(), folder(path)] {
        match rustix::fs::access(file, Access::WRITE_OK) {
            Ok(()) => {}
            Err(rustix::io::Errno::NOENT) if file != folder(path) => {}
            Err(e) => {
                return Err(StoreError::NotWritable(format!(
                    "{} cannot be written ({e}). SQLite writes the database file, its -wal and -shm \
                     files and their folder, and maps -shm into memory: one it cannot write would crash \
                     the process. Make them writable by this user (permissions, the immutable flag that \
                     lsattr shows, a read-only mount)",
                    file.display()
                )));
            }
        }
    }
    Ok(())
}

/// `Err` when the `-shm` file of the database at `path` exists and cannot be written: touching
/// the database now could crash the process (see the module docs).
pub(crate) fn check_shared_memory(path: &Path) -> Result<(), StoreError> {
    let [_, _, shm] = sqlite_files(path);
    match rustix::fs::access(&shm, Access::WRITE_OK) {
        Ok(()) | Err(rustix::io::Errno::NOENT) => Ok(()),
        Err(e) => Err(StoreError::NotWritable(format!(
            "{} cannot be written ({e}): no database access until it can (SQLite maps it into memory)",
            shm.display()
        ))),
    }
}

/// Replaces the heartbeat row in one statement of its own (committed on its own, outside the
/// writers' lock: it is not in the change log, and must not wait behind a long import on
/// PostgreSQL).
pub(crate) const HEARTBEAT: &str = "INSERT INTO store_heartbeat (id, beat_at) VALUES (1, CURRENT_TIMESTAMP) \
     ON CONFLICT (id) DO UPDATE SET beat_at = excluded.beat_at";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_names_its_three_files() {
        let [db, wal, shm] = sqlite_files(Path::new("data/rd.db"));
        assert_eq!((db, wal, shm), ("data/rd.db".into(), "data/rd.db-wal".into(), "data/rd.db-shm".into()));
        assert_eq!(folder(Path::new("rd.db")), Path::new("."));
    }

    #[test]
    fn missing_files_are_fine_and_a_missing_folder_is_not() {
        let dir = tempfile::tempdir().unwrap();
        assert!(check_sqlite_files(&dir.path().join("new.db")).is_ok());
        assert!(check_shared_memory(&dir.path().join("new.db")).is_ok());
        let err = check_sqlite_files(&dir.path().join("no/such/folder/new.db")).unwrap_err();
        assert!(matches!(&err, StoreError::NotWritable(m) if m.contains("folder")), "{err:?}");
    }
}
