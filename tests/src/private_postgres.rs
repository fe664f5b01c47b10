//! A PostgreSQL server of one test's own, for tests that stop and start the database under a
//! running service (the shared `TEST_DATABASE_URL` server must keep running for the others).
//!
//! Made with the installed server binaries (`/usr/lib/postgresql/<version>/bin`, or `initdb`
//! on `PATH`) in a temporary folder, on a free port, trusting local connections. `initdb`
//! refuses to run as root, so as root the commands run as the `postgres` user (`runuser`).
//! The cluster is stopped and its folder removed when the value is dropped, panics included.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

use crate::app::free_port;

/// A private PostgreSQL cluster, running until [`PrivatePostgres::stop`] or drop.
#[derive(Debug)]
pub struct PrivatePostgres {
    bin: PathBuf,
    dir: TempDir,
    port: u16,
    as_postgres_user: bool,
}

impl PrivatePostgres {
    /// Creates and starts a cluster; `None` (after saying `skipped: …` on stderr) when no
    /// PostgreSQL server binaries are installed.
    pub fn start() -> Option<PrivatePostgres> {
        let Some(bin) = server_binaries() else {
            eprintln!("skipped: no PostgreSQL server binaries (initdb) in /usr/lib/postgresql/*/bin or on PATH");
            return None;
        };
        let as_postgres_user = is_root();
        let dir = tempfile::Builder::new().prefix("rd-e2e-pg-").tempdir().expect("a temporary folder");
        if as_postgres_user {
            run(Command::new("chown").args(["-R", "postgres:"]).arg(dir.path()), "chown to postgres");
        }
        let mut cluster = PrivatePostgres { bin, dir, port: 0, as_postgres_user };
        let data = cluster.data_dir();
        let mut initdb = cluster.command("initdb");
        run(
            initdb.args(["--auth=trust", "--username=postgres", "--no-sync", "--encoding=UTF8"]).arg("-D").arg(&data),
            "initdb",
        );
        // A port picked free may be taken before the server binds it; try a few.
        let mut last = String::new();
        for _ in 0..3 {
            cluster.port = free_port();
            match cluster.try_start() {
                Ok(()) => return Some(cluster),
                Err(e) => last = e,
            }
        }
        panic!("the private PostgreSQL server did not start:\n{last}");
    }

    /// The port it listens on (127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `postgres://postgres@127.0.0.1:PORT/DATABASE`.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// Creates a database.
    pub fn create_database(&self, name: &str) {
        let mut createdb = self.command("createdb");
        createdb.args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "postgres", name]);
        run(&mut createdb, "createdb");
    }

    /// Runs `sql` in `database` with `psql` and returns what it printed (rows only, unaligned).
    pub fn sql(&self, database: &str, sql: &str) -> String {
        let mut psql = self.command("psql");
        psql.args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "postgres", "-d", database]).args([
            "-v",
            "ON_ERROR_STOP=1",
            "-qtAc",
            sql,
        ]);
        String::from_utf8_lossy(&run(&mut psql, "psql").stdout).trim().to_string()
    }

    /// Stops the server (`pg_ctl stop -m fast`: connected clients are disconnected), waiting
    /// until it is down.
    pub fn stop(&self) {
        let mut stop = self.command("pg_ctl");
        stop.arg("-D").arg(self.data_dir()).args(["stop", "-m", "fast", "-w", "-t", "30"]);
        run(&mut stop, "pg_ctl stop");
    }

    /// Starts the server again on the same port, waiting until it accepts connections.
    pub fn restart(&self) {
        if let Err(e) = self.try_start() {
            panic!("the private PostgreSQL server did not start again:\n{e}");
        }
    }

    fn try_start(&self) -> Result<(), String> {
        let dir = self.dir.path().display();
        let options = format!("-p {} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off", self.port);
        let mut start = self.command("pg_ctl");
        start
            .arg("-D")
            .arg(self.data_dir())
            .args(["-o", &options, "-l"])
            .arg(self.dir.path().join("server.log"))
            .args(["start", "-w", "-t", "30"]);
        let output = start.output().expect("running pg_ctl start");
        if output.status.success() {
            Ok(())
        } else {
            let log = std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default();
            Err(format!("{}\n--- server.log ---\n{log}", describe(&output)))
        }
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// A command running the server binary `name` in the cluster's folder, as the `postgres`
    /// user when we are root.
    fn command(&self, name: &str) -> Command {
        let program = self.bin.join(name);
        let mut command = if self.as_postgres_user {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(program);
            command
        } else {
            Command::new(program)
        };
        // The test's own folder may not be readable by `postgres`; the cluster's is.
        command.current_dir(self.dir.path());
        command
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        // Immediate: nothing here needs a clean shutdown, and the folder goes next.
        let _ = self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.data_dir())
            .args(["stop", "-m", "immediate", "-w", "-t", "30"])
            .output();
    }
}

/// The folder holding `initdb` and `pg_ctl`: the newest `/usr/lib/postgresql/<version>/bin`
/// (Debian's layout), else the folder of `initdb` on `PATH`.
fn server_binaries() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Some(bin);
    }
    std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path).find(|dir| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file()).map(
            |dir| {
                std::fs::canonicalize(dir.join("initdb"))
                    .ok()
                    .and_then(|p| p.parent().map(Path::to_path_buf))
                    .unwrap_or(dir)
            },
        )
    })
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn run(command: &mut Command, what: &str) -> Output {
    let output = command.output().unwrap_or_else(|e| panic!("{what}: could not run {command:?}: {e}"));
    assert!(output.status.success(), "{what} failed: {}", describe(&output));
    output
}

fn describe(output: &Output) -> String {
    format!(
        "{}\nstdout: {}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
