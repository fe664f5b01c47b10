//! Finding the `recovery-directory` binary, built once per test process.
//!
//! `env!("CARGO_BIN_EXE_…")` exists only for tests of the binary's own package, so this package
//! builds it with cargo (a no-op when it is up to date) into the same target directory as the
//! running test, and runs it from there.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Set to a path to use that binary instead of building one.
pub const BINARY_ENV: &str = "RD_E2E_BINARY";

/// The binary reads `DATABASE_URL` and `RD_*` variables; none is passed on to a child, so that
/// a developer's shell (or config file via `RD_CONFIG`) cannot change what a test sees.
fn is_server_variable(name: &str) -> bool {
    name == "DATABASE_URL" || name.starts_with("RD_")
}

/// Calls `remove` with the name of each server variable set in this process's environment.
fn clean_env(mut remove: impl FnMut(&std::ffi::OsStr)) {
    for (name, _) in std::env::vars_os() {
        if name.to_str().is_some_and(is_server_variable) {
            remove(&name);
        }
    }
}

/// The workspace's root folder.
pub fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ lies inside the workspace")
}

/// The path of an up-to-date `recovery-directory` binary.
pub fn path() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| match std::env::var_os(BINARY_ENV) {
        Some(path) => PathBuf::from(path),
        None => build(),
    })
}

/// A command running the binary, with none of the server's variables inherited.
pub fn command() -> Command {
    let mut command = Command::new(path());
    clean_env(|name| {
        command.env_remove(name);
    });
    command
}

/// The same command for tokio.
pub fn async_command() -> tokio::process::Command {
    let mut command = tokio::process::Command::new(path());
    clean_env(|name| {
        command.env_remove(name);
    });
    command.kill_on_drop(true);
    command
}

/// `<target>/<profile>`, from where this test executable lives (`<target>/<profile>/deps/…`).
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable's path");
    exe.parent().and_then(Path::parent).expect("test executables live in <target>/<profile>/deps").to_path_buf()
}

fn build() -> PathBuf {
    let profile_dir = profile_dir();
    let target_dir = profile_dir.parent().expect("<target>/<profile>");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args(["build", "--quiet", "-p", "recovery-server", "--bin", "recovery-directory"])
        .current_dir(workspace_root())
        .env("CARGO_TARGET_DIR", target_dir);
    if profile_dir.file_name().is_some_and(|name| name == "release") {
        command.arg("--release");
    }
    let output = command.output().expect("running cargo to build recovery-directory");
    assert!(
        output.status.success(),
        "`cargo build -p recovery-server --bin recovery-directory` failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let binary = profile_dir.join(format!("recovery-directory{}", std::env::consts::EXE_SUFFIX));
    assert!(binary.is_file(), "cargo built recovery-directory, but {} is missing", binary.display());
    binary
}
