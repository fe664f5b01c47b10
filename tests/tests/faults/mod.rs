//! The fault suite, in one place: what the service promises when things go wrong, each on both
//! backends where it applies, run by `.ci/run` as its own step
//! (`cargo test -p recovery-e2e --test e2e faults::`).
//!
//! | fault | promise | file |
//! |---|---|---|
//! | `kill -9` of a server under writes | no acknowledged write lost; each has its change-log entry, in order | `kill.rs` |
//! | `kill -9` of an import | the old state or the new, never a mix | `killed_import.rs` |
//! | PostgreSQL stopped, then started again | `/readyz` answers at once (503 while down), writes and sign-in fail promptly with 503, reads go on, all recovers without a restart | `outage.rs` |
//! | PostgreSQL restarted under write load | every write answers 201 or 503 (never 500), none acknowledged is lost | `outage.rs` |
//! | SIGTERM | the request in flight is answered, readiness fails first, clean exit | `sigterm.rs` |
//! | a full disk, an unwritable `-wal` or `-shm` (SQLite) | reads go on, writes answer 503 saying so, `/readyz` and `/metrics` say `writable` false, recovery by itself; an unwritable file at start is refused with a clear message, never a SIGBUS | `sqlite_store.rs` |
//! | two `serve --demo` at once on one empty database | the demo data loaded once | `demo_twice.rs` |
//!
//! Timings are asserted only as generous upper bounds (ten times the target).

mod demo_twice;
mod kill;
mod killed_import;
mod outage;
mod sigterm;
mod sqlite_store;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use recovery_e2e::app::client;
use recovery_e2e::process::ServerProcess;
use serde_json::Value;

pub(crate) use crate::operations::readiness::without_checked_at;
pub(crate) use crate::operations::{bounded, create_with, sign_in_new_editor};

/// Ten times the promise that `/readyz` answers within 500 ms.
const READYZ_BOUND: Duration = Duration::from_secs(5);
/// Ten times the promise that a write fails within about a second when the database is gone.
const FAILED_WRITE_BOUND: Duration = Duration::from_secs(10);

/// Skips a test whose fault cannot be made here (no privilege, another file system), saying so
/// on stderr; under CI (`CI` set) that fails the test instead, as the browser tests do.
fn skip(reason: &str) {
    assert!(std::env::var_os("CI").is_none(), "CI is set, so the fault tests must run: {reason}");
    eprintln!("skipped: {reason}");
}

/// `/readyz` as JSON, whatever its status, with that status.
async fn readyz(server: &ServerProcess) -> (u16, Value) {
    let response = client().get(server.url("/readyz")).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// The value of a metric without labels in `/metrics`.
async fn metric(server: &ServerProcess, name: &str) -> Option<f64> {
    let text = client().get(server.url("/metrics")).send().await.unwrap().text().await.unwrap();
    text.lines().find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
}

/// A file made immutable (`chattr +i`): nobody may write it, root included, even through a
/// descriptor already open. Made mutable again when dropped, panics included (else the test's
/// folder could not be removed).
struct Immutable(PathBuf);

impl Immutable {
    /// `None` (after [`skip`]) when the file system or the process's privileges do not allow it.
    fn make(path: &Path) -> Option<Immutable> {
        let output = Command::new("chattr").arg("+i").arg(path).output();
        match output {
            Ok(out) if out.status.success() => Some(Immutable(path.to_path_buf())),
            Ok(out) => {
                skip(&format!("chattr +i {} failed: {}", path.display(), String::from_utf8_lossy(&out.stderr).trim()));
                None
            }
            Err(e) => {
                skip(&format!("chattr is not available: {e}"));
                None
            }
        }
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}

/// A small tmpfs mounted on a folder, to fill up for real; unmounted when dropped.
struct SmallDisk {
    mount: PathBuf,
}

impl SmallDisk {
    /// A tmpfs of `megabytes` on `mount` (created); `None` (after [`skip`]) when mounting is not
    /// allowed here.
    fn mount(mount: &Path, megabytes: u32) -> Option<SmallDisk> {
        std::fs::create_dir_all(mount).unwrap();
        let output = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(mount)
            .output();
        match output {
            Ok(out) if out.status.success() => Some(SmallDisk { mount: mount.to_path_buf() }),
            Ok(out) => {
                skip(&format!("cannot mount a tmpfs: {}", String::from_utf8_lossy(&out.stderr).trim()));
                None
            }
            Err(e) => {
                skip(&format!("cannot run mount: {e}"));
                None
            }
        }
    }

    /// Fills what is left of the disk with one file, which [`SmallDisk::free`] removes.
    fn fill(&self) {
        use std::io::Write;
        let mut filler = std::fs::File::create(self.filler()).unwrap();
        let block = vec![0u8; 64 * 1024];
        while filler.write_all(&block).is_ok() {}
        let small = vec![0u8; 512];
        while filler.write_all(&small).is_ok() {}
    }

    /// Removes the filler.
    fn free(&self) {
        std::fs::remove_file(self.filler()).unwrap();
    }

    fn filler(&self) -> PathBuf {
        self.mount.join("filler")
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        // Lazy: the server may still hold its files open while it is being killed.
        let _ = Command::new("umount").arg("-l").arg(&self.mount).status();
    }
}
