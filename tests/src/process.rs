//! A `recovery-directory` server process started by hand, for tests of how it is operated:
//! its own arguments, environment and configuration files, separate stdout and stderr, its
//! process id for signals, and its exit status.
//!
//! [`crate::TestApp`] covers the usual case (a server on a fresh database, killed when done);
//! this is for the tests that need to see what the process itself does.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::app::{STARTUP_TIMEOUT, client, free_port};
use crate::binary;

/// A running `recovery-directory` process; killed when dropped (its output is printed when
/// that happens during a panic).
#[derive(Debug)]
pub struct ServerProcess {
    base_url: String,
    child: Child,
    stdout_path: PathBuf,
    stderr_path: PathBuf,
    exit: Option<ExitStatus>,
}

impl ServerProcess {
    /// Picks a free address, lets `configure` add arguments, environment variables (or write
    /// files) to a command running the binary in `dir` for that address (`127.0.0.1:PORT`),
    /// starts it and waits until `/healthz` on that address answers 200. The process's stdout
    /// and stderr go to files in `dir`. A port taken before the server bound it is retried with
    /// another.
    pub async fn start(dir: &Path, mut configure: impl FnMut(&str, &mut Command)) -> ServerProcess {
        let mut last = String::new();
        for _ in 0..3 {
            let bind = format!("127.0.0.1:{}", free_port());
            let mut command = binary::command();
            command.current_dir(dir).stdin(Stdio::null());
            configure(&bind, &mut command);
            match ServerProcess::spawn(dir, &bind, command).await {
                Ok(server) => return server,
                Err(output) if output.contains("binding") => last = output,
                Err(output) => panic!("recovery-directory exited before it was ready:\n{output}"),
            }
        }
        panic!("recovery-directory could not bind a port:\n{last}");
    }

    async fn spawn(dir: &Path, bind: &str, mut command: Command) -> Result<ServerProcess, String> {
        let port = bind.rsplit(':').next().unwrap_or("0");
        let stdout_path = dir.join(format!("server-{port}.stdout"));
        let stderr_path = dir.join(format!("server-{port}.stderr"));
        command
            .stdout(File::create(&stdout_path).expect("a stdout file"))
            .stderr(File::create(&stderr_path).expect("a stderr file"));
        let child = command.spawn().expect("starting recovery-directory");
        let mut server =
            ServerProcess { base_url: format!("http://{bind}"), child, stdout_path, stderr_path, exit: None };
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        let client = client();
        loop {
            if let Some(status) = server.try_exit() {
                return Err(format!("exit status {status}\n{}", server.output()));
            }
            let probe = client.get(server.url("/healthz")).timeout(Duration::from_secs(1)).send().await;
            if probe.is_ok_and(|r| r.status() == StatusCode::OK) {
                return Ok(server);
            }
            assert!(
                Instant::now() < deadline,
                "GET /healthz did not answer 200 within {STARTUP_TIMEOUT:?}:\n{}",
                server.output()
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// `127.0.0.1:PORT`.
    pub fn addr(&self) -> &str {
        self.base_url.trim_start_matches("http://")
    }

    /// The absolute URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    /// The operating system's id of the process.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What the process wrote to standard output so far.
    pub fn stdout(&self) -> String {
        std::fs::read_to_string(&self.stdout_path).unwrap_or_default()
    }

    /// What the process wrote to standard error so far.
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr_path).unwrap_or_default()
    }

    /// Both outputs, labelled, for assertion messages.
    pub fn output(&self) -> String {
        format!("--- stdout ---\n{}--- stderr ---\n{}", self.stdout(), self.stderr())
    }

    /// Sends `signal` (`TERM`, `INT`, …) with `kill(1)` (the workspace forbids the `unsafe` a
    /// direct `kill(2)` needs).
    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.pid().to_string())
            .status()
            .expect("running kill(1)");
        assert!(status.success(), "kill -{signal} {} failed: {status}", self.pid());
    }

    /// The exit status, once the process has exited.
    pub fn try_exit(&mut self) -> Option<ExitStatus> {
        if self.exit.is_none() {
            self.exit = self.child.try_wait().expect("checking the server process");
        }
        self.exit
    }

    /// Waits for the process to exit; panics (with its output) when it still runs after
    /// `deadline`.
    pub async fn wait_for_exit(&mut self, deadline: Duration) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.try_exit() {
                return status;
            }
            assert!(start.elapsed() < deadline, "the server still runs after {deadline:?}:\n{}", self.output());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        if self.exit.is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if std::thread::panicking() {
            eprintln!("--- server {} ---\n{}", self.base_url, self.output());
        }
    }
}
