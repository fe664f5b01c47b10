//! The command line: `user add`, `migrate`, `serve` defaults, `serve --demo`, `import` and
//! backups (`export`, `import backup`).

mod backup;
mod database;
mod demo;
mod import;
mod users;

/// What a command said, for assertion messages: its exit status and both outputs.
fn stderr(output: &std::process::Output) -> String {
    format!(
        "{}\nstdout: {}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
